//! Tests of the timetable forms: the cell texts, the document names, the PDFs and the workbook.

use super::cells::{half_mark, lessons_text, room_text, subgroup_short};
use super::pdf::levels;
use super::*;
use crate::forms::signature_name;
use crate::print::tests::{poppler, save};
use crate::print::MM_PER_PT;
use crate::testkit::class_id;
use crate::timetable::substitutions::{SubstitutionInput, SubstitutionReason};
use crate::timetable::Lesson;
use crate::timetable::Week;
use chrono::Datelike;
use std::collections::HashSet;

fn demo() -> Db {
    let db = Db::in_memory().unwrap();
    crate::demo::create(&db).unwrap();
    db
}

/// Letters only: the text as read back, whatever lines and spaces it was wrapped into.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of a rectangle of page 1, in mm from the top left.
fn text_in(pdf: &std::path::Path, x: f32, y: f32, w: f32, h: f32) -> String {
    let pt = |mm: f32| ((mm / MM_PER_PT).round() as i32).to_string();
    poppler(
        "pdftotext",
        &[
            "-f",
            "1",
            "-l",
            "1",
            "-x",
            &pt(x),
            "-y",
            &pt(y),
            "-W",
            &pt(w),
            "-H",
            &pt(h),
        ],
        pdf,
    )
}

#[test]
fn a_class_week_prints_each_lesson_in_its_day_column() {
    let db = demo();
    let form = week(&db, WeekOf::Class(class_id(&db, "5 А"))).unwrap();
    assert_eq!(
        week_document_name(&form, "pdf"),
        "Расписание 5 А на 2026-2027 учебный год.pdf"
    );
    let path = save("forms-timetable-class.pdf", &week_pdf(&form));
    let text = poppler("pdftotext", &["-layout"], &path);
    assert!(text.contains("УТВЕРЖДАЮ"));
    assert!(text.contains(&signature_name(&form.heading.director)));
    assert!(text.contains("Расписание уроков 5 А класса"));
    let first = &form.view.rows[0];
    assert!(text.contains(&format!("{}–{}", first.starts_at, first.ends_at)));

    // The Monday column (A4 landscape, 12 mm margin, «Урок» 22 mm, the days sharing the
    // rest) holds Monday's lessons and none that only another day has.
    let days = form.view.days.len() as f32;
    let column = (297.0 - 12.0 - 10.0 - 22.0) / days;
    let monday = squeezed(&text_in(&path, 12.0 + 22.0, 0.0, column, 210.0));
    let labels = |day: usize| -> HashSet<String> {
        form.view
            .cells
            .iter()
            .flat_map(|row| row[day].iter().map(|l| l.label.clone()))
            .collect()
    };
    let on_monday = labels(0);
    assert!(!on_monday.is_empty());
    for label in &on_monday {
        assert!(monday.contains(&squeezed(label)), "{label} in {monday}");
    }
    let elsewhere: Vec<String> = (1..form.view.days.len())
        .flat_map(labels)
        .filter(|l| !on_monday.contains(l) && !on_monday.iter().any(|m| m.contains(l)))
        .collect();
    assert!(!elsewhere.is_empty());
    for label in &elsewhere {
        assert!(
            !monday.contains(&squeezed(label)),
            "{label} is not on Monday"
        );
    }
}

#[test]
fn a_class_cell_stacks_subgroups_with_teacher_and_room() {
    let db = demo();
    let form = week(&db, WeekOf::Class(class_id(&db, "5 А"))).unwrap();
    let split = form
        .view
        .cells
        .iter()
        .flatten()
        .find(|c| c.len() == 2 && c.iter().all(|l| !l.subgroup_name.is_empty()))
        .expect("5 А has a split lesson");
    let text = week_cell(form.of, split);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    for (l, pair) in split.iter().zip(lines.chunks(2)) {
        let group = subgroup_short(&l.subgroup_name);
        assert_eq!(pair[0], format!("{group}: {}{}", l.label, half_mark(l)));
        assert!(pair[1].starts_with(&l.teacher), "{text}");
        assert!(pair[1].ends_with(&l.room), "{text}");
    }
    assert_eq!(room_text("12"), "каб. 12");
    assert_eq!(room_text("Спортзал 1"), "Спортзал 1");
    assert_eq!(week_cell(form.of, &[]), "");
}

#[test]
fn a_teachers_and_a_rooms_week_name_the_classes() {
    let db = demo();
    let sheet = school_sheet(&db).unwrap();
    let lesson = sheet.sheet.cells.iter().flatten().flatten().next().unwrap();
    let teacher = week(&db, WeekOf::Teacher(lesson.staff_member_id)).unwrap();
    assert!(teacher.title().starts_with("Расписание учителя "));
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &save("forms-timetable-teacher.pdf", &week_pdf(&teacher)),
    );
    assert!(text.contains("Расписание уроков учителя"));
    assert!(text.contains(&teacher.view.title), "the full name");
    assert!(text.contains(&format!("Уроков в неделю: {}", lessons_text(&teacher.view))));
    // pdftotext may read «5 А» as «5А»: compared without spaces.
    let all = squeezed(&text);
    for l in teacher.view.cells.iter().flatten().flatten() {
        assert!(all.contains(&squeezed(&l.classes_label)));
    }
    let room = week(&db, WeekOf::Room(lesson.room_id.unwrap())).unwrap();
    assert!(room.title().contains(&format!("кабинета {}", lesson.room)));
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &save("forms-timetable-room.pdf", &week_pdf(&room)),
    );
    assert!(text.contains("Расписание занятий"));
    let placed = room.view.cells.iter().flatten().flatten().count();
    assert!(placed > 0);
    let cells: String = room
        .view
        .cells
        .iter()
        .flatten()
        .map(|c| week_cell(room.of, c))
        .collect();
    assert!(squeezed(&text).contains(&squeezed(&cells[..cells.find('\n').unwrap()])));
}

#[test]
fn the_school_sheet_has_a_page_per_level_with_short_names() {
    let db = demo();
    let form = school_sheet(&db).unwrap();
    let path = save("forms-timetable-school.pdf", &school_pdf(&form));
    let info = poppler("pdfinfo", &[], &path);
    assert!(info.contains("Pages:           3"), "{info}");
    assert!(info.contains("1190.55 x 841.89"), "A3 landscape: {info}");
    for (page, (level, cols)) in levels(&form.sheet).iter().enumerate() {
        let text = crate::print::tests::page_text(&path, page + 1);
        assert!(text.contains(&format!("{} классы", level.range_label())));
        // In drawing order a wrapped cell's lines come together (the layout mode would
        // interleave them with the neighbours').
        let n = (page + 1).to_string();
        let squeezed_text = squeezed(&poppler("pdftotext", &["-raw", "-f", &n, "-l", &n], &path));
        for &c in cols {
            assert!(squeezed_text.contains(&squeezed(&form.sheet.classes[c].label)));
            // Monday's first lesson of each class, as its cell prints it.
            let first = sheet_cell(&form, &form.sheet.cells[0][c]);
            assert!(squeezed_text.contains(&squeezed(&first)), "{first}");
        }
    }
    // Short names: «Матем.», never the full «Математика» in a class column of grade 5–9.
    let page = crate::print::tests::page_text(&path, 2);
    assert!(page.contains("Матем."));
    assert!(!page.contains("Математика"));
}

#[test]
fn a_sheet_cell_has_a_line_per_subject_and_the_rooms_of_its_subgroups() {
    let db = demo();
    let form = school_sheet(&db).unwrap();
    let mut shared = 0;
    for lessons in form.sheet.cells.iter().flatten() {
        let text = sheet_cell(&form, lessons);
        let subjects: HashSet<String> = lessons
            .iter()
            .map(|l| format!("{}{}", form.short(l), half_mark(l)))
            .collect();
        assert_eq!(text.lines().count(), subjects.len(), "{text}");
        for l in lessons {
            assert!(text.contains(&form.short(l)));
        }
        if lessons.len() > subjects.len() {
            shared += 1;
            assert!(text.contains('/'), "{text}");
        }
    }
    assert!(
        shared > 0,
        "the demo has subgroups of one subject side by side"
    );
}

/// A Monday lesson of the demo given by a teacher free then, on the first Monday of
/// October; returns the substitution's lesson teacher and the substitute.
fn substitute_on_monday(db: &Db) -> (NaiveDate, String, String) {
    let year = crate::year::current(db).unwrap().unwrap().id.unwrap();
    let week = Week::read(db, year).unwrap();
    let date = (1..=7)
        .map(|d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap())
        .find(|d| d.weekday() == chrono::Weekday::Mon)
        .unwrap();
    let lesson = week
        .lessons
        .iter()
        .find(|l| l.day == 1 && l.lesson_number == 2 && l.in_first && l.subgroup_id.is_none())
        .unwrap();
    let busy: HashSet<i64> = week.at(1, 2).map(|l| l.staff_member_id).collect();
    let free = week
        .lessons
        .iter()
        .find(|l| !busy.contains(&l.staff_member_id))
        .unwrap();
    let saved = substitutions::save(
        db,
        &SubstitutionInput {
            id: None,
            date,
            timetable_entry_id: lesson.id,
            new_staff_member_id: Some(free.staff_member_id),
            new_room_id: None,
            new_subject_id: None,
            reason: SubstitutionReason::Illness,
            note: "больничный лист".into(),
        },
    )
    .unwrap();
    assert_eq!(saved.value.new_teacher, free.teacher);
    (date, lesson.teacher.clone(), free.teacher.clone())
}

#[test]
fn the_substitution_sheet_names_the_absent_teacher_and_the_substitute() {
    let db = demo();
    let (date, absent, substitute) = substitute_on_monday(&db);
    let form = substitutions_on(&db, date).unwrap();
    assert_eq!(form.day.rows.len(), 1);
    let row = substitution_row(&form.day.rows[0]);
    assert_eq!(row[0], "2");
    assert_eq!(
        (row[3].as_str(), row[4].as_str()),
        (absent.as_str(), substitute.as_str())
    );
    assert_eq!(row[6], "Болезнь");
    assert_eq!(
        substitutions_document_name(&form),
        format!("Замены на {}.pdf", super::super::ru_date(date))
    );
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &save(
            "forms-timetable-substitutions.pdf",
            &substitutions_pdf(&form),
        ),
    );
    assert!(text.contains(&format!(
        "Замены уроков на {} (понедельник)",
        form.day.date_text
    )));
    for cell in row.iter().filter(|c| !c.is_empty()) {
        assert!(squeezed(&text).contains(&squeezed(cell)), "{cell}");
    }

    // A day without substitutions says so.
    let next = substitutions_on(&db, date.succ_opt().unwrap()).unwrap();
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &save(
            "forms-timetable-no-substitutions.pdf",
            &substitutions_pdf(&next),
        ),
    );
    assert!(text.contains("Замен нет"));

    // The month's counts: one lesson given, one missed.
    let month = substitutions_in(&db, 2026, 10).unwrap();
    assert_eq!(month.month, "октябрь 2026");
    assert_eq!(month_document_name(&month), "Замены за октябрь 2026.pdf");
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &save("forms-timetable-month.pdf", &month_pdf(&month)),
    );
    assert!(text.contains("Учёт замещённых уроков"));
    let line = |name: &str| text.lines().find(|l| l.contains(name)).unwrap().to_string();
    let numbers = |l: String| -> Vec<String> {
        l.split_whitespace()
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
            .map(String::from)
            .collect()
    };
    assert_eq!(numbers(line(&substitute))[1..], ["1", "0"]);
    assert_eq!(numbers(line(&absent))[1..], ["0", "1"]);
    assert_eq!(numbers(line("Всего")), ["1", "1"]);
}

#[test]
fn the_workbook_has_the_school_every_class_and_the_teachers() {
    use calamine::{Data, Reader, Xlsx};
    let db = demo();
    let form = school_sheet(&db).unwrap();
    assert_eq!(
        xlsx_document_name(&form),
        "Расписание на 2026-2027 учебный год.xlsx"
    );
    let bytes = xlsx(&db, &form).unwrap();
    save("forms-timetable.xlsx", &bytes);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let mut names = vec!["Школа".to_string()];
    names.extend(form.sheet.classes.iter().map(|c| c.label.clone()));
    names.push("Учителя".into());
    assert_eq!(book.sheet_names(), names);
    let text = |d: &Data| d.to_string();

    let school = book.worksheet_range("Школа").unwrap();
    let rows: Vec<Vec<String>> = school
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(rows[4][..2], ["День", "Урок"]);
    assert_eq!(rows.len(), 5 + form.sheet.rows.len());
    for (r, row) in form.sheet.rows.iter().enumerate() {
        assert_eq!(rows[5 + r][1], row.lesson_number.to_string());
        for (c, lessons) in form.sheet.cells[r].iter().enumerate() {
            assert_eq!(
                rows[5 + r].get(2 + c).cloned().unwrap_or_default(),
                sheet_cell(&form, lessons)
            );
        }
    }

    let class = &form.sheet.classes[0];
    let view = timetable::class_week(&db, class.id).unwrap();
    let sheet = book.worksheet_range(&class.label).unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[4][2], "Понедельник");
    for (r, cells) in view.cells.iter().enumerate() {
        for (d, lessons) in cells.iter().enumerate() {
            let got = rows[5 + r].get(2 + d).cloned().unwrap_or_default();
            assert_eq!(got, week_cell(WeekOf::Class(class.id), lessons));
        }
    }

    // A cell per teacher and slot with a lesson, the teachers in Russian order.
    let teachers = book.worksheet_range("Учителя").unwrap();
    let rows: Vec<Vec<String>> = teachers
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    let lessons: Vec<&Lesson> = form.sheet.cells.iter().flatten().flatten().collect();
    let slots: HashSet<(i64, i32, i32)> = lessons
        .iter()
        .map(|l| (l.staff_member_id, l.day, l.lesson_number))
        .collect();
    let filled = rows[5..]
        .iter()
        .flat_map(|r| r[1..].iter())
        .filter(|c| !c.is_empty())
        .count();
    assert_eq!(filled, slots.len());
    let names: Vec<&String> = rows[5..].iter().map(|r| &r[0]).collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| crate::db::compare_ru(a, b));
    assert_eq!(names, sorted);
    assert_eq!(rows[4][1], "по 1");
}

#[test]
fn a_file_without_a_year_is_refused() {
    let db = Db::in_memory().unwrap();
    assert_eq!(school_sheet(&db).unwrap_err().code(), "not_found");
    assert_eq!(week(&db, WeekOf::Class(1)).unwrap_err().code(), "not_found");
}
