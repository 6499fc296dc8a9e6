//! `zavuch-cli import|export|template students`: the JSON contract, exit codes, dry runs and the
//! round trip on the demo school.

mod common;

use common::{backups, cli, json, ok};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

#[test]
fn import_json_contract_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["init"]));
    let file = fixture("roster.xlsx");
    let args = [
        "import",
        "students",
        file.as_str(),
        "--class",
        "1 А",
        "--create-classes",
        "--json",
    ];

    let out = cli(&db, &args);
    assert!(!out.status.success(), "errors prevent the import");
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.starts_with(r#"{"added":2,"updated":0,"unchanged":0,"errors":[{"row":7,"column":"Фамилия","message":"#),
        "{text}"
    );
    let report = json(&out);
    let errors: Vec<(u64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (7, "Фамилия"),
            (7, "Приказ о зачислении: Дата"),
            (11, "Пол (м, ж)"),
            (12, "Фамилия"),
            (12, "Дата рождения"),
        ]
    );
    assert_eq!(
        report["errors"][1]["message"],
        "31.02.2023 — нет такой даты. Проверьте день и месяц."
    );
    assert_eq!(report["imported"], false);
    assert!(backups(&db).is_empty(), "nothing written, no backup");

    let mut valid = args.to_vec();
    valid.push("--valid-only");
    let out = cli(&db, &valid);
    ok(&out);
    let report = json(&out);
    assert_eq!(report["added"], 2);
    assert_eq!(report["imported"], true);
    assert_eq!(backups(&db).len(), 1, "a backup before the write");

    let again = cli(&db, &valid);
    ok(&again);
    let report = json(&again);
    assert_eq!(
        (report["added"].as_i64(), report["unchanged"].as_i64()),
        (Some(0), Some(2))
    );

    // A one-class file without a class: one error for the file, nothing imported.
    let out = cli(&db, &["import", "students", &file, "--json"]);
    assert!(!out.status.success());
    assert_eq!(json(&out)["errors"][0]["row"], 0);
}

#[test]
fn dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["init"]));
    let file = fixture("roster-cp1251.csv");
    let base = [
        "import",
        "students",
        file.as_str(),
        "--class",
        "5А",
        "--create-classes",
        "--valid-only",
        "--json",
    ];
    let mut dry = base.to_vec();
    dry.push("--dry-run");
    let out = cli(&db, &dry);
    ok(&out);
    let report = json(&out);
    assert_eq!(report["added"], 2);
    assert_eq!(report["imported"], false);
    assert!(backups(&db).is_empty());

    // Nothing was written: the real import still adds both, and the class is new then.
    let out = cli(&db, &base);
    ok(&out);
    assert_eq!(json(&out)["added"], 2);
    let export = dir.path().join("5a.xlsx");
    let out = cli(
        &db,
        &[
            "export",
            "students",
            "--class",
            "5 а",
            "-o",
            export.to_str().unwrap(),
        ],
    );
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains(": 2"));
}

#[test]
fn demo_export_imports_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    ok(&cli(&db, &["demo"]));
    let file = dir.path().join("all.xlsx");
    ok(&cli(
        &db,
        &["export", "students", "-o", file.to_str().unwrap()],
    ));
    let out = cli(
        &db,
        &["import", "students", file.to_str().unwrap(), "--json"],
    );
    ok(&out);
    let report = json(&out);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["added"], 0);
    assert_eq!(report["updated"], 0);
    assert!(report["unchanged"].as_i64().unwrap() > 700, "{report}");
    assert!(backups(&db).is_empty(), "nothing to write, no backup");

    let one = dir.path().join("5a.xlsx");
    ok(&cli(
        &db,
        &[
            "export",
            "students",
            "--class",
            "5 А",
            "-o",
            one.to_str().unwrap(),
        ],
    ));
    let out = cli(
        &db,
        &["import", "students", one.to_str().unwrap(), "--json"],
    );
    ok(&out);
    let report = json(&out);
    let n = report["unchanged"].as_i64().unwrap();
    assert!((15..40).contains(&n), "{report}");
}

#[test]
fn templates_need_no_database_and_import_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.zavuch");
    let t = dir.path().join("t.xlsx");
    ok(&cli(
        &db,
        &["template", "students", "-o", t.to_str().unwrap()],
    ));
    assert!(!db.exists(), "the template opens no database");
    let w = dir.path().join("w.xlsx");
    ok(&cli(
        &db,
        &[
            "template",
            "students",
            "--whole-school",
            "-o",
            w.to_str().unwrap(),
        ],
    ));
    ok(&cli(&db, &["init"]));
    let out = cli(
        &db,
        &[
            "import",
            "students",
            t.to_str().unwrap(),
            "--class",
            "1 А",
            "--create-classes",
            "--json",
        ],
    );
    ok(&out);
    assert_eq!(json(&out)["added"], 0);
}

#[test]
fn an_unreadable_file_answers_in_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["init"]));
    let missing = dir.path().join("missing.xlsx");
    let out = cli(
        &db,
        &[
            "import",
            "students",
            missing.to_str().unwrap(),
            "--class",
            "1 А",
            "--json",
        ],
    );
    assert!(!out.status.success());
    let report = json(&out);
    assert_eq!(report["errors"][0]["row"], 0);
    assert_eq!(report["imported"], false);
}
