//! «Архивные копии»: the archive copy of a period's marks to the folders the user picked (the
//! dialogs are the UI's), the check of a folder against its manifest, and the register. The
//! time of a copy is the local clock's. The periods to choose from are `ledger_periods`'.

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::State;
use zavuch_core::marks::archive::{self, ArchiveCopy, ArchiveReport, VerifyReport};

/// Writes the copy to `folder` and, when given, to `second_folder`, each checked after writing.
#[tauri::command]
pub fn archive_make(
    state: State<AppSession>,
    year_id: i64,
    period_name: String,
    folder: PathBuf,
    second_folder: Option<PathBuf>,
) -> CmdResult<ArchiveReport> {
    let now = chrono::Local::now().naive_local();
    with_db(&state, |db| {
        archive::archive(
            db,
            year_id,
            &period_name,
            &folder,
            second_folder.as_deref(),
            now,
        )
    })
}

/// Checks a folder against its manifest; reads only the folder.
#[tauri::command]
pub fn archive_verify(folder: PathBuf) -> CmdResult<VerifyReport> {
    archive::verify(&folder).map_err(|e| e.payload())
}

#[tauri::command]
pub fn archive_list(state: State<AppSession>, year_id: i64) -> CmdResult<Vec<ArchiveCopy>> {
    with_db(&state, |db| archive::list(db, year_id))
}
