//! Rooms and the equipment kept in them («Материально-техническое обеспечение»).

use crate::choice::choice_enum;
use crate::db::{compare_ru, ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result};
use crate::validate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use ts_rs::TS;

/// Floors from deep basements to tall buildings; anything else is a typo.
const FLOORS: (i64, i64) = (-3, 30);
/// The largest hall a school has; a bigger number is a typo (3000 for 30).
pub(crate) const MAX_CAPACITY: i64 = 2000;
const MAX_QUANTITY: i64 = 100_000;

choice_enum! {
    pub enum RoomKind (fallback Other) {
        Classroom = "classroom", "Учебный кабинет";
        Laboratory = "laboratory", "Лаборатория";
        ComputerRoom = "computer_room", "Компьютерный класс";
        Gym = "gym", "Спортивный зал";
        Workshop = "workshop", "Мастерская";
        Hall = "hall", "Актовый зал";
        Library = "library", "Библиотека";
        Office = "office", "Кабинет администрации";
        Medical = "medical", "Медицинский кабинет";
        Other = "other", "Другое";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Room {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub number: String,
    pub name: String,
    pub floor: Option<i32>,
    pub capacity: Option<i32>,
    pub kind: RoomKind,
    pub note: String,
    /// Read-only: how many equipment items the room holds; ignored on save.
    #[serde(default)]
    pub equipment_count: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Equipment {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub room_id: i64,
    pub name: String,
    pub inventory_number: String,
    pub quantity: i32,
    pub note: String,
}

const ROOM_SELECT: &str = "SELECT r.id, r.number, r.name, r.floor, r.capacity, r.kind, r.note,
    (SELECT count(*) FROM equipment e WHERE e.room_id = r.id) FROM room r";

/// Every room, numbers in natural order: «2», «10», «10а», «Спортзал».
pub fn list(db: &Db) -> Result<Vec<Room>> {
    let mut stmt = db.conn().prepare(ROOM_SELECT)?;
    let mut rooms = stmt
        .query_map([], room_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rooms.sort_by(|a, b| compare_numbers(&a.number, &b.number).then(a.id.cmp(&b.id)));
    Ok(rooms)
}

pub fn get(db: &Db, id: i64) -> Result<Room> {
    load(db.conn(), id)
}

/// Number required and unique up to spaces, case and «ё»; floor and capacity within reason.
pub fn save(db: &Db, r: &Room) -> Result<Room> {
    let conn = db.conn();
    if let Some(id) = r.id {
        load(conn, id)?;
    }
    let mut check = Check::new();
    check_number(conn, &mut check, &r.number, r.id)?;
    if let Some(floor) = r.floor {
        check.field(
            "floor",
            validate::in_range(floor.into(), FLOORS.0, FLOORS.1),
        );
    }
    if let Some(capacity) = r.capacity {
        check.field(
            "capacity",
            validate::in_range(capacity.into(), 0, MAX_CAPACITY),
        );
    }
    check.finish()?;
    let id = db.write(|tx| write_room(tx, r))?;
    load(conn, id)
}

/// Deletes the room; its equipment goes with it (ON DELETE CASCADE).
pub fn delete(db: &Db, id: i64) -> Result<()> {
    let n = db.conn().execute("DELETE FROM room WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(room_not_found());
    }
    Ok(())
}

/// The equipment of one room, by name.
pub fn equipment(db: &Db, room_id: i64) -> Result<Vec<Equipment>> {
    let conn = db.conn();
    load(conn, room_id)?;
    let mut stmt = conn.prepare(
        "SELECT id, room_id, name, inventory_number, quantity, note FROM equipment
         WHERE room_id = ?1 ORDER BY name COLLATE RU, inventory_number, id",
    )?;
    let items = stmt
        .query_map([room_id], equipment_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

/// Name required, quantity not negative; the room must exist (an item may move to another room).
pub fn save_equipment(db: &Db, e: &Equipment) -> Result<Equipment> {
    let conn = db.conn();
    load(conn, e.room_id)?;
    if let Some(id) = e.id {
        load_equipment(conn, id)?;
    }
    let mut check = Check::new();
    check.field("name", validate::required(&e.name));
    check.field(
        "quantity",
        validate::in_range(e.quantity.into(), 0, MAX_QUANTITY),
    );
    check.finish()?;
    let id = db.write(|tx| write_equipment(tx, e))?;
    load_equipment(conn, id)
}

pub fn delete_equipment(db: &Db, id: i64) -> Result<()> {
    let n = db
        .conn()
        .execute("DELETE FROM equipment WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(equipment_not_found());
    }
    Ok(())
}

fn room_not_found() -> CoreError {
    CoreError::NotFound {
        what: "Кабинет"
    }
}

fn equipment_not_found() -> CoreError {
    CoreError::NotFound {
        what: "Оборудование",
    }
}

fn room_from_row(r: &Row) -> rusqlite::Result<Room> {
    Ok(Room {
        id: Some(r.get(0)?),
        number: r.get(1)?,
        name: r.get(2)?,
        floor: r.get(3)?,
        capacity: r.get(4)?,
        kind: RoomKind::from_code(&r.get::<_, String>(5)?),
        note: r.get(6)?,
        equipment_count: r.get(7)?,
    })
}

fn equipment_from_row(r: &Row) -> rusqlite::Result<Equipment> {
    Ok(Equipment {
        id: Some(r.get(0)?),
        room_id: r.get(1)?,
        name: r.get(2)?,
        inventory_number: r.get(3)?,
        quantity: r.get(4)?,
        note: r.get(5)?,
    })
}

fn load(conn: &Connection, id: i64) -> Result<Room> {
    conn.query_row(
        &format!("{ROOM_SELECT} WHERE r.id = ?1"),
        [id],
        room_from_row,
    )
    .optional()?
    .ok_or_else(room_not_found)
}

fn load_equipment(conn: &Connection, id: i64) -> Result<Equipment> {
    conn.query_row(
        "SELECT id, room_id, name, inventory_number, quantity, note FROM equipment WHERE id = ?1",
        [id],
        equipment_from_row,
    )
    .optional()?
    .ok_or_else(equipment_not_found)
}

/// A room number as stored: trimmed, inner runs of spaces made one.
fn clean_number(number: &str) -> String {
    number.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What makes two room numbers the same room: spaces, case, «ё», and Latin letters typed
/// on the wrong keyboard layout («12a» with a Latin a is «12а»).
pub(crate) fn number_key(number: &str) -> String {
    ru_key(&clean_number(number))
        .chars()
        .map(|c| match c {
            'a' => 'а',
            'b' => 'в',
            'c' => 'с',
            'e' => 'е',
            'h' => 'н',
            'k' => 'к',
            'm' => 'м',
            'o' => 'о',
            'p' => 'р',
            't' => 'т',
            'x' => 'х',
            'y' => 'у',
            other => other,
        })
        .collect()
}

fn check_number(
    conn: &Connection,
    check: &mut Check,
    number: &str,
    own_id: Option<i64>,
) -> Result<()> {
    if let Err(p) = validate::required(number) {
        check.add("number", p);
        return Ok(());
    }
    let key = number_key(number);
    let mut stmt = conn.prepare("SELECT id, number FROM room")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, other) = row?;
        if Some(id) != own_id && number_key(&other) == key {
            check.add("number", Problem::DuplicateRoomNumber { number: other });
            break;
        }
    }
    Ok(())
}

fn write_room(conn: &Connection, r: &Room) -> Result<i64> {
    let number = clean_number(&r.number);
    let (name, kind, note) = (r.name.trim(), r.kind.code(), r.note.trim());
    match r.id {
        Some(id) => {
            conn.execute(
                "UPDATE room SET number = ?1, name = ?2, floor = ?3, capacity = ?4, kind = ?5,
                 note = ?6 WHERE id = ?7",
                params![number, name, r.floor, r.capacity, kind, note, id],
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO room (number, name, floor, capacity, kind, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![number, name, r.floor, r.capacity, kind, note],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

fn write_equipment(conn: &Connection, e: &Equipment) -> Result<i64> {
    let (name, inventory, note) = (e.name.trim(), e.inventory_number.trim(), e.note.trim());
    match e.id {
        Some(id) => {
            conn.execute(
                "UPDATE equipment SET room_id = ?1, name = ?2, inventory_number = ?3, quantity = ?4,
                 note = ?5 WHERE id = ?6",
                params![e.room_id, name, inventory, e.quantity, note, id],
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO equipment (room_id, name, inventory_number, quantity, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![e.room_id, name, inventory, e.quantity, note],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// A run of digits or of other characters in a room number.
#[derive(PartialEq, Eq)]
enum Chunk<'a> {
    Digits(&'a str),
    Text(&'a str),
}

fn chunks(s: &str) -> Vec<Chunk<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digits = None;
    for (i, c) in s.char_indices() {
        let d = c.is_ascii_digit();
        if digits.is_some_and(|was| was != d) {
            out.push(chunk(&s[start..i], !d));
            start = i;
        }
        digits = Some(d);
    }
    if start < s.len() {
        out.push(chunk(&s[start..], digits.unwrap_or(false)));
    }
    out
}

fn chunk(s: &str, digits: bool) -> Chunk<'_> {
    if digits {
        Chunk::Digits(s)
    } else {
        Chunk::Text(s)
    }
}

fn compare_chunks(a: &Chunk, b: &Chunk) -> Ordering {
    match (a, b) {
        (Chunk::Digits(x), Chunk::Digits(y)) => {
            // By value without parsing, so no number is too long: fewer digits is smaller.
            let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
            x.len().cmp(&y.len()).then_with(|| x.cmp(y))
        }
        (Chunk::Digits(_), Chunk::Text(_)) => Ordering::Less,
        (Chunk::Text(_), Chunk::Digits(_)) => Ordering::Greater,
        (Chunk::Text(x), Chunk::Text(y)) => ru_key(x.trim()).cmp(&ru_key(y.trim())),
    }
}

/// Natural order of room numbers: digits by value, numbers before words, letters as in Russian;
/// «2» < «10» < «10а» < «10Б» < «Спортзал».
pub fn compare_numbers(a: &str, b: &str) -> Ordering {
    let (ca, cb) = (chunks(a.trim()), chunks(b.trim()));
    ca.iter()
        .zip(&cb)
        .map(|(x, y)| compare_chunks(x, y))
        .find(|o| o.is_ne())
        .unwrap_or_else(|| ca.len().cmp(&cb.len()))
        .then_with(|| compare_ru(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(number: &str) -> Room {
        Room {
            id: None,
            number: number.into(),
            name: String::new(),
            floor: Some(1),
            capacity: Some(25),
            kind: RoomKind::Classroom,
            note: String::new(),
            equipment_count: 0,
        }
    }

    fn item(room_id: i64, name: &str) -> Equipment {
        Equipment {
            id: None,
            room_id,
            name: name.into(),
            inventory_number: String::new(),
            quantity: 1,
            note: String::new(),
        }
    }

    fn add(db: &Db, number: &str) -> Room {
        save(db, &room(number)).unwrap()
    }

    fn errors(res: Result<impl std::fmt::Debug>) -> Vec<(String, String)> {
        match res {
            Err(CoreError::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect()
    }

    fn numbers(db: &Db) -> Vec<String> {
        list(db).unwrap().into_iter().map(|r| r.number).collect()
    }

    #[test]
    fn saves_a_room_trimmed_and_reads_it_back() {
        let db = Db::in_memory().unwrap();
        let r = save(
            &db,
            &Room {
                number: "  12  а ".into(),
                name: " Кабинет химии ".into(),
                floor: Some(-1),
                capacity: None,
                kind: RoomKind::Laboratory,
                note: " вытяжной шкаф ".into(),
                equipment_count: 99,
                ..room("")
            },
        )
        .unwrap();
        assert!(r.id.is_some());
        assert_eq!(r.number, "12 а");
        assert_eq!(r.name, "Кабинет химии");
        assert_eq!(r.note, "вытяжной шкаф");
        assert_eq!((r.floor, r.capacity), (Some(-1), None));
        assert_eq!(r.kind, RoomKind::Laboratory);
        assert_eq!(r.equipment_count, 0, "the count sent is ignored");
        assert_eq!(list(&db).unwrap(), vec![r.clone()]);
        assert_eq!(get(&db, r.id.unwrap()).unwrap(), r);
    }

    #[test]
    fn rooms_are_listed_in_natural_order_of_numbers() {
        let db = Db::in_memory().unwrap();
        for n in [
            "Спортзал",
            "10а",
            "2",
            "10",
            "101",
            "10Б",
            "1",
            "Актовый зал",
            "10в",
            "003",
            "Ёмкость",
            "Егерская",
            "2-1",
        ] {
            add(&db, n);
        }
        assert_eq!(
            numbers(&db),
            [
                "1",
                "2",
                "2-1",
                "003",
                "10",
                "10а",
                "10Б",
                "10в",
                "101",
                "Актовый зал",
                "Егерская",
                "Ёмкость",
                "Спортзал"
            ]
        );
    }

    #[test]
    fn natural_comparison_of_numbers() {
        use Ordering::*;
        assert_eq!(compare_numbers("2", "10"), Less);
        assert_eq!(compare_numbers("10", "10а"), Less);
        assert_eq!(compare_numbers("10а", "Спортзал"), Less);
        assert_eq!(compare_numbers("10а", "10Б"), Less);
        assert_eq!(
            compare_numbers("9", "09"),
            Greater,
            "same value: the text decides"
        );
        assert_eq!(compare_numbers("", "1"), Less);
        assert_eq!(
            compare_numbers("99999999999999999999999", "100000000000000000000000"),
            Less,
            "long numbers do not overflow"
        );
        assert_eq!(compare_numbers("Зал 2", "Зал 10"), Less);
        assert_eq!(compare_numbers("12а", "12а"), Equal);
    }

    #[test]
    fn duplicate_numbers_are_refused_up_to_spaces_case_yo_and_layout() {
        let db = Db::in_memory().unwrap();
        let first = add(&db, "12а");
        add(&db, "Зал ёлочный");
        for n in ["12А ", " 12а", "12a", "12A", "зал елочный", "ЗАЛ  ЁЛОЧНЫЙ"]
        {
            let err = save(&db, &room(n)).unwrap_err();
            let fields = err.fields();
            assert_eq!(fields.len(), 1, "{n}");
            assert_eq!(fields[0].field, "number");
            assert_eq!(fields[0].code, "duplicate_room_number");
        }
        let err = save(&db, &room("12А")).unwrap_err();
        assert!(err.fields()[0].message.contains("«12а»"));
        assert_eq!(list(&db).unwrap().len(), 2);
        // A room keeps its own number when saved again, also retyped in capitals.
        let again = save(
            &db,
            &Room {
                number: "12А".into(),
                ..first
            },
        )
        .unwrap();
        assert_eq!(again.number, "12А");
        assert!(save(&db, &room("12б")).is_ok());
    }

    #[test]
    fn number_is_required_and_floor_and_capacity_are_checked_together() {
        let db = Db::in_memory().unwrap();
        let bad = Room {
            floor: Some(31),
            capacity: Some(-1),
            ..room("  ")
        };
        assert_eq!(
            errors(save(&db, &bad)),
            pairs(&[
                ("number", "required"),
                ("floor", "not_in_range"),
                ("capacity", "not_in_range")
            ])
        );
        let low = Room {
            floor: Some(-4),
            capacity: Some(2001),
            ..room("1")
        };
        assert_eq!(
            errors(save(&db, &low)),
            pairs(&[("floor", "not_in_range"), ("capacity", "not_in_range")])
        );
        assert!(list(&db).unwrap().is_empty());
        for (floor, capacity) in [(Some(-3), Some(0)), (Some(30), Some(2000)), (None, None)] {
            let n = format!("{floor:?}{capacity:?}");
            let r = Room {
                floor,
                capacity,
                ..room(&n)
            };
            assert!(save(&db, &r).is_ok(), "{n}");
        }
    }

    #[test]
    fn update_changes_the_room_and_unknown_ids_are_not_found() {
        let db = Db::in_memory().unwrap();
        let mut r = add(&db, "5");
        r.kind = RoomKind::ComputerRoom;
        r.name = "Информатика".into();
        let saved = save(&db, &r).unwrap();
        assert_eq!(saved, r);
        assert_eq!(list(&db).unwrap().len(), 1);
        r.id = Some(999);
        assert_eq!(save(&db, &r).unwrap_err().code(), "not_found");
        assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
        assert_eq!(delete(&db, 999).unwrap_err().code(), "not_found");
    }

    #[test]
    fn kinds_have_codes_labels_and_serde_names_that_agree() {
        for k in RoomKind::ALL {
            assert_eq!(RoomKind::from_code(k.code()), k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
            assert!(!k.label().is_empty());
        }
        let labels: std::collections::HashSet<_> =
            RoomKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(labels.len(), RoomKind::ALL.len());
        assert_eq!(RoomKind::ComputerRoom.label(), "Компьютерный класс");
        assert_eq!(RoomKind::from_code("planetarium"), RoomKind::Other);
        let kind: RoomKind = serde_json::from_str("\"computer_room\"").unwrap();
        assert_eq!(kind, RoomKind::ComputerRoom);
    }

    #[test]
    fn equipment_is_added_listed_changed_moved_and_deleted() {
        let db = Db::in_memory().unwrap();
        let a = add(&db, "1").id.unwrap();
        let b = add(&db, "2").id.unwrap();
        let board = save_equipment(
            &db,
            &Equipment {
                inventory_number: " 101340001 ".into(),
                quantity: 1,
                note: " в рабочем состоянии ".into(),
                ..item(a, " Интерактивная доска ")
            },
        )
        .unwrap();
        assert_eq!(board.name, "Интерактивная доска");
        assert_eq!(board.inventory_number, "101340001");
        assert_eq!(board.note, "в рабочем состоянии");
        let mut desks = save_equipment(
            &db,
            &Equipment {
                quantity: 15,
                ..item(a, "Парта ученическая")
            },
        )
        .unwrap();
        save_equipment(&db, &item(a, "ёмкость для воды")).unwrap();
        save_equipment(&db, &item(a, "Ерш")).unwrap();
        let names: Vec<String> = equipment(&db, a)
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(
            names,
            [
                "ёмкость для воды",
                "Ерш",
                "Интерактивная доска",
                "Парта ученическая"
            ]
        );
        assert_eq!(get(&db, a).unwrap().equipment_count, 4);

        desks.quantity = 0;
        desks.room_id = b;
        let moved = save_equipment(&db, &desks).unwrap();
        assert_eq!(moved, desks);
        assert_eq!(equipment(&db, b).unwrap(), vec![desks]);
        let counts: Vec<i32> = list(&db)
            .unwrap()
            .iter()
            .map(|r| r.equipment_count)
            .collect();
        assert_eq!(counts, [3, 1]);

        delete_equipment(&db, board.id.unwrap()).unwrap();
        assert_eq!(equipment(&db, a).unwrap().len(), 2);
        assert_eq!(
            delete_equipment(&db, board.id.unwrap()).unwrap_err().code(),
            "not_found"
        );
    }

    #[test]
    fn equipment_needs_a_name_a_quantity_and_an_existing_room() {
        let db = Db::in_memory().unwrap();
        let a = add(&db, "1").id.unwrap();
        let bad = Equipment {
            quantity: -1,
            ..item(a, " ")
        };
        assert_eq!(
            errors(save_equipment(&db, &bad)),
            pairs(&[("name", "required"), ("quantity", "not_in_range")])
        );
        assert_eq!(
            save_equipment(&db, &item(999, "Стол")).unwrap_err().code(),
            "not_found"
        );
        let ghost = Equipment {
            id: Some(999),
            ..item(a, "Стол")
        };
        assert_eq!(save_equipment(&db, &ghost).unwrap_err().code(), "not_found");
        assert_eq!(equipment(&db, 999).unwrap_err().code(), "not_found");
        assert!(equipment(&db, a).unwrap().is_empty());
    }

    #[test]
    fn deleting_a_room_takes_its_equipment_only() {
        let db = Db::in_memory().unwrap();
        let a = add(&db, "1").id.unwrap();
        let b = add(&db, "2").id.unwrap();
        save_equipment(&db, &item(a, "Доска")).unwrap();
        save_equipment(&db, &item(a, "Проектор")).unwrap();
        save_equipment(&db, &item(b, "Шкаф")).unwrap();
        delete(&db, a).unwrap();
        assert_eq!(numbers(&db), ["2"]);
        let left: Vec<String> = db
            .conn()
            .prepare("SELECT name FROM equipment")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(left, ["Шкаф"]);
    }

    #[test]
    fn a_failed_write_leaves_the_room_as_it_was() {
        let db = Db::in_memory().unwrap();
        let before = add(&db, "7");
        db.conn()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE UPDATE ON room BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let changed = Room {
            name: "Другое имя".into(),
            ..before.clone()
        };
        assert_eq!(save(&db, &changed).unwrap_err().code(), "db");
        assert_eq!(list(&db).unwrap(), vec![before]);
    }
}
