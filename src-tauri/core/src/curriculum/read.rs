//! Reading curricula: a curriculum with its lines and totals against the sanitary maximum,
//! the curricula and templates of a year, the curriculum of a class or a student, and the hours
//! each class needs per line, which the teaching load distributes.

use super::check::class_of_student;
use super::{
    annual_hours, weeks, ClassHours, Curriculum, CurriculumKind, CurriculumLine, CurriculumPart,
    CurriculumSummary, CurriculumTotals, CURRICULUM, WEEKS_FIRST_HALF,
};
use crate::classes::Profile;
use crate::db::{ru_key, Db};
use crate::error::{CoreError, Result};
use crate::{classes, people};
use rusqlite::{params, Connection, OptionalExtension, Row};

// ---------------------------------------------------------------------------------------------
// Reading

pub(super) fn not_found() -> CoreError {
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
pub(super) fn totals(
    conn: &Connection,
    grade: i32,
    lines: &[CurriculumLine],
) -> Result<CurriculumTotals> {
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

pub(super) fn load(conn: &Connection, id: i64) -> Result<Curriculum> {
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
pub(super) fn line_key(l: &CurriculumLine) -> (&'static str, Option<i64>, String) {
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
