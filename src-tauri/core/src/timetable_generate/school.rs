//! The school as a problem of the timetable engine.
//!
//! Periods are lesson numbers (from the smallest to the largest of every class's bells; a
//! class's numbers outside its own bells are unavailable to it), days the school's week.
//! Students are atomic subgroups: a class without splits is one; a class with splits is every
//! combination of one group of each split (English 1/2 × technology 1/2 = four), so that a
//! whole-class lesson holds them all, two groups of one split side by side never clash, and
//! each combination's day is held to SanPiN: at most the grade's lessons a day (the longer day
//! with PE as the hard limit, the rule as a soft one: the engine cannot count «once a week»),
//! no free lesson between lessons and the day starting at the class's first lesson (hard), a
//! subject no more often a day than its hours need and the day's difficulty highest on
//! Tuesday–Wednesday, both as the check judges them (soft; a paired lesson is one activity of
//! two periods). A joint split across classes holds the combinations of each of its classes.
//!
//! A load line gives as many activities as lessons a week in its larger half-year: the lessons
//! of both half-years first (pairs among them), then those of the larger one only; a lesson of
//! the first half-year only takes its place in both (the engine does not know half-years).
//! Lessons kept where they are (other classes', locked ones, every one for «только свободные
//! места») are activities with one allowed start and their room; extracurricular courses are
//! not placed, their lessons make their teacher, classes and room unavailable then.

use super::rooms::RoomRow;
use super::wishes::TeacherWishes;
use crate::curriculum::CurriculumPart;
use crate::timetable::{Half, Lesson, LoadInfo, Week};
use crate::timetable_engine::{Activity, Constraint, DayRule, Kind, Problem, Resource, Who, HARD};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How much a lesson away from its previous place costs (re-generating moves few lessons).
const W_PREVIOUS: f64 = 50.0;
/// A subject more often a day than its hours need (the check's «2 раза»).
const W_SPREAD: f64 = 95.0;
/// A point of a day's difficulty above Tuesday's and Wednesday's.
const W_PEAK: f64 = 50.0;
/// More lessons a day than the grade's rule (up to the longer day with PE, which is hard).
const W_DAY_RULE: f64 = 99.0;
const W_TEACHER_GAP: f64 = 50.0;
const W_WISHED_ROOM: f64 = 95.0;
const W_PREVIOUS_ROOM: f64 = 50.0;

/// What the request asks to place anew.
#[derive(Debug, Clone, Default)]
pub(super) struct Plan {
    /// Class ids whose lessons are placed anew; None: every class.
    pub classes: Option<BTreeSet<i64>>,
    pub keep_locked: bool,
    /// Every lesson placed stays (only the missing ones are placed).
    pub keep_all: bool,
    /// The classes' shape (no free lesson, the day from the first lesson) is a wish, not a
    /// rule: a hand-made timetable kept whole may break it already.
    pub soft_shape: bool,
}

/// What the school file holds beyond the week.
pub(super) struct Data<'a> {
    pub week: &'a Week,
    pub wishes: &'a [TeacherWishes],
    /// Per load line: (pairs a week, preferred room).
    pub lines: &'a HashMap<i64, (i32, Option<i64>)>,
    pub locked: &'a BTreeSet<i64>,
    pub rooms: &'a [RoomRow],
    /// (subgroup id, split id, name) of every subgroup.
    pub subgroups: &'a [(i64, i64, String)],
}

/// What an activity of the problem is in the school.
#[derive(Debug, Clone)]
pub(super) struct Placeable {
    pub load_id: i64,
    pub in_first: bool,
    pub in_second: bool,
    pub duration: usize,
    /// The lessons it stands for: a kept one is left as it is; a placed one's rows are
    /// rewritten with its place (their ids reused).
    pub entries: Vec<i64>,
    pub fixed: bool,
    /// Its room comes from the engine; otherwise from `rooms::give` after the search.
    pub engine_room: bool,
}

/// The problem with what its numbers stand for.
pub(super) struct School {
    pub problem: Problem,
    pub activities: Vec<Placeable>,
    /// Lessons of the lines placed anew that no activity stands for (more than the hours):
    /// removed when the result is written.
    pub surplus: Vec<i64>,
    /// Period → lesson number.
    pub numbers: Vec<i32>,
    pub room_ids: Vec<i64>,
    pub teacher_names: Vec<String>,
    pub atom_names: Vec<String>,
    pub activity_titles: Vec<String>,
}

/// The slot of a day (1 = Monday) and lesson number in a week of `days` days whose periods are
/// `numbers`; None outside them.
fn slot_of(numbers: &[i32], days: usize, day: i32, number: i32) -> Option<usize> {
    let period = numbers.iter().position(|&n| n == number)?;
    let day = usize::try_from(day - 1).ok().filter(|d| *d < days)?;
    Some(day * numbers.len() + period)
}

impl School {
    pub fn slot(&self, day: i32, number: i32) -> Option<usize> {
        slot_of(&self.numbers, self.problem.days, day, number)
    }

    /// (day, lesson number) of a slot.
    pub fn place(&self, slot: usize) -> (i32, i32) {
        let periods = self.numbers.len();
        ((slot / periods) as i32 + 1, self.numbers[slot % periods])
    }
}

/// The atomic subgroups of the classes: per class, its atoms and which group of each split
/// each holds.
struct Atoms {
    of_class: HashMap<i64, Vec<usize>>,
    /// Per atom: its class and its groups.
    groups: Vec<(i64, BTreeSet<i64>)>,
}

impl Atoms {
    fn new(week: &Week, subgroups: &[(i64, i64, String)]) -> Atoms {
        let mut splits: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
        for l in week.loads.values() {
            if let Some(split) = l.split_id {
                for &c in &l.class_ids {
                    splits.entry(c).or_default().insert(split);
                }
            }
        }
        let mut atoms = Atoms {
            of_class: HashMap::new(),
            groups: Vec::new(),
        };
        for class in &week.classes {
            let mut combos: Vec<BTreeSet<i64>> = vec![BTreeSet::new()];
            for split in splits.get(&class.id).into_iter().flatten() {
                let groups: Vec<i64> = subgroups
                    .iter()
                    .filter(|g| g.1 == *split)
                    .map(|g| g.0)
                    .collect();
                combos = combos
                    .iter()
                    .flat_map(|c| {
                        groups.iter().map(move |g| {
                            let mut next = c.clone();
                            next.insert(*g);
                            next
                        })
                    })
                    .collect();
            }
            let first = atoms.groups.len();
            atoms
                .groups
                .extend(combos.into_iter().map(|g| (class.id, g)));
            atoms
                .of_class
                .insert(class.id, (first..atoms.groups.len()).collect());
        }
        atoms
    }

    /// The atoms a load line's lessons hold: all of its classes', or those of its group.
    fn of_line(&self, l: &LoadInfo) -> Vec<usize> {
        l.class_ids
            .iter()
            .flat_map(|c| self.of_class.get(c).into_iter().flatten())
            .copied()
            .filter(|&a| l.subgroup_id.is_none_or(|g| self.groups[a].1.contains(&g)))
            .collect()
    }

    fn name(&self, atom: usize, week: &Week, subgroups: &[(i64, i64, String)]) -> String {
        let (class, groups) = &self.atoms_of(atom);
        let label = week
            .class(*class)
            .map(|c| c.label.clone())
            .unwrap_or_default();
        if groups.is_empty() {
            return label;
        }
        let names: Vec<&str> = groups
            .iter()
            .filter_map(|g| subgroups.iter().find(|s| s.0 == *g).map(|s| s.2.as_str()))
            .collect();
        format!("{label}, {}", names.join(" / "))
    }

    fn atoms_of(&self, atom: usize) -> &(i64, BTreeSet<i64>) {
        &self.groups[atom]
    }
}

/// Who a lesson holds: a teacher, an atomic subgroup or a room (the engine's `Resource`, kept
/// in sets here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Holder {
    Teacher(usize),
    Atom(usize),
    Room(usize),
}

impl Holder {
    fn resource(self) -> Resource {
        match self {
            Holder::Teacher(t) => Resource::Teacher(t),
            Holder::Atom(a) => Resource::Subgroup(a),
            Holder::Room(r) => Resource::Room(r),
        }
    }
}

/// Builds the problem step by step.
struct Builder<'a> {
    data: &'a Data<'a>,
    plan: &'a Plan,
    atoms: Atoms,
    numbers: Vec<i32>,
    days: usize,
    problem: Problem,
    activities: Vec<Placeable>,
    titles: Vec<String>,
    teachers: HashMap<i64, usize>,
    teacher_names: Vec<String>,
    rooms: HashMap<i64, usize>,
    /// Slots each person (teachers first, then atoms) and room is held by a kept lesson.
    kept: HashSet<(Holder, usize)>,
    /// Extracurricular lessons: slots each resource is unavailable at.
    off: BTreeMap<Holder, BTreeSet<usize>>,
    /// Per class, its activities with their subjects.
    of_class: BTreeMap<i64, Vec<(usize, String)>>,
}

pub(super) fn build(data: &Data, plan: &Plan) -> School {
    let week = data.week;
    let numbers: Vec<i32> = {
        let all: BTreeSet<i32> = week
            .classes
            .iter()
            .flat_map(|c| c.bells.iter().map(|b| b.0))
            .collect();
        match (all.first(), all.last()) {
            (Some(&a), Some(&b)) => (a..=b).collect(),
            _ => vec![1],
        }
    };
    let days = week.week_days.clamp(1, 6) as usize;
    let mut b = Builder {
        data,
        plan,
        atoms: Atoms::new(week, data.subgroups),
        problem: Problem {
            days,
            periods: numbers.len(),
            rooms: data.rooms.len(),
            ..Problem::default()
        },
        numbers,
        days,
        activities: Vec::new(),
        titles: Vec::new(),
        teachers: HashMap::new(),
        teacher_names: Vec::new(),
        rooms: data
            .rooms
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i))
            .collect(),
        kept: HashSet::new(),
        off: BTreeMap::new(),
        of_class: BTreeMap::new(),
    };
    b.problem.subgroups = b.atoms.groups.len();
    let surplus = b.lines();
    b.classes();
    b.teacher_gaps();
    b.teacher_wishes();
    b.unavailable();
    let atom_names = (0..b.atoms.groups.len())
        .map(|a| b.atoms.name(a, week, data.subgroups))
        .collect();
    b.problem.teachers = b.teacher_names.len();
    School {
        problem: b.problem,
        activities: b.activities,
        surplus,
        room_ids: data.rooms.iter().map(|r| r.id).collect(),
        teacher_names: b.teacher_names,
        atom_names,
        activity_titles: b.titles,
        numbers: b.numbers,
    }
}

fn title(week: &Week, l: &LoadInfo) -> String {
    let classes: Vec<&str> = l
        .class_ids
        .iter()
        .filter_map(|c| week.class(*c).map(|c| c.label.as_str()))
        .collect();
    let mut out = format!("{}, {}", classes.join(", "), l.label);
    if !l.subgroup_name.is_empty() {
        out.push_str(&format!(", {}", l.subgroup_name));
    }
    format!("{out} ({})", l.teacher)
}

impl Builder<'_> {
    fn slot(&self, day: i32, number: i32) -> Option<usize> {
        slot_of(&self.numbers, self.days, day, number)
    }

    fn teacher(&mut self, l: &LoadInfo) -> usize {
        let next = self.teacher_names.len();
        *self.teachers.entry(l.staff_member_id).or_insert_with(|| {
            self.teacher_names.push(l.teacher.clone());
            next
        })
    }

    fn placed_anew(&self, l: &LoadInfo) -> bool {
        l.part != CurriculumPart::Extracurricular
            && self
                .plan
                .classes
                .as_ref()
                .is_none_or(|chosen| l.class_ids.iter().all(|c| chosen.contains(c)))
    }

    fn push(&mut self, l: &LoadInfo, p: Placeable) -> usize {
        let teacher = self.teacher(l);
        let subgroups = self.atoms.of_line(l);
        self.problem.activities.push(Activity {
            teachers: vec![teacher],
            subgroups,
            subject: 0,
            duration: p.duration,
        });
        self.activities.push(p);
        self.titles.push(title(self.data.week, l));
        let a = self.activities.len() - 1;
        for class in &l.class_ids {
            let list = self.of_class.entry(*class).or_default();
            list.push((a, l.label.clone()));
        }
        a
    }

    fn hard(&mut self, kind: Kind) {
        self.constraint(HARD, kind);
    }

    fn constraint(&mut self, weight: f64, kind: Kind) {
        self.problem.constraints.push(Constraint { weight, kind });
    }

    /// Every load line's activities; returns the lessons beyond the lines' hours.
    fn lines(&mut self) -> Vec<i64> {
        let week = self.data.week;
        let mut by_line: BTreeMap<i64, Vec<&Lesson>> = BTreeMap::new();
        for lesson in &week.lessons {
            by_line
                .entry(lesson.teaching_load_id)
                .or_default()
                .push(lesson);
        }
        let mut ids: Vec<&i64> = week.loads.keys().collect();
        ids.sort();
        let mut surplus = Vec::new();
        for id in ids {
            let l = &week.loads[id];
            let lessons = by_line.remove(id).unwrap_or_default();
            if l.part == CurriculumPart::Extracurricular {
                for lesson in lessons {
                    self.course_lesson(l, lesson);
                }
                continue;
            }
            let anew = self.placed_anew(l);
            let (kept, moving): (Vec<&Lesson>, Vec<&Lesson>) = lessons.into_iter().partition(|x| {
                !anew
                    || self.plan.keep_all
                    || (self.plan.keep_locked && self.data.locked.contains(&x.id))
            });
            for lesson in &kept {
                self.kept_lesson(l, lesson);
            }
            if anew {
                surplus.extend(self.new_lessons(l, &kept, moving));
            }
        }
        surplus
    }

    /// An extracurricular lesson: its teacher, classes and room are not free then.
    fn course_lesson(&mut self, l: &LoadInfo, lesson: &Lesson) {
        let Some(slot) = self.slot(lesson.day, lesson.lesson_number) else {
            return;
        };
        let teacher = self.teacher(l);
        let mut who = vec![Holder::Teacher(teacher)];
        who.extend(self.atoms.of_line(l).into_iter().map(Holder::Atom));
        who.extend(
            lesson
                .room_id
                .and_then(|r| self.rooms.get(&r))
                .map(|&r| Holder::Room(r)),
        );
        for w in who {
            self.off.entry(w).or_default().insert(slot);
        }
    }

    /// A lesson kept where it is: an activity with that one start (and its room), unless what
    /// it holds is already held then by another kept lesson (a conflict from before, left to
    /// the check to name).
    fn kept_lesson(&mut self, l: &LoadInfo, lesson: &Lesson) {
        let Some(slot) = self.slot(lesson.day, lesson.lesson_number) else {
            return;
        };
        let teacher = self.teacher(l);
        let room = lesson.room_id.and_then(|r| self.rooms.get(&r).copied());
        let mut holds = vec![Holder::Teacher(teacher)];
        holds.extend(self.atoms.of_line(l).into_iter().map(Holder::Atom));
        holds.extend(room.map(Holder::Room));
        if holds.iter().any(|h| self.kept.contains(&(*h, slot))) {
            return;
        }
        for h in holds {
            self.kept.insert((h, slot));
        }
        let a = self.push(
            l,
            Placeable {
                load_id: l.id,
                in_first: lesson.in_first,
                in_second: lesson.in_second,
                duration: 1,
                entries: vec![lesson.id],
                fixed: true,
                engine_room: room.is_some(),
            },
        );
        self.hard(Kind::PreferredStarts {
            activities: vec![a],
            starts: vec![slot],
        });
        if let Some(r) = room {
            self.hard(Kind::PreferredRooms {
                activities: vec![a],
                rooms: vec![r],
            });
        }
    }

    /// The activities of the lessons a line still needs beyond those kept; the lessons being
    /// replaced lend them their rows and their places (a soft wish). Returns the replaced
    /// lessons no activity takes.
    fn new_lessons(
        &mut self,
        l: &LoadInfo,
        kept: &[&Lesson],
        mut moving: Vec<&Lesson>,
    ) -> Vec<i64> {
        let kept_in = |half: Half| kept.iter().filter(|x| x.runs_in(half)).count() as i32;
        let left1 = (l.needed(Half::First) - kept_in(Half::First)).max(0) as usize;
        let left2 = (l.needed(Half::Second) - kept_in(Half::Second)).max(0) as usize;
        let both = left1.min(left2);
        let pairs = self
            .data
            .lines
            .get(&l.id)
            .map_or(0, |w| w.0.max(0) as usize);
        let pairs = pairs.min(both / 2);
        let mut shapes: Vec<(usize, bool, bool)> = vec![(2, true, true); pairs];
        shapes.extend(vec![(1, true, true); both - 2 * pairs]);
        let (one_half, first) = if left1 > left2 {
            (left1 - left2, true)
        } else {
            (left2 - left1, false)
        };
        shapes.extend(vec![(1, first, !first); one_half]);
        // Whole-year lessons lend their places first, then by day and lesson number.
        moving.sort_by_key(|x| (!(x.in_first && x.in_second), x.day, x.lesson_number, x.id));
        let mut moving = moving.into_iter();
        let room_need = super::rooms::need(self.data, l);
        for (duration, in_first, in_second) in shapes {
            let lent: Vec<&Lesson> = moving.by_ref().take(duration).collect();
            let a = self.push(
                l,
                Placeable {
                    load_id: l.id,
                    in_first,
                    in_second,
                    duration,
                    entries: lent.iter().map(|x| x.id).collect(),
                    fixed: false,
                    engine_room: room_need.is_some(),
                },
            );
            let previous = lent.first();
            if let Some(start) = previous
                .filter(|_| !self.plan.keep_all)
                .and_then(|x| self.slot(x.day, x.lesson_number))
            {
                self.constraint(
                    W_PREVIOUS,
                    Kind::PreferredStarts {
                        activities: vec![a],
                        starts: vec![start],
                    },
                );
            }
            if let Some(need) = &room_need {
                self.room_need(a, need, previous.and_then(|x| x.room_id));
            }
        }
        moving.map(|x| x.id).collect()
    }

    fn room_need(&mut self, a: usize, need: &super::rooms::Need, previous: Option<i64>) {
        let index = |ids: &[i64], rooms: &HashMap<i64, usize>| -> Vec<usize> {
            ids.iter().filter_map(|r| rooms.get(r).copied()).collect()
        };
        let allowed = index(&need.allowed, &self.rooms);
        self.hard(Kind::PreferredRooms {
            activities: vec![a],
            rooms: allowed.clone(),
        });
        for (room, weight) in [(need.wished, W_WISHED_ROOM), (previous, W_PREVIOUS_ROOM)] {
            let wished = index(&room.into_iter().collect::<Vec<_>>(), &self.rooms);
            if !wished.is_empty() && wished.iter().all(|r| allowed.contains(r)) {
                self.constraint(
                    weight,
                    Kind::PreferredRooms {
                        activities: vec![a],
                        rooms: wished,
                    },
                );
            }
        }
    }

    /// SanPiN for the classes whose lessons are placed anew; every class's numbers outside
    /// its bells are unavailable to it (where no kept lesson of it is).
    fn classes(&mut self) {
        let week = self.data.week;
        for class in &week.classes {
            let atoms = self
                .atoms
                .of_class
                .get(&class.id)
                .cloned()
                .unwrap_or_default();
            let outside: Vec<usize> = (0..self.days * self.numbers.len())
                .filter(|s| !class.has_lesson(self.numbers[s % self.numbers.len()]))
                .collect();
            for &atom in &atoms {
                let slots: Vec<usize> = outside
                    .iter()
                    .copied()
                    .filter(|s| !self.kept.contains(&(Holder::Atom(atom), *s)))
                    .collect();
                if !slots.is_empty() {
                    self.hard(Kind::NotAvailable {
                        who: Resource::Subgroup(atom),
                        slots,
                    });
                }
            }
            let chosen = self
                .plan
                .classes
                .as_ref()
                .is_none_or(|c| c.contains(&class.id));
            if !chosen {
                continue;
            }
            // Kept lessons of a hand-made timetable may break the shape already.
            let shape = if self.plan.soft_shape {
                W_DAY_RULE
            } else {
                HARD
            };
            let who: Vec<Who> = atoms.iter().map(|&a| Who::Subgroup(a)).collect();
            let limit = week.limits.get(&class.grade);
            if let Some(limit) = limit {
                let rule = limit.max_lessons.max(1) as usize;
                let longest = limit
                    .max_with_pe
                    .map_or(rule, |m| (m.max(1) as usize).max(rule));
                self.hard(Kind::Days {
                    who: who.clone(),
                    rule: DayRule::MaxHoursDaily(longest),
                });
                if longest > rule {
                    self.constraint(
                        W_DAY_RULE,
                        Kind::Days {
                            who: who.clone(),
                            rule: DayRule::MaxHoursDaily(rule),
                        },
                    );
                }
            }
            self.constraint(
                shape,
                Kind::Days {
                    who: who.clone(),
                    rule: DayRule::MaxGapsPerWeek(0),
                },
            );
            self.constraint(
                shape,
                Kind::Days {
                    who,
                    rule: DayRule::EarlyMaxBeginningsAtSecondHour(0),
                },
            );
            self.subjects_spread(class.id, &atoms);
            self.difficulty_peak(class.id, class.grade);
        }
    }

    /// Each subject of the class at most as often a day as its hours need, as the check
    /// counts it: 5 hours in a 5-day week once a day, 6 twice (its lessons side by side in
    /// subgroups counted once, a paired lesson once). The hours are the most any subgroup of
    /// the class has of the subject (two lines of PE, 2 + 1, make 3).
    fn subjects_spread(&mut self, class: i64, atoms: &[usize]) {
        let mut by_subject: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (a, label) in self.of_class.get(&class).into_iter().flatten() {
            by_subject.entry(label.as_str()).or_default().push(*a);
        }
        let mut spread = Vec::new();
        for activities in by_subject.into_values().filter(|list| list.len() > 1) {
            let hours = atoms
                .iter()
                .map(|atom| {
                    activities
                        .iter()
                        .map(|&a| &self.problem.activities[a])
                        .filter(|x| x.subgroups.contains(atom))
                        .map(|x| x.duration)
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0);
            let max = hours.div_ceil(self.days).max(1);
            let moving = activities.iter().any(|&a| !self.activities[a].fixed);
            if moving && activities.len() > max {
                spread.push(Kind::MaxPerDay { activities, max });
            }
        }
        for kind in spread {
            self.constraint(W_SPREAD, kind);
        }
    }

    /// The class's hardest days on Tuesday and Wednesday by the difficulty scale (SanPiN
    /// 1.2.3685-21, tables 6.9–6.11), as the check judges it.
    fn difficulty_peak(&mut self, class: i64, grade: i32) {
        let week = self.data.week;
        let Some(list) = self.of_class.get(&class) else {
            return;
        };
        let scores = list
            .iter()
            .map(|(_, label)| {
                crate::timetable::sanitary::score(&week.difficulty, label, grade)
                    .unwrap_or(0)
                    .max(0) as u32
            })
            .collect();
        let kind = Kind::DifficultyPeak {
            activities: list.iter().map(|(a, _)| *a).collect(),
            scores,
            peak_days: [1, 2].into_iter().filter(|&d| d < self.days).collect(),
        };
        self.constraint(W_PEAK, kind);
    }

    /// Teachers' free lessons between lessons («окна»): as few as the rest allows.
    fn teacher_gaps(&mut self) {
        let who = (0..self.teacher_names.len()).map(Who::Teacher).collect();
        self.constraint(
            W_TEACHER_GAP,
            Kind::Days {
                who,
                rule: DayRule::MaxGapsPerWeek(0),
            },
        );
    }

    /// A teacher's unavailable lessons and methodical day (hard, except where a kept lesson
    /// of theirs is), and their maximum of working days.
    fn teacher_wishes(&mut self) {
        for w in self.data.wishes {
            let Some(&t) = self.teachers.get(&w.staff_member_id) else {
                continue;
            };
            let mut slots: BTreeSet<usize> = w
                .unavailable
                .iter()
                .filter_map(|&(d, n)| self.slot(d, n))
                .collect();
            if let Some(day) = w.methodical_day {
                for &n in &self.numbers {
                    slots.extend(self.slot(day, n));
                }
            }
            slots.retain(|s| !self.kept.contains(&(Holder::Teacher(t), *s)));
            if !slots.is_empty() {
                self.hard(Kind::NotAvailable {
                    who: Resource::Teacher(t),
                    slots: slots.into_iter().collect(),
                });
            }
            if let Some(max) = w.max_days {
                self.hard(Kind::Days {
                    who: vec![Who::Teacher(t)],
                    rule: DayRule::MaxDaysPerWeek(max.max(1) as usize),
                });
            }
        }
    }

    /// What the extracurricular lessons hold.
    fn unavailable(&mut self) {
        let off = std::mem::take(&mut self.off);
        for (who, slots) in off {
            self.hard(Kind::NotAvailable {
                who: who.resource(),
                slots: slots.into_iter().collect(),
            });
        }
    }
}
