//! `zavuch-cli rollover decide|run|status|make-current` on the demo school (2026-2027 →
//! 2027-2028): the JSON contract, a second run that changes nothing, decisions that move
//! students, refusals, a stage killed half-way, and last year's forms printed with `--year`.

mod common;

use common::{class_id, cli, json, ok, pdftotext};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use zavuch_core::movement::placements;
use zavuch_core::rollover::decisions;
use zavuch_core::{students, Db};

const TO: &str = "2027-2028";

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("school.zavuch");
    ok(&cli(&path, &["demo"]));
    path
}

/// The personal file numbers of the first `n` students of a demo class at the year's end.
fn numbers(path: &Path, class: &str, n: usize) -> Vec<String> {
    let db = Db::open(path).unwrap();
    decisions::of_class(&db, class_id(&db, class))
        .unwrap()
        .decisions
        .into_iter()
        .take(n)
        .map(|d| d.file_number)
        .collect()
}

/// The class of the student with this file number in the year `year`, empty without one.
fn class_in(path: &Path, number: &str, year: &str) -> String {
    let db = Db::open(path).unwrap();
    let id = students::find_by_file_number(&db, number).unwrap().unwrap();
    placements::placements(&db, id)
        .unwrap()
        .into_iter()
        .find(|p| p.year_name == year)
        .map(|p| p.class_label)
        .unwrap_or_default()
}

fn run_json(path: &Path, extra: &[&str]) -> (bool, serde_json::Value) {
    let mut args = vec!["rollover", "run", "--to", TO, "--json"];
    args.extend_from_slice(extra);
    let out = cli(path, &args);
    (out.status.success(), json(&out))
}

fn count(path: &Path, sql: &str) -> i64 {
    Db::open(path)
        .unwrap()
        .conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_demo_rolls_over_without_decisions_and_a_second_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (success, report) = run_json(&path, &[]);
    assert!(success, "{report}");
    assert_eq!(report["to"], TO);
    assert_eq!(report["problems"], serde_json::json!([]));
    let stages = report["stages"].as_array().unwrap();
    let numbers: Vec<u64> = stages
        .iter()
        .map(|s| s["stage"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert!(stages.iter().all(|s| s["already_done"] == false));
    let created = |n: usize, what: &str| stages[n]["created"][what].as_u64().unwrap();
    assert!(created(0, "departures") > 30, "the 11th grade leaves");
    assert_eq!(created(1, "classes"), 29);
    assert!(created(1, "placements") > 600);
    assert!(created(1, "curricula") >= 27 && created(1, "load_lines") > 0);
    assert!(created(3, "thematic_plans") >= 3);
    for key in [
        "classes",
        "placements",
        "departures",
        "curricula",
        "load_lines",
        "thematic_plans",
    ] {
        assert!(stages[0]["created"][key].is_u64(), "{key}");
    }
    let classes = count(&path, "SELECT count(*) FROM class");

    let (success, again) = run_json(&path, &[]);
    assert!(success, "{again}");
    for stage in again["stages"].as_array().unwrap() {
        assert_eq!(stage["already_done"], true, "{stage}");
        let created = stage["created"].as_object().unwrap();
        assert!(created.values().all(|v| v == 0), "{stage}");
    }
    assert_eq!(count(&path, "SELECT count(*) FROM class"), classes);

    let status = json(&cli(&path, &["rollover", "status", "--json"]));
    assert_eq!(status["to"], TO);
    let done: Vec<bool> = status["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["done"].as_bool().unwrap())
        .collect();
    assert_eq!(done, [true, true, true, true]);
}

#[test]
fn decisions_change_where_students_go() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let five = numbers(&path, "5 А", 2);
    let nine = numbers(&path, "9 В", 2);
    let decide = |class: &str, number: &str, rest: &[&str]| {
        let mut args = vec!["rollover", "decide", "--class", class, "--student", number];
        args.extend_from_slice(rest);
        cli(&path, &args)
    };
    ok(&decide("5 А", &five[0], &["--decision", "repeat"]));
    let out = decide(
        "5 А",
        &five[1],
        &[
            "--decision",
            "conditional",
            "--subjects",
            "Математика, русский язык",
            "--json",
        ],
    );
    ok(&out);
    let grid = json(&out);
    let row = grid["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file_number"] == five[1].as_str())
        .unwrap()
        .clone();
    assert_eq!(row["kind"], "conditional");
    assert_eq!(row["debts"].as_array().unwrap().len(), 2);
    ok(&decide(
        "9 В",
        &nine[0],
        &["--decision", "left", "--destination", "Неизвестно"],
    ));
    let out = decide(
        "9 В",
        &nine[1],
        &[
            "--decision",
            "continue",
            "--to-class",
            "10 Б",
            "--with-distinction",
            "--json",
        ],
    );
    ok(&out);
    let rows = json(&out)["decisions"].as_array().unwrap().clone();
    let distinction = |number: &str| {
        rows.iter().find(|d| d["file_number"] == number).unwrap()["with_distinction"].clone()
    };
    assert_eq!(distinction(&nine[1]), true);
    assert_eq!(distinction(&nine[0]), false);
    // A whole class at once, with the council's protocol.
    ok(&cli(
        &path,
        &[
            "rollover",
            "decide",
            "--class",
            "11 Б",
            "--decision",
            "finished",
            "--protocol",
            "5",
            "--council-date",
            "20.06.2027",
        ],
    ));

    let (success, report) = run_json(&path, &[]);
    assert!(success, "{report}");
    assert_eq!(report["stages"][0]["created"]["repeaters"], 1);
    assert_eq!(class_in(&path, &five[0], TO), "5 А");
    assert_eq!(class_in(&path, &five[1], TO), "6 А");
    assert_eq!(class_in(&path, &nine[0], TO), "");
    assert_eq!(class_in(&path, &nine[1], TO), "10 Б");
    assert_eq!(class_in(&path, &nine[0], "2026-2027"), "9 В");

    // After stage 1 the decisions are applied: changing one is refused.
    let out = decide("5 А", &five[0], &["--decision", "promoted"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("уже применены"), "{stderr}");
}

#[test]
fn refusals_name_what_is_wrong_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let out = cli(&path, &["rollover", "run", "--to", "2028-2029", "--json"]);
    assert!(!out.status.success());
    let payload = json(&out);
    assert_eq!(payload["fields"][0]["code"], "rollover_not_next");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2027-2028") && stderr.contains("2028-2029"),
        "{stderr}"
    );
    let out = cli(&path, &["rollover", "run", "--to", TO, "--stage", "2"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("сначала выполните этап 1"));
    assert_eq!(count(&path, "SELECT count(*) FROM academic_year"), 1);
    assert_eq!(count(&path, "SELECT count(*) FROM rollover_stage_run"), 0);

    // A student who left in September gets no decision.
    let db = Db::open(&path).unwrap();
    let gone = students::list_all(&db)
        .unwrap()
        .into_iter()
        .find(|s| s.left_on.is_some() && s.moved_to.is_empty() && !s.file_number.is_empty())
        .unwrap();
    let places = placements::placements(&db, gone.id).unwrap();
    let class = places[0].class_label.clone();
    drop(db);
    let out = cli(
        &path,
        &[
            "rollover",
            "decide",
            "--class",
            &class,
            "--student",
            &gone.file_number,
            "--decision",
            "promoted",
            "--json",
        ],
    );
    assert!(!out.status.success());
    let payload = json(&out);
    assert_eq!(payload["fields"][0]["code"], "decision_for_departed");
    assert!(payload["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains(&gone.last_name));
    // «С отличием» only with a decision that finishes the 9th or 11th (12th) grade.
    let out = cli(
        &path,
        &[
            "rollover",
            "decide",
            "--class",
            "5 А",
            "--decision",
            "promoted",
            "--with-distinction",
            "--json",
        ],
    );
    assert!(!out.status.success());
    let payload = json(&out);
    assert_eq!(payload["fields"][0]["code"], "distinction_not_for_decision");
    assert!(payload["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("с отличием"));
    assert_eq!(count(&path, "SELECT count(*) FROM council_decision"), 0);
}

#[test]
fn problems_stop_a_stage_with_a_non_zero_exit_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    ok(&cli(
        &path,
        &["rollover", "run", "--to", TO, "--stage", "1"],
    ));
    ok(&cli(
        &path,
        &["rollover", "run", "--to", TO, "--stage", "2"],
    ));
    let roster = dir.path().join("first.xlsx");
    let row = |number: &str, last: &str| {
        let mut r = zavuch_core::exchange::OutRow::new();
        use zavuch_core::exchange::Value;
        r.insert("class", Value::text("1 А"));
        r.insert("file_no", Value::text(number));
        r.insert("last_name", Value::text(last));
        r.insert("first_name", Value::text("Анна"));
        r.insert("patronymic", Value::text("Ивановна"));
        r.insert("sex", Value::from(zavuch_core::exchange::Sex::Female));
        let born = chrono::NaiveDate::from_ymd_opt(2020, 4, 1).unwrap();
        r.insert("birth_date", Value::from(born));
        r
    };
    let rows = vec![row("27-1", "Первая"), row("27-1", "Вторая")];
    zavuch_core::roster::format()
        .save_xlsx(&roster, None, &rows)
        .unwrap();
    let file = roster.to_string_lossy().to_string();
    let (success, report) = run_json(&path, &["--stage", "3", "--first-grades", &file]);
    assert!(!success, "{report}");
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{report}");
    assert!(problems[0]["message"].as_str().unwrap().contains("27-1"));
    assert!(problems[0]["class"].is_string() && problems[0]["student"].is_string());
    let status = json(&cli(&path, &["rollover", "status", "--json"]));
    assert_eq!(status["stages"][2]["done"], false);
}

#[test]
fn a_stage_killed_half_way_leaves_the_file_as_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    ok(&cli(
        &path,
        &["rollover", "run", "--to", TO, "--stage", "1"],
    ));
    let before = (
        count(&path, "SELECT count(*) FROM academic_year"),
        count(&path, "SELECT count(*) FROM class"),
        count(&path, "SELECT count(*) FROM placement"),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .arg("--db")
        .arg(&path)
        .args(["rollover", "run", "--to", TO, "--stage", "2"])
        .env_remove("ZAVUCH_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The first progress of stage 2 comes once its classes are made, before the placements.
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains("Этап 2:") {
        if stderr.read(&mut byte).unwrap() == 0 {
            break;
        }
        seen.push(byte[0]);
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed before the stage ended");
    let after = (
        count(&path, "SELECT count(*) FROM academic_year"),
        count(&path, "SELECT count(*) FROM class"),
        count(&path, "SELECT count(*) FROM placement"),
    );
    assert_eq!(after, before);
    let status = json(&cli(&path, &["rollover", "status", "--json"]));
    assert_eq!(status["stages"][0]["done"], true);
    assert_eq!(status["stages"][1]["done"], false);
    // Run again, it completes.
    let (success, report) = run_json(&path, &["--stage", "2"]);
    assert!(success, "{report}");
    assert_eq!(report["stages"][0]["created"]["classes"], 29);
}

#[test]
fn last_years_forms_print_with_year_after_the_new_year_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let ledger = |name: &str, year: &[&str]| {
        let pdf = dir.path().join(name);
        let mut args = vec!["print"];
        args.extend_from_slice(year);
        args.extend_from_slice(&["ledger", "--class", "5 А", "--period", "1 четверть", "-o"]);
        let file = pdf.to_string_lossy().to_string();
        args.push(&file);
        ok(&cli(&path, &args));
        pdftotext(&pdf)
    };
    let before = ledger("before.pdf", &[]);
    ok(&cli(&path, &["rollover", "run", "--to", TO]));
    let out = cli(&path, &["rollover", "make-current", "--year", TO]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Текущий учебный год: 2027-2028"));
    let after = ledger("after.pdf", &["--year", "2026-2027"]);
    assert_eq!(after, before);
    // Without --year the forms are the current year's: 5 А of 2027-2028 has no marks yet.
    let order = dir.path().join("order.pdf");
    let o = order.to_string_lossy().to_string();
    ok(&cli(
        &path,
        &["print", "transfer-order", "--year", "2026-2027", "-o", &o],
    ));
    assert!(pdftotext(&order).contains("ПРИКАЗ (проект)"));
    let list = dir.path().join("conditional.pdf");
    let l = list.to_string_lossy().to_string();
    ok(&cli(
        &path,
        &["print", "--year", "2026-2027", "conditional", "-o", &l],
    ));
    assert!(pdftotext(&list).contains("переведённых условно"));
    let out = cli(
        &path,
        &["export", "--year", "2019-2020", "students", "-o", &o],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("«2019-2020»"));
}
