//! The registry and the package on the demo school: every report in every format read back
//! (PDF with `pdftotext`, .xlsx with calamine), the manifest checked with `sha256sum -c`, and
//! the package all or nothing.

use super::*;
use crate::forms::class_sizes;
use crate::print::tests::poppler;
use crate::testkit::{demo, year_id};
use calamine::{Data, Reader};
use std::collections::BTreeSet;
use std::process::Command;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// The text of a PDF on disk, laid out as printed.
fn pdf_text(path: &Path) -> String {
    poppler("pdftotext", &["-layout"], path)
}

/// Every cell of the first sheet of an .xlsx as text, row by row.
fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn entries(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

use std::fs;

/// The code of a refusal.
fn code(e: CoreError) -> String {
    match e {
        CoreError::Refused(f) => f.code,
        other => panic!("not a refusal: {other:?}"),
    }
}

#[test]
fn every_report_has_a_safe_distinct_stem_and_both_formats() {
    let stems: BTreeSet<&str> = DistrictReport::ALL.iter().map(|r| r.spec().stem).collect();
    assert_eq!(stems.len(), DistrictReport::ALL.len());
    for stem in stems {
        assert!(
            !stem.contains([' ', '.', '/', '\\', ':']) && !stem.is_empty(),
            "{stem}"
        );
    }
    for r in DistrictReport::ALL {
        assert_eq!(
            r.spec().formats,
            [ReportFormat::Pdf, ReportFormat::Xlsx],
            "{r:?}"
        );
    }
    let name = file_name(
        "5702007616",
        DistrictReport::ClassSizes,
        day(9, 20),
        ReportFormat::Xlsx,
    );
    assert_eq!(name, "5702007616_Наполняемость_2026-09-20.xlsx");
    assert_eq!(
        folder_name("5702007616", "МБОУ \"СОШ № 7\"", day(9, 20)),
        "5702007616 МБОУ _СОШ № 7_ на 20.09.2026"
    );
}

#[test]
fn the_day_offered_is_20_september_while_it_is_in_the_year() {
    let (_dir, db) = demo();
    assert_eq!(default_day(&db, day(12, 7)).unwrap(), day(9, 20));
    assert_eq!(default_day(&db, day(9, 2)).unwrap(), day(9, 20));
    let spring = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    assert_eq!(default_day(&db, spring).unwrap(), spring);
    let listed: Vec<DistrictReport> = registry().iter().map(|r| r.report).collect();
    assert_eq!(listed, DistrictReport::ALL.to_vec());
    let results = &registry()[listed
        .iter()
        .position(|r| *r == DistrictReport::Results)
        .unwrap()];
    assert_eq!(results.title, "Итоги успеваемости с СОУ");
}

#[test]
fn a_report_is_the_forms_own_document_for_the_day() {
    let (_dir, db) = demo();
    let year = year_id(&db);
    let sizes = class_sizes::compute_in_year(&db, year, Some(day(9, 20))).unwrap();
    let d = DistrictReport::ClassSizes
        .render(&db, year, day(9, 20), ReportFormat::Pdf)
        .unwrap();
    assert_eq!(d.name, class_sizes::document_name(&sizes, "pdf"));
    assert!(d.bytes.starts_with(b"%PDF"));
    // Term results of the latest period begun by the day (with marks), as the push sends them.
    let d = DistrictReport::Results
        .render(&db, year, day(11, 20), ReportFormat::Xlsx)
        .unwrap();
    assert_eq!(d.name, "Итоги успеваемости, 2026-2027, 1 четверть.xlsx");
    // Movement from the year's first day to the day.
    let d = DistrictReport::Movement
        .render(&db, year, day(10, 5), ReportFormat::Pdf)
        .unwrap();
    assert_eq!(
        d.name,
        "Движение обучающихся с 01.09.2026 по 05.10.2026.pdf"
    );
    let outside = DistrictReport::Movement
        .render(
            &db,
            year,
            NaiveDate::from_ymd_opt(2027, 9, 1).unwrap(),
            ReportFormat::Pdf,
        )
        .unwrap_err();
    assert_eq!(code(outside), "report_day_outside_year");
}

#[test]
fn the_package_holds_every_report_in_both_formats_with_a_manifest_sha256sum_accepts() {
    let (dir, db) = demo();
    let year = year_id(&db);
    let out = dir.path().join("Для УО");
    let mut steps = Vec::new();
    let package =
        write_package(&db, year, day(9, 20), &out, &mut |d, t| steps.push((d, t))).unwrap();
    let folder = out.join("5702007616 МБОУ СОШ № 7 на 20.09.2026");
    assert_eq!(package.folder, folder.display().to_string());
    assert_eq!(
        entries(&out),
        BTreeSet::from([folder.file_name().unwrap().to_string_lossy().into_owned()])
    );
    let total: usize = DistrictReport::ALL
        .iter()
        .map(|r| r.spec().formats.len())
        .sum();
    assert_eq!(steps.last(), Some(&(total, total)));
    assert!(package.absent.is_empty(), "{:?}", package.absent);
    let mut expected: BTreeSet<String> = DistrictReport::ALL
        .iter()
        .flat_map(|r| {
            [ReportFormat::Pdf, ReportFormat::Xlsx]
                .map(|f| file_name("5702007616", *r, day(9, 20), f))
        })
        .collect();
    assert_eq!(
        package
            .files
            .iter()
            .map(|f| f.name.clone())
            .collect::<BTreeSet<_>>(),
        expected
    );
    expected.extend([INFO.to_string(), MANIFEST.to_string()]);
    assert_eq!(entries(&folder), expected);

    // The standard tool accepts the manifest, and it lists every file but itself.
    let check = Command::new("sha256sum")
        .args(["-c", "--strict", MANIFEST])
        .current_dir(&folder)
        .output()
        .expect("sha256sum (coreutils) is needed");
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(said.matches(": OK").count(), expected.len() - 1, "{said}");
    assert!(crate::marks::archive::verify(&folder).unwrap().intact());

    // The PDFs read back with their figures; the .xlsx with calamine.
    let sizes = class_sizes::compute_in_year(&db, year, Some(day(9, 20))).unwrap();
    let total = sizes.school_total().total.to_string();
    let text = pdf_text(&folder.join("5702007616_Наполняемость_2026-09-20.pdf"));
    assert!(text.contains("по состоянию на 20.09.2026"), "{text}");
    let words = crate::print::tests::words_after(&text, "Всего по школе");
    assert!(words.contains(&total), "{words:?} {total}");
    let text = pdf_text(&folder.join("5702007616_Итоги_успеваемости_2026-09-20.pdf"));
    assert!(
        text.contains("1 четверть") && text.contains("СОУ"),
        "{text}"
    );
    let text = pdf_text(&folder.join("5702007616_Движение_2026-09-20.pdf"));
    assert!(text.contains("с 01.09.2026 по 20.09.2026"), "{text}");
    let text = pdf_text(&folder.join("5702007616_Списки_по_итогам_2026-09-20.pdf"));
    assert!(text.contains("Отличники"), "{text}");
    let rows = xlsx_rows(&folder.join("5702007616_Наполняемость_2026-09-20.xlsx"));
    let school = rows
        .iter()
        .find(|r| r[0] == "Всего по школе")
        .expect("school row");
    assert!(school.contains(&total), "{school:?}");
    let rows = xlsx_rows(&folder.join("5702007616_Итоги_успеваемости_2026-09-20.xlsx"));
    assert!(rows.iter().flatten().any(|c| c == "СОУ, %"), "{rows:?}");
    for f in &package.files {
        if f.format == ReportFormat::Xlsx {
            assert!(!xlsx_rows(&folder.join(&f.name)).is_empty(), "{}", f.name);
        }
    }

    // The description names the school, the INN, the day, the version and every file.
    let info = fs::read_to_string(folder.join(INFO)).unwrap();
    for needed in [
        "ИНН: 5702007616",
        "На дату: 20.09.2026",
        "2026-2027",
        env!("CARGO_PKG_VERSION"),
        "sha256sum -c",
    ] {
        assert!(info.contains(needed), "{needed}: {info}");
    }
    for f in &package.files {
        assert!(
            info.contains(&format!("{} — {}", f.name, f.title)),
            "{info}"
        );
    }

    // Made again after a correction: the old package is replaced, nothing else is left.
    fs::write(folder.join("лишний.txt"), "old").unwrap();
    write_package(&db, year, day(9, 20), &out, &mut |_, _| {}).unwrap();
    assert_eq!(entries(&folder), expected);
    assert_eq!(entries(&out).len(), 1);
}

#[test]
fn a_failure_half_way_leaves_no_folder_and_a_foreign_folder_is_not_replaced() {
    let (dir, db) = demo();
    let year = year_id(&db);
    let out = dir.path().join("out");
    // The movement table gone: the package fails at movement, the reports before it written.
    db.conn()
        .execute_batch("ALTER TABLE movement RENAME TO movement_gone")
        .unwrap();
    let mut steps = 0;
    write_package(&db, year, day(9, 20), &out, &mut |d, _| steps = d).unwrap_err();
    let before_movement: usize = DistrictReport::ALL
        .iter()
        .take_while(|r| **r != DistrictReport::Movement)
        .map(|r| r.spec().formats.len())
        .sum();
    assert_eq!(steps, before_movement);
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
    db.conn()
        .execute_batch("ALTER TABLE movement_gone RENAME TO movement")
        .unwrap();
    // A folder of that name holding something else is the user's: refused, untouched.
    let taken = out.join("5702007616 МБОУ СОШ № 7 на 20.09.2026");
    fs::create_dir_all(&taken).unwrap();
    fs::write(taken.join("мой.docx"), "x").unwrap();
    let e = write_package(&db, year, day(9, 20), &out, &mut |_, _| {}).unwrap_err();
    assert_eq!(code(e), "package_folder_taken");
    assert_eq!(entries(&taken), BTreeSet::from(["мой.docx".to_string()]));
    assert_eq!(entries(&out).len(), 1);
    // No INN: refused before anything is written.
    db.conn().execute("UPDATE school SET inn = ''", []).unwrap();
    let e = write_package(
        &db,
        year,
        day(9, 20),
        &dir.path().join("new"),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert_eq!(code(e), "district_no_inn");
    assert!(!dir.path().join("new").exists());
}

#[test]
fn before_the_first_term_the_results_are_absent_and_said_so() {
    let (dir, db) = demo();
    let year = year_id(&db);
    db.conn()
        .execute(
            "UPDATE term SET starts_on = '2026-09-15' WHERE starts_on = '2026-09-01'",
            [],
        )
        .unwrap();
    let package = write_package(&db, year, day(9, 10), dir.path(), &mut |_, _| {}).unwrap();
    let reports: Vec<DistrictReport> = package.files.iter().map(|f| f.report).collect();
    use DistrictReport::{ClassSizes, Movement, Results, ResultsLists};
    assert!(
        reports.contains(&ClassSizes) && reports.contains(&Movement),
        "{reports:?}"
    );
    assert!(
        !reports.contains(&Results) && !reports.contains(&ResultsLists),
        "{reports:?}"
    );
    assert_eq!(package.absent.len(), 2, "{:?}", package.absent);
    assert!(package.absent[0].starts_with("Итоги успеваемости с СОУ: На 10.09.2026 не начался"));
    let info = fs::read_to_string(Path::new(&package.folder).join(INFO)).unwrap();
    assert!(info.contains("Не составлены:"), "{info}");
    let e = DistrictReport::ResultsLists
        .render(&db, year, day(9, 10), ReportFormat::Pdf)
        .unwrap_err();
    assert_eq!(code(e), "no_term_begun_by");
}
