//! How long the whole demo school's ledgers take for one term (issue 5, «Speed»), against
//! LibreOffice converting one class's ledger spreadsheet to PDF, and how big the files are.
//! `cargo bench -p zavuch-core --bench ledgers` prints the figures (docs/benchmarks.md).
//!
//! Every class that has «1 четверть» is marked first (each studying student in each subject)
//! unless the demo already has marks there, so the PDFs carry a full table. Fonts are parsed once
//! before timing, as in the running app. LibreOffice (`soffice`, apt `libreoffice-calc-nogui`) is
//! skipped with a note when it is not installed.

use std::path::Path;
use std::time::{Duration, Instant};
use zavuch_core::exchange::Cancel;
use zavuch_core::forms::class_report::{self, LedgerForm, Target};
use zavuch_core::forms::ledger;
use zavuch_core::marks::{self, MarkValue, Period};
use zavuch_core::{demo, year, Db};

const PERIOD: &str = "1 четверть";

/// CPU time of this thread (Linux), so that the figures hold on a busy machine too.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Marks every studying student of the class in every subject (5, 4, 4, 3 in turn; pass/fail
/// subjects «зачтено») when the sheet has no marks yet.
fn mark(db: &Db, class: i64, period: Period) {
    let sheet = marks::sheet(db, class, period).expect("the sheet");
    if sheet
        .students
        .iter()
        .any(|s| s.marks.iter().any(Option::is_some))
    {
        return;
    }
    let cycle = [
        MarkValue::Five,
        MarkValue::Four,
        MarkValue::Four,
        MarkValue::Three,
    ];
    let entries = sheet.entries(|i, j, subject| {
        Some(if subject.pass_fail {
            MarkValue::Passed
        } else {
            cycle[(i + j) % cycle.len()]
        })
    });
    marks::set_marks(db, class, period, &entries).expect("marks");
}

/// CPU time of the whole process, all threads (Linux, in clock ticks of 10 ms), and of the
/// children it waited for (LibreOffice).
fn process_cpu() -> Option<(Duration, Duration)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name in parentheses: utime, stime, cutime, cstime are 14–17.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i - 3)?.parse::<u64>().ok();
    let ms = |t: u64| Duration::from_millis(t * 10);
    Some((ms(ticks(14)? + ticks(15)?), ms(ticks(16)? + ticks(17)?)))
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The whole school into `target`: wall time, the CPU time of all threads, the files' sizes.
fn school(db: &Db, year: i64, target: &Target) -> (Duration, Option<Duration>, Vec<u64>) {
    let (cpu, wall) = (process_cpu(), Instant::now());
    let printed = class_report::print_school(
        db,
        year,
        PERIOD,
        LedgerForm::Marks,
        target,
        &mut |_, _| {},
        &Cancel::default(),
    )
    .expect("the ledgers");
    let wall = wall.elapsed();
    let cpu = process_cpu().zip(cpu).map(|(a, b)| a.0 - b.0);
    let sizes = printed
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .collect();
    (wall, cpu, sizes)
}

/// `soffice --headless --convert-to pdf` of one .xlsx: the wall time, its CPU time, the PDF's
/// size, or why not.
fn libreoffice(xlsx: &Path, out: &Path) -> Result<(Duration, Option<Duration>, u64), String> {
    let (cpu, start) = (process_cpu(), Instant::now());
    let status = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(out)
        .arg(xlsx)
        // A profile of its own, so that a running LibreOffice does not take the job.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            out.join("profile").display()
        ))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| {
            format!("soffice is not installed ({e}); apt-get install libreoffice-calc-nogui")
        })?;
    let wall = start.elapsed();
    let cpu = process_cpu().zip(cpu).map(|(a, b)| a.1 - b.1);
    let pdf = out.join(xlsx.with_extension("pdf").file_name().unwrap_or_default());
    if !status.success() || !pdf.is_file() {
        return Err(format!("soffice failed: {status}"));
    }
    Ok((
        wall,
        cpu,
        std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0),
    ))
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = Db::open(&dir.path().join("demo.zavuch")).expect("the database");
    demo::create(&db).expect("the demo school");
    let year = year::current(&db)
        .expect("the year")
        .and_then(|y| y.id)
        .expect("a current year");
    let classes = marks::classes_with_period(&db, year, PERIOD).expect("classes");
    for (class, info) in &classes {
        mark(&db, *class, info.period);
    }
    let students: usize = classes
        .iter()
        .map(|(c, p)| marks::sheet(&db, *c, p.period).map_or(0, |s| s.students.len()))
        .sum();
    println!(
        "demo school, {PERIOD}: {} classes, {students} students; {} cores",
        classes.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // Fonts parsed and the first document laid out before timing, as in the running app.
    let (first, first_period) = (classes[0].0, classes[0].1.period);
    let warm = ledger::load(&db, first, first_period).expect("a ledger");
    let _ = ledger::pdf(&warm);

    let (cpu, wall) = (thread_cpu(), Instant::now());
    for (c, p) in &classes {
        let _ = ledger::load(&db, *c, p.period).expect("a ledger");
    }
    println!(
        "reading the {} sheets with their figures: {:?} (CPU {:?})",
        classes.len(),
        wall.elapsed(),
        thread_cpu().zip(cpu).map(|(a, b)| a - b)
    );

    let mut best = Duration::MAX;
    for run in 0..5 {
        let folder = dir.path().join(format!("folder-{run}"));
        let (wall, cpu, sizes) = school(&db, year, &Target::Folder(folder));
        best = best.min(wall);
        println!(
            "whole school, a PDF per class: {wall:?} wall (CPU of all threads {cpu:?}), files {}–{}, {} in all",
            kb(sizes.iter().copied().min().unwrap_or(0)),
            kb(sizes.iter().copied().max().unwrap_or(0)),
            kb(sizes.iter().sum())
        );
    }
    let (wall, cpu, sizes) = school(&db, year, &Target::Combined(dir.path().join("school.pdf")));
    println!(
        "whole school in one PDF: {wall:?} wall (CPU {cpu:?}), {}",
        kb(sizes[0])
    );

    // LibreOffice converting one class's ledger .xlsx (5 А, or the first class).
    let class = zavuch_core::classes::find_by_label(&db, year, "5 А")
        .ok()
        .flatten()
        .and_then(|c| c.id)
        .unwrap_or(first);
    let period = marks::period_by_name(&db, class, PERIOD)
        .expect("the period")
        .period;
    let xlsx = dir.path().join("ledger.xlsx");
    let one = ledger::load(&db, class, period).expect("a ledger");
    std::fs::write(&xlsx, ledger::xlsx(&one).expect("the .xlsx")).expect("written");
    let out = dir.path().join("soffice");
    std::fs::create_dir_all(&out).expect("a folder");
    // The first start of a fresh profile is slower: count the second, as a user would see it.
    match libreoffice(&xlsx, &out).and_then(|_| libreoffice(&xlsx, &out)) {
        Ok((wall, cpu, size)) => println!(
            "LibreOffice, one class's .xlsx → PDF: {wall:?} wall (CPU {cpu:?}), {}; \
             the best whole school's wall time is 1/{:.1} of that",
            kb(size),
            wall.as_secs_f64() / best.as_secs_f64()
        ),
        Err(why) => println!("LibreOffice skipped: {why}"),
    }
}
