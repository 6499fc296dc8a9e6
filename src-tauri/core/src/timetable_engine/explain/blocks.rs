//! What blocks each place of a lesson: the hard constraints that forbid it (read off the
//! problem), and after a search the lessons holding its teachers and classes there, rooms all
//! taken, or a hard constraint the lesson would break there.

use super::super::compile::Compiled;
use super::super::model::{Kind, Placed, Problem, Resource, Slot, HARD};
use super::super::rules;
use super::super::state::State;
use super::count::who;
use super::{Block, Blocked, Reason};

/// What blocks one place, with the lessons holding a busy person there.
type Blocks = Vec<(Block, Vec<usize>)>;

/// Lessons left out told one by one; the rest are counted.
const TOLD: usize = 8;

/// The places of a lesson that may start nowhere, by the hard constraints forbidding them.
pub fn forbidden(problem: &Problem, c: &Compiled, a: usize) -> Vec<Blocked> {
    let relevant = relevant(problem, c, a);
    group((0..c.slots).map(|s| {
        let blocks = forbidders(problem, c, a, s, &relevant);
        (s, blocks.into_iter().map(|b| (b, Vec::new())).collect())
    }))
}

/// The lessons the search left out (those with some allowed start; the others are told before
/// a search), each with its places by what blocks them, and the hard constraints still broken.
pub fn after_search(problem: &Problem, c: &Compiled, placement: &[Option<Placed>]) -> Vec<Reason> {
    let mut state = State::new(c);
    for (a, placed) in placement.iter().enumerate() {
        if let Some(p) = placed {
            state.insert_in(a, p.start, p.room);
        }
    }
    let left: Vec<usize> = (0..c.allowed.len())
        .filter(|&a| placement.get(a).is_none_or(|p| p.is_none()) && !c.allowed[a].is_empty())
        .collect();
    let mut reasons: Vec<Reason> = left
        .iter()
        .take(TOLD)
        .map(|&activity| {
            let relevant = relevant(problem, c, activity);
            let per_slot: Vec<(Slot, Blocks)> = (0..c.slots)
                .map(|s| {
                    let blocks = if c.allowed[activity].binary_search(&s).is_ok() {
                        blocked_there(&mut state, activity, s)
                    } else {
                        forbidders(problem, c, activity, s, &relevant)
                            .into_iter()
                            .map(|b| (b, Vec::new()))
                            .collect()
                    };
                    (s, blocks)
                })
                .collect();
            Reason::Unplaced {
                activity,
                blocks: group(per_slot.into_iter()),
            }
        })
        .collect();
    if left.len() > TOLD {
        reasons.push(Reason::MoreUnplaced {
            count: left.len() - TOLD,
        });
    }
    reasons.extend(hard_broken(&state));
    reasons
}

/// Places grouped by what blocks them, the most places first.
fn group(per_slot: impl Iterator<Item = (Slot, Blocks)>) -> Vec<Blocked> {
    let mut list: Vec<Blocked> = Vec::new();
    for (s, blocks) in per_slot {
        for (block, lessons) in blocks {
            let at = match list.iter().position(|b| b.block == block) {
                Some(at) => at,
                None => {
                    list.push(Blocked {
                        block,
                        slots: Vec::new(),
                        lessons: Vec::new(),
                    });
                    list.len() - 1
                }
            };
            let entry = &mut list[at];
            entry.slots.push(s);
            for l in lessons {
                if !entry.lessons.contains(&l) {
                    entry.lessons.push(l);
                }
            }
        }
    }
    list.sort_by_key(|b| std::cmp::Reverse(b.slots.len()));
    list
}

/// The hard constraints that may forbid places of the activity: its people's and its rooms'
/// unavailability, breaks, its own preferred starts, slots and rooms.
fn relevant(problem: &Problem, c: &Compiled, a: usize) -> Vec<usize> {
    let people = &c.people_of[a];
    let rooms = &c.room_need[a].allowed;
    problem
        .constraints
        .iter()
        .enumerate()
        .filter(|(_, k)| k.is_hard())
        .filter(|(_, k)| match &k.kind {
            Kind::NotAvailable { who, .. } => match *who {
                Resource::Teacher(t) => people.contains(&t),
                Resource::Subgroup(s) => people.contains(&(c.teachers + s)),
                Resource::Room(r) => rooms.contains(&r),
            },
            Kind::Break { .. } => true,
            Kind::PreferredStarts { activities, .. }
            | Kind::PreferredSlots { activities, .. }
            | Kind::PreferredRooms { activities, .. } => activities.contains(&a),
            _ => false,
        })
        .map(|(i, _)| i)
        .collect()
}

/// What forbids the activity to start at `s` before anything is placed.
fn forbidders(
    problem: &Problem,
    c: &Compiled,
    a: usize,
    s: Slot,
    relevant: &[usize],
) -> Vec<Block> {
    if s % c.periods + c.duration[a] > c.periods {
        return vec![Block::DayEnd];
    }
    let taken = c.taken(a, s);
    let covers = |slots: &[Slot]| taken.clone().any(|t| slots.contains(&t));
    let need = &c.room_need[a];
    let closed = |r: usize| taken.clone().any(|t| c.room_off[r][t] >= HARD);
    let no_room = !need.allowed.is_empty() && need.allowed.iter().all(|&r| closed(r));
    let mut blocks = Vec::new();
    for &i in relevant {
        let forbids = match &problem.constraints[i].kind {
            Kind::NotAvailable {
                who: Resource::Room(r),
                slots,
            } => no_room && closed(*r) && covers(slots),
            Kind::NotAvailable { slots, .. } | Kind::Break { slots } => covers(slots),
            Kind::PreferredStarts { starts, .. } => !starts.contains(&s),
            Kind::PreferredSlots { slots, .. } => taken.clone().any(|t| !slots.contains(&t)),
            // Hard rooms that leave no room at all (with a room there, rooms forbid nothing).
            Kind::PreferredRooms { .. } => need.allowed.is_empty(),
            _ => false,
        };
        if forbids {
            blocks.push(Block::Constraint(i));
        }
    }
    blocks
}

/// What keeps the activity (not placed) from starting at `s`, an allowed start, in the
/// search's placement: lessons holding its people, its rooms all taken, hard rules it would
/// break there; `Free` when nothing does.
fn blocked_there(state: &mut State, a: usize, s: Slot) -> Blocks {
    let c = state.c;
    let mut out: Blocks = Vec::new();
    for &p in &c.people_of[a] {
        let mut lessons: Vec<usize> = Vec::new();
        for t in c.taken(a, s) {
            for &b in state.holders(p, t) {
                if !lessons.contains(&(b as usize)) {
                    lessons.push(b as usize);
                }
            }
        }
        if !lessons.is_empty() {
            out.push((Block::Busy(who(c, p)), lessons));
        }
    }
    let rooms = &c.room_need[a].allowed;
    let room_free = |r: usize| {
        c.taken(a, s)
            .all(|t| state.room_count(r, t) == 0 && c.room_off[r][t] < HARD)
    };
    if !rooms.is_empty() && !rooms.iter().any(|&r| room_free(r)) {
        out.push((Block::NoRoom, Vec::new()));
    }
    let units_now = |state: &State| -> Vec<(usize, usize)> {
        let people = c.people_of[a].iter().flat_map(|&p| {
            c.person_rules[p]
                .iter()
                .filter(|r| r.is_hard())
                .map(move |r| {
                    let units =
                        rules::person_rule_units(c, p, &r.rule, state.busy_week(p), &state.start);
                    (r.constraint, units)
                })
        });
        let groups = c.groups_of[a]
            .iter()
            .map(|&g| &c.group_rules[g])
            .filter(|r| r.is_hard())
            .map(|r| (r.constraint, rules::group_units(c, &r.rule, &state.start)));
        people.chain(groups).collect()
    };
    let before = units_now(state);
    state.insert_in(a, s, None);
    let after = units_now(state);
    state.remove(a);
    for ((constraint, was), (_, is)) in before.into_iter().zip(after) {
        let block = Block::Constraint(constraint);
        if is > was && !out.iter().any(|(b, _)| *b == block) {
            out.push((block, Vec::new()));
        }
    }
    if out.is_empty() {
        out.push((Block::Free, Vec::new()));
    }
    out
}

/// Hard constraints the placement still breaks, with whose days when it is a person's rule.
fn hard_broken(state: &State) -> Vec<Reason> {
    let c = state.c;
    let mut reasons = Vec::new();
    for p in 0..c.people {
        for rule in c.person_rules[p].iter().filter(|r| r.is_hard()) {
            let times =
                if state.busy_week(p).iter().all(|&b| b == 0) && rules::needs_lessons(&rule.rule) {
                    0
                } else {
                    rules::person_rule_units(c, p, &rule.rule, state.busy_week(p), &state.start)
                };
            if times > 0 {
                reasons.push(Reason::HardBroken {
                    constraint: rule.constraint,
                    who: Some(who(c, p)),
                    times,
                });
            }
        }
    }
    for rule in c.group_rules.iter().filter(|r| r.is_hard()) {
        let times = rules::group_units(c, &rule.rule, &state.start);
        if times > 0 {
            reasons.push(Reason::HardBroken {
                constraint: rule.constraint,
                who: None,
                times,
            });
        }
    }
    reasons
}
