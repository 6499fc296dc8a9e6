//! `zavuch-cli fet solve`: a FET file (.fet) solved by the timetable engine and written back
//! with the timetable locked in, as FET's own «data and timetable» file, so that `fet-cl`
//! can confirm it. No school file is opened.
//!
//! `zavuch-cli fet import`: a school moving from FET brings its teachers, subjects, classes,
//! subgroups, rooms and teaching load into the school file (zavuch_core::fet::import).

use clap::Subcommand;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use zavuch_core::error::At;
use zavuch_core::timetable_engine::explain::{self, Why};
use zavuch_core::timetable_engine::{self, Options};
use zavuch_core::{fet, CoreError, Db};

#[derive(Subcommand)]
pub enum FetCommand {
    /// Составить расписание по файлу FET (.fet) и записать его с расписанием, закреплённым как в FET («data and timetable»); выход 0 — только когда поставлены все занятия без нарушений обязательных ограничений
    Solve {
        /// Файл FET (.fet)
        #[arg(value_name = "ФАЙЛ.fet")]
        file: PathBuf,
        /// Сколько секунд искать расписание, не больше
        #[arg(long, value_name = "СЕКУНДЫ", default_value_t = 300.0)]
        time_limit: f64,
        /// Число, от которого зависит поиск: с тем же числом — то же расписание
        #[arg(long, value_name = "ЧИСЛО", default_value_t = 1)]
        seed: u64,
        /// Составить расписание без ограничений тех видов, которые Завуч не учитывает (они будут названы в итоге)
        #[arg(long)]
        ignore_unsupported: bool,
        /// Сколько секунд после первого полного расписания улучшать его (меньше нарушенных желательных ограничений и окон)
        #[arg(long, value_name = "СЕКУНДЫ", default_value_t = 0.0)]
        improve: f64,
        /// Куда записать файл FET с расписанием
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.fet")]
        output: PathBuf,
        /// Напечатать итог в JSON: {"activities":N,"placed":N,"hard_violations":N,"soft_violations":N,"unsupported":[…],"seconds":S,"teacher_gaps":N,"students_gaps":N,"why":[…]}; "why" (почему расписание неполное) — только когда поставлено не всё
        #[arg(long)]
        json: bool,
    },
    /// Перенести из файла FET (.fet) в файл школы (--db) учителей, предметы, классы, подгруппы, кабинеты и нагрузку текущего учебного года; что уже есть в файле школы, узнаётся по названию и не добавляется заново. Всё или ничего: перед записью делается резервная копия
    Import {
        /// Файл FET (.fet)
        #[arg(value_name = "ФАЙЛ.fet")]
        file: PathBuf,
        /// Напечатать итог в JSON: {"teachers":{"added":N,"matched":N},"subjects":…,"classes":…,"subgroups":…,"rooms":…,"load_lines":N,"load_lines_matched":N,"load_lines_kept":N,"warnings":[…]}
        #[arg(long)]
        json: bool,
    },
}

impl FetCommand {
    pub fn json(&self) -> bool {
        match self {
            FetCommand::Solve { json, .. } | FetCommand::Import { json, .. } => *json,
        }
    }

    /// `fet import` writes into the school file; `fet solve` needs none.
    pub fn needs_db(&self) -> bool {
        matches!(self, FetCommand::Import { .. })
    }
}

/// `fet import`: the Russian summary, or `--json`.
pub fn import(db: &Db, command: FetCommand) -> Result<(), CoreError> {
    let FetCommand::Import { file, json } = command else {
        unreachable!("fet solve needs no school file")
    };
    let text = std::fs::read_to_string(&file).at(&file)?;
    let today = chrono::Local::now().date_naive();
    let report = fet::import(db, &file.display().to_string(), &text, today)?;
    let printed = match json {
        true => crate::to_json(&report)?,
        false => fet::import::summary(&report),
    };
    crate::print_out(&printed)
}

#[derive(Serialize)]
struct Outcome {
    activities: usize,
    placed: usize,
    hard_violations: usize,
    soft_violations: usize,
    unsupported: Vec<String>,
    seconds: f64,
    /// Teachers' and students' free periods between lessons over the week, counted as FET.
    teacher_gaps: usize,
    students_gaps: usize,
    /// Why the timetable is not complete, when it is not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    why: Vec<Why>,
}

/// The search given to a file a counting argument already shows impossible: enough for a
/// best partial timetable, an answer in seconds rather than at the time limit.
const PROVEN_IMPOSSIBLE_LIMIT: f64 = 2.0;

pub fn run(command: FetCommand) -> Result<ExitCode, CoreError> {
    let FetCommand::Solve {
        file,
        time_limit,
        seed,
        ignore_unsupported,
        improve,
        output,
        json,
    } = command
    else {
        unreachable!("fet import opens the school file first")
    };
    let began = Instant::now();
    let text = std::fs::read_to_string(&file).at(&file)?;
    let name = file.display().to_string();
    let fet_file = fet::read(&name, &text, ignore_unsupported)?;
    let impossible = !explain::before(&fet_file.problem, &fet_file).is_empty();
    let options = Options {
        time_limit: seconds(if impossible {
            time_limit.min(PROVEN_IMPOSSIBLE_LIMIT)
        } else {
            time_limit
        }),
        seed,
        cancel: Default::default(),
        improve: seconds(improve),
    };
    let solution = timetable_engine::solve(&fet_file.problem, &options, &mut |_| {});
    let written = fet::with_timetable(&text, &fet_file, &solution.placement);
    std::fs::write(&output, written).at(&output)?;
    let why = explain::after(&fet_file.problem, &solution, &fet_file);
    let outcome = Outcome {
        activities: solution.placement.len(),
        placed: solution.placed(),
        hard_violations: solution.hard_violations,
        soft_violations: solution.broken_soft.iter().map(|b| b.times).sum(),
        unsupported: fet_file.unsupported.clone(),
        seconds: (began.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        teacher_gaps: solution.teacher_gaps,
        students_gaps: solution.subgroup_gaps,
        why,
    };
    let printed = if json {
        crate::to_json(&outcome)?
    } else {
        summary(&outcome, &broken_by_kind(&fet_file, &solution), &output)
    };
    crate::print_out(&printed)?;
    Ok(if solution.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Seconds asked on the command line: none below zero, «forever» (inf, huge) held as the
/// most a `Duration` holds.
fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value.max(0.0)).unwrap_or(Duration::MAX)
}

/// Broken soft constraints counted by FET kind, most broken first.
fn broken_by_kind(
    file: &fet::FetFile,
    solution: &timetable_engine::Solution,
) -> Vec<(String, usize)> {
    let mut by_kind: std::collections::BTreeMap<&str, usize> = Default::default();
    for broken in &solution.broken_soft {
        *by_kind
            .entry(&file.constraint_kinds[broken.constraint])
            .or_default() += broken.times;
    }
    let mut list: Vec<(String, usize)> = by_kind
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    list.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    list
}

fn summary(o: &Outcome, broken: &[(String, usize)], output: &std::path::Path) -> String {
    let mut out = format!(
        "Поставлено занятий: {} из {}; нарушено обязательных ограничений: {}, желательных: {}; {:.1} с.\n",
        o.placed, o.activities, o.hard_violations, o.soft_violations, o.seconds
    );
    if !o.unsupported.is_empty() {
        out.push_str(&format!(
            "Не учтены ограничения видов: {}.\n",
            o.unsupported.join(", ")
        ));
    }
    for (kind, times) in broken {
        out.push_str(&format!("  нарушено {kind}: {times}\n"));
    }
    for why in &o.why {
        out.push_str(&format!("{}\n", why.text));
    }
    out.push_str(&format!("Файл с расписанием: {}\n", output.display()));
    out
}
