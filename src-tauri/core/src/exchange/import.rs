//! What every import does around its own rows, whatever the section: the rule that errors block
//! the write, the backup of the database file before it, the one transaction, and the warnings
//! every list of people shares.

use super::preview::Preview;
use super::table::Record;
use crate::audit;
use crate::backup::{self, Pending, Reason};
use crate::db::Db;
use crate::error::{Problem, Result};
use crate::people;
use chrono::NaiveDate;
use rusqlite::Connection;

/// The day an import checks dates against.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Whether errors keep the import from writing anything: a file with errors imports nothing
/// unless only its valid rows are asked for.
pub fn blocked(preview: &Preview, valid_only: bool) -> bool {
    preview.has_errors() && !valid_only
}

/// The end of every import of `what` (ученики, сотрудники…): nothing is written on a dry run,
/// when errors block it or when nothing changes; otherwise the database file is copied
/// ([`backup::make`], not an in-memory database) and `write` runs in one transaction, so a
/// failure rolls all of it back.
pub fn write_unless_blocked(
    db: &Db,
    what: &str,
    preview: Preview,
    dry_run: bool,
    valid_only: bool,
    changes: bool,
    write: impl FnOnce(&Connection) -> Result<()>,
) -> Result<Preview> {
    let early = Early::Later(what);
    write_after_backup(db, early, preview, dry_run, valid_only, changes, write)
}

/// The copy before an import: started early on another thread, or made only when the import
/// writes (`Later` names what is imported).
pub enum Early<'a> {
    Started(Pending, &'a str),
    Later(&'a str),
}

/// The reason of the copy before an import of `what`.
fn before_import(what: &str) -> Reason {
    Reason::Import { what: what.into() }
}

/// Starts the backup of an import of `what` that may write (not a dry run) on another thread,
/// before the file is read: the copy is made while the rows are read and checked, and
/// [`write_after_backup`] waits for it before writing anything. Unused, it is deleted.
pub fn start_backup<'a>(db: &Db, dry_run: bool, what: &'a str) -> Early<'a> {
    match dry_run {
        true => Early::Later(what),
        false => backup::start(db, before_import(what))
            .map_or(Early::Later(what), |copy| Early::Started(copy, what)),
    }
}

/// [`write_unless_blocked`] with the backup `early` perhaps already started by
/// [`start_backup`]. The write begins only once the copy is complete, so the copy is the file
/// before the import; when nothing is written, the early copy is deleted. `preview` is the
/// import's preview, or a report holding one (the roster's).
pub fn write_after_backup<P: AsRef<Preview>>(
    db: &Db,
    early: Early,
    preview: P,
    dry_run: bool,
    valid_only: bool,
    changes: bool,
    write: impl FnOnce(&Connection) -> Result<()>,
) -> Result<P> {
    if dry_run || blocked(preview.as_ref(), valid_only) || !changes {
        return Ok(preview);
    }
    let what = match &early {
        Early::Started(_, what) | Early::Later(what) => *what,
    };
    let write = |conn: &Connection| logged(conn, what, preview.as_ref(), write);
    match early {
        Early::Started(mut copy, _) => {
            // The write begins once the copy is complete; the copy is checked meanwhile, and
            // listed whether the write lands or fails (a failed write keeps its backup).
            copy.copied()?;
            let written = db.write(write);
            backup::listed(copy);
            written?;
        }
        Early::Later(what) => {
            backup::make(db, before_import(what))?;
            db.write(write)?;
        }
    }
    Ok(preview)
}

/// The import's rows, with the rows it adds left out of the change log and one entry instead
/// that names what was imported and counts it (the rows it changes are logged one by one).
fn logged(
    conn: &Connection,
    what: &str,
    preview: &Preview,
    write: impl FnOnce(&Connection) -> Result<()>,
) -> Result<()> {
    audit::quietly(conn, || write(conn))?;
    audit::record(conn, audit::import(what, preview.added, preview.updated))
}

/// A warning at the sex cell when the patronymic tells the other sex (the patronymic may be
/// unusual, so it does not block).
pub fn warn_sex_by_patronymic(rec: &mut Record, sex_key: &str, patronymic_key: &str) {
    if let (Some(sex), Some(patronymic)) = (rec.sex(sex_key), rec.text(patronymic_key)) {
        if people::sex_by_patronymic(patronymic).is_some_and(|s| s != sex) {
            rec.warn(
                sex_key,
                &Problem::SexDisagreesWithPatronymic {
                    sex: sex.label().to_lowercase(),
                },
            );
        }
    }
}
