//! The demo's movement in the first quarter of 2026-2027, so that the student cards' histories,
//! the orders register and the movement reports have something real: two transfers between
//! parallel classes by one order, two arrivals from other schools (of the region and of another
//! one), a departure to a college. The September departures and arrivals are made with the
//! students (people.rs). Made after the subgroups, so the newcomers join them as the app would
//! place them, and before the marks, so the first quarter's sheets follow the moves.

use super::date;
use crate::classes;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::movement::{self, Arrival, Departure, DepartureReason, Origin, Transfer};
use crate::people::{Order, Sex};
use crate::students::{self, Student, StudyForm};
use chrono::NaiveDate;

fn order(number: &str, on: NaiveDate) -> Order {
    Order {
        series: String::new(),
        number: number.into(),
        date: Some(on),
    }
}

fn class_id(db: &Db, year_id: i64, label: &str) -> Result<i64> {
    classes::find_by_label(db, year_id, label)?
        .and_then(|c| c.id)
        .ok_or(CoreError::NotFound { what: "Класс" })
}

/// The student of the class first in its alphabetical list on the day.
fn first_of(db: &Db, year_id: i64, label: &str, on: NaiveDate) -> Result<i64> {
    let class = class_id(db, year_id, label)?;
    students::list(db, year_id, Some(class), Some(on))?
        .first()
        .map(|s| s.id)
        .ok_or(CoreError::NotFound {
            what: "Обучающийся",
        })
}

/// A newcomer's card.
fn card(number: &str, name: (&str, &str, &str), sex: Sex, born: NaiveDate) -> Student {
    Student {
        id: None,
        file_number: number.into(),
        last_name: name.0.into(),
        first_name: name.1.into(),
        patronymic: name.2.into(),
        sex,
        birth_date: Some(born),
        citizenship: "Россия".into(),
        registered_address: String::new(),
        actual_address: String::new(),
        snils: String::new(),
        study_form: StudyForm::FullTime,
        note: String::new(),
        class_id: None,
    }
}

pub(super) fn create(db: &Db, year_id: i64) -> Result<()> {
    // One order transfers two students on 12 October.
    let moved_on = date(2026, 10, 12);
    let transfers = order("64-у", date(2026, 10, 9));
    for (from, to) in [("5 А", "5 Б"), ("7 Б", "7 А")] {
        movement::transfer(
            db,
            &Transfer {
                student_id: first_of(db, year_id, from, moved_on)?,
                to_class_id: class_id(db, year_id, to)?,
                on: moved_on,
                order: transfers.clone(),
                note: "Заявление родителей от 05.10.2026".into(),
            },
        )?;
    }
    let arrivals = [
        (
            card(
                "м-201",
                ("Миронова", "Ульяна", "Андреевна"),
                Sex::Female,
                date(2014, 6, 3),
            ),
            "6 А",
            date(2026, 10, 12),
            Origin::SameRegion,
            "МБОУ СОШ № 2 г. Ливны",
            order("65-у", date(2026, 10, 12)),
        ),
        (
            card(
                "к-202",
                ("Корнилов", "Денис", "Павлович"),
                Sex::Male,
                date(2012, 11, 21),
            ),
            "8 Б",
            date(2026, 10, 19),
            Origin::OtherRegion,
            "МБОУ «Гимназия № 1» г. Тулы",
            order("67-у", date(2026, 10, 19)),
        ),
    ];
    for (student, class, on, origin, from, order) in arrivals {
        let arrival = Arrival {
            student,
            class_id: class_id(db, year_id, class)?,
            on,
            origin: Some(origin),
            came_from: from.into(),
            order,
            note: String::new(),
        };
        movement::arrive(db, &arrival, date(2026, 10, 19))?;
    }
    let left_on = date(2026, 10, 19);
    movement::leave(
        db,
        &Departure {
            student_id: first_of(db, year_id, "10 А", left_on)?,
            on: left_on,
            reason: DepartureReason::Vocational,
            destination: "БПОУ ОО «Ливенский политехнический техникум»".into(),
            order: order("66-у", date(2026, 10, 16)),
            note: String::new(),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::db::Db;
    use crate::movement::{self, orders, MovementKind};
    use crate::year;

    #[test]
    fn the_first_quarter_has_its_movements_in_the_orders_register() {
        let db = Db::in_memory().unwrap();
        super::super::create(&db).unwrap();
        let year = year::current_id(&db).unwrap();
        let register = orders::register(&db, year).unwrap();
        let transfers = register.iter().find(|e| e.order.number == "64-у").unwrap();
        assert_eq!(transfers.order.title, "О переводе");
        let classes: Vec<&str> = transfers
            .classes
            .iter()
            .map(|c| c.class_label.as_str())
            .collect();
        assert_eq!(classes, ["5 Б", "7 А"]);
        let kinds = |kind: MovementKind| {
            register
                .iter()
                .flat_map(|e| &e.classes)
                .flat_map(|c| &c.students)
                .filter(|l| l.kind == kind)
                .count()
        };
        // September's departures and arrivals (people.rs) and October's.
        assert_eq!(kinds(MovementKind::Transfer), 2);
        assert_eq!(kinds(MovementKind::Departure), 5);
        // The first graders came on 1 September, the two newcomers in October.
        let first_graders: i32 = crate::classes::list(&db, year, chrono::NaiveDate::MIN)
            .unwrap()
            .iter()
            .filter(|c| c.class.grade == 1)
            .map(|c| c.total)
            .sum();
        assert!(
            kinds(MovementKind::Arrival) >= first_graders as usize + 2,
            "first graders and newcomers"
        );
        let college = register.iter().find(|e| e.order.number == "66-у").unwrap();
        let line = &college.classes[0].students[0];
        assert_eq!(college.classes[0].class_label, "10 А");
        assert!(line.summary.contains("перевод в СПО"), "{}", line.summary);
        let newcomer = crate::students::find_by_file_number(&db, "к-202")
            .unwrap()
            .unwrap();
        let history = movement::history(&db, newcomer).unwrap();
        assert_eq!(
            history[0].summary,
            "Прибытие в 8 Б из МБОУ «Гимназия № 1» г. Тулы (из другого региона)"
        );
    }
}
