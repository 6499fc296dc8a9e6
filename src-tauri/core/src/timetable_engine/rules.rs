//! How many times each constraint is broken by a placement: a person's day rules read from the
//! bits of the periods they are busy, the rules over groups of activities from their starts.
//! Units, not weights: the state weighs them.

use super::compile::{Compiled, PersonRule, TimeWish};
use super::model::{DayRule, Kind, Slot};

/// What one day of a person looks like.
#[derive(Debug, Clone, Copy, Default)]
pub struct DayShape {
    hours: usize,
    /// Free periods between the first and the last lesson, breaks and unavailable ones apart.
    pub gaps: usize,
    /// Free periods before the first lesson that are not breaks or unavailable.
    leading: usize,
    longest_run: usize,
}

/// The shape of a day with lessons at the bits of `busy` (`not_gap`: its breaks and
/// unavailable periods).
pub fn shape(busy: u64, not_gap: u64) -> DayShape {
    if busy == 0 {
        return DayShape::default();
    }
    let first = busy.trailing_zeros();
    let last = 63 - busy.leading_zeros();
    let span = if last == 63 {
        !0u64
    } else {
        (1u64 << (last + 1)) - 1
    } & !((1u64 << first) - 1);
    let mut run = busy;
    let mut longest_run = 0;
    while run != 0 {
        run &= run << 1;
        longest_run += 1;
    }
    DayShape {
        hours: busy.count_ones() as usize,
        gaps: (span & !busy & !not_gap).count_ones() as usize,
        leading: (((1u64 << first) - 1) & !not_gap).count_ones() as usize,
        longest_run,
    }
}

/// Units by which a person's week breaks a rule: its busy periods, and for an activity that
/// must end the day, the activity's start.
pub fn person_rule_units(
    c: &Compiled,
    p: usize,
    rule: &PersonRule,
    busy: &[u64],
    start: &[Option<Slot>],
) -> usize {
    shaped_units(c, rule, busy, &shapes(busy, &c.not_gap[p]), start)
}

/// `person_rule_units` with the shapes of the person's days (`shape` of each day) at hand.
pub fn shaped_units(
    c: &Compiled,
    rule: &PersonRule,
    busy: &[u64],
    shapes: &[DayShape],
    start: &[Option<Slot>],
) -> usize {
    match rule {
        PersonRule::Ends(a) => start[*a].map_or(0, |s| {
            let end = s % c.periods + c.duration[*a];
            (busy[s / c.periods] >> end).count_ones() as usize
        }),
        other => week_units(other, busy, shapes),
    }
}

fn shapes(busy: &[u64], not_gap: &[u64]) -> Vec<DayShape> {
    busy.iter()
        .zip(not_gap)
        .map(|(&b, &n)| shape(b, n))
        .collect()
}

/// Units by which a person's week (`busy`: one mask per day) breaks a rule.
fn week_units(rule: &PersonRule, busy: &[u64], shapes: &[DayShape]) -> usize {
    let shapes = || shapes.iter();
    let over = |value: usize, max: usize| value.saturating_sub(max);
    match rule {
        PersonRule::Ends(_) => 0,
        PersonRule::Off(masks) => busy
            .iter()
            .zip(masks)
            .map(|(b, m)| (b & m).count_ones() as usize)
            .sum(),
        PersonRule::Day(day) => match *day {
            DayRule::MaxGapsPerWeek(max) => over(shapes().map(|s| s.gaps).sum(), max),
            DayRule::MaxGapsPerDay(max) => shapes().map(|s| over(s.gaps, max)).sum(),
            DayRule::MaxHoursDaily(max) => shapes().map(|s| over(s.hours, max)).sum(),
            DayRule::MinHoursDaily {
                min,
                allow_empty_days,
            } => shapes()
                .map(|s| match s.hours {
                    0 if allow_empty_days => 0,
                    hours => min.saturating_sub(hours),
                })
                .sum(),
            DayRule::MaxHoursContinuously(max) => shapes().map(|s| over(s.longest_run, max)).sum(),
            DayRule::MaxDaysPerWeek(max) => over(busy.iter().filter(|&&b| b != 0).count(), max),
            DayRule::MinDaysPerWeek(min) => {
                min.saturating_sub(busy.iter().filter(|&&b| b != 0).count())
            }
            DayRule::EarlyMaxBeginningsAtSecondHour(max) => {
                let second = shapes().filter(|s| s.hours > 0 && s.leading == 1).count();
                let later: usize = shapes().map(|s| s.leading.saturating_sub(1)).sum();
                over(second, max) + later
            }
        },
    }
}

/// Whether a rule about a person's days can be met by an empty week: a person with no
/// activities at all is not held to minimums (FET does the same).
pub fn needs_lessons(rule: &PersonRule) -> bool {
    matches!(
        rule,
        PersonRule::Day(DayRule::MinHoursDaily { .. } | DayRule::MinDaysPerWeek(_))
    )
}

/// Units by which the placed activities of a group rule break it (unplaced ones count for
/// nothing).
pub fn group_units(c: &Compiled, kind: &Kind, start: &[Option<Slot>]) -> usize {
    let end = |a: usize, s: Slot| s + c.duration[a];
    let day = |s: Slot| s / c.periods;
    match kind {
        Kind::Consecutive { first, second } => {
            both(start, *first, *second, |sa, sb| sb != end(*first, sa))
        }
        Kind::Grouped { first, second } => both(start, *first, *second, |sa, sb| {
            day(sa) != day(sb) || (sb != end(*first, sa) && sa != end(*second, sb))
        }),
        Kind::Ordered { first, second } => {
            both(start, *first, *second, |sa, sb| sb < end(*first, sa))
        }
        Kind::MaxPerDay { activities, max } => starts_by_day(c, activities, start)
            .iter()
            .map(|starts| (starts.count_ones() as usize).saturating_sub(*max))
            .sum(),
        Kind::DifficultyPeak {
            activities,
            scores,
            peak_days,
        } => peak(c, activities, scores, peak_days, start).map_or(0, |(totals, midweek)| {
            totals
                .iter()
                .enumerate()
                .filter(|(d, _)| !peak_days.contains(d))
                .filter_map(|(_, t)| t.map(|t| t.saturating_sub(midweek) as usize))
                .sum()
        }),
        _ => pairs(&super::compile::members(kind), start, |x, y| {
            pair_units(c, kind, x, y)
        }),
    }
}

/// Whether the activity is one of those breaking the rule (`members`, its activities): one
/// of a broken pair, either of two.
pub fn blames(
    c: &Compiled,
    kind: &Kind,
    members: &[usize],
    start: &[Option<Slot>],
    a: usize,
) -> bool {
    let Some(sa) = start[a] else { return false };
    match kind {
        Kind::Consecutive { .. } | Kind::Grouped { .. } | Kind::Ordered { .. } => {
            group_units(c, kind, start) > 0
        }
        // On a day with too many of them.
        Kind::MaxPerDay { activities, max } => {
            starts_by_day(c, activities, start)[sa / c.periods].count_ones() as usize > *max
        }
        // On a day harder than the peak days.
        Kind::DifficultyPeak {
            activities,
            scores,
            peak_days,
        } => {
            let d = sa / c.periods;
            !peak_days.contains(&d)
                && peak(c, activities, scores, peak_days, start)
                    .is_some_and(|(totals, midweek)| totals[d].is_some_and(|t| t > midweek))
        }
        _ => members.iter().any(|&b| {
            b != a && start[b].is_some_and(|sb| pair_units(c, kind, (a, sa), (b, sb)) > 0)
        }),
    }
}

/// For a rule counted over pairs, the units of the pairs the activity, started at `sa`,
/// makes with the other placed `members`: what it adds to the rule's units when placed and
/// takes away when taken out. `None` for a rule not counted over pairs.
pub fn pair_share(
    c: &Compiled,
    kind: &Kind,
    members: &[usize],
    start: &[Option<Slot>],
    (a, sa): (usize, Slot),
) -> Option<usize> {
    let pairwise = matches!(
        kind,
        Kind::MinDaysBetween { .. }
            | Kind::SameStartingTime { .. }
            | Kind::SameStartingDay { .. }
            | Kind::SameStartingHour { .. }
            | Kind::NotOverlapping { .. }
            | Kind::MinGapsBetween { .. }
    );
    pairwise.then(|| {
        members
            .iter()
            .filter(|&&b| b != a)
            .filter_map(|&b| start[b].map(|sb| pair_units(c, kind, (a, sa), (b, sb))))
            .sum()
    })
}

/// Whether the activity, started at `s`, misses the starts or slots a wish names.
pub fn misses(c: &Compiled, a: usize, s: Slot, wish: &TimeWish) -> bool {
    match wish {
        TimeWish::Starts(starts) => !starts[s],
        TimeWish::Slots(slots) => c.taken(a, s).any(|t| !slots[t]),
    }
}

/// Units by which two placed activities break a rule over pairs.
fn pair_units(c: &Compiled, kind: &Kind, (a, sa): (usize, Slot), (b, sb): (usize, Slot)) -> usize {
    let day = |s: Slot| s / c.periods;
    let end = |a: usize, s: Slot| s + c.duration[a];
    match kind {
        Kind::MinDaysBetween {
            days,
            consecutive_if_same_day,
            ..
        } => {
            let apart = day(sa).abs_diff(day(sb));
            let adjacent = end(a, sa) == sb || end(b, sb) == sa;
            usize::from(apart < *days)
                + usize::from(*consecutive_if_same_day && apart == 0 && !adjacent)
        }
        Kind::SameStartingTime { .. } => usize::from(sa != sb),
        Kind::SameStartingDay { .. } => usize::from(day(sa) != day(sb)),
        Kind::SameStartingHour { .. } => usize::from(sa % c.periods != sb % c.periods),
        Kind::NotOverlapping { .. } => usize::from(sa < end(b, sb) && sb < end(a, sa)),
        Kind::MinGapsBetween { gaps, .. } => {
            let between = if sa <= sb {
                sb as isize - end(a, sa) as isize
            } else {
                sa as isize - end(b, sb) as isize
            };
            usize::from(day(sa) == day(sb) && between < *gaps as isize)
        }
        _ => 0,
    }
}

/// Per day, the periods at which the placed activities start (one bit each).
fn starts_by_day(c: &Compiled, activities: &[usize], start: &[Option<Slot>]) -> Vec<u64> {
    let mut days = vec![0u64; c.days];
    for s in activities.iter().filter_map(|&a| start[a]) {
        days[s / c.periods] |= 1 << (s % c.periods);
    }
    days
}

/// Per day, the total of the placed activities' scores (of those at one period, the
/// highest), None on a day without them; and the highest total of the peak days. None when
/// fewer than three days have activities: such a week is not judged.
fn peak(
    c: &Compiled,
    activities: &[usize],
    scores: &[u32],
    peak_days: &[usize],
    start: &[Option<Slot>],
) -> Option<(Vec<Option<u32>>, u32)> {
    let mut at: Vec<Option<u32>> = vec![None; c.slots];
    for (&a, &score) in activities.iter().zip(scores) {
        for t in start[a].map_or(0..0, |s| c.taken(a, s)) {
            at[t] = Some(at[t].map_or(score, |x| x.max(score)));
        }
    }
    let totals: Vec<Option<u32>> = at
        .chunks(c.periods)
        .map(|day| day.iter().flatten().copied().reduce(|x, y| x + y))
        .collect();
    if totals.iter().flatten().count() < 3 {
        return None;
    }
    let midweek = peak_days
        .iter()
        .filter_map(|&d| totals.get(d).copied().flatten())
        .max()
        .unwrap_or(0);
    Some((totals, midweek))
}

/// The sum of `broken` over every two placed activities of the list.
fn pairs(
    activities: &[usize],
    start: &[Option<Slot>],
    broken: impl Fn((usize, Slot), (usize, Slot)) -> usize,
) -> usize {
    let placed: Vec<(usize, Slot)> = activities
        .iter()
        .filter_map(|&a| start[a].map(|s| (a, s)))
        .collect();
    let mut units = 0;
    for (i, &x) in placed.iter().enumerate() {
        for &y in &placed[i + 1..] {
            units += broken(x, y);
        }
    }
    units
}

fn both(
    start: &[Option<Slot>],
    first: usize,
    second: usize,
    broken: impl Fn(Slot, Slot) -> bool,
) -> usize {
    match (start[first], start[second]) {
        (Some(a), Some(b)) => usize::from(broken(a, b)),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: [u64; 2] = [0, 0];

    fn person_units(rule: &PersonRule, busy: &[u64], not_gap: &[u64]) -> usize {
        week_units(rule, busy, &shapes(busy, not_gap))
    }

    fn day(rule: DayRule, busy: &[u64]) -> usize {
        person_units(&PersonRule::Day(rule), busy, &NONE[..busy.len()])
    }

    #[test]
    fn gaps_count_free_periods_between_lessons_but_not_breaks() {
        // Periods 0, 2 and 5: three gaps (1, 3, 4); a break at 3 leaves two.
        let busy = [0b100101u64];
        assert_eq!(day(DayRule::MaxGapsPerDay(0), &busy), 3);
        assert_eq!(day(DayRule::MaxGapsPerDay(1), &busy), 2);
        let rule = PersonRule::Day(DayRule::MaxGapsPerWeek(0));
        assert_eq!(person_units(&rule, &busy, &[0b1000]), 2);
        assert_eq!(day(DayRule::MaxGapsPerWeek(4), &[0b101, 0b1001]), 0);
        assert_eq!(day(DayRule::MaxGapsPerWeek(1), &[0b101, 0b1001]), 2);
    }

    #[test]
    fn hours_days_and_runs() {
        let busy = [0b0111_0111u64, 0];
        assert_eq!(day(DayRule::MaxHoursDaily(5), &busy), 1);
        assert_eq!(day(DayRule::MaxHoursContinuously(2), &busy), 1);
        assert_eq!(day(DayRule::MaxDaysPerWeek(1), &busy), 0);
        assert_eq!(day(DayRule::MinDaysPerWeek(2), &busy), 1);
        let min = |allow_empty_days| DayRule::MinHoursDaily {
            min: 7,
            allow_empty_days,
        };
        assert_eq!(day(min(true), &busy), 1);
        assert_eq!(day(min(false), &busy), 8);
    }

    #[test]
    fn early_beginnings_count_second_hour_starts_and_forbid_later_ones() {
        let rule = DayRule::EarlyMaxBeginningsAtSecondHour(1);
        assert_eq!(day(rule, &[0b110, 0b011]), 0);
        assert_eq!(day(rule, &[0b110, 0b110]), 1);
        assert_eq!(day(rule, &[0b1100, 0b011]), 1);
        let not_gap = [0b1u64, 0];
        let units = person_units(&PersonRule::Day(rule), &[0b1100, 0b110], &not_gap);
        assert_eq!(units, 1, "an unavailable first hour is no late beginning");
    }

    #[test]
    fn soft_unavailability_counts_busy_periods() {
        let rule = PersonRule::Off(vec![0b11, 0b1]);
        assert_eq!(person_units(&rule, &[0b111, 0b10], &NONE), 2);
    }

    /// `blames` with the rule's own activities as its members.
    fn blamed(c: &Compiled, rule: &Kind, starts: &[Option<Slot>], a: usize) -> bool {
        blames(c, rule, &super::super::compile::members(rule), starts, a)
    }

    fn compiled(days: usize, periods: usize, durations: &[usize]) -> Compiled {
        let problem = super::super::model::Problem {
            days,
            periods,
            teachers: 1,
            activities: durations
                .iter()
                .map(|&duration| super::super::model::Activity {
                    duration,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        super::super::compile::compile(&problem)
    }

    #[test]
    fn at_most_so_many_a_day_counts_side_by_side_and_paired_lessons_once() {
        let c = compiled(5, 6, &[1, 1, 2, 1]);
        let at = |d: usize, p: usize| Some(d * 6 + p);
        let rule = Kind::MaxPerDay {
            activities: vec![0, 1, 2, 3],
            max: 1,
        };
        let units = |starts: &[Option<Slot>]| group_units(&c, &rule, starts);
        assert_eq!(units(&[at(0, 0), at(1, 0), at(2, 0), at(3, 0)]), 0);
        assert_eq!(
            units(&[at(0, 0), at(0, 0), at(2, 2), at(3, 0)]),
            0,
            "side by side"
        );
        assert_eq!(units(&[at(0, 0), at(0, 1), at(0, 3), at(3, 0)]), 2);
        let starts = [at(0, 0), at(0, 1), at(2, 2), at(3, 0)];
        assert_eq!(units(&starts), 1);
        assert!(blamed(&c, &rule, &starts, 1));
        assert!(
            !blamed(&c, &rule, &starts, 2),
            "the paired lesson is alone on its day"
        );
    }

    #[test]
    fn the_difficulty_peak_is_judged_as_the_check_does() {
        // Monday … Friday; Tuesday and Wednesday are the peak days.
        let c = compiled(5, 6, &[1, 1, 1, 1, 2, 1]);
        let at = |d: usize, p: usize| Some(d * 6 + p);
        let rule = Kind::DifficultyPeak {
            activities: vec![0, 1, 2, 3, 4, 5],
            scores: vec![10, 4, 6, 3, 3, 8],
            peak_days: vec![1, 2],
        };
        let units = |starts: &[Option<Slot>]| group_units(&c, &rule, starts);
        // Monday 10, Tuesday 4 + 6, Thursday 3 + the paired 3 twice: no day above 10.
        let starts = [at(0, 0), at(1, 0), at(1, 1), at(3, 0), at(3, 1), None];
        assert_eq!(units(&starts), 0);
        let starts = [at(0, 0), at(1, 0), at(1, 1), at(3, 0), at(3, 1), at(3, 3)];
        assert_eq!(
            units(&starts),
            7,
            "Thursday 3 + 3 + 3 + 8 = 17, 7 above Tuesday's 10"
        );
        assert!(blamed(&c, &rule, &starts, 5));
        assert!(!blamed(&c, &rule, &starts, 0), "Monday is not above");
        assert!(!blamed(&c, &rule, &starts, 1), "a peak day");
        // Side by side (subgroups), the highest counts, not the sum: Monday 10 + 8 → 10.
        let starts = [at(0, 0), at(1, 0), at(1, 1), at(3, 0), None, at(0, 0)];
        assert_eq!(units(&starts), 0);
        // Without lessons on Tuesday and Wednesday their total is 0.
        let starts = [at(0, 0), None, None, at(3, 0), None, at(4, 0)];
        assert_eq!(units(&starts), 10 + 3 + 8);
        // Lessons on two days only are not judged.
        let starts = [at(0, 0), None, None, at(3, 0), None, None];
        assert_eq!(units(&starts), 0);
    }

    #[test]
    fn group_rules_over_starts() {
        let c = compiled(5, 6, &[1, 2, 1]);
        let at = |d: usize, p: usize| Some(d * 6 + p);
        let min_days = |consecutive_if_same_day| Kind::MinDaysBetween {
            activities: vec![0, 1, 2],
            days: 2,
            consecutive_if_same_day,
        };
        let starts = [at(0, 0), at(0, 1), at(3, 0)];
        assert_eq!(group_units(&c, &min_days(true), &starts), 1);
        let starts = [at(0, 0), at(0, 3), at(1, 0)];
        assert_eq!(group_units(&c, &min_days(true), &starts), 4);
        assert_eq!(group_units(&c, &min_days(false), &starts), 3);
        let same = Kind::SameStartingHour {
            activities: vec![0, 2],
        };
        assert_eq!(group_units(&c, &same, &[at(0, 0), None, at(3, 0)]), 0);
        assert_eq!(group_units(&c, &same, &[at(0, 1), None, at(3, 0)]), 1);
        let overlap = Kind::NotOverlapping {
            activities: vec![0, 1],
        };
        assert_eq!(group_units(&c, &overlap, &[at(0, 2), at(0, 1), None]), 1);
        assert_eq!(group_units(&c, &overlap, &[at(0, 3), at(0, 1), None]), 0);
        let gaps = Kind::MinGapsBetween {
            activities: vec![0, 1],
            gaps: 1,
        };
        assert_eq!(group_units(&c, &gaps, &[at(0, 3), at(0, 1), None]), 1);
        assert_eq!(group_units(&c, &gaps, &[at(0, 4), at(0, 1), None]), 0);
        let consecutive = Kind::Consecutive {
            first: 1,
            second: 0,
        };
        assert_eq!(
            group_units(&c, &consecutive, &[at(0, 3), at(0, 1), None]),
            0
        );
        assert_eq!(
            group_units(&c, &consecutive, &[at(0, 0), at(0, 1), None]),
            1
        );
        let grouped = Kind::Grouped {
            first: 1,
            second: 0,
        };
        assert_eq!(group_units(&c, &grouped, &[at(0, 0), at(0, 1), None]), 0);
        let ordered = Kind::Ordered {
            first: 0,
            second: 2,
        };
        assert_eq!(group_units(&c, &ordered, &[at(1, 0), None, at(0, 5)]), 1);
        assert_eq!(group_units(&c, &ordered, &[at(0, 0), None, at(0, 5)]), 0);
        let starts = TimeWish::Starts(vec![true, false, false, false]);
        assert!(!misses(&c, 0, 0, &starts));
        assert!(misses(&c, 0, 2, &starts));
        let slots = TimeWish::Slots(vec![false, true, true, false]);
        assert!(!misses(&c, 1, 1, &slots));
        assert!(
            misses(&c, 1, 2, &slots),
            "its second period is not wished for"
        );
    }
}
