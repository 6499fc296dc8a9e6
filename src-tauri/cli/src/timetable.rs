//! `zavuch-cli timetable check`: the school-wide check of the current year's timetable
//! (lessons placed of those required, conflicts, warnings), as text or JSON.

use chrono::NaiveDate;
use clap::Subcommand;
use zavuch_core::timetable::{self, TimetableCheck};
use zavuch_core::{load, CoreError, Db};

#[derive(Subcommand)]
pub enum TimetableCommand {
    /// Проверить расписание текущего года: сколько уроков нагрузки поставлено, конфликты (учитель, кабинет или класс в двух местах, урок вне звонков, уволившийся учитель) и предупреждения
    Check {
        /// День, на который сотрудники считаются работающими, ДД.ММ.ГГГГ (по умолчанию сегодня, в пределах учебного года)
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = crate::print::parse_date)]
        date: Option<NaiveDate>,
        /// Напечатать итог в JSON: {"placed":N,"required":M,"conflicts":[…],"warnings":[…],…}
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &Db, command: TimetableCommand) -> Result<(), CoreError> {
    match command {
        TimetableCommand::Check { date, json } => {
            let (year_id, on) = load::current_year_on(db, date)?;
            let check = timetable::check(db, year_id, on)?;
            let text = if json {
                crate::to_json(&check)?
            } else {
                summary(&check)
            };
            crate::print_out(&text)?;
        }
    }
    Ok(())
}

/// The check as lines of text: the count, then each conflict and warning on a line.
fn summary(check: &TimetableCheck) -> String {
    let mut out = format!(
        "Поставлено уроков учебного плана: {} из {} в неделю (1-е полугодие: {} из {}, 2-е: {} из {}).\n",
        check.placed,
        check.required,
        check.placed_first,
        check.required_first,
        check.placed_second,
        check.required_second
    );
    if check.extracurricular_required > 0 {
        out.push_str(&format!(
            "Внеурочная деятельность (ставится по выбору): поставлено {} из {} занятий в неделю.\n",
            check.extracurricular_placed, check.extracurricular_required
        ));
    }
    for (title, list) in [
        ("Конфликты", &check.conflicts),
        ("Предупреждения", &check.warnings),
    ] {
        if !list.is_empty() {
            out.push_str(&format!("{title} ({}):\n", list.len()));
            for issue in list {
                out.push_str(&format!("  {}\n", issue.message));
            }
        }
    }
    if !check.teacher_gaps.is_empty() {
        out.push_str("Окна учителей за неделю:\n");
        for g in &check.teacher_gaps {
            out.push_str(&format!("  {}: {}\n", g.teacher, g.gaps));
        }
    }
    if check.is_complete() {
        out.push_str("Все уроки учебного плана поставлены, конфликтов нет.\n");
    }
    out
}
