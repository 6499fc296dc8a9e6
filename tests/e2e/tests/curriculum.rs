//! Curricula through the real app on the demo school: open «Учебные планы», pick the grade-5
//! template «Базовый», change a line's hours and see the weekly total follow, push it above the
//! sanitary maximum and see the warning (too many hours in a line are refused beside the cell), save, assign the template to «5 А» (confirming that the
//! class's curriculum is replaced), print «Учебный план 5–9 классов» and read the PDF back with
//! `pdftotext`; copy the template, see 8 А marked as adjusted, and start a student's individual
//! curriculum. Pictures of the screen go to `$ZAVUCH_SCREENSHOTS` when that is set.

use std::path::{Path, PathBuf};
use zavuch_core::curriculum::{self, CurriculumKind, CurriculumPart};
use zavuch_core::forms::documents;
use zavuch_core::{classes, school, subjects, year, Db};
use zavuch_e2e::{demo_file, pdftotext, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const GRADE: i32 = 5;
const CLASS: &str = "5 А";
const SUBJECT: &str = "Математика";

fn cell(grid: &str, row: usize, key: &str) -> String {
    format!(r#"[data-testid="{grid}"] [data-testid="cell-{row}-{key}"]"#)
}

/// Types into a grid cell (typing starts editing) and commits with Enter.
async fn type_cell(app: &App, grid: &str, row: usize, key: &str, text: &str) -> TestResult {
    let cell = app.wait(&cell(grid, row, key)).await?;
    cell.click().await?;
    cell.send_keys(&format!("{text}{ENTER}")).await?;
    Ok(())
}

/// Waits until an attribute of the element has the value (saves arrive asynchronously).
async fn wait_attr(app: &App, css: &str, name: &str, want: &str) -> TestResult {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got = app.wait(css).await?.attr(name).await?.unwrap_or_default();
        if got == want {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{css} [{name}] is «{got}», not «{want}»").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

/// Waits until the element's whole text is `want` (the totals are recomputed asynchronously).
async fn wait_exact(app: &App, id: &str, want: &str) -> TestResult {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got = app.text(id).await?;
        if got == want {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("[{id}] is «{got}», not «{want}»").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

/// Where things are in the demo: the template's row in the grade's list, the line of mathematics
/// in the table of the obligatory part, its hours and the template's totals.
struct Expected {
    school: String,
    list_row: usize,
    /// The row of 8 А (adjusted for in-depth mathematics) among the grade-8 curricula.
    adjusted_row: usize,
    line_row: usize,
    hours: f64,
    weekly_first: f64,
    sanitary_max: f64,
}

fn expected(db: &Db) -> Result<Expected, Box<dyn std::error::Error>> {
    let year_id = year::current_id(db)?;
    let list_row = curriculum::list(db, year_id)?
        .iter()
        .filter(|s| s.grade == GRADE)
        .position(|s| s.kind == CurriculumKind::Template && s.name == "Базовый")
        .ok_or("no grade-5 «Базовый»")?;
    let adjusted_row = curriculum::list(db, year_id)?
        .iter()
        .filter(|s| s.grade == 8)
        .position(|s| s.kind == CurriculumKind::Class && s.title == "8 А" && s.adjusted)
        .ok_or("8 А is not adjusted in the demo")?;
    let template = curriculum::templates(db, year_id, Some(GRADE))?
        .into_iter()
        .find(|t| t.name == "Базовый")
        .ok_or("no grade-5 «Базовый»")?;
    let maths = subjects::list(db, true)?
        .into_iter()
        .find(|s| s.name == SUBJECT)
        .and_then(|s| s.id);
    let mandatory: Vec<_> = template
        .lines
        .iter()
        .filter(|l| l.part == CurriculumPart::Mandatory)
        .collect();
    let line_row = mandatory
        .iter()
        .position(|l| l.subject_id == maths)
        .ok_or("no mathematics line")?;
    Ok(Expected {
        school: school::get(db)?.full_name,
        list_row,
        adjusted_row,
        line_row,
        hours: mandatory[line_row].hours_first,
        weekly_first: template.totals.weekly_first,
        sanitary_max: f64::from(template.totals.sanitary_max.ok_or("no sanitary maximum")?),
    })
}

/// Hours as the screen shows them: «29», «0,5».
fn shown(h: f64) -> String {
    curriculum::hours_text(h)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_template_is_edited_checked_assigned_and_printed() -> TestResult {
    let (dir, path) = demo_file()?;
    let want = expected(&Db::open(&path)?)?;
    let folder = dir.path().join(documents::FOLDER);
    let harness = Harness::start_with(dir, path.clone()).await?;
    let app = harness.launch().await?;

    app.click("nav-curriculum").await?;
    app.by_testid("screen-curriculum").await?;
    app.click(&format!("curriculum-grade-{GRADE}")).await?;
    app.wait(&cell("grid-curricula", want.list_row, "title"))
        .await?
        .click()
        .await?;
    app.wait_text("curriculum-heading", "Шаблон учебного плана для 5 класса")
        .await?;
    wait_exact(&app, "curriculum-total-first", &shown(want.weekly_first)).await?;
    app.screenshot("curriculum-template").await?;

    // One more hour of mathematics: the total follows at once, before saving.
    let lines = "grid-curriculum-mandatory";
    let more = want.hours + 1.0;
    type_cell(&app, lines, want.line_row, "hours_first", &shown(more)).await?;
    wait_exact(
        &app,
        "curriculum-total-first",
        &shown(want.weekly_first + 1.0),
    )
    .await?;
    wait_attr(
        &app,
        r#"[data-testid="save-status"]"#,
        "data-state",
        "dirty",
    )
    .await?;
    // Unsaved hours are not dropped by going to another screen: asked first, and kept.
    app.click("nav-classes").await?;
    app.wait_text("dialog-message", "несохранённые изменения")
        .await?;
    app.click("dialog-cancel").await?;
    wait_attr(
        &app,
        r#"[data-testid="app-ready"]"#,
        "data-screen",
        "curriculum",
    )
    .await?;
    wait_exact(
        &app,
        "curriculum-total-first",
        &shown(want.weekly_first + 1.0),
    )
    .await?;

    // More than a line may have: refused on saving, the reason beside the cell.
    type_cell(&app, lines, want.line_row, "hours_first", "11").await?;
    app.click("curriculum-save").await?;
    wait_attr(
        &app,
        r#"[data-testid="save-status"]"#,
        "data-state",
        "failed",
    )
    .await?;
    let issue = format!(
        r#"[data-testid="{lines}"] [data-testid="issue-{}-hours_first"]"#,
        want.line_row
    );
    wait_attr(&app, &issue, "data-level", "error").await?;
    app.screenshot("curriculum-field-error").await?;

    // Above the sanitary maximum: a warning, the total marked, and still saved.
    let above = want.hours + (want.sanitary_max - want.weekly_first).max(0.0) + 1.0;
    type_cell(&app, lines, want.line_row, "hours_first", &shown(above)).await?;
    let total = want.weekly_first + above - want.hours;
    wait_exact(&app, "curriculum-total-first", &shown(total)).await?;
    app.wait_text("curriculum-warning", "больше допустимых")
        .await?;
    wait_attr(
        &app,
        r#"[data-testid="curriculum-totals"]"#,
        "data-above",
        "true",
    )
    .await?;
    app.click("curriculum-save").await?;
    wait_attr(
        &app,
        r#"[data-testid="save-status"]"#,
        "data-state",
        "saved",
    )
    .await?;
    app.wait_text("curriculum-warning", "1-м полугодии").await?;
    app.screenshot("curriculum-above-maximum").await?;

    // Assigning to 5 А replaces the class's copy of the old lines: asked first.
    app.click("curriculum-assign").await?;
    app.click(&format!("assign-class-{CLASS}")).await?;
    app.screenshot("curriculum-assign").await?;
    app.click("assign-ok").await?;
    app.wait_text("dialog-message", CLASS).await?;
    app.click("dialog-ok").await?;
    app.wait_text("curriculum-assigned", CLASS).await?;

    app.click("print-curriculum").await?;
    app.wait_text("printed-name", "Учебный план 5–9 классов")
        .await?;
    let pdf = PathBuf::from(
        app.by_testid("printed")
            .await?
            .attr("data-path")
            .await?
            .ok_or("the notice has no path")?,
    );
    assert_eq!(pdf.parent(), Some(folder.as_path()), "{}", pdf.display());
    app.screenshot("curriculum-printed").await?;

    // A copy of the template is a new template of the grade, with the same hours.
    app.click("curriculum-copy").await?;
    let copy_name = "Базовый (копия)";
    if app.value("dialog-input").await? != copy_name {
        return Err("the copy's name is not suggested".into());
    }
    app.click("dialog-ok").await?;
    wait_attr(&app, r#"[data-testid="field-name"]"#, "value", copy_name).await?;
    wait_exact(&app, "curriculum-total-first", &shown(total)).await?;

    // 8 А has its own adjustment in the demo: marked in the list and over its lines.
    app.click("curriculum-grade-8").await?;
    app.wait(&cell("grid-curricula", want.adjusted_row, "title"))
        .await?
        .click()
        .await?;
    app.wait_text("curriculum-heading", "Учебный план класса 8 А")
        .await?;
    app.wait_text("curriculum-adjusted", "изменён").await?;
    app.screenshot("curriculum-class").await?;

    // A template of grade 10 has its profile.
    app.click("curriculum-grade-10").await?;
    app.wait_text("curriculum-heading", "Шаблон учебного плана для 10 класса")
        .await?;
    app.by_testid("field-profile").await?;
    app.screenshot("curriculum-profile").await?;
    app.click(&format!("curriculum-grade-{GRADE}")).await?;

    // An individual curriculum for a student of the grade, from the class's lines.
    app.click("curriculum-individual").await?;
    app.by_testid("individual-dialog").await?;
    // The class's students are read when the dialog opens; one is chosen then.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.value("individual-student").await?.is_empty() {
        if std::time::Instant::now() > deadline {
            return Err("no student offered".into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    app.screenshot("curriculum-individual").await?;
    app.click("individual-ok").await?;
    app.wait_text("curriculum-heading", "Индивидуальный учебный план")
        .await?;
    wait_attr(
        &app,
        r#"[data-testid="curriculum-editor"]"#,
        "data-kind",
        "individual",
    )
    .await?;
    app.screenshot("curriculum-individual-open").await?;
    app.close().await?;

    // 5 А now has the template's hours, and its own column in the printed plan.
    let db = Db::open(&path)?;
    let year_id = year::current_id(&db)?;
    let class = classes::find_by_label(&db, year_id, CLASS)?.ok_or("no class 5 А")?;
    let plan = curriculum::of_class(&db, class.id.unwrap_or_default())?.ok_or("5 А has no plan")?;
    assert_eq!(plan.totals.weekly_first, total);
    let text = pdftotext(&pdf)?;
    // The printed plan beside the pictures, to look at.
    if let Some(shots) = std::env::var_os("ZAVUCH_SCREENSHOTS") {
        std::fs::copy(&pdf, Path::new(&shots).join("curriculum-5-9.pdf"))?;
    }
    for expected in [
        want.school.as_str(),
        "Учебный план 5–9 классов",
        CLASS,
        SUBJECT,
        "Всего часов в неделю",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    let weekly = curriculum::weekly_text(total, plan.totals.weekly_second);
    assert!(
        text.lines()
            .any(|l| l.contains("Всего часов в неделю") && l.contains(&weekly)),
        "no total {weekly}:\n{text}"
    );
    Ok(())
}
