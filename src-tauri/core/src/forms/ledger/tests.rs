//! The ledgers read back with poppler (`pdftotext`, `pdfinfo`) and calamine: a synthetic class
//! of 35 with 18 subjects on one page, the demo school's classes one by one and all at once.
//! Samples go to `$TMPDIR/zavuch-print-samples/` (`ledger-*.pdf`).

use super::super::attendance;
use super::super::class_report::{self, ClassLedger, LedgerForm, Target};
use super::*;
use crate::classes;
use crate::db::Db;
use crate::exchange::Cancel;
use crate::marks::{self, stats, AbsenceEntry, MarkValue, Period, PeriodInfo, SheetSubject};
use crate::print::samples::SUBJECTS;
use crate::print::tests::{poppler, save};
use crate::testkit::{self, class_id, year_id};
use calamine::{Data, Reader};
use chrono::NaiveDate;

const LAST: [&str; 7] = [
    "Александрова",
    "Белоусов",
    "Константинопольский",
    "Дмитриева",
    "Ёлкин",
    "Жуковская",
    "Зайцев",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A class of `students` × 18 subjects: marks cycling through every kind, the last subject
/// pass/fail, a closed cell where a student has an individual curriculum, one student departed.
fn synthetic(students: usize) -> ClassLedger {
    let subjects: Vec<SheetSubject> = SUBJECTS
        .iter()
        .enumerate()
        .map(|(j, name)| SheetSubject {
            subject_id: j as i64 + 1,
            name: name.to_string(),
            short_name: String::new(),
            pass_fail: j == SUBJECTS.len() - 1,
        })
        .collect();
    let graded = [
        MarkValue::Five,
        MarkValue::Four,
        MarkValue::Four,
        MarkValue::Three,
        MarkValue::Five,
        MarkValue::Four,
        MarkValue::Five,
    ];
    let list: Vec<marks::SheetStudent> = (0..students)
        .map(|i| {
            let last = format!("{}{}", LAST[i % LAST.len()], "а".repeat(i / LAST.len()));
            let marks = (0..SUBJECTS.len())
                .map(|j| match (i, j) {
                    (_, 17) => Some(MarkValue::Passed),
                    (3, 4) => Some(MarkValue::Two),
                    (5, 6) => Some(MarkValue::NotAttested),
                    (7, 15) => Some(MarkValue::Exempt),
                    // Some students with only «5», some with «4» and «5», some with one «3».
                    _ if i % 6 == 0 => Some(MarkValue::Five),
                    _ if i % 6 == 1 => Some([MarkValue::Five, MarkValue::Four][j % 2]),
                    _ if i % 6 == 2 => Some(if j == 5 {
                        MarkValue::Three
                    } else {
                        MarkValue::Four
                    }),
                    _ => Some(graded[(i * 3 + j) % graded.len()]),
                })
                .collect();
            marks::SheetStudent {
                student_id: i as i64 + 1,
                number: i as i32 + 1,
                full_name: format!("{last} Александр Константинович"),
                last_name: last,
                first_name: "Александр".into(),
                patronymic: "Константинович".into(),
                file_number: String::new(),
                departed_on: (i == 10).then(|| date(2026, 10, 20)),
                marks,
                // Student 2 does not study the second language (individual curriculum).
                studies: (0..SUBJECTS.len()).map(|j| !(i == 2 && j == 2)).collect(),
                missed: Some((i * 5 % 23) as i32),
                of_illness: Some((i * 3 % 5) as i32),
            }
        })
        .collect();
    let ends_on = date(2026, 10, 26);
    let stats = stats::of_sheet(&subjects, &list, ends_on);
    let sheet = marks::MarkSheet {
        class_id: 1,
        class_label: "5 А".into(),
        grade: 5,
        year_name: "2026-2027".into(),
        class_teacher: "Ёлкина А. С.".into(),
        period: PeriodInfo {
            period: Period::term(1),
            name: "1 четверть".into(),
            starts_on: date(2026, 9, 1),
            ends_on,
            closed_at: None,
        },
        subjects,
        students: list,
        stats,
    };
    ClassLedger::new(
        sheet,
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 17 имени Героя Советского Союза Ф. Ф. Ёлкина»".into(),
        "Соколова М. И.".into(),
    )
}

fn refusal(e: &crate::error::CoreError) -> String {
    match e {
        crate::error::CoreError::Refused(f) => f.code.clone(),
        other => panic!("not a refusal: {other:?}"),
    }
}

fn pages(pdf: &std::path::Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

/// The words of the line of `text` that starts with the student's number and name (or with the
/// number alone, when a long name wrapped and its cells sit on the name's second line).
fn row_of<'a>(text: &'a str, number: i32, last_name: &str) -> Vec<&'a str> {
    let number = number.to_string();
    let starts = |l: &str, with_name: bool| {
        let mut words = l.split_whitespace();
        words.next() == Some(number.as_str()) && (!with_name || words.next() == Some(last_name))
    };
    text.lines()
        .find(|l| starts(l, true))
        .or_else(|| text.lines().find(|l| starts(l, false)))
        .unwrap_or_else(|| panic!("no row {number} {last_name} in:\n{text}"))
        .split_whitespace()
        .collect()
}

#[test]
fn a_class_of_35_with_18_subjects_fits_one_legible_page() {
    let ledger = synthetic(35);
    let bytes = pdf(&ledger);
    assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
    let path = save("ledger-35x18.pdf", &bytes);
    assert_eq!(pages(&path), 1);
    let text = poppler("pdftotext", &["-layout"], &path);
    for expected in [
        "Сводная ведомость итоговой успеваемости",
        "Класс: 5 А",
        "Период: 1 четверть",
        "Учебный год: 2026-2027",
        "Классный руководитель: Ёлкина А. С.",
        "/ Ёлкина А. С. /",
        "Заместитель директора по УВР",
        "/ Соколова М. И. /",
        "М.П.",
        "Обучающихся",
        "Не аттестовано",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    // Every student's row reads back with their 18 cells, as the sheet has them.
    for s in &ledger.sheet.students {
        let row = row_of(&text, s.number, &s.last_name);
        let cells: Vec<&str> = (0..18).map(|j| mark_cell(s, j)).collect();
        assert!(
            row.ends_with(&cells),
            "row {}: {row:?} vs {cells:?}",
            s.number
        );
    }
    assert!(
        text.contains("(выб.") && text.contains("20.10.2026)"),
        "{text}"
    );
    // The rates under the table are the sheet's own texts.
    let rates = |title: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(title) && l.contains(','))
            .unwrap_or_else(|| panic!("no «{title}» row:\n{text}"));
        line.trim_start()[title.len()..]
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let subjects = &ledger.sheet.stats.subjects;
    let expected_pass: Vec<String> = subjects
        .iter()
        .map(|s| s.pass_rate.clone().unwrap().text)
        .collect();
    assert_eq!(rates("Успеваемость, %"), expected_pass);
    let expected_quality: Vec<String> = subjects
        .iter()
        .filter_map(|s| s.quality_rate.clone().map(|r| r.text))
        .collect();
    assert_eq!(rates("Качество, %"), expected_quality);
    // The class's figures: the row under their titles.
    let c = &ledger.sheet.stats.class;
    let figures: Vec<String> = class_figures(c).into_iter().map(|(_, v)| v).collect();
    let figures_line = figures.join(" ");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == figures_line),
        "no «{figures_line}» in:\n{text}"
    );
    let n = &c.counts;
    assert_eq!((n.with_two, n.not_attested), (1, 1));
    assert!(
        n.only_five > 0 && n.four_and_five > 0 && n.one_three > 0,
        "{c:?}"
    );
    // The student who left on 20.10 is listed but not counted; every mark is in: no notice.
    assert_eq!(n.students, 34);
    assert!(!text.contains("Выставлены не все отметки"), "{text}");
    // The subjects, printed turned, come out a word per line with -raw.
    let raw = poppler("pdftotext", &["-raw"], &path);
    for word in ["Обществознание", "Информатика", "нравственной"]
    {
        assert!(raw.contains(word), "«{word}» missing:\n{raw}");
    }
    // Legible: the marks are at least 6 pt (pdftotext -bbox gives each word's height).
    let boxes = poppler("pdftotext", &["-bbox"], &path);
    let row_word = boxes
        .lines()
        .find(|l| l.ends_with(">Белоусов</word>"))
        .expect("a student's word");
    let attr = |name: &str| -> f32 {
        let start = row_word.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        row_word[start..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(attr("yMax") - attr("yMin") >= 6.0, "{row_word}");
    // A picture to look at: $TMPDIR/zavuch-print-samples/ledger-35x18.png.
    let png = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(&path)
        .arg(path.with_extension(""))
        .status()
        .unwrap();
    assert!(png.success());
}

#[test]
fn the_ledger_as_xlsx_has_the_same_table() {
    let ledger = synthetic(12);
    let bytes = xlsx(&ledger).unwrap();
    save("ledger-12x18.xlsx", &bytes);
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Ведомость").unwrap();
    let at = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    };
    assert_eq!(at(0, 0), LedgerForm::Marks.label());
    assert_eq!(at(4, 2), "Русский язык");
    assert_eq!(at(4, 19), SUBJECTS[17]);
    for (i, s) in ledger.sheet.students.iter().enumerate() {
        let r = 5 + i as u32;
        assert_eq!(at(r, 0), s.number.to_string());
        assert!(at(r, 1).starts_with(&s.full_name));
        for j in 0..18 {
            assert_eq!(at(r, 2 + j as u32), mark_cell(s, j));
        }
    }
    let rates_row = 5 + ledger.sheet.students.len() as u32;
    assert_eq!(at(rates_row, 0), "Успеваемость, %");
    assert_eq!(
        at(rates_row, 2),
        ledger.sheet.stats.subjects[0]
            .pass_rate
            .clone()
            .unwrap()
            .text
    );
    assert_eq!(at(rates_row + 1, 0), "Качество, %");
    assert_eq!(
        at(rates_row + 1, 19),
        "",
        "no quality rate for a pass/fail subject"
    );
    let figures = class_figures(&ledger.sheet.stats.class);
    for (k, (title, value)) in figures.iter().enumerate() {
        let r = rates_row + 3 + k as u32;
        assert_eq!((at(r, 1), at(r, 2)), (title.to_string(), value.clone()));
    }
}

// ---- the demo school ----

/// Marks every student of the class in every subject they study (pass/fail subjects «зачтено»),
/// cycling 5, 4, 4, 3 with one «2» and one «н/а», and their absences; returns the period.
fn fill(db: &Db, class: i64, period_name: &str) -> Period {
    let period = marks::period_by_name(db, class, period_name)
        .unwrap()
        .period;
    let sheet = marks::sheet(db, class, period).unwrap();
    let cycle = [
        MarkValue::Five,
        MarkValue::Four,
        MarkValue::Four,
        MarkValue::Three,
    ];
    let entries = sheet.entries(|i, j, subject| {
        Some(match (i, j) {
            _ if subject.pass_fail => MarkValue::Passed,
            (1, 0) => MarkValue::Two,
            (2, 1) => MarkValue::NotAttested,
            _ => cycle[(i + j) % cycle.len()],
        })
    });
    marks::set_marks(db, class, period, &entries).unwrap();
    if period.kind == marks::PeriodKind::Term {
        let absences: Vec<AbsenceEntry> = sheet
            .students
            .iter()
            .enumerate()
            .map(|(i, s)| AbsenceEntry {
                student_id: s.student_id,
                missed: Some((i * 7 % 30) as i32),
                of_illness: Some((i * 7 % 30 / 2) as i32),
            })
            .collect();
        marks::set_absences(db, class, period, &absences).unwrap();
    }
    period
}

#[test]
fn the_demo_class_ledger_reads_back_its_sheet() {
    let (_dir, db) = testkit::demo();
    let class = class_id(&db, "5 А");
    let period = fill(&db, class, "1 четверть");
    let ledger = load(&db, class, period).unwrap();
    assert_eq!(ledger.sheet, marks::sheet(&db, class, period).unwrap());
    assert!(
        !ledger.heading.deputy_head.is_empty(),
        "the demo has a deputy head"
    );
    let path = save("ledger-demo-5a.pdf", &pdf(&ledger));
    assert_eq!(pages(&path), 1);
    let text = poppler("pdftotext", &["-layout"], &path);
    assert!(
        text.contains(&format!("/ {} /", ledger.heading.deputy_head)),
        "{text}"
    );
    for s in &ledger.sheet.students {
        let row = row_of(&text, s.number, &s.last_name);
        let cells: Vec<&str> = (0..ledger.sheet.subjects.len())
            .map(|j| mark_cell(s, j))
            .collect();
        assert!(row.ends_with(&cells), "{row:?} vs {cells:?}");
    }
    let c = &ledger.sheet.stats.class;
    assert_eq!((c.counts.with_two, c.counts.not_attested), (1, 1));
    for rate in [&c.pass_rate, &c.quality_rate] {
        assert!(text.contains(&rate.clone().unwrap().text), "{text}");
    }

    // The year's ledger of the same class, and its attendance for the term.
    let year = fill(&db, class, "Год");
    let year_ledger = load(&db, class, year).unwrap();
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &save("ledger-demo-5a-year.pdf", &pdf(&year_ledger)),
    );
    assert!(text.contains("Период: Год"), "{text}");

    let attendance = attendance::load(&db, class, period).unwrap();
    let path = save(
        "ledger-demo-5a-attendance.pdf",
        &attendance::pdf(&attendance),
    );
    assert_eq!(pages(&path), 1);
    let text = poppler("pdftotext", &["-layout"], &path);
    assert!(
        text.contains("Сводная ведомость учёта посещаемости"),
        "{text}"
    );
    for s in &attendance.sheet.students {
        let row = row_of(&text, s.number, &s.last_name);
        let tail = [
            s.missed.unwrap().to_string(),
            s.of_illness.unwrap().to_string(),
        ];
        assert!(
            row.ends_with(&[tail[0].as_str(), tail[1].as_str()]),
            "{row:?}"
        );
    }
    let totals = text
        .lines()
        .find(|l| l.contains("Итого по классу"))
        .unwrap()
        .split_whitespace()
        .rev()
        .take(2)
        .collect::<Vec<_>>();
    assert_eq!(
        totals,
        [c.of_illness.to_string(), c.missed.to_string()],
        "{text}"
    );
    let refused = attendance::load(&db, class, year).unwrap_err();
    assert_eq!(refusal(&refused), "absences_only_per_term");
}

/// The words of the line of the ledger's rates row `title` after the title.
fn rate_row(text: &str, title: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(title))
        .unwrap_or_else(|| panic!("no «{title}» row:\n{text}"));
    line.trim_start()[title.len()..]
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_ledger_with_marks_missing_says_so_and_rates_nobody_without_them() {
    let (_dir, db) = testkit::demo();
    let class = class_id(&db, "5 А");
    let q2 = marks::period_by_name(&db, class, "2 четверть")
        .unwrap()
        .period;
    // The demo has no marks for the second quarter yet.
    let empty = load(&db, class, q2).unwrap();
    let expected = empty.sheet.stats.class.counts.marks.expected;
    assert!(expected > 0);
    let path = save("ledger-demo-5a-empty.pdf", &pdf(&empty));
    let text = poppler("pdftotext", &["-layout"], &path);
    assert!(
        text.contains(&format!(
            "Выставлены не все отметки: {expected} из {expected}"
        )),
        "{text}"
    );
    let n = empty.sheet.subjects.len();
    assert_eq!(
        rate_row(&text, "Успеваемость, %")[..n],
        vec!["—"; n][..],
        "{text}"
    );
    let figures: Vec<String> = class_figures(&empty.sheet.stats.class)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert_eq!(figures[1], "0", "nobody attested");
    assert_eq!(figures[figures.len() - 2..], ["—", "—"]);
    assert!(!text.contains("100,0"), "{text}");

    // Half the class marked: the notice counts what is still missing, the rates the others.
    let half = empty.sheet.students.len() / 2;
    let entries = empty
        .sheet
        .entries(|i, _, _| (i < half).then_some(MarkValue::Four));
    marks::set_marks(&db, class, q2, &entries).unwrap();
    let ledger = load(&db, class, q2).unwrap();
    let c = &ledger.sheet.stats.class;
    assert_eq!(c.counts.counted, half as i32);
    assert_eq!(c.pass_rate.as_ref().unwrap().text, "100,0");
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &save("ledger-demo-5a-half.pdf", &pdf(&ledger)),
    );
    let notice = c.counts.marks.notice().unwrap();
    assert!(notice.ends_with(&format!(" из {expected}")), "{notice}");
    assert!(text.contains(&notice), "{text}");
    let bytes = xlsx(&ledger).unwrap();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Ведомость").unwrap();
    assert_eq!(range.get_value((3, 0)), Some(&Data::String(notice.clone())));
}

#[test]
fn the_deputy_head_is_whoever_holds_the_position() {
    let (_dir, db) = testkit::demo();
    let today = date(2026, 11, 25);
    let name = class_report::deputy_head(&db, today).unwrap();
    assert!(name.split_whitespace().count() == 3, "«{name}»");
    db.write(|c| {
        Ok(c.execute(
            "UPDATE appointment SET left_on = '2026-10-01' WHERE staff_position_id IN
               (SELECT id FROM staff_position WHERE name LIKE 'Заместитель директора по учебно%')",
            [],
        )?)
    })
    .unwrap();
    assert_eq!(class_report::deputy_head(&db, today).unwrap(), "");
    assert_eq!(
        class_report::deputy_head(&db, date(2026, 9, 30)).unwrap(),
        name,
        "still there before leaving"
    );
}

#[test]
fn the_whole_school_in_one_action() {
    let (dir, db) = testkit::demo();
    let year = year_id(&db);
    let list = marks::classes_with_period(&db, year, "1 четверть").unwrap();
    assert!(list.len() > 20, "{}", list.len());
    let periods = class_report::year_periods(&db, year).unwrap();
    for name in ["1 четверть", "4 четверть", "Год", "Экзамен"] {
        assert_eq!(
            periods.iter().filter(|p| *p == name).count(),
            1,
            "{periods:?}"
        );
    }
    fill(&db, class_id(&db, "5 А"), "1 четверть");

    let folder = dir.path().join("ведомости");
    let mut seen = Vec::new();
    let printed = class_report::print_school(
        &db,
        year,
        "1 четверть",
        LedgerForm::Marks,
        &Target::Folder(folder.clone()),
        &mut |done, total| seen.push((done, total)),
        &Cancel::default(),
    )
    .unwrap();
    let n = list.len();
    assert_eq!(printed.files.len(), n);
    assert_eq!(seen, (1..=n).map(|i| (i, n)).collect::<Vec<_>>());
    let labels: Vec<String> = list
        .iter()
        .map(|(id, _)| classes::get(&db, *id).unwrap())
        .map(|c| classes::label(c.grade, &c.letter))
        .collect();
    let mut sorted = printed.classes.clone();
    sorted.sort();
    let mut expected = labels.clone();
    expected.sort();
    assert_eq!(sorted, expected);
    let five_a = folder.join("2026-2027, 1 четверть, 5 А.pdf");
    assert!(printed.files.contains(&five_a), "{:?}", printed.files);
    for file in &printed.files {
        let size = std::fs::metadata(file).unwrap().len();
        assert!(size < 100_000, "{} is {size} bytes", file.display());
    }
    let text = poppler("pdftotext", &["-layout"], &five_a);
    assert!(text.contains("Класс: 5 А"), "{text}");

    // One combined PDF: a page per class, in the classes' order.
    let combined = dir.path().join("все/школа.pdf");
    let printed = class_report::print_school(
        &db,
        year,
        "1 ЧЕТВЕРТЬ",
        LedgerForm::Attendance,
        &Target::Combined(combined.clone()),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!(printed.files, vec![combined.clone()]);
    assert_eq!(printed.classes, labels);
    assert_eq!(pages(&combined), n);
    let first = crate::print::tests::page_text(&combined, 1);
    assert!(first.contains(&format!("Класс: {}", labels[0])), "{first}");

    // Stopped before it starts: nothing printed, and it says so.
    let cancel = Cancel::default();
    cancel.cancel();
    let err = class_report::print_school(
        &db,
        year,
        "1 четверть",
        LedgerForm::Marks,
        &Target::Folder(dir.path().join("стоп")),
        &mut |_, _| {},
        &cancel,
    )
    .unwrap_err();
    assert_eq!(refusal(&err), "print_cancelled");
    assert!(err.to_string().contains(&format!("0 из {n}")), "{err}");

    // A period no class has is refused with the ones there are.
    let err = class_report::print_school(
        &db,
        year,
        "5 четверть",
        LedgerForm::Marks,
        &Target::Folder(dir.path().join("нет")),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap_err();
    assert_eq!(refusal(&err), "unknown_period");
    assert!(err.to_string().contains("«1 четверть»"), "{err}");
}
