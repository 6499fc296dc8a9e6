//! `zavuch-cli print results`, `export results` («Итоги успеваемости» of a period) and
//! `print student-results` (a student's page, or one per student of a class).

use clap::Args;
use std::path::{Path, PathBuf};
use zavuch_core::forms::{results, student_results};
use zavuch_core::marks::Rate;
use zavuch_core::{db::ru_key, students, CoreError, Db, FieldError};

/// Which period «Итоги успеваемости» reports, and where to.
#[derive(Args)]
pub struct ResultsArgs {
    /// Период: "1 четверть", "2 полугодие", "Год" (по умолчанию последний начавшийся)
    #[arg(long, value_name = "ПЕРИОД")]
    period: Option<String>,
    #[arg(short = 'o', long = "output", value_name = "ФАЙЛ")]
    output: PathBuf,
}

/// Whose results `print student-results` prints.
#[derive(Args)]
#[command(group = clap::ArgGroup::new("whose").required(true).multiple(false))]
pub struct StudentResultsArgs {
    /// Ученик: номер личного дела или полное ФИО
    #[arg(long, value_name = "УЧЕНИК", group = "whose")]
    student: Option<String>,
    /// Все ученики класса текущего учебного года, по странице на каждого, например "5 А"
    #[arg(long, value_name = "КЛАСС", group = "whose")]
    class: Option<String>,
    #[arg(short = 'o', long = "output", value_name = "ФАЙЛ.pdf")]
    output: PathBuf,
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// «97,1 %», or «—» when nobody is counted.
fn percent(rate: &Option<Rate>) -> String {
    rate.as_ref()
        .map_or_else(|| results::rate_text(rate), |r| format!("{} %", r.text))
}

fn report(form: &results::ResultsForm, output: &Path) {
    let total = form.results.school_total();
    let missing = total.counts.marks.notice().map(|n| format!("; {n}"));
    println!(
        "Итоги успеваемости, {} учебный год, {} (классов: {}, обучающихся: {}, успеваемость {}, качество {}{}) → {}",
        form.results.year_name,
        form.results.period_name,
        total.classes,
        total.counts.students,
        percent(&total.pass_rate),
        percent(&total.quality_rate),
        missing.unwrap_or_default(),
        output.display()
    );
}

/// `print results`: the PDF.
pub fn print(db: &Db, year: i64, args: ResultsArgs) -> Result<(), CoreError> {
    let form = results::compute_in_year(db, year, args.period.as_deref(), today())?;
    crate::print::write(&args.output, &results::pdf(&form))?;
    report(&form, &args.output);
    Ok(())
}

/// `export results`: the same figures as .xlsx.
pub fn export(db: &Db, year: i64, args: ResultsArgs) -> Result<(), CoreError> {
    let form = results::compute_in_year(db, year, args.period.as_deref(), today())?;
    crate::print::write(&args.output, &results::xlsx(&form)?)?;
    report(&form, &args.output);
    Ok(())
}

/// `print student-results`: one student's page, or a page per student of the class.
pub fn print_students(db: &Db, year: i64, args: StudentResultsArgs) -> Result<(), CoreError> {
    let form = match (&args.student, &args.class) {
        (Some(student), _) => student_results::for_student_in_year(
            db,
            find_student(db, year, student)?,
            year,
            today(),
        )?,
        (None, Some(class)) => {
            student_results::for_class(db, crate::print::find_class(db, year, class)?, today())?
        }
        (None, None) => unreachable!("clap requires --student or --class"),
    };
    crate::print::write(&args.output, &student_results::pdf(&form))?;
    println!(
        "Сведения об успеваемости (страниц: {}) → {}",
        form.students.len(),
        args.output.display()
    );
    Ok(())
}

fn refused(code: &str, message: String) -> CoreError {
    CoreError::Refused(FieldError {
        field: "student".into(),
        code: code.into(),
        message,
    })
}

/// A name for comparing: case, «ё» and spaces do not count.
fn name_key(text: &str) -> String {
    ru_key(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The student with this personal file number, else the one of the current year's students
/// with this full name; refuses a name nobody has and one several students share, naming their
/// classes and file numbers.
fn find_student(db: &Db, year: i64, text: &str) -> Result<i64, CoreError> {
    if let Some(id) = students::find_by_file_number(db, text)? {
        return Ok(id);
    }
    let key = name_key(text);
    let found: Vec<_> = students::list(db, year, None, None)?
        .into_iter()
        .filter(|s| name_key(&s.full_name) == key)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err(refused(
            "unknown_student",
            format!(
                "Нет обучающегося «{text}»: укажите № личного дела или фамилию, имя и отчество полностью."
            ),
        )),
        many => Err(refused(
            "ambiguous_student",
            format!(
                "«{text}» — это несколько обучающихся: {}. Укажите № личного дела.",
                many.iter()
                    .map(|s| format!("{} (№ {})", s.class_label, s.file_number))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}
