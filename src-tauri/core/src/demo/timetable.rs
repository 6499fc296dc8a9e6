//! The demo's timetable: the lessons of the demo's load placed as a deputy head would build a
//! timetable by hand and then improve it, in about a second.
//!
//! The lessons of a class are «units»: one whole-class lesson, or the lessons of the subgroups of
//! one split side by side, or a first-half-year-only lesson with a second-half-year-only one.
//! Each class has a place for every lesson number of its bells up to the grade's daily maximum
//! (the longer day with PE included); the places its units do not fill hold blank units (free
//! lessons). The start is even: days filled from lesson 1, the extra lessons of a week on
//! Tuesday, Wednesday and Thursday. Then units of a class swap places (a blank too) to lower
//! the cost: a teacher in two classes at once and a class waiting through a free lesson or
//! above its daily maximum (never left), gyms, computer rooms and workshops over capacity, a
//! longer day without PE, a subject more often a day than its hours need, the difficulty peak
//! away from Tuesday–Wednesday, teachers' gaps. First every place of the class is tried for a
//! unit, then simulated annealing (a conflicting unit is tried at a place where its teachers
//! are free), then every place again, then two swaps at once for what is still in conflict
//! (the unit moves, and a unit of another class its teacher meets there moves away), then
//! ejection chains (a unit moves where its teachers are free and what it displaces, or meets
//! there, moves on, a few moves deep). Subgroups side by side whose two teachers (the English
//! ones, with 30–32 hours) are still never free together are split: the lesson of the busy
//! teacher's subgroup takes a free lesson of the class, both halves alone go first or last in
//! a day (so neither subgroup waits), and the chains place them; chains then mend a class
//! whose shape is still wrong. A seeded generator picks what to try, so the demo is the same
//! every time.
//!
//! The lessons of a joint split (grade 11's English groups made across 11 А and 11 Б) are
//! placed first and keep their places: the same day and lesson number in every class of the
//! split, on days spread over the week at the first lesson, so no class waits before them. The
//! search works around them (their teachers are busy then, the classes' places taken).
//!
//! Rooms are given afterwards, place by place: gyms, computer rooms and workshops first, then
//! each class's home room, then the room of the subject, then any free classroom, the library
//! and the hall last. Each lesson is written after the core's own conflict check of the week in
//! memory. A lesson still in conflict (none in the demo: all 971 are placed) goes after the
//! last lesson of a day of its class when the class is below its maximum and the teacher free
//! then; otherwise it is left out and the check names it as not placed.

use crate::curriculum::CurriculumPart;
use crate::db::Db;
use crate::error::Result;
use crate::timetable::{self, sanitary, Half, LessonInput, LoadInfo, Week};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

const DAYS: usize = 7; // index 1–6
const NUMBERS: usize = 13; // lesson numbers 0–12
/// Which days get a week's extra lessons first: Tuesday, Wednesday, Thursday, Monday, Friday.
const DAY_PREFERENCE: [usize; 6] = [2, 3, 4, 1, 5, 6];

/// Tries of the search per unit (a unit tried against every place of its class, or against
/// one random place while annealing): what the demo needs to converge, a second in release.
const IMPROVE_PER_UNIT: usize = 10;
const ANNEAL_PER_UNIT: usize = 400;
/// Passes of the two-swap repair over the units still in conflict.
const REPAIR_PASSES: usize = 20;
/// Moves after the first in an ejection chain, and the tries one chain may take.
const EJECT_DEPTH: usize = 3;
const EJECT_TRIES: usize = 1_000;
/// Rounds of splitting subgroup lessons still in conflict (each followed by chains).
const SPLIT_ROUNDS: usize = 3;
const SPLIT_IMPROVE_PER_UNIT: usize = 2;
const W_TEACHER: i64 = 10_000;
const W_HARD_ROOM: i64 = 2_000;
const W_GYM: i64 = 60;
const W_LONG_DAY: i64 = 500;
/// A class waiting through a free lesson, or above its daily maximum: never left.
const W_CLASS_GAP: i64 = W_TEACHER;
const W_TWICE: i64 = 40;
const W_DIFFICULTY: i64 = 6;
const W_GAP: i64 = 4;

/// Rooms a subject needs of a kind there are few of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Gym,
    Computers,
    Workshop,
}

const NEEDS: [Need; 3] = [Need::Gym, Need::Computers, Need::Workshop];

fn need_of(label: &str) -> Option<Need> {
    match label {
        "Физическая культура" => Some(Need::Gym),
        "Информатика" => Some(Need::Computers),
        "Труд (технология)" => Some(Need::Workshop),
        _ => None,
    }
}

/// One lesson of a unit: a load line, the half-years.
#[derive(Clone)]
struct Part {
    load: i64,
    first: bool,
    second: bool,
    label: String,
    subgroup: bool,
}

/// Lessons that take one place of a class together.
struct Unit {
    class: usize,
    parts: Vec<Part>,
    teachers: Vec<usize>,
    needs: Vec<usize>,
    subject: usize,
    score: i64,
    pe: bool,
    /// One subgroup's lesson without the other's beside it (a split whose teachers are never
    /// free together): the other subgroup is free then, so it goes first or last in its day.
    alone: bool,
    /// A lesson of a joint split (several classes at once): it keeps its place, the same in
    /// every class of the split, and the search works around it.
    pinned: bool,
    /// The joint lesson as another class of its split sees it: the place is taken, but the
    /// teachers, scarce rooms and the lesson itself are the first class's unit's.
    shadow: bool,
}

/// A class's places and which unit is in each.
struct Plan {
    slots: Vec<(usize, usize)>,
    at: Vec<usize>,
    /// Place indexes of each day, by lesson number.
    by_day: Vec<Vec<usize>>,
    /// Lessons a day: the rule, the longer day with PE and how many of those a week.
    max: usize,
    with_pe: usize,
    pe_days: usize,
    /// Allowed units a day per local subject.
    allowed: Vec<u8>,
    /// Whether a unit of the class is a subgroup alone (only then is that looked at).
    has_alone: bool,
}

/// An occupancy count one up or down: (before, after).
fn step(count: u8, add: bool) -> (u8, u8) {
    (count, if add { count + 1 } else { count - 1 })
}

/// The change in how far a count is above `capacity` (at least 0 either side).
fn over(old: u8, new: u8, capacity: i64) -> i64 {
    (i64::from(new) - capacity).max(0) - (i64::from(old) - capacity).max(0)
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Search {
    units: Vec<Unit>,
    plans: Vec<Plan>,
    capacity: [i64; 3],
    teacher_occ: Vec<u8>,
    need_occ: Vec<u8>,
    /// Per class: [day][local subject] units.
    subject_count: Vec<Vec<Vec<u8>>>,
    difficulty: Vec<[i64; DAYS]>,
    pe: Vec<[u8; DAYS]>,
    /// unit → place index in its class's plan.
    place: Vec<usize>,
    /// Teachers taken twice and scarce rooms over capacity, over all places: what the
    /// ejection chains bring to nothing.
    clashes: i64,
    /// Load line → its teacher's index.
    teacher_of_load: HashMap<i64, usize>,
}

impl Search {
    fn t(&self, t: usize, d: usize, n: usize) -> usize {
        (t * DAYS + d) * NUMBERS + n
    }

    fn r(&self, r: usize, d: usize, n: usize) -> usize {
        (r * DAYS + d) * NUMBERS + n
    }

    /// Adds (`sign` 1) or takes away (-1) unit `u` at place (d, n).
    fn apply(&mut self, u: usize, (d, n): (usize, usize), add: bool) {
        let unit = &self.units[u];
        let class = unit.class;
        for &t in &unit.teachers {
            let i = self.t(t, d, n);
            let (old, new) = step(self.teacher_occ[i], add);
            self.teacher_occ[i] = new;
            self.clashes += over(old, new, 1);
        }
        for &r in &unit.needs {
            let i = self.r(r, d, n);
            let (old, new) = step(self.need_occ[i], add);
            self.need_occ[i] = new;
            self.clashes += over(old, new, self.capacity[r]);
        }
        let s = &mut self.subject_count[class][d][unit.subject];
        *s = if add { *s + 1 } else { *s - 1 };
        let sign = if add { 1 } else { -1 };
        self.difficulty[class][d] += sign * unit.score;
        if unit.pe {
            let p = &mut self.pe[class][d];
            *p = if add { *p + 1 } else { *p - 1 };
        }
    }

    fn gaps(&self, t: usize, d: usize) -> i64 {
        let row = &self.teacher_occ[self.t(t, d, 0)..self.t(t, d, 0) + NUMBERS];
        let busy: Vec<usize> = (0..NUMBERS).filter(|&n| row[n] > 0).collect();
        match (busy.first(), busy.last()) {
            (Some(a), Some(b)) => (b - a + 1 - busy.len()) as i64,
            _ => 0,
        }
    }

    /// A class's own costs: a free lesson before the day's last (students waiting), more
    /// lessons a day than allowed, subjects too often a day (on `days`), the difficulty peak.
    fn class_cost(&self, c: usize, days: &[usize]) -> i64 {
        let plan = &self.plans[c];
        let (waiting, long_days) = self.shape(c);
        let mut cost = W_CLASS_GAP * waiting + W_LONG_DAY * long_days;
        for &d in days {
            for (s, &count) in self.subject_count[c][d].iter().enumerate() {
                cost += W_TWICE * i64::from(count.saturating_sub(plan.allowed[s]));
            }
        }
        let t = &self.difficulty[c];
        let midweek = t[2].max(t[3]);
        let other = [1, 4, 5, 6].iter().map(|&d| t[d]).max().unwrap_or(0);
        cost + W_DIFFICULTY * (other - midweek).max(0)
    }

    /// The sanitary shape of a class's week: free lessons the students wait through plus
    /// lessons above the daily maximum, and longer days with PE beyond those allowed a week.
    fn shape(&self, c: usize) -> (i64, i64) {
        let plan = &self.plans[c];
        let mut waiting = 0;
        let mut long_days: usize = 0;
        for (d, places) in plan.by_day.iter().enumerate() {
            // Lessons of the day and the position after the last (no allocation: this runs
            // for every swap tried).
            let (mut count, mut last) = (0, 0);
            for (k, &i) in places.iter().enumerate() {
                if !self.units[plan.at[i]].parts.is_empty() {
                    count += 1;
                    last = k + 1;
                }
            }
            waiting += (last - count) as i64;
            // A subgroup alone between others' lessons: the other subgroup waits.
            if plan.has_alone {
                waiting += places
                    .iter()
                    .enumerate()
                    .filter(|&(k, &i)| self.units[plan.at[i]].alone && k != 0 && k + 1 != last)
                    .count() as i64;
            }
            if count > plan.max {
                if count <= plan.with_pe && self.pe[c][d] > 0 {
                    long_days += 1;
                } else {
                    waiting += (count - plan.max) as i64;
                }
            }
        }
        (waiting, long_days.saturating_sub(plan.pe_days) as i64)
    }

    /// What the ejection chains keep from getting worse in class `c`: its shape, every part.
    fn hard(&self, c: usize) -> i64 {
        let (waiting, long_days) = self.shape(c);
        waiting + long_days
    }

    /// The cost of what a swap of `a` and `b` (units of class `c`) touches.
    fn local_cost(
        &self,
        c: usize,
        a: usize,
        b: usize,
        pa: (usize, usize),
        pb: (usize, usize),
    ) -> i64 {
        let mut teachers: Vec<usize> = self.units[a].teachers.clone();
        teachers.extend(&self.units[b].teachers);
        teachers.sort_unstable();
        teachers.dedup();
        let mut needs: Vec<usize> = self.units[a].needs.clone();
        needs.extend(&self.units[b].needs);
        needs.sort_unstable();
        needs.dedup();
        let places = if pa == pb { vec![pa] } else { vec![pa, pb] };
        let mut days = vec![pa.0];
        if pb.0 != pa.0 {
            days.push(pb.0);
        }
        let mut cost = 0;
        for &t in &teachers {
            for &(d, n) in &places {
                cost += W_TEACHER * i64::from(self.teacher_occ[self.t(t, d, n)].saturating_sub(1));
            }
            for &d in &days {
                cost += W_GAP * self.gaps(t, d);
            }
        }
        for &r in &needs {
            let w = if NEEDS[r] == Need::Gym {
                W_GYM
            } else {
                W_HARD_ROOM
            };
            for &(d, n) in &places {
                let over = i64::from(self.need_occ[self.r(r, d, n)]) - self.capacity[r];
                cost += w * over.max(0);
            }
        }
        cost + self.class_cost(c, &days)
    }

    /// Swaps the units at places `i` and `j` of class `c`.
    fn swap(&mut self, c: usize, i: usize, j: usize) {
        let (a, b) = (self.plans[c].at[i], self.plans[c].at[j]);
        debug_assert!(!self.units[a].pinned && !self.units[b].pinned);
        let (pa, pb) = (self.plans[c].slots[i], self.plans[c].slots[j]);
        self.apply(a, pa, false);
        self.apply(b, pb, false);
        self.apply(a, pb, true);
        self.apply(b, pa, true);
        self.plans[c].at.swap(i, j);
        self.place[a] = j;
        self.place[b] = i;
    }

    /// The change of cost of swapping places `i` and `j` of class `c`.
    fn delta(&mut self, c: usize, i: usize, j: usize) -> i64 {
        let (a, b) = (self.plans[c].at[i], self.plans[c].at[j]);
        let (pa, pb) = (self.plans[c].slots[i], self.plans[c].slots[j]);
        let before = self.local_cost(c, a, b, pa, pb);
        self.swap(c, i, j);
        let after = self.local_cost(c, a, b, pa, pb);
        self.swap(c, i, j);
        after - before
    }

    /// Whether the unit at place `j` of class `c` may move (a joint lesson keeps its place).
    fn movable(&self, c: usize, j: usize) -> bool {
        !self.units[self.plans[c].at[j]].pinned
    }

    /// A unit's teachers or scarce rooms taken twice at its place; a joint lesson never counts
    /// (it does not move: what meets it there does).
    fn in_conflict(&self, u: usize) -> bool {
        if self.units[u].pinned {
            return false;
        }
        let (d, n) = self.plans[self.units[u].class].slots[self.place[u]];
        self.units[u]
            .teachers
            .iter()
            .any(|&t| self.teacher_occ[self.t(t, d, n)] > 1)
            || self.units[u].needs.iter().any(|&r| {
                NEEDS[r] != Need::Gym
                    && i64::from(self.need_occ[self.r(r, d, n)]) > self.capacity[r]
            })
    }

    /// Simulated annealing: a random swap of a unit (a conflicting one most of the time) is
    /// taken when it lowers the cost, or raises it by little while the temperature is high;
    /// what a single class's swaps cannot mend, a walk through worse timetables can.
    fn anneal(&mut self, rng: &mut Rng, steps: usize, hot: f64, cold: f64) {
        let total = self.units.len();
        let cooling = (cold / hot).powf(1.0 / steps.max(1) as f64);
        let mut temperature = hot;
        for _ in 0..steps {
            temperature *= cooling;
            let u = rng.below(total);
            let conflicted = self.in_conflict(u);
            if self.units[u].pinned || (!conflicted && rng.below(3) != 0) {
                continue;
            }
            let c = self.units[u].class;
            let i = self.place[u];
            let j = if conflicted {
                self.free_place(u, rng)
            } else {
                rng.below(self.plans[c].slots.len())
            };
            if j == i || !self.movable(c, j) {
                continue;
            }
            let d = self.delta(c, i, j);
            let chance = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            if d <= 0 || chance < (-(d as f64) / temperature).exp() {
                self.swap(c, i, j);
            }
        }
    }

    /// A place of `u`'s class where all its teachers are free (or teach the unit there), taken
    /// at random: a conflict is mended by moving there. Any place when there is none.
    fn free_place(&self, u: usize, rng: &mut Rng) -> usize {
        let c = self.units[u].class;
        let plan = &self.plans[c];
        let free: Vec<usize> = (0..plan.slots.len())
            .filter(|&j| self.movable(c, j) && self.teachers_free(u, j))
            .collect();
        if free.is_empty() {
            rng.below(plan.slots.len())
        } else {
            free[rng.below(free.len())]
        }
    }

    /// The teacher of part `p` of unit `u`.
    fn teacher_of(&self, u: usize, p: usize) -> usize {
        self.teacher_of_load[&self.units[u].parts[p].load]
    }

    /// Whether all of `u`'s teachers are free at place `j` of its class (or teach the unit
    /// there).
    fn teachers_free(&self, u: usize, j: usize) -> bool {
        let plan = &self.plans[self.units[u].class];
        let (d, n) = plan.slots[j];
        let there = &self.units[plan.at[j]].teachers;
        self.units[u]
            .teachers
            .iter()
            .all(|&t| self.teacher_occ[self.t(t, d, n)] == 0 || there.contains(&t))
    }

    /// Ejection chains for what the search left in conflict (mostly subgroup lessons side by
    /// side, whose two teachers are both busy at every place of the class): the unit moves to
    /// a place of its class where its teachers are free, the unit there takes its place, and
    /// when that one is then in conflict, it or a unit of another class its teachers meet
    /// there moves on the same way, up to `depth` moves more. A chain is kept when the clashes
    /// of the school and the shape of the classes it touched are better than before, so
    /// nothing of what the search reached is undone; `budget` bounds the tries of one chain.
    fn eject_all(&mut self, depth: usize, budget: usize) {
        for _ in 0..REPAIR_PASSES {
            let conflicted: Vec<usize> = (0..self.units.len())
                .filter(|&u| self.in_conflict(u))
                .collect();
            if conflicted.is_empty() {
                return;
            }
            let mut mended = false;
            for u in conflicted {
                // The shortest chain first: a deep search would spend the tries on the first
                // place's branch.
                for d in 0..=depth {
                    let mut tries = budget;
                    let goal = Goal {
                        clashes: self.clashes - 1,
                        shape: 0,
                    };
                    if self.in_conflict(u) && self.eject(u, d, goal, 0, &mut tries) {
                        mended = true;
                    }
                }
            }
            if !mended {
                return;
            }
        }
    }

    /// Splits each subgroup unit still in conflict: the lesson of the subgroup whose teacher is
    /// taken leaves for a free lesson (a blank unit) of the class, and both go alone, first or
    /// last in a day. Then the chains move them where the teachers are free.
    fn split_stuck(&mut self) -> bool {
        let mut split = false;
        for u in 0..self.units.len() {
            if !self.in_conflict(u) || self.units[u].parts.len() < 2 {
                continue;
            }
            let c = self.units[u].class;
            let Some(k) = (0..self.plans[c].at.len())
                .rev()
                .map(|j| self.plans[c].at[j])
                .find(|&k| self.units[k].parts.is_empty())
            else {
                continue;
            };
            let (d, n) = self.plans[c].slots[self.place[u]];
            let Some(p) = (0..self.units[u].parts.len()).find(|&p| {
                let t = self.teacher_of(u, p);
                self.teacher_occ[self.t(t, d, n)] > 1
            }) else {
                continue;
            };
            let (pu, pk) = (
                self.plans[c].slots[self.place[u]],
                self.plans[c].slots[self.place[k]],
            );
            self.apply(u, pu, false);
            self.apply(k, pk, false);
            let t = self.teacher_of(u, p);
            let part = self.units[u].parts.remove(p);
            let mut rest: Vec<usize> = (0..self.units[u].parts.len())
                .map(|q| self.teacher_of(u, q))
                .collect();
            rest.sort_unstable();
            rest.dedup();
            self.units[u].teachers = rest;
            self.units[u].alone = true;
            let (subject, score) = (self.units[u].subject, self.units[u].score);
            let blank = &mut self.units[k];
            blank.parts = vec![part];
            blank.teachers = vec![t];
            blank.subject = subject;
            blank.score = score;
            blank.alone = true;
            self.apply(u, pu, true);
            self.apply(k, pk, true);
            self.plans[c].has_alone = true;
            split = true;
        }
        split
    }

    /// One link of a chain: `goal` is what the chain must reach, `shape` the change of the
    /// touched classes' shape so far.
    fn eject(&mut self, u: usize, depth: usize, goal: Goal, shape: i64, tries: &mut usize) -> bool {
        let c = self.units[u].class;
        let i = self.place[u];
        // Places where u's teachers are free first, then the others (their lessons there
        // move on).
        let (mut order, busy): (Vec<usize>, Vec<usize>) = (0..self.plans[c].slots.len())
            .filter(|&j| self.movable(c, j))
            .partition(|&j| self.teachers_free(u, j));
        order.extend(busy);
        for j in order {
            if j == i {
                continue;
            }
            if *tries == 0 {
                return false;
            }
            *tries -= 1;
            let before = self.hard(c);
            self.swap(c, i, j);
            let shape = shape + self.hard(c) - before;
            if shape <= goal.shape && self.clashes <= goal.clashes {
                return true;
            }
            if depth > 0 && self.clashes <= goal.clashes + 2 {
                // The units u's teachers meet at its new place, the unit that took u's place
                // and the units its teachers meet there move on.
                let b = self.plans[c].at[i];
                let mut next = self.clashing(u, self.plans[c].slots[j]);
                next.push(b);
                next.extend(self.clashing(b, self.plans[c].slots[i]));
                for x in next {
                    if x != u && self.in_conflict(x) && self.eject(x, depth - 1, goal, shape, tries)
                    {
                        return true;
                    }
                }
            }
            self.swap(c, i, j);
        }
        false
    }

    /// The units at place (d, n) of any class sharing a teacher with unit `u`, `u` left out.
    fn clashing(&self, u: usize, (d, n): (usize, usize)) -> Vec<usize> {
        (0..self.units.len())
            .filter(|&x| x != u && !self.units[x].pinned)
            .filter(|&x| {
                let c = self.units[x].class;
                self.plans[c].slots[self.place[x]] == (d, n)
                    && self.units[x]
                        .teachers
                        .iter()
                        .any(|t| self.units[u].teachers.contains(t))
            })
            .collect()
    }

    /// Two swaps at once for each conflicting unit: it moves to another place of its class, and
    /// a unit of another class its teachers meet there moves away within that class. Taken when
    /// both together lower the cost; what one swap at a time cannot mend.
    fn repair(&mut self, passes: usize) {
        for _ in 0..passes {
            let conflicted: Vec<usize> = (0..self.units.len())
                .filter(|&u| self.in_conflict(u))
                .collect();
            if conflicted.is_empty() {
                return;
            }
            for u in conflicted {
                if self.in_conflict(u) {
                    self.repair_unit(u);
                }
            }
        }
    }

    fn repair_unit(&mut self, u: usize) {
        let c = self.units[u].class;
        let i = self.place[u];
        for j in 0..self.plans[c].slots.len() {
            if j == i || !self.movable(c, j) {
                continue;
            }
            let first = self.delta(c, i, j);
            self.swap(c, i, j);
            let there = self.plans[c].slots[j];
            let mut best: Option<(i64, usize, usize, usize)> = None;
            for x in self.clashing(u, there) {
                let cx = self.units[x].class;
                let k = self.place[x];
                for l in 0..self.plans[cx].slots.len() {
                    if l == k || (cx == c && (l == i || l == j)) || !self.movable(cx, l) {
                        continue;
                    }
                    let second = self.delta(cx, k, l);
                    if best.is_none_or(|b| second < b.0) {
                        best = Some((second, cx, k, l));
                    }
                }
            }
            if let Some((second, cx, k, l)) = best {
                if first + second < 0 {
                    self.swap(cx, k, l);
                    return;
                }
            }
            self.swap(c, i, j);
        }
    }

    /// Ejection chains for the classes whose shape the search left wrong (mostly a subgroup
    /// alone in the middle of a day, its teachers busy at the day's ends): each unit of the
    /// class moves on as for a conflict, and the chain is kept when the shape of the classes it
    /// touched is better and the school's clashes no more than before.
    fn reshape_all(&mut self, depth: usize, budget: usize) {
        for _ in 0..REPAIR_PASSES {
            let mut mended = false;
            for c in 0..self.plans.len() {
                for i in 0..self.plans[c].slots.len() {
                    if self.hard(c) == 0 {
                        break;
                    }
                    let u = self.plans[c].at[i];
                    if !self.units[u].pinned && !self.units[u].parts.is_empty() {
                        mended |= self.reshape(u, depth, budget);
                    }
                }
            }
            if !mended {
                return;
            }
        }
    }

    /// The shortest chain moving `u` on that leaves the touched classes' shape better.
    fn reshape(&mut self, u: usize, depth: usize, budget: usize) -> bool {
        let goal = Goal {
            clashes: self.clashes,
            shape: -1,
        };
        (0..=depth).any(|d| {
            let mut tries = budget;
            self.eject(u, d, goal, 0, &mut tries)
        })
    }

    /// Swaps units while that lowers the cost: conflicting units are tried first, others now
    /// and then; a swap that changes nothing is taken sometimes, to leave a plateau.
    fn improve(&mut self, rng: &mut Rng, rounds: usize) {
        let total = self.units.len();
        for round in 0..rounds {
            let u = rng.below(total);
            let conflicted = self.in_conflict(u);
            if self.units[u].pinned || (!conflicted && rng.below(4) != 0) {
                continue;
            }
            let c = self.units[u].class;
            let i = self.place[u];
            let mut best = (i64::MAX, i);
            for j in 0..self.plans[c].slots.len() {
                if j == i || !self.movable(c, j) {
                    continue;
                }
                let d = self.delta(c, i, j);
                if d < best.0 || (d == best.0 && rng.below(2) == 0) {
                    best = (d, j);
                }
            }
            let sideways = best.0 == 0 && (conflicted || rng.below(8) == 0);
            // A conflict no swap mends: a step uphill in the soft costs now and then, so that
            // another class's swap can mend it later.
            let kick = conflicted && best.0 < W_TEACHER / 2 && round % 4 == 0;
            if best.0 < 0 || sideways || kick {
                self.swap(c, i, best.1);
            }
        }
    }
}

/// What an ejection chain must reach to be kept: the school's clashes and the change of the
/// touched classes' shape at most these.
#[derive(Clone, Copy)]
struct Goal {
    clashes: i64,
    shape: i64,
}

/// Lessons a week of a load line in each half-year, as parts of units.
fn parts_of(l: &LoadInfo) -> Vec<Part> {
    let (n1, n2) = (l.needed(Half::First), l.needed(Half::Second));
    (0..n1.max(n2))
        .map(|k| Part {
            load: l.id,
            first: k < n1,
            second: k < n2,
            label: l.label.clone(),
            subgroup: l.split_id.is_some(),
        })
        .collect()
}

/// The units of one class: whole-class lessons, subgroups of a split side by side, and
/// first-only lessons paired with second-only ones.
fn class_units(lines: &[&LoadInfo]) -> Vec<Vec<Part>> {
    let mut units: Vec<Vec<Part>> = Vec::new();
    let mut splits: BTreeMap<(i64, i64), Vec<Part>> = BTreeMap::new();
    for l in lines {
        match (l.split_id, l.subgroup_id) {
            (Some(split), Some(group)) => splits
                .entry((split, group))
                .or_default()
                .extend(parts_of(l)),
            _ => units.extend(parts_of(l).into_iter().map(|p| vec![p])),
        }
    }
    let mut by_split: BTreeMap<i64, Vec<Vec<Part>>> = BTreeMap::new();
    for ((split, _), parts) in splits {
        by_split.entry(split).or_default().push(parts);
    }
    for groups in by_split.into_values() {
        let longest = groups.iter().map(Vec::len).max().unwrap_or(0);
        for k in 0..longest {
            units.push(groups.iter().filter_map(|g| g.get(k).cloned()).collect());
        }
    }
    // A first-half-year-only whole-class lesson shares its place with a second-only one.
    let only =
        |u: &Vec<Part>, first: bool| u.len() == 1 && u[0].first == first && u[0].second != first;
    let mut out: Vec<Vec<Part>> = Vec::new();
    let mut seconds: Vec<Vec<Part>> = units.iter().filter(|u| only(u, false)).cloned().collect();
    for u in units.into_iter().filter(|u| !only(u, false)) {
        if only(&u, true) {
            if let Some(second) = seconds.pop() {
                out.push(u.into_iter().chain(second).collect());
                continue;
            }
        }
        out.push(u);
    }
    out.extend(seconds);
    out
}

/// A lesson of a joint split (subgroups of several classes side by side) and the place it
/// keeps in each of its classes.
struct Joint {
    /// Indexes of the classes, in class order.
    classes: Vec<usize>,
    parts: Vec<Part>,
    place: (usize, usize),
}

/// What a unit of a class is: a lesson of the class alone (or a free lesson), a joint lesson
/// seen from the first class of its split (it holds the lesson), or from another class.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Free,
    Joint,
    Shadow,
}

/// The lessons of the joint splits, each at a place fixed before the search: a split's lessons
/// on days spread over the week, at the first lesson number free in all its classes, so no
/// class waits before them and their teachers plan around them.
fn joint_lessons(week: &Week, sources: &[&LoadInfo]) -> Vec<Joint> {
    let mut by_classes: BTreeMap<Vec<i64>, Vec<&LoadInfo>> = BTreeMap::new();
    for l in sources.iter().filter(|l| l.class_ids.len() > 1) {
        by_classes.entry(l.class_ids.clone()).or_default().push(l);
    }
    let days = week.week_days.clamp(1, 6) as usize;
    let mut taken: Vec<(usize, (usize, usize))> = Vec::new();
    let mut out = Vec::new();
    for (ids, lines) in by_classes {
        let classes: Vec<usize> = ids
            .iter()
            .filter_map(|id| week.class_index.get(id).copied())
            .collect();
        let units = class_units(&lines);
        // Spread from the first day to the last: Monday, Wednesday, Friday for 3 of 5 days.
        let step = |k: usize| match units.len().clamp(1, days) {
            1 => 0,
            count => k % days * (days - 1) / (count - 1),
        };
        let days_of: Vec<usize> = (0..units.len()).map(|k| 1 + step(k)).collect();
        for (parts, day) in units.into_iter().zip(days_of) {
            let number = (1..NUMBERS)
                .find(|&n| {
                    !taken
                        .iter()
                        .any(|(c, p)| classes.contains(c) && *p == (day, n))
                })
                .unwrap_or(1);
            taken.extend(classes.iter().map(|&c| (c, (day, number))));
            out.push(Joint {
                classes: classes.clone(),
                parts,
                place: (day, number),
            });
        }
    }
    out
}

/// The units of class `c` place by place: its joint lessons at their places (left out where the
/// class has no such place: the check shows them as not placed), its own lessons in the other
/// places in order, then free lessons. What does not fit in the class's week is left unplaced.
fn layout(
    c: usize,
    slots: &[(usize, usize)],
    own: Vec<Vec<Part>>,
    joints: &[&Joint],
) -> Vec<(Vec<Part>, Role)> {
    let mut out: Vec<Option<(Vec<Part>, Role)>> = vec![None; slots.len()];
    for j in joints {
        if let Some(i) = slots.iter().position(|s| *s == j.place) {
            let role = if j.classes.first() == Some(&c) {
                Role::Joint
            } else {
                Role::Shadow
            };
            out[i] = Some((j.parts.clone(), role));
        }
    }
    let mut own = own.into_iter();
    out.into_iter()
        .map(|o| o.unwrap_or_else(|| (own.next().unwrap_or_default(), Role::Free)))
        .collect()
}

/// The places of a class: each day's lesson numbers from the first of its bells up to the
/// grade's daily maximum (the longer day with PE included). The first `units` of them, in the
/// returned order, are an even start: day sizes as equal as the maximum allows, the extra
/// lessons on the preferred days.
struct Places {
    slots: Vec<(usize, usize)>,
    max: usize,
    with_pe: usize,
    pe_days: usize,
}

fn places(week: &Week, class: usize, units: usize) -> Places {
    let info = &week.classes[class];
    let numbers: Vec<usize> = info
        .bells
        .iter()
        .filter(|b| b.0 >= 1)
        .map(|b| b.0 as usize)
        .collect();
    let days = week.week_days.clamp(1, 6) as usize;
    let limit = week.limits.get(&info.grade);
    let max = limit
        .map_or(numbers.len(), |l| l.max_lessons as usize)
        .min(numbers.len());
    let (with_pe, pe_days) = limit
        .and_then(|l| {
            l.max_with_pe
                .map(|m| (m.max(0) as usize, l.pe_days.max(0) as usize))
        })
        .unwrap_or((max, 0));
    let with_pe = with_pe.clamp(max, numbers.len());
    let mut sizes = [0usize; DAYS];
    let base = (units / days).min(max);
    for size in sizes.iter_mut().skip(1).take(days) {
        *size = base;
    }
    let mut left = units.saturating_sub(base * days);
    for cap in [max, with_pe] {
        for &d in DAY_PREFERENCE.iter().filter(|&&d| d <= days) {
            if left > 0 && sizes[d] < cap {
                sizes[d] += 1;
                left -= 1;
            }
        }
    }
    let widest = if pe_days > 0 { with_pe } else { max };
    let start = (1..=days).flat_map(|d| numbers.iter().take(sizes[d]).map(move |&n| (d, n)));
    let rest = (1..=days).flat_map(|d| {
        numbers
            .iter()
            .take(widest)
            .skip(sizes[d])
            .map(move |&n| (d, n))
    });
    Places {
        slots: start.chain(rest).collect(),
        max,
        with_pe,
        pe_days,
    }
}

/// The rooms of the demo by what they are for.
struct Rooms {
    /// Room ids of each scarce kind.
    scarce: [Vec<i64>; 3],
    /// (id, name) of ordinary teaching rooms (classrooms and laboratories).
    ordinary: Vec<(i64, String)>,
}

fn rooms(db: &Db) -> Result<Rooms> {
    let mut stmt = db
        .conn()
        .prepare("SELECT id, name, kind FROM room ORDER BY id")?;
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Rooms {
        scarce: [Vec::new(), Vec::new(), Vec::new()],
        ordinary: Vec::new(),
    };
    let mut spare = Vec::new();
    for (id, name, kind) in rows {
        match kind.as_str() {
            "gym" => out.scarce[0].push(id),
            "computer_room" => out.scarce[1].push(id),
            "workshop" => out.scarce[2].push(id),
            "classroom" if name.starts_with("Технология") => out.scarce[2].push(id),
            "classroom" | "laboratory" => out.ordinary.push((id, name)),
            "library" | "hall" => spare.push((id, name)),
            _ => {}
        }
    }
    // The library and the hall take a group when every classroom is in use.
    out.ordinary.extend(spare);
    Ok(out)
}

/// Gives each lesson of one place a room: scarce kinds first, then home rooms, then the room of
/// the subject, then any free ordinary room; None when nothing is free.
fn rooms_for(
    lessons: &[(usize, &Part)],
    home: &[Option<i64>],
    rooms: &Rooms,
    taken: &mut Vec<i64>,
) -> Vec<Option<i64>> {
    let mut out = vec![None; lessons.len()];
    let free = |id: i64, taken: &mut Vec<i64>| {
        let ok = !taken.contains(&id);
        if ok {
            taken.push(id);
        }
        ok
    };
    for (i, (_, p)) in lessons.iter().enumerate() {
        if let Some(need) = need_of(&p.label) {
            let k = NEEDS.iter().position(|n| *n == need).unwrap_or(0);
            out[i] = rooms.scarce[k].iter().copied().find(|&r| free(r, taken));
        }
    }
    for (i, (class, p)) in lessons.iter().enumerate() {
        if out[i].is_none() && need_of(&p.label).is_none() && !p.subgroup {
            out[i] = home[*class].filter(|&r| free(r, taken));
        }
    }
    for (i, (_, p)) in lessons.iter().enumerate() {
        if out[i].is_none() && need_of(&p.label).is_none() {
            out[i] = rooms
                .ordinary
                .iter()
                .find(|(id, name)| name == &p.label && free(*id, taken))
                .map(|(id, _)| *id);
        }
    }
    for (i, (class, _)) in lessons.iter().enumerate() {
        if out[i].is_none() {
            // Another class's home room only when that class does not need it now.
            let homes_now: Vec<i64> = lessons.iter().filter_map(|(c, _)| home[*c]).collect();
            out[i] = rooms
                .ordinary
                .iter()
                .map(|(id, _)| *id)
                .filter(|id| !homes_now.contains(id) || home[*class] == Some(*id))
                .find(|&r| free(r, taken));
        }
    }
    out
}

pub(super) fn create(db: &Db, year_id: i64, on: NaiveDate) -> Result<()> {
    let conn = db.conn();
    let mut week = Week::read_in(conn, year_id)?;
    let mut sources: Vec<&LoadInfo> = week
        .loads
        .values()
        .filter(|l| l.part != CurriculumPart::Extracurricular)
        .collect();
    sources.sort_by_key(|l| l.id);
    let mut teacher_index: HashMap<i64, usize> = HashMap::new();
    let mut teacher_of_load: HashMap<i64, usize> = HashMap::new();
    let mut subjects: Vec<HashMap<String, usize>> = vec![HashMap::new(); week.classes.len()];
    let mut units: Vec<Unit> = Vec::new();
    let mut plans: Vec<Plan> = Vec::new();
    let joints = joint_lessons(&week, &sources);
    for (c, info) in week.classes.iter().enumerate() {
        let lines: Vec<&LoadInfo> = sources
            .iter()
            .filter(|l| l.class_ids == [info.id])
            .copied()
            .collect();
        let own: Vec<&Joint> = joints.iter().filter(|j| j.classes.contains(&c)).collect();
        let list = class_units(&lines);
        let p = places(&week, c, list.len() + own.len());
        let layout = layout(c, &p.slots, list, &own);
        let mut weekly: HashMap<usize, u8> = HashMap::new();
        let first = units.len();
        for (parts, role) in layout {
            let shadow = role == Role::Shadow;
            let teachers = {
                let mut t: Vec<usize> = parts
                    .iter()
                    .filter(|_| !shadow)
                    .map(|p| {
                        let staff = week.loads[&p.load].staff_member_id;
                        let next = teacher_index.len();
                        let t = *teacher_index.entry(staff).or_insert(next);
                        teacher_of_load.insert(p.load, t);
                        t
                    })
                    .collect();
                t.sort_unstable();
                t.dedup();
                t
            };
            // A blank unit (a free lesson) has no parts and the subject "".
            let label = parts.first().map(|p| p.label.clone()).unwrap_or_default();
            let next = subjects[c].len();
            let subject = *subjects[c].entry(label.clone()).or_insert(next);
            *weekly.entry(subject).or_default() += 1;
            units.push(Unit {
                class: c,
                needs: parts
                    .iter()
                    .filter(|_| !shadow)
                    .filter_map(|p| need_of(&p.label))
                    .map(|n| NEEDS.iter().position(|x| *x == n).unwrap_or(0))
                    .collect(),
                teachers,
                subject,
                score: i64::from(
                    sanitary::score(&week.difficulty, &label, info.grade).unwrap_or(0),
                ),
                pe: parts.iter().any(|p| need_of(&p.label) == Some(Need::Gym)),
                alone: false,
                pinned: role != Role::Free,
                shadow,
                parts,
            });
        }
        let days = week.week_days.max(1) as usize;
        let mut allowed = vec![1u8; subjects[c].len()];
        for (s, w) in weekly {
            allowed[s] = (usize::from(w).div_ceil(days)) as u8;
        }
        if let Some(&blank) = subjects[c].get("") {
            allowed[blank] = u8::MAX;
        }
        let mut by_day = vec![Vec::new(); DAYS];
        for (i, &(d, _)) in p.slots.iter().enumerate() {
            by_day[d].push(i);
        }
        for places in &mut by_day {
            places.sort_by_key(|&i| p.slots[i].1);
        }
        plans.push(Plan {
            at: (first..units.len()).collect(),
            slots: p.slots,
            by_day,
            max: p.max,
            with_pe: p.with_pe,
            pe_days: p.pe_days,
            allowed,
            has_alone: false,
        });
    }
    let room_list = rooms(db)?;
    let teachers = teacher_index.len();
    let mut search = Search {
        capacity: [0, 1, 2].map(|k| room_list.scarce[k].len() as i64),
        teacher_occ: vec![0; teachers * DAYS * NUMBERS],
        need_occ: vec![0; NEEDS.len() * DAYS * NUMBERS],
        subject_count: subjects
            .iter()
            .map(|s| vec![vec![0u8; s.len()]; DAYS])
            .collect(),
        difficulty: vec![[0; DAYS]; plans.len()],
        pe: vec![[0; DAYS]; plans.len()],
        place: vec![0; units.len()],
        clashes: 0,
        teacher_of_load,
        units,
        plans,
    };
    for c in 0..search.plans.len() {
        for i in 0..search.plans[c].at.len() {
            let u = search.plans[c].at[i];
            search.place[u] = i;
            let p = search.plans[c].slots[i];
            search.apply(u, p, true);
        }
    }
    let mut rng = Rng(0x5A41_5655_2026_2027);
    let units = search.units.len();
    search.improve(&mut rng, units * IMPROVE_PER_UNIT);
    search.anneal(&mut rng, units * ANNEAL_PER_UNIT, 6_000.0, 5.0);
    search.improve(&mut rng, units * IMPROVE_PER_UNIT);
    search.repair(REPAIR_PASSES);
    search.eject_all(EJECT_DEPTH, EJECT_TRIES);
    for _ in 0..SPLIT_ROUNDS {
        if !search.split_stuck() {
            break;
        }
        search.eject_all(EJECT_DEPTH, EJECT_TRIES);
        search.improve(&mut rng, units * SPLIT_IMPROVE_PER_UNIT);
        search.eject_all(EJECT_DEPTH, EJECT_TRIES);
    }
    search.reshape_all(EJECT_DEPTH, EJECT_TRIES);
    write(db, &mut week, &search, &room_list, on)
}

/// Writes the lessons place by place, each checked against the week in memory.
fn write(
    db: &Db,
    week: &mut Week,
    search: &Search,
    room_list: &Rooms,
    on: NaiveDate,
) -> Result<()> {
    let home: Vec<Option<i64>> = week.classes.iter().map(|c| c.home_room_id).collect();
    let mut by_place: BTreeMap<(usize, usize), Vec<(usize, &Part)>> = BTreeMap::new();
    for (c, plan) in search.plans.iter().enumerate() {
        for (i, &u) in plan.at.iter().enumerate() {
            if search.units[u].shadow {
                continue; // written with the first class of its joint split
            }
            for p in &search.units[u].parts {
                by_place.entry(plan.slots[i]).or_default().push((c, p));
            }
        }
    }
    let staff = timetable::working_staff(db, on)?;
    let mut left = Vec::new();
    for ((d, n), lessons) in by_place {
        let mut taken = Vec::new();
        let chosen = rooms_for(&lessons, &home, room_list, &mut taken);
        for ((c, p), room) in lessons.iter().zip(chosen) {
            let input = LessonInput {
                id: None,
                teaching_load_id: p.load,
                day: d as i32,
                lesson_number: n as i32,
                room_id: room,
                in_first: p.first,
                in_second: p.second,
            };
            let Some(mut lesson) = week.candidate(&input) else {
                continue;
            };
            if week.conflicts_of(&lesson, &staff).is_empty() {
                lesson.id = timetable::write_entry(db.conn(), &input, week.academic_year_id)?;
                week.push(lesson);
            } else {
                left.push((search.plans[*c].max, input));
            }
        }
    }
    for (max, input) in left {
        place_at_day_end(db, week, &staff, room_list, max, input)?;
    }
    Ok(())
}

/// A lesson the search left in a conflict (a subgroup whose teacher is taken) goes after the
/// last lesson of a day of its class where the class is below its daily maximum, the teacher
/// is free and a room is: the other subgroup goes home a lesson earlier that day. Left out when
/// no day has such a place (the check shows it as not placed).
fn place_at_day_end(
    db: &Db,
    week: &mut Week,
    staff: &std::collections::HashSet<i64>,
    room_list: &Rooms,
    max: usize,
    mut input: LessonInput,
) -> Result<()> {
    let Some(class) = week
        .loads
        .get(&input.teaching_load_id)
        .map(|l| l.class_ids[0])
    else {
        return Ok(());
    };
    let Some(info) = week.class(class).cloned() else {
        return Ok(());
    };
    for &d in DAY_PREFERENCE
        .iter()
        .filter(|&&d| d as i32 <= week.week_days)
    {
        let day = d as i32;
        let numbers: Vec<i32> = week
            .lessons
            .iter()
            .filter(|l| l.day == day && l.class_ids.contains(&class))
            .map(|l| l.lesson_number)
            .collect();
        let count = numbers
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let next = numbers.iter().max().map_or(1, |n| n + 1);
        if count >= max || !info.bells.iter().any(|b| b.0 == next) {
            continue;
        }
        let taken: Vec<i64> = week.at(day, next).filter_map(|l| l.room_id).collect();
        input.day = day;
        input.lesson_number = next;
        input.room_id = room_list
            .ordinary
            .iter()
            .map(|(id, _)| *id)
            .find(|id| !taken.contains(id));
        let Some(mut lesson) = week.candidate(&input) else {
            return Ok(());
        };
        if week.conflicts_of(&lesson, staff).is_empty() {
            lesson.id = timetable::write_entry(db.conn(), &input, week.academic_year_id)?;
            week.push(lesson);
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::db::Db;
    use crate::timetable::{self, Half};
    use crate::year;
    use chrono::NaiveDate;

    #[test]
    fn the_demo_load_is_placed_without_conflicts_within_the_daily_maximum_and_without_class_gaps() {
        let db = Db::in_memory().unwrap();
        super::super::create(&db).unwrap();
        let year = year::current(&db).unwrap().unwrap().id.unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let check = timetable::check(&db, year, on).unwrap();
        assert!(check.conflicts.is_empty(), "{:?}", check.conflicts.first());
        assert!(
            (850..=1000).contains(&check.required),
            "{} lessons",
            check.required
        );
        // Every lesson of the load is placed, in both half-years.
        assert_eq!(check.placed, check.required);
        assert_eq!(check.placed_first, check.required_first);
        assert_eq!(check.placed_second, check.required_second);
        let codes = |code: &str| check.warnings.iter().filter(|w| w.code == code).count();
        assert_eq!(codes("above_daily_limit"), 0);
        assert_eq!(codes("placed_differs_from_load"), 0);
        // Every lesson has a room.
        let sheet = timetable::school_sheet(&db, year).unwrap();
        let lessons: Vec<&timetable::Lesson> = sheet.cells.iter().flatten().flatten().collect();
        let roomless = lessons.iter().filter(|l| l.room_id.is_none()).count();
        assert_eq!(
            roomless,
            0,
            "{roomless} of {} without a room",
            lessons.len()
        );
        // The joint English groups of 11 А and 11 Б: every lesson of their load lines placed,
        // each in the weeks of both classes at once.
        let week = timetable::Week::read(&db, year).unwrap();
        let needed: i32 = week
            .loads
            .values()
            .filter(|l| l.class_ids.len() > 1)
            .map(|l| l.needed(Half::First).max(l.needed(Half::Second)))
            .sum();
        // The sheet shows a joint lesson in the column of each of its classes.
        let mut joint: Vec<&&timetable::Lesson> =
            lessons.iter().filter(|l| l.class_ids.len() > 1).collect();
        joint.sort_by_key(|l| l.id);
        joint.dedup_by_key(|l| l.id);
        assert!(needed > 0, "the demo has a joint split with its load");
        assert_eq!(joint.len() as i32, needed);
        for l in &joint {
            for class in &l.class_ids {
                let view = timetable::class_week(&db, *class).unwrap();
                let row = view
                    .rows
                    .iter()
                    .position(|r| r.lesson_number == l.lesson_number);
                let col = view.days.iter().position(|d| d.day == l.day);
                let cell = &view.cells[row.unwrap()][col.unwrap()];
                assert!(cell.iter().any(|x| x.id == l.id), "{}", l.title());
            }
        }
        // Every class's days start at lesson 1 with no free lesson between.
        for class in &check_classes(&db, year) {
            let view = timetable::class_week(&db, *class).unwrap();
            for day in 0..view.days.len() {
                let filled: Vec<bool> = view.cells.iter().map(|row| !row[day].is_empty()).collect();
                let last = filled.iter().rposition(|f| *f).unwrap_or(0);
                assert!(
                    filled[..=last].iter().all(|f| *f),
                    "{} day {day}",
                    view.title
                );
                assert_no_subgroup_waits(&view, day);
            }
        }
    }

    /// Each subgroup's lessons of a day (whole-class ones, its own, other splits') follow one
    /// another: a lesson of a split without this subgroup's lesson beside it comes first or
    /// last in the day.
    fn assert_no_subgroup_waits(view: &timetable::WeekView, day: usize) {
        let rows: Vec<&Vec<timetable::Lesson>> = view.cells.iter().map(|row| &row[day]).collect();
        let groups: std::collections::BTreeSet<(i64, i64)> = rows
            .iter()
            .flat_map(|c| c.iter())
            .filter_map(|l| Some((l.split_id?, l.subgroup_id?)))
            .collect();
        for (split, group) in groups {
            let attends: Vec<bool> = rows
                .iter()
                .map(|c| {
                    c.iter()
                        .any(|l| l.split_id != Some(split) || l.subgroup_id == Some(group))
                })
                .collect();
            let first = attends.iter().position(|a| *a).unwrap_or(0);
            let last = attends.iter().rposition(|a| *a).unwrap_or(0);
            assert!(
                attends[first..=last].iter().all(|a| *a),
                "{} day {day}: subgroup {group} waits",
                view.title
            );
        }
    }

    fn check_classes(db: &Db, year: i64) -> Vec<i64> {
        timetable::school_sheet(db, year)
            .unwrap()
            .classes
            .iter()
            .map(|c| c.id)
            .collect()
    }
}
