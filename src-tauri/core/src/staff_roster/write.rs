//! The staff list written out: the export of who works today and the empty template.

use super::columns::{facts_of, format};
use crate::db::Db;
use crate::error::Result;
use crate::exchange::import::today;
use crate::exchange::{OutRow, Value};
use crate::staff::{self, QualificationCategory};
use std::path::Path;

/// Writes the staff working today, one row per lasting appointment, in the layout the import
/// reads (importing it back changes nothing); returns how many rows were written.
pub fn export(db: &Db, path: &Path) -> Result<usize> {
    let on = today();
    let members = staff::all_members(db.conn())?;
    let mut rows: Vec<OutRow> = Vec::new();
    for m in members.iter().filter(|m| m.is_current_on(on)) {
        for a in m.appointments_on(on) {
            let mut row = OutRow::new();
            row.insert("last_name", Value::text(m.last_name.clone()));
            row.insert("first_name", Value::text(m.first_name.clone()));
            row.insert("patronymic", Value::text(m.patronymic.clone()));
            row.insert("sex", Value::Sex(m.sex));
            row.insert("birth_date", m.birth_date.into());
            row.insert("snils", Value::text(m.snils.clone()));
            row.insert("phone", Value::text(m.phone.clone()));
            row.insert("email", Value::text(m.email.clone()));
            row.insert("education", Value::text(m.education.clone()));
            if m.qualification_category != QualificationCategory::None {
                row.insert("category", Value::text(m.qualification_category.label()));
            }
            row.insert("position", Value::text(a.position_name.clone()));
            row.insert("rate", Value::Number(a.rate));
            row.insert("hired_on", a.hired_on.into());
            row.insert("order_number", Value::text(a.hire_order.number.clone()));
            row.insert("order_date", a.hire_order.date.into());
            row.extend(facts_of(m));
            rows.push(row);
        }
    }
    format().save_xlsx(path, None, &rows)?;
    Ok(rows.len())
}

/// The empty template.
pub fn template(path: &Path) -> Result<()> {
    format().save_template(path)
}
