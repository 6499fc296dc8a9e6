//! The weekly timetable («Расписание занятий»): lessons placed from the teaching load on the days
//! of the school's week at the lesson numbers of each class's bell schedule, its four views
//! (a class's, a teacher's, a room's week and the whole school on one sheet, «шахматка»), the
//! hours still to place, the school-wide check and the dated substitutions («замены»).
//!
//! A lesson ([`Lesson`]) is one hour of a load line: the class or subgroup, the subject and the
//! teacher are the load line's, so they never disagree with it; the lesson adds the day, the
//! lesson number, the room and the half-years it runs in (a line of 2 h in the first half-year
//! and 1 h in the second has one lesson marked first-only).
//!
//! Refused ([`save`]): a teacher or a room in two places at once, a class with two lessons at
//! once unless they are different subgroups of one split, a lesson outside the class's bell
//! schedule or the school's week, a teacher who has left. Warned ([`check`] and the warnings of
//! [`save`]): more lessons a day than the sanitary maximum, placed hours differing from the
//! load, the difficulty total not peaking on Tuesday–Wednesday, a subject more often in a day
//! than its hours need, teachers' gaps («окна»).
//!
//! Two ways to check an edit: [`check_edit`] reads the one day through an index (what a save
//! does), [`Week::conflicts_of`] asks an in-memory model of the week (for a screen that keeps
//! one while the user drags lessons). Both use the same rules ([`check::conflict`]).

use crate::curriculum::CurriculumPart;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod edit;
mod read;
mod slots;
mod views;

pub(crate) use edit::write_entry;
pub use edit::{check_edit, clear, move_lesson, place, remove, save, EditCheck};
pub(crate) use read::week_days;
pub use read::{ClassInfo, LoadInfo, Week};
pub use slots::{check, slot_options, working_staff, SlotOption};
pub(crate) use views::part_rank;
pub use views::{class_week, room_week, school_sheet, teacher_week, to_place};

pub mod check;
pub mod sanitary;
pub mod substitutions;
#[cfg(test)]
mod tests;

pub use check::{TeacherGapCount, TimetableCheck, TimetableIssue};
pub use sanitary::{DailyLimit, SubjectDifficulty};

const LESSON: &str = "Урок расписания";
const LOAD_LINE: &str = "Строка нагрузки";
const CLASS: &str = "Класс";
const ROOM: &str = "Кабинет";

/// Days of the week as the timetable names them, Monday = 1.
pub const DAY_NAMES: [&str; 6] = [
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
];
const DAY_AT: [&str; 6] = [
    "в понедельник",
    "во вторник",
    "в среду",
    "в четверг",
    "в пятницу",
    "в субботу",
];

/// «вторник» for 2; an empty text outside 1–6.
pub fn day_name(day: i32) -> &'static str {
    usize::try_from(day - 1)
        .ok()
        .and_then(|i| DAY_NAMES.get(i))
        .copied()
        .unwrap_or("")
}

/// «во вторник» for 2.
fn day_at(day: i32) -> &'static str {
    usize::try_from(day - 1)
        .ok()
        .and_then(|i| DAY_AT.get(i))
        .copied()
        .unwrap_or("")
}

/// «вторник, 3 урок»: where a conflicting lesson is.
fn when(day: i32, lesson_number: i32) -> String {
    format!("{}, {lesson_number} урок", day_name(day))
}

// ---------------------------------------------------------------------------------------------
// Types

/// Which half-years a lesson runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Half {
    First,
    Second,
}

impl Half {
    pub const BOTH: [Half; 2] = [Half::First, Half::Second];

    pub fn number(self) -> i32 {
        match self {
            Half::First => 1,
            Half::Second => 2,
        }
    }
}

/// One lesson of the timetable with what every view shows of it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Lesson {
    #[ts(type = "number")]
    pub id: i64,
    pub day: i32,
    pub lesson_number: i32,
    #[ts(type = "number")]
    pub teaching_load_id: i64,
    #[ts(type = "number")]
    pub staff_member_id: i64,
    /// «Иванова А. П.».
    pub teacher: String,
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    /// The subject's name, or the course's for a named course.
    pub label: String,
    pub part: CurriculumPart,
    /// The classes taught (several for a joint subgroup of a split of several classes).
    #[ts(type = "number[]")]
    pub class_ids: Vec<i64>,
    /// «5 А»; «10 А, 10 Б».
    pub classes_label: String,
    #[ts(type = "number | null")]
    pub subgroup_id: Option<i64>,
    #[ts(type = "number | null")]
    pub split_id: Option<i64>,
    /// «1 группа»; empty for the whole class.
    pub subgroup_name: String,
    #[ts(type = "number | null")]
    pub room_id: Option<i64>,
    /// The room's number; empty when none is set.
    pub room: String,
    pub in_first: bool,
    pub in_second: bool,
    /// «Закреплён»: a generation of the timetable leaves it where it is.
    pub locked: bool,
}

impl Lesson {
    pub fn runs_in(&self, half: Half) -> bool {
        match half {
            Half::First => self.in_first,
            Half::Second => self.in_second,
        }
    }

    /// Both run in some half-year together.
    fn meets(&self, other: &Lesson) -> bool {
        (self.in_first && other.in_first) || (self.in_second && other.in_second)
    }

    /// A lesson of the timetable proper: extracurricular courses are placed by choice and not
    /// counted against the day's maximum or in the required hours.
    pub fn is_lesson(&self) -> bool {
        self.part != CurriculumPart::Extracurricular
    }

    /// «5 А, Иностранный язык (английский), 1 группа».
    pub fn title(&self) -> String {
        let mut out = format!("{}, {}", self.classes_label, self.label);
        if !self.subgroup_name.is_empty() {
            out.push_str(&format!(", {}", self.subgroup_name));
        }
        out
    }
}

/// What the user places: one hour of a load line at a day and lesson number, in a room. With an
/// id, that lesson is moved (or its room or half-years changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LessonInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub teaching_load_id: i64,
    pub day: i32,
    pub lesson_number: i32,
    #[ts(type = "number | null")]
    pub room_id: Option<i64>,
    pub in_first: bool,
    pub in_second: bool,
}

impl LessonInput {
    /// A new lesson of `teaching_load_id` running the whole year.
    pub fn new(teaching_load_id: i64, day: i32, lesson_number: i32, room_id: Option<i64>) -> Self {
        LessonInput {
            id: None,
            teaching_load_id,
            day,
            lesson_number,
            room_id,
            in_first: true,
            in_second: true,
        }
    }
}

/// A day column of a view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WeekDay {
    pub day: i32,
    /// «понедельник».
    pub name: String,
}

/// A lesson-number row of a view, with its bell times when they are the same for every class
/// the row shows (empty otherwise).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BellRow {
    pub lesson_number: i32,
    pub starts_at: String,
    pub ends_at: String,
}

/// A class's, a teacher's or a room's week: `cells[row][day]` are the lessons at `rows[row]`
/// on `days[day]` (several: subgroups in parallel, or a conflict left from before).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WeekView {
    /// «5 А», «Иванова Анна Петровна», «Кабинет 201».
    pub title: String,
    pub days: Vec<WeekDay>,
    pub rows: Vec<BellRow>,
    pub cells: Vec<Vec<Vec<Lesson>>>,
    /// Lessons a week (first half-year; `lessons_second` the second).
    pub lessons_first: i32,
    pub lessons_second: i32,
}

/// A class column of the school sheet.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SheetClass {
    #[ts(type = "number")]
    pub id: i64,
    pub grade: i32,
    pub label: String,
}

/// A row of the school sheet: one lesson number of one day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SheetRow {
    pub day: i32,
    pub day_name: String,
    pub lesson_number: i32,
}

/// The whole school on one sheet («шахматка»): classes as columns, day × lesson as rows;
/// `cells[row][class]` are the lessons of that class then.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SchoolSheet {
    /// «2026-2027».
    pub year: String,
    pub classes: Vec<SheetClass>,
    pub rows: Vec<SheetRow>,
    pub cells: Vec<Vec<Vec<Lesson>>>,
}

/// A load line of a class with the lessons still to place (the panel beside the class's week).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ToPlace {
    #[ts(type = "number")]
    pub teaching_load_id: i64,
    pub part: CurriculumPart,
    pub label: String,
    #[ts(type = "number")]
    pub staff_member_id: i64,
    pub teacher: String,
    #[ts(type = "number | null")]
    pub subgroup_id: Option<i64>,
    pub subgroup_name: String,
    pub classes_label: String,
    pub hours_first: f64,
    pub hours_second: f64,
    pub placed_first: i32,
    pub placed_second: i32,
    /// Lessons a week still to place in each half-year (0 when all are placed or more).
    pub left_first: i32,
    pub left_second: i32,
}
