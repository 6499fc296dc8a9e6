//! `zavuch-cli staff hire|transfer|leave`: one JSON line for what was written, a Russian message
//! and a non-zero exit on bad input; `print staff-orders` lists the orders.

mod common;

use common::{cli, json, ok, pdftotext};
use std::path::{Path, PathBuf};
use std::process::Output;

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("school.zavuch");
    ok(&cli(&db, &["demo"]));
    db
}

/// The Russian message of a refusal; the exit is non-zero and nothing is on stdout.
fn refused(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn appointments(db: &Path) -> i64 {
    zavuch_core::Db::open(db)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM appointment", [], |r| r.get(0))
        .unwrap()
}

/// Прохорова: deputy head at a full rate and teacher at a quarter rate in the demo.
const PROKHOROVA: &str = "Прохорова Алина Артёмовна";

#[test]
fn hire_transfer_and_leave_print_one_line_each_and_fill_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());

    let out = cli(
        &db,
        &[
            "staff",
            "transfer",
            "--staff",
            PROKHOROVA,
            "--from-position",
            "учитель",
            "--rate",
            "0,75",
            "--date",
            "01.12.2026",
            "--order",
            "№ 101-к от 30.11.2026",
        ],
    );
    ok(&out);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let line = json(&out);
    assert_eq!(line["event"], "transfer");
    assert_eq!(line["staff"], PROKHOROVA);
    assert_eq!(line["from_rate"], 0.5);
    assert_eq!(line["rate"], 0.75);
    assert_eq!(line["order"], "№ 101-к от 30.11.2026");

    // Found by SNILS in any form; an order dated after the hire is written with a warning.
    let snils: String = zavuch_core::Db::open(&db)
        .unwrap()
        .conn()
        .query_row(
            "SELECT snils FROM staff_member WHERE last_name = 'Прохорова'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let out = cli(
        &db,
        &[
            "staff",
            "hire",
            "--staff",
            &snils.replace(['-', ' '], ""),
            "--position",
            "Тьютор",
            "--rate",
            "0.25",
            "--date",
            "01.11.2026",
            "--order",
            "№ 110-к от 02.11.2026",
        ],
    );
    ok(&out);
    let line = json(&out);
    assert_eq!(line["event"], "hire");
    assert_eq!(line["position"], "Тьютор");
    assert_eq!(line["warnings"][0]["code"], "order_after_movement");

    let out = cli(
        &db,
        &[
            "staff",
            "leave",
            "--staff",
            PROKHOROVA,
            "--position",
            "Тьютор",
            "--date",
            "31.12.2026",
            "--reason",
            "по соглашению сторон",
            "--order",
            "№ 120-к от 30.12.2026",
        ],
    );
    ok(&out);
    let line = json(&out);
    assert_eq!(
        (line["event"].as_str(), line["reason"].as_str()),
        (Some("leave"), Some("по соглашению сторон"))
    );

    let pdf = dir.path().join("staff-orders.pdf");
    ok(&cli(
        &db,
        &["print", "staff-orders", "-o", pdf.to_str().unwrap()],
    ));
    let text = pdftotext(&pdf);
    assert!(text.contains("Книга приказов по личному составу"), "{text}");
    for number in ["101-к", "110-к", "120-к"] {
        assert!(text.contains(number), "{number} in:\n{text}");
    }
    assert!(text.contains("Прохорова Алина Артёмовна"));
}

#[test]
fn bad_input_is_refused_in_russian_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let before = appointments(&db);

    let message = refused(&cli(
        &db,
        &[
            "staff",
            "leave",
            "--staff",
            PROKHOROVA,
            "--date",
            "01.01.2020",
            "--reason",
            "по собственному желанию",
        ],
    ));
    assert!(
        message.contains("Прохорова Алина Артёмовна") && message.contains("раньше назначения"),
        "{message}"
    );

    let message = refused(&cli(
        &db,
        &[
            "staff",
            "transfer",
            "--staff",
            PROKHOROVA,
            "--rate",
            "0,5",
            "--date",
            "01.10.2026",
        ],
    ));
    assert!(message.contains("несколько должностей"), "{message}");

    let message = refused(&cli(
        &db,
        &[
            "staff",
            "transfer",
            "--staff",
            PROKHOROVA,
            "--from-position",
            "Учитель",
            "--rate",
            "5",
            "--date",
            "01.10.2026",
        ],
    ));
    assert!(message.contains("ставка 5"), "{message}");

    let message = refused(&cli(
        &db,
        &[
            "staff",
            "hire",
            "--staff",
            PROKHOROVA,
            "--position",
            "Учитель",
            "--rate",
            "1",
            "--date",
            "01.10.2026",
        ],
    ));
    assert!(
        message.contains("уже занимает должность «Учитель»"),
        "{message}"
    );

    let message = refused(&cli(
        &db,
        &[
            "staff",
            "hire",
            "--staff",
            "Нет Такого Сотрудника",
            "--position",
            "Учитель",
            "--rate",
            "1",
            "--date",
            "01.10.2026",
        ],
    ));
    assert!(
        message.contains("Сотрудника «Нет Такого Сотрудника» нет"),
        "{message}"
    );

    let message = refused(&cli(
        &db,
        &[
            "staff",
            "hire",
            "--staff",
            PROKHOROVA,
            "--position",
            "Тьютор",
            "--rate",
            "1",
            "--date",
            "01.10.2026",
            "--order",
            "от 01.10.2026",
        ],
    ));
    assert!(message.contains("не приказ"), "{message}");
    assert_eq!(appointments(&db), before);
}
