//! Staff («Сотрудники»): the positions reference (должности) and the staff members, each with
//! one or more appointments (назначение на должность): a position, a rate, a hire date and
//! order, and when the appointment ends a leave date and order. A staff member whose every
//! appointment has ended has left: the record stays for history and drops out of current lists.

use crate::choice::choice_enum;
use crate::db::{ru_key, Db};
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::people::{self, Order, Sex};
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// The largest rate one appointment may carry (54 teaching hours a week); more is a typo.
pub const MAX_RATE: f64 = 3.0;

const MEMBER: &str = "Сотрудник";
const POSITION: &str = "Должность";

choice_enum! {
    pub enum QualificationCategory (fallback None) {
        None = "none", "Без категории";
        Conformity = "conformity", "Соответствие занимаемой должности";
        First = "first", "Первая";
        Highest = "highest", "Высшая";
        Methodist = "methodist", "Педагог-методист";
        Mentor = "mentor", "Педагог-наставник";
    }
}

/// A position of the reference («Учитель», «Педагог-психолог»…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffPosition {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    /// A pedagogical position (педагогический работник): teachers, psychologists, tutors…
    pub is_pedagogical: bool,
    /// Place in the list; the pre-filled positions count in tens.
    pub sort_order: i32,
    /// Read-only: how many appointments hold this position; ignored on save.
    #[serde(default)]
    pub uses: i32,
}

/// A staff member's position: rate, hire, leave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Appointment {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub staff_position_id: i64,
    /// Ставка: 1 is a full rate, 0.5 a half.
    pub rate: f64,
    pub hired_on: Option<NaiveDate>,
    pub hire_order: Order,
    /// Empty while the appointment lasts.
    pub left_on: Option<NaiveDate>,
    pub leave_order: Order,
    /// Read-only: the position's name; ignored on save.
    #[serde(default)]
    pub position_name: String,
}

impl Appointment {
    /// Lasts on `on`: not ended before that day (the leave day itself is still a working day).
    pub fn lasts_on(&self, on: NaiveDate) -> bool {
        self.left_on.is_none_or(|left| left >= on)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffMember {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    /// «123-456-789 64»; stored in this form whatever way it was typed.
    pub snils: String,
    pub phone: String,
    pub email: String,
    /// Free text: level, institution, year, speciality.
    pub education: String,
    pub qualification_category: QualificationCategory,
    pub note: String,
    /// Saved all together with the member: sent rows with an id are changed, rows without
    /// one are added, stored rows not sent are removed.
    pub appointments: Vec<Appointment>,
}

impl StaffMember {
    pub fn full_name(&self) -> String {
        people::full_name(&self.last_name, &self.first_name, &self.patronymic)
    }

    /// Works at the school on `on`: some appointment lasts then.
    pub fn is_current_on(&self, on: NaiveDate) -> bool {
        self.appointments.iter().any(|a| a.lasts_on(on))
    }
}

/// A row of the staff list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StaffListItem {
    #[ts(type = "number")]
    pub id: i64,
    /// «Фамилия Имя Отчество».
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub phone: String,
    pub email: String,
    pub qualification_category: QualificationCategory,
    /// The positions held on the day of the list, «Учитель, Педагог-организатор»; for a member
    /// who has left, the positions held last.
    pub positions: String,
    /// The sum of the rates of those positions.
    pub rate: f64,
    /// The day the member was first hired (the earliest hire date of any appointment).
    pub hired_on: Option<NaiveDate>,
    pub is_current: bool,
    /// For a member who has left: the last day of work.
    pub left_on: Option<NaiveDate>,
}

// ---------------------------------------------------------------------------------------------
// Positions

fn position_from_row(r: &Row) -> rusqlite::Result<StaffPosition> {
    Ok(StaffPosition {
        id: Some(r.get(0)?),
        name: r.get(1)?,
        is_pedagogical: r.get(2)?,
        sort_order: r.get(3)?,
        uses: r.get(4)?,
    })
}

const POSITION_SELECT: &str = "SELECT p.id, p.name, p.is_pedagogical, p.sort_order,
    (SELECT count(*) FROM appointment a WHERE a.staff_position_id = p.id) FROM staff_position p";

/// The positions reference in its order.
pub fn positions(db: &Db) -> Result<Vec<StaffPosition>> {
    let sql = format!("{POSITION_SELECT} ORDER BY p.sort_order, p.name COLLATE RU, p.id");
    let mut stmt = db.conn().prepare(&sql)?;
    let list = stmt
        .query_map([], position_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

fn load_position(conn: &Connection, id: i64) -> Result<StaffPosition> {
    conn.query_row(
        &format!("{POSITION_SELECT} WHERE p.id = ?1"),
        [id],
        position_from_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: POSITION })
}

pub fn get_position(db: &Db, id: i64) -> Result<StaffPosition> {
    load_position(db.conn(), id)
}

/// The position named so (up to spaces, case and «ё»), for an import to match a cell.
pub fn find_position(db: &Db, name: &str) -> Result<Option<StaffPosition>> {
    let key = ru_key(&people::clean(name));
    Ok(positions(db)?.into_iter().find(|p| ru_key(&p.name) == key))
}

/// Name required and unique up to spaces, case and «ё».
pub fn save_position(db: &Db, p: &StaffPosition) -> Result<StaffPosition> {
    let conn = db.conn();
    if let Some(id) = p.id {
        load_position(conn, id)?;
    }
    let name = people::clean(&p.name);
    let mut check = Check::new();
    if name.is_empty() {
        check.add("name", Problem::Required);
    } else if positions(db)?
        .iter()
        .any(|o| o.id != p.id && ru_key(&o.name) == ru_key(&name))
    {
        check.add("name", Problem::DuplicateName { name: name.clone() });
    }
    check.finish()?;
    let id = db.write(|tx| match p.id {
        Some(id) => {
            tx.execute(
                "UPDATE staff_position SET name = ?1, is_pedagogical = ?2, sort_order = ?3
                 WHERE id = ?4",
                params![name, p.is_pedagogical, p.sort_order, id],
            )?;
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO staff_position (name, is_pedagogical, sort_order) VALUES (?1, ?2, ?3)",
                params![name, p.is_pedagogical, p.sort_order],
            )?;
            Ok(tx.last_insert_rowid())
        }
    })?;
    load_position(conn, id)
}

/// Deletes a position nobody holds or held; one in use is refused.
pub fn delete_position(db: &Db, id: i64) -> Result<()> {
    let p = load_position(db.conn(), id)?;
    if p.uses > 0 {
        return Err(CoreError::refused(
            "uses",
            Problem::PositionInUse {
                uses: p.uses.into(),
            },
        ));
    }
    db.conn()
        .execute("DELETE FROM staff_position WHERE id = ?1", [id])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading staff members

const MEMBER_COLUMNS: &str = "id, last_name, first_name, patronymic, sex, birth_date, snils, phone,
    email, education, qualification_category, note";

fn member_from_row(r: &Row) -> rusqlite::Result<StaffMember> {
    Ok(StaffMember {
        id: Some(r.get(0)?),
        last_name: r.get(1)?,
        first_name: r.get(2)?,
        patronymic: r.get(3)?,
        sex: Sex::from_code(&r.get::<_, String>(4)?),
        birth_date: r.get(5)?,
        snils: r.get(6)?,
        phone: r.get(7)?,
        email: r.get(8)?,
        education: r.get(9)?,
        qualification_category: QualificationCategory::from_code(&r.get::<_, String>(10)?),
        note: r.get(11)?,
        appointments: Vec::new(),
    })
}

const APPOINTMENT_SELECT: &str = "SELECT a.id, a.staff_position_id, a.rate, a.hired_on,
    a.hire_order_series, a.hire_order_number, a.hire_order_date, a.left_on,
    a.leave_order_series, a.leave_order_number, a.leave_order_date, p.name, a.staff_member_id
    FROM appointment a JOIN staff_position p ON p.id = a.staff_position_id";

/// Appointments by staff member, each member's in order: lasting ones first, then by hire date.
fn appointments(conn: &Connection, member: Option<i64>) -> Result<HashMap<i64, Vec<Appointment>>> {
    let sql = format!(
        "{APPOINTMENT_SELECT} WHERE ?1 IS NULL OR a.staff_member_id = ?1
         ORDER BY a.left_on IS NOT NULL, a.hired_on, p.sort_order, a.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([member], |r| {
        let a = Appointment {
            id: Some(r.get(0)?),
            staff_position_id: r.get(1)?,
            rate: r.get(2)?,
            hired_on: r.get(3)?,
            hire_order: Order {
                series: r.get(4)?,
                number: r.get(5)?,
                date: r.get(6)?,
            },
            left_on: r.get(7)?,
            leave_order: Order {
                series: r.get(8)?,
                number: r.get(9)?,
                date: r.get(10)?,
            },
            position_name: r.get(11)?,
        };
        Ok((r.get::<_, i64>(12)?, a))
    })?;
    let mut map: HashMap<i64, Vec<Appointment>> = HashMap::new();
    for row in rows {
        let (member, a) = row?;
        map.entry(member).or_default().push(a);
    }
    Ok(map)
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<StaffMember> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM staff_member WHERE id = ?1");
    let mut m = conn
        .query_row(&sql, [id], member_from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: MEMBER })?;
    m.appointments = appointments(conn, Some(id))?
        .remove(&id)
        .unwrap_or_default();
    Ok(m)
}

pub fn get(db: &Db, id: i64) -> Result<StaffMember> {
    load(db.conn(), id)
}

/// Every staff member with the appointments, in Russian alphabetical order.
pub(crate) fn all_members(conn: &Connection) -> Result<Vec<StaffMember>> {
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM staff_member
         ORDER BY last_name COLLATE RU, first_name COLLATE RU, patronymic COLLATE RU, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut members = stmt
        .query_map([], member_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut by_member = appointments(conn, None)?;
    for m in &mut members {
        m.appointments = by_member
            .remove(&m.id.unwrap_or_default())
            .unwrap_or_default();
    }
    Ok(members)
}

fn list_item(m: &StaffMember, on: NaiveDate) -> StaffListItem {
    let is_current = m.is_current_on(on);
    let left_on = if is_current {
        None
    } else {
        m.appointments.iter().filter_map(|a| a.left_on).max()
    };
    // Current members show what they hold on the day; those who left, what they held last.
    let shown: Vec<&Appointment> = m
        .appointments
        .iter()
        .filter(|a| {
            if is_current {
                a.lasts_on(on)
            } else {
                a.left_on == left_on
            }
        })
        .collect();
    StaffListItem {
        id: m.id.unwrap_or_default(),
        full_name: m.full_name(),
        sex: m.sex,
        birth_date: m.birth_date,
        phone: m.phone.clone(),
        email: m.email.clone(),
        qualification_category: m.qualification_category,
        positions: shown
            .iter()
            .map(|a| a.position_name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        rate: shown.iter().map(|a| a.rate).sum(),
        hired_on: m.appointments.iter().filter_map(|a| a.hired_on).min(),
        is_current,
        left_on,
    }
}

/// The staff list in Russian alphabetical order: those working on `on` (whose leave date, if
/// any, is not before it), or with `include_left` also those who have left.
pub fn list(db: &Db, on: NaiveDate, include_left: bool) -> Result<Vec<StaffListItem>> {
    Ok(all_members(db.conn())?
        .iter()
        .map(|m| list_item(m, on))
        .filter(|i| include_left || i.is_current)
        .collect())
}

/// The staff member's ids whose full name is this one (up to spaces, case and «ё»).
pub fn find_by_name(
    db: &Db,
    last_name: &str,
    first_name: &str,
    patronymic: &str,
) -> Result<Vec<i64>> {
    let key = people::name_key(last_name, first_name, patronymic);
    let mut stmt = db
        .conn()
        .prepare("SELECT id, last_name, first_name, patronymic FROM staff_member ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            people::name_key(
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
            ),
        ))
    })?;
    let mut ids = Vec::new();
    for row in rows {
        let (id, k) = row?;
        if k == key {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The staff member with this SNILS, typed in any of its forms.
pub fn find_by_snils(db: &Db, snils: &str) -> Result<Option<i64>> {
    let formatted = validate::format_snils(snils);
    if formatted.is_empty() {
        return Ok(None);
    }
    Ok(db
        .conn()
        .query_row(
            "SELECT id FROM staff_member WHERE snils = ?1",
            [formatted],
            |r| r.get(0),
        )
        .optional()?)
}

/// Works at the school on `on` (for the class teacher rule).
pub fn is_current(db: &Db, id: i64, on: NaiveDate) -> Result<bool> {
    Ok(load(db.conn(), id)?.is_current_on(on))
}

// ---------------------------------------------------------------------------------------------
// Saving

/// Every rule of a staff member, without writing: all field errors at once, or the warnings.
pub fn check(db: &Db, m: &StaffMember, today: NaiveDate) -> Result<Vec<Warning>> {
    check_with(db, m, today, &|_| false)
}

/// [`check`] for an import that creates the positions it does not find only when it writes:
/// the position ids `to_be_created` tells (stand-ins) are not looked up.
pub(crate) fn check_with(
    db: &Db,
    m: &StaffMember,
    today: NaiveDate,
    to_be_created: &dyn Fn(i64) -> bool,
) -> Result<Vec<Warning>> {
    let conn = db.conn();
    let stored = match m.id {
        Some(id) => Some(load(conn, id)?),
        None => None,
    };
    let mut check = Check::new();
    let mut warnings = Vec::new();
    people::check_names(
        &mut check,
        &mut warnings,
        &m.last_name,
        &m.first_name,
        &m.patronymic,
    );
    people::sex_warning(&mut warnings, m.sex, &m.patronymic);
    if m.birth_date.is_some_and(|b| b > today) {
        check.add("birth_date", Problem::BirthDateInFuture);
    }
    people::check_snils(&mut check, &m.snils);
    if !check.has("snils") {
        if let Some(other) = find_by_snils(db, &m.snils)?.filter(|id| Some(*id) != m.id) {
            let name = load(conn, other)?.full_name();
            check.add("snils", Problem::DuplicateSnils { name });
        }
    }
    check.field("email", validate::optional(&m.email, validate::email));
    if m.appointments.is_empty() {
        check.add("appointments", Problem::Required);
    }
    for (i, a) in m.appointments.iter().enumerate() {
        if !to_be_created(a.staff_position_id) {
            load_position(conn, a.staff_position_id)?;
        }
        check_appointment(&mut check, i, a, stored.as_ref())?;
    }
    check.finish()?;
    if let Some(id) = m.id {
        leaving_class_teacher(conn, &mut warnings, id, m)?;
    }
    Ok(warnings)
}

fn check_appointment(
    check: &mut Check,
    i: usize,
    a: &Appointment,
    stored: Option<&StaffMember>,
) -> Result<()> {
    if let Some(id) = a.id {
        // An appointment sent with an id must be one of this member's.
        if !stored.is_some_and(|m| m.appointments.iter().any(|s| s.id == Some(id))) {
            return Err(CoreError::NotFound {
                what: "Назначение на должность",
            });
        }
    }
    let prefix = format!("appointments.{i}");
    if !(a.rate.is_finite() && a.rate > 0.0 && a.rate <= MAX_RATE) {
        check.add(format!("{prefix}.rate"), Problem::BadRate);
    }
    if let (Some(hired), Some(left)) = (a.hired_on, a.left_on) {
        if left < hired {
            check.add(format!("{prefix}.left_on"), Problem::LeaveBeforeHire);
        }
    }
    if a.left_on.is_none() && !a.leave_order.is_empty() {
        check.add(format!("{prefix}.left_on"), Problem::Required);
    }
    people::check_order(check, &format!("{prefix}.hire_order"), &a.hire_order);
    people::check_order(check, &format!("{prefix}.leave_order"), &a.leave_order);
    Ok(())
}

/// A member who leaves while leading a class of the current year: worth a warning, since the
/// class needs another class teacher.
fn leaving_class_teacher(
    conn: &Connection,
    warnings: &mut Vec<Warning>,
    id: i64,
    m: &StaffMember,
) -> Result<()> {
    let last_day = m
        .appointments
        .iter()
        .map(|a| a.left_on)
        .try_fold(None::<NaiveDate>, |acc, l| l.map(|l| acc.max(Some(l))));
    let Some(Some(last_day)) = last_day else {
        return Ok(());
    };
    let mut stmt = conn.prepare(
        "SELECT c.grade, c.letter FROM class c JOIN academic_year y ON y.id = c.academic_year_id
         WHERE c.class_teacher_id = ?1 AND y.ends_on > ?2
         ORDER BY y.starts_on, c.grade, c.letter_key",
    )?;
    let classes = stmt
        .query_map(params![id, last_day], |r| {
            Ok(crate::classes::label(r.get(0)?, &r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if !classes.is_empty() {
        warnings.push(Warning::new(
            "appointments",
            Problem::LeavingClassTeacher {
                classes: classes.join(", "),
            },
        ));
    }
    Ok(())
}

fn write_member(conn: &Connection, m: &StaffMember) -> Result<i64> {
    let values = params![
        people::clean(&m.last_name),
        people::clean(&m.first_name),
        people::clean(&m.patronymic),
        m.sex.code(),
        m.birth_date,
        validate::format_snils(&m.snils),
        m.phone.trim(),
        m.email.trim(),
        m.education.trim(),
        m.qualification_category.code(),
        m.note.trim(),
        m.id,
    ];
    let id = match m.id {
        Some(id) => {
            conn.execute(
                "UPDATE staff_member SET last_name = ?1, first_name = ?2, patronymic = ?3, sex = ?4,
                 birth_date = ?5, snils = ?6, phone = ?7, email = ?8, education = ?9,
                 qualification_category = ?10, note = ?11 WHERE id = ?12",
                values,
            )?;
            id
        }
        None => {
            conn.execute(
                "INSERT INTO staff_member (last_name, first_name, patronymic, sex, birth_date,
                 snils, phone, email, education, qualification_category, note, id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                values,
            )?;
            conn.last_insert_rowid()
        }
    };
    let kept: Vec<i64> = m.appointments.iter().filter_map(|a| a.id).collect();
    let mut stmt = conn.prepare("SELECT id FROM appointment WHERE staff_member_id = ?1")?;
    let stored = stmt
        .query_map([id], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for gone in stored.into_iter().filter(|s| !kept.contains(s)) {
        conn.execute("DELETE FROM appointment WHERE id = ?1", [gone])?;
    }
    for a in &m.appointments {
        let (h, l) = (a.hire_order.cleaned(), a.leave_order.cleaned());
        let values = params![
            id,
            a.staff_position_id,
            a.rate,
            a.hired_on,
            h.series,
            h.number,
            h.date,
            a.left_on,
            l.series,
            l.number,
            l.date,
            a.id,
        ];
        if a.id.is_some() {
            conn.execute(
                "UPDATE appointment SET staff_member_id = ?1, staff_position_id = ?2, rate = ?3,
                 hired_on = ?4, hire_order_series = ?5, hire_order_number = ?6,
                 hire_order_date = ?7, left_on = ?8, leave_order_series = ?9,
                 leave_order_number = ?10, leave_order_date = ?11 WHERE id = ?12",
                values,
            )?;
        } else {
            conn.execute(
                "INSERT INTO appointment (staff_member_id, staff_position_id, rate, hired_on,
                 hire_order_series, hire_order_number, hire_order_date, left_on,
                 leave_order_series, leave_order_number, leave_order_date, id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                values,
            )?;
        }
    }
    Ok(id)
}

/// Writes a card [`check`] has already passed (an import checks every member while planning),
/// inside the caller's transaction; returns the member's id.
pub(crate) fn write_checked(conn: &Connection, m: &StaffMember) -> Result<i64> {
    write_member(conn, m)
}

/// Validates the whole card with its appointments (all field errors at once), then writes it
/// in one transaction. `today` is the day against which a birth date may not lie ahead.
/// Warnings: a sex that disagrees with the patronymic, a name in Latin letters, a class
/// teacher leaving.
pub fn save(db: &Db, m: &StaffMember, today: NaiveDate) -> Result<Saved<StaffMember>> {
    let warnings = check(db, m, today)?;
    let id = db.write(|tx| write_member(tx, m))?;
    Ok(Saved {
        value: load(db.conn(), id)?,
        warnings,
    })
}

/// Deletes a staff member entered by mistake, with the appointments. One who leads or led a
/// class is refused: give the person a leave date instead (they stay in history).
pub fn delete(db: &Db, id: i64) -> Result<()> {
    let conn = db.conn();
    load(conn, id)?;
    let uses = uses(conn, id)?;
    if uses > 0 {
        return Err(CoreError::refused("uses", Problem::StaffInUse { uses }));
    }
    db.write(|tx| {
        tx.execute("DELETE FROM staff_member WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Rows referring to the staff member in every table whose reference does not go with the
/// member (read from `pragma_foreign_key_list`, so later tables are counted without new code).
fn uses(conn: &Connection, id: i64) -> Result<i64> {
    let mut stmt = conn.prepare(
        "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND lower(f.\"table\") = 'staff_member'
           AND upper(f.on_delete) <> 'CASCADE'",
    )?;
    let refs = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut total = 0;
    for (table, column) in refs {
        let sql = format!(
            "SELECT count(*) FROM {} WHERE {} = ?1",
            quote(&table),
            quote(&column)
        );
        total += conn.query_row(&sql, [id], |r| r.get::<_, i64>(0))?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 25);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn position_id(db: &Db, name: &str) -> i64 {
        find_position(db, name).unwrap().unwrap().id.unwrap()
    }

    fn appointment(db: &Db, position: &str, rate: f64) -> Appointment {
        Appointment {
            id: None,
            staff_position_id: position_id(db, position),
            rate,
            hired_on: Some(d(2015, 8, 28)),
            hire_order: Order {
                series: String::new(),
                number: "112-к".into(),
                date: Some(d(2015, 8, 27)),
            },
            left_on: None,
            leave_order: Order::default(),
            position_name: String::new(),
        }
    }

    pub(crate) fn member(db: &Db, last: &str, first: &str, patronymic: &str) -> StaffMember {
        StaffMember {
            id: None,
            last_name: last.into(),
            first_name: first.into(),
            patronymic: patronymic.into(),
            sex: people::sex_by_patronymic(patronymic).unwrap_or(Sex::Female),
            birth_date: Some(d(1980, 3, 14)),
            snils: String::new(),
            phone: "+7 (910) 123-45-67".into(),
            email: String::new(),
            education: "высшее".into(),
            qualification_category: QualificationCategory::First,
            note: String::new(),
            appointments: vec![appointment(db, "Учитель", 1.0)],
        }
    }

    fn add(db: &Db, last: &str, first: &str, patronymic: &str) -> StaffMember {
        save(db, &member(db, last, first, patronymic), today())
            .unwrap()
            .value
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

    fn count(db: &Db, table: &str) -> i64 {
        db.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn positions_are_prefilled_ordered_and_unique() {
        let db = Db::in_memory().unwrap();
        let list = positions(&db).unwrap();
        assert!(list.len() >= 15);
        assert_eq!(list[0].name, "Директор");
        for name in [
            "Учитель",
            "Заместитель директора по учебно-воспитательной работе",
            "Педагог-психолог",
            "Социальный педагог",
            "Учитель-логопед",
            "Педагог-организатор",
            "Секретарь учебной части",
        ] {
            assert!(list.iter().any(|p| p.name == name), "{name}");
        }
        let err = save_position(
            &db,
            &StaffPosition {
                id: None,
                name: "  учитель ".into(),
                is_pedagogical: true,
                sort_order: 0,
                uses: 0,
            },
        )
        .unwrap_err();
        assert_eq!(
            errors(Err::<(), _>(err)),
            pairs(&[("name", "duplicate_name")])
        );
        let nurse = save_position(
            &db,
            &StaffPosition {
                id: None,
                name: " Медицинская  сестра ".into(),
                is_pedagogical: false,
                sort_order: 300,
                uses: 7,
            },
        )
        .unwrap();
        assert_eq!((nurse.name.as_str(), nurse.uses), ("Медицинская сестра", 0));
        assert_eq!(
            find_position(&db, "МЕДИЦИНСКАЯ сестра")
                .unwrap()
                .unwrap()
                .id,
            nurse.id
        );
        assert_eq!(
            errors(save_position(
                &db,
                &StaffPosition {
                    name: " ".into(),
                    ..nurse.clone()
                }
            )),
            pairs(&[("name", "required")])
        );
        delete_position(&db, nurse.id.unwrap()).unwrap();
        assert_eq!(
            delete_position(&db, nurse.id.unwrap()).unwrap_err().code(),
            "not_found"
        );
    }

    #[test]
    fn a_position_in_use_cannot_be_deleted() {
        let db = Db::in_memory().unwrap();
        add(&db, "Соколова", "Ирина", "Петровна");
        let teacher = position_id(&db, "Учитель");
        assert_eq!(get_position(&db, teacher).unwrap().uses, 1);
        let err = delete_position(&db, teacher).unwrap_err();
        assert_eq!(err.code(), "refused");
        assert_eq!(err.fields()[0].code, "position_in_use");
    }

    #[test]
    fn saves_a_member_with_appointments_trimmed_and_reads_it_back() {
        let db = Db::in_memory().unwrap();
        let mut m = member(&db, "  Ёлкина ", " Алёна  ", " Семёновна ");
        m.snils = "11223344595".into();
        m.email = " elkina@mail.ru ".into();
        m.appointments
            .push(appointment(&db, "Педагог-организатор", 0.5));
        let saved = save(&db, &m, today()).unwrap();
        assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
        let s = saved.value;
        assert_eq!(s.full_name(), "Ёлкина Алёна Семёновна");
        assert_eq!(s.snils, "112-233-445 95");
        assert_eq!(s.email, "elkina@mail.ru");
        assert_eq!(s.appointments.len(), 2);
        assert_eq!(s.appointments[0].position_name, "Учитель");
        assert_eq!(s.appointments[0].hire_order.number, "112-к");
        assert_eq!(get(&db, s.id.unwrap()).unwrap(), s);
        let list = list(&db, today(), false).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].positions, "Учитель, Педагог-организатор");
        assert_eq!(list[0].rate, 1.5);
        assert!(list[0].is_current);
    }

    #[test]
    fn appointments_are_changed_added_and_removed_in_place() {
        let db = Db::in_memory().unwrap();
        let mut m = add(&db, "Соколова", "Ирина", "Петровна");
        let first_id = m.appointments[0].id;
        m.appointments[0].rate = 1.25;
        m.appointments.push(appointment(&db, "Тьютор", 0.25));
        let m = save(&db, &m, today()).unwrap().value;
        assert_eq!(m.appointments[0].id, first_id, "ids are kept");
        assert_eq!(m.appointments[0].rate, 1.25);
        assert_eq!(m.appointments.len(), 2);
        let only_tutor = StaffMember {
            appointments: vec![m.appointments[1].clone()],
            ..m.clone()
        };
        let m = save(&db, &only_tutor, today()).unwrap().value;
        assert_eq!(m.appointments.len(), 1);
        assert_eq!(count(&db, "appointment"), 1);

        // An appointment of someone else cannot be sent with this member.
        let other = add(&db, "Иванов", "Пётр", "Ильич");
        let stolen = StaffMember {
            appointments: other.appointments.clone(),
            ..m
        };
        assert_eq!(save(&db, &stolen, today()).unwrap_err().code(), "not_found");
    }

    #[test]
    fn every_bad_field_is_reported_at_once_and_nothing_is_written() {
        let db = Db::in_memory().unwrap();
        let mut bad = member(&db, " ", "Иванoв", "Петр0вич");
        bad.birth_date = Some(today().succ_opt().unwrap());
        bad.snils = "112-233-445 96".into();
        bad.email = "ivanov.mail.ru".into();
        bad.appointments[0].rate = 0.0;
        bad.appointments[0].hired_on = Some(d(2020, 9, 1));
        bad.appointments[0].left_on = Some(d(2020, 8, 31));
        bad.appointments[0].hire_order.date = None;
        let mut second = appointment(&db, "Тьютор", 3.5);
        second.leave_order.number = "5-к".into();
        bad.appointments.push(second);
        assert_eq!(
            errors(save(&db, &bad, today())),
            pairs(&[
                ("last_name", "required"),
                ("first_name", "latin_in_name"),
                ("patronymic", "bad_char_in_name"),
                ("birth_date", "birth_date_in_future"),
                ("snils", "snils_check_number"),
                ("email", "bad_email"),
                ("appointments.0.rate", "bad_rate"),
                ("appointments.0.left_on", "leave_before_hire"),
                ("appointments.0.hire_order.date", "required"),
                ("appointments.1.rate", "bad_rate"),
                ("appointments.1.left_on", "required"),
                ("appointments.1.leave_order.date", "required"),
            ])
        );
        let none = StaffMember {
            appointments: Vec::new(),
            ..member(&db, "Иванов", "Пётр", "")
        };
        assert_eq!(
            errors(save(&db, &none, today())),
            pairs(&[("appointments", "required")])
        );
        assert_eq!(count(&db, "staff_member"), 0);
        assert_eq!(count(&db, "appointment"), 0);
    }

    #[test]
    fn warnings_for_sex_and_latin_names_do_not_stop_the_save() {
        let db = Db::in_memory().unwrap();
        let mut m = member(&db, "Smith", "John", "Петрович");
        m.sex = Sex::Female;
        let saved = save(&db, &m, today()).unwrap();
        let codes: Vec<(&str, &str)> = saved
            .warnings
            .iter()
            .map(|w| (w.field.as_str(), w.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("last_name", "name_in_latin"),
                ("first_name", "name_in_latin"),
                ("sex", "sex_disagrees_with_patronymic")
            ]
        );
        assert!(saved.value.id.is_some());
    }

    #[test]
    fn snils_is_unique_among_staff_in_any_form() {
        let db = Db::in_memory().unwrap();
        let mut a = member(&db, "Соколова", "Ирина", "Петровна");
        a.snils = "123-456-789 64".into();
        let a = save(&db, &a, today()).unwrap().value;
        let mut b = member(&db, "Иванов", "Пётр", "Ильич");
        b.snils = "12345678964".into();
        let err = save(&db, &b, today()).unwrap_err();
        assert_eq!(err.fields()[0].code, "duplicate_snils");
        assert!(err.fields()[0].message.contains("Соколова Ирина Петровна"));
        assert_eq!(find_by_snils(&db, "123 456 789 64").unwrap(), a.id);
        // The member keeps their own SNILS when saved again.
        assert!(save(&db, &a, today()).is_ok());
    }

    #[test]
    fn who_left_drops_out_of_current_lists_and_stays_in_history() {
        let db = Db::in_memory().unwrap();
        let mut left = add(&db, "Агеева", "Вера", "Николаевна");
        left.appointments[0].left_on = Some(d(2026, 6, 30));
        left.appointments[0].leave_order = Order {
            series: String::new(),
            number: "48-к".into(),
            date: Some(d(2026, 6, 25)),
        };
        let left = save(&db, &left, today()).unwrap().value;
        add(&db, "Борисов", "Олег", "Иванович");
        let names = |items: Vec<StaffListItem>| -> Vec<String> {
            items.into_iter().map(|i| i.full_name).collect()
        };
        assert_eq!(
            names(list(&db, today(), false).unwrap()),
            ["Борисов Олег Иванович"]
        );
        assert_eq!(
            names(list(&db, d(2026, 6, 30), false).unwrap()),
            ["Агеева Вера Николаевна", "Борисов Олег Иванович"],
            "the leave day is still a working day"
        );
        let all = list(&db, today(), true).unwrap();
        assert_eq!(all.len(), 2);
        assert!(!all[0].is_current);
        assert_eq!(all[0].left_on, Some(d(2026, 6, 30)));
        assert_eq!(all[0].positions, "Учитель");
        assert_eq!(all[0].hired_on, left.appointments[0].hired_on);
        assert!(!is_current(&db, left.id.unwrap(), today()).unwrap());
        assert_eq!(get(&db, left.id.unwrap()).unwrap(), left, "kept whole");
    }

    #[test]
    fn deleting_a_member_takes_the_appointments_and_unknown_ids_are_not_found() {
        let db = Db::in_memory().unwrap();
        let m = add(&db, "Соколова", "Ирина", "Петровна");
        assert_eq!(
            find_by_name(&db, "соколова", "ирина", "петровна").unwrap(),
            vec![m.id.unwrap()]
        );
        delete(&db, m.id.unwrap()).unwrap();
        assert_eq!(count(&db, "appointment"), 0);
        assert_eq!(delete(&db, 999).unwrap_err().code(), "not_found");
        assert_eq!(get(&db, 999).unwrap_err().code(), "not_found");
        let ghost = StaffMember {
            id: Some(999),
            ..member(&db, "Иванов", "Пётр", "")
        };
        assert_eq!(save(&db, &ghost, today()).unwrap_err().code(), "not_found");
        let mut no_position = member(&db, "Иванов", "Пётр", "");
        no_position.appointments[0].staff_position_id = 999;
        assert_eq!(
            save(&db, &no_position, today()).unwrap_err().code(),
            "not_found"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_member_as_it_was() {
        let db = Db::in_memory().unwrap();
        let before = add(&db, "Соколова", "Ирина", "Петровна");
        db.conn()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON appointment BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let mut changed = before.clone();
        changed.last_name = "Петрова".into();
        changed.appointments.push(appointment(&db, "Тьютор", 0.5));
        assert_eq!(save(&db, &changed, today()).unwrap_err().code(), "db");
        assert_eq!(get(&db, before.id.unwrap()).unwrap(), before);
    }

    #[test]
    fn categories_have_codes_labels_and_serde_names_that_agree() {
        for k in QualificationCategory::ALL {
            assert_eq!(QualificationCategory::from_code(k.code()), k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
            assert!(!k.label().is_empty());
        }
        assert_eq!(
            QualificationCategory::from_code("grandmaster"),
            QualificationCategory::None
        );
    }
}
