//! `zavuch-cli export …` and `zavuch-cli template …`: lists written as .xlsx. Other exports
//! (class sizes) add their variants to [`ExportCommand`].

use clap::Subcommand;
use std::path::PathBuf;
use zavuch_core::{roster, staff_roster, thematic_plans, CoreError, Db};

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
    /// The staff working today, one row per position held (it imports back unchanged)
    Staff {
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
    /// «Учебный план» of a level: the same table as `print curriculum`
    Curriculum {
        /// 1-4, 5-9 or 10-11
        #[arg(long, value_name = "LEVEL", value_parser = crate::print::parse_level)]
        level: zavuch_core::curriculum::Level,
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// «Тарификация»: the teaching load by teacher and by class, a sheet each
    Load {
        /// The day staff are counted as working, DD.MM.YYYY (default: today, moved into the year)
        #[arg(long, value_name = "DD.MM.YYYY", value_parser = crate::print::parse_date)]
        date: Option<chrono::NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// «Расписание уроков»: sheets «Школа» (шахматка), one per class, and «Учителя»
    Timetable {
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// «Сводная ведомость итоговой успеваемости» of a class: the same table as `print ledger`
    Ledger {
        /// The class of the current year, e.g. "5 А"
        #[arg(long, value_name = "CLASS")]
        class: String,
        /// The period as the class has it: "1 четверть", "2 полугодие", "Год"
        #[arg(long, value_name = "PERIOD")]
        period: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// «Итоги успеваемости» of a period: the same figures as `print results`
    Results {
        #[command(flatten)]
        args: crate::results::ResultsArgs,
    },
    /// A class's thematic plan (КТП) in the import layout (it imports back unchanged)
    ThematicPlan {
        /// The class of the current year, e.g. "5 А"
        #[arg(long, value_name = "CLASS")]
        class: String,
        /// The subject, e.g. "Математика"
        #[arg(long, value_name = "SUBJECT")]
        subject: String,
        /// One subgroup of the class, e.g. "1 группа" (the plan of the whole class without it)
        #[arg(long, value_name = "SUBGROUP")]
        subgroup: Option<String>,
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// A class's marks (and absences of a term) for a period in the import layout (it imports back unchanged)
    Marks {
        #[command(flatten)]
        sheet: crate::marks::SheetArgs,
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
    /// The empty staff list template
    Staff {
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// The empty thematic plan (КТП) template: Раздел | № урока | Тема урока | Количество часов | Дата | Вид работы
    ThematicPlan {
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// The marks sheet of a class for a period to fill in: its students and subjects, no marks (needs the database)
    Marks {
        #[command(flatten)]
        sheet: crate::marks::SheetArgs,
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
    },
}

impl TemplateCommand {
    /// Whether the template is made of the school's data (a class's students and subjects).
    pub fn needs_db(&self) -> bool {
        matches!(self, TemplateCommand::Marks { .. })
    }
}

/// Writes the list or report of the year `year` (`--year`, else the current year).
pub fn run(db: &Db, year: i64, command: ExportCommand) -> Result<(), CoreError> {
    match command {
        ExportCommand::Students { class, output } => {
            let n = roster::export_in_year(db, year, class.as_deref(), &output)?;
            println!("Выгружено обучающихся: {n} → {}", output.display());
        }
        ExportCommand::Staff { output } => {
            let n = staff_roster::export(db, &output)?;
            println!("Выгружено строк сотрудников: {n} → {}", output.display());
        }
        ExportCommand::ClassSizes { date, output } => {
            crate::print::export_class_sizes(db, year, date, &output)?
        }
        ExportCommand::Curriculum { level, output } => {
            crate::print::export_curriculum(db, year, level, &output)?
        }
        ExportCommand::Load { date, output } => crate::load::export(db, year, date, &output)?,
        ExportCommand::Timetable { output } => crate::print::export_timetable(db, year, &output)?,
        ExportCommand::Results { args } => crate::results::export(db, year, args)?,
        ExportCommand::Ledger {
            class,
            period,
            output,
        } => crate::ledger::export(db, year, &class, &period, &output)?,
        ExportCommand::ThematicPlan {
            class,
            subject,
            subgroup,
            output,
        } => {
            let plan =
                thematic_plans::by_names_in_year(db, year, &class, &subject, subgroup.as_deref())?;
            let id = plan.id.unwrap_or_default();
            let n = thematic_plans::exchange::export(db, id, &output)?;
            println!(
                "Выгружено тем: {n} ({}) → {}",
                plan.title(),
                output.display()
            );
        }
        ExportCommand::Marks { sheet, output } => crate::marks::export(db, year, &sheet, &output)?,
    }
    Ok(())
}

pub fn template(command: TemplateCommand) -> Result<(), CoreError> {
    let output = match command {
        TemplateCommand::Students {
            whole_school,
            output,
        } => {
            roster::template(&output, whole_school)?;
            output
        }
        TemplateCommand::Staff { output } => {
            staff_roster::template(&output)?;
            output
        }
        TemplateCommand::ThematicPlan { output } => {
            thematic_plans::exchange::template(&output)?;
            output
        }
        TemplateCommand::Marks { .. } => unreachable!("written by school_template"),
    };
    println!("Шаблон сохранён: {}", output.display());
    Ok(())
}

/// A template of the school's data ([`TemplateCommand::needs_db`]); the others as [`template`].
pub fn school_template(db: &Db, command: TemplateCommand) -> Result<(), CoreError> {
    match command {
        TemplateCommand::Marks { sheet, output } => crate::marks::template(db, &sheet, &output),
        other => template(other),
    }
}
