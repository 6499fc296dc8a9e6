//! The year's end and the rollover through the real app on the demo school: 5 А's ledger of
//! «1 четверть» is printed (read back with `pdftotext`); on «Решения педсовета» one student of
//! 5 А is left to repeat the year by keyboard (the first letter and Enter) and the transfer order
//! draft lists them; then the first student of 9 А is ticked «С отличием» with the space bar,
//! and the order names the attestat with distinction beside them (kept in the file after the
//! rollover); the wizard «Переход на новый год» previews and runs the four stages, and a
//! second press of «Выполнить» creates nothing (checked on screen and, after the app closes, in
//! the file); the new year is made current; then last year's ledger, chosen with the year
//! chooser of «Ведомости и отчёты», reads the same as before. Pictures of both new screens go to
//! `$ZAVUCH_SCREENSHOTS/decisions.png`, `rollover-*.png` when that is set.

use fantoccini::Locator;
use std::path::PathBuf;
use zavuch_core::rollover::{self, decisions};
use zavuch_core::{classes, year, Db};
use zavuch_e2e::{demo_file, pdftotext, text_of, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const CLASS: &str = "5 А";
const NINE: &str = "9 А";
const PERIOD: &str = "1 четверть";
const FROM: &str = "2026-2027";
const TO: &str = "2027-2028";

/// Prints 5 А's marks ledger of the period from «Ведомости и отчёты» for the year chosen (None:
/// the screen's default, the current year) and gives its text.
async fn ledger(app: &App, year: Option<&str>) -> Result<String, Box<dyn std::error::Error>> {
    app.click("nav-ledgers").await?;
    if let Some(name) = year {
        app.by_testid("field-ledgers-year")
            .await?
            .select_by_label(name)
            .await?;
        app.by_testid("ledgers-past-year").await?;
    }
    app.by_testid("field-ledgers-period")
        .await?
        .select_by_label(PERIOD)
        .await?;
    app.by_testid("field-ledgers-class")
        .await?
        .select_by_label(CLASS)
        .await?;
    app.click("ledgers-print").await?;
    app.wait_text("ledgers-printed-name", &format!("5 А, {PERIOD}"))
        .await?;
    let pdf = app
        .by_testid("ledgers-printed")
        .await?
        .attr("data-path")
        .await?
        .ok_or("the notice has no path")?;
    pdftotext(&PathBuf::from(pdf))
}

/// Types into a grid's cell: focused by script (no pointer, so a notice shifting the screen
/// meanwhile cannot move the click to another row), then the keys.
async fn type_cell(app: &App, grid: &str, row: usize, key: &str, keys: &str) -> TestResult {
    let cell = app
        .wait(&format!(
            r#"[data-testid="{grid}"] [data-testid="cell-{row}-{key}"]"#
        ))
        .await?;
    app.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();",
            vec![serde_json::to_value(&cell)?],
        )
        .await?;
    if !keys.is_empty() {
        cell.send_keys(keys).await?;
    }
    Ok(())
}

/// Chooses the class `label` in the list of classes.
async fn choose_class(app: &App, label: &str) -> TestResult {
    let css = r#"[data-testid="grid-decisions-classes"] td[data-col="0"]"#;
    app.wait(css).await?;
    for cell in app.client.find_all(Locator::Css(css)).await? {
        if text_of(&cell).await? == label {
            app.client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center'});",
                    vec![serde_json::to_value(&cell)?],
                )
                .await?;
            cell.click().await?;
            return Ok(());
        }
    }
    Err(format!("no {label} in the list of classes").into())
}

/// A student of 5 А without a «2» is promoted conditionally: «у» alone is refused on the row
/// (the subjects in debt are missing), then the subject typed saves it.
async fn conditional(app: &App, row: usize, name: &str) -> TestResult {
    type_cell(app, "grid-decisions", row, "kind", &format!("у{ENTER}")).await?;
    app.wait_text(&format!("issue-{row}-subjects"), "предмет")
        .await?;
    // The «Замечания» column may be out of sight: the message is above the grid too.
    let surname = name.split_whitespace().next().unwrap_or_default();
    app.wait_text("decisions-error", surname).await?;
    app.screenshot("decisions-debt-missing").await?;
    let subject = format!("Математика{ENTER}");
    type_cell(app, "grid-decisions", row, "subjects", &subject).await?;
    app.wait_text("decisions-counts", "условно переведён — 1")
        .await?;
    app.wait_gone(&format!(r#"[data-testid="issue-{row}-subjects"]"#))
        .await?;
    app.wait_gone(r#"[data-testid="decisions-error"]"#).await?;
    app.click("decisions-print-conditional").await?;
    app.wait_text("decisions-printed-name", "Условно переведённые, 2026-2027")
        .await?;
    let text = printed_text(app).await?;
    assert!(text.contains(surname), "{text}");
    assert!(text.contains("Математика"), "{text}");
    assert!(text.contains("31.10.2027"), "the usual deadline:\n{text}");
    Ok(())
}

/// After the rollover the debt of last year's conditional promotion is cleared: the year chosen on
/// «Решения педсовета», the student's row, the result with its date; the list shows it.
async fn debt_cleared(app: &App, row: usize, name: &str) -> TestResult {
    app.click("nav-decisions").await?;
    app.by_testid("field-decisions-year")
        .await?
        .select_by_label(FROM)
        .await?;
    app.by_testid("decisions-applied").await?;
    choose_class(app, CLASS).await?;
    app.wait_text("decisions-council", "Педсовет 5 А класса")
        .await?;
    type_cell(app, "grid-decisions", row, "full_name", "").await?;
    app.wait_text("decision-debts", name).await?;
    // «л» and Enter: «Ликвидирована»; it is saved with its date.
    let debt = |key: &str| format!(r#"[data-testid="grid-debts"] [data-testid="cell-0-{key}"]"#);
    type_cell(app, "grid-debts", 0, "result", &format!("л{ENTER}")).await?;
    let on = format!("20.10.2027{ENTER}");
    type_cell(app, "grid-debts", 0, "result_on", &on).await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app
        .wait(&debt("result_on"))
        .await?
        .attr("data-value")
        .await?
        .as_deref()
        != Some("2027-10-20")
    {
        if std::time::Instant::now() > deadline {
            return Err("the debt's result was not saved".into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    app.screenshot("decisions-debt-cleared").await?;
    app.click("decisions-print-conditional").await?;
    app.wait_text("decisions-printed-name", "Условно переведённые, 2026-2027")
        .await?;
    let text = printed_text(app).await?;
    // The result's cell wraps: «ликвидирована» over its date.
    assert!(
        text.contains("ликвидирована") && text.contains("20.10.2027"),
        "{text}"
    );
    Ok(())
}

/// The text of the PDF the decisions screen saved last.
async fn printed_text(app: &App) -> Result<String, Box<dyn std::error::Error>> {
    let pdf = app
        .by_testid("decisions-printed")
        .await?
        .attr("data-path")
        .await?
        .ok_or("the notice has no path")?;
    pdftotext(&PathBuf::from(pdf))
}

/// Prints the transfer order draft of the year; gives its text.
async fn print_order(app: &App) -> Result<String, Box<dyn std::error::Error>> {
    app.click("decisions-print-order").await?;
    app.wait_text(
        "decisions-printed-name",
        "Проект приказа о переводе, 2026-2027",
    )
    .await?;
    printed_text(app).await
}

/// The first student of 5 А is left to repeat the year: «н» and Enter in the decision's cell.
async fn decide(app: &App, first: &str) -> TestResult {
    app.click("nav-decisions").await?;
    choose_class(app, CLASS).await?;
    app.wait_text("decisions-council", "Педсовет 5 А класса")
        .await?;
    let name = text_of(
        &app.wait(r#"[data-testid="grid-decisions"] [data-testid="cell-0-full_name"]"#)
            .await?,
    )
    .await?;
    assert_eq!(name, first);
    type_cell(app, "grid-decisions", 0, "kind", &format!("н{ENTER}")).await?;
    app.wait_text("decisions-counts", "на повторное обучение — 1")
        .await?;
    app.wait_text("cell-0-source", "решение").await?;
    app.fill("field-council-protocol", "7").await?;
    app.wait_text("council-save", "Сохранить").await?;
    app.click("council-save").await?;
    app.wait_text("council-save", "Сохранено").await?;
    let text = print_order(app).await?;
    let repeat = text
        .find("Оставить на повторное обучение в 5 классе")
        .ok_or_else(|| format!("no repeat item:\n{text}"))?;
    let surname = first.split_whitespace().next().unwrap_or_default();
    assert!(text[repeat..].contains(surname), "{text}");
    assert!(text.contains("протокол № 7"), "{text}");
    assert_eq!(app.text("council-save").await?, "Сохранено");
    // Taken last: WebKit's screenshot may show the frame before the latest change.
    app.screenshot("decisions").await?;
    Ok(())
}

/// The first student of 9 А (proposed to continue in the 10th grade) gets the attestat with
/// distinction: the space bar in «С отличием» ticks and saves it; the column is there for 9 А
/// only, and the order draft names the attestat beside the student.
async fn distinction(app: &App, student: &str) -> TestResult {
    app.wait_gone(r#"[data-testid="grid-decisions"] [data-testid="cell-0-with_distinction"]"#)
        .await?;
    choose_class(app, NINE).await?;
    app.wait_text("decisions-council", "Педсовет 9 А класса")
        .await?;
    type_cell(app, "grid-decisions", 0, "with_distinction", " ").await?;
    app.wait_text("decisions-counts", "с отличием — 1").await?;
    app.wait_text("cell-0-source", "решение").await?;
    let cell = app
        .wait(r#"[data-testid="grid-decisions"] [data-testid="cell-0-with_distinction"] [role="checkbox"]"#)
        .await?;
    assert_eq!(cell.attr("aria-checked").await?.as_deref(), Some("true"));
    app.screenshot("decisions-distinction").await?;
    let text = print_order(app).await?;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let surname = student.split_whitespace().next().unwrap_or_default();
    let at = flat
        .find(&format!("{student} — аттестат об основном"))
        .ok_or_else(|| format!("no distinction beside {surname}:\n{text}"))?;
    assert!(flat[at..].contains("с отличием"), "{text}");
    Ok(())
}

/// Runs the shown stage after its preview; gives what the notice said.
async fn run_stage(app: &App, stage: u8) -> Result<String, Box<dyn std::error::Error>> {
    app.wait(&format!(
        r#"[data-testid="rollover-stage"][data-stage="{stage}"]"#
    ))
    .await?;
    app.wait(&format!(
        r#"[data-testid="rollover-preview"][data-stage="{stage}"]"#
    ))
    .await?;
    let preview = app.text("rollover-preview-counts").await?;
    if stage == 1 {
        app.wait_text("rollover-leavers-date", "31.08.2027").await?;
    }
    app.screenshot(&format!("rollover-stage-{stage}")).await?;
    app.click("rollover-run").await?;
    let done = app
        .wait_text("rollover-done", &format!("Этап {stage} "))
        .await?;
    app.wait(&format!(
        r#"[data-testid="rollover-step-{stage}"][data-done="true"]"#
    ))
    .await?;
    Ok(format!("{preview} / {done}"))
}

/// The four stages one after another, then a second press on stage 2 and on stage 4.
async fn wizard(app: &App) -> TestResult {
    app.click("nav-rollover").await?;
    app.wait_text("rollover-steps", "Выбывающие").await?;
    for stage in 1..=4 {
        let said = run_stage(app, stage).await?;
        if stage == 2 {
            assert!(said.contains("классов: "), "{said}");
        }
        if stage < 4 {
            app.click("rollover-next").await?;
        }
    }
    app.wait_text("rollover-stage-done", "Повторный запуск ничего не создаст")
        .await?;
    for stage in [4, 2] {
        app.click(&format!("rollover-step-{stage}")).await?;
        app.click("rollover-run").await?;
        app.wait_text("rollover-done", "уже был выполнен").await?;
        app.wait_text("rollover-result-counts", "Ничего не создано")
            .await?;
    }
    app.screenshot("rollover-again").await?;
    app.click("rollover-make-current").await?;
    app.wait_text("dialog-message", "отметки прошлого года")
        .await?;
    app.click("dialog-ok").await?;
    app.wait_text("rollover-done", &format!("Текущий учебный год — {TO}"))
        .await?;
    app.wait_text("rollover-current", TO).await?;
    app.screenshot("rollover-current").await?;
    // The next rollover can be begun at once: its stage 1 is previewed, nothing run.
    app.click("rollover-begin-next").await?;
    app.wait(r#"[data-testid="rollover-preview"][data-stage="1"]"#)
        .await?;
    app.wait_text("rollover-leavers-date", "31.08.2028").await?;
    Ok(())
}

fn year_id(db: &Db, name: &str) -> Result<i64, Box<dyn std::error::Error>> {
    Ok(year::find_by_name(db, name)?
        .and_then(|y| y.id)
        .ok_or("no year")?)
}

/// How many classes the year has.
fn classes_of(db: &Db, name: &str) -> Result<i64, Box<dyn std::error::Error>> {
    Ok(db.conn().query_row(
        "SELECT count(*) FROM class WHERE academic_year_id = ?1",
        [year_id(db, name)?],
        |r| r.get(0),
    )?)
}

/// Last year's ledger, chosen with the year chooser, reads as it did before the rollover.
async fn last_years_ledger(app: &App, before: &str) -> TestResult {
    let after = ledger(app, Some(FROM)).await?;
    assert_eq!(after, before, "last year's ledger changed");
    app.screenshot("ledgers-last-year").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_rolls_over_by_the_wizard_and_last_years_ledger_prints_the_same() -> TestResult {
    let (dir, path) = demo_file()?;
    let (first, (row, debtor), from_classes, (nine, excellent)) = {
        let db = Db::open(&path)?;
        let year_id = year::current_id(&db)?;
        let nine = classes::find_by_label(&db, year_id, NINE)?
            .and_then(|c| c.id)
            .ok_or("no 9 А")?;
        let excellent = decisions::of_class(&db, nine)?
            .decisions
            .first()
            .map(|d| (d.student_id, d.full_name.clone()))
            .ok_or("9 А is empty")?;
        let class = classes::find_by_label(&db, year_id, CLASS)?
            .and_then(|c| c.id)
            .ok_or("no 5 А")?;
        let grid = decisions::of_class(&db, class)?;
        let first = grid.decisions.first().ok_or("5 А is empty")?;
        let debtor = grid
            .decisions
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, d)| d.failing.is_empty())
            .map(|(i, d)| (i, d.full_name.clone()))
            .ok_or("everyone in 5 А has a «2»")?;
        (
            first.full_name.clone(),
            debtor,
            classes_of(&db, FROM)?,
            (nine, excellent),
        )
    };
    let harness = Harness::start_with(dir, path.clone()).await?;
    let app = harness.launch().await?;

    let before = ledger(&app, None).await?;
    assert!(before.contains("Сводная ведомость"), "{before}");
    app.step("rollover", "decide", decide(&app, &first).await)
        .await?;
    app.step(
        "rollover",
        "conditional",
        conditional(&app, row, &debtor).await,
    )
    .await?;
    app.step(
        "rollover",
        "distinction",
        distinction(&app, &excellent.1).await,
    )
    .await?;
    app.step("rollover", "wizard", wizard(&app).await).await?;
    app.step("rollover", "ledger", last_years_ledger(&app, &before).await)
        .await?;
    app.step("rollover", "debt", debt_cleared(&app, row, &debtor).await)
        .await?;
    app.close().await?;

    // In the file: every stage once, the new year current, no class made twice.
    let db = Db::open(&path)?;
    let status = rollover::status(&db)?;
    assert!(status.stages.iter().all(|s| s.done), "{status:?}");
    assert_eq!(year::current(&db)?.map(|y| y.name).as_deref(), Some(TO));
    let created = i64::from(status.stages[1].created.classes);
    assert_eq!(classes_of(&db, TO)?, created);
    assert_eq!(classes_of(&db, FROM)?, from_classes);
    let new_five = classes::find_by_label(&db, year_id(&db, TO)?, CLASS)?
        .and_then(|c| c.id)
        .ok_or("no new 5 А")?;
    let kept = decisions::of_class(&db, nine)?;
    let row = kept
        .decisions
        .iter()
        .find(|d| d.student_id == excellent.0)
        .ok_or("the 9th-grader has no decision")?;
    assert!(row.stored && row.with_distinction, "{row:?}");
    assert_eq!(
        kept.decisions.iter().filter(|d| d.with_distinction).count(),
        1
    );
    let repeater = decisions::of_class(&db, new_five)?;
    assert!(
        repeater.decisions.iter().any(|d| d.full_name == first),
        "{first} repeats in the new 5 А"
    );
    Ok(())
}
