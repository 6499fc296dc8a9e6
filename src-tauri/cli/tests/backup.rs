//! `backup`: the copies the program keeps of the school file — listed (`list --json` in its
//! contract shape), made by hand, restored (the current file kept first) — and a damaged file
//! refused by every command but `backup list` and `backup restore`.

mod common;

use common::{cli, json, ok};
use std::path::Path;
use std::process::Output;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The copies as `backup list --json` prints them, newest first.
fn copies(db: &Path) -> Vec<serde_json::Value> {
    let out = cli(db, &["backup", "list", "--json"]);
    ok(&out);
    json(&out).as_array().expect("an array").clone()
}

/// The id of the newest copy made for `reason`.
fn newest(db: &Path, reason: &str) -> String {
    copies(db)
        .iter()
        .find(|c| c["reason"] == reason)
        .unwrap_or_else(|| panic!("no copy «{reason}»"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn full_name(db: &Path) -> String {
    let out = cli(db, &["school", "show", "--json"]);
    ok(&out);
    json(&out)["school"]["full_name"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Changes the school's name in the file (the CLI's `school set` asks for a whole card).
fn set_name(db: &Path, name: &str) {
    zavuch_core::Db::open(db)
        .unwrap()
        .conn()
        .execute("UPDATE school SET full_name = ?1", [name])
        .unwrap();
}

/// A school file with its card named.
fn school(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("school.zavuch");
    ok(&cli(&db, &["init"]));
    set_name(&db, "Школа до изменений");
    db
}

/// Overwrites bytes in the middle of every page after the first, as a failing disk would.
fn damage(db: &Path) {
    let mut bytes = std::fs::read(db).unwrap();
    for start in (4096..bytes.len()).step_by(4096) {
        bytes[start + 16..start + 200].fill(0xA5);
    }
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn list_prints_the_copies_in_the_contract_shape_and_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = school(dir.path());
    let now = cli(&db, &["backup", "now"]);
    ok(&now);
    assert!(stdout(&now).contains("Копия сделана"), "{}", stdout(&now));
    let listed = copies(&db);
    let reasons: Vec<&str> = listed
        .iter()
        .map(|c| c["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["вручную", "ежедневная"], "newest first");
    for copy in &listed {
        let keys: Vec<&str> = copy
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 5, "{copy}");
        for key in ["id", "made", "reason", "size", "checked"] {
            assert!(keys.contains(&key), "{key} in {copy}");
        }
        let made = copy["made"].as_str().unwrap();
        assert!(
            chrono::NaiveDateTime::parse_from_str(made, "%Y-%m-%dT%H:%M:%S").is_ok(),
            "{made}"
        );
        assert!(copy["size"].as_u64().unwrap() > 0);
        assert_eq!(copy["checked"], true);
    }
    let table = cli(&db, &["backup", "list"]);
    ok(&table);
    let text = stdout(&table);
    let today = chrono::Local::now().format("%d.%m.%Y").to_string();
    assert!(
        text.lines().count() == 2 && text.contains(&today) && text.contains("КБ  проверена"),
        "{text}"
    );
    // `backup -o F` still copies the whole file anywhere.
    let out = dir.path().join("копия.zavuch");
    ok(&cli(&db, &["backup", "-o", out.to_str().unwrap()]));
    assert_eq!(full_name(&out), "Школа до изменений");
}

#[test]
fn a_restore_undoes_a_change_and_can_itself_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = school(dir.path());
    ok(&cli(&db, &["backup", "now"]));
    let before = newest(&db, "вручную");
    set_name(&db, "Школа после изменений");
    let restored = cli(&db, &["backup", "restore", &before]);
    ok(&restored);
    assert!(stdout(&restored).contains("Прежний файл сохранён копией"));
    assert_eq!(full_name(&db), "Школа до изменений");
    let kept = newest(&db, "перед восстановлением");
    ok(&cli(&db, &["backup", "restore", &kept]));
    assert_eq!(full_name(&db), "Школа после изменений");
    // A copy named by its file; an unknown one refused.
    let file = zavuch_core::backup::path_of(&db, &before).unwrap();
    ok(&cli(&db, &["backup", "restore", file.to_str().unwrap()]));
    assert_eq!(full_name(&db), "Школа до изменений");
    let unknown = cli(&db, &["backup", "restore", "20990101-000000"]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("Копии «20990101-000000» нет"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn a_damaged_file_is_refused_by_every_command_but_list_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = school(dir.path());
    ok(&cli(&db, &["backup", "now"]));
    let good = newest(&db, "вручную");
    damage(&db);
    let damaged = std::fs::read(&db).unwrap();
    for args in [
        &["school", "show"][..],
        &["backup", "now"],
        &["backup", "-o", "/tmp/never.zavuch"],
        &["export", "students", "-o", "/tmp/never.xlsx"],
    ] {
        let out = cli(&db, args);
        assert!(!out.status.success(), "{args:?}");
        let text = stderr(&out);
        assert!(
            text.contains("повреждён") && text.contains(&good),
            "{args:?}: {text}"
        );
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        damaged,
        "left exactly as it is"
    );
    assert_eq!(copies(&db).len(), 2, "list works on it");

    ok(&cli(&db, &["backup", "restore", &good]));
    assert_eq!(full_name(&db), "Школа до изменений");
    let kept = copies(&db)
        .into_iter()
        .find(|c| c["reason"] == "повреждённый файл перед восстановлением")
        .expect("the damaged file kept");
    assert_eq!(kept["checked"], false);
    let file = zavuch_core::backup::path_of(&db, kept["id"].as_str().unwrap()).unwrap();
    assert_eq!(std::fs::read(file).unwrap(), damaged, "byte for byte");
}

#[test]
fn a_file_of_a_newer_version_is_refused_naming_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = school(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    // `PRAGMA user_version`, big-endian at offset 60 of the header.
    bytes[60..64].copy_from_slice(&99i32.to_be_bytes());
    std::fs::write(&db, &bytes).unwrap();
    let out = cli(&db, &["school", "show"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("схема 99"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn copies_go_to_the_second_place_too() {
    let dir = tempfile::tempdir().unwrap();
    let flash = tempfile::tempdir().unwrap();
    let db = school(dir.path());
    let missing = cli(&db, &["backup", "second-place", "/нет/такой/папки"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("Папки «/нет/такой/папки» нет"));
    ok(&cli(
        &db,
        &["backup", "second-place", flash.path().to_str().unwrap()],
    ));
    ok(&cli(&db, &["backup", "now"]));
    let root = flash.path().join("Резервные копии Завуча");
    let there = std::fs::read_dir(&root)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mirrored = std::fs::read_dir(there)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "zavuch")
        })
        .count();
    assert_eq!(mirrored, 2, "the daily copy and the one by hand");
    ok(&cli(&db, &["backup", "second-place", "--off"]));
}
