//! «Наполняемость классов» on a day (by default 20 September, the day of the federal form
//! ОО-1): per class boys, girls, total and by study form, subtotals for grades 1–4, 5–9,
//! 10–11 and the school. The figures are computed once ([`compute`]) and rendered both as PDF
//! ([`pdf`]) and as .xlsx for the district ([`xlsx`]), with the same columns.

use super::workbook;
use super::{ru_date, school_name};
use crate::classes;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::print::{Column, Document, PageSetup, Row, Table, TitleBlock};
use crate::school;
use crate::students::StudyForm;
use crate::year::AcademicYear;
use chrono::NaiveDate;

/// What a row of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Class,
    /// «Итого 1–4 классы» and the like.
    Subtotal,
    /// «Всего по школе».
    School,
}

/// One row: a class, a level's subtotal or the school's total.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeRow {
    pub kind: RowKind,
    /// «5 А», «Итого 5–9 классы», «Всего по школе».
    pub label: String,
    /// Classes the row counts (1 for a class).
    pub classes: i32,
    pub boys: i32,
    pub girls: i32,
    pub total: i32,
    /// Students by study form, in the order of [`StudyForm::ALL`].
    pub by_study_form: [i32; 5],
}

impl SizeRow {
    fn empty(kind: RowKind, label: String) -> SizeRow {
        SizeRow {
            kind,
            label,
            classes: 0,
            boys: 0,
            girls: 0,
            total: 0,
            by_study_form: [0; 5],
        }
    }

    fn add(&mut self, other: &SizeRow) {
        self.classes += other.classes;
        self.boys += other.boys;
        self.girls += other.girls;
        self.total += other.total;
        for (a, b) in self.by_study_form.iter_mut().zip(other.by_study_form) {
            *a += b;
        }
    }

    /// The row's figures as the table prints them, after the label.
    pub fn figures(&self) -> Vec<i32> {
        let mut out = vec![self.boys, self.girls, self.total];
        out.extend(self.by_study_form);
        out
    }
}

/// The whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSizes {
    pub school: String,
    /// «2026-2027».
    pub year: String,
    pub on: NaiveDate,
    pub director: String,
    /// Classes in order, each level closed by its subtotal, the school's total last.
    pub rows: Vec<SizeRow>,
}

impl ClassSizes {
    /// The school's total row.
    pub fn school_total(&self) -> &SizeRow {
        self.rows
            .last()
            .expect("the school's total is always there")
    }
}

/// The title over the study-form columns (the header's group), the same in the PDF and the .xlsx.
pub const STUDY_FORMS_TITLE: &str = "из них по формам обучения";

/// Index of the first study-form column among the figures (after boys, girls, total).
const FIRST_STUDY_FORM: usize = 3;

/// A study form's column title under [`STUDY_FORMS_TITLE`]: short, as the header reads
/// «из них по формам обучения: очная, …».
fn study_form_title(form: StudyForm) -> &'static str {
    match form {
        StudyForm::FullTime => "очная",
        StudyForm::PartTime => "очно-заочная",
        StudyForm::Extramural => "заочная",
        StudyForm::Family => "семейное",
        StudyForm::Home => "надомное",
    }
}

/// Column titles after «Класс», the same in the PDF and the .xlsx; the study forms' are under
/// [`STUDY_FORMS_TITLE`].
pub fn figure_titles() -> Vec<String> {
    let mut out = vec!["Мальчики".to_string(), "Девочки".into(), "Всего".into()];
    out.extend(
        StudyForm::ALL
            .iter()
            .map(|f| study_form_title(*f).to_string()),
    );
    out
}

/// 20 September of the year's first calendar year (the day of form ОО-1).
pub fn default_date(year: &AcademicYear) -> NaiveDate {
    NaiveDate::from_ymd_opt(super::first_calendar_year(year), 9, 20).expect("20 September exists")
}

/// The levels: (first grade, last grade, subtotal label).
pub(crate) const LEVELS: [(i32, i32, &str); 3] = [
    (1, 4, "Итого 1–4 классы"),
    (5, 9, "Итого 5–9 классы"),
    (10, 12, "Итого 10–11 классы"),
];

/// Class sizes of the current year on `on` (None: 20 September of the year); a day outside
/// the year is refused. Students who left before or on the day, and those who arrive after
/// it, are not counted.
pub fn compute(db: &Db, on: Option<NaiveDate>) -> Result<ClassSizes> {
    compute_in_year(db, super::current_year_id(db)?, on)
}

/// [`compute`] for the year `year_id` (a past year's forms are printed too).
pub fn compute_in_year(db: &Db, year_id: i64, on: Option<NaiveDate>) -> Result<ClassSizes> {
    let year = crate::year::get(db, year_id)?;
    let on = on.unwrap_or_else(|| default_date(&year));
    if super::within(&year, on) != on {
        return Err(CoreError::Refused(crate::error::FieldError {
            field: "date".into(),
            code: "outside_year".into(),
            message: format!(
                "{} — вне учебного года {}: наполняемость считается на день этого учебного года.",
                ru_date(on),
                year.name
            ),
        }));
    }
    let sizes = classes::sizes(db, year_id, on)?;
    let card = school::get(db)?;
    let has_12 = sizes.iter().any(|s| s.grade == 12);
    let mut rows = Vec::new();
    let mut school = SizeRow::empty(RowKind::School, "Всего по школе".into());
    for (from, to, label) in LEVELS {
        let label = if to == 12 && has_12 {
            "Итого 10–12 классы"
        } else {
            label
        };
        let mut subtotal = SizeRow::empty(RowKind::Subtotal, label.into());
        for size in sizes.iter().filter(|s| (from..=to).contains(&s.grade)) {
            let mut row = SizeRow::empty(RowKind::Class, size.label.clone());
            row.classes = 1;
            row.boys = size.boys;
            row.girls = size.girls;
            row.total = size.total;
            for count in &size.by_study_form {
                if let Some(i) = StudyForm::ALL.iter().position(|f| *f == count.study_form) {
                    row.by_study_form[i] = count.count;
                }
            }
            subtotal.add(&row);
            rows.push(row);
        }
        school.add(&subtotal);
        rows.push(subtotal);
    }
    rows.push(school);
    Ok(ClassSizes {
        school: school_name(&card),
        year: year.name,
        on,
        director: card.director.trim().to_string(),
        rows,
    })
}

fn title(sizes: &ClassSizes) -> String {
    format!("Наполняемость классов на {}", ru_date(sizes.on))
}

/// The file name in «Документы Завуча» for `ext` ("pdf", "xlsx"):
/// «Наполняемость классов на 20.09.2026.pdf».
pub fn document_name(sizes: &ClassSizes, ext: &str) -> String {
    super::documents::file_name(&title(sizes), ext)
}

/// The form as PDF bytes: A4 portrait, one page for a usual school.
pub fn pdf(sizes: &ClassSizes) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(title(sizes))
        .running_header(&sizes.school);
    let total = sizes.school_total();
    doc.title_block(
        &TitleBlock::new("Наполняемость классов")
            .line(format!("{} учебный год", sizes.year))
            .line(format!("по состоянию на {}", ru_date(sizes.on)))
            .line(format!(
                "Классов: {}, обучающихся: {}",
                total.classes, total.total
            )),
    );
    let mut columns = vec![Column::new("Класс").mm(34.0)];
    for (i, t) in figure_titles().into_iter().enumerate() {
        let column = Column::new(t).center();
        columns.push(if i < FIRST_STUDY_FORM {
            column.mm(17.0)
        } else {
            column
        });
    }
    let mut table = Table::new(columns).font_size(10.0).group(
        STUDY_FORMS_TITLE,
        1 + FIRST_STUDY_FORM,
        StudyForm::ALL.len(),
    );
    for row in &sizes.rows {
        let mut cells = vec![row.label.clone()];
        cells.extend(row.figures().into_iter().map(|n| n.to_string()));
        match row.kind {
            RowKind::Class => {
                table.row(cells);
            }
            RowKind::Subtotal | RowKind::School => {
                table.push(Row::new(cells).bold());
            }
        }
    }
    doc.table(&table);
    doc.certification(&super::deputy_and_director(&sizes.director));
    doc.finish()
}

/// The same table as .xlsx for the district: a title, the school and the day above it, the
/// two header rows (the study forms' group title merged over their columns, the other titles
/// merged down both rows), a row per class, the subtotals and the total in bold.
pub fn xlsx(sizes: &ClassSizes) -> Result<Vec<u8>> {
    let formats = workbook::Formats::new();
    let header = &formats.header;
    let line = format!(
        "{} учебный год, по состоянию на {}",
        sizes.year,
        ru_date(sizes.on)
    );
    let heading = ["Наполняемость классов", sizes.school.as_str(), &line];
    workbook::book("Наполняемость", heading, |sheet| {
        let (top, below) = (4, 5);
        let group = (1 + FIRST_STUDY_FORM) as u16;
        let group_end = group + StudyForm::ALL.len() as u16 - 1;
        sheet.merge_range(top, 0, below, 0, "Класс", header)?;
        sheet.set_column_width(0, 22)?;
        for (j, t) in figure_titles().iter().enumerate() {
            let col = j as u16 + 1;
            if col >= group {
                sheet.write_string_with_format(below, col, t, header)?;
            } else {
                sheet.merge_range(top, col, below, col, t, header)?;
            }
            sheet.set_column_width(col, 13)?;
        }
        sheet.merge_range(top, group, top, group_end, STUDY_FORMS_TITLE, header)?;
        sheet.set_row_height(below, 32)?;
        sheet.set_freeze_panes(below + 1, 1)?;
        // Printed from Excel as well (A4 landscape): one page wide, the header on every page.
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(top, below)?;
        let rows = sizes.rows.iter().map(|row| {
            (
                row.kind != RowKind::Class,
                row.label.as_str(),
                row.figures(),
            )
        });
        workbook::figure_rows(sheet, below + 1, rows, &formats)
    })
}
