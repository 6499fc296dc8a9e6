//! `zavuch-cli movement …`: a student's arrival, departure and transfer between classes, each
//! with its order; one JSON line for what was written.

use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;
use zavuch_core::movement::{
    self, orders, Arrival, Departure, DepartureReason, Moved, MovementKind, Transfer,
};
use zavuch_core::people::{Order, Sex};
use zavuch_core::students::Student;
use zavuch_core::{forms, CoreError, Db, Problem, Saved, Warning};

#[derive(Subcommand)]
pub enum MovementCommand {
    /// Зачислить ученика в класс с указанной даты (нового или вернувшегося — по № личного дела)
    Arrive {
        /// № личного дела
        #[arg(long, value_name = "НОМЕР")]
        file_number: String,
        /// Фамилия
        #[arg(long, value_name = "ФАМИЛИЯ")]
        surname: String,
        /// Имя
        #[arg(long, value_name = "ИМЯ")]
        name: String,
        /// Отчество (если есть)
        #[arg(long, value_name = "ОТЧЕСТВО")]
        patronymic: Option<String>,
        /// Пол: м или ж
        #[arg(long, value_name = "ПОЛ")]
        sex: String,
        /// Дата рождения, ДД.ММ.ГГГГ
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        birth_date: NaiveDate,
        /// Класс, например "7 А"
        #[arg(long, value_name = "КЛАСС")]
        class: String,
        /// Первый день в классе, ДД.ММ.ГГГГ
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: NaiveDate,
        /// Откуда прибыл, например "МБОУ СОШ № 5 г. Тулы"
        #[arg(long, value_name = "ОТКУДА")]
        from: Option<String>,
        /// Приказ, например "№ 12-у от 14.01.2027" (без даты — от дня движения)
        #[arg(long, value_name = "ПРИКАЗ")]
        order: Option<String>,
    },
    /// Оформить выбытие ученика из школы (дата — первый день, когда ученик уже не учится)
    Leave {
        /// № личного дела ученика
        #[arg(long, value_name = "НОМЕР")]
        student: String,
        /// Первый день, когда ученик уже не учится, ДД.ММ.ГГГГ
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: NaiveDate,
        /// Причина: код, полная или краткая формулировка ("перевод в другую ОО"), в любом регистре
        #[arg(long, value_name = "ПРИЧИНА")]
        reason: String,
        /// Куда выбыл: школа, колледж или "Неизвестно"
        #[arg(long, value_name = "КУДА")]
        destination: Option<String>,
        /// Приказ, например "№ 15-у от 20.01.2027" (без даты — от дня движения)
        #[arg(long, value_name = "ПРИКАЗ")]
        order: Option<String>,
    },
    /// Перевести ученика в другой класс того же учебного года с указанной даты
    Transfer {
        /// № личного дела ученика
        #[arg(long, value_name = "НОМЕР")]
        student: String,
        /// Класс, в который переводится ученик, например "5 Б"
        #[arg(long, value_name = "КЛАСС")]
        to_class: String,
        /// Первый день в новом классе, ДД.ММ.ГГГГ
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: NaiveDate,
        /// Приказ, например "№ 14-у от 15.01.2027" (без даты — от дня движения)
        #[arg(long, value_name = "ПРИКАЗ")]
        order: Option<String>,
    },
}

pub fn run(db: &Db, command: MovementCommand) -> Result<(), CoreError> {
    let saved = match command {
        MovementCommand::Arrive {
            file_number,
            surname,
            name,
            patronymic,
            sex,
            birth_date,
            class,
            date,
            from,
            order,
        } => {
            let sex = Sex::parse(&sex).ok_or_else(|| {
                CoreError::refused("sex", Problem::NotASex { value: sex.clone() })
            })?;
            let student = Student::listed(
                file_number,
                (surname, name, patronymic.unwrap_or_default()),
                sex,
                Some(birth_date),
            );
            let class_id = movement::class_for(db, &class, date)?
                .id
                .unwrap_or_default();
            let arrival = Arrival {
                student,
                class_id,
                on: date,
                origin: None,
                came_from: from.unwrap_or_default(),
                order: read_order(order)?,
                note: String::new(),
            };
            movement::arrive(db, &arrival, chrono::Local::now().date_naive())?
        }
        MovementCommand::Leave {
            student,
            date,
            reason,
            destination,
            order,
        } => {
            let departure = Departure {
                student_id: movement::student_by_file_number(db, &student)?,
                on: date,
                reason: DepartureReason::parse(&reason)
                    .map_err(|p| CoreError::refused("reason", p.into()))?,
                destination: destination.unwrap_or_default(),
                order: read_order(order)?,
                note: String::new(),
            };
            movement::leave(db, &departure)?
        }
        MovementCommand::Transfer {
            student,
            to_class,
            date,
            order,
        } => {
            let transfer = Transfer {
                student_id: movement::student_by_file_number(db, &student)?,
                to_class_id: movement::class_for(db, &to_class, date)?
                    .id
                    .unwrap_or_default(),
                on: date,
                order: read_order(order)?,
                note: String::new(),
            };
            movement::transfer(db, &transfer)?
        }
    };
    crate::print_out(&(line(&saved) + "\n"))?;
    Ok(())
}

/// «№ 12-у от 14.01.2027» as typed; none when left out.
pub(crate) fn read_order(text: Option<String>) -> Result<Order, CoreError> {
    match text.filter(|t| !t.trim().is_empty()) {
        Some(text) => orders::parse(&text).map_err(|p| CoreError::refused("order", p.into())),
        None => Ok(Order::default()),
    }
}

/// What was written, as one JSON line: who, what, from where to where, when, by which order,
/// the subgroups joined and the warnings.
fn line(saved: &Saved<Moved>) -> String {
    let m = &saved.value.movement;
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let (from, to) = match m.kind {
        MovementKind::Arrival => (text(&m.came_from), text(&m.to_class)),
        MovementKind::Departure => (text(&m.from_class), text(&m.destination)),
        MovementKind::Transfer | MovementKind::StudyForm => {
            (text(&m.from_class), text(&m.to_class))
        }
    };
    let subgroups: Vec<_> = saved
        .value
        .subgroups
        .iter()
        .map(|g| json!({"split": g.split, "subgroup": g.subgroup, "kept": g.kept}))
        .collect();
    let warnings = warnings_json(&saved.warnings);
    json!({
        "student": m.student_name,
        "file_number": m.file_number,
        "movement": m.kind.code(),
        "from": from,
        "to": to,
        "date": forms::ru_date(m.occurred_on),
        "reason": m.departure_reason.map(|r| r.label()),
        "order": text(&m.order_text),
        "subgroups": subgroups,
        "warnings": warnings,
    })
    .to_string()
}

/// The warnings of what was written: `[{"code": …, "message": …}]`.
pub(crate) fn warnings_json(warnings: &[Warning]) -> Vec<serde_json::Value> {
    warnings
        .iter()
        .map(|w| json!({"code": w.code, "message": w.message}))
        .collect()
}
