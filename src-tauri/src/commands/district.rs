//! «Отчёты для управления образования»: the registry's reports (`zavuch_core::reports`) for a
//! day of the current year — saved into «Документы Завуча» to be opened, or as PDF or .xlsx
//! where the user chose — the whole district package into a folder, and the figures pushed to
//! the district's PostgreSQL; the last two on worker threads with progress events.

use super::{in_background, on_worker, with_db, AppSession, CmdResult};
use chrono::NaiveDate;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Manager, State};
use zavuch_core::district::{self, Pushed};
use zavuch_core::exchange::Progress;
use zavuch_core::forms::documents;
use zavuch_core::reports::{self, DistrictReport, Package, ReportFormat, ReportInfo};

/// Event the package sends after each file: `Progress {done, total}`.
pub const PACKAGE_PROGRESS: &str = "district-package-progress";

/// Event a push sends at each stage (figures computed, connected): `Progress {done, total: 3}`.
pub const PUSH_PROGRESS: &str = "district-push-progress";

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

/// The school's figures for `on` to the district's PostgreSQL at the school card's address;
/// `password` for this push only, never stored (None: `PGPASSWORD` or `.pgpass`). The figures
/// are computed holding the school file, the network is waited for without it.
#[tauri::command]
pub async fn district_push(
    app: AppHandle,
    on: NaiveDate,
    password: Option<String>,
) -> CmdResult<Pushed> {
    on_worker(move || {
        let stage = |done| {
            // A lost event only leaves the stage shown behind; the push goes on.
            let _ = app.emit(PUSH_PROGRESS, Progress { done, total: 3 });
        };
        stage(0);
        let state = app.state::<AppSession>();
        let (url, snapshot) = with_db(&state, |db| {
            let url = district::card_url(&zavuch_core::school::get(db)?)?;
            Ok((url, district::snapshot(db, Some(on))?))
        })?;
        stage(1);
        let mut client =
            district::connect_as(&url, password.as_deref()).map_err(|e| e.payload())?;
        stage(2);
        district::push(&mut client, &snapshot).map_err(|e| e.payload())
    })
    .await
}
