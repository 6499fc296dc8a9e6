//! The subject list: pre-filled with the federal subjects of general education (ФГОС НОО, ООО
//! and СОО as amended in 2024: «Труд (технология)», «Основы безопасности и защиты Родины», no
//! astronomy), with short names and subject areas; the school adds, renames and hides its own.

use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result};
use crate::validate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Subject {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub short_name: String,
    /// Предметная область.
    pub area: String,
    /// Read-only: came from the federal list; kept as stored on save.
    #[serde(default)]
    pub is_federal: bool,
    pub is_hidden: bool,
    /// Read-only: how many rows elsewhere refer to the subject; ignored on save.
    #[serde(default)]
    pub uses: i32,
}

const RUSSIAN: &str = "Русский язык и литература";
const RUSSIAN_PRIMARY: &str = "Русский язык и литературное чтение";
const NATIVE: &str = "Родной язык и родная литература";
const NATIVE_PRIMARY: &str = "Родной язык и литературное чтение на родном языке";
const FOREIGN: &str = "Иностранные языки";
const MATHS: &str = "Математика и информатика";
const SOCIAL: &str = "Общественно-научные предметы";
const WORLD: &str = "Обществознание и естествознание («Окружающий мир»)";
const SCIENCE: &str = "Естественно-научные предметы";
const ORKSE: &str = "Основы религиозных культур и светской этики";
const ODNKNR: &str = "Основы духовно-нравственной культуры народов России";
const ARTS: &str = "Искусство";
const TECHNOLOGY: &str = "Технология";
const PE: &str = "Физическая культура и основы безопасности и защиты Родины";

/// The federal list in the order of the federal curricula (ФОП), as (name, short name, area).
/// A subject taught at several levels carries the area of the basic and secondary school;
/// one taught in primary school only carries the primary area. The individual project is
/// required by ФГОС СОО but belongs to no subject area.
const FEDERAL: &[(&str, &str, &str)] = &[
    ("Русский язык", "Рус. яз.", RUSSIAN),
    ("Литературное чтение", "Лит. чт.", RUSSIAN_PRIMARY),
    ("Литература", "Лит-ра", RUSSIAN),
    ("Родной язык (русский)", "Род. яз.", NATIVE),
    (
        "Литературное чтение на родном языке",
        "Лит. чт. на род. яз.",
        NATIVE_PRIMARY,
    ),
    ("Родная литература (русская)", "Род. лит.", NATIVE),
    ("Иностранный язык (английский)", "Ин. яз. (англ.)", FOREIGN),
    ("Иностранный язык (немецкий)", "Ин. яз. (нем.)", FOREIGN),
    (
        "Иностранный язык (французский)",
        "Ин. яз. (франц.)",
        FOREIGN,
    ),
    ("Второй иностранный язык", "2-й ин. яз.", FOREIGN),
    ("Математика", "Матем.", MATHS),
    ("Алгебра", "Алгебра", MATHS),
    ("Геометрия", "Геом.", MATHS),
    ("Вероятность и статистика", "Вер. и стат.", MATHS),
    ("Информатика", "Информ.", MATHS),
    ("История", "История", SOCIAL),
    ("Обществознание", "Общ.", SOCIAL),
    ("География", "Геогр.", SOCIAL),
    ("Окружающий мир", "Окр. мир", WORLD),
    ("Физика", "Физика", SCIENCE),
    ("Химия", "Химия", SCIENCE),
    ("Биология", "Биол.", SCIENCE),
    (
        "Основы религиозных культур и светской этики",
        "ОРКСЭ",
        ORKSE,
    ),
    (
        "Основы духовно-нравственной культуры народов России",
        "ОДНКНР",
        ODNKNR,
    ),
    ("Изобразительное искусство", "ИЗО", ARTS),
    ("Музыка", "Музыка", ARTS),
    ("Труд (технология)", "Труд", TECHNOLOGY),
    ("Физическая культура", "Физ-ра", PE),
    ("Основы безопасности и защиты Родины", "ОБЗР", PE),
    ("Индивидуальный проект", "Инд. проект", ""),
];

/// Everyday names of federal subjects, as other programs (FET, old timetables) write them:
/// (the name, the federal name it stands for).
const EVERYDAY: &[(&str, &str)] = &[
    ("Английский язык", "Иностранный язык (английский)"),
    ("Английский", "Иностранный язык (английский)"),
    ("Немецкий язык", "Иностранный язык (немецкий)"),
    ("Немецкий", "Иностранный язык (немецкий)"),
    ("Французский язык", "Иностранный язык (французский)"),
    ("Французский", "Иностранный язык (французский)"),
    ("Физкультура", "Физическая культура"),
    ("Физ. культура", "Физическая культура"),
    ("Технология", "Труд (технология)"),
    ("Труд", "Труд (технология)"),
    ("ОБЖ", "Основы безопасности и защиты Родины"),
    (
        "Основы безопасности жизнедеятельности",
        "Основы безопасности и защиты Родины",
    ),
    ("Информатика и ИКТ", "Информатика"),
    ("Родной язык", "Родной язык (русский)"),
    ("Родная литература", "Родная литература (русская)"),
    (
        "Теория вероятностей и статистика",
        "Вероятность и статистика",
    ),
];

/// The federal subject an everyday name stands for («Физкультура» → «Физическая культура»),
/// case, spaces and «ё» aside; None for any other name.
pub fn federal_name_of(text: &str) -> Option<&'static str> {
    let key = ru_key(&crate::people::clean(text));
    EVERYDAY
        .iter()
        .find(|(name, _)| ru_key(name) == key)
        .map(|(_, federal)| *federal)
}

/// Adds the federal subjects that are missing; running it again changes nothing. A federal
/// subject the school renamed is recognised by its place in the list and is not added again.
pub fn seed_federal(db: &Db) -> Result<()> {
    let conn = db.conn();
    let names: HashSet<String> = column::<String>(conn, "SELECT name FROM subject")?
        .iter()
        .map(|n| ru_key(n.trim()))
        .collect();
    let places: HashSet<i64> = column(conn, "SELECT position FROM subject WHERE is_federal = 1")?
        .into_iter()
        .collect();
    db.write(|tx| {
        let mut insert = tx.prepare(
            "INSERT INTO subject (name, short_name, area, is_federal, position)
             VALUES (?1, ?2, ?3, 1, ?4)",
        )?;
        for (place, (name, short, area)) in (1_i64..).zip(FEDERAL) {
            if !names.contains(&ru_key(name)) && !places.contains(&place) {
                insert.execute(params![name, short, area, place])?;
            }
        }
        Ok(())
    })
}

/// Subjects in the usual order (federal first, then the school's own in the order added).
pub fn list(db: &Db, include_hidden: bool) -> Result<Vec<Subject>> {
    let conn = db.conn();
    let uses = count_uses(conn, None)?;
    let mut stmt = conn.prepare(
        "SELECT id, name, short_name, area, is_federal, is_hidden FROM subject
         WHERE ?1 OR is_hidden = 0 ORDER BY position, name COLLATE RU",
    )?;
    let subjects = stmt
        .query_map([include_hidden], subject_from_row)?
        .map(|s| s.map(|s| with_uses(s, &uses)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(subjects)
}

pub fn get(db: &Db, id: i64) -> Result<Subject> {
    load(db.conn(), id)
}

/// The subject a user names by its full or short name (case, spaces and «ё» do not count);
/// refused (`unknown_subject_name`) when there is none.
pub fn by_name(db: &Db, text: &str) -> Result<i64> {
    let wanted = ru_key(&crate::people::clean(text));
    list(db, true)?
        .into_iter()
        .find(|s| ru_key(&s.name) == wanted || ru_key(&s.short_name) == wanted)
        .and_then(|s| s.id)
        .ok_or_else(|| {
            CoreError::refused(
                "subject",
                Problem::UnknownSubjectName {
                    name: text.to_string(),
                },
            )
        })
}

/// Adds a subject or renames, re-areas, hides or shows one. Names are unique up to case and «ё».
pub fn save(db: &Db, s: &Subject) -> Result<Subject> {
    let conn = db.conn();
    if let Some(id) = s.id {
        load(conn, id)?;
    }
    let mut check = Check::new();
    check_name(conn, &mut check, &s.name, s.id)?;
    check.finish()?;
    let id = db.write(|tx| write(tx, s))?;
    load(conn, id)
}

/// Deletes a subject no row refers to; one in use is refused (it can be hidden instead).
pub fn delete(db: &Db, id: i64) -> Result<()> {
    let conn = db.conn();
    let subject = load(conn, id)?;
    if subject.uses > 0 {
        return Err(CoreError::refused(
            "uses",
            Problem::SubjectInUse {
                uses: subject.uses.into(),
            },
        ));
    }
    conn.execute("DELETE FROM subject WHERE id = ?1", [id])?;
    Ok(())
}

fn not_found() -> CoreError {
    CoreError::NotFound {
        what: "Предмет"
    }
}

fn column<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let values = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(values)
}

fn subject_from_row(r: &Row) -> rusqlite::Result<Subject> {
    Ok(Subject {
        id: Some(r.get(0)?),
        name: r.get(1)?,
        short_name: r.get(2)?,
        area: r.get(3)?,
        is_federal: r.get(4)?,
        is_hidden: r.get(5)?,
        uses: 0,
    })
}

fn with_uses(mut s: Subject, uses: &HashMap<i64, i64>) -> Subject {
    let n = s.id.and_then(|id| uses.get(&id)).copied().unwrap_or(0);
    s.uses = i32::try_from(n).unwrap_or(i32::MAX);
    s
}

fn load(conn: &Connection, id: i64) -> Result<Subject> {
    let subject = conn
        .query_row(
            "SELECT id, name, short_name, area, is_federal, is_hidden FROM subject WHERE id = ?1",
            [id],
            subject_from_row,
        )
        .optional()?
        .ok_or_else(not_found)?;
    Ok(with_uses(subject, &count_uses(conn, Some(id))?))
}

/// Every (table, column) with a foreign key to `subject`, found in the schema itself, so that
/// tables added by later migrations (curriculum lines, teaching load…) count without new code.
fn references(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND lower(f.\"table\") = 'subject'
         ORDER BY m.name, f.\"from\"",
    )?;
    let refs = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(refs)
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// Rows referring to each subject (or to the one subject `only`: one subject's card must not
/// count the whole school's rows), summed over every referring table and column.
fn count_uses(conn: &Connection, only: Option<i64>) -> Result<HashMap<i64, i64>> {
    let mut uses = HashMap::new();
    for (table, col) in references(conn)? {
        let filter = if only.is_some() {
            "= ?1"
        } else {
            "IS NOT NULL"
        };
        let sql = format!(
            "SELECT {c}, count(*) FROM {t} WHERE {c} {filter} GROUP BY {c}",
            c = quote(&col),
            t = quote(&table)
        );
        let mut stmt = conn.prepare(&sql)?;
        let params: Vec<i64> = only.into_iter().collect();
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (id, n) = row?;
            *uses.entry(id).or_insert(0) += n;
        }
    }
    Ok(uses)
}

fn check_name(conn: &Connection, check: &mut Check, name: &str, own_id: Option<i64>) -> Result<()> {
    if let Err(p) = validate::required(name) {
        check.add("name", p);
        return Ok(());
    }
    let key = ru_key(name.trim());
    let mut stmt = conn.prepare("SELECT id, name FROM subject")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, other) = row?;
        if Some(id) != own_id && ru_key(other.trim()) == key {
            check.add("name", Problem::DuplicateName { name: other });
            break;
        }
    }
    Ok(())
}

/// Writes the editable fields; `is_federal` and the place in the list stay as stored, and a new
/// subject goes to the end of the list.
fn write(conn: &Connection, s: &Subject) -> Result<i64> {
    let (name, short, area) = (s.name.trim(), s.short_name.trim(), s.area.trim());
    match s.id {
        Some(id) => {
            conn.execute(
                "UPDATE subject SET name = ?1, short_name = ?2, area = ?3, is_hidden = ?4
                 WHERE id = ?5",
                params![name, short, area, s.is_hidden, id],
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO subject (name, short_name, area, is_hidden, position)
                 VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM subject))",
                params![name, short, area, s.is_hidden],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded() -> Db {
        let db = Db::in_memory().unwrap();
        seed_federal(&db).unwrap();
        db
    }

    fn subject(name: &str) -> Subject {
        Subject {
            id: None,
            name: name.into(),
            short_name: String::new(),
            area: String::new(),
            is_federal: false,
            is_hidden: false,
            uses: 0,
        }
    }

    fn by_name(db: &Db, name: &str) -> Subject {
        list(db, true)
            .unwrap()
            .into_iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no subject «{name}»"))
    }

    fn names(db: &Db, include_hidden: bool) -> Vec<String> {
        list(db, include_hidden)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    }

    fn field_codes(err: CoreError) -> Vec<(String, String)> {
        err.fields()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn name_error(code: &str) -> Vec<(String, String)> {
        vec![("name".to_string(), code.to_string())]
    }

    #[test]
    fn the_federal_list_is_complete_with_short_names_and_areas() {
        let db = seeded();
        let all = list(&db, true).unwrap();
        assert_eq!(all.len(), FEDERAL.len());
        assert!(all.len() >= 30);
        for name in [
            "Русский язык",
            "Литература",
            "Родной язык (русский)",
            "Литературное чтение на родном языке",
            "Иностранный язык (английский)",
            "Иностранный язык (немецкий)",
            "Иностранный язык (французский)",
            "Второй иностранный язык",
            "Математика",
            "Алгебра",
            "Геометрия",
            "Вероятность и статистика",
            "Информатика",
            "История",
            "Обществознание",
            "География",
            "Биология",
            "Физика",
            "Химия",
            "Изобразительное искусство",
            "Музыка",
            "Труд (технология)",
            "Физическая культура",
            "Основы безопасности и защиты Родины",
            "Окружающий мир",
            "Литературное чтение",
            "Основы религиозных культур и светской этики",
            "Основы духовно-нравственной культуры народов России",
            "Индивидуальный проект",
        ] {
            let s = by_name(&db, name);
            assert!(s.is_federal && !s.is_hidden, "{name}");
            assert!(!s.short_name.is_empty(), "{name}");
            assert!(
                s.name == "Индивидуальный проект" || !s.area.is_empty(),
                "{name}"
            );
        }
        for gone in [
            "Астрономия",
            "Основы безопасности жизнедеятельности",
            "Технология",
        ] {
            assert!(
                all.iter().all(|s| s.name != gone),
                "{gone} is no longer taught"
            );
        }
        let short = |name| by_name(&db, name).short_name;
        assert_eq!(short("Русский язык"), "Рус. яз.");
        assert_eq!(short("Математика"), "Матем.");
        assert_eq!(short("Иностранный язык (английский)"), "Ин. яз. (англ.)");
        assert_eq!(short("Основы безопасности и защиты Родины"), "ОБЗР");
        assert_eq!(short("Физическая культура"), "Физ-ра");
        assert_eq!(
            short("Основы религиозных культур и светской этики"),
            "ОРКСЭ"
        );
        assert_eq!(
            short("Основы духовно-нравственной культуры народов России"),
            "ОДНКНР"
        );
        let area = |name| by_name(&db, name).area;
        assert_eq!(area("Литература"), "Русский язык и литература");
        assert_eq!(area("Информатика"), "Математика и информатика");
        assert_eq!(area("История"), "Общественно-научные предметы");
        assert_eq!(area("Химия"), "Естественно-научные предметы");
        assert_eq!(area("Музыка"), "Искусство");
        assert_eq!(area("Труд (технология)"), "Технология");
        assert_eq!(
            area("Основы безопасности и защиты Родины"),
            "Физическая культура и основы безопасности и защиты Родины"
        );
        let shorts: HashSet<String> = all.iter().map(|s| ru_key(&s.short_name)).collect();
        assert_eq!(shorts.len(), all.len(), "short names tell subjects apart");
    }

    #[test]
    fn the_federal_list_comes_in_the_usual_order() {
        let db = seeded();
        let got = names(&db, true);
        let expected: Vec<&str> = FEDERAL.iter().map(|f| f.0).collect();
        assert_eq!(got, expected);
        assert_eq!(got[0], "Русский язык");
        let pos = |n: &str| got.iter().position(|g| g == n).unwrap();
        assert!(pos("Математика") < pos("Алгебра"));
        assert!(pos("Алгебра") < pos("Геометрия"));
        assert!(pos("Физическая культура") < pos("Основы безопасности и защиты Родины"));
    }

    #[test]
    fn seeding_again_changes_nothing_even_after_edits() {
        let db = seeded();
        let mut labour = by_name(&db, "Труд (технология)");
        labour.name = "Технология".into();
        save(&db, &labour).unwrap();
        let mut hidden = by_name(&db, "Второй иностранный язык");
        hidden.is_hidden = true;
        save(&db, &hidden).unwrap();
        save(&db, &subject("Черчение")).unwrap();
        let before = list(&db, true).unwrap();
        seed_federal(&db).unwrap();
        seed_federal(&db).unwrap();
        assert_eq!(list(&db, true).unwrap(), before);
        assert!(by_name(&db, "Второй иностранный язык").is_hidden);
    }

    #[test]
    fn seeding_puts_back_a_deleted_federal_subject_only() {
        let db = seeded();
        let music = by_name(&db, "Музыка");
        delete(&db, music.id.unwrap()).unwrap();
        seed_federal(&db).unwrap();
        let back = by_name(&db, "Музыка");
        assert_eq!(
            Subject {
                id: music.id,
                ..back
            },
            music
        );
        assert_eq!(list(&db, true).unwrap().len(), FEDERAL.len());
    }

    #[test]
    fn seeding_inside_a_larger_change_is_part_of_it() {
        let db = Db::in_memory().unwrap();
        let res: Result<()> = db.write(|_| {
            seed_federal(&db)?;
            Err(CoreError::NotFound {
                what: "Учебный год",
            })
        });
        assert!(res.is_err());
        assert!(list(&db, true).unwrap().is_empty());
    }

    #[test]
    fn a_new_subject_goes_last_and_is_never_federal() {
        let db = seeded();
        let added = save(
            &db,
            &Subject {
                short_name: " Черч. ".into(),
                area: " Технология ".into(),
                is_federal: true,
                uses: 5,
                ..subject(" Черчение ")
            },
        )
        .unwrap();
        assert_eq!(added.name, "Черчение");
        assert_eq!(added.short_name, "Черч.");
        assert_eq!(added.area, "Технология");
        assert!(!added.is_federal);
        assert_eq!(added.uses, 0);
        let second = save(&db, &subject("Астрономия")).unwrap();
        let all = names(&db, true);
        assert_eq!(&all[all.len() - 2..], ["Черчение", "Астрономия"]);
        assert_eq!(get(&db, second.id.unwrap()).unwrap(), second);
    }

    #[test]
    fn renaming_and_hiding_keep_the_subjects_place() {
        let db = seeded();
        let mut chemistry = by_name(&db, "Химия");
        chemistry.name = "Химия (углублённая)".into();
        chemistry.short_name = "Химия угл.".into();
        chemistry.is_federal = false;
        let saved = save(&db, &chemistry).unwrap();
        assert!(
            saved.is_federal,
            "the federal mark is not the user's to change"
        );
        assert_eq!(saved.short_name, "Химия угл.");
        let pos = names(&db, true)
            .iter()
            .position(|n| n == "Химия (углублённая)");
        assert_eq!(pos, FEDERAL.iter().position(|f| f.0 == "Химия"));

        let mut french = by_name(&db, "Иностранный язык (французский)");
        french.is_hidden = true;
        save(&db, &french).unwrap();
        assert!(!names(&db, false).contains(&french.name));
        assert!(names(&db, true).contains(&french.name));
        assert_eq!(list(&db, false).unwrap().len(), FEDERAL.len() - 1);
        french.is_hidden = false;
        save(&db, &french).unwrap();
        assert!(names(&db, false).contains(&french.name));
    }

    #[test]
    fn names_are_required_and_unique_up_to_case_and_yo() {
        let db = seeded();
        for taken in ["русский язык", " РУССКИЙ ЯЗЫК "] {
            let err = save(&db, &subject(taken)).unwrap_err();
            assert_eq!(field_codes(err), name_error("duplicate_name"));
        }
        save(&db, &subject("Ёлочная игрушка")).unwrap();
        let err = save(&db, &subject("елочная ИГРУШКА")).unwrap_err();
        assert!(err.fields()[0].message.contains("«Ёлочная игрушка»"));
        let mut hidden = by_name(&db, "Музыка");
        hidden.is_hidden = true;
        save(&db, &hidden).unwrap();
        let err = save(&db, &subject("музыка")).unwrap_err();
        assert_eq!(field_codes(err), name_error("duplicate_name"));
        let err = save(&db, &subject("  ")).unwrap_err();
        assert_eq!(field_codes(err), name_error("required"));
        let mut maths = by_name(&db, "Математика");
        maths.name = "МАТЕМАТИКА".into();
        assert_eq!(save(&db, &maths).unwrap().name, "МАТЕМАТИКА");
        assert_eq!(list(&db, true).unwrap().len(), FEDERAL.len() + 1);
    }

    #[test]
    fn unknown_subjects_are_not_found() {
        let db = seeded();
        let ghost = Subject {
            id: Some(999),
            ..subject("Призрак")
        };
        assert_eq!(save(&db, &ghost).unwrap_err().code(), "not_found");
        assert_eq!(delete(&db, 999).unwrap_err().code(), "not_found");
        assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
    }

    #[test]
    fn an_unused_subject_is_deleted() {
        let db = seeded();
        let own = save(&db, &subject("Черчение")).unwrap();
        delete(&db, own.id.unwrap()).unwrap();
        assert!(!names(&db, true).contains(&own.name));
    }

    /// Tables that later issues will add, made here: any table with a foreign key to `subject`
    /// counts, whatever its name or column, even one that would cascade the delete.
    #[test]
    fn a_subject_referred_to_from_any_table_cannot_be_deleted() {
        let db = seeded();
        db.conn()
            .execute_batch(
                r#"CREATE TABLE future_line (
                       id INTEGER PRIMARY KEY,
                       subject_id INTEGER NOT NULL REFERENCES subject (id) ON DELETE CASCADE
                   ) STRICT;
                   CREATE TABLE "teaching load" (
                       id INTEGER PRIMARY KEY,
                       "main subject" INTEGER REFERENCES subject (id),
                       replaces_subject INTEGER REFERENCES Subject
                   ) STRICT;
                   CREATE TABLE unrelated (id INTEGER PRIMARY KEY, subject_id INTEGER) STRICT;"#,
            )
            .unwrap();
        let maths = by_name(&db, "Математика").id.unwrap();
        let physics = by_name(&db, "Физика").id.unwrap();
        let insert = |sql: &str, id: i64| db.conn().execute(sql, [id]).unwrap();
        insert("INSERT INTO future_line (subject_id) VALUES (?1)", maths);
        insert("INSERT INTO future_line (subject_id) VALUES (?1)", maths);
        insert(
            r#"INSERT INTO "teaching load" ("main subject") VALUES (?1)"#,
            maths,
        );
        insert(
            "INSERT INTO \"teaching load\" (replaces_subject) VALUES (?1)",
            physics,
        );
        insert(
            "INSERT INTO unrelated (subject_id) VALUES (?1)",
            by_name(&db, "Химия").id.unwrap(),
        );

        assert_eq!(by_name(&db, "Математика").uses, 3);
        assert_eq!(get(&db, physics).unwrap().uses, 1);
        assert_eq!(by_name(&db, "Химия").uses, 0);

        let err = delete(&db, maths).unwrap_err();
        assert_eq!(err.code(), "refused");
        assert_eq!(err.fields()[0].code, "subject_in_use");
        assert!(err.to_string().contains("3 записей"), "{err}");
        assert_eq!(delete(&db, physics).unwrap_err().code(), "refused");
        let lines: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM future_line", [], |r| r.get(0))
            .unwrap();
        assert_eq!(lines, 2, "nothing cascaded");

        db.conn()
            .execute_batch("DELETE FROM future_line; DELETE FROM \"teaching load\";")
            .unwrap();
        delete(&db, maths).unwrap();
        delete(&db, physics).unwrap();
        delete(&db, by_name(&db, "Химия").id.unwrap()).unwrap();
        assert_eq!(list(&db, true).unwrap().len(), FEDERAL.len() - 3);
    }

    #[test]
    fn everyday_names_stand_for_federal_subjects() {
        for (name, federal) in EVERYDAY {
            assert!(FEDERAL.iter().any(|f| f.0 == *federal), "{name}");
        }
        assert_eq!(
            federal_name_of(" физкультура "),
            Some("Физическая культура")
        );
        assert_eq!(federal_name_of("Химия"), None);
    }
}
