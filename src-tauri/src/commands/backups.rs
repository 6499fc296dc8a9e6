//! «Резервные копии»: the copies of the school file, a copy by hand, a restore (the UI asks
//! first; the current file is kept as a copy by the core) and the second place for copies. They
//! work on a damaged school file too: the session knows its path without opening it.

use super::app::{change, lock};
use super::{AppSession, CmdResult};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use zavuch_core::backup::Backups;
use zavuch_core::session::AppState;

#[tauri::command]
pub fn backup_list(state: State<AppSession>) -> CmdResult<Backups> {
    lock(&state).backups().map_err(|e| e.payload())
}

#[tauri::command]
pub fn backup_now(state: State<AppSession>) -> CmdResult<Backups> {
    lock(&state).backup_now().map_err(|e| e.payload())
}

/// Restores the copy `id` and reopens the school file: the new state, as after opening a file.
#[tauri::command]
pub fn backup_restore(app: AppHandle, state: State<AppSession>, id: String) -> CmdResult<AppState> {
    change(&app, &state, |s| s.restore(&id).map(drop))
}

/// Chooses (a folder) or forgets (null) the second place for copies.
#[tauri::command]
pub fn backup_second_place(
    state: State<AppSession>,
    folder: Option<PathBuf>,
) -> CmdResult<Backups> {
    lock(&state)
        .set_second_place(folder.as_deref())
        .map_err(|e| e.payload())
}
