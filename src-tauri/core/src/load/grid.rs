//! The load grid the screen edits: subjects as rows, classes as columns, each cell with its
//! units and their teachers; and the staff who can be chosen for a cell.

use super::read::{sum_hours, StoredLoad, YearLoad};
use super::{CellLoad, GridCell, GridRow, GridUnit, LoadGrid, LoadUnit, TeacherOption};
use crate::curriculum::ClassHours;
use crate::db::Db;
use crate::error::Result;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The grid: a row per subject (and course) of each part of the year's class curricula, a
/// column per class, in each cell the units with their teachers.
pub fn grid(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<LoadGrid> {
    let year = YearLoad::read(db, academic_year_id, on)?;
    let by_unit = year.loads_by_unit();
    let column = |class_id: i64| year.classes.iter().position(|c| c.id == class_id);
    let mut rows: BTreeMap<(usize, i64, String), GridRow> = BTreeMap::new();
    for line in &year.lines {
        let Some(col) = column(line.class_id) else {
            continue;
        };
        let row = rows.entry(year.row_key(line)).or_insert_with(|| GridRow {
            part: line.part,
            subject_id: line.subject_id,
            label: line.label.clone(),
            cells: vec![None; year.classes.len()],
        });
        row.cells[col] = Some(grid_cell(&year, &by_unit, line));
    }
    Ok(LoadGrid {
        academic_year_id,
        classes: year.classes.clone(),
        rows: rows.into_values().collect(),
    })
}

fn grid_cell(
    year: &YearLoad,
    by_unit: &BTreeMap<LoadUnit, Vec<&StoredLoad>>,
    line: &ClassHours,
) -> GridCell {
    let subgroups = year.subgroups_of(line);
    let units: Vec<GridUnit> = year
        .units_of(line)
        .into_iter()
        .map(|(unit, subgroup_name)| {
            let loads = by_unit.get(&unit).map_or(&[][..], |v| v.as_slice());
            let (assigned_first, assigned_second) = sum_hours(loads.iter().copied());
            let subgroup = subgroups.iter().find(|g| Some(g.id) == unit.subgroup_id);
            GridUnit {
                unit,
                subgroup_name,
                shared_with: year.shared_with(line.class_id, subgroup),
                loads: loads
                    .iter()
                    .map(|l| CellLoad {
                        id: l.id,
                        staff_member_id: l.staff_member_id,
                        teacher: year.teacher_short(l.staff_member_id),
                        hours_first: l.hours_first,
                        hours_second: l.hours_second,
                    })
                    .collect(),
                assigned_first,
                assigned_second,
            }
        })
        .collect();
    let complete = units
        .iter()
        .all(|u| u.assigned_first == line.hours_first && u.assigned_second == line.hours_second);
    GridCell {
        line_id: line.line_id,
        hours_first: line.hours_first,
        hours_second: line.hours_second,
        units,
        complete,
    }
}

/// The staff working on `on` who can be given load, pedagogical first, with their hours so far.
pub fn teacher_options(
    db: &Db,
    academic_year_id: i64,
    on: NaiveDate,
) -> Result<Vec<TeacherOption>> {
    let year = YearLoad::read(db, academic_year_id, on)?;
    let mut out: Vec<TeacherOption> = year
        .teachers
        .iter()
        .filter(|(_, t)| t.is_current)
        .map(|(&id, t)| {
            let (hours_first, hours_second) =
                sum_hours(year.loads.iter().filter(|l| l.staff_member_id == id));
            TeacherOption {
                staff_member_id: id,
                short_name: t.short_name.clone(),
                full_name: t.full_name.clone(),
                is_pedagogical: t.pedagogical_rate > 0.0,
                hours_first,
                hours_second,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.is_pedagogical
            .cmp(&a.is_pedagogical)
            .then_with(|| crate::db::compare_ru(&a.full_name, &b.full_name))
    });
    Ok(out)
}
