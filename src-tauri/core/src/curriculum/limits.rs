//! The sanitary maximum of weekly load per grade and week length: reference data the school
//! may edit when its inspector gives other figures.

use super::WeeklyLimit;
use crate::db::Db;
use crate::error::{Check, Result};
use crate::{classes, validate};
use rusqlite::params;

/// The sanitary maximum of weekly load per grade and week length.
pub fn weekly_limits(db: &Db) -> Result<Vec<WeeklyLimit>> {
    let mut stmt = db.conn().prepare(
        "SELECT grade, week_days, max_hours, source FROM sanitary_weekly_limit
         ORDER BY grade, week_days",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(WeeklyLimit {
                grade: r.get(0)?,
                week_days: r.get(1)?,
                max_hours: r.get(2)?,
                source: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Changes one maximum (the school's inspector may give other figures).
pub fn save_weekly_limit(db: &Db, limit: &WeeklyLimit) -> Result<WeeklyLimit> {
    let mut check = Check::new();
    check.field(
        "grade",
        validate::in_range(
            limit.grade.into(),
            classes::MIN_GRADE.into(),
            classes::MAX_GRADE.into(),
        ),
    );
    check.field(
        "week_days",
        validate::in_range(limit.week_days.into(), 5, 6),
    );
    check.field(
        "max_hours",
        validate::in_range(limit.max_hours.into(), 1, 60),
    );
    check.finish()?;
    let source = match limit.source.trim() {
        "" => "СанПиН 1.2.3685-21, табл. 6.6",
        s => s,
    };
    db.write(|tx| {
        tx.execute(
            "INSERT INTO sanitary_weekly_limit (grade, week_days, max_hours, source)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (grade, week_days) DO UPDATE SET max_hours = excluded.max_hours,
                 source = excluded.source",
            params![limit.grade, limit.week_days, limit.max_hours, source],
        )?;
        Ok(())
    })?;
    Ok(WeeklyLimit {
        source: source.to_string(),
        ..limit.clone()
    })
}
