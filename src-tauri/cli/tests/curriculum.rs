//! `zavuch-cli print curriculum` and `export curriculum` on the demo school (the PDF read back
//! with `pdftotext -layout`, the .xlsx with calamine), `school show` with the curricula, and
//! the refusals of a bad level and of a school without curricula.

mod common;

use calamine::{Data, Reader};
use common::{cli, pdftotext};
use std::path::Path;
use std::process::Output;

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The words after `label` on its line.
fn after<'a>(text: &'a str, label: &str) -> Vec<&'a str> {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no «{label}» in:\n{text}"));
    line.trim_start()[label.len()..]
        .split_whitespace()
        .collect()
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("school.zavuch");
    ok(cli(&db, &["demo"]));
    db
}

#[test]
fn prints_the_curriculum_of_a_level() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let pdf = dir.path().join("out").join("plan 5-9.pdf");
    let said = ok(cli(
        &db,
        &[
            "print",
            "curriculum",
            "--level",
            "5-9",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(said.contains("Учебный план 5–9 классов"), "{said}");
    let text = pdftotext(&pdf);
    assert!(text.contains("Основное общее образование (5-дневная учебная неделя)"));
    assert!(text.contains("5 кл.") && text.contains("8 А кл.") && text.contains("9 кл."));
    assert_eq!(
        after(&text, "Всего часов в неделю"),
        ["29", "30", "32", "33", "33", "33"]
    );
    assert_eq!(
        after(&text, "Всего часов в год"),
        ["986", "1020", "1088", "1122", "1122", "1122"]
    );
    assert_eq!(after(&text, "Учебных недель"), ["34"; 6]);
    // The other levels, and «10-11» written with a dash.
    for level in ["1-4", "10–11"] {
        let out = dir.path().join(format!("{level}.pdf"));
        ok(cli(
            &db,
            &[
                "print",
                "curriculum",
                "--level",
                level,
                "-o",
                out.to_str().unwrap(),
            ],
        ));
        let text = pdftotext(&out);
        assert!(text.contains("Всего часов в год"), "{level}: {text}");
    }
}

#[test]
fn exports_the_same_table_as_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let xlsx = dir.path().join("plan.xlsx");
    ok(cli(
        &db,
        &[
            "export",
            "curriculum",
            "--level",
            "5-9",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    ));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("Учебный план").unwrap();
    let cell = |r: usize, c: usize| range.get((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(4, 2), Data::String("5 кл.".into()));
    let row_of = |label: &str| {
        (0..range.height())
            .find(|&r| {
                cell(r, 1) == Data::String(label.into()) || cell(r, 0) == Data::String(label.into())
            })
            .unwrap_or_else(|| panic!("no «{label}»"))
    };
    let weekly = row_of("Всего часов в неделю");
    let figures: Vec<Data> = (2..8).map(|c| cell(weekly, c)).collect();
    let expected: Vec<Data> = [29.0, 30.0, 32.0, 33.0, 33.0, 33.0]
        .into_iter()
        .map(Data::Float)
        .collect();
    assert_eq!(figures, expected);
    // Grade 9's elective lines differ between the half-years: written as text «1/0».
    let pe = (row_of("Часть, формируемая участниками образовательных отношений")..range.height())
        .find(|&r| cell(r, 1) == Data::String("Физическая культура".into()))
        .unwrap();
    assert_eq!(cell(pe, 7), Data::String("1/0".into()));
}

#[test]
fn school_show_lists_the_curricula() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let text = ok(cli(&db, &["school", "show"]));
    assert!(text.contains("Учебные планы: шаблонов"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(cli(&db, &["school", "show", "--json"]))).unwrap();
    let curricula = json["academic_years"][0]["curricula"].as_array().unwrap();
    let classes = curricula.iter().filter(|c| c["kind"] == "class").count();
    assert_eq!(classes, 31);
    let first = &curricula[0];
    assert_eq!(first["kind"], "template");
    assert!(first["lines"][0]["annual_hours"].as_f64().unwrap() > 0.0);
    assert!(first["totals"]["sanitary_max"].as_i64().is_some());
}

#[test]
fn refuses_a_bad_level_and_a_school_without_curricula() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.zavuch");
    ok(cli(&db, &["init"]));
    let out = dir.path().join("x.pdf");
    let bad = cli(
        &db,
        &[
            "print",
            "curriculum",
            "--level",
            "5-11",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("не уровень образования"));
    let none = cli(
        &db,
        &[
            "export",
            "curriculum",
            "--level",
            "1-4",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(!none.status.success());
    let err = String::from_utf8_lossy(&none.stderr);
    assert!(err.contains("нет учебных планов"), "{err}");
    assert!(!out.exists(), "nothing written");
}
