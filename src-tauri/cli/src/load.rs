//! `zavuch-cli load …` (the check of the teaching load), `print load` and `export load`
//! (the tarification list by teacher or by class, PDF and .xlsx).

use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use std::path::Path;
use zavuch_core::forms::load::{self as form, LoadBy};
use zavuch_core::{load, CoreError, Db};

#[derive(Subcommand)]
pub enum LoadCommand {
    /// Все ли часы учебных планов текущего года распределены? Перечисляет нераспределённые и лишние часы и учителей, на которых стоит взглянуть
    Check {
        /// День, на который сотрудники считаются работающими, ДД.ММ.ГГГГ (по умолчанию сегодня, в пределах учебного года)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: Option<NaiveDate>,
        /// Напечатать итог в JSON: {"complete","unassigned","over_assigned",…}
        #[arg(long)]
        json: bool,
    },
}

/// Which table `print load` prints.
#[derive(Clone, Copy, ValueEnum)]
pub enum By {
    /// Тарификационный список: учитель, предметы, классы, часы, итог, ставка
    Teacher,
    /// Предметы каждого класса с их учителями
    Class,
}

pub fn run(db: &Db, command: LoadCommand) -> Result<(), CoreError> {
    match command {
        LoadCommand::Check { date, json } => {
            let (year_id, on) = load::current_year_on(db, date)?;
            let check = load::check(db, year_id, on)?;
            let text = if json {
                let value = serde_json::json!({
                    "complete": check.is_complete(),
                    "unassigned": check.unassigned,
                    "over_assigned": check.over_assigned,
                    "misplaced": check.misplaced,
                    "teachers": check.teachers,
                });
                crate::to_json(&value)?
            } else {
                summary(&check)
            };
            crate::print_out(&text)?;
        }
    }
    Ok(())
}

/// The check as lines of text: what is wrong, one problem a line, or that all is assigned.
fn summary(check: &load::LoadCheck) -> String {
    let mut out = String::new();
    let sections = [
        ("Не назначено", &check.unassigned),
        ("Назначено больше, чем по плану", &check.over_assigned),
        ("Назначить заново", &check.misplaced),
    ];
    for (title, gaps) in sections {
        if !gaps.is_empty() {
            out.push_str(&format!("{title} ({}):\n", gaps.len()));
            for gap in gaps {
                out.push_str(&format!("  {}\n", gap.message));
            }
        }
    }
    if !check.teachers.is_empty() {
        out.push_str(&format!("Учителя ({}):\n", check.teachers.len()));
        for w in &check.teachers {
            out.push_str(&format!("  {}\n", w.message));
        }
    }
    if check.is_complete() {
        out.push_str("Все часы учебных планов классов распределены.\n");
    }
    out
}

fn report(form: &form::LoadForm, output: &Path) {
    let (first, second) = form.total_hours();
    println!(
        "Нагрузка на {} учебный год (учителей: {}, часов в неделю: {}) → {}",
        form.year,
        form.teachers.len(),
        load::hours_text(first, second),
        output.display()
    );
}

/// `print load`: the tarification list by teacher, or the load by class, as PDF.
pub fn print(
    db: &Db,
    year: i64,
    by: By,
    date: Option<NaiveDate>,
    output: &Path,
) -> Result<(), CoreError> {
    let by = match by {
        By::Teacher => LoadBy::Teacher,
        By::Class => LoadBy::Class,
    };
    let f = form::compute_in_year(db, year, date)?;
    crate::print::write(output, &form::pdf(&f, by))?;
    report(&f, output);
    Ok(())
}

/// `export load`: both tables as one .xlsx.
pub fn export(db: &Db, year: i64, date: Option<NaiveDate>, output: &Path) -> Result<(), CoreError> {
    let f = form::compute_in_year(db, year, date)?;
    crate::print::write(output, &form::xlsx(&f)?)?;
    report(&f, output);
    Ok(())
}
