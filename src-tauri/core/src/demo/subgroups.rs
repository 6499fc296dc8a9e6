//! The demo's subgroups: English in halves alphabetically in every class of grades 2–10 (the
//! foreign language is taught in groups from grade 2), and in grade 11, whose two small classes
//! (18–22 students) make three groups together, one joint split of 11 А and 11 Б; technology by
//! sex in grades 5–8.

use crate::classes;
use crate::db::Db;
use crate::error::Result;
use crate::subgroups::{self, Fill, NewSplit};
use crate::subjects;
use chrono::NaiveDate;

const ENGLISH: &str = "Иностранный язык (английский)";
const TECHNOLOGY: &str = "Труд (технология)";
/// The grade whose classes learn English in groups made across the classes, and how many.
const JOINT_GRADE: i32 = 11;
const JOINT_GROUPS: i32 = 3;

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
        (id_of(ENGLISH), 2..=10, Fill::Alphabetical),
        (id_of(TECHNOLOGY), 5..=8, Fill::BySex),
    ];
    let classes = classes::list(db, year_id, first_day)?;
    let split = |subject_id: Option<i64>, class_ids: Vec<i64>, count: i32, fill: Fill| {
        let new = NewSplit {
            academic_year_id: year_id,
            subject_id,
            class_ids,
            count,
            fill,
        };
        subgroups::create(db, &new, first_day).map(|_| ())
    };
    for class in &classes {
        for (subject_id, grades, fill) in &plan {
            if subject_id.is_some() && grades.contains(&class.class.grade) {
                split(*subject_id, class.class.id.into_iter().collect(), 2, *fill)?;
            }
        }
    }
    let joint: Vec<i64> = classes
        .iter()
        .filter(|c| c.class.grade == JOINT_GRADE)
        .filter_map(|c| c.class.id)
        .collect();
    if !joint.is_empty() {
        split(id_of(ENGLISH), joint, JOINT_GROUPS, Fill::Alphabetical)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::classes;
    use crate::db::Db;
    use crate::movement::MovementKind;
    use crate::subgroups;
    use crate::year;
    use chrono::NaiveDate;

    #[test]
    fn demo_splits_english_and_technology_and_places_everyone() {
        let db = Db::in_memory().unwrap();
        super::super::create(&db).unwrap();
        let year = year::current(&db).unwrap().unwrap().id.unwrap();
        // After the first quarter's movements (demo/movement.rs).
        let on = NaiveDate::from_ymd_opt(2026, 10, 20).unwrap();
        let rows = subgroups::list(&db, year, on).unwrap();
        let classes = classes::list(&db, year, on).unwrap();
        let grades = |from: i32, to: i32| {
            classes
                .iter()
                .filter(|c| (from..=to).contains(&c.class.grade))
                .count()
        };
        let english: Vec<_> = rows
            .iter()
            .filter(|r| r.subject_name == super::ENGLISH)
            .collect();
        let technology: Vec<_> = rows
            .iter()
            .filter(|r| r.subject_name == super::TECHNOLOGY)
            .collect();
        // One split a class, grade 11's two classes in one joint split of three groups.
        assert_eq!(english.len(), grades(2, 10) + 1);
        let joint: Vec<_> = english.iter().filter(|r| r.class_ids.len() > 1).collect();
        assert_eq!(joint.len(), 1);
        assert_eq!(joint[0].class_ids.len(), grades(11, 11));
        assert_eq!(joint[0].subgroups.len(), super::JOINT_GROUPS as usize);
        assert_eq!(technology.len(), grades(5, 8));
        assert!(rows
            .iter()
            .all(|r| r.unassigned == 0 && (r.subgroups.len() == 2 || r.class_ids.len() > 1)));
        for r in &rows {
            let total: i32 = classes
                .iter()
                .filter(|c| c.class.id.is_some_and(|id| r.class_ids.contains(&id)))
                .map(|c| c.total)
                .sum();
            assert_eq!(r.students, total, "{}", r.label);
        }
        // On the day of the split groups differ by one at most (departures since may unbalance
        // them); by sex the groups are the class's boys and girls.
        let first_day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let at_start = subgroups::list(&db, year, first_day).unwrap();
        for r in at_start.iter().filter(|r| r.subject_name == super::ENGLISH) {
            let sizes = r.subgroups.iter().map(|g| g.students);
            let (min, max) = (sizes.clone().min().unwrap(), sizes.max().unwrap());
            assert!(max - min <= 1, "{}", r.label);
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
        // Those who left and those transferred to another class are kept as gone members of
        // the groups of the class they left.
        let splits_of =
            |grade: i32| i32::from((2..=11).contains(&grade)) + i32::from((5..=8).contains(&grade));
        let expected: i32 = crate::movement::rows_where(db.conn(), "m.academic_year_id = ?1", year)
            .unwrap()
            .into_iter()
            .filter(|m| m.occurred_on <= on)
            .filter_map(|m| match m.kind {
                MovementKind::Departure | MovementKind::Transfer => m.from_class_id,
                _ => None,
            })
            .map(|from| {
                let class = classes.iter().find(|c| c.class.id == Some(from)).unwrap();
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
