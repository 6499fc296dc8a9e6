//! Counting arguments: each shows, with no search, that some lessons cannot all be placed.

use super::super::compile::{Compiled, PersonRule};
use super::super::model::{DayRule, Kind, Problem, Who, HARD};
use super::{blocks, Reason, Shared};
use std::collections::{BTreeMap, HashMap};

/// Checking every two distinct room sets stays quick up to this many sets.
const ROOM_PAIRS_UP_TO: usize = 200;

pub fn reasons(problem: &Problem, c: &Compiled) -> Vec<Reason> {
    let mut reasons = overloaded(c);
    reasons.extend(rooms_short(c));
    reasons.extend(locked_clashes(c));
    reasons.extend(days_apart_short(c));
    reasons.extend(
        (0..c.allowed.len())
            .filter(|&a| c.allowed[a].is_empty())
            .map(|activity| Reason::NoPlace {
                activity,
                blocks: blocks::forbidden(problem, c, activity),
            }),
    );
    reasons
}

pub fn who(c: &Compiled, p: usize) -> Who {
    if p < c.teachers {
        Who::Teacher(p)
    } else {
        Who::Subgroup(p - c.teachers)
    }
}

/// Teachers and subgroups whose lessons need more periods than their week holds.
fn overloaded(c: &Compiled) -> Vec<Reason> {
    let mut needed = vec![0; c.people];
    for (a, people) in c.people_of.iter().enumerate() {
        for &p in people {
            needed[p] += c.duration[a];
        }
    }
    (0..c.people)
        .filter_map(|p| {
            let available = capacity(c, p);
            (needed[p] > available).then(|| match who(c, p) {
                Who::Teacher(teacher) => Reason::TeacherOverloaded {
                    teacher,
                    needed: needed[p],
                    available,
                },
                Who::Subgroup(subgroup) => Reason::SubgroupOverloaded {
                    subgroup,
                    needed: needed[p],
                    available,
                },
            })
        })
        .collect()
}

/// The most periods a person can be busy in a week: the free periods of each day (breaks and
/// hard unavailability taken out), each day cut to a hard daily maximum, the best days kept
/// when a hard maximum of days says so.
fn capacity(c: &Compiled, p: usize) -> usize {
    let hard_days = c.person_rules[p].iter().filter(|r| r.is_hard());
    let (mut per_day, mut days) = (c.periods, c.days);
    for rule in hard_days {
        match rule.rule {
            PersonRule::Day(DayRule::MaxHoursDaily(max)) => per_day = per_day.min(max),
            PersonRule::Day(DayRule::MaxDaysPerWeek(max)) => days = days.min(max),
            _ => {}
        }
    }
    let mut free: Vec<usize> = c.not_gap[p]
        .iter()
        .map(|&off| (c.periods - (off.count_ones() as usize).min(c.periods)).min(per_day))
        .collect();
    free.sort_unstable_by(|a, b| b.cmp(a));
    free.iter().take(days).sum()
}

/// A set of bits (rooms or slots).
type Bits = Vec<u64>;

fn bits(len: usize) -> Bits {
    vec![0; len.div_ceil(64)]
}

fn set(b: &mut Bits, i: usize) {
    b[i / 64] |= 1 << (i % 64);
}

fn subset(x: &Bits, of: &Bits) -> bool {
    x.iter().zip(of).all(|(x, o)| x & !o == 0)
}

fn union(x: &Bits, y: &Bits) -> Bits {
    x.iter().zip(y).map(|(x, y)| x | y).collect()
}

fn ones(b: &Bits) -> impl Iterator<Item = usize> + '_ {
    (0..b.len() * 64).filter(|&i| b[i / 64] >> (i % 64) & 1 == 1)
}

/// The lessons that may take rooms of one set only.
struct RoomSet {
    rooms: Bits,
    lessons: usize,
    periods: usize,
    /// The slots these lessons can cover.
    cover: Bits,
}

/// Sets of rooms too few for the lessons that may take only them: for each distinct set of
/// allowed rooms, for every two of them (while they are few) and for all together, the
/// periods of the lessons whose rooms all lie in the union against the slots the union's
/// rooms are open at times those lessons can cover. Only the smallest short sets are told.
fn rooms_short(c: &Compiled) -> Vec<Reason> {
    let mut by_set: BTreeMap<Vec<usize>, RoomSet> = BTreeMap::new();
    for a in (0..c.allowed.len()).filter(|&a| !c.room_need[a].allowed.is_empty()) {
        let allowed = &c.room_need[a].allowed;
        let entry = by_set.entry(allowed.clone()).or_insert_with(|| {
            let mut rooms = bits(c.rooms);
            allowed.iter().for_each(|&r| set(&mut rooms, r));
            RoomSet {
                rooms,
                lessons: 0,
                periods: 0,
                cover: bits(c.slots),
            }
        });
        entry.lessons += 1;
        entry.periods += c.duration[a];
        for &s in &c.allowed[a] {
            c.taken(a, s).for_each(|t| set(&mut entry.cover, t));
        }
    }
    let sets: Vec<RoomSet> = by_set.into_values().collect();
    let open: Vec<Bits> = (0..c.rooms)
        .map(|r| {
            let mut b = bits(c.slots);
            (0..c.slots)
                .filter(|&s| c.room_off[r][s] < HARD)
                .for_each(|s| set(&mut b, s));
            b
        })
        .collect();
    let mut candidates: Vec<Bits> = sets.iter().map(|s| s.rooms.clone()).collect();
    if sets.len() <= ROOM_PAIRS_UP_TO {
        for (i, x) in sets.iter().enumerate() {
            for y in &sets[i + 1..] {
                candidates.push(union(&x.rooms, &y.rooms));
            }
        }
    }
    if let Some(all) = sets
        .iter()
        .map(|s| s.rooms.clone())
        .reduce(|x, y| union(&x, &y))
    {
        candidates.push(all);
    }
    candidates.sort_by_key(|r| (ones(r).count(), r.clone()));
    candidates.dedup();
    let mut short: Vec<Bits> = Vec::new();
    let mut reasons = Vec::new();
    for rooms in candidates {
        if short.iter().any(|s| subset(s, &rooms)) {
            continue;
        }
        let inside: Vec<&RoomSet> = sets.iter().filter(|s| subset(&s.rooms, &rooms)).collect();
        let needed: usize = inside.iter().map(|s| s.periods).sum();
        let cover = inside
            .iter()
            .map(|s| s.cover.clone())
            .reduce(|x, y| union(&x, &y))
            .unwrap_or_else(|| bits(c.slots));
        let available: usize = ones(&rooms)
            .map(|r| {
                open[r]
                    .iter()
                    .zip(&cover)
                    .map(|(o, c)| (o & c).count_ones() as usize)
                    .sum::<usize>()
            })
            .sum();
        if needed > available {
            reasons.push(Reason::RoomsShort {
                rooms: ones(&rooms).collect(),
                lessons: inside.iter().map(|s| s.lessons).sum(),
                needed,
                available,
            });
            short.push(rooms);
        }
    }
    reasons
}

/// Lessons with a single allowed start (locked) that overlap and share a teacher, a class or
/// their only room: each pair once, at the first period they share.
fn locked_clashes(c: &Compiled) -> Vec<Reason> {
    // Keyed by person, or by `people + room`, and slot.
    let mut holder: HashMap<(usize, usize), usize> = HashMap::new();
    let mut found: BTreeMap<(usize, usize), Reason> = BTreeMap::new();
    for a in (0..c.allowed.len()).filter(|&a| c.allowed[a].len() == 1) {
        let start = c.allowed[a][0];
        let mut shared: Vec<(usize, Shared)> = c.people_of[a]
            .iter()
            .map(|&p| (p, Shared::Person(who(c, p))))
            .collect();
        if let [room] = c.room_need[a].allowed[..] {
            shared.push((c.people + room, Shared::Room(room)));
        }
        for t in c.taken(a, start) {
            for &(key, what) in &shared {
                match holder.get(&(key, t)) {
                    Some(&first) => {
                        found.entry((first, a)).or_insert(Reason::LockedClash {
                            first,
                            second: a,
                            slot: t,
                            shared: what,
                        });
                    }
                    None => {
                        holder.insert((key, t), a);
                    }
                }
            }
        }
    }
    found.into_values().collect()
}

/// Hard «at least d days apart» over n lessons needs (n − 1)·d + 1 days.
fn days_apart_short(c: &Compiled) -> Vec<Reason> {
    c.group_rules
        .iter()
        .filter(|r| r.is_hard())
        .filter_map(|r| match &r.rule {
            Kind::MinDaysBetween {
                activities, days, ..
            } if *days > 0
                && activities.len() > 1
                && (activities.len() - 1).saturating_mul(*days) >= c.days =>
            {
                Some(Reason::DaysApartShort {
                    constraint: r.constraint,
                    lessons: activities.len(),
                    days_apart: *days,
                    days: c.days,
                })
            }
            _ => None,
        })
        .collect()
}
