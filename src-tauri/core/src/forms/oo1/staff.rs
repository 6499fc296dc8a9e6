//! The staff tables of ОО-1: the pedagogical staff working on the day (an appointment to a
//! pedagogical position lasting then) and the teachers of them (a position «Учитель» or
//! «Учитель …», not «Учитель-логопед»), by education, category, degree, rates, experience and
//! age. A person holding several appointments counts once; the rates add up.

use super::{age_day, full_years, Oo1Row, Oo1Table, TOTAL};
use crate::error::Result;
use crate::forms::ru_date;
use crate::staff::{experience_on, AcademicDegree, EducationLevel, QualificationCategory};
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// A pedagogical worker on the day.
#[derive(Clone)]
struct Worker {
    woman: bool,
    birth: Option<NaiveDate>,
    education: EducationLevel,
    pedagogical_education: bool,
    category: QualificationCategory,
    experience_since: Option<NaiveDate>,
    pedagogical_since: Option<NaiveDate>,
    degree: AcademicDegree,
    /// The rates of the pedagogical appointments.
    rate: f64,
    /// The rates of the teacher's appointments, None for a worker who teaches none.
    teacher_rate: Option<f64>,
}

fn date(text: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text?, "%Y-%m-%d").ok()
}

fn workers_on(conn: &Connection, on: NaiveDate) -> Result<Vec<Worker>> {
    let mut stmt = conn.prepare(
        "SELECT m.sex, m.birth_date, m.education_level, m.pedagogical_education,
                m.qualification_category, m.experience_since, m.pedagogical_experience_since,
                m.academic_degree, sum(a.rate),
                sum(a.rate) FILTER (WHERE p.name = 'Учитель' OR p.name LIKE 'Учитель %')
           FROM staff_member m
           JOIN appointment a ON a.staff_member_id = m.id
           JOIN staff_position p ON p.id = a.staff_position_id
          WHERE p.is_pedagogical = 1 AND (a.hired_on IS NULL OR a.hired_on <= ?1)
            AND (a.left_on IS NULL OR a.left_on >= ?1)
          GROUP BY m.id",
    )?;
    let rows = stmt.query_map(params![on], |r| {
        Ok(Worker {
            woman: r.get::<_, String>(0)? == "female",
            birth: date(r.get(1)?),
            education: EducationLevel::from_code(&r.get::<_, String>(2)?),
            pedagogical_education: r.get(3)?,
            category: QualificationCategory::from_code(&r.get::<_, String>(4)?),
            experience_since: date(r.get(5)?),
            pedagogical_since: date(r.get(6)?),
            degree: AcademicDegree::from_code(&r.get::<_, String>(7)?),
            rate: r.get(8)?,
            teacher_rate: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The staff tables on `on`.
pub(super) fn tables(conn: &Connection, on: NaiveDate) -> Result<Vec<Oo1Table>> {
    let all = workers_on(conn, on)?;
    // A teacher's rates in the teachers' rows are those of the teacher's appointments.
    let teachers: Vec<Worker> = all
        .iter()
        .filter_map(|w| w.teacher_rate.map(|rate| Worker { rate, ..w.clone() }))
        .collect();
    let teachers: Vec<&Worker> = teachers.iter().collect();
    let all: Vec<&Worker> = all.iter().collect();
    Ok(vec![
        composition_table(&all, &teachers),
        experience_table(&all, &teachers, on),
        ages_table(&all, &teachers, on),
    ])
}

const PEDAGOGICAL: &str = "Педагогические работники";
const TEACHERS: &str = "из них учителя";

/// A column's title and what it counts of a worker.
type Counted = (&'static str, fn(&Worker) -> f64);

/// Columns of [`composition_table`]: what each counts.
const COMPOSITION: [Counted; 13] = [
    (TOTAL, |_| 1.0),
    ("из них женщин", |w| one(w.woman)),
    ("Высшее образование", |w| {
        one(w.education == EducationLevel::Higher)
    }),
    ("из него педагогическое", |w| {
        one(w.education == EducationLevel::Higher && w.pedagogical_education)
    }),
    ("Среднее профессиональное", |w| {
        one(w.education == EducationLevel::SecondaryVocational)
    }),
    ("из него педагогическое", |w| {
        one(w.education == EducationLevel::SecondaryVocational && w.pedagogical_education)
    }),
    ("Среднее общее", |w| {
        one(w.education == EducationLevel::SecondaryGeneral)
    }),
    (
        "Уровень образования не указан",
        |w| one(w.education == EducationLevel::Unknown),
    ),
    ("Высшая категория", |w| {
        one(w.category == QualificationCategory::Highest)
    }),
    ("Первая категория", |w| {
        one(w.category == QualificationCategory::First)
    }),
    ("Кандидат наук", |w| {
        one(w.degree == AcademicDegree::Candidate)
    }),
    ("Доктор наук", |w| {
        one(w.degree == AcademicDegree::Doctor)
    }),
    ("Занято ставок", |w| w.rate),
];

fn one(yes: bool) -> f64 {
    if yes {
        1.0
    } else {
        0.0
    }
}

fn sums(workers: &[&Worker], columns: &[Counted]) -> Vec<f64> {
    columns
        .iter()
        .map(|(_, f)| workers.iter().map(|w| f(w)).sum())
        .collect()
}

fn composition_table(all: &[&Worker], teachers: &[&Worker]) -> Oo1Table {
    Oo1Table {
        id: "3.1".into(),
        title: "Педагогические работники: образование, квалификационная категория, \
                учёная степень, ставки"
            .into(),
        columns: COMPOSITION.iter().map(|(t, _)| t.to_string()).collect(),
        rows: vec![
            row(PEDAGOGICAL, sums(all, &COMPOSITION)),
            row(TEACHERS, sums(teachers, &COMPOSITION)),
        ],
    }
}

fn row(label: &str, values: Vec<f64>) -> Oo1Row {
    Oo1Row {
        label: label.into(),
        values,
    }
}

/// Experience bands: full years from (inclusive) and to (exclusive), with the titles.
const EXPERIENCE: [(u32, u32, &str); 6] = [
    (0, 3, "до 3 лет"),
    (3, 5, "от 3 до 5 лет"),
    (5, 10, "от 5 до 10 лет"),
    (10, 15, "от 10 до 15 лет"),
    (15, 20, "от 15 до 20 лет"),
    (20, u32::MAX, "20 лет и более"),
];

/// «Всего», a column per band, and the people whose band is not known.
fn banded<T: Copy>(
    workers: &[&Worker],
    band_of: impl Fn(&Worker) -> Option<T>,
    bands: &[(T, T)],
    contains: impl Fn(T, (T, T)) -> bool,
) -> Vec<f64> {
    let mut out = vec![0.0; bands.len() + 2];
    for w in workers {
        out[0] += 1.0;
        let at = band_of(w).and_then(|v| bands.iter().position(|b| contains(v, *b)));
        out[at.map_or(bands.len() + 1, |i| i + 1)] += 1.0;
    }
    out
}

fn experience_table(all: &[&Worker], teachers: &[&Worker], on: NaiveDate) -> Oo1Table {
    let bands: Vec<(u32, u32)> = EXPERIENCE.iter().map(|(a, b, _)| (*a, *b)).collect();
    let years = |since: Option<NaiveDate>| Some(experience_on(since?, on)?.0);
    let count = |workers: &[&Worker], pedagogical: bool| {
        banded(
            workers,
            |w| {
                years(if pedagogical {
                    w.pedagogical_since
                } else {
                    w.experience_since
                })
            },
            &bands,
            |y, (from, to)| from <= y && y < to,
        )
    };
    let mut columns = vec![TOTAL.to_string()];
    columns.extend(EXPERIENCE.iter().map(|(_, _, t)| t.to_string()));
    columns.push("стаж не указан".into());
    Oo1Table {
        id: "3.2".into(),
        title: format!(
            "Педагогические работники по стажу работы на {}",
            ru_date(on)
        ),
        columns,
        rows: vec![
            row(&format!("{PEDAGOGICAL}: общий стаж"), count(all, false)),
            row(&format!("{TEACHERS}: общий стаж"), count(teachers, false)),
            row(
                &format!("{PEDAGOGICAL}: педагогический стаж"),
                count(all, true),
            ),
            row(
                &format!("{TEACHERS}: педагогический стаж"),
                count(teachers, true),
            ),
        ],
    }
}

/// Age bands: full years from (inclusive) and to (exclusive), with the titles.
const AGES: [(i32, i32, &str); 10] = [
    (0, 25, "моложе 25 лет"),
    (25, 30, "25–29"),
    (30, 35, "30–34"),
    (35, 40, "35–39"),
    (40, 45, "40–44"),
    (45, 50, "45–49"),
    (50, 55, "50–54"),
    (55, 60, "55–59"),
    (60, 65, "60–64"),
    (65, i32::MAX, "65 и более"),
];

fn women<'a>(workers: &[&'a Worker]) -> Vec<&'a Worker> {
    workers.iter().copied().filter(|w| w.woman).collect()
}

fn ages_table(all: &[&Worker], teachers: &[&Worker], on: NaiveDate) -> Oo1Table {
    let day = age_day(on);
    let bands: Vec<(i32, i32)> = AGES.iter().map(|(a, b, _)| (*a, *b)).collect();
    let count = |workers: &[&Worker]| {
        banded(
            workers,
            |w| Some(full_years(w.birth?, day)),
            &bands,
            |y, (from, to)| from <= y && y < to,
        )
    };
    let mut columns = vec![TOTAL.to_string()];
    columns.extend(AGES.iter().map(|(_, _, t)| t.to_string()));
    columns.push("возраст не указан".into());
    Oo1Table {
        id: "3.3".into(),
        title: format!(
            "Педагогические работники по возрасту (полных лет на {})",
            ru_date(day)
        ),
        columns,
        rows: vec![
            row(PEDAGOGICAL, count(all)),
            row("из них женщины", count(&women(all))),
            row("Учителя", count(teachers)),
            row("из учителей женщины", count(&women(teachers))),
        ],
    }
}
