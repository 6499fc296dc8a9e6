//! Stage 3, «Первые классы и прибывшие»: the first grades and the summer's arrivals from a roster
//! file (the roster import's layouts, seed 000 appendix 8), into the new year; the classes it
//! names that the year lacks are made, with the card of last year's class of that grade (the
//! same letter first: its scheme and bells of the new year, no teacher or room) and a curriculum
//! from the carried templates. Without a roster the stage creates nothing (first grades can be
//! added later by the usual import) and still counts as done.

use super::new_year::{self, key, Maps, NewClasses, Planned};
use super::{Ctx, Tell};
use crate::classes;
use crate::error::{CoreError, Result};
use crate::exchange::CellError;
use crate::rollover::{RolloverProblem, Stage, StageReport};
use crate::roster;
use crate::year;
use std::collections::HashMap;

fn row_problem(e: CellError) -> RolloverProblem {
    RolloverProblem {
        class: String::new(),
        student: format!("строка {}", e.row),
        message: if e.column.is_empty() {
            e.message
        } else {
            format!("«{}»: {}", e.column, e.message)
        },
        code: e.code.to_string(),
    }
}

pub(super) fn run(ctx: &Ctx, tell: Tell) -> Result<StageReport> {
    let mut report = StageReport::new(Stage::Arrivals);
    let Some(path) = &ctx.options.first_grades else {
        return Ok(report);
    };
    let to = ctx.to_year_id()?.ok_or(CoreError::NotFound {
        what: "Учебный год",
    })?;
    let new_year = year::detail(ctx.db, to)?.year;
    let before = classes::list(ctx.db, to, ctx.years.to_starts)?;
    let options = roster::Options {
        class: ctx.options.first_grades_class.clone(),
        create_classes: true,
        valid_only: false,
        dry_run: false,
    };
    let preview =
        roster::import_into_year(ctx.db, path, &options, &new_year, ctx.today, tell)?.preview;
    report.problems = preview.errors.into_iter().map(row_problem).collect();
    report.warnings = preview.warnings.into_iter().map(row_problem).collect();
    if !report.problems.is_empty() {
        return Ok(report);
    }
    report.created.students = preview.added as u32;
    report.created.placements = (preview.added + preview.updated) as u32;
    let after = classes::list(ctx.db, to, ctx.years.to_starts)?;
    let made: Vec<i64> = after
        .iter()
        .filter_map(|c| c.class.id)
        .filter(|id| !before.iter().any(|b| b.class.id == Some(*id)))
        .collect();
    complete_classes(ctx, to, &after, &made, &mut report)?;
    report.list(
        "Классы нового года из списка (обучающихся)",
        after
            .iter()
            .filter(|c| made.contains(&c.class.id.unwrap_or_default()))
            .map(|c| format!("{} ({})", c.label, c.total))
            .collect(),
    );
    Ok(report)
}

/// The classes the roster made get the card of last year's class of their grade (the same
/// letter first) and a curriculum from the carried templates.
fn complete_classes(
    ctx: &Ctx,
    to: i64,
    after: &[classes::ClassRow],
    made: &[i64],
    report: &mut StageReport,
) -> Result<()> {
    let old = classes::list(ctx.db, ctx.years.from.id, ctx.years.from.ends_on)?;
    let maps = Maps::read(ctx, to)?;
    for row in after
        .iter()
        .filter(|c| made.contains(&c.class.id.unwrap_or_default()))
    {
        let (grade, letter) = (row.class.grade, &row.class.letter);
        let source = old
            .iter()
            .find(|c| key(c.class.grade, &c.class.letter) == key(grade, letter))
            .or_else(|| old.iter().find(|c| c.class.grade == grade));
        let Some(source) = source else {
            continue;
        };
        let planned = Planned {
            grade,
            letter: letter.clone(),
            source,
            continues: false,
        };
        let card = classes::Class {
            id: row.class.id,
            ..new_year::card(ctx, &planned, to, &maps, report)?
        };
        classes::save(ctx.db, &card, ctx.years.to_starts)?;
    }
    report.created.classes = made.len() as u32;
    let new = NewClasses {
        by_key: HashMap::new(),
        made: made.to_vec(),
        continued: HashMap::new(),
    };
    new_year::curricula(ctx, to, &old, &new, &maps, report)
}
