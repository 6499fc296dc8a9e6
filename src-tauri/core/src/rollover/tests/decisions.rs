//! The decisions grid: what is proposed, what is refused, what is stored.

use super::*;
use crate::marks::PeriodKind;
use crate::movement::{self, Departure, DepartureReason};

#[test]
fn proposed_from_the_grade_without_marks() {
    let (_dir, db) = crate::testkit::demo();
    let five = grid(&db, "5 А");
    assert_eq!(five.class_label, "5 А");
    assert!(!five.decisions.is_empty());
    for d in &five.decisions {
        assert_eq!((d.kind, d.stored), (DecisionKind::Promoted, false));
        assert_eq!(d.to_class, "6 А");
        assert!(d.debts.is_empty() && d.failing.is_empty());
    }
    let nine = grid(&db, "9 Б");
    assert!(nine
        .decisions
        .iter()
        .all(|d| d.kind == DecisionKind::Continue && d.to_class == "10 Б"));
    assert!(nine.allowed.contains(&DecisionKind::Continue));
    assert!(!nine.allowed.contains(&DecisionKind::Promoted));
    let eleven = grid(&db, "11 А");
    assert!(eleven
        .decisions
        .iter()
        .all(|d| d.kind == DecisionKind::Finished
            && d.to_class.is_empty()
            && d.departure_reason == Some(DepartureReason::Graduated)));
    assert!(!eleven.allowed.contains(&DecisionKind::Conditional));
    assert_eq!(
        eleven.distinction_allowed,
        [DecisionKind::Finished],
        "only finishing the 11th grade may be with distinction"
    );
    assert_eq!(
        nine.distinction_allowed,
        [DecisionKind::Finished, DecisionKind::Continue]
    );
    assert!(five.distinction_allowed.is_empty());
}

#[test]
fn students_who_left_during_the_year_have_no_decision_and_cannot_get_one() {
    let (_dir, db) = crate::testkit::demo();
    let class = class_id(&db, "7 Б");
    let id = grid(&db, "7 Б").decisions[0].student_id;
    let departure = Departure {
        student_id: id,
        on: date(2027, 2, 10),
        reason: DepartureReason::OtherSchool,
        destination: "МБОУ СОШ № 4 г. Ливны".into(),
        order: crate::people::Order::default(),
        note: String::new(),
    };
    movement::leave(&db, &departure).unwrap();
    let gone = crate::students::get(&db, id).unwrap();
    assert!(grid(&db, "7 Б")
        .decisions
        .iter()
        .all(|d| d.student_id != id));
    let err = d::set(
        &db,
        class,
        &[DecisionInput::new(id, DecisionKind::Promoted)],
    )
    .unwrap_err();
    let field = &err.fields()[0];
    assert_eq!(field.code, "decision_for_departed");
    assert!(
        field.message.contains(&gone.full_name()),
        "{}",
        field.message
    );
    assert!(field.message.contains("10.02.2027"), "{}", field.message);
    assert_eq!(count(&db, "SELECT count(*) FROM council_decision"), 0);
}

/// Gives the student of the class `label` the final mark `value` in the subject named `subject`.
fn final_mark(db: &Db, label: &str, student: i64, subject: &str, value: MarkValue) {
    let class = class_id(db, label);
    let final_period = Period {
        kind: PeriodKind::Final,
        term_id: None,
    };
    let sheet = marks::sheet(db, class, final_period).unwrap();
    let entries = sheet.entries(|k, _, s| {
        (sheet.students[k].student_id == student && s.name == subject).then_some(value)
    });
    marks::set_marks(db, class, final_period, &entries).unwrap();
}

#[test]
fn a_two_or_not_attested_for_the_year_proposes_a_conditional_promotion() {
    let (_dir, db) = crate::testkit::demo();
    let student = grid(&db, "5 А").decisions[2].student_id;
    year_mark(&db, "5 А", student, "Математика", MarkValue::Two);
    let row = grid(&db, "5 А")
        .decisions
        .into_iter()
        .find(|d| d.student_id == student)
        .unwrap();
    assert_eq!((row.kind, row.stored), (DecisionKind::Conditional, false));
    assert_eq!(row.failing, vec!["Математика"]);
    assert_eq!(row.debts.len(), 1);
    assert_eq!(row.debts[0].subject_name, "Математика");
    assert_eq!(row.debts[0].deadline, date(2027, 10, 31));
    assert_eq!(row.to_class, "6 А");

    // In grade 9 the final mark stands for the year's: a «2» for the year mended by a «3».
    let nine = grid(&db, "9 А").decisions[0].student_id;
    year_mark(&db, "9 А", nine, "Алгебра", MarkValue::NotAttested);
    let kind = |db: &Db| {
        grid(db, "9 А")
            .decisions
            .into_iter()
            .find(|d| d.student_id == nine)
            .unwrap()
    };
    assert_eq!(kind(&db).kind, DecisionKind::Conditional);
    final_mark(&db, "9 А", nine, "Алгебра", MarkValue::Three);
    let mended = kind(&db);
    assert_eq!(
        (mended.kind, mended.failing.len()),
        (DecisionKind::Continue, 0)
    );
}

/// «5» in every subject but a pass/fail one («зачтено»): every year mark of an excellent student.
fn all_fives(student: i64) -> impl Fn(i64, &str, bool) -> Option<MarkValue> {
    move |id, _, pass_fail| {
        (id == student).then_some(if pass_fail {
            MarkValue::Passed
        } else {
            MarkValue::Five
        })
    }
}

#[test]
fn every_five_proposes_the_attestat_with_distinction_where_a_level_ends() {
    let (_dir, db) = crate::testkit::demo();
    let row = |label: &str, id: i64| {
        grid(&db, label)
            .decisions
            .into_iter()
            .find(|d| d.student_id == id)
            .unwrap()
    };
    let nine = grid(&db, "9 А").decisions[0].student_id;
    let eleven = grid(&db, "11 А").decisions[0].student_id;
    let five = grid(&db, "5 А").decisions[0].student_id;
    for (label, id) in [("9 А", nine), ("11 А", eleven), ("5 А", five)] {
        year_marks(&db, label, all_fives(id));
    }
    assert!(row("9 А", nine).with_distinction);
    assert!(row("11 А", eleven).with_distinction);
    let promoted = row("5 А", five);
    assert_eq!(
        (promoted.kind, promoted.with_distinction),
        (DecisionKind::Promoted, false)
    );
    // Everyone else has «4»: none proposed.
    let others = grid(&db, "9 А").decisions;
    assert!(others[1..].iter().all(|d| !d.with_distinction));
    // One «4» as the final mark (it stands for the year's) takes the proposal away.
    final_mark(&db, "9 А", nine, "Алгебра", MarkValue::Four);
    assert!(!row("9 А", nine).with_distinction);
    let class = class_id(&db, "9 А");

    // The council decides: stored with distinction without every «5», and without it for the
    // 11th-grader with every «5»; what it stored is shown, not the proposal.
    let other = others[1].student_id;
    d::set(
        &db,
        class,
        &[
            DecisionInput {
                with_distinction: true,
                ..DecisionInput::new(other, DecisionKind::Finished)
            },
            DecisionInput {
                with_distinction: true,
                ..DecisionInput::new(nine, DecisionKind::Continue)
            },
        ],
    )
    .unwrap();
    assert!(row("9 А", other).with_distinction && row("9 А", nine).with_distinction);
    d::set(
        &db,
        class_id(&db, "11 А"),
        &[DecisionInput::new(eleven, DecisionKind::Finished)],
    )
    .unwrap();
    let kept = row("11 А", eleven);
    assert!(kept.stored && !kept.with_distinction);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM council_decision WHERE with_distinction = 1"
        ),
        2
    );
}

#[test]
fn each_rule_refused_naming_the_student_and_nothing_written() {
    let (_dir, db) = crate::testkit::demo();
    let five = grid(&db, "5 А");
    let (a, b) = (&five.decisions[0], &five.decisions[1]);
    let class = class_id(&db, "5 А");
    let math = crate::subjects::by_name(&db, "Математика").unwrap();
    let inputs = [
        DecisionInput::new(a.student_id, DecisionKind::Conditional),
        DecisionInput::new(b.student_id, DecisionKind::Continue),
        DecisionInput {
            to_class: "7 А".into(),
            ..DecisionInput::new(a.student_id, DecisionKind::Promoted)
        },
        DecisionInput {
            subjects: vec![math],
            destination: "Лицей № 1".into(),
            ..DecisionInput::new(b.student_id, DecisionKind::Repeat)
        },
        DecisionInput {
            to_class: "6 Б".into(),
            ..DecisionInput::new(a.student_id, DecisionKind::Left)
        },
        DecisionInput {
            with_distinction: true,
            ..DecisionInput::new(b.student_id, DecisionKind::Promoted)
        },
    ];
    let err = d::set(&db, class, &inputs).unwrap_err();
    let got: Vec<(String, String)> = err
        .fields()
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect();
    let want = [
        ("decisions.0.subjects", "debt_subjects_required"),
        ("decisions.1.kind", "decision_not_for_grade"),
        ("decisions.2.to_class", "to_class_other_grade"),
        ("decisions.3.subjects", "debt_only_for_conditional"),
        ("decisions.3.destination", "destination_only_for_leavers"),
        ("decisions.4.to_class", "to_class_for_leaver"),
        (
            "decisions.5.with_distinction",
            "distinction_not_for_decision",
        ),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    for f in err.fields() {
        let named = [&a.full_name, &b.full_name]
            .iter()
            .any(|n| f.message.contains(n.as_str()));
        assert!(named, "{}", f.message);
    }
    assert_eq!(count(&db, "SELECT count(*) FROM council_decision"), 0);
    // A student of another class.
    let other = grid(&db, "5 Б").decisions[0].student_id;
    let err = d::set(
        &db,
        class,
        &[DecisionInput::new(other, DecisionKind::Promoted)],
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].code, "student_not_in_class");
}

#[test]
fn decisions_stored_shown_and_put_back() {
    let (_dir, db) = crate::testkit::demo();
    let nine = grid(&db, "9 А");
    let (a, b, c) = (
        nine.decisions[0].student_id,
        nine.decisions[1].student_id,
        nine.decisions[2].student_id,
    );
    let class = class_id(&db, "9 А");
    let algebra = crate::subjects::by_name(&db, "алгебра").unwrap();
    let set = d::set(
        &db,
        class,
        &[
            DecisionInput {
                to_class: "10-б".into(),
                ..DecisionInput::new(a, DecisionKind::Continue)
            },
            DecisionInput {
                destination: " Ливенский  аграрный техникум ".into(),
                ..DecisionInput::new(b, DecisionKind::Left)
            },
            DecisionInput {
                subjects: vec![algebra],
                deadline: Some(date(2027, 9, 30)),
                ..DecisionInput::new(c, DecisionKind::Conditional)
            },
        ],
    )
    .unwrap();
    let row = |id: i64| set.decisions.iter().find(|d| d.student_id == id).unwrap();
    assert_eq!((row(a).kind, row(a).stored), (DecisionKind::Continue, true));
    assert_eq!(row(a).to_class, "10 Б");
    assert_eq!(row(b).destination, "Ливенский аграрный техникум");
    assert_eq!(row(b).departure_reason, Some(DepartureReason::Vocational));
    assert_eq!(row(c).to_class, "10 А");
    assert_eq!(row(c).debts[0].subject_name, "Алгебра");
    assert_eq!(row(c).debts[0].deadline, date(2027, 9, 30));
    let untouched = &set.decisions[3];
    assert!(!untouched.stored);

    // The debt's result: both, or neither.
    let debt = row(c).debts[0].id.unwrap();
    let one_only = d::set_debt(
        &db,
        debt,
        date(2027, 9, 30),
        Some(d::DebtResult::Cleared),
        None,
    );
    assert_eq!(one_only.unwrap_err().fields()[0].field, "result_on");
    d::set_debt(
        &db,
        debt,
        date(2027, 9, 30),
        Some(d::DebtResult::Cleared),
        Some(date(2027, 9, 20)),
    )
    .unwrap();
    let cleared = &grid(&db, "9 А").decisions[2].debts[0];
    assert_eq!(cleared.result, Some(d::DebtResult::Cleared));

    // The council of the class; then the decisions put back to the ones proposed.
    let council = d::Council {
        held_on: Some(date(2027, 5, 28)),
        protocol_number: "7".into(),
        order: crate::people::Order {
            series: String::new(),
            number: "112-у".into(),
            date: Some(date(2027, 5, 30)),
        },
    };
    assert_eq!(
        d::set_council(&db, class, &council).unwrap().council,
        council
    );
    let back = d::reset(&db, class, &[a, b]).unwrap();
    assert!(!back.decisions[0].stored && !back.decisions[1].stored);
    assert_eq!(back.decisions[0].to_class, "10 А");
    assert!(back.decisions[2].stored);
    assert_eq!(count(&db, "SELECT count(*) FROM academic_debt"), 1);
}
