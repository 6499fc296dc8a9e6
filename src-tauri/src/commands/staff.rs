use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::staff::movement::{self, Hire, Leave, StaffEvent, StaffTransfer};
use zavuch_core::staff::{self, StaffListItem, StaffMember, StaffPosition};
use zavuch_core::Saved;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command]
pub fn staff_position_list(state: State<AppSession>) -> CmdResult<Vec<StaffPosition>> {
    with_db(&state, staff::positions)
}

#[tauri::command]
pub fn staff_position_save(
    state: State<AppSession>,
    position: StaffPosition,
) -> CmdResult<StaffPosition> {
    with_db(&state, |db| staff::save_position(db, &position))
}

#[tauri::command]
pub fn staff_position_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| staff::delete_position(db, id))
}

/// The staff working today, or with `include_left` also those who have left.
#[tauri::command]
pub fn staff_list(state: State<AppSession>, include_left: bool) -> CmdResult<Vec<StaffListItem>> {
    with_db(&state, |db| staff::list(db, today(), include_left))
}

#[tauri::command]
pub fn staff_get(state: State<AppSession>, id: i64) -> CmdResult<StaffMember> {
    with_db(&state, |db| staff::get(db, id))
}

#[tauri::command]
pub fn staff_save(state: State<AppSession>, member: StaffMember) -> CmdResult<Saved<StaffMember>> {
    with_db(&state, |db| staff::save(db, &member, today()))
}

#[tauri::command]
pub fn staff_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| staff::delete(db, id))
}

/// The staff member's hires, transfers and leaves, oldest first (the history on the card).
#[tauri::command]
pub fn staff_history(state: State<AppSession>, id: i64) -> CmdResult<Vec<StaffEvent>> {
    with_db(&state, |db| movement::history(db, id))
}

#[tauri::command]
pub fn staff_hire(state: State<AppSession>, hire: Hire) -> CmdResult<Saved<StaffEvent>> {
    with_db(&state, |db| movement::hire(db, &hire))
}

#[tauri::command]
pub fn staff_transfer(
    state: State<AppSession>,
    transfer: StaffTransfer,
) -> CmdResult<Saved<StaffEvent>> {
    with_db(&state, |db| movement::transfer(db, &transfer))
}

#[tauri::command]
pub fn staff_leave(state: State<AppSession>, leave: Leave) -> CmdResult<Saved<StaffEvent>> {
    with_db(&state, |db| movement::leave(db, &leave))
}
