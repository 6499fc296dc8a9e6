//! `zavuch-cli rollover …`: the year-end decisions of a class (`decide`), the rollover's stages
//! (`run`), which of them ran (`status`) and making the new year current (`make-current`).

use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use zavuch_core::error::YearEndProblem;
use zavuch_core::rollover::decisions::{self, ClassDecisions, DecisionInput, DecisionKind};
use zavuch_core::rollover::{self, RolloverOptions, RolloverReport};
use zavuch_core::{students, subjects, year, CoreError, Db};

#[derive(Subcommand)]
pub enum RolloverCommand {
    /// Решения педагогического совета по итогам года для класса: всех учеников или одного
    Decide(DecideArgs),
    /// Выполнить этапы перехода (все невыполненные по порядку или один названный)
    Run(RunArgs),
    /// Какие этапы перехода выполнены
    Status {
        /// Вывести в формате JSON
        #[arg(long)]
        json: bool,
    },
    /// Сделать год текущим; периоды прошлых лет закрываются (отметки меняются только после открытия заново)
    MakeCurrent {
        /// Учебный год, например 2027-2028
        #[arg(long, value_name = "ГГГГ-ГГГГ")]
        year: String,
    },
}

impl RolloverCommand {
    /// Whether errors are answered in JSON too.
    pub fn json(&self) -> bool {
        match self {
            RolloverCommand::Decide(args) => args.json,
            RolloverCommand::Run(args) => args.json,
            RolloverCommand::Status { json } => *json,
            RolloverCommand::MakeCurrent { .. } => false,
        }
    }
}

#[derive(Args)]
pub struct DecideArgs {
    /// Класс текущего года, например "9 А"
    #[arg(long, value_name = "КЛАСС")]
    class: String,
    /// Один ученик по № личного дела (по умолчанию все ученики класса)
    #[arg(long, value_name = "№")]
    student: Option<String>,
    /// promoted (переведён), conditional (условно), repeat (повторное обучение), finished (окончил), continue (в 10 класс), left (выбывает)
    #[arg(long, value_name = "РЕШЕНИЕ", value_parser = parse_decision)]
    decision: DecisionKind,
    /// Условный перевод: предметы задолженности, "Математика, Физика"
    #[arg(long, value_name = "ПРЕДМЕТЫ")]
    subjects: Option<String>,
    /// Срок ликвидации задолженности, ДД.ММ.ГГГГ (по умолчанию 31 октября следующего учебного года)
    #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
    deadline: Option<chrono::NaiveDate>,
    /// Окончившему или выбывающему: куда выбывает («Неизвестно» допустимо)
    #[arg(long, value_name = "КУДА")]
    destination: Option<String>,
    /// Класс на следующий год, если не обычный, например "10 Б"
    #[arg(long = "to-class", value_name = "КЛАСС")]
    to_class: Option<String>,
    /// Окончившему 9 или 11 (12) класс: аттестат с отличием (без флага — без отличия)
    #[arg(long = "with-distinction")]
    with_distinction: bool,
    /// Дата педсовета, ДД.ММ.ГГГГ
    #[arg(long = "council-date", value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
    council_date: Option<chrono::NaiveDate>,
    /// Номер протокола педсовета
    #[arg(long, value_name = "НОМЕР")]
    protocol: Option<String>,
    /// Вывести решения класса в формате JSON
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct RunArgs {
    /// Год, на который переходит школа: следующий за текущим, например 2027-2028
    #[arg(long, value_name = "ГГГГ-ГГГГ")]
    to: String,
    /// Только этот этап: 1 выбывающие, 2 новый учебный год, 3 первые классы и прибывшие, 4 тематическое планирование
    #[arg(long, value_name = "1|2|3|4")]
    stage: Option<u8>,
    /// Этап 3: список первых классов и прибывших (.xlsx, как для импорта учеников)
    #[arg(long = "first-grades", value_name = "СПИСОК.xlsx")]
    first_grades: Option<PathBuf>,
    /// Этап 3: класс для списка одного класса, например "1 А"
    #[arg(long = "first-grades-class", value_name = "КЛАСС")]
    first_grades_class: Option<String>,
    /// Только показать, что сделают этапы; ничего не записывается
    #[arg(long = "dry-run")]
    dry_run: bool,
    /// Вывести итог в формате JSON
    #[arg(long)]
    json: bool,
}

/// Reads a decision's code for clap.
fn parse_decision(text: &str) -> Result<DecisionKind, String> {
    let key = text.trim().to_lowercase();
    DecisionKind::ALL
        .into_iter()
        .find(|k| k.code() == key)
        .ok_or_else(|| {
            let codes: Vec<&str> = DecisionKind::ALL.iter().map(|k| k.code()).collect();
            format!("«{text}» — не решение: {}", codes.join(", "))
        })
}

/// The student with this personal file number.
fn student_by_number(db: &Db, number: &str) -> Result<i64, CoreError> {
    students::find_by_file_number(db, number)?.ok_or_else(|| {
        crate::print::refused(
            "student",
            "unknown_student",
            format!("Нет обучающегося с № личного дела «{number}»: проверьте номер."),
        )
    })
}

/// The subjects of «Математика, Физика» (commas or semicolons).
fn subject_ids(db: &Db, text: Option<&str>) -> Result<Vec<i64>, CoreError> {
    text.unwrap_or_default()
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|name| subjects::by_name(db, name))
        .collect()
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CoreError> {
    crate::print_out(&crate::to_json(value)?)
}

fn decide(db: &Db, args: DecideArgs) -> Result<(), CoreError> {
    let class = crate::print::find_class(db, year::current_id(db)?, &args.class)?;
    let grid = decisions::of_class(db, class)?;
    let students: Vec<i64> = match &args.student {
        Some(number) => vec![student_by_number(db, number)?],
        None => grid.decisions.iter().map(|d| d.student_id).collect(),
    };
    let subjects = subject_ids(db, args.subjects.as_deref())?;
    let inputs: Vec<DecisionInput> = students
        .iter()
        .map(|&student_id| DecisionInput {
            subjects: subjects.clone(),
            deadline: args.deadline,
            to_class: args.to_class.clone().unwrap_or_default(),
            destination: args.destination.clone().unwrap_or_default(),
            with_distinction: args.with_distinction,
            ..DecisionInput::new(student_id, args.decision)
        })
        .collect();
    let mut grid = decisions::set(db, class, &inputs)?;
    if args.council_date.is_some() || args.protocol.is_some() {
        let mut council = grid.council.clone();
        council.held_on = args.council_date.or(council.held_on);
        if let Some(number) = args.protocol {
            council.protocol_number = number;
        }
        grid = decisions::set_council(db, class, &council)?;
    }
    if args.json {
        return print_json(&grid);
    }
    report_decisions(&grid, &students);
    Ok(())
}

fn report_decisions(grid: &ClassDecisions, changed: &[i64]) {
    println!(
        "{}: решений сохранено — {} из {}.",
        grid.class_label,
        changed.len(),
        grid.decisions.len()
    );
    for d in grid
        .decisions
        .iter()
        .filter(|d| changed.contains(&d.student_id))
    {
        let to = if d.to_class.is_empty() {
            String::new()
        } else {
            format!(" → {}", d.to_class)
        };
        let distinction = if d.with_distinction {
            ", с отличием"
        } else {
            ""
        };
        println!("  {} — {}{distinction}{to}", d.full_name, d.kind.label());
    }
}

fn run_stages(db: &Db, args: RunArgs) -> Result<ExitCode, CoreError> {
    let options = RolloverOptions {
        to: args.to,
        stage: args.stage,
        first_grades: args.first_grades,
        first_grades_class: args.first_grades_class,
        templates: None,
        dry_run: args.dry_run,
    };
    let today = chrono::Local::now().date_naive();
    let report = rollover::run(db, &options, today, &mut |stage, done, total| {
        eprint!("\rЭтап {stage}: {done} из {total}   ");
    })?;
    eprintln!();
    if args.json {
        print_json(&report)?;
    } else {
        print_report(&report);
    }
    if report.problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let stage = report.stages.last().map(|s| s.stage).unwrap_or_default();
    eprintln!(
        "Ошибка: {}",
        YearEndProblem::RolloverStopped {
            stage: stage.into()
        }
    );
    Ok(ExitCode::FAILURE)
}

fn print_report(report: &RolloverReport) {
    let what = if report.dry_run {
        "Предпросмотр перехода"
    } else {
        "Переход"
    };
    println!("{what} {} → {}", report.from, report.to);
    for s in &report.stages {
        let state = if s.already_done {
            format!("уже выполнен {}", s.ran_at.clone().unwrap_or_default())
        } else if !s.problems.is_empty() {
            "остановлен".to_string()
        } else if report.dry_run {
            "будет выполнено".to_string()
        } else {
            "выполнен".to_string()
        };
        let c = &s.created;
        println!(
            "Этап {} «{}»: {state}. Классов {}, зачислено в классы {}, выбыло {}, учебных \
             планов {}, строк нагрузки {}, КТП {}.",
            s.stage,
            s.title,
            c.classes,
            c.placements,
            c.departures,
            c.curricula,
            c.load_lines,
            c.thematic_plans
        );
        for list in &s.lists {
            println!(
                "  {} ({}): {}",
                list.title,
                list.entries.len(),
                list.entries.join("; ")
            );
        }
        for w in s.warnings.iter().chain(&s.problems) {
            let whose = [w.class.as_str(), w.student.as_str()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            if whose.is_empty() {
                println!("  ! {}", w.message);
            } else {
                println!("  ! {whose}: {}", w.message);
            }
        }
    }
    if let Some(backup) = &report.backup {
        println!("Резервная копия до перехода: {backup}");
    }
}

fn status(db: &Db, json: bool) -> Result<(), CoreError> {
    let status = rollover::status(db)?;
    if json {
        return print_json(&status);
    }
    println!("Переход {} → {}", status.from, status.to);
    for s in &status.stages {
        let state = match &s.ran_at {
            Some(at) => format!("выполнен {at}"),
            None => "не выполнен".to_string(),
        };
        println!("Этап {} «{}»: {state}", s.stage, s.title);
    }
    Ok(())
}

fn make_current(db: &Db, name: &str) -> Result<(), CoreError> {
    let target = crate::print::year_by_name(db, name)?;
    let closed = rollover::make_current(db, target, chrono::Local::now().naive_local())?;
    println!("Текущий учебный год: {name}. Закрыто периодов прошлых лет: {closed}.");
    Ok(())
}

pub fn run(db: &Db, command: RolloverCommand) -> Result<ExitCode, CoreError> {
    match command {
        RolloverCommand::Decide(args) => decide(db, args)?,
        RolloverCommand::Run(args) => return run_stages(db, args),
        RolloverCommand::Status { json } => status(db, json)?,
        RolloverCommand::MakeCurrent { year } => make_current(db, &year)?,
    }
    Ok(ExitCode::SUCCESS)
}
