//! `zavuch-cli report tariff|staff [--date] -o F.pdf|F.xlsx` on the demo school: the files read
//! back with `pdftotext -layout` and calamine against the core's own figures.

mod common;

use calamine::{Data, Reader};
use common::{cli, ok, pdftotext};
use std::path::Path;
use zavuch_core::forms::{staff_composition, tariff};
use zavuch_core::Db;

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.zavuch");
    ok(&cli(&db, &["demo"]));
    db
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    d.to_string()
}

#[test]
fn the_tariff_list_as_pdf_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let pdf = dir.path().join("out/tariff.pdf");
    let out = cli(&db, &["report", "tariff", "-o", pdf.to_str().unwrap()]);
    ok(&out);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Тарификационный список на 01.09.2026"),
        "{said}"
    );
    let file = Db::open(&db).unwrap();
    let year = zavuch_core::year::current_id(&file).unwrap();
    let form = tariff::compute(&file, year, None).unwrap();
    assert!(form.rows.len() > 20, "{}", form.rows.len());
    let printed = pdftotext(&pdf);
    assert!(printed.contains("Тарификационный список педагогических работников"));
    assert!(printed.contains("по состоянию на 01.09.2026"));
    let first = form.rows[0].full_name.split(' ').next().unwrap();
    assert!(printed.contains(first), "{first}");
    assert!(printed.contains("Итого"));

    let xlsx = dir.path().join("tariff.xlsx");
    ok(&cli(
        &db,
        &[
            "report",
            "tariff",
            "--date",
            "01.10.2026",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    ));
    let form =
        tariff::compute(&file, year, zavuch_core::forms::parse_ru_date("01.10.2026")).unwrap();
    let rows = sheet(&xlsx, "Тарификация");
    assert_eq!(
        text(&rows[2][0]),
        "2026-2027 учебный год, по состоянию на 01.10.2026"
    );
    assert_eq!(rows.len(), 6 + form.rows.len() + 1);
    for (i, row) in form.rows.iter().enumerate() {
        assert_eq!(text(&rows[6 + i][1]), row.full_name);
    }
    // The school's total hours, as numbers, equal the sum of the teachers'.
    let total = rows.last().unwrap();
    assert_eq!(text(&total[0]), "Итого");
    let (_, all) = form.total();
    assert_eq!(total[11], Data::Float(all.0));
    // Hours that differ by half-year are written as printed, «20/19».
    let first_half = |d: &Data| match d {
        Data::Float(n) => *n,
        other => text(other)
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap_or(0.0),
    };
    let by_rows: f64 = rows[6..rows.len() - 1]
        .iter()
        .map(|r| first_half(&r[11]))
        .sum();
    assert_eq!(by_rows, all.0);
}

#[test]
fn the_staff_composition_as_pdf_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let file = Db::open(&db).unwrap();
    let year = zavuch_core::year::current_id(&file).unwrap();
    let form = staff_composition::compute(&file, year, None).unwrap();
    let pdf = dir.path().join("staff.pdf");
    ok(&cli(&db, &["report", "staff", "-o", pdf.to_str().unwrap()]));
    let printed = pdftotext(&pdf);
    let pedagogical = form.rows.iter().filter(|r| r.pedagogical).count();
    assert!(printed.contains(&format!(
        "Работников: {}, из них педагогических: {pedagogical}",
        form.rows.len()
    )));
    assert!(printed.contains("По возрасту"));

    let xlsx = dir.path().join("staff.xlsx");
    ok(&cli(
        &db,
        &["report", "staff", "-o", xlsx.to_str().unwrap()],
    ));
    let rows = sheet(&xlsx, "Кадровый состав");
    let women = form
        .rows
        .iter()
        .filter(|r| r.sex == zavuch_core::people::Sex::Female)
        .count();
    let line = rows
        .iter()
        .find(|r| text(&r[0]) == "из них женщин")
        .unwrap();
    assert_eq!(line[1], Data::Float(women as f64));
    let all = rows
        .iter()
        .find(|r| text(&r[0]) == "Всего работников")
        .unwrap();
    assert_eq!(all[1], Data::Float(form.rows.len() as f64));
    assert_eq!(all[2], Data::Float(pedagogical as f64));
}

#[test]
fn a_wrong_file_or_day_is_refused_in_russian() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let doc = dir.path().join("tariff.docx");
    let out = cli(&db, &["report", "staff", "-o", doc.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("PDF (.pdf) или Excel (.xlsx)"), "{said}");
    assert!(!doc.exists());
    let pdf = dir.path().join("t.pdf");
    let out = cli(
        &db,
        &[
            "report",
            "tariff",
            "--date",
            "01.09.2030",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("вне учебного года 2026-2027"), "{said}");
}
