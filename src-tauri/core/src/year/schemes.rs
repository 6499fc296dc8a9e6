//! Term schemes («Четверти», «Полугодия»…): the checks of a scheme and its terms (complete,
//! inside the year, named once, not overlapping), and saving a scheme with all its terms in one
//! change, or deleting it.

use super::read::scheme;
use super::years::{bounds, check_period, YearBounds};
use super::{Term, TermScheme, SCHEME};
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

/// The scheme `id` of year `year_id`, or NotFound (also when it belongs to another year).
pub(super) fn ensure_scheme_in_year(conn: &Connection, id: i64, year_id: i64) -> Result<()> {
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

pub(super) fn check_scheme(conn: &Connection, s: &TermScheme, year: &YearBounds) -> Result<()> {
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
pub(super) fn write_scheme(conn: &Connection, s: &TermScheme) -> Result<i64> {
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
