use super::*;
use crate::db::Db;
use crate::error::CoreError;
use crate::testkit::{class_id, demo, year_id};

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

