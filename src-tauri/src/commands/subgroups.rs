use super::{with_db, AppSession, CmdResult};
use tauri::State;
use zavuch_core::subgroups::{self, Fill, NewSplit, SplitDetail, SplitRow, Subgroup};
use zavuch_core::year;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The splits of the current year with their counts today; empty when no year is current.
#[tauri::command]
pub fn subgroup_split_list(state: State<AppSession>) -> CmdResult<Vec<SplitRow>> {
    with_db(&state, |db| match year::current(db)?.and_then(|y| y.id) {
        Some(year_id) => subgroups::list(db, year_id, today()),
        None => Ok(Vec::new()),
    })
}

#[tauri::command]
pub fn subgroup_split_detail(state: State<AppSession>, id: i64) -> CmdResult<SplitDetail> {
    with_db(&state, |db| subgroups::detail(db, id, today()))
}

#[tauri::command]
pub fn subgroup_split_create(state: State<AppSession>, split: NewSplit) -> CmdResult<SplitDetail> {
    with_db(&state, |db| subgroups::create(db, &split, today()))
}

#[tauri::command]
pub fn subgroup_split_fill(
    state: State<AppSession>,
    id: i64,
    fill: Fill,
) -> CmdResult<SplitDetail> {
    with_db(&state, |db| subgroups::fill(db, id, fill, today()))
}

#[tauri::command]
pub fn subgroup_split_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| subgroups::delete(db, id))
}

/// Puts the student into the subgroup (`null`: out of every subgroup of the split); returns
/// the split as it is now.
#[tauri::command]
pub fn subgroup_move(
    state: State<AppSession>,
    split_id: i64,
    student_id: i64,
    subgroup_id: Option<i64>,
) -> CmdResult<SplitDetail> {
    with_db(&state, |db| {
        subgroups::move_student(db, split_id, student_id, subgroup_id)?;
        subgroups::detail(db, split_id, today())
    })
}

#[tauri::command]
pub fn subgroup_rename(state: State<AppSession>, id: i64, name: String) -> CmdResult<Subgroup> {
    with_db(&state, |db| subgroups::rename_subgroup(db, id, &name))
}

#[tauri::command]
pub fn subgroup_add(state: State<AppSession>, split_id: i64) -> CmdResult<Subgroup> {
    with_db(&state, |db| subgroups::add_subgroup(db, split_id))
}

#[tauri::command]
pub fn subgroup_delete(state: State<AppSession>, id: i64) -> CmdResult<()> {
    with_db(&state, |db| subgroups::delete_subgroup(db, id))
}
