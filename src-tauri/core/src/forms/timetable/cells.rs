//! The texts of the cells, shared by the PDF and the .xlsx so that both always show the same
//! thing: a week's cell, the school sheet's cell, the bell times and the weekly lesson count.

use super::{SchoolForm, WeekOf};
use crate::timetable;
use crate::timetable::{Lesson, WeekView};

// ---------------------------------------------------------------------------------------------
// Cell texts

/// «1 гр.» for «1 группа»: a subgroup's name in a narrow cell.
pub(super) fn subgroup_short(name: &str) -> String {
    name.replace("группа", "гр.")
}

/// « (1-е пол.)» for a lesson of one half-year only; empty for a lesson of the whole year.
pub(super) fn half_mark(l: &Lesson) -> &'static str {
    match (l.in_first, l.in_second) {
        (true, false) => " (1-е пол.)",
        (false, true) => " (2-е пол.)",
        _ => "",
    }
}

/// «каб. 12»; a room named rather than numbered («Спортзал 1») as it is.
pub(super) fn room_text(room: &str) -> String {
    match room.chars().next() {
        None => String::new(),
        Some(c) if c.is_ascii_digit() => format!("каб. {room}"),
        Some(_) => room.to_string(),
    }
}

/// Lines joined, the empty ones left out.
fn lines<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a week's cell shows of each of its lessons, one under the other: a class's subject,
/// teacher and room (a subgroup's lesson starts «1 гр.: »), a teacher's class, subject and room,
/// a room's class, subject and teacher.
pub fn week_cell(of: WeekOf, lessons: &[Lesson]) -> String {
    let one = |l: &Lesson| {
        let subject = format!("{}{}", l.label, half_mark(l));
        let group = subgroup_short(&l.subgroup_name);
        let class = if group.is_empty() {
            l.classes_label.clone()
        } else {
            format!("{} ({group})", l.classes_label)
        };
        match of {
            WeekOf::Class(_) => {
                let subject = if group.is_empty() {
                    subject
                } else {
                    format!("{group}: {subject}")
                };
                let who = [l.teacher.clone(), room_text(&l.room)]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                lines([subject.as_str(), who.as_str()])
            }
            WeekOf::Teacher(_) => lines([
                class.as_str(),
                subject.as_str(),
                room_text(&l.room).as_str(),
            ]),
            WeekOf::Room(_) => lines([class.as_str(), subject.as_str(), l.teacher.as_str()]),
        }
    };
    lessons.iter().map(one).collect::<Vec<_>>().join("\n")
}

impl SchoolForm {
    /// The subject's short name («Матем.»), or the lesson's label for a course without one.
    pub(super) fn short(&self, l: &Lesson) -> String {
        l.subject_id
            .and_then(|id| self.short_names.get(&id).cloned())
            .unwrap_or_else(|| l.label.clone())
    }
}

/// A cell of the school sheet: the subject's short name and the room, a line per subject; the
/// subgroups of one subject share a line with their rooms «Ин. яз. (англ.) 21/22».
pub fn sheet_cell(form: &SchoolForm, lessons: &[Lesson]) -> String {
    let mut by_subject: Vec<(String, Vec<String>)> = Vec::new();
    for l in lessons {
        let short = format!("{}{}", form.short(l), half_mark(l));
        let room = if l.room.is_empty() {
            "—".to_string()
        } else {
            l.room.clone()
        };
        match by_subject.iter_mut().find(|(s, _)| *s == short) {
            Some((_, rooms)) => rooms.push(room),
            None => by_subject.push((short, vec![room])),
        }
    }
    by_subject
        .into_iter()
        .map(|(s, rooms)| format!("{s} {}", rooms.join("/")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// «1» over «08:30–09:15»: a lesson number with its bell times when the view has them.
pub(super) fn bell_text(row: &timetable::BellRow) -> String {
    if row.starts_at.is_empty() {
        row.lesson_number.to_string()
    } else {
        format!("{}\n{}–{}", row.lesson_number, row.starts_at, row.ends_at)
    }
}

/// «Понедельник».
pub(super) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// «29» or «29 (1-е полугодие), 28 (2-е полугодие)».
pub(super) fn lessons_text(view: &WeekView) -> String {
    if view.lessons_first == view.lessons_second {
        view.lessons_first.to_string()
    } else {
        format!(
            "{} (1-е полугодие), {} (2-е полугодие)",
            view.lessons_first, view.lessons_second
        )
    }
}
