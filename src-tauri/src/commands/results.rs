//! «Итоги успеваемости» of a period (on screen, as PDF into «Документы Завуча», as .xlsx where the
//! user chose) and «Сведения об успеваемости обучающегося» (a student, or a page per student of
//! a class), of any year. A `period` of `null` means the latest term begun that has marks.

use super::{with_db, AppSession, CmdResult};
use std::path::PathBuf;
use tauri::State;
use zavuch_core::forms::{documents, results, results_lists, student_results};
use zavuch_core::marks::results::SchoolResults;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The column titles after «Класс», as the PDF and the .xlsx have them.
#[tauri::command]
pub fn results_titles() -> Vec<String> {
    results::figure_titles()
}

/// The figures of the period, as the PDF and the .xlsx have them.
#[tauri::command]
pub fn results_summary(
    state: State<AppSession>,
    year_id: i64,
    period: Option<String>,
) -> CmdResult<SchoolResults> {
    with_db(&state, |db| {
        Ok(results::compute_in_year(db, year_id, period.as_deref(), today())?.results)
    })
}

#[tauri::command]
pub fn print_results(
    state: State<AppSession>,
    year_id: i64,
    period: Option<String>,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let form = results::compute_in_year(db, year_id, period.as_deref(), today())?;
        let name = results::document_name(&form, "pdf");
        documents::save_at_or_in_folder(path.as_deref(), &name, &results::pdf(&form))
    })
    .map(|p| p.display().to_string())
}

/// The .xlsx for the district, written at `path` (the save dialog's choice).
#[tauri::command]
pub fn results_export(
    state: State<AppSession>,
    year_id: i64,
    period: Option<String>,
    path: PathBuf,
) -> CmdResult<()> {
    with_db(&state, |db| {
        let bytes = results::xlsx(&results::compute_in_year(
            db,
            year_id,
            period.as_deref(),
            today(),
        )?)?;
        documents::write(&path, &bytes)
    })
}

/// The district's lists of the period (excellent, one «4», one «3», failing) as PDF into
/// «Документы Завуча» or at `path`.
#[tauri::command]
pub fn print_results_lists(
    state: State<AppSession>,
    year_id: i64,
    period: Option<String>,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let f = results_lists::compute_in_year(db, year_id, period.as_deref(), today())?;
        let name = results_lists::document_name(&f, "pdf");
        documents::save_at_or_in_folder(path.as_deref(), &name, &results_lists::pdf(&f))
    })
    .map(|p| p.display().to_string())
}

/// The same lists as .xlsx at `path` (the save dialog's choice).
#[tauri::command]
pub fn results_lists_export(
    state: State<AppSession>,
    year_id: i64,
    period: Option<String>,
    path: PathBuf,
) -> CmdResult<()> {
    with_db(&state, |db| {
        let f = results_lists::compute_in_year(db, year_id, period.as_deref(), today())?;
        documents::write(&path, &results_lists::xlsx(&f)?)
    })
}

/// One student's page in the year (`student_id`), else a page per student of the class (`class_id`).
#[tauri::command]
pub fn print_student_results(
    state: State<AppSession>,
    year_id: i64,
    student_id: Option<i64>,
    class_id: Option<i64>,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let form = match (student_id, class_id) {
            (Some(id), _) => student_results::for_student_in_year(db, id, year_id, today())?,
            (None, Some(id)) => student_results::for_class(db, id, today())?,
            (None, None) => {
                return Err(zavuch_core::CoreError::NotFound {
                    what: "Обучающийся или класс",
                })
            }
        };
        let name = student_results::document_name(&form);
        documents::save_at_or_in_folder(path.as_deref(), &name, &student_results::pdf(&form))
    })
    .map(|p| p.display().to_string())
}
