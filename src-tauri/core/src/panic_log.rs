//! The panic hook of the app and the CLI. Rust's default hook prints «thread … panicked at …» in
//! English on stderr; ours prints nothing and appends the details (time, version, thread,
//! message, place, backtrace) to `panics.log` in the program's data folder
//! ([`crate::session::data_dir`]), where a person helping the school can read them. What the
//! user sees is said by whoever catches the panic: a damaged file becomes a Russian error
//! (`exchange::limits::guarded`), the CLI's `main` names this log.

use crate::error::ProgramProblem;
use std::backtrace::Backtrace;
use std::fs::OpenOptions;
use std::io::Write;
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};

/// The log's name in the data folder.
pub const FILE: &str = "panics.log";
/// Past this size the log is moved to `panics.log.old` (the one before is dropped).
const ROTATE_AT: u64 = 1024 * 1024;

/// Where the panics of this run are logged.
pub fn path() -> PathBuf {
    crate::session::data_dir().join(FILE)
}

/// What the user is told of a panic caught before it reached them: the action stopped, its
/// write rolled back (a `Db::write` unwound rolls back), the details in this log.
pub fn caught() -> crate::CoreError {
    let log = path().display().to_string();
    crate::CoreError::refused("program", ProgramProblem::Crashed { log }.into())
}

/// Replaces the default panic hook for the whole process.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // Nothing can be done about a log that cannot be written: stderr stays quiet anyway.
        let _ = append(&path(), &entry(info));
    }));
}

fn entry(info: &PanicHookInfo) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(без текста)");
    let place = info
        .location()
        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_default();
    format!(
        "== {} Завуч {} ({}), поток «{}»\n{message}\nМесто: {place}\n{}\n",
        chrono::Local::now().format("%d.%m.%Y %H:%M:%S"),
        env!("CARGO_PKG_VERSION"),
        std::env::args().next().unwrap_or_default(),
        std::thread::current().name().unwrap_or("без имени"),
        Backtrace::force_capture(),
    )
}

fn append(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_AT) {
        std::fs::rename(path, path.with_extension("log.old"))?;
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_appended_and_rotated() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("logs").join(FILE);
        append(&log, "first\n").unwrap();
        append(&log, "second\n").unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "first\nsecond\n");
        append(&log, &"x".repeat(ROTATE_AT as usize + 1)).unwrap();
        append(&log, "after\n").unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "after\n");
        assert!(log.with_extension("log.old").exists());
    }
}
