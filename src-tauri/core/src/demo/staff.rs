//! The demo's staff movement in the first term of 2026-2027, so that the staff cards' histories
//! and the book of orders on staff have something of this year: a teacher's rate raised by a
//! transfer, another teacher hired to a second position. The appointments of earlier years are
//! made with the staff (people.rs), each with its hire order.

use super::date;
use crate::db::Db;
use crate::error::Result;
use crate::people::Order;
use crate::staff::movement::{self, Hire, StaffTransfer};

fn order(number: &str, on: chrono::NaiveDate) -> Order {
    Order {
        series: String::new(),
        number: number.into(),
        date: Some(on),
    }
}

pub(super) fn create(db: &Db) -> Result<()> {
    let teacher = movement::find_position(db, "Учитель")?;
    let prokhorova = movement::find(db, "Прохорова Алина Артёмовна")?;
    movement::transfer(
        db,
        &StaffTransfer {
            staff_member_id: prokhorova,
            appointment_id: Some(movement::open_appointment(db, prokhorova, teacher)?),
            staff_position_id: None,
            rate: 0.5,
            on: date(2026, 10, 1),
            order: order("118-к", date(2026, 9, 30)),
        },
    )?;
    movement::hire(
        db,
        &Hire {
            staff_member_id: movement::find(db, "Козлова Анастасия Вадимовна")?,
            staff_position_id: movement::find_position(db, "Педагог дополнительного образования")?,
            rate: 0.25,
            on: date(2026, 11, 2),
            order: order("121-к", date(2026, 10, 30)),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::db::Db;
    use crate::staff::movement::{self, StaffEventKind};

    #[test]
    fn the_staff_register_of_the_year_shows_a_transfer_and_a_hire() {
        let db = Db::in_memory().unwrap();
        super::super::create(&db).unwrap();
        let register = crate::forms::orders::staff_register(&db, None).unwrap();
        let kinds: Vec<(String, StaffEventKind)> = register
            .entries
            .iter()
            .flat_map(|e| e.events.iter().map(|ev| (e.order.number.clone(), ev.kind)))
            .filter(|(n, _)| n == "118-к" || n == "121-к")
            .collect();
        assert_eq!(
            kinds,
            [
                ("118-к".to_string(), StaffEventKind::Transfer),
                ("121-к".to_string(), StaffEventKind::Hire)
            ]
        );
        let id = movement::find(&db, "Прохорова Алина Артёмовна").unwrap();
        let history = movement::history(&db, id).unwrap();
        assert_eq!(
            history.last().unwrap().summary,
            "Перевод с должности «Учитель» (0,25 ст.) на должность «Учитель» (0,50 ст.)"
        );
    }
}
