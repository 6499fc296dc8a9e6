//! «Движение обучающихся» for a period (any two days of one academic year): per class, per level
//! and for the school — at the start, arrived (by where from), left (by reason), at the end —
//! and the list of the students who came, left or moved between classes. Computed once
//! ([`compute`]) from the year's placements, rendered as PDF ([`pdf`]) and .xlsx ([`xlsx`]).
//!
//! The figures follow from the placements alone, with the predicate of class sizes («studying
//! in C on D» = `starts_on <= D < left_on`): at the start = studying on the first day, at the end
//! = studying on the last day, arrived = a place in the class begun after the first day and by
//! the last, left = a place ended (its `left_on`) after the first day and by the last. So
//! start + arrived − left = end holds for every class. A place begun on the day another ended is
//! a transfer: «из других классов» of the class joined and «в другие классы» of the class left,
//! and not counted in a level's or the school's total when both classes are inside it, so the
//! identity holds for them too. Otherwise the movement of that day says where from or why.

use super::class_sizes::{RowKind, LEVELS};
use super::workbook;
use super::{ru_date, school_name, signature_name};
use crate::classes;
use crate::db::Db;
use crate::error::{CoreError, FieldError, Result};
use crate::movement::{self, DepartureReason, MovementKind, Origin};
use crate::print::{Certification, Column, DateLine, Document, PageSetup, Row, Table, TitleBlock};
use crate::school;
use crate::year::{self, AcademicYear};
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

/// Columns of arrivals: the four origins, «не указано», «из других классов».
pub const ARRIVAL_COLUMNS: usize = Origin::ALL.len() + 2;
/// Columns of departures: the reasons, «не указано», «в другие классы».
pub const DEPARTURE_COLUMNS: usize = DepartureReason::ALL.len() + 2;

/// One row: a class, a level's subtotal or the school's total.
#[derive(Debug, Clone, PartialEq)]
pub struct MovementRow {
    pub kind: RowKind,
    /// «5 А», «Итого 5–9 классы», «Всего по школе».
    pub label: String,
    /// Studying on the period's first day.
    pub start: i32,
    /// Arrivals by [`Origin::ALL`], then not stated, then from other classes of the school
    /// (of other levels, for a level's row; never for the school's).
    pub arrived_by: [i32; ARRIVAL_COLUMNS],
    /// Departures by [`DepartureReason::ALL`], then not stated, then to other classes.
    pub left_by: [i32; DEPARTURE_COLUMNS],
    /// Studying on the period's last day.
    pub end: i32,
}

impl MovementRow {
    fn empty(kind: RowKind, label: impl Into<String>) -> MovementRow {
        MovementRow {
            kind,
            label: label.into(),
            start: 0,
            arrived_by: [0; ARRIVAL_COLUMNS],
            left_by: [0; DEPARTURE_COLUMNS],
            end: 0,
        }
    }

    pub fn arrived(&self) -> i32 {
        self.arrived_by.iter().sum()
    }

    pub fn left(&self) -> i32 {
        self.left_by.iter().sum()
    }

    /// The row's figures as the table prints them, after the label: start, the arrivals and
    /// their total, the departures and their total, end.
    pub fn figures(&self) -> Vec<i32> {
        let mut out = vec![self.start];
        out.extend(self.arrived_by);
        out.push(self.arrived());
        out.extend(self.left_by);
        out.push(self.left());
        out.push(self.end);
        out
    }
}

/// A student who came, left or moved between classes in the period: the list under the table.
#[derive(Debug, Clone, PartialEq)]
pub struct MovementLine {
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub kind: MovementKind,
    /// «5 А», or «5 А → 5 Б» for a transfer.
    pub class: String,
    pub on: NaiveDate,
    /// «№ 12-у от 14.01.2027»; empty when none.
    pub order: String,
    /// Where from (an arrival), the reason and where to (a departure).
    pub detail: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct MovementReport {
    pub school: String,
    /// «2026-2027».
    pub year: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub director: String,
    /// Classes in order, each level closed by its subtotal, the school's total last.
    pub rows: Vec<MovementRow>,
    pub lines: Vec<MovementLine>,
}

impl MovementReport {
    pub fn school_total(&self) -> &MovementRow {
        self.rows
            .last()
            .expect("the school's total is always there")
    }

    pub fn classes(&self) -> impl Iterator<Item = &MovementRow> {
        self.rows.iter().filter(|r| r.kind == RowKind::Class)
    }
}

/// The academic year holding both days of the period; refused when `from` is after `to` or
/// the days are not of one year.
pub fn year_of_period(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<AcademicYear> {
    let refuse = |code: &str, message: String| {
        CoreError::Refused(FieldError {
            field: "period".into(),
            code: code.into(),
            message,
        })
    };
    if from > to {
        return Err(refuse(
            "period_reversed",
            format!(
                "Начало периода {} позже его конца {}: укажите даты по порядку.",
                ru_date(from),
                ru_date(to)
            ),
        ));
    }
    let holds = |y: &AcademicYear, d: NaiveDate| {
        y.starts_on.is_some_and(|s| s <= d) && y.ends_on.is_some_and(|e| d <= e)
    };
    let years = year::list(db)?;
    let Some(year) = years.iter().find(|y| holds(y, from)) else {
        return Err(refuse(
            "outside_year",
            format!(
                "{} не входит ни в один учебный год школы: движение считается за период внутри учебного года.",
                ru_date(from)
            ),
        ));
    };
    if !holds(year, to) {
        return Err(refuse(
            "outside_year",
            format!(
                "Период {} – {} выходит за учебный год {}: движение считается в пределах одного учебного года.",
                ru_date(from),
                ru_date(to),
                year.name
            ),
        ));
    }
    Ok(year.clone())
}

/// The period of a report in the year `academic_year_id`: the days given, the year's first and
/// last day for those left out. Refused when a day given lies outside that year.
pub fn period_in_year(
    db: &Db,
    academic_year_id: i64,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate)> {
    let year = year::get(db, academic_year_id)?;
    let (Some(starts), Some(ends)) = (year.starts_on, year.ends_on) else {
        return Err(CoreError::Refused(FieldError {
            field: "period".into(),
            code: "year_without_dates".into(),
            message: format!(
                "У учебного года {} не заданы даты начала и конца: задайте их в разделе «Учебные годы и периоды».",
                year.name
            ),
        }));
    };
    let (from, to) = (from.unwrap_or(starts), to.unwrap_or(ends));
    let found = year_of_period(db, from, to)?;
    if found.id != Some(academic_year_id) {
        return Err(CoreError::Refused(FieldError {
            field: "period".into(),
            code: "outside_year".into(),
            message: format!(
                "Период {} – {} относится к учебному году {}, а не к {}: укажите даты внутри {} или другой год.",
                ru_date(from),
                ru_date(to),
                found.name,
                year.name,
                year.name
            ),
        }));
    }
    Ok((from, to))
}

/// A stretch of a student's days in a class.
struct Place {
    student_id: i64,
    class_id: i64,
    starts_on: NaiveDate,
    left_on: Option<NaiveDate>,
}

impl Place {
    fn studying_on(&self, on: NaiveDate) -> bool {
        self.starts_on <= on && self.left_on.is_none_or(|l| l > on)
    }
}

/// An arrival into or a departure from a class in the period: its column, and the other class
/// for a transfer.
struct Event {
    class_id: i64,
    arrival: bool,
    column: usize,
    other_class: Option<i64>,
}

/// The year's places, by student and date; a place left on its first day is none.
fn places(db: &Db, year_id: i64) -> Result<Vec<Place>> {
    let mut stmt = db.conn().prepare(
        "SELECT student_id, class_id, starts_on, left_on FROM placement
          WHERE academic_year_id = ?1 AND (left_on IS NULL OR left_on > starts_on)
          ORDER BY student_id, starts_on, id",
    )?;
    let rows = stmt
        .query_map([year_id], |r| {
            Ok(Place {
                student_id: r.get(0)?,
                class_id: r.get(1)?,
                starts_on: r.get(2)?,
                left_on: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// (student, day, is arrival) → the column of the year's arrival or departure that day.
fn causes(db: &Db, year_id: i64) -> Result<HashMap<(i64, NaiveDate, bool), usize>> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT student_id, occurred_on, kind, coalesce(origin, departure_reason) FROM movement
          WHERE academic_year_id = ?1 AND kind IN ('arrival', 'departure')",
    )?;
    let rows = stmt.query_map(params![year_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, String>(2)? == "arrival",
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (student, on, arrival, code) = row?;
        let column = match (arrival, code) {
            (true, Some(c)) => Origin::ALL.iter().position(|o| o.code() == c),
            (false, Some(c)) => DepartureReason::ALL.iter().position(|o| o.code() == c),
            (_, None) => None,
        };
        let unstated = if arrival {
            Origin::ALL.len()
        } else {
            DepartureReason::ALL.len()
        };
        out.insert((student, on, arrival), column.unwrap_or(unstated));
    }
    Ok(out)
}

/// Every arrival and departure of a class in the period `from` (exclusive) – `to`.
fn events(
    places: &[Place],
    causes: &HashMap<(i64, NaiveDate, bool), usize>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Event> {
    let within = |d: NaiveDate| from < d && d <= to;
    let mut out = Vec::new();
    for (i, p) in places.iter().enumerate() {
        let same_student = |j: usize| places.get(j).filter(|q| q.student_id == p.student_id);
        if within(p.starts_on) {
            let before = i
                .checked_sub(1)
                .and_then(same_student)
                .filter(|q| q.left_on == Some(p.starts_on));
            out.push(match before {
                Some(q) => Event {
                    class_id: p.class_id,
                    arrival: true,
                    column: ARRIVAL_COLUMNS - 1,
                    other_class: Some(q.class_id),
                },
                None => Event {
                    class_id: p.class_id,
                    arrival: true,
                    column: causes
                        .get(&(p.student_id, p.starts_on, true))
                        .copied()
                        .unwrap_or(Origin::ALL.len()),
                    other_class: None,
                },
            });
        }
        if let Some(left) = p.left_on.filter(|l| within(*l)) {
            let after = same_student(i + 1).filter(|q| q.starts_on == left);
            out.push(match after {
                Some(q) => Event {
                    class_id: p.class_id,
                    arrival: false,
                    column: DEPARTURE_COLUMNS - 1,
                    other_class: Some(q.class_id),
                },
                None => Event {
                    class_id: p.class_id,
                    arrival: false,
                    column: causes
                        .get(&(p.student_id, left, false))
                        .copied()
                        .unwrap_or(DepartureReason::ALL.len()),
                    other_class: None,
                },
            });
        }
    }
    out
}

/// Adds to `row` the places and events of the classes `inside` holds; a transfer between two
/// of them is the row's own affair and not counted.
fn tally<'a>(
    row: &mut MovementRow,
    places: impl IntoIterator<Item = &'a Place>,
    events: impl IntoIterator<Item = &'a Event>,
    (from, to): (NaiveDate, NaiveDate),
    inside: impl Fn(i64) -> bool,
) {
    for p in places.into_iter().filter(|p| inside(p.class_id)) {
        row.start += i32::from(p.studying_on(from));
        row.end += i32::from(p.studying_on(to));
    }
    for e in events
        .into_iter()
        .filter(|e| inside(e.class_id) && !e.other_class.is_some_and(&inside))
    {
        if e.arrival {
            row.arrived_by[e.column] += 1;
        } else {
            row.left_by[e.column] += 1;
        }
    }
}

/// The movement of students from `from` to `to` (both days of one academic year).
pub fn compute(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<MovementReport> {
    let year = year_of_period(db, from, to)?;
    let year_id = year.id.ok_or(CoreError::NotFound {
        what: "Учебный год",
    })?;
    let classes = classes::list(db, year_id, from)?;
    let places = places(db, year_id)?;
    let events = events(&places, &causes(db, year_id)?, from, to);
    let grade_of: HashMap<i64, i32> = classes
        .iter()
        .map(|c| (c.class.id.unwrap_or_default(), c.class.grade))
        .collect();
    let period = (from, to);
    // A class's row reads only its own places and events: linear in the students.
    let mut of_class: HashMap<i64, (Vec<&Place>, Vec<&Event>)> = HashMap::new();
    for p in &places {
        of_class.entry(p.class_id).or_default().0.push(p);
    }
    for e in &events {
        of_class.entry(e.class_id).or_default().1.push(e);
    }
    let has_12 = grade_of.values().any(|g| *g == 12);
    let mut rows = Vec::new();
    for (first, last, label) in LEVELS {
        let label = if last == 12 && has_12 {
            "Итого 10–12 классы"
        } else {
            label
        };
        for class in classes
            .iter()
            .filter(|c| (first..=last).contains(&c.class.grade))
        {
            let id = class.class.id.unwrap_or_default();
            let mut row = MovementRow::empty(RowKind::Class, class.label.clone());
            if let Some((own_places, own_events)) = of_class.get(&id) {
                tally(
                    &mut row,
                    own_places.iter().copied(),
                    own_events.iter().copied(),
                    period,
                    |c| c == id,
                );
            }
            rows.push(row);
        }
        let mut subtotal = MovementRow::empty(RowKind::Subtotal, label);
        let in_level = |c: i64| grade_of.get(&c).is_some_and(|g| (first..=last).contains(g));
        tally(&mut subtotal, &places, &events, period, in_level);
        rows.push(subtotal);
    }
    let mut school = MovementRow::empty(RowKind::School, "Всего по школе");
    tally(&mut school, &places, &events, period, |_| true);
    rows.push(school);
    let card = school::get(db)?;
    Ok(MovementReport {
        school: school_name(&card),
        year: year.name,
        from,
        to,
        director: card.director.trim().to_string(),
        rows,
        lines: lines(db, year_id, period)?,
    })
}

/// The students who came, left or moved between classes after the first day and by the last,
/// by date.
fn lines(db: &Db, year_id: i64, (from, to): (NaiveDate, NaiveDate)) -> Result<Vec<MovementLine>> {
    let rows = movement::rows_where(
        db.conn(),
        "m.academic_year_id = ?1 AND m.kind IN ('arrival', 'departure', 'transfer')",
        year_id,
    )?;
    let births = birth_dates(db, year_id)?;
    Ok(rows
        .into_iter()
        .filter(|m| from < m.occurred_on && m.occurred_on <= to)
        .map(|m| {
            let class = match m.kind {
                MovementKind::Transfer => format!("{} → {}", m.from_class, m.to_class),
                _ => m.concerned_class().to_string(),
            };
            let detail = match m.kind {
                MovementKind::Arrival => [
                    m.origin.map(|o| o.label().to_string()).unwrap_or_default(),
                    m.came_from.clone(),
                ],
                MovementKind::Departure => [
                    m.departure_reason
                        .map(|r| r.short().to_string())
                        .unwrap_or_default(),
                    m.destination.clone(),
                ],
                _ => Default::default(),
            }
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(": ");
            MovementLine {
                birth_date: births.get(&m.student_id).copied(),
                full_name: m.student_name,
                kind: m.kind,
                class,
                on: m.occurred_on,
                order: movement::orders::text(&m.order),
                detail,
            }
        })
        .collect())
}

/// Birth dates of the students with movements in the year.
fn birth_dates(db: &Db, year_id: i64) -> Result<HashMap<i64, NaiveDate>> {
    let mut stmt = db.conn().prepare(
        "SELECT DISTINCT s.id, s.birth_date FROM movement m JOIN student s ON s.id = m.student_id
          WHERE m.academic_year_id = ?1",
    )?;
    let rows = stmt
        .query_map([year_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What the lines' kinds read in the list.
fn line_kind(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::Arrival => "Прибыл",
        MovementKind::Departure => "Выбыл",
        MovementKind::Transfer => "Переведён",
        MovementKind::StudyForm => "Форма обучения",
    }
}

pub const ARRIVED_TITLE: &str = "Прибыло";
pub const LEFT_TITLE: &str = "Выбыло";

/// Column titles after «Класс», the same in the PDF and the .xlsx: «На начало», the arrivals'
/// (under [`ARRIVED_TITLE`]), the departures' (under [`LEFT_TITLE`]), «На конец».
pub fn figure_titles() -> Vec<String> {
    let mut out = vec!["На начало".to_string()];
    out.extend(
        [
            "впервые",
            "из ОО своего региона",
            "из другого региона",
            "из-за рубежа",
        ]
        .map(String::from),
    );
    out.extend(["не указано", "из других классов", "всего"].map(String::from));
    out.extend(DepartureReason::ALL.iter().map(|r| r.short().to_string()));
    out.extend(["не указано", "в другие классы", "всего"].map(String::from));
    out.push("На конец".into());
    out
}

/// The first arrival column and the first departure column among the figures (after «Класс»).
const FIRST_ARRIVAL: usize = 1;
const FIRST_DEPARTURE: usize = FIRST_ARRIVAL + ARRIVAL_COLUMNS + 1;

fn title(r: &MovementReport) -> String {
    format!(
        "Движение обучающихся с {} по {}",
        ru_date(r.from),
        ru_date(r.to)
    )
}

/// The file name in «Документы Завуча» for `ext` ("pdf", "xlsx").
pub fn document_name(r: &MovementReport, ext: &str) -> String {
    super::documents::file_name(&title(r), ext)
}

fn period_line(r: &MovementReport) -> String {
    format!(
        "{} учебный год, за период с {} по {}",
        r.year,
        ru_date(r.from),
        ru_date(r.to)
    )
}

/// The report as PDF bytes: A4 landscape, the table by class with subtotals, then the list of
/// the students who moved, the director's signature.
pub fn pdf(r: &MovementReport) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(title(r))
        .running_header(&r.school);
    let total = r.school_total();
    doc.title_block(
        &TitleBlock::new("Движение обучающихся")
            .line(period_line(r))
            .line(format!(
                "На начало периода: {}, прибыло: {}, выбыло: {}, на конец периода: {}",
                total.start,
                total.arrived(),
                total.left(),
                total.end
            )),
    );
    let titles = figure_titles();
    let mut columns = vec![Column::new("Класс").mm(24.0)];
    for (i, t) in titles.into_iter().enumerate() {
        let col = i + 1;
        let grouped = (FIRST_ARRIVAL + 1..FIRST_ARRIVAL + 1 + ARRIVAL_COLUMNS + 1).contains(&col)
            || (FIRST_DEPARTURE + 1..FIRST_DEPARTURE + 1 + DEPARTURE_COLUMNS + 1).contains(&col);
        let column = Column::new(t).center();
        columns.push(if grouped {
            column.vertical()
        } else {
            column.mm(16.0)
        });
    }
    let mut table = Table::new(columns)
        .font_size(9.0)
        .header_font_size(8.0)
        .max_header_height(42.0)
        .group(ARRIVED_TITLE, FIRST_ARRIVAL + 1, ARRIVAL_COLUMNS + 1)
        .group(LEFT_TITLE, FIRST_DEPARTURE + 1, DEPARTURE_COLUMNS + 1);
    for row in &r.rows {
        let mut cells = vec![row.label.clone()];
        cells.extend(row.figures().into_iter().map(|n| match n {
            0 if row.kind == RowKind::Class => String::new(),
            n => n.to_string(),
        }));
        match row.kind {
            RowKind::Class => {
                table.row(cells);
            }
            RowKind::Subtotal | RowKind::School => {
                table.push(Row::new(cells).bold());
            }
        }
    }
    doc.table(&table);
    if !r.lines.is_empty() {
        doc.space(4.0);
        doc.title_block(
            &TitleBlock::new("Прибывшие, выбывшие и переведённые обучающиеся").sizes(11.0, 10.0),
        );
        doc.table(&lines_table(&r.lines));
    }
    doc.certification(
        &Certification::new()
            .signatory("Директор", signature_name(&r.director))
            .date(DateLine::Blank)
            .stamp(),
    );
    doc.finish()
}

fn lines_table(lines: &[MovementLine]) -> Table {
    let mut table = Table::new(vec![
        Column::new("№").mm(9.0).right(),
        Column::new("Фамилия, имя, отчество").mm(62.0),
        Column::new("Дата рождения").mm(22.0).center(),
        Column::new("Движение").mm(22.0),
        Column::new("Класс").mm(22.0).center(),
        Column::new("Дата").mm(20.0).center(),
        Column::new("Приказ").mm(36.0),
        Column::new("Откуда прибыл / причина, куда выбыл"),
    ])
    .font_size(9.0);
    for (i, l) in lines.iter().enumerate() {
        table.row([
            (i + 1).to_string(),
            l.full_name.clone(),
            l.birth_date.map(ru_date).unwrap_or_default(),
            line_kind(l.kind).to_string(),
            l.class.clone(),
            ru_date(l.on),
            l.order.clone(),
            l.detail.clone(),
        ]);
    }
    table
}

/// The same table as .xlsx for the district: title, school and period above, two header rows
/// (the arrivals' and departures' titles merged over their columns), a row per class, the
/// subtotals and the total in bold.
pub fn xlsx(r: &MovementReport) -> Result<Vec<u8>> {
    let formats = workbook::Formats::new();
    let header = &formats.header;
    let line = period_line(r);
    let heading = ["Движение обучающихся", r.school.as_str(), &line];
    workbook::book("Движение", heading, |sheet| {
        let (top, below) = (4, 5);
        sheet.merge_range(top, 0, below, 0, "Класс", header)?;
        sheet.set_column_width(0, 20)?;
        let groups = [
            (
                FIRST_ARRIVAL as u16 + 1,
                ARRIVAL_COLUMNS as u16 + 1,
                ARRIVED_TITLE,
            ),
            (
                FIRST_DEPARTURE as u16 + 1,
                DEPARTURE_COLUMNS as u16 + 1,
                LEFT_TITLE,
            ),
        ];
        let in_group = |col: u16| groups.iter().any(|(f, n, _)| (*f..f + n).contains(&col));
        for (j, t) in figure_titles().iter().enumerate() {
            let col = j as u16 + 1;
            if in_group(col) {
                sheet.write_string_with_format(below, col, t, header)?;
            } else {
                sheet.merge_range(top, col, below, col, t, header)?;
            }
            sheet.set_column_width(col, 11)?;
        }
        for (first, count, title) in groups {
            sheet.merge_range(top, first, top, first + count - 1, title, header)?;
        }
        sheet.set_row_height(below, 60)?;
        sheet.set_freeze_panes(below + 1, 1)?;
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(top, below)?;
        let rows = r.rows.iter().map(|row| {
            (
                row.kind != RowKind::Class,
                row.label.as_str(),
                row.figures(),
            )
        });
        workbook::figure_rows(sheet, below + 1, rows, &formats)
    })
}
