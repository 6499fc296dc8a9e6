//! Migration 0017 (the timetable generator's data) tested on the demo school made by the build
//! before it (schema 16; `fixtures/demo-v16.zavuch.gz`: `zavuch-cli demo` of that build, vacuumed,
//! with its 971 lessons): every
//! row of every table keeps every value it had, the new columns hold «nothing» (no lesson
//! locked, no pairs, no preferred room) and the new tables are empty.

use super::migration_tests::{old_columns_content, tables};
use super::*;

#[test]
fn the_previous_versions_demo_keeps_every_value_and_gains_empty_wishes() {
    let dir = tempfile::tempdir().unwrap();
    let path = super::migration_tests::fixture(dir.path(), "demo-v16.zavuch.gz");
    let (old_tables, before) = {
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 16);
        let t = tables(&conn);
        let content = old_columns_content(&conn, &t);
        (t, content)
    };
    let db = Db::open(&path).unwrap();
    let after = db
        .read(|c| Ok(old_columns_content(c, &old_tables)))
        .unwrap();
    assert_eq!(after, before);
    let count = |sql: &str| -> i64 { db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(count("SELECT count(*) FROM timetable_entry") > 900);
    assert_eq!(
        count("SELECT count(*) FROM timetable_entry WHERE locked <> 0"),
        0
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM teaching_load
              WHERE paired_lessons <> 0 OR preferred_room_id IS NOT NULL"
        ),
        0
    );
    for table in [
        "teacher_wish",
        "teacher_unavailable",
        "timetable_version",
        "timetable_version_entry",
    ] {
        assert_eq!(
            count(&format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    let chain = crate::audit::verify(db.conn()).unwrap();
    assert!(chain.intact(), "{chain:?}");
}
