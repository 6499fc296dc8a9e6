//! A stage that fails half-way leaves the file as it was; last year stays whole after the
//! rollover; making the new year current closes last year's marks; an older file upgrades.

use super::*;
use crate::forms::ledger;
use crate::print::tests::{poppler, save};
use crate::rollover::{make_current, status, Stage};

#[test]
fn a_stage_failing_half_way_leaves_the_file_as_before_it() {
    let (_dir, db) = crate::testkit::demo();
    run_with(&db, &options(Some(1)));
    let before = (
        count(&db, "SELECT count(*) FROM academic_year"),
        count(&db, "SELECT count(*) FROM class"),
        count(&db, "SELECT count(*) FROM placement"),
        count(&db, "SELECT count(*) FROM curriculum"),
    );
    // The 7th grade's classes come after the year, schemes, bells, templates and the classes
    // of grades 2–6 were written.
    db.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON class WHEN NEW.grade = 7
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let err = run(&db, &options(Some(2)), june(), &mut |_, _, _| {}).unwrap_err();
    assert_eq!(err.code(), "db", "{err}");
    let after = (
        count(&db, "SELECT count(*) FROM academic_year"),
        count(&db, "SELECT count(*) FROM class"),
        count(&db, "SELECT count(*) FROM placement"),
        count(&db, "SELECT count(*) FROM curriculum"),
    );
    assert_eq!(after, before);
    let st = status(&db).unwrap();
    assert!(st.stages[0].done && !st.stages[1].done);
    assert!(db.conn().is_autocommit(), "no transaction left open");
    db.conn().execute_batch("DROP TRIGGER boom").unwrap();
    let report = run_with(&db, &options(Some(2)));
    assert_eq!(report.stages[0].created.classes, 29);
    // The change log names each stage once it ran, and not the one that failed.
    let logged: Vec<String> = crate::audit::entries(db.conn(), &Default::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "rollover")
        .map(|e| e.entity)
        .collect();
    assert_eq!(logged, [Stage::NewYear.title(), Stage::Leavers.title()]);
}

/// `pdftotext -layout` of a class's ledger for the period named.
fn ledger_text(db: &Db, label: &str, period: &str, file: &str) -> String {
    let class = class_id(db, label);
    let period = marks::period_by_name(db, class, period).unwrap().period;
    let path = save(
        file,
        &ledger::pdf(&ledger::load(db, class, period).unwrap()),
    );
    poppler("pdftotext", &["-layout"], &path)
}

#[test]
fn last_years_ledgers_results_and_lists_read_the_same_after_the_rollover() {
    let (_dir, db) = crate::testkit::demo();
    let graduate = grid(&db, "11 А").decisions[0].student_id;
    year_mark(&db, "11 А", graduate, "Литература", MarkValue::Five);
    let eleven = class_id(&db, "11 А");
    let before = (
        ledger_text(&db, "11 А", "Год", "rollover-ledger-11a-before.pdf"),
        ledger_text(&db, "5 А", "1 четверть", "rollover-ledger-5a-before.pdf"),
        marks::results::class(&db, eleven).unwrap(),
        crate::forms::class_list::load(&db, eleven, date(2027, 5, 26)).unwrap(),
    );
    assert!(before.0.contains("Литература") || before.0.contains("Литер"));
    run_all(&db);
    let after = (
        ledger_text(&db, "11 А", "Год", "rollover-ledger-11a-after.pdf"),
        ledger_text(&db, "5 А", "1 четверть", "rollover-ledger-5a-after.pdf"),
        marks::results::class(&db, eleven).unwrap(),
        crate::forms::class_list::load(&db, eleven, date(2027, 5, 26)).unwrap(),
    );
    assert!(!after.0.contains("выб. 31.08.2027"), "{}", after.0);
    assert_eq!(after.0, before.0);
    assert_eq!(after.1, before.1);
    assert_eq!(after.2, before.2);
    assert_eq!(after.3, before.3);
}

#[test]
fn making_the_new_year_current_closes_last_years_marks_until_reopened() {
    let (_dir, db) = crate::testkit::demo();
    run_all(&db);
    let class = class_id(&db, "5 А");
    let new_year = crate::year::find_by_name(&db, TO).unwrap().unwrap();
    let at = date(2027, 9, 1).and_hms_opt(8, 0, 0).unwrap();
    let closed = make_current(&db, new_year.id.unwrap(), at).unwrap();
    assert!(closed > 0);
    assert_eq!(crate::year::current(&db).unwrap().unwrap().name, TO);
    let sheet = marks::sheet(&db, class, Period::YEAR).unwrap();
    let one = sheet.entries(|i, j, _| (i == 0 && j == 0).then_some(MarkValue::Five));
    let err = marks::set_marks(&db, class, Period::YEAR, &one).unwrap_err();
    assert_eq!(err.fields()[0].code, "period_closed");
    marks::closure::reopen(&db, class, Period::YEAR, "исправление ошибки", at).unwrap();
    marks::set_marks(&db, class, Period::YEAR, &one).unwrap();
    // The rollover's status still tells of the year rolled over from.
    let st = status(&db).unwrap();
    assert_eq!((st.from.as_str(), st.to.as_str()), ("2026-2027", TO));
    assert!(st.stages.iter().all(|s| s.done));
}

#[test]
fn once_the_next_rollover_has_begun_its_status_is_the_one_shown() {
    let (_dir, db) = crate::testkit::demo();
    run_all(&db);
    let new_year = crate::year::find_by_name(&db, TO).unwrap().unwrap();
    make_current(
        &db,
        new_year.id.unwrap(),
        date(2027, 9, 1).and_hms_opt(8, 0, 0).unwrap(),
    )
    .unwrap();
    let next = RolloverOptions {
        to: "2028-2029".into(),
        ..options(Some(1))
    };
    // A preview writes nothing: the finished rollover is still the one shown.
    run_with(
        &db,
        &RolloverOptions {
            dry_run: true,
            ..next.clone()
        },
    );
    assert_eq!(status(&db).unwrap().to, TO);
    run_with(&db, &next);
    let st = status(&db).unwrap();
    assert_eq!((st.from.as_str(), st.to.as_str()), (TO, "2028-2029"));
    let done: Vec<bool> = st.stages.iter().map(|s| s.done).collect();
    assert_eq!(done, [true, false, false, false]);
}

#[test]
fn a_file_of_the_previous_version_upgrades_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.zavuch");
    {
        let previous = usize::try_from(crate::db::schema_version() - 1).unwrap();
        let conn = crate::db::file_of_version(&path, previous);
        conn.execute_batch(
            "INSERT INTO academic_year (name, starts_on, ends_on, is_current)
                 VALUES ('2026-2027', '2026-09-01', '2027-08-31', 1);
             INSERT INTO class (academic_year_id, grade, letter, letter_key) VALUES (1, 9, 'А', 'а');",
        )
        .unwrap();
    }
    let db = Db::open(&path).unwrap();
    let class = class_id(&db, "9 А");
    let grid = d::of_class(&db, class).unwrap();
    assert!(grid.decisions.is_empty());
    d::set_council(&db, class, &d::Council::default()).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM council_meeting"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM rollover_stage_run"), 0);
}
