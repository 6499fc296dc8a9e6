//! The spreadsheet-like grid through the real app, on the demo school's rooms: the names of two
//! rooms selected with Shift+↓ are copied (one name a line on the clipboard), cut with Ctrl+X
//! (both names cleared), and pasted with Ctrl+V into the rooms' notes. The screen read again and
//! the core agree: names empty, the notes hold them.

use zavuch_core::{rooms, Db};
use zavuch_e2e::{demo_file, App, Harness, TestResult};

const SHIFT_DOWN: &str = "\u{E008}\u{E015}\u{E000}";
const CTRL_X: &str = "\u{E009}x\u{E000}";
const CTRL_V: &str = "\u{E009}v\u{E000}";
const UP: &str = "\u{E013}";
const END: &str = "\u{E010}";

/// The first two rooms one after the other that both have a name and no note: their row and
/// names.
fn two_named(db: &Db) -> Result<(usize, [String; 2]), Box<dyn std::error::Error>> {
    let list = rooms::list(db)?;
    let plain = |r: &rooms::Room| !r.name.is_empty() && r.note.is_empty();
    list.windows(2)
        .position(|w| plain(&w[0]) && plain(&w[1]))
        .map(|i| (i, [list[i].name.clone(), list[i + 1].name.clone()]))
        .ok_or_else(|| "no two named rooms without notes".into())
}

async fn press(app: &App, keys: &str) -> TestResult {
    let active = app
        .wait(r#"[data-testid="grid-rooms"] td[tabindex="0"]"#)
        .await?;
    active.send_keys(keys).await?;
    Ok(())
}

/// Waits until the cell shows `value`.
async fn shows(app: &App, cell: &str, value: &str) -> TestResult {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let now = app.by_testid(cell).await?.attr("data-value").await?;
        if now.as_deref() == Some(value) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{cell} shows {now:?}, not «{value}»").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

async fn cut_to_notes(app: &App, row: usize, names: &[String; 2]) -> TestResult {
    app.click("nav-rooms").await?;
    app.click_in_view(&format!(r#"[data-testid="cell-{row}-name"]"#))
        .await?;
    press(app, SHIFT_DOWN).await?;
    let block = app
        .client
        .find_all(fantoccini::Locator::Css(
            r#"[data-testid="grid-rooms"] td.in-block"#,
        ))
        .await?;
    if block.len() != 2 {
        return Err(format!("Shift+↓ selected {} cells, not 2", block.len()).into());
    }
    let copied = app
        .clipboard(r#"[data-testid="grid-rooms"] table"#, "copy", "")
        .await?;
    assert_eq!(copied, format!("{}\n{}", names[0], names[1]));
    press(app, CTRL_X).await?;
    shows(app, &format!("cell-{row}-name"), "").await?;
    shows(app, &format!("cell-{}-name", row + 1), "").await?;
    // The first room's note (the last column), then the two names pasted down from it.
    press(app, UP).await?;
    press(app, END).await?;
    press(app, CTRL_V).await?;
    shows(app, &format!("cell-{row}-note"), &names[0]).await?;
    shows(app, &format!("cell-{}-note", row + 1), &names[1]).await?;
    // Read again from the file: another screen, then the rooms.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.click("nav-subjects").await?;
    app.click("nav-rooms").await?;
    shows(app, &format!("cell-{}-note", row + 1), &names[1]).await?;
    shows(app, &format!("cell-{}-name", row + 1), "").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_block_is_cut_from_one_column_and_pasted_into_another() -> TestResult {
    let (dir, path) = demo_file()?;
    let (row, names) = two_named(&Db::open(&path)?)?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step("grid", "cut", cut_to_notes(&app, row, &names).await)
        .await?;
    app.close().await?;

    let list = rooms::list(&Db::open(&harness.db_path)?)?;
    for (k, name) in names.iter().enumerate() {
        let room = &list[row + k];
        assert_eq!(
            (room.name.as_str(), room.note.as_str()),
            ("", name.as_str())
        );
    }
    Ok(())
}
