//! The problems of student movement (arrivals, departures, transfers, orders): each names the
//! student and says what to do. Kept beside error.rs, as `Problem::Movement`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum MovementProblem {
    /// No student has this personal file number.
    UnknownFileNumber { number: String },
    /// The date is outside the academic year of the class.
    DateOutsideYear {
        student: String,
        date: String,
        class: String,
        year: String,
    },
    /// A transfer into a class of another academic year.
    ClassOfOtherYear {
        student: String,
        class: String,
        year: String,
        other_year: String,
    },
    /// A transfer into the class the student is in.
    SameClass { student: String, class: String },
    /// A departure or transfer dated before the student came to the class.
    BeforeArrival {
        student: String,
        date: String,
        class: String,
        since: String,
    },
    /// An arrival of a student who is in a class on that day (or later in the year).
    AlreadyPlaced {
        student: String,
        class: String,
        since: String,
    },
    /// A departure, transfer or change of form of a student not studying on that day.
    NotStudying { student: String, date: String },
    /// A movement dated before one already recorded: movements are entered in their order.
    LaterMovement {
        student: String,
        date: String,
        later: String,
    },
    /// A change of study form to the form the student has.
    SameStudyForm { student: String, form: String },
    /// Warning: the order is dated after the movement it orders.
    OrderAfterMovement { order: String, date: String },
    /// A departure reason that is no code, label or short wording of the list.
    UnknownDepartureReason { text: String, known: String },
    /// Order text that is not «№ 12-у от 14.01.2027».
    NotAnOrder { text: String },
    /// An arrival of a known file number with another person's name or birth date.
    OtherPerson {
        number: String,
        name: String,
        typed: String,
    },
}

impl MovementProblem {
    pub fn code(&self) -> &'static str {
        match self {
            MovementProblem::UnknownFileNumber { .. } => "unknown_file_number",
            MovementProblem::DateOutsideYear { .. } => "movement_outside_year",
            MovementProblem::ClassOfOtherYear { .. } => "class_of_other_year",
            MovementProblem::SameClass { .. } => "same_class",
            MovementProblem::BeforeArrival { .. } => "before_arrival",
            MovementProblem::AlreadyPlaced { .. } => "already_placed",
            MovementProblem::NotStudying { .. } => "not_studying",
            MovementProblem::LaterMovement { .. } => "later_movement",
            MovementProblem::SameStudyForm { .. } => "same_study_form",
            MovementProblem::OrderAfterMovement { .. } => "order_after_movement",
            MovementProblem::UnknownDepartureReason { .. } => "unknown_departure_reason",
            MovementProblem::NotAnOrder { .. } => "not_an_order",
            MovementProblem::OtherPerson { .. } => "file_number_of_other_person",
        }
    }
}

impl fmt::Display for MovementProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MovementProblem::UnknownFileNumber { number } => write!(
                f,
                "Обучающегося с личным делом № «{number}» в школе нет. Проверьте номер \
                 (список учеников, столбец «№ личн. дела»)."
            ),
            MovementProblem::DateOutsideYear {
                student,
                date,
                class,
                year,
            } => write!(
                f,
                "{student}: дата {date} вне учебного года {year} класса {class}. Укажите дату \
                 этого учебного года или выберите класс того года, к которому относится дата."
            ),
            MovementProblem::ClassOfOtherYear {
                student,
                class,
                year,
                other_year,
            } => write!(
                f,
                "{student} учится в {year} учебном году, а класс {class} — класс {other_year} \
                 учебного года. Переводить можно только в класс того же года; в следующий год \
                 обучающихся переводит переход на новый учебный год."
            ),
            MovementProblem::SameClass { student, class } => write!(
                f,
                "{student} уже учится в {class}: выберите другой класс для перевода."
            ),
            MovementProblem::BeforeArrival {
                student,
                date,
                class,
                since,
            } => write!(
                f,
                "{student} учится в {class} только с {since}, а дата — {date}, раньше \
                 зачисления. Проверьте дату."
            ),
            MovementProblem::AlreadyPlaced {
                student,
                class,
                since,
            } => write!(
                f,
                "{student} уже учится в {class} (с {since}): два места сразу быть не может. \
                 Оформите перевод в другой класс или сначала выбытие."
            ),
            MovementProblem::NotStudying { student, date } => write!(
                f,
                "{student} не обучается в школе на {date}: выбыть или перейти можно только \
                 из класса, где обучающийся в этот день учится. Проверьте дату."
            ),
            MovementProblem::LaterMovement {
                student,
                date,
                later,
            } => write!(
                f,
                "У обучающегося {student} уже есть движение позже {date} ({later}): движение \
                 записывается по порядку дат. Проверьте дату."
            ),
            MovementProblem::SameStudyForm { student, form } => write!(
                f,
                "{student} уже обучается по форме «{form}»: выберите другую форму."
            ),
            MovementProblem::OrderAfterMovement { order, date } => write!(
                f,
                "Приказ {order} издан позже даты движения ({date}). Движение записано; \
                 проверьте дату приказа."
            ),
            MovementProblem::UnknownDepartureReason { text, known } => {
                write!(f, "«{text}» — такой причины выбытия нет. Причины: {known}.")
            }
            MovementProblem::NotAnOrder { text } => write!(
                f,
                "«{text}» — не приказ. Напишите номер и дату приказа, например \
                 «№ 12-у от 14.01.2027»."
            ),
            MovementProblem::OtherPerson {
                number,
                name,
                typed,
            } => write!(
                f,
                "Личное дело № «{number}» — обучающегося {name}, а указан(а) {typed}. \
                 Проверьте номер личного дела или данные обучающегося."
            ),
        }
    }
}
