//! Why a complete timetable cannot exist, in the deputy head's words: counting arguments read
//! off the problem before any search (`count`: a teacher or a class with more lessons than
//! places they can take, rooms too few, locked lessons that clash, a lesson with no place at
//! all), and after a search the lessons left unplaced with what blocks each of their places
//! (`blocks`). The engine knows only numbers; the caller (the school file, a FET file) gives
//! the names through `Names`.

mod blocks;
mod count;
mod text;

use super::compile;
use super::model::{Problem, Slot, Solution, Who};
use serde::Serialize;

/// How the caller names what the engine numbers.
pub trait Names {
    fn teacher(&self, teacher: usize) -> String;
    /// A class («5 А») or a class's group («5 А, группа 1»), a FET students set.
    fn subgroup(&self, subgroup: usize) -> String;
    fn room(&self, room: usize) -> String;
    /// A lesson: «5 А, математика (Иванова И. И.)».
    fn activity(&self, activity: usize) -> String;
    /// A place in the week: «вторник, 3-й урок».
    fn slot(&self, slot: Slot) -> String;
    /// A constraint of the problem (its index in `Problem::constraints`): «методический день
    /// Ивановой И. И.», a FET constraint's kind.
    fn constraint(&self, constraint: usize) -> String {
        format!("ограничение № {}", constraint + 1)
    }
}

/// One reason, with a stable code for programs and a Russian text for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Why {
    pub code: &'static str,
    pub text: String,
    #[serde(skip)]
    pub reason: Reason,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A teacher's lessons take more periods than the places the hard constraints leave them.
    TeacherOverloaded {
        teacher: usize,
        needed: usize,
        available: usize,
    },
    /// A class's (subgroup's) lessons take more periods than its days allow.
    SubgroupOverloaded {
        subgroup: usize,
        needed: usize,
        available: usize,
    },
    /// The lessons that may take only rooms of `rooms` need more periods than those rooms
    /// are free at the times the lessons can take.
    RoomsShort {
        rooms: Vec<usize>,
        lessons: usize,
        needed: usize,
        available: usize,
    },
    /// Two lessons that can stand at one start only overlap and share a person or their
    /// only room.
    LockedClash {
        first: usize,
        second: usize,
        slot: Slot,
        shared: Shared,
    },
    /// A hard «days apart» constraint over more lessons than the week has days for.
    DaysApartShort {
        constraint: usize,
        lessons: usize,
        days_apart: usize,
        days: usize,
    },
    /// The hard constraints leave the lesson no place in the week: its places by what
    /// forbids them.
    NoPlace {
        activity: usize,
        blocks: Vec<Blocked>,
    },
    /// After a search: a lesson left out, its places by what blocks them.
    Unplaced {
        activity: usize,
        blocks: Vec<Blocked>,
    },
    /// After a search: more lessons left out than are told one by one.
    MoreUnplaced { count: usize },
    /// After a search: a hard constraint the placed lessons still break (a minimum of hours
    /// or days, which leaving lessons out cannot mend).
    HardBroken {
        constraint: usize,
        who: Option<Who>,
        times: usize,
    },
}

/// What two locked lessons share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    Person(Who),
    Room(usize),
}

/// The places of a lesson that one thing blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocked {
    pub block: Block,
    pub slots: Vec<Slot>,
    /// For `Busy`: the lessons holding the person there.
    pub lessons: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// A teacher or class has another lesson there.
    Busy(Who),
    /// Every room the lesson may take is taken or closed there.
    NoRoom,
    /// The lesson is longer than what is left of the day.
    DayEnd,
    /// A hard constraint forbids the place, or would be broken with the lesson there.
    Constraint(usize),
    /// Nothing blocks it: the search stopped before it found the place.
    Free,
}

impl Reason {
    fn explain(self, names: &dyn Names) -> Why {
        Why {
            code: text::code(&self),
            text: text::text(&self, names),
            reason: self,
        }
    }
}

/// The counting arguments that show, without a search, that no complete timetable exists.
/// Empty when none shows it (a search may still fail). Linear in the size of the problem but
/// for the rooms, whose distinct allowed sets are checked alone and two by two.
pub fn before(problem: &Problem, names: &dyn Names) -> Vec<Why> {
    let c = compile::compile(problem);
    count::reasons(problem, &c)
        .into_iter()
        .map(|reason| reason.explain(names))
        .collect()
}

/// Why the search's timetable is not complete: the counting arguments of `before`, then each
/// lesson left out (a few, the rest counted) with its places grouped by what blocks them,
/// and the hard constraints still broken. Empty for a complete timetable.
pub fn after(problem: &Problem, solution: &Solution, names: &dyn Names) -> Vec<Why> {
    if solution.is_complete() {
        return Vec::new();
    }
    let c = compile::compile(problem);
    let mut reasons = count::reasons(problem, &c);
    reasons.extend(blocks::after_search(problem, &c, &solution.placement));
    reasons
        .into_iter()
        .map(|reason| reason.explain(names))
        .collect()
}

#[cfg(test)]
mod tests;
