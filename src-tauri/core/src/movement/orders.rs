//! Orders (приказы) of the book of orders on students (книга приказов по контингенту): one order
//! moves many students. An order is found by its number (folded as file numbers are), date and
//! series, or made when a movement names it for the first time; the register lists each order
//! with the students it moves, by class.

use super::{Movement, MovementKind};
use crate::db::Db;
use crate::error::{Check, MovementProblem, Problem, Result, Warning};
use crate::people::{self, Order};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

/// What a new order is about, by the movement that first names it.
pub(crate) fn title_of(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::Arrival => "О зачислении",
        MovementKind::Departure => "О выбытии",
        MovementKind::Transfer => "О переводе",
        MovementKind::StudyForm => "Об изменении формы обучения",
    }
}

/// The grounds of an order of the year's movement; the rollover's orders name the pedagogical
/// council's decision instead.
pub const PARENTS_APPLICATION: &str = "заявление родителей (законных представителей)";

/// A stored order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SchoolOrder {
    #[ts(type = "number")]
    pub id: i64,
    pub series: String,
    pub number: String,
    /// None only for a legacy order typed without a date.
    pub issued_on: Option<NaiveDate>,
    /// «О зачислении», «О выбытии», «О переводе».
    pub title: String,
    /// «заявление родителей (законных представителей)», «решение педагогического совета, …».
    pub grounds: String,
    pub note: String,
}

impl SchoolOrder {
    pub fn order(&self) -> Order {
        Order {
            series: self.series.clone(),
            number: self.number.clone(),
            date: self.issued_on,
        }
    }

    /// «№ 12-у от 14.01.2027», with the series in front when there is one.
    pub fn text(&self) -> String {
        text(&self.order())
    }
}

/// «№ 12-у от 14.01.2027» (the series in front when there is one); empty for no order.
pub fn text(order: &Order) -> String {
    let described = order.describe();
    described
        .strip_prefix("приказ")
        .map(|rest| rest.trim_start().to_string())
        .unwrap_or(described)
}

const SELECT: &str =
    "SELECT o.id, o.series, o.number, o.issued_on, o.title, o.grounds, o.note FROM school_order o";

fn from_row(r: &Row) -> rusqlite::Result<SchoolOrder> {
    Ok(SchoolOrder {
        id: r.get(0)?,
        series: r.get(1)?,
        number: r.get(2)?,
        issued_on: r.get(3)?,
        title: r.get(4)?,
        grounds: r.get(5)?,
        note: r.get(6)?,
    })
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Option<SchoolOrder>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE o.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Reads an order as people type it: «№ 12-у от 14.01.2027», «12-у от 14.01.2027», «№12-у»,
/// «приказ серия К № 5 от 01.09.2026», «К № 5 от 01.09.2026». The date may be left out (None).
pub fn parse(text: &str) -> std::result::Result<Order, MovementProblem> {
    let not_an_order = || MovementProblem::NotAnOrder {
        text: people::clean(text),
    };
    let cleaned = people::clean(text);
    let mut rest = cleaned.as_str();
    if let Some(tail) = strip_word(rest, "приказ") {
        rest = tail;
    }
    if strip_word(rest, "от").is_some() {
        // «от 20.01.2027»: a date without the number.
        return Err(not_an_order());
    }
    // The date: after « от », or a last word that is a date.
    let mut date = None;
    let at = [" от ", " От ", " ОТ "].iter().find_map(|w| rest.rfind(w));
    if let Some(at) = at {
        let typed = rest[at + " от ".len()..]
            .trim()
            .trim_end_matches("г.")
            .trim();
        date = Some(crate::forms::parse_ru_date(typed).ok_or_else(not_an_order)?);
        rest = rest[..at].trim();
    } else if let Some((head, last)) = rest.rsplit_once(' ') {
        if let Some(d) = crate::forms::parse_ru_date(last) {
            date = Some(d);
            rest = head.trim();
        }
    }
    let (series, number) = match rest.split_once('№') {
        Some((series, number)) => (series.trim(), number.trim()),
        None => ("", rest.trim()),
    };
    let series = strip_word(series, "серия").unwrap_or(series).trim();
    if number.is_empty() || number.contains('№') {
        return Err(not_an_order());
    }
    Ok(Order {
        series: series.to_string(),
        number: number.to_string(),
        date,
    })
}

/// `text` without its first word when that word is `word` (any case).
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    (first.to_lowercase() == word).then_some(rest.trim_start())
}

/// An order named needs its number; its date may be left out (it is then the event's day, see
/// [`of_event`]).
pub(crate) fn check(order: &Order) -> Result<()> {
    let mut check = Check::new();
    if !order.is_empty() && order.number.trim().is_empty() {
        check.add("order.number", Problem::Required);
    }
    check.finish()
}

/// The book an order is kept in: on students (по контингенту) or on staff (по личному составу).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    Students,
    Staff,
}

impl Book {
    pub fn code(self) -> &'static str {
        match self {
            Book::Students => "students",
            Book::Staff => "staff",
        }
    }
}

/// The order with this series, number and date in the book, made when there is none yet
/// (titled by what it first does); None for an empty order. Inside the caller's transaction.
pub(crate) fn find_or_create(
    conn: &Connection,
    book: Book,
    order: &Order,
    title: &str,
    grounds: &str,
) -> Result<Option<SchoolOrder>> {
    let order = order.cleaned();
    if order.is_empty() {
        return Ok(None);
    }
    let number_key = people::code_key(&order.number);
    let series_key = people::code_key(&order.series);
    let found = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE o.kind = ?3 AND o.number_key = ?1 AND o.issued_on IS ?2
              ORDER BY o.id"
        ))?
        .query_map(params![number_key, order.date, book.code()], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .find(|o| people::code_key(&o.series) == series_key);
    if found.is_some() {
        return Ok(found);
    }
    conn.prepare_cached(
        "INSERT INTO school_order (kind, series, number, number_key, issued_on, title, grounds)
         VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        order.series,
        order.number,
        number_key,
        order.date,
        title,
        grounds,
        book.code()
    ])?;
    load(conn, conn.last_insert_rowid())
}

/// The order of an event on `on` (a movement of a student or of staff): found or made, an order
/// typed without a date dated the event's day; None for no order. Warns when the order is dated
/// after the event (it is written all the same). Inside the caller's transaction.
pub(crate) fn of_event(
    conn: &Connection,
    book: Book,
    order: &Order,
    on: NaiveDate,
    title: &str,
    grounds: &str,
) -> Result<(Option<SchoolOrder>, Vec<Warning>)> {
    if order.is_empty() {
        return Ok((None, Vec::new()));
    }
    let dated = Order {
        date: order.date.or(Some(on)),
        ..order.clone()
    };
    let found = find_or_create(conn, book, &dated, title, grounds)?;
    let warnings = found
        .iter()
        .filter(|o| o.issued_on.is_some_and(|d| d > on))
        .map(|o| {
            Warning::new(
                "order",
                Problem::Movement(MovementProblem::OrderAfterMovement {
                    order: o.text(),
                    date: crate::forms::ru_date(on),
                }),
            )
        })
        .collect();
    Ok((found, warnings))
}

/// A student an order moves, in the register.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OrderLine {
    #[ts(type = "number")]
    pub student_id: i64,
    pub full_name: String,
    pub file_number: String,
    pub kind: MovementKind,
    pub occurred_on: NaiveDate,
    /// «Прибыл в 5 А из МБОУ СОШ № 5 г. Тулы».
    pub summary: String,
}

/// The students of one class an order moves (the class joined, or left by a departure).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OrderClass {
    /// «5 А»; empty for students without a class.
    pub class_label: String,
    pub students: Vec<OrderLine>,
}

/// An order of the register with the students it moves, by class.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OrderEntry {
    pub order: SchoolOrder,
    pub classes: Vec<OrderClass>,
}

/// The book of orders on students of a year: every order of the year's movements, by date and
/// number, each with its students by class (grade and letter) and name.
pub fn register(db: &Db, academic_year_id: i64) -> Result<Vec<OrderEntry>> {
    let rows = super::rows_where(
        db.conn(),
        "m.order_id IS NOT NULL AND m.academic_year_id = ?1",
        academic_year_id,
    )?;
    let mut ids: Vec<i64> = rows.iter().filter_map(|r| r.order_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut entries = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(order) = load(db.conn(), id)? else {
            continue;
        };
        let mut lines: Vec<&Movement> = rows.iter().filter(|r| r.order_id == Some(id)).collect();
        lines.sort_by(|a, b| {
            class_rank(a.concerned_class())
                .cmp(&class_rank(b.concerned_class()))
                .then_with(|| crate::db::compare_ru(&a.student_name, &b.student_name))
        });
        let mut classes: Vec<OrderClass> = Vec::new();
        for row in lines {
            let label = row.concerned_class().to_string();
            let line = OrderLine {
                student_id: row.student_id,
                full_name: row.student_name.clone(),
                file_number: row.file_number.clone(),
                kind: row.kind,
                occurred_on: row.occurred_on,
                summary: row.summary.clone(),
            };
            match classes.last_mut().filter(|c| c.class_label == label) {
                Some(class) => class.students.push(line),
                None => classes.push(OrderClass {
                    class_label: label,
                    students: vec![line],
                }),
            }
        }
        entries.push(OrderEntry { order, classes });
    }
    entries.sort_by_key(|e| register_key(&e.order));
    Ok(entries)
}

/// Where an order stands in a book of orders: by date, then by number (folded).
pub(crate) fn register_key(o: &SchoolOrder) -> (Option<NaiveDate>, String) {
    (o.issued_on, people::code_key(&o.number))
}

/// Classes in the register's order: by grade and letter, students without a class last.
fn class_rank(label: &str) -> (i32, String) {
    crate::classes::parse_label(label)
        .map(|(grade, letter)| (grade, crate::db::ru_key(&letter)))
        .unwrap_or((i32::MAX, String::new()))
}
