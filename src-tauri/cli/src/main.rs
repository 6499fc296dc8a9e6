//! `zavuch-cli`: the headless command line over the Zavuch core, for scripting, the district
//! and the tests. Every command opens the school file named by `--db` (or `ZAVUCH_DB`).

mod accounts;
mod archive;
mod audit;
mod backup;
mod district;
mod encryption;
mod export;
mod fet;
mod import;
mod ledger;
mod load;
mod marks;
mod movement;
mod print;
mod reports;
mod results;
mod rollover;
mod russian;
mod staff;
mod timetable;

use clap::{CommandFactory, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use zavuch_core::error::At;
use zavuch_core::{demo, overview, school, session, year, CoreError, Db};

#[derive(Parser)]
#[command(
    name = "zavuch-cli",
    version,
    about = "Завуч: школьная база из командной строки"
)]
struct Cli {
    /// Файл базы школы; по умолчанию — тот, что открывает программа, см. `where`
    #[arg(long, global = true, env = session::ENV_DB, value_name = "ФАЙЛ")]
    db: Option<PathBuf>,
    /// Файл, первая строка которого — пароль зашифрованного файла школы (у `encrypt` — новый пароль)
    #[arg(long, global = true, env = "ZAVUCH_PASSWORD_FILE", value_name = "ФАЙЛ")]
    password_file: Option<PathBuf>,
    /// Учётная запись зашифрованного файла школы; её пароль — в --password-file
    #[arg(long, global = true, env = "ZAVUCH_USER", value_name = "ЛОГИН")]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Создать пустую базу школы с текущим учебным годом и обычными схемами периодов
    Init,
    /// Создать демонстрационную школу (только в пустой базе)
    Demo,
    /// Карта школы и подготовка учебного года
    School {
        #[command(subcommand)]
        command: SchoolCommand,
    },
    /// Напечатать путь к файлу школы (тот, что программа открывает при запуске, если --db не называет другой)
    Where,
    /// Резервные копии: `-o ФАЙЛ` — копия всей базы в файл; list, now, restore — копии, которые программа хранит рядом с файлом школы; second-place — вторая папка для копий
    Backup(backup::BackupArgs),
    /// Загрузить таблицу (ученики, сотрудники, тематический план, отметки)
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
    },
    /// Выгрузить список или отчёт в .xlsx (ученики, сотрудники, наполняемость, учебный план, нагрузка, расписание, тематический план, ведомость, итоги, отметки)
    Export {
        #[command(flatten)]
        year: print::YearArg,
        #[command(subcommand)]
        command: export::ExportCommand,
    },
    /// Напечатать форму в PDF (список класса, наполняемость, учебный план, нагрузка, расписание, замены, тематический план, ведомости, итоги, успеваемость ученика)
    Print {
        #[command(flatten)]
        year: print::YearArg,
        #[command(subcommand)]
        command: print::PrintCommand,
    },
    /// Цифры отчёта текстом или в JSON (движение обучающихся за период, итоги успеваемости), форма ОО-1 в JSON, PDF или .xlsx
    Report {
        #[command(flatten)]
        year: print::YearArg,
        #[command(subcommand)]
        command: reports::ReportCommand,
    },
    /// Нагрузка (тарификация) текущего учебного года
    Load {
        #[command(subcommand)]
        command: load::LoadCommand,
    },
    /// Расписание уроков текущего учебного года
    Timetable {
        #[command(subcommand)]
        command: timetable::TimetableCommand,
    },
    /// Записать пустой шаблон таблицы (база не нужна, кроме листа отметок класса)
    Template {
        #[command(subcommand)]
        command: export::TemplateCommand,
    },
    /// Закрыть или открыть заново период («закрытие периода») у класса или всей школы; журнал закрытий
    Term {
        #[command(subcommand)]
        command: marks::TermCommand,
    },
    /// Движение обучающихся: зачисление, выбытие, перевод в другой класс — каждое с приказом
    Movement {
        #[command(subcommand)]
        command: movement::MovementCommand,
    },
    /// Кадровое движение: приём, перевод на другую должность или ставку, увольнение — каждое с приказом по личному составу
    Staff {
        #[command(subcommand)]
        command: staff::StaffCommand,
    },
    /// Архивная копия отметок за период (таблица на класс, опись SHA-256, вторая папка); `archive verify ПАПКА` проверяет копию
    Archive(archive::ArchiveArgs),
    /// Переход на новый учебный год: решения педсовета, этапы перехода, новый год — текущим
    Rollover {
        #[command(subcommand)]
        command: rollover::RolloverCommand,
    },
    /// Журнал изменений: кто, когда и что изменил (list), проверка цепочки хешей (verify)
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Учётные записи зашифрованного файла школы и их роли (администратор, заместитель директора, секретарь, только просмотр)
    Accounts {
        #[command(subcommand)]
        command: accounts::AccountsCommand,
    },
    /// Зашифровать файл школы и его резервные копии паролем из --password-file (SQLCipher)
    Encrypt(encryption::ConvertArgs),
    /// Снять шифрование с файла школы и его копий (нужен пароль: --password-file)
    Decrypt(encryption::ConvertArgs),
    /// Сменить пароль зашифрованного файла школы и его копий (прежний пароль — --password-file)
    ChangePassword(encryption::ChangePasswordArgs),
    /// Файлы FET (.fet): составить расписание (solve) и записать его в файл FET — база школы не нужна; перенести из FET в файл школы учителей, классы, подгруппы, кабинеты и нагрузку (import)
    Fet {
        #[command(subcommand)]
        command: fet::FetCommand,
    },
    /// База управления образования (PostgreSQL): схема, отправка цифр школы, кто отправил, сводные отчёты по району
    District {
        #[command(subcommand)]
        command: district::DistrictCommand,
    },
}

#[derive(Subcommand)]
enum SchoolCommand {
    /// Показать карту школы, учебные годы со схемами периодов, звонки, кабинеты и предметы
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Изменить карту школы (ИНН, полное и краткое название) с теми же проверками, что в программе
    Set {
        /// ИНН школы (10 цифр, с проверкой контрольной цифры)
        #[arg(long, value_name = "ИНН")]
        inn: Option<String>,
        /// Полное название школы
        #[arg(long, value_name = "НАЗВАНИЕ")]
        full_name: Option<String>,
        /// Краткое название школы
        #[arg(long, value_name = "НАЗВАНИЕ")]
        short_name: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli: Cli = russian::parse(russian::localise(Cli::command()));
    let json = matches!(
        cli.command,
        Command::School {
            command: SchoolCommand::Show { json: true }
        } | Command::Load {
            command: load::LoadCommand::Check { json: true, .. }
        }
    ) || matches!(&cli.command, Command::Timetable { command } if command.json())
        || matches!(&cli.command, Command::Report { command, .. } if command.json())
        || matches!(&cli.command, Command::Term { command } if command.json())
        || matches!(&cli.command, Command::Archive(args) if args.json())
        || matches!(&cli.command, Command::Backup(args) if args.json())
        || matches!(&cli.command, Command::Rollover { command } if command.json())
        || matches!(&cli.command, Command::District { command } if command.json())
        || matches!(&cli.command, Command::Audit { command } if command.json())
        || matches!(&cli.command, Command::Encrypt(a) | Command::Decrypt(a) if a.json)
        || matches!(&cli.command, Command::ChangePassword(a) if a.json)
        || matches!(&cli.command, Command::Accounts { command } if command.json())
        || matches!(&cli.command, Command::Fet { command } if command.json());
    // No panic text on stderr: the details go to panics.log, the user gets a sentence.
    zavuch_core::panic_log::install();
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)));
    let Ok(ran) = ran else {
        eprintln!("Ошибка: {}", zavuch_core::panic_log::caught());
        return ExitCode::FAILURE;
    };
    match ran {
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
fn print_out(text: &str) -> Result<(), CoreError> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CoreError::Io),
    }
}

/// A value as pretty JSON with a final line end, as every `--json` prints it.
fn to_json(value: &impl serde::Serialize) -> Result<String, CoreError> {
    Ok(serde_json::to_string_pretty(value).map_err(json_failed)? + "\n")
}

fn json_failed(e: serde_json::Error) -> CoreError {
    CoreError::Io(e.into())
}

/// Runs the command; the exit code is a failure when a rollover's stage was stopped (its
/// report printed all the same).
fn run(cli: Cli) -> Result<ExitCode, CoreError> {
    let path = cli.db.unwrap_or_else(session::startup_path);
    if let Command::Where = cli.command {
        println!("{}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let password_file = cli.password_file.as_deref();
    encryption::give_password(&path, cli.user.as_deref(), password_file)?;
    // The conversions rewrite the file whole: they open it themselves.
    match &cli.command {
        Command::Encrypt(args) => {
            return encryption::encrypt(&path, password_file, args).map(|()| ExitCode::SUCCESS)
        }
        Command::Decrypt(args) => {
            return encryption::decrypt(&path, args).map(|()| ExitCode::SUCCESS)
        }
        Command::ChangePassword(args) => {
            return encryption::change_password(&path, args).map(|()| ExitCode::SUCCESS)
        }
        _ => {}
    }
    // `archive verify DIR` reads only the folder: no school file is opened (or created).
    if let Command::Archive(args) = &cli.command {
        if let Some(dir) = args.verify_dir() {
            return archive::verify(dir, args.json()).map(|()| ExitCode::SUCCESS);
        }
    }
    // `backup list`, `restore` and `second-place` do not open the school file: they work on
    // a damaged one.
    if let Command::Backup(args) = &cli.command {
        if let Some(done) = args.without_opening(&path) {
            return done.map(|()| ExitCode::SUCCESS);
        }
    }
    let command = match cli.command {
        // A FET file is solved without a school file.
        Command::Fet { command } if !command.needs_db() => return fet::run(command),
        Command::Template { command } if !command.needs_db() => {
            return export::template(command).map(|()| ExitCode::SUCCESS)
        }
        Command::District { command } if !command.needs_db() => {
            return district::run_server(command).map(|()| ExitCode::SUCCESS)
        }
        other => other,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).at(parent)?;
    }
    let db = Db::open(&path)?;
    // The copy of the first open of the day, as the app makes it; a folder it cannot be made
    // in does not stop the command (`backup list` shows what there is).
    if let Err(e) = zavuch_core::backup::daily(&db) {
        eprintln!("Внимание: ежедневная копия не сделана: {e}");
    }
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
                to_json(&data)?
            } else {
                overview::summary(&data)
            };
            print_out(&text)?;
        }
        Command::School {
            command:
                SchoolCommand::Set {
                    inn,
                    full_name,
                    short_name,
                },
        } => {
            let mut card = school::get(&db)?;
            for (value, field) in [
                (inn, &mut card.inn),
                (full_name, &mut card.full_name),
                (short_name, &mut card.short_name),
            ] {
                if let Some(value) = value {
                    *field = value;
                }
            }
            let card = school::save(&db, &card)?;
            println!(
                "Карта школы сохранена: {} (ИНН {}).",
                card.full_name, card.inn
            );
        }
        Command::Where => unreachable!("answered before opening the file"),
        Command::Backup(args) => backup::run(&db, args)?,
        Command::Import { command } => import::run(&db, command)?,
        Command::Export { year, command } => export::run(&db, year.resolve(&db)?, command)?,
        Command::Print { year, command } => print::run(&db, year.resolve(&db)?, command)?,
        Command::Report { year, command } => reports::run(&db, year.resolve(&db)?, command)?,
        Command::Load { command } => load::run(&db, command)?,
        Command::Timetable { command } => return timetable::run(&db, command),
        Command::Template { command } => export::school_template(&db, command)?,
        Command::Term { command } => marks::run(&db, command)?,
        Command::Movement { command } => movement::run(&db, command)?,
        Command::Staff { command } => staff::run(&db, command)?,
        Command::Archive(args) => archive::run(&db, args)?,
        Command::Rollover { command } => return rollover::run(&db, command),
        Command::Audit { command } => return audit::run(&db, command),
        Command::District { command } => district::run(&db, command)?,
        Command::Accounts { command } => accounts::run(&db, command)?,
        Command::Encrypt(_) | Command::Decrypt(_) | Command::ChangePassword(_) => {
            unreachable!("the conversions run before the file is opened")
        }
        Command::Fet { command } => fet::import(&db, command)?,
    }
    Ok(ExitCode::SUCCESS)
}
