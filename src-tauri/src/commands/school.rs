use super::{app::after_title_change, with_db, AppSession, CmdResult};
use tauri::{AppHandle, State};
use zavuch_core::school::{self, Credential, School};
use zavuch_core::Saved;

#[tauri::command]
pub fn school_get(state: State<AppSession>) -> CmdResult<School> {
    with_db(&state, school::get)
}

#[tauri::command]
pub fn school_save(app: AppHandle, state: State<AppSession>, card: School) -> CmdResult<School> {
    let saved = with_db(&state, |db| school::save(db, &card));
    after_title_change(&app, saved)
}

#[tauri::command]
pub fn credential_list(state: State<AppSession>) -> CmdResult<Vec<Credential>> {
    with_db(&state, school::credentials)
}

#[tauri::command]
pub fn credential_save(
    state: State<AppSession>,
    credential: Credential,
) -> CmdResult<Saved<Credential>> {
    let today = chrono::Local::now().date_naive();
    with_db(&state, |db| school::save_credential(db, &credential, today))
}

#[tauri::command]
pub fn credential_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| school::delete_credential(db, id))
}
