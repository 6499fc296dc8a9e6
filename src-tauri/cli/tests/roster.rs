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

#[test]
fn an_old_systems_windows_1251_list_without_numbers_imports_with_numbers_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["init"]));
    let file = fixture("roster-old-system-cp1251.csv");
    let import = |extra: &[&str]| {
        let mut args = vec!["import", "students", file.as_str()];
        args.extend(extra);
        cli(&db, &args)
    };

    // Without «--create-classes» the classes are unknown: nothing imported.
    let out = import(&["--json"]);
    assert!(!out.status.success());
    assert_eq!(
        json(&out)["errors"][0]["message"]
            .as_str()
            .unwrap()
            .split('.')
            .next(),
        Some("Класса «1 А» в текущем учебном году нет")
    );

    let out = import(&["--create-classes", "--dry-run", "--json"]);
    ok(&out);
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.starts_with(r#"{"added":7,"updated":0,"unchanged":0,"errors":[],"#),
        "the preview's fields first: {text}"
    );
    let report = json(&out);
    let numbers: Vec<(u64, &str, &str)> = report["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["row"].as_u64().unwrap(),
                n["name"].as_str().unwrap(),
                n["file_number"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        numbers,
        vec![
            (2, "Васильев Иван Петрович", "В/1"),
            (3, "Васильева Анна Сергеевна", "В/2"),
            (4, "Абрамов Глеб Ильич", "А/1"),
            (5, "Ёлкина Мария Олеговна", "Е/1"),
            (6, "Борисов Пётр", "Б/1"),
            (7, "Васнецова Ольга Игоревна", "В/3"),
            (8, "Гусейнов Тимур Гусейн оглы", "Г/1"),
        ]
    );
    let classes: Vec<(&str, bool, u64, &str)> = report["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["label"].as_str().unwrap(),
                c["created"].as_bool().unwrap(),
                c["after"].as_u64().unwrap(),
                c["term_scheme"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        classes,
        vec![
            ("1 А", true, 3, "Четверти (1 класс)"),
            ("1 Б", true, 1, "Четверти (1 класс)"),
            ("5 А", true, 2, "Четверти"),
            ("10 А", true, 1, "Полугодия"),
        ]
    );
    assert_eq!(
        (report["imported"].as_bool(), report["dry_run"].as_bool()),
        (Some(false), Some(true))
    );

    // In words, then for real: the same numbers are written.
    let out = import(&["--create-classes"]);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "Классы (учеников до → после):",
        "  1 А: 0 → 3 (новый класс: периоды «Четверти (1 класс)», без звонков)",
        "  10 А: 0 → 1 (новый класс: периоды «Полугодия», без звонков)",
        "Номера личных дел новым ученикам:",
        "  строка 2: Васильев Иван Петрович (1 А) — В/1",
        "  строка 8: Гусейнов Тимур Гусейн оглы (10 А) — Г/1",
        "Загружено: добавлено 7, обновлено 0, без изменений 0.",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
    let school = zavuch_core::Db::open(&db).unwrap();
    let g1 = zavuch_core::students::find_by_file_number(&school, "Г/1").unwrap();
    let guseinov = zavuch_core::students::get(&school, g1.unwrap()).unwrap();
    assert_eq!(guseinov.patronymic, "Гусейн оглы");
    drop(school);

    // Once more: every row is a known student by name and birth date; nothing renumbered.
    let out = import(&["--create-classes", "--json"]);
    ok(&out);
    let report = json(&out);
    assert_eq!(report["unchanged"], 7);
    assert_eq!(report["numbers"], serde_json::json!([]));
    assert_eq!(report["classes"], serde_json::json!([]));
}
