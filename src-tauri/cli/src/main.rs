//! `zavuch-cli`: the headless command line over the Zavuch core, for scripting, the district
//! and the tests. Every command opens the school file named by `--db` (or `ZAVUCH_DB`).

mod archive;
mod export;
mod import;
mod ledger;
mod load;
mod marks;
mod movement;
mod print;
mod results;
mod rollover;
mod timetable;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use zavuch_core::{demo, overview, session, year, CoreError, Db};

#[derive(Parser)]
#[command(
    name = "zavuch-cli",
    version,
    about = "Завуч: школьная база из командной строки"
)]
struct Cli {
    /// School database file (default: the file the app opens, see `where`)
    #[arg(long, global = true, env = session::ENV_DB, value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create an empty school database holding the current academic year and the usual term schemes
    Init,
    /// Create the demo school (refuses a database that already holds a school)
    Demo,
    /// The school card and the year's set-up
    School {
        #[command(subcommand)]
        command: SchoolCommand,
    },
    /// Print the path of the school file (the one the app opens at start unless --db names another)
    Where,
    /// Copy the whole database to FILE (SQLite online backup)
    Backup {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Import a spreadsheet (students, staff, a thematic plan)
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
    },
    /// Write a list or a report as .xlsx (students, staff, class sizes, curriculum, load, timetable, thematic plan, ledger, results)
    Export {
        #[command(flatten)]
        year: print::YearArg,
        #[command(subcommand)]
        command: export::ExportCommand,
    },
    /// Print a form as PDF (class list, class sizes, curriculum, load, timetable, substitutions, thematic plan, ledgers, results, a student's results)
    Print {
        #[command(flatten)]
        year: print::YearArg,
        #[command(subcommand)]
        command: print::PrintCommand,
    },
    /// The teaching load (тарификация) of the current year
    Load {
        #[command(subcommand)]
        command: load::LoadCommand,
    },
    /// The weekly timetable of the current year
    Timetable {
        #[command(subcommand)]
        command: timetable::TimetableCommand,
    },
    /// Write an empty spreadsheet template (needs no database, but for a class's marks sheet)
    Template {
        #[command(subcommand)]
        command: export::TemplateCommand,
    },
    /// Close or reopen a period («закрытие периода») for a class or the whole school; the register
    Term {
        #[command(subcommand)]
        command: marks::TermCommand,
    },
    /// Движение обучающихся: зачисление, выбытие, перевод в другой класс — каждое с приказом
    Movement {
        #[command(subcommand)]
        command: movement::MovementCommand,
    },
    /// Archive copy of a period's marks (a spreadsheet a class, SHA-256 manifest, a second folder); `archive verify DIR` checks one
    Archive(archive::ArchiveArgs),
    /// The rollover to the next academic year: year-end decisions, the stages, making the new year current
    Rollover {
        #[command(subcommand)]
        command: rollover::RolloverCommand,
    },
}

#[derive(Subcommand)]
enum SchoolCommand {
    /// Print the school card, academic years with term schemes and terms, bell schedules, rooms and subjects
    Show {
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = matches!(
        cli.command,
        Command::School {
            command: SchoolCommand::Show { json: true }
        } | Command::Load {
            command: load::LoadCommand::Check { json: true, .. }
        } | Command::Timetable {
            command: timetable::TimetableCommand::Check { json: true, .. }
        }
    ) || matches!(&cli.command, Command::Term { command } if command.json())
        || matches!(&cli.command, Command::Archive(args) if args.json())
        || matches!(&cli.command, Command::Rollover { command } if command.json());
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Ошибка: {e}");
            if json {
                println!(
                    "{}",
                    serde_json::to_string(&e.payload()).unwrap_or_default()
                );
            }
            ExitCode::FAILURE
        }
    }
}

/// Prints to stdout; a reader that stopped early (`| head`) is not an error of ours.
fn print_out(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Runs the command; the exit code is a failure when a rollover's stage was stopped (its
/// report printed all the same).
fn run(cli: Cli) -> Result<ExitCode, CoreError> {
    let path = cli.db.unwrap_or_else(session::startup_path);
    if let Command::Where = cli.command {
        println!("{}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    // `archive verify DIR` reads only the folder: no school file is opened (or created).
    if let Command::Archive(args) = &cli.command {
        if let Some(dir) = args.verify_dir() {
            return archive::verify(dir, args.json()).map(|()| ExitCode::SUCCESS);
        }
    }
    let command = match cli.command {
        Command::Template { command } if !command.needs_db() => {
            return export::template(command).map(|()| ExitCode::SUCCESS)
        }
        other => other,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let db = Db::open(&path)?;
    match command {
        Command::Init => {
            let detail = year::init(&db, chrono::Local::now().date_naive())?;
            println!(
                "Создана база школы {}: учебный год {}, схем периодов: {}.",
                path.display(),
                detail.year.name,
                detail.schemes.len()
            );
        }
        Command::Demo => {
            demo::create(&db)?;
            println!("Создана демонстрационная школа в {}.", path.display());
        }
        Command::School {
            command: SchoolCommand::Show { json },
        } => {
            let data = overview::load(&db)?;
            let text = if json {
                serde_json::to_string_pretty(&data).map_err(std::io::Error::other)? + "\n"
            } else {
                overview::summary(&data)
            };
            print_out(&text)?;
        }
        Command::Where => unreachable!("answered before opening the file"),
        Command::Backup { output } => {
            db.backup_to(&output)?;
            println!("Резервная копия сохранена: {}", output.display());
        }
        Command::Import { command } => import::run(&db, command)?,
        Command::Export { year, command } => export::run(&db, year.resolve(&db)?, command)?,
        Command::Print { year, command } => print::run(&db, year.resolve(&db)?, command)?,
        Command::Load { command } => load::run(&db, command)?,
        Command::Timetable { command } => timetable::run(&db, command)?,
        Command::Template { command } => export::school_template(&db, command)?,
        Command::Term { command } => marks::run(&db, command)?,
        Command::Movement { command } => movement::run(&db, command)?,
        Command::Archive(args) => archive::run(&db, args)?,
        Command::Rollover { command } => return rollover::run(&db, command),
    }
    Ok(ExitCode::SUCCESS)
}
