//! Saving one load line: the checks of its hours, its teacher and the room left on every class
//! line it covers, writing it with the warnings about the teacher's total; and deleting it.

use super::check::teacher_problems;
use super::read::{get, teachers, year_of};
use super::{LoadInput, LoadLine, LOAD_LINE};
use crate::curriculum;
use crate::curriculum::MAX_LINE_HOURS;
use crate::db::Db;
use crate::error::{Check, CoreError, FieldError, Problem, Result, Saved, Warning};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

// ---------------------------------------------------------------------------------------------
// Saving

/// A class curriculum line as saving needs it.
pub(super) struct TargetLine {
    pub(super) class_id: i64,
    pub(super) class_label: String,
    pub(super) year_id: i64,
    pub(super) subject_id: Option<i64>,
    subject: String,
    pub(super) part: String,
}

pub(super) fn target_line(conn: &Connection, line_id: i64) -> Result<TargetLine> {
    let row = conn
        .query_row(
            "SELECT c.kind, c.class_id, c.academic_year_id, l.subject_id,
                    CASE WHEN l.course <> '' THEN l.course ELSE coalesce(s.name, '') END,
                    l.part, k.grade, k.letter
               FROM curriculum_line l JOIN curriculum c ON c.id = l.curriculum_id
               LEFT JOIN class k ON k.id = c.class_id
               LEFT JOIN subject s ON s.id = l.subject_id
              WHERE l.id = ?1",
            [line_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    TargetLine {
                        class_id: 0,
                        class_label: crate::classes::label(
                            r.get::<_, Option<i32>>(6)?.unwrap_or(0),
                            &r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                        ),
                        year_id: r.get(2)?,
                        subject_id: r.get(3)?,
                        subject: r.get(4)?,
                        part: r.get(5)?,
                    },
                ))
            },
        )
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Строка учебного плана",
        })?;
    match row {
        (kind, Some(class_id), line) if kind == "class" => Ok(TargetLine { class_id, ..line }),
        _ => Err(CoreError::refused("line_id", Problem::LoadNotOfClass)),
    }
}

/// Hours of a load line: multiples of 0.5, at most a line's maximum, not both zero.
fn check_hours(input: &LoadInput) -> Result<()> {
    let mut check = Check::new();
    for (field, h) in [
        ("hours_first", input.hours_first),
        ("hours_second", input.hours_second),
    ] {
        let ok = h.is_finite() && (0.0..=MAX_LINE_HOURS).contains(&h) && (h * 2.0).fract() == 0.0;
        if !ok {
            check.add(
                field,
                Problem::BadHours {
                    max: MAX_LINE_HOURS as i64,
                },
            );
        }
    }
    if check.is_empty() && input.hours_first + input.hours_second == 0.0 {
        check.add("hours_first", Problem::NoHours);
    }
    check.finish()
}

/// The teacher exists and works at the school on `on`.
fn check_teacher(conn: &Connection, id: i64, on: NaiveDate) -> Result<()> {
    let teacher = teachers(conn, on, Some(id))?
        .remove(&id)
        .ok_or(CoreError::NotFound {
            what: "Сотрудник"
        })?;
    if !teacher.is_current {
        return Err(CoreError::refused(
            "staff_member_id",
            Problem::TeacherLeft {
                name: teacher.full_name,
            },
        ));
    }
    Ok(())
}

/// The class lines a load of `line` (and `subgroup`) covers: the line itself, or for a
/// subgroup the line of the same subject and part of each class of the subgroup's split.
fn covered_lines(
    conn: &Connection,
    line_id: i64,
    line: &TargetLine,
    subgroup_id: Option<i64>,
) -> Result<Vec<i64>> {
    let subgroups: Vec<i64> = match line.subject_id {
        Some(subject) => {
            let mut stmt = conn.prepare_cached(
                "SELECT subgroup_id FROM subgroup_of_class WHERE class_id = ?1 AND subject_id = ?2",
            )?;
            let ids = stmt
                .query_map([line.class_id, subject], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids
        }
        None => Vec::new(),
    };
    match subgroup_id {
        None if subgroups.is_empty() => Ok(vec![line_id]),
        None => Err(CoreError::refused(
            "subgroup_id",
            Problem::SubjectSplitForClass {
                class: line.class_label.clone(),
                subject: line.subject.clone(),
            },
        )),
        Some(g) if !subgroups.contains(&g) => Err(CoreError::refused(
            "subgroup_id",
            Problem::SubgroupNotOfLine {
                class: line.class_label.clone(),
                subject: line.subject.clone(),
            },
        )),
        Some(g) => {
            // `+`: each class's lines by its curriculum, not every line of the subject in school.
            let mut stmt = conn.prepare_cached(
                "SELECT l.id FROM subgroup sg
                   JOIN subgroup_split_class sc ON sc.split_id = sg.split_id
                   JOIN curriculum c ON c.kind = 'class' AND c.class_id = sc.class_id
                   JOIN curriculum_line l ON l.curriculum_id = c.id
                        AND +l.subject_id = sc.subject_id AND l.part = ?2
                  WHERE sg.id = ?1 ORDER BY l.id",
            )?;
            let ids = stmt
                .query_map(params![g, line.part], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        }
    }
}

/// No covered line may get more hours than it has: the other load lines on the same unit plus
/// these hours.
fn check_room(conn: &Connection, input: &LoadInput, covered: &[i64]) -> Result<()> {
    // LEFT JOINs in this order: the line's load links first (by their index), then each load
    // by its id. Driven by `t.subgroup_id IS ?2` instead, SQLite read every load of the
    // school without a subgroup for each line, which made carrying a whole load quadratic.
    let mut stmt = conn.prepare_cached(
        "SELECT l.hours_first, l.hours_second,
                coalesce(sum(t.hours_first), 0), coalesce(sum(t.hours_second), 0)
           FROM curriculum_line l
           LEFT JOIN teaching_load_line x ON x.curriculum_line_id = l.id
           LEFT JOIN teaching_load t ON t.id = x.teaching_load_id
                AND t.subgroup_id IS ?2 AND t.id IS NOT ?3
          WHERE l.id = ?1 GROUP BY l.id",
    )?;
    for &line_id in covered {
        let (line_first, line_second, other_first, other_second): (f64, f64, f64, f64) = stmt
            .query_row(params![line_id, input.subgroup_id, input.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        for (field, line, other, mine) in [
            ("hours_first", line_first, other_first, input.hours_first),
            (
                "hours_second",
                line_second,
                other_second,
                input.hours_second,
            ),
        ] {
            if other + mine > line {
                return Err(CoreError::refused(
                    field,
                    Problem::LoadAboveLine {
                        assigned: curriculum::hours_text(other),
                        line: curriculum::hours_text(line),
                    },
                ));
            }
        }
    }
    Ok(())
}

/// [`save`] inside a transaction the caller holds; returns the load line's id.
pub(crate) fn save_in(conn: &Connection, input: &LoadInput, on: NaiveDate) -> Result<i64> {
    check_hours(input)?;
    let line = target_line(conn, input.line_id)?;
    if let Some(id) = input.id {
        if year_of(conn, id)? != line.year_id {
            return Err(CoreError::refused("line_id", Problem::OtherYear));
        }
    }
    check_teacher(conn, input.staff_member_id, on)?;
    let covered = covered_lines(conn, input.line_id, &line, input.subgroup_id)?;
    check_room(conn, input, &covered)?;
    let id = match input.id {
        Some(id) => {
            conn.execute(
                "UPDATE teaching_load SET academic_year_id = ?1, staff_member_id = ?2,
                        subgroup_id = ?3, hours_first = ?4, hours_second = ?5 WHERE id = ?6",
                params![
                    line.year_id,
                    input.staff_member_id,
                    input.subgroup_id,
                    input.hours_first,
                    input.hours_second,
                    id
                ],
            )?;
            id
        }
        None => {
            conn.execute(
                "INSERT INTO teaching_load (academic_year_id, staff_member_id, subgroup_id,
                        hours_first, hours_second) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    line.year_id,
                    input.staff_member_id,
                    input.subgroup_id,
                    input.hours_first,
                    input.hours_second
                ],
            )?;
            conn.last_insert_rowid()
        }
    };
    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO teaching_load_line (teaching_load_id, curriculum_line_id)
         VALUES (?1, ?2)",
    )?;
    for &line_id in &covered {
        link.execute([id, line_id])?;
    }
    // Stale links go after the new ones are in: the last link gone would drop the load line.
    let linked: Vec<i64> = conn
        .prepare_cached(
            "SELECT curriculum_line_id FROM teaching_load_line WHERE teaching_load_id = ?1",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for stale in linked.into_iter().filter(|l| !covered.contains(l)) {
        conn.execute(
            "DELETE FROM teaching_load_line WHERE teaching_load_id = ?1 AND curriculum_line_id = ?2",
            [id, stale],
        )?;
    }
    Ok(id)
}

/// Warnings about a teacher's total after a save.
pub(super) fn teacher_warnings_of(
    db: &Db,
    year_id: i64,
    staff_member_id: i64,
    on: NaiveDate,
) -> Result<Vec<Warning>> {
    let conn = db.conn();
    let (first, second): (f64, f64) = conn.query_row(
        "SELECT coalesce(sum(hours_first), 0), coalesce(sum(hours_second), 0) FROM teaching_load
          WHERE academic_year_id = ?1 AND staff_member_id = ?2",
        [year_id, staff_member_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(t) = teachers(conn, on, Some(staff_member_id))?.remove(&staff_member_id) else {
        return Ok(Vec::new());
    };
    Ok(teacher_problems(&t, first, second)
        .into_iter()
        .map(|p| FieldError::new("staff_member_id", p))
        .collect())
}

/// Saves one load line (adds it, or changes the one with the input's id), with the warnings
/// about the teacher's total. `on` is the day the teacher must work at the school.
pub fn save(db: &Db, input: &LoadInput, on: NaiveDate) -> Result<Saved<LoadLine>> {
    let id = db.write(|conn| save_in(conn, input, on))?;
    let value = get(db, id, on)?;
    let warnings = teacher_warnings_of(db, value.academic_year_id, input.staff_member_id, on)?;
    Ok(Saved { value, warnings })
}

/// Deletes one load line (its hours become unassigned).
pub fn delete(db: &Db, id: i64) -> Result<()> {
    db.write(|conn| {
        let n = conn.execute("DELETE FROM teaching_load WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(CoreError::NotFound { what: LOAD_LINE });
        }
        Ok(())
    })
}
