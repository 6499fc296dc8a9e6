//! Placing, moving and removing one lesson: the checks of the slot it goes to (the teacher, the
//! class, the subgroups and the room free, the load line's hours not exceeded), writing it with
//! the warnings, and clearing a year's timetable.

use super::check;
use super::read::{
    candidate_lesson, classes_label, is_current, lesson_of, read_classes, read_entries, read_loads,
    week_days, Week,
};
use super::{Lesson, LessonInput, TimetableIssue, LESSON, LOAD_LINE, ROOM};
use crate::db::Db;
use crate::error::{Check, CoreError, FieldError, Problem, Result, Saved, Warning};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

// ---------------------------------------------------------------------------------------------
// Checking and saving one lesson

/// What one edit would run into.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EditCheck {
    /// Empty: the edit can be saved.
    pub conflicts: Vec<TimetableIssue>,
}

fn check_input(input: &LessonInput) -> Result<()> {
    let mut check = Check::new();
    if !(1..=6).contains(&input.day) {
        check.add("day", Problem::NotInRange { min: 1, max: 6 });
    }
    if !(0..=12).contains(&input.lesson_number) {
        check.add("lesson_number", Problem::NotInRange { min: 0, max: 12 });
    }
    if !input.in_first && !input.in_second {
        check.add("in_first", Problem::Required);
    }
    check.finish()
}

/// The day of an edit read from the file: the candidate lesson and what else runs that day.
struct SlotRead {
    pub(super) candidate: Lesson,
    others: Vec<Lesson>,
    week: Week,
    teacher_current: bool,
}

/// Reads only what one edit needs: the classes, the load line and the lessons of the day
/// (through the `timetable_entry_slot` index), since classes on other bell schedules may run
/// at once under other lesson numbers.
fn read_slot(conn: &Connection, input: &LessonInput, on: NaiveDate) -> Result<SlotRead> {
    check_input(input)?;
    let year_id: i64 = conn
        .prepare_cached("SELECT academic_year_id FROM teaching_load WHERE id = ?1")?
        .query_row([input.teaching_load_id], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound { what: LOAD_LINE })?;
    if let Some(id) = input.id {
        let found: Option<i64> = conn
            .prepare_cached("SELECT academic_year_id FROM timetable_entry WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        match found {
            None => return Err(CoreError::NotFound { what: LESSON }),
            Some(y) if y != year_id => {
                return Err(CoreError::refused("teaching_load_id", Problem::OtherYear))
            }
            Some(_) => {}
        }
    }
    let room = match input.room_id {
        None => String::new(),
        Some(r) => conn
            .prepare_cached("SELECT number FROM room WHERE id = ?1")?
            .query_row([r], |r| r.get(0))
            .optional()?
            .ok_or(CoreError::NotFound { what: ROOM })?,
    };
    let classes = read_classes(conn, year_id)?;
    let class_index: HashMap<i64, usize> =
        classes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let day = "academic_year_id = ?1 AND day = ?2";
    let loads = read_loads(
        conn,
        &format!("t.id = ?3 OR t.id IN (SELECT teaching_load_id FROM timetable_entry WHERE {day})"),
        &[&year_id, &input.day, &input.teaching_load_id],
        &class_index,
    )?;
    let entries = read_entries(
        conn,
        "e.academic_year_id = ?1 AND e.day = ?2",
        &[&year_id, &input.day],
    )?;
    let week = Week {
        academic_year_id: year_id,
        week_days: week_days(conn)?,
        classes,
        class_index,
        loads,
        lessons: Vec::new(),
        rooms: HashMap::new(),
        limits: HashMap::new(),
        difficulty: Vec::new(),
        slots: HashMap::new(),
    };
    let l = &week.loads[&input.teaching_load_id];
    let candidate = candidate_lesson(input, l, &week, room);
    let others = entries
        .into_iter()
        .filter(|e| Some(e.id) != input.id)
        .filter_map(|e| {
            let l = week.loads.get(&e.load_id)?;
            let label = classes_label(&l.class_ids, &week.class_index, &week.classes);
            Some(lesson_of(e, l, label))
        })
        .collect();
    let teacher_current = is_current(conn, candidate.staff_member_id, on)?;
    Ok(SlotRead {
        candidate,
        others,
        week,
        teacher_current,
    })
}

impl SlotRead {
    fn conflicts(&self) -> Vec<TimetableIssue> {
        let others: Vec<&Lesson> = self.others.iter().collect();
        check::edit_conflicts(&self.candidate, &others, &self.week, self.teacher_current)
    }
}

/// What placing or moving a lesson would run into, without saving: a few indexed queries of
/// the one day (the save runs the same). `on` is the day staff are counted as working on.
pub fn check_edit(db: &Db, input: &LessonInput, on: NaiveDate) -> Result<EditCheck> {
    db.read(|conn| {
        Ok(EditCheck {
            conflicts: read_slot(conn, input, on)?.conflicts(),
        })
    })
}

pub(crate) fn write_entry(conn: &Connection, input: &LessonInput, year_id: i64) -> Result<i64> {
    match input.id {
        None => {
            conn.execute(
                "INSERT INTO timetable_entry (academic_year_id, day, lesson_number,
                        teaching_load_id, room_id, in_first, in_second)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    year_id,
                    input.day,
                    input.lesson_number,
                    input.teaching_load_id,
                    input.room_id,
                    input.in_first,
                    input.in_second
                ],
            )?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            conn.execute(
                "UPDATE timetable_entry SET day = ?2, lesson_number = ?3, teaching_load_id = ?4,
                        room_id = ?5, in_first = ?6, in_second = ?7 WHERE id = ?1",
                params![
                    id,
                    input.day,
                    input.lesson_number,
                    input.teaching_load_id,
                    input.room_id,
                    input.in_first,
                    input.in_second
                ],
            )?;
            Ok(id)
        }
    }
}

/// The warnings of the week that an edit of `lesson` concerns: its classes' days, its
/// teacher's gaps, its load line's hours.
fn warnings_about(week: &Week, lesson: &Lesson) -> Vec<Warning> {
    check::warnings(week)
        .into_iter()
        .filter(|w| match w.code.as_str() {
            // Hours of other lines are the panel's business, not this edit's.
            "placed_differs_from_load" => w.teaching_load_id == Some(lesson.teaching_load_id),
            "teacher_gaps" => w.staff_member_id == Some(lesson.staff_member_id),
            _ => w.class_ids.iter().any(|c| lesson.class_ids.contains(c)),
        })
        .map(|w| FieldError {
            field: "lesson".into(),
            code: w.code,
            message: w.message,
        })
        .collect()
}

/// Writes one lesson after its checks, in one transaction. Used by [`save`] and by the demo.
pub(super) fn save_in(conn: &Connection, input: &LessonInput, on: NaiveDate) -> Result<i64> {
    let slot = read_slot(conn, input, on)?;
    if let Some(first) = slot.conflicts().into_iter().next() {
        return Err(CoreError::Refused(FieldError {
            field: "lesson".into(),
            code: first.code,
            message: first.message,
        }));
    }
    write_entry(conn, input, slot.week.academic_year_id)
}

/// Places a lesson (no id) or moves one (an id): refuses a conflict with the first one found,
/// naming who and where; returns the lesson with the warnings it brings (the day's maximum,
/// the difficulty, gaps…). `on` is the day staff are counted as working on.
pub fn save(db: &Db, input: &LessonInput, on: NaiveDate) -> Result<Saved<Lesson>> {
    db.write(|conn| {
        let id = save_in(conn, input, on)?;
        let year_id: i64 = conn.query_row(
            "SELECT academic_year_id FROM timetable_entry WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let week = Week::read_in(conn, year_id)?;
        let lesson = week
            .lessons
            .iter()
            .find(|l| l.id == id)
            .cloned()
            .ok_or(CoreError::NotFound { what: LESSON })?;
        let warnings = warnings_about(&week, &lesson);
        Ok(Saved {
            value: lesson,
            warnings,
        })
    })
}

/// Places a new lesson: [`save`] of an input without id.
pub fn place(db: &Db, input: &LessonInput, on: NaiveDate) -> Result<Saved<Lesson>> {
    save(
        db,
        &LessonInput {
            id: None,
            ..input.clone()
        },
        on,
    )
}

/// Moves lesson `id` to another day and lesson number (and room), keeping its half-years.
pub fn move_lesson(
    db: &Db,
    id: i64,
    day: i32,
    lesson_number: i32,
    room_id: Option<i64>,
    on: NaiveDate,
) -> Result<Saved<Lesson>> {
    let (load_id, in_first, in_second): (i64, bool, bool) = db
        .conn()
        .query_row(
            "SELECT teaching_load_id, in_first, in_second FROM timetable_entry WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(CoreError::NotFound { what: LESSON })?;
    let input = LessonInput {
        id: Some(id),
        teaching_load_id: load_id,
        day,
        lesson_number,
        room_id,
        in_first,
        in_second,
    };
    save(db, &input, on)
}

/// Removes a lesson (and its substitutions).
pub fn remove(db: &Db, id: i64) -> Result<()> {
    db.write(|conn| {
        let n = conn.execute("DELETE FROM timetable_entry WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(CoreError::NotFound { what: LESSON });
        }
        Ok(())
    })
}

/// Removes every lesson of a year (to start the timetable anew), in one transaction.
pub fn clear(db: &Db, academic_year_id: i64) -> Result<usize> {
    db.write(|conn| {
        Ok(conn.execute(
            "DELETE FROM timetable_entry WHERE academic_year_id = ?1",
            [academic_year_id],
        )?)
    })
}
