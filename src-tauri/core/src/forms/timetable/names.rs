//! What the timetable forms are called: the titles of a week, the school sheet and the
//! substitutions, and the file names they get in «Документы Завуча».

use super::{Heading, MonthForm, SchoolForm, SubstitutionsForm, WeekForm, WeekOf};
use crate::forms::documents;

// ---------------------------------------------------------------------------------------------
// Names

impl WeekForm {
    /// «5 А», «учителя Иванова А. П.», «кабинета 12»: what the week is of, in the document name.
    fn of_whom(&self) -> String {
        match self.of {
            WeekOf::Class(_) => self.view.title.clone(),
            WeekOf::Teacher(_) => format!("учителя {}", short_of(&self.view.title)),
            WeekOf::Room(_) => format!(
                "кабинета {}",
                self.view.title.trim_start_matches("Кабинет ").trim()
            ),
        }
    }

    /// «Расписание 5 А на 2026-2027 учебный год».
    pub fn title(&self) -> String {
        format!(
            "Расписание {} на {} учебный год",
            self.of_whom(),
            self.heading.year
        )
    }
}

/// «Иванова А. П.» from «Иванова Анна Петровна».
fn short_of(full_name: &str) -> String {
    let parts: Vec<&str> = full_name.split_whitespace().collect();
    match parts.as_slice() {
        [] => String::new(),
        [last, rest @ ..] => crate::people::short_name(
            last,
            rest.first().copied().unwrap_or(""),
            rest.get(1).copied().unwrap_or(""),
        ),
    }
}

/// The file name in «Документы Завуча»: «Расписание 5 А на 2026-2027 учебный год.pdf».
pub fn week_document_name(form: &WeekForm, ext: &str) -> String {
    documents::file_name(&form.title(), ext)
}

pub(super) fn school_title(heading: &Heading) -> String {
    format!("Расписание школы на {} учебный год", heading.year)
}

/// «Расписание школы на 2026-2027 учебный год.pdf».
pub fn school_document_name(form: &SchoolForm) -> String {
    documents::file_name(&school_title(&form.heading), "pdf")
}

/// The workbook's name: «Расписание на 2026-2027 учебный год.xlsx».
pub fn xlsx_document_name(form: &SchoolForm) -> String {
    documents::file_name(
        &format!("Расписание на {} учебный год", form.heading.year),
        "xlsx",
    )
}

pub(super) fn substitutions_title(form: &SubstitutionsForm) -> String {
    format!("Замены на {}", form.day.date_text)
}

/// «Замены на 01.10.2026.pdf».
pub fn substitutions_document_name(form: &SubstitutionsForm) -> String {
    documents::file_name(&substitutions_title(form), "pdf")
}

pub(super) fn month_title(form: &MonthForm) -> String {
    format!("Замены за {}", form.month)
}

/// «Замены за октябрь 2026.pdf».
pub fn month_document_name(form: &MonthForm) -> String {
    documents::file_name(&month_title(form), "pdf")
}
