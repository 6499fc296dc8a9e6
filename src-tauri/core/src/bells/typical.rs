//! «Типовой день»: the bells of a usual school day, to start a new schedule from. The screen
//! offers [`TypicalDay::default`], the user changes the values, and the bells made are edited
//! in the table before the schedule is saved.

use super::{Bell, LESSON_MINUTES, MAX_LESSON_NUMBER, SHORT_BREAK_MINUTES};
use crate::error::{Check, CoreError, FieldError, Problem, Result};
use crate::validate;
use chrono::Timelike;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A usual school day to start a new schedule from: the screen offers it with these values,
/// the user changes them, and the bells made are edited before the schedule is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TypicalDay {
    /// «08:30».
    pub first_starts_at: String,
    pub lessons: i32,
    pub lesson_minutes: i32,
    pub break_minutes: i32,
    pub long_break_minutes: i32,
    /// The lessons after which the long breaks come, as typed: «2, 3».
    pub long_breaks_after: String,
}

/// Lessons of 45 minutes from 08:30, breaks of 10 minutes and of 20 after the 2nd and 3rd
/// lessons (СанПиН 1.2.3685-21 asks for breaks of at least 10 minutes and a long one of 20
/// minutes or two of 20).
impl Default for TypicalDay {
    fn default() -> Self {
        TypicalDay {
            first_starts_at: "08:30".into(),
            lessons: 6,
            lesson_minutes: LESSON_MINUTES as i32,
            break_minutes: SHORT_BREAK_MINUTES as i32,
            long_break_minutes: 20,
            long_breaks_after: "2, 3".into(),
        }
    }
}

/// Minutes in a day: a typical day must end before midnight.
const DAY_MINUTES: i64 = 24 * 60;

/// The bells of a typical day: lessons numbered from 1, each `lesson_minutes` long, a break of
/// `break_minutes` after each and of `long_break_minutes` after the lessons named. Refused with
/// an error beside each value that does not make a day.
pub fn typical_day(day: &TypicalDay) -> Result<Vec<Bell>> {
    let mut check = Check::new();
    let start = validate::time(&day.first_starts_at);
    check.field("first_starts_at", start.clone().map(|_| ()));
    let ranges = [
        ("lessons", day.lessons, 1, MAX_LESSON_NUMBER),
        ("lesson_minutes", day.lesson_minutes, 20, 90),
        ("break_minutes", day.break_minutes, 0, 60),
        ("long_break_minutes", day.long_break_minutes, 0, 90),
    ];
    for (field, value, min, max) in ranges {
        check.field(
            field,
            validate::in_range(value.into(), min.into(), max.into()),
        );
    }
    let long_after = lesson_numbers(&day.long_breaks_after, day.lessons);
    check.field("long_breaks_after", long_after.clone().map(|_| ()));
    check.finish()?;
    let (Ok(start), Ok(long_after)) = (start, long_after) else {
        unreachable!("refused above")
    };
    let mut at = i64::from(start.num_seconds_from_midnight() / 60);
    let mut bells = Vec::new();
    for n in 1..=day.lessons {
        let end = at + i64::from(day.lesson_minutes);
        if end >= DAY_MINUTES {
            let late = FieldError::new("lessons", Problem::DayPastMidnight { lessons: n });
            return Err(CoreError::Invalid(vec![late]));
        }
        bells.push(Bell {
            lesson_number: n,
            starts_at: clock(at),
            ends_at: clock(end),
        });
        let pause = if long_after.contains(&n) {
            day.long_break_minutes
        } else {
            day.break_minutes
        };
        at = end + i64::from(pause);
    }
    Ok(bells)
}

/// «2, 3» (or «2 3», «2;3»): lesson numbers after which a break comes, each before the last
/// lesson of `lessons`.
fn lesson_numbers(text: &str, lessons: i32) -> std::result::Result<Vec<i32>, Problem> {
    let not_numbers = || Problem::NotLessonNumbers {
        value: text.trim().to_string(),
    };
    let numbers = text
        .split([',', ';', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<i32>().map_err(|_| not_numbers()))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    for n in &numbers {
        validate::in_range((*n).into(), 1, (lessons - 1).max(1).into())?;
    }
    Ok(numbers)
}

/// «08:05» from minutes since midnight.
fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bells::{save, BellSchedule};
    use crate::db::Db;

    fn errors(res: Result<Vec<Bell>>) -> Vec<(String, String)> {
        match res {
            Err(CoreError::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn a_typical_day_has_lessons_of_45_minutes_and_breaks_of_10_and_20() {
        let day = typical_day(&TypicalDay::default()).unwrap();
        let times: Vec<(i32, &str, &str)> = day
            .iter()
            .map(|b| (b.lesson_number, b.starts_at.as_str(), b.ends_at.as_str()))
            .collect();
        assert_eq!(
            times,
            [
                (1, "08:30", "09:15"),
                (2, "09:25", "10:10"),
                (3, "10:30", "11:15"),
                (4, "11:35", "12:20"),
                (5, "12:30", "13:15"),
                (6, "13:25", "14:10"),
            ]
        );
        // It saves without a warning: no short break, no long lesson.
        let db = Db::in_memory().unwrap();
        let year = crate::year::init(&db, chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())
            .unwrap()
            .year
            .id
            .unwrap();
        let schedule = BellSchedule {
            id: None,
            academic_year_id: year,
            name: "Основное".into(),
            shift: 1,
            bells: day,
        };
        let saved = save(&db, &schedule).unwrap();
        assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    }

    #[test]
    fn a_typical_day_is_what_the_user_asks_or_a_clear_refusal() {
        let day = TypicalDay {
            first_starts_at: "8:00".into(),
            lessons: 3,
            lesson_minutes: 40,
            break_minutes: 5,
            long_break_minutes: 30,
            long_breaks_after: "1".into(),
        };
        let bells = typical_day(&day).unwrap();
        assert_eq!(
            (bells[1].starts_at.as_str(), bells[2].starts_at.as_str()),
            ("09:10", "09:55")
        );
        let bad = TypicalDay {
            first_starts_at: "восемь".into(),
            lessons: 0,
            long_breaks_after: "2, третий".into(),
            ..TypicalDay::default()
        };
        assert_eq!(
            errors(typical_day(&bad)),
            pairs(&[
                ("first_starts_at", "bad_time"),
                ("lessons", "not_in_range"),
                ("long_breaks_after", "not_lesson_numbers"),
            ])
        );
        let late = TypicalDay {
            first_starts_at: "20:00".into(),
            lessons: 7,
            ..TypicalDay::default()
        };
        assert_eq!(
            errors(typical_day(&late)),
            pairs(&[("lessons", "day_past_midnight")])
        );
    }
}
