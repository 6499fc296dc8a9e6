//! Migration 0015 (the change log) tested on the demo school made by the build before it
//! (schema 14; `fixtures/demo-v14.zavuch.gz`: the version-13 demo fixture upgraded by the
//! schema-14 build, with one 11 А graduate decided «с отличием» through `rollover decide`): every
//! row stays, the log starts empty, and the first change is logged and sealed.

use super::*;

/// Rows of the tables the log watches, as counts.
fn counts(conn: &Connection) -> Vec<(String, i64)> {
    [
        "student",
        "staff_member",
        "appointment",
        "movement",
        "council_decision",
        "school_order",
    ]
    .iter()
    .map(|t| {
        let n = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        (t.to_string(), n)
    })
    .collect()
}

#[test]
fn the_previous_versions_demo_keeps_its_rows_and_logs_from_the_first_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = super::migration_tests::fixture(dir.path(), "demo-v14.zavuch.gz");
    let before = {
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 14);
        let distinctions: i64 = conn
            .query_row(
                "SELECT sum(with_distinction) FROM council_decision",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(distinctions, 1);
        counts(&conn)
    };
    let db = Db::open(&path).unwrap();
    assert_eq!(counts(db.conn()), before);
    let entries = crate::audit::entries(db.conn(), &Default::default()).unwrap();
    assert!(entries.is_empty(), "{entries:?}");

    let id: i64 = db
        .conn()
        .query_row("SELECT min(id) FROM student", [], |r| r.get(0))
        .unwrap();
    db.write(|c| {
        c.execute(
            "UPDATE student SET note = 'из старого файла' WHERE id = ?1",
            [id],
        )?;
        Ok(())
    })
    .unwrap();
    let entries = crate::audit::entries(db.conn(), &Default::default()).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].student_id, Some(id));
    let check = crate::audit::verify(db.conn()).unwrap();
    assert_eq!(
        (check.entries, check.unsealed, check.intact()),
        (1, 0, true)
    );
}
