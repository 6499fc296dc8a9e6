//! The timetable («Расписание») of the current year: the class's, teacher's and room's weeks,
//! the whole school on one sheet, the lessons still to place, placing, moving and removing a
//! lesson, the school-wide check, and the substitutions («замены») of a date. The day staff are
//! counted as working on is today (moved into the year), as for the load. Printed forms go into
//! «Документы Завуча», or at the path the user chose; each print command returns where.

use super::{with_db, AppSession, CmdResult};
use chrono::NaiveDate;
use std::path::PathBuf;
use tauri::State;
use zavuch_core::forms::documents;
use zavuch_core::forms::timetable::{self as form, WeekOf};
use zavuch_core::load;
use zavuch_core::timetable::substitutions::{
    self, DaySubstitutions, Substitution, SubstitutionCount, SubstitutionInput,
};
use zavuch_core::timetable::{
    self, EditCheck, Lesson, LessonInput, SchoolSheet, TimetableCheck, ToPlace, WeekView,
};
use zavuch_core::{Db, Saved};

/// The current year and today moved into it.
fn current(db: &Db) -> zavuch_core::Result<(i64, NaiveDate)> {
    load::current_year_on(db, None)
}

#[tauri::command]
pub fn timetable_class_week(state: State<AppSession>, class_id: i64) -> CmdResult<WeekView> {
    with_db(&state, |db| timetable::class_week(db, class_id))
}

#[tauri::command]
pub fn timetable_teacher_week(
    state: State<AppSession>,
    staff_member_id: i64,
) -> CmdResult<WeekView> {
    with_db(&state, |db| {
        let (year_id, _) = current(db)?;
        timetable::teacher_week(db, year_id, staff_member_id)
    })
}

#[tauri::command]
pub fn timetable_room_week(state: State<AppSession>, room_id: i64) -> CmdResult<WeekView> {
    with_db(&state, |db| {
        let (year_id, _) = current(db)?;
        timetable::room_week(db, year_id, room_id)
    })
}

/// The whole school on one sheet; None when no year is current.
#[tauri::command]
pub fn timetable_school_sheet(state: State<AppSession>) -> CmdResult<Option<SchoolSheet>> {
    with_db(&state, |db| match zavuch_core::year::current(db)? {
        Some(_) => {
            let (year_id, _) = current(db)?;
            timetable::school_sheet(db, year_id).map(Some)
        }
        None => Ok(None),
    })
}

#[tauri::command]
pub fn timetable_to_place(state: State<AppSession>, class_id: i64) -> CmdResult<Vec<ToPlace>> {
    with_db(&state, |db| timetable::to_place(db, class_id))
}

#[tauri::command]
pub fn timetable_check(state: State<AppSession>) -> CmdResult<TimetableCheck> {
    with_db(&state, |db| {
        let (year_id, on) = current(db)?;
        timetable::check(db, year_id, on)
    })
}

/// What placing or moving a lesson would run into, nothing saved (shown while dragging).
#[tauri::command]
pub fn timetable_check_edit(state: State<AppSession>, input: LessonInput) -> CmdResult<EditCheck> {
    with_db(&state, |db| {
        let (_, on) = current(db)?;
        timetable::check_edit(db, &input, on)
    })
}

/// Places a lesson (no id) or moves one / changes its room (an id).
#[tauri::command]
pub fn timetable_save(state: State<AppSession>, input: LessonInput) -> CmdResult<Saved<Lesson>> {
    with_db(&state, |db| {
        let (_, on) = current(db)?;
        timetable::save(db, &input, on)
    })
}

#[tauri::command]
pub fn timetable_remove(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| timetable::remove(db, id))
}

#[tauri::command]
pub fn substitution_day(state: State<AppSession>, date: NaiveDate) -> CmdResult<DaySubstitutions> {
    with_db(&state, |db| substitutions::on_date(db, date))
}

#[tauri::command]
pub fn substitution_save(
    state: State<AppSession>,
    input: SubstitutionInput,
) -> CmdResult<Saved<Substitution>> {
    with_db(&state, |db| substitutions::save(db, &input))
}

#[tauri::command]
pub fn substitution_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| substitutions::delete(db, id))
}

/// Each teacher's substituted lessons in a month (`month` 1–12).
#[tauri::command]
pub fn substitution_month(
    state: State<AppSession>,
    year: i32,
    month: u32,
) -> CmdResult<Vec<SubstitutionCount>> {
    with_db(&state, |db| substitutions::month_counts(db, year, month))
}

fn shown(path: PathBuf) -> String {
    path.display().to_string()
}

/// A class's (`kind` "class"), teacher's ("teacher") or room's ("room") week as PDF.
#[tauri::command]
pub fn print_timetable_week(
    state: State<AppSession>,
    kind: String,
    id: i64,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    let of = match kind.as_str() {
        "teacher" => WeekOf::Teacher(id),
        "room" => WeekOf::Room(id),
        _ => WeekOf::Class(id),
    };
    with_db(&state, |db| {
        let f = form::week(db, of)?;
        let name = form::week_document_name(&f, "pdf");
        documents::save_at_or_in_folder(path.as_deref(), &name, &form::week_pdf(&f))
    })
    .map(shown)
}

/// The whole school's sheet as PDF.
#[tauri::command]
pub fn print_timetable_school(
    state: State<AppSession>,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let f = form::school_sheet(db)?;
        let name = form::school_document_name(&f);
        documents::save_at_or_in_folder(path.as_deref(), &name, &form::school_pdf(&f))
    })
    .map(shown)
}

/// The timetable as a workbook at the path the user chose.
#[tauri::command]
pub fn timetable_export(state: State<AppSession>, path: PathBuf) -> CmdResult<()> {
    with_db(&state, |db| {
        let bytes = form::xlsx(db, &form::school_sheet(db)?)?;
        documents::write(&path, &bytes)
    })
}

/// The substitution sheet of a date as PDF.
#[tauri::command]
pub fn print_substitutions_day(
    state: State<AppSession>,
    date: NaiveDate,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let f = form::substitutions_on(db, date)?;
        let name = form::substitutions_document_name(&f);
        documents::save_at_or_in_folder(path.as_deref(), &name, &form::substitutions_pdf(&f))
    })
    .map(shown)
}

/// Each teacher's substitutions in a month as PDF.
#[tauri::command]
pub fn print_substitutions_month(
    state: State<AppSession>,
    year: i32,
    month: u32,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let f = form::substitutions_in(db, year, month)?;
        let name = form::month_document_name(&f);
        documents::save_at_or_in_folder(path.as_deref(), &name, &form::month_pdf(&f))
    })
    .map(shown)
}
