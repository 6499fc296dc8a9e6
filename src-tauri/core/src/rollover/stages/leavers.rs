//! Stage 1, «Выбывающие»: the departures the decisions make, dated the old year's last day
//! (31 August) even when that day is still ahead — the students who finished (11th grade, and
//! 9th-graders who finish and leave) and those who leave — with the reason and destination of
//! their decision and the order of their class's council; repeaters are marked (stage 2 places
//! them in a class of the same grade).

use super::{Ctx, Tell};
use crate::error::{CoreError, Result, YearEndProblem};
use crate::forms::ru_date;
use crate::movement::{self, orders, Departure, DepartureReason};
use crate::people::Order;
use crate::rollover::decisions::{self, ClassDecisions, Decision, DecisionKind};
use crate::rollover::{RolloverProblem, Stage, StageReport};
use chrono::NaiveDate;

/// The title of the order the council's decisions go into, when stage 1 makes it.
const ORDER_TITLE: &str = "О переводе, оставлении на повторное обучение и выпуске";

/// The class council's order, made ahead of the departures with the council's decision as its
/// grounds (a departure finds it by its series, number and date); dated the departures' day
/// when it has no date, as a movement dates it.
fn council_order(ctx: &Ctx, class: &ClassDecisions, on: NaiveDate) -> Result<Order> {
    if class.council.order.is_empty() {
        return Ok(Order::default());
    }
    let order = Order {
        date: class.council.order.date.or(Some(on)),
        ..class.council.order.clone()
    };
    let protocol = match (class.council.protocol_number.trim(), class.council.held_on) {
        ("", None) => String::new(),
        (number, held) => format!(
            ", протокол № {number} от {}",
            held.map(ru_date).unwrap_or_default()
        ),
    };
    let grounds = format!("решение педагогического совета{protocol}");
    orders::find_or_create(
        ctx.db.conn(),
        orders::Book::Students,
        &order,
        ORDER_TITLE,
        &grounds,
    )?;
    Ok(order)
}

/// Records the departure of a student who finishes or leaves (a movement with its order); a
/// refusal of the movement's rules (a student who came after that day…) stops the stage.
fn depart(
    ctx: &Ctx,
    d: &Decision,
    reason: DepartureReason,
    order: &Order,
    on: NaiveDate,
) -> Result<std::result::Result<(), crate::error::FieldError>> {
    let departure = Departure {
        student_id: d.student_id,
        on,
        reason,
        destination: d.destination.clone(),
        order: order.clone(),
        note: String::new(),
    };
    match movement::leave(ctx.db, &departure) {
        Ok(_) => Ok(Ok(())),
        Err(CoreError::Refused(e)) => Ok(Err(e)),
        Err(e) => Err(e),
    }
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
            YearEndProblem::DepartureAhead {
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
            report.warn(
                label,
                "",
                YearEndProblem::NoTransferOrder {
                    class: label.into(),
                },
            );
        }
        let order = council_order(ctx, class, on)?;
        for d in &class.decisions {
            done += 1;
            tell(done, total);
            match d.kind {
                DecisionKind::Repeat => {
                    report.created.repeaters += 1;
                    repeaters.push(entry(label, d));
                }
                DecisionKind::Finished | DecisionKind::Left => {
                    if movement::left_school_by(conn, d.student_id, on)?.is_some() {
                        // Left on the year's last day by hand already: nothing to add.
                        continue;
                    }
                    let reason = d
                        .departure_reason
                        .unwrap_or_else(|| d.kind.usual_reason(class.grade));
                    if let Err(refusal) = depart(ctx, d, reason, &order, on)? {
                        let problem = RolloverProblem::refusal(label, &d.full_name, refusal);
                        report.problems.push(problem);
                        continue;
                    }
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
