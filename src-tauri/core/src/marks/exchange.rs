//! A class's marks for one period as a spreadsheet: import (with a preview), export and the
//! template with the class's students and subjects, on the exchange engine (see
//! docs/import-formats.md, «Отметки класса за период»).
//!
//! One row per student: `№ | № личного дела | ФИО | <a column per subject> | Пропущено уроков |
//! из них по болезни` (the absences for terms only). A row is the student with its personal file
//! number, else with its full name; a subject column is the subject with that full or short
//! name. An empty cell clears the stored mark (or absence) only where the file has the column,
//! and a subject the student does not study is left alone, so an exported sheet imports back
//! unchanged. The import writes through [`set_marks`] and [`set_absences`], so every rule of the
//! marks holds (a closed period, the curriculum, the kind of assessment), in one transaction
//! after a backup of the database file.

use super::{
    check_absence, check_entry, class_info, member_names, pass_fail_ids, set_absences, set_marks,
    sheet, AbsenceEntry, ClassInfo, MarkEntry, MarkSheet, MarkValue, Period, PeriodKind,
    SheetStudent, Studies,
};
use crate::db::{ru_key, Db};
use crate::error::{CoreError, Problem, Result};
use crate::exchange::import as common;
use crate::exchange::{
    fold_spaces, header_key, Cancel, Cell, CellError, CellKind, ColumnSpec, Format, OutRow,
    Preview, Record, Row, RowOutcome, Table, Value, Workbook,
};
use crate::people;
use rusqlite::Connection;
use serde::Deserialize;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// What the user chose for an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, ts_rs::TS)]
#[ts(export, rename = "MarksImportOptions")]
pub struct Options {
    /// Import the valid rows of a file with errors (otherwise such a file imports nothing).
    pub valid_only: bool,
    /// Only preview: write nothing.
    pub dry_run: bool,
}

/// The columns that say who a row is about.
fn student_columns() -> Vec<ColumnSpec> {
    vec![
        // The number in the list is shown, not read: the order of the file does not matter.
        ColumnSpec::optional("number", &["№", "№ п/п"], CellKind::Text),
        ColumnSpec::optional(
            "file_no",
            &["№ личного дела", "Номер личного дела", "Личное дело"],
            CellKind::Text,
        ),
        // Text, not a checked name: the name only finds a student of the class.
        ColumnSpec::optional(
            "full_name",
            &[
                "ФИО",
                "Фамилия Имя Отчество",
                "Фамилия, имя, отчество",
                "ФИО обучающегося",
                "Обучающийся",
                "Ученик",
            ],
            CellKind::Text,
        ),
    ]
}

/// The absence columns, of a term's sheet.
fn absence_columns() -> Vec<ColumnSpec> {
    vec![
        ColumnSpec::optional(
            "missed",
            &[
                "Пропущено уроков",
                "Пропущено",
                "Пропущено уроков всего",
                "Всего пропущено уроков",
            ],
            CellKind::Integer,
        ),
        ColumnSpec::optional(
            "ill",
            &["из них по болезни", "По болезни", "Пропущено по болезни"],
            CellKind::Integer,
        ),
    ]
}

/// The format an import reads: who the row is about, the name in parts as other systems write
/// it, and the absences. The subject columns are the file's other columns, matched by the import
/// itself: the engine takes a header for a column when they agree without the remarks in
/// brackets, and «Иностранный язык (немецкий)» is not «Иностранный язык (английский)».
pub fn format() -> Format {
    let mut columns = student_columns();
    columns.extend([
        ColumnSpec::optional("last_name", &["Фамилия"], CellKind::Text),
        ColumnSpec::optional("first_name", &["Имя"], CellKind::Text),
        ColumnSpec::optional("patronymic", &["Отчество"], CellKind::Text),
    ]);
    columns.extend(absence_columns());
    Format::new("Отметки", columns)
}

/// The layout exports and templates write: `№ | № личного дела | ФИО`, the sheet's subjects by
/// full name (a drop-down of the marks the subject takes), the absences of a term.
fn written_format(sheet: &MarkSheet) -> Format {
    let mut columns = student_columns();
    for (k, s) in sheet.subjects.iter().enumerate() {
        let marks = MarkValue::ALL
            .iter()
            .filter(|v| v.fits(s.pass_fail))
            .map(|v| v.short().to_string())
            .collect();
        columns.push(ColumnSpec::optional(
            &subject_key(k),
            &[s.name.as_str()],
            CellKind::Choice(marks),
        ));
    }
    if is_term(sheet) {
        columns.extend(absence_columns());
    }
    Format::new("Отметки", columns)
}

fn subject_key(k: usize) -> String {
    format!("subject.{k}")
}

fn is_term(sheet: &MarkSheet) -> bool {
    sheet.period.period.kind == PeriodKind::Term
}

/// «Отметки 5 А класса за период «1 четверть», 2026-2027 учебный год» above the header.
fn title(sheet: &MarkSheet) -> String {
    format!(
        "Отметки {} класса за период «{}», {} учебный год",
        sheet.class_label, sheet.period.name, sheet.year_name
    )
}

/// The sheet in the import's layout: the marks and absences too when `with_values`, else only
/// the students (the template). Returns how many students were written.
fn write(sheet: &MarkSheet, path: &Path, with_values: bool) -> Result<usize> {
    let format = written_format(sheet);
    // Subject columns follow the student columns in the order of the sheet.
    let subjects = &format.columns[student_columns().len()..];
    let rows: Vec<OutRow> = sheet
        .students
        .iter()
        .map(|s| {
            let mut row = OutRow::new();
            row.insert("number", Value::Integer(s.number.into()));
            row.insert("file_no", Value::text(s.file_number.clone()));
            row.insert("full_name", Value::text(s.full_name.clone()));
            if with_values {
                for (spec, (mark, studies)) in subjects.iter().zip(s.marks.iter().zip(&s.studies)) {
                    // A subject the student does not study stays empty (see `read_marks`).
                    if let Some(mark) = mark.filter(|_| *studies) {
                        row.insert(spec.key.as_str(), Value::text(mark.short()));
                    }
                }
                row.insert("missed", s.missed.map(i64::from).into());
                row.insert("ill", s.of_illness.map(i64::from).into());
            }
            row
        })
        .collect();
    format.save_xlsx(path, Some(&title(sheet)), &rows)?;
    Ok(rows.len())
}

/// Writes the class's marks of the period in the layout the import reads (importing it back
/// changes nothing); returns how many students were written. Refused for grade 1.
pub fn export(db: &Db, class_id: i64, period: Period, path: &Path) -> Result<usize> {
    write(&sheet(db, class_id, period)?, path, true)
}

/// The sheet to fill in: the class's students of the period and its subjects, no marks.
pub fn template(db: &Db, class_id: i64, period: Period, path: &Path) -> Result<()> {
    write(&sheet(db, class_id, period)?, path, false).map(|_| ())
}

/// What importing the file would do, writing nothing.
pub fn preview(db: &Db, path: &Path, class_id: i64, period: Period) -> Result<Preview> {
    let options = Options {
        dry_run: true,
        ..Options::default()
    };
    import(db, path, class_id, period, &options)
}

/// Imports the file into the class's period: the preview, then (unless it is a dry run or
/// errors block it) a backup of the database file and the write in one transaction. A closed
/// period is refused (a dry run shows it as an error of the file), grade 1 too.
pub fn import(
    db: &Db,
    path: &Path,
    class_id: i64,
    period: Period,
    options: &Options,
) -> Result<Preview> {
    import_with_progress(
        db,
        path,
        class_id,
        period,
        options,
        &mut |_, _| {},
        &Cancel::default(),
    )
}

/// [`import`] telling `progress(rows done, rows in all)` as the rows are checked, and stopping
/// when `cancel` is asked: then nothing is written and the error is
/// [`Problem::ImportCancelled`].
pub fn import_with_progress(
    db: &Db,
    path: &Path,
    class_id: i64,
    period: Period,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<Preview> {
    let sheet = sheet(db, class_id, period)?;
    if sheet.closed() && !options.dry_run {
        return Err(CoreError::refused("period", closed(&sheet)));
    }
    let backup = common::start_backup(db, options.dry_run, "отметки");
    let book = Workbook::open(path)?;
    import_book(db, &sheet, &book, options, progress, cancel, backup)
}

fn closed(sheet: &MarkSheet) -> Problem {
    Problem::PeriodClosed {
        period: sheet.period.name.clone(),
        class: sheet.class_label.clone(),
    }
}

fn import_book(
    db: &Db,
    sheet: &MarkSheet,
    book: &Workbook,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
    backup: common::Early,
) -> Result<Preview> {
    let plan = db.read(|conn| plan(conn, sheet, book, progress, cancel))?;
    let changes = !plan.marks.is_empty() || !plan.absences.is_empty();
    let (class_id, period) = (sheet.class_id, sheet.period.period);
    common::write_after_backup(
        db,
        backup,
        plan.preview,
        options.dry_run,
        options.valid_only,
        changes,
        |_| {
            cancel.check()?;
            if !plan.marks.is_empty() {
                set_marks(db, class_id, period, &plan.marks)?;
            }
            if !plan.absences.is_empty() {
                set_absences(db, class_id, period, &plan.absences)?;
            }
            cancel.check()
        },
    )
}

/// What the file would do: the preview and what to write (of the valid rows).
struct Plan {
    preview: Preview,
    marks: Vec<MarkEntry>,
    absences: Vec<AbsenceEntry>,
}

/// A subject column of the file: where it is, the sheet's subject it names, its header.
struct SubjectColumn {
    index: usize,
    subject: usize,
    header: String,
}

/// What the core's own checks of a cell need (the same as [`set_marks`] runs).
struct Rules<'c> {
    conn: &'c Connection,
    class: ClassInfo,
    studies: Studies,
    pass_fail: BTreeSet<i64>,
    members: HashMap<i64, String>,
}

fn plan(
    conn: &Connection,
    sheet: &MarkSheet,
    book: &Workbook,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<Plan> {
    let failed = |errors| {
        Ok(Plan {
            preview: Preview::failed(errors),
            marks: Vec::new(),
            absences: Vec::new(),
        })
    };
    let format = format();
    let table = match format.locate(book) {
        Ok(table) => table,
        Err(errors) => return failed(errors),
    };
    let names_the_student = table.has("file_no")
        || table.has("full_name")
        || (table.has("last_name") && table.has("first_name"));
    if !names_the_student {
        let name = "ФИО» или «№ личного дела".to_string();
        return failed(vec![CellError::new(
            table.header_rows.0,
            "",
            &Problem::MissingColumn { name },
        )]);
    }
    let mut preview = Preview::default();
    file_errors(&table, sheet, &mut preview.errors);
    let reader = RowReader {
        rules: Rules::read(conn, sheet)?,
        sheet,
        table: &table,
        columns: subject_columns(&table, sheet, &mut preview.errors),
        students: Students::of(sheet),
        rows: table.sheet.rows.iter().map(|r| (r.number, r)).collect(),
    };
    let mut seen = HashMap::new();
    let (mut marks, mut absences, mut read_rows) = (Vec::new(), Vec::new(), BTreeSet::new());
    let records = table.read_records();
    let total = records.len();
    for (done, mut rec) in records.into_iter().enumerate() {
        if done % 50 == 0 {
            progress(done, total);
        }
        cancel.check()?;
        read_rows.insert(rec.row);
        if let Some((row_marks, row_absence)) = reader.read(&mut rec, &mut seen) {
            let updated = !row_marks.is_empty() || row_absence.is_some();
            preview.count(if updated {
                RowOutcome::Updated
            } else {
                RowOutcome::Unchanged
            });
            marks.extend(row_marks);
            absences.extend(row_absence);
        }
        preview.errors.extend(rec.errors);
        preview.warnings.extend(rec.warnings);
    }
    progress(total, total);
    unread_rows(&table, &reader.columns, &read_rows, &mut preview.errors);
    preview.sort();
    Ok(Plan {
        preview,
        marks,
        absences,
    })
}

/// Errors of the file as a whole: a closed period (row 0), absence columns in a sheet that has
/// no absences (at the header).
fn file_errors(table: &Table, sheet: &MarkSheet, errors: &mut Vec<CellError>) {
    if sheet.closed() {
        errors.push(CellError::new(0, "", &closed(sheet)));
    }
    if !is_term(sheet) {
        for key in ["missed", "ill"] {
            if let Some(header) = table.header(key) {
                let problem = Problem::AbsencesOnlyPerTerm;
                errors.push(CellError::new(table.header_rows.0, header, &problem));
            }
        }
    }
}

impl<'c> Rules<'c> {
    fn read(conn: &'c Connection, sheet: &MarkSheet) -> Result<Rules<'c>> {
        let class = class_info(conn, sheet.class_id)?;
        Ok(Rules {
            conn,
            studies: Studies::read(conn, &class, &sheet.period)?,
            pass_fail: pass_fail_ids(conn, class.academic_year_id, class.grade)?,
            members: member_names(conn, &class, &sheet.period)?,
            class,
        })
    }
}

/// What reading a data row needs: the rules, the sheet, the file's columns and rows.
struct RowReader<'a> {
    rules: Rules<'a>,
    sheet: &'a MarkSheet,
    table: &'a Table<'a>,
    columns: Vec<SubjectColumn>,
    students: Students<'a>,
    rows: HashMap<u32, &'a Row>,
}

impl RowReader<'_> {
    /// The changes a row makes to its student's marks and absences, when it is about a student
    /// and has no errors (they go to `rec`). `seen`: the row each student was first met in.
    fn read(
        &self,
        rec: &mut Record,
        seen: &mut HashMap<usize, u32>,
    ) -> Option<(Vec<MarkEntry>, Option<AbsenceEntry>)> {
        let i = self.students.find(self.table, rec)?;
        let s = &self.sheet.students[i];
        match seen.entry(i) {
            Entry::Occupied(first) => {
                let problem = Problem::MarkRowRepeated {
                    row: *first.get(),
                    name: s.full_name.clone(),
                };
                rec.fail(who_column(self.table), &problem);
            }
            Entry::Vacant(place) => {
                place.insert(rec.row);
            }
        }
        let row = self.rows.get(&rec.row)?;
        let marks = read_marks(&self.rules, self.sheet, &self.columns, s, row, rec);
        let absence = if is_term(self.sheet) {
            read_absence(&self.rules, self.table, s, rec)
        } else {
            None
        };
        rec.is_valid().then_some((marks, absence))
    }
}

/// The column the errors about who a row is go to: the name's, else the file number's.
fn who_column(table: &Table) -> &'static str {
    ["full_name", "last_name", "file_no"]
        .into_iter()
        .find(|k| table.has(k))
        .unwrap_or("full_name")
}

/// The file's columns that are not the format's, as subjects of the sheet (by full or short
/// name, regardless of case, spaces, «ё» and a trailing dot). A column that is no subject of the
/// sheet, or a subject given twice, is an error at the header.
fn subject_columns(
    table: &Table,
    sheet: &MarkSheet,
    errors: &mut Vec<CellError>,
) -> Vec<SubjectColumn> {
    let header_row = table.header_rows.0;
    let mut columns: Vec<SubjectColumn> = Vec::new();
    for extra in table.extra_columns() {
        let key = header_key(&extra.header);
        let found = sheet.subjects.iter().position(|s| {
            header_key(&s.name) == key
                || (!s.short_name.is_empty() && header_key(&s.short_name) == key)
        });
        match found {
            Some(subject) if columns.iter().any(|c| c.subject == subject) => {
                let problem = Problem::DuplicateColumn {
                    name: sheet.subjects[subject].name.clone(),
                };
                errors.push(CellError::new(header_row, extra.header.clone(), &problem));
            }
            Some(subject) => columns.push(SubjectColumn {
                index: extra.index,
                subject,
                header: extra.header.clone(),
            }),
            None => {
                let problem = Problem::MarkSubjectColumnUnknown {
                    name: extra.header.clone(),
                    class: sheet.class_label.clone(),
                    period: sheet.period.name.clone(),
                    known: sheet
                        .subjects
                        .iter()
                        .map(|s| format!("«{}»", s.name))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                errors.push(CellError::new(header_row, extra.header.clone(), &problem));
            }
        }
    }
    columns
}

/// The marks of a row that differ from the stored ones, each cell checked by the marks' own
/// rules. An empty cell clears the mark; a subject the student does not study is left as it is
/// when its cell is empty (an export leaves it empty) and is an error when it is filled.
fn read_marks(
    rules: &Rules,
    sheet: &MarkSheet,
    columns: &[SubjectColumn],
    s: &SheetStudent,
    row: &Row,
    rec: &mut Record,
) -> Vec<MarkEntry> {
    let mut entries = Vec::new();
    for col in columns {
        let cell = row.cell(col.index);
        let value = if cell.is_blank() {
            if !s.studies[col.subject] {
                continue;
            }
            None
        } else {
            let text = fold_spaces(&cell.display());
            match MarkValue::parse(&text) {
                Some(v) => Some(v),
                None => {
                    let problem = Problem::NotAMark { text };
                    rec.errors
                        .push(CellError::new(rec.row, col.header.clone(), &problem));
                    continue;
                }
            }
        };
        let entry = MarkEntry {
            student_id: s.student_id,
            subject_id: sheet.subjects[col.subject].subject_id,
            value,
        };
        if let Err(problem) = check_entry(
            rules.conn,
            &rules.members,
            &rules.studies,
            &rules.pass_fail,
            &rules.class,
            &entry,
        ) {
            rec.errors
                .push(CellError::new(rec.row, col.header.clone(), &problem));
        } else if value != s.marks[col.subject] {
            entries.push(entry);
        }
    }
    entries
}

/// The row's absences when they differ from the stored ones. A column the file lacks keeps the
/// stored figure; an empty cell of a column it has clears it.
fn read_absence(
    rules: &Rules,
    table: &Table,
    s: &SheetStudent,
    rec: &mut Record,
) -> Option<AbsenceEntry> {
    let mut count = |key: &str, stored: Option<i32>| -> Option<i32> {
        if !table.has(key) {
            return stored;
        }
        let n = rec.integer(key)?;
        match i32::try_from(n) {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                rec.fail(key, &Problem::NotInRange { min: 0, max: 9999 });
                None
            }
        }
    };
    let missed = count("missed", s.missed);
    let of_illness = count("ill", s.of_illness);
    let in_file = table.has("missed") || table.has("ill");
    if !in_file || rec.has_error("missed") || rec.has_error("ill") {
        return None;
    }
    let entry = AbsenceEntry {
        student_id: s.student_id,
        missed,
        of_illness,
    };
    if let Err(problem) = check_absence(&rules.members, &rules.class, &entry) {
        rec.fail(if table.has("ill") { "ill" } else { "missed" }, &problem);
        return None;
    }
    // Stored, an entered pair has both figures (a missing one is 0).
    let stored = |m: Option<i32>, i: Option<i32>| {
        (m.is_some() || i.is_some()).then(|| (m.unwrap_or(0), i.unwrap_or(0)))
    };
    (stored(missed, of_illness) != stored(s.missed, s.of_illness)).then_some(entry)
}

/// Rows under the header the engine passed over for having nothing in the format's columns (no
/// name, no number), but marks in a subject column: the marks of nobody. A row of column
/// numbers right under the header is the layout's, not data.
fn unread_rows(
    table: &Table,
    columns: &[SubjectColumn],
    read: &BTreeSet<u32>,
    errors: &mut Vec<CellError>,
) {
    let below = table.header_rows.1;
    for row in table.sheet.rows.iter().filter(|r| r.number > below) {
        let marked = columns.iter().any(|c| !row.cell(c.index).is_blank());
        let numbering = row.number == below + 1
            && row
                .cells
                .iter()
                .all(|c| c.is_blank() || matches!(c, Cell::Number(_)));
        if marked && !numbering && !read.contains(&row.number) {
            errors.push(CellError::new(row.number, "", &Problem::MarkRowNoStudent));
        }
    }
}

/// The sheet's students as rows find them: by the key of the personal file number, and by the
/// key of the full name and of «Фамилия Имя» (a file may leave the patronymic out).
struct Students<'s> {
    sheet: &'s MarkSheet,
    by_file: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

/// What makes two names one: case, «ё», spaces, and Latin letters that look like Russian ones.
fn name_key(text: &str) -> String {
    let russian: String = text
        .chars()
        .map(|c| people::look_alike(c).unwrap_or(c))
        .collect();
    ru_key(&people::clean(&russian))
}

impl<'s> Students<'s> {
    fn of(sheet: &'s MarkSheet) -> Students<'s> {
        let mut by_file = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, s) in sheet.students.iter().enumerate() {
            let key = people::code_key(&s.file_number);
            if !key.is_empty() {
                by_file.insert(key, i);
            }
            let full = name_key(&s.full_name);
            let short = name_key(&people::full_name(&s.last_name, &s.first_name, ""));
            for key in [full.clone(), short].into_iter().collect::<BTreeSet<_>>() {
                by_name.entry(key).or_default().push(i);
            }
        }
        Students {
            sheet,
            by_file,
            by_name,
        }
    }

    /// The row's name: the «ФИО» cell, or the name's parts.
    fn name_of(rec: &Record) -> Option<String> {
        if let Some(full) = rec.text("full_name") {
            return Some(full.to_string());
        }
        let part = |key: &str| rec.text(key).unwrap_or_default();
        let name = people::full_name(part("last_name"), part("first_name"), part("patronymic"));
        (!name.is_empty()).then_some(name)
    }

    fn by_name(&self, name: &str) -> std::result::Result<usize, Problem> {
        match self.by_name.get(&name_key(name)).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(_) => Err(Problem::MarkStudentAmbiguous {
                name: name.to_string(),
                class: self.sheet.class_label.clone(),
            }),
            None => Err(self.unknown(name.to_string())),
        }
    }

    /// Whether `name` is the name of the sheet's student `i` (another may have it too).
    fn is_named(&self, i: usize, name: &str) -> bool {
        self.by_name
            .get(&name_key(name))
            .is_some_and(|list| list.contains(&i))
    }

    fn unknown(&self, who: String) -> Problem {
        Problem::MarkStudentUnknown {
            who,
            class: self.sheet.class_label.clone(),
            period: self.sheet.period.name.clone(),
        }
    }

    /// The student the row is about, by the file number, else by the name; a number and a
    /// name of two different students is an error, a number none of the class has is a
    /// warning when the name finds the student.
    fn find(&self, table: &Table, rec: &mut Record) -> Option<usize> {
        let number = rec.text("file_no").map(str::to_string);
        let name = Students::name_of(rec);
        let who = who_column(table);
        let student = |i: usize| &self.sheet.students[i];
        let found = match (&number, &name) {
            (None, None) => {
                if !rec.has_error("file_no") && !rec.has_error(who) {
                    rec.fail(who, &Problem::MarkRowNoStudent);
                }
                return None;
            }
            (Some(number), name) => match self.by_file.get(&people::code_key(number)) {
                Some(&i) => match name {
                    Some(name) if !self.is_named(i, name) => Err(Problem::MarkFileNumberOfOther {
                        number: number.clone(),
                        owner: student(i).full_name.clone(),
                        name: name.clone(),
                    }),
                    _ => Ok(i),
                },
                None => match name {
                    Some(name) => self.by_name(name).inspect(|&i| {
                        rec.warn(
                            "file_no",
                            &Problem::MarkFileNumberUnknown {
                                number: number.clone(),
                                name: student(i).full_name.clone(),
                                stored: student(i).file_number.clone(),
                            },
                        )
                    }),
                    None => Err(self.unknown(format!("№ личного дела {number}"))),
                },
            },
            (None, Some(name)) => self.by_name(name),
        };
        match found {
            Ok(i) => Some(i),
            Err(problem) => {
                let column = match problem {
                    Problem::MarkFileNumberOfOther { .. } => "file_no",
                    _ if name.is_none() => "file_no",
                    _ => who,
                };
                rec.fail(column, &problem);
                None
            }
        }
    }
}

#[cfg(test)]
#[path = "exchange_tests.rs"]
mod tests;
