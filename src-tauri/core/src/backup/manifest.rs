//! The list of a school's copies, `копии.json` in the copies' folder: each copy's file, when
//! and why it was made, its size and whether it passed the check, and the second place for
//! copies. Kept beside the copies, not in the school file, so a restore never loses it. Every
//! change reads and writes it under an exclusive lock on `.копии.json.lock` beside it
//! ([`Manifest::lock`]): the app and the CLI (or two threads) making copies at once each read
//! what the other wrote, and no copy drops out of the list.

use super::copy::make_private;
use super::Reason;
use crate::error::{At, CoreError, Result};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

const NAME: &str = "копии.json";
/// The file the manifest's changes lock, beside it (hidden: the second place skips it).
const LOCK: &str = ".копии.json.lock";

#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Manifest {
    #[serde(default)]
    pub copies: Vec<Entry>,
    /// The second place for copies (a flash drive, a network folder), when one is chosen.
    #[serde(default)]
    pub second_place: Option<PathBuf>,
    /// When the second place was chosen: the week without it is counted from then.
    #[serde(default)]
    pub second_place_since: Option<NaiveDateTime>,
    /// When the copies last reached the second place.
    #[serde(default)]
    pub second_place_reached: Option<NaiveDateTime>,
}

/// One copy as the manifest keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Entry {
    pub id: String,
    /// The copy's file name in the folder.
    pub file: String,
    pub made: NaiveDateTime,
    pub reason: Reason,
    pub size: u64,
    /// Passed `integrity_check` after it was written.
    pub checked: bool,
}

impl Manifest {
    /// The manifest of `folder`; none yet (or one that cannot be read) is an empty list, and
    /// the copies it does not list are left alone.
    pub fn load(folder: &Path) -> Manifest {
        let path = folder.join(NAME);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!("{} unreadable: {e}", path.display());
                Manifest::default()
            }),
            Err(_) => Manifest::default(),
        }
    }

    /// Written whole to a new file then renamed over the old one: a crash leaves the old list
    /// or the new one, never half of one.
    pub fn save(&self, folder: &Path) -> Result<()> {
        let path = folder.join(NAME);
        let fresh = folder.join(format!(".{NAME}.new"));
        let json = serde_json::to_vec_pretty(self).map_err(|e| CoreError::Io(e.into()))?;
        std::fs::write(&fresh, json).at(&fresh)?;
        make_private(&fresh)?;
        std::fs::rename(&fresh, &path).at(&path)
    }

    /// The manifest of `folder` (which must exist) read for a change: the lock is held until
    /// the value is dropped, so the change is saved before another process reads it. Not to be
    /// taken twice by one thread: the second waits for the first (another open of the file).
    pub fn lock(folder: &Path) -> Result<Locked> {
        let path = folder.join(LOCK);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .at(&path)?;
        file.lock().at(&path)?;
        Ok(Locked {
            manifest: Manifest::load(folder),
            _lock: file,
        })
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.copies.iter().find(|e| e.id == id)
    }
}

/// A manifest read under the lock of its folder, released when dropped.
pub(super) struct Locked {
    manifest: Manifest,
    _lock: File,
}

impl Locked {
    /// The manifest, the lock released.
    pub fn into_inner(self) -> Manifest {
        self.manifest
    }
}

impl Deref for Locked {
    type Target = Manifest;
    fn deref(&self) -> &Manifest {
        &self.manifest
    }
}

impl DerefMut for Locked {
    fn deref_mut(&mut self) -> &mut Manifest {
        &mut self.manifest
    }
}

/// The lock file's name, removed with the folder when no copy is left.
pub(super) fn lock_name() -> &'static str {
    LOCK
}

/// The manifest's own file name, which the second place mirrors too.
pub(super) fn file_name() -> &'static str {
    NAME
}
