use super::closure;
use super::*;
use crate::testkit::{self, class_id, year_id};
use chrono::NaiveDateTime;

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// A demo school without the demo's marks, closings and pass/fail subjects.
fn school() -> (tempfile::TempDir, Db) {
    let (dir, db) = testkit::demo();
    db.write(|c| {
        Ok(c.execute_batch(
            "DELETE FROM mark; DELETE FROM absence; DELETE FROM period_closure;
             DELETE FROM period_closure_event; DELETE FROM pass_fail_subject;",
        )?)
    })
    .unwrap();
    (dir, db)
}

fn first_term(db: &Db, class: i64) -> Period {
    period_by_name(db, class, "1 четверть").unwrap().period
}

fn subject(sheet: &MarkSheet, name: &str) -> i64 {
    sheet
        .subjects
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("{name} not in the sheet"))
        .subject_id
}

fn entry(student_id: i64, subject_id: i64, value: Option<MarkValue>) -> MarkEntry {
    MarkEntry {
        student_id,
        subject_id,
        value,
    }
}

fn refusal_code(e: CoreError) -> String {
    match e {
        CoreError::Refused(f) => f.code,
        CoreError::Invalid(list) => list[0].code.clone(),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn marks_are_read_as_people_type_them() {
    for (text, value) in [
        ("5", MarkValue::Five),
        (" 4 ", MarkValue::Four),
        ("3.0", MarkValue::Three),
        ("2", MarkValue::Two),
        ("Зачтено", MarkValue::Passed),
        ("зач.", MarkValue::Passed),
        ("зачёт", MarkValue::Passed),
        ("не зачтено", MarkValue::Failed),
        ("НЗ", MarkValue::Failed),
        ("н/а", MarkValue::NotAttested),
        ("Н/А", MarkValue::NotAttested),
        ("осв", MarkValue::Exempt),
        ("освобождён", MarkValue::Exempt),
    ] {
        assert_eq!(MarkValue::parse(text), Some(value), "{text}");
    }
    for text in ["6", "1", "5+", "отл", "", "н"] {
        assert_eq!(MarkValue::parse(text), None, "{text}");
    }
}

#[test]
fn a_class_has_its_terms_the_year_and_in_grade_9_the_exam_and_final() {
    let (_dir, db) = school();
    let names = |label: &str| -> Vec<String> {
        periods(&db, class_id(&db, label))
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    assert_eq!(
        names("5 А"),
        [
            "1 четверть",
            "2 четверть",
            "3 четверть",
            "4 четверть",
            "Год"
        ]
    );
    assert_eq!(names("9 А").len(), 7);
    assert!(names("9 А").ends_with(&["Экзамен".into(), "Итоговая".into()]));
    assert_eq!(names("10 А"), ["1 полугодие", "2 полугодие", "Год"]);

    let c5 = class_id(&db, "5 А");
    assert_eq!(
        period_by_name(&db, c5, "годовая").unwrap().period,
        Period::YEAR
    );
    assert_eq!(
        period_by_name(&db, c5, " 1  Четверть").unwrap().name,
        "1 четверть"
    );
    let e = period_by_name(&db, c5, "1 полугодие").unwrap_err();
    assert_eq!(refusal_code(e), "unknown_period");
}

#[test]
fn the_sheet_has_the_curriculum_subjects_and_the_students_in_alphabetical_order() {
    let (_dir, db) = school();
    let c5 = class_id(&db, "5 А");
    let sheet = sheet(&db, c5, first_term(&db, c5)).unwrap();
    assert_eq!(sheet.class_label, "5 А");
    assert!(sheet.subjects.iter().any(|s| s.name == "Математика"));
    assert!(sheet.subjects.iter().any(|s| s.name == "Русский язык"));
    // Those in the class at the quarter's end, and those who left the school from it during
    // the quarter (the demo transfers one student of 5 А to 5 Б in October: 5 Б's sheet).
    let size = classes::info(&db, c5, sheet.period.ends_on).unwrap().total;
    let left = sheet
        .students
        .iter()
        .filter(|s| s.departed_on.is_some())
        .count() as i32;
    assert_eq!(sheet.students.len() as i32, size + left);
    let names: Vec<&str> = sheet
        .students
        .iter()
        .map(|s| s.full_name.as_str())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| crate::db::compare_ru(a, b));
    assert_eq!(names, sorted);
    assert_eq!(sheet.students[2].number, 3);
    assert!(sheet
        .students
        .iter()
        .all(|s| s.marks.iter().all(Option::is_none)));
}

#[test]
fn marks_are_written_read_back_and_cleared() {
    let (_dir, db) = school();
    let c5 = class_id(&db, "5 А");
    let term = first_term(&db, c5);
    let before = sheet(&db, c5, term).unwrap();
    let math = subject(&before, "Математика");
    let (a, b) = (before.students[0].student_id, before.students[1].student_id);
    set_marks(
        &db,
        c5,
        term,
        &[
            entry(a, math, Some(MarkValue::Five)),
            entry(b, math, Some(MarkValue::NotAttested)),
        ],
    )
    .unwrap();
    let after = sheet(&db, c5, term).unwrap();
    let col = after
        .subjects
        .iter()
        .position(|s| s.subject_id == math)
        .unwrap();
    assert_eq!(after.students[0].marks[col], Some(MarkValue::Five));
    assert_eq!(after.students[1].marks[col], Some(MarkValue::NotAttested));
    // The year's sheet is another period: untouched.
    let year = sheet(&db, c5, Period::YEAR).unwrap();
    assert!(year.students[0].marks.iter().all(Option::is_none));

    set_marks(&db, c5, term, &[entry(a, math, None)]).unwrap();
    let cleared = sheet(&db, c5, term).unwrap();
    assert_eq!(cleared.students[0].marks[col], None);
    assert_eq!(cleared.students[1].marks[col], Some(MarkValue::NotAttested));
}

#[test]
fn grade_1_has_no_marks() {
    let (_dir, db) = school();
    let c1 = class_id(&db, "1 А");
    let e = sheet(&db, c1, first_term(&db, c1)).unwrap_err();
    assert_eq!(refusal_code(e), "no_marks_in_grade_1");
    assert!(e_text(&db, c1).contains("безотметочное"));
}

fn e_text(db: &Db, class: i64) -> String {
    set_marks(db, class, first_term(db, class), &[])
        .unwrap_err()
        .to_string()
}

#[test]
fn one_bad_cell_writes_nothing_and_names_every_bad_cell() {
    let (_dir, db) = school();
    let c5 = class_id(&db, "5 А");
    let term = first_term(&db, c5);
    let s = sheet(&db, c5, term).unwrap();
    let math = subject(&s, "Математика");
    let other_class_student =
        sheet(&db, class_id(&db, "6 А"), term).unwrap().students[0].student_id;
    let e = set_marks(
        &db,
        c5,
        term,
        &[
            entry(s.students[0].student_id, math, Some(MarkValue::Four)),
            entry(other_class_student, math, Some(MarkValue::Four)),
            entry(s.students[1].student_id, math, Some(MarkValue::Passed)),
        ],
    )
    .unwrap_err();
    let CoreError::Invalid(list) = e else {
        panic!("expected field errors");
    };
    let got: Vec<(&str, &str)> = list
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("marks.1", "student_not_in_class"),
            ("marks.2", "mark_kind_mismatch")
        ]
    );
    assert!(sheet(&db, c5, term)
        .unwrap()
        .students
        .iter()
        .all(|st| st.marks.iter().all(Option::is_none)));
}

#[test]
fn a_subject_outside_the_students_curriculum_is_refused() {
    let (_dir, db) = school();
    let c5 = class_id(&db, "5 А");
    let term = first_term(&db, c5);
    let s = sheet(&db, c5, term).unwrap();
    // A subject of grade 10 only: not in 5 А's curriculum.
    let physics: i64 = db
        .conn()
        .query_row(
            "SELECT id FROM subject WHERE name = 'Физика'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!s.subjects.iter().any(|x| x.subject_id == physics));
    let e = set_marks(
        &db,
        c5,
        term,
        &[entry(
            s.students[0].student_id,
            physics,
            Some(MarkValue::Five),
        )],
    )
    .unwrap_err();
    assert_eq!(refusal_code(e), "subject_not_studied");
}

#[test]
fn pass_fail_subjects_take_only_passed_or_failed() {
    let (_dir, db) = school();
    let c5 = class_id(&db, "5 А");
    let term = first_term(&db, c5);
    let s = sheet(&db, c5, term).unwrap();
    let music = subject(&s, "Музыка");
    let student = s.students[0].student_id;
    set_pass_fail(&db, year_id(&db), 5, music, true).unwrap();
    assert!(sheet(&db, c5, term)
        .unwrap()
        .subjects
        .iter()
        .any(|x| x.subject_id == music && x.pass_fail));
    let e = set_marks(
        &db,
        c5,
        term,
        &[entry(student, music, Some(MarkValue::Five))],
    )
    .unwrap_err();
    assert_eq!(refusal_code(e), "mark_kind_mismatch");
    set_marks(
        &db,
        c5,
        term,
        &[entry(student, music, Some(MarkValue::Passed))],
    )
    .unwrap();
    // Back to 5…2 is refused while a «зачтено» stands.
    let e = set_pass_fail(&db, year_id(&db), 5, music, false).unwrap_err();
    assert_eq!(refusal_code(e), "mark_kind_mismatch");
    set_marks(&db, c5, term, &[entry(student, music, None)]).unwrap();
    set_pass_fail(&db, year_id(&db), 5, music, false).unwrap();
    assert!(pass_fail_subjects(&db, year_id(&db), 5).unwrap().is_empty());
}

#[test]
fn a_closed_period_refuses_marks_and_absences_until_reopened_with_a_reason() {
    let (_dir, db) = school();
    let c5 = class_id(&db, "5 А");
    let term = first_term(&db, c5);
    let s = sheet(&db, c5, term).unwrap();
    let math = subject(&s, "Математика");
    let student = s.students[0].student_id;
    set_marks(
        &db,
        c5,
        term,
        &[entry(student, math, Some(MarkValue::Three))],
    )
    .unwrap();

    assert!(closure::close(&db, c5, term, at("2026-10-27 15:40")).unwrap());
    assert!(!closure::close(&db, c5, term, at("2026-10-28 09:00")).unwrap());
    assert_eq!(
        sheet(&db, c5, term).unwrap().period.closed_at.as_deref(),
        Some("2026-10-27 15:40")
    );
    let e = set_marks(
        &db,
        c5,
        term,
        &[entry(student, math, Some(MarkValue::Four))],
    )
    .unwrap_err();
    assert_eq!(refusal_code(e), "period_closed");
    let absence = AbsenceEntry {
        student_id: student,
        missed: Some(4),
        of_illness: Some(2),
    };
    let e = set_absences(&db, c5, term, std::slice::from_ref(&absence)).unwrap_err();
    assert_eq!(refusal_code(e), "period_closed");
    // The other classes and periods stay open.
    set_marks(
        &db,
        c5,
        Period::YEAR,
        &[entry(student, math, Some(MarkValue::Four))],
    )
    .unwrap();

    let e = closure::reopen(&db, c5, term, "  ", at("2026-10-29 10:00")).unwrap_err();
    assert_eq!(refusal_code(e), "required");
    closure::reopen(
        &db,
        c5,
        term,
        "Исправление ошибки учителя",
        at("2026-10-29 10:00"),
    )
    .unwrap();
    set_marks(
        &db,
        c5,
        term,
        &[entry(student, math, Some(MarkValue::Four))],
    )
    .unwrap();
    set_absences(&db, c5, term, &[absence]).unwrap();
    let e = closure::reopen(&db, c5, term, "ещё раз", at("2026-10-29 11:00")).unwrap_err();
    assert_eq!(refusal_code(e), "period_not_closed");

    let log = closure::events(&db, year_id(&db)).unwrap();
    let actions: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|e| (e.action.as_str(), e.at.as_str(), e.reason.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("reopen", "2026-10-29 10:00", "Исправление ошибки учителя"),
            ("close", "2026-10-27 15:40", "")
        ]
    );
    assert_eq!(log[0].class_label, "5 А");
    assert_eq!(log[0].period_name, "1 четверть");
}

#[test]
fn closing_the_whole_school_closes_every_class_that_has_the_period() {
    let (_dir, db) = school();
    let c5 = class_id(&db, "5 А");
    closure::close(&db, c5, first_term(&db, c5), at("2026-10-26 12:00")).unwrap();
    let done =
        closure::close_school(&db, year_id(&db), "1 четверть", at("2026-10-27 12:00")).unwrap();
    assert_eq!(done.already, ["5 А"]);
    assert!(done.closed.contains(&"2 А".to_string()));
    assert!(done.closed.contains(&"9 А".to_string()));
    // Grade 1 has no marks; 10–11 learn in half-years and have no «1 четверть».
    assert!(!done
        .closed
        .iter()
        .any(|c| c.starts_with("1 ") || c.starts_with("10") || c.starts_with("11")));
    let e =
        closure::close_school(&db, year_id(&db), "5 четверть", at("2026-10-27 12:00")).unwrap_err();
    assert_eq!(refusal_code(e), "unknown_period");
}

#[test]
fn absences_are_per_term_and_illness_within_missed() {
    let (_dir, db) = school();
    let c5 = class_id(&db, "5 А");
    let term = first_term(&db, c5);
    let student = sheet(&db, c5, term).unwrap().students[0].student_id;
    let entry = |missed, ill| AbsenceEntry {
        student_id: student,
        missed,
        of_illness: ill,
    };
    let e = set_absences(&db, c5, term, &[entry(Some(3), Some(5))]).unwrap_err();
    assert_eq!(refusal_code(e), "illness_above_missed");
    let e = set_absences(&db, c5, Period::YEAR, &[entry(Some(3), None)]).unwrap_err();
    assert_eq!(refusal_code(e), "absences_only_per_term");
    set_absences(&db, c5, term, &[entry(Some(12), Some(8))]).unwrap();
    let s = sheet(&db, c5, term).unwrap();
    assert_eq!(
        (s.students[0].missed, s.students[0].of_illness),
        (Some(12), Some(8))
    );
    assert_eq!((s.stats.class.missed, s.stats.class.of_illness), (12, 8));
    set_absences(&db, c5, term, &[entry(None, None)]).unwrap();
    assert_eq!(sheet(&db, c5, term).unwrap().students[0].missed, None);
}

// ---------------------------------------------------------------------------------------------
// The figures

fn subj(id: i64, pass_fail: bool) -> SheetSubject {
    SheetSubject {
        subject_id: id,
        name: format!("Предмет {id}"),
        short_name: String::new(),
        pass_fail,
    }
}

fn student(n: i32, marks: &[&str]) -> SheetStudent {
    SheetStudent {
        student_id: i64::from(n),
        number: n,
        full_name: format!("Ученик {n}"),
        last_name: String::new(),
        first_name: String::new(),
        patronymic: String::new(),
        file_number: String::new(),
        departed_on: None,
        marks: marks.iter().map(|m| MarkValue::parse(m)).collect(),
        studies: marks.iter().map(|m| *m != "-").collect(),
        missed: None,
        of_illness: None,
    }
}

#[test]
fn rates_follow_the_documented_definitions() {
    let subjects = [subj(1, false), subj(2, false), subj(3, true)];
    let students = [
        student(1, &["5", "5", "зач"]),   // only «5»
        student(2, &["5", "4", "зач"]),   // «4» and «5»
        student(3, &["3", "4", "зач"]),   // one «3»
        student(4, &["3", "3", "зач"]),   // two «3»: successful, no group
        student(5, &["2", "4", "незач"]), // with «2»
        student(6, &["н/а", "4", "зач"]), // not attested
        student(7, &["осв", "", "-"]),    // exempt, one mark missing, pass/fail not studied
    ];
    let stats = stats::of_sheet(&subjects, &students);
    let c = &stats.class;
    assert_eq!(
        (
            c.students,
            c.attested,
            c.only_five,
            c.four_and_five,
            c.one_three,
            c.with_two,
            c.not_attested,
            c.incomplete
        ),
        (7, 6, 1, 1, 1, 1, 1, 1)
    );
    // Successful: 1, 2, 3, 4 and 7 → 5 of 7; quality: 2 of 7.
    assert_eq!(c.successful, 5);
    assert_eq!(c.pass_rate.as_ref().unwrap().text, "71,4");
    assert_eq!(c.quality_rate.as_ref().unwrap().text, "28,6");

    let first = &stats.subjects[0];
    // Six assessed (the exempt one is not): pass 1, 2, 3, 4 → 4 of 6; quality 2 of 6.
    assert_eq!(
        (
            first.assessed,
            first.exempt,
            first.failed,
            first.not_attested
        ),
        (6, 1, 1, 1)
    );
    assert_eq!(first.pass_rate.as_ref().unwrap().value, 66.7);
    assert_eq!(first.quality_rate.as_ref().unwrap().text, "33,3");
    let second = &stats.subjects[1];
    assert_eq!((second.assessed, second.missing), (6, 1));
    assert_eq!(second.pass_rate.as_ref().unwrap().text, "100,0");
    let pass_fail = &stats.subjects[2];
    assert_eq!(pass_fail.assessed, 6);
    assert_eq!(pass_fail.pass_rate.as_ref().unwrap().text, "83,3");
    assert_eq!(pass_fail.quality_rate, None);
}

#[test]
fn an_empty_sheet_has_no_rates() {
    let stats = stats::of_sheet(&[subj(1, false)], &[]);
    assert_eq!(stats.class.pass_rate, None);
    assert_eq!(stats.subjects[0].quality_rate, None);
}

fn typed(text: &str) -> TypedMark {
    TypedMark {
        student_id: 1,
        subject_id: 2,
        text: text.into(),
    }
}

#[test]
fn typed_cells_read_as_the_core_reads_marks() {
    let entries = read_typed(&[typed("5"), typed(" зч "), typed("")]).unwrap();
    let values: Vec<_> = entries.iter().map(|e| e.value).collect();
    assert_eq!(
        values,
        [Some(MarkValue::Five), Some(MarkValue::Passed), None]
    );
}

#[test]
fn text_that_is_no_mark_is_refused_at_its_cell() {
    let Err(CoreError::Invalid(errors)) = read_typed(&[typed("5"), typed("7")]) else {
        panic!("«7» was taken for a mark");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "marks.1");
    assert_eq!(errors[0].code, "not_a_mark");
    assert!(
        errors[0].message.contains("«7» — не отметка"),
        "{}",
        errors[0].message
    );
}
