//! The demo's curricula on a 5-day week, close to the federal basic curricula (ФОП НОО, ООО,
//! СОО, 2023–2024): «Базовый» in grades 1–9, «Универсальный» and the profile templates of the
//! demo's classes in 10–11, assigned to every class; 8 А (in-depth mathematics) has its own
//! adjustment; a «Надомное обучение» template and one home-schooled student on an individual
//! curriculum made from it.

use crate::classes::{self, Profile};
use crate::curriculum::{self, Curriculum, CurriculumKind, CurriculumLine, CurriculumPart};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::subjects;
use std::collections::HashMap;

use CurriculumPart::{Elective as E, Extracurricular as X, Mandatory as M};

/// A line of a level's table: (part, subject or course, hours a week by grade of the level).
type Line = (CurriculumPart, &'static str, &'static [u8]);

const RUS: &str = "Русский язык";
const ENG: &str = "Иностранный язык (английский)";
const PE: &str = "Физическая культура";
/// Extracurricular courses of every school (not subjects of the reference).
const TALKS: &str = "Разговоры о важном";
const HORIZONS: &str = "Россия — мои горизонты";

/// Grades 1–4.
const PRIMARY: &[Line] = &[
    (M, RUS, &[5, 5, 5, 5]),
    (M, "Литературное чтение", &[4, 4, 4, 3]),
    (M, ENG, &[0, 2, 2, 2]),
    (M, "Математика", &[4, 4, 4, 4]),
    (M, "Окружающий мир", &[2, 2, 2, 2]),
    (
        M,
        "Основы религиозных культур и светской этики",
        &[0, 0, 0, 1],
    ),
    (M, "Изобразительное искусство", &[1, 1, 1, 1]),
    (M, "Музыка", &[1, 1, 1, 1]),
    (M, "Труд (технология)", &[1, 1, 1, 1]),
    (M, PE, &[2, 2, 2, 2]),
    (E, PE, &[1, 1, 1, 1]),
    (X, TALKS, &[1, 1, 1, 1]),
    (X, "Орлята России", &[1, 1, 1, 1]),
    (X, "Функциональная грамотность", &[0, 1, 1, 1]),
];

/// Grades 5–9.
const BASIC: &[Line] = &[
    (M, RUS, &[5, 6, 4, 3, 3]),
    (M, "Литература", &[3, 3, 2, 2, 3]),
    (M, ENG, &[3, 3, 3, 3, 3]),
    (M, "Математика", &[5, 5, 0, 0, 0]),
    (M, "Алгебра", &[0, 0, 3, 3, 3]),
    (M, "Геометрия", &[0, 0, 2, 2, 2]),
    (M, "Вероятность и статистика", &[0, 0, 1, 1, 1]),
    (M, "Информатика", &[0, 0, 1, 1, 1]),
    (M, "История", &[2, 2, 2, 2, 2]),
    (M, "Обществознание", &[0, 1, 1, 1, 1]),
    (M, "География", &[1, 1, 2, 2, 2]),
    (M, "Физика", &[0, 0, 2, 2, 3]),
    (M, "Химия", &[0, 0, 0, 2, 2]),
    (M, "Биология", &[1, 1, 1, 2, 2]),
    (
        M,
        "Основы духовно-нравственной культуры народов России",
        &[1, 1, 0, 0, 0],
    ),
    (M, "Изобразительное искусство", &[1, 1, 1, 0, 0]),
    (M, "Музыка", &[1, 1, 1, 1, 0]),
    (M, "Труд (технология)", &[2, 2, 2, 1, 1]),
    (M, "Основы безопасности и защиты Родины", &[0, 0, 0, 1, 1]),
    (M, PE, &[2, 2, 2, 2, 2]),
    (E, "Математика", &[1, 0, 0, 0, 0]),
    (E, RUS, &[0, 0, 1, 0, 0]),
    (E, "Алгебра", &[0, 0, 0, 1, 0]),
    (E, PE, &[1, 1, 1, 1, 0]),
    (X, TALKS, &[1, 1, 1, 1, 1]),
    (X, HORIZONS, &[0, 1, 1, 1, 1]),
    (X, "Функциональная грамотность", &[1, 1, 1, 1, 1]),
];

/// Lines whose hours differ between the half-years: (grade, part, subject, first, second).
const BY_HALVES: &[(i32, CurriculumPart, &str, f64, f64)] =
    &[(9, E, PE, 1.0, 0.0), (9, E, RUS, 0.0, 1.0)];

/// Grades 10–11, the universal profile.
const SECONDARY: &[Line] = &[
    (M, RUS, &[2, 2]),
    (M, "Литература", &[3, 3]),
    (M, ENG, &[3, 3]),
    (M, "Алгебра", &[2, 2]),
    (M, "Геометрия", &[1, 1]),
    (M, "Вероятность и статистика", &[1, 1]),
    (M, "Информатика", &[1, 1]),
    (M, "История", &[2, 2]),
    (M, "Обществознание", &[2, 2]),
    (M, "География", &[1, 1]),
    (M, "Физика", &[2, 2]),
    (M, "Химия", &[1, 1]),
    (M, "Биология", &[1, 1]),
    (M, PE, &[2, 2]),
    (M, "Основы безопасности и защиты Родины", &[1, 1]),
    (M, "Индивидуальный проект", &[1, 0]),
    (E, "Алгебра", &[2, 2]),
    (E, "Геометрия", &[1, 1]),
    (E, RUS, &[1, 1]),
    (E, "Химия", &[1, 1]),
    (E, "Биология", &[1, 1]),
    (E, "Обществознание", &[1, 1]),
    (E, "История", &[0, 1]),
    (X, TALKS, &[1, 1]),
    (X, HORIZONS, &[1, 1]),
];

/// A profile template of grades 10–11: the universal obligatory part with subjects studied
/// in depth, and its own elective part (hours in 10, 11).
struct ProfileTemplate {
    profile: Profile,
    name: &'static str,
    in_depth: &'static [(&'static str, f64)],
    elective: &'static [(&'static str, [u8; 2])],
}

const PROFILES: &[ProfileTemplate] = &[
    ProfileTemplate {
        profile: Profile::NaturalScience,
        name: "Естественно-научный",
        in_depth: &[
            ("Алгебра", 4.0),
            ("Геометрия", 3.0),
            ("Химия", 3.0),
            ("Биология", 3.0),
        ],
        elective: &[("Биология", [0, 1])],
    },
    ProfileTemplate {
        profile: Profile::SocioEconomic,
        name: "Социально-экономический",
        in_depth: &[
            ("Алгебра", 4.0),
            ("Геометрия", 3.0),
            ("Обществознание", 4.0),
            ("География", 2.0),
        ],
        elective: &[("История", [0, 1])],
    },
    ProfileTemplate {
        profile: Profile::Technological,
        name: "Технологический",
        in_depth: &[
            ("Алгебра", 4.0),
            ("Геометрия", 2.0),
            ("Информатика", 4.0),
            ("Физика", 4.0),
        ],
        elective: &[("Физика", [0, 1])],
    },
];

const BASE_NAME: &str = "Базовый";
const UNIVERSAL_NAME: &str = "Универсальный";
const HOME_NAME: &str = "Надомное обучение";

/// Subject ids by name.
struct Subjects(HashMap<String, i64>);

impl Subjects {
    fn load(db: &Db) -> Result<Subjects> {
        Ok(Subjects(
            subjects::list(db, true)?
                .into_iter()
                .filter_map(|s| s.id.map(|id| (s.name, id)))
                .collect(),
        ))
    }

    /// A line: a subject of the reference, or an extracurricular course by name.
    fn line(&self, part: CurriculumPart, name: &str, first: f64, second: f64) -> CurriculumLine {
        let subject_id = self.0.get(name).copied();
        CurriculumLine {
            id: None,
            part,
            subject_id,
            course: if subject_id.is_none() {
                name.to_string()
            } else {
                String::new()
            },
            hours_first: first,
            hours_second: second,
            label: String::new(),
            annual_hours: 0.0,
        }
    }
}

/// The lines of a grade from its level's table, the half-year differences applied.
fn grade_lines(s: &Subjects, grade: i32) -> Vec<CurriculumLine> {
    let (table, first) = match grade {
        1..=4 => (PRIMARY, 1),
        5..=9 => (BASIC, 5),
        _ => (SECONDARY, 10),
    };
    let at = (grade - first) as usize;
    let mut lines: Vec<CurriculumLine> = table
        .iter()
        .filter(|(_, _, hours)| hours.get(at).is_some_and(|&h| h > 0))
        .map(|&(part, name, hours)| {
            let h = f64::from(hours[at]);
            s.line(part, name, h, h)
        })
        .collect();
    for &(g, part, name, first, second) in BY_HALVES {
        if g == grade {
            lines.retain(|l| !(l.part == part && l.subject_id == s.0.get(name).copied()));
            lines.push(s.line(part, name, first, second));
        }
    }
    lines
}

/// A profile's lines: the universal obligatory part with the in-depth hours, its own
/// elective part, the same extracurricular lines.
fn profile_lines(s: &Subjects, grade: i32, p: &ProfileTemplate) -> Vec<CurriculumLine> {
    let at = (grade - 10) as usize;
    let mut lines: Vec<CurriculumLine> = grade_lines(s, grade)
        .into_iter()
        .filter(|l| l.part != E)
        .map(|mut l| {
            let deep = p
                .in_depth
                .iter()
                .find(|(name, _)| l.part == M && l.subject_id == s.0.get(*name).copied());
            if let Some(&(_, h)) = deep {
                l.hours_first = h;
                l.hours_second = h;
            }
            l
        })
        .collect();
    let electives = p
        .elective
        .iter()
        .filter(|(_, h)| h[at] > 0)
        .map(|(name, h)| {
            let h = f64::from(h[at]);
            s.line(E, name, h, h)
        });
    let at_extra = lines
        .iter()
        .position(|l| l.part == X)
        .unwrap_or(lines.len());
    lines.splice(at_extra..at_extra, electives);
    lines
}

/// Home schooling: the obligatory part only, about half the hours (rounded up to a half
/// hour), the rest studied on one's own; «Разговоры о важном» stays.
fn home_lines(s: &Subjects, grade: i32) -> Vec<CurriculumLine> {
    grade_lines(s, grade)
        .into_iter()
        .filter(|l| l.part == M || l.course == TALKS)
        .map(|mut l| {
            if l.part == M {
                l.hours_first = l.hours_first.ceil() / 2.0;
                l.hours_second = l.hours_second.ceil() / 2.0;
            }
            l
        })
        .collect()
}

fn template(
    db: &Db,
    year_id: i64,
    grade: i32,
    name: &str,
    profile: Option<Profile>,
    lines: Vec<CurriculumLine>,
) -> Result<i64> {
    let c = Curriculum {
        grade,
        name: name.into(),
        profile,
        lines,
        ..Curriculum::new(year_id, CurriculumKind::Template)
    };
    let saved = curriculum::save(db, &c)?.value;
    saved.id.ok_or(CoreError::NotFound {
        what: "Учебный план",
    })
}

pub(super) fn create(db: &Db, year_id: i64) -> Result<()> {
    let s = Subjects::load(db)?;
    let class_list = classes::list(db, year_id, super::date(2026, 9, 1))?;
    for grade in 1..=11 {
        let base_name = if grade >= 10 {
            UNIVERSAL_NAME
        } else {
            BASE_NAME
        };
        let base_profile = (grade >= 10).then_some(Profile::Universal);
        let base = template(
            db,
            year_id,
            grade,
            base_name,
            base_profile,
            grade_lines(&s, grade),
        )?;
        let mut by_profile = vec![(Profile::Universal, base)];
        let of_grade: Vec<_> = class_list
            .iter()
            .filter(|c| c.class.grade == grade)
            .collect();
        for p in PROFILES {
            if of_grade.iter().any(|c| c.class.profile == Some(p.profile)) {
                let lines = profile_lines(&s, grade, p);
                let id = template(db, year_id, grade, p.name, Some(p.profile), lines)?;
                by_profile.push((p.profile, id));
            }
        }
        for c in of_grade {
            let template_id = by_profile
                .iter()
                .find(|(p, _)| Some(*p) == c.class.profile)
                .map_or(base, |(_, id)| *id);
            curriculum::assign(db, template_id, &[c.class.id.unwrap_or_default()])?;
        }
    }
    adjust_in_depth_maths(db, &s, &class_list)?;
    home_schooling(db, year_id, &s)
}

/// 8 А studies mathematics in depth: the elective hour of physical education goes to algebra.
fn adjust_in_depth_maths(db: &Db, s: &Subjects, class_list: &[classes::ClassRow]) -> Result<()> {
    let Some(row) = class_list
        .iter()
        .find(|c| c.class.kind == classes::ClassKind::InDepth)
    else {
        return Ok(());
    };
    let Some(mut c) = curriculum::of_class(db, row.class.id.unwrap_or_default())? else {
        return Ok(());
    };
    let pe = s.0.get(PE).copied();
    let algebra = s.0.get("Алгебра").copied();
    c.lines.retain(|l| !(l.part == E && l.subject_id == pe));
    for l in c
        .lines
        .iter_mut()
        .filter(|l| l.part == E && l.subject_id == algebra)
    {
        l.hours_first += 1.0;
        l.hours_second += 1.0;
    }
    c.note = "Углублённое изучение математики: час физической культуры части, формируемой \
              участниками, отдан алгебре"
        .into();
    curriculum::save(db, &c)?;
    Ok(())
}

/// The first home-schooled student of the year (by id) gets an individual curriculum from a
/// «Надомное обучение» template of the student's grade.
fn home_schooling(db: &Db, year_id: i64, s: &Subjects) -> Result<()> {
    let found: Option<(i64, i32)> = db
        .conn()
        .query_row(
            "SELECT st.id, c.grade FROM student st
               JOIN placement m ON m.student_id = st.id AND m.academic_year_id = ?1
               JOIN class c ON c.id = m.class_id
              WHERE st.study_form = 'home' ORDER BY st.id LIMIT 1",
            [year_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    let Some((student_id, grade)) = found else {
        return Ok(());
    };
    let home = template(db, year_id, grade, HOME_NAME, None, home_lines(s, grade))?;
    curriculum::start_individual(db, year_id, student_id, Some(home))?;
    Ok(())
}
