//! Migration 0013 (the fields form ОО-1 asks for) tested on the demo school made by the build
//! before it (schema 12; `fixtures/demo-v12.zavuch.gz`, trimmed of its timetable, plans, marks,
//! guardians and consents) and on education lines as people type them.

use super::*;
use crate::staff::{AcademicDegree, EducationLevel};
use crate::students::SpecialNeeds;
use std::collections::BTreeMap;

/// Every staff member's education line by id.
fn education_lines(conn: &Connection) -> BTreeMap<i64, String> {
    let mut stmt = conn
        .prepare("SELECT id, education FROM staff_member")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn the_previous_versions_demo_keeps_every_card_and_reads_the_education_level() {
    let dir = tempfile::tempdir().unwrap();
    let path = super::migration_tests::fixture(dir.path(), "demo-v12.zavuch.gz");
    let (lines, students) = {
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 12);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM student", [], |r| r.get(0))
            .unwrap();
        (education_lines(&conn), n)
    };
    let db = Db::open(&path).unwrap();
    assert_eq!(
        education_lines(db.conn()),
        lines,
        "the details stay as typed"
    );
    let members = crate::staff::all_members(db.conn()).unwrap();
    assert_eq!(members.len(), lines.len());
    for m in &members {
        let expected = match m.education.split(',').next().unwrap() {
            "высшее" => EducationLevel::Higher,
            "среднее профессиональное" => {
                EducationLevel::SecondaryVocational
            }
            other => panic!("the demo of version 12 has no level «{other}»"),
        };
        assert_eq!(m.education_level, expected, "{}", m.education);
        assert_eq!(m.experience_since, None);
        assert_eq!(m.category_awarded_on, None);
        assert_eq!(m.academic_degree, AcademicDegree::None);
    }
    let engineer = members
        .iter()
        .find(|m| m.education.ends_with("инженер-строитель") && !m.education.contains("едагог"));
    assert!(engineer.is_none_or(|m| !m.pedagogical_education));
    assert!(members
        .iter()
        .filter(|m| m.education.contains("учитель"))
        .all(|m| m.pedagogical_education));

    let conn = db.conn();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM student"), students);
    assert_eq!(
        count("SELECT count(*) FROM student WHERE disability = 0 AND special_needs = 'none'"),
        students
    );
    assert_eq!(crate::school::get(&db).unwrap().district_url, "");
}

/// Education lines as schools typed them, each read to a level and whether it is pedagogical.
#[test]
fn education_typed_in_any_way_is_read_as_it_reads() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.create_collation(RU, compare_ru).unwrap();
    let old: Vec<M> = MIGRATION_SQL[..12].iter().map(|&sql| M::up(sql)).collect();
    Migrations::new(old).to_latest(&mut conn).unwrap();
    let cases = [
        ("Высшее педагогическое", "higher", true),
        ("высшее, ОГУ, 2002, учитель математики", "higher", true),
        (
            "Орловский государственный университет, экономист",
            "higher",
            false,
        ),
        ("бакалавр, программная инженерия", "higher", false),
        ("ГПИ, 1985", "unknown", true),
        (
            "Среднее профессиональное, Ливенский педагогический колледж",
            "secondary_vocational",
            true,
        ),
        (
            "среднее специальное, техникум",
            "secondary_vocational",
            false,
        ),
        ("СПО, воспитатель", "secondary_vocational", true),
        ("среднее общее", "secondary_general", false),
        ("", "unknown", false),
    ];
    for (i, (text, _, _)) in cases.iter().enumerate() {
        conn.execute(
            "INSERT INTO staff_member (id, last_name, first_name, sex, education)
             VALUES (?1, 'Иванова', 'Анна', 'female', ?2)",
            rusqlite::params![i as i64 + 1, text],
        )
        .unwrap();
    }
    let latest: Vec<M> = MIGRATION_SQL.iter().map(|&sql| M::up(sql)).collect();
    Migrations::new(latest).to_latest(&mut conn).unwrap();
    for (i, (text, level, pedagogical)) in cases.iter().enumerate() {
        let (l, p): (String, bool) = conn
            .query_row(
                "SELECT education_level, pedagogical_education FROM staff_member WHERE id = ?1",
                [i as i64 + 1],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((l.as_str(), p), (*level, *pedagogical), "«{text}»");
    }
    let student_default: String = conn
        .query_row(
            "SELECT dflt_value FROM pragma_table_info('student') WHERE name = 'special_needs'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(student_default, format!("'{}'", SpecialNeeds::None.code()));
}
