//! Teachers' wishes for «Составить расписание» (issue 13): the grid of all teachers, one
//! teacher's row on the card, several teachers' wishes saved at once; pairs and the preferred
//! room of a load line.

use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::load;
use zavuch_core::timetable_generate::{
    self as generate, LoadLineWishes, TeacherWishes, WishesSheet,
};

/// Every teacher with load in the current year, with the week's days and lessons.
#[tauri::command]
pub fn wishes_sheet(state: State<AppSession>) -> CmdResult<WishesSheet> {
    with_db(&state, |db| {
        let (year_id, on) = load::current_year_on(db, None)?;
        generate::wishes_sheet(db, year_id, on)
    })
}

/// One staff member's wishes for the current year, for the card.
#[tauri::command]
pub fn wishes_of_teacher(state: State<AppSession>, staff_member_id: i64) -> CmdResult<WishesSheet> {
    with_db(&state, |db| {
        let (year_id, _) = load::current_year_on(db, None)?;
        generate::teacher_wishes_sheet(db, year_id, staff_member_id)
    })
}

/// Replaces the wishes of the teachers given, all at once or none.
#[tauri::command]
pub fn wishes_save(state: State<AppSession>, wishes: Vec<TeacherWishes>) -> CmdResult<()> {
    with_db(&state, |db| {
        let (year_id, _) = load::current_year_on(db, None)?;
        generate::set_teachers_wishes(db, year_id, &wishes)
    })
}

/// The current year's load lines with pairs or a preferred room.
#[tauri::command]
pub fn load_line_wishes(state: State<AppSession>) -> CmdResult<Vec<LoadLineWishes>> {
    with_db(&state, |db| {
        let (year_id, _) = load::current_year_on(db, None)?;
        generate::load_line_wishes(db, year_id)
    })
}

/// How many of a load line's lessons a week go as pairs (0: none).
#[tauri::command]
pub fn load_set_paired(
    state: State<AppSession>,
    teaching_load_id: i64,
    pairs: i32,
) -> CmdResult<()> {
    with_db(&state, |db| {
        generate::set_paired_lessons(db, teaching_load_id, pairs)
    })
}

/// The room a load line's lessons should take (`null`: any).
#[tauri::command]
pub fn load_set_preferred_room(
    state: State<AppSession>,
    teaching_load_id: i64,
    room_id: Option<i64>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        generate::set_preferred_room(db, teaching_load_id, room_id)
    })
}
