//! The students' tables of ОО-1: classes and students by grade (all, with ОВЗ, with mental
//! disability), repeaters, study forms, age and sex, foreign languages on the day; leavers and
//! graduates of the year before. «Studying on D» is the placements' predicate of class sizes:
//! `starts_on <= D < left_on`.

use super::{age_day, full_years, ByGrade, Oo1Row, Oo1Table, TOTAL};
use crate::db::Db;
use crate::error::Result;
use crate::forms::ru_date;
use crate::movement::DepartureReason;
use crate::rollover::decisions;
use crate::students::{SpecialNeeds, StudyForm};
use crate::year::AcademicYear;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One student studying on the day, as the tables count them.
struct Student {
    id: i64,
    class_id: i64,
    grade: i32,
    girl: bool,
    birth: Option<NaiveDate>,
    study_form: StudyForm,
    disability: bool,
    special_needs: SpecialNeeds,
}

const ON_DAY: &str = "p.academic_year_id = ?1 AND p.starts_on <= ?2
                      AND (p.left_on IS NULL OR p.left_on > ?2)";

fn students_on(conn: &Connection, year_id: i64, on: NaiveDate) -> Result<Vec<Student>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT s.id, p.class_id, c.grade, s.sex, s.birth_date, s.study_form, s.disability,
                s.special_needs
           FROM placement p JOIN class c ON c.id = p.class_id JOIN student s ON s.id = p.student_id
          WHERE {ON_DAY}"
    ))?;
    let rows = stmt.query_map(params![year_id, on], |r| {
        Ok(Student {
            id: r.get(0)?,
            class_id: r.get(1)?,
            grade: r.get(2)?,
            girl: r.get::<_, String>(3)? == "female",
            birth: NaiveDate::parse_from_str(&r.get::<_, String>(4)?, "%Y-%m-%d").ok(),
            study_form: StudyForm::from_code(&r.get::<_, String>(5)?),
            disability: r.get::<_, i64>(6)? != 0,
            special_needs: SpecialNeeds::from_code(&r.get::<_, String>(7)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tables of the students studying on `on` in the year `year_id`; the repeaters are those
/// the council of `previous` (the year before) left to repeat their grade.
pub(super) fn tables(
    conn: &Connection,
    year_id: i64,
    previous: Option<i64>,
    on: NaiveDate,
) -> Result<Vec<Oo1Table>> {
    let students = students_on(conn, year_id, on)?;
    let class_grades: Vec<(i64, i32)> = conn
        .prepare("SELECT id, grade FROM class WHERE academic_year_id = ?1")?
        .query_map([year_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let grade_of: HashMap<i64, i32> = class_grades.iter().copied().collect();
    let mut out = vec![
        classes_table(
            "2.1.1",
            "Число классов и численность обучающихся в них",
            "Число классов",
            "Обучающиеся",
            class_grades.iter().map(|(id, _)| *id).collect(),
            &grade_of,
            students.iter().collect(),
        ),
        special_needs_table(&students, &grade_of),
        classes_table(
            "2.1.3",
            "Обучающиеся с умственной отсталостью (интеллектуальными нарушениями)",
            "Число классов, в которых они обучаются",
            "Обучающиеся с умственной отсталостью",
            HashSet::new(),
            &grade_of,
            students
                .iter()
                .filter(|s| s.special_needs == SpecialNeeds::Intellectual)
                .collect(),
        ),
        repeaters_table(conn, year_id, previous, on)?,
        study_forms_table(&students),
        ages_table(&students, on),
    ];
    out.extend(languages_tables(conn, year_id, on, &students)?);
    Ok(out)
}

/// Rows «classes», «students», «of them girls» by grade. The classes are `classes` and those
/// the `students` study in.
fn classes_table(
    id: &str,
    title: &str,
    classes_label: &str,
    students_label: &str,
    mut classes: HashSet<i64>,
    grade_of: &HashMap<i64, i32>,
    students: Vec<&Student>,
) -> Oo1Table {
    classes.extend(students.iter().map(|s| s.class_id));
    let mut by_class = ByGrade::default();
    for c in &classes {
        by_class.add(grade_of.get(c).copied(), 1.0);
    }
    let (all, girls) = count_by_grade(students.iter().copied(), |_| true);
    table(
        id,
        title,
        vec![
            by_class.row(classes_label),
            all.row(students_label),
            girls.row(GIRLS),
        ],
    )
}

const GIRLS: &str = "из них девочек";

/// Students who pass `keep` by grade, and the girls of them.
fn count_by_grade<'a>(
    students: impl Iterator<Item = &'a Student>,
    keep: impl Fn(&Student) -> bool,
) -> (ByGrade, ByGrade) {
    let (mut all, mut girls) = (ByGrade::default(), ByGrade::default());
    for s in students.filter(|s| keep(s)) {
        all.add(Some(s.grade), 1.0);
        if s.girl {
            girls.add(Some(s.grade), 1.0);
        }
    }
    (all, girls)
}

fn table(id: &str, title: &str, rows: Vec<Oo1Row>) -> Oo1Table {
    Oo1Table {
        id: id.into(),
        title: title.into(),
        columns: super::grade_columns(),
        rows,
    }
}

/// Students with ОВЗ (any adapted programme), the classes they study in, and children with a
/// disability.
fn special_needs_table(students: &[Student], grade_of: &HashMap<i64, i32>) -> Oo1Table {
    let with_needs: Vec<&Student> = students.iter().filter(|s| s.special_needs.any()).collect();
    let mut classes = ByGrade::default();
    let ids: HashSet<i64> = with_needs.iter().map(|s| s.class_id).collect();
    for c in ids {
        classes.add(grade_of.get(&c).copied(), 1.0);
    }
    let (needs, needs_girls) = count_by_grade(with_needs.iter().copied(), |_| true);
    let (disabled, disabled_girls) = count_by_grade(students.iter(), |s| s.disability);
    table(
        "2.1.2",
        "Обучающиеся с ограниченными возможностями здоровья и дети-инвалиды",
        vec![
            classes.row("Число классов, в которых обучаются лица с ОВЗ"),
            needs.row("Обучающиеся с ОВЗ"),
            needs_girls.row(GIRLS),
            disabled.row("Дети-инвалиды"),
            disabled_girls.row("из детей-инвалидов девочек"),
        ],
    )
}

/// Students studying on the day whom last year's council left to repeat the grade, by the grade
/// they study in now.
fn repeaters_table(
    conn: &Connection,
    year_id: i64,
    previous: Option<i64>,
    on: NaiveDate,
) -> Result<Oo1Table> {
    let (mut all, mut girls) = (ByGrade::default(), ByGrade::default());
    if let Some(previous) = previous {
        let mut stmt = conn.prepare(&format!(
            "SELECT c.grade, s.sex = 'female'
               FROM council_decision d
               JOIN placement p ON p.student_id = d.student_id
               JOIN class c ON c.id = p.class_id JOIN student s ON s.id = d.student_id
              WHERE d.academic_year_id = ?3 AND d.decision = 'repeat' AND {ON_DAY}"
        ))?;
        let rows = stmt.query_map(params![year_id, on, previous], |r| {
            Ok((r.get::<_, i32>(0)?, r.get::<_, bool>(1)?))
        })?;
        for row in rows {
            let (grade, girl) = row?;
            all.add(Some(grade), 1.0);
            if girl {
                girls.add(Some(grade), 1.0);
            }
        }
    }
    Ok(table(
        "2.2",
        "Обучающиеся, оставленные на повторное обучение",
        vec![all.row("Оставлены на повторное обучение"), girls.row(GIRLS)],
    ))
}

fn study_forms_table(students: &[Student]) -> Oo1Table {
    let rows = StudyForm::ALL
        .iter()
        .map(|form| {
            count_by_grade(students.iter(), |s| s.study_form == *form)
                .0
                .row(form.label())
        })
        .collect();
    table("2.3", "Обучающиеся по формам обучения", rows)
}

/// «7 лет», «21 год», «22 года».
fn years_label(n: i32) -> String {
    let word = match (n % 10, n % 100) {
        (_, 11..=14) => "лет",
        (1, _) => "год",
        (2..=4, _) => "года",
        _ => "лет",
    };
    format!("{n} {word}")
}

/// The title of the girls' column of the ages table.
const GIRLS_COLUMN: &str = "из них девочек";

/// Students by age in full years on 1 January after the day (as Rosstat counts) and grade, with
/// the girls of each age; a student without a birth date in «возраст не указан».
fn ages_table(students: &[Student], on: NaiveDate) -> Oo1Table {
    let day = age_day(on);
    let mut by_age: BTreeMap<Option<i32>, (ByGrade, f64)> = BTreeMap::new();
    for s in students {
        let age = s.birth.map(|b| full_years(b, day));
        let (grades, girls) = by_age.entry(age).or_default();
        grades.add(Some(s.grade), 1.0);
        if s.girl {
            *girls += 1.0;
        }
    }
    // Known ages in order, the unknown last.
    let mut entries: Vec<_> = by_age.into_iter().collect();
    entries.sort_by_key(|(age, _)| (age.is_none(), *age));
    let rows = entries
        .into_iter()
        .map(|(age, (grades, girls))| {
            let mut row = grades.row(age.map_or("Возраст не указан".into(), years_label));
            row.values.push(girls);
            row
        })
        .collect();
    let mut columns = super::grade_columns();
    columns.push(GIRLS_COLUMN.into());
    Oo1Table {
        id: "2.4".into(),
        title: format!(
            "Обучающиеся по возрасту (полных лет на {}) и полу",
            ru_date(day)
        ),
        columns,
        rows,
    }
}

/// Languages in the order of the form's rows; others follow by name.
const LANGUAGES: [&str; 5] = [
    "английский",
    "немецкий",
    "французский",
    "китайский",
    "испанский",
];

/// Where the language is not named by the subject nor by the student's subgroup.
const UNNAMED_LANGUAGE: &str = "язык не указан";

/// The language a subject or a subgroup names: the words in brackets of «Иностранный язык
/// (английский)», or a known language in the name of a subgroup («Немецкий», «1 гр. (франц.)»
/// is not one).
fn language_of(subject: &str, subgroup: Option<&str>) -> Option<String> {
    let bracketed = subject
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    bracketed.or_else(|| {
        let name = subgroup?.to_lowercase();
        LANGUAGES
            .iter()
            .chain(
                [
                    "итальянский",
                    "японский",
                    "арабский",
                    "турецкий",
                    "корейский",
                ]
                .iter(),
            )
            .find(|l| name.contains(*l))
            .map(|l| l.to_string())
    })
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Foreign languages studied on the day: the lines (with hours) of the student's curriculum —
/// the individual one where there is one, else the class's — whose subject is of the area
/// «Иностранные языки» or named «…иностранный язык…»; the language is named by the subject, else
/// by the student's subgroup of that subject in the class.
fn languages_tables(
    conn: &Connection,
    year_id: i64,
    on: NaiveDate,
    students: &[Student],
) -> Result<Vec<Oo1Table>> {
    let mut stmt = conn.prepare(&format!(
        "WITH here AS (
             SELECT p.student_id, p.class_id,
                    (SELECT i.id FROM curriculum i WHERE i.kind = 'individual'
                        AND i.academic_year_id = ?1 AND i.student_id = p.student_id) AS own
               FROM placement p WHERE {ON_DAY})
         SELECT DISTINCT h.student_id, sub.id, sub.name,
                (SELECT g.name FROM subgroup_member m JOIN subgroup_of_class g
                     ON g.subgroup_id = m.subgroup_id
                  WHERE m.student_id = h.student_id AND g.class_id = h.class_id
                    AND g.subject_id = sub.id)
           FROM here h
           JOIN curriculum cu ON cu.id = coalesce(h.own,
                (SELECT k.id FROM curriculum k WHERE k.kind = 'class' AND k.class_id = h.class_id))
           JOIN curriculum_line l ON l.curriculum_id = cu.id
                AND l.part <> 'extracurricular' AND (l.hours_first > 0 OR l.hours_second > 0)
           JOIN subject sub ON sub.id = l.subject_id
          WHERE sub.area = 'Иностранные языки' OR sub.name LIKE '%иностранный язык%'
             OR sub.name LIKE 'Иностранный язык%'"
    ))?;
    let rows = stmt.query_map(params![year_id, on], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    // Student → the languages studied (an unnamed one keyed by its subject).
    let mut studied: HashMap<i64, HashSet<std::result::Result<String, i64>>> = HashMap::new();
    for row in rows {
        let (student, subject_id, subject, subgroup) = row?;
        let language = language_of(&subject, subgroup.as_deref()).ok_or(subject_id);
        studied.entry(student).or_default().insert(language);
    }
    let mut counts: [ByGrade; 4] = Default::default();
    let mut by_language: BTreeMap<String, ByGrade> = BTreeMap::new();
    for s in students {
        let languages = studied.get(&s.id);
        let n = languages.map_or(0, |l| l.len());
        counts[n.min(3)].add(Some(s.grade), 1.0);
        for language in languages.into_iter().flatten() {
            let name = language.clone().unwrap_or_else(|_| UNNAMED_LANGUAGE.into());
            by_language.entry(name).or_default().add(Some(s.grade), 1.0);
        }
    }
    let mut learning = ByGrade::default();
    for c in &counts[1..] {
        for g in super::GRADES {
            learning.add(Some(g), c.grades[(g - 1) as usize]);
        }
    }
    let number = table(
        "2.5.1",
        "Обучающиеся по числу изучаемых иностранных языков",
        vec![
            learning.row("Изучают иностранные языки"),
            counts[1].row("один язык"),
            counts[2].row("два языка"),
            counts[3].row("три языка и более"),
            counts[0].row("Не изучают иностранных языков"),
        ],
    );
    let order = |name: &String| {
        let known = LANGUAGES.iter().position(|l| l == name);
        (
            name == UNNAMED_LANGUAGE,
            known.unwrap_or(LANGUAGES.len()),
            name.clone(),
        )
    };
    let mut languages: Vec<_> = by_language.into_iter().collect();
    languages.sort_by_key(|(name, _)| order(name));
    let rows = languages
        .into_iter()
        .map(|(name, grades)| grades.row(capitalised(&name)))
        .collect();
    let by_name = table(
        "2.5.2",
        "Обучающиеся, изучающие иностранные языки, по языкам",
        rows,
    );
    Ok(vec![number, by_name])
}

/// Last year's leavers by reason (the departures of that year, by the grade of the class left)
/// and its graduates; empty tables when the file holds no year before.
pub(super) fn past_year_tables(db: &Db, previous: Option<&AcademicYear>) -> Result<Vec<Oo1Table>> {
    let name = previous.map(|y| y.name.as_str());
    let previous_id = previous.and_then(|y| y.id);
    let mut by_reason: HashMap<String, ByGrade> = HashMap::new();
    let mut all = ByGrade::default();
    if let Some(id) = previous_id {
        let conn = db.conn();
        let mut stmt = conn.prepare(
            "SELECT m.departure_reason, c.grade, count(*)
               FROM movement m LEFT JOIN class c ON c.id = m.from_class_id
              WHERE m.kind = 'departure' AND m.academic_year_id = ?1
              GROUP BY 1, 2",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i32>>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })?;
        for row in rows {
            let (reason, grade, n) = row?;
            let reason = DepartureReason::from_code(&reason).code().to_string();
            by_reason.entry(reason).or_default().add(grade, n);
            all.add(grade, n);
        }
    }
    let mut rows = vec![all.row("Выбыло — всего")];
    rows.extend(DepartureReason::ALL.iter().map(|r| {
        by_reason
            .remove(r.code())
            .unwrap_or_default()
            .row(format!("в т. ч. {}", r.short()))
    }));
    let leavers = table(
        "2.6",
        &format!(
            "Выбывшие за {} учебный год по причинам",
            name.unwrap_or("предыдущий")
        ),
        rows,
    );
    Ok(vec![
        leavers,
        graduates_table(db, previous_id, name.unwrap_or("предыдущего"))?,
    ])
}

/// Who finished the 9th grade (finished, or continues in the 10th) and the 11th (12th) by the
/// council's decisions of the year before — stored, or proposed from the marks as the rollover
/// takes them — and those of them with the attestat with distinction, each with the girls.
fn graduates_table(db: &Db, previous: Option<i64>, year_name: &str) -> Result<Oo1Table> {
    // (all, with distinction) of the 9th and of the 11th (12th) grade.
    let mut basic: (Vec<i64>, Vec<i64>) = Default::default();
    let mut secondary: (Vec<i64>, Vec<i64>) = Default::default();
    if let Some(id) = previous {
        for class in decisions::of_year(db, id)? {
            let level = if class.grade == 9 {
                &mut basic
            } else {
                &mut secondary
            };
            for d in class
                .decisions
                .iter()
                .filter(|d| d.kind.ends_level(class.grade))
            {
                level.0.push(d.student_id);
                if d.with_distinction {
                    level.1.push(d.student_id);
                }
            }
        }
    }
    let girls: HashSet<i64> = if basic.0.is_empty() && secondary.0.is_empty() {
        HashSet::new()
    } else {
        db.conn()
            .prepare("SELECT id FROM student WHERE sex = 'female'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let row = |label: &str, ids: &[i64]| Oo1Row {
        label: label.into(),
        values: vec![
            ids.len() as f64,
            ids.iter().filter(|id| girls.contains(id)).count() as f64,
        ],
    };
    Ok(Oo1Table {
        id: "2.7".into(),
        title: format!("Выпуск {year_name} учебного года"),
        columns: vec![TOTAL.into(), GIRLS.into()],
        rows: vec![
            row(
                "Окончили 9 класс (аттестат об основном общем образовании)",
                &basic.0,
            ),
            row("из них с отличием (9 класс)", &basic.1),
            row(
                "Окончили 11 (12) класс (аттестат о среднем общем образовании)",
                &secondary.0,
            ),
            row("из них с отличием (11 (12) класс)", &secondary.1),
        ],
    })
}
