//! Reading a year's timetable: its classes with their bells, the load lines a lesson places,
//! the lessons already placed ([`Week`]), the rooms, and which staff work at the school on a day.

use super::check;
use super::{sanitary, DailyLimit, Half, Lesson, LessonInput, SubjectDifficulty, TimetableIssue};
use crate::curriculum::CurriculumPart;
use crate::db::Db;
use crate::error::Result;
use crate::people;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, ToSql};
use std::collections::{BTreeMap, HashMap, HashSet};

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
    pub(crate) fn has_lesson(&self, n: i32) -> bool {
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
pub(super) fn read_classes(conn: &Connection, year_id: i64) -> Result<Vec<ClassInfo>> {
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
pub(super) fn read_loads(
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
pub(super) struct EntryRow {
    pub(super) id: i64,
    pub(super) day: i32,
    pub(super) lesson_number: i32,
    pub(super) load_id: i64,
    pub(super) room_id: Option<i64>,
    pub(super) room: String,
    pub(super) in_first: bool,
    pub(super) in_second: bool,
    pub(super) locked: bool,
}

const ENTRY_SELECT: &str = "SELECT e.id, e.day, e.lesson_number, e.teaching_load_id, e.room_id,
        coalesce(r.number, ''), e.in_first, e.in_second, e.locked
   FROM timetable_entry e LEFT JOIN room r ON r.id = e.room_id";

pub(super) fn read_entries(
    conn: &Connection,
    cond: &str,
    args: &[&dyn ToSql],
) -> Result<Vec<EntryRow>> {
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
                locked: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The label of classes in class order: «10 А, 10 Б».
pub(super) fn classes_label(
    ids: &[i64],
    classes: &HashMap<i64, usize>,
    list: &[ClassInfo],
) -> String {
    ids.iter()
        .filter_map(|id| classes.get(id).map(|&i| list[i].label.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn lesson_of(e: EntryRow, l: &LoadInfo, label: String) -> Lesson {
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
        locked: e.locked,
    }
}

fn read_rooms(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, number FROM room")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn week_days(conn: &Connection) -> Result<i32> {
    let days: Option<i32> = conn
        .query_row("SELECT week_days FROM school WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(days.unwrap_or(5))
}

/// The staff who work at the school on `on`.
pub(super) fn current_staff(conn: &Connection, on: NaiveDate) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT staff_member_id FROM appointment WHERE left_on IS NULL OR left_on >= ?1",
    )?;
    let ids = stmt
        .query_map([on], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub(super) fn is_current(conn: &Connection, staff_member_id: i64, on: NaiveDate) -> Result<bool> {
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
    pub(super) slots: HashMap<(i32, i32), Vec<usize>>,
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
pub(super) fn candidate_lesson(
    input: &LessonInput,
    l: &LoadInfo,
    week: &Week,
    room: String,
) -> Lesson {
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
            // A lesson being placed or moved is checked, not generated: its lock does not matter.
            locked: false,
        },
        l,
        label,
    )
}
