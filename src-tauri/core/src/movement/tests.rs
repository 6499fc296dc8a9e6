use super::*;
use crate::classes::tests::{add as add_class, d, today, year_2026, year_2027};
use crate::marks::{self, Period};
use crate::students::tests::student;
use crate::subgroups::{Fill, NewSplit};
use crate::year;

/// A year 2026-2027 with 5 А, 5 Б (quarters) and a student in 5 А from 1 September.
struct School {
    db: Db,
    year: i64,
    a: i64,
    b: i64,
    pupil: i64,
}

fn quarters(db: &Db, year: i64) -> i64 {
    year::detail(db, year)
        .unwrap()
        .schemes
        .into_iter()
        .find(|s| s.name == year::QUARTERS)
        .unwrap()
        .id
        .unwrap()
}

fn class_with_quarters(db: &Db, year: i64, grade: i32, letter: &str) -> i64 {
    let mut class = add_class(db, year, grade, letter);
    class.term_scheme_id = Some(quarters(db, year));
    classes::save(db, &class, today())
        .unwrap()
        .value
        .id
        .unwrap()
}

fn school() -> School {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let a = class_with_quarters(&db, year, 5, "А");
    let b = class_with_quarters(&db, year, 5, "Б");
    let pupil = students::save(
        &db,
        &Student {
            file_number: "п-1".into(),
            class_id: Some(a),
            ..student("Петров", "Иван", "Ильич")
        },
        today(),
    )
    .unwrap()
    .value
    .id
    .unwrap();
    School {
        db,
        year,
        a,
        b,
        pupil,
    }
}

fn order(number: &str, date: NaiveDate) -> Order {
    Order {
        series: String::new(),
        number: number.into(),
        date: Some(date),
    }
}

fn transfer_to(s: &School, class: i64, on: NaiveDate) -> Result<Saved<Moved>> {
    transfer(
        &s.db,
        &Transfer {
            student_id: s.pupil,
            to_class_id: class,
            on,
            order: order("15-у", on),
            note: String::new(),
        },
    )
}

fn departure(student_id: i64, on: NaiveDate, reason: DepartureReason) -> Departure {
    Departure {
        student_id,
        on,
        reason,
        destination: "МБОУ СОШ № 3 г. Орла".into(),
        order: order("40-у", on),
        note: String::new(),
    }
}

fn arrival(card: Student, class_id: i64, on: NaiveDate) -> Arrival {
    Arrival {
        student: card,
        class_id,
        on,
        origin: Some(Origin::OtherRegion),
        came_from: "МБОУ СОШ № 5 г. Тулы".into(),
        order: order("12-у", on),
        note: String::new(),
    }
}

fn names(db: &Db, year: i64, class: i64, on: Option<NaiveDate>) -> Vec<String> {
    students::list(db, year, Some(class), on)
        .unwrap()
        .into_iter()
        .map(|r| r.full_name)
        .collect()
}

fn code(e: CoreError) -> String {
    match e.fields().first() {
        Some(f) => f.code.clone(),
        None => e.code().to_string(),
    }
}

fn count(db: &Db, table: &str) -> i64 {
    db.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_arrival_places_a_new_student_from_its_day_with_its_order() {
    let s = school();
    let card = Student {
        file_number: "с-7".into(),
        ..student("Сидорова", "Анна", "Петровна")
    };
    let saved = arrive(&s.db, &arrival(card, s.a, d(2027, 1, 14)), today()).unwrap();
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    let m = &saved.value.movement;
    assert_eq!(m.kind, MovementKind::Arrival);
    assert_eq!(m.to_class, "5 А");
    assert_eq!(m.order.number, "12-у");
    assert_eq!(
        m.summary,
        "Прибытие в 5 А из МБОУ СОШ № 5 г. Тулы (из другого региона)"
    );
    assert_eq!(
        names(&s.db, s.year, s.a, Some(d(2027, 1, 13))),
        ["Петров Иван Ильич"]
    );
    assert_eq!(
        names(&s.db, s.year, s.a, Some(d(2027, 1, 14))),
        ["Петров Иван Ильич", "Сидорова Анна Петровна"]
    );
    let sizes = classes::info(&s.db, s.a, d(2027, 1, 14)).unwrap();
    assert_eq!((sizes.boys, sizes.girls), (1, 1));
    // The register: the order with its class and student.
    let register = orders::register(&s.db, s.year).unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].order.title, "О зачислении");
    assert_eq!(register[0].order.text(), "№ 12-у от 14.01.2027");
    assert_eq!(register[0].classes[0].class_label, "5 А");
    assert_eq!(
        register[0].classes[0].students[0].full_name,
        "Сидорова Анна Петровна"
    );
}

#[test]
fn a_transfer_moves_the_student_between_lists_and_sheets_of_the_periods() {
    let s = school();
    let moved = transfer_to(&s, s.b, d(2027, 1, 15)).unwrap().value;
    assert_eq!(moved.movement.summary, "Перевод из 5 А в 5 Б");
    let on = |day| {
        placements::class_on(&s.db, s.pupil, day)
            .unwrap()
            .map(|p| p.class_label)
    };
    assert_eq!(on(d(2027, 1, 14)).as_deref(), Some("5 А"));
    assert_eq!(on(d(2027, 1, 15)).as_deref(), Some("5 Б"));
    assert!(names(&s.db, s.year, s.a, Some(d(2027, 1, 20))).is_empty());
    // The whole year's list of 5 А keeps the student, with where they went.
    let rows = students::list(&s.db, s.year, Some(s.a), None).unwrap();
    assert_eq!(rows[0].left_on, Some(d(2027, 1, 15)));
    assert_eq!(rows[0].moved_to, "5 Б");
    assert_eq!(
        students::get(&s.db, s.pupil).unwrap().class_id,
        Some(s.b),
        "the current class"
    );
    // 5 А's 2nd quarter lists the student, 5 Б's 3rd quarter does; never both in one period.
    let listed = |class: i64, name: &str| -> bool {
        let period = marks::period_by_name(&s.db, class, name).unwrap().period;
        marks::sheet(&s.db, class, period)
            .unwrap()
            .students
            .iter()
            .any(|st| st.student_id == s.pupil)
    };
    assert!(listed(s.a, "2 четверть") && !listed(s.b, "2 четверть"));
    assert!(!listed(s.a, "3 четверть") && listed(s.b, "3 четверть"));
    assert!(!listed(s.a, "год") && listed(s.b, "год"));
    // Marks of the 3rd quarter are 5 Б's to set, not 5 А's.
    let q3 = marks::period_by_name(&s.db, s.a, "3 четверть")
        .unwrap()
        .period;
    let absent = marks::AbsenceEntry {
        student_id: s.pupil,
        missed: Some(3),
        of_illness: None,
    };
    assert_eq!(
        code(marks::set_absences(&s.db, s.a, q3, std::slice::from_ref(&absent)).unwrap_err()),
        "student_not_in_class"
    );
    marks::set_absences(&s.db, s.b, q3, &[absent]).unwrap();
    let history: Vec<MovementKind> = history(&s.db, s.pupil)
        .unwrap()
        .into_iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(history, [MovementKind::Transfer]);
    assert_eq!(Period::YEAR.kind, marks::PeriodKind::Year);
}

#[test]
fn a_transfer_or_arrival_joins_the_smaller_subgroup_and_leaving_keeps_the_old_one() {
    let s = school();
    crate::subjects::seed_federal(&s.db).unwrap();
    let english = crate::subjects::list(&s.db, true)
        .unwrap()
        .into_iter()
        .find(|x| x.name == "Иностранный язык (английский)")
        .unwrap()
        .id;
    let split = |class| {
        crate::subgroups::create(
            &s.db,
            &NewSplit {
                academic_year_id: s.year,
                subject_id: english,
                class_ids: vec![class],
                count: 2,
                fill: Fill::Alphabetical,
            },
            d(2026, 9, 1),
        )
        .unwrap()
    };
    for (last, first) in [("Абрамов", "Олег"), ("Белов", "Пётр"), ("Волков", "Иван")]
    {
        students::save(
            &s.db,
            &Student {
                class_id: Some(s.b),
                ..student(last, first, "Ильич")
            },
            today(),
        )
        .unwrap();
    }
    let from = split(s.a);
    let to = split(s.b);
    // 2 + 1 in 5 Б: the newcomer joins the second group.
    let moved = transfer_to(&s, s.b, d(2027, 1, 15)).unwrap().value;
    assert_eq!(moved.subgroups.len(), 1);
    assert_eq!(moved.subgroups[0].subgroup, "2 группа");
    assert!(!moved.subgroups[0].kept);
    assert_eq!(moved.subgroups[0].split_id, to.row.id);
    let after = crate::subgroups::detail(&s.db, to.row.id, d(2027, 1, 20)).unwrap();
    assert_eq!(after.row.students, 4);
    assert_eq!(after.row.unassigned, 0);
    // In 5 А's split the student is kept as gone, with the new class.
    let old = crate::subgroups::detail(&s.db, from.row.id, d(2027, 1, 20)).unwrap();
    assert_eq!(old.row.students, 0);
    assert_eq!(old.gone.len(), 1);
    assert_eq!(old.gone[0].class_label, "5 Б");
    // On a tie the first group: a new arrival into 5 Б (2 + 2); in a split by sex her own.
    let technology = crate::subjects::list(&s.db, true)
        .unwrap()
        .into_iter()
        .find(|x| x.name == "Труд (технология)")
        .unwrap()
        .id;
    crate::subgroups::create(
        &s.db,
        &NewSplit {
            academic_year_id: s.year,
            subject_id: technology,
            class_ids: vec![s.b],
            count: 2,
            fill: Fill::BySex,
        },
        d(2026, 9, 1),
    )
    .unwrap();
    let card = Student {
        file_number: "я-1".into(),
        ..student("Яковлева", "Анна", "Петровна")
    };
    let came = arrive(&s.db, &arrival(card, s.b, d(2027, 2, 1)), today())
        .unwrap()
        .value;
    let groups: Vec<&str> = came.subgroups.iter().map(|g| g.subgroup.as_str()).collect();
    assert_eq!(
        groups,
        ["1 группа", "Девочки"],
        "the girls' group though empty"
    );
}

#[test]
fn a_student_leaves_and_comes_back_with_the_history_kept() {
    let s = school();
    let reason = DepartureReason::parse("Перевод в другую ОО").unwrap();
    let left = leave(&s.db, &departure(s.pupil, d(2026, 10, 1), reason))
        .unwrap()
        .value;
    assert_eq!(
        left.movement.summary,
        "Выбытие из 5 А: перевод в другую ОО, МБОУ СОШ № 3 г. Орла"
    );
    assert!(names(&s.db, s.year, s.a, Some(d(2026, 10, 15))).is_empty());
    assert_eq!(
        left_school_by(s.db.conn(), s.pupil, d(2026, 10, 15)).unwrap(),
        Some(d(2026, 10, 1))
    );
    // Back into 5 Б by the same file number, typed in capitals.
    let card = Student {
        file_number: "П-1".into(),
        ..student("ПЕТРОВ", "Иван", "Ильич")
    };
    let back = arrive(&s.db, &arrival(card, s.b, d(2026, 11, 10)), today()).unwrap();
    assert_eq!(back.value.movement.student_id, s.pupil);
    assert_eq!(count(&s.db, "student"), 1);
    assert_eq!(
        names(&s.db, s.year, s.b, Some(d(2026, 11, 15))),
        ["Петров Иван Ильич"]
    );
    let kinds: Vec<MovementKind> = history(&s.db, s.pupil)
        .unwrap()
        .into_iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(kinds, [MovementKind::Departure, MovementKind::Arrival]);
    let places: Vec<(String, Option<NaiveDate>)> = placements::placements(&s.db, s.pupil)
        .unwrap()
        .into_iter()
        .map(|p| (p.class_label, p.left_on))
        .collect();
    assert_eq!(
        places,
        [
            ("5 А".to_string(), Some(d(2026, 10, 1))),
            ("5 Б".to_string(), None)
        ]
    );
    assert_eq!(
        left_school_by(s.db.conn(), s.pupil, d(2026, 11, 15)).unwrap(),
        None
    );
}

#[test]
fn bad_movements_are_refused_naming_the_student_and_write_nothing() {
    let s = school();
    let next = year_2027(&s.db);
    let six = add_class(&s.db, next, 6, "А").id.unwrap();
    let before = (count(&s.db, "movement"), count(&s.db, "placement"));
    let refused = |r: Result<Saved<Moved>>| -> (String, String) {
        let e = r.unwrap_err();
        let text = e.to_string();
        (code(e), text)
    };

    let (c, text) = refused(transfer_to(&s, six, d(2027, 1, 15)));
    assert_eq!(c, "class_of_other_year");
    assert!(
        text.contains("Петров Иван Ильич") && text.contains("6 А"),
        "{text}"
    );
    assert_eq!(
        refused(transfer_to(&s, s.a, d(2027, 1, 15))).0,
        "same_class"
    );
    let (c, text) = refused(transfer_to(&s, s.b, d(2027, 9, 15)));
    assert_eq!(c, "movement_outside_year");
    assert!(text.contains("2026-2027"), "{text}");
    // Before the arrival: a student who came on 14 January.
    let late = arrive(
        &s.db,
        &arrival(
            Student {
                file_number: "к-9".into(),
                ..student("Кузнецова", "Ольга", "Ивановна")
            },
            s.a,
            d(2027, 1, 14),
        ),
        today(),
    )
    .unwrap()
    .value
    .movement
    .student_id;
    let before = (before.0 + 1, before.1 + 1);
    let (c, text) = refused(leave(
        &s.db,
        &departure(late, d(2027, 1, 10), DepartureReason::Other),
    ));
    assert_eq!(c, "before_arrival");
    assert!(text.contains("Кузнецова Ольга Ивановна") && text.contains("14.01.2027"));
    // Before the student was born.
    let unborn = Student {
        file_number: "м-3".into(),
        birth_date: Some(d(2026, 11, 20)),
        ..student("Морозова", "Вера", "Ивановна")
    };
    let (c, text) = refused(arrive(
        &s.db,
        &arrival(unborn, s.a, d(2026, 11, 10)),
        today(),
    ));
    assert_eq!(c, "before_birth");
    assert!(text.contains("раньше даты рождения"), "{text}");
    // Two places at once.
    let again = arrival(students::get(&s.db, s.pupil).unwrap(), s.b, d(2026, 12, 1));
    assert_eq!(refused(arrive(&s.db, &again, today())).0, "already_placed");
    // Not studying on the day: gone already.
    leave(
        &s.db,
        &departure(s.pupil, d(2026, 12, 10), DepartureReason::Other),
    )
    .unwrap();
    let before = (before.0 + 1, before.1);
    assert_eq!(
        refused(leave(
            &s.db,
            &departure(s.pupil, d(2026, 12, 20), DepartureReason::Other)
        ))
        .0,
        "not_studying"
    );
    // Movements are written in the order of their dates.
    assert_eq!(
        refused(transfer_to(&s, s.b, d(2026, 12, 1))).0,
        "later_movement"
    );
    // A known file number with another person.
    let other = Student {
        file_number: "п-1".into(),
        ..student("Иванов", "Пётр", "Ильич")
    };
    let (c, text) = refused(arrive(&s.db, &arrival(other, s.a, d(2027, 2, 1)), today()));
    assert_eq!(c, "file_number_of_other_person");
    assert!(text.contains("Петров Иван Ильич"), "{text}");
    // An order without its number; an unknown student.
    let mut no_number = departure(late, d(2027, 2, 1), DepartureReason::Other);
    no_number.order.number = String::new();
    assert_eq!(refused(leave(&s.db, &no_number)).0, "required");
    assert_eq!(
        refused(leave(
            &s.db,
            &departure(999, d(2027, 2, 1), DepartureReason::Other)
        ))
        .0,
        "not_found"
    );
    assert_eq!(
        (count(&s.db, "movement"), count(&s.db, "placement")),
        before,
        "nothing written"
    );
}

#[test]
fn an_order_dated_after_the_movement_is_written_with_a_warning_and_shared() {
    let s = school();
    let mut t = Transfer {
        student_id: s.pupil,
        to_class_id: s.b,
        on: d(2027, 1, 15),
        order: order("15-у", d(2027, 1, 20)),
        note: String::new(),
    };
    let saved = transfer(&s.db, &t).unwrap();
    assert_eq!(saved.warnings[0].code, "order_after_movement");
    assert!(saved.warnings[0].message.contains("№ 15-у от 20.01.2027"));
    // The same order (typed otherwise) moves another student: one order, two lines.
    let other = students::save(
        &s.db,
        &Student {
            class_id: Some(s.a),
            ..student("Белова", "Вера", "Ивановна")
        },
        today(),
    )
    .unwrap()
    .value
    .id
    .unwrap();
    t.student_id = other;
    t.order = orders::parse("№ 15-У от 20.01.2027").unwrap();
    transfer(&s.db, &t).unwrap();
    assert_eq!(count(&s.db, "school_order"), 1);
    let register = orders::register(&s.db, s.year).unwrap();
    assert_eq!(register[0].order.title, "О переводе");
    let moved: Vec<&str> = register[0].classes[0]
        .students
        .iter()
        .map(|l| l.full_name.as_str())
        .collect();
    assert_eq!(moved, ["Белова Вера Ивановна", "Петров Иван Ильич"]);
}

#[test]
fn a_change_of_study_form_is_dated_and_keeps_the_class() {
    let s = school();
    let change = StudyFormChange {
        student_id: s.pupil,
        on: d(2026, 11, 1),
        study_form: StudyForm::Home,
        order: Order::default(),
        note: String::new(),
    };
    let m = change_study_form(&s.db, &change).unwrap().value.movement;
    assert_eq!(m.summary, "Смена формы обучения: Очная → Надомное обучение");
    assert_eq!(
        students::get(&s.db, s.pupil).unwrap().study_form,
        StudyForm::Home
    );
    assert_eq!(
        code(change_study_form(&s.db, &change).unwrap_err()),
        "same_study_form"
    );
    assert_eq!(students::get(&s.db, s.pupil).unwrap().class_id, Some(s.a));
}

#[test]
fn place_puts_a_student_in_a_year_from_its_first_day_or_corrects_the_class() {
    let s = school();
    let next = year_2027(&s.db);
    let six = add_class(&s.db, next, 6, "А").id.unwrap();
    students::place(&s.db, s.pupil, six).unwrap();
    let p = placements::placements(&s.db, s.pupil).unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!((p[1].starts_on, p[1].left_on), (d(2027, 9, 1), None));
    // Placing again in another class of the year corrects the class, dates kept.
    transfer_to(&s, s.b, d(2027, 1, 15)).unwrap();
    let c = class_with_quarters(&s.db, s.year, 5, "В");
    students::place(&s.db, s.pupil, c).unwrap();
    let labels: Vec<(String, NaiveDate)> = placements::placements(&s.db, s.pupil)
        .unwrap()
        .into_iter()
        .map(|p| (p.class_label, p.starts_on))
        .collect();
    assert_eq!(
        labels[..2],
        [
            ("5 А".to_string(), d(2026, 9, 1)),
            ("5 В".to_string(), d(2027, 1, 15))
        ]
    );
    assert_eq!(history(&s.db, s.pupil).unwrap()[0].to_class, "5 В");
    // Not even the safety net lets two places overlap.
    let overlap = s.db.conn().execute(
        "INSERT INTO placement (academic_year_id, class_id, student_id, starts_on)
         VALUES (?1, ?2, ?3, '2026-10-01')",
        params![s.year, s.b, s.pupil],
    );
    assert!(overlap.is_err());
}

#[test]
fn orders_and_reasons_are_read_as_people_type_them() {
    let read = |t: &str| orders::parse(t).unwrap();
    let o = read("№ 12-у от 14.01.2027");
    assert_eq!(
        (o.series.as_str(), o.number.as_str(), o.date),
        ("", "12-у", Some(d(2027, 1, 14)))
    );
    assert_eq!(read("12-у от 14.01.2027"), o);
    assert_eq!(read("приказ № 12-у от 14.01.2027 г."), o);
    assert_eq!(read("12-у 14.01.2027"), o);
    let bare = read("№12-у");
    assert_eq!((bare.number.as_str(), bare.date), ("12-у", None));
    let series = read("серия К № 5 от 01.09.2026");
    assert_eq!((series.series.as_str(), series.number.as_str()), ("К", "5"));
    assert_eq!(read("К № 5 от 01.09.2026"), series);
    for bad in ["", "№", "№ 12 от 32.13.2027", "от 20.01.2027"] {
        assert_eq!(
            orders::parse(bad).unwrap_err().code(),
            "not_an_order",
            "{bad}"
        );
    }
    assert_eq!(orders::text(&o), "№ 12-у от 14.01.2027");
    assert_eq!(orders::text(&series), "К № 5 от 01.09.2026");

    for r in DepartureReason::ALL {
        for typed in [
            r.code().to_string(),
            r.label().to_uppercase(),
            r.short().to_string(),
        ] {
            assert_eq!(DepartureReason::parse(&typed), Ok(r), "{typed}");
        }
    }
    assert_eq!(
        DepartureReason::parse("other-school"),
        Ok(DepartureReason::OtherSchool)
    );
    assert_eq!(
        DepartureReason::parse("семейное  образование"),
        Ok(DepartureReason::FamilyEducation)
    );
    let e = DepartureReason::parse("уехал").unwrap_err();
    assert!(e.to_string().contains("перевод в СПО"));
    for k in MovementKind::ALL {
        assert_eq!(MovementKind::from_code(k.code()), k);
    }
}

#[test]
fn a_group_moves_together_or_not_at_all() {
    let s = school();
    let other = students::save(
        &s.db,
        &Student {
            file_number: "п-2".into(),
            class_id: Some(s.a),
            ..student("Орлова", "Мария", "Петровна")
        },
        today(),
    )
    .unwrap()
    .value
    .id
    .unwrap();
    let to_b = |student_id, on| Transfer {
        student_id,
        to_class_id: s.b,
        on,
        order: order("15-у", on),
        note: String::new(),
    };
    // The second is refused (a date outside the year): the first stays where it was.
    let refused = all(
        &s.db,
        &[to_b(s.pupil, d(2027, 1, 15)), to_b(other, d(2027, 9, 15))],
        transfer,
    )
    .unwrap_err();
    assert!(
        refused.to_string().contains("Орлова Мария Петровна"),
        "{refused}"
    );
    assert_eq!(
        names(&s.db, s.year, s.b, Some(d(2027, 1, 20))),
        Vec::<String>::new()
    );
    let moved = all(
        &s.db,
        &[to_b(s.pupil, d(2027, 1, 15)), to_b(other, d(2027, 1, 15))],
        transfer,
    )
    .unwrap();
    assert_eq!(moved.value.len(), 2);
    assert_eq!(
        names(&s.db, s.year, s.b, Some(d(2027, 1, 20))),
        ["Орлова Мария Петровна", "Петров Иван Ильич"]
    );
    let register = orders::register(&s.db, s.year).unwrap();
    assert_eq!(register.len(), 1, "one order moves both");
    assert_eq!(register[0].classes[0].students.len(), 2);
}
