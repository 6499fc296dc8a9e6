//! Curricula («Учебный план»): templates per grade («Базовый», «Надомное обучение», a profile
//! template in grades 10–11), the curriculum of each class and the individual curricula (ИУП)
//! of students, all of one academic year.
//!
//! A class's curriculum is a copy of a template's lines made when the template is assigned
//! ([`assign`]); the class's copy is then edited without touching the template. So the hours a
//! class needs in each subject are plain rows ([`class_hours`]), which the teaching load and the
//! timetable build on. A student's individual curriculum replaces the class's for that student
//! ([`for_student`]).
//!
//! Hours are per week, in each half-year (a line may differ between them), multiples of 0.5.
//! Annual hours = first-half hours × 16 weeks + second-half hours × the rest of the year's weeks
//! (33 in grade 1, 34 in grades 2–11). The weekly total of the obligatory part and the part
//! formed by the participants is checked against the sanitary maximum for the grade and the
//! school's week length (a warning); extracurricular lines are kept apart and not counted in it.

use crate::choice::choice_enum;
use crate::classes::Profile;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod check;
mod copies;
mod limits;
mod read;
mod save;

pub use check::{check, preview};
pub use copies::{assign, copy, copy_to_year, start_individual};
pub use limits::{save_weekly_limit, weekly_limits};
pub use read::{
    all, class_hours, for_student, get, list, of_class, of_student, same_lines, templates,
};
pub use save::{delete, save};

#[cfg(test)]
pub(crate) mod tests;

/// The most hours a week one line may have (an in-depth subject is 6–7).
pub const MAX_LINE_HOURS: f64 = 10.0;
/// Weeks of the first half-year (September–December); the second half has the rest.
pub const WEEKS_FIRST_HALF: i32 = 16;
/// Grade 1 studies 33 weeks (an extra February holiday), grades 2–11 34 weeks.
pub fn weeks(grade: i32) -> i32 {
    if grade == 1 {
        33
    } else {
        34
    }
}

const CURRICULUM: &str = "Учебный план";

choice_enum! {
    /// What a curriculum is: a template of a grade, a class's curriculum, a student's ИУП.
    pub enum CurriculumKind (fallback Template) {
        Template = "template", "Шаблон учебного плана";
        Class = "class", "Учебный план класса";
        Individual = "individual", "Индивидуальный учебный план";
    }
}

choice_enum! {
    /// The part of the curriculum a line belongs to.
    pub enum CurriculumPart (fallback Mandatory) {
        Mandatory = "mandatory", "Обязательная часть";
        Elective = "elective", "Часть, формируемая участниками образовательных отношений";
        Extracurricular = "extracurricular", "Внеурочная деятельность";
    }
}

choice_enum! {
    /// A level of general education; the CLI writes it «1-4», «5-9», «10-11».
    pub enum Level (fallback Basic) {
        Primary = "primary", "Начальное общее образование";
        Basic = "basic", "Основное общее образование";
        Secondary = "secondary", "Среднее общее образование";
    }
}

impl Level {
    /// First and last grade (grade 12 of evening schools goes with the secondary level).
    pub fn grades(&self) -> (i32, i32) {
        match self {
            Level::Primary => (1, 4),
            Level::Basic => (5, 9),
            Level::Secondary => (10, 12),
        }
    }

    /// «1–4», «5–9», «10–11» as printed.
    pub fn range_label(&self) -> &'static str {
        match self {
            Level::Primary => "1–4",
            Level::Basic => "5–9",
            Level::Secondary => "10–11",
        }
    }

    /// Reads «5-9», «5–9», «10-11», «1-4» or a code («basic»).
    pub fn parse(text: &str) -> Option<Level> {
        let t = text.trim().replace(['–', '—'], "-");
        match t.as_str() {
            "1-4" => Some(Level::Primary),
            "5-9" => Some(Level::Basic),
            "10-11" | "10-12" => Some(Level::Secondary),
            _ => Level::ALL.into_iter().find(|l| l.code() == t),
        }
    }
}

/// Строка учебного плана.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CurriculumLine {
    /// Kept across saves (the teaching load refers to lines); None for a new line.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub part: CurriculumPart,
    /// Required in the obligatory part; optional for an elective or extracurricular course.
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    /// The name of a course («Разговоры о важном», «Финансовая грамотность»); shown instead of
    /// the subject's name when filled.
    pub course: String,
    /// Hours a week in the first and the second half-year.
    pub hours_first: f64,
    pub hours_second: f64,
    /// Read-only: the course, or else the subject's name.
    #[serde(default)]
    pub label: String,
    /// Read-only: hours in the year (by the weeks of the curriculum's grade).
    #[serde(default)]
    pub annual_hours: f64,
}

/// Weekly and annual totals of a curriculum, with the sanitary maximum they are checked against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CurriculumTotals {
    /// Weeks of the year for the grade (33 or 34), of which `weeks_first` in the first half.
    pub weeks: i32,
    pub weeks_first: i32,
    /// Obligatory part + the part formed by the participants: hours a week per half-year.
    pub weekly_first: f64,
    pub weekly_second: f64,
    /// The same in the year.
    pub annual: f64,
    pub extracurricular_first: f64,
    pub extracurricular_second: f64,
    pub extracurricular_annual: f64,
    /// The school's week (5 or 6 days) and the maximum weekly load for the grade on it.
    pub week_days: i32,
    pub sanitary_max: Option<i32>,
}

impl CurriculumTotals {
    /// Either half-year's weekly hours above the sanitary maximum.
    pub fn above_max(&self) -> bool {
        self.sanitary_max
            .is_some_and(|max| self.weekly_first.max(self.weekly_second) > f64::from(max))
    }
}

/// A curriculum of any kind with its lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Curriculum {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    /// Set when created; a curriculum does not change its kind, class or student.
    pub kind: CurriculumKind,
    /// Template: its grade 1–12. Class and individual: the class's grade (read-only).
    pub grade: i32,
    /// Template: required, unique among the grade's templates («Базовый»). Others: optional.
    pub name: String,
    /// Grades 10–11 only.
    pub profile: Option<Profile>,
    /// Kind `class`: the class. Kind `individual`: the student's class (read-only).
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
    /// Kind `individual`: the student.
    #[ts(type = "number | null")]
    pub student_id: Option<i64>,
    /// The template the lines were copied from (a template of the same year and grade).
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    pub note: String,
    pub lines: Vec<CurriculumLine>,
    /// Read-only: «Базовый (5 кл.)», «5 А», «ИУП: Иванов И. И. (5 А)».
    #[serde(default)]
    pub title: String,
    /// Read-only: the name of `template_id`.
    #[serde(default)]
    pub template_name: String,
    /// Read-only.
    #[serde(default)]
    pub totals: CurriculumTotals,
}

impl Curriculum {
    /// An empty curriculum of a kind, to fill in.
    pub fn new(academic_year_id: i64, kind: CurriculumKind) -> Curriculum {
        Curriculum {
            id: None,
            academic_year_id,
            kind,
            grade: 0,
            name: String::new(),
            profile: None,
            class_id: None,
            student_id: None,
            template_id: None,
            note: String::new(),
            lines: Vec::new(),
            title: String::new(),
            template_name: String::new(),
            totals: CurriculumTotals::default(),
        }
    }
}

/// A row of the curricula list of a year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CurriculumSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: CurriculumKind,
    pub grade: i32,
    pub name: String,
    pub profile: Option<Profile>,
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
    #[ts(type = "number | null")]
    pub student_id: Option<i64>,
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    pub title: String,
    pub template_name: String,
    pub lines: i32,
    pub totals: CurriculumTotals,
    /// Templates: the class curricula copied from it.
    pub classes: i32,
    /// Class curricula: the lines differ from the template's (adjusted for the class).
    pub adjusted: bool,
}

/// Hours a class needs in one line of its curriculum: what the teaching load distributes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassHours {
    #[ts(type = "number")]
    pub class_id: i64,
    #[ts(type = "number")]
    pub line_id: i64,
    pub part: CurriculumPart,
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    pub label: String,
    pub hours_first: f64,
    pub hours_second: f64,
}

/// The maximum weekly load of a grade on a 5- or 6-day week (editable reference data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeeklyLimit {
    pub grade: i32,
    pub week_days: i32,
    pub max_hours: i32,
    /// Where the figure comes from («СанПиН 1.2.3685-21, табл. 6.6»).
    pub source: String,
}

// ---------------------------------------------------------------------------------------------
// Hours

/// Hours as printed: «5», «0,5», «1,5».
pub fn hours_text(h: f64) -> String {
    let text = if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    };
    text.replace('.', ",")
}

/// A line's weekly hours as printed: «5», or «2/1» when the half-years differ.
pub fn weekly_text(first: f64, second: f64) -> String {
    if first == second {
        hours_text(first)
    } else {
        format!("{}/{}", hours_text(first), hours_text(second))
    }
}

/// Hours in the year of a line with these weekly hours, for a grade.
pub fn annual_hours(grade: i32, first: f64, second: f64) -> f64 {
    let total = weeks(grade.max(1));
    first * f64::from(WEEKS_FIRST_HALF) + second * f64::from(total - WEEKS_FIRST_HALF)
}

fn hours_ok(h: f64) -> bool {
    h.is_finite() && (0.0..=MAX_LINE_HOURS).contains(&h) && (h * 2.0).fract() == 0.0
}
