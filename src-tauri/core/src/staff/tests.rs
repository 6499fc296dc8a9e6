use super::*;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::people::Order;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 25);

pub(super) fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

pub(super) fn position_id(db: &Db, name: &str) -> i64 {
    find_position(db, name).unwrap().unwrap().id.unwrap()
}

fn appointment(db: &Db, position: &str, rate: f64) -> Appointment {
    Appointment {
        id: None,
        staff_position_id: position_id(db, position),
        rate,
        hired_on: Some(d(2015, 8, 28)),
        hire_order: Order {
            series: String::new(),
            number: "112-к".into(),
            date: Some(d(2015, 8, 27)),
        },
        left_on: None,
        leave_order: Order::default(),
        leave_reason: String::new(),
        transferred_from_id: None,
        position_name: String::new(),
    }
}

pub(super) fn member(db: &Db, last: &str, first: &str, patronymic: &str) -> StaffMember {
    StaffMember {
        id: None,
        last_name: last.into(),
        first_name: first.into(),
        patronymic: patronymic.into(),
        sex: people::sex_by_patronymic(patronymic).unwrap_or(Sex::Female),
        birth_date: Some(d(1980, 3, 14)),
        snils: String::new(),
        phone: "+7 (910) 123-45-67".into(),
        email: String::new(),
        education: "высшее".into(),
        qualification_category: QualificationCategory::First,
        note: String::new(),
        appointments: vec![appointment(db, "Учитель", 1.0)],
        ..StaffMember::blank()
    }
}

pub(super) fn add(db: &Db, last: &str, first: &str, patronymic: &str) -> StaffMember {
    save(db, &member(db, last, first, patronymic), today())
        .unwrap()
        .value
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

#[test]
fn positions_are_prefilled_ordered_and_unique() {
    let db = Db::in_memory().unwrap();
    let list = positions(&db).unwrap();
    assert!(list.len() >= 15);
    assert_eq!(list[0].name, "Директор");
    for name in [
        "Учитель",
        "Заместитель директора по учебно-воспитательной работе",
        "Педагог-психолог",
        "Социальный педагог",
        "Учитель-логопед",
        "Педагог-организатор",
        "Секретарь учебной части",
    ] {
        assert!(list.iter().any(|p| p.name == name), "{name}");
    }
    let err = save_position(
        &db,
        &StaffPosition {
            id: None,
            name: "  учитель ".into(),
            is_pedagogical: true,
            sort_order: 0,
            uses: 0,
        },
    )
    .unwrap_err();
    assert_eq!(
        errors(Err::<(), _>(err)),
        pairs(&[("name", "duplicate_name")])
    );
    let nurse = save_position(
        &db,
        &StaffPosition {
            id: None,
            name: " Медицинская  сестра ".into(),
            is_pedagogical: false,
            sort_order: 300,
            uses: 7,
        },
    )
    .unwrap();
    assert_eq!((nurse.name.as_str(), nurse.uses), ("Медицинская сестра", 0));
    assert_eq!(
        find_position(&db, "МЕДИЦИНСКАЯ сестра")
            .unwrap()
            .unwrap()
            .id,
        nurse.id
    );
    assert_eq!(
        errors(save_position(
            &db,
            &StaffPosition {
                name: " ".into(),
                ..nurse.clone()
            }
        )),
        pairs(&[("name", "required")])
    );
    delete_position(&db, nurse.id.unwrap()).unwrap();
    assert_eq!(
        delete_position(&db, nurse.id.unwrap()).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn a_position_in_use_cannot_be_deleted() {
    let db = Db::in_memory().unwrap();
    add(&db, "Соколова", "Ирина", "Петровна");
    let teacher = position_id(&db, "Учитель");
    assert_eq!(get_position(&db, teacher).unwrap().uses, 1);
    let err = delete_position(&db, teacher).unwrap_err();
    assert_eq!(err.code(), "refused");
    assert_eq!(err.fields()[0].code, "position_in_use");
}

#[test]
fn saves_a_member_with_appointments_trimmed_and_reads_it_back() {
    let db = Db::in_memory().unwrap();
    let mut m = member(&db, "  Ёлкина ", " Алёна  ", " Семёновна ");
    m.snils = "11223344595".into();
    m.email = " elkina@mail.ru ".into();
    m.appointments
        .push(appointment(&db, "Педагог-организатор", 0.5));
    let saved = save(&db, &m, today()).unwrap();
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    let s = saved.value;
    assert_eq!(s.full_name(), "Ёлкина Алёна Семёновна");
    assert_eq!(s.snils, "112-233-445 95");
    assert_eq!(s.email, "elkina@mail.ru");
    assert_eq!(s.appointments.len(), 2);
    assert_eq!(s.appointments[0].position_name, "Учитель");
    assert_eq!(s.appointments[0].hire_order.number, "112-к");
    assert_eq!(get(&db, s.id.unwrap()).unwrap(), s);
    let list = list(&db, today(), false).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].positions, "Учитель, Педагог-организатор");
    assert_eq!(list[0].rate, 1.5);
    assert!(list[0].is_current);
}

#[test]
fn appointments_are_changed_added_and_removed_in_place() {
    let db = Db::in_memory().unwrap();
    let mut m = add(&db, "Соколова", "Ирина", "Петровна");
    let first_id = m.appointments[0].id;
    m.appointments[0].rate = 1.25;
    m.appointments.push(appointment(&db, "Тьютор", 0.25));
    let m = save(&db, &m, today()).unwrap().value;
    assert_eq!(m.appointments[0].id, first_id, "ids are kept");
    assert_eq!(m.appointments[0].rate, 1.25);
    assert_eq!(m.appointments.len(), 2);
    let only_tutor = StaffMember {
        appointments: vec![m.appointments[1].clone()],
        ..m.clone()
    };
    let m = save(&db, &only_tutor, today()).unwrap().value;
    assert_eq!(m.appointments.len(), 1);
    assert_eq!(count(&db, "appointment"), 1);

    // An appointment of someone else cannot be sent with this member.
    let other = add(&db, "Иванов", "Пётр", "Ильич");
    let stolen = StaffMember {
        appointments: other.appointments.clone(),
        ..m
    };
    assert_eq!(save(&db, &stolen, today()).unwrap_err().code(), "not_found");
}

#[test]
fn every_bad_field_is_reported_at_once_and_nothing_is_written() {
    let db = Db::in_memory().unwrap();
    let mut bad = member(&db, " ", "Иванoв", "Петр0вич");
    bad.birth_date = Some(today().succ_opt().unwrap());
    bad.snils = "112-233-445 96".into();
    bad.email = "ivanov.mail.ru".into();
    bad.appointments[0].rate = 0.0;
    bad.appointments[0].hired_on = Some(d(2020, 9, 1));
    bad.appointments[0].left_on = Some(d(2020, 8, 31));
    bad.appointments[0].hire_order.date = None;
    let mut second = appointment(&db, "Тьютор", 3.5);
    second.leave_order.number = "5-к".into();
    bad.appointments.push(second);
    assert_eq!(
        errors(save(&db, &bad, today())),
        pairs(&[
            ("last_name", "required"),
            ("first_name", "latin_in_name"),
            ("patronymic", "bad_char_in_name"),
            ("birth_date", "birth_date_in_future"),
            ("snils", "snils_check_number"),
            ("email", "bad_email"),
            ("appointments.0.rate", "bad_rate"),
            ("appointments.0.left_on", "leave_before_hire"),
            ("appointments.0.hire_order.date", "required"),
            ("appointments.1.rate", "bad_rate"),
            ("appointments.1.left_on", "required"),
            ("appointments.1.leave_order.date", "required"),
        ])
    );
    let none = StaffMember {
        appointments: Vec::new(),
        ..member(&db, "Иванов", "Пётр", "")
    };
    assert_eq!(
        errors(save(&db, &none, today())),
        pairs(&[("appointments", "required")])
    );
    assert_eq!(count(&db, "staff_member"), 0);
    assert_eq!(count(&db, "appointment"), 0);
}

#[test]
fn warnings_for_sex_and_latin_names_do_not_stop_the_save() {
    let db = Db::in_memory().unwrap();
    let mut m = member(&db, "Smith", "John", "Петрович");
    m.sex = Sex::Female;
    let saved = save(&db, &m, today()).unwrap();
    let codes: Vec<(&str, &str)> = saved
        .warnings
        .iter()
        .map(|w| (w.field.as_str(), w.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("last_name", "name_in_latin"),
            ("first_name", "name_in_latin"),
            ("sex", "sex_disagrees_with_patronymic")
        ]
    );
    assert!(saved.value.id.is_some());
}

#[test]
fn snils_is_unique_among_staff_in_any_form() {
    let db = Db::in_memory().unwrap();
    let mut a = member(&db, "Соколова", "Ирина", "Петровна");
    a.snils = "123-456-789 64".into();
    let a = save(&db, &a, today()).unwrap().value;
    let mut b = member(&db, "Иванов", "Пётр", "Ильич");
    b.snils = "12345678964".into();
    let err = save(&db, &b, today()).unwrap_err();
    assert_eq!(err.fields()[0].code, "duplicate_snils");
    assert!(err.fields()[0].message.contains("Соколова Ирина Петровна"));
    assert_eq!(find_by_snils(&db, "123 456 789 64").unwrap(), a.id);
    // The member keeps their own SNILS when saved again.
    assert!(save(&db, &a, today()).is_ok());
}

#[test]
fn who_left_drops_out_of_current_lists_and_stays_in_history() {
    let db = Db::in_memory().unwrap();
    let mut left = add(&db, "Агеева", "Вера", "Николаевна");
    left.appointments[0].left_on = Some(d(2026, 6, 30));
    left.appointments[0].leave_order = Order {
        series: String::new(),
        number: "48-к".into(),
        date: Some(d(2026, 6, 25)),
    };
    let left = save(&db, &left, today()).unwrap().value;
    add(&db, "Борисов", "Олег", "Иванович");
    let names = |items: Vec<StaffListItem>| -> Vec<String> {
        items.into_iter().map(|i| i.full_name).collect()
    };
    assert_eq!(
        names(list(&db, today(), false).unwrap()),
        ["Борисов Олег Иванович"]
    );
    assert_eq!(
        names(list(&db, d(2026, 6, 30), false).unwrap()),
        ["Агеева Вера Николаевна", "Борисов Олег Иванович"],
        "the leave day is still a working day"
    );
    let all = list(&db, today(), true).unwrap();
    assert_eq!(all.len(), 2);
    assert!(!all[0].is_current);
    assert_eq!(all[0].left_on, Some(d(2026, 6, 30)));
    assert_eq!(all[0].positions, "Учитель");
    assert_eq!(all[0].hired_on, left.appointments[0].hired_on);
    assert!(!is_current(&db, left.id.unwrap(), today()).unwrap());
    assert_eq!(get(&db, left.id.unwrap()).unwrap(), left, "kept whole");
}

#[test]
fn deleting_a_member_takes_the_appointments_and_unknown_ids_are_not_found() {
    let db = Db::in_memory().unwrap();
    let m = add(&db, "Соколова", "Ирина", "Петровна");
    assert_eq!(
        find_by_name(&db, "соколова", "ирина", "петровна").unwrap(),
        vec![m.id.unwrap()]
    );
    delete(&db, m.id.unwrap()).unwrap();
    assert_eq!(count(&db, "appointment"), 0);
    assert_eq!(delete(&db, 999).unwrap_err().code(), "not_found");
    assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
    let ghost = StaffMember {
        id: Some(999),
        ..member(&db, "Иванов", "Пётр", "")
    };
    assert_eq!(save(&db, &ghost, today()).unwrap_err().code(), "not_found");
    let mut no_position = member(&db, "Иванов", "Пётр", "");
    no_position.appointments[0].staff_position_id = 999;
    assert_eq!(
        save(&db, &no_position, today()).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn a_failed_write_leaves_the_member_as_it_was() {
    let db = Db::in_memory().unwrap();
    let before = add(&db, "Соколова", "Ирина", "Петровна");
    db.conn()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON appointment BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let mut changed = before.clone();
    changed.last_name = "Петрова".into();
    changed.appointments.push(appointment(&db, "Тьютор", 0.5));
    assert_eq!(save(&db, &changed, today()).unwrap_err().code(), "db");
    assert_eq!(get(&db, before.id.unwrap()).unwrap(), before);
}

#[test]
fn categories_have_codes_labels_and_serde_names_that_agree() {
    for k in QualificationCategory::ALL {
        assert_eq!(QualificationCategory::from_code(k.code()), k);
        assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        assert!(!k.label().is_empty());
    }
    assert_eq!(
        QualificationCategory::from_code("grandmaster"),
        QualificationCategory::None
    );
}

#[test]
fn education_experience_category_and_titles_are_kept_and_checked() {
    let db = Db::in_memory().unwrap();
    let mut m = member(&db, "Орлова", "Анна", "Петровна");
    m.education_level = EducationLevel::Higher;
    m.pedagogical_education = true;
    m.experience_since = Some(d(2001, 8, 15));
    m.pedagogical_experience_since = Some(d(2003, 9, 1));
    m.category_awarded_on = Some(d(2024, 12, 20));
    m.academic_degree = AcademicDegree::Candidate;
    m.honorary_titles = " Почётный работник общего образования РФ ".into();
    let saved = save(&db, &m, today()).unwrap().value;
    assert_eq!(saved.education_level, EducationLevel::Higher);
    assert!(saved.pedagogical_education);
    assert_eq!(saved.experience_since, m.experience_since);
    assert_eq!(
        saved.pedagogical_experience_since,
        m.pedagogical_experience_since
    );
    assert_eq!(saved.category_awarded_on, m.category_awarded_on);
    assert_eq!(saved.academic_degree, AcademicDegree::Candidate);
    assert_eq!(
        saved.honorary_titles,
        "Почётный работник общего образования РФ"
    );
    assert_eq!(
        saved.pedagogical_experience_on(d(2026, 9, 1)),
        Some((23, 0))
    );

    let mut bad = saved.clone();
    bad.pedagogical_experience_since = Some(d(1999, 1, 1));
    bad.category_awarded_on = Some(today() + chrono::Days::new(3));
    assert_eq!(
        errors(save(&db, &bad, today())),
        pairs(&[
            ("category_awarded_on", "date_in_future"),
            (
                "pedagogical_experience_since",
                "pedagogical_experience_longer"
            ),
        ])
    );
    bad = saved.clone();
    bad.qualification_category = QualificationCategory::None;
    assert_eq!(
        errors(save(&db, &bad, today())),
        pairs(&[("category_awarded_on", "category_date_without_category")])
    );
}

#[test]
fn experience_counts_full_years_and_months() {
    assert_eq!(experience_on(d(2020, 9, 1), d(2026, 9, 1)), Some((6, 0)));
    assert_eq!(experience_on(d(2020, 9, 2), d(2026, 9, 1)), Some((5, 11)));
    assert_eq!(experience_on(d(2024, 1, 31), d(2024, 3, 30)), Some((0, 1)));
    assert_eq!(experience_on(d(2026, 9, 2), d(2026, 9, 1)), None);
}

#[test]
fn experience_reads_in_russian() {
    assert_eq!(experience_text((12, 3)), "12 лет 3 мес.");
    assert_eq!(experience_text((1, 0)), "1 год");
    assert_eq!(experience_text((3, 11)), "3 года 11 мес.");
    assert_eq!(experience_text((0, 5)), "0 лет 5 мес.");
    assert_eq!(experience_text((11, 0)), "11 лет");
    assert_eq!(experience_text((21, 0)), "21 год");
    assert_eq!(experience_text((112, 0)), "112 лет");
}
