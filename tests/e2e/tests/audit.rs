//! «Журнал изменений» through the real app: a change typed on the school card appears at the top
//! with the field before and after; a student's change made before is found by the student
//! filter; the chain is whole; the filtered log prints and reads back.

use zavuch_e2e::{demo_file, pdftotext, Harness, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn the_change_log_shows_filters_and_prints_changes() -> TestResult {
    let (dir, path) = demo_file()?;
    // A change of a student's name, made before the app starts (as by another user).
    let student = {
        let db = zavuch_core::Db::open(&path)?;
        zavuch_core::audit::set_actor(db.conn(), "Секретарь")?;
        let id: i64 = db
            .conn()
            .query_row("SELECT min(id) FROM student", [], |r| r.get(0))?;
        db.write(|c| {
            c.execute(
                "UPDATE student SET last_name = 'Новосельцева' WHERE id = ?1",
                [id],
            )?;
            Ok(())
        })?;
        db.conn().query_row(
            "SELECT last_name || ' ' || first_name || ' ' || patronymic FROM student WHERE id = ?1",
            [id],
            |r| r.get::<_, String>(0),
        )?
    };
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    app.click("nav-school").await?;
    app.fill("field-short_name", "МБОУ СОШ № 7 г. Ливны")
        .await?;
    app.click("school-save").await?;
    app.wait(r#"[data-testid="save-status"][data-state="saved"]"#)
        .await?;

    app.click("nav-audit").await?;
    app.wait_text("audit-chain", "ни одна не изменена").await?;
    let newest = app
        .wait(r#"[data-testid="audit-entry"][data-entity="school"]"#)
        .await?;
    let text = zavuch_e2e::text_of(&newest).await?;
    assert!(text.contains("Карта школы — изменено"), "{text}");
    assert!(
        text.contains("Краткое название: МБОУ СОШ № 7 → МБОУ СОШ № 7 г. Ливны"),
        "{text}"
    );
    app.wait_text("audit-list", "Новосельцева").await?;
    app.screenshot("audit").await?;

    app.by_testid("field-audit-student")
        .await?
        .select_by_label(&student)
        .await?;
    app.wait_text("audit-list", "Новосельцева").await?;
    let list = app.text("audit-list").await?;
    assert!(list.contains("Секретарь"), "{list}");
    assert!(
        !list.contains("Карта школы"),
        "the filter keeps only the student: {list}"
    );

    app.click("audit-print").await?;
    let pdf = app.printed("Журнал изменений").await?;
    let printed = pdftotext(&pdf)?;
    assert!(printed.contains("Отбор: ученик Новосельцева"), "{printed}");
    assert!(printed.contains("Фамилия:"), "{printed}");
    assert!(printed.contains("не нарушена"), "{printed}");
    app.close().await?;
    Ok(())
}
