//! An encrypted school file in the app: the file no password given opens waits for one (the
//! «locked» screen, as a damaged file waits for its restore), and the conversions — encrypt, a
//! new password, back to a plain file — done on the closed file and its copies, which is then
//! opened again.

use super::Session;
use crate::encryption::{self, Converted};
use crate::error::{CoreError, EncryptionProblem, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// An encrypted school file that no password given opens: not opened.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LockedFile {
    pub path: String,
    /// What to do, in Russian: type the password, or the one typed does not fit.
    pub message: String,
    /// The password typed last does not open the file.
    pub wrong: bool,
}

impl LockedFile {
    /// The file of a refusal for want of its password (None: refused for another reason). A
    /// password remembered for another file is no password typed for this one: `wrong` is
    /// set by [`Session::unlock`] alone.
    pub(super) fn of(path: &Path, e: &CoreError) -> Option<LockedFile> {
        e.fields()
            .first()
            .filter(|f| matches!(f.code.as_str(), "password_needed" | "wrong_password"))
            .map(|_| LockedFile {
                path: path.display().to_string(),
                message: EncryptionProblem::EnterPassword.to_string(),
                wrong: false,
            })
    }
}

impl Session {
    /// Opens the locked school file with `password`: the file's own, remembered for it and its
    /// copies, or with `login` the password of that account, which then works in its role. A
    /// password that does not open it (or an unknown account) leaves it locked, saying so, and is
    /// forgotten (every later open would try it again, half a second each).
    pub fn unlock(&mut self, login: Option<&str>, password: &str) -> Result<()> {
        let path = match &self.locked {
            Some(locked) => PathBuf::from(&locked.path),
            None => {
                return Err(CoreError::NotFound {
                    what: "Зашифрованный файл школы",
                })
            }
        };
        if let Some(login) = login.map(str::trim).filter(|l| !l.is_empty()) {
            return match crate::accounts::sign_in(&path, login, password) {
                Ok(()) => self.enter_again(&path),
                Err(e) if matches!(e.fields().first(), Some(f) if ["wrong_password", "unknown_account"].contains(&f.code.as_str())) =>
                {
                    self.still_locked(e.payload().message);
                    Ok(())
                }
                Err(e) => Err(e),
            };
        }
        let new = encryption::add_password(password);
        let mut next = Session::enter(self.dir.clone(), self.settings.clone(), &path)?;
        if next.locked.is_some() {
            if new {
                encryption::forget_password(password);
            }
            let file = path.display().to_string();
            next.still_locked(EncryptionProblem::WrongPassword { file }.to_string());
        }
        *self = next;
        Ok(())
    }

    fn enter_again(&mut self, path: &std::path::Path) -> Result<()> {
        *self = Session::enter(self.dir.clone(), self.settings.clone(), path)?;
        Ok(())
    }

    /// The locked file stays locked, with why.
    fn still_locked(&mut self, message: String) {
        if let Some(locked) = &mut self.locked {
            locked.message = message;
            locked.wrong = true;
        }
    }

    /// «Сменить пользователя»: the open encrypted file locked again, every password and key
    /// this process holds forgotten, to be opened with a password (an account's or the file's)
    /// anew. A plain file has no one to sign out.
    pub fn sign_out(&mut self) -> Result<()> {
        let path = self.open_path()?;
        if !encryption::is_encrypted(&path)? {
            let problem = crate::error::AccountProblem::NotEncrypted;
            return Err(CoreError::refused("account", problem.into()));
        }
        encryption::forget_passwords();
        self.enter_again(&path)
    }

    /// «Зашифровать файл школы»: the open file and its copies, with `password`.
    pub fn encrypt(&mut self, password: &str) -> Result<Converted> {
        self.convert(|school| encryption::encrypt(school, password))
    }

    /// «Сменить пароль» of the open encrypted file and its copies.
    pub fn change_password(&mut self, password: &str) -> Result<Converted> {
        self.convert(|school| encryption::change_password(school, password))
    }

    /// «Снять шифрование»: the open file and its copies plain again.
    pub fn decrypt(&mut self) -> Result<Converted> {
        self.convert(encryption::decrypt)
    }

    /// Converts the open school file, closed meanwhile (a conversion rewrites it), and opens
    /// it again; a file not open (damaged, locked) is refused.
    fn convert(&mut self, f: impl FnOnce(&Path) -> Result<Converted>) -> Result<Converted> {
        let path = self.open_path()?;
        self.closed(&path, f)
    }

    /// The open school file (not a damaged or locked one, which is not open).
    fn open_path(&self) -> Result<PathBuf> {
        self.db
            .path()
            .map(Path::to_path_buf)
            .ok_or(CoreError::NotFound {
                what: "Открытый файл школы",
            })
    }
}

#[cfg(test)]
mod tests {
    use super::super::Settings;
    use super::*;
    use crate::backup::tests::damage;
    use crate::encryption::forget_file;
    use crate::year;

    /// A session on a new school file in `dir` with its current year and a copy made by hand.
    fn school(dir: &Path) -> (Session, PathBuf) {
        let path = dir.join("school.zavuch");
        let session = Session::open_in(dir.to_path_buf(), Settings::default(), &path).unwrap();
        year::init(session.db(), chrono::Local::now().date_naive()).unwrap();
        session.backup_now().unwrap();
        (session, path)
    }

    /// The app started anew on `path`, with no password of it remembered.
    fn restart(dir: &Path, path: &Path, passwords: &[&str]) -> Session {
        for password in passwords {
            forget_file(password, path);
        }
        Session::start_at(dir.to_path_buf(), Settings::default(), path).unwrap()
    }

    fn locked(session: &Session) -> LockedFile {
        let state = session.state().unwrap();
        assert!(state.encrypted && state.year_name.is_none() && state.damaged.is_none());
        state.locked.expect("the file waits for its password")
    }

    fn opened(session: &Session) -> bool {
        let state = session.state().unwrap();
        state.locked.is_none() && state.damaged.is_none() && state.year_name.is_some()
    }

    #[test]
    fn an_encrypted_file_waits_for_its_password_and_opens_with_the_right_one_only() {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, path) = school(dir.path());
        let done = session.encrypt("сессия-пароль-1").unwrap();
        assert!(done.encrypted && done.copies == 1, "{done:?}");
        assert!(opened(&session) && session.state().unwrap().encrypted);
        drop(session);

        let before = std::fs::read(&path).unwrap();
        let mut session = restart(dir.path(), &path, &["сессия-пароль-1"]);
        let shown = locked(&session);
        assert_eq!(shown.path, path.display().to_string());
        assert!(!shown.wrong && shown.message.contains("Введите пароль"));
        assert_eq!(session.state().unwrap().db_path, shown.path);
        assert_eq!(session.backups().unwrap().copies.len(), 1);
        assert_eq!(std::fs::read(&path).unwrap(), before, "left as it was");

        session.unlock(None, "не-тот-пароль-сессии").unwrap();
        let shown = locked(&session);
        assert!(shown.wrong && shown.message.contains("Пароль не подходит"));
        session.unlock(None, "сессия-пароль-1").unwrap();
        assert!(opened(&session));

        session.change_password("сессия-пароль-2").unwrap();
        assert!(opened(&session));
        drop(session);
        let mut session = restart(dir.path(), &path, &["сессия-пароль-1", "сессия-пароль-2"]);
        session.unlock(None, "сессия-пароль-1").unwrap();
        assert!(locked(&session).wrong, "the old password opens nothing");
        session.unlock(None, "сессия-пароль-2").unwrap();
        assert!(opened(&session));

        let done = session.decrypt().unwrap();
        assert!(!done.encrypted && done.copies == 1, "{done:?}");
        assert!(opened(&session) && !session.state().unwrap().encrypted);
        assert_eq!(&std::fs::read(&path).unwrap()[..16], b"SQLite format 3\0");
    }

    #[test]
    fn an_account_opens_the_file_with_its_own_password_and_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, path) = school(dir.path());
        session.encrypt("сессия-пароль-4").unwrap();
        let role = crate::accounts::Role::Secretary;
        crate::accounts::add(session.db(), "Иванова", "", role, "пароль-ивановой-с4").unwrap();
        assert_eq!(session.state().unwrap().user, None, "the file's password");
        drop(session);

        let mut session = restart(dir.path(), &path, &["сессия-пароль-4"]);
        session.unlock(Some("иванова"), "не-тот-пароль-с4").unwrap();
        assert!(locked(&session).message.contains("Пароль не подходит"));
        session
            .unlock(Some("Петрова"), "пароль-ивановой-с4")
            .unwrap();
        assert!(locked(&session)
            .message
            .contains("Учётной записи «Петрова» нет"));
        session
            .unlock(Some(" иванова "), "пароль-ивановой-с4")
            .unwrap();
        assert!(opened(&session));
        let user = session.state().unwrap().user;
        assert_eq!(user.as_deref(), Some("Иванова (секретарь)"));
    }

    #[test]
    fn signing_out_locks_the_file_again_for_the_next_user() {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, _) = school(dir.path());
        let e = session.sign_out().expect_err("a plain file");
        assert_eq!(e.fields()[0].code, "accounts_need_encryption");
        session.encrypt("сессия-пароль-5").unwrap();
        let role = crate::accounts::Role::Viewer;
        crate::accounts::add(session.db(), "Петров", "", role, "пароль-петрова-с5").unwrap();

        session.sign_out().unwrap();
        assert!(
            !locked(&session).wrong,
            "asked for a password, none wrong yet"
        );
        session.unlock(Some("петров"), "пароль-петрова-с5").unwrap();
        assert!(opened(&session));
        let state = session.state().unwrap();
        assert_eq!(state.user.as_deref(), Some("Петров (только просмотр)"));
        assert_eq!(state.role, crate::accounts::Role::Viewer);
        session.sign_out().unwrap();
        session.unlock(None, "сессия-пароль-5").unwrap();
        let state = session.state().unwrap();
        assert!(opened(&session) && state.user.is_none());
        assert_eq!(state.role, crate::accounts::Role::Administrator);
    }

    #[test]
    fn a_refused_conversion_leaves_the_file_open_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, _) = school(dir.path());
        let e = session.encrypt("коротко").expect_err("too short");
        assert_eq!(e.fields()[0].code, "short_password");
        let e = session.decrypt().expect_err("not encrypted");
        assert_eq!(e.fields()[0].code, "not_encrypted");
        assert!(opened(&session) && !session.state().unwrap().encrypted);
    }

    #[test]
    fn a_damaged_encrypted_file_shows_the_damage_once_unlocked_and_its_copy_restores() {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, path) = school(dir.path());
        session.encrypt("сессия-пароль-3").unwrap();
        let copy = session.backups().unwrap().copies[0].clone();
        drop(session);
        damage(&path);

        let mut session = restart(dir.path(), &path, &["сессия-пароль-3"]);
        locked(&session);
        session.unlock(None, "сессия-пароль-3").unwrap();
        let state = session.state().unwrap();
        let damaged = state.damaged.expect("the right password, a damaged file");
        assert!(state.locked.is_none() && state.encrypted);
        assert_eq!(damaged.latest.map(|c| c.id), Some(copy.id.clone()));

        session.restore(&copy.id).unwrap();
        assert!(opened(&session) && session.state().unwrap().encrypted);
    }
}
