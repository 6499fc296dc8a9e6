//! The corpus of malformed files (tests/fixtures/malformed/, written by
//! `examples/malformed_fixtures.rs`, plus the inputs the fuzzer found) replayed through every
//! import: each is refused with a Russian message, or read sensibly with its problems named by
//! row, and none writes anything or makes a backup. See docs/reliability.md («Bad files»).

use super::Workbook;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::exchange::Preview;
use crate::{backup, marks, roster, staff_roster, testkit, thematic_plans};
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/malformed"
);

/// The code each committed file is refused with when read; `None`: the file reads.
const EXPECTED: [(&str, Option<&str>); 14] = [
    ("empty.xlsx", Some("empty_file")),
    ("truncated.xlsx", Some("unreadable_spreadsheet")),
    ("pdf-renamed.xlsx", Some("unknown_file_type")),
    ("rows-1048576.xlsx", Some("too_many_rows")),
    ("rows-1048576.ods", Some("too_many_rows")),
    ("columns-1100.xlsx", Some("too_many_columns")),
    ("formula-errors.xlsx", None),
    ("zip-bomb.xlsx", Some("unpacked_too_large")),
    ("broken-cfb.xls", Some("unreadable_spreadsheet")),
    ("truncated.xls", Some("unreadable_spreadsheet")),
    ("broken-content.ods", Some("unreadable_spreadsheet")),
    ("cp1251-declared-utf8.csv", None),
    // A few bytes of roster.xls's records changed: calamine panics (utils.rs, read_u16 of a
    // record too short); the guard turns it into the message.
    ("crash-calamine-xls.xls", Some("damaged_spreadsheet")),
    // The fuzzer's: a looping sector chain calamine follows until memory runs out.
    ("crash-xls-sector-loop.xls", Some("unreadable_spreadsheet")),
];

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> &str {
    path.file_name().unwrap().to_str().unwrap()
}

/// The code of a refusal: the problem's own, else the error's.
fn code(e: &CoreError) -> String {
    match e {
        CoreError::Refused(field) => field.code.clone(),
        other => other.code().to_string(),
    }
}

fn is_russian(text: &str) -> bool {
    text.chars()
        .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
}

#[test]
fn every_committed_file_is_read_or_refused_as_expected() {
    let files = corpus();
    for (file, expected) in EXPECTED {
        assert!(
            files.iter().any(|p| name(p) == file),
            "{file} is missing from the corpus"
        );
        let read = Workbook::open(&Path::new(CORPUS).join(file));
        match (expected, read) {
            (None, Ok(_)) => {}
            (Some(code_), Err(e)) => {
                assert_eq!(code(&e), code_, "{file}: {e}");
                assert!(e.to_string().contains(file), "{file} is named: {e}");
            }
            (expected, read) => panic!("{file}: expected {expected:?}, got {read:?}"),
        }
    }
}

#[test]
fn limits_are_named_in_the_message() {
    let message = |file: &str| {
        Workbook::open(&Path::new(CORPUS).join(file))
            .unwrap_err()
            .to_string()
    };
    assert!(message("rows-1048576.xlsx").contains("больше 100\u{a0}000 строк"));
    assert!(message("rows-1048576.ods").contains("больше 100\u{a0}000 строк"));
    assert!(message("columns-1100.xlsx").contains("больше 1\u{a0}000 столбцов"));
    assert!(message("zip-bomb.xlsx").contains("не больше 200 МБ"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let bytes = vec![b'a'; 50 * 1024 * 1024 + 1];
    let e = Workbook::from_bytes("big.csv", bytes).unwrap_err();
    assert_eq!(code(&e), "file_too_large");
    assert!(e.to_string().contains("не больше 50 МБ"), "{e}");
}

#[test]
fn formula_errors_are_cells_named_by_row() {
    let book = Workbook::open(&Path::new(CORPUS).join("formula-errors.xlsx")).unwrap();
    let cells: Vec<String> = book.sheets[0]
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.display()))
        .collect();
    for error in ["#DIV/0!", "#REF!", "#N/A"] {
        assert!(cells.iter().any(|c| c == error), "{error} in {cells:?}");
    }
    // The students' import names each by its row and column.
    let (_dir, db) = testkit::demo();
    let path = Path::new(CORPUS).join("formula-errors.xlsx");
    let preview = import(&db, &path, "ученики").unwrap();
    let at: Vec<(u32, &str)> = preview
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    for cell in [(2, "Имя"), (3, "Пол"), (3, "Дата рождения")] {
        assert!(at.contains(&cell), "{cell:?} in {:?}", preview.errors);
    }
}

#[test]
fn cp1251_after_a_utf8_mark_reads_as_cp1251() {
    let book = Workbook::open(&Path::new(CORPUS).join("cp1251-declared-utf8.csv")).unwrap();
    assert_eq!(book.sheets[0].rows[1].cells[1].display(), "Ёлкина");
}

/// The state of the school: every row of every table, hashed.
fn fingerprint(db: &Db) -> Vec<u8> {
    db.content_digest().unwrap()
}

const IMPORTS: [&str; 4] = ["ученики", "сотрудники", "отметки", "тематический план"];

/// The import `which` of IMPORTS of a file into the demo school, as a user runs it (not a dry
/// run): what it says, as the preview or the error.
fn import(db: &Db, path: &Path, which: &str) -> Result<Preview> {
    let class = testkit::class_id(db, "5 А");
    match which {
        "ученики" => {
            roster::import(db, path, &roster::Options::default()).map(|r| r.preview)
        }
        "сотрудники" => staff_roster::import(db, path, &staff_roster::Options::default()),
        "отметки" => {
            let period = marks::period_by_name(db, class, "1 четверть")
                .unwrap()
                .period;
            marks::exchange::import(db, path, class, period, &Default::default())
        }
        _ => {
            let plan = thematic_plans::key_by_names(db, "5 А", "Математика").unwrap();
            thematic_plans::exchange::import(db, path, plan, false)
        }
    }
}

/// Whether the corpus expects `file` to read (a fuzzer's find may read too).
fn reads(file: &str) -> bool {
    EXPECTED
        .iter()
        .all(|(f, code)| *f != file || code.is_none())
}

#[test]
fn no_file_of_the_corpus_writes_part_of_anything_in_any_import() {
    for path in corpus() {
        let file_name = name(&path);
        // Each file on a school of its own: a file that reads may import in full.
        let (_dir, db) = testkit::demo();
        let school = db.path().unwrap().to_path_buf();
        for which in IMPORTS {
            let (before, backups) = (fingerprint(&db), backup::before_imports(&school).len());
            match import(&db, &path, which) {
                Err(e) => assert!(is_russian(&e.to_string()), "{file_name}, {which}: {e}"),
                Ok(preview) if preview.has_errors() => {
                    assert!(preview.errors.iter().all(|e| is_russian(&e.message)))
                }
                // Read in full and written in one transaction, with its backup.
                Ok(_) => {
                    assert!(reads(file_name), "{file_name}, {which} was read");
                    continue;
                }
            }
            assert_eq!(fingerprint(&db), before, "{file_name}, {which} wrote");
            let after = backup::before_imports(&school).len();
            assert_eq!(after, backups, "{file_name}, {which} left a backup");
        }
    }
}
