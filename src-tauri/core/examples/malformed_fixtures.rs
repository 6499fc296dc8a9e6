//! Writes the corpus of malformed files of tests/fixtures/malformed/ anew, from the good roster
//! fixtures beside it: each is a way a user's file goes wrong (see the README there). The
//! replay test (`src/exchange/malformed.rs`) and the fuzzer's seeds read the committed files, so
//! run this only to change the corpus, then commit it:
//!
//! `cargo run -p zavuch-core --example malformed_fixtures`
//!
//! Inputs the fuzzer found are not made here: they are committed as found (`crash-*`).

use rust_xlsxwriter::{Formula, Workbook};
use std::io::{Cursor, Read, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The roster header the students' import finds (then a student, for a file that reads).
const HEADER: [&str; 6] = [
    "Класс",
    "Фамилия",
    "Имя",
    "Отчество",
    "Пол",
    "Дата рождения",
];
const STUDENT: [&str; 6] = ["5 А", "Ёлкина", "Алёна", "Сергеевна", "ж", "14.03.2015"];

fn main() -> Res<()> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let out = fixtures.join("malformed");
    std::fs::create_dir_all(&out)?;
    let good_xlsx = std::fs::read(fixtures.join("roster.xlsx"))?;
    let good_xls = std::fs::read(fixtures.join("roster.xls"))?;
    let good_ods = std::fs::read(fixtures.join("roster.ods"))?;
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.xlsx", Vec::new()),
        ("truncated.xlsx", good_xlsx[..good_xlsx.len() / 2].to_vec()),
        ("pdf-renamed.xlsx", pdf()),
        ("rows-1048576.xlsx", last_row_xlsx()?),
        ("rows-1048576.ods", repeated_rows_ods(&good_ods)?),
        ("columns-1100.xlsx", wide_header_xlsx()?),
        ("formula-errors.xlsx", formula_errors_xlsx()?),
        ("zip-bomb.xlsx", zip_bomb()?),
        ("broken-cfb.xls", broken_cfb(&good_xls)),
        ("truncated.xls", good_xls[..good_xls.len() / 3].to_vec()),
        ("broken-content.ods", broken_content_ods(&good_ods)?),
        ("cp1251-declared-utf8.csv", cp1251_with_utf8_bom()),
    ];
    for (name, bytes) in files {
        std::fs::write(out.join(name), &bytes)?;
        println!("{name}: {} bytes", bytes.len());
    }
    Ok(())
}

/// A PDF a user renamed to .xlsx: binary, but without the bytes of a spreadsheet.
fn pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    pdf.extend(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    pdf
}

fn roster_sheet(book: &mut Workbook) -> Res<&mut rust_xlsxwriter::Worksheet> {
    let sheet = book.add_worksheet();
    for (row, cells) in [HEADER, STUDENT].iter().enumerate() {
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string(row as u32, col as u16, *text)?;
        }
    }
    Ok(sheet)
}

/// A roster whose last filled cell is in row 1,048,576, Excel's last: a whole-sheet read makes
/// a rectangle of a million rows.
fn last_row_xlsx() -> Res<Vec<u8>> {
    let mut book = Workbook::new();
    roster_sheet(&mut book)?.write_string(1_048_575, 0, "конец")?;
    Ok(book.save_to_buffer()?)
}

/// A roster header of 1,100 columns.
fn wide_header_xlsx() -> Res<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = roster_sheet(&mut book)?;
    for col in HEADER.len() as u16..1100 {
        sheet.write_string(0, col, format!("Столбец {}", col + 1))?;
    }
    Ok(book.save_to_buffer()?)
}

/// A roster whose cells hold formulas that give errors: #DIV/0! for a birth date, #REF! for a
/// sex, #N/A for a name (stored as error cells, `t="e"`, as Excel stores them).
fn formula_errors_xlsx() -> Res<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = roster_sheet(&mut book)?;
    for (col, text) in STUDENT.iter().enumerate() {
        sheet.write_string(2, col as u16, *text)?;
    }
    sheet.write_formula(2, 5, Formula::new("=1/0").set_result("#DIV/0!"))?;
    sheet.write_formula(2, 4, Formula::new("=#REF!").set_result("#REF!"))?;
    sheet.write_formula(1, 2, Formula::new("=NA()").set_result("#N/A"))?;
    let bytes = book.save_to_buffer()?;
    rezip(&bytes, |name, content| {
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(content)?;
            return Ok(xml.replace("t=\"str\"", "t=\"e\"").into_bytes());
        }
        Ok(content)
    })
}

/// An .xlsx whose sheet is 1 GiB of spaces packed into about 1 MB.
fn zip_bomb() -> Res<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        zip.start_file(name, deflated)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.start_file("xl/worksheets/sheet1.xml", deflated)?;
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..1024 {
        zip.write_all(&spaces)?;
    }
    Ok(zip.finish()?.into_inner())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// The .xls with its compound-file header kept and its sector tables overwritten.
fn broken_cfb(good: &[u8]) -> Vec<u8> {
    let mut bytes = good.to_vec();
    // The header (512 bytes) names the FAT's sectors at 0x4C; the bytes after it are garbled.
    for (i, b) in bytes.iter_mut().enumerate().skip(0x4C).take(436) {
        *b = (i * 37 % 251) as u8;
    }
    bytes
}

/// The good .ods with its content.xml cut in the middle of a tag.
fn broken_content_ods(good: &[u8]) -> Res<Vec<u8>> {
    rezip(good, |name, content| {
        Ok(match name {
            "content.xml" => content[..content.len() / 2].to_vec(),
            _ => content,
        })
    })
}

/// The good .ods with a table of a header and a row repeated to row 1,048,576 (LibreOffice
/// writes repeats so: a few bytes each).
fn repeated_rows_ods(good: &[u8]) -> Res<Vec<u8>> {
    let cell = |t: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>"
        )
    };
    let header: String = HEADER.iter().map(|h| cell(h)).collect();
    let student: String = STUDENT.iter().map(|s| cell(s)).collect();
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Лист1\">\
         <table:table-row>{header}</table:table-row>\
         <table:table-row table:number-rows-repeated=\"1048575\">{student}</table:table-row>\
         </table:table></office:spreadsheet></office:body></office:document-content>"
    );
    rezip(good, |name, bytes| {
        Ok(match name {
            "content.xml" => content.clone().into_bytes(),
            _ => bytes,
        })
    })
}

/// A UTF-8 byte order mark, then a roster in Windows-1251: a file some program said was UTF-8.
fn cp1251_with_utf8_bom() -> Vec<u8> {
    let text = [HEADER.join(";"), STUDENT.join(";")].join("\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(&encoding_rs::WINDOWS_1251.encode(&text).0);
    bytes
}

/// The zip archive `bytes` written again with each part's content passed through `change`
/// (the first part, an .ods's `mimetype`, stays stored as the format asks).
fn rezip(bytes: &[u8], change: impl Fn(&str, Vec<u8>) -> Res<Vec<u8>>) -> Res<Vec<u8>> {
    let mut from = ZipArchive::new(Cursor::new(bytes))?;
    let mut to = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let mut part = from.by_index(i)?;
        let name = part.name()?.to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content)?;
        let method = match i {
            0 => CompressionMethod::Stored,
            _ => CompressionMethod::Deflated,
        };
        to.start_file(
            &name,
            SimpleFileOptions::default().compression_method(method),
        )?;
        to.write_all(&change(&name, content)?)?;
    }
    Ok(to.finish()?.into_inner())
}
