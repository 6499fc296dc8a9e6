//! «Ведомости и отчёты» through the real app on the demo school: the marks ledger of «5 А» for
//! «1 четверть» goes into «Документы Завуча» and reads back (`pdftotext`) with the sheet's students,
//! marks and class rates; then the whole school's ledgers, a file per class, with the count said.
//! 5 А is marked through the core before the app starts when the demo has no marks for the term
//! (typing a class's sheet through the UI would be slow and test the marks screen, not this one).

use std::path::PathBuf;
use zavuch_core::forms::{documents, results};
use zavuch_core::marks::{self, MarkSheet, MarkValue};
use zavuch_core::{classes, year, Db};
use zavuch_e2e::{demo_file, pdftotext, text_of, Harness, TestResult};

const CLASS: &str = "5 А";
const PERIOD: &str = "1 четверть";

/// The sheet of 5 А for the term, every studying student marked (5, 4, 3 in turn; pass/fail
/// subjects «зачтено») unless the demo already has marks there; and how many classes have the term.
fn marked_sheet(db: &Db) -> Result<(MarkSheet, usize), Box<dyn std::error::Error>> {
    let year_id = year::current_id(db)?;
    let class = classes::find_by_label(db, year_id, CLASS)?
        .and_then(|c| c.id)
        .ok_or("no class 5 А")?;
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
    let (sheet, classes) = marked_sheet(&Db::open(&path)?)?;
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
