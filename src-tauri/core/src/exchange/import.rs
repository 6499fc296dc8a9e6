//! What every import does around its own rows, whatever the section: the rule that errors block
//! the write, the backup of the database file before it, the one transaction, and the warnings
//! every list of people shares.

use super::preview::Preview;
use super::table::Record;
use crate::db::{BackgroundBackup, Db};
use crate::error::{At, Problem, Result};
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

/// The folder of the copies made before imports, beside the school file: out of the way of
/// «Открыть файл школы…», where a copy lying next to the school would be opened by mistake.
pub const BACKUP_FOLDER: &str = "Резервные копии";

/// What a copy's name says after the school file's name: why it was made.
const BEFORE_IMPORT: &str = "до импорта";
/// The copy taken before a stage of the rollover to the next year.
pub const BEFORE_ROLLOVER: &str = "до перехода на новый год";

/// `<folder of the file>/Резервные копии/<name>, до импорта 25.11.2026 10-31-07.zavuch`, with
/// « (2)» and on when a copy of the same second is there. Creates the folder.
pub fn backup_path(file: &Path) -> Result<PathBuf> {
    backup_path_before(file, BEFORE_IMPORT)
}

/// [`backup_path`] of a copy taken before something else (`why`: [`BEFORE_ROLLOVER`]).
pub fn backup_path_before(file: &Path, why: &str) -> Result<PathBuf> {
    let dir = backup_folder(file);
    std::fs::create_dir_all(&dir).at(&dir)?;
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let stamp = chrono::Local::now().format("%d.%m.%Y %H-%M-%S");
    let base = format!("{stem}, {why} {stamp}");
    let path = (1..)
        .map(|n| match n {
            1 => dir.join(format!("{base}.zavuch")),
            n => dir.join(format!("{base} ({n}).zavuch")),
        })
        .find(|p| !p.exists())
        .unwrap_or_default();
    Ok(path)
}

fn backup_folder(file: &Path) -> PathBuf {
    file.parent().unwrap_or(Path::new("")).join(BACKUP_FOLDER)
}

/// The copies made of the school `file` before imports, oldest first.
pub fn backups(file: &Path) -> Vec<PathBuf> {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let prefix = format!("{stem}, {BEFORE_IMPORT} ");
    let mut found: Vec<PathBuf> = std::fs::read_dir(backup_folder(file))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        })
        .collect();
    found.sort_by_key(|p| (p.metadata().and_then(|m| m.modified()).ok(), p.clone()));
    found
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
    if dry_run {
        return None;
    }
    // A folder that cannot be made is told when the import writes (it copies then).
    let dest = backup_path(db.path()?).ok()?;
    db.backup_in_background(dest)
}

/// [`write_unless_blocked`] with the backup `early` already started by [`start_backup`] (None:
/// take it now). The write begins only once the copy is complete, so the copy is the file
/// before the import; when nothing is written, the early copy is deleted. `preview` is the
/// import's preview, or a report holding one (the roster's).
pub fn write_after_backup<P: AsRef<Preview>>(
    db: &Db,
    early: Option<BackgroundBackup>,
    preview: P,
    dry_run: bool,
    valid_only: bool,
    changes: bool,
    write: impl FnOnce(&Connection) -> Result<()>,
) -> Result<P> {
    if dry_run || blocked(preview.as_ref(), valid_only) || !changes {
        return Ok(preview);
    }
    match early {
        Some(backup) => backup.wait()?,
        None => {
            if let Some(file) = db.path() {
                db.backup_to(&backup_path(file)?)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_before_imports_lie_in_their_own_folder_named_by_date_and_reason() {
        let dir = tempfile::tempdir().unwrap();
        let school = dir.path().join("Школа 12.zavuch");
        let first = backup_path(&school).unwrap();
        assert_eq!(first.parent().unwrap(), dir.path().join(BACKUP_FOLDER));
        let name = first.file_name().unwrap().to_string_lossy().into_owned();
        let today = chrono::Local::now().format("%d.%m.%Y").to_string();
        assert!(
            name.starts_with(&format!("Школа 12, до импорта {today} "))
                && name.ends_with(".zavuch"),
            "{name}"
        );
        // Nothing but the school file lies beside it.
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        assert!(beside.is_empty(), "{beside:?}");
        // A copy of the same second is kept: the next one takes another name.
        std::fs::write(&first, b"copy").unwrap();
        let second = backup_path(&school).unwrap();
        assert_ne!(second, first);
        std::fs::write(&second, b"copy").unwrap();
        // Another school's copies in the same folder are not this school's.
        std::fs::write(
            backup_path(&dir.path().join("Другая.zavuch")).unwrap(),
            b"x",
        )
        .unwrap();
        let found = backups(&school);
        assert!(found.len() == 2 && found.contains(&first) && found.contains(&second));
    }
}
