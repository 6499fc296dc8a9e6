//! «Составить расписание» (issue 13): the school's timetable made by the timetable engine.
//!
//! `wishes` holds what the user adds for it (teachers' unavailable lessons, working days and
//! methodical day, paired lessons and a preferred room on a load line, locked lessons) and
//! `wishes_sheet` what the screens of wishes read;
//! `versions` keeps the timetable a generation replaced, so that «Вернуть прежнее» restores it.
//! `school` makes the school an engine problem (`rooms`: rooms; `names`: the school's names for
//! what the engine numbers); `generate` asks the engine and writes its timetable.

mod generate;
mod names;
mod rooms;
mod school;
mod versions;
mod wishes;
mod wishes_sheet;

pub(crate) use generate::place_whole_school;
pub use generate::{generate, GenerateReport, GenerateRequest, WhyItem, BEFORE_GENERATION};

pub use versions::{discard_version, restore_version, versions, TimetableVersion};
pub use wishes::{
    set_locked, set_paired_lessons, set_preferred_room, set_teacher_wishes, set_teachers_wishes,
    teacher_wishes, TeacherWishes,
};
pub use wishes_sheet::{
    load_line_wishes, teacher_wishes_sheet, wishes_sheet, LoadLineWishes, TeacherWishesRow,
    WishesSheet,
};

#[cfg(test)]
mod tests;
