use super::{with_db, AppSession, CmdResult};
use chrono::NaiveDate;
use std::path::PathBuf;
use tauri::State;
use zavuch_core::forms::{alphabet_book, documents, movement as report, orders as order_forms};
use zavuch_core::movement::orders::{self, OrderEntry};
use zavuch_core::movement::placements::{self, Placement};
use zavuch_core::movement::{self, Arrival, Departure, Moved, Movement, StudyFormChange, Transfer};
use zavuch_core::staff::movement::StaffOrderEntry;
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

/// Departures of one student or of a group: all written, or none.
#[tauri::command]
pub fn movement_leave(
    state: State<AppSession>,
    departures: Vec<Departure>,
) -> CmdResult<Saved<Vec<Moved>>> {
    with_db(&state, |db| movement::all(db, &departures, movement::leave))
}

/// Transfers of one student or of a group: all written, or none.
#[tauri::command]
pub fn movement_transfer(
    state: State<AppSession>,
    transfers: Vec<Transfer>,
) -> CmdResult<Saved<Vec<Moved>>> {
    with_db(&state, |db| {
        movement::all(db, &transfers, movement::transfer)
    })
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

/// The book of orders on staff of the current year; empty when no year is current.
#[tauri::command]
pub fn staff_orders_register(state: State<AppSession>) -> CmdResult<Vec<StaffOrderEntry>> {
    with_db(&state, |db| match year::current(db)? {
        Some(_) => Ok(order_forms::staff_register(db, None)?.entries),
        None => Ok(Vec::new()),
    })
}

// ---------------------------------------------------------------------------------------------
// Printed forms of movement: saved into «Документы Завуча», or at the path chosen with
// «Сохранить как…»; each gives where the file is.

/// The draft of one order of the register (проект приказа).
#[tauri::command]
pub fn print_order_draft(
    state: State<AppSession>,
    order_id: i64,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let draft = order_forms::draft(db, order_id)?;
        let name = order_forms::draft_document_name(&draft);
        documents::save_at_or_in_folder(path.as_deref(), &name, &order_forms::draft_pdf(&draft))
    })
    .map(|p| p.display().to_string())
}

/// The orders register of the current year.
#[tauri::command]
pub fn print_orders_register(state: State<AppSession>, path: Option<PathBuf>) -> CmdResult<String> {
    with_db(&state, |db| {
        let register = order_forms::register(db, None)?;
        let name = order_forms::register_document_name(&register);
        let pdf = order_forms::register_pdf(&register);
        documents::save_at_or_in_folder(path.as_deref(), &name, &pdf)
    })
    .map(|p| p.display().to_string())
}

/// The book of orders on staff of the current year.
#[tauri::command]
pub fn print_staff_orders_register(
    state: State<AppSession>,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let register = order_forms::staff_register(db, None)?;
        let name = order_forms::staff_register_document_name(&register);
        let pdf = order_forms::staff_register_pdf(&register);
        documents::save_at_or_in_folder(path.as_deref(), &name, &pdf)
    })
    .map(|p| p.display().to_string())
}

/// «Движение обучающихся» from `from` to `to`, as PDF.
#[tauri::command]
pub fn print_movement_report(
    state: State<AppSession>,
    from: NaiveDate,
    to: NaiveDate,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let r = report::compute(db, from, to)?;
        let name = report::document_name(&r, "pdf");
        documents::save_at_or_in_folder(path.as_deref(), &name, &report::pdf(&r))
    })
    .map(|p| p.display().to_string())
}

/// The same report as .xlsx at `path` (the save dialog's choice).
#[tauri::command]
pub fn movement_report_export(
    state: State<AppSession>,
    from: NaiveDate,
    to: NaiveDate,
    path: PathBuf,
) -> CmdResult<()> {
    with_db(&state, |db| {
        documents::write(&path, &report::xlsx(&report::compute(db, from, to)?)?)
    })
}

/// «Алфавитная книга записи обучающихся».
#[tauri::command]
pub fn print_alphabet_book(state: State<AppSession>, path: Option<PathBuf>) -> CmdResult<String> {
    with_db(&state, |db| {
        let book = alphabet_book::compute(db)?;
        let name = alphabet_book::document_name("pdf");
        documents::save_at_or_in_folder(path.as_deref(), &name, &alphabet_book::pdf(&book))
    })
    .map(|p| p.display().to_string())
}
