//! What the roster preview tells besides the counts: the personal file numbers it gives
//! students without one, the classes it creates with their term scheme and bells, and the
//! size of each class before and after, with a warning past the limit.

use super::tests::{codes, count, fixture, numbers, pupil, run, school, whole_school, Line};
use super::*;
use crate::classes::tests::{add as add_class, year_2026};
use crate::exchange::fixture::old_system_csv;

fn creating() -> Options {
    Options {
        create_classes: true,
        ..Options::default()
    }
}

fn dry(options: Options) -> Options {
    Options {
        dry_run: true,
        ..options
    }
}

/// (row, name, class, number) of the numbers given.
fn given(r: &Report) -> Vec<(u32, &str, &str, &str)> {
    r.numbers
        .iter()
        .map(|n| {
            (
                n.row,
                n.name.as_str(),
                n.class.as_str(),
                n.file_number.as_str(),
            )
        })
        .collect()
}

/// (class, created, before, after, term scheme) of the classes changed.
fn sizes(r: &Report) -> Vec<(&str, bool, i32, i32, &str)> {
    r.classes
        .iter()
        .map(|c| {
            (
                c.label.as_str(),
                c.created,
                c.before,
                c.after,
                c.term_scheme.as_str(),
            )
        })
        .collect()
}

#[test]
fn an_old_systems_list_without_numbers_imports_with_the_alphabet_books_numbers() {
    let committed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/roster-old-system-cp1251.csv"
    ))
    .unwrap();
    assert_eq!(
        committed,
        old_system_csv(),
        "the fixture is what fixture.rs writes"
    );
    // A new school: the year and its usual schemes, no class yet.
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let book = fixture("roster-old-system-cp1251.csv");
    let preview = run(&db, &book, &dry(creating()));
    assert_eq!(codes(&preview), vec![]);
    assert_eq!(preview.added, 7);
    let expected_numbers = vec![
        (2, "Васильев Иван Петрович", "1 А", "В/1"),
        (3, "Васильева Анна Сергеевна", "1 А", "В/2"),
        (4, "Абрамов Глеб Ильич", "1 А", "А/1"),
        (5, "Ёлкина Мария Олеговна", "1 Б", "Е/1"),
        (6, "Борисов Пётр", "5 А", "Б/1"),
        (7, "Васнецова Ольга Игоревна", "5 А", "В/3"),
        (8, "Гусейнов Тимур Гусейн оглы", "10 А", "Г/1"),
    ];
    assert_eq!(given(&preview), expected_numbers);
    let expected_classes = vec![
        ("1 А", true, 0, 3, year::QUARTERS_GRADE_1),
        ("1 Б", true, 0, 1, year::QUARTERS_GRADE_1),
        ("5 А", true, 0, 2, year::QUARTERS),
        ("10 А", true, 0, 1, year::HALVES),
    ];
    assert_eq!(sizes(&preview), expected_classes);
    assert!(preview.classes.iter().all(|c| c.bell_schedule.is_empty()));
    assert_eq!(count(&db), 0, "a preview writes nothing");

    // The import writes what the preview showed.
    let done = run(&db, &book, &creating());
    assert_eq!(given(&done), expected_numbers);
    assert_eq!(sizes(&done), expected_classes);
    let abramov = ("Абрамов".to_string(), "А/1".to_string());
    assert!(numbers(&db).contains(&abramov));
    let a1 = classes::find_by_label(&db, year, "1 А").unwrap().unwrap();
    let periods: Vec<String> = crate::marks::periods(&db, a1.id.unwrap())
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        periods,
        [
            "1 четверть",
            "2 четверть",
            "3 четверть",
            "4 четверть",
            "Год"
        ],
        "a created class has its terms"
    );

    // Again: every row is the same student by name and birth date, numbers kept.
    let again = run(&db, &book, &creating());
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 7));
    assert!(again.numbers.is_empty() && again.classes.is_empty());
    assert!(numbers(&db).contains(&abramov));
}

#[test]
fn blank_numbers_are_given_typed_ones_kept_as_typed_and_known_students_keep_theirs() {
    let (db, ..) = school();
    run(
        &db,
        &whole_school(&[
            pupil("В/13", "Волков", "Иван", "м", "01.02.2015"),
            pupil("12р", "Петров", "Глеб", "м", "03.04.2015"),
        ]),
        &Options::default(),
    );
    let book = whole_school(&[
        pupil("", "Волков", "Иван", "м", "01.02.2015"),
        pupil("", "Воронова", "Анна", "ж", "05.06.2015"),
        pupil("в/20", "Вишневский", "Олег", "м", "07.08.2015"),
        pupil("", "Петрова", "Ольга", "ж", "09.10.2015"),
        pupil("0007", "Ким", "Ян", "м", "11.12.2015"),
    ]);
    let p = run(&db, &book, &Options::default());
    assert_eq!(codes(&p), vec![]);
    assert_eq!((p.added, p.updated, p.unchanged), (4, 0, 1));
    assert_eq!(
        given(&p),
        vec![
            (6, "Воронова Анна", "5 А", "В/21"),
            (8, "Петрова Ольга", "5 А", "П/1"),
        ],
        "after every number of the letter, typed in the file too"
    );
    assert_eq!(
        numbers(&db),
        vec![
            ("Вишневский".into(), "в/20".into()),
            ("Волков".into(), "В/13".into()),
            ("Воронова".into(), "В/21".into()),
            ("Ким".into(), "0007".into()),
            ("Петров".into(), "12р".into()),
            ("Петрова".into(), "П/1".into()),
        ]
    );
}

#[test]
fn a_number_of_a_row_not_imported_goes_to_the_next_student() {
    let (db, ..) = school();
    let before_birth: Line = [
        "5 А",
        "",
        "Дьяков",
        "Олег",
        "",
        "м",
        "01.02.2015",
        "",
        "1-у",
        "01.01.2014",
    ];
    let book = whole_school(&[before_birth, pupil("", "Данилов", "Ян", "м", "03.04.2015")]);
    let valid = Options {
        valid_only: true,
        ..Options::default()
    };
    let p = run(&db, &book, &valid);
    assert_eq!(
        codes(&p),
        vec![(5, "Приказ о зачислении: Дата", "student_card")]
    );
    assert_eq!(given(&p), vec![(6, "Данилов Ян", "5 А", "Д/1")]);
    assert_eq!(numbers(&db), vec![("Данилов".into(), "Д/1".into())]);
}

#[test]
fn the_school_cards_pattern_numbers_new_students() {
    let (db, ..) = school();
    db.conn()
        .execute(
            "UPDATE school SET file_number_pattern = '{год}-{n:3}' WHERE id = 1",
            [],
        )
        .unwrap();
    let book = whole_school(&[
        pupil("2026-041", "Орлов", "Глеб", "м", "01.02.2015"),
        pupil("", "Яковлева", "Анна", "ж", "03.04.2015"),
        pupil("", "Ершов", "Ян", "м", "05.06.2015"),
    ]);
    let p = run(&db, &book, &Options::default());
    let numbers: Vec<&str> = p.numbers.iter().map(|n| n.file_number.as_str()).collect();
    assert_eq!(numbers, ["2026-042", "2026-043"]);
}

/// `n` birth dates in 2019, one a day from 1 January: one child each.
fn birth_dates(n: usize, from: u32) -> Vec<String> {
    (0..n)
        .map(|i| {
            let day = NaiveDate::from_yo_opt(2019, from + i as u32).unwrap();
            day.format("%d.%m.%Y").to_string()
        })
        .collect()
}

/// Rows of children of class `label` without numbers, one per birth date.
fn children<'a>(label: &'a str, dates: &'a [String]) -> Vec<Line<'a>> {
    dates
        .iter()
        .map(|born| [label, "", "Петров", "Иван", "", "м", born, "", "", ""])
        .collect()
}

#[test]
fn each_class_is_told_its_size_before_and_after_with_a_warning_past_its_limit() {
    let (db, year, _) = school();
    add_class(&db, year, 1, "А");
    let first = birth_dates(25, 1);
    run(
        &db,
        &whole_school(&children("1 А", &first)),
        &Options::default(),
    );
    // 27 more into 1 А, and a 5 А student moved to a 5 Б to create.
    run(
        &db,
        &whole_school(&[pupil("к-1", "Лис", "Ян", "м", "03.04.2015")]),
        &Options::default(),
    );
    let more = birth_dates(27, 100);
    let mut lines = children("1 А", &more);
    lines.push(["5 Б", "к-1", "Лис", "Ян", "", "м", "03.04.2015", "", "", ""]);
    let book = whole_school(&lines);
    let p = run(&db, &book, &dry(creating()));
    assert_eq!(
        sizes(&p),
        vec![
            ("1 А", false, 25, 52, year::QUARTERS_GRADE_1),
            ("5 А", false, 1, 0, year::QUARTERS),
            ("5 Б", true, 0, 1, year::QUARTERS),
        ]
    );
    let a1 = &p.classes[0];
    assert_eq!((a1.joining, a1.leaving, a1.over_limit), (27, 0, Some(25)));
    assert_eq!((p.classes[1].joining, p.classes[1].leaving), (0, 1));
    let warnings: Vec<(u32, &str)> = p.warnings.iter().map(|w| (w.row, w.code)).collect();
    assert_eq!(warnings, vec![(0, "class_too_big")]);
    assert_eq!(
        p.warnings[0].message,
        "В 1 А классе станет учеников: 52 (было 25) — больше 25, а это предел для 1–4 классов. \
         Проверьте, тот ли это класс, или разделите список."
    );

    // The school's own maximum, lower, is the limit of every grade.
    db.conn()
        .execute("UPDATE school SET max_class_size = 20 WHERE id = 1", [])
        .unwrap();
    let p = run(&db, &book, &dry(creating()));
    assert_eq!(p.classes[0].over_limit, Some(20));
    assert!(p.warnings[0]
        .message
        .contains("наибольшая наполняемость класса в карте школы"));
    assert_eq!(p.classes[2].over_limit, None, "5 Б: 1 of 20");
    let fits = whole_school(&children("1 А", &more[..1]));
    db.conn()
        .execute("UPDATE school SET max_class_size = NULL WHERE id = 1", [])
        .unwrap();
    let p = run(&db, &fits, &Options::default());
    assert_eq!(
        sizes(&p),
        vec![("1 А", false, 25, 26, year::QUARTERS_GRADE_1)]
    );
    assert_eq!(p.classes[0].over_limit, Some(25));
    assert_eq!(p.warnings.len(), 1, "26 is past 25 too");
}

#[test]
fn the_preview_lists_who_arrives_where_with_the_day_and_order_before_writing() {
    let (db, ..) = school();
    run(
        &db,
        &whole_school(&[pupil("В/13", "Волков", "Иван", "м", "01.02.2015")]),
        &Options::default(),
    );
    let arriving: Line = [
        "5 А",
        "",
        "Дьякова",
        "Ольга",
        "",
        "ж",
        "01.02.2015",
        "",
        "12-у",
        "14.09.2026",
    ];
    let book = whole_school(&[pupil("В/13", "Волков", "Иван", "м", "01.02.2015"), arriving]);
    let p = run(&db, &book, &dry(Options::default()));
    let arrivals: Vec<_> = p
        .arrivals
        .iter()
        .map(|a| {
            (
                a.row,
                a.name.as_str(),
                a.class.as_str(),
                a.on,
                a.order.as_str(),
            )
        })
        .collect();
    assert_eq!(
        arrivals,
        vec![(
            6,
            "Дьякова Ольга",
            "5 А",
            Some(NaiveDate::from_ymd_opt(2026, 9, 14).unwrap()),
            "№ 12-у от 14.09.2026"
        )],
        "the known student is not an arrival"
    );
    assert_eq!(count(&db), 1, "a preview writes nothing");
}
