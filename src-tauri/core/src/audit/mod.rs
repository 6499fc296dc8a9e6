//! Журнал изменений (`audit_log`): who changed what and when, with the old and new values —
//! every change of students' and staff's personal data, marks, absences, movement and orders,
//! the council's decisions, closing and reopening of periods — and whole operations (imports
//! with their counts, restores, rollover stages). Rows are written by per-connection triggers
//! ([`triggers`]) so no path of the core can forget them, and hash-chained ([`chain`]) when the
//! write commits.

mod chain;
mod list;
#[cfg(test)]
mod tests;
mod triggers;

pub(crate) use chain::seal;
pub use chain::{verify, ChainCheck};
pub use list::{
    choices, entries, AuditChange, AuditChoices, AuditEntry, AuditFilter, AuditStudent,
};
pub(crate) use triggers::install;

use crate::error::Result;
use rusqlite::Connection;

/// The system user, named in the log while the file has no accounts.
pub fn system_actor() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "пользователь".into())
}

/// Names who works on this connection from now on (an account once the file has them).
pub fn set_actor(conn: &Connection, actor: &str) -> Result<()> {
    conn.execute("UPDATE temp.audit_session SET actor = ?1", [actor])?;
    Ok(())
}

/// A whole operation, logged as one entry with its words and counts.
pub struct Operation<'a> {
    /// `import`, `restore`, `rollover`, `demo`, …
    pub action: &'a str,
    /// What it worked on: `students`, `marks`, the stage's name…
    pub entity: &'a str,
    pub summary: String,
}

/// The entry of an import of `what` (ученики, отметки…) with its counts.
pub fn import(what: &str, added: i64, updated: i64) -> Operation<'_> {
    Operation {
        action: "import",
        entity: what,
        summary: format!("добавлено: {added}, изменено: {updated}"),
    }
}

/// Writes one entry for a whole operation.
pub fn record(conn: &Connection, op: Operation) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, summary)
         VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                 (SELECT actor FROM temp.audit_session), ?1, ?2, ?3)",
        rusqlite::params![op.action, op.entity, op.summary],
    )?;
    Ok(())
}

/// Runs a bulk write with the rows it adds left out of the log (the operation records itself
/// with its counts); rows it changes or deletes are still logged one by one.
pub fn quietly<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    with_quiet(conn, 1, f)
}

/// Runs a write that is not a user's change at all (the demo school being made): nothing of it
/// is logged; the caller records one entry for it.
pub fn unlogged<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    with_quiet(conn, 2, f)
}

fn with_quiet<T>(conn: &Connection, level: i64, f: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute("UPDATE temp.audit_session SET quiet = ?1", [level])?;
    let result = f();
    conn.execute("UPDATE temp.audit_session SET quiet = 0", [])?;
    result
}
