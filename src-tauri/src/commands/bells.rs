use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::bells::{self, BellSchedule};
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
