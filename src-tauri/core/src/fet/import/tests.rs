//! `fet import` of a small Russian school (tests/fixtures/fet/school-ru.fet): three classes,
//! English in subgroups, activities split by Activity_Group_Id, a paired lesson, a teacher of
//! two classes, an inactive activity; refusals that name every case; importing twice matches.

use super::*;
use crate::load;

const SCHOOL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/fet/school-ru.fet"
));

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
}

fn school() -> Db {
    let db = Db::in_memory().unwrap();
    crate::year::init(&db, today()).unwrap();
    db
}

fn count(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Everything a FET import writes, to compare before and after.
fn content(db: &Db) -> Vec<i64> {
    [
        "staff_member",
        "subject",
        "class",
        "subgroup_split",
        "subgroup",
        "room",
        "curriculum_line",
        "teaching_load",
        "bell_schedule",
    ]
    .iter()
    .map(|t| count(db, &format!("SELECT count(*) FROM {t}")))
    .collect()
}

/// The stable code of a refusal's problem.
fn code(e: &CoreError) -> String {
    match e {
        CoreError::Refused(field) => field.code.clone(),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[test]
fn a_small_school_lands_with_classes_subgroups_and_load() {
    let db = school();
    let r = import(&db, "school-ru.fet", SCHOOL, today()).unwrap();
    assert_eq!(
        r.teachers,
        Counted {
            added: 5,
            matched: 0
        }
    );
    // Математика, Русский язык, ИСТОРИЯ are federal subjects (case does not count);
    // «Английский язык» and «Физкультура» are everyday names of two more.
    assert_eq!(
        r.subjects,
        Counted {
            added: 0,
            matched: 5
        }
    );
    assert!(r
        .warnings
        .contains(&"Предмет FET «Физкультура» — это «Физическая культура» файла школы.".into()));
    assert_eq!(r.classes.added, 3);
    assert_eq!(r.subgroups.added, 4, "English split in 5 А and 5 Б");
    assert_eq!(r.rooms.added, 5);
    // 5 А, 5 Б: maths, Russian, two English groups, PE; 6 А: maths, Russian (two teachers),
    // PE.
    assert_eq!(r.load_lines, 14);
    let year = crate::year::current_id(&db).unwrap();
    let five_a = crate::classes::find_by_label(&db, year, "5 А")
        .unwrap()
        .unwrap();
    assert!(
        five_a.bell_schedule_id.is_some(),
        "the bells made are given"
    );
    let lines = load::by_class(&db, year, today()).unwrap();
    let lines = lines
        .iter()
        .find(|c| Some(c.class_id) == five_a.id)
        .unwrap();
    let rows: Vec<(String, String, String, f64)> = lines
        .rows
        .iter()
        .map(|r| {
            (
                r.label.clone(),
                r.subgroup_name.clone(),
                r.teacher.clone(),
                r.hours_first,
            )
        })
        .collect();
    for expected in [
        ("Математика", "", "Иванова А. П.", 5.0),
        ("Русский язык", "", "Петров И. С.", 4.0),
        (
            "Иностранный язык (английский)",
            "1 группа",
            "Сидорова М. И.",
            3.0,
        ),
        (
            "Иностранный язык (английский)",
            "2 группа",
            "Кузнецова О. В.",
            3.0,
        ),
        ("Физическая культура", "", "Смирнов А. В.", 2.0),
    ] {
        let e = (
            expected.0.to_string(),
            expected.1.to_string(),
            expected.2.to_string(),
            expected.3,
        );
        assert!(rows.contains(&e), "{e:?} in {rows:?}");
    }
    assert!(
        !rows.iter().any(|r| r.0 == "История"),
        "the inactive activity is skipped"
    );
    let check = load::check(&db, year, today()).unwrap();
    assert!(check.is_complete(), "{check:?}");
    // The Russian of 2 + 1 + 1 is one paired lesson.
    let pairs = count(
        &db,
        "SELECT max(paired_lessons) FROM teaching_load t JOIN staff_member m
          ON m.id = t.staff_member_id WHERE m.last_name = 'Петров'",
    );
    assert_eq!(pairs, 1);
    let petrov = count(
        &db,
        "SELECT sex = 'male' AND first_name = 'И' AND patronymic = 'С' FROM staff_member
          WHERE last_name = 'Петров'",
    );
    assert_eq!(petrov, 1);
    let gym = count(
        &db,
        "SELECT count(*) FROM room WHERE number = 'Спортзал' AND kind = 'gym' AND capacity = 60",
    );
    assert_eq!(gym, 1);
    let hall = count(
        &db,
        "SELECT count(*) FROM room WHERE number = 'Актовый зал' AND capacity IS NULL",
    );
    assert_eq!(hall, 1, "FET's «no limit» is no capacity");
    assert!(r.warnings.iter().any(|w| w.contains("«Основное»")));
    assert!(summary(&r).contains("Учителя: добавлено 5"));
}

#[test]
fn importing_twice_matches_instead_of_duplicating() {
    let db = school();
    import(&db, "school-ru.fet", SCHOOL, today()).unwrap();
    let before = content(&db);
    let again = import(&db, "school-ru.fet", SCHOOL, today()).unwrap();
    assert_eq!(content(&db), before);
    assert_eq!(again.teachers.matched, 5);
    assert_eq!(again.subjects.matched, 5);
    assert_eq!(again.load_lines_kept, 0);
    assert_eq!(again.classes.matched, 3);
    assert_eq!(again.subgroups.matched, 4);
    assert_eq!(again.rooms.matched, 5);
    assert_eq!((again.load_lines, again.load_lines_matched), (0, 14));
}

#[test]
fn existing_teachers_by_initials_and_classes_are_matched() {
    let db = school();
    let fuller = SCHOOL.replace("Иванова Анна Петровна", "Иванова А.П.");
    import(&db, "a.fet", SCHOOL, today()).unwrap();
    let r = import(&db, "b.fet", &fuller, today()).unwrap();
    assert_eq!(
        r.teachers.matched, 5,
        "«Иванова А.П.» is Иванова Анна Петровна"
    );
    assert_eq!(r.load_lines, 0);
}

#[test]
fn load_the_school_file_has_stays_and_its_curriculum_is_not_raised() {
    let db = school();
    import(&db, "a.fet", SCHOOL, today()).unwrap();
    let other = SCHOOL.replace("Иванова Анна Петровна", "Орлова Нина Ивановна");
    let r = import(&db, "b.fet", &other, today()).unwrap();
    assert_eq!(r.teachers.added, 1);
    assert_eq!(
        (r.load_lines, r.load_lines_kept),
        (0, 3),
        "maths of 5 А, 5 Б, 6 А"
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("Орлова Нина Ивановна")),
        "{:?}",
        r.warnings
    );
    let maths = count(
        &db,
        "SELECT CAST(max(l.hours_first) AS INTEGER) FROM curriculum_line l JOIN subject s ON s.id = l.subject_id
          WHERE s.name = 'Математика'",
    );
    assert_eq!(maths, 5);
}

#[test]
fn names_that_give_no_class_are_refused_with_every_one_named() {
    let db = school();
    let before = content(&db);
    let text = SCHOOL
        .replace("<Name>6А</Name>", "<Name>Группа Б</Name>")
        .replace("<Students>6А</Students>", "<Students>Группа Б</Students>")
        .replace("5Б", "ЛД101");
    let e = import(&db, "x.fet", &text, today()).unwrap_err();
    assert_eq!(code(&e), "fet_import_not_classes");
    let message = e.to_string();
    assert!(message.contains("«ЛД101», «Группа Б»"), "{message}");
    assert!(message.contains("не изменён"), "{message}");
    assert_eq!(content(&db), before);
}

#[test]
fn teachers_without_a_name_and_mixed_splits_are_refused() {
    let db = school();
    let text = SCHOOL.replace("Смирнов Алексей Викторович", "Смирнов");
    let e = import(&db, "x.fet", &text, today()).unwrap_err();
    assert_eq!(code(&e), "fet_import_teacher_names");
    assert!(e.to_string().contains("«Смирнов»"));
    // English also for the whole 5 А: whole and in subgroups at once.
    let text = SCHOOL.replacen(
        "<Subject>Физкультура</Subject>\n\t<Students>5А</Students>",
        "<Subject>Английский язык</Subject>\n\t<Students>5А</Students>",
        1,
    );
    let e = import(&db, "x.fet", &text, today()).unwrap_err();
    assert_eq!(code(&e), "fet_import_whole_and_split");
    assert!(e.to_string().contains("5А — Английский язык"), "{e}");
}

#[test]
fn a_failure_midway_leaves_the_school_file_as_it_was() {
    let db = school();
    // The last teacher has left the school: his load line is refused after everything else
    // was written in the transaction.
    let p = crate::staff::find_position(&db, "Учитель")
        .unwrap()
        .unwrap();
    let gone = crate::staff::StaffMember {
        last_name: "Смирнов".into(),
        first_name: "Алексей".into(),
        patronymic: "Викторович".into(),
        sex: crate::people::Sex::Male,
        appointments: vec![crate::staff::Appointment {
            id: None,
            staff_position_id: p.id.unwrap(),
            rate: 1.0,
            hired_on: NaiveDate::from_ymd_opt(2000, 9, 1),
            hire_order: Default::default(),
            left_on: NaiveDate::from_ymd_opt(2020, 6, 30),
            leave_order: Default::default(),
            leave_reason: String::new(),
            transferred_from_id: None,
            position_name: String::new(),
        }],
        ..crate::staff::StaffMember::blank()
    };
    crate::staff::save(&db, &gone, today()).unwrap();
    let before = content(&db);
    let e = import(&db, "school-ru.fet", SCHOOL, today()).unwrap_err();
    assert_eq!(code(&e), "teacher_left", "{e}");
    assert_eq!(content(&db), before);
}

#[test]
fn a_file_that_is_not_fet_is_refused() {
    let db = school();
    let e = import(&db, "x.fet", "<timetable/>", today()).unwrap_err();
    assert_eq!(code(&e), "fet_not_fet");
}

/// Every example of Debian's fet-data is planned, or refused with what to rename: no panic,
/// whatever the students sets and names. A real school's file (Namibia, Hashiyana) is planned whole.
#[test]
fn every_example_of_fet_data_is_planned_or_refused() {
    let mut files = Vec::new();
    crate::fet::corpus::files_below(
        std::path::Path::new(crate::fet::corpus::EXAMPLES),
        &mut files,
    );
    assert!(files.len() >= 236, "install the apt package fet-data");
    let mut planned = Vec::new();
    for file in &files {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let root = crate::fet::root("x.fet", &text).unwrap();
        let names = read::read_names(&root).unwrap();
        if let Ok(p) = plan::plan(&root, &names) {
            assert!(!p.classes.is_empty(), "{}", file.display());
            planned.push(file.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(
        planned.iter().any(|f| f == "HashiyanaPSY16T2a.fet"),
        "{planned:?}"
    );
}
