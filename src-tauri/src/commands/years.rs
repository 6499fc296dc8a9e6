use super::{app::after_title_change, with_db, AppSession, CmdResult};
use tauri::{AppHandle, State};
use zavuch_core::year::{self, AcademicYear, Holiday, TermDays, TermScheme, YearDetail};

#[tauri::command]
pub fn year_list(state: State<AppSession>) -> CmdResult<Vec<AcademicYear>> {
    with_db(&state, year::list)
}

#[tauri::command]
pub fn year_detail(state: State<AppSession>, id: i64) -> CmdResult<YearDetail> {
    with_db(&state, |db| year::detail(db, id))
}

/// Calendar and school days of each term of a scheme as typed.
#[tauri::command]
pub fn term_days(state: State<AppSession>, scheme: TermScheme) -> CmdResult<Vec<Option<TermDays>>> {
    with_db(&state, |db| year::term_days(db, &scheme))
}

#[tauri::command]
pub fn year_default(state: State<AppSession>) -> CmdResult<AcademicYear> {
    with_db(&state, |db| {
        year::next_default(db, chrono::Local::now().date_naive())
    })
}

#[tauri::command]
pub fn year_create(
    app: AppHandle,
    state: State<AppSession>,
    year: AcademicYear,
) -> CmdResult<YearDetail> {
    let created = with_db(&state, |db| year::create_with_usual_schemes(db, &year));
    after_title_change(&app, created)
}

#[tauri::command]
pub fn year_save(
    app: AppHandle,
    state: State<AppSession>,
    year: AcademicYear,
) -> CmdResult<AcademicYear> {
    let saved = with_db(&state, |db| year::save(db, &year));
    after_title_change(&app, saved)
}

#[tauri::command]
pub fn year_set_current(app: AppHandle, state: State<AppSession>, id: i64) -> CmdResult<()> {
    let done = with_db(&state, |db| year::set_current(db, id));
    after_title_change(&app, done)
}

#[tauri::command]
pub fn term_scheme_save(state: State<AppSession>, scheme: TermScheme) -> CmdResult<TermScheme> {
    with_db(&state, |db| year::save_scheme(db, &scheme))
}

#[tauri::command]
pub fn term_scheme_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| year::delete_scheme(db, id))
}

#[tauri::command]
pub fn holiday_save(state: State<AppSession>, holiday: Holiday) -> CmdResult<Holiday> {
    with_db(&state, |db| year::save_holiday(db, &holiday))
}

#[tauri::command]
pub fn holiday_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| year::delete_holiday(db, id))
}
