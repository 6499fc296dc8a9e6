//! `fet import`: a school moving from FET brings its teachers, subjects, classes, subgroups,
//! rooms and teaching load into the school file's current year.
//!
//! `plan` works out from the file alone what it brings (refusing, with every case named, what
//! the school file cannot take); `write` puts it in through the core's own functions, so that
//! every rule of a card, a split, a curriculum and a load line applies, after a backup and in
//! one transaction: all of it, or nothing. What the school file already has (a teacher, a
//! subject, a class, a room, a split, a load line of the same teacher) is matched by name and
//! counted as matched, not added again, so importing the same file twice adds nothing; a class's
//! subject (or subgroup) other teachers already teach in the school file is left as it is.

mod people;
mod plan;
mod write;

use super::read;
use crate::backup::{self, Reason};
use crate::db::Db;
use crate::error::{CoreError, Result};
use chrono::NaiveDate;
use serde::Serialize;

/// What was added and what was found already in the school file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counted {
    pub added: usize,
    pub matched: usize,
}

/// The result of an import, as `fet import --json` prints it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FetImport {
    pub teachers: Counted,
    pub subjects: Counted,
    pub classes: Counted,
    /// Subgroups of the splits the load needs.
    pub subgroups: Counted,
    pub rooms: Counted,
    /// Load lines added.
    pub load_lines: usize,
    /// Load lines the school file had already (the same class or subgroup, subject, teacher).
    pub load_lines_matched: usize,
    /// Load lines of the file not added: the school file has other teachers' load there.
    pub load_lines_kept: usize,
    /// What was done differently from the file, or is to be checked, in Russian.
    pub warnings: Vec<String>,
}

/// The backup's reason: «перед импортом — данные FET».
const WHAT: &str = "данные FET";

/// Imports the FET file `file` (its text `text`) into the current year. `today` is the day
/// teachers must work at the school for their load. Refused as a whole, with the file as it
/// was, when the FET file is not read, names what the school file cannot take, or any rule of
/// the core refuses a row.
pub fn import(db: &Db, file: &str, text: &str, today: NaiveDate) -> Result<FetImport> {
    let root = super::root(file, text)?;
    let refused = |p: crate::error::FetProblem| CoreError::refused("file", p.into());
    let names = read::read_names(&root).map_err(refused)?;
    let plan = plan::plan(&root, &names).map_err(|p| CoreError::refused("file", p.into()))?;
    let year = crate::year::current_id(db)?;
    backup::make(
        db,
        Reason::Import {
            what: WHAT.to_string(),
        },
    )?;
    db.write(|conn| {
        let mut report =
            crate::audit::quietly(conn, || write::write(db, year, &names, &plan, today))?;
        // A teacher's total is warned about at each of their load lines: once is enough.
        let mut seen = std::collections::HashSet::new();
        report.warnings.retain(|w| seen.insert(w.clone()));
        let added = report.teachers.added
            + report.subjects.added
            + report.classes.added
            + report.subgroups.added
            + report.rooms.added
            + report.load_lines;
        crate::audit::record(conn, crate::audit::import(WHAT, added as i64, 0))?;
        Ok(report)
    })
}

/// The Russian summary `fet import` prints.
pub fn summary(r: &FetImport) -> String {
    let line = |what: &str, c: Counted| {
        format!(
            "{what}: добавлено {}, уже были в файле школы {}\n",
            c.added, c.matched
        )
    };
    let mut out = String::from("Данные FET перенесены в файл школы.\n");
    out += &line("Учителя", r.teachers);
    out += &line("Предметы", r.subjects);
    out += &line("Классы", r.classes);
    out += &line("Подгруппы", r.subgroups);
    out += &line("Кабинеты", r.rooms);
    out += &format!(
        "Строки нагрузки: добавлено {}, уже были {}, не добавлены (в файле школы другие \
         учителя) {}\n",
        r.load_lines, r.load_lines_matched, r.load_lines_kept
    );
    if !r.warnings.is_empty() {
        out += "Обратите внимание:\n";
        for w in &r.warnings {
            out += &format!("  – {w}\n");
        }
    }
    out
}

#[cfg(test)]
mod tests;
