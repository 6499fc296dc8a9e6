//! Crash safety: `zavuch-cli` killed with SIGKILL at random moments of every long write — the
//! student, staff, marks and thematic-plan imports, a rollover stage, the archive, encrypting
//! the file — and the school file then opens through the core's checks, passes
//! `integrity_check`, keeps its change log's chain intact and holds exactly the state before the
//! command or the state after it, never one between.
//!
//! Each operation is first run once uninterrupted (its time, and the state after); then it is
//! run again from the same file and killed after a delay drawn from a seeded generator across
//! that time. `ZAVUCH_KILLS` sets the kills per operation (5 by default), `ZAVUCH_KILL_SEED`
//! replays a run (the seed is printed). Hundreds: `.ci/soak` (docs/reliability.md). Timetable
//! generation does not exist yet; when it does, it gets a test here.

mod common;

use common::{checked_content, cli, ok, surname, FIRST, PATRONYMIC};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

/// The school file's name in every run folder.
const SCHOOL: &str = "school.zavuch";

/// Columns holding the moment the command ran: two runs of one command differ there only. The
/// archive's manifest digest is one too: each spreadsheet carries the time it was made
/// (rust_xlsxwriter writes it into docProps/core.xml), so its SHA-256 changes with every run;
/// and the change log's hash, which chains its moment in. The chain itself is checked whole
/// (`common::checked_content`).
const MOMENTS: &[(&str, &str)] = &[
    ("archive_copy", "made_at"),
    ("archive_copy", "manifest_sha256"),
    ("audit_log", "at"),
    ("audit_log", "hash"),
    ("rollover_stage_run", "ran_at"),
    ("timetable_version", "made"),
];

/// Students the big school gets on top of the demo's 749, and staff rows and plan topics in
/// the imports: enough for each command to run about a second in a debug build here.
const STUDENTS: usize = 20_000;
const STAFF: usize = 10_000;
const TOPICS: usize = 20_000;

/// A school file's content by table (`common::content_digest`).
type State = BTreeMap<String, String>;

/// splitmix64: a seeded generator of the delays, so that a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn kills() -> usize {
    std::env::var("ZAVUCH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// `ZAVUCH_KILL_SEED`, or one from the clock: one for the whole run, each operation's delays
/// drawn from it mixed with the operation's number.
fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        std::env::var("ZAVUCH_KILL_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            })
    })
}

/// Where the fixtures and the runs live: cargo's scratch folder for tests, emptied first.
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kill");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// Writes `lines` as a CSV file `name` in the scratch folder.
fn csv(name: &str, header: &str, lines: impl Iterator<Item = String>) -> PathBuf {
    let mut text = format!("{header}\n");
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    let path = scratch().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A whole-school student list: `STUDENTS` rows over the classes 1 А … 11 В.
fn students_csv() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let path = scratch().join("students.csv");
        common::students_csv(&path, STUDENTS);
        path
    })
}

fn staff_csv() -> PathBuf {
    csv(
        "staff.csv",
        "Фамилия;Имя;Отчество;Пол;Дата рождения;Должность;Ставка;Дата приёма",
        (0..STAFF).map(|i| {
            format!(
                "{};{};{};м;{:02}.{:02}.{};Учитель;1;01.09.2020",
                surname(i),
                FIRST[i % 6],
                PATRONYMIC[i % 4],
                1 + i % 28,
                1 + i % 12,
                1960 + i % 40
            )
        }),
    )
}

fn plan_csv() -> PathBuf {
    csv(
        "plan.csv",
        "Раздел;№ урока;Тема урока;Количество часов;Дата;Вид работы",
        (0..TOPICS).map(|i| format!("Раздел {};{};Тема урока {};1;;", i / 50 + 1, i + 1, i + 1)),
    )
}

/// A school file made by `make` in the scratch folder, once per test run.
fn school(cell: &'static OnceLock<PathBuf>, name: &str, make: impl FnOnce(&Path)) -> &'static Path {
    cell.get_or_init(|| {
        let path = scratch().join(name);
        make(&path);
        assert!(
            !wal(&path).exists(),
            "the fixture was closed cleanly, its WAL merged"
        );
        path
    })
}

fn wal(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Pages a killed writer left in the WAL after its last commit: the proof that the kill came
/// in the middle of a write transaction (one too big for SQLite's cache spills its pages there
/// before the commit). Frames count while their salt is the header's (older frames of a WAL
/// begun again are stale); a commit frame has the file's size in pages in bytes 4..8.
fn uncommitted_pages(path: &Path) -> usize {
    let Ok(bytes) = std::fs::read(wal(path)) else {
        return 0;
    };
    if bytes.len() < 32 {
        return 0;
    }
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    let page = word(8) as usize;
    let salt = &bytes[16..24];
    let (mut frames, mut committed) = (0, 0);
    let mut at = 32;
    while at + 24 + page <= bytes.len() && &bytes[at + 8..at + 16] == salt {
        frames += 1;
        if word(at + 4) != 0 {
            committed = frames;
        }
        at += 24 + page;
    }
    frames - committed
}

fn demo() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    school(&FILE, "demo.zavuch", |path| ok(&cli(path, &["demo"])))
}

/// The demo school with `STUDENTS` more students: the marks, rollover and archive run on it.
fn big() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    school(&FILE, "big.zavuch", |path| {
        std::fs::copy(demo(), path).unwrap();
        let file = students_csv().to_str().unwrap();
        ok(&cli(
            path,
            &["import", "students", file, "--create-classes"],
        ));
    })
}

/// The big school after the rollover's first stage (the leavers).
fn rolled() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    school(&FILE, "rolled.zavuch", |path| {
        std::fs::copy(big(), path).unwrap();
        ok(&cli(
            path,
            &["rollover", "run", "--to", "2027-2028", "--stage", "1"],
        ));
    })
}

const MARKS: [&str; 4] = ["--class", "5 А", "--period", "1 четверть"];

/// The marks sheet of the big school's 5 А exported, every mark and absence filled in anew.
fn marks_csv() -> PathBuf {
    let exported = scratch().join("marks.xlsx");
    let mut args = vec!["export", "marks"];
    args.extend(MARKS);
    args.extend(["-o", exported.to_str().unwrap()]);
    // Exported from a copy: the fixtures are copied by other tests meanwhile, and an open
    // writes to the file it opens.
    let school = scratch().join("marks-export.zavuch");
    std::fs::copy(big(), &school).unwrap();
    ok(&cli(&school, &args));
    let mut book = calamine::open_workbook_auto(&exported).unwrap();
    let range = calamine::Reader::worksheet_range_at(&mut book, 0)
        .unwrap()
        .unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows.iter().position(|r| r[0] == "№").unwrap();
    let absences = rows[header]
        .iter()
        .position(|h| h == "Пропущено уроков")
        .unwrap();
    let filled = rows[header + 1..].iter().enumerate().map(|(i, row)| {
        let mut cells = row[..3].to_vec();
        cells.extend((3..absences).map(|c| ((i + c) % 4 + 2).to_string()));
        cells.extend([(i % 7 + 2).to_string(), "1".to_string()]);
        cells.join(";")
    });
    assert!(rows.len() - header > STUDENTS / 40, "5 А is a big class");
    csv("marks.csv", &rows[header].join(";"), filled)
}

/// The state of the school file at `path` after a run (`common::checked_content`).
fn checked_state(path: &Path) -> State {
    checked_content(path, MOMENTS)
}

/// The tables in which `state` differs from `other`.
fn differing(state: &State, other: &State) -> Vec<String> {
    state
        .iter()
        .filter(|(table, digest)| other.get(*table) != Some(digest))
        .map(|(table, digest)| format!("{table} ({digest})"))
        .collect()
}

/// A run folder holding only a fresh copy of the file `before` (the same path every time: the
/// archive records its folder).
fn fresh_run(run: &Path, before: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(run);
    std::fs::create_dir_all(run).unwrap();
    let school = run.join(SCHOOL);
    std::fs::copy(before, &school).unwrap();
    school
}

fn command(run: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"));
    command
        .current_dir(run)
        .arg("--db")
        .arg(SCHOOL)
        .args(args)
        .env_remove("ZAVUCH_DB")
        .stdin(Stdio::null());
    command
}

/// How the killed runs ended.
#[derive(Default)]
struct Tally {
    before: usize,
    after: usize,
    /// Of `after`: the command had already finished when the kill came.
    finished: usize,
    /// Of `before`: killed inside the write transaction, its pages already in the WAL.
    mid_write: usize,
}

/// Runs `args` on a copy of the school file `fixture` once to its end, then kills it `kills()`
/// times at delays drawn across that run's time, checking the file after each kill.
fn survives_kills(name: &str, salt: u64, fixture: &Path, args: &[&str]) {
    let seed = seed();
    let work = scratch().join(format!("run-{salt}"));
    let run = work.join("run");
    // This test's own copy of the fixture: opening a file writes to it, and other tests copy
    // the fixtures meanwhile.
    std::fs::create_dir_all(&work).unwrap();
    let before = &work.join("before.zavuch");
    std::fs::copy(fixture, before).unwrap();
    let before_state = checked_state(before);

    fresh_run(&run, before);
    let start = Instant::now();
    let out = command(&run, args).output().unwrap();
    let took = start.elapsed();
    ok(&out);
    let after_state = checked_state(&run.join(SCHOOL));
    assert!(
        !differing(&after_state, &before_state).is_empty(),
        "{name} changes the file"
    );

    let mut rng = Rng(seed ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut tally = Tally::default();
    let mut log = String::new();
    for kill in 0..kills() {
        let school = fresh_run(&run, before);
        let delay = took.mul_f64(rng.unit());
        let mut child = command(&run, args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let unfinished = uncommitted_pages(&school);
        let state = checked_state(&school);
        let landed = if state == before_state {
            tally.before += 1;
            // The first time, the command is run again over what the kill left (the archive's
            // half-written folder, a half-made copy): it completes as if nothing happened.
            if tally.before == 1 {
                ok(&command(&run, args).output().unwrap());
                assert!(checked_state(&school) == after_state, "{name} run again");
            }
            if unfinished > 0 {
                tally.mid_write += 1;
                "before (inside the write: its pages in the WAL rolled back)"
            } else {
                "before"
            }
        } else if state == after_state {
            tally.after += 1;
            tally.finished += usize::from(finished);
            "after"
        } else {
            panic!(
                "{name}: killed after {delay:?} (kill {kill}, seed {seed}; \
                 ZAVUCH_KILL_SEED={seed} replays it): the file is neither as before nor as \
                 after.\nUnlike before: {:?}\nUnlike after: {:?}",
                differing(&state, &before_state),
                differing(&state, &after_state)
            );
        };
        let _ = writeln!(log, "  kill {kill} at {delay:.3?}: {landed}");
    }
    eprintln!(
        "{name}: run {took:.3?}, {} kills (seed {seed}): {} as before ({} inside the write), \
         {} as after ({} of them after the command ended)\n{log}",
        tally.before + tally.after,
        tally.before,
        tally.mid_write,
        tally.after,
        tally.finished
    );
    let _ = std::fs::remove_dir_all(work);
}

#[test]
fn a_killed_student_import_leaves_the_file_as_before_or_after() {
    let file = students_csv().to_str().unwrap();
    survives_kills(
        "импорт учеников",
        1,
        demo(),
        &["import", "students", file, "--create-classes"],
    );
}

#[test]
fn a_killed_staff_import_leaves_the_file_as_before_or_after() {
    let file = staff_csv();
    survives_kills(
        "импорт сотрудников",
        2,
        demo(),
        &["import", "staff", file.to_str().unwrap()],
    );
}

#[test]
fn a_killed_marks_import_leaves_the_file_as_before_or_after() {
    let file = marks_csv();
    let mut args = vec!["import", "marks", file.to_str().unwrap()];
    args.extend(MARKS);
    survives_kills("импорт отметок", 3, big(), &args);
}

#[test]
fn a_killed_thematic_plan_import_leaves_the_file_as_before_or_after() {
    let file = plan_csv();
    survives_kills(
        "импорт тематического плана",
        4,
        demo(),
        &[
            "import",
            "thematic-plan",
            file.to_str().unwrap(),
            "--class",
            "5 А",
            "--subject",
            "Математика",
        ],
    );
}

#[test]
fn a_killed_rollover_stage_leaves_the_file_as_before_or_after() {
    survives_kills(
        "этап 2 перехода на новый год",
        5,
        rolled(),
        &["rollover", "run", "--to", "2027-2028", "--stage", "2"],
    );
}

#[test]
fn a_killed_archive_leaves_the_file_as_before_or_after() {
    survives_kills(
        "архивная копия отметок",
        6,
        big(),
        &["archive", "--period", "1 четверть", "-o", "архив"],
    );
}

#[test]
fn a_killed_encryption_leaves_the_file_as_before_or_after() {
    let password = "Пароль-проверки-убийств";
    let file = scratch().join("пароль");
    std::fs::write(&file, password).unwrap();
    // This process reads the file after each kill, encrypted or not.
    zavuch_core::encryption::add_password(password);
    survives_kills(
        "шифрование файла школы",
        7,
        big(),
        &["--password-file", file.to_str().unwrap(), "encrypt"],
    );
}

#[test]
fn a_killed_timetable_generation_leaves_the_file_as_before_or_after() {
    survives_kills(
        "составление расписания",
        8,
        demo(),
        &["timetable", "generate", "--keep-locked", "--json"],
    );
}
