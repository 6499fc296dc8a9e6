//! The demo school: a realistic, deterministic school to look at, test against and benchmark.
//! Every later capability adds its part here, so the demo stays in one place. The same calls
//! the app makes build it, inside one transaction.

use crate::audit;
use crate::bells::{self, Bell, BellSchedule};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::rooms::{self, Equipment, Room, RoomKind};
use crate::school::{self, Credential, CredentialKind, School};
use crate::subjects;
use crate::year::{self, AcademicYear};
use chrono::NaiveDate;

mod curriculum;
mod load;
mod marks;
mod movement;
mod people;
mod staff;
mod statistics;
mod subgroups;
mod thematic_plans;
mod timetable;

/// The demo's academic year; fixed so that the demo is the same whatever today is.
pub const DEMO_YEAR: (i32, i32) = (2026, 2027);

/// Fills an empty school file with the demo school; refuses a file that already holds a school.
pub fn create(db: &Db) -> Result<()> {
    if !db.is_empty()? {
        return Err(CoreError::NotEmpty(
            db.path().map(|p| p.to_path_buf()).unwrap_or_default(),
        ));
    }
    // The demo's rows are not a user's changes: one entry of the change log says it was made.
    db.write(|conn| {
        audit::unlogged(conn, || build(db))?;
        audit::record(
            conn,
            audit::Operation {
                action: "demo",
                entity: "school_file",
                summary: demo_school().short_name,
            },
        )
    })
}

/// Every part of the demo school, in the order each needs the ones before.
fn build(db: &Db) -> Result<()> {
    school::save(db, &demo_school())?;
    for c in demo_credentials() {
        school::save_credential(db, &c, date(2026, 9, 1))?;
    }
    subjects::seed_federal(db)?;
    let year_id = create_year(db)?;
    for schedule in demo_bell_schedules(year_id) {
        bells::save(db, &schedule)?;
    }
    create_rooms(db)?;
    people::create(db, year_id)?;
    curriculum::create(db, year_id)?;
    subgroups::create(db, year_id, date(DEMO_YEAR.0, 9, 1))?;
    load::create(db, year_id, date(DEMO_YEAR.0, 9, 1))?;
    timetable::create(db, year_id)?;
    thematic_plans::create(db, year_id)?;
    movement::create(db, year_id)?;
    staff::create(db)?;
    marks::create(db, year_id)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("demo dates are valid")
}

fn demo_school() -> School {
    School {
        full_name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7» г. Ливны".into(),
        short_name: "МБОУ СОШ № 7".into(),
        inn: "5702007616".into(),
        kpp: "570201001".into(),
        ogrn: "1025700765430".into(),
        legal_address: "303850, Орловская область, г. Ливны, ул. Школьная, д. 12".into(),
        actual_address: "303850, Орловская область, г. Ливны, ул. Школьная, д. 12".into(),
        director: "Кириллова Наталья Викторовна".into(),
        phone: "+7 (48677) 2-14-07".into(),
        email: "school7.livny@yandex.ru".into(),
        website: "https://sh7-livny.gosuslugi.ru".into(),
        week_days: 5,
        shifts: 1,
        max_class_size: None,
        file_number_pattern: String::new(),
        district_url: String::new(),
    }
}

fn demo_credentials() -> Vec<Credential> {
    vec![
        Credential {
            id: None,
            kind: CredentialKind::Licence,
            number: "Л035-01237-57/00234517".into(),
            issued_on: Some(date(2016, 3, 14)),
            issuer: "Департамент образования Орловской области".into(),
            valid_until: None,
            note: "Общее образование: начальное, основное, среднее; дополнительное образование детей и взрослых".into(),
        },
        Credential {
            id: None,
            kind: CredentialKind::Accreditation,
            number: "А007-01237-57/01128841".into(),
            issued_on: Some(date(2015, 5, 20)),
            issuer: "Департамент образования Орловской области".into(),
            valid_until: None,
            note: "Бессрочно (Федеральный закон № 273-ФЗ, ст. 92, в ред. 2022 г.)".into(),
        },
    ]
}

fn create_year(db: &Db) -> Result<i64> {
    let (from, to) = DEMO_YEAR;
    let detail = year::create_with_usual_schemes(
        db,
        &AcademicYear {
            id: None,
            name: format!("{from}-{to}"),
            starts_on: Some(date(from, 9, 1)),
            ends_on: Some(date(to, 8, 31)),
            is_current: true,
        },
    )?;
    let id = detail.year.id.unwrap_or_default();
    year::set_current(db, id)?;
    Ok(id)
}

/// «Основное» (7 lessons of 40 minutes) and «Начальные классы» (5 lessons, a long break after the 2nd).
fn demo_bell_schedules(academic_year_id: i64) -> Vec<BellSchedule> {
    let schedule = |name: &str, times: &[(&str, &str)]| BellSchedule {
        id: None,
        academic_year_id,
        name: name.into(),
        shift: 1,
        bells: times
            .iter()
            .zip(1..)
            .map(|((start, end), n)| Bell {
                lesson_number: n,
                starts_at: (*start).into(),
                ends_at: (*end).into(),
            })
            .collect(),
    };
    vec![
        schedule(
            "Основное",
            &[
                ("08:30", "09:10"),
                ("09:20", "10:00"),
                ("10:20", "11:00"),
                ("11:20", "12:00"),
                ("12:10", "12:50"),
                ("13:00", "13:40"),
                ("13:50", "14:30"),
            ],
        ),
        schedule(
            "Начальные классы",
            &[
                ("08:30", "09:10"),
                ("09:20", "10:00"),
                ("10:40", "11:20"),
                ("11:30", "12:10"),
                ("12:20", "13:00"),
            ],
        ),
    ]
}

/// One room of the demo: number, name, floor, capacity, kind and a kit of equipment.
struct DemoRoom {
    number: &'static str,
    name: &'static str,
    floor: i32,
    capacity: i32,
    kind: RoomKind,
    kit: Kit,
}

#[derive(Clone, Copy)]
enum Kit {
    Primary,
    Subject,
    Science,
    Computers,
    Sport,
    Carpentry,
    Stage,
    Admin,
}

fn kit_items(kit: Kit, capacity: i32) -> Vec<(&'static str, i32)> {
    let desks = (capacity + 1) / 2;
    let mut items = match kit {
        Kit::Primary | Kit::Subject | Kit::Science | Kit::Computers => vec![
            ("Парта ученическая двухместная", desks),
            ("Стул ученический", capacity),
            ("Стол учителя", 1),
            ("Компьютер учителя (ноутбук)", 1),
        ],
        _ => Vec::new(),
    };
    items.extend(match kit {
        Kit::Primary => vec![
            ("Доска магнитно-маркерная", 1),
            ("Интерактивная панель 75\"", 1),
            ("Документ-камера", 1),
        ],
        Kit::Subject => vec![
            ("Доска меловая трёхстворчатая", 1),
            ("Проектор мультимедийный", 1),
        ],
        Kit::Science => vec![
            ("Интерактивная панель 86\"", 1),
            ("Шкаф вытяжной лабораторный", 1),
            ("Комплект цифровой лаборатории", 1),
            ("Стол демонстрационный", 1),
        ],
        Kit::Computers => vec![
            ("Ноутбук ученический", capacity),
            ("МФУ лазерное", 1),
            ("Интерактивная панель 75\"", 1),
        ],
        Kit::Sport => vec![
            ("Мат гимнастический", 12),
            ("Скамья гимнастическая", 6),
            ("Стойки баскетбольные", 2),
            ("Сетка волейбольная", 1),
        ],
        Kit::Carpentry => vec![
            ("Верстак столярный", 12),
            ("Станок токарный по дереву", 2),
            ("Станок сверлильный", 1),
        ],
        Kit::Stage => vec![
            ("Кресло зрительское", 180),
            ("Комплект звукоусиления", 1),
            ("Проектор и экран", 1),
        ],
        Kit::Admin => vec![
            ("Компьютер", 1),
            ("МФУ лазерное", 1),
            ("Шкаф для документов", 2),
        ],
    });
    items
}

fn demo_rooms() -> Vec<DemoRoom> {
    use Kit::*;
    use RoomKind::*;
    let r = |number, name, floor, capacity, kind, kit| DemoRoom {
        number,
        name,
        floor,
        capacity,
        kind,
        kit,
    };
    let mut rooms = vec![
        r("101", "Начальные классы", 1, 28, Classroom, Primary),
        r("102", "Начальные классы", 1, 28, Classroom, Primary),
        r("103", "Начальные классы", 1, 28, Classroom, Primary),
        r("104", "Начальные классы", 1, 28, Classroom, Primary),
        r("105", "Начальные классы", 1, 28, Classroom, Primary),
        r("106", "Начальные классы", 1, 28, Classroom, Primary),
        r("107", "Начальные классы", 1, 28, Classroom, Primary),
        r("108", "Начальные классы", 1, 28, Classroom, Primary),
        r("109", "Начальные классы", 1, 28, Classroom, Primary),
        r("110", "Начальные классы", 1, 28, Classroom, Primary),
        r("111", "Начальные классы", 1, 28, Classroom, Primary),
        r("112", "Начальные классы", 1, 28, Classroom, Primary),
        r("113", "Музыка", 1, 30, Classroom, Subject),
        r(
            "114",
            "Изобразительное искусство",
            1,
            30,
            Classroom,
            Subject,
        ),
        r("115", "Логопед", 1, 6, Office, Admin),
        r("116", "Педагог-психолог", 1, 8, Office, Admin),
        r("117", "Медицинский кабинет", 1, 4, Medical, Admin),
        r("118", "Библиотека", 1, 30, Library, Admin),
        r("Спортзал 1", "Большой спортивный зал", 1, 60, Gym, Sport),
        r("Спортзал 2", "Малый спортивный зал", 1, 30, Gym, Sport),
        r(
            "Мастерская",
            "Столярная и слесарная мастерская",
            1,
            15,
            Workshop,
            Carpentry,
        ),
        r("Актовый зал", "Актовый зал", 2, 180, Hall, Stage),
    ];
    let second = [
        ("201", "Русский язык и литература"),
        ("202", "Русский язык и литература"),
        ("203", "Русский язык и литература"),
        ("204", "Математика"),
        ("205", "Математика"),
        ("206", "Математика"),
        ("207", "История и обществознание"),
        ("208", "История и обществознание"),
        ("209", "География"),
        ("210", "Иностранный язык (английский)"),
        ("211", "Иностранный язык (английский)"),
        ("212", "Иностранный язык (немецкий)"),
        ("213", "Технология (обслуживающий труд)"),
    ];
    rooms.extend(second.iter().map(|&(n, name)| {
        let small = name.starts_with("Иностранный") || name.starts_with("Технология");
        r(n, name, 2, if small { 15 } else { 30 }, Classroom, Subject)
    }));
    rooms.extend([
        r("301", "Физика", 3, 30, Laboratory, Science),
        r("302", "Химия", 3, 30, Laboratory, Science),
        r("303", "Биология", 3, 30, Laboratory, Science),
        r("304", "Информатика", 3, 14, ComputerRoom, Computers),
        r("305", "Информатика", 3, 14, ComputerRoom, Computers),
        r("306", "ОБЗР", 3, 30, Classroom, Subject),
        r(
            "307",
            "Русский язык и литература",
            3,
            30,
            Classroom,
            Subject,
        ),
        r("308", "Математика", 3, 30, Classroom, Subject),
        r("309", "Учительская", 3, 20, Office, Admin),
        r("310", "Кабинет директора", 3, 6, Office, Admin),
    ]);
    rooms
}

fn create_rooms(db: &Db) -> Result<()> {
    let mut inventory = 1013400001_u64;
    for demo in demo_rooms() {
        let room = rooms::save(
            db,
            &Room {
                id: None,
                number: demo.number.into(),
                name: demo.name.into(),
                floor: Some(demo.floor),
                capacity: Some(demo.capacity),
                kind: demo.kind,
                note: String::new(),
                equipment_count: 0,
            },
        )?;
        for (name, quantity) in kit_items(demo.kit, demo.capacity) {
            rooms::save_equipment(
                db,
                &Equipment {
                    id: None,
                    room_id: room.id.unwrap_or_default(),
                    name: name.into(),
                    inventory_number: inventory.to_string(),
                    quantity,
                    note: String::new(),
                },
            )?;
            inventory += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overview;

    #[test]
    fn demo_school_is_complete() {
        let db = Db::in_memory().unwrap();
        create(&db).unwrap();
        let o = overview::load(&db).unwrap();
        assert_eq!(o.school.short_name, "МБОУ СОШ № 7");
        assert_eq!(o.credentials.len(), 2);
        let y = &o.academic_years[0];
        assert_eq!(y.year.name, "2026-2027");
        assert!(y.year.is_current);
        let names: Vec<&str> = y.term_schemes.iter().map(|s| s.name.as_str()).collect();
        for expected in ["Четверти", "Четверти (1 класс)", "Триместры"]
        {
            assert!(names.contains(&expected), "{expected} in {names:?}");
        }
        let bells: Vec<(&str, usize)> = o
            .bell_schedules
            .iter()
            .map(|b| (b.name.as_str(), b.bells.len()))
            .collect();
        assert!(bells.contains(&("Основное", 7)));
        assert!(bells.contains(&("Начальные классы", 5)));
        assert!(
            (40..=50).contains(&o.rooms.len()),
            "{} rooms",
            o.rooms.len()
        );
        assert!(o.rooms.iter().all(|r| !r.equipment.is_empty()));
        assert!(o.subjects.len() >= 25);
    }

    #[test]
    fn demo_is_deterministic() {
        let a = Db::in_memory().unwrap();
        let b = Db::in_memory().unwrap();
        create(&a).unwrap();
        create(&b).unwrap();
        let json = |db: &Db| serde_json::to_string(&overview::load(db).unwrap()).unwrap();
        assert_eq!(json(&a), json(&b));
    }

    #[test]
    fn demo_refuses_a_file_with_a_school() {
        let db = Db::in_memory().unwrap();
        create(&db).unwrap();
        assert_eq!(create(&db).err().unwrap().code(), "not_empty");
    }
}
