//! The year's end and the rollover to the next year: the council's decisions of a class (the
//! grid, its council, the debts), the four stages (status, preview, run on a worker thread with
//! progress events), making the new year current, and the transfer order draft and the list of
//! conditionally transferred students as PDFs.

use super::{app::after_title_change, in_background, with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use zavuch_core::forms::{documents, transfer_order};
use zavuch_core::rollover::decisions::{self, ClassDecisions, Council, DebtResult, DecisionInput};
use zavuch_core::rollover::{self, RolloverOptions, RolloverReport, RolloverStatus};

/// Event a stage sends as it goes: `Progress {done, total}` of the stage running.
pub const ROLLOVER_PROGRESS: &str = "rollover-progress";

/// The class's decisions: stored ones and the ones proposed from marks.
#[tauri::command]
pub fn decisions_of_class(state: State<AppSession>, class_id: i64) -> CmdResult<ClassDecisions> {
    with_db(&state, |db| decisions::of_class(db, class_id))
}

#[tauri::command]
pub fn decisions_set(
    state: State<AppSession>,
    class_id: i64,
    inputs: Vec<DecisionInput>,
) -> CmdResult<ClassDecisions> {
    with_db(&state, |db| decisions::set(db, class_id, &inputs))
}

/// Back to the decisions proposed for these students.
#[tauri::command]
pub fn decisions_reset(
    state: State<AppSession>,
    class_id: i64,
    student_ids: Vec<i64>,
) -> CmdResult<ClassDecisions> {
    with_db(&state, |db| decisions::reset(db, class_id, &student_ids))
}

#[tauri::command]
pub fn decisions_council_set(
    state: State<AppSession>,
    class_id: i64,
    council: Council,
) -> CmdResult<ClassDecisions> {
    with_db(&state, |db| decisions::set_council(db, class_id, &council))
}

/// A debt's deadline and, once known, whether it was cleared and when.
#[tauri::command]
pub fn decisions_debt_set(
    state: State<AppSession>,
    debt_id: i64,
    deadline: chrono::NaiveDate,
    result: Option<DebtResult>,
    result_on: Option<chrono::NaiveDate>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        decisions::set_debt(db, debt_id, deadline, result, result_on)
    })
}

#[tauri::command]
pub fn rollover_status(state: State<AppSession>) -> CmdResult<RolloverStatus> {
    with_db(&state, rollover::status)
}

/// What the stages asked will do (nothing is written), or (`dry_run` false) does it; on a worker
/// thread either way, since a preview runs the stage and rolls it back.
#[tauri::command]
pub async fn rollover_run(app: AppHandle, options: RolloverOptions) -> CmdResult<RolloverReport> {
    let today = chrono::Local::now().date_naive();
    in_background(app, ROLLOVER_PROGRESS, move |db, progress| {
        rollover::run(db, &options, today, &mut |_stage, done, total| {
            progress(done, total)
        })
    })
    .await
}

/// Makes the year current, closing the periods of the years before it; gives how many closed.
#[tauri::command]
pub fn rollover_make_current(
    app: AppHandle,
    state: State<AppSession>,
    academic_year_id: i64,
) -> CmdResult<u32> {
    let now = chrono::Local::now().naive_local();
    let done = with_db(&state, |db| {
        rollover::make_current(db, academic_year_id, now).map(|n| n as u32)
    });
    after_title_change(&app, done)
}

/// «Проект приказа о переводе» of the year's decisions; gives where the PDF is.
#[tauri::command]
pub fn print_transfer_order(
    state: State<AppSession>,
    academic_year_id: i64,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let order = transfer_order::load(db, academic_year_id)?;
        let name = transfer_order::document_name(&order);
        documents::save_at_or_in_folder(path.as_deref(), &name, &transfer_order::pdf(&order))
    })
    .map(|p| p.display().to_string())
}

/// «Список условно переведённых обучающихся» of the year; gives where the PDF is.
#[tauri::command]
pub fn print_conditional_list(
    state: State<AppSession>,
    academic_year_id: i64,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let list = transfer_order::conditional(db, academic_year_id)?;
        let name = transfer_order::conditional_document_name(&list);
        let bytes = transfer_order::conditional_pdf(&list);
        documents::save_at_or_in_folder(path.as_deref(), &name, &bytes)
    })
    .map(|p| p.display().to_string())
}
