//! Thematic plans (КТП): the school-wide overview of a year, a plan read, saved, deleted, its
//! dates distributed over the timetable, copied to another class or from last year; the
//! textbooks (УМК) of a subject and grade; the plan as a spreadsheet (preview, import off the UI
//! thread, export, the empty template) and printed as PDF into «Документы Завуча».

use super::exchange::IMPORT_PROGRESS;
use super::in_background;
use super::{with_db, AppSession, CmdResult};
use chrono::NaiveDate;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use zavuch_core::exchange::Preview;
use zavuch_core::forms::{documents, thematic_plan as form};
use zavuch_core::thematic_plans::{self, exchange, OverviewRow, PlanKey, ThematicPlan};
use zavuch_core::Saved;

#[tauri::command]
pub fn thematic_plan_overview(
    state: State<AppSession>,
    year_id: i64,
) -> CmdResult<Vec<OverviewRow>> {
    with_db(&state, |db| thematic_plans::overview(db, year_id))
}

#[tauri::command]
pub fn thematic_plan_get(state: State<AppSession>, id: i64) -> CmdResult<ThematicPlan> {
    with_db(&state, |db| thematic_plans::get(db, id))
}

/// The plan of a class (or subgroup) and subject; null when it has none yet.
#[tauri::command]
pub fn thematic_plan_find(
    state: State<AppSession>,
    key: PlanKey,
) -> CmdResult<Option<ThematicPlan>> {
    with_db(&state, |db| thematic_plans::find(db, &key))
}

#[tauri::command]
pub fn thematic_plan_save(
    state: State<AppSession>,
    plan: ThematicPlan,
) -> CmdResult<Saved<ThematicPlan>> {
    with_db(&state, |db| thematic_plans::save(db, &plan))
}

#[tauri::command]
pub fn thematic_plan_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| thematic_plans::delete(db, id))
}

/// Moves the planned date of topic `number` (null clears it).
#[tauri::command]
pub fn thematic_plan_set_date(
    state: State<AppSession>,
    plan_id: i64,
    number: i64,
    date: Option<NaiveDate>,
) -> CmdResult<Saved<ThematicPlan>> {
    with_db(&state, |db| {
        thematic_plans::set_date(db, plan_id, number, date)
    })
}

/// «Распределить по датам» from the class's timetable and calendar.
#[tauri::command]
pub fn thematic_plan_distribute(
    state: State<AppSession>,
    plan_id: i64,
) -> CmdResult<Saved<ThematicPlan>> {
    with_db(&state, |db| thematic_plans::distribute_dates(db, plan_id))
}

/// A copy for another class of the grade; `force` copies even when the hours differ from the
/// class's curriculum.
#[tauri::command]
pub fn thematic_plan_copy_to_class(
    state: State<AppSession>,
    plan_id: i64,
    class_id: i64,
    force: bool,
) -> CmdResult<Saved<ThematicPlan>> {
    with_db(&state, |db| {
        thematic_plans::copy_to_class(db, plan_id, class_id, force)
    })
}

/// Last year's plan of the subject and grade as this key's plan (`force`: even when the hours
/// differ).
#[tauri::command]
pub fn thematic_plan_copy_from_last_year(
    state: State<AppSession>,
    key: PlanKey,
    force: bool,
) -> CmdResult<Saved<ThematicPlan>> {
    with_db(&state, |db| {
        thematic_plans::copy_from_last_year(db, key, force)
    })
}

#[tauri::command]
pub fn textbook_list(
    state: State<AppSession>,
    year_id: i64,
    subject_id: i64,
    grade: i32,
) -> CmdResult<Vec<String>> {
    with_db(&state, |db| {
        thematic_plans::textbooks(db, year_id, subject_id, grade)
    })
}

/// Replaces the textbooks of the subject and grade; gives them as stored.
#[tauri::command]
pub fn textbook_save(
    state: State<AppSession>,
    year_id: i64,
    subject_id: i64,
    grade: i32,
    titles: Vec<String>,
) -> CmdResult<Vec<String>> {
    with_db(&state, |db| {
        thematic_plans::set_textbooks(db, year_id, subject_id, grade, &titles)
    })
}

#[tauri::command]
pub fn thematic_plan_preview(
    state: State<AppSession>,
    path: PathBuf,
    key: PlanKey,
) -> CmdResult<Preview> {
    with_db(&state, |db| exchange::preview(db, &path, key))
}

/// Imports the file as the key's plan on a worker thread (the window stays responsive).
#[tauri::command]
pub async fn thematic_plan_import(
    app: AppHandle,
    path: PathBuf,
    key: PlanKey,
) -> CmdResult<Preview> {
    in_background(app, IMPORT_PROGRESS, move |db, _progress| {
        exchange::import(db, &path, key, false)
    })
    .await
}

/// The plan in the import layout at the path the user chose; gives how many topics.
#[tauri::command]
pub fn thematic_plan_export(
    state: State<AppSession>,
    plan_id: i64,
    path: PathBuf,
) -> CmdResult<u32> {
    with_db(&state, |db| exchange::export(db, plan_id, &path)).map(|n| n as u32)
}

#[tauri::command]
pub fn thematic_plan_template(path: PathBuf) -> CmdResult<()> {
    exchange::template(&path).map_err(|e| e.payload())
}

/// «КТП 5 А, Математика.pdf» into «Документы Завуча», or at `path`; gives where the file is.
#[tauri::command]
pub fn print_thematic_plan(
    state: State<AppSession>,
    plan_id: i64,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let plan = form::load(db, plan_id)?;
        let name = form::document_name(&plan);
        documents::save_at_or_in_folder(path.as_deref(), &name, &form::pdf(&plan))
    })
    .map(|p| p.display().to_string())
}
