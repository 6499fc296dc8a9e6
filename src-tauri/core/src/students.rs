//! Students («Обучающиеся»), their guardians («Родители, законные представители») and consents
//! to personal-data processing.
//!
//! A student is a person of the school, not of a year: the class a student studies in is kept
//! per academic year (`class_membership`), so last year's classes stay readable after the
//! rollover. A departure is a dated record with its reason and order; the student stays.
//! A guardian is one record shared by siblings, linked to each child with a relation.

use crate::choice::choice_enum;
use crate::classes;
use crate::db::Db;
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::people::{self, Order, Sex};
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use ts_rs::TS;

/// Ages on 1 September outside this range are worth a warning (a typo in the year, most often).
pub const USUAL_AGE: (i32, i32) = (5, 20);

const STUDENT: &str = "Обучающийся";
const GUARDIAN: &str = "Законный представитель";
const CONSENT: &str = "Согласие";

choice_enum! {
    pub enum StudyForm (fallback FullTime) {
        FullTime = "full_time", "Очная";
        PartTime = "part_time", "Очно-заочная";
        Extramural = "extramural", "Заочная";
        Family = "family", "Семейное образование";
        Home = "home", "Надомное обучение";
    }
}

/// Причина выбытия, as the seed's rollover instructions name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DepartureReason {
    Graduated,
    Repeating,
    OtherForm,
    IndividualCurriculum,
    Vocational,
    OtherSchool,
    Other,
}

impl DepartureReason {
    pub const ALL: [DepartureReason; 7] = [
        DepartureReason::Graduated,
        DepartureReason::Repeating,
        DepartureReason::OtherForm,
        DepartureReason::IndividualCurriculum,
        DepartureReason::Vocational,
        DepartureReason::OtherSchool,
        DepartureReason::Other,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            DepartureReason::Graduated => "graduated",
            DepartureReason::Repeating => "repeating",
            DepartureReason::OtherForm => "other_form",
            DepartureReason::IndividualCurriculum => "individual_curriculum",
            DepartureReason::Vocational => "vocational",
            DepartureReason::OtherSchool => "other_school",
            DepartureReason::Other => "other",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            DepartureReason::Graduated => "Завершил обучение",
            DepartureReason::Repeating => "Оставлен на повторное обучение",
            DepartureReason::OtherForm => "Перевод на другую форму получения образования",
            DepartureReason::IndividualCurriculum => {
                "Перевод на обучение по индивидуальному учебному плану"
            }
            DepartureReason::Vocational => {
                "Перевод в учреждение среднего профессионального образования"
            }
            DepartureReason::OtherSchool => "Перевод в другую образовательную организацию",
            DepartureReason::Other => "Другие причины",
        }
    }

    pub fn from_code(code: &str) -> DepartureReason {
        DepartureReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .unwrap_or(DepartureReason::Other)
    }
}

choice_enum! {
    pub enum Relation (fallback Other) {
        Mother = "mother", "Мать";
        Father = "father", "Отец";
        Guardian = "guardian", "Опекун";
        Trustee = "trustee", "Попечитель";
        FosterParent = "foster_parent", "Приёмный родитель";
        Grandmother = "grandmother", "Бабушка";
        Grandfather = "grandfather", "Дедушка";
        Other = "other", "Другое";
    }
}

/// The student card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Student {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// № личного дела: «к-1», «12р»; unique in the school when filled in.
    pub file_number: String,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub citizenship: String,
    pub registered_address: String,
    pub actual_address: String,
    /// «123-456-789 64»; stored in this form whatever way it was typed.
    pub snils: String,
    pub study_form: StudyForm,
    pub enrolled_on: Option<NaiveDate>,
    pub enrolment_order: Order,
    pub departed_on: Option<NaiveDate>,
    pub departure_reason: Option<DepartureReason>,
    /// Куда выбыл: a school, a college, «Неизвестно».
    pub departure_destination: String,
    pub departure_order: Order,
    pub note: String,
    /// Read: the student's class in the current academic year. Save: a class (of any year)
    /// places the student in it for that year, instead of another class of that year; empty
    /// takes the student out of the current year's class.
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
}

impl Student {
    pub fn full_name(&self) -> String {
        people::full_name(&self.last_name, &self.first_name, &self.patronymic)
    }

    /// Studies at the school on `on`: enrolled by then (or no date) and not yet departed
    /// (the departure day is no longer a school day for the student).
    pub fn studies_on(&self, on: NaiveDate) -> bool {
        self.enrolled_on.is_none_or(|e| e <= on) && self.departed_on.is_none_or(|d| d > on)
    }
}

/// A row of a student list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StudentRow {
    #[ts(type = "number")]
    pub id: i64,
    pub file_number: String,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    /// «Фамилия Имя Отчество».
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// «123-456-789 64» or empty.
    pub snils: String,
    pub study_form: StudyForm,
    /// The class in the year of the list (empty for students without one).
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
    pub class_label: String,
    pub enrolled_on: Option<NaiveDate>,
    pub enrolment_order: Order,
    pub departed_on: Option<NaiveDate>,
    pub departure_reason: Option<DepartureReason>,
}

/// A student's class in one year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Placement {
    #[ts(type = "number")]
    pub academic_year_id: i64,
    pub year_name: String,
    #[ts(type = "number")]
    pub class_id: i64,
    pub class_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guardian {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    pub phone: String,
    pub phone_extra: String,
    pub email: String,
    /// Needed for the guardian's access to the electronic diary.
    pub snils: String,
    pub address: String,
    /// Place of work and anything else.
    pub note: String,
    /// Read-only: how many students the guardian is linked to; ignored on save.
    #[serde(default)]
    pub children: i32,
}

impl Guardian {
    pub fn full_name(&self) -> String {
        people::full_name(&self.last_name, &self.first_name, &self.patronymic)
    }
}

/// A guardian as one student's: the record and the relation to this student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StudentGuardian {
    pub guardian: Guardian,
    pub relation: Relation,
}

/// A consent of a student or of a guardian (exactly one of the two ids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Consent {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number | null")]
    pub student_id: Option<i64>,
    #[ts(type = "number | null")]
    pub guardian_id: Option<i64>,
    pub given_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
    pub note: String,
}

impl Consent {
    /// In force on `on`: given by then and not withdrawn by then.
    pub fn in_force_on(&self, on: NaiveDate) -> bool {
        self.given_on.is_some_and(|g| g <= on) && self.withdrawn_on.is_none_or(|w| w > on)
    }
}

/// A student of a class, or a guardian of one, with no consent in force.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MissingConsent {
    #[ts(type = "number")]
    pub student_id: i64,
    pub student_name: String,
    #[ts(type = "number")]
    pub class_id: i64,
    pub class_label: String,
    /// Empty when it is the student's own consent that is missing.
    #[ts(type = "number | null")]
    pub guardian_id: Option<i64>,
    pub guardian_name: String,
    pub relation: Option<Relation>,
}

// ---------------------------------------------------------------------------------------------
// Reading students

const STUDENT_COLUMNS: &str = "s.id, s.file_number, s.last_name, s.first_name, s.patronymic, s.sex,
    s.birth_date, s.citizenship, s.registered_address, s.actual_address, s.snils, s.study_form,
    s.enrolled_on, s.enrolment_order_series, s.enrolment_order_number, s.enrolment_order_date,
    s.departed_on, s.departure_reason, s.departure_destination, s.departure_order_series,
    s.departure_order_number, s.departure_order_date, s.note";

fn student_from_row(r: &Row) -> rusqlite::Result<Student> {
    Ok(Student {
        id: Some(r.get(0)?),
        file_number: r.get(1)?,
        last_name: r.get(2)?,
        first_name: r.get(3)?,
        patronymic: r.get(4)?,
        sex: Sex::from_code(&r.get::<_, String>(5)?),
        birth_date: r.get(6)?,
        citizenship: r.get(7)?,
        registered_address: r.get(8)?,
        actual_address: r.get(9)?,
        snils: r.get(10)?,
        study_form: StudyForm::from_code(&r.get::<_, String>(11)?),
        enrolled_on: r.get(12)?,
        enrolment_order: Order {
            series: r.get(13)?,
            number: r.get(14)?,
            date: r.get(15)?,
        },
        departed_on: r.get(16)?,
        departure_reason: r
            .get::<_, Option<String>>(17)?
            .map(|c| DepartureReason::from_code(&c)),
        departure_destination: r.get(18)?,
        departure_order: Order {
            series: r.get(19)?,
            number: r.get(20)?,
            date: r.get(21)?,
        },
        note: r.get(22)?,
        class_id: None,
    })
}

fn current_year(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM academic_year WHERE is_current = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

fn class_in_year(conn: &Connection, student_id: i64, year_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT class_id FROM class_membership WHERE student_id = ?1 AND academic_year_id = ?2",
        )?
        .query_row([student_id, year_id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Student> {
    let sql = format!("SELECT {STUDENT_COLUMNS} FROM student s WHERE s.id = ?1");
    let mut s = conn
        .prepare_cached(&sql)?
        .query_row([id], student_from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: STUDENT })?;
    if let Some(year) = current_year(conn)? {
        s.class_id = class_in_year(conn, id, year)?;
    }
    Ok(s)
}

/// The student card; `class_id` is the class in the current year.
pub fn get(db: &Db, id: i64) -> Result<Student> {
    load(db.conn(), id)
}

const ROW_COLUMNS: &str = "s.id, s.file_number, s.last_name, s.first_name, s.patronymic, s.sex,
    s.birth_date, s.study_form, c.id, c.grade, c.letter, s.enrolled_on, s.enrolment_order_series,
    s.enrolment_order_number, s.enrolment_order_date, s.departed_on, s.departure_reason, s.snils";

/// Russian alphabetical order of names, then birth date; within a year's list by class first.
const ROW_ORDER: &str = "c.grade, c.letter_key COLLATE RU, s.last_name COLLATE RU,
    s.first_name COLLATE RU, s.patronymic COLLATE RU, s.birth_date, s.id";

fn row_from_row(r: &Row) -> rusqlite::Result<StudentRow> {
    let (last, first, patronymic): (String, String, String) = (r.get(2)?, r.get(3)?, r.get(4)?);
    let class_id: Option<i64> = r.get(8)?;
    let class_label = match class_id {
        Some(_) => classes::label(r.get(9)?, &r.get::<_, String>(10)?),
        None => String::new(),
    };
    Ok(StudentRow {
        id: r.get(0)?,
        file_number: r.get(1)?,
        full_name: people::full_name(&last, &first, &patronymic),
        last_name: last,
        first_name: first,
        patronymic,
        sex: Sex::from_code(&r.get::<_, String>(5)?),
        birth_date: r.get(6)?,
        snils: r.get(17)?,
        study_form: StudyForm::from_code(&r.get::<_, String>(7)?),
        class_id,
        class_label,
        enrolled_on: r.get(11)?,
        enrolment_order: Order {
            series: r.get(12)?,
            number: r.get(13)?,
            date: r.get(14)?,
        },
        departed_on: r.get(15)?,
        departure_reason: r
            .get::<_, Option<String>>(16)?
            .map(|c| DepartureReason::from_code(&c)),
    })
}

/// Students of a year's classes (of one class when `class_id` is given), by class and then in
/// Russian alphabetical order. With `on`, only those studying on that day; without it, every
/// student the class had that year, departed ones included.
pub fn list(
    db: &Db,
    academic_year_id: i64,
    class_id: Option<i64>,
    on: Option<NaiveDate>,
) -> Result<Vec<StudentRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM class_membership m
           JOIN student s ON s.id = m.student_id
           JOIN class c ON c.id = m.class_id
          WHERE m.academic_year_id = ?1 AND (?2 IS NULL OR m.class_id = ?2)
            AND (?3 IS NULL OR ((s.enrolled_on IS NULL OR s.enrolled_on <= ?3)
                 AND (s.departed_on IS NULL OR s.departed_on > ?3)))
          ORDER BY {ROW_ORDER}"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(params![academic_year_id, class_id, on], row_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Students studying on `on` who have no class in the year («Ученики вне класса»).
pub fn without_class(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<Vec<StudentRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM student s
           LEFT JOIN class c ON 0
          WHERE NOT EXISTS (SELECT 1 FROM class_membership m
                             WHERE m.student_id = s.id AND m.academic_year_id = ?1)
            AND (s.enrolled_on IS NULL OR s.enrolled_on <= ?2)
            AND (s.departed_on IS NULL OR s.departed_on > ?2)
          ORDER BY {ROW_ORDER}"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(params![academic_year_id, on], row_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every student the school has or had, with the class of the current year.
pub fn list_all(db: &Db) -> Result<Vec<StudentRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM student s
           LEFT JOIN class_membership m ON m.student_id = s.id
                AND m.academic_year_id = (SELECT id FROM academic_year WHERE is_current = 1)
           LEFT JOIN class c ON c.id = m.class_id
          ORDER BY s.last_name COLLATE RU, s.first_name COLLATE RU, s.patronymic COLLATE RU,
                s.birth_date, s.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map([], row_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The student's class in each year, oldest first.
pub fn placements(db: &Db, student_id: i64) -> Result<Vec<Placement>> {
    let conn = db.conn();
    load(conn, student_id)?;
    let mut stmt = conn.prepare(
        "SELECT y.id, y.name, c.id, c.grade, c.letter FROM class_membership m
           JOIN academic_year y ON y.id = m.academic_year_id
           JOIN class c ON c.id = m.class_id
          WHERE m.student_id = ?1 ORDER BY y.starts_on",
    )?;
    let rows = stmt
        .query_map([student_id], |r| {
            Ok(Placement {
                academic_year_id: r.get(0)?,
                year_name: r.get(1)?,
                class_id: r.get(2)?,
                class_label: classes::label(r.get(3)?, &r.get::<_, String>(4)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The student with this personal file number (up to case, spaces, «ё» and Latin look-alikes).
pub fn find_by_file_number(db: &Db, file_number: &str) -> Result<Option<i64>> {
    let key = people::code_key(file_number);
    if key.is_empty() {
        return Ok(None);
    }
    Ok(db
        .conn()
        .prepare_cached(
            "SELECT id FROM student WHERE file_number_key = ?1 AND file_number_key <> ''",
        )?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Students with this full name (up to spaces, case and «ё») and birth date; an import matches
/// a row without a file number by them.
pub fn find_by_person(
    db: &Db,
    last_name: &str,
    first_name: &str,
    patronymic: &str,
    birth_date: NaiveDate,
) -> Result<Vec<i64>> {
    let key = people::name_key(last_name, first_name, patronymic);
    let mut stmt = db.conn().prepare_cached(
        "SELECT id FROM student WHERE name_key = ?1 AND birth_date = ?2 ORDER BY id",
    )?;
    let ids = stmt
        .query_map(params![key, birth_date], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

// ---------------------------------------------------------------------------------------------
// Saving students

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
    if let (Some(b), Some(e)) = (s.birth_date, s.enrolled_on) {
        if e < b && !check.has("birth_date") {
            check.add("enrolled_on", Problem::BeforeBirth);
        }
    }
    people::check_order(&mut check, "enrolment_order", &s.enrolment_order);

    let departing = s.departed_on.is_some()
        || s.departure_reason.is_some()
        || !s.departure_destination.trim().is_empty()
        || !s.departure_order.is_empty();
    if departing {
        if s.departed_on.is_none() {
            check.add("departed_on", Problem::Required);
        }
        if s.departure_reason.is_none() {
            check.add("departure_reason", Problem::Required);
        }
    }
    if let (Some(e), Some(d)) = (s.enrolled_on, s.departed_on) {
        if d < e {
            check.add("departed_on", Problem::DepartureBeforeEnrolment);
        }
    }
    people::check_order(&mut check, "departure_order", &s.departure_order);
    check.finish()?;
    Ok(warnings)
}

const UPDATE_STUDENT: &str = "UPDATE student SET file_number = ?1, file_number_key = ?2,
    last_name = ?3, first_name = ?4, patronymic = ?5, name_key = ?6, sex = ?7, birth_date = ?8,
    citizenship = ?9, registered_address = ?10, actual_address = ?11, snils = ?12,
    study_form = ?13, enrolled_on = ?14, enrolment_order_series = ?15,
    enrolment_order_number = ?16, enrolment_order_date = ?17, departed_on = ?18,
    departure_reason = ?19, departure_destination = ?20, departure_order_series = ?21,
    departure_order_number = ?22, departure_order_date = ?23, note = ?24 WHERE id = ?25";

const INSERT_STUDENT: &str = "INSERT INTO student (file_number, file_number_key, last_name,
    first_name, patronymic, name_key, sex, birth_date, citizenship, registered_address,
    actual_address, snils, study_form, enrolled_on, enrolment_order_series,
    enrolment_order_number, enrolment_order_date, departed_on, departure_reason,
    departure_destination, departure_order_series, departure_order_number, departure_order_date,
    note, id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
    ?20, ?21, ?22, ?23, ?24, ?25)";

/// A new student of an enrolment list: the columns of [`enrolment_card`], every other one left
/// at its default.
const INSERT_ENROLMENT: &str = "INSERT INTO student (file_number, file_number_key, last_name,
    first_name, patronymic, name_key, sex, birth_date, enrolled_on, enrolment_order_series,
    enrolment_order_number, enrolment_order_date)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// The columns of a card every list of students has, as stored: cleaned, with the folded keys.
struct Enrolment {
    file_number: String,
    file_number_key: String,
    last_name: String,
    first_name: String,
    patronymic: String,
    name_key: String,
    order: Order,
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
            order: s.enrolment_order.cleaned(),
        }
    }
}

/// Whether the card holds nothing beyond an enrolment list's columns (number, name, sex, birth
/// date, enrolment): every other field is at the default its column has, so
/// [`INSERT_ENROLMENT`] stores it as [`INSERT_STUDENT`] would.
fn enrolment_card(s: &Student) -> bool {
    s.citizenship.is_empty()
        && s.registered_address.is_empty()
        && s.actual_address.is_empty()
        && s.snils.is_empty()
        && s.study_form == StudyForm::FullTime
        && s.departed_on.is_none()
        && s.departure_reason.is_none()
        && s.departure_destination.is_empty()
        && s.departure_order == Order::default()
        && s.note.is_empty()
}

/// Runs [`UPDATE_STUDENT`] or [`INSERT_STUDENT`] with the card's columns as stored: cleaned,
/// with the folded keys.
fn execute_card(stmt: &mut rusqlite::Statement, s: &Student) -> Result<()> {
    let (n, d) = (Enrolment::of(s), s.departure_order.cleaned());
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
        s.enrolled_on,
        n.order.series,
        n.order.number,
        n.order.date,
        s.departed_on,
        s.departure_reason.map(|r| r.code()),
        people::clean(&s.departure_destination),
        d.series,
        d.number,
        d.date,
        s.note.trim(),
        s.id,
    ])?;
    Ok(())
}

fn write_student(conn: &Connection, s: &Student) -> Result<i64> {
    let id = match s.id {
        Some(id) => {
            execute_card(&mut *conn.prepare_cached(UPDATE_STUDENT)?, s)?;
            id
        }
        None => {
            execute_card(&mut *conn.prepare_cached(INSERT_STUDENT)?, s)?;
            conn.last_insert_rowid()
        }
    };
    match s.class_id {
        Some(class_id) => write_placement(conn, id, class_id)?,
        None => {
            if let Some(year) = current_year(conn)? {
                conn.execute(
                    "DELETE FROM class_membership WHERE student_id = ?1 AND academic_year_id = ?2",
                    [id, year],
                )?;
            }
        }
    }
    Ok(id)
}

fn write_placement(conn: &Connection, student_id: i64, class_id: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO class_membership (academic_year_id, class_id, student_id)
         SELECT academic_year_id, id, ?2 FROM class WHERE id = ?1
         ON CONFLICT (academic_year_id, student_id) DO UPDATE SET class_id = excluded.class_id",
    )?
    .execute([class_id, student_id])?;
    Ok(())
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
/// inside the caller's transaction; returns the student's id.
pub(crate) fn write_checked(conn: &Connection, s: &Student) -> Result<i64> {
    write_student(conn, s)
}

/// Adds the new students of an import, each placed in a class of one year, inside the caller's
/// transaction: cards [`check_with`] has passed, written as [`save`] writes a new card. The two
/// statements are prepared once for all the rows, and a place is a plain insert: the class is
/// known to be of the year (the foreign key still says so) and a new student has no place yet.
pub(crate) struct NewStudents<'c> {
    conn: &'c Connection,
    student: rusqlite::Statement<'c>,
    /// The shorter insert of a card with an enrolment list's columns only (the usual import).
    enrolment: rusqlite::Statement<'c>,
    place: rusqlite::Statement<'c>,
    academic_year_id: i64,
}

impl<'c> NewStudents<'c> {
    pub(crate) fn new(conn: &'c Connection, academic_year_id: i64) -> Result<NewStudents<'c>> {
        Ok(NewStudents {
            conn,
            student: conn.prepare(INSERT_STUDENT)?,
            enrolment: conn.prepare(INSERT_ENROLMENT)?,
            place: conn.prepare(
                "INSERT INTO class_membership (academic_year_id, class_id, student_id)
                 VALUES (?1, ?2, ?3)",
            )?,
            academic_year_id,
        })
    }

    /// Writes the new student of `card` in the class `class_id`; returns the student's id.
    pub(crate) fn add(&mut self, card: &NewCard, class_id: i64) -> Result<i64> {
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
                s.enrolled_on,
                n.order.series,
                n.order.number,
                n.order.date,
            ])?;
        } else {
            execute_card(&mut self.student, s)?;
        }
        let id = self.conn.last_insert_rowid();
        self.place.execute([self.academic_year_id, class_id, id])?;
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

/// Places the student in the class for the class's year, instead of any other class of that
/// year (the import and the rollover place students so).
pub fn place(db: &Db, student_id: i64, class_id: i64) -> Result<()> {
    let conn = db.conn();
    load(conn, student_id)?;
    classes::load(conn, class_id)?;
    db.write(|tx| write_placement(tx, student_id, class_id))
}

/// Takes the student out of the class of that year (the student stays in the school).
pub fn unplace(db: &Db, student_id: i64, academic_year_id: i64) -> Result<()> {
    load(db.conn(), student_id)?;
    db.write(|tx| {
        tx.execute(
            "DELETE FROM class_membership WHERE student_id = ?1 AND academic_year_id = ?2",
            [student_id, academic_year_id],
        )?;
        Ok(())
    })
}

/// Deletes a student entered by mistake, with the class places, guardian links and the
/// student's consents. A student who leaves is not deleted: record the departure instead.
pub fn delete(db: &Db, id: i64) -> Result<()> {
    load(db.conn(), id)?;
    db.write(|tx| {
        tx.execute("DELETE FROM student WHERE id = ?1", [id])?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Guardians

const GUARDIAN_COLUMNS: &str = "g.id, g.last_name, g.first_name, g.patronymic, g.phone,
    g.phone_extra, g.email, g.snils, g.address, g.note,
    (SELECT count(*) FROM student_guardian l WHERE l.guardian_id = g.id)";

fn guardian_from_row(r: &Row) -> rusqlite::Result<Guardian> {
    Ok(Guardian {
        id: Some(r.get(0)?),
        last_name: r.get(1)?,
        first_name: r.get(2)?,
        patronymic: r.get(3)?,
        phone: r.get(4)?,
        phone_extra: r.get(5)?,
        email: r.get(6)?,
        snils: r.get(7)?,
        address: r.get(8)?,
        note: r.get(9)?,
        children: r.get(10)?,
    })
}

fn load_guardian(conn: &Connection, id: i64) -> Result<Guardian> {
    conn.query_row(
        &format!("SELECT {GUARDIAN_COLUMNS} FROM guardian g WHERE g.id = ?1"),
        [id],
        guardian_from_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: GUARDIAN })
}

pub fn get_guardian(db: &Db, id: i64) -> Result<Guardian> {
    load_guardian(db.conn(), id)
}

/// The student's guardians with their relation: mothers and fathers first, then by name.
pub fn guardians_of(db: &Db, student_id: i64) -> Result<Vec<StudentGuardian>> {
    let conn = db.conn();
    load(conn, student_id)?;
    let sql = format!(
        "SELECT {GUARDIAN_COLUMNS}, l.relation FROM student_guardian l
           JOIN guardian g ON g.id = l.guardian_id
          WHERE l.student_id = ?1
          ORDER BY CASE l.relation WHEN 'mother' THEN 0 WHEN 'father' THEN 1 ELSE 2 END,
                g.last_name COLLATE RU, g.first_name COLLATE RU, g.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([student_id], |r| {
            Ok(StudentGuardian {
                guardian: guardian_from_row(r)?,
                relation: Relation::from_code(&r.get::<_, String>(11)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The students a guardian is linked to (siblings share one guardian record).
pub fn children_of(db: &Db, guardian_id: i64) -> Result<Vec<StudentRow>> {
    load_guardian(db.conn(), guardian_id)?;
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM student_guardian l
           JOIN student s ON s.id = l.student_id
           LEFT JOIN class_membership m ON m.student_id = s.id
                AND m.academic_year_id = (SELECT id FROM academic_year WHERE is_current = 1)
           LEFT JOIN class c ON c.id = m.class_id
          WHERE l.guardian_id = ?1
          ORDER BY s.birth_date, s.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map([guardian_id], row_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Guardians whose name contains the text (up to case and «ё»), or whose phone or SNILS holds
/// its digits: to link a sibling's guardian instead of typing the person again.
pub fn find_guardians(db: &Db, text: &str) -> Result<Vec<Guardian>> {
    let key = crate::db::ru_key(&people::clean(text));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {GUARDIAN_COLUMNS} FROM guardian g
          ORDER BY g.last_name COLLATE RU, g.first_name COLLATE RU, g.patronymic COLLATE RU, g.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let all = stmt
        .query_map([], guardian_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let only_digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    Ok(all
        .into_iter()
        .filter(|g| {
            crate::db::ru_key(&g.full_name()).contains(&key)
                || (digits.len() >= 4
                    && (only_digits(&g.phone).contains(&digits)
                        || only_digits(&g.phone_extra).contains(&digits)
                        || only_digits(&g.snils).contains(&digits)))
        })
        .collect())
}

fn check_guardian(conn: &Connection, g: &Guardian) -> Result<Vec<Warning>> {
    if let Some(id) = g.id {
        load_guardian(conn, id)?;
    }
    let mut check = Check::new();
    let mut warnings = Vec::new();
    people::check_names(
        &mut check,
        &mut warnings,
        &g.last_name,
        &g.first_name,
        &g.patronymic,
    );
    check.field("email", validate::optional(&g.email, validate::email));
    people::check_snils(&mut check, &g.snils);
    if !check.has("snils") && !g.snils.trim().is_empty() {
        let other: Option<String> = conn
            .query_row(
                "SELECT last_name || ' ' || first_name || ' ' || patronymic FROM guardian
                 WHERE snils = ?1 AND id IS NOT ?2",
                params![validate::format_snils(&g.snils), g.id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = other {
            check.add(
                "snils",
                Problem::DuplicateSnils {
                    name: people::clean(&name),
                },
            );
        }
    }
    check.finish()?;
    Ok(warnings)
}

fn write_guardian(conn: &Connection, g: &Guardian) -> Result<i64> {
    let values = params![
        people::clean(&g.last_name),
        people::clean(&g.first_name),
        people::clean(&g.patronymic),
        g.phone.trim(),
        g.phone_extra.trim(),
        g.email.trim(),
        validate::format_snils(&g.snils),
        g.address.trim(),
        g.note.trim(),
        g.id,
    ];
    match g.id {
        Some(id) => {
            conn.execute(
                "UPDATE guardian SET last_name = ?1, first_name = ?2, patronymic = ?3, phone = ?4,
                 phone_extra = ?5, email = ?6, snils = ?7, address = ?8, note = ?9 WHERE id = ?10",
                values,
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO guardian (last_name, first_name, patronymic, phone, phone_extra,
                 email, snils, address, note, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Names required and well-formed, e-mail and SNILS valid, SNILS not another guardian's (a
/// sibling's guardian is linked, not typed again).
pub fn save_guardian(db: &Db, g: &Guardian) -> Result<Saved<Guardian>> {
    let warnings = check_guardian(db.conn(), g)?;
    let id = db.write(|tx| write_guardian(tx, g))?;
    Ok(Saved {
        value: load_guardian(db.conn(), id)?,
        warnings,
    })
}

fn write_link(
    conn: &Connection,
    student_id: i64,
    guardian_id: i64,
    relation: Relation,
) -> Result<()> {
    conn.execute(
        "INSERT INTO student_guardian (student_id, guardian_id, relation) VALUES (?1, ?2, ?3)
         ON CONFLICT (student_id, guardian_id) DO UPDATE SET relation = excluded.relation",
        params![student_id, guardian_id, relation.code()],
    )?;
    Ok(())
}

/// Links an existing guardian to the student (or changes the relation of a link).
pub fn link_guardian(db: &Db, student_id: i64, guardian_id: i64, relation: Relation) -> Result<()> {
    let conn = db.conn();
    load(conn, student_id)?;
    load_guardian(conn, guardian_id)?;
    db.write(|tx| write_link(tx, student_id, guardian_id, relation))
}

/// Saves the guardian (new or changed) and links it to the student, in one transaction.
pub fn save_student_guardian(
    db: &Db,
    student_id: i64,
    sg: &StudentGuardian,
) -> Result<Saved<StudentGuardian>> {
    let conn = db.conn();
    load(conn, student_id)?;
    let warnings = check_guardian(conn, &sg.guardian)?;
    let id = db.write(|tx| {
        let id = write_guardian(tx, &sg.guardian)?;
        write_link(tx, student_id, id, sg.relation)?;
        Ok(id)
    })?;
    Ok(Saved {
        value: StudentGuardian {
            guardian: load_guardian(conn, id)?,
            relation: sg.relation,
        },
        warnings,
    })
}

/// Removes the link; the guardian record stays (it may be a sibling's, and is kept for history).
pub fn unlink_guardian(db: &Db, student_id: i64, guardian_id: i64) -> Result<()> {
    let n = db.conn().execute(
        "DELETE FROM student_guardian WHERE student_id = ?1 AND guardian_id = ?2",
        [student_id, guardian_id],
    )?;
    if n == 0 {
        return Err(CoreError::NotFound { what: GUARDIAN });
    }
    Ok(())
}

/// Deletes a guardian with the links and the guardian's consents.
pub fn delete_guardian(db: &Db, id: i64) -> Result<()> {
    load_guardian(db.conn(), id)?;
    db.write(|tx| {
        tx.execute("DELETE FROM guardian WHERE id = ?1", [id])?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Consents

const CONSENT_COLUMNS: &str = "id, student_id, guardian_id, given_on, withdrawn_on, note";

fn consent_from_row(r: &Row) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: Some(r.get(0)?),
        student_id: r.get(1)?,
        guardian_id: r.get(2)?,
        given_on: r.get(3)?,
        withdrawn_on: r.get(4)?,
        note: r.get(5)?,
    })
}

fn load_consent(conn: &Connection, id: i64) -> Result<Consent> {
    conn.query_row(
        &format!("SELECT {CONSENT_COLUMNS} FROM consent WHERE id = ?1"),
        [id],
        consent_from_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: CONSENT })
}

fn consents_where(conn: &Connection, column: &str, id: i64) -> Result<Vec<Consent>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CONSENT_COLUMNS} FROM consent WHERE {column} = ?1 ORDER BY given_on, id"
    ))?;
    let rows = stmt
        .query_map([id], consent_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The student's own consents, oldest first.
pub fn student_consents(db: &Db, student_id: i64) -> Result<Vec<Consent>> {
    load(db.conn(), student_id)?;
    consents_where(db.conn(), "student_id", student_id)
}

/// A guardian's consents, oldest first.
pub fn guardian_consents(db: &Db, guardian_id: i64) -> Result<Vec<Consent>> {
    load_guardian(db.conn(), guardian_id)?;
    consents_where(db.conn(), "guardian_id", guardian_id)
}

/// A consent of exactly one person (a student or a guardian); given on a day not after `today`;
/// withdrawn, if at all, not before it was given.
pub fn save_consent(db: &Db, c: &Consent, today: NaiveDate) -> Result<Consent> {
    let conn = db.conn();
    if let Some(id) = c.id {
        load_consent(conn, id)?;
    }
    let mut check = Check::new();
    match (c.student_id, c.guardian_id) {
        (Some(s), None) => {
            load(conn, s)?;
        }
        (None, Some(g)) => {
            load_guardian(conn, g)?;
        }
        _ => check.add("student_id", Problem::ConsentOfOnePerson),
    }
    match c.given_on {
        None => check.add("given_on", Problem::Required),
        Some(g) if g > today => check.add("given_on", Problem::DateInFuture),
        Some(g) => {
            if c.withdrawn_on.is_some_and(|w| w < g) {
                check.add("withdrawn_on", Problem::EndBeforeStart);
            }
        }
    }
    check.finish()?;
    let id = db.write(|tx| {
        let values = params![
            c.student_id,
            c.guardian_id,
            c.given_on,
            c.withdrawn_on,
            c.note.trim(),
            c.id
        ];
        match c.id {
            Some(id) => {
                tx.execute(
                    "UPDATE consent SET student_id = ?1, guardian_id = ?2, given_on = ?3,
                     withdrawn_on = ?4, note = ?5 WHERE id = ?6",
                    values,
                )?;
                Ok(id)
            }
            None => {
                tx.execute(
                    "INSERT INTO consent (student_id, guardian_id, given_on, withdrawn_on, note, id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    values,
                )?;
                Ok(tx.last_insert_rowid())
            }
        }
    })?;
    load_consent(conn, id)
}

pub fn delete_consent(db: &Db, id: i64) -> Result<()> {
    let n = db
        .conn()
        .execute("DELETE FROM consent WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(CoreError::NotFound { what: CONSENT });
    }
    Ok(())
}

/// Who has no consent in force on `on`: each student studying in a class of the year that day,
/// and each guardian of such a student, by class and name (a guardian of two children is
/// listed with each).
pub fn missing_consents(
    db: &Db,
    academic_year_id: i64,
    on: NaiveDate,
) -> Result<Vec<MissingConsent>> {
    let sql = "SELECT
            EXISTS (SELECT 1 FROM consent k WHERE k.student_id = s.id AND k.given_on <= ?2
                    AND (k.withdrawn_on IS NULL OR k.withdrawn_on > ?2)),
            g.id IS NULL OR EXISTS (SELECT 1 FROM consent k WHERE k.guardian_id = g.id
                    AND k.given_on <= ?2 AND (k.withdrawn_on IS NULL OR k.withdrawn_on > ?2)),
            s.id, s.last_name, s.first_name, s.patronymic, c.id, c.grade, c.letter,
            g.id, g.last_name, g.first_name, g.patronymic, l.relation
           FROM class_membership m
           JOIN student s ON s.id = m.student_id
           JOIN class c ON c.id = m.class_id
           LEFT JOIN student_guardian l ON l.student_id = s.id
           LEFT JOIN guardian g ON g.id = l.guardian_id
          WHERE m.academic_year_id = ?1
            AND (s.enrolled_on IS NULL OR s.enrolled_on <= ?2)
            AND (s.departed_on IS NULL OR s.departed_on > ?2)
          ORDER BY c.grade, c.letter_key COLLATE RU, s.last_name COLLATE RU,
                s.first_name COLLATE RU, s.patronymic COLLATE RU, s.id,
                CASE l.relation WHEN 'mother' THEN 0 WHEN 'father' THEN 1 ELSE 2 END, g.id";
    let mut stmt = db.conn().prepare(sql)?;
    let rows = stmt.query_map(params![academic_year_id, on], |r| {
        let student_has: bool = r.get(0)?;
        let guardian_has: bool = r.get(1)?;
        let student_name = people::full_name(
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
            &r.get::<_, String>(5)?,
        );
        let guardian_id: Option<i64> = r.get(9)?;
        let guardian_name = match guardian_id {
            Some(_) => people::full_name(
                &r.get::<_, String>(10)?,
                &r.get::<_, String>(11)?,
                &r.get::<_, String>(12)?,
            ),
            None => String::new(),
        };
        let base = MissingConsent {
            student_id: r.get(2)?,
            student_name,
            class_id: r.get(6)?,
            class_label: classes::label(r.get(7)?, &r.get::<_, String>(8)?),
            guardian_id: None,
            guardian_name: String::new(),
            relation: None,
        };
        let guardian = (!guardian_has && guardian_id.is_some()).then(|| -> rusqlite::Result<_> {
            Ok(MissingConsent {
                guardian_id,
                guardian_name: guardian_name.clone(),
                relation: Some(Relation::from_code(&r.get::<_, String>(13)?)),
                ..base.clone()
            })
        });
        Ok((student_has, base, guardian.transpose()?))
    })?;
    let mut out: Vec<MissingConsent> = Vec::new();
    let mut last_student = None;
    for row in rows {
        let (student_has, base, guardian) = row?;
        // The student's own line once (rows come by student), before the student's guardians.
        if !student_has && last_student != Some(base.student_id) {
            last_student = Some(base.student_id);
            out.push(base);
        }
        out.extend(guardian);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classes::tests::{add as add_class, d, today, year_2026};

    fn student(last: &str, first: &str, patronymic: &str) -> Student {
        Student {
            id: None,
            file_number: String::new(),
            last_name: last.into(),
            first_name: first.into(),
            patronymic: patronymic.into(),
            sex: people::sex_by_patronymic(patronymic).unwrap_or(Sex::Female),
            birth_date: Some(d(2015, 3, 14)),
            citizenship: "Россия".into(),
            registered_address: String::new(),
            actual_address: String::new(),
            snils: String::new(),
            study_form: StudyForm::FullTime,
            enrolled_on: Some(d(2022, 9, 1)),
            enrolment_order: Order {
                series: String::new(),
                number: "112-у".into(),
                date: Some(d(2022, 8, 25)),
            },
            departed_on: None,
            departure_reason: None,
            departure_destination: String::new(),
            departure_order: Order::default(),
            note: String::new(),
            class_id: None,
        }
    }

    fn in_class(class_id: Option<i64>, last: &str, first: &str, patronymic: &str) -> Student {
        Student {
            class_id,
            ..student(last, first, patronymic)
        }
    }

    fn add(db: &Db, s: &Student) -> Student {
        save(db, s, today()).unwrap().value
    }

    fn guardian(last: &str, first: &str, patronymic: &str) -> Guardian {
        Guardian {
            id: None,
            last_name: last.into(),
            first_name: first.into(),
            patronymic: patronymic.into(),
            phone: "+7 (910) 200-30-40".into(),
            phone_extra: String::new(),
            email: String::new(),
            snils: String::new(),
            address: String::new(),
            note: String::new(),
            children: 0,
        }
    }

    fn errors(res: Result<impl std::fmt::Debug>) -> Vec<(String, String)> {
        match res {
            Err(CoreError::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect()
    }

    fn count(db: &Db, table: &str) -> i64 {
        db.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn names(rows: &[StudentRow]) -> Vec<String> {
        rows.iter().map(|r| r.full_name.clone()).collect()
    }

    #[test]
    fn saves_a_student_card_trimmed_with_yo_kept_and_reads_it_back() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let c = add_class(&db, year, 5, "А");
        let s = Student {
            file_number: "  к-1 ".into(),
            snils: "12345678964".into(),
            citizenship: " Россия ".into(),
            registered_address: " г. Ливны ".into(),
            note: " ".into(),
            ..in_class(c.id, "  Ёлкина ", " Алёна ", " Семёновна  ")
        };
        let saved = save(&db, &s, today()).unwrap();
        assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
        let v = saved.value;
        assert_eq!(v.file_number, "к-1");
        assert_eq!(v.full_name(), "Ёлкина Алёна Семёновна");
        assert_eq!(v.snils, "123-456-789 64");
        assert_eq!(v.citizenship, "Россия");
        assert_eq!(v.registered_address, "г. Ливны");
        assert_eq!(v.class_id, c.id);
        assert_eq!(get(&db, v.id.unwrap()).unwrap(), v);
        let rows = list(&db, year, None, None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].class_label, "5 А");
        assert_eq!(rows[0].snils, "123-456-789 64");
        assert_eq!(rows[0].enrolment_order.number, "112-у");
        assert_eq!(find_by_file_number(&db, "K-1").unwrap(), v.id);
        assert_eq!(
            find_by_person(&db, "елкина", "алена", "семеновна", d(2015, 3, 14)).unwrap(),
            vec![v.id.unwrap()]
        );
        assert!(
            find_by_person(&db, "Елкина", "Алена", "Семеновна", d(2015, 3, 15))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once_and_nothing_is_written() {
        let db = Db::in_memory().unwrap();
        let bad = Student {
            snils: "123-456-789 65".into(),
            birth_date: Some(today().succ_opt().unwrap()),
            enrolment_order: Order {
                series: String::new(),
                number: "12".into(),
                date: None,
            },
            departure_destination: "МБОУ СОШ № 3".into(),
            ..student("", "Аннa", "Петр0вна")
        };
        assert_eq!(
            errors(save(&db, &bad, today())),
            pairs(&[
                ("last_name", "required"),
                ("first_name", "latin_in_name"),
                ("patronymic", "bad_char_in_name"),
                ("birth_date", "birth_date_in_future"),
                ("snils", "snils_check_number"),
                ("enrolment_order.date", "required"),
                ("departed_on", "required"),
                ("departure_reason", "required"),
            ])
        );
        let bad = Student {
            birth_date: None,
            ..student("Иванова", "Анна", "")
        };
        assert_eq!(
            errors(save(&db, &bad, today())),
            pairs(&[("birth_date", "required")])
        );
        let bad = Student {
            enrolled_on: Some(d(2015, 3, 1)),
            departed_on: Some(d(2015, 2, 1)),
            departure_reason: Some(DepartureReason::OtherSchool),
            ..student("Иванова", "Анна", "")
        };
        assert_eq!(
            errors(save(&db, &bad, today())),
            pairs(&[
                ("enrolled_on", "before_birth"),
                ("departed_on", "departure_before_enrolment")
            ])
        );
        assert_eq!(count(&db, "student"), 0);
    }

    #[test]
    fn file_numbers_are_unique_up_to_case_spaces_and_layout() {
        let db = Db::in_memory().unwrap();
        let first = add(
            &db,
            &Student {
                file_number: "к-1".into(),
                ..student("Иванов", "Пётр", "Ильич")
            },
        );
        for number in ["К-1", " к-1 ", "k-1", "K - 1"] {
            let s = Student {
                file_number: number.into(),
                ..student("Петров", "Иван", "Ильич")
            };
            let err = save(&db, &s, today()).unwrap_err();
            assert_eq!(err.fields()[0].code, "duplicate_file_number", "{number}");
            assert!(err.fields()[0].message.contains("Иванов Пётр Ильич"));
        }
        // Empty numbers do not clash; the student keeps their own number when saved again.
        add(&db, &student("Петров", "Иван", "Ильич"));
        add(&db, &student("Сидоров", "Иван", "Ильич"));
        assert!(save(&db, &first, today()).is_ok());
    }

    #[test]
    fn snils_is_unique_among_students() {
        let db = Db::in_memory().unwrap();
        add(
            &db,
            &Student {
                snils: "112-233-445 95".into(),
                ..student("Иванов", "Пётр", "Ильич")
            },
        );
        let twin = Student {
            snils: "11223344595".into(),
            ..student("Иванов", "Павел", "Ильич")
        };
        assert_eq!(
            errors(save(&db, &twin, today())),
            pairs(&[("snils", "duplicate_snils")])
        );
    }

    #[test]
    fn warnings_for_age_and_sex_do_not_stop_the_save() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let c = add_class(&db, year, 1, "А");
        let s = Student {
            birth_date: Some(d(2022, 5, 1)),
            sex: Sex::Male,
            ..in_class(c.id, "Иванова", "Анна", "Петровна")
        };
        let saved = save(&db, &s, today()).unwrap();
        let codes: Vec<(&str, &str)> = saved
            .warnings
            .iter()
            .map(|w| (w.field.as_str(), w.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("sex", "sex_disagrees_with_patronymic"),
                ("birth_date", "unusual_age")
            ]
        );
        assert!(saved.warnings[1].message.contains("4"));
        assert!(saved.warnings[1].message.contains("01.09.2026"));
        let old = Student {
            birth_date: Some(d(2005, 5, 1)),
            ..in_class(c.id, "Иванов", "Пётр", "Ильич")
        };
        assert_eq!(
            save(&db, &old, today()).unwrap().warnings[0].code,
            "unusual_age"
        );
    }

    #[test]
    fn class_lists_are_in_russian_alphabetical_order_with_sizes() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let a = add_class(&db, year, 5, "А");
        let b = add_class(&db, year, 5, "Б");
        for (last, first, patronymic) in [
            ("Ёлкин", "Пётр", "Ильич"),
            ("Яковлева", "Анна", "Петровна"),
            ("Ежов", "Иван", "Ильич"),
            ("елисеева", "Мария", "Олеговна"),
            ("Абрамов", "Олег", "Иванович"),
            ("Ежов", "Алексей", "Ильич"),
        ] {
            add(&db, &in_class(a.id, last, first, patronymic));
        }
        add(&db, &in_class(b.id, "Белова", "Вера", "Ивановна"));
        let rows = list(&db, year, a.id, None).unwrap();
        assert_eq!(
            names(&rows),
            [
                "Абрамов Олег Иванович",
                "Ежов Алексей Ильич",
                "Ежов Иван Ильич",
                "елисеева Мария Олеговна",
                "Ёлкин Пётр Ильич",
                "Яковлева Анна Петровна"
            ]
        );
        let whole = list(&db, year, None, None).unwrap();
        assert_eq!(whole.len(), 7);
        assert_eq!(whole[6].class_label, "5 Б");
        let sizes: Vec<(String, i32, i32, i32)> = classes::list(&db, year, today())
            .unwrap()
            .into_iter()
            .map(|r| (r.label, r.boys, r.girls, r.total))
            .collect();
        assert_eq!(
            sizes,
            [("5 А".to_string(), 4, 2, 6), ("5 Б".to_string(), 0, 1, 1)]
        );
        let by_form = classes::sizes(&db, year, d(2026, 9, 20)).unwrap();
        assert_eq!(by_form[0].by_study_form.len(), 1);
        assert_eq!(by_form[0].by_study_form[0].count, 6);
        // A class with students is not deleted.
        let err = classes::delete(&db, a.id.unwrap()).unwrap_err();
        assert_eq!(err.fields()[0].code, "class_not_empty");
    }

    #[test]
    fn a_departure_is_dated_and_keeps_the_student() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let c = add_class(&db, year, 7, "В");
        let mut s = add(&db, &in_class(c.id, "Петров", "Иван", "Ильич"));
        add(&db, &in_class(c.id, "Сидоров", "Олег", "Ильич"));
        s.departed_on = Some(d(2026, 10, 15));
        s.departure_reason = Some(DepartureReason::OtherSchool);
        s.departure_destination = "МБОУ СОШ № 3 г. Орла".into();
        s.departure_order = Order {
            series: String::new(),
            number: "201-у".into(),
            date: Some(d(2026, 10, 14)),
        };
        let s = save(&db, &s, today()).unwrap().value;
        assert_eq!(s.departure_reason, Some(DepartureReason::OtherSchool));
        // Still in the class's list of the year, out of the list of those studying now.
        assert_eq!(list(&db, year, c.id, None).unwrap().len(), 2);
        assert_eq!(
            names(&list(&db, year, c.id, Some(today())).unwrap()),
            ["Сидоров Олег Ильич"]
        );
        assert_eq!(
            list(&db, year, c.id, Some(d(2026, 10, 14))).unwrap().len(),
            2
        );
        assert_eq!(classes::info(&db, c.id.unwrap(), today()).unwrap().total, 1);
        assert_eq!(
            classes::info(&db, c.id.unwrap(), d(2026, 9, 20))
                .unwrap()
                .total,
            2
        );
        assert_eq!(list_all(&db).unwrap().len(), 2);
        // A departure reason without the date is refused, and the other way round.
        let half = Student {
            departed_on: None,
            ..s.clone()
        };
        assert_eq!(
            errors(save(&db, &half, today())),
            pairs(&[("departed_on", "required")])
        );
        let half = Student {
            departure_reason: None,
            ..s
        };
        assert_eq!(
            errors(save(&db, &half, today())),
            pairs(&[("departure_reason", "required")])
        );
    }

    #[test]
    fn the_class_is_kept_per_year_so_last_year_stays_readable() {
        let db = Db::in_memory().unwrap();
        let this = year_2026(&db);
        let next = crate::year::save(
            &db,
            &crate::year::AcademicYear {
                id: None,
                name: "2027-2028".into(),
                starts_on: Some(d(2027, 9, 1)),
                ends_on: Some(d(2028, 8, 31)),
                is_current: false,
            },
        )
        .unwrap()
        .id
        .unwrap();
        let five = add_class(&db, this, 5, "А");
        let six = add_class(&db, next, 6, "А");
        let s = add(&db, &in_class(five.id, "Петров", "Иван", "Ильич"));
        let id = s.id.unwrap();
        place(&db, id, six.id.unwrap()).unwrap();
        assert_eq!(
            get(&db, id).unwrap().class_id,
            five.id,
            "the current year's class"
        );
        let history: Vec<(String, String)> = placements(&db, id)
            .unwrap()
            .into_iter()
            .map(|p| (p.year_name, p.class_label))
            .collect();
        assert_eq!(
            history,
            [
                ("2026-2027".to_string(), "5 А".to_string()),
                ("2027-2028".to_string(), "6 А".to_string())
            ]
        );
        crate::year::set_current(&db, next).unwrap();
        assert_eq!(get(&db, id).unwrap().class_id, six.id);
        assert_eq!(
            list(&db, this, five.id, None).unwrap().len(),
            1,
            "last year readable"
        );
        // Another class of the same year replaces the place; there is one class a year.
        let six_b = add_class(&db, next, 6, "Б");
        let mut s = get(&db, id).unwrap();
        s.class_id = six_b.id;
        save(&db, &s, today()).unwrap();
        assert!(list(&db, next, six.id, None).unwrap().is_empty());
        assert_eq!(list(&db, next, six_b.id, None).unwrap().len(), 1);
        // Saved without a class: out of the current year's class, last year's kept.
        s.class_id = None;
        save(&db, &s, today()).unwrap();
        assert!(list(&db, next, None, None).unwrap().is_empty());
        assert_eq!(
            names(&without_class(&db, next, d(2027, 9, 1)).unwrap()),
            ["Петров Иван Ильич"]
        );
        assert_eq!(list(&db, this, None, None).unwrap().len(), 1);
        place(&db, id, six.id.unwrap()).unwrap();
        unplace(&db, id, next).unwrap();
        assert!(list(&db, next, None, None).unwrap().is_empty());
        assert_eq!(place(&db, id, 999).unwrap_err().code(), "not_found");
    }

    #[test]
    fn siblings_share_a_guardian_and_unknown_ids_are_not_found() {
        let db = Db::in_memory().unwrap();
        let anna = add(&db, &student("Петрова", "Анна", "Ивановна"));
        let ivan = add(
            &db,
            &Student {
                birth_date: Some(d(2017, 6, 1)),
                ..student("Петров", "Иван", "Иванович")
            },
        );
        let mother = save_student_guardian(
            &db,
            anna.id.unwrap(),
            &StudentGuardian {
                guardian: Guardian {
                    snils: "11223344595".into(),
                    email: " petrova@mail.ru ".into(),
                    ..guardian(" Петрова ", "Ольга", "Сергеевна")
                },
                relation: Relation::Mother,
            },
        )
        .unwrap()
        .value
        .guardian;
        assert_eq!(mother.last_name, "Петрова");
        assert_eq!(mother.snils, "112-233-445 95");
        // The sibling's card finds her and links the same record.
        let found = find_guardians(&db, "петрова ольга").unwrap();
        assert_eq!(found, vec![mother.clone()]);
        assert_eq!(find_guardians(&db, "200-30").unwrap().len(), 1);
        assert!(find_guardians(&db, "Сидорова").unwrap().is_empty());
        link_guardian(&db, ivan.id.unwrap(), mother.id.unwrap(), Relation::Mother).unwrap();
        assert_eq!(get_guardian(&db, mother.id.unwrap()).unwrap().children, 2);
        let kids: Vec<String> = children_of(&db, mother.id.unwrap())
            .unwrap()
            .into_iter()
            .map(|r| r.first_name)
            .collect();
        assert_eq!(kids, ["Анна", "Иван"]);
        // Typing her again with the same SNILS is refused with her name.
        let again = guardian("Петрова", "Ольга", "Сергеевна");
        let again = Guardian {
            snils: "112-233-445 95".into(),
            ..again
        };
        let err = save_guardian(&db, &again).unwrap_err();
        assert_eq!(err.fields()[0].code, "duplicate_snils");
        assert!(err.fields()[0].message.contains("Петрова Ольга Сергеевна"));
        // A father for Ivan only; the relation can change.
        save_student_guardian(
            &db,
            ivan.id.unwrap(),
            &StudentGuardian {
                guardian: guardian("Петров", "Иван", "Петрович"),
                relation: Relation::Other,
            },
        )
        .unwrap();
        let father = find_guardians(&db, "Петров Иван").unwrap()[0].id.unwrap();
        link_guardian(&db, ivan.id.unwrap(), father, Relation::Father).unwrap();
        let of_ivan: Vec<(String, Relation)> = guardians_of(&db, ivan.id.unwrap())
            .unwrap()
            .into_iter()
            .map(|g| (g.guardian.first_name, g.relation))
            .collect();
        assert_eq!(
            of_ivan,
            [
                ("Ольга".to_string(), Relation::Mother),
                ("Иван".to_string(), Relation::Father)
            ]
        );
        unlink_guardian(&db, ivan.id.unwrap(), father).unwrap();
        assert_eq!(guardians_of(&db, ivan.id.unwrap()).unwrap().len(), 1);
        assert!(get_guardian(&db, father).is_ok(), "the record stays");
        assert_eq!(
            unlink_guardian(&db, ivan.id.unwrap(), father)
                .unwrap_err()
                .code(),
            "not_found"
        );
        assert_eq!(
            errors(save_guardian(&db, &guardian(" ", "", "Иванoвна"))),
            pairs(&[
                ("last_name", "required"),
                ("first_name", "required"),
                ("patronymic", "latin_in_name")
            ])
        );
        assert_eq!(
            link_guardian(&db, 999, father, Relation::Father)
                .unwrap_err()
                .code(),
            "not_found"
        );
        assert_eq!(
            link_guardian(&db, ivan.id.unwrap(), 999, Relation::Father)
                .unwrap_err()
                .code(),
            "not_found"
        );
        // Deleting a student takes the links, not the shared guardian.
        delete(&db, anna.id.unwrap()).unwrap();
        assert_eq!(get_guardian(&db, mother.id.unwrap()).unwrap().children, 1);
        delete_guardian(&db, mother.id.unwrap()).unwrap();
        assert!(guardians_of(&db, ivan.id.unwrap()).unwrap().is_empty());
        assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
        assert_eq!(delete(&db, 999).unwrap_err().code(), "not_found");
    }

    #[test]
    fn consents_and_the_list_of_who_has_none() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let c = add_class(&db, year, 2, "А");
        let anna = add(&db, &in_class(c.id, "Петрова", "Анна", "Ивановна"));
        let boris = add(&db, &in_class(c.id, "Борисов", "Олег", "Ильич"));
        let mother = save_student_guardian(
            &db,
            anna.id.unwrap(),
            &StudentGuardian {
                guardian: guardian("Петрова", "Ольга", "Сергеевна"),
                relation: Relation::Mother,
            },
        )
        .unwrap()
        .value
        .guardian;
        let sept = d(2026, 9, 1);
        let consent = |student: Option<i64>, guardian: Option<i64>| Consent {
            id: None,
            student_id: student,
            guardian_id: guardian,
            given_on: Some(sept),
            withdrawn_on: None,
            note: String::new(),
        };
        let missing = |on| -> Vec<(String, String)> {
            missing_consents(&db, year, on)
                .unwrap()
                .into_iter()
                .map(|m| (m.student_name, m.guardian_name))
                .collect()
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            missing(today()),
            [
                pair("Борисов Олег Ильич", ""),
                pair("Петрова Анна Ивановна", ""),
                pair("Петрова Анна Ивановна", "Петрова Ольга Сергеевна")
            ]
        );
        save_consent(&db, &consent(anna.id, None), today()).unwrap();
        let given = save_consent(&db, &consent(None, mother.id), today()).unwrap();
        assert_eq!(missing(today()), [pair("Борисов Олег Ильич", "")]);
        assert_eq!(missing(d(2026, 8, 31)).len(), 3, "before it was given");
        // Withdrawn: missing again from the day of withdrawal.
        let withdrawn = Consent {
            withdrawn_on: Some(d(2026, 11, 1)),
            ..given
        };
        let withdrawn = save_consent(&db, &withdrawn, today()).unwrap();
        assert_eq!(missing(today()).len(), 2);
        assert_eq!(missing(d(2026, 10, 31)).len(), 1);
        assert_eq!(
            guardian_consents(&db, mother.id.unwrap()).unwrap(),
            vec![withdrawn]
        );
        assert_eq!(student_consents(&db, anna.id.unwrap()).unwrap().len(), 1);
        // Bad consents.
        let bad = Consent {
            given_on: Some(today().succ_opt().unwrap()),
            ..consent(boris.id, mother.id)
        };
        assert_eq!(
            errors(save_consent(&db, &bad, today())),
            pairs(&[
                ("student_id", "consent_of_one_person"),
                ("given_on", "date_in_future")
            ])
        );
        let bad = Consent {
            withdrawn_on: Some(d(2026, 8, 1)),
            ..consent(boris.id, None)
        };
        assert_eq!(
            errors(save_consent(&db, &bad, today())),
            pairs(&[("withdrawn_on", "end_before_start")])
        );
        let bad = Consent {
            given_on: None,
            ..consent(None, None)
        };
        assert_eq!(
            errors(save_consent(&db, &bad, today())),
            pairs(&[
                ("student_id", "consent_of_one_person"),
                ("given_on", "required")
            ])
        );
        assert_eq!(
            save_consent(&db, &consent(Some(999), None), today())
                .unwrap_err()
                .code(),
            "not_found"
        );
        // A departed student is not listed.
        let mut b = get(&db, boris.id.unwrap()).unwrap();
        b.departed_on = Some(d(2026, 10, 1));
        b.departure_reason = Some(DepartureReason::OtherSchool);
        save(&db, &b, today()).unwrap();
        assert_eq!(
            missing(today()),
            [pair("Петрова Анна Ивановна", "Петрова Ольга Сергеевна")]
        );
        let id = student_consents(&db, anna.id.unwrap()).unwrap()[0]
            .id
            .unwrap();
        delete_consent(&db, id).unwrap();
        assert_eq!(delete_consent(&db, id).unwrap_err().code(), "not_found");
    }

    /// The import's writer stores a card as `save` does, by the short insert of an enrolment
    /// list's card or by the whole one, and places it in the class of the year.
    #[test]
    fn new_students_of_an_import_are_stored_as_saved() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let class = add_class(&db, year, 5, "А").id;
        let mut listed = in_class(class, "  Ёлкина ", "Алёна", "Сергеевна ");
        listed.citizenship = String::new();
        listed.file_number = " 12 а ".into();
        assert!(enrolment_card(&listed));
        let mut full = in_class(class, "Петров", "Иван", "Сергеевич");
        full.snils = "11223344595".into();
        assert!(!enrolment_card(&full));

        let ids = db
            .write(|tx| {
                let mut new = NewStudents::new(tx, year)?;
                Ok([
                    new.add(&NewCard::of(&listed), class.unwrap())?,
                    new.add(&NewCard::of(&full), class.unwrap())?,
                ])
            })
            .unwrap();
        for (id, card) in ids.into_iter().zip([listed, full]) {
            let written = get(&db, id).unwrap();
            let saved = {
                let other = Db::in_memory().unwrap();
                let year = year_2026(&other);
                let class = add_class(&other, year, 5, "А").id;
                add(
                    &other,
                    &Student {
                        class_id: class,
                        ..card
                    },
                )
            };
            assert_eq!(
                written,
                Student {
                    id: Some(id),
                    ..saved
                }
            );
        }
    }

    #[test]
    fn a_failure_mid_way_leaves_nothing() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let c = add_class(&db, year, 3, "А");
        // The membership insert fails after the student row is written: neither stays.
        db.conn()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON class_membership
                 BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let s = in_class(c.id, "Петров", "Иван", "Ильич");
        assert_eq!(save(&db, &s, today()).unwrap_err().code(), "db");
        assert_eq!(count(&db, "student"), 0);
        db.conn().execute_batch("DROP TRIGGER boom").unwrap();
        // A composite change (an import of three rows) whose last row fails leaves nothing.
        let res: Result<()> = db.write(|_| {
            save(&db, &in_class(c.id, "Петров", "Иван", "Ильич"), today())?;
            save(&db, &in_class(c.id, "Сидоров", "Олег", "Ильич"), today())?;
            save(&db, &in_class(c.id, "", "Олег", "Ильич"), today())?;
            Ok(())
        });
        assert_eq!(res.unwrap_err().code(), "invalid");
        assert_eq!(count(&db, "student"), 0);
        assert_eq!(count(&db, "class_membership"), 0);
        // A guardian saved with a link that fails leaves no guardian either.
        let s = add(&db, &student("Петров", "Иван", "Ильич"));
        db.conn()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON student_guardian
                 BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let sg = StudentGuardian {
            guardian: guardian("Петрова", "Ольга", "Сергеевна"),
            relation: Relation::Mother,
        };
        assert_eq!(
            save_student_guardian(&db, s.id.unwrap(), &sg)
                .unwrap_err()
                .code(),
            "db"
        );
        assert_eq!(count(&db, "guardian"), 0);
    }

    #[test]
    fn enums_have_codes_labels_and_serde_names_that_agree() {
        for f in StudyForm::ALL {
            assert_eq!(StudyForm::from_code(f.code()), f);
            assert_eq!(serde_json::to_value(f).unwrap(), f.code());
        }
        for r in DepartureReason::ALL {
            assert_eq!(DepartureReason::from_code(r.code()), r);
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
        for r in Relation::ALL {
            assert_eq!(Relation::from_code(r.code()), r);
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
        assert_eq!(StudyForm::Home.label(), "Надомное обучение");
        assert_eq!(DepartureReason::Graduated.label(), "Завершил обучение");
    }
}
