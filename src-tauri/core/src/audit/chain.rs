//! The hash chain of the change log: each row's `hash` is SHA-256 of the previous row's hash and
//! this row's fields, written in the transaction that made the row. Recomputing it finds a row
//! edited or deleted after it was written; it cannot tell a forged row appended by someone who
//! holds the file (docs/security.md says so).

use crate::error::Result;
use crate::marks::archive::hex;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

const FIELDS: &str = "id, at, actor, action, entity, entity_id, student_id, old, new, summary";

/// One row's fields as the hash reads them: a JSON array, so that no two rows share a text.
fn canonical(r: &Row) -> rusqlite::Result<String> {
    let v = serde_json::json!([
        r.get::<_, i64>(0)?,
        r.get::<_, String>(1)?,
        r.get::<_, String>(2)?,
        r.get::<_, String>(3)?,
        r.get::<_, String>(4)?,
        r.get::<_, Option<i64>>(5)?,
        r.get::<_, Option<i64>>(6)?,
        r.get::<_, Option<String>>(7)?,
        r.get::<_, Option<String>>(8)?,
        r.get::<_, Option<String>>(9)?,
    ]);
    Ok(v.to_string())
}

fn link(previous: &str, row: &str) -> String {
    hex(&Sha256::new()
        .chain_update(previous)
        .chain_update("\n")
        .chain_update(row)
        .finalize())
}

/// Writes the hash of every row not sealed yet, in order. Runs inside the write that made them.
pub(crate) fn seal(conn: &Connection) -> Result<()> {
    let first: Option<i64> = conn.query_row(
        "SELECT min(id) FROM audit_log WHERE hash IS NULL",
        [],
        |r| r.get(0),
    )?;
    let Some(first) = first else { return Ok(()) };
    let mut previous: String = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE id < ?1 ORDER BY id DESC LIMIT 1",
            [first],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let mut rows = conn.prepare(&format!(
        "SELECT {FIELDS} FROM audit_log WHERE id >= ?1 ORDER BY id"
    ))?;
    let mut update = conn.prepare("UPDATE audit_log SET hash = ?2 WHERE id = ?1")?;
    let mut cursor = rows.query([first])?;
    while let Some(r) = cursor.next()? {
        previous = link(&previous, &canonical(r)?);
        update.execute(rusqlite::params![r.get::<_, i64>(0)?, previous])?;
    }
    Ok(())
}

/// What a check of the chain found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChainCheck {
    /// Rows checked.
    #[ts(type = "number")]
    pub entries: i64,
    /// The first row whose hash does not follow from the rows before it (edited, or a row before
    /// it deleted), if any.
    #[ts(type = "number | null")]
    pub broken_at: Option<i64>,
    /// Rows written but not sealed: a change made outside the program's writes, sealed by the
    /// next one.
    #[ts(type = "number")]
    pub unsealed: i64,
}

impl ChainCheck {
    pub fn intact(&self) -> bool {
        self.broken_at.is_none()
    }
}

/// Recomputes the whole chain.
pub fn verify(conn: &Connection) -> Result<ChainCheck> {
    let mut rows = conn.prepare(&format!("SELECT {FIELDS}, hash FROM audit_log ORDER BY id"))?;
    let mut cursor = rows.query([])?;
    let mut check = ChainCheck {
        entries: 0,
        broken_at: None,
        unsealed: 0,
    };
    let mut previous = String::new();
    while let Some(r) = cursor.next()? {
        check.entries += 1;
        let id: i64 = r.get(0)?;
        let stored: Option<String> = r.get(10)?;
        let expected = link(&previous, &canonical(r)?);
        match &stored {
            // Unsealed rows may only trail the sealed ones.
            None => check.unsealed += 1,
            Some(_) if check.unsealed > 0 => {
                check.broken_at.get_or_insert(id);
            }
            Some(h) if *h != expected => {
                check.broken_at.get_or_insert(id);
            }
            Some(_) => {}
        }
        // Chained on what is stored: an edited row breaks there, not at every row after it.
        previous = stored.unwrap_or(expected);
    }
    Ok(check)
}
