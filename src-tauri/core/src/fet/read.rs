//! The data of a .fet file: days, hours, teachers, subjects, students (years → groups →
//! subgroups, overlapping as FET allows), rooms and the active activities, made into the
//! engine's week, people and activities. A students set of any level becomes the atomic
//! subgroups it holds: a year or group without subgroups is an atom of its own, and a name met
//! twice (a group in two years, a subgroup in two groups) is one set.

use super::xml::Node;
use crate::error::FetProblem;
use crate::timetable_engine::Activity;
use std::collections::{BTreeSet, HashMap};

/// The names of the file, by the engine's numbers.
#[derive(Debug, Default)]
pub struct Names {
    pub days: Vec<String>,
    pub hours: Vec<String>,
    pub teachers: Vec<String>,
    pub subjects: Vec<String>,
    pub rooms: Vec<String>,
    pub room_capacity: Vec<Option<u32>>,
    /// Each students set's atomic subgroups, and its size.
    pub students: HashMap<String, (Vec<usize>, u32)>,
    pub subgroups: usize,
    /// The name of each atomic subgroup (a subgroup, or a year or group without subgroups).
    pub subgroup_names: Vec<String>,
    /// Activities as the file lists them (active only), with their FET data.
    pub activities: Vec<FetActivity>,
    /// FET's activity id → the engine's number.
    pub by_id: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct FetActivity {
    pub id: String,
    pub teachers: Vec<String>,
    pub students: Vec<String>,
    pub subject: String,
    pub tags: Vec<String>,
    pub duration: usize,
    pub students_count: u32,
    pub activity: Activity,
}

pub type Found<T> = Result<T, FetProblem>;

/// The engine keeps a day's periods in a 64-bit mask.
pub const MAX_HOURS: usize = 64;

/// More than any school has of students, rooms' seats or hours: a bound for counts.
const MANY: u32 = 1_000_000;

/// A number field of an element: absent, `default`; present, a number within `range`, or the
/// file is refused naming the field (a value read wrong would silently change the problem).
pub fn number<T>(
    node: &Node,
    field: &'static str,
    default: T,
    range: std::ops::RangeInclusive<T>,
    place: &str,
) -> Found<T>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let Some(text) = node.get(field) else {
        return Ok(default);
    };
    match text.parse::<T>() {
        Ok(value) if range.contains(&value) => Ok(value),
        _ => Err(FetProblem::BadNumber {
            place: place.to_string(),
            field,
            value: text.to_string(),
            range: format!("от {} до {}", range.start(), range.end()),
        }),
    }
}

fn index(list: &[String], name: &str, what: &'static str, place: &str) -> Found<usize> {
    list.iter()
        .position(|n| n == name)
        .ok_or_else(|| FetProblem::UnknownName {
            what,
            name: name.to_string(),
            place: place.to_string(),
        })
}

impl Names {
    pub fn day(&self, name: &str, place: &str) -> Found<usize> {
        index(&self.days, name, "день", place)
    }

    pub fn hour(&self, name: &str, place: &str) -> Found<usize> {
        index(&self.hours, name, "час", place)
    }

    pub fn teacher(&self, name: &str, place: &str) -> Found<usize> {
        index(&self.teachers, name, "учителя", place)
    }

    pub fn room(&self, name: &str, place: &str) -> Found<usize> {
        index(&self.rooms, name, "кабинет", place)
    }

    pub fn subject_known(&self, name: &str, place: &str) -> Found<()> {
        index(&self.subjects, name, "предмет", place).map(|_| ())
    }

    pub fn students_set(&self, name: &str, place: &str) -> Found<&[usize]> {
        self.students
            .get(name)
            .map(|(atoms, _)| atoms.as_slice())
            .ok_or_else(|| FetProblem::UnknownName {
                what: "группу учеников",
                name: name.to_string(),
                place: place.to_string(),
            })
    }

    /// The engine's number of an active activity; `None` for an inactive one (whose
    /// constraints FET drops with it), an error for an id the file does not have.
    pub fn activity(
        &self,
        id: &str,
        all_ids: &BTreeSet<String>,
        place: &str,
    ) -> Found<Option<usize>> {
        match self.by_id.get(id) {
            Some(&a) => Ok(Some(a)),
            None if all_ids.contains(id) => Ok(None),
            None => Err(FetProblem::UnknownName {
                what: "занятие",
                name: id.to_string(),
                place: place.to_string(),
            }),
        }
    }
}

fn names(root: &Node, list: &str, item: &str) -> Vec<String> {
    root.child(list)
        .map(|l| {
            l.all(item)
                .map(|n| n.get("Name").unwrap_or(n.text.trim()).to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn read_names(root: &Node) -> Found<Names> {
    let mut names = Names {
        days: names(root, "Days_List", "Day"),
        hours: names(root, "Hours_List", "Hour"),
        teachers: names(root, "Teachers_List", "Teacher"),
        subjects: names(root, "Subjects_List", "Subject"),
        ..Names::default()
    };
    if let Some(rooms) = root.child("Rooms_List") {
        for room in rooms.all("Room") {
            names
                .rooms
                .push(room.get("Name").unwrap_or_default().to_string());
            let place = format!(
                "кабинет «{}»",
                names.rooms.last().map_or("", |r| r.as_str())
            );
            let capacity = room
                .get("Capacity")
                .map(|_| number(room, "Capacity", 0, 0..=MANY, &place));
            names.room_capacity.push(capacity.transpose()?);
        }
    }
    read_students(root, &mut names);
    read_activities(root, &mut names)?;
    Ok(names)
}

fn read_students(root: &Node, names: &mut Names) {
    let mut atoms: HashMap<String, usize> = HashMap::new();
    let mut atom = |name: &str| {
        let next = atoms.len();
        *atoms.entry(name.to_string()).or_insert(next)
    };
    let mut sets: HashMap<String, (BTreeSet<usize>, u32)> = HashMap::new();
    let size = |n: &Node| {
        n.get("Number_of_Students")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    let Some(list) = root.child("Students_List") else {
        return;
    };
    for year in list.all("Year") {
        let year_name = year.get("Name").unwrap_or_default().to_string();
        let mut year_atoms = BTreeSet::new();
        for group in year.all("Group") {
            let group_name = group.get("Name").unwrap_or_default().to_string();
            let mut group_atoms = BTreeSet::new();
            for sub in group.all("Subgroup") {
                let name = sub.get("Name").unwrap_or_default().to_string();
                let id = atom(&name);
                group_atoms.insert(id);
                let entry = sets.entry(name).or_default();
                entry.0.insert(id);
                entry.1 = size(sub);
            }
            if group_atoms.is_empty() {
                group_atoms.insert(atom(&group_name));
            }
            year_atoms.extend(&group_atoms);
            let entry = sets.entry(group_name).or_default();
            entry.0.extend(group_atoms);
            entry.1 = size(group);
        }
        if year_atoms.is_empty() {
            year_atoms.insert(atom(&year_name));
        }
        let entry = sets.entry(year_name).or_default();
        entry.0.extend(year_atoms);
        entry.1 = size(year);
    }
    names.subgroups = atoms.len();
    names.subgroup_names = vec![String::new(); atoms.len()];
    for (name, id) in atoms {
        names.subgroup_names[id] = name;
    }
    names.students = sets
        .into_iter()
        .map(|(name, (atoms, size))| (name, (atoms.into_iter().collect(), size)))
        .collect();
}

fn read_activities(root: &Node, names: &mut Names) -> Found<()> {
    let Some(list) = root.child("Activities_List") else {
        return Ok(());
    };
    for node in list.all("Activity") {
        if node.get("Active") == Some("false") {
            continue;
        }
        let id = node.get("Id").unwrap_or_default().to_string();
        let place = format!("занятие {id}");
        let teachers: Vec<String> = node.texts("Teacher").map(str::to_string).collect();
        let students: Vec<String> = node.texts("Students").map(str::to_string).collect();
        let subject = node.get("Subject").unwrap_or_default().to_string();
        let mut activity = Activity {
            duration: number(node, "Duration", 1, 1..=MAX_HOURS, &place)?,
            subject: index(&names.subjects, &subject, "предмет", &place)?,
            ..Activity::default()
        };
        for t in &teachers {
            activity.teachers.push(names.teacher(t, &place)?);
        }
        let mut counted = 0;
        for s in &students {
            let (atoms, size) = names
                .students
                .get(s)
                .ok_or_else(|| FetProblem::UnknownName {
                    what: "группу учеников",
                    name: s.clone(),
                    place: place.clone(),
                })?;
            activity.subgroups.extend(atoms);
            counted += size;
        }
        activity.subgroups.sort_unstable();
        activity.subgroups.dedup();
        let students_count = number(node, "Number_Of_Students", counted, 0..=MANY, &place)?;
        names.by_id.insert(id.clone(), names.activities.len());
        names.activities.push(FetActivity {
            id,
            duration: activity.duration,
            teachers,
            students,
            subject,
            tags: node.texts("Activity_Tag").map(str::to_string).collect(),
            students_count,
            activity,
        });
    }
    Ok(())
}

/// Every activity id of the file, active or not.
pub fn all_ids(root: &Node) -> BTreeSet<String> {
    root.child("Activities_List")
        .map(|l| {
            l.all("Activity")
                .filter_map(|a| a.get("Id"))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
