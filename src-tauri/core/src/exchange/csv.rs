//! CSV as older systems export it: UTF-8 with or without a BOM, UTF-16 (Excel's «Unicode text»)
//! or Windows-1251; `;`, tab or `,` between fields; fields in double quotes may hold the
//! delimiter, line breaks and doubled quotes. Every field arrives as text.

use super::limits::Area;
use super::sheet::{Cell, Row, Sheet};
use crate::error::Result;
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1251};

/// The one sheet of a CSV file, named as messages name it.
const SHEET: &str = "CSV";

/// Decodes and splits a CSV file `file` into one sheet. Row numbers count records, as a
/// spreadsheet program opening the file shows them. A file past the limits is refused before
/// it is split (see [`check_limits`]).
pub fn read(file: &str, bytes: &[u8]) -> Result<Sheet> {
    let text = decode(bytes);
    let delimiter = detect_delimiter(&text);
    check_limits(file, &text, delimiter)?;
    let rows = records(&text, delimiter)
        .into_iter()
        .enumerate()
        .filter_map(|(i, fields)| {
            let mut cells: Vec<Cell> = fields
                .into_iter()
                .map(|f| {
                    if f.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f)
                    }
                })
                .collect();
            while cells.last().is_some_and(Cell::is_blank) {
                cells.pop();
            }
            (!cells.is_empty()).then(|| Row {
                number: i as u32 + 1,
                cells,
            })
        })
        .collect();
    Ok(Sheet {
        name: SHEET.to_string(),
        rows,
        merges: Vec::new(),
    })
}

/// Refuses text of more records, fields or columns than the limits by counting line ends and
/// delimiters (quoted ones too: an upper bound). Split, every field is a string of its own, so
/// 50 MB of «;;;;» would take gigabytes.
fn check_limits(file: &str, text: &str, delimiter: char) -> Result<()> {
    let (mut rows, mut fields, mut columns, mut in_row) = (1u64, 1u64, 0u64, 1u64);
    let mut after_cr = false;
    for c in text.chars() {
        let crlf = after_cr && c == '\n';
        after_cr = c == '\r';
        if (c == '\n' || c == '\r') && !crlf {
            rows += 1;
            fields += 1;
            in_row = 1;
        } else if c == delimiter {
            fields += 1;
            in_row += 1;
            columns = columns.max(in_row);
        }
    }
    Area::new(file).check(SHEET, rows, columns, fields)
}

/// UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), UTF-16 by its BOM, else Windows-1251:
/// the encoding Russian Windows programs write by default — also after a UTF-8 BOM, when what
/// follows it is not UTF-8 (a file re-saved with the wrong encoding named).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => WINDOWS_1251
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

const DELIMITERS: [char; 3] = [';', '\t', ','];

/// The delimiter that splits the first records into the same number (more than one) of fields
/// most often. Ties go to `;`, then tab: a comma is also the Russian decimal separator.
pub fn detect_delimiter(text: &str) -> char {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let mut best = (';', 0usize);
    for d in DELIMITERS {
        let counts: Vec<usize> = records(sample, d)
            .iter()
            .take(50)
            .map(Vec::len)
            .filter(|&n| n > 1)
            .collect();
        let mode = counts
            .iter()
            .copied()
            .max_by_key(|n| counts.iter().filter(|&m| m == n).count())
            .unwrap_or(0);
        let score = counts.iter().filter(|&&n| n == mode).count();
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Splits text into records of fields (RFC 4180, tolerant of `\n`, `\r\n` and `\r` line ends).
pub fn records(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && field.trim().is_empty() {
            field.clear();
            quoted = true;
        } else if c == delimiter {
            record.push(std::mem::take(&mut field));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            record.push(std::mem::take(&mut field));
            out.push(std::mem::take(&mut record));
            any = false;
        } else {
            field.push(c);
        }
    }
    if any {
        record.push(field);
        out.push(record);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_line_breaks() {
        let r = records("a;\"b;c\";\"say \"\"hi\"\"\"\r\n\"two\nlines\";x\n", ';');
        assert_eq!(
            r,
            vec![vec!["a", "b;c", "say \"hi\""], vec!["two\nlines", "x"],]
        );
    }

    #[test]
    fn delimiter_is_detected() {
        assert_eq!(detect_delimiter("Фамилия;Имя\nИванов;Пётр\n"), ';');
        assert_eq!(detect_delimiter("Фамилия,Имя\nИванов,Пётр\n"), ',');
        assert_eq!(detect_delimiter("Фамилия\tИмя\nИванов\tПётр\n"), '\t');
        // Commas inside a `;` file (addresses, decimals) do not mislead.
        assert_eq!(
            detect_delimiter(
                "ФИО;Адрес;Ставка\nИванов И. И.;г. Тула, ул. Ленина, 5;0,5\nПетров П. П.;Тула;1\n"
            ),
            ';'
        );
    }

    #[test]
    fn encodings_are_detected() {
        let (cp1251, _, _) = WINDOWS_1251.encode("Ёлкина;Алёна");
        assert_eq!(decode(&cp1251), "Ёлкина;Алёна");
        assert_eq!(decode("\u{feff}Ёлкина".as_bytes()), "Ёлкина");
        let mut declared_utf8 = b"\xEF\xBB\xBF".to_vec();
        declared_utf8.extend_from_slice(&cp1251);
        assert_eq!(decode(&declared_utf8), "Ёлкина;Алёна");
        assert_eq!(decode("Ёлкина".as_bytes()), "Ёлкина");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Ёж".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16), "Ёж");
    }

    #[test]
    fn limits_are_counted_before_splitting() {
        let code = |text: String| match read("f.csv", text.as_bytes()) {
            Err(crate::CoreError::Refused(field)) => field.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code("a\r\n".repeat(100_000)), "too_many_rows");
        assert_eq!(code(";".repeat(1_000)), "too_many_columns");
        // 50,000 rows of 41 fields.
        assert_eq!(
            code(format!("{}\n", ";".repeat(40)).repeat(50_000)),
            "too_many_cells"
        );
        // Windows line ends count once: 99,999 lines are within the limit.
        assert!(read("f.csv", "a\r\n".repeat(99_998).as_bytes()).is_ok());
    }

    #[test]
    fn rows_keep_their_numbers_across_blank_lines() {
        let sheet = read("f.csv", "Фамилия;Имя\n\n;\nИванов;Пётр\n".as_bytes()).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 4]);
    }
}
