//! The district's lists of a period, beside «Итоги успеваемости»: excellent students (only «5»),
//! students with one «4», with one «3», and failing students with the subjects of their «2»,
//! «не зачтено» or «н/а». A student is on a list as the figures count them
//! ([`super::stats::standing`]): who left before the period's end, who lacks a mark or is «осв»
//! in everything is on none.

use super::results::{ResultsRowKind, SchoolResults};
use super::stats::{on_roll, standing, Standing};
use super::{class_info, class_periods, find_period, sheet};
use crate::db::Db;
use crate::error::Result;
use serde::Serialize;
use ts_rs::TS;

/// A student on a list: class, full name and, on the failing list, the subjects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ListedStudent {
    pub class: String,
    pub student: String,
    /// The subjects with «2», «не зачтено» or «н/а» (the failing list only).
    pub subjects: Vec<String>,
}

/// The four lists, each in the order of the classes and of the students in a class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ResultLists {
    pub excellent: Vec<ListedStudent>,
    pub one_four: Vec<ListedStudent>,
    pub one_three: Vec<ListedStudent>,
    pub failing: Vec<ListedStudent>,
}

/// The lists' titles, in the order of [`ResultLists::each`].
pub const LIST_TITLES: [&str; 4] = [
    "Отличники (только «5»)",
    "С одной «4»",
    "С одной «3»",
    "Неуспевающие («2», «н/а»)",
];

impl ResultLists {
    /// The lists in the order of [`LIST_TITLES`].
    pub fn each(&self) -> [&Vec<ListedStudent>; 4] {
        [
            &self.excellent,
            &self.one_four,
            &self.one_three,
            &self.failing,
        ]
    }
}

/// The lists of the classes and period of `results` (`results::summary`).
pub fn of_results(db: &Db, results: &SchoolResults) -> Result<ResultLists> {
    let mut out = ResultLists::default();
    let class_ids = results
        .rows
        .iter()
        .filter(|r| r.kind == ResultsRowKind::Class)
        .filter_map(|r| r.class_id);
    for id in class_ids {
        let class = class_info(db.conn(), id)?;
        let periods = class_periods(db.conn(), &class)?;
        let Some(period) = find_period(&periods, &results.period_name) else {
            continue;
        };
        let sheet = sheet(db, id, period.period)?;
        for st in on_roll(&sheet.students, period.ends_on) {
            let listed = |subjects: Vec<String>| ListedStudent {
                class: class.label.clone(),
                student: st.full_name.clone(),
                subjects,
            };
            match standing(st) {
                Standing::Excellent => out.excellent.push(listed(vec![])),
                Standing::OneFour => out.one_four.push(listed(vec![])),
                Standing::OneThree => out.one_three.push(listed(vec![])),
                Standing::Failing(subjects) => out.failing.push(listed(
                    subjects
                        .into_iter()
                        .map(|i| sheet.subjects[i].name.clone())
                        .collect(),
                )),
                Standing::Other => {}
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::marks::results::summary;
    use crate::marks::results::tests::{fill, school};
    use crate::marks::MarkValue::{self, *};
    use crate::testkit::year_id;

    /// 5 А with one student of each kind, the rest «4»; 7 Б all «5» but its first student, who
    /// has a «2» in algebra. The names: of the students on roll, 7 Б's with the «2» first.
    pub(crate) fn marked() -> (tempfile::TempDir, Db, Vec<String>, Vec<String>) {
        let (dir, db) = school();
        let a5 = fill(&db, "5 А", "1 четверть", |i, s| {
            let maths = s.name == "Математика";
            let russian = s.name == "Русский язык";
            match i {
                0 => Some(Five),
                1 if maths => Some(Four),
                1 => Some(Five),
                2 if maths => Some(Three),
                3 if maths => Some(Two),
                3 if russian => Some(NotAttested),
                4 => Some(Exempt),
                5 if maths => None,
                6 if maths => Some(NotAttested),
                6 => Some(Five),
                _ => Some(Four),
            }
        });
        let b7 = fill(&db, "7 Б", "1 четверть", |i, s| {
            Some(if i == 0 && s.name == "Алгебра" {
                MarkValue::Two
            } else {
                Five
            })
        });
        let names = |sheet: &crate::marks::MarkSheet| {
            let on_roll = sheet.students.iter().filter(|s| s.departed_on.is_none());
            on_roll.map(|s| s.full_name.clone()).collect::<Vec<_>>()
        };
        let mut b7_names = names(&b7);
        let two = b7
            .students
            .iter()
            .find(|s| s.marks.contains(&Some(Two)))
            .unwrap();
        b7_names.retain(|n| *n != two.full_name);
        b7_names.insert(0, two.full_name.clone());
        (dir, db, names(&a5), b7_names)
    }

    fn who(list: &[ListedStudent]) -> Vec<(&str, &str)> {
        list.iter()
            .map(|s| (s.class.as_str(), s.student.as_str()))
            .collect()
    }

    #[test]
    fn each_student_is_on_the_list_their_marks_put_them() {
        let (_dir, db, a5, b7) = marked();
        let results = summary(&db, year_id(&db), "1 четверть").unwrap();
        let lists = of_results(&db, &results).unwrap();
        let mut excellent = vec![("5 А", a5[0].as_str())];
        excellent.extend(b7[1..].iter().map(|n| ("7 Б", n.as_str())));
        assert_eq!(who(&lists.excellent), excellent);
        assert_eq!(who(&lists.one_four), [("5 А", a5[1].as_str())]);
        assert_eq!(who(&lists.one_three), [("5 А", a5[2].as_str())]);
        let failing: Vec<(&str, &str, Vec<&str>)> = lists
            .failing
            .iter()
            .map(|s| {
                let subjects = s.subjects.iter().map(String::as_str).collect();
                (s.class.as_str(), s.student.as_str(), subjects)
            })
            .collect();
        assert_eq!(
            failing,
            [
                ("5 А", a5[3].as_str(), vec!["Русский язык", "Математика"]),
                ("5 А", a5[6].as_str(), vec!["Математика"]),
                ("7 Б", b7[0].as_str(), vec!["Алгебра"]),
            ]
        );
        // The lists agree with the counts of «Итоги успеваемости».
        let school = &results.school_total().counts;
        assert_eq!(lists.excellent.len() as i32, school.only_five);
        assert_eq!(lists.one_three.len() as i32, school.one_three);
        assert_eq!(
            lists.failing.len() as i32,
            school.with_two + school.not_attested_only
        );
    }

    #[test]
    fn the_counts_and_the_sou_of_a_class_match_a_count_by_hand() {
        let (_dir, db, a5, _) = marked();
        let results = summary(&db, year_id(&db), "1 четверть").unwrap();
        let row = results.rows.iter().find(|r| r.label == "5 А").unwrap();
        let n = a5.len() as i32;
        let c = &row.counts;
        // 0 only «5»; 1 one «4»; 2 one «3»; 3 «2» and «н/а»; 4 exempt; 5 a mark missing;
        // 6 «н/а» only; the rest (n − 7) «4».
        assert_eq!(
            (c.students, c.exempt, c.incomplete, c.counted),
            (n, 1, 1, n - 2)
        );
        assert_eq!((c.only_five, c.four_and_five), (1, n - 6));
        assert_eq!((c.one_three, c.lowest_three), (1, 1));
        assert_eq!((c.with_two, c.not_attested, c.not_attested_only), (1, 2, 1));
        assert_eq!(c.attested, n - 4);
        // СОУ = (1·100 + (n − 6)·64 + 1·36 + 1·16 + 1·7) ÷ (n − 2).
        let weighed = 100 + (n - 6) * 64 + 36 + 16 + 7;
        let by_hand = (f64::from(weighed) * 10.0 / f64::from(n - 2)).round() / 10.0;
        assert_eq!(row.sou.as_ref().map(|r| r.value), Some(by_hand));
        // Pass rate: n − 2 in N, of them 2 fail; quality: 1 + (n − 6) + the one with one «4».
        assert_eq!(
            row.pass_rate.as_ref().map(|r| r.value),
            Some((f64::from(n - 4) * 1000.0 / f64::from(n - 2)).round() / 10.0)
        );
    }
}
