//! Stage 2, «Новый учебный год»: the next academic year with last year's term schemes (dates
//! moved to the new calendar as a draft to check; holidays to be entered), bell schedules and
//! curriculum templates (all, or the ones ticked); the classes one grade up with their card
//! (grade 11 ends; the 10th classes are those the 9th-graders continue in), the students placed
//! by the decisions, each class's curriculum from the carried templates, then the subgroup
//! splits and the teaching load carried where the class goes on ([`super::carry`]). The
//! timetable is not carried. What the new year already has (made by hand) is used, not doubled.

use super::{carry, Ctx, Tell};
use crate::bells::{self, BellSchedule};
use crate::classes::{self, Class, ClassKind, ClassRow, PROFILE_GRADES};
use crate::curriculum::{self, Curriculum, CurriculumKind};
use crate::db::ru_key;
use crate::error::{CoreError, Result, YearEndProblem};
use crate::rollover::decisions::{self, ClassDecisions, SECONDARY_FIRST_GRADE};
use crate::rollover::{Stage, StageReport, Years};
use crate::staff;
use crate::students;
use crate::year::{self, AcademicYear, Term, TermScheme};
use chrono::{Days, NaiveDate};
use std::collections::{HashMap, HashSet};

/// 52 weeks: a date moved by it falls on the same weekday about a year later.
const WEEKS_OF_A_YEAR: Days = Days::new(364);

/// A date of last year's calendar moved to the new one: the year's first and last day to the new
/// year's, any other day to the same weekday 52 weeks on (kept inside the new year).
pub(crate) fn moved_date(d: NaiveDate, years: &Years) -> NaiveDate {
    if d == years.from_starts {
        return years.to_starts;
    }
    if d == years.from.ends_on {
        return years.to_ends;
    }
    (d + WEEKS_OF_A_YEAR).clamp(years.to_starts, years.to_ends)
}

/// Finds the new year or makes it (not current).
fn the_year(ctx: &Ctx, report: &mut StageReport) -> Result<i64> {
    if let Some(id) = ctx.to_year_id()? {
        return Ok(id);
    }
    let y = year::save(
        ctx.db,
        &AcademicYear {
            id: None,
            name: ctx.years.to_name.clone(),
            starts_on: Some(ctx.years.to_starts),
            ends_on: Some(ctx.years.to_ends),
            is_current: false,
        },
    )?;
    report.created.years += 1;
    y.id.ok_or(CoreError::NotFound {
        what: "Учебный год",
    })
}

/// Last year's scheme, bell schedule and template ids → the new year's ones of the same name
/// (and grade, for templates).
pub(super) struct Maps {
    pub schemes: HashMap<i64, i64>,
    pub bells: HashMap<i64, i64>,
    pub templates: HashMap<i64, i64>,
}

/// Pairs last year's items with the new year's by a key; old id → new id.
fn pair<T>(
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> Option<i64>,
    key: impl Fn(&T) -> (i32, String),
) -> HashMap<i64, i64> {
    old.iter()
        .filter_map(|o| {
            let found = new.iter().find(|n| key(n) == key(o))?;
            Some((id(o)?, id(found)?))
        })
        .collect()
}

impl Maps {
    pub(super) fn read(ctx: &Ctx, to: i64) -> Result<Maps> {
        let from = ctx.years.from.id;
        let (old, new) = (
            year::detail(ctx.db, from)?.schemes,
            year::detail(ctx.db, to)?.schemes,
        );
        let schemes = pair(&old, &new, |s| s.id, |s| (0, ru_key(&s.name)));
        let (old, new) = (bells::list(ctx.db, from)?, bells::list(ctx.db, to)?);
        let bells = pair(&old, &new, |s| s.id, |s| (0, ru_key(&s.name)));
        let (old, new) = (
            curriculum::templates(ctx.db, from, None)?,
            curriculum::templates(ctx.db, to, None)?,
        );
        let templates = pair(&old, &new, |t| t.id, |t| (t.grade, ru_key(&t.name)));
        Ok(Maps {
            schemes,
            bells,
            templates,
        })
    }
}

/// Last year's term schemes in the new year (those it has not by name), dates moved; a scheme
/// whose moved terms do not fit is made without them and warned about.
fn carry_schemes(ctx: &Ctx, to: i64, report: &mut StageReport) -> Result<()> {
    let old = year::detail(ctx.db, ctx.years.from.id)?;
    let new = year::detail(ctx.db, to)?;
    for scheme in &old.schemes {
        if new
            .schemes
            .iter()
            .any(|s| ru_key(&s.name) == ru_key(&scheme.name))
        {
            continue;
        }
        let terms: Vec<Term> = scheme
            .terms
            .iter()
            .map(|t| Term {
                id: None,
                name: t.name.clone(),
                starts_on: t.starts_on.map(|d| moved_date(d, ctx.years)),
                ends_on: t.ends_on.map(|d| moved_date(d, ctx.years)),
            })
            .collect();
        let draft = TermScheme {
            id: None,
            academic_year_id: to,
            name: scheme.name.clone(),
            terms,
        };
        let saved = match year::save_scheme(ctx.db, &draft) {
            Ok(saved) => saved,
            Err(CoreError::Invalid(_)) => {
                report.warn(
                    "",
                    "",
                    YearEndProblem::TermsNotMoved {
                        scheme: scheme.name.clone(),
                    },
                );
                year::save_scheme(
                    ctx.db,
                    &TermScheme {
                        terms: Vec::new(),
                        ..draft
                    },
                )?
            }
            Err(e) => return Err(e),
        };
        report.created.term_schemes += 1;
        report.created.terms += saved.terms.len() as u32;
    }
    if !old.holidays.is_empty() && new.holidays.is_empty() {
        report.warn(
            "",
            "",
            YearEndProblem::HolidaysToEnter {
                year: ctx.years.to_name.clone(),
            },
        );
    }
    Ok(())
}

/// Last year's bell schedules in the new year (those it has not by name).
fn carry_bells(ctx: &Ctx, to: i64, report: &mut StageReport) -> Result<()> {
    let new = bells::list(ctx.db, to)?;
    for schedule in bells::list(ctx.db, ctx.years.from.id)? {
        if new
            .iter()
            .any(|s| ru_key(&s.name) == ru_key(&schedule.name))
        {
            continue;
        }
        let copy = BellSchedule {
            id: None,
            academic_year_id: to,
            ..schedule
        };
        bells::save(ctx.db, &copy)?;
        report.created.bell_schedules += 1;
    }
    Ok(())
}

/// Last year's curriculum templates (the ones ticked, or all) in the new year, unless it has
/// one of the grade by that name.
fn carry_templates(ctx: &Ctx, to: i64, report: &mut StageReport) -> Result<()> {
    let new = curriculum::templates(ctx.db, to, None)?;
    for t in curriculum::templates(ctx.db, ctx.years.from.id, None)? {
        let id = t.id.unwrap_or_default();
        let ticked = ctx
            .options
            .templates
            .as_ref()
            .is_none_or(|ticked| ticked.contains(&id));
        let there = new
            .iter()
            .any(|n| n.grade == t.grade && ru_key(&n.name) == ru_key(&t.name));
        if ticked && !there {
            curriculum::copy_to_year(ctx.db, id, to)?;
            report.created.templates += 1;
        }
    }
    Ok(())
}

/// Whether a class of this grade goes on to the next grade as it is: the 9th grade's students
/// go to the 10th classes their decisions name, and the 11th grade ends school.
fn goes_up(grade: i32) -> bool {
    grade < 9 || (grade > 9 && grade < 11)
}

/// A class of the new year to have, and the card it is made from.
pub(super) struct Planned<'a> {
    pub grade: i32,
    pub letter: String,
    pub source: &'a ClassRow,
    /// Made from the class it continues (one grade up): its home room and class teacher go on.
    pub continues: bool,
}

pub(super) fn key(grade: i32, letter: &str) -> (i32, String) {
    (grade, ru_key(letter))
}

/// Next year's class of each decision that stays: (grade, letter) with the student.
fn targets(decisions: &[ClassDecisions]) -> Vec<(i64, i64, i32, String)> {
    let mut out = Vec::new();
    for class in decisions {
        for d in &class.decisions {
            if let Some((grade, letter)) = classes::parse_label(&d.to_class) {
                out.push((d.student_id, class.class_id, grade, letter));
            }
        }
    }
    out
}

/// The classes the new year has to have: each class of a grade that goes up, one grade up; then
/// every class a decision names that is not one of those, made from the class it continues
/// (9 А for 10 А), else from last year's class of that grade and letter, else from the
/// student's class (without its room and teacher, which stay with their own class).
fn plan_classes<'a>(old: &'a [ClassRow], targets: &[(i64, i64, i32, String)]) -> Vec<Planned<'a>> {
    let find = |grade: i32, letter: &str| {
        old.iter()
            .find(|c| c.class.grade == grade && ru_key(&c.class.letter) == ru_key(letter))
    };
    let mut planned: Vec<Planned> = old
        .iter()
        .filter(|c| goes_up(c.class.grade))
        .map(|c| Planned {
            grade: c.class.grade + 1,
            letter: c.class.letter.clone(),
            source: c,
            continues: true,
        })
        .collect();
    // Every student names a class: a set keeps this linear in the students.
    let mut have: HashSet<(i32, String)> =
        planned.iter().map(|p| key(p.grade, &p.letter)).collect();
    for (_, from_class, grade, letter) in targets {
        if !have.insert(key(*grade, letter)) {
            continue;
        }
        let (source, continues) = match (find(grade - 1, letter), find(*grade, letter)) {
            (Some(before), _) => (Some(before), true),
            (None, Some(same)) => (Some(same), false),
            (None, None) => (old.iter().find(|c| c.class.id == Some(*from_class)), false),
        };
        if let Some(source) = source {
            planned.push(Planned {
                grade: *grade,
                letter: letter.clone(),
                source,
                continues,
            });
        }
    }
    planned.sort_by_key(|a| key(a.grade, &a.letter));
    planned
}

/// The card of a planned class in the new year: the source's kind, profile (grades 10–11),
/// shift, scheme and bells (the carried ones of the same name), and for a class that
/// continues its home room and class teacher, while the teacher still works at the school.
pub(super) fn card(
    ctx: &Ctx,
    p: &Planned,
    to: i64,
    maps: &Maps,
    report: &mut StageReport,
) -> Result<Class> {
    let s = &p.source.class;
    let senior = (PROFILE_GRADES.0..=PROFILE_GRADES.1).contains(&p.grade);
    let label = classes::label(p.grade, &p.letter);
    let mut teacher = s.class_teacher_id.filter(|_| p.continues);
    if let Some(id) = teacher {
        if !staff::is_current(ctx.db, id, ctx.years.to_starts)? {
            report.warn(
                &label,
                "",
                YearEndProblem::ClassTeacherNotCarried {
                    name: p.source.class_teacher_name.clone(),
                    on: ctx.years.to_starts.format("%d.%m.%Y").to_string(),
                },
            );
            teacher = None;
        }
    }
    Ok(Class {
        id: None,
        academic_year_id: to,
        grade: p.grade,
        letter: p.letter.clone(),
        kind: if s.kind == ClassKind::Profile && !senior {
            ClassKind::General
        } else {
            s.kind
        },
        profile: s.profile.filter(|_| senior),
        shift: s.shift,
        term_scheme_id: s
            .term_scheme_id
            .and_then(|id| maps.schemes.get(&id).copied()),
        bell_schedule_id: s
            .bell_schedule_id
            .and_then(|id| maps.bells.get(&id).copied()),
        room_id: s.room_id.filter(|_| p.continues),
        class_teacher_id: teacher,
        note: String::new(),
    })
}

/// The classes of the new year made (or found, when it has them already); (grade, letter key)
/// → id, with the classes made now.
pub(super) struct NewClasses {
    pub by_key: HashMap<(i32, String), i64>,
    pub made: Vec<i64>,
    /// Last year's class → the class it continues as (one grade up).
    pub continued: HashMap<i64, i64>,
}

fn make_classes(
    ctx: &Ctx,
    to: i64,
    planned: &[Planned],
    maps: &Maps,
    report: &mut StageReport,
) -> Result<NewClasses> {
    let mut out = NewClasses {
        by_key: classes::list(ctx.db, to, ctx.years.to_starts)?
            .into_iter()
            .map(|c| {
                (
                    key(c.class.grade, &c.class.letter),
                    c.class.id.unwrap_or_default(),
                )
            })
            .collect(),
        made: Vec::new(),
        continued: HashMap::new(),
    };
    let mut entries = Vec::new();
    for p in planned {
        let k = key(p.grade, &p.letter);
        let id = match out.by_key.get(&k) {
            Some(&id) => id,
            None => {
                let class = card(ctx, p, to, maps, report)?;
                let id = classes::save(ctx.db, &class, ctx.years.to_starts)?
                    .value
                    .id
                    .unwrap_or_default();
                entries.push(format!("{} ← {}", class.label(), p.source.label));
                out.made.push(id);
                out.by_key.insert(k, id);
                id
            }
        };
        if p.continues {
            out.continued
                .insert(p.source.class.id.unwrap_or_default(), id);
        }
    }
    report.created.classes = out.made.len() as u32;
    report.list("Классы нового года (← из какого класса)", entries);
    Ok(out)
}

/// Places every student who stays in next year's class of their decision. Student → class.
fn place(
    ctx: &Ctx,
    targets: &[(i64, i64, i32, String)],
    new: &NewClasses,
    report: &mut StageReport,
    tell: Tell,
) -> Result<Vec<(i64, i64)>> {
    let mut placed = Vec::with_capacity(targets.len());
    for (i, (student, _, grade, letter)) in targets.iter().enumerate() {
        if i % 100 == 0 {
            tell(i, targets.len());
        }
        let class = new
            .by_key
            .get(&key(*grade, letter))
            .copied()
            .ok_or(CoreError::NotFound { what: "Класс" })?;
        students::place(ctx.db, *student, class)?;
        placed.push((*student, class));
    }
    tell(targets.len(), targets.len());
    report.created.placements = placed.len() as u32;
    Ok(placed)
}

/// The template a new class's curriculum is copied from: the only one of the class's profile,
/// else the one named as the template of the class it continues, else the one last year's class
/// of the same grade and letter had, else the only one of the grade.
fn template_for(
    class: &Class,
    source_template: Option<&Curriculum>,
    same_class_template: Option<i64>,
    templates: &[Curriculum],
    maps: &Maps,
) -> Option<i64> {
    let of_grade: Vec<&Curriculum> = templates
        .iter()
        .filter(|t| t.grade == class.grade)
        .collect();
    if let Some(profile) = class.profile {
        let of_profile: Vec<_> = of_grade
            .iter()
            .filter(|t| t.profile == Some(profile))
            .collect();
        if let [one] = of_profile.as_slice() {
            return one.id;
        }
    }
    if let Some(named) =
        source_template.and_then(|s| of_grade.iter().find(|t| ru_key(&t.name) == ru_key(&s.name)))
    {
        return named.id;
    }
    if let Some(id) = same_class_template.and_then(|id| maps.templates.get(&id)) {
        return Some(*id);
    }
    match of_grade.as_slice() {
        [one] => one.id,
        _ => None,
    }
}

/// The curricula of the classes made now, each from its template (assigned together per template).
pub(super) fn curricula(
    ctx: &Ctx,
    to: i64,
    old: &[ClassRow],
    new: &NewClasses,
    maps: &Maps,
    report: &mut StageReport,
) -> Result<()> {
    let old_templates = curriculum::templates(ctx.db, ctx.years.from.id, None)?;
    let new_templates = curriculum::templates(ctx.db, to, None)?;
    let template_of_class: HashMap<i64, i64> = curriculum::list(ctx.db, ctx.years.from.id)?
        .into_iter()
        .filter(|c| c.kind == CurriculumKind::Class)
        .filter_map(|c| Some((c.class_id?, c.template_id?)))
        .collect();
    let continued_from: HashMap<i64, i64> = new.continued.iter().map(|(o, n)| (*n, *o)).collect();
    let mut by_template: HashMap<i64, Vec<i64>> = HashMap::new();
    for &id in &new.made {
        let class = classes::get(ctx.db, id)?;
        let source = continued_from
            .get(&id)
            .and_then(|old_id| template_of_class.get(old_id))
            .and_then(|t| old_templates.iter().find(|o| o.id == Some(*t)));
        let same_class = old
            .iter()
            .find(|c| key(c.class.grade, &c.class.letter) == key(class.grade, &class.letter))
            .and_then(|c| template_of_class.get(&c.class.id.unwrap_or_default()))
            .copied();
        match template_for(&class, source, same_class, &new_templates, maps) {
            Some(t) => by_template.entry(t).or_default().push(id),
            None => report.warn(
                &class.label(),
                "",
                YearEndProblem::NoTemplateForClass {
                    class: class.label(),
                },
            ),
        }
    }
    let mut groups: Vec<_> = by_template.into_iter().collect();
    groups.sort();
    for (template, ids) in groups {
        curriculum::assign(ctx.db, template, &ids)?;
        report.created.curricula += ids.len() as u32;
    }
    Ok(())
}

/// Last year's classes that end: no class of the new year continues them.
fn ended(old: &[ClassRow], new: &NewClasses) -> Vec<String> {
    old.iter()
        .filter(|c| !new.continued.contains_key(&c.class.id.unwrap_or_default()))
        .map(|c| c.label.clone())
        .collect()
}

pub(super) fn run(ctx: &Ctx, tell: Tell) -> Result<StageReport> {
    let mut report = StageReport::new(Stage::NewYear);
    let to = the_year(ctx, &mut report)?;
    carry_schemes(ctx, to, &mut report)?;
    carry_bells(ctx, to, &mut report)?;
    carry_templates(ctx, to, &mut report)?;
    let maps = Maps::read(ctx, to)?;
    let old = classes::list(ctx.db, ctx.years.from.id, ctx.years.from.ends_on)?;
    let decisions = decisions::of_year_in(ctx.db.conn(), &ctx.years.from)?;
    let targets = targets(&decisions);
    let planned = plan_classes(&old, &targets);
    let new = make_classes(ctx, to, &planned, &maps, &mut report)?;
    let placed = place(ctx, &targets, &new, &mut report, tell)?;
    curricula(ctx, to, &old, &new, &maps, &mut report)?;
    let subgroups = carry::splits(ctx, to, &new.continued, &placed, &mut report)?;
    carry::load(ctx, &new.continued, &subgroups, &mut report)?;
    report.list("Заканчивают год без продолжения", ended(&old, &new));
    let tenth: Vec<String> = decisions
        .iter()
        .filter(|c| c.grade == SECONDARY_FIRST_GRADE - 1)
        .map(|c| {
            let going = c
                .decisions
                .iter()
                .filter(|d| !d.to_class.is_empty())
                .count();
            format!("{}: {going} из {}", c.class_label, c.decisions.len())
        })
        .collect();
    report.list("Из 9 классов продолжают обучение в 10 классе", tenth);
    Ok(report)
}
