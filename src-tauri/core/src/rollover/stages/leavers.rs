//! Stage 1, «Выбывающие»: the departures the decisions make, dated the old year's last day
//! (31 August) even when that day is still ahead — the students who finished (11th grade, and
//! 9th-graders who finish and leave) and those who leave — with the reason and destination of
//! their decision and the order of their class's council; repeaters are marked (stage 2 places
//! them in a class of the same grade).

use super::{Ctx, Tell};
use crate::error::{Problem, Result};
use crate::people::{self, Order};
use crate::rollover::decisions::{self, Decision, DecisionKind};
use crate::rollover::{Stage, StageReport};
use crate::students::{self, DepartureReason};
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// A departure on the card: the day, reason, destination and order.
struct Departure<'a> {
    on: NaiveDate,
    reason: DepartureReason,
    destination: &'a str,
    order: &'a Order,
}

/// Records the student's departure.
fn depart(conn: &Connection, student_id: i64, d: &Departure) -> Result<()> {
    let order = d.order.cleaned();
    conn.prepare_cached(
        "UPDATE student SET departed_on = ?2, departure_reason = ?3, departure_destination = ?4,
                departure_order_series = ?5, departure_order_number = ?6, departure_order_date = ?7
          WHERE id = ?1",
    )?
    .execute(params![
        student_id,
        d.on,
        d.reason.code(),
        people::clean(d.destination),
        order.series,
        order.number,
        order.date
    ])?;
    Ok(())
}

/// «9 А: Иванов Иван Иванович (№ к-1)».
fn entry(class: &str, d: &Decision) -> String {
    if d.file_number.is_empty() {
        format!("{class}: {}", d.full_name)
    } else {
        format!("{class}: {} (№ {})", d.full_name, d.file_number)
    }
}

pub(super) fn run(ctx: &Ctx, tell: Tell) -> Result<StageReport> {
    let conn = ctx.db.conn();
    let on = ctx.years.from.ends_on;
    let mut report = StageReport::new(Stage::Leavers);
    if on > ctx.today {
        report.warn(
            "",
            "",
            Problem::DepartureAhead {
                on: on.format("%d.%m.%Y").to_string(),
            },
        );
    }
    let classes = decisions::of_year_in(conn, &ctx.years.from)?;
    let total: usize = classes.iter().map(|c| c.decisions.len()).sum();
    let (mut finished, mut left, mut repeaters) = (Vec::new(), Vec::new(), Vec::new());
    let mut done = 0;
    for class in &classes {
        let label = class.class_label.as_str();
        let leaving = class.decisions.iter().filter(|d| d.kind.leaves()).count();
        if leaving > 0 && class.council.order.is_empty() {
            report.warn(label, "", Problem::NoTransferOrder { class: label.into() });
        }
        for d in &class.decisions {
            done += 1;
            tell(done, total);
            match d.kind {
                DecisionKind::Repeat => {
                    report.created.repeaters += 1;
                    repeaters.push(entry(label, d));
                }
                DecisionKind::Finished | DecisionKind::Left => {
                    let card = students::load(conn, d.student_id)?;
                    if let Some(e) = card.enrolled_on.filter(|e| *e > on) {
                        report.stop(
                            label,
                            &d.full_name,
                            Problem::DepartureBeforeArrival {
                                name: d.full_name.clone(),
                                on: on.format("%d.%m.%Y").to_string(),
                                arrived: e.format("%d.%m.%Y").to_string(),
                            },
                        );
                        continue;
                    }
                    if card.departed_on.is_some() {
                        // Left on the year's last day by hand already: nothing to add.
                        continue;
                    }
                    let reason = d
                        .departure_reason
                        .unwrap_or_else(|| d.kind.usual_reason(class.grade));
                    let departure = Departure {
                        on,
                        reason,
                        destination: &d.destination,
                        order: &class.council.order,
                    };
                    depart(conn, d.student_id, &departure)?;
                    report.created.departures += 1;
                    let line = format!("{} — {}", entry(label, d), reason.label());
                    match d.kind {
                        DecisionKind::Finished => finished.push(line),
                        _ => left.push(line),
                    }
                }
                _ => {}
            }
        }
    }
    let day = on.format("%d.%m.%Y");
    report.list(format!("Окончили обучение, выбывают {day}"), finished);
    report.list(format!("Выбывают {day}"), left);
    report.list("Оставлены на повторное обучение", repeaters);
    Ok(report)
}
