//! Thematic plans through the real app on the demo school, with the dates of 5 А's mathematics
//! cleared beforehand: open «Тематические планы», choose 5 А Математика in the school-wide
//! overview, see its sections and topics and its hours against the curriculum; «Распределить по
//! датам» fills the dates from the timetable (and warns about the topics left without a lesson);
//! print the plan and read the PDF back with `pdftotext`; type two hours into a topic, see the
//! difference from the curriculum, save, and find the change in the school file. A picture of
//! the screen goes to `$ZAVUCH_SCREENSHOTS/plans.png` when that is set.
//!
//! A class without a plan (5 В): the demo has no last year, so «Из прошлого года» says so; the
//! plan is imported from a spreadsheet (5 А's, exported by the core) through the preview; copying
//! 5 А's plan onto 5 В is then refused, as 5 В has its own.
//!
//! A plan made by hand: «Составить план» for 5 В, a topic typed in (its kind chosen by typing its
//! first letter), saved with the warning that its hours fall short of the curriculum's; a
//! textbook added to the grade's УМК.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zavuch_core::forms::documents;
use zavuch_core::thematic_plans::{self, PlanKey};
use zavuch_core::{demo, year, Db};
use zavuch_e2e::{pdftotext, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const CLASS: &str = "5 А";
const SUBJECT: &str = "Математика";

/// The demo school with the planned dates of 5 А's mathematics cleared; the plan's key and
/// its row in the overview (which the screen shows unfiltered).
fn demo_without_dates(
) -> Result<(tempfile::TempDir, PathBuf, PlanKey, usize), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.zavuch");
    let db = Db::open(&path)?;
    demo::create(&db)?;
    let mut plan = thematic_plans::by_names(&db, CLASS, SUBJECT, None)?;
    for s in &mut plan.sections {
        for t in &mut s.topics {
            t.planned_date = None;
        }
    }
    thematic_plans::save(&db, &plan)?;
    let year_id = year::current_id(&db)?;
    let row = thematic_plans::overview(&db, year_id)?
        .iter()
        .position(|r| r.class_label == CLASS && r.subject_name == SUBJECT)
        .ok_or("5 А Математика is not in the overview")?;
    Ok((dir, path, plan.key, row))
}

fn topic_cell(row: usize, key: &str) -> String {
    format!(r#"[data-testid="grid-topics"] [data-testid="cell-{row}-{key}"]"#)
}

/// Waits until the cell's stored value (`data-value`) is not empty; gives it.
async fn wait_value(app: &App, css: &str) -> Result<String, Box<dyn std::error::Error>> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = app
            .wait(css)
            .await?
            .attr("data-value")
            .await?
            .unwrap_or_default();
        if !got.is_empty() {
            return Ok(got);
        }
        if Instant::now() > deadline {
            return Err(format!("{css} stays empty").into());
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn open_the_plan(app: &App, row: usize) -> TestResult {
    app.click("nav-plans").await?;
    app.wait_text("plans-summary", "Планов: 4 из").await?;
    let css = format!(r#"[data-testid="grid-plans"] [data-testid="cell-{row}-subject_name"]"#);
    app.wait(&css).await?.click().await?;
    app.wait_text("plan-title", "5 А, Математика").await?;
    app.wait_text("grid-topics", "Натуральные числа и шкалы (1)")
        .await?;
    app.wait_text("grid-topics", "Контрольная работа № 1")
        .await?;
    app.wait_text("plan-totals", "Итого: 204 ч · по учебному плану 204 ч")
        .await?;
    app.wait_text("grid-textbooks", "Виленкин").await?;
    let date = app
        .wait(&topic_cell(0, "planned_date"))
        .await?
        .attr("data-value")
        .await?;
    assert_eq!(date.as_deref(), Some(""), "the dates were cleared");
    Ok(())
}

/// «Распределить по датам»: the first topic gets the first lesson of the year, shown dd.mm.yyyy.
async fn distribute(app: &App) -> Result<String, Box<dyn std::error::Error>> {
    app.click("plan-distribute").await?;
    app.wait_text("plan-info", "Даты распределены").await?;
    let iso = wait_value(app, &topic_cell(0, "planned_date")).await?;
    let (y, rest) = iso.split_once('-').ok_or("not an ISO date")?;
    let (m, d) = rest.split_once('-').ok_or("not an ISO date")?;
    let shown = format!("{d}.{m}.{y}");
    app.wait_text("cell-0-planned_date", &shown).await?;
    // The demo year has a few lessons fewer than 204: the last topics are warned about.
    app.wait_text("plan-warning", "не хватило").await?;
    Ok(shown)
}

async fn print(app: &App, folder: &Path, first_date: &str) -> TestResult {
    app.click("plan-print").await?;
    app.wait_text("printed-name", "КТП 5 А, Математика").await?;
    let pdf = PathBuf::from(
        app.by_testid("printed")
            .await?
            .attr("data-path")
            .await?
            .ok_or("the notice has no path")?,
    );
    assert_eq!(pdf.parent(), Some(folder), "{}", pdf.display());
    let text = pdftotext(&pdf)?;
    for expected in [
        "Календарно-тематическое планирование",
        "по предмету «Математика», 5 А класс",
        "Раздел 1. Натуральные числа и шкалы (20 ч)",
        "Контрольная работа № 1",
        "Виленкин",
        first_date,
        "Итого: 204 ч; по учебному плану 204 ч",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    Ok(())
}

/// Two hours typed into the first topic: the plan is one hour over the curriculum; saved.
async fn edit_hours(app: &App) -> TestResult {
    let cell = app.wait(&topic_cell(0, "hours")).await?;
    cell.click().await?;
    cell.send_keys(&format!("2{ENTER}")).await?;
    app.wait_text("plan-difference", "+1").await?;
    app.wait_text("save-status", "несохранённые").await?;
    app.click("plan-save").await?;
    app.wait_text("save-status", "Сохранено").await?;
    app.wait_text("plan-warning", "разница +1 ч").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_is_dated_from_the_timetable_printed_and_edited() -> TestResult {
    let (dir, path, key, row) = demo_without_dates()?;
    let folder = dir.path().join(documents::FOLDER);
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step("plans", "open", open_the_plan(&app, row).await)
        .await?;
    let first_date = match distribute(&app).await {
        Ok(d) => d,
        Err(e) => return app.step("plans", "distribute", Err(e)).await,
    };
    app.screenshot("plans").await?;
    app.step("plans", "print", print(&app, &folder, &first_date).await)
        .await?;
    app.step("plans", "edit", edit_hours(&app).await).await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let plan = thematic_plans::find(&db, &key)?.ok_or("the plan is gone")?;
    assert_eq!(plan.totals.planned, 205.0);
    assert_eq!(plan.totals.difference, Some(1.0));
    let first = plan.topics().next().ok_or("no topics")?;
    assert_eq!(first.hours, 2.0);
    assert!(first.planned_date.is_some(), "the distributed dates stay");
    Ok(())
}

/// The demo school in its folder, a spreadsheet of 5 А's plan, and the rows of 5 А's and 5 В's
/// mathematics in the overview.
struct DemoWithFile {
    dir: tempfile::TempDir,
    path: PathBuf,
    file: PathBuf,
    row_a: usize,
    row_v: usize,
}

fn demo_with_a_file() -> Result<DemoWithFile, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.zavuch");
    let db = Db::open(&path)?;
    demo::create(&db)?;
    let plan = thematic_plans::by_names(&db, CLASS, SUBJECT, None)?;
    let file = dir.path().join("КТП 5 А.xlsx");
    thematic_plans::exchange::export(&db, plan.id.ok_or("no id")?, &file)?;
    let year_id = year::current_id(&db)?;
    let rows = thematic_plans::overview(&db, year_id)?;
    let at = |class: &str| {
        rows.iter()
            .position(|r| r.class_label == class && r.subject_name == SUBJECT)
            .ok_or(format!("{class} {SUBJECT} is not in the overview"))
    };
    let (row_a, row_v) = (at(CLASS)?, at("5 В")?);
    Ok(DemoWithFile {
        dir,
        path,
        file,
        row_a,
        row_v,
    })
}

async fn choose_row(app: &App, row: usize, title: &str) -> TestResult {
    let css = format!(r#"[data-testid="grid-plans"] [data-testid="cell-{row}-subject_name"]"#);
    let cell = app.wait(&css).await?;
    // The row may be scrolled out of the list: brought into view first, as a user scrolls.
    app.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'})",
            vec![serde_json::to_value(&cell)?],
        )
        .await?;
    cell.click().await?;
    app.wait_text("plan-title", title).await?;
    Ok(())
}

async fn no_plan_of_last_year(app: &App, row: usize) -> TestResult {
    app.click("nav-plans").await?;
    app.wait_text("plans-summary", "Планов: 4 из").await?;
    choose_row(app, row, "5 В, Математика").await?;
    app.wait_text("plan-missing", "нет").await?;
    app.click("plan-last-year").await?;
    app.wait_text("plans-error", "В прошлом учебном году нет плана")
        .await?;
    Ok(())
}

async fn import_the_file(app: &App, file: &Path) -> TestResult {
    app.click("plan-import").await?;
    app.fill("import-path", &file.display().to_string()).await?;
    app.click("import-check").await?;
    app.wait_text("import-added", "204").await?;
    app.click("import-run").await?;
    app.wait_text("import-result", "Загрузка завершена: добавлено 204")
        .await?;
    app.by_testid("import-path")
        .await?
        .send_keys(ESCAPE)
        .await?;
    app.wait_text("grid-topics", "Натуральные числа и шкалы (1)")
        .await?;
    app.wait_text("plans-summary", "Планов: 5 из").await?;
    app.wait_text("plan-totals", "Итого: 204 ч · по учебному плану 204 ч")
        .await?;
    Ok(())
}

async fn copy_onto_a_plan(app: &App, row: usize) -> TestResult {
    choose_row(app, row, "5 А, Математика").await?;
    app.click("plan-copy").await?;
    app.wait_text("plan-copy-dialog", "план уже есть").await?;
    app.click("plan-copy-class-5 В").await?;
    app.click("plan-copy-ok").await?;
    app.wait_text("plans-error", "уже есть").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_plan_is_imported_from_a_spreadsheet() -> TestResult {
    let DemoWithFile {
        dir,
        path,
        file,
        row_a,
        row_v,
    } = demo_with_a_file()?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step(
        "plans",
        "last-year",
        no_plan_of_last_year(&app, row_v).await,
    )
    .await?;
    app.step("plans", "import", import_the_file(&app, &file).await)
        .await?;
    app.step("plans", "copy", copy_onto_a_plan(&app, row_a).await)
        .await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let imported = thematic_plans::by_names(&db, "5 В", SUBJECT, None)?;
    let source = thematic_plans::by_names(&db, CLASS, SUBJECT, None)?;
    let topics = |p: &thematic_plans::ThematicPlan| {
        p.topics()
            .map(|t| (t.topic.clone(), t.hours, t.kind, t.planned_date))
            .collect::<Vec<_>>()
    };
    assert_eq!(topics(&imported), topics(&source));
    Ok(())
}

/// Types into a topic cell (typing starts editing) and commits with Enter.
async fn type_cell(app: &App, css: &str, text: &str) -> TestResult {
    let cell = app.wait(css).await?;
    cell.click().await?;
    cell.send_keys(&format!("{text}{ENTER}")).await?;
    Ok(())
}

async fn make_a_plan(app: &App, row: usize) -> TestResult {
    app.click("nav-plans").await?;
    app.wait_text("plans-summary", "Планов: 4 из").await?;
    choose_row(app, row, "5 В, Математика").await?;
    app.click("plan-create").await?;
    type_cell(app, &topic_cell(0, "section"), "Входной контроль").await?;
    type_cell(app, &topic_cell(0, "topic"), "Входная контрольная работа").await?;
    type_cell(app, &topic_cell(0, "kind"), "к").await?;
    app.wait_text("cell-0-kind", "контрольная работа").await?;
    app.wait_text("plan-difference", "−203").await?;
    app.click("plan-save").await?;
    app.wait_text("save-status", "Сохранено").await?;
    app.wait_text("plan-warning", "разница −203 ч").await?;
    app.wait_text("plans-summary", "Планов: 5 из").await?;
    app.wait_text("plans-summary", "часы не совпадают — 1")
        .await?;
    Ok(())
}

/// A row added below the first textbook and typed in is saved at once.
async fn add_a_textbook(app: &App) -> TestResult {
    app.click("grid-textbooks-add").await?;
    type_cell(
        app,
        r#"[data-testid="grid-textbooks"] [data-testid="cell-1-title"]"#,
        "Задачник по математике. 5 класс",
    )
    .await?;
    app.wait_text("textbooks-status", "Сохранено").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_is_made_by_hand_and_a_textbook_added() -> TestResult {
    let DemoWithFile {
        dir, path, row_v, ..
    } = demo_with_a_file()?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step("plans", "make", make_a_plan(&app, row_v).await)
        .await?;
    app.step("plans", "textbook", add_a_textbook(&app).await)
        .await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let plan = thematic_plans::by_names(&db, "5 В", SUBJECT, None)?;
    assert_eq!(plan.sections.len(), 1);
    assert_eq!(plan.sections[0].name, "Входной контроль");
    let topic = plan.topics().next().ok_or("no topic")?;
    assert_eq!(topic.topic, "Входная контрольная работа");
    assert_eq!(topic.kind, thematic_plans::TopicKind::Test);
    assert_eq!(topic.hours, 1.0);
    assert_eq!(plan.totals.difference, Some(-203.0));
    assert_eq!(plan.textbooks.len(), 3, "{:?}", plan.textbooks);
    // A new row goes below the active one, the first.
    assert_eq!(plan.textbooks[1], "Задачник по математике. 5 класс");
    Ok(())
}
