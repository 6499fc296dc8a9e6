//! Printed forms saved as PDF where the user chose.

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::State;
use zavuch_core::forms::{class_list, class_sizes};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command]
pub fn print_class_list(state: State<AppSession>, class_id: i64, path: PathBuf) -> CmdResult<()> {
    with_db(&state, |db| {
        Ok(std::fs::write(
            &path,
            class_list::print(db, class_id, today())?,
        )?)
    })
}

#[tauri::command]
pub fn print_class_sizes(
    state: State<AppSession>,
    path: PathBuf,
    on: Option<chrono::NaiveDate>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        Ok(std::fs::write(
            &path,
            class_sizes::pdf(&class_sizes::compute(db, on)?),
        )?)
    })
}
