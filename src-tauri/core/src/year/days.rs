//! How long a term is: its calendar days, and its school days — the days left when the holidays
//! of the term's scheme (the school's and the scheme's own), the days off of the school's week
//! (Sunday, and Saturday too in a five-day week) and the public holidays of ст. 112 ТК РФ are
//! taken away. The days off moved by the Government's yearly decree are not known to the program.

use super::{detail, TermScheme};
use crate::db::Db;
use crate::error::Result;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use ts_rs::TS;

/// The days of one term; None in [`term_days`] for a term without both dates in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TermDays {
    /// Every day from the first to the last, both counted.
    pub calendar: i32,
    /// The days lessons are held on.
    pub school: i32,
}

/// The non-working public holidays (ст. 112 ТК РФ) as (month, day).
const PUBLIC_HOLIDAYS: [(u32, u32); 14] = [
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
];

/// The days of each term of `scheme` as it is typed (its unsaved dates count), against the
/// holidays saved for its year and the school's five- or six-day week.
pub fn term_days(db: &Db, scheme: &TermScheme) -> Result<Vec<Option<TermDays>>> {
    let year = detail(db, scheme.academic_year_id)?;
    let holidays: Vec<(NaiveDate, NaiveDate)> = year
        .holidays
        .iter()
        .filter(|h| h.term_scheme_id.is_none() || h.term_scheme_id == scheme.id)
        .filter_map(|h| h.starts_on.zip(h.ends_on))
        .collect();
    let week_days = crate::school::get(db)?.week_days;
    Ok(scheme
        .terms
        .iter()
        .map(|t| {
            let (starts, ends) = t.starts_on.zip(t.ends_on)?;
            (starts <= ends).then(|| count(starts, ends, &holidays, week_days))
        })
        .collect())
}

fn count(
    starts: NaiveDate,
    ends: NaiveDate,
    holidays: &[(NaiveDate, NaiveDate)],
    week_days: i32,
) -> TermDays {
    let days = starts.iter_days().take_while(|d| *d <= ends);
    let (mut calendar, mut school) = (0, 0);
    for day in days {
        calendar += 1;
        if is_school_day(day, holidays, week_days) {
            school += 1;
        }
    }
    TermDays { calendar, school }
}

/// Whether lessons are held on `day`: a day of the school's week, neither a public holiday nor
/// in one of `holidays`.
fn is_school_day(day: NaiveDate, holidays: &[(NaiveDate, NaiveDate)], week_days: i32) -> bool {
    let day_off = match day.weekday() {
        Weekday::Sun => true,
        Weekday::Sat => week_days < 6,
        _ => false,
    };
    !day_off
        && !PUBLIC_HOLIDAYS.contains(&(day.month(), day.day()))
        && !holidays.iter().any(|(s, e)| (*s..=*e).contains(&day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::year::{self, init, Holiday, Term};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn school_days_leave_out_days_off_public_holidays_and_the_schemes_holidays() {
        let db = Db::in_memory().unwrap();
        let detail = init(&db, date(2026, 9, 1)).unwrap();
        // The second quarter: 9 November – 28 December 2026 is 50 days, 7 weeks and a day.
        let mut scheme = detail
            .schemes
            .iter()
            .find(|s| s.name == year::QUARTERS)
            .unwrap()
            .clone();
        scheme.terms = vec![Term {
            id: None,
            name: "2 четверть".into(),
            starts_on: Some(date(2026, 11, 9)),
            ends_on: Some(date(2026, 12, 28)),
        }];
        let days = term_days(&db, &scheme).unwrap();
        assert_eq!(
            days,
            [Some(TermDays {
                calendar: 50,
                school: 36
            })]
        );

        // A six-day week adds the Saturdays.
        db.conn()
            .execute("UPDATE school SET week_days = 6 WHERE id = 1", [])
            .unwrap();
        assert_eq!(term_days(&db, &scheme).unwrap()[0].unwrap().school, 43);

        // 23 February is a public holiday.
        scheme.terms[0].starts_on = Some(date(2027, 2, 22));
        scheme.terms[0].ends_on = Some(date(2027, 2, 27));
        assert_eq!(
            term_days(&db, &scheme).unwrap()[0],
            Some(TermDays {
                calendar: 6,
                school: 5
            })
        );

        // A holiday of another scheme does not count here, only in its own scheme.
        scheme.terms[0].starts_on = Some(date(2026, 11, 9));
        scheme.terms[0].ends_on = Some(date(2026, 11, 14));
        let grade_1 = detail
            .schemes
            .iter()
            .find(|s| s.name == year::QUARTERS_GRADE_1)
            .unwrap();
        year::save_holiday(
            &db,
            &Holiday {
                id: None,
                academic_year_id: scheme.academic_year_id,
                term_scheme_id: grade_1.id,
                name: "Только для 1 класса".into(),
                starts_on: Some(date(2026, 11, 9)),
                ends_on: Some(date(2026, 11, 10)),
            },
        )
        .unwrap();
        assert_eq!(term_days(&db, &scheme).unwrap()[0].unwrap().school, 6);
        scheme.id = grade_1.id;
        assert_eq!(term_days(&db, &scheme).unwrap()[0].unwrap().school, 4);

        // Dates missing or out of order give no count.
        scheme.terms[0].ends_on = Some(date(2026, 10, 1));
        scheme.terms.push(Term {
            id: None,
            name: String::new(),
            starts_on: None,
            ends_on: None,
        });
        assert_eq!(term_days(&db, &scheme).unwrap(), [None, None]);
    }
}
