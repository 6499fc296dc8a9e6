use super::substitutions::{self, SubstitutionInput, SubstitutionReason};
use super::*;
use crate::bells::{self, Bell, BellSchedule};
use crate::classes::tests::{class as new_class, d, year_2026};
use crate::curriculum::{self, Curriculum, CurriculumKind, CurriculumLine};
use crate::db::Db;
use crate::error::{CoreError, Result, Saved};
use crate::load::{self, LoadInput};
use crate::people::{Order, Sex};
use crate::rooms::{self, Room, RoomKind};
use crate::staff::{self, Appointment, QualificationCategory, StaffMember};
use crate::subgroups::{self, Fill, NewSplit};
use crate::subjects;
use chrono::NaiveDate;
use rusqlite::params;

const MATH: &str = "Математика";
const RUSSIAN: &str = "Русский язык";
const ENGLISH: &str = "Иностранный язык (английский)";
const PE: &str = "Физическая культура";
const MUSIC: &str = "Музыка";

/// A day staff are counted on, inside the year.
fn on() -> NaiveDate {
    d(2026, 10, 1)
}

/// A school of 2026-2027 (5-day week): 5 А and 5 Б on «Основное» (6 lessons), 1 А on
/// «Начальные» (5 lessons), 6 А without bells; English split in 5 А into two subgroups; load:
/// Иванова mathematics in 5 А and 5 Б, Петрова and Смирнова the English subgroups, Кузнецова
/// Russian and PE in 5 А, music and PE in 1 А, Сидорова (leaves 31.12.2026) Russian of 5 Б,
/// a course «Разговоры о важном» of 5 А (extracurricular). Rooms 201 and 202.
struct School {
    db: Db,
    year: i64,
    a5: i64,
    b5: i64,
    a1: i64,
    a6: i64,
    ivanova: i64,
    petrova: i64,
    smirnova: i64,
    kuznetsova: i64,
    sidorova: i64,
    r201: i64,
    r202: i64,
    /// Load line ids.
    math_a5: i64,
    math_b5: i64,
    english_1: i64,
    english_2: i64,
    russian_a5: i64,
    russian_b5: i64,
    pe_a5: i64,
    course_a5: i64,
    math_a1: i64,
    russian_a1: i64,
    music_a1: i64,
    pe_a1: i64,
}

fn subject(db: &Db, name: &str) -> i64 {
    subjects::list(db, true)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .and_then(|s| s.id)
        .unwrap()
}

fn line(db: &Db, part: CurriculumPart, name: &str, first: f64, second: f64) -> CurriculumLine {
    CurriculumLine {
        id: None,
        part,
        subject_id: Some(subject(db, name)),
        course: String::new(),
        hours_first: first,
        hours_second: second,
        label: String::new(),
        annual_hours: 0.0,
    }
}

fn member(db: &Db, last: &str, left_on: Option<NaiveDate>) -> i64 {
    let position = staff::find_position(db, "Учитель").unwrap().unwrap();
    let m = StaffMember {
        id: None,
        last_name: last.into(),
        first_name: "Анна".into(),
        patronymic: "Петровна".into(),
        sex: Sex::Female,
        birth_date: None,
        snils: String::new(),
        phone: String::new(),
        email: String::new(),
        education: String::new(),
        qualification_category: QualificationCategory::None,
        note: String::new(),
        appointments: vec![Appointment {
            id: None,
            staff_position_id: position.id.unwrap(),
            rate: 1.0,
            hired_on: Some(d(2010, 9, 1)),
            hire_order: Order::default(),
            left_on,
            leave_order: Order::default(),
            leave_reason: String::new(),
            transferred_from_id: None,
            position_name: String::new(),
        }],
        ..StaffMember::blank()
    };
    staff::save(db, &m, on()).unwrap().value.id.unwrap()
}

fn schedule(db: &Db, year: i64, name: &str, count: i32) -> i64 {
    let s = BellSchedule {
        id: None,
        academic_year_id: year,
        name: name.into(),
        shift: 1,
        bells: (1..=count)
            .map(|n| Bell {
                lesson_number: n,
                starts_at: format!("{:02}:00", 7 + n),
                ends_at: format!("{:02}:45", 7 + n),
            })
            .collect(),
    };
    bells::save(db, &s).unwrap().value.id.unwrap()
}

fn add_class(db: &Db, year: i64, grade: i32, letter: &str, bells: Option<i64>) -> i64 {
    let mut c = new_class(year, grade, letter);
    c.bell_schedule_id = bells;
    let mut c = crate::classes::save(db, &c, on()).unwrap().value;
    // Saved again to stay without bells: a new class gets the school's.
    c.bell_schedule_id = bells;
    crate::classes::save(db, &c, on())
        .unwrap()
        .value
        .id
        .unwrap()
}

fn room(db: &Db, number: &str) -> i64 {
    let r = Room {
        id: None,
        number: number.into(),
        name: String::new(),
        floor: Some(2),
        capacity: Some(30),
        kind: RoomKind::Classroom,
        note: String::new(),
        equipment_count: 0,
    };
    rooms::save(db, &r).unwrap().id.unwrap()
}

/// The class's curriculum line of a subject (or of the course).
fn line_of(db: &Db, class_id: i64, label: &str) -> i64 {
    let c = curriculum::of_class(db, class_id).unwrap().unwrap();
    c.lines
        .iter()
        .find(|l| l.label == label || l.course == label)
        .and_then(|l| l.id)
        .unwrap()
}

fn give(db: &Db, line_id: i64, subgroup_id: Option<i64>, teacher: i64, h: (f64, f64)) -> i64 {
    let input = LoadInput {
        id: None,
        line_id,
        subgroup_id,
        staff_member_id: teacher,
        hours_first: h.0,
        hours_second: h.1,
    };
    load::save(db, &input, on()).unwrap().value.id
}

fn template(db: &Db, year: i64, grade: i32, lines: Vec<CurriculumLine>, classes: &[i64]) {
    let t = Curriculum {
        grade,
        name: "Базовый".into(),
        lines,
        ..Curriculum::new(year, CurriculumKind::Template)
    };
    let id = curriculum::save(db, &t).unwrap().value.id.unwrap();
    curriculum::assign(db, id, classes).unwrap();
}

fn school() -> School {
    use CurriculumPart::*;
    let db = Db::in_memory().unwrap();
    subjects::seed_federal(&db).unwrap();
    let year = year_2026(&db);
    let main = schedule(&db, year, "Основное", 6);
    let primary = schedule(&db, year, "Начальные", 5);
    let a5 = add_class(&db, year, 5, "А", Some(main));
    let b5 = add_class(&db, year, 5, "Б", Some(main));
    let a1 = add_class(&db, year, 1, "А", Some(primary));
    let a6 = add_class(&db, year, 6, "А", None);
    let mut course = line(&db, Extracurricular, MATH, 1.0, 1.0);
    course.subject_id = None;
    course.course = "Разговоры о важном".into();
    template(
        &db,
        year,
        5,
        vec![
            line(&db, Mandatory, MATH, 5.0, 5.0),
            line(&db, Mandatory, RUSSIAN, 5.0, 5.0),
            line(&db, Mandatory, ENGLISH, 3.0, 3.0),
            line(&db, Mandatory, PE, 2.0, 1.0),
            course,
        ],
        &[a5, b5],
    );
    template(
        &db,
        year,
        1,
        vec![
            line(&db, Mandatory, MATH, 4.0, 4.0),
            line(&db, Mandatory, RUSSIAN, 5.0, 5.0),
            line(&db, Mandatory, MUSIC, 1.0, 1.0),
            line(&db, Mandatory, PE, 3.0, 3.0),
        ],
        &[a1],
    );
    template(
        &db,
        year,
        6,
        vec![line(&db, Mandatory, MATH, 5.0, 5.0)],
        &[a6],
    );
    let split = subgroups::create(
        &db,
        &NewSplit {
            academic_year_id: year,
            subject_id: Some(subject(&db, ENGLISH)),
            class_ids: vec![a5],
            count: 2,
            fill: Fill::Manual,
        },
        on(),
    )
    .unwrap();
    let groups: Vec<i64> = split.subgroups.iter().map(|g| g.subgroup.id).collect();
    let ivanova = member(&db, "Иванова", None);
    let petrova = member(&db, "Петрова", None);
    let smirnova = member(&db, "Смирнова", None);
    let kuznetsova = member(&db, "Кузнецова", None);
    let sidorova = member(&db, "Сидорова", Some(d(2026, 12, 31)));
    let full = (5.0, 5.0);
    School {
        math_a5: give(&db, line_of(&db, a5, MATH), None, ivanova, full),
        math_b5: give(&db, line_of(&db, b5, MATH), None, ivanova, full),
        english_1: give(
            &db,
            line_of(&db, a5, ENGLISH),
            Some(groups[0]),
            petrova,
            (3.0, 3.0),
        ),
        english_2: give(
            &db,
            line_of(&db, a5, ENGLISH),
            Some(groups[1]),
            smirnova,
            (3.0, 3.0),
        ),
        russian_a5: give(&db, line_of(&db, a5, RUSSIAN), None, kuznetsova, full),
        russian_b5: give(&db, line_of(&db, b5, RUSSIAN), None, sidorova, full),
        pe_a5: give(&db, line_of(&db, a5, PE), None, kuznetsova, (2.0, 1.0)),
        course_a5: give(
            &db,
            line_of(&db, a5, "Разговоры о важном"),
            None,
            ivanova,
            (1.0, 1.0),
        ),
        math_a1: give(&db, line_of(&db, a1, MATH), None, petrova, (4.0, 4.0)),
        russian_a1: give(&db, line_of(&db, a1, RUSSIAN), None, petrova, full),
        music_a1: give(&db, line_of(&db, a1, MUSIC), None, smirnova, (1.0, 1.0)),
        pe_a1: give(&db, line_of(&db, a1, PE), None, kuznetsova, (3.0, 3.0)),
        r201: room(&db, "201"),
        r202: room(&db, "202"),
        db,
        year,
        a5,
        b5,
        a1,
        a6,
        ivanova,
        petrova,
        smirnova,
        kuznetsova,
        sidorova,
    }
}

fn put(s: &School, load: i64, day: i32, n: i32, room: Option<i64>) -> Result<Saved<Lesson>> {
    place(&s.db, &LessonInput::new(load, day, n, room), on())
}

fn ok(s: &School, load: i64, day: i32, n: i32, room: Option<i64>) -> Saved<Lesson> {
    put(s, load, day, n, room).unwrap()
}

/// The refusal's field code and message.
fn refusal(r: Result<Saved<Lesson>>) -> (String, String) {
    match r {
        Err(CoreError::Refused(e)) => (e.code, e.message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn count_entries(s: &School) -> i64 {
    s.db.conn()
        .query_row("SELECT count(*) FROM timetable_entry", [], |r| r.get(0))
        .unwrap()
}

fn codes(list: &[TimetableIssue]) -> Vec<&str> {
    list.iter().map(|w| w.code.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Placing, moving, removing

#[test]
fn a_placed_lesson_shows_in_every_view_and_leaves_the_panel() {
    let s = school();
    let saved = ok(&s, s.math_a5, 2, 3, Some(s.r201));
    let l = &saved.value;
    assert_eq!((l.day, l.lesson_number), (2, 3));
    assert_eq!(l.teacher, "Иванова А. П.");
    assert_eq!(l.classes_label, "5 А");
    assert_eq!(l.label, MATH);
    assert_eq!(l.room, "201");
    assert!(l.in_first && l.in_second);

    let class = class_week(&s.db, s.a5).unwrap();
    assert_eq!(class.title, "5 А");
    assert_eq!(class.days.len(), 5);
    assert_eq!(class.days[1].name, "вторник");
    assert_eq!(class.rows.len(), 6);
    assert_eq!(class.rows[2].starts_at, "10:00");
    assert_eq!(class.cells[2][1], vec![l.clone()]);
    assert_eq!(class.lessons_first, 1);
    assert!(class_week(&s.db, s.b5)
        .unwrap()
        .cells
        .iter()
        .flatten()
        .all(Vec::is_empty));

    let teacher = teacher_week(&s.db, s.year, s.ivanova).unwrap();
    assert_eq!(teacher.title, "Иванова Анна Петровна");
    assert_eq!(teacher.cells[2][1][0].id, l.id);
    let room = room_week(&s.db, s.year, s.r201).unwrap();
    assert_eq!(room.title, "Кабинет 201");
    assert_eq!(room.cells[2][1][0].id, l.id);
    assert_eq!(room_week(&s.db, s.year, s.r202).unwrap().lessons_first, 0);

    let sheet = school_sheet(&s.db, s.year).unwrap();
    assert_eq!(sheet.year, "2026-2027");
    let labels: Vec<&str> = sheet.classes.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["1 А", "5 А", "5 Б", "6 А"]);
    assert_eq!(sheet.rows.len(), 5 * 6, "5 days × lessons 1–6");
    let row = sheet
        .rows
        .iter()
        .position(|r| r.day == 2 && r.lesson_number == 3)
        .unwrap();
    assert_eq!(sheet.rows[row].day_name, "вторник");
    assert_eq!(sheet.cells[row][1][0].id, l.id);
    assert!(sheet.cells[row][2].is_empty());

    let panel = to_place(&s.db, s.a5).unwrap();
    let math = panel
        .iter()
        .find(|p| p.teaching_load_id == s.math_a5)
        .unwrap();
    assert_eq!(
        (math.placed_first, math.left_first, math.left_second),
        (1, 4, 4)
    );
    assert_eq!(panel[0].part, CurriculumPart::Mandatory);
    assert_eq!(panel.last().unwrap().label, "Разговоры о важном");
    let english: Vec<&str> = panel
        .iter()
        .filter(|p| p.label == ENGLISH)
        .map(|p| p.subgroup_name.as_str())
        .collect();
    assert_eq!(english, ["1 группа", "2 группа"]);
}

#[test]
fn a_teacher_in_two_places_at_once_is_refused_naming_the_class_and_time() {
    let s = school();
    ok(&s, s.math_b5, 2, 3, None);
    let (code, message) = refusal(put(&s, s.math_a5, 2, 3, None));
    assert_eq!(code, "teacher_busy");
    assert_eq!(
        message,
        "Иванова А. П. в это время ведёт урок в 5 Б (вторник, 3 урок). Выберите другое время \
         или другого учителя."
    );
    assert_eq!(count_entries(&s), 1, "nothing written");
    // Another lesson number is free.
    ok(&s, s.math_a5, 2, 4, None);
}

#[test]
fn a_room_in_two_places_at_once_is_refused() {
    let s = school();
    ok(&s, s.math_a5, 1, 1, Some(s.r201));
    let (code, message) = refusal(put(&s, s.russian_b5, 1, 1, Some(s.r201)));
    assert_eq!(code, "room_busy");
    assert!(message.starts_with("Кабинет 201 в это время занят: урок 5 А (понедельник, 1 урок)"));
    ok(&s, s.russian_b5, 1, 1, Some(s.r202));
    // No room set is never a room conflict.
    ok(&s, s.pe_a1, 1, 1, None);
}

#[test]
fn a_class_has_one_lesson_at_once_unless_subgroups_of_one_split() {
    let s = school();
    ok(&s, s.math_a5, 3, 2, None);
    let (code, message) = refusal(put(&s, s.russian_a5, 3, 2, None));
    assert_eq!(code, "class_busy");
    assert!(message.starts_with("У 5 А в это время уже урок «Математика» (среда, 2 урок)"));
    // A subgroup cannot run beside a whole-class lesson either.
    assert_eq!(refusal(put(&s, s.english_1, 3, 2, None)).0, "class_busy");
    // The two English subgroups run together; the same subgroup twice does not.
    ok(&s, s.english_1, 3, 3, Some(s.r201));
    ok(&s, s.english_2, 3, 3, Some(s.r202));
    assert_eq!(refusal(put(&s, s.english_1, 3, 3, None)).0, "teacher_busy");
    let view = class_week(&s.db, s.a5).unwrap();
    assert_eq!(view.cells[2][2].len(), 2, "subgroups side by side");
    assert_eq!(
        view.lessons_first, 2,
        "parallel subgroups are one lesson of the class"
    );
}

#[test]
fn a_lesson_outside_the_bells_or_the_week_is_refused() {
    let s = school();
    let (code, message) = refusal(put(&s, s.math_a5, 1, 7, None));
    assert_eq!(code, "no_such_lesson_number");
    assert!(message.starts_with("У 5 А нет 7-го урока: его нет в расписании звонков «Основное»"));
    assert_eq!(
        refusal(put(&s, s.math_a1, 1, 6, None)).0,
        "no_such_lesson_number"
    );
    let (code, message) = refusal(put(&s, s.math_a5, 6, 1, None));
    assert_eq!(code, "day_outside_week");
    assert_eq!(
        message,
        "Суббота — не учебный день: в школе 5-дневная учебная неделя."
    );
    let a6_math = give(
        &s.db,
        line_of(&s.db, s.a6, MATH),
        None,
        s.ivanova,
        (5.0, 5.0),
    );
    assert_eq!(
        refusal(put(&s, a6_math, 1, 1, None)).0,
        "class_without_bells"
    );
    assert_eq!(count_entries(&s), 0);
}

#[test]
fn a_teacher_who_has_left_is_refused() {
    let s = school();
    // Сидорова works until 31.12.2026: placed in October, refused as of January.
    ok(&s, s.russian_b5, 1, 1, None);
    let january = d(2027, 1, 15);
    let r = place(&s.db, &LessonInput::new(s.russian_b5, 1, 2, None), january);
    let (code, message) = refusal(r);
    assert_eq!(code, "lesson_teacher_left");
    assert!(message.starts_with("Сидорова А. П. уже не работает в школе"));
    // The school-wide check names the lesson left from before, once per load line.
    let check = check(&s.db, s.year, january).unwrap();
    let left: Vec<&TimetableIssue> = check
        .conflicts
        .iter()
        .filter(|c| c.code == "lesson_teacher_left")
        .collect();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].staff_member_id, Some(s.sidorova));
    assert_eq!(left[0].entry_ids.len(), 1);
}

#[test]
fn bad_input_and_unknown_records_are_refused_before_anything_is_read() {
    let s = school();
    let mut bad = LessonInput::new(s.math_a5, 0, 13, None);
    bad.in_first = false;
    bad.in_second = false;
    match place(&s.db, &bad, on()) {
        Err(CoreError::Invalid(fields)) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(names, ["day", "lesson_number", "in_first"]);
        }
        other => panic!("{other:?}"),
    }
    let unknown = place(&s.db, &LessonInput::new(9999, 1, 1, None), on());
    assert_eq!(unknown.unwrap_err().code(), "not_found");
    let no_room = place(&s.db, &LessonInput::new(s.math_a5, 1, 1, Some(9999)), on());
    assert_eq!(no_room.unwrap_err().code(), "not_found");
    let mut ghost = LessonInput::new(s.math_a5, 1, 1, None);
    ghost.id = Some(9999);
    assert_eq!(save(&s.db, &ghost, on()).unwrap_err().code(), "not_found");
    assert_eq!(remove(&s.db, 9999).unwrap_err().code(), "not_found");
    assert_eq!(class_week(&s.db, 9999).unwrap_err().code(), "not_found");
}

#[test]
fn lessons_of_different_half_years_share_a_slot() {
    let s = school();
    // PE of 5 А: 2 h in the first half-year, 1 h in the second.
    let mut first_only = LessonInput::new(s.pe_a5, 4, 1, None);
    first_only.in_second = false;
    place(&s.db, &first_only, on()).unwrap();
    // Кузнецова's Russian of 5 А in the second half-year only at the same time: no conflict.
    let mut second_only = LessonInput::new(s.russian_a5, 4, 1, None);
    second_only.in_first = false;
    place(&s.db, &second_only, on()).unwrap();
    // A whole-year lesson meets both.
    assert_eq!(refusal(put(&s, s.math_a5, 4, 1, None)).0, "class_busy");
    let view = class_week(&s.db, s.a5).unwrap();
    assert_eq!((view.lessons_first, view.lessons_second), (1, 1));
}

#[test]
fn moving_checks_the_new_place_without_the_old_and_a_refused_move_changes_nothing() {
    let s = school();
    let math = ok(&s, s.math_a5, 1, 1, Some(s.r201)).value;
    ok(&s, s.russian_a5, 1, 2, Some(s.r202));
    // Onto its own place and room: no conflict with itself.
    move_lesson(&s.db, math.id, 1, 1, Some(s.r201), on()).unwrap();
    let r = move_lesson(&s.db, math.id, 1, 2, Some(s.r201), on());
    assert_eq!(refusal(r).0, "class_busy");
    let moved = move_lesson(&s.db, math.id, 2, 5, Some(s.r202), on())
        .unwrap()
        .value;
    assert_eq!(
        (
            moved.id,
            moved.day,
            moved.lesson_number,
            moved.room.as_str()
        ),
        (math.id, 2, 5, "202")
    );
    assert_eq!(count_entries(&s), 2);
    remove(&s.db, math.id).unwrap();
    assert_eq!(count_entries(&s), 1);
    assert_eq!(
        move_lesson(&s.db, math.id, 1, 1, None, on())
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn a_composite_change_that_fails_half_way_is_rolled_back_whole() {
    let s = school();
    let r = s.db.write(|_| {
        put(&s, s.math_a5, 1, 1, None)?;
        put(&s, s.russian_a5, 1, 2, None)?;
        put(&s, s.math_b5, 1, 1, None) // Иванова is busy
    });
    assert_eq!(r.unwrap_err().code(), "refused");
    assert_eq!(count_entries(&s), 0);
    assert_eq!(clear(&s.db, s.year).unwrap(), 0);
}

#[test]
fn the_edit_check_reads_the_slot_and_agrees_with_the_in_memory_model() {
    let s = school();
    ok(&s, s.math_b5, 2, 3, Some(s.r201));
    let input = LessonInput::new(s.math_a5, 2, 3, Some(s.r201));
    let from_db = check_edit(&s.db, &input, on()).unwrap().conflicts;
    let week = Week::read(&s.db, s.year).unwrap();
    let staff = working_staff(&s.db, on()).unwrap();
    let in_memory = week.conflicts_of(&week.candidate(&input).unwrap(), &staff);
    assert_eq!(
        codes(&from_db),
        ["teacher_busy"],
        "the teacher is named first"
    );
    assert_eq!(from_db, in_memory);
    let free = LessonInput::new(s.math_a5, 2, 4, Some(s.r201));
    assert!(check_edit(&s.db, &free, on()).unwrap().conflicts.is_empty());
    assert_eq!(count_entries(&s), 1, "checking writes nothing");
}

#[test]
fn slot_options_mark_every_place_of_the_bells_with_its_conflicts() {
    let s = school();
    ok(&s, s.math_b5, 1, 1, None);
    let math = ok(&s, s.math_a5, 1, 2, Some(s.r201)).value;
    let options = slot_options(&s.db, s.math_a5, None, on()).unwrap();
    assert_eq!(options.len(), 5 * 6, "5 days × the 6 bells of «Основное»");
    let at = |day: i32, n: i32| {
        options
            .iter()
            .find(|o| (o.day, o.lesson_number) == (day, n))
            .unwrap()
    };
    assert_eq!(codes(&at(1, 1).conflicts), ["teacher_busy"]);
    // One conflict a pair of lessons, the teacher's first.
    assert_eq!(codes(&at(1, 2).conflicts), ["teacher_busy"]);
    let russian = slot_options(&s.db, s.russian_a5, None, on()).unwrap();
    let busy = russian
        .iter()
        .find(|o| (o.day, o.lesson_number) == (1, 2))
        .unwrap();
    assert_eq!(codes(&busy.conflicts), ["class_busy"]);
    assert!(at(2, 1).conflicts.is_empty());
    // Moving the lesson itself: its own place is free.
    let moving = slot_options(&s.db, s.math_a5, Some(math.id), on()).unwrap();
    assert!(moving
        .iter()
        .any(|o| (o.day, o.lesson_number) == (1, 2) && o.conflicts.is_empty()));
    assert_eq!(
        slot_options(&s.db, 9999, None, on()).unwrap_err().code(),
        "not_found"
    );
}

// ---------------------------------------------------------------------------------------------
// Warnings and the school-wide check

#[test]
fn more_lessons_a_day_than_the_grade_allows_is_warned_with_the_pe_exception_once_a_week() {
    let s = school();
    // 1 А: at most 4 a day, once a week 5 with PE.
    for n in 1..=4 {
        let saved = ok(&s, s.math_a1, 1, n, None);
        assert!(!codes_of(&saved).contains(&"above_daily_limit"));
    }
    let fifth = ok(&s, s.pe_a1, 1, 5, None);
    assert!(!codes_of(&fifth).contains(&"above_daily_limit"), "PE day");
    for n in 1..=4 {
        ok(&s, s.russian_a1, 2, n, None);
    }
    let second = ok(&s, s.pe_a1, 2, 5, None);
    let w = second
        .warnings
        .iter()
        .find(|w| w.code == "above_daily_limit")
        .expect("a second long day");
    assert_eq!(
        w.message,
        "У 1 А во вторник 5 уроков — больше допустимых 4 (СанПиН 1.2.3685-21, табл. 6.6; один \
         раз в неделю 5 уроков за счёт урока физической культуры). Перенесите урок на другой день."
    );
    // A long day without PE is warned even once.
    let s = school();
    for n in 1..=4 {
        ok(&s, s.russian_a1, 3, n, None);
    }
    let music = ok(&s, s.music_a1, 3, 5, None);
    assert!(codes_of(&music).contains(&"above_daily_limit"));
    assert_eq!(class_week(&s.db, s.a1).unwrap().lessons_first, 5);
}

fn codes_of(saved: &Saved<Lesson>) -> Vec<&str> {
    saved.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn the_check_counts_placed_and_required_and_warns_of_hours_differing_from_the_load() {
    let s = school();
    let empty = check(&s.db, s.year, on()).unwrap();
    // Required: the larger half-year of each lesson line (the course is not required):
    // 5 А 5+5+3+3+2, 5 Б 5+5, 1 А 4+5+1+3 (6 А has no load).
    assert_eq!(empty.required, 18 + 10 + 13);
    assert_eq!(empty.placed, 0);
    // The course is counted apart, as its line is in «Осталось поставить».
    assert_eq!(
        (empty.extracurricular_placed, empty.extracurricular_required),
        (0, 1)
    );
    let left: i32 = to_place(&s.db, s.a5)
        .unwrap()
        .iter()
        .filter(|t| t.part == CurriculumPart::Extracurricular)
        .map(|t| t.left_first.max(t.left_second))
        .sum();
    assert_eq!(
        left,
        empty.extracurricular_required - empty.extracurricular_placed
    );
    assert_eq!((empty.required_first, empty.required_second), (41, 40));
    assert!(empty.conflicts.is_empty());
    let pe = empty
        .warnings
        .iter()
        .filter(|w| w.code == "placed_differs_from_load" && w.teaching_load_id == Some(s.pe_a5))
        .count();
    assert_eq!(pe, 2, "one per half-year");
    assert!(
        empty
            .warnings
            .iter()
            .all(|w| w.teaching_load_id != Some(s.course_a5)),
        "courses are optional"
    );

    let mut first_only = LessonInput::new(s.pe_a5, 1, 1, None);
    first_only.in_second = false;
    place(&s.db, &first_only, on()).unwrap();
    ok(&s, s.pe_a5, 1, 2, None);
    ok(&s, s.course_a5, 5, 6, None);
    let c = check(&s.db, s.year, on()).unwrap();
    assert_eq!((c.placed, c.placed_first, c.placed_second), (2, 2, 1));
    assert_eq!(
        (c.extracurricular_placed, c.extracurricular_required),
        (1, 1)
    );
    assert!(!c
        .warnings
        .iter()
        .any(|w| w.code == "placed_differs_from_load" && w.teaching_load_id == Some(s.pe_a5)));
    // One lesson too many.
    let extra = ok(&s, s.pe_a5, 2, 1, None);
    let w = extra
        .warnings
        .iter()
        .find(|w| w.code == "placed_differs_from_load")
        .unwrap();
    assert_eq!(
        w.message,
        "5 А, Физическая культура (Кузнецова А. П.): в расписании 3 ур. в неделю, а по \
         нагрузке 2 ч (1-е полугодие)."
    );
    let c = check(&s.db, s.year, on()).unwrap();
    assert_eq!(c.placed, 2, "lessons beyond the hours are not counted");
    assert!(!c.is_complete());
}

#[test]
fn the_difficulty_total_should_peak_on_tuesday_or_wednesday() {
    let s = school();
    // 5 А: mathematics (10) twice on Friday, Russian (8) once on Tuesday and Wednesday.
    ok(&s, s.math_a5, 5, 1, None);
    ok(&s, s.math_a5, 5, 2, None);
    ok(&s, s.russian_a5, 2, 1, None);
    let saved = ok(&s, s.russian_a5, 3, 1, None);
    let w = saved
        .warnings
        .iter()
        .find(|w| w.code == "difficulty_peak")
        .expect("Friday is the hardest");
    assert_eq!(
        w.message,
        "У 5 А самый трудный день — пятница (20 баллов), а во вторник и среду не больше 8: по \
         СанПиН 1.2.3685-21 наибольшая нагрузка должна приходиться на вторник и (или) среду."
    );
    // Moving a mathematics lesson to Tuesday makes Tuesday the peak.
    let c = check(&s.db, s.year, on()).unwrap();
    let friday = c
        .warnings
        .iter()
        .find(|w| w.code == "difficulty_peak")
        .unwrap()
        .entry_ids
        .clone();
    assert!(friday.is_empty(), "a day's warning, not a lesson's");
    let id = class_week(&s.db, s.a5).unwrap().cells[1][4][0].id;
    let moved = move_lesson(&s.db, id, 2, 2, None, on()).unwrap();
    assert!(!codes_of(&moved).contains(&"difficulty_peak"));
}

#[test]
fn a_subject_twice_a_day_is_warned_where_its_hours_do_not_need_it() {
    let s = school();
    ok(&s, s.math_a5, 1, 1, None);
    let twice = ok(&s, s.math_a5, 1, 2, None);
    let w = twice
        .warnings
        .iter()
        .find(|w| w.code == "subject_twice_a_day")
        .unwrap();
    assert_eq!(
        w.message,
        "У 5 А в понедельник «Математика» 2 раза: проверьте, так ли задумано (например, \
         спаренный урок)."
    );
    // Six lessons of mathematics in a 5-day week need one day with two: 5 h placed 2 + 1 + 1
    // + 1 is still «twice» for 5 h; the rule follows the lessons placed.
    ok(&s, s.math_a5, 2, 1, None);
    ok(&s, s.math_a5, 3, 1, None);
    ok(&s, s.math_a5, 4, 1, None);
    ok(&s, s.math_a5, 5, 1, None);
    let c = check(&s.db, s.year, on()).unwrap();
    assert!(!c.warnings.iter().any(|w| w.code == "subject_twice_a_day"));
}

#[test]
fn teacher_gaps_are_warned_and_counted() {
    let s = school();
    ok(&s, s.math_a5, 1, 1, None);
    let gap = ok(&s, s.math_b5, 1, 4, None);
    let w = gap
        .warnings
        .iter()
        .find(|w| w.code == "teacher_gaps")
        .unwrap();
    assert_eq!(
        w.message,
        "Иванова А. П.: в понедельник окна между уроками — 2."
    );
    ok(&s, s.math_a5, 2, 2, None);
    ok(&s, s.math_b5, 2, 4, None);
    let c = check(&s.db, s.year, on()).unwrap();
    let g = c
        .teacher_gaps
        .iter()
        .find(|g| g.staff_member_id == s.ivanova)
        .unwrap();
    assert_eq!((g.gaps, g.gaps_second), (3, 3));
    assert!(c
        .teacher_gaps
        .iter()
        .all(|g| g.staff_member_id == s.ivanova));
}

#[test]
fn conflicts_left_from_before_are_listed_once_per_pair() {
    let s = school();
    ok(&s, s.math_a5, 1, 1, Some(s.r201));
    // A lesson written around the core (an old file): Иванова twice, room 201 twice.
    s.db.conn()
        .execute(
            "INSERT INTO timetable_entry (academic_year_id, day, lesson_number, teaching_load_id, room_id)
             VALUES (?1, 1, 1, ?2, ?3)",
            params![s.year, s.math_b5, s.r201],
        )
        .unwrap();
    let c = check(&s.db, s.year, on()).unwrap();
    assert_eq!(codes(&c.conflicts), ["teacher_busy"]);
    assert_eq!(c.conflicts[0].entry_ids.len(), 2);
    assert_eq!(c.conflicts[0].day, Some(1));
}

/// Gives 1 А's «Начальные» bells of their own: 40-minute lessons from 08:45 (1: 08:45–09:25,
/// 2: 09:35–10:15…), against «Основное» of 5 А and 5 Б (1: 08:00–08:45, 2: 09:00–09:45…).
fn primary_from_08_45(s: &School) {
    let mut primary = bells::list(&s.db, s.year)
        .unwrap()
        .into_iter()
        .find(|b| b.name == "Начальные")
        .unwrap();
    primary.bells = (1..=5)
        .map(|n| {
            let start = 8 * 60 + 45 + (n - 1) * 50;
            let end = start + 40;
            Bell {
                lesson_number: n,
                starts_at: format!("{:02}:{:02}", start / 60, start % 60),
                ends_at: format!("{:02}:{:02}", end / 60, end % 60),
            }
        })
        .collect();
    bells::save(&s.db, &primary).unwrap();
}

#[test]
fn lessons_overlapping_in_time_under_other_numbers_are_refused() {
    let s = school();
    primary_from_08_45(&s);
    // Кузнецова: Russian in 5 А at lesson 2 (09:00–09:45).
    ok(&s, s.russian_a5, 1, 2, Some(s.r201));
    // PE of 1 А at its lesson 1 (08:45–09:25) overlaps it.
    let (code, message) = refusal(put(&s, s.pe_a1, 1, 1, None));
    assert_eq!(code, "teacher_busy");
    assert_eq!(
        message,
        "Кузнецова А. П. в это время ведёт урок в 5 А (понедельник, 2 урок). Выберите другое \
         время или другого учителя."
    );
    // Room 201 is taken 09:00–09:45 as well: music of 1 А at 08:45–09:25 is refused there.
    let (code, message) = refusal(put(&s, s.music_a1, 1, 1, Some(s.r201)));
    assert_eq!(code, "room_busy");
    assert!(message.starts_with("Кабинет 201 в это время занят: урок 5 А (понедельник, 2 урок)"));
    // 1 А's lesson 2 (09:35–10:15) still overlaps 09:00–09:45.
    assert_eq!(refusal(put(&s, s.pe_a1, 1, 2, None)).0, "teacher_busy");
    assert_eq!(count_entries(&s), 1, "nothing written");
    // 1 А's lesson 3 (10:25–11:05) is after it.
    ok(&s, s.pe_a1, 1, 3, Some(s.r201));
}

#[test]
fn the_same_number_on_schedules_not_overlapping_in_time_is_allowed() {
    let s = school();
    primary_from_08_45(&s);
    // 5 А's lesson 1 ends at 08:45 when 1 А's lesson 1 starts: [start, end) do not meet.
    ok(&s, s.russian_a5, 2, 1, Some(s.r201));
    ok(&s, s.pe_a1, 2, 1, Some(s.r201));
    // A class keeps to its own numbers: 5 А's lesson 1 is still taken.
    assert_eq!(refusal(put(&s, s.math_a5, 2, 1, None)).0, "class_busy");
    // Moving 1 А's PE onto 5 А's lesson 2 time (its 1 → 2 is 09:35–10:15, 5 А's 2 is free).
    let pe = &Week::read(&s.db, s.year).unwrap().lessons;
    let pe = pe.iter().find(|l| l.teaching_load_id == s.pe_a1).unwrap();
    move_lesson(&s.db, pe.id, 2, 2, Some(s.r201), on()).unwrap();
    assert!(check(&s.db, s.year, on()).unwrap().conflicts.is_empty());
}

#[test]
fn the_indexed_and_in_memory_checks_agree_on_times_and_the_school_check_finds_them() {
    let s = school();
    primary_from_08_45(&s);
    ok(&s, s.russian_a5, 3, 2, Some(s.r201));
    let week = Week::read(&s.db, s.year).unwrap();
    let staff = working_staff(&s.db, on()).unwrap();
    for (load, n, room, expected) in [
        (s.pe_a1, 1, None, vec!["teacher_busy"]),
        (s.music_a1, 1, Some(s.r201), vec!["room_busy"]),
        // One issue per pair of lessons: the teacher is named first.
        (s.pe_a1, 1, Some(s.r201), vec!["teacher_busy"]),
        (s.pe_a1, 3, Some(s.r201), vec![]),
        (s.russian_a5, 1, None, vec![]),
    ] {
        let input = LessonInput::new(load, 3, n, room);
        let from_db = check_edit(&s.db, &input, on()).unwrap().conflicts;
        let in_memory = week.conflicts_of(&week.candidate(&input).unwrap(), &staff);
        assert_eq!(codes(&from_db), expected, "lesson {n}");
        assert_eq!(from_db, in_memory, "lesson {n}");
    }
    // Written around the core: Кузнецова in 1 А at lesson 1 (08:45–09:25) that Wednesday.
    s.db.conn()
        .execute(
            "INSERT INTO timetable_entry (academic_year_id, day, lesson_number, teaching_load_id)
             VALUES (?1, 3, 1, ?2)",
            params![s.year, s.pe_a1],
        )
        .unwrap();
    let c = check(&s.db, s.year, on()).unwrap();
    assert_eq!(codes(&c.conflicts), ["teacher_busy"]);
    assert_eq!(c.conflicts[0].entry_ids.len(), 2);
    // Named after the earlier lesson of the day, at its own number.
    assert!(c.conflicts[0]
        .message
        .starts_with("Кузнецова А. П. в это время ведёт урок в 1 А (среда, 1 урок)"));
    assert_eq!(
        (c.conflicts[0].day, c.conflicts[0].lesson_number),
        (Some(3), Some(2))
    );
}

#[test]
fn the_sanitary_reference_is_editable_and_the_most_specific_pattern_wins() {
    let s = school();
    let scale = sanitary::difficulties(&s.db).unwrap();
    assert_eq!(sanitary::score(&scale, ENGLISH, 5), Some(9));
    assert_eq!(sanitary::score(&scale, "математика", 6), Some(13));
    assert_eq!(
        sanitary::score(&scale, "Вероятность и статистика", 8),
        Some(9)
    );
    assert_eq!(sanitary::score(&scale, "Физика", 11), Some(12));
    assert_eq!(sanitary::score(&scale, "Астрология", 5), None);
    let german = SubjectDifficulty {
        id: None,
        subject_pattern: "Иностранный язык (немецкий)".into(),
        grade: 5,
        score: 12,
        source: "приказ директора".into(),
        note: String::new(),
    };
    let saved = sanitary::save_difficulty(&s.db, &german).unwrap();
    let scale = sanitary::difficulties(&s.db).unwrap();
    assert_eq!(
        sanitary::score(&scale, "Иностранный язык (немецкий)", 5),
        Some(12)
    );
    assert_eq!(sanitary::score(&scale, ENGLISH, 5), Some(9));
    let again = sanitary::save_difficulty(&s.db, &german).unwrap_err();
    assert_eq!(again.fields()[0].code, "duplicate_name");
    let bad = SubjectDifficulty {
        subject_pattern: " * ".into(),
        score: 40,
        ..german.clone()
    };
    let fields: Vec<String> = sanitary::save_difficulty(&s.db, &bad)
        .unwrap_err()
        .fields()
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["subject_pattern", "score"]);
    sanitary::delete_difficulty(&s.db, saved.id.unwrap()).unwrap();

    // Grade 5 may have 7 lessons a day by order of the inspector.
    let limits = sanitary::daily_limits(&s.db).unwrap();
    assert_eq!(limits.len(), 12);
    assert_eq!((limits[0].max_lessons, limits[0].max_with_pe), (4, Some(5)));
    let mut five = limits[4].clone();
    five.max_lessons = 0;
    assert_eq!(
        sanitary::save_daily_limit(&s.db, &five).unwrap_err().code(),
        "invalid"
    );
    five.max_lessons = 7;
    assert_eq!(
        sanitary::save_daily_limit(&s.db, &five)
            .unwrap()
            .max_lessons,
        7
    );
}

// ---------------------------------------------------------------------------------------------
// Substitutions

fn substitution(entry: i64, date: NaiveDate, teacher: Option<i64>) -> SubstitutionInput {
    SubstitutionInput {
        id: None,
        date,
        timetable_entry_id: entry,
        new_staff_member_id: teacher,
        new_room_id: None,
        new_subject_id: None,
        reason: SubstitutionReason::Illness,
        note: String::new(),
    }
}

/// Thursday 01.10.2026 and Thursday 08.10.2026.
fn thursday() -> NaiveDate {
    d(2026, 10, 1)
}

#[test]
fn a_substitution_is_checked_against_that_days_lessons() {
    let s = school();
    let math = ok(&s, s.math_a5, 4, 2, Some(s.r201)).value;
    let russian_b5 = ok(&s, s.russian_b5, 4, 2, Some(s.r202)).value;
    ok(&s, s.math_a1, 4, 2, None);

    // A Wednesday for a Thursday lesson.
    let wrong = substitutions::save(
        &s.db,
        &substitution(math.id, d(2026, 9, 30), Some(s.smirnova)),
    );
    let e = wrong.unwrap_err();
    assert_eq!(e.fields()[0].code, "substitution_wrong_day");
    assert_eq!(
        e.fields()[0].message,
        "30.09.2026 — среда, а этот урок стоит в расписании в другой день. Выберите урок этого дня."
    );
    let outside = substitutions::save(
        &s.db,
        &substitution(math.id, d(2027, 9, 2), Some(s.smirnova)),
    );
    assert_eq!(outside.unwrap_err().fields()[0].code, "outside_year");
    let nothing = substitutions::save(&s.db, &substitution(math.id, thursday(), Some(s.ivanova)));
    assert_eq!(
        nothing.unwrap_err().fields()[0].code,
        "substitution_changes_nothing"
    );
    // Петрова teaches 1 А then.
    let busy = substitutions::save(&s.db, &substitution(math.id, thursday(), Some(s.petrova)));
    let e = busy.unwrap_err();
    assert_eq!(e.fields()[0].code, "substitute_busy");
    assert_eq!(
        e.fields()[0].message,
        "Петрова А. П. в это время (2 урок) ведёт урок в 1 А. Выберите другого учителя."
    );
    // Room 202 holds 5 Б then.
    let mut room = substitution(math.id, thursday(), None);
    room.new_room_id = Some(s.r202);
    assert_eq!(
        substitutions::save(&s.db, &room).unwrap_err().fields()[0].code,
        "substitute_room_busy"
    );

    // Смирнова is free: saved, and listed on the day's sheet.
    let saved = substitutions::save(&s.db, &substitution(math.id, thursday(), Some(s.smirnova)))
        .unwrap()
        .value;
    assert_eq!(saved.new_teacher, "Смирнова А. П.");
    assert_eq!(saved.lesson.id, math.id);
    // Смирнова is now busy at that lesson that day: 5 Б's Russian cannot go to her too.
    let twice = substitutions::save(
        &s.db,
        &substitution(russian_b5.id, thursday(), Some(s.smirnova)),
    );
    assert_eq!(twice.unwrap_err().fields()[0].code, "substitute_busy");
    // Иванова, freed of her lesson, can take 5 Б's Russian.
    let freed = substitutions::save(
        &s.db,
        &substitution(russian_b5.id, thursday(), Some(s.ivanova)),
    );
    assert!(freed.is_ok(), "{freed:?}");
    // The next Thursday Смирнова's substitution does not exist: Иванова is busy with 5 А.
    let next = substitutions::save(
        &s.db,
        &substitution(russian_b5.id, d(2026, 10, 8), Some(s.ivanova)),
    );
    assert_eq!(next.unwrap_err().fields()[0].code, "substitute_busy");

    let sheet = substitutions::on_date(&s.db, thursday()).unwrap();
    assert_eq!(sheet.date_text, "01.10.2026");
    assert_eq!(sheet.day_name, "четверг");
    let classes: Vec<&str> = sheet
        .rows
        .iter()
        .map(|r| r.lesson.classes_label.as_str())
        .collect();
    assert_eq!(classes, ["5 А", "5 Б"]);
    assert!(substitutions::on_date(&s.db, d(2026, 10, 2))
        .unwrap()
        .rows
        .is_empty());

    // Saving the same lesson and date again edits the substitution.
    let mut again = substitution(math.id, thursday(), Some(s.smirnova));
    again.reason = SubstitutionReason::Training;
    again.note = "курсы".into();
    let edited = substitutions::save(&s.db, &again).unwrap().value;
    assert_eq!(edited.id, saved.id);
    assert_eq!(edited.reason, SubstitutionReason::Training);

    let month = substitutions::month_counts(&s.db, 2026, 10).unwrap();
    let row = |id: i64| month.iter().find(|c| c.staff_member_id == id).unwrap();
    assert_eq!((row(s.smirnova).given, row(s.smirnova).missed), (1, 0));
    assert_eq!((row(s.ivanova).given, row(s.ivanova).missed), (1, 1));
    assert_eq!((row(s.sidorova).given, row(s.sidorova).missed), (0, 1));
    assert!(substitutions::month_counts(&s.db, 2026, 11)
        .unwrap()
        .is_empty());
    assert_eq!(
        substitutions::month_counts(&s.db, 2026, 13)
            .unwrap_err()
            .code(),
        "refused"
    );

    substitutions::delete(&s.db, saved.id).unwrap();
    assert_eq!(
        substitutions::delete(&s.db, saved.id).unwrap_err().code(),
        "not_found"
    );
    // A lesson removed takes its substitutions.
    remove(&s.db, russian_b5.id).unwrap();
    assert!(substitutions::on_date(&s.db, thursday())
        .unwrap()
        .rows
        .is_empty());
}

#[test]
fn a_substitute_who_has_left_or_a_lesson_of_the_other_half_year_is_refused() {
    let s = school();
    let pe = ok(&s, s.pe_a5, 1, 3, None).value;
    // Сидорова leaves on 31.12.2026.
    let monday = d(2027, 1, 18);
    let left = substitutions::save(&s.db, &substitution(pe.id, monday, Some(s.sidorova)));
    assert_eq!(left.unwrap_err().fields()[0].code, "lesson_teacher_left");
    let mut first_only = LessonInput::new(s.pe_a5, 1, 4, None);
    first_only.in_second = false;
    let first = place(&s.db, &first_only, on()).unwrap().value;
    let r = substitutions::save(&s.db, &substitution(first.id, monday, Some(s.smirnova)));
    let e = r.unwrap_err();
    assert_eq!(e.fields()[0].code, "lesson_not_in_half");
    assert!(e.fields()[0]
        .message
        .starts_with("Этот урок идёт только в 1-м полугодии"));
    let mut music = substitution(first.id, d(2026, 10, 5), None);
    music.new_subject_id = Some(subject(&s.db, MUSIC));
    let saved = substitutions::save(&s.db, &music).unwrap().value;
    assert_eq!(saved.new_subject, MUSIC);
    assert_eq!(saved.new_teacher, "");
    assert_eq!(saved.lesson.staff_member_id, s.kuznetsova);
}

#[test]
fn a_substitute_is_checked_by_bell_times_across_schedules() {
    let s = school();
    primary_from_08_45(&s);
    // Thursday: 5 А (08:00–08:45, 09:00–09:45…) and 1 А (08:45–09:25, 09:35–10:15…).
    let math_a5 = ok(&s, s.math_a5, 4, 1, Some(s.r201)).value;
    let russian_a5 = ok(&s, s.russian_a5, 4, 2, Some(s.r201)).value;
    let music_a1 = ok(&s, s.music_a1, 4, 1, Some(s.r202)).value;

    // Смирнова's music of 1 А (its lesson 1, 08:45–09:25) overlaps 5 А's lesson 2.
    let busy = substitutions::save(
        &s.db,
        &substitution(russian_a5.id, thursday(), Some(s.smirnova)),
    );
    let e = busy.unwrap_err();
    assert_eq!(e.fields()[0].code, "substitute_busy");
    assert_eq!(
        e.fields()[0].message,
        "Смирнова А. П. в это время (1 урок) ведёт урок в 1 А. Выберите другого учителя."
    );
    // Room 202 holds that music lesson then, under another number too.
    let mut room = substitution(russian_a5.id, thursday(), None);
    room.new_room_id = Some(s.r202);
    let e = substitutions::save(&s.db, &room).unwrap_err();
    assert_eq!(e.fields()[0].code, "substitute_room_busy");
    assert!(
        e.fields()[0].message.contains("1 А"),
        "{}",
        e.fields()[0].message
    );

    // 5 А's lesson 1 ends at 08:45 when 1 А's lesson 1 starts: the same number, no overlap.
    let mut early = substitution(math_a5.id, thursday(), Some(s.smirnova));
    early.new_room_id = Some(s.r202);
    let saved = substitutions::save(&s.db, &early).unwrap().value;
    assert_eq!(
        (saved.new_teacher.as_str(), saved.new_room.as_str()),
        ("Смирнова А. П.", "202")
    );

    // That day's substitutions count with their times: Иванова, taking 1 А's music
    // (08:45–09:25), cannot take 5 А's lesson 2 (09:00–09:45)…
    substitutions::save(
        &s.db,
        &substitution(music_a1.id, thursday(), Some(s.ivanova)),
    )
    .unwrap();
    let e = substitutions::save(
        &s.db,
        &substitution(russian_a5.id, thursday(), Some(s.ivanova)),
    )
    .unwrap_err();
    assert_eq!(e.fields()[0].code, "substitute_busy");
    assert!(e.fields()[0].message.contains("(1 урок) ведёт урок в 1 А"));
    // …while Смирнова, freed of the music, now can.
    let later = substitutions::save(
        &s.db,
        &substitution(russian_a5.id, thursday(), Some(s.smirnova)),
    );
    assert!(later.is_ok(), "{later:?}");
    let sheet = substitutions::on_date(&s.db, thursday()).unwrap();
    assert_eq!(sheet.rows.len(), 3);
}
