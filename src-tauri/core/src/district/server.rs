//! The district's side: the schema (migrated by refinery), a school's push (one transaction:
//! the school registered or renamed, its snapshot for the day replaced), who pushed for which
//! day, and the consolidated tables — a row per school and the district's total — summed by
//! PostgreSQL.

use super::connect::detail;
use super::figures::{self, Snapshot};
use crate::error::{CoreError, Result};
use crate::forms::ru_date;
use crate::marks::Rate;
use chrono::NaiveDate;
use postgres::error::SqlState;
use postgres::{Client, Transaction};
use serde::Serialize;

mod embedded {
    refinery::embed_migrations!("src/district/migrations");
}

/// A failed query told in Russian: an empty database points to `district init`.
fn failed(e: postgres::Error) -> CoreError {
    if e.code() == Some(&SqlState::UNDEFINED_TABLE) {
        return CoreError::District(
            "База управления образования не подготовлена: выполните \
             `zavuch-cli district init --url …`."
                .into(),
        );
    }
    CoreError::District(format!(
        "Сервер управления образования отказал: {}",
        detail(&e)
    ))
}

/// Creates the schema or brings it to this version; the migrations newly applied, by name.
pub fn init(client: &mut Client) -> Result<Vec<String>> {
    let report = embedded::migrations::runner().run(client).map_err(|e| {
        CoreError::District(format!(
            "Схему базы управления образования обновить не удалось: {e}"
        ))
    })?;
    Ok(report
        .applied_migrations()
        .iter()
        .map(|m| m.to_string())
        .collect())
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Pushed {
    pub inn: String,
    pub name: String,
    pub date: String,
    /// The district had not seen this INN: the school was registered.
    pub registered: bool,
    /// A snapshot of this school and day was there and was replaced.
    pub replaced: bool,
    #[ts(type = "number")]
    pub tables: usize,
    #[ts(type = "number")]
    pub figures: usize,
}

/// Sends the snapshot in one transaction: a failure anywhere leaves the previous snapshot of
/// the school and day as it was.
pub fn push(client: &mut Client, snapshot: &Snapshot) -> Result<Pushed> {
    let mut tx = client.transaction().map_err(failed)?;
    let pushed = write_snapshot(&mut tx, snapshot).map_err(failed)?;
    tx.commit().map_err(failed)?;
    Ok(pushed)
}

fn write_snapshot(
    tx: &mut Transaction,
    s: &Snapshot,
) -> std::result::Result<Pushed, postgres::Error> {
    // `xmax = 0` holds for a row this statement inserted, not for one it updated.
    let row = tx.query_one(
        "INSERT INTO school (inn, name) VALUES ($1, $2)
         ON CONFLICT (inn) DO UPDATE SET name = EXCLUDED.name
         RETURNING id, (xmax = 0) AS registered",
        &[&s.inn, &s.name],
    )?;
    let (school_id, registered): (i64, bool) = (row.get(0), row.get(1));
    let on = s.on.format("%Y-%m-%d").to_string();
    let replaced = tx.execute(
        "DELETE FROM snapshot WHERE school_id = $1 AND on_date = $2::text::date",
        &[&school_id, &on],
    )? > 0;
    let snapshot_id: i64 = tx
        .query_one(
            "INSERT INTO snapshot (school_id, on_date, year_name, app_version)
             VALUES ($1, $2::text::date, $3, $4) RETURNING id",
            &[&school_id, &on, &s.year, &env!("CARGO_PKG_VERSION")],
        )?
        .get(0);
    let mut figures = 0;
    for table in &s.tables {
        tx.execute(
            "INSERT INTO figure_table (snapshot_id, table_id, title, columns)
             VALUES ($1, $2, $3, $4)",
            &[&snapshot_id, &table.id, &table.title, &table.columns],
        )?;
        figures += write_figures(tx, snapshot_id, table)?;
    }
    Ok(Pushed {
        inn: s.inn.clone(),
        name: s.name.clone(),
        date: ru_date(s.on),
        registered,
        replaced,
        tables: s.tables.len(),
        figures,
    })
}

/// The table's figures in one statement (arrays unnested by the server).
fn write_figures(
    tx: &mut Transaction,
    snapshot_id: i64,
    table: &figures::FigureTable,
) -> std::result::Result<usize, postgres::Error> {
    let (mut row_no, mut kind, mut label, mut col_no, mut value) =
        (vec![], vec![], vec![], vec![], vec![]);
    for (i, row) in table.rows.iter().enumerate() {
        for (j, v) in row.values.iter().enumerate() {
            row_no.push(i as i32);
            kind.push(row.kind.as_str());
            label.push(row.label.as_str());
            col_no.push(j as i32);
            value.push(*v);
        }
    }
    tx.execute(
        "INSERT INTO figure (snapshot_id, table_id, row_no, row_kind, row_label, col_no, value)
         SELECT $1, $2, u.* FROM unnest($3::int4[], $4::text[], $5::text[], $6::int4[],
                                        $7::float8[]) AS u",
        &[
            &snapshot_id,
            &table.id,
            &row_no,
            &kind,
            &label,
            &col_no,
            &value,
        ],
    )?;
    Ok(value.len())
}

/// A school the district knows, with the days it pushed (dd.mm.yyyy, in order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolStatus {
    pub inn: String,
    pub name: String,
    pub dates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The day asked about, if any.
    pub date: Option<String>,
    pub schools: Vec<SchoolStatus>,
    /// With a day: the schools that have not pushed for it.
    pub not_pushed: Vec<SchoolStatus>,
}

pub fn status(client: &mut Client, on: Option<NaiveDate>) -> Result<Status> {
    let rows = client
        .query(
            "SELECT s.inn, s.name,
                    coalesce(array_agg(to_char(sn.on_date, 'DD.MM.YYYY') ORDER BY sn.on_date)
                             FILTER (WHERE sn.id IS NOT NULL), '{}')
             FROM school s LEFT JOIN snapshot sn ON sn.school_id = s.id
             GROUP BY s.id ORDER BY s.name, s.inn",
            &[],
        )
        .map_err(failed)?;
    let schools: Vec<SchoolStatus> = rows
        .iter()
        .map(|r| SchoolStatus {
            inn: r.get(0),
            name: r.get(1),
            dates: r.get(2),
        })
        .collect();
    let date = on.map(ru_date);
    let not_pushed = match &date {
        Some(d) => schools
            .iter()
            .filter(|s| !s.dates.contains(d))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    Ok(Status {
        date,
        schools,
        not_pushed,
    })
}

/// The consolidated reports the district asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    ClassSizes,
    Results,
    Movement,
    /// The students' tables of ОО-1 (section 2).
    Oo1,
    /// The ОО-1 tables of the pedagogical staff (section 3).
    Staff,
}

/// One consolidated table: the pushed table it sums and how it is titled.
struct TableSpec {
    id: String,
    title: String,
    /// The stored columns.
    columns: Vec<String>,
    /// The pass and quality rates follow, computed from the summed counts.
    rates: bool,
    /// A row per school and row of the form (summed by the row's label), not one per school.
    by_row: bool,
}

impl ReportKind {
    fn tables(self, client: &mut Client, on: NaiveDate) -> Result<Vec<TableSpec>> {
        let spec = |id: &str, what: &str, columns| TableSpec {
            id: id.into(),
            title: format!("{what} по школам района на {}", ru_date(on)),
            columns,
            rates: false,
            by_row: false,
        };
        Ok(match self {
            ReportKind::ClassSizes => vec![
                spec(
                    "class-sizes",
                    "Наполняемость классов",
                    figures::class_sizes_columns(),
                ),
                spec(
                    "class-sizes-grades",
                    "Обучающиеся по классам (параллелям)",
                    figures::grades_columns(),
                ),
            ],
            ReportKind::Results => vec![TableSpec {
                rates: true,
                ..spec("results", "Итоги успеваемости", figures::results_columns())
            }],
            ReportKind::Movement => vec![spec(
                "movement",
                "Движение обучающихся с начала учебного года",
                figures::movement_columns(),
            )],
            ReportKind::Oo1 => oo1_tables(client, on, "2.")?,
            ReportKind::Staff => oo1_tables(client, on, "3.")?,
        })
    }
}

/// The ОО-1 tables of `section` pushed for `on`, with the titles and columns the newest push
/// sent (a school running an older version keeps its own figures under the same ids).
fn oo1_tables(client: &mut Client, on: NaiveDate, section: &str) -> Result<Vec<TableSpec>> {
    let rows = client
        .query(
            "SELECT DISTINCT ON (t.table_id) t.table_id, t.title, t.columns
               FROM figure_table t JOIN snapshot sn ON sn.id = t.snapshot_id
              WHERE sn.on_date = $1::text::date AND starts_with(t.table_id, $2)
              ORDER BY t.table_id, sn.pushed_at DESC",
            &[
                &on.format("%Y-%m-%d").to_string(),
                &format!("{}{section}", figures::OO1_PREFIX),
            ],
        )
        .map_err(failed)?;
    let mut out: Vec<TableSpec> = rows
        .iter()
        .map(|r| TableSpec {
            id: r.get(0),
            title: format!("{} — по школам района", r.get::<_, String>(1)),
            columns: r.get(2),
            rates: false,
            by_row: true,
        })
        .collect();
    // «2.5.1» before «2.10»: by the numbers of the table's id.
    out.sort_by_key(|t| {
        t.id.trim_start_matches(figures::OO1_PREFIX)
            .split('.')
            .map(|n| n.parse::<u32>().unwrap_or(u32::MAX))
            .collect::<Vec<_>>()
    });
    Ok(out)
}

impl TableSpec {
    fn columns(&self) -> Vec<String> {
        let mut out = self.columns.clone();
        if self.rates {
            out.extend(["Успеваемость, %".to_string(), "Качество, %".to_string()]);
        }
        out
    }

    /// Rates from a row's summed counts, as the school's own form computes them.
    fn derived(&self, values: &[Option<f64>]) -> Vec<Option<f64>> {
        if !self.rates {
            return Vec::new();
        }
        let at = |j: usize| values.get(j).copied().flatten().unwrap_or(0.0) as i32;
        let (only_five, four_and_five, counted, successful) = (at(2), at(3), at(9), at(10));
        [
            Rate::of(successful, counted),
            Rate::of(only_five + four_and_five, counted),
        ]
        .map(|r| r.map(|r| r.value))
        .to_vec()
    }
}

/// A row of a consolidated table: a school (with its INN) or the district's total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    pub label: String,
    pub inn: Option<String>,
    /// By column; `null` for a rate with nobody to count.
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportTable {
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<ReportRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictReport {
    pub date: String,
    pub tables: Vec<ReportTable>,
}

/// The label of the district's total row.
pub const DISTRICT_TOTAL: &str = "Всего по району";

/// The report `kind` on `on`: its tables, each summed by PostgreSQL.
pub fn report(client: &mut Client, kind: ReportKind, on: NaiveDate) -> Result<DistrictReport> {
    let tables = kind
        .tables(client, on)?
        .iter()
        .map(|spec| {
            Ok(ReportTable {
                id: spec.id.clone(),
                title: spec.title.clone(),
                columns: spec.columns(),
                rows: consolidate(client, spec, on)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(DistrictReport {
        date: ru_date(on),
        tables,
    })
}

/// The school rows of the table `spec` of every school that pushed for `on`, summed by one
/// GROUPING SETS query (on the index of the schools' rows): per school and for the district —
/// or, for a table of several form rows (`by_row`), per school and row label («<school> ·
/// Обучающиеся») and for the district per label («Всего по району · Обучающиеся»). Labels are
/// unique within a school's table; the district's rows follow the schools' order of rows.
fn consolidate(client: &mut Client, spec: &TableSpec, on: NaiveDate) -> Result<Vec<ReportRow>> {
    let stored = spec.columns.len();
    let rows = client
        .query(
            // From each of the day's snapshots to its own figures by the primary key, so that
            // the time grows with the schools whatever the planner's statistics say: right
            // after a day's pushes, before autovacuum analyses them, it thinks the figure
            // table nearly empty and would scan it once per snapshot. `OFFSET 0` keeps the
            // LATERAL subquery from being flattened into that plan.
            "SELECT s.inn, s.name, f.label, f.col_no, sum(f.value),
                    grouping(s.inn) AS total, min(f.row_no) AS row_no
             FROM snapshot sn
             JOIN school s ON s.id = sn.school_id
             CROSS JOIN LATERAL (
                 SELECT row_no, col_no, value,
                        CASE WHEN $4 THEN row_label ELSE '' END AS label
                   FROM figure
                  WHERE snapshot_id = sn.id AND table_id = $2 AND row_kind = 'school'
                    AND col_no < $3
                 OFFSET 0
             ) f
             WHERE sn.on_date = $1::text::date
             GROUP BY GROUPING SETS ((s.inn, s.name, f.label, f.col_no), (f.label, f.col_no))
             ORDER BY total, s.name, s.inn, row_no, f.label, f.col_no",
            &[
                &on.format("%Y-%m-%d").to_string(),
                &spec.id,
                &(stored as i32),
                &spec.by_row,
            ],
        )
        .map_err(failed)?;
    let mut out: Vec<ReportRow> = Vec::new();
    let mut last_key = None;
    for r in &rows {
        let total = r.get::<_, i32>(5) == 1;
        let inn: Option<String> = if total { None } else { r.get(0) };
        let label: String = r.get(2);
        let key = Some((total, inn.clone(), label.clone()));
        if key != last_key {
            let whose = if total {
                DISTRICT_TOTAL.to_string()
            } else {
                r.get(1)
            };
            out.push(ReportRow {
                label: match spec.by_row {
                    true => format!("{whose} · {label}"),
                    false => whose,
                },
                inn,
                values: vec![None; stored],
            });
            last_key = key;
        }
        let col: i32 = r.get(3);
        if let Some(slot) = out
            .last_mut()
            .and_then(|row| row.values.get_mut(col as usize))
        {
            *slot = Some(r.get(4));
        }
    }
    if out.is_empty() && !spec.by_row {
        out.push(ReportRow {
            label: DISTRICT_TOTAL.into(),
            inn: None,
            values: vec![Some(0.0); stored],
        });
    }
    for row in &mut out {
        let derived = spec.derived(&row.values);
        row.values.extend(derived);
    }
    Ok(out)
}
