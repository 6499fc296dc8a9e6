//! The demo school's people: about 60 staff members with their positions and rates, 31 classes
//! of grades 1–11 with class teachers, term schemes, bell schedules and home rooms, and about
//! 780 students with realistic Russian names, birth dates fitting their grade, personal file
//! numbers, enrolment orders, guardians (siblings share theirs) and consents for most.
//!
//! Everything comes from a small seeded generator written here (SplitMix64), so the demo is the
//! same on every machine and every run. It is built through the same saves the app makes.

use super::statistics;
use crate::classes::{self, Class, ClassKind, Profile};
use crate::db::Db;
use crate::error::Result;
use crate::movement::{self, Departure, DepartureReason};
use crate::people::{Order, Sex};
use crate::staff::{self, Appointment, QualificationCategory, StaffMember};
use crate::students::{self, Consent, Guardian, Relation, Student, StudentGuardian, StudyForm};
use crate::validate;
use crate::year;
use chrono::{Datelike, Days, NaiveDate};

/// The day the demo's people are entered on: after the start of the year, so that September's
/// consents and departures are in the past.
const DEMO_TODAY: (i32, u32, u32) = (2026, 10, 1);
const SEED: u64 = 0x5A41_5655_2026_0007;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("demo dates are valid")
}

fn today() -> NaiveDate {
    date(DEMO_TODAY.0, DEMO_TODAY.1, DEMO_TODAY.2)
}

/// SplitMix64: tiny, fast and good enough to pick names; the same numbers everywhere. The
/// demo's other parts draw from it too (marks).
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub(super) fn range(&mut self, from: i64, to_inclusive: i64) -> i64 {
        from + self.below((to_inclusive - from + 1) as u64) as i64
    }

    /// True with the given chance in percent.
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as u64;
        from + Days::new(self.below(span + 1))
    }
}

mod families;
mod hires;
mod names;

use families::*;
use hires::*;
use names::*;

/// Makes numbers that look real: phones, SNILS with a right check number, file numbers.
struct Numbers {
    rng: Rng,
    snils: u64,
    orders: u32,
}

impl Numbers {
    fn phone(&mut self) -> String {
        let r = &mut self.rng;
        format!(
            "+7 (9{:02}) {:03}-{:02}-{:02}",
            r.range(0, 99),
            r.range(100, 999),
            r.range(0, 99),
            r.range(0, 99)
        )
    }

    /// A new SNILS each time (they only grow), with its check number.
    fn snils(&mut self) -> String {
        self.snils += 1 + self.rng.below(40_000);
        let body = format!("{:09}", self.snils);
        let sum: u32 = body
            .chars()
            .filter_map(|c| c.to_digit(10))
            .zip((1..=9).rev())
            .map(|(a, w)| a * w)
            .sum();
        let check = match sum {
            0..=99 => sum,
            100 | 101 => 0,
            _ => sum % 101 % 100,
        };
        validate::format_snils(&format!("{body}{check:02}"))
    }

    fn order(&mut self, suffix: &str, date: NaiveDate) -> Order {
        self.orders += 1 + self.rng.below(3) as u32;
        Order {
            series: String::new(),
            number: format!("{}-{suffix}", self.orders % 300 + 1),
            date: Some(date),
        }
    }

    fn address(&mut self) -> String {
        let street = self.rng.pick(STREETS);
        let house = self.rng.range(1, 120);
        if self.rng.chance(65) {
            format!(
                "303850, Орловская обл., г. Ливны, {street}, д. {house}, кв. {}",
                self.rng.range(1, 90)
            )
        } else {
            format!("303850, Орловская обл., г. Ливны, {street}, д. {house}")
        }
    }
}

pub(super) fn create(db: &Db, year_id: i64) -> Result<()> {
    let mut n = Numbers {
        rng: Rng(SEED),
        snils: 101_000_000,
        orders: 0,
    };
    let teachers = create_staff(db, &mut n)?;
    let classes = create_classes(db, year_id, &teachers, &mut n)?;
    create_students(db, &classes, &mut n)
}

// ---------------------------------------------------------------------------------------------
// Classes

/// A demo class: its id, grade and how many students it gets.
struct DemoClass {
    id: i64,
    grade: i32,
    seats: usize,
}

const HOME_ROOMS: &[&str] = &[
    "101", "102", "103", "104", "105", "106", "107", "108", "109", "110", "111", "112", "201",
    "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "301",
    "302", "303", "306", "307", "308",
];

fn create_classes(
    db: &Db,
    year_id: i64,
    teachers: &Teachers,
    n: &mut Numbers,
) -> Result<Vec<DemoClass>> {
    let detail = year::detail(db, year_id)?;
    let scheme = |name: &str| {
        detail
            .schemes
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.id)
    };
    let bells = crate::bells::list(db, year_id)?;
    let bell = |name: &str| bells.iter().find(|b| b.name == name).and_then(|b| b.id);
    let rooms = crate::rooms::list(db)?;
    let room = |number: &str| rooms.iter().find(|r| r.number == number).and_then(|r| r.id);

    let mut labels: Vec<(i32, &str, ClassKind, Option<Profile>, &str)> = Vec::new();
    for grade in 1..=9 {
        for letter in ["А", "Б", "В"] {
            let (kind, note) = if grade == 8 && letter == "А" {
                (ClassKind::InDepth, "Углублённое изучение математики")
            } else {
                (ClassKind::General, "")
            };
            labels.push((grade, letter, kind, None, note));
        }
    }
    labels.extend([
        (
            10,
            "А",
            ClassKind::Profile,
            Some(Profile::NaturalScience),
            "",
        ),
        (10, "Б", ClassKind::General, Some(Profile::Universal), ""),
        (
            11,
            "А",
            ClassKind::Profile,
            Some(Profile::SocioEconomic),
            "",
        ),
        (
            11,
            "Б",
            ClassKind::Profile,
            Some(Profile::Technological),
            "",
        ),
    ]);
    let (mut primary, mut senior) = (teachers.primary.iter(), teachers.senior.iter());
    let mut out = Vec::new();
    for (i, (grade, letter, kind, profile, note)) in labels.into_iter().enumerate() {
        let (scheme_name, bells_name) = match grade {
            1 => (year::QUARTERS_GRADE_1, "Начальные классы"),
            2..=4 => (year::QUARTERS, "Начальные классы"),
            5..=9 => (year::QUARTERS, "Основное"),
            _ => (year::HALVES, "Основное"),
        };
        let teacher = if grade <= 4 {
            primary.next()
        } else {
            senior.next()
        };
        let class = Class {
            id: None,
            academic_year_id: year_id,
            grade,
            letter: letter.into(),
            kind,
            profile,
            shift: 1,
            term_scheme_id: scheme(scheme_name),
            bell_schedule_id: bell(bells_name),
            room_id: HOME_ROOMS.get(i).and_then(|r| room(r)),
            class_teacher_id: teacher.copied(),
            note: note.into(),
        };
        let saved = classes::save(db, &class, today())?.value;
        let seats = if grade >= 10 {
            n.rng.range(18, 22)
        } else {
            n.rng.range(23, 27)
        } as usize;
        out.push(DemoClass {
            id: saved.id.unwrap_or_default(),
            grade,
            seats,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
