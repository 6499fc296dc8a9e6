use super::exchange;
use super::*;
use crate::exchange::{OutRow, Value};
use calendar::{lesson_dates, weekly_lessons};
use std::sync::{LazyLock, Mutex};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The demo school without its plans, made once and copied for each test (making it takes
/// seconds).
static DEMO: LazyLock<Mutex<Vec<u8>>> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.zavuch");
    let db = Db::open(&path).unwrap();
    crate::demo::create(&db).unwrap();
    // The tests plan from a clean sheet: without the demo's plans and textbooks.
    db.write(|conn| Ok(conn.execute_batch("DELETE FROM thematic_plan; DELETE FROM textbook;")?))
        .unwrap();
    drop(db);
    Mutex::new(std::fs::read(&path).unwrap())
});

/// A demo school in a file of its own (imports back up the file).
fn demo() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.zavuch");
    std::fs::write(&path, &*DEMO.lock().unwrap()).unwrap();
    let db = Db::open(&path).unwrap();
    (dir, db)
}

fn topic(name: &str, hours: f64) -> Topic {
    Topic {
        id: None,
        number: 0,
        topic: name.to_string(),
        hours,
        kind: TopicKind::Lesson,
        planned_date: None,
    }
}

fn section(name: &str, topics: Vec<Topic>) -> Section {
    Section {
        id: None,
        number: 0,
        name: name.to_string(),
        topics,
    }
}

/// A plan of `count` one-hour topics in two sections, the last a test.
fn plan_of(key: PlanKey, count: usize) -> ThematicPlan {
    let half = count / 2;
    let mut p = ThematicPlan::new(key);
    let topics = |from: usize, to: usize| {
        (from..to)
            .map(|i| topic(&format!("Тема {}", i + 1), 1.0))
            .collect()
    };
    p.sections = vec![
        section("Натуральные числа", topics(0, half)),
        section("Дроби", topics(half, count)),
    ];
    if let Some(t) = p.sections[1].topics.last_mut() {
        t.kind = TopicKind::Test;
    }
    p
}

fn math_5a(db: &Db) -> PlanKey {
    key_by_names(db, "5 а", "математика").unwrap()
}

fn codes(fields: &[FieldError]) -> Vec<&str> {
    fields.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn a_saved_plan_is_numbered_through_and_compared_with_the_curriculum() {
    let (_dir, db) = demo();
    let key = math_5a(&db);
    let saved = save(&db, &plan_of(key, 10)).unwrap();
    let p = &saved.value;
    assert_eq!(p.title(), "5 А, Математика");
    assert_eq!(
        p.sections.iter().map(|s| s.number).collect::<Vec<_>>(),
        [1, 2]
    );
    let numbers: Vec<i64> = p.topics().map(|t| t.number).collect();
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    assert_eq!(p.topics().last().unwrap().kind, TopicKind::Test);
    // 6 hours a week over 34 weeks in the demo's curriculum.
    let curriculum = curriculum_hours(db.conn(), key.class_id, key.subject_id)
        .unwrap()
        .unwrap();
    assert_eq!(p.totals.planned, 10.0);
    assert_eq!(p.totals.curriculum, Some(curriculum));
    assert_eq!(p.totals.difference, Some(10.0 - curriculum));
    assert_eq!(codes(&saved.warnings), ["plan_hours_differ"]);
    assert!(saved.warnings[0]
        .message
        .contains(&format!("разница −{}", hours_text(curriculum - 10.0))));
    assert!(!p.teacher.is_empty(), "the demo load names the teacher");

    // Edited and saved again: the same plan, no warning once the hours match.
    let full = plan_of(key, curriculum as usize);
    let again = save(&db, &ThematicPlan { id: p.id, ..full }).unwrap();
    assert_eq!(again.value.id, p.id);
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    assert_eq!(again.value.topics().count(), curriculum as usize);
    assert_eq!(find(&db, &key).unwrap().unwrap().id, p.id);

    delete(&db, p.id.unwrap()).unwrap();
    assert!(find(&db, &key).unwrap().is_none());
    assert_eq!(delete(&db, p.id.unwrap()).unwrap_err().code(), "not_found");
}

#[test]
fn bad_topics_and_a_second_plan_are_refused_and_nothing_is_written() {
    let (_dir, db) = demo();
    let key = math_5a(&db);
    let mut p = plan_of(key, 4);
    p.sections[0].name = "  ".into();
    p.sections[0].topics[0].topic = "".into();
    p.sections[0].topics[1].hours = 0.0;
    p.sections[1].topics[0].planned_date = Some(d(2026, 10, 27));
    p.sections[1].topics[1].planned_date = Some(d(2027, 9, 2));
    let err = save(&db, &p).unwrap_err();
    let fields = err.fields();
    let got: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("sections.0.name", "required"),
            ("sections.0.topics.0.topic", "required"),
            ("sections.0.topics.1.hours", "not_a_positive_number"),
            ("sections.1.topics.0.planned_date", "date_on_holiday"),
            ("sections.1.topics.1.planned_date", "date_outside_year"),
        ]
    );
    assert_eq!(
        fields[3].message,
        "27.10.2026 — каникулы («Осенние каникулы»), уроков нет. Укажите учебный день."
    );
    assert!(find(&db, &key).unwrap().is_none());

    save(&db, &plan_of(key, 4)).unwrap();
    let err = save(&db, &plan_of(key, 4)).unwrap_err();
    assert_eq!(codes(&err.fields()), ["thematic_plan_exists"]);
    assert!(err.payload().message.contains("5 А, Математика"));

    let unknown = key_by_names(&db, "5 Я", "Математика").unwrap_err();
    assert_eq!(codes(&unknown.fields()), ["unknown_class"]);
    let unknown = key_by_names(&db, "5 А", "Алхимия").unwrap_err();
    assert_eq!(codes(&unknown.fields()), ["unknown_subject_name"]);
}

#[test]
fn dates_follow_the_timetable_skip_holidays_and_run_out_with_a_warning() {
    let (_dir, db) = demo();
    let key = math_5a(&db);
    let class = classes::get(&db, key.class_id).unwrap();
    let calendar = Calendar::of_class(&db, &class).unwrap();
    let weekly = weekly_lessons(db.conn(), &key).unwrap();
    let weekdays: std::collections::HashSet<u32> = weekly.iter().map(|l| l.0).collect();

    let mut p = plan_of(key, 400);
    p.sections[0].topics[1].hours = 2.0;
    let id = save(&db, &p).unwrap().value.id.unwrap();
    let saved = distribute_dates(&db, id).unwrap();
    let dates: Vec<Option<NaiveDate>> = saved.value.topics().map(|t| t.planned_date).collect();
    let dated: Vec<NaiveDate> = dates.iter().flatten().copied().collect();
    // The first lesson of the year is the topic's date; the two-hour topic takes two lessons.
    let lessons = lesson_dates(&calendar, &weekly);
    assert_eq!(dated[0], lessons[0]);
    assert!(
        (d(2026, 9, 1)..d(2026, 9, 8)).contains(&lessons[0]),
        "in the first week"
    );
    assert_eq!(dated[1], lessons[1]);
    assert_eq!(dated[2], lessons[3]);
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "in order");
    for day in &dated {
        assert!(calendar.check(*day).is_ok(), "{day} is a study day");
        assert!(
            weekdays.contains(&day.weekday().number_from_monday()),
            "{day} has the lesson"
        );
    }
    assert!(!dated
        .iter()
        .any(|day| (d(2026, 10, 25)..=d(2026, 11, 4)).contains(day)));
    // 6 lessons a week for about 34 weeks: the rest of the 400 topics get no date.
    assert_eq!(dated.len(), lessons.len() - 1);
    assert!((190..=210).contains(&lessons.len()), "{}", lessons.len());
    assert!(dates[dated.len()..].iter().all(Option::is_none));
    assert_eq!(codes(&saved.warnings)[0], "lesson_dates_short");

    // The user moves a date: checked against the calendar.
    let moved = set_date(&db, id, 3, Some(d(2026, 9, 10))).unwrap();
    assert_eq!(
        moved.value.topics().nth(2).unwrap().planned_date,
        Some(d(2026, 9, 10))
    );
    let err = set_date(&db, id, 3, Some(d(2027, 1, 2))).unwrap_err();
    assert_eq!(codes(&err.fields()), ["date_on_holiday"]);
    assert_eq!(
        set_date(&db, id, 999, None).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn dates_without_timetable_lessons_are_refused_with_a_clear_error() {
    let (_dir, db) = demo();
    let key = math_5a(&db);
    db.write(|conn| {
        conn.execute("DELETE FROM timetable_entry", [])?;
        Ok(())
    })
    .unwrap();
    let id = save(&db, &plan_of(key, 4)).unwrap().value.id.unwrap();
    let err = distribute_dates(&db, id).unwrap_err();
    assert_eq!(codes(&err.fields()), ["no_lessons_in_timetable"]);
    assert!(
        err.payload().message.contains("5 А, Математика"),
        "{}",
        err.payload().message
    );
    assert!(get(&db, id)
        .unwrap()
        .topics()
        .all(|t| t.planned_date.is_none()));
}

#[test]
fn the_overview_lists_every_class_subject_missing_differing_or_in_order() {
    let (_dir, db) = demo();
    let year_id = year::current(&db).unwrap().unwrap().id.unwrap();
    let before = overview(&db, year_id).unwrap();
    assert!(before
        .iter()
        .all(|r| r.status == PlanStatus::Missing && r.plan_id.is_none()));
    let lines = crate::curriculum::class_hours(&db, year_id).unwrap();
    let subjects: std::collections::HashSet<(i64, i64)> = lines
        .iter()
        .filter_map(|l| l.subject_id.map(|s| (l.class_id, s)))
        .collect();
    assert_eq!(before.len(), subjects.len());

    let key = math_5a(&db);
    let hours = curriculum_hours(db.conn(), key.class_id, key.subject_id)
        .unwrap()
        .unwrap();
    save(&db, &plan_of(key, hours as usize)).unwrap();
    let russian = key_by_names(&db, "5 А", "Русский язык").unwrap();
    save(&db, &plan_of(russian, 3)).unwrap();
    let after = overview(&db, year_id).unwrap();
    let row = |k: PlanKey| {
        after
            .iter()
            .find(|r| r.class_id == k.class_id && r.subject_id == k.subject_id)
            .unwrap()
    };
    assert_eq!(row(key).status, PlanStatus::Ok);
    assert_eq!(row(key).plan_hours, Some(hours));
    assert_eq!(row(russian).status, PlanStatus::HoursDiffer);
    assert_eq!(row(russian).plan_hours, Some(3.0));
    assert_eq!(
        after
            .iter()
            .filter(|r| r.status == PlanStatus::Missing)
            .count(),
        before.len() - 2
    );
}

#[test]
fn a_plan_copies_to_a_class_of_the_grade_without_dates_and_not_to_another_grade() {
    let (_dir, db) = demo();
    let key = math_5a(&db);
    let hours = curriculum_hours(db.conn(), key.class_id, key.subject_id)
        .unwrap()
        .unwrap();
    let id = save(&db, &plan_of(key, hours as usize))
        .unwrap()
        .value
        .id
        .unwrap();
    distribute_dates(&db, id).unwrap();
    let b = key_by_names(&db, "5 Б", "Математика").unwrap();
    let copy = copy_to_class(&db, id, b.class_id, false).unwrap();
    assert_eq!(copy.value.title(), "5 Б, Математика");
    assert_eq!(copy.value.topics().count(), hours as usize);
    assert!(copy.value.topics().all(|t| t.planned_date.is_none()));
    assert_eq!(
        copy.value
            .sections
            .iter()
            .map(|s| &s.name)
            .collect::<Vec<_>>(),
        get(&db, id)
            .unwrap()
            .sections
            .iter()
            .map(|s| &s.name)
            .collect::<Vec<_>>()
    );
    // Again: the class has its plan now.
    assert_eq!(
        codes(
            &copy_to_class(&db, id, b.class_id, false)
                .unwrap_err()
                .fields()
        ),
        ["thematic_plan_exists"]
    );

    let six = key_by_names(&db, "6 А", "Математика").unwrap();
    let err = copy_to_class(&db, id, six.class_id, true).unwrap_err();
    assert_eq!(codes(&err.fields()), ["copy_other_grade"]);

    // Hours that differ from the target's curriculum: refused, then copied when asked.
    let short = key_by_names(&db, "5 А", "Русский язык").unwrap();
    let short_id = save(&db, &plan_of(short, 5)).unwrap().value.id.unwrap();
    let v = key_by_names(&db, "5 В", "Русский язык").unwrap();
    let err = copy_to_class(&db, short_id, v.class_id, false).unwrap_err();
    assert_eq!(codes(&err.fields()), ["plan_hours_differ"]);
    assert!(find(&db, &v).unwrap().is_none());
    let forced = copy_to_class(&db, short_id, v.class_id, true).unwrap();
    assert_eq!(codes(&forced.warnings), ["plan_hours_differ"]);
}

#[test]
fn last_years_plan_copies_into_this_year_when_the_hours_match_or_when_asked() {
    let (_dir, db) = demo();
    let key = math_5a(&db);
    let err = copy_from_last_year(&db, key, true).unwrap_err();
    assert_eq!(codes(&err.fields()), ["no_last_year_plan"]);

    let last = year::create_with_usual_schemes(
        &db,
        &AcademicYear {
            id: None,
            name: "2025-2026".into(),
            starts_on: Some(d(2025, 9, 1)),
            ends_on: Some(d(2026, 8, 31)),
            is_current: false,
        },
    )
    .unwrap();
    let last_id = last.year.id.unwrap();
    let mut old_class = classes::get(&db, key.class_id).unwrap();
    old_class.id = None;
    old_class.academic_year_id = last_id;
    old_class.class_teacher_id = None;
    old_class.room_id = None;
    old_class.bell_schedule_id = None;
    old_class.term_scheme_id = None;
    let old_class_id = classes::save(&db, &old_class, d(2025, 9, 1))
        .unwrap()
        .value
        .id
        .unwrap();
    let old_key = PlanKey {
        class_id: old_class_id,
        ..key
    };
    save(&db, &plan_of(old_key, 30)).unwrap();

    let err = copy_from_last_year(&db, key, false).unwrap_err();
    assert_eq!(codes(&err.fields()), ["plan_hours_differ"]);
    assert!(find(&db, &key).unwrap().is_none());
    let copied = copy_from_last_year(&db, key, true).unwrap();
    assert_eq!(copied.value.topics().count(), 30);
    assert_eq!(copied.value.class_label, "5 А");
    assert_eq!(codes(&copied.warnings), ["plan_hours_differ"]);
}

#[test]
fn a_subgroup_has_its_own_plan_dated_by_its_own_lessons() {
    let (_dir, db) = demo();
    let whole = key_by_names(&db, "5 А", "Иностранный язык (английский)").unwrap();
    let names: Vec<String> = subgroups(db.conn(), whole.class_id, whole.subject_id)
        .unwrap()
        .into_iter()
        .map(|g| g.1)
        .collect();
    assert_eq!(names.len(), 2, "the demo splits English in two");
    let first = with_subgroup(&db, whole, &names[0].to_uppercase()).unwrap();
    let second = with_subgroup(&db, whole, &names[1]).unwrap();
    assert_ne!(first.subgroup_id, second.subgroup_id);
    let a = save(&db, &plan_of(first, 6)).unwrap().value;
    assert_eq!(a.subgroup_name, names[0]);
    assert_eq!(
        a.title(),
        format!("5 А, Иностранный язык (английский), {}", names[0])
    );
    save(&db, &plan_of(second, 6)).unwrap();
    let dated = distribute_dates(&db, a.id.unwrap()).unwrap().value;
    let weekdays: Vec<u32> = weekly_lessons(db.conn(), &first)
        .unwrap()
        .iter()
        .map(|l| l.0)
        .collect();
    assert!(dated.topics().all(|t| t
        .planned_date
        .is_some_and(|d| weekdays.contains(&d.weekday().number_from_monday()))));
    // The whole class has no lessons of a subject taught in subgroups.
    let w = save(&db, &plan_of(whole, 2)).unwrap().value;
    let err = distribute_dates(&db, w.id.unwrap()).unwrap_err();
    assert_eq!(codes(&err.fields()), ["no_lessons_in_timetable"]);
    // The overview has a row per plan of the subject.
    let year_id = classes::get(&db, whole.class_id).unwrap().academic_year_id;
    let rows: Vec<String> = overview(&db, year_id)
        .unwrap()
        .into_iter()
        .filter(|r| r.class_id == whole.class_id && r.subject_id == whole.subject_id)
        .map(|r| r.subgroup_name)
        .collect();
    assert_eq!(rows, ["".to_string(), names[0].clone(), names[1].clone()]);

    let err = with_subgroup(&db, whole, "7 группа").unwrap_err();
    assert_eq!(codes(&err.fields()), ["unknown_subgroup"]);
    assert!(
        err.payload().message.contains(&format!("«{}»", names[0])),
        "{}",
        err.payload().message
    );
    // A subgroup of another subject is not the class's subgroup in mathematics.
    let math = PlanKey {
        subgroup_id: first.subgroup_id,
        ..math_5a(&db)
    };
    let err = save(&db, &plan_of(math, 2)).unwrap_err();
    assert_eq!(codes(&err.fields()), ["unknown_subgroup"]);
    assert!(err
        .payload()
        .message
        .contains("нет, предмет изучается всем классом"));
}

#[test]
fn textbooks_are_kept_per_subject_and_grade() {
    let (_dir, db) = demo();
    let key = math_5a(&db);
    let year_id = classes::get(&db, key.class_id).unwrap().academic_year_id;
    let titles = vec![
        " Виленкин Н. Я. Математика. 5 класс ".to_string(),
        String::new(),
        "Рабочая тетрадь".to_string(),
    ];
    let kept = set_textbooks(&db, year_id, key.subject_id, 5, &titles).unwrap();
    assert_eq!(
        kept,
        ["Виленкин Н. Я. Математика. 5 класс", "Рабочая тетрадь"]
    );
    let p = save(&db, &plan_of(key, 2)).unwrap().value;
    assert_eq!(p.textbooks, kept);
    assert!(textbooks(&db, year_id, key.subject_id, 6)
        .unwrap()
        .is_empty());
}

// ---------------------------------------------------------------------------------------------
// The spreadsheet

fn row(
    section: &str,
    number: i64,
    topic: &str,
    hours: Value,
    date: Option<NaiveDate>,
    kind: &str,
) -> OutRow<'static> {
    let mut r = OutRow::new();
    r.insert("section", Value::text(section));
    r.insert("number", Value::Integer(number));
    r.insert("topic", Value::text(topic));
    r.insert("hours", hours);
    r.insert("date", date.into());
    r.insert("kind", Value::text(kind));
    r
}

fn write_file(dir: &tempfile::TempDir, rows: &[OutRow]) -> std::path::PathBuf {
    let path = dir.path().join("plan.xlsx");
    exchange::format().save_xlsx(&path, None, rows).unwrap();
    path
}

#[test]
fn an_exported_plan_imports_back_unchanged_and_edits_are_counted() {
    let (dir, db) = demo();
    let key = math_5a(&db);
    let id = save(&db, &plan_of(key, 12)).unwrap().value.id.unwrap();
    distribute_dates(&db, id).unwrap();
    let before = get(&db, id).unwrap();
    let file = dir.path().join("export.xlsx");
    assert_eq!(exchange::export(&db, id, &file).unwrap(), 12);

    let p = exchange::import(&db, &file, key, false).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!((p.added, p.updated, p.unchanged), (0, 0, 12));
    assert_eq!(get(&db, id).unwrap(), before);
    // Nothing changed, so nothing was written and no backup was made.
    let school = db.path().expect("a school file");
    assert!(crate::backup::before_imports(school).is_empty());

    // The same file into another class of the grade: every topic added.
    let b = key_by_names(&db, "5 Б", "Математика").unwrap();
    let p = exchange::preview(&db, &file, b).unwrap();
    assert_eq!((p.added, p.updated, p.unchanged), (12, 0, 0));
    assert!(find(&db, &b).unwrap().is_none(), "a preview writes nothing");
    exchange::import(&db, &file, b, false).unwrap();
    assert_eq!(find(&db, &b).unwrap().unwrap().topics().count(), 12);

    // A topic renamed and the last two dropped: one updated, the dropped ones warned about.
    let rows = vec![
        row(
            "Натуральные числа",
            1,
            "Тема 1",
            Value::Number(1.0),
            before.topics().next().unwrap().planned_date,
            "урок",
        ),
        row(
            "",
            2,
            "Сложение",
            Value::Number(1.0),
            before.topics().nth(1).unwrap().planned_date,
            "урок",
        ),
    ];
    let edited = write_file(&dir, &rows);
    let p = exchange::import(&db, &edited, key, false).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!((p.added, p.updated, p.unchanged), (0, 1, 1));
    assert_eq!(p.warnings[0].code, "thematic_topics_removed");
    assert!(
        p.warnings[0].message.starts_with("Уроков № 3, 4, 5"),
        "{}",
        p.warnings[0].message
    );
    let after = get(&db, id).unwrap();
    assert_eq!(
        after.topics().map(|t| t.topic.as_str()).collect::<Vec<_>>(),
        ["Тема 1", "Сложение"]
    );
}

#[test]
fn import_reports_each_bad_row_and_writes_nothing() {
    let (dir, db) = demo();
    let key = math_5a(&db);
    let rows = vec![
        row("", 1, "Без раздела", Value::Number(1.0), None, ""),
        row("Глава 1", 2, "", Value::Number(1.0), None, ""),
        row("", 3, "Ноль часов", Value::Number(0.0), None, ""),
        row("", 4, "Буквы", Value::text("два"), None, ""),
        row(
            "",
            5,
            "Каникулы",
            Value::Number(1.0),
            Some(d(2026, 11, 2)),
            "урок",
        ),
        row(
            "",
            6,
            "Прошлый год",
            Value::Number(1.0),
            Some(d(2026, 5, 20)),
            "",
        ),
        row("Глава 2", 8, "Пропуск номера", Value::Number(1.0), None, ""),
        row(
            "",
            9,
            "Верная",
            Value::Number(2.0),
            Some(d(2026, 9, 3)),
            "контрольная работа",
        ),
        row("", 10, "Вид неизвестен", Value::Number(1.0), None, "пляски"),
    ];
    let file = write_file(&dir, &rows);
    let p = exchange::import(&db, &file, key, false).unwrap();
    let got: Vec<(u32, &str, &str)> = p
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        got,
        [
            (2, "Раздел", "no_section_name"),
            (3, "Тема урока", "empty_cell"),
            (4, "Количество часов", "not_a_positive_number"),
            (5, "Количество часов", "not_a_positive_number"),
            (6, "Дата", "date_on_holiday"),
            (7, "Дата", "date_outside_year"),
            (8, "№ урока", "thematic_number_gap"),
            (10, "Вид работы", "not_in_list"),
        ]
    );
    assert_eq!(
        p.errors[6].message,
        "Здесь должен быть урок № 7: уроки нумеруются подряд, без пропусков и повторов."
    );
    assert_eq!(p.added, 1, "only the valid row counts");
    assert!(
        find(&db, &key).unwrap().is_none(),
        "errors block the import"
    );

    // The empty template has the header only and reads as a plan of no topics.
    let template = dir.path().join("template.xlsx");
    exchange::template(&template).unwrap();
    let p = exchange::preview(&db, &template, key).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!((p.added, p.updated, p.unchanged), (0, 0, 0));
}
