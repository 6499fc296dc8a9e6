//! The roster import through the real app: a file with errors shows them with row and column,
//! importing it whole is refused, importing only the valid rows lands them in the class.

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

#[tokio::test(flavor = "multi_thread")]
async fn roster_with_errors_then_only_the_valid_rows() -> TestResult {
    let (dir, path) = demo_file()?;
    let before = first_a_class(&Db::open(&path)?)?.len();
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    app.click("nav-students").await?;
    app.click("import-open").await?;
    app.fill("import-path", &fixture("roster.xlsx")).await?;
    choose_class(&app, "1 А").await?;
    app.click("import-check").await?;
    app.wait_text("import-added", "2").await?;
    let errors = text_of(&app.by_testid("grid-import-errors").await?).await?;
    assert!(errors.contains("латинская буква"), "{errors}");
    assert!(errors.contains("31.02.2023 — нет такой даты"), "{errors}");
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
