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
