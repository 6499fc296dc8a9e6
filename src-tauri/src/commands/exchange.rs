//! Spreadsheets in and out: the student roster preview and import (off the UI thread, with
//! progress events), its export and template, and the class-sizes spreadsheet.

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Manager, State};
use zavuch_core::exchange::{Preview, Progress};
use zavuch_core::forms::class_sizes;
use zavuch_core::{roster, CoreError};

/// Event the import sends as it goes: `Progress {done, total}`.
pub const IMPORT_PROGRESS: &str = "import-progress";

#[tauri::command]
pub fn roster_preview(
    state: State<AppSession>,
    path: PathBuf,
    options: roster::Options,
) -> CmdResult<Preview> {
    with_db(&state, |db| roster::preview(db, &path, &options))
}

/// Imports on a worker thread so the window stays responsive; the UI shows the progress events.
#[tauri::command]
pub async fn roster_import(
    app: AppHandle,
    path: PathBuf,
    options: roster::Options,
) -> CmdResult<Preview> {
    let work = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppSession>();
        with_db(&state, |db| {
            roster::import_with_progress(db, &path, &options, &mut |done, total| {
                let progress = Progress {
                    done: done as u32,
                    total: total as u32,
                };
                // A lost progress event only leaves the bar behind; the import goes on.
                let _ = app.emit(IMPORT_PROGRESS, progress);
            })
        })
    });
    work.await
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())).payload())?
}

#[tauri::command]
pub fn roster_export(
    state: State<AppSession>,
    path: PathBuf,
    class: Option<String>,
) -> CmdResult<u32> {
    with_db(&state, |db| roster::export(db, class.as_deref(), &path)).map(|n| n as u32)
}

#[tauri::command]
pub fn roster_template(path: PathBuf, whole_school: bool) -> CmdResult<()> {
    roster::template(&path, whole_school).map_err(|e| e.payload())
}

#[tauri::command]
pub fn class_sizes_export(
    state: State<AppSession>,
    path: PathBuf,
    on: Option<chrono::NaiveDate>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        let bytes = class_sizes::xlsx(&class_sizes::compute(db, on)?)?;
        Ok(std::fs::write(&path, bytes)?)
    })
}
