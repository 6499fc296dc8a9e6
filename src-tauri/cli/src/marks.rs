//! Marks from the command line: `import|export|template marks --class … --period …` (a class's
//! sheet for a period as a spreadsheet, zavuch_core::marks::exchange) and `term close|reopen|log`
//! (closing a period for a class or the whole school, zavuch_core::marks::closure).

use chrono::{Local, NaiveDateTime};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::path::Path;
use zavuch_core::exchange::Preview;
use zavuch_core::marks::{self, closure, exchange, Period};
use zavuch_core::{classes, year, CoreError, Db};

/// The class and the period of a marks sheet.
#[derive(Args, Clone)]
pub struct SheetArgs {
    /// Класс текущего учебного года, например "5 А"
    #[arg(long, value_name = "КЛАСС")]
    class: String,
    /// Период, как он назван у класса: "1 четверть", "2 полугодие", "год", "экзамен", "итоговая"
    #[arg(long, value_name = "ПЕРИОД")]
    period: String,
}

#[derive(Subcommand)]
pub enum TermCommand {
    /// Закрыть период («закрытие периода») у класса, а без --class — у всех классов, где он есть: после этого отметки и пропуски не меняются
    Close {
        /// Период, например "1 четверть"
        #[arg(long, value_name = "ПЕРИОД")]
        period: String,
        /// Только этот класс, например "5 А"
        #[arg(long, value_name = "КЛАСС")]
        class: Option<String>,
        /// Напечатать итог в JSON: {"closed":["5 А",…],"already":[…]}
        #[arg(long)]
        json: bool,
    },
    /// Открыть заново закрытый период у класса, а без --class — у всех классов, где он закрыт; причина записывается с датой
    Reopen {
        /// Период, например "1 четверть"
        #[arg(long, value_name = "ПЕРИОД")]
        period: String,
        /// Только этот класс, например "5 А"
        #[arg(long, value_name = "КЛАСС")]
        class: Option<String>,
        /// Почему период открывается заново (обязательно)
        #[arg(long, value_name = "ПРИЧИНА")]
        reason: String,
        /// Напечатать итог в JSON: {"reopened":["5 А",…]}
        #[arg(long)]
        json: bool,
    },
    /// Журнал закрытий и повторных открытий периодов текущего года, новые сверху
    Log {
        /// Напечатать журнал в JSON: [{"class_label","period_name","action","at","reason"},…]
        #[arg(long)]
        json: bool,
    },
}

impl TermCommand {
    /// Whether errors are answered in JSON too.
    pub fn json(&self) -> bool {
        match self {
            TermCommand::Close { json, .. }
            | TermCommand::Reopen { json, .. }
            | TermCommand::Log { json } => *json,
        }
    }
}

impl SheetArgs {
    /// The class of the year and its period the names give (refused: an unknown class or
    /// period).
    fn resolve(&self, db: &Db, year: i64) -> Result<(i64, Period), CoreError> {
        let class_id = crate::print::find_class(db, year, &self.class)?;
        let period = marks::period_by_name(db, class_id, &self.period)?.period;
        Ok((class_id, period))
    }

    /// «5 А класса за период «1 четверть»», the names as the school writes them.
    fn describe(&self, db: &Db, year: i64) -> Result<String, CoreError> {
        let class_id = crate::print::find_class(db, year, &self.class)?;
        let period = marks::period_by_name(db, class_id, &self.period)?.name;
        let label = classes::get(db, class_id)?.label();
        Ok(format!("{label} класса за период «{period}»"))
    }
}

/// `import marks FILE --class … --period …`: what the import did (or would do).
pub fn import(
    db: &Db,
    file: &Path,
    sheet: &SheetArgs,
    options: exchange::Options,
) -> Result<Preview, CoreError> {
    let (class_id, period) = sheet.resolve(db, year::current_id(db)?)?;
    exchange::import(db, file, class_id, period, &options)
}

/// `export marks --class … --period … -o FILE.xlsx`.
pub fn export(db: &Db, year: i64, sheet: &SheetArgs, output: &Path) -> Result<(), CoreError> {
    let (class_id, period) = sheet.resolve(db, year)?;
    let n = exchange::export(db, class_id, period, output)?;
    println!(
        "Выгружены отметки {}, учеников: {n} → {}",
        sheet.describe(db, year)?,
        output.display()
    );
    Ok(())
}

/// `template marks --class … --period … -o FILE.xlsx`.
pub fn template(db: &Db, sheet: &SheetArgs, output: &Path) -> Result<(), CoreError> {
    let (class_id, period) = sheet.resolve(db, year::current_id(db)?)?;
    exchange::template(db, class_id, period, output)?;
    println!("Шаблон сохранён: {}", output.display());
    Ok(())
}

/// Now, as the register records it.
fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

#[derive(Serialize)]
struct Reopened {
    reopened: Vec<String>,
}

pub fn run(db: &Db, command: TermCommand) -> Result<(), CoreError> {
    let text = match command {
        TermCommand::Close {
            period,
            class,
            json,
        } => {
            let done = match class {
                Some(label) => close_class(db, &label, &period)?,
                None => closure::close_school(db, year::current_id(db)?, &period, now())?,
            };
            if json {
                crate::to_json(&done)?
            } else {
                closed_text(&done, &period)
            }
        }
        TermCommand::Reopen {
            period,
            class,
            reason,
            json,
        } => {
            let reopened = Reopened {
                reopened: reopen(db, class.as_deref(), &period, &reason)?,
            };
            if json {
                crate::to_json(&reopened)?
            } else {
                format!(
                    "Период «{period}» открыт заново: {} (причина: {}).\n",
                    reopened.reopened.join(", "),
                    reason.trim()
                )
            }
        }
        TermCommand::Log { json } => {
            let events = closure::events(db, year::current_id(db)?)?;
            if json {
                crate::to_json(&events)?
            } else {
                log_text(&events)
            }
        }
    };
    crate::print_out(&text)?;
    Ok(())
}

fn close_class(db: &Db, label: &str, period: &str) -> Result<closure::ClosedClasses, CoreError> {
    let id = crate::print::find_class(db, year::current_id(db)?, label)?;
    let info = marks::period_by_name(db, id, period)?;
    let label = classes::get(db, id)?.label();
    let now_closed = closure::close(db, id, info.period, now())?;
    Ok(closure::ClosedClasses {
        closed: if now_closed {
            vec![label.clone()]
        } else {
            vec![]
        },
        already: if now_closed { vec![] } else { vec![label] },
    })
}

/// Reopens the period of the class, or of every class of the year where it is closed (in one
/// transaction); gives the classes reopened.
fn reopen(
    db: &Db,
    class: Option<&str>,
    period: &str,
    reason: &str,
) -> Result<Vec<String>, CoreError> {
    let at = now();
    if let Some(label) = class {
        let id = crate::print::find_class(db, year::current_id(db)?, label)?;
        let info = marks::period_by_name(db, id, period)?;
        closure::reopen(db, id, info.period, reason, at)?;
        return Ok(vec![classes::get(db, id)?.label()]);
    }
    closure::reopen_school(db, year::current_id(db)?, period, reason, at)
}

fn closed_text(done: &closure::ClosedClasses, period: &str) -> String {
    let mut out = String::new();
    if !done.closed.is_empty() {
        out.push_str(&format!(
            "Период «{period}» закрыт: {} (классов: {}).\n",
            done.closed.join(", "),
            done.closed.len()
        ));
    }
    if !done.already.is_empty() {
        out.push_str(&format!(
            "Уже был закрыт: {} (классов: {}).\n",
            done.already.join(", "),
            done.already.len()
        ));
    }
    out
}

/// One line per event: «27.10.2026 15:40  5 А  1 четверть  закрыт».
fn log_text(events: &[closure::ClosureEvent]) -> String {
    if events.is_empty() {
        return "Периоды в этом учебном году не закрывались.\n".to_string();
    }
    events
        .iter()
        .map(|e| {
            let at = NaiveDateTime::parse_from_str(&e.at, "%Y-%m-%d %H:%M")
                .map(|d| d.format("%d.%m.%Y %H:%M").to_string())
                .unwrap_or_else(|_| e.at.clone());
            let what = match e.action.as_str() {
                "close" => "закрыт".to_string(),
                _ => format!("открыт заново: {}", e.reason),
            };
            format!("{at}  {}  {}  {what}\n", e.class_label, e.period_name)
        })
        .collect()
}
