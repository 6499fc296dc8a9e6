//! `zavuch-cli report movement` (the figures as JSON or text), `report package` (the district
//! package, `zavuch_core::reports`), and the movement forms of `print` and `export`: the movement report, the alphabet book, the orders register and an order's draft.

use crate::print::{parse_date, write};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use zavuch_core::forms::class_sizes::{self, RowKind};
use zavuch_core::forms::movement::{self, MovementReport, MovementRow};
use zavuch_core::forms::oo1;
use zavuch_core::forms::ru_date;
use zavuch_core::forms::{alphabet_book, orders, staff_composition, tariff};
use zavuch_core::movement::{DepartureReason, Origin};
use zavuch_core::{reports, CoreError, Db, FieldError};

/// The period of a movement report: two days of one academic year, by default the whole year.
#[derive(Args)]
pub struct Period {
    /// Первый день периода, ДД.ММ.ГГГГ (по умолчанию первый день учебного года)
    #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Последний день периода, ДД.ММ.ГГГГ (по умолчанию последний день учебного года)
    #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
}

impl Period {
    /// The movement report of the period inside the year `year`.
    fn report(&self, db: &Db, year: i64) -> Result<MovementReport, CoreError> {
        let (from, to) = movement::period_in_year(db, year, self.from, self.to)?;
        movement::compute(db, from, to)
    }
}

#[derive(Subcommand)]
pub enum ReportCommand {
    /// «Движение обучающихся» за период: по классам, уровням и школе — на начало, прибыло, выбыло, на конец
    Movement {
        #[command(flatten)]
        period: Period,
        /// Вывести в формате JSON
        #[arg(long)]
        json: bool,
    },
    /// Итоги успеваемости за период для управления образования: по классам, уровням и школе, с СОУ и списками отличников и неуспевающих
    Results {
        /// Период: "1 четверть", "2 полугодие", "Год" (по умолчанию последний начавшийся)
        #[arg(long, value_name = "ПЕРИОД")]
        period: Option<String>,
        /// Вывести в формате JSON
        #[arg(long)]
        json: bool,
    },
    /// Пакет отчётов для управления образования на день: все отчёты в PDF и Excel в папке «<ИНН> <школа> на ДД.ММ.ГГГГ» с описью SHA-256 (проверка: sha256sum -c manifest-sha256.txt); печатает путь к папке
    Package {
        /// День отчётов, ДД.ММ.ГГГГ (например, 20.09.2026 — день формы ОО-1)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: NaiveDate,
        /// Папка, в которой создаётся папка пакета
        #[arg(short = 'o', long = "output", value_name = "ПАПКА")]
        output: PathBuf,
    },
    /// Таблицы формы ОО-1 на дату: классы и обучающиеся по параллелям, ОВЗ, возраст, языки, выбывшие, выпуск, педагогические работники
    Oo1 {
        /// День, ДД.ММ.ГГГГ (по умолчанию 20 сентября учебного года)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Вывести в формате JSON
        #[arg(long, conflicts_with = "output")]
        json: bool,
        /// Сохранить в .pdf или .xlsx (по расширению)
        #[arg(
            short = 'o',
            long = "output",
            value_name = "ФАЙЛ.pdf|ФАЙЛ.xlsx",
            required_unless_present = "json"
        )]
        output: Option<PathBuf>,
    },
    /// «Тарификационный список» педагогических работников: образование, стаж, категория, часы по I–IV, V–IX, X–XI классам
    Tariff(StaffReportArgs),
    /// «Кадровый состав»: сотрудники с образованием, категорией, стажем, возрастом и итоги по группам
    Staff(StaffReportArgs),
}

/// The day and the file of the staff reports.
#[derive(Args)]
pub struct StaffReportArgs {
    /// День, ДД.ММ.ГГГГ (по умолчанию 1 сентября учебного года)
    #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Файл отчёта: .pdf или .xlsx
    #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf|ФАЙЛ.xlsx")]
    output: PathBuf,
}

impl ReportCommand {
    pub fn json(&self) -> bool {
        match self {
            ReportCommand::Movement { json, .. }
            | ReportCommand::Results { json, .. }
            | ReportCommand::Oo1 { json, .. } => *json,
            ReportCommand::Package { .. } | ReportCommand::Tariff(_) | ReportCommand::Staff(_) => {
                false
            }
        }
    }
}

pub fn run(db: &Db, year: i64, command: ReportCommand) -> Result<(), CoreError> {
    match command {
        ReportCommand::Movement { period, json } => {
            let r = period.report(db, year)?;
            let text = if json {
                crate::to_json(&report_json(&r))?
            } else {
                report_text(&r)
            };
            crate::print_out(&text)?;
        }
        ReportCommand::Results { period, json } => {
            crate::results::report_results(db, year, period.as_deref(), json)?
        }
        ReportCommand::Package { date, output } => {
            let package = reports::write_package(db, year, date, &output, &mut |_, _| {})?;
            for why in &package.absent {
                eprintln!("Не составлен: {why}");
            }
            println!("{}", package.folder);
        }
        ReportCommand::Tariff(StaffReportArgs { date, output }) => {
            let form = tariff::save(db, year, date, &output)?;
            println!(
                "Тарификационный список на {}: педагогических работников {} → {}",
                ru_date(form.on),
                form.rows.len(),
                output.display()
            );
        }
        ReportCommand::Staff(StaffReportArgs { date, output }) => {
            let form = staff_composition::save(db, year, date, &output)?;
            println!(
                "Кадровый состав на {}: работников {} → {}",
                ru_date(form.on),
                form.rows.len(),
                output.display()
            );
        }
        ReportCommand::Oo1 { date, output, .. } => report_oo1(db, year, date, output.as_deref())?,
    }
    Ok(())
}

/// `report oo1`: the JSON of every table, or the PDF or .xlsx the output's extension names.
fn report_oo1(
    db: &Db,
    year: i64,
    date: Option<NaiveDate>,
    output: Option<&Path>,
) -> Result<(), CoreError> {
    let on = match date {
        Some(d) => d,
        None => class_sizes::default_date(&zavuch_core::year::get(db, year)?),
    };
    let form = oo1::compute(db, on)?;
    let Some(path) = output else {
        return crate::print_out(&crate::to_json(&form)?);
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let bytes = match ext.as_deref() {
        Some("pdf") => oo1::pdf(&form),
        Some("xlsx") => oo1::xlsx(&form)?,
        _ => {
            return Err(CoreError::Refused(FieldError {
                field: "output".into(),
                code: "output_extension".into(),
                message: format!(
                    "«{}»: укажите файл .pdf или .xlsx — форма ОО-1 сохраняется в одном из них.",
                    path.display()
                ),
            }))
        }
    };
    write(path, &bytes)?;
    println!(
        "Форма ОО-1 на {} (таблиц: {}) → {}",
        ru_date(form.date),
        form.tables.len(),
        path.display()
    );
    Ok(())
}

/// One row's figures, with the breakdowns by code.
fn row_json(row: &MovementRow) -> Value {
    let mut arrived_by: serde_json::Map<String, Value> = Origin::ALL
        .iter()
        .zip(row.arrived_by)
        .map(|(o, n)| (o.code().to_string(), n.into()))
        .collect();
    arrived_by.insert("unstated".into(), row.arrived_by[Origin::ALL.len()].into());
    arrived_by.insert(
        "other_classes".into(),
        row.arrived_by[movement::ARRIVAL_COLUMNS - 1].into(),
    );
    let mut left_by: serde_json::Map<String, Value> = DepartureReason::ALL
        .iter()
        .zip(row.left_by)
        .map(|(r, n)| (r.code().to_string(), n.into()))
        .collect();
    left_by.insert(
        "unstated".into(),
        row.left_by[DepartureReason::ALL.len()].into(),
    );
    left_by.insert(
        "other_classes".into(),
        row.left_by[movement::DEPARTURE_COLUMNS - 1].into(),
    );
    json!({
        "start": row.start,
        "arrived": row.arrived(),
        "left": row.left(),
        "end": row.end,
        "arrived_by": arrived_by,
        "left_by": left_by,
    })
}

fn labelled(key: &str, row: &MovementRow) -> Value {
    let mut value = json!({ key: row.label });
    if let (Value::Object(out), Value::Object(figures)) = (&mut value, row_json(row)) {
        out.extend(figures);
    }
    value
}

fn report_json(r: &MovementReport) -> Value {
    let mut out = row_json(r.school_total());
    let rows = |kind: RowKind, key: &str| -> Vec<Value> {
        r.rows
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| labelled(key, x))
            .collect()
    };
    if let Value::Object(map) = &mut out {
        map.insert("from".into(), ru_date(r.from).into());
        map.insert("to".into(), ru_date(r.to).into());
        map.insert("year".into(), r.year.clone().into());
        map.insert("classes".into(), rows(RowKind::Class, "class").into());
        map.insert("levels".into(), rows(RowKind::Subtotal, "level").into());
    }
    out
}

fn report_text(r: &MovementReport) -> String {
    let mut out = format!(
        "Движение обучающихся с {} по {} ({} учебный год)\n{:<22} {:>8} {:>8} {:>8} {:>8}\n",
        ru_date(r.from),
        ru_date(r.to),
        r.year,
        "",
        "начало",
        "прибыло",
        "выбыло",
        "конец"
    );
    for row in &r.rows {
        out.push_str(&format!(
            "{:<22} {:>8} {:>8} {:>8} {:>8}\n",
            row.label,
            row.start,
            row.arrived(),
            row.left(),
            row.end
        ));
    }
    out
}

fn summary(r: &MovementReport, output: &Path) {
    let total = r.school_total();
    println!(
        "Движение обучающихся с {} по {} (на начало {}, прибыло {}, выбыло {}, на конец {}) → {}",
        ru_date(r.from),
        ru_date(r.to),
        total.start,
        total.arrived(),
        total.left(),
        total.end,
        output.display()
    );
}

/// `print movement`.
pub fn print_movement(db: &Db, year: i64, period: Period, output: &Path) -> Result<(), CoreError> {
    let r = period.report(db, year)?;
    write(output, &movement::pdf(&r))?;
    summary(&r, output);
    Ok(())
}

/// `export movement`: the same table as .xlsx.
pub fn export_movement(db: &Db, year: i64, period: Period, output: &Path) -> Result<(), CoreError> {
    let r = period.report(db, year)?;
    write(output, &movement::xlsx(&r)?)?;
    summary(&r, output);
    Ok(())
}

/// `print alphabet-book`.
pub fn print_alphabet_book(db: &Db, output: &Path) -> Result<(), CoreError> {
    let book = alphabet_book::compute(db)?;
    write(output, &alphabet_book::pdf(&book))?;
    println!(
        "Алфавитная книга (обучающихся: {}, букв: {}) → {}",
        book.students(),
        book.letters.len(),
        output.display()
    );
    Ok(())
}

/// `print orders`.
pub fn print_orders(db: &Db, year: Option<&str>, output: &Path) -> Result<(), CoreError> {
    let register = orders::register(db, year)?;
    write(output, &orders::register_pdf(&register))?;
    println!(
        "Книга приказов {} (приказов: {}) → {}",
        register.year,
        register.entries.len(),
        output.display()
    );
    Ok(())
}

/// `print staff-orders`.
pub fn print_staff_orders(db: &Db, year: Option<&str>, output: &Path) -> Result<(), CoreError> {
    let register = orders::staff_register(db, year)?;
    write(output, &orders::staff_register_pdf(&register))?;
    println!(
        "Книга приказов по личному составу {} (приказов: {}) → {}",
        register.year,
        register.entries.len(),
        output.display()
    );
    Ok(())
}

/// `print order`.
pub fn print_order(
    db: &Db,
    number: &str,
    date: Option<NaiveDate>,
    output: &Path,
) -> Result<(), CoreError> {
    let draft = orders::find(db, number, date)?;
    write(output, &orders::draft_pdf(&draft))?;
    println!(
        "Проект приказа {} (обучающихся: {}) → {}",
        draft.order.text(),
        draft.movements.len(),
        output.display()
    );
    Ok(())
}
