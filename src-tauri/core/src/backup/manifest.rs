//! The list of a school's copies, `копии.json` in the copies' folder: each copy's file, when
//! and why it was made, its size and whether it passed the check, and the second place for
//! copies. Kept beside the copies, not in the school file, so a restore never loses it.

use super::copy::make_private;
use super::Reason;
use crate::error::{At, CoreError, Result};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const NAME: &str = "копии.json";

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

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.copies.iter().find(|e| e.id == id)
    }
}

/// The manifest's own file name, which the second place mirrors too.
pub(super) fn file_name() -> &'static str {
    NAME
}
