//! Rooms: an activity that needs one takes, at each start tried, the allowed room that is free
//! for its whole length and breaks the fewest wishes (a subject's room, a teacher's or a
//! class's home room).

use super::compile::Compiled;
use super::model::Slot;
use super::state::{Cost, State};

/// What the room costs the activity at that start: broken wishes and unavailability.
pub fn cost(c: &Compiled, a: usize, start: Slot, room: Option<usize>) -> Cost {
    let Some(r) = room else {
        return Cost::default();
    };
    let need = &c.room_need[a];
    let mut cost = Cost::default();
    for wish in need.wishes.iter().filter(|w| !w.rule[r]) {
        add(&mut cost, Cost::of(1, wish.weight));
    }
    for t in c.taken(a, start) {
        let off = c.room_off[r][t];
        if off > 0.0 {
            add(&mut cost, Cost::of(1, off));
        }
    }
    cost
}

fn add(total: &mut Cost, more: Cost) {
    total.hard += more.hard;
    total.soft += more.soft;
}

/// The best allowed room for the activity at `start`, or `None` when it needs none.
pub fn pick(state: &State, a: usize, start: Slot) -> Option<usize> {
    let c = state.c;
    let mut best: Option<(f64, usize)> = None;
    for &r in &c.room_need[a].allowed {
        let taken = c
            .taken(a, start)
            .filter(|&t| state.room_count(r, t) > 0 && state.room[a] != Some(r))
            .count();
        let mut room_cost = cost(c, a, start, Some(r));
        room_cost.hard += taken as i64;
        let score = room_cost.score();
        if best.is_none_or(|(b, _)| score < b) {
            best = Some((score, r));
        }
    }
    best.map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::super::compile::compile;
    use super::super::model::{Activity, Constraint, Kind, Problem, Resource};
    use super::*;

    fn problem(constraints: Vec<Constraint>) -> Problem {
        Problem {
            days: 1,
            periods: 2,
            teachers: 2,
            rooms: 3,
            activities: (0..2)
                .map(|t| Activity {
                    teachers: vec![t],
                    duration: 1,
                    ..Default::default()
                })
                .collect(),
            constraints,
            ..Default::default()
        }
    }

    fn rooms(activities: Vec<usize>, rooms: Vec<usize>, weight: f64) -> Constraint {
        Constraint {
            weight,
            kind: Kind::PreferredRooms { activities, rooms },
        }
    }

    #[test]
    fn a_taken_room_is_avoided_and_a_wish_followed() {
        let p = problem(vec![
            rooms(vec![0, 1], vec![0, 1], 100.0),
            rooms(vec![1], vec![0], 90.0),
        ]);
        let c = compile(&p);
        let mut state = State::new(&c);
        state.insert(1, 0);
        assert_eq!(state.room[1], Some(0), "the wished room");
        state.insert(0, 0);
        assert_eq!(state.room[0], Some(1), "the other allowed room, free");
        assert_eq!(state.cost().hard, 0);
    }

    #[test]
    fn an_unavailable_only_room_forbids_the_start() {
        let p = problem(vec![
            rooms(vec![0], vec![2], 100.0),
            Constraint {
                weight: 100.0,
                kind: Kind::NotAvailable {
                    who: Resource::Room(2),
                    slots: vec![0],
                },
            },
        ]);
        let c = compile(&p);
        assert_eq!(c.allowed[0], vec![1]);
        assert_eq!(c.allowed[1], vec![0, 1], "no room needed");
    }
}
