use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::movement::orders::{self, OrderEntry};
use zavuch_core::movement::placements::{self, Placement};
use zavuch_core::movement::{self, Arrival, Departure, Moved, Movement, StudyFormChange, Transfer};
use zavuch_core::{year, Saved};

/// The student's movements, oldest first (the history on the card).
#[tauri::command]
pub fn movement_history(state: State<AppSession>, student_id: i64) -> CmdResult<Vec<Movement>> {
    with_db(&state, |db| movement::history(db, student_id))
}

/// The student's places in classes, oldest first.
#[tauri::command]
pub fn movement_placements(state: State<AppSession>, student_id: i64) -> CmdResult<Vec<Placement>> {
    with_db(&state, |db| placements::placements(db, student_id))
}

#[tauri::command]
pub fn movement_arrive(state: State<AppSession>, arrival: Arrival) -> CmdResult<Saved<Moved>> {
    with_db(&state, |db| {
        movement::arrive(db, &arrival, chrono::Local::now().date_naive())
    })
}

#[tauri::command]
pub fn movement_leave(state: State<AppSession>, departure: Departure) -> CmdResult<Saved<Moved>> {
    with_db(&state, |db| movement::leave(db, &departure))
}

#[tauri::command]
pub fn movement_transfer(state: State<AppSession>, transfer: Transfer) -> CmdResult<Saved<Moved>> {
    with_db(&state, |db| movement::transfer(db, &transfer))
}

#[tauri::command]
pub fn movement_change_study_form(
    state: State<AppSession>,
    change: StudyFormChange,
) -> CmdResult<Saved<Moved>> {
    with_db(&state, |db| movement::change_study_form(db, &change))
}

/// The book of orders on students of the current year; empty when no year is current.
#[tauri::command]
pub fn orders_register(state: State<AppSession>) -> CmdResult<Vec<OrderEntry>> {
    with_db(&state, |db| match year::current(db)?.and_then(|y| y.id) {
        Some(year_id) => orders::register(db, year_id),
        None => Ok(Vec::new()),
    })
}
