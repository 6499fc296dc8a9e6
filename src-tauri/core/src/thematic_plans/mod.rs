//! Thematic plans (календарно-тематическое планирование, КТП): per class (or one subgroup) and
//! subject, numbered sections holding numbered lesson topics with hours, the kind of work and a
//! planned date; the textbooks (УМК) of a subject and grade. The plan's hours are compared with
//! the curriculum's annual hours, here and in the school-wide overview. Dates are filled from
//! the class's timetable over the terms, skipping holidays. See docs/data-model.md.

mod calendar;
mod copies;
pub mod exchange;
#[cfg(test)]
mod tests;

use crate::choice::choice_enum;
use crate::classes::{self, Class};
use crate::curriculum::{annual_hours, hours_text};
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, FieldError, Problem, Result, Saved, Warning};
use crate::people;
use crate::year::{self, AcademicYear};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use calendar::{distribute_dates, dmy, Calendar};
pub use copies::{copy_from_last_year, copy_to_class};

const PLAN: &str = "Тематический план";

choice_enum! {
    /// Вид работы of a topic.
    pub enum TopicKind (fallback Lesson) {
        Lesson = "lesson", "урок";
        Test = "test", "контрольная работа";
        Practical = "practical", "практическая работа";
        Laboratory = "laboratory", "лабораторная работа";
        Dictation = "dictation", "диктант";
        Essay = "essay", "сочинение";
        Project = "project", "проектная работа";
        Excursion = "excursion", "экскурсия";
        Review = "review", "повторение";
    }
}

choice_enum! {
    /// How a class's subject stands in the overview of plans.
    pub enum PlanStatus (fallback Missing) {
        Missing = "missing", "нет плана";
        HoursDiffer = "hours_differ", "часы не совпадают";
        Ok = "ok", "в порядке";
    }
}

/// One lesson topic (тема урока); `number` runs through the whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ThematicTopic")]
pub struct Topic {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Set by the core on save: 1, 2, … through the plan in order.
    #[ts(type = "number")]
    pub number: i64,
    pub topic: String,
    pub hours: f64,
    pub kind: TopicKind,
    /// The planned day of the topic's first lesson.
    pub planned_date: Option<NaiveDate>,
}

/// A section (раздел, глава) of a plan; `number` is set by the core on save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ThematicSection")]
pub struct Section {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub number: i64,
    pub name: String,
    pub topics: Vec<Topic>,
}

/// The plan's hours against the curriculum's annual hours of the class and subject.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanTotals {
    pub planned: f64,
    /// None when the class's curriculum has no line of the subject.
    pub curriculum: Option<f64>,
    /// planned − curriculum.
    pub difference: Option<f64>,
}

/// Which plan: a class (or one of its subgroups) and a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ThematicPlanKey")]
pub struct PlanKey {
    #[ts(type = "number")]
    pub class_id: i64,
    #[ts(type = "number | null")]
    pub subgroup_id: Option<i64>,
    #[ts(type = "number")]
    pub subject_id: i64,
}

/// A thematic plan with what is shown with it (read-only fields are ignored on save).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ThematicPlan {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub key: PlanKey,
    pub note: String,
    pub sections: Vec<Section>,
    /// Read-only: «5 А».
    #[serde(default)]
    pub class_label: String,
    #[serde(default)]
    pub subject_name: String,
    /// Read-only: empty for the whole class.
    #[serde(default)]
    pub subgroup_name: String,
    /// Read-only: the teachers of the load lines («Иванова А. П.»).
    #[serde(default)]
    pub teacher: String,
    /// Read-only: the textbooks of the subject and grade.
    #[serde(default)]
    pub textbooks: Vec<String>,
    #[serde(default)]
    pub totals: PlanTotals,
}

impl ThematicPlan {
    /// An empty plan for a key.
    pub fn new(key: PlanKey) -> ThematicPlan {
        ThematicPlan {
            id: None,
            key,
            note: String::new(),
            sections: Vec::new(),
            class_label: String::new(),
            subject_name: String::new(),
            subgroup_name: String::new(),
            teacher: String::new(),
            textbooks: Vec::new(),
            totals: PlanTotals::default(),
        }
    }

    pub fn hours(&self) -> f64 {
        self.topics().map(|t| t.hours).sum()
    }

    pub fn topics(&self) -> impl Iterator<Item = &Topic> {
        self.sections.iter().flat_map(|s| s.topics.iter())
    }

    /// «5 А, Математика», with the subgroup when there is one.
    pub fn title(&self) -> String {
        let mut out = format!("{}, {}", self.class_label, self.subject_name);
        if !self.subgroup_name.is_empty() {
            out.push_str(&format!(", {}", self.subgroup_name));
        }
        out
    }
}

/// A row of the school-wide overview: a class's subject and how its plan stands.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, rename = "ThematicOverviewRow")]
pub struct OverviewRow {
    #[ts(type = "number")]
    pub class_id: i64,
    pub class_label: String,
    #[ts(type = "number")]
    pub subject_id: i64,
    pub subject_name: String,
    pub subgroup_name: String,
    #[ts(type = "number | null")]
    pub plan_id: Option<i64>,
    pub curriculum_hours: f64,
    pub plan_hours: Option<f64>,
    pub status: PlanStatus,
}

// ---------------------------------------------------------------------------------------------
// Reading

fn read_sections(conn: &Connection, plan_id: i64) -> Result<Vec<Section>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.number, s.name, t.id, t.number, t.topic, t.hours, t.kind, t.planned_date
           FROM thematic_section s
           LEFT JOIN thematic_topic t ON t.thematic_section_id = s.id
          WHERE s.thematic_plan_id = ?1
          ORDER BY s.number, t.number",
    )?;
    let mut rows = stmt.query([plan_id])?;
    let mut sections: Vec<Section> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if sections.last().is_none_or(|s| s.id != Some(id)) {
            sections.push(Section {
                id: Some(id),
                number: r.get(1)?,
                name: r.get(2)?,
                topics: Vec::new(),
            });
        }
        if let Some(topic_id) = r.get::<_, Option<i64>>(3)? {
            let topic = Topic {
                id: Some(topic_id),
                number: r.get(4)?,
                topic: r.get(5)?,
                hours: r.get(6)?,
                kind: TopicKind::from_code(&r.get::<_, String>(7)?),
                planned_date: r.get(8)?,
            };
            if let Some(s) = sections.last_mut() {
                s.topics.push(topic);
            }
        }
    }
    Ok(sections)
}

/// Hours a year of the subject in the class's curriculum (None: no such line).
fn curriculum_hours(conn: &Connection, class_id: i64, subject_id: i64) -> Result<Option<f64>> {
    let mut stmt = conn.prepare(
        "SELECT k.grade, l.hours_first, l.hours_second
           FROM curriculum c
           JOIN class k ON k.id = c.class_id
           JOIN curriculum_line l ON l.curriculum_id = c.id
          WHERE c.kind = 'class' AND c.class_id = ?1 AND l.subject_id = ?2",
    )?;
    let hours: Vec<f64> = stmt
        .query_map([class_id, subject_id], |r| {
            Ok(annual_hours(r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((!hours.is_empty()).then(|| hours.iter().sum()))
}

/// The teachers of the class's load lines of the subject (and subgroup). The unary `+` keeps
/// SQLite off the subgroup index, which for «no subgroup» reads every load of the school.
fn teachers(conn: &Connection, key: &PlanKey) -> Result<String> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT m.last_name, m.first_name, m.patronymic
           FROM teaching_load t
           JOIN teaching_load_line tl ON tl.teaching_load_id = t.id
           JOIN curriculum_line l ON l.id = tl.curriculum_line_id
           JOIN curriculum c ON c.id = l.curriculum_id
           JOIN staff_member m ON m.id = t.staff_member_id
          WHERE c.kind = 'class' AND c.class_id = ?1 AND l.subject_id = ?2
            AND +t.subgroup_id IS ?3
          ORDER BY t.id",
    )?;
    let names: Vec<String> = stmt
        .query_map(
            params![key.class_id, key.subject_id, key.subgroup_id],
            |r| {
                Ok(people::short_name(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names.join(", "))
}

/// The textbooks (УМК) of a subject in a grade, in order.
pub fn textbooks(
    db: &Db,
    academic_year_id: i64,
    subject_id: i64,
    grade: i32,
) -> Result<Vec<String>> {
    let mut stmt = db.conn().prepare(
        "SELECT title FROM textbook WHERE academic_year_id = ?1 AND subject_id = ?2 AND grade = ?3
          ORDER BY position, id",
    )?;
    let titles = stmt
        .query_map(params![academic_year_id, subject_id, grade], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(titles)
}

/// Replaces the textbooks of a subject in a grade (empty lines are left out).
pub fn set_textbooks(
    db: &Db,
    academic_year_id: i64,
    subject_id: i64,
    grade: i32,
    titles: &[String],
) -> Result<Vec<String>> {
    db.write(|conn| {
        conn.execute(
            "DELETE FROM textbook WHERE academic_year_id = ?1 AND subject_id = ?2 AND grade = ?3",
            params![academic_year_id, subject_id, grade],
        )?;
        let clean = titles
            .iter()
            .map(|t| people::clean(t))
            .filter(|t| !t.is_empty());
        for (i, title) in clean.enumerate() {
            conn.execute(
                "INSERT INTO textbook (academic_year_id, subject_id, grade, position, title)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![academic_year_id, subject_id, grade, i as i64, title],
            )?;
        }
        Ok(())
    })?;
    textbooks(db, academic_year_id, subject_id, grade)
}

/// The plan with what is shown with it.
pub fn get(db: &Db, id: i64) -> Result<ThematicPlan> {
    db.read(|conn| {
        let (key, note) = conn
            .query_row(
                "SELECT class_id, subgroup_id, subject_id, note FROM thematic_plan WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        PlanKey {
                            class_id: r.get(0)?,
                            subgroup_id: r.get(1)?,
                            subject_id: r.get(2)?,
                        },
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?
            .ok_or(CoreError::NotFound { what: PLAN })?;
        let mut plan = ThematicPlan::new(key);
        plan.id = Some(id);
        plan.note = note;
        plan.sections = read_sections(conn, id)?;
        fill_shown(db, &mut plan)?;
        Ok(plan)
    })
}

/// Fills the read-only fields of a plan: names, teacher, textbooks and totals.
fn fill_shown(db: &Db, plan: &mut ThematicPlan) -> Result<()> {
    let conn = db.conn();
    let class = classes::get(db, plan.key.class_id)?;
    plan.class_label = class.label();
    plan.subject_name = crate::subjects::get(db, plan.key.subject_id)?.name;
    plan.subgroup_name = match plan.key.subgroup_id {
        Some(id) => conn
            .query_row("SELECT name FROM subgroup WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default(),
        None => String::new(),
    };
    plan.teacher = teachers(conn, &plan.key)?;
    plan.textbooks = textbooks(db, class.academic_year_id, plan.key.subject_id, class.grade)?;
    let curriculum = curriculum_hours(conn, plan.key.class_id, plan.key.subject_id)?;
    let planned = plan.hours();
    plan.totals = PlanTotals {
        planned,
        curriculum,
        difference: curriculum.map(|c| planned - c),
    };
    Ok(())
}

/// The plan of a class (or subgroup) and subject, if there is one.
pub fn find(db: &Db, key: &PlanKey) -> Result<Option<ThematicPlan>> {
    let id: Option<i64> = db
        .conn()
        .query_row(
            "SELECT id FROM thematic_plan WHERE class_id = ?1 AND subject_id = ?2
               AND subgroup_id IS ?3",
            params![key.class_id, key.subject_id, key.subgroup_id],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get(db, id)).transpose()
}

/// The class (or subgroup) and subject by the names a user types: «5 А», «Математика» (or its
/// short name), in the current year.
pub fn key_by_names(db: &Db, class: &str, subject: &str) -> Result<PlanKey> {
    key_by_names_in_year(db, year::current_id(db)?, class, subject)
}

/// [`key_by_names`] in the year `year`.
pub fn key_by_names_in_year(db: &Db, year: i64, class: &str, subject: &str) -> Result<PlanKey> {
    let class_id = classes::find_by_label(db, year, class)?
        .and_then(|c| c.id)
        .ok_or_else(|| {
            CoreError::refused(
                "class",
                Problem::UnknownClass {
                    label: class.to_string(),
                },
            )
        })?;
    let subject_id = crate::subjects::by_name(db, subject)?;
    Ok(PlanKey {
        class_id,
        subgroup_id: None,
        subject_id,
    })
}

/// The subgroups of the class in the subject (of the split that holds the class), in order.
fn subgroups(conn: &Connection, class_id: i64, subject_id: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.name FROM subgroup g
           JOIN subgroup_split_class c ON c.split_id = g.split_id
          WHERE c.class_id = ?1 AND c.subject_id = ?2
          ORDER BY g.position, g.id",
    )?;
    let list = stmt
        .query_map([class_id, subject_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

/// The refusal of a subgroup the class does not have in the subject, listing those it has.
fn unknown_subgroup(db: &Db, key: &PlanKey, name: &str) -> Result<CoreError> {
    let list = subgroups(db.conn(), key.class_id, key.subject_id)?;
    let known = if list.is_empty() {
        "нет, предмет изучается всем классом".to_string()
    } else {
        list.iter()
            .map(|(_, n)| format!("«{n}»"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut whole = ThematicPlan::new(PlanKey {
        subgroup_id: None,
        ..*key
    });
    fill_shown(db, &mut whole)?;
    Ok(CoreError::refused(
        "subgroup_id",
        Problem::UnknownSubgroup {
            name: name.to_string(),
            what: format!("«{}»", whole.title()),
            known,
        },
    ))
}

/// The key of one subgroup of the class in the subject, by its name («1 группа»).
pub fn with_subgroup(db: &Db, key: PlanKey, name: &str) -> Result<PlanKey> {
    let wanted = ru_key(&people::clean(name));
    let found = subgroups(db.conn(), key.class_id, key.subject_id)?
        .into_iter()
        .find(|(_, n)| ru_key(n) == wanted);
    match found {
        Some((id, _)) => Ok(PlanKey {
            subgroup_id: Some(id),
            ..key
        }),
        None => Err(unknown_subgroup(db, &key, name)?),
    }
}

/// The plan of a class (or one of its subgroups, by name) and subject named as a user types
/// them; refused when there is none.
pub fn by_names(
    db: &Db,
    class: &str,
    subject: &str,
    subgroup: Option<&str>,
) -> Result<ThematicPlan> {
    by_names_in_year(db, year::current_id(db)?, class, subject, subgroup)
}

/// [`by_names`] in the year `year`.
pub fn by_names_in_year(
    db: &Db,
    year: i64,
    class: &str,
    subject: &str,
    subgroup: Option<&str>,
) -> Result<ThematicPlan> {
    let key = key_by_names_in_year(db, year, class, subject)?;
    let key = match subgroup {
        Some(name) => with_subgroup(db, key, name)?,
        None => key,
    };
    match find(db, &key)? {
        Some(plan) => Ok(plan),
        None => {
            let mut empty = ThematicPlan::new(key);
            fill_shown(db, &mut empty)?;
            Err(CoreError::refused(
                "key",
                Problem::NoThematicPlan {
                    what: format!("«{}»", empty.title()),
                },
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Saving

/// The plan's problems as field errors (`sections.0.topics.2.hours`): an empty section name or
/// topic, hours not above zero, a date outside the year or in a holiday.
fn check_plan(plan: &ThematicPlan, calendar: &Calendar) -> Result<()> {
    let mut check = Check::new();
    for (i, s) in plan.sections.iter().enumerate() {
        if people::clean(&s.name).is_empty() {
            check.add(format!("sections.{i}.name"), Problem::Required);
        }
        for (j, t) in s.topics.iter().enumerate() {
            let field = |f: &str| format!("sections.{i}.topics.{j}.{f}");
            if people::clean(&t.topic).is_empty() {
                check.add(field("topic"), Problem::Required);
            }
            if !(t.hours.is_finite() && t.hours > 0.0) {
                check.add(
                    field("hours"),
                    Problem::NotAPositiveNumber {
                        value: hours_text(t.hours),
                    },
                );
            }
            if let Some(d) = t.planned_date {
                check.field(&field("planned_date"), calendar.check(d));
            }
        }
    }
    check.finish()
}

/// The warning when the plan's hours differ from the curriculum's.
fn hours_warning(plan: &ThematicPlan) -> Option<Warning> {
    let (curriculum, difference) = (plan.totals.curriculum?, plan.totals.difference?);
    (difference != 0.0)
        .then(|| FieldError::new("totals", hours_differ(plan.totals.planned, curriculum)))
}

fn hours_differ(plan: f64, curriculum: f64) -> Problem {
    let d = plan - curriculum;
    Problem::PlanHoursDiffer {
        plan: hours_text(plan),
        curriculum: hours_text(curriculum),
        difference: if d > 0.0 {
            format!("+{}", hours_text(d))
        } else {
            format!("−{}", hours_text(-d))
        },
    }
}

/// Writes the plan (a new one when it has no id) with its sections and topics numbered in
/// order, replacing the stored ones. Returns the plan's id.
pub(crate) fn write_plan(conn: &Connection, plan: &ThematicPlan, year_id: i64) -> Result<i64> {
    let id = match plan.id {
        Some(id) => {
            conn.execute(
                "UPDATE thematic_plan SET academic_year_id = ?2, class_id = ?3, subgroup_id = ?4,
                        subject_id = ?5, note = ?6
                  WHERE id = ?1",
                params![
                    id,
                    year_id,
                    plan.key.class_id,
                    plan.key.subgroup_id,
                    plan.key.subject_id,
                    plan.note
                ],
            )?;
            conn.execute(
                "DELETE FROM thematic_section WHERE thematic_plan_id = ?1",
                [id],
            )?;
            id
        }
        None => {
            conn.execute(
                "INSERT INTO thematic_plan (academic_year_id, class_id, subgroup_id, subject_id, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    year_id,
                    plan.key.class_id,
                    plan.key.subgroup_id,
                    plan.key.subject_id,
                    plan.note
                ],
            )?;
            conn.last_insert_rowid()
        }
    };
    let mut section_stmt = conn.prepare(
        "INSERT INTO thematic_section (thematic_plan_id, number, name) VALUES (?1, ?2, ?3)",
    )?;
    let mut topic_stmt = conn.prepare(
        "INSERT INTO thematic_topic (thematic_section_id, number, topic, hours, kind, planned_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut number = 0_i64;
    for (i, s) in plan.sections.iter().enumerate() {
        section_stmt.execute(params![id, i as i64 + 1, people::clean(&s.name)])?;
        let section_id = conn.last_insert_rowid();
        for t in &s.topics {
            number += 1;
            topic_stmt.execute(params![
                section_id,
                number,
                people::clean(&t.topic),
                t.hours,
                t.kind.code(),
                t.planned_date
            ])?;
        }
    }
    Ok(id)
}

/// Saves a plan after the checks; a second plan of the same class, subgroup and subject is
/// refused. Warns when its hours differ from the curriculum's.
pub fn save(db: &Db, plan: &ThematicPlan) -> Result<Saved<ThematicPlan>> {
    let class = classes::get(db, plan.key.class_id)?;
    check_plan(plan, &Calendar::of_class(db, &class)?)?;
    if let Some(id) = plan.key.subgroup_id {
        let of_class = subgroups(db.conn(), plan.key.class_id, plan.key.subject_id)?;
        if !of_class.iter().any(|(g, _)| *g == id) {
            return Err(unknown_subgroup(db, &plan.key, &id.to_string())?);
        }
    }
    let existing = find(db, &plan.key)?;
    if let Some(other) = existing.filter(|o| o.id != plan.id) {
        return Err(CoreError::refused(
            "key",
            Problem::ThematicPlanExists {
                what: other.title(),
            },
        ));
    }
    if let Some(id) = plan.id {
        get(db, id)?;
    }
    let id = db.write(|conn| write_plan(conn, plan, class.academic_year_id))?;
    saved(db, id, Vec::new())
}

fn saved(db: &Db, id: i64, mut warnings: Vec<Warning>) -> Result<Saved<ThematicPlan>> {
    let value = get(db, id)?;
    warnings.extend(hours_warning(&value));
    Ok(Saved { value, warnings })
}

pub fn delete(db: &Db, id: i64) -> Result<()> {
    let n = db.write(|conn| Ok(conn.execute("DELETE FROM thematic_plan WHERE id = ?1", [id])?))?;
    if n == 0 {
        return Err(CoreError::NotFound { what: PLAN });
    }
    Ok(())
}

/// Moves one topic's planned date (None clears it), checked against the class's calendar.
pub fn set_date(
    db: &Db,
    plan_id: i64,
    number: i64,
    date: Option<NaiveDate>,
) -> Result<Saved<ThematicPlan>> {
    let mut plan = get(db, plan_id)?;
    let topic = plan
        .sections
        .iter_mut()
        .flat_map(|s| s.topics.iter_mut())
        .find(|t| t.number == number)
        .ok_or(CoreError::NotFound {
            what: "Тема урока"
        })?;
    topic.planned_date = date;
    save(db, &plan)
}

// ---------------------------------------------------------------------------------------------
// Overview

/// Every subject of every class curriculum of the year with its plans: missing, hours not
/// matching the curriculum, or in order. Classes by grade and letter, subjects in curriculum
/// order; a subject planned per subgroup has a row per subgroup plan.
pub fn overview(db: &Db, academic_year_id: i64) -> Result<Vec<OverviewRow>> {
    db.read(|conn| {
        let mut plans_stmt = conn.prepare(
            "SELECT p.id, p.subgroup_id, coalesce(g.name, ''),
                    (SELECT coalesce(sum(t.hours), 0) FROM thematic_section s
                       JOIN thematic_topic t ON t.thematic_section_id = s.id
                      WHERE s.thematic_plan_id = p.id)
               FROM thematic_plan p LEFT JOIN subgroup g ON g.id = p.subgroup_id
              WHERE p.class_id = ?1 AND p.subject_id = ?2
              ORDER BY p.subgroup_id IS NOT NULL, g.position, p.id",
        )?;
        let labels: std::collections::HashMap<i64, String> = conn
            .prepare("SELECT id, grade, letter FROM class WHERE academic_year_id = ?1")?
            .query_map([academic_year_id], |r| {
                Ok((
                    r.get(0)?,
                    classes::label(r.get(1)?, &r.get::<_, String>(2)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut rows: Vec<OverviewRow> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for line in crate::curriculum::class_hours(db, academic_year_id)? {
            let Some(subject_id) = line.subject_id else {
                continue;
            };
            if !seen.insert((line.class_id, subject_id)) {
                continue;
            }
            let hours = curriculum_hours(conn, line.class_id, subject_id)?.unwrap_or_default();
            let class_label = labels.get(&line.class_id).cloned().unwrap_or_default();
            let row = |plan_id, subgroup_name, plan_hours: Option<f64>| OverviewRow {
                class_id: line.class_id,
                class_label: class_label.clone(),
                subject_id,
                subject_name: line.label.clone(),
                subgroup_name,
                plan_id,
                curriculum_hours: hours,
                plan_hours,
                status: match plan_hours {
                    None => PlanStatus::Missing,
                    Some(h) if h != hours => PlanStatus::HoursDiffer,
                    Some(_) => PlanStatus::Ok,
                },
            };
            let plans: Vec<(i64, String, f64)> = plans_stmt
                .query_map(params![line.class_id, subject_id], |r| {
                    Ok((r.get(0)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            if plans.is_empty() {
                rows.push(row(None, String::new(), None));
            }
            for (id, subgroup, h) in plans {
                rows.push(row(Some(id), subgroup, Some(h)));
            }
        }
        Ok(rows)
    })
}
