//! Term, year, exam and final marks (отметки промежуточной и итоговой аттестации) and the
//! lessons missed per term, entered per class and period as a sheet of students × subjects.
//!
//! A class's periods are the terms of its term scheme, the year and, in grades 9 and 11, the exam
//! and the final mark. The subjects of a sheet are those of the class's curriculum with hours in
//! that period (the half-year a term falls in), extracurricular lines left out; a student with an
//! individual curriculum (ИУП) is marked in the subjects of their own. Grade 1 has no marks.
//! A closed period refuses every change of its marks and absences ([`closure`]); the rates of a
//! sheet are computed once, in [`stats`], for the screen, the ledgers and the spreadsheets alike.

pub mod archive;
pub mod closure;
pub mod exchange;
pub mod lists;
pub mod results;
pub mod stats;

#[cfg(test)]
mod tests;

use crate::choice::choice_enum;
use crate::classes;
use crate::db::{ru_key, Db};
use crate::error::{CoreError, FieldError, Problem, Result};
use crate::movement::placements;
use crate::people;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use ts_rs::TS;

pub use stats::{ClassStats, MarkCounts, Rate, ResultCounts, SheetStats, SubjectStats};

choice_enum! {
    /// What a period of a class is.
    pub enum PeriodKind (fallback Term) {
        Term = "term", "Учебный период";
        Year = "year", "Год";
        Exam = "exam", "Экзамен";
        Final = "final", "Итоговая";
    }
}

choice_enum! {
    /// A mark of a period.
    pub enum MarkValue (fallback NotAttested) {
        Five = "five", "5";
        Four = "four", "4";
        Three = "three", "3";
        Two = "two", "2";
        Passed = "passed", "зачтено";
        Failed = "failed", "не зачтено";
        NotAttested = "not_attested", "н/а";
        Exempt = "exempt", "осв";
    }
}

impl MarkValue {
    /// The form of a ledger's cell and of an exported spreadsheet: «5», «зач», «н/а».
    pub fn short(&self) -> &'static str {
        match self {
            MarkValue::Passed => "зач",
            MarkValue::Failed => "незач",
            other => other.label(),
        }
    }

    /// A mark as people type it: «5», «5.0» (a number cell), «зачтено», «зач», «зч», «не зачтено»,
    /// «н/а», «на», «осв», «освобождён»; case, spaces, dots and «ё» do not matter.
    pub fn parse(text: &str) -> Option<MarkValue> {
        let key: String = ru_key(text)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .collect();
        let value = match key.as_str() {
            "5" | "50" => MarkValue::Five,
            "4" | "40" => MarkValue::Four,
            "3" | "30" => MarkValue::Three,
            "2" | "20" => MarkValue::Two,
            "зачтено" | "зачет" | "зач" | "зч" => MarkValue::Passed,
            "незачтено" | "незачет" | "незач" | "нз" | "н/з" => {
                MarkValue::Failed
            }
            "н/а" | "на" | "неаттестован" | "неаттестована" => {
                MarkValue::NotAttested
            }
            "осв" | "освобожден" | "освобождена" => MarkValue::Exempt,
            _ => return None,
        };
        Some(value)
    }

    /// A mark of the 5…2 scale.
    pub fn is_graded(&self) -> bool {
        matches!(
            self,
            MarkValue::Five | MarkValue::Four | MarkValue::Three | MarkValue::Two
        )
    }

    /// Whether the value fits a subject assessed pass/fail (`true`) or on the 5…2 scale.
    fn fits(&self, pass_fail: bool) -> bool {
        match self {
            MarkValue::Passed | MarkValue::Failed => pass_fail,
            MarkValue::NotAttested | MarkValue::Exempt => true,
            _ => !pass_fail,
        }
    }
}

/// A period of a class: a term (`term_id`), the year, the exam or the final mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Period {
    pub kind: PeriodKind,
    #[ts(type = "number | null")]
    pub term_id: Option<i64>,
}

impl Period {
    pub const YEAR: Period = Period {
        kind: PeriodKind::Year,
        term_id: None,
    };

    pub fn term(id: i64) -> Period {
        Period {
            kind: PeriodKind::Term,
            term_id: Some(id),
        }
    }
}

/// A period as a class has it: its name («1 четверть», «Год»), dates, and whether it is closed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PeriodInfo {
    pub period: Period,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// When it was closed («2026-10-27 15:40»); `None` while it is open.
    pub closed_at: Option<String>,
}

/// A class as the marks need it.
#[derive(Debug, Clone)]
pub(crate) struct ClassInfo {
    pub id: i64,
    pub academic_year_id: i64,
    pub grade: i32,
    pub label: String,
    pub year_name: String,
    pub year_starts_on: NaiveDate,
    pub year_ends_on: NaiveDate,
    pub class_teacher: String,
}

/// Grades that have an exam and a final mark (ГИА after grades 9 and 11).
fn has_final(grade: i32) -> bool {
    matches!(grade, 9 | 11)
}

pub(crate) fn class_info(conn: &Connection, class_id: i64) -> Result<ClassInfo> {
    conn.query_row(
        "SELECT c.id, c.academic_year_id, c.grade, c.letter, y.name, y.starts_on, y.ends_on,
                coalesce(s.last_name, ''), coalesce(s.first_name, ''), coalesce(s.patronymic, '')
           FROM class c JOIN academic_year y ON y.id = c.academic_year_id
           LEFT JOIN staff_member s ON s.id = c.class_teacher_id
          WHERE c.id = ?1",
        [class_id],
        |r| {
            let grade: i32 = r.get(2)?;
            let letter: String = r.get(3)?;
            let teacher: [String; 3] = [r.get(7)?, r.get(8)?, r.get(9)?];
            Ok(ClassInfo {
                id: r.get(0)?,
                academic_year_id: r.get(1)?,
                grade,
                label: classes::label(grade, &letter),
                year_name: r.get(4)?,
                year_starts_on: r.get(5)?,
                year_ends_on: r.get(6)?,
                class_teacher: if teacher[0].is_empty() {
                    String::new()
                } else {
                    people::short_name(&teacher[0], &teacher[1], &teacher[2])
                },
            })
        },
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: "Класс" })
}

/// The periods of a class in order: its terms, the year, then the exam and the final mark.
pub fn periods(db: &Db, class_id: i64) -> Result<Vec<PeriodInfo>> {
    class_periods(db.conn(), &class_info(db.conn(), class_id)?)
}

pub(crate) fn class_periods(conn: &Connection, class: &ClassInfo) -> Result<Vec<PeriodInfo>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name, t.starts_on, t.ends_on FROM term t
           JOIN class c ON c.term_scheme_id = t.term_scheme_id
          WHERE c.id = ?1 ORDER BY t.position",
    )?;
    let mut list: Vec<PeriodInfo> = stmt
        .query_map([class.id], |r| {
            Ok(PeriodInfo {
                period: Period::term(r.get(0)?),
                name: r.get(1)?,
                starts_on: r.get(2)?,
                ends_on: r.get(3)?,
                closed_at: None,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut whole_year = vec![PeriodKind::Year];
    if has_final(class.grade) {
        whole_year.extend([PeriodKind::Exam, PeriodKind::Final]);
    }
    list.extend(whole_year.into_iter().map(|kind| PeriodInfo {
        period: Period {
            kind,
            term_id: None,
        },
        name: kind.label().to_string(),
        starts_on: class.year_starts_on,
        ends_on: class.year_ends_on,
        closed_at: None,
    }));
    for p in &mut list {
        p.closed_at = closure::closed_at(conn, class.id, p.period)?;
    }
    Ok(list)
}

/// The class's period named as a user types it: «1 четверть», «2 полугодие», «год» (also
/// «годовая»), «экзамен», «итоговая»; refused with the class's periods listed.
pub fn period_by_name(db: &Db, class_id: i64, name: &str) -> Result<PeriodInfo> {
    let class = class_info(db.conn(), class_id)?;
    find_period(&class_periods(db.conn(), &class)?, name).ok_or_else(|| {
        CoreError::refused(
            "period",
            Problem::UnknownPeriod {
                name: name.to_string(),
                known: class_periods(db.conn(), &class)
                    .map(|list| names_of(&list))
                    .unwrap_or_default(),
            },
        )
    })
}

fn names_of(list: &[PeriodInfo]) -> String {
    list.iter()
        .map(|p| format!("«{}»", p.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The period of `list` a typed name means; the whole-year ones answer to their usual adjectives.
pub(crate) fn find_period(list: &[PeriodInfo], name: &str) -> Option<PeriodInfo> {
    let key = ru_key(&people::clean(name));
    let alias = match key.as_str() {
        "годовая" | "за год" | "учебный год" => "год",
        "экзаменационная" => "экзамен",
        "итог" | "итоговая отметка" => "итоговая",
        other => other,
    };
    list.iter().find(|p| ru_key(&p.name) == alias).cloned()
}

/// A subject column of a sheet.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SheetSubject {
    #[ts(type = "number")]
    pub subject_id: i64,
    pub name: String,
    pub short_name: String,
    /// Assessed «зачтено» / «не зачтено» instead of 5…2.
    pub pass_fail: bool,
}

/// A student's row of a sheet; `marks` and `studies` go along the sheet's subjects.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SheetStudent {
    #[ts(type = "number")]
    pub student_id: i64,
    /// № по порядку in Russian alphabetical order.
    pub number: i32,
    pub full_name: String,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    pub file_number: String,
    /// The day the student left the school during the period (before its last day).
    pub departed_on: Option<NaiveDate>,
    pub marks: Vec<Option<MarkValue>>,
    /// Whether the subject is in the student's curriculum in the period (else the cell is closed).
    pub studies: Vec<bool>,
    /// Lessons missed in the term and of them for illness (terms only; `None`: not entered).
    pub missed: Option<i32>,
    pub of_illness: Option<i32>,
}

/// The marks of a class for a period: students × subjects, with its rates.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MarkSheet {
    #[ts(type = "number")]
    pub class_id: i64,
    pub class_label: String,
    pub grade: i32,
    pub year_name: String,
    /// «Фамилия И. О.» of the class teacher, empty when there is none.
    pub class_teacher: String,
    pub period: PeriodInfo,
    pub subjects: Vec<SheetSubject>,
    pub students: Vec<SheetStudent>,
    pub stats: SheetStats,
}

impl MarkSheet {
    pub fn closed(&self) -> bool {
        self.period.closed_at.is_some()
    }

    /// An entry for every cell of a subject the student studies, valued
    /// `value(student index, subject index, subject)`: the whole sheet for one `set_marks`
    /// (how the tests and benches fill a class).
    pub fn entries(
        &self,
        value: impl Fn(usize, usize, &SheetSubject) -> Option<MarkValue>,
    ) -> Vec<MarkEntry> {
        let mut entries = Vec::new();
        for (i, s) in self.students.iter().enumerate() {
            for (j, subject) in self.subjects.iter().enumerate() {
                if s.studies[j] {
                    entries.push(MarkEntry {
                        student_id: s.student_id,
                        subject_id: subject.subject_id,
                        value: value(i, j, subject),
                    });
                }
            }
        }
        entries
    }
}

/// Refuses grade 1, which has no marks.
fn ensure_marked(class: &ClassInfo) -> Result<()> {
    if class.grade == 1 {
        return Err(CoreError::refused(
            "class_id",
            Problem::NoMarksInGrade1 {
                class: class.label.clone(),
            },
        ));
    }
    Ok(())
}

/// The half-year weekly hours that count for the period: a term counts the half it starts in.
fn hours_expr(class: &ClassInfo, period: &PeriodInfo) -> &'static str {
    match period.period.kind {
        PeriodKind::Term if period.starts_on.year() > class.year_starts_on.year() => {
            "l.hours_second"
        }
        PeriodKind::Term => "l.hours_first",
        _ => "(l.hours_first + l.hours_second)",
    }
}

/// Subject ids of a curriculum (the class's or one student's) with hours in the period, in the
/// curriculum's order.
fn curriculum_subjects(conn: &Connection, curriculum_id: i64, hours: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT l.subject_id FROM curriculum_line l
          WHERE l.curriculum_id = ?1 AND l.subject_id IS NOT NULL
            AND l.part <> 'extracurricular' AND {hours} > 0
          GROUP BY l.subject_id ORDER BY min(l.position)"
    ))?;
    let ids = stmt
        .query_map([curriculum_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// What each student of the class studies in the period: the class curriculum, or their own.
struct Studies {
    /// The sheet's columns: the class's subjects, then subjects only individual curricula have.
    subjects: Vec<i64>,
    own: HashMap<i64, BTreeSet<i64>>,
    class: BTreeSet<i64>,
}

impl Studies {
    fn read(conn: &Connection, class: &ClassInfo, period: &PeriodInfo) -> Result<Studies> {
        let hours = hours_expr(class, period);
        let class_curriculum: Option<i64> = conn
            .query_row(
                "SELECT id FROM curriculum WHERE kind = 'class' AND class_id = ?1",
                [class.id],
                |r| r.get(0),
            )
            .optional()?;
        let mut subjects = match class_curriculum {
            Some(id) => curriculum_subjects(conn, id, hours)?,
            None => Vec::new(),
        };
        let mut own = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT u.id, u.student_id FROM curriculum u
              WHERE u.kind = 'individual'
                AND EXISTS (SELECT 1 FROM placement m
                             WHERE m.academic_year_id = u.academic_year_id
                               AND m.student_id = u.student_id AND m.class_id = ?1)",
        )?;
        let individual: Vec<(i64, i64)> = stmt
            .query_map([class.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (curriculum_id, student_id) in individual {
            let ids = curriculum_subjects(conn, curriculum_id, hours)?;
            for id in &ids {
                if !subjects.contains(id) {
                    subjects.push(*id);
                }
            }
            own.insert(student_id, ids.into_iter().collect());
        }
        let class = match class_curriculum {
            Some(id) => curriculum_subjects(conn, id, hours)?.into_iter().collect(),
            None => BTreeSet::new(),
        };
        Ok(Studies {
            subjects,
            own,
            class,
        })
    }

    fn studies(&self, student_id: i64, subject_id: i64) -> bool {
        self.own
            .get(&student_id)
            .unwrap_or(&self.class)
            .contains(&subject_id)
    }
}

fn sheet_subjects(conn: &Connection, class: &ClassInfo, ids: &[i64]) -> Result<Vec<SheetSubject>> {
    let pass_fail = pass_fail_ids(conn, class.academic_year_id, class.grade)?;
    ids.iter()
        .map(|&id| {
            let (name, short_name): (String, String) = conn.query_row(
                "SELECT name, short_name FROM subject WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(SheetSubject {
                subject_id: id,
                name,
                short_name,
                pass_fail: pass_fail.contains(&id),
            })
        })
        .collect()
}

/// The students of the class's sheet of the period (see `placements::sheet_students`), in
/// Russian alphabetical order.
fn sheet_people(
    conn: &Connection,
    class: &ClassInfo,
    period: &PeriodInfo,
) -> Result<Vec<placements::SheetPlace>> {
    let mut list = placements::sheet_students(conn, class.id, period.starts_on, period.ends_on)?;
    list.sort_by(|a, b| {
        crate::db::compare_ru(
            &people::full_name(&a.last_name, &a.first_name, &a.patronymic),
            &people::full_name(&b.last_name, &b.first_name, &b.patronymic),
        )
    });
    Ok(list)
}

/// The marks sheet of a class for a period (refused for grade 1).
pub fn sheet(db: &Db, class_id: i64, period: Period) -> Result<MarkSheet> {
    db.read(|conn| {
        let class = class_info(conn, class_id)?;
        ensure_marked(&class)?;
        let info = class_period(conn, &class, period)?;
        let studies = Studies::read(conn, &class, &info)?;
        let subjects = sheet_subjects(conn, &class, &studies.subjects)?;
        let marks = stored_marks(conn, &class, period)?;
        let absences = stored_absences(conn, period)?;
        let students: Vec<SheetStudent> = sheet_people(conn, &class, &info)?
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let id = s.student_id;
                let absent = absences.get(&id);
                SheetStudent {
                    number: i as i32 + 1,
                    marks: subjects
                        .iter()
                        .map(|sub| marks.get(&(id, sub.subject_id)).copied())
                        .collect(),
                    studies: subjects
                        .iter()
                        .map(|sub| studies.studies(id, sub.subject_id))
                        .collect(),
                    missed: absent.map(|a| a.0),
                    of_illness: absent.map(|a| a.1),
                    student_id: id,
                    full_name: people::full_name(&s.last_name, &s.first_name, &s.patronymic),
                    last_name: s.last_name,
                    first_name: s.first_name,
                    patronymic: s.patronymic,
                    file_number: s.file_number,
                    // Left during the period: a departure after it, or on the year's last
                    // day (the year-end leavers of the rollover), is not the period's.
                    departed_on: s.departed_on.filter(|d| *d < info.ends_on),
                }
            })
            .collect();
        let stats = stats::of_sheet(&subjects, &students, info.ends_on);
        Ok(MarkSheet {
            class_id,
            class_label: class.label,
            grade: class.grade,
            year_name: class.year_name,
            class_teacher: class.class_teacher,
            period: info,
            subjects,
            students,
            stats,
        })
    })
}

/// The class's period `period`, refused when the class does not have it (another scheme's term).
pub(crate) fn class_period(
    conn: &Connection,
    class: &ClassInfo,
    period: Period,
) -> Result<PeriodInfo> {
    let list = class_periods(conn, class)?;
    list.iter()
        .find(|p| p.period == period)
        .cloned()
        .ok_or_else(|| {
            CoreError::refused(
                "period",
                Problem::UnknownPeriod {
                    name: "выбранный период".into(),
                    known: names_of(&list),
                },
            )
        })
}

/// The marks of the period of students ever placed in the class that year, by (student,
/// subject): the sheet picks its students' own.
fn stored_marks(
    conn: &Connection,
    class: &ClassInfo,
    period: Period,
) -> Result<HashMap<(i64, i64), MarkValue>> {
    let mut stmt = conn.prepare(
        "SELECT k.student_id, k.subject_id, k.value FROM mark k
          WHERE k.academic_year_id = ?4 AND k.period_kind = ?2 AND coalesce(k.term_id, 0) = ?3
            AND k.student_id IN (SELECT student_id FROM placement WHERE class_id = ?1)",
    )?;
    let map = stmt
        .query_map(
            params![
                class.id,
                period.kind.code(),
                period.term_id.unwrap_or(0),
                class.academic_year_id
            ],
            |r| {
                let value: String = r.get(2)?;
                Ok(((r.get(0)?, r.get(1)?), MarkValue::from_code(&value)))
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(map)
}

fn stored_absences(conn: &Connection, period: Period) -> Result<HashMap<i64, (i32, i32)>> {
    let Some(term_id) = period.term_id else {
        return Ok(HashMap::new());
    };
    let mut stmt =
        conn.prepare("SELECT student_id, missed, of_illness FROM absence WHERE term_id = ?1")?;
    let map = stmt
        .query_map([term_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(map)
}

/// One cell of a sheet to write: `None` clears it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MarkEntry {
    #[ts(type = "number")]
    pub student_id: i64,
    #[ts(type = "number")]
    pub subject_id: i64,
    pub value: Option<MarkValue>,
}

/// A cell as typed or pasted into the marks grid: «5», «зч», «н/а»; empty clears it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TypedMark {
    #[ts(type = "number")]
    pub student_id: i64,
    #[ts(type = "number")]
    pub subject_id: i64,
    pub text: String,
}

/// Reads typed cells with [`MarkValue::parse`]; text that is no mark is refused as `marks.N`,
/// the same field as the errors of [`set_marks`] for that cell.
fn read_typed(cells: &[TypedMark]) -> Result<Vec<MarkEntry>> {
    let mut errors = Vec::new();
    let mut entries = Vec::with_capacity(cells.len());
    for (i, cell) in cells.iter().enumerate() {
        let text = cell.text.trim();
        let value = if text.is_empty() {
            None
        } else if let Some(value) = MarkValue::parse(text) {
            Some(value)
        } else {
            let problem = Problem::NotAMark {
                text: text.to_string(),
            };
            errors.push(FieldError::new(format!("marks.{i}"), problem));
            continue;
        };
        entries.push(MarkEntry {
            student_id: cell.student_id,
            subject_id: cell.subject_id,
            value,
        });
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// [`set_marks`] of cells as typed: all or none, a cell that is no mark refused with the rest.
pub fn set_typed_marks(db: &Db, class_id: i64, period: Period, cells: &[TypedMark]) -> Result<()> {
    set_marks(db, class_id, period, &read_typed(cells)?)
}

/// A student's lessons missed in a term; both `None` clears them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AbsenceEntry {
    #[ts(type = "number")]
    pub student_id: i64,
    pub missed: Option<i32>,
    pub of_illness: Option<i32>,
}

/// Writes marks of a class's period in one transaction, all or none. Refused: grade 1, a closed
/// period, a student not in the class, a subject the student does not study in the period, a
/// value of the other assessment. Errors name the cell as `marks.N` (N: the entry's index).
pub fn set_marks(db: &Db, class_id: i64, period: Period, entries: &[MarkEntry]) -> Result<()> {
    db.write(|conn| {
        let (class, info) = open_period(conn, class_id, period)?;
        let studies = Studies::read(conn, &class, &info)?;
        let pass_fail = pass_fail_ids(conn, class.academic_year_id, class.grade)?;
        let members = member_names(conn, &class, &info)?;
        let mut errors = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let field = format!("marks.{i}");
            if let Err(p) = check_entry(conn, &members, &studies, &pass_fail, &class, e) {
                errors.push(FieldError::new(field, p));
            }
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        for e in entries {
            write_mark(conn, class.academic_year_id, period, e)?;
        }
        Ok(())
    })
}

fn check_entry(
    conn: &Connection,
    members: &HashMap<i64, String>,
    studies: &Studies,
    pass_fail: &BTreeSet<i64>,
    class: &ClassInfo,
    e: &MarkEntry,
) -> std::result::Result<(), Problem> {
    let Some(student) = members.get(&e.student_id) else {
        return Err(Problem::StudentNotInClass {
            student: format!("№ {}", e.student_id),
            class: class.label.clone(),
        });
    };
    let Some(value) = e.value else {
        return Ok(());
    };
    let subject = subject_name(conn, e.subject_id);
    if !studies.studies(e.student_id, e.subject_id) {
        return Err(Problem::SubjectNotStudied {
            subject,
            student: student.clone(),
        });
    }
    let is_pass_fail = pass_fail.contains(&e.subject_id);
    if !value.fits(is_pass_fail) {
        return Err(Problem::MarkKindMismatch {
            value: value.label().to_string(),
            subject,
            expected: if is_pass_fail {
                "«зачтено» / «не зачтено»".into()
            } else {
                "отметка от 5 до 2".into()
            },
        });
    }
    Ok(())
}

fn subject_name(conn: &Connection, id: i64) -> String {
    conn.query_row("SELECT name FROM subject WHERE id = ?1", [id], |r| r.get(0))
        .unwrap_or_else(|_| format!("№ {id}"))
}

/// The students of the class's sheet of the period by id, with their full names: the only
/// students whose marks and absences of the period the class's sheet may change.
fn member_names(
    conn: &Connection,
    class: &ClassInfo,
    period: &PeriodInfo,
) -> Result<HashMap<i64, String>> {
    Ok(sheet_people(conn, class, period)?
        .into_iter()
        .map(|s| {
            let name = people::full_name(&s.last_name, &s.first_name, &s.patronymic);
            (s.student_id, name)
        })
        .collect())
}

fn write_mark(conn: &Connection, year_id: i64, period: Period, e: &MarkEntry) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM mark WHERE academic_year_id = ?1 AND student_id = ?2 AND subject_id = ?3
            AND period_kind = ?4 AND coalesce(term_id, 0) = ?5",
    )?
    .execute(params![
        year_id,
        e.student_id,
        e.subject_id,
        period.kind.code(),
        period.term_id.unwrap_or(0)
    ])?;
    if let Some(value) = e.value {
        conn.prepare_cached(
            "INSERT INTO mark (academic_year_id, student_id, subject_id, period_kind, term_id, value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            year_id,
            e.student_id,
            e.subject_id,
            period.kind.code(),
            period.term_id,
            value.code()
        ])?;
    }
    Ok(())
}

/// The class and its period, refused for grade 1 and when the period is closed.
fn open_period(
    conn: &Connection,
    class_id: i64,
    period: Period,
) -> Result<(ClassInfo, PeriodInfo)> {
    let class = class_info(conn, class_id)?;
    ensure_marked(&class)?;
    let info = class_period(conn, &class, period)?;
    if info.closed_at.is_some() {
        return Err(CoreError::refused(
            "period",
            Problem::PeriodClosed {
                period: info.name.clone(),
                class: class.label.clone(),
            },
        ));
    }
    Ok((class, info))
}

/// Writes lessons missed in a term for students of the class, in one transaction. Refused: a
/// period other than a term, a closed term, more missed for illness than missed.
pub fn set_absences(
    db: &Db,
    class_id: i64,
    period: Period,
    entries: &[AbsenceEntry],
) -> Result<()> {
    db.write(|conn| {
        let (class, info) = open_period(conn, class_id, period)?;
        let Some(term_id) = period.term_id else {
            return Err(CoreError::refused("period", Problem::AbsencesOnlyPerTerm));
        };
        let members = member_names(conn, &class, &info)?;
        let mut errors = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if let Err(p) = check_absence(&members, &class, e) {
                errors.push(FieldError::new(format!("absences.{i}"), p));
            }
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        for e in entries {
            conn.prepare_cached("DELETE FROM absence WHERE student_id = ?1 AND term_id = ?2")?
                .execute([e.student_id, term_id])?;
            if e.missed.is_some() || e.of_illness.is_some() {
                conn.prepare_cached(
                    "INSERT INTO absence (student_id, term_id, missed, of_illness)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    e.student_id,
                    term_id,
                    e.missed.unwrap_or(0),
                    e.of_illness.unwrap_or(0)
                ])?;
            }
        }
        Ok(())
    })
}

fn check_absence(
    members: &HashMap<i64, String>,
    class: &ClassInfo,
    e: &AbsenceEntry,
) -> std::result::Result<(), Problem> {
    if !members.contains_key(&e.student_id) {
        return Err(Problem::StudentNotInClass {
            student: format!("№ {}", e.student_id),
            class: class.label.clone(),
        });
    }
    let (missed, ill) = (e.missed.unwrap_or(0), e.of_illness.unwrap_or(0));
    if missed < 0 || ill < 0 {
        return Err(Problem::NotInRange { min: 0, max: 9999 });
    }
    if ill > missed {
        return Err(Problem::IllnessAboveMissed);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Pass/fail subjects

fn pass_fail_ids(conn: &Connection, year_id: i64, grade: i32) -> Result<BTreeSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT subject_id FROM pass_fail_subject WHERE academic_year_id = ?1 AND grade = ?2",
    )?;
    let ids = stmt
        .query_map(params![year_id, grade], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Subjects a grade assesses «зачтено» / «не зачтено» in a year.
pub fn pass_fail_subjects(db: &Db, academic_year_id: i64, grade: i32) -> Result<Vec<i64>> {
    Ok(pass_fail_ids(db.conn(), academic_year_id, grade)?
        .into_iter()
        .collect())
}

/// Makes a subject of a grade pass/fail or graded. Refused while marks of the other kind exist
/// for it in that grade, so that no stored mark becomes one the subject does not take.
pub fn set_pass_fail(
    db: &Db,
    academic_year_id: i64,
    grade: i32,
    subject_id: i64,
    pass_fail: bool,
) -> Result<()> {
    db.write(|conn| {
        let other: Vec<&str> = if pass_fail {
            vec!["five", "four", "three", "two"]
        } else {
            vec!["passed", "failed"]
        };
        let clash: Option<String> = conn
            .query_row(
                &format!(
                    "SELECT k.value FROM mark k
                      WHERE k.academic_year_id = ?1 AND k.subject_id = ?3
                        AND k.value IN ('{}')
                        AND k.student_id IN (SELECT m.student_id FROM placement m
                                               JOIN class c ON c.id = m.class_id
                                              WHERE m.academic_year_id = ?1 AND c.grade = ?2)
                      LIMIT 1",
                    other.join("', '")
                ),
                params![academic_year_id, grade, subject_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(value) = clash {
            return Err(CoreError::refused(
                "pass_fail",
                Problem::MarkKindMismatch {
                    value: MarkValue::from_code(&value).label().to_string(),
                    subject: subject_name(conn, subject_id),
                    expected: if pass_fail {
                        "«зачтено» / «не зачтено» — сначала уберите отметки 5…2".into()
                    } else {
                        "отметка от 5 до 2 — сначала уберите «зачтено» / «не зачтено»".into()
                    },
                },
            ));
        }
        if pass_fail {
            conn.execute(
                "INSERT OR IGNORE INTO pass_fail_subject (academic_year_id, grade, subject_id)
                 VALUES (?1, ?2, ?3)",
                params![academic_year_id, grade, subject_id],
            )?;
        } else {
            conn.execute(
                "DELETE FROM pass_fail_subject
                  WHERE academic_year_id = ?1 AND grade = ?2 AND subject_id = ?3",
                params![academic_year_id, grade, subject_id],
            )?;
        }
        Ok(())
    })
}

/// Classes of a year that have marks (grade 2 up), in order, with the period named `name` where
/// they have it: the whole-school actions (close, print, archive) run over these.
pub fn classes_with_period(
    db: &Db,
    academic_year_id: i64,
    name: &str,
) -> Result<Vec<(i64, PeriodInfo)>> {
    let mut stmt = db.conn().prepare(
        "SELECT id FROM class WHERE academic_year_id = ?1 AND grade >= 2
          ORDER BY grade, letter_key COLLATE RU",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([academic_year_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut list = Vec::new();
    for id in ids {
        let class = class_info(db.conn(), id)?;
        if let Some(p) = find_period(&class_periods(db.conn(), &class)?, name) {
            list.push((id, p));
        }
    }
    Ok(list)
}
