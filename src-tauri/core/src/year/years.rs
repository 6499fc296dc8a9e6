//! The years themselves: the default year for a date, the year's name («2026-2027») read as
//! typed, the checks of a year being saved (its fields, a unique name, its terms and holidays
//! still inside its dates) and writing it, with the one current year. Also the year's checked
//! bounds and the check of a dated period against them, which terms and holidays share.

use super::read::{list, year};
use super::{AcademicYear, YEAR};
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
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
pub(super) struct YearBounds {
    pub(super) name: String,
    pub(super) starts: NaiveDate,
    pub(super) ends: NaiveDate,
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

pub(super) fn bounds(conn: &Connection, id: i64) -> Result<YearBounds> {
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

pub(super) fn year_id_by_name(
    conn: &Connection,
    name: &str,
    except: Option<i64>,
) -> Result<Option<i64>> {
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
pub(super) fn check_year(
    conn: &Connection,
    y: &AcademicYear,
    id: Option<i64>,
) -> Result<YearBounds> {
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
pub(super) fn write_year(
    conn: &Connection,
    id: Option<i64>,
    b: &YearBounds,
    is_current: bool,
) -> Result<i64> {
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
pub(super) fn check_period(
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
