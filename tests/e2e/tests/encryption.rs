//! «Шифрование файла» through the real app on the demo school: the file is encrypted on the
//! screen (two passwords that differ are caught first); the app started again on the same data
//! folder shows only «Файл школы зашифрован» with a password field; a wrong password (typed and
//! Enter) says so in place, the right one opens the school with its data; the password is
//! changed (after a restart the old one no longer fits, the new one does); the encryption is
//! taken off and the file is a plain SQLite file again, read here without a password. Pictures
//! go to `$ZAVUCH_SCREENSHOTS/encryption-*.png` when that is set.

use fantoccini::Locator;
use std::path::Path;
use std::time::{Duration, Instant};
use zavuch_core::{encryption, school, Db};
use zavuch_e2e::{demo_file, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const FIRST: &str = "липа-весна-2026";
const SECOND: &str = "клён-осень-2027";

/// Waits until the element `id` has the keyboard's focus.
async fn has_focus(app: &App, id: &str) -> TestResult {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let focused = app
            .client
            .execute(
                "return document.activeElement?.dataset.testid ?? '';",
                vec![],
            )
            .await?;
        match focused.as_str() {
            Some(f) if f == id => return Ok(()),
            other if Instant::now() > deadline => {
                return Err(format!("{id} has no focus: {other:?} has").into())
            }
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// A picture once the screen has painted (WebKit may give the frame before).
async fn picture(app: &App, name: &str) -> TestResult {
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot(&format!("encryption-{name}")).await
}

async fn state_is(app: &App, encrypted: bool) -> TestResult {
    let state = app.by_testid("encryption-state").await?;
    let shown = state.attr("data-encrypted").await?;
    assert_eq!(
        shown.as_deref(),
        Some(if encrypted { "true" } else { "false" })
    );
    Ok(())
}

/// Runs the conversion the open dialog asks for (Enter) and waits for what the screen says
/// after it; its progress pictured when it is still running by then.
async fn convert(app: &App, name: &str, done: &str) -> TestResult {
    let focused = app.client.active_element().await?;
    focused.send_keys(ENTER).await?;
    let progress = Locator::Css(r#"[data-testid="encryption-progress"]"#);
    if app.client.find(progress).await.is_ok() {
        app.screenshot(&format!("encryption-{name}-progress"))
            .await?;
    }
    app.wait_text_long("encryption-done", done).await?;
    app.wait_gone(r#"[data-testid="encryption-dialog"]"#).await
}

/// The navigation's two longest phases open at once (the current screen's and the one opened
/// by its heading) still fit a 1280×800 window; «Шифрование файла» is reached through the
/// folded «Сервис».
async fn navigation_fits(app: &App) -> TestResult {
    app.click("nav-timetable").await?;
    let heading = r#"[aria-label="В течение года"] [aria-expanded="false"]"#;
    for folded in app.client.find_all(Locator::Css(heading)).await? {
        folded.click().await?;
    }
    app.wait(r#"[data-testid="nav-marks"]:not([hidden] *)"#)
        .await?;
    let overflow = app.navigation_overflow().await?;
    assert!(overflow <= 0, "the navigation scrolls by {overflow} px");
    picture(app, "navigation").await?;
    let folded = r#"[aria-label="Сервис"] [data-testid="nav-group"][aria-expanded="false"]"#;
    app.wait(folded).await?;
    Ok(())
}

async fn encrypt(app: &App) -> TestResult {
    navigation_fits(app).await?;
    app.click("nav-encryption").await?;
    state_is(app, false).await?;
    picture(app, "plain").await?;
    app.click("encryption-encrypt").await?;
    let warning = app.text("encryption-warning").await?;
    assert!(warning.contains("восстановить нельзя"), "{warning}");
    app.fill("field-password", FIRST).await?;
    app.fill("field-password-again", SECOND).await?;
    app.click("encryption-ok").await?;
    app.wait_text("error-password-again", "не совпадают")
        .await?;
    app.fill("field-password-again", FIRST).await?;
    picture(app, "dialog").await?;
    convert(app, "encrypt", "Файл школы зашифрован").await?;
    state_is(app, true).await?;
    picture(app, "encrypted").await
}

/// The locked screen: a wrong password says so in place, the right one opens the school.
async fn unlock(app: &App, path: &Path, wrong: &str, right: &str, name: &str) -> TestResult {
    app.by_testid("locked-file").await?;
    assert_eq!(app.text("locked-path").await?, path.display().to_string());
    picture(app, "locked").await?;
    // The field has the focus: typing goes straight into it.
    has_focus(app, "unlock-password").await?;
    app.fill("unlock-password", &format!("{wrong}{ENTER}"))
        .await?;
    app.wait_text_long("locked-message", "Пароль не подходит")
        .await?;
    picture(app, "wrong").await?;
    app.fill("unlock-password", right).await?;
    app.click("unlock-open").await?;
    app.wait_text_long("school-name", name).await?;
    let year = app.text("current-year").await?;
    assert!(!year.contains("не выбран"), "{year}");
    Ok(())
}

async fn change_password(app: &App) -> TestResult {
    // «Сервис», opened by its heading before the restart, is open still: remembered.
    let service = r#"[aria-label="Сервис"] [data-testid="nav-group"][aria-expanded="true"]"#;
    app.wait(service).await?;
    app.click("nav-encryption").await?;
    state_is(app, true).await?;
    app.click("encryption-change").await?;
    app.fill("field-password", SECOND).await?;
    app.fill("field-password-again", SECOND).await?;
    convert(app, "change", "Пароль изменён").await
}

async fn decrypt(app: &App) -> TestResult {
    app.click("nav-encryption").await?;
    app.click("encryption-decrypt").await?;
    // A confirmation without fields: the dialog has the focus, Enter confirms.
    has_focus(app, "encryption-dialog").await?;
    convert(app, "decrypt", "Шифрование снято").await?;
    state_is(app, false).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_school_file_is_encrypted_opened_with_its_password_and_made_plain_again() -> TestResult
{
    let (dir, path) = demo_file()?;
    let name = school::get(&Db::open(&path)?)?.short_name;
    let harness = Harness::start_with(dir, path.clone()).await?;

    let app = harness.launch().await?;
    app.step("encryption", "encrypt", encrypt(&app).await)
        .await?;
    app.close().await?;
    assert!(encryption::is_encrypted(&path)?);

    let app = harness.launch().await?;
    let unlocked = unlock(&app, &path, "не-тот-пароль", FIRST, &name).await;
    app.step("encryption", "unlock", unlocked).await?;
    app.step("encryption", "change", change_password(&app).await)
        .await?;
    app.close().await?;

    let app = harness.launch().await?;
    let unlocked = unlock(&app, &path, FIRST, SECOND, &name).await;
    app.step("encryption", "new password", unlocked).await?;
    app.step("encryption", "decrypt", decrypt(&app).await)
        .await?;
    app.close().await?;

    assert!(!encryption::is_encrypted(&path)?);
    assert_eq!(&std::fs::read(&path)?[..16], b"SQLite format 3\0");
    assert_eq!(school::get(&Db::open(&path)?)?.short_name, name);
    Ok(())
}
