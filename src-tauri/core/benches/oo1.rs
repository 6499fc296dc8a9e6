//! How long the tables of form ОО-1 take (issue 11, «Speed»: under 50 ms for a school of 2,000
//! students), on generated schools of 2,000 and 20,000 students in classes of 25 (grades 1–11)
//! with last year's classes and departures (the leavers, the graduates by the council's
//! decisions), English for all and a second language in subgroups named by the language in
//! grades 5–9, ОВЗ, disabilities and study forms spread, and a teacher for every 17 students.
//! `cargo bench -p zavuch-core --bench oo1` prints the figures (docs/benchmarks.md).

mod common;

use chrono::NaiveDate;
use common::median;
use rusqlite::{params, Connection};
use std::time::Duration;
use zavuch_core::forms::oo1;
use zavuch_core::Db;

const CLASS_SIZE: usize = 25;
const NEEDS: [&str; 4] = ["intellectual", "speech", "developmental_delay", "autism"];
const FORMS: [&str; 3] = ["home", "family", "extramural"];

fn insert(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> rusqlite::Result<i64> {
    conn.execute(sql, p)?;
    Ok(conn.last_insert_rowid())
}

/// Classes of `year` for `students`: (id, grade), `per_grade` a grade.
fn classes(conn: &Connection, year: i64, count: usize) -> rusqlite::Result<Vec<(i64, i64)>> {
    let per_grade = count.div_ceil(11);
    (0..count)
        .map(|c| {
            let grade = (1 + c / per_grade) as i64;
            let letter = format!("{}", c % per_grade + 1);
            let id = insert(
                conn,
                "INSERT INTO class (academic_year_id, grade, letter, letter_key) VALUES (?1, ?2, ?3, ?3)",
                params![year, grade, letter],
            )?;
            Ok((id, grade))
        })
        .collect()
}

/// A school file of `students` students this year, most of them here last year a grade lower.
fn school(dir: &std::path::Path, students: usize) -> Result<Db, Box<dyn std::error::Error>> {
    let db = Db::open(&dir.join(format!("oo1-{students}.zavuch")))?;
    db.write(|conn| {
        let last = insert(conn, "INSERT INTO academic_year (name, starts_on, ends_on) VALUES ('2025-2026', '2025-09-01', '2026-08-31')", [])?;
        let year = insert(conn, "INSERT INTO academic_year (name, starts_on, ends_on, is_current) VALUES ('2026-2027', '2026-09-01', '2027-08-31', 1)", [])?;
        let count = students.div_ceil(CLASS_SIZE);
        let now = classes(conn, year, count)?;
        let before = classes(conn, last, count)?;
        let subject = |name: &str| {
            insert(conn, "INSERT INTO subject (name, area) VALUES (?1, 'Иностранные языки')", [name])
        };
        let (english, second) = (subject("Иностранный язык (английский)")?, subject("Второй иностранный язык")?);
        let mut groups = Vec::new();
        for (class, grade) in &now {
            let c = insert(conn, "INSERT INTO curriculum (academic_year_id, kind, class_id) VALUES (?1, 'class', ?2)", params![year, class])?;
            let mut line = conn.prepare_cached("INSERT INTO curriculum_line (curriculum_id, position, part, subject_id, hours_first, hours_second) VALUES (?1, ?2, 'mandatory', ?3, 2, 2)")?;
            line.execute(params![c, 0, english])?;
            if (5..=9).contains(grade) {
                line.execute(params![c, 1, second])?;
                let split = insert(conn, "INSERT INTO subgroup_split (academic_year_id, subject_id) VALUES (?1, ?2)", params![year, second])?;
                conn.execute("INSERT INTO subgroup_split_class (split_id, academic_year_id, subject_id, class_id) VALUES (?1, ?2, ?3, ?4)", params![split, year, second, class])?;
                let german = insert(conn, "INSERT INTO subgroup (split_id, name) VALUES (?1, 'Немецкий')", [split])?;
                let french = insert(conn, "INSERT INTO subgroup (split_id, name) VALUES (?1, 'Французский')", [split])?;
                groups.push((*class, split, [german, french]));
            }
        }
        let mut student = conn.prepare(
            "INSERT INTO student (last_name, first_name, name_key, sex, birth_date, study_form, disability, special_needs)
             VALUES (?1, 'Имя', ?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut place = conn.prepare(
            "INSERT INTO placement (academic_year_id, class_id, student_id, starts_on, left_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut member = conn.prepare("INSERT INTO subgroup_member (subgroup_id, split_id, student_id) VALUES (?1, ?2, ?3)")?;
        for i in 0..students {
            let (class, grade) = now[i % count];
            let born = NaiveDate::from_ymd_opt(2026 - 6 - grade as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap();
            student.execute(params![
                format!("Фамилия{i}"),
                if i % 2 == 0 { "male" } else { "female" },
                born,
                if i % 50 == 0 { FORMS[i / 50 % 3] } else { "full_time" },
                i % 40 == 0,
                if i % 30 == 0 { NEEDS[i / 30 % 4] } else { "none" },
            ])?;
            let id = conn.last_insert_rowid();
            place.execute(params![year, class, id, "2026-09-01", None::<String>])?;
            if let Some((_, split, [german, french])) = groups.iter().find(|g| g.0 == class) {
                member.execute(params![if i % 3 == 0 { french } else { german }, split, id])?;
            }
            // Last year a grade lower (the first grade was not here); every 25th left then.
            if grade > 1 {
                let (old, _) = before[(i % count).saturating_sub(count.div_ceil(11))];
                place.execute(params![last, old, id, "2025-09-01", None::<String>])?;
            }
            if i % 25 == 0 {
                let (old, _) = before[i % count];
                let gone = insert(conn, "INSERT INTO student (last_name, first_name, name_key, sex, birth_date) VALUES ('Выбывший', 'Имя', 'в', 'male', '2012-05-05')", [])?;
                place.execute(params![last, old, gone, "2025-09-01", "2026-03-02"])?;
                conn.execute("INSERT INTO movement (student_id, academic_year_id, kind, occurred_on, from_class_id, departure_reason) VALUES (?1, ?2, 'departure', '2026-03-02', ?3, 'other_school')", params![gone, last, old])?;
            }
        }
        for t in 0..students / 17 {
            let m = insert(conn,
                "INSERT INTO staff_member (last_name, first_name, sex, birth_date, education_level, pedagogical_education, qualification_category, experience_since, pedagogical_experience_since)
                 VALUES ('Учитель', 'Имя', ?1, ?2, 'higher', 1, ?3, ?4, ?4)",
                params![
                    if t % 5 == 0 { "male" } else { "female" },
                    NaiveDate::from_ymd_opt(1960 + (t % 40) as i32, 3, 3).unwrap(),
                    ["none", "first", "highest"][t % 3],
                    NaiveDate::from_ymd_opt(1985 + (t % 40) as i32, 9, 1).unwrap(),
                ])?;
            conn.execute("INSERT INTO appointment (staff_member_id, staff_position_id, rate) VALUES (?1, (SELECT id FROM staff_position WHERE name = 'Учитель'), 1.25)", [m])?;
        }
        Ok(())
    })?;
    Ok(db)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let on = NaiveDate::from_ymd_opt(2026, 9, 20).unwrap();
    let mut first = None;
    for students in [2_000, 20_000] {
        let db = school(dir.path(), students)?;
        let form = oo1::compute(&db, on)?;
        let total = form.table("2.1.1").expect("2.1.1").rows[1].values[15];
        assert_eq!(total, students as f64);
        let compute = median(7, || {
            oo1::compute(&db, on).expect("the form");
        });
        let pdf = median(3, || {
            oo1::pdf(&form);
        });
        let xlsx = median(3, || {
            oo1::xlsx(&form).expect("the workbook");
        });
        let ratio = first.map_or(String::new(), |f: Duration| {
            format!(
                ", {:.1}× the 2,000",
                compute.as_secs_f64() / f.as_secs_f64()
            )
        });
        first.get_or_insert(compute);
        println!(
            "{students} students, {} tables: ОО-1 {:.1} ms{ratio}; PDF {:.1} ms; .xlsx {:.1} ms",
            form.tables.len(),
            compute.as_secs_f64() * 1000.0,
            pdf.as_secs_f64() * 1000.0,
            xlsx.as_secs_f64() * 1000.0,
        );
    }
    Ok(())
}
