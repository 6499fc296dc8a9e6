use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::students::{
    self, Consent, Guardian, MissingConsent, Relation, Student, StudentGuardian, StudentRow,
};
use zavuch_core::{year, Saved};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Students of a class of the current year studying today, or with `include_departed` every
/// student the class had this year; empty when no year is current.
#[tauri::command]
pub fn student_list(
    state: State<AppSession>,
    class_id: i64,
    include_departed: bool,
) -> CmdResult<Vec<StudentRow>> {
    let on = (!include_departed).then(today);
    with_db(&state, |db| match year::current(db)?.and_then(|y| y.id) {
        Some(year_id) => students::list(db, year_id, Some(class_id), on),
        None => Ok(Vec::new()),
    })
}

/// Students studying today who have no class in the current year.
#[tauri::command]
pub fn student_without_class(state: State<AppSession>) -> CmdResult<Vec<StudentRow>> {
    with_db(&state, |db| match year::current(db)?.and_then(|y| y.id) {
        Some(year_id) => students::without_class(db, year_id, today()),
        None => Ok(Vec::new()),
    })
}

#[tauri::command]
pub fn student_get(state: State<AppSession>, id: i64) -> CmdResult<Student> {
    with_db(&state, |db| students::get(db, id))
}

#[tauri::command]
pub fn student_save(state: State<AppSession>, student: Student) -> CmdResult<Saved<Student>> {
    with_db(&state, |db| students::save(db, &student, today()))
}

#[tauri::command]
pub fn student_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| students::delete(db, id))
}

#[tauri::command]
pub fn student_guardians(
    state: State<AppSession>,
    student_id: i64,
) -> CmdResult<Vec<StudentGuardian>> {
    with_db(&state, |db| students::guardians_of(db, student_id))
}

#[tauri::command]
pub fn guardian_children(state: State<AppSession>, guardian_id: i64) -> CmdResult<Vec<StudentRow>> {
    with_db(&state, |db| students::children_of(db, guardian_id))
}

#[tauri::command]
pub fn guardian_find(state: State<AppSession>, text: String) -> CmdResult<Vec<Guardian>> {
    with_db(&state, |db| students::find_guardians(db, &text))
}

/// Saves a guardian (new or changed) and links it to the student.
#[tauri::command]
pub fn student_guardian_save(
    state: State<AppSession>,
    student_id: i64,
    link: StudentGuardian,
) -> CmdResult<Saved<StudentGuardian>> {
    with_db(&state, |db| {
        students::save_student_guardian(db, student_id, &link)
    })
}

/// Links an existing guardian (a sibling's) to the student.
#[tauri::command]
pub fn guardian_link(
    state: State<AppSession>,
    student_id: i64,
    guardian_id: i64,
    relation: Relation,
) -> CmdResult<()> {
    with_db(&state, |db| {
        students::link_guardian(db, student_id, guardian_id, relation)
    })
}

#[tauri::command]
pub fn guardian_unlink(
    state: State<AppSession>,
    student_id: i64,
    guardian_id: i64,
) -> CmdResult<()> {
    with_db(&state, |db| {
        students::unlink_guardian(db, student_id, guardian_id)
    })
}

#[tauri::command]
pub fn guardian_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| students::delete_guardian(db, id))
}

#[tauri::command]
pub fn student_consents(state: State<AppSession>, student_id: i64) -> CmdResult<Vec<Consent>> {
    with_db(&state, |db| students::student_consents(db, student_id))
}

#[tauri::command]
pub fn guardian_consents(state: State<AppSession>, guardian_id: i64) -> CmdResult<Vec<Consent>> {
    with_db(&state, |db| students::guardian_consents(db, guardian_id))
}

#[tauri::command]
pub fn consent_save(state: State<AppSession>, consent: Consent) -> CmdResult<Consent> {
    with_db(&state, |db| students::save_consent(db, &consent, today()))
}

#[tauri::command]
pub fn consent_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| students::delete_consent(db, id))
}

/// Who has no consent in force today: students of the current year's classes and their
/// guardians; empty when no year is current.
#[tauri::command]
pub fn consent_missing(state: State<AppSession>) -> CmdResult<Vec<MissingConsent>> {
    with_db(&state, |db| match year::current(db)?.and_then(|y| y.id) {
        Some(year_id) => students::missing_consents(db, year_id, today()),
        None => Ok(Vec::new()),
    })
}
