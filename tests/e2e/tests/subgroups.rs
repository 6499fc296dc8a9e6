//! Subgroups through the real app on the demo school: the demo's splits are listed, 7 А is split
//! for informatics alphabetically in halves through the «Разделить класс…» dialog, a second split
//! of the same class and subject is refused, a student is moved with the keyboard, and the core
//! reads the same counts from the file. Pictures go to ZAVUCH_SCREENSHOTS when it is set.

use zavuch_core::{subgroups, year, Db};
use zavuch_e2e::{demo_file, App, Harness, TestResult};

const RIGHT: &str = "\u{E014}";
const DELETE: &str = "\u{E017}";
const INFORMATICS: &str = "Информатика";

async fn picture(app: &App, name: &str) -> TestResult {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.screenshot(name).await
}

async fn number(app: &App, id: &str) -> Result<i64, Box<dyn std::error::Error>> {
    let text = app.text(id).await?;
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    Ok(digits.parse()?)
}

/// The counts of the two subgroup columns once they add up to the split's total.
async fn halves(app: &App) -> Result<(i64, i64, i64), Box<dyn std::error::Error>> {
    let total = number(app, "split-counts").await?;
    let (a, b) = (
        number(app, "subgroup-count-0").await?,
        number(app, "subgroup-count-1").await?,
    );
    Ok((total, a, b))
}

/// Opens the dialog, picks 7 А instead of `open_class` (the class of the split open on the
/// screen, which the dialog starts with), informatics, two halves.
async fn split_seven_a(app: &App, open_class: &str) -> TestResult {
    app.click("subgroups-new").await?;
    app.by_testid("split-dialog").await?;
    let subject = app.by_testid("field-subject_id").await?;
    subject.select_by_label(INFORMATICS).await?;
    app.click(&format!("split-class-{open_class}")).await?;
    app.click("split-class-7 А").await?;
    app.fill("field-count", "2").await?;
    app.click("split-fill-alphabetical").await?;
    picture(app, "subgroups-dialog").await?;
    app.click("split-ok").await?;
    app.wait_text("split-label", "Информатика, 7 А").await?;
    Ok(())
}

async fn refuse_a_second_split(app: &App) -> TestResult {
    app.click("subgroups-new").await?;
    let subject = app.by_testid("field-subject_id").await?;
    subject.select_by_label(INFORMATICS).await?;
    app.click("split-ok").await?;
    app.wait_text("error-class_ids", "уже разделён на подгруппы")
        .await?;
    app.click("split-cancel").await?;
    Ok(())
}

/// Opens the first split with a member who left or moved to another class and finds the member
/// shown apart, with the departure date or the class moved to.
async fn departed_members_are_shown_apart(app: &App, index: usize, label: &str) -> TestResult {
    let row = app
        .wait(&format!(
            r#"[data-testid="grid-splits"] [data-testid="cell-{index}-classes_label"]"#
        ))
        .await?;
    row.click().await?;
    app.wait_text("split-label", label).await?;
    // The demo has departures in September and transfers between classes in October.
    let gone = app
        .wait_text("subgroups-gone", "Выбыли или переведены")
        .await?;
    assert!(
        (gone.contains("выбыл(а)") && gone.contains(".09.2026")) || gone.contains("переведён(а) в"),
        "{gone}"
    );
    picture(app, "subgroups-gone").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn split_a_class_alphabetically_and_move_a_student() -> TestResult {
    let (dir, path) = demo_file()?;
    let (gone_index, gone_label, gone_class) = {
        let db = Db::open(&path)?;
        let y = year::current(&db)?.ok_or("no current year")?;
        let rows = subgroups::list(&db, y.id.ok_or("no id")?, y.ends_on.ok_or("no end")?)?;
        let i = rows
            .iter()
            .position(|r| r.gone > 0)
            .ok_or("no departed member")?;
        (i, rows[i].label.clone(), rows[i].classes_label.clone())
    };
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.click("nav-subgroups").await?;
    let label = app
        .wait_text("split-label", "Иностранный язык (английский), 2 А")
        .await?;
    assert_eq!(label, "Иностранный язык (английский), 2 А");
    let (total, a, b) = halves(&app).await?;
    assert_eq!(a + b, total);
    picture(&app, "subgroups").await?;
    app.step(
        "subgroups",
        "gone",
        departed_members_are_shown_apart(&app, gone_index, &gone_label).await,
    )
    .await?;

    app.step("subgroups", "split", split_seven_a(&app, &gone_class).await)
        .await?;
    let (total, a, b) = halves(&app).await?;
    assert!(total > 15, "{total} students in 7 А");
    assert_eq!((a, b), ((total + 1) / 2, total / 2), "halves of {total}");
    picture(&app, "subgroups-split").await?;

    app.step("subgroups", "refuse", refuse_a_second_split(&app).await)
        .await?;

    // The first student of group 1 goes to group 2 with →.
    let first = app
        .wait(r#"[data-testid="subgroup-col-0"] [data-testid="subgroup-student"]"#)
        .await?;
    first.click().await?;
    app.by_testid("subgroup-board")
        .await?
        .send_keys(RIGHT)
        .await?;
    app.wait_text("subgroup-count-1", &(b + 1).to_string())
        .await?;
    assert_eq!(number(&app, "subgroup-count-0").await?, a - 1);

    // Delete takes the moved student out of every subgroup: a warning line names the student,
    // and the students in no subgroup get a column of their own, the first.
    let moved = zavuch_e2e::text_of(
        &app.wait(r#"[data-testid="subgroup-student"][aria-selected="true"] .fio"#)
            .await?,
    )
    .await?;
    app.by_testid("subgroup-board")
        .await?
        .send_keys(DELETE)
        .await?;
    let warning = app.wait_text("subgroups-unassigned", &moved).await?;
    assert!(warning.starts_with("Не в подгруппе 1 ученик"), "{warning}");
    assert_eq!(number(&app, "subgroup-count-0").await?, 1);
    picture(&app, "subgroups-unassigned").await?;
    app.close().await?;

    // The core reads the same from the file (on the last day of the year: the demo's departures
    // are all in September).
    let db = Db::open(&harness.db_path)?;
    let y = year::current(&db)?.ok_or("no current year")?;
    let (year_id, on) = (y.id.ok_or("no id")?, y.ends_on.ok_or("no end")?);
    let rows = subgroups::list(&db, year_id, on)?;
    let split = rows
        .iter()
        .find(|r| r.label == "Информатика, 7 А")
        .ok_or("no split of 7 А")?;
    let counts: Vec<i64> = split.subgroups.iter().map(|g| g.students.into()).collect();
    assert_eq!(counts, vec![a - 1, b]);
    assert_eq!(split.unassigned, 1);
    Ok(())
}
