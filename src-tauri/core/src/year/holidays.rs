//! Holidays of the whole year or of one scheme: their checks (named, inside the year), saving
//! and deleting them.

use super::read::holiday;
use super::schemes::ensure_scheme_in_year;
use super::years::{bounds, check_period, YearBounds};
use super::{Holiday, HOLIDAY};
use crate::db::Db;
use crate::error::{Check, CoreError, Result};
use crate::validate;
use rusqlite::{params, Connection};

pub(super) fn check_holiday(h: &Holiday, year: &YearBounds) -> Result<()> {
    let mut check = Check::new();
    check.field("name", validate::required(&h.name));
    check_period(&mut check, "", h.starts_on, h.ends_on, year);
    check.finish()
}

pub(super) fn write_holiday(conn: &Connection, h: &Holiday) -> Result<i64> {
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
