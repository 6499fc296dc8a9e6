//! Movement of students («Движение обучающихся»): every change of a student's place is a dated
//! event with its order — an arrival (зачисление, прибытие), a departure (выбытие), a transfer
//! between classes of the school, a change of study form. Each is one transaction that writes the
//! event (finding or making its order) and opens or closes the student's placements, so where a
//! student is on any day follows from them ([`placements`]). A student may leave and come back;
//! the history stays.
//!
//! Refused, with nothing written: an unknown student or class, a date outside the class's year,
//! a transfer into a class of another year or into the same class, a departure or transfer before
//! the student's arrival, an arrival before the student's birth date, an arrival of a student
//! who is in a class that day (two places at once), a departure of a student not studying that
//! day, a movement dated before one already recorded. An order dated after the movement it
//! orders is written, with a warning.

mod enrolment;
pub mod orders;
pub mod placements;

pub(crate) use enrolment::{enrolment_order, set_enrolment_order, Enrolments};

use crate::choice::choice_enum;
use crate::classes::{self, Class};
use crate::db::Db;
use crate::error::{CoreError, MovementProblem, Problem, Result, Saved, Warning};
use crate::forms::ru_date;
use crate::people::{self, Order};
use crate::students::{self, Student, StudyForm};
use crate::subgroups::{self, JoinedSubgroup};
use chrono::NaiveDate;
use placements::Placement;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice_enum! {
    /// What a movement is.
    pub enum MovementKind (fallback Arrival) {
        Arrival = "arrival", "Прибытие";
        Departure = "departure", "Выбытие";
        Transfer = "transfer", "Перевод в другой класс";
        StudyForm = "study_form", "Смена формы обучения";
    }
}

choice_enum! {
    /// Where an arriving student comes from, as the movement report counts arrivals.
    pub enum Origin (fallback SameRegion) {
        FirstEnrolment = "first_enrolment", "Впервые (первое зачисление)";
        SameRegion = "same_region", "Из образовательной организации своего региона";
        OtherRegion = "other_region", "Из другого региона";
        Abroad = "abroad", "Из-за рубежа";
    }
}

choice_enum! {
    /// Причина выбытия: the seed's rollover reasons and the usual ones of a movement report.
    pub enum DepartureReason (fallback Other) {
        Graduated = "graduated", "Завершил обучение";
        Repeating = "repeating", "Оставлен на повторное обучение";
        OtherSchool = "other_school", "Перевод в другую образовательную организацию";
        Vocational = "vocational", "Перевод в организацию среднего профессионального образования";
        FamilyEducation = "family_education", "Переход на семейное образование";
        OtherForm = "other_form", "Перевод на другую форму получения образования";
        IndividualCurriculum = "individual_curriculum", "Перевод на обучение по индивидуальному учебному плану";
        Other = "other", "Другие причины";
    }
}

impl DepartureReason {
    /// The wording of a movement report's column.
    pub fn short(&self) -> &'static str {
        match self {
            DepartureReason::Graduated => "завершил обучение",
            DepartureReason::Repeating => "оставлен на повторное обучение",
            DepartureReason::OtherSchool => "перевод в другую ОО",
            DepartureReason::Vocational => "перевод в СПО",
            DepartureReason::FamilyEducation => "семейное образование",
            DepartureReason::OtherForm => "смена формы обучения",
            DepartureReason::IndividualCurriculum => "перевод на ИУП",
            DepartureReason::Other => "другие причины",
        }
    }

    /// The reason a text names: its code, its full label or its short wording, in any case.
    pub fn parse(text: &str) -> std::result::Result<DepartureReason, MovementProblem> {
        let key = crate::db::ru_key(&people::clean(text)).replace('-', "_");
        DepartureReason::ALL
            .into_iter()
            .find(|r| {
                [r.code(), r.label(), r.short()]
                    .iter()
                    .any(|name| crate::db::ru_key(name) == key)
            })
            .ok_or_else(|| MovementProblem::UnknownDepartureReason {
                text: people::clean(text),
                known: DepartureReason::ALL
                    .iter()
                    .map(|r| format!("«{}» ({})", r.short(), r.code()))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

/// A movement as the student's history and the orders register show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Movement {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub student_id: i64,
    pub student_name: String,
    pub file_number: String,
    /// None for an enrolment dated before the years the file holds.
    #[ts(type = "number | null")]
    pub academic_year_id: Option<i64>,
    pub kind: MovementKind,
    pub occurred_on: NaiveDate,
    #[ts(type = "number | null")]
    pub from_class_id: Option<i64>,
    /// «5 А»; empty when none.
    pub from_class: String,
    #[ts(type = "number | null")]
    pub to_class_id: Option<i64>,
    pub to_class: String,
    pub origin: Option<Origin>,
    /// Where an arriving student comes from: «МБОУ СОШ № 5 г. Тулы».
    pub came_from: String,
    pub departure_reason: Option<DepartureReason>,
    /// Where a departing student goes: a school, a college, «Неизвестно».
    pub destination: String,
    pub study_form_from: Option<StudyForm>,
    pub study_form_to: Option<StudyForm>,
    #[ts(type = "number | null")]
    pub order_id: Option<i64>,
    /// The order's series, number and date; empty when there is none.
    pub order: Order,
    /// «№ 12-у от 14.01.2027»; empty when there is no order.
    pub order_text: String,
    pub note: String,
    /// «Перевод из 5 А в 5 Б»: the line of the history and the register.
    pub summary: String,
}

impl Movement {
    /// The class an order's register lists the movement under: the class joined, or the class
    /// left by a departure (or where the form changed).
    pub fn concerned_class(&self) -> &str {
        match self.kind {
            MovementKind::Arrival | MovementKind::Transfer => &self.to_class,
            MovementKind::Departure | MovementKind::StudyForm => &self.from_class,
        }
    }

    fn describe(&self) -> String {
        match self.kind {
            MovementKind::Arrival => {
                let mut text = if self.to_class.is_empty() {
                    "Зачисление в школу".to_string()
                } else {
                    format!("Прибытие в {}", self.to_class)
                };
                if !self.came_from.is_empty() {
                    text.push_str(&format!(" из {}", self.came_from));
                }
                if let Some(origin) = self.origin {
                    text.push_str(&format!(" ({})", origin.label().to_lowercase()));
                }
                text
            }
            MovementKind::Departure => {
                let mut text = match self.from_class.as_str() {
                    "" => "Выбытие".to_string(),
                    class => format!("Выбытие из {class}"),
                };
                if let Some(reason) = self.departure_reason {
                    text.push_str(&format!(": {}", reason.short()));
                }
                if !self.destination.is_empty() {
                    text.push_str(&format!(", {}", self.destination));
                }
                text
            }
            MovementKind::Transfer => format!("Перевод из {} в {}", self.from_class, self.to_class),
            MovementKind::StudyForm => format!(
                "Смена формы обучения: {} → {}",
                self.study_form_from.map_or("—", |f| f.label()),
                self.study_form_to.map_or("—", |f| f.label())
            ),
        }
    }
}

/// A movement written, with the subgroups the student was put in (or kept in) in the class
/// joined.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Moved {
    pub movement: Movement,
    pub subgroups: Vec<JoinedSubgroup>,
}

/// An arrival: a new student, or one who comes back, into a class on a day.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct Arrival {
    /// The student's card: a student of the school (`id` set) comes back; a new card whose file
    /// number a student of the school has is that student coming back (the name and birth date
    /// must agree); any other new card is a new student, checked as the card's save checks it.
    pub student: Student,
    #[ts(type = "number")]
    pub class_id: i64,
    pub on: NaiveDate,
    pub origin: Option<Origin>,
    pub came_from: String,
    pub order: Order,
    pub note: String,
}

/// A departure from the school on a day (the first day the student no longer studies).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct Departure {
    #[ts(type = "number")]
    pub student_id: i64,
    pub on: NaiveDate,
    pub reason: DepartureReason,
    pub destination: String,
    pub order: Order,
    pub note: String,
}

/// A transfer to another class of the same year on a day (the first day in the new class).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct Transfer {
    #[ts(type = "number")]
    pub student_id: i64,
    #[ts(type = "number")]
    pub to_class_id: i64,
    pub on: NaiveDate,
    pub order: Order,
    pub note: String,
}

/// A change of study form from a day; the class stays.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct StudyFormChange {
    #[ts(type = "number")]
    pub student_id: i64,
    pub on: NaiveDate,
    pub study_form: StudyForm,
    pub order: Order,
    pub note: String,
}

// ---------------------------------------------------------------------------------------------
// Reading

const SELECT: &str = "SELECT m.id, m.student_id, s.last_name, s.first_name, s.patronymic,
    s.file_number, m.academic_year_id, m.kind, m.occurred_on, m.from_class_id, fc.grade,
    fc.letter, m.to_class_id, tc.grade, tc.letter, m.origin, m.came_from, m.departure_reason,
    m.destination, m.study_form_from, m.study_form_to, m.order_id, o.series, o.number,
    o.issued_on, m.note
    FROM movement m
    JOIN student s ON s.id = m.student_id
    LEFT JOIN class fc ON fc.id = m.from_class_id
    LEFT JOIN class tc ON tc.id = m.to_class_id
    LEFT JOIN school_order o ON o.id = m.order_id";

fn class_label(r: &Row, id: usize) -> rusqlite::Result<String> {
    Ok(match r.get::<_, Option<i64>>(id)? {
        Some(_) => classes::label(r.get(id + 1)?, &r.get::<_, String>(id + 2)?),
        None => String::new(),
    })
}

fn from_row(r: &Row) -> rusqlite::Result<Movement> {
    let mut m = Movement {
        id: r.get(0)?,
        student_id: r.get(1)?,
        student_name: people::full_name(
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
        ),
        file_number: r.get(5)?,
        academic_year_id: r.get(6)?,
        kind: MovementKind::from_code(&r.get::<_, String>(7)?),
        occurred_on: r.get(8)?,
        from_class_id: r.get(9)?,
        from_class: class_label(r, 9)?,
        to_class_id: r.get(12)?,
        to_class: class_label(r, 12)?,
        origin: r
            .get::<_, Option<String>>(15)?
            .map(|c| Origin::from_code(&c)),
        came_from: r.get(16)?,
        departure_reason: r
            .get::<_, Option<String>>(17)?
            .map(|c| DepartureReason::from_code(&c)),
        destination: r.get(18)?,
        study_form_from: r
            .get::<_, Option<String>>(19)?
            .map(|c| StudyForm::from_code(&c)),
        study_form_to: r
            .get::<_, Option<String>>(20)?
            .map(|c| StudyForm::from_code(&c)),
        order_id: r.get(21)?,
        order: Order {
            series: r.get::<_, Option<String>>(22)?.unwrap_or_default(),
            number: r.get::<_, Option<String>>(23)?.unwrap_or_default(),
            date: r.get(24)?,
        },
        note: r.get(25)?,
        order_text: String::new(),
        summary: String::new(),
    };
    m.order_text = orders::text(&m.order);
    m.summary = m.describe();
    Ok(m)
}

/// Movements matching `condition` (over `m`, the movement, with `?1` = `param`), by date.
pub(crate) fn rows_where(conn: &Connection, condition: &str, param: i64) -> Result<Vec<Movement>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE {condition} ORDER BY m.occurred_on, m.id"
    ))?;
    let rows = stmt
        .query_map([param], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The student's movements, oldest first: the history on the card.
pub fn history(db: &Db, student_id: i64) -> Result<Vec<Movement>> {
    students::load(db.conn(), student_id)?;
    rows_where(db.conn(), "m.student_id = ?1", student_id)
}

fn load(conn: &Connection, id: i64) -> Result<Movement> {
    rows_where(conn, "m.id = ?1", id)?
        .pop()
        .ok_or(CoreError::NotFound {
            what: "Движение обучающегося",
        })
}

// ---------------------------------------------------------------------------------------------
// The rules

/// A student as the rules name them.
struct Who {
    id: i64,
    name: String,
    study_form: StudyForm,
    places: Vec<Placement>,
}

fn who(conn: &Connection, id: i64) -> Result<Who> {
    let s = students::load(conn, id)?;
    Ok(Who {
        id,
        name: s.full_name(),
        study_form: s.study_form,
        places: placements::of_student(conn, id)?,
    })
}

/// An academic year's name and days.
#[derive(Clone)]
struct YearDays {
    name: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

fn year_days(conn: &Connection, id: i64) -> Result<YearDays> {
    conn.prepare_cached("SELECT name, starts_on, ends_on FROM academic_year WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(YearDays {
                name: r.get(0)?,
                starts_on: r.get(1)?,
                ends_on: r.get(2)?,
            })
        })
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Учебный год",
        })
}

fn refused(problem: MovementProblem) -> CoreError {
    CoreError::refused("on", Problem::Movement(problem))
}

/// Refuses a date outside the class's year.
fn ensure_in_year(conn: &Connection, who: &Who, class: &Class, on: NaiveDate) -> Result<()> {
    let year = year_days(conn, class.academic_year_id)?;
    if on < year.starts_on || on > year.ends_on {
        return Err(refused(MovementProblem::DateOutsideYear {
            student: who.name.clone(),
            date: ru_date(on),
            class: class.label(),
            year: year.name,
        }));
    }
    Ok(())
}

/// Refuses an arrival dated before the student was born (as the roster import does).
fn ensure_born(conn: &Connection, student_id: i64, on: NaiveDate) -> Result<()> {
    let born = students::load(conn, student_id)?.birth_date;
    if born.is_some_and(|born| on < born) {
        return Err(CoreError::refused("on", Problem::BeforeBirth));
    }
    Ok(())
}

/// Refuses a movement dated before one already recorded in its year (or a place of the year
/// starting later): a year's history is written in the order of its dates. The next year's
/// places (a rollover made ahead) do not count.
fn ensure_latest(conn: &Connection, who: &Who, year_id: i64, on: NaiveDate) -> Result<()> {
    let later: Option<(String, NaiveDate)> = conn
        .prepare_cached(
            "SELECT kind, occurred_on FROM movement
              WHERE student_id = ?1 AND academic_year_id = ?3 AND occurred_on > ?2
              ORDER BY occurred_on LIMIT 1",
        )?
        .query_row(params![who.id, on, year_id], |r| {
            Ok((
                MovementKind::from_code(&r.get::<_, String>(0)?)
                    .label()
                    .to_lowercase(),
                r.get(1)?,
            ))
        })
        .optional()?;
    let place_later = who
        .places
        .iter()
        .find(|p| p.academic_year_id == year_id && p.starts_on > on)
        .map(|p| (format!("место в {}", p.class_label), p.starts_on));
    if let Some((what, date)) = later.or(place_later) {
        return Err(refused(MovementProblem::LaterMovement {
            student: who.name.clone(),
            date: ru_date(on),
            later: format!("{what} {}", ru_date(date)),
        }));
    }
    Ok(())
}

/// The place the student is in on `on`, or why a departure, transfer or change of form dated
/// so is refused: a date outside every year of the student's places, a date before the
/// student came, or a student who had left by then.
fn place_on(conn: &Connection, who: &Who, on: NaiveDate) -> Result<Placement> {
    if let Some(p) = who.places.iter().find(|p| p.covers(on)) {
        return Ok(p.clone());
    }
    let mut in_year = Vec::new();
    for p in &who.places {
        let year = year_days(conn, p.academic_year_id)?;
        if (year.starts_on..=year.ends_on).contains(&on) {
            in_year.push(p);
        }
    }
    let problem = if let Some(next) = in_year.iter().find(|p| p.starts_on > on) {
        MovementProblem::BeforeArrival {
            student: who.name.clone(),
            date: ru_date(on),
            class: next.class_label.clone(),
            since: ru_date(next.starts_on),
        }
    } else if let (true, Some(last)) = (in_year.is_empty(), who.places.last()) {
        MovementProblem::DateOutsideYear {
            student: who.name.clone(),
            date: ru_date(on),
            class: last.class_label.clone(),
            year: last.year_name.clone(),
        }
    } else {
        MovementProblem::NotStudying {
            student: who.name.clone(),
            date: ru_date(on),
        }
    };
    Err(refused(problem))
}

/// What a movement writes besides its student and date.
struct Event<'a> {
    kind: MovementKind,
    academic_year_id: i64,
    from_class_id: Option<i64>,
    to_class_id: Option<i64>,
    origin: Option<Origin>,
    came_from: &'a str,
    departure_reason: Option<DepartureReason>,
    destination: &'a str,
    study_form: Option<(StudyForm, StudyForm)>,
    order: &'a Order,
    note: &'a str,
}

impl<'a> Event<'a> {
    fn new(kind: MovementKind, academic_year_id: i64, order: &'a Order, note: &'a str) -> Self {
        Event {
            kind,
            academic_year_id,
            from_class_id: None,
            to_class_id: None,
            origin: None,
            came_from: "",
            departure_reason: None,
            destination: "",
            study_form: None,
            order,
            note,
        }
    }
}

/// Writes the movement with its order (found or made; an order typed without a date is dated
/// the movement's day), inside the caller's transaction; warns when the order is dated after
/// the movement.
fn record(
    conn: &Connection,
    student_id: i64,
    on: NaiveDate,
    e: &Event,
) -> Result<(i64, Vec<Warning>)> {
    let (order, warnings) = orders::of_event(
        conn,
        orders::Book::Students,
        e.order,
        on,
        orders::title_of(e.kind),
        orders::PARENTS_APPLICATION,
    )?;
    conn.prepare_cached(
        "INSERT INTO movement (student_id, academic_year_id, kind, occurred_on, from_class_id,
             to_class_id, origin, came_from, departure_reason, destination, study_form_from,
             study_form_to, order_id, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        student_id,
        e.academic_year_id,
        e.kind.code(),
        on,
        e.from_class_id,
        e.to_class_id,
        e.origin.map(|o| o.code()),
        people::clean(e.came_from),
        e.departure_reason.map(|r| r.code()),
        people::clean(e.destination),
        e.study_form.map(|f| f.0.code()),
        e.study_form.map(|f| f.1.code()),
        order.map(|o| o.id),
        e.note.trim(),
    ])?;
    Ok((conn.last_insert_rowid(), warnings))
}

fn moved(
    conn: &Connection,
    id: i64,
    subgroups: Vec<JoinedSubgroup>,
    warnings: Vec<Warning>,
) -> Result<Saved<Moved>> {
    Ok(Saved {
        value: Moved {
            movement: load(conn, id)?,
            subgroups,
        },
        warnings,
    })
}

// ---------------------------------------------------------------------------------------------
// Movements

/// The student an arrival is about, and the warnings of a new card: a student of the school by
/// id or by the card's file number (then the name and birth date must be the stored ones), or a
/// new student written from the card, checked as the card's save checks it.
fn arriving_student(db: &Db, a: &Arrival, today: NaiveDate) -> Result<(i64, Vec<Warning>)> {
    let conn = db.conn();
    if let Some(id) = a.student.id {
        students::load(conn, id)?;
        return Ok((id, Vec::new()));
    }
    if let Some(id) = students::find_by_file_number(db, &a.student.file_number)? {
        let stored = students::load(conn, id)?;
        let card = &a.student;
        let same = people::name_key(&stored.last_name, &stored.first_name, &stored.patronymic)
            == people::name_key(&card.last_name, &card.first_name, &card.patronymic)
            && stored.birth_date == card.birth_date;
        if !same {
            let typed = match card.birth_date {
                Some(born) => format!("{}, {}", card.full_name(), ru_date(born)),
                None => card.full_name(),
            };
            return Err(CoreError::refused(
                "file_number",
                Problem::Movement(MovementProblem::OtherPerson {
                    number: stored.file_number.clone(),
                    name: format!(
                        "{}, {}",
                        stored.full_name(),
                        stored.birth_date.map(ru_date).unwrap_or_default()
                    ),
                    typed,
                }),
            ));
        }
        return Ok((id, Vec::new()));
    }
    let card = Student {
        class_id: Some(a.class_id),
        ..a.student.clone()
    };
    let warnings = students::check(db, &card, today)?;
    Ok((students::write_card(conn, &card)?, warnings))
}

/// Enrols a new student, or one who comes back, into a class from a day: the arrival with its
/// order, a place in the class from that day, a subgroup of each split of the class. `today` is
/// the day a new card's birth date may not lie after.
pub fn arrive(db: &Db, a: &Arrival, today: NaiveDate) -> Result<Saved<Moved>> {
    orders::check(&a.order)?;
    db.write(|conn| {
        let class = classes::load(conn, a.class_id)?;
        let (student_id, mut warnings) = arriving_student(db, a, today)?;
        let who = who(conn, student_id)?;
        ensure_in_year(conn, &who, &class, a.on)?;
        ensure_born(conn, student_id, a.on)?;
        ensure_latest(conn, &who, class.academic_year_id, a.on)?;
        if let Some(p) = who.places.iter().find(|p| p.covers(a.on)) {
            return Err(refused(MovementProblem::AlreadyPlaced {
                student: who.name.clone(),
                class: p.class_label.clone(),
                since: ru_date(p.starts_on),
            }));
        }
        placements::open(conn, student_id, a.class_id, a.on)?;
        let event = Event {
            to_class_id: Some(a.class_id),
            origin: a.origin,
            came_from: &a.came_from,
            ..Event::new(
                MovementKind::Arrival,
                class.academic_year_id,
                &a.order,
                &a.note,
            )
        };
        let (id, more) = record(conn, student_id, a.on, &event)?;
        warnings.extend(more);
        let joined = subgroups::join_class_splits(db, student_id, a.class_id, a.on)?;
        moved(conn, id, joined, warnings)
    })
}

/// Records a departure: the student's place ends on that day (the first day not studying) and
/// a place of a later year made ahead is dropped; the student stays in the class's list of the
/// year and in the subgroups (as gone).
pub fn leave(db: &Db, d: &Departure) -> Result<Saved<Moved>> {
    orders::check(&d.order)?;
    db.write(|conn| {
        let who = who(conn, d.student_id)?;
        let place = place_on(conn, &who, d.on)?;
        ensure_latest(conn, &who, place.academic_year_id, d.on)?;
        placements::close(conn, place.id, d.on)?;
        // A place of a later year made ahead (the rollover) never begins.
        conn.prepare_cached(
            "DELETE FROM placement WHERE student_id = ?1 AND academic_year_id <> ?2
                AND starts_on > ?3",
        )?
        .execute(params![d.student_id, place.academic_year_id, d.on])?;
        let event = Event {
            from_class_id: Some(place.class_id),
            departure_reason: Some(d.reason),
            destination: &d.destination,
            ..Event::new(
                MovementKind::Departure,
                place.academic_year_id,
                &d.order,
                &d.note,
            )
        };
        let (id, warnings) = record(conn, d.student_id, d.on, &event)?;
        moved(conn, id, Vec::new(), warnings)
    })
}

/// Transfers a student to another class of the same year from a day: the old place ends and the
/// new one starts that day; the student joins a subgroup of each split of the new class.
pub fn transfer(db: &Db, t: &Transfer) -> Result<Saved<Moved>> {
    orders::check(&t.order)?;
    db.write(|conn| {
        let target = classes::load(conn, t.to_class_id)?;
        let who = who(conn, t.student_id)?;
        if !who.places.iter().any(|p| p.covers(t.on)) {
            ensure_in_year(conn, &who, &target, t.on)?;
        }
        let place = place_on(conn, &who, t.on)?;
        if target.academic_year_id != place.academic_year_id {
            return Err(CoreError::refused(
                "to_class_id",
                Problem::Movement(MovementProblem::ClassOfOtherYear {
                    student: who.name.clone(),
                    class: target.label(),
                    year: place.year_name.clone(),
                    other_year: year_days(conn, target.academic_year_id)?.name,
                }),
            ));
        }
        if target.id == Some(place.class_id) {
            return Err(CoreError::refused(
                "to_class_id",
                Problem::Movement(MovementProblem::SameClass {
                    student: who.name.clone(),
                    class: place.class_label.clone(),
                }),
            ));
        }
        ensure_latest(conn, &who, place.academic_year_id, t.on)?;
        placements::close(conn, place.id, t.on)?;
        placements::open(conn, t.student_id, t.to_class_id, t.on)?;
        let event = Event {
            from_class_id: Some(place.class_id),
            to_class_id: Some(t.to_class_id),
            ..Event::new(
                MovementKind::Transfer,
                place.academic_year_id,
                &t.order,
                &t.note,
            )
        };
        let (id, warnings) = record(conn, t.student_id, t.on, &event)?;
        let joined = subgroups::join_class_splits(db, t.student_id, t.to_class_id, t.on)?;
        moved(conn, id, joined, warnings)
    })
}

/// Changes the student's study form from a day (the card shows the new form); the class stays.
pub fn change_study_form(db: &Db, c: &StudyFormChange) -> Result<Saved<Moved>> {
    orders::check(&c.order)?;
    db.write(|conn| {
        let who = who(conn, c.student_id)?;
        let place = place_on(conn, &who, c.on)?;
        if who.study_form == c.study_form {
            return Err(CoreError::refused(
                "study_form",
                Problem::Movement(MovementProblem::SameStudyForm {
                    student: who.name.clone(),
                    form: c.study_form.label().to_string(),
                }),
            ));
        }
        ensure_latest(conn, &who, place.academic_year_id, c.on)?;
        conn.prepare_cached("UPDATE student SET study_form = ?2 WHERE id = ?1")?
            .execute(params![c.student_id, c.study_form.code()])?;
        let event = Event {
            from_class_id: Some(place.class_id),
            study_form: Some((who.study_form, c.study_form)),
            ..Event::new(
                MovementKind::StudyForm,
                place.academic_year_id,
                &c.order,
                &c.note,
            )
        };
        let (id, warnings) = record(conn, c.student_id, c.on, &event)?;
        moved(conn, id, Vec::new(), warnings)
    })
}

/// Moves a group at once (students chosen in a class list, one order): every movement is
/// written, or none when one is refused — the refusal names its student.
pub fn all<T>(
    db: &Db,
    items: &[T],
    one: impl Fn(&Db, &T) -> Result<Saved<Moved>>,
) -> Result<Saved<Vec<Moved>>> {
    db.write(|_| {
        let mut value = Vec::with_capacity(items.len());
        let mut warnings = Vec::new();
        for item in items {
            let saved = one(db, item)?;
            value.push(saved.value);
            warnings.extend(saved.warnings);
        }
        Ok(Saved { value, warnings })
    })
}

/// The student with this personal file number, or a refusal naming the number.
pub fn student_by_file_number(db: &Db, file_number: &str) -> Result<i64> {
    students::find_by_file_number(db, file_number)?.ok_or_else(|| {
        CoreError::refused(
            "file_number",
            Problem::Movement(MovementProblem::UnknownFileNumber {
                number: people::clean(file_number),
            }),
        )
    })
}

/// The class a label names for a movement on `on`: of the year holding the day, else of the
/// current year, else of the latest year that has it (the movement's rules then say what is
/// wrong with the date or the year); refused when no year has such a class.
pub fn class_for(db: &Db, label: &str, on: NaiveDate) -> Result<Class> {
    let mut stmt = db.conn().prepare(
        "SELECT id FROM academic_year
          ORDER BY ?1 BETWEEN starts_on AND ends_on DESC, is_current DESC, starts_on DESC",
    )?;
    let years: Vec<i64> = stmt
        .query_map([on], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for year in years {
        if let Some(class) = classes::find_by_label(db, year, label)? {
            return Ok(class);
        }
    }
    let problem = match classes::parse_label(label) {
        Some((grade, letter)) => Problem::UnknownClass {
            label: classes::label(grade, &letter),
        },
        None => Problem::NotAClass {
            value: people::clean(label),
        },
    };
    Err(CoreError::refused("class", problem))
}

/// The day the student left the school, when their last arrival or departure by `on` is a
/// departure.
pub(crate) fn left_school_by(
    conn: &Connection,
    student_id: i64,
    on: NaiveDate,
) -> Result<Option<NaiveDate>> {
    let last: Option<(String, NaiveDate)> = conn
        .prepare_cached(
            "SELECT kind, occurred_on FROM movement
              WHERE student_id = ?1 AND occurred_on <= ?2 AND kind IN ('arrival', 'departure')
              ORDER BY occurred_on DESC, id DESC LIMIT 1",
        )?
        .query_row(params![student_id, on], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(last.and_then(|(kind, day)| (kind == MovementKind::Departure.code()).then_some(day)))
}

#[cfg(test)]
mod tests;
