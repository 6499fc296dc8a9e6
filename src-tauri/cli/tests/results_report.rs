//! `zavuch-cli report results` (the district's term results with СОУ and the lists, as JSON and
//! text) and `print`/`export results-lists` on the demo school, which has marks for
//! «1 четверть»: the figures against the core's `forms::results_lists`.

mod common;

use calamine::{Data, Reader};
use common::{cli, json, ok, pdftotext};
use serde_json::Value;
use std::path::{Path, PathBuf};
use zavuch_core::forms::results_lists::{self, ListsForm};
use zavuch_core::marks::lists::ListedStudent;
use zavuch_core::marks::results::ResultsRow;
use zavuch_core::marks::Rate;
use zavuch_core::Db;

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.zavuch");
    ok(&cli(&path, &["demo"]));
    path
}

fn core(db: &Path) -> ListsForm {
    let db = Db::open(db).unwrap();
    let year = zavuch_core::year::current_id(&db).unwrap();
    let today = chrono::Local::now().date_naive();
    results_lists::compute_in_year(&db, year, Some("1 четверть"), today).unwrap()
}

fn rate(r: &Option<Rate>) -> Value {
    r.as_ref().map_or(Value::Null, |r| r.value.into())
}

/// The JSON row has the core's counts and rates.
fn same_row(got: &Value, row: &ResultsRow) {
    let c = &row.counts;
    for (key, n) in [
        ("students", c.students),
        ("attested", c.attested),
        ("only_five", c.only_five),
        ("four_and_five", c.four_and_five),
        ("one_three", c.one_three),
        ("with_two", c.with_two),
        ("not_attested", c.not_attested),
        ("exempt", c.exempt),
        ("incomplete", c.incomplete),
    ] {
        assert_eq!(got[key], n, "{} {key}", row.label);
    }
    assert_eq!(got["pass_rate"], rate(&row.pass_rate), "{}", row.label);
    assert_eq!(
        got["quality_rate"],
        rate(&row.quality_rate),
        "{}",
        row.label
    );
    assert_eq!(got["sou"], rate(&row.sou), "{}", row.label);
}

fn same_list(got: &Value, list: &[ListedStudent]) {
    let got = got.as_array().unwrap();
    assert_eq!(got.len(), list.len());
    for (g, s) in got.iter().zip(list) {
        assert_eq!(g["class"], s.class.as_str());
        assert_eq!(g["student"], s.student.as_str());
    }
}

fn report(db: &Path, args: &[&str]) -> std::process::Output {
    cli(db, &[&["report"], args].concat())
}

#[test]
fn report_results_json_has_the_cores_figures_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = report(&db, &["results", "--period", "1 четверть", "--json"]);
    ok(&out);
    let got = json(&out);
    let f = core(&db);
    let r = &f.form.results;
    assert_eq!(got["period"], "1 четверть");
    assert_eq!(got["year"], "2026-2027");
    let rows = |kind| r.rows.iter().filter(move |x| x.kind == kind);
    use zavuch_core::marks::results::ResultsRowKind::{Class, Level};
    let classes = got["classes"].as_array().unwrap();
    assert_eq!(classes.len(), rows(Class).count());
    for (g, row) in classes.iter().zip(rows(Class)) {
        assert_eq!(g["class"], row.label.as_str());
        same_row(g, row);
    }
    let levels = got["levels"].as_array().unwrap();
    assert_eq!(levels.len(), rows(Level).count());
    for (g, row) in levels.iter().zip(rows(Level)) {
        assert_eq!(g["level"], row.label.as_str());
        same_row(g, row);
    }
    same_row(&got["school"], r.school_total());
    // The demo has failing students: the figures are not all alike, and СОУ is a number.
    assert!(r.school_total().counts.with_two > 0);
    assert!(got["school"]["sou"].is_f64());
    same_list(&got["lists"]["excellent"], &f.lists.excellent);
    same_list(&got["lists"]["one_four"], &f.lists.one_four);
    same_list(&got["lists"]["one_three"], &f.lists.one_three);
    same_list(&got["lists"]["failing"], &f.lists.failing);
    for (g, s) in got["lists"]["failing"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&f.lists.failing)
    {
        let subjects: Vec<&str> = s.subjects.iter().map(String::as_str).collect();
        assert_eq!(g["subjects"], serde_json::json!(subjects));
        assert!(!subjects.is_empty(), "{}", s.student);
    }
    assert_eq!(
        f.lists.excellent.len() as i32,
        r.school_total().counts.only_five
    );

    // Text: the same figures as the form prints them, with the СОУ column and the lists.
    let out = report(&db, &["results", "--period", "1 четверть"]);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("СОУ, %"), "{text}");
    let school = text
        .lines()
        .find(|l| l.starts_with("Всего по школе"))
        .unwrap();
    let cells: Vec<&str> = school.split(" | ").map(str::trim).collect();
    let texts = zavuch_core::forms::results::row_texts(r.school_total());
    assert_eq!(cells[1..], texts, "{school}");
    let failing = &f.lists.failing[0];
    assert!(
        text.contains(&format!(
            "{} {} — {}",
            failing.class,
            failing.student,
            failing.subjects.join(", ")
        )),
        "{text}"
    );
}

#[test]
fn report_results_takes_a_year_like_report_movement() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let run = |args: &[&str]| {
        let out = report(&db, args);
        ok(&out);
        json(&out)
    };
    let plain = run(&["results", "--period", "1 четверть", "--json"]);
    let with_year = run(&[
        "--year",
        "2026-2027",
        "results",
        "--period",
        "1 четверть",
        "--json",
    ]);
    assert_eq!(plain, with_year);
    let out = report(&db, &["--year", "2030-2031", "results", "--json"]);
    assert!(!out.status.success());
    assert_eq!(json(&out)["fields"][0]["code"], "unknown_year");
    let out = report(&db, &["results", "--period", "5 четверть", "--json"]);
    assert!(!out.status.success());
    assert_eq!(json(&out)["fields"][0]["code"], "unknown_period");
}

#[test]
fn the_lists_print_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let f = core(&db);
    let pdf = dir.path().join("lists.pdf");
    let out = cli(
        &db,
        &[
            "print",
            "results-lists",
            "--period",
            "1 четверть",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    ok(&out);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains(&format!(
            "Отличники (только «5»): {}",
            f.lists.excellent.len()
        )),
        "{said}"
    );
    let text = pdftotext(&pdf);
    assert!(
        text.contains("Списки обучающихся по итогам периода"),
        "{text}"
    );
    for list in f.lists.each() {
        for s in list {
            let line = text
                .lines()
                .find(|l| l.contains(&s.student))
                .unwrap_or_else(|| panic!("{}:\n{text}", s.student));
            assert!(
                line.contains(&s.class.replace(' ', "")) || line.contains(&s.class),
                "{line}"
            );
        }
    }
    let xlsx = dir.path().join("lists.xlsx");
    ok(&cli(
        &db,
        &[
            "export",
            "results-lists",
            "--period",
            "1 четверть",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    ));
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    let range = book.worksheet_range("Списки").unwrap();
    let strings: Vec<String> = range
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for s in f.lists.failing.iter().chain(&f.lists.excellent) {
        assert!(strings.contains(&s.student), "{}", s.student);
    }
    for s in &f.lists.failing {
        assert!(strings.contains(&s.subjects.join(", ")), "{}", s.student);
    }
}
