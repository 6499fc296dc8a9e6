//! Substitutions («замены»): on a date, one lesson of the weekly timetable given by another
//! teacher, and/or in another room, and/or as another subject, with a reason. Checked against
//! that day's lessons (with that day's other substitutions): the substitute teacher and the room
//! must be free then. The day's list is the substitution sheet; a month's counts per teacher
//! are what the pay office asks for.

use super::{day_name, Half, Lesson, Week};
use crate::choice::choice_enum;
use crate::db::Db;
use crate::error::{CoreError, Problem, Result, Saved};
use crate::people;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

const SUBSTITUTION: &str = "Замена";

choice_enum! {
    /// Why a lesson is given otherwise on a date.
    pub enum SubstitutionReason (fallback Other) {
        Illness = "illness", "Болезнь";
        Training = "training", "Курсы повышения квалификации";
        BusinessTrip = "business_trip", "Командировка";
        Leave = "leave", "Отпуск";
        Other = "other", "Другое";
    }
}

/// What the user saves. None in a `new_*` field: unchanged. With an id, that substitution is
/// changed; without, a substitution of the same lesson and date is replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SubstitutionInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub date: NaiveDate,
    #[ts(type = "number")]
    pub timetable_entry_id: i64,
    #[ts(type = "number | null")]
    pub new_staff_member_id: Option<i64>,
    #[ts(type = "number | null")]
    pub new_room_id: Option<i64>,
    #[ts(type = "number | null")]
    pub new_subject_id: Option<i64>,
    pub reason: SubstitutionReason,
    pub note: String,
}

/// A stored substitution with the lesson it replaces.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Substitution {
    #[ts(type = "number")]
    pub id: i64,
    pub date: NaiveDate,
    /// The lesson of the weekly timetable replaced.
    pub lesson: Lesson,
    #[ts(type = "number | null")]
    pub new_staff_member_id: Option<i64>,
    /// «Петрова О. И.»; empty when the teacher is unchanged.
    pub new_teacher: String,
    #[ts(type = "number | null")]
    pub new_room_id: Option<i64>,
    pub new_room: String,
    #[ts(type = "number | null")]
    pub new_subject_id: Option<i64>,
    pub new_subject: String,
    pub reason: SubstitutionReason,
    pub note: String,
}

/// The substitution sheet of a day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DaySubstitutions {
    pub date: NaiveDate,
    /// «01.10.2026».
    pub date_text: String,
    /// «четверг».
    pub day_name: String,
    /// By lesson number, then class.
    pub rows: Vec<Substitution>,
}

/// A teacher's substituted lessons in a month.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SubstitutionCount {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    /// «Иванова А. П.».
    pub teacher: String,
    /// Lessons given for others.
    pub given: i32,
    /// Own lessons given by others.
    pub missed: i32,
}

/// A substitution as stored, before it is joined with its lesson.
#[derive(Debug, Clone)]
struct Stored {
    id: i64,
    entry_id: i64,
    teacher: Option<i64>,
    room: Option<i64>,
    subject: Option<i64>,
    reason: String,
    note: String,
}

fn stored_on(conn: &Connection, date: NaiveDate) -> Result<Vec<Stored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, timetable_entry_id, new_staff_member_id, new_room_id, new_subject_id,
                reason, note FROM substitution WHERE date = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([date], |r| {
            Ok(Stored {
                id: r.get(0)?,
                entry_id: r.get(1)?,
                teacher: r.get(2)?,
                room: r.get(3)?,
                subject: r.get(4)?,
                reason: r.get(5)?,
                note: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn year_of_entry(conn: &Connection, entry_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT academic_year_id FROM timetable_entry WHERE id = ?1",
        [entry_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound {
        what: "Урок расписания",
    })
}

/// The half-year of a date in a year starting `starts_on`: the first until the new year.
fn half_of(starts_on: NaiveDate, date: NaiveDate) -> Half {
    if date.year() <= starts_on.year() {
        Half::First
    } else {
        Half::Second
    }
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn staff_name(conn: &Connection, id: i64) -> Result<String> {
    let (last, first, patronymic): (String, String, String) = conn
        .query_row(
            "SELECT last_name, first_name, patronymic FROM staff_member WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Сотрудник"
        })?;
    Ok(people::short_name(&last, &first, &patronymic))
}

fn subject_name(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT name FROM subject WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Предмет"
        })
}

/// The date must be a day of the lesson's year, its weekday and a half-year it runs in.
fn check_date(conn: &Connection, week: &Week, lesson: &Lesson, date: NaiveDate) -> Result<Half> {
    let (name, starts, ends): (String, Option<NaiveDate>, Option<NaiveDate>) = conn.query_row(
        "SELECT name, starts_on, ends_on FROM academic_year WHERE id = ?1",
        [week.academic_year_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if starts.is_some_and(|s| date < s) || ends.is_some_and(|e| date > e) {
        return Err(CoreError::refused(
            "date",
            Problem::OutsideYear { year: name },
        ));
    }
    let weekday = date.weekday().number_from_monday() as i32;
    if weekday != lesson.day {
        let p = Problem::SubstitutionWrongDay {
            date: dmy(date),
            day: day_name(weekday).to_string(),
        };
        return Err(CoreError::refused("date", p));
    }
    let half = half_of(starts.unwrap_or(date), date);
    if !lesson.runs_in(half) {
        let only = if lesson.in_first { 1 } else { 2 };
        return Err(CoreError::refused(
            "date",
            Problem::LessonNotInHalf { half: only },
        ));
    }
    Ok(half)
}

/// The input with values equal to the lesson's own dropped: they change nothing.
fn changes(input: &SubstitutionInput, lesson: &Lesson) -> (Option<i64>, Option<i64>, Option<i64>) {
    (
        input
            .new_staff_member_id
            .filter(|t| *t != lesson.staff_member_id),
        input.new_room_id.filter(|r| Some(*r) != lesson.room_id),
        input
            .new_subject_id
            .filter(|s| Some(*s) != lesson.subject_id),
    )
}

/// Who gives a lesson and where on the date, after its substitution (if any).
fn effective(l: &Lesson, subs: &HashMap<i64, &Stored>) -> (i64, Option<i64>) {
    match subs.get(&l.id) {
        Some(s) => (s.teacher.unwrap_or(l.staff_member_id), s.room.or(l.room_id)),
        None => (l.staff_member_id, l.room_id),
    }
}

/// The substitute teacher and room must be free at that lesson on that date: the lessons of
/// the slot running in the half-year, each as that day's substitutions make it.
fn check_free(
    conn: &Connection,
    week: &Week,
    lesson: &Lesson,
    half: Half,
    others: &[&Stored],
    (teacher, room): (Option<i64>, Option<i64>),
) -> Result<()> {
    let others: HashMap<i64, &Stored> = others
        .iter()
        .copied()
        .filter(|s| s.entry_id != lesson.id)
        .map(|s| (s.entry_id, s))
        .collect();
    // Lessons of other bell schedules overlap by time under other numbers.
    let slot = week
        .running_with(lesson)
        .filter(|o| o.id != lesson.id && o.runs_in(half));
    for o in slot {
        let (who, where_) = effective(o, &others);
        if teacher.is_some_and(|t| t == who) {
            let p = Problem::SubstituteBusy {
                teacher: staff_name(conn, who)?,
                class: o.classes_label.clone(),
                lesson: o.lesson_number,
            };
            return Err(CoreError::refused("new_staff_member_id", p));
        }
        if room.is_some() && room == where_ {
            let p = Problem::SubstituteRoomBusy {
                room: room
                    .and_then(|r| week.rooms.get(&r).cloned())
                    .unwrap_or_default(),
                class: o.classes_label.clone(),
                lesson: o.lesson_number,
            };
            return Err(CoreError::refused("new_room_id", p));
        }
    }
    Ok(())
}

fn write(
    conn: &Connection,
    input: &SubstitutionInput,
    c: (Option<i64>, Option<i64>, Option<i64>),
) -> Result<i64> {
    let note = input.note.trim();
    match input.id {
        Some(id) => {
            let n = conn.execute(
                "UPDATE substitution SET date = ?2, timetable_entry_id = ?3,
                        new_staff_member_id = ?4, new_room_id = ?5, new_subject_id = ?6,
                        reason = ?7, note = ?8 WHERE id = ?1",
                params![
                    id,
                    input.date,
                    input.timetable_entry_id,
                    c.0,
                    c.1,
                    c.2,
                    input.reason.code(),
                    note
                ],
            )?;
            if n == 0 {
                return Err(CoreError::NotFound { what: SUBSTITUTION });
            }
            Ok(id)
        }
        None => Ok(conn.query_row(
            "INSERT INTO substitution (date, timetable_entry_id, new_staff_member_id,
                    new_room_id, new_subject_id, reason, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (timetable_entry_id, date) DO UPDATE SET
                    new_staff_member_id = excluded.new_staff_member_id,
                    new_room_id = excluded.new_room_id, new_subject_id = excluded.new_subject_id,
                    reason = excluded.reason, note = excluded.note
             RETURNING id",
            params![
                input.date,
                input.timetable_entry_id,
                c.0,
                c.1,
                c.2,
                input.reason.code(),
                note
            ],
            |r| r.get(0),
        )?),
    }
}

/// Saves a substitution after checking it against that day's lessons, in one transaction.
pub fn save(db: &Db, input: &SubstitutionInput) -> Result<Saved<Substitution>> {
    db.write(|conn| {
        let week = Week::read_in(conn, year_of_entry(conn, input.timetable_entry_id)?)?;
        let lesson = week
            .lessons
            .iter()
            .find(|l| l.id == input.timetable_entry_id)
            .ok_or(CoreError::NotFound {
                what: "Урок расписания",
            })?;
        let half = check_date(conn, &week, lesson, input.date)?;
        let c = changes(input, lesson);
        if c == (None, None, None) {
            return Err(CoreError::refused(
                "new_staff_member_id",
                Problem::SubstitutionChangesNothing,
            ));
        }
        if let Some(t) = c.0 {
            if !super::read::is_current(conn, t, input.date)? {
                let name = staff_name(conn, t)?;
                return Err(CoreError::refused(
                    "new_staff_member_id",
                    Problem::LessonTeacherLeft { name },
                ));
            }
        }
        if let Some(r) = c.1 {
            if !week.rooms.contains_key(&r) {
                return Err(CoreError::NotFound {
                    what: "Кабинет"
                });
            }
        }
        if let Some(s) = c.2 {
            subject_name(conn, s)?;
        }
        let subs = stored_on(conn, input.date)?;
        // That day's other substitutions (this one, when edited, left out).
        let others: Vec<&Stored> = subs.iter().filter(|s| Some(s.id) != input.id).collect();
        check_free(conn, &week, lesson, half, &others, (c.0, c.1))?;
        let id = write(conn, input, c)?;
        let value = day_rows(conn, &week, input.date)?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(CoreError::NotFound { what: SUBSTITUTION })?;
        Ok(Saved {
            value,
            warnings: Vec::new(),
        })
    })
}

pub fn delete(db: &Db, id: i64) -> Result<()> {
    db.write(|conn| {
        if conn.execute("DELETE FROM substitution WHERE id = ?1", [id])? == 0 {
            return Err(CoreError::NotFound { what: SUBSTITUTION });
        }
        Ok(())
    })
}

/// The substitutions of a date joined with their lessons, by lesson number and class.
fn day_rows(conn: &Connection, week: &Week, date: NaiveDate) -> Result<Vec<Substitution>> {
    let by_id: HashMap<i64, &Lesson> = week.lessons.iter().map(|l| (l.id, l)).collect();
    let mut rows = Vec::new();
    for s in stored_on(conn, date)? {
        let Some(lesson) = by_id.get(&s.entry_id) else {
            continue; // a lesson of another year's timetable
        };
        rows.push(Substitution {
            id: s.id,
            date,
            lesson: (*lesson).clone(),
            new_staff_member_id: s.teacher,
            new_teacher: s
                .teacher
                .map(|t| staff_name(conn, t))
                .transpose()?
                .unwrap_or_default(),
            new_room_id: s.room,
            new_room: s
                .room
                .and_then(|r| week.rooms.get(&r).cloned())
                .unwrap_or_default(),
            new_subject_id: s.subject,
            new_subject: s
                .subject
                .map(|x| subject_name(conn, x))
                .transpose()?
                .unwrap_or_default(),
            reason: SubstitutionReason::from_code(&s.reason),
            note: s.note,
        });
    }
    let order = &week.class_index;
    rows.sort_by_key(|s| {
        let class = s
            .lesson
            .class_ids
            .first()
            .and_then(|c| order.get(c).copied());
        (s.lesson.lesson_number, class, s.id)
    });
    Ok(rows)
}

/// The substitution sheet of a date.
pub fn on_date(db: &Db, date: NaiveDate) -> Result<DaySubstitutions> {
    db.read(|conn| {
        let years: Vec<i64> = conn
            .prepare(
                "SELECT DISTINCT e.academic_year_id FROM substitution s
                   JOIN timetable_entry e ON e.id = s.timetable_entry_id WHERE s.date = ?1",
            )?
            .query_map([date], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut rows = Vec::new();
        for year in years {
            rows.extend(day_rows(conn, &Week::read_in(conn, year)?, date)?);
        }
        Ok(DaySubstitutions {
            date,
            date_text: dmy(date),
            day_name: day_name(date.weekday().number_from_monday() as i32).to_string(),
            rows,
        })
    })
}

/// Each teacher's substituted lessons in a month: given for others and own given by others.
pub fn month_counts(db: &Db, year: i32, month: u32) -> Result<Vec<SubstitutionCount>> {
    let from = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| CoreError::refused("month", Problem::NotInRange { min: 1, max: 12 }))?;
    let to = from
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(from);
    let conn = db.conn();
    let mut counts: BTreeMap<i64, (i32, i32)> = BTreeMap::new();
    let mut given = conn.prepare(
        "SELECT new_staff_member_id, count(*) FROM substitution
          WHERE date BETWEEN ?1 AND ?2 AND new_staff_member_id IS NOT NULL GROUP BY 1",
    )?;
    for row in given.query_map([from, to], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?))
    })? {
        let (id, n) = row?;
        counts.entry(id).or_default().0 = n;
    }
    let mut missed = conn.prepare(
        "SELECT t.staff_member_id, count(*) FROM substitution s
           JOIN timetable_entry e ON e.id = s.timetable_entry_id
           JOIN teaching_load t ON t.id = e.teaching_load_id
          WHERE s.date BETWEEN ?1 AND ?2 AND s.new_staff_member_id IS NOT NULL GROUP BY 1",
    )?;
    for row in missed.query_map([from, to], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?))
    })? {
        let (id, n) = row?;
        counts.entry(id).or_default().1 = n;
    }
    let mut out = counts
        .into_iter()
        .map(|(id, (given, missed))| {
            Ok(SubstitutionCount {
                staff_member_id: id,
                teacher: staff_name(conn, id)?,
                given,
                missed,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| crate::db::compare_ru(&a.teacher, &b.teacher));
    Ok(out)
}
