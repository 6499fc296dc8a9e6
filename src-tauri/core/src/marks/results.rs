//! «Итоги успеваемости» of a period (per class, per level and for the school) and a student's
//! results over the year («сведения об успеваемости» for guardians who want them on paper,
//! seed 001, 7.2).
//!
//! The figures of a class are those of its marks sheet ([`super::stats`]). A level's and the
//! school's counts are the sums of their classes' counts, and their rates are computed from
//! those sums with [`Rate::of`] (never averaged over classes, which would weigh a class of 12
//! like a class of 30). Grade 1 has no marks, so the level 1–4 sums grades 2–4; a class whose
//! term scheme has no period of that name (10–11 on half-years for «1 четверть») is left out and
//! named in the notes.

pub use super::stats::ResultCounts;
use super::{
    class_info, class_periods, find_period, sheet, ClassInfo, MarkSheet, MarkValue, PeriodInfo,
    PeriodKind, Rate,
};
use crate::curriculum::Level;
use crate::db::Db;
use crate::error::{CoreError, Problem, Result};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::BTreeSet;
use ts_rs::TS;

/// What a row of «Итоги успеваемости» is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ResultsRowKind {
    Class,
    /// «Итого 5–9 классы».
    Level,
    /// «Всего по школе».
    School,
}

impl ResultCounts {
    /// The figures as the form prints them after the label, in the order of [`COUNT_TITLES`].
    pub fn figures(&self) -> [i32; 9] {
        [
            self.students,
            self.attested,
            self.only_five,
            self.four_and_five,
            self.one_three,
            self.with_two,
            self.not_attested,
            self.exempt,
            self.incomplete,
        ]
    }
}

/// Titles of [`ResultCounts::figures`], the same on screen, on paper and in the spreadsheet.
pub const COUNT_TITLES: [&str; 9] = [
    "Обучающихся",
    "Аттестовано",
    "Только на «5»",
    "На «4» и «5»",
    "С одной «3»",
    "С «2»",
    "Не аттестовано",
    "Освобождено",
    "Не все отметки",
];

/// One row: a class, a level's subtotal or the school's total.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ResultsRow {
    pub kind: ResultsRowKind,
    /// «5 А», «Итого 5–9 классы», «Всего по школе».
    pub label: String,
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
    /// Classes the row counts (1 for a class).
    pub classes: i32,
    pub counts: ResultCounts,
    pub pass_rate: Option<Rate>,
    pub quality_rate: Option<Rate>,
    /// СОУ (степень обученности), see [`ResultCounts::sou`].
    pub sou: Option<Rate>,
}

impl ResultsRow {
    fn new(kind: ResultsRowKind, label: String, class_id: Option<i64>) -> ResultsRow {
        ResultsRow {
            kind,
            label,
            class_id,
            classes: 0,
            counts: ResultCounts::default(),
            pass_rate: None,
            quality_rate: None,
            sou: None,
        }
    }

    fn add(&mut self, other: &ResultsRow) {
        self.classes += other.classes;
        self.counts.add(&other.counts);
    }

    /// The rates from the row's own (summed) counts.
    fn rate(mut self) -> ResultsRow {
        self.pass_rate = self.counts.pass_rate();
        self.quality_rate = self.counts.quality_rate();
        self.sou = self.counts.sou();
        self
    }
}

/// «Итоги успеваемости» of a period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SchoolResults {
    pub year_name: String,
    /// The period's name as the classes have it: «1 четверть», «Год».
    pub period_name: String,
    pub period_kind: PeriodKind,
    /// Classes in order, each level closed by its subtotal, the school's total last; a level
    /// none of whose classes has the period is left out.
    pub rows: Vec<ResultsRow>,
    /// Classes (grade 2 up) whose term scheme has no such period.
    pub without_period: Vec<String>,
    /// What the reader must know about the figures, printed under the table.
    pub notes: Vec<String>,
}

impl SchoolResults {
    /// The school's total row.
    pub fn school_total(&self) -> &ResultsRow {
        self.rows
            .last()
            .expect("the school's total is always there")
    }

    /// «за 1 четверть», «за учебный год»: the period as a title says it.
    pub fn period_phrase(&self) -> String {
        period_phrase(self.period_kind, &self.period_name)
    }
}

/// «за 1 четверть», «за учебный год», «экзамен», «итоговые отметки».
pub fn period_phrase(kind: PeriodKind, name: &str) -> String {
    match kind {
        PeriodKind::Term => format!("за {name}"),
        PeriodKind::Year => "за учебный год".into(),
        PeriodKind::Exam => "экзаменационные отметки".into(),
        PeriodKind::Final => "итоговые отметки".into(),
    }
}

/// Classes of the year with marks (grade 2 up), in order, with their periods.
fn marked_classes(db: &Db, academic_year_id: i64) -> Result<Vec<(ClassInfo, Vec<PeriodInfo>)>> {
    let mut stmt = db.conn().prepare(
        "SELECT id FROM class WHERE academic_year_id = ?1 AND grade >= 2
          ORDER BY grade, letter_key COLLATE RU",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([academic_year_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| {
            let class = class_info(db.conn(), id)?;
            let periods = class_periods(db.conn(), &class)?;
            Ok((class, periods))
        })
        .collect()
}

fn year_name(db: &Db, academic_year_id: i64) -> Result<String> {
    db.conn()
        .query_row(
            "SELECT name FROM academic_year WHERE id = ?1",
            [academic_year_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Учебный год",
        })
}

fn level_of(grade: i32) -> Level {
    Level::ALL
        .into_iter()
        .find(|l| {
            let (from, to) = l.grades();
            (from..=to).contains(&grade)
        })
        .unwrap_or(Level::Secondary)
}

/// «Итоги успеваемости» of the year's period named `name` («1 четверть», «год»): refused when
/// no class has a period of that name.
pub fn summary(db: &Db, academic_year_id: i64, name: &str) -> Result<SchoolResults> {
    let classes = marked_classes(db, academic_year_id)?;
    let mut found: Option<PeriodInfo> = None;
    let mut class_rows: Vec<(Level, i32, ResultsRow)> = Vec::new();
    let mut without_period = Vec::new();
    let mut incomplete = Vec::new();
    for (
        ClassInfo {
            id, label, grade, ..
        },
        periods,
    ) in &classes
    {
        let Some(period) = find_period(periods, name) else {
            without_period.push(label.clone());
            continue;
        };
        let sheet = sheet(db, *id, period.period)?;
        let mut row = ResultsRow::new(ResultsRowKind::Class, label.clone(), Some(*id));
        row.classes = 1;
        row.counts = sheet.stats.class.counts;
        row.pass_rate = sheet.stats.class.pass_rate;
        row.quality_rate = sheet.stats.class.quality_rate;
        row.sou = row.counts.sou();
        if row.counts.marks.missing > 0 {
            incomplete.push(format!("{label} — {}", row.counts.marks.missing));
        }
        class_rows.push((level_of(*grade), *grade, row));
        found.get_or_insert(period);
    }
    let Some(period) = found else {
        let known: BTreeSet<String> = classes
            .iter()
            .flat_map(|(_, periods)| periods.iter().map(|p| p.name.clone()))
            .collect();
        return Err(CoreError::refused(
            "period",
            Problem::UnknownPeriod {
                name: name.trim().to_string(),
                known: known
                    .into_iter()
                    .map(|n| format!("«{n}»"))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        ));
    };
    let rows = with_subtotals(class_rows);
    let has_grade_1: bool = db.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM class WHERE academic_year_id = ?1 AND grade = 1)",
        [academic_year_id],
        |r| r.get(0),
    )?;
    let mut notes = Vec::new();
    if has_grade_1 && rows.iter().any(|r| r.label.contains("1–4")) {
        notes.push("1 классы не учитываются: в 1 классе обучение безотметочное.".to_string());
    }
    if !without_period.is_empty() {
        notes.push(format!(
            "Не учтены классы, у которых нет периода «{}» (другая схема учебных периодов): {}.",
            period.name,
            without_period.join(", ")
        ));
    }
    if !incomplete.is_empty() {
        notes.push(format!(
            "Выставлены не все отметки (не хватает по классам): {}. Обучающиеся, у которых \
             выставлены не все отметки, не входят в расчёт успеваемости и качества.",
            incomplete.join(", ")
        ));
    }
    Ok(SchoolResults {
        year_name: year_name(db, academic_year_id)?,
        period_name: period.name,
        period_kind: period.period.kind,
        rows,
        without_period,
        notes,
    })
}

/// The class rows in order, each level with classes closed by its subtotal, the school's total
/// last; subtotals and the total rated from their summed counts.
fn with_subtotals(class_rows: Vec<(Level, i32, ResultsRow)>) -> Vec<ResultsRow> {
    let mut rows = Vec::new();
    let mut school = ResultsRow::new(ResultsRowKind::School, "Всего по школе".into(), None);
    for level in Level::ALL {
        let members: Vec<&(Level, i32, ResultsRow)> =
            class_rows.iter().filter(|(l, _, _)| *l == level).collect();
        if members.is_empty() {
            continue;
        }
        let range = if members.iter().any(|(_, grade, _)| *grade == 12) {
            "10–12"
        } else {
            level.range_label()
        };
        let mut subtotal =
            ResultsRow::new(ResultsRowKind::Level, format!("Итого {range} классы"), None);
        for (_, _, row) in members {
            subtotal.add(row);
            rows.push(row.clone());
        }
        school.add(&subtotal);
        rows.push(subtotal.rate());
    }
    rows.push(school.rate());
    rows
}

/// The term to report by default on `today`: of the terms the year's classes have that have
/// begun by then, the latest one with marks given (the current term once its marks are in, else
/// the last that ended), or the latest begun when none has marks yet; on a tie, the one more
/// classes have. `None` when the year has no marked classes or has not begun.
pub fn default_period(db: &Db, academic_year_id: i64, today: NaiveDate) -> Result<Option<String>> {
    // (whether any class has a mark in it, begins, name, classes)
    let mut terms: Vec<(bool, NaiveDate, String, usize)> = Vec::new();
    for (_, periods) in marked_classes(db, academic_year_id)? {
        for p in periods
            .into_iter()
            .filter(|p| p.period.kind == PeriodKind::Term)
        {
            if p.starts_on > today {
                continue;
            }
            let marked = has_marks(db, p.period.term_id)?;
            match terms.iter_mut().find(|t| t.2 == p.name) {
                Some(t) => {
                    t.0 |= marked;
                    t.3 += 1;
                }
                None => terms.push((marked, p.starts_on, p.name, 1)),
            }
        }
    }
    Ok(terms
        .into_iter()
        .max_by(|a, b| (a.0, a.1, a.3).cmp(&(b.0, b.1, b.3)))
        .map(|t| t.2))
}

fn has_marks(db: &Db, term_id: Option<i64>) -> Result<bool> {
    Ok(db
        .conn()
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM mark WHERE period_kind = 'term' AND term_id = ?1)",
        )?
        .query_row([term_id], |r| r.get(0))?)
}

// ---------------------------------------------------------------------------------------------
// A student's results

/// A subject's row of a student's results: marks along [`StudentResults::periods`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StudentSubject {
    #[ts(type = "number")]
    pub subject_id: i64,
    pub name: String,
    pub marks: Vec<Option<MarkValue>>,
    /// Whether the student studies the subject in the period (else the cell reads «—»).
    pub studies: Vec<bool>,
}

/// A student's marks over the year: subjects × the class's periods, and lessons missed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StudentResults {
    #[ts(type = "number")]
    pub student_id: i64,
    pub full_name: String,
    pub file_number: String,
    #[ts(type = "number")]
    pub class_id: i64,
    pub class_label: String,
    pub year_name: String,
    /// «Фамилия И. О.», empty when the class has none.
    pub class_teacher: String,
    /// The class's periods: terms, the year, the exam and the final mark in grades 9 and 11.
    pub periods: Vec<PeriodInfo>,
    pub subjects: Vec<StudentSubject>,
    /// Lessons missed along `periods`: per term as entered, for the year the terms' sum; `None`
    /// where nothing was entered (and for the exam and the final mark).
    pub missed: Vec<Option<i32>>,
    pub of_illness: Vec<Option<i32>>,
}

/// The marks sheets of every period of a class, read once for all its students.
fn class_sheets(db: &Db, class_id: i64) -> Result<(Vec<PeriodInfo>, Vec<MarkSheet>)> {
    let periods = super::periods(db, class_id)?;
    let sheets = periods
        .iter()
        .map(|p| sheet(db, class_id, p.period))
        .collect::<Result<Vec<_>>>()?;
    Ok((periods, sheets))
}

/// Sums the terms' figures into the year's column; `None` when no term has any.
fn year_sum(values: &[Option<i32>], periods: &[PeriodInfo]) -> Option<i32> {
    let terms: Vec<i32> = values
        .iter()
        .zip(periods)
        .filter(|(_, p)| p.period.kind == PeriodKind::Term)
        .filter_map(|(v, _)| *v)
        .collect();
    (!terms.is_empty()).then(|| terms.iter().sum())
}

fn student_from_sheets(
    periods: &[PeriodInfo],
    sheets: &[MarkSheet],
    student_id: i64,
) -> Option<StudentResults> {
    let first = sheets.first()?;
    let person = sheets
        .iter()
        .flat_map(|s| &s.students)
        .find(|st| st.student_id == student_id)?;
    let mut subjects: Vec<StudentSubject> = Vec::new();
    let mut missed = Vec::new();
    let mut of_illness = Vec::new();
    for (k, sheet) in sheets.iter().enumerate() {
        let row = sheet.students.iter().find(|st| st.student_id == student_id);
        missed.push(row.and_then(|r| r.missed));
        of_illness.push(row.and_then(|r| r.of_illness));
        let Some(row) = row else { continue };
        for (i, subject) in sheet.subjects.iter().enumerate() {
            if !row.studies[i] && row.marks[i].is_none() {
                continue;
            }
            let at = match subjects
                .iter()
                .position(|s| s.subject_id == subject.subject_id)
            {
                Some(at) => at,
                None => {
                    subjects.push(StudentSubject {
                        subject_id: subject.subject_id,
                        name: subject.name.clone(),
                        marks: vec![None; sheets.len()],
                        studies: vec![false; sheets.len()],
                    });
                    subjects.len() - 1
                }
            };
            subjects[at].marks[k] = row.marks[i];
            subjects[at].studies[k] = row.studies[i];
        }
    }
    for (k, p) in periods.iter().enumerate() {
        if p.period.kind == PeriodKind::Year {
            missed[k] = year_sum(&missed, periods);
            of_illness[k] = year_sum(&of_illness, periods);
        }
    }
    Some(StudentResults {
        student_id,
        full_name: person.full_name.clone(),
        file_number: person.file_number.clone(),
        class_id: first.class_id,
        class_label: first.class_label.clone(),
        year_name: first.year_name.clone(),
        class_teacher: first.class_teacher.clone(),
        periods: periods.to_vec(),
        subjects,
        missed,
        of_illness,
    })
}

/// Whether the sheet lists the student.
fn lists(sheet: &MarkSheet, student_id: i64) -> bool {
    sheet.students.iter().any(|s| s.student_id == student_id)
}

/// A student's results in their class of the year (the current year when `None`), the periods
/// before a transfer from the class they were in then; refused when
/// the student has no class that year, and for grade 1 (no marks).
pub fn student(db: &Db, student_id: i64, academic_year_id: Option<i64>) -> Result<StudentResults> {
    let student = crate::students::get(db, student_id)?;
    let year_id = match academic_year_id {
        Some(id) => id,
        None => crate::year::current_id(db)?,
    };
    let mut classes: Vec<i64> = crate::movement::placements::of_student(db.conn(), student_id)?
        .into_iter()
        .filter(|p| p.academic_year_id == year_id)
        .map(|p| p.class_id)
        .collect();
    classes.dedup();
    if let Some(&class_id) = classes.last() {
        let (periods, mut sheets) = class_sheets(db, class_id)?;
        let head = sheets.first().cloned();
        // A student transferred during the year: the periods before the transfer are in the
        // sheets of the class they were in then.
        for &earlier in classes.iter().rev().skip(1) {
            let (_, theirs) = class_sheets(db, earlier)?;
            for sheet in sheets.iter_mut().filter(|s| !lists(s, student_id)) {
                if let Some(other) = theirs
                    .iter()
                    .find(|o| o.period.period == sheet.period.period && lists(o, student_id))
                {
                    *sheet = other.clone();
                }
            }
        }
        // Absent from every sheet: enrolled after the year or gone before it began.
        if let (Some(mut results), Some(head)) =
            (student_from_sheets(&periods, &sheets, student_id), head)
        {
            results.class_id = head.class_id;
            results.class_label = head.class_label;
            results.class_teacher = head.class_teacher;
            return Ok(results);
        }
    }
    Err(CoreError::refused(
        "student_id",
        Problem::StudentWithoutClass {
            student: student.full_name(),
            year: year_name(db, year_id)?,
        },
    ))
}

/// The results of every student studying in the class (those who left are not printed), in the
/// class's alphabetical order; refused for grade 1.
pub fn class(db: &Db, class_id: i64) -> Result<Vec<StudentResults>> {
    let (periods, sheets) = class_sheets(db, class_id)?;
    let year = sheets
        .iter()
        .find(|s| s.period.period.kind == PeriodKind::Year)
        .ok_or(CoreError::NotFound {
            what: "Годовая ведомость класса",
        })?;
    Ok(year
        .students
        .iter()
        .filter(|st| st.departed_on.is_none())
        .filter_map(|st| student_from_sheets(&periods, &sheets, st.student_id))
        .collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::marks::{self, AbsenceEntry, SheetSubject};
    use crate::testkit::{self, class_id, year_id};

    /// The demo school without any marks or absences, so that every figure is the test's.
    pub(crate) fn school() -> (tempfile::TempDir, Db) {
        let (dir, db) = testkit::demo();
        db.write(|c| {
            Ok(c.execute_batch(
                "DELETE FROM mark; DELETE FROM absence; DELETE FROM period_closure;
                 DELETE FROM pass_fail_subject;",
            )?)
        })
        .unwrap();
        (dir, db)
    }

    /// Gives every studied cell of the class's period the value `f(student index, subject)`.
    pub(crate) fn fill(
        db: &Db,
        label: &str,
        period: &str,
        f: impl Fn(usize, &SheetSubject) -> Option<MarkValue>,
    ) -> MarkSheet {
        let id = class_id(db, label);
        let p = marks::period_by_name(db, id, period).unwrap().period;
        let before = marks::sheet(db, id, p).unwrap();
        let entries = before.entries(|i, _, sub| f(i, sub));
        marks::set_marks(db, id, p, &entries).unwrap();
        marks::sheet(db, id, p).unwrap()
    }

    fn refusal(e: &CoreError) -> String {
        match e {
            CoreError::Refused(f) => f.code.clone(),
            other => panic!("unexpected {other:?}"),
        }
    }

    fn row<'a>(results: &'a SchoolResults, label: &str) -> &'a ResultsRow {
        results
            .rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    }

    fn summed(rows: &[&ResultsRow]) -> ResultCounts {
        let mut sum = ResultCounts::default();
        for r in rows {
            sum.add(&r.counts);
        }
        sum
    }

    #[test]
    fn levels_and_school_sum_the_classes_and_rate_the_sums() {
        let (_dir, db) = school();
        let first = |s: &SheetSubject, i| s.name == "Математика" && i == 0;
        // 5 А: all «5», the first student a «2» in mathematics.
        fill(&db, "5 А", "1 четверть", |i, s| {
            Some(if first(s, i) {
                MarkValue::Two
            } else {
                MarkValue::Five
            })
        });
        // 5 Б: all «4»; the first student one «3», the second an «н/а», the third all «5».
        fill(&db, "5 Б", "1 четверть", |i, s| {
            Some(match i {
                0 if s.name == "Математика" => MarkValue::Three,
                1 if s.name == "Математика" => MarkValue::NotAttested,
                2 => MarkValue::Five,
                _ => MarkValue::Four,
            })
        });
        // 3 А: everybody «3» in mathematics, «4» elsewhere: no quality at all.
        fill(&db, "3 А", "1 четверть", |_, s| {
            Some(if s.name == "Математика" {
                MarkValue::Three
            } else {
                MarkValue::Four
            })
        });
        let results = summary(&db, year_id(&db), " 1 Четверть ").unwrap();
        assert_eq!(results.period_name, "1 четверть");
        assert_eq!(results.period_phrase(), "за 1 четверть");

        let a5 = row(&results, "5 А");
        let n5a = a5.counts.students;
        assert_eq!(a5.counts.with_two, 1);
        assert_eq!(a5.counts.only_five, n5a - 1);
        assert_eq!(a5.counts.incomplete, 0);
        assert_eq!(a5.pass_rate, Rate::of(n5a - 1, n5a));
        let b5 = row(&results, "5 Б");
        let n5b = b5.counts.students;
        assert_eq!(
            (
                b5.counts.one_three,
                b5.counts.not_attested,
                b5.counts.only_five
            ),
            (1, 1, 1)
        );
        assert_eq!(b5.counts.four_and_five, n5b - 3);
        assert_eq!(b5.counts.attested, n5b - 1);
        assert_eq!(b5.quality_rate, Rate::of(n5b - 2, n5b));
        let a3 = row(&results, "3 А");
        assert_eq!(a3.quality_rate, Rate::of(0, a3.counts.students));
        // СОУ by hand: students weighed by their lowest mark.
        let sou = |r: &ResultsRow| r.sou.as_ref().map(|s| s.value);
        let by_hand =
            |weighed: i32, n: i32| (f64::from(weighed) * 10.0 / f64::from(n)).round() / 10.0;
        assert_eq!(sou(a5), Some(by_hand((n5a - 1) * 100 + 16, n5a)));
        assert_eq!(sou(b5), Some(by_hand(100 + 36 + 7 + (n5b - 3) * 64, n5b)));
        assert_eq!(sou(a3), Some(36.0));
        assert_eq!(a3.counts.lowest_three, a3.counts.students);
        assert_eq!(sou(row(&results, "6 А")), None, "a class without marks");

        // Each level sums its classes; its rates come from the sums.
        let mut level_rows = Vec::new();
        for (range, grades) in [("1–4", 2..=4), ("5–9", 5..=9)] {
            let classes: Vec<&ResultsRow> = results
                .rows
                .iter()
                .filter(|r| r.kind == ResultsRowKind::Class)
                .filter(|r| grades.contains(&r.label.split(' ').next().unwrap().parse().unwrap()))
                .collect();
            assert_eq!(classes.len(), if range == "1–4" { 9 } else { 15 });
            let level = row(&results, &format!("Итого {range} классы"));
            assert_eq!(level.kind, ResultsRowKind::Level);
            assert_eq!(level.classes, classes.len() as i32);
            assert_eq!(level.counts, summed(&classes));
            assert_eq!(level.pass_rate, level.counts.pass_rate());
            assert_eq!(
                level.quality_rate,
                Rate::of(
                    level.counts.only_five + level.counts.four_and_five,
                    level.counts.counted
                )
            );
            level_rows.push(level);
        }
        let level59 = level_rows[1];
        assert_eq!(level59.counts.with_two, 1);
        assert_eq!(level59.counts.not_attested, 1);
        assert_eq!(level59.counts.only_five, n5a - 1 + 1);
        assert_eq!(
            sou(level59),
            Some(by_hand(
                (n5a - 1) * 100 + 16 + 100 + 36 + 7 + (n5b - 3) * 64,
                n5a + n5b
            ))
        );
        let school = results.school_total();
        assert_eq!(school.kind, ResultsRowKind::School);
        assert_eq!(
            sou(school),
            Some(by_hand(
                (n5a - 1) * 100 + 16 + 100 + 36 + 7 + (n5b - 3) * 64 + a3.counts.students * 36,
                n5a + n5b + a3.counts.students
            ))
        );
        assert_eq!(school.counts, summed(&level_rows));
        assert_eq!(
            school.pass_rate,
            Rate::of(school.counts.successful, school.counts.counted)
        );
        // Only the three classes with marks are in N: the empty ones count as «не все отметки».
        assert_eq!(school.counts.counted, n5a + n5b + a3.counts.students);
        assert_eq!(
            school.counts.incomplete,
            school.counts.students - school.counts.counted
        );
        // The last row of each level is its subtotal, the school's total the very last.
        let kinds: Vec<ResultsRowKind> = results.rows.iter().map(|r| r.kind).collect();
        assert_eq!(kinds[9], ResultsRowKind::Level);
        assert_eq!(kinds[25], ResultsRowKind::Level);
        assert_eq!(kinds.len(), 27);
    }

    #[test]
    fn classes_without_the_period_are_left_out_and_named() {
        let (_dir, db) = school();
        let results = summary(&db, year_id(&db), "1 четверть").unwrap();
        assert_eq!(results.without_period, ["10 А", "10 Б", "11 А", "11 Б"]);
        assert!(results
            .rows
            .iter()
            .all(|r| !r.label.starts_with("1") || r.label.starts_with("Итого 1–4")));
        assert!(!results.rows.iter().any(|r| r.label.contains("10–11")));
        let notes = results.notes.join("\n");
        assert!(notes.contains("10 А, 10 Б, 11 А, 11 Б"), "{notes}");
        assert!(notes.contains("1 классы не учитываются"), "{notes}");
        // Nothing is given yet: every class is incomplete, and the notes say so.
        assert!(notes.contains("Выставлены не все отметки"), "{notes}");

        // The year: the half-year classes are there, as their own level.
        fill(&db, "10 А", "Год", |_, _| Some(MarkValue::Five));
        let year = summary(&db, year_id(&db), "годовая").unwrap();
        assert_eq!(year.period_name, "Год");
        assert!(year.without_period.is_empty());
        let senior = row(&year, "Итого 10–11 классы");
        assert_eq!(senior.classes, 4);
        let a10 = row(&year, "10 А");
        assert_eq!(a10.counts.only_five, a10.counts.students);
        assert_eq!(senior.counts.only_five, a10.counts.students);

        // The half-year exists only for 10–11: the other levels are absent.
        let half = summary(&db, year_id(&db), "1 полугодие").unwrap();
        assert_eq!(half.rows.len(), 4 + 1 + 1);
        assert_eq!(half.without_period.len(), 24);
    }

    #[test]
    fn a_period_without_marks_has_no_rates_and_counts_everybody_as_incomplete() {
        let (_dir, db) = school();
        let results = summary(&db, year_id(&db), "2 четверть").unwrap();
        for row in &results.rows {
            let c = &row.counts;
            assert_eq!(
                (row.pass_rate.clone(), row.quality_rate.clone()),
                (None, None)
            );
            assert_eq!(
                (c.counted, c.attested, c.successful),
                (0, 0, 0),
                "{}",
                row.label
            );
            assert_eq!(c.incomplete, c.students, "{}", row.label);
            assert_eq!(c.marks.missing, c.marks.expected, "{}", row.label);
        }
        let total = &results.school_total().counts;
        assert!(
            total.students > 500 && total.marks.expected > 5000,
            "{total:?}"
        );
        let notes = results.notes.join("\n");
        assert!(notes.contains("5 А — "), "{notes}");
    }

    #[test]
    fn a_half_filled_period_rates_only_the_students_with_every_mark() {
        let (_dir, db) = school();
        let a5 = fill(&db, "5 А", "2 четверть", |_, _| {
            Some(MarkValue::Four)
        });
        // 5 Б: the first half of the class marked, the rest not yet.
        let b5 = fill(&db, "5 Б", "2 четверть", |i, _| {
            (i < 10).then_some(MarkValue::Five)
        });
        let results = summary(&db, year_id(&db), "2 четверть").unwrap();
        let b5_row = row(&results, "5 Б");
        assert_eq!(b5_row.counts.counted, 10);
        assert_eq!(b5_row.counts.only_five, 10);
        assert_eq!(b5_row.counts.incomplete, b5.students.len() as i32 - 10);
        assert_eq!(b5_row.pass_rate.as_ref().unwrap().text, "100,0");
        assert_eq!(b5_row.counts.marks, b5.stats.class.counts.marks);
        // The level: 5 А and half of 5 Б in N, every other class of 5–9 out of it.
        let level = row(&results, "Итого 5–9 классы");
        let n5a = a5.students.len() as i32;
        assert_eq!(level.counts.counted, n5a + 10);
        assert_eq!(level.quality_rate.as_ref().unwrap().text, "100,0");
        assert_eq!(
            level.counts.marks.missing,
            level.counts.marks.expected
                - a5.stats.class.counts.marks.expected
                - (b5.stats.class.counts.marks.expected - b5.stats.class.counts.marks.missing)
        );
        // 1–4 has nothing yet: «—».
        assert_eq!(row(&results, "Итого 1–4 классы").pass_rate, None);
    }

    #[test]
    fn only_osv_in_one_subject_keeps_the_class_rated_on_the_rest() {
        let (_dir, db) = school();
        let sheet = fill(&db, "6 А", "2 четверть", |_, s| {
            Some(if s.name == "Физическая культура" {
                MarkValue::Exempt
            } else {
                MarkValue::Five
            })
        });
        let pe = sheet
            .subjects
            .iter()
            .position(|s| s.name == "Физическая культура")
            .expect("6 А has physical education");
        assert_eq!(sheet.stats.subjects[pe].pass_rate, None);
        let a6 = row(&summary(&db, year_id(&db), "2 четверть").unwrap(), "6 А").clone();
        let n = sheet.students.len() as i32;
        assert_eq!(
            (a6.counts.counted, a6.counts.only_five, a6.counts.exempt),
            (n, n, 0)
        );
        assert_eq!(a6.counts.marks.missing, 0);
        assert_eq!(a6.quality_rate.unwrap().text, "100,0");
    }

    #[test]
    fn an_unknown_period_is_refused_with_the_known_ones() {
        let (_dir, db) = school();
        let e = summary(&db, year_id(&db), "5 четверть").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("«5 четверть»"), "{text}");
        assert!(
            text.contains("«1 четверть»") && text.contains("«1 полугодие»"),
            "{text}"
        );
        assert_eq!(refusal(&e), "unknown_period");
    }

    #[test]
    fn the_default_period_is_the_latest_begun_term_with_marks() {
        let (_dir, db) = school();
        let y = year_id(&db);
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        // In October the quarter and the half-year both began on 1 September: more classes
        // have the quarter.
        assert_eq!(
            default_period(&db, y, day(10, 1)).unwrap().as_deref(),
            Some("1 четверть")
        );
        assert_eq!(
            default_period(&db, y, day(11, 25)).unwrap().as_deref(),
            Some("2 четверть")
        );
        // Once the first quarter has marks and the second none yet, the first is reported.
        fill(&db, "6 В", "1 четверть", |_, _| {
            Some(MarkValue::Four)
        });
        let late_november = default_period(&db, y, day(11, 25)).unwrap();
        assert_eq!(late_november.as_deref(), Some("1 четверть"));
        fill(&db, "6 В", "2 четверть", |_, _| {
            Some(MarkValue::Four)
        });
        let late_november = default_period(&db, y, day(11, 25)).unwrap();
        assert_eq!(late_november.as_deref(), Some("2 четверть"));
        assert_eq!(default_period(&db, y, day(8, 1)).unwrap(), None);
    }

    fn subject_row<'a>(r: &'a StudentResults, name: &str) -> &'a StudentSubject {
        r.subjects
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    }

    #[test]
    fn a_students_results_over_the_year() {
        let (_dir, db) = school();
        let id = class_id(&db, "5 А");
        let q1 = fill(&db, "5 А", "1 четверть", |i, s| {
            match (i, s.name.as_str()) {
                (0, "Математика") => Some(MarkValue::Five),
                (0, "Русский язык") => Some(MarkValue::Four),
                _ => None,
            }
        });
        fill(&db, "5 А", "Год", |i, s| {
            (i == 0 && s.name == "Математика").then_some(MarkValue::Three)
        });
        let pupil = q1.students[0].student_id;
        let term = |name| marks::period_by_name(&db, id, name).unwrap().period;
        let absent = |missed, ill| AbsenceEntry {
            student_id: pupil,
            missed: Some(missed),
            of_illness: Some(ill),
        };
        marks::set_absences(&db, id, term("1 четверть"), &[absent(12, 8)]).unwrap();
        marks::set_absences(&db, id, term("2 четверть"), &[absent(3, 0)]).unwrap();

        let r = student(&db, pupil, None).unwrap();
        assert_eq!(r.full_name, q1.students[0].full_name);
        assert_eq!(r.class_label, "5 А");
        assert_eq!(r.year_name, "2026-2027");
        let names: Vec<&str> = r.periods.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "1 четверть",
                "2 четверть",
                "3 четверть",
                "4 четверть",
                "Год"
            ]
        );
        let maths = subject_row(&r, "Математика");
        assert_eq!(
            maths.marks,
            [
                Some(MarkValue::Five),
                None,
                None,
                None,
                Some(MarkValue::Three)
            ]
        );
        assert!(maths.studies.iter().all(|s| *s));
        assert_eq!(
            subject_row(&r, "Русский язык").marks[0],
            Some(MarkValue::Four)
        );
        // Every subject of the class's curriculum, in its order, even without marks yet.
        let sheet_names: Vec<&str> = q1.subjects.iter().map(|s| s.name.as_str()).collect();
        let own: Vec<&str> = r.subjects.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(own[..sheet_names.len()], sheet_names[..]);
        assert_eq!(r.missed, [Some(12), Some(3), None, None, Some(15)]);
        assert_eq!(r.of_illness, [Some(8), Some(0), None, None, Some(8)]);

        // The whole class: the same page for that student, one per student studying.
        let all = class(&db, id).unwrap();
        let studying = q1
            .students
            .iter()
            .filter(|s| s.departed_on.is_none())
            .count();
        assert_eq!(all.len(), studying);
        assert_eq!(all.iter().find(|x| x.student_id == pupil), Some(&r));
    }

    #[test]
    fn grades_9_have_the_exam_and_grade_1_no_results() {
        let (_dir, db) = school();
        let nine = class(&db, class_id(&db, "9 А")).unwrap();
        let names: Vec<&str> = nine[0].periods.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names[4..], ["Год", "Экзамен", "Итоговая"]);
        assert_eq!(nine[0].missed[5], None);

        let one =
            crate::students::list(&db, year_id(&db), Some(class_id(&db, "1 А")), None).unwrap();
        let e = student(&db, one[0].id, None).unwrap_err();
        assert_eq!(refusal(&e), "no_marks_in_grade_1");

        let who = one[1].id;
        crate::students::unplace(&db, who, year_id(&db)).unwrap();
        let e = student(&db, who, None).unwrap_err();
        assert_eq!(refusal(&e), "student_without_class");
        assert!(e.to_string().contains("2026-2027"), "{e}");
    }
}
