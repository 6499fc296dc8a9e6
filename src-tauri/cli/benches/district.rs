//! The district's PostgreSQL under a district's load (issue 11, «Speed»): 100 schools pushing
//! their figures (under 20 s in all), and every consolidated report for 25, 50, 100 and 150
//! schools (under 1 s each at 150, growing linearly). A real server from Debian's packages, as
//! the tests start it but syncing its commits to disk as a district's would. Each school is a
//! copy of the demo school with its own INN, name and study forms. A push is measured whole:
//! the school file opened, its figures computed, the transaction sent and committed. Prints
//! figures (docs/benchmarks.md); it checks that every school's push landed.

#[allow(dead_code)] // the tests use the rest of it
#[path = "../tests/common/postgres.rs"]
mod server;

use chrono::NaiveDate;
use server::{inn, Postgres, PASSWORD};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zavuch_core::district::{self, ReportKind};
use zavuch_core::forms::class_sizes;
use zavuch_core::{demo, school, year, Db};

const SIZES: [u32; 4] = [25, 50, 100, 150];
const PUSHED_ALONE: u32 = 100;
const RUNS: usize = 3;
const KINDS: [(&str, ReportKind); 5] = [
    ("class-sizes", ReportKind::ClassSizes),
    ("results", ReportKind::Results),
    ("movement", ReportKind::Movement),
    ("oo1", ReportKind::Oo1),
    ("staff", ReportKind::Staff),
];

/// School `n`: the demo school's copy with its INN, name and every (n+2)-th student in the
/// family form, so that no two schools send the same figures.
fn school(dir: &Path, demo: &Path, n: u32) -> PathBuf {
    let path = dir.join(format!("school-{n}.zavuch"));
    std::fs::copy(demo, &path).expect("a copy of the demo");
    let db = Db::open(&path).expect("the copy opens");
    let mut card = school::get(&db).expect("the card");
    card.inn = inn(n);
    card.full_name = format!("МБОУ «Средняя школа № {n}»");
    school::save(&db, &card).expect("the card saved");
    db.conn()
        .execute(
            "UPDATE student SET study_form = 'family' WHERE id % ?1 = 0",
            [n + 2],
        )
        .expect("study forms varied");
    path
}

/// One push, measured whole and in its two parts: the figures computed from the school file
/// (opened anew, as a scheduled push would), then the connection and the transaction.
struct Push {
    figures: Duration,
    sending: Duration,
}

impl Push {
    fn whole(&self) -> Duration {
        self.figures + self.sending
    }
}

fn push(url: &str, path: &Path, on: NaiveDate) -> Push {
    let started = Instant::now();
    let db = Db::open(path).expect("the school file opens");
    let snapshot = district::snapshot(&db, Some(on)).expect("the figures");
    let figures = started.elapsed();
    let started = Instant::now();
    let mut client = district::connect(url).expect("the server");
    district::push(&mut client, &snapshot).expect("the push lands");
    Push {
        figures,
        sending: started.elapsed(),
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let server = Postgres::start_durable();
    std::env::set_var("PGPASSWORD", PASSWORD);
    let url = server.url("postgres");
    district::init(&mut district::connect(&url).expect("the server")).expect("the schema");

    let dir = tempfile::tempdir().expect("a folder");
    let demo = dir.path().join("demo.zavuch");
    demo::create(&Db::open(&demo).expect("a new file")).expect("the demo school");
    let last = *SIZES.last().expect("sizes");
    let schools: Vec<PathBuf> = (1..=last).map(|n| school(dir.path(), &demo, n)).collect();
    let year = year::current(&Db::open(&demo).expect("the demo"))
        .expect("the year")
        .expect("a current year");
    let on = class_sizes::default_date(&year);
    let version: String = server
        .client("postgres")
        .query_one("SHOW server_version", &[])
        .expect("the version")
        .get(0);
    println!("District PostgreSQL {version} (fsync on), figures of {on}");
    let mut pushes = Vec::new();
    for size in SIZES {
        while pushes.len() < size as usize {
            pushes.push(push(&url, &schools[pushes.len()], on));
        }
        if size == PUSHED_ALONE {
            print_pushes(&pushes);
            let again = push(&url, &schools[0], on);
            println!(
                "a school pushing the same day again (its snapshot replaced): {}",
                ms(again.whole())
            );
        }
        report_times(&url, size, on);
    }
}

fn print_pushes(pushes: &[Push]) {
    let all: Duration = pushes.iter().map(Push::whole).sum();
    println!(
        "{} schools pushed one after another: {:.2} s in all; a push: median {} \
         (figures {}, sending {}), slowest {}",
        pushes.len(),
        all.as_secs_f64(),
        ms(median(pushes.iter().map(Push::whole).collect())),
        ms(median(pushes.iter().map(|p| p.figures).collect())),
        ms(median(pushes.iter().map(|p| p.sending).collect())),
        ms(pushes.iter().map(Push::whole).max().expect("pushes")),
    );
}

/// Every consolidated report once `size` schools have pushed: the median of a few runs.
fn report_times(url: &str, size: u32, on: NaiveDate) {
    let mut client = district::connect(url).expect("the server");
    let status = district::status(&mut client, Some(on)).expect("the status");
    assert_eq!(status.schools.len(), size as usize, "every push landed");
    for (name, kind) in KINDS {
        let times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                let report = district::report(&mut client, kind, on).expect("the report");
                assert!(report.tables.iter().all(|t| t.rows.len() > size as usize));
                started.elapsed()
            })
            .collect();
        let t = median(times);
        println!(
            "{size:>3} schools, district report {name:<12} {:>9}  ({:.2} ms a school)",
            ms(t),
            t.as_secs_f64() * 1000.0 / f64::from(size)
        );
    }
}
