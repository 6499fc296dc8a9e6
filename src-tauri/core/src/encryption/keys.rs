//! The keys of encrypted school files in this process: the passwords the user gave (the app's
//! «Пароль файла школы», the CLI's `--password-file`) and the keys derived from them. A key is
//! Argon2id of the password with the file's own salt (SQLCipher keeps it as the file's first 16
//! bytes, copies share it), derived once and handed to SQLCipher raw: every connection the
//! program opens (checks, copies, an import's second one) costs no key derivation of its own.

use super::FileKind;
use crate::error::{CoreError, EncryptionProblem, Result};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{LazyLock, Mutex};
use zeroize::Zeroizing;

pub(crate) const SALT_LEN: usize = 16;
pub(crate) type Salt = [u8; SALT_LEN];
type Key = Zeroizing<[u8; 32]>;

#[derive(Default)]
struct Keyring {
    passwords: Vec<Zeroizing<String>>,
    /// Keys found to open a file, by its salt.
    keys: HashMap<Salt, Key>,
    /// The account signed in to a file (by its salt): its connections work in its role.
    accounts: HashMap<Salt, String>,
}

static KEYRING: LazyLock<Mutex<Keyring>> = LazyLock::new(Mutex::default);

fn keyring() -> std::sync::MutexGuard<'static, Keyring> {
    // A panic while the ring was held leaves it whole (every change is one push or insert).
    KEYRING.lock().unwrap_or_else(|e| e.into_inner())
}

/// The first 16 bytes of the file `path` (SQLite's header, or an encrypted file's salt), read
/// through SQLite: a file descriptor of our own opened and closed on a database that this
/// process has open would drop the POSIX locks its connections hold (SQLite keeps its own
/// descriptors open until no lock needs them). SQLCipher reads the salt from the file's first
/// bytes when a connection is keyed; a key of zeros reads no page.
pub(crate) fn header(path: &Path) -> Result<Salt> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply(&conn, &raw(&[0; 32], None))?;
    let hex: String = conn.query_row("PRAGMA cipher_salt", [], |r| r.get(0))?;
    // SQLCipher always answers 32 hex digits; anything else is no header we know.
    Ok(unhex(&hex).unwrap_or([0; SALT_LEN]))
}

/// `N` bytes written as `2 × N` hex digits (a salt, a slot), or None.
pub(crate) fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    if text.len() != N * 2 {
        return None;
    }
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// A new random salt (a file's, an account's slot's).
pub(crate) fn new_salt() -> Result<Salt> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    Ok(salt)
}

/// Remembers `password` for the encrypted files this process opens; whether it was new.
pub fn add_password(password: &str) -> bool {
    let mut ring = keyring();
    let new = !ring.passwords.iter().any(|p| p.as_str() == password);
    if new {
        ring.passwords.push(Zeroizing::new(password.to_string()));
    }
    new
}

/// Forgets one password (a wrong one typed in the app: every later open would try it again).
pub fn forget_password(password: &str) {
    keyring().passwords.retain(|p| p.as_str() != password);
}

/// Forgets every password and key (the app's «Закрыть файл школы»).
pub fn forget_passwords() {
    let mut ring = keyring();
    ring.passwords.clear();
    ring.keys.clear();
    ring.accounts.clear();
}

/// The account signed in to the file `path` in this process (None: the file's password, or a
/// plain file).
pub fn signed_in(path: &Path) -> Option<String> {
    match super::kind(path) {
        Ok(FileKind::Encrypted(salt)) => keyring().accounts.get(&salt).cloned(),
        _ => None,
    }
}

/// The key the open, encrypted file `path` was opened with (None: a plain file).
pub(crate) fn file_key(path: &Path) -> Result<Option<Key>> {
    match super::kind(path)? {
        FileKind::Encrypted(salt) => key_for(path, &salt).map(Some),
        _ => Ok(None),
    }
}

/// Whether `key` (an account's, from its slot) opens the file `path` with `salt`; when it does,
/// the file's connections work as `login` from now on.
pub(crate) fn try_key(path: &Path, salt: &Salt, key: Key, login: &str) -> Result<bool> {
    if !opens(path, &key)? {
        return Ok(false);
    }
    let mut ring = keyring();
    ring.keys.insert(*salt, key);
    ring.accounts.insert(*salt, login.to_string());
    Ok(true)
}

/// Argon2id (64 MiB, 3 passes, 1 lane: RFC 9106's second choice with one lane, about half a
/// second on a school PC) of `password` with `salt`.
pub(crate) fn derive(password: &str, salt: &Salt) -> Key {
    let params = argon2::Params::new(64 * 1024, 3, 1, Some(32)).expect("valid parameters");
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password.as_bytes(), salt, key.as_mut())
        .expect("a 16-byte salt and a 32-byte key are within Argon2's limits");
    key
}

/// SQLCipher's raw key (`x'…'`): the key alone (the salt is read from the file), or the key
/// and the salt of a new file.
pub(crate) fn raw(key: &[u8; 32], salt: Option<&Salt>) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::with_capacity(100));
    text.push_str("x'");
    for b in key.iter().chain(salt.into_iter().flatten()) {
        text.push_str(&format!("{b:02X}"));
    }
    text.push('\'');
    text
}

/// Opens `path` with `flags`, keyed when the file is encrypted: with a key of the ring that
/// opens it, found by trying the ring's passwords the first time. Every connection to a
/// school file or a copy is opened here.
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    if let FileKind::Encrypted(salt) = super::kind(path)? {
        let key = key_for(path, &salt)?;
        apply(&conn, &raw(&key, None))?;
    }
    Ok(conn)
}

/// The key of the file `path` with `salt`: known, or found among the passwords; none that
/// opens it is a wrong password, a missing one, or a damaged file (see [`refusal`]).
pub(crate) fn key_for(path: &Path, salt: &Salt) -> Result<Key> {
    if let Some(key) = keyring().keys.get(salt) {
        return Ok(key.clone());
    }
    let passwords = keyring().passwords.clone();
    let mut tried = Vec::new();
    for password in passwords {
        let key = derive(&password, salt);
        if opens(path, &key)? {
            keyring().keys.insert(*salt, key.clone());
            return Ok(key);
        }
        tried.push(key);
    }
    Err(refusal(path, &tried))
}

/// Keys the connection `conn` with SQLCipher's raw key `raw` (before anything else is read).
/// SQLCipher writes every failed page check to stderr from then on: a wrong password is ours
/// to tell, in Russian, so its log is turned off (the level is the library's, for the process,
/// and takes only once a key has been given).
pub(crate) fn apply(conn: &Connection, raw: &str) -> Result<()> {
    conn.pragma_update(None, "key", raw)?;
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))?;
    Ok(())
}

/// Whether `key` reads the schema of the file.
fn opens(path: &Path, key: &[u8; 32]) -> Result<bool> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    apply(&conn, &raw(key, None))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())) {
        Ok(()) => Ok(true),
        Err(e) if crate::db::is_damage(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Why no key opened the file: no password given; a password whose key verifies some of the
/// file's pages (SQLCipher's per-page HMAC) but not its first — the password is right and the
/// file damaged; or one that verifies none — a wrong password.
fn refusal(path: &Path, tried: &[Key]) -> CoreError {
    let file = path.display().to_string();
    if tried.is_empty() {
        return CoreError::refused(
            "password",
            EncryptionProblem::PasswordNeeded { file }.into(),
        );
    }
    if tried.iter().any(|key| some_pages_verify(path, key)) {
        return crate::db::damaged(path);
    }
    CoreError::refused("password", EncryptionProblem::WrongPassword { file }.into())
}

/// Whether at least one page of the file passes its HMAC check with `key`.
fn some_pages_verify(path: &Path, key: &[u8; 32]) -> bool {
    let pages = || -> Result<(u64, usize)> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        apply(&conn, &raw(key, None))?;
        let failed: Vec<String> = conn
            .prepare("PRAGMA cipher_integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        Ok((size / super::PAGE_SIZE, failed.len()))
    };
    matches!(pages(), Ok((total, failed)) if (failed as u64) < total)
}

/// Remembers the key of a file just encrypted with a new salt.
pub(crate) fn remember(salt: Salt, key: Key) {
    keyring().keys.insert(salt, key);
}

/// SQLCipher's raw key and salt for a new file that `source` is copied into (SQLite's backup
/// copies only between two plain files or two encrypted ones): the source's own, so that a
/// copy opens with the school's password; None when the source is plain.
pub(crate) fn key_of_copy(source: &Path) -> Result<Option<Zeroizing<String>>> {
    match super::kind(source)? {
        FileKind::Encrypted(salt) => {
            let key = key_for(source, &salt)?;
            Ok(Some(raw(&key, Some(&salt))))
        }
        _ => Ok(None),
    }
}

/// Forgets the password and the key of one file, as a new process would not know them.
#[cfg(test)]
pub(crate) fn forget_file(password: &str, path: &Path) {
    forget_password(password);
    if let Ok(FileKind::Encrypted(salt)) = super::kind(path) {
        keyring().keys.remove(&salt);
    }
}
