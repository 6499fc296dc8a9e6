//! The problems of reading a FET file (.fet) for the timetable engine: a file that is not FET,
//! a name a constraint uses that the file does not define, and constraint kinds the engine
//! does not support. Kept beside error.rs, as `Problem::Fet`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum FetProblem {
    /// Not XML, or XML without FET's lists.
    NotFet { file: String, detail: String },
    /// A constraint or an activity names a teacher, students set, room, day, hour or
    /// activity the file does not define.
    UnknownName {
        what: &'static str,
        name: String,
        place: String,
    },
    /// Active constraints of kinds outside what the engine supports.
    Unsupported { kinds: Vec<String> },
    /// A number field that is not a number, or out of its range.
    BadNumber {
        place: String,
        field: &'static str,
        value: String,
        range: String,
    },
}

impl FetProblem {
    pub fn code(&self) -> &'static str {
        match self {
            FetProblem::NotFet { .. } => "fet_not_fet",
            FetProblem::UnknownName { .. } => "fet_unknown_name",
            FetProblem::Unsupported { .. } => "fet_unsupported",
            FetProblem::BadNumber { .. } => "fet_bad_number",
        }
    }
}

impl fmt::Display for FetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetProblem::NotFet { file, detail } => write!(
                f,
                "Файл «{file}» не читается как файл FET (.fet): {detail}. Откройте его в FET, \
                 сохраните заново и повторите."
            ),
            FetProblem::UnknownName { what, name, place } => write!(
                f,
                "В файле FET {place} называет {what} «{name}», которого в файле нет. \
                 Исправьте файл в FET и повторите."
            ),
            FetProblem::Unsupported { kinds } => write!(
                f,
                "Файл FET использует ограничения, которых Завуч пока не учитывает: {}. \
                 Расписание не составлено. Чтобы составить его без этих ограничений, добавьте \
                 --ignore-unsupported (они будут названы в итоге).",
                kinds.join(", ")
            ),
            FetProblem::BadNumber {
                place,
                field,
                value,
                range,
            } => write!(
                f,
                "В файле FET {place}: {field} «{value}» — а нужно число {range}. Исправьте \
                 файл в FET и повторите."
            ),
        }
    }
}
