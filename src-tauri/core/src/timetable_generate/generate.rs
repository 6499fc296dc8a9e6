//! `generate`: reads the school, asks the engine, writes the timetable it made — after a copy
//! of the file and with the previous timetable kept as a version — and checks it with the same
//! check as a hand-made timetable.

use super::names::SchoolNames;
use super::rooms::{self, read_rooms};
use super::school::{self, Data, Plan, School};
use super::{versions, wishes};
use crate::backup;
use crate::db::Db;
use crate::error::{GenerateProblem, Problem, Result};
use crate::timetable::{self, LessonInput, TimetableIssue, Week};
use crate::timetable_engine::{self as engine, explain, Options, Placed, Progress, Solution};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use ts_rs::TS;

/// How long re-generating tries to keep every lesson where it is before placing all anew.
const KEEPING_TRY: Duration = Duration::from_secs(2);

/// Why a timetable kept as a version was kept.
pub const BEFORE_GENERATION: &str = "перед составлением расписания";

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateRequest {
    pub academic_year_id: i64,
    /// Classes («5 А») whose lessons are placed anew; empty: the whole school. A lesson of a
    /// joint split is placed anew only when all of its classes are named.
    pub classes: Vec<String>,
    /// Locked lessons stay where they are (the app always asks for it; without it, they are
    /// placed anew like the others and a lesson that moves loses its lock).
    pub keep_locked: bool,
    /// «Только свободные места»: every lesson stays, only the lessons missing are placed.
    pub free_only: bool,
    pub time_limit: Duration,
    pub seed: u64,
    /// The day staff are counted as working on (the check's).
    pub on: NaiveDate,
}

/// One reason why the timetable is not complete, as `explain::Why` serializes it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WhyItem {
    pub code: String,
    pub text: String,
}

impl From<explain::Why> for WhyItem {
    fn from(w: explain::Why) -> Self {
        WhyItem {
            code: w.code.to_string(),
            text: w.text,
        }
    }
}

/// What a generation did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GenerateReport {
    /// Lessons of the curriculum placed of those required, after the write (the check's).
    pub placed: i32,
    pub required: i32,
    pub conflicts: Vec<TimetableIssue>,
    /// Lessons whose day, lesson number or room changed.
    pub moved: i32,
    pub seconds: f64,
    pub why: Vec<WhyItem>,
    /// False when the counting arguments showed at once that no complete timetable exists:
    /// nothing was searched or written.
    pub written: bool,
    pub cancelled: bool,
    /// The previous timetable, kept («Вернуть прежнее»).
    #[ts(type = "number | null")]
    pub version_id: Option<i64>,
    /// The copy of the file made before the write.
    pub backup: Option<String>,
    /// Teachers' free lessons between lessons over the week (first half-year).
    pub teacher_gaps: i32,
}

impl GenerateReport {
    /// A timetable was made, with every lesson placed and no conflict.
    pub fn is_complete(&self) -> bool {
        self.written && self.placed == self.required && self.conflicts.is_empty()
    }
}

/// Everything the problem is made of, read in one transaction.
struct Read {
    week: Week,
    wishes: Vec<wishes::TeacherWishes>,
    lines: HashMap<i64, (i32, Option<i64>)>,
    locked: BTreeSet<i64>,
    rooms: Vec<rooms::RoomRow>,
    subgroups: Vec<(i64, i64, String)>,
}

impl Read {
    fn data(&self) -> Data<'_> {
        Data {
            week: &self.week,
            wishes: &self.wishes,
            lines: &self.lines,
            locked: &self.locked,
            rooms: &self.rooms,
            subgroups: &self.subgroups,
        }
    }
}

fn read(conn: &Connection, year_id: i64) -> Result<Read> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.split_id, g.name FROM subgroup g
           JOIN subgroup_split s ON s.id = g.split_id
          WHERE s.academic_year_id = ?1 ORDER BY g.split_id, g.position, g.id",
    )?;
    let subgroups = stmt
        .query_map([year_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Read {
        week: Week::read_in(conn, year_id)?,
        wishes: wishes::read_wishes(conn, year_id)?,
        lines: wishes::read_line_wishes(conn, year_id)?,
        locked: wishes::read_locked(conn, year_id)?,
        rooms: read_rooms(conn)?,
        subgroups,
    })
}

/// Class ids of the labels named, or a refusal naming those the year does not have.
fn chosen(week: &Week, labels: &[String]) -> Result<Option<BTreeSet<i64>>> {
    if labels.is_empty() {
        return Ok(None);
    }
    let key = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    let mut ids = BTreeSet::new();
    let mut unknown = Vec::new();
    for label in labels.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        match week.classes.iter().find(|c| key(&c.label) == key(label)) {
            Some(c) => {
                ids.insert(c.id);
            }
            None => unknown.push(label.to_string()),
        }
    }
    if !unknown.is_empty() {
        return Err(crate::error::CoreError::refused(
            "classes",
            Problem::from(GenerateProblem::UnknownClasses { names: unknown }),
        ));
    }
    Ok(Some(ids))
}

/// Places the lessons the request asks for and writes the timetable (see the module).
pub fn generate(
    db: &Db,
    request: &GenerateRequest,
    progress: &mut dyn FnMut(Progress),
    cancel: Arc<AtomicBool>,
) -> Result<GenerateReport> {
    let began = Instant::now();
    let year = request.academic_year_id;
    let input = db.read(|conn| read(conn, year))?;
    let plan = Plan {
        classes: chosen(&input.week, &request.classes)?,
        keep_locked: request.keep_locked,
        keep_all: request.free_only,
        soft_shape: request.free_only,
    };
    let data = input.data();
    let school = school::build(&data, &plan);
    let names = SchoolNames {
        school: &school,
        rooms: &input.week.rooms,
    };
    let impossible = explain::before(&school.problem, &names);
    if !impossible.is_empty() {
        let check = timetable::check(db, year, request.on)?;
        return Ok(GenerateReport {
            placed: check.placed,
            required: check.required,
            conflicts: check.conflicts,
            moved: 0,
            seconds: began.elapsed().as_secs_f64(),
            why: impossible.into_iter().map(WhyItem::from).collect(),
            written: false,
            cancelled: false,
            version_id: None,
            backup: None,
            teacher_gaps: 0,
        });
    }
    let options = Options {
        time_limit: request.time_limit,
        seed: request.seed,
        cancel,
        improve: Duration::ZERO,
    };
    let Made {
        school,
        solution,
        rows,
    } = make(&input, (&plan, school), &options, (began, None), progress);
    let names = SchoolNames {
        school: &school,
        rooms: &input.week.rooms,
    };
    let moved = moved(&input.week, &school, &rows);
    let copy = backup::make(db, backup::Reason::TimetableGeneration)?;
    let version_id = db.write(|conn| {
        let version = versions::keep_in(conn, year, BEFORE_GENERATION)?;
        write(conn, year, &school, &rows)?;
        Ok(version)
    })?;
    let check = timetable::check(db, year, request.on)?;
    Ok(GenerateReport {
        placed: check.placed,
        required: check.required,
        conflicts: check.conflicts,
        moved,
        seconds: began.elapsed().as_secs_f64(),
        why: explain::after(&school.problem, &solution, &names)
            .into_iter()
            .map(WhyItem::from)
            .collect(),
        written: true,
        cancelled: solution.cancelled,
        version_id: Some(version_id),
        backup: copy.map(|c| c.id),
        teacher_gaps: check.teacher_gaps.iter().map(|g| g.gaps).sum(),
    })
}

/// What the engine made of the school, and the rows to write.
struct Made {
    school: School,
    solution: Solution,
    rows: Vec<LessonInput>,
}

/// Asks the engine (after trying to keep every lesson where it is) and gives rooms; the time
/// limit counts from `began`, `steps` bounds the search whatever the time.
fn make(
    input: &Read,
    (plan, school): (&Plan, School),
    options: &Options,
    (began, steps): (Instant, Option<usize>),
    progress: &mut dyn FnMut(Progress),
) -> Made {
    let data = input.data();
    let (school, solution) = match keeping_all(&data, plan, options, progress) {
        Some(found) => found,
        None => {
            let options = Options {
                time_limit: options.time_limit.saturating_sub(began.elapsed()),
                ..options.clone()
            };
            let solution = engine::solve_within(&school.problem, &options, steps, progress);
            (school, solution)
        }
    };
    let previous_room: HashMap<i64, Option<i64>> = input
        .week
        .lessons
        .iter()
        .map(|l| (l.id, l.room_id))
        .collect();
    let rooms = rooms::give(&data, &school, &solution.placement, &previous_room);
    let rows = rows(&school, &solution.placement, &rooms);
    Made {
        school,
        solution,
        rows,
    }
}

/// The demo's timetable, made as `generate` makes one for the whole school (the timetable
/// is empty), but within so many steps of the search and no time limit, so that the demo is
/// the same on every machine; written without a copy of the file or a kept version (the
/// file is being made). Returns the engine's answer.
pub(crate) fn place_whole_school(
    db: &Db,
    year_id: i64,
    seed: u64,
    steps: usize,
) -> Result<Solution> {
    let input = db.read(|conn| read(conn, year_id))?;
    let plan = Plan::default();
    let school = school::build(&input.data(), &plan);
    let options = Options {
        time_limit: Duration::MAX,
        seed,
        cancel: Arc::default(),
        improve: Duration::MAX,
    };
    let made = make(
        &input,
        (&plan, school),
        &options,
        (Instant::now(), Some(steps)),
        &mut |_| {},
    );
    db.write(|conn| write(conn, year_id, &made.school, &made.rows))?;
    Ok(made.solution)
}

/// Re-generating first tries to keep every lesson that has a place where it is and to place
/// only the rest (a teacher gone, a room closed): when that gives a complete timetable within
/// a short time, nothing else moves. None when there is nothing to keep or it fails.
fn keeping_all(
    data: &Data,
    plan: &Plan,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Option<(School, Solution)> {
    if plan.keep_all || data.week.lessons.is_empty() {
        return None;
    }
    let keep = Plan {
        keep_all: true,
        ..plan.clone()
    };
    let school = school::build(data, &keep);
    let short = Options {
        time_limit: options.time_limit.min(KEEPING_TRY),
        ..options.clone()
    };
    let solution = engine::solve(&school.problem, &short, progress);
    solution.is_complete().then_some((school, solution))
}

/// The rows of the lessons placed anew, per activity in order (a pair gives two): each with
/// the id of a row it replaces, or none for a new one.
fn rows(school: &School, placement: &[Option<Placed>], rooms: &[Option<i64>]) -> Vec<LessonInput> {
    let mut out = Vec::new();
    for (a, act) in school.activities.iter().enumerate() {
        let Some(p) = placement[a].filter(|_| !act.fixed) else {
            continue;
        };
        for k in 0..act.duration {
            let (day, lesson_number) = school.place(p.start + k);
            out.push(LessonInput {
                id: act.entries.get(k).copied(),
                teaching_load_id: act.load_id,
                day,
                lesson_number,
                room_id: rooms[a],
                in_first: act.in_first,
                in_second: act.in_second,
            });
        }
    }
    out
}

/// Lessons whose day, lesson number or room is not one a lesson of its line had before.
fn moved(week: &Week, school: &School, rows: &[LessonInput]) -> i32 {
    let mut before: HashMap<(i64, i32, i32, Option<i64>), i32> = HashMap::new();
    let rewritten: BTreeSet<i64> = school
        .activities
        .iter()
        .filter(|a| !a.fixed)
        .flat_map(|a| a.entries.iter().copied())
        .collect();
    for l in week.lessons.iter().filter(|l| rewritten.contains(&l.id)) {
        *before
            .entry((l.teaching_load_id, l.day, l.lesson_number, l.room_id))
            .or_default() += 1;
    }
    let mut moved = 0;
    for i in rows {
        match before.get_mut(&(i.teaching_load_id, i.day, i.lesson_number, i.room_id)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => moved += 1,
        }
    }
    moved
}

/// Writes the lessons placed anew over the rows they replace; removes the replaced lessons
/// that were not placed and those beyond the lines' hours. A lock stays on a lesson that
/// stays where it was.
fn write(conn: &Connection, year_id: i64, school: &School, rows: &[LessonInput]) -> Result<()> {
    let written: BTreeSet<i64> = rows.iter().filter_map(|r| r.id).collect();
    let mut gone: Vec<i64> = school
        .activities
        .iter()
        .filter(|a| !a.fixed)
        .flat_map(|a| a.entries.iter().copied())
        .filter(|id| !written.contains(id))
        .collect();
    gone.extend(&school.surplus);
    let mut delete = conn.prepare_cached("DELETE FROM timetable_entry WHERE id = ?1")?;
    for id in gone {
        delete.execute([id])?;
    }
    let mut unlock = conn.prepare_cached(
        "UPDATE timetable_entry SET locked = 0
          WHERE id = ?1 AND NOT (day = ?2 AND lesson_number = ?3)",
    )?;
    for r in rows {
        if let Some(id) = r.id {
            unlock.execute(params![id, r.day, r.lesson_number])?;
        }
        timetable::write_entry(conn, r, year_id)?;
    }
    Ok(())
}
