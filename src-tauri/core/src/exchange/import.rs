//! What every import does around its own rows, whatever the section: the rule that errors block
//! the write, the backup of the database file before it, the one transaction, and the warnings
//! every list of people shares.

use super::preview::Preview;
use super::table::Record;
use crate::db::Db;
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
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut name = file.as_os_str().to_os_string();
    name.push(format!(".before-import-{stamp}.zavuch"));
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
    if dry_run || blocked(&preview, valid_only) || !changes {
        return Ok(preview);
    }
    if let Some(file) = db.path() {
        db.backup_to(&backup_path(file))?;
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
