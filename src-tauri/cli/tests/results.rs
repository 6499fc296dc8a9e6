//! `zavuch-cli print results`, `export results` and `print student-results` on the demo school
//! (which has marks for «1 четверть»): the PDFs read back with `pdftotext -layout`, the .xlsx
//! with calamine, against the core's `forms::results` and `marks::results`.

mod common;

use calamine::{Data, Reader};
use common::{class_id, cli, ok, pdftotext, words_after};
use std::path::{Path, PathBuf};
use std::process::Command;
use zavuch_core::forms::{results, student_results};
use zavuch_core::{students, Db};

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.zavuch");
    ok(&cli(&path, &["demo"]));
    path
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[test]
fn print_results_has_the_cores_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = demo(dir.path());
    let pdf = dir.path().join("out/results.pdf");
    let out = cli(
        &db_path,
        &[
            "print",
            "results",
            "--period",
            "1 четверть",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    ok(&out);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("1 четверть"), "{said}");
    let form = results::compute(&Db::open(&db_path).unwrap(), Some("1 четверть"), today()).unwrap();
    let text = pdftotext(&pdf);
    assert!(text.contains("Итоги успеваемости"), "{text}");
    assert!(text.contains("Всего по школе"), "{text}");
    // The demo's marks give some «2» and «н/а»: the figures are not all alike.
    assert!(form.results.school_total().counts.with_two > 0);
    for row in &form.results.rows {
        assert_eq!(
            words_after(&text, &row.label),
            results::row_texts(row),
            "{}",
            row.label
        );
    }
    let total = form.results.school_total();
    assert!(
        said.contains(&format!(
            "успеваемость {} %",
            total.pass_rate.as_ref().unwrap().text
        )),
        "{said}"
    );
}

#[test]
fn results_of_a_period_without_marks_print_dashes_and_say_marks_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = demo(dir.path());
    let pdf = dir.path().join("q2.pdf");
    let out = cli(
        &db_path,
        &[
            "print",
            "results",
            "--period",
            "2 четверть",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    ok(&out);
    let said = String::from_utf8(out.stdout).unwrap();
    let form = results::compute(&Db::open(&db_path).unwrap(), Some("2 четверть"), today()).unwrap();
    let marks = &form.results.school_total().counts.marks;
    assert_eq!(marks.missing, marks.expected);
    let notice = format!("Выставлены не все отметки: {0} из {0}", marks.expected);
    assert!(
        said.contains("успеваемость —, качество —") && said.contains(&notice),
        "{said}"
    );
    let text = pdftotext(&pdf);
    assert!(text.contains(&notice), "{text}");
    for row in &form.results.rows {
        let words = words_after(&text, &row.label);
        assert_eq!(words[words.len() - 2..], ["—", "—"], "{}", row.label);
    }
    assert!(!text.contains("100,0"), "{text}");
}

#[test]
fn export_results_without_a_period_reports_the_default_one() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = demo(dir.path());
    let xlsx = dir.path().join("results.xlsx");
    let out = cli(
        &db_path,
        &["export", "results", "-o", xlsx.to_str().unwrap()],
    );
    ok(&out);
    let said = String::from_utf8(out.stdout).unwrap();
    let form = results::compute(&Db::open(&db_path).unwrap(), None, today()).unwrap();
    assert!(said.contains(&form.results.period_name), "{said}");

    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    let range = book.worksheet_range("Итоги успеваемости").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        cell(2, 0),
        Data::String(format!(
            "{} учебный год, {}",
            form.results.year_name,
            form.results.period_phrase()
        ))
    );
    for (i, row) in form.results.rows.iter().enumerate() {
        let r = 5 + i as u32;
        assert_eq!(cell(r, 0), Data::String(row.label.clone()));
        let figures = row.counts.figures();
        for (j, n) in figures.iter().enumerate() {
            assert_eq!(
                cell(r, 1 + j as u32),
                Data::Float(f64::from(*n)),
                "{}",
                row.label
            );
        }
        let col = 1 + figures.len() as u32;
        assert_eq!(
            cell(r, col),
            Data::Float(row.pass_rate.as_ref().unwrap().value)
        );
        assert_eq!(
            cell(r, col + 1),
            Data::Float(row.quality_rate.as_ref().unwrap().value)
        );
    }
}

#[test]
fn export_results_of_an_unknown_period_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = demo(dir.path());
    let xlsx = dir.path().join("results.xlsx");
    let out = cli(
        &db_path,
        &[
            "export",
            "results",
            "--period",
            "7 четверть",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("«7 четверть»") && err.contains("«1 четверть»"),
        "{err}"
    );
    assert!(!xlsx.exists());
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn student_results_of_a_class_and_of_one_student() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = demo(dir.path());
    let db = Db::open(&db_path).unwrap();
    let class = class_id(&db, "5 А");
    let core = student_results::for_class(&db, class, today()).unwrap();

    let pdf = dir.path().join("5a.pdf");
    ok(&cli(
        &db_path,
        &[
            "print",
            "student-results",
            "--class",
            "5а",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    assert_eq!(pages(&pdf), core.students.len());

    // One student by the personal file number, then by the full name: the same page.
    let first = &core.students[0];
    let card = students::get(&db, first.student_id).unwrap();
    for who in [card.file_number.as_str(), first.full_name.as_str()] {
        let one = dir.path().join("one.pdf");
        ok(&cli(
            &db_path,
            &[
                "print",
                "student-results",
                "--student",
                who,
                "-o",
                one.to_str().unwrap(),
            ],
        ));
        assert_eq!(pages(&one), 1);
        let text = pdftotext(&one);
        assert!(text.contains(&first.full_name), "{text}");
        assert!(
            text.contains("5 А класс") || text.contains("5А класс"),
            "{text}"
        );
        // Each subject's row: the marks of «1 четверть» as the core has them.
        for subject in &first.subjects {
            let Some(line) = text.lines().find(|l| l.contains(&subject.name)) else {
                continue; // a long name wraps onto two lines
            };
            let mark = student_results::mark_text(subject, 0);
            let cells = line.split(subject.name.as_str()).nth(1).unwrap();
            let first_cell = cells.split_whitespace().next().unwrap_or("");
            assert_eq!(first_cell, mark, "{}: {line}", subject.name);
        }
    }

    let out = cli(
        &db_path,
        &[
            "print",
            "student-results",
            "--student",
            "Нет Такого Ученика",
            "-o",
            "x.pdf",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("Нет обучающегося «Нет Такого Ученика»"),
        "{err}"
    );
}
