//! The timetable as it is shown and printed: a class's, a teacher's or a room's week with its
//! bell rows, the whole school's sheet, and the load lines of a class still to place.

use super::read::{classes_label, ClassInfo, LoadInfo, Week};
use super::{
    day_name, BellRow, Half, Lesson, SchoolSheet, SheetClass, SheetRow, ToPlace, WeekDay, WeekView,
    CLASS,
};
use crate::curriculum::CurriculumPart;
use crate::db::Db;
use crate::error::{CoreError, Result};
use rusqlite::{Connection, OptionalExtension};
use std::collections::{BTreeSet, HashMap, HashSet};

// ---------------------------------------------------------------------------------------------
// Views

fn days_of(week: &Week) -> Vec<WeekDay> {
    (1..=week.week_days)
        .map(|day| WeekDay {
            day,
            name: day_name(day).to_string(),
        })
        .collect()
}

/// Rows for the lesson numbers of `classes`' bells and of `lessons`, with times when every
/// class agrees on them.
fn bell_rows(classes: &[&ClassInfo], lessons: &[&Lesson]) -> Vec<BellRow> {
    let mut numbers: BTreeSet<i32> = lessons.iter().map(|l| l.lesson_number).collect();
    let mut times: HashMap<i32, HashSet<(&str, &str)>> = HashMap::new();
    for c in classes {
        for (n, s, e) in &c.bells {
            numbers.insert(*n);
            times.entry(*n).or_default().insert((s, e));
        }
    }
    numbers
        .into_iter()
        .map(|n| {
            let (starts_at, ends_at) = match times.get(&n) {
                Some(set) if set.len() == 1 => {
                    let (s, e) = set.iter().next().expect("one element");
                    (s.to_string(), e.to_string())
                }
                _ => (String::new(), String::new()),
            };
            BellRow {
                lesson_number: n,
                starts_at,
                ends_at,
            }
        })
        .collect()
}

fn week_view(
    week: &Week,
    title: String,
    classes: &[&ClassInfo],
    keep: impl Fn(&Lesson) -> bool,
) -> WeekView {
    let lessons: Vec<&Lesson> = week.lessons.iter().filter(|l| keep(l)).collect();
    let days = days_of(week);
    let rows = bell_rows(classes, &lessons);
    let mut cells = vec![vec![Vec::new(); days.len()]; rows.len()];
    for l in &lessons {
        let row = rows.iter().position(|r| r.lesson_number == l.lesson_number);
        let col = usize::try_from(l.day - 1).ok().filter(|&d| d < days.len());
        if let (Some(row), Some(col)) = (row, col) {
            cells[row][col].push((*l).clone());
        }
    }
    let count = |half: Half| {
        let slots: HashSet<(i32, i32)> = lessons
            .iter()
            .filter(|l| l.runs_in(half))
            .map(|l| (l.day, l.lesson_number))
            .collect();
        slots.len() as i32
    };
    WeekView {
        title,
        lessons_first: count(Half::First),
        lessons_second: count(Half::Second),
        days,
        rows,
        cells,
    }
}

fn year_of_class(conn: &Connection, class_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT academic_year_id FROM class WHERE id = ?1",
        [class_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: CLASS })
}

/// A class's week: its lessons (with those of its subgroups side by side) by day and lesson.
pub fn class_week(db: &Db, class_id: i64) -> Result<WeekView> {
    let week = Week::read(db, year_of_class(db.conn(), class_id)?)?;
    let class = week
        .class(class_id)
        .ok_or(CoreError::NotFound { what: CLASS })?;
    Ok(week_view(&week, class.label.clone(), &[class], |l| {
        l.class_ids.contains(&class_id)
    }))
}

/// A teacher's week in a year.
pub fn teacher_week(db: &Db, academic_year_id: i64, staff_member_id: i64) -> Result<WeekView> {
    let m = crate::staff::get(db, staff_member_id)?;
    let week = Week::read(db, academic_year_id)?;
    let classes = classes_of(&week, |l| l.staff_member_id == staff_member_id);
    Ok(week_view(&week, m.full_name(), &classes, |l| {
        l.staff_member_id == staff_member_id
    }))
}

/// A room's week in a year.
pub fn room_week(db: &Db, academic_year_id: i64, room_id: i64) -> Result<WeekView> {
    let room = crate::rooms::get(db, room_id)?;
    let week = Week::read(db, academic_year_id)?;
    let classes = classes_of(&week, |l| l.room_id == Some(room_id));
    Ok(week_view(
        &week,
        format!("Кабинет {}", room.number),
        &classes,
        |l| l.room_id == Some(room_id),
    ))
}

fn classes_of(week: &Week, keep: impl Fn(&Lesson) -> bool) -> Vec<&ClassInfo> {
    let ids: BTreeSet<usize> = week
        .lessons
        .iter()
        .filter(|l| keep(l))
        .flat_map(|l| {
            l.class_ids
                .iter()
                .filter_map(|c| week.class_index.get(c).copied())
        })
        .collect();
    ids.into_iter().map(|i| &week.classes[i]).collect()
}

/// The whole school on one sheet: classes as columns, day × lesson number as rows.
pub fn school_sheet(db: &Db, academic_year_id: i64) -> Result<SchoolSheet> {
    let year: String = db
        .conn()
        .query_row(
            "SELECT name FROM academic_year WHERE id = ?1",
            [academic_year_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Учебный год",
        })?;
    let week = Week::read(db, academic_year_id)?;
    let all: Vec<&ClassInfo> = week.classes.iter().collect();
    let lessons: Vec<&Lesson> = week.lessons.iter().collect();
    let numbers: Vec<i32> = bell_rows(&all, &lessons)
        .into_iter()
        .map(|r| r.lesson_number)
        .collect();
    let mut rows = Vec::new();
    for day in 1..=week.week_days {
        for &n in &numbers {
            rows.push(SheetRow {
                day,
                day_name: day_name(day).to_string(),
                lesson_number: n,
            });
        }
    }
    let mut cells = vec![vec![Vec::new(); week.classes.len()]; rows.len()];
    for l in &week.lessons {
        let Some(row) = rows
            .iter()
            .position(|r| r.day == l.day && r.lesson_number == l.lesson_number)
        else {
            continue;
        };
        for c in &l.class_ids {
            if let Some(&col) = week.class_index.get(c) {
                cells[row][col].push(l.clone());
            }
        }
    }
    Ok(SchoolSheet {
        year,
        classes: week
            .classes
            .iter()
            .map(|c| SheetClass {
                id: c.id,
                grade: c.grade,
                label: c.label.clone(),
            })
            .collect(),
        rows,
        cells,
    })
}

/// Obligatory part first, then the elective part, then extracurricular courses.
pub(crate) fn part_rank(part: CurriculumPart) -> u8 {
    match part {
        CurriculumPart::Mandatory => 0,
        CurriculumPart::Elective => 1,
        CurriculumPart::Extracurricular => 2,
    }
}

/// The load lines of a class with lessons still to place, in the order of the load.
pub fn to_place(db: &Db, class_id: i64) -> Result<Vec<ToPlace>> {
    let week = Week::read(db, year_of_class(db.conn(), class_id)?)?;
    let mut placed: HashMap<(i64, Half), i32> = HashMap::new();
    for l in &week.lessons {
        for half in Half::BOTH.into_iter().filter(|h| l.runs_in(*h)) {
            *placed.entry((l.teaching_load_id, half)).or_default() += 1;
        }
    }
    let mut lines: Vec<&LoadInfo> = week
        .loads
        .values()
        .filter(|l| l.class_ids.contains(&class_id))
        .collect();
    lines.sort_by_key(|l| (part_rank(l.part), crate::db::ru_key(&l.label), l.id));
    Ok(lines
        .into_iter()
        .filter_map(|l| {
            let p1 = placed.get(&(l.id, Half::First)).copied().unwrap_or(0);
            let p2 = placed.get(&(l.id, Half::Second)).copied().unwrap_or(0);
            let left1 = (l.needed(Half::First) - p1).max(0);
            let left2 = (l.needed(Half::Second) - p2).max(0);
            (left1 + left2 > 0).then(|| ToPlace {
                teaching_load_id: l.id,
                part: l.part,
                label: l.label.clone(),
                staff_member_id: l.staff_member_id,
                teacher: l.teacher.clone(),
                subgroup_id: l.subgroup_id,
                subgroup_name: l.subgroup_name.clone(),
                classes_label: classes_label(&l.class_ids, &week.class_index, &week.classes),
                hours_first: l.hours_first,
                hours_second: l.hours_second,
                placed_first: p1,
                placed_second: p2,
                left_first: left1,
                left_second: left2,
            })
        })
        .collect())
}
