//! The constraints of a .fet file made into the engine's, weights kept (100 % = hard). A kind
//! the engine does not know is collected by name; inactive constraints are skipped, and so are
//! the inactive activities a constraint names, as FET skips them.

use super::read::{number, Found, Names, MAX_HOURS};
use super::xml::Node;
use crate::timetable_engine::{Constraint, DayRule, Kind, Resource, Slot, Who, HARD};
use std::collections::BTreeSet;

/// The engine's constraints with the FET kind each came from, and the kinds not supported.
#[derive(Debug, Default)]
pub struct Constraints {
    pub list: Vec<Constraint>,
    pub kinds: Vec<String>,
    pub unsupported: BTreeSet<String>,
}

struct Reader<'a> {
    names: &'a Names,
    ids: &'a BTreeSet<String>,
    place: String,
    node: &'a Node,
}

/// Counts in constraints are of hours or days: far below this.
const COUNT_MAX: usize = 10_000;

pub fn read_constraints(root: &Node, names: &Names, ids: &BTreeSet<String>) -> Found<Constraints> {
    let mut out = Constraints::default();
    for list in ["Time_Constraints_List", "Space_Constraints_List"] {
        let Some(list) = root.child(list) else {
            continue;
        };
        for node in &list.children {
            if node.get("Active") == Some("false") {
                continue;
            }
            let kind = node.name.strip_prefix("Constraint").unwrap_or(&node.name);
            let reader = Reader {
                names,
                ids,
                place: format!("ограничение {}", node.name),
                node,
            };
            let weight = number(node, "Weight_Percentage", HARD, 0.0..=HARD, &reader.place)?;
            match reader.kinds(kind)? {
                Some(kinds) => {
                    for kind in kinds {
                        out.list.push(Constraint { weight, kind });
                        out.kinds.push(node.name.clone());
                    }
                }
                None => {
                    out.unsupported.insert(node.name.clone());
                }
            }
        }
    }
    add_room_capacity(names, &mut out);
    Ok(out)
}

impl Reader<'_> {
    /// The engine's constraints for one FET constraint; `None` for a kind not supported.
    fn kinds(&self, kind: &str) -> Found<Option<Vec<Kind>>> {
        let n = self.node;
        let one = |k: Kind| Ok(Some(vec![k]));
        match kind {
            "BasicCompulsoryTime" | "BasicCompulsorySpace" => Ok(Some(Vec::new())),
            "BreakTimes" => one(Kind::Break {
                slots: self.times("Break_Time", "Day", "Hour")?,
            }),
            "TeacherNotAvailableTimes" => {
                let name = n
                    .get("Teacher")
                    .or(n.get("Teacher_Name"))
                    .unwrap_or_default();
                one(Kind::NotAvailable {
                    who: Resource::Teacher(self.names.teacher(name, &self.place)?),
                    slots: self.times("Not_Available_Time", "Day", "Hour")?,
                })
            }
            "StudentsSetNotAvailableTimes" => {
                let slots = self.times("Not_Available_Time", "Day", "Hour")?;
                let atoms = self.set(n.get("Students").unwrap_or_default())?;
                Ok(Some(
                    atoms
                        .iter()
                        .map(|&s| Kind::NotAvailable {
                            who: Resource::Subgroup(s),
                            slots: slots.clone(),
                        })
                        .collect(),
                ))
            }
            "RoomNotAvailableTimes" => one(Kind::NotAvailable {
                who: Resource::Room(
                    self.names
                        .room(n.get("Room").unwrap_or_default(), &self.place)?,
                ),
                slots: self.times("Not_Available_Time", "Day", "Hour")?,
            }),
            "ActivityPreferredStartingTime" => self.for_activities(self.own()?, |activities| {
                Ok(Kind::PreferredStarts {
                    activities,
                    starts: self.time_pair(n.get("Preferred_Day"), n.get("Preferred_Hour"))?,
                })
            }),
            "ActivityPreferredStartingTimes" | "ActivitiesPreferredStartingTimes" => {
                let activities = self.chosen(kind.starts_with("Activity"))?;
                self.for_activities(activities, |activities| {
                    Ok(Kind::PreferredStarts {
                        activities,
                        starts: self.times(
                            "Preferred_Starting_Time",
                            "Preferred_Starting_Day",
                            "Preferred_Starting_Hour",
                        )?,
                    })
                })
            }
            "ActivityPreferredTimeSlots" | "ActivitiesPreferredTimeSlots" => {
                let activities = self.chosen(kind.starts_with("Activity"))?;
                self.for_activities(activities, |activities| {
                    Ok(Kind::PreferredSlots {
                        activities,
                        slots: self.times(
                            "Preferred_Time_Slot",
                            "Preferred_Day",
                            "Preferred_Hour",
                        )?,
                    })
                })
            }
            "ActivityEndsStudentsDay" | "ActivitiesEndStudentsDay" => {
                let activities = self.chosen(kind.starts_with("Activity"))?;
                self.for_activities(activities, |activities| {
                    Ok(Kind::EndsStudentsDay { activities })
                })
            }
            "MinDaysBetweenActivities" => self.for_activities(self.listed()?, |activities| {
                Ok(Kind::MinDaysBetween {
                    activities,
                    days: self.number("MinDays")?,
                    consecutive_if_same_day: n.get("Consecutive_If_Same_Day") == Some("true"),
                })
            }),
            "ActivitiesSameStartingTime" => self.for_activities(self.listed()?, |activities| {
                Ok(Kind::SameStartingTime { activities })
            }),
            "ActivitiesSameStartingDay" => self.for_activities(self.listed()?, |activities| {
                Ok(Kind::SameStartingDay { activities })
            }),
            "ActivitiesSameStartingHour" => self.for_activities(self.listed()?, |activities| {
                Ok(Kind::SameStartingHour { activities })
            }),
            "ActivitiesNotOverlapping" => self.for_activities(self.listed()?, |activities| {
                Ok(Kind::NotOverlapping { activities })
            }),
            "MinGapsBetweenActivities" => self.for_activities(self.listed()?, |activities| {
                Ok(Kind::MinGapsBetween {
                    activities,
                    gaps: self.number("MinGaps")?,
                })
            }),
            "TwoActivitiesConsecutive" | "TwoActivitiesGrouped" | "TwoActivitiesOrdered" => {
                let (Some(first), Some(second)) = (
                    self.activity(n.get("First_Activity_Id"))?,
                    self.activity(n.get("Second_Activity_Id"))?,
                ) else {
                    return Ok(Some(Vec::new()));
                };
                one(match kind {
                    "TwoActivitiesConsecutive" => Kind::Consecutive { first, second },
                    "TwoActivitiesGrouped" => Kind::Grouped { first, second },
                    _ => Kind::Ordered { first, second },
                })
            }
            "ActivityPreferredRoom" | "ActivityPreferredRooms" => {
                let rooms = self.rooms()?;
                self.for_activities(self.own()?, |activities| {
                    Ok(Kind::PreferredRooms {
                        activities,
                        rooms: rooms.clone(),
                    })
                })
            }
            "SubjectPreferredRoom" | "SubjectPreferredRooms" => {
                let subject = n.get("Subject").unwrap_or_default();
                self.names.subject_known(subject, &self.place)?;
                self.rooms_for(|a| a.subject == subject)
            }
            "TeacherHomeRoom" | "TeacherHomeRooms" => {
                let teacher = n
                    .get("Teacher")
                    .or(n.get("Teacher_Name"))
                    .unwrap_or_default();
                self.names.teacher(teacher, &self.place)?;
                self.rooms_for(|a| a.teachers == [teacher])
            }
            "StudentsSetHomeRoom" | "StudentsSetHomeRooms" => {
                let students = n.get("Students").unwrap_or_default();
                self.set(students)?;
                self.rooms_for(|a| a.students == [students])
            }
            other => Ok(self.day_rule(other)?.map(|k| vec![k])),
        }
    }

    /// Limits on teachers' or students' days: who from the kind's beginning, the rule from
    /// its end.
    fn day_rule(&self, kind: &str) -> Found<Option<Kind>> {
        let n = self.node;
        let Some((whose, rule)) = ["Teachers", "Teacher", "StudentsSet", "Students"]
            .into_iter()
            .find_map(|whose| kind.strip_prefix(whose).map(|rule| (whose, rule)))
        else {
            return Ok(None);
        };
        let teachers = whose.starts_with("Teacher");
        let rule = match rule {
            "MaxGapsPerWeek" => DayRule::MaxGapsPerWeek(self.number("Max_Gaps")?),
            "MaxGapsPerDay" => DayRule::MaxGapsPerDay(self.number("Max_Gaps")?),
            "MaxHoursDaily" => DayRule::MaxHoursDaily(self.number("Maximum_Hours_Daily")?),
            "MinHoursDaily" => DayRule::MinHoursDaily {
                min: self.number("Minimum_Hours_Daily")?,
                allow_empty_days: n.get("Allow_Empty_Days").map_or(teachers, |v| v == "true"),
            },
            "MaxHoursContinuously" => {
                DayRule::MaxHoursContinuously(self.number("Maximum_Hours_Continuously")?)
            }
            "MaxDaysPerWeek" => DayRule::MaxDaysPerWeek(self.number("Max_Days_Per_Week")?),
            "MinDaysPerWeek" if teachers => {
                DayRule::MinDaysPerWeek(self.number("Minimum_Days_Per_Week")?)
            }
            "EarlyMaxBeginningsAtSecondHour" if !teachers => {
                DayRule::EarlyMaxBeginningsAtSecondHour(
                    self.number("Max_Beginnings_At_Second_Hour")?,
                )
            }
            _ => return Ok(None),
        };
        let who = match whose {
            "Teachers" => (0..self.names.teachers.len()).map(Who::Teacher).collect(),
            "Teacher" => {
                let name = n
                    .get("Teacher_Name")
                    .or(n.get("Teacher"))
                    .unwrap_or_default();
                vec![Who::Teacher(self.names.teacher(name, &self.place)?)]
            }
            "StudentsSet" => {
                let atoms = self.set(n.get("Students").unwrap_or_default())?;
                atoms.iter().map(|&s| Who::Subgroup(s)).collect()
            }
            _ => (0..self.names.subgroups).map(Who::Subgroup).collect(),
        };
        Ok(Some(Kind::Days { who, rule }))
    }

    /// A count the constraint sets (gaps, hours, days): a missing one is 0, as FET reads it.
    fn number(&self, field: &'static str) -> Found<usize> {
        number(self.node, field, 0, 0..=COUNT_MAX, &self.place)
    }

    fn set(&self, name: &str) -> Found<&[usize]> {
        self.names.students_set(name, &self.place)
    }

    fn activity(&self, id: Option<&str>) -> Found<Option<usize>> {
        self.names
            .activity(id.unwrap_or_default(), self.ids, &self.place)
    }

    /// The constraint's own activity (`Activity_Id`), if active.
    fn own(&self) -> Found<Vec<usize>> {
        Ok(self
            .activity(self.node.get("Activity_Id"))?
            .into_iter()
            .collect())
    }

    /// Every active activity listed by `Activity_Id`.
    fn listed(&self) -> Found<Vec<usize>> {
        let mut list = Vec::new();
        for id in self.node.texts("Activity_Id") {
            list.extend(self.activity(Some(id))?);
        }
        Ok(list)
    }

    /// The activity of an «Activity…» constraint, or those an «Activities…» one chooses by
    /// teacher, students, subject, tag (and duration, in FET 6).
    fn chosen(&self, own: bool) -> Found<Vec<usize>> {
        if own {
            return self.own();
        }
        let n = self.node;
        let field = |name: &str| n.get(name).filter(|v| !v.is_empty());
        let (teacher, students, subject, tag) = (
            field("Teacher_Name"),
            field("Students_Name"),
            field("Subject_Name"),
            field("Activity_Tag_Name"),
        );
        let duration = field("Duration")
            .map(|_| number(n, "Duration", 1, 1..=MAX_HOURS, &self.place))
            .transpose()?;
        Ok(self
            .names
            .activities
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                teacher.is_none_or(|t| a.teachers.iter().any(|x| x == t))
                    && students.is_none_or(|s| a.students.iter().any(|x| x == s))
                    && subject.is_none_or(|s| a.subject == s)
                    && tag.is_none_or(|t| a.tags.iter().any(|x| x == t))
                    && duration.is_none_or(|d| a.duration == d)
            })
            .map(|(i, _)| i)
            .collect())
    }

    /// One constraint over the activities, or none when every one of them is inactive.
    fn for_activities(
        &self,
        activities: Vec<usize>,
        make: impl FnOnce(Vec<usize>) -> Found<Kind>,
    ) -> Found<Option<Vec<Kind>>> {
        if activities.is_empty() {
            return Ok(Some(Vec::new()));
        }
        Ok(Some(vec![make(activities)?]))
    }

    fn rooms(&self) -> Found<Vec<usize>> {
        let n = self.node;
        n.get("Room")
            .into_iter()
            .chain(n.texts("Preferred_Room"))
            .map(|r| self.names.room(r, &self.place))
            .collect()
    }

    fn rooms_for(
        &self,
        chosen: impl Fn(&super::read::FetActivity) -> bool,
    ) -> Found<Option<Vec<Kind>>> {
        let rooms = self.rooms()?;
        let activities = (0..self.names.activities.len())
            .filter(|&a| chosen(&self.names.activities[a]))
            .collect();
        self.for_activities(activities, |activities| {
            Ok(Kind::PreferredRooms { activities, rooms })
        })
    }

    /// The slots of the children named `item`, each with a day and an hour.
    fn times(&self, item: &str, day: &str, hour: &str) -> Found<Vec<Slot>> {
        let mut slots = Vec::new();
        for node in self.node.all(item) {
            slots.extend(self.time_pair(node.get(day), node.get(hour))?);
        }
        Ok(slots)
    }

    /// A day and an hour; an empty one (FET allows it in a preferred starting time) stands
    /// for every day or hour.
    fn time_pair(&self, day: Option<&str>, hour: Option<&str>) -> Found<Vec<Slot>> {
        let (names, periods) = (self.names, self.names.hours.len());
        let days: Vec<usize> = match day.filter(|d| !d.is_empty()) {
            Some(d) => vec![names.day(d, &self.place)?],
            None => (0..names.days.len()).collect(),
        };
        let hours: Vec<usize> = match hour.filter(|h| !h.is_empty()) {
            Some(h) => vec![names.hour(h, &self.place)?],
            None => (0..periods).collect(),
        };
        Ok(days
            .iter()
            .flat_map(|d| hours.iter().map(move |h| d * periods + h))
            .collect())
    }
}

/// FET puts an activity only in a room big enough for its students: activities that take a
/// room are kept to those.
fn add_room_capacity(names: &Names, out: &mut Constraints) {
    let mut takes_room = vec![false; names.activities.len()];
    for c in &out.list {
        if let Kind::PreferredRooms { activities, .. } = &c.kind {
            for &a in activities {
                takes_room[a] = true;
            }
        }
    }
    for (a, activity) in names
        .activities
        .iter()
        .enumerate()
        .filter(|(a, _)| takes_room[*a])
    {
        let fits: Vec<usize> = (0..names.rooms.len())
            .filter(|&r| names.room_capacity[r].is_none_or(|c| c >= activity.students_count))
            .collect();
        if fits.len() < names.rooms.len() {
            out.list.push(Constraint {
                weight: HARD,
                kind: Kind::PreferredRooms {
                    activities: vec![a],
                    rooms: fits,
                },
            });
            out.kinds.push("ConstraintBasicCompulsorySpace".into());
        }
    }
}
