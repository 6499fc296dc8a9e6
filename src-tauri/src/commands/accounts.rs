//! «Пользователи»: the accounts of an encrypted school file, and signing out. The core decides
//! who may change what (only an administrator manages accounts; anyone their own password). A
//! password is Argon2id, half a second: adding an account and a new password run on a worker.

use super::{on_db, on_session, with_db, AppSession, CmdResult};
use tauri::{AppHandle, State};
use zavuch_core::accounts::{self, Account, Role};
use zavuch_core::session::AppState;

#[tauri::command]
pub fn account_list(state: State<AppSession>) -> CmdResult<Vec<Account>> {
    with_db(&state, accounts::list)
}

#[tauri::command]
pub async fn account_add(
    app: AppHandle,
    login: String,
    full_name: String,
    role: Role,
    password: String,
) -> CmdResult<Account> {
    on_db(app, move |db| {
        accounts::add(db, &login, &full_name, role, &password)
    })
    .await
}

#[tauri::command]
pub async fn account_set_password(
    app: AppHandle,
    login: String,
    password: String,
) -> CmdResult<()> {
    on_db(app, move |db| accounts::set_password(db, &login, &password)).await
}

/// «Отключить» (`active` false: the account opens nothing) or «Включить».
#[tauri::command]
pub fn account_set_active(state: State<AppSession>, login: String, active: bool) -> CmdResult<()> {
    with_db(&state, |db| accounts::set_active(db, &login, active))
}

/// «Сменить пользователя»: the file locked again, waiting for a password.
#[tauri::command]
pub async fn school_file_sign_out(app: AppHandle) -> CmdResult<AppState> {
    on_session(app, |s| {
        s.sign_out()?;
        s.state()
    })
    .await
}
