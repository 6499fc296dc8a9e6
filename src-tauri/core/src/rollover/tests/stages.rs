//! Each stage on the demo school: what it makes, moves and ends.

use super::*;
use crate::exchange::{OutRow, Sex, Value};
use crate::movement::{self, DepartureReason, MovementKind};
use crate::rollover::stages::new_year::moved_date;
use crate::rollover::{resolve, status, Stage};
use chrono::Datelike;

/// Students at the end of the old year in classes of `grades`.
fn at_year_end(db: &Db, grades: std::ops::RangeInclusive<i32>) -> i64 {
    d::of_year(db, old_year(db))
        .unwrap()
        .iter()
        .filter(|c| grades.contains(&c.grade))
        .map(|c| c.decisions.len() as i64)
        .sum()
}

/// The copies taken before a rollover's stages, from its first stage, in the school's list.
fn rollover_backups(dir: &std::path::Path) -> usize {
    crate::backup::list(&dir.join("school.zavuch"))
        .iter()
        .filter(|c| c.reason == "перед переходом на новый год, этап 1")
        .count()
}

/// Rows of the tables a rollover writes to, for «nothing changed».
fn rows(db: &Db) -> Vec<i64> {
    [
        "academic_year",
        "term_scheme",
        "term",
        "bell_schedule",
        "class",
        "placement",
        "movement",
        "curriculum",
        "curriculum_line",
        "subgroup_split",
        "subgroup_member",
        "teaching_load",
        "thematic_plan",
        "student",
        "rollover_stage_run",
    ]
    .iter()
    .map(|t| count(db, &format!("SELECT count(*) FROM {t}")))
    .collect()
}

#[test]
fn the_demo_rolls_over_without_decisions_and_a_second_run_changes_nothing() {
    let (dir, db) = crate::testkit::demo();
    let (leaving, staying) = (at_year_end(&db, 11..=11), at_year_end(&db, 1..=10));
    let report = run_all(&db);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        (report.from.as_str(), report.to.as_str()),
        ("2026-2027", TO)
    );
    let numbers: Vec<u8> = report.stages.iter().map(|s| s.stage).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let created = |n: usize| &report.stages[n].created;
    assert_eq!(created(0).departures as i64, leaving);
    assert_eq!(created(1).years, 1);
    // Grades 1–8 and 10 one up (24 + 2), the 9th-graders into 10 А, 10 Б, 10 В.
    assert_eq!(created(1).classes, 29);
    assert_eq!(created(1).placements as i64, staying);
    // Every new class has its curriculum, or a warning that it has to be assigned by hand.
    let without = report.stages[1]
        .warnings
        .iter()
        .filter(|w| w.code == "no_template_for_class")
        .count() as u32;
    assert_eq!(created(1).curricula + without, 29);
    assert!(created(1).curricula >= 27);
    assert!(created(1).subgroup_splits > 0 && created(1).load_lines > 0);
    assert_eq!(created(2), &crate::rollover::Created::default());
    assert!(created(3).thematic_plans >= 3);
    assert!(report
        .stages
        .iter()
        .all(|s| !s.already_done && s.ran_at.is_some()));
    // The departures' day is still ahead: the report says so.
    assert!(report.stages[0]
        .warnings
        .iter()
        .any(|w| w.code == "departure_ahead" && w.message.contains("31.08.2027")));

    // The new year is there, not current; its classes one grade up.
    assert_eq!(
        crate::year::current(&db).unwrap().unwrap().name,
        "2026-2027"
    );
    for label in ["2 А", "9 В", "10 А", "10 В", "11 А", "11 Б"] {
        assert!(class_of_year(&db, TO, label).is_some(), "{label}");
    }
    for label in ["1 А", "12 А"] {
        assert!(class_of_year(&db, TO, label).is_none(), "{label}");
    }
    assert_eq!(rollover_backups(dir.path()), 1);

    let before = rows(&db);
    let again = run_all(&db);
    assert!(again.stages.iter().all(|s| s.already_done));
    assert!(again
        .stages
        .iter()
        .all(|s| s.created == crate::rollover::Created::default()));
    assert_eq!(rows(&db), before);
    let st = status(&db).unwrap();
    assert_eq!((st.from.as_str(), st.to.as_str()), ("2026-2027", TO));
    assert!(st.stages.iter().all(|s| s.done && s.ran_at.is_some()));
    assert_eq!(st.stages[1].created.classes, 29);
}

#[test]
fn decisions_place_students_where_they_say() {
    let (_dir, db) = crate::testkit::demo();
    let five = grid(&db, "5 А");
    let (repeater, conditional) = (five.decisions[0].student_id, five.decisions[1].student_id);
    let math = crate::subjects::by_name(&db, "Математика").unwrap();
    d::set(
        &db,
        class_id(&db, "5 А"),
        &[
            DecisionInput::new(repeater, DecisionKind::Repeat),
            DecisionInput {
                subjects: vec![math],
                ..DecisionInput::new(conditional, DecisionKind::Conditional)
            },
        ],
    )
    .unwrap();
    let nine = grid(&db, "9 В");
    let (leaver, to_b) = (nine.decisions[0].student_id, nine.decisions[1].student_id);
    d::set(
        &db,
        class_id(&db, "9 В"),
        &[
            DecisionInput {
                destination: "Неизвестно".into(),
                ..DecisionInput::new(leaver, DecisionKind::Left)
            },
            DecisionInput {
                to_class: "10 Б".into(),
                ..DecisionInput::new(to_b, DecisionKind::Continue)
            },
        ],
    )
    .unwrap();
    let report = run_all(&db);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.stages[0].created.repeaters, 1);
    assert_eq!(class_label_in(&db, repeater, TO), "5 А");
    assert_eq!(class_label_in(&db, conditional, TO), "6 А");
    assert_eq!(class_label_in(&db, to_b, TO), "10 Б");
    assert_eq!(class_label_in(&db, leaver, TO), "");
    let departure = |id: i64| {
        movement::history(&db, id)
            .unwrap()
            .into_iter()
            .rfind(|m| m.kind == MovementKind::Departure)
            .expect("a departure")
    };
    let gone = departure(leaver);
    assert_eq!(gone.occurred_on, date(2027, 8, 31));
    assert_eq!(gone.departure_reason, Some(DepartureReason::Vocational));
    assert_eq!(gone.destination, "Неизвестно");
    assert_eq!(gone.from_class, "9 В");
    // An 11th-grader left as finished, with the reason of a graduate.
    let graduate = grid(&db, "11 Б").decisions[0].student_id;
    assert_eq!(
        departure(graduate).departure_reason,
        Some(DepartureReason::Graduated)
    );
    assert_eq!(class_label_in(&db, graduate, "2026-2027"), "11 Б");
    // The conditional promotion keeps its debt after the rollover; decisions are closed now.
    let kept = &grid(&db, "5 А").decisions[1];
    assert_eq!(kept.debts.len(), 1);
    let err = d::set(
        &db,
        class_id(&db, "5 А"),
        &[DecisionInput::new(repeater, DecisionKind::Promoted)],
    );
    assert_eq!(err.unwrap_err().fields()[0].code, "decisions_applied");
}

#[test]
fn the_new_year_carries_calendar_bells_templates_groups_and_load() {
    let (_dir, db) = crate::testkit::demo();
    run_with(&db, &options(Some(1)));
    let report = run_with(&db, &options(Some(2)));
    let new_year = crate::year::find_by_name(&db, TO).unwrap().unwrap();
    assert_eq!(new_year.starts_on, Some(date(2027, 9, 1)));
    assert_eq!(new_year.ends_on, Some(date(2028, 8, 31)));
    assert!(!new_year.is_current);
    let old = crate::year::detail(&db, old_year(&db)).unwrap();
    let new = crate::year::detail(&db, new_year.id.unwrap()).unwrap();
    assert_eq!(new.schemes.len(), old.schemes.len());
    assert!(new.holidays.is_empty());
    assert!(report.stages[0]
        .warnings
        .iter()
        .any(|w| w.code == "holidays_to_enter"));
    let quarters = |d: &crate::year::YearDetail| {
        d.schemes
            .iter()
            .find(|s| s.name == crate::year::QUARTERS)
            .unwrap()
            .terms
            .clone()
    };
    let (q_old, q_new) = (quarters(&old), quarters(&new));
    assert_eq!(q_new[0].starts_on, Some(date(2027, 9, 1)));
    for (o, n) in q_old.iter().zip(&q_new).skip(1) {
        let (o, n) = (o.starts_on.unwrap(), n.starts_on.unwrap());
        assert_eq!(o.weekday(), n.weekday(), "{o} → {n}");
        assert!((n - o).num_days() == 364, "{o} → {n}");
    }
    assert_eq!(
        crate::bells::list(&db, new_year.id.unwrap()).unwrap().len(),
        crate::bells::list(&db, old_year(&db)).unwrap().len()
    );
    // 6 А continues 5 А: its card, its English groups with the members who went on.
    let old_5a = crate::classes::get(&db, class_id(&db, "5 А")).unwrap();
    let new_6a = crate::classes::get(&db, class_of_year(&db, TO, "6 А").unwrap()).unwrap();
    assert_eq!(new_6a.class_teacher_id, old_5a.class_teacher_id);
    assert_eq!(new_6a.room_id, old_5a.room_id);
    assert_eq!(new_6a.kind, old_5a.kind);
    let splits = crate::subgroups::list(&db, new_year.id.unwrap(), date(2027, 9, 1)).unwrap();
    let english = splits
        .iter()
        .find(|s| s.classes_label == "6 А" && s.subject_name.contains("английский"))
        .expect("English of 6 А carried");
    assert_eq!(english.unassigned, 0);
    assert_eq!(english.students, grid(&db, "5 А").decisions.len() as i32);
    // The joint English of 11 А + 11 Б ends with the classes; 10 А + 10 Б go on into 11th.
    assert!(!splits.iter().any(|s| s.classes_label.starts_with("12")));
    // The load: 6 А's lines taught by the teachers who taught 5 А, where they still work.
    let load = crate::load::lines(&db, new_year.id.unwrap(), date(2027, 9, 1)).unwrap();
    assert!(load.iter().any(|l| l.classes_label == "6 А"));
    assert_eq!(report.stages[0].created.load_lines as usize, load.len());
    // The timetable is not carried.
    let lessons = count(
        &db,
        &format!(
            "SELECT count(*) FROM timetable_entry WHERE academic_year_id = {}",
            new_year.id.unwrap()
        ),
    );
    assert_eq!(lessons, 0);
}

#[test]
fn dates_move_to_the_same_weekday_and_the_year_keeps_its_ends() {
    let (_dir, db) = crate::testkit::demo();
    let years = resolve(&db, TO).unwrap();
    assert_eq!(moved_date(date(2026, 9, 1), &years), date(2027, 9, 1));
    assert_eq!(moved_date(date(2027, 8, 31), &years), date(2028, 8, 31));
    let q1_end = date(2026, 10, 24);
    assert_eq!(moved_date(q1_end, &years), date(2027, 10, 23));
    assert_eq!(moved_date(q1_end, &years).weekday(), q1_end.weekday());
}

#[test]
fn stages_run_in_order_to_the_next_year_only() {
    let (_dir, db) = crate::testkit::demo();
    for wrong in [
        "2028-2029",
        "2026-2027",
        "2025-2026",
        "2027/2028",
        "будущий",
    ] {
        let err = run(&db, &options_to(wrong), june(), &mut |_, _, _| {}).unwrap_err();
        assert_eq!(err.code(), "refused", "{wrong}");
        assert_eq!(err.fields()[0].code, "rollover_not_next", "{wrong}");
        assert!(err.to_string().contains("2027-2028"), "{err}");
    }
    let err = run(&db, &options(Some(3)), june(), &mut |_, _, _| {}).unwrap_err();
    assert_eq!(err.fields()[0].code, "rollover_stage_order");
    assert!(err.to_string().contains("этап 1"), "{err}");
    let err = run(&db, &options(Some(5)), june(), &mut |_, _, _| {}).unwrap_err();
    assert_eq!(err.fields()[0].code, "not_in_range");
    assert_eq!(count(&db, "SELECT count(*) FROM rollover_stage_run"), 0);
}

fn options_to(to: &str) -> RolloverOptions {
    RolloverOptions {
        to: to.into(),
        ..RolloverOptions::default()
    }
}

#[test]
fn a_preview_writes_nothing_and_tells_what_the_run_does() {
    let (dir, db) = crate::testkit::demo();
    let before = rows(&db);
    let mut steps = Vec::new();
    let preview = run(
        &db,
        &RolloverOptions {
            dry_run: true,
            ..options(None)
        },
        june(),
        &mut |stage, done, total| steps.push((stage, done, total)),
    )
    .unwrap();
    assert!(preview.dry_run && preview.backup.is_none());
    assert_eq!(rows(&db), before);
    assert!(preview.stages.iter().all(|s| s.ran_at.is_none()));
    assert!(steps.iter().any(|(stage, ..)| *stage == 2));
    assert!(steps.iter().all(|(_, done, total)| done <= total));
    let created: Vec<_> = preview.stages.iter().map(|s| s.created.clone()).collect();
    let lists = preview.stages[1].lists.clone();
    assert!(
        lists[0].entries.iter().any(|e| e == "6 А ← 5 А"),
        "{lists:?}"
    );
    assert_eq!(rollover_backups(dir.path()), 0);
    let done = run_all(&db);
    let ran: Vec<_> = done.stages.iter().map(|s| s.created.clone()).collect();
    assert_eq!(created, ran);
}

/// A roster of two first grades (one the school had last year, one new) and an arrival into
/// the 5th grade, in the whole-school layout.
fn roster(path: &std::path::Path, bad: bool) {
    let row = |class: &str, number: &str, last: &str, first: &str, sex: Sex, born: NaiveDate| {
        let mut r = OutRow::new();
        r.insert("class", Value::text(class));
        r.insert("file_no", Value::text(number));
        r.insert("last_name", Value::text(last));
        r.insert("first_name", Value::text(first));
        r.insert(
            "patronymic",
            Value::text(if sex == Sex::Male {
                "Петрович"
            } else {
                "Петровна"
            }),
        );
        r.insert("sex", Value::from(sex));
        r.insert("birth_date", Value::from(born));
        r.insert("order_number", Value::text("88-у"));
        r.insert("order_date", Value::from(date(2027, 8, 25)));
        r
    };
    let mut rows = vec![
        row(
            "1 А",
            "27-1",
            "Первушина",
            "Анна",
            Sex::Female,
            date(2020, 3, 2),
        ),
        row("1 А", "27-2", "Первов", "Иван", Sex::Male, date(2020, 5, 9)),
        row(
            "1 Г",
            "27-3",
            "Новикова",
            "Ольга",
            Sex::Female,
            date(2020, 1, 20),
        ),
        row(
            "5 Б",
            "27-4",
            "Приезжев",
            "Глеб",
            Sex::Male,
            date(2016, 6, 1),
        ),
    ];
    if bad {
        rows.push(row(
            "1 А",
            "27-1",
            "Двойникова",
            "Мария",
            Sex::Female,
            date(2020, 2, 2),
        ));
    }
    crate::roster::format()
        .save_xlsx(path, None, &rows)
        .unwrap();
}

#[test]
fn first_grades_come_from_a_roster_and_a_bad_one_stops_the_stage() {
    let (dir, db) = crate::testkit::demo();
    run_with(&db, &options(Some(1)));
    run_with(&db, &options(Some(2)));
    let path = dir.path().join("first.xlsx");
    roster(&path, true);
    let with_file = RolloverOptions {
        first_grades: Some(path.clone()),
        ..options(Some(3))
    };
    let stopped = run_with(&db, &with_file);
    assert_eq!(stopped.problems.len(), 1, "{:?}", stopped.problems);
    assert_eq!(stopped.problems[0].student, "строка 7");
    assert_eq!(stopped.stages[0].ran_at, None);
    assert!(class_of_year(&db, TO, "1 А").is_none());
    assert!(!status(&db).unwrap().stages[2].done);

    roster(&path, false);
    let report = run_with(&db, &with_file);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let created = &report.stages[0].created;
    assert_eq!(
        (created.students, created.placements, created.classes),
        (4, 4, 2)
    );
    assert_eq!(created.curricula, 2);
    // 1 А takes last year's 1 А card (the grade-1 scheme and bells); 1 Г the card of 1 А too.
    let last_1a = crate::classes::info(&db, class_id(&db, "1 А"), date(2026, 9, 1)).unwrap();
    for label in ["1 А", "1 Г"] {
        let id = class_of_year(&db, TO, label).unwrap();
        let new = crate::classes::info(&db, id, date(2027, 9, 1)).unwrap();
        assert_eq!(new.term_scheme_name, last_1a.term_scheme_name, "{label}");
        assert_eq!(
            new.bell_schedule_name, last_1a.bell_schedule_name,
            "{label}"
        );
        assert!(new.class.class_teacher_id.is_none(), "{label}");
        assert!(
            crate::curriculum::of_class(&db, id).unwrap().is_some(),
            "{label}"
        );
    }
    assert_eq!(new_total(&db, "1 А"), 2);
    assert_eq!(
        new_total(&db, "5 Б"),
        grid(&db, "4 Б").decisions.len() as i32 + 1
    );
    let again = run_with(&db, &with_file);
    assert!(again.stages[0].already_done);
}

/// The students of the new year's class on its first day.
fn new_total(db: &Db, label: &str) -> i32 {
    let id = class_of_year(db, TO, label).unwrap();
    crate::classes::info(db, id, date(2027, 9, 1))
        .unwrap()
        .total
}

#[test]
fn without_a_roster_stage_3_is_done_with_nothing_made_and_plans_follow() {
    let (_dir, db) = crate::testkit::demo();
    for stage in [1, 2, 3] {
        run_with(&db, &options(Some(stage)));
    }
    assert!(status(&db).unwrap().stages[2].done);
    let report = run_with(&db, &options(Some(4)));
    let plans = &report.stages[0];
    assert_eq!(plans.stage, Stage::Plans.number());
    assert!(plans.created.thematic_plans >= 3);
    let key = crate::thematic_plans::PlanKey {
        class_id: class_of_year(&db, TO, "5 В").unwrap(),
        subgroup_id: None,
        subject_id: crate::subjects::by_name(&db, "Математика").unwrap(),
    };
    let copy = crate::thematic_plans::find(&db, &key)
        .unwrap()
        .expect("copied");
    assert!(copy
        .sections
        .iter()
        .flat_map(|s| &s.topics)
        .all(|t| t.planned_date.is_none()));
}

/// The load goes on with the teachers the staff history has at the school on the new year's
/// first day: one who left by then is not carried (and is named), one transferred to another
/// rate during the year still is.
#[test]
fn the_load_is_carried_only_for_teachers_the_staff_history_keeps() {
    use crate::staff::movement::{self, Leave, StaffTransfer};
    let (_dir, db) = crate::testkit::demo();
    let old = crate::load::lines(&db, old_year(&db), date(2026, 9, 1)).unwrap();
    let teaching = |label: &str| {
        old.iter()
            .find(|l| l.classes_label == label)
            .map(|l| (l.staff_member_id, l.teacher.clone()))
            .unwrap()
    };
    let (gone, _) = teaching("5 А");
    let gone_name = crate::staff::get(&db, gone).unwrap().full_name();
    let (moved, _) = old
        .iter()
        .find(|l| l.classes_label == "7 А" && l.staff_member_id != gone)
        .map(|l| (l.staff_member_id, l.teacher.clone()))
        .unwrap();
    let teacher = crate::staff::find_position(&db, "Учитель")
        .unwrap()
        .unwrap()
        .id
        .unwrap();
    let appointment = movement::open_appointment(&db, moved, teacher).unwrap();
    let rate = crate::staff::get(&db, moved)
        .unwrap()
        .appointments
        .iter()
        .find(|a| a.id == Some(appointment))
        .unwrap()
        .rate;
    movement::transfer(
        &db,
        &StaffTransfer {
            staff_member_id: moved,
            appointment_id: Some(appointment),
            staff_position_id: None,
            rate: if rate == 1.0 { 1.25 } else { 1.0 },
            on: date(2027, 3, 1),
            order: crate::people::Order::default(),
        },
    )
    .unwrap();
    movement::leave(
        &db,
        &Leave {
            staff_member_id: gone,
            appointment_id: None,
            on: date(2027, 6, 30),
            reason: "по собственному желанию".into(),
            order: crate::people::Order::default(),
        },
    )
    .unwrap();

    run_with(&db, &options(Some(1)));
    let report = run_with(&db, &options(Some(2)));
    let new_year = crate::year::find_by_name(&db, TO).unwrap().unwrap();
    let load = crate::load::lines(&db, new_year.id.unwrap(), date(2027, 9, 1)).unwrap();
    assert!(load.iter().all(|l| l.staff_member_id != gone));
    assert!(load.iter().any(|l| l.staff_member_id == moved));
    let named: Vec<&str> = report.stages[0]
        .warnings
        .iter()
        .filter(|w| w.code == "teacher_load_not_carried")
        .map(|w| w.message.as_str())
        .collect();
    assert!(
        named.iter().any(|m| m.contains(&gone_name)),
        "{gone_name} in {named:?}"
    );
}
