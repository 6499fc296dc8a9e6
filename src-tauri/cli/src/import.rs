//! `zavuch-cli import students|staff|thematic-plan|marks FILE …`: the student roster import
//! (zavuch_core::roster), the staff list import (zavuch_core::staff_roster), a class's
//! thematic plan (zavuch_core::thematic_plans::exchange) and a class's marks for a period
//! (zavuch_core::marks::exchange), with one report for all.

use clap::{Args, Subcommand};
use serde::Serialize;
use std::path::PathBuf;
use zavuch_core::exchange::{import, CellError, Preview};
use zavuch_core::{roster, staff_roster, thematic_plans, CoreError, Db};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Загрузить учеников из .xlsx/.xls/.ods/.csv: шаблон одного класса (с --class) или список
    /// всей школы со столбцом «Класс». Код выхода не 0, если ошибки помешали загрузке.
    Students {
        /// Файл таблицы
        #[arg(value_name = "ФАЙЛ")]
        file: PathBuf,
        /// Класс, в который загружается файл одного класса, например "1 А" (в файле всей школы — строки с пустым «Класс»)
        #[arg(long, value_name = "КЛАСС")]
        class: Option<String>,
        /// Создать классы, которые названы в файле, но которых нет в текущем учебном году
        #[arg(long)]
        create_classes: bool,
        #[command(flatten)]
        flags: Flags,
    },
    /// Загрузить список сотрудников из .xlsx/.xls/.ods/.csv: строка на каждую должность, люди узнаются
    /// по СНИЛС, иначе по ФИО и дате рождения. Код выхода не 0, если ошибки помешали загрузке.
    Staff {
        /// Файл таблицы
        #[arg(value_name = "ФАЙЛ")]
        file: PathBuf,
        /// Добавить в справочник должности, которые названы в файле, но которых в нём нет
        #[arg(long)]
        create_positions: bool,
        #[command(flatten)]
        flags: Flags,
    },
    /// Загрузить тематический план (КТП) класса из .xlsx/.xls/.ods/.csv: «Раздел | № урока | Тема
    /// урока | Количество часов | Дата | Вид работы»; файл заменяет план. Код выхода не 0, если
    /// ошибки помешали загрузке.
    ThematicPlan {
        /// Файл таблицы
        #[arg(value_name = "ФАЙЛ")]
        file: PathBuf,
        /// Класс текущего учебного года, например "5 А"
        #[arg(long, value_name = "КЛАСС")]
        class: String,
        /// Предмет, например "Математика"
        #[arg(long, value_name = "ПРЕДМЕТ")]
        subject: String,
        /// Подгруппа класса, например "1 группа" (без неё — план всего класса)
        #[arg(long, value_name = "ПОДГРУППА")]
        subgroup: Option<String>,
        /// Только показать, что будет сделано; ничего не записывать
        #[arg(long)]
        dry_run: bool,
        /// Напечатать итог в JSON: {"added","updated","unchanged","errors":[{"row","column","message"}],…}
        #[arg(long)]
        json: bool,
    },
    /// Загрузить отметки класса за период из .xlsx/.xls/.ods/.csv: «№ личного дела | ФИО |
    /// <столбец на предмет> | Пропущено уроков | из них по болезни», как пишет `export marks`.
    /// Код выхода не 0, если ошибки помешали загрузке или период закрыт.
    Marks {
        /// Файл таблицы
        #[arg(value_name = "ФАЙЛ")]
        file: PathBuf,
        #[command(flatten)]
        sheet: crate::marks::SheetArgs,
        #[command(flatten)]
        flags: Flags,
    },
}

/// What every import takes besides its file and its own options.
#[derive(Args, Clone, Copy)]
pub struct Flags {
    /// Загрузить верные строки, даже если в других строках ошибки
    #[arg(long)]
    valid_only: bool,
    /// Только показать, что будет сделано; ничего не записывать
    #[arg(long)]
    dry_run: bool,
    /// Напечатать итог в JSON: {"added","updated","unchanged","errors":[{"row","column","message"}],…}
    #[arg(long)]
    json: bool,
}

/// The JSON printed: the preview's fields in their order, then whether anything was written.
#[derive(Serialize)]
struct Report<'a, P> {
    #[serde(flatten)]
    preview: &'a P,
    imported: bool,
    dry_run: bool,
}

/// What an import returns: its preview, or (the roster's) a report holding one with more to tell.
trait Outcome: Serialize + AsRef<Preview> + From<Preview> {
    /// Lines the text report prints before the verdict.
    fn details(&self) -> String {
        String::new()
    }
}

impl Outcome for Preview {}

/// The classes changed (sizes before and after, the classes created with their scheme and
/// bells) and the file numbers given to new students.
impl Outcome for roster::Report {
    fn details(&self) -> String {
        let mut out = String::new();
        if !self.classes.is_empty() {
            out.push_str("Классы (учеников до → после):\n");
        }
        for c in &self.classes {
            let created = if c.created {
                let scheme = match c.term_scheme.as_str() {
                    "" => "без учебных периодов".to_string(),
                    name => format!("периоды «{name}»"),
                };
                let bells = match c.bell_schedule.as_str() {
                    "" => "без звонков".to_string(),
                    name => format!("звонки «{name}»"),
                };
                format!(" (новый класс: {scheme}, {bells})")
            } else {
                String::new()
            };
            let over = c
                .over_limit
                .map(|limit| format!(" — больше {limit}!"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {}: {} → {}{created}{over}\n",
                c.label, c.before, c.after
            ));
        }
        if !self.numbers.is_empty() {
            out.push_str("Номера личных дел новым ученикам:\n");
        }
        for n in &self.numbers {
            out.push_str(&format!(
                "  строка {}: {} ({}) — {}\n",
                n.row, n.name, n.class, n.file_number
            ));
        }
        out
    }
}

/// Runs the import and prints its report. Exits with status 1 (after printing) when errors
/// prevented the import.
pub fn run(db: &Db, command: ImportCommand) -> Result<(), CoreError> {
    match command {
        ImportCommand::Students {
            file,
            class,
            create_classes,
            flags,
        } => {
            let options = roster::Options {
                class,
                create_classes,
                valid_only: flags.valid_only,
                dry_run: flags.dry_run,
            };
            let result = roster::import(db, &file, &options).map(|p| p.with_remedies(roster_flags));
            finish(result, &flags)
        }
        ImportCommand::Staff {
            file,
            create_positions,
            flags,
        } => {
            let options = staff_roster::Options {
                create_positions,
                valid_only: flags.valid_only,
                dry_run: flags.dry_run,
            };
            let result =
                staff_roster::import(db, &file, &options).map(|p| p.with_remedies(staff_flags));
            finish(result, &flags)
        }
        ImportCommand::ThematicPlan {
            file,
            class,
            subject,
            subgroup,
            dry_run,
            json,
        } => {
            // A plan is imported whole: there are no «valid rows only».
            let flags = Flags {
                valid_only: false,
                dry_run,
                json,
            };
            let result = thematic_plans::key_by_names(db, &class, &subject)
                .and_then(|key| match &subgroup {
                    Some(name) => thematic_plans::with_subgroup(db, key, name),
                    None => Ok(key),
                })
                .and_then(|key| thematic_plans::exchange::import(db, &file, key, dry_run));
            finish(result, &flags)
        }
        ImportCommand::Marks { file, sheet, flags } => {
            let options = zavuch_core::marks::exchange::Options {
                valid_only: flags.valid_only,
                dry_run: flags.dry_run,
            };
            finish(crate::marks::import(db, &file, &sheet, options), &flags)
        }
    }
}

/// How to ask for what a row of the student roster lacks: the flags (the app names its controls).
fn roster_flags(code: &str) -> Option<&'static str> {
    match code {
        "unknown_class" => {
            Some("Исправьте класс или добавьте --create-classes, чтобы создать недостающие классы.")
        }
        "class_not_given" => {
            Some("Укажите класс файла (--class \"5 А\") или заполните в файле столбец «Класс».")
        }
        _ => None,
    }
}

/// How to ask for what a row of the staff list lacks: the flags.
fn staff_flags(code: &str) -> Option<&'static str> {
    (code == "unknown_position").then_some(
        "Исправьте должность, добавьте её в справочник должностей или добавьте \
         --create-positions, чтобы создать недостающие должности.",
    )
}

/// Prints what an import did (or would do) and exits with status 1 when errors prevented it.
fn finish<P: Outcome>(result: Result<P, CoreError>, flags: &Flags) -> Result<(), CoreError> {
    let Flags {
        valid_only,
        dry_run,
        json,
    } = *flags;
    let (preview, refused) = match result {
        Ok(preview) => (preview, false),
        // A file that cannot be read (or an import refused as a whole: a closed period) still
        // answers a script in JSON: one error for the file.
        Err(e) if json => (
            P::from(Preview::failed(vec![CellError {
                row: 0,
                column: String::new(),
                message: e.to_string(),
                code: e.code(),
            }])),
            true,
        ),
        Err(e) => return Err(e),
    };
    // An import refused as a whole imported nothing, also when only valid rows were asked for.
    let blocked = refused || import::blocked(preview.as_ref(), valid_only);
    let imported = !blocked && !dry_run;
    let text = if json {
        let report = Report {
            preview: &preview,
            imported,
            dry_run,
        };
        serde_json::to_string(&report).map_err(crate::json_failed)? + "\n"
    } else {
        report(
            preview.as_ref(),
            &preview.details(),
            imported,
            dry_run,
            blocked,
        )
    };
    crate::print_out(&text)?;
    if blocked {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        std::process::exit(1);
    }
    Ok(())
}

/// The errors, the warnings, the import's `details` and the verdict, as sentences.
fn report(p: &Preview, details: &str, imported: bool, dry_run: bool, blocked: bool) -> String {
    let mut out = String::new();
    for e in &p.errors {
        out.push_str(&format!("Ошибка: {e}\n"));
    }
    for w in &p.warnings {
        out.push_str(&format!("Предупреждение: {w}\n"));
    }
    out.push_str(details);
    let counts = format!(
        "добавить: {}, обновить: {}, без изменений: {}",
        p.added, p.updated, p.unchanged
    );
    let verdict = if blocked {
        let only_valid = if p.valid_rows_change() {
            " или загрузите только верные строки (--valid-only)"
        } else {
            ""
        };
        format!(
            "Ничего не загружено: в файле ошибок {} ({counts}). Исправьте их{only_valid}.",
            p.errors.len()
        )
    } else if dry_run {
        format!("Проверка без записи: {counts}.")
    } else if imported {
        format!(
            "Загружено: добавлено {}, обновлено {}, без изменений {}.",
            p.added, p.updated, p.unchanged
        )
    } else {
        format!("Ничего не загружено ({counts}).")
    };
    out.push_str(&verdict);
    out.push('\n');
    out
}
