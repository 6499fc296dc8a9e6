//! The school file belongs to the school: an unencrypted file stays readable and writable by the
//! stock `sqlite3` of Debian 12 (SQLite 3.40), with no collation, function or feature of ours in
//! its schema. Run with Debian's `sqlite3` (`.ci/install` installs it).

mod common;

use common::{cli, ok};
use std::path::Path;
use std::process::Command;

/// Runs SQL through the `sqlite3` command on the file; its output, or its error.
fn sqlite3(db: &Path, sql: &str) -> Result<String, String> {
    let out = Command::new("sqlite3")
        .arg("-bail")
        .arg(db)
        .arg(sql)
        .output()
        .expect("sqlite3 (apt package sqlite3) is needed");
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn the_demo_school_reads_and_writes_with_debians_sqlite3() {
    let version = sqlite3(Path::new(":memory:"), "SELECT sqlite_version();").unwrap();
    println!("sqlite3 {}", version.trim());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["demo"]));

    // The schema names nothing the stock program lacks.
    let schema = sqlite3(&db, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL;").unwrap();
    assert!(!schema.to_uppercase().contains("COLLATE RU"), "{schema}");
    assert_eq!(
        sqlite3(&db, "PRAGMA integrity_check;").unwrap().trim(),
        "ok"
    );
    assert_eq!(
        sqlite3(&db, "PRAGMA foreign_key_check;").unwrap().trim(),
        ""
    );

    // Every table and view reads whole.
    let names = sqlite3(
        &db,
        "SELECT type || ' ' || name FROM sqlite_master \
         WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name;",
    )
    .unwrap();
    let mut tables = Vec::new();
    for line in names.lines() {
        let (kind, name) = line.split_once(' ').unwrap();
        sqlite3(&db, &format!("SELECT * FROM \"{name}\";"))
            .unwrap_or_else(|e| panic!("{kind} {name}: {e}"));
        if kind == "table" {
            tables.push(name.to_string());
        }
    }
    assert!(tables.len() > 40, "{tables:?}");

    // Every table takes an update of each of its rows (its triggers and checks run in 3.40),
    // then everything is rolled back.
    // The change log is append-only, in sqlite3 as in the program.
    let mut sql = String::from("BEGIN;");
    for t in tables.iter().filter(|t| *t != "audit_log") {
        sql.push_str(&format!("UPDATE \"{t}\" SET rowid = rowid;"));
    }
    sql.push_str("ROLLBACK;");
    let wrote = sqlite3(&db, &sql);
    assert!(wrote.is_ok(), "{wrote:?}");
    let logged = sqlite3(&db, "UPDATE audit_log SET actor = 'никто';");
    assert!(logged.is_err_and(|e| e.contains("append-only")));

    // A real edit by hand survives, and the program still opens the file after it.
    sqlite3(
        &db,
        "UPDATE school SET full_name = full_name || ' (правка sqlite3)';",
    )
    .unwrap();
    let shown = cli(&db, &["school", "show"]);
    ok(&shown);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("правка sqlite3"));
}
