//! `zavuch-cli` as scripts and the district use it: its commands, JSON and exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZAVUCH_DB")
        .output()
        .expect("zavuch-cli runs")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn init_creates_the_current_year_with_usual_schemes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.zavuch");
    let out = cli(&db, &["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let show = json(&cli(&db, &["school", "show", "--json"]));
    let years = show["academic_years"].as_array().unwrap();
    assert_eq!(years.len(), 1);
    assert_eq!(years[0]["is_current"], true);
    let schemes: Vec<&str> = years[0]["term_schemes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(schemes.contains(&"Четверти"), "{schemes:?}");
    assert!(show["subjects"].as_array().unwrap().len() >= 25);
    assert_eq!(show["school"]["full_name"], "");
}

#[test]
fn demo_and_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    assert!(cli(&db, &["demo"]).status.success());
    let show = json(&cli(&db, &["school", "show", "--json"]));
    assert_eq!(show["school"]["inn"], "5702007616");
    assert_eq!(show["school"]["week_days"], 5);
    let year = &show["academic_years"][0];
    assert_eq!(year["name"], "2026-2027");
    assert_eq!(year["starts_on"], "2026-09-01");
    let quarters = &year["term_schemes"][0];
    assert_eq!(quarters["name"], "Четверти");
    assert_eq!(quarters["terms"].as_array().unwrap().len(), 4);
    let main = show["bell_schedules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "Основное")
        .expect("«Основное»");
    assert_eq!(main["bells"].as_array().unwrap().len(), 7);
    assert_eq!(main["bells"][0]["starts_at"], "08:30");
    let rooms = show["rooms"].as_array().unwrap();
    assert!(rooms.len() >= 40);
    assert!(rooms[0]["equipment"].as_array().unwrap().len() > 1);

    // The text form is for people: Russian, dates as dd.mm.yyyy.
    let text = cli(&db, &["school", "show"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Учебный год 2026-2027 (текущий): 01.09.2026 – 31.08.2027"),
        "{text}"
    );
}

#[test]
fn demo_refuses_a_school_file_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    assert!(cli(&db, &["demo"]).status.success());
    let again = cli(&db, &["demo"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("уже содержит школу"));
}

#[test]
fn a_file_that_is_not_a_school_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("list.xlsx");
    std::fs::write(&db, b"PK\x03\x04 spreadsheet").unwrap();
    let out = cli(&db, &["school", "show", "--json"]);
    assert!(!out.status.success());
    let payload: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(payload["code"], "not_sqlite");
    assert_eq!(std::fs::read(&db).unwrap(), b"PK\x03\x04 spreadsheet");
}

#[test]
fn backup_is_a_school_file_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    let copy = dir.path().join("copy.zavuch");
    assert!(cli(&db, &["demo"]).status.success());
    assert!(cli(&db, &["backup", "-o", copy.to_str().unwrap()])
        .status
        .success());
    let a = json(&cli(&db, &["school", "show", "--json"]));
    let b = json(&cli(&copy, &["school", "show", "--json"]));
    assert_eq!(a, b);
}
