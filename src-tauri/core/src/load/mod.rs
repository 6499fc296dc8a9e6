//! Teaching load («Распределение нагрузки», тарификация): who teaches each line of each class's
//! curriculum, and for how many hours a week.
//!
//! A load line ([`LoadLine`]) is one teacher with hours per week in each half-year, for one
//! class curriculum line, or for one subgroup when the subject is split for the class. A
//! subgroup of a split of several classes («10 А + 10 Б, английский, 1 группа») is one load
//! line covering the matching line of each class: one group, one teacher, one lesson. Load
//! lines keep their id, so that the timetable places «one hour of load line N» as a lesson.
//!
//! The unit that needs hours is a class line, or each subgroup of it when the subject is split
//! (every subgroup carries the line's full hours). Saving refuses more hours than the unit
//! needs, a teacher who has left and a whole-class load of a split subject; [`check`] lists
//! what is left to assign or is over-assigned (after the curriculum changed), and teachers
//! above two rates or who have left. A rate is 18 hours a week ([`HOURS_PER_RATE`]).

use crate::curriculum::{self, ClassHours, CurriculumPart, MAX_LINE_HOURS};
use crate::db::Db;
use crate::error::{Check, CoreError, FieldError, Problem, Result, Saved, Warning};
use crate::people;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

#[cfg(test)]
mod tests;

/// Hours a week of one full teacher's rate (ставка).
pub const HOURS_PER_RATE: f64 = 18.0;
/// Hours a week above which a teacher's load is warned about (two rates).
pub const MAX_TEACHER_HOURS: f64 = 36.0;

const LOAD_LINE: &str = "Строка нагрузки";

// ---------------------------------------------------------------------------------------------
// Types

/// What the user saves: a teacher and hours for a class curriculum line (and a subgroup when
/// the subject is split for the class). With an id, that load line is changed in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LoadInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// A line of a class's curriculum.
    #[ts(type = "number")]
    pub line_id: i64,
    /// One of the subgroups of the class for the line's subject; None for the whole class.
    #[ts(type = "number | null")]
    pub subgroup_id: Option<i64>,
    #[ts(type = "number")]
    pub staff_member_id: i64,
    pub hours_first: f64,
    pub hours_second: f64,
}

/// The place in the grid a teacher is chosen for: a class line, or one subgroup of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LoadUnit {
    #[ts(type = "number")]
    pub line_id: i64,
    #[ts(type = "number | null")]
    pub subgroup_id: Option<i64>,
}

/// A stored load line: the row the timetable refers to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LoadLine {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    #[ts(type = "number")]
    pub staff_member_id: i64,
    /// «Иванова А. П.».
    pub teacher: String,
    #[ts(type = "number | null")]
    pub subgroup_id: Option<i64>,
    /// «1 группа»; empty for the whole class.
    pub subgroup_name: String,
    /// The subject of the lines (None for a named course of the elective part).
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    pub part: CurriculumPart,
    /// The subject's or course's name.
    pub label: String,
    /// The classes covered (several for a subgroup of a joint split), in class order.
    #[ts(type = "number[]")]
    pub class_ids: Vec<i64>,
    /// «5 А», «10 А, 10 Б».
    pub classes_label: String,
    /// The class curriculum lines covered, one per class.
    #[ts(type = "number[]")]
    pub line_ids: Vec<i64>,
    pub hours_first: f64,
    pub hours_second: f64,
}

/// A column of the grid.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GridClass {
    #[ts(type = "number")]
    pub id: i64,
    pub grade: i32,
    /// «5 А».
    pub label: String,
}

/// A teacher's share of a unit, as a cell shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CellLoad {
    /// The load line.
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub staff_member_id: i64,
    /// «Иванова А. П.».
    pub teacher: String,
    pub hours_first: f64,
    pub hours_second: f64,
}

/// A unit of a cell: the whole class, or one subgroup.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GridUnit {
    pub unit: LoadUnit,
    /// «1 группа»; empty for the whole class.
    pub subgroup_name: String,
    /// For a subgroup of a joint split: the other classes it takes in, «10 Б».
    pub shared_with: String,
    pub loads: Vec<CellLoad>,
    pub assigned_first: f64,
    pub assigned_second: f64,
}

/// A cell: one class's curriculum line and who teaches it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GridCell {
    #[ts(type = "number")]
    pub line_id: i64,
    pub hours_first: f64,
    pub hours_second: f64,
    /// One unit for the whole class, or one per subgroup.
    pub units: Vec<GridUnit>,
    /// Every unit has exactly the line's hours.
    pub complete: bool,
}

/// A row of the grid: a subject (or course) of one part of the curricula.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GridRow {
    pub part: CurriculumPart,
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    pub label: String,
    /// One per column of [`LoadGrid::classes`]; None where the class has no such line.
    pub cells: Vec<Option<GridCell>>,
}

/// The load grid of a year: subjects as rows, classes as columns.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LoadGrid {
    #[ts(type = "number")]
    pub academic_year_id: i64,
    pub classes: Vec<GridClass>,
    pub rows: Vec<GridRow>,
}

/// Hours of a unit that are not as the curriculum says.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LoadGap {
    pub unit: LoadUnit,
    #[ts(type = "number")]
    pub class_id: i64,
    pub class_label: String,
    pub subgroup_name: String,
    /// The subject's or course's name.
    pub label: String,
    pub part: CurriculumPart,
    pub required_first: f64,
    pub required_second: f64,
    pub assigned_first: f64,
    pub assigned_second: f64,
    pub code: String,
    pub message: String,
}

/// Something to look at in a teacher's load.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeacherWarning {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    pub full_name: String,
    pub hours_first: f64,
    pub hours_second: f64,
    pub code: String,
    pub message: String,
}

/// The result of [`check`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LoadCheck {
    /// Units with fewer hours assigned than the curriculum has.
    pub unassigned: Vec<LoadGap>,
    /// Units with more hours assigned than the curriculum has (it was changed after).
    pub over_assigned: Vec<LoadGap>,
    /// Load of a split subject given to the whole class, or of a subgroup to a class no longer
    /// split so: to be assigned again.
    pub misplaced: Vec<LoadGap>,
    /// Above two rates, left the school, no pedagogical position.
    pub teachers: Vec<TeacherWarning>,
}

impl LoadCheck {
    /// Every curriculum hour is assigned, no more, no less.
    pub fn is_complete(&self) -> bool {
        self.unassigned.is_empty() && self.over_assigned.is_empty() && self.misplaced.is_empty()
    }
}

/// One subject of a teacher's load, with its classes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeacherSubject {
    pub label: String,
    /// «5 А, 5 Б (1 группа)».
    pub classes: String,
    pub hours_first: f64,
    pub hours_second: f64,
}

/// A teacher's load: the tarification list's row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeacherLoad {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    pub full_name: String,
    /// «Иванова А. П.».
    pub short_name: String,
    /// Positions held on the day, «Учитель, Педагог-организатор».
    pub positions: String,
    /// The sum of the rates of the pedagogical positions held on the day.
    pub appointed_rate: f64,
    pub is_current: bool,
    pub subjects: Vec<TeacherSubject>,
    pub hours_first: f64,
    pub hours_second: f64,
    /// The larger half-year's hours in rates (18 hours = 1), to two decimals.
    pub load_rate: f64,
}

/// A staff member who can be chosen for a cell, with the hours already given.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeacherOption {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    pub short_name: String,
    pub full_name: String,
    /// Holds a pedagogical position on the day.
    pub is_pedagogical: bool,
    pub hours_first: f64,
    pub hours_second: f64,
}

/// A row of the load by class.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassLoadRow {
    pub part: CurriculumPart,
    pub label: String,
    pub subgroup_name: String,
    /// «Иванова А. П.»; empty for hours nobody teaches yet.
    pub teacher: String,
    pub hours_first: f64,
    pub hours_second: f64,
}

/// A class's load: who teaches it what.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassLoad {
    #[ts(type = "number")]
    pub class_id: i64,
    pub label: String,
    pub rows: Vec<ClassLoadRow>,
    /// Weekly hours of the class's curriculum (subgroups counted once).
    pub curriculum_first: f64,
    pub curriculum_second: f64,
}

// ---------------------------------------------------------------------------------------------
// Reading the year once

/// A subgroup of a class for a subject.
#[derive(Debug, Clone)]
struct SubgroupInfo {
    id: i64,
    split_id: i64,
    name: String,
}

/// A stored load line before it is named.
#[derive(Debug, Clone)]
struct StoredLoad {
    id: i64,
    staff_member_id: i64,
    subgroup_id: Option<i64>,
    hours_first: f64,
    hours_second: f64,
    line_ids: Vec<i64>,
}

#[derive(Debug, Clone)]
struct Teacher {
    full_name: String,
    short_name: String,
    positions: String,
    pedagogical_rate: f64,
    is_current: bool,
}

/// Everything of a year the load reads, in a few queries.
struct YearLoad {
    year_id: i64,
    classes: Vec<GridClass>,
    lines: Vec<ClassHours>,
    /// Subgroups by (class, subject), in their order.
    subgroups: HashMap<(i64, i64), Vec<SubgroupInfo>>,
    /// Classes of each split.
    split_classes: HashMap<i64, Vec<i64>>,
    loads: Vec<StoredLoad>,
    teachers: HashMap<i64, Teacher>,
    /// Subject order in lists (position, then name).
    subject_order: HashMap<i64, i64>,
}

impl YearLoad {
    fn read(db: &Db, year_id: i64, on: NaiveDate) -> Result<YearLoad> {
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

    fn class_label(&self, id: i64) -> String {
        self.classes
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.label.clone())
            .unwrap_or_default()
    }

    fn line(&self, id: i64) -> Option<&ClassHours> {
        self.lines.iter().find(|l| l.line_id == id)
    }

    /// The subgroups a line is taught in; empty when the whole class is taught together.
    fn subgroups_of(&self, line: &ClassHours) -> &[SubgroupInfo] {
        line.subject_id
            .and_then(|s| self.subgroups.get(&(line.class_id, s)))
            .map_or(&[], |v| v.as_slice())
    }

    fn units_of(&self, line: &ClassHours) -> Vec<(LoadUnit, String)> {
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
    fn loads_by_unit(&self) -> BTreeMap<LoadUnit, Vec<&StoredLoad>> {
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

    fn teacher_short(&self, id: i64) -> String {
        self.teachers
            .get(&id)
            .map(|t| t.short_name.clone())
            .unwrap_or_default()
    }

    /// For a subgroup of a joint split: the other classes, «10 Б».
    fn shared_with(&self, class_id: i64, subgroup: Option<&SubgroupInfo>) -> String {
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

    fn subgroup_name(&self, id: Option<i64>) -> String {
        id.and_then(|id| {
            self.subgroups
                .values()
                .flatten()
                .find(|g| g.id == id)
                .map(|g| g.name.clone())
        })
        .unwrap_or_default()
    }

    fn line_of_load(&self, load: &StoredLoad) -> LoadLine {
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
    fn row_key(&self, line: &ClassHours) -> (usize, i64, String) {
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
fn teachers(conn: &Connection, on: NaiveDate, only: Option<i64>) -> Result<HashMap<i64, Teacher>> {
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

fn sum_hours<'a>(loads: impl IntoIterator<Item = &'a StoredLoad>) -> (f64, f64) {
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

fn year_of(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT academic_year_id FROM teaching_load WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: LOAD_LINE })
}

/// The grid: a row per subject (and course) of each part of the year's class curricula, a
/// column per class, in each cell the units with their teachers.
pub fn grid(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<LoadGrid> {
    let year = YearLoad::read(db, academic_year_id, on)?;
    let by_unit = year.loads_by_unit();
    let column = |class_id: i64| year.classes.iter().position(|c| c.id == class_id);
    let mut rows: BTreeMap<(usize, i64, String), GridRow> = BTreeMap::new();
    for line in &year.lines {
        let Some(col) = column(line.class_id) else {
            continue;
        };
        let row = rows.entry(year.row_key(line)).or_insert_with(|| GridRow {
            part: line.part,
            subject_id: line.subject_id,
            label: line.label.clone(),
            cells: vec![None; year.classes.len()],
        });
        row.cells[col] = Some(grid_cell(&year, &by_unit, line));
    }
    Ok(LoadGrid {
        academic_year_id,
        classes: year.classes.clone(),
        rows: rows.into_values().collect(),
    })
}

fn grid_cell(
    year: &YearLoad,
    by_unit: &BTreeMap<LoadUnit, Vec<&StoredLoad>>,
    line: &ClassHours,
) -> GridCell {
    let subgroups = year.subgroups_of(line);
    let units: Vec<GridUnit> = year
        .units_of(line)
        .into_iter()
        .map(|(unit, subgroup_name)| {
            let loads = by_unit.get(&unit).map_or(&[][..], |v| v.as_slice());
            let (assigned_first, assigned_second) = sum_hours(loads.iter().copied());
            let subgroup = subgroups.iter().find(|g| Some(g.id) == unit.subgroup_id);
            GridUnit {
                unit,
                subgroup_name,
                shared_with: year.shared_with(line.class_id, subgroup),
                loads: loads
                    .iter()
                    .map(|l| CellLoad {
                        id: l.id,
                        staff_member_id: l.staff_member_id,
                        teacher: year.teacher_short(l.staff_member_id),
                        hours_first: l.hours_first,
                        hours_second: l.hours_second,
                    })
                    .collect(),
                assigned_first,
                assigned_second,
            }
        })
        .collect();
    let complete = units
        .iter()
        .all(|u| u.assigned_first == line.hours_first && u.assigned_second == line.hours_second);
    GridCell {
        line_id: line.line_id,
        hours_first: line.hours_first,
        hours_second: line.hours_second,
        units,
        complete,
    }
}

/// The staff working on `on` who can be given load, pedagogical first, with their hours so far.
pub fn teacher_options(
    db: &Db,
    academic_year_id: i64,
    on: NaiveDate,
) -> Result<Vec<TeacherOption>> {
    let year = YearLoad::read(db, academic_year_id, on)?;
    let mut out: Vec<TeacherOption> = year
        .teachers
        .iter()
        .filter(|(_, t)| t.is_current)
        .map(|(&id, t)| {
            let (hours_first, hours_second) =
                sum_hours(year.loads.iter().filter(|l| l.staff_member_id == id));
            TeacherOption {
                staff_member_id: id,
                short_name: t.short_name.clone(),
                full_name: t.full_name.clone(),
                is_pedagogical: t.pedagogical_rate > 0.0,
                hours_first,
                hours_second,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.is_pedagogical
            .cmp(&a.is_pedagogical)
            .then_with(|| crate::db::compare_ru(&a.full_name, &b.full_name))
    });
    Ok(out)
}

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
fn teacher_problems(t: &Teacher, first: f64, second: f64) -> Vec<Problem> {
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

// ---------------------------------------------------------------------------------------------
// Saving

/// A class curriculum line as saving needs it.
struct TargetLine {
    class_id: i64,
    class_label: String,
    year_id: i64,
    subject_id: Option<i64>,
    subject: String,
    part: String,
}

fn target_line(conn: &Connection, line_id: i64) -> Result<TargetLine> {
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
fn teacher_warnings_of(
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

/// The load lines on a unit (for a joint subgroup, its one line covering every class).
fn loads_of_unit(conn: &Connection, unit: LoadUnit) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id FROM teaching_load t JOIN teaching_load_line x ON x.teaching_load_id = t.id
          WHERE x.curriculum_line_id = ?1 AND +t.subgroup_id IS ?2 ORDER BY t.id",
    )?;
    let ids = stmt
        .query_map(params![unit.line_id, unit.subgroup_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// What a grid cell does when a teacher is typed into it: the unit's load becomes that teacher
/// with all of the line's hours (the load line keeps its id when there was one); None clears
/// the unit. One change.
pub fn assign(
    db: &Db,
    unit: LoadUnit,
    staff_member_id: Option<i64>,
    on: NaiveDate,
) -> Result<Saved<Option<LoadLine>>> {
    let id = db.write(|conn| assign_in(conn, unit, staff_member_id, on))?;
    match id {
        Some(id) => {
            let value = get(db, id, on)?;
            let warnings =
                teacher_warnings_of(db, value.academic_year_id, value.staff_member_id, on)?;
            Ok(Saved {
                value: Some(value),
                warnings,
            })
        }
        None => Ok(Saved {
            value: None,
            warnings: Vec::new(),
        }),
    }
}

/// One unit of a block of cells pasted, cut or cleared in the grid: the teacher it gets with
/// all of its hours, or None to clear it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitAssignment {
    pub unit: LoadUnit,
    #[ts(type = "number | null")]
    pub staff_member_id: Option<i64>,
}

/// A block of cells pasted, cut or cleared: each unit as `assign` does it, in one transaction
/// (a refused unit and nothing is changed). The value is the number of units; the warnings
/// are those of every teacher given hours, once each.
pub fn assign_many(db: &Db, block: &[UnitAssignment], on: NaiveDate) -> Result<Saved<usize>> {
    let ids = db.write(|conn| {
        block
            .iter()
            .map(|a| assign_in(conn, a.unit, a.staff_member_id, on))
            .collect::<Result<Vec<_>>>()
    })?;
    let mut warnings = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in ids.into_iter().flatten() {
        let line = get(db, id, on)?;
        if seen.insert(line.staff_member_id) {
            warnings.extend(teacher_warnings_of(
                db,
                line.academic_year_id,
                line.staff_member_id,
                on,
            )?);
        }
    }
    Ok(Saved {
        value: block.len(),
        warnings,
    })
}

/// `assign` inside a transaction: the id of the unit's load line, None when cleared.
fn assign_in(
    conn: &Connection,
    unit: LoadUnit,
    staff_member_id: Option<i64>,
    on: NaiveDate,
) -> Result<Option<i64>> {
    let existing = loads_of_unit(conn, unit)?;
    let keep = existing
        .first()
        .copied()
        .filter(|_| staff_member_id.is_some());
    for id in existing.iter().filter(|&&id| Some(id) != keep) {
        conn.execute("DELETE FROM teaching_load WHERE id = ?1", [id])?;
    }
    let Some(teacher) = staff_member_id else {
        // A unit that is not a class line is refused even when clearing.
        target_line(conn, unit.line_id)?;
        return Ok(None);
    };
    let (hours_first, hours_second): (f64, f64) = conn
        .query_row(
            "SELECT hours_first, hours_second FROM curriculum_line WHERE id = ?1",
            [unit.line_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Строка учебного плана",
        })?;
    let input = LoadInput {
        id: keep,
        line_id: unit.line_id,
        subgroup_id: unit.subgroup_id,
        staff_member_id: teacher,
        hours_first,
        hours_second,
    };
    save_in(conn, &input, on).map(Some)
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
