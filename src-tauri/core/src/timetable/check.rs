//! The rules of the timetable: what is refused (conflicts) and what is warned about. One set of
//! functions serves the check of one edit and the school-wide check.

use super::read::classes_label;
use super::sanitary::{self, is_physical_education};
use super::{day_at, day_name, when, Half, Lesson, LoadInfo, Week};
use crate::curriculum::CurriculumPart;
use crate::error::Problem;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use ts_rs::TS;

/// A conflict or a warning of the timetable, with where it is so that a screen can mark it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TimetableIssue {
    /// The stable code of the problem (`teacher_busy`, `above_daily_limit`…).
    pub code: String,
    /// The Russian text.
    pub message: String,
    pub day: Option<i32>,
    pub lesson_number: Option<i32>,
    #[ts(type = "number[]")]
    pub class_ids: Vec<i64>,
    #[ts(type = "number | null")]
    pub staff_member_id: Option<i64>,
    #[ts(type = "number | null")]
    pub teaching_load_id: Option<i64>,
    /// The lessons concerned.
    #[ts(type = "number[]")]
    pub entry_ids: Vec<i64>,
}

impl TimetableIssue {
    fn new(problem: Problem) -> Self {
        TimetableIssue {
            code: problem.code().to_string(),
            message: problem.to_string(),
            day: None,
            lesson_number: None,
            class_ids: Vec::new(),
            staff_member_id: None,
            teaching_load_id: None,
            entry_ids: Vec::new(),
        }
    }

    fn at(mut self, day: i32, lesson_number: Option<i32>) -> Self {
        self.day = Some(day);
        self.lesson_number = lesson_number;
        self
    }

    fn classes(mut self, ids: &[i64]) -> Self {
        self.class_ids = ids.to_vec();
        self
    }

    fn teacher(mut self, id: i64) -> Self {
        self.staff_member_id = Some(id);
        self
    }

    fn load(mut self, id: i64) -> Self {
        self.teaching_load_id = Some(id);
        self
    }

    fn entries(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.entry_ids = ids.into_iter().filter(|&id| id != 0).collect();
        self
    }

    /// The issue of one lesson: its place, classes, teacher and load line.
    fn of(problem: Problem, l: &Lesson) -> Self {
        TimetableIssue::new(problem)
            .at(l.day, Some(l.lesson_number))
            .classes(&l.class_ids)
            .teacher(l.staff_member_id)
            .load(l.teaching_load_id)
            .entries([l.id])
    }
}

/// A teacher's gaps («окна») a week.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeacherGapCount {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    pub teacher: String,
    /// Free lessons between a day's first and last lesson, summed over the week (first
    /// half-year; `gaps_second` the second).
    pub gaps: i32,
    pub gaps_second: i32,
}

/// The school-wide check: `timetable check --json` prints it (the keys `placed`, `required`,
/// `conflicts`, `warnings` are kept as they are).
///
/// Every load line is counted the same way ([`Tally`]), and so are the «Осталось поставить»
/// lines of [`super::to_place`]: the curriculum's lines (obligatory and elective parts) make
/// `placed` of `required`; extracurricular courses, placed in the timetable by choice, are
/// counted apart (`extracurricular_placed` of `extracurricular_required`), never in `required`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TimetableCheck {
    /// Lessons a week of the curriculum's lines placed of those required (the larger half-year
    /// of each line; lessons placed beyond a line's hours are not counted).
    pub placed: i32,
    pub required: i32,
    pub placed_first: i32,
    pub required_first: i32,
    pub placed_second: i32,
    pub required_second: i32,
    /// Lessons a week of extracurricular courses placed of their hours, counted as above.
    pub extracurricular_placed: i32,
    pub extracurricular_required: i32,
    /// What the timetable must not have: a save refuses these; they can be left from before
    /// (a teacher who left since, a bell schedule shortened).
    pub conflicts: Vec<TimetableIssue>,
    pub warnings: Vec<TimetableIssue>,
    pub teacher_gaps: Vec<TeacherGapCount>,
}

impl TimetableCheck {
    /// Every lesson of the curriculum's lines placed and no conflict (extracurricular courses
    /// are placed by choice).
    pub fn is_complete(&self) -> bool {
        self.placed == self.required && self.conflicts.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Conflicts

/// Two lessons of one split's different subgroups: they run at once by design.
fn parallel_subgroups(a: &Lesson, b: &Lesson) -> bool {
    matches!((a.split_id, b.split_id), (Some(x), Some(y)) if x == y)
        && a.subgroup_id != b.subgroup_id
}

/// When a lesson runs by its classes' bells: the earliest start and the latest end of its
/// lesson number ("08:30" texts, padded by the bell schedules, so they compare as times). None
/// when no class of it has that number (a lesson refused by itself anyway).
fn span<'a>(l: &Lesson, week: &'a Week) -> Option<(&'a str, &'a str)> {
    l.class_ids
        .iter()
        .filter_map(|id| week.class(*id))
        .flat_map(|c| c.bells.iter().filter(|b| b.0 == l.lesson_number))
        .map(|(_, s, e)| (s.as_str(), e.as_str()))
        .reduce(|(s1, e1), (s2, e2)| (s1.min(s2), e1.max(e2)))
}

/// Both run at once on one day: their times [start, end) overlap; classes on different bell
/// schedules may overlap under different lesson numbers. Without times, the same number.
pub(crate) fn at_once(c: &Lesson, o: &Lesson, week: &Week) -> bool {
    if c.day != o.day {
        return false;
    }
    match (span(c, week), span(o, week)) {
        (Some((s1, e1)), Some((s2, e2))) => s1 < e2 && s2 < e1,
        _ => c.lesson_number == o.lesson_number,
    }
}

/// Why `c` cannot run together with `o` (a common half-year): the teacher or the room is taken
/// at overlapping times, or a class has two lessons at one number. Named after `o`, the lesson
/// already there, at its own day and lesson number.
pub(crate) fn conflict(c: &Lesson, o: &Lesson, week: &Week) -> Option<Problem> {
    if !c.meets(o) || !at_once(c, o, week) {
        return None;
    }
    let when = when(o.day, o.lesson_number);
    if c.staff_member_id == o.staff_member_id {
        return Some(Problem::TeacherBusy {
            teacher: c.teacher.clone(),
            class: o.classes_label.clone(),
            when,
        });
    }
    if c.room_id.is_some() && c.room_id == o.room_id {
        return Some(Problem::RoomBusy {
            room: o.room.clone(),
            class: o.classes_label.clone(),
            when,
        });
    }
    let shared: Vec<i64> = c
        .class_ids
        .iter()
        .filter(|id| o.class_ids.contains(id))
        .copied()
        .collect();
    // A class keeps to its one bell schedule: its lessons collide at the same number only.
    let same_number = c.lesson_number == o.lesson_number;
    if same_number && !shared.is_empty() && !parallel_subgroups(c, o) {
        return Some(Problem::ClassBusy {
            class: classes_label(&shared, &week.class_index, &week.classes),
            subject: o.label.clone(),
            when,
        });
    }
    None
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What is wrong with a lesson by itself: a day outside the school's week, a lesson number
/// outside a class's bells, a teacher who has left.
fn lesson_problems(c: &Lesson, week: &Week, teacher_current: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    if c.day > week.week_days {
        out.push(Problem::DayOutsideWeek {
            day: capitalized(day_name(c.day)),
            week_days: week.week_days,
        });
    }
    for class in c.class_ids.iter().filter_map(|id| week.class(*id)) {
        match &class.schedule {
            None => out.push(Problem::ClassWithoutBells {
                class: class.label.clone(),
            }),
            Some(name) if !class.has_lesson(c.lesson_number) => {
                out.push(Problem::NoSuchLessonNumber {
                    class: class.label.clone(),
                    lesson: c.lesson_number,
                    schedule: name.clone(),
                })
            }
            Some(_) => {}
        }
    }
    if !teacher_current {
        out.push(Problem::LessonTeacherLeft {
            name: c.teacher.clone(),
        });
    }
    out
}

/// The conflicts of putting `c` where it says, against `others` of that day (`c`'s own old
/// place, the same id, is skipped).
pub(crate) fn edit_conflicts(
    c: &Lesson,
    others: &[&Lesson],
    week: &Week,
    teacher_current: bool,
) -> Vec<TimetableIssue> {
    let mut out: Vec<TimetableIssue> = lesson_problems(c, week, teacher_current)
        .into_iter()
        .map(|p| TimetableIssue::of(p, c))
        .collect();
    for o in others.iter().filter(|o| c.id == 0 || o.id != c.id) {
        if let Some(p) = conflict(c, o, week) {
            out.push(TimetableIssue::of(p, c).entries([c.id, o.id]));
        }
    }
    out
}

/// Every conflict of the week: each lesson by itself (a teacher who left once per load line),
/// and each pair of lessons of one day once (the earlier lesson number named as the other).
fn school_conflicts(week: &Week, current: &HashSet<i64>) -> Vec<TimetableIssue> {
    let mut out = Vec::new();
    let mut left: BTreeMap<i64, Vec<&Lesson>> = BTreeMap::new();
    for l in &week.lessons {
        let on_staff = current.contains(&l.staff_member_id);
        if !on_staff {
            left.entry(l.teaching_load_id).or_default().push(l);
        }
        for p in lesson_problems(l, week, true) {
            out.push(TimetableIssue::of(p, l));
        }
    }
    for lessons in left.values() {
        let first = lessons[0];
        let p = Problem::LessonTeacherLeft {
            name: first.teacher.clone(),
        };
        out.push(
            TimetableIssue::new(p)
                .classes(&first.class_ids)
                .teacher(first.staff_member_id)
                .load(first.teaching_load_id)
                .entries(lessons.iter().map(|l| l.id)),
        );
    }
    for idx in week.days().values() {
        for (i, &a) in idx.iter().enumerate() {
            for &b in &idx[i + 1..] {
                let (a, b) = (&week.lessons[a], &week.lessons[b]);
                if let Some(p) = conflict(b, a, week) {
                    out.push(TimetableIssue::of(p, b).entries([a.id, b.id]));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Warnings

/// The lessons of each class running in `half`, by day and lesson number (extracurricular
/// courses left out: they are not lessons of the day's maximum or of its difficulty).
type ClassDays<'a> = BTreeMap<i64, BTreeMap<i32, BTreeMap<i32, Vec<&'a Lesson>>>>;

fn class_days(week: &Week, half: Half) -> ClassDays<'_> {
    let mut out: ClassDays = BTreeMap::new();
    for l in week
        .lessons
        .iter()
        .filter(|l| l.runs_in(half) && l.is_lesson())
    {
        for c in &l.class_ids {
            out.entry(*c)
                .or_default()
                .entry(l.day)
                .or_default()
                .entry(l.lesson_number)
                .or_default()
                .push(l);
        }
    }
    out
}

/// More lessons a day than the grade's maximum; a longer day with physical education counts
/// against the grade's exception (at most `pe_days` such days a week).
fn daily_limit(week: &Week, days: &ClassDays) -> Vec<TimetableIssue> {
    let mut out = Vec::new();
    for (class_id, by_day) in days {
        let Some(class) = week.class(*class_id) else {
            continue;
        };
        let Some(limit) = week.limits.get(&class.grade) else {
            continue;
        };
        let mut exceptions_used = 0;
        for (day, lessons) in by_day {
            let count = lessons.len() as i32;
            if count <= limit.max_lessons {
                continue;
            }
            let has_pe = lessons
                .values()
                .flatten()
                .any(|l| is_physical_education(&l.label));
            let allowed = limit.max_with_pe.is_some_and(|m| count <= m)
                && has_pe
                && exceptions_used < limit.pe_days;
            if allowed {
                exceptions_used += 1;
                continue;
            }
            let source = if limit.exception.is_empty() {
                limit.source.clone()
            } else {
                format!("{}; {}", limit.source, limit.exception)
            };
            let p = Problem::AboveDailyLimit {
                class: class.label.clone(),
                day_at: day_at(*day).to_string(),
                lessons: count,
                max: limit.max_lessons,
                source,
            };
            let ids = lessons.values().flatten().map(|l| l.id);
            out.push(
                TimetableIssue::new(p)
                    .at(*day, None)
                    .classes(&[*class_id])
                    .entries(ids),
            );
        }
    }
    out
}

/// The day's difficulty total should peak on Tuesday and/or Wednesday: warned when another
/// day is harder than both (a class with lessons on fewer than three days is not judged).
fn difficulty_peak(week: &Week, days: &ClassDays) -> Vec<TimetableIssue> {
    let mut cache: HashMap<(&str, i32), i32> = HashMap::new();
    let mut out = Vec::new();
    for (class_id, by_day) in days {
        let Some(class) = week.class(*class_id) else {
            continue;
        };
        if by_day.len() < 3 {
            continue;
        }
        let mut totals: BTreeMap<i32, i32> = BTreeMap::new();
        for (day, lessons) in by_day {
            let total = lessons
                .values()
                .map(|parallel| {
                    parallel
                        .iter()
                        .map(|l| {
                            *cache
                                .entry((l.label.as_str(), class.grade))
                                .or_insert_with(|| {
                                    sanitary::score(&week.difficulty, &l.label, class.grade)
                                        .unwrap_or(0)
                                })
                        })
                        .max()
                        .unwrap_or(0)
                })
                .sum();
            totals.insert(*day, total);
        }
        let midweek = [2, 3]
            .iter()
            .filter_map(|d| totals.get(d))
            .max()
            .copied()
            .unwrap_or(0);
        let peak = totals
            .iter()
            .filter(|(d, _)| ![2, 3].contains(*d))
            .max_by_key(|(d, t)| (**t, -**d));
        if let Some((&day, &total)) = peak.filter(|(_, t)| **t > midweek) {
            let p = Problem::DifficultyPeak {
                class: class.label.clone(),
                day: day_name(day).to_string(),
                peak: total,
                midweek,
            };
            out.push(TimetableIssue::new(p).at(day, None).classes(&[*class_id]));
        }
    }
    out
}

/// A subject more often in a day than its weekly hours need: 5 hours in a 5-day week is once a
/// day, 6 hours allows twice on one day.
fn subject_twice(week: &Week, days: &ClassDays) -> Vec<TimetableIssue> {
    let mut out = Vec::new();
    for (class_id, by_day) in days {
        let Some(class) = week.class(*class_id) else {
            continue;
        };
        // (subject) → day → lesson numbers
        let mut by_subject: BTreeMap<&str, BTreeMap<i32, BTreeSet<i32>>> = BTreeMap::new();
        let mut ids: HashMap<(&str, i32), Vec<i64>> = HashMap::new();
        for (day, lessons) in by_day {
            for (n, parallel) in lessons {
                for l in parallel {
                    by_subject
                        .entry(l.label.as_str())
                        .or_default()
                        .entry(*day)
                        .or_default()
                        .insert(*n);
                    ids.entry((l.label.as_str(), *day)).or_default().push(l.id);
                }
            }
        }
        for (subject, per_day) in by_subject {
            let weekly: usize = per_day.values().map(BTreeSet::len).sum();
            let allowed = weekly.div_ceil(week.week_days.max(1) as usize);
            for (day, numbers) in per_day {
                if numbers.len() > allowed {
                    let p = Problem::SubjectTwiceADay {
                        class: class.label.clone(),
                        subject: subject.to_string(),
                        day_at: day_at(day).to_string(),
                        count: numbers.len() as i32,
                    };
                    let entry_ids = ids.remove(&(subject, day)).unwrap_or_default();
                    out.push(
                        TimetableIssue::new(p)
                            .at(day, None)
                            .classes(&[*class_id])
                            .entries(entry_ids),
                    );
                }
            }
        }
    }
    out
}

/// Each teacher's lesson numbers by day in `half` (every lesson they give, courses too).
fn teacher_days(week: &Week, half: Half) -> BTreeMap<i64, BTreeMap<i32, BTreeSet<i32>>> {
    let mut out: BTreeMap<i64, BTreeMap<i32, BTreeSet<i32>>> = BTreeMap::new();
    for l in week.lessons.iter().filter(|l| l.runs_in(half)) {
        out.entry(l.staff_member_id)
            .or_default()
            .entry(l.day)
            .or_default()
            .insert(l.lesson_number);
    }
    out
}

/// Free lessons between the first and the last of a day.
fn gaps_of(numbers: &BTreeSet<i32>) -> i32 {
    match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) => b - a + 1 - numbers.len() as i32,
        _ => 0,
    }
}

fn teacher_names(week: &Week) -> HashMap<i64, &str> {
    week.lessons
        .iter()
        .map(|l| (l.staff_member_id, l.teacher.as_str()))
        .collect()
}

fn teacher_gaps(week: &Week, half: Half) -> Vec<TimetableIssue> {
    let names = teacher_names(week);
    let mut out = Vec::new();
    for (teacher, by_day) in teacher_days(week, half) {
        for (day, numbers) in by_day {
            let gaps = gaps_of(&numbers);
            if gaps > 0 {
                let p = Problem::TeacherGaps {
                    teacher: names.get(&teacher).copied().unwrap_or("").to_string(),
                    day_at: day_at(day).to_string(),
                    gaps,
                };
                out.push(TimetableIssue::new(p).at(day, None).teacher(teacher));
            }
        }
    }
    out
}

/// Lessons of each load line placed in each half-year.
fn placed_by_load(week: &Week) -> HashMap<(i64, Half), i32> {
    let mut placed = HashMap::new();
    for l in &week.lessons {
        for half in Half::BOTH.into_iter().filter(|h| l.runs_in(*h)) {
            *placed.entry((l.teaching_load_id, half)).or_default() += 1;
        }
    }
    placed
}

fn load_title(week: &Week, l: &LoadInfo) -> String {
    let mut out = format!(
        "{}, {}",
        classes_label(&l.class_ids, &week.class_index, &week.classes),
        l.label
    );
    if !l.subgroup_name.is_empty() {
        out.push_str(&format!(", {}", l.subgroup_name));
    }
    format!("{out} ({})", l.teacher)
}

/// Placed lessons differing from the load line's hours; extracurricular courses only when
/// more are placed than their hours (placing them is a choice).
fn placed_vs_load(week: &Week, placed: &HashMap<(i64, Half), i32>) -> Vec<TimetableIssue> {
    let mut loads: Vec<&LoadInfo> = week.loads.values().collect();
    loads.sort_by_key(|l| {
        let first_class = l
            .class_ids
            .first()
            .and_then(|c| week.class_index.get(c).copied())
            .unwrap_or(usize::MAX);
        (first_class, super::part_rank(l.part), l.id)
    });
    let mut out = Vec::new();
    for l in loads {
        for half in Half::BOTH {
            let n = placed.get(&(l.id, half)).copied().unwrap_or(0);
            let needed = l.needed(half);
            let differs = if l.part == CurriculumPart::Extracurricular {
                n > needed
            } else {
                n != needed
            };
            if differs {
                let hours = match half {
                    Half::First => l.hours_first,
                    Half::Second => l.hours_second,
                };
                let p = Problem::PlacedDiffersFromLoad {
                    what: load_title(week, l),
                    placed: n,
                    hours: crate::curriculum::hours_text(hours),
                    half: half.number(),
                };
                out.push(
                    TimetableIssue::new(p)
                        .classes(&l.class_ids)
                        .teacher(l.staff_member_id)
                        .load(l.id),
                );
            }
        }
    }
    out
}

/// Every warning of the week: both half-years, one warning once.
pub(crate) fn warnings(week: &Week) -> Vec<TimetableIssue> {
    let placed = placed_by_load(week);
    let mut out = placed_vs_load(week, &placed);
    for half in Half::BOTH {
        let days = class_days(week, half);
        out.extend(daily_limit(week, &days));
        out.extend(difficulty_peak(week, &days));
        out.extend(subject_twice(week, &days));
        out.extend(teacher_gaps(week, half));
    }
    let mut seen = HashSet::new();
    out.retain(|w| seen.insert(w.message.clone()));
    out
}

fn gap_counts(week: &Week) -> Vec<TeacherGapCount> {
    let names = teacher_names(week);
    let sum = |half: Half| -> BTreeMap<i64, i32> {
        teacher_days(week, half)
            .into_iter()
            .map(|(t, days)| (t, days.values().map(gaps_of).sum()))
            .collect()
    };
    let (first, second) = (sum(Half::First), sum(Half::Second));
    let mut out: Vec<TeacherGapCount> = first
        .keys()
        .chain(second.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|t| TeacherGapCount {
            staff_member_id: *t,
            teacher: names.get(t).copied().unwrap_or("").to_string(),
            gaps: first.get(t).copied().unwrap_or(0),
            gaps_second: second.get(t).copied().unwrap_or(0),
        })
        .filter(|g| g.gaps + g.gaps_second > 0)
        .collect();
    out.sort_by(|a, b| {
        b.gaps
            .cmp(&a.gaps)
            .then_with(|| crate::db::compare_ru(&a.teacher, &b.teacher))
    });
    out
}

/// Lessons a week placed of those a set of load lines needs, each line counted alike: its
/// hours in each half-year, the larger half-year for the week, and no more than the hours.
#[derive(Default)]
struct Tally {
    placed: i32,
    required: i32,
    placed_first: i32,
    required_first: i32,
    placed_second: i32,
    required_second: i32,
}

impl Tally {
    /// A line with `first` and `second` lessons placed in the half-years, `lessons` in all.
    fn add(&mut self, line: &LoadInfo, first: i32, second: i32, lessons: i32) {
        let (need1, need2) = (line.needed(Half::First), line.needed(Half::Second));
        self.required_first += need1;
        self.required_second += need2;
        self.placed_first += first.min(need1);
        self.placed_second += second.min(need2);
        self.required += need1.max(need2);
        self.placed += lessons.min(need1.max(need2));
    }
}

/// The school-wide check of a week.
pub(crate) fn school(week: &Week, current: &HashSet<i64>) -> TimetableCheck {
    let placed = placed_by_load(week);
    let (mut curriculum, mut extracurricular) = (Tally::default(), Tally::default());
    let mut counts: HashMap<i64, i32> = HashMap::new();
    for l in &week.lessons {
        *counts.entry(l.teaching_load_id).or_default() += 1;
    }
    for l in week.loads.values() {
        let tally = if l.part == CurriculumPart::Extracurricular {
            &mut extracurricular
        } else {
            &mut curriculum
        };
        tally.add(
            l,
            placed.get(&(l.id, Half::First)).copied().unwrap_or(0),
            placed.get(&(l.id, Half::Second)).copied().unwrap_or(0),
            counts.get(&l.id).copied().unwrap_or(0),
        );
    }
    TimetableCheck {
        placed: curriculum.placed,
        required: curriculum.required,
        placed_first: curriculum.placed_first,
        required_first: curriculum.required_first,
        placed_second: curriculum.placed_second,
        required_second: curriculum.required_second,
        extracurricular_placed: extracurricular.placed,
        extracurricular_required: extracurricular.required,
        conflicts: school_conflicts(week, current),
        warnings: warnings(week),
        teacher_gaps: gap_counts(week),
    }
}
