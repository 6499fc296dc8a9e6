//! `zavuch-cli timetable check`: the school-wide check of the current year's timetable
//! (lessons placed of those required, conflicts, warnings), as text or JSON;
//! `timetable generate`: «Составить расписание» (issue 13), with the kept versions, locks and
//! teachers' wishes it uses.

use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use std::process::ExitCode;
use std::time::Duration;
use zavuch_core::timetable::{self, TimetableCheck, TimetableIssue};
use zavuch_core::timetable_generate::{self as generate, GenerateRequest, TeacherWishes, WhyItem};
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
    /// Составить расписание текущего года: поставить заново все незакреплённые уроки выбранных классов (по умолчанию всей школы), уроки других классов оставить на местах; перед записью — резервная копия и сохранение прежнего расписания; выход 0 — только когда все уроки поставлены без конфликтов
    Generate {
        /// Классы через запятую, например "5 А,5 Б" (по умолчанию вся школа)
        #[arg(long, value_name = "КЛАССЫ")]
        classes: Option<String>,
        /// Закреплённые уроки оставить на местах (без флага они тоже ставятся заново, а сдвинутый урок теряет закрепление)
        #[arg(long)]
        keep_locked: bool,
        /// Только свободные места: все поставленные уроки оставить, поставить недостающие
        #[arg(long)]
        free_only: bool,
        /// Сколько секунд искать расписание, не больше
        #[arg(long, value_name = "СЕКУНДЫ", default_value_t = 60.0)]
        time_limit: f64,
        /// Число, от которого зависит поиск: с тем же числом — то же расписание
        #[arg(long, value_name = "ЧИСЛО", default_value_t = 1)]
        seed: u64,
        /// Напечатать итог в JSON: {"placed":N,"required":M,"conflicts":[…],"moved":N,"seconds":S,"why":[…]}
        #[arg(long)]
        json: bool,
    },
    /// Сохранённые прежние расписания текущего года (новые сверху)
    Versions {
        /// Напечатать список в JSON: [{"id":N,"made":"…","reason":"…","lessons":N},…]
        #[arg(long)]
        json: bool,
    },
    /// Вернуть прежнее: сделать расписание года точно таким, каким оно сохранено
    RestoreVersion {
        /// Номер сохранённого расписания (из «timetable versions»)
        #[arg(value_name = "НОМЕР")]
        id: i64,
    },
    /// Удалить сохранённое прежнее расписание
    DiscardVersion {
        /// Номер сохранённого расписания (из «timetable versions»)
        #[arg(value_name = "НОМЕР")]
        id: i64,
    },
    /// Закрепить уроки расписания: при составлении они останутся на местах
    Lock {
        /// Номера уроков расписания (id записей) через запятую
        #[arg(value_name = "НОМЕРА", value_delimiter = ',', required = true)]
        ids: Vec<i64>,
    },
    /// Снять закрепление с уроков расписания
    Unlock {
        /// Номера уроков расписания (id записей) через запятую
        #[arg(value_name = "НОМЕРА", value_delimiter = ',', required = true)]
        ids: Vec<i64>,
    },
    /// Пожелания учителя на текущий год (заменяют прежние): недоступные уроки, методический день, число рабочих дней
    Wishes {
        /// Номер сотрудника (id)
        #[arg(value_name = "НОМЕР")]
        staff_member_id: i64,
        /// Недоступные уроки: день-урок через запятую, например "1-1,1-2,5-7" (день 1 — понедельник)
        #[arg(long, value_name = "ДЕНЬ-УРОК,…", value_delimiter = ',', value_parser = parse_day_lesson)]
        unavailable: Vec<(i32, i32)>,
        /// Методический день: 1 — понедельник … 6 — суббота
        #[arg(long, value_name = "ДЕНЬ")]
        methodical_day: Option<i32>,
        /// Не больше стольких рабочих дней в неделю (1–6)
        #[arg(long, value_name = "ДНИ")]
        max_days: Option<i32>,
    },
}

impl TimetableCommand {
    pub fn json(&self) -> bool {
        match self {
            TimetableCommand::Check { json, .. }
            | TimetableCommand::Generate { json, .. }
            | TimetableCommand::Versions { json } => *json,
            _ => false,
        }
    }
}

/// «1-3»: Monday, the 3rd lesson.
fn parse_day_lesson(text: &str) -> Result<(i32, i32), String> {
    let parse = || {
        let (day, lesson) = text.trim().split_once('-')?;
        Some((day.trim().parse().ok()?, lesson.trim().parse().ok()?))
    };
    parse()
        .ok_or_else(|| format!("«{text}»: пишите день-урок, например 1-3 (понедельник, 3-й урок)"))
}

/// What `timetable generate --json` prints (the keys are the issue's).
#[derive(Serialize)]
struct Generated<'a> {
    placed: i32,
    required: i32,
    conflicts: &'a [TimetableIssue],
    moved: i32,
    seconds: f64,
    why: &'a [WhyItem],
}

pub fn run(db: &Db, command: TimetableCommand) -> Result<ExitCode, CoreError> {
    let (year_id, on) = load::current_year_on(db, None)?;
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
        TimetableCommand::Generate {
            classes,
            keep_locked,
            free_only,
            time_limit,
            seed,
            json,
        } => {
            let request = GenerateRequest {
                academic_year_id: year_id,
                classes: classes
                    .map(|c| c.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
                keep_locked,
                free_only,
                time_limit: Duration::from_secs_f64(time_limit.max(0.0)),
                seed,
                on,
            };
            let report = generate::generate(db, &request, &mut |_| {}, Default::default())?;
            let text = if json {
                crate::to_json(&Generated {
                    placed: report.placed,
                    required: report.required,
                    conflicts: &report.conflicts,
                    moved: report.moved,
                    seconds: (report.seconds * 1000.0).round() / 1000.0,
                    why: &report.why,
                })?
            } else {
                generated_summary(&report)
            };
            crate::print_out(&text)?;
            return Ok(if report.is_complete() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        TimetableCommand::Versions { json } => {
            let list = generate::versions(db, year_id)?;
            let text = if json {
                crate::to_json(&list)?
            } else {
                list.iter()
                    .map(|v| {
                        format!(
                            "№ {}: {} ({}), уроков: {}\n",
                            v.id, v.made, v.reason, v.lessons
                        )
                    })
                    .collect()
            };
            crate::print_out(&text)?;
        }
        TimetableCommand::RestoreVersion { id } => {
            let n = generate::restore_version(db, id)?;
            println!("Расписание возвращено к сохранённому № {id}: уроков {n}.");
        }
        TimetableCommand::DiscardVersion { id } => {
            generate::discard_version(db, id)?;
            println!("Сохранённое расписание № {id} удалено.");
        }
        TimetableCommand::Lock { ids } => {
            generate::set_locked(db, &ids, true)?;
            println!("Закреплено уроков: {}.", ids.len());
        }
        TimetableCommand::Unlock { ids } => {
            generate::set_locked(db, &ids, false)?;
            println!("Снято закрепление с уроков: {}.", ids.len());
        }
        TimetableCommand::Wishes {
            staff_member_id,
            unavailable,
            methodical_day,
            max_days,
        } => {
            let wishes = TeacherWishes {
                staff_member_id,
                max_days,
                methodical_day,
                unavailable,
            };
            generate::set_teacher_wishes(db, year_id, &wishes)?;
            println!("Пожелания учителя сохранены.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The generation as lines of text.
fn generated_summary(r: &generate::GenerateReport) -> String {
    let mut out = if r.written {
        format!(
            "Расписание составлено и записано за {:.1} с: поставлено уроков {} из {}, сдвинуто {}, конфликтов {}.\n",
            r.seconds,
            r.placed,
            r.required,
            r.moved,
            r.conflicts.len()
        )
    } else {
        "Полное расписание составить нельзя; ничего не записано.\n".to_string()
    };
    if let Some(id) = r.version_id {
        out.push_str(&format!(
            "Прежнее расписание сохранено под № {id}: вернуть — «timetable restore-version {id}».\n"
        ));
    }
    for why in &r.why {
        out.push_str(&format!("  {}\n", why.text));
    }
    for c in &r.conflicts {
        out.push_str(&format!("  {}\n", c.message));
    }
    out
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
