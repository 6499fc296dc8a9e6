//! `zavuch-cli fet import`: a small Russian school from FET into a new school file, then
//! `timetable generate` makes a complete timetable of the load it brought; importing again
//! matches instead of adding; a file with a students set that names no class is refused,
//! the school file unchanged.

mod common;

use common::{cli, json, ok};
use std::path::{Path, PathBuf};

const SCHOOL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/fet/school-ru.fet"
);

fn new_school() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["init"]));
    (dir, db)
}

fn import(db: &Path, file: &str) -> (std::process::Output, serde_json::Value) {
    let out = cli(db, &["fet", "import", file, "--json"]);
    let value = json(&out);
    (out, value)
}

#[test]
fn imported_load_makes_a_complete_timetable_and_a_second_import_adds_nothing() {
    let (_dir, db) = new_school();
    let (out, report) = import(&db, SCHOOL);
    ok(&out);
    assert_eq!(report["teachers"]["added"], 5, "{report}");
    assert_eq!(report["classes"]["added"], 3);
    assert_eq!(report["subgroups"]["added"], 4);
    assert_eq!(report["rooms"]["added"], 5);
    assert_eq!(
        report["subjects"]["matched"], 5,
        "«Физкультура» is «Физическая культура»"
    );
    assert_eq!(report["load_lines"], 14);
    assert!(report["warnings"].as_array().is_some());
    assert_eq!(common::backups(&db).len(), 1, "a copy before the import");

    let out = cli(
        &db,
        &["timetable", "generate", "--json", "--time-limit", "60"],
    );
    let generated = json(&out);
    ok(&out);
    assert_eq!(generated["placed"], generated["required"], "{generated}");
    // 5 + 4 + 3 + 2 lessons a week in 5 А and 5 Б (English groups side by side), 11 in 6 А.
    assert_eq!(generated["required"], 14 + 14 + 11 + 3 + 3, "{generated}");
    assert_eq!(generated["conflicts"].as_array().unwrap().len(), 0);

    let (out, again) = import(&db, SCHOOL);
    ok(&out);
    assert_eq!(again["teachers"]["added"], 0);
    assert_eq!(again["teachers"]["matched"], 5);
    assert_eq!(again["load_lines"], 0);
    assert_eq!(again["load_lines_matched"], 14);

    let text = cli(&db, &["fet", "import", SCHOOL]);
    ok(&text);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Учителя: добавлено 0, уже были в файле школы 5"),
        "{text}"
    );
}

#[test]
fn a_set_that_names_no_class_is_refused_and_the_school_file_is_unchanged() {
    let (dir, db) = new_school();
    let bad = dir.path().join("bad.fet");
    let text = std::fs::read_to_string(SCHOOL)
        .unwrap()
        .replace("6А", "Кружок");
    std::fs::write(&bad, text).unwrap();
    let (out, payload) = import(&db, bad.to_str().unwrap());
    assert!(!out.status.success());
    assert_eq!(
        payload["fields"][0]["code"], "fet_import_not_classes",
        "{payload}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("«Кружок»"), "{stderr}");
    assert!(stderr.contains("Файл школы не изменён"), "{stderr}");
    let file = zavuch_core::Db::open(&db).unwrap();
    let year = zavuch_core::year::current_id(&file).unwrap();
    let today = chrono::Local::now().date_naive();
    let classes = zavuch_core::classes::list(&file, year, today).unwrap();
    assert!(classes.is_empty());
}
