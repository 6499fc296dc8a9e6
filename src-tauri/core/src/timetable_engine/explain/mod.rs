//! Why a complete timetable cannot exist, in the deputy head's words: counting arguments read
//! off the problem before any search (a teacher or a class with more lessons than places they
//! can take), and after a search the lessons left unplaced. The engine knows only numbers; the
//! caller (the school file, a FET file) gives the names through `Names`.

use super::compile::{self, Compiled, PersonRule};
use super::model::{DayRule, Problem, Slot};
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
}

impl Reason {
    fn code(&self) -> &'static str {
        match self {
            Reason::TeacherOverloaded { .. } => "teacher_overloaded",
            Reason::SubgroupOverloaded { .. } => "class_overloaded",
        }
    }

    fn text(&self, names: &dyn Names) -> String {
        match *self {
            Reason::TeacherOverloaded {
                teacher,
                needed,
                available,
            } => format!(
                "У учителя {} {needed} ур. в неделю, а мест, где он может вести уроки, {available}: \
                 снимите часть нагрузки или освободите время (недоступные часы, методический день, \
                 число рабочих дней).",
                names.teacher(teacher)
            ),
            Reason::SubgroupOverloaded {
                subgroup,
                needed,
                available,
            } => format!(
                "У {} {needed} ур. в неделю, а по числу учебных дней и уроков в день \
                 (СанПиН) помещается {available}: уменьшите часы учебного плана или \
                 проверьте недельный режим и звонки класса.",
                names.subgroup(subgroup)
            ),
        }
    }

    fn explain(self, names: &dyn Names) -> Why {
        Why {
            code: self.code(),
            text: self.text(names),
            reason: self,
        }
    }
}

/// The counting arguments that show, without a search, that no complete timetable exists.
/// Empty when none shows it (a search may still fail).
pub fn before(problem: &Problem, names: &dyn Names) -> Vec<Why> {
    let c = compile::compile(problem);
    overloaded(&c)
        .into_iter()
        .map(|reason| reason.explain(names))
        .collect()
}

/// Teachers and subgroups whose lessons need more periods than their week holds.
fn overloaded(c: &Compiled) -> Vec<Reason> {
    let mut needed = vec![0; c.people];
    for (a, people) in c.people_of.iter().enumerate() {
        for &p in people {
            needed[p] += c.duration[a];
        }
    }
    (0..c.people)
        .filter_map(|p| {
            let available = capacity(c, p);
            (needed[p] > available).then(|| {
                if p < c.teachers {
                    Reason::TeacherOverloaded {
                        teacher: p,
                        needed: needed[p],
                        available,
                    }
                } else {
                    Reason::SubgroupOverloaded {
                        subgroup: p - c.teachers,
                        needed: needed[p],
                        available,
                    }
                }
            })
        })
        .collect()
}

/// The most periods a person can be busy in a week: the free periods of each day (breaks and
/// hard unavailability taken out), each day cut to a hard daily maximum, the best days kept
/// when a hard maximum of days says so.
fn capacity(c: &Compiled, p: usize) -> usize {
    let hard_days = c.person_rules[p].iter().filter(|r| r.is_hard());
    let (mut per_day, mut days) = (c.periods, c.days);
    for rule in hard_days {
        match rule.rule {
            PersonRule::Day(DayRule::MaxHoursDaily(max)) => per_day = per_day.min(max),
            PersonRule::Day(DayRule::MaxDaysPerWeek(max)) => days = days.min(max),
            _ => {}
        }
    }
    let mut free: Vec<usize> = c.not_gap[p]
        .iter()
        .map(|&off| (c.periods - (off.count_ones() as usize).min(c.periods)).min(per_day))
        .collect();
    free.sort_unstable_by(|a, b| b.cmp(a));
    free.iter().take(days).sum()
}

#[cfg(test)]
mod tests;
