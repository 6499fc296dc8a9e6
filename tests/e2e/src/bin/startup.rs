//! Measures the desktop app on the demo school: time from launch to the first screen, and
//! memory (RSS) of the app process with its WebKit helper processes. Prints figures; asserts
//! nothing (speed is measured here, never in tests).
//!
//! `cargo run --release -p zavuch-e2e --bin startup` (the app must be built: `cargo build --release -p zavuch`,
//! or name it with ZAVUCH_APP).

use std::path::Path;
use std::time::{Duration, Instant};
use zavuch_e2e::Harness;

const RUNS: usize = 5;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = tempfile::tempdir()?;
    let db_path = data_dir.path().join("demo.zavuch");
    zavuch_core::demo::create(&zavuch_core::Db::open(&db_path)?)?;
    let harness = Harness::start_with(data_dir, db_path.clone()).await?;
    println!("app: {}", zavuch_e2e::app_binary().display());
    let mut times = Vec::new();
    let mut rss = Vec::new();
    for run in 1..=RUNS {
        let start = Instant::now();
        let app = harness.launch().await?;
        app.by_testid("screen-school").await?;
        let elapsed = start.elapsed();
        // Let WebKit settle before reading memory.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let (own, total) = app_memory(&db_path);
        println!(
            "run {run}: first screen in {} ms; RSS app {} MiB, with WebKit processes {} MiB",
            elapsed.as_millis(),
            own / 1024,
            total / 1024
        );
        times.push(elapsed);
        rss.push((own, total));
        app.close().await?;
    }
    times.sort();
    rss.sort();
    let (own, total) = rss[RUNS / 2];
    println!(
        "median: first screen {} ms (includes starting the WebDriver session); RSS {} MiB app, {} MiB with WebKit",
        times[RUNS / 2].as_millis(),
        own / 1024,
        total / 1024
    );
    Ok(())
}

/// RSS in KiB of the app process opened on `db` and of it plus all its descendants.
fn app_memory(db: &Path) -> (u64, u64) {
    let procs = processes();
    let needle = format!("ZAVUCH_DB={}", db.display());
    let Some(app) = procs.iter().find(|p| {
        p.name == "zavuch"
            && std::fs::read(format!("/proc/{}/environ", p.pid))
                .map(|env| env.split(|b| *b == 0).any(|v| v == needle.as_bytes()))
                .unwrap_or(false)
    }) else {
        return (0, 0);
    };
    let mut total = 0;
    let mut stack = vec![app.pid];
    while let Some(pid) = stack.pop() {
        for p in procs.iter().filter(|p| p.pid == pid || p.ppid == pid) {
            if p.pid == pid {
                total += p.rss_kib;
            } else {
                stack.push(p.pid);
            }
        }
    }
    (app.rss_kib, total)
}

struct Proc {
    pid: u32,
    ppid: u32,
    name: String,
    rss_kib: u64,
}

fn processes() -> Vec<Proc> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let field = |key: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(key))
                    .map(|v| v.trim().to_string())
            };
            Some(Proc {
                pid,
                ppid: field("PPid:")?.parse().ok()?,
                name: field("Name:")?,
                rss_kib: field("VmRSS:")
                    .and_then(|v| v.split_whitespace().next()?.parse().ok())
                    .unwrap_or(0),
            })
        })
        .collect()
}
