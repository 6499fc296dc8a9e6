//! The problem the engine solves and the answer it gives, with no school file or FET in sight:
//! a week of days × periods, activities (lessons) with their teachers, atomic student groups and
//! room needs, and constraints with weights (100 % = hard, below = soft, broken as rarely as
//! possible). A year, a class or a FET group is a set of atomic subgroups: two activities clash
//! when they share a teacher, a subgroup or a room.

/// A place in the week: `day * periods + period`.
pub type Slot = usize;

/// A weight in percent: 100 is a hard constraint, below it a soft one.
pub type Weight = f64;

pub const HARD: Weight = 100.0;

#[derive(Debug, Clone, Default)]
pub struct Problem {
    pub days: usize,
    pub periods: usize,
    pub teachers: usize,
    pub subgroups: usize,
    pub rooms: usize,
    pub activities: Vec<Activity>,
    pub constraints: Vec<Constraint>,
}

impl Problem {
    pub fn slots(&self) -> usize {
        self.days * self.periods
    }
}

#[derive(Debug, Clone, Default)]
pub struct Activity {
    pub teachers: Vec<usize>,
    /// The atomic subgroups that attend (a whole class is all of its subgroups).
    pub subgroups: Vec<usize>,
    pub subject: usize,
    /// Periods in a row, within one day.
    pub duration: usize,
}

/// Whose day a constraint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Teacher(usize),
    Subgroup(usize),
}

/// Who cannot be used at some slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Teacher(usize),
    Subgroup(usize),
    Room(usize),
}

#[derive(Debug, Clone)]
pub struct Constraint {
    pub weight: Weight,
    pub kind: Kind,
}

impl Constraint {
    pub fn is_hard(&self) -> bool {
        self.weight >= HARD
    }
}

/// A limit on each listed teacher's or subgroup's days, every one counted on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRule {
    MaxGapsPerWeek(usize),
    MaxGapsPerDay(usize),
    MaxHoursDaily(usize),
    /// At least so many periods on a day with lessons; an empty day breaks it unless allowed.
    MinHoursDaily {
        min: usize,
        allow_empty_days: bool,
    },
    MaxHoursContinuously(usize),
    MaxDaysPerWeek(usize),
    MinDaysPerWeek(usize),
    /// Days start at the first period; at most so many start at the second (never later).
    EarlyMaxBeginningsAtSecondHour(usize),
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// Nothing of this teacher, subgroup or room at these slots.
    NotAvailable {
        who: Resource,
        slots: Vec<Slot>,
    },
    /// No activity at these slots.
    Break {
        slots: Vec<Slot>,
    },
    /// Each activity starts at one of `starts` (a single start with weight 100 locks it).
    PreferredStarts {
        activities: Vec<usize>,
        starts: Vec<Slot>,
    },
    /// Every period of each activity is one of `slots`.
    PreferredSlots {
        activities: Vec<usize>,
        slots: Vec<Slot>,
    },
    /// Any two of the activities at least `days` days apart; on the same day (when the weight
    /// lets it happen) one right after the other if `consecutive_if_same_day` — that part is
    /// hard whatever the weight, as in FET.
    MinDaysBetween {
        activities: Vec<usize>,
        days: usize,
        consecutive_if_same_day: bool,
    },
    SameStartingTime {
        activities: Vec<usize>,
    },
    SameStartingDay {
        activities: Vec<usize>,
    },
    SameStartingHour {
        activities: Vec<usize>,
    },
    NotOverlapping {
        activities: Vec<usize>,
    },
    /// Two of the activities on one day have at least `gaps` free periods between them.
    MinGapsBetween {
        activities: Vec<usize>,
        gaps: usize,
    },
    /// The second right after the first, on the same day.
    Consecutive {
        first: usize,
        second: usize,
    },
    /// The two on one day, one right after the other in either order.
    Grouped {
        first: usize,
        second: usize,
    },
    /// The second starts after the first ends (any day after, or later the same day).
    Ordered {
        first: usize,
        second: usize,
    },
    /// Each activity is the last of its day for every subgroup it holds.
    EndsStudentsDay {
        activities: Vec<usize>,
    },
    Days {
        who: Vec<Who>,
        rule: DayRule,
    },
    /// Each activity takes one of these rooms.
    PreferredRooms {
        activities: Vec<usize>,
        rooms: Vec<usize>,
    },
    /// At most `max` of the activities a day, those starting at one period (a class's
    /// subgroups side by side) counted once and a lesson of several periods once (a paired
    /// lesson); broken once for each one above it.
    MaxPerDay {
        activities: Vec<usize>,
        max: usize,
    },
    /// The day's total of the activities' scores (`scores[i]` is `activities[i]`'s, counted
    /// for each period it takes; of activities at one period side by side, the highest only)
    /// is highest on one of `peak_days`: broken when another day's total is above every peak
    /// day's (a peak day without activities counts 0), by the points the days above are
    /// above it. A week with activities on fewer than three days is not judged. SanPiN's
    /// difficulty peak on Tuesday–Wednesday.
    DifficultyPeak {
        activities: Vec<usize>,
        scores: Vec<u32>,
        peak_days: Vec<usize>,
    },
}

/// What the engine is asked besides the problem.
#[derive(Clone)]
pub struct Options {
    pub time_limit: std::time::Duration,
    pub seed: u64,
    /// Set from another thread to stop: the best placement so far is returned.
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Seconds spent after the first complete placement lowering broken soft constraints.
    pub improve: std::time::Duration,
}

/// Where the search stands, told to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Periods of the activities placed in the best placement so far, of `total` (see
    /// `best_hard` for what it breaks).
    pub placed: usize,
    pub total: usize,
    /// Hard and weighted soft breaks of the best placement so far.
    pub best_hard: usize,
    pub best_soft: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub start: Slot,
    pub room: Option<usize>,
}

/// A broken soft constraint (index into `Problem::constraints`) and how many times it is
/// broken.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    pub constraint: usize,
    pub times: usize,
}

#[derive(Debug, Clone)]
pub struct Solution {
    /// Per activity: where it is, or `None` when it could not be placed.
    pub placement: Vec<Option<Placed>>,
    /// Hard constraints still broken by the placed activities (0 in a complete timetable).
    pub hard_violations: usize,
    pub broken_soft: Vec<Broken>,
    /// Teachers' free periods between lessons over the week (all teachers).
    pub teacher_gaps: usize,
    pub subgroup_gaps: usize,
    pub cancelled: bool,
    pub seconds: f64,
}

impl Solution {
    pub fn placed(&self) -> usize {
        self.placement.iter().filter(|p| p.is_some()).count()
    }

    pub fn is_complete(&self) -> bool {
        self.hard_violations == 0 && self.placed() == self.placement.len()
    }
}
