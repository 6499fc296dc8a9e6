//! Staff movement: hire, transfer, leave with their orders, the history and the register, and
//! every refusal naming the staff member with nothing written.

use super::movement::{self, Hire, Leave, StaffEventKind, StaffTransfer};
use super::tests::{add, d, position_id};
use super::*;
use crate::db::Db;
use crate::error::CoreError;
use crate::people::Order;

fn order(number: &str, date: NaiveDate) -> Order {
    Order {
        series: String::new(),
        number: number.into(),
        date: Some(date),
    }
}

/// A school with Иванова, a teacher at a full rate since 28.08.2015.
fn school() -> (Db, i64) {
    let db = Db::in_memory().unwrap();
    let id = add(&db, "Иванова", "Анна", "Петровна").id.unwrap();
    (db, id)
}

fn transfer(db: &Db, id: i64, position: &str, rate: f64, on: NaiveDate) -> StaffTransfer {
    StaffTransfer {
        staff_member_id: id,
        appointment_id: None,
        staff_position_id: Some(position_id(db, position)),
        rate,
        on,
        order: order("12-к", on),
    }
}

fn leave(id: i64, on: NaiveDate) -> Leave {
    Leave {
        staff_member_id: id,
        appointment_id: None,
        on,
        reason: "по собственному желанию".into(),
        order: order("40-к", on),
    }
}

/// The refusal's code and message.
fn refusal<T: std::fmt::Debug>(res: crate::error::Result<T>) -> (String, String) {
    match res {
        Err(CoreError::Refused(e)) => (e.code, e.message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn appointments(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM appointment", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_transfer_to_another_rate_ends_the_appointment_the_day_before_under_one_order() {
    let (db, id) = school();
    let saved =
        movement::transfer(&db, &transfer(&db, id, "Учитель", 0.5, d(2026, 10, 1))).unwrap();
    assert!(saved.warnings.is_empty());
    let e = saved.value;
    assert_eq!(e.kind, StaffEventKind::Transfer);
    assert_eq!((e.from_rate, e.rate), (Some(1.0), 0.5));
    assert_eq!(e.order_text, "№ 12-к от 01.10.2026");

    let m = get(&db, id).unwrap();
    let old = m.appointments.iter().find(|a| a.rate == 1.0).unwrap();
    let new = m.appointments.iter().find(|a| a.rate == 0.5).unwrap();
    assert_eq!(old.left_on, Some(d(2026, 9, 30)));
    assert_eq!(old.leave_order, new.hire_order);
    assert_eq!(new.transferred_from_id, old.id);
    assert!(m.is_current_on(d(2026, 10, 1)));
    let on_day: Vec<f64> = m
        .appointments
        .iter()
        .filter(|a| a.lasts_on(d(2026, 10, 1)))
        .map(|a| a.rate)
        .collect();
    assert_eq!(
        on_day,
        [0.5],
        "the current appointment is the one open that day"
    );

    let kinds: Vec<_> = movement::history(&db, id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, [StaffEventKind::Hire, StaffEventKind::Transfer]);
    let orders: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM school_order WHERE kind = 'staff' AND number = '12-к'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orders, 1);
}

#[test]
fn hire_and_leave_make_the_history_and_the_register() {
    let (db, id) = school();
    let psychologist = position_id(&db, "Педагог-психолог");
    let hired = movement::hire(
        &db,
        &Hire {
            staff_member_id: id,
            staff_position_id: psychologist,
            rate: 0.25,
            on: d(2026, 9, 1),
            order: order("5-к", d(2026, 8, 30)),
        },
    )
    .unwrap()
    .value;
    assert_eq!(hired.kind, StaffEventKind::Hire);
    assert_eq!(hired.position, "Педагог-психолог");

    let left = movement::leave(&db, &leave(id, d(2027, 6, 30)))
        .unwrap()
        .value;
    assert_eq!(left.kind, StaffEventKind::Leave);
    assert_eq!(left.reason, "по собственному желанию");
    let m = get(&db, id).unwrap();
    assert!(m
        .appointments
        .iter()
        .all(|a| a.left_on == Some(d(2027, 6, 30))));
    assert!(!m.is_current_on(d(2027, 7, 1)));
    assert!(
        m.is_current_on(d(2027, 6, 30)),
        "the leave day is a working day"
    );

    let register = movement::register(&db, d(2026, 9, 1), d(2027, 8, 31)).unwrap();
    let lines: Vec<(String, usize)> = register
        .iter()
        .map(|e| (e.order.number.clone(), e.events.len()))
        .collect();
    assert_eq!(lines, [("5-к".to_string(), 1), ("40-к".to_string(), 2)]);
    assert!(register[1].events[0]
        .summary
        .starts_with("Увольнение с должности"));
}

#[test]
fn an_order_dated_after_the_event_is_written_with_a_warning() {
    let (db, id) = school();
    let mut t = transfer(&db, id, "Учитель", 0.75, d(2026, 10, 1));
    t.order = order("13-к", d(2026, 10, 5));
    let saved = movement::transfer(&db, &t).unwrap();
    assert_eq!(saved.warnings[0].code, "order_after_movement");
    assert_eq!(appointments(&db), 2);
}

#[test]
fn a_transfer_on_the_hire_day_says_to_correct_the_appointment_in_the_card() {
    let (db, id) = school();
    let before = appointments(&db);
    let (code, message) = refusal(movement::transfer(
        &db,
        &transfer(&db, id, "Учитель", 0.5, d(2015, 8, 28)),
    ));
    assert_eq!(code, "staff_transfer_on_hire_day");
    assert!(message.starts_with("Иванова Анна Петровна"), "{message}");
    assert!(message.contains("с 28.08.2015"), "{message}");
    assert!(
        message.contains("исправьте назначение в карточке"),
        "{message}"
    );
    assert!(!message.contains("раньше назначения"), "{message}");
    assert_eq!(appointments(&db), before, "nothing written");
}

#[test]
fn bad_events_are_refused_naming_the_staff_member_and_nothing_is_written() {
    let (db, id) = school();
    let before = appointments(&db);

    let (code, message) = refusal(movement::leave(&db, &leave(id, d(2015, 8, 1))));
    assert_eq!(code, "staff_leave_before_hire");
    assert!(message.starts_with("Иванова Анна Петровна"), "{message}");

    let (code, _) = refusal(movement::transfer(
        &db,
        &transfer(&db, id, "Учитель", 4.0, d(2026, 10, 1)),
    ));
    assert_eq!(code, "rate_out_of_range");

    let (code, message) = refusal(movement::hire(
        &db,
        &Hire {
            staff_member_id: id,
            staff_position_id: position_id(&db, "Учитель"),
            rate: 0.5,
            on: d(2026, 9, 1),
            order: Order::default(),
        },
    ));
    assert_eq!(code, "already_holds_position");
    assert!(message.contains("«Учитель»"), "{message}");

    let (code, _) = refusal(movement::transfer(
        &db,
        &transfer(&db, id, "Учитель", 1.0, d(2026, 10, 1)),
    ));
    assert_eq!(code, "same_appointment");
    assert_eq!(appointments(&db), before, "nothing written");

    // After a leave: a transfer dated inside the closed appointment, a leave after it.
    movement::leave(&db, &leave(id, d(2026, 12, 31))).unwrap();
    let (code, message) = refusal(movement::transfer(
        &db,
        &transfer(&db, id, "Учитель", 0.5, d(2026, 11, 1)),
    ));
    assert_eq!(code, "inside_closed_appointment");
    assert!(message.contains("31.12.2026"), "{message}");
    let (code, _) = refusal(movement::leave(&db, &leave(id, d(2027, 3, 1))));
    assert_eq!(code, "not_working");

    // A leave needs its reason.
    let mut no_reason = leave(id, d(2027, 3, 1));
    no_reason.reason = " ".into();
    assert!(matches!(
        movement::leave(&db, &no_reason),
        Err(CoreError::Invalid(_))
    ));
}

#[test]
fn two_open_positions_need_to_be_told_apart_for_a_transfer() {
    let (db, id) = school();
    movement::hire(
        &db,
        &Hire {
            staff_member_id: id,
            staff_position_id: position_id(&db, "Тьютор"),
            rate: 0.5,
            on: d(2026, 9, 1),
            order: order("3-к", d(2026, 9, 1)),
        },
    )
    .unwrap();
    let t = transfer(&db, id, "Педагог-организатор", 0.5, d(2026, 10, 1));
    let (code, message) = refusal(movement::transfer(&db, &t));
    assert_eq!(code, "which_appointment");
    assert!(message.contains("Тьютор"), "{message}");
    let tutor = get(&db, id)
        .unwrap()
        .appointments
        .into_iter()
        .find(|a| a.position_name == "Тьютор")
        .unwrap();
    let chosen = StaffTransfer {
        appointment_id: tutor.id,
        ..t
    };
    let e = movement::transfer(&db, &chosen).unwrap().value;
    assert_eq!(e.from_position, "Тьютор");
    // The teacher's own position is taken: a transfer there is refused.
    let onto_held = StaffTransfer {
        appointment_id: get(&db, id)
            .unwrap()
            .appointments
            .iter()
            .find(|a| a.left_on.is_none() && a.position_name != "Учитель")
            .and_then(|a| a.id),
        ..transfer(&db, id, "Учитель", 0.5, d(2026, 11, 1))
    };
    assert_eq!(
        refusal(movement::transfer(&db, &onto_held)).0,
        "already_holds_position"
    );
}

#[test]
fn a_staff_member_is_found_by_snils_or_full_name() {
    let (db, id) = school();
    let mut m = get(&db, id).unwrap();
    m.snils = "112-233-445 95".into();
    save(&db, &m, super::tests::today()).unwrap();
    assert_eq!(movement::find(&db, "11223344595").unwrap(), id);
    assert_eq!(movement::find(&db, " иванова  анна петровна").unwrap(), id);
    assert_eq!(
        refusal(movement::find(&db, "Петров Пётр")).0,
        "unknown_staff"
    );
    add(&db, "Иванова", "Анна", "Петровна");
    assert_eq!(
        refusal(movement::find(&db, "Иванова Анна Петровна")).0,
        "ambiguous_staff"
    );
}
