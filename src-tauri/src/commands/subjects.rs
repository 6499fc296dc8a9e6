use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::subjects::{self, Subject};

#[tauri::command]
pub fn subject_list(state: State<AppSession>, include_hidden: bool) -> CmdResult<Vec<Subject>> {
    with_db(&state, |db| subjects::list(db, include_hidden))
}

#[tauri::command]
pub fn subject_save(state: State<AppSession>, subject: Subject) -> CmdResult<Subject> {
    with_db(&state, |db| subjects::save(db, &subject))
}

#[tauri::command]
pub fn subject_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| subjects::delete(db, id))
}
