//! The student roster as a spreadsheet: import (with a preview), export and the empty template,
//! on the exchange engine (see docs/import-formats.md).
//!
//! Two layouts are read as they are: the one-class template of seed 000, appendix 8
//! (`№ личного дела | Фамилия | Имя | Отчество | Пол | Дата рождения | Приказ о зачислении:
//! Серия, Номер, Дата`), imported into a class the caller names, and the whole-school roster with
//! a «Класс» column in front. A row matches the one student with its full name and birth date,
//! else the student with its personal file number (so a file may renumber students). A new
//! student without a number gets the next one of the school's numbering (`file_numbers`); a
//! class to create gets the school's defaults (`classes::defaults`). The preview tells both, and
//! each class's size before and after (`report`). The import
//! writes nothing while the file has errors (unless only the valid rows are asked for), backs up
//! the database file first and writes in one transaction, which a [`Cancel`] rolls back.

use crate::classes::{self, Class};
use crate::db::Db;
use crate::error::{Check, CoreError, Problem, Result};
use crate::exchange::import::{self as common, today, Early};
use crate::exchange::{
    name_columns, Cancel, CellError, CellKind, ColumnSpec, Format, Preview, Record, RowOutcome,
    Table, Workbook,
};
use crate::file_numbers::{Numbering, Pattern};
use crate::movement;
use crate::people::{self, Order, Sex};
use crate::students::{self, Student, USUAL_AGE};
use crate::year;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use class_labels::{Classes, NewClass};
use plan::*;
pub use report::{Arriving, ClassChange, GivenNumber, Report, PRIMARY_MAX_CLASS_SIZE};
pub use write::{export, export_in_year, template};

/// What the user chose for an import.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, ts_rs::TS)]
#[ts(export, rename = "RosterOptions")]
pub struct Options {
    /// The class a one-class file is imported into; in a whole-school file, the class of rows
    /// whose «Класс» cell is empty.
    pub class: Option<String>,
    /// Create the classes the file names that the current year does not have.
    pub create_classes: bool,
    /// Import the valid rows of a file with errors (otherwise such a file imports nothing).
    pub valid_only: bool,
    /// Only preview: write nothing.
    pub dry_run: bool,
}

/// The roster format: the whole-school layout (the «Класс» column is optional, so the
/// one-class template reads too) and the combined name columns other systems export.
pub fn format() -> Format {
    let mut columns = vec![
        ColumnSpec::optional("class", &["Класс"], CellKind::Text),
        // Older systems export no numbers: the school's numbering gives them.
        ColumnSpec::optional(
            "file_no",
            &["№ личного дела", "Номер личного дела", "Личное дело"],
            CellKind::Text,
        ),
    ];
    columns.extend(name_columns());
    columns.extend([
        ColumnSpec::required("sex", &["Пол(м,ж)", "Пол"], CellKind::Sex),
        ColumnSpec::required("birth_date", &["Дата рождения"], CellKind::Date),
        ColumnSpec::optional(
            "order_series",
            &["Приказ о зачислении: Серия"],
            CellKind::Text,
        ),
        ColumnSpec::optional(
            "order_number",
            &["Приказ о зачислении: Номер"],
            CellKind::Text,
        ),
        ColumnSpec::optional("order_date", &["Приказ о зачислении: Дата"], CellKind::Date),
    ]);
    columns.extend(facts::columns());
    Format::new("Список учащихся", columns)
}

/// The one-class layout of appendix 8: the roster without the «Класс» column.
fn one_class_format() -> Format {
    let mut f = format();
    f.columns.retain(|c| c.key != "class");
    f
}

/// The class a row goes to: one the year has, or one the import creates.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Existing(i64),
    New(Arc<NewClass>),
}

/// A valid row and what it does.
#[derive(Debug)]
struct Planned {
    /// The row of the file.
    row: u32,
    student: Student,
    /// The enrolment order of a file with its columns (the arrival of a new student, the order
    /// of a known student's last arrival); None when the file has no such columns.
    order: Option<Order>,
    /// The row gives a known student another file number (the old one is freed first).
    renumbers: bool,
    target: Target,
    outcome: RowOutcome,
    /// A known student's class of the current year, and whether they count in its size today.
    was_in: Option<(i64, bool)>,
    /// The file number was given by the school's numbering (the row had none).
    numbered: bool,
}

/// What the file would do: the preview and the rows to write.
struct Plan {
    preview: Report,
    rows: Vec<Planned>,
    /// The year the rows go to.
    year_id: i64,
    /// Every row to write was handed to the plan's `stream` as it was planned (not when the
    /// file renumbers students: their old numbers are freed before any row is written).
    streamed: bool,
}

/// Whether errors keep the import from writing anything.
pub fn blocked(preview: &Preview, options: &Options) -> bool {
    common::blocked(preview, options.valid_only)
}

/// What importing the file would do, writing nothing.
pub fn preview(db: &Db, path: &Path, options: &Options) -> Result<Report> {
    let book = Workbook::open(path)?;
    Ok(plan(
        db,
        &book,
        options,
        year::current(db)?.as_ref(),
        today(),
        &mut |_, _| {},
        &mut |_| {},
        &Cancel::default(),
    )?
    .preview)
}

/// Imports the file: the preview, then (unless it is a dry run or errors block it) a backup of
/// the database file and the write in one transaction. Returns what was (or would be) done.
pub fn import(db: &Db, path: &Path, options: &Options) -> Result<Report> {
    import_with_progress(db, path, options, &mut |_, _| {}, &Cancel::default())
}

/// What a copy made before this import names.
const WHAT: &str = "ученики";

/// [`import`] telling `progress(rows done, rows in all)` as the rows are checked (every 50
/// rows and at the end), for a progress bar on large files, and stopping when `cancel` is
/// asked: then everything is rolled back and the error is [`Problem::ImportCancelled`].
pub fn import_with_progress(
    db: &Db,
    path: &Path,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<Report> {
    let today = today();
    // The backup is copied while the file is read and checked (on another thread).
    match common::start_backup(db, options.dry_run, WHAT) {
        // Then the rows are written as they are planned, rolled back if the plan says so.
        Early::Started(backup, _) => {
            stream::import(db, path, options, today, progress, cancel, backup)
        }
        later @ Early::Later(_) => {
            let book = Workbook::open(path)?;
            let year = year::current(db)?;
            let plan = plan(
                db,
                &book,
                options,
                year.as_ref(),
                today,
                progress,
                &mut |_| {},
                cancel,
            )?;
            write_plan(db, plan, options, today, cancel, later)
        }
    }
}

/// The file imported into `year` (the rollover's first grades and arrivals, into the next
/// year) inside the caller's transaction, which took the backup: the plan, then the rows unless
/// errors block them or it is a dry run. Classes the file names that the year lacks are made
/// as `options` says. Returns the preview.
pub(crate) fn import_into_year(
    db: &Db,
    path: &Path,
    options: &Options,
    year: &year::AcademicYear,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report> {
    let book = Workbook::open(path)?;
    let cancel = Cancel::default();
    let plan = plan(
        db,
        &book,
        options,
        Some(year),
        today,
        progress,
        &mut |_| {},
        &cancel,
    )?;
    if !options.dry_run && !blocked(&plan.preview, options) {
        write_rows(db, db.conn(), &plan.rows, plan.year_id, today, &cancel)?;
    }
    Ok(plan.preview)
}

/// [`import_with_progress`] of a workbook already read, backed up when it writes.
#[cfg(test)]
fn import_book(
    db: &Db,
    book: &Workbook,
    options: &Options,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<Report> {
    let year = year::current(db)?;
    let plan = plan(
        db,
        book,
        options,
        year.as_ref(),
        today,
        progress,
        &mut |_| {},
        cancel,
    )?;
    write_plan(db, plan, options, today, cancel, Early::Later(WHAT))
}

/// Writes what the plan found (see [`common::write_after_backup`]).
fn write_plan(
    db: &Db,
    plan: Plan,
    options: &Options,
    today: NaiveDate,
    cancel: &Cancel,
    backup: Early,
) -> Result<Report> {
    let changes = plan.rows.iter().any(|r| r.outcome != RowOutcome::Unchanged);
    common::write_after_backup(
        db,
        backup,
        plan.preview,
        options.dry_run,
        options.valid_only,
        changes,
        |conn| write_rows(db, conn, &plan.rows, plan.year_id, today, cancel),
    )
}

/// The rows of the plan written in the import's transaction: classes created, file numbers
/// moved, students added or updated.
fn write_rows(
    db: &Db,
    conn: &rusqlite::Connection,
    rows: &[Planned],
    academic_year_id: i64,
    today: NaiveDate,
    cancel: &Cancel,
) -> Result<()> {
    let mut writer = RowWriter::new(db, conn, academic_year_id, today)?;
    // Numbers the file moves between students are freed before any card is written, so no
    // write meets a number a later row gives up.
    for row in rows.iter().filter(|r| r.renumbers) {
        if let Some(id) = row.student.id {
            students::release_file_number(conn, id)?;
        }
    }
    std::thread::scope(|scope| {
        let mut cards = new_cards(scope, rows);
        // Freed once the helper is done: freed while it allocates, they cost both threads the
        // allocator's lock.
        let mut used = Vec::with_capacity(rows.len());
        for row in rows {
            cancel.check()?;
            if row.outcome == RowOutcome::Unchanged {
                continue;
            }
            if is_new(row) {
                // A helper that stopped (it cannot, short of a panic) leaves the rest here.
                let card = cards
                    .next()
                    .unwrap_or_else(|| students::NewCard::of(&row.student));
                debug_assert!(std::ptr::eq(card.student(), &row.student));
                writer.add(&card, &row.target, row.order.as_ref())?;
                used.push(card);
            } else {
                writer.update(row.student.clone(), &row.target, row.order.as_ref())?;
            }
        }
        drop(cards);
        drop(used);
        Ok(())
    })
}

/// Writes the rows of a plan inside the import's transaction: the classes to create (each
/// when a row first needs it) and the students added or updated. Every card passed the card
/// check while the plan was made (nothing was written since), so only the write is left;
/// errors still roll the whole import back.
struct RowWriter<'c> {
    db: &'c Db,
    conn: &'c rusqlite::Connection,
    academic_year_id: i64,
    today: NaiveDate,
    created: HashMap<(i32, String), i64>,
    new_students: students::NewStudents<'c>,
}

impl<'c> RowWriter<'c> {
    fn new(
        db: &'c Db,
        conn: &'c rusqlite::Connection,
        academic_year_id: i64,
        today: NaiveDate,
    ) -> Result<RowWriter<'c>> {
        Ok(RowWriter {
            db,
            conn,
            academic_year_id,
            today,
            created: HashMap::new(),
            new_students: students::NewStudents::new(conn)?,
        })
    }

    /// The class a row goes to, created the first time a row needs it.
    fn class_id(&mut self, target: &Target) -> Result<i64> {
        let new = match target {
            Target::Existing(id) => return Ok(*id),
            Target::New(new) => new,
        };
        let key = (new.grade, new.letter.clone());
        if let Some(id) = self.created.get(&key) {
            return Ok(*id);
        }
        let id = create_class(self.db, self.academic_year_id, new, self.today)?;
        self.created.insert(key, id);
        Ok(id)
    }

    /// Adds the new student of `card` to the row's class, enrolled by the row's order.
    fn add(
        &mut self,
        card: &students::NewCard,
        target: &Target,
        order: Option<&Order>,
    ) -> Result<()> {
        let class_id = self.class_id(target)?;
        self.new_students
            .add(card, class_id, order.unwrap_or(&Order::default()))?;
        Ok(())
    }

    /// Writes a known student's card, placed in the row's class, with the row's enrolment order
    /// when the file has one.
    fn update(
        &mut self,
        mut student: Student,
        target: &Target,
        order: Option<&Order>,
    ) -> Result<()> {
        student.class_id = Some(self.class_id(target)?);
        let id = students::write_checked(self.conn, &student)?;
        if let Some(order) = order {
            movement::set_enrolment_order(self.conn, id, order)?;
        }
        Ok(())
    }
}

/// Whether the write adds the row's student as a new one.
fn is_new(row: &Planned) -> bool {
    row.outcome != RowOutcome::Unchanged && row.student.id.is_none()
}

/// The cards of the new students of `rows`, in order, prepared on another thread while the
/// write inserts the ones before (the cleaning and the keys are about a fifth of a new
/// student's write). Handed over in batches, so the threads rarely wait for each other; when
/// the write stops early, the helper stops at its next batch.
fn new_cards<'scope, 'env: 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    rows: &'env [Planned],
) -> impl Iterator<Item = students::NewCard<'env>> + 'scope {
    const BATCH: usize = 128;
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<students::NewCard>>(4);
    scope.spawn(move || {
        let mut cards = rows
            .iter()
            .filter(|r| is_new(r))
            .map(|r| students::NewCard::of(&r.student));
        loop {
            let batch: Vec<_> = cards.by_ref().take(BATCH).collect();
            if batch.is_empty() || batches.send(batch).is_err() {
                break;
            }
        }
    });
    received.into_iter().flatten()
}

/// Creates a class the plan found missing, with the defaults the plan showed.
fn create_class(db: &Db, academic_year_id: i64, new: &NewClass, today: NaiveDate) -> Result<i64> {
    let class = Class {
        shift: NewClass::SHIFT,
        term_scheme_id: new.defaults.term_scheme_id,
        bell_schedule_id: new.defaults.bell_schedule_id,
        ..Class::new(academic_year_id, new.grade, &new.letter)
    };
    let saved = classes::save(db, &class, today)?;
    saved.value.id.ok_or(CoreError::NotFound { what: "Класс" })
}

mod class_labels;
mod facts;
mod plan;
mod report;
mod stream;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_facts;
#[cfg(test)]
mod tests_preview;
mod write;
