//! Encryption of a school file at rest (SQLCipher: AES-256 per page with an HMAC), opened with a
//! password: «Зашифровать файл школы», a new password, back to a plain file. The key is Argon2id
//! of the password with the file's salt (`keys`); the file's copies in «Резервные копии» are
//! encrypted with the same key, so one password opens the school and every copy of it. A
//! conversion writes the whole file anew beside it, checks it row for row against the old one
//! and renames it into place: a crash leaves the old file or the new one (docs/security.md).

mod keys;
#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use keys::forget_file;
pub use keys::{add_password, forget_password, forget_passwords, signed_in};
pub(crate) use keys::{
    apply as apply_key, connect, derive, file_key, key_of_copy, new_salt, try_key, unhex,
};

use crate::db::{Db, APPLICATION_ID};
use crate::error::{At, CoreError, EncryptionProblem, Result};
use keys::{Salt, SALT_LEN};
use rusqlite::OpenFlags;
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

/// SQLCipher's page size: an encrypted file is a whole number of these.
pub(crate) const PAGE_SIZE: u64 = 4096;

/// The fewest characters a password of a school file may have.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// What a file is, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Nothing yet, or SQLite's header: a plain file.
    Plain,
    /// No SQLite header, whole pages: an encrypted file, with its salt.
    Encrypted(Salt),
    /// Neither.
    NotSqlite,
}

/// The kind of the file at `path` (a file that does not exist is a new, plain one).
pub fn kind(path: &Path) -> Result<FileKind> {
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Plain),
        Err(e) => return Err(CoreError::file(path, e)),
    };
    if size == 0 {
        return Ok(FileKind::Plain);
    }
    if size < SALT_LEN as u64 {
        return Ok(FileKind::NotSqlite);
    }
    let head = keys::header(path)?;
    Ok(match &head {
        b"SQLite format 3\0" => FileKind::Plain,
        _ if size >= PAGE_SIZE && size % PAGE_SIZE == 0 => FileKind::Encrypted(head),
        _ => FileKind::NotSqlite,
    })
}

/// Whether the school file at `path` is encrypted.
pub fn is_encrypted(path: &Path) -> Result<bool> {
    Ok(matches!(kind(path)?, FileKind::Encrypted(_)))
}

/// What a conversion did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Converted {
    pub file: String,
    pub encrypted: bool,
    /// Copies in «Резервные копии» converted with it.
    pub copies: usize,
    /// Copies that failed their check (a damaged file kept before a restore): they cannot be
    /// read to be rewritten and stay as they were — a plain one readable without the password.
    pub unchecked_copies: usize,
}

/// The password in a password file: its first line, without the line's end (`--password-file`,
/// `ZAVUCH_PASSWORD_FILE`).
pub fn read_password_file(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path).at(path)?;
    let line = text.lines().next().unwrap_or("").to_string();
    if line.is_empty() {
        let problem = EncryptionProblem::EmptyPasswordFile {
            file: path.display().to_string(),
        };
        return Err(CoreError::refused("password", problem.into()));
    }
    Ok(line)
}

/// Encrypts the plain school file `school` with `password`, and its copies with it.
pub fn encrypt(school: &Path, password: &str) -> Result<Converted> {
    check_new_password(password)?;
    if kind(school)? != FileKind::Plain {
        let file = school.display().to_string();
        return Err(refused(EncryptionProblem::AlreadyEncrypted { file }));
    }
    let target = new_key(password)?;
    convert(school, "encrypt", "файл зашифрован", Some(&target))
}

/// Makes the encrypted school file `school` (opened with the passwords given) a plain one
/// again, and its copies with it.
pub fn decrypt(school: &Path) -> Result<Converted> {
    require_encrypted(school)?;
    convert(school, "decrypt", "шифрование снято", None)
}

/// Encrypts the encrypted school file `school` (opened with the passwords given) with a new
/// password, and its copies with it: the old password opens none of them afterwards.
pub fn change_password(school: &Path, password: &str) -> Result<Converted> {
    check_new_password(password)?;
    require_encrypted(school)?;
    let target = new_key(password)?;
    convert(school, "change_password", "пароль изменён", Some(&target))
}

fn refused(problem: EncryptionProblem) -> CoreError {
    CoreError::refused("password", problem.into())
}

pub(crate) fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(refused(EncryptionProblem::ShortPassword {
            min: MIN_PASSWORD_CHARS,
        }));
    }
    Ok(())
}

fn require_encrypted(school: &Path) -> Result<()> {
    if !is_encrypted(school)? {
        let file = school.display().to_string();
        return Err(refused(EncryptionProblem::NotEncrypted { file }));
    }
    Ok(())
}

/// The key of a new password with a new random salt, remembered for the files it will open.
struct NewKey {
    raw: zeroize::Zeroizing<String>,
}

fn new_key(password: &str) -> Result<NewKey> {
    let salt = keys::new_salt()?;
    let key = keys::derive(password, &salt);
    keys::remember(salt, key.clone());
    add_password(password);
    Ok(NewKey {
        raw: keys::raw(&key, Some(&salt)),
    })
}

/// Converts the school file (checked and upgraded by the open, by an administrator) and then
/// its copies to `target` (None: plain). The school file's change log records it, and its
/// accounts' slots are emptied (they held the old key: the administrator gives them passwords
/// again), in the new file before it takes the old one's place: a crash leaves the old file as it
/// was or the new one whole. Copies not yet rewritten then open with the old password.
fn convert(
    school: &Path,
    action: &'static str,
    summary: &str,
    target: Option<&NewKey>,
) -> Result<Converted> {
    crate::accounts::require_administrator(&Db::open(school)?)?;
    let op = crate::audit::Operation {
        action,
        entity: "school_file",
        summary: summary.to_string(),
    };
    rewrite(school, target, Some(op))?;
    let (copies, unchecked_copies) =
        crate::backup::convert_copies(school, |copy| rewrite(copy, target, None))?;
    // Opened once more, so that the accounts' slots beside the file follow it.
    drop(Db::open(school)?);
    Ok(Converted {
        file: school.display().to_string(),
        encrypted: target.is_some(),
        copies,
        unchecked_copies,
    })
}

/// Writes the database `file` anew beside it, keyed with `target`, checks that it holds the
/// same rows, records `op` in it, and renames it over `file` once `file`'s WAL is gone.
fn rewrite(
    file: &Path,
    target: Option<&NewKey>,
    op: Option<crate::audit::Operation>,
) -> Result<()> {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let fresh = file.with_file_name(format!(".{name}.шифрование"));
    let _ = std::fs::remove_file(&fresh);
    crate::backup::create_private(&fresh).at(&fresh)?;
    let written = export(file, &fresh, target).and_then(|()| match op {
        Some(op) => record_in(&fresh, op),
        None => Ok(()),
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&fresh);
        return Err(e);
    }
    crate::files::replace_with(file, &fresh)
}

/// The conversion's entry in the new file's change log, and its accounts' slots emptied.
fn record_in(fresh: &Path, op: crate::audit::Operation) -> Result<()> {
    let db = Db::open_again(fresh)?;
    db.write(|c| {
        c.execute(
            "UPDATE account SET wrapped_key = NULL WHERE wrapped_key IS NOT NULL",
            [],
        )?;
        crate::audit::record(c, op)
    })?;
    // Closed as the last connection: SQLite folds the WAL into the file and removes it.
    drop(db);
    Ok(())
}

/// Exports every table, index and trigger of `file` into `fresh` (SQLCipher's
/// `sqlcipher_export`, the one way between a plain and an encrypted file) with the schema's
/// version and the application's mark, and compares the two row for row.
fn export(file: &Path, fresh: &Path, target: Option<&NewKey>) -> Result<()> {
    let conn = connect(file, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let key = target.map_or("", |t| t.raw.as_str());
    conn.execute(
        "ATTACH DATABASE ?1 AS fresh KEY ?2",
        (fresh.to_string_lossy(), key),
    )?;
    conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    conn.query_row("SELECT sqlcipher_export('fresh')", [], |_| Ok(()))?;
    conn.execute_batch(&format!(
        "PRAGMA fresh.user_version = {version}; PRAGMA fresh.application_id = {APPLICATION_ID};"
    ))?;
    conn.execute_batch("DETACH DATABASE fresh")?;
    let written = connect(fresh, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let intact: String = written.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    if intact != "ok" || crate::db::digest(&conn)? != crate::db::digest(&written)? {
        let file = file.display().to_string();
        return Err(refused(EncryptionProblem::CheckFailed { file }));
    }
    Ok(())
}
