//! `zavuch-cli print …` (the printed forms as PDF) and the class sizes as .xlsx for
//! `export class-sizes`.

use chrono::NaiveDate;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use zavuch_core::curriculum::Level;
use zavuch_core::forms::{self, class_list, class_sizes, curriculum};
use zavuch_core::{classes, CoreError, Db, FieldError};

#[derive(Subcommand)]
pub enum PrintCommand {
    /// «Список класса»: the class's students in alphabetical order with birth dates and personal file numbers
    ClassList {
        /// The class of the current year, e.g. "5 А" (also "5А", "5-а")
        #[arg(long, value_name = "CLASS")]
        class: String,
        /// The day of the list, DD.MM.YYYY (default: today, moved into the year)
        #[arg(long, value_name = "DD.MM.YYYY", value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// «Наполняемость классов»: boys, girls, total and study forms per class, with subtotals
    ClassSizes {
        /// The day, DD.MM.YYYY (default: 20 September, the day of form ОО-1)
        #[arg(long, value_name = "DD.MM.YYYY", value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// «Учебный план» of a level: grades as columns, subjects as rows by part, weekly and annual totals
    Curriculum {
        /// 1-4, 5-9 or 10-11
        #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
        level: Level,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// «Тарификация»: the teaching load by teacher (subjects, classes, hours, total, rate) or by class
    Load {
        #[arg(long, value_enum, default_value = "teacher")]
        by: crate::load::By,
        /// The day staff are counted as working, DD.MM.YYYY (default: today, moved into the year)
        #[arg(long, value_name = "DD.MM.YYYY", value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
}

/// Reads a level («5-9») for clap.
pub fn parse_level(text: &str) -> Result<Level, String> {
    Level::parse(text).ok_or_else(|| {
        zavuch_core::Problem::UnknownLevel {
            value: text.to_string(),
        }
        .to_string()
    })
}

/// Reads DD.MM.YYYY for clap.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    forms::parse_ru_date(text).ok_or_else(|| format!("«{text}» — не дата ДД.ММ.ГГГГ"))
}

pub(crate) fn write(output: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(output, bytes)?;
    Ok(())
}

fn find_class(db: &Db, text: &str) -> Result<i64, CoreError> {
    let year = zavuch_core::year::current(db)?.and_then(|y| y.id);
    let class = match year {
        Some(year) => classes::find_by_label(db, year, text)?,
        None => None,
    };
    class.and_then(|c| c.id).ok_or_else(|| {
        CoreError::Refused(FieldError {
            field: "class".into(),
            code: "unknown_class".into(),
            message: format!("В текущем учебном году нет класса «{text}»."),
        })
    })
}

pub fn run(db: &Db, command: PrintCommand) -> Result<(), CoreError> {
    match command {
        PrintCommand::ClassList {
            class,
            date,
            output,
        } => {
            let id = find_class(db, &class)?;
            let on = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            let list = class_list::load(db, id, on)?;
            write(&output, &class_list::pdf(&list))?;
            println!(
                "Список класса {} на {} (обучающихся: {}) → {}",
                list.class,
                forms::ru_date(list.on),
                list.students.len(),
                output.display()
            );
        }
        PrintCommand::ClassSizes { date, output } => {
            let sizes = class_sizes::compute(db, date)?;
            write(&output, &class_sizes::pdf(&sizes))?;
            println!(
                "Наполняемость классов на {} (обучающихся: {}) → {}",
                forms::ru_date(sizes.on),
                sizes.school_total().total,
                output.display()
            );
        }
        PrintCommand::Curriculum { level, output } => {
            let plan = curriculum::compute(db, level)?;
            write(&output, &curriculum::pdf(&plan))?;
            report_curriculum(&plan, &output);
        }
        PrintCommand::Load { by, date, output } => crate::load::print(db, by, date, &output)?,
    }
    Ok(())
}

fn report_curriculum(plan: &curriculum::LevelCurriculum, output: &Path) {
    println!(
        "Учебный план {} классов на {} учебный год (столбцов: {}) → {}",
        plan.level.range_label(),
        plan.year,
        plan.columns.len(),
        output.display()
    );
}

/// `export curriculum`: the same table as `print curriculum`, as .xlsx.
pub fn export_curriculum(db: &Db, level: Level, output: &Path) -> Result<(), CoreError> {
    let plan = curriculum::compute(db, level)?;
    write(output, &curriculum::xlsx(&plan)?)?;
    report_curriculum(&plan, output);
    Ok(())
}

/// `export class-sizes`: the same figures as `print class-sizes`, as .xlsx.
pub fn export_class_sizes(
    db: &Db,
    date: Option<NaiveDate>,
    output: &Path,
) -> Result<(), CoreError> {
    let sizes = class_sizes::compute(db, date)?;
    write(output, &class_sizes::xlsx(&sizes)?)?;
    println!(
        "Наполняемость классов на {} (обучающихся: {}) → {}",
        forms::ru_date(sizes.on),
        sizes.school_total().total,
        output.display()
    );
    Ok(())
}
