//! Staff movement (кадровое движение): a hire (приём на работу), a transfer to another position
//! or rate (перевод) and a leave (увольнение), each dated and with its order in the book of
//! orders on staff (книга приказов по личному составу, `school_order` of kind 'staff'). Each is
//! one transaction over the staff member's appointments, which are the history: a hire opens
//! one, a transfer closes the current one the day before and opens the next under the same
//! order, a leave closes it (the leave day is the last working day).
//!
//! Refused, naming the staff member, with nothing written: a rate outside (0; 3], a leave or a
//! transfer dated before the appointment began, a date inside an appointment already closed, a
//! second open appointment of the same position, a transfer or leave of someone who holds no
//! position that day. An order dated after the event is written, with a warning.

use super::members::{self, HIRE_TITLE, LEAVE_TITLE};
use super::{Appointment, StaffMember, MAX_RATE};
use crate::db::Db;
use crate::error::{Check, CoreError, Problem, Result, Saved, StaffProblem, Warning};
use crate::forms::load::rate_text;
use crate::forms::ru_date;
use crate::movement::orders::{self, Book, SchoolOrder};
use crate::people::{self, Order};
use crate::{db, validate};
use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// The title of a transfer's order.
const TRANSFER_TITLE: &str = "О переводе на другую работу";

crate::choice::choice_enum! {
    /// What a staff event is.
    pub enum StaffEventKind (fallback Hire) {
        Hire = "hire", "Приём на работу";
        Transfer = "transfer", "Перевод";
        Leave = "leave", "Увольнение";
    }
}

/// A hire: a new appointment of a staff member from a day.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct Hire {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    #[ts(type = "number")]
    pub staff_position_id: i64,
    pub rate: f64,
    pub on: NaiveDate,
    pub order: Order,
}

/// A transfer of an appointment to another position or rate from a day (the first day of the
/// new appointment). `appointment_id`: which one, when the staff member holds several.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct StaffTransfer {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    #[ts(type = "number | null")]
    pub appointment_id: Option<i64>,
    /// The new position; empty: the same position at another rate.
    #[ts(type = "number | null")]
    pub staff_position_id: Option<i64>,
    pub rate: f64,
    pub on: NaiveDate,
    pub order: Order,
}

/// A leave on a day (the last working day): of one appointment, or (`appointment_id` empty) of
/// every position the staff member holds.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct Leave {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    #[ts(type = "number | null")]
    pub appointment_id: Option<i64>,
    pub on: NaiveDate,
    /// «по собственному желанию», «в связи с выходом на пенсию»…
    pub reason: String,
    pub order: Order,
}

/// An event of a staff member's history, as the card and the register show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StaffEvent {
    #[ts(type = "number")]
    pub staff_member_id: i64,
    pub full_name: String,
    pub kind: StaffEventKind,
    pub on: NaiveDate,
    /// The appointment the event opened (hire, transfer) or closed (leave).
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub position: String,
    pub rate: f64,
    /// A transfer: the position and rate left.
    pub from_position: String,
    pub from_rate: Option<f64>,
    /// A leave: the reason.
    pub reason: String,
    pub order: Order,
    /// «№ 12-к от 01.09.2026»; empty when there is none.
    pub order_text: String,
    /// «Перевод с должности «Учитель» (1,00 ст.) на должность «Учитель» (0,50 ст.)».
    pub summary: String,
}

/// An order of the register with the events it orders.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StaffOrderEntry {
    pub order: SchoolOrder,
    pub events: Vec<StaffEvent>,
}

// ---------------------------------------------------------------------------------------------
// The history

fn position_rate(position: &str, rate: f64) -> String {
    format!("«{position}» ({} ст.)", rate_text(rate))
}

fn event(
    m: &StaffMember,
    kind: StaffEventKind,
    on: NaiveDate,
    a: &Appointment,
    from: Option<&Appointment>,
    order: &Order,
) -> StaffEvent {
    let summary = match (kind, from) {
        (StaffEventKind::Transfer, Some(f)) => format!(
            "Перевод с должности {} на должность {}",
            position_rate(&f.position_name, f.rate),
            position_rate(&a.position_name, a.rate)
        ),
        (StaffEventKind::Leave, _) => {
            let mut text = format!(
                "Увольнение с должности {}",
                position_rate(&a.position_name, a.rate)
            );
            if !a.leave_reason.trim().is_empty() {
                text.push_str(&format!(": {}", a.leave_reason.trim()));
            }
            text
        }
        _ => format!(
            "Приём на должность {}",
            position_rate(&a.position_name, a.rate)
        ),
    };
    StaffEvent {
        staff_member_id: m.id.unwrap_or_default(),
        full_name: m.full_name(),
        kind,
        on,
        appointment_id: a.id.unwrap_or_default(),
        position: a.position_name.clone(),
        rate: a.rate,
        from_position: from.map(|f| f.position_name.clone()).unwrap_or_default(),
        from_rate: from.map(|f| f.rate),
        reason: match kind {
            StaffEventKind::Leave => a.leave_reason.clone(),
            _ => String::new(),
        },
        order: order.clone(),
        order_text: orders::text(order),
        summary,
    }
}

/// The events a member's appointments tell, oldest first: a hire for each appointment not
/// continuing another (with a hire date), a transfer for each that does, a leave for each
/// closed appointment no transfer continued.
fn events_of(m: &StaffMember) -> Vec<StaffEvent> {
    let by_id = |id: Option<i64>| m.appointments.iter().find(|a| a.id == id && id.is_some());
    let mut out = Vec::new();
    for a in &m.appointments {
        if let Some(on) = a.hired_on {
            let from = by_id(a.transferred_from_id);
            let kind = match from {
                Some(_) => StaffEventKind::Transfer,
                None => StaffEventKind::Hire,
            };
            out.push(event(m, kind, on, a, from, &a.hire_order));
        }
        let continued = m
            .appointments
            .iter()
            .any(|n| n.transferred_from_id.is_some() && n.transferred_from_id == a.id);
        if let (Some(on), false) = (a.left_on, continued) {
            out.push(event(m, StaffEventKind::Leave, on, a, None, &a.leave_order));
        }
    }
    out.sort_by_key(|e| (e.on, e.kind != StaffEventKind::Leave, e.appointment_id));
    out
}

/// The staff member's history, oldest first: the card's «История».
pub fn history(db: &Db, staff_member_id: i64) -> Result<Vec<StaffEvent>> {
    Ok(events_of(&members::load(db.conn(), staff_member_id)?))
}

/// The book of orders on staff between two days: every order of the events dated in them, by
/// date and number, each with its events by staff member's name.
pub fn register(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<StaffOrderEntry>> {
    let conn = db.conn();
    let mut entries: Vec<StaffOrderEntry> = Vec::new();
    let ids = order_ids(conn)?;
    for m in members::all_members(conn)? {
        for e in events_of(&m) {
            if e.on < from || e.on > to || e.order.is_empty() {
                continue;
            }
            let Some(&(hire, leave)) = ids.get(&e.appointment_id) else {
                continue;
            };
            let id = match e.kind {
                StaffEventKind::Leave => leave,
                _ => hire,
            };
            let Some(id) = id else { continue };
            match entries.iter_mut().find(|x| x.order.id == id) {
                Some(x) => x.events.push(e),
                None => {
                    if let Some(order) = orders::load(conn, id)? {
                        entries.push(StaffOrderEntry {
                            order,
                            events: vec![e],
                        });
                    }
                }
            }
        }
    }
    for x in &mut entries {
        x.events.sort_by(|a, b| {
            db::compare_ru(&a.full_name, &b.full_name).then_with(|| a.on.cmp(&b.on))
        });
    }
    entries.sort_by_key(|x| orders::register_key(&x.order));
    Ok(entries)
}

/// Appointment → (hire order, leave order), of every appointment.
type OrderIds = HashMap<i64, (Option<i64>, Option<i64>)>;

fn order_ids(conn: &Connection) -> Result<OrderIds> {
    let mut stmt = conn.prepare("SELECT id, hire_order_id, leave_order_id FROM appointment")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// The rules

fn refused(field: &str, problem: StaffProblem) -> CoreError {
    CoreError::refused(field, Problem::Staff(problem))
}

fn check_rate(name: &str, rate: f64) -> Result<()> {
    if rate.is_finite() && rate > 0.0 && rate <= MAX_RATE {
        return Ok(());
    }
    Err(refused(
        "rate",
        StaffProblem::RateOutOfRange {
            name: name.to_string(),
            rate: rate.to_string().replace('.', ","),
        },
    ))
}

/// Refuses a new open appointment of `position_id` from `on` when an appointment of the same
/// position is open (two at once) or ends on or after that day (a date inside a closed one).
/// `except`: the appointment a transfer closes.
fn ensure_free(
    m: &StaffMember,
    position_id: i64,
    on: NaiveDate,
    except: Option<i64>,
) -> Result<()> {
    let name = m.full_name();
    let clash = m.appointments.iter().find(|a| {
        a.id != except && a.staff_position_id == position_id && a.left_on.is_none_or(|l| l >= on)
    });
    match clash {
        None => Ok(()),
        Some(a) => Err(match a.left_on {
            None => refused(
                "staff_position_id",
                StaffProblem::AlreadyHolds {
                    name,
                    position: a.position_name.clone(),
                    since: a.hired_on.map(ru_date).unwrap_or_else(|| "—".into()),
                },
            ),
            Some(left) => inside_closed(&name, on, a, left),
        }),
    }
}

fn inside_closed(name: &str, on: NaiveDate, a: &Appointment, left: NaiveDate) -> CoreError {
    refused(
        "on",
        StaffProblem::InsideClosed {
            name: name.to_string(),
            date: ru_date(on),
            position: a.position_name.clone(),
            from: a.hired_on.map(ru_date).unwrap_or_else(|| "—".into()),
            to: ru_date(left),
        },
    )
}

/// The appointments a transfer or leave on `on` changes: the one named, or every open one
/// (`only_one`: a transfer needs exactly one). Refused when none is open that day, when the
/// date falls inside a closed one or before the appointment began.
fn targets(
    m: &StaffMember,
    appointment_id: Option<i64>,
    on: NaiveDate,
    only_one: bool,
) -> Result<Vec<Appointment>> {
    let name = m.full_name();
    let chosen: Vec<&Appointment> =
        match appointment_id {
            Some(id) => vec![m.appointments.iter().find(|a| a.id == Some(id)).ok_or(
                CoreError::NotFound {
                    what: "Назначение на должность",
                },
            )?],
            None => m
                .appointments
                .iter()
                .filter(|a| a.left_on.is_none())
                .collect(),
        };
    if chosen.is_empty() {
        let closed = m.appointments.iter().find_map(|a| {
            a.left_on
                .filter(|l| *l >= on && a.hired_on.is_none_or(|h| h <= on))
                .map(|l| (a, l))
        });
        return Err(match closed {
            Some((a, left)) => inside_closed(&name, on, a, left),
            None => refused(
                "on",
                StaffProblem::NotWorking {
                    name,
                    date: ru_date(on),
                },
            ),
        });
    }
    if only_one && chosen.len() > 1 {
        let positions = chosen
            .iter()
            .map(|a| position_rate(&a.position_name, a.rate))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(refused(
            "appointment_id",
            StaffProblem::WhichAppointment { name, positions },
        ));
    }
    for a in &chosen {
        if let Some(left) = a.left_on {
            return Err(if left >= on {
                inside_closed(&name, on, a, left)
            } else {
                refused(
                    "on",
                    StaffProblem::NotWorking {
                        name,
                        date: ru_date(on),
                    },
                )
            });
        }
        if let Some(hired) = a.hired_on.filter(|h| on < *h) {
            return Err(refused(
                "on",
                StaffProblem::LeaveBeforeHire {
                    name,
                    date: ru_date(on),
                    position: a.position_name.clone(),
                    hired: ru_date(hired),
                },
            ));
        }
    }
    Ok(chosen.into_iter().cloned().collect())
}

// ---------------------------------------------------------------------------------------------
// Writing

fn position_name(db: &Db, id: i64) -> Result<String> {
    Ok(super::get_position(db, id)?.name)
}

/// Finds or makes the event's order (warning when it is dated after the event).
fn order_of(
    conn: &Connection,
    order: &Order,
    on: NaiveDate,
    title: &str,
) -> Result<(Option<i64>, Vec<Warning>)> {
    let (found, warnings) = orders::of_event(conn, Book::Staff, order, on, title, "")?;
    Ok((found.map(|o| o.id), warnings))
}

fn insert_appointment(
    conn: &Connection,
    member_id: i64,
    position_id: i64,
    rate: f64,
    on: NaiveDate,
    order_id: Option<i64>,
    from: Option<i64>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO appointment (staff_member_id, staff_position_id, rate, hired_on,
             hire_order_id, transferred_from_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![member_id, position_id, rate, on, order_id, from],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The event an appointment's history holds, after writing.
fn written(
    db: &Db,
    member_id: i64,
    kind: StaffEventKind,
    appointment_id: i64,
    warnings: Vec<Warning>,
) -> Result<Saved<StaffEvent>> {
    let value = history(db, member_id)?
        .into_iter()
        .rfind(|e| e.kind == kind && e.appointment_id == appointment_id)
        .ok_or(CoreError::NotFound {
            what: "Кадровое движение",
        })?;
    Ok(Saved { value, warnings })
}

/// Hires a staff member of the school (a new card is saved first, with no appointment or with
/// its first) to a position at a rate from `on`, in one transaction.
pub fn hire(db: &Db, h: &Hire) -> Result<Saved<StaffEvent>> {
    let m = members::load(db.conn(), h.staff_member_id)?;
    position_name(db, h.staff_position_id)?;
    check_rate(&m.full_name(), h.rate)?;
    orders::check(&h.order)?;
    ensure_free(&m, h.staff_position_id, h.on, None)?;
    let (id, warnings) = db.write(|tx| {
        let (order, warnings) = order_of(tx, &h.order, h.on, HIRE_TITLE)?;
        let id = insert_appointment(
            tx,
            h.staff_member_id,
            h.staff_position_id,
            h.rate,
            h.on,
            order,
            None,
        )?;
        Ok((id, warnings))
    })?;
    written(db, h.staff_member_id, StaffEventKind::Hire, id, warnings)
}

/// Transfers a staff member to another position or rate from `on`: the current appointment ends
/// the day before, the new one starts that day, both under one order, in one transaction.
pub fn transfer(db: &Db, t: &StaffTransfer) -> Result<Saved<StaffEvent>> {
    let m = members::load(db.conn(), t.staff_member_id)?;
    if let Some(p) = t.staff_position_id {
        position_name(db, p)?;
    }
    let name = m.full_name();
    check_rate(&name, t.rate)?;
    orders::check(&t.order)?;
    let old = targets(&m, t.appointment_id, t.on, true)?.remove(0);
    let position_id = t.staff_position_id.unwrap_or(old.staff_position_id);
    if old.hired_on == Some(t.on) {
        return Err(refused(
            "on",
            StaffProblem::TransferOnHireDay {
                name,
                position: old.position_name.clone(),
                hired: ru_date(t.on),
            },
        ));
    }
    if old.staff_position_id == position_id && old.rate == t.rate {
        return Err(refused(
            "rate",
            StaffProblem::SameAppointment {
                name,
                position: old.position_name,
                rate: rate_text(t.rate),
            },
        ));
    }
    ensure_free(&m, position_id, t.on, old.id)?;
    let day_before = t.on - Days::new(1);
    let (id, warnings) = db.write(|tx| {
        let (order, warnings) = order_of(tx, &t.order, t.on, TRANSFER_TITLE)?;
        tx.execute(
            "UPDATE appointment SET left_on = ?1, leave_order_id = ?2, leave_reason = ''
              WHERE id = ?3",
            params![day_before, order, old.id],
        )?;
        let id = insert_appointment(
            tx,
            t.staff_member_id,
            position_id,
            t.rate,
            t.on,
            order,
            old.id,
        )?;
        Ok((id, warnings))
    })?;
    written(
        db,
        t.staff_member_id,
        StaffEventKind::Transfer,
        id,
        warnings,
    )
}

/// The open appointment of a position the staff member holds (for a transfer or leave named by
/// the position).
pub fn open_appointment(db: &Db, staff_member_id: i64, position_id: i64) -> Result<i64> {
    let m = members::load(db.conn(), staff_member_id)?;
    m.appointments
        .iter()
        .find(|a| a.left_on.is_none() && a.staff_position_id == position_id)
        .and_then(|a| a.id)
        .ok_or_else(|| {
            let position = position_name(db, position_id).unwrap_or_default();
            refused(
                "position",
                StaffProblem::DoesNotHold {
                    name: m.full_name(),
                    position,
                },
            )
        })
}

/// Ends one appointment, or every open one, on `on` (the last working day) for a reason, in
/// one transaction. Returns the event of the first appointment ended.
pub fn leave(db: &Db, l: &Leave) -> Result<Saved<StaffEvent>> {
    let m = members::load(db.conn(), l.staff_member_id)?;
    let mut check = Check::new();
    check.field("reason", validate::required(&l.reason));
    check.finish()?;
    orders::check(&l.order)?;
    let ended = targets(&m, l.appointment_id, l.on, false)?;
    let mut warnings = members::leaving_class_teacher(db.conn(), l.staff_member_id, l.on)?;
    let reason = people::clean(&l.reason);
    db.write(|tx| {
        let (order, order_warnings) = order_of(tx, &l.order, l.on, LEAVE_TITLE)?;
        warnings.extend(order_warnings);
        for a in &ended {
            tx.execute(
                "UPDATE appointment SET left_on = ?1, leave_order_id = ?2, leave_reason = ?3
                  WHERE id = ?4",
                params![l.on, order, reason, a.id],
            )?;
        }
        Ok(())
    })?;
    let first = ended[0].id.unwrap_or_default();
    written(
        db,
        l.staff_member_id,
        StaffEventKind::Leave,
        first,
        warnings,
    )
}

/// The staff member a text names: a SNILS (in any of its forms) or a full name that only one
/// staff member has.
pub fn find(db: &Db, text: &str) -> Result<i64> {
    let text = people::clean(text);
    if let Some(id) = members::find_by_snils(db, &text)? {
        return Ok(id);
    }
    let words: Vec<&str> = text.split(' ').collect();
    let ids = match words.as_slice() {
        [last, first] => members::find_by_name(db, last, first, "")?,
        [last, first, rest @ ..] => members::find_by_name(db, last, first, &rest.join(" "))?,
        _ => Vec::new(),
    };
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(refused("staff", StaffProblem::UnknownStaff { text })),
        _ => Err(refused(
            "staff",
            StaffProblem::AmbiguousStaff {
                text,
                count: ids.len(),
            },
        )),
    }
}

/// The position a text names (up to spaces, case and «ё»).
pub fn find_position(db: &Db, text: &str) -> Result<i64> {
    super::find_position(db, text)?
        .and_then(|p| p.id)
        .ok_or_else(|| {
            refused(
                "position",
                StaffProblem::UnknownPosition {
                    text: people::clean(text),
                },
            )
        })
}
