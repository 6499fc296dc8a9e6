//! The sanitary reference data the timetable is checked against (СанПиН 1.2.3685-21): lessons
//! a day by grade (table 6.6) and the difficulty scale of subjects (tables 6.9–6.11). Seeded by
//! migration 0006, editable: a school may be told other figures by its inspector.

use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Lessons a day for a grade: `max_lessons`, or `max_with_pe` on at most `pe_days` days a week
/// when one of that day's lessons is physical education.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DailyLimit {
    pub grade: i32,
    pub max_lessons: i32,
    pub max_with_pe: Option<i32>,
    pub pe_days: i32,
    /// «один раз в неделю 5 уроков за счёт урока физической культуры».
    pub exception: String,
    /// «СанПиН 1.2.3685-21, табл. 6.6».
    pub source: String,
}

/// A subject's score on the difficulty scale in a grade. `subject_pattern` is a subject name
/// (compared up to case and «ё»); ending in «*» it matches every name starting with the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SubjectDifficulty {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub subject_pattern: String,
    pub grade: i32,
    pub score: i32,
    pub source: String,
    /// Which row of the table a today's subject was mapped to.
    pub note: String,
}

pub(crate) fn read_limits(conn: &Connection) -> Result<HashMap<i32, DailyLimit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT grade, max_lessons, max_with_pe, pe_days, exception, source
           FROM sanitary_daily_limit ORDER BY grade",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                DailyLimit {
                    grade: r.get(0)?,
                    max_lessons: r.get(1)?,
                    max_with_pe: r.get(2)?,
                    pe_days: r.get(3)?,
                    exception: r.get(4)?,
                    source: r.get(5)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn read_difficulty(conn: &Connection) -> Result<Vec<SubjectDifficulty>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, subject_pattern, grade, score, source, note FROM subject_difficulty
          ORDER BY grade, score DESC, subject_pattern COLLATE RU",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(SubjectDifficulty {
                id: r.get(0)?,
                subject_pattern: r.get(1)?,
                grade: r.get(2)?,
                score: r.get(3)?,
                source: r.get(4)?,
                note: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Lessons a day by grade.
pub fn daily_limits(db: &Db) -> Result<Vec<DailyLimit>> {
    let mut list: Vec<DailyLimit> = read_limits(db.conn())?.into_values().collect();
    list.sort_by_key(|l| l.grade);
    Ok(list)
}

/// Changes the lessons a day of one grade.
pub fn save_daily_limit(db: &Db, limit: &DailyLimit) -> Result<DailyLimit> {
    let mut check = Check::new();
    if !(1..=12).contains(&limit.grade) {
        check.add("grade", Problem::NotInRange { min: 1, max: 12 });
    }
    if !(1..=12).contains(&limit.max_lessons) {
        check.add("max_lessons", Problem::NotInRange { min: 1, max: 12 });
    }
    if let Some(m) = limit.max_with_pe {
        if !(limit.max_lessons..=12).contains(&m) {
            let min = i64::from(limit.max_lessons);
            check.add("max_with_pe", Problem::NotInRange { min, max: 12 });
        }
    }
    if !(0..=6).contains(&limit.pe_days) {
        check.add("pe_days", Problem::NotInRange { min: 0, max: 6 });
    }
    check.finish()?;
    db.write(|conn| {
        let n = conn.execute(
            "UPDATE sanitary_daily_limit SET max_lessons = ?2, max_with_pe = ?3, pe_days = ?4,
                    exception = ?5, source = ?6 WHERE grade = ?1",
            params![
                limit.grade,
                limit.max_lessons,
                limit.max_with_pe,
                limit.pe_days,
                limit.exception.trim(),
                limit.source.trim()
            ],
        )?;
        if n == 0 {
            return Err(CoreError::NotFound {
                what: "Норма уроков в день",
            });
        }
        Ok(())
    })?;
    Ok(read_limits(db.conn())?[&limit.grade].clone())
}

/// The difficulty scale, by grade.
pub fn difficulties(db: &Db) -> Result<Vec<SubjectDifficulty>> {
    read_difficulty(db.conn())
}

/// Adds (no id) or changes a score of the scale.
pub fn save_difficulty(db: &Db, d: &SubjectDifficulty) -> Result<SubjectDifficulty> {
    let mut check = Check::new();
    let pattern = d.subject_pattern.trim();
    if pattern.trim_end_matches('*').trim().is_empty() {
        check.add("subject_pattern", Problem::Required);
    }
    if !(1..=12).contains(&d.grade) {
        check.add("grade", Problem::NotInRange { min: 1, max: 12 });
    }
    if !(0..=20).contains(&d.score) {
        check.add("score", Problem::NotInRange { min: 0, max: 20 });
    }
    let taken = db
        .conn()
        .query_row(
            "SELECT id FROM subject_difficulty WHERE subject_pattern = ?1 AND grade = ?2
                AND id IS NOT ?3",
            params![pattern, d.grade, d.id],
            |r| r.get::<_, i64>(0),
        )
        .optional()?;
    if taken.is_some() {
        check.add(
            "subject_pattern",
            Problem::DuplicateName {
                name: pattern.to_string(),
            },
        );
    }
    check.finish()?;
    let id = db.write(|conn| match d.id {
        None => {
            conn.execute(
                "INSERT INTO subject_difficulty (subject_pattern, grade, score, source, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![pattern, d.grade, d.score, d.source.trim(), d.note.trim()],
            )?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            let n = conn.execute(
                "UPDATE subject_difficulty SET subject_pattern = ?2, grade = ?3, score = ?4,
                        source = ?5, note = ?6 WHERE id = ?1",
                params![
                    id,
                    pattern,
                    d.grade,
                    d.score,
                    d.source.trim(),
                    d.note.trim()
                ],
            )?;
            if n == 0 {
                return Err(CoreError::NotFound {
                    what: "Балл трудности",
                });
            }
            Ok(id)
        }
    })?;
    read_difficulty(db.conn())?
        .into_iter()
        .find(|x| x.id == Some(id))
        .ok_or(CoreError::NotFound {
            what: "Балл трудности",
        })
}

pub fn delete_difficulty(db: &Db, id: i64) -> Result<()> {
    db.write(|conn| {
        if conn.execute("DELETE FROM subject_difficulty WHERE id = ?1", [id])? == 0 {
            return Err(CoreError::NotFound {
                what: "Балл трудности",
            });
        }
        Ok(())
    })
}

/// How well `pattern` names the subject `key` (folded): the pattern's length when it matches,
/// so that the most specific pattern wins («Иностранный язык (немецкий)» over «Иностранный язык*»).
fn matches(pattern: &str, key: &str) -> Option<usize> {
    let p = ru_key(pattern.trim());
    match p.strip_suffix('*') {
        Some(prefix) if key.starts_with(prefix.trim_end()) => Some(prefix.len()),
        None if p == key => Some(p.len() + 1),
        _ => None,
    }
}

/// The score of a subject (by name) in a grade; None when the scale has no row for it.
pub fn score(scale: &[SubjectDifficulty], subject: &str, grade: i32) -> Option<i32> {
    let key = ru_key(subject.trim());
    scale
        .iter()
        .filter(|d| d.grade == grade)
        .filter_map(|d| matches(&d.subject_pattern, &key).map(|m| (m, d.score)))
        .max_by_key(|(m, _)| *m)
        .map(|(_, s)| s)
}

/// True for physical education: the lesson that allows one longer day in grades 1–4.
pub(crate) fn is_physical_education(subject: &str) -> bool {
    ru_key(subject).starts_with("физическая культура")
}
