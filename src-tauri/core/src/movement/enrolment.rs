//! Enrolments known from lists: a roster's «Приказ о зачислении», the demo's cards. The student
//! is placed in the class from the later of the year's first day and the day of enrolment (never
//! past the year's last day), and the arrival is recorded on that day — the enrolment's, else the
//! order's date — with its order, in the class's year when the day falls in it (else in the year
//! holding it, or in none: before the file's years). The rules of `arrive` are not applied: the
//! day may lie years before. An import records thousands at once, so [`Enrolments`] looks each
//! class's year and each order up once.

use super::{orders, placements, year_days, MovementKind, YearDays};
use crate::classes;
use crate::error::Result;
use crate::people::Order;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Records enrolments inside the caller's transaction, remembering the classes' years and the
/// orders found or made.
#[derive(Default)]
pub(crate) struct Enrolments {
    /// Class id → its year's id and days.
    years: HashMap<i64, (i64, YearDays)>,
    /// (series, number, date) as stored → the order's id.
    orders: HashMap<(String, String, Option<NaiveDate>), Option<i64>>,
}

impl Enrolments {
    /// The student's enrolment into the class on `enrolled_on` (else the order's date) by
    /// `order`: the placement and, when there is a day, the arrival.
    pub(crate) fn record(
        &mut self,
        conn: &Connection,
        student_id: i64,
        class_id: i64,
        enrolled_on: Option<NaiveDate>,
        order: &Order,
    ) -> Result<()> {
        let (year_id, year) = self.year_of(conn, class_id)?;
        let on = enrolled_on.or(order.date);
        let starts = on
            .unwrap_or(year.starts_on)
            .clamp(year.starts_on, year.ends_on);
        placements::open(conn, student_id, class_id, starts)?;
        if let Some(on) = on {
            let in_year = (year.starts_on..=year.ends_on).contains(&on);
            let year = if in_year {
                Some(year_id)
            } else {
                year_holding(conn, on)?
            };
            let order_id = self.order_id(conn, order)?;
            let class = in_year.then_some(class_id);
            insert_arrival(conn, student_id, year, on, class, order_id)?;
        }
        Ok(())
    }

    fn year_of(&mut self, conn: &Connection, class_id: i64) -> Result<(i64, YearDays)> {
        if let Some(found) = self.years.get(&class_id) {
            return Ok(found.clone());
        }
        let year_id = classes::load(conn, class_id)?.academic_year_id;
        let found = (year_id, year_days(conn, year_id)?);
        self.years.insert(class_id, found.clone());
        Ok(found)
    }

    fn order_id(&mut self, conn: &Connection, order: &Order) -> Result<Option<i64>> {
        let order = order.cleaned();
        let key = (order.series.clone(), order.number.clone(), order.date);
        if let Some(id) = self.orders.get(&key) {
            return Ok(*id);
        }
        let id = arrival_order(conn, &order)?;
        self.orders.insert(key, id);
        Ok(id)
    }
}

/// The order of an arrival, found or made; none for an empty one.
fn arrival_order(conn: &Connection, order: &Order) -> Result<Option<i64>> {
    Ok(orders::find_or_create(
        conn,
        orders::Book::Students,
        order,
        orders::title_of(MovementKind::Arrival),
        orders::PARENTS_APPLICATION,
    )?
    .map(|o| o.id))
}

/// The year holding the day; none before (or after) the file's years.
fn year_holding(conn: &Connection, on: NaiveDate) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM academic_year WHERE ?1 BETWEEN starts_on AND ends_on LIMIT 1",
        )?
        .query_row([on], |r| r.get(0))
        .optional()?)
}

fn insert_arrival(
    conn: &Connection,
    student_id: i64,
    academic_year_id: Option<i64>,
    on: NaiveDate,
    class_id: Option<i64>,
    order_id: Option<i64>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO movement (student_id, academic_year_id, kind, occurred_on, to_class_id, order_id)
         VALUES (?1, ?2, 'arrival', ?3, ?4, ?5)",
    )?
    .execute(params![student_id, academic_year_id, on, class_id, order_id])?;
    Ok(())
}

/// The order of the student's enrolment (their last arrival), as a list shows it.
pub(crate) fn enrolment_order(conn: &Connection, student_id: i64) -> Result<Order> {
    Ok(conn
        .prepare_cached(
            "SELECT o.series, o.number, o.issued_on FROM movement m
               JOIN school_order o ON o.id = m.order_id
              WHERE m.student_id = ?1 AND m.kind = 'arrival'
              ORDER BY m.occurred_on DESC, m.id DESC LIMIT 1",
        )?
        .query_row([student_id], |r| {
            Ok(Order {
                series: r.get(0)?,
                number: r.get(1)?,
                date: r.get(2)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// Gives the student's last arrival this order (a list corrects the enrolment order); a student
/// without an arrival gets one at the order's date. Inside the caller's transaction.
pub(crate) fn set_enrolment_order(conn: &Connection, student_id: i64, order: &Order) -> Result<()> {
    let last: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM movement WHERE student_id = ?1 AND kind = 'arrival'
              ORDER BY occurred_on DESC, id DESC LIMIT 1",
        )?
        .query_row([student_id], |r| r.get(0))
        .optional()?;
    let order_id = arrival_order(conn, order)?;
    match (last, order.date) {
        (Some(id), _) => {
            conn.prepare_cached("UPDATE movement SET order_id = ?2 WHERE id = ?1")?
                .execute(params![id, order_id])?;
        }
        (None, Some(on)) => {
            let year = year_holding(conn, on)?;
            insert_arrival(conn, student_id, year, on, None, order_id)?;
        }
        (None, None) => {}
    }
    Ok(())
}
