//! Damaged and oversized files through every `import` command: a Russian message and a
//! non-zero exit, no panic text on stderr (the details go to panics.log in the data folder),
//! and the school file's data left as it was.

mod common;

use common::ok;
use std::path::Path;
use std::process::{Command, Output};

const MALFORMED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/malformed"
);
/// An .xls on which calamine panics (found by the fuzzer, see docs/reliability.md).
const PANICS: &str = "crash-calamine-xls.xls";

/// Every import command with what it needs besides the file.
const IMPORTS: [&[&str]; 4] = [
    &["students"],
    &["staff"],
    &["marks", "--class", "5 А", "--period", "1 четверть"],
    &["thematic-plan", "--class", "5 А", "--subject", "Математика"],
];

/// Runs `zavuch-cli --db DB import KIND FILE …` with the data folder `data`.
fn import(db: &Path, data: &Path, kind: &[&str], file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(kind[0])
        .arg(file)
        .args(&kind[1..])
        .env_remove("ZAVUCH_DB")
        .env("ZAVUCH_DATA_DIR", data)
        .output()
        .expect("zavuch-cli runs")
}

/// Every row of the school file, hashed (its header changes at every open).
fn digest(db: &Path) -> Vec<u8> {
    zavuch_core::Db::open(db).unwrap().content_digest().unwrap()
}

#[test]
fn a_file_the_reader_panics_on_is_a_russian_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("school.zavuch"), dir.path().join("data"));
    ok(&common::cli(&db, &["demo"]));
    // The first command of the day makes its daily copy; the file is then as it stays.
    ok(&common::cli(&db, &["school", "show"]));
    let school = digest(&db);
    for file in [
        PANICS,
        "zip-bomb.xlsx",
        "broken-cfb.xls",
        "rows-1048576.xlsx",
    ] {
        for kind in IMPORTS {
            let out = import(&db, &data, kind, &Path::new(MALFORMED).join(file));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{file}, {kind:?}: {stderr}");
            assert!(stderr.starts_with("Ошибка: "), "{file}, {kind:?}: {stderr}");
            assert!(stderr.contains(&format!("«{file}»")), "{stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert_eq!(stderr.lines().count(), 1, "{file}, {kind:?}: {stderr}");
            assert_eq!(digest(&db), school, "{file}, {kind:?} wrote");
            assert!(
                common::backups(&db).is_empty(),
                "{file}, {kind:?}: a backup"
            );
        }
    }
    let out = import(&db, &data, IMPORTS[0], &Path::new(MALFORMED).join(PANICS));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("повреждён или не является таблицей Excel/OpenDocument"),
        "{stderr}"
    );
    assert!(
        stderr.contains("откройте его в Excel или LibreOffice"),
        "{stderr}"
    );
    // The details are logged where docs/reliability.md says: the place and a backtrace.
    let log = std::fs::read_to_string(data.join("panics.log")).unwrap();
    assert!(log.contains("calamine"), "{log}");
    assert!(log.contains("Место: "), "{log}");
}
