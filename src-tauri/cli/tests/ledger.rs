//! `zavuch-cli print ledger`, `print attendance-ledger` and `export ledger` on the demo school
//! with 5 А marked for «1 четверть»: the PDFs read back with `pdftotext -layout`, the .xlsx with
//! calamine, against `marks::sheet` and its stats.

mod common;

use calamine::{Data, Reader};
use common::{class_id, cli, ok, pdftotext};
use std::path::Path;
use zavuch_core::marks::{self, AbsenceEntry, MarkSheet, MarkValue};
use zavuch_core::{year, Db};

/// The demo school with every student of 5 А marked in «1 четверть» (5, 4, 3 in turn, one «2»,
/// pass/fail subjects «зачтено») and their absences; returns the sheet as the core has it.
fn school(dir: &Path) -> (std::path::PathBuf, MarkSheet) {
    let path = dir.join("demo.zavuch");
    ok(&cli(&path, &["demo"]));
    let db = Db::open(&path).unwrap();
    let class = class_id(&db, "5 А");
    let period = marks::period_by_name(&db, class, "1 четверть")
        .unwrap()
        .period;
    let sheet = marks::sheet(&db, class, period).unwrap();
    let cycle = [MarkValue::Five, MarkValue::Four, MarkValue::Three];
    let entries = sheet.entries(|i, j, subject| {
        Some(match (i, j) {
            _ if subject.pass_fail => MarkValue::Passed,
            (0, 0) => MarkValue::Two,
            _ => cycle[(i + 2 * j) % 3],
        })
    });
    marks::set_marks(&db, class, period, &entries).unwrap();
    let absences: Vec<AbsenceEntry> = sheet
        .students
        .iter()
        .enumerate()
        .map(|(i, s)| AbsenceEntry {
            student_id: s.student_id,
            missed: Some(i as i32 * 3),
            of_illness: Some(i as i32),
        })
        .collect();
    marks::set_absences(&db, class, period, &absences).unwrap();
    let sheet = marks::sheet(&db, class, period).unwrap();
    (path, sheet)
}

fn stdout(out: &std::process::Output) -> String {
    ok(out);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The words of the line starting with the student's number and last name.
fn row<'a>(text: &'a str, number: i32, last_name: &str) -> Vec<&'a str> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|w| w.len() > 1 && w[0] == number.to_string() && w[1] == last_name)
        .unwrap_or_else(|| panic!("no row {number} {last_name}:\n{text}"))
}

fn cell(sheet: &MarkSheet, i: usize, j: usize) -> &'static str {
    let s = &sheet.students[i];
    if !s.studies[j] {
        "—"
    } else {
        s.marks[j].map_or("", |m| m.short())
    }
}

#[test]
fn a_class_ledger_prints_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let (db, sheet) = school(dir.path());
    let pdf = dir.path().join("5а.pdf");
    let said = stdout(&cli(
        &db,
        &[
            "print",
            "ledger",
            "--class",
            "5а",
            "--period",
            "1 четверть",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(said.contains("5 А, 1 четверть"), "{said}");
    assert!(std::fs::metadata(&pdf).unwrap().len() < 100_000);
    let text = pdftotext(&pdf);
    assert!(text.contains("Сводная ведомость итоговой успеваемости"));
    for (i, s) in sheet.students.iter().enumerate() {
        let words = row(&text, s.number, &s.last_name);
        let cells: Vec<&str> = (0..sheet.subjects.len())
            .map(|j| cell(&sheet, i, j))
            .collect();
        assert!(words.ends_with(&cells), "{words:?} vs {cells:?}");
    }
    let pass: Vec<String> = sheet
        .stats
        .subjects
        .iter()
        .filter_map(|s| s.pass_rate.clone().map(|r| r.text))
        .collect();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Успеваемость, %") && l.contains(','))
        .expect("the pass rates row");
    let printed: Vec<&str> = line.split_whitespace().skip(2).collect();
    assert_eq!(printed, pass);
    let c = &sheet.stats.class;
    let n = &c.counts;
    assert_eq!(n.with_two, 1);
    let figures = format!(
        "{} {} {} {} {} {} {} {} {} {} {}",
        n.students,
        n.attested,
        n.only_five,
        n.four_and_five,
        n.one_three,
        n.with_two,
        n.not_attested,
        n.exempt,
        n.incomplete,
        c.pass_rate.clone().unwrap().text,
        c.quality_rate.clone().unwrap().text
    );
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == figures),
        "no «{figures}»:\n{text}"
    );

    // The same table as .xlsx.
    let xlsx = dir.path().join("5а.xlsx");
    stdout(&cli(
        &db,
        &[
            "export",
            "ledger",
            "--class",
            "5 А",
            "--period",
            "1 четверть",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    ));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("Ведомость").unwrap();
    let at = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    };
    assert_eq!(at(4, 2), sheet.subjects[0].name);
    for (i, s) in sheet.students.iter().enumerate() {
        let r = 5 + i as u32;
        assert!(at(r, 1).starts_with(&s.full_name));
        for j in 0..sheet.subjects.len() {
            assert_eq!(at(r, 2 + j as u32), cell(&sheet, i, j));
        }
    }
}

#[test]
fn a_ledger_of_a_period_without_marks_says_how_many_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = school(dir.path());
    let pdf = dir.path().join("q2.pdf");
    let said = stdout(&cli(
        &db,
        &[
            "print",
            "ledger",
            "--class",
            "5 А",
            "--period",
            "2 четверть",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    let core = Db::open(&db).unwrap();
    let class = class_id(&core, "5 А");
    let period = marks::period_by_name(&core, class, "2 четверть").unwrap();
    let sheet = marks::sheet(&core, class, period.period).unwrap();
    let notice = sheet
        .stats
        .class
        .counts
        .marks
        .notice()
        .expect("nothing given yet");
    assert!(said.contains(&notice), "{said}");
    let text = pdftotext(&pdf);
    assert!(text.contains(&notice), "{text}");
    assert!(!text.contains("100,0"), "{text}");
}

#[test]
fn attendance_of_a_class_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let (db, sheet) = school(dir.path());
    let pdf = dir.path().join("посещаемость.pdf");
    let args = |period: &str| {
        vec![
            "print".to_string(),
            "attendance-ledger".into(),
            "--class".into(),
            "5 А".into(),
            "--period".into(),
            period.into(),
            "-o".into(),
            pdf.to_str().unwrap().into(),
        ]
    };
    let run = |period: &str| {
        let a = args(period);
        cli(&db, &a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    stdout(&run("1 четверть"));
    let text = pdftotext(&pdf);
    assert!(text.contains("Сводная ведомость учёта посещаемости"));
    for s in &sheet.students {
        let words = row(&text, s.number, &s.last_name);
        let tail = [
            s.missed.unwrap().to_string(),
            s.of_illness.unwrap().to_string(),
        ];
        assert!(
            words.ends_with(&[tail[0].as_str(), tail[1].as_str()]),
            "{words:?}"
        );
    }
    let c = &sheet.stats.class;
    assert!(
        text.lines().any(|l| l.contains("Итого по классу")
            && l.split_whitespace().rev().take(2).collect::<Vec<_>>()
                == [c.of_illness.to_string(), c.missed.to_string()]),
        "{text}"
    );

    let year = run("Год");
    assert!(!year.status.success());
    assert!(String::from_utf8_lossy(&year.stderr).contains("по четвертям"));
    let unknown = run("5 четверть");
    assert!(!unknown.status.success());
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(said.contains("«1 четверть»"), "{said}");
    let neither = cli(
        &db,
        &["print", "ledger", "--period", "1 четверть", "-o", "x.pdf"],
    );
    assert!(!neither.status.success(), "--class or --all is required");
}

#[test]
fn the_whole_school_into_a_folder_or_one_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let (db, sheet) = school(dir.path());
    let classes = {
        let db = Db::open(&db).unwrap();
        let year = year::current(&db).unwrap().unwrap().id.unwrap();
        marks::classes_with_period(&db, year, "1 четверть")
            .unwrap()
            .len()
    };
    let folder = dir.path().join("ведомости");
    let said = stdout(&cli(
        &db,
        &[
            "print",
            "ledger",
            "--all",
            "--period",
            "1 четверть",
            "-o",
            folder.to_str().unwrap(),
        ],
    ));
    assert!(said.contains(&format!("классов {classes}")), "{said}");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), classes);
    for f in &files {
        assert!(std::fs::metadata(f).unwrap().len() < 100_000, "{f:?}");
    }
    let five_a = pdftotext(&folder.join("2026-2027, 1 четверть, 5 А.pdf"));
    let first = &sheet.students[0];
    assert!(
        row(&five_a, 1, &first.last_name).contains(&"2"),
        "the «2» of the first student"
    );

    let combined = dir.path().join("все.pdf");
    stdout(&cli(
        &db,
        &[
            "print",
            "attendance-ledger",
            "--all",
            "--period",
            "1 четверть",
            "-o",
            combined.to_str().unwrap(),
        ],
    ));
    let info = std::process::Command::new("pdfinfo")
        .arg(&combined)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(&format!(" {classes}"))),
        "{info}"
    );
}
