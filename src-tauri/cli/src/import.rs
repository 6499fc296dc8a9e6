//! `zavuch-cli import students FILE …`: the student roster import (see zavuch_core::roster).

use clap::Subcommand;
use serde::Serialize;
use std::path::PathBuf;
use zavuch_core::exchange::{CellError, Preview};
use zavuch_core::{roster, CoreError, Db};

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
        /// Import the valid rows even when other rows have errors
        #[arg(long)]
        valid_only: bool,
        /// Only show what would be done; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Print {"added","updated","unchanged","errors":[{"row","column","message"}],…} as JSON
        #[arg(long)]
        json: bool,
    },
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
    let ImportCommand::Students {
        file,
        class,
        create_classes,
        valid_only,
        dry_run,
        json,
    } = command;
    let options = roster::Options {
        class,
        create_classes,
        valid_only,
        dry_run,
    };
    let preview = match roster::import(db, &file, &options) {
        Ok(preview) => preview,
        // A file that cannot be read still answers a script in JSON: one error for the file.
        Err(e) if json => Preview::failed(vec![CellError {
            row: 0,
            column: String::new(),
            message: e.to_string(),
            code: e.code(),
        }]),
        Err(e) => return Err(e),
    };
    let blocked = roster::blocked(&preview, &options);
    let imported = !blocked && !dry_run;
    let text = if json {
        let report = Report {
            preview: &preview,
            imported,
            dry_run,
        };
        serde_json::to_string(&report).map_err(std::io::Error::other)? + "\n"
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
