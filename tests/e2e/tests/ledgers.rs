//! «Ведомости и отчёты» through the real app on the demo school: the marks ledger of «5 А» for
//! «1 четверть» goes into «Документы Завуча» and reads back (`pdftotext`) with the sheet's students,
//! marks and class rates; then the whole school's ledgers, a file per class, with the count said.
//! 5 А is marked through the core before the app starts when the demo has no marks for the term
//! (typing a class's sheet through the UI would be slow and test the marks screen, not this one).
//! Then «Итоги успеваемости» of a period without marks («2 четверть»: «—» for every rate and
//! «Выставлены не все отметки: N из N») and of a half-filled one («3 четверть», half of 5 А
//! marked: only 5 А and the totals rated, the notice counting what is still missing), as PDFs
//! read back, and the district's lists of «1 четверть» («Списки (PDF)») against the core's;
//! pictures go to `$ZAVUCH_SCREENSHOTS/results-*.png` when that is set.

use std::path::PathBuf;
use zavuch_core::forms::{documents, results};
use zavuch_core::marks::{self, MarkSheet, MarkValue};
use zavuch_core::{classes, year, Db};
use zavuch_e2e::{demo_file, pdftotext, text_of, App, Harness, TestResult};

const CLASS: &str = "5 А";
const PERIOD: &str = "1 четверть";
/// A term the demo has no marks for.
const EMPTY: &str = "2 четверть";
/// A term of which the test marks half of 5 А.
const HALF: &str = "3 четверть";

fn class_of(db: &Db) -> Result<i64, Box<dyn std::error::Error>> {
    let year_id = year::current_id(db)?;
    Ok(classes::find_by_label(db, year_id, CLASS)?
        .and_then(|c| c.id)
        .ok_or("no class 5 А")?)
}

/// Marks the first half of 5 А's students «4» in every subject of «3 четверть» they study
/// (pass/fail subjects «зачтено»).
fn half_marked(db: &Db) -> TestResult {
    let class = class_of(db)?;
    let period = marks::period_by_name(db, class, HALF)?.period;
    let sheet = marks::sheet(db, class, period)?;
    let half = sheet.students.len() / 2;
    let entries = sheet.entries(|i, _, subject| {
        (i < half).then_some(if subject.pass_fail {
            MarkValue::Passed
        } else {
            MarkValue::Four
        })
    });
    marks::set_marks(db, class, period, &entries)?;
    Ok(())
}

/// The words after a row's label on its line of the PDF's text (poppler may drop the narrow
/// space in «5 А»).
fn words_after<'a>(text: &'a str, label: &str) -> Result<Vec<&'a str>, String> {
    let tight = label.replace(' ', "");
    text.lines()
        .find_map(|l| {
            let l = l.trim_start();
            [label, tight.as_str()]
                .iter()
                .find_map(|p| l.strip_prefix(p).filter(|r| r.starts_with(' ')))
        })
        .map(|rest| rest.split_whitespace().collect())
        .ok_or_else(|| format!("no «{label}» row:\n{text}"))
}

/// Prints «Итоги успеваемости» of `period` from the panel under the ledgers and reads it back.
async fn print_results(app: &App, period: &str) -> Result<String, Box<dyn std::error::Error>> {
    print_from_panel(app, period, "results-print", "Итоги успеваемости").await
}

/// Chooses `period` on the results panel, clicks `button` and reads back the PDF whose name
/// begins with `title`.
async fn print_from_panel(
    app: &App,
    period: &str,
    button: &str,
    title: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    app.by_testid("field-results-period")
        .await?
        .select_by_label(period)
        .await?;
    app.wait_text("results-table", "Всего по школе").await?;
    app.click(button).await?;
    app.wait_text(
        "results-printed-name",
        &format!("{title}, 2026-2027, {period}"),
    )
    .await?;
    let pdf = app
        .by_testid("results-printed")
        .await?
        .attr("data-path")
        .await?
        .ok_or("the notice has no path")?;
    pdftotext(&PathBuf::from(pdf))
}

/// «2 четверть» has no marks: every rate «—», never 100,0, and the title says so.
async fn results_of_an_empty_period(app: &App) -> TestResult {
    let text = print_results(app, EMPTY).await?;
    app.wait_text("results-incomplete", "Выставлены не все отметки")
        .await?;
    app.screenshot("results-empty-period").await?;
    let notice = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Выставлены не все отметки: "))
        .ok_or_else(|| format!("no notice:\n{text}"))?;
    let (missing, expected) = notice.split_once(" из ").ok_or(notice.to_string())?;
    assert_eq!(missing, expected.trim(), "nothing is given: {notice}");
    for label in [CLASS, "Итого 5–9 классы", "Всего по школе"] {
        let words = words_after(&text, label)?;
        assert_eq!(
            words[words.len() - 3..],
            ["—", "—", "—"],
            "{label}: {words:?}"
        );
    }
    assert!(!text.contains("100,0"), "{text}");
    Ok(())
}

/// «3 четверть» with half of 5 А marked: 5 А and the totals rated over the marked half, the
/// other classes «—», and the notice counts the marks still missing.
async fn results_of_a_half_filled_period(app: &App, db: &Db) -> TestResult {
    let text = print_results(app, HALF).await?;
    app.screenshot("results-half-period").await?;
    let summary = marks::results::summary(db, year::current_id(db)?, HALF)?;
    let total = summary.school_total();
    let notice = total.counts.marks.notice().ok_or("marks are missing")?;
    assert!(text.contains(&notice), "«{notice}» missing:\n{text}");
    for row in &summary.rows {
        let words = words_after(&text, &row.label)?;
        assert_eq!(words, results::row_texts(row), "{}", row.label);
    }
    let five_a = summary.rows.iter().find(|r| r.label == CLASS);
    let five_a = five_a.ok_or("no 5 А")?;
    assert_eq!(
        five_a.pass_rate.as_ref().map(|r| r.text.as_str()),
        Some("100,0")
    );
    assert_eq!(five_a.counts.counted, five_a.counts.students / 2);
    assert!(total.pass_rate.is_some());
    let other = words_after(&text, "5 Б")?;
    assert_eq!(other[other.len() - 3..], ["—", "—", "—"], "{other:?}");
    Ok(())
}

/// «Списки (PDF)» of «1 четверть»: every student of the core's lists in the PDF.
async fn results_lists_of_a_period(app: &App, db: &Db) -> TestResult {
    let title = "Списки обучающихся по итогам периода";
    let text = print_from_panel(app, PERIOD, "results-lists-print", title).await?;
    app.screenshot("results-lists").await?;
    let summary = marks::results::summary(db, year::current_id(db)?, PERIOD)?;
    let lists = marks::lists::of_results(db, &summary)?;
    assert!(!lists.failing.is_empty());
    for list in lists.each() {
        for s in list {
            assert!(text.contains(&s.student), "{}:\n{text}", s.student);
        }
    }
    Ok(())
}

/// The sheet of 5 А for the term, every studying student marked (5, 4, 3 in turn; pass/fail
/// subjects «зачтено») unless the demo already has marks there; and how many classes have the term.
fn marked_sheet(db: &Db) -> Result<(MarkSheet, usize), Box<dyn std::error::Error>> {
    let year_id = year::current_id(db)?;
    let class = class_of(db)?;
    let period = marks::period_by_name(db, class, PERIOD)?.period;
    let sheet = marks::sheet(db, class, period)?;
    if sheet
        .students
        .iter()
        .all(|s| s.marks.iter().all(Option::is_none))
    {
        let cycle = [MarkValue::Five, MarkValue::Four, MarkValue::Three];
        let entries = sheet.entries(|i, j, subject| {
            Some(if subject.pass_fail {
                MarkValue::Passed
            } else {
                cycle[(i + j) % cycle.len()]
            })
        });
        marks::set_marks(db, class, period, &entries)?;
    }
    let classes = marks::classes_with_period(db, year_id, PERIOD)?.len();
    Ok((marks::sheet(db, class, period)?, classes))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_class_ledger_and_the_whole_school_print_from_the_app() -> TestResult {
    let (dir, path) = demo_file()?;
    let db = Db::open(&path)?;
    let (sheet, classes) = marked_sheet(&db)?;
    half_marked(&db)?;
    let folder = dir.path().join(documents::FOLDER);
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    app.click("nav-ledgers").await?;
    app.by_testid("field-ledgers-period")
        .await?
        .select_by_label(PERIOD)
        .await?;
    app.by_testid("field-ledgers-class")
        .await?
        .select_by_label(CLASS)
        .await?;
    app.click("ledgers-print").await?;
    app.wait_text(
        "ledgers-printed-name",
        "Сводная ведомость успеваемости 5 А, 1 четверть",
    )
    .await?;
    let pdf = PathBuf::from(
        app.by_testid("ledgers-printed")
            .await?
            .attr("data-path")
            .await?
            .ok_or("the notice has no path")?,
    );
    assert_eq!(pdf.parent(), Some(folder.as_path()), "{}", pdf.display());
    let text = pdftotext(&pdf)?;
    assert!(
        text.contains("Сводная ведомость итоговой успеваемости"),
        "{text}"
    );
    for s in &sheet.students {
        let row = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|w| w.len() > 1 && w[0] == s.number.to_string() && w[1] == s.last_name)
            .ok_or_else(|| format!("no row of {}:\n{text}", s.full_name))?;
        let marks: Vec<&str> = s
            .marks
            .iter()
            .zip(&s.studies)
            .map(|(m, studies)| {
                if *studies {
                    m.map_or("", |m| m.short())
                } else {
                    "—"
                }
            })
            .collect();
        assert!(row.ends_with(&marks), "{row:?} vs {marks:?}");
    }
    assert!(!text.contains("Выставлены не все отметки"), "{text}");
    let class = &sheet.stats.class;
    for rate in [&class.pass_rate, &class.quality_rate] {
        let text_rate = rate.as_ref().ok_or("no class rate")?.text.as_str();
        assert!(text.contains(text_rate), "«{text_rate}» missing:\n{text}");
    }
    app.screenshot("ledgers-printed").await?;
    // «Итоги успеваемости» below heads its table with the core's own column titles.
    for title in results::figure_titles() {
        app.wait_text("results-table", &title).await?;
    }
    app.step("ledgers", "empty", results_of_an_empty_period(&app).await)
        .await?;
    app.step(
        "ledgers",
        "half",
        results_of_a_half_filled_period(&app, &db).await,
    )
    .await?;
    app.step(
        "ledgers",
        "lists",
        results_lists_of_a_period(&app, &db).await,
    )
    .await?;

    // The whole school, a file per class in a folder of «Документы Завуча».
    app.click("field-ledgers-scope-school").await?;
    app.click("ledgers-print").await?;
    let said = app
        .wait_text("ledgers-summary", &format!("Напечатано классов: {classes}"))
        .await?;
    let school = folder.join(format!("Ведомости успеваемости, 2026-2027, {PERIOD}"));
    let files = std::fs::read_dir(&school)
        .map_err(|e| format!("{}: {e} ({said})", school.display()))?
        .count();
    assert_eq!(files, classes, "{said}");
    assert!(school
        .join(format!("2026-2027, {PERIOD}, {CLASS}.pdf"))
        .is_file());
    let notice = text_of(&app.by_testid("ledgers-printed-name").await?).await?;
    assert!(notice.starts_with("2026-2027, 1 четверть, "), "{notice}");
    app.close().await?;
    Ok(())
}
