//! The student roster as a spreadsheet: import (with a preview), export and the empty template,
//! on the exchange engine (see docs/import-formats.md).
//!
//! Two layouts are read as they are: the one-class template of seed 000, appendix 8
//! (`№ личного дела | Фамилия | Имя | Отчество | Пол | Дата рождения | Приказ о зачислении:
//! Серия, Номер, Дата`), imported into a class the caller names, and the whole-school roster with
//! a «Класс» column in front. A row matches a student by the personal file number, else by
//! full name and birth date. The import writes nothing while the file has errors (unless only
//! the valid rows are asked for), backs up the database file first and writes in one
//! transaction.

use crate::classes::{self, Class, ClassKind};
use crate::db::Db;
use crate::error::{CoreError, Problem, Result};
use crate::exchange::{
    CellError, CellKind, ColumnSpec, Format, OutRow, Preview, Record, RowOutcome, Table, Value,
    Workbook,
};
use crate::people::{self, Order, Sex};
use crate::students::{self, Student, StudyForm, USUAL_AGE};
use crate::year;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
    let split = |parts: &[&str]| CellKind::Split(parts.iter().map(|p| p.to_string()).collect());
    Format::new(
        "Список учащихся",
        vec![
            ColumnSpec::optional("class", &["Класс"], CellKind::Text),
            ColumnSpec::required(
                "file_no",
                &["№ личного дела", "Номер личного дела", "Личное дело"],
                CellKind::Text,
            ),
            ColumnSpec::required("last_name", &["Фамилия"], CellKind::Name),
            ColumnSpec::required("first_name", &["Имя"], CellKind::Name),
            ColumnSpec::optional("patronymic", &["Отчество"], CellKind::Name),
            ColumnSpec::optional(
                "full_name",
                &["ФИО", "Фамилия Имя Отчество", "Фамилия, имя, отчество"],
                split(&["last_name", "first_name", "patronymic"]),
            ),
            ColumnSpec::optional(
                "first_and_patronymic",
                &["Имя Отчество", "Имя, отчество"],
                split(&["first_name", "patronymic"]),
            ),
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
        ],
    )
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
    New(i32, String),
}

/// A valid row and what it does.
#[derive(Debug)]
struct Planned {
    student: Student,
    target: Target,
    outcome: RowOutcome,
}

/// What the file would do: the preview and the rows to write.
struct Plan {
    preview: Preview,
    rows: Vec<Planned>,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Whether errors keep the import from writing anything.
pub fn blocked(preview: &Preview, options: &Options) -> bool {
    preview.has_errors() && !options.valid_only
}

/// What importing the file would do, writing nothing.
pub fn preview(db: &Db, path: &Path, options: &Options) -> Result<Preview> {
    let book = Workbook::open(path)?;
    Ok(plan(db, &book, options, today(), &mut |_, _| {})?.preview)
}

/// Imports the file: the preview, then (unless it is a dry run or errors block it) a backup of
/// the database file and the write in one transaction. Returns what was (or would be) done.
pub fn import(db: &Db, path: &Path, options: &Options) -> Result<Preview> {
    import_with_progress(db, path, options, &mut |_, _| {})
}

/// [`import`] telling `progress(rows done, rows in all)` as the rows are checked (every 50
/// rows and at the end), for a progress bar on large files.
pub fn import_with_progress(
    db: &Db,
    path: &Path,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Preview> {
    let book = Workbook::open(path)?;
    import_book(db, &book, options, today(), progress)
}

fn import_book(
    db: &Db,
    book: &Workbook,
    options: &Options,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Preview> {
    let plan = plan(db, book, options, today, progress)?;
    let changes = plan.rows.iter().any(|r| r.outcome != RowOutcome::Unchanged);
    if options.dry_run || blocked(&plan.preview, options) || !changes {
        return Ok(plan.preview);
    }
    if let Some(file) = db.path() {
        db.backup_to(&backup_path(file))?;
    }
    let academic_year_id = current_year_id(db)?;
    db.write(|_| {
        let mut created: HashMap<(i32, String), i64> = HashMap::new();
        for row in &plan.rows {
            if row.outcome == RowOutcome::Unchanged {
                continue;
            }
            let class_id = match &row.target {
                Target::Existing(id) => *id,
                Target::New(grade, letter) => {
                    let key = (*grade, letter.clone());
                    match created.get(&key) {
                        Some(id) => *id,
                        None => {
                            let id = create_class(db, academic_year_id, *grade, letter, today)?;
                            created.insert(key, id);
                            id
                        }
                    }
                }
            };
            let mut s = row.student.clone();
            s.class_id = Some(class_id);
            // The card passed students::check while the plan was made (nothing was written
            // since), so only the write is left; errors still roll the whole import back.
            students::write_checked(db.conn(), &s)?;
        }
        Ok(())
    })?;
    Ok(plan.preview)
}

/// `<file>.before-import-<timestamp>.zavuch`, next to the database file.
fn backup_path(file: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut name = file.as_os_str().to_os_string();
    name.push(format!(".before-import-{stamp}.zavuch"));
    PathBuf::from(name)
}

fn create_class(
    db: &Db,
    academic_year_id: i64,
    grade: i32,
    letter: &str,
    today: NaiveDate,
) -> Result<i64> {
    let class = Class {
        id: None,
        academic_year_id,
        grade,
        letter: letter.to_string(),
        kind: ClassKind::General,
        profile: None,
        shift: 1,
        term_scheme_id: None,
        bell_schedule_id: None,
        room_id: None,
        class_teacher_id: None,
        note: String::new(),
    };
    let saved = classes::save(db, &class, today)?;
    saved.value.id.ok_or(CoreError::NotFound { what: "Класс" })
}

fn current_year_id(db: &Db) -> Result<i64> {
    year::current(db)?
        .and_then(|y| y.id)
        .ok_or_else(|| CoreError::refused("class", Problem::NoCurrentYear))
}

/// The students as the import matches rows to them, read once per import instead of one query
/// per row: by personal file number key, else by name key and birth date (as stored).
struct Known {
    by_file_number: HashMap<String, i64>,
    by_person: HashMap<(String, String), Vec<i64>>,
}

impl Known {
    fn load(db: &Db) -> Result<Known> {
        let mut known = Known {
            by_file_number: HashMap::new(),
            by_person: HashMap::new(),
        };
        let mut stmt = db
            .conn()
            .prepare("SELECT id, file_number_key, name_key, birth_date FROM student ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let file_key: String = r.get(1)?;
            if !file_key.is_empty() {
                known.by_file_number.insert(file_key, id);
            }
            known
                .by_person
                .entry((r.get(2)?, r.get(3)?))
                .or_default()
                .push(id);
        }
        Ok(known)
    }

    /// As [`students::find_by_file_number`].
    fn by_file_number(&self, file_number: &str) -> Option<i64> {
        let key = people::code_key(file_number);
        if key.is_empty() {
            return None;
        }
        self.by_file_number.get(&key).copied()
    }

    /// As [`students::find_by_person`].
    fn by_person(&self, last: &str, first: &str, patronymic: &str, birth: NaiveDate) -> &[i64] {
        let key = (
            people::name_key(last, first, patronymic),
            birth.format("%F").to_string(),
        );
        self.by_person.get(&key).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Resolves a class label of the current year.
fn resolve_class(
    db: &Db,
    academic_year_id: i64,
    text: &str,
    create: bool,
) -> Result<std::result::Result<Target, Problem>> {
    let Some((grade, letter)) = classes::parse_label(text) else {
        return Ok(Err(Problem::NotAClass {
            value: text.to_string(),
        }));
    };
    if let Some(class) = classes::find_by_label(db, academic_year_id, text)? {
        return Ok(Ok(Target::Existing(class.id.unwrap_or_default())));
    }
    if create {
        Ok(Ok(Target::New(grade, letter)))
    } else {
        Ok(Err(Problem::UnknownClass {
            label: classes::label(grade, &letter),
        }))
    }
}

fn plan(
    db: &Db,
    book: &Workbook,
    options: &Options,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Plan> {
    let failed = |errors| {
        Ok(Plan {
            preview: Preview::failed(errors),
            rows: Vec::new(),
        })
    };
    let Some(year) = year::current(db)? else {
        return failed(vec![CellError::new(0, "", &Problem::NoCurrentYear)]);
    };
    let academic_year_id = year.id.unwrap_or_default();
    let september = year
        .starts_on
        .or(year::default_for(today).starts_on)
        .unwrap_or(today);
    let format = format();
    let table = match format.locate(book) {
        Ok(table) => table,
        Err(errors) => return failed(errors),
    };
    let default_class = match options.class.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => {
            match resolve_class(db, academic_year_id, text, options.create_classes)? {
                Ok(target) => Some(target),
                Err(problem) => return failed(vec![CellError::new(0, "", &problem)]),
            }
        }
        _ => None,
    };
    if default_class.is_none() && !table.has("class") {
        return failed(vec![CellError::new(0, "", &Problem::ClassNotGiven)]);
    }

    let known = Known::load(db)?;
    let mut preview = Preview::default();
    let mut rows = Vec::new();
    let mut seen_numbers: HashMap<String, u32> = HashMap::new();
    let mut class_cache: HashMap<String, std::result::Result<Target, Problem>> = HashMap::new();
    let total = table.len();
    for (done, mut rec) in table.records().enumerate() {
        if done % 50 == 0 {
            progress(done, total);
        }
        if let Some(b) = rec.date("birth_date") {
            if b > today {
                rec.fail("birth_date", &Problem::BirthDateInFuture);
            }
        }
        if let Some(number) = rec.text("file_no").map(str::to_string) {
            let key = people::code_key(&number);
            match seen_numbers.get(&key) {
                Some(first) => {
                    let first = *first;
                    rec.fail(
                        "file_no",
                        &Problem::FileNumberRepeated { number, row: first },
                    );
                }
                None => {
                    seen_numbers.insert(key, rec.row);
                }
            }
        }
        let target = match rec.text("class").map(str::to_string) {
            Some(text) => {
                let key = people::code_key(&text);
                let resolved = match class_cache.get(&key) {
                    Some(r) => r.clone(),
                    None => {
                        let r = resolve_class(db, academic_year_id, &text, options.create_classes)?;
                        class_cache.insert(key, r.clone());
                        r
                    }
                };
                match resolved {
                    Ok(target) => Some(target),
                    Err(problem) => {
                        rec.fail("class", &problem);
                        None
                    }
                }
            }
            None if rec.has_error("class") => None,
            None => match &default_class {
                Some(t) => Some(t.clone()),
                None => {
                    rec.fail("class", &Problem::ClassNotGiven);
                    None
                }
            },
        };
        warn(&mut rec, september);
        let planned = match target {
            Some(target) if rec.is_valid() => {
                plan_row(db, &known, &table, &mut rec, target, today)?
            }
            _ => None,
        };
        preview.errors.extend(rec.errors.iter().cloned());
        preview.warnings.extend(rec.warnings.iter().cloned());
        if let Some(p) = planned {
            preview.count(p.outcome);
            rows.push(p);
        }
    }
    progress(total, total);
    preview.sort();
    Ok(Plan { preview, rows })
}

/// Warnings that do not block: an unusual age on 1 September, a sex the patronymic disagrees with.
fn warn(rec: &mut Record, september: NaiveDate) {
    if let Some(b) = rec.date("birth_date") {
        let age = people::age_on(b, september);
        if !(USUAL_AGE.0..=USUAL_AGE.1).contains(&age) && !rec.has_error("birth_date") {
            rec.warn(
                "birth_date",
                &Problem::UnusualAge {
                    age: age.into(),
                    on: september.format("%d.%m.%Y").to_string(),
                },
            );
        }
    }
    if let (Some(sex), Some(patronymic)) = (rec.sex("sex"), rec.text("patronymic")) {
        if people::sex_by_patronymic(patronymic).is_some_and(|s| s != sex) {
            rec.warn(
                "sex",
                &Problem::SexDisagreesWithPatronymic {
                    sex: sex.label().to_lowercase(),
                },
            );
        }
    }
}

/// Matches a valid row to a student and tells what importing it does; the card's own rules
/// (students::check) add their errors to the row.
fn plan_row(
    db: &Db,
    known: &Known,
    table: &Table,
    rec: &mut Record,
    target: Target,
    today: NaiveDate,
) -> Result<Option<Planned>> {
    let text = |key: &str| rec.text(key).map(people::clean).unwrap_or_default();
    let file_number = text("file_no");
    let (last, first) = (text("last_name"), text("first_name"));
    let patronymic = text("patronymic");
    let birth_date = rec.date("birth_date");
    let sex = rec.sex("sex").unwrap_or(Sex::Male);
    let order = Order {
        series: text("order_series"),
        number: text("order_number"),
        date: rec.date("order_date"),
    };
    let mut id = known.by_file_number(&file_number);
    if id.is_none() {
        if let Some(b) = birth_date {
            let found = known.by_person(&last, &first, &patronymic, b);
            if found.len() == 1 {
                id = Some(found[0]);
            }
        }
    }
    let has_order =
        table.has("order_series") || table.has("order_number") || table.has("order_date");
    let (student, stored) = match id {
        Some(id) => {
            let stored = students::get(db, id)?;
            let mut s = stored.clone();
            s.file_number = file_number;
            s.last_name = last;
            s.first_name = first;
            if table.has("patronymic") {
                s.patronymic = patronymic;
            }
            s.sex = sex;
            s.birth_date = birth_date;
            if has_order {
                s.enrolment_order = order;
            }
            (s, Some(stored))
        }
        None => (
            Student {
                id: None,
                file_number,
                last_name: last,
                first_name: first,
                patronymic,
                sex,
                birth_date,
                citizenship: String::new(),
                registered_address: String::new(),
                actual_address: String::new(),
                snils: String::new(),
                study_form: StudyForm::FullTime,
                enrolled_on: order.date,
                enrolment_order: order,
                departed_on: None,
                departure_reason: None,
                departure_destination: String::new(),
                departure_order: Order::default(),
                note: String::new(),
                class_id: None,
            },
            None,
        ),
    };
    let mut checked = student.clone();
    checked.class_id = match &target {
        Target::Existing(id) => Some(*id),
        Target::New(..) => None,
    };
    match students::check(db, &checked, today) {
        Ok(_) => {}
        Err(CoreError::Invalid(fields)) => {
            for f in fields {
                let key = match f.field.as_str() {
                    "file_number" => "file_no",
                    "enrolment_order.date" | "enrolled_on" => "order_date",
                    "enrolment_order.number" => "order_number",
                    "enrolment_order.series" => "order_series",
                    other => other,
                };
                rec.errors.push(CellError {
                    row: rec.row,
                    column: table.header(key).unwrap_or_default().to_string(),
                    message: f.message,
                    code: "student_card",
                });
            }
            return Ok(None);
        }
        Err(e) => return Err(e),
    }
    let outcome = match stored {
        None => RowOutcome::Added,
        Some(stored) => {
            let same_class =
                matches!(&target, Target::Existing(id) if stored.class_id == Some(*id));
            if same_class && stored == student {
                RowOutcome::Unchanged
            } else {
                RowOutcome::Updated
            }
        }
    };
    Ok(Some(Planned {
        student,
        target,
        outcome,
    }))
}

/// Writes the students of the current year (of one class when `class` names it) studying today
/// (see [`export_day`]) in the whole-school layout; returns how many rows were written.
pub fn export(db: &Db, class: Option<&str>, path: &Path) -> Result<usize> {
    let academic_year_id = current_year_id(db)?;
    let class_id = match class.map(str::trim).filter(|c| !c.is_empty()) {
        Some(text) => match resolve_class(db, academic_year_id, text, false)? {
            Ok(Target::Existing(id)) => Some(id),
            Ok(Target::New(..)) => unreachable!("not created on export"),
            Err(problem) => return Err(CoreError::refused("class", problem)),
        },
        None => None,
    };
    let list = students::list(db, academic_year_id, class_id, Some(export_day(db)?))?;
    let rows: Vec<OutRow> = list
        .iter()
        .map(|s| {
            let mut row = OutRow::new();
            row.insert("class", Value::text(s.class_label.clone()));
            row.insert("file_no", Value::text(s.file_number.clone()));
            row.insert("last_name", Value::text(s.last_name.clone()));
            row.insert("first_name", Value::text(s.first_name.clone()));
            row.insert("patronymic", Value::text(s.patronymic.clone()));
            row.insert("sex", Value::Sex(s.sex));
            row.insert("birth_date", Value::Date(s.birth_date));
            row.insert(
                "order_series",
                Value::text(s.enrolment_order.series.clone()),
            );
            row.insert(
                "order_number",
                Value::text(s.enrolment_order.number.clone()),
            );
            row.insert("order_date", s.enrolment_order.date.into());
            row
        })
        .collect();
    format().save_xlsx(path, None, &rows)?;
    Ok(rows.len())
}

/// The day whose students an export lists: today, moved into the current year (its first day
/// while the year is being prepared, its last after it ended).
fn export_day(db: &Db) -> Result<NaiveDate> {
    let mut day = today();
    if let Some(y) = year::current(db)? {
        if let Some(starts) = y.starts_on.filter(|s| day < *s) {
            day = starts;
        }
        if let Some(ends) = y.ends_on.filter(|e| day > *e) {
            day = ends;
        }
    }
    Ok(day)
}

/// The empty template: the whole-school layout, or the one-class layout of appendix 8.
pub fn template(path: &Path, whole_school: bool) -> Result<()> {
    let format = if whole_school {
        format()
    } else {
        one_class_format()
    };
    std::fs::write(path, format.template_xlsx()?)?;
    Ok(())
}

#[cfg(test)]
mod tests;
