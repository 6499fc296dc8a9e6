//! Restoring a copy over the school file. The copy is checked first; the school file is kept
//! as a copy before it is replaced (a damaged one byte for byte, unchecked), so a restore can
//! itself be undone; the copy is written beside the school file and renamed over it, so a
//! crash leaves the old file or the restored one, never half of one.

use super::copy::{self, make_private};
use super::{make_of, path_of, remove_copy, wal_of, Copy, Reason, Slot};
use crate::db::look_at;
use crate::error::{At, BackupProblem, CoreError, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Restored {
    /// The school file as it was before the restore, kept as a copy (None: there was no file).
    pub kept: Option<Copy>,
    /// The file restored from.
    pub from: String,
}

/// Restores over the school file `school` the copy `what`: a copy's id from its list, or the
/// path of a copy file. Does not ask: the app asks before calling it. The school file must not
/// be open (it is replaced).
pub fn restore(school: &Path, what: &str) -> Result<Restored> {
    let source = source_of(school, what)?;
    if crate::db::check_existing(&source).is_err() || !copy::intact(&source).unwrap_or(false) {
        return Err(bad_copy(&source));
    }
    crate::accounts::may_restore(school, &source)?;
    let kept = keep_current(school)?;
    replace(school, &source)?;
    log_restore(school, &source, kept.as_ref())?;
    Ok(Restored {
        kept,
        from: source.display().to_string(),
    })
}

/// The restore in the restored file's change log (its log is the copy's, up to the copy).
fn log_restore(school: &Path, source: &Path, kept: Option<&Copy>) -> Result<()> {
    let db = crate::db::Db::open(school)?;
    let kept = kept.map_or(String::new(), |k| {
        format!("; прежний файл сохранён как копия {}", k.id)
    });
    let op = crate::audit::Operation {
        action: "restore",
        entity: "school_file",
        summary: format!("из копии {}{kept}", source.display()),
    };
    db.write(|conn| crate::audit::record(conn, op))
}

fn bad_copy(source: &Path) -> CoreError {
    let problem = BackupProblem::BadCopy {
        copy: source.display().to_string(),
    };
    CoreError::refused("copy", problem.into())
}

fn source_of(school: &Path, what: &str) -> Result<PathBuf> {
    if let Some(listed) = path_of(school, what).filter(|p| p.exists()) {
        return Ok(listed);
    }
    let file = PathBuf::from(what);
    if file.is_file() {
        return Ok(file);
    }
    let problem = BackupProblem::UnknownCopy { id: what.into() };
    Err(CoreError::refused("copy", problem.into()))
}

/// The school file kept as a copy before it is replaced: through SQLite's backup when it
/// passes the open checks, byte for byte (with its WAL) when it does not.
fn keep_current(school: &Path) -> Result<Option<Copy>> {
    if !school.exists() {
        return Ok(None);
    }
    if crate::db::check_existing(school).is_ok() {
        return look_at(school, |conn| make_of(conn, school, Reason::Restore)).map(Some);
    }
    let slot = Slot::reserve(school, Reason::Damaged)?;
    let bytes = copy_bytes(school, &slot.path).and_then(|()| {
        let wal = wal_of(school);
        match wal.exists() {
            true => copy_bytes(&wal, &wal_of(&slot.path)),
            false => Ok(()),
        }
    });
    slot.finish(bytes.map(|()| false)).map(Some)
}

fn copy_bytes(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to).at(to)?;
    make_private(to)?;
    std::fs::File::open(to).and_then(|f| f.sync_all()).at(to)
}

/// Writes `source` beside `school` through SQLite's backup, checks it, and renames it over
/// the school file.
fn replace(school: &Path, source: &Path) -> Result<()> {
    let name = school.file_name().unwrap_or_default().to_string_lossy();
    let fresh = school.with_file_name(format!(".{name}.восстановление"));
    remove_copy(&fresh);
    copy::create_private(&fresh).at(&fresh)?;
    let written =
        look_at(source, |conn| copy::database(conn, &fresh)).and_then(|()| copy::intact(&fresh));
    if !matches!(written, Ok(true)) {
        remove_copy(&fresh);
        return Err(written.err().unwrap_or_else(|| bad_copy(source)));
    }
    crate::files::replace_with(school, &fresh)
}
