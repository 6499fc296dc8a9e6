//! The demo's teaching load: every hour of every class curriculum given to a teacher of the
//! subject, as a deputy head would: primary class teachers teach their own class all but
//! music, PE and English; subject teachers keep a class across the subjects of their
//! speciality; each teacher gets about their rate's hours (18 a week per rate), the short
//! specialities (English) spread over everyone who can teach them. Extracurricular courses and
//! the individual project go to the class teacher.

use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::load::{self, LoadInput, HOURS_PER_RATE};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Who teaches a subject: words of the specialities (in the education line of the demo's
/// staff) that can teach it, the subject's own first; None for the class teacher.
fn specialities(label: &str, grade: i32) -> Option<&'static [&'static str]> {
    let primary = grade <= 4;
    Some(match label {
        "Музыка" => &["учитель музыки"],
        "Физическая культура" => &["учитель физической культуры"],
        "Иностранный язык (английский)" => {
            &["учитель английского", "учитель немецкого"]
        }
        "Иностранный язык (немецкий)" => &["учитель немецкого"],
        _ if primary => return None,
        "Русский язык" | "Литература" | "Родной язык (русский)" => {
            &["учитель русского языка"]
        }
        "Математика" | "Алгебра" | "Геометрия" => &["учитель математики"],
        // Mathematics teachers are full; informatics teachers are not.
        "Вероятность и статистика" => {
            &["учитель информатики", "учитель математики"]
        }
        "Информатика" => &["учитель информатики"],
        "История" | "Обществознание" | "Основы духовно-нравственной культуры народов России" => {
            &["учитель истории"]
        }
        "География" => &["учитель географии"],
        "Биология" => &["учитель биологии"],
        "Химия" => &["учитель химии"],
        "Физика" => &["учитель физики"],
        "Изобразительное искусство" => &["учитель изобразительного"],
        "Труд (технология)" => &["учитель технологии"],
        "Основы безопасности и защиты Родины" => &["ОБЖ"],
        _ => return None,
    })
}

/// A teacher the demo can give load to.
struct Candidate {
    id: i64,
    education: String,
    /// Hours a week the teacher's pedagogical rate stands for.
    target: f64,
    hours: f64,
}

/// The staff holding a pedagogical position on `on`, with their education line.
fn candidates(db: &Db, on: NaiveDate) -> Result<Vec<Candidate>> {
    let mut stmt = db.conn().prepare(
        "SELECT m.id, m.education, sum(a.rate) FROM staff_member m
           JOIN appointment a ON a.staff_member_id = m.id
           JOIN staff_position p ON p.id = a.staff_position_id
          WHERE p.is_pedagogical = 1 AND (a.left_on IS NULL OR a.left_on >= ?1)
          GROUP BY m.id ORDER BY m.id",
    )?;
    let rows = stmt
        .query_map([on], |r| {
            Ok(Candidate {
                id: r.get(0)?,
                education: r.get(1)?,
                target: r.get::<_, f64>(2)? * HOURS_PER_RATE,
                hours: 0.0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The class teacher of each class of the year.
fn class_teachers(db: &Db, year_id: i64) -> Result<HashMap<i64, i64>> {
    let mut stmt = db.conn().prepare(
        "SELECT id, class_teacher_id FROM class
          WHERE academic_year_id = ?1 AND class_teacher_id IS NOT NULL",
    )?;
    let rows = stmt
        .query_map([year_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Picks the teacher for `hours` of a class: one who already teaches the class in this
/// speciality while within a third above their rate, else the least loaded for their rate.
fn pick(pool: &[usize], staff: &[Candidate], keeps: Option<usize>, hours: f64) -> Option<usize> {
    if let Some(i) = keeps.filter(|i| staff[*i].hours + hours <= staff[*i].target * 4.0 / 3.0) {
        return Some(i);
    }
    pool.iter().copied().min_by(|&a, &b| {
        let ratio = |i: usize| (staff[i].hours + hours) / staff[i].target;
        ratio(a).total_cmp(&ratio(b)).then(a.cmp(&b))
    })
}

pub(super) fn create(db: &Db, year_id: i64, on: NaiveDate) -> Result<()> {
    let mut staff = candidates(db, on)?;
    let leaders = class_teachers(db, year_id)?;
    let grid = load::grid(db, year_id, on)?;
    // The teacher of each (class, speciality, subgroup name): a class keeps its teacher.
    let mut keeps: HashMap<(i64, &'static str, String), usize> = HashMap::new();
    // A joint subgroup is a unit of each of its classes and gets one load line, from the first.
    let mut given: HashSet<i64> = HashSet::new();
    for (col, class) in grid.classes.iter().enumerate() {
        for row in &grid.rows {
            let Some(cell) = &row.cells[col] else {
                continue;
            };
            for unit in &cell.units {
                if !unit.loads.is_empty() || unit.unit.subgroup_id.is_some_and(|g| !given.insert(g))
                {
                    continue; // a joint subgroup given from another class
                }
                let hours = cell.hours_first.max(cell.hours_second);
                let chosen = match specialities(&row.label, class.grade) {
                    None => leaders
                        .get(&class.id)
                        .and_then(|id| staff.iter().position(|c| c.id == *id)),
                    Some(words) => {
                        let pool: Vec<usize> = (0..staff.len())
                            .filter(|&i| words.iter().any(|w| staff[i].education.contains(w)))
                            .collect();
                        let key = (class.id, words[0], unit.subgroup_name.clone());
                        let keep = keeps.get(&key).copied();
                        let i = pick(&pool, &staff, keep, hours);
                        if let Some(i) = i {
                            keeps.insert(key, i);
                        }
                        i
                    }
                };
                let i = chosen.ok_or(CoreError::NotFound {
                    what: "Учитель для демонстрационной нагрузки",
                })?;
                staff[i].hours += hours;
                let input = LoadInput {
                    id: None,
                    line_id: unit.unit.line_id,
                    subgroup_id: unit.unit.subgroup_id,
                    staff_member_id: staff[i].id,
                    hours_first: cell.hours_first,
                    hours_second: cell.hours_second,
                };
                load::save_in(db.conn(), &input, on)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::db::Db;
    use crate::load;
    use crate::year;
    use chrono::NaiveDate;

    #[test]
    fn every_curriculum_hour_of_the_demo_has_a_teacher_within_plausible_totals() {
        let db = Db::in_memory().unwrap();
        super::super::create(&db).unwrap();
        let year = year::current(&db).unwrap().unwrap().id.unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let check = load::check(&db, year, on).unwrap();
        assert!(check.is_complete(), "{:?}", check.unassigned.first());
        assert!(check.teachers.is_empty(), "{:?}", check.teachers);
        let teachers = load::by_teacher(&db, year, on).unwrap();
        assert!(teachers.len() >= 40, "{} teachers", teachers.len());
        // No one above two rates (the check is empty); a full rate is a real load.
        for t in teachers.iter().filter(|t| t.appointed_rate >= 1.0) {
            let hours = t.hours_first.max(t.hours_second);
            assert!((9.0..=36.0).contains(&hours), "{}: {hours} h", t.full_name);
        }
        let english: Vec<f64> = teachers
            .iter()
            .filter(|t| t.subjects.iter().any(|s| s.label.contains("английский")))
            .map(|t| t.hours_first)
            .collect();
        assert!(english.len() >= 4 && english.iter().all(|h| (18.0..=36.0).contains(h)));
    }
}
