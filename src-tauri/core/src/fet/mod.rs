//! FET files (.fet, FET 5.x and 6.x «official» mode) for the timetable engine: `read` makes a
//! file into the engine's problem, `write` gives the file back with the timetable locked in
//! FET's own «data and timetable» form, so that FET itself can confirm it.

mod constraints;
pub mod import;
mod names;
mod read;
mod write;
mod xml;

pub use import::{import, FetImport};
pub use write::with_timetable;

use crate::error::{CoreError, FetProblem};
use crate::timetable_engine::Problem;

/// A FET file read for the engine.
#[derive(Debug)]
pub struct FetFile {
    pub problem: Problem,
    /// FET's id of each of the engine's activities (active ones only).
    pub activity_ids: Vec<String>,
    pub days: Vec<String>,
    pub hours: Vec<String>,
    pub rooms: Vec<String>,
    pub teachers: Vec<String>,
    /// The name of each of the engine's atomic subgroups.
    pub subgroups: Vec<String>,
    /// Each activity as a person reads it: its id, subject, students and teachers.
    pub activity_names: Vec<String>,
    /// The FET kind of each of the engine's constraints.
    pub constraint_kinds: Vec<String>,
    /// Kinds the file uses that the engine does not support (left out with `ignore`).
    pub unsupported: Vec<String>,
}

/// Reads the text of a .fet file named `file`. Constraints of kinds the engine does not
/// support refuse the file, naming them, unless `ignore_unsupported`: then they are left out
/// and named in `unsupported`.
pub fn read(file: &str, text: &str, ignore_unsupported: bool) -> Result<FetFile, CoreError> {
    let refused = |p: FetProblem| CoreError::refused("file", p.into());
    let not_fet = |detail: String| not_fet(file, detail);
    let root = root(file, text)?;
    let names = read::read_names(&root).map_err(refused)?;
    if names.days.is_empty() || names.hours.is_empty() || names.hours.len() > read::MAX_HOURS {
        return Err(not_fet(format!(
            "дней {}, часов {} (нужно хотя бы по одному и не больше {} часов в дне)",
            names.days.len(),
            names.hours.len(),
            read::MAX_HOURS
        )));
    }
    let ids = read::all_ids(&root);
    let constraints = constraints::read_constraints(&root, &names, &ids).map_err(refused)?;
    let unsupported: Vec<String> = constraints.unsupported.into_iter().collect();
    if !unsupported.is_empty() && !ignore_unsupported {
        return Err(refused(FetProblem::Unsupported { kinds: unsupported }));
    }
    let problem = Problem {
        days: names.days.len(),
        periods: names.hours.len(),
        teachers: names.teachers.len(),
        subgroups: names.subgroups,
        rooms: names.rooms.len(),
        activities: names
            .activities
            .iter()
            .map(|a| a.activity.clone())
            .collect(),
        constraints: constraints.list,
    };
    Ok(FetFile {
        problem,
        activity_ids: names.activities.iter().map(|a| a.id.clone()).collect(),
        activity_names: names.activities.iter().map(names::activity).collect(),
        teachers: names.teachers,
        subgroups: names.subgroup_names,
        days: names.days,
        hours: names.hours,
        rooms: names.rooms,
        constraint_kinds: constraints.kinds,
        unsupported,
    })
}

fn not_fet(file: &str, detail: String) -> CoreError {
    let problem = FetProblem::NotFet {
        file: file.to_string(),
        detail,
    };
    CoreError::refused("file", problem.into())
}

/// The root element of the text of a .fet file named `file`, or the file refused as not FET.
fn root(file: &str, text: &str) -> Result<xml::Node, CoreError> {
    let root = xml::parse(text).map_err(|detail| not_fet(file, detail))?;
    if root.name != "fet" {
        let detail = format!("корневой элемент «{}», а не «fet»", root.name);
        return Err(not_fet(file, detail));
    }
    Ok(root)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod corpus;
