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
use crate::db::Db;
use crate::error::{Check, CoreError, FieldError, Problem, Result, Saved, Warning};
use crate::people;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, ToSql};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use ts_rs::TS;

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

// ---------------------------------------------------------------------------------------------
// Reading

/// A class as the timetable needs it.
#[derive(Debug, Clone)]
pub struct ClassInfo {
    pub id: i64,
    pub grade: i32,
    pub label: String,
    pub home_room_id: Option<i64>,
    /// The bell schedule's name; None when the class has none.
    pub schedule: Option<String>,
    /// (lesson number, starts, ends) of the class's bell schedule.
    pub bells: Vec<(i32, String, String)>,
}

impl ClassInfo {
    fn has_lesson(&self, n: i32) -> bool {
        self.bells.iter().any(|b| b.0 == n)
    }
}

/// A load line as the timetable needs it.
#[derive(Debug, Clone)]
pub struct LoadInfo {
    pub id: i64,
    pub staff_member_id: i64,
    pub teacher: String,
    pub subgroup_id: Option<i64>,
    pub split_id: Option<i64>,
    pub subgroup_name: String,
    pub subject_id: Option<i64>,
    pub part: CurriculumPart,
    pub label: String,
    pub class_ids: Vec<i64>,
    pub hours_first: f64,
    pub hours_second: f64,
}

impl LoadInfo {
    /// Lessons a week the line needs in a half-year: its hours rounded up (0.5 h is a lesson
    /// every other week, placed as one).
    pub fn needed(&self, half: Half) -> i32 {
        let h = match half {
            Half::First => self.hours_first,
            Half::Second => self.hours_second,
        };
        h.ceil() as i32
    }
}

/// The classes of a year in class order, with their bells.
pub(crate) fn read_classes(conn: &Connection, year_id: i64) -> Result<Vec<ClassInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.grade, c.letter, c.room_id, s.name, b.lesson_number, b.starts_at, b.ends_at
           FROM class c
           LEFT JOIN bell_schedule s ON s.id = c.bell_schedule_id
           LEFT JOIN bell b ON b.bell_schedule_id = s.id
          WHERE c.academic_year_id = ?1
          ORDER BY c.grade, c.letter_key COLLATE RU, c.id, b.lesson_number",
    )?;
    let mut out: Vec<ClassInfo> = Vec::new();
    let mut rows = stmt.query([year_id])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if out.last().is_none_or(|c| c.id != id) {
            let grade: i32 = r.get(1)?;
            out.push(ClassInfo {
                id,
                grade,
                label: crate::classes::label(grade, &r.get::<_, String>(2)?),
                home_room_id: r.get(3)?,
                schedule: r.get(4)?,
                bells: Vec::new(),
            });
        }
        if let Some(n) = r.get::<_, Option<i32>>(5)? {
            let last = out.last_mut().expect("pushed above");
            last.bells.push((n, r.get(6)?, r.get(7)?));
        }
    }
    Ok(out)
}

const LOAD_SELECT: &str = "SELECT t.id, t.academic_year_id, t.staff_member_id,
        m.last_name, m.first_name, m.patronymic, t.subgroup_id, g.split_id, coalesce(g.name, ''),
        min(l.subject_id), min(l.part), coalesce(min(s.name), min(l.course)),
        group_concat(c.class_id), t.hours_first, t.hours_second
   FROM teaching_load t
   JOIN staff_member m ON m.id = t.staff_member_id
   LEFT JOIN subgroup g ON g.id = t.subgroup_id
   JOIN teaching_load_line tl ON tl.teaching_load_id = t.id
   JOIN curriculum_line l ON l.id = tl.curriculum_line_id
   JOIN curriculum c ON c.id = l.curriculum_id
   LEFT JOIN subject s ON s.id = l.subject_id";

/// Load lines matching `cond` (a WHERE clause on `t`), with their classes in class order.
fn read_loads(
    conn: &Connection,
    cond: &str,
    args: &[&dyn ToSql],
    order: &HashMap<i64, usize>,
) -> Result<HashMap<i64, LoadInfo>> {
    let sql = format!("{LOAD_SELECT} WHERE {cond} GROUP BY t.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(args, |r| {
        let (last, first, patronymic): (String, String, String) = (r.get(3)?, r.get(4)?, r.get(5)?);
        let ids: String = r.get(12)?;
        let mut class_ids: Vec<i64> = ids.split(',').filter_map(|s| s.parse().ok()).collect();
        class_ids.sort_by_key(|id| order.get(id).copied().unwrap_or(usize::MAX));
        class_ids.dedup();
        Ok(LoadInfo {
            id: r.get(0)?,
            staff_member_id: r.get(2)?,
            teacher: people::short_name(&last, &first, &patronymic),
            subgroup_id: r.get(6)?,
            split_id: r.get(7)?,
            subgroup_name: r.get(8)?,
            subject_id: r.get(9)?,
            part: CurriculumPart::from_code(&r.get::<_, String>(10)?),
            label: r.get(11)?,
            class_ids,
            hours_first: r.get(13)?,
            hours_second: r.get(14)?,
        })
    })?;
    let mut map = HashMap::new();
    for row in rows {
        let l = row?;
        map.insert(l.id, l);
    }
    Ok(map)
}

/// A stored entry before it is joined with its load line.
struct EntryRow {
    id: i64,
    day: i32,
    lesson_number: i32,
    load_id: i64,
    room_id: Option<i64>,
    room: String,
    in_first: bool,
    in_second: bool,
}

const ENTRY_SELECT: &str = "SELECT e.id, e.day, e.lesson_number, e.teaching_load_id, e.room_id,
        coalesce(r.number, ''), e.in_first, e.in_second
   FROM timetable_entry e LEFT JOIN room r ON r.id = e.room_id";

fn read_entries(conn: &Connection, cond: &str, args: &[&dyn ToSql]) -> Result<Vec<EntryRow>> {
    let sql = format!("{ENTRY_SELECT} WHERE {cond} ORDER BY e.day, e.lesson_number, e.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(args, |r| {
            Ok(EntryRow {
                id: r.get(0)?,
                day: r.get(1)?,
                lesson_number: r.get(2)?,
                load_id: r.get(3)?,
                room_id: r.get(4)?,
                room: r.get(5)?,
                in_first: r.get(6)?,
                in_second: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The label of classes in class order: «10 А, 10 Б».
fn classes_label(ids: &[i64], classes: &HashMap<i64, usize>, list: &[ClassInfo]) -> String {
    ids.iter()
        .filter_map(|id| classes.get(id).map(|&i| list[i].label.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn lesson_of(e: EntryRow, l: &LoadInfo, label: String) -> Lesson {
    Lesson {
        id: e.id,
        day: e.day,
        lesson_number: e.lesson_number,
        teaching_load_id: l.id,
        staff_member_id: l.staff_member_id,
        teacher: l.teacher.clone(),
        subject_id: l.subject_id,
        label: l.label.clone(),
        part: l.part,
        class_ids: l.class_ids.clone(),
        classes_label: label,
        subgroup_id: l.subgroup_id,
        split_id: l.split_id,
        subgroup_name: l.subgroup_name.clone(),
        room_id: e.room_id,
        room: e.room,
        in_first: e.in_first,
        in_second: e.in_second,
    }
}

fn read_rooms(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, number FROM room")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn week_days(conn: &Connection) -> Result<i32> {
    let days: Option<i32> = conn
        .query_row("SELECT week_days FROM school WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(days.unwrap_or(5))
}

/// The staff who work at the school on `on`.
fn current_staff(conn: &Connection, on: NaiveDate) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT staff_member_id FROM appointment WHERE left_on IS NULL OR left_on >= ?1",
    )?;
    let ids = stmt
        .query_map([on], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn is_current(conn: &Connection, staff_member_id: i64, on: NaiveDate) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM appointment WHERE staff_member_id = ?1
                             AND (left_on IS NULL OR left_on >= ?2))",
        )?
        .query_row(params![staff_member_id, on], |r| r.get(0))?)
}

/// The week of a year in memory: every lesson with its load line and classes. What the
/// school-wide check, the views and the in-memory edit check work on.
#[derive(Debug, Clone)]
pub struct Week {
    pub(crate) academic_year_id: i64,
    pub(crate) week_days: i32,
    pub(crate) classes: Vec<ClassInfo>,
    pub(crate) class_index: HashMap<i64, usize>,
    pub(crate) loads: HashMap<i64, LoadInfo>,
    pub lessons: Vec<Lesson>,
    /// Room numbers by id.
    pub(crate) rooms: HashMap<i64, String>,
    pub(crate) limits: HashMap<i32, DailyLimit>,
    pub(crate) difficulty: Vec<SubjectDifficulty>,
    /// Lesson indexes by (day, lesson number).
    slots: HashMap<(i32, i32), Vec<usize>>,
}

impl Week {
    /// Reads the year's timetable in three queries.
    pub fn read(db: &Db, academic_year_id: i64) -> Result<Week> {
        db.read(|conn| Week::read_in(conn, academic_year_id))
    }

    pub(crate) fn read_in(conn: &Connection, academic_year_id: i64) -> Result<Week> {
        let classes = read_classes(conn, academic_year_id)?;
        let class_index: HashMap<i64, usize> =
            classes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let loads = read_loads(
            conn,
            "t.academic_year_id = ?1",
            &[&academic_year_id],
            &class_index,
        )?;
        let entries = read_entries(conn, "e.academic_year_id = ?1", &[&academic_year_id])?;
        let mut week = Week {
            academic_year_id,
            week_days: week_days(conn)?,
            classes,
            class_index,
            loads,
            lessons: Vec::with_capacity(entries.len()),
            rooms: read_rooms(conn)?,
            limits: sanitary::read_limits(conn)?,
            difficulty: sanitary::read_difficulty(conn)?,
            slots: HashMap::new(),
        };
        for e in entries {
            if let Some(l) = week.loads.get(&e.load_id) {
                let label = classes_label(&l.class_ids, &week.class_index, &week.classes);
                let lesson = lesson_of(e, l, label);
                week.push(lesson);
            }
        }
        Ok(week)
    }

    pub(crate) fn push(&mut self, lesson: Lesson) {
        self.slots
            .entry((lesson.day, lesson.lesson_number))
            .or_default()
            .push(self.lessons.len());
        self.lessons.push(lesson);
    }

    /// The lessons at one day and lesson number.
    pub fn at(&self, day: i32, lesson_number: i32) -> impl Iterator<Item = &Lesson> {
        self.slots
            .get(&(day, lesson_number))
            .into_iter()
            .flatten()
            .map(|&i| &self.lessons[i])
    }

    /// The lessons of `lesson`'s day whose bell times overlap its own (itself included).
    pub(crate) fn running_with<'a>(
        &'a self,
        lesson: &'a Lesson,
    ) -> impl Iterator<Item = &'a Lesson> {
        self.lessons
            .iter()
            .filter(move |o| check::at_once(lesson, o, self))
    }

    /// Lesson indexes of each day, by lesson number (the order of the slots).
    pub(crate) fn days(&self) -> BTreeMap<i32, Vec<usize>> {
        let mut slots: Vec<(&(i32, i32), &Vec<usize>)> = self.slots.iter().collect();
        slots.sort();
        let mut out: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for ((day, _), idx) in slots {
            out.entry(*day).or_default().extend(idx);
        }
        out
    }

    pub(crate) fn class(&self, id: i64) -> Option<&ClassInfo> {
        self.class_index.get(&id).map(|&i| &self.classes[i])
    }

    /// The lesson `input` would make, without its id's old place; None for an unknown load line.
    pub fn candidate(&self, input: &LessonInput) -> Option<Lesson> {
        let l = self.loads.get(&input.teaching_load_id)?;
        let room = input
            .room_id
            .and_then(|r| self.rooms.get(&r).cloned())
            .unwrap_or_default();
        Some(candidate_lesson(input, l, self, room))
    }

    /// The conflicts of putting `lesson` where it says, against the lessons of its day in
    /// memory (its own old place, the same id, left out): times, not lesson numbers, decide
    /// what runs at once. No query: microseconds.
    pub fn conflicts_of(&self, lesson: &Lesson, current: &HashSet<i64>) -> Vec<TimetableIssue> {
        let others: Vec<&Lesson> = self
            .lessons
            .iter()
            .filter(|l| l.day == lesson.day)
            .collect();
        check::edit_conflicts(
            lesson,
            &others,
            self,
            current.contains(&lesson.staff_member_id),
        )
    }
}

/// The lesson an input makes from its load line.
fn candidate_lesson(input: &LessonInput, l: &LoadInfo, week: &Week, room: String) -> Lesson {
    let label = classes_label(&l.class_ids, &week.class_index, &week.classes);
    lesson_of(
        EntryRow {
            id: input.id.unwrap_or(0),
            day: input.day,
            lesson_number: input.lesson_number,
            load_id: l.id,
            room_id: input.room_id,
            room,
            in_first: input.in_first,
            in_second: input.in_second,
        },
        l,
        label,
    )
}

// ---------------------------------------------------------------------------------------------
// Checking and saving one lesson

/// What one edit would run into.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EditCheck {
    /// Empty: the edit can be saved.
    pub conflicts: Vec<TimetableIssue>,
}

fn check_input(input: &LessonInput) -> Result<()> {
    let mut check = Check::new();
    if !(1..=6).contains(&input.day) {
        check.add("day", Problem::NotInRange { min: 1, max: 6 });
    }
    if !(0..=12).contains(&input.lesson_number) {
        check.add("lesson_number", Problem::NotInRange { min: 0, max: 12 });
    }
    if !input.in_first && !input.in_second {
        check.add("in_first", Problem::Required);
    }
    check.finish()
}

/// The day of an edit read from the file: the candidate lesson and what else runs that day.
struct SlotRead {
    candidate: Lesson,
    others: Vec<Lesson>,
    week: Week,
    teacher_current: bool,
}

/// Reads only what one edit needs: the classes, the load line and the lessons of the day
/// (through the `timetable_entry_slot` index), since classes on other bell schedules may run
/// at once under other lesson numbers.
fn read_slot(conn: &Connection, input: &LessonInput, on: NaiveDate) -> Result<SlotRead> {
    check_input(input)?;
    let year_id: i64 = conn
        .prepare_cached("SELECT academic_year_id FROM teaching_load WHERE id = ?1")?
        .query_row([input.teaching_load_id], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound { what: LOAD_LINE })?;
    if let Some(id) = input.id {
        let found: Option<i64> = conn
            .prepare_cached("SELECT academic_year_id FROM timetable_entry WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        match found {
            None => return Err(CoreError::NotFound { what: LESSON }),
            Some(y) if y != year_id => {
                return Err(CoreError::refused("teaching_load_id", Problem::OtherYear))
            }
            Some(_) => {}
        }
    }
    let room = match input.room_id {
        None => String::new(),
        Some(r) => conn
            .prepare_cached("SELECT number FROM room WHERE id = ?1")?
            .query_row([r], |r| r.get(0))
            .optional()?
            .ok_or(CoreError::NotFound { what: ROOM })?,
    };
    let classes = read_classes(conn, year_id)?;
    let class_index: HashMap<i64, usize> =
        classes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let day = "academic_year_id = ?1 AND day = ?2";
    let loads = read_loads(
        conn,
        &format!("t.id = ?3 OR t.id IN (SELECT teaching_load_id FROM timetable_entry WHERE {day})"),
        &[&year_id, &input.day, &input.teaching_load_id],
        &class_index,
    )?;
    let entries = read_entries(
        conn,
        "e.academic_year_id = ?1 AND e.day = ?2",
        &[&year_id, &input.day],
    )?;
    let week = Week {
        academic_year_id: year_id,
        week_days: week_days(conn)?,
        classes,
        class_index,
        loads,
        lessons: Vec::new(),
        rooms: HashMap::new(),
        limits: HashMap::new(),
        difficulty: Vec::new(),
        slots: HashMap::new(),
    };
    let l = &week.loads[&input.teaching_load_id];
    let candidate = candidate_lesson(input, l, &week, room);
    let others = entries
        .into_iter()
        .filter(|e| Some(e.id) != input.id)
        .filter_map(|e| {
            let l = week.loads.get(&e.load_id)?;
            let label = classes_label(&l.class_ids, &week.class_index, &week.classes);
            Some(lesson_of(e, l, label))
        })
        .collect();
    let teacher_current = is_current(conn, candidate.staff_member_id, on)?;
    Ok(SlotRead {
        candidate,
        others,
        week,
        teacher_current,
    })
}

impl SlotRead {
    fn conflicts(&self) -> Vec<TimetableIssue> {
        let others: Vec<&Lesson> = self.others.iter().collect();
        check::edit_conflicts(&self.candidate, &others, &self.week, self.teacher_current)
    }
}

/// What placing or moving a lesson would run into, without saving: a few indexed queries of
/// the one day (the save runs the same). `on` is the day staff are counted as working on.
pub fn check_edit(db: &Db, input: &LessonInput, on: NaiveDate) -> Result<EditCheck> {
    db.read(|conn| {
        Ok(EditCheck {
            conflicts: read_slot(conn, input, on)?.conflicts(),
        })
    })
}

pub(crate) fn write_entry(conn: &Connection, input: &LessonInput, year_id: i64) -> Result<i64> {
    match input.id {
        None => {
            conn.execute(
                "INSERT INTO timetable_entry (academic_year_id, day, lesson_number,
                        teaching_load_id, room_id, in_first, in_second)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    year_id,
                    input.day,
                    input.lesson_number,
                    input.teaching_load_id,
                    input.room_id,
                    input.in_first,
                    input.in_second
                ],
            )?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            conn.execute(
                "UPDATE timetable_entry SET day = ?2, lesson_number = ?3, teaching_load_id = ?4,
                        room_id = ?5, in_first = ?6, in_second = ?7 WHERE id = ?1",
                params![
                    id,
                    input.day,
                    input.lesson_number,
                    input.teaching_load_id,
                    input.room_id,
                    input.in_first,
                    input.in_second
                ],
            )?;
            Ok(id)
        }
    }
}

/// The warnings of the week that an edit of `lesson` concerns: its classes' days, its
/// teacher's gaps, its load line's hours.
fn warnings_about(week: &Week, lesson: &Lesson) -> Vec<Warning> {
    check::warnings(week)
        .into_iter()
        .filter(|w| match w.code.as_str() {
            // Hours of other lines are the panel's business, not this edit's.
            "placed_differs_from_load" => w.teaching_load_id == Some(lesson.teaching_load_id),
            "teacher_gaps" => w.staff_member_id == Some(lesson.staff_member_id),
            _ => w.class_ids.iter().any(|c| lesson.class_ids.contains(c)),
        })
        .map(|w| FieldError {
            field: "lesson".into(),
            code: w.code,
            message: w.message,
        })
        .collect()
}

/// Writes one lesson after its checks, in one transaction. Used by [`save`] and by the demo.
pub(crate) fn save_in(conn: &Connection, input: &LessonInput, on: NaiveDate) -> Result<i64> {
    let slot = read_slot(conn, input, on)?;
    if let Some(first) = slot.conflicts().into_iter().next() {
        return Err(CoreError::Refused(FieldError {
            field: "lesson".into(),
            code: first.code,
            message: first.message,
        }));
    }
    write_entry(conn, input, slot.week.academic_year_id)
}

/// Places a lesson (no id) or moves one (an id): refuses a conflict with the first one found,
/// naming who and where; returns the lesson with the warnings it brings (the day's maximum,
/// the difficulty, gaps…). `on` is the day staff are counted as working on.
pub fn save(db: &Db, input: &LessonInput, on: NaiveDate) -> Result<Saved<Lesson>> {
    db.write(|conn| {
        let id = save_in(conn, input, on)?;
        let year_id: i64 = conn.query_row(
            "SELECT academic_year_id FROM timetable_entry WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let week = Week::read_in(conn, year_id)?;
        let lesson = week
            .lessons
            .iter()
            .find(|l| l.id == id)
            .cloned()
            .ok_or(CoreError::NotFound { what: LESSON })?;
        let warnings = warnings_about(&week, &lesson);
        Ok(Saved {
            value: lesson,
            warnings,
        })
    })
}

/// Places a new lesson: [`save`] of an input without id.
pub fn place(db: &Db, input: &LessonInput, on: NaiveDate) -> Result<Saved<Lesson>> {
    save(
        db,
        &LessonInput {
            id: None,
            ..input.clone()
        },
        on,
    )
}

/// Moves lesson `id` to another day and lesson number (and room), keeping its half-years.
pub fn move_lesson(
    db: &Db,
    id: i64,
    day: i32,
    lesson_number: i32,
    room_id: Option<i64>,
    on: NaiveDate,
) -> Result<Saved<Lesson>> {
    let (load_id, in_first, in_second): (i64, bool, bool) = db
        .conn()
        .query_row(
            "SELECT teaching_load_id, in_first, in_second FROM timetable_entry WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(CoreError::NotFound { what: LESSON })?;
    let input = LessonInput {
        id: Some(id),
        teaching_load_id: load_id,
        day,
        lesson_number,
        room_id,
        in_first,
        in_second,
    };
    save(db, &input, on)
}

/// Removes a lesson (and its substitutions).
pub fn remove(db: &Db, id: i64) -> Result<()> {
    db.write(|conn| {
        let n = conn.execute("DELETE FROM timetable_entry WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(CoreError::NotFound { what: LESSON });
        }
        Ok(())
    })
}

/// Removes every lesson of a year (to start the timetable anew), in one transaction.
pub fn clear(db: &Db, academic_year_id: i64) -> Result<usize> {
    db.write(|conn| {
        Ok(conn.execute(
            "DELETE FROM timetable_entry WHERE academic_year_id = ?1",
            [academic_year_id],
        )?)
    })
}

// ---------------------------------------------------------------------------------------------
// The school-wide check

/// Every conflict and warning of the year's timetable, with the lessons placed and required.
/// `on` is the day staff are counted as working on.
pub fn check(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<TimetableCheck> {
    db.read(|conn| {
        let week = Week::read_in(conn, academic_year_id)?;
        let current = current_staff(conn, on)?;
        Ok(check::school(&week, &current))
    })
}

/// A day and lesson number a lesson could go to, with what it would run into there.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SlotOption {
    pub day: i32,
    pub lesson_number: i32,
    /// Empty: the lesson can go there.
    pub conflicts: Vec<TimetableIssue>,
}

/// Every day × lesson number of the classes' bells where a lesson of `teaching_load_id` could
/// go (or lesson `moving` could move), each with its conflicts: what a screen highlights while
/// a lesson is dragged. One read of the week, then the in-memory check per place.
pub fn slot_options(
    db: &Db,
    teaching_load_id: i64,
    moving: Option<i64>,
    on: NaiveDate,
) -> Result<Vec<SlotOption>> {
    let year_id: i64 = db
        .conn()
        .query_row(
            "SELECT academic_year_id FROM teaching_load WHERE id = ?1",
            [teaching_load_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::NotFound { what: LOAD_LINE })?;
    let week = Week::read(db, year_id)?;
    let staff = current_staff(db.conn(), on)?;
    let old = moving.and_then(|id| week.lessons.iter().find(|l| l.id == id));
    let load = &week.loads[&teaching_load_id];
    let numbers: BTreeSet<i32> = load
        .class_ids
        .iter()
        .filter_map(|c| week.class(*c))
        .flat_map(|c| c.bells.iter().map(|b| b.0))
        .collect();
    let mut out = Vec::new();
    for day in 1..=week.week_days {
        for &lesson_number in &numbers {
            let input = LessonInput {
                id: moving,
                teaching_load_id,
                day,
                lesson_number,
                room_id: old.and_then(|l| l.room_id),
                in_first: old.is_none_or(|l| l.in_first),
                in_second: old.is_none_or(|l| l.in_second),
            };
            let lesson = week
                .candidate(&input)
                .ok_or(CoreError::NotFound { what: LOAD_LINE })?;
            out.push(SlotOption {
                day,
                lesson_number,
                conflicts: week.conflicts_of(&lesson, &staff),
            });
        }
    }
    Ok(out)
}

/// The staff working on `on`, for [`Week::conflicts_of`].
pub fn working_staff(db: &Db, on: NaiveDate) -> Result<HashSet<i64>> {
    current_staff(db.conn(), on)
}

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
