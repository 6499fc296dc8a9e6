//! Academic years, their term schemes with dated terms, and holidays.
//!
//! A year runs from 1 September to 31 August by default. A scheme («Четверти», «Полугодия»…)
//! holds the terms in which marks are given; a class follows one scheme. A holiday belongs to
//! the whole year or to one scheme only (the extra February week of grade 1), and may fall
//! inside a term.

use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result};
use crate::validate;
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
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
pub use days::{term_days, TermDays};

const YEAR: &str = "Учебный год";
const SCHEME: &str = "Шаблон учебных периодов";
const HOLIDAY: &str = "Период каникул";

/// Names of the usual schemes made with every new year.
pub const QUARTERS: &str = "Четверти";
pub const QUARTERS_GRADE_1: &str = "Четверти (1 класс)";
pub const TRIMESTERS: &str = "Триместры";
pub const HALVES: &str = "Полугодия";

// ---------------------------------------------------------------------------------------------
// Reading

const YEAR_COLUMNS: &str = "id, name, starts_on, ends_on, is_current";

fn year_from_row(r: &Row) -> rusqlite::Result<AcademicYear> {
    Ok(AcademicYear {
        id: r.get(0)?,
        name: r.get(1)?,
        starts_on: r.get(2)?,
        ends_on: r.get(3)?,
        is_current: r.get(4)?,
    })
}

/// Newest first.
pub fn list(db: &Db) -> Result<Vec<AcademicYear>> {
    let sql = format!("SELECT {YEAR_COLUMNS} FROM academic_year ORDER BY starts_on DESC, id DESC");
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt.query_map([], year_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn current(db: &Db) -> Result<Option<AcademicYear>> {
    let sql = format!("SELECT {YEAR_COLUMNS} FROM academic_year WHERE is_current = 1");
    Ok(db.conn().query_row(&sql, [], year_from_row).optional()?)
}

/// The id of the current year; refused (`no_current_year`) when the school has none yet.
pub fn current_id(db: &Db) -> Result<i64> {
    current(db)?
        .and_then(|y| y.id)
        .ok_or_else(|| CoreError::refused("year", Problem::NoCurrentYear))
}

fn year(conn: &Connection, id: i64) -> Result<AcademicYear> {
    let sql = format!("SELECT {YEAR_COLUMNS} FROM academic_year WHERE id = ?1");
    conn.query_row(&sql, [id], year_from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: YEAR })
}

fn terms(conn: &Connection, scheme_id: i64) -> Result<Vec<Term>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, starts_on, ends_on FROM term WHERE term_scheme_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([scheme_id], |r| {
        Ok(Term {
            id: r.get(0)?,
            name: r.get(1)?,
            starts_on: r.get(2)?,
            ends_on: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn scheme_from_row(r: &Row) -> rusqlite::Result<TermScheme> {
    Ok(TermScheme {
        id: r.get(0)?,
        academic_year_id: r.get(1)?,
        name: r.get(2)?,
        terms: Vec::new(),
    })
}

fn with_terms(conn: &Connection, mut s: TermScheme) -> Result<TermScheme> {
    s.terms = terms(conn, s.id.unwrap_or_default())?;
    Ok(s)
}

fn scheme(conn: &Connection, id: i64) -> Result<TermScheme> {
    let s = conn
        .query_row(
            "SELECT id, academic_year_id, name FROM term_scheme WHERE id = ?1",
            [id],
            scheme_from_row,
        )
        .optional()?
        .ok_or(CoreError::NotFound { what: SCHEME })?;
    with_terms(conn, s)
}

fn schemes(conn: &Connection, year_id: i64) -> Result<Vec<TermScheme>> {
    let mut stmt = conn.prepare(
        "SELECT id, academic_year_id, name FROM term_scheme
         WHERE academic_year_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([year_id], scheme_from_row)?;
    rows.collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|s| with_terms(conn, s))
        .collect()
}

const HOLIDAY_COLUMNS: &str = "id, academic_year_id, term_scheme_id, name, starts_on, ends_on";

fn holiday_from_row(r: &Row) -> rusqlite::Result<Holiday> {
    Ok(Holiday {
        id: r.get(0)?,
        academic_year_id: r.get(1)?,
        term_scheme_id: r.get(2)?,
        name: r.get(3)?,
        starts_on: r.get(4)?,
        ends_on: r.get(5)?,
    })
}

fn holiday(conn: &Connection, id: i64) -> Result<Holiday> {
    let sql = format!("SELECT {HOLIDAY_COLUMNS} FROM holiday WHERE id = ?1");
    conn.query_row(&sql, [id], holiday_from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: HOLIDAY })
}

fn holidays(conn: &Connection, year_id: i64) -> Result<Vec<Holiday>> {
    let sql = format!(
        "SELECT {HOLIDAY_COLUMNS} FROM holiday WHERE academic_year_id = ?1
         ORDER BY starts_on, ends_on, name COLLATE RU, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([year_id], holiday_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The year with its schemes (by name) and holidays (by date).
pub fn detail(db: &Db, id: i64) -> Result<YearDetail> {
    let conn = db.conn();
    Ok(YearDetail {
        year: year(conn, id)?,
        schemes: schemes(conn, id)?,
        holidays: holidays(conn, id)?,
    })
}

// ---------------------------------------------------------------------------------------------
// Years

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Only called with fixed days of the years of a validated school year, which always exist.
    NaiveDate::from_ymd_opt(y, m, d).expect("a fixed calendar day")
}

/// The school year containing `date`: from September on it is the year starting then,
/// before September the one that started the September before.
pub fn default_for(date: NaiveDate) -> AcademicYear {
    let first = if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    };
    AcademicYear {
        id: None,
        name: format!("{first}-{}", first + 1),
        starts_on: Some(ymd(first, 9, 1)),
        ends_on: Some(ymd(first + 1, 8, 31)),
        is_current: false,
    }
}

/// The year a «new year» form starts from: the one containing `today`, or, when that one
/// exists already, the year after the newest one the school has.
pub fn next_default(db: &Db, today: NaiveDate) -> Result<AcademicYear> {
    let by_today = default_for(today);
    let years = list(db)?;
    let Some(newest) = years.iter().filter_map(|y| y.ends_on).max() else {
        return Ok(by_today);
    };
    if years.iter().any(|y| y.name == by_today.name) || newest >= today {
        return Ok(default_for(newest + chrono::Days::new(1)));
    }
    Ok(by_today)
}

/// «2026 – 2027» and «2026—2027» are read as «2026-2027».
fn normalize_year_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if matches!(c, '–' | '—' | '‒') {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// Two consecutive four-digit years joined by a hyphen.
fn year_name_ok(name: &str) -> bool {
    let Some((a, b)) = name.split_once('-') else {
        return false;
    };
    let four = |s: &str| s.len() == 4 && s.chars().all(|c| c.is_ascii_digit());
    match (
        four(a).then(|| a.parse::<i32>()),
        four(b).then(|| b.parse::<i32>()),
    ) {
        (Some(Ok(a)), Some(Ok(b))) => b == a + 1,
        _ => false,
    }
}

/// A year's name as typed («2027 – 2028») in the stored form, when it names two consecutive
/// years; the first of the two.
pub fn parse_name(text: &str) -> Option<(String, i32)> {
    let name = normalize_year_name(text);
    if !year_name_ok(&name) {
        return None;
    }
    let first = name.split_once('-')?.0.parse().ok()?;
    Some((name, first))
}

/// The name of the year after the one named «2026-2027»: «2027-2028» (None for a bad name).
pub fn next_name(name: &str) -> Option<String> {
    parse_name(name).map(|(_, first)| format!("{}-{}", first + 1, first + 2))
}

/// The year of the school named so (up to the way it is typed), if any.
pub fn find_by_name(db: &Db, name: &str) -> Result<Option<AcademicYear>> {
    let Some(id) = year_id_by_name(db.conn(), &normalize_year_name(name), None)? else {
        return Ok(None);
    };
    year(db.conn(), id).map(Some)
}

/// A year's checked name and dates.
struct YearBounds {
    name: String,
    starts: NaiveDate,
    ends: NaiveDate,
}

impl YearBounds {
    fn contains(&self, d: NaiveDate) -> bool {
        (self.starts..=self.ends).contains(&d)
    }

    fn outside(&self) -> Problem {
        Problem::OutsideYear {
            year: self.name.clone(),
        }
    }
}

fn bounds(conn: &Connection, id: i64) -> Result<YearBounds> {
    let y = year(conn, id)?;
    match (y.starts_on, y.ends_on) {
        (Some(starts), Some(ends)) => Ok(YearBounds {
            name: y.name,
            starts,
            ends,
        }),
        // The table requires both dates; a row without them is not a year we wrote.
        _ => Err(CoreError::NotFound { what: YEAR }),
    }
}

/// Checks the year's own fields; returns its bounds when they are usable for further checks.
fn check_year_fields(check: &mut Check, y: &AcademicYear) -> Option<YearBounds> {
    let name = normalize_year_name(&y.name);
    if name.is_empty() {
        check.add("name", Problem::Required);
    } else if !year_name_ok(&name) {
        check.add("name", Problem::YearNameFormat);
    }
    for (field, value) in [("starts_on", y.starts_on), ("ends_on", y.ends_on)] {
        if value.is_none() {
            check.add(field, Problem::Required);
        }
    }
    let (starts, ends) = (y.starts_on?, y.ends_on?);
    if ends <= starts {
        check.add("ends_on", Problem::EndBeforeStart);
        return None;
    }
    if ends.year() != starts.year() + 1 {
        check.add("ends_on", Problem::YearSpan);
        return None;
    }
    let expected = format!("{}-{}", starts.year(), ends.year());
    if !check.has("name") && name != expected {
        check.add("name", Problem::YearNameMismatch { expected });
    }
    Some(YearBounds { name, starts, ends })
}

fn year_id_by_name(conn: &Connection, name: &str, except: Option<i64>) -> Result<Option<i64>> {
    let mut stmt = conn.prepare("SELECT id, name FROM academic_year")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let key = ru_key(name);
    for row in rows {
        let (id, other) = row?;
        if Some(id) != except && ru_key(&other) == key {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Terms and holidays of the year that would fall outside new dates, as «name» lists:
/// those starting before `starts` and those ending after `ends`.
fn periods_left_out(
    conn: &Connection,
    year_id: i64,
    starts: NaiveDate,
    ends: NaiveDate,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut stmt = conn.prepare(
        "SELECT '«' || t.name || '» («' || s.name || '»)', t.starts_on, t.ends_on
           FROM term t JOIN term_scheme s ON s.id = t.term_scheme_id
          WHERE s.academic_year_id = ?1
         UNION ALL
         SELECT '«' || name || '»', starts_on, ends_on FROM holiday WHERE academic_year_id = ?1
         ORDER BY 2, 1",
    )?;
    let rows = stmt.query_map([year_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, NaiveDate>(2)?,
        ))
    })?;
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for row in rows {
        let (label, s, e) = row?;
        if s < starts {
            before.push(label.clone());
        }
        if e > ends {
            after.push(label);
        }
    }
    Ok((before, after))
}

/// Every rule of a year being saved: its fields, a unique name, and (for a year already
/// saved) the terms and holidays it holds still fitting in its dates.
fn check_year(conn: &Connection, y: &AcademicYear, id: Option<i64>) -> Result<YearBounds> {
    let mut check = Check::new();
    let bounds = check_year_fields(&mut check, y);
    if let Some(b) = &bounds {
        if !check.has("name") && year_id_by_name(conn, &b.name, id)?.is_some() {
            check.add(
                "name",
                Problem::DuplicateName {
                    name: b.name.clone(),
                },
            );
        }
        if let Some(id) = id {
            let (before, after) = periods_left_out(conn, id, b.starts, b.ends)?;
            for (field, names) in [("starts_on", before), ("ends_on", after)] {
                if !names.is_empty() {
                    let names = names.join(", ");
                    check.add(field, Problem::PeriodsOutsideYear { names });
                }
            }
        }
    }
    check.finish()?;
    // `finish` passed, so the fields were complete and consistent.
    bounds.ok_or(CoreError::NotFound { what: YEAR })
}

/// Writes the year; a current year takes the mark from any other (one current year only).
fn write_year(conn: &Connection, id: Option<i64>, b: &YearBounds, is_current: bool) -> Result<i64> {
    if is_current {
        conn.execute(
            "UPDATE academic_year SET is_current = 0 WHERE id IS NOT ?1",
            [id],
        )?;
    }
    match id {
        Some(id) => {
            conn.execute(
                "UPDATE academic_year SET name = ?1, starts_on = ?2, ends_on = ?3, is_current = ?4
                 WHERE id = ?5",
                params![b.name, b.starts, b.ends, is_current, id],
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO academic_year (name, starts_on, ends_on, is_current)
                 VALUES (?1, ?2, ?3, ?4)",
                params![b.name, b.starts, b.ends, is_current],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Adds a year or changes one. `is_current = true` makes it the current year (and no other).
pub fn save(db: &Db, y: &AcademicYear) -> Result<AcademicYear> {
    if let Some(id) = y.id {
        year(db.conn(), id)?;
    }
    let b = check_year(db.conn(), y, y.id)?;
    let id = db.write(|tx| write_year(tx, y.id, &b, y.is_current))?;
    year(db.conn(), id)
}

/// One year by its id.
pub fn get(db: &Db, id: i64) -> Result<AcademicYear> {
    year(db.conn(), id)
}

/// Makes this year the current one, and no other.
pub fn set_current(db: &Db, id: i64) -> Result<()> {
    year(db.conn(), id)?;
    db.write(|tx| {
        tx.execute(
            "UPDATE academic_year SET is_current = 0 WHERE is_current = 1",
            [],
        )?;
        tx.execute(
            "UPDATE academic_year SET is_current = 1 WHERE id = ?1",
            [id],
        )?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Periods: the dates of a term or a holiday

/// Checks one dated period; `prefix` is "" for a form or "terms.2." for a row of a list.
/// Returns the dates when both are there and in order.
fn check_period(
    check: &mut Check,
    prefix: &str,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    year: &YearBounds,
) -> Option<(NaiveDate, NaiveDate)> {
    let starts_field = format!("{prefix}starts_on");
    let ends_field = format!("{prefix}ends_on");
    for (field, value) in [(&starts_field, starts_on), (&ends_field, ends_on)] {
        match value {
            None => check.add(field.as_str(), Problem::Required),
            Some(d) if !year.contains(d) => check.add(field.as_str(), year.outside()),
            Some(_) => {}
        }
    }
    let (s, e) = (starts_on?, ends_on?);
    if e < s {
        check.add(ends_field, Problem::EndBeforeStart);
        return None;
    }
    Some((s, e))
}

// ---------------------------------------------------------------------------------------------
// Term schemes

/// The scheme `id` of year `year_id`, or NotFound (also when it belongs to another year).
fn ensure_scheme_in_year(conn: &Connection, id: i64, year_id: i64) -> Result<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM term_scheme WHERE id = ?1 AND academic_year_id = ?2",
            [id, year_id],
            |r| r.get(0),
        )
        .optional()?;
    found
        .map(|_| ())
        .ok_or(CoreError::NotFound { what: SCHEME })
}

fn scheme_name_taken(conn: &Connection, s: &TermScheme) -> Result<bool> {
    let mut stmt = conn.prepare("SELECT id, name FROM term_scheme WHERE academic_year_id = ?1")?;
    let rows = stmt.query_map([s.academic_year_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let key = ru_key(s.name.trim());
    for row in rows {
        let (id, name) = row?;
        if Some(id) != s.id && ru_key(&name) == key {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The terms of one scheme: each complete, inside the year, named once, none overlapping
/// an earlier one in the list (reported on the later one's start).
fn check_terms(check: &mut Check, list: &[Term], year: &YearBounds) {
    let mut seen: Vec<(&str, NaiveDate, NaiveDate)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let prefix = format!("terms.{i}.");
        let name = t.name.trim();
        if name.is_empty() {
            check.add(format!("{prefix}name"), Problem::Required);
        } else if names.contains(&ru_key(name)) {
            check.add(
                format!("{prefix}name"),
                Problem::DuplicateName { name: name.into() },
            );
        }
        names.push(ru_key(name));
        let Some((s, e)) = check_period(check, &prefix, t.starts_on, t.ends_on, year) else {
            continue;
        };
        if let Some((other, ..)) = seen.iter().find(|(_, os, oe)| s <= *oe && *os <= e) {
            check.add(
                format!("{prefix}starts_on"),
                Problem::TermsOverlap {
                    other: (*other).into(),
                },
            );
        }
        seen.push((name, s, e));
    }
}

fn check_scheme(conn: &Connection, s: &TermScheme, year: &YearBounds) -> Result<()> {
    let mut check = Check::new();
    let name = s.name.trim();
    if name.is_empty() {
        check.add("name", Problem::Required);
    } else if scheme_name_taken(conn, s)? {
        check.add("name", Problem::DuplicateName { name: name.into() });
    }
    check_terms(&mut check, &s.terms, year);
    check.finish()
}

/// Writes the scheme and replaces its terms with those sent, in their order.
/// Call inside one transaction: the old terms go only if all the new ones land.
fn write_scheme(conn: &Connection, s: &TermScheme) -> Result<i64> {
    let id = match s.id {
        Some(id) => {
            conn.execute(
                "UPDATE term_scheme SET name = ?1 WHERE id = ?2",
                params![s.name.trim(), id],
            )?;
            conn.execute("DELETE FROM term WHERE term_scheme_id = ?1", [id])?;
            id
        }
        None => {
            conn.execute(
                "INSERT INTO term_scheme (academic_year_id, name) VALUES (?1, ?2)",
                params![s.academic_year_id, s.name.trim()],
            )?;
            conn.last_insert_rowid()
        }
    };
    let mut insert = conn.prepare(
        "INSERT INTO term (term_scheme_id, position, name, starts_on, ends_on)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, t) in s.terms.iter().enumerate() {
        insert.execute(params![
            id,
            position as i64,
            t.name.trim(),
            t.starts_on,
            t.ends_on
        ])?;
    }
    Ok(id)
}

/// Saves the scheme together with all its terms (replaced as sent), or nothing.
pub fn save_scheme(db: &Db, s: &TermScheme) -> Result<TermScheme> {
    let conn = db.conn();
    let year = bounds(conn, s.academic_year_id)?;
    if let Some(id) = s.id {
        ensure_scheme_in_year(conn, id, s.academic_year_id)?;
    }
    check_scheme(conn, s, &year)?;
    let id = db.write(|tx| write_scheme(tx, s))?;
    scheme(conn, id)
}

/// Deletes the scheme with its terms and its own holidays.
pub fn delete_scheme(db: &Db, id: i64) -> Result<()> {
    let n = db
        .conn()
        .execute("DELETE FROM term_scheme WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(CoreError::NotFound { what: SCHEME });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Holidays

fn check_holiday(h: &Holiday, year: &YearBounds) -> Result<()> {
    let mut check = Check::new();
    check.field("name", validate::required(&h.name));
    check_period(&mut check, "", h.starts_on, h.ends_on, year);
    check.finish()
}

fn write_holiday(conn: &Connection, h: &Holiday) -> Result<i64> {
    let values = (
        h.academic_year_id,
        h.term_scheme_id,
        h.name.trim(),
        h.starts_on,
        h.ends_on,
    );
    match h.id {
        Some(id) => {
            conn.execute(
                "UPDATE holiday SET academic_year_id = ?1, term_scheme_id = ?2, name = ?3,
                     starts_on = ?4, ends_on = ?5 WHERE id = ?6",
                params![values.0, values.1, values.2, values.3, values.4, id],
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO holiday (academic_year_id, term_scheme_id, name, starts_on, ends_on)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Saves a holiday of the whole year or of one scheme; it must lie inside the year and may
/// fall inside a term.
pub fn save_holiday(db: &Db, h: &Holiday) -> Result<Holiday> {
    let conn = db.conn();
    let year = bounds(conn, h.academic_year_id)?;
    if let Some(scheme_id) = h.term_scheme_id {
        ensure_scheme_in_year(conn, scheme_id, h.academic_year_id)?;
    }
    if let Some(id) = h.id {
        holiday(conn, id)?;
    }
    check_holiday(h, &year)?;
    let id = write_holiday(conn, h)?;
    holiday(conn, id)
}

pub fn delete_holiday(db: &Db, id: i64) -> Result<()> {
    let n = db
        .conn()
        .execute("DELETE FROM holiday WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(CoreError::NotFound { what: HOLIDAY });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The usual calendar of a Russian school year

fn sunday_on_or_before(d: NaiveDate) -> NaiveDate {
    d - Days::new(d.weekday().num_days_from_sunday().into())
}

fn monday_on_or_after(d: NaiveDate) -> NaiveDate {
    d + Days::new(((7 - d.weekday().num_days_from_monday()) % 7).into())
}

fn period(name: &str, starts: NaiveDate, ends: NaiveDate) -> Term {
    Term {
        id: None,
        name: name.into(),
        starts_on: Some(starts),
        ends_on: Some(ends),
    }
}

/// Terms and holidays of a usual year, after the Ministry's recommended calendar (2026-2027:
/// quarters 01.09–24.10, 05.11–28.12, 12.01–20.03, 30.03–26.05). The autumn holiday runs
/// from a Sunday to National Unity Day (4 November), the winter one over the New Year days,
/// the spring one nine days from the Sunday about 21 March; grade 1 rests one more week from
/// the Monday in 12–18 February. Lessons end on 26 May.
struct UsualCalendar {
    quarters: Vec<Term>,
    trimesters: Vec<Term>,
    halves: Vec<Term>,
    /// Autumn, winter, spring: for the whole school.
    holidays: Vec<Term>,
    grade_1_holiday: Term,
}

fn usual_calendar(year: &YearBounds) -> UsualCalendar {
    let (y, next) = (year.starts.year(), year.starts.year() + 1);
    let start = year.starts;
    let last = ymd(next, 5, 26).min(year.ends);
    let one = Days::new(1);

    let autumn = (sunday_on_or_before(ymd(y, 10, 25)), ymd(y, 11, 4));
    let winter = (ymd(y, 12, 29), ymd(next, 1, 11));
    let spring_start = sunday_on_or_before(ymd(next, 3, 21));
    let spring = (spring_start, spring_start + Days::new(8));
    let grade_1 = monday_on_or_after(ymd(next, 2, 12));

    let q1_end = autumn.0 - one;
    let q2 = (autumn.1 + one, winter.0 - one);
    let q3 = (winter.1 + one, spring.0 - one);
    let q4_start = spring.1 + one;
    UsualCalendar {
        quarters: vec![
            period("1 четверть", start, q1_end),
            period("2 четверть", q2.0, q2.1),
            period("3 четверть", q3.0, q3.1),
            period("4 четверть", q4_start, last),
        ],
        trimesters: vec![
            period("1 триместр", start, ymd(y, 11, 30)),
            period("2 триместр", ymd(y, 12, 1), ymd(next, 3, 1) - one),
            period("3 триместр", ymd(next, 3, 1), last),
        ],
        halves: vec![
            period("1 полугодие", start, q2.1),
            period("2 полугодие", q3.0, last),
        ],
        holidays: vec![
            period("Осенние каникулы", autumn.0, autumn.1),
            period("Зимние каникулы", winter.0, winter.1),
            period("Весенние каникулы", spring.0, spring.1),
        ],
        grade_1_holiday: period(
            "Дополнительные каникулы для первоклассников",
            grade_1,
            grade_1 + Days::new(6),
        ),
    }
}

fn holiday_of(year_id: i64, scheme_id: Option<i64>, p: Term) -> Holiday {
    Holiday {
        id: None,
        academic_year_id: year_id,
        term_scheme_id: scheme_id,
        name: p.name,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
    }
}

/// Writes the usual schemes and holidays into the new year `year_id`, checking each against
/// the same rules as a user's input (a year with unusual dates may not fit them).
fn write_usual_schemes(conn: &Connection, year_id: i64, year: &YearBounds) -> Result<()> {
    let cal = usual_calendar(year);
    let mut grade_1_scheme = None;
    for (name, terms) in [
        (QUARTERS, cal.quarters.clone()),
        (QUARTERS_GRADE_1, cal.quarters),
        (TRIMESTERS, cal.trimesters),
        (HALVES, cal.halves),
    ] {
        let s = TermScheme {
            id: None,
            academic_year_id: year_id,
            name: name.into(),
            terms,
        };
        check_scheme(conn, &s, year)?;
        let id = write_scheme(conn, &s)?;
        if name == QUARTERS_GRADE_1 {
            grade_1_scheme = Some(id);
        }
    }
    let whole_school = cal
        .holidays
        .into_iter()
        .map(|p| holiday_of(year_id, None, p));
    let grade_1 = holiday_of(year_id, grade_1_scheme, cal.grade_1_holiday);
    for h in whole_school.chain([grade_1]) {
        check_holiday(&h, year)?;
        write_holiday(conn, &h)?;
    }
    Ok(())
}

/// Creates the year with the usual schemes («Четверти», «Четверти (1 класс)», «Триместры»,
/// «Полугодия») and holidays, in one transaction.
pub fn create_with_usual_schemes(db: &Db, y: &AcademicYear) -> Result<YearDetail> {
    let b = check_year(db.conn(), y, None)?;
    let id = db.write(|tx| {
        let id = write_year(tx, None, &b, y.is_current)?;
        write_usual_schemes(tx, id, &b)?;
        Ok(id)
    })?;
    detail(db, id)
}

/// A school file ready to fill in (`zavuch-cli init`): the federal subjects, and the school
/// year containing `today` with its usual schemes, marked current; all in one change.
/// Running it again changes nothing but the current mark.
pub fn init(db: &Db, today: NaiveDate) -> Result<YearDetail> {
    db.write(|conn| {
        crate::subjects::seed_federal(db)?;
        let y = AcademicYear {
            is_current: true,
            ..default_for(today)
        };
        match year_id_by_name(conn, &y.name, None)? {
            Some(id) => {
                set_current(db, id)?;
                detail(db, id)
            }
            None => create_with_usual_schemes(db, &y),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn year_2026() -> AcademicYear {
        default_for(date(2026, 9, 1))
    }

    fn fields(err: CoreError) -> Vec<(String, String)> {
        assert_eq!(err.code(), "invalid", "{err}");
        err.fields()
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.to_string(), code.to_string())
    }

    fn term(name: &str, s: NaiveDate, e: NaiveDate) -> Term {
        period(name, s, e)
    }

    /// A year saved bare, without the usual schemes.
    fn bare_year(db: &Db) -> i64 {
        save(db, &year_2026()).unwrap().id.unwrap()
    }

    fn scheme_named(d: &YearDetail, name: &str) -> TermScheme {
        d.schemes
            .iter()
            .find(|s| s.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("no scheme {name}"))
    }

    fn dates(t: &Term) -> (NaiveDate, NaiveDate) {
        (t.starts_on.unwrap(), t.ends_on.unwrap())
    }

    fn count(db: &Db, table: &str) -> i64 {
        db.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn default_year_by_date() {
        let y = default_for(date(2026, 9, 1));
        assert_eq!(y.name, "2026-2027");
        assert_eq!(y.starts_on, Some(date(2026, 9, 1)));
        assert_eq!(y.ends_on, Some(date(2027, 8, 31)));
        assert!(!y.is_current && y.id.is_none());
        assert_eq!(default_for(date(2026, 8, 31)).name, "2025-2026");
        assert_eq!(default_for(date(2026, 8, 15)).name, "2025-2026");
        assert_eq!(default_for(date(2027, 1, 10)).name, "2026-2027");
        assert_eq!(default_for(date(2026, 12, 31)).name, "2026-2027");
    }

    #[test]
    fn saves_lists_newest_first_and_reads_back() {
        let db = Db::in_memory().unwrap();
        assert!(list(&db).unwrap().is_empty());
        assert_eq!(current(&db).unwrap(), None);
        let a = save(&db, &default_for(date(2025, 9, 1))).unwrap();
        let b = save(&db, &year_2026()).unwrap();
        assert_eq!(b.name, "2026-2027");
        let names: Vec<_> = list(&db).unwrap().into_iter().map(|y| y.name).collect();
        assert_eq!(names, vec!["2026-2027", "2025-2026"]);
        let d = detail(&db, a.id.unwrap()).unwrap();
        assert_eq!(d.year, a);
        assert!(d.schemes.is_empty() && d.holidays.is_empty());
        assert_eq!(detail(&db, 999).unwrap_err().code(), "not_found");
    }

    #[test]
    fn year_name_is_normalised() {
        let db = Db::in_memory().unwrap();
        let y = AcademicYear {
            name: " 2026 – 2027 ".into(),
            ..year_2026()
        };
        assert_eq!(save(&db, &y).unwrap().name, "2026-2027");
    }

    #[test]
    fn year_name_format_and_mismatch() {
        let db = Db::in_memory().unwrap();
        for bad in [
            "2026/2027",
            "2026-2028",
            "26-27",
            "2026",
            "учебный год",
            "2026-2027-2028",
        ] {
            let y = AcademicYear {
                name: bad.into(),
                ..year_2026()
            };
            assert_eq!(
                fields(save(&db, &y).unwrap_err()),
                vec![pair("name", "year_name_format")],
                "{bad}"
            );
        }
        let y = AcademicYear {
            name: "2025-2026".into(),
            ..year_2026()
        };
        let err = save(&db, &y).unwrap_err();
        assert_eq!(fields(err), vec![pair("name", "year_name_mismatch")]);
        let err = save(&db, &y).unwrap_err();
        assert!(err.fields()[0].message.contains("«2026-2027»"));
        assert!(list(&db).unwrap().is_empty());
    }

    #[test]
    fn year_dates_required_and_in_order_all_reported_at_once() {
        let db = Db::in_memory().unwrap();
        let y = AcademicYear {
            id: None,
            name: String::new(),
            starts_on: None,
            ends_on: None,
            is_current: false,
        };
        assert_eq!(
            fields(save(&db, &y).unwrap_err()),
            vec![
                pair("name", "required"),
                pair("starts_on", "required"),
                pair("ends_on", "required"),
            ]
        );
        let y = AcademicYear {
            starts_on: Some(date(2027, 8, 31)),
            ends_on: Some(date(2026, 9, 1)),
            ..year_2026()
        };
        assert_eq!(
            fields(save(&db, &y).unwrap_err()),
            vec![pair("ends_on", "end_before_start")]
        );
        let same_day = AcademicYear {
            ends_on: Some(date(2026, 9, 1)),
            ..year_2026()
        };
        assert_eq!(
            fields(save(&db, &same_day).unwrap_err()),
            vec![pair("ends_on", "end_before_start")]
        );
    }

    #[test]
    fn a_year_starts_in_one_calendar_year_and_ends_in_the_next() {
        let db = Db::in_memory().unwrap();
        for ends in [date(2028, 8, 31), date(2026, 12, 31)] {
            let y = AcademicYear {
                ends_on: Some(ends),
                ..year_2026()
            };
            assert_eq!(
                fields(save(&db, &y).unwrap_err()),
                vec![pair("ends_on", "year_span")],
                "{ends}"
            );
        }
        let edited = AcademicYear {
            starts_on: Some(date(2026, 9, 2)),
            ends_on: Some(date(2027, 6, 30)),
            ..year_2026()
        };
        assert_eq!(save(&db, &edited).unwrap().ends_on, Some(date(2027, 6, 30)));
    }

    #[test]
    fn year_names_are_unique() {
        let db = Db::in_memory().unwrap();
        let y = save(&db, &year_2026()).unwrap();
        assert_eq!(
            fields(save(&db, &year_2026()).unwrap_err()),
            vec![pair("name", "duplicate_name")]
        );
        assert_eq!(
            fields(create_with_usual_schemes(&db, &year_2026()).unwrap_err()),
            vec![pair("name", "duplicate_name")]
        );
        // Saving the year itself again is not a duplicate.
        assert_eq!(save(&db, &y).unwrap(), y);
        assert_eq!(list(&db).unwrap().len(), 1);
    }

    #[test]
    fn saving_a_missing_year_is_not_found() {
        let db = Db::in_memory().unwrap();
        let y = AcademicYear {
            id: Some(42),
            ..year_2026()
        };
        assert_eq!(save(&db, &y).unwrap_err().code(), "not_found");
        assert_eq!(set_current(&db, 42).unwrap_err().code(), "not_found");
    }

    #[test]
    fn one_current_year_only() {
        let db = Db::in_memory().unwrap();
        let old = save(
            &db,
            &AcademicYear {
                is_current: true,
                ..default_for(date(2025, 9, 1))
            },
        )
        .unwrap();
        assert_eq!(current(&db).unwrap().unwrap().id, old.id);
        let new = save(
            &db,
            &AcademicYear {
                is_current: true,
                ..year_2026()
            },
        )
        .unwrap();
        assert_eq!(current(&db).unwrap().unwrap().id, new.id);
        let flags: Vec<_> = list(&db).unwrap().iter().map(|y| y.is_current).collect();
        assert_eq!(flags, vec![true, false]);

        // Back to the older year (lower id), then forth.
        set_current(&db, old.id.unwrap()).unwrap();
        assert_eq!(current(&db).unwrap().unwrap().id, old.id);
        set_current(&db, new.id.unwrap()).unwrap();
        set_current(&db, new.id.unwrap()).unwrap();
        assert_eq!(current(&db).unwrap().unwrap().id, new.id);
        let n: i64 = db
            .conn()
            .query_row(
                "SELECT count(*) FROM academic_year WHERE is_current = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);

        // A year created current takes the mark too.
        let later = create_with_usual_schemes(
            &db,
            &AcademicYear {
                is_current: true,
                ..default_for(date(2027, 9, 1))
            },
        )
        .unwrap();
        assert_eq!(current(&db).unwrap().unwrap().id, later.year.id);
    }

    #[test]
    fn usual_schemes_of_2026_2027() {
        let db = Db::in_memory().unwrap();
        let d = create_with_usual_schemes(&db, &year_2026()).unwrap();
        let names: Vec<_> = d.schemes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            vec![QUARTERS, QUARTERS_GRADE_1, TRIMESTERS, HALVES],
            "in the order they were created, the usual one first"
        );

        let q = scheme_named(&d, QUARTERS);
        let q_dates: Vec<_> = q.terms.iter().map(dates).collect();
        assert_eq!(
            q_dates,
            vec![
                (date(2026, 9, 1), date(2026, 10, 24)),
                (date(2026, 11, 5), date(2026, 12, 28)),
                (date(2027, 1, 12), date(2027, 3, 20)),
                (date(2027, 3, 30), date(2027, 5, 26)),
            ]
        );
        assert_eq!(q.terms[0].name, "1 четверть");
        let g1 = scheme_named(&d, QUARTERS_GRADE_1);
        assert_eq!(g1.terms.iter().map(dates).collect::<Vec<_>>(), q_dates);

        let t = scheme_named(&d, TRIMESTERS);
        assert_eq!(
            t.terms.iter().map(dates).collect::<Vec<_>>(),
            vec![
                (date(2026, 9, 1), date(2026, 11, 30)),
                (date(2026, 12, 1), date(2027, 2, 28)),
                (date(2027, 3, 1), date(2027, 5, 26)),
            ]
        );
        let h = scheme_named(&d, HALVES);
        assert_eq!(
            h.terms.iter().map(dates).collect::<Vec<_>>(),
            vec![
                (date(2026, 9, 1), date(2026, 12, 28)),
                (date(2027, 1, 12), date(2027, 5, 26)),
            ]
        );

        let holidays: Vec<_> = d
            .holidays
            .iter()
            .map(|h| {
                (
                    h.name.as_str(),
                    h.term_scheme_id,
                    h.starts_on.unwrap(),
                    h.ends_on.unwrap(),
                )
            })
            .collect();
        assert_eq!(
            holidays,
            vec![
                (
                    "Осенние каникулы",
                    None,
                    date(2026, 10, 25),
                    date(2026, 11, 4)
                ),
                (
                    "Зимние каникулы",
                    None,
                    date(2026, 12, 29),
                    date(2027, 1, 11)
                ),
                (
                    "Дополнительные каникулы для первоклассников",
                    g1.id,
                    date(2027, 2, 15),
                    date(2027, 2, 21)
                ),
                (
                    "Весенние каникулы",
                    None,
                    date(2027, 3, 21),
                    date(2027, 3, 29)
                ),
            ]
        );
        // The grade-1 week falls inside the third quarter, and only grade 1 has it.
        assert!(q_dates[2].0 < date(2027, 2, 15) && date(2027, 2, 21) < q_dates[2].1);
        let scheme_only: Vec<_> = d.holidays.iter().filter_map(|h| h.term_scheme_id).collect();
        assert_eq!(scheme_only, vec![g1.id.unwrap()]);
        assert_eq!(d, detail(&db, d.year.id.unwrap()).unwrap());
    }

    #[test]
    fn usual_schemes_fit_every_year_of_a_century() {
        let db = Db::in_memory().unwrap();
        for y in 2000..2100 {
            let d = create_with_usual_schemes(&db, &default_for(date(y, 9, 1)))
                .unwrap_or_else(|e| panic!("{y}: {e}"));
            let q = scheme_named(&d, QUARTERS);
            for pair in q.terms.windows(2) {
                assert!(dates(&pair[0]).1 < dates(&pair[1]).0, "{y}");
            }
            // Lessons end on Saturday or earlier before each holiday, and the rest is a week or more.
            for h in d.holidays.iter().filter(|h| h.term_scheme_id.is_none()) {
                let (s, e) = (h.starts_on.unwrap(), h.ends_on.unwrap());
                assert!((e - s).num_days() >= 7, "{y}: {}", h.name);
            }
            let extra = d
                .holidays
                .iter()
                .find(|h| h.term_scheme_id.is_some())
                .unwrap();
            let s = extra.starts_on.unwrap();
            assert_eq!(s.weekday(), chrono::Weekday::Mon);
            assert!((12..=18).contains(&s.day()) && s.month() == 2, "{y}: {s}");
        }
    }

    #[test]
    fn usual_schemes_follow_an_edited_year() {
        let db = Db::in_memory().unwrap();
        let y = AcademicYear {
            starts_on: Some(date(2026, 9, 2)),
            ends_on: Some(date(2027, 5, 25)),
            ..year_2026()
        };
        let d = create_with_usual_schemes(&db, &y).unwrap();
        for s in &d.schemes {
            assert_eq!(s.terms[0].starts_on, Some(date(2026, 9, 2)), "{}", s.name);
            assert_eq!(s.terms.last().unwrap().ends_on, Some(date(2027, 5, 25)));
        }
    }

    #[test]
    fn create_refuses_a_bad_year_and_writes_nothing() {
        let db = Db::in_memory().unwrap();
        let y = AcademicYear {
            name: "2026".into(),
            ..year_2026()
        };
        assert_eq!(
            create_with_usual_schemes(&db, &y).unwrap_err().code(),
            "invalid"
        );
        for table in ["academic_year", "term_scheme", "term", "holiday"] {
            assert_eq!(count(&db, table), 0, "{table}");
        }
    }

    #[test]
    fn create_is_all_or_nothing() {
        let db = Db::in_memory().unwrap();
        db.conn()
            .execute_batch(
                "CREATE TEMP TRIGGER boom BEFORE INSERT ON holiday
                 WHEN NEW.name = 'Весенние каникулы' BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        assert_eq!(
            create_with_usual_schemes(&db, &year_2026())
                .unwrap_err()
                .code(),
            "db"
        );
        for table in ["academic_year", "term_scheme", "term", "holiday"] {
            assert_eq!(count(&db, table), 0, "{table}");
        }
    }

    #[test]
    fn init_is_deterministic_and_repeatable() {
        let today = date(2026, 10, 1);
        let a = Db::in_memory().unwrap();
        let b = Db::in_memory().unwrap();
        let da = init(&a, today).unwrap();
        assert_eq!(da, init(&b, today).unwrap());
        assert_eq!(da.year.name, "2026-2027");
        assert!(da.year.is_current);
        assert_eq!(da.schemes.len(), 4);
        assert_eq!(current(&a).unwrap(), Some(da.year.clone()));
        assert!(count(&a, "subject") > 0, "federal subjects seeded");
        let subjects = count(&a, "subject");

        // Again on the same file: nothing new.
        assert_eq!(init(&a, today).unwrap(), da);
        assert_eq!(count(&a, "academic_year"), 1);
        assert_eq!(count(&a, "term"), count(&b, "term"));
        assert_eq!(count(&a, "subject"), subjects);

        // In August the year that is ending is the current one.
        let c = Db::in_memory().unwrap();
        assert_eq!(init(&c, date(2026, 8, 20)).unwrap().year.name, "2025-2026");
    }

    #[test]
    fn init_makes_an_existing_year_current() {
        let db = Db::in_memory().unwrap();
        let other = save(
            &db,
            &AcademicYear {
                is_current: true,
                ..default_for(date(2025, 9, 1))
            },
        )
        .unwrap();
        let existing = save(&db, &year_2026()).unwrap();
        let d = init(&db, date(2026, 9, 1)).unwrap();
        assert_eq!(d.year.id, existing.id);
        assert!(d.year.is_current);
        assert!(!detail(&db, other.id.unwrap()).unwrap().year.is_current);
    }

    fn quarters(year_id: i64) -> TermScheme {
        TermScheme {
            id: None,
            academic_year_id: year_id,
            name: "Четверти".into(),
            terms: vec![
                term("1 четверть", date(2026, 9, 1), date(2026, 10, 24)),
                term("2 четверть", date(2026, 11, 5), date(2026, 12, 28)),
            ],
        }
    }

    #[test]
    fn scheme_saved_with_its_terms_in_order() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        let s = save_scheme(&db, &quarters(year_id)).unwrap();
        assert!(s.id.is_some());
        let names: Vec<_> = s.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["1 четверть", "2 четверть"]);
        assert!(s.terms.iter().all(|t| t.id.is_some()));
        assert_eq!(detail(&db, year_id).unwrap().schemes, vec![s.clone()]);

        // Replaced as sent: reordered, one dropped, one added.
        let mut changed = s.clone();
        changed.name = " Четверти 2026 ".into();
        changed.terms = vec![
            term("2 четверть", date(2026, 11, 5), date(2026, 12, 28)),
            term("3 четверть", date(2027, 1, 12), date(2027, 3, 20)),
        ];
        let saved = save_scheme(&db, &changed).unwrap();
        assert_eq!(saved.id, s.id);
        assert_eq!(saved.name, "Четверти 2026");
        let names: Vec<_> = saved.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["2 четверть", "3 четверть"]);
        assert_eq!(count(&db, "term"), 2);

        // A scheme may be emptied.
        changed.terms.clear();
        assert!(save_scheme(&db, &changed).unwrap().terms.is_empty());
    }

    #[test]
    fn scheme_rules_all_reported_at_once() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        let s = TermScheme {
            id: None,
            academic_year_id: year_id,
            name: "  ".into(),
            terms: vec![
                term("1 четверть", date(2026, 9, 1), date(2026, 10, 24)),
                term("2 четверть", date(2026, 12, 1), date(2026, 11, 5)),
                term("Перекрытие", date(2026, 10, 20), date(2026, 10, 30)),
                term("Лето", date(2027, 6, 1), date(2027, 9, 10)),
                term("Раньше", date(2026, 8, 25), date(2026, 8, 31)),
                Term {
                    id: None,
                    name: String::new(),
                    starts_on: None,
                    ends_on: None,
                },
                term("1 ЧЕТВЕРТЬ", date(2027, 5, 1), date(2027, 5, 2)),
            ],
        };
        assert_eq!(
            fields(save_scheme(&db, &s).unwrap_err()),
            vec![
                pair("name", "required"),
                pair("terms.1.ends_on", "end_before_start"),
                pair("terms.2.starts_on", "terms_overlap"),
                pair("terms.3.ends_on", "outside_year"),
                pair("terms.4.starts_on", "outside_year"),
                pair("terms.4.ends_on", "outside_year"),
                pair("terms.5.name", "required"),
                pair("terms.5.starts_on", "required"),
                pair("terms.5.ends_on", "required"),
                pair("terms.6.name", "duplicate_name"),
            ]
        );
        assert_eq!(count(&db, "term_scheme"), 0);
        let err = save_scheme(&db, &s).unwrap_err();
        let overlap = &err.fields()[2];
        assert!(
            overlap.message.contains("«1 четверть»"),
            "{}",
            overlap.message
        );
    }

    #[test]
    fn touching_terms_do_not_overlap_but_a_shared_day_does() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        let mut s = quarters(year_id);
        s.terms = vec![
            term("1", date(2026, 9, 1), date(2026, 12, 31)),
            term("2", date(2027, 1, 1), date(2027, 5, 31)),
        ];
        save_scheme(&db, &s).unwrap();
        s.name = "Другая".into();
        s.terms[1].starts_on = Some(date(2026, 12, 31));
        assert_eq!(
            fields(save_scheme(&db, &s).unwrap_err()),
            vec![pair("terms.1.starts_on", "terms_overlap")]
        );
        // Order in the list does not matter: the later row is the one reported.
        s.terms.reverse();
        assert_eq!(
            fields(save_scheme(&db, &s).unwrap_err()),
            vec![pair("terms.1.starts_on", "terms_overlap")]
        );
    }

    #[test]
    fn same_dates_in_two_schemes_are_fine() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        save_scheme(&db, &quarters(year_id)).unwrap();
        let mut grade_1 = quarters(year_id);
        grade_1.name = QUARTERS_GRADE_1.into();
        save_scheme(&db, &grade_1).unwrap();
        assert_eq!(detail(&db, year_id).unwrap().schemes.len(), 2);
    }

    #[test]
    fn scheme_names_unique_within_a_year_only() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        let first = save_scheme(&db, &quarters(year_id)).unwrap();
        let mut again = quarters(year_id);
        again.name = "ЧЕТВЕРТИ".into();
        assert_eq!(
            fields(save_scheme(&db, &again).unwrap_err()),
            vec![pair("name", "duplicate_name")]
        );
        // Renaming the scheme itself is not a duplicate.
        let mut same = first.clone();
        same.name = "четверти".into();
        assert_eq!(save_scheme(&db, &same).unwrap().name, "четверти");

        let next_year = save(&db, &default_for(date(2027, 9, 1)))
            .unwrap()
            .id
            .unwrap();
        let mut next = quarters(next_year);
        next.terms.clear();
        save_scheme(&db, &next).unwrap();
    }

    #[test]
    fn a_failed_scheme_save_leaves_the_old_terms() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        let saved = save_scheme(&db, &quarters(year_id)).unwrap();

        // Refused by the rules.
        let mut bad = saved.clone();
        bad.name = "Новое имя".into();
        bad.terms[1].starts_on = Some(date(2026, 10, 1));
        assert!(save_scheme(&db, &bad).is_err());
        assert_eq!(scheme(db.conn(), saved.id.unwrap()).unwrap(), saved);

        // Failing in the database half-way through writing the new terms.
        db.conn()
            .execute_batch(
                "CREATE TEMP TRIGGER boom BEFORE INSERT ON term
                 WHEN NEW.name = 'взрыв' BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let mut failing = saved.clone();
        failing.name = "Новое имя".into();
        failing.terms = vec![
            term("новая", date(2026, 9, 1), date(2026, 9, 30)),
            term("взрыв", date(2026, 10, 1), date(2026, 10, 30)),
        ];
        assert_eq!(save_scheme(&db, &failing).unwrap_err().code(), "db");
        assert_eq!(scheme(db.conn(), saved.id.unwrap()).unwrap(), saved);
        assert_eq!(count(&db, "term"), 2);
    }

    #[test]
    fn scheme_not_found_cases() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        assert_eq!(
            save_scheme(&db, &quarters(777)).unwrap_err().code(),
            "not_found"
        );
        let mut missing = quarters(year_id);
        missing.id = Some(777);
        assert_eq!(save_scheme(&db, &missing).unwrap_err().code(), "not_found");
        // A scheme cannot be moved to another year by sending another year id.
        let saved = save_scheme(&db, &quarters(year_id)).unwrap();
        let other_year = save(&db, &default_for(date(2027, 9, 1)))
            .unwrap()
            .id
            .unwrap();
        let moved = TermScheme {
            academic_year_id: other_year,
            terms: Vec::new(),
            ..saved
        };
        assert_eq!(save_scheme(&db, &moved).unwrap_err().code(), "not_found");
        assert_eq!(delete_scheme(&db, 777).unwrap_err().code(), "not_found");
    }

    #[test]
    fn deleting_a_scheme_takes_its_terms_and_own_holidays() {
        let db = Db::in_memory().unwrap();
        let d = create_with_usual_schemes(&db, &year_2026()).unwrap();
        let g1 = scheme_named(&d, QUARTERS_GRADE_1);
        delete_scheme(&db, g1.id.unwrap()).unwrap();
        let after = detail(&db, d.year.id.unwrap()).unwrap();
        assert_eq!(after.schemes.len(), 3);
        assert_eq!(
            after.holidays.len(),
            3,
            "the grade-1 week went with its scheme"
        );
        assert!(after.holidays.iter().all(|h| h.term_scheme_id.is_none()));
        assert_eq!(count(&db, "term"), 4 + 3 + 2);
        assert_eq!(
            delete_scheme(&db, g1.id.unwrap()).unwrap_err().code(),
            "not_found"
        );
    }

    fn holiday_in(year_id: i64, name: &str, s: NaiveDate, e: NaiveDate) -> Holiday {
        Holiday {
            id: None,
            academic_year_id: year_id,
            term_scheme_id: None,
            name: name.into(),
            starts_on: Some(s),
            ends_on: Some(e),
        }
    }

    #[test]
    fn holidays_saved_inside_a_term_edited_and_deleted() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        let s = save_scheme(&db, &quarters(year_id)).unwrap();
        // Inside the first quarter: allowed.
        let h = holiday_in(year_id, " Карантин ", date(2026, 10, 1), date(2026, 10, 7));
        let saved = save_holiday(&db, &h).unwrap();
        assert_eq!(saved.name, "Карантин");
        let mut one_day = saved.clone();
        one_day.ends_on = one_day.starts_on;
        one_day.term_scheme_id = s.id;
        let one_day = save_holiday(&db, &one_day).unwrap();
        assert_eq!(one_day.id, saved.id);
        assert_eq!(one_day.term_scheme_id, s.id);
        assert_eq!(
            detail(&db, year_id).unwrap().holidays,
            vec![one_day.clone()]
        );

        delete_holiday(&db, saved.id.unwrap()).unwrap();
        assert!(detail(&db, year_id).unwrap().holidays.is_empty());
        assert_eq!(
            delete_holiday(&db, saved.id.unwrap()).unwrap_err().code(),
            "not_found"
        );
        assert_eq!(save_holiday(&db, &one_day).unwrap_err().code(), "not_found");
    }

    #[test]
    fn holiday_rules() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        let h = holiday_in(year_id, "", date(2026, 8, 25), date(2027, 9, 5));
        assert_eq!(
            fields(save_holiday(&db, &h).unwrap_err()),
            vec![
                pair("name", "required"),
                pair("starts_on", "outside_year"),
                pair("ends_on", "outside_year"),
            ]
        );
        let h = holiday_in(year_id, "Зимние", date(2027, 1, 11), date(2026, 12, 29));
        assert_eq!(
            fields(save_holiday(&db, &h).unwrap_err()),
            vec![pair("ends_on", "end_before_start")]
        );
        let h = Holiday {
            starts_on: None,
            ends_on: None,
            ..holiday_in(year_id, "Зимние", date(2026, 12, 29), date(2027, 1, 11))
        };
        assert_eq!(
            fields(save_holiday(&db, &h).unwrap_err()),
            vec![pair("starts_on", "required"), pair("ends_on", "required")]
        );
        let err = save_holiday(
            &db,
            &holiday_in(year_id, "Лето", date(2027, 6, 1), date(2027, 9, 1)),
        )
        .unwrap_err();
        assert!(err.fields()[0].message.contains("2026-2027"));
        assert_eq!(count(&db, "holiday"), 0);
    }

    #[test]
    fn holiday_of_a_missing_year_or_scheme_is_not_found() {
        let db = Db::in_memory().unwrap();
        let year_id = bare_year(&db);
        let h = holiday_in(777, "Зимние", date(2026, 12, 29), date(2027, 1, 11));
        assert_eq!(save_holiday(&db, &h).unwrap_err().code(), "not_found");
        let h = Holiday {
            term_scheme_id: Some(777),
            ..holiday_in(year_id, "Зимние", date(2026, 12, 29), date(2027, 1, 11))
        };
        assert_eq!(save_holiday(&db, &h).unwrap_err().code(), "not_found");
        // A scheme of another year is not this year's.
        let other = save(&db, &default_for(date(2027, 9, 1)))
            .unwrap()
            .id
            .unwrap();
        let mut s = quarters(other);
        s.terms.clear();
        let s = save_scheme(&db, &s).unwrap();
        let h = Holiday {
            term_scheme_id: s.id,
            ..holiday_in(year_id, "Зимние", date(2026, 12, 29), date(2027, 1, 11))
        };
        assert_eq!(save_holiday(&db, &h).unwrap_err().code(), "not_found");
    }

    #[test]
    fn changing_year_dates_refused_while_periods_would_fall_out() {
        let db = Db::in_memory().unwrap();
        let d = create_with_usual_schemes(&db, &year_2026()).unwrap();
        let shorter = AcademicYear {
            starts_on: Some(date(2026, 9, 2)),
            ends_on: Some(date(2027, 5, 20)),
            ..d.year.clone()
        };
        let err = save(&db, &shorter).unwrap_err();
        assert_eq!(
            fields(save(&db, &shorter).unwrap_err()),
            vec![
                pair("starts_on", "periods_outside_year"),
                pair("ends_on", "periods_outside_year"),
            ]
        );
        let starts = &err.fields()[0].message;
        assert!(starts.contains("«1 четверть» («Четверти»)"), "{starts}");
        assert!(starts.contains("«1 полугодие» («Полугодия»)"), "{starts}");
        assert!(!starts.contains("каникулы"), "{starts}");
        assert_eq!(
            detail(&db, d.year.id.unwrap()).unwrap(),
            d,
            "nothing changed"
        );

        // Holidays count too; a year that still holds everything is saved.
        let h = holiday_in(
            d.year.id.unwrap(),
            "Летние каникулы",
            date(2027, 5, 27),
            date(2027, 8, 31),
        );
        save_holiday(&db, &h).unwrap();
        let shorter_end = AcademicYear {
            ends_on: Some(date(2027, 8, 30)),
            ..d.year.clone()
        };
        let err = save(&db, &shorter_end).unwrap_err();
        assert!(err.fields()[0].message.contains("«Летние каникулы»"));
        let longer = AcademicYear {
            starts_on: Some(date(2026, 8, 31)),
            ..d.year.clone()
        };
        assert_eq!(
            save(&db, &longer).unwrap().starts_on,
            Some(date(2026, 8, 31))
        );
    }

    #[test]
    fn json_shape_for_the_ui() {
        let y = year_2026();
        let json = serde_json::to_value(&y).unwrap();
        assert_eq!(json["starts_on"], "2026-09-01");
        assert_eq!(json["is_current"], false);
        assert!(json["id"].is_null());
        let back: AcademicYear = serde_json::from_value(json).unwrap();
        assert_eq!(back, y);
    }

    #[test]
    fn next_default_follows_the_newest_year() {
        let db = Db::in_memory().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(next_default(&db, today).unwrap().name, "2026-2027");
        create_with_usual_schemes(&db, &year_2026()).unwrap();
        let next = next_default(&db, today).unwrap();
        assert_eq!(next.name, "2027-2028");
        assert_eq!(next.starts_on, NaiveDate::from_ymd_opt(2027, 9, 1));
    }
}
