//! The demo's timetable: the demo's load placed by the timetable engine as «Составить
//! расписание» places a school's (`timetable_generate`), from a fixed seed and within a fixed
//! number of steps of the search rather than a time, so that the demo is the same on every
//! machine, however fast.

use crate::db::Db;
use crate::error::Result;

/// The seed the demo's timetable is searched from.
const SEED: u64 = 8;
/// Steps of the search (each moves one lesson): enough to place every lesson and then lower
/// teachers' gaps, subjects twice a day and the difficulty off Tuesday–Wednesday.
const STEPS: usize = 10_000;

pub(super) fn create(db: &Db, year_id: i64) -> Result<()> {
    crate::timetable_generate::place_whole_school(db, year_id, SEED, STEPS).map(|_| ())
}

#[cfg(test)]
mod tests {
    use crate::db::Db;
    use crate::rooms::RoomKind;
    use crate::timetable::{self, Half};
    use crate::year;
    use chrono::NaiveDate;

    #[test]
    fn the_demo_load_is_placed_without_conflicts_within_the_daily_maximum_and_without_class_gaps() {
        let db = Db::in_memory().unwrap();
        super::super::create(&db).unwrap();
        let year = year::current(&db).unwrap().unwrap().id.unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let check = timetable::check(&db, year, on).unwrap();
        assert!(check.conflicts.is_empty(), "{:?}", check.conflicts.first());
        assert!(
            (850..=1000).contains(&check.required),
            "{} lessons",
            check.required
        );
        // Every lesson of the load is placed, in both half-years.
        assert_eq!(check.placed, check.required);
        assert_eq!(check.placed_first, check.required_first);
        assert_eq!(check.placed_second, check.required_second);
        let codes = |code: &str| check.warnings.iter().filter(|w| w.code == code).count();
        assert_eq!(codes("above_daily_limit"), 0);
        assert_eq!(codes("placed_differs_from_load"), 0);
        // Better than the demo's own search was (83 gaps, 8 subjects twice a day, 1 peak).
        assert!(
            codes("subject_twice_a_day") <= 8,
            "{}",
            codes("subject_twice_a_day")
        );
        assert!(
            codes("difficulty_peak") <= 1,
            "{}",
            codes("difficulty_peak")
        );
        let gaps: i32 = check.teacher_gaps.iter().map(|g| g.gaps).sum();
        assert!(gaps < 83, "{gaps} teachers' gaps");
        // A lesson without a room is PE when the gym is taken (the sports ground), or one for
        // which every classroom and laboratory that is no class's home room is taken.
        let sheet = timetable::school_sheet(&db, year).unwrap();
        let lessons: Vec<&timetable::Lesson> = sheet.cells.iter().flatten().flatten().collect();
        let week = timetable::Week::read(&db, year).unwrap();
        let homes: Vec<i64> = week.classes.iter().filter_map(|c| c.home_room_id).collect();
        let spare: Vec<i64> = crate::rooms::list(&db)
            .unwrap()
            .into_iter()
            .filter(|r| matches!(r.kind, RoomKind::Classroom | RoomKind::Laboratory))
            .filter_map(|r| r.id)
            .filter(|id| !homes.contains(id))
            .collect();
        for l in lessons.iter().filter(|l| l.room_id.is_none()) {
            let taken: Vec<i64> = lessons
                .iter()
                .filter(|o| o.day == l.day && o.lesson_number == l.lesson_number)
                .filter_map(|o| o.room_id)
                .collect();
            let pe = timetable::sanitary::is_physical_education(&l.label);
            assert!(
                pe || spare.iter().all(|r| taken.contains(r)),
                "{} without a room while one is free",
                l.title()
            );
        }
        // The joint English groups of 11 А and 11 Б: every lesson of their load lines placed,
        // each in the weeks of both classes at once.
        let needed: i32 = week
            .loads
            .values()
            .filter(|l| l.class_ids.len() > 1)
            .map(|l| l.needed(Half::First).max(l.needed(Half::Second)))
            .sum();
        // The sheet shows a joint lesson in the column of each of its classes.
        let mut joint: Vec<&&timetable::Lesson> =
            lessons.iter().filter(|l| l.class_ids.len() > 1).collect();
        joint.sort_by_key(|l| l.id);
        joint.dedup_by_key(|l| l.id);
        assert!(needed > 0, "the demo has a joint split with its load");
        assert_eq!(joint.len() as i32, needed);
        for l in &joint {
            for class in &l.class_ids {
                let view = timetable::class_week(&db, *class).unwrap();
                let row = view
                    .rows
                    .iter()
                    .position(|r| r.lesson_number == l.lesson_number);
                let col = view.days.iter().position(|d| d.day == l.day);
                let cell = &view.cells[row.unwrap()][col.unwrap()];
                assert!(cell.iter().any(|x| x.id == l.id), "{}", l.title());
            }
        }
        // Every class's days start at lesson 1 with no free lesson between.
        for class in &check_classes(&db, year) {
            let view = timetable::class_week(&db, *class).unwrap();
            for day in 0..view.days.len() {
                let filled: Vec<bool> = view.cells.iter().map(|row| !row[day].is_empty()).collect();
                let last = filled.iter().rposition(|f| *f).unwrap_or(0);
                assert!(
                    filled[..=last].iter().all(|f| *f),
                    "{} day {day}",
                    view.title
                );
                assert_no_subgroup_waits(&view, day);
            }
        }
    }

    /// Each subgroup's lessons of a day (whole-class ones, its own, other splits') follow one
    /// another: a lesson of a split without this subgroup's lesson beside it comes first or
    /// last in the day.
    fn assert_no_subgroup_waits(view: &timetable::WeekView, day: usize) {
        let rows: Vec<&Vec<timetable::Lesson>> = view.cells.iter().map(|row| &row[day]).collect();
        let groups: std::collections::BTreeSet<(i64, i64)> = rows
            .iter()
            .flat_map(|c| c.iter())
            .filter_map(|l| Some((l.split_id?, l.subgroup_id?)))
            .collect();
        for (split, group) in groups {
            let attends: Vec<bool> = rows
                .iter()
                .map(|c| {
                    c.iter()
                        .any(|l| l.split_id != Some(split) || l.subgroup_id == Some(group))
                })
                .collect();
            let first = attends.iter().position(|a| *a).unwrap_or(0);
            let last = attends.iter().rposition(|a| *a).unwrap_or(0);
            assert!(
                attends[first..=last].iter().all(|a| *a),
                "{} day {day}: subgroup {group} waits",
                view.title
            );
        }
    }

    fn check_classes(db: &Db, year: i64) -> Vec<i64> {
        timetable::school_sheet(db, year)
            .unwrap()
            .classes
            .iter()
            .map(|c| c.id)
            .collect()
    }
}
