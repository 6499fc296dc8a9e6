//! Which school file is open, where files live by default, and the recently opened files.
//! The desktop shell keeps one `Session`; the CLI opens a `Db` directly.

mod encryption;

pub use encryption::LockedFile;

use crate::backup::{self, Backups, Copy, Restored};
use crate::db::Db;
use crate::error::{At, CoreError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// How many recent files the app remembers.
const RECENT_MAX: usize = 8;

/// Environment variable naming the school file to open (tests and scripts use it).
pub const ENV_DB: &str = "ZAVUCH_DB";
/// Environment variable naming the folder for settings and the default school file,
/// so that tests never touch a user's data.
pub const ENV_DATA_DIR: &str = "ZAVUCH_DATA_DIR";

/// The folder where the settings and, by default, the school file live.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(ENV_DATA_DIR) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("ru", "Zavuch", "Zavuch")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The school file the app opens at start: `ZAVUCH_DB` if set, else the last file used,
/// else `school.zavuch` in the data folder.
pub fn startup_path() -> PathBuf {
    let dir = data_dir();
    startup_path_in(&dir, &Settings::load(&dir))
}

fn startup_path_in(dir: &Path, settings: &Settings) -> PathBuf {
    std::env::var_os(ENV_DB)
        .map(PathBuf::from)
        .or_else(|| settings.recent.first().filter(|p| p.exists()).cloned())
        .unwrap_or_else(|| dir.join("school.zavuch"))
}

/// What the app remembers between runs.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
}

impl Settings {
    fn file(dir: &Path) -> PathBuf {
        dir.join("settings.json")
    }

    /// Reads the settings; a missing or damaged file gives empty settings (they are only a convenience).
    pub fn load(dir: &Path) -> Settings {
        std::fs::read(Settings::file(dir))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).at(dir)?;
        let json = serde_json::to_vec_pretty(self).map_err(|e| CoreError::Io(e.into()))?;
        let file = Settings::file(dir);
        std::fs::write(&file, json).at(&file)
    }

    /// Puts `path` first in the recent list, without repeats.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT_MAX);
    }
}

/// What the UI needs to know about the open school file.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppState {
    pub db_path: String,
    pub default_dir: String,
    /// No school in the file yet: the UI offers the demo school or a fresh start.
    pub is_empty: bool,
    pub school_name: Option<String>,
    pub year_name: Option<String>,
    pub recent: Vec<String>,
    /// A message about the start (the remembered file could not be opened), or null.
    pub notice: Option<String>,
    /// The school file is damaged and was not opened: the UI shows only that, with the latest
    /// good copy to restore.
    pub damaged: Option<DamagedFile>,
    /// The school file is encrypted and no password given opens it: the UI asks for one.
    pub locked: Option<LockedFile>,
    /// The school file is encrypted (with a password, SQLCipher).
    pub encrypted: bool,
    /// Who works: «Иванова (секретарь)» when an account signed in, null for the file's
    /// password or a plain file.
    pub user: Option<String>,
    /// The account signed in (null: the file's password, or a plain file).
    pub login: Option<String>,
    /// What the one who works may do: the account's role, else the administrator's.
    pub role: crate::accounts::Role,
}

/// A school file that failed the checks at open ([`crate::error::BackupProblem::Damaged`]).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DamagedFile {
    pub path: String,
    /// What happened and what to do, in Russian.
    pub message: String,
    /// The latest copy that passed its check, or null.
    pub latest: Option<Copy>,
}

impl DamagedFile {
    /// The file of a damaged-file refusal (None: refused for another reason).
    fn of(path: &Path, e: &CoreError) -> Option<DamagedFile> {
        e.fields()
            .first()
            .filter(|f| f.code == "damaged_file")
            .map(|f| DamagedFile {
                path: path.display().to_string(),
                message: f.message.clone(),
                latest: backup::latest_good(path),
            })
    }
}

pub struct Session {
    dir: PathBuf,
    settings: Settings,
    db: Db,
    /// Why the file asked for at start was not opened; shown once by the UI.
    notice: Option<String>,
    /// The school file asked for is damaged: not opened (`db` is an empty one in memory).
    damaged: Option<DamagedFile>,
    /// The school file asked for is encrypted and waits for its password (`db` in memory).
    locked: Option<LockedFile>,
}

/// Why the file asked for at start was not opened, the file named once (most refusals of a
/// file name it themselves).
fn start_notice(path: &Path, e: &CoreError) -> String {
    let why = match e {
        CoreError::File { .. } | CoreError::NotSqlite(_) | CoreError::NotZavuch(_) => e.to_string(),
        _ => format!("Не удалось открыть «{}»: {e}", path.display()),
    };
    format!("{why} Открыт файл по умолчанию.")
}

impl Session {
    /// Opens the school file of [`startup_path`]. When it cannot be opened (damaged, from a newer
    /// version, not a school), the default file is opened instead and the reason is kept for the
    /// UI to show, so the user is never left without a window.
    pub fn start() -> Result<Session> {
        let dir = data_dir();
        let settings = Settings::load(&dir);
        let path = startup_path_in(&dir, &settings);
        Session::start_at(dir, settings, &path)
    }

    fn start_at(dir: PathBuf, settings: Settings, path: &Path) -> Result<Session> {
        let fallback = dir.join("school.zavuch");
        match Session::enter(dir.clone(), settings.clone(), path) {
            Err(e) if path != fallback => {
                let mut session = Session::open_in(dir, settings, &fallback)?;
                session.notice = Some(start_notice(path, &e));
                Ok(session)
            }
            other => other,
        }
    }

    fn open_in(dir: PathBuf, mut settings: Settings, path: &Path) -> Result<Session> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).at(parent)?;
        }
        let db = Db::open(path)?;
        // The copy of the first open of the day; a folder it cannot be made in is no reason
        // to refuse opening the school (the list of copies shows what there is).
        if let Err(e) = backup::daily(&db) {
            tracing::warn!("daily copy not made: {e}");
        }
        settings.remember(path);
        // Losing the recent list is no reason to refuse opening the school.
        if let Err(e) = settings.save(&dir) {
            tracing::warn!("settings not saved: {e}");
        }
        Ok(Session {
            dir,
            settings,
            db,
            notice: None,
            damaged: None,
            locked: None,
        })
    }

    /// [`Session::open_in`], or, when the file is damaged or waits for its password, a
    /// session showing only that.
    fn enter(dir: PathBuf, settings: Settings, path: &Path) -> Result<Session> {
        match Session::open_in(dir.clone(), settings.clone(), path) {
            Err(e) => {
                let damaged = DamagedFile::of(path, &e);
                let locked = LockedFile::of(path, &e);
                if damaged.is_none() && locked.is_none() {
                    return Err(e);
                }
                Ok(Session {
                    dir,
                    settings,
                    db: Db::in_memory()?,
                    notice: None,
                    damaged,
                    locked,
                })
            }
            opened => opened,
        }
    }

    /// The school file: the open one, or the damaged or locked one not opened (None: in memory).
    fn school(&self) -> Option<PathBuf> {
        let unopened = self.damaged.as_ref().map(|d| &d.path);
        match unopened.or(self.locked.as_ref().map(|l| &l.path)) {
            Some(path) => Some(PathBuf::from(path)),
            None => self.db.path().map(Path::to_path_buf),
        }
    }

    fn school_or_refuse(&self) -> Result<PathBuf> {
        self.school().ok_or(CoreError::NotFound {
            what: "Файл школы"
        })
    }

    /// The copies of the school file and its second place.
    pub fn backups(&self) -> Result<Backups> {
        backup::overview(&self.school_or_refuse()?)
    }

    /// «Сделать копию сейчас».
    pub fn backup_now(&self) -> Result<Backups> {
        backup::make(&self.db, backup::Reason::Manual)?;
        self.backups()
    }

    /// Chooses or forgets the second place of the copies.
    pub fn set_second_place(&self, place: Option<&Path>) -> Result<Backups> {
        backup::set_second_place(&self.school_or_refuse()?, place)
    }

    /// Restores the copy `what` over the school file: the file is closed, replaced (kept as a
    /// copy first) and opened again.
    pub fn restore(&mut self, what: &str) -> Result<Restored> {
        let path = self.school_or_refuse()?;
        self.closed(&path, |school| backup::restore(school, what))
    }

    /// Closes the school file `path`, runs `rewrite` on it (it replaces the file) and opens
    /// the file again, whatever `rewrite` did.
    fn closed<T>(&mut self, path: &Path, rewrite: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        self.db = Db::in_memory()?;
        let done = rewrite(path);
        *self = Session::enter(self.dir.clone(), self.settings.clone(), path)?;
        done
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Switches to another school file; on failure the open one stays open. A damaged file
    /// is not opened: the session shows only that, with its latest good copy; an encrypted one
    /// no password given opens waits for its password.
    pub fn open(&mut self, path: &Path) -> Result<()> {
        let next = Session::enter(self.dir.clone(), self.settings.clone(), path)?;
        *self = next;
        Ok(())
    }

    /// Creates a new school file (refusing to reuse a file that already holds a school) and opens it.
    pub fn create(&mut self, path: &Path) -> Result<()> {
        if path.exists() && !Db::open(path)?.is_empty()? {
            return Err(CoreError::NotEmpty(path.to_path_buf()));
        }
        self.open(path)
    }

    pub fn state(&self) -> Result<AppState> {
        let school = self.school();
        let encrypted = match &school {
            Some(path) => crate::encryption::is_encrypted(path)?,
            None => false,
        };
        Ok(AppState {
            db_path: school.map(|p| p.display().to_string()).unwrap_or_default(),
            default_dir: self.dir.display().to_string(),
            is_empty: self.db.is_empty()?,
            school_name: self.db.school_short_name()?,
            year_name: self.db.current_year_name()?,
            recent: self
                .settings
                .recent
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            notice: self.notice.clone(),
            damaged: self.damaged.clone(),
            locked: self.locked.clone(),
            encrypted,
            user: self
                .db
                .login()
                .map(|login| format!("{login} ({})", self.db.role().label())),
            login: self.db.login().map(str::to_string),
            role: self.db.role(),
        })
    }

    /// The window title: «Завуч — Школа № 7, 2026-2027».
    pub fn title(&self) -> Result<String> {
        let state = self.state()?;
        let parts: Vec<String> = [state.school_name, state.year_name]
            .into_iter()
            .flatten()
            .collect();
        Ok(if parts.is_empty() {
            "Завуч".to_string()
        } else {
            format!("Завуч — {}", parts.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::year;

    #[test]
    fn recent_list_keeps_order_without_repeats() {
        let mut s = Settings::default();
        for p in ["a", "b", "a", "c"] {
            s.remember(Path::new(p));
        }
        assert_eq!(
            s.recent,
            vec![PathBuf::from("c"), PathBuf::from("a"), PathBuf::from("b")]
        );
        for i in 0..20 {
            s.remember(Path::new(&format!("f{i}")));
        }
        assert_eq!(s.recent.len(), RECENT_MAX);
    }

    #[test]
    fn settings_survive_a_restart_and_a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Settings::default();
        s.remember(Path::new("/x/school.zavuch"));
        s.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()), s);
        std::fs::write(dir.path().join("settings.json"), b"{not json").unwrap();
        assert_eq!(Settings::load(dir.path()), Settings::default());
    }

    #[test]
    fn opening_a_bad_file_keeps_the_open_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.zavuch");
        let mut session =
            Session::open_in(dir.path().to_path_buf(), Settings::default(), &first).unwrap();
        let bad = dir.path().join("bad.zavuch");
        std::fs::write(&bad, b"not a database at all, sorry").unwrap();
        assert_eq!(session.open(&bad).err().unwrap().code(), "not_sqlite");
        assert_eq!(
            session.state().unwrap().db_path,
            first.display().to_string()
        );
        assert!(session.state().unwrap().is_empty);
        assert_eq!(session.title().unwrap(), "Завуч");
    }

    #[test]
    fn a_bad_file_at_start_falls_back_to_the_default_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("newer.zavuch");
        std::fs::write(&bad, b"definitely not SQLite").unwrap();
        let session =
            Session::start_at(dir.path().to_path_buf(), Settings::default(), &bad).unwrap();
        let state = session.state().unwrap();
        assert_eq!(
            state.db_path,
            dir.path().join("school.zavuch").display().to_string()
        );
        let notice = state.notice.expect("the reason is kept for the UI");
        assert!(notice.contains("newer.zavuch") && notice.contains("не является базой данных"));
        assert_eq!(notice.matches("newer.zavuch").count(), 1, "{notice}");
        assert_eq!(std::fs::read(&bad).unwrap(), b"definitely not SQLite");
    }

    #[test]
    fn a_damaged_file_shows_only_that_until_its_latest_good_copy_is_restored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("school.zavuch");
        let session =
            Session::open_in(dir.path().to_path_buf(), Settings::default(), &path).unwrap();
        year::init(session.db(), chrono::Local::now().date_naive()).unwrap();
        let copy = session.backup_now().unwrap().copies[0].clone();
        assert_eq!(copy.reason, "вручную");
        drop(session);
        crate::backup::tests::damage(&path);
        let damaged = std::fs::read(&path).unwrap();

        let mut session =
            Session::start_at(dir.path().to_path_buf(), Settings::default(), &path).unwrap();
        let state = session.state().unwrap();
        let shown = state
            .damaged
            .expect("the damaged file is shown, not replaced");
        assert_eq!(state.db_path, path.display().to_string());
        assert_eq!(shown.latest.as_ref().map(|c| &c.id), Some(&copy.id));
        assert!(shown.message.contains("повреждён"), "{}", shown.message);
        assert_eq!(std::fs::read(&path).unwrap(), damaged);
        assert_eq!(session.backups().unwrap().copies.len(), 1);

        let restored = session.restore(&copy.id).unwrap();
        assert!(
            !restored.kept.unwrap().checked,
            "the damaged file kept as it was"
        );
        let state = session.state().unwrap();
        assert!(state.damaged.is_none());
        assert!(state.year_name.is_some(), "the school is back");
    }
}
