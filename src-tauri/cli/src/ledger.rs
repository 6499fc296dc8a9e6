//! `zavuch-cli print ledger`, `print attendance-ledger` (a class, or with --all the whole school
//! into a folder or one PDF) and `export ledger` (.xlsx).

use clap::Args;
use std::path::{Path, PathBuf};
use zavuch_core::exchange::Cancel;
use zavuch_core::forms::class_report::{self, LedgerForm, Target};
use zavuch_core::forms::ledger;
use zavuch_core::{marks, CoreError, Db};

/// Which classes and period a ledger command prints.
#[derive(Args)]
#[command(group = clap::ArgGroup::new("which").required(true).multiple(false))]
pub struct LedgerArgs {
    /// Класс текущего учебного года, например "5 А"
    #[arg(long, value_name = "КЛАСС", group = "which")]
    class: Option<String>,
    /// Все классы текущего учебного года, у которых есть этот период (в 1 классе отметок нет)
    #[arg(long, group = "which")]
    all: bool,
    /// Период, как он назван у класса: "1 четверть", "2 полугодие", "Год"
    #[arg(long, value_name = "ПЕРИОД")]
    period: String,
    /// ФАЙЛ.pdf; с --all — папка для файла на класс («2026-2027, 1 четверть, 5 А.pdf»)
    /// или один ФАЙЛ.pdf на все классы
    #[arg(short = 'o', long = "output", value_name = "ПУТЬ")]
    output: PathBuf,
}

/// The class's ledger of the named period.
fn load(
    db: &Db,
    year: i64,
    form: LedgerForm,
    class: &str,
    period: &str,
) -> Result<class_report::ClassLedger, CoreError> {
    let class_id = crate::print::find_class(db, year, class)?;
    let period = marks::period_by_name(db, class_id, period)?;
    form.load(db, class_id, period.period)
}

fn is_pdf(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

pub fn print(db: &Db, year: i64, form: LedgerForm, args: LedgerArgs) -> Result<(), CoreError> {
    let LedgerArgs {
        class,
        all,
        period,
        output,
    } = args;
    if let Some(class) = class.filter(|_| !all) {
        let ledger = load(db, year, form, &class, &period)?;
        crate::print::write(&output, &form.pdf(&ledger))?;
        let c = &ledger.sheet.stats.class;
        // The attendance ledger has no subjects: the lessons missed stand in their place.
        let counted = match form {
            LedgerForm::Marks => format!("предметов: {}", ledger.sheet.subjects.len()),
            LedgerForm::Attendance => format!("пропущено уроков: {}", c.missed),
        };
        // The marks ledger says what its title says: marks still missing.
        let missing = match form {
            LedgerForm::Marks => c.counts.marks.notice().map(|n| format!("; {n}")),
            LedgerForm::Attendance => None,
        };
        println!(
            "{}: {}, {} (обучающихся: {}, {counted}{}) → {}",
            form.label(),
            ledger.heading.class,
            ledger.heading.period,
            c.counts.students,
            missing.unwrap_or_default(),
            output.display()
        );
        return Ok(());
    }
    let target = if is_pdf(&output) {
        Target::Combined(output.clone())
    } else {
        Target::Folder(output.clone())
    };
    let printed = class_report::print_school(
        db,
        year,
        &period,
        form,
        &target,
        &mut |done, total| eprint!("\rНапечатано классов: {done} из {total}"),
        &Cancel::default(),
    )?;
    eprintln!();
    println!(
        "{}: классов {} ({}), файлов {} → {}",
        form.label(),
        printed.classes.len(),
        printed.classes.join(", "),
        printed.files.len(),
        output.display()
    );
    Ok(())
}

/// `export ledger`: the class's marks ledger as .xlsx.
pub fn export(
    db: &Db,
    year: i64,
    class: &str,
    period: &str,
    output: &Path,
) -> Result<(), CoreError> {
    let ledger = load(db, year, LedgerForm::Marks, class, period)?;
    crate::print::write(output, &ledger::xlsx(&ledger)?)?;
    println!(
        "{}: {}, {} (обучающихся: {}) → {}",
        LedgerForm::Marks.label(),
        ledger.heading.class,
        ledger.heading.period,
        ledger.sheet.students.len(),
        output.display()
    );
    Ok(())
}
