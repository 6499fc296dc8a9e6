//! What every import does around its own rows, whatever the section: the rule that errors block
//! the write, the backup of the database file before it, the one transaction, and the warnings
//! every list of people shares.

use super::preview::Preview;
use super::table::Record;
use crate::db::{BackgroundBackup, Db};
use crate::error::{Problem, Result};
use crate::people;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The day an import checks dates against.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Whether errors keep the import from writing anything: a file with errors imports nothing
/// unless only its valid rows are asked for.
pub fn blocked(preview: &Preview, valid_only: bool) -> bool {
    preview.has_errors() && !valid_only
}

/// `<file>.before-import-<timestamp>.zavuch`, next to the database file.
pub fn backup_path(file: &Path) -> PathBuf {
    backup_path_before(file, "import")
}

/// `<file>.before-<what>-<timestamp>.zavuch`, next to the database file: the copy taken before
/// a change of many rows (an import, a stage of the rollover).
pub fn backup_path_before(file: &Path, what: &str) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut name = file.as_os_str().to_os_string();
    name.push(format!(".before-{what}-{stamp}.zavuch"));
    PathBuf::from(name)
}

/// The end of every import: nothing is written on a dry run, when errors block it or when
/// nothing changes; otherwise the database file is copied to [`backup_path`] (not an in-memory
/// database) and `write` runs in one transaction, so a failure rolls all of it back.
pub fn write_unless_blocked(
    db: &Db,
    preview: Preview,
    dry_run: bool,
    valid_only: bool,
    changes: bool,
    write: impl FnOnce(&Connection) -> Result<()>,
) -> Result<Preview> {
    write_after_backup(db, None, preview, dry_run, valid_only, changes, write)
}

/// Starts the backup of an import that may write (not a dry run) on another thread, before the
/// file is read: the copy is made while the rows are read and checked, and
/// [`write_after_backup`] waits for it before writing anything. Unused, it is deleted.
pub fn start_backup(db: &Db, dry_run: bool) -> Option<BackgroundBackup> {
    let dest = backup_path(db.path()?);
    // A copy of this second may exist (an import just before): deleting an unused copy must
    // never delete it, so this import then copies when it writes, as it used to.
    if dry_run || dest.exists() {
        return None;
    }
    db.backup_in_background(dest)
}

/// [`write_unless_blocked`] with the backup `early` already started by [`start_backup`] (None:
/// take it now). The write begins only once the copy is complete, so the copy is the file
/// before the import; when nothing is written, the early copy is deleted.
pub fn write_after_backup(
    db: &Db,
    early: Option<BackgroundBackup>,
    preview: Preview,
    dry_run: bool,
    valid_only: bool,
    changes: bool,
    write: impl FnOnce(&Connection) -> Result<()>,
) -> Result<Preview> {
    if dry_run || blocked(&preview, valid_only) || !changes {
        return Ok(preview);
    }
    match early {
        Some(backup) => backup.wait()?,
        None => {
            if let Some(file) = db.path() {
                db.backup_to(&backup_path(file))?;
            }
        }
    }
    db.write(write)?;
    Ok(preview)
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
