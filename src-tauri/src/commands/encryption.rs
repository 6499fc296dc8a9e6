//! The encrypted school file: the password that opens a locked one, and «Шифрование файла» —
//! encrypt, a new password, back to a plain file (the core closes the file, converts it and its
//! copies, and opens it again). On a worker thread each: a key takes half a second to derive, a
//! big school's conversion several, and the window stays responsive meanwhile.

use super::{on_session, CmdResult};
use tauri::AppHandle;
use zavuch_core::encryption::Converted;
use zavuch_core::session::{AppState, Session};

/// Opens the locked school file with `password` (the file's, or with `login` that account's):
/// the new state (still locked when it does not fit, saying so).
#[tauri::command]
pub async fn school_file_unlock(
    app: AppHandle,
    login: Option<String>,
    password: String,
) -> CmdResult<AppState> {
    on_session(app, move |s| {
        s.unlock(login.as_deref(), &password)?;
        s.state()
    })
    .await
}

#[tauri::command]
pub async fn encryption_encrypt(app: AppHandle, password: String) -> CmdResult<Converted> {
    on_session(app, move |s| s.encrypt(&password)).await
}

#[tauri::command]
pub async fn encryption_change_password(app: AppHandle, password: String) -> CmdResult<Converted> {
    on_session(app, move |s| s.change_password(&password)).await
}

#[tauri::command]
pub async fn encryption_decrypt(app: AppHandle) -> CmdResult<Converted> {
    on_session(app, Session::decrypt).await
}
