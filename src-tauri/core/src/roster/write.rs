//! The student list written out: the export of a year's students and the empty templates.

use super::class_labels::Classes;
use super::{facts, format, one_class_format, Target};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::exchange::import::today;
use crate::exchange::{OutRow, Value};
use crate::{movement, students, year};
use chrono::NaiveDate;
use std::path::Path;

/// Writes the students of the current year (of one class when `class` names it) studying today
/// (see [`export_day`]) in the whole-school layout; returns how many rows were written.
pub fn export(db: &Db, class: Option<&str>, path: &Path) -> Result<usize> {
    export_in_year(db, year::current_id(db)?, class, path)
}

/// [`export`] of the year `academic_year_id`, its students on today moved into the year.
pub fn export_in_year(
    db: &Db,
    academic_year_id: i64,
    class: Option<&str>,
    path: &Path,
) -> Result<usize> {
    let class_id = match class.map(str::trim).filter(|c| !c.is_empty()) {
        Some(text) => match Classes::new(db, academic_year_id, false).resolve(text)? {
            Ok(Target::Existing(id)) => Some(id),
            Ok(Target::New(..)) => unreachable!("not created on export"),
            Err(problem) => return Err(CoreError::refused("class", problem)),
        },
        None => None,
    };
    let day = export_day(&year::get(db, academic_year_id)?);
    let list = students::list(db, academic_year_id, class_id, Some(day))?;
    let health = facts::of_students(db.conn())?;
    let rows: Vec<OutRow> = list
        .iter()
        .map(|s| {
            let order = movement::enrolment_order(db.conn(), s.id)?;
            let mut row = OutRow::new();
            row.insert("class", Value::text(s.class_label.clone()));
            row.insert("file_no", Value::text(s.file_number.clone()));
            row.insert("last_name", Value::text(s.last_name.clone()));
            row.insert("first_name", Value::text(s.first_name.clone()));
            row.insert("patronymic", Value::text(s.patronymic.clone()));
            row.insert("sex", Value::Sex(s.sex));
            row.insert("birth_date", Value::Date(s.birth_date));
            row.insert("order_series", Value::text(order.series));
            row.insert("order_number", Value::text(order.number));
            row.insert("order_date", order.date.into());
            if let Some(health) = health.get(&s.id) {
                row.extend(facts::cells(health));
            }
            Ok(row)
        })
        .collect::<Result<_>>()?;
    format().save_xlsx(path, None, &rows)?;
    Ok(rows.len())
}

/// The day whose students an export lists: today, moved into the year (its first day while
/// the year is being prepared, its last after it ended).
fn export_day(year: &year::AcademicYear) -> NaiveDate {
    crate::forms::within(year, today())
}

/// The empty template: the whole-school layout, or the one-class layout of appendix 8.
pub fn template(path: &Path, whole_school: bool) -> Result<()> {
    let format = if whole_school {
        format()
    } else {
        one_class_format()
    };
    format.save_template(path)
}
