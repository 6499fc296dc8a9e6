//! Closing a period («закрытие периода»): afterwards the core refuses any change of that
//! period's marks and absences for the class, from the screen, an import or the CLI alike.
//! Reopening is an explicit act with a reason; both are kept in `period_closure_event`.

use super::{
    class_info, class_period, class_periods, classes_with_period, ensure_marked, sheet, MarkCounts,
    Period, PeriodInfo, PeriodKind,
};
use crate::db::Db;
use crate::error::{CoreError, Problem, Result};
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// When the class's period was closed, `None` while it is open.
pub(crate) fn closed_at(
    conn: &Connection,
    class_id: i64,
    period: Period,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT closed_at FROM period_closure
              WHERE class_id = ?1 AND period_kind = ?2 AND coalesce(term_id, 0) = ?3",
        )?
        .query_row(
            params![class_id, period.kind.code(), period.term_id.unwrap_or(0)],
            |r| r.get(0),
        )
        .optional()?)
}

fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

fn record(
    conn: &Connection,
    class_id: i64,
    period: Period,
    action: &str,
    at: NaiveDateTime,
    reason: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO period_closure_event (class_id, period_kind, term_id, action, at, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            class_id,
            period.kind.code(),
            period.term_id,
            action,
            stamp(at),
            reason
        ],
    )?;
    Ok(())
}

/// Closes the class's period; closing a closed one changes nothing. Gives whether it closed now.
pub fn close(db: &Db, class_id: i64, period: Period, at: NaiveDateTime) -> Result<bool> {
    db.write(|conn| {
        let class = class_info(conn, class_id)?;
        ensure_marked(&class)?;
        let info = class_period(conn, &class, period)?;
        if info.closed_at.is_some() {
            return Ok(false);
        }
        conn.execute(
            "INSERT INTO period_closure (class_id, period_kind, term_id, closed_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![class_id, period.kind.code(), period.term_id, stamp(at)],
        )?;
        record(conn, class_id, period, "close", at, "")?;
        Ok(true)
    })
}

/// Reopens a closed period of the class, recording the reason (required) and the date.
pub fn reopen(
    db: &Db,
    class_id: i64,
    period: Period,
    reason: &str,
    at: NaiveDateTime,
) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::refused("reason", Problem::Required));
    }
    db.write(|conn| {
        let class = class_info(conn, class_id)?;
        let info = class_period(conn, &class, period)?;
        if info.closed_at.is_none() {
            return Err(CoreError::refused(
                "period",
                Problem::PeriodNotClosed {
                    period: info.name,
                    class: class.label,
                },
            ));
        }
        conn.execute(
            "DELETE FROM period_closure
              WHERE class_id = ?1 AND period_kind = ?2 AND coalesce(term_id, 0) = ?3",
            params![class_id, period.kind.code(), period.term_id.unwrap_or(0)],
        )?;
        record(conn, class_id, period, "reopen", at, reason)
    })
}

/// What a whole-school closing did: the classes closed now and those already closed («5 А»).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClosedClasses {
    pub closed: Vec<String>,
    pub already: Vec<String>,
}

/// What closing a period for the whole school would close, for the question asked first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CloseSummary {
    /// Classes where the period is open: closing closes these («5 А»).
    pub classes: Vec<String>,
    /// Classes where it is closed already.
    pub already: Vec<String>,
    /// The marks of the classes to close, summed.
    pub marks: MarkCounts,
    /// Of the classes to close, those with marks missing.
    pub incomplete: Vec<String>,
}

/// What [`close_school`] of the period named `name` would close, and the marks of those classes
/// (missing, «2», «н/а»); refused like it when no class has the period.
pub fn school_summary(db: &Db, academic_year_id: i64, name: &str) -> Result<CloseSummary> {
    let mut summary = CloseSummary {
        classes: Vec::new(),
        already: Vec::new(),
        marks: MarkCounts::default(),
        incomplete: Vec::new(),
    };
    for (class_id, info) in school_classes(db, academic_year_id, name)? {
        let sheet = sheet(db, class_id, info.period)?;
        if info.closed_at.is_some() {
            summary.already.push(sheet.class_label);
            continue;
        }
        let marks = &sheet.stats.class.counts.marks;
        summary.marks.add(marks);
        if marks.missing > 0 {
            summary.incomplete.push(sheet.class_label.clone());
        }
        summary.classes.push(sheet.class_label);
    }
    Ok(summary)
}

/// The classes of the year that have the period named `name`; refused when none has it.
fn school_classes(db: &Db, academic_year_id: i64, name: &str) -> Result<Vec<(i64, PeriodInfo)>> {
    let list = classes_with_period(db, academic_year_id, name)?;
    if list.is_empty() {
        return Err(CoreError::refused(
            "period",
            Problem::UnknownPeriod {
                name: name.to_string(),
                known: "названия четвертей, триместров, полугодий; «год»".into(),
            },
        ));
    }
    Ok(list)
}

/// Closes the period named `name` («1 четверть») for every class of the year that has it
/// (grade 2 up), in one transaction.
pub fn close_school(
    db: &Db,
    academic_year_id: i64,
    name: &str,
    at: NaiveDateTime,
) -> Result<ClosedClasses> {
    let list = school_classes(db, academic_year_id, name)?;
    db.write(|conn| {
        let mut done = ClosedClasses {
            closed: Vec::new(),
            already: Vec::new(),
        };
        for (class_id, info) in list {
            let label = class_info(conn, class_id)?.label;
            if close(db, class_id, info.period, at)? {
                done.closed.push(label);
            } else {
                done.already.push(label);
            }
        }
        Ok(done)
    })
}

/// Closes every open period of every class of the year that has marks (grade 2 up), in one
/// transaction: what happens to a year once a later one is made current. Gives how many
/// periods it closed.
pub fn close_year(db: &Db, academic_year_id: i64, at: NaiveDateTime) -> Result<usize> {
    db.write(|conn| {
        let mut stmt =
            conn.prepare("SELECT id FROM class WHERE academic_year_id = ?1 AND grade >= 2")?;
        let ids: Vec<i64> = stmt
            .query_map([academic_year_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut closed = 0;
        for id in ids {
            for info in class_periods(conn, &class_info(conn, id)?)? {
                if info.closed_at.is_none() && close(db, id, info.period, at)? {
                    closed += 1;
                }
            }
        }
        Ok(closed)
    })
}

/// Reopens the period named `name` for every class of the year where it is closed, in one
/// transaction, recording the reason; gives the classes reopened («5 А»). Refused when it is
/// closed nowhere.
pub fn reopen_school(
    db: &Db,
    academic_year_id: i64,
    name: &str,
    reason: &str,
    at: NaiveDateTime,
) -> Result<Vec<String>> {
    let closed: Vec<_> = classes_with_period(db, academic_year_id, name)?
        .into_iter()
        .filter(|(_, info)| info.closed_at.is_some())
        .collect();
    if closed.is_empty() {
        return Err(CoreError::refused(
            "period",
            Problem::PeriodClosedNowhere {
                period: name.to_string(),
            },
        ));
    }
    db.write(|conn| {
        closed
            .iter()
            .map(|(id, info)| {
                reopen(db, *id, info.period, reason, at)?;
                Ok(class_info(conn, *id)?.label)
            })
            .collect()
    })
}

/// A closing or reopening of a period, for the register shown to the deputy head.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClosureEvent {
    pub class_label: String,
    pub period_name: String,
    /// «close» or «reopen».
    pub action: String,
    pub at: String,
    pub reason: String,
}

/// Every closing and reopening of the year's periods, the newest first.
pub fn events(db: &Db, academic_year_id: i64) -> Result<Vec<ClosureEvent>> {
    let mut stmt = db.conn().prepare(
        "SELECT e.class_id, e.period_kind, e.term_id, e.action, e.at, e.reason, t.name
           FROM period_closure_event e JOIN class c ON c.id = e.class_id
           LEFT JOIN term t ON t.id = e.term_id
          WHERE c.academic_year_id = ?1 ORDER BY e.id DESC",
    )?;
    let rows: Vec<(i64, String, Option<String>, String, String, String)> = stmt
        .query_map([academic_year_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(6)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(class_id, kind, term, action, at, reason)| {
            Ok(ClosureEvent {
                class_label: class_info(db.conn(), class_id)?.label,
                period_name: term.unwrap_or_else(|| PeriodKind::from_code(&kind).label().into()),
                action,
                at,
                reason,
            })
        })
        .collect()
}
