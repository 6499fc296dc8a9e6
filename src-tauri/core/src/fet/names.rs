//! A FET file's own names for the engine's numbers, so that the reasons a timetable cannot
//! be complete speak of the file's teachers, students sets, rooms, activities and times.

use super::read::FetActivity;
use super::FetFile;
use crate::timetable_engine::explain::Names;
use crate::timetable_engine::Slot;

/// «занятие 12: Math, 9a, Smith».
pub fn activity(a: &FetActivity) -> String {
    let mut parts = vec![a.subject.clone()];
    parts.extend(a.students.iter().cloned());
    parts.extend(a.teachers.iter().cloned());
    format!("занятие {}: {}", a.id, parts.join(", "))
}

fn named(list: &[String], i: usize, what: &str) -> String {
    list.get(i)
        .cloned()
        .unwrap_or_else(|| format!("{what} № {}", i + 1))
}

impl Names for FetFile {
    fn teacher(&self, teacher: usize) -> String {
        named(&self.teachers, teacher, "учитель")
    }

    fn subgroup(&self, subgroup: usize) -> String {
        named(&self.subgroups, subgroup, "группа")
    }

    fn room(&self, room: usize) -> String {
        named(&self.rooms, room, "кабинет")
    }

    fn activity(&self, activity: usize) -> String {
        named(&self.activity_names, activity, "занятие")
    }

    fn slot(&self, slot: Slot) -> String {
        let periods = self.hours.len().max(1);
        format!(
            "{} {}",
            named(&self.days, slot / periods, "день"),
            named(&self.hours, slot % periods, "час")
        )
    }

    fn constraint(&self, constraint: usize) -> String {
        named(&self.constraint_kinds, constraint, "ограничение")
    }
}
