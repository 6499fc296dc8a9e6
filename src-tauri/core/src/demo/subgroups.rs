//! The demo's subgroups: English in halves alphabetically in every class of grades 2–11 (the
//! foreign language is taught in groups from grade 2), technology by sex in grades 5–8.

use crate::classes;
use crate::db::Db;
use crate::error::Result;
use crate::subgroups::{self, Fill, NewSplit};
use crate::subjects;
use chrono::NaiveDate;

const ENGLISH: &str = "Иностранный язык (английский)";
const TECHNOLOGY: &str = "Труд (технология)";

/// Splits are made on the year's first day, so the students who left in September are placed
/// too (and shown apart as departed members).
pub(super) fn create(db: &Db, year_id: i64, first_day: NaiveDate) -> Result<()> {
    let subject_ids = subjects::list(db, true)?;
    let id_of = |name: &str| {
        subject_ids
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.id)
    };
    let plan = [
        (id_of(ENGLISH), 2..=11, Fill::Alphabetical),
        (id_of(TECHNOLOGY), 5..=8, Fill::BySex),
    ];
    for class in classes::list(db, year_id, first_day)? {
        for (subject_id, grades, fill) in &plan {
            if subject_id.is_some() && grades.contains(&class.class.grade) {
                let new = NewSplit {
                    academic_year_id: year_id,
                    subject_id: *subject_id,
                    class_ids: class.class.id.into_iter().collect(),
                    count: 2,
                    fill: *fill,
                };
                subgroups::create(db, &new, first_day)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::classes;
    use crate::db::Db;
    use crate::subgroups;
    use crate::year;
    use chrono::NaiveDate;

    #[test]
    fn demo_splits_english_and_technology_and_places_everyone() {
        let db = Db::in_memory().unwrap();
        super::super::create(&db).unwrap();
        let year = year::current(&db).unwrap().unwrap().id.unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let rows = subgroups::list(&db, year, on).unwrap();
        let classes = classes::list(&db, year, on).unwrap();
        let grades = |from: i32, to: i32| {
            classes
                .iter()
                .filter(|c| (from..=to).contains(&c.class.grade))
                .count()
        };
        let english = rows.iter().filter(|r| r.subject_name == super::ENGLISH);
        let technology: Vec<_> = rows
            .iter()
            .filter(|r| r.subject_name == super::TECHNOLOGY)
            .collect();
        assert_eq!(english.count(), grades(2, 11));
        assert_eq!(technology.len(), grades(5, 8));
        assert!(rows
            .iter()
            .all(|r| r.unassigned == 0 && r.subgroups.len() == 2));
        for r in &rows {
            let class = classes
                .iter()
                .find(|c| c.class.id == Some(r.class_ids[0]))
                .unwrap();
            assert_eq!(r.students, class.total, "{}", r.label);
        }
        // On the day of the split halves differ by one at most (departures since may unbalance
        // them); by sex the groups are the class's boys and girls.
        let first_day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let at_start = subgroups::list(&db, year, first_day).unwrap();
        for r in at_start.iter().filter(|r| r.subject_name == super::ENGLISH) {
            assert!((r.subgroups[0].students - r.subgroups[1].students).abs() <= 1);
        }
        for r in &technology {
            let class = classes
                .iter()
                .find(|c| c.class.id == Some(r.class_ids[0]))
                .unwrap();
            assert_eq!(
                (r.subgroups[0].students, r.subgroups[1].students),
                (class.boys, class.girls)
            );
        }
        // The four who left in September are kept as departed members of their groups.
        let departed = crate::students::list(&db, year, None, None)
            .unwrap()
            .into_iter()
            .filter(|s| s.departed_on.is_some_and(|d| d <= on));
        let splits_of =
            |grade: i32| i32::from((2..=11).contains(&grade)) + i32::from((5..=8).contains(&grade));
        let expected: i32 = departed
            .map(|s| {
                let class = classes.iter().find(|c| c.class.id == s.class_id).unwrap();
                splits_of(class.class.grade)
            })
            .sum();
        let gone: i32 = rows.iter().map(|r| r.gone).sum();
        assert!(expected > 0);
        assert_eq!(gone, expected);
    }

    #[test]
    fn demo_subgroups_are_the_same_every_time() {
        let lists: Vec<String> = (0..2)
            .map(|_| {
                let db = Db::in_memory().unwrap();
                super::super::create(&db).unwrap();
                let year = year::current(&db).unwrap().unwrap().id.unwrap();
                let on = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
                let details: Vec<_> = subgroups::list(&db, year, on)
                    .unwrap()
                    .iter()
                    .map(|r| subgroups::detail(&db, r.id, on).unwrap())
                    .collect();
                serde_json::to_string(&details).unwrap()
            })
            .collect();
        assert_eq!(lists[0], lists[1]);
    }
}
