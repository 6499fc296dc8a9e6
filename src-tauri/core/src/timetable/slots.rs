//! The school-wide check of a year's timetable, and the free slots a lesson could go to while
//! the user drags it.

use super::read::{current_staff, Week};
use super::{LessonInput, TimetableCheck, TimetableIssue, LOAD_LINE};
use crate::db::Db;
use crate::error::{CoreError, Result};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};
use ts_rs::TS;

// ---------------------------------------------------------------------------------------------
// The school-wide check

/// Every conflict and warning of the year's timetable, with the lessons placed and required.
/// `on` is the day staff are counted as working on.
pub fn check(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<TimetableCheck> {
    db.read(|conn| {
        let week = Week::read_in(conn, academic_year_id)?;
        let current = current_staff(conn, on)?;
        Ok(super::check::school(&week, &current))
    })
}

/// A day and lesson number a lesson could go to, with what it would run into there.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SlotOption {
    pub day: i32,
    pub lesson_number: i32,
    /// Empty: the lesson can go there.
    pub conflicts: Vec<TimetableIssue>,
}

/// Every day × lesson number of the classes' bells where a lesson of `teaching_load_id` could
/// go (or lesson `moving` could move), each with its conflicts: what a screen highlights while
/// a lesson is dragged. One read of the week, then the in-memory check per place.
pub fn slot_options(
    db: &Db,
    teaching_load_id: i64,
    moving: Option<i64>,
    on: NaiveDate,
) -> Result<Vec<SlotOption>> {
    let year_id: i64 = db
        .conn()
        .query_row(
            "SELECT academic_year_id FROM teaching_load WHERE id = ?1",
            [teaching_load_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::NotFound { what: LOAD_LINE })?;
    let week = Week::read(db, year_id)?;
    let staff = current_staff(db.conn(), on)?;
    let old = moving.and_then(|id| week.lessons.iter().find(|l| l.id == id));
    let load = &week.loads[&teaching_load_id];
    let numbers: BTreeSet<i32> = load
        .class_ids
        .iter()
        .filter_map(|c| week.class(*c))
        .flat_map(|c| c.bells.iter().map(|b| b.0))
        .collect();
    let mut out = Vec::new();
    for day in 1..=week.week_days {
        for &lesson_number in &numbers {
            let input = LessonInput {
                id: moving,
                teaching_load_id,
                day,
                lesson_number,
                room_id: old.and_then(|l| l.room_id),
                in_first: old.is_none_or(|l| l.in_first),
                in_second: old.is_none_or(|l| l.in_second),
            };
            let lesson = week
                .candidate(&input)
                .ok_or(CoreError::NotFound { what: LOAD_LINE })?;
            out.push(SlotOption {
                day,
                lesson_number,
                conflicts: week.conflicts_of(&lesson, &staff),
            });
        }
    }
    Ok(out)
}

/// The staff working on `on`, for [`Week::conflicts_of`].
pub fn working_staff(db: &Db, on: NaiveDate) -> Result<HashSet<i64>> {
    current_staff(db.conn(), on)
}
