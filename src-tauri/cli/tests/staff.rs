//! `zavuch-cli import|export|template staff`: the JSON contract, exit codes, positions created on
//! request, dry runs and the round trip on the demo school.

mod common;

use calamine::{Data, Reader};
use common::{backups, cli, json, ok};
use std::path::{Path, PathBuf};
use zavuch_core::exchange::{OutRow, Value};
use zavuch_core::staff_roster;

const KEYS: [&str; 8] = [
    "last_name",
    "first_name",
    "patronymic",
    "sex",
    "snils",
    "position",
    "rate",
    "category",
];

/// A staff list as .xlsx in the format's own layout.
fn staff_file(dir: &Path, name: &str, lines: &[[&str; 8]]) -> PathBuf {
    let rows: Vec<OutRow> = lines
        .iter()
        .map(|line| {
            KEYS.iter()
                .zip(line)
                .map(|(k, v)| (*k, Value::text(*v)))
                .collect()
        })
        .collect();
    let path = dir.join(name);
    staff_roster::format()
        .save_xlsx(&path, None, &rows)
        .unwrap();
    path
}

const SOKOLOVA: [&str; 8] = [
    "Соколова",
    "Ирина",
    "Петровна",
    "ж",
    "112-233-445 95",
    "Учитель",
    "1",
    "Высшая",
];
const SOKOLOVA_GUARD: [&str; 8] = [
    "Соколова",
    "Ирина",
    "Петровна",
    "ж",
    "112-233-445 95",
    "Сторож",
    "0,5",
    "Высшая",
];
const IVANOV_BAD_SNILS: [&str; 8] = [
    "Иванов",
    "Пётр",
    "Ильич",
    "м",
    "112-233-445 96",
    "Директор",
    "1",
    "",
];

fn init(dir: &Path) -> PathBuf {
    let db = dir.join("school.zavuch");
    ok(&cli(&db, &["init"]));
    db
}

#[test]
fn import_json_contract_exit_codes_and_created_positions() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let file = staff_file(dir.path(), "staff.xlsx", &[SOKOLOVA, SOKOLOVA_GUARD]);
    let file = file.to_str().unwrap();

    let out = cli(&db, &["import", "staff", file, "--json"]);
    assert!(
        !out.status.success(),
        "an unknown position prevents the import"
    );
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.starts_with(r#"{"added":1,"updated":0,"unchanged":0,"errors":[{"row":4,"column":"Должность","message":"Должности «Сторож» нет в справочнике."#),
        "{text}"
    );
    let report = json(&out);
    assert_eq!(report["imported"], false);
    assert!(backups(&db).is_empty(), "nothing written, no backup");

    let out = cli(
        &db,
        &["import", "staff", file, "--create-positions", "--json"],
    );
    ok(&out);
    let report = json(&out);
    assert_eq!(report["added"], 2);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["imported"], true);
    assert_eq!(backups(&db).len(), 1, "a backup before the write");

    let again = cli(&db, &["import", "staff", file, "--json"]);
    ok(&again);
    let report = json(&again);
    assert_eq!(
        (report["added"].as_i64(), report["unchanged"].as_i64()),
        (Some(0), Some(2)),
        "one person with two positions, not duplicated"
    );
}

#[test]
fn valid_only_and_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let file = staff_file(dir.path(), "staff.xlsx", &[SOKOLOVA, IVANOV_BAD_SNILS]);
    let file = file.to_str().unwrap();

    let out = cli(&db, &["import", "staff", file]);
    assert!(!out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Ошибка: строка 4, столбец «СНИЛС»: Контрольное число СНИЛС не сходится"),
        "{text}"
    );
    assert!(text.contains("--valid-only"), "{text}");

    let dry = cli(
        &db,
        &[
            "import",
            "staff",
            file,
            "--valid-only",
            "--dry-run",
            "--json",
        ],
    );
    ok(&dry);
    let report = json(&dry);
    assert_eq!(
        (report["added"].as_i64(), report["dry_run"].as_bool()),
        (Some(1), Some(true))
    );
    assert_eq!(report["imported"], false);

    // Nothing was written by the dry run: the export is empty and the real import adds the row.
    let export = dir.path().join("out.xlsx");
    let out = cli(&db, &["export", "staff", "-o", export.to_str().unwrap()]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains(": 0 "));
    let out = cli(&db, &["import", "staff", file, "--valid-only", "--json"]);
    ok(&out);
    assert_eq!(json(&out)["added"], 1);
}

#[test]
fn demo_export_imports_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    ok(&cli(&db, &["demo"]));
    let file = dir.path().join("staff.xlsx");
    let out = cli(&db, &["export", "staff", "-o", file.to_str().unwrap()]);
    ok(&out);

    let mut book = calamine::open_workbook_auto(&file).unwrap();
    let sheet = book.worksheet_range("Сотрудники").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(Data::to_string)
        .collect();
    assert_eq!(
        header[..4],
        ["Фамилия", "Имя", "Отчество", "Пол"].map(String::from)
    );
    assert!(
        header.contains(&"Приказ о приёме".to_string()),
        "{header:?}"
    );
    let rows = sheet.height() - 2;
    assert!(rows > 40, "{rows} rows");

    let out = cli(&db, &["import", "staff", file.to_str().unwrap(), "--json"]);
    ok(&out);
    let report = json(&out);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(
        (report["added"].as_i64(), report["updated"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(report["unchanged"].as_u64(), Some(rows as u64), "{report}");
    assert!(backups(&db).is_empty(), "nothing to write, no backup");
}

#[test]
fn the_template_needs_no_database_and_imports_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.zavuch");
    let t = dir.path().join("t.xlsx");
    ok(&cli(&db, &["template", "staff", "-o", t.to_str().unwrap()]));
    assert!(!db.exists(), "the template opens no database");
    ok(&cli(&db, &["init"]));
    let out = cli(&db, &["import", "staff", t.to_str().unwrap(), "--json"]);
    ok(&out);
    assert_eq!(json(&out)["added"], 0);
}
