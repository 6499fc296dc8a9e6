//! The teaching load through the real app on the demo school: with one cell cleared in the
//! core beforehand, the «Нагрузка» screen says one line is unassigned; its problem line moves to
//! the cell, a teacher is typed into it and chosen with Enter, the hours are then shared with a
//! second teacher («Ерёмина 3», «Богданова 2»), and the screen and the core agree that every
//! hour is assigned. Pictures go to ZAVUCH_SCREENSHOTS when it is set.

use zavuch_core::{demo, load, Db};
use zavuch_e2e::{App, Harness, TestResult};

const ENTER: &str = "\u{E007}";

/// The demo school with the mathematics of 5 А given to nobody; the line's id.
fn demo_with_a_gap(
) -> Result<(tempfile::TempDir, std::path::PathBuf, i64), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.zavuch");
    let db = Db::open(&path)?;
    demo::create(&db)?;
    let (year_id, on) = load::current_year_on(&db, None)?;
    let line = load::lines(&db, year_id, on)?
        .into_iter()
        .find(|l| l.label == "Математика" && l.classes_label == "5 А")
        .ok_or("no mathematics of 5 А")?;
    let unit = load::LoadUnit {
        line_id: line.line_ids[0],
        subgroup_id: None,
    };
    load::assign(&db, unit, None, on)?;
    Ok((dir, path, unit.line_id))
}

/// Saves the screen when a step failed, to look at, and names the step in the error.
async fn shot_on_failure(app: &App, step: &str, result: TestResult) -> TestResult {
    let Err(e) = result else { return Ok(()) };
    let path = std::env::temp_dir().join(format!("zavuch-e2e-load-{step}.png"));
    if let Ok(png) = app.client.screenshot().await {
        let _ = std::fs::write(&path, png);
    }
    Err(format!("{step}: {e} (screen: {})", path.display()).into())
}

async fn assign_by_keyboard(app: &App) -> TestResult {
    app.click("load-problem").await?;
    app.wait_text("load-active", "5 А, Математика").await?;
    app.by_testid("load-grid").await?.send_keys("Е").await?;
    let editor = app.by_testid("load-editor").await?;
    editor.send_keys("рём").await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot("load-choose").await?;
    editor.send_keys(ENTER).await?;
    app.wait_text(
        "load-summary",
        "Все часы учебных планов классов распределены",
    )
    .await?;
    app.wait_text("load-active", "Ерёмина").await?;
    Ok(())
}

/// «Ерёмина 3» keeps 3 of the 5 hours with her; «Богданова 2» gives the rest to another teacher.
async fn share_the_hours(app: &App) -> TestResult {
    type_into_cell(app, "Е", "рёмина 3").await?;
    app.wait_text("load-summary", "не назначено: 1 строка")
        .await?;
    type_into_cell(app, "Б", "огданова 2").await?;
    app.wait_text(
        "load-summary",
        "Все часы учебных планов классов распределены",
    )
    .await?;
    app.wait_text("load-active", "Богданова").await?;
    Ok(())
}

async fn type_into_cell(app: &App, first: &str, rest: &str) -> TestResult {
    app.by_testid("load-grid").await?.send_keys(first).await?;
    let editor = app.by_testid("load-editor").await?;
    editor.send_keys(rest).await?;
    editor.send_keys(ENTER).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_teacher_typed_into_the_unassigned_cell_completes_the_load() -> TestResult {
    let (dir, path, line_id) = demo_with_a_gap()?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.click("nav-load").await?;
    let summary = app
        .wait_text("load-summary", "не назначено: 1 строка")
        .await?;
    assert_eq!(summary, "не назначено: 1 строка");
    app.screenshot("load").await?;
    shot_on_failure(&app, "assign", assign_by_keyboard(&app).await).await?;
    app.screenshot("load-complete").await?;
    shot_on_failure(&app, "share", share_the_hours(&app).await).await?;
    app.screenshot("load-shared").await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let (year_id, on) = load::current_year_on(&db, None)?;
    assert!(load::check(&db, year_id, on)?.is_complete());
    let shares: Vec<(String, f64)> = load::lines(&db, year_id, on)?
        .into_iter()
        .filter(|l| l.line_ids == [line_id])
        .map(|l| (l.teacher, l.hours_first))
        .collect();
    assert_eq!(shares.len(), 2, "{shares:?}");
    assert!(
        shares[0].0.starts_with("Ерёмина") && shares[0].1 == 3.0,
        "{shares:?}"
    );
    assert!(
        shares[1].0.starts_with("Богданова") && shares[1].1 == 2.0,
        "{shares:?}"
    );
    Ok(())
}
