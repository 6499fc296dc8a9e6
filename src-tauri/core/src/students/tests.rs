use super::*;
use crate::classes::tests::{add as add_class, d, today, year_2026};

/// A card of a student born 14.03.2015, without a class.
pub(crate) fn student(last: &str, first: &str, patronymic: &str) -> Student {
    Student {
        id: None,
        file_number: String::new(),
        last_name: last.into(),
        first_name: first.into(),
        patronymic: patronymic.into(),
        sex: people::sex_by_patronymic(patronymic).unwrap_or(Sex::Female),
        birth_date: Some(d(2015, 3, 14)),
        citizenship: "Россия".into(),
        registered_address: String::new(),
        actual_address: String::new(),
        snils: String::new(),
        study_form: StudyForm::FullTime,
        note: String::new(),
        class_id: None,
    }
}

fn in_class(class_id: Option<i64>, last: &str, first: &str, patronymic: &str) -> Student {
    Student {
        class_id,
        ..student(last, first, patronymic)
    }
}

fn add(db: &Db, s: &Student) -> Student {
    save(db, s, today()).unwrap().value
}

fn guardian(last: &str, first: &str, patronymic: &str) -> Guardian {
    Guardian {
        id: None,
        last_name: last.into(),
        first_name: first.into(),
        patronymic: patronymic.into(),
        phone: "+7 (910) 200-30-40".into(),
        phone_extra: String::new(),
        email: String::new(),
        snils: String::new(),
        address: String::new(),
        note: String::new(),
        children: 0,
    }
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

fn names(rows: &[StudentRow]) -> Vec<String> {
    rows.iter().map(|r| r.full_name.clone()).collect()
}

#[test]
fn saves_a_student_card_trimmed_with_yo_kept_and_reads_it_back() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let c = add_class(&db, year, 5, "А");
    let s = Student {
        file_number: "  к-1 ".into(),
        snils: "12345678964".into(),
        citizenship: " Россия ".into(),
        registered_address: " г. Ливны ".into(),
        note: " ".into(),
        ..in_class(c.id, "  Ёлкина ", " Алёна ", " Семёновна  ")
    };
    let saved = save(&db, &s, today()).unwrap();
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    let v = saved.value;
    assert_eq!(v.file_number, "к-1");
    assert_eq!(v.full_name(), "Ёлкина Алёна Семёновна");
    assert_eq!(v.snils, "123-456-789 64");
    assert_eq!(v.citizenship, "Россия");
    assert_eq!(v.registered_address, "г. Ливны");
    assert_eq!(v.class_id, c.id);
    assert_eq!(get(&db, v.id.unwrap()).unwrap(), v);
    let rows = list(&db, year, None, None).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].class_label, "5 А");
    assert_eq!(rows[0].snils, "123-456-789 64");
    assert_eq!(rows[0].arrived_on, Some(d(2026, 9, 1)));
    assert_eq!(rows[0].left_on, None);
    assert_eq!(find_by_file_number(&db, "K-1").unwrap(), v.id);
    assert_eq!(
        find_by_person(&db, "елкина", "алена", "семеновна", d(2015, 3, 14)).unwrap(),
        vec![v.id.unwrap()]
    );
    assert!(
        find_by_person(&db, "Елкина", "Алена", "Семеновна", d(2015, 3, 15))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn every_bad_field_is_reported_at_once_and_nothing_is_written() {
    let db = Db::in_memory().unwrap();
    let bad = Student {
        snils: "123-456-789 65".into(),
        birth_date: Some(today().succ_opt().unwrap()),
        ..student("", "Аннa", "Петр0вна")
    };
    assert_eq!(
        errors(save(&db, &bad, today())),
        pairs(&[
            ("last_name", "required"),
            ("first_name", "latin_in_name"),
            ("patronymic", "bad_char_in_name"),
            ("birth_date", "birth_date_in_future"),
            ("snils", "snils_check_number"),
        ])
    );
    let bad = Student {
        birth_date: None,
        ..student("Иванова", "Анна", "")
    };
    assert_eq!(
        errors(save(&db, &bad, today())),
        pairs(&[("birth_date", "required")])
    );
    assert_eq!(count(&db, "student"), 0);
}

#[test]
fn file_numbers_are_unique_up_to_case_spaces_and_layout() {
    let db = Db::in_memory().unwrap();
    let first = add(
        &db,
        &Student {
            file_number: "к-1".into(),
            ..student("Иванов", "Пётр", "Ильич")
        },
    );
    for number in ["К-1", " к-1 ", "k-1", "K - 1"] {
        let s = Student {
            file_number: number.into(),
            ..student("Петров", "Иван", "Ильич")
        };
        let err = save(&db, &s, today()).unwrap_err();
        assert_eq!(err.fields()[0].code, "duplicate_file_number", "{number}");
        assert!(err.fields()[0].message.contains("Иванов Пётр Ильич"));
    }
    // Empty numbers do not clash; the student keeps their own number when saved again.
    add(&db, &student("Петров", "Иван", "Ильич"));
    add(&db, &student("Сидоров", "Иван", "Ильич"));
    assert!(save(&db, &first, today()).is_ok());
}

#[test]
fn snils_is_unique_among_students() {
    let db = Db::in_memory().unwrap();
    add(
        &db,
        &Student {
            snils: "112-233-445 95".into(),
            ..student("Иванов", "Пётр", "Ильич")
        },
    );
    let twin = Student {
        snils: "11223344595".into(),
        ..student("Иванов", "Павел", "Ильич")
    };
    assert_eq!(
        errors(save(&db, &twin, today())),
        pairs(&[("snils", "duplicate_snils")])
    );
}

#[test]
fn warnings_for_age_and_sex_do_not_stop_the_save() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let c = add_class(&db, year, 1, "А");
    let s = Student {
        birth_date: Some(d(2022, 5, 1)),
        sex: Sex::Male,
        ..in_class(c.id, "Иванова", "Анна", "Петровна")
    };
    let saved = save(&db, &s, today()).unwrap();
    let codes: Vec<(&str, &str)> = saved
        .warnings
        .iter()
        .map(|w| (w.field.as_str(), w.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("sex", "sex_disagrees_with_patronymic"),
            ("birth_date", "unusual_age")
        ]
    );
    assert!(saved.warnings[1].message.contains("4"));
    assert!(saved.warnings[1].message.contains("01.09.2026"));
    let old = Student {
        birth_date: Some(d(2005, 5, 1)),
        ..in_class(c.id, "Иванов", "Пётр", "Ильич")
    };
    assert_eq!(
        save(&db, &old, today()).unwrap().warnings[0].code,
        "unusual_age"
    );
}

#[test]
fn class_lists_are_in_russian_alphabetical_order_with_sizes() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let a = add_class(&db, year, 5, "А");
    let b = add_class(&db, year, 5, "Б");
    for (last, first, patronymic) in [
        ("Ёлкин", "Пётр", "Ильич"),
        ("Яковлева", "Анна", "Петровна"),
        ("Ежов", "Иван", "Ильич"),
        ("елисеева", "Мария", "Олеговна"),
        ("Абрамов", "Олег", "Иванович"),
        ("Ежов", "Алексей", "Ильич"),
    ] {
        add(&db, &in_class(a.id, last, first, patronymic));
    }
    add(&db, &in_class(b.id, "Белова", "Вера", "Ивановна"));
    let rows = list(&db, year, a.id, None).unwrap();
    assert_eq!(
        names(&rows),
        [
            "Абрамов Олег Иванович",
            "Ежов Алексей Ильич",
            "Ежов Иван Ильич",
            "елисеева Мария Олеговна",
            "Ёлкин Пётр Ильич",
            "Яковлева Анна Петровна"
        ]
    );
    let whole = list(&db, year, None, None).unwrap();
    assert_eq!(whole.len(), 7);
    assert_eq!(whole[6].class_label, "5 Б");
    let sizes: Vec<(String, i32, i32, i32)> = classes::list(&db, year, today())
        .unwrap()
        .into_iter()
        .map(|r| (r.label, r.boys, r.girls, r.total))
        .collect();
    assert_eq!(
        sizes,
        [("5 А".to_string(), 4, 2, 6), ("5 Б".to_string(), 0, 1, 1)]
    );
    let by_form = classes::sizes(&db, year, d(2026, 9, 20)).unwrap();
    assert_eq!(by_form[0].by_study_form.len(), 1);
    assert_eq!(by_form[0].by_study_form[0].count, 6);
    // A class with students is not deleted.
    let err = classes::delete(&db, a.id.unwrap()).unwrap_err();
    assert_eq!(err.fields()[0].code, "class_not_empty");
}

#[test]
fn a_departure_is_dated_and_keeps_the_student() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let c = add_class(&db, year, 7, "В");
    let s = add(&db, &in_class(c.id, "Петров", "Иван", "Ильич"));
    add(&db, &in_class(c.id, "Сидоров", "Олег", "Ильич"));
    crate::movement::leave(
        &db,
        &crate::movement::Departure {
            student_id: s.id.unwrap(),
            on: d(2026, 10, 15),
            reason: crate::movement::DepartureReason::OtherSchool,
            destination: "МБОУ СОШ № 3 г. Орла".into(),
            order: crate::people::Order {
                series: String::new(),
                number: "201-у".into(),
                date: Some(d(2026, 10, 14)),
            },
            note: String::new(),
        },
    )
    .unwrap();
    // Still in the class's list of the year, out of the list of those studying now.
    let year_list = list(&db, year, c.id, None).unwrap();
    assert_eq!(year_list.len(), 2);
    assert_eq!(year_list[0].left_on, Some(d(2026, 10, 15)));
    assert_eq!(year_list[0].moved_to, "");
    assert_eq!(
        names(&list(&db, year, c.id, Some(today())).unwrap()),
        ["Сидоров Олег Ильич"]
    );
    assert_eq!(
        list(&db, year, c.id, Some(d(2026, 10, 14))).unwrap().len(),
        2
    );
    assert_eq!(classes::info(&db, c.id.unwrap(), today()).unwrap().total, 1);
    assert_eq!(
        classes::info(&db, c.id.unwrap(), d(2026, 9, 20))
            .unwrap()
            .total,
        2
    );
    assert_eq!(list_all(&db).unwrap().len(), 2);
    // Gone from the school: not a student without a class either.
    assert!(without_class(&db, year, today()).unwrap().is_empty());
}

#[test]
fn the_class_is_kept_per_year_so_last_year_stays_readable() {
    let db = Db::in_memory().unwrap();
    let this = year_2026(&db);
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
    let five = add_class(&db, this, 5, "А");
    let six = add_class(&db, next, 6, "А");
    let s = add(&db, &in_class(five.id, "Петров", "Иван", "Ильич"));
    let id = s.id.unwrap();
    place(&db, id, six.id.unwrap()).unwrap();
    assert_eq!(
        get(&db, id).unwrap().class_id,
        five.id,
        "the current year's class"
    );
    let history: Vec<(String, String)> = crate::movement::placements::placements(&db, id)
        .unwrap()
        .into_iter()
        .map(|p| (p.year_name, p.class_label))
        .collect();
    assert_eq!(
        history,
        [
            ("2026-2027".to_string(), "5 А".to_string()),
            ("2027-2028".to_string(), "6 А".to_string())
        ]
    );
    crate::year::set_current(&db, next).unwrap();
    assert_eq!(get(&db, id).unwrap().class_id, six.id);
    assert_eq!(
        list(&db, this, five.id, None).unwrap().len(),
        1,
        "last year readable"
    );
    // Another class of the same year corrects the place (a class put wrong).
    let six_b = add_class(&db, next, 6, "Б");
    let mut s = get(&db, id).unwrap();
    s.class_id = six_b.id;
    save(&db, &s, today()).unwrap();
    assert!(list(&db, next, six.id, None).unwrap().is_empty());
    assert_eq!(list(&db, next, six_b.id, None).unwrap().len(), 1);
    // Saved without a class: out of the current year's class, last year's kept.
    s.class_id = None;
    save(&db, &s, today()).unwrap();
    assert!(list(&db, next, None, None).unwrap().is_empty());
    assert_eq!(
        names(&without_class(&db, next, d(2027, 9, 1)).unwrap()),
        ["Петров Иван Ильич"]
    );
    assert_eq!(list(&db, this, None, None).unwrap().len(), 1);
    place(&db, id, six.id.unwrap()).unwrap();
    unplace(&db, id, next).unwrap();
    assert!(list(&db, next, None, None).unwrap().is_empty());
    assert_eq!(place(&db, id, 999).unwrap_err().code(), "not_found");
}

#[test]
fn siblings_share_a_guardian_and_unknown_ids_are_not_found() {
    let db = Db::in_memory().unwrap();
    let anna = add(&db, &student("Петрова", "Анна", "Ивановна"));
    let ivan = add(
        &db,
        &Student {
            birth_date: Some(d(2017, 6, 1)),
            ..student("Петров", "Иван", "Иванович")
        },
    );
    let mother = save_student_guardian(
        &db,
        anna.id.unwrap(),
        &StudentGuardian {
            guardian: Guardian {
                snils: "11223344595".into(),
                email: " petrova@mail.ru ".into(),
                ..guardian(" Петрова ", "Ольга", "Сергеевна")
            },
            relation: Relation::Mother,
        },
    )
    .unwrap()
    .value
    .guardian;
    assert_eq!(mother.last_name, "Петрова");
    assert_eq!(mother.snils, "112-233-445 95");
    // The sibling's card finds her and links the same record.
    let found = find_guardians(&db, "петрова ольга").unwrap();
    assert_eq!(found, vec![mother.clone()]);
    assert_eq!(find_guardians(&db, "200-30").unwrap().len(), 1);
    assert!(find_guardians(&db, "Сидорова").unwrap().is_empty());
    link_guardian(&db, ivan.id.unwrap(), mother.id.unwrap(), Relation::Mother).unwrap();
    assert_eq!(get_guardian(&db, mother.id.unwrap()).unwrap().children, 2);
    let kids: Vec<String> = children_of(&db, mother.id.unwrap())
        .unwrap()
        .into_iter()
        .map(|r| r.first_name)
        .collect();
    assert_eq!(kids, ["Анна", "Иван"]);
    // Typing her again with the same SNILS is refused with her name.
    let again = guardian("Петрова", "Ольга", "Сергеевна");
    let again = Guardian {
        snils: "112-233-445 95".into(),
        ..again
    };
    let err = save_guardian(&db, &again).unwrap_err();
    assert_eq!(err.fields()[0].code, "duplicate_snils");
    assert!(err.fields()[0].message.contains("Петрова Ольга Сергеевна"));
    // A father for Ivan only; the relation can change.
    save_student_guardian(
        &db,
        ivan.id.unwrap(),
        &StudentGuardian {
            guardian: guardian("Петров", "Иван", "Петрович"),
            relation: Relation::Other,
        },
    )
    .unwrap();
    let father = find_guardians(&db, "Петров Иван").unwrap()[0].id.unwrap();
    link_guardian(&db, ivan.id.unwrap(), father, Relation::Father).unwrap();
    let of_ivan: Vec<(String, Relation)> = guardians_of(&db, ivan.id.unwrap())
        .unwrap()
        .into_iter()
        .map(|g| (g.guardian.first_name, g.relation))
        .collect();
    assert_eq!(
        of_ivan,
        [
            ("Ольга".to_string(), Relation::Mother),
            ("Иван".to_string(), Relation::Father)
        ]
    );
    unlink_guardian(&db, ivan.id.unwrap(), father).unwrap();
    assert_eq!(guardians_of(&db, ivan.id.unwrap()).unwrap().len(), 1);
    assert!(get_guardian(&db, father).is_ok(), "the record stays");
    assert_eq!(
        unlink_guardian(&db, ivan.id.unwrap(), father)
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        errors(save_guardian(&db, &guardian(" ", "", "Иванoвна"))),
        pairs(&[
            ("last_name", "required"),
            ("first_name", "required"),
            ("patronymic", "latin_in_name")
        ])
    );
    assert_eq!(
        link_guardian(&db, 999, father, Relation::Father)
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        link_guardian(&db, ivan.id.unwrap(), 999, Relation::Father)
            .unwrap_err()
            .code(),
        "not_found"
    );
    // Deleting a student takes the links, not the shared guardian.
    delete(&db, anna.id.unwrap()).unwrap();
    assert_eq!(get_guardian(&db, mother.id.unwrap()).unwrap().children, 1);
    delete_guardian(&db, mother.id.unwrap()).unwrap();
    assert!(guardians_of(&db, ivan.id.unwrap()).unwrap().is_empty());
    assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
    assert_eq!(delete(&db, 999).unwrap_err().code(), "not_found");
}

#[test]
fn consents_and_the_list_of_who_has_none() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let c = add_class(&db, year, 2, "А");
    let anna = add(&db, &in_class(c.id, "Петрова", "Анна", "Ивановна"));
    let boris = add(&db, &in_class(c.id, "Борисов", "Олег", "Ильич"));
    let mother = save_student_guardian(
        &db,
        anna.id.unwrap(),
        &StudentGuardian {
            guardian: guardian("Петрова", "Ольга", "Сергеевна"),
            relation: Relation::Mother,
        },
    )
    .unwrap()
    .value
    .guardian;
    let sept = d(2026, 9, 1);
    let consent = |student: Option<i64>, guardian: Option<i64>| Consent {
        id: None,
        student_id: student,
        guardian_id: guardian,
        given_on: Some(sept),
        withdrawn_on: None,
        note: String::new(),
    };
    let missing = |on| -> Vec<(String, String)> {
        missing_consents(&db, year, on)
            .unwrap()
            .into_iter()
            .map(|m| (m.student_name, m.guardian_name))
            .collect()
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        missing(today()),
        [
            pair("Борисов Олег Ильич", ""),
            pair("Петрова Анна Ивановна", ""),
            pair("Петрова Анна Ивановна", "Петрова Ольга Сергеевна")
        ]
    );
    save_consent(&db, &consent(anna.id, None), today()).unwrap();
    let given = save_consent(&db, &consent(None, mother.id), today()).unwrap();
    assert_eq!(missing(today()), [pair("Борисов Олег Ильич", "")]);
    assert_eq!(missing(d(2026, 8, 31)).len(), 3, "before it was given");
    // Withdrawn: missing again from the day of withdrawal.
    let withdrawn = Consent {
        withdrawn_on: Some(d(2026, 11, 1)),
        ..given
    };
    let withdrawn = save_consent(&db, &withdrawn, today()).unwrap();
    assert_eq!(missing(today()).len(), 2);
    assert_eq!(missing(d(2026, 10, 31)).len(), 1);
    assert_eq!(
        guardian_consents(&db, mother.id.unwrap()).unwrap(),
        vec![withdrawn]
    );
    assert_eq!(student_consents(&db, anna.id.unwrap()).unwrap().len(), 1);
    // Bad consents.
    let bad = Consent {
        given_on: Some(today().succ_opt().unwrap()),
        ..consent(boris.id, mother.id)
    };
    assert_eq!(
        errors(save_consent(&db, &bad, today())),
        pairs(&[
            ("student_id", "consent_of_one_person"),
            ("given_on", "date_in_future")
        ])
    );
    let bad = Consent {
        withdrawn_on: Some(d(2026, 8, 1)),
        ..consent(boris.id, None)
    };
    assert_eq!(
        errors(save_consent(&db, &bad, today())),
        pairs(&[("withdrawn_on", "end_before_start")])
    );
    let bad = Consent {
        given_on: None,
        ..consent(None, None)
    };
    assert_eq!(
        errors(save_consent(&db, &bad, today())),
        pairs(&[
            ("student_id", "consent_of_one_person"),
            ("given_on", "required")
        ])
    );
    assert_eq!(
        save_consent(&db, &consent(Some(999), None), today())
            .unwrap_err()
            .code(),
        "not_found"
    );
    // A departed student is not listed.
    crate::movement::leave(
        &db,
        &crate::movement::Departure {
            student_id: boris.id.unwrap(),
            on: d(2026, 10, 1),
            reason: crate::movement::DepartureReason::OtherSchool,
            destination: String::new(),
            order: crate::people::Order::default(),
            note: String::new(),
        },
    )
    .unwrap();
    assert_eq!(
        missing(today()),
        [pair("Петрова Анна Ивановна", "Петрова Ольга Сергеевна")]
    );
    let id = student_consents(&db, anna.id.unwrap()).unwrap()[0]
        .id
        .unwrap();
    delete_consent(&db, id).unwrap();
    assert_eq!(delete_consent(&db, id).unwrap_err().code(), "not_found");
}

/// The import's writer stores a card as `save` does, by the short insert of an enrolment
/// list's card or by the whole one, and places it in the class of the year with the list's
/// enrolment order.
#[test]
fn new_students_of_an_import_are_stored_as_saved() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let class = add_class(&db, year, 5, "А").id;
    let mut listed = in_class(class, "  Ёлкина ", "Алёна", "Сергеевна ");
    listed.citizenship = String::new();
    listed.file_number = " 12 а ".into();
    assert!(card::enrolment_card(&listed));
    let mut full = in_class(class, "Петров", "Иван", "Сергеевич");
    full.snils = "11223344595".into();
    assert!(!card::enrolment_card(&full));
    let order = crate::people::Order {
        series: String::new(),
        number: "112-у".into(),
        date: Some(d(2022, 8, 25)),
    };

    let ids = db
        .write(|tx| {
            let mut new = NewStudents::new(tx)?;
            Ok([
                new.add(&NewCard::of(&listed), class.unwrap(), &order)?,
                new.add(&NewCard::of(&full), class.unwrap(), &Default::default())?,
            ])
        })
        .unwrap();
    // Enrolled in 2022 by the order: an arrival before the file's years, placed from 1 September.
    let arrival = &crate::movement::history(&db, ids[0]).unwrap()[0];
    assert_eq!(
        (
            arrival.occurred_on,
            arrival.academic_year_id,
            arrival.order.clone()
        ),
        (d(2022, 8, 25), None, order)
    );
    assert!(crate::movement::history(&db, ids[1]).unwrap().is_empty());
    let rows = list(&db, year, class, Some(d(2026, 9, 1))).unwrap();
    assert_eq!(rows.len(), 2);
    for (id, card) in ids.into_iter().zip([listed, full]) {
        let written = get(&db, id).unwrap();
        let saved = {
            let other = Db::in_memory().unwrap();
            let year = year_2026(&other);
            let class = add_class(&other, year, 5, "А").id;
            add(
                &other,
                &Student {
                    class_id: class,
                    ..card
                },
            )
        };
        assert_eq!(
            written,
            Student {
                id: Some(id),
                ..saved
            }
        );
    }
}

#[test]
fn a_failure_mid_way_leaves_nothing() {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let c = add_class(&db, year, 3, "А");
    // The placement insert fails after the student row is written: neither stays.
    db.conn()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON placement
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let s = in_class(c.id, "Петров", "Иван", "Ильич");
    assert_eq!(save(&db, &s, today()).unwrap_err().code(), "db");
    assert_eq!(count(&db, "student"), 0);
    db.conn().execute_batch("DROP TRIGGER boom").unwrap();
    // A composite change (an import of three rows) whose last row fails leaves nothing.
    let res: Result<()> = db.write(|_| {
        save(&db, &in_class(c.id, "Петров", "Иван", "Ильич"), today())?;
        save(&db, &in_class(c.id, "Сидоров", "Олег", "Ильич"), today())?;
        save(&db, &in_class(c.id, "", "Олег", "Ильич"), today())?;
        Ok(())
    });
    assert_eq!(res.unwrap_err().code(), "invalid");
    assert_eq!(count(&db, "student"), 0);
    assert_eq!(count(&db, "placement"), 0);
    // A guardian saved with a link that fails leaves no guardian either.
    let s = add(&db, &student("Петров", "Иван", "Ильич"));
    db.conn()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON student_guardian
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let sg = StudentGuardian {
        guardian: guardian("Петрова", "Ольга", "Сергеевна"),
        relation: Relation::Mother,
    };
    assert_eq!(
        save_student_guardian(&db, s.id.unwrap(), &sg)
            .unwrap_err()
            .code(),
        "db"
    );
    assert_eq!(count(&db, "guardian"), 0);
}

#[test]
fn enums_have_codes_labels_and_serde_names_that_agree() {
    for f in StudyForm::ALL {
        assert_eq!(StudyForm::from_code(f.code()), f);
        assert_eq!(serde_json::to_value(f).unwrap(), f.code());
    }
    for r in crate::movement::DepartureReason::ALL {
        assert_eq!(crate::movement::DepartureReason::from_code(r.code()), r);
        assert_eq!(serde_json::to_value(r).unwrap(), r.code());
    }
    for r in Relation::ALL {
        assert_eq!(Relation::from_code(r.code()), r);
        assert_eq!(serde_json::to_value(r).unwrap(), r.code());
    }
    assert_eq!(StudyForm::Home.label(), "Надомное обучение");
    assert_eq!(
        crate::movement::DepartureReason::Graduated.label(),
        "Завершил обучение"
    );
}
