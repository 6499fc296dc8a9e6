use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::classes::{self, gaps::Gap, Class, ClassRow};
use zavuch_core::{year, Saved};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The classes of the year (by default the current one) with their sizes today (a past year's:
/// on its last day); empty when no year is current.
#[tauri::command]
pub fn class_list(state: State<AppSession>, year_id: Option<i64>) -> CmdResult<Vec<ClassRow>> {
    with_db(&state, |db| {
        match year_id.or(year::current(db)?.and_then(|y| y.id)) {
            Some(year_id) => classes::list(db, year_id, today()),
            None => Ok(Vec::new()),
        }
    })
}

/// One row of the class list (names and sizes today), e.g. after the card was saved.
#[tauri::command]
pub fn class_info(state: State<AppSession>, id: i64) -> CmdResult<ClassRow> {
    with_db(&state, |db| classes::info(db, id, today()))
}

#[tauri::command]
pub fn class_get(state: State<AppSession>, id: i64) -> CmdResult<Class> {
    with_db(&state, |db| classes::get(db, id))
}

#[tauri::command]
pub fn class_save(state: State<AppSession>, class: Class) -> CmdResult<Saved<Class>> {
    with_db(&state, |db| classes::save(db, &class, today()))
}

#[tauri::command]
pub fn class_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| classes::delete(db, id))
}

/// What the class lacks for the marks and the timetable (term scheme, bells, curriculum, load).
#[tauri::command]
pub fn class_gaps(state: State<AppSession>, id: i64) -> CmdResult<Vec<Gap>> {
    with_db(&state, |db| classes::gaps::of_class(db, id))
}
