//! ОО-1 against counts made by hand on a small school built here (students and staff chosen on
//! the edges of the days, ages and bands), and the demo school's totals against class sizes.

use super::{compute, Oo1};
use crate::db::Db;
use crate::forms::class_sizes;
use chrono::NaiveDate;
use rusqlite::{params, Connection};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The form's day in the small school.
fn on() -> NaiveDate {
    d(2026, 9, 20)
}

fn id(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> i64 {
    conn.execute(sql, p).unwrap();
    conn.last_insert_rowid()
}

fn class(conn: &Connection, year: i64, grade: i32, letter: &str) -> i64 {
    id(
        conn,
        "INSERT INTO class (academic_year_id, grade, letter, letter_key) VALUES (?1, ?2, ?3, ?3)",
        params![year, grade, letter],
    )
}

/// A student (girl or boy, born, study form, disability, ОВЗ) placed in `class` of `year` from
/// `from` up to `left` (the first day not in the class).
#[allow(clippy::too_many_arguments)]
fn student(
    conn: &Connection,
    year: i64,
    class: i64,
    girl: bool,
    born: &str,
    form: &str,
    needs: (bool, &str),
    (from, left): (&str, Option<&str>),
) -> i64 {
    let n: i64 = conn
        .query_row("SELECT count(*) FROM student", [], |r| r.get(0))
        .unwrap();
    let s = id(
        conn,
        "INSERT INTO student (last_name, first_name, name_key, sex, birth_date, study_form,
                              disability, special_needs)
         VALUES (?1, 'Имя', ?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            format!("Ученик{n}"),
            if girl { "female" } else { "male" },
            born,
            form,
            needs.0,
            needs.1
        ],
    );
    conn.execute(
        "INSERT INTO placement (academic_year_id, class_id, student_id, starts_on, left_on)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![year, class, s, from, left],
    )
    .unwrap();
    s
}

const PLAIN: (bool, &str) = (false, "none");
const YEAR: (&str, Option<&str>) = ("2026-09-01", None);
const LAST_YEAR: (&str, Option<&str>) = ("2025-09-01", None);

/// A subject of the area «Иностранные языки» (or, for maths, of its own).
fn subject(conn: &Connection, name: &str) -> i64 {
    let area = if name.contains("язык") {
        "Иностранные языки"
    } else {
        "Математика и информатика"
    };
    id(
        conn,
        "INSERT INTO subject (name, area) VALUES (?1, ?2)",
        [name, area],
    )
}

/// A curriculum (of a class, or a student's own) with `subjects` at 3 hours a week.
fn curriculum(conn: &Connection, year: i64, of: (Option<i64>, Option<i64>), subjects: &[i64]) {
    let kind = if of.0.is_some() {
        "class"
    } else {
        "individual"
    };
    let c = id(
        conn,
        "INSERT INTO curriculum (academic_year_id, kind, class_id, student_id)
         VALUES (?1, ?2, ?3, ?4)",
        params![year, kind, of.0, of.1],
    );
    for (i, s) in subjects.iter().enumerate() {
        conn.execute(
            "INSERT INTO curriculum_line (curriculum_id, position, part, subject_id,
                                          hours_first, hours_second)
             VALUES (?1, ?2, 'mandatory', ?3, 3, 3)",
            params![c, i as i64, s],
        )
        .unwrap();
    }
}

/// Subgroups of `subject` in `class`, each with its members.
fn subgroups(conn: &Connection, year: i64, class: i64, subject: i64, groups: &[(&str, &[i64])]) {
    let split = id(
        conn,
        "INSERT INTO subgroup_split (academic_year_id, subject_id) VALUES (?1, ?2)",
        params![year, subject],
    );
    conn.execute(
        "INSERT INTO subgroup_split_class (split_id, academic_year_id, subject_id, class_id)
         VALUES (?1, ?2, ?3, ?4)",
        params![split, year, subject, class],
    )
    .unwrap();
    for (name, members) in groups {
        let g = id(
            conn,
            "INSERT INTO subgroup (split_id, name) VALUES (?1, ?2)",
            params![split, name],
        );
        for m in *members {
            conn.execute(
                "INSERT INTO subgroup_member (subgroup_id, split_id, student_id) VALUES (?1, ?2, ?3)",
                params![g, split, m],
            )
            .unwrap();
        }
    }
}

/// A staff member with facts and appointments (position, rate, hired, left).
struct Staff<'a> {
    woman: bool,
    born: Option<&'a str>,
    education: (&'a str, bool),
    category: &'a str,
    since: (Option<&'a str>, Option<&'a str>),
    degree: &'a str,
    appointments: &'a [(&'a str, f64, Option<&'a str>, Option<&'a str>)],
}

/// Someone the staff tables must not count, with these appointments.
fn other<'a>(appointments: &'a [(&'a str, f64, Option<&'a str>, Option<&'a str>)]) -> Staff<'a> {
    Staff {
        woman: true,
        born: Some("1980-05-05"),
        education: ("higher", true),
        category: "none",
        since: (None, None),
        degree: "none",
        appointments,
    }
}

fn staff(conn: &Connection, s: Staff) {
    let m = id(
        conn,
        "INSERT INTO staff_member (last_name, first_name, sex, birth_date, education_level,
                                   pedagogical_education, qualification_category,
                                   experience_since, pedagogical_experience_since, academic_degree)
         VALUES ('Педагог', 'Имя', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            if s.woman { "female" } else { "male" },
            s.born,
            s.education.0,
            s.education.1,
            s.category,
            s.since.0,
            s.since.1,
            s.degree
        ],
    );
    for (position, rate, hired, left) in s.appointments {
        conn.execute(
            "INSERT INTO appointment (staff_member_id, staff_position_id, rate, hired_on, left_on)
             VALUES (?1, (SELECT id FROM staff_position WHERE name = ?2), ?3, ?4, ?5)",
            params![m, position, rate, hired, left],
        )
        .unwrap();
    }
}

/// The small school: last year 2025-2026 (4 А, 9 А, 11 А with decisions and departures), this
/// year 2026-2027 (1 А, 4 А, 5 А, 5 Б, 10 А) and its pedagogical staff.
fn school() -> Db {
    let db = Db::in_memory().unwrap();
    db.write(|conn| {
        let last = id(
            conn,
            "INSERT INTO academic_year (name, starts_on, ends_on) VALUES ('2025-2026', '2025-09-01', '2026-08-31')",
            [],
        );
        let year = id(
            conn,
            "INSERT INTO academic_year (name, starts_on, ends_on, is_current)
             VALUES ('2026-2027', '2026-09-01', '2027-08-31', 1)",
            [],
        );
        // Last year: a repeater in 4 А; 9 А: a girl finished with distinction (stored), a boy
        // proposed to continue (with distinction: every year mark «5»), a girl continuing
        // without it (stored, whatever her marks), one gone to a college in May; 11 А: a girl
        // finished (proposed, gone on 31 August as graduated; a «4», so without distinction), a
        // boy finished with distinction (stored), one gone to another school.
        let (l4, l9, l11) = (
            class(conn, last, 4, "А"),
            class(conn, last, 9, "А"),
            class(conn, last, 11, "А"),
        );
        let y1 = class(conn, year, 1, "А");
        let y4 = class(conn, year, 4, "А");
        let y5 = class(conn, year, 5, "А");
        class(conn, year, 5, "Б");
        let y10 = class(conn, year, 10, "А");
        let leave = |s: i64, on: &str, from: i64, reason: &str| {
            conn.execute(
                "INSERT INTO movement (student_id, academic_year_id, kind, occurred_on,
                                       from_class_id, departure_reason)
                 VALUES (?1, ?2, 'departure', ?3, ?4, ?5)",
                params![s, last, on, from, reason],
            )
            .unwrap();
        };
        let decide = |s: i64, class: i64, decision: &str, with_distinction: bool| {
            conn.execute(
                "INSERT INTO council_decision (academic_year_id, class_id, student_id, decision,
                                               with_distinction)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![last, class, s, decision, with_distinction],
            )
            .unwrap();
        };
        let repeater = student(conn, last, l4, false, "2016-02-02", "full_time", PLAIN, LAST_YEAR);
        decide(repeater, l4, "repeat", false);
        let p1 = student(conn, last, l9, true, "2010-01-05", "full_time", PLAIN, LAST_YEAR);
        decide(p1, l9, "finished", true);
        let p2 = student(conn, last, l9, false, "2010-02-05", "full_time", PLAIN, LAST_YEAR);
        let p6 = student(conn, last, l9, true, "2010-04-05", "full_time", PLAIN, LAST_YEAR);
        decide(p6, l9, "continue", false);
        let p3 = student(conn, last, l9, true, "2010-03-05", "full_time", PLAIN, ("2025-09-01", Some("2026-05-20")));
        leave(p3, "2026-05-20", l9, "vocational");
        let p4 = student(conn, last, l11, true, "2008-01-05", "full_time", PLAIN, ("2025-09-01", Some("2026-08-31")));
        leave(p4, "2026-08-31", l11, "graduated");
        let p5 = student(conn, last, l11, false, "2008-02-05", "full_time", PLAIN, ("2025-09-01", Some("2026-03-01")));
        leave(p5, "2026-03-01", l11, "other_school");
        let p7 = student(conn, last, l11, false, "2008-03-05", "full_time", PLAIN, LAST_YEAR);
        decide(p7, l11, "finished", true);

        // This year. 1 А: born on 1 January (8 on 01.01.2027), on 2 January (7), on 31 December
        // 2020 (6) with ОВЗ and a disability.
        student(conn, year, y1, true, "2019-01-01", "full_time", PLAIN, YEAR);
        student(conn, year, y1, false, "2019-01-02", "full_time", PLAIN, YEAR);
        student(conn, year, y1, true, "2020-12-31", "full_time", (true, "speech"), YEAR);
        conn.execute(
            "INSERT INTO placement (academic_year_id, class_id, student_id, starts_on)
             VALUES (?1, ?2, ?3, '2026-09-01')",
            params![year, y4, repeater],
        )?;
        // 5 А: two with mental disability (at home, in family education); one arriving the day
        // after, one whose place ended on the day (not there), one whose place ends the day
        // after (there).
        let s4 = student(conn, year, y5, false, "2015-05-05", "home", (false, "intellectual"), YEAR);
        let s5 = student(conn, year, y5, true, "2015-06-06", "family", (false, "intellectual"), YEAR);
        student(conn, year, y5, false, "2015-07-07", "full_time", PLAIN, ("2026-09-21", None));
        student(conn, year, y5, true, "2015-08-08", "full_time", PLAIN, ("2026-09-01", Some("2026-09-20")));
        student(conn, year, y5, false, "2015-09-01", "full_time", PLAIN, ("2026-09-01", Some("2026-09-21")));
        let s9 = student(conn, year, y10, true, "2010-03-03", "extramural", PLAIN, YEAR);

        // Languages: 5 А English and a second language named by the subgroups (one student in
        // none); 10 А English, but the 10th-grader's own curriculum has Chinese only; 1 А none.
        let english = subject(conn, "Иностранный язык (английский)");
        let second = subject(conn, "Второй иностранный язык");
        let chinese = subject(conn, "Иностранный язык (китайский)");
        let maths = subject(conn, "Математика");
        curriculum(conn, year, (Some(y5), None), &[maths, english, second]);
        subgroups(conn, year, y5, second, &[("Немецкий", &[s4]), ("Французский", &[s5])]);
        curriculum(conn, year, (Some(y10), None), &[english]);
        curriculum(conn, year, (None, Some(s9)), &[chinese, maths]);
        curriculum(conn, year, (Some(y1), None), &[maths]);
        // Last year's year marks: «5» in both subjects, but for the 11th-grader's «4».
        for (s, value) in [(p2, "five"), (p6, "five"), (p4, "four")] {
            for (subject, value) in [(maths, value), (english, "five")] {
                conn.execute(
                    "INSERT INTO mark (academic_year_id, student_id, subject_id, period_kind, value)
                     VALUES (?1, ?2, ?3, 'year', ?4)",
                    params![last, s, subject, value],
                )?;
            }
        }

        // Staff on 20.09.2026; ages on 01.01.2027.
        let on = Some("2026-09-20");
        staff(conn, Staff {
            woman: true,
            born: Some("2002-01-01"),
            education: ("higher", true),
            category: "highest",
            since: (Some("2023-09-20"), Some("2023-09-21")),
            degree: "candidate",
            appointments: &[("Учитель", 1.5, Some("2023-09-01"), None)],
        });
        staff(conn, Staff {
            woman: false,
            born: Some("2002-01-02"),
            education: ("secondary_vocational", true),
            category: "first",
            since: (Some("2006-09-20"), Some("2006-09-21")),
            degree: "none",
            appointments: &[("Учитель", 1.0, None, None), ("Педагог-психолог", 0.5, None, None)],
        });
        staff(conn, Staff {
            woman: true,
            born: Some("1962-01-01"),
            education: ("unknown", false),
            category: "none",
            since: (None, None),
            degree: "doctor",
            appointments: &[("Педагог-психолог", 1.0, None, None)],
        });
        staff(conn, Staff {
            woman: true,
            born: None,
            education: ("higher", false),
            category: "none",
            since: (None, None),
            degree: "none",
            appointments: &[("Учитель-логопед", 0.5, None, None)],
        });
        // Not counted: the director, a teacher gone the day before, one hired the day after.
        staff(conn, other(&[("Директор", 1.0, None, None)]));
        staff(conn, other(&[("Учитель", 1.0, None, Some("2026-09-19"))]));
        staff(conn, other(&[("Учитель", 1.0, Some("2026-09-21"), None)]));
        // Counted: a teacher whose last day is the form's day.
        staff(conn, Staff {
            woman: true,
            born: Some("1967-01-02"),
            education: ("secondary_general", false),
            category: "none",
            since: (Some("2016-09-20"), None),
            degree: "none",
            appointments: &[("Учитель", 0.25, None, on)],
        });
        Ok(())
    })
    .unwrap();
    db
}

/// The row `label` of the table `id` (the first of that label after `after` rows).
fn row(form: &Oo1, id: &str, at: usize) -> Vec<f64> {
    form.table(id).unwrap_or_else(|| panic!("table {id}")).rows[at]
        .values
        .clone()
}

/// A row of a table by grade from (grade, count) pairs: grades 1–12, levels, total.
fn by_grade(counts: &[(usize, f64)]) -> Vec<f64> {
    let mut v = vec![0.0; 16];
    for (g, n) in counts {
        v[g - 1] += n;
        let level = match g {
            1..=4 => 12,
            5..=9 => 13,
            _ => 14,
        };
        v[level] += n;
        v[15] += n;
    }
    v
}

#[test]
fn classes_students_and_their_needs_by_grade_as_counted_by_hand() {
    let form = compute(&school(), on()).unwrap();
    assert_eq!(
        row(&form, "2.1.1", 0),
        by_grade(&[(1, 1.), (4, 1.), (5, 2.), (10, 1.)])
    );
    assert_eq!(
        row(&form, "2.1.1", 1),
        by_grade(&[(1, 3.), (4, 1.), (5, 3.), (10, 1.)])
    );
    assert_eq!(
        row(&form, "2.1.1", 2),
        by_grade(&[(1, 2.), (5, 1.), (10, 1.)])
    );
    // ОВЗ: the 1st-grader with speech disorders and the two 5th-graders; the disability.
    assert_eq!(row(&form, "2.1.2", 0), by_grade(&[(1, 1.), (5, 1.)]));
    assert_eq!(row(&form, "2.1.2", 1), by_grade(&[(1, 1.), (5, 2.)]));
    assert_eq!(row(&form, "2.1.2", 2), by_grade(&[(1, 1.), (5, 1.)]));
    assert_eq!(row(&form, "2.1.2", 3), by_grade(&[(1, 1.)]));
    assert_eq!(row(&form, "2.1.2", 4), by_grade(&[(1, 1.)]));
    assert_eq!(row(&form, "2.1.3", 0), by_grade(&[(5, 1.)]));
    assert_eq!(row(&form, "2.1.3", 1), by_grade(&[(5, 2.)]));
    assert_eq!(row(&form, "2.1.3", 2), by_grade(&[(5, 1.)]));
    // The repeater, in the 4th grade again.
    assert_eq!(row(&form, "2.2", 0), by_grade(&[(4, 1.)]));
    assert_eq!(row(&form, "2.2", 1), by_grade(&[]));
    // Study forms in the order of StudyForm::ALL: full-time, part-time, extramural, family, home.
    assert_eq!(row(&form, "2.3", 0), by_grade(&[(1, 3.), (4, 1.), (5, 1.)]));
    assert_eq!(row(&form, "2.3", 2), by_grade(&[(10, 1.)]));
    assert_eq!(row(&form, "2.3", 3), by_grade(&[(5, 1.)]));
    assert_eq!(row(&form, "2.3", 4), by_grade(&[(5, 1.)]));
}

#[test]
fn ages_are_full_years_on_the_first_of_january_after_the_day() {
    let form = compute(&school(), on()).unwrap();
    let t = form.table("2.4").unwrap();
    assert_eq!(
        t.title,
        "Обучающиеся по возрасту (полных лет на 01.01.2027) и полу"
    );
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["6 лет", "7 лет", "8 лет", "10 лет", "11 лет", "16 лет"]
    );
    let with_girls = |counts: &[(usize, f64)], girls: f64| {
        let mut v = by_grade(counts);
        v.push(girls);
        v
    };
    assert_eq!(t.rows[0].values, with_girls(&[(1, 1.)], 1.0));
    assert_eq!(t.rows[1].values, with_girls(&[(1, 1.)], 0.0));
    assert_eq!(t.rows[2].values, with_girls(&[(1, 1.)], 1.0));
    assert_eq!(t.rows[3].values, with_girls(&[(4, 1.)], 0.0));
    assert_eq!(t.rows[4].values, with_girls(&[(5, 3.)], 1.0));
    assert_eq!(t.rows[5].values, with_girls(&[(10, 1.)], 1.0));
}

#[test]
fn foreign_languages_by_number_and_by_language() {
    let form = compute(&school(), on()).unwrap();
    assert_eq!(row(&form, "2.5.1", 0), by_grade(&[(5, 3.), (10, 1.)]));
    assert_eq!(row(&form, "2.5.1", 1), by_grade(&[(10, 1.)]));
    assert_eq!(row(&form, "2.5.1", 2), by_grade(&[(5, 3.)]));
    assert_eq!(row(&form, "2.5.1", 3), by_grade(&[]));
    assert_eq!(row(&form, "2.5.1", 4), by_grade(&[(1, 3.), (4, 1.)]));
    let t = form.table("2.5.2").unwrap();
    let rows: Vec<(&str, Vec<f64>)> = t
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.values.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Английский", by_grade(&[(5, 3.)])),
            ("Немецкий", by_grade(&[(5, 1.)])),
            ("Французский", by_grade(&[(5, 1.)])),
            ("Китайский", by_grade(&[(10, 1.)])),
            ("Язык не указан", by_grade(&[(5, 1.)])),
        ]
    );
}

#[test]
fn last_years_leavers_by_reason_and_graduates() {
    let form = compute(&school(), on()).unwrap();
    let t = form.table("2.6").unwrap();
    assert_eq!(t.title, "Выбывшие за 2025-2026 учебный год по причинам");
    assert_eq!(t.rows[0].values, by_grade(&[(9, 1.), (11, 2.)]));
    let reason = |label: &str| {
        t.rows
            .iter()
            .find(|r| r.label.ends_with(label))
            .unwrap()
            .values
            .clone()
    };
    assert_eq!(reason("завершил обучение"), by_grade(&[(11, 1.)]));
    assert_eq!(reason("перевод в другую ОО"), by_grade(&[(11, 1.)]));
    assert_eq!(reason("перевод в СПО"), by_grade(&[(9, 1.)]));
    assert_eq!(reason("другие причины"), by_grade(&[]));
    // 9 А: the girl finished and the boy and the girl continuing; with distinction the girl
    // finished (stored) and the boy (proposed), not the girl the council decided without it.
    assert_eq!(row(&form, "2.7", 0), [3.0, 2.0]);
    assert_eq!(row(&form, "2.7", 1), [2.0, 1.0]);
    // 11 А: the girl graduated and the boy; with distinction the boy alone.
    assert_eq!(row(&form, "2.7", 2), [2.0, 1.0]);
    assert_eq!(row(&form, "2.7", 3), [1.0, 0.0]);
    let labels: Vec<&str> = form
        .table("2.7")
        .unwrap()
        .rows
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(labels[1], "из них с отличием (9 класс)");
    assert_eq!(labels[3], "из них с отличием (11 (12) класс)");
}

#[test]
fn pedagogical_staff_and_teachers_by_education_experience_and_age() {
    let form = compute(&school(), on()).unwrap();
    // Всего, women, higher, of it pedagogical, СПО, of it pedagogical, general, unknown,
    // highest, first, candidate, doctor, rates.
    assert_eq!(
        row(&form, "3.1", 0),
        [5., 4., 2., 1., 1., 1., 1., 1., 1., 1., 1., 1., 4.75]
    );
    assert_eq!(
        row(&form, "3.1", 1),
        [3., 2., 1., 1., 1., 1., 1., 0., 1., 1., 1., 0., 2.75]
    );
    // Всего, до 3, 3–5, 5–10, 10–15, 15–20, 20+, not known.
    assert_eq!(row(&form, "3.2", 0), [5., 0., 1., 0., 1., 0., 1., 2.]);
    assert_eq!(row(&form, "3.2", 1), [3., 0., 1., 0., 1., 0., 1., 0.]);
    assert_eq!(row(&form, "3.2", 2), [5., 1., 0., 0., 0., 1., 0., 3.]);
    assert_eq!(row(&form, "3.2", 3), [3., 1., 0., 0., 0., 1., 0., 1.]);
    // Всего, <25, 25–29, …, 55–59, 60–64, 65+, not known.
    let ages = |v: &[(usize, f64)]| {
        let mut out = vec![0.0; 12];
        for (i, n) in v {
            out[*i] += n;
            out[0] += n;
        }
        out
    };
    assert_eq!(
        row(&form, "3.3", 0),
        ages(&[(1, 1.), (2, 1.), (8, 1.), (10, 1.), (11, 1.)])
    );
    assert_eq!(
        row(&form, "3.3", 1),
        ages(&[(2, 1.), (8, 1.), (10, 1.), (11, 1.)])
    );
    assert_eq!(row(&form, "3.3", 2), ages(&[(1, 1.), (2, 1.), (8, 1.)]));
    assert_eq!(row(&form, "3.3", 3), ages(&[(2, 1.), (8, 1.)]));
}

#[test]
fn json_has_the_date_and_whole_figures_as_integers() {
    let form = compute(&school(), on()).unwrap();
    let json = serde_json::to_value(&form).unwrap();
    assert_eq!(json["date"], "20.09.2026");
    let first = &json["tables"][0];
    assert_eq!(first["id"], "2.1.1");
    assert_eq!(first["columns"][15], "Всего");
    assert_eq!(first["rows"][1]["values"][15], serde_json::json!(8));
    let staff = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "3.1")
        .unwrap();
    assert_eq!(staff["rows"][0]["values"][12], serde_json::json!(4.75));
    assert!(json.get("school").is_none());
}

#[test]
fn a_day_in_no_year_is_refused() {
    let err = compute(&school(), d(2030, 9, 20)).unwrap_err();
    assert!(err.to_string().contains("20.09.2030"), "{err}");
}

#[test]
fn the_demo_school_agrees_with_its_class_sizes() {
    let (_dir, db) = crate::testkit::demo();
    let on = super::default_date(&db).unwrap();
    let form = compute(&db, on).unwrap();
    let sizes = class_sizes::compute(&db, Some(on)).unwrap();
    let total = f64::from(sizes.school_total().total);
    let classes = row(&form, "2.1.1", 0);
    let students = row(&form, "2.1.1", 1);
    let girls = row(&form, "2.1.1", 2);
    assert_eq!(classes[15], f64::from(sizes.school_total().classes));
    assert_eq!(students[15], total);
    assert_eq!(girls[15], f64::from(sizes.school_total().girls));
    for s in crate::classes::sizes(&db, crate::testkit::year_id(&db), on).unwrap() {
        let in_grade: i32 = crate::classes::sizes(&db, crate::testkit::year_id(&db), on)
            .unwrap()
            .iter()
            .filter(|x| x.grade == s.grade)
            .map(|x| x.total)
            .sum();
        assert_eq!(students[(s.grade - 1) as usize], f64::from(in_grade));
    }
    // Every student once in the study forms, the ages and the number of languages.
    let sum = |id: &str, rows: std::ops::Range<usize>, col: usize| -> f64 {
        let t = form.table(id).unwrap();
        t.rows[rows].iter().map(|r| r.values[col]).sum()
    };
    assert_eq!(sum("2.3", 0..5, 15), total);
    assert_eq!(
        sum("2.4", 0..form.table("2.4").unwrap().rows.len(), 15),
        total
    );
    assert_eq!(sum("2.5.1", 1..5, 15), total);
    assert!(row(&form, "2.5.2", 0)[15] > 0.0);
    assert!(row(&form, "3.1", 0)[0] > 0.0);
    // Labels are unique in a table: the district sums the schools' rows by them.
    for t in &form.tables {
        let labels: std::collections::HashSet<&str> =
            t.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels.len(), t.rows.len(), "{}", t.id);
    }
    assert!(!super::pdf(&form).is_empty());
    assert!(!super::xlsx(&form).unwrap().is_empty());
}
