//! `zavuch-cli report package`: the district package of the demo school for a day — the folder
//! named by INN, school and day, the manifest accepted by `sha256sum -c`, and each report's
//! .xlsx the same as `export …` writes for that day.

mod common;

use calamine::{Data, Reader};
use common::{cli, ok, pdftotext};
use std::path::{Path, PathBuf};
use std::process::Command;
use zavuch_core::reports;

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.zavuch");
    ok(&cli(&path, &["demo"]));
    path
}

/// `report package --date 20.09.2026 -o out`.
fn package(db: &Path, out: &Path) -> std::process::Output {
    let out = out.to_str().unwrap();
    cli(
        db,
        &["report", "package", "--date", "20.09.2026", "-o", out],
    )
}

/// Every sheet's cells as text.
fn cells(path: &Path) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        out.extend(range.rows().map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        }));
    }
    out
}

#[test]
fn the_package_has_every_report_as_export_writes_it_and_a_manifest_sha256sum_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = dir.path().join("УО");
    let run = package(&db, &out);
    ok(&run);
    let folder = out.join("5702007616 МБОУ СОШ № 7 на 20.09.2026");
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        folder.display().to_string()
    );
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // A file per report of the registry and format, the description and the manifest.
    let on = chrono::NaiveDate::from_ymd_opt(2026, 9, 20).unwrap();
    let mut expected: Vec<String> = reports::DistrictReport::ALL
        .iter()
        .flat_map(|r| {
            reports::ReportFormat::ALL.map(|f| reports::file_name("5702007616", *r, on, f))
        })
        .chain(["manifest-sha256.txt", "Сведения о пакете.txt"].map(String::from))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    assert!(names.contains(&"5702007616_Итоги_успеваемости_2026-09-20.pdf".to_string()));
    let check = Command::new("sha256sum")
        .args(["-c", "--strict", "manifest-sha256.txt"])
        .current_dir(&folder)
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    assert_eq!(
        String::from_utf8_lossy(&check.stdout)
            .matches(": OK")
            .count(),
        names.len() - 1
    );

    // Each .xlsx holds what `export` writes for the same day and period.
    let exported = |args: &[&str], name: &str| {
        let path = dir.path().join(name);
        let mut all = args.to_vec();
        all.extend(["-o", path.to_str().unwrap()]);
        ok(&cli(&db, &all));
        cells(&path)
    };
    let in_package = |stem: &str| cells(&folder.join(format!("5702007616_{stem}_2026-09-20.xlsx")));
    assert_eq!(
        in_package("Наполняемость"),
        exported(
            &["export", "class-sizes", "--date", "20.09.2026"],
            "sizes.xlsx"
        )
    );
    assert_eq!(
        in_package("Движение"),
        exported(
            &["export", "movement", "--to", "20.09.2026"],
            "movement.xlsx"
        )
    );
    assert_eq!(
        in_package("Итоги_успеваемости"),
        exported(
            &["export", "results", "--period", "1 четверть"],
            "results.xlsx"
        )
    );
    assert_eq!(
        in_package("Списки_по_итогам"),
        exported(
            &["export", "results-lists", "--period", "1 четверть"],
            "lists.xlsx"
        )
    );
    let text = pdftotext(&folder.join("5702007616_Итоги_успеваемости_2026-09-20.pdf"));
    assert!(
        text.contains("за 1 четверть") && text.contains("СОУ"),
        "{text}"
    );
    let info = std::fs::read_to_string(folder.join("Сведения о пакете.txt")).unwrap();
    assert!(
        info.contains("ИНН: 5702007616") && info.contains("На дату: 20.09.2026"),
        "{info}"
    );

    // Made again the same day: replaced, still one folder.
    ok(&package(&db, &out));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn a_day_outside_the_year_or_a_school_without_inn_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = dir.path().join("УО");
    let o = out.to_str().unwrap();
    let run = cli(&db, &["report", "package", "--date", "20.09.2025", "-o", o]);
    assert!(!run.status.success());
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(said.contains("вне учебного года 2026-2027"), "{said}");
    let run = cli(&db, &["report", "package", "--date", "31.09.2026", "-o", o]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("не дата ДД.ММ.ГГГГ"));
    // A new school file's card has no INN yet.
    let empty = dir.path().join("new.zavuch");
    ok(&cli(&empty, &["init"]));
    let run = package(&empty, &out);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("не заполнен ИНН"));
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().count() == 0);
}
