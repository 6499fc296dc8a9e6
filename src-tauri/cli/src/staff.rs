//! `zavuch-cli staff …`: a staff member's hire, transfer to another position or rate, and leave,
//! each with its order in the book of orders on staff; one JSON line for what was written.

use crate::movement::{read_order, warnings_json};
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;
use zavuch_core::staff::movement::{self, Hire, Leave, StaffEvent, StaffTransfer};
use zavuch_core::{forms, CoreError, Db, Saved};

#[derive(Subcommand)]
pub enum StaffCommand {
    /// Принять сотрудника школы на должность с указанной даты (приказ по личному составу)
    Hire {
        /// Сотрудник: СНИЛС или фамилия, имя, отчество
        #[arg(long, value_name = "СНИЛС|ФИО")]
        staff: String,
        /// Должность из справочника, например "Учитель"
        #[arg(long, value_name = "ДОЛЖНОСТЬ")]
        position: String,
        /// Ставка: 1 — полная, 0,5 — половина
        #[arg(long, value_name = "СТАВКА", value_parser = parse_rate)]
        rate: f64,
        /// Первый рабочий день, ДД.ММ.ГГГГ
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: NaiveDate,
        /// Приказ, например "№ 12-к от 01.09.2026" (без даты — от дня приёма)
        #[arg(long, value_name = "ПРИКАЗ")]
        order: Option<String>,
    },
    /// Перевести сотрудника на другую должность или ставку с указанной даты (прежнее назначение заканчивается накануне)
    Transfer {
        /// Сотрудник: СНИЛС или фамилия, имя, отчество
        #[arg(long, value_name = "СНИЛС|ФИО")]
        staff: String,
        /// С какой должности, если сотрудник занимает несколько
        #[arg(long, value_name = "ДОЛЖНОСТЬ")]
        from_position: Option<String>,
        /// Новая должность (если не указана — та же, с другой ставкой)
        #[arg(long, value_name = "ДОЛЖНОСТЬ")]
        position: Option<String>,
        /// Новая ставка: 1 — полная, 0,5 — половина
        #[arg(long, value_name = "СТАВКА", value_parser = parse_rate)]
        rate: f64,
        /// Первый день на новой должности или ставке, ДД.ММ.ГГГГ
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: NaiveDate,
        /// Приказ, например "№ 14-к от 01.10.2026" (без даты — от дня перевода)
        #[arg(long, value_name = "ПРИКАЗ")]
        order: Option<String>,
    },
    /// Уволить сотрудника (со всех должностей или с одной) — дата последнего рабочего дня
    Leave {
        /// Сотрудник: СНИЛС или фамилия, имя, отчество
        #[arg(long, value_name = "СНИЛС|ФИО")]
        staff: String,
        /// Последний рабочий день, ДД.ММ.ГГГГ
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: NaiveDate,
        /// Основание увольнения, например "по собственному желанию"
        #[arg(long, value_name = "ОСНОВАНИЕ")]
        reason: String,
        /// Только с этой должности (если не указана — со всех)
        #[arg(long, value_name = "ДОЛЖНОСТЬ")]
        position: Option<String>,
        /// Приказ, например "№ 40-к от 30.06.2027" (без даты — от дня увольнения)
        #[arg(long, value_name = "ПРИКАЗ")]
        order: Option<String>,
    },
}

pub fn run(db: &Db, command: StaffCommand) -> Result<(), CoreError> {
    let saved = match command {
        StaffCommand::Hire {
            staff,
            position,
            rate,
            date,
            order,
        } => movement::hire(
            db,
            &Hire {
                staff_member_id: movement::find(db, &staff)?,
                staff_position_id: movement::find_position(db, &position)?,
                rate,
                on: date,
                order: read_order(order)?,
            },
        )?,
        StaffCommand::Transfer {
            staff,
            from_position,
            position,
            rate,
            date,
            order,
        } => {
            let id = movement::find(db, &staff)?;
            movement::transfer(
                db,
                &StaffTransfer {
                    staff_member_id: id,
                    appointment_id: appointment(db, id, from_position)?,
                    staff_position_id: position
                        .map(|p| movement::find_position(db, &p))
                        .transpose()?,
                    rate,
                    on: date,
                    order: read_order(order)?,
                },
            )?
        }
        StaffCommand::Leave {
            staff,
            date,
            reason,
            position,
            order,
        } => {
            let id = movement::find(db, &staff)?;
            movement::leave(
                db,
                &Leave {
                    staff_member_id: id,
                    appointment_id: appointment(db, id, position)?,
                    on: date,
                    reason,
                    order: read_order(order)?,
                },
            )?
        }
    };
    crate::print_out(&(line(&saved) + "\n"))?;
    Ok(())
}

/// The open appointment of the position named; none when no position is named.
fn appointment(db: &Db, member: i64, position: Option<String>) -> Result<Option<i64>, CoreError> {
    position
        .map(|p| movement::open_appointment(db, member, movement::find_position(db, &p)?))
        .transpose()
}

/// «0,5» or «0.5».
fn parse_rate(text: &str) -> Result<f64, String> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .map_err(|_| format!("«{text}» — не ставка: напишите число, например 1 или 0,5"))
}

/// What was written, as one JSON line.
fn line(saved: &Saved<StaffEvent>) -> String {
    let e = &saved.value;
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let warnings = warnings_json(&saved.warnings);
    json!({
        "staff": e.full_name,
        "event": e.kind.code(),
        "position": e.position,
        "rate": e.rate,
        "from_position": text(&e.from_position),
        "from_rate": e.from_rate,
        "date": forms::ru_date(e.on),
        "reason": text(&e.reason),
        "order": text(&e.order_text),
        "warnings": warnings,
    })
    .to_string()
}
