//! «Отметки»: the periods of a class, its marks sheet, marks and lessons missed written from the
//! grid, the subjects a grade assesses pass/fail, and closing or reopening a period (one class or
//! the whole school) with the register of those acts. Times of closing are the local clock's.

use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::marks::closure::{self, CloseSummary, ClosedClasses, ClosureEvent};
use zavuch_core::marks::{self, AbsenceEntry, MarkSheet, Period, PeriodInfo, TypedMark};

/// The local time of a closing or reopening, as the register keeps it.
fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

#[tauri::command]
pub fn marks_periods(state: State<AppSession>, class_id: i64) -> CmdResult<Vec<PeriodInfo>> {
    with_db(&state, |db| marks::periods(db, class_id))
}

#[tauri::command]
pub fn marks_sheet(
    state: State<AppSession>,
    class_id: i64,
    period: Period,
) -> CmdResult<MarkSheet> {
    with_db(&state, |db| marks::sheet(db, class_id, period))
}

/// Writes the typed cells in one transaction, all or none.
#[tauri::command]
pub fn marks_set(
    state: State<AppSession>,
    class_id: i64,
    period: Period,
    cells: Vec<TypedMark>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        marks::set_typed_marks(db, class_id, period, &cells)
    })
}

#[tauri::command]
pub fn marks_set_absences(
    state: State<AppSession>,
    class_id: i64,
    period: Period,
    entries: Vec<AbsenceEntry>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        marks::set_absences(db, class_id, period, &entries)
    })
}

/// Ids of the subjects the grade assesses «зачтено» / «не зачтено» in the year.
#[tauri::command]
pub fn marks_pass_fail(state: State<AppSession>, year_id: i64, grade: i32) -> CmdResult<Vec<i64>> {
    with_db(&state, |db| marks::pass_fail_subjects(db, year_id, grade))
}

#[tauri::command]
pub fn marks_set_pass_fail(
    state: State<AppSession>,
    year_id: i64,
    grade: i32,
    subject_id: i64,
    pass_fail: bool,
) -> CmdResult<()> {
    with_db(&state, |db| {
        marks::set_pass_fail(db, year_id, grade, subject_id, pass_fail)
    })
}

/// Closes the class's period; false when it was closed already.
#[tauri::command]
pub fn marks_close(state: State<AppSession>, class_id: i64, period: Period) -> CmdResult<bool> {
    with_db(&state, |db| closure::close(db, class_id, period, now()))
}

#[tauri::command]
pub fn marks_reopen(
    state: State<AppSession>,
    class_id: i64,
    period: Period,
    reason: String,
) -> CmdResult<()> {
    with_db(&state, |db| {
        closure::reopen(db, class_id, period, &reason, now())
    })
}

/// What closing the period named `name` for the whole school would close, with its marks
/// missing, «2» and «н/а»: the question asked first.
#[tauri::command]
pub fn marks_close_summary(
    state: State<AppSession>,
    year_id: i64,
    name: String,
) -> CmdResult<CloseSummary> {
    with_db(&state, |db| closure::school_summary(db, year_id, &name))
}

/// Closes the period named `name` («1 четверть») for every class of the year that has it.
#[tauri::command]
pub fn marks_close_school(
    state: State<AppSession>,
    year_id: i64,
    name: String,
) -> CmdResult<ClosedClasses> {
    with_db(&state, |db| {
        closure::close_school(db, year_id, &name, now())
    })
}

#[tauri::command]
pub fn marks_closure_events(
    state: State<AppSession>,
    year_id: i64,
) -> CmdResult<Vec<ClosureEvent>> {
    with_db(&state, |db| closure::events(db, year_id))
}
