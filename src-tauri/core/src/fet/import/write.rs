//! The plan of a FET import put into the school file through the core's own functions (every
//! rule of a card, a split, a curriculum and a load line applies), inside the caller's
//! transaction. What the school file has already is matched by name, not added again.

use super::plan::{Plan, PlanLoad};
use super::FetImport;
use crate::bells::{self, BellSchedule, TypicalDay};
use crate::classes::{self, Class};
use crate::curriculum::{self, Curriculum, CurriculumKind, CurriculumLine, CurriculumPart};
use crate::db::{ru_key, Db};
use crate::error::{Result, Warning};
use crate::fet::read::Names;
use crate::load::{self, LoadInput};
use crate::people;
use crate::rooms::{self, Room, RoomKind};
use crate::staff::{self, Appointment, StaffMember, StaffPosition};
use crate::subgroups::{self, Fill, NewSplit};
use crate::subjects::{self, Subject};
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::{BTreeMap, HashMap};

/// The school file's ids of what the plan names.
struct Ids {
    subjects: Vec<i64>,
    teachers: Vec<i64>,
    classes: Vec<i64>,
    /// (class, subject, subgroup) of the plan → the subgroup's id.
    subgroups: HashMap<(usize, usize, usize), i64>,
}

pub(super) fn write(
    db: &Db,
    year: i64,
    names: &Names,
    plan: &Plan,
    today: NaiveDate,
) -> Result<FetImport> {
    let mut report = FetImport {
        warnings: plan.warnings.clone(),
        ..FetImport::default()
    };
    week(db, year, names, &mut report)?;
    let subjects = subjects_of(db, names, &mut report)?;
    rooms_of(db, names, &mut report)?;
    let teachers = teachers_of(db, plan, today, &mut report)?;
    let classes = classes_of(db, year, plan, today, &mut report)?;
    let mut ids = Ids {
        subjects,
        teachers,
        classes,
        subgroups: HashMap::new(),
    };
    splits(db, year, plan, today, &mut ids, &mut report)?;
    let lines = curricula(db, year, names, plan, &ids, &mut report)?;
    loads(db, names, plan, &ids, &lines, today, &mut report)?;
    Ok(report)
}

fn warn_all(report: &mut FetImport, what: &str, warnings: &[Warning]) {
    for w in warnings {
        report.warnings.push(format!("{what}: {}", w.message));
    }
}

/// The school's week and bells: a year without any bell schedule gets a usual one of as many
/// lessons as FET's day has hours (to be checked), so that the classes can be timetabled.
fn week(db: &Db, year: i64, names: &Names, report: &mut FetImport) -> Result<()> {
    let week_days = crate::timetable::week_days(db.conn())?;
    if names.days.len() != week_days as usize {
        report.warnings.push(format!(
            "В файле FET дней в неделе {}, а в карте школы {week_days}: неделя школы не \
             изменена (её меняют в карте школы).",
            names.days.len()
        ));
    }
    if !bells::list(db, year)?.is_empty() {
        return Ok(());
    }
    let day = TypicalDay {
        lessons: names.hours.len().clamp(1, 12) as i32,
        ..TypicalDay::default()
    };
    let schedule = BellSchedule {
        id: None,
        academic_year_id: year,
        name: "Основное".into(),
        shift: 1,
        bells: bells::typical_day(&day)?,
    };
    bells::save(db, &schedule)?;
    report.warnings.push(format!(
        "В учебном году не было расписания звонков: создано «Основное» — {} уроков по {} \
         минут с {}. Проверьте время в «Звонках».",
        day.lessons, day.lesson_minutes, day.first_starts_at
    ));
    Ok(())
}

fn subjects_of(db: &Db, names: &Names, report: &mut FetImport) -> Result<Vec<i64>> {
    let mut known: Vec<(String, String, i64)> = subjects::list(db, true)?
        .into_iter()
        .filter_map(|s| Some((ru_key(&s.name), ru_key(&s.short_name), s.id?)))
        .collect();
    let mut ids = Vec::new();
    for name in &names.subjects {
        let key = ru_key(&people::clean(name));
        let federal = subjects::federal_name_of(name).map(ru_key);
        let found = known
            .iter()
            .find(|(n, s, _)| *n == key || *s == key)
            .or_else(|| known.iter().find(|(n, _, _)| Some(n) == federal.as_ref()));
        if let Some((found_key, _, id)) = found {
            if *found_key != key && Some(found_key) == federal.as_ref() {
                report.warnings.push(format!(
                    "Предмет FET «{name}» — это «{}» файла школы.",
                    subjects::federal_name_of(name).unwrap_or_default()
                ));
            }
            report.subjects.matched += 1;
            ids.push(*id);
            continue;
        }
        let saved = subjects::save(
            db,
            &Subject {
                id: None,
                name: people::clean(name),
                short_name: String::new(),
                area: String::new(),
                is_federal: false,
                is_hidden: false,
                uses: 0,
            },
        )?;
        let id = saved.id.unwrap_or_default();
        known.push((key, String::new(), id));
        report.subjects.added += 1;
        ids.push(id);
    }
    Ok(ids)
}

/// The kind a room's name tells («Спортзал» is a gym); a usual classroom otherwise.
fn room_kind(name: &str) -> RoomKind {
    let name = ru_key(name);
    let kinds: [(&[&str], RoomKind); 5] = [
        (&["спорт", "физкульт"], RoomKind::Gym),
        (&["информ", "компьют"], RoomKind::ComputerRoom),
        (&["мастерск", "технолог"], RoomKind::Workshop),
        (&["лаборат"], RoomKind::Laboratory),
        (&["актов"], RoomKind::Hall),
    ];
    kinds
        .into_iter()
        .find(|(words, _)| words.iter().any(|w| name.contains(w)))
        .map_or(RoomKind::Classroom, |(_, kind)| kind)
}

/// Rooms by number; FET's capacities above any school hall (its «no limit») are left empty.
fn rooms_of(db: &Db, names: &Names, report: &mut FetImport) -> Result<()> {
    let mut known: Vec<String> = rooms::list(db)?
        .iter()
        .map(|r| rooms::number_key(&r.number))
        .collect();
    for (name, capacity) in names.rooms.iter().zip(&names.room_capacity) {
        let key = rooms::number_key(name);
        if known.contains(&key) {
            report.rooms.matched += 1;
            continue;
        }
        let capacity = capacity
            .filter(|&c| i64::from(c) <= rooms::MAX_CAPACITY)
            .and_then(|c| i32::try_from(c).ok());
        rooms::save(
            db,
            &Room {
                id: None,
                number: name.clone(),
                name: String::new(),
                floor: None,
                capacity,
                kind: room_kind(name),
                note: String::new(),
                equipment_count: 0,
            },
        )?;
        known.push(key);
        report.rooms.added += 1;
    }
    Ok(())
}

/// The position new teachers are appointed to: «Учитель», made again if the school deleted it.
fn teacher_position(db: &Db) -> Result<i64> {
    if let Some(p) = staff::find_position(db, "Учитель")? {
        return Ok(p.id.unwrap_or_default());
    }
    let p = staff::save_position(
        db,
        &StaffPosition {
            id: None,
            name: "Учитель".into(),
            is_pedagogical: true,
            sort_order: 0,
            uses: 0,
        },
    )?;
    Ok(p.id.unwrap_or_default())
}

/// Teachers by full name; one written with initials matches the one member of that surname
/// and initials.
fn teachers_of(db: &Db, plan: &Plan, today: NaiveDate, report: &mut FetImport) -> Result<Vec<i64>> {
    let members = staff::all_members(db.conn())?;
    let initial = |s: &str| ru_key(s).chars().next();
    let mut position = None;
    let mut ids = Vec::new();
    for t in &plan.teachers {
        let found: Vec<i64> = members
            .iter()
            .filter(|m| match t.initials {
                false => {
                    people::name_key(&m.last_name, &m.first_name, &m.patronymic)
                        == people::name_key(&t.last_name, &t.first_name, &t.patronymic)
                }
                true => {
                    ru_key(&m.last_name) == ru_key(&t.last_name)
                        && initial(&m.first_name) == initial(&t.first_name)
                        && (t.patronymic.is_empty()
                            || initial(&m.patronymic) == initial(&t.patronymic))
                }
            })
            .filter_map(|m| m.id)
            .collect();
        if let Some(&id) = found.first() {
            if found.len() > 1 {
                report.warnings.push(format!(
                    "Учителю «{}» подходят несколько сотрудников: нагрузка записана первому из \
                     них; проверьте её в «Нагрузке».",
                    t.fet
                ));
            }
            report.teachers.matched += 1;
            ids.push(id);
            continue;
        }
        let position_id = match position {
            Some(id) => id,
            None => *position.insert(teacher_position(db)?),
        };
        let (sex, sure) = t.sex();
        let mut check = vec![];
        if t.initials {
            check.push("имя и отчество (даны инициалами)");
        }
        if !sure {
            check.push("пол");
        }
        check.push("ставку и дату приёма");
        let member = StaffMember {
            last_name: t.last_name.clone(),
            first_name: t.first_name.clone(),
            patronymic: t.patronymic.clone(),
            sex,
            note: format!(
                "Перенесён из FET («{}»); проверьте {}.",
                t.fet,
                check.join(", ")
            ),
            appointments: vec![Appointment::new(position_id)],
            ..StaffMember::blank()
        };
        let saved = staff::save(db, &member, today)?;
        warn_all(report, &t.fet, &saved.warnings);
        report.teachers.added += 1;
        ids.push(saved.value.id.unwrap_or_default());
    }
    if report.teachers.added > 0 {
        report.warnings.push(
            "Новые учителя приняты на должность «Учитель» на 1 ставку без даты приёма: \
             уточните в их карточках."
                .into(),
        );
    }
    Ok(ids)
}

fn classes_of(
    db: &Db,
    year: i64,
    plan: &Plan,
    today: NaiveDate,
    report: &mut FetImport,
) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for c in &plan.classes {
        let label = classes::label(c.grade, &c.letter);
        if let Some(found) = classes::find_by_label(db, year, &label)? {
            report.classes.matched += 1;
            ids.push(found.id.unwrap_or_default());
            continue;
        }
        let class = Class::new(year, c.grade, &c.letter);
        let saved = classes::save(db, &class, today)?;
        warn_all(report, &label, &saved.warnings);
        report.classes.added += 1;
        ids.push(saved.value.id.unwrap_or_default());
    }
    Ok(ids)
}

/// A split of each class for each subject it is taught in subgroups, with the class's FET
/// subgroups; an existing split keeps its subgroups and gets those it lacks.
fn splits(
    db: &Db,
    year: i64,
    plan: &Plan,
    today: NaiveDate,
    ids: &mut Ids,
    report: &mut FetImport,
) -> Result<()> {
    for &(class, subject) in &plan.splits {
        let (class_id, subject_id) = (ids.classes[class], ids.subjects[subject]);
        let wanted = &plan.classes[class].subgroups;
        let mut have: Vec<(i64, String)> =
            subgroups::subgroups_of(db, class_id, subject_id, today)?
                .into_iter()
                .map(|g| (g.id, g.name))
                .collect();
        if have.is_empty() {
            let new = NewSplit {
                academic_year_id: year,
                subject_id: Some(subject_id),
                class_ids: vec![class_id],
                count: wanted.len() as i32,
                fill: Fill::Manual,
            };
            let made = subgroups::create(db, &new, today)?;
            for (g, name) in made.row.subgroups.iter().zip(wanted) {
                let renamed = subgroups::rename_subgroup(db, g.id, name)?;
                have.push((renamed.id, renamed.name));
            }
            report.subgroups.added += wanted.len();
        } else {
            let split_id = subgroups::split_of_subgroup(db.conn(), have[0].0)?;
            for name in wanted {
                if have.iter().any(|(_, n)| ru_key(n) == ru_key(name)) {
                    report.subgroups.matched += 1;
                    continue;
                }
                let added = subgroups::add_subgroup(db, split_id)?;
                let renamed = subgroups::rename_subgroup(db, added.id, name)?;
                have.push((renamed.id, renamed.name));
                report.subgroups.added += 1;
            }
        }
        for (i, name) in wanted.iter().enumerate() {
            if let Some((id, _)) = have.iter().find(|(_, n)| ru_key(n) == ru_key(name)) {
                ids.subgroups.insert((class, subject, i), *id);
            }
        }
    }
    Ok(())
}

/// Hours a week of each existing load line of a unit: (teacher, first, second).
fn unit_loads(db: &Db, line_id: i64, subgroup_id: Option<i64>) -> Result<Vec<(i64, f64, f64)>> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT t.staff_member_id, t.hours_first, t.hours_second FROM teaching_load t
           JOIN teaching_load_line x ON x.teaching_load_id = t.id
          WHERE x.curriculum_line_id = ?1 AND t.subgroup_id IS ?2 ORDER BY t.id",
    )?;
    let rows = stmt
        .query_map(params![line_id, subgroup_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The line of a subject in a class's curriculum: the obligatory part's first.
fn line_of(c: &Curriculum, subject_id: i64) -> Option<usize> {
    let of_subject = |l: &CurriculumLine| l.subject_id == Some(subject_id) && l.course.is_empty();
    c.lines
        .iter()
        .position(|l| of_subject(l) && l.part == CurriculumPart::Mandatory)
        .or_else(|| c.lines.iter().position(of_subject))
}

/// Each class's curriculum gets a line of every subject of its load, with hours enough for
/// the load it already has and the load the file adds (a line with fewer is raised, and
/// said so). Gives (class, subject) → the line's id.
fn curricula(
    db: &Db,
    year: i64,
    names: &Names,
    plan: &Plan,
    ids: &Ids,
    report: &mut FetImport,
) -> Result<HashMap<(usize, usize), i64>> {
    let mut by_class: BTreeMap<usize, BTreeMap<usize, Vec<&PlanLoad>>> = BTreeMap::new();
    for l in &plan.loads {
        by_class
            .entry(l.class)
            .or_default()
            .entry(l.subject)
            .or_default()
            .push(l);
    }
    let mut lines = HashMap::new();
    for (class, subjects) in by_class {
        let class_id = ids.classes[class];
        let label = classes::label(plan.classes[class].grade, &plan.classes[class].letter);
        let mut c = curriculum::of_class(db, class_id)?.unwrap_or_else(|| Curriculum {
            class_id: Some(class_id),
            ..Curriculum::new(year, CurriculumKind::Class)
        });
        for (&subject, loads) in &subjects {
            let subject_id = ids.subjects[subject];
            let needed = needed_hours(db, &c, subject_id, loads, ids)?;
            match line_of(&c, subject_id) {
                Some(i) => {
                    let line = &mut c.lines[i];
                    let was = line.hours_first.max(line.hours_second);
                    if needed > was {
                        report.warnings.push(format!(
                            "Учебный план {label}: «{}» — {} ч в неделю вместо {}, как \
                             в нагрузке из FET.",
                            names.subjects[subject],
                            curriculum::hours_text(needed),
                            curriculum::hours_text(was)
                        ));
                        line.hours_first = line.hours_first.max(needed);
                        line.hours_second = line.hours_second.max(needed);
                    }
                }
                None => c.lines.push(CurriculumLine {
                    id: None,
                    part: CurriculumPart::Mandatory,
                    subject_id: Some(subject_id),
                    course: String::new(),
                    hours_first: needed,
                    hours_second: needed,
                    label: String::new(),
                    annual_hours: 0.0,
                }),
            }
        }
        let saved = curriculum::save(db, &c)?;
        warn_all(report, &format!("Учебный план {label}"), &saved.warnings);
        for &subject in subjects.keys() {
            if let Some(i) = line_of(&saved.value, ids.subjects[subject]) {
                if let Some(id) = saved.value.lines[i].id {
                    lines.insert((class, subject), id);
                }
            }
        }
    }
    Ok(lines)
}

/// The hours a subject's line needs: for each unit (the class, or each subgroup), the load it
/// has in the school file, or else the file's load; the largest of them.
fn needed_hours(
    db: &Db,
    c: &Curriculum,
    subject_id: i64,
    loads: &[&PlanLoad],
    ids: &Ids,
) -> Result<f64> {
    let line_id = line_of(c, subject_id).and_then(|i| c.lines[i].id);
    let mut units: BTreeMap<Option<usize>, (f64, f64)> = BTreeMap::new();
    for l in loads {
        let had = match line_id {
            Some(line_id) => unit_loads(db, line_id, subgroup_id(ids, l))?
                .iter()
                .map(|h| h.1.max(h.2))
                .sum(),
            None => 0.0,
        };
        let entry = units.entry(l.subgroup).or_insert((had, 0.0));
        entry.1 += l.hours;
    }
    Ok(units
        .into_values()
        .map(|(had, file)| if had > 0.0 { had } else { file })
        .fold(0.0, f64::max))
}

/// «5А» or «5А, 1 группа».
fn unit_name(plan: &Plan, l: &PlanLoad) -> String {
    let class = &plan.classes[l.class];
    match l.subgroup {
        Some(g) => format!("{}, {}", class.fet, class.subgroups[g]),
        None => class.fet.clone(),
    }
}

fn subgroup_id(ids: &Ids, l: &PlanLoad) -> Option<i64> {
    l.subgroup
        .and_then(|g| ids.subgroups.get(&(l.class, l.subject, g)).copied())
}

/// A load line for each of the plan's, unless the unit has load in the school file already:
/// the same teacher's is matched, other teachers' stays and the file's is named in a warning
/// (who teaches it is decided in «Нагрузке»). Activities of two periods are paired lessons.
fn loads(
    db: &Db,
    names: &Names,
    plan: &Plan,
    ids: &Ids,
    lines: &HashMap<(usize, usize), i64>,
    today: NaiveDate,
    report: &mut FetImport,
) -> Result<()> {
    // Units this import gives load to: a subject the file gives to two teachers gets both.
    let mut added = std::collections::HashSet::new();
    for l in &plan.loads {
        let Some(&line_id) = lines.get(&(l.class, l.subject)) else {
            continue;
        };
        let subgroup_id = subgroup_id(ids, l);
        let teacher = ids.teachers[l.teacher];
        let have = match added.contains(&(line_id, subgroup_id)) {
            true => Vec::new(),
            false => unit_loads(db, line_id, subgroup_id)?,
        };
        let what = format!("«{}», {}", names.subjects[l.subject], unit_name(plan, l));
        if let Some(&(_, first, second)) = have.iter().find(|h| h.0 == teacher) {
            report.load_lines_matched += 1;
            if first != l.hours || second != l.hours {
                report.warnings.push(format!(
                    "Нагрузка {what}, {}: в файле школы {} ч, в FET {} ч — оставлено как в \
                     файле школы.",
                    plan.teachers[l.teacher].fet,
                    curriculum::weekly_text(first, second),
                    curriculum::hours_text(l.hours)
                ));
            }
            continue;
        }
        if !have.is_empty() {
            report.load_lines_kept += 1;
            report.warnings.push(format!(
                "Нагрузка {what}: в файле школы её уже ведут другие учителя — оставлено как в \
                 файле школы; по FET её ведёт {} ({} ч). Решите в «Нагрузке».",
                plan.teachers[l.teacher].fet,
                curriculum::hours_text(l.hours)
            ));
            continue;
        }
        let input = LoadInput {
            id: None,
            line_id,
            subgroup_id,
            staff_member_id: teacher,
            hours_first: l.hours,
            hours_second: l.hours,
        };
        let saved = load::save(db, &input, today)?;
        added.insert((line_id, subgroup_id));
        warn_all(report, &plan.teachers[l.teacher].fet, &saved.warnings);
        if l.pairs > 0 {
            crate::timetable_generate::set_paired_lessons(db, saved.value.id, l.pairs)?;
        }
        report.load_lines += 1;
    }
    Ok(())
}
