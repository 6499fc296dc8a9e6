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
use chrono::{Datelike, NaiveDate};
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

choice_enum! {
    /// Уровень образования, as form ОО-1 counts staff by it.
    pub enum EducationLevel (fallback Unknown) {
        Unknown = "unknown", "Не указан";
        Higher = "higher", "Высшее";
        SecondaryVocational = "secondary_vocational", "Среднее профессиональное";
        SecondaryGeneral = "secondary_general", "Среднее общее";
    }
}

choice_enum! {
    /// Учёная степень.
    pub enum AcademicDegree (fallback None) {
        None = "none", "Нет";
        Candidate = "candidate", "Кандидат наук";
        Doctor = "doctor", "Доктор наук";
    }
}

/// The experience from `since` to `on` in full years and months; None when `since` is later.
pub fn experience_on(since: NaiveDate, on: NaiveDate) -> Option<(u32, u32)> {
    if since > on {
        return None;
    }
    let mut months = (on.year() - since.year()) * 12 + on.month() as i32 - since.month() as i32;
    if on.day() < since.day() {
        months -= 1;
    }
    let months = months as u32;
    Some((months / 12, months % 12))
}

/// «год», «года» or «лет» after `n`, as Russian counts years.
pub fn years_word(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "лет",
        (1, _) => "год",
        (2..=4, _) => "года",
        _ => "лет",
    }
}

/// An experience as the forms print it: «12 лет 3 мес.», «1 год», «0 лет 5 мес.».
pub fn experience_text((years, months): (u32, u32)) -> String {
    let years = format!("{years} {}", years_word(years));
    match months {
        0 => years,
        m => format!("{years} {m} мес."),
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
    /// A new appointment to a position at a full rate, with no dates or orders yet.
    pub fn new(staff_position_id: i64) -> Appointment {
        Appointment {
            id: None,
            staff_position_id,
            rate: 1.0,
            hired_on: None,
            hire_order: Order::default(),
            left_on: None,
            leave_order: Order::default(),
            leave_reason: String::new(),
            transferred_from_id: None,
            position_name: String::new(),
        }
    }

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
    /// The level as a choice, for the reports; [`StaffMember::education`] keeps the details.
    pub education_level: EducationLevel,
    /// The education is pedagogical (педагогическое): by the institution or the speciality.
    pub pedagogical_education: bool,
    /// Free text: institution, year, speciality (before version 13 also the level).
    pub education: String,
    pub qualification_category: QualificationCategory,
    /// The day the present category was awarded (the order of the attestation commission).
    pub category_awarded_on: Option<NaiveDate>,
    /// The day the total work experience began, as its equivalent date: breaks already taken
    /// out, so that the experience on any day is that day minus this one.
    pub experience_since: Option<NaiveDate>,
    /// The same for the pedagogical experience.
    pub pedagogical_experience_since: Option<NaiveDate>,
    pub academic_degree: AcademicDegree,
    /// «Почётный работник воспитания и просвещения РФ», as in the work record; one a line.
    pub honorary_titles: String,
    pub note: String,
    /// Saved all together with the member: sent rows with an id are changed, rows without
    /// one are added, stored rows not sent are removed.
    pub appointments: Vec<Appointment>,
}

impl StaffMember {
    /// An empty card: no name, no appointments, every field at its default.
    pub fn blank() -> StaffMember {
        StaffMember {
            id: None,
            last_name: String::new(),
            first_name: String::new(),
            patronymic: String::new(),
            sex: Sex::Female,
            birth_date: None,
            snils: String::new(),
            phone: String::new(),
            email: String::new(),
            education_level: EducationLevel::Unknown,
            pedagogical_education: false,
            education: String::new(),
            qualification_category: QualificationCategory::None,
            category_awarded_on: None,
            experience_since: None,
            pedagogical_experience_since: None,
            academic_degree: AcademicDegree::None,
            honorary_titles: String::new(),
            note: String::new(),
            appointments: Vec::new(),
        }
    }

    pub fn full_name(&self) -> String {
        people::full_name(&self.last_name, &self.first_name, &self.patronymic)
    }

    /// The pedagogical experience on `on` in full years and months; None when its start is not
    /// known or lies after `on`.
    pub fn pedagogical_experience_on(&self, on: NaiveDate) -> Option<(u32, u32)> {
        experience_on(self.pedagogical_experience_since?, on)
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
