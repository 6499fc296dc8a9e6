//! An import's write made while its plan is still being made: the rows are written on another
//! thread, through a connection of its own, as soon as they are planned, in the one
//! transaction of the import, begun once the backup of the file is complete. Whether that
//! transaction is committed is decided when the plan is complete, by the same rule as
//! without a thread ([`common::write_after_backup`]): a file with errors (unless only its
//! valid rows are asked for), a cancel or a plan that changes nothing roll it back, and the
//! backup of a write rolled back so is deleted. A file that renumbers students is written
//! after its plan as before (its old numbers are freed before any row is written).

use super::{plan, write_plan, Options, Plan, Planned, Report, RowWriter, Target};
use crate::audit;
use crate::backup::{self, Pending};
use crate::db::Db;
use crate::error::{CoreError, Problem, Result};
use crate::exchange::import as common;
use crate::exchange::import::Early;
use crate::exchange::{Cancel, RowOutcome, Workbook};
use crate::people::Order;
use crate::students::{NewCard, Student};
use crate::year::{self, AcademicYear};
use chrono::NaiveDate;
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};

/// The rows written, handed back to the planning thread, which allocated them, to be freed
/// there: freed on the writing thread while the other one allocates, they cost both threads
/// the allocator's lock (about a fifth of the whole import, measured).
type Spent = Vec<Vec<Write>>;

/// Rows handed to the writing thread at once: it rarely waits, and is rarely woken.
const BATCH: usize = 64;

/// A planned row as the writing thread needs it: its own copy, the new card's columns
/// already computed (by the planning thread, which has time to spare).
enum Write {
    New(NewCard<'static>, Target, Option<Order>),
    Update(Student, Target, Option<Order>),
}

impl Write {
    fn of(row: &Planned) -> Write {
        let (target, order) = (row.target.clone(), row.order.clone());
        if super::is_new(row) {
            Write::New(NewCard::owned(row.student.clone()), target, order)
        } else {
            Write::Update(row.student.clone(), target, order)
        }
    }
}

/// Where and when the writing thread writes: the year of the import, the day it checks against,
/// and the user's cancel.
struct WriteTo<'a> {
    year_id: Option<i64>,
    today: NaiveDate,
    cancel: &'a Cancel,
}

enum Message {
    Rows(Vec<Write>),
    /// The plan is complete: commit (true) or roll back.
    Finish(bool),
}

/// How the writing thread ended.
enum Streamed {
    /// It began no write: the backup is handed back (still to be waited for, or deleted).
    Unused(Pending),
    /// It wrote after the copy `copy` was complete (None: the copy failed): committed
    /// (`Ok(true)`), rolled back as it was told (`Ok(false)`), or failed and rolled back.
    Began {
        copy: Option<String>,
        committed: Result<bool>,
    },
}

/// [`super::import_with_progress`] with the backup under way: the plan is made here, the rows
/// written on another thread meanwhile.
pub(super) fn import(
    db: &Db,
    path: &Path,
    options: &Options,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
    backup: Pending,
) -> Result<Report> {
    let year = year::current(db)?;
    let Some(file) = db.path() else {
        // No file, no second connection (a backup is only made of a file).
        let book = Workbook::open(path)?;
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
        return write_plan(
            db,
            plan,
            options,
            today,
            cancel,
            Early::Started(backup, super::WHAT),
        );
    };
    let year_id = year.as_ref().and_then(|y| y.id);
    std::thread::scope(|scope| {
        let (sender, received) = channel();
        let (spent_sender, spent) = channel();
        let into = WriteTo {
            year_id,
            today,
            cancel,
        };
        let writer = scope.spawn(move || write(file, backup, received, spent_sender, into));
        let planned = plan_streaming(
            db,
            path,
            options,
            year.as_ref(),
            today,
            progress,
            cancel,
            &sender,
        );
        let commit = planned
            .as_ref()
            .is_ok_and(|plan| plan.streamed && writes(plan, options));
        // A writer stopped by an error has nothing more to hear.
        let _ = sender.send(Message::Finish(commit));
        drop(sender);
        // Freed while the commit is synced to disk.
        drop(spent.recv());
        let streamed = match writer.join() {
            Ok(streamed) => streamed,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match streamed {
            // Nothing written yet (a file that renumbers students or writes nothing, or a
            // second connection that could not be opened): written as without a thread.
            Streamed::Unused(backup) => write_plan(
                db,
                planned?,
                options,
                today,
                cancel,
                Early::Started(backup, super::WHAT),
            ),
            Streamed::Began { copy, committed } => match (planned, committed) {
                (Ok(plan), Ok(true)) => Ok(plan.preview),
                // The write failed: rolled back; its backup is kept, as of any failed write.
                (Ok(_), Err(e)) if commit => Err(e),
                (planned, _) => {
                    // No write after all (errors, a cancel): only a write keeps its backup.
                    if let Some(id) = copy {
                        let _ = backup::discard(file, &id);
                    }
                    Ok(planned?.preview)
                }
            },
        }
    })
}

/// Whether the plan writes: what [`common::write_after_backup`] asks.
fn writes(plan: &Plan, options: &Options) -> bool {
    !options.dry_run
        && !common::blocked(&plan.preview, options.valid_only)
        && plan.rows.iter().any(|r| r.outcome != RowOutcome::Unchanged)
}

/// Reads the file and makes the plan, sending the rows to write in batches as they come.
#[allow(clippy::too_many_arguments)]
fn plan_streaming(
    db: &Db,
    path: &Path,
    options: &Options,
    year: Option<&AcademicYear>,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
    sender: &Sender<Message>,
) -> Result<Plan> {
    let book = Workbook::open(path)?;
    let mut batch = Vec::with_capacity(BATCH);
    // A send fails only when the writer has stopped (an error): the plan goes on, the
    // error is told once it is complete.
    let plan = plan(
        db,
        &book,
        options,
        year,
        today,
        progress,
        &mut |row| {
            if row.outcome != RowOutcome::Unchanged {
                batch.push(Write::of(row));
            }
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                let _ = sender.send(Message::Rows(full));
            }
        },
        cancel,
    )?;
    if !batch.is_empty() {
        let _ = sender.send(Message::Rows(batch));
    }
    Ok(plan)
}

/// The writing thread: opens its connection while the file is read, waits for the first rows,
/// then for the backup, and writes in one transaction until told to commit or roll back (the
/// channel closed without a word, by an error of the plan, rolls back too).
fn write(
    file: &Path,
    backup: Pending,
    received: Receiver<Message>,
    spent_sender: Sender<Spent>,
    into: WriteTo,
) -> Streamed {
    let WriteTo {
        year_id,
        today,
        cancel,
    } = into;
    // Without a current year the plan refuses the file: nothing to write.
    let (Ok(db), Some(year_id)) = (Db::open_again(file), year_id) else {
        return Streamed::Unused(backup);
    };
    let mut batch = match received.recv() {
        Ok(Message::Rows(rows)) => rows,
        _ => return Streamed::Unused(backup),
    };
    let mut backup = backup;
    if let Err(e) = backup.copied() {
        return Streamed::Began {
            copy: None,
            committed: Err(e),
        };
    }
    let mut told_to_roll_back = false;
    let mut spent = Spent::new();
    let (mut added, mut updated) = (0, 0);
    let written = db.write(|conn| {
        let mut writer = RowWriter::new(&db, conn, year_id, today)?;
        // The new students go into the change log as one entry with the counts; the students it
        // changes, one by one.
        audit::quietly(conn, || loop {
            for row in &batch {
                cancel.check()?;
                match row {
                    Write::New(card, target, order) => {
                        writer.add(card, target, order.as_ref())?;
                        added += 1;
                    }
                    Write::Update(student, target, order) => {
                        writer.update(student.clone(), target, order.as_ref())?;
                        updated += 1;
                    }
                }
            }
            spent.push(batch);
            batch = match received.recv() {
                Ok(Message::Rows(rows)) => rows,
                Ok(Message::Finish(true)) => {
                    let _ = spent_sender.send(std::mem::take(&mut spent));
                    return Ok(());
                }
                Ok(Message::Finish(false)) | Err(_) => {
                    told_to_roll_back = true;
                    // Any error rolls the transaction back; this one is not reported.
                    return Err(CoreError::refused("import", Problem::ImportCancelled));
                }
            };
        })?;
        audit::record(conn, audit::import(super::WHAT, added, updated))
    });
    // Not sent before the commit (a failure or a rollback): sent now.
    let _ = spent_sender.send(spent);
    let committed = match written {
        Ok(()) => Ok(true),
        Err(_) if told_to_roll_back => Ok(false),
        Err(e) => Err(e),
    };
    Streamed::Began {
        copy: backup::listed(backup),
        committed,
    }
}
