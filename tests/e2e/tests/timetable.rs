//! The timetable through the real app on the demo school: in 5 А's week a lesson is removed with
//! Delete and shows in «Осталось поставить»; picked there and put with Enter into a free lesson of
//! 5 А when its teacher teaches another class, it is refused with the core's words naming that
//! class; put back into its own place it is saved, and 5 А's timetable printed into «Документы
//! Завуча» reads back with `pdftotext`. The whole-school sheet is shown, and on the
//! «Замены» screen an absent teacher's lesson of 02.12.2026 is given to a free teacher. The core
//! reads the same from the file. In a second run a lesson of 5 А moves to a free neighbouring
//! cell with Shift+arrow, back with Ctrl+X and Ctrl+V, and gets another room chosen with F2 and
//! Enter.
//! Pictures go to ZAVUCH_SCREENSHOTS when it is set.

use std::path::PathBuf;
use zavuch_core::forms::documents;
use zavuch_core::timetable::{self, substitutions, Lesson, SchoolSheet};
use zavuch_core::{load, rooms, staff, Db};
use zavuch_e2e::{demo_file, pdftotext, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const DELETE: &str = "\u{E017}";
const TAB: &str = "\u{E004}";
const SHIFT_DOWN: &str = "\u{E008}\u{E015}\u{E000}";
const SHIFT_UP: &str = "\u{E008}\u{E013}\u{E000}";
const SHIFT_RIGHT: &str = "\u{E008}\u{E014}\u{E000}";
const SHIFT_LEFT: &str = "\u{E008}\u{E012}\u{E000}";
const CTRL_X: &str = "\u{E009}x\u{E000}";
const CTRL_V: &str = "\u{E009}v\u{E000}";
const UP: &str = "\u{E013}";
const DOWN: &str = "\u{E015}";
const RIGHT: &str = "\u{E014}";
const LEFT: &str = "\u{E012}";
const F2: &str = "\u{E032}";
const CLASS: &str = "5 А";

/// What the test does in 5 А: the lesson taken out and put back, the busy place tried, the
/// class whose lesson makes it busy.
struct Plan {
    lesson: Lesson,
    busy_day: i32,
    busy_number: i32,
    other_class: String,
}

fn sheet(db: &Db) -> Result<SchoolSheet, Box<dyn std::error::Error>> {
    let (year_id, _) = load::current_year_on(db, None)?;
    Ok(timetable::school_sheet(db, year_id)?)
}

/// A whole-class lesson of 5 А whose teacher, at a lesson number where 5 А is free, teaches
/// another class.
fn plan(db: &Db) -> Result<Plan, Box<dyn std::error::Error>> {
    let sheet = sheet(db)?;
    let col = sheet
        .classes
        .iter()
        .position(|c| c.label == CLASS)
        .ok_or("no 5 А")?;
    let class_id = sheet.classes[col].id;
    let week = timetable::class_week(db, class_id)?;
    let numbers: Vec<i32> = week.rows.iter().map(|r| r.lesson_number).collect();
    let own: Vec<&Lesson> = sheet
        .cells
        .iter()
        .flat_map(|row| row[col].iter())
        .filter(|l| l.class_ids == [class_id] && l.subgroup_id.is_none())
        .collect();
    for (r, row) in sheet.rows.iter().enumerate() {
        if !sheet.cells[r][col].is_empty() || !numbers.contains(&row.lesson_number) {
            continue;
        }
        for (c, cell) in sheet.cells[r].iter().enumerate() {
            for other in cell.iter().filter(|o| !o.class_ids.contains(&class_id)) {
                if let Some(l) = own
                    .iter()
                    .find(|l| l.staff_member_id == other.staff_member_id)
                {
                    return Ok(Plan {
                        lesson: (*l).clone(),
                        busy_day: row.day,
                        busy_number: row.lesson_number,
                        other_class: sheet.classes[c].label.clone(),
                    });
                }
            }
        }
    }
    Err("no free lesson of 5 А where one of its teachers is busy".into())
}

async fn picture(app: &App, name: &str) -> TestResult {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.screenshot(name).await
}

async fn open_five_a(app: &App) -> TestResult {
    app.click("nav-timetable").await?;
    app.by_testid("tt-class")
        .await?
        .select_by_label(CLASS)
        .await?;
    app.wait_text("tt-count", CLASS).await?;
    Ok(())
}

async fn cell(app: &App, day: i32, number: i32) -> TestResult {
    app.click_in_view(&format!(r#"[data-testid="tt-cell-{day}-{number}"]"#))
        .await
}

async fn press(app: &App, key: &str) -> TestResult {
    app.by_testid("tt-week").await?.send_keys(key).await?;
    Ok(())
}

/// One truth of what is placed: the check counts the curriculum's lessons and, apart, the
/// extracurricular courses, which the panel lists under their own heading below «all placed»;
/// the warnings are amber, never in the colour of what is done.
async fn one_truth(app: &App) -> TestResult {
    let text = app
        .wait_text("tt-summary", "учебного плана в неделю")
        .await?;
    assert!(text.contains("внеурочная деятельность: 0 из "), "{text}");
    let warned = app.wait(r#"[data-testid="tt-summary"] .warn"#).await?;
    let warned = zavuch_e2e::text_of(&warned).await?;
    assert!(warned.starts_with("предупреждений:"), "{warned}");
    let done = app.wait(r#"[data-testid="tt-summary"] .ok"#).await?;
    assert!(zavuch_e2e::text_of(&done).await?.starts_with("Поставлено"));
    app.wait_text(
        "tt-all-placed",
        "Все уроки учебного плана класса поставлены",
    )
    .await?;
    app.wait_text("tt-extra-head", "Внеурочная деятельность")
        .await?;
    Ok(())
}

/// Delete on the lesson: it leaves the week and shows in the panel.
async fn remove(app: &App, p: &Plan) -> TestResult {
    let l = &p.lesson;
    let selector = format!(r#"[data-testid="tt-lesson"][data-id="{}"]"#, l.id);
    app.click_in_view(&selector).await?;
    app.wait_text("tt-slot", &format!("{} урок", l.lesson_number))
        .await?;
    press(app, DELETE).await?;
    let line = format!(
        r#"[data-testid="tt-to-place"][data-load="{}"]"#,
        l.teaching_load_id
    );
    app.wait(&line).await?;
    Ok(())
}

/// Dragging the panel's line over the busy place: the hint under the week says it cannot go
/// there and why, before anything is dropped (the drag's events sent by script: WebDriver
/// cannot drive HTML5 drag and drop).
async fn drag_hint(app: &App, p: &Plan) -> TestResult {
    let line = format!(
        r#"[data-testid="tt-to-place"][data-load="{}"]"#,
        p.lesson.teaching_load_id
    );
    let target = format!(
        r#"[data-testid="tt-cell-{}-{}"]"#,
        p.busy_day, p.busy_number
    );
    let script = "const [from, to] = arguments;
        const source = document.querySelector(from);
        const data = new DataTransfer();
        source.dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer: data }));
        document.querySelector(to).dispatchEvent(
            new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));";
    app.client
        .execute(script, vec![line.clone().into(), target.into()])
        .await?;
    app.wait_text("tt-drop-hint", "Сюда нельзя").await?;
    app.wait_text("tt-drop-hint", &p.other_class).await?;
    picture(app, "timetable-drag").await?;
    app.client
        .execute(
            "document.querySelector(arguments[0]).dispatchEvent(new DragEvent('dragend', { bubbles: true }));",
            vec![line.into()],
        )
        .await?;
    Ok(())
}

/// The panel's line picked, then Enter in the busy place: refused, naming the other class.
async fn refused(app: &App, p: &Plan) -> TestResult {
    let line = format!(
        r#"[data-testid="tt-to-place"][data-load="{}"]"#,
        p.lesson.teaching_load_id
    );
    app.click_in_view(&line).await?;
    cell(app, p.busy_day, p.busy_number).await?;
    press(app, ENTER).await?;
    app.wait_text("tt-refusal-text", &p.other_class).await?;
    app.wait_text("tt-refusal-text", "в это время ведёт урок")
        .await?;
    Ok(())
}

/// Enter in the lesson's own place puts it back; the refusal goes.
async fn put_back(app: &App, p: &Plan) -> TestResult {
    cell(app, p.lesson.day, p.lesson.lesson_number).await?;
    press(app, ENTER).await?;
    app.wait(&format!(
        r#"[data-testid="tt-cell-{}-{}"] [data-testid="tt-lesson"]"#,
        p.lesson.day, p.lesson.lesson_number
    ))
    .await?;
    if app
        .client
        .find_all(fantoccini::Locator::Css(r#"[data-testid="tt-refusal"]"#))
        .await?
        .is_empty()
    {
        Ok(())
    } else {
        Err("the refusal stayed after a saved edit".into())
    }
}

/// «Печать расписания класса»: the notice names the PDF saved in the documents folder.
async fn print(app: &App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    app.click("print-timetable").await?;
    app.wait_text("printed-name", &format!("Расписание {CLASS} на "))
        .await?;
    let path = app
        .by_testid("printed")
        .await?
        .attr("data-path")
        .await?
        .ok_or("the notice has no path")?;
    Ok(PathBuf::from(path))
}

/// On Wednesday: a teacher whose first lesson runs in the first half-year, and a teacher free
/// then (full names as the screen shows them, the free one's id).
fn wednesday(db: &Db) -> Result<(i64, String, i64), Box<dyn std::error::Error>> {
    let sheet = sheet(db)?;
    let lessons: Vec<&Lesson> = sheet.cells.iter().flatten().flatten().collect();
    let mut teachers: Vec<i64> = lessons.iter().map(|l| l.staff_member_id).collect();
    teachers.sort_unstable();
    teachers.dedup();
    for &t in &teachers {
        let Some(first) = lessons
            .iter()
            .filter(|l| l.staff_member_id == t && l.day == 3)
            .min_by_key(|l| l.lesson_number)
        else {
            continue;
        };
        let busy = |x: i64| {
            lessons.iter().any(|l| {
                l.staff_member_id == x && l.day == 3 && l.lesson_number == first.lesson_number
            })
        };
        let free = teachers.iter().copied().find(|&x| x != t && !busy(x));
        if let (true, Some(free)) = (first.in_first, free) {
            return Ok((t, staff::get(db, t)?.full_name(), free));
        }
    }
    Err("no teacher to substitute on Wednesday".into())
}

/// The absent teacher's first Wednesday lesson given to a free teacher.
async fn substitute(app: &App, absent: &str, free: i64) -> TestResult {
    app.click("nav-substitutions").await?;
    app.fill("field-sub-date", "02.12.2026").await?;
    app.by_testid("field-sub-date")
        .await?
        .send_keys(TAB)
        .await?;
    app.by_testid("field-sub-absent")
        .await?
        .select_by_label(absent)
        .await?;
    app.by_testid("sub-teacher")
        .await?
        .select_by_value(&free.to_string())
        .await?;
    app.click("sub-save").await?;
    app.wait_text("sub-day", "Болезнь").await?;
    app.wait_text("sub-month", "1").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lesson_is_removed_refused_in_a_busy_place_and_put_back() -> TestResult {
    let (dir, path) = demo_file()?;
    let db = Db::open(&path)?;
    let p = plan(&db)?;
    let (absent_id, absent, free) = wednesday(&db)?;
    drop(db);
    let folder = dir.path().join(documents::FOLDER);

    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step("timetable", "open", open_five_a(&app).await)
        .await?;
    app.step("timetable", "one-truth", one_truth(&app).await)
        .await?;
    picture(&app, "timetable-class").await?;
    app.step("timetable", "remove", remove(&app, &p).await)
        .await?;
    picture(&app, "timetable-removed").await?;
    app.step("timetable", "drag", drag_hint(&app, &p).await)
        .await?;
    app.step("timetable", "refused", refused(&app, &p).await)
        .await?;
    picture(&app, "timetable-refused").await?;
    app.step("timetable", "put-back", put_back(&app, &p).await)
        .await?;
    press(&app, "\u{E032}").await?; // F2: the room chooser
    app.by_testid("tt-room-select").await?;
    picture(&app, "timetable-room").await?;
    app.by_testid("tt-room-select")
        .await?
        .send_keys("\u{E00C}")
        .await?; // Esc
    let pdf = print(&app).await?;
    picture(&app, "timetable-printed").await?;
    assert_eq!(pdf.parent(), Some(folder.as_path()), "{}", pdf.display());
    let text = pdftotext(&pdf)?;
    for expected in [CLASS, p.lesson.label.as_str(), p.lesson.teacher.as_str()] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    app.click("tt-mode-school").await?;
    app.by_testid("tt-sheet").await?;
    picture(&app, "timetable-school").await?;
    app.click("tt-mode-teacher").await?;
    app.by_testid("tt-week").await?;
    picture(&app, "timetable-teacher").await?;
    app.step(
        "timetable",
        "substitute",
        substitute(&app, &absent, free).await,
    )
    .await?;
    picture(&app, "substitutions").await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let week = timetable::class_week(&db, p.lesson.class_ids[0])?;
    let back = week
        .cells
        .iter()
        .flatten()
        .flatten()
        .filter(|l| l.teaching_load_id == p.lesson.teaching_load_id)
        .any(|l| l.day == p.lesson.day && l.lesson_number == p.lesson.lesson_number);
    assert!(back, "the lesson is not in its place again");
    let busy = week.cells.iter().flatten().flatten().any(|l| {
        l.day == p.busy_day
            && l.lesson_number == p.busy_number
            && l.teaching_load_id == p.lesson.teaching_load_id
    });
    assert!(!busy, "the refused lesson was saved");
    let counts = substitutions::month_counts(&db, 2026, 12)?;
    let missed: Vec<_> = counts
        .iter()
        .filter(|c| c.staff_member_id == absent_id)
        .map(|c| c.missed)
        .collect();
    assert_eq!(missed, [1], "{counts:?}");
    let given: Vec<_> = counts
        .iter()
        .filter(|c| c.given > 0)
        .map(|c| (c.staff_member_id, c.given))
        .collect();
    assert_eq!(given, [(free, 1)], "{counts:?}");
    Ok(())
}

/// What the keyboard test does: a whole-class lesson of 5 А, where Shift+arrow takes it (a
/// neighbouring cell free in 5 А's week where the core's edit check finds nothing against it),
/// the arrow key and the opposite one, and a room it may have in its own place.
struct Move {
    lesson: Lesson,
    to: (i32, i32),
    key: &'static str,
    back: &'static str,
    room: rooms::Room,
}

fn movable(db: &Db) -> Result<Move, Box<dyn std::error::Error>> {
    let sheet = sheet(db)?;
    let class = sheet
        .classes
        .iter()
        .find(|c| c.label == CLASS)
        .ok_or("no 5 А")?;
    let week = timetable::class_week(db, class.id)?;
    let numbers: Vec<i32> = week.rows.iter().map(|r| r.lesson_number).collect();
    let days: Vec<i32> = week.days.iter().map(|d| d.day).collect();
    let lessons: Vec<&Lesson> = week.cells.iter().flatten().flatten().collect();
    let all: Vec<&Lesson> = sheet.cells.iter().flatten().flatten().collect();
    let (_, on) = load::current_year_on(db, None)?;
    let rooms = rooms::list(db)?;
    let allowed = |l: &Lesson, (day, n): (i32, i32), room: Option<i64>| {
        let input = timetable::LessonInput {
            id: Some(l.id),
            teaching_load_id: l.teaching_load_id,
            day,
            lesson_number: n,
            room_id: room,
            in_first: l.in_first,
            in_second: l.in_second,
        };
        timetable::check_edit(db, &input, on).is_ok_and(|c| c.conflicts.is_empty())
    };
    let steps = [
        (0, 1, SHIFT_DOWN, UP),
        (0, -1, SHIFT_UP, DOWN),
        (1, 0, SHIFT_RIGHT, LEFT),
        (-1, 0, SHIFT_LEFT, RIGHT),
    ];
    for l in lessons
        .iter()
        .filter(|l| l.class_ids == [class.id] && l.subgroup_id.is_none())
    {
        for (dd, dn, key, back) in steps {
            let to = (l.day + dd, l.lesson_number + dn);
            let free = !lessons.iter().any(|o| (o.day, o.lesson_number) == to);
            if !free || !days.contains(&to.0) || !numbers.contains(&to.1) {
                continue;
            }
            if !allowed(l, to, l.room_id) {
                continue;
            }
            let room = rooms.iter().find(|r| {
                r.id != l.room_id
                    && r.kind == rooms::RoomKind::Classroom
                    && !all.iter().any(|o| {
                        (o.day, o.lesson_number) == (l.day, l.lesson_number) && o.room_id == r.id
                    })
                    && allowed(l, (l.day, l.lesson_number), r.id)
            });
            if let Some(room) = room {
                return Ok(Move {
                    lesson: (*l).clone(),
                    to,
                    key,
                    back,
                    room: room.clone(),
                });
            }
        }
    }
    Err("no lesson of 5 А to move to a neighbouring cell".into())
}

/// Waits until the lesson is in the cell (day, lesson number) and its text contains `text`.
async fn lesson_in(app: &App, l: &Lesson, (day, n): (i32, i32), text: &str) -> TestResult {
    let css = format!(
        r#"[data-testid="tt-cell-{day}-{n}"] [data-testid="tt-lesson"][data-id="{}"]"#,
        l.id
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let found = app.wait(&css).await?;
        let shown = zavuch_e2e::text_of(&found).await?;
        if shown.contains(text) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("lesson {} shows «{shown}», not «{text}»", l.id).into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

/// Shift+arrow to the neighbouring cell, Ctrl+X and Ctrl+V back, F2 → another room, Enter.
async fn move_and_room(app: &App, m: &Move) -> TestResult {
    let l = &m.lesson;
    let selector = format!(r#"[data-testid="tt-lesson"][data-id="{}"]"#, l.id);
    app.click_in_view(&selector).await?;
    press(app, m.key).await?;
    lesson_in(app, l, m.to, &l.label).await?;
    press(app, CTRL_X).await?;
    press(app, m.back).await?;
    app.wait_text("tt-slot", &format!("{} урок", l.lesson_number))
        .await?;
    press(app, CTRL_V).await?;
    lesson_in(app, l, (l.day, l.lesson_number), &l.label).await?;
    press(app, F2).await?;
    let chooser = app.by_testid("tt-room-select").await?;
    chooser
        .select_by_value(&m.room.id.ok_or("a room without id")?.to_string())
        .await?;
    picture(app, "timetable-room-chosen").await?;
    app.by_testid("tt-room-select")
        .await?
        .send_keys(ENTER)
        .await?;
    lesson_in(app, l, (l.day, l.lesson_number), &m.room.number).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lesson_moves_by_keyboard_and_gets_a_room_with_f2() -> TestResult {
    let (dir, path) = demo_file()?;
    let m = movable(&Db::open(&path)?)?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step("timetable", "open", open_five_a(&app).await)
        .await?;
    app.step("timetable", "move", move_and_room(&app, &m).await)
        .await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let l = &m.lesson;
    let week = timetable::class_week(&db, l.class_ids[0])?;
    let now = week
        .cells
        .iter()
        .flatten()
        .flatten()
        .find(|x| x.id == l.id)
        .ok_or("the lesson is gone")?;
    assert_eq!(
        (now.day, now.lesson_number, now.room_id),
        (l.day, l.lesson_number, m.room.id)
    );
    Ok(())
}
