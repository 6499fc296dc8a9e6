//! The engine on real files: an .xlsx built here, and .xls, .ods and CSV fixtures committed in
//! tests/fixtures/ (the .xls and .ods converted from the same .xlsx by LibreOffice; see
//! `examples/regenerate_fixtures.rs`).

use super::fixture::{fixture_csv, fixture_xlsx};
use super::*;
use crate::error::Problem;
use chrono::NaiveDate;
use std::collections::BTreeMap;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A roster format like the one-class template of appendix 8, with a «Класс» column for the
/// whole-school layout and the combined name columns other systems export.
fn roster() -> Format {
    let mut columns = vec![
        ColumnSpec::optional("class", &["Класс"], CellKind::Text),
        ColumnSpec::required(
            "file_no",
            &["№ личного дела", "Номер личного дела", "Личное дело"],
            CellKind::Text,
        ),
    ];
    columns.extend(name_columns());
    columns.extend([
        ColumnSpec::required("sex", &["Пол"], CellKind::Sex),
        ColumnSpec::required("birth_date", &["Дата рождения"], CellKind::Date),
        ColumnSpec::optional(
            "order_series",
            &["Приказ о зачислении: Серия"],
            CellKind::Text,
        ),
        ColumnSpec::optional(
            "order_number",
            &["Приказ о зачислении: Номер"],
            CellKind::Text,
        ),
        ColumnSpec::optional("order_date", &["Приказ о зачислении: Дата"], CellKind::Date),
    ]);
    Format::new("Список учащихся", columns)
}

fn fixture(name: &str) -> Workbook {
    let path = format!("{FIXTURES}/{name}");
    Workbook::open(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every reading of the roster fixture must give exactly this.
fn check_roster(book: &Workbook) {
    let format = roster();
    let table = format.locate(book).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(table.header_rows, (4, 5));
    assert_eq!(table.header("birth_date"), Some("Дата рождения"));
    assert_eq!(table.header("sex"), Some("Пол (м, ж)"));
    assert_eq!(
        table.header("order_date"),
        Some("Приказ о зачислении: Дата")
    );
    assert!(!table.has("class"));
    let records: Vec<Record> = table.records().collect();
    let rows: Vec<u32> = records.iter().map(|r| r.row).collect();
    assert_eq!(
        rows,
        vec![6, 7, 10, 11, 12],
        "blank rows skipped, numbers kept"
    );

    let first = &records[0];
    assert!(first.is_valid(), "{:?}", first.errors);
    assert_eq!(first.text("file_no"), Some("0012"));
    assert_eq!(first.text("last_name"), Some("Ёлкина"));
    assert_eq!(first.text("first_name"), Some("Алёна"));
    assert_eq!(first.sex("sex"), Some(Sex::Female));
    assert_eq!(first.date("birth_date"), Some(date(2015, 3, 14)));
    assert_eq!(first.text("order_series"), Some("А"));
    assert_eq!(first.text("order_number"), Some("15-у"));
    assert_eq!(first.date("order_date"), Some(date(2023, 9, 1)));

    let third = &records[2];
    assert!(third.is_valid(), "{:?}", third.errors);
    assert_eq!(third.text("last_name"), Some("Смирнов"));
    assert_eq!(third.text("first_name"), Some("Олег"));
    assert_eq!(third.get("patronymic"), &Value::Empty);
    assert_eq!(third.sex("sex"), Some(Sex::Male));
    assert_eq!(third.date("birth_date"), Some(date(2015, 1, 7)));
    assert_eq!(third.date("order_date"), Some(date(2023, 9, 1)));
    assert_eq!(records[1].date("birth_date"), Some(date(2014, 11, 5)));
    assert_eq!(records[3].date("birth_date"), Some(date(2014, 12, 1)));

    let errors: Vec<(u32, &str, &str)> = records
        .iter()
        .flat_map(|r| &r.errors)
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        errors,
        vec![
            (7, "Фамилия", "latin_in_name"),
            (7, "Приказ о зачислении: Дата", "no_such_date"),
            (11, "Пол (м, ж)", "not_a_sex"),
            (12, "Фамилия", "empty_cell"),
            (12, "Дата рождения", "empty_cell"),
        ]
    );
    assert_eq!(
        records[1].errors[0].to_string(),
        "строка 7, столбец «Фамилия»: «Иванoв»: на 5-м месте латинская буква «o», а не русская \
         «о». Замените её русской."
    );
    assert_eq!(
        records[1].errors[1].to_string(),
        "строка 7, столбец «Приказ о зачислении: Дата»: 31.02.2023 — нет такой даты. Проверьте \
         день и месяц."
    );
}

#[test]
fn xlsx_with_titles_merged_header_and_blank_rows() {
    let book = Workbook::from_bytes("5a.xlsx", fixture_xlsx()).unwrap();
    assert_eq!(book.sheets[0].name, "5 А");
    check_roster(&book);
}

#[test]
fn xls_converted_by_libreoffice() {
    let book = fixture("roster.xls");
    assert!(!book.sheets[0].merges.is_empty(), "xls tells its merges");
    check_roster(&book);
}

#[test]
fn ods_converted_by_libreoffice() {
    let book = fixture("roster.ods");
    assert!(
        book.sheets[0].merges.is_empty(),
        "ods merges come from the layout"
    );
    check_roster(&book);
}

#[test]
fn csv_in_windows_1251_with_semicolons() {
    let book = fixture("roster-cp1251.csv");
    check_roster(&book);
    // The committed file is what `fixture_csv` writes.
    let committed = std::fs::read(format!("{FIXTURES}/roster-cp1251.csv")).unwrap();
    assert_eq!(committed, fixture_csv());
    assert!(
        std::str::from_utf8(&committed).is_err(),
        "really Windows-1251"
    );
}

#[test]
fn csv_in_utf8_with_bom_and_commas() {
    let text = "\u{feff}Фамилия,Имя,Отчество,Пол,Дата рождения,№ личного дела\n\
                Ёлкина,Алёна,Сергеевна,Ж,14.03.2015,0012\n";
    let book = Workbook::from_bytes("list.csv", text.as_bytes().to_vec()).unwrap();
    let format = roster();
    let table = format.locate(&book).unwrap();
    let rec = table.records().next().unwrap();
    assert!(rec.is_valid(), "{:?}", rec.errors);
    assert_eq!(rec.text("last_name"), Some("Ёлкина"));
    assert_eq!(rec.text("file_no"), Some("0012"));
    assert_eq!(rec.date("birth_date"), Some(date(2015, 3, 14)));
}

/// A sheet built from rows of text (numbers and dates given as text).
fn book_of(rows: &[&[&str]]) -> Workbook {
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, cells)| Row {
            number: i as u32 + 1,
            cells: cells
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        })
        .filter(|r| r.cells.iter().any(|c| !c.is_blank()))
        .collect();
    Workbook {
        file_name: "test.xlsx".into(),
        sheets: vec![Sheet {
            name: "Лист1".into(),
            rows,
            merges: vec![],
        }],
    }
}

#[test]
fn headers_tolerate_case_spaces_yo_punctuation_and_remarks() {
    let book = book_of(&[
        &[
            "  ФАМИЛИЯ:",
            "имя",
            "Отчество*",
            "ПОЛ(М,Ж)",
            "Дата  рождения (дд.мм.гггг)",
            "№личного дела.",
        ],
        &["Иванов", "Пётр", "", "м", "01.09.2015", "1"],
    ]);
    let format = roster();
    let table = format.locate(&book).unwrap();
    assert_eq!(table.header("last_name"), Some("ФАМИЛИЯ:"));
    assert_eq!(
        table.header("birth_date"),
        Some("Дата рождения (дд.мм.гггг)")
    );
    let rec = table.records().next().unwrap();
    assert!(rec.is_valid(), "{:?}", rec.errors);
    assert_eq!(rec.date("birth_date"), Some(date(2015, 9, 1)));
    // «ё» in a header matches «е» and the other way round.
    let f = Format::new(
        "x",
        vec![ColumnSpec::required(
            "n",
            &["Учёная степень"],
            CellKind::Text,
        )],
    );
    let book = book_of(&[&["Ученая степень"], &["к. п. н."]]);
    assert_eq!(
        f.locate(&book).unwrap().records().next().unwrap().text("n"),
        Some("к. п. н.")
    );
}

#[test]
fn combined_name_columns_are_split() {
    let format = roster();
    let book = book_of(&[
        &["№ личного дела", "ФИО", "Пол", "Дата рождения"],
        &["1", " Ёлкина  Алёна Сергеевна ", "ж", "14.03.2015"],
        &["2", "Алиев Рашид Гусейн оглы", "м", "01.02.2014"],
        &["3", "Петров Иван", "м", "01.02.2014"],
        &["4", "Петров", "м", "01.02.2014"],
        &["5", "Сидоров Иваn", "м", "01.02.2014"],
    ]);
    let table = format.locate(&book).unwrap();
    assert_eq!(table.header("last_name"), Some("ФИО"));
    let recs: Vec<Record> = table.records().collect();
    assert_eq!(recs[0].text("last_name"), Some("Ёлкина"));
    assert_eq!(recs[0].text("first_name"), Some("Алёна"));
    assert_eq!(recs[0].text("patronymic"), Some("Сергеевна"));
    assert_eq!(recs[1].text("patronymic"), Some("Гусейн оглы"));
    assert_eq!(recs[2].text("first_name"), Some("Иван"));
    assert_eq!(recs[2].get("patronymic"), &Value::Empty);
    assert_eq!(recs[3].errors[0].code, "name_parts_missing");
    assert_eq!(recs[3].errors[0].column, "ФИО");
    assert_eq!(recs[4].errors[0].code, "latin_in_name");

    // «Имя Отчество» beside a «Фамилия» column.
    let book = book_of(&[
        &[
            "№ личного дела",
            "Фамилия",
            "Имя Отчество",
            "Пол",
            "Дата рождения",
        ],
        &["1", "Ёлкина", "Алёна Сергеевна", "ж", "14.03.2015"],
        &["2", "Иванов", "Пётр", "м", "14.03.2015"],
    ]);
    let table = format.locate(&book).unwrap();
    let recs: Vec<Record> = table.records().collect();
    assert!(recs[0].is_valid() && recs[1].is_valid());
    assert_eq!(recs[0].text("last_name"), Some("Ёлкина"));
    assert_eq!(recs[0].text("first_name"), Some("Алёна"));
    assert_eq!(recs[0].text("patronymic"), Some("Сергеевна"));
    assert_eq!(recs[1].text("first_name"), Some("Пётр"));
    assert_eq!(recs[1].get("patronymic"), &Value::Empty);
}

#[test]
fn missing_and_repeated_columns_are_named() {
    let format = roster();
    let book = book_of(&[
        &["Список"],
        &["№ личного дела", "Имя", "Дата рождения"],
        &["1", "Пётр", "01.01.2015"],
    ]);
    let errors = format.locate(&book).unwrap_err();
    let named: Vec<(&str, &str)> = errors.iter().map(|e| (e.column.as_str(), e.code)).collect();
    assert_eq!(
        named,
        vec![("Фамилия", "missing_column"), ("Пол", "missing_column")]
    );
    assert_eq!(errors[0].row, 2);
    assert!(errors[0].message.contains("«Фамилия»"));

    let book = book_of(&[&["Что-то другое", "Совсем"], &["1", "2"]]);
    let errors = format.locate(&book).unwrap_err();
    assert_eq!(errors[0].code, "no_header_row");
    assert!(
        errors[0].message.contains("«Фамилия», «Имя»"),
        "{}",
        errors[0].message
    );

    let book = book_of(&[
        &[
            "№ личного дела",
            "Фамилия",
            "Имя",
            "Пол",
            "Дата рождения",
            "Фамилия ",
        ],
        &["1", "Иванов", "Пётр", "м", "01.01.2015", "Иванов"],
    ]);
    let errors = format.locate(&book).unwrap_err();
    assert_eq!(errors[0].code, "duplicate_column");
}

#[test]
fn whole_school_layout_numbering_row_extra_columns_and_second_sheet() {
    let format = roster();
    let mut book = book_of(&[
        &[
            "Класс",
            "№ личного дела",
            "Фамилия",
            "Имя",
            "Отчество",
            "Пол",
            "Дата рождения",
            "Примечание",
        ],
        &["1", "2", "3", "4", "5", "6", "7", "8"],
        &[
            "5 А",
            "0012",
            "Ёлкина",
            "Алёна",
            "",
            "ж",
            "14.03.2015",
            "переведена",
        ],
        &["", "", "", "", "", "", "", "Итого: 1"],
    ]);
    // A first sheet of instructions does not get in the way.
    book.sheets.insert(
        0,
        Sheet {
            name: "Инструкция".into(),
            rows: vec![Row {
                number: 1,
                cells: vec![Cell::Text("Заполните лист «Список»".into())],
            }],
            merges: vec![],
        },
    );
    let table = format.locate(&book).unwrap();
    assert_eq!(table.sheet.name, "Лист1");
    assert_eq!(
        table.len(),
        1,
        "the numbering row and the footer are not data"
    );
    let rec = table.records().next().unwrap();
    assert_eq!(rec.row, 3);
    assert_eq!(rec.text("class"), Some("5 А"));
    assert_eq!(
        table.extra_columns(),
        &[ExtraColumn {
            index: 7,
            header: "Примечание".into()
        }]
    );
}

#[test]
fn imports_add_their_own_problems_at_a_cell() {
    let format = roster();
    let book = book_of(&[
        &["№ личного дела", "Фамилия", "Имя", "Пол", "Дата рождения"],
        &["1", "Smith", "John", "м", "01.01.2030"],
    ]);
    let table = format.locate(&book).unwrap();
    let mut rec = table.records().next().unwrap();
    assert_eq!(
        rec.warnings.len(),
        2,
        "names in Latin letters are warned about"
    );
    rec.fail(
        "birth_date",
        &Problem::OutsideYear {
            year: "2026-2027".into(),
        },
    );
    assert_eq!(rec.errors[0].column, "Дата рождения");
    assert_eq!(rec.errors[0].row, 2);
    assert!(rec.has_error("birth_date"));
    let mut preview = Preview::default();
    preview.errors.extend(rec.errors.clone());
    preview.warnings.extend(rec.warnings.clone());
    preview.count(RowOutcome::Updated);
    assert!(preview.has_errors());
    assert_eq!(preview.updated, 1);
}

fn out<'k>(pairs: Vec<(&'k str, Value)>) -> OutRow<'k> {
    pairs.into_iter().collect::<BTreeMap<_, _>>()
}

#[test]
fn written_file_reads_back_the_same() {
    let format = roster();
    let rows = vec![
        out(vec![
            ("class", "5 А".into()),
            ("file_no", "0012".into()),
            ("last_name", "Ёлкина".into()),
            ("first_name", "Алёна".into()),
            ("patronymic", "Сергеевна".into()),
            ("sex", Sex::Female.into()),
            ("birth_date", date(2015, 3, 14).into()),
            ("order_series", "А".into()),
            ("order_number", "15-у".into()),
            ("order_date", date(2023, 9, 1).into()),
        ]),
        out(vec![
            ("class", "10 Б".into()),
            ("file_no", "105".into()),
            ("last_name", "Римский-Корсаков".into()),
            ("first_name", "Пётр".into()),
            ("sex", Sex::Male.into()),
            ("birth_date", date(2009, 12, 31).into()),
        ]),
    ];
    let bytes = format
        .to_xlsx(Some("Список учащихся на 01.09.2026"), &rows)
        .unwrap();
    // The header: two rows, «Приказ о зачислении» merged over its three columns, the other
    // headers merged down both rows.
    let mut xlsx: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    let merges = xlsx.merge_cells_by_sheet_name("Список учащихся").unwrap();
    assert!(merges.contains(&calamine::Dimensions::new((2, 7), (2, 9))));
    assert!(merges.contains(&calamine::Dimensions::new((2, 0), (3, 0))));
    let book = Workbook::from_bytes("export.xlsx", bytes).unwrap();
    assert_eq!(book.sheets[0].name, "Список учащихся");
    let sheet = &book.sheets[0];
    let table = format.locate(&book).unwrap();
    assert_eq!(table.header_rows, (3, 4));
    let read: Vec<Record> = table.records().collect();
    assert_eq!(read.len(), rows.len());
    for (written, rec) in rows.iter().zip(&read) {
        assert!(rec.is_valid(), "{:?}", rec.errors);
        let got: BTreeMap<&str, Value> = rec.values().map(|(k, v)| (k, v.clone())).collect();
        assert_eq!(&got, written);
    }
    // The birth date is a real date cell, the file number text.
    let first = &sheet.rows.iter().find(|r| r.number == 5).unwrap().cells;
    assert_eq!(first[1], Cell::Text("0012".into()));
    assert_eq!(first[6], Cell::Date(date(2015, 3, 14)));

    // The empty template reads as the format with no rows and no errors.
    let template = Workbook::from_bytes("t.xlsx", format.template_xlsx().unwrap()).unwrap();
    let table = format.locate(&template).unwrap();
    assert!(table.is_empty());
    let headers: Vec<String> = template.sheets[0].rows[0]
        .cells
        .iter()
        .map(Cell::display)
        .collect();
    assert_eq!(
        headers,
        vec![
            "Класс",
            "№ личного дела",
            "Фамилия",
            "Имя",
            "Отчество",
            "Пол",
            "Дата рождения",
            "Приказ о зачислении"
        ],
        "combined name columns are for reading only"
    );
}

#[test]
fn one_row_formats_with_numbers_and_choices_round_trip() {
    let format = Format::new(
        "Тематическое планирование",
        vec![
            ColumnSpec::optional("section", &["Раздел"], CellKind::Text),
            ColumnSpec::required("number", &["№ урока"], CellKind::Integer),
            ColumnSpec::required("topic", &["Тема урока"], CellKind::Text),
            ColumnSpec::required("hours", &["Количество часов"], CellKind::PositiveNumber),
            ColumnSpec::optional("date", &["Дата"], CellKind::Date),
            ColumnSpec::optional(
                "kind",
                &["Вид работы"],
                CellKind::Choice(vec!["урок".into(), "контрольная работа".into()]),
            ),
        ],
    );
    let rows = vec![
        out(vec![
            ("section", "Натуральные числа".into()),
            ("number", 1i64.into()),
            ("topic", "Ряд натуральных чисел".into()),
            ("hours", 1.0.into()),
            ("date", date(2026, 9, 2).into()),
            ("kind", "урок".into()),
        ]),
        out(vec![
            ("number", 2i64.into()),
            ("topic", "Контрольная работа № 1".into()),
            ("hours", 0.5.into()),
            ("kind", "контрольная работа".into()),
        ]),
    ];
    let book = Workbook::from_bytes("p.xlsx", format.to_xlsx(None, &rows).unwrap()).unwrap();
    let table = format.locate(&book).unwrap();
    assert_eq!(table.header_rows, (1, 1));
    for (written, rec) in rows.iter().zip(table.records()) {
        assert!(rec.is_valid(), "{:?}", rec.errors);
        let got: BTreeMap<&str, Value> = rec.values().map(|(k, v)| (k, v.clone())).collect();
        assert_eq!(&got, written);
    }
}

#[test]
fn files_that_are_not_spreadsheets_are_refused_in_russian() {
    let html = b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec();
    let e = Workbook::from_bytes("export.xls", html).unwrap_err();
    assert_eq!(e.fields()[0].code, "html_spreadsheet");
    let e =
        Workbook::from_bytes("photo.xlsx", vec![0x89, b'P', b'N', b'G', 0, 0, 0, 0]).unwrap_err();
    assert_eq!(e.fields()[0].code, "unknown_file_type");
    let e = Workbook::from_bytes("broken.xlsx", b"PK\x03\x04broken".to_vec()).unwrap_err();
    assert_eq!(e.fields()[0].code, "unreadable_spreadsheet");
}

/// A large table is read on two threads: the same records, in file order, errors included.
#[test]
fn records_of_a_large_table_read_on_two_threads_are_in_file_order() {
    let lines: Vec<[String; 5]> = (0..601)
        .map(|i| {
            // Every 97th birth date is not a date: its error stays with its row.
            let born = if i % 97 == 0 {
                "завтра".to_string()
            } else {
                format!("{:02}.03.2015", 1 + i % 28)
            };
            [i.to_string(), "Ким".into(), "Ян".into(), "м".into(), born]
        })
        .collect();
    let mut rows: Vec<Vec<&str>> = vec![vec![
        "№ личного дела",
        "Фамилия",
        "Имя",
        "Пол",
        "Дата рождения",
    ]];
    rows.extend(lines.iter().map(|l| l.iter().map(String::as_str).collect()));
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let book = book_of(&rows);
    let format = roster();
    let table = format.locate(&book).unwrap();
    let seen = |records: Vec<Record>| -> Vec<(u32, String, Option<NaiveDate>, usize)> {
        records
            .iter()
            .map(|r| {
                let number = r.text("file_no").unwrap_or_default().to_string();
                (r.row, number, r.date("birth_date"), r.errors.len())
            })
            .collect()
    };
    let read = seen(table.read_records());
    assert_eq!(read, seen(table.records().collect()));
    assert_eq!(read.len(), 601);
    assert_eq!(read[300].1, "300");
    assert_eq!(read.iter().filter(|r| r.3 > 0).count(), 7);
}
