//! `zavuch-cli timetable generate` on the demo school, each run a new process: from scratch
//! (every lesson placed, no conflict, a copy «перед составлением расписания» made, the previous
//! timetable kept and restored exactly), locked lessons kept with `--keep-locked`, `--classes`
//! leaving the other classes' lessons as they were, and an impossible teacher named at once.

mod common;

use common::{cli, json, ok};
use std::path::{Path, PathBuf};
use std::time::Instant;
use zavuch_core::Db;

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.zavuch");
    ok(&cli(&db, &["demo"]));
    (dir, db)
}

fn generate(db: &Path, extra: &[&str]) -> (std::process::Output, serde_json::Value) {
    let mut args = vec!["timetable", "generate", "--json", "--time-limit", "120"];
    args.extend(extra);
    let out = cli(db, &args);
    let value = json(&out);
    (out, value)
}

/// (id, day, lesson number, room) of every lesson, by id.
fn lessons(db: &Path) -> Vec<(i64, i64, i64, Option<i64>)> {
    let file = Db::open(db).unwrap();
    let mut stmt = file
        .conn()
        .prepare("SELECT id, day, lesson_number, room_id FROM timetable_entry ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn sql(db: &Path, statement: &str) {
    Db::open(db)
        .unwrap()
        .conn()
        .execute_batch(statement)
        .unwrap();
}

#[test]
fn the_demo_school_from_scratch_is_complete_with_a_copy_and_the_previous_timetable_back() {
    let (_dir, db) = demo();
    let before = lessons(&db);
    sql(&db, "DELETE FROM timetable_entry");
    let (out, report) = generate(&db, &[]);
    ok(&out);
    assert_eq!(report["placed"], report["required"], "{report}");
    assert!(report["required"].as_i64().unwrap() > 900);
    assert_eq!(report["conflicts"].as_array().unwrap().len(), 0);
    for key in ["moved", "seconds", "why"] {
        assert!(report.get(key).is_some(), "{key}");
    }
    let copies = zavuch_core::backup::list(&db);
    assert!(
        copies
            .iter()
            .any(|c| c.reason == "перед составлением расписания"),
        "{copies:?}"
    );
    // The previous (empty) timetable is kept; the demo's own is not: restore the empty one.
    let out = cli(&db, &["timetable", "versions", "--json"]);
    ok(&out);
    let versions = json(&out);
    let id = versions[0]["id"].as_i64().unwrap();
    assert_eq!(versions[0]["lessons"], 0);
    ok(&cli(
        &db,
        &["timetable", "restore-version", &id.to_string()],
    ));
    assert!(lessons(&db).is_empty());
    assert!(!before.is_empty());
}

#[test]
fn locked_lessons_stay_with_keep_locked_and_other_classes_stay_with_classes() {
    let (_dir, db) = demo();
    let before = lessons(&db);
    let locked: Vec<String> = before
        .iter()
        .step_by(101)
        .map(|l| l.0.to_string())
        .collect();
    ok(&cli(&db, &["timetable", "lock", &locked.join(",")]));
    let (out, report) = generate(&db, &["--keep-locked"]);
    ok(&out);
    assert_eq!(report["conflicts"].as_array().unwrap().len(), 0, "{report}");
    let now = lessons(&db);
    for id in &locked {
        let id: i64 = id.parse().unwrap();
        let was = before.iter().find(|l| l.0 == id);
        assert_eq!(now.iter().find(|l| l.0 == id), was, "locked {id} stays");
    }

    // 5 А and 5 Б placed anew: every lesson of another class is exactly as it was.
    let file = Db::open(&db).unwrap();
    let ours: Vec<i64> = file
        .conn()
        .prepare(
            "SELECT DISTINCT e.id FROM timetable_entry e
               JOIN teaching_load_line tl ON tl.teaching_load_id = e.teaching_load_id
               JOIN curriculum_line l ON l.id = tl.curriculum_line_id
               JOIN curriculum c ON c.id = l.curriculum_id
               JOIN class k ON k.id = c.class_id
              WHERE k.grade = 5 AND k.letter IN ('А', 'Б')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    drop(file);
    let others: Vec<_> = lessons(&db)
        .into_iter()
        .filter(|l| !ours.contains(&l.0))
        .collect();
    sql(&db, "UPDATE timetable_entry SET locked = 0");
    let (out, report) = generate(&db, &["--classes", "5 А,5 Б", "--seed", "7"]);
    ok(&out);
    assert_eq!(report["placed"], report["required"], "{report}");
    let now = lessons(&db);
    for l in &others {
        assert!(now.contains(l), "{l:?} of another class stays");
    }
}

#[test]
fn an_algebra_teacher_with_two_free_lessons_a_week_is_named_at_once() {
    let (_dir, db) = demo();
    let file = Db::open(&db).unwrap();
    let (staff, last_name): (i64, String) = file
        .conn()
        .query_row(
            "SELECT t.staff_member_id, m.last_name FROM teaching_load t
               JOIN staff_member m ON m.id = t.staff_member_id
               JOIN teaching_load_line tl ON tl.teaching_load_id = t.id
               JOIN curriculum_line l ON l.id = tl.curriculum_line_id
               JOIN subject s ON s.id = l.subject_id
              WHERE s.name = 'Алгебра'
              GROUP BY t.staff_member_id ORDER BY sum(t.hours_first) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(file);
    let mut unavailable = Vec::new();
    for day in 1..=5 {
        for n in 1..=7 {
            if day > 1 || n > 2 {
                unavailable.push(format!("{day}-{n}"));
            }
        }
    }
    ok(&cli(
        &db,
        &[
            "timetable",
            "wishes",
            &staff.to_string(),
            "--unavailable",
            &unavailable.join(","),
        ],
    ));
    let before = lessons(&db);
    let began = Instant::now();
    let (out, report) = generate(&db, &[]);
    assert!(!out.status.success());
    assert!(began.elapsed().as_secs() < 30, "{:?}", began.elapsed());
    let why = report["why"].as_array().unwrap();
    assert!(
        why.iter().any(|w| w["code"] == "teacher_overloaded"
            && w["text"].as_str().unwrap().contains(&last_name)),
        "{report}"
    );
    assert_eq!(lessons(&db), before, "nothing written");
}

#[test]
fn a_search_cut_short_writes_what_it_found_without_two_lessons_at_once() {
    let (_dir, db) = demo();
    sql(&db, "DELETE FROM timetable_entry");
    let out = cli(
        &db,
        &["timetable", "generate", "--json", "--time-limit", "1"],
    );
    assert!(
        !out.status.success(),
        "not every lesson is placed in a second"
    );
    let report = json(&out);
    assert!(report["placed"].as_i64().unwrap() > 0, "{report}");
    assert!(report["placed"].as_i64() < report["required"].as_i64());
    assert_eq!(
        report["conflicts"].as_array().unwrap().len(),
        0,
        "lessons at once are left out, never written: {report}"
    );
    assert!(!report["why"].as_array().unwrap().is_empty());
}
