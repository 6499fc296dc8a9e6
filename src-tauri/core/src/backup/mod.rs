//! Backups of the school file, all in one scheme: every copy is made with SQLite's online
//! backup, checked with `integrity_check` once written, and listed with its date, size, reason
//! and check in a manifest beside the copies (`Резервные копии/<school file>/копии.json`, see
//! docs/backups.md). Copies are made once a day at the first open, before every import, the
//! rollover's stages, a restore and a schema upgrade, and by hand; rotation keeps the last 20,
//! one a week for two months and one a month for a year. A second place (a flash drive, a
//! network folder) gets every copy too when it is reachable.

mod copy;
mod manifest;
mod restore;
mod rotation;
mod second_place;
#[cfg(test)]
pub(crate) mod tests;

pub(crate) use copy::{create_private, database as copy_database, make_private};
pub use restore::{restore, Restored};
pub use second_place::set_second_place;

use crate::db::Db;
use crate::error::{At, Result, Warning};
use chrono::NaiveDateTime;
use manifest::{Entry, Manifest};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The folder of the copies beside the school file: out of the way of «Открыть файл школы…»,
/// where a copy lying next to the school would be opened by mistake.
pub const FOLDER: &str = "Резервные копии";

/// Why a copy was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The first open of the day.
    Daily,
    /// Before an import of `what` (ученики, сотрудники, отметки, тематический план).
    Import { what: String },
    /// Before the rollover to the next year, from its stage `stage`.
    Rollover { stage: u8 },
    /// The school file before a restore replaced it: the restore can be undone.
    Restore,
    /// Before the migrations upgraded a file of schema `from`.
    SchemaUpgrade { from: i64 },
    /// «Сделать копию сейчас» or `backup now`.
    Manual,
    /// A damaged school file kept byte for byte (never checked) before a restore over it.
    Damaged,
    /// Before «Составить расписание» writes the timetable it made.
    TimetableGeneration,
}

impl Reason {
    /// The reason in Russian, as the list shows it.
    pub fn label(&self) -> String {
        match self {
            Reason::Daily => "ежедневная".into(),
            Reason::Import { what } => format!("перед импортом — {what}"),
            Reason::Rollover { stage } => {
                format!("перед переходом на новый год, этап {stage}")
            }
            Reason::Restore => "перед восстановлением".into(),
            Reason::SchemaUpgrade { .. } => "перед обновлением схемы".into(),
            Reason::Manual => "вручную".into(),
            Reason::Damaged => "повреждённый файл перед восстановлением".into(),
            Reason::TimetableGeneration => "перед составлением расписания".into(),
        }
    }
}

/// One copy as the list shows it and `backup list --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Copy {
    pub id: String,
    /// When it was made, local time, ISO: `2026-12-07T09:41:50`.
    pub made: String,
    pub reason: String,
    /// Bytes.
    #[ts(type = "number")]
    pub size: u64,
    pub checked: bool,
}

impl From<&Entry> for Copy {
    fn from(e: &Entry) -> Copy {
        Copy {
            id: e.id.clone(),
            made: e.made.format("%Y-%m-%dT%H:%M:%S").to_string(),
            reason: e.reason.label(),
            size: e.size,
            checked: e.checked,
        }
    }
}

/// The copies of a school and the second place, for the «Резервные копии» screen.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Backups {
    /// The folder the copies are in.
    pub folder: String,
    /// Newest first.
    pub copies: Vec<Copy>,
    pub second_place: Option<String>,
    /// When the copies last reached the second place (ISO), or null.
    pub second_place_reached: Option<String>,
    /// The second place unreachable for a week or more.
    pub warning: Option<Warning>,
}

/// The copies' folder of the school file `school`: `<its folder>/Резервные копии/<its file
/// name>`, so two schools' copies never mix, even two files in one folder.
pub fn folder(school: &Path) -> PathBuf {
    let name = school.file_name().unwrap_or_default();
    school
        .parent()
        .unwrap_or(Path::new(""))
        .join(FOLDER)
        .join(name)
}

fn now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// The copies of `school` whose files are there, newest first.
pub fn list(school: &Path) -> Vec<Copy> {
    entries(school).iter().map(Copy::from).collect()
}

fn entries(school: &Path) -> Vec<Entry> {
    let folder = folder(school);
    let mut found: Vec<Entry> = Manifest::load(&folder)
        .copies
        .into_iter()
        .filter(|e| folder.join(&e.file).exists())
        .collect();
    found.sort_by(|a, b| b.made.cmp(&a.made).then_with(|| b.id.cmp(&a.id)));
    found
}

/// The files of the copies made before imports, newest first.
pub fn before_imports(school: &Path) -> Vec<PathBuf> {
    entries(school)
        .into_iter()
        .filter(|e| matches!(e.reason, Reason::Import { .. }))
        .map(|e| folder(school).join(e.file))
        .collect()
}

/// The file of the copy `id` of `school`.
pub fn path_of(school: &Path, id: &str) -> Option<PathBuf> {
    let folder = folder(school);
    let entry = Manifest::load(&folder).entry(id).cloned()?;
    Some(folder.join(entry.file))
}

/// The newest copy that passed its check (a damaged file kept before a restore never did).
pub(crate) fn latest_good(school: &Path) -> Option<Copy> {
    entries(school)
        .iter()
        .find(|e| e.checked && e.reason != Reason::Damaged)
        .map(Copy::from)
}

impl Copy {
    /// When it was made, as the list shows it: «07.12.2026 09:41».
    pub fn made_text(&self) -> String {
        NaiveDateTime::parse_from_str(&self.made, "%Y-%m-%dT%H:%M:%S")
            .map(|m| m.format("%d.%m.%Y %H:%M").to_string())
            .unwrap_or_else(|_| self.made.clone())
    }

    /// Its size as the list shows it: «512 КБ», «3,4 МБ».
    pub fn size_text(&self) -> String {
        const KB: f64 = 1024.0;
        let size = self.size as f64;
        match size < KB * KB {
            true => format!("{} КБ", (size / KB).ceil()),
            false => format!("{:.1} МБ", size / KB / KB).replace('.', ","),
        }
    }
}

/// A copy named for the user: «07.12.2026 09:41 (ежедневная), № 20261207-094100».
pub(crate) fn describe(copy: &Copy) -> String {
    format!("{} ({}), № {}", copy.made_text(), copy.reason, copy.id)
}

/// A copy of the open school file for `reason` (None for a database in memory).
pub fn make(db: &Db, reason: Reason) -> Result<Option<Copy>> {
    match db.path() {
        Some(school) => make_of(db.conn(), school, reason).map(Some),
        None => Ok(None),
    }
}

/// A copy of the school file `school` read through `conn` (the school's own connection, or
/// one of its own when the school is not open).
pub(crate) fn make_of(conn: &Connection, school: &Path, reason: Reason) -> Result<Copy> {
    let slot = Slot::reserve(school, reason)?;
    let written = copy::database(conn, &slot.path).and_then(|()| copy::intact(&slot.path));
    slot.finish(written)
}

/// The copy of the first open of the day: made unless the file holds no school yet or a good
/// copy of today is there.
pub fn daily(db: &Db) -> Result<Option<Copy>> {
    let Some(school) = db.path() else {
        return Ok(None);
    };
    let today = now().date();
    let done = entries(school)
        .iter()
        .any(|e| e.checked && e.made.date() == today);
    if done || db.is_empty()? {
        return Ok(None);
    }
    make_of(db.conn(), school, Reason::Daily).map(Some)
}

/// A copy's place reserved in the folder: the file created empty (0600) under a name no other
/// copy has, listed once written.
struct Slot {
    school: PathBuf,
    path: PathBuf,
    entry: Entry,
}

impl Slot {
    fn reserve(school: &Path, reason: Reason) -> Result<Slot> {
        let folder = folder(school);
        std::fs::create_dir_all(&folder).at(&folder)?;
        let manifest = Manifest::load(&folder);
        let made = now();
        let stamp = made.format("%Y%m%d-%H%M%S");
        let shown = made.format("%d.%m.%Y %H-%M-%S");
        let label = reason.label();
        for n in 1.. {
            let (id, file) = match n {
                1 => (stamp.to_string(), format!("{shown}, {label}.zavuch")),
                n => (
                    format!("{stamp}-{n}"),
                    format!("{shown} ({n}), {label}.zavuch"),
                ),
            };
            if manifest.entry(&id).is_some() {
                continue;
            }
            let path = folder.join(&file);
            match copy::create_private(&path) {
                Ok(()) => {
                    return Ok(Slot {
                        school: school.to_path_buf(),
                        path,
                        entry: Entry {
                            id,
                            file,
                            made,
                            reason,
                            size: 0,
                            checked: false,
                        },
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(crate::CoreError::file(&path, e)),
            }
        }
        unreachable!("an unused name is always found")
    }

    /// Lists the copy once written (`written`: whether it passed its check); a copy that could
    /// not be written is deleted, and the folder with it when it holds nothing else.
    fn finish(mut self, written: Result<bool>) -> Result<Copy> {
        match written {
            Ok(checked) => {
                self.entry.checked = checked;
                self.entry.size = std::fs::metadata(&self.path).at(&self.path)?.len();
                record(&self.school, self.entry)
            }
            Err(e) => {
                remove_copy(&self.path);
                let _ = std::fs::remove_dir(folder(&self.school));
                Err(e)
            }
        }
    }
}

/// Adds `entry` to the manifest, rotates, and mirrors the copies to the second place.
fn record(school: &Path, entry: Entry) -> Result<Copy> {
    let folder = folder(school);
    let mut manifest = Manifest::lock(&folder)?;
    let copy = Copy::from(&entry);
    manifest.copies.push(entry);
    let gone = rotation::to_delete(&manifest.copies, now());
    for e in manifest.copies.iter().filter(|e| gone.contains(&e.id)) {
        remove_copy(&folder.join(&e.file));
    }
    manifest.copies.retain(|e| !gone.contains(&e.id));
    second_place::mirror(&folder, &mut manifest);
    manifest.save(&folder)?;
    Ok(copy)
}

/// Deletes a copy's file with the WAL kept beside a damaged file's copy.
fn remove_copy(path: &Path) {
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(wal_of(path));
}

/// The WAL file SQLite keeps beside `path`.
fn wal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Writes every checked copy of `school` anew with `rewrite` (the copies of a file being
/// encrypted, given a new password or decrypted follow it) and replaces them at the second
/// place too. A copy that failed its check is left as it is, byte for byte. Returns how many
/// were rewritten and how many were left so.
pub(crate) fn convert_copies(
    school: &Path,
    rewrite: impl Fn(&Path) -> Result<()>,
) -> Result<(usize, usize)> {
    let folder = folder(school);
    if !folder.is_dir() {
        return Ok((0, 0));
    }
    let mut manifest = Manifest::lock(&folder)?;
    let mut done = Vec::new();
    for entry in manifest.copies.iter_mut().filter(|e| e.checked) {
        let path = folder.join(&entry.file);
        rewrite(&path)?;
        entry.size = std::fs::metadata(&path).at(&path)?.len();
        done.push(entry.file.clone());
    }
    let left = manifest.copies.len() - done.len();
    second_place::forget(&folder, &manifest, &done);
    second_place::mirror(&folder, &mut manifest);
    manifest.save(&folder)?;
    Ok((done.len(), left))
}

/// Deletes the copy `id` of `school` (an import's copy when the import wrote nothing after all).
pub fn discard(school: &Path, id: &str) -> Result<()> {
    let folder = folder(school);
    let mut manifest = Manifest::lock(&folder)?;
    if let Some(e) = manifest.entry(id) {
        remove_copy(&folder.join(&e.file));
    }
    manifest.copies.retain(|e| e.id != id);
    manifest.save(&folder)?;
    let manifest = manifest.into_inner();
    if manifest.copies.is_empty() && manifest.second_place.is_none() {
        // Nothing left to list: no empty folder stays behind the school file (a file put there
        // by hand keeps the folder: remove_dir leaves a non-empty one).
        let _ = std::fs::remove_file(folder.join(manifest::file_name()));
        let _ = std::fs::remove_file(folder.join(manifest::lock_name()));
        let _ = std::fs::remove_dir(&folder);
        let _ = std::fs::remove_dir(folder.parent().unwrap_or(Path::new("")));
    }
    Ok(())
}

/// A copy of the school file being made on another thread, through a read-only connection of
/// its own, so an import can read and check its spreadsheet meanwhile: the file as committed
/// when the copy began. Once [`copied`](Self::copied) the import may write while the copy is
/// checked; [`wait`](Self::wait) lists it. Dropped without `wait` (the import wrote nothing after
/// all), it waits for the copy and deletes it.
pub struct Pending {
    slot: Option<Slot>,
    /// Told (or dropped, on a failure) once the copy is complete, before it is checked.
    copied: Option<std::sync::mpsc::Receiver<()>>,
    thread: Option<std::thread::JoinHandle<Result<bool>>>,
}

/// Starts a copy of the open school file for `reason` on another thread (None for a database
/// in memory, or when the folder cannot be made: told when the copy is made again at the write).
pub fn start(db: &Db, reason: Reason) -> Option<Pending> {
    let school = db.path()?;
    let slot = Slot::reserve(school, reason).ok()?;
    let (source, target) = (school.to_path_buf(), slot.path.clone());
    let (tell, copied) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let conn = crate::encryption::connect(
            &source,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "busy_timeout", 5000)?;
        copy::database(&conn, &target)?;
        drop(conn);
        // The import may write now: the check reads only the copy.
        let _ = tell.send(());
        copy::intact(&target)
    });
    Some(Pending {
        slot: Some(slot),
        copied: Some(copied),
        thread: Some(thread),
    })
}

impl Pending {
    /// Waits until the copy is complete on disk (not yet checked): the school may change now.
    /// A copy that failed gives its error.
    pub fn copied(&mut self) -> Result<()> {
        let Some(copied) = self.copied.take() else {
            return Ok(());
        };
        match copied.recv() {
            Ok(()) => Ok(()),
            // The thread stopped before the copy was complete: its error.
            Err(_) => self.join().map(drop),
        }
    }

    /// Waits until the copy is complete and checked, and lists it.
    pub fn wait(mut self) -> Result<Copy> {
        self.copied.take();
        let written = self.join();
        let slot = self.slot.take().expect("a slot until waited for");
        slot.finish(written)
    }

    fn join(&mut self) -> Result<bool> {
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(written)) => written,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(false),
        }
    }
}

/// Lists a copy made before a write, once the write is done: its id. A copy that could not be
/// checked or listed after all is logged, not told: the write it kept is done, and told as such.
pub fn listed(copy: Pending) -> Option<String> {
    match copy.wait() {
        Ok(copy) => Some(copy.id),
        Err(e) => {
            tracing::warn!("the copy before the write not listed: {e}");
            None
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Not needed after all (or failed): waited for, so no copy outlives the import, then
        // deleted, with its folders when they hold nothing else (remove_dir leaves a non-empty one).
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        if let Some(slot) = self.slot.take() {
            remove_copy(&slot.path);
            let folder = folder(&slot.school);
            let _ = std::fs::remove_dir(&folder);
            let _ = std::fs::remove_dir(folder.parent().unwrap_or(Path::new("")));
        }
    }
}

/// The copies of `school` and its second place, for the screen; the copies are mirrored to
/// the second place first when it is reachable now.
pub fn overview(school: &Path) -> Result<Backups> {
    let folder = folder(school);
    let mut manifest = Manifest::load(&folder);
    if manifest.second_place.is_some() {
        let mut locked = Manifest::lock(&folder)?;
        if second_place::mirror(&folder, &mut locked) {
            locked.save(&folder)?;
        }
        manifest = locked.into_inner();
    }
    Ok(Backups {
        folder: folder.display().to_string(),
        copies: list(school),
        second_place: manifest
            .second_place
            .as_ref()
            .map(|p| p.display().to_string()),
        second_place_reached: manifest
            .second_place_reached
            .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        warning: second_place::warning(&manifest, now()),
    })
}
