//! The demo's people: the same every run, and each part as a school keeps it.

use super::*;

fn demo() -> (Db, i64) {
    let db = Db::in_memory().unwrap();
    super::super::create(&db).unwrap();
    let year = year::current(&db).unwrap().unwrap().id.unwrap();
    (db, year)
}

/// Every row of the people's tables, in id order, as text.
fn dump(db: &Db) -> String {
    let mut out = String::new();
    for table in [
        "staff_member",
        "appointment",
        "class",
        "student",
        "placement",
        "movement",
        "school_order",
        "guardian",
        "student_guardian",
        "consent",
    ] {
        let mut stmt = db
            .conn()
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for c in 0..columns {
                let v: rusqlite::types::Value = row.get(c).unwrap();
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn demo_people_are_the_same_every_time() {
    let (a, _) = demo();
    let (b, _) = demo();
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn demo_people_fill_the_school() {
    let (db, year) = demo();
    let on = date(2026, 10, 1);
    let staff_now = staff::list(&db, on, false).unwrap();
    assert!(
        (55..=70).contains(&staff_now.len()),
        "{} staff",
        staff_now.len()
    );
    assert_eq!(
        staff::list(&db, on, true).unwrap().len(),
        staff_now.len() + 3
    );
    assert!(staff_now
        .iter()
        .any(|s| s.full_name == "Кириллова Наталья Викторовна"));
    assert!(
        staff_now.iter().any(|s| s.positions.contains(", ")),
        "two positions"
    );

    let classes = classes::list(&db, year, on).unwrap();
    assert_eq!(classes.len(), 31);
    assert_eq!(classes[0].label, "1 А");
    assert_eq!(classes[0].term_scheme_name, year::QUARTERS_GRADE_1);
    assert_eq!(classes[3].term_scheme_name, year::QUARTERS);
    assert_eq!(classes[0].bell_schedule_name, "Начальные классы");
    assert_eq!(classes[30].label, "11 Б");
    assert_eq!(classes[30].term_scheme_name, year::HALVES);
    assert_eq!(classes[30].bell_schedule_name, "Основное");
    assert!(classes.iter().all(|c| !c.class_teacher_name.is_empty()));
    assert!(classes.iter().all(|c| !c.room_number.is_empty()));
    assert!(classes
        .iter()
        .all(|c| c.boys > 5 && c.girls > 5 && c.total >= 17));
    let teachers: std::collections::HashSet<_> =
        classes.iter().map(|c| c.class.class_teacher_id).collect();
    assert_eq!(teachers.len(), 31, "one class each");

    let all = students::list(&db, year, None, None).unwrap();
    assert!((730..=800).contains(&all.len()), "{} students", all.len());
    let studying = students::list(&db, year, None, Some(on)).unwrap();
    assert_eq!(
        all.len() - studying.len(),
        4 + 2,
        "four left in September, two arrive in October (demo/movement.rs)"
    );
    let total: i32 = classes.iter().map(|c| c.total).sum();
    assert_eq!(total as usize, studying.len());

    // Every student is valid as saved, and the patronymic agrees with the sex.
    for row in &all {
        let s = students::get(&db, row.id).unwrap();
        let warnings = students::check(&db, &s, on).unwrap();
        assert!(warnings.is_empty(), "{}: {warnings:?}", s.full_name());
        let grade = classes
            .iter()
            .find(|c| c.class.id == s.class_id)
            .unwrap()
            .class
            .grade;
        let age = crate::people::age_on(s.birth_date.unwrap(), date(2026, 9, 1));
        assert!(
            (grade + 5..=grade + 7).contains(&age),
            "{} {age}",
            s.full_name()
        );
    }
    // Siblings share guardians; most have consents.
    let shared: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM guardian g WHERE (SELECT count(*) FROM student_guardian l
             WHERE l.guardian_id = g.id) > 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(shared > 50, "{shared} guardians with several children");
    let missing = students::missing_consents(&db, year, on).unwrap();
    let own = missing.iter().filter(|m| m.guardian_id.is_none()).count();
    assert!(
        own > 10 && own < studying.len() / 5,
        "{own} students without consent"
    );
    assert!(missing.iter().any(|m| m.guardian_id.is_some()));
}
