//! What a roster import shows besides the counts: each class it changes with its size before
//! and after (and the classes it creates, with the term scheme and bells they get), a warning
//! when a class would grow past its limit, the personal file numbers it gives new students and
//! who arrives where.

use super::{NewClass, Planned, Target};
use crate::classes::{self, ClassRow};
use crate::db::Db;
use crate::error::{Problem, Result};
use crate::exchange::{CellError, Preview, RowOutcome};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use ts_rs::TS;

/// The largest class of grades 1–4 before an import warns, whatever the school card says.
pub const PRIMARY_MAX_CLASS_SIZE: i32 = 25;

/// The preview of a roster import and, after it, the report of what was done. Its JSON is the
/// preview's (`{"added","updated","unchanged","errors","warnings"}`) with `classes` and
/// `numbers` added.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export, rename = "RosterPreview")]
pub struct Report {
    #[serde(flatten)]
    pub preview: Preview,
    /// The classes the import adds students to or takes them from, and those it creates, by
    /// grade and letter.
    pub classes: Vec<ClassChange>,
    /// The numbers the school's numbering gives new students without one, in file order.
    pub numbers: Vec<GivenNumber>,
    /// The new students and where each arrives, in file order: an import of arrivals shows
    /// them before anything is written.
    pub arrivals: Vec<Arriving>,
}

/// A new student of the file: the class joined, the day (the enrolment order's date; none: from
/// the year's first day) and the order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Arriving {
    pub row: u32,
    /// «Фамилия Имя Отчество».
    pub name: String,
    pub class: String,
    pub on: Option<NaiveDate>,
    /// «№ 12-у от 14.01.2027»; empty without an order.
    pub order: String,
}

/// A class the import changes: its size before and after.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassChange {
    /// «1 А».
    pub label: String,
    pub grade: i32,
    /// Created by the import («Создать недостающие классы»).
    pub created: bool,
    /// Students studying in the class on the day of the sizes (today, moved into the year).
    pub before: i32,
    pub after: i32,
    /// Rows that put a student into the class (new, or from another class or none).
    pub joining: i32,
    /// Students the import moves to another class.
    pub leaving: i32,
    /// The class's term scheme and bells (for a new class, the defaults it gets); empty: none.
    pub term_scheme: String,
    pub bell_schedule: String,
    /// The limit `after` exceeds (25 in grades 1–4, or the school card's maximum); None within it.
    pub over_limit: Option<i32>,
}

/// A personal file number given to a new student.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GivenNumber {
    pub row: u32,
    /// «Фамилия Имя Отчество».
    pub name: String,
    pub class: String,
    pub file_number: String,
}

impl Report {
    /// The preview's problems with what the front end showing them adds about each code
    /// ([`Preview::with_remedies`]).
    pub fn with_remedies(mut self, remedy: impl Fn(&str) -> Option<&'static str>) -> Report {
        self.preview = self.preview.with_remedies(remedy);
        self
    }
}

impl Deref for Report {
    type Target = Preview;
    fn deref(&self) -> &Preview {
        &self.preview
    }
}

impl DerefMut for Report {
    fn deref_mut(&mut self) -> &mut Preview {
        &mut self.preview
    }
}

impl AsRef<Preview> for Report {
    fn as_ref(&self) -> &Preview {
        &self.preview
    }
}

impl From<Preview> for Report {
    fn from(preview: Preview) -> Report {
        Report {
            preview,
            ..Report::default()
        }
    }
}

/// The limit of a class of `grade`: 25 in grades 1–4, the school's maximum (when the card sets
/// one) in every grade; the lower of the two. `true` when it is the limit of grades 1–4.
fn limit(grade: i32, school_max: Option<i32>) -> Option<(i32, bool)> {
    let primary = (1..=4)
        .contains(&grade)
        .then_some((PRIMARY_MAX_CLASS_SIZE, true));
    let school = school_max.map(|m| (m, false));
    match (primary, school) {
        (Some(p), Some(s)) => Some(if s.0 < p.0 { s } else { p }),
        (p, s) => p.or(s),
    }
}

/// «5 А» of a class the import adds a student to.
fn label_of(existing: &HashMap<i64, ClassRow>, target: &Target) -> String {
    match target {
        Target::Existing(id) => existing
            .get(id)
            .map(|r| r.label.clone())
            .unwrap_or_default(),
        Target::New(new) => new.label(),
    }
}

/// The change of a class (its size before and after and how many join and leave).
fn change(
    label: String,
    grade: i32,
    before: Option<i32>,
    (joining, leaving): (i32, i32),
    term_scheme: &str,
    bell_schedule: &str,
) -> ClassChange {
    let before_size = before.unwrap_or(0);
    ClassChange {
        label,
        grade,
        created: before.is_none(),
        before: before_size,
        after: before_size + joining - leaving,
        joining,
        leaving,
        term_scheme: term_scheme.to_string(),
        bell_schedule: bell_schedule.to_string(),
        over_limit: None,
    }
}

/// Adds the class sizes and the given numbers of the planned `rows` to the report, and a
/// warning for each class that would grow past its limit. `on` is the day of the sizes.
pub(super) fn complete(
    db: &Db,
    academic_year_id: i64,
    on: NaiveDate,
    rows: &[Planned],
    report: &mut Report,
) -> Result<()> {
    let existing: HashMap<i64, ClassRow> = classes::list(db, academic_year_id, on)?
        .into_iter()
        .map(|r| (r.class.id.unwrap_or_default(), r))
        .collect();
    // Counted per class without building anything per row: (joining, leaving) of the year's
    // classes by id, and of the classes to create (a handful) in the order met.
    let mut counts: HashMap<i64, (i32, i32)> = HashMap::new();
    let mut created: Vec<(&NewClass, i32)> = Vec::new();
    for row in rows.iter().filter(|r| r.outcome != RowOutcome::Unchanged) {
        match (&row.target, row.was_in) {
            (Target::Existing(to), Some((from, _))) if *to == from => continue,
            (Target::Existing(to), _) => counts.entry(*to).or_default().0 += 1,
            (Target::New(new), _) => {
                let same =
                    |c: &&mut (&NewClass, i32)| c.0.grade == new.grade && c.0.letter == new.letter;
                match created.iter_mut().find(same) {
                    Some(c) => c.1 += 1,
                    None => created.push((new, 1)),
                }
            }
        }
        // Only a student counted in the class's size leaves it.
        if let Some((from, true)) = row.was_in {
            counts.entry(from).or_default().1 += 1;
        }
    }
    let mut changes: Vec<(String, ClassChange)> = counts
        .into_iter()
        .map(|(id, n)| {
            let r = &existing[&id];
            let c = change(
                r.label.clone(),
                r.class.grade,
                Some(r.total),
                n,
                &r.term_scheme_name,
                &r.bell_schedule_name,
            );
            (crate::db::ru_key(&r.class.letter), c)
        })
        .chain(created.into_iter().map(|(new, joining)| {
            let c = change(
                new.label(),
                new.grade,
                None,
                (joining, 0),
                &new.term_scheme,
                &new.bell_schedule,
            );
            (crate::db::ru_key(&new.letter), c)
        }))
        .collect();
    // By grade and letter: the order of the class list.
    changes.sort_by(|(a, x), (b, y)| (x.grade, a).cmp(&(y.grade, b)));
    let mut changes: Vec<ClassChange> = changes.into_iter().map(|(_, c)| c).collect();
    let school_max = crate::school::get(db)?.max_class_size;
    for c in &mut changes {
        let bound = limit(c.grade, school_max);
        if let Some((limit, primary)) = bound.filter(|&(l, _)| c.after > l && c.joining > 0) {
            c.over_limit = Some(limit);
            report.preview.warnings.push(CellError::new(
                0,
                "",
                &Problem::ClassTooBig {
                    label: c.label.clone(),
                    before: c.before.into(),
                    after: c.after.into(),
                    limit: limit.into(),
                    primary,
                },
            ));
        }
    }
    report.classes = changes;
    report.numbers = rows
        .iter()
        .filter(|r| r.numbered)
        .map(|r| GivenNumber {
            row: r.row,
            name: r.student.full_name(),
            class: label_of(&existing, &r.target),
            file_number: r.student.file_number.clone(),
        })
        .collect();
    report.arrivals = rows
        .iter()
        .filter(|r| super::is_new(r))
        .map(|r| Arriving {
            row: r.row,
            name: r.student.full_name(),
            class: label_of(&existing, &r.target),
            on: r.order.as_ref().and_then(|o| o.date),
            order: r
                .order
                .as_ref()
                .map(crate::movement::orders::text)
                .unwrap_or_default(),
        })
        .collect();
    Ok(())
}
