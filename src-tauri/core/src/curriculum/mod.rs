//! Curricula («Учебный план»): templates per grade («Базовый», «Надомное обучение», a profile
//! template in grades 10–11), the curriculum of each class and the individual curricula (ИУП)
//! of students, all of one academic year.
//!
//! A class's curriculum is a copy of a template's lines made when the template is assigned
//! ([`assign`]); the class's copy is then edited without touching the template. So the hours a
//! class needs in each subject are plain rows ([`class_hours`]), which the teaching load and the
//! timetable build on. A student's individual curriculum replaces the class's for that student
//! ([`for_student`]).
//!
//! Hours are per week, in each half-year (a line may differ between them), multiples of 0.5.
//! Annual hours = first-half hours × 16 weeks + second-half hours × the rest of the year's weeks
//! (33 in grade 1, 34 in grades 2–11). The weekly total of the obligatory part and the part
//! formed by the participants is checked against the sanitary maximum for the grade and the
//! school's week length (a warning); extracurricular lines are kept apart and not counted in it.

use crate::choice::choice_enum;
use crate::classes::{self, Profile, PROFILE_GRADES};
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::people;
use crate::validate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

#[cfg(test)]
pub(crate) mod tests;

/// The most hours a week one line may have (an in-depth subject is 6–7).
pub const MAX_LINE_HOURS: f64 = 10.0;
/// Weeks of the first half-year (September–December); the second half has the rest.
pub const WEEKS_FIRST_HALF: i32 = 16;
/// Grade 1 studies 33 weeks (an extra February holiday), grades 2–11 34 weeks.
pub fn weeks(grade: i32) -> i32 {
    if grade == 1 {
        33
    } else {
        34
    }
}

const CURRICULUM: &str = "Учебный план";

choice_enum! {
    /// What a curriculum is: a template of a grade, a class's curriculum, a student's ИУП.
    pub enum CurriculumKind (fallback Template) {
        Template = "template", "Шаблон учебного плана";
        Class = "class", "Учебный план класса";
        Individual = "individual", "Индивидуальный учебный план";
    }
}

choice_enum! {
    /// The part of the curriculum a line belongs to.
    pub enum CurriculumPart (fallback Mandatory) {
        Mandatory = "mandatory", "Обязательная часть";
        Elective = "elective", "Часть, формируемая участниками образовательных отношений";
        Extracurricular = "extracurricular", "Внеурочная деятельность";
    }
}

choice_enum! {
    /// A level of general education; the CLI writes it «1-4», «5-9», «10-11».
    pub enum Level (fallback Basic) {
        Primary = "primary", "Начальное общее образование";
        Basic = "basic", "Основное общее образование";
        Secondary = "secondary", "Среднее общее образование";
    }
}

impl Level {
    /// First and last grade (grade 12 of evening schools goes with the secondary level).
    pub fn grades(&self) -> (i32, i32) {
        match self {
            Level::Primary => (1, 4),
            Level::Basic => (5, 9),
            Level::Secondary => (10, 12),
        }
    }

    /// «1–4», «5–9», «10–11» as printed.
    pub fn range_label(&self) -> &'static str {
        match self {
            Level::Primary => "1–4",
            Level::Basic => "5–9",
            Level::Secondary => "10–11",
        }
    }

    /// Reads «5-9», «5–9», «10-11», «1-4» or a code («basic»).
    pub fn parse(text: &str) -> Option<Level> {
        let t = text.trim().replace(['–', '—'], "-");
        match t.as_str() {
            "1-4" => Some(Level::Primary),
            "5-9" => Some(Level::Basic),
            "10-11" | "10-12" => Some(Level::Secondary),
            _ => Level::ALL.into_iter().find(|l| l.code() == t),
        }
    }
}

/// Строка учебного плана.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CurriculumLine {
    /// Kept across saves (the teaching load refers to lines); None for a new line.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub part: CurriculumPart,
    /// Required in the obligatory part; optional for an elective or extracurricular course.
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    /// The name of a course («Разговоры о важном», «Финансовая грамотность»); shown instead of
    /// the subject's name when filled.
    pub course: String,
    /// Hours a week in the first and the second half-year.
    pub hours_first: f64,
    pub hours_second: f64,
    /// Read-only: the course, or else the subject's name.
    #[serde(default)]
    pub label: String,
    /// Read-only: hours in the year (by the weeks of the curriculum's grade).
    #[serde(default)]
    pub annual_hours: f64,
}

/// Weekly and annual totals of a curriculum, with the sanitary maximum they are checked against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CurriculumTotals {
    /// Weeks of the year for the grade (33 or 34), of which `weeks_first` in the first half.
    pub weeks: i32,
    pub weeks_first: i32,
    /// Obligatory part + the part formed by the participants: hours a week per half-year.
    pub weekly_first: f64,
    pub weekly_second: f64,
    /// The same in the year.
    pub annual: f64,
    pub extracurricular_first: f64,
    pub extracurricular_second: f64,
    pub extracurricular_annual: f64,
    /// The school's week (5 or 6 days) and the maximum weekly load for the grade on it.
    pub week_days: i32,
    pub sanitary_max: Option<i32>,
}

impl CurriculumTotals {
    /// Either half-year's weekly hours above the sanitary maximum.
    pub fn above_max(&self) -> bool {
        self.sanitary_max
            .is_some_and(|max| self.weekly_first.max(self.weekly_second) > f64::from(max))
    }
}

/// A curriculum of any kind with its lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Curriculum {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    /// Set when created; a curriculum does not change its kind, class or student.
    pub kind: CurriculumKind,
    /// Template: its grade 1–12. Class and individual: the class's grade (read-only).
    pub grade: i32,
    /// Template: required, unique among the grade's templates («Базовый»). Others: optional.
    pub name: String,
    /// Grades 10–11 only.
    pub profile: Option<Profile>,
    /// Kind `class`: the class. Kind `individual`: the student's class (read-only).
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
    /// Kind `individual`: the student.
    #[ts(type = "number | null")]
    pub student_id: Option<i64>,
    /// The template the lines were copied from (a template of the same year and grade).
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    pub note: String,
    pub lines: Vec<CurriculumLine>,
    /// Read-only: «Базовый (5 кл.)», «5 А», «ИУП: Иванов И. И. (5 А)».
    #[serde(default)]
    pub title: String,
    /// Read-only: the name of `template_id`.
    #[serde(default)]
    pub template_name: String,
    /// Read-only.
    #[serde(default)]
    pub totals: CurriculumTotals,
}

impl Curriculum {
    /// An empty curriculum of a kind, to fill in.
    pub fn new(academic_year_id: i64, kind: CurriculumKind) -> Curriculum {
        Curriculum {
            id: None,
            academic_year_id,
            kind,
            grade: 0,
            name: String::new(),
            profile: None,
            class_id: None,
            student_id: None,
            template_id: None,
            note: String::new(),
            lines: Vec::new(),
            title: String::new(),
            template_name: String::new(),
            totals: CurriculumTotals::default(),
        }
    }
}

/// A row of the curricula list of a year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CurriculumSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: CurriculumKind,
    pub grade: i32,
    pub name: String,
    pub profile: Option<Profile>,
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
    #[ts(type = "number | null")]
    pub student_id: Option<i64>,
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    pub title: String,
    pub template_name: String,
    pub lines: i32,
    pub totals: CurriculumTotals,
    /// Templates: the class curricula copied from it.
    pub classes: i32,
    /// Class curricula: the lines differ from the template's (adjusted for the class).
    pub adjusted: bool,
}

/// Hours a class needs in one line of its curriculum: what the teaching load distributes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassHours {
    #[ts(type = "number")]
    pub class_id: i64,
    #[ts(type = "number")]
    pub line_id: i64,
    pub part: CurriculumPart,
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    pub label: String,
    pub hours_first: f64,
    pub hours_second: f64,
}

/// The maximum weekly load of a grade on a 5- or 6-day week (editable reference data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeeklyLimit {
    pub grade: i32,
    pub week_days: i32,
    pub max_hours: i32,
    /// Where the figure comes from («СанПиН 1.2.3685-21, табл. 6.6»).
    pub source: String,
}

// ---------------------------------------------------------------------------------------------
// Hours

/// Hours as printed: «5», «0,5», «1,5».
pub fn hours_text(h: f64) -> String {
    let text = if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    };
    text.replace('.', ",")
}

/// A line's weekly hours as printed: «5», or «2/1» when the half-years differ.
pub fn weekly_text(first: f64, second: f64) -> String {
    if first == second {
        hours_text(first)
    } else {
        format!("{}/{}", hours_text(first), hours_text(second))
    }
}

/// Hours in the year of a line with these weekly hours, for a grade.
pub fn annual_hours(grade: i32, first: f64, second: f64) -> f64 {
    let total = weeks(grade.max(1));
    first * f64::from(WEEKS_FIRST_HALF) + second * f64::from(total - WEEKS_FIRST_HALF)
}

fn hours_ok(h: f64) -> bool {
    h.is_finite() && (0.0..=MAX_LINE_HOURS).contains(&h) && (h * 2.0).fract() == 0.0
}

// ---------------------------------------------------------------------------------------------
// Reading

fn not_found() -> CoreError {
    CoreError::NotFound { what: CURRICULUM }
}

/// The head of a curriculum with what it refers to, the grade and class resolved.
const HEAD_SELECT: &str = "SELECT c.id, c.academic_year_id, c.kind,
    coalesce(c.grade, k.grade, mk.grade, 0), c.name, c.profile, coalesce(c.class_id, m.class_id),
    c.student_id, c.template_id, c.note, coalesce(t.name, ''), coalesce(k.letter, mk.letter, ''),
    coalesce(s.last_name, ''), coalesce(s.first_name, ''), coalesce(s.patronymic, '')
    FROM curriculum c
    LEFT JOIN class k ON k.id = c.class_id
    LEFT JOIN placement m ON m.id = (SELECT q.id FROM placement q
                                      WHERE q.student_id = c.student_id
                                        AND q.academic_year_id = c.academic_year_id
                                      ORDER BY q.starts_on DESC, q.id DESC LIMIT 1)
    LEFT JOIN class mk ON mk.id = m.class_id
    LEFT JOIN student s ON s.id = c.student_id
    LEFT JOIN curriculum t ON t.id = c.template_id";

fn head_from_row(r: &Row) -> rusqlite::Result<Curriculum> {
    let kind = CurriculumKind::from_code(&r.get::<_, String>(2)?);
    let grade: i32 = r.get(3)?;
    let name: String = r.get(4)?;
    let letter: String = r.get(11)?;
    let class_label = classes::label(grade, &letter);
    let title = match kind {
        CurriculumKind::Template => format!("{name} ({grade} кл.)"),
        CurriculumKind::Class => class_label,
        CurriculumKind::Individual => format!(
            "ИУП: {} ({class_label})",
            people::short_name(
                &r.get::<_, String>(12)?,
                &r.get::<_, String>(13)?,
                &r.get::<_, String>(14)?
            )
        ),
    };
    Ok(Curriculum {
        id: Some(r.get(0)?),
        academic_year_id: r.get(1)?,
        kind,
        grade,
        name,
        profile: r
            .get::<_, Option<String>>(5)?
            .and_then(|p| Profile::from_code(&p)),
        class_id: r.get(6)?,
        student_id: r.get(7)?,
        template_id: r.get(8)?,
        note: r.get(9)?,
        lines: Vec::new(),
        title,
        template_name: r.get(10)?,
        totals: CurriculumTotals::default(),
    })
}

fn lines_of(conn: &Connection, curriculum_id: i64, grade: i32) -> Result<Vec<CurriculumLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.part, l.subject_id, l.course, l.hours_first, l.hours_second,
                coalesce(s.name, '')
           FROM curriculum_line l LEFT JOIN subject s ON s.id = l.subject_id
          WHERE l.curriculum_id = ?1 ORDER BY l.position, l.id",
    )?;
    let lines = stmt
        .query_map([curriculum_id], |r| {
            let course: String = r.get(3)?;
            let subject: String = r.get(6)?;
            let (first, second) = (r.get(4)?, r.get(5)?);
            Ok(CurriculumLine {
                id: Some(r.get(0)?),
                part: CurriculumPart::from_code(&r.get::<_, String>(1)?),
                subject_id: r.get(2)?,
                label: if course.is_empty() {
                    subject
                } else {
                    course.clone()
                },
                course,
                hours_first: first,
                hours_second: second,
                annual_hours: annual_hours(grade, first, second),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines)
}

fn week_days(conn: &Connection) -> Result<i32> {
    let days: Option<i32> = conn
        .query_row("SELECT week_days FROM school WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(days.unwrap_or(5))
}

fn sanitary_max(conn: &Connection, grade: i32, week_days: i32) -> Result<Option<i32>> {
    Ok(conn
        .prepare_cached(
            "SELECT max_hours FROM sanitary_weekly_limit WHERE grade = ?1 AND week_days = ?2",
        )?
        .query_row([grade, week_days], |r| r.get(0))
        .optional()?)
}

/// Totals of lines for a grade on the school's week.
fn totals(conn: &Connection, grade: i32, lines: &[CurriculumLine]) -> Result<CurriculumTotals> {
    let days = week_days(conn)?;
    let mut t = CurriculumTotals {
        weeks: weeks(grade.max(1)),
        weeks_first: WEEKS_FIRST_HALF,
        week_days: days,
        sanitary_max: sanitary_max(conn, grade, days)?,
        ..CurriculumTotals::default()
    };
    for l in lines {
        let annual = annual_hours(grade, l.hours_first, l.hours_second);
        if l.part == CurriculumPart::Extracurricular {
            t.extracurricular_first += l.hours_first;
            t.extracurricular_second += l.hours_second;
            t.extracurricular_annual += annual;
        } else {
            t.weekly_first += l.hours_first;
            t.weekly_second += l.hours_second;
            t.annual += annual;
        }
    }
    Ok(t)
}

fn complete(conn: &Connection, mut c: Curriculum) -> Result<Curriculum> {
    let id = c.id.unwrap_or_default();
    c.lines = lines_of(conn, id, c.grade)?;
    c.totals = totals(conn, c.grade, &c.lines)?;
    Ok(c)
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Curriculum> {
    let head = conn
        .query_row(
            &format!("{HEAD_SELECT} WHERE c.id = ?1"),
            [id],
            head_from_row,
        )
        .optional()?
        .ok_or_else(not_found)?;
    complete(conn, head)
}

fn load_where(
    conn: &Connection,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<Curriculum>> {
    let sql = format!(
        "{HEAD_SELECT} WHERE {filter}
         ORDER BY CASE c.kind WHEN 'template' THEN 0 WHEN 'class' THEN 1 ELSE 2 END,
                  coalesce(c.grade, k.grade, mk.grade), c.name COLLATE RU,
                  coalesce(k.letter_key, mk.letter_key) COLLATE RU, s.name_key, c.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let heads = stmt
        .query_map(args, head_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    heads.into_iter().map(|h| complete(conn, h)).collect()
}

/// One curriculum with its lines and totals.
pub fn get(db: &Db, id: i64) -> Result<Curriculum> {
    load(db.conn(), id)
}

/// Every curriculum of a year with its lines: templates by grade and name, then the classes'
/// by grade and letter, then the students' individual ones.
pub fn all(db: &Db, academic_year_id: i64) -> Result<Vec<Curriculum>> {
    load_where(db.conn(), "c.academic_year_id = ?1", [academic_year_id])
}

/// The templates of a year (one grade when `grade` is given), by grade and name.
pub fn templates(db: &Db, academic_year_id: i64, grade: Option<i32>) -> Result<Vec<Curriculum>> {
    load_where(
        db.conn(),
        "c.academic_year_id = ?1 AND c.kind = 'template' AND (?2 IS NULL OR c.grade = ?2)",
        params![academic_year_id, grade],
    )
}

/// The year's curricula as list rows (see [`all`] for the order).
pub fn list(db: &Db, academic_year_id: i64) -> Result<Vec<CurriculumSummary>> {
    let all = all(db, academic_year_id)?;
    let summaries = all
        .iter()
        .map(|c| {
            let template = c
                .template_id
                .and_then(|t| all.iter().find(|o| o.id == Some(t)));
            CurriculumSummary {
                id: c.id.unwrap_or_default(),
                kind: c.kind,
                grade: c.grade,
                name: c.name.clone(),
                profile: c.profile,
                class_id: c.class_id,
                student_id: c.student_id,
                template_id: c.template_id,
                title: c.title.clone(),
                template_name: c.template_name.clone(),
                lines: i32::try_from(c.lines.len()).unwrap_or(i32::MAX),
                totals: c.totals.clone(),
                classes: all
                    .iter()
                    .filter(|o| o.kind == CurriculumKind::Class && o.template_id == c.id)
                    .count() as i32,
                adjusted: c.kind == CurriculumKind::Class
                    && template.is_some_and(|t| !same_lines(&t.lines, &c.lines)),
            }
        })
        .collect();
    Ok(summaries)
}

/// What identifies a line within its curriculum: part, subject, course (folded).
fn line_key(l: &CurriculumLine) -> (&'static str, Option<i64>, String) {
    (
        l.part.code(),
        l.subject_id,
        ru_key(&people::clean(&l.course)),
    )
}

/// The same lines with the same hours, in any order.
pub fn same_lines(a: &[CurriculumLine], b: &[CurriculumLine]) -> bool {
    let set = |lines: &[CurriculumLine]| {
        let mut v: Vec<_> = lines
            .iter()
            .map(|l| {
                (
                    line_key(l),
                    l.hours_first.to_bits(),
                    l.hours_second.to_bits(),
                )
            })
            .collect();
        v.sort();
        v
    };
    set(a) == set(b)
}

/// The curriculum of a class, if it has one.
pub fn of_class(db: &Db, class_id: i64) -> Result<Option<Curriculum>> {
    let conn = db.conn();
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM curriculum WHERE kind = 'class' AND class_id = ?1",
            [class_id],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| load(conn, id)).transpose()
}

/// The student's individual curriculum in a year, if there is one.
pub fn of_student(db: &Db, academic_year_id: i64, student_id: i64) -> Result<Option<Curriculum>> {
    let conn = db.conn();
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM curriculum WHERE kind = 'individual' AND academic_year_id = ?1
             AND student_id = ?2",
            [academic_year_id, student_id],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| load(conn, id)).transpose()
}

/// The curriculum a student follows in a year: the individual one, or else the class's.
pub fn for_student(db: &Db, academic_year_id: i64, student_id: i64) -> Result<Option<Curriculum>> {
    if let Some(own) = of_student(db, academic_year_id, student_id)? {
        return Ok(Some(own));
    }
    match class_of_student(db.conn(), academic_year_id, student_id)? {
        Some(class_id) => of_class(db, class_id),
        None => Ok(None),
    }
}

/// Hours each class of the year needs per line of its curriculum, by class and line order.
pub fn class_hours(db: &Db, academic_year_id: i64) -> Result<Vec<ClassHours>> {
    let mut stmt = db.conn().prepare(
        "SELECT c.class_id, l.id, l.part, l.subject_id,
                CASE WHEN l.course <> '' THEN l.course ELSE coalesce(s.name, '') END,
                l.hours_first, l.hours_second
           FROM curriculum c
           JOIN class k ON k.id = c.class_id
           JOIN curriculum_line l ON l.curriculum_id = c.id
           LEFT JOIN subject s ON s.id = l.subject_id
          WHERE c.kind = 'class' AND c.academic_year_id = ?1
          ORDER BY k.grade, k.letter_key COLLATE RU, l.position, l.id",
    )?;
    let rows = stmt
        .query_map([academic_year_id], |r| {
            Ok(ClassHours {
                class_id: r.get(0)?,
                line_id: r.get(1)?,
                part: CurriculumPart::from_code(&r.get::<_, String>(2)?),
                subject_id: r.get(3)?,
                label: r.get(4)?,
                hours_first: r.get(5)?,
                hours_second: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The sanitary maximum of weekly load per grade and week length.
pub fn weekly_limits(db: &Db) -> Result<Vec<WeeklyLimit>> {
    let mut stmt = db.conn().prepare(
        "SELECT grade, week_days, max_hours, source FROM sanitary_weekly_limit
         ORDER BY grade, week_days",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(WeeklyLimit {
                grade: r.get(0)?,
                week_days: r.get(1)?,
                max_hours: r.get(2)?,
                source: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Changes one maximum (the school's inspector may give other figures).
pub fn save_weekly_limit(db: &Db, limit: &WeeklyLimit) -> Result<WeeklyLimit> {
    let mut check = Check::new();
    check.field(
        "grade",
        validate::in_range(
            limit.grade.into(),
            classes::MIN_GRADE.into(),
            classes::MAX_GRADE.into(),
        ),
    );
    check.field(
        "week_days",
        validate::in_range(limit.week_days.into(), 5, 6),
    );
    check.field(
        "max_hours",
        validate::in_range(limit.max_hours.into(), 1, 60),
    );
    check.finish()?;
    let source = match limit.source.trim() {
        "" => "СанПиН 1.2.3685-21, табл. 6.6",
        s => s,
    };
    db.write(|tx| {
        tx.execute(
            "INSERT INTO sanitary_weekly_limit (grade, week_days, max_hours, source)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (grade, week_days) DO UPDATE SET max_hours = excluded.max_hours,
                 source = excluded.source",
            params![limit.grade, limit.week_days, limit.max_hours, source],
        )?;
        Ok(())
    })?;
    Ok(WeeklyLimit {
        source: source.to_string(),
        ..limit.clone()
    })
}

// ---------------------------------------------------------------------------------------------
// Checking

/// The student's class of the year: the last one, where a transfer took the student.
fn class_of_student(
    conn: &Connection,
    academic_year_id: i64,
    student_id: i64,
) -> Result<Option<i64>> {
    crate::movement::placements::class_in_year(conn, student_id, academic_year_id)
}

fn ensure_year(conn: &Connection, academic_year_id: i64) -> Result<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM academic_year WHERE id = ?1",
            [academic_year_id],
            |r| r.get(0),
        )
        .optional()?;
    found.map(|_| ()).ok_or(CoreError::NotFound {
        what: "Учебный год",
    })
}

fn is_senior(grade: i32) -> bool {
    (PROFILE_GRADES.0..=PROFILE_GRADES.1).contains(&grade)
}

/// The head as it will be stored: the grade and class resolved from the class or student,
/// or the field errors of the kind's rules.
fn check_head(conn: &Connection, c: &Curriculum, check: &mut Check) -> Result<Curriculum> {
    let mut out = c.clone();
    match c.kind {
        CurriculumKind::Template => {
            if !(classes::MIN_GRADE..=classes::MAX_GRADE).contains(&c.grade) {
                check.add(
                    "grade",
                    Problem::NotInRange {
                        min: classes::MIN_GRADE.into(),
                        max: classes::MAX_GRADE.into(),
                    },
                );
            }
            check_template_name(conn, check, c)?;
            out.class_id = None;
            out.student_id = None;
        }
        CurriculumKind::Class => match c.class_id {
            None => check.add("class_id", Problem::Required),
            Some(class_id) => {
                let class = classes::load(conn, class_id)?;
                if class.academic_year_id != c.academic_year_id {
                    check.add("class_id", Problem::OtherYear);
                }
                let other: Option<i64> = conn
                    .query_row(
                        "SELECT id FROM curriculum WHERE kind = 'class' AND class_id = ?1",
                        [class_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if other.is_some_and(|o| Some(o) != c.id) {
                    check.add(
                        "class_id",
                        Problem::CurriculumExists {
                            what: format!("класса {}", class.label()),
                        },
                    );
                }
                out.grade = class.grade;
                out.student_id = None;
            }
        },
        CurriculumKind::Individual => match c.student_id {
            None => check.add("student_id", Problem::Required),
            Some(student_id) => {
                let student = crate::students::load(conn, student_id)?;
                match class_of_student(conn, c.academic_year_id, student_id)? {
                    None => check.add("student_id", Problem::StudentNotInYear),
                    Some(class_id) => {
                        out.class_id = Some(class_id);
                        out.grade = classes::load(conn, class_id)?.grade;
                    }
                }
                let other: Option<i64> = conn
                    .query_row(
                        "SELECT id FROM curriculum WHERE kind = 'individual'
                         AND academic_year_id = ?1 AND student_id = ?2",
                        [c.academic_year_id, student_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if other.is_some_and(|o| Some(o) != c.id) {
                    check.add(
                        "student_id",
                        Problem::CurriculumExists {
                            what: format!("обучающегося {}", student.full_name()),
                        },
                    );
                }
            }
        },
    }
    if c.profile.is_some() && !is_senior(out.grade) {
        check.add("profile", Problem::ProfileOnlySenior);
    }
    if let Some(template_id) = c.template_id {
        let template = load(conn, template_id)?;
        if template.kind != CurriculumKind::Template {
            check.add("template_id", Problem::NotATemplate);
        } else if template.academic_year_id != c.academic_year_id {
            check.add("template_id", Problem::OtherYear);
        } else if c.kind != CurriculumKind::Template && template.grade != out.grade {
            check.add(
                "template_id",
                Problem::TemplateOtherGrade {
                    template: template.name,
                    class: classes::label(out.grade, &class_letter(conn, out.class_id)?),
                },
            );
        }
    }
    Ok(out)
}

fn class_letter(conn: &Connection, class_id: Option<i64>) -> Result<String> {
    Ok(match class_id {
        Some(id) => classes::load(conn, id)?.letter,
        None => String::new(),
    })
}

/// A template's name: required, unique among the templates of its grade in the year.
fn check_template_name(conn: &Connection, check: &mut Check, c: &Curriculum) -> Result<()> {
    if let Err(p) = validate::required(&c.name) {
        check.add("name", p);
        return Ok(());
    }
    let key = ru_key(c.name.trim());
    let mut stmt = conn.prepare(
        "SELECT id, name FROM curriculum WHERE kind = 'template' AND academic_year_id = ?1
         AND grade = ?2",
    )?;
    let rows = stmt.query_map(params![c.academic_year_id, c.grade], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, other) = row?;
        if Some(id) != c.id && ru_key(other.trim()) == key {
            check.add("name", Problem::DuplicateName { name: other });
            break;
        }
    }
    Ok(())
}

fn subject_name(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM subject WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Every rule of the lines: hours, subject or course, one line per subject per part, and the
/// ids of kept lines belonging to this curriculum.
fn check_lines(conn: &Connection, check: &mut Check, c: &Curriculum) -> Result<()> {
    let own: HashSet<i64> = match c.id {
        Some(id) => {
            let mut stmt =
                conn.prepare("SELECT id FROM curriculum_line WHERE curriculum_id = ?1")?;
            let ids = stmt
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids
        }
        None => HashSet::new(),
    };
    let mut seen = HashSet::new();
    for (i, l) in c.lines.iter().enumerate() {
        if l.id.is_some_and(|id| !own.contains(&id)) {
            return Err(CoreError::NotFound {
                what: "Строка учебного плана",
            });
        }
        let field = |name: &str| format!("lines.{i}.{name}");
        let mut hours_ok_both = true;
        for (name, h) in [
            ("hours_first", l.hours_first),
            ("hours_second", l.hours_second),
        ] {
            if !hours_ok(h) {
                hours_ok_both = false;
                check.add(
                    field(name),
                    Problem::BadHours {
                        max: MAX_LINE_HOURS as i64,
                    },
                );
            }
        }
        if hours_ok_both && l.hours_first == 0.0 && l.hours_second == 0.0 {
            check.add(field("hours_first"), Problem::NoHours);
        }
        let subject = match l.subject_id {
            Some(id) => Some(subject_name(conn, id)?.ok_or(CoreError::NotFound {
                what: "Предмет",
            })?),
            None => None,
        };
        if subject.is_none() && l.part == CurriculumPart::Mandatory {
            check.add(field("subject_id"), Problem::MandatoryNeedsSubject);
            continue;
        }
        if subject.is_none() && l.course.trim().is_empty() {
            check.add(field("course"), Problem::LineWithoutName);
            continue;
        }
        if !seen.insert(line_key(l)) {
            let name = match l.course.trim() {
                "" => subject.unwrap_or_default(),
                course => course.to_string(),
            };
            check.add(field("subject_id"), Problem::DuplicateLine { name });
        }
    }
    Ok(())
}

/// The sanitary maximum, per half-year, for a curriculum that passed every check.
fn sanitary_warnings(
    conn: &Connection,
    grade: i32,
    lines: &[CurriculumLine],
) -> Result<Vec<Warning>> {
    let t = totals(conn, grade, lines)?;
    let Some(max) = t.sanitary_max else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (half, field, hours) in [
        (1, "weekly_first", t.weekly_first),
        (2, "weekly_second", t.weekly_second),
    ] {
        if hours > f64::from(max) {
            out.push(Warning::new(
                field,
                Problem::AboveSanitaryMax {
                    half,
                    hours: hours_text(hours),
                    max: max.into(),
                    grade: grade.into(),
                    week_days: t.week_days.into(),
                },
            ));
        }
    }
    Ok(out)
}

/// The curriculum as typed, with what saving would compute: each line's label and annual hours,
/// the totals and the sanitary warnings (by `c.grade`, as loaded). Nothing is checked or
/// written, so an editor shows the totals while a new line is still half filled.
pub fn preview(db: &Db, c: &Curriculum) -> Result<Saved<Curriculum>> {
    let conn = db.conn();
    let mut out = c.clone();
    for l in &mut out.lines {
        let subject = match l.subject_id {
            Some(id) => subject_name(conn, id)?.unwrap_or_default(),
            None => String::new(),
        };
        l.label = match people::clean(&l.course) {
            course if course.is_empty() => subject,
            course => course,
        };
        l.annual_hours = annual_hours(c.grade, l.hours_first, l.hours_second);
    }
    out.totals = totals(conn, c.grade, &out.lines)?;
    let warnings = sanitary_warnings(conn, c.grade, &out.lines)?;
    Ok(Saved {
        value: out,
        warnings,
    })
}

/// Every rule of a curriculum without writing: all field errors at once, or the warnings.
pub fn check(db: &Db, c: &Curriculum) -> Result<Vec<Warning>> {
    Ok(checked(db.conn(), c)?.1)
}

fn checked(conn: &Connection, c: &Curriculum) -> Result<(Curriculum, Vec<Warning>)> {
    ensure_year(conn, c.academic_year_id)?;
    if let Some(id) = c.id {
        let stored = load(conn, id)?;
        let moved = stored.academic_year_id != c.academic_year_id
            || stored.kind != c.kind
            || (c.kind == CurriculumKind::Class && stored.class_id != c.class_id)
            || (c.kind == CurriculumKind::Individual && stored.student_id != c.student_id);
        if moved {
            return Err(CoreError::refused("kind", Problem::CurriculumMoved));
        }
    }
    let mut check = Check::new();
    let head = check_head(conn, c, &mut check)?;
    check_lines(conn, &mut check, c)?;
    check.finish()?;
    let warnings = sanitary_warnings(conn, head.grade, &c.lines)?;
    Ok((head, warnings))
}

// ---------------------------------------------------------------------------------------------
// Writing

fn write_head(conn: &Connection, c: &Curriculum) -> Result<i64> {
    let grade = (c.kind == CurriculumKind::Template).then_some(c.grade);
    let class_id = (c.kind == CurriculumKind::Class)
        .then_some(c.class_id)
        .flatten();
    let values = params![
        c.academic_year_id,
        c.kind.code(),
        grade,
        c.name.trim(),
        c.profile.map(|p| p.code()),
        class_id,
        c.student_id,
        c.template_id,
        c.note.trim(),
        c.id,
    ];
    match c.id {
        Some(id) => {
            conn.execute(
                "UPDATE curriculum SET academic_year_id = ?1, kind = ?2, grade = ?3, name = ?4,
                 profile = ?5, class_id = ?6, student_id = ?7, template_id = ?8, note = ?9
                 WHERE id = ?10",
                values,
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO curriculum (academic_year_id, kind, grade, name, profile, class_id,
                 student_id, template_id, note, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Writes the lines in the order given: kept lines are updated in place (their ids stay, for
/// the teaching load), new ones inserted, the rest deleted.
fn write_lines(conn: &Connection, curriculum_id: i64, lines: &[CurriculumLine]) -> Result<()> {
    let kept: Vec<i64> = lines.iter().filter_map(|l| l.id).collect();
    let mut stmt = conn.prepare("SELECT id FROM curriculum_line WHERE curriculum_id = ?1")?;
    let stored: Vec<i64> = stmt
        .query_map([curriculum_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in stored.into_iter().filter(|id| !kept.contains(id)) {
        conn.execute("DELETE FROM curriculum_line WHERE id = ?1", [id])?;
    }
    for (position, l) in (1_i64..).zip(lines) {
        let values = params![
            curriculum_id,
            position,
            l.part.code(),
            l.subject_id,
            people::clean(&l.course),
            l.hours_first,
            l.hours_second,
            l.id,
        ];
        match l.id {
            Some(_) => conn.execute(
                "UPDATE curriculum_line SET curriculum_id = ?1, position = ?2, part = ?3,
                 subject_id = ?4, course = ?5, hours_first = ?6, hours_second = ?7 WHERE id = ?8",
                values,
            )?,
            None => conn.execute(
                "INSERT INTO curriculum_line (curriculum_id, position, part, subject_id, course,
                 hours_first, hours_second, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                values,
            )?,
        };
    }
    Ok(())
}

fn write(conn: &Connection, c: &Curriculum) -> Result<i64> {
    let id = write_head(conn, c)?;
    write_lines(conn, id, &c.lines)?;
    Ok(id)
}

/// Validates the whole curriculum (all field errors at once), then writes it with its lines in
/// one transaction. Warnings: the weekly hours of a half-year above the sanitary maximum.
pub fn save(db: &Db, c: &Curriculum) -> Result<Saved<Curriculum>> {
    let conn = db.conn();
    let (head, warnings) = checked(conn, c)?;
    let id = db.write(|tx| write(tx, &head))?;
    Ok(Saved {
        value: load(conn, id)?,
        warnings,
    })
}

/// The lines as new lines of another curriculum (no ids).
fn fresh(lines: &[CurriculumLine]) -> Vec<CurriculumLine> {
    lines
        .iter()
        .map(|l| CurriculumLine {
            id: None,
            ..l.clone()
        })
        .collect()
}

/// A new template of `grade` named `name` with the lines of curriculum `id` (a template, or a
/// class's adjusted curriculum to make a template of). The profile goes along when the new
/// grade has profiles.
pub fn copy(db: &Db, id: i64, name: &str, grade: i32) -> Result<Saved<Curriculum>> {
    let source = load(db.conn(), id)?;
    let copy = Curriculum {
        kind: CurriculumKind::Template,
        grade,
        name: name.to_string(),
        profile: source.profile.filter(|_| is_senior(grade)),
        lines: fresh(&source.lines),
        ..Curriculum::new(source.academic_year_id, CurriculumKind::Template)
    };
    save(db, &copy)
}

/// The template `id` copied into another year under its name, grade and profile (the
/// rollover carries last year's templates so).
pub fn copy_to_year(db: &Db, id: i64, academic_year_id: i64) -> Result<Saved<Curriculum>> {
    let source = load(db.conn(), id)?;
    if source.kind != CurriculumKind::Template {
        return Err(CoreError::refused("template_id", Problem::NotATemplate));
    }
    let copy = Curriculum {
        kind: CurriculumKind::Template,
        grade: source.grade,
        name: source.name.clone(),
        profile: source.profile,
        note: source.note.clone(),
        lines: fresh(&source.lines),
        ..Curriculum::new(academic_year_id, CurriculumKind::Template)
    };
    save(db, &copy)
}

/// Gives each class the template's lines, as the class's own copy linked to the template. A
/// class that had a curriculum gets the template's lines in place of its own (lines of the same
/// subject and part keep their ids, so the teaching load of those lines stays). A template of
/// another grade is refused; another profile is a warning.
pub fn assign(db: &Db, template_id: i64, class_ids: &[i64]) -> Result<Saved<Vec<Curriculum>>> {
    let conn = db.conn();
    let template = load(conn, template_id)?;
    if template.kind != CurriculumKind::Template {
        return Err(CoreError::refused("template_id", Problem::NotATemplate));
    }
    let mut check = Check::new();
    let mut warnings = Vec::new();
    let mut targets = Vec::new();
    for (i, &class_id) in class_ids.iter().enumerate() {
        let field = format!("class_ids.{i}");
        let class = classes::load(conn, class_id)?;
        if class.academic_year_id != template.academic_year_id {
            check.add(field, Problem::OtherYear);
            continue;
        }
        if class.grade != template.grade {
            check.add(
                field,
                Problem::TemplateOtherGrade {
                    template: template.name.clone(),
                    class: class.label(),
                },
            );
            continue;
        }
        if let (Some(want), Some(has)) = (template.profile, class.profile) {
            if want != has {
                warnings.push(Warning::new(
                    field,
                    Problem::ProfileMismatch {
                        template: template.name.clone(),
                        class: class.label(),
                    },
                ));
            }
        }
        targets.push(assigned(db, &template, class_id)?);
    }
    check.finish()?;
    warnings.extend(sanitary_warnings(conn, template.grade, &template.lines)?);
    let ids = db.write(|tx| {
        targets
            .iter()
            .map(|c| write(tx, c))
            .collect::<Result<Vec<_>>>()
    })?;
    let value = ids
        .into_iter()
        .map(|id| load(conn, id))
        .collect::<Result<_>>()?;
    Ok(Saved { value, warnings })
}

/// The class's curriculum as it will be after assigning the template: the template's lines,
/// with the ids of the class's lines that have the same part, subject and course.
fn assigned(db: &Db, template: &Curriculum, class_id: i64) -> Result<Curriculum> {
    let existing = of_class(db, class_id)?;
    let old_lines = existing
        .as_ref()
        .map(|c| c.lines.clone())
        .unwrap_or_default();
    let lines = template
        .lines
        .iter()
        .map(|l| CurriculumLine {
            id: old_lines
                .iter()
                .find(|o| line_key(o) == line_key(l))
                .and_then(|o| o.id),
            ..l.clone()
        })
        .collect();
    let base = existing.unwrap_or_else(|| Curriculum {
        class_id: Some(class_id),
        ..Curriculum::new(template.academic_year_id, CurriculumKind::Class)
    });
    Ok(Curriculum {
        template_id: template.id,
        profile: template.profile,
        lines,
        ..base
    })
}

/// Starts a student's individual curriculum in a year: the lines of the template given (for
/// instance «Надомное обучение» of the student's grade) or else of the class's curriculum.
pub fn start_individual(
    db: &Db,
    academic_year_id: i64,
    student_id: i64,
    template_id: Option<i64>,
) -> Result<Saved<Curriculum>> {
    let conn = db.conn();
    let source = match template_id {
        Some(id) => Some(load(conn, id)?),
        None => match class_of_student(conn, academic_year_id, student_id)? {
            Some(class_id) => of_class(db, class_id)?,
            None => None,
        },
    };
    let c = Curriculum {
        student_id: Some(student_id),
        template_id: template_id.or_else(|| source.as_ref().and_then(|s| s.template_id)),
        profile: source.as_ref().and_then(|s| s.profile),
        lines: source.map(|s| fresh(&s.lines)).unwrap_or_default(),
        ..Curriculum::new(academic_year_id, CurriculumKind::Individual)
    };
    save(db, &c)
}

/// Deletes a curriculum with its lines. The class curricula copied from a deleted template
/// keep their lines; a student whose individual curriculum is deleted follows the class's.
pub fn delete(db: &Db, id: i64) -> Result<()> {
    let n = db.write(|tx| Ok(tx.execute("DELETE FROM curriculum WHERE id = ?1", [id])?))?;
    if n == 0 {
        return Err(not_found());
    }
    Ok(())
}
