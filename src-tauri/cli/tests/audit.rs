//! `audit list` and `audit verify`: the change log as a script or an inspector reads it.

mod common;

use common::{cli, json, ok};
use std::process::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

fn cli_as(user: &str, db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZAVUCH_DB")
        .env("USER", user)
        .output()
        .unwrap()
}

#[test]
fn changes_imports_and_a_tampered_log_as_the_cli_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli_as("admin", &db, &["demo"]));
    let roster = format!("{FIXTURES}/roster.xlsx");
    ok(&cli_as(
        "secretary",
        &db,
        &[
            "import",
            "students",
            &roster,
            "--class",
            "1 А",
            "--create-classes",
            "--valid-only",
        ],
    ));
    ok(&cli_as(
        "admin",
        &db,
        &["school", "set", "--short-name", "СОШ № 3"],
    ));

    let all = json(&cli(&db, &["audit", "list", "--json"]));
    let entries = all.as_array().unwrap();
    // Newest first: the card's change, then the import as one entry with its counts.
    assert_eq!(entries[0]["actor"], "admin");
    assert_eq!(entries[0]["entity"], "school");
    assert_eq!(entries[0]["action"], "update");
    let change = &entries[0]["changes"][0];
    assert_eq!(
        (change["field"].as_str(), change["new"].as_str()),
        (Some("short_name"), Some("СОШ № 3"))
    );
    let import = entries.iter().find(|e| e["action"] == "import").unwrap();
    assert_eq!(import["actor"], "secretary");
    assert_eq!(import["summary"], "добавлено: 2, изменено: 0");
    assert!(
        entries.iter().all(|e| e["entity"] != "student"),
        "the imported students are one entry, not one each"
    );

    let by_secretary = json(&cli(
        &db,
        &["audit", "list", "--actor", "secretary", "--json"],
    ));
    assert!(by_secretary
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"] == "secretary"));
    let text = String::from_utf8(cli(&db, &["audit", "list", "--limit", "1"]).stdout).unwrap();
    assert!(text.contains("admin  Карта школы — изменено"), "{text}");
    assert!(text.contains("short_name: "), "{text}");

    let verified = cli(&db, &["audit", "verify", "--json"]);
    ok(&verified);
    assert_eq!(json(&verified)["broken_at"], serde_json::Value::Null);

    // Someone with the file and sqlite3 rewrites who made the import.
    let id = import["id"].as_i64().unwrap();
    let tamper = Command::new("sqlite3")
        .arg(&db)
        .arg(format!(
            "DROP TRIGGER audit_log_sealed_update; UPDATE audit_log SET actor = 'admin' WHERE id = {id};"
        ))
        .status()
        .unwrap();
    assert!(tamper.success());
    let broken = cli(&db, &["audit", "verify"]);
    assert!(!broken.status.success());
    let said = String::from_utf8(broken.stdout).unwrap();
    assert!(said.contains(&format!("запись {id} изменена")), "{said}");
}
