//! `zavuch-cli template|export|import|print thematic-plan` on the demo school: an exported plan
//! imports back unchanged, a file with bad rows is refused with row-level errors in the student
//! import's JSON shape (exit 1), a dry run writes nothing, and the printed plan shows its
//! sections and totals.

mod common;

use calamine::Reader;
use chrono::NaiveDate;
use common::{backups, cli, json, ok, pdftotext};
use std::path::{Path, PathBuf};
use std::process::Command;
use zavuch_core::exchange::{OutRow, Value};
use zavuch_core::thematic_plans::{self, exchange, Section, ThematicPlan, Topic, TopicKind};
use zavuch_core::Db;

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["demo"]));
    (dir, db)
}

const CLASS: [&str; 4] = ["--class", "5 А", "--subject", "Математика"];

/// A plan of 5 А in mathematics with dates from the timetable: 2 sections, `count` topics.
fn make_plan(db: &Path, count: usize) -> ThematicPlan {
    let db = Db::open(db).unwrap();
    let key = thematic_plans::key_by_names(&db, "5 А", "Математика").unwrap();
    // The demo's own plan gives way to the test's.
    if let Some(demo) = thematic_plans::find(&db, &key).unwrap() {
        thematic_plans::delete(&db, demo.id.unwrap()).unwrap();
    }
    let topic = |i: usize| Topic {
        id: None,
        number: 0,
        topic: format!("Тема {i}"),
        hours: 1.0,
        kind: if i == count {
            TopicKind::Test
        } else {
            TopicKind::Lesson
        },
        planned_date: None,
    };
    let mut plan = ThematicPlan::new(key);
    plan.sections = vec![
        Section {
            id: None,
            number: 0,
            name: "Натуральные числа".into(),
            topics: (1..=count / 2).map(topic).collect(),
        },
        Section {
            id: None,
            number: 0,
            name: "Дроби".into(),
            topics: (count / 2 + 1..=count).map(topic).collect(),
        },
    ];
    let id = thematic_plans::save(&db, &plan).unwrap().value.id.unwrap();
    thematic_plans::distribute_dates(&db, id).unwrap().value
}

fn stored(db: &Path) -> ThematicPlan {
    let db = Db::open(db).unwrap();
    thematic_plans::by_names(&db, "5 А", "Математика", None).unwrap()
}

#[test]
fn the_template_has_the_documented_header() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("template.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .args(["template", "thematic-plan", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    ok(&out);
    let mut book = calamine::open_workbook_auto(&file).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Раздел",
            "№ урока",
            "Тема урока",
            "Количество часов",
            "Дата",
            "Вид работы"
        ]
    );
}

#[test]
fn an_exported_plan_imports_back_unchanged() {
    let (dir, db) = demo();
    let plan = make_plan(&db, 8);
    let file = dir.path().join("plan.xlsx");
    let mut args = vec!["export", "thematic-plan"];
    args.extend(CLASS);
    args.extend(["-o", file.to_str().unwrap()]);
    let out = cli(&db, &args);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Выгружено тем: 8 (5 А, Математика)"));

    // The file: one row per topic, the section's name on its first row only.
    let mut book = calamine::open_workbook_auto(&file).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows.iter().position(|r| r[0] == "Раздел").unwrap();
    let data = &rows[header + 1..];
    assert_eq!(data.len(), 8);
    let sections: Vec<&str> = data.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        sections,
        ["Натуральные числа", "", "", "", "Дроби", "", "", ""]
    );
    assert_eq!(data[7][5], "контрольная работа");

    let mut args = vec!["import", "thematic-plan", file.to_str().unwrap()];
    args.extend(CLASS);
    args.push("--json");
    let out = cli(&db, &args);
    ok(&out);
    let report = json(&out);
    assert_eq!(report["added"], 0);
    assert_eq!(report["updated"], 0);
    assert_eq!(report["unchanged"], 8);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(stored(&db), plan);
    assert!(
        backups(&db).is_empty(),
        "nothing changed, nothing backed up"
    );
}

fn bad_row(
    section: &str,
    number: i64,
    topic: &str,
    hours: f64,
    date: Option<NaiveDate>,
) -> OutRow<'static> {
    let mut r = OutRow::new();
    r.insert("section", Value::text(section));
    r.insert("number", Value::Integer(number));
    r.insert("topic", Value::text(topic));
    r.insert("hours", Value::Number(hours));
    r.insert("date", date.into());
    r
}

#[test]
fn bad_rows_are_reported_in_json_and_block_the_import() {
    let (dir, db) = demo();
    let plan = make_plan(&db, 4);
    let file = dir.path().join("bad.xlsx");
    let rows = vec![
        bad_row("Повторение", 1, "Числа", 1.0, None),
        bad_row("", 2, "", 1.0, None),
        bad_row("", 3, "Дроби", -1.0, None),
        bad_row(
            "",
            5,
            "Каникулы",
            1.0,
            NaiveDate::from_ymd_opt(2026, 12, 30),
        ),
    ];
    exchange::format().save_xlsx(&file, None, &rows).unwrap();
    let mut args = vec!["import", "thematic-plan", file.to_str().unwrap()];
    args.extend(CLASS);
    args.push("--json");
    let out = cli(&db, &args);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let errors: Vec<(u64, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (3, "Тема урока".to_string()),
            (4, "Количество часов".to_string()),
            (5, "№ урока".to_string()),
            (5, "Дата".to_string()),
        ]
    );
    assert!(report["errors"][3]["message"]
        .as_str()
        .unwrap()
        .contains("Зимние каникулы"));
    assert_eq!(report["imported"], false);
    assert_eq!(stored(&db), plan, "nothing written");

    // A good file on a dry run: counted, not written.
    let good = dir.path().join("good.xlsx");
    exchange::format()
        .save_xlsx(&good, None, &rows[..1])
        .unwrap();
    let mut args = vec!["import", "thematic-plan", good.to_str().unwrap()];
    args.extend(CLASS);
    args.extend(["--dry-run", "--json"]);
    let out = cli(&db, &args);
    ok(&out);
    let report = json(&out);
    assert_eq!(
        (report["updated"].as_i64(), report["imported"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(
        report["warnings"][0]["message"],
        "Уроков № 2, 3, 4 нет в файле: после загрузки их не будет в плане."
    );
    assert_eq!(stored(&db), plan);

    // Written for real: the plan is the file's.
    let mut args = vec!["import", "thematic-plan", good.to_str().unwrap()];
    args.extend(CLASS);
    ok(&cli(&db, &args));
    let after = stored(&db);
    assert_eq!(
        after.topics().map(|t| t.topic.as_str()).collect::<Vec<_>>(),
        ["Числа"]
    );
    assert_eq!(after.sections[0].name, "Повторение");
    assert_eq!(backups(&db).len(), 1);
}

#[test]
fn unknown_class_subject_or_plan_is_refused() {
    let (dir, db) = demo();
    let file = dir.path().join("x.xlsx");
    let out = cli(
        &db,
        &[
            "export",
            "thematic-plan",
            "--class",
            "5 В",
            "--subject",
            "Математика",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Плана «5 В, Математика» ещё нет"));
    let out = cli(
        &db,
        &[
            "import",
            "thematic-plan",
            file.to_str().unwrap(),
            "--class",
            "5 А",
            "--subject",
            "Алхимия",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert!(report["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Предмета «Алхимия» нет"));
}

#[test]
fn the_printed_plan_shows_sections_topics_dates_and_totals() {
    let (dir, db) = demo();
    let plan = make_plan(&db, 6);
    let pdf = dir.path().join("ktp.pdf");
    let mut args = vec!["print", "thematic-plan"];
    args.extend(CLASS);
    args.extend(["-o", pdf.to_str().unwrap()]);
    let out = cli(&db, &args);
    ok(&out);
    let text = pdftotext(&pdf);
    assert!(
        text.contains("Календарно-тематическое планирование"),
        "{text}"
    );
    assert!(
        text.contains("по предмету «Математика», 5 А класс"),
        "{text}"
    );
    assert!(text.contains("2026-2027 учебный год"), "{text}");
    assert!(text.contains("Раздел 1. Натуральные числа (3 ч)"), "{text}");
    assert!(text.contains("Раздел 2. Дроби (3 ч)"), "{text}");
    let first = plan.topics().next().unwrap().planned_date.unwrap();
    assert!(
        text.contains(&first.format("%d.%m.%Y").to_string()),
        "{text}"
    );
    assert!(text.contains("контрольная работа"), "{text}");
    let curriculum = plan.totals.curriculum.unwrap();
    assert!(
        text.contains(&format!(
            "Итого: 6 ч; по учебному плану {curriculum} ч, разница −{} ч",
            curriculum - 6.0
        )),
        "{text}"
    );
}

#[test]
fn a_subgroup_plan_goes_by_its_subgroup() {
    let (dir, db) = demo();
    let file = dir.path().join("group.xlsx");
    let rows = vec![
        bad_row("Starter unit", 1, "Hello!", 1.0, None),
        bad_row("", 2, "My school", 1.0, None),
    ];
    exchange::format().save_xlsx(&file, None, &rows).unwrap();
    let english = [
        "--class",
        "5 А",
        "--subject",
        "Иностранный язык (английский)",
    ];
    let mut args = vec!["import", "thematic-plan", file.to_str().unwrap()];
    args.extend(english);
    args.extend(["--subgroup", "1 группа", "--json"]);
    let out = cli(&db, &args);
    ok(&out);
    assert_eq!(json(&out)["added"], 2);

    let pdf = dir.path().join("group.pdf");
    let mut args = vec!["print", "thematic-plan"];
    args.extend(english);
    args.extend(["--subgroup", "1 группа", "-o", pdf.to_str().unwrap()]);
    ok(&cli(&db, &args));
    let text = pdftotext(&pdf);
    assert!(text.contains("5 А класс, 1 группа"), "{text}");
    assert!(text.contains("My school"), "{text}");

    // The other subgroup and the whole class have no plan; an unknown subgroup is named.
    let mut args = vec!["export", "thematic-plan"];
    args.extend(english);
    args.extend(["--subgroup", "2 группа", "-o", "x.xlsx"]);
    let out = cli(&db, &args);
    assert!(String::from_utf8_lossy(&out.stderr).contains("ещё нет"));
    let mut args = vec!["import", "thematic-plan", file.to_str().unwrap()];
    args.extend(english);
    args.extend(["--subgroup", "7 группа", "--json"]);
    let out = cli(&db, &args);
    assert_eq!(out.status.code(), Some(1));
    let message = json(&out)["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("Подгруппы «7 группа»") && message.contains("«1 группа»"),
        "{message}"
    );
}
