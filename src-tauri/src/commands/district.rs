//! «Отчёты для управления образования»: the registry's reports (`zavuch_core::reports`) for a
//! day of the current year — saved into «Документы Завуча» to be opened, or as PDF or .xlsx
//! where the user chose — and the whole district package into a folder, on a worker thread
//! with progress events.

use super::{in_background, with_db, AppSession, CmdResult};
use chrono::NaiveDate;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use zavuch_core::forms::documents;
use zavuch_core::reports::{self, DistrictReport, Package, ReportFormat, ReportInfo};

/// Event the package sends after each file: `Progress {done, total}`.
pub const PACKAGE_PROGRESS: &str = "district-package-progress";

/// The reports the screen lists, in the registry's order.
#[tauri::command]
pub fn district_reports() -> Vec<ReportInfo> {
    reports::registry()
}

/// The day the screen offers: 20 September while it is in the current year, else today.
#[tauri::command]
pub fn district_default_day(state: State<AppSession>) -> CmdResult<NaiveDate> {
    with_db(&state, |db| {
        reports::default_day(db, chrono::Local::now().date_naive())
    })
}

/// One report of the current year for `on`: at `path` (the save dialog's choice), else into
/// «Документы Завуча» under its document name; gives where it is.
#[tauri::command]
pub fn district_report_print(
    state: State<AppSession>,
    report: DistrictReport,
    format: ReportFormat,
    on: NaiveDate,
    path: Option<PathBuf>,
) -> CmdResult<String> {
    with_db(&state, |db| {
        let year = zavuch_core::year::current_id(db)?;
        match path {
            Some(path) => {
                report.write(db, year, on, format, &path)?;
                Ok(path)
            }
            None => report.save(db, year, on, format),
        }
    })
    .map(|p| p.display().to_string())
}

/// Every report of the current year for `on` into a folder of its own inside `folder` (the
/// folder dialog's choice), else inside «Документы Завуча».
#[tauri::command]
pub async fn district_package_save(
    app: AppHandle,
    on: NaiveDate,
    folder: Option<PathBuf>,
) -> CmdResult<Package> {
    in_background(app, PACKAGE_PROGRESS, move |db, progress| {
        let year = zavuch_core::year::current_id(db)?;
        let folder = folder.unwrap_or_else(documents::folder);
        reports::write_package(db, year, on, &folder, progress)
    })
    .await
}
