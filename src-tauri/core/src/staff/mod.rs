//! Staff («Сотрудники»): the positions reference (должности) and the staff members, each with
//! one or more appointments (назначение на должность): a position, a rate, a hire date and
//! order, and when the appointment ends a leave date and order. The appointments are the staff
//! member's history ([`movement`]: hire, transfer, leave, each with its order in the book of
//! orders on staff); the current ones are those open on a day. A staff member whose every
//! appointment has ended has left: the record stays for history and drops out of current lists.

mod members;
pub mod movement;
#[cfg(test)]
mod movement_tests;
mod positions;
#[cfg(test)]
mod tests;

pub use members::*;
pub use positions::*;

use crate::choice::choice_enum;
use crate::people::{self, Order, Sex};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The largest rate one appointment may carry (54 teaching hours a week); more is a typo.
pub const MAX_RATE: f64 = 3.0;

const MEMBER: &str = "Сотрудник";
const POSITION: &str = "Должность";

choice_enum! {
    pub enum QualificationCategory (fallback None) {
        None = "none", "Без категории";
        Conformity = "conformity", "Соответствие занимаемой должности";
        First = "first", "Первая";
        Highest = "highest", "Высшая";
        Methodist = "methodist", "Педагог-методист";
        Mentor = "mentor", "Педагог-наставник";
    }
}

/// A position of the reference («Учитель», «Педагог-психолог»…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffPosition {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    /// A pedagogical position (педагогический работник): teachers, psychologists, tutors…
    pub is_pedagogical: bool,
    /// Place in the list; the pre-filled positions count in tens.
    pub sort_order: i32,
    /// Read-only: how many appointments hold this position; ignored on save.
    #[serde(default)]
    pub uses: i32,
}

/// A staff member's position: rate, hire, leave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Appointment {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub staff_position_id: i64,
    /// Ставка: 1 is a full rate, 0.5 a half.
    pub rate: f64,
    pub hired_on: Option<NaiveDate>,
    pub hire_order: Order,
    /// Empty while the appointment lasts.
    pub left_on: Option<NaiveDate>,
    pub leave_order: Order,
    /// Why a leave ended the appointment («по собственному желанию»); empty while it lasts and
    /// when a transfer ended it.
    #[serde(default)]
    pub leave_reason: String,
    /// Read-only: the appointment a transfer ended to open this one; ignored on save.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub transferred_from_id: Option<i64>,
    /// Read-only: the position's name; ignored on save.
    #[serde(default)]
    pub position_name: String,
}

impl Appointment {
    /// Lasts on `on`: not ended before that day (the leave day itself is still a working day).
    pub fn lasts_on(&self, on: NaiveDate) -> bool {
        self.left_on.is_none_or(|left| left >= on)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffMember {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    /// «123-456-789 64»; stored in this form whatever way it was typed.
    pub snils: String,
    pub phone: String,
    pub email: String,
    /// Free text: level, institution, year, speciality.
    pub education: String,
    pub qualification_category: QualificationCategory,
    pub note: String,
    /// Saved all together with the member: sent rows with an id are changed, rows without
    /// one are added, stored rows not sent are removed.
    pub appointments: Vec<Appointment>,
}

impl StaffMember {
    pub fn full_name(&self) -> String {
        people::full_name(&self.last_name, &self.first_name, &self.patronymic)
    }

    /// Works at the school on `on`: some appointment lasts then.
    pub fn is_current_on(&self, on: NaiveDate) -> bool {
        self.appointments.iter().any(|a| a.lasts_on(on))
    }

    /// The appointments held on `on`: begun by then and not ended before (so a transfer's two
    /// appointments never count together); for a member hired later, those that will begin.
    pub fn appointments_on(&self, on: NaiveDate) -> Vec<&Appointment> {
        let lasting = self.appointments.iter().filter(|a| a.lasts_on(on));
        let held: Vec<&Appointment> = lasting
            .clone()
            .filter(|a| a.hired_on.is_none_or(|h| h <= on))
            .collect();
        match held.is_empty() {
            true => lasting.collect(),
            false => held,
        }
    }
}

/// A row of the staff list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StaffListItem {
    #[ts(type = "number")]
    pub id: i64,
    /// «Фамилия Имя Отчество».
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub phone: String,
    pub email: String,
    pub qualification_category: QualificationCategory,
    /// The positions held on the day of the list, «Учитель, Педагог-организатор»; for a member
    /// who has left, the positions held last.
    pub positions: String,
    /// The sum of the rates of those positions.
    pub rate: f64,
    /// The day the member was first hired (the earliest hire date of any appointment).
    pub hired_on: Option<NaiveDate>,
    pub is_current: bool,
    /// For a member who has left: the last day of work.
    pub left_on: Option<NaiveDate>,
}
