//! `zavuch-cli archive …`: the archive copy of a period's marks (a spreadsheet a class and the
//! SHA-256 manifest, optionally copied to a second folder), `archive verify DIR` (needs no
//! database; exits non-zero naming every changed or missing file) and `archive list`.

use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use zavuch_core::marks::archive::{self, ArchiveCopy, ArchiveReport, VerifyReport};
use zavuch_core::{year, CoreError, Db, Problem};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ArchiveArgs {
    #[command(subcommand)]
    command: Option<ArchiveCommand>,
    /// Период текущего учебного года, как он назван у классов: «1 четверть», «2 полугодие», «год»
    #[arg(long, required = true, value_name = "ПЕРИОД")]
    period: Option<String>,
    /// Папка для копии (создаётся, если её нет; в ней не должно быть другой архивной копии)
    #[arg(short = 'o', long = "output", value_name = "ПАПКА", required = true)]
    output: Option<PathBuf>,
    /// Вторая папка (другой диск, флешка), куда файлы копируются и там проверяются
    #[arg(long = "copy-to", value_name = "ПАПКА2")]
    copy_to: Option<PathBuf>,
    /// Напечатать итог в JSON
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// Проверить папку архивной копии по её описи (база не нужна): называет каждый изменённый, недостающий и лишний файл; код выхода не 0, если файл изменён или пропал
    Verify {
        /// Папка архивной копии
        #[arg(value_name = "ПАПКА")]
        dir: PathBuf,
        /// Напечатать итог проверки в JSON
        #[arg(long)]
        json: bool,
    },
    /// Журнал архивных копий текущего учебного года, новые сверху
    List {
        /// Напечатать журнал в JSON
        #[arg(long)]
        json: bool,
    },
}

impl ArchiveArgs {
    /// Whether errors are to be printed as JSON too.
    pub fn json(&self) -> bool {
        match &self.command {
            Some(ArchiveCommand::Verify { json, .. } | ArchiveCommand::List { json }) => *json,
            None => self.json,
        }
    }

    /// The folder to check when the command is `verify`, which runs without the database.
    pub fn verify_dir(&self) -> Option<&Path> {
        match &self.command {
            Some(ArchiveCommand::Verify { dir, .. }) => Some(dir),
            _ => None,
        }
    }
}

/// `archive verify DIR`: the report, then a refusal naming the damaged files (a non-zero exit).
pub fn verify(dir: &Path, json: bool) -> Result<(), CoreError> {
    let report = archive::verify(dir)?;
    let text = if json {
        crate::to_json(&report)?
    } else {
        verify_summary(&report)
    };
    crate::print_out(&text)?;
    match report.problem() {
        Some(problem) => Err(CoreError::refused("folder", problem)),
        None => Ok(()),
    }
}

pub fn run(db: &Db, args: ArchiveArgs) -> Result<(), CoreError> {
    let year_id = year::current_id(db)?;
    let json = args.json();
    match args.command {
        Some(ArchiveCommand::List { .. }) => {
            let list = archive::list(db, year_id)?;
            let text = if json {
                crate::to_json(&list)?
            } else {
                list_summary(&list)
            };
            crate::print_out(&text)?;
        }
        Some(ArchiveCommand::Verify { .. }) => unreachable!("checked before opening the file"),
        None => {
            let (Some(period), Some(output)) = (args.period, args.output) else {
                return Err(CoreError::refused("period", Problem::Required));
            };
            let now = chrono::Local::now().naive_local();
            let report =
                archive::archive(db, year_id, &period, &output, args.copy_to.as_deref(), now)?;
            let text = if json {
                crate::to_json(&report)?
            } else {
                archive_summary(&report)
            };
            crate::print_out(&text)?;
        }
    }
    Ok(())
}

fn archive_summary(r: &ArchiveReport) -> String {
    let c = &r.copy;
    let mut out = format!(
        "Архивная копия «{}»: файлов {} и опись {} в папке {}\n",
        c.period_name,
        c.files,
        archive::MANIFEST,
        c.folder
    );
    if !c.second_folder.is_empty() {
        out.push_str(&format!(
            "Вторая копия проверена по описи: {}\n",
            c.second_folder
        ));
    }
    out.push_str(&format!("SHA-256 описи: {}\n", c.manifest_sha256));
    if !r.not_closed.is_empty() {
        out.push_str(&format!(
            "Внимание: период не закрыт у классов {} — их отметки ещё могут измениться.\n",
            r.not_closed.join(", ")
        ));
    }
    out
}

fn verify_summary(r: &VerifyReport) -> String {
    let mut out = String::new();
    let sections = [
        ("Изменены", &r.changed),
        ("Нет в папке", &r.missing),
        ("Не из описи (не проверялись)", &r.extra),
    ];
    for (title, names) in sections {
        if !names.is_empty() {
            out.push_str(&format!("{title} ({}):\n", names.len()));
            for name in names {
                out.push_str(&format!("  {name}\n"));
            }
        }
    }
    out.push_str(&format!(
        "Совпадают с описью: {} из {}. SHA-256 описи: {}\n",
        r.ok.len(),
        r.ok.len() + r.changed.len() + r.missing.len(),
        r.manifest_sha256
    ));
    out
}

fn list_summary(list: &[ArchiveCopy]) -> String {
    if list.is_empty() {
        return "Архивных копий в этом учебном году ещё нет.\n".into();
    }
    list.iter()
        .map(|c| {
            let second = if c.second_folder.is_empty() {
                String::new()
            } else {
                format!(" и {}", c.second_folder)
            };
            format!(
                "{}  «{}»: файлов {}, {}{}; SHA-256 описи {}\n",
                c.made_at, c.period_name, c.files, c.folder, second, c.manifest_sha256
            )
        })
        .collect()
}
