//! Counting arguments named before a search.

use super::*;
use crate::timetable_engine::model::{
    Activity, Constraint, DayRule, Kind, Placed, Resource, Solution, Who, HARD,
};

struct Plain;

impl Names for Plain {
    fn teacher(&self, t: usize) -> String {
        format!("У{t}")
    }
    fn subgroup(&self, s: usize) -> String {
        format!("К{s}")
    }
    fn room(&self, r: usize) -> String {
        format!("каб. {r}")
    }
    fn activity(&self, a: usize) -> String {
        format!("урок {a}")
    }
    fn slot(&self, s: Slot) -> String {
        format!("место {s}")
    }
}

/// Two days of three periods; teacher 0 teaches `lessons` single lessons to subgroup 0.
fn week(lessons: usize, constraints: Vec<Constraint>) -> Problem {
    Problem {
        days: 2,
        periods: 3,
        teachers: 1,
        subgroups: 1,
        rooms: 0,
        activities: (0..lessons)
            .map(|_| Activity {
                teachers: vec![0],
                subgroups: vec![0],
                subject: 0,
                duration: 1,
            })
            .collect(),
        constraints,
    }
}

fn hard(kind: Kind) -> Constraint {
    Constraint { weight: HARD, kind }
}

#[test]
fn a_week_that_holds_the_lessons_has_no_reason() {
    assert_eq!(before(&week(6, Vec::new()), &Plain), Vec::new());
}

#[test]
fn a_teacher_with_a_methodical_day_has_fewer_places() {
    let off = hard(Kind::NotAvailable {
        who: Resource::Teacher(0),
        slots: vec![0, 1, 2],
    });
    let why = before(&week(4, vec![off]), &Plain);
    assert_eq!(
        why.iter().map(|w| &w.reason).collect::<Vec<_>>(),
        [&Reason::TeacherOverloaded {
            teacher: 0,
            needed: 4,
            available: 3
        }]
    );
    assert_eq!(why[0].code, "teacher_overloaded");
    assert!(why[0].text.contains("У0 4 ур."), "{}", why[0].text);
}

#[test]
fn a_class_daily_maximum_limits_its_week() {
    let max = hard(Kind::Days {
        who: vec![Who::Subgroup(0)],
        rule: DayRule::MaxHoursDaily(2),
    });
    let why = before(&week(5, vec![max]), &Plain);
    assert_eq!(
        why.iter().map(|w| &w.reason).collect::<Vec<_>>(),
        [&Reason::SubgroupOverloaded {
            subgroup: 0,
            needed: 5,
            available: 4
        }]
    );
    assert!(why[0].text.starts_with("У К0 5 ур."), "{}", why[0].text);
}

#[test]
fn a_soft_maximum_of_days_is_no_reason() {
    let soft = Constraint {
        weight: 95.0,
        kind: Kind::Days {
            who: vec![Who::Teacher(0)],
            rule: DayRule::MaxDaysPerWeek(1),
        },
    };
    assert_eq!(before(&week(6, vec![soft]), &Plain), Vec::new());
}

#[test]
fn a_hard_maximum_of_days_keeps_the_best_days() {
    let days = hard(Kind::Days {
        who: vec![Who::Teacher(0)],
        rule: DayRule::MaxDaysPerWeek(1),
    });
    let why = before(&week(4, vec![days]), &Plain);
    assert_eq!(why.len(), 1);
    assert!(matches!(
        why[0].reason,
        Reason::TeacherOverloaded { available: 3, .. }
    ));
}

fn lesson(teacher: usize, subgroup: usize) -> Activity {
    Activity {
        teachers: vec![teacher],
        subgroups: vec![subgroup],
        subject: 0,
        duration: 1,
    }
}

/// One day of `periods`, `teachers` teachers, as many subgroups, `rooms` rooms.
fn day(
    periods: usize,
    rooms: usize,
    activities: Vec<Activity>,
    constraints: Vec<Constraint>,
) -> Problem {
    let people = activities.len();
    Problem {
        days: 1,
        periods,
        teachers: people,
        subgroups: people,
        rooms,
        activities,
        constraints,
    }
}

fn in_rooms(activities: Vec<usize>, rooms: Vec<usize>) -> Constraint {
    hard(Kind::PreferredRooms { activities, rooms })
}

fn at(activities: Vec<usize>, starts: Vec<Slot>) -> Constraint {
    hard(Kind::PreferredStarts { activities, starts })
}

fn reasons(why: &[Why]) -> Vec<&Reason> {
    why.iter().map(|w| &w.reason).collect()
}

#[test]
fn lessons_of_one_room_need_more_periods_than_it_is_open() {
    let p = day(
        3,
        2,
        (0..3).map(|i| lesson(i, i)).collect(),
        vec![
            in_rooms(vec![0, 1, 2], vec![0]),
            hard(Kind::NotAvailable {
                who: Resource::Room(0),
                slots: vec![2],
            }),
        ],
    );
    let why = before(&p, &Plain);
    assert_eq!(
        reasons(&why),
        [&Reason::RoomsShort {
            rooms: vec![0],
            lessons: 3,
            needed: 3,
            available: 2
        }]
    );
    assert_eq!(why[0].code, "rooms_short");
    assert!(why[0].text.contains("каб. 0"), "{}", why[0].text);
}

#[test]
fn two_room_sets_short_together_though_each_is_enough() {
    // Room 0 alone: 1 lesson; room 1 alone: 1; either: 3 — 5 lessons, 4 room periods.
    let p = day(
        2,
        2,
        (0..5).map(|i| lesson(i, i)).collect(),
        vec![
            in_rooms(vec![0], vec![0]),
            in_rooms(vec![1], vec![1]),
            in_rooms(vec![2, 3, 4], vec![0, 1]),
        ],
    );
    assert_eq!(
        reasons(&before(&p, &Plain)),
        [&Reason::RoomsShort {
            rooms: vec![0, 1],
            lessons: 5,
            needed: 5,
            available: 4
        }]
    );
}

#[test]
fn locked_lessons_of_one_teacher_or_one_room_at_one_time_clash() {
    let mut teacher = lesson(0, 1);
    teacher.teachers = vec![0];
    let p = day(
        3,
        1,
        vec![lesson(0, 0), teacher, lesson(2, 2), lesson(3, 3)],
        vec![
            at(vec![0, 1], vec![1]),
            at(vec![2, 3], vec![2]),
            in_rooms(vec![2, 3], vec![0]),
        ],
    );
    let why = before(&p, &Plain);
    assert_eq!(
        reasons(&why),
        [
            &Reason::RoomsShort {
                rooms: vec![0],
                lessons: 2,
                needed: 2,
                available: 1
            },
            &Reason::LockedClash {
                first: 0,
                second: 1,
                slot: 1,
                shared: Shared::Person(Who::Teacher(0))
            },
            &Reason::LockedClash {
                first: 2,
                second: 3,
                slot: 2,
                shared: Shared::Room(0)
            }
        ]
    );
    assert!(
        why[1].text.contains("«урок 0» и «урок 1»"),
        "{}",
        why[1].text
    );
    assert!(
        why[2].text.contains("единственный кабинет каб. 0"),
        "{}",
        why[2].text
    );
}

#[test]
fn lessons_days_apart_need_more_days_than_the_week_has() {
    let mut p = week(3, Vec::new());
    p.constraints.push(hard(Kind::MinDaysBetween {
        activities: vec![0, 1, 2],
        days: 1,
        consecutive_if_same_day: false,
    }));
    let why = before(&p, &Plain);
    assert_eq!(
        reasons(&why),
        [&Reason::DaysApartShort {
            constraint: 0,
            lessons: 3,
            days_apart: 1,
            days: 2
        }]
    );
    assert!(
        why[0].text.starts_with("ограничение № 1: 3 ур."),
        "{}",
        why[0].text
    );
}

#[test]
fn a_lesson_with_no_place_names_what_forbids_each_place() {
    let p = week(
        1,
        vec![
            at(vec![0], vec![0]),
            hard(Kind::NotAvailable {
                who: Resource::Teacher(0),
                slots: vec![0, 1],
            }),
        ],
    );
    let why = before(&p, &Plain);
    let Reason::NoPlace {
        activity: 0,
        blocks,
    } = &why[0].reason
    else {
        panic!("{why:?}")
    };
    assert_eq!(why.len(), 1);
    assert_eq!(
        blocks,
        &[
            Blocked {
                block: Block::Constraint(0),
                slots: vec![1, 2, 3, 4, 5],
                lessons: Vec::new()
            },
            Blocked {
                block: Block::Constraint(1),
                slots: vec![0, 1],
                lessons: Vec::new()
            }
        ]
    );
    assert!(
        why[0]
            .text
            .contains("запрещает «ограничение № 1» — место 1, место 2, место 3, и ещё 2"),
        "{}",
        why[0].text
    );
}

#[test]
fn a_large_school_is_counted_without_a_search() {
    // 1,000 lessons of 50 teachers and 40 classes, 60 rooms in 30 overlapping sets.
    let activities: Vec<Activity> = (0..1000).map(|i| lesson(i % 50, i % 40)).collect();
    let constraints = (0..30)
        .map(|k| {
            in_rooms(
                (k..1000).step_by(30).collect(),
                vec![2 * k, 2 * k + 1, (2 * k + 2) % 60],
            )
        })
        .collect();
    let p = Problem {
        days: 6,
        periods: 8,
        teachers: 50,
        subgroups: 40,
        rooms: 60,
        activities,
        constraints,
    };
    assert_eq!(before(&p, &Plain), Vec::new());
}

fn placed(start: Slot) -> Option<Placed> {
    Some(Placed { start, room: None })
}

fn solution(placement: Vec<Option<Placed>>, hard_violations: usize) -> Solution {
    Solution {
        placement,
        hard_violations,
        broken_soft: Vec::new(),
        teacher_gaps: 0,
        subgroup_gaps: 0,
        cancelled: false,
        seconds: 0.0,
    }
}

#[test]
fn a_lesson_left_out_names_who_holds_its_places_and_those_free() {
    // Teacher 0 teaches subgroups 0 and 1; teacher 1 teaches subgroup 0 too.
    let p = day(
        2,
        0,
        vec![lesson(0, 0), lesson(0, 1), lesson(1, 0)],
        Vec::new(),
    );
    let why = after(&p, &solution(vec![placed(0), placed(1), None], 0), &Plain);
    assert_eq!(
        reasons(&why),
        [&Reason::Unplaced {
            activity: 2,
            blocks: vec![
                Blocked {
                    block: Block::Busy(Who::Subgroup(0)),
                    slots: vec![0],
                    lessons: vec![0]
                },
                Blocked {
                    block: Block::Free,
                    slots: vec![1],
                    lessons: Vec::new()
                }
            ]
        }]
    );
    assert_eq!(why[0].code, "lesson_unplaced");
    assert!(
        why[0]
            .text
            .contains("занят класс (группа) К0 (уроки «урок 0») — место 0"),
        "{}",
        why[0].text
    );
    assert_eq!(
        after(
            &p,
            &solution(vec![placed(0), placed(1), placed(1)], 0),
            &Plain
        ),
        Vec::new()
    );
}

#[test]
fn a_search_that_leaves_a_lesson_out_says_which_constraint_blocks_it() {
    // Two lessons with nothing in common, both locked at the first period, not overlapping.
    let p = day(
        2,
        1,
        vec![lesson(0, 0), lesson(1, 1)],
        vec![
            at(vec![0, 1], vec![0]),
            hard(Kind::NotOverlapping {
                activities: vec![0, 1],
            }),
        ],
    );
    assert_eq!(
        before(&p, &Plain),
        Vec::new(),
        "no counting argument shows it"
    );
    let options = crate::timetable_engine::Options {
        time_limit: std::time::Duration::from_secs(1),
        seed: 1,
        cancel: Default::default(),
        improve: std::time::Duration::ZERO,
    };
    let solved = crate::timetable_engine::solve(&p, &options, &mut |_| {});
    assert_eq!(solved.placed(), 1);
    let why = after(&p, &solved, &Plain);
    let Reason::Unplaced { blocks, .. } = &why[0].reason else {
        panic!("{why:?}")
    };
    assert_eq!(why.len(), 1);
    assert_eq!(
        blocks
            .iter()
            .map(|b| (b.block, b.slots.clone()))
            .collect::<Vec<_>>(),
        [
            (Block::Constraint(1), vec![0]),
            (Block::Constraint(0), vec![1])
        ]
    );
}

#[test]
fn rooms_all_taken_and_a_hard_minimum_still_broken_are_told() {
    let p = Problem {
        constraints: vec![
            in_rooms(vec![0, 1], vec![0]),
            hard(Kind::Days {
                who: vec![Who::Teacher(0)],
                rule: DayRule::MinDaysPerWeek(2),
            }),
        ],
        ..week(2, Vec::new())
    };
    let mut other = p.clone();
    other.activities[1].teachers = vec![1];
    other.teachers = 2;
    other.rooms = 1;
    let why = after(
        &other,
        &solution(
            vec![
                Some(Placed {
                    start: 0,
                    room: Some(0),
                }),
                None,
            ],
            1,
        ),
        &Plain,
    );
    let Reason::Unplaced { blocks, .. } = &why[0].reason else {
        panic!("{why:?}")
    };
    assert!(blocks.contains(&Blocked {
        block: Block::NoRoom,
        slots: vec![0],
        lessons: Vec::new()
    }));
    assert_eq!(
        why[1].reason,
        Reason::HardBroken {
            constraint: 1,
            who: Some(Who::Teacher(0)),
            times: 1
        }
    );
    assert_eq!(why[1].code, "hard_broken");
}
