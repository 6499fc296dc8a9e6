//! Classes («Классы»): grade + letter in one academic year, with the class card (kind, profile,
//! shift, term scheme, bell schedule, home room, class teacher) and the class list with sizes.
//!
//! A class label is «5 А»; «5А», «5-а», «5a» (a Latin a) and «5 "А" класс» name the same class.
//! Letters are stored in capitals, Latin look-alikes turned into Russian letters.

use crate::choice::choice_enum;
pub use crate::class_label::{label, normalize_letter, parse_label, MAX_GRADE, MIN_GRADE};
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::people::StudyForm;
use crate::people::{self, Sex};
use crate::staff;
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Profiles belong to secondary general education: grades 10 and 11.
pub const PROFILE_GRADES: (i32, i32) = (10, 11);

const CLASS: &str = "Класс";

pub mod defaults;
pub mod gaps;

choice_enum! {
    pub enum ClassKind (fallback Other) {
        General = "general", "Общеобразовательный";
        Profile = "profile", "Профильный";
        InDepth = "in_depth", "С углублённым изучением предметов";
        Correctional = "correctional", "Коррекционный";
        Cadet = "cadet", "Кадетский";
        Other = "other", "Другой";
    }
}

/// The five profiles of ФГОС СОО.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Profile {
    NaturalScience,
    Humanities,
    SocioEconomic,
    Technological,
    Universal,
}

impl Profile {
    pub const ALL: [Profile; 5] = [
        Profile::NaturalScience,
        Profile::Humanities,
        Profile::SocioEconomic,
        Profile::Technological,
        Profile::Universal,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Profile::NaturalScience => "natural_science",
            Profile::Humanities => "humanities",
            Profile::SocioEconomic => "socio_economic",
            Profile::Technological => "technological",
            Profile::Universal => "universal",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Profile::NaturalScience => "Естественно-научный",
            Profile::Humanities => "Гуманитарный",
            Profile::SocioEconomic => "Социально-экономический",
            Profile::Technological => "Технологический",
            Profile::Universal => "Универсальный",
        }
    }

    pub fn from_code(code: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// The class card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Class {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    /// 1–12 (параллель).
    pub grade: i32,
    /// «А»; may be empty. Stored in capitals with Latin look-alikes made Russian.
    pub letter: String,
    pub kind: ClassKind,
    /// Grades 10–11 only.
    pub profile: Option<Profile>,
    pub shift: i32,
    #[ts(type = "number | null")]
    pub term_scheme_id: Option<i64>,
    #[ts(type = "number | null")]
    pub bell_schedule_id: Option<i64>,
    /// Home room (закреплённый кабинет).
    #[ts(type = "number | null")]
    pub room_id: Option<i64>,
    /// A staff member working at the school.
    #[ts(type = "number | null")]
    pub class_teacher_id: Option<i64>,
    pub note: String,
}

impl Class {
    /// A new general class of the first shift, nothing else chosen (a new class gets the
    /// school's term scheme and bells when saved).
    pub fn new(academic_year_id: i64, grade: i32, letter: &str) -> Class {
        Class {
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
        }
    }

    pub fn label(&self) -> String {
        label(self.grade, &self.letter)
    }
}

/// A row of the class list: the card, the names it refers to, and the sizes at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassRow {
    #[serde(flatten)]
    pub class: Class,
    /// «5 А».
    pub label: String,
    pub term_scheme_name: String,
    pub bell_schedule_name: String,
    pub room_number: String,
    /// «Фамилия Имя Отчество» of the class teacher; empty when there is none.
    pub class_teacher_name: String,
    /// Students studying in the class on the day of the list.
    pub boys: i32,
    pub girls: i32,
    pub total: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StudyFormCount {
    pub study_form: StudyForm,
    pub count: i32,
}

/// Class sizes («Наполняемость классов») of one class on a day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassSize {
    #[ts(type = "number")]
    pub class_id: i64,
    pub grade: i32,
    pub label: String,
    pub boys: i32,
    pub girls: i32,
    pub total: i32,
    /// Only the forms some student of the class has, in the order of [`StudyForm::ALL`].
    pub by_study_form: Vec<StudyFormCount>,
}

// ---------------------------------------------------------------------------------------------
// Labels

fn letter_key(letter: &str) -> String {
    ru_key(letter)
}

/// The class of the year that a label names, however it is typed; None when there is none.
pub fn find_by_label(db: &Db, academic_year_id: i64, text: &str) -> Result<Option<Class>> {
    let Some((grade, letter)) = parse_label(text) else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT {CLASS_COLUMNS} FROM class WHERE academic_year_id = ?1 AND grade = ?2
         AND letter_key = ?3"
    );
    Ok(db
        .conn()
        .query_row(
            &sql,
            params![academic_year_id, grade, letter_key(&letter)],
            class_from_row,
        )
        .optional()?)
}

// ---------------------------------------------------------------------------------------------
// Reading

const CLASS_COLUMNS: &str = "id, academic_year_id, grade, letter, kind, profile, shift,
    term_scheme_id, bell_schedule_id, room_id, class_teacher_id, note";

fn class_from_row(r: &Row) -> rusqlite::Result<Class> {
    Ok(Class {
        id: Some(r.get(0)?),
        academic_year_id: r.get(1)?,
        grade: r.get(2)?,
        letter: r.get(3)?,
        kind: ClassKind::from_code(&r.get::<_, String>(4)?),
        profile: r
            .get::<_, Option<String>>(5)?
            .and_then(|p| Profile::from_code(&p)),
        shift: r.get(6)?,
        term_scheme_id: r.get(7)?,
        bell_schedule_id: r.get(8)?,
        room_id: r.get(9)?,
        class_teacher_id: r.get(10)?,
        note: r.get(11)?,
    })
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Class> {
    let sql = format!("SELECT {CLASS_COLUMNS} FROM class WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], class_from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: CLASS })
}

pub fn get(db: &Db, id: i64) -> Result<Class> {
    load(db.conn(), id)
}

/// The year's first and last day.
fn year_bounds(conn: &Connection, year_id: i64) -> Result<(String, NaiveDate, NaiveDate)> {
    conn.query_row(
        "SELECT name, starts_on, ends_on FROM academic_year WHERE id = ?1",
        [year_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or(CoreError::NotFound {
        what: "Учебный год",
    })
}

/// `on` moved into the year: a day before it is its first day, a day after it its last.
pub(crate) fn day_in_year(conn: &Connection, year_id: i64, on: NaiveDate) -> Result<NaiveDate> {
    let (_, starts, ends) = year_bounds(conn, year_id)?;
    Ok(on.clamp(starts, ends))
}

/// (class id, sex, study form) → students of the year's classes studying on `on`.
type Counts = HashMap<(i64, Sex, StudyForm), i32>;

fn counts(conn: &Connection, year_id: i64, on: NaiveDate) -> Result<Counts> {
    let mut stmt = conn.prepare(
        "SELECT p.class_id, s.sex, s.study_form, count(*)
           FROM placement p JOIN student s ON s.id = p.student_id
          WHERE p.academic_year_id = ?1
            AND p.starts_on <= ?2 AND (p.left_on IS NULL OR p.left_on > ?2)
          GROUP BY 1, 2, 3",
    )?;
    let rows = stmt.query_map(params![year_id, on], |r| {
        Ok((
            (
                r.get::<_, i64>(0)?,
                Sex::from_code(&r.get::<_, String>(1)?),
                StudyForm::from_code(&r.get::<_, String>(2)?),
            ),
            r.get::<_, i32>(3)?,
        ))
    })?;
    let mut map = Counts::new();
    for row in rows {
        let (key, n) = row?;
        *map.entry(key).or_default() += n;
    }
    Ok(map)
}

fn sum(counts: &Counts, class_id: i64, keep: impl Fn(Sex, StudyForm) -> bool) -> i32 {
    counts
        .iter()
        .filter(|((c, sex, form), _)| *c == class_id && keep(*sex, *form))
        .map(|(_, n)| n)
        .sum()
}

const ROW_SELECT: &str = "SELECT c.id, c.academic_year_id, c.grade, c.letter, c.kind, c.profile,
    c.shift, c.term_scheme_id, c.bell_schedule_id, c.room_id, c.class_teacher_id, c.note,
    coalesce(ts.name, ''), coalesce(bs.name, ''), coalesce(r.number, ''),
    coalesce(sm.last_name, ''), coalesce(sm.first_name, ''), coalesce(sm.patronymic, '')
    FROM class c
    LEFT JOIN term_scheme ts ON ts.id = c.term_scheme_id
    LEFT JOIN bell_schedule bs ON bs.id = c.bell_schedule_id
    LEFT JOIN room r ON r.id = c.room_id
    LEFT JOIN staff_member sm ON sm.id = c.class_teacher_id";

fn row_from_row(r: &Row) -> rusqlite::Result<ClassRow> {
    let class = class_from_row(r)?;
    Ok(ClassRow {
        label: class.label(),
        class,
        term_scheme_name: r.get(12)?,
        bell_schedule_name: r.get(13)?,
        room_number: r.get(14)?,
        class_teacher_name: people::full_name(
            &r.get::<_, String>(15)?,
            &r.get::<_, String>(16)?,
            &r.get::<_, String>(17)?,
        ),
        boys: 0,
        girls: 0,
        total: 0,
    })
}

fn with_sizes(mut row: ClassRow, counts: &Counts) -> ClassRow {
    let id = row.class.id.unwrap_or_default();
    row.boys = sum(counts, id, |s, _| s == Sex::Male);
    row.girls = sum(counts, id, |s, _| s == Sex::Female);
    row.total = row.boys + row.girls;
    row
}

/// The classes of a year by grade and letter, with sizes (boys, girls, total) of those
/// studying on `on` (moved into the year when outside it).
pub fn list(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<Vec<ClassRow>> {
    let conn = db.conn();
    let on = day_in_year(conn, academic_year_id, on)?;
    let counts = counts(conn, academic_year_id, on)?;
    let sql = format!(
        "{ROW_SELECT} WHERE c.academic_year_id = ?1 ORDER BY c.grade, c.letter_key COLLATE RU, c.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([academic_year_id], row_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(|r| with_sizes(r, &counts)).collect())
}

/// One row of the class list (the card with names and sizes on `on`).
pub fn info(db: &Db, id: i64, on: NaiveDate) -> Result<ClassRow> {
    let conn = db.conn();
    let row = conn
        .query_row(&format!("{ROW_SELECT} WHERE c.id = ?1"), [id], row_from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: CLASS })?;
    let on = day_in_year(conn, row.class.academic_year_id, on)?;
    let counts = counts(conn, row.class.academic_year_id, on)?;
    Ok(with_sizes(row, &counts))
}

/// Class sizes of the year on `on` (by default 20 September, the day of form ОО-1), per class
/// by sex and by study form.
pub fn sizes(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<Vec<ClassSize>> {
    let conn = db.conn();
    let on = day_in_year(conn, academic_year_id, on)?;
    let counts = counts(conn, academic_year_id, on)?;
    let rows = list(db, academic_year_id, on)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.class.id.unwrap_or_default();
            let mut size = ClassSize {
                class_id: id,
                grade: row.class.grade,
                label: row.label,
                boys: sum(&counts, id, |s, _| s == Sex::Male),
                girls: sum(&counts, id, |s, _| s == Sex::Female),
                total: 0,
                by_study_form: StudyForm::ALL
                    .into_iter()
                    .map(|f| StudyFormCount {
                        study_form: f,
                        count: sum(&counts, id, |_, form| form == f),
                    })
                    .filter(|c| c.count > 0)
                    .collect(),
            };
            size.total = size.boys + size.girls;
            size
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Saving

/// The id of a row of `table` and the year it belongs to, or NotFound.
fn year_of(conn: &Connection, table: &str, id: i64, what: &'static str) -> Result<i64> {
    conn.query_row(
        &format!("SELECT academic_year_id FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound { what })
}

fn school_shifts(conn: &Connection) -> Result<i32> {
    Ok(conn.query_row("SELECT shifts FROM school WHERE id = 1", [], |r| r.get(0))?)
}

/// Every rule of a class card, without writing: all field errors at once, or the warnings.
/// The class teacher must work at the school on `today` moved into the class's year (its first
/// day for a year ahead, its last for a year gone); a class teacher kept unchanged who has
/// left since is only a warning, so that last year's classes can still be saved.
pub fn check(db: &Db, c: &Class, today: NaiveDate) -> Result<Vec<Warning>> {
    let conn = db.conn();
    let (_, starts, ends) = year_bounds(conn, c.academic_year_id)?;
    let stored = match c.id {
        Some(id) => Some(load(conn, id)?),
        None => None,
    };
    let mut check = Check::new();
    let mut warnings = Vec::new();

    let grade_ok = (MIN_GRADE..=MAX_GRADE).contains(&c.grade);
    if !grade_ok {
        check.add(
            "grade",
            Problem::NotInRange {
                min: MIN_GRADE.into(),
                max: MAX_GRADE.into(),
            },
        );
    }
    match normalize_letter(&c.letter) {
        None => check.add("letter", Problem::ClassLetter),
        Some(letter) if grade_ok => {
            if let Some(other) = taken(conn, c, &letter)? {
                check.add("letter", Problem::DuplicateClass { label: other });
            }
        }
        Some(_) => {}
    }
    let senior = (PROFILE_GRADES.0..=PROFILE_GRADES.1).contains(&c.grade);
    if c.profile.is_some() && !senior {
        check.add("profile", Problem::ProfileOnlySenior);
    } else if c.kind == ClassKind::Profile && !senior {
        check.add("kind", Problem::ProfileOnlySenior);
    } else if c.kind == ClassKind::Profile && c.profile.is_none() {
        check.add("profile", Problem::ProfileRequired);
    }

    let shifts = school_shifts(conn)?;
    if c.shift < 1 {
        check.field(
            "shift",
            validate::in_range(c.shift.into(), 1, shifts.into()),
        );
    } else if c.shift > shifts {
        check.add(
            "shift",
            Problem::ShiftAboveSchool {
                shifts: shifts.into(),
            },
        );
    }
    for (field, table, id, what) in [
        (
            "term_scheme_id",
            "term_scheme",
            c.term_scheme_id,
            "Шаблон учебных периодов",
        ),
        (
            "bell_schedule_id",
            "bell_schedule",
            c.bell_schedule_id,
            "Расписание звонков",
        ),
    ] {
        if let Some(id) = id {
            if year_of(conn, table, id, what)? != c.academic_year_id {
                check.add(field, Problem::OtherYear);
            }
        }
    }
    if let Some(room) = c.room_id {
        crate::rooms::get(db, room)?;
    }
    if let Some(teacher) = c.class_teacher_id {
        let member = staff::load(conn, teacher)?;
        let on = today.clamp(starts, ends);
        if !member.is_current_on(on) {
            let problem = Problem::ClassTeacherLeft {
                name: member.full_name(),
            };
            if stored.as_ref().and_then(|s| s.class_teacher_id) == Some(teacher) {
                warnings.push(Warning::new("class_teacher_id", problem));
            } else {
                check.add("class_teacher_id", problem);
            }
        }
    }
    check.finish()?;
    Ok(warnings)
}

/// The label of another class of the year with the same grade and letter, if any.
fn taken(conn: &Connection, c: &Class, letter: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT grade, letter FROM class WHERE academic_year_id = ?1 AND grade = ?2
             AND letter_key = ?3 AND id IS NOT ?4",
            params![c.academic_year_id, c.grade, letter_key(letter), c.id],
            |r| Ok(label(r.get(0)?, &r.get::<_, String>(1)?)),
        )
        .optional()?)
}

fn write(conn: &Connection, c: &Class) -> Result<i64> {
    let letter = normalize_letter(&c.letter).unwrap_or_default();
    let values = params![
        c.academic_year_id,
        c.grade,
        letter,
        letter_key(&letter),
        c.kind.code(),
        c.profile.map(|p| p.code()),
        c.shift,
        c.term_scheme_id,
        c.bell_schedule_id,
        c.room_id,
        c.class_teacher_id,
        c.note.trim(),
        c.id,
    ];
    match c.id {
        Some(id) => {
            conn.execute(
                "UPDATE class SET academic_year_id = ?1, grade = ?2, letter = ?3, letter_key = ?4,
                 kind = ?5, profile = ?6, shift = ?7, term_scheme_id = ?8, bell_schedule_id = ?9,
                 room_id = ?10, class_teacher_id = ?11, note = ?12 WHERE id = ?13",
                values,
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO class (academic_year_id, grade, letter, letter_key, kind, profile,
                 shift, term_scheme_id, bell_schedule_id, room_id, class_teacher_id, note, id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Validates the whole card (all field errors at once), then writes it. A class keeps its year:
/// moving a class to another year is refused (the rollover makes new classes instead). A new
/// class without a term scheme or bells gets the school's defaults ([`defaults`]).
pub fn save(db: &Db, c: &Class, today: NaiveDate) -> Result<Saved<Class>> {
    let mut c = c.clone();
    match c.id {
        Some(id) => {
            let stored = load(db.conn(), id)?;
            if stored.academic_year_id != c.academic_year_id {
                return Err(CoreError::refused("academic_year_id", Problem::OtherYear));
            }
            if stored.grade != c.grade {
                refuse_if_in_joint_split(db.conn(), id)?;
            }
        }
        None => defaults::fill(db.conn(), &mut c)?,
    }
    let c = &c;
    let warnings = check(db, c, today)?;
    let id = db.write(|tx| write(tx, c))?;
    Ok(Saved {
        value: load(db.conn(), id)?,
        warnings,
    })
}

/// A split of several classes holds classes of one grade: one of them may not change its grade.
fn refuse_if_in_joint_split(conn: &Connection, class_id: i64) -> Result<()> {
    let joint: Option<i64> = conn
        .query_row(
            "SELECT l.split_id FROM subgroup_split_class l
              WHERE l.class_id = ?1
                AND EXISTS (SELECT 1 FROM subgroup_split_class o
                             WHERE o.split_id = l.split_id AND o.class_id <> l.class_id)
              LIMIT 1",
            [class_id],
            |r| r.get(0),
        )
        .optional()?;
    match joint {
        Some(split_id) => Err(CoreError::refused(
            "grade",
            Problem::GradeOfJointSplit {
                split: crate::subgroups::split_label(conn, split_id)?,
            },
        )),
        None => Ok(()),
    }
}

/// Deletes a class that never had a student; one with students placed in it or moved through
/// it is refused (move them first).
pub fn delete(db: &Db, id: i64) -> Result<()> {
    let conn = db.conn();
    load(conn, id)?;
    let students: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT student_id FROM placement WHERE class_id = ?1
                               UNION SELECT student_id FROM movement
                                      WHERE from_class_id = ?1 OR to_class_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if students > 0 {
        return Err(CoreError::refused(
            "students",
            Problem::ClassNotEmpty { students },
        ));
    }
    db.write(|tx| {
        tx.execute("DELETE FROM class WHERE id = ?1", [id])?;
        Ok(())
    })
}

#[cfg(test)]
pub(crate) mod tests;
