//! The roster import on the committed fixtures (.xlsx, .xls, .ods, CSV in Windows-1251) and on
//! files built here.

use super::*;
use crate::classes::tests::{add as add_class, d, year_2026};
use crate::exchange::{OutRow, Value};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

/// A day in the year 2026-2027.
pub(super) fn day() -> NaiveDate {
    d(2026, 10, 1)
}

pub(super) fn school() -> (Db, i64, i64) {
    let db = Db::in_memory().unwrap();
    let year = year_2026(&db);
    let class = add_class(&db, year, 5, "А").id.unwrap();
    (db, year, class)
}

pub(super) fn fixture(name: &str) -> Workbook {
    Workbook::open(Path::new(&format!("{FIXTURES}/{name}"))).unwrap()
}

pub(super) fn into_5a() -> Options {
    Options {
        class: Some("5а".into()),
        ..Options::default()
    }
}

pub(super) fn codes(p: &Preview) -> Vec<(u32, &str, &str)> {
    p.errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect()
}

pub(super) fn count(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM student", [], |r| r.get(0))
        .unwrap()
}

fn class_count(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM class", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn fixtures_in_every_format() {
    for name in [
        "roster.xlsx",
        "roster.xls",
        "roster.ods",
        "roster-cp1251.csv",
    ] {
        let (db, year, class) = school();
        let book = fixture(name);
        let p = import_book(
            &db,
            &book,
            &into_5a(),
            day(),
            &mut |_, _| {},
            &Cancel::default(),
        )
        .unwrap();
        assert_eq!((p.added, p.updated, p.unchanged), (2, 0, 0), "{name}");
        assert_eq!(
            codes(&p),
            vec![
                (7, "Фамилия", "latin_in_name"),
                (7, "Приказ о зачислении: Дата", "no_such_date"),
                (11, "Пол (м, ж)", "not_a_sex"),
                (12, "Фамилия", "empty_cell"),
                (12, "Дата рождения", "empty_cell"),
            ],
            "{name}"
        );
        assert_eq!(count(&db), 0, "{name}: a file with errors imports nothing");

        let valid = Options {
            valid_only: true,
            ..into_5a()
        };
        let p = import_book(
            &db,
            &book,
            &valid,
            day(),
            &mut |_, _| {},
            &Cancel::default(),
        )
        .unwrap();
        assert_eq!(p.added, 2, "{name}");
        let list = students::list(&db, year, Some(class), None).unwrap();
        let names: Vec<&str> = list.iter().map(|s| s.full_name.as_str()).collect();
        assert_eq!(
            names,
            vec!["Ёлкина Алёна Сергеевна", "Смирнов Олег"],
            "{name}"
        );
        let s = students::get(&db, list[0].id).unwrap();
        assert_eq!(s.file_number, "0012");
        let order = crate::movement::enrolment_order(db.conn(), list[0].id).unwrap();
        assert_eq!(order.number, "15-у");
        assert_eq!(order.date, Some(d(2023, 9, 1)));

        let again = import_book(
            &db,
            &book,
            &valid,
            day(),
            &mut |_, _| {},
            &Cancel::default(),
        )
        .unwrap();
        assert_eq!(
            (again.added, again.updated, again.unchanged),
            (0, 0, 2),
            "{name}: the second import changes nothing"
        );
        assert_eq!(count(&db), 2);
    }
}

#[test]
fn one_class_file_needs_a_class() {
    let (db, ..) = school();
    let p = import_book(
        &db,
        &fixture("roster.xlsx"),
        &Options::default(),
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!(codes(&p), vec![(0, "", "class_not_given")]);
    let p = import_book(
        &db,
        &fixture("roster.xlsx"),
        &Options {
            class: Some("6 В".into()),
            ..Options::default()
        },
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!(codes(&p), vec![(0, "", "unknown_class")]);
    // The core says what is missing; the app and the CLI add how to ask for it.
    assert_eq!(
        p.errors[0].message,
        "Класса «6 В» в текущем учебном году нет."
    );
}

pub(super) type Line<'a> = [&'a str; 10];

/// The rows of a whole-school roster (dates as text, as typed).
pub(super) fn whole_school_rows<'a>(lines: &[Line<'a>]) -> Vec<OutRow<'a>> {
    let keys = [
        "class",
        "file_no",
        "last_name",
        "first_name",
        "patronymic",
        "sex",
        "birth_date",
        "order_series",
        "order_number",
        "order_date",
    ];
    lines
        .iter()
        .map(|line| {
            keys.iter()
                .zip(line)
                .map(|(k, v)| (*k, Value::text(*v)))
                .collect()
        })
        .collect()
}

/// A whole-school roster as .xlsx, written by the format itself.
pub(super) fn whole_school(lines: &[Line]) -> Workbook {
    let bytes = format()
        .to_xlsx(Some("Список учащихся школы"), &whole_school_rows(lines))
        .unwrap();
    Workbook::from_bytes("school.xlsx", bytes).unwrap()
}

#[test]
fn whole_school_roster_classes_however_typed_and_every_error() {
    let (db, year, class_5a) = school();
    let book = whole_school(&[
        [
            "5 А",
            "1",
            "Петров",
            "Иван",
            "Сергеевич",
            "м",
            "01.02.2015",
            "",
            "1-у",
            "25.08.2022",
        ],
        [
            "5А",
            "2",
            "Сидорова",
            "Ольга",
            "Ивановна",
            "ж",
            "03.04.2015",
            "",
            "",
            "",
        ],
        [
            "5-а",
            "3",
            "Орлов",
            "Глеб",
            "Петровна",
            "м",
            "03.04.2015",
            "",
            "",
            "",
        ],
        ["7 Б", "4", "Лис", "Ян", "", "м", "03.04.2013", "", "", ""],
        [
            "5 А",
            "2",
            "Новиков",
            "Ян",
            "",
            "м",
            "03.04.2015",
            "",
            "",
            "",
        ],
        [
            "5 А",
            "5",
            "Будущев",
            "Ян",
            "",
            "м",
            "03.04.2027",
            "",
            "",
            "",
        ],
        [
            "5 А",
            "6",
            "Старый",
            "Ян",
            "",
            "м",
            "03.04.1990",
            "",
            "",
            "",
        ],
        ["5 А", "7", "Стар", "Ян", "", "м", "31.02.2015", "", "", ""],
        ["Х", "8", "Стар", "Ян", "", "м", "01.02.2015", "", "", ""],
    ]);
    let p = import_book(
        &db,
        &book,
        &Options::default(),
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    // Title row 1, a blank row, header rows 3–4, data from row 5.
    assert_eq!(
        codes(&p),
        vec![
            (8, "Класс", "unknown_class"),
            (9, "№ личного дела", "file_number_repeated"),
            (10, "Дата рождения", "birth_date_in_future"),
            (12, "Дата рождения", "no_such_date"),
            (13, "Класс", "not_a_class"),
        ]
    );
    assert!(p.errors[1].message.contains("строке 6"), "{}", p.errors[1]);
    let warnings: Vec<(u32, &str, &str)> = p
        .warnings
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        warnings,
        vec![
            (7, "Пол(м,ж)", "sex_disagrees_with_patronymic"),
            (11, "Дата рождения", "unusual_age"),
        ]
    );
    assert_eq!(p.added, 4);
    assert_eq!(count(&db), 0);

    // With the missing class created and only the valid rows.
    let opts = Options {
        create_classes: true,
        valid_only: true,
        ..Options::default()
    };
    let p = import_book(&db, &book, &opts, day(), &mut |_, _| {}, &Cancel::default()).unwrap();
    assert_eq!(p.added, 5);
    assert_eq!(
        students::list(&db, year, Some(class_5a), None)
            .unwrap()
            .len(),
        4
    );
    let b7 = classes::find_by_label(&db, year, "7б").unwrap().unwrap();
    assert_eq!(students::list(&db, year, b7.id, None).unwrap().len(), 1);
    let again = import_book(&db, &book, &opts, day(), &mut |_, _| {}, &Cancel::default()).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 5));

    // A changed row updates the student matched by the file number.
    let changed = whole_school(&[[
        "5 А",
        "1",
        "Петров",
        "Иван",
        "Сергеевич",
        "м",
        "01.02.2015",
        "",
        "1-у",
        "26.08.2022",
    ]]);
    let p = import_book(
        &db,
        &changed,
        &opts,
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!((p.added, p.updated, p.unchanged), (0, 1, 0));
    let id = students::find_by_file_number(&db, "1").unwrap().unwrap();
    assert_eq!(
        crate::movement::enrolment_order(db.conn(), id)
            .unwrap()
            .date,
        Some(d(2022, 8, 26))
    );
}

#[test]
fn rows_without_a_known_file_number_match_by_name_and_birth_date() {
    let (db, ..) = school();
    let first = whole_school(&[[
        "5 А",
        "1",
        "Петров",
        "Иван",
        "Сергеевич",
        "м",
        "01.02.2015",
        "",
        "",
        "",
    ]]);
    import_book(
        &db,
        &first,
        &Options::default(),
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    let renumbered = whole_school(&[[
        "5 А",
        "1-а",
        "ПЕТРОВ",
        "Иван",
        "Сергеевич",
        "м",
        "01.02.2015",
        "",
        "",
        "",
    ]]);
    let p = import_book(
        &db,
        &renumbered,
        &Options::default(),
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!((p.added, p.updated), (0, 1));
    assert_eq!(count(&db), 1);
}

#[test]
fn combined_name_columns_are_split() {
    let (db, year, class) = school();
    let csv = "Класс;№ личного дела;Фамилия;Имя Отчество;Пол;Дата рождения\n\
               5 А;11;Алиев;Рашид Ахмед оглы;м;01.02.2015\n\
               5 А;12;Ким;Анна;ж;02.03.2015\n";
    let book = Workbook::from_bytes("list.csv", csv.as_bytes().to_vec()).unwrap();
    let p = import_book(
        &db,
        &book,
        &Options::default(),
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.added, 2);
    let names: Vec<String> = students::list(&db, year, Some(class), None)
        .unwrap()
        .into_iter()
        .map(|s| s.full_name)
        .collect();
    assert_eq!(names, vec!["Алиев Рашид Ахмед оглы", "Ким Анна"]);

    let (db, ..) = school();
    let csv = "ФИО;№ личного дела;Пол;Дата рождения\nИванова Мария Петровна;1;ж;01.02.2015\n";
    let book = Workbook::from_bytes("fio.csv", csv.as_bytes().to_vec()).unwrap();
    let p = import_book(
        &db,
        &book,
        &into_5a(),
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.added, 1);
}

#[test]
fn a_failure_midway_leaves_the_database_as_it_was() {
    let (db, ..) = school();
    let book = whole_school(&[
        [
            "5 А",
            "1",
            "Петров",
            "Иван",
            "Сергеевич",
            "м",
            "01.02.2015",
            "",
            "",
            "",
        ],
        [
            "6 Б",
            "2",
            "Сидорова",
            "Ольга",
            "Ивановна",
            "ж",
            "03.04.2014",
            "",
            "",
            "",
        ],
        ["6 Б", "3", "Сбоев", "Ян", "", "м", "03.04.2014", "", "", ""],
    ]);
    db.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON student
             WHEN NEW.last_name = 'Сбоев' BEGIN SELECT RAISE(ABORT, 'сбой'); END;",
        )
        .unwrap();
    let classes_before = class_count(&db);
    let opts = Options {
        create_classes: true,
        ..Options::default()
    };
    assert!(import_book(&db, &book, &opts, day(), &mut |_, _| {}, &Cancel::default()).is_err());
    assert_eq!(count(&db), 0);
    assert_eq!(
        class_count(&db),
        classes_before,
        "the new class is rolled back too"
    );
}

#[test]
fn progress_is_told() {
    let (db, ..) = school();
    let mut seen = Vec::new();
    import_book(
        &db,
        &fixture("roster.xlsx"),
        &into_5a(),
        day(),
        &mut |done, total| seen.push((done, total)),
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!(seen, vec![(0, 5), (5, 5)]);
}

#[test]
fn dry_run_writes_nothing() {
    let (db, ..) = school();
    let opts = Options {
        dry_run: true,
        valid_only: true,
        ..into_5a()
    };
    let p = import_book(
        &db,
        &fixture("roster.xlsx"),
        &opts,
        day(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!(p.added, 2);
    assert_eq!(count(&db), 0);
}

#[test]
fn export_then_import_is_unchanged_and_backup_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("school.zavuch");
    let db = Db::open(&file).unwrap();
    let year = year_2026(&db);
    add_class(&db, year, 5, "А");
    let book = whole_school(&[
        [
            "5 А",
            "0012",
            "Ёлкина",
            "Алёна",
            "Сергеевна",
            "ж",
            "14.03.2015",
            "А",
            "15-у",
            "01.09.2023",
        ],
        [
            "6 Б",
            "2",
            "Сидорова",
            "Ольга",
            "",
            "ж",
            "03.04.2014",
            "",
            "",
            "",
        ],
    ]);
    let opts = Options {
        create_classes: true,
        ..Options::default()
    };
    let p = import_book(&db, &book, &opts, day(), &mut |_, _| {}, &Cancel::default()).unwrap();
    assert_eq!(p.added, 2);
    let backups = backups(dir.path());
    assert_eq!(backups.len(), 1, "{backups:?}");

    let out = dir.path().join("export.xlsx");
    assert_eq!(export(&db, None, &out).unwrap(), 2);
    let p = import(&db, &out, &Options::default()).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!((p.added, p.updated, p.unchanged), (0, 0, 2));

    let one = dir.path().join("5a.xlsx");
    assert_eq!(export(&db, Some("5а"), &one).unwrap(), 1);
    assert!(export(&db, Some("9 Я"), &one).is_err());
}

#[test]
fn templates_read_back_as_the_format() {
    let dir = tempfile::tempdir().unwrap();
    for whole in [false, true] {
        let path = dir.path().join(format!("t{whole}.xlsx"));
        template(&path, whole).unwrap();
        let book = Workbook::open(&path).unwrap();
        let f = format();
        let table = f.locate(&book).unwrap();
        assert_eq!(table.has("class"), whole);
        assert_eq!(
            table.header("order_date"),
            Some("Приказ о зачислении: Дата")
        );
        assert_eq!(table.header("sex"), Some("Пол(м,ж)"));
        assert!(table.is_empty());
    }
}

/// Runs the import with no progress and no cancel.
pub(super) fn run(db: &Db, book: &Workbook, opts: &Options) -> Report {
    import_book(db, book, opts, day(), &mut |_, _| {}, &Cancel::default()).unwrap()
}

/// A 5 А row of a whole-school file: number, last name, first name, sex, birth date.
pub(super) fn pupil<'a>(
    number: &'a str,
    last: &'a str,
    first: &'a str,
    sex: &'a str,
    born: &'a str,
) -> Line<'a> {
    ["5 А", number, last, first, "", sex, born, "", "", ""]
}

/// The file numbers of the students, by last name.
pub(super) fn numbers(db: &Db) -> Vec<(String, String)> {
    let mut stmt = db
        .conn()
        .prepare("SELECT last_name, file_number FROM student ORDER BY last_name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn two_rows_about_one_student_refuse_the_second_naming_the_first() {
    let (db, ..) = school();
    run(
        &db,
        &whole_school(&[pupil("1", "Петров", "Иван", "м", "01.02.2015")]),
        &Options::default(),
    );
    // Rows 5 and 7 are both him by name and birth date, with two numbers.
    let book = whole_school(&[
        pupil("1", "Петров", "Иван", "м", "01.02.2015"),
        pupil("2", "Орлова", "Анна", "ж", "03.04.2015"),
        pupil("9", "Петров", "Иван", "м", "01.02.2015"),
    ]);
    let p = run(&db, &book, &Options::default());
    assert_eq!(codes(&p), vec![(7, "", "student_repeated")]);
    assert_eq!(
        p.errors[0].to_string(),
        "строка 7: Строка 5 — о том же обучающемся (Петров Иван, та же дата рождения): у \
         каждого обучающегося одна строка. Удалите лишнюю строку."
    );
    assert_eq!((p.added, p.unchanged), (1, 1));
    assert_eq!(count(&db), 1, "a file with errors writes nothing");

    let valid = Options {
        valid_only: true,
        ..Options::default()
    };
    let p = run(&db, &book, &valid);
    assert_eq!((p.added, p.unchanged), (1, 1));
    assert_eq!(
        numbers(&db),
        vec![("Орлова".into(), "2".into()), ("Петров".into(), "1".into())]
    );
    // Two rows of one new child; and Петров's number in two rows (the first corrects his
    // name), which is that error only, not also a second row about him.
    let book = whole_school(&[
        pupil("3", "Ким", "Анна", "ж", "02.03.2015"),
        pupil("4", "Ким", "Анна", "ж", "02.03.2015"),
        pupil("1", "Петрова", "Ивана", "ж", "01.02.2015"),
        pupil("1", "Лис", "Ян", "м", "03.04.2015"),
    ]);
    let p = run(&db, &book, &valid);
    assert_eq!(
        codes(&p),
        vec![
            (6, "", "student_repeated"),
            (8, "№ личного дела", "file_number_repeated"),
        ]
    );
    assert_eq!((p.added, p.updated), (1, 1));
}

#[test]
fn a_file_may_renumber_students_in_any_row_order() {
    let (db, ..) = school();
    run(
        &db,
        &whole_school(&[
            pupil("5", "Петров", "Иван", "м", "01.02.2015"),
            pupil("6", "Сидорова", "Ольга", "ж", "03.04.2015"),
            pupil("7", "Орлов", "Глеб", "м", "05.06.2015"),
        ]),
        &Options::default(),
    );
    // Петров and Сидорова swap numbers; a new pupil gets Орлов's 7 in a row above Орлов's,
    // who moves to 8. No write may meet a number another row is about to give up.
    let book = whole_school(&[
        pupil("6", "Петров", "Иван", "м", "01.02.2015"),
        pupil("7", "Новикова", "Ева", "ж", "07.08.2015"),
        pupil("5", "Сидорова", "Ольга", "ж", "03.04.2015"),
        pupil("8", "Орлов", "Глеб", "м", "05.06.2015"),
    ]);
    let p = run(&db, &book, &Options::default());
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!((p.added, p.updated, p.unchanged), (1, 3, 0));
    assert_eq!(
        numbers(&db),
        vec![
            ("Новикова".into(), "7".into()),
            ("Орлов".into(), "8".into()),
            ("Петров".into(), "6".into()),
            ("Сидорова".into(), "5".into()),
        ]
    );
    let again = run(&db, &book, &Options::default());
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 4));
}

#[test]
fn a_number_stays_taken_when_the_row_renumbering_its_student_is_not_written() {
    let (db, ..) = school();
    run(
        &db,
        &whole_school(&[pupil("5", "Петров", "Иван", "м", "01.02.2015")]),
        &Options::default(),
    );
    // Петров's row would free 5, but his enrolment order has a date and no number, so the row
    // is not written and 5 stays his: the new pupil's row is refused, not a failed write.
    let mut petrov = pupil("6", "Петров", "Иван", "м", "01.02.2015");
    petrov[9] = "01.09.2022";
    let book = whole_school(&[pupil("5", "Новикова", "Ева", "ж", "07.08.2015"), petrov]);
    let valid = Options {
        valid_only: true,
        ..Options::default()
    };
    let p = run(&db, &book, &valid);
    assert_eq!(
        codes(&p),
        vec![
            (5, "№ личного дела", "duplicate_file_number"),
            (6, "Приказ о зачислении: Номер", "student_card"),
        ]
    );
    assert!(
        p.errors[0].message.contains("Петров Иван"),
        "{}",
        p.errors[0]
    );
    assert_eq!((p.added, p.updated), (0, 0));
    assert_eq!(numbers(&db), vec![("Петров".into(), "5".into())]);
}

#[test]
fn a_departed_student_is_not_brought_back_by_a_roster() {
    let (db, ..) = school();
    let book = whole_school(&[
        pupil("1", "Петров", "Иван", "м", "01.02.2015"),
        pupil("2", "Орлова", "Анна", "ж", "03.04.2015"),
    ]);
    run(&db, &book, &Options::default());
    let depart = |file_number: &str, on: NaiveDate| {
        let id = students::find_by_file_number(&db, file_number)
            .unwrap()
            .unwrap();
        let departure = crate::movement::Departure {
            student_id: id,
            on,
            reason: crate::movement::DepartureReason::OtherSchool,
            destination: String::new(),
            order: Default::default(),
            note: String::new(),
        };
        crate::movement::leave(&db, &departure).unwrap();
    };
    depart("1", d(2026, 9, 15));
    // Орлова leaves only in December: she still studies, so her row is as usual.
    depart("2", d(2026, 12, 1));
    let p = run(&db, &book, &Options::default());
    assert_eq!(codes(&p), vec![(5, "", "student_departed")]);
    assert!(
        p.errors[0].message.contains("15.09.2026"),
        "{}",
        p.errors[0]
    );
    assert!(p.errors[0].message.contains("оформите его прибытие"));
    assert_eq!((p.added, p.updated, p.unchanged), (0, 0, 1));
}

/// A whole-school file of `n` new pupils with numbers 1..=n, the last in a class to create.
fn many(n: usize) -> Workbook {
    with_many(n, whole_school)
}

/// `then` of the lines of [`many`].
fn with_many<T>(n: usize, then: impl FnOnce(&[Line]) -> T) -> T {
    let names: Vec<(String, String)> = (1..=n)
        .map(|i| {
            (
                i.to_string(),
                format!("{:02}.0{}.2015", 1 + i % 28, 1 + i % 9),
            )
        })
        .collect();
    let lines: Vec<Line> = names
        .iter()
        .enumerate()
        .map(|(i, (number, born))| {
            let class = if i + 1 == n { "6 Б" } else { "5 А" };
            [
                class,
                number,
                "Новиков",
                "Ян",
                "",
                "м",
                born.as_str(),
                "",
                "",
                "",
            ]
        })
        .collect();
    then(&lines)
}

#[test]
fn cancel_midway_leaves_the_database_as_it_was() {
    let (db, ..) = school();
    let opts = Options {
        create_classes: true,
        ..Options::default()
    };
    let classes_before = class_count(&db);
    let cancel = Cancel::default();
    // Asked for while the rows are being checked.
    let err = import_book(
        &db,
        &many(120),
        &opts,
        day(),
        &mut |done, _| {
            if done >= 50 {
                cancel.cancel();
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert_eq!(
        err.payload().message,
        "Импорт отменён, в базе ничего не изменилось."
    );
    assert_eq!((count(&db), class_count(&db)), (0, classes_before));
}

#[test]
fn cancel_while_writing_rolls_back_what_was_written() {
    let (db, ..) = school();
    run(
        &db,
        &whole_school(&[
            pupil("5", "Петров", "Иван", "м", "01.02.2015"),
            pupil("6", "Сидорова", "Ольга", "ж", "03.04.2015"),
        ]),
        &Options::default(),
    );
    let before = numbers(&db);
    let swap = whole_school(&[
        pupil("6", "Петров", "Иван", "м", "01.02.2015"),
        pupil("5", "Сидорова", "Ольга", "ж", "03.04.2015"),
        pupil("7", "Новикова", "Ева", "ж", "07.08.2015"),
    ]);
    // Asked for once every row is checked: the write has begun (the swapped numbers are
    // already freed) when the import sees it.
    let cancel = Cancel::default();
    let err = import_book(
        &db,
        &swap,
        &Options::default(),
        day(),
        &mut |done, total| {
            if done == total {
                cancel.cancel();
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].code, "import_cancelled");
    assert_eq!(numbers(&db), before);
    let keys: Vec<String> = db
        .conn()
        .prepare("SELECT file_number_key FROM student ORDER BY file_number_key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(keys, vec!["5", "6"]);
}

/// The backup is copied while the file is read and checked: it is the school as it was before
/// the import, and an import that writes nothing (errors, a dry run, a cancel) leaves no copy.
#[test]
fn the_backup_is_the_school_before_the_import_and_only_of_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("school.zavuch")).unwrap();
    let year = year_2026(&db);
    add_class(&db, year, 5, "А");
    let backups = || backups(dir.path());
    let roster = dir.path().join("roster.xlsx");
    let save = |lines: &[Line]| {
        format()
            .save_xlsx(&roster, None, &whole_school_rows(lines))
            .unwrap()
    };

    // A number repeated: the file has errors and imports nothing.
    save(&[
        pupil("1", "Петров", "Иван", "м", "01.02.2015"),
        pupil("1", "Сидорова", "Ольга", "ж", "03.04.2015"),
    ]);
    assert!(import(&db, &roster, &Options::default())
        .unwrap()
        .has_errors());
    save(&[
        pupil("1", "Петров", "Иван", "м", "01.02.2015"),
        pupil("2", "Сидорова", "Ольга", "ж", "03.04.2015"),
    ]);
    let dry_run = Options {
        dry_run: true,
        ..Options::default()
    };
    assert_eq!(import(&db, &roster, &dry_run).unwrap().added, 2);
    let cancel = Cancel::default();
    cancel.cancel();
    let err = import_with_progress(&db, &roster, &Options::default(), &mut |_, _| {}, &cancel);
    assert_eq!(err.unwrap_err().fields()[0].code, "import_cancelled");
    assert!(backups().is_empty(), "{:?}", backups());
    let folder = dir.path().join(crate::backup::FOLDER);
    assert!(!folder.exists(), "no empty backups folder is left behind");
    assert_eq!(count(&db), 0);

    assert_eq!(import(&db, &roster, &Options::default()).unwrap().added, 2);
    assert_eq!(count(&db), 2);
    let copies = backups();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(
        count(&Db::open(&copies[0]).unwrap()),
        0,
        "the school before"
    );
}

// The import of a school file writes its rows on a second connection while the plan is made
// (`stream`): the same rows as after the plan, and nothing when the plan says so. (At most 252
// pupils of `many` are different people.)

/// A school in a file with the class 5 А: its imports are backed up and written while planned.
fn school_file(dir: &Path) -> Db {
    let db = Db::open(&dir.join("school.zavuch")).unwrap();
    let year = year_2026(&db);
    add_class(&db, year, 5, "А");
    db
}

/// The copies made before imports of `school.zavuch` in `dir`.
fn backups(dir: &Path) -> Vec<std::path::PathBuf> {
    crate::backup::before_imports(&dir.join("school.zavuch"))
}

fn save_roster(path: &Path, lines: &[Line]) {
    format()
        .save_xlsx(path, None, &whole_school_rows(lines))
        .unwrap();
}

fn creating_classes() -> Options {
    Options {
        create_classes: true,
        ..Options::default()
    }
}

/// Every student as stored, with the class of the year.
type Stored = (i64, String, String, String, String, i32, String);

fn stored(db: &Db) -> Vec<Stored> {
    db.conn()
        .prepare(
            "SELECT s.id, s.file_number, s.file_number_key, s.name_key, s.birth_date, c.grade,
                    c.letter
               FROM student s JOIN placement m ON m.student_id = s.id
               JOIN class c ON c.id = m.class_id AND c.academic_year_id = m.academic_year_id
              ORDER BY s.id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn rows_written_while_planned_are_stored_as_after_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = school_file(dir.path());
    let roster = dir.path().join("roster.xlsx");
    with_many(250, |lines| save_roster(&roster, lines));
    let p = import(&db, &roster, &creating_classes()).unwrap();
    assert_eq!((p.added, p.errors.len()), (250, 0), "{:?}", p.errors);

    let (memory, ..) = school();
    assert_eq!(run(&memory, &many(250), &creating_classes()).added, 250);
    let written = stored(&db);
    assert_eq!(written.len(), 250);
    assert_eq!(written, stored(&memory));
    assert_eq!(backups(dir.path()).len(), 1);
    assert!(db.conn().is_autocommit(), "no transaction left open");
}

#[test]
fn errors_found_after_rows_were_written_roll_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = school_file(dir.path());
    let classes_before = class_count(&db);
    let roster = dir.path().join("roster.xlsx");
    // The error is in the last row: the rows before it are being written by then.
    with_many(200, |lines| {
        let mut lines = lines.to_vec();
        lines.push(pupil("201", "Петров", "Иван", "м", "31.02.2015"));
        save_roster(&roster, &lines)
    });
    let p = import(&db, &roster, &creating_classes()).unwrap();
    let codes: Vec<&str> = p.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, vec!["no_such_date"], "{:?}", p.errors);
    assert_eq!(p.added, 200);
    assert_eq!((count(&db), class_count(&db)), (0, classes_before));
    assert!(backups(dir.path()).is_empty(), "no backup of no write");

    let valid_only = Options {
        valid_only: true,
        ..creating_classes()
    };
    assert_eq!(import(&db, &roster, &valid_only).unwrap().added, 200);
    assert_eq!(count(&db), 200);
    assert_eq!(class_count(&db), classes_before + 1, "6 Б created");
    assert_eq!(backups(dir.path()).len(), 1);
}

#[test]
fn a_cancel_or_a_failure_while_rows_are_written_leaves_the_school_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = school_file(dir.path());
    let classes_before = class_count(&db);
    let roster = dir.path().join("roster.xlsx");
    with_many(250, |lines| save_roster(&roster, lines));

    // Asked for after 150 rows are planned: two batches of them are being written.
    let cancel = Cancel::default();
    let err = import_with_progress(
        &db,
        &roster,
        &creating_classes(),
        &mut |done, _| {
            if done >= 150 {
                cancel.cancel();
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].code, "import_cancelled");
    assert_eq!((count(&db), class_count(&db)), (0, classes_before));
    assert!(backups(dir.path()).is_empty(), "{:?}", backups(dir.path()));

    // The write itself fails (a trigger in the file: the writing connection has it too).
    db.conn()
        .execute_batch(
            "CREATE TRIGGER fail_late BEFORE INSERT ON student
             WHEN NEW.file_number = '250' BEGIN SELECT RAISE(ABORT, 'сбой'); END;",
        )
        .unwrap();
    assert!(import(&db, &roster, &creating_classes()).is_err());
    assert_eq!((count(&db), class_count(&db)), (0, classes_before));
    assert_eq!(
        backups(dir.path()).len(),
        1,
        "kept, as the backup of any write that failed"
    );
    assert!(db.conn().is_autocommit());
}

#[test]
fn a_file_renumbering_students_is_written_after_its_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = school_file(dir.path());
    let roster = dir.path().join("roster.xlsx");
    save_roster(
        &roster,
        &[
            pupil("5", "Петров", "Иван", "м", "01.02.2015"),
            pupil("6", "Сидорова", "Ольга", "ж", "03.04.2015"),
        ],
    );
    assert_eq!(import(&db, &roster, &Options::default()).unwrap().added, 2);
    // A backup of this second would keep the next import from backing up (and streaming).
    for copy in backups(dir.path()) {
        std::fs::remove_file(copy).unwrap();
    }
    save_roster(
        &roster,
        &[
            pupil("6", "Петров", "Иван", "м", "01.02.2015"),
            pupil("5", "Сидорова", "Ольга", "ж", "03.04.2015"),
            pupil("7", "Новикова", "Ева", "ж", "07.08.2015"),
        ],
    );
    let p = import(&db, &roster, &Options::default()).unwrap();
    assert_eq!((p.added, p.updated), (1, 2), "{:?}", p.errors);
    let expected = [("Новикова", "7"), ("Петров", "6"), ("Сидорова", "5")];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(n, f)| (n.to_string(), f.to_string()))
        .collect();
    assert_eq!(numbers(&db), expected);
    assert_eq!(backups(dir.path()).len(), 1);
}
