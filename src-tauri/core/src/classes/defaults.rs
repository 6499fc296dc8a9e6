//! What a new class gets when nobody chose its term scheme or bells: the school's defaults.
//!
//! - **Term scheme**: the one most classes of its grade use in that year; else the one most
//!   classes of its level use (grade 1 is a level of its own, then 2–4, 5–9, 10 up); else by
//!   grade, among the schemes the year has: grade 1 its own scheme (one whose name is of grade 1,
//!   or with holidays of its own, as the usual «Четверти (1 класс)» with the February week) or
//!   quarters, 2–9 quarters, 10 up half-years (four, two terms; the usual names first); a year
//!   with one scheme gives that one.
//! - **Bells**: the schedule most classes of its grade and shift use; else most of its level and
//!   shift; else a schedule of the year whose name is of the class's grades («Начальные классы»,
//!   «1 класс», «5–9 классы») or whose shift is the class's — the shift first (its times), then
//!   the name, the narrowest first. A schedule named for other grades is never given.
//!
//! Ties go to the scheme or schedule made first.

use super::Class;
use crate::error::Result;
use crate::year::{HALVES, QUARTERS, QUARTERS_GRADE_1};
use rusqlite::Connection;
use std::collections::HashMap;

/// A new class's term scheme and bell schedule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Defaults {
    pub term_scheme_id: Option<i64>,
    pub bell_schedule_id: Option<i64>,
}

/// A class of the year as the defaults see it.
#[derive(Debug, Clone, Copy)]
struct Placed {
    grade: i32,
    shift: i32,
    term_scheme_id: Option<i64>,
    bell_schedule_id: Option<i64>,
}

/// What a term scheme is, by its terms and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SchemeKind {
    FirstGrade,
    Quarters,
    Halves,
    Other,
}

#[derive(Debug, Clone)]
struct Scheme {
    id: i64,
    name: String,
    kind: SchemeKind,
}

#[derive(Debug, Clone)]
struct Bells {
    id: i64,
    name: String,
    shift: i32,
    /// The grades its name is for; empty when it names none («Основное»).
    grades: Vec<i32>,
}

/// The year's classes, term schemes and bell schedules as the defaults need them, read once:
/// an import creating 35 classes asks 35 times, each new class counting for the next.
#[derive(Debug, Clone)]
pub struct Setting {
    classes: Vec<Placed>,
    schemes: Vec<Scheme>,
    bells: Vec<Bells>,
}

impl Setting {
    pub fn load(conn: &Connection, academic_year_id: i64) -> Result<Setting> {
        let mut stmt = conn.prepare_cached(
            "SELECT grade, shift, term_scheme_id, bell_schedule_id FROM class
              WHERE academic_year_id = ?1 ORDER BY id",
        )?;
        let classes = stmt
            .query_map([academic_year_id], |r| {
                Ok(Placed {
                    grade: r.get(0)?,
                    shift: r.get(1)?,
                    term_scheme_id: r.get(2)?,
                    bell_schedule_id: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT s.id, s.name,
                    (SELECT count(*) FROM term t WHERE t.term_scheme_id = s.id),
                    EXISTS (SELECT 1 FROM holiday h WHERE h.term_scheme_id = s.id)
               FROM term_scheme s WHERE s.academic_year_id = ?1 ORDER BY s.id",
        )?;
        let schemes = stmt
            .query_map([academic_year_id], |r| {
                let name: String = r.get(1)?;
                let kind = scheme_kind(&name, r.get(2)?, r.get(3)?);
                Ok(Scheme {
                    id: r.get(0)?,
                    name,
                    kind,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, shift FROM bell_schedule WHERE academic_year_id = ?1 ORDER BY id",
        )?;
        let bells = stmt
            .query_map([academic_year_id], |r| {
                let name: String = r.get(1)?;
                Ok(Bells {
                    id: r.get(0)?,
                    grades: grades_named(&name),
                    name,
                    shift: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Setting {
            classes,
            schemes,
            bells,
        })
    }

    /// The defaults of a new class of `grade` in `shift`.
    pub fn for_class(&self, grade: i32, shift: i32) -> Defaults {
        Defaults {
            term_scheme_id: self.scheme_for(grade),
            bell_schedule_id: self.bells_for(grade, shift),
        }
    }

    /// Counts a class made with `defaults`, so that the next new class sees it.
    pub fn add(&mut self, grade: i32, shift: i32, defaults: Defaults) {
        self.classes.push(Placed {
            grade,
            shift,
            term_scheme_id: defaults.term_scheme_id,
            bell_schedule_id: defaults.bell_schedule_id,
        });
    }

    /// The name of a term scheme of the year; empty for none.
    pub fn scheme_name(&self, id: Option<i64>) -> String {
        let found = self.schemes.iter().find(|s| Some(s.id) == id);
        found.map(|s| s.name.clone()).unwrap_or_default()
    }

    /// The name of a bell schedule of the year; empty for none.
    pub fn bells_name(&self, id: Option<i64>) -> String {
        let found = self.bells.iter().find(|b| Some(b.id) == id);
        found.map(|b| b.name.clone()).unwrap_or_default()
    }

    fn scheme_for(&self, grade: i32) -> Option<i64> {
        let by_classes = |same: &dyn Fn(&Placed) -> bool| {
            most_used(
                self.classes
                    .iter()
                    .filter(|c| same(c))
                    .map(|c| c.term_scheme_id),
            )
        };
        by_classes(&|c| c.grade == grade)
            .or_else(|| by_classes(&|c| level(c.grade) == level(grade)))
            .or_else(|| self.usual_scheme(grade))
    }

    /// The scheme a grade usually has, among the year's.
    fn usual_scheme(&self, grade: i32) -> Option<i64> {
        let wanted: &[(SchemeKind, &str)] = match grade {
            1 => &[
                (SchemeKind::FirstGrade, QUARTERS_GRADE_1),
                (SchemeKind::Quarters, QUARTERS),
            ],
            2..=9 => &[(SchemeKind::Quarters, QUARTERS)],
            _ => &[(SchemeKind::Halves, HALVES)],
        };
        let of_kind = |&(kind, usual): &(SchemeKind, &str)| {
            let mut fitting = self.schemes.iter().filter(|s| s.kind == kind);
            // The usual name first, else the first made.
            let first = fitting.clone().next().map(|s| s.id);
            fitting.find(|s| s.name == usual).map(|s| s.id).or(first)
        };
        wanted
            .iter()
            .find_map(of_kind)
            .or(match self.schemes.as_slice() {
                [only] => Some(only.id),
                _ => None,
            })
    }

    fn bells_for(&self, grade: i32, shift: i32) -> Option<i64> {
        let by_classes = |same: &dyn Fn(&Placed) -> bool| {
            let used = self.classes.iter().filter(|c| c.shift == shift && same(c));
            most_used(used.map(|c| c.bell_schedule_id))
        };
        by_classes(&|c| c.grade == grade)
            .or_else(|| by_classes(&|c| level(c.grade) == level(grade)))
            .or_else(|| self.usual_bells(grade, shift))
    }

    /// A schedule of the shift named for the grade (the narrowest name first), else one of the
    /// shift, else one named for the grade.
    fn usual_bells(&self, grade: i32, shift: i32) -> Option<i64> {
        self.bells
            .iter()
            .filter(|b| b.grades.is_empty() || b.grades.contains(&grade))
            .filter(|b| !b.grades.is_empty() || b.shift == shift)
            .min_by_key(|b| {
                let named = !b.grades.is_empty();
                (b.shift != shift, !named, b.grades.len(), b.id)
            })
            .map(|b| b.id)
    }
}

/// The defaults of a new class of `grade` in `shift` in the year (see the module's rules).
pub fn for_class(
    conn: &Connection,
    academic_year_id: i64,
    grade: i32,
    shift: i32,
) -> Result<Defaults> {
    Ok(Setting::load(conn, academic_year_id)?.for_class(grade, shift))
}

/// Gives a new class the defaults it lacks: a term scheme and bells nobody chose. A grade or
/// a year that does not exist leaves it as it is, for the card's check to say so.
pub(crate) fn fill(conn: &Connection, c: &mut Class) -> Result<()> {
    if c.term_scheme_id.is_some() && c.bell_schedule_id.is_some() {
        return Ok(());
    }
    let d = for_class(conn, c.academic_year_id, c.grade, c.shift)?;
    c.term_scheme_id = c.term_scheme_id.or(d.term_scheme_id);
    c.bell_schedule_id = c.bell_schedule_id.or(d.bell_schedule_id);
    Ok(())
}

/// Levels whose classes usually share a scheme and bells: grade 1 (its own holidays and
/// stepped lessons), 2–4, 5–9, 10 up.
fn level(grade: i32) -> i32 {
    match grade {
        ..=1 => 0,
        2..=4 => 1,
        5..=9 => 2,
        _ => 3,
    }
}

/// The id most of `ids` are (none counted out); a tie goes to the smallest id, made first.
fn most_used(ids: impl Iterator<Item = Option<i64>>) -> Option<i64> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for id in ids.flatten() {
        *counts.entry(id).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(id, n)| (n, std::cmp::Reverse(id)))
        .map(|(id, _)| id)
}

fn scheme_kind(name: &str, terms: i64, own_holidays: bool) -> SchemeKind {
    if own_holidays || grades_named(name) == [1] {
        return SchemeKind::FirstGrade;
    }
    match terms {
        4 => SchemeKind::Quarters,
        2 => SchemeKind::Halves,
        _ => SchemeKind::Other,
    }
}

/// The grades a scheme's or schedule's name is for: numbers of classes and ranges («1 класс»,
/// «1-х классов», «5–9 классы», «10-11»; not «1 смена») and the usual words («начальные» 1–4, «первоклассники» 1, «основная
/// школа» 5–9, «старшие», «средняя школа» 10–11). Empty when the name names no grade.
fn grades_named(name: &str) -> Vec<i32> {
    let key = crate::db::ru_key(name);
    let mut grades = Vec::new();
    // Only grades a school has: «2024-2025» names none.
    let mut range = |from: i32, to: i32| {
        grades.extend(from.max(super::MIN_GRADE)..=to.min(super::MAX_GRADE));
    };
    let words: &[(&[&str], (i32, i32))] = &[
        (&["начальн"], (1, 4)),
        (&["первоклас", "первых", "ступенч"], (1, 1)),
        (&["старш", "средн"], (10, 11)),
    ];
    for (stems, (from, to)) in words {
        if stems.iter().any(|s| key.contains(s)) {
            range(*from, *to);
        }
    }
    // «Основное» is the main schedule; «основная школа» is grades 5–9.
    if key.contains("основн") && key.contains("школ") {
        range(5, 9);
    }
    let numbers = numbers_in(&key);
    let mut k = 0;
    while k < numbers.len() {
        let (from, _, end) = numbers[k];
        let between = numbers
            .get(k + 1)
            .map(|&(_, start, _)| key[end..start].trim());
        if matches!(between, Some("-" | "–" | "—")) {
            // A range «5-9», «5 – 9» is of grades, whatever follows.
            let (to, _, _) = numbers[k + 1];
            range(from, to);
            k += 2;
            continue;
        }
        // A number is of grades when «класс» follows («1 класс», «1-х кл.»), not «1 смена».
        let tail = key[end..].trim_start();
        let tail = match tail.strip_prefix('-') {
            Some(ending) => ending.trim_start_matches(char::is_alphabetic).trim_start(),
            None => tail,
        };
        if tail.starts_with("кл") {
            range(from, from);
        }
        k += 1;
    }
    grades.sort_unstable();
    grades.dedup();
    grades
}

/// The numbers written in `text` with their byte ranges.
fn numbers_in(text: &str) -> Vec<(i32, usize, usize)> {
    let mut found = Vec::new();
    let mut digits = text
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .peekable();
    while let Some((start, _)) = digits.next() {
        let mut end = start + 1;
        while digits.peek().is_some_and(|&(i, _)| i == end) {
            digits.next();
            end += 1;
        }
        found.push((text[start..end].parse().unwrap_or(i32::MAX), start, end));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bells::{self, BellSchedule};
    use crate::classes::tests::{add, class, d, today, year_2026};
    use crate::classes::{save, Class};
    use crate::db::Db;
    use crate::year::{self, Term, TermScheme};

    fn scheme_id(db: &Db, year: i64, name: &str) -> Option<i64> {
        let detail = year::detail(db, year).unwrap();
        detail.schemes.iter().find(|s| s.name == name).unwrap().id
    }

    fn bells(db: &Db, year: i64, name: &str, shift: i32) -> Option<i64> {
        let s = BellSchedule {
            id: None,
            academic_year_id: year,
            name: name.into(),
            shift,
            bells: Vec::new(),
        };
        bells::save(db, &s).unwrap().value.id
    }

    fn with_scheme(db: &Db, year: i64, grade: i32, letter: &str, scheme: &str) -> Class {
        let c = Class {
            term_scheme_id: scheme_id(db, year, scheme),
            ..class(year, grade, letter)
        };
        save(db, &c, today()).unwrap().value
    }

    /// The name of the scheme a new class of `grade` gets.
    fn scheme_of(db: &Db, year: i64, grade: i32) -> String {
        let setting = Setting::load(db.conn(), year).unwrap();
        setting.scheme_name(setting.for_class(grade, 1).term_scheme_id)
    }

    fn bells_of(db: &Db, year: i64, grade: i32, shift: i32) -> String {
        let setting = Setting::load(db.conn(), year).unwrap();
        setting.bells_name(setting.for_class(grade, shift).bell_schedule_id)
    }

    #[test]
    fn names_tell_their_grades_and_not_shifts_or_years() {
        let cases: &[(&str, &[i32])] = &[
            ("1 класс", &[1]),
            ("Для 1-х классов", &[1]),
            ("Четверти (1 класс)", &[1]),
            ("Первоклассники, ступенчатый режим", &[1]),
            ("Начальные классы", &[1, 2, 3, 4]),
            ("5–9 классы", &[5, 6, 7, 8, 9]),
            ("5 - 9", &[5, 6, 7, 8, 9]),
            ("10-11", &[10, 11]),
            ("Старшие классы", &[10, 11]),
            ("Основная школа", &[5, 6, 7, 8, 9]),
            ("Основное", &[]),
            ("1 смена", &[]),
            ("Вторая смена", &[]),
            ("Звонки 2026-2027", &[]),
            ("Сокращённые уроки 30 минут", &[]),
        ];
        for (name, grades) in cases {
            assert_eq!(grades_named(name), *grades, "{name}");
        }
    }

    #[test]
    fn a_new_class_gets_the_usual_scheme_of_its_grade() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        assert_eq!(scheme_of(&db, year, 1), year::QUARTERS_GRADE_1);
        for grade in [2, 4, 5, 9] {
            assert_eq!(scheme_of(&db, year, grade), year::QUARTERS, "{grade}");
        }
        for grade in [10, 11, 12] {
            assert_eq!(scheme_of(&db, year, grade), year::HALVES, "{grade}");
        }
        // Saved without a scheme, a class gets it; one chosen is kept; a class saved again
        // after its scheme was cleared stays without.
        let mut c = add(&db, year, 1, "А");
        assert_eq!(
            c.term_scheme_id,
            scheme_id(&db, year, year::QUARTERS_GRADE_1)
        );
        assert_eq!(
            with_scheme(&db, year, 7, "А", year::TRIMESTERS).term_scheme_id,
            scheme_id(&db, year, year::TRIMESTERS)
        );
        c.term_scheme_id = None;
        let c = save(&db, &c, today()).unwrap().value;
        assert_eq!(c.term_scheme_id, None);
    }

    #[test]
    fn most_classes_of_the_grade_then_of_the_level_decide() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        with_scheme(&db, year, 5, "А", year::TRIMESTERS);
        with_scheme(&db, year, 5, "Б", year::TRIMESTERS);
        with_scheme(&db, year, 5, "В", year::QUARTERS);
        with_scheme(&db, year, 8, "А", year::QUARTERS);
        with_scheme(&db, year, 7, "А", year::TRIMESTERS);
        assert_eq!(scheme_of(&db, year, 5), year::TRIMESTERS, "two of three");
        assert_eq!(scheme_of(&db, year, 8), year::QUARTERS, "its grade first");
        assert_eq!(
            scheme_of(&db, year, 6),
            year::TRIMESTERS,
            "its level: 3 of 5"
        );
        assert_eq!(scheme_of(&db, year, 3), year::QUARTERS, "another level");
        with_scheme(&db, year, 2, "А", year::HALVES);
        assert_eq!(
            scheme_of(&db, year, 1),
            year::QUARTERS_GRADE_1,
            "grade 1 is a level of its own"
        );
        assert_eq!(scheme_of(&db, year, 4), year::HALVES);
        // A tie goes to the scheme made first (quarters before trimesters).
        with_scheme(&db, year, 9, "А", year::TRIMESTERS);
        with_scheme(&db, year, 9, "Б", year::QUARTERS);
        assert_eq!(scheme_of(&db, year, 9), year::QUARTERS);
        // The import's new classes count for the next ones.
        let mut setting = Setting::load(db.conn(), year).unwrap();
        let first = setting.for_class(11, 1);
        let trimesters = scheme_id(&db, year, year::TRIMESTERS);
        setting.add(
            11,
            1,
            Defaults {
                term_scheme_id: trimesters,
                ..first
            },
        );
        assert_eq!(setting.for_class(11, 1).term_scheme_id, trimesters);
    }

    #[test]
    fn schemes_are_known_by_their_terms_when_named_otherwise() {
        let db = Db::in_memory().unwrap();
        let bare = year::save(&db, &year::default_for(d(2026, 9, 1)))
            .unwrap()
            .id
            .unwrap();
        assert_eq!(
            scheme_of(&db, bare, 5),
            "",
            "a year without schemes gives none"
        );
        let term = |name: &str, from: (u32, u32), to: (u32, u32)| Term {
            id: None,
            name: name.into(),
            starts_on: Some(d(if from.0 >= 9 { 2026 } else { 2027 }, from.0, from.1)),
            ends_on: Some(d(if to.0 >= 9 { 2026 } else { 2027 }, to.0, to.1)),
        };
        let scheme = |name: &str, terms: Vec<Term>| {
            year::save_scheme(
                &db,
                &TermScheme {
                    id: None,
                    academic_year_id: bare,
                    name: name.into(),
                    terms,
                },
            )
            .unwrap()
        };
        scheme(
            "Модули",
            vec![
                term("1 модуль", (9, 1), (10, 20)),
                term("2 модуль", (11, 1), (12, 20)),
                term("3 модуль", (1, 10), (3, 1)),
                term("4 модуль", (3, 2), (4, 1)),
                term("5 модуль", (4, 2), (5, 25)),
            ],
        );
        assert_eq!(scheme_of(&db, bare, 10), "Модули", "the year's only scheme");
        scheme(
            "По полугодиям",
            vec![term("I", (9, 1), (12, 27)), term("II", (1, 10), (5, 25))],
        );
        scheme(
            "Учебные четверти",
            vec![
                term("I", (9, 1), (10, 24)),
                term("II", (11, 5), (12, 27)),
                term("III", (1, 10), (3, 20)),
                term("IV", (3, 30), (5, 25)),
            ],
        );
        assert_eq!(scheme_of(&db, bare, 10), "По полугодиям");
        assert_eq!(
            scheme_of(&db, bare, 1),
            "Учебные четверти",
            "no grade-1 scheme"
        );
        assert_eq!(scheme_of(&db, bare, 6), "Учебные четверти");
    }

    #[test]
    fn bells_by_the_classes_of_the_grade_else_by_name_and_shift() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        assert_eq!(bells_of(&db, year, 5, 1), "", "no schedules, no bells");
        db.conn()
            .execute("UPDATE school SET shifts = 3 WHERE id = 1", [])
            .unwrap();
        let main = bells(&db, year, "Основное", 1);
        bells(&db, year, "1 класс (ступенчатый режим)", 1);
        bells(&db, year, "Начальные классы", 1);
        bells(&db, year, "Вторая смена", 2);
        assert_eq!(bells_of(&db, year, 1, 1), "1 класс (ступенчатый режим)");
        assert_eq!(bells_of(&db, year, 3, 1), "Начальные классы");
        assert_eq!(bells_of(&db, year, 7, 1), "Основное");
        assert_eq!(bells_of(&db, year, 3, 2), "Вторая смена", "the shift first");
        assert_eq!(bells_of(&db, year, 7, 3), "", "nothing suits a third shift");
        // What the classes of the grade and shift use wins.
        let c = Class {
            bell_schedule_id: main,
            ..class(year, 3, "А")
        };
        save(&db, &c, today()).unwrap();
        assert_eq!(bells_of(&db, year, 3, 1), "Основное");
        assert_eq!(bells_of(&db, year, 4, 1), "Основное", "its level");
        assert_eq!(
            bells_of(&db, year, 3, 2),
            "Вторая смена",
            "not another shift's"
        );
        assert_eq!(
            add(&db, year, 2, "А").bell_schedule_id,
            main,
            "saved with its level's bells"
        );
    }
}
