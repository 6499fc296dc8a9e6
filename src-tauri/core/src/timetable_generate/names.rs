//! The school's names for what the engine numbers: «Иванова И. И.», «5 А», «5 А, 1 группа»,
//! «кабинет 201», «5 А, Математика (Иванова И. И.)», «вторник, 3-й урок».

use super::school::School;
use crate::timetable::day_name;
use crate::timetable_engine::explain::Names;
use crate::timetable_engine::Slot;
use std::collections::HashMap;

pub(super) struct SchoolNames<'a> {
    pub school: &'a School,
    /// Room numbers by id.
    pub rooms: &'a HashMap<i64, String>,
}

impl Names for SchoolNames<'_> {
    fn teacher(&self, teacher: usize) -> String {
        self.school.teacher_names[teacher].clone()
    }

    fn subgroup(&self, subgroup: usize) -> String {
        self.school.atom_names[subgroup].clone()
    }

    fn room(&self, room: usize) -> String {
        let id = self.school.room_ids[room];
        format!(
            "кабинет {}",
            self.rooms.get(&id).map(String::as_str).unwrap_or("?")
        )
    }

    fn activity(&self, activity: usize) -> String {
        self.school.activity_titles[activity].clone()
    }

    fn slot(&self, slot: Slot) -> String {
        let (day, number) = self.school.place(slot);
        format!("{}, {number}-й урок", day_name(day))
    }
}
