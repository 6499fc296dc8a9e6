//! The figures of a marks sheet, computed once here for the screen, the ledgers and the
//! spreadsheets (docs/printed-forms.md states the definitions):
//! - per subject, over the students who study it and have a mark other than «осв»:
//!   pass rate (успеваемость) = «5», «4», «3», «зачтено» ÷ those students;
//!   quality rate (качество) = «5», «4» ÷ those students (none for a pass/fail subject);
//! - per class, over its students: only «5» (every graded mark «5»), «4» and «5» (at least one
//!   «4», no lower), one «3» (exactly one «3», the rest «4»/«5»), with «2» (a «2» or
//!   «не зачтено»), not attested (an «н/а»); neither a «2» nor an «н/а»: successful.
//!   Pass rate = successful ÷ students; quality rate = (only «5» + «4» и «5») ÷ students.
//!
//! Rates are percentages rounded to one decimal, written «87,5».

use super::{MarkValue, SheetStudent, SheetSubject};
use serde::Serialize;
use ts_rs::TS;

/// A percentage as shown everywhere: the value rounded to one decimal and its text «87,5».
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Rate {
    pub value: f64,
    pub text: String,
}

impl Rate {
    /// `part` of `whole` in percent; `None` when there is nobody to count.
    pub fn of(part: i32, whole: i32) -> Option<Rate> {
        if whole <= 0 {
            return None;
        }
        let value = (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0;
        Some(Rate {
            value,
            text: format!("{value:.1}").replace('.', ","),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SubjectStats {
    #[ts(type = "number")]
    pub subject_id: i64,
    /// Students who study the subject and are marked other than «осв».
    pub assessed: i32,
    pub fives: i32,
    pub fours: i32,
    pub threes: i32,
    /// «2» and «не зачтено».
    pub failed: i32,
    pub not_attested: i32,
    pub exempt: i32,
    /// Students who study the subject and have no mark yet.
    pub missing: i32,
    pub pass_rate: Option<Rate>,
    pub quality_rate: Option<Rate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassStats {
    pub students: i32,
    /// Students without an «н/а».
    pub attested: i32,
    pub only_five: i32,
    pub four_and_five: i32,
    pub one_three: i32,
    pub with_two: i32,
    pub not_attested: i32,
    /// Students with a mark missing in a subject they study.
    pub incomplete: i32,
    /// Students with neither a «2»/«не зачтено» nor an «н/а».
    pub successful: i32,
    pub pass_rate: Option<Rate>,
    pub quality_rate: Option<Rate>,
    /// Lessons missed in the term by the whole class, of them for illness.
    pub missed: i32,
    pub of_illness: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SheetStats {
    pub subjects: Vec<SubjectStats>,
    pub class: ClassStats,
}

/// How one student did over their subjects.
#[derive(Default)]
struct Outcome {
    fives: i32,
    fours: i32,
    threes: i32,
    fails: i32,
    not_attested: bool,
    missing: bool,
    graded: i32,
}

impl Outcome {
    fn of(student: &SheetStudent) -> Outcome {
        let mut o = Outcome::default();
        for (mark, studies) in student.marks.iter().zip(&student.studies) {
            if !studies {
                continue;
            }
            match mark {
                None => o.missing = true,
                Some(MarkValue::Five) => o.fives += 1,
                Some(MarkValue::Four) => o.fours += 1,
                Some(MarkValue::Three) => o.threes += 1,
                Some(MarkValue::Two | MarkValue::Failed) => o.fails += 1,
                Some(MarkValue::NotAttested) => o.not_attested = true,
                Some(MarkValue::Passed | MarkValue::Exempt) => {}
            }
            if mark.is_some_and(|m| m.is_graded()) {
                o.graded += 1;
            }
        }
        o
    }

    fn clean(&self) -> bool {
        self.fails == 0 && !self.not_attested
    }
}

fn subject_stats(index: usize, subject: &SheetSubject, students: &[SheetStudent]) -> SubjectStats {
    let mut s = SubjectStats {
        subject_id: subject.subject_id,
        assessed: 0,
        fives: 0,
        fours: 0,
        threes: 0,
        failed: 0,
        not_attested: 0,
        exempt: 0,
        missing: 0,
        pass_rate: None,
        quality_rate: None,
    };
    let mut passed = 0;
    for st in students.iter().filter(|st| st.studies[index]) {
        match st.marks[index] {
            None => s.missing += 1,
            Some(MarkValue::Exempt) => s.exempt += 1,
            Some(m) => {
                s.assessed += 1;
                match m {
                    MarkValue::Five => s.fives += 1,
                    MarkValue::Four => s.fours += 1,
                    MarkValue::Three => s.threes += 1,
                    MarkValue::Two | MarkValue::Failed => s.failed += 1,
                    MarkValue::NotAttested => s.not_attested += 1,
                    _ => {}
                }
                if matches!(
                    m,
                    MarkValue::Five | MarkValue::Four | MarkValue::Three | MarkValue::Passed
                ) {
                    passed += 1;
                }
            }
        }
    }
    s.pass_rate = Rate::of(passed, s.assessed);
    s.quality_rate = if subject.pass_fail {
        None
    } else {
        Rate::of(s.fives + s.fours, s.assessed)
    };
    s
}

fn class_stats(students: &[SheetStudent]) -> ClassStats {
    let mut c = ClassStats {
        students: students.len() as i32,
        attested: 0,
        only_five: 0,
        four_and_five: 0,
        one_three: 0,
        with_two: 0,
        not_attested: 0,
        incomplete: 0,
        pass_rate: None,
        quality_rate: None,
        missed: 0,
        of_illness: 0,
        successful: 0,
    };
    for st in students {
        let o = Outcome::of(st);
        c.missed += st.missed.unwrap_or(0);
        c.of_illness += st.of_illness.unwrap_or(0);
        c.not_attested += i32::from(o.not_attested);
        c.with_two += i32::from(o.fails > 0);
        c.incomplete += i32::from(o.missing);
        if !o.clean() {
            continue;
        }
        c.successful += 1;
        if o.graded == 0 {
            continue;
        }
        if o.fives == o.graded {
            c.only_five += 1;
        } else if o.threes == 0 {
            c.four_and_five += 1;
        } else if o.threes == 1 {
            c.one_three += 1;
        }
    }
    c.attested = c.students - c.not_attested;
    c.pass_rate = Rate::of(c.successful, c.students);
    c.quality_rate = Rate::of(c.only_five + c.four_and_five, c.students);
    c
}

pub(crate) fn of_sheet(subjects: &[SheetSubject], students: &[SheetStudent]) -> SheetStats {
    SheetStats {
        subjects: subjects
            .iter()
            .enumerate()
            .map(|(i, s)| subject_stats(i, s, students))
            .collect(),
        class: class_stats(students),
    }
}
