//! The demo's first-quarter marks and absences: every class of grades 2–9 has a complete
//! «1 четверть» sheet, so the ledgers, rates and archive copies have something real to show.
//! Grades 10–11 learn in half-years and have no quarter; they are left without marks for now.
//!
//! Each student has an ability level that decides their marks: excellent students get «5» with
//! a rare «4», good ones «4» and «5», average ones «3» and «4», weak ones mostly «3» with a rare
//! «2»; music, art, labour and physical education come out a level higher. Three long-ill
//! students are not attested («н/а») in one subject each, two students are exempt («осв») from
//! physical education, and «Основы религиозных культур и светской этики» in grade 4 is assessed
//! «зачтено» / «не зачтено». Drawn from the demo's seeded generator: the same every run.

use super::people::Rng;
use crate::db::Db;
use crate::error::Result;
use crate::marks::{self, AbsenceEntry, MarkEntry, MarkSheet, MarkValue};
use crate::subjects;

const SEED: u64 = 0x5A41_5655_2026_1001;
pub(super) const PERIOD: &str = "1 четверть";
const PASS_FAIL: (i32, &str) = (4, "Основы религиозных культур и светской этики");
const PE: &str = "Физическая культура";
/// Subjects where marks run a level higher than in the others.
const EASY: [&str; 5] = [
    PE,
    "Музыка",
    "Изобразительное искусство",
    "Труд (технология)",
    "Основы духовно-нравственной культуры народов России",
];
/// How many students of the school are not attested in a subject, and how many exempt from PE.
const NOT_ATTESTED: usize = 3;
const EXEMPT: usize = 2;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Level {
    Weak,
    Average,
    Good,
    Excellent,
}

impl Level {
    fn draw(rng: &mut Rng) -> Level {
        match rng.below(100) {
            0..=11 => Level::Weak,
            12..=53 => Level::Average,
            54..=89 => Level::Good,
            _ => Level::Excellent,
        }
    }

    fn up(self) -> Level {
        match self {
            Level::Weak => Level::Average,
            Level::Average => Level::Good,
            _ => Level::Excellent,
        }
    }

    /// A graded mark of a student of this level.
    fn mark(self, rng: &mut Rng) -> MarkValue {
        use MarkValue::{Five, Four, Three, Two};
        let roll = rng.below(100);
        match self {
            Level::Excellent if roll < 90 => Five,
            Level::Excellent => Four,
            Level::Good if roll < 40 => Five,
            Level::Good => Four,
            Level::Average if roll < 50 => Four,
            Level::Average => Three,
            Level::Weak if roll < 3 => Two,
            Level::Weak if roll < 90 => Three,
            Level::Weak => Four,
        }
    }
}

/// A student singled out: not attested in one subject after a long illness, or exempt from PE.
#[derive(Clone, Copy, PartialEq)]
enum Special {
    LongIll,
    Exempt,
}

pub(super) fn create(db: &Db, year_id: i64) -> Result<()> {
    let orkse = subjects::list(db, true)?
        .into_iter()
        .find(|s| s.name == PASS_FAIL.1)
        .and_then(|s| s.id);
    if let Some(id) = orkse {
        marks::set_pass_fail(db, year_id, PASS_FAIL.0, id, true)?;
    }
    let classes = marks::classes_with_period(db, year_id, PERIOD)?;
    let mut rng = Rng(SEED);
    let specials = pick_specials(&mut rng, classes.len());
    for (index, (class_id, info)) in classes.iter().enumerate() {
        let sheet = marks::sheet(db, *class_id, info.period)?;
        let special: Vec<(usize, Special)> = specials
            .iter()
            .filter(|(c, ..)| *c == index)
            .map(|&(_, s, kind)| (s % sheet.students.len().max(1), kind))
            .collect();
        let (marks, absences) = fill(&mut rng, &sheet, &special);
        marks::set_marks(db, *class_id, info.period, &marks)?;
        marks::set_absences(db, *class_id, info.period, &absences)?;
    }
    Ok(())
}

/// The singled-out students as (class index, student index, kind), in classes of grade 5 up
/// (the last two thirds of the list) so that primary classes keep clean sheets.
fn pick_specials(rng: &mut Rng, classes: usize) -> Vec<(usize, usize, Special)> {
    let from = classes / 3;
    let mut list: Vec<(usize, usize, Special)> = Vec::new();
    for (count, kind) in [(NOT_ATTESTED, Special::LongIll), (EXEMPT, Special::Exempt)] {
        while list.iter().filter(|(.., k)| *k == kind).count() < count {
            let class = rng.range(from as i64, classes as i64 - 1) as usize;
            // One singled-out student a class keeps them apart.
            if !list.iter().any(|(c, ..)| *c == class) {
                list.push((class, rng.below(40) as usize, kind));
            }
        }
    }
    list
}

/// The marks and absences of a sheet: every cell of a subject the student studies.
fn fill(
    rng: &mut Rng,
    sheet: &MarkSheet,
    special: &[(usize, Special)],
) -> (Vec<MarkEntry>, Vec<AbsenceEntry>) {
    let mut marks = Vec::new();
    let mut absences = Vec::new();
    for (i, student) in sheet.students.iter().enumerate() {
        let level = Level::draw(rng);
        let kind = special.iter().find(|(s, _)| *s == i).map(|(_, k)| *k);
        let studied: Vec<usize> = (0..sheet.subjects.len())
            .filter(|&j| student.studies[j])
            .collect();
        // The long-ill student misses the assessment of one subject they study.
        let missed_subject = match kind {
            Some(Special::LongIll) if !studied.is_empty() => Some(rng.pick(&studied)),
            _ => None,
        };
        for &j in &studied {
            let subject = &sheet.subjects[j];
            let value = if Some(j) == missed_subject {
                MarkValue::NotAttested
            } else if subject.pass_fail {
                MarkValue::Passed
            } else if subject.name == PE && kind == Some(Special::Exempt) {
                MarkValue::Exempt
            } else if EASY.contains(&subject.name.as_str()) {
                level.up().mark(rng)
            } else {
                level.mark(rng)
            };
            marks.push(MarkEntry {
                student_id: student.student_id,
                subject_id: subject.subject_id,
                value: Some(value),
            });
        }
        let (missed, of_illness) = absence(rng, kind == Some(Special::LongIll));
        absences.push(AbsenceEntry {
            student_id: student.student_id,
            missed: Some(missed),
            of_illness: Some(of_illness),
        });
    }
    (marks, absences)
}

/// Lessons missed in the quarter and of them for illness: most students miss a few, some were
/// ill for a week or two, a few missed much more; the long-ill about half the quarter.
fn absence(rng: &mut Rng, long_ill: bool) -> (i32, i32) {
    let roll = rng.below(100);
    let (missed, ill) = if long_ill {
        let missed = rng.range(80, 110);
        (missed, missed - rng.range(0, 4))
    } else if roll < 75 {
        let missed = rng.range(0, 10);
        (missed, rng.range(0, missed / 2))
    } else if roll < 95 {
        let missed = rng.range(12, 30);
        (missed, missed - rng.range(0, 6))
    } else {
        let missed = rng.range(31, 60);
        (missed, rng.range(missed / 2, missed))
    };
    (missed as i32, ill as i32)
}

#[cfg(test)]
mod tests {
    use super::PERIOD;
    use crate::marks::{self, MarkValue};
    use crate::testkit;

    #[test]
    fn every_class_of_grades_2_to_9_has_a_complete_realistic_first_quarter() {
        let (_dir, db) = testkit::demo();
        let year = crate::year::current(&db).unwrap().unwrap().id.unwrap();
        let classes = marks::classes_with_period(&db, year, PERIOD).unwrap();
        let grades: Vec<i32> = classes
            .iter()
            .map(|(id, p)| marks::sheet(&db, *id, p.period).unwrap().grade)
            .collect();
        assert!(grades.iter().all(|g| (2..=9).contains(g)), "{grades:?}");
        for grade in 2..=9 {
            assert!(grades.contains(&grade), "grade {grade}");
        }
        let (mut students, mut successful, mut quality) = (0, 0, 0);
        let mut values: Vec<(i32, String, MarkValue)> = Vec::new();
        for (id, p) in &classes {
            let sheet = marks::sheet(&db, *id, p.period).unwrap();
            let c = &sheet.stats.class.counts;
            assert_eq!(c.incomplete, 0, "{}", sheet.class_label);
            assert!(c.students > 0);
            students += c.students;
            successful += c.successful;
            quality += c.only_five + c.four_and_five;
            for st in &sheet.students {
                assert!(
                    st.missed.is_some(),
                    "{}: {}",
                    sheet.class_label,
                    st.full_name
                );
                assert!(st.of_illness <= st.missed);
                for (j, m) in st.marks.iter().enumerate() {
                    assert_eq!(m.is_some(), st.studies[j], "{}", st.full_name);
                    if let Some(m) = m {
                        values.push((sheet.grade, sheet.subjects[j].name.clone(), *m));
                    }
                }
            }
        }
        let of = |v: MarkValue| values.iter().filter(|(_, _, m)| *m == v).count();
        assert!(of(MarkValue::Two) >= 3, "{} «2»", of(MarkValue::Two));
        assert!((2..=4).contains(&of(MarkValue::NotAttested)));
        let exempt: Vec<_> = values
            .iter()
            .filter(|(_, _, m)| *m == MarkValue::Exempt)
            .collect();
        assert!((1..=2).contains(&exempt.len()));
        assert!(exempt.iter().all(|(_, s, _)| s == "Физическая культура"));
        let passed: Vec<_> = values
            .iter()
            .filter(|(_, _, m)| *m == MarkValue::Passed)
            .collect();
        assert!(!passed.is_empty());
        assert!(passed
            .iter()
            .all(|(g, s, _)| *g == 4 && s.starts_with("Основы религиозных")));
        let pass_rate = f64::from(successful) * 100.0 / f64::from(students);
        let quality_rate = f64::from(quality) * 100.0 / f64::from(students);
        assert!(pass_rate < 100.0 && pass_rate > 85.0, "{pass_rate}");
        assert!((30.0..=80.0).contains(&quality_rate), "{quality_rate}");
    }
}
