//! Migration 0014 (the attestat with distinction on the council's decision) tested on the demo
//! school made by the build before it (schema 13; `fixtures/demo-v13.zavuch.gz`, trimmed of its
//! timetable, plans, marks, guardians and consents, with decisions of 9 А, 9 Б, 11 А and 5 А
//! set through `zavuch-cli rollover decide`).

use super::*;
use crate::rollover::decisions::{self, DecisionInput, DecisionKind};

/// Every stored decision, each row of the columns before the migration as a JSON array.
fn decision_rows(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT json_array(id, academic_year_id, class_id, student_id, decision, to_letter,
                               destination, departure_reason)
               FROM council_decision ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn the_previous_versions_decisions_are_kept_without_distinction_and_it_can_be_set() {
    let dir = tempfile::tempdir().unwrap();
    let path = super::migration_tests::fixture(dir.path(), "demo-v13.zavuch.gz");
    let (before, debts) = {
        let conn = Connection::open(&path).unwrap();
        assert_eq!(super::migration_tests::version(&conn), 13);
        let debts: i64 = conn
            .query_row("SELECT count(*) FROM academic_debt", [], |r| r.get(0))
            .unwrap();
        (decision_rows(&conn), debts)
    };
    assert!(before.len() > 20, "the fixture has decisions");
    let db = Db::open(&path).unwrap();
    let conn = db.conn();
    assert_eq!(decision_rows(conn), before, "every decision kept as it was");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM council_decision WHERE with_distinction = 0"),
        before.len() as i64
    );
    assert_eq!(count("SELECT count(*) FROM academic_debt"), debts);

    // The column is usable: a 9th-grader who finished gets the attestat with distinction; the
    // other stored decisions of the class stay, and the database refuses any other value.
    let (class, student) = conn
        .query_row(
            "SELECT d.class_id, d.student_id FROM council_decision d
               JOIN class c ON c.id = d.class_id
              WHERE c.grade = 9 AND d.decision = 'finished'",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        )
        .unwrap();
    let grid = decisions::set(
        &db,
        class,
        &[DecisionInput {
            with_distinction: true,
            ..DecisionInput::new(student, DecisionKind::Finished)
        }],
    )
    .unwrap();
    let row = grid
        .decisions
        .iter()
        .find(|d| d.student_id == student)
        .unwrap();
    assert!(row.stored && row.with_distinction);
    let stored_before: i64 = conn
        .query_row(
            "SELECT count(*) FROM council_decision WHERE class_id = ?1",
            [class],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        grid.decisions.iter().filter(|d| d.stored).count() as i64,
        stored_before
    );
    assert!(conn
        .execute("UPDATE council_decision SET with_distinction = 2", [])
        .is_err());
}
