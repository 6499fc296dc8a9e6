//! An encrypted school file from the command line: `encrypt`, `--password-file` (and
//! `ZAVUCH_PASSWORD_FILE`) on every command, no password / a wrong one / a damaged file told
//! apart, copies encrypted with the school, `change-password`, `decrypt` back to a file the
//! stock `sqlite3` reads. Each command is a new process, as the user runs it: nothing is
//! remembered between them.

mod common;

use common::{cli, json, ok};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn password_file(dir: &Path, name: &str, password: &str) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, format!("{password}\n")).unwrap();
    file
}

fn with_password(db: &Path, password: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--password-file", password.to_str().unwrap()];
    all.extend_from_slice(args);
    cli(db, &all)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn refused_with(out: &Output, code: &str) {
    assert!(!out.status.success(), "{}", stderr(out));
    assert!(
        !stderr(out).contains("ERROR CORE"),
        "SQLCipher's log: {}",
        stderr(out)
    );
    let payload = json(out);
    assert_eq!(payload["code"], "refused", "{payload}");
    assert_eq!(payload["fields"][0]["code"], code, "{payload}");
}

fn header(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()[..16].to_vec()
}

#[test]
fn an_encrypted_school_opens_only_with_its_password_and_decrypts_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("школа.zavuch");
    ok(&cli(&db, &["demo"]));
    ok(&cli(&db, &["backup", "now"]));
    let right = password_file(dir.path(), "пароль", "Учительская-2026");
    let wrong = password_file(dir.path(), "не тот", "Учительская-2025");

    // Without a password file, encrypt says how to give one.
    let out = cli(&db, &["encrypt", "--json"]);
    refused_with(&out, "password_file_needed");

    let out = with_password(&db, &right, &["encrypt", "--json"]);
    ok(&out);
    let done = json(&out);
    assert_eq!(done["encrypted"], true);
    assert!(
        done["copies"].as_u64().unwrap() >= 1,
        "the copies made before: {done}"
    );
    assert_ne!(header(&db), b"SQLite format 3\0");

    refused_with(&cli(&db, &["school", "show", "--json"]), "password_needed");
    refused_with(
        &with_password(&db, &wrong, &["school", "show", "--json"]),
        "wrong_password",
    );
    let shown = with_password(&db, &right, &["school", "show", "--json"]);
    ok(&shown);
    assert_eq!(json(&shown)["school"]["short_name"], "МБОУ СОШ № 7");

    // The environment variable does as the flag does.
    let out = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .arg("--db")
        .arg(&db)
        .args(["backup", "now"])
        .env("ZAVUCH_PASSWORD_FILE", &right)
        .output()
        .unwrap();
    ok(&out);
    // Every copy is encrypted, checked, and listed without the password.
    let listed = cli(&db, &["backup", "list", "--json"]);
    ok(&listed);
    for copy in json(&listed).as_array().unwrap() {
        assert_eq!(copy["checked"], true, "{copy}");
        let path = zavuch_core::backup::path_of(&db, copy["id"].as_str().unwrap()).unwrap();
        assert_ne!(header(&path), b"SQLite format 3\0", "{}", path.display());
    }

    // A new password: the old one opens nothing any more.
    let new = password_file(dir.path(), "новый", "Кабинет-директора-7");
    let mut args = vec![
        "change-password",
        "--new-password-file",
        new.to_str().unwrap(),
    ];
    args.push("--json");
    ok(&with_password(&db, &right, &args));
    refused_with(
        &with_password(&db, &right, &["school", "show", "--json"]),
        "wrong_password",
    );
    ok(&with_password(&db, &new, &["school", "show"]));

    // Back to a plain file, which Debian's sqlite3 reads.
    ok(&with_password(&db, &new, &["decrypt"]));
    assert_eq!(header(&db), b"SQLite format 3\0");
    ok(&cli(&db, &["school", "show"]));
    let read = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT action FROM audit_log WHERE entity = 'school_file' ORDER BY id;")
        .output()
        .expect("sqlite3 (apt package sqlite3)");
    let actions = String::from_utf8_lossy(&read.stdout).into_owned();
    let actions: Vec<_> = actions.lines().collect();
    assert_eq!(actions, ["demo", "encrypt", "change_password", "decrypt"]);
}

#[test]
fn a_damaged_encrypted_file_is_told_as_damaged_and_restored_from_its_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("школа.zavuch");
    ok(&cli(&db, &["init"]));
    let password = password_file(dir.path(), "пароль", "Учительская-2026");
    ok(&with_password(&db, &password, &["encrypt"]));
    ok(&with_password(&db, &password, &["backup", "now"]));

    // A failing disk overwrites the middle of a page.
    let mut bytes = std::fs::read(&db).unwrap();
    let last = bytes.len() - 4096;
    for b in &mut bytes[last + 100..last + 300] {
        *b ^= 0xFF;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = with_password(&db, &password, &["school", "show", "--json"]);
    refused_with(&out, "damaged_file");
    assert!(stderr(&out).contains("повреждён"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "left as it was");

    let listed = json(&cli(&db, &["backup", "list", "--json"]));
    let good = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["checked"] == true)
        .unwrap();
    let id = good["id"].as_str().unwrap();
    ok(&with_password(&db, &password, &["backup", "restore", id]));
    ok(&with_password(&db, &password, &["school", "show"]));
    assert_ne!(header(&db), b"SQLite format 3\0");
}
