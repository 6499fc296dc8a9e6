//! «Расписание уроков» on paper and in a spreadsheet: a class's, a teacher's and a room's week
//! (A4 landscape, days as columns, lesson numbers with bell times as rows), the whole school's
//! sheet («шахматка», A3 landscape, a page per level 1–4 / 5–9 / 10–11 with classes as columns
//! and day × lesson as rows), the substitution sheet of a day and a month's substitutions per
//! teacher (A4). The timetable sheets carry the director's approval «УТВЕРЖДАЮ» at the top, as
//! a timetable is approved by order. [`xlsx`] writes the same cells as one workbook: «Школа»,
//! a sheet per class and «Учителя».
//!
//! The cell texts ([`week_cell`], [`sheet_cell`]) are shared by the PDF and the .xlsx, so both
//! always show the same thing.

use crate::db::Db;
use crate::error::Result;
use crate::forms::{current_year_id, school_name};
use crate::timetable::substitutions::{DaySubstitutions, SubstitutionCount};
use crate::timetable::{substitutions, SchoolSheet, WeekView};
use crate::{school, subjects, timetable};
use chrono::NaiveDate;
use std::collections::HashMap;

mod cells;
mod names;
mod pdf;
mod xlsx;

#[cfg(test)]
mod tests;

pub use cells::{sheet_cell, week_cell};
pub use names::{
    month_document_name, school_document_name, substitutions_document_name, week_document_name,
    xlsx_document_name,
};
pub use pdf::{
    month_pdf, school_pdf, substitution_row, substitutions_pdf, week_pdf, MONTH_TITLES,
    SUBSTITUTION_TITLES,
};
pub use xlsx::xlsx;

/// Whose week a view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekOf {
    Class(i64),
    Teacher(i64),
    Room(i64),
}

/// The school, the year and the director: what every timetable form prints around its table.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub school: String,
    /// «МБОУ СОШ № 7», in the approval block.
    pub short_school: String,
    /// «2026-2027».
    pub year: String,
    pub year_id: i64,
    pub director: String,
}

/// A class's, a teacher's or a room's week, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekForm {
    pub heading: Heading,
    pub of: WeekOf,
    pub view: WeekView,
}

/// The whole school's sheet with the subjects' short names.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolForm {
    pub heading: Heading,
    pub sheet: SchoolSheet,
    /// Short names by subject id («Матем.»), for the narrow cells of the sheet.
    pub short_names: HashMap<i64, String>,
}

/// The substitution sheet of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct SubstitutionsForm {
    pub heading: Heading,
    pub day: DaySubstitutions,
}

/// A month's substitutions per teacher.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthForm {
    pub heading: Heading,
    /// «октябрь 2026».
    pub month: String,
    pub counts: Vec<SubstitutionCount>,
}

fn heading(db: &Db, year_id: i64) -> Result<Heading> {
    let year = crate::year::get(db, year_id)?;
    let card = school::get(db)?;
    Ok(Heading {
        school: school_name(&card),
        short_school: card.short_name.trim().to_string(),
        year: year.name,
        year_id,
        director: card.director.trim().to_string(),
    })
}

/// The week of a class, a teacher or a room in the current year.
pub fn week(db: &Db, of: WeekOf) -> Result<WeekForm> {
    week_in_year(db, current_year_id(db)?, of)
}

/// [`week`] in the year `year_id` (a teacher's or a room's; a class has its own year).
pub fn week_in_year(db: &Db, year_id: i64, of: WeekOf) -> Result<WeekForm> {
    let heading = heading(db, year_id)?;
    let view = match of {
        WeekOf::Class(id) => timetable::class_week(db, id)?,
        WeekOf::Teacher(id) => timetable::teacher_week(db, heading.year_id, id)?,
        WeekOf::Room(id) => timetable::room_week(db, heading.year_id, id)?,
    };
    Ok(WeekForm { heading, of, view })
}

/// The current year's school sheet.
pub fn school_sheet(db: &Db) -> Result<SchoolForm> {
    school_sheet_in_year(db, current_year_id(db)?)
}

/// [`school_sheet`] of the year `year_id`.
pub fn school_sheet_in_year(db: &Db, year_id: i64) -> Result<SchoolForm> {
    let heading = heading(db, year_id)?;
    let sheet = timetable::school_sheet(db, heading.year_id)?;
    let short_names = subjects::list(db, true)?
        .into_iter()
        .filter_map(|s| Some((s.id?, s.short_name)))
        .filter(|(_, short)| !short.trim().is_empty())
        .collect();
    Ok(SchoolForm {
        heading,
        sheet,
        short_names,
    })
}

/// The substitutions of a date.
pub fn substitutions_on(db: &Db, date: NaiveDate) -> Result<SubstitutionsForm> {
    Ok(SubstitutionsForm {
        heading: heading(db, current_year_id(db)?)?,
        day: substitutions::on_date(db, date)?,
    })
}

const MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Each teacher's substitutions in a month (1–12).
pub fn substitutions_in(db: &Db, year: i32, month: u32) -> Result<MonthForm> {
    let counts = substitutions::month_counts(db, year, month)?;
    let name = MONTHS[(month as usize).clamp(1, 12) - 1];
    Ok(MonthForm {
        heading: heading(db, current_year_id(db)?)?,
        month: format!("{name} {year}"),
        counts,
    })
}
