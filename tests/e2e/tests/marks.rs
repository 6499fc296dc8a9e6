//! Term marks through the real app on the demo school: open «Отметки», choose 5 А and «1
//! четверть», type marks into cells (a digit puts the mark and moves on), paste a block as from
//! Excel, and find them again after leaving the screen and coming back; text that is no mark is
//! refused by the core with its message beside the row. Closing the period makes the grid
//! read-only: a typed mark is refused with the reason and nothing changes. Reopening asks for a
//! reason, which the «Журнал закрытия» shows; a mark is then changed. Last, the sheet the core
//! exported before the test is imported through the preview, which puts back the marks as they
//! were; the school file holds them, the closing and the reopening. Grade 1 shows the core's
//! reason instead of a sheet. Whatever marks the demo already has for the term, each cell is
//! given a value different from its own. «Закрыть период» and «Закрыть для всей школы…» ask
//! first, with the marks missing and the «2» and «н/а» the core counts (the school's question is
//! answered «Отмена»); the sheet says it has saved, tints «2» and «н/а», and its footer counts
//! students. A term without marks («2 четверть») shows «—» for its rates. Pictures of the sheet
//! and of the questions go to `$ZAVUCH_SCREENSHOTS/marks*.png` when that is set.

use std::path::Path;
use std::time::{Duration, Instant};
use zavuch_core::marks::{self, closure, exchange, MarkCounts, MarkSheet, MarkValue};
use zavuch_core::{classes, demo, year, Db};
use zavuch_e2e::{App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
/// Ctrl+↓ (then the modifiers released): to the last row of a grid.
const CTRL_DOWN: &str = "\u{E009}\u{E015}\u{E000}";
const CLASS: &str = "5 А";
const PERIOD: &str = "1 четверть";
const REASON: &str = "Исправление ошибки учителя";

/// Where the test types: two students (grid rows 0 and 1) and two graded subjects next to each
/// other that both study.
struct Place {
    subjects: [i64; 2],
    students: [i64; 2],
}

/// A class's «1 четверть» as the core reads it.
fn sheet_of(db: &Db, label: &str) -> Result<MarkSheet, Box<dyn std::error::Error>> {
    sheet_for(db, label, PERIOD)
}

fn sheet_for(db: &Db, label: &str, period: &str) -> Result<MarkSheet, Box<dyn std::error::Error>> {
    let year_id = year::current_id(db)?;
    let class = classes::find_by_label(db, year_id, label)?
        .and_then(|c| c.id)
        .ok_or(format!("no {label}"))?;
    let period = marks::period_by_name(db, class, period)?;
    Ok(marks::sheet(db, class, period.period)?)
}

/// What the question before closing says of the marks, as the screen puts it.
fn marks_in_words(m: &MarkCounts) -> String {
    let given = if m.missing > 0 {
        format!("Не выставлено отметок: {} из {}.", m.missing, m.expected)
    } else {
        format!("Все отметки выставлены ({}).", m.expected)
    };
    format!(
        "{given} «2» и «не зачтено»: {}, «н/а»: {}.",
        m.failed, m.not_attested
    )
}

/// Waits for the question and gives its text (after a moment, so that a picture shows it).
async fn question(app: &App) -> Result<String, Box<dyn std::error::Error>> {
    app.by_testid("dialog").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(app.text("dialog-message").await?)
}

fn place(sheet: &MarkSheet) -> Result<Place, Box<dyn std::error::Error>> {
    let [a, b] = [&sheet.students[0], &sheet.students[1]];
    let j = (0..sheet.subjects.len() - 1)
        .find(|&j| (j..j + 2).all(|k| !sheet.subjects[k].pass_fail && a.studies[k] && b.studies[k]))
        .ok_or("no two graded subjects side by side")?;
    Ok(Place {
        subjects: [
            sheet.subjects[j].subject_id,
            sheet.subjects[j + 1].subject_id,
        ],
        students: [a.student_id, b.student_id],
    })
}

/// A mark other than the one the cell has: «4» over a «5», else «5».
fn other_than(sheet: &MarkSheet, row: usize, subject: i64) -> &'static str {
    let j = sheet
        .subjects
        .iter()
        .position(|s| s.subject_id == subject)
        .unwrap_or(0);
    match sheet.students[row].marks[j] {
        Some(MarkValue::Five) => "4",
        _ => "5",
    }
}

fn cell_id(row: usize, subject: i64) -> String {
    format!("cell-{row}-m{subject}")
}

/// Clicks a cell of the sheet after scrolling it into view (WebKitWebDriver does not scroll a
/// table inside the page by itself).
async fn click_cell(app: &App, row: usize, subject: i64) -> TestResult {
    let element = app.by_testid(&cell_id(row, subject)).await?;
    app.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    element.click().await?;
    Ok(())
}

/// Types into a cell: clicks it, then sends the keys to it.
async fn type_into(app: &App, row: usize, subject: i64, keys: &str) -> TestResult {
    click_cell(app, row, subject).await?;
    app.by_testid(&cell_id(row, subject))
        .await?
        .send_keys(keys)
        .await?;
    Ok(())
}

/// Waits until the cell shows `text` (it is saved and read back from the core).
async fn wait_value(app: &App, row: usize, subject: i64, text: &str) -> TestResult {
    let id = cell_id(row, subject);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let value = app
            .by_testid(&id)
            .await?
            .attr("data-value")
            .await?
            .unwrap_or_default();
        if value == text {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("[{id}] shows «{value}», not «{text}»").into());
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn choose_class(app: &App, label: &str) -> TestResult {
    let css = format!(r#"[data-testid="grid-marks-classes"] td[data-value="{label}"]"#);
    app.wait(&css).await?.click().await?;
    Ok(())
}

/// Grade 1 has no marks: the core's reason instead of a sheet.
async fn grade_one(app: &App) -> TestResult {
    app.click("nav-marks").await?;
    choose_class(app, "1 А").await?;
    app.wait_text("marks-refusal", "безотметочное").await?;
    Ok(())
}

/// ОРКСЭ of grade 4 is assessed «зачтено» / «не зачтено»: ticked in the grade's settings (the
/// demo may have it ticked already), its column of 4 А says so.
async fn pass_fail_of_grade_four(app: &App, orkse: i64) -> TestResult {
    choose_class(app, "4 А").await?;
    app.wait_text("marks-state", "4 А").await?;
    app.click("marks-pass-fail").await?;
    let tick = app.by_testid(&format!("pass-fail-{orkse}")).await?;
    // The ticks come from the core a moment after the dialog opens.
    tokio::time::sleep(Duration::from_millis(500)).await;
    if tick.prop("checked").await?.as_deref() != Some("true") {
        tick.click().await?;
    }
    app.wait(&format!(r#"[data-testid="pass-fail-{orkse}"]:checked"#))
        .await?;
    app.screenshot("marks-pass-fail").await?;
    app.by_testid("pass-fail-dialog")
        .await?
        .send_keys(ESCAPE)
        .await?;
    app.wait_text("grid-marks", "ОРКСЭ (зач.)").await?;
    Ok(())
}

/// Chooses 5 А and «1 четверть» and waits for their sheet.
async fn open_sheet(app: &App) -> TestResult {
    open_period(app, PERIOD).await
}

/// Chooses 5 А and the period and waits for their sheet.
async fn open_period(app: &App, period: &str) -> TestResult {
    app.click("nav-marks").await?;
    choose_class(app, CLASS).await?;
    let tab = format!(r#"[data-testid^="marks-period-"][data-name="{period}"]"#);
    app.wait(&tab).await?.click().await?;
    app.wait_text("marks-state", &format!("{CLASS}, {period}"))
        .await?;
    Ok(())
}

/// Pastes tab-separated lines on the active cell, as Excel puts them on the clipboard.
async fn paste(app: &App, row: usize, subject: i64, text: &str) -> TestResult {
    click_cell(app, row, subject).await?;
    let css = format!(r#"[data-testid="{}"]"#, cell_id(row, subject));
    app.clipboard(&css, "paste", text).await?;
    Ok(())
}

async fn enter_marks(app: &App, sheet: &MarkSheet, at: &Place) -> TestResult {
    let [s0, s1] = at.subjects;
    let first = other_than(sheet, 0, s0);
    let second = other_than(sheet, 0, s1);
    // A digit is the whole mark: it is put at once and the cursor moves to the next subject.
    type_into(app, 0, s0, first).await?;
    app.by_testid(&cell_id(0, s1))
        .await?
        .send_keys(second)
        .await?;
    wait_value(app, 0, s0, first).await?;
    wait_value(app, 0, s1, second).await?;
    // A block from Excel lands from the active cell: «н/а» and «3» on the next student's row.
    paste(app, 1, s0, "н/а\t3\r\n").await?;
    wait_value(app, 1, s0, "н/а").await?;
    wait_value(app, 1, s1, "3").await?;
    // The sheet says it has saved, and «н/а» is tinted.
    app.wait_text("marks-save-status", "Сохранено").await?;
    app.wait(&format!(r#"[data-testid="{}"].mark-na"#, cell_id(1, s0)))
        .await?;
    // Text that is no mark stays in its cell with the core's message beside the row.
    type_into(app, 0, s1, "7").await?;
    app.by_testid("cell-editor").await?.send_keys(ENTER).await?;
    app.wait_text(&format!("issue-0-m{s1}"), "«7» — не отметка")
        .await?;
    type_into(app, 0, s1, second).await?;
    wait_value(app, 0, s1, second).await?;
    Ok(())
}

async fn after_coming_back(app: &App, sheet: &MarkSheet, at: &Place) -> TestResult {
    let [s0, s1] = at.subjects;
    app.click("nav-load").await?;
    app.by_testid("screen-load").await?;
    open_sheet(app).await?;
    wait_value(app, 0, s0, other_than(sheet, 0, s0)).await?;
    wait_value(app, 0, s1, other_than(sheet, 0, s1)).await?;
    wait_value(app, 1, s0, "н/а").await?;
    wait_value(app, 1, s1, "3").await?;
    Ok(())
}

/// «Закрыть для всей школы…» asks first with the school's figures; the test answers «Отмена».
async fn school_question(app: &App, db: &Db) -> TestResult {
    let summary = closure::school_summary(db, year::current_id(db)?, PERIOD)?;
    app.click("marks-close-school").await?;
    let said = question(app).await?;
    let n = summary.classes.len();
    assert!(
        said.contains(&format!("Закрыть «{PERIOD}» у {n} класс")),
        "{said}"
    );
    assert!(said.contains(&marks_in_words(&summary.marks)), "{said}");
    app.screenshot("marks-close-school-question").await?;
    app.click("dialog-cancel").await?;
    app.by_testid("marks-close").await?;
    Ok(())
}

async fn close_and_try(app: &App, db: &Db, sheet: &MarkSheet, at: &Place) -> TestResult {
    let s0 = at.subjects[0];
    let shown = other_than(sheet, 0, s0);
    let now = sheet_of(db, CLASS)?;
    app.click("marks-close").await?;
    let said = question(app).await?;
    assert!(
        said.contains(&marks_in_words(&now.stats.class.counts.marks)),
        "{said}"
    );
    app.screenshot("marks-close-question").await?;
    app.click("dialog-ok").await?;
    app.wait_text("marks-closed", "Период закрыт").await?;
    app.wait(r#"[data-testid^="marks-period-"][data-name="1 четверть"]"#)
        .await?;
    app.wait_text("marks-period-0", "закрыт").await?;
    let tried = if shown == "4" { "3" } else { "4" };
    type_into(app, 0, s0, tried).await?;
    app.wait_text("grid-marks-footer", "Период закрыт").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    wait_value(app, 0, s0, shown).await?;
    app.screenshot("marks-closed").await?;
    Ok(())
}

async fn reopen_and_change(app: &App, at: &Place) -> TestResult {
    let s0 = at.subjects[0];
    app.click("marks-reopen").await?;
    app.fill("dialog-input", REASON).await?;
    app.click("dialog-ok").await?;
    app.by_testid("marks-close").await?;
    app.click("marks-journal").await?;
    app.wait_text("marks-event-0", "открыт заново").await?;
    app.wait_text("marks-event-0", REASON).await?;
    app.wait_text("marks-event-1", "закрыт").await?;
    type_into(app, 0, s0, "2").await?;
    wait_value(app, 0, s0, "2").await?;
    app.wait(&format!(r#"[data-testid="{}"].mark-fail"#, cell_id(0, s0)))
        .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("marks-tinted").await?;
    Ok(())
}

/// «2 четверть» has no marks yet: no rates («—», not 100,0), everybody without all marks.
async fn empty_period(app: &App, db: &Db) -> TestResult {
    open_period(app, "2 четверть").await?;
    let c = sheet_for(db, CLASS, "2 четверть")?.stats.class.counts;
    app.wait_text("marks-rates", "успеваемость —; качество —")
        .await?;
    app.wait_text(
        "marks-summary",
        &format!(
            "не все отметки — {} (не выставлено {} из {})",
            c.incomplete, c.marks.missing, c.marks.expected
        ),
    )
    .await?;
    assert_eq!(c.incomplete, c.students, "nobody has every mark");
    app.wait_text("grid-marks-footer", &format!("Учеников: {}", c.students))
        .await?;
    app.screenshot("marks-empty-period").await?;
    Ok(())
}

/// The mark the cell had before the test, as the sheet shows it («» for none).
fn shown_before(sheet: &MarkSheet, row: usize, subject: i64) -> &'static str {
    let j = sheet.subjects.iter().position(|s| s.subject_id == subject);
    j.and_then(|j| sheet.students[row].marks[j])
        .map_or("", |m| m.short())
}

/// The spreadsheet exported before the test, imported through the preview: both students'
/// rows change back.
async fn import_back(app: &App, sheet: &MarkSheet, at: &Place, file: &Path) -> TestResult {
    app.click("marks-import").await?;
    app.fill("import-path", &file.display().to_string()).await?;
    app.click("import-check").await?;
    app.wait_text("import-updated", "2").await?;
    app.click("import-run").await?;
    app.by_testid("import-result").await?;
    app.by_testid("import-panel")
        .await?
        .send_keys(ESCAPE)
        .await?;
    for row in 0..2 {
        for subject in at.subjects {
            wait_value(app, row, subject, shown_before(sheet, row, subject)).await?;
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn marks_are_typed_closed_refused_reopened_and_changed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.zavuch");
    let files = tempfile::tempdir()?;
    let exported = files.path().join("Отметки 5 А, 1 четверть.xlsx");
    let (before, at, orkse) = {
        let db = Db::open(&path)?;
        demo::create(&db)?;
        let sheet = sheet_of(&db, CLASS)?;
        exchange::export(&db, sheet.class_id, sheet.period.period, &exported)?;
        let at = place(&sheet)?;
        let orkse = sheet_of(&db, "4 А")?
            .subjects
            .iter()
            .find(|s| s.short_name == "ОРКСЭ")
            .ok_or("4 А has no ОРКСЭ")?
            .subject_id;
        (sheet, at, orkse)
    };
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    // Read alongside the app, for the figures its questions must say.
    let db = Db::open(&harness.db_path)?;
    app.step("marks", "grade 1", grade_one(&app).await).await?;
    app.step("marks", "empty", empty_period(&app, &db).await)
        .await?;
    app.step(
        "marks",
        "pass/fail",
        pass_fail_of_grade_four(&app, orkse).await,
    )
    .await?;
    app.step("marks", "open", open_sheet(&app).await).await?;
    app.step("marks", "enter", enter_marks(&app, &before, &at).await)
        .await?;
    // The picture shows the end of the sheet: the last students and the rates of the subjects.
    type_into(&app, 0, at.subjects[0], CTRL_DOWN).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("marks").await?;
    app.step(
        "marks",
        "again",
        after_coming_back(&app, &before, &at).await,
    )
    .await?;
    app.step("marks", "school", school_question(&app, &db).await)
        .await?;
    app.step(
        "marks",
        "close",
        close_and_try(&app, &db, &before, &at).await,
    )
    .await?;
    app.step("marks", "reopen", reopen_and_change(&app, &at).await)
        .await?;
    app.step(
        "marks",
        "import",
        import_back(&app, &before, &at, &exported).await,
    )
    .await?;
    app.close().await?;

    let sheet = sheet_of(&db, CLASS)?;
    let mark = |student: i64, subject: i64| {
        let j = sheet.subjects.iter().position(|s| s.subject_id == subject);
        let row = sheet.students.iter().find(|s| s.student_id == student);
        row.zip(j).and_then(|(r, j)| r.marks[j])
    };
    for (row, student) in at.students.into_iter().enumerate() {
        for subject in at.subjects {
            let j = before.subjects.iter().position(|s| s.subject_id == subject);
            let was = j.and_then(|j| before.students[row].marks[j]);
            assert_eq!(mark(student, subject), was, "row {row}, subject {subject}");
        }
    }
    assert!(!sheet.closed());
    let events = closure::events(&db, year::current_id(&db)?)?;
    let actions: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.action.as_str(), e.reason.as_str()))
        .collect();
    assert_eq!(actions, [("reopen", REASON), ("close", "")]);
    Ok(())
}
