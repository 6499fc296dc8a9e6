//! Academic years, their term schemes with dated terms, and holidays.
//!
//! A year runs from 1 September to 31 August by default. A scheme («Четверти», «Полугодия»…)
//! holds the terms in which marks are given; a class follows one scheme. A holiday belongs to
//! the whole year or to one scheme only (the extra February week of grade 1), and may fall
//! inside a term.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AcademicYear {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// «2026-2027».
    pub name: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub is_current: bool,
}

/// A dated part of the year in which marks are given: a quarter, trimester or half.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Term {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TermScheme {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    pub name: String,
    /// In the order sent and shown; saved all together with the scheme.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Holiday {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    /// Set for a holiday of one scheme only; empty for the whole school.
    #[ts(type = "number | null")]
    pub term_scheme_id: Option<i64>,
    pub name: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct YearDetail {
    pub year: AcademicYear,
    pub schemes: Vec<TermScheme>,
    pub holidays: Vec<Holiday>,
}

mod days;
mod holidays;
mod read;
mod schemes;
mod usual;
mod years;

pub use days::{term_days, TermDays};
pub use holidays::{delete_holiday, save_holiday};
pub use read::{current, current_id, detail, list};
pub use schemes::{delete_scheme, save_scheme};
pub use usual::{create_with_usual_schemes, init};
pub use years::{
    default_for, find_by_name, get, next_default, next_name, parse_name, save, set_current,
};

const YEAR: &str = "Учебный год";
const SCHEME: &str = "Шаблон учебных периодов";
const HOLIDAY: &str = "Период каникул";

/// Names of the usual schemes made with every new year.
pub const QUARTERS: &str = "Четверти";
pub const QUARTERS_GRADE_1: &str = "Четверти (1 класс)";
pub const TRIMESTERS: &str = "Триместры";
pub const HALVES: &str = "Полугодия";

#[cfg(test)]
mod tests;
