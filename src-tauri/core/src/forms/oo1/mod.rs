//! Form ОО-1 (Rosstat's annual form of a general school) — the tables a school fills from its
//! own file, on 20 September by default or on any day of a year: classes and students by grade
//! (all, with ОВЗ, with mental disability), repeaters, study forms, age and sex, foreign
//! languages, last year's leavers and graduates ([`students`]), and the pedagogical staff by
//! education, category, experience and age ([`staff`]). Computed once ([`compute`]) by a few
//! queries and rendered as PDF ([`pdf`]), .xlsx ([`xlsx`]) and JSON (the types serialise to it).
//! Which row of the form each table fills: docs/oo1.md.

mod pdf;
pub mod staff;
pub mod students;
mod xlsx;

#[cfg(test)]
mod tests;

pub use pdf::pdf;
pub use xlsx::xlsx;

use super::{ru_date, school_name};
use crate::db::Db;
use crate::error::Result;
use crate::year::{self, AcademicYear};
use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use ts_rs::TS;

/// One row of a table: what it counts and a figure per column.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Oo1Row {
    pub label: String,
    /// Counts, and the staff's rates (a sum of ставки); whole figures are written as integers.
    #[serde(serialize_with = "figures")]
    #[ts(type = "number[]")]
    pub values: Vec<f64>,
}

/// One table of the form.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Oo1Table {
    /// The table's number in the form («2.1.1»), the key the district sums by.
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Oo1Row>,
}

/// The whole form on a day. Serialises to `{"date": "dd.mm.yyyy", "tables": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Oo1 {
    #[serde(serialize_with = "ru_date_text")]
    #[ts(type = "string")]
    pub date: NaiveDate,
    #[serde(skip)]
    pub school: String,
    /// «2026-2027».
    #[serde(skip)]
    pub year: String,
    pub tables: Vec<Oo1Table>,
}

impl Oo1 {
    /// The table `id`, if the form has it.
    pub fn table(&self, id: &str) -> Option<&Oo1Table> {
        self.tables.iter().find(|t| t.id == id)
    }
}

fn ru_date_text<S: Serializer>(date: &NaiveDate, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&ru_date(*date))
}

/// Whole figures as JSON integers (`12`, not `12.0`), a sum of rates as it is (`17.75`).
fn figures<S: Serializer>(values: &[f64], s: S) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(values.len()))?;
    for v in values {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            seq.serialize_element(&(*v as i64))?;
        } else {
            seq.serialize_element(v)?;
        }
    }
    seq.end()
}

/// A figure as the PDF prints it: «12», «17,75».
pub fn figure_text(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{}", (v * 100.0).round() / 100.0).replace('.', ",")
    }
}

/// The grades the form has columns for.
pub const GRADES: std::ops::RangeInclusive<i32> = 1..=12;

/// The level totals after the grades: (first grade, last grade, title).
pub const LEVELS: [(i32, i32, &str); 3] = [
    (1, 4, "1–4 классы"),
    (5, 9, "5–9 классы"),
    (10, 12, "10–11 (12) классы"),
];

/// The title of the last column of every table: the sum of the row.
pub const TOTAL: &str = "Всего";

/// The columns of a table by grade: «1 класс» … «12 класс», the three levels, «Всего».
pub fn grade_columns() -> Vec<String> {
    GRADES
        .map(|g| format!("{g} класс"))
        .chain(LEVELS.iter().map(|(_, _, t)| t.to_string()))
        .chain([TOTAL.to_string()])
        .collect()
}

/// Counts by grade, turned into a row of [`grade_columns`] with the level totals and the total.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ByGrade {
    /// Index 0 is grade 1; a grade outside 1–12 only counts in the total.
    grades: [f64; 12],
    other: f64,
}

impl ByGrade {
    pub(crate) fn add(&mut self, grade: Option<i32>, n: f64) {
        match grade.filter(|g| GRADES.contains(g)) {
            Some(g) => self.grades[(g - 1) as usize] += n,
            None => self.other += n,
        }
    }

    pub(crate) fn row(&self, label: impl Into<String>) -> Oo1Row {
        let mut values = self.grades.to_vec();
        for (from, to, _) in LEVELS {
            values.push(self.grades[(from - 1) as usize..to as usize].iter().sum());
        }
        values.push(self.grades.iter().sum::<f64>() + self.other);
        Oo1Row {
            label: label.into(),
            values,
        }
    }
}

/// 20 September of the year the day `on` falls in (or of the current year): the form's day.
pub fn default_date(db: &Db) -> Result<NaiveDate> {
    Ok(super::class_sizes::default_date(&super::current_year(db)?))
}

/// The academic year before `year` in the file, if it holds one.
fn previous_year(db: &Db, year: &AcademicYear) -> Result<Option<AcademicYear>> {
    let Some(starts) = year.starts_on else {
        return Ok(None);
    };
    Ok(year::list(db)?
        .into_iter()
        .filter(|y| y.ends_on.is_some_and(|e| e < starts))
        .max_by_key(|y| y.ends_on))
}

/// 1 January after `on`: the day Rosstat's education forms count ages on.
pub fn age_day(on: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(on.year() + 1, 1, 1).expect("1 January exists")
}

/// Full years from `birth` to `on`.
pub fn full_years(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// The form on `on`: the students and classes of the academic year holding that day (a day in
/// no year is refused), the leavers and graduates of the year before it.
pub fn compute(db: &Db, on: NaiveDate) -> Result<Oo1> {
    let year = super::movement::year_of_period(db, on, on)?;
    let year_id = year.id.ok_or(crate::error::CoreError::NotFound {
        what: "Учебный год",
    })?;
    let previous = previous_year(db, &year)?;
    let previous_id = previous.as_ref().and_then(|y| y.id);
    let mut tables = db.read(|conn| students::tables(conn, year_id, previous_id, on))?;
    tables.extend(students::past_year_tables(db, previous.as_ref())?);
    tables.extend(db.read(|conn| staff::tables(conn, on))?);
    Ok(Oo1 {
        date: on,
        school: school_name(&crate::school::get(db)?),
        year: year.name,
        tables,
    })
}

/// The file name in «Документы Завуча» for `ext` ("pdf", "xlsx"): «ОО-1 на 20.09.2026.pdf».
pub fn document_name(form: &Oo1, ext: &str) -> String {
    super::documents::file_name(&title(form), ext)
}

fn title(form: &Oo1) -> String {
    format!("ОО-1 на {}", ru_date(form.date))
}
