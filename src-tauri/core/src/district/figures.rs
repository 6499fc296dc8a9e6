//! What a school sends to the district: the figures of its reports on a day, computed by the
//! same code as its own forms (class sizes, term results, movement), by class, level and
//! school. Labels are classes and levels; no name, birth date or other personal data is taken.

use crate::db::Db;
use crate::error::{CoreError, Problem, Result};
use crate::forms::{self, class_sizes, movement, oo1};
use crate::marks::results::{self, ResultsRowKind, COUNT_TITLES};
use chrono::NaiveDate;

/// What a row of a table is; stored as [`RowKind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Class,
    Level,
    School,
}

impl RowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Class => "class",
            RowKind::Level => "level",
            RowKind::School => "school",
        }
    }
}

impl From<class_sizes::RowKind> for RowKind {
    fn from(kind: class_sizes::RowKind) -> RowKind {
        match kind {
            class_sizes::RowKind::Class => RowKind::Class,
            class_sizes::RowKind::Subtotal => RowKind::Level,
            class_sizes::RowKind::School => RowKind::School,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    pub kind: RowKind,
    /// «5 А», «Итого 5–9 классы», «Всего по школе».
    pub label: String,
    pub values: Vec<f64>,
}

/// One table of a report, as the school's form has it.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureTable {
    /// The report kind the district asks for by: "class-sizes", "results", "movement", or
    /// an ОО-1 table's number after [`OO1_PREFIX`] ("oo1-2.1.1").
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<FigureRow>,
}

/// Everything one push sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub inn: String,
    /// The school's full name (the short one when the full is empty).
    pub name: String,
    pub on: NaiveDate,
    /// «2026-2027».
    pub year: String,
    pub tables: Vec<FigureTable>,
}

/// The column titles of class sizes in the district's tables: «Классов», then the form's.
pub fn class_sizes_columns() -> Vec<String> {
    let mut out = vec!["Классов".to_string()];
    out.extend(class_sizes::figure_titles());
    out
}

/// The column titles of students by grade, as form ОО-1 has them: grades 1–12 and «Всего».
pub fn grades_columns() -> Vec<String> {
    (1..=12)
        .map(|g| format!("{g} класс"))
        .chain(["Всего".to_string()])
        .collect()
}

/// The column titles of term results: the form's counts, then N and the successful, from
/// which the pass and quality rates are computed again for sums of schools.
pub fn results_columns() -> Vec<String> {
    let mut out: Vec<String> = COUNT_TITLES.iter().map(|t| t.to_string()).collect();
    out.extend(["Учитываемых (N)".to_string(), "Успевающих".to_string()]);
    out
}

/// The column titles of movement: the form's, the groups named in each («Прибыло: впервые»).
pub fn movement_columns() -> Vec<String> {
    let titles = movement::figure_titles();
    let arrivals = movement::ARRIVAL_COLUMNS + 1;
    titles
        .iter()
        .enumerate()
        .map(|(j, t)| match j {
            0 => t.clone(),
            j if j <= arrivals => format!("{}: {t}", movement::ARRIVED_TITLE),
            j if j < titles.len() - 1 => format!("{}: {t}", movement::LEFT_TITLE),
            _ => t.clone(),
        })
        .collect()
}

fn numbers(values: impl IntoIterator<Item = i32>) -> Vec<f64> {
    values.into_iter().map(f64::from).collect()
}

/// The school's figures on `on` (None: today, moved into the current year). A school without
/// an INN cannot be told from others: refused with what to fill in.
pub fn snapshot(db: &Db, on: Option<NaiveDate>) -> Result<Snapshot> {
    let card = crate::school::get(db)?;
    let inn = school_inn(&card)?;
    let year = forms::current_year(db)?;
    let year_id = forms::current_year_id(db)?;
    let on = forms::within(
        &year,
        on.unwrap_or_else(|| chrono::Local::now().date_naive()),
    );
    let mut tables = vec![
        class_sizes_table(db, year_id, on)?,
        grades_table(db, year_id, on)?,
    ];
    tables.extend(results_table(db, year_id, on)?);
    tables.push(movement_table(db, year_id, on)?);
    tables.extend(oo1_tables(db, on)?);
    Ok(Snapshot {
        inn,
        name: forms::school_name(&card),
        on,
        year: year.name,
        tables,
    })
}

/// The school card's INN, by which the district tells schools apart: refused when it is
/// empty or its check digits are wrong, saying what to fill in.
pub fn school_inn(card: &crate::school::School) -> Result<String> {
    let inn = card.inn.trim().to_string();
    if inn.is_empty() {
        return Err(CoreError::refused("inn", Problem::DistrictNoInn));
    }
    crate::validate::inn(&inn).map_err(|p| CoreError::refused("inn", p))?;
    Ok(inn)
}

fn class_sizes_table(db: &Db, year_id: i64, on: NaiveDate) -> Result<FigureTable> {
    let sizes = class_sizes::compute_in_year(db, year_id, Some(on))?;
    let rows = sizes
        .rows
        .iter()
        .map(|r| FigureRow {
            kind: r.kind.into(),
            label: r.label.clone(),
            values: numbers(std::iter::once(r.classes).chain(r.figures())),
        })
        .collect();
    Ok(FigureTable {
        id: "class-sizes".into(),
        title: format!("Наполняемость классов на {}", forms::ru_date(on)),
        columns: class_sizes_columns(),
        rows,
    })
}

/// Students by grade on `on`: the school's row only (its classes are in `class-sizes`).
fn grades_table(db: &Db, year_id: i64, on: NaiveDate) -> Result<FigureTable> {
    let mut students = vec![0.0; 13];
    for size in crate::classes::sizes(db, year_id, on)? {
        if let Ok(g @ 1..=12) = usize::try_from(size.grade) {
            students[g - 1] += f64::from(size.total);
            students[12] += f64::from(size.total);
        }
    }
    Ok(FigureTable {
        id: "class-sizes-grades".into(),
        title: format!(
            "Обучающиеся по классам (параллелям) на {}",
            forms::ru_date(on)
        ),
        columns: grades_columns(),
        rows: vec![FigureRow {
            kind: RowKind::School,
            label: "Всего по школе".into(),
            values: students,
        }],
    })
}

/// The results of the latest period begun by `on`; none before the first period begins.
fn results_table(db: &Db, year_id: i64, on: NaiveDate) -> Result<Option<FigureTable>> {
    let Some(period) = results::default_period(db, year_id, on)? else {
        return Ok(None);
    };
    let summary = results::summary(db, year_id, &period)?;
    let rows = summary
        .rows
        .iter()
        .map(|r| FigureRow {
            kind: match r.kind {
                ResultsRowKind::Class => RowKind::Class,
                ResultsRowKind::Level => RowKind::Level,
                ResultsRowKind::School => RowKind::School,
            },
            label: r.label.clone(),
            values: numbers(
                r.counts
                    .figures()
                    .into_iter()
                    .chain([r.counts.counted, r.counts.successful]),
            ),
        })
        .collect();
    Ok(Some(FigureTable {
        id: "results".into(),
        title: format!("Итоги успеваемости {}", summary.period_phrase()),
        columns: results_columns(),
        rows,
    }))
}

/// Movement from the year's first day to `on`.
fn movement_table(db: &Db, year_id: i64, on: NaiveDate) -> Result<FigureTable> {
    let (from, to) = movement::period_in_year(db, year_id, None, Some(on))?;
    let report = movement::compute(db, from, to)?;
    let rows = report
        .rows
        .iter()
        .map(|r| FigureRow {
            kind: r.kind.into(),
            label: r.label.clone(),
            values: numbers(r.figures()),
        })
        .collect();
    Ok(FigureTable {
        id: "movement".into(),
        title: format!(
            "Движение обучающихся с {} по {}",
            forms::ru_date(from),
            forms::ru_date(to)
        ),
        columns: movement_columns(),
        rows,
    })
}

/// What the ids of the ОО-1 tables begin with among the pushed tables.
pub const OO1_PREFIX: &str = "oo1-";

/// The ОО-1 tables on `on`, every row the school's («Обучающиеся», «7 лет», «Английский»):
/// counts by grade, age, language, education…, never a person.
fn oo1_tables(db: &Db, on: NaiveDate) -> Result<Vec<FigureTable>> {
    Ok(oo1::compute(db, on)?
        .tables
        .into_iter()
        .map(|t| FigureTable {
            id: format!("{OO1_PREFIX}{}", t.id),
            title: format!("{}. {}", t.id, t.title),
            columns: t.columns,
            rows: t
                .rows
                .into_iter()
                .map(|r| FigureRow {
                    kind: RowKind::School,
                    label: r.label,
                    values: r.values,
                })
                .collect(),
        })
        .collect())
}
