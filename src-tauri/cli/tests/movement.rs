//! `zavuch-cli movement arrive|leave|transfer`: one JSON line for what was written, a Russian
//! message and a non-zero exit on bad input; `school show --json` with its years.

mod common;

use common::{cli, json, ok};
use std::path::{Path, PathBuf};
use std::process::Output;

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("school.zavuch");
    ok(&cli(&db, &["demo"]));
    db
}

fn arrive(db: &Path, number: &str, class: &str, date: &str, order: &str) -> Output {
    cli(
        db,
        &[
            "movement",
            "arrive",
            "--file-number",
            number,
            "--surname",
            "Новикова",
            "--name",
            "Алина",
            "--patronymic",
            "Сергеевна",
            "--sex",
            "ж",
            "--birth-date",
            "12.05.2013",
            "--class",
            class,
            "--date",
            date,
            "--from",
            "МБОУ СОШ № 5 г. Тулы",
            "--order",
            order,
        ],
    )
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

/// The movements recorded in the school file.
fn movements(db: &Path) -> i64 {
    zavuch_core::Db::open(db)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM movement", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_student_arrives_moves_to_another_class_leaves_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());

    let out = arrive(&db, "Н-100", "7 А", "14.01.2027", "№ 12-у от 14.01.2027");
    ok(&out);
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 1);
    let came = json(&out);
    assert_eq!(came["student"], "Новикова Алина Сергеевна");
    assert_eq!(came["file_number"], "Н-100");
    assert_eq!(came["movement"], "arrival");
    assert_eq!(came["from"], "МБОУ СОШ № 5 г. Тулы");
    assert_eq!(came["to"], "7 А");
    assert_eq!(came["date"], "14.01.2027");
    assert_eq!(came["order"], "№ 12-у от 14.01.2027");
    assert!(!came["subgroups"].as_array().unwrap().is_empty(), "{came}");
    assert_eq!(came["warnings"], serde_json::json!([]));

    let out = cli(
        &db,
        &[
            "movement",
            "transfer",
            "--student",
            "н-100",
            "--to-class",
            "7Б",
            "--date",
            "20.01.2027",
            "--order",
            "13-у от 21.01.2027",
        ],
    );
    ok(&out);
    let moved = json(&out);
    assert_eq!(
        (&moved["movement"], &moved["from"], &moved["to"]),
        (
            &serde_json::json!("transfer"),
            &serde_json::json!("7 А"),
            &serde_json::json!("7 Б")
        )
    );
    assert_eq!(moved["order"], "№ 13-у от 21.01.2027");
    assert_eq!(moved["warnings"][0]["code"], "order_after_movement");

    let out = cli(
        &db,
        &[
            "movement",
            "leave",
            "--student",
            "Н-100",
            "--date",
            "01.02.2027",
            "--reason",
            "ПЕРЕВОД В ДРУГУЮ ОО",
            "--destination",
            "МБОУ «Лицей № 1» г. Орла",
            "--order",
            "№14-у",
        ],
    );
    ok(&out);
    let left = json(&out);
    assert_eq!(left["movement"], "departure");
    assert_eq!(left["from"], "7 Б");
    assert_eq!(left["to"], "МБОУ «Лицей № 1» г. Орла");
    assert_eq!(
        left["reason"],
        "Перевод в другую образовательную организацию"
    );
    assert_eq!(
        left["order"], "№ 14-у от 01.02.2027",
        "dated the movement's day"
    );

    // Back by the same file number: the same student, the history kept.
    let out = arrive(&db, "Н-100", "7 А", "01.03.2027", "№ 20-у от 01.03.2027");
    ok(&out);
    assert_eq!(json(&out)["to"], "7 А");
    let school = zavuch_core::Db::open(&db).unwrap();
    let id = zavuch_core::students::find_by_file_number(&school, "Н-100")
        .unwrap()
        .unwrap();
    let history: Vec<String> = zavuch_core::movement::history(&school, id)
        .unwrap()
        .into_iter()
        .map(|m| m.kind.code().to_string())
        .collect();
    assert_eq!(history, ["arrival", "transfer", "departure", "arrival"]);
}

#[test]
fn bad_input_is_refused_with_a_russian_message_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    ok(&arrive(
        &db,
        "Н-100",
        "7 А",
        "14.01.2027",
        "№ 12-у от 14.01.2027",
    ));
    // A class of the next year only.
    {
        let school = zavuch_core::Db::open(&db).unwrap();
        let next = zavuch_core::year::save(
            &school,
            &zavuch_core::year::AcademicYear {
                id: None,
                name: "2027-2028".into(),
                starts_on: chrono::NaiveDate::from_ymd_opt(2027, 9, 1),
                ends_on: chrono::NaiveDate::from_ymd_opt(2028, 8, 31),
                is_current: false,
            },
        )
        .unwrap()
        .id
        .unwrap();
        let mut class =
            zavuch_core::classes::get(&school, common::class_id(&school, "7 А")).unwrap();
        class.id = None;
        class.academic_year_id = next;
        class.letter = "Д".into();
        class.class_teacher_id = None;
        class.term_scheme_id = None;
        class.bell_schedule_id = None;
        zavuch_core::classes::save(
            &school,
            &class,
            chrono::NaiveDate::from_ymd_opt(2027, 9, 1).unwrap(),
        )
        .unwrap();
    }
    let before = movements(&db);
    let transfer = |to: &str, date: &str| {
        cli(
            &db,
            &[
                "movement",
                "transfer",
                "--student",
                "Н-100",
                "--to-class",
                to,
                "--date",
                date,
            ],
        )
    };
    let leave = |student: &str, date: &str, reason: &str| {
        cli(
            &db,
            &[
                "movement",
                "leave",
                "--student",
                student,
                "--date",
                date,
                "--reason",
                reason,
            ],
        )
    };

    let text = refused(&leave("нет-1", "01.02.2027", "другие причины"));
    assert!(text.contains("«нет-1»") && text.contains("нет"), "{text}");
    let text = refused(&transfer("7 Б", "01.10.2027"));
    assert!(text.contains("вне учебного года 2026-2027"), "{text}");
    let text = refused(&transfer("7 Д", "20.01.2027"));
    assert!(
        text.contains("Новикова Алина Сергеевна") && text.contains("2027-2028"),
        "{text}"
    );
    let text = refused(&leave("Н-100", "10.01.2027", "другие причины"));
    assert!(
        text.contains("Новикова Алина Сергеевна") && text.contains("только с 14.01.2027"),
        "{text}"
    );
    let text = refused(&leave("Н-100", "01.02.2027", "уехал"));
    assert!(
        text.contains("«уехал» — такой причины выбытия нет"),
        "{text}"
    );
    let text = refused(&arrive(&db, "Н-100", "7 Б", "01.02.2027", "№ 30-у"));
    assert!(text.contains("уже учится в 7 А"), "{text}");
    let text = refused(&transfer("9 Я", "20.01.2027"));
    assert!(text.contains("9 Я"), "{text}");
    let text = refused(&cli(
        &db,
        &[
            "movement",
            "transfer",
            "--student",
            "Н-100",
            "--to-class",
            "7 Б",
            "--date",
            "20.01.2027",
            "--order",
            "от 20.01.2027",
        ],
    ));
    assert!(text.contains("не приказ"), "{text}");
    assert_eq!(movements(&db), before, "nothing written");
}

#[test]
fn school_show_lists_the_years_with_their_classes_and_students() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = cli(&db, &["school", "show", "--json"]);
    ok(&out);
    let years = json(&out)["years"].clone();
    assert_eq!(years.as_array().unwrap().len(), 1);
    assert_eq!(years[0]["name"], "2026-2027");
    assert_eq!(years[0]["current"], true);
    assert_eq!(years[0]["classes"], 31);
    let students = years[0]["students"].as_i64().unwrap();
    let school = zavuch_core::Db::open(&db).unwrap();
    let year = zavuch_core::year::current_id(&school).unwrap();
    let placed = zavuch_core::students::list(&school, year, None, None)
        .unwrap()
        .len();
    assert_eq!(students, placed as i64);
}
