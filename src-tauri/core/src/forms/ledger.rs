//! «Сводная ведомость итоговой успеваемости» of a class for a period (a term, a half-year, the
//! year): A4 landscape, one page for a class of 35 with 18 subjects. Students numbered in
//! Russian alphabetical order (the sheet's order), a column per subject with its name printed
//! vertically, the marks as `MarkValue::short` («5», «зач», «н/а», «осв»), «—» where the student
//! does not study the subject; under them each subject's pass and quality rates; then the class's
//! figures (`ClassStats`) and the signatures. Every figure comes computed from `marks::stats`.
//! The .xlsx for the district has the same table.

use super::class_report::{self, ClassLedger, LedgerForm};
use super::results::rate_text;
use super::ru_date;
use super::workbook;
use crate::error::Result;
use crate::marks::results::COUNT_TITLES;
use crate::marks::{ClassStats, MarkSheet, SheetStudent};
use crate::print::{Align, Cell, Column, Document, Family, Row, Table, TitleBlock};

/// What a cell of a subject the student does not study shows.
pub const CLOSED: &str = "—";
/// Width of the «№» column, mm.
const NUMBER: f32 = 7.0;
/// The least width the names keep, mm.
const NAME: f32 = 62.0;
/// The widest a subject's column gets, mm.
const SUBJECT: f32 = 11.0;

/// The class's ledger for `period` ([`ClassLedger::load`]).
pub fn load(
    db: &crate::db::Db,
    class_id: i64,
    period: crate::marks::Period,
) -> Result<ClassLedger> {
    LedgerForm::Marks.load(db, class_id, period)
}

/// The form as PDF bytes.
pub fn pdf(ledger: &ClassLedger) -> Vec<u8> {
    LedgerForm::Marks.pdf(ledger)
}

/// «Иванов Иван Иванович», with «(выб. 12.11.2026)» for a student who left during the period.
fn student_name(s: &SheetStudent) -> String {
    match s.departed_on {
        Some(on) => format!("{} (выб. {})", s.full_name, ru_date(on)),
        None => s.full_name.clone(),
    }
}

/// A student's cell of the subject `j`: the mark, empty while there is none, «—» when closed.
pub fn mark_cell(s: &SheetStudent, j: usize) -> &'static str {
    if !s.studies[j] {
        return CLOSED;
    }
    s.marks[j].map_or("", |m| m.short())
}

/// The class's figures: titles and values, in the order printed (those of «Итоги
/// успеваемости», a rate «—» when nobody is counted).
pub fn class_figures(c: &ClassStats) -> Vec<(&'static str, String)> {
    let mut figures: Vec<(&'static str, String)> = COUNT_TITLES
        .into_iter()
        .zip(c.counts.figures().map(|n| n.to_string()))
        .collect();
    figures.push(("Успеваемость, %", rate_text(&c.pass_rate)));
    figures.push(("Качество, %", rate_text(&c.quality_rate)));
    figures
}

/// The rows under the students: each subject's pass rate and quality rate («—» when nobody has
/// a mark to count; a pass/fail subject has no quality rate).
fn rate_rows(sheet: &MarkSheet) -> [(&'static str, Vec<String>); 2] {
    let stats = sheet.stats.subjects.iter().zip(&sheet.subjects);
    [
        (
            "Успеваемость, %",
            stats
                .clone()
                .map(|(s, _)| rate_text(&s.pass_rate))
                .collect(),
        ),
        (
            "Качество, %",
            stats
                .map(|(s, subject)| {
                    if subject.pass_fail {
                        String::new()
                    } else {
                        rate_text(&s.quality_rate)
                    }
                })
                .collect(),
        ),
    ]
}

/// The ledger's title: the form, the class's line and, while marks are missing, how many.
fn title_block(ledger: &ClassLedger) -> TitleBlock {
    class_report::title_block(LedgerForm::Marks, &ledger.heading)
        .lines(ledger.sheet.stats.class.counts.marks.notice())
}

fn marks_table(sheet: &MarkSheet, width: f32) -> Table {
    let n = sheet.subjects.len().max(1) as f32;
    let subject = ((width - NUMBER - NAME) / n).clamp(5.0, SUBJECT);
    let mut columns = vec![
        Column::new("№").mm(NUMBER).right(),
        Column::new("Фамилия, имя, отчество обучающегося"),
    ];
    columns.extend(
        sheet
            .subjects
            .iter()
            .map(|s| Column::new(&s.name).mm(subject).center().vertical()),
    );
    let mut table = Table::new(columns)
        .font_size(9.0)
        // A sans face reads better than a serif at the 7–8 pt 35 rows come to.
        .family(Family::Sans)
        .header_font_size(8.5)
        .max_header_height(32.0)
        .min_font_size(6.0);
    for s in &sheet.students {
        let mut row = vec![s.number.to_string(), student_name(s)];
        row.extend((0..sheet.subjects.len()).map(|j| mark_cell(s, j).to_string()));
        table.row(row);
    }
    for (title, values) in rate_rows(sheet) {
        let mut cells = vec![Cell::new(title).span(2).align(Align::Right)];
        cells.extend(values.into_iter().map(Cell::new));
        table.push(Row::new(cells).bold());
    }
    table
}

fn class_table(stats: &ClassStats) -> Table {
    let figures = class_figures(stats);
    let mut table = Table::new(
        figures
            .iter()
            .map(|(title, _)| Column::new(*title).center())
            .collect(),
    )
    .font_size(9.0)
    .header_font_size(8.5)
    .family(Family::Sans);
    table.row(figures.into_iter().map(|(_, v)| v));
    table
}

/// Lays the ledger out from the cursor of `doc` (A4 landscape), all of it kept on the page.
pub(crate) fn render(doc: &mut Document, ledger: &ClassLedger) {
    let width = doc.content_width();
    doc.title_block(&title_block(ledger));
    let certification = class_report::certification(&ledger.heading);
    let class = class_table(&ledger.sheet.stats.class);
    const GAP: f32 = 2.5;
    let reserve = GAP + class.height(width) + certification.height(width);
    doc.table(&marks_table(&ledger.sheet, width).keep_on_one_page(reserve));
    doc.space(GAP);
    doc.table(&class);
    doc.certification(&certification);
}

/// The same table as .xlsx for the district (sheet «Ведомость»): the title, school, class,
/// period and year on rows 1–3, the header on row 5 (subject names turned 90°), a row per
/// student from row 6, the rates' rows, then the class's figures a row each (title, value).
pub fn xlsx(ledger: &ClassLedger) -> Result<Vec<u8>> {
    let (h, sheet) = (&ledger.heading, &ledger.sheet);
    let workbook::Formats {
        header,
        cell,
        number: mark,
    } = workbook::Formats::new();
    let vertical = header.clone().set_rotation(90);
    let total = cell
        .clone()
        .set_bold()
        .set_align(rust_xlsxwriter::FormatAlign::Right);
    let total_mark = mark.clone().set_bold();
    let line = format!(
        "Класс {}, {}, {} учебный год, классный руководитель: {}",
        h.class, h.period, h.year, h.class_teacher
    );
    let heading = [LedgerForm::Marks.label(), h.school.as_str(), &line];
    let notice = sheet.stats.class.counts.marks.notice();
    workbook::book("Ведомость", heading, |ws| {
        workbook::notice(ws, notice.as_deref())?;
        let top = 4;
        ws.write_string_with_format(top, 0, "№", &header)?;
        ws.write_string_with_format(top, 1, "Фамилия, имя, отчество обучающегося", &header)?;
        ws.set_column_width(0, 5)?;
        ws.set_column_width(1, 38)?;
        ws.set_row_height(top, 150)?;
        for (j, s) in sheet.subjects.iter().enumerate() {
            let col = j as u16 + 2;
            ws.write_string_with_format(top, col, &s.name, &vertical)?;
            ws.set_column_width(col, 6)?;
        }
        ws.set_freeze_panes(top + 1, 2)?;
        ws.set_print_fit_to_pages(1, 1);
        let mut r = top + 1;
        for s in &sheet.students {
            ws.write_number_with_format(r, 0, f64::from(s.number), &cell)?;
            ws.write_string_with_format(r, 1, student_name(s), &cell)?;
            for j in 0..sheet.subjects.len() {
                ws.write_string_with_format(r, j as u16 + 2, mark_cell(s, j), &mark)?;
            }
            r += 1;
        }
        for (title, values) in rate_rows(sheet) {
            ws.merge_range(r, 0, r, 1, title, &total)?;
            for (j, v) in values.iter().enumerate() {
                ws.write_string_with_format(r, j as u16 + 2, v, &total_mark)?;
            }
            r += 1;
        }
        // The class's figures as a list under the names: title, then value.
        r += 1;
        for (title, value) in class_figures(&sheet.stats.class) {
            ws.write_string_with_format(r, 1, title, &cell)?;
            ws.write_string_with_format(r, 2, value, &mark)?;
            r += 1;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests;
