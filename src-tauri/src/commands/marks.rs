//! «Отметки»: the periods of a class, its marks sheet, marks and lessons missed written from the
//! grid, the subjects a grade assesses pass/fail, and closing or reopening a period (one class or
//! the whole school) with the register of those acts. Times of closing are the local clock's.

use super::{with_db, AppSession, CmdResult};
use serde::Deserialize;
use tauri::State;
use zavuch_core::marks::closure::{self, ClosedClasses, ClosureEvent};
use zavuch_core::marks::{self, AbsenceEntry, MarkEntry, MarkSheet, MarkValue, Period, PeriodInfo};
use zavuch_core::{CoreError, FieldError, Problem};

/// The local time of a closing or reopening, as the register keeps it.
fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

#[tauri::command]
pub fn marks_periods(state: State<AppSession>, class_id: i64) -> CmdResult<Vec<PeriodInfo>> {
    with_db(&state, |db| marks::periods(db, class_id))
}

#[tauri::command]
pub fn marks_sheet(
    state: State<AppSession>,
    class_id: i64,
    period: Period,
) -> CmdResult<MarkSheet> {
    with_db(&state, |db| marks::sheet(db, class_id, period))
}

/// A cell of the grid as typed or pasted: «5», «зч», «н/а»; empty clears it.
#[derive(Debug, Deserialize)]
pub struct TypedMark {
    pub student_id: i64,
    pub subject_id: i64,
    pub text: String,
}

/// Reads typed cells with the core's own reading of marks; text that is no mark is refused as
/// `marks.N`, like the core's errors of the same cells.
fn read_marks(cells: &[TypedMark]) -> zavuch_core::Result<Vec<MarkEntry>> {
    let mut errors = Vec::new();
    let mut entries = Vec::with_capacity(cells.len());
    for (i, cell) in cells.iter().enumerate() {
        let text = cell.text.trim();
        let value = if text.is_empty() {
            None
        } else if let Some(value) = MarkValue::parse(text) {
            Some(value)
        } else {
            let problem = Problem::NotAMark {
                text: text.to_string(),
            };
            errors.push(FieldError::new(format!("marks.{i}"), problem));
            continue;
        };
        entries.push(MarkEntry {
            student_id: cell.student_id,
            subject_id: cell.subject_id,
            value,
        });
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Writes the typed cells in one transaction, all or none.
#[tauri::command]
pub fn marks_set(
    state: State<AppSession>,
    class_id: i64,
    period: Period,
    cells: Vec<TypedMark>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        marks::set_marks(db, class_id, period, &read_marks(&cells)?)
    })
}

#[tauri::command]
pub fn marks_set_absences(
    state: State<AppSession>,
    class_id: i64,
    period: Period,
    entries: Vec<AbsenceEntry>,
) -> CmdResult<()> {
    with_db(&state, |db| {
        marks::set_absences(db, class_id, period, &entries)
    })
}

/// Ids of the subjects the grade assesses «зачтено» / «не зачтено» in the year.
#[tauri::command]
pub fn marks_pass_fail(state: State<AppSession>, year_id: i64, grade: i32) -> CmdResult<Vec<i64>> {
    with_db(&state, |db| marks::pass_fail_subjects(db, year_id, grade))
}

#[tauri::command]
pub fn marks_set_pass_fail(
    state: State<AppSession>,
    year_id: i64,
    grade: i32,
    subject_id: i64,
    pass_fail: bool,
) -> CmdResult<()> {
    with_db(&state, |db| {
        marks::set_pass_fail(db, year_id, grade, subject_id, pass_fail)
    })
}

/// Closes the class's period; false when it was closed already.
#[tauri::command]
pub fn marks_close(state: State<AppSession>, class_id: i64, period: Period) -> CmdResult<bool> {
    with_db(&state, |db| closure::close(db, class_id, period, now()))
}

#[tauri::command]
pub fn marks_reopen(
    state: State<AppSession>,
    class_id: i64,
    period: Period,
    reason: String,
) -> CmdResult<()> {
    with_db(&state, |db| {
        closure::reopen(db, class_id, period, &reason, now())
    })
}

/// Closes the period named `name` («1 четверть») for every class of the year that has it.
#[tauri::command]
pub fn marks_close_school(
    state: State<AppSession>,
    year_id: i64,
    name: String,
) -> CmdResult<ClosedClasses> {
    with_db(&state, |db| {
        closure::close_school(db, year_id, &name, now())
    })
}

#[tauri::command]
pub fn marks_closure_events(
    state: State<AppSession>,
    year_id: i64,
) -> CmdResult<Vec<ClosureEvent>> {
    with_db(&state, |db| closure::events(db, year_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TypedMark {
        TypedMark {
            student_id: 1,
            subject_id: 2,
            text: text.into(),
        }
    }

    #[test]
    fn typed_cells_read_as_the_core_reads_marks() {
        let entries = read_marks(&[typed("5"), typed(" зч "), typed("")]).unwrap();
        let values: Vec<_> = entries.iter().map(|e| e.value).collect();
        assert_eq!(
            values,
            [Some(MarkValue::Five), Some(MarkValue::Passed), None]
        );
    }

    #[test]
    fn text_that_is_no_mark_is_refused_at_its_cell() {
        let Err(CoreError::Invalid(errors)) = read_marks(&[typed("5"), typed("7")]) else {
            panic!("«7» was taken for a mark");
        };
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "marks.1");
        assert_eq!(errors[0].code, "not_a_mark");
        assert!(
            errors[0].message.contains("«7» — не отметка"),
            "{}",
            errors[0].message
        );
    }
}
