use super::{AppSession, CmdResult};
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};
use zavuch_core::reference::Reference;
use zavuch_core::session::{AppState, Session};
use zavuch_core::{demo, year};

/// Names the open school and year in the window title.
pub fn refresh_title(app: &AppHandle) {
    let state = app.state::<AppSession>();
    let title = lock(&state).title().unwrap_or_else(|_| "Завуч".to_string());
    if let Some(window) = app.get_webview_window("main") {
        // A title that could not be set is cosmetic; the app goes on.
        let _ = window.set_title(&title);
    }
}

pub(super) fn lock<'a>(state: &'a State<AppSession>) -> std::sync::MutexGuard<'a, Session> {
    state
        .0
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs a change of the open file or its contents, then reports the new state and retitles.
pub(super) fn change(
    app: &AppHandle,
    state: &State<AppSession>,
    f: impl FnOnce(&mut Session) -> zavuch_core::Result<()>,
) -> CmdResult<AppState> {
    let result = {
        let mut session = lock(state);
        f(&mut session).and_then(|_| session.state())
    };
    refresh_title(app);
    result.map_err(|e| e.payload())
}

#[tauri::command]
pub fn app_state(state: State<AppSession>) -> CmdResult<AppState> {
    lock(&state).state().map_err(|e| e.payload())
}

#[tauri::command]
pub fn reference() -> Reference {
    Reference::get()
}

/// Opens another school file, on a worker thread: an encrypted one is tried with the passwords
/// given before (half a second each).
#[tauri::command]
pub async fn school_file_open(app: AppHandle, path: PathBuf) -> CmdResult<AppState> {
    super::on_session(app, move |s| {
        s.open(&path)?;
        s.state()
    })
    .await
}

#[tauri::command]
pub fn school_file_create(
    app: AppHandle,
    state: State<AppSession>,
    path: PathBuf,
) -> CmdResult<AppState> {
    change(&app, &state, |s| {
        s.create(&path)?;
        year::init(s.db(), chrono::Local::now().date_naive()).map(|_| ())
    })
}

#[tauri::command]
pub fn school_file_init(app: AppHandle, state: State<AppSession>) -> CmdResult<AppState> {
    change(&app, &state, |s| {
        year::init(s.db(), chrono::Local::now().date_naive()).map(|_| ())
    })
}

#[tauri::command]
pub fn school_file_demo(app: AppHandle, state: State<AppSession>) -> CmdResult<AppState> {
    change(&app, &state, |s| demo::create(s.db()))
}

/// Lets other command modules retitle the window after a change that shows in the title.
pub fn after_title_change<T>(app: &AppHandle, result: CmdResult<T>) -> CmdResult<T> {
    refresh_title(app);
    result
}
