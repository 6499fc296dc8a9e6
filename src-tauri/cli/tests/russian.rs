//! `zavuch-cli` speaks Russian: the help of every command, clap's own errors (with exit code 2
//! kept), file errors that name the file, and refusals that name the CLI's flags.

mod common;

use common::{cli, ok};
use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

/// The CLI without `--db`: help and clap's errors need no school file.
fn bare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .args(args)
        .env_remove("ZAVUCH_DB")
        .output()
        .expect("zavuch-cli runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What clap would write in English if a text were left to it.
const ENGLISH: &[&str] = &[
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "[OPTIONS]",
    "<COMMAND>",
    "Print help",
    "Print version",
    "[default:",
    "[possible values",
    "[env:",
    "error:",
];

/// The commands a help page lists under «Команды:».
fn commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Команды:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

fn assert_russian_help(args: &[&str]) -> String {
    let out = bare(args);
    ok(&out);
    let help = stdout(&out);
    assert!(
        help.contains("Использование: zavuch-cli"),
        "{args:?}:\n{help}"
    );
    for english in ENGLISH {
        assert!(!help.contains(english), "{args:?}: «{english}»\n{help}");
    }
    help
}

#[test]
fn the_help_of_every_command_is_russian() {
    let root = assert_russian_help(&["--help"]);
    assert!(
        root.contains("Команды:") && root.contains("Параметры:"),
        "{root}"
    );
    assert!(
        root.lines()
            .any(|l| l.trim_start().starts_with("-h, --help")
                && l.trim_end().ends_with("Показать эту справку")),
        "{root}"
    );
    let top = commands(&root);
    assert!(top.len() >= 12, "{top:?}");
    let mut pages = 1;
    for name in &top {
        let page = assert_russian_help(&[name, "--help"]);
        pages += 1;
        for sub in commands(&page) {
            assert_russian_help(&[name, &sub, "--help"]);
            pages += 1;
        }
    }
    assert!(pages > 40, "every command's page: {pages}");
    // `-h` and `help <command>` give the same Russian pages.
    assert_russian_help(&["print", "ledger", "-h"]);
    assert_russian_help(&["help", "import", "students"]);
}

#[test]
fn clap_errors_are_russian_with_exit_code_2() {
    let unknown = bare(&["--bogus"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stdout(&unknown).is_empty());
    let text = stderr(&unknown);
    assert!(
        text.starts_with("Ошибка: неизвестный параметр «--bogus».\n"),
        "{text}"
    );
    assert!(
        text.contains("Использование: zavuch-cli [ПАРАМЕТРЫ] <КОМАНДА>"),
        "{text}"
    );
    for english in ENGLISH {
        assert!(!text.contains(english), "«{english}»\n{text}");
    }

    let typo = bare(&["imprt"]);
    assert_eq!(typo.status.code(), Some(2));
    let text = stderr(&typo);
    assert!(text.contains("нет команды «imprt»"), "{text}");
    assert!(text.contains("«import»"), "a likely meant command: {text}");

    let missing = bare(&["print", "class-list"]);
    assert_eq!(missing.status.code(), Some(2));
    let text = stderr(&missing);
    assert!(
        text.contains("не указано обязательное: --class <КЛАСС>"),
        "{text}"
    );

    let date = bare(&[
        "print",
        "class-list",
        "--class",
        "5 А",
        "--date",
        "31.02.2026",
    ]);
    assert_eq!(date.status.code(), Some(2));
    assert!(
        stderr(&date).contains("«31.02.2026» не подходит для «--date <ДД.ММ.ГГГГ>»"),
        "{}",
        stderr(&date)
    );

    let value = bare(&["print", "load", "--by", "pupil", "-o", "x.pdf"]);
    assert_eq!(value.status.code(), Some(2));
    assert!(
        stderr(&value).contains("«pupil» не подходит для «--by <ТАБЛИЦА>»; можно: teacher, class"),
        "{}",
        stderr(&value)
    );
}

#[test]
fn a_missing_file_is_told_in_russian_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["init"]));
    let file = dir.path().join("нет такого.xlsx");
    let out = cli(
        &db,
        &[
            "import",
            "students",
            file.to_str().unwrap(),
            "--class",
            "1 А",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains(&format!("Файл «{}»: не найден", file.display())),
        "{text}"
    );
    assert!(
        !text.contains("os error") && !text.contains("No such"),
        "{text}"
    );
}

#[test]
fn a_refused_roster_names_the_flags_and_no_useless_advice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["init"]));
    let roster = format!("{FIXTURES}/roster.xlsx");

    // A one-class file and no class: the CLI names its flag; no row is valid, so loading only
    // the valid rows is not offered.
    let out = cli(&db, &["import", "students", &roster]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("Не указан класс") && text.contains("(--class \"5 А\")"),
        "{text}"
    );
    assert!(!text.contains("--valid-only"), "{text}");

    // A class the year does not have: the flag that creates it.
    let out = cli(&db, &["import", "students", &roster, "--class", "9 Я"]);
    let text = stdout(&out);
    assert!(
        text.contains("Класса «9 Я» в текущем учебном году нет. Исправьте класс или добавьте --create-classes"),
        "{text}"
    );
}
