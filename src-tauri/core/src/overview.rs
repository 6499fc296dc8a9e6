//! Everything the foundation sections hold, in one serialisable value:
//! what `zavuch-cli school show --json` prints.

use crate::bells::{self, BellSchedule};
use crate::curriculum::{self, Curriculum, CurriculumKind};
use crate::db::Db;
use crate::error::Result;
use crate::rooms::{self, Equipment, Room};
use crate::school::{self, Credential, School};
use crate::subjects::{self, Subject};
use crate::year::{self, AcademicYear, Holiday, TermScheme};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct SchoolOverview {
    pub school: School,
    pub credentials: Vec<Credential>,
    /// Each year with how many classes and students it has.
    pub years: Vec<YearSummary>,
    pub academic_years: Vec<YearOverview>,
    pub bell_schedules: Vec<BellSchedule>,
    pub rooms: Vec<RoomOverview>,
    pub subjects: Vec<Subject>,
}

/// A year at a glance: its classes, and the students placed in a class of it at any time.
#[derive(Debug, Serialize)]
pub struct YearSummary {
    pub name: String,
    pub current: bool,
    pub classes: i64,
    pub students: i64,
}

#[derive(Debug, Serialize)]
pub struct YearOverview {
    #[serde(flatten)]
    pub year: AcademicYear,
    pub term_schemes: Vec<TermScheme>,
    pub holidays: Vec<Holiday>,
    /// Templates, the classes' curricula and the individual ones, with their lines.
    pub curricula: Vec<Curriculum>,
}

#[derive(Debug, Serialize)]
pub struct RoomOverview {
    #[serde(flatten)]
    pub room: Room,
    pub equipment: Vec<Equipment>,
}

pub fn load(db: &Db) -> Result<SchoolOverview> {
    let mut academic_years = Vec::new();
    let mut years = Vec::new();
    let mut bell_schedules = Vec::new();
    for y in year::list(db)? {
        let id = y.id.unwrap_or_default();
        let (classes, students) = db.conn().query_row(
            "SELECT (SELECT count(*) FROM class WHERE academic_year_id = ?1),
                    (SELECT count(DISTINCT student_id) FROM placement WHERE academic_year_id = ?1)",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        years.push(YearSummary {
            name: y.name.clone(),
            current: y.is_current,
            classes,
            students,
        });
        let detail = year::detail(db, id)?;
        bell_schedules.extend(bells::list(db, id)?);
        academic_years.push(YearOverview {
            year: detail.year,
            term_schemes: detail.schemes,
            holidays: detail.holidays,
            curricula: curriculum::all(db, id)?,
        });
    }
    let rooms = rooms::list(db)?
        .into_iter()
        .map(|room| {
            let equipment = rooms::equipment(db, room.id.unwrap_or_default())?;
            Ok(RoomOverview { room, equipment })
        })
        .collect::<Result<_>>()?;
    Ok(SchoolOverview {
        school: school::get(db)?,
        credentials: school::credentials(db)?,
        years,
        academic_years,
        bell_schedules,
        rooms,
        subjects: subjects::list(db, true)?,
    })
}

/// A date as the users write it (01.09.2026), or a dash where there is none.
fn ru_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(crate::forms::ru_date)
        .unwrap_or_else(|| "—".to_string())
}

/// A short Russian summary for the terminal.
pub fn summary(o: &SchoolOverview) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let s = &o.school;
    let _ = writeln!(
        out,
        "{}",
        non_empty(&s.full_name, "Школа (карта не заполнена)")
    );
    let _ = writeln!(
        out,
        "ИНН {}  ОГРН {}  директор: {}",
        s.inn, s.ogrn, s.director
    );
    let _ = writeln!(out, "Неделя: {}-дневная, смен: {}", s.week_days, s.shifts);
    for y in &o.academic_years {
        let mark = if y.year.is_current {
            " (текущий)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "\nУчебный год {}{mark}: {} – {}",
            y.year.name,
            ru_date(y.year.starts_on),
            ru_date(y.year.ends_on)
        );
        for scheme in &y.term_schemes {
            let _ = writeln!(out, "  {}:", scheme.name);
            for t in &scheme.terms {
                let _ = writeln!(
                    out,
                    "    {} {} – {}",
                    t.name,
                    ru_date(t.starts_on),
                    ru_date(t.ends_on)
                );
            }
        }
        let count = |kind| y.curricula.iter().filter(|c| c.kind == kind).count();
        if !y.curricula.is_empty() {
            let _ = writeln!(
                out,
                "  Учебные планы: шаблонов {}, классов {}, индивидуальных {}",
                count(CurriculumKind::Template),
                count(CurriculumKind::Class),
                count(CurriculumKind::Individual)
            );
        }
        for h in &y.holidays {
            let _ = writeln!(
                out,
                "  Каникулы «{}»: {} – {}",
                h.name,
                ru_date(h.starts_on),
                ru_date(h.ends_on)
            );
        }
    }
    for b in &o.bell_schedules {
        let _ = writeln!(
            out,
            "\nРасписание звонков «{}» ({} смена):",
            b.name, b.shift
        );
        for bell in &b.bells {
            let _ = writeln!(
                out,
                "  {}. {}–{}",
                bell.lesson_number, bell.starts_at, bell.ends_at
            );
        }
    }
    let equipment: usize = o.rooms.iter().map(|r| r.equipment.len()).sum();
    let _ = writeln!(
        out,
        "\nКабинетов: {}, единиц оборудования: {equipment}",
        o.rooms.len()
    );
    let visible = o.subjects.iter().filter(|s| !s.is_hidden).count();
    let _ = writeln!(
        out,
        "Предметов: {visible} (скрытых: {})",
        o.subjects.len() - visible
    );
    out
}

fn non_empty<'a>(value: &'a str, otherwise: &'a str) -> &'a str {
    if value.trim().is_empty() {
        otherwise
    } else {
        value
    }
}
