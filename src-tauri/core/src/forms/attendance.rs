//! «Сводная ведомость учёта посещаемости» of a class for a term: A4 portrait, the students in
//! the sheet's order with the lessons each missed in the term and, of them, for illness, and the
//! class's totals (`ClassStats::missed`, `of_illness`); the same title and signatures as the
//! marks ledger ([`super::class_report`]). A student whose absences were not entered has empty
//! cells (not «0»: nobody said so).

use super::class_report::{self, ClassLedger, LedgerForm};
use crate::db::Db;
use crate::error::Result;
use crate::marks::Period;
use crate::print::{Align, Cell, Column, Document, Row, Table};

/// The class's attendance for the term `period` (refused for the year and other periods:
/// `absences_only_per_term`).
pub fn load(db: &Db, class_id: i64, period: Period) -> Result<ClassLedger> {
    LedgerForm::Attendance.load(db, class_id, period)
}

/// The form as PDF bytes.
pub fn pdf(ledger: &ClassLedger) -> Vec<u8> {
    LedgerForm::Attendance.pdf(ledger)
}

fn count(n: Option<i32>) -> String {
    n.map_or_else(String::new, |n| n.to_string())
}

/// Lays the form out from the cursor of `doc` (A4 portrait).
pub(crate) fn render(doc: &mut Document, ledger: &ClassLedger) {
    let sheet = &ledger.sheet;
    doc.title_block(&class_report::title_block(
        LedgerForm::Attendance,
        &ledger.heading,
    ));
    let certification = class_report::certification(&ledger.heading).columns(1);
    let mut table = Table::new(vec![
        Column::new("№").mm(9.0).right(),
        Column::new("Фамилия, имя, отчество обучающегося"),
        Column::new("Пропущено уроков, всего").mm(32.0).center(),
        Column::new("из них по болезни").mm(32.0).center(),
    ])
    .font_size(10.0)
    .min_font_size(7.0)
    .keep_on_one_page(certification.height(doc.content_width()));
    for s in &sheet.students {
        table.row([
            s.number.to_string(),
            s.full_name.clone(),
            count(s.missed),
            count(s.of_illness),
        ]);
    }
    let class = &sheet.stats.class;
    table.push(
        Row::new([
            Cell::new("Итого по классу").span(2).align(Align::Right),
            Cell::new(class.missed.to_string()),
            Cell::new(class.of_illness.to_string()),
        ])
        .bold(),
    );
    doc.table(&table);
    doc.certification(&certification);
}
