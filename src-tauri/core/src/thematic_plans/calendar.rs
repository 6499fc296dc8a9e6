//! The days a class studies (its terms and holidays) and the plan's dates filled from the
//! class's timetable over them.

use super::*;

/// dd.mm.yyyy.
pub fn dmy(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// The days a class studies: its year, the terms of its scheme and the holidays that apply to
/// it (the school's and its scheme's).
pub struct Calendar {
    year: AcademicYear,
    terms: Vec<(NaiveDate, NaiveDate)>,
    holidays: Vec<(String, NaiveDate, NaiveDate)>,
}

impl Calendar {
    pub fn of_class(db: &Db, class: &Class) -> Result<Calendar> {
        let detail = year::detail(db, class.academic_year_id)?;
        let span = |s: Option<NaiveDate>, e: Option<NaiveDate>| s.zip(e);
        let mut terms: Vec<(NaiveDate, NaiveDate)> = detail
            .schemes
            .iter()
            .filter(|s| s.id.is_some() && s.id == class.term_scheme_id)
            .flat_map(|s| s.terms.iter())
            .filter_map(|t| span(t.starts_on, t.ends_on))
            .collect();
        // A class without a scheme studies the whole year, less the school's holidays.
        if terms.is_empty() {
            terms.extend(span(detail.year.starts_on, detail.year.ends_on));
        }
        terms.sort();
        let holidays = detail
            .holidays
            .iter()
            .filter(|h| h.term_scheme_id.is_none() || h.term_scheme_id == class.term_scheme_id)
            .filter_map(|h| span(h.starts_on, h.ends_on).map(|(s, e)| (h.name.clone(), s, e)))
            .collect();
        Ok(Calendar {
            year: detail.year,
            terms,
            holidays,
        })
    }

    /// Whether a topic may be planned on the date: inside the year and not in a holiday.
    pub fn check(&self, date: NaiveDate) -> std::result::Result<(), Problem> {
        let inside = self.year.starts_on.is_none_or(|s| date >= s)
            && self.year.ends_on.is_none_or(|e| date <= e);
        if !inside {
            return Err(Problem::DateOutsideYear {
                date: dmy(date),
                year: self.year.name.clone(),
            });
        }
        match self.holiday(date) {
            Some(name) => Err(Problem::DateOnHoliday {
                date: dmy(date),
                holiday: name.to_string(),
            }),
            None => Ok(()),
        }
    }

    fn holiday(&self, date: NaiveDate) -> Option<&str> {
        self.holidays
            .iter()
            .find(|(_, s, e)| (*s..=*e).contains(&date))
            .map(|(n, _, _)| n.as_str())
    }

    /// The days of the terms that are not holidays, in order.
    fn study_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.terms
            .iter()
            .flat_map(|(s, e)| s.iter_days().take_while(move |d| d <= e))
            .filter(|d| self.holiday(*d).is_none())
    }

    /// Whether the date is in the first half-year (before the new calendar year).
    fn first_half(&self, date: NaiveDate) -> bool {
        self.year.starts_on.is_none_or(|s| date.year() <= s.year())
    }
}

/// The class's weekly lessons of the plan's subject (and subgroup): (weekday 1–6, in the first
/// half-year, in the second).
pub(super) fn weekly_lessons(conn: &Connection, key: &PlanKey) -> Result<Vec<(u32, bool, bool)>> {
    let mut stmt = conn.prepare(
        "SELECT e.day, e.in_first, e.in_second
           FROM timetable_entry e
           JOIN teaching_load t ON t.id = e.teaching_load_id
           JOIN teaching_load_line tl ON tl.teaching_load_id = t.id
           JOIN curriculum_line l ON l.id = tl.curriculum_line_id
           JOIN curriculum c ON c.id = l.curriculum_id
          WHERE c.kind = 'class' AND c.class_id = ?1 AND l.subject_id = ?2
            AND +t.subgroup_id IS ?3
          ORDER BY e.day, e.lesson_number",
    )?;
    let lessons = stmt
        .query_map(
            params![key.class_id, key.subject_id, key.subgroup_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lessons)
}

/// The dates of the year's lessons, one per lesson (two lessons a day give the day twice).
pub(super) fn lesson_dates(calendar: &Calendar, weekly: &[(u32, bool, bool)]) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    for day in calendar.study_days() {
        let weekday = day.weekday().number_from_monday();
        let first = calendar.first_half(day);
        let count = weekly
            .iter()
            .filter(|(d, f, s)| *d == weekday && if first { *f } else { *s })
            .count();
        dates.extend(std::iter::repeat_n(day, count));
    }
    dates
}

/// «Распределить по датам»: each topic gets the date of its first lesson from the class's
/// timetable over the terms, skipping holidays; a topic of N hours takes N lessons. Topics left
/// when the lessons run out lose their date and are warned about.
pub fn distribute_dates(db: &Db, plan_id: i64) -> Result<Saved<ThematicPlan>> {
    let mut plan = get(db, plan_id)?;
    let class = classes::get(db, plan.key.class_id)?;
    let weekly = weekly_lessons(db.conn(), &plan.key)?;
    if weekly.is_empty() {
        return Err(CoreError::refused(
            "planned_date",
            Problem::NoLessonsInTimetable { what: plan.title() },
        ));
    }
    let dates = lesson_dates(&Calendar::of_class(db, &class)?, &weekly);
    let mut next = 0_usize;
    let mut short: Vec<String> = Vec::new();
    for t in plan.sections.iter_mut().flat_map(|s| s.topics.iter_mut()) {
        t.planned_date = dates.get(next).copied();
        if t.planned_date.is_none() {
            short.push(t.number.to_string());
        }
        // A half-hour topic still takes a lesson of its own.
        next += (t.hours.ceil() as usize).max(1);
    }
    let id = db.write(|conn| write_plan(conn, &plan, class.academic_year_id))?;
    let warnings = if short.is_empty() {
        Vec::new()
    } else {
        vec![FieldError::new(
            "planned_date",
            Problem::LessonDatesShort {
                topics: short.join(", "),
            },
        )]
    };
    saved(db, id, warnings)
}
