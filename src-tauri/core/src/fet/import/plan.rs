//! What a FET file brings to the school file, worked out from the file alone (no database):
//! classes and their subgroups from the students sets, teachers' names split into their parts,
//! and the load — one line per class (or subgroup), subject and teacher with the weekly hours
//! of its activities. What the school file cannot take is gathered and refused all at once.

use super::super::read::Names;
use super::super::xml::Node;
use super::people::{teacher_name, TeacherName};
use crate::class_label::parse_label;
use crate::curriculum::MAX_LINE_HOURS;
use crate::error::FetImportProblem;
use crate::subgroups::MAX_SUBGROUPS;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A class the file names, with the subgroups its students sets are divided into.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanClass {
    /// The students set's name in FET.
    pub fet: String,
    pub grade: i32,
    pub letter: String,
    /// The names the subgroups get in the school file («1 группа»), in FET's order.
    pub subgroups: Vec<String>,
}

/// A load line: hours a week of a subject for a class, or one subgroup of it, by one teacher.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanLoad {
    pub class: usize,
    /// An index into the class's subgroups; None for the whole class.
    pub subgroup: Option<usize>,
    /// An index into `Names::subjects`.
    pub subject: usize,
    /// An index into `Names::teachers`.
    pub teacher: usize,
    pub hours: f64,
    /// Activities of two periods: the load line's paired lessons.
    pub pairs: i32,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub teachers: Vec<TeacherName>,
    pub classes: Vec<PlanClass>,
    /// (class, subject) pairs taught in subgroups: each is a split of the class.
    pub splits: BTreeSet<(usize, usize)>,
    pub loads: Vec<PlanLoad>,
    pub warnings: Vec<String>,
}

/// What a students set of FET is in the school file.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Class(usize),
    Subgroup(usize, usize),
    /// A year whose groups are classes: every one of them.
    Classes(Vec<usize>),
}

/// A students set as FET lists it.
struct Set<'a> {
    name: &'a str,
    children: Vec<&'a Node>,
}

fn name_of(node: &Node) -> &str {
    node.get("Name").unwrap_or_default()
}

fn set<'a>(node: &'a Node, child: &'a str) -> Set<'a> {
    Set {
        name: name_of(node),
        children: node.all(child).collect(),
    }
}

/// A class label as a FET set names it: «5А», «5 А», «5-а», «10Б», «5-1». A letter mixing
/// letters and digits («5А-1» read as «5 А1») is a subgroup's name, not a class.
pub fn class_of(name: &str) -> Option<(i32, String)> {
    let (grade, letter) = parse_label(name)?;
    let digits = letter.chars().filter(char::is_ascii_digit).count();
    (digits == 0 || digits == letter.chars().count()).then_some((grade, letter))
}

/// «1 группа» from «5А-1», «5А гр.1»; «Мальчики» from «5А мальчики»; the FET name when
/// nothing is left once the class's name is taken off.
fn subgroup_name(class: &str, subgroup: &str) -> String {
    let rest = subgroup.strip_prefix(class).unwrap_or(subgroup);
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || "-_/.:,()".contains(c));
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let words: String = rest.chars().filter(|c| !c.is_ascii_digit()).collect();
    let words = words
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    if rest.is_empty() {
        subgroup.to_string()
    } else if !digits.is_empty() && ["", "гр", "группа", "подгруппа"].contains(&words.as_str())
    {
        format!("{} группа", digits.trim_start_matches('0'))
    } else {
        let mut chars = rest.chars();
        chars.next().map_or(String::new(), |c| {
            c.to_uppercase().chain(chars).collect::<String>()
        })
    }
}

/// Reads the students sets into classes and subgroups. A year whose groups name classes
/// («5» with «5А», «5Б») gives those classes (a group among them that names none is refused);
/// a year that names a class with its letter («5А») and groups that do not gives that class,
/// its groups being its subgroups; a year without groups is a class («5», «6А»). A group with
/// one subgroup only («8 а целия клас») is the whole class.
struct Students {
    classes: Vec<PlanClass>,
    targets: HashMap<String, Target>,
    not_classes: Vec<String>,
    warnings: Vec<String>,
}

impl Students {
    fn read(root: &Node) -> Students {
        let mut s = Students {
            classes: Vec::new(),
            targets: HashMap::new(),
            not_classes: Vec::new(),
            warnings: Vec::new(),
        };
        let Some(list) = root.child("Students_List") else {
            return s;
        };
        for year_node in list.all("Year") {
            let year = set(year_node, "Group");
            let groups: Vec<Set> = year.children.iter().map(|g| set(g, "Subgroup")).collect();
            // A bare grade («9») with groups is a parallel: its groups are its classes.
            let year_class = class_of(year.name).filter(|(_, letter)| !letter.is_empty());
            let some_group_is_a_class = groups
                .iter()
                .any(|g| class_of(g.name).is_some_and(|c| Some(&c) != year_class.as_ref()));
            if groups.is_empty() || (!some_group_is_a_class && year_class.is_some()) {
                // A year without groups may be a bare grade («5»): a class without a letter.
                let subs: Vec<(&str, Vec<&str>)> = groups
                    .iter()
                    .map(|g| (g.name, g.children.iter().map(|n| name_of(n)).collect()))
                    .collect();
                s.class(year.name, &subs);
            } else {
                let mut of_year = Vec::new();
                for g in &groups {
                    let subs: Vec<(&str, Vec<&str>)> = g
                        .children
                        .iter()
                        .map(|n| (name_of(n), Vec::new()))
                        .collect();
                    of_year.extend(s.class(g.name, &subs));
                }
                s.targets
                    .entry(year.name.to_string())
                    .or_insert(Target::Classes(of_year));
            }
        }
        s
    }

    /// A class named `name` with its subgroups (each with the sets inside it, which become
    /// the subgroup too); None, and the name listed, when it names no class.
    fn class(&mut self, name: &str, subgroups: &[(&str, Vec<&str>)]) -> Option<usize> {
        // A name met twice is one set in FET (a group in two years): one class.
        if let Some(Target::Class(index)) = self.targets.get(name) {
            return Some(*index);
        }
        let Some((grade, letter)) = class_of(name) else {
            if !self.not_classes.iter().any(|n| n == name) {
                self.not_classes.push(name.to_string());
            }
            return None;
        };
        let index = self.classes.len();
        self.targets
            .entry(name.to_string())
            .or_insert(Target::Class(index));
        let whole = subgroups.len() == 1;
        let mut names: Vec<String> = subgroups
            .iter()
            .map(|(sub, _)| subgroup_name(name, sub))
            .collect();
        let keys: BTreeSet<String> = names.iter().map(|n| crate::db::ru_key(n)).collect();
        if keys.len() < names.len() {
            names = subgroups.iter().map(|(sub, _)| sub.to_string()).collect();
        }
        for (i, (sub, inner)) in subgroups.iter().enumerate() {
            let target = match whole {
                true => Target::Class(index),
                false => Target::Subgroup(index, i),
            };
            for n in inner {
                self.warnings.push(format!(
                    "«{n}» (часть подгруппы «{sub}» класса «{name}») перенесена как вся \
                     подгруппа «{sub}»: в Завуче подгруппы не делятся дальше."
                ));
                self.targets.entry(n.to_string()).or_insert(target.clone());
            }
            self.targets.entry(sub.to_string()).or_insert(target);
        }
        self.classes.push(PlanClass {
            fet: name.to_string(),
            grade,
            letter,
            subgroups: if whole { Vec::new() } else { names },
        });
        Some(index)
    }

    /// Sets that name one class twice, «5А» = «5 А».
    fn same_classes(&self) -> Vec<String> {
        let mut seen: BTreeMap<(i32, String), &str> = BTreeMap::new();
        let mut pairs = Vec::new();
        for c in &self.classes {
            let key = (c.grade, c.letter.clone());
            match seen.get(&key) {
                Some(first) => pairs.push(format!(
                    "«{first}» и «{}» — {}",
                    c.fet,
                    crate::class_label::label(c.grade, &c.letter)
                )),
                None => {
                    seen.insert(key, &c.fet);
                }
            }
        }
        pairs
    }
}

/// «Математика, 5А, Иванова А.П.»: an activity as a warning names it.
fn described(subject: &str, students: &[String], teachers: &[String]) -> String {
    let mut parts = vec![subject.to_string(), students.join(" + ")];
    if !teachers.is_empty() {
        parts.push(teachers.join(" + "));
    }
    parts.join(", ")
}

/// Hours and pairs of one (class, subgroup, subject, teacher).
type LoadKey = (usize, Option<usize>, usize, usize);

/// The plan of the import, or what the school file cannot take.
pub fn plan(root: &Node, names: &Names) -> Result<Plan, FetImportProblem> {
    let students = Students::read(root);
    if !students.not_classes.is_empty() {
        return Err(FetImportProblem::NotClasses {
            names: students.not_classes,
        });
    }
    let pairs = students.same_classes();
    if !pairs.is_empty() {
        return Err(FetImportProblem::SameClass { pairs });
    }
    let (teachers, bad): (Vec<_>, Vec<_>) = names
        .teachers
        .iter()
        .map(|t| teacher_name(t).ok_or_else(|| t.clone()))
        .partition(Result::is_ok);
    if !bad.is_empty() {
        return Err(FetImportProblem::TeacherNames {
            names: bad.into_iter().filter_map(Result::err).collect(),
        });
    }
    let mut plan = Plan {
        teachers: teachers.into_iter().filter_map(Result::ok).collect(),
        warnings: students.warnings.clone(),
        ..Plan::default()
    };
    let mut loads: BTreeMap<LoadKey, (usize, i32)> = BTreeMap::new();
    let mut warned = BTreeSet::new();
    for a in &names.activities {
        let what = described(&a.subject, &a.students, &a.teachers);
        let subject = names.subjects.iter().position(|s| *s == a.subject);
        let teacher = a
            .teachers
            .first()
            .and_then(|t| names.teachers.iter().position(|n| n == t));
        let (Some(subject), Some(teacher)) = (subject, teacher) else {
            warned.insert(format!(
                "Занятие без учителя не перенесено в нагрузку: {what}. Назначьте учителя в \
                 «Нагрузке»."
            ));
            continue;
        };
        if a.teachers.len() > 1 {
            warned.insert(format!(
                "У занятия несколько учителей ({what}): в нагрузку записан первый, {}; у строки \
                 нагрузки в Завуче один учитель.",
                a.teachers[0]
            ));
        }
        let mut units: Vec<(usize, Option<usize>)> = Vec::new();
        for s in &a.students {
            match students.targets.get(s) {
                Some(Target::Class(c)) => units.push((*c, None)),
                Some(Target::Subgroup(c, g)) => units.push((*c, Some(*g))),
                Some(Target::Classes(cs)) => units.extend(cs.iter().map(|c| (*c, None))),
                None => {}
            }
        }
        units.sort_unstable();
        units.dedup();
        if units.is_empty() {
            warned.insert(format!("Занятие без учеников не перенесено: {what}."));
            continue;
        }
        if units.len() > 1 {
            warned.insert(format!(
                "Общее занятие нескольких классов или групп ({what}): в нагрузку оно записано \
                 каждому классу (группе) отдельно; если это один урок, объедините классы \
                 делением на подгруппы."
            ));
        }
        for (class, subgroup) in units {
            let entry = loads
                .entry((class, subgroup, subject, teacher))
                .or_default();
            entry.0 += a.duration;
            entry.1 += (a.duration / 2) as i32;
        }
    }
    plan.warnings.extend(warned);
    plan.classes = students.classes;
    check_units(&plan.classes, &loads, names)?;
    for (&(class, subgroup, subject, teacher), &(hours, pairs)) in &loads {
        if subgroup.is_some() {
            plan.splits.insert((class, subject));
        }
        plan.loads.push(PlanLoad {
            class,
            subgroup,
            subject,
            teacher,
            hours: hours as f64,
            pairs,
        });
    }
    Ok(plan)
}

/// A subject taught to a class whole and in subgroups, more subgroups than a split holds,
/// more hours of a subject than a curriculum line holds: refused, every case named.
fn check_units(
    classes: &[PlanClass],
    loads: &BTreeMap<LoadKey, (usize, i32)>,
    names: &Names,
) -> Result<(), FetImportProblem> {
    let label = |c: usize| classes[c].fet.clone();
    let mut ways: BTreeMap<(usize, usize), BTreeSet<bool>> = BTreeMap::new();
    let mut hours: BTreeMap<(usize, Option<usize>, usize), usize> = BTreeMap::new();
    for (&(class, subgroup, subject, _), &(h, _)) in loads {
        ways.entry((class, subject))
            .or_default()
            .insert(subgroup.is_some());
        *hours.entry((class, subgroup, subject)).or_default() += h;
    }
    let cases: Vec<String> = ways
        .iter()
        .filter(|(_, w)| w.len() > 1)
        .map(|((c, s), _)| format!("{} — {}", label(*c), names.subjects[*s]))
        .collect();
    if !cases.is_empty() {
        return Err(FetImportProblem::WholeAndSplit { cases });
    }
    let crowded: BTreeSet<String> = ways
        .iter()
        .filter(|((c, _), w)| {
            w.contains(&true) && classes[*c].subgroups.len() > MAX_SUBGROUPS as usize
        })
        .map(|((c, _), _)| format!("{} ({})", label(*c), classes[*c].subgroups.len()))
        .collect();
    if !crowded.is_empty() {
        return Err(FetImportProblem::TooManySubgroups {
            classes: crowded.into_iter().collect(),
            max: MAX_SUBGROUPS,
        });
    }
    let cases: Vec<String> = hours
        .iter()
        .filter(|(_, &h)| h as f64 > MAX_LINE_HOURS)
        .map(|((c, g, s), h)| {
            let who = match g {
                Some(g) => format!("{}, {}", label(*c), classes[*c].subgroups[*g]),
                None => label(*c),
            };
            format!("{who} — {}: {h} ч", names.subjects[*s])
        })
        .collect();
    if !cases.is_empty() {
        return Err(FetImportProblem::TooManyHours {
            cases,
            max: MAX_LINE_HOURS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_and_subgroup_names() {
        assert_eq!(class_of("5А"), Some((5, "А".into())));
        assert_eq!(class_of("5 а"), Some((5, "А".into())));
        assert_eq!(class_of("5-а"), Some((5, "А".into())));
        assert_eq!(
            class_of("10B"),
            Some((10, "В".into())),
            "Latin B is Russian В"
        );
        assert_eq!(class_of("5-1"), Some((5, "1".into())));
        assert_eq!(class_of("5А-1"), None, "a subgroup, not class «5 А1»");
        assert_eq!(class_of("ЛД101"), None);
        assert_eq!(subgroup_name("5А", "5А-1"), "1 группа");
        assert_eq!(subgroup_name("5А", "5А гр.2"), "2 группа");
        assert_eq!(subgroup_name("5А", "5А мальчики"), "Мальчики");
        assert_eq!(subgroup_name("5А", "Англ-1"), "Англ-1");
    }
}
