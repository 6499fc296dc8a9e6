//! Migration 0012 (staff movement) tested on the demo school made by the build before it
//! (schema 11; `fixtures/demo-v11.zavuch.gz`, trimmed of its timetable, plans, marks, guardians
//! and consents) and on a hand-made edge case.

use super::*;
use crate::people::Order;
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn demo_v11(dir: &Path) -> PathBuf {
    super::migration_tests::fixture(dir, "demo-v11.zavuch.gz")
}

/// An old appointment: member, position, rate, hire date and order, leave date and order.
type OldAppointment = (
    i64,
    i64,
    f64,
    Option<NaiveDate>,
    Order,
    Option<NaiveDate>,
    Order,
);

fn old_appointments(conn: &Connection) -> BTreeMap<i64, OldAppointment> {
    let mut stmt = conn
        .prepare(
            "SELECT id, staff_member_id, staff_position_id, rate, hired_on, hire_order_series,
                    hire_order_number, hire_order_date, left_on, leave_order_series,
                    leave_order_number, leave_order_date FROM appointment",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let order = |at: usize| -> rusqlite::Result<Order> {
            Ok(Order {
                series: r.get(at)?,
                number: r.get(at + 1)?,
                date: r.get(at + 2)?,
            })
        };
        Ok((
            r.get(0)?,
            (
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                order(5)?,
                r.get(8)?,
                order(9)?,
            ),
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn every_appointment_of_the_previous_version_keeps_its_dates_and_orders() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_v11(dir.path());
    let (old, students_orders) = {
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 11);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM school_order", [], |r| r.get(0))
            .unwrap();
        (old_appointments(&conn), n)
    };
    assert!(old.values().filter(|a| a.5.is_some()).count() >= 3);

    let db = Db::open(&path).unwrap();
    let mut carried = BTreeMap::new();
    for m in crate::staff::all_members(db.conn()).unwrap() {
        for a in m.appointments {
            let value = (
                m.id.unwrap(),
                a.staff_position_id,
                a.rate,
                a.hired_on,
                a.hire_order,
                a.left_on,
                a.leave_order,
            );
            carried.insert(a.id.unwrap(), value);
        }
    }
    assert_eq!(carried, old);

    // One order of the book on staff per distinct order; the students' book as it was.
    let conn = db.conn();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let distinct: std::collections::BTreeSet<_> = old
        .values()
        .flat_map(|a| [&a.4, &a.6])
        .filter(|o| !o.is_empty())
        .map(|o| (o.series.clone(), o.number.clone(), o.date))
        .collect();
    assert_eq!(
        count("SELECT count(*) FROM school_order WHERE kind = 'staff'"),
        distinct.len() as i64
    );
    assert_eq!(
        count("SELECT count(*) FROM school_order WHERE kind = 'students'"),
        students_orders
    );
    assert_eq!(
        count("SELECT count(*) FROM school_order WHERE number_key = '' AND number <> ''"),
        0
    );

    // The history tells a hire for each appointment and a leave for each one ended.
    let year = crate::year::current(&db).unwrap().unwrap();
    let leaves = old.values().filter(|a| a.5.is_some()).count();
    let member = old.values().find(|a| a.5.is_some()).unwrap().0;
    let history = crate::staff::movement::history(&db, member).unwrap();
    assert_eq!(history.last().unwrap().kind.code(), "leave");
    let all = crate::staff::movement::register(
        &db,
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
        year.ends_on.unwrap(),
    )
    .unwrap();
    let events: usize = all.iter().map(|e| e.events.len()).sum();
    assert_eq!(events, old.len() + leaves);
}

/// Two appointments sharing one order typed the same, an order without a date, no order.
#[test]
fn shared_and_partial_orders_are_carried_once_each() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.create_collation(RU, compare_ru).unwrap();
    let old: Vec<M> = MIGRATION_SQL[..11].iter().map(|&sql| M::up(sql)).collect();
    Migrations::new(old).to_latest(&mut conn).unwrap();
    conn.execute_batch(
        "INSERT INTO staff_member (id, last_name, first_name, sex) VALUES
              (1, 'Иванова', 'Анна', 'female'), (2, 'Петров', 'Пётр', 'male');
         INSERT INTO appointment (id, staff_member_id, staff_position_id, rate, hired_on,
                                  hire_order_series, hire_order_number, hire_order_date,
                                  left_on, leave_order_number, leave_order_date) VALUES
              (1, 1, 5, 1, '2020-09-01', '', '12-К', '2020-08-30', '2026-06-30', '40-к', NULL),
              (2, 2, 5, 0.5, '2020-09-01', '', '12-К', '2020-08-30', NULL, '', NULL),
              (3, 2, 8, 0.25, NULL, '', '', NULL, NULL, '', NULL);",
    )
    .unwrap();
    let db = Db::prepare(conn, None).unwrap();
    let rows: Vec<(i64, Option<i64>, Option<i64>)> = db
        .conn()
        .prepare("SELECT id, hire_order_id, leave_order_id FROM appointment ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let shared = rows[0].1.unwrap();
    assert_eq!(rows[1].1, Some(shared), "one order for both hires");
    assert!(rows[0].2.is_some_and(|l| l != shared));
    assert_eq!((rows[2].1, rows[2].2), (None, None));
    let orders: Vec<(String, String, String, Option<String>)> = db
        .conn()
        .prepare("SELECT kind, number, number_key, issued_on FROM school_order ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(orders.len(), 2);
    assert!(orders.iter().all(|o| o.0 == "staff" && !o.2.is_empty()));
    assert!(orders.iter().any(|o| o.1 == "40-к" && o.3.is_none()));
}
