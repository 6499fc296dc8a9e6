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
    /// Import students from .xlsx/.xls/.ods/.csv: the one-class template (with --class) or the
    /// whole-school roster with a «Класс» column. Exits non-zero when errors prevented the import.
    Students {
        /// The spreadsheet file
        file: PathBuf,
        /// The class a one-class file goes to, e.g. "1 А" (in a whole-school file: rows with an empty «Класс»)
        #[arg(long, value_name = "CLASS")]
        class: Option<String>,
        /// Create the classes the file names that the current year does not have
        #[arg(long)]
        create_classes: bool,
        #[command(flatten)]
        flags: Flags,
    },
    /// Import the staff list from .xlsx/.xls/.ods/.csv: one row per position held, people matched
    /// by SNILS, else by name and birth date. Exits non-zero when errors prevented the import.
    Staff {
        /// The spreadsheet file
        file: PathBuf,
        /// Add the positions the file names that the reference does not have
        #[arg(long)]
        create_positions: bool,
        #[command(flatten)]
        flags: Flags,
    },
    /// Import a class's thematic plan (КТП) from .xlsx/.xls/.ods/.csv: «Раздел | № урока | Тема
    /// урока | Количество часов | Дата | Вид работы»; the file replaces the plan. Exits non-zero
    /// when errors prevented the import.
    ThematicPlan {
        /// The spreadsheet file
        file: PathBuf,
        /// The class of the current year, e.g. "5 А"
        #[arg(long, value_name = "CLASS")]
        class: String,
        /// The subject, e.g. "Математика"
        #[arg(long, value_name = "SUBJECT")]
        subject: String,
        /// One subgroup of the class, e.g. "1 группа" (the plan of the whole class without it)
        #[arg(long, value_name = "SUBGROUP")]
        subgroup: Option<String>,
        /// Only show what would be done; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Print {"added","updated","unchanged","errors":[{"row","column","message"}],…} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Import a class's marks for a period from .xlsx/.xls/.ods/.csv: «№ личного дела | ФИО |
    /// <a column per subject> | Пропущено уроков | из них по болезни», as `export marks` writes.
    /// Exits non-zero when errors prevented the import and when the period is closed.
    Marks {
        /// The spreadsheet file
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
    /// Import the valid rows even when other rows have errors
    #[arg(long)]
    valid_only: bool,
    /// Only show what would be done; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Print {"added","updated","unchanged","errors":[{"row","column","message"}],…} as JSON
    #[arg(long)]
    json: bool,
}

/// The JSON printed: the preview's fields in their order, then whether anything was written.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    preview: &'a Preview,
    imported: bool,
    dry_run: bool,
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
            finish(roster::import(db, &file, &options), &flags)
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
            finish(staff_roster::import(db, &file, &options), &flags)
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

/// Prints what an import did (or would do) and exits with status 1 when errors prevented it.
fn finish(result: Result<Preview, CoreError>, flags: &Flags) -> Result<(), CoreError> {
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
            Preview::failed(vec![CellError {
                row: 0,
                column: String::new(),
                message: e.to_string(),
                code: e.code(),
            }]),
            true,
        ),
        Err(e) => return Err(e),
    };
    // An import refused as a whole imported nothing, also when only valid rows were asked for.
    let blocked = refused || import::blocked(&preview, valid_only);
    let imported = !blocked && !dry_run;
    let text = if json {
        let report = Report {
            preview: &preview,
            imported,
            dry_run,
        };
        serde_json::to_string(&report).map_err(crate::json_failed)? + "\n"
    } else {
        report(&preview, imported, dry_run, blocked)
    };
    crate::print_out(&text)?;
    if blocked {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        std::process::exit(1);
    }
    Ok(())
}

fn report(p: &Preview, imported: bool, dry_run: bool, blocked: bool) -> String {
    let mut out = String::new();
    for e in &p.errors {
        out.push_str(&format!("Ошибка: {e}\n"));
    }
    for w in &p.warnings {
        out.push_str(&format!("Предупреждение: {w}\n"));
    }
    let counts = format!(
        "добавить: {}, обновить: {}, без изменений: {}",
        p.added, p.updated, p.unchanged
    );
    let verdict = if blocked {
        format!(
            "Ничего не загружено: в файле ошибок {} ({counts}). Исправьте их или загрузите только \
             верные строки (--valid-only).",
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
