//! Tests of academic years, term schemes, holidays and the usual calendar of a new year.

use super::read::scheme;
use super::usual::period;
use super::*;
use crate::db::Db;
use crate::error::CoreError;
use chrono::Datelike;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn year_2026() -> AcademicYear {
    default_for(date(2026, 9, 1))
}

fn fields(err: CoreError) -> Vec<(String, String)> {
    assert_eq!(err.code(), "invalid", "{err}");
    err.fields()
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect()
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_string(), code.to_string())
}

fn term(name: &str, s: NaiveDate, e: NaiveDate) -> Term {
    period(name, s, e)
}

/// A year saved bare, without the usual schemes.
fn bare_year(db: &Db) -> i64 {
    save(db, &year_2026()).unwrap().id.unwrap()
}

fn scheme_named(d: &YearDetail, name: &str) -> TermScheme {
    d.schemes
        .iter()
        .find(|s| s.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no scheme {name}"))
}

fn dates(t: &Term) -> (NaiveDate, NaiveDate) {
    (t.starts_on.unwrap(), t.ends_on.unwrap())
}

fn count(db: &Db, table: &str) -> i64 {
    db.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn default_year_by_date() {
    let y = default_for(date(2026, 9, 1));
    assert_eq!(y.name, "2026-2027");
    assert_eq!(y.starts_on, Some(date(2026, 9, 1)));
    assert_eq!(y.ends_on, Some(date(2027, 8, 31)));
    assert!(!y.is_current && y.id.is_none());
    assert_eq!(default_for(date(2026, 8, 31)).name, "2025-2026");
    assert_eq!(default_for(date(2026, 8, 15)).name, "2025-2026");
    assert_eq!(default_for(date(2027, 1, 10)).name, "2026-2027");
    assert_eq!(default_for(date(2026, 12, 31)).name, "2026-2027");
}

#[test]
fn saves_lists_newest_first_and_reads_back() {
    let db = Db::in_memory().unwrap();
    assert!(list(&db).unwrap().is_empty());
    assert_eq!(current(&db).unwrap(), None);
    let a = save(&db, &default_for(date(2025, 9, 1))).unwrap();
    let b = save(&db, &year_2026()).unwrap();
    assert_eq!(b.name, "2026-2027");
    let names: Vec<_> = list(&db).unwrap().into_iter().map(|y| y.name).collect();
    assert_eq!(names, vec!["2026-2027", "2025-2026"]);
    let d = detail(&db, a.id.unwrap()).unwrap();
    assert_eq!(d.year, a);
    assert!(d.schemes.is_empty() && d.holidays.is_empty());
    assert_eq!(detail(&db, 999).unwrap_err().code(), "not_found");
}

#[test]
fn year_name_is_normalised() {
    let db = Db::in_memory().unwrap();
    let y = AcademicYear {
        name: " 2026 – 2027 ".into(),
        ..year_2026()
    };
    assert_eq!(save(&db, &y).unwrap().name, "2026-2027");
}

#[test]
fn year_name_format_and_mismatch() {
    let db = Db::in_memory().unwrap();
    for bad in [
        "2026/2027",
        "2026-2028",
        "26-27",
        "2026",
        "учебный год",
        "2026-2027-2028",
    ] {
        let y = AcademicYear {
            name: bad.into(),
            ..year_2026()
        };
        assert_eq!(
            fields(save(&db, &y).unwrap_err()),
            vec![pair("name", "year_name_format")],
            "{bad}"
        );
    }
    let y = AcademicYear {
        name: "2025-2026".into(),
        ..year_2026()
    };
    let err = save(&db, &y).unwrap_err();
    assert_eq!(fields(err), vec![pair("name", "year_name_mismatch")]);
    let err = save(&db, &y).unwrap_err();
    assert!(err.fields()[0].message.contains("«2026-2027»"));
    assert!(list(&db).unwrap().is_empty());
}

#[test]
fn year_dates_required_and_in_order_all_reported_at_once() {
    let db = Db::in_memory().unwrap();
    let y = AcademicYear {
        id: None,
        name: String::new(),
        starts_on: None,
        ends_on: None,
        is_current: false,
    };
    assert_eq!(
        fields(save(&db, &y).unwrap_err()),
        vec![
            pair("name", "required"),
            pair("starts_on", "required"),
            pair("ends_on", "required"),
        ]
    );
    let y = AcademicYear {
        starts_on: Some(date(2027, 8, 31)),
        ends_on: Some(date(2026, 9, 1)),
        ..year_2026()
    };
    assert_eq!(
        fields(save(&db, &y).unwrap_err()),
        vec![pair("ends_on", "end_before_start")]
    );
    let same_day = AcademicYear {
        ends_on: Some(date(2026, 9, 1)),
        ..year_2026()
    };
    assert_eq!(
        fields(save(&db, &same_day).unwrap_err()),
        vec![pair("ends_on", "end_before_start")]
    );
}

#[test]
fn a_year_starts_in_one_calendar_year_and_ends_in_the_next() {
    let db = Db::in_memory().unwrap();
    for ends in [date(2028, 8, 31), date(2026, 12, 31)] {
        let y = AcademicYear {
            ends_on: Some(ends),
            ..year_2026()
        };
        assert_eq!(
            fields(save(&db, &y).unwrap_err()),
            vec![pair("ends_on", "year_span")],
            "{ends}"
        );
    }
    let edited = AcademicYear {
        starts_on: Some(date(2026, 9, 2)),
        ends_on: Some(date(2027, 6, 30)),
        ..year_2026()
    };
    assert_eq!(save(&db, &edited).unwrap().ends_on, Some(date(2027, 6, 30)));
}

#[test]
fn year_names_are_unique() {
    let db = Db::in_memory().unwrap();
    let y = save(&db, &year_2026()).unwrap();
    assert_eq!(
        fields(save(&db, &year_2026()).unwrap_err()),
        vec![pair("name", "duplicate_name")]
    );
    assert_eq!(
        fields(create_with_usual_schemes(&db, &year_2026()).unwrap_err()),
        vec![pair("name", "duplicate_name")]
    );
    // Saving the year itself again is not a duplicate.
    assert_eq!(save(&db, &y).unwrap(), y);
    assert_eq!(list(&db).unwrap().len(), 1);
}

#[test]
fn saving_a_missing_year_is_not_found() {
    let db = Db::in_memory().unwrap();
    let y = AcademicYear {
        id: Some(42),
        ..year_2026()
    };
    assert_eq!(save(&db, &y).unwrap_err().code(), "not_found");
    assert_eq!(set_current(&db, 42).unwrap_err().code(), "not_found");
}

#[test]
fn one_current_year_only() {
    let db = Db::in_memory().unwrap();
    let old = save(
        &db,
        &AcademicYear {
            is_current: true,
            ..default_for(date(2025, 9, 1))
        },
    )
    .unwrap();
    assert_eq!(current(&db).unwrap().unwrap().id, old.id);
    let new = save(
        &db,
        &AcademicYear {
            is_current: true,
            ..year_2026()
        },
    )
    .unwrap();
    assert_eq!(current(&db).unwrap().unwrap().id, new.id);
    let flags: Vec<_> = list(&db).unwrap().iter().map(|y| y.is_current).collect();
    assert_eq!(flags, vec![true, false]);

    // Back to the older year (lower id), then forth.
    set_current(&db, old.id.unwrap()).unwrap();
    assert_eq!(current(&db).unwrap().unwrap().id, old.id);
    set_current(&db, new.id.unwrap()).unwrap();
    set_current(&db, new.id.unwrap()).unwrap();
    assert_eq!(current(&db).unwrap().unwrap().id, new.id);
    let n: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM academic_year WHERE is_current = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);

    // A year created current takes the mark too.
    let later = create_with_usual_schemes(
        &db,
        &AcademicYear {
            is_current: true,
            ..default_for(date(2027, 9, 1))
        },
    )
    .unwrap();
    assert_eq!(current(&db).unwrap().unwrap().id, later.year.id);
}

#[test]
fn usual_schemes_of_2026_2027() {
    let db = Db::in_memory().unwrap();
    let d = create_with_usual_schemes(&db, &year_2026()).unwrap();
    let names: Vec<_> = d.schemes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        vec![QUARTERS, QUARTERS_GRADE_1, TRIMESTERS, HALVES],
        "in the order they were created, the usual one first"
    );

    let q = scheme_named(&d, QUARTERS);
    let q_dates: Vec<_> = q.terms.iter().map(dates).collect();
    assert_eq!(
        q_dates,
        vec![
            (date(2026, 9, 1), date(2026, 10, 24)),
            (date(2026, 11, 5), date(2026, 12, 28)),
            (date(2027, 1, 12), date(2027, 3, 20)),
            (date(2027, 3, 30), date(2027, 5, 26)),
        ]
    );
    assert_eq!(q.terms[0].name, "1 четверть");
    let g1 = scheme_named(&d, QUARTERS_GRADE_1);
    assert_eq!(g1.terms.iter().map(dates).collect::<Vec<_>>(), q_dates);

    let t = scheme_named(&d, TRIMESTERS);
    assert_eq!(
        t.terms.iter().map(dates).collect::<Vec<_>>(),
        vec![
            (date(2026, 9, 1), date(2026, 11, 30)),
            (date(2026, 12, 1), date(2027, 2, 28)),
            (date(2027, 3, 1), date(2027, 5, 26)),
        ]
    );
    let h = scheme_named(&d, HALVES);
    assert_eq!(
        h.terms.iter().map(dates).collect::<Vec<_>>(),
        vec![
            (date(2026, 9, 1), date(2026, 12, 28)),
            (date(2027, 1, 12), date(2027, 5, 26)),
        ]
    );

    let holidays: Vec<_> = d
        .holidays
        .iter()
        .map(|h| {
            (
                h.name.as_str(),
                h.term_scheme_id,
                h.starts_on.unwrap(),
                h.ends_on.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        holidays,
        vec![
            (
                "Осенние каникулы",
                None,
                date(2026, 10, 25),
                date(2026, 11, 4)
            ),
            (
                "Зимние каникулы",
                None,
                date(2026, 12, 29),
                date(2027, 1, 11)
            ),
            (
                "Дополнительные каникулы для первоклассников",
                g1.id,
                date(2027, 2, 15),
                date(2027, 2, 21)
            ),
            (
                "Весенние каникулы",
                None,
                date(2027, 3, 21),
                date(2027, 3, 29)
            ),
        ]
    );
    // The grade-1 week falls inside the third quarter, and only grade 1 has it.
    assert!(q_dates[2].0 < date(2027, 2, 15) && date(2027, 2, 21) < q_dates[2].1);
    let scheme_only: Vec<_> = d.holidays.iter().filter_map(|h| h.term_scheme_id).collect();
    assert_eq!(scheme_only, vec![g1.id.unwrap()]);
    assert_eq!(d, detail(&db, d.year.id.unwrap()).unwrap());
}

#[test]
fn usual_schemes_fit_every_year_of_a_century() {
    let db = Db::in_memory().unwrap();
    for y in 2000..2100 {
        let d = create_with_usual_schemes(&db, &default_for(date(y, 9, 1)))
            .unwrap_or_else(|e| panic!("{y}: {e}"));
        let q = scheme_named(&d, QUARTERS);
        for pair in q.terms.windows(2) {
            assert!(dates(&pair[0]).1 < dates(&pair[1]).0, "{y}");
        }
        // Lessons end on Saturday or earlier before each holiday, and the rest is a week or more.
        for h in d.holidays.iter().filter(|h| h.term_scheme_id.is_none()) {
            let (s, e) = (h.starts_on.unwrap(), h.ends_on.unwrap());
            assert!((e - s).num_days() >= 7, "{y}: {}", h.name);
        }
        let extra = d
            .holidays
            .iter()
            .find(|h| h.term_scheme_id.is_some())
            .unwrap();
        let s = extra.starts_on.unwrap();
        assert_eq!(s.weekday(), chrono::Weekday::Mon);
        assert!((12..=18).contains(&s.day()) && s.month() == 2, "{y}: {s}");
    }
}

#[test]
fn usual_schemes_follow_an_edited_year() {
    let db = Db::in_memory().unwrap();
    let y = AcademicYear {
        starts_on: Some(date(2026, 9, 2)),
        ends_on: Some(date(2027, 5, 25)),
        ..year_2026()
    };
    let d = create_with_usual_schemes(&db, &y).unwrap();
    for s in &d.schemes {
        assert_eq!(s.terms[0].starts_on, Some(date(2026, 9, 2)), "{}", s.name);
        assert_eq!(s.terms.last().unwrap().ends_on, Some(date(2027, 5, 25)));
    }
}

#[test]
fn create_refuses_a_bad_year_and_writes_nothing() {
    let db = Db::in_memory().unwrap();
    let y = AcademicYear {
        name: "2026".into(),
        ..year_2026()
    };
    assert_eq!(
        create_with_usual_schemes(&db, &y).unwrap_err().code(),
        "invalid"
    );
    for table in ["academic_year", "term_scheme", "term", "holiday"] {
        assert_eq!(count(&db, table), 0, "{table}");
    }
}

#[test]
fn create_is_all_or_nothing() {
    let db = Db::in_memory().unwrap();
    db.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON holiday
             WHEN NEW.name = 'Весенние каникулы' BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    assert_eq!(
        create_with_usual_schemes(&db, &year_2026())
            .unwrap_err()
            .code(),
        "db"
    );
    for table in ["academic_year", "term_scheme", "term", "holiday"] {
        assert_eq!(count(&db, table), 0, "{table}");
    }
}

#[test]
fn init_is_deterministic_and_repeatable() {
    let today = date(2026, 10, 1);
    let a = Db::in_memory().unwrap();
    let b = Db::in_memory().unwrap();
    let da = init(&a, today).unwrap();
    assert_eq!(da, init(&b, today).unwrap());
    assert_eq!(da.year.name, "2026-2027");
    assert!(da.year.is_current);
    assert_eq!(da.schemes.len(), 4);
    assert_eq!(current(&a).unwrap(), Some(da.year.clone()));
    assert!(count(&a, "subject") > 0, "federal subjects seeded");
    let subjects = count(&a, "subject");

    // Again on the same file: nothing new.
    assert_eq!(init(&a, today).unwrap(), da);
    assert_eq!(count(&a, "academic_year"), 1);
    assert_eq!(count(&a, "term"), count(&b, "term"));
    assert_eq!(count(&a, "subject"), subjects);

    // In August the year that is ending is the current one.
    let c = Db::in_memory().unwrap();
    assert_eq!(init(&c, date(2026, 8, 20)).unwrap().year.name, "2025-2026");
}

#[test]
fn init_makes_an_existing_year_current() {
    let db = Db::in_memory().unwrap();
    let other = save(
        &db,
        &AcademicYear {
            is_current: true,
            ..default_for(date(2025, 9, 1))
        },
    )
    .unwrap();
    let existing = save(&db, &year_2026()).unwrap();
    let d = init(&db, date(2026, 9, 1)).unwrap();
    assert_eq!(d.year.id, existing.id);
    assert!(d.year.is_current);
    assert!(!detail(&db, other.id.unwrap()).unwrap().year.is_current);
}

fn quarters(year_id: i64) -> TermScheme {
    TermScheme {
        id: None,
        academic_year_id: year_id,
        name: "Четверти".into(),
        terms: vec![
            term("1 четверть", date(2026, 9, 1), date(2026, 10, 24)),
            term("2 четверть", date(2026, 11, 5), date(2026, 12, 28)),
        ],
    }
}

#[test]
fn scheme_saved_with_its_terms_in_order() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    let s = save_scheme(&db, &quarters(year_id)).unwrap();
    assert!(s.id.is_some());
    let names: Vec<_> = s.terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["1 четверть", "2 четверть"]);
    assert!(s.terms.iter().all(|t| t.id.is_some()));
    assert_eq!(detail(&db, year_id).unwrap().schemes, vec![s.clone()]);

    // Replaced as sent: reordered, one dropped, one added.
    let mut changed = s.clone();
    changed.name = " Четверти 2026 ".into();
    changed.terms = vec![
        term("2 четверть", date(2026, 11, 5), date(2026, 12, 28)),
        term("3 четверть", date(2027, 1, 12), date(2027, 3, 20)),
    ];
    let saved = save_scheme(&db, &changed).unwrap();
    assert_eq!(saved.id, s.id);
    assert_eq!(saved.name, "Четверти 2026");
    let names: Vec<_> = saved.terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["2 четверть", "3 четверть"]);
    assert_eq!(count(&db, "term"), 2);

    // A scheme may be emptied.
    changed.terms.clear();
    assert!(save_scheme(&db, &changed).unwrap().terms.is_empty());
}

#[test]
fn scheme_rules_all_reported_at_once() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    let s = TermScheme {
        id: None,
        academic_year_id: year_id,
        name: "  ".into(),
        terms: vec![
            term("1 четверть", date(2026, 9, 1), date(2026, 10, 24)),
            term("2 четверть", date(2026, 12, 1), date(2026, 11, 5)),
            term("Перекрытие", date(2026, 10, 20), date(2026, 10, 30)),
            term("Лето", date(2027, 6, 1), date(2027, 9, 10)),
            term("Раньше", date(2026, 8, 25), date(2026, 8, 31)),
            Term {
                id: None,
                name: String::new(),
                starts_on: None,
                ends_on: None,
            },
            term("1 ЧЕТВЕРТЬ", date(2027, 5, 1), date(2027, 5, 2)),
        ],
    };
    assert_eq!(
        fields(save_scheme(&db, &s).unwrap_err()),
        vec![
            pair("name", "required"),
            pair("terms.1.ends_on", "end_before_start"),
            pair("terms.2.starts_on", "terms_overlap"),
            pair("terms.3.ends_on", "outside_year"),
            pair("terms.4.starts_on", "outside_year"),
            pair("terms.4.ends_on", "outside_year"),
            pair("terms.5.name", "required"),
            pair("terms.5.starts_on", "required"),
            pair("terms.5.ends_on", "required"),
            pair("terms.6.name", "duplicate_name"),
        ]
    );
    assert_eq!(count(&db, "term_scheme"), 0);
    let err = save_scheme(&db, &s).unwrap_err();
    let overlap = &err.fields()[2];
    assert!(
        overlap.message.contains("«1 четверть»"),
        "{}",
        overlap.message
    );
}

#[test]
fn touching_terms_do_not_overlap_but_a_shared_day_does() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    let mut s = quarters(year_id);
    s.terms = vec![
        term("1", date(2026, 9, 1), date(2026, 12, 31)),
        term("2", date(2027, 1, 1), date(2027, 5, 31)),
    ];
    save_scheme(&db, &s).unwrap();
    s.name = "Другая".into();
    s.terms[1].starts_on = Some(date(2026, 12, 31));
    assert_eq!(
        fields(save_scheme(&db, &s).unwrap_err()),
        vec![pair("terms.1.starts_on", "terms_overlap")]
    );
    // Order in the list does not matter: the later row is the one reported.
    s.terms.reverse();
    assert_eq!(
        fields(save_scheme(&db, &s).unwrap_err()),
        vec![pair("terms.1.starts_on", "terms_overlap")]
    );
}

#[test]
fn same_dates_in_two_schemes_are_fine() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    save_scheme(&db, &quarters(year_id)).unwrap();
    let mut grade_1 = quarters(year_id);
    grade_1.name = QUARTERS_GRADE_1.into();
    save_scheme(&db, &grade_1).unwrap();
    assert_eq!(detail(&db, year_id).unwrap().schemes.len(), 2);
}

#[test]
fn scheme_names_unique_within_a_year_only() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    let first = save_scheme(&db, &quarters(year_id)).unwrap();
    let mut again = quarters(year_id);
    again.name = "ЧЕТВЕРТИ".into();
    assert_eq!(
        fields(save_scheme(&db, &again).unwrap_err()),
        vec![pair("name", "duplicate_name")]
    );
    // Renaming the scheme itself is not a duplicate.
    let mut same = first.clone();
    same.name = "четверти".into();
    assert_eq!(save_scheme(&db, &same).unwrap().name, "четверти");

    let next_year = save(&db, &default_for(date(2027, 9, 1)))
        .unwrap()
        .id
        .unwrap();
    let mut next = quarters(next_year);
    next.terms.clear();
    save_scheme(&db, &next).unwrap();
}

#[test]
fn a_failed_scheme_save_leaves_the_old_terms() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    let saved = save_scheme(&db, &quarters(year_id)).unwrap();

    // Refused by the rules.
    let mut bad = saved.clone();
    bad.name = "Новое имя".into();
    bad.terms[1].starts_on = Some(date(2026, 10, 1));
    assert!(save_scheme(&db, &bad).is_err());
    assert_eq!(scheme(db.conn(), saved.id.unwrap()).unwrap(), saved);

    // Failing in the database half-way through writing the new terms.
    db.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON term
             WHEN NEW.name = 'взрыв' BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let mut failing = saved.clone();
    failing.name = "Новое имя".into();
    failing.terms = vec![
        term("новая", date(2026, 9, 1), date(2026, 9, 30)),
        term("взрыв", date(2026, 10, 1), date(2026, 10, 30)),
    ];
    assert_eq!(save_scheme(&db, &failing).unwrap_err().code(), "db");
    assert_eq!(scheme(db.conn(), saved.id.unwrap()).unwrap(), saved);
    assert_eq!(count(&db, "term"), 2);
}

#[test]
fn scheme_not_found_cases() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    assert_eq!(
        save_scheme(&db, &quarters(777)).unwrap_err().code(),
        "not_found"
    );
    let mut missing = quarters(year_id);
    missing.id = Some(777);
    assert_eq!(save_scheme(&db, &missing).unwrap_err().code(), "not_found");
    // A scheme cannot be moved to another year by sending another year id.
    let saved = save_scheme(&db, &quarters(year_id)).unwrap();
    let other_year = save(&db, &default_for(date(2027, 9, 1)))
        .unwrap()
        .id
        .unwrap();
    let moved = TermScheme {
        academic_year_id: other_year,
        terms: Vec::new(),
        ..saved
    };
    assert_eq!(save_scheme(&db, &moved).unwrap_err().code(), "not_found");
    assert_eq!(delete_scheme(&db, 777).unwrap_err().code(), "not_found");
}

#[test]
fn deleting_a_scheme_takes_its_terms_and_own_holidays() {
    let db = Db::in_memory().unwrap();
    let d = create_with_usual_schemes(&db, &year_2026()).unwrap();
    let g1 = scheme_named(&d, QUARTERS_GRADE_1);
    delete_scheme(&db, g1.id.unwrap()).unwrap();
    let after = detail(&db, d.year.id.unwrap()).unwrap();
    assert_eq!(after.schemes.len(), 3);
    assert_eq!(
        after.holidays.len(),
        3,
        "the grade-1 week went with its scheme"
    );
    assert!(after.holidays.iter().all(|h| h.term_scheme_id.is_none()));
    assert_eq!(count(&db, "term"), 4 + 3 + 2);
    assert_eq!(
        delete_scheme(&db, g1.id.unwrap()).unwrap_err().code(),
        "not_found"
    );
}

fn holiday_in(year_id: i64, name: &str, s: NaiveDate, e: NaiveDate) -> Holiday {
    Holiday {
        id: None,
        academic_year_id: year_id,
        term_scheme_id: None,
        name: name.into(),
        starts_on: Some(s),
        ends_on: Some(e),
    }
}

#[test]
fn holidays_saved_inside_a_term_edited_and_deleted() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    let s = save_scheme(&db, &quarters(year_id)).unwrap();
    // Inside the first quarter: allowed.
    let h = holiday_in(year_id, " Карантин ", date(2026, 10, 1), date(2026, 10, 7));
    let saved = save_holiday(&db, &h).unwrap();
    assert_eq!(saved.name, "Карантин");
    let mut one_day = saved.clone();
    one_day.ends_on = one_day.starts_on;
    one_day.term_scheme_id = s.id;
    let one_day = save_holiday(&db, &one_day).unwrap();
    assert_eq!(one_day.id, saved.id);
    assert_eq!(one_day.term_scheme_id, s.id);
    assert_eq!(
        detail(&db, year_id).unwrap().holidays,
        vec![one_day.clone()]
    );

    delete_holiday(&db, saved.id.unwrap()).unwrap();
    assert!(detail(&db, year_id).unwrap().holidays.is_empty());
    assert_eq!(
        delete_holiday(&db, saved.id.unwrap()).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(save_holiday(&db, &one_day).unwrap_err().code(), "not_found");
}

#[test]
fn holiday_rules() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    let h = holiday_in(year_id, "", date(2026, 8, 25), date(2027, 9, 5));
    assert_eq!(
        fields(save_holiday(&db, &h).unwrap_err()),
        vec![
            pair("name", "required"),
            pair("starts_on", "outside_year"),
            pair("ends_on", "outside_year"),
        ]
    );
    let h = holiday_in(year_id, "Зимние", date(2027, 1, 11), date(2026, 12, 29));
    assert_eq!(
        fields(save_holiday(&db, &h).unwrap_err()),
        vec![pair("ends_on", "end_before_start")]
    );
    let h = Holiday {
        starts_on: None,
        ends_on: None,
        ..holiday_in(year_id, "Зимние", date(2026, 12, 29), date(2027, 1, 11))
    };
    assert_eq!(
        fields(save_holiday(&db, &h).unwrap_err()),
        vec![pair("starts_on", "required"), pair("ends_on", "required")]
    );
    let err = save_holiday(
        &db,
        &holiday_in(year_id, "Лето", date(2027, 6, 1), date(2027, 9, 1)),
    )
    .unwrap_err();
    assert!(err.fields()[0].message.contains("2026-2027"));
    assert_eq!(count(&db, "holiday"), 0);
}

#[test]
fn holiday_of_a_missing_year_or_scheme_is_not_found() {
    let db = Db::in_memory().unwrap();
    let year_id = bare_year(&db);
    let h = holiday_in(777, "Зимние", date(2026, 12, 29), date(2027, 1, 11));
    assert_eq!(save_holiday(&db, &h).unwrap_err().code(), "not_found");
    let h = Holiday {
        term_scheme_id: Some(777),
        ..holiday_in(year_id, "Зимние", date(2026, 12, 29), date(2027, 1, 11))
    };
    assert_eq!(save_holiday(&db, &h).unwrap_err().code(), "not_found");
    // A scheme of another year is not this year's.
    let other = save(&db, &default_for(date(2027, 9, 1)))
        .unwrap()
        .id
        .unwrap();
    let mut s = quarters(other);
    s.terms.clear();
    let s = save_scheme(&db, &s).unwrap();
    let h = Holiday {
        term_scheme_id: s.id,
        ..holiday_in(year_id, "Зимние", date(2026, 12, 29), date(2027, 1, 11))
    };
    assert_eq!(save_holiday(&db, &h).unwrap_err().code(), "not_found");
}

#[test]
fn changing_year_dates_refused_while_periods_would_fall_out() {
    let db = Db::in_memory().unwrap();
    let d = create_with_usual_schemes(&db, &year_2026()).unwrap();
    let shorter = AcademicYear {
        starts_on: Some(date(2026, 9, 2)),
        ends_on: Some(date(2027, 5, 20)),
        ..d.year.clone()
    };
    let err = save(&db, &shorter).unwrap_err();
    assert_eq!(
        fields(save(&db, &shorter).unwrap_err()),
        vec![
            pair("starts_on", "periods_outside_year"),
            pair("ends_on", "periods_outside_year"),
        ]
    );
    let starts = &err.fields()[0].message;
    assert!(starts.contains("«1 четверть» («Четверти»)"), "{starts}");
    assert!(starts.contains("«1 полугодие» («Полугодия»)"), "{starts}");
    assert!(!starts.contains("каникулы"), "{starts}");
    assert_eq!(
        detail(&db, d.year.id.unwrap()).unwrap(),
        d,
        "nothing changed"
    );

    // Holidays count too; a year that still holds everything is saved.
    let h = holiday_in(
        d.year.id.unwrap(),
        "Летние каникулы",
        date(2027, 5, 27),
        date(2027, 8, 31),
    );
    save_holiday(&db, &h).unwrap();
    let shorter_end = AcademicYear {
        ends_on: Some(date(2027, 8, 30)),
        ..d.year.clone()
    };
    let err = save(&db, &shorter_end).unwrap_err();
    assert!(err.fields()[0].message.contains("«Летние каникулы»"));
    let longer = AcademicYear {
        starts_on: Some(date(2026, 8, 31)),
        ..d.year.clone()
    };
    assert_eq!(
        save(&db, &longer).unwrap().starts_on,
        Some(date(2026, 8, 31))
    );
}

#[test]
fn json_shape_for_the_ui() {
    let y = year_2026();
    let json = serde_json::to_value(&y).unwrap();
    assert_eq!(json["starts_on"], "2026-09-01");
    assert_eq!(json["is_current"], false);
    assert!(json["id"].is_null());
    let back: AcademicYear = serde_json::from_value(json).unwrap();
    assert_eq!(back, y);
}

#[test]
fn next_default_follows_the_newest_year() {
    let db = Db::in_memory().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    assert_eq!(next_default(&db, today).unwrap().name, "2026-2027");
    create_with_usual_schemes(&db, &year_2026()).unwrap();
    let next = next_default(&db, today).unwrap();
    assert_eq!(next.name, "2027-2028");
    assert_eq!(next.starts_on, NaiveDate::from_ymd_opt(2027, 9, 1));
}
