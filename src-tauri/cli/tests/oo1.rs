//! `report oo1` on the demo school: the JSON's shape and its agreement with `report` of class
//! sizes, the .xlsx (a sheet per table, the same figures) and the PDF (every table's number and
//! the students' total read back with pdftotext); a wrong extension and a day in no year refused.

mod common;

use calamine::{Data, Reader};
use common::{cli, json, ok, pdftotext, words_after};
use serde_json::Value;
use std::path::Path;

fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("demo.zavuch");
    ok(&cli(&path, &["demo"]));
    path
}

fn table<'a>(form: &'a Value, id: &str) -> &'a Value {
    form["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no table {id}"))
}

#[test]
fn report_oo1_json_xlsx_and_pdf_hold_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = cli(&db, &["report", "oo1", "--json"]);
    ok(&out);
    let form = json(&out);
    assert_eq!(form["date"], "20.09.2026");
    let ids: Vec<&str> = form["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for id in [
        "2.1.1", "2.1.2", "2.1.3", "2.2", "2.3", "2.4", "2.5.1", "2.5.2", "2.6", "2.7",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    for id in ["3.1", "3.2", "3.3"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let classes = table(&form, "2.1.1");
    assert_eq!(classes["columns"].as_array().unwrap().len(), 16);
    assert_eq!(classes["columns"][15], "Всего");
    let students = classes["rows"][1]["values"].as_array().unwrap();
    let total = students[15].as_i64().expect("counts are integers");
    // The grades add up to the levels and the levels to the total.
    let grade = |g: usize| students[g - 1].as_i64().unwrap();
    assert_eq!(
        (1..=4).map(grade).sum::<i64>(),
        students[12].as_i64().unwrap()
    );
    assert_eq!(
        students[12].as_i64().unwrap()
            + students[13].as_i64().unwrap()
            + students[14].as_i64().unwrap(),
        total
    );

    // The same day's class sizes, from their own command.
    let sizes = cli(
        &db,
        &[
            "export",
            "class-sizes",
            "-o",
            dir.path().join("cs.xlsx").to_str().unwrap(),
        ],
    );
    ok(&sizes);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("cs.xlsx")).unwrap();
    let range = book.worksheet_range("Наполняемость").unwrap();
    let school_total = range
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Всего по школе"))
        .and_then(|r| r.get(3).cloned());
    assert_eq!(school_total, Some(Data::Float(total as f64)));

    // The .xlsx: a sheet per table, the figures as numbers.
    let xlsx = dir.path().join("oo1.xlsx");
    ok(&cli(
        &db,
        &[
            "report",
            "oo1",
            "--date",
            "20.09.2026",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    ));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names().len(), ids.len());
    let sheet = book.worksheet_range("Табл. 2.1.1").unwrap();
    let row = sheet
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Обучающиеся"))
        .unwrap();
    assert_eq!(row.get(16), Some(&Data::Float(total as f64)));
    let staff = book.worksheet_range("Табл. 3.1").unwrap();
    let rates = staff
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Педагогические работники"))
        .and_then(|r| r.last().cloned());
    let json_rates = table(&form, "3.1")["rows"][0]["values"][12]
        .as_f64()
        .unwrap();
    assert_eq!(rates, Some(Data::Float(json_rates)));

    // The PDF: every table under its number, the students' row with the same total.
    let pdf = dir.path().join("oo1.pdf");
    ok(&cli(&db, &["report", "oo1", "-o", pdf.to_str().unwrap()]));
    let text = pdftotext(&pdf);
    for t in form["tables"].as_array().unwrap() {
        let heading = format!("{}. ", t["id"].as_str().unwrap());
        assert!(text.contains(&heading), "{heading} in the PDF");
    }
    assert!(text.contains("по состоянию на 20.09.2026"));
    let words = words_after(&text, "Обучающиеся");
    assert_eq!(words.last().unwrap(), &total.to_string());
}

#[test]
fn report_oo1_refuses_another_extension_and_a_day_in_no_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = cli(
        &db,
        &[
            "report",
            "oo1",
            "-o",
            dir.path().join("oo1.docx").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".pdf или .xlsx"));
    let out = cli(&db, &["report", "oo1", "--date", "20.09.2030", "--json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("20.09.2030"));
}
