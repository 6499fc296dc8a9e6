//! How long printing takes and how big the files are: the printing layer's sample ledger
//! (35 students × 18 subjects, A4 landscape) and class list, then the real forms of the demo
//! school (every class's list, the class sizes as PDF and .xlsx). Fonts are parsed once before
//! timing, as in the running app. Prints figures; it only checks that the documents are made.

use std::time::{Duration, Instant};
use zavuch_core::forms::{class_list, class_sizes};
use zavuch_core::print::*;
use zavuch_core::{classes, demo, year, Db};

// The printing layer's own samples, shared with its tests.
#[path = "../src/print/samples.rs"]
mod samples;

use samples::{class_list as sample_class_list, ledger};

/// CPU time of this thread (Linux), so that the figures hold on a busy machine too.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Runs `f` and returns its result with the wall time and the thread's CPU time it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    let value = f();
    let cpu = thread_cpu().zip(cpu).map(|(after, before)| after - before);
    (value, wall.elapsed(), cpu)
}

fn cpu(cpu: Option<Duration>) -> String {
    cpu.map_or_else(|| "n/a".to_string(), |c| format!("{c:?}"))
}

/// `n` one-page ledgers on two threads; the wall time and the bytes written.
fn ledgers_on_two_threads(n: usize) -> (Duration, usize) {
    let start = Instant::now();
    let bytes: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| (0..n / 2).map(|_| ledger(1).finish().len()).sum::<usize>()))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker"))
            .sum()
    });
    (start.elapsed(), bytes)
}

fn layer() {
    let (layout, wall, time) = timed(|| (0..30).map(|_| ledger(1)).collect::<Vec<_>>());
    println!(
        "layout of 30 one-page ledgers: {wall:?} (CPU {})",
        cpu(time)
    );
    let (sizes, wall, time) = timed(|| {
        layout
            .into_iter()
            .map(|d| d.finish().len())
            .collect::<Vec<_>>()
    });
    println!(
        "writing them as 30 PDF files: {wall:?} (CPU {}), {} to {} bytes each",
        cpu(time),
        sizes.iter().min().unwrap_or(&0),
        sizes.iter().max().unwrap_or(&0)
    );
    let (wall, bytes) = ledgers_on_two_threads(30);
    println!(
        "the same laid out and written on two threads, 15 each: {wall:?}, {bytes} bytes in all"
    );
    let (combined, wall, time) = timed(|| ledger(30).finish());
    println!(
        "30 ledger pages in one file: {wall:?} (CPU {}), {} bytes",
        cpu(time),
        combined.len()
    );
    let (sizes, wall, time) = timed(|| {
        (0..30)
            .map(|_| sample_class_list(30).finish().len())
            .collect::<Vec<_>>()
    });
    println!(
        "30 one-page class lists of 30 students: {wall:?} (CPU {}), {} bytes each",
        cpu(time),
        sizes[0]
    );
}

fn demo_school() -> Result<(), Box<dyn std::error::Error>> {
    let db = Db::in_memory()?;
    demo::create(&db)?;
    let year_id = year::current(&db)?
        .and_then(|y| y.id)
        .ok_or("no current year")?;
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).ok_or("a date")?;
    let ids: Vec<i64> = classes::list(&db, year_id, on)?
        .into_iter()
        .filter_map(|c| c.class.id)
        .collect();
    let (lists, wall, time) = timed(|| {
        ids.iter()
            .map(|id| class_list::load(&db, *id, on))
            .collect::<Result<Vec<_>, _>>()
    });
    let lists = lists?;
    let students: usize = lists.iter().map(|l| l.students.len()).sum();
    println!(
        "demo school: reading {} class lists ({students} students): {wall:?} (CPU {})",
        lists.len(),
        cpu(time)
    );
    let (sizes, wall, time) = timed(|| {
        lists
            .iter()
            .map(|l| class_list::pdf(l).len())
            .collect::<Vec<_>>()
    });
    println!(
        "  printing them as {} PDF files: {wall:?} (CPU {}), {} to {} bytes each",
        sizes.len(),
        cpu(time),
        sizes.iter().min().unwrap_or(&0),
        sizes.iter().max().unwrap_or(&0)
    );
    let start = Instant::now();
    std::thread::scope(|scope| {
        for half in lists.chunks(lists.len().div_ceil(2).max(1)) {
            scope.spawn(move || half.iter().map(|l| class_list::pdf(l).len()).sum::<usize>());
        }
    });
    println!("  the same on two threads: {:?}", start.elapsed());
    let (figures, wall, time) = timed(|| class_sizes::compute(&db, None));
    let figures = figures?;
    println!("class sizes: counting: {wall:?} (CPU {})", cpu(time));
    let (pdf, wall, time) = timed(|| class_sizes::pdf(&figures));
    println!(
        "  the PDF: {wall:?} (CPU {}), {} bytes",
        cpu(time),
        pdf.len()
    );
    let (xlsx, wall, time) = timed(|| class_sizes::xlsx(&figures));
    println!(
        "  the .xlsx: {wall:?} (CPU {}), {} bytes",
        cpu(time),
        xlsx?.len()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Parse the fonts once, as a running app has.
    let _ = ledger(1).finish();
    layer();
    demo_school()
}
