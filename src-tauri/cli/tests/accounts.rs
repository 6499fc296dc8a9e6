//! Accounts of an encrypted school file from the command line: the administrator (the file's
//! password) adds them; each opens the file with `--user` and a password of its own and works
//! in its role, refused by the core whatever it runs.

mod common;

use common::{cli, json, ok};
use std::path::{Path, PathBuf};
use std::process::Output;

fn password_file(dir: &Path, name: &str, password: &str) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, format!("{password}\n")).unwrap();
    file
}

fn run_as(db: &Path, user: Option<&str>, password: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--password-file", password.to_str().unwrap()];
    if let Some(user) = user {
        all.extend_from_slice(&["--user", user]);
    }
    all.extend_from_slice(args);
    cli(db, &all)
}

fn refused_with(out: &Output, code: &str) -> String {
    assert!(!out.status.success());
    let payload = json(out);
    assert_eq!(payload["fields"][0]["code"], code, "{payload}");
    payload["message"].as_str().unwrap().to_string()
}

/// The error of a command without `--json`: its Russian sentence on stderr.
fn refused_text(out: &Output) -> String {
    assert!(!out.status.success());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn each_account_works_in_its_role() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("школа.zavuch");
    ok(&cli(&db, &["demo"]));
    let file_password = password_file(dir.path(), "пароль файла", "Пароль-файла-школы");
    let secretary = password_file(dir.path(), "секретарь", "Пароль-секретаря-1");
    let viewer = password_file(dir.path(), "просмотр", "Пароль-просмотра-1");
    ok(&run_as(&db, None, &file_password, &["encrypt"]));

    let add = |login: &str, role: &str, pw: &Path| {
        let args = [
            "accounts",
            "add",
            login,
            "--role",
            role,
            "--new-password-file",
        ];
        let mut args = args.to_vec();
        args.push(pw.to_str().unwrap());
        ok(&run_as(&db, None, &file_password, &args));
    };
    add("Иванова", "секретарь", &secretary);
    add("гость", "просмотр", &viewer);
    let listed = run_as(&db, None, &file_password, &["accounts", "list", "--json"]);
    ok(&listed);
    let listed = json(&listed);
    assert_eq!(listed[1]["login"], "Иванова");
    assert_eq!(listed[1]["role"], "secretary");
    assert_eq!(listed[1]["role_label"], "секретарь");

    // A secretary reads everything and may not change the school's card.
    let shown = run_as(
        &db,
        Some("иванова"),
        &secretary,
        &["school", "show", "--json"],
    );
    ok(&shown);
    let set = ["school", "set", "--short-name", "Школа № 7"];
    let message = refused_text(&run_as(&db, Some("иванова"), &secretary, &set));
    assert!(
        message.contains("Роль «секретарь» не позволяет изменять карту школы"),
        "{message}"
    );
    // Nor may it decrypt the file or add accounts.
    refused_with(
        &run_as(&db, Some("иванова"), &secretary, &["decrypt", "--json"]),
        "role_not_allowed",
    );
    // A viewer changes nothing, a wrong password opens nothing.
    let message = refused_text(&run_as(&db, Some("гость"), &viewer, &set));
    assert!(message.contains("Роль «только просмотр»"), "{message}");
    refused_with(
        &run_as(
            &db,
            Some("гость"),
            &secretary,
            &["school", "show", "--json"],
        ),
        "wrong_password",
    );

    // The administrator turns the viewer off: it opens nothing any more.
    ok(&run_as(
        &db,
        None,
        &file_password,
        &["accounts", "disable", "гость"],
    ));
    refused_with(
        &run_as(&db, Some("гость"), &viewer, &["school", "show", "--json"]),
        "unknown_account",
    );
    // The change log names who did what.
    let log = run_as(&db, None, &file_password, &["audit", "list", "--json"]);
    ok(&log);
    let log = json(&log).to_string();
    assert!(log.contains("account_disable"), "{log}");
}
