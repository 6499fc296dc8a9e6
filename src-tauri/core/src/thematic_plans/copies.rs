//! Copies of a plan: to another class of the year, or from last year's plan of the same class
//! and subject.

use super::*;

/// A copy of `source` for another key: new ids, no dates (another class or year has its own
/// timetable). Refused when the copy's hours differ from the target's curriculum, unless
/// `force`; then the difference is a warning.
pub(super) fn copy_into(
    db: &Db,
    source: &ThematicPlan,
    key: PlanKey,
    force: bool,
) -> Result<Saved<ThematicPlan>> {
    let mut copy = ThematicPlan::new(key);
    copy.note = source.note.clone();
    copy.sections = source
        .sections
        .iter()
        .map(|s| Section {
            id: None,
            topics: s
                .topics
                .iter()
                .map(|t| Topic {
                    id: None,
                    planned_date: None,
                    ..t.clone()
                })
                .collect(),
            ..s.clone()
        })
        .collect();
    let curriculum = curriculum_hours(db.conn(), key.class_id, key.subject_id)?;
    if let Some(c) = curriculum.filter(|c| *c != source.hours() && !force) {
        return Err(CoreError::refused("hours", hours_differ(source.hours(), c)));
    }
    save(db, &copy)
}

/// Copies a plan to another class of the same grade (the whole class).
pub fn copy_to_class(
    db: &Db,
    plan_id: i64,
    class_id: i64,
    force: bool,
) -> Result<Saved<ThematicPlan>> {
    let source = get(db, plan_id)?;
    let from = classes::get(db, source.key.class_id)?;
    let to = classes::get(db, class_id)?;
    if from.grade != to.grade || from.academic_year_id != to.academic_year_id {
        return Err(CoreError::refused(
            "class_id",
            Problem::CopyOtherGrade { class: to.label() },
        ));
    }
    let key = PlanKey {
        class_id,
        subgroup_id: None,
        subject_id: source.key.subject_id,
    };
    copy_into(db, &source, key, force)
}

/// Copies last year's plan of the subject for the same grade into this key: the plan of the
/// class with the same letter if there is one, else of another class of the grade.
pub fn copy_from_last_year(db: &Db, key: PlanKey, force: bool) -> Result<Saved<ThematicPlan>> {
    let class = classes::get(db, key.class_id)?;
    let this_year = year::detail(db, class.academic_year_id)?.year;
    let last_year = year::list(db)?
        .into_iter()
        .filter(|y| y.starts_on.is_some() && y.starts_on < this_year.starts_on)
        .max_by_key(|y| y.starts_on);
    let what = || {
        format!(
            "«{}» для {}-х классов",
            subject_name(db, key.subject_id),
            class.grade
        )
    };
    let source_id: Option<i64> = match last_year.and_then(|y| y.id) {
        Some(year_id) => db
            .conn()
            .query_row(
                "SELECT p.id FROM thematic_plan p JOIN class k ON k.id = p.class_id
                  WHERE p.academic_year_id = ?1 AND p.subject_id = ?2 AND k.grade = ?3
                  ORDER BY k.letter_key = (SELECT letter_key FROM class WHERE id = ?4) DESC,
                           p.subgroup_id IS NOT NULL, k.letter_key, p.id
                  LIMIT 1",
                params![year_id, key.subject_id, class.grade, key.class_id],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let source_id = source_id
        .ok_or_else(|| CoreError::refused("key", Problem::NoLastYearPlan { what: what() }))?;
    copy_into(db, &get(db, source_id)?, key, force)
}

pub(super) fn subject_name(db: &Db, id: i64) -> String {
    crate::subjects::get(db, id)
        .map(|s| s.name)
        .unwrap_or_default()
}
