//! The refusals of `fet import`: what a FET file (.fet) holds that the school file cannot take
//! as it is. Each names every case at once and what to change in FET. Kept beside error.rs, as
//! `Problem::FetImport`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum FetImportProblem {
    /// Students sets that give no class: «ЛД101», «Группа 1».
    NotClasses { names: Vec<String> },
    /// Two students sets of the file that name one class: «5А» and «5 А».
    SameClass { pairs: Vec<String> },
    /// Teachers' names that are not «Фамилия Имя Отчество» or «Фамилия И.О.».
    TeacherNames { names: Vec<String> },
    /// A class with more subgroups than a split holds.
    TooManySubgroups { classes: Vec<String>, max: i32 },
    /// A subject taught to a class both whole and in its subgroups.
    WholeAndSplit { cases: Vec<String> },
    /// More hours a week of one subject for a class (or a subgroup) than a curriculum line holds.
    TooManyHours { cases: Vec<String>, max: f64 },
}

impl FetImportProblem {
    pub fn code(&self) -> &'static str {
        match self {
            FetImportProblem::NotClasses { .. } => "fet_import_not_classes",
            FetImportProblem::SameClass { .. } => "fet_import_same_class",
            FetImportProblem::TeacherNames { .. } => "fet_import_teacher_names",
            FetImportProblem::TooManySubgroups { .. } => "fet_import_too_many_subgroups",
            FetImportProblem::WholeAndSplit { .. } => "fet_import_whole_and_split",
            FetImportProblem::TooManyHours { .. } => "fet_import_too_many_hours",
        }
    }
}

/// ««5А», «ЛД101»».
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("«{n}»"))
        .collect::<Vec<_>>()
        .join(", ")
}

const NOTHING: &str = "Файл школы не изменён.";

impl fmt::Display for FetImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetImportProblem::NotClasses { names } => write!(
                f,
                "В файле FET группы учеников, из названий которых не понять класс: {}. \
                 Назовите их в FET как классы — «5А», «5 Б», «10-в» (год «5» с группами «5А», \
                 «5Б» тоже подходит) — и повторите. {NOTHING}",
                quoted(names)
            ),
            FetImportProblem::SameClass { pairs } => write!(
                f,
                "В файле FET разные группы учеников называют один и тот же класс: {}. \
                 Оставьте в FET одну из них и повторите. {NOTHING}",
                pairs.join("; ")
            ),
            FetImportProblem::TeacherNames { names } => write!(
                f,
                "Имена учителей в файле FET не читаются как «Фамилия Имя Отчество» или \
                 «Фамилия И.О.»: {}. Переименуйте их в FET и повторите. {NOTHING}",
                quoted(names)
            ),
            FetImportProblem::TooManySubgroups { classes, max } => write!(
                f,
                "У классов больше {max} подгрупп, а класс делится не больше чем на {max}: {}. \
                 Уменьшите число подгрупп в FET и повторите. {NOTHING}",
                classes.join("; ")
            ),
            FetImportProblem::WholeAndSplit { cases } => write!(
                f,
                "Предмет идёт и всему классу, и по подгруппам: {}. В Завуче предмет класса \
                 либо делится на подгруппы, либо нет: назовите в FET занятия всего класса \
                 другим предметом (например, «Английский язык (лекция)») или отдайте их \
                 подгруппам и повторите. {NOTHING}",
                cases.join("; ")
            ),
            FetImportProblem::TooManyHours { cases, max } => write!(
                f,
                "Больше {max} ч в неделю одного предмета у класса или подгруппы — столько \
                 строка учебного плана не вмещает: {}. Проверьте длительность занятий в FET и \
                 повторите. {NOTHING}",
                cases.join("; ")
            ),
        }
    }
}
