//! The program's own failure: a panic caught before it reached the user (the app's commands,
//! the CLI's run). Kept beside error.rs, as `Problem::Program`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum ProgramProblem {
    /// A panic stopped the action; its details are in the log `log` (crate::panic_log).
    Crashed { log: String },
}

impl ProgramProblem {
    pub fn code(&self) -> &'static str {
        match self {
            ProgramProblem::Crashed { .. } => "program_failure",
        }
    }
}

impl fmt::Display for ProgramProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgramProblem::Crashed { log } => write!(
                f,
                "Внутренний сбой программы: действие прервано, начатая запись отменена — в файле \
                 школы ничего не изменилось. Можно продолжать работу. Подробности — в файле {log}: \
                 передайте его тем, кто сопровождает программу."
            ),
        }
    }
}
