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

use crate::curriculum::CurriculumPart;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod assign;
mod check;
mod grid;
mod lists;
mod read;
mod save;

pub use assign::{assign, assign_many, UnitAssignment};
pub use check::check;
pub use grid::{grid, teacher_options};
pub use lists::{by_class, by_teacher};
pub use read::{current_year_on, get, hours_text, lines, rate_of, year_on};
pub(crate) use save::save_in;
pub use save::{delete, save};

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
