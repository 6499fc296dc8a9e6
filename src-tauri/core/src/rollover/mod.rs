//! The rollover to the next academic year («переход на новый учебный год»), in the four stages
//! of seed 000, appendix 8 ([`Stage`]): the leavers, the new year with its classes, the first
//! grades and arrivals, the thematic plans.
//!
//! Each stage is previewed ([`RolloverOptions::dry_run`]: the stage runs inside a transaction
//! that is rolled back, so the preview is exactly what the run will do) and run in one
//! transaction after a backup of the file, with progress; the run is recorded in
//! `rollover_stage_run` in the same transaction. So a stage either ran whole and says so, or left
//! the file as it was (a crash, a power cut, problems that stop it), and running it again
//! creates nothing: «already done». Stages run in order; a stage with nothing to do still counts
//! as done. Only the next year can be rolled over to, at any time of the year: the departures
//! of stage 1 take effect on the old year's last day even when it is still ahead.
//!
//! The new year is not made current by the rollover: [`make_current`] does it when the user
//! says so, and closes every period of the years before it (issue 5's closing: their marks
//! change only after reopening with a reason).

pub mod decisions;
mod stages;
#[cfg(test)]
mod tests;

use crate::backup;
use crate::db::Db;
use crate::error::{CoreError, FieldError, Problem, Result, YearEndProblem};
use crate::year::{self, AcademicYear};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use decisions::YearInfo;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

/// Этап перехода.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Leavers = 1,
    NewYear = 2,
    Arrivals = 3,
    Plans = 4,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Leavers,
        Stage::NewYear,
        Stage::Arrivals,
        Stage::Plans,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: u8) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.number() == n)
    }

    pub fn title(self) -> &'static str {
        match self {
            Stage::Leavers => "Выбывающие",
            Stage::NewYear => "Новый учебный год",
            Stage::Arrivals => "Первые классы и прибывшие",
            Stage::Plans => "Тематическое планирование",
        }
    }
}

/// What a stage created (or, in a preview, will create). Every stage reports every count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "RolloverCreated")]
pub struct Created {
    pub years: u32,
    pub term_schemes: u32,
    pub terms: u32,
    pub bell_schedules: u32,
    pub templates: u32,
    pub classes: u32,
    /// New students (stage 3's roster).
    pub students: u32,
    pub placements: u32,
    pub departures: u32,
    /// Students left to repeat the year (marked by stage 1, placed by stage 2).
    pub repeaters: u32,
    pub curricula: u32,
    pub subgroup_splits: u32,
    pub load_lines: u32,
    pub thematic_plans: u32,
}

/// A titled list of what a stage creates, moves or ends («Выбывают: окончили обучение»).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, rename = "RolloverList")]
pub struct ReportList {
    pub title: String,
    pub entries: Vec<String>,
}

/// Something about a class or a student: a warning, or a problem that stops the stage.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RolloverProblem {
    /// «9 А», or empty.
    pub class: String,
    /// «Фамилия Имя Отчество», or the row of a file, or empty.
    pub student: String,
    pub message: String,
    pub code: String,
}

/// What one stage did, or (a preview) will do.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StageReport {
    pub stage: u8,
    pub title: String,
    /// The stage had run before: nothing was done now.
    pub already_done: bool,
    /// When it ran («2027-06-10 14:03»); None for a preview or a stage stopped.
    pub ran_at: Option<String>,
    pub created: Created,
    pub lists: Vec<ReportList>,
    pub warnings: Vec<RolloverProblem>,
    /// Problems that stopped the stage: nothing of it was written.
    pub problems: Vec<RolloverProblem>,
}

/// What a rollover run (or preview) did, stage by stage.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RolloverReport {
    pub from: String,
    pub to: String,
    pub dry_run: bool,
    /// The copy of the file taken before the first stage that wrote.
    pub backup: Option<String>,
    pub stages: Vec<StageReport>,
    /// Every problem that stopped a stage (later stages did not run).
    pub problems: Vec<RolloverProblem>,
}

/// Whether a stage ran.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StageStatus {
    pub stage: u8,
    pub title: String,
    pub done: bool,
    pub ran_at: Option<String>,
    pub created: Created,
}

/// The rollover from a year to the next one: which stages ran.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RolloverStatus {
    pub from: String,
    pub to: String,
    pub stages: Vec<StageStatus>,
}

/// What the user asks of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RolloverOptions {
    /// The year rolled over to, «2027-2028»: the one after the current year.
    pub to: String,
    /// One stage (1–4); None: every stage not done yet, in order.
    #[serde(default)]
    pub stage: Option<u8>,
    /// Stage 3: the roster of first grades and arrivals (the roster import's layouts).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub first_grades: Option<PathBuf>,
    /// Stage 3: the class a one-class roster goes to («1 А»).
    #[serde(default)]
    pub first_grades_class: Option<String>,
    /// Stage 2: the ids of last year's curriculum templates to carry; None: all of them.
    #[serde(default)]
    #[ts(type = "Array<number> | null")]
    pub templates: Option<Vec<i64>>,
    /// Only preview: every stage runs in a transaction that is rolled back.
    #[serde(default)]
    pub dry_run: bool,
}

/// The two years of a rollover.
#[derive(Debug, Clone)]
pub(crate) struct Years {
    pub from: YearInfo,
    pub from_starts: NaiveDate,
    pub to_name: String,
    pub to_starts: NaiveDate,
    pub to_ends: NaiveDate,
}

/// The same day a year later (28 February for 29 February).
fn year_later(d: NaiveDate) -> NaiveDate {
    d.with_year(d.year() + 1)
        .or_else(|| NaiveDate::from_ymd_opt(d.year() + 1, d.month(), 28))
        .unwrap_or(d)
}

fn years_of(from: &AcademicYear, to_name: String) -> Result<Years> {
    let (Some(id), Some(starts), Some(ends)) = (from.id, from.starts_on, from.ends_on) else {
        return Err(CoreError::NotFound {
            what: "Учебный год",
        });
    };
    Ok(Years {
        from: YearInfo {
            id,
            name: from.name.clone(),
            ends_on: ends,
        },
        from_starts: starts,
        to_name,
        to_starts: year_later(starts),
        to_ends: year_later(ends),
    })
}

/// The years of a rollover to `to`: refused unless `to` is the year after the current one (or
/// is the current one already, its year before having been rolled over from).
pub(crate) fn resolve(db: &Db, to: &str) -> Result<Years> {
    let current =
        year::current(db)?.ok_or_else(|| CoreError::refused("to", Problem::NoCurrentYear))?;
    let next = year::next_name(&current.name).unwrap_or_default();
    let refuse = || {
        CoreError::refused(
            "to",
            YearEndProblem::RolloverNotNext {
                to: to.trim().to_string(),
                current: current.name.clone(),
                next: next.clone(),
            }
            .into(),
        )
    };
    let (to_name, first) = year::parse_name(to).ok_or_else(refuse)?;
    let from_name = format!("{}-{first}", first - 1);
    if current.name != from_name && current.name != to_name {
        return Err(refuse());
    }
    let from = year::find_by_name(db, &from_name)?.ok_or_else(refuse)?;
    years_of(&from, to_name)
}

// ---------------------------------------------------------------------------------------------
// The record of stages run

/// When the stage of the rollover from `year_id` ran, with its counts.
fn recorded(conn: &Connection, year_id: i64, stage: Stage) -> Result<Option<(String, Created)>> {
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT ran_at, summary FROM rollover_stage_run WHERE from_year_id = ?1 AND stage = ?2",
        )?
        .query_row(params![year_id, stage.number()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(row.map(|(at, summary)| (at, serde_json::from_str(&summary).unwrap_or_default())))
}

/// Whether the stage of the rollover from the year has run.
pub(crate) fn stage_ran(conn: &Connection, year_id: i64, stage: Stage) -> Result<bool> {
    Ok(recorded(conn, year_id, stage)?.is_some())
}

fn record(
    conn: &Connection,
    years: &Years,
    stage: Stage,
    at: &str,
    created: &Created,
) -> Result<()> {
    let summary =
        serde_json::to_string(created).map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    conn.execute(
        "INSERT INTO rollover_stage_run (from_year_id, stage, to_year, ran_at, summary)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![years.from.id, stage.number(), years.to_name, at, summary],
    )?;
    let op = crate::audit::Operation {
        action: "rollover",
        entity: stage.title(),
        summary: format!("{} → {}: {summary}", years.from.name, years.to_name),
    };
    crate::audit::record(conn, op)
}

fn now_stamp() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M").to_string()
}

/// The rollover the school is in: from the current year to the next once a stage of it ran,
/// else from the year rolled over to the current one, if any, else from the current year to
/// the next; which stages ran.
pub fn status(db: &Db) -> Result<RolloverStatus> {
    let current =
        year::current(db)?.ok_or_else(|| CoreError::refused("year", Problem::NoCurrentYear))?;
    let started = match current.id {
        Some(id) => Stage::ALL
            .into_iter()
            .map(|stage| stage_ran(db.conn(), id, stage))
            .collect::<Result<Vec<bool>>>()?
            .contains(&true),
        None => false,
    };
    let rolled_into: Option<String> = if started {
        None
    } else {
        db.conn()
            .query_row(
                "SELECT y.name FROM rollover_stage_run r JOIN academic_year y ON y.id = r.from_year_id
                  WHERE r.to_year = ?1 LIMIT 1",
                [&current.name],
                |r| r.get(0),
            )
            .optional()?
    };
    let years = match rolled_into {
        Some(from) => {
            let from = year::find_by_name(db, &from)?.ok_or(CoreError::NotFound {
                what: "Учебный год",
            })?;
            years_of(&from, current.name.clone())?
        }
        None => years_of(&current, year::next_name(&current.name).unwrap_or_default())?,
    };
    let stages = Stage::ALL
        .into_iter()
        .map(|stage| {
            let done = recorded(db.conn(), years.from.id, stage)?;
            Ok(StageStatus {
                stage: stage.number(),
                title: stage.title().to_string(),
                done: done.is_some(),
                ran_at: done.as_ref().map(|(at, _)| at.clone()),
                created: done.map(|(_, c)| c).unwrap_or_default(),
            })
        })
        .collect::<Result<_>>()?;
    Ok(RolloverStatus {
        from: years.from.name,
        to: years.to_name,
        stages,
    })
}

// ---------------------------------------------------------------------------------------------
// Running

/// Progress of a run: (stage, steps done, steps in all), for a progress bar.
pub type Progress<'a> = &'a mut dyn FnMut(u8, usize, usize);

/// Runs the stages asked (all not done yet, in order), or previews them (`dry_run`). A stage
/// that ran before reports `already_done` and creates nothing; a stage whose problems stop it
/// writes nothing, and the stages after it do not run. Refused: a year other than the next
/// one, a stage whose stages before have not run.
pub fn run(
    db: &Db,
    options: &RolloverOptions,
    today: NaiveDate,
    progress: Progress,
) -> Result<RolloverReport> {
    let years = resolve(db, &options.to)?;
    let asked: Vec<Stage> = match options.stage {
        Some(n) => vec![Stage::from_number(n).ok_or_else(|| {
            CoreError::refused(
                "stage",
                Problem::NotInRange {
                    min: 1,
                    max: Stage::ALL.len() as i64,
                },
            )
        })?],
        None => Stage::ALL.to_vec(),
    };
    if let Some(first) = asked.first() {
        for before in Stage::ALL.into_iter().take_while(|s| s != first) {
            if !stage_ran(db.conn(), years.from.id, before)? {
                return Err(CoreError::refused(
                    "stage",
                    YearEndProblem::RolloverStageOrder {
                        stage: first.number().into(),
                        before: before.number().into(),
                    }
                    .into(),
                ));
            }
        }
    }
    let ctx = stages::Ctx {
        db,
        years: &years,
        options,
        today,
    };
    let run = |progress: Progress| run_stages(&ctx, &asked, progress);
    if options.dry_run {
        // Every stage writes as it would, and all of it is rolled back.
        db.read(|_| run(progress))
    } else {
        run(progress)
    }
}

fn run_stages(ctx: &stages::Ctx, asked: &[Stage], progress: Progress) -> Result<RolloverReport> {
    let mut report = RolloverReport {
        from: ctx.years.from.name.clone(),
        to: ctx.years.to_name.clone(),
        dry_run: ctx.options.dry_run,
        backup: None,
        stages: Vec::new(),
        problems: Vec::new(),
    };
    for &stage in asked {
        if let Some((at, _)) = recorded(ctx.db.conn(), ctx.years.from.id, stage)? {
            report.stages.push(StageReport {
                already_done: true,
                ran_at: Some(at),
                ..StageReport::new(stage)
            });
            continue;
        }
        if !ctx.options.dry_run && report.backup.is_none() {
            report.backup = backup(ctx.db, stage)?;
        }
        let done = run_stage(ctx, stage, progress)?;
        let stopped = !done.problems.is_empty();
        report.problems.extend(done.problems.iter().cloned());
        report.stages.push(done);
        if stopped {
            break;
        }
    }
    Ok(report)
}

/// A copy of the file before the rollover writes, from its first stage to run (none for a
/// database in memory): the copy's file.
fn backup(db: &Db, stage: Stage) -> Result<Option<String>> {
    let reason = backup::Reason::Rollover {
        stage: stage.number(),
    };
    let copy = backup::make(db, reason)?;
    let file = db
        .path()
        .zip(copy)
        .and_then(|(school, c)| backup::path_of(school, &c.id));
    Ok(file.map(|f| f.display().to_string()))
}

/// One stage in one transaction with its record; rolled back when problems stop it.
fn run_stage(ctx: &stages::Ctx, stage: Stage, progress: Progress) -> Result<StageReport> {
    let mut stopped = None;
    let written = ctx.db.write(|conn| {
        let mut report = stages::execute(ctx, stage, progress)?;
        if !report.problems.is_empty() {
            stopped = Some(report);
            return Err(CoreError::refused(
                "stage",
                YearEndProblem::RolloverStopped {
                    stage: stage.number().into(),
                }
                .into(),
            ));
        }
        let at = now_stamp();
        record(conn, ctx.years, stage, &at, &report.created)?;
        if !ctx.options.dry_run {
            report.ran_at = Some(at);
        }
        Ok(report)
    });
    match (written, stopped) {
        (Ok(report), _) | (Err(_), Some(report)) => Ok(report),
        (Err(e), None) => Err(e),
    }
}

impl StageReport {
    pub(crate) fn new(stage: Stage) -> StageReport {
        StageReport {
            stage: stage.number(),
            title: stage.title().to_string(),
            already_done: false,
            ran_at: None,
            created: Created::default(),
            lists: Vec::new(),
            warnings: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Adds a list when it has entries.
    pub(crate) fn list(&mut self, title: impl Into<String>, entries: Vec<String>) {
        if !entries.is_empty() {
            self.lists.push(ReportList {
                title: title.into(),
                entries,
            });
        }
    }

    pub(crate) fn warn(&mut self, class: &str, student: &str, problem: impl Into<Problem>) {
        self.warnings
            .push(RolloverProblem::new(class, student, problem));
    }
}

impl RolloverProblem {
    pub(crate) fn new(class: &str, student: &str, problem: impl Into<Problem>) -> RolloverProblem {
        RolloverProblem::refusal(class, student, FieldError::new("", problem.into()))
    }

    /// A refusal of the saves a stage makes (a movement, a load line), about a class or student.
    pub(crate) fn refusal(class: &str, student: &str, e: FieldError) -> RolloverProblem {
        RolloverProblem {
            class: class.to_string(),
            student: student.to_string(),
            message: e.message,
            code: e.code,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Making the new year current

/// Makes the year current and closes every open period of the years before it (recorded as
/// closings at `at`): last year's marks then change only after a reopening with its reason.
/// Returns how many periods were closed.
pub fn make_current(db: &Db, academic_year_id: i64, at: NaiveDateTime) -> Result<usize> {
    let target = year::detail(db, academic_year_id)?.year;
    db.write(|conn| {
        let mut stmt =
            conn.prepare("SELECT id FROM academic_year WHERE starts_on < ?1 ORDER BY starts_on")?;
        let earlier: Vec<i64> = stmt
            .query_map([target.starts_on], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut closed = 0;
        for year_id in earlier {
            closed += crate::marks::closure::close_year(db, year_id, at)?;
        }
        year::set_current(db, academic_year_id)?;
        Ok(closed)
    })
}
