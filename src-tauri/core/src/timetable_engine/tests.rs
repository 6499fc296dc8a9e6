//! The engine end to end: hard constraints of each kind kept, a soft wish met when it can be,
//! an impossible problem answered at once with what is left out, a cancel that keeps the best,
//! the same seed giving the same timetable.

use super::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

const DAYS: usize = 5;
const PERIODS: usize = 4;

fn options(seconds: u64) -> Options {
    Options {
        time_limit: Duration::from_secs(seconds),
        seed: 7,
        cancel: Arc::new(AtomicBool::new(false)),
        improve: Duration::ZERO,
    }
}

fn lesson(teacher: usize, subgroups: &[usize], duration: usize) -> Activity {
    Activity {
        teachers: vec![teacher],
        subgroups: subgroups.to_vec(),
        subject: 0,
        duration,
    }
}

fn hard(kind: Kind) -> Constraint {
    Constraint { weight: HARD, kind }
}

/// Two classes of one subgroup each and a joint lesson, three teachers.
fn school() -> Problem {
    let mut activities = Vec::new();
    for class in 0..2 {
        for _ in 0..4 {
            activities.push(lesson(class, &[class], 1));
        }
        activities.push(lesson(2, &[class], 2));
    }
    activities.push(lesson(2, &[0, 1], 1));
    Problem {
        days: DAYS,
        periods: PERIODS,
        teachers: 3,
        subgroups: 2,
        rooms: 0,
        activities,
        constraints: Vec::new(),
    }
}

fn day(s: Slot) -> usize {
    s / PERIODS
}

#[test]
fn every_hard_kind_is_kept() {
    let mut p = school();
    let monday: Vec<Slot> = (0..PERIODS).collect();
    p.constraints = vec![
        hard(Kind::NotAvailable {
            who: Resource::Teacher(0),
            slots: monday.clone(),
        }),
        hard(Kind::Break { slots: vec![3] }),
        hard(Kind::PreferredStarts {
            activities: vec![10],
            starts: vec![2 * PERIODS],
        }),
        hard(Kind::MinDaysBetween {
            activities: vec![0, 1, 2, 3],
            days: 1,
            consecutive_if_same_day: false,
        }),
        hard(Kind::SameStartingHour {
            activities: vec![5, 6],
        }),
        hard(Kind::Consecutive {
            first: 7,
            second: 8,
        }),
        hard(Kind::Days {
            who: vec![Who::Subgroup(0), Who::Subgroup(1)],
            rule: DayRule::MaxGapsPerWeek(0),
        }),
        hard(Kind::Days {
            who: vec![Who::Teacher(2)],
            rule: DayRule::MaxDaysPerWeek(3),
        }),
        hard(Kind::EndsStudentsDay {
            activities: vec![9],
        }),
    ];
    let solution = solve(&p, &options(10), &mut |_| {});
    assert!(solution.is_complete(), "{solution:?}");
    let at: Vec<Slot> = solution
        .placement
        .iter()
        .map(|x| x.unwrap().start)
        .collect();
    assert!(
        at[..4].iter().all(|&s| day(s) != 0),
        "teacher 0 is away on Monday"
    );
    assert!(at.iter().all(|&s| s != 3), "the break");
    assert_eq!(at[10], 2 * PERIODS);
    let days: std::collections::BTreeSet<usize> = at[..4].iter().map(|&s| day(s)).collect();
    assert_eq!(days.len(), 4, "four different days");
    assert_eq!(at[5] % PERIODS, at[6] % PERIODS);
    assert_eq!(at[8], at[7] + 1);
    let teacher_days: std::collections::BTreeSet<usize> =
        [4, 9, 10].iter().map(|&a| day(at[a])).collect();
    assert!(teacher_days.len() <= 3);
    assert_eq!(solution.subgroup_gaps, 0);
    let later = (5..=10)
        .filter(|&a| a != 9 && day(at[a]) == day(at[9]) && at[a] > at[9])
        .count();
    assert_eq!(later, 0, "the double lesson ends the second class's day");
}

#[test]
fn a_soft_wish_is_met_when_it_can_be() {
    let mut p = school();
    p.constraints = vec![Constraint {
        weight: 90.0,
        kind: Kind::PreferredStarts {
            activities: vec![0],
            starts: vec![3 * PERIODS + 1],
        },
    }];
    let solution = solve(&p, &options(10), &mut |_| {});
    assert!(solution.is_complete());
    assert_eq!(solution.placement[0].unwrap().start, 3 * PERIODS + 1);
    assert!(solution.broken_soft.is_empty());
}

#[test]
fn an_impossible_problem_is_answered_with_what_is_left_out() {
    // Six lessons of one teacher in a week of four places.
    let p = Problem {
        days: 2,
        periods: 2,
        teachers: 1,
        subgroups: 6,
        activities: (0..6).map(|s| lesson(0, &[s], 1)).collect(),
        ..Problem::default()
    };
    let mut reports = 0;
    let solution = solve(&p, &options(1), &mut |_| reports += 1);
    assert!(!solution.is_complete());
    assert_eq!(solution.placed(), 4);
    assert_eq!(solution.hard_violations, 0, "what is placed breaks nothing");
    assert!(reports > 0);
    assert!(solution.seconds < 3.0);
}

#[test]
fn lessons_at_once_are_left_out_even_where_a_day_rule_then_breaks() {
    // One place in the week, two lessons of one teacher, each class wanting a lesson a day:
    // leaving one out breaks its class's minimum as much as it ends the clash, yet two lessons
    // at once are never given as a timetable.
    let min = hard(Kind::Days {
        who: vec![Who::Subgroup(0), Who::Subgroup(1)],
        rule: DayRule::MinHoursDaily {
            min: 1,
            allow_empty_days: false,
        },
    });
    let p = Problem {
        days: 1,
        periods: 1,
        teachers: 1,
        subgroups: 2,
        activities: vec![lesson(0, &[0], 1), lesson(0, &[1], 1)],
        constraints: vec![min],
        ..Problem::default()
    };
    let solution = solve(&p, &options(1), &mut |_| {});
    assert_eq!(solution.placed(), 1);
    assert!(!solution.is_complete());
}

#[test]
fn a_cancel_keeps_the_best_placement() {
    let mut p = school();
    p.activities.extend((0..30).map(|_| lesson(0, &[0], 1)));
    let options = options(60);
    options.cancel.store(true, Ordering::Relaxed);
    let solution = solve(&p, &options, &mut |_| {});
    assert!(solution.cancelled);
    assert!(solution.seconds < 5.0);
    assert!(
        solution.placed() >= DAYS * PERIODS - 1,
        "the best found is kept: {}",
        solution.placed()
    );
    assert_eq!(solution.hard_violations, 0);
}

#[test]
fn the_same_seed_gives_the_same_timetable() {
    let p = school();
    let one = solve(&p, &options(10), &mut |_| {});
    let two = solve(&p, &options(10), &mut |_| {});
    assert_eq!(one.placement, two.placement);
}

#[test]
fn a_teacher_gets_no_gap_when_nothing_else_is_at_stake() {
    // One teacher, three classes, one lesson each on a day of four periods; the first is
    // locked at the first period, the third at the third: the second goes between them.
    let problem = Problem {
        days: 1,
        periods: 4,
        teachers: 1,
        subgroups: 3,
        rooms: 0,
        activities: (0..3).map(|class| lesson(0, &[class], 1)).collect(),
        constraints: vec![
            hard(Kind::PreferredStarts {
                activities: vec![0],
                starts: vec![0],
            }),
            hard(Kind::PreferredStarts {
                activities: vec![2],
                starts: vec![2],
            }),
        ],
    };
    for seed in 1..5 {
        let solution = solve(&problem, &Options { seed, ..options(5) }, &mut |_| {});
        assert!(solution.is_complete());
        assert_eq!(
            solution.placement[1].map(|p| p.start),
            Some(1),
            "seed {seed}"
        );
        assert_eq!(solution.teacher_gaps, 0);
        assert_eq!(solution.broken_soft, Vec::new(), "gaps are no constraint");
    }
}

#[test]
fn kept_costs_agree_with_a_count_from_scratch_after_many_moves() {
    let mut p = school();
    let soft = |weight, kind| Constraint { weight, kind };
    p.constraints = vec![
        soft(
            95.0,
            Kind::MinDaysBetween {
                activities: vec![0, 1, 2, 3, 0],
                days: 1,
                consecutive_if_same_day: true,
            },
        ),
        hard(Kind::SameStartingHour {
            activities: vec![4, 9],
        }),
        soft(
            80.0,
            Kind::NotOverlapping {
                activities: vec![0, 5, 10],
            },
        ),
        soft(
            70.0,
            Kind::MinGapsBetween {
                activities: vec![1, 6],
                gaps: 1,
            },
        ),
        hard(Kind::Consecutive {
            first: 2,
            second: 3,
        }),
        soft(
            90.0,
            Kind::Days {
                who: vec![Who::Teacher(2), Who::Subgroup(0)],
                rule: DayRule::MaxGapsPerWeek(0),
            },
        ),
    ];
    let c = compile::compile(&p);
    let mut state = State::new(&c);
    let mut rng = search::Rng::new(3);
    for _ in 0..500 {
        let a = rng.below(p.activities.len());
        let starts = &c.allowed[a];
        match rng.below(4) {
            0 => state.remove(a),
            _ => state.insert(a, starts[rng.below(starts.len())]),
        }
    }
    let mut fresh = State::new(&c);
    for a in 0..p.activities.len() {
        if let Some(s) = state.start[a] {
            fresh.insert_in(a, s, state.room[a]);
        }
    }
    assert_eq!(state.cost().hard, fresh.cost().hard);
    assert!((state.cost().soft - fresh.cost().soft).abs() < 1e-6);
    for (g, rule) in c.group_rules.iter().enumerate() {
        let units = rules::group_units(&c, &rule.rule, &state.start);
        assert_eq!(state.group_cost[g], state::Cost::of(units, rule.weight));
    }
}

/// One class, three days of two periods, six lessons of six teachers; the first lesson is
/// hard (9), the others easy (1); Tuesday is the peak day.
fn peak_problem(hard_away_on_tuesday: bool) -> Problem {
    let mut constraints = vec![Constraint {
        weight: 90.0,
        kind: Kind::DifficultyPeak {
            activities: (0..6).collect(),
            scores: vec![9, 1, 1, 1, 1, 1],
            peak_days: vec![1],
        },
    }];
    if hard_away_on_tuesday {
        constraints.push(hard(Kind::NotAvailable {
            who: Resource::Teacher(0),
            slots: vec![2, 3],
        }));
    }
    Problem {
        days: 3,
        periods: 2,
        teachers: 6,
        subgroups: 1,
        activities: (0..6).map(|t| lesson(t, &[0], 1)).collect(),
        constraints,
        ..Problem::default()
    }
}

#[test]
fn the_difficulty_peak_goes_to_the_peak_day() {
    for seed in 1..4 {
        let solution = solve(
            &peak_problem(false),
            &Options { seed, ..options(5) },
            &mut |_| {},
        );
        assert!(solution.is_complete());
        let periods = 2;
        assert_eq!(solution.placement[0].unwrap().start / periods, 1, "Tuesday");
        assert_eq!(solution.broken_soft, Vec::new(), "seed {seed}");
    }
}

#[test]
fn a_difficulty_peak_that_cannot_be_met_is_listed_by_its_points() {
    let solution = solve(&peak_problem(true), &options(5), &mut |_| {});
    assert!(solution.is_complete());
    // The hard lesson's day: 9 + 1 against Tuesday's 1 + 1.
    assert_eq!(
        solution.broken_soft,
        vec![Broken {
            constraint: 0,
            times: 8
        }]
    );
}

#[test]
fn progress_counts_lessons_not_activities() {
    // Eleven activities, two of them paired: thirteen lessons to the user.
    let mut last = None;
    let solution = solve(&school(), &options(5), &mut |p| last = Some(p));
    assert!(solution.is_complete());
    let last = last.expect("a progress at the end");
    assert_eq!((last.placed, last.total), (13, 13));
}
