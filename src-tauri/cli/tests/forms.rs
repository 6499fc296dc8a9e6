//! `zavuch-cli print …` and `export class-sizes` on the demo school: the files read back with
//! `pdftotext -layout` (poppler-utils) and calamine.

mod common;

use calamine::{Data, Reader};
use common::{cli, pdftotext, words_after};
use std::process::Output;

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The numbers after `label` on its line (poppler may drop the narrow space in «5 А»).
fn figures(text: &str, label: &str) -> Vec<f64> {
    words_after(text, label)
        .iter()
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn class_list_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    ok(cli(&db, &["demo"]));
    let pdf = dir.path().join("out/5a.pdf");
    let said = ok(cli(
        &db,
        &[
            "print",
            "class-list",
            "--class",
            "5а",
            "--date",
            "01.10.2026",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(said.contains("Список класса 5 А на 01.10.2026"), "{said}");
    let text = pdftotext(&pdf);
    for expected in [
        "Список 5 А класса",
        "2026-2027 учебный год",
        "Классный руководитель:",
        "по состоянию на 01.10.2026",
        "№ личного дела",
        "Всего:",
        "Директор",
        "Н. В. Кириллова",
        "М.П.",
        "Страница 1 из 1",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    // Numbered from 1, each row with a birth date dd.mm.yyyy.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
                && l.contains(".20")
        })
        .collect();
    assert!(rows.len() >= 15, "{text}");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            row.split_whitespace().next(),
            Some((i + 1).to_string().as_str())
        );
    }

    // A class that is not there, and a date that is not one.
    let out = cli(
        &db,
        &["print", "class-list", "--class", "13 Я", "-o", "x.pdf"],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Класса «13 Я» в текущем учебном году нет")
    );
    let out = cli(
        &db,
        &[
            "print",
            "class-sizes",
            "--date",
            "31.02.2026",
            "-o",
            "x.pdf",
        ],
    );
    assert!(!out.status.success());
}

#[test]
fn class_sizes_pdf_and_xlsx_agree() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    ok(cli(&db, &["demo"]));
    let pdf = dir.path().join("sizes.pdf");
    let xlsx = dir.path().join("sizes.xlsx");
    let said = ok(cli(
        &db,
        &["print", "class-sizes", "-o", pdf.to_str().unwrap()],
    ));
    assert!(said.contains("на 20.09.2026"), "{said}");
    ok(cli(
        &db,
        &["export", "class-sizes", "-o", xlsx.to_str().unwrap()],
    ));
    let text = pdftotext(&pdf);
    assert!(text.contains("по состоянию на 20.09.2026"), "{text}");

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("Наполняемость").unwrap();
    let mut labels = Vec::new();
    for row in range.rows().skip(5) {
        let Some(Data::String(label)) = row.first() else {
            continue;
        };
        let numbers: Vec<f64> = row[1..]
            .iter()
            .map(|c| match c {
                Data::Float(f) => *f,
                Data::Int(n) => *n as f64,
                other => panic!("{label}: {other:?}"),
            })
            .collect();
        assert_eq!(numbers, figures(&text, label), "{label}");
        labels.push(label.clone());
    }
    assert!(labels.len() >= 30, "{labels:?}");
    for subtotal in [
        "Итого 1–4 классы",
        "Итого 5–9 классы",
        "Итого 10–11 классы",
        "Всего по школе",
    ] {
        assert!(labels.iter().any(|l| l == subtotal), "{labels:?}");
    }
    let school = figures(&text, "Всего по школе");
    let levels: f64 = ["Итого 1–4 классы", "Итого 5–9 классы", "Итого 10–11 классы"]
        .iter()
        .map(|l| figures(&text, l)[2])
        .sum();
    assert_eq!(school[2], levels);
    assert_eq!(school[0] + school[1], school[2]);

    // Later in the autumn the departures of September are no longer counted.
    let later = dir.path().join("later.pdf");
    ok(cli(
        &db,
        &[
            "print",
            "class-sizes",
            "--date",
            "01.10.2026",
            "-o",
            later.to_str().unwrap(),
        ],
    ));
    let later = figures(&pdftotext(&later), "Всего по школе");
    assert!(later[2] < school[2], "{later:?} vs {school:?}");
}
