//! The class ledgers of a period («Ведомости и отчёты») of any year (the current one, or a past
//! one after the rollover): one class's saved into «Документы Завуча» (or where the user chose),
//! or the whole school's, a file per class in a folder there or one combined PDF, on a worker
//! thread with progress events and «Отменить».

use super::{in_background, with_db, AppSession, CmdResult};
use std::path::PathBuf;
use std::sync::LazyLock;
use tauri::{AppHandle, State};
use zavuch_core::exchange::Cancel;
use zavuch_core::forms::class_report::{self, LedgerForm, SchoolLedgers};
use zavuch_core::forms::documents;
use zavuch_core::marks;

/// Event the whole school's printing sends after each class: `Progress {done, total}`.
pub const LEDGER_PROGRESS: &str = "ledger-progress";

/// The «Отменить» button's request to the running whole-school printing.
static LEDGER_CANCEL: LazyLock<Cancel> = LazyLock::new(Cancel::default);

/// The periods the year's classes have, for the choice of period.
#[tauri::command]
pub fn ledger_periods(state: State<AppSession>, year_id: i64) -> CmdResult<Vec<String>> {
    with_db(&state, |db| class_report::year_periods(db, year_id))
}

/// One class's ledger of the period named `period`; gives where the PDF is.
#[tauri::command]
pub fn print_ledger(
    state: State<AppSession>,
    form: LedgerForm,
    class_id: i64,
    period: String,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let period = marks::period_by_name(db, class_id, &period)?;
        let ledger = form.load(db, class_id, period.period)?;
        let name = class_report::document_name(form, &ledger);
        documents::save_at_or_in_folder(path.as_deref(), &name, &form.pdf(&ledger))
    })
    .map(|p| p.display().to_string())
}

/// Every class's ledger of the year's period into «Документы Завуча»: a folder «Ведомости успеваемости,
/// 2026-2027, 1 четверть» with a file per class, or (`combined`) one PDF of that name.
#[tauri::command]
pub async fn print_school_ledgers(
    app: AppHandle,
    form: LedgerForm,
    year_id: i64,
    period: String,
    combined: bool,
) -> CmdResult<SchoolLedgers> {
    LEDGER_CANCEL.reset();
    let cancel = LEDGER_CANCEL.clone();
    in_background(app, LEDGER_PROGRESS, move |db, progress| {
        let year = zavuch_core::year::get(db, year_id)?;
        let target =
            class_report::school_target(&documents::folder(), form, &year.name, &period, combined);
        class_report::print_school(db, year_id, &period, form, &target, progress, &cancel)
    })
    .await
}

/// Stops the whole school's printing after the classes already under way.
#[tauri::command]
pub fn ledger_cancel() {
    LEDGER_CANCEL.cancel();
}
