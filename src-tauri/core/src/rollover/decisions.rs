//! Year-end decisions of the pedagogical council («решения педагогического совета»): for each
//! student of a class at the end of its year — promoted, promoted conditionally with the
//! subjects in debt (ст. 58 273-ФЗ), left to repeat the year, finished (grades 9, 11, 12), for
//! grade 9 continuing in our 10th grade, or leaving (where to).
//!
//! Nothing is stored until the user changes a decision: until then the core proposes one from
//! the year's (or final) marks where they exist — a «2», «не зачтено» or «н/а» proposes a
//! conditional promotion with those subjects — and otherwise from the grade (promoted, finished
//! in 11, continuing in the 10th class of the same letter in 9). So a school with no marks and
//! no decisions still rolls over. A decision that ends a level (see [`DecisionKind::ends_level`])
//! may be «с отличием» — аттестат с отличием, in the 11th (12th) grade with the medal «За особые
//! успехи в учении»: proposed when every year (final) mark is «5» (or «зачтено»), decided by the
//! council, which also knows what the file does not (the state exams). The council's date, protocol number and the order the
//! decisions go into are kept per class ([`Council`]).

use crate::choice::choice_enum;
use crate::classes;
use crate::db::Db;
use crate::error::{CoreError, FieldError, Problem, Result, YearEndProblem};
use crate::movement::{self, placements, DepartureReason};
use crate::people::{self, Order};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// The deadline a debt gets unless the user sets another: 31 October of the next school year
/// (the school sets it within the year the law allows).
const DEBT_DEADLINE: (u32, u32) = (10, 31);

/// The grade a 9th-grader who stays goes on to.
pub const SECONDARY_FIRST_GRADE: i32 = 10;

choice_enum! {
    /// Решение педагогического совета about a student at the end of the year.
    pub enum DecisionKind (fallback Promoted) {
        Promoted = "promoted", "Переведён";
        Conditional = "conditional", "Переведён условно";
        Repeat = "repeat", "Оставлен на повторное обучение";
        Finished = "finished", "Окончил";
        Continue = "continue", "Продолжает обучение в 10 классе";
        Left = "left", "Выбывает";
    }
}

choice_enum! {
    /// The result of an academic debt, once known.
    pub enum DebtResult (fallback NotCleared) {
        Cleared = "cleared", "Ликвидирована";
        NotCleared = "not_cleared", "Не ликвидирована";
    }
}

impl DecisionKind {
    /// Whether the student leaves the school at the year's end.
    pub fn leaves(&self) -> bool {
        matches!(self, DecisionKind::Finished | DecisionKind::Left)
    }

    /// The grade the student studies in next year, for a class of `grade`; None for a leaver.
    pub fn next_grade(&self, grade: i32) -> Option<i32> {
        match self {
            DecisionKind::Promoted | DecisionKind::Conditional if grade == 9 => {
                Some(SECONDARY_FIRST_GRADE)
            }
            DecisionKind::Promoted | DecisionKind::Conditional => Some(grade + 1),
            DecisionKind::Continue => Some(SECONDARY_FIRST_GRADE),
            DecisionKind::Repeat => Some(grade),
            DecisionKind::Finished | DecisionKind::Left => None,
        }
    }

    /// Whether the decision ends a level of education and so gives an attestat — the 9th grade
    /// finished (whether the student leaves or continues in the 10th grade) or the 11th (12th):
    /// the decisions that may be «с отличием».
    pub fn ends_level(&self, grade: i32) -> bool {
        match self {
            DecisionKind::Continue => grade == 9,
            DecisionKind::Finished => grade == 9 || grade >= 11,
            _ => false,
        }
    }

    /// The decisions a class of `grade` may take: promotion up to the last grade, finishing in
    /// the grades that end a level (9, 11, 12), continuing into the 10th grade from the 9th.
    pub fn allowed(grade: i32) -> Vec<DecisionKind> {
        let ends_school = grade >= 11;
        DecisionKind::ALL
            .into_iter()
            .filter(|k| match k {
                DecisionKind::Promoted => grade != 9 && !ends_school,
                DecisionKind::Conditional => !ends_school,
                DecisionKind::Finished => grade == 9 || ends_school,
                DecisionKind::Continue => grade == 9,
                DecisionKind::Repeat | DecisionKind::Left => true,
            })
            .collect()
    }

    /// The reason a departure of this decision gets unless the user names another: «Завершил
    /// обучение» for a student who finished; a 9th-grader who leaves usually goes to a college
    /// (seed 000, appendix 8), anyone else to another school.
    pub fn usual_reason(&self, grade: i32) -> DepartureReason {
        match self {
            DecisionKind::Finished => DepartureReason::Graduated,
            _ if grade == 9 => DepartureReason::Vocational,
            _ => DepartureReason::OtherSchool,
        }
    }
}

/// A subject in debt of a conditional promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Debt {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub subject_id: i64,
    /// Read-only.
    #[serde(default)]
    pub subject_name: String,
    pub deadline: NaiveDate,
    pub result: Option<DebtResult>,
    pub result_on: Option<NaiveDate>,
}

/// The council's sitting about a class: when, the protocol, the order the decisions go into.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Council {
    pub held_on: Option<NaiveDate>,
    pub protocol_number: String,
    pub order: Order,
}

/// A row of a class's decisions grid.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Decision {
    #[ts(type = "number")]
    pub student_id: i64,
    pub file_number: String,
    /// «Фамилия Имя Отчество».
    pub full_name: String,
    pub kind: DecisionKind,
    /// False while the decision is the one proposed (nothing stored).
    pub stored: bool,
    /// The subjects in debt of a conditional promotion.
    pub debts: Vec<Debt>,
    /// Next year's class («6 А»); empty for a student who leaves.
    pub to_class: String,
    /// Where a student who finishes or leaves goes.
    pub destination: String,
    /// The reason the departure of a student who finishes or leaves gets.
    pub departure_reason: Option<DepartureReason>,
    /// Аттестат с отличием (a decision that ends a level only): as stored, or proposed when
    /// every year (final) mark is «5».
    pub with_distinction: bool,
    /// Subjects with «2», «не зачтено» or «н/а» in the year (the final mark where there is one).
    pub failing: Vec<String>,
}

/// A class's decisions: the grid and its council.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassDecisions {
    #[ts(type = "number")]
    pub class_id: i64,
    /// «9 А».
    pub class_label: String,
    pub grade: i32,
    pub year_name: String,
    pub council: Council,
    /// The decisions this class may take, in the order offered.
    pub allowed: Vec<DecisionKind>,
    /// Those of them that may be «с отличием» (they end a level); empty below the 9th grade.
    pub distinction_allowed: Vec<DecisionKind>,
    /// The class's students at the year's end, in Russian alphabetical order.
    pub decisions: Vec<Decision>,
}

/// What the user sets for a student: the decision with what goes with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionInput {
    #[ts(type = "number")]
    pub student_id: i64,
    pub kind: DecisionKind,
    /// A conditional promotion: the subjects in debt.
    #[ts(type = "Array<number>")]
    #[serde(default)]
    pub subjects: Vec<i64>,
    /// The debts' deadline (default: 31 October of the next school year).
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    /// Next year's class when not the usual one («10 Б»); empty for the usual one.
    #[serde(default)]
    pub to_class: String,
    /// A student who finishes or leaves: where to.
    #[serde(default)]
    pub destination: String,
    /// A student who finishes or leaves: the departure's reason when not the usual one.
    #[serde(default)]
    pub departure_reason: Option<DepartureReason>,
    /// Аттестат с отличием: only with a decision that ends a level.
    #[serde(default)]
    pub with_distinction: bool,
}

impl DecisionInput {
    /// The decision alone: no subjects, the usual class, no destination.
    pub fn new(student_id: i64, kind: DecisionKind) -> DecisionInput {
        DecisionInput {
            student_id,
            kind,
            subjects: Vec::new(),
            deadline: None,
            to_class: String::new(),
            destination: String::new(),
            departure_reason: None,
            with_distinction: false,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The students a year ends with

/// A student of a class on the year's last day.
#[derive(Debug, Clone)]
pub(crate) struct YearEndStudent {
    pub student_id: i64,
    pub class_id: i64,
    pub grade: i32,
    pub letter: String,
    pub file_number: String,
    pub full_name: String,
}

/// The students of the year's classes (of one class when `class_id` is given) who are there at
/// the year's end (`year_end`): their last place of the year is in the class and lasts to the
/// year's last day (or ends on it: the year-end leavers of stage 1). By class, then in Russian
/// alphabetical order.
pub(crate) fn year_end_students(
    conn: &Connection,
    year_id: i64,
    year_end: NaiveDate,
    class_id: Option<i64>,
) -> Result<Vec<YearEndStudent>> {
    let latest = placements::latest_sql("p.student_id", "p.academic_year_id");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.student_id, p.class_id, c.grade, c.letter, s.file_number, s.last_name,
                s.first_name, s.patronymic
           FROM placement p
           JOIN class c ON c.id = p.class_id
           JOIN student s ON s.id = p.student_id
          WHERE p.academic_year_id = ?1 AND (?2 IS NULL OR p.class_id = ?2)
            AND p.id = {latest} AND (p.left_on IS NULL OR p.left_on >= ?3)
          ORDER BY c.grade, c.letter_key COLLATE RU, s.last_name COLLATE RU,
                   s.first_name COLLATE RU, s.patronymic COLLATE RU, s.birth_date, s.id"
    ))?;
    let rows = stmt
        .query_map(params![year_id, class_id, year_end], |r| {
            let (last, first, patronymic): (String, String, String) =
                (r.get(5)?, r.get(6)?, r.get(7)?);
            Ok(YearEndStudent {
                student_id: r.get(0)?,
                class_id: r.get(1)?,
                grade: r.get(2)?,
                letter: r.get(3)?,
                file_number: r.get(4)?,
                full_name: people::full_name(&last, &first, &patronymic),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A year as the decisions need it.
#[derive(Debug, Clone)]
pub(crate) struct YearInfo {
    pub id: i64,
    pub name: String,
    pub ends_on: NaiveDate,
}

pub(crate) fn year_info(conn: &Connection, year_id: i64) -> Result<YearInfo> {
    conn.query_row(
        "SELECT id, name, ends_on FROM academic_year WHERE id = ?1",
        [year_id],
        |r| {
            Ok(YearInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                ends_on: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or(CoreError::NotFound {
        what: "Учебный год",
    })
}

/// A decision as stored.
struct Stored {
    id: i64,
    kind: DecisionKind,
    to_letter: Option<String>,
    destination: String,
    departure_reason: Option<DepartureReason>,
    with_distinction: bool,
}

/// Everything the decisions of a year (or of one class) are made of, read once.
struct YearData {
    councils: HashMap<i64, Council>,
    stored: HashMap<i64, Stored>,
    debts: HashMap<i64, Vec<Debt>>,
    /// Student → (subject id, name) failing in the year, in subject order.
    failing: HashMap<i64, Vec<(i64, String)>>,
    /// Students whose every year (final) mark is «5» or «зачтено», with at least one «5».
    excellent: HashSet<i64>,
}

impl YearData {
    fn read(conn: &Connection, year_id: i64, class_id: Option<i64>) -> Result<YearData> {
        let mut councils = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT m.class_id, m.held_on, m.protocol_number, m.order_series, m.order_number,
                    m.order_date
               FROM council_meeting m JOIN class c ON c.id = m.class_id
              WHERE c.academic_year_id = ?1 AND (?2 IS NULL OR m.class_id = ?2)",
        )?;
        let mut rows = stmt.query(params![year_id, class_id])?;
        while let Some(r) = rows.next()? {
            councils.insert(
                r.get::<_, i64>(0)?,
                Council {
                    held_on: r.get(1)?,
                    protocol_number: r.get(2)?,
                    order: Order {
                        series: r.get(3)?,
                        number: r.get(4)?,
                        date: r.get(5)?,
                    },
                },
            );
        }
        let mut stored = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT student_id, id, decision, to_letter, destination, departure_reason,
                    with_distinction
               FROM council_decision WHERE academic_year_id = ?1",
        )?;
        let mut rows = stmt.query([year_id])?;
        while let Some(r) = rows.next()? {
            stored.insert(
                r.get::<_, i64>(0)?,
                Stored {
                    id: r.get(1)?,
                    kind: DecisionKind::from_code(&r.get::<_, String>(2)?),
                    to_letter: r.get(3)?,
                    destination: r.get(4)?,
                    departure_reason: r
                        .get::<_, Option<String>>(5)?
                        .map(|c| DepartureReason::from_code(&c)),
                    with_distinction: r.get(6)?,
                },
            );
        }
        let mut debts: HashMap<i64, Vec<Debt>> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT a.decision_id, a.id, a.subject_id, s.name, a.deadline, a.result, a.result_on
               FROM academic_debt a
               JOIN council_decision d ON d.id = a.decision_id
               JOIN subject s ON s.id = a.subject_id
              WHERE d.academic_year_id = ?1
              ORDER BY s.position, s.name COLLATE RU",
        )?;
        let mut rows = stmt.query([year_id])?;
        while let Some(r) = rows.next()? {
            debts.entry(r.get(0)?).or_default().push(Debt {
                id: Some(r.get(1)?),
                subject_id: r.get(2)?,
                subject_name: r.get(3)?,
                deadline: r.get(4)?,
                result: r
                    .get::<_, Option<String>>(5)?
                    .map(|c| DebtResult::from_code(&c)),
                result_on: r.get(6)?,
            });
        }
        Ok(YearData {
            councils,
            stored,
            debts,
            failing: failing_marks(conn, year_id)?,
            excellent: excellent_students(conn, year_id)?,
        })
    }
}

/// The marks `m` of year ?1 that count at the year's end: the year's mark, or the final mark
/// where there is one (it stands in for the year's).
const YEAR_END_MARK: &str = "m.academic_year_id = ?1 AND m.period_kind IN ('year', 'final')
    AND (m.period_kind = 'final' OR NOT EXISTS (
         SELECT 1 FROM mark f WHERE f.academic_year_id = m.academic_year_id
            AND f.student_id = m.student_id AND f.subject_id = m.subject_id
            AND f.period_kind = 'final'))";

/// Student → the subjects (id, name) with «2», «не зачтено» or «н/а» as the year-end mark.
fn failing_marks(conn: &Connection, year_id: i64) -> Result<HashMap<i64, Vec<(i64, String)>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.student_id, m.subject_id, s.name FROM mark m JOIN subject s ON s.id = m.subject_id
          WHERE {YEAR_END_MARK} AND m.value IN ('two', 'failed', 'not_attested')
          ORDER BY s.position, s.name COLLATE RU"
    ))?;
    let mut map: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    let mut rows = stmt.query([year_id])?;
    while let Some(r) = rows.next()? {
        map.entry(r.get(0)?)
            .or_default()
            .push((r.get(1)?, r.get(2)?));
    }
    Ok(map)
}

/// The students whose every year-end mark is «5» (or «зачтено» in a pass/fail subject), with
/// at least one «5»: those proposed for the attestat with distinction («итоговые отметки
/// "отлично" по всем учебным предметам учебного плана»).
fn excellent_students(conn: &Connection, year_id: i64) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.student_id FROM mark m WHERE {YEAR_END_MARK}
          GROUP BY m.student_id
         HAVING sum(m.value = 'five') > 0 AND sum(m.value NOT IN ('five', 'passed')) = 0"
    ))?;
    let ids = stmt
        .query_map([year_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The deadline of a debt formed at the end of the year ending on `year_end`.
pub fn default_deadline(year_end: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(year_end.year(), DEBT_DEADLINE.0, DEBT_DEADLINE.1).unwrap_or(year_end)
}

/// The decision proposed for a student of a class of `grade` with these failing subjects.
fn proposed_kind(grade: i32, failing: bool) -> DecisionKind {
    let allowed = DecisionKind::allowed(grade);
    if failing && allowed.contains(&DecisionKind::Conditional) {
        DecisionKind::Conditional
    } else if grade == 9 {
        DecisionKind::Continue
    } else if allowed.contains(&DecisionKind::Promoted) {
        DecisionKind::Promoted
    } else {
        DecisionKind::Finished
    }
}

/// Next year's class label of a decision: the grade it leads to with the letter named, or the
/// student's own letter.
fn to_class(kind: DecisionKind, grade: i32, letter: &str, to_letter: Option<&str>) -> String {
    kind.next_grade(grade)
        .map(|g| classes::label(g, to_letter.unwrap_or(letter)))
        .unwrap_or_default()
}

/// The decision of one student: the stored one, or the one proposed.
fn decision_of(s: &YearEndStudent, data: &YearData, year_end: NaiveDate) -> Decision {
    let failing = data.failing.get(&s.student_id);
    let failing_names = failing
        .map(|f| f.iter().map(|(_, n)| n.clone()).collect())
        .unwrap_or_default();
    match data.stored.get(&s.student_id) {
        Some(st) => Decision {
            student_id: s.student_id,
            file_number: s.file_number.clone(),
            full_name: s.full_name.clone(),
            kind: st.kind,
            stored: true,
            debts: data.debts.get(&st.id).cloned().unwrap_or_default(),
            to_class: to_class(st.kind, s.grade, &s.letter, st.to_letter.as_deref()),
            destination: st.destination.clone(),
            departure_reason: st
                .departure_reason
                .or_else(|| st.kind.leaves().then(|| st.kind.usual_reason(s.grade))),
            with_distinction: st.with_distinction,
            failing: failing_names,
        },
        None => {
            let kind = proposed_kind(s.grade, failing.is_some());
            let deadline = default_deadline(year_end);
            let debts = match (kind, failing) {
                (DecisionKind::Conditional, Some(f)) => f
                    .iter()
                    .map(|(id, name)| Debt {
                        id: None,
                        subject_id: *id,
                        subject_name: name.clone(),
                        deadline,
                        result: None,
                        result_on: None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Decision {
                student_id: s.student_id,
                file_number: s.file_number.clone(),
                full_name: s.full_name.clone(),
                kind,
                stored: false,
                debts,
                to_class: to_class(kind, s.grade, &s.letter, None),
                destination: String::new(),
                departure_reason: kind.leaves().then(|| kind.usual_reason(s.grade)),
                with_distinction: kind.ends_level(s.grade)
                    && data.excellent.contains(&s.student_id),
                failing: failing_names,
            }
        }
    }
}

/// The classes of a year (of one class) with their decisions, by grade and letter.
fn read_decisions(
    conn: &Connection,
    year: &YearInfo,
    class_id: Option<i64>,
) -> Result<Vec<ClassDecisions>> {
    let data = YearData::read(conn, year.id, class_id)?;
    let students = year_end_students(conn, year.id, year.ends_on, class_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, grade, letter FROM class WHERE academic_year_id = ?1
            AND (?2 IS NULL OR id = ?2) ORDER BY grade, letter_key COLLATE RU, id",
    )?;
    let class_rows: Vec<(i64, i32, String)> = stmt
        .query_map(params![year.id, class_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_class: HashMap<i64, Vec<Decision>> = HashMap::new();
    for s in &students {
        by_class
            .entry(s.class_id)
            .or_default()
            .push(decision_of(s, &data, year.ends_on));
    }
    Ok(class_rows
        .into_iter()
        .map(|(id, grade, letter)| ClassDecisions {
            class_id: id,
            class_label: classes::label(grade, &letter),
            grade,
            year_name: year.name.clone(),
            council: data.councils.get(&id).cloned().unwrap_or_default(),
            allowed: DecisionKind::allowed(grade),
            distinction_allowed: DecisionKind::allowed(grade)
                .into_iter()
                .filter(|k| k.ends_level(grade))
                .collect(),
            decisions: by_class.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// The decisions of the class (the grid), stored or proposed.
pub fn of_class(db: &Db, class_id: i64) -> Result<ClassDecisions> {
    db.read(|conn| {
        let class = classes::load(conn, class_id)?;
        let year = year_info(conn, class.academic_year_id)?;
        read_decisions(conn, &year, Some(class_id))?
            .pop()
            .ok_or(CoreError::NotFound { what: "Класс" })
    })
}

/// The decisions of every class of the year, by grade and letter.
pub fn of_year(db: &Db, academic_year_id: i64) -> Result<Vec<ClassDecisions>> {
    db.read(|conn| read_decisions(conn, &year_info(conn, academic_year_id)?, None))
}

/// [`of_year`] inside the caller's transaction (a stage of the rollover).
pub(crate) fn of_year_in(conn: &Connection, year: &YearInfo) -> Result<Vec<ClassDecisions>> {
    read_decisions(conn, year, None)
}

// ---------------------------------------------------------------------------------------------
// Changing

/// Decisions are the user's until stage 1 of the rollover applies them; after it a change is
/// a movement with its order, not a decision.
fn ensure_open(conn: &Connection, year: &YearInfo) -> Result<()> {
    if super::stage_ran(conn, year.id, super::Stage::Leavers)? {
        return Err(CoreError::refused(
            "decisions",
            YearEndProblem::DecisionsApplied {
                year: year.name.clone(),
            }
            .into(),
        ));
    }
    Ok(())
}

/// The checks of one input against the student's place at the year's end; the letter of the
/// class named, if any.
fn check_input(
    i: usize,
    input: &DecisionInput,
    student: &YearEndStudent,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let field = |name: &str| format!("decisions.{i}.{name}");
    let name = student.full_name.clone();
    let grade = student.grade;
    let allowed = DecisionKind::allowed(grade);
    if !allowed.contains(&input.kind) {
        errors.push(FieldError::new(
            field("kind"),
            YearEndProblem::DecisionNotForGrade {
                decision: input.kind.label().to_string(),
                name: name.clone(),
                class: classes::label(grade, &student.letter),
                allowed: allowed
                    .iter()
                    .map(|k| format!("«{}»", k.label()))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
            .into(),
        ));
        return None;
    }
    match (input.kind, input.subjects.is_empty()) {
        (DecisionKind::Conditional, true) => errors.push(FieldError::new(
            field("subjects"),
            YearEndProblem::DebtSubjectsRequired { name: name.clone() }.into(),
        )),
        (DecisionKind::Conditional, false) => {}
        (_, false) => errors.push(FieldError::new(
            field("subjects"),
            YearEndProblem::DebtOnlyForConditional { name: name.clone() }.into(),
        )),
        (_, true) => {}
    }
    if !input.kind.leaves()
        && (!people::clean(&input.destination).is_empty() || input.departure_reason.is_some())
    {
        errors.push(FieldError::new(
            field("destination"),
            YearEndProblem::DestinationOnlyForLeavers { name: name.clone() }.into(),
        ));
    }
    if input.with_distinction && !input.kind.ends_level(grade) {
        errors.push(FieldError::new(
            field("with_distinction"),
            YearEndProblem::DistinctionNotForDecision {
                name: name.clone(),
                decision: input.kind.label().to_string(),
                class: classes::label(grade, &student.letter),
            }
            .into(),
        ));
    }
    let to_class = input.to_class.trim();
    if to_class.is_empty() {
        return None;
    }
    let Some(next) = input.kind.next_grade(grade) else {
        errors.push(FieldError::new(
            field("to_class"),
            YearEndProblem::ToClassForLeaver { name }.into(),
        ));
        return None;
    };
    match classes::parse_label(to_class) {
        Some((g, letter)) if g == next => Some(letter),
        Some(_) => {
            errors.push(FieldError::new(
                field("to_class"),
                YearEndProblem::ToClassOtherGrade {
                    class: to_class.to_string(),
                    name,
                    grade: next.into(),
                }
                .into(),
            ));
            None
        }
        None => {
            errors.push(FieldError::new(
                field("to_class"),
                Problem::NotAClass {
                    value: to_class.to_string(),
                },
            ));
            None
        }
    }
}

/// The student of the class at the year's end, or the refusal naming them: one who left the
/// school before the year's end, one of another class.
fn student_of_class<'a>(
    conn: &Connection,
    students: &'a [YearEndStudent],
    (class_label, year_end): (&str, NaiveDate),
    student_id: i64,
) -> Result<std::result::Result<&'a YearEndStudent, Problem>> {
    if let Some(s) = students.iter().find(|s| s.student_id == student_id) {
        return Ok(Ok(s));
    }
    let name = crate::students::load(conn, student_id)?.full_name();
    Ok(Err(
        match movement::left_school_by(conn, student_id, year_end)? {
            Some(on) => YearEndProblem::DecisionForDeparted {
                name,
                on: on.format("%d.%m.%Y").to_string(),
            }
            .into(),
            None => Problem::StudentNotInClass {
                student: name,
                class: class_label.to_string(),
            },
        },
    ))
}

/// Writes one decision with its debts, replacing the student's stored one.
fn write_decision(
    conn: &Connection,
    year: &YearInfo,
    class_id: i64,
    input: &DecisionInput,
    to_letter: Option<String>,
) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM council_decision WHERE academic_year_id = ?1 AND student_id = ?2",
    )?
    .execute([year.id, input.student_id])?;
    let destination = people::clean(&input.destination);
    conn.prepare_cached(
        "INSERT INTO council_decision (academic_year_id, class_id, student_id, decision, to_letter,
                destination, departure_reason, with_distinction)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        year.id,
        class_id,
        input.student_id,
        input.kind.code(),
        to_letter,
        destination,
        input.departure_reason.map(|r| r.code()),
        input.with_distinction,
    ])?;
    let decision_id = conn.last_insert_rowid();
    let deadline = input
        .deadline
        .unwrap_or_else(|| default_deadline(year.ends_on));
    let mut debt = conn.prepare_cached(
        "INSERT OR IGNORE INTO academic_debt (decision_id, subject_id, deadline) VALUES (?1, ?2, ?3)",
    )?;
    for subject in &input.subjects {
        debt.execute(params![decision_id, subject, deadline])?;
    }
    Ok(())
}

/// Sets the decisions of students of the class, all or none: field errors name the row
/// (`decisions.N.kind`…) and the student. Refused once stage 1 of the rollover has run.
pub fn set(db: &Db, class_id: i64, inputs: &[DecisionInput]) -> Result<ClassDecisions> {
    db.write(|conn| {
        let class = classes::load(conn, class_id)?;
        let year = year_info(conn, class.academic_year_id)?;
        ensure_open(conn, &year)?;
        let students = year_end_students(conn, year.id, year.ends_on, Some(class_id))?;
        let mut errors = Vec::new();
        let mut letters = Vec::with_capacity(inputs.len());
        let label = class.label();
        for (i, input) in inputs.iter().enumerate() {
            let place = (label.as_str(), year.ends_on);
            let student = match student_of_class(conn, &students, place, input.student_id)? {
                Ok(s) => s,
                Err(problem) => {
                    errors.push(FieldError::new(
                        format!("decisions.{i}.student_id"),
                        problem,
                    ));
                    letters.push(None);
                    continue;
                }
            };
            for &subject in &input.subjects {
                crate::subjects::get(db, subject)?;
            }
            letters.push(check_input(i, input, student, &mut errors));
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        for (input, letter) in inputs.iter().zip(letters) {
            write_decision(conn, &year, class_id, input, letter)?;
        }
        Ok(())
    })?;
    of_class(db, class_id)
}

/// Puts the students' decisions back to the ones proposed (nothing stored for them).
pub fn reset(db: &Db, class_id: i64, student_ids: &[i64]) -> Result<ClassDecisions> {
    db.write(|conn| {
        let class = classes::load(conn, class_id)?;
        let year = year_info(conn, class.academic_year_id)?;
        ensure_open(conn, &year)?;
        let mut delete = conn.prepare_cached(
            "DELETE FROM council_decision WHERE academic_year_id = ?1 AND student_id = ?2",
        )?;
        for &id in student_ids {
            delete.execute([year.id, id])?;
        }
        Ok(())
    })?;
    of_class(db, class_id)
}

/// Sets the council's date, protocol and order for the class.
pub fn set_council(db: &Db, class_id: i64, council: &Council) -> Result<ClassDecisions> {
    let mut check = crate::error::Check::new();
    people::check_order(&mut check, "order", &council.order);
    check.finish()?;
    db.write(|conn| {
        classes::load(conn, class_id)?;
        let order = council.order.cleaned();
        conn.execute(
            "INSERT INTO council_meeting (class_id, held_on, protocol_number, order_series,
                    order_number, order_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (class_id) DO UPDATE SET held_on = excluded.held_on,
                    protocol_number = excluded.protocol_number, order_series = excluded.order_series,
                    order_number = excluded.order_number, order_date = excluded.order_date",
            params![
                class_id,
                council.held_on,
                people::clean(&council.protocol_number),
                order.series,
                order.number,
                order.date
            ],
        )?;
        Ok(())
    })?;
    of_class(db, class_id)
}

/// Records whether a debt was cleared and when (both, or neither to clear the result); the
/// debt's deadline may be moved at the same time.
pub fn set_debt(
    db: &Db,
    debt_id: i64,
    deadline: NaiveDate,
    result: Option<DebtResult>,
    result_on: Option<NaiveDate>,
) -> Result<()> {
    match (result, result_on) {
        (Some(_), None) => return Err(CoreError::refused("result_on", Problem::Required)),
        (None, Some(_)) => return Err(CoreError::refused("result", Problem::Required)),
        _ => {}
    }
    let n = db.write(|conn| {
        Ok(conn.execute(
            "UPDATE academic_debt SET deadline = ?2, result = ?3, result_on = ?4 WHERE id = ?1",
            params![debt_id, deadline, result.map(|r| r.code()), result_on],
        )?)
    })?;
    if n == 0 {
        return Err(CoreError::NotFound {
            what: "Академическая задолженность",
        });
    }
    Ok(())
}
