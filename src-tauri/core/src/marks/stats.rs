//! The figures of a marks sheet, computed once here for the screen, the ledgers, «Итоги
//! успеваемости» and the spreadsheets (docs/printed-forms.md states the definitions).
//!
//! Counted are the students studying in the class at the period's end: one who left during the
//! period stays on the sheet with their marks but in no figure (the districts' rule). Of them:
//! - a student with a mark still missing in a subject they study (or with no subject to be
//!   marked in) is «не все отметки» (`incomplete`), in no other figure and not in N;
//! - a student «осв» in every subject they study is exempt (`exempt`), not in N; «осв» in some
//!   subjects only leaves the student in N, judged by their other marks;
//! - N (`counted`) = students − exempt − incomplete; of them «не аттестован» has an «н/а» and
//!   stays in N, «аттестован» has none; only «5» (every graded mark «5»), «4» and «5» (at least
//!   one «4», no lower), one «3» (exactly one «3», the rest «4»/«5»), with «2» (a «2» or
//!   «не зачтено»); neither a «2» nor an «н/а»: successful.
//!   Pass rate = successful ÷ N; quality rate = (only «5» + «4» и «5») ÷ N; none (printed «—»)
//!   when N is 0.
//! - СОУ (степень обученности) = (n5·100 + n4·64 + n3·36 + n2·16 + nна·7) ÷ N, counting students
//!   by their lowest mark as the district forms do: n5 only «5», n4 «4» и «5», n3 lowest «3»
//!   (`lowest_three`, one «3» or more), n2 with «2», nна with «н/а» and no «2»
//!   (`not_attested_only`); N is their sum (a student marked «зачтено» only has no place on the
//!   scale). None when N is 0.
//! - per subject, over the counted students who study it and have a mark other than «осв»:
//!   pass rate = «5», «4», «3», «зачтено» ÷ those students; quality rate = «5», «4» ÷ those
//!   students (none for a pass/fail subject).
//!
//! Rates are percentages rounded to one decimal, written «87,5».

use super::{MarkValue, SheetStudent, SheetSubject};
use chrono::NaiveDate;
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

/// The marks of the counted students of a sheet (of several sheets, summed): for the notice of
/// an incomplete ledger and the question before closing a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MarkCounts {
    /// A mark per student and subject they study.
    pub expected: i32,
    /// Of them not given yet.
    pub missing: i32,
    /// «2» and «не зачтено» given.
    pub failed: i32,
    /// «н/а» given.
    pub not_attested: i32,
}

impl MarkCounts {
    pub fn add(&mut self, o: &MarkCounts) {
        self.expected += o.expected;
        self.missing += o.missing;
        self.failed += o.failed;
        self.not_attested += o.not_attested;
    }

    /// «Выставлены не все отметки: 7 из 312», for the title of a form; `None` when all are in.
    pub fn notice(&self) -> Option<String> {
        (self.missing > 0).then(|| {
            format!(
                "Выставлены не все отметки: {} из {}",
                self.missing, self.expected
            )
        })
    }
}

/// The students of a class (a level, the school: summed) by how they did in the period.
/// `students` = `attested` + `not_attested` + `exempt` + `incomplete`; `counted` = N.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ResultCounts {
    /// Studying at the period's end.
    pub students: i32,
    /// N of the rates: students − exempt − incomplete.
    pub counted: i32,
    /// Of N, without an «н/а».
    pub attested: i32,
    pub only_five: i32,
    pub four_and_five: i32,
    pub one_three: i32,
    pub with_two: i32,
    /// Of N, with an «н/а».
    pub not_attested: i32,
    /// «осв» in every subject they study.
    pub exempt: i32,
    /// With a mark not yet given in a subject they study («не все отметки»).
    pub incomplete: i32,
    /// Of N, neither a «2»/«не зачтено» nor an «н/а»: what the pass rate counts.
    pub successful: i32,
    /// Of the successful, whose lowest mark is «3» (one «3» or more): n3 of СОУ.
    pub lowest_three: i32,
    /// Of N, with an «н/а» and no «2»: nна of СОУ.
    pub not_attested_only: i32,
    pub marks: MarkCounts,
}

impl ResultCounts {
    pub fn add(&mut self, o: &ResultCounts) {
        self.students += o.students;
        self.counted += o.counted;
        self.attested += o.attested;
        self.only_five += o.only_five;
        self.four_and_five += o.four_and_five;
        self.one_three += o.one_three;
        self.with_two += o.with_two;
        self.not_attested += o.not_attested;
        self.exempt += o.exempt;
        self.incomplete += o.incomplete;
        self.successful += o.successful;
        self.lowest_three += o.lowest_three;
        self.not_attested_only += o.not_attested_only;
        self.marks.add(&o.marks);
    }

    /// Pass rate: successful ÷ N.
    pub fn pass_rate(&self) -> Option<Rate> {
        Rate::of(self.successful, self.counted)
    }

    /// Quality rate: (only «5» + «4» и «5») ÷ N.
    pub fn quality_rate(&self) -> Option<Rate> {
        Rate::of(self.only_five + self.four_and_five, self.counted)
    }

    /// СОУ: the students weighed by their lowest mark, (n5·100 + n4·64 + n3·36 + n2·16 +
    /// nна·7) ÷ N, rounded like a rate.
    pub fn sou(&self) -> Option<Rate> {
        let scale = [
            (self.only_five, 100),
            (self.four_and_five, 64),
            (self.lowest_three, 36),
            (self.with_two, 16),
            (self.not_attested_only, 7),
        ];
        let n: i32 = scale.iter().map(|(n, _)| n).sum();
        let weighed: i32 = scale.iter().map(|(n, w)| n * w).sum();
        // weighed ÷ n = weighed·100 ÷ (n·100): a percentage of n·100.
        Rate::of(weighed, n * 100)
    }

    /// Counts one student.
    fn count(&mut self, o: &Outcome) {
        self.students += 1;
        self.marks.add(&MarkCounts {
            expected: o.studied,
            missing: o.missing,
            failed: o.fails,
            not_attested: o.not_attested,
        });
        if o.missing > 0 || o.studied == 0 {
            self.incomplete += 1;
            return;
        }
        if o.given == 0 {
            self.exempt += 1;
            return;
        }
        self.counted += 1;
        if o.not_attested > 0 {
            self.not_attested += 1;
        } else {
            self.attested += 1;
        }
        if o.fails > 0 {
            self.with_two += 1;
            return;
        }
        if o.not_attested > 0 {
            self.not_attested_only += 1;
            return;
        }
        self.successful += 1;
        if o.graded == 0 {
            return;
        }
        if o.fives == o.graded {
            self.only_five += 1;
        } else if o.threes == 0 {
            self.four_and_five += 1;
        } else {
            self.lowest_three += 1;
            if o.threes == 1 {
                self.one_three += 1;
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassStats {
    pub counts: ResultCounts,
    pub pass_rate: Option<Rate>,
    pub quality_rate: Option<Rate>,
    /// Lessons missed in the term by the students on the sheet, of them for illness.
    pub missed: i32,
    pub of_illness: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SheetStats {
    pub subjects: Vec<SubjectStats>,
    pub class: ClassStats,
}

/// How one student did over the subjects they study.
#[derive(Default)]
struct Outcome {
    studied: i32,
    missing: i32,
    /// Marks other than «осв».
    given: i32,
    fives: i32,
    fours: i32,
    threes: i32,
    fails: i32,
    not_attested: i32,
    graded: i32,
}

impl Outcome {
    fn of(student: &SheetStudent) -> Outcome {
        let mut o = Outcome::default();
        for (mark, studies) in student.marks.iter().zip(&student.studies) {
            if !studies {
                continue;
            }
            o.studied += 1;
            let Some(mark) = mark else {
                o.missing += 1;
                continue;
            };
            match mark {
                MarkValue::Five => o.fives += 1,
                MarkValue::Four => o.fours += 1,
                MarkValue::Three => o.threes += 1,
                MarkValue::Two | MarkValue::Failed => o.fails += 1,
                MarkValue::NotAttested => o.not_attested += 1,
                MarkValue::Passed | MarkValue::Exempt => {}
            }
            o.given += i32::from(*mark != MarkValue::Exempt);
            o.graded += i32::from(mark.is_graded());
        }
        o
    }
}

fn subject_stats(index: usize, subject: &SheetSubject, students: &[&SheetStudent]) -> SubjectStats {
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

/// The students of a sheet counted in its figures: who left before the period's end is not
/// (departed_on: the first day away).
pub(crate) fn on_roll(students: &[SheetStudent], ends_on: NaiveDate) -> Vec<&SheetStudent> {
    students
        .iter()
        .filter(|s| s.departed_on.is_none_or(|d| d > ends_on))
        .collect()
}

/// Which of the district's lists a counted student is on; judged like [`ResultCounts`]: a
/// student with a mark missing or «осв» in everything is on none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Every graded mark «5».
    Excellent,
    /// Exactly one «4», the rest «5».
    OneFour,
    /// Exactly one «3», the rest «4»/«5».
    OneThree,
    /// The indices of the subjects with «2», «не зачтено» or «н/а».
    Failing(Vec<usize>),
    Other,
}

pub(crate) fn standing(student: &SheetStudent) -> Standing {
    let o = Outcome::of(student);
    if o.missing > 0 || o.studied == 0 || o.given == 0 {
        return Standing::Other;
    }
    if o.fails > 0 || o.not_attested > 0 {
        let failed = student
            .marks
            .iter()
            .zip(&student.studies)
            .enumerate()
            .filter(|(_, (m, studies))| {
                **studies
                    && matches!(
                        m,
                        Some(MarkValue::Two | MarkValue::Failed | MarkValue::NotAttested)
                    )
            })
            .map(|(i, _)| i)
            .collect();
        return Standing::Failing(failed);
    }
    match (o.graded, o.fives, o.fours, o.threes) {
        (0, ..) => Standing::Other,
        (g, f, ..) if f == g => Standing::Excellent,
        (_, _, 1, 0) => Standing::OneFour,
        (_, _, _, 1) => Standing::OneThree,
        _ => Standing::Other,
    }
}

/// The figures of a sheet whose period ends on `ends_on`.
pub(crate) fn of_sheet(
    subjects: &[SheetSubject],
    students: &[SheetStudent],
    ends_on: NaiveDate,
) -> SheetStats {
    let counted = on_roll(students, ends_on);
    let mut counts = ResultCounts::default();
    for st in &counted {
        counts.count(&Outcome::of(st));
    }
    SheetStats {
        subjects: subjects
            .iter()
            .enumerate()
            .map(|(i, s)| subject_stats(i, s, &counted))
            .collect(),
        class: ClassStats {
            pass_rate: counts.pass_rate(),
            quality_rate: counts.quality_rate(),
            counts,
            missed: students.iter().filter_map(|s| s.missed).sum(),
            of_illness: students.iter().filter_map(|s| s.of_illness).sum(),
        },
    }
}
