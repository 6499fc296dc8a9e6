//! What an import shows before anything is written: how many rows it would add, update or leave
//! unchanged, and every problem with its row and column.

use crate::error::{CoreError, Problem, Result};
use serde::Serialize;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use ts_rs::TS;

/// How far a long import has got: for the progress bar («обработано N из M»).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

/// The user's request to stop a long import, shared between the import (which checks it as it
/// goes) and whoever may ask for it (the window's «Отменить» button). Clones share one flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Asks the import to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Clears an earlier request, before the next import starts.
    pub fn reset(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// [`Problem::ImportCancelled`] once the stop was asked for: returned from inside the
    /// import's transaction, it rolls everything back.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(CoreError::refused("import", Problem::ImportCancelled))
        } else {
            Ok(())
        }
    }
}

/// A problem in one cell: `row` as the spreadsheet program shows it, `column` the header text as
/// in the file (a merged group header reads «Приказ о зачислении: Дата»). A problem with the file
/// as a whole has row 0 and an empty column. `code` is the [`Problem`] code for tests and the
/// CLI; it is not serialised, so the JSON stays `{"row","column","message"}`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CellError {
    pub row: u32,
    pub column: String,
    pub message: String,
    #[serde(skip)]
    #[ts(skip)]
    pub code: &'static str,
}

impl CellError {
    pub fn new(row: u32, column: impl Into<String>, problem: &Problem) -> CellError {
        CellError {
            row,
            column: column.into(),
            message: problem.to_string(),
            code: problem.code(),
        }
    }
}

/// «строка 7, столбец «Дата рождения»: 31.02.2012 — нет такой даты. …»
impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, self.column.is_empty()) {
            (0, true) => write!(f, "{}", self.message),
            (0, false) => write!(f, "столбец «{}»: {}", self.column, self.message),
            (row, true) => write!(f, "строка {row}: {}", self.message),
            (row, false) => write!(
                f,
                "строка {row}, столбец «{}»: {}",
                self.column, self.message
            ),
        }
    }
}

/// What one valid row would do to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOutcome {
    Added,
    Updated,
    Unchanged,
}

/// The preview of an import, and after it the report of what was done. Its JSON is what
/// `zavuch-cli import … --json` prints:
/// `{"added":N,"updated":N,"unchanged":N,"errors":[{"row":R,"column":"…","message":"…"}],"warnings":[…]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Preview {
    #[ts(type = "number")]
    pub added: i64,
    #[ts(type = "number")]
    pub updated: i64,
    #[ts(type = "number")]
    pub unchanged: i64,
    pub errors: Vec<CellError>,
    /// Shown but not blocking (an unusual age, a name in Latin letters).
    pub warnings: Vec<CellError>,
}

impl AsRef<Preview> for Preview {
    fn as_ref(&self) -> &Preview {
        self
    }
}

impl Preview {
    /// A preview of a file that could not be read as the format at all (no header row, a
    /// required column missing).
    pub fn failed(errors: Vec<CellError>) -> Preview {
        Preview {
            errors,
            ..Preview::default()
        }
    }

    pub fn count(&mut self, outcome: RowOutcome) {
        match outcome {
            RowOutcome::Added => self.added += 1,
            RowOutcome::Updated => self.updated += 1,
            RowOutcome::Unchanged => self.unchanged += 1,
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Whether loading only the valid rows would change anything: worth offering only then
    /// (a file where no row is valid, or whose valid rows change nothing, is not).
    pub fn valid_rows_change(&self) -> bool {
        self.added + self.updated > 0
    }

    /// Adds to each problem's text what `remedy` says about its code: how the front end showing
    /// it asks for what is missing (the app names its controls, the CLI its flags), which the
    /// core's text leaves out.
    pub fn with_remedies(mut self, remedy: impl Fn(&str) -> Option<&'static str>) -> Preview {
        for e in self.errors.iter_mut().chain(self.warnings.iter_mut()) {
            if let Some(more) = remedy(e.code) {
                e.message = format!("{} {more}", e.message);
            }
        }
        self
    }

    /// Errors in file order: by row, then as found.
    pub fn sort(&mut self) {
        self.errors.sort_by_key(|e| e.row);
        self.warnings.sort_by_key(|e| e.row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_is_shared_by_clones_and_reset() {
        let cancel = Cancel::default();
        let asked_by_window = cancel.clone();
        assert!(cancel.check().is_ok());
        asked_by_window.cancel();
        let err = cancel.check().unwrap_err();
        assert_eq!(err.fields()[0].code, "import_cancelled");
        assert_eq!(
            err.payload().message,
            "Импорт отменён, в базе ничего не изменилось."
        );
        cancel.reset();
        assert!(!asked_by_window.is_cancelled());
    }

    #[test]
    fn json_shape_is_what_the_cli_prints() {
        let mut p = Preview::default();
        p.count(RowOutcome::Added);
        p.count(RowOutcome::Unchanged);
        p.errors.push(CellError::new(
            7,
            "Дата рождения",
            &Problem::NoSuchDate {
                value: "31.02.2012".into(),
            },
        ));
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "added": 1, "updated": 0, "unchanged": 1,
                "errors": [{"row": 7, "column": "Дата рождения",
                            "message": "31.02.2012 — нет такой даты. Проверьте день и месяц."}],
                "warnings": []
            })
        );
        assert_eq!(
            p.errors[0].to_string(),
            "строка 7, столбец «Дата рождения»: 31.02.2012 — нет такой даты. Проверьте день и месяц."
        );
        assert_eq!(p.errors[0].code, "no_such_date");
    }

    #[test]
    fn each_front_end_adds_its_own_remedy_to_the_codes_it_knows() {
        let p = Preview::failed(vec![
            CellError::new(0, "", &Problem::ClassNotGiven),
            CellError::new(3, "Пол", &Problem::EmptyCell),
        ])
        .with_remedies(|code| (code == "class_not_given").then_some("Выберите класс."));
        assert_eq!(
            p.errors[0].message,
            "Не указан класс: неясно, в какой класс загружать ученика. Выберите класс."
        );
        assert_eq!(p.errors[1].message, Problem::EmptyCell.to_string());
    }
}
