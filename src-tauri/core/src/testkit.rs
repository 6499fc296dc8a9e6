//! What the core's tests share: the demo school, made once per test binary and copied into a
//! file of its own for each test (making it takes seconds; imports and backups need a file).

use crate::Db;
use std::sync::LazyLock;

static DEMO: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.zavuch");
    let db = Db::open(&path).unwrap();
    crate::demo::create(&db).unwrap();
    drop(db);
    std::fs::read(&path).unwrap()
});

/// The demo school in a temporary folder; the folder goes when the first value is dropped.
pub fn demo() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.zavuch");
    std::fs::write(&path, &*DEMO).unwrap();
    let db = Db::open(&path).unwrap();
    (dir, db)
}

/// The id of the current year (the demo school has one).
pub fn year_id(db: &Db) -> i64 {
    crate::year::current_id(db).unwrap()
}

/// The id of the class `label` («5 А») of the current year.
pub fn class_id(db: &Db, label: &str) -> i64 {
    crate::classes::find_by_label(db, year_id(db), label)
        .unwrap()
        .unwrap()
        .id
        .unwrap()
}
