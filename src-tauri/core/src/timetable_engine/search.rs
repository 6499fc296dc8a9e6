//! The search. First every activity is placed, the most constrained first (fewest starts
//! allowed, busiest people), each where it costs least. Then a tabu search mends what is
//! broken: an activity in a broken hard constraint is taken out and tried at every allowed
//! start — moved there, or swapped with one or all of the activities of the same length that
//! hold one of its people there — and goes where the whole placement costs least, a move back
//! being forbidden for a while so the search does not cycle; a search stuck for long kicks a
//! few activities to random starts. After the first timetable it settles (mends soft breaks
//! while that still helps) and stops, or improves for the time given. Unlike FET, which checks a soft
//! constraint with the probability of its weight, every move is weighed by the cost of all
//! constraints, so soft ones are broken as rarely as the search can. A seeded generator makes
//! the run the same for the same seed (given the same time to run).

use super::compile::Compiled;
use super::model::{Progress, Slot};
use super::rules;
use super::state::{Cost, State};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Iterations a move back stays forbidden: at least this, up to twice it.
const TENURE: usize = 10;
/// After the first timetable, the search settles until this share of the activities' number
/// of moves in a row brings nothing better.
const SETTLE_SHARE: usize = 4;
/// ... and at least this many (a small problem still gets a few tries).
const SETTLE_LEAST: usize = 20;
/// While solving, moves without a better placement (in settles' lengths) before a kick, and
/// how many activities a kick moves.
const KICK_AFTER: usize = 8;
const KICKED: usize = 5;
/// While solving, one move in this many mends a soft break.
const SOFT_TURNS: usize = 4;
/// The least time between two progress reports.
const REPORT_EVERY: Duration = Duration::from_millis(100);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Until no hard constraint is broken.
    Solve,
    /// Soft breaks mended while moves still help.
    Settle,
    /// The time the caller gives to lower soft breaks.
    Improve,
}

/// What an activity to move is picked by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trouble {
    /// In a broken hard constraint.
    Hard,
    /// In a broken soft constraint of the problem.
    Soft,
    /// Of a teacher with gaps.
    Gaps,
}

#[derive(Clone)]
pub struct Snapshot {
    pub start: Vec<Option<Slot>>,
    pub room: Vec<Option<usize>>,
    pub cost: Cost,
}

/// When to stop, and whom to tell how it goes.
pub struct Limits<'a> {
    pub deadline: Instant,
    pub improve: Duration,
    /// Steps after which the search stops, whatever the time.
    pub steps: Option<usize>,
    pub cancel: &'a std::sync::atomic::AtomicBool,
    pub progress: &'a mut dyn FnMut(Progress),
}

pub struct Search<'c> {
    pub state: State<'c>,
    rng: Rng,
    tabu: Vec<usize>,
    iteration: usize,
    pub best: Snapshot,
    pub cancelled: bool,
    reported: Option<Instant>,
}

/// One change of the placement: `a` to `start`, and `others` (when swapping) to where `a`
/// was.
#[derive(Clone)]
struct Move {
    a: usize,
    start: Slot,
    others: Vec<usize>,
}

impl<'c> Search<'c> {
    pub fn new(c: &'c Compiled, seed: u64) -> Search<'c> {
        let state = State::new(c);
        // Nothing placed is no timetable: any placement is better.
        let mut best = snapshot(&state);
        best.cost.hard = i64::MAX;
        Search {
            state,
            rng: Rng::new(seed),
            tabu: vec![0; c.allowed.len() * c.slots],
            iteration: 0,
            best,
            cancelled: false,
            reported: None,
        }
    }

    /// Places every activity that has an allowed start, the most constrained first.
    pub fn construct(&mut self) {
        let c = self.state.c;
        let mut load = vec![0usize; c.people];
        for (a, people) in c.people_of.iter().enumerate() {
            for &p in people {
                load[p] += c.duration[a];
            }
        }
        let mut order: Vec<usize> = (0..c.allowed.len())
            .filter(|&a| !c.allowed[a].is_empty())
            .collect();
        order.sort_by_key(|&a| {
            let busiest = c.people_of[a].iter().map(|&p| load[p]).max().unwrap_or(0);
            (
                c.allowed[a].len() / c.duration[a],
                std::cmp::Reverse(busiest),
                a,
            )
        });
        for a in order {
            let mut best: Option<(f64, Slot)> = None;
            let mut ties = 0;
            for &s in &c.allowed[a] {
                self.state.insert(a, s);
                let score = self.state.cost().score();
                self.state.remove(a);
                self.keep_better(&mut best, &mut ties, score, s);
            }
            if let Some((_, s)) = best {
                self.state.insert(a, s);
            }
        }
        self.note_best();
    }

    /// Keeps the lower score; among equal ones each has the same chance.
    fn keep_better<T>(
        &mut self,
        best: &mut Option<(f64, T)>,
        ties: &mut usize,
        score: f64,
        what: T,
    ) {
        match best {
            Some((b, _)) if score > *b + 1e-9 => {}
            Some((b, _)) if score >= *b - 1e-9 => {
                *ties += 1;
                if self.rng.below(*ties + 1) == 0 {
                    *best = Some((score, what));
                }
            }
            _ => {
                *ties = 0;
                *best = Some((score, what));
            }
        }
    }

    /// Mends the placement until it breaks no hard constraint, then settles: soft breaks are
    /// mended until a quarter as many moves as there are activities bring nothing better. With
    /// `improve`, goes on lowering soft breaks that long. Stops early at the deadline or a
    /// cancel.
    pub fn run(&mut self, limits: &mut Limits) {
        let mut deadline = limits.deadline;
        let mut phase = Phase::Solve;
        let settle = (self.state.c.allowed.len() / SETTLE_SHARE).max(SETTLE_LEAST);
        let mut stall = 0;
        let mut least_rules = f64::INFINITY;
        loop {
            if limits.cancel.load(Ordering::Relaxed) {
                self.cancelled = true;
                break;
            }
            let now = Instant::now();
            if now >= deadline || limits.steps.is_some_and(|n| self.iteration >= n) {
                break;
            }
            let hard_free = self.state.cost().hard == 0;
            if hard_free && phase == Phase::Solve {
                phase = Phase::Settle;
                stall = 0;
                self.state.count_gaps();
                self.best = snapshot(&self.state);
                least_rules = f64::INFINITY;
            }
            if phase == Phase::Settle && stall >= settle {
                if limits.improve.is_zero() {
                    break;
                }
                phase = Phase::Improve;
                deadline = later(now, limits.improve);
            }
            // Stuck before the first timetable: a few activities in trouble go to random
            // allowed starts, and the search goes on from there.
            if phase == Phase::Solve && stall >= KICK_AFTER * settle.max(1) {
                self.kick();
                stall = 0;
            }
            let Some(a) = self.pick() else { break };
            let better = self.step(a, false);
            // Gaps alone do not prolong the settle: it stops when the file's constraints stop
            // getting better, as it did before gaps were counted.
            let rules = self.state.cost().soft - self.state.gap_cost.iter().sum::<f64>();
            let mended = rules < least_rules - 1e-9;
            least_rules = least_rules.min(rules);
            stall = if better && (phase == Phase::Solve || mended) {
                0
            } else {
                stall + 1
            };
            self.report(limits, now);
        }
        (limits.progress)(self.progress());
    }

    fn kick(&mut self) {
        let c = self.state.c;
        for _ in 0..KICKED {
            let pool = self.in_trouble(Trouble::Hard);
            if pool.is_empty() {
                return;
            }
            let a = pool[self.rng.below(pool.len())];
            let starts = &c.allowed[a];
            let s = starts[self.rng.below(starts.len())];
            self.state.insert(a, s);
        }
    }

    /// An activity to move: one in a broken hard constraint (now and then, while solving,
    /// one in a broken soft constraint), after the first timetable one in a soft break (one
    /// move in `SOFT_TURNS`, or when no soft constraint is broken, one of a teacher with gaps).
    fn pick(&mut self) -> Option<usize> {
        let hard = self.state.cost().hard > 0;
        let turn = self.rng.below(SOFT_TURNS) == 0;
        let (first, then) = match (hard, turn) {
            (true, false) => (Trouble::Hard, Trouble::Hard),
            (true, true) => (Trouble::Soft, Trouble::Hard),
            (false, false) => (Trouble::Soft, Trouble::Gaps),
            (false, true) => (Trouble::Gaps, Trouble::Soft),
        };
        let mut pool = self.in_trouble(first);
        if pool.is_empty() {
            pool = self.in_trouble(then);
        }
        (!pool.is_empty()).then(|| pool[self.rng.below(pool.len())])
    }

    /// The placed activities in a broken constraint of the kind asked, or of a teacher with
    /// gaps.
    fn in_trouble(&self, trouble: Trouble) -> Vec<usize> {
        let s = &self.state;
        let c = s.c;
        let hard = trouble == Trouble::Hard;
        let bad = |cost: &Cost| match trouble {
            Trouble::Hard => cost.hard > 0,
            _ => cost.soft > 1e-9,
        };
        let bad_people: Vec<bool> = (0..c.people)
            .map(|p| match trouble {
                Trouble::Hard => s.person_cost[p].hard > 0,
                Trouble::Soft => s.person_cost[p].soft - s.gap_cost[p] > 1e-9,
                Trouble::Gaps => s.gap_cost[p] > 1e-9,
            })
            .collect();
        // Gaps are a teacher's alone: no activity's own wishes or group rules.
        let rules = trouble != Trouble::Gaps;
        let broken_groups: Vec<bool> = s.group_cost.iter().map(|g| rules && bad(g)).collect();
        (0..c.allowed.len())
            .filter(|&a| {
                s.start[a].is_some()
                    && ((hard && s.clashes_of(a))
                        || (rules && bad(&s.own_cost[a]))
                        || c.people_of[a].iter().any(|&p| bad_people[p])
                        || c.groups_of[a].iter().any(|&g| {
                            broken_groups[g]
                                && rules::blames(
                                    c,
                                    &c.group_rules[g].rule,
                                    &c.group_members[g],
                                    &s.start,
                                    a,
                                )
                        }))
            })
            .collect()
    }

    /// Takes the activity out, tries it everywhere, and makes the best move not forbidden;
    /// true when the placement is the best so far.
    fn step(&mut self, a: usize, keep_hard_free: bool) -> bool {
        self.iteration += 1;
        let c = self.state.c;
        let Some(from) = self.state.start[a] else {
            return false;
        };
        let room_from = self.state.room[a];
        self.state.remove(a);
        let mut best: Option<(f64, Move)> = None;
        let mut ties = 0;
        for &s in &c.allowed[a] {
            let forbidden = self.tabu[a * c.slots + s] > self.iteration;
            let partners = self.swap_partners(a, s, from);
            // Moved alone, swapped with one of those there, or with all of them (the lessons
            // of a class's subgroups side by side).
            let mut swaps: Vec<Vec<usize>> = vec![Vec::new()];
            swaps.extend(partners.iter().map(|&b| vec![b]));
            if partners.len() > 1 {
                swaps.push(partners);
            }
            for others in swaps {
                let forbidden = forbidden
                    || others
                        .iter()
                        .any(|&b| self.tabu[b * c.slots + from] > self.iteration);
                let m = Move {
                    a,
                    start: s,
                    others,
                };
                self.try_move(&m, from, forbidden, keep_hard_free, &mut best, &mut ties);
            }
        }
        let Some((_, chosen)) = best else {
            self.state.insert_in(a, from, room_from);
            return false;
        };
        self.apply(&chosen, from);
        let tenure = TENURE + self.rng.below(TENURE + 1);
        self.tabu[a * c.slots + from] = self.iteration + tenure;
        for &b in &chosen.others {
            self.tabu[b * c.slots + chosen.start] = self.iteration + tenure;
        }
        self.note_best()
    }

    /// Activities of the same length holding one of `a`'s people at `s` that may start at
    /// `from` (`a` itself is out of the placement).
    fn swap_partners(&self, a: usize, s: Slot, from: Slot) -> Vec<usize> {
        let c = self.state.c;
        let mut partners: Vec<usize> = Vec::new();
        for &p in &c.people_of[a] {
            for &b in self.state.holders(p, s) {
                let b = b as usize;
                if b != a
                    && c.duration[b] == c.duration[a]
                    && self.state.start[b] == Some(s)
                    && c.allowed[b].binary_search(&from).is_ok()
                    && !partners.contains(&b)
                {
                    partners.push(b);
                }
            }
        }
        partners
    }

    fn try_move(
        &mut self,
        m: &Move,
        from: Slot,
        forbidden: bool,
        keep_hard_free: bool,
        best: &mut Option<(f64, Move)>,
        ties: &mut usize,
    ) {
        let undo: Vec<(usize, Option<Slot>, Option<usize>)> = m
            .others
            .iter()
            .map(|&b| (b, self.state.start[b], self.state.room[b]))
            .collect();
        self.apply(m, from);
        let cost = self.state.cost();
        let aspired = better(cost, self.best.cost);
        if (!forbidden || aspired) && !(keep_hard_free && cost.hard > 0) {
            self.keep_better(best, ties, cost.score(), m.clone());
        }
        self.state.remove(m.a);
        for &(b, _, _) in &undo {
            self.state.remove(b);
        }
        for (b, start, room) in undo {
            if let Some(s) = start {
                self.state.insert_in(b, s, room);
            }
        }
    }

    /// Makes the move on the placement (`a` out of it before).
    fn apply(&mut self, m: &Move, from: Slot) {
        for &b in &m.others {
            self.state.remove(b);
        }
        self.state.insert(m.a, m.start);
        for &b in &m.others {
            self.state.insert(b, from);
        }
    }

    fn note_best(&mut self) -> bool {
        let better = better(self.state.cost(), self.best.cost);
        if better {
            self.best = snapshot(&self.state);
        }
        better
    }

    fn report(&mut self, limits: &mut Limits, now: Instant) {
        if self.reported.is_some_and(|t| now - t < REPORT_EVERY) {
            return;
        }
        self.reported = Some(now);
        (limits.progress)(self.progress());
    }

    fn progress(&self) -> Progress {
        // Periods, not activities: a paired lesson is two lessons to the user.
        let duration = &self.state.c.duration;
        let total = duration.iter().sum();
        let placed = (self.best.start.iter().zip(duration))
            .filter_map(|(s, d)| s.map(|_| d))
            .sum();
        Progress {
            placed,
            total,
            best_hard: self.best.cost.hard as usize,
            best_soft: self.best.cost.soft,
        }
    }
}

/// `now + wait`, or a year from now when that is past what a clock holds (a limit of
/// «forever»).
pub fn later(now: Instant, wait: Duration) -> Instant {
    now.checked_add(wait)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 86_400))
}

/// Fewer hard breaks, then fewer weighted soft ones.
pub fn better(x: Cost, than: Cost) -> bool {
    x.hard < than.hard || (x.hard == than.hard && x.soft < than.soft - 1e-9)
}

pub fn snapshot(state: &State) -> Snapshot {
    Snapshot {
        start: state.start.clone(),
        room: state.room.clone(),
        cost: state.cost(),
    }
}
