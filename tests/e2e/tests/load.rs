//! The teaching load through the real app on the demo school: with one cell cleared in the
//! core beforehand, the «Нагрузка» screen says one line is unassigned; its problem line moves to
//! the cell, a teacher is typed into it and chosen with Enter, the hours are then shared with a
//! second teacher («Ерёмина 3», «Богданова 2»), and the screen and the core agree that every
//! hour is assigned. A block of two of 5 А's cells selected with Shift+↓ is copied (Ctrl+C) and
//! pasted (Ctrl+V) onto 5 Б, which gets 5 А's teachers, cut from 5 Б (Ctrl+X) and pasted back;
//! a name nobody has is refused whole. Pictures go to ZAVUCH_SCREENSHOTS when it is set.

use zavuch_core::{demo, load, Db};
use zavuch_e2e::{demo_file, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const SHIFT_DOWN: &str = "\u{E008}\u{E015}\u{E000}";
const UP: &str = "\u{E013}";
const RIGHT: &str = "\u{E014}";
const CTRL_C: &str = "\u{E009}c\u{E000}";
const CTRL_X: &str = "\u{E009}x\u{E000}";
const CTRL_V: &str = "\u{E009}v\u{E000}";

/// The demo school with the mathematics of 5 А given to nobody; the line's id.
fn demo_with_a_gap(
) -> Result<(tempfile::TempDir, std::path::PathBuf, i64), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.zavuch");
    let db = Db::open(&path)?;
    demo::create(&db)?;
    let (year_id, on) = load::current_year_on(&db, None)?;
    let line = load::lines(&db, year_id, on)?
        .into_iter()
        .find(|l| l.label == "Математика" && l.classes_label == "5 А")
        .ok_or("no mathematics of 5 А")?;
    let unit = load::LoadUnit {
        line_id: line.line_ids[0],
        subgroup_id: None,
    };
    load::assign(&db, unit, None, on)?;
    Ok((dir, path, unit.line_id))
}

async fn assign_by_keyboard(app: &App) -> TestResult {
    app.click("load-problem").await?;
    app.wait_text("load-active", "5 А, Математика").await?;
    app.by_testid("load-grid").await?.send_keys("Е").await?;
    let editor = app.by_testid("load-editor").await?;
    editor.send_keys("рём").await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot("load-choose").await?;
    editor.send_keys(ENTER).await?;
    app.wait_text(
        "load-summary",
        "Все часы учебных планов классов распределены",
    )
    .await?;
    app.wait_text("load-active", "Ерёмина").await?;
    Ok(())
}

/// «Ерёмина 3» keeps 3 of the 5 hours with her; «Богданова 2» gives the rest to another teacher.
async fn share_the_hours(app: &App) -> TestResult {
    type_into_cell(app, "Е", "рёмина 3").await?;
    app.wait_text("load-summary", "не назначено: 1 строка")
        .await?;
    type_into_cell(app, "Б", "огданова 2").await?;
    app.wait_text(
        "load-summary",
        "Все часы учебных планов классов распределены",
    )
    .await?;
    app.wait_text("load-active", "Богданова").await?;
    Ok(())
}

async fn type_into_cell(app: &App, first: &str, rest: &str) -> TestResult {
    app.by_testid("load-grid").await?.send_keys(first).await?;
    let editor = app.by_testid("load-editor").await?;
    editor.send_keys(rest).await?;
    editor.send_keys(ENTER).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_teacher_typed_into_the_unassigned_cell_completes_the_load() -> TestResult {
    let (dir, path, line_id) = demo_with_a_gap()?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.click("nav-load").await?;
    let summary = app
        .wait_text("load-summary", "не назначено: 1 строка")
        .await?;
    assert_eq!(summary, "не назначено: 1 строка");
    app.screenshot("load").await?;
    app.step("load", "assign", assign_by_keyboard(&app).await)
        .await?;
    app.screenshot("load-complete").await?;
    app.step("load", "share", share_the_hours(&app).await)
        .await?;
    app.screenshot("load-shared").await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let (year_id, on) = load::current_year_on(&db, None)?;
    assert!(load::check(&db, year_id, on)?.is_complete());
    let shares: Vec<(String, f64)> = load::lines(&db, year_id, on)?
        .into_iter()
        .filter(|l| l.line_ids == [line_id])
        .map(|l| (l.teacher, l.hours_first))
        .collect();
    assert_eq!(shares.len(), 2, "{shares:?}");
    assert!(
        shares[0].0.starts_with("Ерёмина") && shares[0].1 == 3.0,
        "{shares:?}"
    );
    assert!(
        shares[1].0.starts_with("Богданова") && shares[1].1 == 2.0,
        "{shares:?}"
    );
    Ok(())
}

/// Two rows of the grid, one after the other, where 5 А and 5 Б each have one teacher for the
/// whole class, different in the first row: (first row, 5 А's column, 5 А's teachers, 5 Б's).
type Block = (usize, usize, [String; 2], [String; 2]);

fn two_rows(db: &Db) -> Result<Block, Box<dyn std::error::Error>> {
    let (year_id, on) = load::current_year_on(db, None)?;
    let grid = load::grid(db, year_id, on)?;
    let col = |label: &str| grid.classes.iter().position(|c| c.label == label);
    let (a, b) = (col("5 А").ok_or("no 5 А")?, col("5 Б").ok_or("no 5 Б")?);
    assert_eq!(b, a + 1, "5 Б follows 5 А");
    let single = |r: usize, c: usize| -> Option<String> {
        let cell = grid.rows.get(r)?.cells.get(c)?.as_ref()?;
        match cell.units.as_slice() {
            [u] if u.loads.len() == 1 => Some(u.loads[0].teacher.clone()),
            _ => None,
        }
    };
    for r in 0..grid.rows.len().saturating_sub(1) {
        if let (Some(a1), Some(a2), Some(b1), Some(b2)) = (
            single(r, a),
            single(r + 1, a),
            single(r, b),
            single(r + 1, b),
        ) {
            if a1 != b1 {
                return Ok((r, a, [a1, a2], [b1, b2]));
            }
        }
    }
    Err("no two rows of 5 А and 5 Б with a different teacher".into())
}

/// Clicks a cell's (first) unit.
async fn click_unit(app: &App, row: usize, col: usize) -> TestResult {
    app.click_in_view(&format!(r#"[data-testid="load-cell-{row}-{col}"] .unit"#))
        .await
}

/// A clipboard event on the grid, as Ctrl+C, Ctrl+X or Ctrl+V send it.
async fn clipboard(
    app: &App,
    kind: &str,
    text: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    app.clipboard(r#"[data-testid="load-grid"]"#, kind, text)
        .await
}

async fn press(app: &App, keys: &str) -> TestResult {
    app.by_testid("load-grid").await?.send_keys(keys).await?;
    Ok(())
}

async fn selected(app: &App) -> Result<usize, Box<dyn std::error::Error>> {
    let cells = app
        .client
        .find_all(fantoccini::Locator::Css(
            r#"[data-testid="load-grid"] td.selected"#,
        ))
        .await?;
    Ok(cells.len())
}

/// 5 А's two cells copied onto 5 Б with Ctrl+C and Ctrl+V; 5 Б's cut with Ctrl+X, a wrong name
/// pasted and refused whole, then the cut cells pasted back.
async fn copy_cut_paste(app: &App, block: &Block) -> TestResult {
    let (row, a, theirs, _) = block;
    click_unit(app, *row, *a).await?;
    press(app, SHIFT_DOWN).await?;
    if selected(app).await? != 2 {
        return Err("Shift+↓ did not select two cells".into());
    }
    // What goes on the clipboard, read from a copy event: one line a row, as a spreadsheet has it.
    let copied = clipboard(app, "copy", "").await?;
    assert_eq!(copied, format!("{}\n{}", theirs[0], theirs[1]));
    press(app, CTRL_C).await?;
    // Back to the block's first row, then 5 Б: the selection goes with a plain arrow.
    press(app, UP).await?;
    press(app, RIGHT).await?;
    app.wait_text("load-active", "5 Б").await?;
    press(app, CTRL_V).await?;
    app.wait_text("load-active", &theirs[0]).await?;
    app.screenshot("load-pasted").await?;

    press(app, SHIFT_DOWN).await?;
    press(app, CTRL_X).await?;
    app.wait_text("load-summary", "не назначено: 2 строки")
        .await?;
    press(app, UP).await?;
    clipboard(app, "paste", "Нетакова А. Б.\tИванова").await?;
    app.wait_text("load-error", "Ничего не вставлено").await?;
    app.wait_text("load-error", "нет сотрудника «Нетакова А. Б.»")
        .await?;
    app.wait_text("load-summary", "не назначено: 2 строки")
        .await?;
    press(app, CTRL_V).await?;
    app.wait_text(
        "load-summary",
        "Все часы учебных планов классов распределены",
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_block_of_cells_is_copied_cut_and_pasted_between_classes() -> TestResult {
    let (dir, path) = demo_file()?;
    let block = two_rows(&Db::open(&path)?)?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.click("nav-load").await?;
    app.wait_text(
        "load-summary",
        "Все часы учебных планов классов распределены",
    )
    .await?;
    app.step("load", "clipboard", copy_cut_paste(&app, &block).await)
        .await?;
    app.close().await?;

    // 5 Б now has 5 А's teachers in both rows.
    let db = Db::open(&harness.db_path)?;
    let (year_id, on) = load::current_year_on(&db, None)?;
    let grid = load::grid(&db, year_id, on)?;
    let (row, a, theirs, _) = &block;
    for (k, teacher) in theirs.iter().enumerate() {
        let cell = grid.rows[row + k].cells[a + 1].as_ref().ok_or("no cell")?;
        let names: Vec<&str> = cell.units[0]
            .loads
            .iter()
            .map(|l| l.teacher.as_str())
            .collect();
        assert_eq!(names, [teacher.as_str()], "row {}", row + k);
    }
    assert!(load::check(&db, year_id, on)?.is_complete());
    Ok(())
}
