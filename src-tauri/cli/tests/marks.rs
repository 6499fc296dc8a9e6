//! `zavuch-cli import|export|template marks` and `term close|reopen|log` on the demo school: an
//! exported sheet imports back unchanged, an import into a closed term exits non-zero and
//! changes nothing, a bad file is reported by row and column in the student import's JSON,
//! grade 1 is refused, and closing, reopening and the register round trip.

mod common;

use calamine::Reader;
use common::{backups, class_id, cli, json, ok};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use zavuch_core::marks::{self, MarkEntry, MarkValue};
use zavuch_core::Db;

/// The demo school, made once per test binary (it takes seconds) and copied for each test.
static DEMO: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    ok(&cli(&db, &["demo"]));
    std::fs::read(&db).unwrap()
});

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    std::fs::write(&db, &*DEMO).unwrap();
    (dir, db)
}

const SHEET: [&str; 4] = ["--class", "5 А", "--period", "1 четверть"];

/// Gives the first students of 5 А marks in the first term's first subjects, so that the sheet
/// has marks whatever the demo holds; returns the sheet.
fn fill(path: &Path) -> marks::MarkSheet {
    let db = Db::open(path).unwrap();
    let id = class_id(&db, "5 А");
    let period = marks::period_by_name(&db, id, "1 четверть").unwrap().period;
    let sheet = marks::sheet(&db, id, period).unwrap();
    let values = [
        MarkValue::Five,
        MarkValue::Four,
        MarkValue::Three,
        MarkValue::NotAttested,
    ];
    let entries: Vec<MarkEntry> = sheet
        .students
        .iter()
        .take(4)
        .enumerate()
        .flat_map(|(i, s)| {
            sheet
                .subjects
                .iter()
                .filter(|sub| !sub.pass_fail)
                .take(3)
                .enumerate()
                .map(move |(k, sub)| MarkEntry {
                    student_id: s.student_id,
                    subject_id: sub.subject_id,
                    value: Some(values[(i + k) % values.len()]),
                })
        })
        .collect();
    marks::set_marks(&db, id, period, &entries).unwrap();
    marks::sheet(&db, id, period).unwrap()
}

/// Every cell of the first sheet as text.
fn cells(file: &Path) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(file).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn export(db: &Path, file: &Path) -> Vec<Vec<String>> {
    let mut args = vec!["export", "marks"];
    args.extend(SHEET);
    args.extend(["-o", file.to_str().unwrap()]);
    ok(&cli(db, &args));
    cells(file)
}

fn import(db: &Path, file: &Path, more: &[&str]) -> std::process::Output {
    let mut args = vec!["import", "marks", file.to_str().unwrap()];
    args.extend(SHEET);
    args.extend(more);
    cli(db, &args)
}

#[test]
fn an_exported_sheet_imports_back_unchanged() {
    let (dir, db) = demo();
    let sheet = fill(&db);
    let file = dir.path().join("5 А.xlsx");
    let rows = export(&db, &file);
    let header = rows.iter().position(|r| r[0] == "№").unwrap();
    assert_eq!(rows[header][1..3], ["№ личного дела", "ФИО"]);
    assert_eq!(rows[header][3], sheet.subjects[0].name);
    assert_eq!(
        rows[header][rows[header].len() - 2..],
        ["Пропущено уроков", "из них по болезни"]
    );
    assert_eq!(rows.len() - header - 1, sheet.students.len());
    let first = &rows[header + 1];
    assert_eq!(first[2], sheet.students[0].full_name);
    assert_eq!(first[3], sheet.students[0].marks[0].unwrap().short());

    let out = import(&db, &file, &["--json"]);
    ok(&out);
    let report = json(&out);
    assert_eq!(report["added"], 0);
    assert_eq!(report["updated"], 0);
    assert_eq!(report["unchanged"], sheet.students.len());
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["imported"], true);
    assert!(
        backups(&db).is_empty(),
        "nothing changed, nothing backed up"
    );
    assert_eq!(export(&db, &file), rows);
}

/// A copy of the export with the first student's first mark changed to «2».
fn changed(dir: &Path, rows: &[Vec<String>]) -> PathBuf {
    let header = rows.iter().position(|r| r[0] == "№").unwrap();
    let mut lines: Vec<String> = rows[header..].iter().map(|r| r.join(";")).collect();
    let mut first: Vec<&str> = lines[1].split(';').collect();
    first[3] = "2";
    lines[1] = first.join(";");
    let file = dir.join("changed.csv");
    std::fs::write(&file, lines.join("\n")).unwrap();
    file
}

#[test]
fn an_import_writes_the_changed_marks_after_a_backup() {
    let (dir, db) = demo();
    fill(&db);
    let rows = export(&db, &dir.path().join("before.xlsx"));
    let file = changed(dir.path(), &rows);
    let dry = import(&db, &file, &["--dry-run", "--json"]);
    ok(&dry);
    assert_eq!(json(&dry)["updated"], 1);
    assert_eq!(json(&dry)["imported"], false);
    let out = import(&db, &file, &[]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("обновлено 1"));
    assert_eq!(backups(&db).len(), 1);
    let after = export(&db, &dir.path().join("after.xlsx"));
    let header = after.iter().position(|r| r[0] == "№").unwrap();
    assert_eq!(after[header + 1][3], "2");
}

#[test]
fn an_import_into_a_closed_term_exits_non_zero_and_changes_nothing() {
    let (dir, db) = demo();
    fill(&db);
    let before = export(&db, &dir.path().join("before.xlsx"));
    let file = changed(dir.path(), &before);
    let mut args = vec!["term", "close"];
    args.extend(SHEET);
    ok(&cli(&db, &args));

    for more in [&["--json"][..], &["--json", "--valid-only"], &[]] {
        let out = import(&db, &file, more);
        assert_eq!(out.status.code(), Some(1), "{more:?}");
        if more.contains(&"--json") {
            let report = json(&out);
            let message = report["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains("закрыт"), "{message}");
            assert_eq!(report["imported"], false);
        } else {
            assert!(String::from_utf8_lossy(&out.stderr).contains("закрыт"));
        }
    }
    let dry = import(&db, &file, &["--dry-run", "--json"]);
    assert_eq!(dry.status.code(), Some(1));
    assert_eq!(json(&dry)["errors"][0]["row"], 0);
    assert_eq!(export(&db, &dir.path().join("after.xlsx")), before);
    assert!(backups(&db).is_empty());
}

#[test]
fn a_bad_file_reports_rows_and_columns_in_json() {
    let (dir, db) = demo();
    let sheet = fill(&db);
    let (a, b) = (&sheet.students[0], &sheet.students[1]);
    let maths = &sheet.subjects[0].name;
    let lines = [
        format!("№ личного дела;ФИО;{maths};Черчение;Пропущено уроков;из них по болезни"),
        format!("{};{};пять;;4;1", a.file_number, a.full_name),
        ";Петров Пётр Петрович;5;;;".to_string(),
        format!("{};{};4;;2;3", b.file_number, b.full_name),
        format!("{};;4;;1,5;", b.file_number),
    ];
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let before = export(&db, &dir.path().join("before.xlsx"));
    let out = import(&db, &file, &["--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let errors: Vec<(u64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            (1, "Черчение"),
            (2, maths.as_str()),
            (3, "ФИО"),
            (4, "из них по болезни"),
            (5, "Пропущено уроков"),
            (5, "ФИО"),
        ]
    );
    assert_eq!(
        report["errors"][1]["message"].as_str().unwrap(),
        "«пять» — не отметка. Допустимо: 5, 4, 3, 2, зачтено (зч), не зачтено (нз), н/а, осв; \
         пустая клетка — отметки нет."
    );
    assert_eq!(report["imported"], false);
    assert_eq!(export(&db, &dir.path().join("after.xlsx")), before);

    // Without --json: the same errors as sentences, exit 1.
    let out = import(&db, &file, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("строка 2, столбец «"), "{text}");
    assert!(text.contains("Ничего не загружено"), "{text}");
}

#[test]
fn grade_1_is_refused() {
    let (dir, db) = demo();
    let file = dir.path().join("1 А.xlsx");
    let args = ["--class", "1 А", "--period", "год"];
    for command in ["export", "template"] {
        let mut all = vec![command, "marks"];
        all.extend(args);
        all.extend(["-o", file.to_str().unwrap()]);
        let out = cli(&db, &all);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("безотметочное"));
    }
    std::fs::write(&file, "ФИО;Математика\nИванов Иван;5\n").unwrap();
    let mut all = vec!["import", "marks", file.to_str().unwrap()];
    all.extend(args);
    all.push("--json");
    let out = cli(&db, &all);
    assert_eq!(out.status.code(), Some(1));
    let message = json(&out)["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("безотметочное"), "{message}");
}

#[test]
fn the_template_lists_the_students_and_subjects() {
    let (dir, db) = demo();
    let sheet = fill(&db);
    let file = dir.path().join("шаблон.xlsx");
    let mut args = vec!["template", "marks"];
    args.extend(SHEET);
    args.extend(["-o", file.to_str().unwrap()]);
    ok(&cli(&db, &args));
    let rows = cells(&file);
    let header = rows.iter().position(|r| r[0] == "№").unwrap();
    let subjects: Vec<&str> = sheet.subjects.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(rows[header][3..3 + subjects.len()], subjects[..]);
    let data = &rows[header + 1..];
    assert_eq!(data.len(), sheet.students.len());
    assert!(data.iter().all(|r| r[3..].iter().all(String::is_empty)));
    assert_eq!(data[0][2], sheet.students[0].full_name);
}

#[test]
fn term_close_reopen_and_log_round_trip() {
    let (_dir, db) = demo();
    let close_5a = [
        "term",
        "close",
        "--period",
        "1 четверть",
        "--class",
        "5 А",
        "--json",
    ];
    let out = cli(&db, &close_5a);
    ok(&out);
    assert_eq!(
        json(&out),
        serde_json::json!({"closed": ["5 А"], "already": []})
    );

    // The whole school: the classes with quarters, 5 А among the already closed.
    let out = cli(&db, &["term", "close", "--period", "1 четверть", "--json"]);
    ok(&out);
    let done = json(&out);
    assert_eq!(done["already"], serde_json::json!(["5 А"]));
    let closed: Vec<&str> = done["closed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        closed.contains(&"2 А") && closed.contains(&"9 В"),
        "{closed:?}"
    );
    assert!(!closed.contains(&"1 А"), "grade 1 has no marks");
    let out = cli(&db, &["term", "close", "--period", "1 четверть"]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Уже был закрыт"));

    // Reopening needs a reason; one class, then the rest of the school.
    let reopen = |class: Option<&str>, reason: &str| {
        let mut args = vec![
            "term",
            "reopen",
            "--period",
            "1 четверть",
            "--reason",
            reason,
        ];
        if let Some(class) = class {
            args.extend(["--class", class]);
        }
        args.push("--json");
        cli(&db, &args)
    };
    let out = reopen(Some("5 А"), "  ");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["fields"][0]["code"], "required");
    let out = reopen(Some("5 А"), "исправление отметки по заявлению родителей");
    ok(&out);
    assert_eq!(json(&out), serde_json::json!({"reopened": ["5 А"]}));
    let out = reopen(Some("5 А"), "ещё раз");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["fields"][0]["code"], "period_not_closed");
    let out = reopen(None, "перенос четверти");
    ok(&out);
    let reopened = json(&out)["reopened"].as_array().unwrap().len();
    assert_eq!(reopened, closed.len());
    let out = reopen(None, "перенос четверти");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["fields"][0]["code"], "period_closed_nowhere");

    // The register, the newest first.
    let out = cli(&db, &["term", "log", "--json"]);
    ok(&out);
    let log = json(&out);
    let events = log.as_array().unwrap();
    assert_eq!(events.len(), 1 + closed.len() + 1 + reopened);
    assert_eq!(events[0]["action"], "reopen");
    assert_eq!(events[0]["reason"], "перенос четверти");
    let last = &events[events.len() - 1];
    assert_eq!(last["class_label"], "5 А");
    assert_eq!(last["period_name"], "1 четверть");
    assert_eq!(last["action"], "close");
    let out = cli(&db, &["term", "log"]);
    ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("5 А  1 четверть  открыт заново: исправление отметки по заявлению родителей"),
        "{text}"
    );
}
