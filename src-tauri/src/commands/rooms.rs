use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::rooms::{self, Equipment, Room};

#[tauri::command]
pub fn room_list(state: State<AppSession>) -> CmdResult<Vec<Room>> {
    with_db(&state, rooms::list)
}

#[tauri::command]
pub fn room_save(state: State<AppSession>, room: Room) -> CmdResult<Room> {
    with_db(&state, |db| rooms::save(db, &room))
}

#[tauri::command]
pub fn room_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| rooms::delete(db, id))
}

#[tauri::command]
pub fn equipment_list(state: State<AppSession>, room_id: i64) -> CmdResult<Vec<Equipment>> {
    with_db(&state, |db| rooms::equipment(db, room_id))
}

#[tauri::command]
pub fn equipment_save(state: State<AppSession>, equipment: Equipment) -> CmdResult<Equipment> {
    with_db(&state, |db| rooms::save_equipment(db, &equipment))
}

#[tauri::command]
pub fn equipment_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| rooms::delete_equipment(db, id))
}
