use super::*;
use crate::db::Db;
use crate::error::CoreError;

fn add_student(db: &Db, last: &str) -> i64 {
    db.write(|c| {
        c.execute(
            "INSERT INTO student (last_name, first_name, name_key, sex, birth_date)
             VALUES (?1, 'Анна', lower(?1), 'female', '2015-03-01')",
            [last],
        )?;
        Ok(c.last_insert_rowid())
    })
    .unwrap()
}

fn rename(db: &Db, id: i64, last: &str) {
    db.write(|c| {
        c.execute(
            "UPDATE student SET last_name = ?2 WHERE id = ?1",
            rusqlite::params![id, last],
        )?;
        Ok(())
    })
    .unwrap();
}

fn all(db: &Db) -> Vec<AuditEntry> {
    entries(db.conn(), &AuditFilter::default()).unwrap()
}

#[test]
fn a_change_is_logged_with_who_the_student_and_only_the_changed_field() {
    let db = Db::in_memory().unwrap();
    set_actor(db.conn(), "Петрова А. С.").unwrap();
    let id = add_student(&db, "Иванова");
    rename(&db, id, "Сидорова");
    let log = all(&db);
    assert_eq!(log.len(), 2, "{log:#?}");
    let (update, insert) = (&log[0], &log[1]);
    assert_eq!(insert.action, "insert");
    assert_eq!(insert.what, "Ученик — добавлено");
    assert!(insert.changes.iter().any(|c| c.field == "birth_date"
        && c.old.is_none()
        && c.new.as_deref() == Some("2015-03-01")));
    assert_eq!(update.actor, "Петрова А. С.");
    assert_eq!(update.student_id, Some(id));
    assert_eq!(update.student.as_deref(), Some("Сидорова Анна"));
    assert_eq!(
        update.changes,
        vec![AuditChange {
            field: "last_name".into(),
            label: "Фамилия".into(),
            old: Some("Иванова".into()),
            new: Some("Сидорова".into()),
        }]
    );
    let check = verify(db.conn()).unwrap();
    assert_eq!(
        (check.entries, check.unsealed, check.intact()),
        (2, 0, true)
    );
}

#[test]
fn an_update_that_changes_nothing_and_a_rolled_back_write_leave_no_entry() {
    let db = Db::in_memory().unwrap();
    let id = add_student(&db, "Иванова");
    rename(&db, id, "Иванова");
    let failed: crate::error::Result<()> = db.write(|c| {
        c.execute(
            "UPDATE student SET first_name = 'Мария' WHERE id = ?1",
            [id],
        )?;
        Err(CoreError::NotFound { what: "Класс" })
    });
    assert!(failed.is_err());
    assert_eq!(all(&db).len(), 1);
}

#[test]
fn a_deletion_keeps_the_whole_row() {
    let db = Db::in_memory().unwrap();
    let id = add_student(&db, "Иванова");
    db.write(|c| Ok(c.execute("DELETE FROM student WHERE id = ?1", [id])?))
        .unwrap();
    let gone = &all(&db)[0];
    assert_eq!(
        (gone.action.as_str(), gone.student_id),
        ("delete", Some(id))
    );
    assert!(gone
        .changes
        .iter()
        .any(|c| c.field == "last_name" && c.old.as_deref() == Some("Иванова") && c.new.is_none()));
    // The student is gone; the entry still says whom it was about.
    assert_eq!(gone.student, None);
}

#[test]
fn a_bulk_write_logs_itself_once_and_still_logs_rows_it_changes() {
    let db = Db::in_memory().unwrap();
    let kept = add_student(&db, "Иванова");
    db.write(|c| {
        quietly(c, || {
            for n in 0..50 {
                c.execute(
                    "INSERT INTO student (last_name, first_name, name_key, sex, birth_date)
                     VALUES ('Новикова', 'Анна', ?1, 'female', '2015-03-01')",
                    [format!("k{n}")],
                )?;
            }
            c.execute(
                "UPDATE student SET first_name = 'Ольга' WHERE id = ?1",
                [kept],
            )?;
            Ok(())
        })?;
        record(
            c,
            Operation {
                action: "import",
                entity: "students",
                summary: "добавлено 50, изменено 1".into(),
            },
        )
    })
    .unwrap();
    let log = all(&db);
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["import", "update", "insert"]);
    assert_eq!(log[0].what, "Ученики — импорт");
    assert_eq!(log[0].summary.as_deref(), Some("добавлено 50, изменено 1"));
    // Quiet ends with the operation.
    add_student(&db, "Петрова");
    assert_eq!(all(&db).len(), 4);
}

#[test]
fn the_log_filters_by_student_actor_and_days() {
    let db = Db::in_memory().unwrap();
    let a = add_student(&db, "Иванова");
    set_actor(db.conn(), "секретарь").unwrap();
    let b = add_student(&db, "Петрова");
    rename(&db, b, "Петровская");
    let of = |f: AuditFilter| entries(db.conn(), &f).unwrap().len();
    assert_eq!(
        of(AuditFilter {
            student_id: Some(a),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        of(AuditFilter {
            student_id: Some(b),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        of(AuditFilter {
            actor: Some("секретарь".into()),
            ..Default::default()
        }),
        2
    );
    let today = chrono::Local::now().date_naive();
    let day = |from, to| AuditFilter {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    assert_eq!(of(day(today, today)), 3);
    let yesterday = today.pred_opt().unwrap();
    assert_eq!(of(day(yesterday, yesterday)), 0);
    assert_eq!(
        of(AuditFilter {
            limit: Some(1),
            ..Default::default()
        }),
        1
    );
}

/// What someone holding the file could do by hand: the program refuses, and once its guard is
/// dropped, the chain shows the edit and the deletion.
#[test]
fn an_edit_or_deletion_of_the_log_is_refused_then_detected() {
    let db = Db::in_memory().unwrap();
    let id = add_student(&db, "Иванова");
    for name in ["Сидорова", "Смирнова", "Кузнецова"] {
        rename(&db, id, name);
    }
    let c = db.conn();
    assert!(c
        .execute("UPDATE audit_log SET actor = 'никто' WHERE id = 2", [])
        .is_err());
    assert!(c.execute("DELETE FROM audit_log WHERE id = 3", []).is_err());
    assert!(verify(c).unwrap().intact());

    c.execute_batch("DROP TRIGGER audit_log_sealed_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    c.execute(
        "UPDATE audit_log SET new = '{\"last_name\":\"Орлова\"}' WHERE id = 2",
        [],
    )
    .unwrap();
    assert_eq!(verify(c).unwrap().broken_at, Some(2));

    let db = Db::in_memory().unwrap();
    let id = add_student(&db, "Иванова");
    for name in ["Сидорова", "Смирнова", "Кузнецова"] {
        rename(&db, id, name);
    }
    let c = db.conn();
    c.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;")
        .unwrap();
    assert_eq!(verify(c).unwrap().broken_at, Some(3));
}

/// A change made outside the program's writes (a single statement) is logged and sealed by the
/// next write, in order.
#[test]
fn a_row_written_outside_a_write_is_sealed_by_the_next() {
    let db = Db::in_memory().unwrap();
    let id = add_student(&db, "Иванова");
    db.conn()
        .execute(
            "UPDATE student SET note = 'по телефону' WHERE id = ?1",
            [id],
        )
        .unwrap();
    assert_eq!(verify(db.conn()).unwrap().unsealed, 1);
    rename(&db, id, "Сидорова");
    let check = verify(db.conn()).unwrap();
    assert_eq!(
        (check.entries, check.unsealed, check.intact()),
        (3, 0, true)
    );
}

#[test]
fn every_audited_table_is_in_the_schema() {
    // The triggers name real tables and columns: installing them on a fresh file succeeded
    // (Db::in_memory), and each made its three triggers.
    let db = Db::in_memory().unwrap();
    let n: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 14 * 3);
}

/// A restore brings back the copy's log and says so in it, the chain whole.
#[test]
fn a_restore_is_logged_in_the_restored_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.zavuch");
    let db = Db::open(&path).unwrap();
    let id = add_student(&db, "Иванова");
    let copy = crate::backup::make(&db, crate::backup::Reason::Manual)
        .unwrap()
        .unwrap();
    rename(&db, id, "Сидорова");
    drop(db);
    crate::backup::restore(&path, &copy.id).unwrap();
    let db = Db::open(&path).unwrap();
    let log = all(&db);
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["restore", "insert"]);
    assert!(log[0]
        .summary
        .as_deref()
        .unwrap()
        .contains("прежний файл сохранён как копия"));
    assert!(verify(db.conn()).unwrap().intact());
}
