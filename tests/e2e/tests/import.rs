//! The roster import through the real app: a file with errors shows them with row and column,
//! importing it whole is refused, importing only the valid rows lands them in the class. A file
//! the spreadsheet reader panics on is a Russian message, and the app works on.

use zavuch_core::{classes, students, year, Db};
use zavuch_e2e::{demo_file, text_of, App, Harness, TestResult};

fn fixture(name: &str) -> String {
    format!("{}/../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Students of «1 А» in the current year, read by the core from the school file.
fn first_a_class(db: &Db) -> Result<Vec<students::StudentRow>, Box<dyn std::error::Error>> {
    let year_id = year::current_id(db)?;
    let class = classes::find_by_label(db, year_id, "1 А")?.ok_or("no class 1 А")?;
    Ok(students::list(db, year_id, class.id, None)?)
}

async fn choose_class(app: &App, label: &str) -> TestResult {
    app.wait(&format!(
        r#"[data-testid="import-class"] option[value="{label}"]"#
    ))
    .await?
    .click()
    .await?;
    Ok(())
}

/// «Импорт из Excel» of the students screen with the file `path` for «1 А».
async fn roster_into_first_a(app: &App, path: &str) -> TestResult {
    app.click("nav-students").await?;
    app.click("import-open").await?;
    app.fill("import-path", path).await?;
    choose_class(app, "1 А").await
}

#[tokio::test(flavor = "multi_thread")]
async fn roster_with_errors_then_only_the_valid_rows() -> TestResult {
    let (dir, path) = demo_file()?;
    let before = first_a_class(&Db::open(&path)?)?.len();
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    roster_into_first_a(&app, &fixture("roster.xlsx")).await?;
    app.click("import-check").await?;
    app.wait_text("import-added", "2").await?;
    let errors = text_of(&app.by_testid("grid-import-errors").await?).await?;
    assert!(errors.contains("латинская буква"), "{errors}");
    assert!(errors.contains("31.02.2023 — нет такой даты"), "{errors}");
    // The class's size before and after, its scheme and bells.
    let classes = text_of(&app.by_testid("grid-import-classes").await?).await?;
    assert!(
        classes.contains("1 А") && classes.contains("+2"),
        "{classes}"
    );
    assert!(classes.contains("Четверти (1 класс)"), "{classes}");
    app.screenshot("import-preview").await?;

    // The whole file is refused while it has errors: nothing is written.
    app.click("import-run").await?;
    app.wait_text("import-result", "Ничего не загружено")
        .await?;
    assert_eq!(first_a_class(&Db::open(&harness.db_path)?)?.len(), before);

    app.click("import-valid-only").await?;
    app.click("import-run").await?;
    let result = app.wait_text("import-result", "добавлено 2").await?;
    assert!(result.contains("не загружено 3"), "{result}");
    app.close().await?;

    assert_eq!(
        first_a_class(&Db::open(&harness.db_path)?)?.len(),
        before + 2
    );
    Ok(())
}

/// Issue 14: a whole-school roster of an older system (Windows-1251 CSV, no file numbers)
/// imported into a new school with «Создать недостающие классы»: the preview shows the classes
/// to create with their term schemes and the numbers to give; then «Отметки» has the class's
/// terms, and the empty screens say what the class still lacks, with the way there.
#[tokio::test(flavor = "multi_thread")]
async fn a_whole_school_roster_creates_classes_with_their_terms() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("school.zavuch");
    year::init(&Db::open(&path)?, zavuch_core::exchange::import::today())?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    app.click("nav-students").await?;
    app.click("import-open").await?;
    app.fill("import-path", &fixture("roster-old-system-cp1251.csv"))
        .await?;
    app.click("import-create-classes").await?;
    app.click("import-check").await?;
    app.wait_text("import-added", "7").await?;
    let classes = text_of(&app.by_testid("grid-import-classes").await?).await?;
    for expected in [
        "1 А — новый",
        "Четверти (1 класс)",
        "10 А — новый",
        "Полугодия",
    ] {
        assert!(classes.contains(expected), "{expected} in {classes}");
    }
    let numbers = text_of(&app.by_testid("grid-import-numbers").await?).await?;
    for expected in [
        "Васильев Иван Петрович",
        "В/1",
        "Гусейнов Тимур Гусейн оглы",
        "Г/1",
    ] {
        assert!(numbers.contains(expected), "{expected} in {numbers}");
    }
    app.screenshot("import-preview-new-classes").await?;
    app.click("import-run").await?;
    app.wait_text("import-result", "добавлено 7").await?;
    app.wait(r#"[data-testid="import-panel"] button.close"#)
        .await?
        .click()
        .await?;

    // «Отметки» of 5 А (the first class with marks): its quarters, and why it has no subjects.
    app.click("nav-marks").await?;
    app.wait(r#"[data-testid="marks-period-0"][data-name="1 четверть"]"#)
        .await?;
    app.wait(r#"[data-testid="marks-period-4"][data-name="Год"]"#)
        .await?;
    let gap = app
        .wait_text("gap-curriculum", "У 5 А класса нет учебного плана")
        .await?;
    assert!(gap.contains("«Учебные планы»"), "{gap}");
    // The closed panel may still be on the last frame drawn.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot("marks-class-without-curriculum").await?;
    app.click("gap-curriculum-go").await?;
    app.wait(r#"[data-testid="nav-curriculum"][aria-current="page"]"#)
        .await?;

    // «Расписание» of 1 А: no bells in the year yet, no curriculum.
    app.click("nav-timetable").await?;
    app.wait_text("gap-bells", "нет расписания звонков").await?;
    app.wait_text("gap-curriculum", "У 1 А класса нет учебного плана")
        .await?;
    app.screenshot("timetable-class-without-bells").await?;
    app.click("gap-bells-go").await?;
    app.wait(r#"[data-testid="nav-bells"][aria-current="page"]"#)
        .await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let year_id = year::current_id(&db)?;
    let five = classes::find_by_label(&db, year_id, "5 А")?.ok_or("no class 5 А")?;
    assert!(five.term_scheme_id.is_some());
    Ok(())
}

/// A one-class file with no class chosen: no row can be loaded, so only loading the valid rows
/// is not advised; the error names the dialog's own control, never a command-line flag.
#[tokio::test(flavor = "multi_thread")]
async fn a_file_with_no_valid_row_is_not_offered_the_valid_rows() -> TestResult {
    let (dir, path) = demo_file()?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    app.click("nav-students").await?;
    app.click("import-open").await?;
    app.fill("import-path", &fixture("roster.xlsx")).await?;
    choose_class(&app, "").await?;
    app.click("import-check").await?;
    let errors = app
        .wait_text("grid-import-errors", "Не указан класс")
        .await?;
    assert!(
        errors.contains("«Класс для файла одного класса»") && !errors.contains("--"),
        "{errors}"
    );
    let advice = app.text("import-advice").await?;
    assert!(!advice.contains("только строки без ошибок"), "{advice}");

    app.click("import-run").await?;
    let result = app
        .wait_text("import-result", "Ничего не загружено")
        .await?;
    assert!(!result.contains("только строки без ошибок"), "{result}");
    app.close().await?;
    Ok(())
}

/// An .xls calamine panics on (found by the fuzzer; `cli/tests/bad_files.rs` runs it through the
/// CLI): checked and imported in the app, it is told as a damaged file in Russian, nothing is
/// written, the details are in panics.log, and the app works on.
#[tokio::test(flavor = "multi_thread")]
async fn a_file_the_reader_panics_on_leaves_the_app_working() -> TestResult {
    let (dir, path) = demo_file()?;
    let before = first_a_class(&Db::open(&path)?)?.len();
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    roster_into_first_a(&app, &fixture("malformed/crash-calamine-xls.xls")).await?;
    for button in ["import-check", "import-run"] {
        app.click(button).await?;
        app.wait_text("import-error", "повреждён или не является таблицей")
            .await?;
        app.screenshot(&format!("import-panicking-file-{button}"))
            .await?;
        app.wait(r#"[data-testid="import-error"] .close"#)
            .await?
            .click()
            .await?;
        app.wait_gone(r#"[data-testid="import-error"]"#).await?;
    }
    // Esc closes the panel.
    app.by_testid("import-path")
        .await?
        .send_keys("\u{E00C}")
        .await?;
    app.wait_gone(r#"[data-testid="import-panel"]"#).await?;
    app.click("nav-classes").await?;
    app.by_testid("screen-classes").await?;
    app.close().await?;

    let log = std::fs::read_to_string(harness.data_dir.path().join("panics.log"))?;
    assert!(log.contains("calamine"), "{log}");
    assert_eq!(first_a_class(&Db::open(&harness.db_path)?)?.len(), before);
    Ok(())
}
