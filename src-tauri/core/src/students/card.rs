//! Saving the student card: the rules of a card (all field errors at once, or the warnings),
//! its write, the short path an import writes new students by, and the class of a year.

use super::{current_year, load, SpecialNeeds, Student, StudyForm, USUAL_AGE};
use crate::classes;
use crate::db::Db;
use crate::error::{Check, Problem, Result, Saved, Warning};
use crate::movement::{self, placements};
use crate::people::{self, Order};
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use std::borrow::Cow;

fn other_with(
    conn: &Connection,
    column: &str,
    value: &str,
    own: Option<i64>,
) -> Result<Option<(String, String)>> {
    // The unique index on file_number_key leaves out empty keys; SQLite uses it only when the
    // query says so (the callers never look up an empty value), otherwise it scans the table.
    let partial = if column == "file_number_key" {
        " AND file_number_key <> ''"
    } else {
        ""
    };
    Ok(conn
        .prepare_cached(&format!(
            "SELECT file_number, last_name || ' ' || first_name || ' ' || patronymic
             FROM student WHERE {column} = ?1 AND id IS NOT ?2{partial}"
        ))?
        .query_row(params![value, own], |r| {
            Ok((r.get(0)?, people::clean(&r.get::<_, String>(1)?)))
        })
        .optional()?)
}

/// 1 September of the year the age is judged in: the class's year, else the current year,
/// else the school year containing `today`.
fn first_of_september(
    conn: &Connection,
    class_id: Option<i64>,
    today: NaiveDate,
) -> Result<NaiveDate> {
    let year = match class_id {
        Some(c) => Some(classes::load(conn, c)?.academic_year_id),
        None => current_year(conn)?,
    };
    let starts: Option<NaiveDate> = match year {
        Some(y) => conn
            .prepare_cached("SELECT starts_on FROM academic_year WHERE id = ?1")?
            .query_row([y], |r| r.get(0))
            .optional()?,
        None => None,
    };
    Ok(starts
        .or(crate::year::default_for(today).starts_on)
        .unwrap_or(today))
}

/// What the rules of a student card look up: another student's file number or SNILS, and
/// 1 September of the year the age is judged in. [`check`] asks the database; an import, which
/// checks thousands of cards at once, answers from what it has read once.
pub(crate) trait Lookups {
    /// The number and name of a student other than `own` with this file number key.
    fn file_number_owner(&self, key: &str, own: Option<i64>) -> Result<Option<(String, String)>>;
    /// The name of a student other than `own` with this SNILS (as stored).
    fn snils_owner(&self, snils: &str, own: Option<i64>) -> Result<Option<String>>;
    fn first_of_september(&self, class_id: Option<i64>, today: NaiveDate) -> Result<NaiveDate>;
}

impl Lookups for Connection {
    fn file_number_owner(&self, key: &str, own: Option<i64>) -> Result<Option<(String, String)>> {
        other_with(self, "file_number_key", key, own)
    }

    fn snils_owner(&self, snils: &str, own: Option<i64>) -> Result<Option<String>> {
        Ok(other_with(self, "snils", snils, own)?.map(|(_, name)| name))
    }

    fn first_of_september(&self, class_id: Option<i64>, today: NaiveDate) -> Result<NaiveDate> {
        first_of_september(self, class_id, today)
    }
}

/// Every rule of a student card, without writing: all field errors at once, or the warnings.
/// `today` is the day a birth date may not lie after.
pub fn check(db: &Db, s: &Student, today: NaiveDate) -> Result<Vec<Warning>> {
    let conn = db.conn();
    if let Some(id) = s.id {
        load(conn, id)?;
    }
    if let Some(class_id) = s.class_id {
        classes::load(conn, class_id)?;
    }
    check_with(conn, s, today)
}

/// [`check`] of a card whose student and class are known to exist, with the lookups answered
/// by `lookups` (an import checks its rows so).
pub(crate) fn check_with(
    lookups: &dyn Lookups,
    s: &Student,
    today: NaiveDate,
) -> Result<Vec<Warning>> {
    let mut check = Check::new();
    let mut warnings = Vec::new();

    let file_key = people::code_key(&s.file_number);
    if !file_key.is_empty() {
        if let Some((number, name)) = lookups.file_number_owner(&file_key, s.id)? {
            check.add("file_number", Problem::DuplicateFileNumber { number, name });
        }
    }
    people::check_names(
        &mut check,
        &mut warnings,
        &s.last_name,
        &s.first_name,
        &s.patronymic,
    );
    people::sex_warning(&mut warnings, s.sex, &s.patronymic);
    match s.birth_date {
        None => check.add("birth_date", Problem::Required),
        Some(b) if b > today => check.add("birth_date", Problem::BirthDateInFuture),
        Some(b) => {
            let on = lookups.first_of_september(s.class_id, today)?;
            let age = people::age_on(b, on);
            if !(USUAL_AGE.0..=USUAL_AGE.1).contains(&age) {
                warnings.push(Warning::new(
                    "birth_date",
                    Problem::UnusualAge {
                        age: age.into(),
                        on: on.format("%d.%m.%Y").to_string(),
                    },
                ));
            }
        }
    }
    people::check_snils(&mut check, &s.snils);
    if !check.has("snils") && !s.snils.trim().is_empty() {
        let snils = validate::format_snils(&s.snils);
        if let Some(name) = lookups.snils_owner(&snils, s.id)? {
            check.add("snils", Problem::DuplicateSnils { name });
        }
    }
    check.finish()?;
    Ok(warnings)
}

const UPDATE_STUDENT: &str = "UPDATE student SET file_number = ?1, file_number_key = ?2,
    last_name = ?3, first_name = ?4, patronymic = ?5, name_key = ?6, sex = ?7, birth_date = ?8,
    citizenship = ?9, registered_address = ?10, actual_address = ?11, snils = ?12,
    study_form = ?13, note = ?14, disability = ?16, special_needs = ?17 WHERE id = ?15";

const INSERT_STUDENT: &str = "INSERT INTO student (file_number, file_number_key, last_name,
    first_name, patronymic, name_key, sex, birth_date, citizenship, registered_address,
    actual_address, snils, study_form, note, id, disability, special_needs)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

/// A new student of an enrolment list: the columns of [`enrolment_card`], every other one left
/// at its default.
const INSERT_ENROLMENT: &str = "INSERT INTO student (file_number, file_number_key, last_name,
    first_name, patronymic, name_key, sex, birth_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/// The columns of a card every list of students has, as stored: cleaned, with the folded keys.
struct Enrolment {
    file_number: String,
    file_number_key: String,
    last_name: String,
    first_name: String,
    patronymic: String,
    name_key: String,
}

impl Enrolment {
    fn of(s: &Student) -> Enrolment {
        let file_number = people::clean(&s.file_number);
        Enrolment {
            file_number_key: people::code_key(&file_number),
            file_number,
            last_name: people::clean(&s.last_name),
            first_name: people::clean(&s.first_name),
            patronymic: people::clean(&s.patronymic),
            name_key: people::name_key(&s.last_name, &s.first_name, &s.patronymic),
        }
    }
}

/// Whether the card holds nothing beyond an enrolment list's columns (number, name, sex, birth
/// date): every other field is at the default its column has, so [`INSERT_ENROLMENT`] stores it
/// as [`INSERT_STUDENT`] would.
pub(super) fn enrolment_card(s: &Student) -> bool {
    s.citizenship.is_empty()
        && s.registered_address.is_empty()
        && s.actual_address.is_empty()
        && s.snils.is_empty()
        && s.study_form == StudyForm::FullTime
        && !s.disability
        && s.special_needs == SpecialNeeds::None
        && s.note.is_empty()
}

/// Runs [`UPDATE_STUDENT`] or [`INSERT_STUDENT`] with the card's columns as stored: cleaned,
/// with the folded keys.
fn execute_card(stmt: &mut rusqlite::Statement, s: &Student) -> Result<()> {
    let n = Enrolment::of(s);
    stmt.execute(params![
        n.file_number,
        n.file_number_key,
        n.last_name,
        n.first_name,
        n.patronymic,
        n.name_key,
        s.sex.code(),
        s.birth_date,
        people::clean(&s.citizenship),
        s.registered_address.trim(),
        s.actual_address.trim(),
        validate::format_snils(&s.snils),
        s.study_form.code(),
        s.note.trim(),
        s.id,
        s.disability,
        s.special_needs.code(),
    ])?;
    Ok(())
}

/// Writes the card's row (new or changed), not its class; returns the student's id. Inside
/// the caller's transaction, for a card [`check`] has passed.
pub(crate) fn write_card(conn: &Connection, s: &Student) -> Result<i64> {
    match s.id {
        Some(id) => {
            execute_card(&mut *conn.prepare_cached(UPDATE_STUDENT)?, s)?;
            Ok(id)
        }
        None => {
            execute_card(&mut *conn.prepare_cached(INSERT_STUDENT)?, s)?;
            Ok(conn.last_insert_rowid())
        }
    }
}

fn write_student(conn: &Connection, s: &Student) -> Result<i64> {
    let id = write_card(conn, s)?;
    match s.class_id {
        Some(class_id) => placements::place(conn, id, class_id)?,
        None => {
            if let Some(year) = current_year(conn)? {
                placements::unplace(conn, id, year)?;
            }
        }
    }
    Ok(id)
}

/// Validates the whole card (all field errors at once), then writes it with the student's
/// class in one transaction. Warnings: an age outside 5–20 on 1 September, a sex that
/// disagrees with the patronymic, a name in Latin letters.
pub fn save(db: &Db, s: &Student, today: NaiveDate) -> Result<Saved<Student>> {
    let warnings = check(db, s, today)?;
    let id = db.write(|tx| write_student(tx, s))?;
    Ok(Saved {
        value: load(db.conn(), id)?,
        warnings,
    })
}

/// Writes a card [`check`] has already passed (an import checks every row while planning),
/// with its class, inside the caller's transaction; returns the student's id.
pub(crate) fn write_checked(conn: &Connection, s: &Student) -> Result<i64> {
    write_student(conn, s)
}

/// Adds the new students of an import, each placed in a class of one year with the enrolment
/// order of the list, inside the caller's transaction: cards [`check_with`] has passed, written
/// as [`save`] writes a new card. The statements are prepared once for all the rows.
pub(crate) struct NewStudents<'c> {
    conn: &'c Connection,
    student: rusqlite::Statement<'c>,
    /// The shorter insert of a card with an enrolment list's columns only (the usual import).
    enrolment: rusqlite::Statement<'c>,
    enrolments: movement::Enrolments,
}

impl<'c> NewStudents<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<NewStudents<'c>> {
        Ok(NewStudents {
            conn,
            student: conn.prepare(INSERT_STUDENT)?,
            enrolment: conn.prepare(INSERT_ENROLMENT)?,
            enrolments: movement::Enrolments::default(),
        })
    }

    /// Writes the new student of `card` in the class `class_id`, enrolled by `order` (see
    /// `movement::Enrolments`); returns the student's id.
    pub(crate) fn add(&mut self, card: &NewCard, class_id: i64, order: &Order) -> Result<i64> {
        let s = card.student();
        debug_assert!(s.id.is_none(), "a new student");
        if let Some(n) = &card.enrolment {
            self.enrolment.execute(params![
                n.file_number,
                n.file_number_key,
                n.last_name,
                n.first_name,
                n.patronymic,
                n.name_key,
                s.sex.code(),
                s.birth_date,
            ])?;
        } else {
            execute_card(&mut self.student, s)?;
        }
        let id = self.conn.last_insert_rowid();
        self.enrolments
            .record(self.conn, id, class_id, None, order)?;
        Ok(id)
    }
}

/// A new student's card with the columns [`NewStudents::add`] stores computed apart from the
/// write (the cleaning and the keys), so an import can prepare the next cards on another
/// thread while it writes.
pub(crate) struct NewCard<'s> {
    /// Borrowed from the import's plan, or owned to be handed to the thread that writes.
    student: Cow<'s, Student>,
    /// The columns of an enrolment list's card; None: the whole card is written.
    enrolment: Option<Enrolment>,
}

impl<'s> NewCard<'s> {
    pub(crate) fn of(student: &'s Student) -> NewCard<'s> {
        NewCard::new(Cow::Borrowed(student))
    }

    /// The card of a student it keeps, to be sent to another thread.
    pub(crate) fn owned(student: Student) -> NewCard<'static> {
        NewCard::new(Cow::Owned(student))
    }

    fn new(student: Cow<'s, Student>) -> NewCard<'s> {
        let enrolment = enrolment_card(&student).then(|| Enrolment::of(&student));
        NewCard { student, enrolment }
    }

    pub(crate) fn student(&self) -> &Student {
        &self.student
    }
}

/// Frees the student's personal file number until the card is written again, inside the
/// caller's transaction: an import that renumbers students (even swapping two numbers) frees
/// the old numbers first, so no write meets a number another row is about to give up.
pub(crate) fn release_file_number(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE student SET file_number_key = '' WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Places the student in the class for the class's year, without a movement: a student with
/// no place that year from the year's first day (the rollover places students so); one with
/// places that year has the last of them moved to this class, its dates kept (a class put
/// wrong). A change of class during the year is a transfer (`movement::transfer`).
pub fn place(db: &Db, student_id: i64, class_id: i64) -> Result<()> {
    let conn = db.conn();
    load(conn, student_id)?;
    classes::load(conn, class_id)?;
    db.write(|tx| placements::place(tx, student_id, class_id))
}

/// Takes the student out of the classes of that year (a place entered by mistake), with the
/// year's movements and individual curriculum; the student stays in the school.
pub fn unplace(db: &Db, student_id: i64, academic_year_id: i64) -> Result<()> {
    load(db.conn(), student_id)?;
    db.write(|tx| placements::unplace(tx, student_id, academic_year_id))
}

/// Deletes a student entered by mistake, with the places, movements, guardian links and the
/// student's consents. A student who leaves is not deleted: record the departure instead.
pub fn delete(db: &Db, id: i64) -> Result<()> {
    load(db.conn(), id)?;
    db.write(|tx| {
        tx.execute("DELETE FROM student WHERE id = ?1", [id])?;
        Ok(())
    })
}
