use super::*;
use crate::db::Db;
use crate::error::CoreError;
use crate::testkit::{class_id, demo, year_id};
use std::collections::BTreeSet;

fn code(e: CoreError) -> String {
    e.fields()
        .first()
        .map(|f| f.code.clone())
        .unwrap_or_else(|| e.code().to_string())
}

/// A teacher of 5 А and one of the load lines of 5 А with a whole number of hours.
fn teacher_and_line(db: &Db, hours: f64) -> (i64, i64) {
    let class = class_id(db, "5 А");
    db.conn()
        .query_row(
            "SELECT t.staff_member_id, t.id FROM teaching_load t
               JOIN teaching_load_line tl ON tl.teaching_load_id = t.id
               JOIN curriculum_line l ON l.id = tl.curriculum_line_id
               JOIN curriculum c ON c.id = l.curriculum_id
              WHERE c.class_id = ?1 AND t.hours_first = ?2 AND t.hours_second = ?2
              ORDER BY t.id LIMIT 1",
            rusqlite::params![class, hours],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn a_teachers_wishes_are_kept_and_replaced_and_bad_values_refused() {
    let (_dir, db) = demo();
    let year = year_id(&db);
    let (teacher, _) = teacher_and_line(&db, 5.0);
    let wishes = TeacherWishes {
        staff_member_id: teacher,
        max_days: Some(4),
        methodical_day: Some(3),
        unavailable: vec![(1, 1), (5, 6)],
    };
    set_teacher_wishes(&db, year, &wishes).unwrap();
    assert_eq!(teacher_wishes(&db, year).unwrap(), vec![wishes.clone()]);
    let before = db.content_digest().unwrap();
    for (bad, expected) in [
        (
            TeacherWishes {
                max_days: Some(7),
                ..wishes.clone()
            },
            "wish_max_days",
        ),
        (
            TeacherWishes {
                max_days: Some(0),
                ..wishes.clone()
            },
            "wish_max_days",
        ),
        (
            TeacherWishes {
                methodical_day: Some(6),
                ..wishes.clone()
            },
            "wish_day_outside_week",
        ),
        (
            TeacherWishes {
                unavailable: vec![(2, 9)],
                ..wishes.clone()
            },
            "wish_no_such_lesson",
        ),
    ] {
        let e = set_teacher_wishes(&db, year, &bad).unwrap_err();
        assert_eq!(code(e), expected);
    }
    assert_eq!(db.content_digest().unwrap(), before, "nothing written");
    set_teacher_wishes(&db, year, &TeacherWishes::none(teacher)).unwrap();
    assert!(teacher_wishes(&db, year).unwrap().is_empty());
}

#[test]
fn pairs_need_the_hours_and_a_preferred_room_must_exist() {
    let (_dir, db) = demo();
    let (_, line) = teacher_and_line(&db, 2.0);
    set_paired_lessons(&db, line, 1).unwrap();
    let e = set_paired_lessons(&db, line, 2).unwrap_err();
    assert_eq!(code(e), "too_many_pairs");
    let e = set_preferred_room(&db, line, Some(999_999)).unwrap_err();
    assert_eq!(code(e), "preferred_room_missing");
    let room: i64 = db
        .conn()
        .query_row("SELECT min(id) FROM room", [], |r| r.get(0))
        .unwrap();
    set_preferred_room(&db, line, Some(room)).unwrap();
    let year = year_id(&db);
    let stored = db.read(|c| wishes::read_line_wishes(c, year)).unwrap();
    assert_eq!(stored[&line], (1, Some(room)));
}

#[test]
fn a_kept_timetable_comes_back_exactly() {
    let (_dir, db) = demo();
    let year = year_id(&db);
    let ids: Vec<i64> = db
        .conn()
        .prepare("SELECT id FROM timetable_entry ORDER BY id LIMIT 3")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    set_locked(&db, &ids[..1], true).unwrap();
    assert_eq!(db.read(|c| wishes::read_locked(c, year)).unwrap().len(), 1);
    let before = db.content_digest().unwrap();
    let id = db
        .write(|c| versions::keep_in(c, year, "перед составлением расписания"))
        .unwrap();
    let kept = db.content_digest().unwrap();
    db.conn()
        .execute("DELETE FROM timetable_entry WHERE id = ?1", [ids[1]])
        .unwrap();
    db.conn()
        .execute(
            "UPDATE timetable_entry SET lesson_number = 0, room_id = NULL, locked = 0 WHERE id = ?1",
            [ids[0]],
        )
        .unwrap();
    let list = versions(&db, year).unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].lessons > 900);
    restore_version(&db, id).unwrap();
    assert_eq!(db.content_digest().unwrap(), kept, "every row as kept");
    discard_version(&db, id).unwrap();
    assert_eq!(db.content_digest().unwrap(), before);
    assert_eq!(
        code(restore_version(&db, id).unwrap_err()),
        "timetable_version_missing"
    );
    assert_eq!(
        code(set_locked(&db, &[999_999], true).unwrap_err()),
        "not_found"
    );
}

fn request(db: &Db) -> GenerateRequest {
    GenerateRequest {
        academic_year_id: year_id(db),
        classes: Vec::new(),
        keep_locked: true,
        free_only: false,
        time_limit: std::time::Duration::from_secs(120),
        seed: 1,
        on: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
    }
}

fn run(db: &Db, request: &GenerateRequest) -> GenerateReport {
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    generate(db, request, &mut |_| {}, cancel).unwrap()
}

/// Every lesson of the year: (id, day, lesson number, room, locked).
fn lessons(db: &Db) -> Vec<(i64, i32, i32, Option<i64>, bool)> {
    db.conn()
        .prepare("SELECT id, day, lesson_number, room_id, locked FROM timetable_entry ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn the_demo_school_from_scratch_is_complete_and_the_previous_timetable_comes_back() {
    let (_dir, db) = demo();
    let year = year_id(&db);
    crate::timetable::clear(&db, year).unwrap();
    let report = run(&db, &request(&db));
    assert!(
        report.is_complete(),
        "{:?} {:?}",
        report.why,
        report.conflicts.first()
    );
    assert!(report.written);
    assert_eq!(report.placed, report.required);
    assert!(report.required > 900);
    let copies = crate::backup::list(db.path().unwrap());
    assert!(copies.iter().any(|c| c.reason == BEFORE_GENERATION));
    // Generated again with nothing changed: nothing moves.
    let again = run(&db, &request(&db));
    assert!(again.is_complete());
    assert_eq!(again.moved, 0, "{again:?}");
    let kept = versions(&db, year).unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[1].lessons, 0, "the cleared timetable was kept first");
    // «Вернуть прежнее» to the first kept: the cleared timetable.
    restore_version(&db, kept[1].id).unwrap();
    assert!(lessons(&db).is_empty());
}

#[test]
fn locked_lessons_and_other_classes_stay() {
    let (_dir, db) = demo();
    let all = lessons(&db);
    let locked: Vec<i64> = all.iter().step_by(97).map(|l| l.0).collect();
    set_locked(&db, &locked, true).unwrap();
    let a5 = class_id(&db, "5 А");
    let others: Vec<(i64, i32, i32, Option<i64>, bool)> = {
        let of_a5: BTreeSet<i64> = db
            .conn()
            .prepare(
                "SELECT e.id FROM timetable_entry e
                   JOIN teaching_load_line tl ON tl.teaching_load_id = e.teaching_load_id
                   JOIN curriculum_line l ON l.id = tl.curriculum_line_id
                   JOIN curriculum c ON c.id = l.curriculum_id WHERE c.class_id = ?1",
            )
            .unwrap()
            .query_map([a5], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        lessons(&db)
            .into_iter()
            .filter(|l| !of_a5.contains(&l.0))
            .collect()
    };
    let report = run(
        &db,
        &GenerateRequest {
            classes: vec!["5А".into()],
            ..request(&db)
        },
    );
    assert!(report.is_complete(), "{:?}", report.why);
    let now = lessons(&db);
    for l in &others {
        assert!(now.contains(l), "{l:?} stays");
    }
    let whole = run(&db, &request(&db));
    assert!(whole.is_complete(), "{:?}", whole.why);
    let now = lessons(&db);
    for id in &locked {
        let was = all.iter().find(|l| l.0 == *id).unwrap();
        let is = now.iter().find(|l| l.0 == *id).unwrap();
        assert_eq!(
            (is.1, is.2, is.3),
            (was.1, was.2, was.3),
            "locked {id} stays"
        );
        assert!(is.4);
    }
    let unknown = generate(
        &db,
        &GenerateRequest {
            classes: vec!["5 Я".into()],
            ..request(&db)
        },
        &mut |_| {},
        std::sync::Arc::default(),
    )
    .unwrap_err();
    assert_eq!(code(unknown), "generate_unknown_classes");
}

#[test]
fn a_teacher_without_places_is_named_at_once_and_nothing_is_written() {
    let (_dir, db) = demo();
    let year = year_id(&db);
    let (teacher, _) = teacher_and_line(&db, 5.0);
    let mut unavailable = Vec::new();
    for day in 1..=5 {
        for n in 1..=7 {
            if (day, n) != (1, 1) && (day, n) != (1, 2) {
                unavailable.push((day, n));
            }
        }
    }
    set_teacher_wishes(
        &db,
        year,
        &TeacherWishes {
            unavailable,
            ..TeacherWishes::none(teacher)
        },
    )
    .unwrap();
    let before = db.content_digest().unwrap();
    let began = std::time::Instant::now();
    let report = run(&db, &request(&db));
    assert!(began.elapsed().as_secs() < 20);
    assert!(!report.written);
    assert_eq!(report.why[0].code, "teacher_overloaded");
    let name: String = db
        .conn()
        .query_row(
            "SELECT last_name FROM staff_member WHERE id = ?1",
            [teacher],
            |r| r.get(0),
        )
        .unwrap();
    assert!(report.why[0].text.contains(&name), "{}", report.why[0].text);
    assert_eq!(db.content_digest().unwrap(), before);
}
