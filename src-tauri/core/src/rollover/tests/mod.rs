//! Tests of the rollover on the demo school (2026-2027 → 2027-2028): the decisions, each stage,
//! running twice, a failure in the middle, last year kept whole.

mod decisions;
mod stages;
mod whole;

use super::decisions::{self as d, DecisionInput, DecisionKind};
use super::{run, RolloverOptions, RolloverReport};
use crate::marks::{self, MarkValue, Period};
use crate::testkit::{class_id, year_id};
use crate::Db;
use chrono::NaiveDate;

pub(super) const TO: &str = "2027-2028";

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A day of the old year before its end: the departures of stage 1 are still ahead.
pub(super) fn june() -> NaiveDate {
    date(2027, 6, 15)
}

pub(super) fn options(stage: Option<u8>) -> RolloverOptions {
    RolloverOptions {
        to: TO.into(),
        stage,
        ..RolloverOptions::default()
    }
}

/// Runs the stages with `options`, ignoring progress.
pub(super) fn run_with(db: &Db, options: &RolloverOptions) -> RolloverReport {
    run(db, options, june(), &mut |_, _, _| {}).unwrap()
}

/// Runs every stage.
pub(super) fn run_all(db: &Db) -> RolloverReport {
    run_with(db, &options(None))
}

pub(super) fn count(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The id of the class `label` of the year `name`.
pub(super) fn class_of_year(db: &Db, name: &str, label: &str) -> Option<i64> {
    let year = crate::year::find_by_name(db, name).unwrap()?.id?;
    crate::classes::find_by_label(db, year, label)
        .unwrap()
        .and_then(|c| c.id)
}

/// The class of the student in the year `name` («6 А»), empty without one.
pub(super) fn class_label_in(db: &Db, student: i64, name: &str) -> String {
    crate::movement::placements::placements(db, student)
        .unwrap()
        .into_iter()
        .find(|p| p.year_name == name)
        .map(|p| p.class_label)
        .unwrap_or_default()
}

/// The decisions grid of the demo's class `label`.
pub(super) fn grid(db: &Db, label: &str) -> d::ClassDecisions {
    d::of_class(db, class_id(db, label)).unwrap()
}

/// Gives the student the year's mark `value` in the subject named `subject`, and everyone of the
/// class «4» (or «зачтено») in every other subject.
pub(super) fn year_mark(db: &Db, label: &str, student: i64, subject: &str, value: MarkValue) {
    year_marks(db, label, |id, name, _| {
        (id == student && name == subject).then_some(value)
    })
}

/// Gives every student of the class the year's mark `value(student, subject, pass_fail)` gives,
/// or «4» («зачтено» in a pass/fail subject) where it gives none.
pub(super) fn year_marks(
    db: &Db,
    label: &str,
    value: impl Fn(i64, &str, bool) -> Option<MarkValue>,
) {
    let class = class_id(db, label);
    let sheet = marks::sheet(db, class, Period::YEAR).unwrap();
    let entries = sheet.entries(|k, _, s| {
        Some(
            value(sheet.students[k].student_id, &s.name, s.pass_fail).unwrap_or(if s.pass_fail {
                MarkValue::Passed
            } else {
                MarkValue::Four
            }),
        )
    });
    marks::set_marks(db, class, Period::YEAR, &entries).unwrap();
}

/// The current year's id (the old year of the rollover).
pub(super) fn old_year(db: &Db) -> i64 {
    year_id(db)
}
