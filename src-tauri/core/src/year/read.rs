//! Reading years, their schemes with terms, and holidays from the file: the row readers and
//! the lookups by id or by year that the other parts of the module build on.

use super::{AcademicYear, Holiday, Term, TermScheme, YearDetail, HOLIDAY, SCHEME, YEAR};
use crate::db::Db;
use crate::error::{CoreError, Problem, Result};
use rusqlite::{Connection, OptionalExtension, Row};

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

pub(super) fn year(conn: &Connection, id: i64) -> Result<AcademicYear> {
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

pub(super) fn scheme(conn: &Connection, id: i64) -> Result<TermScheme> {
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

pub(super) fn holiday(conn: &Connection, id: i64) -> Result<Holiday> {
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
