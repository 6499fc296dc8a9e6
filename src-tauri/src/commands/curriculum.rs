//! Curricula of a year (templates, classes' curricula, individual ones) and the curriculum of a
//! level printed as PDF into «Документы Завуча» or exported as .xlsx where the user chose.

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::State;
use zavuch_core::curriculum::{self, Curriculum, CurriculumSummary, Level};
use zavuch_core::forms::{curriculum as form, documents};
use zavuch_core::Saved;

#[tauri::command]
pub fn curriculum_list(
    state: State<AppSession>,
    year_id: i64,
) -> CmdResult<Vec<CurriculumSummary>> {
    with_db(&state, |db| curriculum::list(db, year_id))
}

#[tauri::command]
pub fn curriculum_get(state: State<AppSession>, id: i64) -> CmdResult<Curriculum> {
    with_db(&state, |db| curriculum::get(db, id))
}

/// Totals, annual hours and warnings of the curriculum as typed, without saving it.
#[tauri::command]
pub fn curriculum_preview(
    state: State<AppSession>,
    curriculum: Curriculum,
) -> CmdResult<Saved<Curriculum>> {
    with_db(&state, |db| curriculum::preview(db, &curriculum))
}

#[tauri::command]
pub fn curriculum_save(
    state: State<AppSession>,
    curriculum: Curriculum,
) -> CmdResult<Saved<Curriculum>> {
    with_db(&state, |db| curriculum::save(db, &curriculum))
}

#[tauri::command]
pub fn curriculum_copy(
    state: State<AppSession>,
    id: i64,
    name: String,
    grade: i32,
) -> CmdResult<Saved<Curriculum>> {
    with_db(&state, |db| curriculum::copy(db, id, &name, grade))
}

#[tauri::command]
pub fn curriculum_assign(
    state: State<AppSession>,
    template_id: i64,
    class_ids: Vec<i64>,
) -> CmdResult<Saved<Vec<Curriculum>>> {
    with_db(&state, |db| curriculum::assign(db, template_id, &class_ids))
}

#[tauri::command]
pub fn curriculum_start_individual(
    state: State<AppSession>,
    year_id: i64,
    student_id: i64,
    template_id: Option<i64>,
) -> CmdResult<Saved<Curriculum>> {
    with_db(&state, |db| {
        curriculum::start_individual(db, year_id, student_id, template_id)
    })
}

#[tauri::command]
pub fn curriculum_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| curriculum::delete(db, id))
}

/// «Учебный план 5–9 классов» of the current year as PDF: into «Документы Завуча», or at `path`
/// («Сохранить как…»); gives where the file is.
#[tauri::command]
pub fn print_curriculum(
    state: State<AppSession>,
    level: Level,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let plan = form::compute(db, level)?;
        let name = form::document_name(&plan, "pdf");
        documents::save_at_or_in_folder(path.as_deref(), &name, &form::pdf(&plan))
    })
    .map(|p| p.display().to_string())
}

/// The same table as .xlsx at the path the user chose.
#[tauri::command]
pub fn curriculum_export(state: State<AppSession>, level: Level, path: PathBuf) -> CmdResult<()> {
    with_db(&state, |db| {
        let bytes = form::xlsx(&form::compute(db, level)?)?;
        documents::write(&path, &bytes)
    })
}
