use super::check::teacher_problems;
use super::read::Teacher;
use super::*;
use crate::classes::tests::{add as add_class, d, today, year_2026};
use crate::curriculum::{self, ClassHours, Curriculum, CurriculumKind, CurriculumLine};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::people::{Order, Sex};
use crate::staff::{self, Appointment, QualificationCategory, StaffMember};
use crate::subgroups::{self, Fill, NewSplit};
use crate::subjects;
use chrono::NaiveDate;

const ENGLISH: &str = "Иностранный язык (английский)";
const MATH: &str = "Математика";

/// A school of year 2026-2027 with 5 А, 5 Б (one curriculum: mathematics 5 + 1 elective,
/// English 3, PE 2/3 by half-year, a course «Разговоры о важном»), 6 А without a curriculum,
/// English split for 5 А and 5 Б together, and four staff members.
struct School {
    db: Db,
    year: i64,
    a5: i64,
    b5: i64,
    ivanova: i64,
    petrov: i64,
    left: i64,
    director: i64,
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

fn member(db: &Db, last: &str, first: &str, position: &str, left_on: Option<NaiveDate>) -> i64 {
    let position = staff::find_position(db, position).unwrap().unwrap();
    let m = StaffMember {
        id: None,
        last_name: last.into(),
        first_name: first.into(),
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
    staff::save(db, &m, today()).unwrap().value.id.unwrap()
}

fn school() -> School {
    use CurriculumPart::*;
    let db = Db::in_memory().unwrap();
    subjects::seed_federal(&db).unwrap();
    let year = year_2026(&db);
    let a5 = add_class(&db, year, 5, "А").id.unwrap();
    let b5 = add_class(&db, year, 5, "Б").id.unwrap();
    add_class(&db, year, 6, "А");
    let mut course = line(&db, Extracurricular, MATH, 1.0, 1.0);
    course.subject_id = None;
    course.course = "Разговоры о важном".into();
    let template = Curriculum {
        grade: 5,
        name: "Базовый".into(),
        lines: vec![
            line(&db, Mandatory, MATH, 5.0, 5.0),
            line(&db, Mandatory, ENGLISH, 3.0, 3.0),
            line(&db, Mandatory, "Физическая культура", 2.0, 3.0),
            line(&db, Elective, MATH, 1.0, 1.0),
            course,
        ],
        ..Curriculum::new(year, CurriculumKind::Template)
    };
    let template = curriculum::save(&db, &template).unwrap().value.id.unwrap();
    curriculum::assign(&db, template, &[a5, b5]).unwrap();
    subgroups::create(
        &db,
        &NewSplit {
            academic_year_id: year,
            subject_id: Some(subject(&db, ENGLISH)),
            class_ids: vec![a5, b5],
            count: 2,
            fill: Fill::Manual,
        },
        today(),
    )
    .unwrap();
    School {
        ivanova: member(&db, "Иванова", "Анна", "Учитель", None),
        petrov: member(&db, "Петрова", "Ольга", "Учитель", None),
        left: member(&db, "Сидорова", "Мария", "Учитель", Some(d(2026, 6, 30))),
        director: member(&db, "Кириллова", "Наталья", "Директор", None),
        db,
        year,
        a5,
        b5,
    }
}

impl School {
    /// The class's curriculum line of `label` in `part`.
    fn line(&self, class_id: i64, part: CurriculumPart, label: &str) -> ClassHours {
        curriculum::class_hours(&self.db, self.year)
            .unwrap()
            .into_iter()
            .find(|l| l.class_id == class_id && l.part == part && l.label == label)
            .unwrap()
    }

    fn math(&self, class_id: i64) -> i64 {
        self.line(class_id, CurriculumPart::Mandatory, MATH).line_id
    }

    fn whole(&self, line_id: i64) -> LoadUnit {
        LoadUnit {
            line_id,
            subgroup_id: None,
        }
    }

    fn english_groups(&self) -> Vec<i64> {
        let rows = subgroups::list(&self.db, self.year, today()).unwrap();
        rows[0].subgroups.iter().map(|g| g.id).collect()
    }

    fn input(&self, line_id: i64, teacher: i64, first: f64, second: f64) -> LoadInput {
        LoadInput {
            id: None,
            line_id,
            subgroup_id: None,
            staff_member_id: teacher,
            hours_first: first,
            hours_second: second,
        }
    }

    fn count(&self) -> i64 {
        self.db
            .conn()
            .query_row("SELECT count(*) FROM teaching_load", [], |r| r.get(0))
            .unwrap()
    }

    fn check(&self) -> LoadCheck {
        check(&self.db, self.year, today()).unwrap()
    }

    /// Assigns every unit of every line to `teacher`.
    fn assign_all(&self, teacher: i64) {
        for row in grid(&self.db, self.year, today()).unwrap().rows {
            for cell in row.cells.into_iter().flatten() {
                for unit in cell.units {
                    assign(&self.db, unit.unit, Some(teacher), today()).unwrap();
                }
            }
        }
    }
}

fn refused_code(res: Result<impl std::fmt::Debug>) -> String {
    match res.unwrap_err() {
        CoreError::Refused(e) => e.code,
        CoreError::Invalid(list) => list
            .iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect::<Vec<_>>()
            .join(","),
        other => other.code().to_string(),
    }
}

#[test]
fn a_teacher_typed_into_a_cell_takes_the_lines_hours() {
    let s = school();
    let saved = assign(&s.db, s.whole(s.math(s.a5)), Some(s.ivanova), today()).unwrap();
    let line = saved.value.unwrap();
    assert_eq!(line.teacher, "Иванова А. П.");
    assert_eq!((line.hours_first, line.hours_second), (5.0, 5.0));
    assert_eq!(line.classes_label, "5 А");
    assert_eq!(line.label, MATH);
    assert_eq!(line.line_ids, vec![s.math(s.a5)]);

    let grid = grid(&s.db, s.year, today()).unwrap();
    assert_eq!(
        grid.classes
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["5 А", "5 Б", "6 А"]
    );
    let row = grid
        .rows
        .iter()
        .find(|r| r.label == MATH && r.part == CurriculumPart::Mandatory)
        .unwrap();
    let cell = row.cells[0].as_ref().unwrap();
    assert!(cell.complete);
    assert_eq!(cell.units[0].loads[0].teacher, "Иванова А. П.");
    assert!(!row.cells[1].as_ref().unwrap().complete);
    assert!(row.cells[2].is_none(), "6 А has no curriculum");
    // Typing another teacher replaces the first, keeping the load line's id.
    let again = assign(&s.db, s.whole(s.math(s.a5)), Some(s.petrov), today()).unwrap();
    assert_eq!(again.value.unwrap().id, line.id);
    assert_eq!(s.count(), 1);
    // Clearing the cell removes the load.
    assert!(assign(&s.db, s.whole(s.math(s.a5)), None, today())
        .unwrap()
        .value
        .is_none());
    assert_eq!(s.count(), 0);
}

#[test]
fn grid_rows_keep_parts_apart_in_order() {
    let s = school();
    let grid = grid(&s.db, s.year, today()).unwrap();
    let rows: Vec<(CurriculumPart, &str)> = grid
        .rows
        .iter()
        .map(|r| (r.part, r.label.as_str()))
        .collect();
    use CurriculumPart::*;
    assert_eq!(rows.len(), 5);
    assert_eq!(rows.iter().filter(|r| r.1 == MATH).count(), 2);
    let parts: Vec<CurriculumPart> = rows.iter().map(|r| r.0).collect();
    let mut sorted = parts.clone();
    sorted.sort_by_key(|p| CurriculumPart::ALL.iter().position(|q| q == p));
    assert_eq!(
        parts, sorted,
        "mandatory, then elective, then extracurricular"
    );
    assert_eq!(rows.last(), Some(&(Extracurricular, "Разговоры о важном")));
}

#[test]
fn a_split_subject_is_taught_by_subgroup_and_a_joint_group_is_one_load_line() {
    let s = school();
    let english = s.line(s.a5, CurriculumPart::Mandatory, ENGLISH).line_id;
    let english_b = s.line(s.b5, CurriculumPart::Mandatory, ENGLISH).line_id;
    assert_eq!(
        refused_code(assign(&s.db, s.whole(english), Some(s.ivanova), today())),
        "subject_split_for_class"
    );
    let groups = s.english_groups();
    let unit = LoadUnit {
        line_id: english,
        subgroup_id: Some(groups[0]),
    };
    let line = assign(&s.db, unit, Some(s.ivanova), today())
        .unwrap()
        .value
        .unwrap();
    assert_eq!(line.classes_label, "5 А, 5 Б");
    assert_eq!(line.subgroup_name, "1 группа");
    let mut ids = line.line_ids.clone();
    ids.sort();
    let mut want = vec![english, english_b];
    want.sort();
    assert_eq!(ids, want);
    // Seen from 5 Б the same group is assigned, and says it takes in 5 А.
    let grid = grid(&s.db, s.year, today()).unwrap();
    let row = grid.rows.iter().find(|r| r.label == ENGLISH).unwrap();
    let b = row.cells[1].as_ref().unwrap();
    assert_eq!(b.units.len(), 2, "each subgroup carries the full hours");
    assert_eq!(b.units[0].loads[0].id, line.id);
    assert_eq!(b.units[0].shared_with, "5 А");
    assert!(!b.complete, "the second group has no teacher yet");
    // A subgroup typed into a line of another subject is refused.
    let wrong = LoadUnit {
        line_id: s.math(s.a5),
        subgroup_id: Some(groups[1]),
    };
    assert_eq!(
        refused_code(assign(&s.db, wrong, Some(s.petrov), today())),
        "subgroup_not_of_line"
    );
    assign(
        &s.db,
        LoadUnit {
            line_id: english_b,
            subgroup_id: Some(groups[1]),
        },
        Some(s.petrov),
        today(),
    )
    .unwrap();
    let check = s.check();
    assert!(
        !check.unassigned.iter().any(|g| g.label == ENGLISH),
        "{check:?}"
    );
    // Each subgroup counts its teacher the full 3 hours once, not once per class.
    let teachers = by_teacher(&s.db, s.year, today()).unwrap();
    let petrova = teachers
        .iter()
        .find(|t| t.staff_member_id == s.petrov)
        .unwrap();
    assert_eq!(petrova.hours_first, 3.0);
    assert_eq!(petrova.subjects[0].classes, "5 А, 5 Б (2 группа)");
}

#[test]
fn hours_may_be_shared_between_teachers_but_never_above_the_line() {
    let s = school();
    let math = s.math(s.a5);
    save(&s.db, &s.input(math, s.ivanova, 3.0, 3.0), today()).unwrap();
    let second = save(&s.db, &s.input(math, s.petrov, 2.0, 2.0), today()).unwrap();
    assert_eq!(second.value.hours_first, 2.0);
    let before = s.count();
    let err = save(&s.db, &s.input(math, s.petrov, 1.0, 0.0), today()).unwrap_err();
    assert_eq!(err.code(), "refused");
    assert_eq!(err.fields()[0].code, "load_above_line");
    assert!(err.fields()[0].message.contains("уже назначено 5 ч."));
    assert_eq!(s.count(), before, "nothing written");
    // Changing a line in place counts its own hours once.
    let mut edit = s.input(math, s.petrov, 2.0, 2.0);
    edit.id = Some(second.value.id);
    edit.hours_first = 1.5;
    let edited = save(&s.db, &edit, today()).unwrap().value;
    assert_eq!((edited.id, edited.hours_first), (second.value.id, 1.5));
    let gap = s
        .check()
        .unassigned
        .into_iter()
        .find(|g| g.unit.line_id == math)
        .unwrap();
    assert_eq!((gap.assigned_first, gap.assigned_second), (4.5, 5.0));
    assert!(
        gap.message
            .contains("5 А, Математика: не назначено 0,5/0 ч."),
        "{}",
        gap.message
    );
}

#[test]
fn bad_input_is_refused_with_fields() {
    let s = school();
    let math = s.math(s.a5);
    let bad = |first: f64, second: f64| {
        refused_code(save(
            &s.db,
            &s.input(math, s.ivanova, first, second),
            today(),
        ))
    };
    assert_eq!(bad(0.3, 1.0), "hours_first:bad_hours");
    assert_eq!(bad(1.0, -1.0), "hours_second:bad_hours");
    assert_eq!(
        bad(f64::NAN, 11.0),
        "hours_first:bad_hours,hours_second:bad_hours"
    );
    assert_eq!(bad(0.0, 0.0), "hours_first:no_hours");
    assert_eq!(
        refused_code(save(&s.db, &s.input(math, s.left, 5.0, 5.0), today())),
        "teacher_left"
    );
    assert_eq!(
        refused_code(save(&s.db, &s.input(math, 9999, 5.0, 5.0), today())),
        "not_found"
    );
    assert_eq!(
        refused_code(save(&s.db, &s.input(9999, s.ivanova, 5.0, 5.0), today())),
        "not_found"
    );
    // A template's line is not a class's: the load is of class curricula.
    let template_line: i64 =
        s.db.conn()
            .query_row(
                "SELECT l.id FROM curriculum_line l JOIN curriculum c ON c.id = l.curriculum_id
              WHERE c.kind = 'template' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(
        refused_code(save(
            &s.db,
            &s.input(template_line, s.ivanova, 1.0, 1.0),
            today()
        )),
        "load_not_of_class"
    );
    assert_eq!(refused_code(delete(&s.db, 9999)), "not_found");
    assert_eq!(s.count(), 0);
}

#[test]
fn a_refused_assignment_rolls_back_the_clearing_of_the_cell() {
    let s = school();
    let unit = s.whole(s.math(s.a5));
    let first = assign(&s.db, unit, Some(s.ivanova), today())
        .unwrap()
        .value
        .unwrap();
    // Replacing the teacher by one who left fails after the old load was removed: all undone.
    assert_eq!(
        refused_code(assign(&s.db, unit, Some(s.left), today())),
        "teacher_left"
    );
    let lines = lines(&s.db, s.year, today()).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0].id, lines[0].staff_member_id),
        (first.id, s.ivanova)
    );
    assert!(s.db.conn().is_autocommit());
}

#[test]
fn the_check_lists_every_missing_hour_until_all_are_assigned() {
    let s = school();
    let check = s.check();
    // Two classes × (4 whole-class lines + 2 English subgroups).
    assert_eq!(check.unassigned.len(), 12);
    assert!(check.over_assigned.is_empty() && check.misplaced.is_empty());
    let pe = check
        .unassigned
        .iter()
        .find(|g| g.label == "Физическая культура")
        .unwrap();
    assert_eq!((pe.required_first, pe.required_second), (2.0, 3.0));
    assert!(pe.message.contains("не назначено 2/3 ч."));
    s.assign_all(s.ivanova);
    let check = s.check();
    assert!(check.is_complete(), "{check:?}");
    // 2 × (5 + 2 + 1 + 1) whole-class hours in the first half + 2 subgroups × 3 of a joint split.
    let t = &by_teacher(&s.db, s.year, today()).unwrap()[0];
    assert_eq!((t.hours_first, t.hours_second), (24.0, 26.0));
    assert_eq!(t.load_rate, rate_of(26.0));
    assert_eq!(t.appointed_rate, 1.0);
    assert_eq!(t.short_name, "Иванова А. П.");
    assert!(check.teachers.is_empty());
}

#[test]
fn curriculum_changes_show_in_the_check_and_deleted_lines_take_their_load() {
    let s = school();
    s.assign_all(s.ivanova);
    let mut plan = curriculum::of_class(&s.db, s.a5).unwrap().unwrap();
    // Mathematics drops to 4 hours; the elective mathematics line is removed.
    for l in &mut plan.lines {
        if l.label == MATH && l.part == CurriculumPart::Mandatory {
            l.hours_first = 4.0;
            l.hours_second = 4.0;
        }
    }
    plan.lines
        .retain(|l| !(l.label == MATH && l.part == CurriculumPart::Elective));
    let before = s.count();
    curriculum::save(&s.db, &plan).unwrap();
    assert_eq!(
        s.count(),
        before - 1,
        "the removed line's load went with it"
    );
    let check = s.check();
    assert_eq!(check.over_assigned.len(), 1);
    assert_eq!(check.over_assigned[0].class_label, "5 А");
    assert!(check.over_assigned[0].message.contains("на 1 ч."));
    assert!(check.unassigned.is_empty());
}

#[test]
fn a_class_split_after_its_load_was_given_shows_the_load_as_misplaced() {
    let s = school();
    let tech_line = |class_id| s.line(class_id, CurriculumPart::Mandatory, "Физическая культура");
    let pe = tech_line(s.a5).line_id;
    assign(&s.db, s.whole(pe), Some(s.ivanova), today()).unwrap();
    subgroups::create(
        &s.db,
        &NewSplit {
            academic_year_id: s.year,
            subject_id: Some(subject(&s.db, "Физическая культура")),
            class_ids: vec![s.a5],
            count: 2,
            fill: Fill::Manual,
        },
        today(),
    )
    .unwrap();
    let check = s.check();
    assert_eq!(check.misplaced.len(), 1);
    assert_eq!(check.misplaced[0].unit, s.whole(pe));
    assert_eq!(
        check
            .unassigned
            .iter()
            .filter(|g| g.unit.line_id == pe)
            .count(),
        2
    );
    // The misplaced load is not in the grid: it is taken off by its unit.
    assign(&s.db, s.whole(pe), None, today()).unwrap();
    assert!(s.check().misplaced.is_empty());
    assign(&s.db, s.whole(pe), Some(s.ivanova), today()).unwrap_err();
    // Deleting the split takes its subgroups' load lines with it.
    let split = subgroups::list(&s.db, s.year, today())
        .unwrap()
        .into_iter()
        .find(|r| r.subject_name == "Физическая культура")
        .unwrap();
    assign(
        &s.db,
        LoadUnit {
            line_id: pe,
            subgroup_id: Some(split.subgroups[0].id),
        },
        Some(s.petrov),
        today(),
    )
    .unwrap();
    subgroups::delete(&s.db, split.id).unwrap();
    let left: Vec<i64> = lines(&s.db, s.year, today())
        .unwrap()
        .iter()
        .map(|l| l.staff_member_id)
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(s.check().misplaced.is_empty());
}

#[test]
fn teachers_who_left_or_hold_no_teaching_position_are_warned_about() {
    let s = school();
    let saved = assign(&s.db, s.whole(s.math(s.a5)), Some(s.director), today()).unwrap();
    assert_eq!(saved.warnings[0].code, "load_without_teaching_position");
    assign(&s.db, s.whole(s.math(s.b5)), Some(s.petrov), today()).unwrap();
    // Петрова leaves after the load was given: the check asks to hand her hours over.
    let mut petrova = staff::get(&s.db, s.petrov).unwrap();
    petrova.appointments[0].left_on = Some(d(2026, 10, 31));
    staff::save(&s.db, &petrova, today()).unwrap();
    let codes: Vec<(String, String)> = s
        .check()
        .teachers
        .into_iter()
        .map(|w| (w.full_name, w.code))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "Кириллова Наталья Петровна".to_string(),
                "load_without_teaching_position".to_string()
            ),
            (
                "Петрова Ольга Петровна".into(),
                "load_of_teacher_who_left".into()
            ),
        ]
    );
    // Her load keeps the file consistent: she cannot be deleted, only left.
    assert_eq!(
        staff::delete(&s.db, s.petrov).unwrap_err().code(),
        "refused"
    );
    let options = teacher_options(&s.db, s.year, today()).unwrap();
    assert!(!options.iter().any(|o| o.staff_member_id == s.petrov));
    assert!(!options.iter().any(|o| o.staff_member_id == s.left));
    assert!(options[0].is_pedagogical && !options.last().unwrap().is_pedagogical);
}

#[test]
fn more_than_two_rates_is_a_warning() {
    let t = Teacher {
        full_name: "Иванова Анна Петровна".into(),
        short_name: "Иванова А. П.".into(),
        positions: "Учитель".into(),
        pedagogical_rate: 1.0,
        is_current: true,
    };
    assert!(teacher_problems(&t, 36.0, 36.0).is_empty());
    let problems = teacher_problems(&t, 30.0, 37.0);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code(), "teacher_above_max_hours");
    assert!(problems[0]
        .to_string()
        .contains("30/37 ч. в неделю — больше 36"));
    assert_eq!(rate_of(27.0), 1.5);
    assert_eq!(rate_of(20.0), 1.11);
}

#[test]
fn the_load_by_class_lists_teachers_and_what_nobody_teaches_yet() {
    let s = school();
    save(&s.db, &s.input(s.math(s.a5), s.ivanova, 3.0, 3.0), today()).unwrap();
    let classes = by_class(&s.db, s.year, today()).unwrap();
    let a = &classes[0];
    assert_eq!(a.label, "5 А");
    assert_eq!((a.curriculum_first, a.curriculum_second), (12.0, 13.0));
    let math: Vec<(&str, f64)> = a
        .rows
        .iter()
        .filter(|r| r.label == MATH && r.part == CurriculumPart::Mandatory)
        .map(|r| (r.teacher.as_str(), r.hours_first))
        .collect();
    assert_eq!(math, [("Иванова А. П.", 3.0), ("", 2.0)]);
    let english: Vec<&str> = a
        .rows
        .iter()
        .filter(|r| r.label == ENGLISH)
        .map(|r| r.subgroup_name.as_str())
        .collect();
    assert_eq!(english, ["1 группа", "2 группа"]);
    assert!(classes[2].rows.is_empty(), "6 А has no curriculum");
}

#[test]
fn a_block_of_cells_is_assigned_or_cleared_whole_in_one_transaction() {
    let s = school();
    let unit = |class_id: i64, staff_member_id: Option<i64>| UnitAssignment {
        unit: s.whole(s.math(class_id)),
        staff_member_id,
    };
    let pasted = assign_many(
        &s.db,
        &[unit(s.a5, Some(s.ivanova)), unit(s.b5, Some(s.petrov))],
        today(),
    )
    .unwrap();
    assert_eq!(pasted.value, 2);
    let teachers = |s: &School| -> Vec<(String, i64)> {
        lines(&s.db, s.year, today())
            .unwrap()
            .into_iter()
            .filter(|l| l.label == MATH && l.part == CurriculumPart::Mandatory)
            .map(|l| (l.classes_label, l.staff_member_id))
            .collect()
    };
    assert_eq!(
        teachers(&s),
        [
            ("5 А".to_string(), s.ivanova),
            ("5 Б".to_string(), s.petrov)
        ]
    );
    // One teacher who has left refuses the whole block: 5 А keeps Иванова.
    let refused = assign_many(
        &s.db,
        &[unit(s.a5, Some(s.petrov)), unit(s.b5, Some(s.left))],
        today(),
    );
    assert_eq!(refused_code(refused), "teacher_left");
    assert_eq!(
        teachers(&s),
        [
            ("5 А".to_string(), s.ivanova),
            ("5 Б".to_string(), s.petrov)
        ]
    );
    // Cleared (cut or Delete on a block): both lines are unassigned again.
    assign_many(&s.db, &[unit(s.a5, None), unit(s.b5, None)], today()).unwrap();
    assert!(teachers(&s).is_empty());
    assert_eq!(s.count(), 0);
    // Nothing to do is no change.
    assert_eq!(assign_many(&s.db, &[], today()).unwrap().value, 0);
}
