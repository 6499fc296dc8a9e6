//! What the tests of the CLI share: running it, its JSON, the backups it makes, a PDF's text,
//! a class of the school file.
#![allow(dead_code)] // each test file uses its own share of these

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZAVUCH_DB")
        .output()
        .expect("zavuch-cli runs")
}

pub fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// The copies an import made of the school file `db` before writing.
pub fn backups(db: &Path) -> Vec<PathBuf> {
    zavuch_core::backup::before_imports(db)
}

/// The text of a printed PDF, laid out as on the page.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (apt package poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The words after `label` on its line of a PDF's text (poppler may drop the narrow space in
/// «5 А»).
pub fn words_after(text: &str, label: &str) -> Vec<String> {
    let tight = label.replace(' ', "");
    let rest = text
        .lines()
        .find_map(|l| {
            let l = l.trim_start();
            [label, tight.as_str()]
                .iter()
                .find_map(|p| l.strip_prefix(p).filter(|r| r.starts_with(' ')))
        })
        .unwrap_or_else(|| panic!("no «{label}» in:\n{text}"));
    rest.split_whitespace().map(str::to_string).collect()
}

/// The id of the class `label` («5 А») of the school file's current year.
pub fn class_id(db: &zavuch_core::Db, label: &str) -> i64 {
    let year = zavuch_core::year::current_id(db).unwrap();
    zavuch_core::classes::find_by_label(db, year, label)
        .unwrap()
        .unwrap()
        .id
        .unwrap()
}

/// The content of the school file at `path` after something was done to it (a kill, a full
/// disk): it opens through the core's checks at open (quick_check, foreign_key_check), passes
/// `integrity_check`, its change log's hash chain is intact, and this is its content
/// ([`content_digest`]).
pub fn checked_content(
    path: &Path,
    moments: &[(&str, &str)],
) -> std::collections::BTreeMap<String, String> {
    let db = zavuch_core::Db::open(path).unwrap_or_else(|e| panic!("the file opens: {e}"));
    let integrity: String = db
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let chain = zavuch_core::audit::verify(db.conn()).unwrap();
    assert!(chain.intact(), "the change log's chain: {chain:?}");
    content_digest(&db, moments)
}

/// The content of a school file, table by table: the SHA-256 of each table's rows written out
/// canonically and sorted (the order rows come back in is not content). Every table is in it,
/// SQLite's own `sqlite_sequence` too: a rolled-back insert must not leave its counter behind.
/// `moments` names columns (table, column) that hold the wall-clock time of the run that wrote
/// the row: compared by whether they are filled, not by value, or two runs of the same command
/// a second apart would differ.
pub fn content_digest(
    db: &zavuch_core::Db,
    moments: &[(&str, &str)],
) -> std::collections::BTreeMap<String, String> {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    let conn = db.conn();
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .map(|table| {
            let mut select = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let masked: Vec<bool> = select
                .column_names()
                .iter()
                .map(|c| moments.contains(&(table.as_str(), *c)))
                .collect();
            let mut rows: Vec<String> = select
                .query_map([], |r| {
                    let mut line = String::new();
                    for (i, masked) in masked.iter().enumerate() {
                        let cell = match r.get_ref(i)? {
                            ValueRef::Null => "∅".to_string(),
                            _ if *masked => "moment".to_string(),
                            ValueRef::Integer(n) => format!("i{n}"),
                            ValueRef::Real(x) => format!("r{:x}", x.to_bits()),
                            ValueRef::Text(t) => {
                                format!("t{}:{}", t.len(), String::from_utf8_lossy(t))
                            }
                            ValueRef::Blob(b) => format!("b{}:{b:02x?}", b.len()),
                        };
                        line.push_str(&cell);
                        line.push('\u{1f}');
                    }
                    Ok(line)
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort_unstable();
            let mut hash = Sha256::new();
            for row in &rows {
                hash.update(row.as_bytes());
                hash.update(b"\n");
            }
            let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
            (table, format!("{} rows, {digest}", rows.len()))
        })
        .collect()
}

/// A made-up surname from `i` (unique below 65,536): letters only, as names must be.
pub fn surname(i: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ба", "ве", "ги", "до", "жу", "за", "ки", "ло", "ми", "но", "пу", "ра", "со", "ту", "фе",
        "хи",
    ];
    let word: String = (0..4).map(|k| SYLLABLES[(i >> (4 * k)) % 16]).collect();
    let mut chars = word.chars();
    let first = chars.next().unwrap().to_uppercase();
    first.chain(chars).collect()
}

pub const FIRST: [&str; 6] = ["Иван", "Пётр", "Алексей", "Сергей", "Дмитрий", "Андрей"];
pub const PATRONYMIC: [&str; 4] = ["Иванович", "Петрович", "Сергеевич", "Андреевич"];

/// A whole-school student list of `count` made-up students over the classes 1 А … 11 В, as
/// a CSV file at `path` (`import students … --create-classes` takes it): a long import.
pub fn students_csv(path: &Path, count: usize) {
    let mut text = "Класс;Фамилия;Имя;Отчество;Пол(м,ж);Дата рождения\n".to_string();
    for i in 0..count {
        let grade = 1 + i % 11;
        let letter = ["А", "Б", "В"][i % 3];
        text.push_str(&format!(
            "{grade} {letter};{};{};{};м;{:02}.{:02}.{}\n",
            surname(i),
            FIRST[i % 6],
            PATRONYMIC[i % 4],
            1 + i % 28,
            1 + i % 12,
            2019 - grade
        ));
    }
    std::fs::write(path, text).unwrap();
}
