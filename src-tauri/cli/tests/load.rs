//! `zavuch-cli load check`, `print load` and `export load` on the demo school (every hour
//! assigned), after a cell is cleared (the check lists it), and the refusals of bad arguments
//! and of a file without a school year.

mod common;

use calamine::Reader;
use chrono::NaiveDate;
use common::{cli, json, ok, pdftotext};
use std::path::PathBuf;
use zavuch_core::{load, year, Db};

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["demo"]));
    (dir, db)
}

fn october() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
}

#[test]
fn the_demo_load_is_complete_and_prints_by_teacher_and_by_class() {
    let (dir, db) = demo();
    let out = cli(&db, &["load", "check", "--json", "--date", "01.10.2026"]);
    ok(&out);
    let check = json(&out);
    assert_eq!(check["complete"], true, "{check}");
    assert_eq!(check["unassigned"].as_array().unwrap().len(), 0);
    assert_eq!(check["teachers"].as_array().unwrap().len(), 0);

    let pdf = dir.path().join("tarification.pdf");
    let out = cli(&db, &["print", "load", "-o", pdf.to_str().unwrap()]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("учителей: 47"));
    let text = pdftotext(&pdf);
    assert!(text.contains("Тарификационный список"));
    assert!(text.contains("Всего по школе"));

    let by_class = dir.path().join("by-class.pdf");
    ok(&cli(
        &db,
        &[
            "print",
            "load",
            "--by",
            "class",
            "-o",
            by_class.to_str().unwrap(),
        ],
    ));
    let text = pdftotext(&by_class);
    assert!(text.contains("Учебная нагрузка по классам"));
    assert!(text.contains("5 А — по учебному плану"));
    assert!(!text.contains("не назначено"));

    let xlsx = dir.path().join("load.xlsx");
    ok(&cli(&db, &["export", "load", "-o", xlsx.to_str().unwrap()]));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["По учителям", "По классам"]);
    let teachers = book.worksheet_range("По учителям").unwrap();
    let numbered = teachers
        .rows()
        .skip(5)
        .filter(|r| r[0].to_string().parse::<u32>().is_ok())
        .count();
    assert_eq!(numbered, 47);
}

#[test]
fn a_cleared_cell_shows_in_the_check_and_in_the_load_by_class() {
    let (dir, path) = demo();
    let line = {
        let db = Db::open(&path).unwrap();
        let year_id = year::current(&db).unwrap().unwrap().id.unwrap();
        let line = load::lines(&db, year_id, october())
            .unwrap()
            .into_iter()
            .find(|l| l.label == "Математика" && l.classes_label == "5 А")
            .unwrap();
        let unit = load::LoadUnit {
            line_id: line.line_ids[0],
            subgroup_id: None,
        };
        load::assign(&db, unit, None, october()).unwrap();
        line
    };
    let out = cli(&path, &["load", "check", "--json", "--date", "01.10.2026"]);
    ok(&out);
    let check = json(&out);
    assert_eq!(check["complete"], false);
    let gaps = check["unassigned"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{check}");
    assert_eq!(gaps[0]["class_label"], "5 А");
    assert_eq!(gaps[0]["unit"]["line_id"], line.line_ids[0]);
    assert_eq!(gaps[0]["required_first"], line.hours_first);
    assert_eq!(gaps[0]["code"], "load_unassigned");

    let out = cli(&path, &["load", "check", "--date", "01.10.2026"]);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Не назначено (1):\n  5 А, Математика: не назначено"),
        "{text}"
    );
    let pdf = dir.path().join("by-class.pdf");
    ok(&cli(
        &path,
        &[
            "print",
            "load",
            "--by",
            "class",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(pdftotext(&pdf).contains("не назначено"));
}

#[test]
fn bad_arguments_and_a_file_without_a_year_are_refused() {
    let (dir, db) = demo();
    let pdf = dir.path().join("x.pdf");
    let out = cli(
        &db,
        &["print", "load", "--by", "room", "-o", pdf.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let out = cli(&db, &["load", "check", "--date", "31.02.2027"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("не дата"));
    assert!(!pdf.exists());

    let empty = dir.path().join("empty.zavuch");
    let out = cli(&empty, &["load", "check", "--json"]);
    assert!(!out.status.success());
    assert_eq!(json(&out)["code"], "not_found");
    let out = cli(
        &empty,
        &[
            "export",
            "load",
            "-o",
            dir.path().join("x.xlsx").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(!dir.path().join("x.xlsx").exists());
}
