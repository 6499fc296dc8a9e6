//! «Составить расписание…» through the real app on the demo school, three lessons locked
//! beforehand, three taken out (the demo's timetable is the generator's own, complete: without
//! a change a new run keeps every lesson where it is) and one of 5 А locked in its week with
//! «З» (the padlock shows): the whole school generated with locked lessons kept gives a
//! complete timetable with the locked lessons where they were; «Вернуть прежнее» (confirmed) brings back exactly
//! the timetable of before. A second run from an emptied week, stopped with «Остановить» once
//! the search reports progress, writes the best timetable found, as the core's check of the file counts it.
//! Pictures go to ZAVUCH_SCREENSHOTS when it is set.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use zavuch_core::timetable::{self, Lesson};
use zavuch_core::timetable_generate::set_locked;
use zavuch_core::{load, Db};
use zavuch_e2e::{demo_file, App, Harness, TestResult};

type Error = Box<dyn std::error::Error>;

const CLASS: &str = "5 А";

/// Every lesson of the year's timetable by id (a joint lesson shows in each of its classes).
fn lessons(db: &Db) -> Result<BTreeMap<i64, Lesson>, Error> {
    let (year_id, _) = load::current_year_on(db, None)?;
    let sheet = timetable::school_sheet(db, year_id)?;
    Ok(sheet
        .cells
        .into_iter()
        .flatten()
        .flatten()
        .map(|l| (l.id, l))
        .collect())
}

/// Where a lesson is: day, lesson number, room.
fn place(l: &Lesson) -> (i32, i32, Option<i64>) {
    (l.day, l.lesson_number, l.room_id)
}

/// A lesson alone in its cell in 5 А's week, not locked yet: (id, day, lesson number).
fn five_a_lesson(db: &Db) -> Result<(i64, i32, i32), Error> {
    let (year_id, _) = load::current_year_on(db, None)?;
    let sheet = timetable::school_sheet(db, year_id)?;
    let col = sheet
        .classes
        .iter()
        .position(|c| c.label == CLASS)
        .ok_or("no 5 А")?;
    let week = timetable::class_week(db, sheet.classes[col].id)?;
    let l = week
        .cells
        .iter()
        .flatten()
        .filter(|cell| cell.len() == 1)
        .flatten()
        .find(|l| !l.locked)
        .ok_or("no lesson of 5 А")?;
    Ok((l.id, l.day, l.lesson_number))
}

/// Locks the lesson with «З» in 5 А's week; the padlock shows on it.
async fn lock_in_week(app: &App, (id, day, n): (i64, i32, i32)) -> TestResult {
    app.click("nav-timetable").await?;
    app.by_testid("tt-class")
        .await?
        .select_by_label(CLASS)
        .await?;
    app.wait_text("tt-count", CLASS).await?;
    app.click_in_view(&format!(r#"[data-testid="tt-cell-{day}-{n}"]"#))
        .await?;
    app.by_testid("tt-week").await?.send_keys("p").await?;
    app.wait(&format!(
        r#"[data-testid="tt-lesson"][data-id="{id}"] [data-testid="tt-locked"]"#
    ))
    .await?;
    picture(app, "timetable-locked").await
}

/// The lessons placed by the core's check of the file.
fn placed(db: &Db) -> Result<i32, Error> {
    let (year_id, on) = load::current_year_on(db, None)?;
    Ok(timetable::check(db, year_id, on)?.placed)
}

async fn picture(app: &App, name: &str) -> TestResult {
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot(name).await
}

/// Opens the dialog on the timetable screen with a search limit of `seconds` and starts it;
/// the form is pictured as `picture_as` when given.
async fn start(app: &App, seconds: u32, picture_as: Option<&str>) -> TestResult {
    app.click("timetable-generate").await?;
    app.by_testid("generate-dialog").await?;
    let keep = app.by_testid("generate-keep-locked").await?;
    assert_eq!(
        keep.prop("checked").await?.as_deref(),
        Some("true"),
        "locked lessons kept by default"
    );
    app.fill("generate-seconds", &seconds.to_string()).await?;
    if let Some(name) = picture_as {
        // The classes by grade, shown when chosen classes are asked for; «Составить» waits for one.
        app.click("generate-scope-classes").await?;
        app.by_testid(&format!("generate-class-{CLASS}")).await?;
        let run = app.by_testid("generate-run").await?;
        assert_eq!(
            run.prop("disabled").await?.as_deref(),
            Some("true"),
            "no class chosen yet"
        );
        app.click(&format!("generate-class-{CLASS}")).await?;
        assert_eq!(
            run.prop("disabled").await?.as_deref(),
            Some("false"),
            "5 А chosen"
        );
        picture(app, "generate-classes").await?;
        app.click("generate-scope-school").await?;
        picture(app, name).await?;
    }
    app.click("generate-run").await?;
    Ok(())
}

/// Waits (a debug build searches the demo school for half a minute) for the result's headline.
async fn result(app: &App, needle: &str) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        let headline = app
            .client
            .find_all(fantoccini::Locator::Css(
                r#"[data-testid="generate-headline"]"#,
            ))
            .await?;
        if let Some(h) = headline.first() {
            let text = zavuch_e2e::text_of(h).await?;
            assert!(text.contains(needle), "«{needle}» not in «{text}»");
            return Ok(text);
        }
        if Instant::now() > deadline {
            return Err("no result of the generation within 240 s".into());
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

async fn attr(app: &App, id: &str, name: &str) -> Result<String, Error> {
    Ok(app
        .by_testid(id)
        .await?
        .attr(name)
        .await?
        .unwrap_or_default())
}

/// Whole school, locked kept → complete, the `was` lessons placed before shown beside;
/// «Вернуть прежнее» after the confirmation.
async fn generate_and_restore(app: &App, was: i32) -> TestResult {
    start(app, 120, Some("generate-dialog")).await?;
    app.wait(r#"[data-testid="generate-progress"]"#).await?;
    picture(app, "generate-running").await?;
    result(app, "Расписание составлено: поставлены все").await?;
    assert_eq!(
        attr(app, "generate-result", "data-placed").await?,
        attr(app, "generate-result", "data-required").await?
    );
    let figures = app.text("generate-result").await?;
    assert!(
        figures.contains(&format!("было {was}")),
        "the previous timetable's figures beside: {figures}"
    );
    let moved: i32 = attr(app, "generate-result", "data-moved").await?.parse()?;
    assert!(moved > 0, "a new timetable moves lessons");
    picture(app, "generate-result").await?;
    Ok(())
}

/// A run stopped once it reports lessons placed: the best found is written and told.
async fn stop_keeps_the_best(app: &App) -> Result<i32, Error> {
    start(app, 600, None).await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while attr(app, "generate-progress", "data-done")
        .await?
        .parse::<i32>()?
        == 0
    {
        if Instant::now() > deadline {
            return Err("no progress within 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.click("generate-stop").await?;
    result(
        app,
        "Поиск остановлен, записано лучшее найденное расписание",
    )
    .await?;
    assert_eq!(
        attr(app, "generate-result", "data-cancelled").await?,
        "true"
    );
    picture(app, "generate-stopped").await?;
    let placed = attr(app, "generate-result", "data-placed").await?.parse()?;
    app.click("generate-keep").await?;
    app.wait_gone(r#"[data-testid="generate-dialog"]"#).await?;
    Ok(placed)
}

#[tokio::test(flavor = "multi_thread")]
async fn generated_with_locks_kept_restored_and_stopped() -> TestResult {
    let (dir, path) = demo_file()?;
    let db = Db::open(&path)?;
    let locked: Vec<i64> = lessons(&db)?.keys().step_by(300).copied().take(3).collect();
    set_locked(&db, &locked, true)?;
    let by_key = five_a_lesson(&db)?;
    let taken_out: Vec<i64> = lessons(&db)?
        .keys()
        .copied()
        .filter(|id| !locked.contains(id) && *id != by_key.0)
        .step_by(250)
        .take(3)
        .collect();
    for id in &taken_out {
        timetable::remove(&db, *id)?;
    }
    let was = placed(&db)?;
    drop(db);

    let harness = Harness::start_with(dir, path.clone()).await?;
    let app = harness.launch().await?;
    app.step("generate", "lock", lock_in_week(&app, by_key).await)
        .await?;
    let before = lessons(&Db::open(&path)?)?;
    assert!(
        before[&by_key.0].locked,
        "«З» locked the lesson in the file"
    );
    let locked: Vec<i64> = locked.into_iter().chain([by_key.0]).collect();
    app.step(
        "generate",
        "generate",
        generate_and_restore(&app, was).await,
    )
    .await?;
    let made = lessons(&Db::open(&path)?)?;
    for id in &locked {
        assert_eq!(
            place(&made[id]),
            place(&before[id]),
            "locked lesson {id} stayed"
        );
    }
    assert_ne!(made, before, "the timetable was made anew");

    app.click("generate-restore").await?;
    app.click("dialog-ok").await?;
    app.wait_gone(r#"[data-testid="generate-dialog"]"#).await?;
    assert_eq!(
        lessons(&Db::open(&path)?)?,
        before,
        "«Вернуть прежнее» restores it exactly"
    );

    // From an empty week the search is long enough to stop (a complete one is only kept).
    let db = Db::open(&path)?;
    let (year_id, _) = load::current_year_on(&db, None)?;
    timetable::clear(&db, year_id)?;
    drop(db);
    let mut shown = 0;
    let stopped = stop_keeps_the_best(&app).await.map(|n| shown = n);
    app.step("generate", "stop", stopped).await?;
    assert_eq!(
        placed(&Db::open(&path)?)?,
        shown,
        "the best found is in the file"
    );
    app.close().await?;
    Ok(())
}
