//! Kept timetables («сохранённые версии»): a year's timetable as it was before a generation
//! replaced it, so that «Вернуть прежнее» puts it back exactly — the same rows with the same
//! ids, days, lesson numbers, rooms, half-years and locks — until the user discards it.

use crate::db::Db;
use crate::error::{CoreError, GenerateProblem, Problem, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// A kept timetable as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TimetableVersion {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    /// When it was kept, local time, ISO: `2026-08-20T10:15:00`.
    pub made: String,
    /// «перед составлением расписания».
    pub reason: String,
    /// Lessons it holds.
    pub lessons: i32,
}

/// The kept timetables of a year, the newest first.
pub fn versions(db: &Db, academic_year_id: i64) -> Result<Vec<TimetableVersion>> {
    let mut stmt = db.conn().prepare(
        "SELECT v.id, v.academic_year_id, v.made, v.reason,
                (SELECT count(*) FROM timetable_version_entry e WHERE e.version_id = v.id)
           FROM timetable_version v WHERE v.academic_year_id = ?1 ORDER BY v.id DESC",
    )?;
    let list = stmt
        .query_map([academic_year_id], |r| {
            Ok(TimetableVersion {
                id: r.get(0)?,
                academic_year_id: r.get(1)?,
                made: r.get(2)?,
                reason: r.get(3)?,
                lessons: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

/// Keeps the year's timetable as it is now, inside the caller's transaction.
pub(crate) fn keep_in(conn: &Connection, year_id: i64, reason: &str) -> Result<i64> {
    let made = chrono::Local::now()
        .naive_local()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    conn.execute(
        "INSERT INTO timetable_version (academic_year_id, made, reason) VALUES (?1, ?2, ?3)",
        params![year_id, made, reason],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO timetable_version_entry (version_id, entry_id, day, lesson_number,
                teaching_load_id, room_id, in_first, in_second, locked)
         SELECT ?1, id, day, lesson_number, teaching_load_id, room_id, in_first, in_second, locked
           FROM timetable_entry WHERE academic_year_id = ?2",
        params![id, year_id],
    )?;
    Ok(id)
}

fn year_of(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT academic_year_id FROM timetable_version WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| {
        CoreError::refused(
            "version",
            Problem::from(GenerateProblem::NoSuchVersion { id }),
        )
    })
}

/// «Вернуть прежнее»: the year's timetable becomes the kept one exactly, in one transaction.
/// A lesson present in both keeps its row (and its substitutions); the version stays kept
/// until discarded. Returns the lessons the timetable holds now.
pub fn restore_version(db: &Db, id: i64) -> Result<usize> {
    db.write(|conn| {
        let year_id = year_of(conn, id)?;
        conn.execute(
            "DELETE FROM timetable_entry WHERE academic_year_id = ?1 AND id NOT IN
                 (SELECT entry_id FROM timetable_version_entry WHERE version_id = ?2)",
            params![year_id, id],
        )?;
        let n = conn.execute(
            "INSERT INTO timetable_entry (id, academic_year_id, day, lesson_number,
                    teaching_load_id, room_id, in_first, in_second, locked)
             SELECT entry_id, ?1, day, lesson_number, teaching_load_id, room_id, in_first,
                    in_second, locked
               FROM timetable_version_entry WHERE version_id = ?2
             ON CONFLICT (id) DO UPDATE SET academic_year_id = excluded.academic_year_id,
                    day = excluded.day, lesson_number = excluded.lesson_number,
                    teaching_load_id = excluded.teaching_load_id, room_id = excluded.room_id,
                    in_first = excluded.in_first, in_second = excluded.in_second,
                    locked = excluded.locked",
            params![year_id, id],
        )?;
        Ok(n)
    })
}

/// Forgets a kept timetable.
pub fn discard_version(db: &Db, id: i64) -> Result<()> {
    db.write(|conn| {
        year_of(conn, id)?;
        conn.execute("DELETE FROM timetable_version WHERE id = ?1", [id])?;
        Ok(())
    })
}
