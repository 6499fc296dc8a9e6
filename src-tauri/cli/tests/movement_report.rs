//! `report movement`, `print movement`, `export movement`, `print alphabet-book`, `print orders`
//! and `print order` on the demo school with a transfer, a departure and a return added by the
//! core: the JSON's identity, its agreement with `export class-sizes`, the PDFs' text.

mod common;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use common::{class_id, cli, json, ok, pdftotext};
use serde_json::Value;
use std::path::Path;
use zavuch_core::movement::{self, Arrival, Departure, DepartureReason, Origin, Transfer};
use zavuch_core::people::Order;
use zavuch_core::{students, Db};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn order(number: &str, on: NaiveDate) -> Order {
    Order {
        series: String::new(),
        number: number.into(),
        date: Some(on),
    }
}

/// The demo school (its own movements are in other classes) with, in 9 А: the first student transferred to 9 Б on 05.10.2026 (order
/// 115-у), the second gone to another school on 10.10.2026 (116-у) and back on 20.10.2026
/// (117-у). Returns the two students' names.
fn school(dir: &Path) -> (std::path::PathBuf, [String; 2]) {
    let path = dir.join("demo.zavuch");
    ok(&cli(&path, &["demo"]));
    let db = Db::open(&path).unwrap();
    let year = zavuch_core::year::current_id(&db).unwrap();
    let a: Vec<_> = students::list(&db, year, Some(class_id(&db, "9 А")), Some(d(2026, 9, 1)))
        .unwrap()
        .into_iter()
        .take(2)
        .collect();
    movement::transfer(
        &db,
        &Transfer {
            student_id: a[0].id,
            to_class_id: class_id(&db, "9 Б"),
            on: d(2026, 10, 5),
            order: order("115-у", d(2026, 10, 5)),
            note: String::new(),
        },
    )
    .unwrap();
    movement::leave(
        &db,
        &Departure {
            student_id: a[1].id,
            on: d(2026, 10, 10),
            reason: DepartureReason::OtherSchool,
            destination: "МБОУ СОШ № 3 г. Орла".into(),
            order: order("116-у", d(2026, 10, 10)),
            note: String::new(),
        },
    )
    .unwrap();
    movement::arrive(
        &db,
        &Arrival {
            student: students::get(&db, a[1].id).unwrap(),
            class_id: class_id(&db, "9 А"),
            on: d(2026, 10, 20),
            origin: Some(Origin::SameRegion),
            came_from: "МБОУ СОШ № 3 г. Орла".into(),
            order: order("117-у", d(2026, 10, 20)),
            note: String::new(),
        },
        d(2026, 10, 20),
    )
    .unwrap();
    (path, [a[0].full_name.clone(), a[1].full_name.clone()])
}

fn n(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// The totals of `export class-sizes` on a day, by class label.
fn class_sizes(db: &Path, dir: &Path, on: &str) -> Vec<(String, i64)> {
    let file = dir.join(format!("sizes-{on}.xlsx"));
    ok(&cli(
        db,
        &[
            "export",
            "class-sizes",
            "--date",
            on,
            "-o",
            file.to_str().unwrap(),
        ],
    ));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let range = book.worksheet_range("Наполняемость").unwrap();
    range
        .rows()
        .skip(6)
        .filter_map(|row| match (row.first(), row.get(3)) {
            (Some(Data::String(label)), Some(Data::Float(total))) => {
                Some((label.clone(), *total as i64))
            }
            _ => None,
        })
        .filter(|(label, _)| !label.starts_with("Итого") && !label.starts_with("Всего"))
        .collect()
}

#[test]
fn report_movement_json_holds_the_identity_and_agrees_with_class_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = school(dir.path());
    let out = cli(
        &db,
        &[
            "report",
            "movement",
            "--from",
            "01.09.2026",
            "--to",
            "31.10.2026",
            "--json",
        ],
    );
    ok(&out);
    let r = json(&out);
    assert_eq!(
        n(&r, "start") + n(&r, "arrived") - n(&r, "left"),
        n(&r, "end")
    );
    let classes = r["classes"].as_array().unwrap();
    for c in classes.iter().chain(r["levels"].as_array().unwrap()) {
        assert_eq!(
            n(c, "start") + n(c, "arrived") - n(c, "left"),
            n(c, "end"),
            "{c}"
        );
    }
    let pick = |key: &str| -> Vec<(String, i64)> {
        classes
            .iter()
            .map(|c| (c["class"].as_str().unwrap().to_string(), n(c, key)))
            .collect()
    };
    assert_eq!(pick("start"), class_sizes(&db, dir.path(), "01.09.2026"));
    assert_eq!(pick("end"), class_sizes(&db, dir.path(), "31.10.2026"));
    let a = classes.iter().find(|c| c["class"] == "9 А").unwrap();
    assert_eq!(n(&a["left_by"], "other_classes"), 1);
    assert_eq!(n(&a["left_by"], "other_school"), 1);
    assert_eq!(n(&a["arrived_by"], "same_region"), 1);
    assert_eq!(
        n(&r["left_by"], "other_classes"),
        0,
        "no transfers in the school's total"
    );
    let b = classes.iter().find(|c| c["class"] == "9 Б").unwrap();
    assert_eq!(n(&b["arrived_by"], "other_classes"), 1);

    // A period outside the years: a Russian message and a non-zero exit.
    let out = cli(
        &db,
        &[
            "report",
            "movement",
            "--from",
            "01.07.2026",
            "--to",
            "31.10.2026",
            "--json",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(json(&out)["fields"][0]["code"], "outside_year");
}

#[test]
fn report_movement_takes_a_year_and_its_whole_length_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = school(dir.path());
    let succeeded = |out: std::process::Output| {
        ok(&out);
        json(&out)
    };
    let report = |args: &[&str]| {
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["movement", "--json"]);
        cli(&db, &all)
    };
    let dated = |year: &[&str]| {
        let mut args = year.to_vec();
        args.extend_from_slice(&[
            "movement",
            "--from",
            "01.09.2026",
            "--to",
            "31.08.2027",
            "--json",
        ]);
        let mut all = vec!["report"];
        all.extend_from_slice(&args);
        succeeded(cli(&db, &all))
    };
    let whole = dated(&[]);
    assert_eq!(succeeded(report(&[])), whole, "no dates: the current year");
    assert_eq!(succeeded(report(&["--year", "2026-2027"])), whole);
    assert_eq!(dated(&["--year", "2026-2027"]), whole);

    let out = report(&["--year", "2030-2031"]);
    assert!(!out.status.success());
    assert_eq!(json(&out)["fields"][0]["code"], "unknown_year");

    // The next year exists after the rollover's first two stages: a period of this year is not its.
    ok(&cli(
        &db,
        &[
            "rollover",
            "run",
            "--to",
            "2027-2028",
            "--stage",
            "1",
            "--json",
        ],
    ));
    ok(&cli(
        &db,
        &[
            "rollover",
            "run",
            "--to",
            "2027-2028",
            "--stage",
            "2",
            "--json",
        ],
    ));
    let out = cli(
        &db,
        &[
            "report",
            "--year",
            "2027-2028",
            "movement",
            "--from",
            "01.10.2026",
            "--json",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(json(&out)["fields"][0]["code"], "outside_year");
    let next = succeeded(report(&["--year", "2027-2028"]));
    assert_eq!(
        n(&next, "start"),
        n(&next, "end"),
        "nothing moves in a year not begun"
    );
}

#[test]
fn print_and_export_movement_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let (db, [moved, returned]) = school(dir.path());
    let pdf = dir.path().join("movement.pdf");
    let xlsx = dir.path().join("movement.xlsx");
    let period = ["--from", "01.09.2026", "--to", "31.10.2026"];
    let out = cli(
        &db,
        &[
            &["print", "movement"][..],
            &period,
            &["-o", pdf.to_str().unwrap()],
        ]
        .concat(),
    );
    ok(&out);
    ok(&cli(
        &db,
        &[
            &["export", "movement"][..],
            &period,
            &["-o", xlsx.to_str().unwrap()],
        ]
        .concat(),
    ));
    let text = pdftotext(&pdf);
    assert!(text.contains("Движение обучающихся"), "{text}");
    assert!(
        text.contains("за период с 01.09.2026 по 31.10.2026"),
        "{text}"
    );
    assert!(text.contains(&moved) && text.contains(&returned), "{text}");
    assert!(text.contains("№ 116-у от 10.10.2026"), "{text}");
    let report = json(&cli(
        &db,
        &[&["report", "movement"][..], &period, &["--json"]].concat(),
    ));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("Движение").unwrap();
    let total = range
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "Всего по школе"))
        .unwrap();
    let figure = |i: usize| match &total[i] {
        Data::Float(f) => *f as i64,
        other => panic!("{other:?}"),
    };
    assert_eq!(figure(1), n(&report, "start"));
    assert_eq!(figure(total.len() - 1), n(&report, "end"));
}

#[test]
fn the_alphabet_book_and_the_orders_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let (db, [_, returned]) = school(dir.path());
    let book = dir.path().join("book.pdf");
    ok(&cli(
        &db,
        &["print", "alphabet-book", "-o", book.to_str().unwrap()],
    ));
    let text = pdftotext(&book);
    assert!(
        text.contains("Алфавитная книга записи обучающихся"),
        "{text}"
    );
    assert!(
        text.contains("(повторное зачисление)"),
        "the return is a stay of its own"
    );
    let surname = returned.split_whitespace().next().unwrap();
    assert!(text.contains(surname));
    assert!(text.contains("117-у"), "the return's order");
    assert!(text.contains("другую"), "the reason of the departure");

    let register = dir.path().join("orders.pdf");
    ok(&cli(
        &db,
        &["print", "orders", "-o", register.to_str().unwrap()],
    ));
    let text = pdftotext(&register);
    assert!(text.contains("Книга приказов по контингенту"), "{text}");
    assert!(
        text.contains("115-у") && text.contains("Перевод из 9 А в 9 Б"),
        "{text}"
    );

    let draft = dir.path().join("order.pdf");
    ok(&cli(
        &db,
        &[
            "print",
            "order",
            "--number",
            "116-У",
            "--date",
            "10.10.2026",
            "-o",
            draft.to_str().unwrap(),
        ],
    ));
    let text = pdftotext(&draft);
    for words in [
        "ПРИКАЗ",
        "№ 116-у",
        "Об отчислении обучающихся",
        "ПРИКАЗЫВАЮ:",
        "Отчислить из 9 А класса с 10.10.2026",
        "на основании заявления родителей",
        "Директор",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let out = cli(
        &db,
        &[
            "print",
            "order",
            "--number",
            "999-я",
            "-o",
            draft.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("нет в книге приказов"));
}
