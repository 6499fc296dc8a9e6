//! Spreadsheets in and out: the student roster and the staff list (preview, import off the UI
//! thread with progress events, export, template), and the class-sizes spreadsheet.

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use std::sync::LazyLock;
use tauri::{AppHandle, Emitter, Manager, State};
use zavuch_core::exchange::{Cancel, Preview, Progress};
use zavuch_core::forms::class_sizes;
use zavuch_core::{roster, staff_roster, CoreError, Db};

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

/// The «Отменить» button's request to the running import, of the roster or the staff list (the
/// window runs one import at a time).
static IMPORT_CANCEL: LazyLock<Cancel> = LazyLock::new(Cancel::default);

/// Imports on a worker thread so the window stays responsive; the UI shows the progress events.
#[tauri::command]
pub async fn roster_import(
    app: AppHandle,
    path: PathBuf,
    options: roster::Options,
) -> CmdResult<Preview> {
    IMPORT_CANCEL.reset();
    let cancel = IMPORT_CANCEL.clone();
    in_background(app, move |db, progress| {
        roster::import_with_progress(db, &path, &options, progress, &cancel)
    })
    .await
}

/// Stops the running import (the roster's, or the staff list's): it rolls everything back and
/// answers «Импорт отменён, в базе ничего не изменилось».
#[tauri::command]
pub fn import_cancel() {
    IMPORT_CANCEL.cancel();
}

/// Runs an import on a worker thread, sending `IMPORT_PROGRESS` events as it goes.
async fn in_background(
    app: AppHandle,
    import: impl FnOnce(&Db, &mut dyn FnMut(usize, usize)) -> zavuch_core::Result<Preview>
        + Send
        + 'static,
) -> CmdResult<Preview> {
    let work = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppSession>();
        with_db(&state, |db| {
            import(db, &mut |done, total| {
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
pub fn staff_preview(
    state: State<AppSession>,
    path: PathBuf,
    options: staff_roster::Options,
) -> CmdResult<Preview> {
    with_db(&state, |db| staff_roster::preview(db, &path, &options))
}

#[tauri::command]
pub async fn staff_import(
    app: AppHandle,
    path: PathBuf,
    options: staff_roster::Options,
) -> CmdResult<Preview> {
    // The window runs one import at a time, so one «Отменить» (`import_cancel`) serves both.
    IMPORT_CANCEL.reset();
    let cancel = IMPORT_CANCEL.clone();
    in_background(app, move |db, progress| {
        staff_roster::import_with_progress(db, &path, &options, progress, &cancel)
    })
    .await
}

#[tauri::command]
pub fn staff_export(state: State<AppSession>, path: PathBuf) -> CmdResult<u32> {
    with_db(&state, |db| staff_roster::export(db, &path)).map(|n| n as u32)
}

#[tauri::command]
pub fn staff_template(path: PathBuf) -> CmdResult<()> {
    staff_roster::template(&path).map_err(|e| e.payload())
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
