//! The second place for copies (seed 003's second medium: a flash drive, a network folder):
//! every copy is mirrored there whenever it is reachable, and a week without it is a warning.

use super::copy::make_private;
use super::manifest::{self, Manifest};
use super::{folder, now, overview, Backups};
use crate::error::{At, BackupProblem, CoreError, FieldError, Result, Warning};
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// How long the second place may be out of reach before the list warns.
const WEEK_DAYS: i64 = 7;

/// The folder of the second place the copies of `school` go to.
const FOLDER: &str = "Резервные копии Завуча";

/// Chooses (or with None, forgets) the second place of the copies of `school`; the copies are
/// mirrored there at once. The folder must exist now.
pub fn set_second_place(school: &Path, place: Option<&Path>) -> Result<Backups> {
    if let Some(place) = place.filter(|p| !p.is_dir()) {
        let problem = BackupProblem::SecondPlaceMissing {
            folder: place.display().to_string(),
        };
        return Err(CoreError::refused("second_place", problem.into()));
    }
    let folder = folder(school);
    std::fs::create_dir_all(&folder).at(&folder)?;
    let mut manifest = Manifest::lock(&folder)?;
    manifest.second_place = place.map(Path::to_path_buf);
    manifest.second_place_since = place.map(|_| now());
    manifest.second_place_reached = None;
    mirror(&folder, &mut manifest);
    manifest.save(&folder)?;
    // The lock is let go before the overview takes it again.
    drop(manifest);
    overview(school)
}

/// Copies to the second place the copies it lacks and deletes there those rotation deleted
/// here; true when it was reached. Out of reach (or failing midway) it only waits for the
/// next time.
pub(super) fn mirror(folder: &Path, manifest: &mut Manifest) -> bool {
    let Some(place) = manifest.second_place.clone().filter(|p| p.is_dir()) else {
        return false;
    };
    let target = place_of(&place, folder);
    match sync(folder, &target, manifest) {
        Ok(()) => {
            manifest.second_place_reached = Some(now());
            true
        }
        Err(e) => {
            tracing::warn!("second place {} not reached: {e}", target.display());
            false
        }
    }
}

/// Deletes at the second place (when reachable) the copies `files`, written anew here: the
/// next mirror copies them again.
pub(super) fn forget(folder: &Path, manifest: &Manifest, files: &[String]) {
    let Some(place) = manifest.second_place.as_ref().filter(|p| p.is_dir()) else {
        return;
    };
    let target = place_of(place, folder);
    for file in files {
        let _ = std::fs::remove_file(target.join(file));
    }
}

/// `<place>/Резервные копии Завуча/<school file name> <8 hex digits of its folder>`: two
/// schools' copies never mix there either, even with one file name.
fn place_of(place: &Path, folder: &Path) -> PathBuf {
    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    let hash = Sha256::digest(folder.to_string_lossy().as_bytes());
    let short: String = hash[..4].iter().map(|b| format!("{b:02x}")).collect();
    place.join(FOLDER).join(format!("{name} {short}"))
}

fn sync(folder: &Path, target: &Path, manifest: &Manifest) -> Result<()> {
    std::fs::create_dir_all(target).at(target)?;
    let mut listed = vec![manifest::file_name().to_string()];
    for e in &manifest.copies {
        for name in [e.file.clone(), format!("{}-wal", e.file)] {
            let (from, to) = (folder.join(&name), target.join(&name));
            if from.exists() && !to.exists() {
                copy_whole(&from, &to)?;
            }
            listed.push(name);
        }
    }
    for found in std::fs::read_dir(target).at(target)?.flatten() {
        let name = found.file_name().to_string_lossy().into_owned();
        if !listed.contains(&name) && !name.starts_with('.') {
            let _ = std::fs::remove_file(found.path());
        }
    }
    manifest.save(target)
}

/// A copy lands whole or not at all: written under a hidden name, then renamed.
fn copy_whole(from: &Path, to: &Path) -> Result<()> {
    let name = to.file_name().unwrap_or_default().to_string_lossy();
    let part = to.with_file_name(format!(".{name}.part"));
    std::fs::copy(from, &part).at(&part)?;
    make_private(&part)?;
    std::fs::File::open(&part)
        .and_then(|f| f.sync_all())
        .at(&part)?;
    std::fs::rename(&part, to).at(to)
}

/// The warning when the second place has not been reached for a week (or, never reached, a
/// week after it was chosen).
pub(super) fn warning(manifest: &Manifest, now: NaiveDateTime) -> Option<Warning> {
    let place = manifest.second_place.as_ref()?;
    let last = manifest
        .second_place_reached
        .or(manifest.second_place_since)?;
    if (now - last).num_days() < WEEK_DAYS {
        return None;
    }
    let problem = BackupProblem::SecondPlaceUnreachable {
        folder: place.display().to_string(),
        since: format!("с {}", last.format("%d.%m.%Y")),
    };
    Some(FieldError::new("second_place", problem.into()))
}
