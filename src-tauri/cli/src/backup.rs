//! `backup`: the copies of the school file. `backup -o F` copies the file anywhere; `list`,
//! `now`, `restore` and `second-place` work with the copies the program keeps beside it
//! (docs/backups.md). `list` and `restore` work on a damaged school file too: they do not open it.

use crate::{print_out, to_json};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use zavuch_core::backup::{self, Backups};
use zavuch_core::{CoreError, Db};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BackupArgs {
    /// Скопировать всю базу в ФАЙЛ (резервная копия SQLite на ходу)
    #[arg(short = 'o', long = "output", value_name = "ФАЙЛ", required = true)]
    output: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<BackupCommand>,
}

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Копии файла школы: номер, когда и почему сделана, размер, проверена ли
    List {
        #[arg(long)]
        json: bool,
    },
    /// Сделать копию сейчас (причина «вручную»)
    Now,
    /// Восстановить копию (по номеру из списка или по пути к файлу); текущий файл сначала сохраняется копией. Не спрашивает подтверждения
    Restore {
        /// Номер копии из `backup list` или путь к файлу копии
        #[arg(value_name = "НОМЕР|ФАЙЛ")]
        copy: String,
    },
    /// Вторая папка для копий (флешка, сетевая папка): копии попадают и туда, когда она доступна
    SecondPlace {
        /// Папка (флешка, сетевая папка), которая есть сейчас
        #[arg(value_name = "ПАПКА", required_unless_present = "off")]
        folder: Option<PathBuf>,
        /// Забыть вторую папку: копии будут только рядом с файлом школы
        #[arg(long, conflicts_with = "folder")]
        off: bool,
    },
}

impl BackupArgs {
    pub fn json(&self) -> bool {
        matches!(self.command, Some(BackupCommand::List { json: true }))
    }

    /// The commands that do not open the school file (it may be damaged): run here, Some.
    pub fn without_opening(&self, school: &Path) -> Option<Result<(), CoreError>> {
        match &self.command {
            Some(BackupCommand::List { json }) => Some(list(school, *json)),
            Some(BackupCommand::Restore { copy }) => Some(restore(school, copy)),
            Some(BackupCommand::SecondPlace { folder, .. }) => Some(
                backup::set_second_place(school, folder.as_deref()).map(|b| {
                    match &b.second_place {
                        Some(place) => println!("Вторая папка для копий: {place}"),
                        None => println!("Вторая папка для копий не задана."),
                    }
                    warn(&b);
                }),
            ),
            _ => None,
        }
    }
}

pub fn run(db: &Db, args: BackupArgs) -> Result<(), CoreError> {
    match (args.command, args.output) {
        (Some(BackupCommand::Now), _) => {
            let copy = backup::make(db, backup::Reason::Manual)?;
            let school = db.path().unwrap_or(Path::new(""));
            match copy.and_then(|c| backup::path_of(school, &c.id)) {
                Some(file) => println!("Копия сделана: {}", file.display()),
                None => println!("База в памяти: копировать нечего."),
            }
            warn(&backup::overview(school)?);
            Ok(())
        }
        (None, Some(output)) => {
            db.backup_to(&output)?;
            println!("Резервная копия сохранена: {}", output.display());
            Ok(())
        }
        _ => unreachable!("list, restore and second-place run without opening the file"),
    }
}

fn list(school: &Path, json: bool) -> Result<(), CoreError> {
    let shown = backup::overview(school)?;
    if json {
        return print_out(&to_json(&shown.copies)?);
    }
    if shown.copies.is_empty() {
        println!("Копий файла школы нет ({}).", shown.folder);
    }
    let mut text = String::new();
    for c in &shown.copies {
        let checked = if c.checked {
            "проверена"
        } else {
            "не проверена"
        };
        text += &format!(
            "{:<17}  {}  {:>9}  {checked:<12}  {}\n",
            c.id,
            c.made_text(),
            c.size_text(),
            c.reason
        );
    }
    print_out(&text)?;
    warn(&shown);
    Ok(())
}

fn restore(school: &Path, copy: &str) -> Result<(), CoreError> {
    let restored = backup::restore(school, copy)?;
    println!("Восстановлено из {}.", restored.from);
    if let Some(kept) = restored.kept {
        println!(
            "Прежний файл сохранён копией № {} — её можно восстановить так же.",
            kept.id
        );
    }
    Ok(())
}

/// The second place's warning, on stderr.
fn warn(shown: &Backups) {
    if let Some(w) = &shown.warning {
        eprintln!("Внимание: {}", w.message);
    }
}
