//! `zavuch-cli print results`, `export results` («Итоги успеваемости» of a period) and
//! `print student-results` (a student's page, or one per student of a class).

use clap::Args;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use zavuch_core::forms::{results, results_lists, student_results};
use zavuch_core::marks::lists::{ListedStudent, LIST_TITLES};
use zavuch_core::marks::results::{ResultsRow, ResultsRowKind};
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

/// `print results-lists`: the district's lists as PDF.
pub fn print_lists(db: &Db, year: i64, args: ResultsArgs) -> Result<(), CoreError> {
    let f = results_lists::compute_in_year(db, year, args.period.as_deref(), today())?;
    crate::print::write(&args.output, &results_lists::pdf(&f))?;
    lists_summary(&f, &args.output);
    Ok(())
}

/// `export results-lists`: the same lists as .xlsx.
pub fn export_lists(db: &Db, year: i64, args: ResultsArgs) -> Result<(), CoreError> {
    let f = results_lists::compute_in_year(db, year, args.period.as_deref(), today())?;
    crate::print::write(&args.output, &results_lists::xlsx(&f)?)?;
    lists_summary(&f, &args.output);
    Ok(())
}

/// «отличники 21, с одной «4» 1, …»: each list's size.
fn lists_sizes(f: &results_lists::ListsForm) -> String {
    LIST_TITLES
        .iter()
        .zip(f.lists.each())
        .map(|(t, l)| format!("{t}: {}", l.len()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn lists_summary(f: &results_lists::ListsForm, output: &Path) {
    let r = &f.form.results;
    println!(
        "Списки по итогам периода, {} учебный год, {} ({}) → {}",
        r.year_name,
        r.period_name,
        lists_sizes(f),
        output.display()
    );
}

/// `report results`: the figures and the lists as JSON, or as a text table.
pub fn report_results(
    db: &Db,
    year: i64,
    period: Option<&str>,
    json: bool,
) -> Result<(), CoreError> {
    let f = results_lists::compute_in_year(db, year, period, today())?;
    let text = if json {
        crate::to_json(&report_json(&f))?
    } else {
        report_text(&f)
    };
    crate::print_out(&text)
}

fn rate_json(rate: &Option<Rate>) -> Value {
    rate.as_ref().map_or(Value::Null, |r| r.value.into())
}

/// A row's figures under the names of `ResultCounts`, with the rates as numbers (null: none).
fn row_json(row: &ResultsRow) -> serde_json::Map<String, Value> {
    let c = &row.counts;
    let value = json!({
        "students": c.students,
        "counted": c.counted,
        "attested": c.attested,
        "only_five": c.only_five,
        "four_and_five": c.four_and_five,
        "one_three": c.one_three,
        "with_two": c.with_two,
        "not_attested": c.not_attested,
        "exempt": c.exempt,
        "incomplete": c.incomplete,
        "pass_rate": rate_json(&row.pass_rate),
        "quality_rate": rate_json(&row.quality_rate),
        "sou": rate_json(&row.sou),
    });
    match value {
        Value::Object(map) => map,
        _ => unreachable!("json! of an object"),
    }
}

fn listed_json(s: &ListedStudent, failing: bool) -> Value {
    let mut value = json!({ "class": s.class, "student": s.student });
    if failing {
        value["subjects"] = s.subjects.clone().into();
    }
    value
}

fn report_json(f: &results_lists::ListsForm) -> Value {
    let r = &f.form.results;
    let rows = |kind: ResultsRowKind, key: &str| -> Vec<Value> {
        r.rows
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| {
                let mut out = serde_json::Map::new();
                out.insert(key.into(), x.label.clone().into());
                out.extend(row_json(x));
                Value::Object(out)
            })
            .collect()
    };
    let list = |l: &[ListedStudent], failing| -> Vec<Value> {
        l.iter().map(|s| listed_json(s, failing)).collect()
    };
    json!({
        "period": r.period_name,
        "year": r.year_name,
        "classes": rows(ResultsRowKind::Class, "class"),
        "levels": rows(ResultsRowKind::Level, "level"),
        "school": Value::Object(row_json(r.school_total())),
        "lists": {
            "excellent": list(&f.lists.excellent, false),
            "one_four": list(&f.lists.one_four, false),
            "one_three": list(&f.lists.one_three, false),
            "failing": list(&f.lists.failing, true),
        },
        "notes": r.notes,
    })
}

fn report_text(f: &results_lists::ListsForm) -> String {
    let r = &f.form.results;
    let mut out = format!(
        "Итоги успеваемости, {} учебный год, {}\n",
        r.year_name,
        r.period_phrase()
    );
    let mut table = vec![[vec!["Класс".to_string()], results::figure_titles()].concat()];
    table.extend(
        r.rows
            .iter()
            .map(|row| [vec![row.label.clone()], results::row_texts(row)].concat()),
    );
    // Each column as wide as its widest cell, the label to the left, figures to the right.
    let widths: Vec<usize> = (0..table[0].len())
        .map(|j| {
            table
                .iter()
                .map(|row| row[j].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &table {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(j, (cell, w))| match j {
                0 => format!("{cell:<w$}"),
                _ => format!("{cell:>w$}"),
            })
            .collect();
        out.push_str(cells.join(" | ").trim_end());
        out.push('\n');
    }
    for (title, list) in LIST_TITLES.iter().zip(f.lists.each()) {
        out.push_str(&format!("\n{title}: {}\n", list.len()));
        for s in list {
            let subjects =
                (!s.subjects.is_empty()).then(|| format!(" — {}", s.subjects.join(", ")));
            out.push_str(&format!(
                "  {} {}{}\n",
                s.class,
                s.student,
                subjects.unwrap_or_default()
            ));
        }
    }
    for note in &r.notes {
        out.push_str(&format!("\n{note}"));
    }
    out.push('\n');
    out
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
