use super::*;
use crate::classes::tests::{add, d, today, year_2026};
use crate::db::Db;
use crate::error::{CoreError, Result, Warning};
use crate::people::Sex;
use crate::students::{self, Student, StudyForm};
use crate::subjects;

fn seeded() -> (Db, i64) {
    let db = Db::in_memory().unwrap();
    subjects::seed_federal(&db).unwrap();
    let year = year_2026(&db);
    (db, year)
}

pub(crate) fn subject(db: &Db, name: &str) -> i64 {
    subjects::list(db, true)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .and_then(|s| s.id)
        .unwrap_or_else(|| panic!("no subject «{name}»"))
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

fn course(name: &str, hours: f64) -> CurriculumLine {
    CurriculumLine {
        id: None,
        part: CurriculumPart::Extracurricular,
        subject_id: None,
        course: name.into(),
        hours_first: hours,
        hours_second: hours,
        label: String::new(),
        annual_hours: 0.0,
    }
}

fn template(year: i64, grade: i32, name: &str, lines: Vec<CurriculumLine>) -> Curriculum {
    Curriculum {
        grade,
        name: name.into(),
        lines,
        ..Curriculum::new(year, CurriculumKind::Template)
    }
}

/// A grade-5 template: 27 hours of the obligatory part, 2 of the elective, 1 extracurricular.
fn fifth(db: &Db, year: i64) -> Curriculum {
    use CurriculumPart::*;
    template(
        year,
        5,
        "Базовый",
        vec![
            line(db, Mandatory, "Русский язык", 5.0, 5.0),
            line(db, Mandatory, "Литература", 3.0, 3.0),
            line(db, Mandatory, "Иностранный язык (английский)", 3.0, 3.0),
            line(db, Mandatory, "Математика", 5.0, 5.0),
            line(db, Mandatory, "История", 2.0, 2.0),
            line(db, Mandatory, "География", 1.0, 1.0),
            line(db, Mandatory, "Биология", 1.0, 1.0),
            line(db, Mandatory, "Изобразительное искусство", 1.0, 1.0),
            line(db, Mandatory, "Музыка", 1.0, 1.0),
            line(db, Mandatory, "Труд (технология)", 2.0, 2.0),
            line(db, Mandatory, "Физическая культура", 2.0, 2.0),
            line(
                db,
                Mandatory,
                "Основы духовно-нравственной культуры народов России",
                1.0,
                1.0,
            ),
            line(db, Elective, "Математика", 1.0, 1.0),
            line(db, Elective, "Физическая культура", 1.0, 0.0),
            course("Разговоры о важном", 1.0),
        ],
    )
}

fn errors(res: Result<impl std::fmt::Debug>) -> Vec<(String, String)> {
    match res {
        Err(CoreError::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

fn student(db: &Db, last: &str, class_id: Option<i64>) -> i64 {
    let s = Student {
        sex: Sex::Male,
        birth_date: Some(d(2015, 3, 1)),
        study_form: StudyForm::Home,
        class_id,
        ..crate::students::tests::student(last, "Иван", "Петрович")
    };
    students::save(db, &s, today()).unwrap().value.id.unwrap()
}

#[test]
fn a_template_is_saved_with_totals_and_annual_hours_per_line() {
    let (db, year) = seeded();
    let saved = save(&db, &fifth(&db, year)).unwrap();
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    let c = saved.value;
    assert_eq!(c.title, "Базовый (5 кл.)");
    assert_eq!(c.lines.len(), 15);
    assert_eq!(c.lines[0].label, "Русский язык");
    assert_eq!(c.lines[0].annual_hours, 170.0);
    // 1 hour in the first half (16 weeks), none in the second.
    assert_eq!(c.lines[13].annual_hours, 16.0);
    assert_eq!(c.lines[14].label, "Разговоры о важном");
    let t = &c.totals;
    assert_eq!((t.weekly_first, t.weekly_second), (29.0, 28.0));
    assert_eq!((t.weeks, t.weeks_first), (34, 16));
    assert_eq!(t.annual, 29.0 * 16.0 + 28.0 * 18.0);
    assert_eq!(t.extracurricular_annual, 34.0);
    assert_eq!((t.week_days, t.sanitary_max), (5, Some(29)));
    assert!(!t.above_max());
    assert_eq!(get(&db, c.id.unwrap()).unwrap(), c);
    // Grade 1 has 33 weeks.
    assert_eq!(annual_hours(1, 4.0, 4.0), 132.0);
    assert_eq!(weekly_text(1.0, 0.0), "1/0");
    assert_eq!(weekly_text(0.5, 0.5), "0,5");
}

#[test]
fn the_sanitary_maximum_is_a_warning_per_half_year_on_the_school_week() {
    let (db, year) = seeded();
    let mut c = fifth(&db, year);
    c.lines
        .push(line(&db, CurriculumPart::Elective, "Информатика", 0.0, 2.0));
    let saved = save(&db, &c).unwrap();
    let w: Vec<_> = saved
        .warnings
        .iter()
        .map(|w| (&w.field[..], &w.code[..]))
        .collect();
    assert_eq!(w, [("weekly_second", "above_sanitary_max")]);
    assert!(saved.warnings[0].message.contains("30 ч"));
    assert!(saved.warnings[0]
        .message
        .contains("29 ч для 5 класса при 5-дневной"));
    // On a 6-day week the maximum is 32.
    // (the school card's other fields are not filled in this test file)
    db.conn()
        .execute("UPDATE school SET week_days = 6 WHERE id = 1", [])
        .unwrap();
    let again = save(&db, &saved.value).unwrap();
    assert!(again.warnings.is_empty());
    assert_eq!(again.value.totals.sanitary_max, Some(32));
    // The reference figures are editable.
    let limit = WeeklyLimit {
        grade: 5,
        week_days: 6,
        max_hours: 28,
        source: String::new(),
    };
    assert_eq!(
        save_weekly_limit(&db, &limit).unwrap().source,
        "СанПиН 1.2.3685-21, табл. 6.6"
    );
    assert_eq!(save(&db, &again.value).unwrap().warnings.len(), 2);
    assert_eq!(weekly_limits(&db).unwrap().len(), 24);
    let bad = WeeklyLimit {
        grade: 13,
        week_days: 7,
        max_hours: 0,
        source: String::new(),
    };
    assert_eq!(
        errors(save_weekly_limit(&db, &bad)),
        pairs(&[
            ("grade", "not_in_range"),
            ("week_days", "not_in_range"),
            ("max_hours", "not_in_range")
        ])
    );
}

#[test]
fn every_bad_line_is_reported_at_once() {
    use CurriculumPart::*;
    let (db, year) = seeded();
    let mut no_subject = course("", 1.0);
    no_subject.part = Mandatory;
    let c = template(
        year,
        5,
        "Базовый",
        vec![
            line(&db, Mandatory, "Русский язык", 5.0, 5.0),
            line(&db, Mandatory, "Русский язык", 4.0, 4.0),
            line(&db, Elective, "Русский язык", 1.0, 1.0),
            line(&db, Mandatory, "Математика", -1.0, 0.3),
            line(&db, Mandatory, "История", 11.0, 2.0),
            line(&db, Mandatory, "Музыка", 0.0, 0.0),
            no_subject,
            course("  ", 1.0),
            course("Орлята России", 1.0),
            course("орлята  россии", 1.0),
        ],
    );
    assert_eq!(
        errors(save(&db, &c)),
        pairs(&[
            ("lines.1.subject_id", "duplicate_line"),
            ("lines.3.hours_first", "bad_hours"),
            ("lines.3.hours_second", "bad_hours"),
            ("lines.4.hours_first", "bad_hours"),
            ("lines.5.hours_first", "no_hours"),
            ("lines.6.subject_id", "mandatory_needs_subject"),
            ("lines.7.course", "line_without_name"),
            ("lines.9.subject_id", "duplicate_line"),
        ])
    );
    assert!(all(&db, year).unwrap().is_empty(), "nothing written");
    let mut unknown = fifth(&db, year);
    unknown.lines[0].subject_id = Some(9999);
    assert_eq!(save(&db, &unknown).unwrap_err().code(), "not_found");
}

#[test]
fn course_names_compare_folded_within_a_part() {
    let (db, year) = seeded();
    let c = template(
        year,
        1,
        "Базовый",
        vec![
            line(&db, CurriculumPart::Mandatory, "Математика", 4.0, 4.0),
            course("Орлята России", 1.0),
            course("орлята россии ", 1.0),
        ],
    );
    assert_eq!(
        errors(save(&db, &c)),
        pairs(&[("lines.2.subject_id", "duplicate_line")])
    );
}

#[test]
fn template_rules_grade_name_and_profile() {
    let (db, year) = seeded();
    save(&db, &fifth(&db, year)).unwrap();
    let mut c = fifth(&db, year);
    c.name = " базовый ".into();
    c.profile = Some(Profile::Humanities);
    assert_eq!(
        errors(save(&db, &c)),
        pairs(&[
            ("name", "duplicate_name"),
            ("profile", "profile_only_senior")
        ])
    );
    let mut c = fifth(&db, year);
    c.grade = 13;
    c.name = String::new();
    assert_eq!(
        errors(save(&db, &c)),
        pairs(&[("grade", "not_in_range"), ("name", "required")])
    );
    // Another grade may have its own «Базовый»; a senior grade may have a profile.
    let mut senior = fifth(&db, year);
    senior.grade = 10;
    senior.profile = Some(Profile::Humanities);
    let senior = save(&db, &senior).unwrap().value;
    assert_eq!(senior.profile, Some(Profile::Humanities));
    // A template does not become a class curriculum.
    let mut moved = senior.clone();
    moved.kind = CurriculumKind::Class;
    assert_eq!(
        save(&db, &moved).unwrap_err().fields()[0].code,
        "curriculum_moved"
    );
    assert_eq!(
        save(&db, &template(999, 5, "Х", vec![]))
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn a_template_is_copied_to_a_new_name_or_grade() {
    let (db, year) = seeded();
    let base = save(&db, &fifth(&db, year)).unwrap().value;
    let copy = copy(&db, base.id.unwrap(), "Базовый (вариант 2)", 5)
        .unwrap()
        .value;
    assert_ne!(copy.id, base.id);
    assert!(same_lines(&copy.lines, &base.lines));
    assert!(copy
        .lines
        .iter()
        .all(|l| !base.lines.iter().any(|b| b.id == l.id)));
    let sixth = copy_fn(&db, base.id.unwrap(), "Базовый", 6);
    assert_eq!(sixth.grade, 6);
    assert_eq!(
        errors(super::copy(&db, base.id.unwrap(), "базовый", 5)),
        pairs(&[("name", "duplicate_name")])
    );
    assert_eq!(list(&db, year).unwrap().len(), 3);
}

fn copy_fn(db: &Db, id: i64, name: &str, grade: i32) -> Curriculum {
    super::copy(db, id, name, grade).unwrap().value
}

#[test]
fn assigning_copies_the_lines_and_the_class_is_adjusted_alone() {
    let (db, year) = seeded();
    let base = save(&db, &fifth(&db, year)).unwrap().value;
    let a = add(&db, year, 5, "А");
    let b = add(&db, year, 5, "Б");
    let six = add(&db, year, 6, "А");
    let (a_id, b_id) = (a.id.unwrap(), b.id.unwrap());
    let err = assign(&db, base.id.unwrap(), &[a_id, six.id.unwrap()]).unwrap_err();
    assert_eq!(
        errors(Err::<(), _>(err)),
        pairs(&[("class_ids.1", "template_other_grade")])
    );
    assert!(of_class(&db, a_id).unwrap().is_none(), "nothing assigned");
    let saved = assign(&db, base.id.unwrap(), &[a_id, b_id]).unwrap();
    assert_eq!(saved.value.len(), 2);
    let mut a_plan = of_class(&db, a_id).unwrap().unwrap();
    assert_eq!(a_plan.title, "5 А");
    assert_eq!(a_plan.template_id, base.id);
    assert_eq!(a_plan.template_name, "Базовый");
    assert!(same_lines(&a_plan.lines, &base.lines));
    // Adjust 5 А: the template and 5 Б stay as they were.
    a_plan.lines[0].hours_first = 6.0;
    a_plan.lines[0].hours_second = 6.0;
    let kept_id = a_plan.lines[0].id;
    a_plan.lines.remove(1);
    let a_plan = save(&db, &a_plan).unwrap().value;
    assert_eq!(a_plan.lines[0].id, kept_id, "a kept line keeps its id");
    assert_eq!(get(&db, base.id.unwrap()).unwrap().lines, base.lines);
    assert!(same_lines(
        &of_class(&db, b_id).unwrap().unwrap().lines,
        &base.lines
    ));
    let rows = list(&db, year).unwrap();
    let row = |title: &str| rows.iter().find(|r| r.title == title).unwrap().clone();
    assert!(row("5 А").adjusted && !row("5 Б").adjusted);
    assert_eq!(row("Базовый (5 кл.)").classes, 2);
    // Hours per class and subject are plain rows.
    let hours = class_hours(&db, year).unwrap();
    let russian = subject(&db, "Русский язык");
    let of = |class: i64| {
        hours
            .iter()
            .find(|h| h.class_id == class && h.subject_id == Some(russian))
            .map(|h| h.hours_first)
    };
    assert_eq!((of(a_id), of(b_id)), (Some(6.0), Some(5.0)));
    // Assigning again gives the template's lines back; lines of the same subject keep ids.
    assign(&db, base.id.unwrap(), &[a_id]).unwrap();
    let again = of_class(&db, a_id).unwrap().unwrap();
    assert!(same_lines(&again.lines, &base.lines));
    assert_eq!(again.lines[0].id, kept_id);
    // A second curriculum for the class is refused; deleting the template keeps the copies.
    let mut second = Curriculum::new(year, CurriculumKind::Class);
    second.class_id = Some(a_id);
    assert_eq!(
        errors(save(&db, &second)),
        pairs(&[("class_id", "curriculum_exists")])
    );
    delete(&db, base.id.unwrap()).unwrap();
    let orphan = of_class(&db, b_id).unwrap().unwrap();
    assert_eq!(
        (orphan.template_id, orphan.lines.len()),
        (None, base.lines.len())
    );
    assert_eq!(
        delete(&db, base.id.unwrap()).unwrap_err().code(),
        "not_found"
    );
    // Only a template is assigned.
    assert_eq!(
        assign(&db, orphan.id.unwrap(), &[a_id])
            .unwrap_err()
            .fields()[0]
            .code,
        "not_a_template"
    );
}

#[test]
fn a_profile_template_of_another_profile_is_a_warning() {
    let (db, year) = seeded();
    let mut c = fifth(&db, year);
    c.grade = 10;
    c.name = "Гуманитарный".into();
    c.profile = Some(Profile::Humanities);
    let t = save(&db, &c).unwrap().value;
    let class = crate::classes::save(
        &db,
        &crate::classes::Class {
            profile: Some(Profile::NaturalScience),
            ..crate::classes::tests::class(year, 10, "А")
        },
        today(),
    )
    .unwrap()
    .value;
    let saved = assign(&db, t.id.unwrap(), &[class.id.unwrap()]).unwrap();
    assert_eq!(saved.warnings[0].code, "profile_mismatch");
    assert_eq!(saved.value[0].profile, Some(Profile::Humanities));
}

#[test]
fn an_individual_curriculum_replaces_the_class_one_for_its_student() {
    let (db, year) = seeded();
    let base = save(&db, &fifth(&db, year)).unwrap().value;
    let a = add(&db, year, 5, "А").id.unwrap();
    assign(&db, base.id.unwrap(), &[a]).unwrap();
    let home = template(
        year,
        5,
        "Надомное обучение",
        vec![
            line(&db, CurriculumPart::Mandatory, "Русский язык", 2.5, 2.5),
            line(&db, CurriculumPart::Mandatory, "Математика", 2.5, 2.5),
        ],
    );
    let home = save(&db, &home).unwrap().value;
    let pupil = student(&db, "Носов", Some(a));
    let other = student(&db, "Жуков", Some(a));
    let nowhere = student(&db, "Котов", None);
    assert_eq!(
        for_student(&db, year, pupil).unwrap().unwrap().kind,
        CurriculumKind::Class
    );
    let own = start_individual(&db, year, pupil, home.id).unwrap().value;
    assert_eq!(own.title, "ИУП: Носов И. П. (5 А)");
    assert_eq!((own.grade, own.class_id), (5, Some(a)));
    assert_eq!(own.totals.weekly_first, 5.0);
    assert_eq!(for_student(&db, year, pupil).unwrap().unwrap().id, own.id);
    assert_eq!(
        for_student(&db, year, other).unwrap().unwrap().kind,
        CurriculumKind::Class
    );
    // From the class's curriculum when no template is given.
    let from_class = start_individual(&db, year, other, None).unwrap().value;
    assert!(same_lines(&from_class.lines, &base.lines));
    assert_eq!(from_class.template_id, base.id);
    // One per student and year; only for a student of a class of that year.
    assert_eq!(
        errors(start_individual(&db, year, pupil, None)),
        pairs(&[("student_id", "curriculum_exists")])
    );
    assert_eq!(
        errors(start_individual(&db, year, nowhere, None)),
        pairs(&[("student_id", "student_not_in_year")])
    );
    // A template of another grade is refused.
    let mut sixth = fifth(&db, year);
    sixth.grade = 6;
    let sixth = save(&db, &sixth).unwrap().value;
    let mut own2 = own.clone();
    own2.template_id = sixth.id;
    assert_eq!(
        errors(save(&db, &own2)),
        pairs(&[("template_id", "template_other_grade")])
    );
    // Out of the class, the individual curriculum goes with the place.
    students::unplace(&db, pupil, year).unwrap();
    assert!(of_student(&db, year, pupil).unwrap().is_none());
    delete(&db, from_class.id.unwrap()).unwrap();
    assert_eq!(
        for_student(&db, year, other).unwrap().unwrap().kind,
        CurriculumKind::Class
    );
}

#[test]
fn a_subject_in_a_curriculum_is_not_deleted_and_a_class_takes_its_curriculum_along() {
    let (db, year) = seeded();
    let base = save(&db, &fifth(&db, year)).unwrap().value;
    let music = subject(&db, "Музыка");
    assert_eq!(
        subjects::delete(&db, music).unwrap_err().fields()[0].code,
        "subject_in_use"
    );
    let a = add(&db, year, 5, "А").id.unwrap();
    assign(&db, base.id.unwrap(), &[a]).unwrap();
    crate::classes::delete(&db, a).unwrap();
    assert_eq!(list(&db, year).unwrap().len(), 1);
}

#[test]
fn levels_are_read_as_typed() {
    assert_eq!(Level::parse("5-9"), Some(Level::Basic));
    assert_eq!(Level::parse("1–4"), Some(Level::Primary));
    assert_eq!(Level::parse(" 10-11 "), Some(Level::Secondary));
    assert_eq!(Level::parse("secondary"), Some(Level::Secondary));
    assert_eq!(Level::parse("5-11"), None);
    assert_eq!(Level::Secondary.grades(), (10, 12));
    for k in CurriculumPart::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.code());
    }
}

#[test]
fn the_demo_has_a_curriculum_for_every_class_within_the_sanitary_maximum() {
    let db = Db::in_memory().unwrap();
    crate::demo::create(&db).unwrap();
    let year = crate::year::current(&db).unwrap().unwrap().id.unwrap();
    let rows = list(&db, year).unwrap();
    let classes = crate::classes::list(&db, year, d(2026, 9, 1)).unwrap();
    for c in &classes {
        let plan = of_class(&db, c.class.id.unwrap()).unwrap();
        let plan = plan.unwrap_or_else(|| panic!("{} has no curriculum", c.label));
        assert!(!plan.totals.above_max(), "{}: {:?}", c.label, plan.totals);
        assert!(plan.totals.weekly_first >= 20.0, "{}", c.label);
        assert!(plan.template_id.is_some(), "{}", c.label);
    }
    let templates: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == CurriculumKind::Template)
        .map(|r| r.title.as_str())
        .collect();
    for t in [
        "Базовый (1 кл.)",
        "Базовый (9 кл.)",
        "Универсальный (10 кл.)",
        "Естественно-научный (10 кл.)",
    ] {
        assert!(templates.contains(&t), "{t} in {templates:?}");
    }
    assert!(templates.iter().any(|t| t.starts_with("Надомное обучение")));
    let adjusted: Vec<_> = rows
        .iter()
        .filter(|r| r.adjusted)
        .map(|r| &r.title)
        .collect();
    assert_eq!(adjusted, ["8 А"]);
    let own: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == CurriculumKind::Individual)
        .collect();
    assert_eq!(own.len(), 1);
    assert!(own[0].totals.weekly_first < 20.0);
    // Grade 9 shows a line that differs between the half-years.
    let nine = rows.iter().find(|r| r.title == "9 А").unwrap();
    let nine = get(&db, nine.id).unwrap();
    assert!(nine.lines.iter().any(|l| l.hours_first != l.hours_second));
    // Grade 1 has ОРКСЭ only in grade 4, a foreign language from grade 2.
    let first = rows.iter().find(|r| r.title == "1 А").unwrap();
    let first = get(&db, first.id).unwrap();
    assert!(first
        .lines
        .iter()
        .all(|l| !l.label.starts_with("Иностранный")));
    assert_eq!(first.totals.weeks, 33);
}

#[test]
fn a_failed_write_leaves_the_curriculum_as_it_was() {
    let (db, year) = seeded();
    let before = save(&db, &fifth(&db, year)).unwrap().value;
    db.conn()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON curriculum_line
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let mut changed = before.clone();
    changed.name = "Изменённый".into();
    changed.lines.remove(0);
    changed
        .lines
        .push(line(&db, CurriculumPart::Elective, "Информатика", 1.0, 1.0));
    assert_eq!(save(&db, &changed).unwrap_err().code(), "db");
    assert_eq!(get(&db, before.id.unwrap()).unwrap(), before);
    // check() judges without writing, and templates() filters by grade.
    assert!(check(&db, &changed).unwrap().is_empty());
    assert_eq!(templates(&db, year, Some(5)).unwrap().len(), 1);
    assert!(templates(&db, year, Some(6)).unwrap().is_empty());
    assert_eq!(templates(&db, year, None).unwrap()[0].id, before.id);
}

#[test]
fn a_line_id_of_another_curriculum_is_not_taken_over() {
    let (db, year) = seeded();
    let first = save(&db, &fifth(&db, year)).unwrap().value;
    let mut other = fifth(&db, year);
    other.name = "Второй".into();
    other.lines[0].id = first.lines[0].id;
    assert_eq!(save(&db, &other).unwrap_err().code(), "not_found");
    assert_eq!(get(&db, first.id.unwrap()).unwrap(), first);
}

#[test]
fn assigning_a_template_above_the_maximum_warns_too() {
    let (db, year) = seeded();
    let mut c = fifth(&db, year);
    c.lines
        .push(line(&db, CurriculumPart::Elective, "Информатика", 1.0, 1.0));
    let t = save(&db, &c).unwrap();
    let codes = |w: &[Warning]| w.iter().map(|w| w.code.clone()).collect::<Vec<_>>();
    // 30 hours in the first half-year, 29 (the maximum) in the second.
    assert_eq!(codes(&t.warnings), ["above_sanitary_max"]);
    assert_eq!(t.warnings[0].field, "weekly_first");
    let a = add(&db, year, 5, "А").id.unwrap();
    let saved = assign(&db, t.value.id.unwrap(), &[a]).unwrap();
    assert_eq!(codes(&saved.warnings), ["above_sanitary_max"]);
    assert!(saved.value[0].totals.above_max());
}

#[test]
fn a_preview_computes_what_saving_would_without_checking_or_writing() {
    let (db, year) = seeded();
    let mut c = fifth(&db, year);
    // A line still being filled in (no subject, no hours) does not stop the totals.
    c.lines.push(CurriculumLine {
        subject_id: None,
        ..line(&db, CurriculumPart::Elective, "Информатика", 0.0, 0.0)
    });
    c.lines
        .push(line(&db, CurriculumPart::Elective, "Информатика", 2.0, 2.0));
    let p = preview(&db, &c).unwrap();
    let v = &p.value;
    assert_eq!(v.lines[0].label, "Русский язык");
    assert_eq!(v.lines[0].annual_hours, 170.0);
    assert_eq!(v.lines[14].label, "Разговоры о важном");
    assert_eq!(v.lines[15].label, "");
    assert_eq!(v.lines[16].annual_hours, 68.0);
    assert_eq!(
        (v.totals.weekly_first, v.totals.weekly_second),
        (31.0, 30.0)
    );
    assert_eq!(v.totals.sanitary_max, Some(29));
    let fields: Vec<_> = p.warnings.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(fields, ["weekly_first", "weekly_second"]);
    // Nothing was written, and saving the same refuses the half-filled line.
    assert!(list(&db, year).unwrap().is_empty());
    assert!(save(&db, &c).is_err());
}
