//! The staff list as a spreadsheet: import (with a preview), export and the empty template, on
//! the exchange engine (see docs/import-formats.md, «Сотрудники»).
//!
//! One row is one appointment: a staff member holding two positions takes two rows, the
//! person's columns repeated (or left empty in the second row). Rows are one person when they
//! have the same SNILS, else the same full name and birth date; what they say about the person
//! must agree. A person matches a staff member by SNILS, else by full name and birth date, so a
//! second import adds no one; a row matches the member's lasting appointment of its position.
//! The import never ends or removes an appointment: a file lists who works, and a dismissal is
//! entered in the card. It writes nothing while the file has errors (unless only the valid rows
//! are asked for), backs up the database file first and writes in one transaction.

use crate::db::{ru_key, Db};
use crate::error::{CoreError, FieldError, Problem, Result};
use crate::exchange::import::{self as common, today};
use crate::exchange::{
    fold_key, Cancel, CellError, Preview, Record, RowOutcome, Table, Value, Workbook,
};
use crate::people;
use crate::staff::{self, Appointment, StaffMember, StaffPosition, MAX_RATE};
use crate::validate;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What the user chose for an import.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, ts_rs::TS)]
#[ts(export, rename = "StaffImportOptions")]
pub struct Options {
    /// Add the positions the file names that the reference does not have.
    pub create_positions: bool,
    /// Import the valid rows of a file with errors (otherwise such a file imports nothing).
    pub valid_only: bool,
    /// Only preview: write nothing.
    pub dry_run: bool,
}

/// The positions reference as rows are matched to it; with `create`, positions it does not have
/// get stand-in ids (-1, -2 …) until the write creates them.
struct Positions {
    by_key: HashMap<String, (i64, String)>,
    known: String,
    new: Vec<String>,
    create: bool,
}

impl Positions {
    fn load(db: &Db, create: bool) -> Result<Positions> {
        let list = staff::positions(db)?;
        Ok(Positions {
            known: list
                .iter()
                .map(|p| format!("«{}»", p.name))
                .collect::<Vec<_>>()
                .join(", "),
            by_key: list
                .into_iter()
                .map(|p| (ru_key(&p.name), (p.id.unwrap_or_default(), p.name)))
                .collect(),
            new: Vec::new(),
            create,
        })
    }

    fn resolve(&mut self, text: &str) -> std::result::Result<(i64, String), Problem> {
        let name = people::clean(text);
        let key = ru_key(&name);
        if let Some(found) = self.by_key.get(&key) {
            return Ok(found.clone());
        }
        if !self.create {
            return Err(Problem::UnknownPosition {
                name,
                known: self.known.clone(),
            });
        }
        self.new.push(name.clone());
        let stand_in = (-(self.new.len() as i64), name);
        self.by_key.insert(key, stand_in.clone());
        Ok(stand_in)
    }
}

/// What one row says: the person's columns the file has (`Value::Empty` for an empty cell) and
/// the appointment.
type Values = BTreeMap<&'static str, Value>;

#[derive(Debug)]
struct RowAppointment {
    row: u32,
    position_id: i64,
    position: String,
    values: Values,
}

/// The rows of one person of the file.
#[derive(Debug)]
struct FilePerson {
    first_row: u32,
    values: Values,
    rows: Vec<RowAppointment>,
}

impl FilePerson {
    fn snils(&self) -> Option<&str> {
        self.values.get("snils").and_then(Value::as_text)
    }

    fn text(&self, key: &str) -> String {
        self.values
            .get(key)
            .and_then(Value::as_text)
            .unwrap_or_default()
            .to_string()
    }

    fn name_key(&self) -> (String, String) {
        person_key(
            &self.text("last_name"),
            &self.text("first_name"),
            &self.text("patronymic"),
            self.values.get("birth_date").and_then(Value::as_date),
        )
    }
}

/// Full name and birth date, as people are told apart without a SNILS.
fn person_key(
    last: &str,
    first: &str,
    patronymic: &str,
    birth: Option<NaiveDate>,
) -> (String, String) {
    (
        people::name_key(last, first, patronymic),
        birth
            .map(|b| b.format("%F").to_string())
            .unwrap_or_default(),
    )
}

/// Two cells say the same: texts up to case, spaces and «ё».
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => fold_key(x) == fold_key(y),
        _ => a == b,
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Number(n) => n.to_string().replace('.', ","),
        Value::Date(d) => d.format("%d.%m.%Y").to_string(),
        Value::Sex(s) => s.letter().to_string(),
    }
}

/// The people of the file as its rows are read, found again by SNILS or by name and birth date.
#[derive(Default)]
struct FilePeople {
    list: Vec<FilePerson>,
    by_snils: HashMap<String, usize>,
    by_name: HashMap<(String, String), usize>,
}

impl FilePeople {
    /// Adds a valid row to its person: a new one, or the person of an earlier row when the row
    /// agrees with it (see [`FilePerson::take`]); a row that does not gets its errors and is
    /// left out.
    fn place(&mut self, rec: &mut Record, values: Values, appointment: RowAppointment) {
        let probe = FilePerson {
            first_row: rec.row,
            values,
            rows: Vec::new(),
        };
        let index = match self.find(&probe) {
            None => {
                self.list.push(probe);
                self.list.len() - 1
            }
            Some(i) if self.list[i].take(rec, probe.values, &appointment) => i,
            Some(_) => return,
        };
        let person = &mut self.list[index];
        person.rows.push(appointment);
        if let Some(s) = person.snils() {
            self.by_snils.insert(s.to_string(), index);
        }
        self.by_name.insert(person.name_key(), index);
    }

    /// The person of an earlier row: the same SNILS, else the same name and birth date where
    /// one of the two has no SNILS (two SNILS that differ are two people).
    fn find(&self, probe: &FilePerson) -> Option<usize> {
        let snils = probe.snils();
        snils
            .and_then(|s| self.by_snils.get(s))
            .or_else(|| {
                self.by_name
                    .get(&probe.name_key())
                    .filter(|&&i| snils.is_none() || self.list[i].snils().is_none())
            })
            .copied()
    }
}

impl FilePerson {
    /// Takes another row of this person: what it says about the person must agree with the
    /// earlier rows (an empty cell agrees with anything and is filled from this row), and its
    /// position must be new to the person. Returns whether the row was taken.
    fn take(&mut self, rec: &mut Record, values: Values, appointment: &RowAppointment) -> bool {
        for (key, value) in &values {
            match self.values.get(key) {
                Some(old) if !old.is_empty() && !value.is_empty() && !same(old, value) => rec.fail(
                    key,
                    &Problem::StaffRowsDisagree {
                        row: self.first_row,
                        value: shown(old),
                    },
                ),
                _ => {}
            }
        }
        if let Some(other) = self
            .rows
            .iter()
            .find(|a| a.position_id == appointment.position_id)
        {
            rec.fail(
                "position",
                &Problem::PositionRepeated {
                    position: appointment.position.clone(),
                    row: other.row,
                },
            );
        }
        if !rec.is_valid() {
            return false;
        }
        for (key, value) in values {
            let old = self.values.entry(key).or_default();
            if old.is_empty() {
                *old = value;
            }
        }
        true
    }
}

/// The staff members as people are matched to them, read once per import.
struct Known {
    members: HashMap<i64, StaffMember>,
    by_snils: HashMap<String, i64>,
    by_person: HashMap<(String, String), Vec<i64>>,
}

impl Known {
    fn load(db: &Db) -> Result<Known> {
        let mut known = Known {
            members: HashMap::new(),
            by_snils: HashMap::new(),
            by_person: HashMap::new(),
        };
        for m in staff::all_members(db.conn())? {
            let id = m.id.unwrap_or_default();
            if !m.snils.is_empty() {
                known.by_snils.insert(m.snils.clone(), id);
            }
            known
                .by_person
                .entry(person_key(
                    &m.last_name,
                    &m.first_name,
                    &m.patronymic,
                    m.birth_date,
                ))
                .or_default()
                .push(id);
            known.members.insert(id, m);
        }
        Ok(known)
    }

    /// By SNILS, else by full name and birth date (one member only).
    fn find(&self, person: &FilePerson) -> Option<&StaffMember> {
        let by_snils = person.snils().and_then(|s| self.by_snils.get(s));
        let id = by_snils.or_else(|| match self.by_person.get(&person.name_key()) {
            Some(ids) if ids.len() == 1 => ids.first(),
            _ => None,
        })?;
        self.members.get(id)
    }
}

/// A person to write.
#[derive(Debug)]
struct Planned {
    member: StaffMember,
    changes: bool,
}

/// What the file would do: the preview, the people to write and the positions to create.
struct Plan {
    preview: Preview,
    people: Vec<Planned>,
    new_positions: Vec<String>,
}

/// What importing the file would do, writing nothing: the import as a dry run.
pub fn preview(db: &Db, path: &Path, options: &Options) -> Result<Preview> {
    let dry_run = Options {
        dry_run: true,
        ..options.clone()
    };
    import(db, path, &dry_run)
}

/// Imports the file: the preview, then (unless it is a dry run or errors block it) a backup of
/// the database file and the write in one transaction. Returns what was (or would be) done.
pub fn import(db: &Db, path: &Path, options: &Options) -> Result<Preview> {
    import_with_progress(db, path, options, &mut |_, _| {}, &Cancel::default())
}

/// [`import`] telling `progress(rows done, rows in all)` as the rows are checked (every 50 rows
/// and at the end), for a progress bar, and stopping when `cancel` is asked: then everything
/// is rolled back and the error is [`Problem::ImportCancelled`].
pub fn import_with_progress(
    db: &Db,
    path: &Path,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<Preview> {
    let book = Workbook::open(path)?;
    import_book(db, &book, options, today(), progress, cancel)
}

/// Whether errors keep the import from writing anything.
pub fn blocked(preview: &Preview, options: &Options) -> bool {
    common::blocked(preview, options.valid_only)
}

fn import_book(
    db: &Db,
    book: &Workbook,
    options: &Options,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<Preview> {
    // One read transaction: the lookups take the file's lock once, not each.
    let plan = db.read(|_| plan(db, book, options, today, progress, cancel))?;
    let changes = plan.people.iter().any(|p| p.changes);
    common::write_unless_blocked(
        db,
        "сотрудники",
        plan.preview,
        options.dry_run,
        options.valid_only,
        changes,
        |conn| {
            let mut created: HashMap<i64, i64> = HashMap::new();
            for planned in plan.people.iter().filter(|p| p.changes) {
                cancel.check()?;
                let mut m = planned.member.clone();
                for a in &mut m.appointments {
                    let stand_in = a.staff_position_id;
                    if stand_in >= 0 {
                        continue;
                    }
                    a.staff_position_id = match created.get(&stand_in) {
                        Some(id) => *id,
                        None => {
                            let name = &plan.new_positions[(-stand_in - 1) as usize];
                            let id = create_position(db, name)?;
                            created.insert(stand_in, id);
                            id
                        }
                    };
                }
                // The card passed staff::check while the plan was made (nothing was written
                // since), so only the write is left; errors still roll the whole import back.
                staff::write_checked(conn, &m)?;
            }
            Ok(())
        },
    )
}

/// Words of the positions that are pedagogical, as the pre-filled reference marks them.
const PEDAGOGICAL: [&str; 10] = [
    "учител",
    "педагог",
    "воспитател",
    "тьютор",
    "преподавател",
    "вожат",
    "логопед",
    "психолог",
    "методист",
    "концертмейстер",
];

/// Adds a position the file names, at the end of the reference; whether it is pedagogical is
/// told by its name (the user can change it in «Должности»).
fn create_position(db: &Db, name: &str) -> Result<i64> {
    let list = staff::positions(db)?;
    let key = ru_key(name);
    let position = StaffPosition {
        id: None,
        name: name.to_string(),
        is_pedagogical: PEDAGOGICAL.iter().any(|w| key.contains(w)),
        sort_order: list.iter().map(|p| p.sort_order).max().unwrap_or(0) + 10,
        uses: 0,
    };
    let saved = staff::save_position(db, &position)?;
    saved.id.ok_or(CoreError::NotFound {
        what: "Должность"
    })
}

fn plan(
    db: &Db,
    book: &Workbook,
    options: &Options,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<Plan> {
    let format = format();
    let table = match format.locate(book) {
        Ok(table) => table,
        Err(errors) => {
            return Ok(Plan {
                preview: Preview::failed(errors),
                people: Vec::new(),
                new_positions: Vec::new(),
            })
        }
    };
    let mut positions = Positions::load(db, options.create_positions)?;
    let mut preview = Preview::default();
    let mut file = FilePeople::default();
    let total = table.len();
    for (done, mut rec) in table.records().enumerate() {
        cancel.check()?;
        if done % 50 == 0 {
            progress(done, total);
        }
        if let Some((values, appointment)) = read_row(&table, &mut rec, &mut positions, today) {
            file.place(&mut rec, values, appointment);
        }
        preview.errors.extend(rec.errors.iter().cloned());
        preview.warnings.extend(rec.warnings.iter().cloned());
    }
    progress(total, total);

    let known = Known::load(db)?;
    let mut claimed: HashMap<i64, u32> = HashMap::new();
    let mut people = Vec::new();
    for person in &file.list {
        cancel.check()?;
        if let Some(planned) = plan_person(
            db,
            &known,
            &table,
            person,
            &mut claimed,
            &mut preview,
            today,
        )? {
            people.push(planned);
        }
    }
    preview.sort();
    Ok(Plan {
        preview,
        people,
        new_positions: positions.new,
    })
}

/// The row's own checks; a valid row's person columns and appointment.
fn read_row(
    table: &Table,
    rec: &mut Record,
    positions: &mut Positions,
    today: NaiveDate,
) -> Option<(Values, RowAppointment)> {
    if rec.date("birth_date").is_some_and(|b| b > today) {
        rec.fail("birth_date", &Problem::BirthDateInFuture);
    }
    let snils = rec.text("snils").map(str::to_string);
    if let Some(Err(problem)) = snils.as_deref().map(validate::snils) {
        rec.fail("snils", &problem);
    }
    let mut values = Values::new();
    for key in PERSON_KEYS.into_iter().filter(|k| table.has(k)) {
        let value = match key {
            "snils" => Value::text(validate::format_snils(snils.as_deref().unwrap_or_default())),
            _ => columns::person_value(rec, key),
        };
        values.insert(key, value);
    }
    if rec.number("rate").is_some_and(|r| r > MAX_RATE) {
        rec.fail("rate", &Problem::BadRate);
    }
    let position = rec
        .text("position")
        .map(|p| positions.resolve(p))
        .transpose()
        .unwrap_or_else(|problem| {
            rec.fail("position", &problem);
            None
        });
    common::warn_sex_by_patronymic(rec, "sex", "patronymic");
    let (position_id, position) = position.filter(|_| rec.is_valid())?;

    let appointment = RowAppointment {
        row: rec.row,
        position_id,
        position,
        values: APPOINTMENT_KEYS
            .into_iter()
            .filter(|k| table.has(k))
            .map(|k| (k, rec.get(k).clone()))
            .collect(),
    };
    Some((values, appointment))
}

fn text_of(values: &Values, key: &str) -> Option<String> {
    values
        .get(key)
        .map(|v| v.as_text().unwrap_or_default().to_string())
}

fn date_of(values: &Values, key: &str) -> Option<Option<NaiveDate>> {
    values.get(key).map(Value::as_date)
}

/// The member as the file leaves it: the stored card (or a new one) with every column the file
/// has written over it; a column the file does not have keeps what is stored.
fn apply_person(m: &mut StaffMember, values: &Values) {
    let set = |field: &mut String, key: &str| {
        if let Some(t) = text_of(values, key) {
            *field = t;
        }
    };
    set(&mut m.last_name, "last_name");
    set(&mut m.first_name, "first_name");
    set(&mut m.patronymic, "patronymic");
    set(&mut m.snils, "snils");
    set(&mut m.phone, "phone");
    set(&mut m.email, "email");
    set(&mut m.education, "education");
    if let Some(sex) = values.get("sex").and_then(Value::as_sex) {
        m.sex = sex;
    }
    if let Some(birth) = date_of(values, "birth_date") {
        m.birth_date = birth;
    }
    for key in [
        "category_awarded_on",
        "experience_since",
        "pedagogical_experience_since",
    ] {
        if let Some(day) = date_of(values, key) {
            *match key {
                "category_awarded_on" => &mut m.category_awarded_on,
                "experience_since" => &mut m.experience_since,
                _ => &mut m.pedagogical_experience_since,
            } = day;
        }
    }
    columns::apply_choices(m, |key| text_of(values, key));
}

/// The appointment of a row: the matching stored one with the row written over it, or a new
/// one (a full rate unless the row says otherwise).
fn apply_appointment(a: &mut Appointment, row: &RowAppointment) {
    if let Some(rate) = row.values.get("rate").and_then(Value::as_number) {
        a.rate = rate;
    }
    if let Some(hired) = date_of(&row.values, "hired_on") {
        a.hired_on = hired;
    }
    if let Some(number) = text_of(&row.values, "order_number") {
        a.hire_order.number = number;
    }
    if let Some(date) = date_of(&row.values, "order_date") {
        a.hire_order.date = date;
    }
}

fn new_appointment(row: &RowAppointment) -> Appointment {
    let mut a = Appointment {
        position_name: row.position.clone(),
        ..Appointment::new(row.position_id)
    };
    apply_appointment(&mut a, row);
    a
}

fn new_member() -> StaffMember {
    StaffMember::blank()
}

/// The person without the appointments, to tell whether the card itself changes.
fn card_only(m: &StaffMember) -> StaffMember {
    StaffMember {
        appointments: Vec::new(),
        ..m.clone()
    }
}

/// Matches a person of the file to a staff member, checks the card with the staff rules and
/// counts what each of the person's rows does. A refused person's rows all get an error.
fn plan_person(
    db: &Db,
    known: &Known,
    table: &Table,
    person: &FilePerson,
    claimed: &mut HashMap<i64, u32>,
    preview: &mut Preview,
    today: NaiveDate,
) -> Result<Option<Planned>> {
    let stored = known.find(person);
    if let Some(s) = stored {
        let id = s.id.unwrap_or_default();
        if let Some(&row) = claimed.get(&id) {
            for r in &person.rows {
                let problem = Problem::SameStaffMemberTwice {
                    row,
                    name: s.full_name(),
                };
                let column = table.header("last_name").unwrap_or_default();
                preview.errors.push(CellError::new(r.row, column, &problem));
            }
            return Ok(None);
        }
        claimed.insert(id, person.first_row);
    }
    let mut m = stored.cloned().unwrap_or_else(new_member);
    apply_person(&mut m, &person.values);
    let places = apply_rows(&mut m, &person.rows, today);
    match staff::check_with(db, &m, today, &|id| id < 0) {
        Ok(_) => {}
        Err(CoreError::Invalid(fields)) => {
            refuse(table, person, &places, fields, preview);
            return Ok(None);
        }
        Err(e) => return Err(e),
    }
    let mut changes = false;
    for outcome in outcomes(stored, &m, &places) {
        changes |= outcome != RowOutcome::Unchanged;
        preview.count(outcome);
    }
    Ok(Some(Planned { member: m, changes }))
}

/// Writes each row's appointment into the card: over the member's lasting appointment of the
/// same position (each taken once), else as a new one. Returns, row by row, where the
/// appointment is in the card and whether the row adds it.
fn apply_rows(
    m: &mut StaffMember,
    rows: &[RowAppointment],
    today: NaiveDate,
) -> Vec<(usize, bool)> {
    let mut places: Vec<(usize, bool)> = Vec::new();
    for row in rows {
        let found = m.appointments.iter().enumerate().position(|(j, a)| {
            a.staff_position_id == row.position_id
                && a.lasts_on(today)
                && !places.iter().any(|p| p.0 == j)
        });
        match found {
            Some(j) => {
                apply_appointment(&mut m.appointments[j], row);
                places.push((j, false));
            }
            None => {
                m.appointments.push(new_appointment(row));
                places.push((m.appointments.len() - 1, true));
            }
        }
    }
    places
}

/// What each row of a person does: adds its appointment, changes it (or, the first row, the
/// card), or leaves all as stored.
fn outcomes(
    stored: Option<&StaffMember>,
    m: &StaffMember,
    places: &[(usize, bool)],
) -> Vec<RowOutcome> {
    let card_changed = stored.is_none_or(|s| card_only(s) != card_only(m));
    places
        .iter()
        .enumerate()
        .map(|(k, &(j, added))| {
            let appointment_changed =
                stored.is_some_and(|s| s.appointments[j] != m.appointments[j]);
            if added {
                RowOutcome::Added
            } else if appointment_changed || (k == 0 && card_changed) {
                RowOutcome::Updated
            } else {
                RowOutcome::Unchanged
            }
        })
        .collect()
}

/// The card's field an error names (`snils`, `appointments.1.hire_order.date`) as the column
/// key of the format, with the appointment's place in the card for an appointment's field.
fn field_column(field: &str) -> (Option<usize>, &str) {
    let mut parts = field.splitn(3, '.');
    let (head, index, rest) = (parts.next(), parts.next(), parts.next());
    let appointment = index
        .and_then(|i| i.parse::<usize>().ok())
        .filter(|_| head == Some("appointments"));
    let key = match (appointment, rest.unwrap_or(head.unwrap_or_default())) {
        (Some(_), "rate") => "rate",
        (Some(_), "hired_on") => "hired_on",
        (Some(_), "hire_order.number") => "order_number",
        (Some(_), "hire_order.date" | "hire_order.series") => "order_date",
        (Some(_), _) | (None, "appointments") => "position",
        (None, other) => other,
    };
    (appointment, key)
}

/// The card's errors at the rows and columns they come from: a person's field at every row of
/// the person, an appointment's field at its row; the person's other rows are told why they are
/// not imported.
fn refuse(
    table: &Table,
    person: &FilePerson,
    places: &[(usize, bool)],
    fields: Vec<FieldError>,
    preview: &mut Preview,
) {
    let mut errors: Vec<CellError> = Vec::new();
    for f in fields {
        let (appointment, key) = field_column(&f.field);
        let column = table.header(key).unwrap_or_default().to_string();
        let rows: Vec<u32> = match appointment {
            Some(j) => places
                .iter()
                .zip(&person.rows)
                .filter(|((at, _), _)| *at == j)
                .map(|(_, r)| r.row)
                .collect(),
            None => person.rows.iter().map(|r| r.row).collect(),
        };
        // An appointment the file does not list (an earlier one of the card) is told at the
        // person's first row.
        let rows = if rows.is_empty() {
            vec![person.first_row]
        } else {
            rows
        };
        for row in rows {
            errors.push(CellError {
                row,
                column: column.clone(),
                message: f.message.clone(),
                code: "staff_card",
            });
        }
    }
    let with_errors: Vec<u32> = {
        let mut rows: Vec<u32> = errors.iter().map(|e| e.row).collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    };
    let listed = with_errors
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    for r in person.rows.iter().filter(|r| !with_errors.contains(&r.row)) {
        errors.push(CellError::new(
            r.row,
            "",
            &Problem::StaffRowNotImported {
                rows: listed.clone(),
            },
        ));
    }
    preview.errors.extend(errors);
}

mod columns;
#[cfg(test)]
mod tests;
mod write;

pub use columns::format;
use columns::{APPOINTMENT_KEYS, PERSON_KEYS};
pub use write::{export, template};
