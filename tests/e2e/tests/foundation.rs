//! The foundation sections through the real app: fill the school card, add a bell schedule,
//! be refused an overlapping bell, restart on the same file and find everything again; and the
//! demo school's screens (their screenshots go to docs/screenshots when ZAVUCH_SCREENSHOTS is set).

use zavuch_e2e::{text_of, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";

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

async fn cell_value(
    app: &App,
    grid: &str,
    row: usize,
    key: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    Ok(app
        .wait(&cell(grid, row, key))
        .await?
        .attr("data-value")
        .await?
        .unwrap_or_default())
}

async fn fill_school_card(app: &App) -> TestResult {
    app.fill(
        "field-full_name",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 3»",
    )
    .await?;
    app.fill("field-short_name", "СОШ № 3").await?;
    app.fill("field-inn", "7707083894").await?; // wrong check digit
    app.fill("field-ogrn", "1027700132195").await?;
    app.fill("field-director", "Петрова Анна Сергеевна").await?;
    app.click("school-save").await?;
    let message = app.wait_text("error-inn", "Контрольная цифра ИНН").await?;
    assert!(message.contains("опечатк"), "{message}");
    app.fill("field-inn", "7707083893").await?;
    app.click("school-save").await?;
    app.wait_text("school-name", "СОШ № 3").await?;
    Ok(())
}

const BELLS: [(&str, &str); 7] = [
    ("08:30", "09:15"),
    ("09:25", "10:10"),
    ("10:30", "11:15"),
    ("11:35", "12:20"),
    ("12:30", "13:15"),
    ("13:25", "14:10"),
    ("14:20", "15:05"),
];

async fn add_bell_schedule(app: &App) -> TestResult {
    app.click("nav-bells").await?;
    app.click("bells-new").await?;
    app.fill("field-name", "Основное").await?;
    for (row, (start, end)) in BELLS.iter().enumerate() {
        app.click("grid-bells-add").await?;
        type_cell(app, "grid-bells", row, "starts_at", start).await?;
        type_cell(app, "grid-bells", row, "ends_at", end).await?;
    }
    app.click("bells-save").await?;
    app.wait(r#"[data-testid="save-status"][data-state="saved"]"#)
        .await?;
    assert_eq!(
        cell_value(app, "grid-bells", 6, "lesson_number").await?,
        "7"
    );
    app.screenshot("bells-new").await?;

    // Lesson 3 now starts inside lesson 2: the core refuses and names the lesson.
    type_cell(app, "grid-bells", 2, "starts_at", "09:50").await?;
    app.click("bells-save").await?;
    let issue = text_of(
        &app.wait(r#"[data-testid="grid-bells"] [data-testid="issue-2-starts_at"]"#)
            .await?,
    )
    .await?;
    assert!(issue.contains("пересекается с уроком №2"), "{issue}");
    app.screenshot("bells-overlap").await?;
    // Put it back: the red mark goes as soon as the time is right, before saving; then save,
    // so the restart finds the valid schedule.
    type_cell(app, "grid-bells", 2, "starts_at", "10:30").await?;
    app.wait_gone(r#"[data-testid="grid-bells"] [data-testid="issue-2-starts_at"]"#)
        .await?;
    // Back to the time saved: the schedule is as saved again, not «не сохранено».
    app.wait(r#"[data-testid="save-status"][data-state="saved"]"#)
        .await?;
    app.click("bells-save").await?;
    app.wait(r#"[data-testid="save-status"][data-state="saved"]"#)
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn school_card_and_bells_survive_a_restart() -> TestResult {
    let harness = Harness::start().await?;
    let app = harness.launch().await?;
    app.click("welcome-start").await?;
    app.by_testid("screen-school").await?;
    fill_school_card(&app).await?;
    add_bell_schedule(&app).await?;
    app.close().await?;

    let app = harness.launch().await?;
    app.wait_text("school-name", "СОШ № 3").await?;
    assert_eq!(app.value("field-inn").await?, "7707083893");
    assert_eq!(app.value("field-director").await?, "Петрова Анна Сергеевна");
    app.click("nav-bells").await?;
    app.wait(&cell("grid-bells", 6, "ends_at")).await?;
    for (row, (start, end)) in BELLS.iter().enumerate() {
        assert_eq!(
            cell_value(&app, "grid-bells", row, "starts_at").await?,
            *start
        );
        assert_eq!(cell_value(&app, "grid-bells", row, "ends_at").await?, *end);
    }
    app.close().await?;

    // The CLI reads the same file: one schedule of 7 lessons, the card as typed.
    let overview = zavuch_core::overview::load(&zavuch_core::Db::open(&harness.db_path)?)?;
    assert_eq!(overview.school.short_name, "СОШ № 3");
    assert_eq!(overview.bell_schedules.len(), 1);
    assert_eq!(overview.bell_schedules[0].bells.len(), 7);
    Ok(())
}

/// A new schedule starts from the typical day: the dialog's values changed, the day filled in,
/// a time corrected in the table, then saved.
#[tokio::test(flavor = "multi_thread")]
async fn a_new_schedule_starts_from_a_typical_day() -> TestResult {
    let harness = Harness::start().await?;
    let app = harness.launch().await?;
    app.click("welcome-start").await?;
    app.click("nav-bells").await?;
    app.click("bells-new").await?;
    app.fill("field-name", "Основное").await?;
    app.wait_text("bells-start", "типового дня").await?;
    app.click("bells-typical").await?;
    app.by_testid("typical-day-dialog").await?;
    assert_eq!(app.value("field-lesson_minutes").await?, "45");
    assert_eq!(app.value("field-long_breaks_after").await?, "2, 3");
    app.wait_text("typical-day-bells", "6 урок: 13:25–14:10")
        .await?;
    app.fill("field-lessons", "7").await?;
    app.wait_text("typical-day-bells", "7 урок: 14:20–15:05")
        .await?;
    app.screenshot("bells-typical").await?;
    app.click("typical-day-ok").await?;
    app.wait(&cell("grid-bells", 6, "ends_at")).await?;
    for (row, (start, end)) in BELLS.iter().enumerate() {
        assert_eq!(
            cell_value(&app, "grid-bells", row, "starts_at").await?,
            *start
        );
        assert_eq!(cell_value(&app, "grid-bells", row, "ends_at").await?, *end);
    }
    type_cell(&app, "grid-bells", 0, "starts_at", "08:00").await?;
    app.click("bells-save").await?;
    app.wait(r#"[data-testid="save-status"][data-state="saved"]"#)
        .await?;
    // The long first lesson is saved and marked: a warning, not an error.
    app.wait(r#"[data-testid="grid-bells"] [data-testid="issue-0-ends_at"]"#)
        .await?;
    app.close().await?;
    let overview = zavuch_core::overview::load(&zavuch_core::Db::open(&harness.db_path)?)?;
    let bells = &overview.bell_schedules[0].bells;
    assert_eq!(bells.len(), 7);
    assert_eq!(
        (bells[0].starts_at.as_str(), bells[6].ends_at.as_str()),
        ("08:00", "15:05")
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_school_screens() -> TestResult {
    let harness = Harness::start().await?;
    let app = harness.launch().await?;
    app.by_testid("screen-welcome").await?;
    app.screenshot("welcome").await?;
    app.click("welcome-demo").await?;
    app.wait_text("school-name", "МБОУ СОШ № 7").await?;
    app.wait_text("current-year", "2026-2027").await?;
    assert_eq!(app.value("field-inn").await?, "5702007616");
    app.screenshot("school").await?;

    app.click("nav-years").await?;
    app.by_testid("screen-years").await?;
    app.wait(r#"[data-testid="grid-terms-0"]"#).await?;
    let scheme = app.value("scheme-0-name").await?;
    assert_eq!(scheme, "Четверти");
    assert_eq!(
        cell_value(&app, "grid-terms-0", 0, "starts_on").await?,
        "2026-09-01"
    );
    // Beside the calendar days, the school days the core counts for the school's week.
    app.wait_text("scheme-0-school-days", "учебных дней")
        .await?;
    let calendar: u32 = text_of(&app.wait(&cell("grid-terms-0", 0, "calendar_days")).await?)
        .await?
        .parse()?;
    let school: u32 = text_of(&app.wait(&cell("grid-terms-0", 0, "school_days")).await?)
        .await?
        .parse()?;
    assert!(school > 30 && school < calendar, "{school} of {calendar}");
    app.screenshot("years").await?;

    app.click("nav-bells").await?;
    app.wait(&cell("grid-bells", 4, "ends_at")).await?;
    app.screenshot("bells").await?;

    app.click("nav-rooms").await?;
    let count = app.wait_text("rooms-count", "45").await?;
    assert!(count.contains("45"), "{count}");
    app.screenshot("rooms").await?;

    app.click("nav-subjects").await?;
    app.wait(&cell("grid-subjects", 0, "name")).await?;
    assert_eq!(
        cell_value(&app, "grid-subjects", 0, "name").await?,
        "Русский язык"
    );
    app.screenshot("subjects").await?;
    app.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_a_school_is_refused_with_a_message() -> TestResult {
    let data_dir = tempfile::tempdir()?;
    let bad = data_dir.path().join("spisok.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 a spreadsheet, not a school")?;
    let harness = Harness::start_with(data_dir, bad.clone()).await?;
    let app = harness.launch().await?;
    let notice = app.wait_text("start-notice", "spisok.xlsx").await?;
    assert!(
        notice.contains("не является базой данных SQLite"),
        "{notice}"
    );
    app.by_testid("screen-welcome").await?;
    app.close().await?;
    assert_eq!(
        std::fs::read(&bad)?,
        b"PK\x03\x04 a spreadsheet, not a school"
    );
    Ok(())
}
