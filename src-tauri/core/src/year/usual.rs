//! The usual calendar of a Russian school year: the terms of the usual schemes and the holidays
//! made with every new year, after the Ministry's recommended dates, and the creation of a year
//! with them (also by `zavuch-cli init` for a new school file).

use super::holidays::{check_holiday, write_holiday};
use super::read::detail;
use super::schemes::{check_scheme, write_scheme};
use super::years::{
    check_year, default_for, set_current, write_year, year_id_by_name, ymd, YearBounds,
};
use super::{
    AcademicYear, Holiday, Term, TermScheme, YearDetail, HALVES, QUARTERS, QUARTERS_GRADE_1,
    TRIMESTERS,
};
use crate::db::Db;
use crate::error::Result;
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::Connection;

fn sunday_on_or_before(d: NaiveDate) -> NaiveDate {
    d - Days::new(d.weekday().num_days_from_sunday().into())
}

fn monday_on_or_after(d: NaiveDate) -> NaiveDate {
    d + Days::new(((7 - d.weekday().num_days_from_monday()) % 7).into())
}

pub(super) fn period(name: &str, starts: NaiveDate, ends: NaiveDate) -> Term {
    Term {
        id: None,
        name: name.into(),
        starts_on: Some(starts),
        ends_on: Some(ends),
    }
}

/// Terms and holidays of a usual year, after the Ministry's recommended calendar (2026-2027:
/// quarters 01.09–24.10, 05.11–28.12, 12.01–20.03, 30.03–26.05). The autumn holiday runs
/// from a Sunday to National Unity Day (4 November), the winter one over the New Year days,
/// the spring one nine days from the Sunday about 21 March; grade 1 rests one more week from
/// the Monday in 12–18 February. Lessons end on 26 May.
struct UsualCalendar {
    quarters: Vec<Term>,
    trimesters: Vec<Term>,
    halves: Vec<Term>,
    /// Autumn, winter, spring: for the whole school.
    holidays: Vec<Term>,
    grade_1_holiday: Term,
}

fn usual_calendar(year: &YearBounds) -> UsualCalendar {
    let (y, next) = (year.starts.year(), year.starts.year() + 1);
    let start = year.starts;
    let last = ymd(next, 5, 26).min(year.ends);
    let one = Days::new(1);

    let autumn = (sunday_on_or_before(ymd(y, 10, 25)), ymd(y, 11, 4));
    let winter = (ymd(y, 12, 29), ymd(next, 1, 11));
    let spring_start = sunday_on_or_before(ymd(next, 3, 21));
    let spring = (spring_start, spring_start + Days::new(8));
    let grade_1 = monday_on_or_after(ymd(next, 2, 12));

    let q1_end = autumn.0 - one;
    let q2 = (autumn.1 + one, winter.0 - one);
    let q3 = (winter.1 + one, spring.0 - one);
    let q4_start = spring.1 + one;
    UsualCalendar {
        quarters: vec![
            period("1 четверть", start, q1_end),
            period("2 четверть", q2.0, q2.1),
            period("3 четверть", q3.0, q3.1),
            period("4 четверть", q4_start, last),
        ],
        trimesters: vec![
            period("1 триместр", start, ymd(y, 11, 30)),
            period("2 триместр", ymd(y, 12, 1), ymd(next, 3, 1) - one),
            period("3 триместр", ymd(next, 3, 1), last),
        ],
        halves: vec![
            period("1 полугодие", start, q2.1),
            period("2 полугодие", q3.0, last),
        ],
        holidays: vec![
            period("Осенние каникулы", autumn.0, autumn.1),
            period("Зимние каникулы", winter.0, winter.1),
            period("Весенние каникулы", spring.0, spring.1),
        ],
        grade_1_holiday: period(
            "Дополнительные каникулы для первоклассников",
            grade_1,
            grade_1 + Days::new(6),
        ),
    }
}

fn holiday_of(year_id: i64, scheme_id: Option<i64>, p: Term) -> Holiday {
    Holiday {
        id: None,
        academic_year_id: year_id,
        term_scheme_id: scheme_id,
        name: p.name,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
    }
}

/// Writes the usual schemes and holidays into the new year `year_id`, checking each against
/// the same rules as a user's input (a year with unusual dates may not fit them).
fn write_usual_schemes(conn: &Connection, year_id: i64, year: &YearBounds) -> Result<()> {
    let cal = usual_calendar(year);
    let mut grade_1_scheme = None;
    for (name, terms) in [
        (QUARTERS, cal.quarters.clone()),
        (QUARTERS_GRADE_1, cal.quarters),
        (TRIMESTERS, cal.trimesters),
        (HALVES, cal.halves),
    ] {
        let s = TermScheme {
            id: None,
            academic_year_id: year_id,
            name: name.into(),
            terms,
        };
        check_scheme(conn, &s, year)?;
        let id = write_scheme(conn, &s)?;
        if name == QUARTERS_GRADE_1 {
            grade_1_scheme = Some(id);
        }
    }
    let whole_school = cal
        .holidays
        .into_iter()
        .map(|p| holiday_of(year_id, None, p));
    let grade_1 = holiday_of(year_id, grade_1_scheme, cal.grade_1_holiday);
    for h in whole_school.chain([grade_1]) {
        check_holiday(&h, year)?;
        write_holiday(conn, &h)?;
    }
    Ok(())
}

/// Creates the year with the usual schemes («Четверти», «Четверти (1 класс)», «Триместры»,
/// «Полугодия») and holidays, in one transaction.
pub fn create_with_usual_schemes(db: &Db, y: &AcademicYear) -> Result<YearDetail> {
    let b = check_year(db.conn(), y, None)?;
    let id = db.write(|tx| {
        let id = write_year(tx, None, &b, y.is_current)?;
        write_usual_schemes(tx, id, &b)?;
        Ok(id)
    })?;
    detail(db, id)
}

/// A school file ready to fill in (`zavuch-cli init`): the federal subjects, and the school
/// year containing `today` with its usual schemes, marked current; all in one change.
/// Running it again changes nothing but the current mark.
pub fn init(db: &Db, today: NaiveDate) -> Result<YearDetail> {
    db.write(|conn| {
        crate::subjects::seed_federal(db)?;
        let y = AcademicYear {
            is_current: true,
            ..default_for(today)
        };
        match year_id_by_name(conn, &y.name, None)? {
            Some(id) => {
                set_current(db, id)?;
                detail(db, id)
            }
            None => create_with_usual_schemes(db, &y),
        }
    })
}
