//! Writing a curriculum: its head and its lines in one transaction (kept lines stay in place
//! with their ids, for the teaching load), and deleting one.

use super::check::checked;
use super::read::{load, not_found};
use super::{Curriculum, CurriculumKind, CurriculumLine};
use crate::db::Db;
use crate::error::{Result, Saved};
use crate::people;
use rusqlite::{params, Connection};

// ---------------------------------------------------------------------------------------------
// Writing

fn write_head(conn: &Connection, c: &Curriculum) -> Result<i64> {
    let grade = (c.kind == CurriculumKind::Template).then_some(c.grade);
    let class_id = (c.kind == CurriculumKind::Class)
        .then_some(c.class_id)
        .flatten();
    let values = params![
        c.academic_year_id,
        c.kind.code(),
        grade,
        c.name.trim(),
        c.profile.map(|p| p.code()),
        class_id,
        c.student_id,
        c.template_id,
        c.note.trim(),
        c.id,
    ];
    match c.id {
        Some(id) => {
            conn.execute(
                "UPDATE curriculum SET academic_year_id = ?1, kind = ?2, grade = ?3, name = ?4,
                 profile = ?5, class_id = ?6, student_id = ?7, template_id = ?8, note = ?9
                 WHERE id = ?10",
                values,
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO curriculum (academic_year_id, kind, grade, name, profile, class_id,
                 student_id, template_id, note, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Writes the lines in the order given: kept lines are updated in place (their ids stay, for
/// the teaching load), new ones inserted, the rest deleted.
fn write_lines(conn: &Connection, curriculum_id: i64, lines: &[CurriculumLine]) -> Result<()> {
    let kept: Vec<i64> = lines.iter().filter_map(|l| l.id).collect();
    let mut stmt = conn.prepare("SELECT id FROM curriculum_line WHERE curriculum_id = ?1")?;
    let stored: Vec<i64> = stmt
        .query_map([curriculum_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in stored.into_iter().filter(|id| !kept.contains(id)) {
        conn.execute("DELETE FROM curriculum_line WHERE id = ?1", [id])?;
    }
    for (position, l) in (1_i64..).zip(lines) {
        let values = params![
            curriculum_id,
            position,
            l.part.code(),
            l.subject_id,
            people::clean(&l.course),
            l.hours_first,
            l.hours_second,
            l.id,
        ];
        match l.id {
            Some(_) => conn.execute(
                "UPDATE curriculum_line SET curriculum_id = ?1, position = ?2, part = ?3,
                 subject_id = ?4, course = ?5, hours_first = ?6, hours_second = ?7 WHERE id = ?8",
                values,
            )?,
            None => conn.execute(
                "INSERT INTO curriculum_line (curriculum_id, position, part, subject_id, course,
                 hours_first, hours_second, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                values,
            )?,
        };
    }
    Ok(())
}

pub(super) fn write(conn: &Connection, c: &Curriculum) -> Result<i64> {
    let id = write_head(conn, c)?;
    write_lines(conn, id, &c.lines)?;
    Ok(id)
}

/// Validates the whole curriculum (all field errors at once), then writes it with its lines in
/// one transaction. Warnings: the weekly hours of a half-year above the sanitary maximum.
pub fn save(db: &Db, c: &Curriculum) -> Result<Saved<Curriculum>> {
    let conn = db.conn();
    let (head, warnings) = checked(conn, c)?;
    let id = db.write(|tx| write(tx, &head))?;
    Ok(Saved {
        value: load(conn, id)?,
        warnings,
    })
}

/// Deletes a curriculum with its lines. The class curricula copied from a deleted template
/// keep their lines; a student whose individual curriculum is deleted follows the class's.
pub fn delete(db: &Db, id: i64) -> Result<()> {
    let n = db.write(|tx| Ok(tx.execute("DELETE FROM curriculum WHERE id = ?1", [id])?))?;
    if n == 0 {
        return Err(not_found());
    }
    Ok(())
}
