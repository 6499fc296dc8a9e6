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
    /// The class of the current year, e.g. "5 А"
    #[arg(long, value_name = "CLASS", group = "which")]
    class: Option<String>,
    /// Every class of the current year that has the period (grade 1 has no marks)
    #[arg(long, group = "which")]
    all: bool,
    /// The period as the class has it: "1 четверть", "2 полугодие", "Год"
    #[arg(long, value_name = "PERIOD")]
    period: String,
    /// FILE.pdf; with --all a folder for a file per class («2026-2027, 1 четверть, 5 А.pdf»),
    /// or a FILE.pdf for all classes in one
    #[arg(short = 'o', long = "output", value_name = "PATH")]
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
        println!(
            "{}: {}, {} (обучающихся: {}, {counted}) → {}",
            form.label(),
            ledger.heading.class,
            ledger.heading.period,
            c.students,
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
