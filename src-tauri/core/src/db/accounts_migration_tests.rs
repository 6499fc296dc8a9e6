//! Migration 0016 (accounts) tested on the demo school made by the build before it (schema 15;
//! `fixtures/demo-v15.zavuch.gz`: the version-14 demo fixture upgraded by the schema-15 build,
//! its short name changed through `school set`, so its change log holds one sealed entry): every
//! row stays, the log's chain stays intact, there are no accounts, and the file opens as the
//! administrator's.

use super::migration_tests::{old_columns_content, tables};
use super::*;

#[test]
fn the_previous_versions_demo_keeps_its_rows_and_its_log_and_has_no_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = super::migration_tests::fixture(dir.path(), "demo-v15.zavuch.gz");
    let (old_tables, before) = {
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 15);
        let t = tables(&conn);
        let content = old_columns_content(&conn, &t);
        (t, content)
    };
    let db = Db::open(&path).unwrap();
    assert_eq!(db.role(), crate::accounts::Role::Administrator);
    assert!(crate::accounts::list(&db).unwrap().is_empty());
    // Read through the tables and columns the old file has (later schemas add more): every
    // row is as it was.
    let after = db
        .read(|c| Ok(old_columns_content(c, &old_tables)))
        .unwrap();
    assert_eq!(after, before);
    let chain = crate::audit::verify(db.conn()).unwrap();
    assert!(chain.intact(), "{chain:?}");
}
