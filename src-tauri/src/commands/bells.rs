use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::bells::{self, Bell, BellCheck, BellSchedule, TypicalDay};
use zavuch_core::Saved;

#[tauri::command]
pub fn bell_schedule_list(state: State<AppSession>, year_id: i64) -> CmdResult<Vec<BellSchedule>> {
    with_db(&state, |db| bells::list(db, year_id))
}

#[tauri::command]
pub fn bell_schedule_save(
    state: State<AppSession>,
    schedule: BellSchedule,
) -> CmdResult<Saved<BellSchedule>> {
    with_db(&state, |db| bells::save(db, &schedule))
}

/// The schedule as typed, checked without saving (the screen asks after each edit).
#[tauri::command]
pub fn bell_schedule_check(
    state: State<AppSession>,
    schedule: BellSchedule,
) -> CmdResult<BellCheck> {
    with_db(&state, |db| bells::check(db, &schedule))
}

/// The values a typical day starts from.
#[tauri::command]
pub fn bell_typical_default() -> TypicalDay {
    TypicalDay::default()
}

/// The bells of a typical day as asked.
#[tauri::command]
pub fn bell_typical_day(day: TypicalDay) -> CmdResult<Vec<Bell>> {
    bells::typical_day(&day).map_err(|e| e.payload())
}

#[tauri::command]
pub fn bell_schedule_copy(
    state: State<AppSession>,
    id: i64,
    new_name: String,
) -> CmdResult<BellSchedule> {
    with_db(&state, |db| bells::copy(db, id, &new_name))
}

#[tauri::command]
pub fn bell_schedule_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| bells::delete(db, id))
}
