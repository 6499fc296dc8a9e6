//! Reading a year's load once: its classes, curriculum lines, subgroups, load lines and
//! staff in a few queries ([`YearLoad`]), the load lines as the timetable takes them, and the
//! hours and rates as the forms print them.

use super::{GridClass, LoadLine, LoadUnit, HOURS_PER_RATE, LOAD_LINE};
use crate::curriculum::{ClassHours, CurriculumPart};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::{curriculum, people};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};

// ---------------------------------------------------------------------------------------------
// Reading the year once

/// A subgroup of a class for a subject.
#[derive(Debug, Clone)]
pub(super) struct SubgroupInfo {
    pub(super) id: i64,
    pub(super) split_id: i64,
    pub(super) name: String,
}

/// A stored load line before it is named.
#[derive(Debug, Clone)]
pub(super) struct StoredLoad {
    pub(super) id: i64,
    pub(super) staff_member_id: i64,
    pub(super) subgroup_id: Option<i64>,
    pub(super) hours_first: f64,
    pub(super) hours_second: f64,
    pub(super) line_ids: Vec<i64>,
}

#[derive(Debug, Clone)]
pub(super) struct Teacher {
    pub(super) full_name: String,
    pub(super) short_name: String,
    pub(super) positions: String,
    pub(super) pedagogical_rate: f64,
    pub(super) is_current: bool,
}

/// Everything of a year the load reads, in a few queries.
pub(super) struct YearLoad {
    pub(super) year_id: i64,
    pub(super) classes: Vec<GridClass>,
    pub(super) lines: Vec<ClassHours>,
    /// Subgroups by (class, subject), in their order.
    pub(super) subgroups: HashMap<(i64, i64), Vec<SubgroupInfo>>,
    /// Classes of each split.
    split_classes: HashMap<i64, Vec<i64>>,
    pub(super) loads: Vec<StoredLoad>,
    pub(super) teachers: HashMap<i64, Teacher>,
    /// Subject order in lists (position, then name).
    pub(super) subject_order: HashMap<i64, i64>,
}

impl YearLoad {
    pub(super) fn read(db: &Db, year_id: i64, on: NaiveDate) -> Result<YearLoad> {
        db.read(|conn| {
            Ok(YearLoad {
                year_id,
                classes: classes_of_year(conn, year_id)?,
                lines: curriculum::class_hours(db, year_id)?,
                subgroups: subgroups_of_year(conn, year_id)?,
                split_classes: split_classes_of_year(conn, year_id)?,
                loads: loads_of_year(conn, year_id)?,
                teachers: teachers(conn, on, None)?,
                subject_order: subject_order(conn)?,
            })
        })
    }

    pub(super) fn class_label(&self, id: i64) -> String {
        self.classes
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.label.clone())
            .unwrap_or_default()
    }

    pub(super) fn line(&self, id: i64) -> Option<&ClassHours> {
        self.lines.iter().find(|l| l.line_id == id)
    }

    /// The subgroups a line is taught in; empty when the whole class is taught together.
    pub(super) fn subgroups_of(&self, line: &ClassHours) -> &[SubgroupInfo] {
        line.subject_id
            .and_then(|s| self.subgroups.get(&(line.class_id, s)))
            .map_or(&[], |v| v.as_slice())
    }

    pub(super) fn units_of(&self, line: &ClassHours) -> Vec<(LoadUnit, String)> {
        let subgroups = self.subgroups_of(line);
        if subgroups.is_empty() {
            return vec![(
                LoadUnit {
                    line_id: line.line_id,
                    subgroup_id: None,
                },
                String::new(),
            )];
        }
        subgroups
            .iter()
            .map(|g| {
                (
                    LoadUnit {
                        line_id: line.line_id,
                        subgroup_id: Some(g.id),
                    },
                    g.name.clone(),
                )
            })
            .collect()
    }

    /// The load lines on each unit (a joint subgroup's line is on the unit of each class).
    pub(super) fn loads_by_unit(&self) -> BTreeMap<LoadUnit, Vec<&StoredLoad>> {
        let mut map: BTreeMap<LoadUnit, Vec<&StoredLoad>> = BTreeMap::new();
        for load in &self.loads {
            for &line_id in &load.line_ids {
                map.entry(LoadUnit {
                    line_id,
                    subgroup_id: load.subgroup_id,
                })
                .or_default()
                .push(load);
            }
        }
        map
    }

    pub(super) fn teacher_short(&self, id: i64) -> String {
        self.teachers
            .get(&id)
            .map(|t| t.short_name.clone())
            .unwrap_or_default()
    }

    /// For a subgroup of a joint split: the other classes, «10 Б».
    pub(super) fn shared_with(&self, class_id: i64, subgroup: Option<&SubgroupInfo>) -> String {
        let Some(g) = subgroup else {
            return String::new();
        };
        let others: Vec<String> = self
            .split_classes
            .get(&g.split_id)
            .into_iter()
            .flatten()
            .filter(|&&c| c != class_id)
            .map(|&c| self.class_label(c))
            .collect();
        others.join(", ")
    }

    pub(super) fn subgroup_name(&self, id: Option<i64>) -> String {
        id.and_then(|id| {
            self.subgroups
                .values()
                .flatten()
                .find(|g| g.id == id)
                .map(|g| g.name.clone())
        })
        .unwrap_or_default()
    }

    pub(super) fn line_of_load(&self, load: &StoredLoad) -> LoadLine {
        let lines: Vec<&ClassHours> = load
            .line_ids
            .iter()
            .filter_map(|&id| self.line(id))
            .collect();
        let first = lines.first();
        let mut class_ids: Vec<i64> = lines.iter().map(|l| l.class_id).collect();
        let position = |id: &i64| self.classes.iter().position(|c| c.id == *id);
        class_ids.sort_by_key(position);
        LoadLine {
            id: load.id,
            academic_year_id: self.year_id,
            staff_member_id: load.staff_member_id,
            teacher: self.teacher_short(load.staff_member_id),
            subgroup_id: load.subgroup_id,
            subgroup_name: self.subgroup_name(load.subgroup_id),
            subject_id: first.and_then(|l| l.subject_id),
            part: first.map_or(CurriculumPart::Mandatory, |l| l.part),
            label: first.map(|l| l.label.clone()).unwrap_or_default(),
            classes_label: class_ids
                .iter()
                .map(|&c| self.class_label(c))
                .collect::<Vec<_>>()
                .join(", "),
            class_ids,
            line_ids: load.line_ids.clone(),
            hours_first: load.hours_first,
            hours_second: load.hours_second,
        }
    }

    /// Sort key of a line's row: part, subject order, label.
    pub(super) fn row_key(&self, line: &ClassHours) -> (usize, i64, String) {
        let part = CurriculumPart::ALL
            .iter()
            .position(|p| *p == line.part)
            .unwrap_or(0);
        let order = line
            .subject_id
            .and_then(|s| self.subject_order.get(&s).copied())
            .unwrap_or(i64::MAX);
        (part, order, crate::db::ru_key(&line.label))
    }
}

fn classes_of_year(conn: &Connection, year_id: i64) -> Result<Vec<GridClass>> {
    let mut stmt = conn.prepare(
        "SELECT id, grade, letter FROM class WHERE academic_year_id = ?1
          ORDER BY grade, letter_key COLLATE RU, id",
    )?;
    let rows = stmt
        .query_map([year_id], |r| {
            let grade: i32 = r.get(1)?;
            Ok(GridClass {
                id: r.get(0)?,
                grade,
                label: crate::classes::label(grade, &r.get::<_, String>(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn subgroups_of_year(
    conn: &Connection,
    year_id: i64,
) -> Result<HashMap<(i64, i64), Vec<SubgroupInfo>>> {
    let mut stmt = conn.prepare(
        "SELECT class_id, subject_id, subgroup_id, split_id, name FROM subgroup_of_class
          WHERE academic_year_id = ?1 ORDER BY position, subgroup_id",
    )?;
    let mut map: HashMap<(i64, i64), Vec<SubgroupInfo>> = HashMap::new();
    let rows = stmt.query_map([year_id], |r| {
        Ok((
            (r.get(0)?, r.get(1)?),
            SubgroupInfo {
                id: r.get(2)?,
                split_id: r.get(3)?,
                name: r.get(4)?,
            },
        ))
    })?;
    for row in rows {
        let (key, g) = row?;
        map.entry(key).or_default().push(g);
    }
    Ok(map)
}

fn split_classes_of_year(conn: &Connection, year_id: i64) -> Result<HashMap<i64, Vec<i64>>> {
    let mut stmt = conn.prepare(
        "SELECT l.split_id, l.class_id FROM subgroup_split_class l JOIN class c ON c.id = l.class_id
          WHERE l.academic_year_id = ?1 ORDER BY c.grade, c.letter_key COLLATE RU, c.id",
    )?;
    let mut map: HashMap<i64, Vec<i64>> = HashMap::new();
    let rows = stmt.query_map([year_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for row in rows {
        let (split, class) = row?;
        map.entry(split).or_default().push(class);
    }
    Ok(map)
}

fn loads_of_year(conn: &Connection, year_id: i64) -> Result<Vec<StoredLoad>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.staff_member_id, t.subgroup_id, t.hours_first, t.hours_second,
                group_concat(l.curriculum_line_id)
           FROM teaching_load t JOIN teaching_load_line l ON l.teaching_load_id = t.id
          WHERE t.academic_year_id = ?1 GROUP BY t.id ORDER BY t.id",
    )?;
    let rows = stmt
        .query_map([year_id], |r| {
            let ids: String = r.get(5)?;
            Ok(StoredLoad {
                id: r.get(0)?,
                staff_member_id: r.get(1)?,
                subgroup_id: r.get(2)?,
                hours_first: r.get(3)?,
                hours_second: r.get(4)?,
                line_ids: ids.split(',').filter_map(|s| s.parse().ok()).collect(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every staff member with what the load needs to know on `on`.
/// The staff (or the one member `only`) as the load shows them on `on`.
pub(super) fn teachers(
    conn: &Connection,
    on: NaiveDate,
    only: Option<i64>,
) -> Result<HashMap<i64, Teacher>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.last_name, m.first_name, m.patronymic,
                EXISTS (SELECT 1 FROM appointment a WHERE a.staff_member_id = m.id
                         AND (a.left_on IS NULL OR a.left_on >= ?1)),
                coalesce((SELECT sum(a.rate) FROM appointment a
                            JOIN staff_position p ON p.id = a.staff_position_id
                           WHERE a.staff_member_id = m.id AND p.is_pedagogical = 1
                             AND (a.left_on IS NULL OR a.left_on >= ?1)), 0),
                coalesce((SELECT group_concat(p.name, ', ') FROM appointment a
                            JOIN staff_position p ON p.id = a.staff_position_id
                           WHERE a.staff_member_id = m.id
                             AND (a.left_on IS NULL OR a.left_on >= ?1)), '')
           FROM staff_member m WHERE ?2 IS NULL OR m.id = ?2",
    )?;
    let rows = stmt.query_map(params![on, only], |r| {
        let (last, first, patronymic): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        Ok((
            r.get::<_, i64>(0)?,
            Teacher {
                full_name: people::full_name(&last, &first, &patronymic),
                short_name: people::short_name(&last, &first, &patronymic),
                is_current: r.get(4)?,
                pedagogical_rate: r.get(5)?,
                positions: r.get(6)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn subject_order(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare("SELECT id FROM subject ORDER BY position, name COLLATE RU, id")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids.into_iter().zip(0..).collect())
}

pub(super) fn sum_hours<'a>(loads: impl IntoIterator<Item = &'a StoredLoad>) -> (f64, f64) {
    loads.into_iter().fold((0.0, 0.0), |(a, b), l| {
        (a + l.hours_first, b + l.hours_second)
    })
}

/// Hours as the forms print them: «5», «2/1» when the half-years differ.
pub fn hours_text(first: f64, second: f64) -> String {
    curriculum::weekly_text(first, second)
}

/// Hours in rates, to two decimals: 27 hours → 1.5.
pub fn rate_of(hours: f64) -> f64 {
    (hours / HOURS_PER_RATE * 100.0).round() / 100.0
}

// ---------------------------------------------------------------------------------------------
// Queries

/// The current year's id and the day staff are counted as working on: `on` (None: today)
/// moved into the year. NotFound when the file has no current year.
pub fn current_year_on(db: &Db, on: Option<NaiveDate>) -> Result<(i64, NaiveDate)> {
    let id = crate::forms::current_year_id(db)?;
    Ok((id, year_on(db, id, on)?))
}

/// The day staff are counted as working on in the year `year_id`: `on` (None: today) moved
/// into the year.
pub fn year_on(db: &Db, year_id: i64, on: Option<NaiveDate>) -> Result<NaiveDate> {
    let year = crate::year::get(db, year_id)?;
    let on = on.unwrap_or_else(|| chrono::Local::now().date_naive());
    Ok(crate::forms::within(&year, on))
}

/// The load lines of a year, by id: what the timetable places.
pub fn lines(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<Vec<LoadLine>> {
    let year = YearLoad::read(db, academic_year_id, on)?;
    Ok(year.loads.iter().map(|l| year.line_of_load(l)).collect())
}

/// One load line.
pub fn get(db: &Db, id: i64, on: NaiveDate) -> Result<LoadLine> {
    let year_id = year_of(db.conn(), id)?;
    lines(db, year_id, on)?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or(CoreError::NotFound { what: LOAD_LINE })
}

pub(super) fn year_of(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT academic_year_id FROM teaching_load WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: LOAD_LINE })
}
