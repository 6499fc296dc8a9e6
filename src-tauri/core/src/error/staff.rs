//! The problems of staff movement (hire, transfer, leave): each names the staff member and says
//! what to do. Kept beside error.rs, as `Problem::Staff`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum StaffProblem {
    /// No staff member has this SNILS or full name.
    UnknownStaff { text: String },
    /// Several staff members have this full name.
    AmbiguousStaff { text: String, count: usize },
    /// A rate outside (0; 3].
    RateOutOfRange { name: String, rate: String },
    /// A leave or a transfer dated before the appointment began.
    LeaveBeforeHire {
        name: String,
        date: String,
        position: String,
        hired: String,
    },
    /// A transfer dated on the day the appointment began: nothing to end the day before.
    TransferOnHireDay {
        name: String,
        position: String,
        hired: String,
    },
    /// A date inside an appointment already closed: the history is written in date order.
    InsideClosed {
        name: String,
        date: String,
        position: String,
        from: String,
        to: String,
    },
    /// A hire or transfer to a position the staff member already holds.
    AlreadyHolds {
        name: String,
        position: String,
        since: String,
    },
    /// A leave or a transfer of a staff member who holds no position on that day.
    NotWorking { name: String, date: String },
    /// A transfer or leave of one of several positions without saying which.
    WhichAppointment { name: String, positions: String },
    /// A transfer to the same position and rate.
    SameAppointment {
        name: String,
        position: String,
        rate: String,
    },
    /// A position name that is not in the reference.
    UnknownPosition { text: String },
    /// A transfer or leave from a position the staff member does not hold.
    DoesNotHold { name: String, position: String },
}

impl StaffProblem {
    pub fn code(&self) -> &'static str {
        match self {
            StaffProblem::UnknownStaff { .. } => "unknown_staff",
            StaffProblem::AmbiguousStaff { .. } => "ambiguous_staff",
            StaffProblem::RateOutOfRange { .. } => "rate_out_of_range",
            StaffProblem::LeaveBeforeHire { .. } => "staff_leave_before_hire",
            StaffProblem::TransferOnHireDay { .. } => "staff_transfer_on_hire_day",
            StaffProblem::InsideClosed { .. } => "inside_closed_appointment",
            StaffProblem::AlreadyHolds { .. } => "already_holds_position",
            StaffProblem::NotWorking { .. } => "not_working",
            StaffProblem::WhichAppointment { .. } => "which_appointment",
            StaffProblem::SameAppointment { .. } => "same_appointment",
            StaffProblem::UnknownPosition { .. } => "unknown_position",
            StaffProblem::DoesNotHold { .. } => "does_not_hold_position",
        }
    }
}

impl fmt::Display for StaffProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StaffProblem::UnknownStaff { text } => write!(
                f,
                "Сотрудника «{text}» нет в школе. Укажите СНИЛС или полностью фамилию, имя и \
                 отчество, как в списке сотрудников."
            ),
            StaffProblem::AmbiguousStaff { text, count } => write!(
                f,
                "Сотрудников с именем «{text}» несколько ({count}): укажите СНИЛС."
            ),
            StaffProblem::RateOutOfRange { name, rate } => write!(
                f,
                "{name}: ставка {rate} вне допустимого — больше 0 и не больше 3 (1 — полная \
                 ставка, 0,5 — половина). Проверьте ставку."
            ),
            StaffProblem::LeaveBeforeHire {
                name,
                date,
                position,
                hired,
            } => write!(
                f,
                "{name} назначен(а) на должность «{position}» с {hired}, а дата — {date}, \
                 раньше назначения. Проверьте дату."
            ),
            StaffProblem::TransferOnHireDay {
                name,
                position,
                hired,
            } => write!(
                f,
                "{name} назначен(а) на должность «{position}» с {hired} — в тот же день \
                 перевод не оформляется. Если должность или ставка при назначении указаны \
                 неверно, исправьте назначение в карточке сотрудника; если перевод был позже, \
                 укажите дату после {hired}."
            ),
            StaffProblem::InsideClosed {
                name,
                date,
                position,
                from,
                to,
            } => write!(
                f,
                "{name}: дата {date} попадает в законченное назначение «{position}» \
                 ({from} — {to}). История пишется по порядку дат: укажите дату после {to}."
            ),
            StaffProblem::AlreadyHolds {
                name,
                position,
                since,
            } => write!(
                f,
                "{name} уже занимает должность «{position}» (с {since}): двух назначений на \
                 одну должность сразу быть не может. Оформите перевод на другую ставку."
            ),
            StaffProblem::NotWorking { name, date } => write!(
                f,
                "{name} не работает в школе на {date}: перевести или уволить можно только \
                 с должности, которую сотрудник в этот день занимает. Проверьте дату."
            ),
            StaffProblem::WhichAppointment { name, positions } => write!(
                f,
                "{name} занимает несколько должностей ({positions}): выберите, какую \
                 изменить."
            ),
            StaffProblem::SameAppointment {
                name,
                position,
                rate,
            } => write!(
                f,
                "{name} уже занимает должность «{position}» на {rate} ставки: укажите другую \
                 должность или ставку."
            ),
            StaffProblem::UnknownPosition { text } => write!(
                f,
                "Должности «{text}» нет в справочнике должностей. Проверьте название или \
                 добавьте должность в справочник."
            ),
            StaffProblem::DoesNotHold { name, position } => write!(
                f,
                "{name} не занимает должность «{position}»: выберите должность, которую \
                 сотрудник сейчас занимает."
            ),
        }
    }
}
