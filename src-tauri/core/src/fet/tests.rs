//! Reading a small FET file: students overlapping as FET allows, split and inactive
//! activities, weights, refused kinds, and the timetable written back locked.

use super::*;
use crate::error::Problem;
use crate::timetable_engine::{self, DayRule, Kind, Options, Resource};

const FILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<fet version="5.41.0">
<Days_List><Number_of_Days>2</Number_of_Days><Day><Name>Mon</Name></Day><Day><Name>Tue</Name></Day></Days_List>
<Hours_List><Number_of_Hours>3</Number_of_Hours><Hour><Name>1</Name></Hour><Hour><Name>2</Name></Hour><Hour><Name>3</Name></Hour></Hours_List>
<Subjects_List><Subject><Name>Math</Name></Subject><Subject><Name>English</Name></Subject></Subjects_List>
<Teachers_List><Teacher><Name>Ann</Name></Teacher><Teacher><Name>Bob &amp; Co</Name></Teacher></Teachers_List>
<Students_List>
<Year><Name>5</Name>
  <Group><Name>5A</Name><Subgroup><Name>5A g1</Name></Subgroup><Subgroup><Name>5A g2</Name></Subgroup></Group>
  <Group><Name>5 English 1</Name><Subgroup><Name>5A g1</Name></Subgroup></Group>
</Year>
<Year><Name>6</Name></Year>
</Students_List>
<Activities_List>
<Activity><Teacher>Ann</Teacher><Subject>Math</Subject><Students>5</Students><Duration>1</Duration><Total_Duration>2</Total_Duration><Id>1</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Ann</Teacher><Subject>Math</Subject><Students>5</Students><Duration>1</Duration><Total_Duration>2</Total_Duration><Id>2</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Bob &amp; Co</Teacher><Subject>English</Subject><Students>5 English 1</Students><Duration>2</Duration><Total_Duration>2</Total_Duration><Id>3</Id><Activity_Group_Id>0</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Bob &amp; Co</Teacher><Subject>English</Subject><Students>6</Students><Duration>1</Duration><Total_Duration>1</Total_Duration><Id>4</Id><Activity_Group_Id>0</Activity_Group_Id><Active>false</Active></Activity>
</Activities_List>
<Rooms_List><Room><Name>12</Name><Capacity>30</Capacity></Room></Rooms_List>
<Time_Constraints_List>
<ConstraintBasicCompulsoryTime><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintBasicCompulsoryTime>
<ConstraintMinDaysBetweenActivities><Weight_Percentage>95</Weight_Percentage><Consecutive_If_Same_Day>true</Consecutive_If_Same_Day><Number_of_Activities>2</Number_of_Activities><Activity_Id>1</Activity_Id><Activity_Id>2</Activity_Id><MinDays>1</MinDays><Active>true</Active></ConstraintMinDaysBetweenActivities>
<ConstraintTeacherNotAvailableTimes><Weight_Percentage>100</Weight_Percentage><Teacher>Bob &amp; Co</Teacher><Number_of_Not_Available_Times>1</Number_of_Not_Available_Times><Not_Available_Time><Day>Mon</Day><Hour>1</Hour></Not_Available_Time><Active>true</Active></ConstraintTeacherNotAvailableTimes>
<ConstraintStudentsSetMaxGapsPerWeek><Weight_Percentage>100</Weight_Percentage><Max_Gaps>0</Max_Gaps><Students>5A</Students><Active>true</Active></ConstraintStudentsSetMaxGapsPerWeek>
<ConstraintActivityPreferredStartingTime><Weight_Percentage>100</Weight_Percentage><Activity_Id>4</Activity_Id><Preferred_Day>Mon</Preferred_Day><Preferred_Hour>1</Preferred_Hour><Permanently_Locked>true</Permanently_Locked><Active>true</Active></ConstraintActivityPreferredStartingTime>
<ConstraintTeacherIntervalMaxDaysPerWeek><Weight_Percentage>100</Weight_Percentage><Teacher>Ann</Teacher><Active>false</Active></ConstraintTeacherIntervalMaxDaysPerWeek>
</Time_Constraints_List>
<Space_Constraints_List>
<ConstraintBasicCompulsorySpace><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintBasicCompulsorySpace>
<ConstraintSubjectPreferredRoom><Weight_Percentage>100</Weight_Percentage><Subject>English</Subject><Room>12</Room><Active>true</Active></ConstraintSubjectPreferredRoom>
</Space_Constraints_List>
</fet>
"#;

#[test]
fn students_activities_and_constraints_are_read() {
    let file = read("x.fet", FILE, false).unwrap();
    let p = &file.problem;
    assert_eq!((p.days, p.periods, p.teachers, p.rooms), (2, 3, 2, 1));
    // 5A g1, 5A g2 and the year 6 on its own: the English group is 5A g1 again.
    assert_eq!(p.subgroups, 3);
    assert_eq!(
        file.activity_ids,
        ["1", "2", "3"],
        "the inactive activity is left out"
    );
    assert_eq!(p.activities[0].subgroups.len(), 2);
    assert_eq!(p.activities[2].subgroups, [p.activities[0].subgroups[0]]);
    assert_eq!(p.activities[2].duration, 2);
    let kinds: Vec<&str> = file.constraint_kinds.iter().map(String::as_str).collect();
    assert_eq!(
        kinds,
        [
            "ConstraintMinDaysBetweenActivities",
            "ConstraintTeacherNotAvailableTimes",
            "ConstraintStudentsSetMaxGapsPerWeek",
            "ConstraintSubjectPreferredRoom"
        ],
        "the constraint of the inactive activity and the inactive one are skipped"
    );
    assert_eq!(p.constraints[0].weight, 95.0);
    assert!(matches!(
        p.constraints[1].kind,
        Kind::NotAvailable { who: Resource::Teacher(1), ref slots } if slots == &[0]
    ));
    assert!(matches!(
        p.constraints[2].kind,
        Kind::Days { ref who, rule: DayRule::MaxGapsPerWeek(0) } if who.len() == 2
    ));
}

#[test]
fn an_unsupported_kind_is_refused_by_name_unless_ignored() {
    let text = FILE.replace(
        "</Time_Constraints_List>",
        "<ConstraintTeacherIntervalMaxDaysPerWeek><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintTeacherIntervalMaxDaysPerWeek>\n</Time_Constraints_List>",
    );
    let err = read("x.fet", &text, false).unwrap_err();
    let CoreError::Refused(field) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(field.code, "fet_unsupported");
    assert!(
        field
            .message
            .contains("ConstraintTeacherIntervalMaxDaysPerWeek"),
        "{}",
        field.message
    );
    let file = read("x.fet", &text, true).unwrap();
    assert_eq!(
        file.unsupported,
        ["ConstraintTeacherIntervalMaxDaysPerWeek"]
    );
}

#[test]
fn a_name_the_file_does_not_define_is_named() {
    let text = FILE.replace(
        "<Teacher>Bob &amp; Co</Teacher><Number_of",
        "<Teacher>Eve</Teacher><Number_of",
    );
    let err = read("x.fet", &text, false).unwrap_err();
    assert!(err.to_string().contains("«Eve»"), "{err}");
    let not_xml = read("x.fet", "<fet><Days_List>", false).unwrap_err();
    assert!(
        matches!(not_xml, CoreError::Refused(f) if f.code == Problem::Fet(FetProblem::NotFet { file: String::new(), detail: String::new() }).code())
    );
}

#[test]
fn the_timetable_is_written_back_locked() {
    let file = read("x.fet", FILE, false).unwrap();
    let options = Options {
        time_limit: std::time::Duration::from_secs(5),
        seed: 1,
        cancel: Default::default(),
        improve: std::time::Duration::ZERO,
    };
    let solution = timetable_engine::solve(&file.problem, &options, &mut |_| {});
    assert!(solution.is_complete(), "{solution:?}");
    let out = with_timetable(FILE, &file, &solution.placement);
    assert_eq!(
        out.matches("<Permanently_Locked>true</Permanently_Locked>")
            .count(),
        1 + 3 + 1
    );
    assert!(out.contains("<Room>12</Room>"));
    let again = read("x.fet", &out, false).unwrap();
    assert_eq!(
        again.problem.constraints.len(),
        file.problem.constraints.len() + 4
    );
    let english = solution.placement[2].unwrap();
    assert_ne!(english.start, 0, "Bob is not available on Monday at 1");
}

/// Every number of the file made absurd in turn (huge, negative, not a number, empty), and
/// the file cut short at every element: each is read or refused, solved and explained
/// without a panic.
#[test]
fn a_malformed_file_never_panics() {
    let options = Options {
        time_limit: std::time::Duration::from_millis(5),
        seed: 1,
        cancel: Default::default(),
        improve: std::time::Duration::ZERO,
    };
    let mut texts: Vec<String> = Vec::new();
    for bad in ["18446744073709551615", "-7", "NaN", "inf", "", "0"] {
        for (at, _) in FILE.match_indices(|c: char| c.is_ascii_digit()) {
            texts.push(format!("{}{bad}{}", &FILE[..at], &FILE[at + 1..]));
        }
    }
    texts.extend(
        FILE.match_indices('<')
            .map(|(at, _)| FILE[..at].to_string()),
    );
    for text in &texts {
        if let Ok(file) = read("x.fet", text, true) {
            let solution = timetable_engine::solve(&file.problem, &options, &mut |_| {});
            timetable_engine::explain::after(&file.problem, &solution, &file);
            with_timetable(text, &file, &solution.placement);
        }
    }
}
