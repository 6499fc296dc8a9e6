//! The printed forms: each reads what it needs from the database, computes its figures once and
//! renders them as PDF (and, where the district wants it, as .xlsx) with the printing layer.
//! See `docs/printed-forms.md`.

pub mod alphabet_book;
pub mod attendance;
pub mod audit_log;
pub mod class_list;
pub mod class_report;
pub mod class_sizes;
pub mod curriculum;
pub mod documents;
pub mod ledger;
pub mod load;
pub mod movement;
pub mod oo1;
pub mod orders;
pub mod results;
pub mod results_lists;
pub mod staff_composition;
pub mod student_results;
pub mod tariff;
pub mod thematic_plan;
pub mod timetable;
pub mod transfer_order;
pub(crate) mod workbook;

#[cfg(test)]
mod movement_tests;
#[cfg(test)]
mod staff_reports_tests;
#[cfg(test)]
mod tests;

use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::year::{self, AcademicYear};
use chrono::NaiveDate;

/// dd.mm.yyyy, as every form prints dates.
pub fn ru_date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Reads dd.mm.yyyy (also d.m.yyyy); None when it is not a real date.
pub fn parse_ru_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%d.%m.%Y").ok()
}

/// «И. О. Фамилия», as a signature is deciphered (ГОСТ Р 7.0.97-2016), from
/// «Фамилия Имя Отчество»; empty stays empty.
pub fn signature_name(full_name: &str) -> String {
    let mut parts = full_name.split_whitespace();
    let Some(last) = parts.next() else {
        return String::new();
    };
    let initials: Vec<String> = parts
        .filter_map(|p| p.chars().next())
        .map(|c| format!("{c}."))
        .collect();
    if initials.is_empty() {
        last.to_string()
    } else {
        format!("{} {last}", initials.join(" "))
    }
}

/// The current academic year, or NotFound when the file has none.
pub(crate) fn current_year(db: &Db) -> Result<AcademicYear> {
    year::current(db)?.ok_or(CoreError::NotFound {
        what: "Текущий учебный год",
    })
}

/// The id of the current academic year, or NotFound when the file has none.
pub(crate) fn current_year_id(db: &Db) -> Result<i64> {
    current_year(db)?.id.ok_or(CoreError::NotFound {
        what: "Текущий учебный год",
    })
}

/// `on` moved into the year: a day before it is its first day, a day after it its last.
pub(crate) fn within(year: &AcademicYear, on: NaiveDate) -> NaiveDate {
    let on = year.starts_on.map_or(on, |s| on.max(s));
    year.ends_on.map_or(on, |e| on.min(e))
}

/// The year's first calendar year: 2026 for «2026-2027» (by its first day when it has one).
pub(crate) fn first_calendar_year(year: &AcademicYear) -> i32 {
    use chrono::Datelike;
    year.starts_on.map_or_else(
        || {
            year.name
                .get(..4)
                .and_then(|y| y.parse().ok())
                .unwrap_or(2026)
        },
        |d| d.year(),
    )
}

/// The day of a form of the year: `on`, or by default `day`.`month` of the year's first
/// calendar year; a day outside the year is refused.
pub(crate) fn day_in_year(
    year: &AcademicYear,
    on: Option<NaiveDate>,
    (day, month): (u32, u32),
) -> Result<NaiveDate> {
    let on = on.unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(first_calendar_year(year), month, day).expect("a real day")
    });
    if within(year, on) != on {
        return Err(CoreError::refused(
            "date",
            crate::error::Problem::DateOutsideYear {
                date: ru_date(on),
                year: year.name.clone(),
            },
        ));
    }
    Ok(on)
}

/// The signatures under a form for the district: the deputy head's, the director's (deciphered
/// from `director`, «Фамилия Имя Отчество»), a blank date line and «М.П.».
pub(crate) fn deputy_and_director(director: &str) -> crate::print::Certification {
    use crate::print::{Certification, DateLine};
    Certification::new()
        .signatory("Заместитель директора по УВР", "")
        .signatory("Директор", signature_name(director))
        .date(DateLine::Blank)
        .stamp()
}

/// A table's columns from their titles and widths in mm (0: a share of what is left), those
/// `centred` says centred.
pub(crate) fn table_columns(
    titles: &[&str],
    widths: &[f32],
    centred: impl Fn(usize) -> bool,
) -> Vec<crate::print::Column> {
    titles
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (t, w))| {
            let c = crate::print::Column::new(*t);
            let c = if centred(i) { c.center() } else { c };
            if *w > 0.0 {
                c.mm(*w)
            } else {
                c
            }
        })
        .collect()
}

/// The school's full name for the running header (the short one when the full is empty).
pub(crate) fn school_name(school: &crate::school::School) -> String {
    if school.full_name.trim().is_empty() {
        school.short_name.trim().to_string()
    } else {
        school.full_name.trim().to_string()
    }
}
