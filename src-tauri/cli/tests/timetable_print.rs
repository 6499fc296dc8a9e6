//! `zavuch-cli print timetable …`, `print substitutions …` and `export timetable` on the demo
//! school: the PDFs read back with poppler (poppler-utils), the workbook with calamine.

mod common;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use common::{cli, ok};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zavuch_core::forms::timetable::{self as form, WeekOf};
use zavuch_core::timetable::substitutions::{self, SubstitutionInput, SubstitutionReason};
use zavuch_core::{staff, Db};

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.zavuch");
    ok(&cli(&db, &["demo"]));
    (dir, db)
}

fn stdout(out: &Output) -> String {
    ok(out);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(pdf);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().expect("poppler-utils are needed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Without spaces: pdftotext may read «5 А» as «5А» and wrap a cell anywhere.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn print_timetable_of_a_class_a_teacher_a_room_and_the_school() {
    let (dir, db) = demo();
    let out = |name: &str| dir.path().join(name);
    let core = Db::open(&db).unwrap();

    // A class: the same cells as the core's form.
    let said = stdout(&cli(
        &db,
        &[
            "print",
            "timetable",
            "--class",
            "5а",
            "-o",
            out("5a.pdf").to_str().unwrap(),
        ],
    ));
    assert!(
        said.contains("Расписание 5 А на 2026-2027 учебный год"),
        "{said}"
    );
    let text = poppler("pdftotext", &["-raw"], &out("5a.pdf"));
    assert!(text.contains("УТВЕРЖДАЮ"));
    let year = zavuch_core::year::current(&core)
        .unwrap()
        .unwrap()
        .id
        .unwrap();
    let class = zavuch_core::classes::find_by_label(&core, year, "5 А")
        .unwrap()
        .unwrap()
        .id
        .unwrap();
    let week = form::week(&core, WeekOf::Class(class)).unwrap();
    for cell in week.view.cells.iter().flatten().filter(|c| !c.is_empty()) {
        let printed = form::week_cell(week.of, cell);
        assert!(squeezed(&text).contains(&squeezed(&printed)), "{printed}");
    }

    // A teacher by «Фамилия И. О.» and by the full name (any case, «е» for «ё»).
    let lesson = week
        .view
        .cells
        .iter()
        .flatten()
        .flatten()
        .find(|l| !l.room.is_empty())
        .unwrap()
        .clone();
    let member = staff::get(&core, lesson.staff_member_id).unwrap();
    for name in [
        lesson.teacher.clone(),
        member.full_name().to_uppercase().replace('Ё', "Е"),
    ] {
        let said = stdout(&cli(
            &db,
            &[
                "print",
                "timetable",
                "--teacher",
                &name,
                "-o",
                out("t.pdf").to_str().unwrap(),
            ],
        ));
        assert!(
            said.contains(&format!("Расписание учителя {}", lesson.teacher)),
            "{said}"
        );
        let text = poppler("pdftotext", &["-layout"], &out("t.pdf"));
        assert!(text.contains(&member.full_name()), "{text}");
    }

    // A room by its number.
    let said = stdout(&cli(
        &db,
        &[
            "print",
            "timetable",
            "--room",
            &lesson.room,
            "-o",
            out("r.pdf").to_str().unwrap(),
        ],
    ));
    assert!(
        said.contains(&format!("кабинета {}", lesson.room)),
        "{said}"
    );
    let text = poppler("pdftotext", &["-raw"], &out("r.pdf"));
    assert!(squeezed(&text).contains(&squeezed(&lesson.classes_label)));

    // The school: A3 landscape, a page per level.
    let said = stdout(&cli(
        &db,
        &[
            "print",
            "timetable",
            "--school",
            "-o",
            out("s.pdf").to_str().unwrap(),
        ],
    ));
    assert!(said.contains("классов: 31"), "{said}");
    let info = poppler("pdfinfo", &[], &out("s.pdf"));
    assert!(info.contains("Pages:           3"), "{info}");
    assert!(info.contains("1190.55 x 841.89"), "{info}");
    let text = poppler("pdftotext", &["-layout"], &out("s.pdf"));
    for level in ["1–4 классы", "5–9 классы", "10–11 классы"] {
        assert!(text.contains(level), "{level}");
    }

    // Errors: nobody of that name, nowhere of that number, two of one name, two choices. A
    // refusal that failed would write its PDF into the temporary folder, never beside the tests.
    let refused = out("x.pdf");
    let refused = refused.to_str().unwrap();
    let err = stderr(&cli(
        &db,
        &[
            "print",
            "timetable",
            "--teacher",
            "Нетакова А. Б.",
            "-o",
            refused,
        ],
    ));
    assert!(err.contains("Нет сотрудника «Нетакова А. Б.»"), "{err}");
    let err = stderr(&cli(
        &db,
        &["print", "timetable", "--room", "999", "-o", refused],
    ));
    assert!(err.contains("Нет кабинета «999»"), "{err}");
    let err = stderr(&cli(
        &db,
        &[
            "print",
            "timetable",
            "--class",
            "5 А",
            "--school",
            "-o",
            refused,
        ],
    ));
    assert!(err.contains("нельзя указывать вместе с"), "{err}");
    let mut namesake = member.clone();
    namesake.id = None;
    namesake.snils = String::new();
    for a in &mut namesake.appointments {
        a.id = None;
    }
    let initial = member.first_name.chars().next().unwrap();
    namesake.first_name = format!("{initial}арина");
    staff::save(
        &core,
        &namesake,
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
    )
    .unwrap();
    let err = stderr(&cli(
        &db,
        &[
            "print",
            "timetable",
            "--teacher",
            &lesson.teacher,
            "-o",
            refused,
        ],
    ));
    assert!(err.contains("несколько сотрудников"), "{err}");
    assert!(
        err.contains(&member.full_name()) && err.contains(&namesake.full_name()),
        "{err}"
    );
}

#[test]
fn print_substitutions_and_export_timetable() {
    let (dir, db) = demo();
    let out = |name: &str| dir.path().join(name);
    let core = Db::open(&db).unwrap();
    let sheet = form::school_sheet(&core).unwrap();

    // A Monday lesson given by a teacher free then, on Monday 5 October 2026.
    let date = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let lessons: Vec<_> = sheet.sheet.cells.iter().flatten().flatten().collect();
    let lesson = lessons
        .iter()
        .find(|l| l.day == 1 && l.lesson_number == 3 && l.in_first)
        .unwrap();
    let busy: Vec<i64> = lessons
        .iter()
        .filter(|l| l.day == 1 && l.lesson_number == 3)
        .map(|l| l.staff_member_id)
        .collect();
    let free = lessons
        .iter()
        .find(|l| !busy.contains(&l.staff_member_id))
        .unwrap();
    substitutions::save(
        &core,
        &SubstitutionInput {
            id: None,
            date,
            timetable_entry_id: lesson.id,
            new_staff_member_id: Some(free.staff_member_id),
            new_room_id: None,
            new_subject_id: None,
            reason: SubstitutionReason::Training,
            note: String::new(),
        },
    )
    .unwrap();

    let said = stdout(&cli(
        &db,
        &[
            "print",
            "substitutions",
            "--date",
            "05.10.2026",
            "-o",
            out("z.pdf").to_str().unwrap(),
        ],
    ));
    assert!(said.contains("Замены на 05.10.2026 (замен: 1)"), "{said}");
    let text = poppler("pdftotext", &["-layout"], &out("z.pdf"));
    assert!(text.contains("Замены уроков на 05.10.2026 (понедельник)"));
    for t in [&lesson.teacher, &free.teacher] {
        assert!(text.contains(t.as_str()), "{t}");
    }
    let raw = squeezed(&poppler("pdftotext", &["-raw"], &out("z.pdf")));
    assert!(raw.contains(&squeezed("Курсы повышения квалификации")));

    let said = stdout(&cli(
        &db,
        &[
            "print",
            "substitutions",
            "--month",
            "10.2026",
            "-o",
            out("m.pdf").to_str().unwrap(),
        ],
    ));
    assert!(
        said.contains("Замены за октябрь 2026 (учителей: 2)"),
        "{said}"
    );
    let err = stderr(&cli(
        &db,
        &[
            "print",
            "substitutions",
            "--month",
            "13.2026",
            "-o",
            out("x.pdf").to_str().unwrap(),
        ],
    ));
    assert!(err.contains("не месяц ММ.ГГГГ"), "{err}");

    // The workbook: «Школа», a sheet per class, «Учителя».
    let said = stdout(&cli(
        &db,
        &["export", "timetable", "-o", out("t.xlsx").to_str().unwrap()],
    ));
    assert!(said.contains("листов: 33"), "{said}");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out("t.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 33);
    assert_eq!((names[0].as_str(), names[1].as_str()), ("Школа", "1 А"));
    assert_eq!(names[32], "Учителя");
    let school = book.worksheet_range("Школа").unwrap();
    let header: Vec<String> = school
        .rows()
        .nth(4)
        .unwrap()
        .iter()
        .map(Data::to_string)
        .collect();
    let labels: Vec<String> = sheet
        .sheet
        .classes
        .iter()
        .map(|c| c.label.clone())
        .collect();
    assert_eq!(header[2..], labels[..]);
    let first: Vec<String> = school
        .rows()
        .nth(5)
        .unwrap()
        .iter()
        .map(Data::to_string)
        .collect();
    assert_eq!(first[0], "Понедельник");
    assert_eq!(first[2], form::sheet_cell(&sheet, &sheet.sheet.cells[0][0]));
}
