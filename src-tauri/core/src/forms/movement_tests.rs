//! The movement report on the demo school with a transfer, a departure and a return added.

use super::class_sizes::{self, RowKind};
use super::movement::{self, MovementReport, MovementRow};
use crate::movement::{
    arrive, leave, transfer, Arrival, Departure, DepartureReason, MovementKind, Origin, Transfer,
};
use crate::people::Order;
use crate::testkit::{class_id, demo, year_id};
use crate::{students, Db};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn order(number: &str, on: NaiveDate) -> Order {
    Order {
        series: String::new(),
        number: number.into(),
        date: Some(on),
    }
}

/// The ids of the first `n` students of a class on 1 September.
fn pupils(db: &Db, class: &str, n: usize) -> Vec<i64> {
    students::list(
        db,
        year_id(db),
        Some(class_id(db, class)),
        Some(d(2026, 9, 1)),
    )
    .unwrap()
    .into_iter()
    .take(n)
    .map(|r| r.id)
    .collect()
}

fn row<'a>(r: &'a MovementReport, label: &str) -> &'a MovementRow {
    r.rows.iter().find(|x| x.label == label).unwrap()
}

/// In 9 А: one transferred to 9 Б on 05.10, one gone to another school on 10.10 and back on
/// 20.10; one of 4 А moved up to 9 Б on 12.10 (a transfer across levels).
fn move_some(db: &Db) {
    let a = pupils(db, "9 А", 2);
    let four = pupils(db, "4 А", 1);
    let to_5b = |student_id, on| Transfer {
        student_id,
        to_class_id: class_id(db, "9 Б"),
        on,
        order: order("15-у", on),
        note: String::new(),
    };
    transfer(db, &to_5b(a[0], d(2026, 10, 5))).unwrap();
    transfer(db, &to_5b(four[0], d(2026, 10, 12))).unwrap();
    leave(
        db,
        &Departure {
            student_id: a[1],
            on: d(2026, 10, 10),
            reason: DepartureReason::OtherSchool,
            destination: "МБОУ СОШ № 3 г. Орла".into(),
            order: order("40-у", d(2026, 10, 9)),
            note: String::new(),
        },
    )
    .unwrap();
    arrive(
        db,
        &Arrival {
            student: students::get(db, a[1]).unwrap(),
            class_id: class_id(db, "9 А"),
            on: d(2026, 10, 20),
            origin: Some(Origin::SameRegion),
            came_from: "МБОУ СОШ № 3 г. Орла".into(),
            order: order("44-у", d(2026, 10, 20)),
            note: String::new(),
        },
        d(2026, 10, 20),
    )
    .unwrap();
}

fn other_school() -> usize {
    DepartureReason::ALL
        .iter()
        .position(|r| *r == DepartureReason::OtherSchool)
        .unwrap()
}

#[test]
fn start_plus_arrived_minus_left_is_the_end_and_agrees_with_class_sizes() {
    let (_dir, db) = demo();
    move_some(&db);
    for (from, to) in [
        (d(2026, 9, 1), d(2026, 10, 31)),
        (d(2026, 10, 5), d(2026, 10, 12)),
        (d(2026, 9, 1), d(2027, 5, 31)),
    ] {
        let r = movement::compute(&db, from, to).unwrap();
        for x in &r.rows {
            assert_eq!(
                x.start + x.arrived() - x.left(),
                x.end,
                "{} {from}–{to}",
                x.label
            );
        }
        for (on, figure) in [(from, 0), (to, 1)] {
            let sizes = class_sizes::compute(&db, Some(on)).unwrap();
            let pick = |x: &MovementRow| [x.start, x.end][figure];
            let ours: Vec<(String, i32)> =
                r.rows.iter().map(|x| (x.label.clone(), pick(x))).collect();
            let theirs: Vec<(String, i32)> = sizes
                .rows
                .iter()
                .map(|x| (x.label.clone(), x.total))
                .collect();
            assert_eq!(ours, theirs, "class sizes on {on}");
        }
    }
}

#[test]
fn a_transfer_a_departure_and_a_return_are_counted_where_they_belong() {
    let (_dir, db) = demo();
    let period = (d(2026, 9, 1), d(2026, 10, 31));
    let before = movement::compute(&db, period.0, period.1).unwrap();
    move_some(&db);
    let after = movement::compute(&db, period.0, period.1).unwrap();
    let delta = |label: &str| {
        let (b, a) = (row(&before, label), row(&after, label));
        let mut x = a.clone();
        x.start -= b.start;
        x.end -= b.end;
        x.arrived_by
            .iter_mut()
            .zip(b.arrived_by)
            .for_each(|(x, y)| *x -= y);
        x.left_by
            .iter_mut()
            .zip(b.left_by)
            .for_each(|(x, y)| *x -= y);
        x
    };
    let inside_in = movement::ARRIVAL_COLUMNS - 1;
    let inside_out = movement::DEPARTURE_COLUMNS - 1;
    let same_region = Origin::ALL
        .iter()
        .position(|o| *o == Origin::SameRegion)
        .unwrap();
    // 9 А: one to 9 Б, one to another school and back.
    let a = delta("9 А");
    assert_eq!((a.start, a.end), (0, -1));
    assert_eq!(a.left_by[inside_out], 1);
    assert_eq!(a.left_by[other_school()], 1);
    assert_eq!(a.arrived_by[same_region], 1);
    // 9 Б: two from other classes.
    assert_eq!(delta("9 Б").arrived_by[inside_in], 2);
    // 5–9: the one from 4 А came from another level; the move 9 А → 9 Б is inside.
    let level = delta("Итого 5–9 классы");
    assert_eq!(
        (level.arrived_by[inside_in], level.left_by[inside_out]),
        (1, 0)
    );
    assert_eq!(delta("Итого 1–4 классы").left_by[inside_out], 1);
    // The school: no transfers, the departure and the return.
    let school = delta("Всего по школе");
    assert_eq!(
        (school.arrived_by[inside_in], school.left_by[inside_out]),
        (0, 0)
    );
    assert_eq!((school.arrived(), school.left(), school.end), (1, 1, 0));
    // The list: the four movements of the period, by date.
    let kinds: Vec<(MovementKind, String)> = after
        .lines
        .iter()
        .filter(|l| l.on >= d(2026, 10, 5) && l.on <= d(2026, 10, 20))
        .map(|l| (l.kind, l.class.clone()))
        .collect();
    assert!(
        kinds.contains(&(MovementKind::Transfer, "9 А → 9 Б".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(MovementKind::Departure, "9 А".into())),
        "{kinds:?}"
    );
}

#[test]
fn a_period_outside_the_years_or_reversed_is_refused() {
    let (_dir, db) = demo();
    for (from, to, code) in [
        (d(2026, 8, 1), d(2026, 10, 1), "outside_year"),
        (d(2026, 9, 1), d(2027, 9, 1), "outside_year"),
        (d(2026, 10, 1), d(2026, 9, 1), "period_reversed"),
    ] {
        let e = movement::compute(&db, from, to).unwrap_err();
        assert_eq!(e.fields()[0].code, code, "{from}–{to}");
    }
}

#[test]
fn the_pdf_and_the_workbook_carry_the_figures() {
    let (_dir, db) = demo();
    move_some(&db);
    let r = movement::compute(&db, d(2026, 9, 1), d(2026, 10, 31)).unwrap();
    let pdf = movement::pdf(&r);
    assert!(pdf.starts_with(b"%PDF"));
    let xlsx = movement::xlsx(&r).unwrap();
    assert!(xlsx.starts_with(b"PK"));
    assert_eq!(r.school_total().kind, RowKind::School);
    assert_eq!(
        movement::figure_titles().len(),
        r.school_total().figures().len()
    );
}

#[test]
fn an_order_of_the_register_opens_as_the_draft_its_number_finds() {
    let (_dir, db) = demo();
    move_some(&db);
    let register = crate::movement::orders::register(&db, year_id(&db)).unwrap();
    let entry = register
        .iter()
        .find(|e| e.order.number == "15-у" && e.order.issued_on == Some(d(2026, 10, 5)))
        .unwrap();
    let by_id = super::orders::draft(&db, entry.order.id).unwrap();
    let by_number = super::orders::find(&db, "15-у", Some(d(2026, 10, 5))).unwrap();
    assert_eq!(by_id, by_number);
    assert_eq!(by_id.movements.len(), 1);
    assert_eq!(by_id.movements[0].kind, MovementKind::Transfer);
    let e = super::orders::draft(&db, 99_999).unwrap_err();
    assert_eq!(e.code(), "not_found");
}
