//! Stage 4, «Тематическое планирование»: last year's thematic plans copied to this year's
//! classes of the same grade and subject (the class of the same letter's plan first, as
//! [`thematic_plans::copy_from_last_year`] takes it) where the hours match the new curriculum;
//! the plans whose hours differ are listed with the difference, to be copied by hand and
//! adjusted. A class that has its plan already keeps it.

use super::{Ctx, Tell};
use crate::classes;
use crate::curriculum;
use crate::error::{CoreError, Result};
use crate::rollover::{Stage, StageReport};
use crate::thematic_plans::{self, PlanKey};
use std::collections::{HashMap, HashSet};

/// The plans of a year as (grade, subject, class).
fn plans_of(conn: &rusqlite::Connection, year_id: i64) -> Result<Vec<(i32, i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT k.grade, p.subject_id, p.class_id FROM thematic_plan p
           JOIN class k ON k.id = p.class_id WHERE p.academic_year_id = ?1",
    )?;
    let rows = stmt
        .query_map([year_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The refusal of a copy whose hours differ from the curriculum's (`Problem::PlanHoursDiffer`).
const HOURS_DIFFER: &str = "plan_hours_differ";

pub(super) fn run(ctx: &Ctx, tell: Tell) -> Result<StageReport> {
    let mut report = StageReport::new(Stage::Plans);
    let to = ctx.to_year_id()?.ok_or(CoreError::NotFound {
        what: "Учебный год",
    })?;
    let conn = ctx.db.conn();
    let last_year: HashSet<(i32, i64)> = plans_of(conn, ctx.years.from.id)?
        .into_iter()
        .map(|(grade, subject, _)| (grade, subject))
        .collect();
    let this_year: HashSet<(i64, i64)> = plans_of(conn, to)?
        .into_iter()
        .map(|(_, subject, class)| (class, subject))
        .collect();
    let classes: HashMap<i64, (i32, String)> = classes::list(ctx.db, to, ctx.years.to_starts)?
        .into_iter()
        .map(|c| (c.class.id.unwrap_or_default(), (c.class.grade, c.label)))
        .collect();
    let mut keys: Vec<((i64, i64), String, String)> = Vec::new();
    for line in curriculum::class_hours(ctx.db, to)? {
        let (Some(subject), Some((grade, label))) = (line.subject_id, classes.get(&line.class_id))
        else {
            continue;
        };
        let key = (line.class_id, subject);
        if last_year.contains(&(*grade, subject))
            && !this_year.contains(&key)
            && !keys.iter().any(|(k, ..)| *k == key)
        {
            keys.push((key, label.clone(), line.label.clone()));
        }
    }
    let mut differ = Vec::new();
    for (i, ((class_id, subject_id), label, subject)) in keys.iter().enumerate() {
        tell(i, keys.len());
        let key = PlanKey {
            class_id: *class_id,
            subgroup_id: None,
            subject_id: *subject_id,
        };
        match thematic_plans::copy_from_last_year(ctx.db, key, false) {
            Ok(_) => report.created.thematic_plans += 1,
            Err(CoreError::Refused(e)) if e.code == HOURS_DIFFER => {
                differ.push(format!("{label}, {subject}: {}", e.message));
            }
            Err(CoreError::Refused(e)) => report.warnings.push(crate::rollover::RolloverProblem {
                class: label.clone(),
                student: String::new(),
                message: format!("{subject}: {}", e.message),
                code: e.code,
            }),
            Err(e) => return Err(e),
        }
    }
    tell(keys.len(), keys.len());
    report.list(
        "Не скопированы: часы плана и учебного плана расходятся",
        differ,
    );
    Ok(report)
}
