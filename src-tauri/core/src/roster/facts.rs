//! The columns of the student list about health that form ОО-1 counts by: «Инвалидность»
//! («да»/«нет») and «ОВЗ» (the kind of the adapted programme, as its label or the short form
//! schools write: ЗПР, ТНР, РАС, УО, НОДА…).

use crate::error::Problem;
use crate::exchange::answers::{self, choice};
use crate::exchange::{CellKind, ColumnSpec, Record, Table, Value};
use crate::students::{SpecialNeeds, Student};
use rusqlite::Connection;
use std::collections::HashMap;

/// The two columns, after the enrolment order.
pub(super) fn columns() -> [ColumnSpec; 2] {
    [
        ColumnSpec::optional(
            "disability",
            &["Инвалидность", "Ребёнок-инвалид"],
            CellKind::Text,
        ),
        ColumnSpec::optional(
            "special_needs",
            &["ОВЗ", "Ограниченные возможности здоровья"],
            CellKind::Text,
        ),
    ]
}

/// ОВЗ as lists write it: the label, the usual abbreviation or a word of it; empty, «нет» or
/// «-» is none, «да» or «ОВЗ» without the kind is «другие нарушения».
pub(crate) fn special_needs(text: &str) -> Result<SpecialNeeds, Problem> {
    use SpecialNeeds::*;
    let short = [
        ("зпр", DevelopmentalDelay),
        ("тнр", Speech),
        ("рас", Autism),
        ("уо", Intellectual),
        ("ин", Intellectual),
        ("умственная отсталость", Intellectual),
        ("нода", Musculoskeletal),
        ("глухой", Deaf),
        ("слабослышащие", HardOfHearing),
        ("слабослышащий", HardOfHearing),
        ("слепой", Blind),
        ("слабовидящий", VisuallyImpaired),
        ("да", Other),
        ("есть", Other),
        ("овз", Other),
        ("нет", None),
        ("-", None),
        ("—", None),
    ];
    choice(text, &SpecialNeeds::ALL, |n| n.label(), &short, None)
}

/// Writes the file's health columns into the card; a cell that says neither fails the row at
/// its column and false is returned. A column the file does not have keeps what is stored.
pub(super) fn apply(table: &Table, rec: &mut Record, student: &mut Student) -> bool {
    let mut ok = true;
    if table.has("disability") {
        match answers::yes_no(rec.text("disability").unwrap_or_default()) {
            Ok(yes) => student.disability = yes,
            Err(problem) => {
                rec.fail("disability", &problem);
                ok = false;
            }
        }
    }
    if table.has("special_needs") {
        match special_needs(rec.text("special_needs").unwrap_or_default()) {
            Ok(needs) => student.special_needs = needs,
            Err(problem) => {
                rec.fail("special_needs", &problem);
                ok = false;
            }
        }
    }
    ok
}

/// Every student's health facts by id, for an export.
pub(super) fn of_students(conn: &Connection) -> crate::error::Result<HashMap<i64, (bool, String)>> {
    let mut stmt = conn.prepare("SELECT id, disability, special_needs FROM student")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The cells an export writes: «да»/«нет», and the label of the ОВЗ (empty when none).
pub(super) fn cells((disability, needs): &(bool, String)) -> [(&'static str, Value); 2] {
    let needs = match SpecialNeeds::from_code(needs) {
        SpecialNeeds::None => "",
        n => n.label(),
    };
    [
        ("disability", Value::text(answers::yes_no_text(*disability))),
        ("special_needs", Value::text(needs)),
    ]
}
