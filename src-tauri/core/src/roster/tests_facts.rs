//! «Инвалидность» and «ОВЗ» in the student list: read as schools write them, refused at their row
//! and column when they say neither, written back by the export.

use super::tests::{codes, pupil, run, school, whole_school_rows};
use super::*;
use crate::exchange::Value;
use crate::students::SpecialNeeds;

/// A whole-school roster of 5 А pupils with the two health cells after each.
fn with_health(lines: &[(&'static str, &'static str, &'static str, &'static str)]) -> Workbook {
    let mut rows = Vec::new();
    for (i, (last, first, disability, needs)) in lines.iter().enumerate() {
        let number: &'static str = ["1", "2", "3", "4"][i];
        let mut row = whole_school_rows(&[pupil(number, last, first, "ж", "01.02.2015")]).remove(0);
        row.insert("disability", Value::text(*disability));
        row.insert("special_needs", Value::text(*needs));
        rows.push(row);
    }
    let bytes = format().to_xlsx(None, &rows).unwrap();
    Workbook::from_bytes("school.xlsx", bytes).unwrap()
}

fn health(db: &Db, last: &str) -> (bool, SpecialNeeds) {
    db.conn()
        .query_row(
            "SELECT disability, special_needs FROM student WHERE last_name = ?1",
            [last],
            |r| Ok((r.get(0)?, SpecialNeeds::from_code(&r.get::<_, String>(1)?))),
        )
        .unwrap()
}

#[test]
fn disability_and_special_needs_are_read_and_written_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("school.zavuch")).unwrap();
    let year = crate::classes::tests::year_2026(&db);
    crate::classes::tests::add(&db, year, 5, "А");
    let book = with_health(&[
        ("Петрова", "Анна", "да", "ЗПР"),
        ("Сидорова", "Ольга", "", "Тяжёлые нарушения речи"),
        ("Иванова", "Мария", "нет", "нет"),
        ("Козлова", "Вера", "Да", "РАС"),
    ]);
    let p = run(&db, &book, &Options::default());
    assert!(p.preview.errors.is_empty(), "{:?}", p.preview.errors);
    assert_eq!(
        health(&db, "Петрова"),
        (true, SpecialNeeds::DevelopmentalDelay)
    );
    assert_eq!(health(&db, "Сидорова"), (false, SpecialNeeds::Speech));
    assert_eq!(health(&db, "Иванова"), (false, SpecialNeeds::None));
    assert_eq!(health(&db, "Козлова"), (true, SpecialNeeds::Autism));

    let out = dir.path().join("students.xlsx");
    export(&db, None, &out).unwrap();
    let written = Workbook::open(&out).unwrap();
    let f = format();
    let table = f.locate(&written).unwrap();
    let petrova = table
        .records()
        .find(|r| r.text("last_name") == Some("Петрова"))
        .unwrap();
    assert_eq!(petrova.text("disability"), Some("да"));
    assert_eq!(
        petrova.text("special_needs"),
        Some("Задержка психического развития")
    );
    let again = import(&db, &out, &Options::default()).unwrap();
    assert!(
        again.preview.errors.is_empty(),
        "{:?}",
        again.preview.errors
    );
    assert_eq!(again.preview.unchanged, 4);
}

#[test]
fn a_cell_that_says_neither_names_its_row_and_column() {
    let (db, _, _) = school();
    let book = with_health(&[
        ("Петрова", "Анна", "частично", ""),
        ("Сидорова", "Ольга", "нет", "ДЦП"),
    ]);
    let p = run(&db, &book, &Options::default());
    let found = codes(&p.preview);
    assert_eq!(
        found,
        [
            (3, "Инвалидность", "not_in_list"),
            (4, "ОВЗ", "not_in_list")
        ]
    );
    let needs = &p.preview.errors[1].message;
    assert!(
        needs.starts_with("«ДЦП» — такого значения нет. Допустимо: «Нет», «Глухие»"),
        "{needs}"
    );
    assert_eq!(super::tests::count(&db), 0);
}

#[test]
fn special_needs_as_schools_write_them() {
    use SpecialNeeds::*;
    for (text, want) in [
        ("ЗПР", DevelopmentalDelay),
        ("зпр (вариант 7.1)", DevelopmentalDelay),
        ("ТНР", Speech),
        ("РАС", Autism),
        ("УО", Intellectual),
        ("НОДА", Musculoskeletal),
        ("Слабовидящие", VisuallyImpaired),
        (
            "Умственная отсталость (интеллектуальные нарушения)",
            Intellectual,
        ),
        ("ОВЗ", Other),
        ("", None),
        ("-", None),
    ] {
        assert_eq!(facts::special_needs(text), Ok(want), "{text}");
    }
}
