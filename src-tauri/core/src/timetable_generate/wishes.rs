//! What the user adds for the generator: a teacher's wishes for a year (unavailable lessons,
//! at most so many working days, a methodical day), paired lessons and a preferred room on a
//! load line, lessons locked in place. Each write is one transaction; bad values are refused
//! with a Russian message naming what to do.

use crate::db::Db;
use crate::error::{CoreError, GenerateProblem, Problem, Result};
use crate::timetable::Half;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

const TEACHER: &str = "Сотрудник";
const LOAD_LINE: &str = "Строка нагрузки";
const LESSON: &str = "Урок расписания";

/// A teacher's wishes for one academic year: what the grid of all teachers and the teacher's
/// card show and edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TeacherWishes {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    /// At most so many working days a week; None: any.
    pub max_days: Option<i32>,
    /// The methodical day (1 = Monday): a whole day without lessons; None: none.
    pub methodical_day: Option<i32>,
    /// (day, lesson number) pairs without lessons, the methodical day apart.
    pub unavailable: Vec<(i32, i32)>,
}

impl TeacherWishes {
    pub fn none(staff_member_id: i64) -> Self {
        TeacherWishes {
            staff_member_id,
            max_days: None,
            methodical_day: None,
            unavailable: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.max_days.is_none() && self.methodical_day.is_none() && self.unavailable.is_empty()
    }
}

/// Every teacher's wishes of a year that has any, by staff member id.
pub fn teacher_wishes(db: &Db, academic_year_id: i64) -> Result<Vec<TeacherWishes>> {
    db.read(|conn| read_wishes(conn, academic_year_id))
}

pub(crate) fn read_wishes(conn: &Connection, year_id: i64) -> Result<Vec<TeacherWishes>> {
    let mut out: std::collections::BTreeMap<i64, TeacherWishes> = Default::default();
    let mut stmt = conn.prepare_cached(
        "SELECT staff_member_id, max_days, methodical_day FROM teacher_wish
          WHERE academic_year_id = ?1",
    )?;
    let rows = stmt.query_map([year_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?))
    })?;
    for row in rows {
        let (id, max_days, methodical_day) = row?;
        let w = out.entry(id).or_insert_with(|| TeacherWishes::none(id));
        w.max_days = max_days;
        w.methodical_day = methodical_day;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT staff_member_id, day, lesson_number FROM teacher_unavailable
          WHERE academic_year_id = ?1 ORDER BY staff_member_id, day, lesson_number",
    )?;
    let rows = stmt.query_map([year_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?))
    })?;
    for row in rows {
        let (id, day, n) = row?;
        out.entry(id)
            .or_insert_with(|| TeacherWishes::none(id))
            .unavailable
            .push((day, n));
    }
    Ok(out.into_values().collect())
}

/// The lesson numbers of the bells of the year's classes: of those `staff` teaches when given.
fn bell_numbers(conn: &Connection, year_id: i64, staff: Option<i64>) -> Result<BTreeSet<i32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT b.lesson_number FROM class k
           JOIN bell b ON b.bell_schedule_id = k.bell_schedule_id
          WHERE k.academic_year_id = ?1
            AND (?2 IS NULL OR k.id IN (
                 SELECT c.class_id FROM teaching_load t
                   JOIN teaching_load_line tl ON tl.teaching_load_id = t.id
                   JOIN curriculum_line l ON l.id = tl.curriculum_line_id
                   JOIN curriculum c ON c.id = l.curriculum_id
                  WHERE t.staff_member_id = ?2 AND t.academic_year_id = ?1))",
    )?;
    let numbers = stmt
        .query_map(params![year_id, staff], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(numbers)
}

/// Every lesson number of the bells of the year's classes.
pub(super) fn year_lesson_numbers(conn: &Connection, year_id: i64) -> Result<BTreeSet<i32>> {
    bell_numbers(conn, year_id, None)
}

/// The lesson numbers of the bells of the classes the teacher teaches that year (of every
/// class of the year when the teacher has no load yet): the lessons a wish may name.
pub(super) fn teacher_lesson_numbers(
    conn: &Connection,
    year_id: i64,
    staff: i64,
) -> Result<BTreeSet<i32>> {
    let own = bell_numbers(conn, year_id, Some(staff))?;
    if own.is_empty() {
        year_lesson_numbers(conn, year_id)
    } else {
        Ok(own)
    }
}

/// A staff member's last name, first name and patronymic.
pub(super) fn staff_names(conn: &Connection, staff: i64) -> Result<(String, String, String)> {
    conn.query_row(
        "SELECT last_name, first_name, patronymic FROM staff_member WHERE id = ?1",
        [staff],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: TEACHER })
}

fn teacher_name(conn: &Connection, staff: i64) -> Result<String> {
    let (last, first, patronymic) = staff_names(conn, staff)?;
    Ok(crate::people::short_name(&last, &first, &patronymic))
}

fn refused(field: &str, p: GenerateProblem) -> CoreError {
    CoreError::refused(field, Problem::from(p))
}

fn check_wishes(conn: &Connection, year_id: i64, w: &TeacherWishes) -> Result<()> {
    let teacher = teacher_name(conn, w.staff_member_id)?;
    let days = crate::timetable::week_days(conn)?;
    if let Some(max) = w.max_days.filter(|m| !(1..=days).contains(m)) {
        return Err(refused(
            "max_days",
            GenerateProblem::MaxDaysOutOfRange {
                max,
                week_days: days,
            },
        ));
    }
    let day_ok = |day: i32| (1..=days).contains(&day);
    if let Some(day) = w.methodical_day.filter(|d| !day_ok(*d)) {
        return Err(refused(
            "methodical_day",
            GenerateProblem::DayOutsideWeek {
                day,
                week_days: days,
            },
        ));
    }
    let numbers = teacher_lesson_numbers(conn, year_id, w.staff_member_id)?;
    for &(day, lesson) in &w.unavailable {
        if !day_ok(day) {
            return Err(refused(
                "unavailable",
                GenerateProblem::DayOutsideWeek {
                    day,
                    week_days: days,
                },
            ));
        }
        if !numbers.contains(&lesson) {
            return Err(refused(
                "unavailable",
                GenerateProblem::NoSuchLessonForTeacher {
                    teacher: teacher.clone(),
                    lesson,
                },
            ));
        }
    }
    Ok(())
}

/// Replaces a teacher's wishes for the year (empty wishes remove them), in one transaction.
pub fn set_teacher_wishes(db: &Db, academic_year_id: i64, w: &TeacherWishes) -> Result<()> {
    set_teachers_wishes(db, academic_year_id, std::slice::from_ref(w))
}

/// Replaces the wishes of several teachers (a block of the grid of all teachers) in one
/// transaction: all of them or, when one is refused, none.
pub fn set_teachers_wishes(db: &Db, academic_year_id: i64, list: &[TeacherWishes]) -> Result<()> {
    db.write(|conn| {
        for w in list {
            write_wishes(conn, academic_year_id, w)?;
        }
        Ok(())
    })
}

fn write_wishes(conn: &Connection, academic_year_id: i64, w: &TeacherWishes) -> Result<()> {
    check_wishes(conn, academic_year_id, w)?;
    let key = params![academic_year_id, w.staff_member_id];
    conn.execute(
        "DELETE FROM teacher_wish WHERE academic_year_id = ?1 AND staff_member_id = ?2",
        key,
    )?;
    conn.execute(
        "DELETE FROM teacher_unavailable WHERE academic_year_id = ?1 AND staff_member_id = ?2",
        key,
    )?;
    if w.max_days.is_some() || w.methodical_day.is_some() {
        conn.execute(
            "INSERT INTO teacher_wish (academic_year_id, staff_member_id, max_days,
                    methodical_day) VALUES (?1, ?2, ?3, ?4)",
            params![
                academic_year_id,
                w.staff_member_id,
                w.max_days,
                w.methodical_day
            ],
        )?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO teacher_unavailable (academic_year_id, staff_member_id, day,
                lesson_number) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for &(day, n) in &w.unavailable {
        insert.execute(params![academic_year_id, w.staff_member_id, day, n])?;
    }
    Ok(())
}

/// A load line's title for messages, «5 А, Труд (технология) (Иванова И. И.)», and its hours
/// in the two half-years.
fn line_title(conn: &Connection, id: i64) -> Result<(String, f64, f64)> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.grade, k.letter, coalesce(s.name, l.course), m.last_name, m.first_name,
                m.patronymic, t.hours_first, t.hours_second
           FROM teaching_load t
           JOIN staff_member m ON m.id = t.staff_member_id
           JOIN teaching_load_line tl ON tl.teaching_load_id = t.id
           JOIN curriculum_line l ON l.id = tl.curriculum_line_id
           JOIN curriculum c ON c.id = l.curriculum_id
           JOIN class k ON k.id = c.class_id
           LEFT JOIN subject s ON s.id = l.subject_id
          WHERE t.id = ?1 ORDER BY k.grade, k.letter",
    )?;
    let rows: Vec<(String, String, String, f64, f64)> = stmt
        .query_map([id], |r| {
            Ok((
                crate::classes::label(r.get(0)?, &r.get::<_, String>(1)?),
                r.get(2)?,
                crate::people::short_name(
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                ),
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (_, subject, teacher, first, second) = rows
        .first()
        .cloned()
        .ok_or(CoreError::NotFound { what: LOAD_LINE })?;
    let mut classes: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    classes.dedup();
    Ok((
        format!("{}, {subject} ({teacher})", classes.join(", ")),
        first,
        second,
    ))
}

/// Sets how many of a load line's lessons a week go as pairs (0: none). Refused when the pairs
/// take more lessons than a half-year's hours of the line give.
pub fn set_paired_lessons(db: &Db, teaching_load_id: i64, pairs: i32) -> Result<()> {
    db.write(|conn| {
        let (what, first, second) = line_title(conn, teaching_load_id)?;
        for (half, hours) in [(Half::First, first), (Half::Second, second)] {
            let lessons = hours.ceil() as i32;
            if hours > 0.0 && pairs * 2 > lessons || pairs < 0 {
                return Err(refused(
                    "paired_lessons",
                    GenerateProblem::TooManyPairs {
                        what: what.clone(),
                        pairs,
                        hours: lessons,
                        half: half.number(),
                    },
                ));
            }
        }
        conn.execute(
            "UPDATE teaching_load SET paired_lessons = ?2 WHERE id = ?1",
            params![teaching_load_id, pairs],
        )?;
        Ok(())
    })
}

/// Sets (or clears) the room a load line's lessons should take.
pub fn set_preferred_room(db: &Db, teaching_load_id: i64, room_id: Option<i64>) -> Result<()> {
    db.write(|conn| {
        line_title(conn, teaching_load_id)?;
        if let Some(id) = room_id {
            let exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM room WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(refused(
                    "preferred_room_id",
                    GenerateProblem::NoSuchRoom { id },
                ));
            }
        }
        conn.execute(
            "UPDATE teaching_load SET preferred_room_id = ?2 WHERE id = ?1",
            params![teaching_load_id, room_id],
        )?;
        Ok(())
    })
}

/// Locks (or unlocks) lessons of the timetable: a locked lesson stays where it is when the
/// timetable is generated again. All or none, in one transaction.
pub fn set_locked(db: &Db, entry_ids: &[i64], locked: bool) -> Result<()> {
    db.write(|conn| {
        let mut update =
            conn.prepare_cached("UPDATE timetable_entry SET locked = ?2 WHERE id = ?1")?;
        for &id in entry_ids {
            if update.execute(params![id, locked])? == 0 {
                return Err(CoreError::NotFound { what: LESSON });
            }
        }
        Ok(())
    })
}

/// Per load line: (pairs a week, preferred room).
pub(crate) fn read_line_wishes(
    conn: &Connection,
    year_id: i64,
) -> Result<std::collections::HashMap<i64, (i32, Option<i64>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, paired_lessons, preferred_room_id FROM teaching_load
          WHERE academic_year_id = ?1 AND (paired_lessons > 0 OR preferred_room_id IS NOT NULL)",
    )?;
    let rows = stmt
        .query_map([year_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The locked lessons of a year.
pub(crate) fn read_locked(conn: &Connection, year_id: i64) -> Result<BTreeSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM timetable_entry WHERE academic_year_id = ?1 AND locked = 1",
    )?;
    let ids = stmt
        .query_map([year_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}
