//! Bell schedules («Расписание звонков»): named lists of numbered lessons with their start and
//! end times, one shift each, several per academic year.

use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, FieldError, Problem, Result, Saved, Warning};
use crate::validate;
use chrono::NaiveTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A break shorter than this is worth a warning: children cannot change rooms in time.
const SHORT_BREAK_MINUTES: i64 = 10;
/// The usual academic hour; a longer lesson is allowed but shown.
const LESSON_MINUTES: i64 = 45;
/// Lesson numbers the schema accepts (a «нулевой урок» is 0).
const MAX_LESSON_NUMBER: i32 = 12;

mod typical;
pub use typical::{typical_day, TypicalDay};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Bell {
    pub lesson_number: i32,
    /// «08:30»
    pub starts_at: String,
    pub ends_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BellSchedule {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    pub name: String,
    pub shift: i32,
    pub bells: Vec<Bell>,
}

/// The schedules of one academic year, by name.
pub fn list(db: &Db, academic_year_id: i64) -> Result<Vec<BellSchedule>> {
    let conn = db.conn();
    let mut stmt = conn.prepare(
        "SELECT id, academic_year_id, name, shift FROM bell_schedule
         WHERE academic_year_id = ?1 ORDER BY name COLLATE RU",
    )?;
    let heads = stmt
        .query_map([academic_year_id], head_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    heads.into_iter().map(|s| with_bells(conn, s)).collect()
}

/// One schedule with its bells.
pub fn get(db: &Db, id: i64) -> Result<BellSchedule> {
    load(db.conn(), id)
}

/// What a schedule as it is being edited would meet on saving: the field errors that would
/// refuse it and the warnings it would be saved with. The screen asks as the user types, so a
/// corrected time loses its error at once.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BellCheck {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<Warning>,
}

/// Checks the whole schedule as [`save`] does, writing nothing.
pub fn check(db: &Db, s: &BellSchedule) -> Result<BellCheck> {
    let (check, times) = examine(db.conn(), s)?;
    let errors = check.finish().err().map(|e| e.fields()).unwrap_or_default();
    Ok(BellCheck {
        errors,
        warnings: warnings(&s.bells, &times),
    })
}

/// Every rule of a schedule: the checks made (not yet finished) and the bells' times.
fn examine(conn: &Connection, s: &BellSchedule) -> Result<(Check, Vec<Span>)> {
    ensure_year(conn, s.academic_year_id)?;
    if let Some(id) = s.id {
        load(conn, id)?;
    }
    let mut check = Check::new();
    check_name(conn, &mut check, s.academic_year_id, &s.name, s.id)?;
    check_shift(conn, &mut check, s.shift)?;
    let times = check_bells(&mut check, &s.bells);
    Ok((check, times))
}

/// Validates the whole schedule, then writes it and all its bells in one transaction
/// (the bells are replaced by those sent, in order). Warnings do not stop the save.
pub fn save(db: &Db, s: &BellSchedule) -> Result<Saved<BellSchedule>> {
    let conn = db.conn();
    let (check, times) = examine(conn, s)?;
    check.finish()?;
    let warnings = warnings(&s.bells, &times);
    let bells: Vec<Bell> = s
        .bells
        .iter()
        .zip(&times)
        .filter_map(|(b, span)| {
            span.map(|(start, end)| Bell {
                lesson_number: b.lesson_number,
                starts_at: hhmm(start),
                ends_at: hhmm(end),
            })
        })
        .collect();
    let id = db.write(|tx| {
        let id = write_head(tx, s)?;
        write_bells(tx, id, &bells)?;
        Ok(id)
    })?;
    Ok(Saved {
        value: load(conn, id)?,
        warnings,
    })
}

/// A new schedule in the same year with the same shift and bells under `new_name`.
pub fn copy(db: &Db, id: i64, new_name: &str) -> Result<BellSchedule> {
    let conn = db.conn();
    let source = load(conn, id)?;
    let mut check = Check::new();
    check_name(conn, &mut check, source.academic_year_id, new_name, None)?;
    check.finish()?;
    let copy = BellSchedule {
        id: None,
        name: new_name.to_string(),
        ..source
    };
    let id = db.write(|tx| {
        let id = write_head(tx, &copy)?;
        write_bells(tx, id, &copy.bells)?;
        Ok(id)
    })?;
    load(conn, id)
}

pub fn delete(db: &Db, id: i64) -> Result<()> {
    let n = db
        .conn()
        .execute("DELETE FROM bell_schedule WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(not_found());
    }
    Ok(())
}

fn not_found() -> CoreError {
    CoreError::NotFound {
        what: "Расписание звонков",
    }
}

fn head_from_row(r: &rusqlite::Row) -> rusqlite::Result<BellSchedule> {
    Ok(BellSchedule {
        id: Some(r.get(0)?),
        academic_year_id: r.get(1)?,
        name: r.get(2)?,
        shift: r.get(3)?,
        bells: Vec::new(),
    })
}

fn load(conn: &Connection, id: i64) -> Result<BellSchedule> {
    let head = conn
        .query_row(
            "SELECT id, academic_year_id, name, shift FROM bell_schedule WHERE id = ?1",
            [id],
            head_from_row,
        )
        .optional()?
        .ok_or_else(not_found)?;
    with_bells(conn, head)
}

fn with_bells(conn: &Connection, mut s: BellSchedule) -> Result<BellSchedule> {
    let mut stmt = conn.prepare(
        "SELECT lesson_number, starts_at, ends_at FROM bell
         WHERE bell_schedule_id = ?1 ORDER BY lesson_number",
    )?;
    s.bells = stmt
        .query_map([s.id], |r| {
            Ok(Bell {
                lesson_number: r.get(0)?,
                starts_at: r.get(1)?,
                ends_at: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(s)
}

fn ensure_year(conn: &Connection, academic_year_id: i64) -> Result<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM academic_year WHERE id = ?1",
            [academic_year_id],
            |r| r.get(0),
        )
        .optional()?;
    found.map(|_| ()).ok_or(CoreError::NotFound {
        what: "Учебный год",
    })
}

/// Name required and unique in the year up to case and «ё».
fn check_name(
    conn: &Connection,
    check: &mut Check,
    academic_year_id: i64,
    name: &str,
    own_id: Option<i64>,
) -> Result<()> {
    if let Err(p) = validate::required(name) {
        check.add("name", p);
        return Ok(());
    }
    let key = ru_key(name.trim());
    let mut stmt =
        conn.prepare("SELECT id, name FROM bell_schedule WHERE academic_year_id = ?1")?;
    let rows = stmt.query_map([academic_year_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, other) = row?;
        if Some(id) != own_id && ru_key(other.trim()) == key {
            check.add("name", Problem::DuplicateName { name: other });
            break;
        }
    }
    Ok(())
}

/// The school's number of shifts is read straight from its card (row id = 1).
fn school_shifts(conn: &Connection) -> Result<i32> {
    let shifts: Option<i32> = conn
        .query_row("SELECT shifts FROM school WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    Ok(shifts.unwrap_or(1))
}

fn check_shift(conn: &Connection, check: &mut Check, shift: i32) -> Result<()> {
    let shifts = school_shifts(conn)?;
    if shift < 1 {
        check.add(
            "shift",
            Problem::NotInRange {
                min: 1,
                max: shifts.into(),
            },
        );
    } else if shift > shifts {
        check.add(
            "shift",
            Problem::ShiftAboveSchool {
                shifts: shifts.into(),
            },
        );
    }
    Ok(())
}

/// Start and end of a lesson whose times are both readable and in the right order.
type Span = Option<(NaiveTime, NaiveTime)>;

/// Checks every bell and returns the parsed times (None where a bell's times are unusable).
fn check_bells(check: &mut Check, bells: &[Bell]) -> Vec<Span> {
    check_numbers(check, bells);
    let spans: Vec<Span> = bells
        .iter()
        .enumerate()
        .map(|(i, b)| check_times(check, i, b))
        .collect();
    check_sequence(check, bells, &spans);
    spans
}

/// Numbers start at 0 or 1 and go up by exactly one: no gaps, no repeats.
fn check_numbers(check: &mut Check, bells: &[Bell]) {
    for (i, b) in bells.iter().enumerate() {
        let field = format!("bells.{i}.lesson_number");
        let n = b.lesson_number;
        if let Err(p) = validate::in_range(n.into(), 0, MAX_LESSON_NUMBER.into()) {
            check.add(field, p);
            continue;
        }
        // After a number out of range the next one is not judged: one typo, one message.
        let in_order = match i {
            0 => n <= 1,
            _ => {
                let prev = bells[i - 1].lesson_number;
                n == prev + 1 || !(0..=MAX_LESSON_NUMBER).contains(&prev)
            }
        };
        if !in_order {
            check.add(field, Problem::BellNumberOrder);
        }
    }
}

fn check_times(check: &mut Check, i: usize, b: &Bell) -> Span {
    let start = validate::time(&b.starts_at);
    let end = validate::time(&b.ends_at);
    check.field(&format!("bells.{i}.starts_at"), start.clone().map(|_| ()));
    check.field(&format!("bells.{i}.ends_at"), end.clone().map(|_| ()));
    let (start, end) = (start.ok()?, end.ok()?);
    if end <= start {
        check.add(format!("bells.{i}.ends_at"), Problem::LessonEndsBeforeStart);
        return None;
    }
    Some((start, end))
}

/// Each lesson starts after the one before it and overlaps none of the earlier ones.
/// Bells with unusable times are skipped so that one typo gives one message.
fn check_sequence(check: &mut Check, bells: &[Bell], spans: &[Span]) {
    let mut earlier: Vec<(i32, NaiveTime, NaiveTime)> = Vec::new();
    for (i, (b, span)) in bells.iter().zip(spans).enumerate() {
        let Some((start, end)) = *span else { continue };
        let field = format!("bells.{i}.starts_at");
        if earlier.last().is_some_and(|&(_, prev, _)| start <= prev) {
            check.add(field, Problem::BellNumberOrder);
        } else if let Some(&(other, _, _)) = earlier.iter().find(|&&(_, s, e)| start < e && s < end)
        {
            check.add(
                field,
                Problem::BellsOverlap {
                    other: other.into(),
                },
            );
        }
        earlier.push((b.lesson_number, start, end));
    }
}

/// Short breaks and long lessons among the bells whose times are usable.
fn warnings(bells: &[Bell], spans: &[Span]) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut previous: Option<(i32, NaiveTime)> = None;
    for (i, (b, span)) in bells.iter().zip(spans).enumerate() {
        let Some((start, end)) = *span else { continue };
        if let Some((after, prev_end)) = previous {
            let minutes = (start - prev_end).num_minutes();
            if minutes < SHORT_BREAK_MINUTES {
                out.push(Warning::new(
                    format!("bells.{i}.starts_at"),
                    Problem::ShortBreak {
                        minutes,
                        after: after.into(),
                    },
                ));
            }
        }
        let minutes = (end - start).num_minutes();
        if minutes > LESSON_MINUTES {
            out.push(Warning::new(
                format!("bells.{i}.ends_at"),
                Problem::LongLesson { minutes },
            ));
        }
        previous = Some((b.lesson_number, end));
    }
    out
}

/// Times are stored zero-padded so that the text order is the time order.
fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn write_head(conn: &Connection, s: &BellSchedule) -> Result<i64> {
    let name = s.name.trim();
    match s.id {
        Some(id) => {
            conn.execute(
                "UPDATE bell_schedule SET academic_year_id = ?1, name = ?2, shift = ?3 WHERE id = ?4",
                params![s.academic_year_id, name, s.shift, id],
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO bell_schedule (academic_year_id, name, shift) VALUES (?1, ?2, ?3)",
                params![s.academic_year_id, name, s.shift],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

fn write_bells(conn: &Connection, schedule_id: i64, bells: &[Bell]) -> Result<()> {
    conn.execute(
        "DELETE FROM bell WHERE bell_schedule_id = ?1",
        [schedule_id],
    )?;
    let mut stmt = conn.prepare(
        "INSERT INTO bell (bell_schedule_id, lesson_number, starts_at, ends_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for b in bells {
        stmt.execute(params![
            schedule_id,
            b.lesson_number,
            b.starts_at,
            b.ends_at
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db_with_year() -> (Db, i64) {
        let db = Db::in_memory().unwrap();
        let year = add_year(&db, "2026-2027");
        (db, year)
    }

    fn add_year(db: &Db, name: &str) -> i64 {
        let start: i32 = name[..4].parse().unwrap();
        db.conn()
            .execute(
                "INSERT INTO academic_year (name, starts_on, ends_on) VALUES (?1, ?2, ?3)",
                params![
                    name,
                    format!("{start}-09-01"),
                    format!("{}-08-31", start + 1)
                ],
            )
            .unwrap();
        db.conn().last_insert_rowid()
    }

    fn set_school_shifts(db: &Db, shifts: i32) {
        db.conn()
            .execute("UPDATE school SET shifts = ?1 WHERE id = 1", [shifts])
            .unwrap();
    }

    fn bell(n: i32, starts_at: &str, ends_at: &str) -> Bell {
        Bell {
            lesson_number: n,
            starts_at: starts_at.into(),
            ends_at: ends_at.into(),
        }
    }

    /// Seven 40-minute lessons with breaks of 10–20 minutes: no warnings.
    fn usual_bells() -> Vec<Bell> {
        vec![
            bell(1, "8:30", "9:10"),
            bell(2, "09:20", "10:00"),
            bell(3, "10:20", "11:00"),
            bell(4, "11:20", "12:00"),
            bell(5, "12:10", "12:50"),
            bell(6, "13:00", "13:40"),
            bell(7, "13:50", "14:30"),
        ]
    }

    fn schedule(year: i64, name: &str, bells: Vec<Bell>) -> BellSchedule {
        BellSchedule {
            id: None,
            academic_year_id: year,
            name: name.into(),
            shift: 1,
            bells,
        }
    }

    /// (field, code) of every field error of a refused save.
    fn errors(res: Result<impl std::fmt::Debug>) -> Vec<(String, String)> {
        match res {
            Err(CoreError::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect()
    }

    fn count(db: &Db, table: &str) -> i64 {
        db.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn saves_a_usual_schedule_with_padded_times_and_no_warnings() {
        let (db, year) = db_with_year();
        let saved = save(&db, &schedule(year, "  Основное ", usual_bells())).unwrap();
        assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
        let s = saved.value;
        assert!(s.id.is_some());
        assert_eq!(s.name, "Основное");
        assert_eq!(s.bells.len(), 7);
        assert_eq!(s.bells[0], bell(1, "08:30", "09:10"));
        assert_eq!(list(&db, year).unwrap(), vec![s.clone()]);
        assert_eq!(get(&db, s.id.unwrap()).unwrap(), s);
    }

    #[test]
    fn lists_schedules_of_one_year_in_russian_order() {
        let (db, year) = db_with_year();
        let other_year = add_year(&db, "2027-2028");
        for name in [
            "Основное",
            "ёлочный утренник",
            "Начальные классы",
            "Елисеевская",
        ] {
            save(&db, &schedule(year, name, usual_bells())).unwrap();
        }
        save(&db, &schedule(other_year, "Другой год", usual_bells())).unwrap();
        let names: Vec<String> = list(&db, year)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(
            names,
            [
                "Елисеевская",
                "ёлочный утренник",
                "Начальные классы",
                "Основное"
            ]
        );
        assert_eq!(list(&db, other_year).unwrap().len(), 1);
    }

    #[test]
    fn a_lesson_zero_may_open_the_day_and_an_empty_schedule_saves() {
        let (db, year) = db_with_year();
        let bells = vec![bell(0, "07:45", "08:25"), bell(1, "08:35", "09:15")];
        assert!(save(&db, &schedule(year, "С нулевым", bells)).is_ok());
        let empty = save(&db, &schedule(year, "Надомное", vec![])).unwrap();
        assert!(empty.value.bells.is_empty());
    }

    #[test]
    fn end_before_or_equal_to_start_is_refused_at_the_end_time() {
        let (db, year) = db_with_year();
        let mut bells = usual_bells();
        bells[1] = bell(2, "10:00", "09:20");
        bells[3] = bell(4, "11:20", "11:20");
        let res = save(&db, &schedule(year, "Основное", bells));
        assert_eq!(
            errors(res),
            pairs(&[
                ("bells.1.ends_at", "end_before_start"),
                ("bells.3.ends_at", "end_before_start"),
            ])
        );
        assert_eq!(count(&db, "bell_schedule"), 0);
    }

    #[test]
    fn overlapping_lessons_are_refused_naming_the_other_lesson() {
        let (db, year) = db_with_year();
        let mut bells = usual_bells();
        bells[2] = bell(3, "09:50", "10:30");
        let err = save(&db, &schedule(year, "Основное", bells)).unwrap_err();
        let fields = err.fields();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field, "bells.2.starts_at");
        assert_eq!(fields[0].code, "bells_overlap");
        assert!(fields[0].message.contains("№2"), "{}", fields[0].message);
    }

    #[test]
    fn a_lesson_overlapping_an_earlier_long_one_is_caught() {
        let (db, year) = db_with_year();
        let bells = vec![
            bell(1, "08:00", "10:00"),
            bell(2, "08:30", "08:40"),
            bell(3, "09:00", "09:40"),
        ];
        let err = save(&db, &schedule(year, "Основное", bells)).unwrap_err();
        let fields = err.fields();
        assert_eq!(fields.len(), 2);
        assert!(fields.iter().all(|f| f.code == "bells_overlap"));
        assert!(fields.iter().all(|f| f.message.contains("№1")));
    }

    #[test]
    fn lesson_numbers_must_go_up_by_one_from_zero_or_one() {
        let (db, year) = db_with_year();
        type Case = (Vec<i32>, Vec<(&'static str, &'static str)>);
        let cases: Vec<Case> = vec![
            (
                vec![2, 3, 4],
                vec![("bells.0.lesson_number", "bell_number_order")],
            ),
            (
                vec![1, 2, 2, 3],
                vec![("bells.2.lesson_number", "bell_number_order")],
            ),
            (
                vec![1, 2, 4, 5],
                vec![("bells.2.lesson_number", "bell_number_order")],
            ),
            (
                vec![1, 3, 2, 4],
                vec![
                    ("bells.1.lesson_number", "bell_number_order"),
                    ("bells.2.lesson_number", "bell_number_order"),
                    ("bells.3.lesson_number", "bell_number_order"),
                ],
            ),
            (
                vec![1, 2, -1, 4],
                vec![("bells.2.lesson_number", "not_in_range")],
            ),
        ];
        for (numbers, expected) in cases {
            let bells: Vec<Bell> = usual_bells()
                .into_iter()
                .zip(&numbers)
                .map(|(b, &n)| Bell {
                    lesson_number: n,
                    ..b
                })
                .collect();
            let res = save(&db, &schedule(year, "Основное", bells));
            assert_eq!(errors(res), pairs(&expected), "numbers {numbers:?}");
        }
        let thirteen: Vec<Bell> = (0..14)
            .map(|n| bell(n, &format!("{:02}:00", 7 + n), &format!("{:02}:40", 7 + n)))
            .collect();
        let res = save(&db, &schedule(year, "Длинный день", thirteen));
        assert_eq!(
            errors(res),
            pairs(&[("bells.13.lesson_number", "not_in_range")])
        );
        assert_eq!(count(&db, "bell_schedule"), 0);
    }

    #[test]
    fn times_must_increase_with_the_numbers() {
        let (db, year) = db_with_year();
        let bells = vec![
            bell(1, "09:20", "10:00"),
            bell(2, "08:30", "09:10"),
            bell(3, "10:20", "11:00"),
        ];
        let res = save(&db, &schedule(year, "Основное", bells));
        assert_eq!(
            errors(res),
            pairs(&[("bells.1.starts_at", "bell_number_order")])
        );
    }

    #[test]
    fn unreadable_times_are_refused_field_by_field() {
        let (db, year) = db_with_year();
        let bells = vec![
            bell(1, "8.30", "09:10"),
            bell(2, "09:20", "25:00"),
            bell(3, "", "11:00"),
            bell(4, "полдень", "12:60"),
            bell(5, "12:10:00", "12:50"),
        ];
        let res = save(&db, &schedule(year, "Основное", bells));
        assert_eq!(
            errors(res),
            pairs(&[
                ("bells.0.starts_at", "bad_time"),
                ("bells.1.ends_at", "bad_time"),
                ("bells.2.starts_at", "bad_time"),
                ("bells.3.starts_at", "bad_time"),
                ("bells.3.ends_at", "bad_time"),
                ("bells.4.starts_at", "bad_time"),
            ])
        );
    }

    #[test]
    fn all_errors_come_back_at_once_and_nothing_is_written() {
        let (db, year) = db_with_year();
        let s = BellSchedule {
            id: None,
            academic_year_id: year,
            name: "   ".into(),
            shift: 2,
            bells: vec![
                bell(1, "08:30", "9:10"),
                bell(3, "09:00", "09:40"),
                bell(4, "10:20", "10:00"),
                bell(5, "11:2O", "12:00"),
            ],
        };
        let err = save(&db, &s).unwrap_err();
        assert_eq!(err.code(), "invalid");
        let mut got = errors(Err::<(), _>(err));
        got.sort();
        let mut expected = pairs(&[
            ("name", "required"),
            ("shift", "shift_above_school"),
            ("bells.1.lesson_number", "bell_number_order"),
            ("bells.1.starts_at", "bells_overlap"),
            ("bells.2.ends_at", "end_before_start"),
            ("bells.3.starts_at", "bad_time"),
        ]);
        expected.sort();
        assert_eq!(got, expected);
        assert_eq!(count(&db, "bell_schedule"), 0);
        assert_eq!(count(&db, "bell"), 0);
    }

    #[test]
    fn short_breaks_and_long_lessons_are_warned_but_saved() {
        let (db, year) = db_with_year();
        let bells = vec![
            bell(1, "08:00", "08:45"),
            bell(2, "08:50", "09:30"),
            bell(3, "09:30", "10:20"),
            bell(4, "10:30", "11:10"),
        ];
        let saved = save(&db, &schedule(year, "Сжатое", bells)).unwrap();
        let got: Vec<(String, String, String)> = saved
            .warnings
            .iter()
            .map(|w| (w.field.clone(), w.code.clone(), w.message.clone()))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, "bells.1.starts_at");
        assert_eq!(got[0].1, "short_break");
        assert!(
            got[0].2.contains("№1") && got[0].2.contains("5 мин"),
            "{}",
            got[0].2
        );
        assert_eq!(
            (got[1].0.as_str(), got[1].1.as_str()),
            ("bells.2.starts_at", "short_break")
        );
        assert!(got[1].2.contains("0 мин"), "{}", got[1].2);
        assert_eq!(
            (got[2].0.as_str(), got[2].1.as_str()),
            ("bells.2.ends_at", "long_lesson")
        );
        assert!(got[2].2.contains("50 мин"), "{}", got[2].2);
        assert_eq!(list(&db, year).unwrap()[0].bells.len(), 4);
    }

    #[test]
    fn a_45_minute_lesson_and_a_10_minute_break_are_fine() {
        let (db, year) = db_with_year();
        let bells = vec![bell(1, "08:00", "08:45"), bell(2, "08:55", "09:40")];
        let saved = save(&db, &schedule(year, "Основное", bells)).unwrap();
        assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    }

    #[test]
    fn names_are_unique_in_a_year_up_to_case_and_yo() {
        let (db, year) = db_with_year();
        let first = save(&db, &schedule(year, "Ёлка", usual_bells()))
            .unwrap()
            .value;
        for name in ["ёлка", "ЕЛКА", " Елка "] {
            let err = save(&db, &schedule(year, name, usual_bells())).unwrap_err();
            assert_eq!(
                errors(Err::<(), _>(err)),
                pairs(&[("name", "duplicate_name")])
            );
        }
        let other_year = add_year(&db, "2027-2028");
        assert!(save(&db, &schedule(other_year, "Ёлка", usual_bells())).is_ok());
        let renamed = BellSchedule {
            name: "ЁЛКА".into(),
            ..first
        };
        assert_eq!(save(&db, &renamed).unwrap().value.name, "ЁЛКА");
    }

    #[test]
    fn shift_cannot_exceed_the_schools_shifts() {
        let (db, year) = db_with_year();
        let mut s = schedule(year, "Вторая смена", usual_bells());
        s.shift = 2;
        let err = save(&db, &s).unwrap_err();
        assert_eq!(
            errors(Err::<(), _>(err)),
            pairs(&[("shift", "shift_above_school")])
        );
        s.shift = 0;
        assert_eq!(errors(save(&db, &s)), pairs(&[("shift", "not_in_range")]));
        set_school_shifts(&db, 2);
        s.shift = 2;
        let mut saved = save(&db, &s).unwrap().value;
        assert_eq!(saved.shift, 2);
        saved.shift = 3;
        let err = save(&db, &saved).unwrap_err();
        assert_eq!(err.fields().len(), 1);
        assert!(err.fields()[0].message.contains("В школе 2 смен"));
    }

    #[test]
    fn saving_again_replaces_the_bells_as_sent() {
        let (db, year) = db_with_year();
        let mut s = save(&db, &schedule(year, "Основное", usual_bells()))
            .unwrap()
            .value;
        s.bells.truncate(5);
        s.bells[4].ends_at = "12:45".into();
        s.name = "Основное (сокращённое)".into();
        let saved = save(&db, &s).unwrap().value;
        assert_eq!(saved, s);
        assert_eq!(count(&db, "bell"), 5);
        assert_eq!(count(&db, "bell_schedule"), 1);
    }

    #[test]
    fn unknown_schedule_or_year_is_not_found() {
        let (db, year) = db_with_year();
        let mut s = schedule(year, "Основное", usual_bells());
        s.id = Some(999);
        assert_eq!(save(&db, &s).unwrap_err().code(), "not_found");
        s.id = None;
        s.academic_year_id = 999;
        assert_eq!(save(&db, &s).unwrap_err().code(), "not_found");
        assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
        assert_eq!(delete(&db, 999).unwrap_err().code(), "not_found");
        assert_eq!(copy(&db, 999, "Копия").unwrap_err().code(), "not_found");
    }

    #[test]
    fn a_failure_mid_way_leaves_the_old_schedule_whole() {
        let (db, year) = db_with_year();
        let before = save(&db, &schedule(year, "Основное", usual_bells()))
            .unwrap()
            .value;
        db.conn()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON bell WHEN NEW.lesson_number = 5
                 BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let mut changed = before.clone();
        changed.name = "Изменённое".into();
        changed.bells[0].starts_at = "08:00".into();
        assert_eq!(save(&db, &changed).unwrap_err().code(), "db");
        assert_eq!(list(&db, year).unwrap(), vec![before]);
    }

    #[test]
    fn copy_keeps_bells_and_shift_under_a_new_name() {
        let (db, year) = db_with_year();
        set_school_shifts(&db, 2);
        let mut s = schedule(year, "Основное", usual_bells());
        s.shift = 2;
        let original = save(&db, &s).unwrap().value;
        let copy = copy(&db, original.id.unwrap(), " Основное — копия ").unwrap();
        assert_ne!(copy.id, original.id);
        assert_eq!(copy.name, "Основное — копия");
        assert_eq!(copy.shift, 2);
        assert_eq!(copy.academic_year_id, year);
        assert_eq!(copy.bells, original.bells);
        assert_eq!(list(&db, year).unwrap().len(), 2);
        assert_eq!(get(&db, original.id.unwrap()).unwrap(), original);
    }

    #[test]
    fn copy_refuses_a_taken_or_empty_name() {
        let (db, year) = db_with_year();
        let original = save(&db, &schedule(year, "Основное", usual_bells()))
            .unwrap()
            .value;
        let id = original.id.unwrap();
        for name in ["основное", " ОСНОВНОЕ"] {
            assert_eq!(
                errors(copy(&db, id, name)),
                pairs(&[("name", "duplicate_name")])
            );
        }
        assert_eq!(errors(copy(&db, id, " ")), pairs(&[("name", "required")]));
        assert_eq!(count(&db, "bell_schedule"), 1);
    }

    #[test]
    fn delete_takes_the_bells_with_it() {
        let (db, year) = db_with_year();
        let keep = save(&db, &schedule(year, "Основное", usual_bells()))
            .unwrap()
            .value;
        let gone = save(&db, &schedule(year, "Надомное", usual_bells()))
            .unwrap()
            .value;
        delete(&db, gone.id.unwrap()).unwrap();
        assert_eq!(list(&db, year).unwrap(), vec![keep]);
        assert_eq!(count(&db, "bell"), 7);
    }

    #[test]
    fn a_schedule_is_checked_as_typed_without_saving() {
        let (db, year) = db_with_year();
        let mut s = schedule(year, "Основное", usual_bells());
        s.bells[2].starts_at = "25:00".into();
        s.bells[4].ends_at = "13:00".into();
        let found = check(&db, &s).unwrap();
        assert_eq!(
            found
                .errors
                .iter()
                .map(|e| (e.field.as_str(), e.code.as_str()))
                .collect::<Vec<_>>(),
            [("bells.2.starts_at", "bad_time")]
        );
        assert_eq!(found.warnings[0].code, "long_lesson");
        // Corrected, the error is gone at once; nothing was written either way.
        s.bells[2].starts_at = "10:00".into();
        assert!(check(&db, &s).unwrap().errors.is_empty());
        assert_eq!(count(&db, "bell_schedule"), 0);
    }
}
