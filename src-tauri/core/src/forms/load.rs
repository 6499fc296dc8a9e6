//! «Тарификация» — the teaching load of the current year, by teacher (teacher, subjects with
//! their classes and hours, the teacher's weekly total and the rate it makes) and by class
//! (each class's subjects with their teachers). Computed once ([`compute`]) and rendered as
//! PDF ([`pdf`]) and as one .xlsx with a sheet for each ([`xlsx`]).

use super::school_name;
use crate::curriculum::CurriculumPart;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::load::{self, ClassLoad, TeacherLoad};
use crate::print::{Cell, Column, Document, PageSetup, Row, Table, TitleBlock};
use crate::school;
use chrono::NaiveDate;

/// Which table the PDF holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadBy {
    Teacher,
    Class,
}

/// The whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadForm {
    pub school: String,
    /// «2026-2027».
    pub year: String,
    /// The day staff are counted as working (leavers are marked).
    pub on: NaiveDate,
    pub director: String,
    pub teachers: Vec<TeacherLoad>,
    pub classes: Vec<ClassLoad>,
}

impl LoadForm {
    /// The school's weekly hours given to teachers: (first half-year, second).
    pub fn total_hours(&self) -> (f64, f64) {
        self.teachers.iter().fold((0.0, 0.0), |(a, b), t| {
            (a + t.hours_first, b + t.hours_second)
        })
    }

    /// Rows printed by teacher (one per subject of each teacher).
    pub fn teacher_rows(&self) -> Vec<[String; 7]> {
        let mut out = Vec::new();
        for (n, t) in self.teachers.iter().enumerate() {
            for (i, s) in t.subjects.iter().enumerate() {
                let first = i == 0;
                let name = if t.is_current {
                    t.full_name.clone()
                } else {
                    format!("{} (не работает)", t.full_name)
                };
                let keep = |text: String| if first { text } else { String::new() };
                out.push([
                    keep((n + 1).to_string()),
                    keep(name),
                    s.label.clone(),
                    s.classes.clone(),
                    load::hours_text(s.hours_first, s.hours_second),
                    keep(load::hours_text(t.hours_first, t.hours_second)),
                    keep(rate_text(t.load_rate)),
                ]);
            }
        }
        out
    }
}

/// «1,39».
pub fn rate_text(rate: f64) -> String {
    format!("{rate:.2}").replace('.', ",")
}

/// Column titles by teacher, the same in the PDF and the .xlsx.
pub const TEACHER_TITLES: [&str; 7] = [
    "№",
    "Учитель",
    "Предмет",
    "Классы",
    "Часов в неделю",
    "Всего часов",
    "Ставка",
];

/// Column titles by class.
pub const CLASS_TITLES: [&str; 4] = ["Предмет", "Подгруппа", "Учитель", "Часов в неделю"];

/// The load of the current year; staff are counted as working on `on` (None: today), moved
/// into the year.
pub fn compute(db: &Db, on: Option<NaiveDate>) -> Result<LoadForm> {
    compute_in_year(db, super::current_year_id(db)?, on)
}

/// [`compute`] for the year `year_id`.
pub fn compute_in_year(db: &Db, year_id: i64, on: Option<NaiveDate>) -> Result<LoadForm> {
    let on = load::year_on(db, year_id, on)?;
    let year = crate::year::get(db, year_id)?;
    let card = school::get(db)?;
    Ok(LoadForm {
        school: school_name(&card),
        year: year.name,
        on,
        director: card.director.trim().to_string(),
        teachers: load::by_teacher(db, year_id, on)?,
        classes: load::by_class(db, year_id, on)?,
    })
}

fn title(form: &LoadForm, by: LoadBy) -> String {
    match by {
        LoadBy::Teacher => format!("Тарификация {}", form.year),
        LoadBy::Class => format!("Нагрузка по классам {}", form.year),
    }
}

/// The file name in «Документы Завуча»: «Тарификация 2026-2027.pdf».
pub fn document_name(form: &LoadForm, by: LoadBy, ext: &str) -> String {
    super::documents::file_name(&title(form, by), ext)
}

/// A class's rows as printed: subject (marked «(часть ФУОО)» in the part formed by the
/// participants, «(внеурочная)» for extracurricular courses), subgroup, teacher or
/// «не назначено», hours.
pub fn class_rows(class: &ClassLoad) -> Vec<[String; 4]> {
    class
        .rows
        .iter()
        .map(|r| {
            let label = match r.part {
                CurriculumPart::Mandatory => r.label.clone(),
                CurriculumPart::Elective => format!("{} (часть ФУОО)", r.label),
                CurriculumPart::Extracurricular => format!("{} (внеурочная)", r.label),
            };
            let teacher = if r.teacher.is_empty() {
                "не назначено".to_string()
            } else {
                r.teacher.clone()
            };
            [
                label,
                r.subgroup_name.clone(),
                teacher,
                load::hours_text(r.hours_first, r.hours_second),
            ]
        })
        .collect()
}

/// The heading of a class: «5 А — по учебному плану 29 ч. в неделю».
pub fn class_heading(class: &ClassLoad) -> String {
    format!(
        "{} — по учебному плану {} ч. в неделю",
        class.label,
        load::hours_text(class.curriculum_first, class.curriculum_second)
    )
}

/// The form as PDF bytes: by teacher A4 landscape, by class A4 portrait.
pub fn pdf(form: &LoadForm, by: LoadBy) -> Vec<u8> {
    let setup = match by {
        LoadBy::Teacher => PageSetup::a4_landscape(),
        LoadBy::Class => PageSetup::a4_portrait(),
    };
    let mut doc = Document::new(setup)
        .pdf_title(title(form, by))
        .running_header(&form.school);
    let (first, second) = form.total_hours();
    let heading = match by {
        LoadBy::Teacher => "Тарификационный список: учебная нагрузка учителей",
        LoadBy::Class => "Учебная нагрузка по классам",
    };
    doc.title_block(
        &TitleBlock::new(heading)
            .line(format!("на {} учебный год", form.year))
            .line(format!(
                "Учителей: {}, часов в неделю: {}",
                form.teachers.len(),
                load::hours_text(first, second)
            )),
    );
    match by {
        LoadBy::Teacher => doc.table(&teacher_table(form)),
        LoadBy::Class => doc.table(&class_table(form)),
    }
    doc.certification(&super::deputy_and_director(&form.director));
    doc.finish()
}

fn teacher_table(form: &LoadForm) -> Table {
    let widths = [
        Some(9.0),
        Some(58.0),
        Some(62.0),
        None,
        Some(22.0),
        Some(20.0),
        Some(18.0),
    ];
    let columns = TEACHER_TITLES
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (t, w))| {
            let c = Column::new(*t);
            let c = if i >= 4 || i == 0 { c.center() } else { c };
            w.map_or(c.clone(), |w| c.mm(w))
        })
        .collect();
    let mut table = Table::new(columns).font_size(9.5);
    for row in form.teacher_rows() {
        table.row(row);
    }
    let (first, second) = form.total_hours();
    let total = load::hours_text(first, second);
    table.push(
        Row::new([
            Cell::new("Всего по школе").span(5),
            Cell::new(total),
            Cell::new(rate_text(load::rate_of(first.max(second)))),
        ])
        .bold(),
    );
    table
}

fn class_table(form: &LoadForm) -> Table {
    let columns = vec![
        Column::new(CLASS_TITLES[0]),
        Column::new(CLASS_TITLES[1]).mm(26.0),
        Column::new(CLASS_TITLES[2]).mm(48.0),
        Column::new(CLASS_TITLES[3]).mm(24.0).center(),
    ];
    let mut table = Table::new(columns).font_size(9.5);
    for class in &form.classes {
        table.push(Row::new([Cell::new(class_heading(class)).span(4)]).bold());
        for row in class_rows(class) {
            table.row(row);
        }
    }
    table
}

/// Both tables as .xlsx: «По учителям» (hours as numbers, the half-years apart when they differ
/// would not sum, so hours are written as printed) and «По классам».
pub fn xlsx(form: &LoadForm) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_font_size(13);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let strong = cell.clone().set_bold();
    // The title, the school and the year over a header row at row 4; returns the first data row.
    let head = |sheet: &mut Worksheet, name: &str, titles: &[&str], widths: &[f64]| {
        (|| -> std::result::Result<u32, XlsxError> {
            sheet.set_name(name)?;
            sheet.write_string_with_format(0, 0, name, &bold)?;
            sheet.write_string(1, 0, &form.school)?;
            sheet.write_string(2, 0, format!("{} учебный год", form.year))?;
            for (j, (t, w)) in titles.iter().zip(widths).enumerate() {
                sheet.write_string_with_format(4, j as u16, *t, &header)?;
                sheet.set_column_width(j as u16, *w)?;
            }
            sheet.set_freeze_panes(5, 0)?;
            sheet.set_paper_size(9);
            sheet.set_landscape();
            sheet.set_print_fit_to_pages(1, 0);
            sheet.set_repeat_rows(4, 4)?;
            Ok(5)
        })()
    };
    (|| -> std::result::Result<(), XlsxError> {
        let sheet = book.add_worksheet();
        let mut r = head(
            sheet,
            "По учителям",
            &TEACHER_TITLES,
            &[5.0, 34.0, 30.0, 30.0, 12.0, 12.0, 9.0],
        )?;
        for row in form.teacher_rows() {
            for (j, text) in row.iter().enumerate() {
                sheet.write_string_with_format(r, j as u16, text, &cell)?;
            }
            r += 1;
        }
        let (first, second) = form.total_hours();
        sheet.merge_range(r, 0, r, 4, "Всего по школе", &strong)?;
        sheet.write_string_with_format(r, 5, load::hours_text(first, second), &strong)?;
        sheet.write_string_with_format(
            r,
            6,
            rate_text(load::rate_of(first.max(second))),
            &strong,
        )?;

        let sheet = book.add_worksheet();
        let mut r = head(
            sheet,
            "По классам",
            &CLASS_TITLES,
            &[44.0, 14.0, 24.0, 12.0],
        )?;
        for class in &form.classes {
            sheet.merge_range(r, 0, r, 3, &class_heading(class), &strong)?;
            r += 1;
            for row in class_rows(class) {
                for (j, text) in row.iter().enumerate() {
                    sheet.write_string_with_format(r, j as u16, text, &cell)?;
                }
                r += 1;
            }
        }
        Ok(())
    })()
    .map_err(CoreError::from)?;
    book.save_to_buffer().map_err(CoreError::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::tests::{poppler, save};

    /// Writes the sample and reads it back with `pdftotext -layout`.
    fn pdf_text(name: &str, bytes: &[u8]) -> String {
        poppler("pdftotext", &["-layout"], &save(name, bytes))
    }

    fn demo() -> Db {
        let db = Db::in_memory().unwrap();
        crate::demo::create(&db).unwrap();
        db
    }

    fn october() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 10, 1)
    }

    #[test]
    fn the_teacher_list_has_every_teacher_with_totals_and_rates() {
        let db = demo();
        let form = compute(&db, october()).unwrap();
        let rows = form.teacher_rows();
        let subjects: usize = form.teachers.iter().map(|t| t.subjects.len()).sum();
        assert_eq!(rows.len(), subjects);
        let numbered: Vec<&[String; 7]> = rows.iter().filter(|r| !r[0].is_empty()).collect();
        assert_eq!(numbered.len(), form.teachers.len());
        // The school's hours are the curriculum's (subgroups counted each).
        let check = load::check(
            &db,
            crate::year::current(&db).unwrap().unwrap().id.unwrap(),
            form.on,
        )
        .unwrap();
        assert!(check.is_complete());
        let text = pdf_text("forms-load-teachers.pdf", &pdf(&form, LoadBy::Teacher));
        assert!(text.contains("Тарификационный список"));
        let t = &form.teachers[0];
        let last_name = t.full_name.split(' ').next().unwrap();
        assert!(text.contains(last_name), "{last_name}");
        assert!(text.contains(&rate_text(t.load_rate)));
        assert!(text.contains("Всего по школе"));
    }

    #[test]
    fn the_class_list_names_the_teacher_of_every_line() {
        let db = demo();
        let form = compute(&db, october()).unwrap();
        assert_eq!(form.classes.len(), 31);
        for class in &form.classes {
            assert!(class_rows(class).iter().all(|r| r[2] != "не назначено"));
        }
        let text = pdf_text("forms-load-classes.pdf", &pdf(&form, LoadBy::Class));
        assert!(text.contains("Учебная нагрузка по классам"));
        assert!(text.contains(&class_heading(&form.classes[0])));
        assert!(text.contains("1 группа"));
    }

    #[test]
    fn the_xlsx_has_both_tables_with_the_same_rows() {
        use calamine::{Reader, Xlsx};
        let db = demo();
        let form = compute(&db, october()).unwrap();
        let bytes = xlsx(&form).unwrap();
        save("forms-load.xlsx", &bytes);
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["По учителям", "По классам"]);
        let sheet = book.worksheet_range("По учителям").unwrap();
        let cells: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(cells[4], TEACHER_TITLES.map(String::from).to_vec());
        let rows = form.teacher_rows();
        assert_eq!(cells[5], rows[0].to_vec());
        assert_eq!(cells.len(), 5 + rows.len() + 1);
        assert_eq!(cells.last().unwrap()[0], "Всего по школе");
        let sheet = book.worksheet_range("По классам").unwrap();
        let first: Vec<String> = sheet
            .rows()
            .nth(5)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(first[0], class_heading(&form.classes[0]));
        let lines: usize = form.classes.iter().map(|c| c.rows.len() + 1).sum();
        assert_eq!(sheet.rows().count(), 5 + lines);
    }

    #[test]
    fn a_file_without_a_year_is_refused() {
        let db = Db::in_memory().unwrap();
        assert_eq!(compute(&db, None).unwrap_err().code(), "not_found");
    }
}
