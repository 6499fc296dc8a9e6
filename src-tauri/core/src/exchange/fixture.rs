//! The roster fixture of tests/fixtures/ as data: the rows, and the .xlsx and Windows-1251 CSV
//! built from them. Shared by the engine's tests (which read the committed files against it) and
//! `examples/regenerate_fixtures.rs` (which writes them), so it uses no item of the crate.

use rust_xlsxwriter::{ExcelDateTime, Format as XlsxFormat, Workbook as XlsxBook};

pub enum C {
    T(&'static str),
    D(i32, u32, u32),
    E,
}

/// The data rows of the roster fixture, by row number as the spreadsheet program shows them:
/// «ё», a Latin «o», trailing spaces, dates as cells and as text in three spellings, an impossible
/// date, a bad sex, empty required cells, and blank rows between.
pub fn fixture_rows() -> Vec<(u32, [C; 9])> {
    use C::*;
    vec![
        (
            6,
            [
                T("0012"),
                T("Ёлкина "),
                T("Алёна"),
                T("Сергеевна"),
                T("ж"),
                D(2015, 3, 14),
                T("А"),
                T("15-у"),
                D(2023, 9, 1),
            ],
        ),
        (
            7,
            [
                T("0013"),
                T("Иванoв"),
                T("Пётр"),
                T("Иванович"),
                T("М"),
                T("05.11.2014"),
                E,
                E,
                T("31.02.2023"),
            ],
        ),
        (
            10,
            [
                T("0014"),
                T("  Смирнов  "),
                T("Олег "),
                E,
                T("муж"),
                T("7.1.15"),
                T("А"),
                T("16-у"),
                T("2023-09-01"),
            ],
        ),
        (
            11,
            [
                T("0015"),
                T("Кузнецова"),
                T("Мария"),
                T("Петровна"),
                T("x"),
                T("2014-12-01"),
                E,
                E,
                E,
            ],
        ),
        (
            12,
            [T("0016"), E, T("Анна"), T("Ивановна"), T("Ж"), E, E, E, E],
        ),
    ]
}

const TITLE: &str = "Список учащихся 5 А класса";
const SCHOOL: &str = "МБОУ «СОШ № 7», 2026-2027 учебный год";
const HEADER: [&str; 6] = [
    "№ личного дела",
    "Фамилия",
    "Имя",
    "Отчество",
    "Пол (м, ж)",
    "Дата\nрождения",
];

/// The appendix 8 layout: a merged title, a second title line, a blank row, then a two-row
/// header with «Приказ о зачислении» merged over Серия | Номер | Дата.
pub fn fixture_xlsx() -> Vec<u8> {
    let mut book = XlsxBook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("5 А").unwrap();
    let bold = XlsxFormat::new().set_bold().set_text_wrap();
    let dmy = XlsxFormat::new().set_num_format("dd.mm.yyyy");
    let text = XlsxFormat::new().set_num_format("@");
    sheet.merge_range(0, 0, 0, 8, TITLE, &bold).unwrap();
    sheet.write_string(1, 0, SCHOOL).unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet
            .merge_range(3, c as u16, 4, c as u16, h, &bold)
            .unwrap();
    }
    sheet
        .merge_range(3, 6, 3, 8, "Приказ о зачислении", &bold)
        .unwrap();
    for (c, h) in ["Серия", "Номер", "Дата"].iter().enumerate() {
        sheet
            .write_string_with_format(4, 6 + c as u16, *h, &bold)
            .unwrap();
    }
    for (row, cells) in fixture_rows() {
        for (c, cell) in cells.iter().enumerate() {
            let (r, c) = (row - 1, c as u16);
            match cell {
                C::T(s) => {
                    sheet.write_string_with_format(r, c, *s, &text).unwrap();
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y as u16, *m as u8, *d as u8).unwrap();
                    sheet.write_datetime_with_format(r, c, dt, &dmy).unwrap();
                }
                C::E => {}
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// The same roster as a Windows-1251 CSV with `;`, as older systems export it: no merges, so the
/// group header is a filled cell followed by empty ones; a quoted field; dates as text.
pub fn fixture_csv() -> Vec<u8> {
    let mut lines = vec![
        format!("\"{TITLE}\";;;;;;;;"),
        format!("\"{}\";;;;;;;;", SCHOOL.replace('"', "\"\"")),
        ";;;;;;;;".to_string(),
        "№ личного дела;Фамилия;Имя;Отчество;Пол (м, ж);\"Дата\r\nрождения\";Приказ о зачислении;;"
            .to_string(),
        ";;;;;;Серия;Номер;Дата".to_string(),
    ];
    let mut next = 6;
    for (row, cells) in fixture_rows() {
        while next < row {
            lines.push(";;;;;;;;".to_string());
            next += 1;
        }
        let fields: Vec<String> = cells
            .iter()
            .map(|c| match c {
                C::T(s) if s.contains(' ') => format!("\"{s}\""),
                C::T(s) => s.to_string(),
                C::D(y, m, d) => format!("{d:02}.{m:02}.{y}"),
                C::E => String::new(),
            })
            .collect();
        lines.push(fields.join(";"));
        next += 1;
    }
    // The quoted line break in the header makes the CSV one physical line longer than its
    // records; a spreadsheet program shows records as rows, and so does the reader.
    let text = lines.join("\r\n") + "\r\n";
    encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
}

/// The rows of a whole-school list as older systems export it: «класс», «фамилия», «имя
/// отчество», «пол», «дата рождения», no personal file numbers.
pub const OLD_SYSTEM_ROWS: [[&str; 5]; 7] = [
    ["1а", "Васильев", "Иван Петрович", "м", "12.03.2019"],
    ["1а", "Васильева", "Анна Сергеевна", "ж", "01.07.2019"],
    ["1а", "Абрамов", "Глеб Ильич", "м", "30.11.2018"],
    ["1 б", "Ёлкина", "Мария Олеговна", "ж", "15.05.2019"],
    ["5а", "Борисов", "Пётр", "м", "04.02.2015"],
    ["5а", "Васнецова", "Ольга Игоревна", "ж", "23.09.2014"],
    ["10а", "Гусейнов", "Тимур Гусейн оглы", "м", "20.10.2010"],
];

/// [`OLD_SYSTEM_ROWS`] as the Windows-1251 CSV with `;` such a system writes, lower-case header.
pub fn old_system_csv() -> Vec<u8> {
    let mut lines = vec!["класс;фамилия;имя отчество;пол;дата рождения".to_string()];
    lines.extend(OLD_SYSTEM_ROWS.iter().map(|row| row.join(";")));
    let text = lines.join("\r\n") + "\r\n";
    encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
}
