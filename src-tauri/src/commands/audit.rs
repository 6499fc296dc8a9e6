//! «Журнал изменений»: the change log filtered, what its filters can choose, the check of its
//! hash chain, and its printout.

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::State;
use zavuch_core::audit::{self, AuditChoices, AuditEntry, AuditFilter, ChainCheck};
use zavuch_core::forms::{audit_log, documents};

#[tauri::command]
pub fn audit_entries(state: State<AppSession>, filter: AuditFilter) -> CmdResult<Vec<AuditEntry>> {
    with_db(&state, |db| audit::entries(db.conn(), &filter))
}

#[tauri::command]
pub fn audit_choices(state: State<AppSession>) -> CmdResult<AuditChoices> {
    with_db(&state, |db| audit::choices(db.conn()))
}

#[tauri::command]
pub fn audit_verify(state: State<AppSession>) -> CmdResult<ChainCheck> {
    with_db(&state, |db| audit::verify(db.conn()))
}

#[tauri::command]
pub fn print_audit_log(
    state: State<AppSession>,
    filter: AuditFilter,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let form = audit_log::load(db, &filter)?;
        let name = audit_log::document_name(chrono::Local::now().date_naive());
        documents::save_at_or_in_folder(path.as_deref(), &name, &audit_log::pdf(&form))
    })
    .map(|p| p.display().to_string())
}
