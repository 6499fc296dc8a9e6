//! Staff members: reading the cards with their appointments, the lists, and saving a card
//! whole (all field errors at once, one transaction).

use super::positions::load_position;
use super::{
    AcademicDegree, Appointment, EducationLevel, QualificationCategory, StaffListItem, StaffMember,
    MAX_RATE, MEMBER,
};
use crate::db::Db;
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::movement::orders::{self, Book};
use crate::people::{self, Order, Sex};
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashMap;

/// Titles of the orders a card names for the first time.
pub(super) const HIRE_TITLE: &str = "О приёме на работу";
pub(super) const LEAVE_TITLE: &str = "О прекращении трудового договора";

const MEMBER_COLUMNS: &str = "id, last_name, first_name, patronymic, sex, birth_date, snils, phone,
    email, education, qualification_category, note, education_level, pedagogical_education,
    category_awarded_on, experience_since, pedagogical_experience_since, academic_degree,
    honorary_titles";

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
        education_level: EducationLevel::from_code(&r.get::<_, String>(12)?),
        pedagogical_education: r.get(13)?,
        category_awarded_on: r.get(14)?,
        experience_since: r.get(15)?,
        pedagogical_experience_since: r.get(16)?,
        academic_degree: AcademicDegree::from_code(&r.get::<_, String>(17)?),
        honorary_titles: r.get(18)?,
        appointments: Vec::new(),
    })
}

const APPOINTMENT_SELECT: &str = "SELECT a.id, a.staff_position_id, a.rate, a.hired_on,
    h.series, h.number, h.issued_on, a.left_on, l.series, l.number, l.issued_on, p.name,
    a.staff_member_id, a.leave_reason, a.transferred_from_id
    FROM appointment a JOIN staff_position p ON p.id = a.staff_position_id
    LEFT JOIN school_order h ON h.id = a.hire_order_id
    LEFT JOIN school_order l ON l.id = a.leave_order_id";

/// An order read through a LEFT JOIN: empty when there is none.
fn order_at(r: &Row, at: usize) -> rusqlite::Result<Order> {
    Ok(Order {
        series: r.get::<_, Option<String>>(at)?.unwrap_or_default(),
        number: r.get::<_, Option<String>>(at + 1)?.unwrap_or_default(),
        date: r.get(at + 2)?,
    })
}

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
            hire_order: order_at(r, 4)?,
            left_on: r.get(7)?,
            leave_order: order_at(r, 8)?,
            leave_reason: r.get(13)?,
            transferred_from_id: r.get(14)?,
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
    let shown: Vec<&Appointment> = match is_current {
        true => m.appointments_on(on),
        false => m
            .appointments
            .iter()
            .filter(|a| a.left_on == left_on)
            .collect(),
    };
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
    check_career(&mut check, m, today);
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
        leaving_class_teacher_card(conn, &mut warnings, id, m)?;
    }
    Ok(warnings)
}

/// The dates of experience and category: none in the future, and the pedagogical experience
/// not longer than the whole.
fn check_career(check: &mut Check, m: &StaffMember, today: NaiveDate) {
    for (field, date) in [
        ("experience_since", m.experience_since),
        (
            "pedagogical_experience_since",
            m.pedagogical_experience_since,
        ),
        ("category_awarded_on", m.category_awarded_on),
    ] {
        if date.is_some_and(|d| d > today) {
            check.add(field, Problem::DateInFuture);
        }
    }
    if let (Some(all), Some(pedagogical)) = (m.experience_since, m.pedagogical_experience_since) {
        if pedagogical < all && !check.has("pedagogical_experience_since") {
            check.add(
                "pedagogical_experience_since",
                Problem::PedagogicalExperienceLonger,
            );
        }
    }
    if m.category_awarded_on.is_some() && m.qualification_category == QualificationCategory::None {
        check.add("category_awarded_on", Problem::CategoryDateWithoutCategory);
    }
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
fn leaving_class_teacher_card(
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
    if let Some(Some(last_day)) = last_day {
        warnings.extend(leaving_class_teacher(conn, id, last_day)?);
    }
    Ok(())
}

/// The warning for a staff member whose last working day is `last_day` while leading a class
/// of a year that goes on after it; none otherwise.
pub(super) fn leaving_class_teacher(
    conn: &Connection,
    id: i64,
    last_day: NaiveDate,
) -> Result<Vec<Warning>> {
    let mut stmt = conn.prepare(
        "SELECT c.grade, c.letter FROM class c JOIN academic_year y ON y.id = c.academic_year_id
         WHERE c.class_teacher_id = ?1 AND y.ends_on > ?2
         ORDER BY y.starts_on, c.grade, c.letter_key",
    )?;
    let classes = stmt
        .query_map(params![id, last_day], |r| {
            Ok(crate::class_label::label(
                r.get(0)?,
                &r.get::<_, String>(1)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if classes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![Warning::new(
        "appointments",
        Problem::LeavingClassTeacher {
            classes: classes.join(", "),
        },
    )])
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
        m.education_level.code(),
        m.pedagogical_education,
        m.category_awarded_on,
        m.experience_since,
        m.pedagogical_experience_since,
        m.academic_degree.code(),
        m.honorary_titles.trim(),
    ];
    let id = match m.id {
        Some(id) => {
            conn.execute(
                "UPDATE staff_member SET last_name = ?1, first_name = ?2, patronymic = ?3, sex = ?4,
                 birth_date = ?5, snils = ?6, phone = ?7, email = ?8, education = ?9,
                 qualification_category = ?10, note = ?11, education_level = ?13,
                 pedagogical_education = ?14, category_awarded_on = ?15, experience_since = ?16,
                 pedagogical_experience_since = ?17, academic_degree = ?18, honorary_titles = ?19
                 WHERE id = ?12",
                values,
            )?;
            id
        }
        None => {
            conn.execute(
                "INSERT INTO staff_member (last_name, first_name, patronymic, sex, birth_date,
                 snils, phone, email, education, qualification_category, note, id,
                 education_level, pedagogical_education, category_awarded_on, experience_since,
                 pedagogical_experience_since, academic_degree, honorary_titles)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19)",
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
        write_appointment(conn, id, a)?;
    }
    Ok(id)
}

/// The order of a card's appointment in the book of orders on staff, found or made.
fn staff_order(conn: &Connection, order: &Order, title: &str) -> Result<Option<i64>> {
    Ok(orders::find_or_create(conn, Book::Staff, order, title, "")?.map(|o| o.id))
}

/// Writes one appointment of a card: changed in place when it has an id, else added. Which
/// appointment a transfer continued is kept as it was.
fn write_appointment(conn: &Connection, member_id: i64, a: &Appointment) -> Result<()> {
    let hire = staff_order(conn, &a.hire_order, HIRE_TITLE)?;
    let leave = staff_order(conn, &a.leave_order, LEAVE_TITLE)?;
    let reason = match a.left_on {
        Some(_) => people::clean(&a.leave_reason),
        None => String::new(),
    };
    let values = params![
        member_id,
        a.staff_position_id,
        a.rate,
        a.hired_on,
        hire,
        a.left_on,
        leave,
        reason,
        a.id,
    ];
    if a.id.is_some() {
        conn.execute(
            "UPDATE appointment SET staff_member_id = ?1, staff_position_id = ?2, rate = ?3,
             hired_on = ?4, hire_order_id = ?5, left_on = ?6, leave_order_id = ?7,
             leave_reason = ?8 WHERE id = ?9",
            values,
        )?;
    } else {
        conn.execute(
            "INSERT INTO appointment (staff_member_id, staff_position_id, rate, hired_on,
             hire_order_id, left_on, leave_order_id, leave_reason, id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            values,
        )?;
    }
    Ok(())
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
