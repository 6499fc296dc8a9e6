//! What the grid does when teachers are typed, pasted, cut or cleared in its cells: a unit's
//! load becomes one teacher with all its hours, or nothing, one unit or a whole block in one
//! change.

use super::read::get;
use super::save::{save_in, target_line, teacher_warnings_of};
use super::{LoadInput, LoadLine, LoadUnit};
use crate::db::Db;
use crate::error::{CoreError, Result, Saved};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The load lines on a unit (for a joint subgroup, its one line covering every class).
fn loads_of_unit(conn: &Connection, unit: LoadUnit) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id FROM teaching_load t JOIN teaching_load_line x ON x.teaching_load_id = t.id
          WHERE x.curriculum_line_id = ?1 AND +t.subgroup_id IS ?2 ORDER BY t.id",
    )?;
    let ids = stmt
        .query_map(params![unit.line_id, unit.subgroup_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// What a grid cell does when a teacher is typed into it: the unit's load becomes that teacher
/// with all of the line's hours (the load line keeps its id when there was one); None clears
/// the unit. One change.
pub fn assign(
    db: &Db,
    unit: LoadUnit,
    staff_member_id: Option<i64>,
    on: NaiveDate,
) -> Result<Saved<Option<LoadLine>>> {
    let id = db.write(|conn| assign_in(conn, unit, staff_member_id, on))?;
    match id {
        Some(id) => {
            let value = get(db, id, on)?;
            let warnings =
                teacher_warnings_of(db, value.academic_year_id, value.staff_member_id, on)?;
            Ok(Saved {
                value: Some(value),
                warnings,
            })
        }
        None => Ok(Saved {
            value: None,
            warnings: Vec::new(),
        }),
    }
}

/// One unit of a block of cells pasted, cut or cleared in the grid: the teacher it gets with
/// all of its hours, or None to clear it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitAssignment {
    pub unit: LoadUnit,
    #[ts(type = "number | null")]
    pub staff_member_id: Option<i64>,
}

/// A block of cells pasted, cut or cleared: each unit as `assign` does it, in one transaction
/// (a refused unit and nothing is changed). The value is the number of units; the warnings
/// are those of every teacher given hours, once each.
pub fn assign_many(db: &Db, block: &[UnitAssignment], on: NaiveDate) -> Result<Saved<usize>> {
    let ids = db.write(|conn| {
        block
            .iter()
            .map(|a| assign_in(conn, a.unit, a.staff_member_id, on))
            .collect::<Result<Vec<_>>>()
    })?;
    let mut warnings = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in ids.into_iter().flatten() {
        let line = get(db, id, on)?;
        if seen.insert(line.staff_member_id) {
            warnings.extend(teacher_warnings_of(
                db,
                line.academic_year_id,
                line.staff_member_id,
                on,
            )?);
        }
    }
    Ok(Saved {
        value: block.len(),
        warnings,
    })
}

/// `assign` inside a transaction: the id of the unit's load line, None when cleared.
fn assign_in(
    conn: &Connection,
    unit: LoadUnit,
    staff_member_id: Option<i64>,
    on: NaiveDate,
) -> Result<Option<i64>> {
    let existing = loads_of_unit(conn, unit)?;
    let keep = existing
        .first()
        .copied()
        .filter(|_| staff_member_id.is_some());
    for id in existing.iter().filter(|&&id| Some(id) != keep) {
        conn.execute("DELETE FROM teaching_load WHERE id = ?1", [id])?;
    }
    let Some(teacher) = staff_member_id else {
        // A unit that is not a class line is refused even when clearing.
        target_line(conn, unit.line_id)?;
        return Ok(None);
    };
    let (hours_first, hours_second): (f64, f64) = conn
        .query_row(
            "SELECT hours_first, hours_second FROM curriculum_line WHERE id = ?1",
            [unit.line_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Строка учебного плана",
        })?;
    let input = LoadInput {
        id: keep,
        line_id: unit.line_id,
        subgroup_id: unit.subgroup_id,
        staff_member_id: teacher,
        hours_first,
        hours_second,
    };
    save_in(conn, &input, on).map(Some)
}
