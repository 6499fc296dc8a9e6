//! Printing through the real app on the demo school: the class list of «5 А» and the class sizes
//! go into «Документы Завуча» in the data folder without a dialog, the notice names the file,
//! and the PDF reads back (`pdftotext`) with the school, the class and a student. A document
//! deleted since is reported when asked to open it. A picture of the Classes screen after
//! printing goes to `$ZAVUCH_SCREENSHOTS/classes-printed.png` when that is set.

use zavuch_core::forms::documents;
use zavuch_core::{classes, school, students, year, Db};
use zavuch_e2e::{demo_file, pdftotext, Harness, TestResult};

const CLASS: &str = "5 А";

/// What the PDFs must show: the school's full name, the row of «5 А» in the classes grid, and a
/// student of «5 А» who has not left.
struct Expected {
    school: String,
    row: usize,
    student: String,
}

fn expected(db: &Db) -> Result<Expected, Box<dyn std::error::Error>> {
    let year_id = year::current_id(db)?;
    let class = classes::find_by_label(db, year_id, CLASS)?.ok_or("no class 5 А")?;
    let on = year::current(db)?
        .and_then(|y| y.starts_on)
        .ok_or("the year has no start")?;
    let row = classes::list(db, year_id, on)?
        .iter()
        .position(|c| c.class.id == class.id)
        .ok_or("5 А is not in the list")?;
    let student = students::list(db, year_id, class.id, None)?
        .into_iter()
        .find(|s| s.left_on.is_none())
        .ok_or("5 А has no students")?
        .full_name;
    Ok(Expected {
        school: school::get(db)?.full_name,
        row,
        student,
    })
}

/// Whether a program of this name is on the PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

#[tokio::test(flavor = "multi_thread")]
async fn class_list_and_class_sizes_print_into_the_documents_folder() -> TestResult {
    let (dir, path) = demo_file()?;
    let want = expected(&Db::open(&path)?)?;
    let folder = dir.path().join(documents::FOLDER);
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    app.click("nav-classes").await?;
    let cell = format!(
        r#"[data-testid="grid-classes"] [data-testid="cell-{}-total"]"#,
        want.row
    );
    app.wait(&cell).await?.click().await?;
    app.click("print-class-list").await?;
    let list = app.printed(&format!("Список класса {CLASS} на ")).await?;
    assert_eq!(list.parent(), Some(folder.as_path()), "{}", list.display());
    // The notice names the whole folder, to find the file without the app.
    assert_eq!(
        app.text("printed-folder").await?,
        folder.display().to_string()
    );
    let text = pdftotext(&list)?;
    for expected in [
        want.school.as_str(),
        "Список 5 А класса",
        want.student.as_str(),
        "Страница 1 из 1",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    app.screenshot("classes-printed").await?;
    // Without xdg-open (as on a bare test machine) «Открыть» says in Russian what to install
    // and where the file is, instead of the system's «No such file or directory».
    if cfg!(target_os = "linux") && !on_path("xdg-open") {
        app.click("printed-open").await?;
        let told = app.wait_text("classes-error", "xdg-utils").await?;
        assert!(told.contains(&folder.display().to_string()), "{told}");
    }

    app.click("class-sizes-open").await?;
    app.click("class-sizes-pdf").await?;
    let sizes = app.printed("Наполняемость классов на 20.09.").await?;
    assert_eq!(
        sizes.parent(),
        Some(folder.as_path()),
        "{}",
        sizes.display()
    );
    let text = pdftotext(&sizes)?;
    for expected in [
        want.school.as_str(),
        "Наполняемость классов",
        "из них по формам обучения",
        "Всего по школе",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with(CLASS) || l.trim_start().starts_with("5А")),
        "no row of {CLASS}:\n{text}"
    );

    // A document removed since it was printed: opening it says so instead of failing silently.
    std::fs::remove_file(&sizes)?;
    app.click("printed-open").await?;
    app.wait_text("classes-error", "больше нет").await?;
    app.close().await?;
    Ok(())
}
