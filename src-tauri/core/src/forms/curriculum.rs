//! «Учебный план» of a level (1–4, 5–9, 10–11) of the current year: the classes' curricula with
//! grades as columns (a grade whose classes differ gets a column per group of identical
//! classes), subjects as rows grouped by part with the subject area, the weekly totals per part,
//! the sanitary maximum, the weeks and the annual hours, then the extracurricular lines apart.
//! Computed once ([`compute`]) and rendered as PDF ([`pdf`]) and .xlsx ([`xlsx`]) with the same
//! rows and columns.

use super::workbook;
use super::{school_name, signature_name};
use crate::classes;
use crate::curriculum::{self, Curriculum, CurriculumPart, Level};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::print::{
    Align, Cell, Certification, Column, DateLine, Document, PageSetup, Row, Table, TextStyle,
    TitleBlock,
};
use crate::school;
use crate::subjects;
use std::collections::HashMap;

/// A column of the table: one grade, or a group of its classes with the same curriculum.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanColumn {
    /// «5» for a grade; «8 А» or «8 Б, 8 В» when the grade's classes differ.
    pub title: String,
    pub grade: i32,
    /// The classes the column stands for.
    pub classes: Vec<String>,
    pub weeks: i32,
    pub sanitary_max: Option<i32>,
    /// The template the column's curriculum came from («Естественно-научный»).
    pub template_name: String,
}

/// What a row of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// «Обязательная часть» over the whole width.
    Part,
    Line,
    /// «Итого» of a part.
    PartTotal,
    /// «Всего часов в неделю», «Всего часов в год».
    Total,
    /// The sanitary maximum, the weeks: figures to compare with.
    Reference,
}

/// Hours of a cell: a week's in each half-year, or a year's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hours {
    Weekly(f64, f64),
    Annual(f64),
}

impl Hours {
    pub fn text(&self) -> String {
        match *self {
            Hours::Weekly(first, second) => curriculum::weekly_text(first, second),
            Hours::Annual(h) => curriculum::hours_text(h),
        }
    }

    /// The number a spreadsheet cell holds (None when the half-years differ: text then).
    pub fn number(&self) -> Option<f64> {
        match *self {
            Hours::Weekly(first, second) => (first == second).then_some(first),
            Hours::Annual(h) => Some(h),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub kind: RowKind,
    /// Предметная область (lines of a subject that has one).
    pub area: String,
    pub label: String,
    /// One per column; None where the column has no such line.
    pub cells: Vec<Option<Hours>>,
}

/// The whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelCurriculum {
    pub school: String,
    pub year: String,
    pub level: Level,
    pub director: String,
    pub week_days: i32,
    pub columns: Vec<PlanColumn>,
    pub rows: Vec<PlanRow>,
    /// Classes of the level without a curriculum («7 Г»).
    pub without_curriculum: Vec<String>,
}

/// The curriculum of a level in the current year, from its classes' curricula. A level with no
/// class curriculum is refused (assign templates to the classes first).
pub fn compute(db: &Db, level: Level) -> Result<LevelCurriculum> {
    compute_in_year(db, super::current_year_id(db)?, level)
}

/// [`compute`] for the year `year_id`.
pub fn compute_in_year(db: &Db, year_id: i64, level: Level) -> Result<LevelCurriculum> {
    let year = crate::year::get(db, year_id)?;
    let (from, to) = level.grades();
    let mut groups: Vec<(PlanColumn, Curriculum)> = Vec::new();
    let mut without = Vec::new();
    // Only the labels are used: any day of the year does.
    let first_day = super::within(&year, chrono::NaiveDate::MIN);
    let class_list = classes::list(db, year_id, first_day)?;
    for row in class_list
        .iter()
        .filter(|c| (from..=to).contains(&c.class.grade))
    {
        let Some(plan) = curriculum::of_class(db, row.class.id.unwrap_or_default())? else {
            without.push(row.label.clone());
            continue;
        };
        let same = groups.iter_mut().find(|(col, c)| {
            col.grade == plan.grade && curriculum::same_lines(&c.lines, &plan.lines)
        });
        match same {
            Some((col, _)) => col.classes.push(row.label.clone()),
            None => groups.push((
                PlanColumn {
                    title: String::new(),
                    grade: plan.grade,
                    classes: vec![row.label.clone()],
                    weeks: plan.totals.weeks,
                    sanitary_max: plan.totals.sanitary_max,
                    template_name: plan.template_name.clone(),
                },
                plan,
            )),
        }
    }
    if groups.is_empty() {
        return Err(CoreError::Refused(crate::error::FieldError {
            field: "level".into(),
            code: "no_curricula".into(),
            message: format!(
                "У классов {} нет учебных планов: назначьте классам шаблоны учебного плана.",
                level.range_label()
            ),
        }));
    }
    let titles: Vec<String> = groups
        .iter()
        .map(|(col, _)| {
            let alone = groups.iter().filter(|(c, _)| c.grade == col.grade).count() == 1;
            if alone {
                col.grade.to_string()
            } else {
                col.classes.join(", ")
            }
        })
        .collect();
    for ((col, _), title) in groups.iter_mut().zip(titles) {
        col.title = title;
    }
    let card = school::get(db)?;
    let plans: Vec<&Curriculum> = groups.iter().map(|(_, c)| c).collect();
    Ok(LevelCurriculum {
        school: school_name(&card),
        year: year.name,
        level,
        director: card.director.trim().to_string(),
        week_days: card.week_days,
        rows: rows(db, &plans)?,
        columns: groups.into_iter().map(|(col, _)| col).collect(),
        without_curriculum: without,
    })
}

/// What a row stands for across the columns: the part, the subject, the course.
type RowKey = (CurriculumPart, Option<i64>, String);

/// Subject id → (place in the subject list, subject area).
type Places = HashMap<i64, (usize, String)>;

/// The rows: the obligatory and the elective part (each: a heading, its lines in the order of
/// the subject list, courses after as first met, its total), the weekly total, the maximum,
/// the weeks, the annual total, then the extracurricular lines with their total.
fn rows(db: &Db, plans: &[&Curriculum]) -> Result<Vec<PlanRow>> {
    let places: Places = subjects::list(db, true)?
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| s.id.map(|id| (id, (i, s.area))))
        .collect();
    let mut out = Vec::new();
    let mut weekly = vec![(0.0, 0.0); plans.len()];
    for part in [CurriculumPart::Mandatory, CurriculumPart::Elective] {
        let total = part_rows(&mut out, plans, &places, part);
        for (w, t) in weekly.iter_mut().zip(&total) {
            w.0 += t.0;
            w.1 += t.1;
        }
    }
    out.extend(summary_rows(plans, &weekly));
    part_rows(&mut out, plans, &places, CurriculumPart::Extracurricular);
    Ok(out)
}

/// Appends a part's heading, lines and total (nothing for a part no column has); returns the
/// part's weekly totals per column.
fn part_rows(
    out: &mut Vec<PlanRow>,
    plans: &[&Curriculum],
    places: &Places,
    part: CurriculumPart,
) -> Vec<(f64, f64)> {
    let mut total = vec![(0.0, 0.0); plans.len()];
    let key_of = |l: &curriculum::CurriculumLine| (l.part, l.subject_id, l.course.clone());
    let mut keys: Vec<(RowKey, String)> = Vec::new();
    for l in plans
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.part == part)
    {
        if !keys.iter().any(|(k, _)| *k == key_of(l)) {
            keys.push((key_of(l), l.label.clone()));
        }
    }
    if keys.is_empty() {
        return total;
    }
    keys.sort_by_key(|(k, _)| {
        k.1.and_then(|id| places.get(&id))
            .map_or(usize::MAX, |p| p.0)
    });
    out.push(PlanRow {
        kind: RowKind::Part,
        area: String::new(),
        label: part.label().to_string(),
        cells: vec![None; plans.len()],
    });
    for (key, label) in keys {
        let cells = plans
            .iter()
            .zip(total.iter_mut())
            .map(|(plan, t)| {
                let l = plan.lines.iter().find(|l| key_of(l) == key)?;
                t.0 += l.hours_first;
                t.1 += l.hours_second;
                Some(Hours::Weekly(l.hours_first, l.hours_second))
            })
            .collect();
        let area = key
            .1
            .filter(|_| key.2.is_empty())
            .and_then(|id| places.get(&id))
            .map(|p| p.1.clone())
            .unwrap_or_default();
        out.push(PlanRow {
            kind: RowKind::Line,
            area,
            label,
            cells,
        });
    }
    let label = match part {
        CurriculumPart::Extracurricular => "Итого внеурочная деятельность",
        _ => "Итого",
    };
    out.push(total_row(RowKind::PartTotal, label, &total));
    total
}

fn total_row(kind: RowKind, label: &str, totals: &[(f64, f64)]) -> PlanRow {
    PlanRow {
        kind,
        area: String::new(),
        label: label.to_string(),
        cells: totals
            .iter()
            .map(|&(first, second)| Some(Hours::Weekly(first, second)))
            .collect(),
    }
}

/// After the parts of the weekly load: its total, the sanitary maximum, the weeks, the year.
fn summary_rows(plans: &[&Curriculum], weekly: &[(f64, f64)]) -> Vec<PlanRow> {
    let reference = |label: &str, value: &dyn Fn(&Curriculum) -> Option<f64>| PlanRow {
        kind: RowKind::Reference,
        area: String::new(),
        label: label.to_string(),
        cells: plans.iter().map(|p| value(p).map(Hours::Annual)).collect(),
    };
    vec![
        total_row(RowKind::Total, "Всего часов в неделю", weekly),
        reference(
            "Максимально допустимая недельная нагрузка (СанПиН 1.2.3685-21)",
            &|p| p.totals.sanitary_max.map(f64::from),
        ),
        reference("Учебных недель", &|p| {
            Some(f64::from(p.totals.weeks))
        }),
        PlanRow {
            kind: RowKind::Total,
            area: String::new(),
            label: "Всего часов в год".into(),
            cells: plans
                .iter()
                .map(|p| Some(Hours::Annual(p.totals.annual)))
                .collect(),
        },
    ]
}

fn title(plan: &LevelCurriculum) -> String {
    format!(
        "Учебный план {} классов на {} учебный год",
        plan.level.range_label(),
        plan.year
    )
}

/// The file name in «Документы Завуча» for `ext` ("pdf", "xlsx"):
/// «Учебный план 5–9 классов на 2026-2027 учебный год.pdf».
pub fn document_name(plan: &LevelCurriculum, ext: &str) -> String {
    super::documents::file_name(&title(plan), ext)
}

/// The cells of a row as printed: area, label, then the columns («—» where there is no line).
fn printed(row: &PlanRow) -> Vec<String> {
    let mut out = vec![row.area.clone(), row.label.clone()];
    out.extend(row.cells.iter().map(|c| match (row.kind, c) {
        (_, Some(h)) => h.text(),
        (RowKind::Part, None) => String::new(),
        (_, None) => "—".to_string(),
    }));
    out
}

/// The form as PDF bytes: A4 portrait for up to four columns, landscape for more.
pub fn pdf(plan: &LevelCurriculum) -> Vec<u8> {
    let landscape = plan.columns.len() > 4;
    let setup = if landscape {
        PageSetup::a4_landscape()
    } else {
        PageSetup::a4_portrait()
    };
    let mut doc = Document::new(setup)
        .pdf_title(title(plan))
        .running_header(&plan.school);
    doc.title_block(
        &TitleBlock::new(format!("Учебный план {} классов", plan.level.range_label()))
            .line(format!(
                "{} ({}-дневная учебная неделя)",
                plan.level.label(),
                plan.week_days
            ))
            .line(format!("на {} учебный год", plan.year)),
    );
    let mut columns = vec![
        Column::new("Предметная область").share(1.3),
        Column::new("Учебный предмет, курс").share(1.6),
    ];
    for col in &plan.columns {
        columns.push(Column::new(format!("{} кл.", col.title)).mm(18.0).center());
    }
    let span = columns.len();
    let certification = Certification::new()
        .signatory("Заместитель директора по УВР", "")
        .signatory("Директор", signature_name(&plan.director))
        // Side by side only where the width allows: landscape saves height so.
        .columns(if landscape { 2 } else { 1 })
        .font_size(10.0)
        .date(DateLine::Blank)
        .stamp();
    let note = notes(plan);
    let note_style = TextStyle::serif(9.0);
    let reserve = certification.height(doc.content_width())
        + 2.0
        + note_style.wrap(&note, doc.content_width()).len() as f32 * note_style.line_height();
    let mut table = Table::new(columns).font_size(9.5).keep_on_one_page(reserve);
    let mut previous_area = String::new();
    for row in &plan.rows {
        let mut cells = printed(row);
        match row.kind {
            RowKind::Part => {
                table.push(
                    Row::new([Cell::new(row.label.clone()).span(span).align(Align::Center)]).bold(),
                );
            }
            RowKind::Line => {
                // An area is printed once over the run of its subjects, as in the federal plans.
                if cells[0] == previous_area {
                    cells[0] = String::new();
                } else {
                    previous_area = cells[0].clone();
                }
                table.row(cells);
            }
            RowKind::Reference | RowKind::PartTotal | RowKind::Total => {
                let mut spanned = vec![Cell::new(row.label.clone()).span(2)];
                spanned.extend(cells.into_iter().skip(2).map(Cell::new));
                let printed_row = Row::new(spanned);
                table.push(if row.kind == RowKind::Reference {
                    printed_row
                } else {
                    printed_row.bold()
                });
            }
        }
        if row.kind != RowKind::Line {
            previous_area.clear();
        }
    }
    doc.table(&table);
    doc.space(2.0);
    doc.paragraph(&note, note_style, Align::Left);
    doc.certification(&certification);
    doc.finish()
}

/// What the columns stand for and what is missing, under the table.
fn notes(plan: &LevelCurriculum) -> String {
    let mut parts = vec!["Часы в неделю; «4/3» — в первом и во втором полугодии.".to_string()];
    let grouped: Vec<String> = plan
        .columns
        .iter()
        .filter(|c| c.title == c.grade.to_string())
        .map(|c| format!("{} кл.: {}", c.title, c.classes.join(", ")))
        .collect();
    if !grouped.is_empty() {
        parts.push(format!("Классы: {}.", grouped.join("; ")));
    }
    let templates: Vec<String> = plan
        .columns
        .iter()
        .filter(|c| c.title != c.grade.to_string() && !c.template_name.is_empty())
        .map(|c| format!("{} — «{}»", c.title, c.template_name))
        .collect();
    if !templates.is_empty() {
        parts.push(format!("По шаблонам: {}.", templates.join("; ")));
    }
    if !plan.without_curriculum.is_empty() {
        parts.push(format!(
            "Без учебного плана: {}.",
            plan.without_curriculum.join(", ")
        ));
    }
    parts.join(" ")
}

/// The same table as .xlsx: the title, the school and the year above it, the header row, the
/// rows as printed (hours as numbers, «4/3» as text), totals in bold.
pub fn xlsx(plan: &LevelCurriculum) -> Result<Vec<u8>> {
    let workbook::Formats {
        header,
        cell,
        number,
    } = workbook::Formats::new();
    let text = cell.set_text_wrap();
    let bold_text = text.clone().set_bold();
    let bold_number = number.clone().set_bold();
    let line = format!(
        "{} ({}-дневная учебная неделя)",
        plan.level.label(),
        plan.week_days
    );
    let heading = title(plan);
    workbook::book(
        "Учебный план",
        [&heading, &plan.school, &line],
        |sheet| {
            let top = 4;
            sheet.write_string_with_format(top, 0, "Предметная область", &header)?;
            sheet.write_string_with_format(top, 1, "Учебный предмет, курс", &header)?;
            sheet.set_column_width(0, 34)?;
            sheet.set_column_width(1, 40)?;
            for (j, col) in plan.columns.iter().enumerate() {
                let c = j as u16 + 2;
                sheet.write_string_with_format(top, c, format!("{} кл.", col.title), &header)?;
                sheet.set_column_width(c, 12)?;
            }
            sheet.set_freeze_panes(top + 1, 2)?;
            sheet.set_print_fit_to_pages(1, 0);
            sheet.set_repeat_rows(top, top)?;
            for (i, row) in plan.rows.iter().enumerate() {
                let r = top + 1 + i as u32;
                let bold = !matches!(row.kind, RowKind::Line | RowKind::Reference);
                let (t, n) = if bold {
                    (&bold_text, &bold_number)
                } else {
                    (&text, &number)
                };
                sheet.write_string_with_format(r, 0, &row.area, t)?;
                sheet.write_string_with_format(r, 1, &row.label, t)?;
                for (j, cell) in row.cells.iter().enumerate() {
                    let c = j as u16 + 2;
                    match (row.kind, cell) {
                        (_, Some(h)) => match h.number() {
                            Some(x) => sheet.write_number_with_format(r, c, x, n)?,
                            None => sheet.write_string_with_format(r, c, h.text(), n)?,
                        },
                        (RowKind::Part, None) => sheet.write_blank(r, c, n)?,
                        (_, None) => sheet.write_string_with_format(r, c, "—", n)?,
                    };
                }
            }
            let below = top + 2 + plan.rows.len() as u32;
            sheet.write_string(below, 0, notes(plan))?;
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::tests::{page_text, poppler, save};
    use calamine::{Data, Reader};
    use std::io::Cursor;

    fn demo() -> Db {
        let db = Db::in_memory().unwrap();
        crate::demo::create(&db).unwrap();
        db
    }

    fn row<'a>(plan: &'a LevelCurriculum, kind: RowKind, label: &str) -> &'a PlanRow {
        plan.rows
            .iter()
            .find(|r| r.kind == kind && r.label == label)
            .unwrap_or_else(|| panic!("no row «{label}»"))
    }

    fn texts(r: &PlanRow) -> Vec<String> {
        r.cells
            .iter()
            .map(|c| c.map_or("—".to_string(), |h| h.text()))
            .collect()
    }

    #[test]
    fn the_basic_level_has_a_column_per_grade_and_one_per_differing_class() {
        let db = demo();
        let plan = compute(&db, Level::Basic).unwrap();
        let titles: Vec<&str> = plan.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["5", "6", "7", "8 А", "8 Б, 8 В", "9"]);
        assert_eq!(plan.columns[0].classes, ["5 А", "5 Б", "5 В"]);
        assert!(plan.without_curriculum.is_empty());
        // The parts in order, the extracurricular lines last and apart.
        let parts: Vec<&str> = plan
            .rows
            .iter()
            .filter(|r| r.kind == RowKind::Part)
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(
            parts,
            [
                "Обязательная часть",
                "Часть, формируемая участниками образовательных отношений",
                "Внеурочная деятельность"
            ]
        );
        let algebra = plan
            .rows
            .iter()
            .find(|r| r.kind == RowKind::Line && r.label == "Алгебра")
            .unwrap();
        assert_eq!(algebra.area, "Математика и информатика");
        assert_eq!(texts(algebra), ["—", "—", "3", "3", "3", "3"]);
        // The weekly totals per column come from the classes' own curricula and equal the
        // sanitary maximum on the demo's 5-day week; grade 9 shows its half-year split.
        let weekly = row(&plan, RowKind::Total, "Всего часов в неделю");
        assert_eq!(texts(weekly), ["29", "30", "32", "33", "33", "33"]);
        let max = plan
            .rows
            .iter()
            .find(|r| r.kind == RowKind::Reference && r.label.starts_with("Максимально"))
            .unwrap();
        assert_eq!(texts(max), texts(weekly));
        let year = row(&plan, RowKind::Total, "Всего часов в год");
        assert_eq!(texts(year)[0], (29 * 34).to_string());
        let nine_elective: Vec<String> = plan
            .rows
            .iter()
            .filter(|r| r.kind == RowKind::Line)
            .filter_map(|r| r.cells[5].map(|h| h.text()))
            .filter(|t| t.contains('/'))
            .collect();
        assert_eq!(nine_elective, ["0/1", "1/0"]);
    }

    #[test]
    fn the_pdf_reads_back_on_one_landscape_page() {
        let db = demo();
        let plan = compute(&db, Level::Basic).unwrap();
        let path = save("forms-curriculum-5-9.pdf", &pdf(&plan));
        let info = poppler("pdfinfo", &[], &path);
        assert!(info.contains("Pages:           1"), "{info}");
        assert!(info.contains("841.89 x 595.276"), "landscape: {info}");
        let text = page_text(&path, 1);
        for expected in [
            "Учебный план 5–9 классов",
            "на 2026-2027 учебный год",
            "Обязательная часть",
            "Часть, формируемая участниками образовательных отношений",
            "Внеурочная деятельность",
            "Разговоры о важном",
            "Вероятность и статистика",
            "Максимально допустимая недельная нагрузка",
            "Всего часов в год",
            "8 Б, 8 В кл.",
            "Н. В. Кириллова",
            "М.П.",
            "Страница 1 из 1",
        ] {
            assert!(text.contains(expected), "«{expected}» in:\n{text}");
        }
        let weekly = text
            .lines()
            .find(|l| l.contains("Всего часов в неделю"))
            .unwrap();
        let figures: Vec<&str> = weekly.split_whitespace().skip(4).collect();
        assert_eq!(figures, ["29", "30", "32", "33", "33", "33"]);
        // Four grades of primary school fit a portrait page.
        let primary = compute(&db, Level::Primary).unwrap();
        let path = save("forms-curriculum-1-4.pdf", &pdf(&primary));
        assert!(poppler("pdfinfo", &[], &path).contains("595.276 x 841.89"));
        let text = page_text(&path, 1);
        assert!(text.contains("Основы религиозных культур и"), "{text}");
        let weeks = text.lines().find(|l| l.contains("Учебных недель")).unwrap();
        assert_eq!(
            weeks.split_whitespace().skip(2).collect::<Vec<_>>(),
            ["33", "34", "34", "34"]
        );
    }

    #[test]
    fn the_xlsx_has_the_same_rows_and_figures() {
        let db = demo();
        let plan = compute(&db, Level::Secondary).unwrap();
        let bytes = xlsx(&plan).unwrap();
        save("forms-curriculum-10-11.xlsx", &bytes);
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Учебный план").unwrap();
        let cell = |r: usize, c: usize| range.get((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(
            cell(0, 0),
            Data::String("Учебный план 10–11 классов на 2026-2027 учебный год".into())
        );
        assert_eq!(cell(4, 1), Data::String("Учебный предмет, курс".into()));
        for (j, col) in plan.columns.iter().enumerate() {
            assert_eq!(cell(4, j + 2), Data::String(format!("{} кл.", col.title)));
        }
        for (i, r) in plan.rows.iter().enumerate() {
            assert_eq!(cell(5 + i, 1), Data::String(r.label.clone()), "row {i}");
            for (j, c) in r.cells.iter().enumerate() {
                let expected = match (r.kind, c) {
                    (_, Some(h)) => match h.number() {
                        Some(x) => Data::Float(x),
                        None => Data::String(h.text()),
                    },
                    (RowKind::Part, None) => Data::Empty,
                    (_, None) => Data::String("—".into()),
                };
                assert_eq!(
                    cell(5 + i, j + 2),
                    expected,
                    "row «{}», column {j}",
                    r.label
                );
            }
        }
        // Profiles: each class its column, with the template named under the table.
        let titles: Vec<&str> = plan.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["10 А", "10 Б", "11 А", "11 Б"]);
        assert!(notes(&plan).contains("10 А — «Естественно-научный»"));
    }

    #[test]
    fn the_document_is_named_after_the_level_and_the_year() {
        let plan = compute(&demo(), Level::Basic).unwrap();
        assert_eq!(
            document_name(&plan, "pdf"),
            "Учебный план 5–9 классов на 2026-2027 учебный год.pdf"
        );
    }

    #[test]
    fn a_level_without_curricula_is_refused() {
        let db = Db::in_memory().unwrap();
        crate::year::init(&db, chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).unwrap();
        let err = compute(&db, Level::Basic).unwrap_err();
        assert_eq!(err.fields()[0].code, "no_curricula");
        assert!(err.to_string().contains("5–9"));
    }
}
