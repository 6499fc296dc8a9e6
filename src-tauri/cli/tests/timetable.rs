//! `zavuch-cli timetable check` on the demo school (its timetable placed without conflicts),
//! after a conflict is written around the core (the check lists it), the text form, and the
//! refusals of a bad date and of a file without a school year.

mod common;

use common::{cli, json, ok};
use std::path::PathBuf;
use zavuch_core::Db;

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["demo"]));
    (dir, db)
}

fn check_json(db: &std::path::Path) -> serde_json::Value {
    let out = cli(
        db,
        &["timetable", "check", "--json", "--date", "01.10.2026"],
    );
    ok(&out);
    json(&out)
}

#[test]
fn the_demo_timetable_checks_without_conflicts_and_a_conflict_written_around_the_core_is_listed() {
    let (_dir, db) = demo();
    let check = check_json(&db);
    let placed = check["placed"].as_i64().unwrap();
    let required = check["required"].as_i64().unwrap();
    assert!((850..=1000).contains(&required), "{check}");
    assert!(
        placed <= required && (required - placed) * 100 <= required,
        "{placed}/{required}"
    );
    assert_eq!(
        check["conflicts"].as_array().unwrap().len(),
        0,
        "{}",
        check["conflicts"]
    );
    let warnings = check["warnings"].as_array().unwrap();
    assert!(warnings
        .iter()
        .all(|w| w["code"].is_string() && w["message"].is_string()));
    assert!(!warnings.iter().any(|w| w["code"] == "above_daily_limit"));
    for key in ["placed_first", "required_second", "teacher_gaps"] {
        assert!(check.get(key).is_some(), "{key}");
    }

    // Two lessons of one teacher at once, as an old file might hold them.
    let file = Db::open(&db).unwrap();
    let conn = file.conn();
    let (load, day, number): (i64, i64, i64) = conn
        .query_row(
            "SELECT e.teaching_load_id, e.day, e.lesson_number FROM timetable_entry e
              ORDER BY e.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    conn.execute(
        "INSERT INTO timetable_entry (academic_year_id, day, lesson_number, teaching_load_id)
         SELECT academic_year_id, ?2, ?3, id FROM teaching_load WHERE id = ?1",
        [load, day, number],
    )
    .unwrap();
    drop(file);
    let check = check_json(&db);
    let conflicts = check["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0]["code"], "teacher_busy");
    assert_eq!(conflicts[0]["entry_ids"].as_array().unwrap().len(), 2);
    assert_eq!(
        check["placed"].as_i64().unwrap(),
        placed,
        "an extra lesson is not counted"
    );

    let out = cli(&db, &["timetable", "check", "--date", "01.10.2026"]);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(&format!(
        "Поставлено уроков учебного плана: {placed} из {required} в неделю"
    )));
    // Extracurricular courses are counted apart, never as lessons still required.
    let extra = (
        check["extracurricular_placed"].as_i64().unwrap(),
        check["extracurricular_required"].as_i64().unwrap(),
    );
    assert!(extra.1 > 0, "{extra:?}");
    assert!(
        text.contains(&format!(
            "Внеурочная деятельность (ставится по выбору): поставлено {} из {} занятий в неделю.",
            extra.0, extra.1
        )),
        "{text}"
    );
    assert!(text.contains("Конфликты (1):"));
    assert!(text.contains("в это время ведёт урок в"));
}

#[test]
fn a_bad_date_and_a_file_without_a_year_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.zavuch");
    let out = cli(&db, &["timetable", "check", "--json"]);
    assert!(!out.status.success());
    let payload = json(&out);
    assert_eq!(payload["code"], "not_found");
    let out = cli(&db, &["timetable", "check", "--date", "31.02.2026"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("не дата"));
}
