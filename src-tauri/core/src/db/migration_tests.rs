//! Migrations tested on files of the previous versions: the demo school made by the build
//! before movements (schema 8; `fixtures/demo-v8.zavuch.gz`, trimmed of its timetable, plans,
//! guardians and consents) and hand-made edge cases.

use super::*;
use crate::people::Order;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// A fixture of `fixtures/` (a gzipped school file of an earlier build) as a file of its own.
pub(super) fn fixture(dir: &Path, name: &str) -> PathBuf {
    let gz = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap();
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut bytes)
        .unwrap();
    let path = dir.join("old.zavuch");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The demo school of the build before movements.
fn demo_v8(dir: &Path) -> PathBuf {
    fixture(dir, "demo-v8.zavuch.gz")
}

pub(super) fn version(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// An old card's enrolment and departure, as stored before movements.
#[derive(Debug, Clone, PartialEq)]
struct OldCard {
    enrolled_on: Option<NaiveDate>,
    enrolment: Order,
    departed_on: Option<NaiveDate>,
    reason: Option<String>,
    destination: String,
    departure: Order,
}

fn old_cards(conn: &Connection) -> BTreeMap<i64, OldCard> {
    let mut stmt = conn
        .prepare(
            "SELECT id, enrolled_on, enrolment_order_series, enrolment_order_number,
                    enrolment_order_date, departed_on, departure_reason, departure_destination,
                    departure_order_series, departure_order_number, departure_order_date
               FROM student",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            OldCard {
                enrolled_on: r.get(1)?,
                enrolment: Order {
                    series: r.get(2)?,
                    number: r.get(3)?,
                    date: r.get(4)?,
                },
                departed_on: r.get(5)?,
                reason: r.get(6)?,
                destination: r.get(7)?,
                departure: Order {
                    series: r.get(8)?,
                    number: r.get(9)?,
                    date: r.get(10)?,
                },
            },
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// (student, class, year) of every old place.
fn old_places(conn: &Connection) -> BTreeSet<(i64, i64, i64)> {
    conn.prepare("SELECT student_id, class_id, academic_year_id FROM class_membership")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Individual curricula: id → (student, lines).
fn individual(conn: &Connection) -> BTreeMap<i64, (i64, i64)> {
    conn.prepare(
        "SELECT c.id, c.student_id, (SELECT count(*) FROM curriculum_line l WHERE l.curriculum_id = c.id)
           FROM curriculum c WHERE c.kind = 'individual'",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Students of each class studying on a day, by the old rule (enrolled by then, not departed).
fn old_sizes(conn: &Connection, on: NaiveDate) -> BTreeMap<i64, i64> {
    conn.prepare(
        "SELECT m.class_id, count(*) FROM class_membership m JOIN student s ON s.id = m.student_id
          WHERE (s.enrolled_on IS NULL OR s.enrolled_on <= ?1)
            AND (s.departed_on IS NULL OR s.departed_on > ?1) GROUP BY 1",
    )
    .unwrap()
    .query_map([on], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_demo_school_of_the_previous_version_keeps_every_place_departure_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_v8(dir.path());
    let (cards, places, plans, marks, days) = {
        let old = Connection::open(&path).unwrap();
        assert_eq!(version(&old), 8);
        let days = [day(2026, 9, 1), day(2026, 9, 16), day(2026, 10, 1)];
        let sizes: Vec<_> = days.iter().map(|&d| old_sizes(&old, d)).collect();
        (
            old_cards(&old),
            old_places(&old),
            individual(&old),
            count(&old, "mark"),
            days.into_iter().zip(sizes).collect::<Vec<_>>(),
        )
    };
    assert!(cards.values().filter(|c| c.departed_on.is_some()).count() >= 4);
    assert!(!plans.is_empty(), "the demo has an individual curriculum");

    let db = Db::open(&path).unwrap();
    let conn = db.conn();
    assert_eq!(version(conn), schema_version());
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);

    // Every place, from the enrolment (or the year's start) to the departure.
    let new_places: BTreeSet<(i64, i64, i64)> = conn
        .prepare("SELECT student_id, class_id, academic_year_id FROM placement")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(new_places, places);
    for (student, card) in &cards {
        let p = &crate::movement::placements::placements(&db, *student).unwrap()[0];
        let starts = card.enrolled_on.unwrap_or(p.starts_on).max(day(2026, 9, 1));
        assert_eq!((p.starts_on, p.left_on), (starts, card.departed_on));
        // The enrolment and the departure are movements with their orders.
        let history = crate::movement::history(&db, *student).unwrap();
        let arrival = &history[0];
        assert_eq!(arrival.kind.code(), "arrival");
        assert_eq!(Some(arrival.occurred_on), card.enrolled_on);
        assert_eq!(arrival.order, card.enrolment);
        match card.departed_on {
            Some(on) => {
                let d = &history[1];
                assert_eq!(d.occurred_on, on);
                assert_eq!(d.departure_reason.map(|r| r.code()), card.reason.as_deref());
                assert_eq!(d.destination, card.destination);
                assert_eq!(d.order, card.departure);
                assert_eq!(d.from_class_id, Some(p.class_id));
            }
            None => assert_eq!(history.len(), 1),
        }
    }
    let distinct: BTreeSet<(String, String, Option<NaiveDate>)> = cards
        .values()
        .flat_map(|c| [&c.enrolment, &c.departure])
        .filter(|o| !o.is_empty())
        .map(|o| (o.series.clone(), o.number.clone(), o.date))
        .collect();
    let students_orders: i64 = conn
        .query_row(
            "SELECT count(*) FROM school_order WHERE kind = 'students'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(students_orders, distinct.len() as i64);
    let unkeyed: i64 = conn
        .query_row(
            "SELECT count(*) FROM school_order WHERE number_key = '' AND number <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unkeyed, 0, "the hook folded every number");

    // Individual curricula with their lines, marks, and class sizes on any day as before.
    assert_eq!(individual(conn), plans);
    assert_eq!(count(conn, "mark"), marks);
    let year = crate::year::current_id(&db).unwrap();
    for (on, sizes) in days {
        let now: BTreeMap<i64, i64> = crate::classes::list(&db, year, on)
            .unwrap()
            .into_iter()
            .filter(|c| c.total > 0)
            .map(|c| (c.class.id.unwrap(), i64::from(c.total)))
            .collect();
        assert_eq!(now, sizes, "{on}");
    }
}

/// A broken reference is found by the open's `foreign_key_check` before any migration runs
/// (each migration checks the keys again before it commits).
#[test]
fn a_file_with_a_broken_reference_is_not_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_v8(dir.path());
    {
        let old = Connection::open(&path).unwrap();
        old.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO mark (academic_year_id, student_id, subject_id, period_kind, value)
             SELECT y.id, 99999, s.id, 'year', 'five' FROM academic_year y, subject s LIMIT 1;",
        )
        .unwrap();
    }
    let err = Db::open(&path).err().expect("refused");
    assert_eq!(err.fields()[0].code, "damaged_file");
    let old = Connection::open(&path).unwrap();
    assert_eq!(version(&old), 8, "left as it was");
    assert!(
        crate::backup::list(&path).is_empty(),
        "no upgrade, no copy before it"
    );
    assert_eq!(count(&old, "class_membership"), 752);
}

/// An old file made by hand: the cases the demo lacks.
#[test]
fn old_cards_with_odd_dates_are_carried_as_the_old_rules_read_them() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.create_collation(RU, compare_ru).unwrap();
    let old: Vec<M> = MIGRATION_SQL[..8].iter().map(|&sql| M::up(sql)).collect();
    Migrations::new(old).to_latest(&mut conn).unwrap();
    conn.execute_batch(
        "INSERT INTO academic_year (id, name, starts_on, ends_on, is_current)
              VALUES (1, '2025-2026', '2025-09-01', '2026-08-31', 0),
                     (2, '2026-2027', '2026-09-01', '2027-08-31', 1);
         INSERT INTO class (id, academic_year_id, grade, letter, letter_key) VALUES
              (10, 1, 4, 'А', 'а'), (20, 2, 5, 'А', 'а');
         INSERT INTO student (id, last_name, first_name, name_key, sex, birth_date, enrolled_on,
                              enrolment_order_number, enrolment_order_date, departed_on,
                              departure_reason, departure_destination, departure_order_number,
                              departure_order_date) VALUES
              -- in both years, no dates at all
              (1, 'А', 'А', 'а а', 'male', '2015-01-01', NULL, '', NULL, NULL, NULL, '', '', NULL),
              -- enrolled in 2019, left in October 2026 by an order another student shares
              (2, 'Б', 'Б', 'б б', 'male', '2015-01-01', '2019-09-01', '5-у', '2019-08-25',
                  '2026-10-05', 'other_school', 'МБОУ СОШ № 1', '77-у', '2026-10-05'),
              (3, 'В', 'В', 'в в', 'male', '2015-01-01', '2026-09-10', '77-у', '2026-10-05',
                  NULL, NULL, '', '', NULL),
              -- no class at all: enrolled and gone in the first year
              (4, 'Г', 'Г', 'г г', 'male', '2015-01-01', '2025-10-01', '', NULL,
                  '2026-02-01', 'other', 'Неизвестно', '', NULL);
         INSERT INTO class_membership (academic_year_id, class_id, student_id) VALUES
              (1, 10, 1), (2, 20, 1), (2, 20, 2), (2, 20, 3);
         INSERT INTO curriculum (id, academic_year_id, kind, student_id) VALUES (1, 2, 'individual', 3);
         INSERT INTO curriculum_line (curriculum_id, position, part, course, hours_first, hours_second)
              VALUES (1, 1, 'elective', 'Курс', 1, 1);",
    )
    .unwrap();
    let db = Db::prepare(conn, None).unwrap();
    let conn = db.conn();
    let places: Vec<(i64, i64, String, Option<String>)> = conn
        .prepare("SELECT student_id, class_id, starts_on, left_on FROM placement ORDER BY student_id, starts_on")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let place = |s: i64, c: i64, from: &str, to: Option<&str>| {
        (s, c, from.to_string(), to.map(str::to_string))
    };
    assert_eq!(
        places,
        [
            place(1, 10, "2025-09-01", None),
            place(1, 20, "2026-09-01", None),
            place(2, 20, "2026-09-01", Some("2026-10-05")),
            place(3, 20, "2026-09-10", None),
        ]
    );
    type Row = (i64, Option<i64>, String, String, Option<i64>, Option<i64>);
    let movements: Vec<Row> = conn
        .prepare(
            "SELECT student_id, academic_year_id, kind, occurred_on, coalesce(to_class_id, from_class_id), order_id
               FROM movement ORDER BY student_id, occurred_on",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let shared: i64 = conn
        .query_row(
            "SELECT id FROM school_order WHERE number = '77-у'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let first: i64 = conn
        .query_row(
            "SELECT id FROM school_order WHERE number = '5-у'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let m = |s, y, k: &str, on: &str, c, o| (s, y, k.to_string(), on.to_string(), c, o);
    assert_eq!(
        movements,
        [
            m(1, Some(1), "arrival", "2025-09-01", Some(10), None),
            m(2, None, "arrival", "2019-09-01", None, Some(first)),
            m(
                2,
                Some(2),
                "departure",
                "2026-10-05",
                Some(20),
                Some(shared)
            ),
            m(3, Some(2), "arrival", "2026-09-10", Some(20), Some(shared)),
            m(4, Some(1), "arrival", "2025-10-01", None, None),
            m(4, Some(1), "departure", "2026-02-01", None, None),
        ]
    );
    assert_eq!(count(conn, "school_order"), 2);
    assert_eq!(count(conn, "curriculum_line"), 1);
    let ip: i64 = conn
        .query_row("SELECT student_id FROM curriculum WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(ip, 3);
    // The student without a class who left is not «without a class» any more.
    assert!(crate::students::without_class(&db, 2, day(2026, 9, 1))
        .unwrap()
        .is_empty());
}

/// A file of every earlier schema version (the committed demo files of 8, 11, 12 and 13, and files the
/// migrations up to each version make) is copied before its upgrade: the copy is the file as
/// it was, listed as made «перед обновлением схемы».
#[test]
fn an_older_file_is_copied_before_its_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let made: Vec<(PathBuf, i64)> = (1..schema_version() as usize)
        .map(|v| {
            let path = dir.path().join(format!("v{v}.zavuch"));
            drop(file_of_version(&path, v));
            (path, v as i64)
        })
        .collect();
    let fixtures = [
        ("demo-v8.zavuch.gz", 8),
        ("demo-v11.zavuch.gz", 11),
        ("demo-v12.zavuch.gz", 12),
        ("demo-v13.zavuch.gz", 13),
        ("demo-v14.zavuch.gz", 14),
        ("demo-v15.zavuch.gz", 15),
        ("demo-v16.zavuch.gz", 16),
    ]
    .map(|(name, v)| {
        let own = tempfile::tempdir().unwrap();
        (fixture(own.path(), name), v, own)
    });
    let committed = fixtures.iter().map(|(path, v, _)| (path.clone(), *v));
    for (path, from) in made.into_iter().chain(committed) {
        let db = Db::open(&path).unwrap();
        assert_eq!(version(db.conn()), schema_version());
        let copies = crate::backup::list(&path);
        assert_eq!(copies.len(), 1, "{}", path.display());
        assert_eq!(copies[0].reason, "перед обновлением схемы");
        assert!(copies[0].checked);
        let copy = crate::backup::path_of(&path, &copies[0].id).unwrap();
        assert_eq!(version(&Connection::open(copy).unwrap()), from);
        drop(db);
        Db::open(&path).unwrap();
        assert_eq!(crate::backup::list(&path).len(), 1, "upgraded once");
    }
}

/// Every table's rows, read through the columns the old file has, in rowid order.
pub(super) fn old_columns_content(c: &Connection, tables: &[(String, Vec<String>)]) -> Vec<String> {
    let mut out = Vec::new();
    for (table, columns) in tables {
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = c
            .prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY rowid"))
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<String> = (0..columns.len())
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{table}: {}", values.join("|")));
        }
    }
    out
}

/// Every table of a file with its columns (what a later schema is read through).
pub(super) fn tables(c: &Connection) -> Vec<(String, Vec<String>)> {
    let names: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    names
        .into_iter()
        .map(|t| {
            let columns = c
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{t}') ORDER BY cid"
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            (t, columns)
        })
        .collect()
}
