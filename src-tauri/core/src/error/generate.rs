//! The problems of the timetable generator's data (issue 13): teachers' wishes, paired lessons,
//! preferred rooms, kept versions of a timetable. Kept beside error.rs, as `Problem::Generate`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum GenerateProblem {
    /// An unavailable lesson number that no class the teacher teaches has in its bells.
    NoSuchLessonForTeacher { teacher: String, lesson: i32 },
    /// A day outside the school's week.
    DayOutsideWeek { day: i32, week_days: i32 },
    /// Max working days outside 1..6 (or above the school's week).
    MaxDaysOutOfRange { max: i32, week_days: i32 },
    /// More pairs than a half-year's hours of the line hold.
    TooManyPairs {
        what: String,
        pairs: i32,
        hours: i32,
        half: i32,
    },
    /// A preferred room that is not in the list of rooms.
    NoSuchRoom { id: i64 },
    /// A kept version of another year, or of none.
    NoSuchVersion { id: i64 },
    /// Class names the request lists that the year does not have.
    UnknownClasses { names: Vec<String> },
}

impl GenerateProblem {
    pub fn code(&self) -> &'static str {
        match self {
            GenerateProblem::NoSuchLessonForTeacher { .. } => "wish_no_such_lesson",
            GenerateProblem::DayOutsideWeek { .. } => "wish_day_outside_week",
            GenerateProblem::MaxDaysOutOfRange { .. } => "wish_max_days",
            GenerateProblem::TooManyPairs { .. } => "too_many_pairs",
            GenerateProblem::NoSuchRoom { .. } => "preferred_room_missing",
            GenerateProblem::NoSuchVersion { .. } => "timetable_version_missing",
            GenerateProblem::UnknownClasses { .. } => "generate_unknown_classes",
        }
    }
}

impl fmt::Display for GenerateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateProblem::NoSuchLessonForTeacher { teacher, lesson } => write!(
                f,
                "У классов, где ведёт уроки {teacher}, нет {lesson}-го урока в расписании \
                 звонков: выберите номер урока из звонков этих классов."
            ),
            GenerateProblem::DayOutsideWeek { day, week_days } => write!(
                f,
                "День {day} вне учебной недели школы ({week_days} дн.): выберите день от 1 \
                 до {week_days}."
            ),
            GenerateProblem::MaxDaysOutOfRange { max, week_days } => write!(
                f,
                "Число рабочих дней {max} вне допустимого: укажите от 1 до {week_days} \
                 или оставьте поле пустым."
            ),
            GenerateProblem::TooManyPairs {
                what,
                pairs,
                hours,
                half,
            } => write!(
                f,
                "{what}: {pairs} спаренных урока(ов) — это {} ур. в неделю, а в {half}-м \
                 полугодии у строки {hours} ч. Уменьшите число пар или увеличьте часы.",
                pairs * 2
            ),
            GenerateProblem::NoSuchRoom { id } => write!(
                f,
                "Кабинета с номером записи {id} нет: возможно, он удалён. Выберите кабинет из \
                 списка."
            ),
            GenerateProblem::NoSuchVersion { id } => write!(
                f,
                "Сохранённого расписания № {id} нет: возможно, оно уже удалено. Обновите список."
            ),
            GenerateProblem::UnknownClasses { names } => write!(
                f,
                "В текущем учебном году нет классов: {}. Пишите классы как в списке, через \
                 запятую: «5 А, 5 Б».",
                names.join(", ")
            ),
        }
    }
}
