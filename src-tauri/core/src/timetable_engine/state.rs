//! A placement being searched: where each activity is, counters of who is busy at each slot
//! (so a clash is known at once), and the cost of every constraint kept up to date as
//! activities are taken out and put back — only what an activity touches is counted again.

use super::compile::Compiled;
use super::model::{Kind, Slot, HARD};
use super::rooms;
use super::rules;

/// Hard units and weighted soft ones (a soft unit weighs its percent).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cost {
    pub hard: i64,
    pub soft: f64,
}

/// What one broken hard unit weighs against soft ones: more than any handful of soft breaks,
/// few enough that soft constraints still steer the search to the first timetable.
const HARD_UNIT: f64 = 2_000.0;

/// What a teacher's free period between two lessons weighs: half a soft unit of weight 1 %,
/// below every constraint a file sets, so the search lowers gaps only where nothing else
/// is at stake.
const TEACHER_GAP: f64 = 0.5;

impl Cost {
    pub fn score(self) -> f64 {
        self.hard as f64 * HARD_UNIT + self.soft
    }

    /// A soft unit of weight w weighs −ln(1 − w): how unlikely FET, which checks a soft
    /// constraint with the probability of its weight, is to let the break pass. A break of
    /// 99.75 % weighs twice one of 95 % and nine times one of 50 %.
    pub fn of(units: usize, weight: f64) -> Cost {
        if units == 0 {
            Cost::default()
        } else if weight >= HARD {
            Cost {
                hard: units as i64,
                soft: 0.0,
            }
        } else {
            let kept = (1.0 - weight / HARD).max(1e-4);
            Cost {
                hard: 0,
                soft: units as f64 * -100.0 * kept.ln(),
            }
        }
    }

    fn add(&mut self, other: Cost) {
        self.hard += other.hard;
        self.soft += other.soft;
    }

    fn sub(&mut self, other: Cost) {
        self.hard -= other.hard;
        self.soft -= other.soft;
    }
}

pub struct State<'c> {
    pub c: &'c Compiled,
    pub start: Vec<Option<Slot>>,
    pub room: Vec<Option<usize>>,
    /// People × slots: how many placed activities hold the person then.
    count: Vec<u16>,
    room_count: Vec<u16>,
    /// People × slots: the activities holding the person then.
    at: Vec<Vec<u32>>,
    /// People × days: the periods the person is busy, and the shape of that day.
    busy: Vec<u64>,
    shapes: Vec<rules::DayShape>,
    /// Periods placed per person over the week.
    load: Vec<u32>,
    /// Two activities of one person or room at one time, counted per extra activity.
    clashes: i64,
    pub person_cost: Vec<Cost>,
    /// Per group rule, the units by which the placed activities break it, and their cost.
    group_units: Vec<usize>,
    pub group_cost: Vec<Cost>,
    pub own_cost: Vec<Cost>,
    /// The part of each person's soft cost that is their gaps (teachers only), once counted.
    pub gap_cost: Vec<f64>,
    /// Whether teachers' gaps are in the cost (from the first timetable on).
    gaps_on: bool,
    /// The sum of the rules' costs above (clashes apart).
    rules_cost: Cost,
}

impl<'c> State<'c> {
    pub fn new(c: &'c Compiled) -> State<'c> {
        let activities = c.allowed.len();
        State {
            c,
            start: vec![None; activities],
            room: vec![None; activities],
            count: vec![0; c.people * c.slots],
            room_count: vec![0; c.rooms * c.slots],
            at: vec![Vec::new(); c.people * c.slots],
            busy: vec![0; c.people * c.days],
            shapes: vec![rules::DayShape::default(); c.people * c.days],
            load: vec![0; c.people],
            clashes: 0,
            person_cost: vec![Cost::default(); c.people],
            group_units: vec![0; c.group_rules.len()],
            group_cost: vec![Cost::default(); c.group_rules.len()],
            own_cost: vec![Cost::default(); activities],
            gap_cost: vec![0.0; c.people],
            gaps_on: false,
            rules_cost: Cost::default(),
        }
    }

    pub fn busy_week(&self, p: usize) -> &[u64] {
        &self.busy[p * self.c.days..(p + 1) * self.c.days]
    }

    /// From now on counts teachers' gaps and the soft difficulty peaks in the cost: the
    /// search solves the hard constraints first, as FET, and lowers these once it has a
    /// timetable (a week's shape, weighed while lessons still clash, only slows that down).
    pub fn count_gaps(&mut self) {
        self.gaps_on = true;
        let mut total = self.rules_cost;
        for p in 0..self.c.teachers {
            total.sub(self.person_cost[p]);
            self.person_cost[p] = self.person_now(p);
            self.gap_cost[p] = self.gap_cost_of(p);
            total.add(self.person_cost[p]);
        }
        for g in 0..self.c.group_rules.len() {
            if self.is_late(g) {
                total.sub(self.group_cost[g]);
                self.group_units[g] =
                    rules::group_units(self.c, &self.c.group_rules[g].rule, &self.start);
                self.group_cost[g] = self.group_cost_of(g);
                total.add(self.group_cost[g]);
            }
        }
        self.rules_cost = total;
    }

    /// A rule weighed only once the search has a timetable (see `count_gaps`).
    fn is_late(&self, g: usize) -> bool {
        let rule = &self.c.group_rules[g];
        !rule.is_hard() && matches!(rule.rule, Kind::DifficultyPeak { .. })
    }

    fn group_cost_of(&self, g: usize) -> Cost {
        if self.is_late(g) && !self.gaps_on {
            return Cost::default();
        }
        Cost::of(self.group_units[g], self.c.group_rules[g].weight)
    }

    fn gap_cost_of(&self, p: usize) -> f64 {
        if self.gaps_on && p < self.c.teachers {
            TEACHER_GAP * self.gaps(p) as f64
        } else {
            0.0
        }
    }

    /// The person's free periods between lessons over the week, counted as FET.
    pub fn gaps(&self, p: usize) -> usize {
        self.shapes_of(p).iter().map(|s| s.gaps).sum()
    }

    fn shapes_of(&self, p: usize) -> &[rules::DayShape] {
        &self.shapes[p * self.c.days..(p + 1) * self.c.days]
    }

    /// Shapes again the activity's day for each of its people, after it came or went.
    fn reshape(&mut self, a: usize, s: Slot) {
        let c = self.c;
        let day = s / c.periods;
        for &p in &c.people_of[a] {
            let i = p * c.days + day;
            self.shapes[i] = rules::shape(self.busy[i], c.not_gap[p][day]);
        }
    }

    pub fn holders(&self, p: usize, slot: Slot) -> &[u32] {
        &self.at[p * self.c.slots + slot]
    }

    pub fn room_count(&self, r: usize, slot: Slot) -> u16 {
        self.room_count[r * self.c.slots + slot]
    }

    /// Two activities of one person or room at one time, counted per extra activity.
    pub fn clashes(&self) -> i64 {
        self.clashes
    }

    /// Whether the activity shares a person or its room with another at one of its slots.
    pub fn clashes_of(&self, a: usize) -> bool {
        let Some(s) = self.start[a] else { return false };
        self.c.taken(a, s).any(|t| {
            self.c.people_of[a]
                .iter()
                .any(|&p| self.count[p * self.c.slots + t] > 1)
                || self.room[a].is_some_and(|r| self.room_count(r, t) > 1)
        })
    }

    pub fn remove(&mut self, a: usize) {
        let Some(s) = self.start[a].take() else {
            return;
        };
        let c = self.c;
        for t in c.taken(a, s) {
            for &p in &c.people_of[a] {
                let i = p * c.slots + t;
                self.count[i] -= 1;
                if self.count[i] > 0 {
                    self.clashes -= 1;
                } else {
                    self.busy[p * c.days + t / c.periods] &= !(1 << (t % c.periods));
                }
                let list = &mut self.at[i];
                if let Some(k) = list.iter().position(|&x| x as usize == a) {
                    list.swap_remove(k);
                }
                self.load[p] -= 1;
            }
            if let Some(r) = self.room[a] {
                let i = r * c.slots + t;
                self.room_count[i] -= 1;
                if self.room_count[i] > 0 {
                    self.clashes -= 1;
                }
            }
        }
        self.room[a] = None;
        self.reshape(a, s);
        self.recount(a, s, false);
    }

    /// Puts the activity at `start` in the room that suits it best there.
    pub fn insert(&mut self, a: usize, start: Slot) {
        let room = rooms::pick(self, a, start);
        self.insert_in(a, start, room);
    }

    pub fn insert_in(&mut self, a: usize, s: Slot, room: Option<usize>) {
        self.remove(a);
        let c = self.c;
        self.start[a] = Some(s);
        self.room[a] = room;
        for t in c.taken(a, s) {
            for &p in &c.people_of[a] {
                let i = p * c.slots + t;
                if self.count[i] > 0 {
                    self.clashes += 1;
                }
                self.count[i] += 1;
                self.busy[p * c.days + t / c.periods] |= 1 << (t % c.periods);
                self.at[i].push(a as u32);
                self.load[p] += 1;
            }
            if let Some(r) = room {
                let i = r * c.slots + t;
                if self.room_count[i] > 0 {
                    self.clashes += 1;
                }
                self.room_count[i] += 1;
            }
        }
        self.reshape(a, s);
        self.recount(a, s, true);
    }

    /// Counts again what the activity, just placed at `s` or taken from there, touches and
    /// keeps the total. A rule over pairs changes by the pairs the activity makes alone.
    fn recount(&mut self, a: usize, s: Slot, placed: bool) {
        let c = self.c;
        let mut total = self.rules_cost;
        for &p in &c.people_of[a] {
            total.sub(self.person_cost[p]);
            self.person_cost[p] = self.person_now(p);
            self.gap_cost[p] = self.gap_cost_of(p);
            total.add(self.person_cost[p]);
        }
        for &g in &c.groups_of[a] {
            total.sub(self.group_cost[g]);
            let rule = &c.group_rules[g];
            let share = rules::pair_share(c, &rule.rule, &c.group_members[g], &self.start, (a, s));
            self.group_units[g] = match share {
                Some(units) if placed => self.group_units[g] + units,
                Some(units) => self.group_units[g] - units,
                None if self.is_late(g) && !self.gaps_on => 0,
                None => rules::group_units(c, &rule.rule, &self.start),
            };
            self.group_cost[g] = self.group_cost_of(g);
            total.add(self.group_cost[g]);
        }
        total.sub(self.own_cost[a]);
        self.own_cost[a] = match self.start[a] {
            Some(s) => self.own_now(a, s),
            None => Cost::default(),
        };
        total.add(self.own_cost[a]);
        self.rules_cost = total;
    }

    /// What the activity's room and time wishes cost at `s`.
    fn own_now(&self, a: usize, s: Slot) -> Cost {
        let mut cost = rooms::cost(self.c, a, s, self.room[a]);
        for wish in &self.c.time_wishes[a] {
            if rules::misses(self.c, a, s, &wish.rule) {
                cost.add(Cost::of(1, wish.weight));
            }
        }
        cost
    }

    pub fn person_now(&self, p: usize) -> Cost {
        let c = self.c;
        let busy = self.busy_week(p);
        let mut cost = Cost::default();
        for rule in &c.person_rules[p] {
            if self.load[p] == 0 && rules::needs_lessons(&rule.rule) {
                continue;
            }
            let units = rules::shaped_units(c, &rule.rule, busy, self.shapes_of(p), &self.start);
            cost.add(Cost::of(units, rule.weight));
        }
        cost.soft += self.gap_cost_of(p);
        cost
    }

    /// The whole placement's cost: clashes plus every rule.
    pub fn cost(&self) -> Cost {
        Cost {
            hard: self.rules_cost.hard + self.clashes,
            soft: self.rules_cost.soft,
        }
    }
}
