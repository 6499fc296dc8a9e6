//! The positions reference (должности): pre-filled, the user may add more; one in use stays.

use super::{StaffPosition, POSITION};
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result};
use crate::people;
use rusqlite::{params, Connection, OptionalExtension, Row};

fn position_from_row(r: &Row) -> rusqlite::Result<StaffPosition> {
    Ok(StaffPosition {
        id: Some(r.get(0)?),
        name: r.get(1)?,
        is_pedagogical: r.get(2)?,
        sort_order: r.get(3)?,
        uses: r.get(4)?,
    })
}

const POSITION_SELECT: &str = "SELECT p.id, p.name, p.is_pedagogical, p.sort_order,
    (SELECT count(*) FROM appointment a WHERE a.staff_position_id = p.id) FROM staff_position p";

/// The positions reference in its order.
pub fn positions(db: &Db) -> Result<Vec<StaffPosition>> {
    let sql = format!("{POSITION_SELECT} ORDER BY p.sort_order, p.name COLLATE RU, p.id");
    let mut stmt = db.conn().prepare(&sql)?;
    let list = stmt
        .query_map([], position_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

pub(super) fn load_position(conn: &Connection, id: i64) -> Result<StaffPosition> {
    conn.query_row(
        &format!("{POSITION_SELECT} WHERE p.id = ?1"),
        [id],
        position_from_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: POSITION })
}

pub fn get_position(db: &Db, id: i64) -> Result<StaffPosition> {
    load_position(db.conn(), id)
}

/// The position named so (up to spaces, case and «ё»), for an import to match a cell.
pub fn find_position(db: &Db, name: &str) -> Result<Option<StaffPosition>> {
    let key = ru_key(&people::clean(name));
    Ok(positions(db)?.into_iter().find(|p| ru_key(&p.name) == key))
}

/// Name required and unique up to spaces, case and «ё».
pub fn save_position(db: &Db, p: &StaffPosition) -> Result<StaffPosition> {
    let conn = db.conn();
    if let Some(id) = p.id {
        load_position(conn, id)?;
    }
    let name = people::clean(&p.name);
    let mut check = Check::new();
    if name.is_empty() {
        check.add("name", Problem::Required);
    } else if positions(db)?
        .iter()
        .any(|o| o.id != p.id && ru_key(&o.name) == ru_key(&name))
    {
        check.add("name", Problem::DuplicateName { name: name.clone() });
    }
    check.finish()?;
    let id = db.write(|tx| match p.id {
        Some(id) => {
            tx.execute(
                "UPDATE staff_position SET name = ?1, is_pedagogical = ?2, sort_order = ?3
                 WHERE id = ?4",
                params![name, p.is_pedagogical, p.sort_order, id],
            )?;
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO staff_position (name, is_pedagogical, sort_order) VALUES (?1, ?2, ?3)",
                params![name, p.is_pedagogical, p.sort_order],
            )?;
            Ok(tx.last_insert_rowid())
        }
    })?;
    load_position(conn, id)
}

/// Deletes a position nobody holds or held; one in use is refused.
pub fn delete_position(db: &Db, id: i64) -> Result<()> {
    let p = load_position(db.conn(), id)?;
    if p.uses > 0 {
        return Err(CoreError::refused(
            "uses",
            Problem::PositionInUse {
                uses: p.uses.into(),
            },
        ));
    }
    db.conn()
        .execute("DELETE FROM staff_position WHERE id = ?1", [id])?;
    Ok(())
}
