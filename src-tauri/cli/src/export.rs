//! `zavuch-cli export …` and `zavuch-cli template …`: lists written as .xlsx. Other exports
//! (class sizes) add their variants to [`ExportCommand`].

use clap::Subcommand;
use std::path::PathBuf;
use zavuch_core::{roster, staff_roster, thematic_plans, CoreError, Db};

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Ученики текущего учебного года в виде списка всей школы (загружается обратно без изменений)
    Students {
        /// Только этот класс, например "5 А"
        #[arg(long, value_name = "КЛАСС")]
        class: Option<String>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// Сотрудники, работающие сегодня, строка на каждую должность (загружается обратно без изменений)
    Staff {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// «Наполняемость классов» для управления образования: те же цифры, что `print class-sizes`
    ClassSizes {
        /// День, ДД.ММ.ГГГГ (по умолчанию 20 сентября — день формы ОО-1)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: Option<chrono::NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// «Движение обучающихся» за период: та же таблица, что `print movement`
    Movement {
        #[command(flatten)]
        period: crate::reports::Period,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// «Учебный план» уровня образования: та же таблица, что `print curriculum`
    Curriculum {
        /// Уровень: 1-4, 5-9 или 10-11
        #[arg(long, value_name = "УРОВЕНЬ", value_parser = crate::print::parse_level)]
        level: zavuch_core::curriculum::Level,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// «Тарификация»: нагрузка по учителям и по классам, по листу на каждую
    Load {
        /// День, на который сотрудники считаются работающими, ДД.ММ.ГГГГ (по умолчанию сегодня, в пределах учебного года)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: Option<chrono::NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// «Расписание уроков»: листы «Школа» (шахматка), по листу на класс и «Учителя»
    Timetable {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// «Сводная ведомость итоговой успеваемости» класса: та же таблица, что `print ledger`
    Ledger {
        /// Класс текущего учебного года, например "5 А"
        #[arg(long, value_name = "КЛАСС")]
        class: String,
        /// Период, как он назван у класса: "1 четверть", "2 полугодие", "Год"
        #[arg(long, value_name = "ПЕРИОД")]
        period: String,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// «Итоги успеваемости» за период: те же цифры, что `print results`
    Results {
        #[command(flatten)]
        args: crate::results::ResultsArgs,
    },
    /// Списки по итогам периода: те же, что `print results-lists`
    ResultsLists {
        #[command(flatten)]
        args: crate::results::ResultsArgs,
    },
    /// Тематический план (КТП) класса в виде для загрузки (загружается обратно без изменений)
    ThematicPlan {
        /// Класс текущего учебного года, например "5 А"
        #[arg(long, value_name = "КЛАСС")]
        class: String,
        /// Предмет, например "Математика"
        #[arg(long, value_name = "ПРЕДМЕТ")]
        subject: String,
        /// Подгруппа класса, например "1 группа" (без неё — план всего класса)
        #[arg(long, value_name = "ПОДГРУППА")]
        subgroup: Option<String>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// Отметки класса (и пропуски за четверть) за период в виде для загрузки (загружается обратно без изменений)
    Marks {
        #[command(flatten)]
        sheet: crate::marks::SheetArgs,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum TemplateCommand {
    /// Пустой шаблон списка учеников: одного класса (приложение 8) или с --whole-school — со столбцом «Класс» впереди
    Students {
        /// Шаблон всей школы, со столбцом «Класс»
        #[arg(long)]
        whole_school: bool,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// Пустой шаблон списка сотрудников
    Staff {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// Пустой шаблон тематического плана (КТП): Раздел | № урока | Тема урока | Количество часов | Дата | Вид работы
    ThematicPlan {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
        output: PathBuf,
    },
    /// Лист отметок класса за период для заполнения: его ученики и предметы, без отметок (нужна база)
    Marks {
        #[command(flatten)]
        sheet: crate::marks::SheetArgs,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.xlsx")]
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
        ExportCommand::Movement { period, output } => {
            crate::reports::export_movement(db, year, period, &output)?
        }
        ExportCommand::Curriculum { level, output } => {
            crate::print::export_curriculum(db, year, level, &output)?
        }
        ExportCommand::Load { date, output } => crate::load::export(db, year, date, &output)?,
        ExportCommand::Timetable { output } => crate::print::export_timetable(db, year, &output)?,
        ExportCommand::Results { args } => crate::results::export(db, year, args)?,
        ExportCommand::ResultsLists { args } => crate::results::export_lists(db, year, args)?,
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
