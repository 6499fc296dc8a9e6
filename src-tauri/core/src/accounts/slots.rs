//! The accounts' slots: the file's key XOR Argon2id of the account's password with a salt of
//! its own, kept in the file (`account`) and beside it in «<file>.ключи» (JSON, 0600), where a
//! user signing in finds theirs before the file can be read. The file beside holds no role:
//! whoever edits it can at most lock an account out, never raise it.

use super::refused;
use crate::db::Db;
use crate::encryption::{self, FileKind};
use crate::error::{AccountProblem, CoreError, EncryptionProblem, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub(crate) struct Slot {
    pub salt: Vec<u8>,
    pub wrapped: Vec<u8>,
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct SlotsFile {
    version: u32,
    slots: Vec<SlotLine>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct SlotLine {
    login: String,
    salt: String,
    key: String,
}

/// «<school file>.ключи» beside the school file.
pub fn path_of(school: &Path) -> PathBuf {
    let mut name = school.as_os_str().to_owned();
    name.push(".ключи");
    PathBuf::from(name)
}

/// A slot for a new password of an account of the open, encrypted school file.
pub(crate) fn new_slot(db: &Db, password: &str) -> Result<Slot> {
    encryption::check_new_password(password)?;
    let key = db
        .path()
        .map(encryption::file_key)
        .transpose()?
        .flatten()
        .ok_or_else(|| refused(AccountProblem::NotEncrypted))?;
    let salt = encryption::new_salt()?;
    let kek = encryption::derive(password, &salt);
    let wrapped = key.iter().zip(kek.iter()).map(|(k, e)| k ^ e).collect();
    Ok(Slot {
        salt: salt.to_vec(),
        wrapped,
    })
}

/// Signs in to the encrypted school file `school` as `login`: the key its slot and `password`
/// give opens the file, and the connections this process opens to it work in the account's role.
pub fn sign_in(school: &Path, login: &str, password: &str) -> Result<()> {
    let FileKind::Encrypted(file_salt) = encryption::kind(school)? else {
        return Err(refused(AccountProblem::NotEncrypted));
    };
    let wanted = crate::people::code_key(login);
    let slot = read(school)
        .slots
        .into_iter()
        .find(|s| crate::people::code_key(&s.login) == wanted)
        .ok_or_else(|| {
            refused(AccountProblem::Unknown {
                login: login.trim().to_string(),
            })
        })?;
    let (Some(salt), Some(wrapped)) = (
        encryption::unhex::<16>(&slot.salt),
        encryption::unhex::<32>(&slot.key),
    ) else {
        return Err(refused(AccountProblem::Unknown { login: slot.login }));
    };
    let kek = encryption::derive(password, &salt);
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    for (i, b) in key.iter_mut().enumerate() {
        *b = wrapped[i] ^ kek[i];
    }
    if encryption::try_key(school, &file_salt, key, &slot.login)? {
        return Ok(());
    }
    let file = school.display().to_string();
    Err(CoreError::refused(
        "password",
        EncryptionProblem::WrongPassword { file }.into(),
    ))
}

fn read(school: &Path) -> SlotsFile {
    std::fs::read(path_of(school))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes «<file>.ключи» from the file's active accounts with a password (only when it would
/// change); a plain file, or one without such accounts, has none.
pub(crate) fn write_beside(db: &Db) -> Result<()> {
    let Some(school) = db.path() else {
        return Ok(());
    };
    let beside = path_of(school);
    let mut file = SlotsFile {
        version: 1,
        slots: Vec::new(),
    };
    if encryption::is_encrypted(school)? {
        let mut stmt = db.conn().prepare(
            "SELECT login, salt, wrapped_key FROM account
             WHERE active = 1 AND wrapped_key IS NOT NULL ORDER BY login_key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SlotLine {
                login: r.get(0)?,
                salt: crate::marks::archive::hex(&r.get::<_, Vec<u8>>(1)?),
                key: crate::marks::archive::hex(&r.get::<_, Vec<u8>>(2)?),
            })
        })?;
        file.slots = rows.collect::<rusqlite::Result<_>>()?;
    }
    if file.slots.is_empty() {
        return match std::fs::remove_file(&beside) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(CoreError::file(&beside, e)),
            _ => Ok(()),
        };
    }
    if read(school) == file {
        return Ok(());
    }
    let json = serde_json::to_vec_pretty(&file).map_err(|e| CoreError::Io(e.into()))?;
    crate::files::write_whole(&beside, &json)?;
    crate::backup::make_private(&beside)
}
