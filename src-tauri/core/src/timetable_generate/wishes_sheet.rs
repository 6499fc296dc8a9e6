//! What the screens of teachers' wishes read: the grid of all teachers of a year (the week's
//! days, the lesson numbers of the bells, each teacher with load, the subjects and the wishes),
//! one teacher's row for the teacher's card, and the pairs and preferred room of load lines for
//! the load screen.

use super::wishes::{
    read_line_wishes, read_wishes, staff_names, teacher_lesson_numbers, year_lesson_numbers,
    TeacherWishes,
};
use crate::db::Db;
use crate::error::Result;
use crate::load;
use crate::timetable::{day_name, week_days, WeekDay};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

/// A teacher's row of the grid of wishes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeacherWishesRow {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    /// «Иванова Анна Петровна».
    pub full_name: String,
    /// The subjects the teacher teaches this year, «Математика, Физика»; empty without load.
    pub subjects: String,
    /// The lesson numbers of the bells of the teacher's classes (of every class of the year
    /// without load): the lessons that can be marked unavailable.
    pub lessons: Vec<i32>,
    pub wishes: TeacherWishes,
}

/// The grid of teachers' wishes of a year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WishesSheet {
    /// The days of the school's week.
    pub days: Vec<WeekDay>,
    /// Every lesson number of the bells of the year's classes, in order.
    pub lessons: Vec<i32>,
    pub teachers: Vec<TeacherWishesRow>,
}

/// A load line's wishes: pairs a week and the preferred room.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LoadLineWishes {
    #[ts(type = "number")]
    pub teaching_load_id: i64,
    /// How many of the line's lessons a week go as pairs (0: none).
    pub paired_lessons: i32,
    #[ts(type = "number | null")]
    pub preferred_room_id: Option<i64>,
}

/// The week's days and the year's lesson numbers, with no teacher yet.
fn empty_sheet(conn: &Connection, year_id: i64) -> Result<WishesSheet> {
    let days = (1..=week_days(conn)?)
        .map(|day| WeekDay {
            day,
            name: day_name(day).to_string(),
        })
        .collect();
    Ok(WishesSheet {
        days,
        lessons: year_lesson_numbers(conn, year_id)?.into_iter().collect(),
        teachers: Vec::new(),
    })
}

/// A teacher's row: the lessons they may mark and their wishes (none stored: none).
fn row(
    conn: &Connection,
    year_id: i64,
    staff_member_id: i64,
    full_name: String,
    subjects: String,
    wishes: &[TeacherWishes],
) -> Result<TeacherWishesRow> {
    let wishes = wishes
        .iter()
        .find(|w| w.staff_member_id == staff_member_id)
        .cloned()
        .unwrap_or_else(|| TeacherWishes::none(staff_member_id));
    Ok(TeacherWishesRow {
        staff_member_id,
        full_name,
        subjects,
        lessons: teacher_lesson_numbers(conn, year_id, staff_member_id)?
            .into_iter()
            .collect(),
        wishes,
    })
}

/// Every teacher with load in the year, in the order of the tarification list.
pub fn wishes_sheet(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<WishesSheet> {
    let teachers = load::by_teacher(db, academic_year_id, on)?;
    db.read(|conn| {
        let wishes = read_wishes(conn, academic_year_id)?;
        let mut sheet = empty_sheet(conn, academic_year_id)?;
        for t in teachers {
            let subjects: Vec<&str> = t.subjects.iter().map(|s| s.label.as_str()).collect();
            sheet.teachers.push(row(
                conn,
                academic_year_id,
                t.staff_member_id,
                t.full_name,
                subjects.join(", "),
                &wishes,
            )?);
        }
        Ok(sheet)
    })
}

/// One staff member's row (with load or not yet), for the card.
pub fn teacher_wishes_sheet(
    db: &Db,
    academic_year_id: i64,
    staff_member_id: i64,
) -> Result<WishesSheet> {
    db.read(|conn| {
        let wishes = read_wishes(conn, academic_year_id)?;
        let mut sheet = empty_sheet(conn, academic_year_id)?;
        let (last, first, patronymic) = staff_names(conn, staff_member_id)?;
        let name = crate::people::full_name(&last, &first, &patronymic);
        sheet.teachers.push(row(
            conn,
            academic_year_id,
            staff_member_id,
            name,
            String::new(),
            &wishes,
        )?);
        Ok(sheet)
    })
}

/// The load lines of the year with pairs or a preferred room.
pub fn load_line_wishes(db: &Db, academic_year_id: i64) -> Result<Vec<LoadLineWishes>> {
    let mut out: Vec<LoadLineWishes> = db
        .read(|conn| read_line_wishes(conn, academic_year_id))?
        .into_iter()
        .map(
            |(teaching_load_id, (paired_lessons, preferred_room_id))| LoadLineWishes {
                teaching_load_id,
                paired_lessons,
                preferred_room_id,
            },
        )
        .collect();
    out.sort_by_key(|l| l.teaching_load_id);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::{set_paired_lessons, set_preferred_room, set_teachers_wishes};
    use super::*;
    use crate::testkit::{demo, year_id};

    fn on(db: &Db) -> NaiveDate {
        load::current_year_on(db, None).unwrap().1
    }

    /// A staff member with no load in the year: a new teacher.
    fn new_teacher(db: &Db) -> i64 {
        db.write(|c| {
            c.execute(
                "INSERT INTO staff_member (last_name, first_name, patronymic, sex)
                 VALUES ('Новикова', 'Ольга', 'Петровна', 'female')",
                [],
            )?;
            Ok(c.last_insert_rowid())
        })
        .unwrap()
    }

    #[test]
    fn the_sheet_lists_teachers_with_load_their_subjects_lessons_and_wishes() {
        let (_dir, db) = demo();
        let year = year_id(&db);
        let sheet = wishes_sheet(&db, year, on(&db)).unwrap();
        let names: Vec<&str> = sheet.days.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            ["понедельник", "вторник", "среда", "четверг", "пятница"]
        );
        assert!(sheet.lessons.starts_with(&[1, 2, 3, 4, 5, 6]));
        let by_teacher = load::by_teacher(&db, year, on(&db)).unwrap();
        assert_eq!(sheet.teachers.len(), by_teacher.len());
        let first = &sheet.teachers[0];
        assert_eq!(first.full_name, by_teacher[0].full_name);
        assert!(first.subjects.contains(&by_teacher[0].subjects[0].label));
        assert!(first.lessons.iter().all(|n| sheet.lessons.contains(n)));
        assert_eq!(first.wishes, TeacherWishes::none(first.staff_member_id));

        // Two teachers' wishes in one write; both read back in their rows.
        let wished: Vec<TeacherWishes> = sheet.teachers[..2]
            .iter()
            .map(|t| TeacherWishes {
                staff_member_id: t.staff_member_id,
                max_days: Some(4),
                methodical_day: Some(2),
                unavailable: vec![(1, t.lessons[0])],
            })
            .collect();
        set_teachers_wishes(&db, year, &wished).unwrap();
        let sheet = wishes_sheet(&db, year, on(&db)).unwrap();
        assert_eq!(sheet.teachers[0].wishes, wished[0]);
        assert_eq!(sheet.teachers[1].wishes, wished[1]);
    }

    #[test]
    fn a_block_of_wishes_is_written_whole_or_not_at_all() {
        let (_dir, db) = demo();
        let year = year_id(&db);
        let sheet = wishes_sheet(&db, year, on(&db)).unwrap();
        let good = TeacherWishes {
            methodical_day: Some(3),
            ..TeacherWishes::none(sheet.teachers[0].staff_member_id)
        };
        let bad = TeacherWishes {
            max_days: Some(9),
            ..TeacherWishes::none(sheet.teachers[1].staff_member_id)
        };
        let before = db.content_digest().unwrap();
        let e = set_teachers_wishes(&db, year, &[good, bad]).unwrap_err();
        assert_eq!(e.fields()[0].code, "wish_max_days");
        assert_eq!(db.content_digest().unwrap(), before, "nothing written");
    }

    #[test]
    fn a_teacher_without_load_may_mark_any_lesson_of_the_year() {
        let (_dir, db) = demo();
        let year = year_id(&db);
        let id = new_teacher(&db);
        let sheet = teacher_wishes_sheet(&db, year, id).unwrap();
        assert_eq!(sheet.teachers.len(), 1);
        let row = &sheet.teachers[0];
        assert_eq!(row.full_name, "Новикова Ольга Петровна");
        assert_eq!(row.lessons, sheet.lessons);
        assert!(row.subjects.is_empty());
        let missing = teacher_wishes_sheet(&db, year, id + 10_000).unwrap_err();
        assert_eq!(missing.code(), "not_found");
    }

    #[test]
    fn load_lines_give_their_pairs_and_preferred_room() {
        let (_dir, db) = demo();
        let year = year_id(&db);
        let line: i64 = db
            .conn()
            .query_row(
                "SELECT min(id) FROM teaching_load WHERE academic_year_id = ?1
                    AND hours_first >= 2 AND hours_second >= 2",
                [year],
                |r| r.get(0),
            )
            .unwrap();
        let room: i64 = db
            .conn()
            .query_row("SELECT min(id) FROM room", [], |r| r.get(0))
            .unwrap();
        let before = load_line_wishes(&db, year).unwrap();
        assert!(before.iter().all(|l| l.teaching_load_id != line));
        set_paired_lessons(&db, line, 1).unwrap();
        set_preferred_room(&db, line, Some(room)).unwrap();
        let after = load_line_wishes(&db, year).unwrap();
        assert!(after.contains(&LoadLineWishes {
            teaching_load_id: line,
            paired_lessons: 1,
            preferred_room_id: Some(room),
        }));
        set_paired_lessons(&db, line, 0).unwrap();
        set_preferred_room(&db, line, None).unwrap();
        assert_eq!(load_line_wishes(&db, year).unwrap(), before);
    }
}
