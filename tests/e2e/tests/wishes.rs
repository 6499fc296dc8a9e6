//! Teachers' wishes and the wishes of a load line through the real app on the demo school: on
//! «Пожелания учителей» the first teacher's methodical day is typed into the grid («3» —
//! Wednesday) and two lessons of the second teacher are marked as a block (Shift+→, Space); on
//! the first teacher's card a lesson is marked with a click and the methodical day from the grid
//! shows; on «Нагрузка» the mathematics of 5 А gets one pair a week and a preferred room (F4
//! reaches them from the grid). The file holds all of it, and after the app is started again
//! the three screens show it. The navigation with the new screen still fits a 1280×800 window.
//! Pictures go to ZAVUCH_SCREENSHOTS when it is set.

use std::time::Duration;
use zavuch_core::timetable_generate::{self as generate, TeacherWishesRow};
use zavuch_core::{load, rooms, Db};
use zavuch_e2e::{demo_file, App, Harness, TestResult};

type Error = Box<dyn std::error::Error>;

const ENTER: &str = "\u{E007}";
const SHIFT_RIGHT: &str = "\u{E008}\u{E014}\u{E000}";
const SPACE: &str = " ";
const F4: &str = "\u{E034}";
const ESCAPE: &str = "\u{E00C}";
/// Wednesday, the methodical day typed into the grid.
const WEDNESDAY: i32 = 3;
/// The card's marked lesson: Tuesday, the teacher's third lesson number.
const TUESDAY: i32 = 2;

/// What the test works on, read from the demo school before the app starts.
struct Plan {
    first: TeacherWishesRow,
    second: TeacherWishesRow,
    /// The card's lesson number (Tuesday).
    lesson: i32,
    /// Two lessons of Monday side by side the second teacher's classes have.
    block: (i32, i32),
    /// The grid cell of 5 А's mathematics: `load-cell-{row}-{col}`.
    load_cell: String,
    /// The load line of it and the room chosen for it (its label in the list).
    line_id: i64,
    room_id: i64,
    room_label: String,
}

fn plan(db: &Db) -> Result<Plan, Error> {
    let (year_id, on) = load::current_year_on(db, None)?;
    let sheet = generate::wishes_sheet(db, year_id, on)?;
    let first = sheet.teachers[0].clone();
    let second = sheet.teachers[1].clone();
    let lesson = first.lessons[2];
    let block = (sheet.lessons[0], sheet.lessons[1]);
    assert!(
        second.lessons.contains(&block.0) && second.lessons.contains(&block.1),
        "the second teacher's classes have the first two lessons"
    );
    let grid = load::grid(db, year_id, on)?;
    let col = grid
        .classes
        .iter()
        .position(|c| c.label == "5 А")
        .ok_or("no 5 А")?;
    let row = grid
        .rows
        .iter()
        .position(|r| r.label == "Математика")
        .ok_or("no mathematics")?;
    let cell = grid.rows[row].cells[col].as_ref().ok_or("no cell")?;
    let line_id = cell.units[0].loads[0].id;
    let room = rooms::list(db)?.into_iter().next().ok_or("no room")?;
    let room_label = if room.name.is_empty() {
        room.number.clone()
    } else {
        format!("{} — {}", room.number, room.name)
    };
    Ok(Plan {
        first,
        second,
        lesson,
        block,
        load_cell: format!("load-cell-{row}-{col}"),
        line_id,
        room_id: room.id.ok_or("a room without id")?,
        room_label,
    })
}

async fn picture(app: &App, name: &str) -> TestResult {
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot(name).await
}

async fn state(app: &App, id: &str) -> Result<String, Error> {
    Ok(app
        .by_testid(id)
        .await?
        .attr("data-state")
        .await?
        .unwrap_or_default())
}

/// The grid: «3» on the first teacher's methodical day; two lessons of the second teacher marked
/// with Shift+→ and Space.
async fn grid(app: &App, p: &Plan) -> TestResult {
    app.click("nav-wishes").await?;
    app.wait_text("wishes-summary", "Пожелания есть у 0 учителей")
        .await?;
    let overflow = app.navigation_overflow().await?;
    assert!(overflow <= 0, "the navigation scrolls by {overflow} px");
    app.click("wishes-methodical-0").await?;
    let grid = app.by_testid("wishes-grid").await?;
    grid.send_keys(&WEDNESDAY.to_string()).await?;
    app.wait_text("wishes-methodical-0", "Ср").await?;
    assert_eq!(state(app, "wishes-cell-0-3-1").await?, "methodical");

    let (a, b) = p.block;
    app.click_in_view(&format!(r#"[data-testid="wishes-cell-1-1-{a}"]"#))
        .await?;
    grid.send_keys(SHIFT_RIGHT).await?;
    grid.send_keys(SPACE).await?;
    app.wait(&format!(
        r#"[data-testid="wishes-cell-1-1-{a}"][data-state="busy"]"#
    ))
    .await?;
    assert_eq!(state(app, &format!("wishes-cell-1-1-{b}")).await?, "busy");
    app.wait_text("wishes-summary", "Пожелания есть у 2 учителей")
        .await?;
    picture(app, "wishes").await
}

/// Opens the first teacher's card (found by the last name) at its wishes.
async fn open_card(app: &App, p: &Plan) -> TestResult {
    app.click("nav-staff").await?;
    let last_name = p.first.full_name.split(' ').next().unwrap_or_default();
    app.fill("staff-filter", last_name).await?;
    let name = app
        .wait(r#"[data-testid="grid-staff"] [data-testid="cell-0-full_name"]"#)
        .await?;
    name.click().await?;
    name.send_keys(ENTER).await?;
    app.by_testid("staff-wishes-week").await?;
    Ok(())
}

/// The first teacher's card: the grid's methodical day shows; Tuesday's lesson marked by a click.
async fn card(app: &App, p: &Plan) -> TestResult {
    open_card(app, p).await?;
    assert_eq!(app.value("field-methodical_day").await?, "3", "среда");
    let cell = format!("staff-wish-{TUESDAY}-{}", p.lesson);
    app.click_in_view(&format!(r#"[data-testid="{cell}"]"#))
        .await?;
    app.wait(&format!(r#"[data-testid="{cell}"][data-state="busy"]"#))
        .await?;
    app.wait_text("staff-wishes-active", "сохранено").await?;
    picture(app, "staff-wishes").await?;
    app.click("staff-back").await?;
    Ok(())
}

/// 5 А's mathematics: one pair a week and the room.
async fn load_line(app: &App, p: &Plan) -> TestResult {
    app.click("nav-load").await?;
    app.click_in_view(&format!(r#"[data-testid="{}"] .unit"#, p.load_cell))
        .await?;
    app.wait_text("load-active", "5 А, Математика").await?;
    // F4 reaches the line's pairs from the grid, Esc goes back.
    app.by_testid("load-grid").await?.send_keys(F4).await?;
    assert_eq!(focused(app).await?, "field-load-paired-0");
    app.by_testid("field-load-paired-0")
        .await?
        .send_keys(ESCAPE)
        .await?;
    assert_eq!(focused(app).await?, "load-grid");
    app.by_testid("field-load-paired-0")
        .await?
        .select_by_label("1 пара в неделю")
        .await?;
    let mark = format!(
        r#"[data-testid="{}"] [data-testid="load-wish-mark"]"#,
        p.load_cell
    );
    app.wait(&mark).await?;
    app.by_testid("field-load-room-0")
        .await?
        .select_by_label(&p.room_label)
        .await?;
    wait_mark(app, &mark, "каб.").await?;
    picture(app, "load-wishes").await
}

/// The test id of the element with the keyboard focus.
async fn focused(app: &App) -> Result<String, Error> {
    tokio::time::sleep(Duration::from_millis(200)).await;
    let id = app
        .client
        .execute(
            "return document.activeElement?.dataset.testid ?? '';",
            vec![],
        )
        .await?;
    Ok(id.as_str().unwrap_or_default().to_string())
}

/// Waits until the mark after the teacher in a load cell says `needle`.
async fn wait_mark(app: &App, css: &str, needle: &str) -> Result<String, Error> {
    for _ in 0..60 {
        let text = zavuch_e2e::text_of(&app.wait(css).await?).await?;
        if text.contains(needle) {
            return Ok(text);
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    Err(format!("«{needle}» not after the teacher").into())
}

/// The file: the first teacher's methodical day and Tuesday's lesson, the second teacher's two
/// lessons, the line's pair and room.
fn stored(path: &std::path::Path, p: &Plan) -> TestResult {
    let db = Db::open(path)?;
    let (year_id, _) = load::current_year_on(&db, None)?;
    let wishes = generate::teacher_wishes(&db, year_id)?;
    let of = |id: i64| wishes.iter().find(|w| w.staff_member_id == id).cloned();
    let first = of(p.first.staff_member_id).ok_or("no wishes of the first teacher")?;
    assert_eq!(first.methodical_day, Some(WEDNESDAY));
    assert_eq!(first.unavailable, vec![(TUESDAY, p.lesson)]);
    let second = of(p.second.staff_member_id).ok_or("no wishes of the second teacher")?;
    assert_eq!(second.unavailable, vec![(1, p.block.0), (1, p.block.1)]);
    let lines = generate::load_line_wishes(&db, year_id)?;
    let line = lines
        .iter()
        .find(|l| l.teaching_load_id == p.line_id)
        .ok_or("no wishes of the load line")?;
    assert_eq!(
        (line.paired_lessons, line.preferred_room_id),
        (1, Some(p.room_id))
    );
    Ok(())
}

/// After a restart the grid, the card and the load line show what was saved.
async fn read_back(app: &App, p: &Plan) -> TestResult {
    app.click("nav-wishes").await?;
    app.wait_text("wishes-methodical-0", "Ср").await?;
    assert_eq!(
        state(app, &format!("wishes-cell-0-{TUESDAY}-{}", p.lesson)).await?,
        "busy"
    );
    open_card(app, p).await?;
    assert_eq!(
        state(app, &format!("staff-wish-{TUESDAY}-{}", p.lesson)).await?,
        "busy"
    );
    app.click("staff-back").await?;
    app.click("nav-load").await?;
    let mark = format!(
        r#"[data-testid="{}"] [data-testid="load-wish-mark"]"#,
        p.load_cell
    );
    let text = wait_mark(app, &mark, "спар. 1").await?;
    assert!(text.contains("каб."), "{text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn wishes_in_the_grid_on_the_card_and_on_a_load_line_are_kept() -> TestResult {
    let (dir, path) = demo_file()?;
    let p = plan(&Db::open(&path)?)?;
    let harness = Harness::start_with(dir, path.clone()).await?;
    let app = harness.launch().await?;
    app.step("wishes", "grid", grid(&app, &p).await).await?;
    app.step("wishes", "card", card(&app, &p).await).await?;
    app.step("wishes", "load", load_line(&app, &p).await)
        .await?;
    stored(&path, &p)?;
    app.close().await?;

    let app = harness.launch().await?;
    app.step("wishes", "read back", read_back(&app, &p).await)
        .await?;
    app.close().await?;
    Ok(())
}
