//! `zavuch-cli archive` on the demo school's first quarter: two folders, the manifest checked by
//! `archive verify` (without a database) and by `sha256sum -c`, a changed byte and a deleted file
//! named with a non-zero exit, the register, and the refusals.

mod common;

use common::{cli, json, ok};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["demo"]));
    (dir, db)
}

/// `archive verify DIR` without `--db`, as one runs it on a flash drive.
fn verify(dir: &Path, json: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"));
    command.args(["archive", "verify"]).arg(dir);
    if json {
        command.arg("--json");
    }
    command
        .env_remove("ZAVUCH_DB")
        .output()
        .expect("zavuch-cli runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_quarter_is_archived_to_two_folders_and_a_changed_byte_is_named() {
    let (dir, db) = demo();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    let out = cli(
        &db,
        &[
            "archive",
            "--period",
            "1 четверть",
            "-o",
            one.to_str().unwrap(),
            "--copy-to",
            two.to_str().unwrap(),
            "--json",
        ],
    );
    ok(&out);
    let report = json(&out);
    let files: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert!(files.contains(&"2026-2027, 1 четверть, 9 В.xlsx".to_string()));
    assert_eq!(report["copy"]["files"], files.len());
    let digest = report["copy"]["manifest_sha256"].as_str().unwrap();

    for folder in [&one, &two] {
        let out = verify(folder, true);
        ok(&out);
        let check = json(&out);
        assert_eq!(check["ok"].as_array().unwrap().len(), files.len());
        assert_eq!(check["manifest_sha256"], digest);
    }
    // The manifest is what `sha256sum -c` reads, where the tool is installed.
    if let Ok(out) = Command::new("sha256sum")
        .args(["-c", "--quiet", "manifest-sha256.txt"])
        .current_dir(&two)
        .output()
    {
        assert!(out.status.success(), "{}", text(&out.stdout));
    }

    let list = cli(&db, &["archive", "list"]);
    ok(&list);
    assert!(text(&list.stdout).contains(digest));

    let target = two.join(&files[4]);
    let mut bytes = std::fs::read(&target).unwrap();
    bytes[100] ^= 0x20;
    std::fs::write(&target, bytes).unwrap();
    std::fs::remove_file(two.join(&files[7])).unwrap();
    let out = verify(&two, false);
    assert!(!out.status.success());
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    for name in [&files[4], &files[7]] {
        assert!(stdout.contains(name.as_str()), "{stdout}");
        assert!(stderr.contains(name.as_str()), "{stderr}");
    }
    assert!(stdout.contains("Изменены (1)") && stdout.contains("Нет в папке (1)"));
    // The first folder is intact.
    ok(&verify(&one, false));
}

#[test]
fn archiving_refuses_a_taken_folder_and_verify_a_folder_without_a_manifest() {
    let (dir, db) = demo();
    let one = dir.path().join("one");
    let args = [
        "archive",
        "--period",
        "1 четверть",
        "-o",
        one.to_str().unwrap(),
    ];
    ok(&cli(&db, &args));
    let again = cli(&db, &args);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("уже есть архивная копия"));

    let unknown = cli(
        &db,
        &["archive", "--period", "5 четверть", "-o", "x", "--json"],
    );
    assert!(!unknown.status.success());
    assert_eq!(json(&unknown)["fields"][0]["code"], "unknown_period");

    let empty = tempfile::tempdir().unwrap();
    let out = verify(empty.path(), false);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("manifest-sha256.txt"));

    let missing = cli(&db, &["archive", "-o", "x"]);
    assert!(!missing.status.success(), "--period is required");
}
