//! A 2,000-student whole-school roster imported through the same code path as the app (open,
//! find the header, check every row, match, back up the file — on another thread meanwhile —,
//! write in one transaction), against calamine alone reading the same file. Prints figures (it
//! only checks that the rows really landed and that each run left its backup).

use calamine::{open_workbook_auto, Reader};
use chrono::NaiveDate;
use std::path::Path;
use std::time::{Duration, Instant};
use zavuch_core::exchange::{OutRow, Sex, Value, Workbook};
use zavuch_core::{demo, roster, Db};

const STUDENTS: usize = 2000; // at most 2,016: see `rows`
const RUNS: usize = 9;

const LAST: [&str; 6] = [
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Семёнов",
];
const BOYS: [&str; 6] = ["Алексей", "Дмитрий", "Артём", "Максим", "Фёдор", "Иван"];
const GIRLS: [&str; 6] = ["Анна", "Мария", "Софья", "Алёна", "Дарья", "Полина"];
const CLASSES: [&str; 6] = ["5 А", "6 Б", "7 В", "8 А", "9 Б", "10 А"];

fn rows() -> Vec<OutRow<'static>> {
    (0..STUDENTS)
        .map(|i| {
            // The full name repeats every 72 rows (sex, first name, last name); the birth day
            // is i / 72, so no two of the 2,016 rows possible are one person (the import refuses
            // a second row about one person).
            let boy = i % 2 == 0;
            let first = if boy {
                BOYS[(i / 2) % 6]
            } else {
                GIRLS[(i / 2) % 6]
            };
            let last = format!("{}{}", LAST[(i / 12) % 6], if boy { "" } else { "а" });
            let class = CLASSES[i % CLASSES.len()];
            let grade: i32 = class
                .split(' ')
                .next()
                .and_then(|g| g.parse().ok())
                .unwrap_or(5);
            let born =
                NaiveDate::from_ymd_opt(2019 - grade, 1 + (i % 12) as u32, 1 + (i / 72) as u32)
                    .unwrap_or_default();
            let mut row = OutRow::new();
            row.insert("class", Value::text(class));
            row.insert("file_no", Value::text(format!("имп-{i}")));
            row.insert("last_name", Value::text(last));
            row.insert("first_name", Value::text(first));
            row.insert(
                "patronymic",
                Value::text(if boy {
                    "Сергеевич"
                } else {
                    "Сергеевна"
                }),
            );
            row.insert(
                "sex",
                Value::from(if boy { Sex::Male } else { Sex::Female }),
            );
            row.insert("birth_date", Value::from(born));
            row
        })
        .collect()
}

fn calamine_alone(path: &Path) -> usize {
    let mut book = open_workbook_auto(path).expect("readable");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("a sheet");
    range.used_cells().count()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The wall times of the runs of one step.
#[derive(Default)]
struct Times(Vec<Duration>);

impl Times {
    /// Runs `f`, keeping the time it took.
    fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.0.push(start.elapsed());
        value
    }

    fn median(self) -> Duration {
        median(self.0)
    }
}

fn show(what: &str, time: Duration) {
    println!("{what}: {time:.1?} (median of {RUNS})");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let roster_path = dir.path().join("roster-2000.xlsx");
    roster::format().save_xlsx(&roster_path, None, &rows())?;
    let school = dir.path().join("demo.zavuch");
    demo::create(&Db::open(&school)?)?;

    let mut read = Times::default();
    let mut open = Times::default();
    let mut check = Times::default();
    let mut import = Times::default();
    for run in 0..RUNS {
        let cells = read.time(|| calamine_alone(&roster_path));
        open.time(|| Workbook::open(&roster_path))?;

        // A fresh copy of the demo school each time, so every run adds 2,000 students.
        let copy = dir.path().join(format!("run-{run}.zavuch"));
        Db::open(&school)?.backup_to(&copy)?;
        let db = Db::open(&copy)?;
        let options = roster::Options {
            create_classes: true,
            ..Default::default()
        };
        check.time(|| roster::preview(&db, &roster_path, &options))?;
        let preview = import.time(|| roster::import(&db, &roster_path, &options))?;
        assert_eq!(
            preview.added,
            STUDENTS as i64,
            "{:?}",
            preview.errors.first()
        );
        if run == 0 {
            println!("{STUDENTS} students, {cells} cells");
        }
    }
    let backups: usize = (0..RUNS)
        .map(|run| {
            zavuch_core::backup::before_imports(&dir.path().join(format!("run-{run}.zavuch"))).len()
        })
        .sum();
    assert_eq!(backups, RUNS, "a backup of each run's school file");
    let (read, open, check, import) = (
        read.median(),
        open.median(),
        check.median(),
        import.median(),
    );
    show("calamine alone reading the .xlsx", read);
    show(
        "the engine reading it (Workbook::open: every sheet, cells as text)",
        open,
    );
    show(
        "preview (read, check and match every row, write nothing)",
        check,
    );
    show(
        "whole import (read, check, match, backup, one transaction)",
        import,
    );
    println!(
        "ratio: {:.1}× calamine alone",
        import.as_secs_f64() / read.as_secs_f64()
    );
    Ok(())
}
