//! How long «Движение обучающихся» for a whole year takes (issue 10, «Speed»: under 50 ms for
//! 2,000 students, linear), on generated schools of 2,000 and 20,000 students in classes of 25
//! (grades 1–11) with a year of movements: every 20th student moved to another class of the
//! grade, every 25th gone, one newcomer for every 30 students, on days spread over the year.
//! `cargo bench -p zavuch-core --bench movement_report` prints the figures (docs/benchmarks.md).

mod common;

use chrono::{Duration as Days, NaiveDate};
use common::median;
use rusqlite::params;
use std::time::Duration;
use zavuch_core::forms::movement;
use zavuch_core::{year, Db};

const CLASS_SIZE: usize = 25;
const LETTERS: [&str; 8] = ["А", "Б", "В", "Г", "Д", "Е", "Ж", "И"];

fn day(n: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 2).unwrap() + Days::days((n % 250) as i64)
}

/// A school file of `students` students placed on 1 September, and the year's movements.
fn school(
    dir: &std::path::Path,
    students: usize,
) -> Result<(Db, NaiveDate, NaiveDate), Box<dyn std::error::Error>> {
    let db = Db::open(&dir.join(format!("school-{students}.zavuch")))?;
    let detail = year::init(&db, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())?;
    let year = detail.year.id.expect("stored");
    let (from, to) = (detail.year.starts_on.unwrap(), detail.year.ends_on.unwrap());
    let classes = students.div_ceil(CLASS_SIZE);
    let per_grade = classes.div_ceil(11);
    db.write(|conn| {
        let mut class_ids = Vec::with_capacity(classes);
        for c in 0..classes {
            let (grade, letter) = (1 + c / per_grade, LETTERS[c % per_grade % LETTERS.len()]);
            let letter = format!("{letter}{}", c % per_grade / LETTERS.len() + 1);
            conn.execute(
                "INSERT INTO class (academic_year_id, grade, letter, letter_key) VALUES (?1, ?2, ?3, ?3)",
                params![year, grade as i64, letter],
            )?;
            class_ids.push(conn.last_insert_rowid());
        }
        let mut student = conn.prepare(
            "INSERT INTO student (file_number, file_number_key, last_name, first_name, name_key, sex, birth_date)
             VALUES (?1, ?1, ?2, 'Иван', ?2, ?3, '2015-03-01')",
        )?;
        let mut place = conn.prepare(
            "INSERT INTO placement (academic_year_id, class_id, student_id, starts_on, left_on)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut event = conn.prepare(
            "INSERT INTO movement (student_id, academic_year_id, kind, occurred_on, from_class_id,
                                   to_class_id, origin, departure_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let newcomers = students / 30;
        for i in 0..students + newcomers {
            let class = class_ids[i % classes];
            let sex = if i % 2 == 0 { "male" } else { "female" };
            student.execute(params![format!("н-{i}"), format!("Фамилия{i}"), sex])?;
            let id = conn.last_insert_rowid();
            let on = day(i * 7);
            if i >= students {
                place.execute(params![year, class, id, on, None::<NaiveDate>])?;
                event.execute(params![id, year, "arrival", on, None::<i64>, class, "same_region", None::<String>])?;
            } else if i % 20 == 0 {
                let other = class_ids[(i + per_grade.max(2) - 1) % classes];
                place.execute(params![year, class, id, from, on])?;
                place.execute(params![year, other, id, on, None::<NaiveDate>])?;
                event.execute(params![id, year, "transfer", on, class, other, None::<String>, None::<String>])?;
            } else if i % 25 == 0 {
                place.execute(params![year, class, id, from, on])?;
                event.execute(params![id, year, "departure", on, class, None::<i64>, None::<String>, "other_school"])?;
            } else {
                place.execute(params![year, class, id, from, None::<NaiveDate>])?;
            }
        }
        Ok(())
    })?;
    Ok((db, from, to))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut first = None;
    for students in [2_000, 20_000] {
        let (db, from, to) = school(dir.path(), students)?;
        let r = movement::compute(&db, from, to)?;
        let total = r.school_total();
        assert_eq!(total.start + total.arrived() - total.left(), total.end);
        let report = median(7, || {
            movement::compute(&db, from, to).expect("the report");
        });
        let pdf = median(3, || {
            movement::pdf(&r);
        });
        let xlsx = median(3, || {
            movement::xlsx(&r).expect("the workbook");
        });
        let ratio = first.map_or(String::new(), |f: Duration| {
            format!(", {:.1}× the 2,000", report.as_secs_f64() / f.as_secs_f64())
        });
        first.get_or_insert(report);
        println!(
            "{students} students, {} classes, {} moved in the year (start {}, arrived {}, left {}, end {}): \
             report {:.1} ms{ratio}; PDF {:.1} ms ({} lines listed); .xlsx {:.1} ms",
            r.classes().count(),
            r.lines.len(),
            total.start,
            total.arrived(),
            total.left(),
            total.end,
            report.as_secs_f64() * 1000.0,
            pdf.as_secs_f64() * 1000.0,
            r.lines.len(),
            xlsx.as_secs_f64() * 1000.0,
        );
    }
    Ok(())
}
