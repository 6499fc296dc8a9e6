//! Counting arguments named before a search.

use super::*;
use crate::timetable_engine::model::{Activity, Constraint, Kind, Resource, Who, HARD};

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
