//! The forms rendered for the demo school and read back with poppler (`pdftotext -layout`) and
//! calamine. Samples go to `$TMPDIR/zavuch-print-samples/` (`forms-*.pdf`, `forms-*.xlsx`).

use super::class_list;
use super::class_sizes::{self, RowKind};
use super::{parse_ru_date, ru_date, signature_name};
use crate::db::{compare_ru, Db};
use crate::print::tests::{poppler, save, words_after};
use crate::{classes, demo, movement, students, year};
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::io::Cursor;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn demo_school() -> (Db, i64) {
    let db = Db::in_memory().unwrap();
    demo::create(&db).unwrap();
    let year = year::current(&db).unwrap().unwrap().id.unwrap();
    (db, year)
}

fn class_id(db: &Db, year: i64, label: &str) -> i64 {
    classes::find_by_label(db, year, label)
        .unwrap()
        .unwrap_or_else(|| panic!("no class {label}"))
        .id
        .unwrap()
}

/// Every font of the PDF embedded as a subset (the «+» tag), with its ToUnicode map.
fn assert_fonts_embedded(pdf: &std::path::Path) {
    let fonts = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[0].as_bytes().get(6), Some(&b'+'), "subset tag: {row}");
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "embedded, subset, ToUnicode: {row}"
        );
    }
}

#[test]
fn names_and_dates() {
    assert_eq!(
        signature_name("Кириллова Наталья Викторовна"),
        "Н. В. Кириллова"
    );
    assert_eq!(signature_name("Ли"), "Ли");
    assert_eq!(signature_name(""), "");
    assert_eq!(parse_ru_date("20.09.2026"), Some(date(2026, 9, 20)));
    assert_eq!(parse_ru_date("31.02.2026"), None);
    assert_eq!(ru_date(date(2026, 9, 1)), "01.09.2026");
}

#[test]
fn class_list_of_the_demo_school() {
    let (db, year) = demo_school();
    let id = class_id(&db, year, "5 А");
    let list = class_list::load(&db, id, date(2026, 11, 25)).unwrap();
    assert!(list.students.len() >= 15, "{}", list.students.len());
    assert!(!list.class_teacher.is_empty());
    for pair in list.students.windows(2) {
        assert_ne!(
            compare_ru(&pair[0].full_name, &pair[1].full_name),
            Ordering::Greater,
            "{} before {}",
            pair[0].full_name,
            pair[1].full_name
        );
    }
    assert_eq!(
        class_list::document_name(&list),
        "Список класса 5 А на 25.11.2026.pdf"
    );
    let bytes = class_list::pdf(&list);
    assert!(
        bytes.len() < 60_000,
        "a class list of {} bytes",
        bytes.len()
    );
    let pdf = save("forms-class-list.pdf", &bytes);
    assert_fonts_embedded(&pdf);
    let text = poppler("pdftotext", &["-layout"], &pdf);
    for expected in [
        list.school.as_str(),
        "Список 5 А класса",
        "2026-2027 учебный год",
        &format!("Классный руководитель: {}", list.class_teacher),
        "по состоянию на 25.11.2026",
        "№ п/п",
        "Фамилия, имя, отчество",
        "Дата рождения",
        "№ личного дела",
        &format!(
            "Всего: {} (мальчиков: {}, девочек: {})",
            list.students.len(),
            list.boys(),
            list.girls()
        ),
        "Директор",
        "Н. В. Кириллова",
        &signature_name(&list.class_teacher),
        "(подпись)",
        "«____» ________________ 20____ г.",
        "М.П.",
        "Страница 1 из 1",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    // Every student on a line of their own, numbered in the list's order, with birth date and
    // personal file number.
    let mut at = 0;
    for s in &list.students {
        let line = text[at..]
            .lines()
            .find(|l| l.contains(&s.full_name))
            .unwrap_or_else(|| panic!("{} missing or out of order:\n{text}", s.full_name));
        at += text[at..].find(line).unwrap() + line.len();
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], s.number.to_string(), "{line}");
        assert!(line.contains(&ru_date(s.birth_date)), "{line}");
        assert!(words.last() == Some(&s.file_number.as_str()), "{line}");
    }
    assert_eq!(list.boys() + list.girls(), list.students.len());
}

#[test]
fn class_list_leaves_out_who_left_and_who_has_not_come() {
    let (db, year) = demo_school();
    let id = class_id(&db, year, "7 Б");
    let before = class_list::load(&db, id, date(2026, 10, 1)).unwrap();
    // The last of the list: the first is transferred to 7 А in October (demo/movement.rs).
    let first = students::list(&db, year, Some(id), None)
        .unwrap()
        .last()
        .unwrap()
        .id;
    let s = students::get(&db, first).unwrap();
    movement::leave(&db, &departure(first, date(2026, 9, 30))).unwrap();
    let after = class_list::load(&db, id, date(2026, 10, 1)).unwrap();
    assert_eq!(after.students.len() + 1, before.students.len());
    assert!(after.students.iter().all(|r| r.full_name != s.full_name()));
    let earlier = class_list::load(&db, id, date(2026, 9, 29)).unwrap();
    assert!(earlier
        .students
        .iter()
        .any(|r| r.full_name == s.full_name()));
}

/// The figures of a line of `pdftotext -layout` that starts with `label` (poppler may drop the
/// narrow space of «1 А»).
fn pdf_figures(text: &str, label: &str) -> Vec<i32> {
    words_after(text, label)
        .iter()
        .map(|n| n.parse().unwrap_or_else(|_| panic!("{label}: {n}")))
        .collect()
}

#[test]
fn class_sizes_add_up_in_the_pdf_and_the_xlsx() {
    let (db, year) = demo_school();
    let sizes = class_sizes::compute(&db, None).unwrap();
    assert_eq!(sizes.on, date(2026, 9, 20));
    assert_eq!(
        class_sizes::document_name(&sizes, "xlsx"),
        "Наполняемость классов на 20.09.2026.xlsx"
    );
    let class_rows: Vec<_> = sizes
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Class)
        .collect();
    assert!(class_rows.len() >= 25, "{}", class_rows.len());
    // Subtotals are the sums of their classes, the school the sum of the subtotals.
    let mut pending = class_sizes::SizeRow {
        kind: RowKind::Subtotal,
        label: String::new(),
        classes: 0,
        boys: 0,
        girls: 0,
        total: 0,
        by_study_form: [0; 5],
    };
    let mut subtotals = vec![0; 8];
    for row in &sizes.rows {
        assert_eq!(row.boys + row.girls, row.total, "{row:?}");
        assert_eq!(row.by_study_form.iter().sum::<i32>(), row.total, "{row:?}");
        match row.kind {
            RowKind::Class => {
                for (a, b) in subtotals.iter_mut().zip(row.figures()) {
                    *a += b;
                }
                pending.classes += 1;
            }
            RowKind::Subtotal => {
                assert_eq!(row.figures(), subtotals, "{}", row.label);
                assert_eq!(row.classes, pending.classes, "{}", row.label);
                pending.classes = 0;
                subtotals = vec![0; 8];
            }
            RowKind::School => {}
        }
    }
    let subtotal_rows: Vec<_> = sizes
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Subtotal)
        .collect();
    assert_eq!(
        subtotal_rows
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>(),
        ["Итого 1–4 классы", "Итого 5–9 классы", "Итого 10–11 классы"]
    );
    let total = sizes.school_total();
    for j in 0..8 {
        assert_eq!(
            subtotal_rows.iter().map(|r| r.figures()[j]).sum::<i32>(),
            total.figures()[j]
        );
    }
    // The school's total is everyone studying on the day, in a class.
    let studying = students::list(&db, year, None, Some(sizes.on)).unwrap();
    assert_eq!(total.total as usize, studying.len());
    assert!(total.by_study_form[0] > 0 && total.by_study_form[0] < total.total);

    // The PDF prints the same figures.
    let pdf = save("forms-class-sizes.pdf", &class_sizes::pdf(&sizes));
    assert_fonts_embedded(&pdf);
    let text = poppler("pdftotext", &["-layout"], &pdf);
    for expected in [
        sizes.school.as_str(),
        "Наполняемость классов",
        "2026-2027 учебный год",
        "по состоянию на 20.09.2026",
        "Мальчики",
        "Девочки",
        class_sizes::STUDY_FORMS_TITLE,
        "заочная",
        "семейное",
        "надомное",
        "Заместитель директора по УВР",
        "(расшифровка подписи)",
        "Н. В. Кириллова",
        "М.П.",
        "Страница 1 из 1",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    for row in &sizes.rows {
        assert_eq!(
            pdf_figures(&text, &row.label),
            row.figures(),
            "{}",
            row.label
        );
    }
    // The group's title stands over its columns' titles, between the first and the last.
    let column = |line: &str, needle: &str| line.find(needle).map(|at| line[..at].chars().count());
    let title = class_sizes::STUDY_FORMS_TITLE;
    let mut lines = text.lines().skip_while(|l| !l.contains(title));
    let group_line = lines
        .next()
        .unwrap_or_else(|| panic!("no «{title}»:\n{text}"));
    let forms_line = lines
        .take(3)
        .find(|l| l.contains("семейное"))
        .unwrap_or_else(|| panic!("no study forms under «{title}»:\n{text}"));
    let group = column(group_line, title).unwrap();
    let (first, last) = (
        column(forms_line, "очная").unwrap(),
        column(forms_line, "надомное").unwrap() + "надомное".chars().count(),
    );
    assert!(
        first <= group && group + title.chars().count() <= last,
        "«{title}» at {group} over {first}..{last}:\n{group_line}\n{forms_line}"
    );

    // The .xlsx for the district: the same rows and figures.
    let bytes = class_sizes::xlsx(&sizes).unwrap();
    save("forms-class-sizes.xlsx", &bytes);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Наполняемость").unwrap();
    let cell = |r: usize, c: usize| range.get((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 0), Data::String("Наполняемость классов".into()));
    assert_eq!(cell(1, 0), Data::String(sizes.school.clone()));
    // Two header rows: «Класс», «Мальчики», «Девочки», «Всего» merged down both, the group's
    // title merged across the study forms' columns, their titles under it.
    assert_eq!(cell(4, 0), Data::String("Класс".into()));
    let titles = class_sizes::figure_titles();
    for (j, t) in titles.iter().enumerate() {
        let (r, c) = if j < 3 { (4, j + 1) } else { (5, j + 1) };
        assert_eq!(cell(r, c), Data::String(t.clone()), "{t}");
    }
    assert_eq!(
        cell(4, 4),
        Data::String(class_sizes::STUDY_FORMS_TITLE.into())
    );
    let mut merged: Vec<((u32, u32), (u32, u32))> = book
        .merge_cells_by_sheet_name("Наполняемость")
        .unwrap()
        .iter()
        .map(|d| (d.start, d.end))
        .collect();
    merged.sort();
    assert_eq!(
        merged,
        [
            ((4, 0), (5, 0)),
            ((4, 1), (5, 1)),
            ((4, 2), (5, 2)),
            ((4, 3), (5, 3)),
            ((4, 4), (4, 8)),
        ]
    );
    for (i, row) in sizes.rows.iter().enumerate() {
        assert_eq!(cell(6 + i, 0), Data::String(row.label.clone()));
        let figures: Vec<i32> = (0..8)
            .map(|j| match cell(6 + i, j + 1) {
                Data::Float(f) => f as i32,
                Data::Int(n) => n as i32,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(figures, pdf_figures(&text, &row.label), "{}", row.label);
    }
    assert_eq!(cell(6 + sizes.rows.len(), 0), Data::Empty);
}

#[test]
fn class_sizes_count_who_studies_on_the_day() {
    let (db, year) = demo_school();
    let id = class_id(&db, year, "5 А");
    let size_of = |db: &Db, on| {
        class_sizes::compute(db, Some(on))
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.label == "5 А")
            .unwrap()
            .total
    };
    let on = date(2026, 9, 20);
    let before = size_of(&db, on);
    let outside = class_sizes::compute(&db, Some(date(2025, 9, 20))).unwrap_err();
    assert!(
        outside.to_string().contains("вне учебного года 2026-2027"),
        "{outside}"
    );
    // An arrival after the day is not counted on it.
    // The last of the list: the first is transferred to 5 Б in October (demo/movement.rs).
    let first = students::list(&db, year, Some(id), Some(on))
        .unwrap()
        .last()
        .unwrap()
        .id;
    let mut s = students::get(&db, first).unwrap();
    s.id = None;
    s.file_number = "т-999".into();
    s.first_name = "Тимофей".into();
    s.last_name = "Тестов".into();
    s.patronymic = "Петрович".into();
    s.sex = crate::people::Sex::Male;
    s.snils = String::new();
    let arrival = movement::Arrival {
        student: s,
        class_id: id,
        on: date(2026, 9, 25),
        origin: None,
        came_from: String::new(),
        order: Default::default(),
        note: String::new(),
    };
    movement::arrive(&db, &arrival, date(2026, 9, 25)).unwrap();
    assert_eq!(size_of(&db, on), before);
    assert_eq!(size_of(&db, date(2026, 9, 25)), before + 1);
    // A departure takes the student out from its day on.
    movement::leave(&db, &departure(first, on)).unwrap();
    assert_eq!(size_of(&db, on), before - 1);
    assert_eq!(size_of(&db, date(2026, 9, 19)), before);
    assert_eq!(size_of(&db, date(2026, 9, 25)), before);
}

/// A departure of the student on the day, for reasons unknown.
fn departure(student_id: i64, on: chrono::NaiveDate) -> movement::Departure {
    movement::Departure {
        student_id,
        on,
        reason: movement::DepartureReason::Other,
        destination: "Неизвестно".into(),
        order: Default::default(),
        note: String::new(),
    }
}
