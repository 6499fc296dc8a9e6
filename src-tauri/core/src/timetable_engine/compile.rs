//! The problem made ready for the search: every hard constraint that speaks of times alone
//! becomes the set of starts each activity may take (so the search never tries a forbidden
//! one), the rest is sorted by what it watches — a teacher's or a subgroup's day, a group of
//! activities, an activity's room.

use super::model::{Constraint, DayRule, Kind, Problem, Resource, Slot, Weight, Who};

/// A rule on one person's days (a teacher or a subgroup, numbered teachers first).
#[derive(Debug, Clone)]
pub enum PersonRule {
    Day(DayRule),
    /// A soft unavailability: each period taken at these slots (one bit per period, per day).
    Off(Vec<u64>),
    /// The activity is the person's last of its day.
    Ends(usize),
}

#[derive(Debug, Clone)]
pub struct Watched<T> {
    /// The index of the constraint in the problem.
    pub constraint: usize,
    pub weight: Weight,
    pub rule: T,
}

impl<T> Watched<T> {
    pub fn is_hard(&self) -> bool {
        self.weight >= super::model::HARD
    }
}

/// A soft wish about an activity's time (hard ones are in its allowed starts).
#[derive(Debug, Clone)]
pub enum TimeWish {
    /// One of these starts (a flag per slot).
    Starts(Vec<bool>),
    /// Every period on one of these slots.
    Slots(Vec<bool>),
}

/// What an activity's room must or should be.
#[derive(Debug, Clone, Default)]
pub struct RoomNeed {
    /// The rooms it may take; empty when it takes none.
    pub allowed: Vec<usize>,
    /// Soft wishes: the rooms wished for, one flag per room.
    pub wishes: Vec<Watched<Vec<bool>>>,
}

#[derive(Debug)]
pub struct Compiled {
    pub days: usize,
    pub periods: usize,
    pub slots: usize,
    pub teachers: usize,
    /// Teachers, then subgroups.
    pub people: usize,
    pub rooms: usize,
    pub duration: Vec<usize>,
    /// Per activity, its teachers and subgroups as people.
    pub people_of: Vec<Vec<usize>>,
    /// Per activity, the starts no hard time constraint forbids.
    pub allowed: Vec<Vec<Slot>>,
    pub room_need: Vec<RoomNeed>,
    pub time_wishes: Vec<Vec<Watched<TimeWish>>>,
    /// Per room and slot: the weight of its unavailability (0 when available).
    pub room_off: Vec<Vec<Weight>>,
    /// Per person and day, the periods that are not gaps when free (breaks, hard
    /// unavailability).
    pub not_gap: Vec<Vec<u64>>,
    pub person_rules: Vec<Vec<Watched<PersonRule>>>,
    /// Constraints over groups of activities, and which of them each activity is in.
    pub group_rules: Vec<Watched<Kind>>,
    /// Per group rule, the activities it speaks of (each once).
    pub group_members: Vec<Vec<usize>>,
    pub groups_of: Vec<Vec<usize>>,
}

impl Compiled {
    pub fn person(&self, who: Who) -> usize {
        match who {
            Who::Teacher(t) => t,
            Who::Subgroup(s) => self.teachers + s,
        }
    }

    /// The slots an activity takes when it starts at `start`.
    pub fn taken(&self, activity: usize, start: Slot) -> std::ops::Range<Slot> {
        start..start + self.duration[activity]
    }
}

pub fn compile(problem: &Problem) -> Compiled {
    let slots = problem.slots();
    let people = problem.teachers + problem.subgroups;
    let mut c = Compiled {
        days: problem.days,
        periods: problem.periods,
        slots,
        teachers: problem.teachers,
        people,
        rooms: problem.rooms,
        duration: problem
            .activities
            .iter()
            // Longer than a day never fits; kept at a day and one so sums cannot overflow.
            .map(|a| a.duration.clamp(1, problem.periods + 1))
            .collect(),
        people_of: problem
            .activities
            .iter()
            .map(|a| {
                let mut list: Vec<usize> = a.teachers.clone();
                list.extend(a.subgroups.iter().map(|s| problem.teachers + s));
                list.sort_unstable();
                list.dedup();
                list
            })
            .collect(),
        allowed: Vec::new(),
        room_need: vec![RoomNeed::default(); problem.activities.len()],
        time_wishes: vec![Vec::new(); problem.activities.len()],
        room_off: vec![vec![0.0; slots]; problem.rooms],
        not_gap: vec![vec![0; problem.days]; people],
        person_rules: vec![Vec::new(); people],
        group_rules: Vec::new(),
        group_members: Vec::new(),
        groups_of: vec![Vec::new(); problem.activities.len()],
    };
    // Per slot, whether each activity may cover it / start at it.
    let mut may_cover = vec![vec![true; slots]; problem.activities.len()];
    let mut may_start = vec![vec![true; slots]; problem.activities.len()];
    let mut person_off = vec![vec![false; slots]; people];
    let mut hard_rooms: Vec<Option<Vec<bool>>> = vec![None; problem.activities.len()];
    for (index, constraint) in problem.constraints.iter().enumerate() {
        sort_constraint(
            &mut c,
            index,
            constraint,
            &mut Forbid {
                may_cover: &mut may_cover,
                may_start: &mut may_start,
                person_off: &mut person_off,
                hard_rooms: &mut hard_rooms,
            },
        );
    }
    for (p, off) in person_off.iter().enumerate() {
        for (slot, _) in off.iter().enumerate().filter(|(_, &o)| o) {
            c.not_gap[p][slot / c.periods] |= 1 << (slot % c.periods);
        }
    }
    for a in 0..problem.activities.len() {
        let roomless = !finish_rooms(&mut c, a, hard_rooms[a].take());
        for p in &c.people_of[a] {
            for (slot, &off) in person_off[*p].iter().enumerate() {
                may_cover[a][slot] &= !off;
            }
        }
        let allowed = (0..slots)
            .filter(|&s| !roomless && may_start[a][s] && fits(&c, a, s, &may_cover[a]))
            .collect();
        c.allowed.push(allowed);
    }
    drop_roomless_starts(&mut c);
    c
}

/// Where hard constraints forbid something, gathered before the starts are made.
struct Forbid<'a> {
    may_cover: &'a mut [Vec<bool>],
    may_start: &'a mut [Vec<bool>],
    person_off: &'a mut [Vec<bool>],
    hard_rooms: &'a mut [Option<Vec<bool>>],
}

fn sort_constraint(c: &mut Compiled, index: usize, constraint: &Constraint, f: &mut Forbid) {
    let weight = constraint.weight;
    let hard = constraint.is_hard();
    fn watched<T>(constraint: usize, weight: Weight, rule: T) -> Watched<T> {
        Watched {
            constraint,
            weight,
            rule,
        }
    }
    match &constraint.kind {
        Kind::NotAvailable { who, slots } => match *who {
            Resource::Room(r) => {
                for &s in slots {
                    c.room_off[r][s] = c.room_off[r][s].max(weight);
                }
            }
            Resource::Teacher(_) | Resource::Subgroup(_) => {
                let p = match *who {
                    Resource::Teacher(t) => c.person(Who::Teacher(t)),
                    Resource::Subgroup(s) => c.person(Who::Subgroup(s)),
                    Resource::Room(_) => unreachable!(),
                };
                if hard {
                    for &s in slots {
                        f.person_off[p][s] = true;
                    }
                } else {
                    let mut masks = vec![0u64; c.days];
                    for &s in slots {
                        masks[s / c.periods] |= 1 << (s % c.periods);
                    }
                    c.person_rules[p].push(watched(index, weight, PersonRule::Off(masks)));
                }
            }
        },
        // FET allows breaks only as hard constraints.
        Kind::Break { slots } => {
            for p in 0..c.people {
                for &s in slots {
                    f.person_off[p][s] = true;
                }
            }
            for cover in f.may_cover.iter_mut() {
                for &s in slots {
                    cover[s] = false;
                }
            }
        }
        Kind::PreferredStarts { activities, starts } if hard => {
            let set = flags(c.slots, starts);
            for &a in activities {
                for (s, ok) in set.iter().enumerate() {
                    f.may_start[a][s] &= ok;
                }
            }
        }
        Kind::PreferredSlots { activities, slots } if hard => {
            let set = flags(c.slots, slots);
            for &a in activities {
                for (s, ok) in set.iter().enumerate() {
                    f.may_cover[a][s] &= ok;
                }
            }
        }
        // Soft time wishes are each activity's own: counted with it, not over a group.
        Kind::PreferredStarts { activities, starts } => {
            let wish = TimeWish::Starts(flags(c.slots, starts));
            for &a in activities {
                c.time_wishes[a].push(watched(index, weight, wish.clone()));
            }
        }
        Kind::PreferredSlots { activities, slots } => {
            let wish = TimeWish::Slots(flags(c.slots, slots));
            for &a in activities {
                c.time_wishes[a].push(watched(index, weight, wish.clone()));
            }
        }
        Kind::EndsStudentsDay { activities } => {
            for &a in activities {
                for &p in c.people_of[a].iter().filter(|&&p| p >= c.teachers) {
                    c.person_rules[p].push(watched(index, weight, PersonRule::Ends(a)));
                }
            }
        }
        Kind::Days { who, rule } => {
            for &w in who {
                let p = c.person(w);
                c.person_rules[p].push(watched(index, weight, PersonRule::Day(*rule)));
            }
        }
        Kind::PreferredRooms { activities, rooms } => {
            let set = flags(c.rooms, rooms);
            for &a in activities {
                if hard {
                    let now = f.hard_rooms[a].get_or_insert_with(|| vec![true; c.rooms]);
                    for (r, ok) in set.iter().enumerate() {
                        now[r] &= ok;
                    }
                } else {
                    c.room_need[a]
                        .wishes
                        .push(watched(index, weight, set.clone()));
                }
            }
        }
        // Activities on one day one right after the other: FET holds to it whatever the
        // weight of the days apart (the weight is of the days only).
        Kind::MinDaysBetween {
            activities,
            days,
            consecutive_if_same_day: true,
        } if !hard => {
            let apart = Kind::MinDaysBetween {
                activities: activities.clone(),
                days: *days,
                consecutive_if_same_day: false,
            };
            let adjacent = Kind::MinDaysBetween {
                activities: activities.clone(),
                days: 0,
                consecutive_if_same_day: true,
            };
            add_group_rule(c, watched(index, weight, apart));
            add_group_rule(c, watched(index, super::model::HARD, adjacent));
        }
        kind => add_group_rule(c, watched(index, weight, kind.clone())),
    }
}

fn add_group_rule(c: &mut Compiled, rule: Watched<Kind>) {
    let index = c.group_rules.len();
    let members = members(&rule.rule);
    for &a in &members {
        c.groups_of[a].push(index);
    }
    c.group_members.push(members);
    c.group_rules.push(rule);
}

/// The activities a constraint over a group of activities speaks of, each once.
pub fn members(kind: &Kind) -> Vec<usize> {
    let mut list = match kind {
        Kind::PreferredStarts { activities, .. }
        | Kind::PreferredSlots { activities, .. }
        | Kind::MinDaysBetween { activities, .. }
        | Kind::SameStartingTime { activities }
        | Kind::SameStartingDay { activities }
        | Kind::SameStartingHour { activities }
        | Kind::NotOverlapping { activities }
        | Kind::MinGapsBetween { activities, .. }
        | Kind::EndsStudentsDay { activities }
        | Kind::PreferredRooms { activities, .. }
        | Kind::MaxPerDay { activities, .. }
        | Kind::DifficultyPeak { activities, .. } => activities.clone(),
        Kind::Consecutive { first, second }
        | Kind::Grouped { first, second }
        | Kind::Ordered { first, second } => vec![*first, *second],
        Kind::NotAvailable { .. } | Kind::Break { .. } | Kind::Days { .. } => Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    list.retain(|&a| seen.insert(a));
    list
}

pub fn flags(len: usize, on: &[usize]) -> Vec<bool> {
    let mut set = vec![false; len];
    for &i in on.iter().filter(|&&i| i < len) {
        set[i] = true;
    }
    set
}

/// Whether the activity, started at `start`, stays within the day on slots it may cover.
fn fits(c: &Compiled, a: usize, start: Slot, may_cover: &[bool]) -> bool {
    let end = start % c.periods + c.duration[a];
    end <= c.periods && c.taken(a, start).all(|s| may_cover[s])
}

/// The rooms an activity may take: those every hard wish names (or, without one, any its soft
/// wishes name); starts at which all of them are unavailable are dropped later. False when
/// hard wishes leave no room at all: the activity cannot be placed.
fn finish_rooms(c: &mut Compiled, a: usize, hard: Option<Vec<bool>>) -> bool {
    let need = &mut c.room_need[a];
    let must = hard.is_some();
    need.allowed = match hard {
        Some(set) => (0..c.rooms).filter(|&r| set[r]).collect(),
        None => (0..c.rooms)
            .filter(|&r| need.wishes.iter().any(|w| w.rule[r]))
            .collect(),
    };
    !must || !need.allowed.is_empty()
}

/// Starts at which no allowed room is available for the whole activity are not allowed (a
/// hard unavailability of a room).
fn drop_roomless_starts(c: &mut Compiled) {
    for a in 0..c.allowed.len() {
        if c.room_need[a].allowed.is_empty() {
            continue;
        }
        let starts = std::mem::take(&mut c.allowed[a]);
        c.allowed[a] = starts
            .into_iter()
            .filter(|&s| {
                c.room_need[a]
                    .allowed
                    .iter()
                    .any(|&r| c.taken(a, s).all(|t| c.room_off[r][t] < super::model::HARD))
            })
            .collect();
    }
}
