//! Printed forms as PDF: saved into «Документы Завуча» under a name saying what they are, or at
//! the path the user chose with «Сохранить как…»; each command returns where the file is. The
//! saved documents are opened, or shown in their folder, with the system's programs.

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::State;
use zavuch_core::forms::{class_list, class_sizes, documents};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn shown(path: PathBuf) -> String {
    path.display().to_string()
}

#[tauri::command]
pub fn print_class_list(
    state: State<AppSession>,
    class_id: i64,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let list = class_list::load(db, class_id, today())?;
        let name = class_list::document_name(&list);
        documents::save_at_or_in_folder(path.as_deref(), &name, &class_list::pdf(&list))
    })
    .map(shown)
}

#[tauri::command]
pub fn print_class_sizes(
    state: State<AppSession>,
    path: Option<PathBuf>,
    on: Option<chrono::NaiveDate>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let sizes = class_sizes::compute(db, on)?;
        let name = class_sizes::document_name(&sizes, "pdf");
        documents::save_at_or_in_folder(path.as_deref(), &name, &class_sizes::pdf(&sizes))
    })
    .map(shown)
}

/// Opens a saved document (PDF or .xlsx) with the program the system opens it with.
#[tauri::command]
pub async fn document_open(path: PathBuf) -> CmdResult<()> {
    off_the_window(move || documents::open(&path)).await
}

/// Shows a saved document in its folder.
#[tauri::command]
pub async fn document_reveal(path: PathBuf) -> CmdResult<()> {
    off_the_window(move || documents::reveal(&path)).await
}

/// Runs `f` on a worker thread: opening watches the system's program for a moment, and the
/// window must not wait meanwhile.
async fn off_the_window(
    f: impl FnOnce() -> zavuch_core::Result<()> + Send + 'static,
) -> CmdResult<()> {
    super::on_worker(move || f().map_err(|e| e.payload())).await
}
