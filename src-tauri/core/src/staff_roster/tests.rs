//! The staff import on files built here: .xlsx written by the format, a CSV in Windows-1251.

use super::columns::category;
use super::*;
use crate::classes::tests::d;
use crate::exchange::OutRow;
use crate::people::{Order, Sex};
use crate::staff::{AcademicDegree, EducationLevel, QualificationCategory};

/// The day the tests import on.
fn day() -> NaiveDate {
    d(2026, 10, 1)
}

/// Valid SNILS numbers (the check number agrees).
const SNILS_A: &str = "112-233-445 95";
const SNILS_B: &str = "123-456-789 64";

type Line<'a> = [&'a str; 15];

/// A staff list as .xlsx, written by the format itself (every cell as typed text), the cells of
/// a line in the order of the format's columns.
fn sheet<L: AsRef<[&'static str]>>(lines: &[L]) -> Workbook {
    let format = format();
    let keys: Vec<&str> = format
        .written_columns()
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(keys.len(), 22);
    let rows: Vec<OutRow> = lines
        .iter()
        .map(|line| {
            keys.iter()
                .zip(line.as_ref())
                .map(|(k, v)| (*k, Value::text(*v)))
                .collect()
        })
        .collect();
    let bytes = format.to_xlsx(Some("Сотрудники школы"), &rows).unwrap();
    Workbook::from_bytes("staff.xlsx", bytes).unwrap()
}

const SOKOLOVA: Line = [
    "Соколова",
    "Ирина",
    "Петровна",
    "ж",
    "14.03.1980",
    SNILS_A,
    "+7 (910) 123-45-67",
    "sokolova@mail.ru",
    "высшее, ОГУ, 2002",
    "Высшая",
    "Учитель",
    "1",
    "28.08.2015",
    "112-к",
    "27.08.2015",
];

const IVANOV: Line = [
    "Иванов",
    "Пётр",
    "Ильич",
    "м",
    "02.05.1975",
    "",
    "",
    "",
    "",
    "первая квалификационная категория",
    "Директор",
    "1",
    "01.09.2010",
    "5-к",
    "31.08.2010",
];

/// Ivanov's second position: the person's cells left empty.
const IVANOV_TEACHER: Line = [
    "Иванов",
    "Пётр",
    "Ильич",
    "м",
    "02.05.1975",
    "",
    "",
    "",
    "",
    "",
    "Учитель",
    "0,5",
    "",
    "",
    "",
];

fn run(db: &Db, book: &Workbook, options: &Options) -> Preview {
    import_book(db, book, options, day(), &mut |_, _| {}, &Cancel::default()).unwrap()
}

fn counts(p: &Preview) -> (i64, i64, i64) {
    (p.added, p.updated, p.unchanged)
}

fn codes(p: &Preview) -> Vec<(u32, &str, &str)> {
    p.errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect()
}

fn count(db: &Db, table: &str) -> i64 {
    db.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn member_named(db: &Db, last: &str) -> StaffMember {
    let ids = staff::find_by_name(
        db,
        last,
        match last {
            "Соколова" => "Ирина",
            _ => "Пётр",
        },
        match last {
            "Соколова" => "Петровна",
            _ => "Ильич",
        },
    )
    .unwrap();
    assert_eq!(ids.len(), 1, "{last}");
    staff::get(db, ids[0]).unwrap()
}

#[test]
fn a_person_with_two_positions_is_one_member_and_a_second_import_changes_nothing() {
    let db = Db::in_memory().unwrap();
    let book = sheet(&[SOKOLOVA, IVANOV, IVANOV_TEACHER]);
    let p = run(&db, &book, &Options::default());
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(counts(&p), (3, 0, 0));
    assert_eq!(count(&db, "staff_member"), 2);
    assert_eq!(count(&db, "appointment"), 3);

    let s = member_named(&db, "Соколова");
    assert_eq!(s.snils, SNILS_A);
    assert_eq!(s.sex, Sex::Female);
    assert_eq!(s.birth_date, Some(d(1980, 3, 14)));
    assert_eq!(s.qualification_category, QualificationCategory::Highest);
    assert_eq!(s.education, "высшее, ОГУ, 2002");
    assert_eq!(s.appointments[0].hire_order.number, "112-к");
    assert_eq!(s.appointments[0].hire_order.date, Some(d(2015, 8, 27)));
    assert_eq!(s.appointments[0].hired_on, Some(d(2015, 8, 28)));

    let i = member_named(&db, "Иванов");
    assert_eq!(i.qualification_category, QualificationCategory::First);
    let held: Vec<(&str, f64)> = i
        .appointments
        .iter()
        .map(|a| (a.position_name.as_str(), a.rate))
        .collect();
    assert_eq!(held, vec![("Учитель", 0.5), ("Директор", 1.0)]);

    let again = run(&db, &book, &Options::default());
    assert_eq!(counts(&again), (0, 0, 3), "{:?}", again.errors);
    assert_eq!(count(&db, "staff_member"), 2);
    assert_eq!(count(&db, "appointment"), 3);
}

#[test]
fn every_row_error_names_its_row_and_column() {
    let db = Db::in_memory().unwrap();
    let with = |changes: &[(usize, &'static str)], base: Line<'static>| {
        let mut line = base;
        for (k, v) in changes {
            line[*k] = v;
        }
        line
    };
    let book = sheet(&[
        // Title row 1, a blank row, header rows 3–4: data from row 5.
        with(&[(5, "112-233-445 96")], SOKOLOVA),
        with(&[(10, "Сторож")], IVANOV),
        with(&[(0, "Петров"), (5, ""), (11, "3,5")], IVANOV),
        with(&[(0, "Орлов"), (5, ""), (9, "вторая")], IVANOV),
        with(&[(0, "Сидоров"), (5, ""), (4, "31.02.1975")], IVANOV),
        with(&[(0, "Иванoв"), (5, "")], IVANOV),
        with(&[(0, "Лисин"), (5, ""), (11, "0")], IVANOV),
        with(&[(0, "Будущев"), (5, ""), (4, "01.01.2030")], IVANOV),
    ]);
    let p = run(&db, &book, &Options::default());
    assert_eq!(
        codes(&p),
        vec![
            (5, "СНИЛС", "snils_check_number"),
            (6, "Должность", "unknown_position"),
            (7, "Ставка", "bad_rate"),
            (8, "Квалификационная категория", "not_in_list"),
            (9, "Дата рождения", "no_such_date"),
            (10, "Фамилия", "latin_in_name"),
            (11, "Ставка", "not_a_positive_number"),
            (12, "Дата рождения", "birth_date_in_future"),
        ]
    );
    let unknown = &p.errors[1].message;
    assert!(unknown.contains("«Сторож»"), "{unknown}");
    assert!(
        unknown.contains("«Учитель»"),
        "offers the known positions: {unknown}"
    );
    assert!(!unknown.contains("--"), "no command-line syntax: {unknown}");
    assert!(p.errors[3].message.contains("«Высшая»"));
    assert_eq!(
        p.errors[5].to_string(),
        "строка 10, столбец «Фамилия»: «Иванoв»: на 5-м месте латинская буква «o», а не \
         русская «о». Замените её русской."
    );
    assert_eq!(
        count(&db, "staff_member"),
        0,
        "a file with errors imports nothing"
    );
    assert!(blocked(&p, &Options::default()));
}

#[test]
fn rows_of_one_person_must_agree() {
    let db = Db::in_memory().unwrap();
    let mut other_birth = SOKOLOVA;
    other_birth[4] = "15.03.1980";
    other_birth[10] = "Педагог-организатор";
    let mut same_position = IVANOV;
    same_position[11] = "0,25";
    let book = sheet(&[SOKOLOVA, IVANOV, other_birth, same_position, IVANOV_TEACHER]);
    let p = run(&db, &book, &Options::default());
    assert_eq!(
        codes(&p),
        vec![
            (7, "Дата рождения", "staff_rows_disagree"),
            (8, "Должность", "position_repeated"),
        ]
    );
    assert!(p.errors[0].message.contains("строке 5"), "{}", p.errors[0]);
    assert!(
        p.errors[0].message.contains("«14.03.1980»"),
        "{}",
        p.errors[0]
    );
    assert!(p.errors[1].message.contains("строке 6"), "{}", p.errors[1]);

    let valid = Options {
        valid_only: true,
        ..Options::default()
    };
    let p = run(&db, &book, &valid);
    assert_eq!(counts(&p), (3, 0, 0));
    assert_eq!(member_named(&db, "Иванов").appointments.len(), 2);
    assert_eq!(member_named(&db, "Соколова").appointments.len(), 1);
}

#[test]
fn unknown_positions_are_created_when_asked() {
    let db = Db::in_memory().unwrap();
    let mut guard = IVANOV;
    guard[10] = "сторож";
    let mut second = IVANOV_TEACHER;
    second[10] = "Учитель  музыки";
    let before = staff::positions(&db).unwrap().len();
    let opts = Options {
        create_positions: true,
        ..Options::default()
    };
    let book = sheet(&[guard, second]);
    let dry = run(
        &db,
        &book,
        &Options {
            dry_run: true,
            ..opts.clone()
        },
    );
    assert_eq!(counts(&dry), (2, 0, 0));
    assert_eq!(
        staff::positions(&db).unwrap().len(),
        before,
        "a dry run creates nothing"
    );
    assert_eq!(count(&db, "staff_member"), 0);

    let p = run(&db, &book, &opts);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let list = staff::positions(&db).unwrap();
    assert_eq!(list.len(), before + 2);
    let found = |name: &str| list.iter().find(|p| p.name == name).unwrap();
    assert!(!found("сторож").is_pedagogical);
    assert!(found("Учитель музыки").is_pedagogical);
    assert!(found("сторож").sort_order > found("Лаборант").sort_order);
    assert_eq!(run(&db, &book, &Options::default()).unchanged, 2);
}

#[test]
fn people_match_by_snils_else_by_name_and_birth_date() {
    let db = Db::in_memory().unwrap();
    run(&db, &sheet(&[SOKOLOVA, IVANOV]), &Options::default());
    // Married: a new last name, the same SNILS.
    let mut married = SOKOLOVA;
    married[0] = "Петрова";
    married[11] = "1,25";
    // No SNILS: found by name and birth date; a new SNILS is written to the card.
    let mut ivanov = IVANOV;
    ivanov[5] = SNILS_B;
    let p = run(&db, &sheet(&[married, ivanov]), &Options::default());
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(counts(&p), (0, 2, 0));
    assert_eq!(count(&db, "staff_member"), 2);
    let id = staff::find_by_snils(&db, SNILS_A).unwrap().unwrap();
    let m = staff::get(&db, id).unwrap();
    assert_eq!(m.last_name, "Петрова");
    assert_eq!(m.appointments[0].rate, 1.25);
    assert!(staff::find_by_snils(&db, "12345678964").unwrap().is_some());

    // Two people of the file who are one member of the database.
    let mut twin = married;
    twin[5] = "111-111-111 45";
    twin[10] = "Тьютор";
    let p = run(&db, &sheet(&[married, twin]), &Options::default());
    assert_eq!(codes(&p), vec![(6, "Фамилия", "same_staff_member_twice")]);
}

#[test]
fn a_card_rule_refuses_every_row_of_the_person() {
    let db = Db::in_memory().unwrap();
    let mut bad_mail = IVANOV;
    bad_mail[7] = "ivanov.mail.ru";
    let p = run(
        &db,
        &sheet(&[bad_mail, IVANOV_TEACHER]),
        &Options::default(),
    );
    assert_eq!(
        codes(&p),
        vec![
            (5, "Электронная почта", "staff_card"),
            (6, "Электронная почта", "staff_card"),
        ]
    );
    let mut no_order_date = IVANOV_TEACHER;
    no_order_date[13] = "7-к";
    let p = run(&db, &sheet(&[IVANOV, no_order_date]), &Options::default());
    assert_eq!(
        codes(&p),
        vec![
            (5, "", "staff_row_not_imported"),
            (6, "Приказ о приёме: Дата", "staff_card"),
        ]
    );
    assert!(p.errors[0].message.contains("строке 6"), "{}", p.errors[0]);
}

#[test]
fn csv_in_windows_1251_with_a_combined_name() {
    let db = Db::in_memory().unwrap();
    let text = "ФИО;Пол;СНИЛС;Должность;Ставка;Категория\r\n\
                Алиев Рашид Ахмед оглы;м;112-233-445 95;учитель;1;СЗД\r\n\
                Ким Анна;ж;;Педагог-психолог;0,5;б/к\r\n";
    let bytes = encoding_rs::WINDOWS_1251.encode(text).0.into_owned();
    let book = Workbook::from_bytes("staff.csv", bytes).unwrap();
    let p = run(&db, &book, &Options::default());
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(counts(&p), (2, 0, 0));
    let list = staff::list(&db, day(), false).unwrap();
    let names: Vec<(&str, &str)> = list
        .iter()
        .map(|i| (i.full_name.as_str(), i.positions.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Алиев Рашид Ахмед оглы", "Учитель"),
            ("Ким Анна", "Педагог-психолог")
        ]
    );
    assert_eq!(
        list[0].qualification_category,
        QualificationCategory::Conformity
    );
    assert_eq!(run(&db, &book, &Options::default()).unchanged, 2);
}

#[test]
fn a_failure_midway_leaves_the_database_as_it_was() {
    let db = Db::in_memory().unwrap();
    let mut guard = SOKOLOVA;
    guard[10] = "Сторож";
    db.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON staff_member
             WHEN NEW.last_name = 'Иванов' BEGIN SELECT RAISE(ABORT, 'сбой'); END;",
        )
        .unwrap();
    let positions = staff::positions(&db).unwrap().len();
    let opts = Options {
        create_positions: true,
        ..Options::default()
    };
    assert!(import_book(
        &db,
        &sheet(&[guard, IVANOV]),
        &opts,
        day(),
        &mut |_, _| {},
        &Cancel::default()
    )
    .is_err());
    assert_eq!(count(&db, "staff_member"), 0);
    assert_eq!(count(&db, "appointment"), 0);
    assert_eq!(
        staff::positions(&db).unwrap().len(),
        positions,
        "the new position is rolled back too"
    );
}

#[test]
fn export_then_import_is_unchanged_and_backup_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("school.zavuch");
    let db = Db::open(&file).unwrap();
    let p = import_book(
        &db,
        &sheet(&[SOKOLOVA, IVANOV, IVANOV_TEACHER]),
        &Options::default(),
        today(),
        &mut |_, _| {},
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!(p.added, 3);
    let backups = crate::backup::before_imports(&dir.path().join("school.zavuch"));
    assert_eq!(backups.len(), 1);

    let out = dir.path().join("staff.xlsx");
    assert_eq!(export(&db, &out).unwrap(), 3);
    let p = import(&db, &out, &Options::default()).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(counts(&p), (0, 0, 3));
}

#[test]
fn template_reads_back_as_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    template(&path).unwrap();
    let book = Workbook::open(&path).unwrap();
    let f = format();
    let table = f.locate(&book).unwrap();
    assert!(table.is_empty());
    assert_eq!(table.header("order_date"), Some("Приказ о приёме: Дата"));
    assert_eq!(table.header("category"), Some("Квалификационная категория"));
    assert!(!table.has("full_name"), "the combined name is only read");
}

#[test]
fn categories_as_files_write_them() {
    use QualificationCategory as Q;
    for (text, want) in [
        ("Высшая", Q::Highest),
        ("высшая категория", Q::Highest),
        ("Первая квалификационная категория", Q::First),
        ("СЗД", Q::Conformity),
        ("соответствие занимаемой должности", Q::Conformity),
        ("б/к", Q::None),
        ("без категории", Q::None),
        ("педагог-методист", Q::Methodist),
    ] {
        assert_eq!(category(text), Ok(want), "{text}");
    }
    assert_eq!(category("вторая").unwrap_err().code(), "not_in_list");
}

#[test]
fn progress_is_told() {
    let db = Db::in_memory().unwrap();
    let mut seen = Vec::new();
    import_book(
        &db,
        &sheet(&[SOKOLOVA, IVANOV]),
        &Options::default(),
        day(),
        &mut |done, total| seen.push((done, total)),
        &Cancel::default(),
    )
    .unwrap();
    assert_eq!(seen, vec![(0, 2), (2, 2)]);
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let db = Db::in_memory().unwrap();
    let cancel = Cancel::default();
    let window = cancel.clone();
    // «Отменить» pressed while the first rows are being read.
    let err = import_book(
        &db,
        &sheet(&[SOKOLOVA, IVANOV]),
        &Options::default(),
        day(),
        &mut |_, _| window.cancel(),
        &cancel,
    )
    .unwrap_err();
    assert_eq!(err.fields()[0].code, "import_cancelled");
    assert_eq!(count(&db, "staff_member"), 0);
}

/// A staff member with a history (a transfer to another rate): the export lists the lasting
/// appointment, and importing it back changes nothing and keeps the history whole.
#[test]
fn export_then_import_keeps_a_transfer_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("school.zavuch")).unwrap();
    run(&db, &sheet(&[SOKOLOVA]), &Options::default());
    let id = member_named(&db, "Соколова").id.unwrap();
    staff::movement::transfer(
        &db,
        &staff::movement::StaffTransfer {
            staff_member_id: id,
            appointment_id: None,
            staff_position_id: None,
            rate: 0.5,
            on: d(2026, 9, 1),
            order: Order {
                series: String::new(),
                number: "90-к".into(),
                date: Some(d(2026, 8, 31)),
            },
        },
    )
    .unwrap();
    let before = staff::movement::history(&db, id).unwrap();
    assert_eq!(before.len(), 2);

    let out = dir.path().join("staff.xlsx");
    assert_eq!(export(&db, &out).unwrap(), 1);
    let p = import(&db, &out, &Options::default()).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(counts(&p), (0, 0, 1));
    assert_eq!(staff::movement::history(&db, id).unwrap(), before);
}

/// A line with the facts for the reports after it, in the order of the last seven columns.
fn with_facts(line: Line<'static>, facts: [&'static str; 7]) -> Vec<&'static str> {
    line.iter().chain(facts.iter()).copied().collect()
}

const SOKOLOVA_FACTS: [&str; 7] = [
    "высшее педагогическое",
    "да",
    "15.03.2024",
    "01.09.2002",
    "01.09.2003",
    "к.п.н.",
    "Почётный работник воспитания и просвещения РФ; Заслуженный учитель РФ",
];

#[test]
fn the_facts_for_the_reports_are_read_and_written_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("school.zavuch")).unwrap();
    let mut ivanov = IVANOV;
    ivanov[9] = "";
    let book = sheet(&[
        with_facts(SOKOLOVA, SOKOLOVA_FACTS),
        with_facts(ivanov, ["СПО", "нет", "", "31.08.2020", "", "", ""]),
        // The second row of a person may leave the facts empty.
        with_facts(IVANOV_TEACHER, ["", "", "", "", "", "", ""]),
    ]);
    let p = run(&db, &book, &Options::default());
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let s = member_named(&db, "Соколова");
    assert_eq!(s.education_level, EducationLevel::Higher);
    assert!(s.pedagogical_education);
    assert_eq!(s.category_awarded_on, Some(d(2024, 3, 15)));
    assert_eq!(s.experience_since, Some(d(2002, 9, 1)));
    assert_eq!(s.pedagogical_experience_since, Some(d(2003, 9, 1)));
    assert_eq!(s.academic_degree, AcademicDegree::Candidate);
    assert_eq!(
        s.honorary_titles,
        "Почётный работник воспитания и просвещения РФ\nЗаслуженный учитель РФ"
    );
    let i = member_named(&db, "Иванов");
    assert_eq!(i.education_level, EducationLevel::SecondaryVocational);
    assert!(!i.pedagogical_education);
    assert_eq!(i.experience_since, Some(d(2020, 8, 31)));
    assert_eq!(i.academic_degree, AcademicDegree::None);

    let out = dir.path().join("staff.xlsx");
    export(&db, &out).unwrap();
    let written = Workbook::open(&out).unwrap();
    let f = format();
    let table = f.locate(&written).unwrap();
    let sokolova = table
        .records()
        .find(|r| r.text("last_name") == Some("Соколова"))
        .unwrap();
    assert_eq!(sokolova.text("education_level"), Some("Высшее"));
    assert_eq!(sokolova.text("pedagogical_education"), Some("да"));
    assert_eq!(sokolova.text("academic_degree"), Some("Кандидат наук"));
    assert_eq!(
        sokolova.text("honorary_titles"),
        Some("Почётный работник воспитания и просвещения РФ; Заслуженный учитель РФ")
    );
    assert_eq!(sokolova.date("experience_since"), Some(d(2002, 9, 1)));
    let again = import(&db, &out, &Options::default()).unwrap();
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    assert_eq!(counts(&again), (0, 0, 3));
}

#[test]
fn a_bad_fact_names_its_row_and_column() {
    let db = Db::in_memory().unwrap();
    let mut ivanov = IVANOV;
    ivanov[9] = "";
    let book = sheet(&[
        with_facts(
            SOKOLOVA,
            [
                "незаконченное высшее",
                "может быть",
                "",
                "",
                "",
                "магистр",
                "",
            ],
        ),
        // Rows 5 and 6 under the title and the two-row header.
        // The card's rules: experience in the future, an award date without a category.
        with_facts(
            ivanov,
            ["высшее", "да", "01.09.2020", "01.09.2030", "", "", ""],
        ),
    ]);
    let p = run(&db, &book, &Options::default());
    let mut found = codes(&p);
    found.sort();
    assert_eq!(
        found,
        [
            (5, "Педагогическое образование", "not_in_list"),
            (5, "Уровень образования", "not_in_list"),
            (5, "Учёная степень", "not_in_list"),
            (6, "Дата присвоения категории", "staff_card"),
            (6, "Общий стаж с", "staff_card"),
        ]
    );
    let level = p
        .errors
        .iter()
        .find(|e| e.column == "Уровень образования")
        .unwrap();
    assert!(
        level.message.contains("«незаконченное высшее»") && level.message.contains("«Высшее»"),
        "{}",
        level.message
    );
    assert_eq!(count(&db, "staff_member"), 0);
}

#[test]
fn levels_and_degrees_as_files_write_them() {
    use super::columns::{academic_degree, education_level};
    use EducationLevel as L;
    for (text, want) in [
        ("Высшее", L::Higher),
        ("высшее профессиональное", L::Higher),
        ("Среднее профессиональное", L::SecondaryVocational),
        ("среднее специальное", L::SecondaryVocational),
        ("СПО", L::SecondaryVocational),
        ("среднее общее", L::SecondaryGeneral),
        ("", L::Unknown),
    ] {
        assert_eq!(education_level(text), Ok(want), "{text}");
    }
    for (text, want) in [
        ("кандидат педагогических наук", AcademicDegree::Candidate),
        ("к. п. н.", AcademicDegree::Candidate),
        ("Доктор наук", AcademicDegree::Doctor),
        ("д.ф.-м.н.", AcademicDegree::Doctor),
        ("нет", AcademicDegree::None),
        ("", AcademicDegree::None),
    ] {
        assert_eq!(academic_degree(text), Ok(want), "{text}");
    }
}
