//! «Составить расписание» (issue 13): the generation of the current year's timetable on a worker
//! thread with progress events and «Остановить», the kept timetables («Вернуть прежнее»,
//! «Оставить») and locking lessons so that a generation leaves them where they are.

use super::{on_db, with_db, AppSession, CmdResult};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;
use zavuch_core::load;
use zavuch_core::timetable_generate::{
    self as generate, GenerateReport, GenerateRequest, TimetableVersion,
};

/// Event the generation sends as it goes: [`GenerateProgress`].
pub const GENERATE_PROGRESS: &str = "generate-progress";

/// The best timetable found so far: lessons placed of those placed anew, and how many times it
/// still breaks a hard rule (a teacher, class or room twice at once, SanPiN…).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct GenerateProgress {
    pub placed: u32,
    pub total: u32,
    pub conflicts: u32,
}

/// The seed of the search: the same school gives the same timetable, as the CLI's default.
const SEED: u64 = 1;

/// The «Остановить» button's request to the running generation (the window runs one at a time).
static GENERATE_STOP: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);

/// Places the lessons of `classes` (empty: the whole school) anew, or only the missing ones
/// (`free_only`), searching at most `time_limit` seconds, and writes the timetable after a
/// backup, keeping the previous one as a version.
#[tauri::command]
pub async fn timetable_generate(
    app: AppHandle,
    classes: Vec<String>,
    keep_locked: bool,
    free_only: bool,
    time_limit: f64,
) -> CmdResult<GenerateReport> {
    GENERATE_STOP.store(false, Ordering::Relaxed);
    let cancel = GENERATE_STOP.clone();
    let events = app.clone();
    on_db(app, move |db| {
        let (academic_year_id, on) = load::current_year_on(db, None)?;
        let request = GenerateRequest {
            academic_year_id,
            classes,
            keep_locked,
            free_only,
            time_limit: Duration::from_secs_f64(time_limit.max(0.0)),
            seed: SEED,
            on,
        };
        let mut progress = |p: zavuch_core::timetable_engine::Progress| {
            let best = GenerateProgress {
                placed: p.placed as u32,
                total: p.total as u32,
                conflicts: p.best_hard as u32,
            };
            // A lost progress event only leaves the bar behind; the search goes on.
            let _ = events.emit(GENERATE_PROGRESS, best);
        };
        generate::generate(db, &request, &mut progress, cancel)
    })
    .await
}

/// «Остановить»: the generation stops searching and writes the best timetable it found.
#[tauri::command]
pub fn timetable_generate_stop() {
    GENERATE_STOP.store(true, Ordering::Relaxed);
}

/// The current year's kept timetables, the newest first.
#[tauri::command]
pub fn timetable_versions(state: State<AppSession>) -> CmdResult<Vec<TimetableVersion>> {
    with_db(&state, |db| {
        let (year_id, _) = load::current_year_on(db, None)?;
        generate::versions(db, year_id)
    })
}

/// «Вернуть прежнее»: the timetable becomes the kept one exactly; gives its lessons.
#[tauri::command]
pub fn timetable_restore_version(state: State<AppSession>, id: i64) -> CmdResult<u32> {
    with_db(&state, |db| {
        generate::restore_version(db, id).map(|n| n as u32)
    })
}

/// «Оставить»: the kept timetable is forgotten.
#[tauri::command]
pub fn timetable_discard_version(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| generate::discard_version(db, id))
}

/// Locks (`locked`) or unlocks lessons of the timetable.
#[tauri::command]
pub fn timetable_set_locked(
    state: State<AppSession>,
    entry_ids: Vec<i64>,
    locked: bool,
) -> CmdResult<()> {
    with_db(&state, |db| generate::set_locked(db, &entry_ids, locked))
}
