//! What a class lacks for a screen to show anything: its term scheme («Отметки» would show only
//! the year), its curriculum (no subjects to mark or to place), its bells (a week without lesson
//! rows), its teaching load (nothing to place). Each gap says in the user's words what is missing
//! and which screen sets it, so an empty screen explains itself and offers the way there.

use super::{load, Class};
use crate::db::Db;
use crate::error::{Problem, Result};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// What is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GapKind {
    TermScheme,
    Curriculum,
    Bells,
    Load,
}

/// The screen where the missing thing is set (the app's screen ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GapPlace {
    Years,
    Bells,
    Classes,
    Curriculum,
    Load,
}

/// One thing a class lacks: the problem's code and text, and where to go.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Gap {
    pub kind: GapKind,
    pub code: String,
    pub message: String,
    pub place: GapPlace,
}

impl Gap {
    fn new(kind: GapKind, problem: Problem, place: GapPlace) -> Gap {
        Gap {
            kind,
            code: problem.code().to_string(),
            message: problem.to_string(),
            place,
        }
    }
}

/// Everything the class lacks, in the order of the set-up: term scheme, bells, curriculum,
/// teaching load (asked only once there is a curriculum to distribute).
pub fn of_class(db: &Db, class_id: i64) -> Result<Vec<Gap>> {
    let conn = db.conn();
    let class = load(conn, class_id)?;
    let label = class.label();
    let year_name: String = conn.query_row(
        "SELECT name FROM academic_year WHERE id = ?1",
        [class.academic_year_id],
        |r| r.get(0),
    )?;
    let mut gaps = Vec::new();
    if class.term_scheme_id.is_none() {
        gaps.push(if year_has(conn, "term_scheme", &class)? {
            Gap::new(
                GapKind::TermScheme,
                Problem::ClassWithoutTermScheme {
                    label: label.clone(),
                },
                GapPlace::Classes,
            )
        } else {
            Gap::new(
                GapKind::TermScheme,
                Problem::YearWithoutTermSchemes {
                    year: year_name.clone(),
                },
                GapPlace::Years,
            )
        });
    }
    if class.bell_schedule_id.is_none() {
        gaps.push(if year_has(conn, "bell_schedule", &class)? {
            Gap::new(
                GapKind::Bells,
                Problem::ClassWithoutBells {
                    class: label.clone(),
                },
                GapPlace::Classes,
            )
        } else {
            Gap::new(
                GapKind::Bells,
                Problem::YearWithoutBells { year: year_name },
                GapPlace::Bells,
            )
        });
    }
    let curriculum: Option<i64> = conn
        .query_row(
            "SELECT id FROM curriculum WHERE kind = 'class' AND class_id = ?1",
            [class_id],
            |r| r.get(0),
        )
        .optional()?;
    match curriculum {
        None => gaps.push(Gap::new(
            GapKind::Curriculum,
            Problem::ClassWithoutCurriculum {
                label: label.clone(),
            },
            GapPlace::Curriculum,
        )),
        Some(id) if !has_load(conn, id)? => gaps.push(Gap::new(
            GapKind::Load,
            Problem::ClassWithoutLoad { label },
            GapPlace::Load,
        )),
        Some(_) => {}
    }
    Ok(gaps)
}

/// Whether the class's year has any row of `table` (term schemes, bell schedules).
fn year_has(conn: &Connection, table: &str, class: &Class) -> Result<bool> {
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE academic_year_id = ?1)"),
        [class.academic_year_id],
        |r| r.get(0),
    )?)
}

/// Whether any line of the curriculum has a teacher.
fn has_load(conn: &Connection, curriculum_id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM teaching_load_line tl
                          JOIN curriculum_line l ON l.id = tl.curriculum_line_id
                         WHERE l.curriculum_id = ?1)",
        [curriculum_id],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classes::tests::{add, year_2026};
    use crate::testkit::{class_id, demo};

    fn kinds(gaps: &[Gap]) -> Vec<(GapKind, &str, GapPlace)> {
        gaps.iter()
            .map(|g| (g.kind, g.code.as_str(), g.place))
            .collect()
    }

    #[test]
    fn a_class_of_the_demo_lacks_nothing_until_something_is_taken_away() {
        let (_dir, db) = demo();
        let a5 = class_id(&db, "5 А");
        assert!(of_class(&db, a5).unwrap().is_empty());
        db.conn()
            .execute(
                "UPDATE class SET term_scheme_id = NULL, bell_schedule_id = NULL WHERE id = ?1",
                [a5],
            )
            .unwrap();
        db.conn()
            .execute(
                "DELETE FROM teaching_load WHERE id IN (SELECT tl.teaching_load_id
                   FROM teaching_load_line tl JOIN curriculum_line l ON l.id = tl.curriculum_line_id
                   JOIN curriculum c ON c.id = l.curriculum_id WHERE c.class_id = ?1)",
                [a5],
            )
            .unwrap();
        let gaps = of_class(&db, a5).unwrap();
        assert_eq!(
            kinds(&gaps),
            vec![
                (
                    GapKind::TermScheme,
                    "class_without_term_scheme",
                    GapPlace::Classes
                ),
                (GapKind::Bells, "class_without_bells", GapPlace::Classes),
                (GapKind::Load, "class_without_load", GapPlace::Load),
            ]
        );
        assert!(gaps[0]
            .message
            .contains("У 5 А класса не выбраны учебные периоды"));
        assert!(gaps[0].message.contains("«Классы»"));
        assert!(gaps[1]
            .message
            .contains("Классу 5 А не назначено расписание звонков"));
        db.conn()
            .execute(
                "DELETE FROM curriculum WHERE kind = 'class' AND class_id = ?1",
                [a5],
            )
            .unwrap();
        let gaps = of_class(&db, a5).unwrap();
        assert_eq!(gaps[2].kind, GapKind::Curriculum);
        assert_eq!(gaps[2].place, GapPlace::Curriculum);
        assert!(gaps[2].message.contains("«Учебные планы»"));
    }

    #[test]
    fn a_year_without_schemes_or_bells_sends_to_where_they_are_made() {
        let db = Db::in_memory().unwrap();
        let year = year_2026(&db);
        db.conn()
            .execute(
                "DELETE FROM term_scheme WHERE academic_year_id = ?1",
                [year],
            )
            .unwrap();
        let c = add(&db, year, 5, "А");
        let gaps = of_class(&db, c.id.unwrap()).unwrap();
        assert_eq!(
            kinds(&gaps),
            vec![
                (
                    GapKind::TermScheme,
                    "year_without_term_schemes",
                    GapPlace::Years
                ),
                (GapKind::Bells, "year_without_bells", GapPlace::Bells),
                (
                    GapKind::Curriculum,
                    "class_without_curriculum",
                    GapPlace::Curriculum
                ),
            ]
        );
        assert!(gaps[0]
            .message
            .contains("В 2026-2027 учебном году нет учебных периодов"));
        assert_eq!(of_class(&db, 999).unwrap_err().code(), "not_found");
    }
}
