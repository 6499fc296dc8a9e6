use super::*;
use crate::people::Order;
use crate::staff::{Appointment, QualificationCategory, StaffMember};
use crate::year::{self, AcademicYear};

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(crate) fn today() -> NaiveDate {
    d(2026, 11, 25)
}

/// A year 2026-2027 with the usual schemes; returns its id.
pub(crate) fn year_2026(db: &Db) -> i64 {
    year::create_with_usual_schemes(
        db,
        &AcademicYear {
            id: None,
            name: "2026-2027".into(),
            starts_on: Some(d(2026, 9, 1)),
            ends_on: Some(d(2027, 8, 31)),
            is_current: true,
        },
    )
    .unwrap()
    .year
    .id
    .unwrap()
}

/// The year after [`year_2026`], 2027-2028, not current and without schemes; its id.
pub(crate) fn year_2027(db: &Db) -> i64 {
    year::save(
        db,
        &AcademicYear {
            id: None,
            name: "2027-2028".into(),
            starts_on: Some(d(2027, 9, 1)),
            ends_on: Some(d(2028, 8, 31)),
            is_current: false,
        },
    )
    .unwrap()
    .id
    .unwrap()
}

pub(crate) fn class(year: i64, grade: i32, letter: &str) -> Class {
    Class::new(year, grade, letter)
}

pub(crate) fn add(db: &Db, year: i64, grade: i32, letter: &str) -> Class {
    save(db, &class(year, grade, letter), today())
        .unwrap()
        .value
}

fn teacher(db: &Db, last: &str, left_on: Option<NaiveDate>) -> i64 {
    let position = staff::find_position(db, "Учитель")
        .unwrap()
        .unwrap()
        .id
        .unwrap();
    let m = StaffMember {
        id: None,
        last_name: last.into(),
        first_name: "Ирина".into(),
        patronymic: "Петровна".into(),
        sex: Sex::Female,
        birth_date: None,
        snils: String::new(),
        phone: String::new(),
        email: String::new(),
        education: String::new(),
        qualification_category: QualificationCategory::None,
        note: String::new(),
        appointments: vec![Appointment {
            id: None,
            staff_position_id: position,
            rate: 1.0,
            hired_on: Some(d(2010, 9, 1)),
            hire_order: Order::default(),
            left_on,
            leave_order: Order::default(),
            leave_reason: String::new(),
            transferred_from_id: None,
            position_name: String::new(),
        }],
        ..StaffMember::blank()
    };
    staff::save(db, &m, today()).unwrap().value.id.unwrap()
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

fn labels(db: &Db, year: i64) -> Vec<String> {
    list(db, year, today())
        .unwrap()
        .into_iter()
        .map(|r| r.label)
        .collect()
}

#[test]
fn labels_are_written_and_read_in_every_usual_way() {
    assert_eq!(label(5, "А"), "5 А");
    assert_eq!(label(11, ""), "11");
    assert_eq!(label(5, "1"), "5-1");
    for text in [
        "5 А",
        "5А",
        "5-а",
        "5a",
        "5A",
        " 5  а ",
        "5 \"А\" класс",
        "5а кл.",
        "5«А»",
    ] {
        assert_eq!(parse_label(text), Some((5, "А".to_string())), "{text}");
    }
    assert_eq!(parse_label("11"), Some((11, String::new())));
    assert_eq!(parse_label("5-1"), Some((5, "1".to_string())));
    assert_eq!(parse_label("10 ё"), Some((10, "Ё".to_string())));
    for bad in ["", "А5", "13 А", "0 А", "5 ABCD", "5 !"] {
        assert_eq!(parse_label(bad), None, "{bad}");
    }
    assert_eq!(normalize_letter(" б "), Some("Б".into()));
    assert_eq!(
        normalize_letter("b"),
        Some("В".into()),
        "a Latin look-alike"
    );
    assert_eq!(normalize_letter("D"), None);
}

#[test]
fn saves_a_class_card_and_reads_it_back() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let detail = year::detail(&db, year).unwrap();
    let scheme = detail.schemes[0].id;
    let t = teacher(&db, "Соколова", None);
    let room = crate::rooms::save(
        &db,
        &crate::rooms::Room {
            id: None,
            number: "204".into(),
            name: String::new(),
            floor: Some(2),
            capacity: Some(30),
            kind: crate::rooms::RoomKind::Classroom,
            note: String::new(),
            equipment_count: 0,
        },
    )
    .unwrap();
    let card = Class {
        letter: " a ".into(),
        term_scheme_id: scheme,
        room_id: room.id,
        class_teacher_id: Some(t),
        note: " дружный ".into(),
        ..class(year, 5, "")
    };
    let saved = save(&db, &card, today()).unwrap();
    assert!(saved.warnings.is_empty());
    let c = saved.value;
    assert_eq!(c.letter, "А");
    assert_eq!(c.label(), "5 А");
    assert_eq!(c.note, "дружный");
    assert_eq!(get(&db, c.id.unwrap()).unwrap(), c);
    let rows = list(&db, year, today()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].label, "5 А");
    assert_eq!(rows[0].class_teacher_name, "Соколова Ирина Петровна");
    assert_eq!(rows[0].room_number, "204");
    assert_eq!(rows[0].term_scheme_name, detail.schemes[0].name);
    assert_eq!(info(&db, c.id.unwrap(), today()).unwrap(), rows[0]);
    // The row carries the card's fields flat, for the UI.
    let json = serde_json::to_value(&rows[0]).unwrap();
    assert_eq!(json["grade"], 5);
    assert_eq!(json["label"], "5 А");
}

#[test]
fn grade_and_letter_are_unique_within_a_year_up_to_case_yo_and_layout() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let a = add(&db, year, 5, "А");
    add(&db, year, 10, "Е");
    add(&db, year, 7, "");
    for (grade, letter) in [
        (5, "а"),
        (5, "A"),
        (5, "a"),
        (5, " А "),
        (10, "ё"),
        (10, "E"),
        (7, ""),
    ] {
        let err = save(&db, &class(year, grade, letter), today()).unwrap_err();
        assert_eq!(
            errors(Err::<(), _>(err)),
            pairs(&[("letter", "duplicate_class")]),
            "{grade} {letter}"
        );
    }
    let err = save(&db, &class(year, 5, "a"), today()).unwrap_err();
    assert!(err.fields()[0].message.contains("«5 А»"));
    // Another grade, another letter, another year: all fine.
    add(&db, year, 6, "А");
    add(&db, year, 5, "Б");
    let next = year_2027(&db);
    add(&db, next, 5, "А");
    // The class keeps its own letter when saved again.
    assert!(save(&db, &a, today()).is_ok());
    assert_eq!(labels(&db, year), ["5 А", "5 Б", "6 А", "7", "10 Е"]);
    assert_eq!(
        find_by_label(&db, year, "5a").unwrap().unwrap().id,
        a.id,
        "a Latin a"
    );
    for text in ["5 А", "5А", "5-а", "5 \"а\""] {
        assert_eq!(find_by_label(&db, year, text).unwrap().unwrap().id, a.id);
    }
    assert_eq!(find_by_label(&db, year, "5 В").unwrap(), None);
    assert_eq!(find_by_label(&db, year, "чепуха").unwrap(), None);
    assert_ne!(find_by_label(&db, next, "5 А").unwrap().unwrap().id, a.id);
}

#[test]
fn profile_only_for_grades_10_and_11() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let nine = Class {
        profile: Some(Profile::Humanities),
        ..class(year, 9, "А")
    };
    assert_eq!(
        errors(save(&db, &nine, today())),
        pairs(&[("profile", "profile_only_senior")])
    );
    let nine = Class {
        kind: ClassKind::Profile,
        ..class(year, 9, "А")
    };
    assert_eq!(
        errors(save(&db, &nine, today())),
        pairs(&[("kind", "profile_only_senior")])
    );
    let ten = Class {
        kind: ClassKind::Profile,
        ..class(year, 10, "А")
    };
    assert_eq!(
        errors(save(&db, &ten, today())),
        pairs(&[("profile", "profile_required")])
    );
    for (grade, profile) in [(10, Profile::NaturalScience), (11, Profile::Universal)] {
        let c = Class {
            kind: ClassKind::Profile,
            profile: Some(profile),
            ..class(year, grade, "А")
        };
        assert_eq!(save(&db, &c, today()).unwrap().value.profile, Some(profile));
    }
    let twelve = Class {
        profile: Some(Profile::Universal),
        ..class(year, 12, "А")
    };
    assert_eq!(
        errors(save(&db, &twelve, today())),
        pairs(&[("profile", "profile_only_senior")])
    );
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let bad = Class {
        letter: "ЖЖЖЖ".into(),
        shift: 2,
        ..class(year, 13, "")
    };
    assert_eq!(
        errors(save(&db, &bad, today())),
        pairs(&[
            ("grade", "not_in_range"),
            ("letter", "class_letter"),
            ("shift", "shift_above_school")
        ])
    );
    let bad = Class {
        shift: 0,
        ..class(year, 0, "!")
    };
    assert_eq!(
        errors(save(&db, &bad, today())),
        pairs(&[
            ("grade", "not_in_range"),
            ("letter", "class_letter"),
            ("shift", "not_in_range")
        ])
    );
    assert!(list(&db, year, today()).unwrap().is_empty());
}

#[test]
fn scheme_and_bells_must_be_of_the_class_year() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let other = year::create_with_usual_schemes(
        &db,
        &AcademicYear {
            id: None,
            name: "2027-2028".into(),
            starts_on: Some(d(2027, 9, 1)),
            ends_on: Some(d(2028, 8, 31)),
            is_current: false,
        },
    )
    .unwrap();
    let bells = crate::bells::save(
        &db,
        &crate::bells::BellSchedule {
            id: None,
            academic_year_id: other.year.id.unwrap(),
            name: "Основное".into(),
            shift: 1,
            bells: Vec::new(),
        },
    )
    .unwrap()
    .value;
    let c = Class {
        term_scheme_id: other.schemes[0].id,
        bell_schedule_id: bells.id,
        ..class(year, 5, "А")
    };
    assert_eq!(
        errors(save(&db, &c, today())),
        pairs(&[
            ("term_scheme_id", "other_year"),
            ("bell_schedule_id", "other_year")
        ])
    );
    for c in [
        Class {
            term_scheme_id: Some(999),
            ..class(year, 5, "А")
        },
        Class {
            room_id: Some(999),
            ..class(year, 5, "А")
        },
        Class {
            class_teacher_id: Some(999),
            ..class(year, 5, "А")
        },
        class(999, 5, "А"),
    ] {
        assert_eq!(save(&db, &c, today()).unwrap_err().code(), "not_found");
    }
    // A class does not move to another year.
    let mut c = add(&db, year, 5, "А");
    c.academic_year_id = other.year.id.unwrap();
    assert_eq!(save(&db, &c, today()).unwrap_err().code(), "refused");
}

#[test]
fn the_class_teacher_must_work_at_the_school() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let left = teacher(&db, "Агеева", Some(d(2026, 6, 30)));
    let leaving = teacher(&db, "Борисова", Some(d(2026, 12, 31)));
    let c = Class {
        class_teacher_id: Some(left),
        ..class(year, 5, "А")
    };
    let err = save(&db, &c, today()).unwrap_err();
    assert_eq!(
        errors(Err::<(), _>(err)),
        pairs(&[("class_teacher_id", "class_teacher_left")])
    );
    let c = Class {
        class_teacher_id: Some(leaving),
        ..class(year, 5, "А")
    };
    let mut saved = save(&db, &c, today()).unwrap().value;
    // After the leave day the unchanged teacher is only a warning; a new choice is refused.
    let later = d(2027, 2, 1);
    saved.note = "после увольнения".into();
    let again = save(&db, &saved, later).unwrap();
    assert_eq!(again.warnings[0].code, "class_teacher_left");
    assert!(again.warnings[0]
        .message
        .contains("Борисова Ирина Петровна"));
    let mut other = add(&db, year, 6, "А");
    other.class_teacher_id = Some(leaving);
    assert_eq!(
        errors(save(&db, &other, later)),
        pairs(&[("class_teacher_id", "class_teacher_left")])
    );
    // For last year's class the teacher is checked on that year's last day.
    let last_year = year::save(
        &db,
        &AcademicYear {
            id: None,
            name: "2025-2026".into(),
            starts_on: Some(d(2025, 9, 1)),
            ends_on: Some(d(2026, 8, 31)),
            is_current: false,
        },
    )
    .unwrap()
    .id
    .unwrap();
    let old = Class {
        class_teacher_id: Some(left),
        ..class(last_year, 4, "А")
    };
    assert_eq!(
        errors(save(&db, &old, today())),
        pairs(&[("class_teacher_id", "class_teacher_left")])
    );
    let before_leaving = teacher(&db, "Волкова", Some(d(2026, 8, 31)));
    let old = Class {
        class_teacher_id: Some(before_leaving),
        ..class(last_year, 4, "А")
    };
    assert!(save(&db, &old, today()).is_ok());
    // The staff member cannot be deleted while leading a class, and is told why.
    let err = staff::delete(&db, leaving).unwrap_err();
    assert_eq!(err.fields()[0].code, "staff_in_use");
    // Leaving while leading a class is saved with a warning.
    let m = staff::get(&db, before_leaving).unwrap();
    let saved = staff::save(&db, &m, today()).unwrap();
    assert!(
        saved.warnings.is_empty(),
        "left when last year's class ended"
    );
    let mut m = staff::get(&db, leaving).unwrap();
    m.appointments[0].left_on = Some(d(2027, 1, 15));
    let saved = staff::save(&db, &m, today()).unwrap();
    assert_eq!(saved.warnings[0].code, "leaving_class_teacher");
    assert!(saved.warnings[0].message.contains("5 А"));
}

#[test]
fn deleting_a_scheme_bells_or_room_leaves_the_class_without_it() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let scheme = year::detail(&db, year).unwrap().schemes[0].id;
    let c = save(
        &db,
        &Class {
            term_scheme_id: scheme,
            ..class(year, 1, "А")
        },
        today(),
    )
    .unwrap()
    .value;
    year::delete_scheme(&db, scheme.unwrap()).unwrap();
    assert_eq!(get(&db, c.id.unwrap()).unwrap().term_scheme_id, None);
}

#[test]
fn empty_classes_are_deleted_and_unknown_ids_are_not_found() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let c = add(&db, year, 3, "В");
    delete(&db, c.id.unwrap()).unwrap();
    assert!(labels(&db, year).is_empty());
    assert_eq!(delete(&db, c.id.unwrap()).unwrap_err().code(), "not_found");
    assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
    assert_eq!(info(&db, 999, today()).unwrap_err().code(), "not_found");
    let ghost = Class {
        id: Some(999),
        ..class(year, 3, "В")
    };
    assert_eq!(save(&db, &ghost, today()).unwrap_err().code(), "not_found");
}

#[test]
fn a_failed_write_leaves_the_class_as_it_was() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let before = add(&db, year, 2, "А");
    db.conn()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE UPDATE ON class BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let changed = Class {
        letter: "Б".into(),
        ..before.clone()
    };
    assert_eq!(save(&db, &changed, today()).unwrap_err().code(), "db");
    assert_eq!(get(&db, before.id.unwrap()).unwrap(), before);
}

#[test]
fn kinds_and_profiles_have_codes_labels_and_serde_names_that_agree() {
    for k in ClassKind::ALL {
        assert_eq!(ClassKind::from_code(k.code()), k);
        assert_eq!(serde_json::to_value(k).unwrap(), k.code());
    }
    for p in Profile::ALL {
        assert_eq!(Profile::from_code(p.code()), Some(p));
        assert_eq!(serde_json::to_value(p).unwrap(), p.code());
    }
    assert_eq!(Profile::from_code("magic"), None);
    assert_eq!(ClassKind::from_code("magic"), ClassKind::Other);
}
