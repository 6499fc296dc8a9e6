//! Checking a curriculum before it is saved: the head by its kind (template, class, student),
//! a template's unique name, every rule of the lines, and the warnings of the sanitary maximum;
//! also the preview an editor shows while a line is still half filled.

use super::read::{line_key, load, totals};
use super::{
    annual_hours, hours_ok, hours_text, Curriculum, CurriculumKind, CurriculumLine, CurriculumPart,
    MAX_LINE_HOURS,
};
use crate::classes::PROFILE_GRADES;
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::{classes, people, validate};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashSet;

// ---------------------------------------------------------------------------------------------
// Checking

/// The student's class of the year: the last one, where a transfer took the student.
pub(super) fn class_of_student(
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

pub(super) fn is_senior(grade: i32) -> bool {
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
pub(super) fn sanitary_warnings(
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

pub(super) fn checked(conn: &Connection, c: &Curriculum) -> Result<(Curriculum, Vec<Warning>)> {
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
