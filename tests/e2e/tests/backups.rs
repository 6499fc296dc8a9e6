//! «Резервные копии» through the real app on the demo school: «Сделать копию сейчас» lists a copy
//! made by hand; the school's short name is changed on «Карта школы»; «Восстановить» on that copy
//! asks first (the current file is kept as a copy), and once confirmed the old name is back in the
//! sidebar and the list has the copy kept «перед восстановлением» (checked again in the file
//! after the app closes). A damaged school file opens on a plain screen saying so, and
//! «Восстановить последнюю исправную копию» brings the school back. Pictures of both screens go to
//! `$ZAVUCH_SCREENSHOTS/backups.png` and `damaged.png` when that is set.

use zavuch_core::{backup, school, Db};
use zavuch_e2e::{demo_file, text_of, App, Harness, TestResult};

const CHANGED: &str = "Школа после изменения";

/// «Сделать копию сейчас»: the id of the copy it made (read from the file's list of copies).
async fn copy_now(app: &App, path: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    app.click("nav-backups").await?;
    app.by_testid("backups-list").await?;
    // «Сервис» too fits a 1280×800 window: the navigation does not scroll.
    let overflow = app.navigation_overflow().await?;
    assert!(overflow <= 0, "the navigation scrolls by {overflow} px");
    app.click("backup-now").await?;
    app.wait_text("backups-done", "Копия сделана").await?;
    let made = backup::list(path)
        .into_iter()
        .find(|c| c.reason == "вручную")
        .ok_or("no copy made by hand")?;
    let row = app.by_testid(&format!("backup-{}", made.id)).await?;
    let text = text_of(&row).await?;
    assert!(
        text.contains("вручную") && text.contains("проверена"),
        "{text}"
    );
    Ok(made.id)
}

async fn rename(app: &App) -> TestResult {
    app.click("nav-school").await?;
    app.fill("field-short_name", CHANGED).await?;
    app.click("school-save").await?;
    app.wait_text("school-name", CHANGED).await?;
    Ok(())
}

async fn restore(app: &App, id: &str, name: &str) -> TestResult {
    app.click("nav-backups").await?;
    app.click_in_view(&format!(
        r#"[data-testid="backup-{id}"] [data-testid="backup-restore"]"#
    ))
    .await?;
    let asked = app.text("dialog-message").await?;
    assert!(asked.contains("сначала сохранится копией"), "{asked}");
    app.click("dialog-ok").await?;
    app.wait_text("school-name", name).await?;
    app.wait(r#"[data-testid="backups-list"]"#).await?;
    let list = app.text("backups-list").await?;
    assert!(list.contains("перед восстановлением"), "{list}");
    // The restored screen painted before the picture (WebKit may give the frame before).
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.screenshot("backups").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_copy_made_by_hand_is_restored_and_the_change_undone() -> TestResult {
    let (dir, path) = demo_file()?;
    let name = school::get(&Db::open(&path)?)?.short_name;
    let harness = Harness::start_with(dir, path.clone()).await?;
    let app = harness.launch().await?;

    let id = copy_now(&app, &path).await;
    let id = match id {
        Ok(id) => id,
        Err(e) => return app.step("backups", "copy", Err(e)).await,
    };
    app.step("backups", "rename", rename(&app).await).await?;
    app.step("backups", "restore", restore(&app, &id, &name).await)
        .await?;
    app.close().await?;

    assert_eq!(school::get(&Db::open(&path)?)?.short_name, name);
    let reasons: Vec<String> = backup::list(&path).into_iter().map(|c| c.reason).collect();
    for reason in ["перед восстановлением", "вручную", "ежедневная"]
    {
        assert!(reasons.iter().any(|r| r == reason), "{reasons:?}");
    }
    Ok(())
}

/// Overwrites bytes in the middle of every page after the first, as a failing disk would.
fn damage(path: &std::path::Path) -> TestResult {
    let mut bytes = std::fs::read(path)?;
    for start in (4096..bytes.len()).step_by(4096) {
        bytes[start + 16..start + 200].fill(0xA5);
    }
    std::fs::write(path, bytes)?;
    Ok(())
}

async fn restore_damaged(app: &App, name: &str) -> TestResult {
    let message = app.text("damaged-message").await?;
    assert!(message.contains("повреждён"), "{message}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.screenshot("damaged").await?;
    app.click("damaged-restore").await?;
    app.wait_text("school-name", name).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_file_is_shown_as_such_and_its_latest_good_copy_restored() -> TestResult {
    let (dir, path) = demo_file()?;
    let name = {
        let db = Db::open(&path)?;
        backup::make(&db, backup::Reason::Manual)?;
        school::get(&db)?.short_name
    };
    damage(&path)?;
    let harness = Harness::start_with(dir, path.clone()).await?;
    let app = harness.launch().await?;
    app.by_testid("damaged-file").await?;
    app.step("damaged", "restore", restore_damaged(&app, &name).await)
        .await?;
    app.close().await?;

    let kept = backup::list(&path)
        .into_iter()
        .find(|c| c.reason == "повреждённый файл перед восстановлением")
        .ok_or("the damaged file is kept")?;
    assert!(!kept.checked);
    Ok(())
}
