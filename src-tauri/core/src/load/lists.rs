//! The load as the tarification lists show it: by teacher (subjects, classes, totals and the
//! rate) and by class (who teaches each line, and the hours nobody teaches yet).

use super::read::{rate_of, sum_hours, Teacher, YearLoad};
use super::{ClassLoad, ClassLoadRow, LoadLine, TeacherLoad, TeacherSubject};
use crate::curriculum::ClassHours;
use crate::db::Db;
use crate::error::Result;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Each teacher with load: subjects with classes and hours, totals and the rate.
pub fn by_teacher(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<Vec<TeacherLoad>> {
    let year = YearLoad::read(db, academic_year_id, on)?;
    let mut by_member: BTreeMap<i64, Vec<LoadLine>> = BTreeMap::new();
    for load in &year.loads {
        by_member
            .entry(load.staff_member_id)
            .or_default()
            .push(year.line_of_load(load));
    }
    let mut out: Vec<TeacherLoad> = by_member
        .into_iter()
        .filter_map(|(id, lines)| {
            let t = year.teachers.get(&id)?;
            Some(teacher_load(&year, id, t, lines))
        })
        .collect();
    out.sort_by(|a, b| crate::db::compare_ru(&a.full_name, &b.full_name));
    Ok(out)
}

fn teacher_load(year: &YearLoad, id: i64, t: &Teacher, mut lines: Vec<LoadLine>) -> TeacherLoad {
    // Subjects in the grid's order, each subject's classes in class order.
    let class_position = |l: &LoadLine| {
        l.class_ids
            .first()
            .and_then(|c| year.classes.iter().position(|k| k.id == *c))
    };
    let subject_position = |l: &LoadLine| {
        l.subject_id
            .and_then(|s| year.subject_order.get(&s).copied())
            .unwrap_or(i64::MAX)
    };
    lines.sort_by_key(|l| {
        (
            subject_position(l),
            crate::db::ru_key(&l.label),
            class_position(l),
        )
    });
    // (subject, its classes in order without repeats, hours of each half-year)
    let mut grouped: Vec<(String, Vec<String>, f64, f64)> = Vec::new();
    for l in &lines {
        let class = if l.subgroup_name.is_empty() {
            l.classes_label.clone()
        } else {
            format!("{} ({})", l.classes_label, l.subgroup_name)
        };
        match grouped.last_mut().filter(|g| g.0 == l.label) {
            Some(g) => {
                if !g.1.contains(&class) {
                    g.1.push(class);
                }
                g.2 += l.hours_first;
                g.3 += l.hours_second;
            }
            None => grouped.push((l.label.clone(), vec![class], l.hours_first, l.hours_second)),
        }
    }
    let subjects = grouped
        .into_iter()
        .map(
            |(label, classes, hours_first, hours_second)| TeacherSubject {
                label,
                classes: classes.join(", "),
                hours_first,
                hours_second,
            },
        )
        .collect();
    let hours_first: f64 = lines.iter().map(|l| l.hours_first).sum();
    let hours_second: f64 = lines.iter().map(|l| l.hours_second).sum();
    TeacherLoad {
        staff_member_id: id,
        full_name: t.full_name.clone(),
        short_name: t.short_name.clone(),
        positions: t.positions.clone(),
        appointed_rate: t.pedagogical_rate,
        is_current: t.is_current,
        subjects,
        hours_first,
        hours_second,
        load_rate: rate_of(hours_first.max(hours_second)),
    }
}

/// Each class with its lines and who teaches them; hours nobody teaches yet are a row
/// without a teacher.
pub fn by_class(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<Vec<ClassLoad>> {
    let year = YearLoad::read(db, academic_year_id, on)?;
    let by_unit = year.loads_by_unit();
    let mut lines: Vec<&ClassHours> = year.lines.iter().collect();
    lines.sort_by_key(|l| year.row_key(l));
    let mut out: Vec<ClassLoad> = year
        .classes
        .iter()
        .map(|c| ClassLoad {
            class_id: c.id,
            label: c.label.clone(),
            rows: Vec::new(),
            curriculum_first: 0.0,
            curriculum_second: 0.0,
        })
        .collect();
    for line in lines {
        let Some(class) = out.iter_mut().find(|c| c.class_id == line.class_id) else {
            continue;
        };
        class.curriculum_first += line.hours_first;
        class.curriculum_second += line.hours_second;
        for (unit, subgroup_name) in year.units_of(line) {
            let loads = by_unit.get(&unit).map_or(&[][..], |v| v.as_slice());
            let row = |teacher: String, first: f64, second: f64| ClassLoadRow {
                part: line.part,
                label: line.label.clone(),
                subgroup_name: subgroup_name.clone(),
                teacher,
                hours_first: first,
                hours_second: second,
            };
            for l in loads {
                class.rows.push(row(
                    year.teacher_short(l.staff_member_id),
                    l.hours_first,
                    l.hours_second,
                ));
            }
            let (first, second) = sum_hours(loads.iter().copied());
            let left = (
                (line.hours_first - first).max(0.0),
                (line.hours_second - second).max(0.0),
            );
            if left.0 + left.1 > 0.0 {
                class.rows.push(row(String::new(), left.0, left.1));
            }
        }
    }
    Ok(out)
}
