//! Curricula made from others: a template copied (into its year or the next), a template
//! assigned to classes as their own copies, and a student's individual curriculum started from
//! a template or the class's curriculum.

use super::check::{class_of_student, is_senior, sanitary_warnings};
use super::read::{line_key, load, of_class};
use super::save::{save, write};
use super::{Curriculum, CurriculumKind, CurriculumLine};
use crate::classes;
use crate::db::Db;
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};

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
