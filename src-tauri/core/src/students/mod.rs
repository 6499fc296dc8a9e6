//! Students («Обучающиеся»), their guardians («Родители, законные представители») and consents
//! to personal-data processing.
//!
//! A student is a person of the school, not of a year: where a student studies is kept as
//! dated placements in classes (`movement::placements`), written by the movements (arrivals,
//! departures, transfers, in `movement`), so last year's classes stay readable after the
//! rollover and a student may change classes during a year. The card holds the person; its
//! history is the movements. A guardian is one record shared by siblings, linked to each child
//! with a relation.
//!
//! The card (`card`), guardians (`guardians`) and consents (`consents`) are written in files of
//! their own; this one reads students and their lists.

use crate::choice::choice_enum;
use crate::classes;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::movement::placements;
pub use crate::people::StudyForm;
use crate::people::{self, Sex};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod card;
mod consents;
mod guardians;
#[cfg(test)]
pub(crate) mod tests;

pub(crate) use card::check_with;
pub use card::{check, delete, place, save, unplace};
pub(crate) use card::{
    release_file_number, write_card, write_checked, Lookups, NewCard, NewStudents,
};
pub use consents::{
    delete_consent, guardian_consents, missing_consents, save_consent, student_consents, Consent,
    MissingConsent,
};
pub use guardians::{
    children_of, delete_guardian, find_guardians, get_guardian, guardians_of, link_guardian,
    save_guardian, save_student_guardian, unlink_guardian, Guardian, StudentGuardian,
};

/// Ages on 1 September outside this range are worth a warning (a typo in the year, most often).
pub const USUAL_AGE: (i32, i32) = (5, 20);

const STUDENT: &str = "Обучающийся";

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

choice_enum! {
    /// ОВЗ (ограниченные возможности здоровья) by the kind of the adapted programme the student
    /// follows, as ФГОС ОВЗ names them; `None` — no ОВЗ.
    pub enum SpecialNeeds (fallback Other) {
        None = "none", "Нет";
        Deaf = "deaf", "Глухие";
        HardOfHearing = "hard_of_hearing", "Слабослышащие и позднооглохшие";
        Blind = "blind", "Слепые";
        VisuallyImpaired = "visually_impaired", "Слабовидящие";
        Speech = "speech", "Тяжёлые нарушения речи";
        Musculoskeletal = "musculoskeletal", "Нарушения опорно-двигательного аппарата";
        DevelopmentalDelay = "developmental_delay", "Задержка психического развития";
        Autism = "autism", "Расстройства аутистического спектра";
        Intellectual = "intellectual", "Умственная отсталость (интеллектуальные нарушения)";
        Other = "other", "Другие нарушения";
    }
}

impl SpecialNeeds {
    /// ОВЗ of any kind.
    pub fn any(self) -> bool {
        self != SpecialNeeds::None
    }
}

/// The student card: the person. Where the student studies and since when is the history of
/// movements (`movement::history`) and placements (`movement::placements`).
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
    /// The present form; its changes are movements (`movement::change_study_form`).
    pub study_form: StudyForm,
    /// Ребёнок-инвалид.
    pub disability: bool,
    /// ОВЗ and the kind of the adapted programme.
    pub special_needs: SpecialNeeds,
    pub note: String,
    /// Read: the student's class in the current academic year (the last one that year). Save: a
    /// class (of any year) places the student in it for that year (`place`), instead of the
    /// class of that year put wrong; empty takes the student out of the current year's classes.
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
}

impl Student {
    /// A new card with what a list of students gives (file number, name, sex, birth date),
    /// every other field empty, the study form full-time, no class.
    pub fn listed(
        file_number: String,
        (last_name, first_name, patronymic): (String, String, String),
        sex: Sex,
        birth_date: Option<NaiveDate>,
    ) -> Student {
        Student {
            id: None,
            file_number,
            last_name,
            first_name,
            patronymic,
            sex,
            birth_date,
            citizenship: String::new(),
            registered_address: String::new(),
            actual_address: String::new(),
            snils: String::new(),
            study_form: StudyForm::FullTime,
            disability: false,
            special_needs: SpecialNeeds::None,
            note: String::new(),
            class_id: None,
        }
    }

    pub fn full_name(&self) -> String {
        people::full_name(&self.last_name, &self.first_name, &self.patronymic)
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
    /// The first day in that class.
    pub arrived_on: Option<NaiveDate>,
    /// The first day no longer in that class (a departure, or a transfer to `moved_to`); none
    /// while the student is there.
    pub left_on: Option<NaiveDate>,
    /// The class the student was transferred to on `left_on`; empty when the student left the
    /// school or is still in the class.
    pub moved_to: String,
}

// ---------------------------------------------------------------------------------------------
// Reading students

const STUDENT_COLUMNS: &str = "s.id, s.file_number, s.last_name, s.first_name, s.patronymic, s.sex,
    s.birth_date, s.citizenship, s.registered_address, s.actual_address, s.snils, s.study_form,
    s.note, s.disability, s.special_needs";

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
        note: r.get(12)?,
        disability: r.get(13)?,
        special_needs: SpecialNeeds::from_code(&r.get::<_, String>(14)?),
        class_id: None,
    })
}

fn current_year(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM academic_year WHERE is_current = 1")?
        .query_row([], |r| r.get(0))
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
        s.class_id = placements::class_in_year(conn, id, year)?;
    }
    Ok(s)
}

/// The student card; `class_id` is the class in the current year.
pub fn get(db: &Db, id: i64) -> Result<Student> {
    load(db.conn(), id)
}

/// The columns of a row: the student (`s`), the placement listed (`p`, may be NULL) and its
/// class (`c`).
const ROW_COLUMNS: &str = "s.id, s.file_number, s.last_name, s.first_name, s.patronymic, s.sex,
    s.birth_date, s.study_form, c.id, c.grade, c.letter, s.snils, p.starts_on, p.left_on,
    (SELECT n.grade || char(31) || n.letter FROM placement q JOIN class n ON n.id = q.class_id
      WHERE q.student_id = p.student_id AND q.academic_year_id = p.academic_year_id
        AND q.starts_on = p.left_on AND q.id <> p.id LIMIT 1)";

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
    let moved_to = r
        .get::<_, Option<String>>(14)?
        .and_then(|t| {
            let (grade, letter) = t.split_once('\u{1f}')?;
            Some(classes::label(grade.parse().ok()?, letter))
        })
        .unwrap_or_default();
    Ok(StudentRow {
        id: r.get(0)?,
        file_number: r.get(1)?,
        full_name: people::full_name(&last, &first, &patronymic),
        last_name: last,
        first_name: first,
        patronymic,
        sex: Sex::from_code(&r.get::<_, String>(5)?),
        birth_date: r.get(6)?,
        study_form: StudyForm::from_code(&r.get::<_, String>(7)?),
        class_id,
        class_label,
        snils: r.get(11)?,
        arrived_on: r.get(12)?,
        left_on: r.get(13)?,
        moved_to,
    })
}

/// Students of a year's classes (of one class when `class_id` is given), by class and then in
/// Russian alphabetical order. With `on` (moved into the year), those studying that day, each in
/// the class they are in; without it, every student the class (or the year) had, those who left
/// included, each once: in the last class they had (within the class given).
pub fn list(
    db: &Db,
    academic_year_id: i64,
    class_id: Option<i64>,
    on: Option<NaiveDate>,
) -> Result<Vec<StudentRow>> {
    let on = match on {
        Some(on) => Some(classes::day_in_year(db.conn(), academic_year_id, on)?),
        None => None,
    };
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM placement p
           JOIN student s ON s.id = p.student_id
           JOIN class c ON c.id = p.class_id
          WHERE p.academic_year_id = ?1 AND (?2 IS NULL OR p.class_id = ?2)
            AND CASE WHEN ?3 IS NULL
                     THEN NOT EXISTS (SELECT 1 FROM placement q
                                       WHERE q.student_id = p.student_id
                                         AND q.academic_year_id = p.academic_year_id
                                         AND (?2 IS NULL OR q.class_id = ?2)
                                         AND (q.starts_on, q.id) > (p.starts_on, p.id))
                     ELSE p.starts_on <= ?3 AND (p.left_on IS NULL OR p.left_on > ?3) END
          ORDER BY {ROW_ORDER}"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(params![academic_year_id, class_id, on], row_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Students of the school with no class in the year who have not left the school by `on`
/// («Ученики вне класса»): a card saved without a class, or a student whose last movement by
/// then is no departure.
pub fn without_class(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<Vec<StudentRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM student s
           LEFT JOIN placement p ON 0
           LEFT JOIN class c ON 0
          WHERE NOT EXISTS (SELECT 1 FROM placement m
                             WHERE m.student_id = s.id AND m.academic_year_id = ?1)
            AND coalesce((SELECT kind FROM movement v
                           WHERE v.student_id = s.id AND v.occurred_on <= ?2
                             AND v.kind IN ('arrival', 'departure')
                           ORDER BY v.occurred_on DESC, v.id DESC LIMIT 1), '') <> 'departure'
          ORDER BY {ROW_ORDER}"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(params![academic_year_id, on], row_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The placement of the current year a row of a list of students shows: their last one.
fn current_placement_join() -> String {
    format!(
        "LEFT JOIN placement p ON p.id = {}
         LEFT JOIN class c ON c.id = p.class_id",
        placements::latest_sql(
            "s.id",
            "(SELECT id FROM academic_year WHERE is_current = 1)"
        )
    )
}

/// Every student the school has or had, with the class of the current year.
pub fn list_all(db: &Db) -> Result<Vec<StudentRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM student s {}
          ORDER BY s.last_name COLLATE RU, s.first_name COLLATE RU, s.patronymic COLLATE RU,
                s.birth_date, s.id",
        current_placement_join()
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map([], row_from_row)?
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
