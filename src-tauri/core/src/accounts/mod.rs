//! Учётные записи of an encrypted school file: each user opens the file with a password of
//! their own and works in a role ([`Role`]) that the core enforces on the connection
//! ([`roles`]). The file's key is derived from the file's password (the administrator's, see
//! `encryption`); an account's password unlocks it through the account's slot — the key XOR
//! Argon2id of the account's password with a salt of its own. The slots are kept in the file
//! (`account`) and, so that a user can open the file at all, beside it in «<file>.ключи»
//! ([`slots`]), rewritten from the file whenever it is opened. Lost, that file is written again
//! the next time the administrator opens the school with the file's password.

mod roles;
mod slots;
#[cfg(test)]
mod tests;

pub use roles::Role;
pub(crate) use roles::{guard, refusal};
pub(crate) use slots::write_beside as write_slots;
pub use slots::{path_of as slots_path, sign_in};

use crate::db::Db;
use crate::error::{AccountProblem, CoreError, Result};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

/// One account as the list shows it and `accounts list --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Account {
    pub login: String,
    pub full_name: String,
    pub role: Role,
    /// The role in Russian.
    pub role_label: String,
    pub active: bool,
    /// False once the file's password changed: the administrator gives it a password again.
    pub has_password: bool,
}

/// Who works on a connection to the school file `path`: the account signed in to it (its role
/// read from the file, never from the slots beside it), or — a plain file, or an encrypted one
/// opened with the file's password — the administrator under the system user's name.
pub(crate) fn who(
    conn: &Connection,
    path: Option<&Path>,
) -> Result<(Role, String, Option<String>)> {
    let Some(login) = path.and_then(crate::encryption::signed_in) else {
        return Ok((Role::Administrator, crate::audit::system_actor(), None));
    };
    let found: Option<(String, bool)> = conn
        .query_row(
            "SELECT role, active FROM account WHERE login_key = ?1",
            [crate::people::code_key(&login)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        Some((role, true)) => {
            let role = Role::parse(&role).unwrap_or(Role::Viewer);
            Ok((role, login.clone(), Some(login)))
        }
        Some((_, false)) => Err(refused(AccountProblem::Disabled { login })),
        None => Err(refused(AccountProblem::Unknown { login })),
    }
}

fn refused(problem: AccountProblem) -> CoreError {
    CoreError::refused("account", problem.into())
}

/// The accounts of the file, in the order of their logins.
pub fn list(db: &Db) -> Result<Vec<Account>> {
    let mut stmt = db.conn().prepare(
        "SELECT login, full_name, role, active, wrapped_key IS NOT NULL FROM account
         ORDER BY login_key",
    )?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(2)?;
        let role = Role::parse(&role).unwrap_or(Role::Viewer);
        Ok(Account {
            login: r.get(0)?,
            full_name: r.get(1)?,
            role,
            role_label: role.label().to_string(),
            active: r.get(3)?,
            has_password: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A new account with its first password. Only in an encrypted file, by an administrator.
pub fn add(db: &Db, login: &str, full_name: &str, role: Role, password: &str) -> Result<Account> {
    let login = login.trim();
    if login.is_empty() {
        return Err(refused(AccountProblem::EmptyLogin));
    }
    let slot = slots::new_slot(db, password)?;
    let key = crate::people::code_key(login);
    db.write(|c| {
        let taken: bool = c
            .prepare("SELECT 1 FROM account WHERE login_key = ?1")?
            .exists([&key])?;
        if taken {
            return Err(refused(AccountProblem::LoginTaken {
                login: login.to_string(),
            }));
        }
        c.execute(
            "INSERT INTO account (login, login_key, full_name, role, salt, wrapped_key, created)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))",
            rusqlite::params![
                login,
                key,
                full_name.trim(),
                role.code(),
                slot.salt,
                slot.wrapped
            ],
        )?;
        log(c, "account_add", format!("{login}: {}", role.label()))
    })?;
    slots::write_beside(db)?;
    find(db, login)
}

/// A new password for the account `login`: the administrator's for anyone, anyone's for their
/// own (the role's guard allows no other change).
pub fn set_password(db: &Db, login: &str, password: &str) -> Result<()> {
    let slot = slots::new_slot(db, password)?;
    let key = crate::people::code_key(login);
    db.write(|c| {
        let n = c.execute(
            "UPDATE account SET salt = ?1, wrapped_key = ?2 WHERE login_key = ?3",
            rusqlite::params![slot.salt, slot.wrapped, key],
        )?;
        if n == 0 {
            return Err(refused(AccountProblem::Unknown {
                login: login.to_string(),
            }));
        }
        log(c, "account_password", login.to_string())
    })?;
    slots::write_beside(db)
}

/// Turns the account `login` off (it opens nothing, its slot leaves the file beside) or on.
pub fn set_active(db: &Db, login: &str, active: bool) -> Result<()> {
    let key = crate::people::code_key(login);
    db.write(|c| {
        let n = c.execute(
            "UPDATE account SET active = ?1 WHERE login_key = ?2",
            rusqlite::params![active, key],
        )?;
        if n == 0 {
            return Err(refused(AccountProblem::Unknown {
                login: login.to_string(),
            }));
        }
        let action = if active {
            "account_enable"
        } else {
            "account_disable"
        };
        log(c, action, login.to_string())
    })?;
    slots::write_beside(db)
}

fn find(db: &Db, login: &str) -> Result<Account> {
    let key = crate::people::code_key(login);
    list(db)?
        .into_iter()
        .find(|a| crate::people::code_key(&a.login) == key)
        .ok_or(CoreError::NotFound {
            what: "Учётная запись",
        })
}

/// The change log's entry of an account's change (its salt and slot never go into the log).
fn log(c: &Connection, action: &'static str, summary: String) -> Result<()> {
    let op = crate::audit::Operation {
        action,
        entity: "account",
        summary,
    };
    crate::audit::record(c, op)
}

/// Only an administrator (or the file's password) encrypts, decrypts and restores.
pub(crate) fn require_administrator(db: &Db) -> Result<()> {
    administrator_only(db.role())
}

/// Only an administrator restores a copy over the school file `school`: the account signed in
/// to it, as the copy `copy` knows it (the school file may be too damaged to read).
pub(crate) fn may_restore(school: &Path, copy: &Path) -> Result<()> {
    if crate::encryption::signed_in(school).is_none() {
        return Ok(());
    }
    let (role, _, _) = crate::db::look_at(copy, |c| who(c, Some(school)))?;
    administrator_only(role)
}

fn administrator_only(role: Role) -> Result<()> {
    match role {
        Role::Administrator => Ok(()),
        role => Err(refused(AccountProblem::NotAllowed {
            role: role.label().to_string(),
            what: "шифрование файла и восстановление из копий".to_string(),
        })),
    }
}
