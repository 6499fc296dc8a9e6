//! `zavuch-cli print …` (the printed forms as PDF) and the class sizes as .xlsx for
//! `export class-sizes`.

use chrono::NaiveDate;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use zavuch_core::curriculum::Level;
use zavuch_core::forms::thematic_plan as thematic_plan_form;
use zavuch_core::forms::timetable::{self as timetable_form, WeekOf};
use zavuch_core::forms::{self, class_list, class_report, class_sizes, curriculum, transfer_order};
use zavuch_core::{classes, CoreError, Db, FieldError, Problem};

#[derive(Subcommand)]
pub enum PrintCommand {
    /// «Список класса»: ученики класса по алфавиту с датами рождения и номерами личных дел
    ClassList {
        /// Класс текущего учебного года, например "5 А" (можно "5А", "5-а")
        #[arg(long, value_name = "КЛАСС")]
        class: String,
        /// День, на который составлен список, ДД.ММ.ГГГГ (по умолчанию сегодня, в пределах учебного года)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Наполняемость классов»: мальчики, девочки, всего и формы обучения по классам, с подытогами
    ClassSizes {
        /// День, ДД.ММ.ГГГГ (по умолчанию 20 сентября — день формы ОО-1)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Движение обучающихся» за период: по классам, уровням и школе (А4, альбомная)
    Movement {
        #[command(flatten)]
        period: crate::reports::Period,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Алфавитная книга записи обучающихся»: все когда-либо зачисленные, по первой букве фамилии (А4, альбомная)
    AlphabetBook {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Книга приказов по контингенту»: приказы учебного года с учениками, которых они касаются
    Orders {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Книга приказов по личному составу»: приказы учебного года о приёме, переводе и увольнении сотрудников
    StaffOrders {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// Проект приказа: ученики по классам, основание, подпись директора
    Order {
        /// Номер приказа, например "12-у"
        #[arg(long, value_name = "НОМЕР")]
        number: String,
        /// Дата приказа, ДД.ММ.ГГГГ, если с этим номером несколько приказов
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Учебный план» уровня образования: параллели по столбцам, предметы по частям по строкам, итоги за неделю и год
    Curriculum {
        /// Уровень: 1-4, 5-9 или 10-11
        #[arg(long, value_name = "УРОВЕНЬ", value_parser = parse_level)]
        level: Level,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Тарификация»: нагрузка по учителям (предметы, классы, часы, итог, ставка) или по классам
    Load {
        /// Какую таблицу: teacher — по учителям, class — по классам
        #[arg(long, value_enum, default_value = "teacher", value_name = "ТАБЛИЦА")]
        by: crate::load::By,
        /// День, на который сотрудники считаются работающими, ДД.ММ.ГГГГ (по умолчанию сегодня, в пределах учебного года)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Расписание уроков»: неделя класса, учителя или кабинета (A4 альбомный) или шахматка всей школы (A3 альбомный, страница на уровень)
    #[command(group = clap::ArgGroup::new("whose").required(true).multiple(false))]
    Timetable {
        /// Класс текущего учебного года, например "5 А"
        #[arg(long, value_name = "КЛАСС", group = "whose")]
        class: Option<String>,
        /// Учитель: "Фамилия И. О." или полное ФИО
        #[arg(long, value_name = "ФИО", group = "whose")]
        teacher: Option<String>,
        /// Номер кабинета, например "12"
        #[arg(long, value_name = "КАБИНЕТ", group = "whose")]
        room: Option<String>,
        /// Вся школа («шахматка»)
        #[arg(long, group = "whose")]
        school: bool,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Календарно-тематическое планирование»: план класса по предмету по разделам, с итогом против учебного плана
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
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Сводная ведомость итоговой успеваемости» класса за период или всех классов (--all)
    Ledger {
        #[command(flatten)]
        args: crate::ledger::LedgerArgs,
    },
    /// «Сводная ведомость учёта посещаемости» класса за четверть или всех классов (--all)
    AttendanceLedger {
        #[command(flatten)]
        args: crate::ledger::LedgerArgs,
    },
    /// «Итоги успеваемости» за период: по классам, уровням и школе, с успеваемостью и качеством
    Results {
        #[command(flatten)]
        args: crate::results::ResultsArgs,
    },
    /// Списки по итогам периода для управления образования: отличники, с одной «4», с одной «3», неуспевающие с предметами
    ResultsLists {
        #[command(flatten)]
        args: crate::results::ResultsArgs,
    },
    /// «Сведения об успеваемости обучающегося» для родителей: страница ученика или по странице на каждого ученика класса
    StudentResults {
        #[command(flatten)]
        args: crate::results::StudentResultsArgs,
    },
    /// «Проект приказа о переводе»: решения педсовета по классам (переведены, условно — с предметами, оставлены на повторное обучение, окончили, выбывают)
    TransferOrder {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Список условно переведённых»: предметы задолженности каждого ученика со сроками и результатами
    Conditional {
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
    /// «Замены»: лист замен на день или с --month — замены каждого учителя за месяц
    Substitutions {
        /// День, ДД.ММ.ГГГГ (по умолчанию сегодня)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date, conflicts_with = "month")]
        date: Option<NaiveDate>,
        /// Месяц, ММ.ГГГГ
        #[arg(long, value_name = "ММ.ГГГГ", value_parser = parse_month)]
        month: Option<(i32, u32)>,
        #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
        output: PathBuf,
    },
}

/// Reads a level («5-9») for clap.
pub fn parse_level(text: &str) -> Result<Level, String> {
    Level::parse(text).ok_or_else(|| {
        Problem::UnknownLevel {
            value: text.to_string(),
        }
        .to_string()
    })
}

/// Reads DD.MM.YYYY for clap.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    forms::parse_ru_date(text).ok_or_else(|| format!("«{text}» — не дата ДД.ММ.ГГГГ"))
}

/// Reads MM.YYYY for clap.
pub fn parse_month(text: &str) -> Result<(i32, u32), String> {
    let bad = || format!("«{text}» — не месяц ММ.ГГГГ");
    let (month, year) = text.trim().split_once('.').ok_or_else(bad)?;
    let month: u32 = month.parse().map_err(|_| bad())?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    if (1..=12).contains(&month) && (1900..=2200).contains(&year) {
        Ok((year, month))
    } else {
        Err(bad())
    }
}

pub(crate) fn write(output: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    zavuch_core::forms::documents::write(output, bytes)
}

/// `--year 2026-2027` of the print and export commands: the year whose forms are printed.
#[derive(clap::Args)]
pub struct YearArg {
    /// Учебный год формы, например 2026-2027 (по умолчанию текущий)
    #[arg(long, global = true, value_name = "ГГГГ-ГГГГ")]
    year: Option<String>,
}

impl YearArg {
    /// The year named, or else the current one.
    pub fn resolve(&self, db: &Db) -> Result<i64, CoreError> {
        match &self.year {
            Some(name) => year_by_name(db, name),
            None => zavuch_core::year::current_id(db),
        }
    }
}

/// The school's year named «2026-2027»; refused when the school has no such year.
pub(crate) fn year_by_name(db: &Db, name: &str) -> Result<i64, CoreError> {
    zavuch_core::year::find_by_name(db, name)?
        .and_then(|y| y.id)
        .ok_or_else(|| {
            refused(
                "year",
                "unknown_year",
                format!("Учебного года «{name}» в школе нет: укажите год как 2026-2027."),
            )
        })
}

/// The class of the year `year` a `--class` names, however it is typed («5А», «5 а»).
pub(crate) fn find_class(db: &Db, year: i64, text: &str) -> Result<i64, CoreError> {
    let class = classes::find_by_label(db, year, text)?;
    class.and_then(|c| c.id).ok_or_else(|| {
        let label = text.to_string();
        let problem = match zavuch_core::year::current_id(db) {
            Ok(current) if current == year => Problem::UnknownClass { label },
            _ => Problem::UnknownClassInYear {
                label,
                year: zavuch_core::year::get(db, year)
                    .map(|y| y.name)
                    .unwrap_or_default(),
            },
        };
        CoreError::refused("class", problem)
    })
}

/// Prints the form of the year `year` (`--year`, else the current year).
pub fn run(db: &Db, year: i64, command: PrintCommand) -> Result<(), CoreError> {
    match command {
        PrintCommand::ClassList {
            class,
            date,
            output,
        } => {
            let id = find_class(db, year, &class)?;
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
            let sizes = class_sizes::compute_in_year(db, year, date)?;
            write(&output, &class_sizes::pdf(&sizes))?;
            println!(
                "Наполняемость классов на {} (обучающихся: {}) → {}",
                forms::ru_date(sizes.on),
                sizes.school_total().total,
                output.display()
            );
        }
        PrintCommand::Movement { period, output } => {
            crate::reports::print_movement(db, year, period, &output)?
        }
        PrintCommand::AlphabetBook { output } => crate::reports::print_alphabet_book(db, &output)?,
        PrintCommand::Orders { output } => {
            let name = zavuch_core::year::get(db, year)?.name;
            crate::reports::print_orders(db, Some(&name), &output)?
        }
        PrintCommand::StaffOrders { output } => {
            let name = zavuch_core::year::get(db, year)?.name;
            crate::reports::print_staff_orders(db, Some(&name), &output)?
        }
        PrintCommand::Order {
            number,
            date,
            output,
        } => crate::reports::print_order(db, &number, date, &output)?,
        PrintCommand::Curriculum { level, output } => {
            let plan = curriculum::compute_in_year(db, year, level)?;
            write(&output, &curriculum::pdf(&plan))?;
            report_curriculum(&plan, &output);
        }
        PrintCommand::Load { by, date, output } => crate::load::print(db, year, by, date, &output)?,
        PrintCommand::Timetable {
            class,
            teacher,
            room,
            school: _,
            output,
        } => print_timetable(db, year, class, teacher, room, &output)?,
        PrintCommand::Substitutions {
            date,
            month,
            output,
        } => print_substitutions(db, date, month, &output)?,
        PrintCommand::Ledger { args } => {
            crate::ledger::print(db, year, class_report::LedgerForm::Marks, args)?
        }
        PrintCommand::AttendanceLedger { args } => {
            crate::ledger::print(db, year, class_report::LedgerForm::Attendance, args)?
        }
        PrintCommand::Results { args } => crate::results::print(db, year, args)?,
        PrintCommand::ResultsLists { args } => crate::results::print_lists(db, year, args)?,
        PrintCommand::StudentResults { args } => crate::results::print_students(db, year, args)?,
        PrintCommand::TransferOrder { output } => {
            let order = transfer_order::load(db, year)?;
            write(&output, &transfer_order::pdf(&order))?;
            let students: usize = order
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .map(|i| i.students.len())
                .sum();
            println!(
                "Проект приказа о переводе, {} учебный год (классов: {}, обучающихся: {students}) → {}",
                order.year,
                order.sections.len(),
                output.display()
            );
        }
        PrintCommand::Conditional { output } => {
            let list = transfer_order::conditional(db, year)?;
            write(&output, &transfer_order::conditional_pdf(&list))?;
            println!(
                "Условно переведённые, {} учебный год (обучающихся: {}) → {}",
                list.year,
                list.students,
                output.display()
            );
        }
        PrintCommand::ThematicPlan {
            class,
            subject,
            subgroup,
            output,
        } => {
            let plan = zavuch_core::thematic_plans::by_names_in_year(
                db,
                year,
                &class,
                &subject,
                subgroup.as_deref(),
            )?;
            let form = thematic_plan_form::load(db, plan.id.unwrap_or_default())?;
            write(&output, &thematic_plan_form::pdf(&form))?;
            println!(
                "КТП {}: {} → {}",
                form.plan.title(),
                thematic_plan_form::totals_line(&form.plan),
                output.display()
            );
        }
    }
    Ok(())
}

pub(crate) fn refused(field: &str, code: &str, message: String) -> CoreError {
    CoreError::Refused(FieldError {
        field: field.into(),
        code: code.into(),
        message,
    })
}

/// A name for comparing: case, «ё» and spaces do not count («Иванова А.П.» is «Иванова А. П.»).
fn name_key(text: &str) -> String {
    zavuch_core::db::ru_key(&text.split_whitespace().collect::<String>())
}

/// The staff member named «Фамилия И. О.» or by the full name; refuses a name nobody has and
/// one that several share, naming them.
fn find_teacher(db: &Db, text: &str) -> Result<i64, CoreError> {
    let key = name_key(text);
    let today = chrono::Local::now().date_naive();
    let found: Vec<_> = zavuch_core::staff::list(db, today, true)?
        .into_iter()
        .filter(|m| {
            let parts: Vec<&str> = m.full_name.split_whitespace().collect();
            let short = zavuch_core::people::short_name(
                parts.first().copied().unwrap_or(""),
                parts.get(1).copied().unwrap_or(""),
                parts.get(2).copied().unwrap_or(""),
            );
            name_key(&m.full_name) == key || name_key(&short) == key
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err(refused(
            "teacher",
            "unknown_teacher",
            format!("Нет сотрудника «{text}». Укажите «Фамилия И. О.» или полное имя, как в списке сотрудников."),
        )),
        many => Err(refused(
            "teacher",
            "ambiguous_teacher",
            format!(
                "«{text}» — это несколько сотрудников: {}. Укажите полное имя.",
                many.iter()
                    .map(|m| m.full_name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// The room of this number (case and spaces do not count).
fn find_room(db: &Db, text: &str) -> Result<i64, CoreError> {
    let key = name_key(text);
    zavuch_core::rooms::list(db)?
        .into_iter()
        .find(|r| name_key(&r.number) == key)
        .and_then(|r| r.id)
        .ok_or_else(|| {
            refused(
                "room",
                "unknown_room",
                format!(
                    "Нет кабинета «{text}». Укажите номер кабинета, как в справочнике кабинетов."
                ),
            )
        })
}

/// `print timetable`: the week of the class, teacher or room named, or the school's sheet.
fn print_timetable(
    db: &Db,
    year: i64,
    class: Option<String>,
    teacher: Option<String>,
    room: Option<String>,
    output: &Path,
) -> Result<(), CoreError> {
    let of = if let Some(class) = class {
        WeekOf::Class(find_class(db, year, &class)?)
    } else if let Some(teacher) = teacher {
        WeekOf::Teacher(find_teacher(db, &teacher)?)
    } else if let Some(room) = room {
        WeekOf::Room(find_room(db, &room)?)
    } else {
        let form = timetable_form::school_sheet_in_year(db, year)?;
        write(output, &timetable_form::school_pdf(&form))?;
        let lessons: usize = form.sheet.cells.iter().flatten().map(Vec::len).sum();
        println!(
            "Расписание школы на {} учебный год (классов: {}, уроков в клетках: {lessons}) → {}",
            form.heading.year,
            form.sheet.classes.len(),
            output.display()
        );
        return Ok(());
    };
    let form = timetable_form::week_in_year(db, year, of)?;
    write(output, &timetable_form::week_pdf(&form))?;
    println!(
        "{} (уроков в неделю: {}) → {}",
        form.title(),
        form.view.lessons_first.max(form.view.lessons_second),
        output.display()
    );
    Ok(())
}

/// `print substitutions`: a day's sheet, or a month's counts per teacher.
fn print_substitutions(
    db: &Db,
    date: Option<NaiveDate>,
    month: Option<(i32, u32)>,
    output: &Path,
) -> Result<(), CoreError> {
    if let Some((year, month)) = month {
        let form = timetable_form::substitutions_in(db, year, month)?;
        write(output, &timetable_form::month_pdf(&form))?;
        println!(
            "Замены за {} (учителей: {}) → {}",
            form.month,
            form.counts.len(),
            output.display()
        );
        return Ok(());
    }
    let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let form = timetable_form::substitutions_on(db, date)?;
    write(output, &timetable_form::substitutions_pdf(&form))?;
    println!(
        "Замены на {} (замен: {}) → {}",
        form.day.date_text,
        form.day.rows.len(),
        output.display()
    );
    Ok(())
}

/// `export timetable`: the school sheet, a sheet per class and the teachers' sheet as .xlsx.
pub fn export_timetable(db: &Db, year: i64, output: &Path) -> Result<(), CoreError> {
    let form = timetable_form::school_sheet_in_year(db, year)?;
    write(output, &timetable_form::xlsx(db, &form)?)?;
    println!(
        "Расписание на {} учебный год (листов: {}) → {}",
        form.heading.year,
        form.sheet.classes.len() + 2,
        output.display()
    );
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
pub fn export_curriculum(db: &Db, year: i64, level: Level, output: &Path) -> Result<(), CoreError> {
    let plan = curriculum::compute_in_year(db, year, level)?;
    write(output, &curriculum::xlsx(&plan)?)?;
    report_curriculum(&plan, output);
    Ok(())
}

/// `export class-sizes`: the same figures as `print class-sizes`, as .xlsx.
pub fn export_class_sizes(
    db: &Db,
    year: i64,
    date: Option<NaiveDate>,
    output: &Path,
) -> Result<(), CoreError> {
    let sizes = class_sizes::compute_in_year(db, year, date)?;
    write(output, &class_sizes::xlsx(&sizes)?)?;
    println!(
        "Наполняемость классов на {} (обучающихся: {}) → {}",
        forms::ru_date(sizes.on),
        sizes.school_total().total,
        output.display()
    );
    Ok(())
}
