//! Placements: where a student is on any day. A placement is a stretch of days in one class,
//! from `starts_on` (the first day in the class) up to `left_on` (the first day not in it; none =
//! to the year's end), so «studying in C on D» = `starts_on <= D < left_on`. A student's
//! placements never overlap; a transfer ends one and starts the next on the same day.

use crate::classes;
use crate::db::Db;
use crate::error::{CoreError, Result};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

/// A student's stretch of days in one class.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Placement {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    pub year_name: String,
    #[ts(type = "number")]
    pub class_id: i64,
    pub class_label: String,
    /// The first day in the class.
    pub starts_on: NaiveDate,
    /// The first day no longer in the class; none: to the end of the year.
    pub left_on: Option<NaiveDate>,
    /// The last day of the placement's year, where a placement without `left_on` ends.
    pub year_ends_on: NaiveDate,
}

impl Placement {
    /// In the class on `on`.
    pub fn covers(&self, on: NaiveDate) -> bool {
        self.starts_on <= on && on <= self.last_day()
    }

    /// The last day in the class (a placement left on its first day has none: the day before).
    pub fn last_day(&self) -> NaiveDate {
        match self.left_on {
            Some(left) => left.pred_opt().unwrap_or(left),
            None => self.year_ends_on,
        }
    }
}

const SELECT: &str = "SELECT p.id, p.academic_year_id, y.name, p.class_id, c.grade, c.letter,
    p.starts_on, p.left_on, y.ends_on
    FROM placement p
    JOIN academic_year y ON y.id = p.academic_year_id
    JOIN class c ON c.id = p.class_id";

fn from_row(r: &Row) -> rusqlite::Result<Placement> {
    Ok(Placement {
        id: r.get(0)?,
        academic_year_id: r.get(1)?,
        year_name: r.get(2)?,
        class_id: r.get(3)?,
        class_label: classes::label(r.get(4)?, &r.get::<_, String>(5)?),
        starts_on: r.get(6)?,
        left_on: r.get(7)?,
        year_ends_on: r.get(8)?,
    })
}

/// Every placement of the student, oldest first.
pub(crate) fn of_student(conn: &Connection, student_id: i64) -> Result<Vec<Placement>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE p.student_id = ?1 ORDER BY p.starts_on, p.id"
    ))?;
    let rows = stmt
        .query_map([student_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The student's places in classes, oldest first (a transfer is two of them in one year).
pub fn placements(db: &Db, student_id: i64) -> Result<Vec<Placement>> {
    crate::students::load(db.conn(), student_id)?;
    of_student(db.conn(), student_id)
}

/// The class the student is in on `on`; none when not studying that day.
pub fn class_on(db: &Db, student_id: i64, on: NaiveDate) -> Result<Option<Placement>> {
    crate::students::load(db.conn(), student_id)?;
    Ok(of_student(db.conn(), student_id)?
        .into_iter()
        .find(|p| p.covers(on)))
}

/// The id of the student's last placement in a year (the class the year's lists show the student
/// in), as SQL over the columns named: `student` and `year` are expressions of the outer query.
pub(crate) fn latest_sql(student: &str, year: &str) -> String {
    format!(
        "(SELECT q.id FROM placement q WHERE q.student_id = {student} AND q.academic_year_id = {year}
          ORDER BY q.starts_on DESC, q.id DESC LIMIT 1)"
    )
}

/// The student's last placement in the year: the class the student is in at its end, or the
/// class the student left the school from.
pub(crate) fn latest_in_year(
    conn: &Connection,
    student_id: i64,
    academic_year_id: i64,
) -> Result<Option<Placement>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE p.student_id = ?1 AND p.academic_year_id = ?2
              ORDER BY p.starts_on DESC, p.id DESC LIMIT 1"
        ))?
        .query_row([student_id, academic_year_id], from_row)
        .optional()?)
}

/// The class of the student's last placement in the year.
pub(crate) fn class_in_year(
    conn: &Connection,
    student_id: i64,
    academic_year_id: i64,
) -> Result<Option<i64>> {
    Ok(latest_in_year(conn, student_id, academic_year_id)?.map(|p| p.class_id))
}

/// Starts a placement (open to the year's end), inside the caller's transaction.
pub(crate) fn open(
    conn: &Connection,
    student_id: i64,
    class_id: i64,
    starts_on: NaiveDate,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO placement (academic_year_id, class_id, student_id, starts_on)
         SELECT academic_year_id, id, ?2, ?3 FROM class WHERE id = ?1",
    )?
    .execute(params![class_id, student_id, starts_on])?;
    Ok(conn.last_insert_rowid())
}

/// Ends a placement: `left_on` is the first day no longer in the class.
pub(crate) fn close(conn: &Connection, placement_id: i64, left_on: NaiveDate) -> Result<()> {
    conn.prepare_cached("UPDATE placement SET left_on = ?2 WHERE id = ?1")?
        .execute(params![placement_id, left_on])?;
    Ok(())
}

/// Places the student in the class for the class's year, without a movement (the rollover and
/// the corrections of a list place students so): a student with no place that year is placed
/// from the year's first day; one with places that year has the last of them moved to this
/// class, its dates kept (the class was put wrong), and so has the movement that began it.
pub(crate) fn place(conn: &Connection, student_id: i64, class_id: i64) -> Result<()> {
    let class = classes::load(conn, class_id)?;
    match latest_in_year(conn, student_id, class.academic_year_id)? {
        Some(p) if p.class_id == class_id => Ok(()),
        Some(p) => {
            conn.prepare_cached("UPDATE placement SET class_id = ?2 WHERE id = ?1")?
                .execute([p.id, class_id])?;
            conn.prepare_cached(
                "UPDATE movement SET to_class_id = ?3
                  WHERE student_id = ?1 AND to_class_id = ?2 AND occurred_on = ?4",
            )?
            .execute(params![student_id, p.class_id, class_id, p.starts_on])?;
            Ok(())
        }
        None => {
            let starts: NaiveDate = conn
                .prepare_cached("SELECT starts_on FROM academic_year WHERE id = ?1")?
                .query_row([class.academic_year_id], |r| r.get(0))
                .optional()?
                .ok_or(CoreError::NotFound {
                    what: "Учебный год",
                })?;
            open(conn, student_id, class_id, starts)?;
            Ok(())
        }
    }
}

/// Takes the student out of the classes of a year (a place entered by mistake): the year's
/// placements go, with the movements of that year and the student's individual curriculum of
/// the year, which is of a student placed that year. The student stays in the school.
pub(crate) fn unplace(conn: &Connection, student_id: i64, academic_year_id: i64) -> Result<()> {
    for sql in [
        "DELETE FROM placement WHERE student_id = ?1 AND academic_year_id = ?2",
        "DELETE FROM movement WHERE student_id = ?1 AND academic_year_id = ?2",
        "DELETE FROM curriculum WHERE kind = 'individual' AND student_id = ?1
            AND academic_year_id = ?2",
    ] {
        conn.execute(sql, [student_id, academic_year_id])?;
    }
    Ok(())
}

/// A student a class's sheet of a period lists.
pub(crate) struct SheetPlace {
    pub student_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    pub file_number: String,
    /// The day the student left the school, when this was their last place of the year.
    pub departed_on: Option<NaiveDate>,
}

/// The students a class's sheet of the period `from`–`to` lists: those whose place of the year
/// overlapping the period last is in this class (the class they are in at the period's end, or
/// the class they left the school from). So a student is never in two classes' sheets of one
/// period, and a transfer moves the student to the new class's sheets from the period it falls
/// in; a student's marks are theirs, so neither class loses them.
pub(crate) fn sheet_students(
    conn: &Connection,
    class_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SheetPlace>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.student_id, s.last_name, s.first_name, s.patronymic, s.file_number,
                CASE WHEN NOT EXISTS (SELECT 1 FROM placement n
                                       WHERE n.student_id = p.student_id
                                         AND n.academic_year_id = p.academic_year_id
                                         AND n.starts_on > p.starts_on)
                     THEN p.left_on END
           FROM placement p JOIN student s ON s.id = p.student_id
          WHERE p.class_id = ?1 AND p.starts_on <= ?3 AND (p.left_on IS NULL OR p.left_on > ?2)
            AND NOT EXISTS (SELECT 1 FROM placement q
                             WHERE q.student_id = p.student_id
                               AND q.academic_year_id = p.academic_year_id
                               AND q.starts_on > p.starts_on
                               AND q.starts_on <= ?3 AND (q.left_on IS NULL OR q.left_on > ?2))",
    )?;
    let rows = stmt
        .query_map(params![class_id, from, to], |r| {
            Ok(SheetPlace {
                student_id: r.get(0)?,
                last_name: r.get(1)?,
                first_name: r.get(2)?,
                patronymic: r.get(3)?,
                file_number: r.get(4)?,
                departed_on: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
