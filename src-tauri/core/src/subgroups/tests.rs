use super::*;
use crate::classes::tests::{add as add_class, d, today, year_2026};
use crate::movement::{self, Departure, DepartureReason};
use crate::students::{self, Student};

fn student(class_id: i64, last: &str, first: &str, sex: Sex) -> Student {
    Student {
        sex,
        class_id: Some(class_id),
        ..students::tests::student(last, first, "")
    }
}

/// Adds students named as given («Фамилия Имя», sex by the last letter of the first name:
/// «а»/«я» — a girl) to the class; returns their ids in the same order.
fn fill_class(db: &Db, class_id: i64, names: &[&str]) -> Vec<i64> {
    names
        .iter()
        .map(|n| {
            let (last, first) = n.split_once(' ').unwrap();
            let sex = if first.ends_with('а') || first.ends_with('я') {
                Sex::Female
            } else {
                Sex::Male
            };
            students::save(db, &student(class_id, last, first, sex), today())
                .unwrap()
                .value
                .id
                .unwrap()
        })
        .collect()
}

fn subject(db: &Db, name: &str) -> i64 {
    crate::subjects::seed_federal(db).unwrap();
    crate::subjects::list(db, true)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap()
        .id
        .unwrap()
}

const ENGLISH: &str = "Иностранный язык (английский)";
const TECHNOLOGY: &str = "Труд (технология)";

fn new_split(year: i64, subject_id: i64, class_ids: &[i64], count: i32, fill: Fill) -> NewSplit {
    NewSplit {
        academic_year_id: year,
        subject_id: Some(subject_id),
        class_ids: class_ids.to_vec(),
        count,
        fill,
    }
}

fn names(students: &[SplitStudent]) -> Vec<&str> {
    students.iter().map(|s| s.full_name.as_str()).collect()
}

fn columns(detail: &SplitDetail) -> Vec<Vec<&str>> {
    detail
        .subgroups
        .iter()
        .map(|g| names(&g.students))
        .collect()
}

fn errors(res: Result<impl std::fmt::Debug>) -> Vec<(String, String)> {
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

fn count(db: &Db, table: &str) -> i64 {
    db.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// A year with 5 А of five students (Ёлкин sorts beside Е, not after Я).
fn school() -> (Db, i64, i64, Vec<i64>) {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let class = add_class(&db, year, 5, "А").id.unwrap();
    let ids = fill_class(
        &db,
        class,
        &[
            "Яковлев Пётр",
            "Ёлкина Анна",
            "Абрамов Иван",
            "Жукова Мария",
            "Ежов Олег",
        ],
    );
    (db, year, class, ids)
}

#[test]
fn even_parts_are_as_even_as_possible_larger_first() {
    assert_eq!(even_parts(25, 2), vec![13, 12]);
    assert_eq!(even_parts(26, 3), vec![9, 9, 8]);
    assert_eq!(even_parts(24, 2), vec![12, 12]);
    assert_eq!(even_parts(1, 3), vec![1, 0, 0]);
    assert_eq!(even_parts(0, 2), vec![0, 0]);
    assert!(even_parts(5, 0).is_empty());
}

#[test]
fn alphabetical_halves_follow_russian_order() {
    let (db, year, class, _) = school();
    let english = subject(&db, ENGLISH);
    let split = create(
        &db,
        &new_split(year, english, &[class], 2, Fill::Alphabetical),
        today(),
    )
    .unwrap();
    assert_eq!(split.row.label, "Иностранный язык (английский), 5 А");
    assert_eq!(split.row.classes_label, "5 А");
    assert_eq!(split.row.grade, 5);
    assert_eq!(
        columns(&split),
        vec![
            vec!["Абрамов Иван", "Ежов Олег", "Ёлкина Анна"],
            vec!["Жукова Мария", "Яковлев Пётр"]
        ]
    );
    let names: Vec<&str> = split
        .row
        .subgroups
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    assert_eq!(names, vec!["1 группа", "2 группа"]);
    let counts: Vec<i32> = split.row.subgroups.iter().map(|g| g.students).collect();
    assert_eq!(counts, vec![3, 2]);
    assert_eq!(
        (split.row.students, split.row.unassigned, split.row.gone),
        (5, 0, 0)
    );
    assert!(split.unassigned.is_empty());
}

#[test]
fn by_sex_puts_boys_and_girls_apart_and_needs_two_subgroups() {
    let (db, year, class, _) = school();
    let tech = subject(&db, TECHNOLOGY);
    let bad = new_split(year, tech, &[class], 3, Fill::BySex);
    assert_eq!(
        errors(create(&db, &bad, today())),
        pairs(&[("count", "split_by_sex_needs_two")])
    );
    let split = create(
        &db,
        &new_split(year, tech, &[class], 2, Fill::BySex),
        today(),
    )
    .unwrap();
    let names: Vec<&str> = split
        .row
        .subgroups
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    assert_eq!(names, vec!["Мальчики", "Девочки"]);
    assert_eq!(
        columns(&split),
        vec![
            vec!["Абрамов Иван", "Ежов Олег", "Яковлев Пётр"],
            vec!["Ёлкина Анна", "Жукова Мария"]
        ]
    );
    assert!(split.subgroups[0]
        .students
        .iter()
        .all(|s| s.sex == Sex::Male));
    // Refilling by sex a split of three subgroups is refused and changes nothing.
    let english = subject(&db, ENGLISH);
    let three = create(
        &db,
        &new_split(year, english, &[class], 3, Fill::Alphabetical),
        today(),
    )
    .unwrap();
    let err = fill(&db, three.row.id, Fill::BySex, today()).unwrap_err();
    assert_eq!(err.fields()[0].code, "split_by_sex_needs_two");
    assert_eq!(
        columns(&detail(&db, three.row.id, today()).unwrap()),
        columns(&three)
    );
}

#[test]
fn manual_split_starts_empty_and_students_move_by_hand() {
    let (db, year, class, ids) = school();
    let english = subject(&db, ENGLISH);
    let split = create(
        &db,
        &new_split(year, english, &[class], 2, Fill::Manual),
        today(),
    )
    .unwrap();
    assert_eq!(split.row.unassigned, 5);
    assert_eq!(names(&split.unassigned)[0], "Абрамов Иван");
    let (first, second) = (split.row.subgroups[0].id, split.row.subgroups[1].id);
    let abramov = ids[2];
    move_student(&db, split.row.id, abramov, Some(first)).unwrap();
    assert!(is_member(&db, first, abramov).unwrap());
    // Moving to the other subgroup takes the student out of the first: one row per split.
    move_student(&db, split.row.id, abramov, Some(second)).unwrap();
    assert!(!is_member(&db, first, abramov).unwrap());
    assert!(is_member(&db, second, abramov).unwrap());
    assert_eq!(count(&db, "subgroup_member"), 1);
    let now = detail(&db, split.row.id, today()).unwrap();
    assert_eq!(
        columns(&now),
        vec![Vec::<&str>::new(), vec!["Абрамов Иван"]]
    );
    assert_eq!(now.row.unassigned, 4);
    // Out of every subgroup again.
    move_student(&db, split.row.id, abramov, None).unwrap();
    assert_eq!(
        detail(&db, split.row.id, today()).unwrap().row.unassigned,
        5
    );
}

#[test]
fn the_database_refuses_a_student_in_two_subgroups_of_one_split() {
    let (db, year, class, ids) = school();
    let english = subject(&db, ENGLISH);
    let split = create(
        &db,
        &new_split(year, english, &[class], 2, Fill::Alphabetical),
        today(),
    )
    .unwrap();
    let second = split.row.subgroups[1].id;
    let res = db.conn().execute(
        "INSERT INTO subgroup_member (split_id, student_id, subgroup_id) VALUES (?1, ?2, ?3)",
        params![split.row.id, ids[2], second],
    );
    assert!(res.is_err(), "a second row for one student and split");
    // A subgroup of another split cannot be named with this split either.
    let tech = subject(&db, TECHNOLOGY);
    let other = create(
        &db,
        &new_split(year, tech, &[class], 2, Fill::Manual),
        today(),
    )
    .unwrap();
    let res = db.conn().execute(
        "INSERT INTO subgroup_member (split_id, student_id, subgroup_id) VALUES (?1, ?2, ?3)",
        params![other.row.id, ids[2], second],
    );
    assert!(res.is_err(), "subgroup of another split");
    let err = move_student(&db, other.row.id, ids[2], Some(second)).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn bad_new_splits_report_every_problem_and_write_nothing() {
    let (db, year, class, _) = school();
    let english = subject(&db, ENGLISH);
    let six_b = add_class(&db, year, 6, "Б").id.unwrap();
    let bad = NewSplit {
        academic_year_id: year,
        subject_id: None,
        class_ids: vec![class, six_b],
        count: 1,
        fill: Fill::Alphabetical,
    };
    assert_eq!(
        errors(create(&db, &bad, today())),
        pairs(&[
            ("subject_id", "required"),
            ("count", "not_in_range"),
            ("class_ids", "split_grades")
        ])
    );
    let err = create(
        &db,
        &new_split(year, english, &[class, six_b], 2, Fill::Manual),
        today(),
    )
    .unwrap_err();
    assert!(err.fields()[0].message.contains("5 А, 6 Б"), "{err}");
    assert_eq!(
        errors(create(
            &db,
            &new_split(year, english, &[], 7, Fill::Manual),
            today()
        )),
        pairs(&[("count", "not_in_range"), ("class_ids", "required")])
    );
    // A class of another year.
    let next = crate::year::save(
        &db,
        &crate::year::AcademicYear {
            id: None,
            name: "2027-2028".into(),
            starts_on: Some(d(2027, 9, 1)),
            ends_on: Some(d(2028, 8, 31)),
            is_current: false,
        },
    )
    .unwrap()
    .id
    .unwrap();
    let later = add_class(&db, next, 5, "Б").id.unwrap();
    assert_eq!(
        errors(create(
            &db,
            &new_split(year, english, &[class, later], 2, Fill::Manual),
            today()
        )),
        pairs(&[("class_ids", "other_year")])
    );
    // Unknown ids.
    for bad in [
        new_split(year, 9999, &[class], 2, Fill::Manual),
        new_split(year, english, &[9999], 2, Fill::Manual),
    ] {
        assert_eq!(create(&db, &bad, today()).unwrap_err().code(), "not_found");
    }
    assert_eq!(count(&db, "subgroup_split"), 0);
    assert_eq!(count(&db, "subgroup"), 0);
}

#[test]
fn a_class_is_split_once_per_subject_even_inside_a_group_of_classes() {
    let (db, year, class, _) = school();
    let english = subject(&db, ENGLISH);
    let five_b = add_class(&db, year, 5, "Б").id.unwrap();
    fill_class(&db, five_b, &["Борисов Глеб", "Волкова Вера"]);
    let both = create(
        &db,
        &new_split(
            year,
            english,
            &[five_b, class, class],
            3,
            Fill::Alphabetical,
        ),
        today(),
    )
    .unwrap();
    assert_eq!(both.row.classes_label, "5 А, 5 Б");
    assert_eq!(both.row.class_ids, vec![class, five_b]);
    // Seven students of two classes in three parts, alphabetically across the classes.
    assert_eq!(
        columns(&both),
        vec![
            vec!["Абрамов Иван", "Борисов Глеб", "Волкова Вера"],
            vec!["Ежов Олег", "Ёлкина Анна"],
            vec!["Жукова Мария", "Яковлев Пётр"]
        ]
    );
    let err = create(
        &db,
        &new_split(year, english, &[class], 2, Fill::Manual),
        today(),
    )
    .unwrap_err();
    assert_eq!(
        errors(Err::<(), _>(err)),
        pairs(&[("class_ids", "already_split")])
    );
    // The database agrees.
    let res = db.conn().execute(
        "INSERT INTO subgroup_split_class (split_id, academic_year_id, subject_id, class_id)
         SELECT id, academic_year_id, subject_id, ?1 FROM subgroup_split WHERE id = ?2",
        params![class, both.row.id],
    );
    assert!(res.is_err());
    // Queries for the teaching load and the timetable.
    let of_a = subgroups_of(&db, class, english, today()).unwrap();
    assert_eq!(of_a.len(), 3);
    assert_eq!(of_a, subgroups_of(&db, five_b, english, today()).unwrap());
    assert!(subgroups_of(&db, class, subject(&db, TECHNOLOGY), today())
        .unwrap()
        .is_empty());
    assert!(same_split(&db, of_a[0].id, of_a[1].id).unwrap());
    assert!(!same_split(&db, of_a[0].id, of_a[0].id).unwrap());
    let view: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM subgroup_of_class WHERE class_id = ?1 AND subject_id = ?2",
            [class, english],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(view, 3);
    // The list of the year.
    let tech = subject(&db, TECHNOLOGY);
    create(
        &db,
        &new_split(year, tech, &[class], 2, Fill::BySex),
        today(),
    )
    .unwrap();
    let six = add_class(&db, year, 6, "А").id.unwrap();
    create(
        &db,
        &new_split(year, english, &[six], 2, Fill::Manual),
        today(),
    )
    .unwrap();
    let rows = list(&db, year, today()).unwrap();
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "Иностранный язык (английский), 5 А, 5 Б",
            "Труд (технология), 5 А",
            "Иностранный язык (английский), 6 А"
        ]
    );
    assert!(!same_split(&db, of_a[0].id, rows[1].subgroups[0].id).unwrap());
}

#[test]
fn departed_and_moved_members_are_shown_apart_and_not_counted() {
    let (db, year, class, ids) = school();
    let five_b = add_class(&db, year, 5, "Б").id.unwrap();
    let english = subject(&db, ENGLISH);
    let split = create(
        &db,
        &new_split(year, english, &[class], 2, Fill::Alphabetical),
        today(),
    )
    .unwrap();
    // Ежов departs, Яковлев moves to 5 Б, a newcomer arrives.
    let ezhov = Departure {
        student_id: ids[4],
        on: d(2026, 10, 15),
        reason: DepartureReason::OtherSchool,
        destination: String::new(),
        order: Default::default(),
        note: String::new(),
    };
    movement::leave(&db, &ezhov).unwrap();
    students::place(&db, ids[0], five_b).unwrap();
    fill_class(&db, class, &["Белов Денис"]);

    let now = detail(&db, split.row.id, today()).unwrap();
    assert_eq!(names(&now.unassigned), vec!["Белов Денис"]);
    assert_eq!(names(&now.gone), vec!["Ежов Олег", "Яковлев Пётр"]);
    assert_eq!(now.gone[0].departed_on, Some(d(2026, 10, 15)));
    assert_eq!(now.gone[1].class_label, "5 Б");
    assert_eq!(
        (now.row.students, now.row.unassigned, now.row.gone),
        (4, 1, 2)
    );
    let counts: Vec<i32> = now.row.subgroups.iter().map(|g| g.students).collect();
    assert_eq!(counts, vec![2, 1]);
    // Before the departure day Ежов still counts.
    let before = detail(&db, split.row.id, d(2026, 10, 1)).unwrap();
    assert!(names(&before.subgroups[0].students).contains(&"Ежов Олег"));
    // Membership stays as history; refilling places the current students only.
    assert!(is_member(&db, split.row.subgroups[0].id, ids[4]).unwrap());
    let refilled = fill(&db, split.row.id, Fill::Alphabetical, today()).unwrap();
    assert_eq!(
        columns(&refilled),
        vec![
            vec!["Абрамов Иван", "Белов Денис"],
            vec!["Ёлкина Анна", "Жукова Мария"]
        ]
    );
    assert_eq!(refilled.row.gone, 2);
    // A gone member can be taken out; a stranger cannot be put in.
    move_student(&db, split.row.id, ids[4], None).unwrap();
    assert_eq!(detail(&db, split.row.id, today()).unwrap().row.gone, 1);
    let stranger = fill_class(&db, five_b, &["Гусев Лев"])[0];
    let err =
        move_student(&db, split.row.id, stranger, Some(split.row.subgroups[0].id)).unwrap_err();
    assert_eq!(err.fields()[0].code, "not_in_split");
    assert!(err.to_string().contains("Гусев Лев"));
    assert_eq!(
        move_student(&db, split.row.id, 9999, None)
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn subgroups_are_renamed_added_and_deleted_but_never_fewer_than_two() {
    let (db, year, class, _) = school();
    let english = subject(&db, ENGLISH);
    let split = create(
        &db,
        &new_split(year, english, &[class], 2, Fill::Alphabetical),
        today(),
    )
    .unwrap();
    let (first, second) = (split.row.subgroups[0].id, split.row.subgroups[1].id);
    let renamed = rename_subgroup(&db, first, "  Группа   Ивановой ").unwrap();
    assert_eq!(renamed.name, "Группа Ивановой");
    assert_eq!(
        errors(rename_subgroup(&db, second, "группа ивановой")),
        pairs(&[("name", "duplicate_name")])
    );
    assert_eq!(
        errors(rename_subgroup(&db, second, "  ")),
        pairs(&[("name", "required")])
    );
    assert_eq!(
        rename_subgroup(&db, 9999, "x").unwrap_err().code(),
        "not_found"
    );
    let third = add_subgroup(&db, split.row.id).unwrap();
    assert_eq!((third.name.as_str(), third.position), ("1 группа", 3));
    for _ in 0..3 {
        add_subgroup(&db, split.row.id).unwrap();
    }
    let err = add_subgroup(&db, split.row.id).unwrap_err();
    assert_eq!(err.fields()[0].code, "not_in_range");
    // Deleting a subgroup leaves its students to be placed.
    for g in detail(&db, split.row.id, today()).unwrap().row.subgroups[2..].iter() {
        delete_subgroup(&db, g.id).unwrap();
    }
    let err = delete_subgroup(&db, second).unwrap_err();
    assert_eq!(err.fields()[0].code, "too_few_subgroups");
    let tech = subject(&db, TECHNOLOGY);
    let by_sex = create(
        &db,
        &new_split(year, tech, &[class], 2, Fill::BySex),
        today(),
    )
    .unwrap();
    let extra = add_subgroup(&db, by_sex.row.id).unwrap();
    move_student(
        &db,
        by_sex.row.id,
        by_sex.subgroups[0].students[0].student_id,
        Some(extra.id),
    )
    .unwrap();
    delete_subgroup(&db, extra.id).unwrap();
    let after = detail(&db, by_sex.row.id, today()).unwrap();
    assert_eq!(names(&after.unassigned), vec!["Абрамов Иван"]);
}

#[test]
fn deleting_a_split_a_class_or_a_student_leaves_nothing_behind() {
    let (db, year, class, ids) = school();
    let english = subject(&db, ENGLISH);
    let split = create(
        &db,
        &new_split(year, english, &[class], 2, Fill::Alphabetical),
        today(),
    )
    .unwrap();
    // The subject is in use and cannot be deleted.
    assert_eq!(crate::subjects::get(&db, english).unwrap().uses, 1);
    assert!(crate::subjects::delete(&db, english).is_err());
    students::delete(&db, ids[0]).unwrap();
    assert_eq!(count(&db, "subgroup_member"), 4);
    delete(&db, split.row.id).unwrap();
    assert_eq!(
        (
            count(&db, "subgroup_split"),
            count(&db, "subgroup"),
            count(&db, "subgroup_member")
        ),
        (0, 0, 0)
    );
    assert_eq!(delete(&db, split.row.id).unwrap_err().code(), "not_found");
    assert_eq!(
        detail(&db, split.row.id, today()).unwrap_err().code(),
        "not_found"
    );
    // An empty class is deleted with its place in splits; a split left without classes goes.
    let empty = add_class(&db, year, 7, "В").id.unwrap();
    create(
        &db,
        &new_split(year, english, &[empty], 2, Fill::Manual),
        today(),
    )
    .unwrap();
    crate::classes::delete(&db, empty).unwrap();
    assert_eq!(count(&db, "subgroup_split"), 0);
    assert_eq!(count(&db, "subgroup"), 0);
}

#[test]
fn a_failed_fill_leaves_the_split_as_it_was() {
    let (db, year, class, _) = school();
    let english = subject(&db, ENGLISH);
    let split = create(
        &db,
        &new_split(year, english, &[class], 2, Fill::Alphabetical),
        today(),
    )
    .unwrap();
    db.conn()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE UPDATE ON subgroup_member
             WHEN NEW.student_id = (SELECT max(student_id) FROM subgroup_member)
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let tech = subject(&db, TECHNOLOGY);
    assert_eq!(
        fill(&db, split.row.id, Fill::BySex, today())
            .unwrap_err()
            .code(),
        "db"
    );
    assert_eq!(
        columns(&detail(&db, split.row.id, today()).unwrap()),
        columns(&split)
    );
    // A failure while creating leaves no split behind.
    db.conn()
        .execute_batch(
            "CREATE TRIGGER boom2 BEFORE INSERT ON subgroup_member BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let before = count(&db, "subgroup_split");
    assert!(create(
        &db,
        &new_split(year, tech, &[class], 2, Fill::BySex),
        today()
    )
    .is_err());
    assert_eq!(count(&db, "subgroup_split"), before);
    assert!(db.conn().is_autocommit());
}

#[test]
fn fills_have_codes_labels_and_serde_names_that_agree() {
    for f in Fill::ALL {
        assert_eq!(Fill::from_code(f.code()), f);
        assert_eq!(serde_json::to_value(f).unwrap(), f.code());
    }
    assert_eq!(Fill::BySex.label(), "По полу");
}

#[test]
fn a_class_of_a_joint_split_keeps_its_grade_until_the_split_is_deleted() {
    let (db, year, class, _) = school();
    let english = subject(&db, ENGLISH);
    let five_b = add_class(&db, year, 5, "Б").id.unwrap();
    let joint = create(
        &db,
        &new_split(year, english, &[class, five_b], 2, Fill::Manual),
        today(),
    )
    .unwrap();
    let mut moved = crate::classes::get(&db, five_b).unwrap();
    moved.grade = 6;
    match crate::classes::save(&db, &moved, today()) {
        Err(CoreError::Refused(e)) => assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("grade", "grade_of_joint_split")
        ),
        other => panic!("a joint split holds classes of one grade, got {other:?}"),
    }
    // A class split alone, or a letter changed, is no concern of the split.
    let mut renamed = crate::classes::get(&db, five_b).unwrap();
    renamed.letter = "Г".into();
    crate::classes::save(&db, &renamed, today()).unwrap();
    delete(&db, joint.row.id).unwrap();
    crate::classes::save(&db, &moved, today()).unwrap();
    assert_eq!(crate::classes::get(&db, five_b).unwrap().grade, 6);
}
