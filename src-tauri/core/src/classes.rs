//! Classes («Классы»): grade + letter in one academic year, with the class card (kind, profile,
//! shift, term scheme, bell schedule, home room, class teacher) and the class list with sizes.
//!
//! A class label is «5 А»; «5А», «5-а», «5a» (a Latin a) and «5 "А" класс» name the same class.
//! Letters are stored in capitals, Latin look-alikes turned into Russian letters.

use crate::choice::choice_enum;
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::people::{self, Sex};
use crate::staff;
use crate::students::StudyForm;
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

pub const MIN_GRADE: i32 = 1;
/// Grade 12 exists in some (evening) schools.
pub const MAX_GRADE: i32 = 12;
/// Profiles belong to secondary general education: grades 10 and 11.
pub const PROFILE_GRADES: (i32, i32) = (10, 11);
/// A letter is short: «А», «Б»; some schools number their classes «5-1».
const MAX_LETTER_CHARS: usize = 3;

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

/// «5 А»; «5» without a letter; «5-1» when the «letter» is a number.
pub fn label(grade: i32, letter: &str) -> String {
    let letter = letter.trim();
    match letter.chars().next() {
        None => grade.to_string(),
        Some(c) if c.is_ascii_digit() => format!("{grade}-{letter}"),
        Some(_) => format!("{grade} {letter}"),
    }
}

/// A letter as stored: no spaces, hyphens or quotes, capitals, Latin look-alikes made Russian
/// («a» → «А»). Returns None when what is left is not a short run of letters or digits.
pub fn normalize_letter(text: &str) -> Option<String> {
    let letter: String = text
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '-' | '–' | '—' | '"' | '«' | '»' | '\'' | '/' | '.')
        })
        .flat_map(char::to_uppercase)
        .map(|c| people::look_alike(c).unwrap_or(c))
        .collect();
    let ok = letter.chars().count() <= MAX_LETTER_CHARS
        && letter
            .chars()
            .all(|c| c.is_ascii_digit() || ('\u{0400}'..='\u{04FF}').contains(&c));
    ok.then_some(letter)
}

fn letter_key(letter: &str) -> String {
    ru_key(letter)
}

/// Reads «5 А», «5А», «5-а», «5a», «5 "А" класс», «11Б кл.» as (grade, letter).
pub fn parse_label(text: &str) -> Option<(i32, String)> {
    let mut s = people::clean(text).to_lowercase();
    for tail in ["класс", "кл.", "кл"] {
        if let Some(rest) = s.strip_suffix(tail) {
            s = rest.trim_end().to_string();
            break;
        }
    }
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let grade: i32 = digits.parse().ok()?;
    if !(MIN_GRADE..=MAX_GRADE).contains(&grade) {
        return None;
    }
    let letter = normalize_letter(&s[digits.len()..])?;
    Some((grade, letter))
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
pub(crate) mod tests {
    use super::*;
    use crate::people::Order;
    use crate::staff::{Appointment, QualificationCategory, StaffMember};
    use crate::year::{self, AcademicYear};

    pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub(crate) fn today() -> NaiveDate {
        d(2026, 11, 25)
    }

    /// A year 2026-2027 with the usual schemes; returns its id.
    pub(crate) fn year_2026(db: &Db) -> i64 {
        year::create_with_usual_schemes(
            db,
            &AcademicYear {
                id: None,
                name: "2026-2027".into(),
                starts_on: Some(d(2026, 9, 1)),
                ends_on: Some(d(2027, 8, 31)),
                is_current: true,
            },
        )
        .unwrap()
        .year
        .id
        .unwrap()
    }

    /// The year after [`year_2026`], 2027-2028, not current and without schemes; its id.
    pub(crate) fn year_2027(db: &Db) -> i64 {
        year::save(
            db,
            &AcademicYear {
                id: None,
                name: "2027-2028".into(),
                starts_on: Some(d(2027, 9, 1)),
                ends_on: Some(d(2028, 8, 31)),
                is_current: false,
            },
        )
        .unwrap()
        .id
        .unwrap()
    }

    pub(crate) fn class(year: i64, grade: i32, letter: &str) -> Class {
        Class {
            id: None,
            academic_year_id: year,
            grade,
            letter: letter.into(),
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

    pub(crate) fn add(db: &Db, year: i64, grade: i32, letter: &str) -> Class {
        save(db, &class(year, grade, letter), today())
            .unwrap()
            .value
    }

    fn teacher(db: &Db, last: &str, left_on: Option<NaiveDate>) -> i64 {
        let position = staff::find_position(db, "Учитель")
            .unwrap()
            .unwrap()
            .id
            .unwrap();
        let m = StaffMember {
            id: None,
            last_name: last.into(),
            first_name: "Ирина".into(),
            patronymic: "Петровна".into(),
            sex: Sex::Female,
            birth_date: None,
            snils: String::new(),
            phone: String::new(),
            email: String::new(),
            education: String::new(),
            qualification_category: QualificationCategory::None,
            note: String::new(),
            appointments: vec![Appointment {
                id: None,
                staff_position_id: position,
                rate: 1.0,
                hired_on: Some(d(2010, 9, 1)),
                hire_order: Order::default(),
                left_on,
                leave_order: Order::default(),
                leave_reason: String::new(),
                transferred_from_id: None,
                position_name: String::new(),
            }],
        };
        staff::save(db, &m, today()).unwrap().value.id.unwrap()
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

    fn labels(db: &Db, year: i64) -> Vec<String> {
        list(db, year, today())
            .unwrap()
            .into_iter()
            .map(|r| r.label)
            .collect()
    }

    #[test]
    fn labels_are_written_and_read_in_every_usual_way() {
        assert_eq!(label(5, "А"), "5 А");
        assert_eq!(label(11, ""), "11");
        assert_eq!(label(5, "1"), "5-1");
        for text in [
            "5 А",
            "5А",
            "5-а",
            "5a",
            "5A",
            " 5  а ",
            "5 \"А\" класс",
            "5а кл.",
            "5«А»",
        ] {
            assert_eq!(parse_label(text), Some((5, "А".to_string())), "{text}");
        }
        assert_eq!(parse_label("11"), Some((11, String::new())));
        assert_eq!(parse_label("5-1"), Some((5, "1".to_string())));
        assert_eq!(parse_label("10 ё"), Some((10, "Ё".to_string())));
        for bad in ["", "А5", "13 А", "0 А", "5 ABCD", "5 !"] {
            assert_eq!(parse_label(bad), None, "{bad}");
        }
        assert_eq!(normalize_letter(" б "), Some("Б".into()));
        assert_eq!(
            normalize_letter("b"),
            Some("В".into()),
            "a Latin look-alike"
        );
        assert_eq!(normalize_letter("D"), None);
    }

    #[test]
    fn saves_a_class_card_and_reads_it_back() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let detail = year::detail(&db, year).unwrap();
        let scheme = detail.schemes[0].id;
        let t = teacher(&db, "Соколова", None);
        let room = crate::rooms::save(
            &db,
            &crate::rooms::Room {
                id: None,
                number: "204".into(),
                name: String::new(),
                floor: Some(2),
                capacity: Some(30),
                kind: crate::rooms::RoomKind::Classroom,
                note: String::new(),
                equipment_count: 0,
            },
        )
        .unwrap();
        let card = Class {
            letter: " a ".into(),
            term_scheme_id: scheme,
            room_id: room.id,
            class_teacher_id: Some(t),
            note: " дружный ".into(),
            ..class(year, 5, "")
        };
        let saved = save(&db, &card, today()).unwrap();
        assert!(saved.warnings.is_empty());
        let c = saved.value;
        assert_eq!(c.letter, "А");
        assert_eq!(c.label(), "5 А");
        assert_eq!(c.note, "дружный");
        assert_eq!(get(&db, c.id.unwrap()).unwrap(), c);
        let rows = list(&db, year, today()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].label, "5 А");
        assert_eq!(rows[0].class_teacher_name, "Соколова Ирина Петровна");
        assert_eq!(rows[0].room_number, "204");
        assert_eq!(rows[0].term_scheme_name, detail.schemes[0].name);
        assert_eq!(info(&db, c.id.unwrap(), today()).unwrap(), rows[0]);
        // The row carries the card's fields flat, for the UI.
        let json = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(json["grade"], 5);
        assert_eq!(json["label"], "5 А");
    }

    #[test]
    fn grade_and_letter_are_unique_within_a_year_up_to_case_yo_and_layout() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let a = add(&db, year, 5, "А");
        add(&db, year, 10, "Е");
        add(&db, year, 7, "");
        for (grade, letter) in [
            (5, "а"),
            (5, "A"),
            (5, "a"),
            (5, " А "),
            (10, "ё"),
            (10, "E"),
            (7, ""),
        ] {
            let err = save(&db, &class(year, grade, letter), today()).unwrap_err();
            assert_eq!(
                errors(Err::<(), _>(err)),
                pairs(&[("letter", "duplicate_class")]),
                "{grade} {letter}"
            );
        }
        let err = save(&db, &class(year, 5, "a"), today()).unwrap_err();
        assert!(err.fields()[0].message.contains("«5 А»"));
        // Another grade, another letter, another year: all fine.
        add(&db, year, 6, "А");
        add(&db, year, 5, "Б");
        let next = year_2027(&db);
        add(&db, next, 5, "А");
        // The class keeps its own letter when saved again.
        assert!(save(&db, &a, today()).is_ok());
        assert_eq!(labels(&db, year), ["5 А", "5 Б", "6 А", "7", "10 Е"]);
        assert_eq!(
            find_by_label(&db, year, "5a").unwrap().unwrap().id,
            a.id,
            "a Latin a"
        );
        for text in ["5 А", "5А", "5-а", "5 \"а\""] {
            assert_eq!(find_by_label(&db, year, text).unwrap().unwrap().id, a.id);
        }
        assert_eq!(find_by_label(&db, year, "5 В").unwrap(), None);
        assert_eq!(find_by_label(&db, year, "чепуха").unwrap(), None);
        assert_ne!(find_by_label(&db, next, "5 А").unwrap().unwrap().id, a.id);
    }

    #[test]
    fn profile_only_for_grades_10_and_11() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let nine = Class {
            profile: Some(Profile::Humanities),
            ..class(year, 9, "А")
        };
        assert_eq!(
            errors(save(&db, &nine, today())),
            pairs(&[("profile", "profile_only_senior")])
        );
        let nine = Class {
            kind: ClassKind::Profile,
            ..class(year, 9, "А")
        };
        assert_eq!(
            errors(save(&db, &nine, today())),
            pairs(&[("kind", "profile_only_senior")])
        );
        let ten = Class {
            kind: ClassKind::Profile,
            ..class(year, 10, "А")
        };
        assert_eq!(
            errors(save(&db, &ten, today())),
            pairs(&[("profile", "profile_required")])
        );
        for (grade, profile) in [(10, Profile::NaturalScience), (11, Profile::Universal)] {
            let c = Class {
                kind: ClassKind::Profile,
                profile: Some(profile),
                ..class(year, grade, "А")
            };
            assert_eq!(save(&db, &c, today()).unwrap().value.profile, Some(profile));
        }
        let twelve = Class {
            profile: Some(Profile::Universal),
            ..class(year, 12, "А")
        };
        assert_eq!(
            errors(save(&db, &twelve, today())),
            pairs(&[("profile", "profile_only_senior")])
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let bad = Class {
            letter: "ЖЖЖЖ".into(),
            shift: 2,
            ..class(year, 13, "")
        };
        assert_eq!(
            errors(save(&db, &bad, today())),
            pairs(&[
                ("grade", "not_in_range"),
                ("letter", "class_letter"),
                ("shift", "shift_above_school")
            ])
        );
        let bad = Class {
            shift: 0,
            ..class(year, 0, "!")
        };
        assert_eq!(
            errors(save(&db, &bad, today())),
            pairs(&[
                ("grade", "not_in_range"),
                ("letter", "class_letter"),
                ("shift", "not_in_range")
            ])
        );
        assert!(list(&db, year, today()).unwrap().is_empty());
    }

    #[test]
    fn scheme_and_bells_must_be_of_the_class_year() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let other = year::create_with_usual_schemes(
            &db,
            &AcademicYear {
                id: None,
                name: "2027-2028".into(),
                starts_on: Some(d(2027, 9, 1)),
                ends_on: Some(d(2028, 8, 31)),
                is_current: false,
            },
        )
        .unwrap();
        let bells = crate::bells::save(
            &db,
            &crate::bells::BellSchedule {
                id: None,
                academic_year_id: other.year.id.unwrap(),
                name: "Основное".into(),
                shift: 1,
                bells: Vec::new(),
            },
        )
        .unwrap()
        .value;
        let c = Class {
            term_scheme_id: other.schemes[0].id,
            bell_schedule_id: bells.id,
            ..class(year, 5, "А")
        };
        assert_eq!(
            errors(save(&db, &c, today())),
            pairs(&[
                ("term_scheme_id", "other_year"),
                ("bell_schedule_id", "other_year")
            ])
        );
        for c in [
            Class {
                term_scheme_id: Some(999),
                ..class(year, 5, "А")
            },
            Class {
                room_id: Some(999),
                ..class(year, 5, "А")
            },
            Class {
                class_teacher_id: Some(999),
                ..class(year, 5, "А")
            },
            class(999, 5, "А"),
        ] {
            assert_eq!(save(&db, &c, today()).unwrap_err().code(), "not_found");
        }
        // A class does not move to another year.
        let mut c = add(&db, year, 5, "А");
        c.academic_year_id = other.year.id.unwrap();
        assert_eq!(save(&db, &c, today()).unwrap_err().code(), "refused");
    }

    #[test]
    fn the_class_teacher_must_work_at_the_school() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let left = teacher(&db, "Агеева", Some(d(2026, 6, 30)));
        let leaving = teacher(&db, "Борисова", Some(d(2026, 12, 31)));
        let c = Class {
            class_teacher_id: Some(left),
            ..class(year, 5, "А")
        };
        let err = save(&db, &c, today()).unwrap_err();
        assert_eq!(
            errors(Err::<(), _>(err)),
            pairs(&[("class_teacher_id", "class_teacher_left")])
        );
        let c = Class {
            class_teacher_id: Some(leaving),
            ..class(year, 5, "А")
        };
        let mut saved = save(&db, &c, today()).unwrap().value;
        // After the leave day the unchanged teacher is only a warning; a new choice is refused.
        let later = d(2027, 2, 1);
        saved.note = "после увольнения".into();
        let again = save(&db, &saved, later).unwrap();
        assert_eq!(again.warnings[0].code, "class_teacher_left");
        assert!(again.warnings[0]
            .message
            .contains("Борисова Ирина Петровна"));
        let mut other = add(&db, year, 6, "А");
        other.class_teacher_id = Some(leaving);
        assert_eq!(
            errors(save(&db, &other, later)),
            pairs(&[("class_teacher_id", "class_teacher_left")])
        );
        // For last year's class the teacher is checked on that year's last day.
        let last_year = year::save(
            &db,
            &AcademicYear {
                id: None,
                name: "2025-2026".into(),
                starts_on: Some(d(2025, 9, 1)),
                ends_on: Some(d(2026, 8, 31)),
                is_current: false,
            },
        )
        .unwrap()
        .id
        .unwrap();
        let old = Class {
            class_teacher_id: Some(left),
            ..class(last_year, 4, "А")
        };
        assert_eq!(
            errors(save(&db, &old, today())),
            pairs(&[("class_teacher_id", "class_teacher_left")])
        );
        let before_leaving = teacher(&db, "Волкова", Some(d(2026, 8, 31)));
        let old = Class {
            class_teacher_id: Some(before_leaving),
            ..class(last_year, 4, "А")
        };
        assert!(save(&db, &old, today()).is_ok());
        // The staff member cannot be deleted while leading a class, and is told why.
        let err = staff::delete(&db, leaving).unwrap_err();
        assert_eq!(err.fields()[0].code, "staff_in_use");
        // Leaving while leading a class is saved with a warning.
        let m = staff::get(&db, before_leaving).unwrap();
        let saved = staff::save(&db, &m, today()).unwrap();
        assert!(
            saved.warnings.is_empty(),
            "left when last year's class ended"
        );
        let mut m = staff::get(&db, leaving).unwrap();
        m.appointments[0].left_on = Some(d(2027, 1, 15));
        let saved = staff::save(&db, &m, today()).unwrap();
        assert_eq!(saved.warnings[0].code, "leaving_class_teacher");
        assert!(saved.warnings[0].message.contains("5 А"));
    }

    #[test]
    fn deleting_a_scheme_bells_or_room_leaves_the_class_without_it() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let scheme = year::detail(&db, year).unwrap().schemes[0].id;
        let c = save(
            &db,
            &Class {
                term_scheme_id: scheme,
                ..class(year, 1, "А")
            },
            today(),
        )
        .unwrap()
        .value;
        year::delete_scheme(&db, scheme.unwrap()).unwrap();
        assert_eq!(get(&db, c.id.unwrap()).unwrap().term_scheme_id, None);
    }

    #[test]
    fn empty_classes_are_deleted_and_unknown_ids_are_not_found() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let c = add(&db, year, 3, "В");
        delete(&db, c.id.unwrap()).unwrap();
        assert!(labels(&db, year).is_empty());
        assert_eq!(delete(&db, c.id.unwrap()).unwrap_err().code(), "not_found");
        assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
        assert_eq!(info(&db, 999, today()).unwrap_err().code(), "not_found");
        let ghost = Class {
            id: Some(999),
            ..class(year, 3, "В")
        };
        assert_eq!(save(&db, &ghost, today()).unwrap_err().code(), "not_found");
    }

    #[test]
    fn a_failed_write_leaves_the_class_as_it_was() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        let before = add(&db, year, 2, "А");
        db.conn()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE UPDATE ON class BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let changed = Class {
            letter: "Б".into(),
            ..before.clone()
        };
        assert_eq!(save(&db, &changed, today()).unwrap_err().code(), "db");
        assert_eq!(get(&db, before.id.unwrap()).unwrap(), before);
    }

    #[test]
    fn kinds_and_profiles_have_codes_labels_and_serde_names_that_agree() {
        for k in ClassKind::ALL {
            assert_eq!(ClassKind::from_code(k.code()), k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
        for p in Profile::ALL {
            assert_eq!(Profile::from_code(p.code()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.code());
        }
        assert_eq!(Profile::from_code("magic"), None);
        assert_eq!(ClassKind::from_code("magic"), ClassKind::Other);
    }
}
