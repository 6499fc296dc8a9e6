//! Spreadsheets in and out: the student roster, the staff list and a class's marks for a period
//! (preview, import off the UI thread with progress events, export, template), and the
//! class-sizes spreadsheet.

use super::{in_background, with_db, AppSession, CmdResult};
use std::path::PathBuf;
use std::sync::LazyLock;
use tauri::{AppHandle, State};
use zavuch_core::exchange::{Cancel, Preview};
use zavuch_core::forms::{class_sizes, documents};
use zavuch_core::marks::{exchange as marks_exchange, Period};
use zavuch_core::{roster, staff_roster};

/// Event the import sends as it goes: `Progress {done, total}`.
pub const IMPORT_PROGRESS: &str = "import-progress";

#[tauri::command]
pub fn roster_preview(
    state: State<AppSession>,
    path: PathBuf,
    options: roster::Options,
) -> CmdResult<roster::Report> {
    with_db(&state, |db| roster::preview(db, &path, &options)).map(roster_controls)
}

/// How to ask for what a row of the student roster lacks: the import dialog's controls (the
/// CLI names its flags).
fn roster_controls(report: roster::Report) -> roster::Report {
    report.with_remedies(|code| match code {
        "unknown_class" => {
            Some("Исправьте класс в файле или отметьте «Создать недостающие классы».")
        }
        "class_not_given" => {
            Some("Выберите «Класс для файла одного класса» или заполните в файле столбец «Класс».")
        }
        _ => None,
    })
}

/// How to ask for what a row of the staff list lacks: the import dialog's controls.
fn staff_controls(preview: Preview) -> Preview {
    preview.with_remedies(|code| {
        (code == "unknown_position").then_some(
            "Исправьте должность, добавьте её в справочник «Должности» или отметьте «Создать \
             недостающие должности».",
        )
    })
}

/// The «Отменить» button's request to the running import, of the roster, the staff list or a
/// class's marks (the window runs one import at a time).
static IMPORT_CANCEL: LazyLock<Cancel> = LazyLock::new(Cancel::default);

/// Imports on a worker thread so the window stays responsive; the UI shows the progress events.
#[tauri::command]
pub async fn roster_import(
    app: AppHandle,
    path: PathBuf,
    options: roster::Options,
) -> CmdResult<roster::Report> {
    IMPORT_CANCEL.reset();
    let cancel = IMPORT_CANCEL.clone();
    in_background(app, IMPORT_PROGRESS, move |db, progress| {
        roster::import_with_progress(db, &path, &options, progress, &cancel)
    })
    .await
    .map(roster_controls)
}

/// Stops the running import (the roster's, the staff list's or the marks'): it rolls everything
/// back and answers «Импорт отменён, в базе ничего не изменилось».
#[tauri::command]
pub fn import_cancel() {
    IMPORT_CANCEL.cancel();
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
    with_db(&state, |db| staff_roster::preview(db, &path, &options)).map(staff_controls)
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
    in_background(app, IMPORT_PROGRESS, move |db, progress| {
        staff_roster::import_with_progress(db, &path, &options, progress, &cancel)
    })
    .await
    .map(staff_controls)
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
pub fn marks_preview(
    state: State<AppSession>,
    path: PathBuf,
    class_id: i64,
    period: Period,
) -> CmdResult<Preview> {
    with_db(&state, |db| {
        marks_exchange::preview(db, &path, class_id, period)
    })
}

/// Imports a class's marks for the period on a worker thread; `import_cancel` stops it.
#[tauri::command]
pub async fn marks_import(
    app: AppHandle,
    path: PathBuf,
    class_id: i64,
    period: Period,
    options: marks_exchange::Options,
) -> CmdResult<Preview> {
    IMPORT_CANCEL.reset();
    let cancel = IMPORT_CANCEL.clone();
    in_background(app, IMPORT_PROGRESS, move |db, progress| {
        marks_exchange::import_with_progress(
            db, &path, class_id, period, &options, progress, &cancel,
        )
    })
    .await
}

/// The class's marks for the period in the import layout; gives how many students.
#[tauri::command]
pub fn marks_export(
    state: State<AppSession>,
    path: PathBuf,
    class_id: i64,
    period: Period,
) -> CmdResult<u32> {
    with_db(&state, |db| {
        marks_exchange::export(db, class_id, period, &path)
    })
    .map(|n| n as u32)
}

/// The sheet to fill in: the class's students and subjects of the period, no marks.
#[tauri::command]
pub fn marks_template(
    state: State<AppSession>,
    path: PathBuf,
    class_id: i64,
    period: Period,
) -> CmdResult<()> {
    with_db(&state, |db| {
        marks_exchange::template(db, class_id, period, &path)
    })
}

#[tauri::command]
pub fn class_sizes_export(
    state: State<AppSession>,
    path: PathBuf,
    on: Option<chrono::NaiveDate>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        let bytes = class_sizes::xlsx(&class_sizes::compute(db, on)?)?;
        documents::write(&path, &bytes)
    })
}
