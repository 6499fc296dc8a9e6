//! What the class ledgers of a period share: the data (a class's marks sheet with its heading:
//! school, year, class, period, class teacher, deputy head), the title and the certification
//! block, the file names, and printing a ledger for every class of the school at once, one PDF
//! per class into a folder or one combined PDF, with progress and cancellation.
//!
//! The forms themselves are [`super::ledger`] («Сводная ведомость итоговой успеваемости») and
//! [`super::attendance`] («Сводная ведомость учёта посещаемости»); [`LedgerForm`] names them.

use super::{documents, school_name};
use crate::choice::choice_enum;
use crate::db::{ru_key, Db};
use crate::error::{At, CoreError, Problem, Result};
use crate::exchange::Cancel;
use crate::marks::{self, MarkSheet, Period, PeriodKind};
use crate::people;
use crate::print::{Certification, DateLine, Document, PageNumbers, PageSetup, TitleBlock};
use crate::school;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};
use ts_rs::TS;

choice_enum! {
    /// A ledger printed per class for a period.
    pub enum LedgerForm (fallback Marks) {
        Marks = "marks", "Сводная ведомость итоговой успеваемости";
        Attendance = "attendance", "Сводная ведомость учёта посещаемости";
    }
}

impl LedgerForm {
    /// What the form is about, for file names: «успеваемости», «посещаемости».
    fn topic(self) -> &'static str {
        match self {
            LedgerForm::Marks => "успеваемости",
            LedgerForm::Attendance => "посещаемости",
        }
    }

    /// The page: the marks ledger needs the width of a landscape page for its subjects.
    fn setup(self) -> PageSetup {
        match self {
            LedgerForm::Marks => PageSetup::a4_landscape(),
            LedgerForm::Attendance => PageSetup::a4_portrait(),
        }
    }

    /// The ledger of the class for the period (attendance: terms only).
    pub fn load(self, db: &Db, class_id: i64, period: Period) -> Result<ClassLedger> {
        if self == LedgerForm::Attendance && period.kind != PeriodKind::Term {
            return Err(CoreError::refused("period", Problem::AbsencesOnlyPerTerm));
        }
        ClassLedger::load(db, class_id, period)
    }

    /// Lays out the class's ledger from the cursor of `doc` (a page of the form's setup).
    fn render(self, doc: &mut Document, ledger: &ClassLedger) {
        match self {
            LedgerForm::Marks => super::ledger::render(doc, ledger),
            LedgerForm::Attendance => super::attendance::render(doc, ledger),
        }
    }

    /// The class's ledger as a PDF of its own.
    pub fn pdf(self, ledger: &ClassLedger) -> Vec<u8> {
        let mut doc = self.document(&ledger.heading.school, &document_stem(self, ledger));
        self.render(&mut doc, ledger);
        doc.finish()
    }

    fn document(self, school: &str, title: &str) -> Document {
        Document::new(self.setup())
            .pdf_title(title)
            .running_header(school)
            // A ledger is one page a class: its number would only take room from the table.
            .page_numbers(PageNumbers::None)
    }
}

/// The heading of a class's ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub school: String,
    /// «2026-2027».
    pub year: String,
    /// «5 А».
    pub class: String,
    /// «1 четверть», «Год».
    pub period: String,
    /// «Фамилия И. О.», empty when the class has none.
    pub class_teacher: String,
    /// «Фамилия И. О.» of the deputy head for teaching (заместитель директора по УВР), empty
    /// when the school has none.
    pub deputy_head: String,
}

/// A class's sheet for a period with its heading: everything a ledger prints.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassLedger {
    pub heading: Heading,
    pub sheet: MarkSheet,
}

impl ClassLedger {
    /// The sheet of the class for the period (`marks::sheet`) and its heading; the deputy head
    /// is the one working today.
    pub fn load(db: &Db, class_id: i64, period: Period) -> Result<ClassLedger> {
        let sheet = marks::sheet(db, class_id, period)?;
        let school = school_name(&school::get(db)?);
        let deputy_head = deputy_head(db, chrono::Local::now().date_naive())?;
        Ok(ClassLedger::new(sheet, school, deputy_head))
    }

    pub(crate) fn new(sheet: MarkSheet, school: String, deputy_head: String) -> ClassLedger {
        let heading = Heading {
            school,
            year: sheet.year_name.clone(),
            class: sheet.class_label.clone(),
            period: sheet.period.name.clone(),
            class_teacher: sheet.class_teacher.clone(),
            deputy_head,
        };
        ClassLedger { heading, sheet }
    }
}

/// The positions whose holder signs a ledger as deputy head, as `ru_key` has them.
const DEPUTY_HEAD_POSITIONS: [&str; 2] = [
    "заместитель директора по учебно-воспитательной работе",
    "заместитель директора по увр",
];

/// «Фамилия И. О.» of the staff member holding the deputy head's position on `on`; of several,
/// the one appointed first (then in alphabetical order); empty when nobody holds it.
pub fn deputy_head(db: &Db, on: NaiveDate) -> Result<String> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT p.name, m.last_name, m.first_name, m.patronymic
           FROM appointment a
           JOIN staff_member m ON m.id = a.staff_member_id
           JOIN staff_position p ON p.id = a.staff_position_id
          WHERE (a.hired_on IS NULL OR a.hired_on <= ?1)
            AND (a.left_on IS NULL OR a.left_on >= ?1)
          ORDER BY a.hired_on IS NULL, a.hired_on, m.last_name, m.first_name, m.id",
    )?;
    let rows = stmt.query_map([on], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (position, last, first, patronymic) = row?;
        if DEPUTY_HEAD_POSITIONS.contains(&ru_key(position.trim()).as_str()) {
            return Ok(people::short_name(&last, &first, &patronymic));
        }
    }
    Ok(String::new())
}

/// The title block: the form's name, then the class, period, year and class teacher on one
/// line (the school is the running header).
pub(crate) fn title_block(form: LedgerForm, heading: &Heading) -> TitleBlock {
    let teacher = if heading.class_teacher.is_empty() {
        "не назначен"
    } else {
        heading.class_teacher.as_str()
    };
    TitleBlock::new(form.label())
        .line(format!(
            "Класс: {}     Период: {}     Учебный год: {}     Классный руководитель: {teacher}",
            heading.class, heading.period, heading.year
        ))
        .sizes(12.0, 10.0)
        .space_after(2.0)
}

/// «/ Фамилия И. О. /» after the signature line, as ledgers are signed; an empty name leaves
/// the line to write it on.
fn deciphered(name: &str) -> String {
    if name.trim().is_empty() {
        String::new()
    } else {
        format!("/ {} /", name.trim())
    }
}

/// The class teacher's and the deputy head's signatures side by side, the date line, «М.П.».
pub(crate) fn certification(heading: &Heading) -> Certification {
    Certification::new()
        .signatory("Классный руководитель", deciphered(&heading.class_teacher))
        .signatory(
            "Заместитель директора по УВР",
            deciphered(&heading.deputy_head),
        )
        .columns(2)
        .font_size(10.0)
        .space_before(3.0)
        .date(DateLine::Blank)
        .stamp()
}

/// «Сводная ведомость успеваемости 5 А, 1 четверть 2026-2027».
fn document_stem(form: LedgerForm, ledger: &ClassLedger) -> String {
    let h = &ledger.heading;
    format!(
        "Сводная ведомость {} {}, {} {}",
        form.topic(),
        h.class,
        h.period,
        h.year
    )
}

/// The file name of one class's ledger in «Документы Завуча».
pub fn document_name(form: LedgerForm, ledger: &ClassLedger) -> String {
    documents::file_name(&document_stem(form, ledger), "pdf")
}

/// A class's file in a folder of the whole school's ledgers: «2026-2027, 1 четверть, 5 А.pdf».
pub fn class_file_name(heading: &Heading) -> String {
    documents::file_name(
        &format!("{}, {}, {}", heading.year, heading.period, heading.class),
        "pdf",
    )
}

/// Where the whole school's ledgers go in «Документы Завуча»: a folder for per-class files, or
/// the combined file: «Ведомости успеваемости, 2026-2027, 1 четверть».
pub fn school_stem(form: LedgerForm, year: &str, period: &str) -> String {
    format!(
        "Ведомости {}, {year}, {}",
        form.topic(),
        people::clean(period)
    )
}

/// Where the whole school's ledgers go in `dir` («Документы Завуча»): the folder, or with
/// `combined` the file, named by [`school_stem`].
pub fn school_target(
    dir: &Path,
    form: LedgerForm,
    year: &str,
    period: &str,
    combined: bool,
) -> Target {
    let file = documents::file_name(&school_stem(form, year, period), "pdf");
    if combined {
        Target::Combined(dir.join(file))
    } else {
        Target::Folder(dir.join(file.trim_end_matches(".pdf")))
    }
}

/// Where the whole school's ledgers are written.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// One PDF per class, named by [`class_file_name`], in this folder (created when missing).
    Folder(PathBuf),
    /// All classes in this one PDF, a class from a new page.
    Combined(PathBuf),
}

/// What printing the whole school made.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SchoolLedgers {
    /// The files written: one per class, or the combined one.
    #[ts(type = "string[]")]
    pub files: Vec<PathBuf>,
    /// The classes printed, in order («2 А», …).
    pub classes: Vec<String>,
}

/// The classes of the year that have the period (`marks::classes_with_period`: grade 1 has no
/// marks, a half-year class no «1 четверть»), refused when none has it.
fn school_classes(db: &Db, year_id: i64, period: &str) -> Result<Vec<(i64, Period)>> {
    let list = marks::classes_with_period(db, year_id, period)?;
    if list.is_empty() {
        return Err(CoreError::refused(
            "period",
            Problem::UnknownPeriod {
                name: period.to_string(),
                known: year_periods(db, year_id)?
                    .iter()
                    .map(|n| format!("«{n}»"))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        ));
    }
    Ok(list.into_iter().map(|(id, p)| (id, p.period)).collect())
}

/// Prints `form` for every class of the year that has the period named `period`, into
/// `target`; `progress(done, total)` is called after each class, and `cancel` is checked
/// before each (the classes written so far stay, [`Problem::PrintCancelled`] says how many).
/// Per-class files are rendered on all cores while the next classes are read.
pub fn print_school(
    db: &Db,
    year_id: i64,
    period: &str,
    form: LedgerForm,
    target: &Target,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<SchoolLedgers> {
    let classes = school_classes(db, year_id, period)?;
    let school = school_name(&school::get(db)?);
    let deputy = deputy_head(db, chrono::Local::now().date_naive())?;
    let load = |(class_id, period): (i64, Period)| -> Result<ClassLedger> {
        if form == LedgerForm::Attendance && period.kind != PeriodKind::Term {
            return Err(CoreError::refused("period", Problem::AbsencesOnlyPerTerm));
        }
        Ok(ClassLedger::new(
            marks::sheet(db, class_id, period)?,
            school.clone(),
            deputy.clone(),
        ))
    };
    let total = classes.len();
    let stopped = |done| CoreError::refused("cancel", Problem::PrintCancelled { done, total });
    match target {
        Target::Combined(path) => {
            let (year, name) = year_and_period(db, year_id, period)?;
            let mut doc = form.document(&school, &school_stem(form, &year, &name));
            let mut printed = Vec::with_capacity(total);
            for (i, class) in classes.into_iter().enumerate() {
                if cancel.is_cancelled() {
                    return Err(stopped(i));
                }
                let ledger = load(class)?;
                if i > 0 {
                    doc.new_page();
                }
                form.render(&mut doc, &ledger);
                printed.push(ledger.heading.class);
                progress(i + 1, total);
            }
            documents::write(path, &doc.finish())?;
            Ok(SchoolLedgers {
                files: vec![path.clone()],
                classes: printed,
            })
        }
        Target::Folder(dir) => {
            std::fs::create_dir_all(dir).at(dir)?;
            let mut out = SchoolLedgers {
                files: Vec::with_capacity(total),
                classes: Vec::with_capacity(total),
            };
            in_parallel(
                classes.into_iter().map(load),
                cancel,
                |ledger| {
                    (
                        class_file_name(&ledger.heading),
                        ledger.heading.class.clone(),
                        form.pdf(ledger),
                    )
                },
                |(name, class, bytes)| {
                    out.files.push(documents::save(dir, &name, &bytes)?);
                    out.classes.push(class);
                    progress(out.files.len(), total);
                    Ok(())
                },
            )
            .map_err(|e| match e {
                Stop::Cancelled => stopped(out.files.len()),
                Stop::Failed(e) => e,
            })?;
            Ok(out)
        }
    }
}

/// The periods the classes of the year have (grade 1 has none), «1 четверть», …, «Год», each
/// once, in the order of the first class that has it: what the whole school may be printed for.
pub fn year_periods(db: &Db, year_id: i64) -> Result<Vec<String>> {
    let mut stmt = db.conn().prepare(
        "SELECT id FROM class WHERE academic_year_id = ?1 AND grade >= 2 ORDER BY grade",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([year_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut names: Vec<String> = Vec::new();
    for id in ids {
        for p in marks::periods(db, id)? {
            if !names.contains(&p.name) {
                names.push(p.name);
            }
        }
    }
    Ok(names)
}

/// The year's name and the period as the classes call it («1 четверть» for «1 ЧЕТВЕРТЬ»).
fn year_and_period(db: &Db, year_id: i64, period: &str) -> Result<(String, String)> {
    let year = crate::year::list(db)?
        .into_iter()
        .find(|y| y.id == Some(year_id))
        .map(|y| y.name)
        .unwrap_or_default();
    let name = marks::classes_with_period(db, year_id, period)?
        .into_iter()
        .next()
        .map_or_else(|| people::clean(period), |(_, p)| p.name);
    Ok((year, name))
}

enum Stop {
    Cancelled,
    Failed(CoreError),
}

impl From<CoreError> for Stop {
    fn from(e: CoreError) -> Stop {
        Stop::Failed(e)
    }
}

/// Reads `items` one after another on this thread (the database connection stays here), hands
/// each to `work` on the other cores, and passes the results to `finish` on this thread in the
/// order they come; stops at the first error or when `cancel` is set.
fn in_parallel<T: Send, R: Send>(
    items: impl Iterator<Item = Result<T>>,
    cancel: &Cancel,
    work: impl Fn(&T) -> R + Sync,
    mut finish: impl FnMut(R) -> Result<()>,
) -> std::result::Result<(), Stop> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let (job_tx, job_rx) = mpsc::sync_channel::<T>(workers * 2);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<R>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (job_rx, done_tx, work) = (&job_rx, done_tx.clone(), &work);
            scope.spawn(move || loop {
                let job = job_rx.lock().map(|rx| rx.recv());
                let Ok(Ok(item)) = job else { break };
                if done_tx.send(work(&item)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut result = Ok(());
        for item in items {
            if cancel.is_cancelled() {
                result = Err(Stop::Cancelled);
                break;
            }
            let sent = item.map_err(Stop::from).and_then(|item| {
                job_tx.send(item).map_err(|_| {
                    Stop::Failed(CoreError::Io(std::io::Error::other(
                        "остановился поток печати",
                    )))
                })
            });
            if let Err(e) = sent {
                result = Err(e);
                break;
            }
            while let Ok(done) = done_rx.try_recv() {
                if let Err(e) = finish(done) {
                    result = Err(e.into());
                    break;
                }
            }
            if result.is_err() {
                break;
            }
        }
        // No more jobs: the workers finish what they have, then end.
        drop(job_tx);
        for done in done_rx {
            if result.is_ok() {
                if cancel.is_cancelled() {
                    result = Err(Stop::Cancelled);
                } else if let Err(e) = finish(done) {
                    result = Err(e.into());
                }
            }
        }
        result
    })
}
