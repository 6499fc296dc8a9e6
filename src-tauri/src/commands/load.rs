//! The teaching load («Нагрузка»): the grid of the current year, a teacher typed into a cell,
//! the check, and the tarification list printed or exported. The day a teacher must work at
//! the school is today (moved into the year).

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::State;
use zavuch_core::forms::documents;
use zavuch_core::forms::load::{self as form, LoadBy};
use zavuch_core::load::{
    self, LoadCheck, LoadGrid, LoadInput, LoadLine, LoadUnit, TeacherLoad, TeacherOption,
    UnitAssignment,
};
use zavuch_core::{Db, Saved};

/// The current year and today moved into it.
fn current(db: &Db) -> zavuch_core::Result<(i64, chrono::NaiveDate)> {
    load::current_year_on(db, None)
}

/// The grid of the current year; None when no year is current.
#[tauri::command]
pub fn load_grid(state: State<AppSession>) -> CmdResult<Option<LoadGrid>> {
    with_db(&state, |db| match zavuch_core::year::current(db)? {
        Some(_) => {
            let (year_id, on) = current(db)?;
            load::grid(db, year_id, on).map(Some)
        }
        None => Ok(None),
    })
}

/// The staff who can be given load, with their hours so far.
#[tauri::command]
pub fn load_teacher_options(state: State<AppSession>) -> CmdResult<Vec<TeacherOption>> {
    with_db(&state, |db| {
        let (year_id, on) = current(db)?;
        load::teacher_options(db, year_id, on)
    })
}

/// A teacher typed into a cell: the unit's whole hours to that teacher (`null` clears it).
#[tauri::command]
pub fn load_assign(
    state: State<AppSession>,
    unit: LoadUnit,
    staff_member_id: Option<i64>,
) -> CmdResult<Saved<Option<LoadLine>>> {
    with_db(&state, |db| {
        let (_, on) = current(db)?;
        load::assign(db, unit, staff_member_id, on)
    })
}

/// A block of cells pasted, cut or cleared: every unit at once, in one transaction.
#[tauri::command]
pub fn load_assign_block(
    state: State<AppSession>,
    block: Vec<UnitAssignment>,
) -> CmdResult<Saved<usize>> {
    with_db(&state, |db| {
        let (_, on) = current(db)?;
        load::assign_many(db, &block, on)
    })
}

/// One load line with its own hours (hours shared between teachers).
#[tauri::command]
pub fn load_save(state: State<AppSession>, input: LoadInput) -> CmdResult<Saved<LoadLine>> {
    with_db(&state, |db| {
        let (_, on) = current(db)?;
        load::save(db, &input, on)
    })
}

#[tauri::command]
pub fn load_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| load::delete(db, id))
}

#[tauri::command]
pub fn load_check(state: State<AppSession>) -> CmdResult<LoadCheck> {
    with_db(&state, |db| {
        let (year_id, on) = current(db)?;
        load::check(db, year_id, on)
    })
}

#[tauri::command]
pub fn load_by_teacher(state: State<AppSession>) -> CmdResult<Vec<TeacherLoad>> {
    with_db(&state, |db| {
        let (year_id, on) = current(db)?;
        load::by_teacher(db, year_id, on)
    })
}

/// The tarification list (by teacher) or the load by class as PDF, saved into «Документы
/// Завуча» or at `path`; returns where it is.
#[tauri::command]
pub fn print_load(
    state: State<AppSession>,
    by_class: bool,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    let by = if by_class {
        LoadBy::Class
    } else {
        LoadBy::Teacher
    };
    with_db(&state, |db| {
        let f = form::compute(db, None)?;
        let name = form::document_name(&f, by, "pdf");
        documents::save_at_or_in_folder(path.as_deref(), &name, &form::pdf(&f, by))
    })
    .map(|p| p.display().to_string())
}

/// Both tables as .xlsx at the path the user chose.
#[tauri::command]
pub fn load_export(state: State<AppSession>, path: PathBuf) -> CmdResult<()> {
    with_db(&state, |db| {
        let bytes = form::xlsx(&form::compute(db, None)?)?;
        documents::write(&path, &bytes)
    })
}
