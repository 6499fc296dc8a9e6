//! What stage 2 carries for the classes that go on one grade up: the subgroup splits (where the
//! new class's curriculum still has the subject; members who go on keep their group, newcomers
//! join the smallest) and the teaching load as a draft to check: each teacher keeps their
//! classes' subjects and groups while they still work at the school, with the new curriculum
//! line's hours where they taught the whole line. The timetable is not carried.

use super::Ctx;
use crate::curriculum::MAX_LINE_HOURS;
use crate::db::ru_key;
use crate::error::{CoreError, Result, YearEndProblem};
use crate::load::{self, LoadInput};
use crate::rollover::StageReport;
use crate::{classes, staff, subgroups};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Whether the class's curriculum has a line of the subject.
fn studies(conn: &Connection, class_id: i64, subject_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM curriculum c JOIN curriculum_line l ON l.curriculum_id = c.id
              WHERE c.kind = 'class' AND c.class_id = ?1 AND l.subject_id = ?2 LIMIT 1",
        )?
        .query_row([class_id, subject_id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn already_split(conn: &Connection, class_id: i64, subject_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM subgroup_split_class WHERE class_id = ?1 AND subject_id = ?2",
        )?
        .query_row([class_id, subject_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// «5 А, 5 Б» of classes.
fn labels(conn: &Connection, ids: &[i64]) -> Result<String> {
    let labels: Vec<String> = ids
        .iter()
        .map(|id| Ok(classes::load(conn, *id)?.label()))
        .collect::<Result<_>>()?;
    Ok(labels.join(", "))
}

/// Carries last year's splits whose classes go on. `continued`: last year's class → the class
/// it continues as; `placed`: each student who stays with their new class. Gives last year's
/// subgroups → the new ones.
pub(super) fn splits(
    ctx: &Ctx,
    to: i64,
    continued: &HashMap<i64, i64>,
    placed: &[(i64, i64)],
    report: &mut StageReport,
) -> Result<HashMap<i64, i64>> {
    let conn = ctx.db.conn();
    let mut by_split: BTreeMap<i64, (i64, Vec<i64>)> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT split_id, subject_id, class_id FROM subgroup_split_class
          WHERE academic_year_id = ?1 ORDER BY split_id, class_id",
    )?;
    let mut rows = stmt.query([ctx.years.from.id])?;
    while let Some(r) = rows.next()? {
        let entry = by_split
            .entry(r.get(0)?)
            .or_insert_with(|| (r.get(1).unwrap_or_default(), Vec::new()));
        entry.1.push(r.get(2)?);
    }
    let mut map = HashMap::new();
    for (split_id, (subject_id, old_classes)) in by_split {
        let mut going: Vec<i64> = old_classes
            .iter()
            .filter_map(|c| continued.get(c).copied())
            .collect();
        going.dedup();
        if going.is_empty() {
            continue;
        }
        let mut kept = Vec::new();
        for &class in &going {
            if studies(conn, class, subject_id)? && !already_split(conn, class, subject_id)? {
                kept.push(class);
            }
        }
        if kept.is_empty() {
            report.warn(
                &labels(conn, &going)?,
                "",
                YearEndProblem::SplitNotCarried {
                    split: subgroups::split_label(conn, split_id)?,
                },
            );
            continue;
        }
        let (_, groups) = subgroups::carry_split(conn, split_id, to, &kept, placed)?;
        map.extend(groups);
        report.created.subgroup_splits += 1;
    }
    Ok(map)
}

/// A load line of last year with the class line it was on (the first, for a joint group).
struct OldLoad {
    staff_member_id: i64,
    subgroup_id: Option<i64>,
    hours: (f64, f64),
    class_id: i64,
    part: String,
    subject_id: Option<i64>,
    course: String,
    line_hours: (f64, f64),
}

fn old_loads(conn: &Connection, year_id: i64) -> Result<Vec<OldLoad>> {
    let mut stmt = conn.prepare(
        "SELECT t.staff_member_id, t.subgroup_id, t.hours_first, t.hours_second, c.class_id,
                l.part, l.subject_id, l.course, l.hours_first, l.hours_second
           FROM teaching_load t
           JOIN teaching_load_line x ON x.teaching_load_id = t.id
                AND x.curriculum_line_id = (SELECT min(y.curriculum_line_id)
                                              FROM teaching_load_line y
                                             WHERE y.teaching_load_id = t.id)
           JOIN curriculum_line l ON l.id = x.curriculum_line_id
           JOIN curriculum c ON c.id = l.curriculum_id
          WHERE t.academic_year_id = ?1 ORDER BY t.id",
    )?;
    let rows = stmt
        .query_map([year_id], |r| {
            Ok(OldLoad {
                staff_member_id: r.get(0)?,
                subgroup_id: r.get(1)?,
                hours: (r.get(2)?, r.get(3)?),
                class_id: r.get(4)?,
                part: r.get(5)?,
                subject_id: r.get(6)?,
                course: r.get(7)?,
                line_hours: (r.get(8)?, r.get(9)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The new class's line of the same part, subject and course, with its hours.
fn new_line(conn: &Connection, class_id: i64, old: &OldLoad) -> Result<Option<(i64, f64, f64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.course, l.hours_first, l.hours_second
           FROM curriculum c JOIN curriculum_line l ON l.curriculum_id = c.id
          WHERE c.kind = 'class' AND c.class_id = ?1 AND l.part = ?2 AND l.subject_id IS ?3",
    )?;
    let lines: Vec<(i64, String, f64, f64)> = stmt
        .query_map(params![class_id, old.part, old.subject_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines
        .into_iter()
        .find(|(_, course, ..)| ru_key(course) == ru_key(&old.course))
        .map(|(id, _, first, second)| (id, first, second)))
}

/// Hours of a half-year carried: the new line's when the teacher had the whole line, else the
/// same hours while the new line has them.
fn carried_hours(old: f64, old_line: f64, new_line: f64) -> f64 {
    if old >= old_line {
        new_line
    } else {
        old.min(new_line).min(MAX_LINE_HOURS)
    }
}

/// Carries the teaching load of the classes that go on, as load lines of the new year (the
/// usual save and its rules: a teacher at the school on the new year's first day, no more
/// hours than a line has). What cannot be carried is warned about, once per teacher who left.
pub(super) fn load(
    ctx: &Ctx,
    continued: &HashMap<i64, i64>,
    subgroup_map: &HashMap<i64, i64>,
    report: &mut StageReport,
) -> Result<()> {
    let conn = ctx.db.conn();
    let on = ctx.years.to_starts;
    let mut gone: HashSet<i64> = HashSet::new();
    let mut working: HashSet<i64> = HashSet::new();
    for old in old_loads(conn, ctx.years.from.id)? {
        let Some(&class_id) = continued.get(&old.class_id) else {
            continue;
        };
        let subgroup_id = match old.subgroup_id {
            Some(g) => match subgroup_map.get(&g) {
                Some(new) => Some(*new),
                None => continue,
            },
            None => None,
        };
        let Some((line_id, first, second)) = new_line(conn, class_id, &old)? else {
            continue;
        };
        if !working.contains(&old.staff_member_id) {
            if gone.contains(&old.staff_member_id) {
                continue;
            }
            if !staff::is_current(ctx.db, old.staff_member_id, on)? {
                gone.insert(old.staff_member_id);
                report.warn(
                    "",
                    "",
                    YearEndProblem::TeacherLoadNotCarried {
                        name: staff::get(ctx.db, old.staff_member_id)?.full_name(),
                        on: on.format("%d.%m.%Y").to_string(),
                    },
                );
                continue;
            }
            working.insert(old.staff_member_id);
        }
        let input = LoadInput {
            id: None,
            line_id,
            subgroup_id,
            staff_member_id: old.staff_member_id,
            hours_first: carried_hours(old.hours.0, old.line_hours.0, first),
            hours_second: carried_hours(old.hours.1, old.line_hours.1, second),
        };
        if input.hours_first + input.hours_second == 0.0 {
            continue;
        }
        match load::save_in(conn, &input, on) {
            Ok(_) => report.created.load_lines += 1,
            Err(CoreError::Refused(e)) => {
                let class = classes::load(conn, class_id)?.label();
                report
                    .warnings
                    .push(crate::rollover::RolloverProblem::refusal(&class, "", e));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
