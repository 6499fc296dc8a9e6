//! Rooms of the generated timetable. Lessons that need a room of a kind the school has few of
//! (informatics a computer room, technology from grade 5 a workshop or a room named
//! «Технология…»), and lines with a preferred room, take their rooms in the engine: one lesson
//! per room at once, so the number of such rooms is how many of these lessons can run
//! together. Every other lesson gets its room after the search, place by place: the room it
//! had, then physical education a free gym (or none: the sports ground — a school has fewer
//! gyms than PE lessons at once), any other lesson its class's home room, a room named like its
//! subject, any free classroom or laboratory that is no class's home room, the library or the
//! hall; none when every one is taken (the check does not ask for a room).

use super::school::{Data, Placeable, School};
use crate::rooms::RoomKind;
use crate::timetable::{sanitary, LoadInfo, Week};
use crate::timetable_engine::Placed;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
pub(super) struct RoomRow {
    pub id: i64,
    pub name: String,
    pub kind: RoomKind,
}

pub(super) fn read_rooms(conn: &Connection) -> crate::error::Result<Vec<RoomRow>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, kind FROM room ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RoomRow {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: RoomKind::from_code(&r.get::<_, String>(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn is_technology(name: &str) -> bool {
    let folded = name.to_lowercase();
    folded.starts_with("труд") || folded.starts_with("технология")
}

/// The rooms a subject must take, if it needs a kind of room: informatics a computer room,
/// technology from grade 5 a workshop or a room named «Технология…» (grades 1–4 learn it in
/// their own room).
fn rooms_needed(rooms: &[RoomRow], subject: &str, grade: i32) -> Vec<i64> {
    let fits = |r: &RoomRow| {
        if subject.to_lowercase().starts_with("информатика") {
            r.kind == RoomKind::ComputerRoom
        } else if is_technology(subject) && grade >= 5 {
            r.kind == RoomKind::Workshop || ordinary(r.kind) && is_technology(&r.name)
        } else {
            false
        }
    };
    rooms.iter().filter(|r| fits(r)).map(|r| r.id).collect()
}

/// The rooms an engine-roomed lesson may take and the one it should.
#[derive(Debug, Clone)]
pub(super) struct Need {
    pub allowed: Vec<i64>,
    pub wished: Option<i64>,
}

fn ordinary(kind: RoomKind) -> bool {
    matches!(kind, RoomKind::Classroom | RoomKind::Laboratory)
}

/// What a line's lessons need of the engine: rooms of the kind its subject needs (when the
/// school has any), or, for a line with a preferred room, any classroom with that one wished.
pub(super) fn need(data: &Data, l: &LoadInfo) -> Option<Need> {
    let wished = data.lines.get(&l.id).and_then(|w| w.1);
    let grade = l
        .class_ids
        .iter()
        .filter_map(|c| data.week.class(*c).map(|c| c.grade))
        .min()
        .unwrap_or(0);
    let of_kind = rooms_needed(data.rooms, &l.label, grade);
    if !of_kind.is_empty() {
        return Some(Need {
            allowed: of_kind,
            wished,
        });
    }
    let wished = wished?;
    let mut allowed: Vec<i64> = data
        .rooms
        .iter()
        .filter(|r| ordinary(r.kind))
        .map(|r| r.id)
        .collect();
    if !allowed.contains(&wished) {
        allowed.push(wished);
    }
    Some(Need {
        allowed,
        wished: Some(wished),
    })
}

/// Rooms for the placed lessons the engine gave none: per activity, its room (None: none).
pub(super) fn give(
    data: &Data,
    school: &School,
    placement: &[Option<Placed>],
    previous_room: &HashMap<i64, Option<i64>>,
) -> Vec<Option<i64>> {
    let week = data.week;
    let mut taken: HashSet<(usize, i64)> = HashSet::new();
    let mut out: Vec<Option<i64>> = vec![None; school.activities.len()];
    let slots = |a: usize, p: &Placed| p.start..p.start + school.activities[a].duration;
    // The lessons that stay as they are (kept, courses) hold their rooms.
    let rewritten: HashSet<i64> = school
        .activities
        .iter()
        .filter(|act| !act.fixed)
        .flat_map(|act| act.entries.iter().copied())
        .chain(school.surplus.iter().copied())
        .collect();
    for lesson in week.lessons.iter().filter(|x| !rewritten.contains(&x.id)) {
        if let (Some(s), Some(r)) = (
            school.slot(lesson.day, lesson.lesson_number),
            lesson.room_id,
        ) {
            taken.insert((s, r));
        }
    }
    for (a, p) in placement.iter().enumerate() {
        let (Some(p), true) = (p, school.activities[a].engine_room) else {
            continue;
        };
        out[a] = p.room.map(|r| school.room_ids[r]);
        for s in slots(a, p) {
            taken.extend(out[a].map(|r| (s, r)));
        }
    }
    let homes: HashSet<i64> = week.classes.iter().filter_map(|c| c.home_room_id).collect();
    // Whole-class lessons first: they take the home rooms.
    let mut order: Vec<(usize, Placed)> = (0..out.len())
        .filter(|&a| !school.activities[a].engine_room)
        .filter_map(|a| placement[a].map(|p| (a, p)))
        .collect();
    order.sort_by_key(|&(a, _)| {
        week.loads[&school.activities[a].load_id]
            .subgroup_id
            .is_some()
    });
    for (a, p) in order {
        let act: &Placeable = &school.activities[a];
        let l = &week.loads[&act.load_id];
        let free =
            |r: i64, taken: &HashSet<(usize, i64)>| slots(a, &p).all(|s| !taken.contains(&(s, r)));
        let choice = candidates(week, data, l, act, previous_room, &homes)
            .into_iter()
            .find(|&r| free(r, &taken));
        out[a] = choice;
        for s in slots(a, &p) {
            taken.extend(choice.map(|r| (s, r)));
        }
    }
    out
}

/// The rooms a lesson may take, best first.
fn candidates(
    week: &Week,
    data: &Data,
    l: &LoadInfo,
    act: &Placeable,
    previous_room: &HashMap<i64, Option<i64>>,
    homes: &HashSet<i64>,
) -> Vec<i64> {
    let mut out: Vec<i64> = act
        .entries
        .iter()
        .filter_map(|e| previous_room.get(e).copied().flatten())
        .collect();
    if sanitary::is_physical_education(&l.label) {
        out.extend(
            data.rooms
                .iter()
                .filter(|r| r.kind == RoomKind::Gym)
                .map(|r| r.id),
        );
        return out;
    }
    if l.subgroup_id.is_none() && l.class_ids.len() == 1 {
        out.extend(week.class(l.class_ids[0]).and_then(|c| c.home_room_id));
    }
    let subject = l.label.to_lowercase();
    out.extend(
        data.rooms
            .iter()
            .filter(|r| ordinary(r.kind) && r.name.to_lowercase() == subject)
            .map(|r| r.id),
    );
    out.extend(
        data.rooms
            .iter()
            .filter(|r| ordinary(r.kind) && !homes.contains(&r.id))
            .map(|r| r.id),
    );
    out.extend(
        data.rooms
            .iter()
            .filter(|r| matches!(r.kind, RoomKind::Library | RoomKind::Hall))
            .map(|r| r.id),
    );
    out
}
