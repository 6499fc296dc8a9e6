//! `zavuch-cli district`: the district's PostgreSQL — create or migrate its schema, push the
//! school's figures for a day, see who pushed, and the consolidated reports. Only `push` opens
//! the school file; the others talk to the server alone.

use crate::print::{parse_date, write};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;
use zavuch_core::district::{self, ReportKind};
use zavuch_core::{CoreError, Db};

/// Where the district's server is.
#[derive(Args)]
pub struct Server {
    /// Адрес базы управления образования: postgresql://пользователь@сервер:5432/база?sslmode=require (пароль — в PGPASSWORD или ~/.pgpass)
    #[arg(long, env = "ZAVUCH_DISTRICT_URL", value_name = "АДРЕС")]
    url: String,
}

/// A consolidated report.
#[derive(Clone, Copy, ValueEnum)]
pub enum Report {
    /// Наполняемость классов: классов, мальчики, девочки, всего, по формам обучения
    ClassSizes,
    /// Итоги успеваемости последнего начавшегося периода, с успеваемостью и качеством
    Results,
    /// Движение обучающихся с начала учебного года до даты
    Movement,
    /// Таблицы формы ОО-1 об обучающихся: строка на школу и строку формы, итог по району
    Oo1,
    /// Таблицы формы ОО-1 о педагогических работниках: образование, категория, стаж, возраст
    Staff,
}

#[derive(Subcommand)]
pub enum DistrictCommand {
    /// Создать схему базы управления образования в PostgreSQL или обновить её до этой версии
    Init {
        #[command(flatten)]
        server: Server,
    },
    /// Отправить цифры отчётов школы на дату (без имён и других персональных данных); повторная отправка за ту же дату заменяет прежнюю
    Push {
        #[command(flatten)]
        server: Server,
        /// Дата, ДД.ММ.ГГГГ (по умолчанию сегодня, в пределах текущего учебного года)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Вывести итог в формате JSON
        #[arg(long)]
        json: bool,
    },
    /// Школы и даты, за которые они отправили цифры; с --date — кто за эту дату не отправил
    Status {
        #[command(flatten)]
        server: Server,
        /// Дата, ДД.ММ.ГГГГ, по которой показать не отправивших
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Вывести в формате JSON
        #[arg(long)]
        json: bool,
    },
    /// Сводный отчёт по району на дату: строка на школу и итог по району
    Report {
        /// Какой отчёт
        #[arg(value_enum, value_name = "ОТЧЁТ")]
        report: Report,
        #[command(flatten)]
        server: Server,
        /// Дата, ДД.ММ.ГГГГ, за которую школы отправили цифры
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: NaiveDate,
        /// Вывести в формате JSON
        #[arg(long, conflicts_with = "output")]
        json: bool,
        /// Сохранить в .xlsx
        #[arg(
            short = 'o',
            long = "output",
            value_name = "ФАЙЛ.xlsx",
            required_unless_present = "json"
        )]
        output: Option<PathBuf>,
    },
}

impl DistrictCommand {
    pub fn json(&self) -> bool {
        match self {
            DistrictCommand::Init { .. } => false,
            DistrictCommand::Push { json, .. }
            | DistrictCommand::Status { json, .. }
            | DistrictCommand::Report { json, .. } => *json,
        }
    }

    /// Whether the command reads the school file (only a push does).
    pub fn needs_db(&self) -> bool {
        matches!(self, DistrictCommand::Push { .. })
    }
}

/// Runs a command that needs no school file.
pub fn run_server(command: DistrictCommand) -> Result<(), CoreError> {
    match command {
        DistrictCommand::Init { server } => {
            let mut client = district::connect(&server.url)?;
            let applied = district::init(&mut client)?;
            if applied.is_empty() {
                println!("Схема базы управления образования уже в последней версии.");
            } else {
                println!(
                    "Схема базы управления образования обновлена: {}.",
                    applied.join(", ")
                );
            }
        }
        DistrictCommand::Status { server, date, json } => {
            let status = district::status(&mut district::connect(&server.url)?, date)?;
            crate::print_out(&if json {
                crate::to_json(&status)?
            } else {
                status_text(&status)
            })?;
        }
        DistrictCommand::Report {
            report,
            server,
            date,
            json,
            output,
        } => {
            let kind = match report {
                Report::ClassSizes => ReportKind::ClassSizes,
                Report::Results => ReportKind::Results,
                Report::Movement => ReportKind::Movement,
                Report::Oo1 => ReportKind::Oo1,
                Report::Staff => ReportKind::Staff,
            };
            let r = district::report(&mut district::connect(&server.url)?, kind, date)?;
            match output {
                Some(path) if !json => write(&path, &district::xlsx(&r)?)?,
                _ => crate::print_out(&crate::to_json(&r)?)?,
            }
        }
        DistrictCommand::Push { .. } => unreachable!("a push reads the school file: `run`"),
    }
    Ok(())
}

/// Sends the school's figures.
pub fn run(db: &Db, command: DistrictCommand) -> Result<(), CoreError> {
    let DistrictCommand::Push { server, date, json } = command else {
        return run_server(command);
    };
    let snapshot = district::snapshot(db, date)?;
    let pushed = district::push(&mut district::connect(&server.url)?, &snapshot)?;
    crate::print_out(&if json {
        crate::to_json(&pushed)?
    } else {
        format!(
            "{} (ИНН {}): цифры на {} отправлены — таблиц {}, чисел {}{}.\n",
            pushed.name,
            pushed.inn,
            pushed.date,
            pushed.tables,
            pushed.figures,
            match (pushed.registered, pushed.replaced) {
                (true, _) => "; школа зарегистрирована в базе района",
                (false, true) => "; прежние цифры за эту дату заменены",
                (false, false) => "",
            }
        )
    })
}

fn status_text(status: &district::Status) -> String {
    let mut out = String::new();
    for s in &status.schools {
        let dates = if s.dates.is_empty() {
            "ещё не отправляла".to_string()
        } else {
            s.dates.join(", ")
        };
        out.push_str(&format!("{} (ИНН {}): {dates}\n", s.name, s.inn));
    }
    if let Some(date) = &status.date {
        out.push_str(&format!(
            "Не отправили за {date}: {}\n",
            if status.not_pushed.is_empty() {
                "все отправили".to_string()
            } else {
                status
                    .not_pushed
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        ));
    }
    out
}
