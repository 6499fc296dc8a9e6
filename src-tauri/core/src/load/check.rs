//! The check of a year's load: every unit whose hours are not as the curriculum says, and
//! the teachers whose total is worth a warning (above two rates, or gone from the school).

use super::read::{hours_text, sum_hours, Teacher, YearLoad};
use super::{LoadCheck, LoadGap, TeacherWarning, MAX_TEACHER_HOURS};
use crate::db::Db;
use crate::error::{Problem, Result};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Every unit whose hours are not as the curriculum says, and the teachers to look at.
pub fn check(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<LoadCheck> {
    let year = YearLoad::read(db, academic_year_id, on)?;
    let mut by_unit = year.loads_by_unit();
    let mut out = LoadCheck::default();
    for line in &year.lines {
        for (unit, subgroup_name) in year.units_of(line) {
            let loads = by_unit.remove(&unit).unwrap_or_default();
            let (first, second) = sum_hours(loads);
            let gap = |problem: Problem| LoadGap {
                unit,
                class_id: line.class_id,
                class_label: year.class_label(line.class_id),
                subgroup_name: subgroup_name.clone(),
                label: line.label.clone(),
                part: line.part,
                required_first: line.hours_first,
                required_second: line.hours_second,
                assigned_first: first,
                assigned_second: second,
                code: problem.code().to_string(),
                message: problem.to_string(),
            };
            let what = unit_title(
                &year.class_label(line.class_id),
                &line.label,
                &subgroup_name,
            );
            if first > line.hours_first || second > line.hours_second {
                out.over_assigned.push(gap(Problem::LoadOverAssigned {
                    what,
                    hours: hours_text(
                        (first - line.hours_first).max(0.0),
                        (second - line.hours_second).max(0.0),
                    ),
                }));
            } else if first < line.hours_first || second < line.hours_second {
                out.unassigned.push(gap(Problem::LoadUnassigned {
                    what,
                    hours: hours_text(line.hours_first - first, line.hours_second - second),
                }));
            }
        }
    }
    // What is left was given to a unit the line no longer has (the split changed).
    for (unit, loads) in by_unit {
        let Some(line) = year.line(unit.line_id) else {
            continue;
        };
        let (first, second) = sum_hours(loads);
        let subgroup_name = year.subgroup_name(unit.subgroup_id);
        let problem = Problem::LoadMisplaced {
            what: unit_title(
                &year.class_label(line.class_id),
                &line.label,
                &subgroup_name,
            ),
        };
        out.misplaced.push(LoadGap {
            unit,
            class_id: line.class_id,
            class_label: year.class_label(line.class_id),
            subgroup_name,
            label: line.label.clone(),
            part: line.part,
            required_first: 0.0,
            required_second: 0.0,
            assigned_first: first,
            assigned_second: second,
            code: problem.code().to_string(),
            message: problem.to_string(),
        });
    }
    out.teachers = teacher_warnings(&year);
    Ok(out)
}

/// «5 А, Математика» or «5 А, Английский язык, 1 группа».
fn unit_title(class: &str, label: &str, subgroup: &str) -> String {
    if subgroup.is_empty() {
        format!("{class}, {label}")
    } else {
        format!("{class}, {label}, {subgroup}")
    }
}

fn teacher_warnings(year: &YearLoad) -> Vec<TeacherWarning> {
    let mut totals: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    for l in &year.loads {
        let t = totals.entry(l.staff_member_id).or_default();
        t.0 += l.hours_first;
        t.1 += l.hours_second;
    }
    let mut out = Vec::new();
    for (id, (first, second)) in totals {
        let Some(t) = year.teachers.get(&id) else {
            continue;
        };
        for problem in teacher_problems(t, first, second) {
            out.push(TeacherWarning {
                staff_member_id: id,
                full_name: t.full_name.clone(),
                hours_first: first,
                hours_second: second,
                code: problem.code().to_string(),
                message: problem.to_string(),
            });
        }
    }
    out.sort_by(|a, b| crate::db::compare_ru(&a.full_name, &b.full_name));
    out
}

/// What is worth a warning in a teacher's weekly total.
pub(super) fn teacher_problems(t: &Teacher, first: f64, second: f64) -> Vec<Problem> {
    let mut out = Vec::new();
    let hours = hours_text(first, second);
    if !t.is_current {
        out.push(Problem::LoadOfTeacherWhoLeft {
            name: t.full_name.clone(),
            hours: hours.clone(),
        });
    } else if t.pedagogical_rate == 0.0 {
        out.push(Problem::LoadWithoutTeachingPosition {
            name: t.full_name.clone(),
        });
    }
    if first.max(second) > MAX_TEACHER_HOURS {
        out.push(Problem::TeacherAboveMaxHours {
            name: t.full_name.clone(),
            hours,
            max: MAX_TEACHER_HOURS as i64,
        });
    }
    out
}
