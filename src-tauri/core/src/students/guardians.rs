//! Guardians (родители, законные представители): one record shared by siblings, linked to each
//! child with a relation.

use super::{load, row_from_row, Relation, StudentRow, ROW_COLUMNS};
use crate::db::Db;
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::people;
use crate::validate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const GUARDIAN: &str = "Законный представитель";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guardian {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    pub phone: String,
    pub phone_extra: String,
    pub email: String,
    /// Needed for the guardian's access to the electronic diary.
    pub snils: String,
    pub address: String,
    /// Place of work and anything else.
    pub note: String,
    /// Read-only: how many students the guardian is linked to; ignored on save.
    #[serde(default)]
    pub children: i32,
}

impl Guardian {
    pub fn full_name(&self) -> String {
        people::full_name(&self.last_name, &self.first_name, &self.patronymic)
    }
}

/// A guardian as one student's: the record and the relation to this student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StudentGuardian {
    pub guardian: Guardian,
    pub relation: Relation,
}

const GUARDIAN_COLUMNS: &str = "g.id, g.last_name, g.first_name, g.patronymic, g.phone,
    g.phone_extra, g.email, g.snils, g.address, g.note,
    (SELECT count(*) FROM student_guardian l WHERE l.guardian_id = g.id)";

fn guardian_from_row(r: &Row) -> rusqlite::Result<Guardian> {
    Ok(Guardian {
        id: Some(r.get(0)?),
        last_name: r.get(1)?,
        first_name: r.get(2)?,
        patronymic: r.get(3)?,
        phone: r.get(4)?,
        phone_extra: r.get(5)?,
        email: r.get(6)?,
        snils: r.get(7)?,
        address: r.get(8)?,
        note: r.get(9)?,
        children: r.get(10)?,
    })
}

pub(super) fn load_guardian(conn: &Connection, id: i64) -> Result<Guardian> {
    conn.query_row(
        &format!("SELECT {GUARDIAN_COLUMNS} FROM guardian g WHERE g.id = ?1"),
        [id],
        guardian_from_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: GUARDIAN })
}

pub fn get_guardian(db: &Db, id: i64) -> Result<Guardian> {
    load_guardian(db.conn(), id)
}

/// The student's guardians with their relation: mothers and fathers first, then by name.
pub fn guardians_of(db: &Db, student_id: i64) -> Result<Vec<StudentGuardian>> {
    let conn = db.conn();
    load(conn, student_id)?;
    let sql = format!(
        "SELECT {GUARDIAN_COLUMNS}, l.relation FROM student_guardian l
           JOIN guardian g ON g.id = l.guardian_id
          WHERE l.student_id = ?1
          ORDER BY CASE l.relation WHEN 'mother' THEN 0 WHEN 'father' THEN 1 ELSE 2 END,
                g.last_name COLLATE RU, g.first_name COLLATE RU, g.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([student_id], |r| {
            Ok(StudentGuardian {
                guardian: guardian_from_row(r)?,
                relation: Relation::from_code(&r.get::<_, String>(11)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The students a guardian is linked to (siblings share one guardian record).
pub fn children_of(db: &Db, guardian_id: i64) -> Result<Vec<StudentRow>> {
    load_guardian(db.conn(), guardian_id)?;
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM student_guardian l
           JOIN student s ON s.id = l.student_id
           {}
          WHERE l.guardian_id = ?1
          ORDER BY s.birth_date, s.id",
        super::current_placement_join()
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map([guardian_id], row_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Guardians whose name contains the text (up to case and «ё»), or whose phone or SNILS holds
/// its digits: to link a sibling's guardian instead of typing the person again.
pub fn find_guardians(db: &Db, text: &str) -> Result<Vec<Guardian>> {
    let key = crate::db::ru_key(&people::clean(text));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {GUARDIAN_COLUMNS} FROM guardian g
          ORDER BY g.last_name COLLATE RU, g.first_name COLLATE RU, g.patronymic COLLATE RU, g.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let all = stmt
        .query_map([], guardian_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let only_digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    Ok(all
        .into_iter()
        .filter(|g| {
            crate::db::ru_key(&g.full_name()).contains(&key)
                || (digits.len() >= 4
                    && (only_digits(&g.phone).contains(&digits)
                        || only_digits(&g.phone_extra).contains(&digits)
                        || only_digits(&g.snils).contains(&digits)))
        })
        .collect())
}

fn check_guardian(conn: &Connection, g: &Guardian) -> Result<Vec<Warning>> {
    if let Some(id) = g.id {
        load_guardian(conn, id)?;
    }
    let mut check = Check::new();
    let mut warnings = Vec::new();
    people::check_names(
        &mut check,
        &mut warnings,
        &g.last_name,
        &g.first_name,
        &g.patronymic,
    );
    check.field("email", validate::optional(&g.email, validate::email));
    people::check_snils(&mut check, &g.snils);
    if !check.has("snils") && !g.snils.trim().is_empty() {
        let other: Option<String> = conn
            .query_row(
                "SELECT last_name || ' ' || first_name || ' ' || patronymic FROM guardian
                 WHERE snils = ?1 AND id IS NOT ?2",
                params![validate::format_snils(&g.snils), g.id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = other {
            check.add(
                "snils",
                Problem::DuplicateSnils {
                    name: people::clean(&name),
                },
            );
        }
    }
    check.finish()?;
    Ok(warnings)
}

fn write_guardian(conn: &Connection, g: &Guardian) -> Result<i64> {
    let values = params![
        people::clean(&g.last_name),
        people::clean(&g.first_name),
        people::clean(&g.patronymic),
        g.phone.trim(),
        g.phone_extra.trim(),
        g.email.trim(),
        validate::format_snils(&g.snils),
        g.address.trim(),
        g.note.trim(),
        g.id,
    ];
    match g.id {
        Some(id) => {
            conn.execute(
                "UPDATE guardian SET last_name = ?1, first_name = ?2, patronymic = ?3, phone = ?4,
                 phone_extra = ?5, email = ?6, snils = ?7, address = ?8, note = ?9 WHERE id = ?10",
                values,
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO guardian (last_name, first_name, patronymic, phone, phone_extra,
                 email, snils, address, note, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Names required and well-formed, e-mail and SNILS valid, SNILS not another guardian's (a
/// sibling's guardian is linked, not typed again).
pub fn save_guardian(db: &Db, g: &Guardian) -> Result<Saved<Guardian>> {
    let warnings = check_guardian(db.conn(), g)?;
    let id = db.write(|tx| write_guardian(tx, g))?;
    Ok(Saved {
        value: load_guardian(db.conn(), id)?,
        warnings,
    })
}

fn write_link(
    conn: &Connection,
    student_id: i64,
    guardian_id: i64,
    relation: Relation,
) -> Result<()> {
    conn.execute(
        "INSERT INTO student_guardian (student_id, guardian_id, relation) VALUES (?1, ?2, ?3)
         ON CONFLICT (student_id, guardian_id) DO UPDATE SET relation = excluded.relation",
        params![student_id, guardian_id, relation.code()],
    )?;
    Ok(())
}

/// Links an existing guardian to the student (or changes the relation of a link).
pub fn link_guardian(db: &Db, student_id: i64, guardian_id: i64, relation: Relation) -> Result<()> {
    let conn = db.conn();
    load(conn, student_id)?;
    load_guardian(conn, guardian_id)?;
    db.write(|tx| write_link(tx, student_id, guardian_id, relation))
}

/// Saves the guardian (new or changed) and links it to the student, in one transaction.
pub fn save_student_guardian(
    db: &Db,
    student_id: i64,
    sg: &StudentGuardian,
) -> Result<Saved<StudentGuardian>> {
    let conn = db.conn();
    load(conn, student_id)?;
    let warnings = check_guardian(conn, &sg.guardian)?;
    let id = db.write(|tx| {
        let id = write_guardian(tx, &sg.guardian)?;
        write_link(tx, student_id, id, sg.relation)?;
        Ok(id)
    })?;
    Ok(Saved {
        value: StudentGuardian {
            guardian: load_guardian(conn, id)?,
            relation: sg.relation,
        },
        warnings,
    })
}

/// Removes the link; the guardian record stays (it may be a sibling's, and is kept for history).
pub fn unlink_guardian(db: &Db, student_id: i64, guardian_id: i64) -> Result<()> {
    let n = db.conn().execute(
        "DELETE FROM student_guardian WHERE student_id = ?1 AND guardian_id = ?2",
        [student_id, guardian_id],
    )?;
    if n == 0 {
        return Err(CoreError::NotFound { what: GUARDIAN });
    }
    Ok(())
}

/// Deletes a guardian with the links and the guardian's consents.
pub fn delete_guardian(db: &Db, id: i64) -> Result<()> {
    load_guardian(db.conn(), id)?;
    db.write(|tx| {
        tx.execute("DELETE FROM guardian WHERE id = ?1", [id])?;
        Ok(())
    })
}
