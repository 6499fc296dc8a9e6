//! `audit`: the change log (журнал изменений) — `list` with filters, newest first, and `verify`,
//! which recomputes its hash chain and fails when a row was edited or deleted.

use crate::{print::parse_date, print_out, to_json};
use chrono::NaiveDate;
use clap::Subcommand;
use std::process::ExitCode;
use zavuch_core::audit::{self, AuditEntry, AuditFilter};
use zavuch_core::{CoreError, Db};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Записи журнала, новые сверху: кто, когда, что изменил, старое и новое значение
    List {
        /// Только записи об ученике (его номер, `id` в JSON списков)
        #[arg(long, value_name = "НОМЕР")]
        student: Option<i64>,
        /// Только записи пользователя
        #[arg(long, value_name = "ИМЯ")]
        actor: Option<String>,
        /// С этого дня
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// По этот день включительно
        #[arg(long, value_name = "ДД.ММ.ГГГГ", value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// Не больше стольких записей
        #[arg(long, value_name = "ЧИСЛО")]
        limit: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Проверить цепочку хешей журнала: не изменена и не удалена ли запись; код выхода 1, если нарушена
    Verify {
        #[arg(long)]
        json: bool,
    },
}

impl AuditCommand {
    pub fn json(&self) -> bool {
        matches!(
            self,
            AuditCommand::List { json: true, .. } | AuditCommand::Verify { json: true }
        )
    }
}

pub fn run(db: &Db, command: AuditCommand) -> Result<ExitCode, CoreError> {
    match command {
        AuditCommand::List {
            student,
            actor,
            from,
            to,
            limit,
            json,
        } => {
            let filter = AuditFilter {
                student_id: student,
                actor,
                from,
                to,
                limit,
            };
            let entries = audit::entries(db.conn(), &filter)?;
            print_out(&match json {
                true => to_json(&entries)?,
                false => entries.iter().map(line).collect(),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Verify { json } => {
            let check = audit::verify(db.conn())?;
            if json {
                print_out(&to_json(&check)?)?;
            } else if let Some(id) = check.broken_at {
                println!(
                    "Журнал изменений нарушен: запись {id} изменена, или удалена запись перед ней. \
                     Сравните с резервной копией."
                );
            } else {
                println!("Журнал изменений цел: записей {}.", check.entries);
            }
            Ok(if check.intact() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}

/// One entry as a text line: when, who, what, about whom, and the changed fields.
fn line(e: &AuditEntry) -> String {
    let mut text = format!("{}  {}  {}", e.shown_at, e.actor, e.what);
    if let Some(student) = &e.student {
        text.push_str(&format!(" ({student})"));
    }
    if let Some(summary) = &e.summary {
        text.push_str(&format!(": {summary}"));
    }
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    for c in &e.changes {
        text.push_str(&format!(
            "\n    {}: {} → {}",
            c.field,
            shown(&c.old),
            shown(&c.new)
        ));
    }
    text.push('\n');
    text
}
