//! Subgroups («Подгруппы»): a class, or several classes of one grade (profile groups), split for
//! one subject of a year into two or more subgroups (foreign language, technology, informatics).
//! Students are placed by hand, alphabetically in even parts, or by sex.
//!
//! Every student of the split's classes must be in exactly one of its subgroups: the database
//! makes «two» impossible (one row per split and student), and [`detail`] shows who is in none.
//! Members who departed or moved to another class stay (the journal may need who was in the
//! group), are shown apart and are not counted.
//!
//! For the teaching load and the timetable: [`subgroups_of`] gives the subgroups of a class for a
//! subject, [`is_member`] tells whether a student is in a subgroup, [`same_split`] whether two
//! subgroups are parts of one split (their lessons may run at the same time). In SQL the view
//! `subgroup_of_class` (subgroup_id, split_id, name, position, class_id, subject_id,
//! academic_year_id) answers the first.

use crate::choice::choice_enum;
use crate::classes;
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result};
use crate::people::{self, Sex};
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

#[cfg(test)]
mod tests;

/// A split has at least two subgroups; more than six is surely a typo.
pub const MIN_SUBGROUPS: i32 = 2;
pub const MAX_SUBGROUPS: i32 = 6;

const SPLIT: &str = "Деление на подгруппы";
const SUBGROUP: &str = "Подгруппа";

choice_enum! {
    /// How the students of a split are placed into its subgroups.
    pub enum Fill (fallback Manual) {
        Manual = "manual", "Вручную";
        Alphabetical = "alphabetical", "Поровну по алфавиту";
        BySex = "by_sex", "По полу";
    }
}

/// What the «Разделить класс…» dialog sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewSplit {
    #[ts(type = "number")]
    pub academic_year_id: i64,
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    /// One class, or several classes of one grade.
    #[ts(type = "Array<number>")]
    pub class_ids: Vec<i64>,
    /// Number of subgroups, 2–6.
    pub count: i32,
    pub fill: Fill,
}

/// A subgroup with the number of its members studying in the split's classes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Subgroup {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub split_id: i64,
    /// «1 группа», «Мальчики» or the user's own.
    pub name: String,
    pub position: i32,
    /// Read-only: members studying in the split's classes (departed and moved ones not counted).
    pub students: i32,
}

/// A row of the list of splits of a year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SplitRow {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    #[ts(type = "number")]
    pub subject_id: i64,
    pub subject_name: String,
    /// «Ин. яз. (англ.)»: for narrow lists.
    pub subject_short_name: String,
    pub grade: i32,
    #[ts(type = "Array<number>")]
    pub class_ids: Vec<i64>,
    /// «5 А» or «10 А, 10 Б».
    pub classes_label: String,
    /// «Иностранный язык (английский), 5 А».
    pub label: String,
    pub subgroups: Vec<Subgroup>,
    /// Students of the split's classes (not departed).
    pub students: i32,
    /// Of them, in no subgroup.
    pub unassigned: i32,
    /// Members who departed or moved to another class.
    pub gone: i32,
}

/// A student as the split sees them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SplitStudent {
    #[ts(type = "number")]
    pub student_id: i64,
    pub full_name: String,
    pub sex: Sex,
    /// The student's class in the split's year (for a moved member, the new one).
    #[ts(type = "number | null")]
    pub class_id: Option<i64>,
    pub class_label: String,
    pub departed_on: Option<NaiveDate>,
    #[ts(type = "number | null")]
    pub subgroup_id: Option<i64>,
}

/// The members of one subgroup, in Russian alphabetical order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SubgroupStudents {
    pub subgroup: Subgroup,
    pub students: Vec<SplitStudent>,
}

/// A split on screen: its subgroups with their students, who is in none, who has gone.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SplitDetail {
    pub row: SplitRow,
    pub subgroups: Vec<SubgroupStudents>,
    /// Students of the split's classes in no subgroup: to be placed.
    pub unassigned: Vec<SplitStudent>,
    /// Members who departed (by the day) or moved to a class outside the split: kept, not counted.
    pub gone: Vec<SplitStudent>,
}

// ---------------------------------------------------------------------------------------------
// Reading

/// What a split is of: its year, its subject and the subject's names.
struct Head {
    year_id: i64,
    subject_id: i64,
    subject_name: String,
    subject_short_name: String,
}

/// The split's year and subject; NotFound when there is no such split.
fn split_head(conn: &Connection, split_id: i64) -> Result<Head> {
    conn.query_row(
        "SELECT sp.academic_year_id, sp.subject_id, s.name, s.short_name FROM subgroup_split sp
           JOIN subject s ON s.id = sp.subject_id WHERE sp.id = ?1",
        [split_id],
        |r| {
            Ok(Head {
                year_id: r.get(0)?,
                subject_id: r.get(1)?,
                subject_name: r.get(2)?,
                subject_short_name: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: SPLIT })
}

/// The split's classes as (id, grade, letter), by letter.
fn split_classes(conn: &Connection, split_id: i64) -> Result<Vec<(i64, i32, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.grade, c.letter FROM subgroup_split_class l JOIN class c ON c.id = l.class_id
          WHERE l.split_id = ?1 ORDER BY c.grade, c.letter_key COLLATE RU, c.id",
    )?;
    let rows = stmt
        .query_map([split_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn subgroups_of_split(conn: &Connection, split_id: i64) -> Result<Vec<Subgroup>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, split_id, name, position FROM subgroup WHERE split_id = ?1 ORDER BY position, id",
    )?;
    let rows = stmt
        .query_map([split_id], |r| {
            Ok(Subgroup {
                id: r.get(0)?,
                split_id: r.get(1)?,
                name: r.get(2)?,
                position: r.get(3)?,
                students: 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Everyone the split concerns on `on`: the students placed in its classes in its year and its
/// members, in Russian alphabetical order, each with whether they count for it that day. A
/// student counts when their place of the year that day — the current one, else the next one
/// (a student arriving later counts already: the group is made ahead) — is in one of the
/// split's classes; the class shown is that place's, and a student whose places have all ended
/// by then shows the day they left.
fn concerned(conn: &Connection, split_id: i64, on: NaiveDate) -> Result<Vec<(SplitStudent, bool)>> {
    let mut stmt = conn.prepare_cached(
        "WITH who AS (
             SELECT p.student_id FROM subgroup_split_class l
               JOIN placement p ON p.class_id = l.class_id
              WHERE l.split_id = ?1
             UNION SELECT student_id FROM subgroup_member WHERE split_id = ?1),
         place AS (
             SELECT who.student_id,
                    (SELECT p.id FROM placement p
                      WHERE p.student_id = who.student_id AND p.academic_year_id = sp.academic_year_id
                      ORDER BY (p.left_on IS NOT NULL AND p.left_on <= ?2),
                               CASE WHEN p.left_on IS NULL OR p.left_on > ?2 THEN p.starts_on END,
                               p.starts_on DESC, p.id DESC
                      LIMIT 1) AS placement_id
               FROM who JOIN subgroup_split sp ON sp.id = ?1)
         SELECT s.id, s.last_name, s.first_name, s.patronymic, s.sex,
                CASE WHEN p.left_on <= ?2 THEN p.left_on END,
                c.id, c.grade, c.letter, mem.subgroup_id,
                (p.left_on IS NULL OR p.left_on > ?2)
                AND EXISTS (SELECT 1 FROM subgroup_split_class l
                             WHERE l.split_id = ?1 AND l.class_id = p.class_id)
           FROM place JOIN student s ON s.id = place.student_id
           LEFT JOIN placement p ON p.id = place.placement_id
           LEFT JOIN class c ON c.id = p.class_id
           LEFT JOIN subgroup_member mem ON mem.split_id = ?1 AND mem.student_id = s.id
          ORDER BY s.last_name COLLATE RU, s.first_name COLLATE RU, s.patronymic COLLATE RU,
                   s.birth_date, s.id",
    )?;
    let rows = stmt
        .query_map(params![split_id, on], |r| {
            let class_id: Option<i64> = r.get(6)?;
            let class_label = match class_id {
                Some(_) => classes::label(r.get(7)?, &r.get::<_, String>(8)?),
                None => String::new(),
            };
            let student = SplitStudent {
                student_id: r.get(0)?,
                full_name: people::full_name(
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                    &r.get::<_, String>(3)?,
                ),
                sex: Sex::from_code(&r.get::<_, String>(4)?),
                departed_on: r.get(5)?,
                class_id,
                class_label,
                subgroup_id: r.get(9)?,
            };
            Ok((student, r.get::<_, Option<bool>>(10)?.unwrap_or(false)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The students of the split's classes who count for it on `on`, in Russian alphabetical order.
fn current_students(conn: &Connection, split_id: i64, on: NaiveDate) -> Result<Vec<SplitStudent>> {
    Ok(concerned(conn, split_id, on)?
        .into_iter()
        .filter(|(_, counts)| *counts)
        .map(|(s, _)| s)
        .collect())
}

/// The split with its subgroups, their students, the unplaced and the gone, on `on` (moved into
/// the split's year).
pub fn detail(db: &Db, split_id: i64, on: NaiveDate) -> Result<SplitDetail> {
    let conn = db.conn();
    let head = split_head(conn, split_id)?;
    let on = classes::day_in_year(conn, head.year_id, on)?;
    let class_rows = split_classes(conn, split_id)?;
    let mut subgroups: Vec<SubgroupStudents> = subgroups_of_split(conn, split_id)?
        .into_iter()
        .map(|subgroup| SubgroupStudents {
            subgroup,
            students: Vec::new(),
        })
        .collect();
    let (mut unassigned, mut gone, mut students) = (Vec::new(), Vec::new(), 0);
    for (student, counts) in concerned(conn, split_id, on)? {
        if !counts {
            // A departed student never placed is of no concern to the split.
            if student.subgroup_id.is_some() {
                gone.push(student);
            }
            continue;
        }
        students += 1;
        match subgroups
            .iter_mut()
            .find(|g| Some(g.subgroup.id) == student.subgroup_id)
        {
            Some(group) => {
                group.subgroup.students += 1;
                group.students.push(student);
            }
            None => unassigned.push(student),
        }
    }
    let classes_label = classes_label(&class_rows);
    let row = SplitRow {
        id: split_id,
        academic_year_id: head.year_id,
        subject_id: head.subject_id,
        label: format!("{}, {classes_label}", head.subject_name),
        subject_name: head.subject_name,
        subject_short_name: head.subject_short_name,
        grade: class_rows.first().map(|c| c.1).unwrap_or_default(),
        class_ids: class_rows.iter().map(|c| c.0).collect(),
        classes_label,
        subgroups: subgroups.iter().map(|g| g.subgroup.clone()).collect(),
        students,
        unassigned: unassigned.len() as i32,
        gone: gone.len() as i32,
    };
    Ok(SplitDetail {
        row,
        subgroups,
        unassigned,
        gone,
    })
}

/// «5 А, 5 Б» of a split's classes.
fn classes_label(class_rows: &[(i64, i32, String)]) -> String {
    class_rows
        .iter()
        .map(|(_, grade, letter)| classes::label(*grade, letter))
        .collect::<Vec<_>>()
        .join(", ")
}

/// «Иностранный язык (английский), 10 А, 10 Б»: how messages name a split.
pub(crate) fn split_label(conn: &Connection, split_id: i64) -> Result<String> {
    let head = split_head(conn, split_id)?;
    let class_rows = split_classes(conn, split_id)?;
    Ok(format!(
        "{}, {}",
        head.subject_name,
        classes_label(&class_rows)
    ))
}

/// The splits of a year by grade, first class and subject, with counts on `on`.
pub fn list(db: &Db, academic_year_id: i64, on: NaiveDate) -> Result<Vec<SplitRow>> {
    let mut stmt = db.conn().prepare(
        "SELECT sp.id FROM subgroup_split sp
           JOIN subject s ON s.id = sp.subject_id
           JOIN subgroup_split_class l ON l.split_id = sp.id
           JOIN class c ON c.id = l.class_id
          WHERE sp.academic_year_id = ?1
          GROUP BY sp.id
          ORDER BY min(c.grade), min(c.letter_key COLLATE RU), s.position, s.name COLLATE RU, sp.id",
    )?;
    let ids = stmt
        .query_map([academic_year_id], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.into_iter()
        .map(|id| detail(db, id, on).map(|d| d.row))
        .collect()
}

/// The subgroups of class `class_id` for subject `subject_id`, in order, with their students
/// counted on `on`; empty when the class is not split for the subject.
pub fn subgroups_of(
    db: &Db,
    class_id: i64,
    subject_id: i64,
    on: NaiveDate,
) -> Result<Vec<Subgroup>> {
    match split_of_class(db.conn(), class_id, subject_id)? {
        Some(split_id) => Ok(detail(db, split_id, on)?.row.subgroups),
        None => Ok(Vec::new()),
    }
}

/// Whether the student is a member of the subgroup (departed members included: it is history).
pub fn is_member(db: &Db, subgroup_id: i64, student_id: i64) -> Result<bool> {
    Ok(db.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM subgroup_member WHERE subgroup_id = ?1 AND student_id = ?2)",
        [subgroup_id, student_id],
        |r| r.get(0),
    )?)
}

/// Whether two different subgroups are parts of one split, so that their lessons may run at
/// the same time for the class.
pub fn same_split(db: &Db, a: i64, b: i64) -> Result<bool> {
    Ok(a != b
        && db.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM subgroup x JOIN subgroup y ON y.split_id = x.split_id
                             WHERE x.id = ?1 AND y.id = ?2)",
            [a, b],
            |r| r.get(0),
        )?)
}

// ---------------------------------------------------------------------------------------------
// Creating and changing splits

/// Every rule of a new split, all field errors at once: a subject, 2–6 subgroups (exactly two by
/// sex), classes of the year, all of one grade, none already split for the subject.
fn check_new(db: &Db, new: &NewSplit) -> Result<()> {
    let conn = db.conn();
    let mut check = Check::new();
    let subject_name = match new.subject_id {
        None => {
            check.add("subject_id", Problem::Required);
            None
        }
        Some(id) => Some(crate::subjects::get(db, id)?.name),
    };
    if !(MIN_SUBGROUPS..=MAX_SUBGROUPS).contains(&new.count) {
        check.add(
            "count",
            Problem::NotInRange {
                min: MIN_SUBGROUPS.into(),
                max: MAX_SUBGROUPS.into(),
            },
        );
    } else if new.fill == Fill::BySex && new.count != 2 {
        check.add("count", Problem::SplitBySexNeedsTwo);
    }
    let mut picked = Vec::new();
    for &id in &new.class_ids {
        let class = classes::load(conn, id)?;
        if !picked.iter().any(|c: &classes::Class| c.id == class.id) {
            picked.push(class);
        }
    }
    if picked.is_empty() {
        check.add("class_ids", Problem::Required);
    } else if picked
        .iter()
        .any(|c| c.academic_year_id != new.academic_year_id)
    {
        check.add("class_ids", Problem::OtherYear);
    } else if picked.iter().any(|c| c.grade != picked[0].grade) {
        let labels = picked.iter().map(|c| c.label()).collect::<Vec<_>>();
        check.add(
            "class_ids",
            Problem::SplitGrades {
                labels: labels.join(", "),
            },
        );
    } else if let (Some(subject_id), Some(subject)) = (new.subject_id, subject_name) {
        for c in &picked {
            if split_of_class(conn, c.id.unwrap_or_default(), subject_id)?.is_some() {
                check.add(
                    "class_ids",
                    Problem::AlreadySplit {
                        label: c.label(),
                        subject: subject.clone(),
                    },
                );
            }
        }
    }
    check.finish()
}

fn split_of_class(conn: &Connection, class_id: i64, subject_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT split_id FROM subgroup_split_class WHERE class_id = ?1 AND subject_id = ?2",
            [class_id, subject_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The names a new split's subgroups get: «Мальчики», «Девочки» by sex, else «1 группа»…
fn default_names(count: i32, fill: Fill) -> Vec<String> {
    match fill {
        Fill::BySex => vec!["Мальчики".into(), "Девочки".into()],
        _ => (1..=count).map(group_name).collect(),
    }
}

fn group_name(n: i32) -> String {
    format!("{n} группа")
}

/// Splits the classes for the subject into `count` subgroups and fills them as asked (students
/// studying on `on`); one change. Returns the new split.
pub fn create(db: &Db, new: &NewSplit, on: NaiveDate) -> Result<SplitDetail> {
    check_new(db, new)?;
    let subject_id = new.subject_id.unwrap_or_default();
    let split_id = db.write(|tx| {
        tx.execute(
            "INSERT INTO subgroup_split (academic_year_id, subject_id) VALUES (?1, ?2)",
            params![new.academic_year_id, subject_id],
        )?;
        let split_id = tx.last_insert_rowid();
        let mut link = tx.prepare(
            "INSERT OR IGNORE INTO subgroup_split_class (split_id, academic_year_id, subject_id, class_id)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for class_id in &new.class_ids {
            link.execute(params![split_id, new.academic_year_id, subject_id, class_id])?;
        }
        for (position, name) in (1..).zip(default_names(new.count, new.fill)) {
            insert_subgroup(tx, split_id, &name, position)?;
        }
        if new.fill != Fill::Manual {
            fill_in(tx, split_id, new.fill, on)?;
        }
        Ok(split_id)
    })?;
    detail(db, split_id, on)
}

/// Carries the split into another year for the classes that continue its classes there (the
/// rollover): the same subject, note and subgroups (names and order). Of `students` (each with
/// the class of the new year they are in), a member goes on in their subgroup; everyone else
/// joins the subgroup with the fewest students so far (the first by position on a tie), so
/// nobody is left out for want of a group. Inside the caller's transaction. Gives the new
/// split's id and the old subgroups' ids → the new ones.
pub(crate) fn carry_split(
    conn: &Connection,
    split_id: i64,
    academic_year_id: i64,
    class_ids: &[i64],
    students: &[(i64, i64)],
) -> Result<(i64, HashMap<i64, i64>)> {
    let head = split_head(conn, split_id)?;
    conn.execute(
        "INSERT INTO subgroup_split (academic_year_id, subject_id, note)
         SELECT ?1, subject_id, note FROM subgroup_split WHERE id = ?2",
        params![academic_year_id, split_id],
    )?;
    let new_split = conn.last_insert_rowid();
    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO subgroup_split_class (split_id, academic_year_id, subject_id, class_id)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for class_id in class_ids {
        link.execute(params![
            new_split,
            academic_year_id,
            head.subject_id,
            class_id
        ])?;
    }
    let mut groups: Vec<(i64, i32, usize)> = Vec::new();
    let mut map = HashMap::new();
    for g in subgroups_of_split(conn, split_id)? {
        let id = insert_subgroup(conn, new_split, &g.name, g.position)?;
        map.insert(g.id, id);
        groups.push((id, g.position, 0));
    }
    let members: HashMap<i64, i64> = conn
        .prepare_cached("SELECT student_id, subgroup_id FROM subgroup_member WHERE split_id = ?1")?
        .query_map([split_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut put = conn.prepare_cached(
        "INSERT INTO subgroup_member (split_id, student_id, subgroup_id) VALUES (?1, ?2, ?3)",
    )?;
    let (kept, newcomers): (Vec<_>, Vec<_>) = students
        .iter()
        .filter(|(_, class)| class_ids.contains(class))
        .map(|(student, _)| {
            (
                *student,
                members.get(student).and_then(|g| map.get(g)).copied(),
            )
        })
        .partition(|(_, group)| group.is_some());
    for (student, group) in kept.into_iter().chain(newcomers) {
        let group = match group {
            Some(g) => g,
            None => match groups.iter().min_by_key(|(_, position, n)| (*n, *position)) {
                Some((g, ..)) => *g,
                None => continue,
            },
        };
        put.execute(params![new_split, student, group])?;
        if let Some(entry) = groups.iter_mut().find(|(g, ..)| *g == group) {
            entry.2 += 1;
        }
    }
    Ok((new_split, map))
}

fn insert_subgroup(conn: &Connection, split_id: i64, name: &str, position: i32) -> Result<i64> {
    conn.execute(
        "INSERT INTO subgroup (split_id, name, position) VALUES (?1, ?2, ?3)",
        params![split_id, name, position],
    )?;
    Ok(conn.last_insert_rowid())
}

/// `len` students in `parts` parts as even as possible, the larger parts first: 25 in 2 is
/// 13 + 12, 26 in 3 is 9 + 9 + 8.
pub fn even_parts(len: usize, parts: usize) -> Vec<usize> {
    if parts == 0 {
        return Vec::new();
    }
    (0..parts)
        .map(|i| len / parts + usize::from(i < len % parts))
        .collect()
}

/// (student, subgroup) for each current student; empty for a manual fill, which places no one.
fn placement(
    students: &[SplitStudent],
    subgroups: &[Subgroup],
    fill: Fill,
) -> Result<Vec<(i64, i64)>> {
    match fill {
        Fill::Manual => Ok(Vec::new()),
        Fill::Alphabetical => {
            let mut out = Vec::with_capacity(students.len());
            let mut rest = students.iter();
            for (group, size) in subgroups
                .iter()
                .zip(even_parts(students.len(), subgroups.len()))
            {
                out.extend(rest.by_ref().take(size).map(|s| (s.student_id, group.id)));
            }
            Ok(out)
        }
        Fill::BySex => {
            let [boys, girls] = subgroups else {
                return Err(CoreError::refused("fill", Problem::SplitBySexNeedsTwo));
            };
            Ok(students
                .iter()
                .map(|s| {
                    let group = if s.sex == Sex::Male { boys } else { girls };
                    (s.student_id, group.id)
                })
                .collect())
        }
    }
}

/// Places every student studying in the split's classes on `on` anew; members who departed or
/// moved away stay where they were.
fn fill_in(conn: &Connection, split_id: i64, fill: Fill, on: NaiveDate) -> Result<()> {
    let year_id = split_head(conn, split_id)?.year_id;
    let on = classes::day_in_year(conn, year_id, on)?;
    let students = current_students(conn, split_id, on)?;
    let subgroups = subgroups_of_split(conn, split_id)?;
    let places = placement(&students, &subgroups, fill)?;
    let mut put = conn.prepare_cached(
        "INSERT INTO subgroup_member (split_id, student_id, subgroup_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (split_id, student_id) DO UPDATE SET subgroup_id = excluded.subgroup_id",
    )?;
    for (student_id, subgroup_id) in places {
        put.execute(params![split_id, student_id, subgroup_id])?;
    }
    Ok(())
}

/// Re-places the students of the split: «Поровну по алфавиту» or «По полу» (two subgroups).
/// Students studying on `on` are placed anew; departed and moved members are left as they are.
pub fn fill(db: &Db, split_id: i64, fill: Fill, on: NaiveDate) -> Result<SplitDetail> {
    split_head(db.conn(), split_id)?;
    db.write(|tx| fill_in(tx, split_id, fill, on))?;
    detail(db, split_id, on)
}

/// The subgroup's split; NotFound when there is no such subgroup.
pub(crate) fn split_of_subgroup(conn: &Connection, subgroup_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT split_id FROM subgroup WHERE id = ?1",
        [subgroup_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: SUBGROUP })
}

/// Puts a student into a subgroup of the split (out of the other one), or out of every subgroup
/// of the split with `None`. The student must have been placed in one of the split's classes
/// that year, or be a member already (a departed member can be taken out).
pub fn move_student(
    db: &Db,
    split_id: i64,
    student_id: i64,
    subgroup_id: Option<i64>,
) -> Result<()> {
    let conn = db.conn();
    split_head(conn, split_id)?;
    let student = crate::students::get(db, student_id)?;
    if let Some(id) = subgroup_id {
        if split_of_subgroup(conn, id)? != split_id {
            return Err(CoreError::NotFound { what: SUBGROUP });
        }
    }
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM subgroup_split_class l
                          JOIN placement p ON p.class_id = l.class_id
                         WHERE l.split_id = ?1 AND p.student_id = ?2)
             OR EXISTS (SELECT 1 FROM subgroup_member WHERE split_id = ?1 AND student_id = ?2)",
        [split_id, student_id],
        |r| r.get(0),
    )?;
    if !known {
        return Err(CoreError::refused(
            "student_id",
            Problem::NotInSplit {
                name: student.full_name(),
            },
        ));
    }
    db.write(|tx| {
        match subgroup_id {
            Some(id) => tx.execute(
                "INSERT INTO subgroup_member (split_id, student_id, subgroup_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (split_id, student_id) DO UPDATE SET subgroup_id = excluded.subgroup_id",
                params![split_id, student_id, id],
            )?,
            None => tx.execute(
                "DELETE FROM subgroup_member WHERE split_id = ?1 AND student_id = ?2",
                params![split_id, student_id],
            )?,
        };
        Ok(())
    })
}

/// The subgroup a newcomer of `sex` joins: the one with the fewest students (the first by
/// position on a tie); in a split by sex the smallest of the newcomer's sex. A split is by sex
/// when its subgroups hold one sex each, both sexes there, or when it has the two subgroups
/// «По полу» makes, «Мальчики» and «Девочки» (one of them may still be empty).
fn joins(groups: &[SubgroupStudents], sex: Sex) -> Option<&Subgroup> {
    let names = default_names(2, Fill::BySex);
    let (boys, girls) = (ru_key(&names[0]), ru_key(&names[1]));
    // The sex a subgroup is for: its name's, else its students' when they are all of one.
    let of = |g: &SubgroupStudents| -> Option<Sex> {
        let name = ru_key(&g.subgroup.name);
        if name == boys {
            return Some(Sex::Male);
        }
        if name == girls {
            return Some(Sex::Female);
        }
        let first = g.students.first()?.sex;
        g.students.iter().all(|s| s.sex == first).then_some(first)
    };
    let by_sex = groups.iter().all(|g| of(g).is_some())
        && Sex::ALL
            .iter()
            .all(|&x| groups.iter().any(|g| of(g) == Some(x)));
    groups
        .iter()
        .filter(|g| !by_sex || of(g) == Some(sex))
        .min_by_key(|g| (g.subgroup.students, g.subgroup.position))
        .map(|g| &g.subgroup)
}

/// A subgroup a student was put in (or kept in) on joining a class.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct JoinedSubgroup {
    #[ts(type = "number")]
    pub split_id: i64,
    /// «Иностранный язык (английский), 5 Б».
    pub split: String,
    #[ts(type = "number")]
    pub subgroup_id: i64,
    pub subgroup: String,
    /// Already a member (a split of several classes, or a student who comes back).
    pub kept: bool,
}

/// Puts a student who joins the class on `on` into a subgroup of each of its splits: the one
/// they are in already, else the one [`joins`] picks. Never refuses for want of a group;
/// inside the caller's transaction.
pub(crate) fn join_class_splits(
    db: &Db,
    student_id: i64,
    class_id: i64,
    on: NaiveDate,
) -> Result<Vec<JoinedSubgroup>> {
    let conn = db.conn();
    let splits: Vec<i64> = conn
        .prepare_cached(
            "SELECT l.split_id FROM subgroup_split_class l JOIN subject s ON s.id = l.subject_id
              WHERE l.class_id = ?1 ORDER BY s.position, s.name COLLATE RU, l.split_id",
        )?
        .query_map([class_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let sex = crate::students::load(conn, student_id)?.sex;
    let mut joined = Vec::with_capacity(splits.len());
    for split_id in splits {
        let detail = detail(db, split_id, on)?;
        let member = detail
            .subgroups
            .iter()
            .find(|g| g.students.iter().any(|s| s.student_id == student_id));
        let (group, kept) = match member {
            Some(g) => (&g.subgroup, true),
            None => match joins(&detail.subgroups, sex) {
                Some(g) => (g, false),
                None => continue,
            },
        };
        if !kept {
            conn.prepare_cached(
                "INSERT INTO subgroup_member (split_id, student_id, subgroup_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (split_id, student_id) DO UPDATE SET subgroup_id = excluded.subgroup_id",
            )?
            .execute(params![split_id, student_id, group.id])?;
        }
        joined.push(JoinedSubgroup {
            split_id,
            split: detail.row.label.clone(),
            subgroup_id: group.id,
            subgroup: group.name.clone(),
            kept,
        });
    }
    Ok(joined)
}

/// Renames a subgroup; the name is required and unique within its split (up to case and «ё»).
pub fn rename_subgroup(db: &Db, subgroup_id: i64, name: &str) -> Result<Subgroup> {
    let conn = db.conn();
    let split_id = split_of_subgroup(conn, subgroup_id)?;
    let name = people::clean(name);
    let mut check = Check::new();
    check.field("name", validate::required(&name));
    if check.is_empty() {
        let key = ru_key(&name);
        let taken = subgroups_of_split(conn, split_id)?
            .into_iter()
            .any(|g| g.id != subgroup_id && ru_key(g.name.trim()) == key);
        if taken {
            check.add("name", Problem::DuplicateName { name: name.clone() });
        }
    }
    check.finish()?;
    db.write(|tx| {
        tx.execute(
            "UPDATE subgroup SET name = ?1 WHERE id = ?2",
            params![name, subgroup_id],
        )?;
        Ok(())
    })?;
    subgroups_of_split(conn, split_id)?
        .into_iter()
        .find(|g| g.id == subgroup_id)
        .ok_or(CoreError::NotFound { what: SUBGROUP })
}

/// Adds an empty subgroup at the end, named «N группа» with the first free N.
pub fn add_subgroup(db: &Db, split_id: i64) -> Result<Subgroup> {
    let conn = db.conn();
    split_head(conn, split_id)?;
    let existing = subgroups_of_split(conn, split_id)?;
    if existing.len() as i32 >= MAX_SUBGROUPS {
        return Err(CoreError::refused(
            "count",
            Problem::NotInRange {
                min: MIN_SUBGROUPS.into(),
                max: MAX_SUBGROUPS.into(),
            },
        ));
    }
    let taken = |name: &str| existing.iter().any(|g| ru_key(&g.name) == ru_key(name));
    let name = (1..)
        .map(group_name)
        .find(|n| !taken(n))
        .unwrap_or_default();
    let position = existing.iter().map(|g| g.position).max().unwrap_or(0) + 1;
    let id = db.write(|tx| insert_subgroup(tx, split_id, &name, position))?;
    Ok(Subgroup {
        id,
        split_id,
        name,
        position,
        students: 0,
    })
}

/// Deletes a subgroup; its members are left in no subgroup (shown to be placed). A split keeps
/// at least two subgroups.
pub fn delete_subgroup(db: &Db, subgroup_id: i64) -> Result<()> {
    let conn = db.conn();
    let split_id = split_of_subgroup(conn, subgroup_id)?;
    if subgroups_of_split(conn, split_id)?.len() as i32 <= MIN_SUBGROUPS {
        return Err(CoreError::refused("subgroups", Problem::TooFewSubgroups));
    }
    db.write(|tx| {
        tx.execute("DELETE FROM subgroup WHERE id = ?1", [subgroup_id])?;
        Ok(())
    })
}

/// Deletes the split with its subgroups and their member lists.
pub fn delete(db: &Db, split_id: i64) -> Result<()> {
    split_head(db.conn(), split_id)?;
    db.write(|tx| {
        tx.execute("DELETE FROM subgroup_split WHERE id = ?1", [split_id])?;
        Ok(())
    })
}
