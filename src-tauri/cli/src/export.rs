//! `zavuch-cli export …` and `zavuch-cli template …`: lists written as .xlsx. Other exports
//! (class sizes) add their variants to [`ExportCommand`].

use clap::Subcommand;
use std::path::PathBuf;
use zavuch_core::{roster, CoreError, Db};

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The students of the current year in the whole-school roster layout (it imports back unchanged)
    Students {
        /// Only this class, e.g. "5 А"
        #[arg(long, value_name = "CLASS")]
        class: Option<String>,
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// «Наполняемость классов» for the district: the same figures as `print class-sizes`
    ClassSizes {
        /// The day, DD.MM.YYYY (default: 20 September, the day of form ОО-1)
        #[arg(long, value_name = "DD.MM.YYYY", value_parser = crate::print::parse_date)]
        date: Option<chrono::NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum TemplateCommand {
    /// The empty student roster template: one class (appendix 8), or with --whole-school a «Класс» column in front
    Students {
        #[arg(long)]
        whole_school: bool,
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
}

pub fn run(db: &Db, command: ExportCommand) -> Result<(), CoreError> {
    match command {
        ExportCommand::Students { class, output } => {
            let n = roster::export(db, class.as_deref(), &output)?;
            println!("Выгружено обучающихся: {n} → {}", output.display());
        }
        ExportCommand::ClassSizes { date, output } => {
            crate::print::export_class_sizes(db, date, &output)?
        }
    }
    Ok(())
}

pub fn template(command: TemplateCommand) -> Result<(), CoreError> {
    match command {
        TemplateCommand::Students {
            whole_school,
            output,
        } => {
            roster::template(&output, whole_school)?;
            println!("Шаблон сохранён: {}", output.display());
        }
    }
    Ok(())
}
