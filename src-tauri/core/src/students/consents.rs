//! Consents to personal-data processing (согласия на обработку ПДн) of students and guardians,
//! and who has none in force.

use super::guardians::load_guardian;
use super::{load, Relation};
use crate::classes;
use crate::db::Db;
use crate::error::{Check, CoreError, Problem, Result};
use crate::people;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const CONSENT: &str = "Согласие";

/// A consent of a student or of a guardian (exactly one of the two ids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Consent {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number | null")]
    pub student_id: Option<i64>,
    #[ts(type = "number | null")]
    pub guardian_id: Option<i64>,
    pub given_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
    pub note: String,
}

impl Consent {
    /// In force on `on`: given by then and not withdrawn by then.
    pub fn in_force_on(&self, on: NaiveDate) -> bool {
        self.given_on.is_some_and(|g| g <= on) && self.withdrawn_on.is_none_or(|w| w > on)
    }
}

/// A student of a class, or a guardian of one, with no consent in force.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MissingConsent {
    #[ts(type = "number")]
    pub student_id: i64,
    pub student_name: String,
    #[ts(type = "number")]
    pub class_id: i64,
    pub class_label: String,
    /// Empty when it is the student's own consent that is missing.
    #[ts(type = "number | null")]
    pub guardian_id: Option<i64>,
    pub guardian_name: String,
    pub relation: Option<Relation>,
}

const CONSENT_COLUMNS: &str = "id, student_id, guardian_id, given_on, withdrawn_on, note";

fn consent_from_row(r: &Row) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: Some(r.get(0)?),
        student_id: r.get(1)?,
        guardian_id: r.get(2)?,
        given_on: r.get(3)?,
        withdrawn_on: r.get(4)?,
        note: r.get(5)?,
    })
}

fn load_consent(conn: &Connection, id: i64) -> Result<Consent> {
    conn.query_row(
        &format!("SELECT {CONSENT_COLUMNS} FROM consent WHERE id = ?1"),
        [id],
        consent_from_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: CONSENT })
}

fn consents_where(conn: &Connection, column: &str, id: i64) -> Result<Vec<Consent>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CONSENT_COLUMNS} FROM consent WHERE {column} = ?1 ORDER BY given_on, id"
    ))?;
    let rows = stmt
        .query_map([id], consent_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The student's own consents, oldest first.
pub fn student_consents(db: &Db, student_id: i64) -> Result<Vec<Consent>> {
    load(db.conn(), student_id)?;
    consents_where(db.conn(), "student_id", student_id)
}

/// A guardian's consents, oldest first.
pub fn guardian_consents(db: &Db, guardian_id: i64) -> Result<Vec<Consent>> {
    load_guardian(db.conn(), guardian_id)?;
    consents_where(db.conn(), "guardian_id", guardian_id)
}

/// A consent of exactly one person (a student or a guardian); given on a day not after `today`;
/// withdrawn, if at all, not before it was given.
pub fn save_consent(db: &Db, c: &Consent, today: NaiveDate) -> Result<Consent> {
    let conn = db.conn();
    if let Some(id) = c.id {
        load_consent(conn, id)?;
    }
    let mut check = Check::new();
    match (c.student_id, c.guardian_id) {
        (Some(s), None) => {
            load(conn, s)?;
        }
        (None, Some(g)) => {
            load_guardian(conn, g)?;
        }
        _ => check.add("student_id", Problem::ConsentOfOnePerson),
    }
    match c.given_on {
        None => check.add("given_on", Problem::Required),
        Some(g) if g > today => check.add("given_on", Problem::DateInFuture),
        Some(g) => {
            if c.withdrawn_on.is_some_and(|w| w < g) {
                check.add("withdrawn_on", Problem::EndBeforeStart);
            }
        }
    }
    check.finish()?;
    let id = db.write(|tx| {
        let values = params![
            c.student_id,
            c.guardian_id,
            c.given_on,
            c.withdrawn_on,
            c.note.trim(),
            c.id
        ];
        match c.id {
            Some(id) => {
                tx.execute(
                    "UPDATE consent SET student_id = ?1, guardian_id = ?2, given_on = ?3,
                     withdrawn_on = ?4, note = ?5 WHERE id = ?6",
                    values,
                )?;
                Ok(id)
            }
            None => {
                tx.execute(
                    "INSERT INTO consent (student_id, guardian_id, given_on, withdrawn_on, note, id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    values,
                )?;
                Ok(tx.last_insert_rowid())
            }
        }
    })?;
    load_consent(conn, id)
}

pub fn delete_consent(db: &Db, id: i64) -> Result<()> {
    let n = db
        .conn()
        .execute("DELETE FROM consent WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(CoreError::NotFound { what: CONSENT });
    }
    Ok(())
}

/// Who has no consent in force on `on`: each student studying in a class of the year that day,
/// and each guardian of such a student, by class and name (a guardian of two children is
/// listed with each).
pub fn missing_consents(
    db: &Db,
    academic_year_id: i64,
    on: NaiveDate,
) -> Result<Vec<MissingConsent>> {
    let sql = "SELECT
            EXISTS (SELECT 1 FROM consent k WHERE k.student_id = s.id AND k.given_on <= ?2
                    AND (k.withdrawn_on IS NULL OR k.withdrawn_on > ?2)),
            g.id IS NULL OR EXISTS (SELECT 1 FROM consent k WHERE k.guardian_id = g.id
                    AND k.given_on <= ?2 AND (k.withdrawn_on IS NULL OR k.withdrawn_on > ?2)),
            s.id, s.last_name, s.first_name, s.patronymic, c.id, c.grade, c.letter,
            g.id, g.last_name, g.first_name, g.patronymic, l.relation
           FROM placement p
           JOIN student s ON s.id = p.student_id
           JOIN class c ON c.id = p.class_id
           LEFT JOIN student_guardian l ON l.student_id = s.id
           LEFT JOIN guardian g ON g.id = l.guardian_id
          WHERE p.academic_year_id = ?1
            AND p.starts_on <= ?3 AND (p.left_on IS NULL OR p.left_on > ?3)
          ORDER BY c.grade, c.letter_key COLLATE RU, s.last_name COLLATE RU,
                s.first_name COLLATE RU, s.patronymic COLLATE RU, s.id,
                CASE l.relation WHEN 'mother' THEN 0 WHEN 'father' THEN 1 ELSE 2 END, g.id";
    // Who studies is judged on the day moved into the year (a year being prepared lists its
    // students from its first day); consents on the day itself.
    let studying = classes::day_in_year(db.conn(), academic_year_id, on)?;
    let mut stmt = db.conn().prepare(sql)?;
    let rows = stmt.query_map(params![academic_year_id, on, studying], |r| {
        let student_has: bool = r.get(0)?;
        let guardian_has: bool = r.get(1)?;
        let student_name = people::full_name(
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
            &r.get::<_, String>(5)?,
        );
        let guardian_id: Option<i64> = r.get(9)?;
        let guardian_name = match guardian_id {
            Some(_) => people::full_name(
                &r.get::<_, String>(10)?,
                &r.get::<_, String>(11)?,
                &r.get::<_, String>(12)?,
            ),
            None => String::new(),
        };
        let base = MissingConsent {
            student_id: r.get(2)?,
            student_name,
            class_id: r.get(6)?,
            class_label: classes::label(r.get(7)?, &r.get::<_, String>(8)?),
            guardian_id: None,
            guardian_name: String::new(),
            relation: None,
        };
        let guardian = (!guardian_has && guardian_id.is_some()).then(|| -> rusqlite::Result<_> {
            Ok(MissingConsent {
                guardian_id,
                guardian_name: guardian_name.clone(),
                relation: Some(Relation::from_code(&r.get::<_, String>(13)?)),
                ..base.clone()
            })
        });
        Ok((student_has, base, guardian.transpose()?))
    })?;
    let mut out: Vec<MissingConsent> = Vec::new();
    let mut last_student = None;
    for row in rows {
        let (student_has, base, guardian) = row?;
        // The student's own line once (rows come by student), before the student's guardians.
        if !student_has && last_student != Some(base.student_id) {
            last_student = Some(base.student_id);
            out.push(base);
        }
        out.extend(guardian);
    }
    Ok(out)
}
