//! «Тарификационный список» in the layout districts use: every pedagogical staff member working
//! on the day (by default 1 September of the year) with position and subjects, education,
//! pedagogical experience at the start of the year, category and the day it was awarded, the
//! rate, the weekly hours of the year's teaching load in grades I–IV, V–IX and X–XI, the classes
//! led as class teacher, and the total. The extra duties other than class leadership (checking
//! exercise books, a classroom in charge) are not in the file and are not printed. Computed
//! once ([`compute`]), rendered as PDF ([`pdf`]) and .xlsx ([`xlsx`]); [`save`] writes either
//! by the file's extension.

use super::documents;
use super::staff_composition::{self as composition, Working};
use super::workbook::{self, Formats};
use super::{ru_date, school_name};
use crate::classes;
use crate::db::Db;
use crate::error::Result;
use crate::load;
use crate::print::{Cell, Document, PageSetup, Row, Table, TitleBlock};
use crate::staff;
use crate::{school, year};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

/// The levels the hours are counted by: (first grade, last grade, column title).
pub const LEVELS: [(i32, i32, &str); 3] = [(1, 4, "I–IV"), (5, 9, "V–IX"), (10, 12, "X–XI")];

/// Weekly hours: (first half-year, second).
pub type Hours = (f64, f64);

/// One pedagogical staff member.
#[derive(Debug, Clone, PartialEq)]
pub struct TariffRow {
    pub full_name: String,
    /// «Учитель».
    pub positions: String,
    /// The subjects and courses of the load, in the curriculum's order.
    pub subjects: Vec<String>,
    /// Level and whether pedagogical, the details as typed, the degree and titles.
    pub education: String,
    /// Full years and months on the day; None when its start is not known.
    pub pedagogical_experience: Option<(u32, u32)>,
    /// «Высшая, 15.03.2024».
    pub category: String,
    /// The rates held on the day.
    pub rate: f64,
    /// Hours of the load by [`LEVELS`].
    pub hours: [Hours; 3],
    /// The classes led as class teacher: «5 А».
    pub class_teacher: String,
}

impl TariffRow {
    pub fn total(&self) -> Hours {
        sum(self.hours.iter().copied())
    }

    /// The row's cells as printed, under [`TITLES`].
    pub fn cells(&self, n: usize) -> [String; 12] {
        let position = match self.subjects.is_empty() {
            true => self.positions.clone(),
            false => format!("{}: {}", self.positions, self.subjects.join(", ")),
        };
        let [primary, basic, secondary] = self.hours.map(hours_text);
        [
            n.to_string(),
            self.full_name.clone(),
            position,
            self.education.clone(),
            self.pedagogical_experience
                .map_or(String::new(), staff::experience_text),
            self.category.clone(),
            super::load::rate_text(self.rate),
            primary,
            basic,
            secondary,
            self.class_teacher.clone(),
            hours_text(self.total()),
        ]
    }
}

fn sum(hours: impl Iterator<Item = Hours>) -> Hours {
    hours.fold((0.0, 0.0), |(a, b), (c, d)| (a + c, b + d))
}

/// «5», «2/1» when the half-years differ, empty for none.
fn hours_text((first, second): Hours) -> String {
    match first == 0.0 && second == 0.0 {
        true => String::new(),
        false => load::hours_text(first, second),
    }
}

/// Column titles, the same in the PDF and the .xlsx; the hours by level are under
/// [`HOURS_TITLE`].
pub const TITLES: [&str; 12] = [
    "№",
    "Фамилия, имя, отчество",
    "Должность, предмет",
    "Образование (уровень, учреждение, год окончания), учёная степень, звание",
    "Педагогический стаж на начало учебного года",
    "Квалификационная категория, дата присвоения",
    "Ставка",
    LEVELS[0].2,
    LEVELS[1].2,
    LEVELS[2].2,
    "Классное руководство",
    "Итого часов",
];

/// The title over the hours by level.
pub const HOURS_TITLE: &str = "Часов в неделю в классах";
/// Index of the first hours column.
const FIRST_HOURS: usize = 7;

/// The whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct TariffList {
    pub school: String,
    /// «2026-2027».
    pub year: String,
    pub on: NaiveDate,
    pub director: String,
    pub rows: Vec<TariffRow>,
}

impl TariffList {
    /// The school's hours by level and in all.
    pub fn total(&self) -> ([Hours; 3], Hours) {
        let mut by_level = [(0.0, 0.0); 3];
        for (i, level) in by_level.iter_mut().enumerate() {
            *level = sum(self.rows.iter().map(|r| r.hours[i]));
        }
        (by_level, sum(by_level.into_iter()))
    }
}

fn level_of(grade: i32) -> usize {
    LEVELS
        .iter()
        .position(|(from, to, _)| (*from..=*to).contains(&grade))
        .unwrap_or(0)
}

/// «Высшее педагогическое; РГПУ им. Герцена, 2005; Кандидат наук».
fn education(m: &staff::StaffMember) -> String {
    [
        composition::level_text(m),
        composition::education_details(m),
        composition::degree_and_titles(m),
    ]
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect::<Vec<_>>()
    .join("\n")
}

/// The tariff list of the year `year_id` on `on` (None: 1 September of the year); a day outside
/// the year is refused. Everyone working then who holds a pedagogical position or teaches
/// some load line of the year is listed.
pub fn compute(db: &Db, year_id: i64, on: Option<NaiveDate>) -> Result<TariffList> {
    let year = year::get(db, year_id)?;
    let on = super::day_in_year(&year, on, (1, 9))?;
    let classes = classes::list(db, year_id, on)?;
    let grade: HashMap<i64, i32> = classes
        .iter()
        .filter_map(|c| Some((c.class.id?, c.class.grade)))
        .collect();
    let mut hours: HashMap<i64, [Hours; 3]> = HashMap::new();
    for line in load::lines(db, year_id, on)? {
        // A subgroup of several classes counts once, in the grade of its first class.
        let level = line
            .class_ids
            .first()
            .and_then(|c| grade.get(c))
            .map_or(0, |g| level_of(*g));
        let h = &mut hours.entry(line.staff_member_id).or_default()[level];
        h.0 += line.hours_first;
        h.1 += line.hours_second;
    }
    let subjects: HashMap<i64, Vec<String>> = load::by_teacher(db, year_id, on)?
        .into_iter()
        .map(|t| {
            (
                t.staff_member_id,
                t.subjects.into_iter().map(|s| s.label).collect(),
            )
        })
        .collect();
    let mut led: HashMap<i64, Vec<String>> = HashMap::new();
    for c in &classes {
        if let Some(teacher) = c.class.class_teacher_id {
            led.entry(teacher).or_default().push(c.label.clone());
        }
    }
    let rows = composition::working_on(db, on)?
        .into_iter()
        .filter_map(|w: Working| {
            let id = w.member.id?;
            let teaches = hours.contains_key(&id);
            (w.pedagogical || teaches).then(|| TariffRow {
                full_name: w.member.full_name(),
                positions: w.positions.clone(),
                subjects: subjects.get(&id).cloned().unwrap_or_default(),
                education: education(&w.member),
                pedagogical_experience: w.member.pedagogical_experience_on(on),
                category: composition::category_text(&w.member),
                rate: w.rate,
                hours: hours.get(&id).copied().unwrap_or_default(),
                class_teacher: led.get(&id).map(|l| l.join(", ")).unwrap_or_default(),
            })
        })
        .collect();
    let card = school::get(db)?;
    Ok(TariffList {
        school: school_name(&card),
        year: year.name,
        on,
        director: card.director.trim().to_string(),
        rows,
    })
}

fn title(form: &TariffList) -> String {
    format!(
        "Тарификационный список {} на {}",
        form.year,
        ru_date(form.on)
    )
}

/// The file name in «Документы Завуча»: «Тарификационный список 2026-2027 на 01.09.2026.pdf».
pub fn document_name(form: &TariffList, ext: &str) -> String {
    documents::file_name(&title(form), ext)
}

/// The total row's cells from «Ставка» on.
fn total_cells(form: &TariffList) -> Vec<String> {
    let (by_level, all) = form.total();
    let rate: f64 = form.rows.iter().map(|r| r.rate).sum();
    let mut cells = vec![super::load::rate_text(rate)];
    cells.extend(by_level.map(hours_text));
    cells.push(String::new());
    cells.push(hours_text(all));
    cells
}

/// The form as PDF bytes: A4 landscape, small type, the header repeated on every page.
pub fn pdf(form: &TariffList) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(title(form))
        .running_header(&form.school);
    doc.title_block(
        &TitleBlock::new("Тарификационный список педагогических работников")
            .line(format!(
                "на {} учебный год, по состоянию на {}",
                form.year,
                ru_date(form.on)
            ))
            .line(format!("Педагогических работников: {}", form.rows.len())),
    );
    let widths = [
        7.0, 36.0, 0.0, 0.0, 21.0, 27.0, 12.0, 11.0, 11.0, 11.0, 17.0, 13.0,
    ];
    let columns = super::table_columns(&TITLES, &widths, |i| i == 0 || i >= 4 && i != 5);
    let mut table = Table::new(columns)
        .font_size(8.0)
        .header_font_size(7.5)
        .group(HOURS_TITLE, FIRST_HOURS, LEVELS.len());
    for (i, row) in form.rows.iter().enumerate() {
        table.row(row.cells(i + 1));
    }
    let mut total = vec![Cell::new("Итого").span(6)];
    total.extend(total_cells(form).into_iter().map(Cell::new));
    table.push(Row::new(total).bold());
    doc.table(&table);
    doc.certification(&super::deputy_and_director(&form.director));
    doc.finish()
}

/// The same table as .xlsx: the hours as numbers when both half-years have the same, as
/// printed («2/1») when they differ.
pub fn xlsx(form: &TariffList) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let line = format!(
        "{} учебный год, по состоянию на {}",
        form.year,
        ru_date(form.on)
    );
    let heading = [
        "Тарификационный список педагогических работников",
        form.school.as_str(),
        &line,
    ];
    workbook::book("Тарификация", heading, |sheet| {
        let (top, below) = (4, 5);
        let widths = [
            5.0, 30.0, 30.0, 40.0, 14.0, 22.0, 8.0, 8.0, 8.0, 8.0, 14.0, 9.0,
        ];
        let group = FIRST_HOURS as u16;
        for (j, (t, w)) in TITLES.iter().zip(widths).enumerate() {
            let col = j as u16;
            if (group..group + LEVELS.len() as u16).contains(&col) {
                sheet.write_string_with_format(below, col, *t, &formats.header)?;
            } else {
                sheet.merge_range(top, col, below, col, t, &formats.header)?;
            }
            sheet.set_column_width(col, w)?;
        }
        sheet.merge_range(
            top,
            group,
            top,
            group + LEVELS.len() as u16 - 1,
            HOURS_TITLE,
            &formats.header,
        )?;
        sheet.set_freeze_panes(below + 1, 2)?;
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(top, below)?;
        let wrapped = formats.cell.clone().set_text_wrap();
        let bold = formats.number.clone().set_bold();
        let write = |sheet: &mut rust_xlsxwriter::Worksheet,
                     r: u32,
                     j: usize,
                     text: &str,
                     bold_row: bool| {
            let figure = j == 0 || j >= 6 && j != 10;
            let number = text.replace(',', ".").parse::<f64>();
            match number {
                Ok(n) if figure => sheet.write_number_with_format(
                    r,
                    j as u16,
                    n,
                    if bold_row { &bold } else { &formats.number },
                ),
                _ => sheet.write_string_with_format(r, j as u16, text, &wrapped),
            }
            .map(|_| ())
        };
        let mut r = below + 1;
        for (i, row) in form.rows.iter().enumerate() {
            for (j, text) in row.cells(i + 1).iter().enumerate() {
                write(sheet, r, j, text, false)?;
            }
            r += 1;
        }
        sheet.merge_range(r, 0, r, 5, "Итого", &formats.cell.clone().set_bold())?;
        for (j, text) in total_cells(form).iter().enumerate() {
            write(sheet, r, 6 + j, text, true)?;
        }
        Ok(())
    })
}

/// Writes the tariff list of the year `year_id` on `on` (None: 1 September) at `path`, as PDF
/// or .xlsx by its extension; returns the form written.
pub fn save(db: &Db, year_id: i64, on: Option<NaiveDate>, path: &Path) -> Result<TariffList> {
    let form = compute(db, year_id, on)?;
    documents::write_report(path, || pdf(&form), || xlsx(&form))?;
    Ok(form)
}
