//! The timetable engine: places activities (lessons) in a week under hard and soft constraints.
//! It knows nothing of the school file or of FET: both are read into its `Problem` (the FET
//! reader is `crate::fet`). `compile` turns hard time constraints into the starts each activity
//! may take, `state` keeps who is busy when and what every constraint costs, `rules` counts
//! the breaks, `rooms` gives rooms, `search` places and mends.

mod compile;
pub mod explain;
mod model;
mod rooms;
mod rules;
mod search;
mod state;

pub use model::*;

use compile::Compiled;
use search::{Limits, Search};
use state::State;
use std::collections::BTreeMap;
use std::time::Instant;

/// Places the activities; stops at the first placement breaking no hard constraint (then
/// spends `options.improve` lowering soft breaks), at the time limit or when cancelled, and
/// returns the best placement found. Activities that cannot be placed without breaking a hard
/// constraint are left out of it.
pub fn solve(problem: &Problem, options: &Options, progress: &mut dyn FnMut(Progress)) -> Solution {
    solve_within(problem, options, None, progress)
}

/// `solve`, stopping also after so many steps of the search (each moves one activity): with
/// no time limit and no cancel, a run that ends the same on a slow machine and a fast one.
pub fn solve_within(
    problem: &Problem,
    options: &Options,
    steps: Option<usize>,
    progress: &mut dyn FnMut(Progress),
) -> Solution {
    let began = Instant::now();
    let c = compile::compile(problem);
    let mut search = Search::new(&c, options.seed);
    search.construct();
    search.run(&mut Limits {
        deadline: search::later(began, options.time_limit),
        improve: options.improve,
        steps,
        cancel: &options.cancel,
        progress,
    });
    let mut state = restore(&c, &search.best);
    leave_out_clashes(&mut state);
    leave_out_breakers(&mut state);
    Solution {
        placement: (0..problem.activities.len())
            .map(|a| {
                state.start[a].map(|start| Placed {
                    start,
                    room: state.room[a],
                })
            })
            .collect(),
        hard_violations: state.cost().hard as usize,
        broken_soft: broken_soft(&state),
        teacher_gaps: gaps(&state, 0..c.teachers),
        subgroup_gaps: gaps(&state, c.teachers..c.people),
        cancelled: search.cancelled,
        seconds: began.elapsed().as_secs_f64(),
    }
}

fn restore<'c>(c: &'c Compiled, best: &search::Snapshot) -> State<'c> {
    let mut state = State::new(c);
    for (a, start) in best.start.iter().enumerate() {
        if let Some(s) = *start {
            state.insert_in(a, s, best.room[a]);
        }
    }
    state
}

/// Takes out, one at a time, the clashing activity whose leaving ends the most clashes, while
/// any remain: two lessons of one teacher, class or room at once are never given as a
/// timetable, even where leaving one out breaks a rule of the day's shape (a class's free
/// lesson), which `leave_out_breakers` alone would weigh against the clash and keep it.
fn leave_out_clashes(state: &mut State) {
    leave_out(state, |s| s.clashes(), |s, a| s.clashes_of(a));
}

/// Takes out, one at a time, the activity whose leaving lowers the hard breaks most, while
/// one does: what is left breaks no hard constraint unless a minimum (hours, days) does.
fn leave_out_breakers(state: &mut State) {
    leave_out(state, |s| s.cost().hard, |_, _| true);
}

/// Takes out, one at a time, the placed `candidate` whose leaving lowers `measure` most, while
/// one lowers it.
fn leave_out(
    state: &mut State,
    measure: impl Fn(&State) -> i64,
    candidate: impl Fn(&State, usize) -> bool,
) {
    while measure(state) > 0 {
        let now = measure(state);
        let mut best: Option<(i64, usize)> = None;
        for a in 0..state.start.len() {
            let Some(s) = state.start[a].filter(|_| candidate(state, a)) else {
                continue;
            };
            let room = state.room[a];
            state.remove(a);
            let left = measure(state);
            state.insert_in(a, s, room);
            if left < now && best.is_none_or(|(l, _)| left < l) {
                best = Some((left, a));
            }
        }
        match best {
            Some((_, a)) => state.remove(a),
            None => break,
        }
    }
}

/// Every soft constraint the placement breaks, with how many times.
fn broken_soft(state: &State) -> Vec<Broken> {
    let c = state.c;
    let mut times: BTreeMap<usize, usize> = BTreeMap::new();
    let mut count = |constraint, units| {
        if units > 0 {
            *times.entry(constraint).or_default() += units;
        }
    };
    for p in 0..c.people {
        for rule in c.person_rules[p].iter().filter(|r| !r.is_hard()) {
            count(
                rule.constraint,
                rules::person_rule_units(c, p, &rule.rule, state.busy_week(p), &state.start),
            );
        }
    }
    for rule in c.group_rules.iter().filter(|r| !r.is_hard()) {
        count(
            rule.constraint,
            rules::group_units(c, &rule.rule, &state.start),
        );
    }
    for (a, start) in state.start.iter().enumerate() {
        let Some(s) = *start else { continue };
        for wish in c.time_wishes[a].iter() {
            count(
                wish.constraint,
                usize::from(rules::misses(c, a, s, &wish.rule)),
            );
        }
    }
    for (a, room) in state.room.iter().enumerate() {
        if let Some(r) = room {
            for wish in c.room_need[a].wishes.iter().filter(|w| !w.rule[*r]) {
                count(wish.constraint, 1);
            }
        }
    }
    times
        .into_iter()
        .map(|(constraint, times)| Broken { constraint, times })
        .collect()
}

fn gaps(state: &State, people: std::ops::Range<usize>) -> usize {
    people.map(|p| state.gaps(p)).sum()
}

#[cfg(test)]
mod tests;
