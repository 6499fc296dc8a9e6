//! Where the app puts what it prints: the folder «Документы Завуча», one file per document named
//! after what it is («Список класса 5 А на 25.11.2026.pdf»), and opening a saved document or its
//! folder with the system's own programs. Printing saves there without asking; «Сохранить как…»
//! in the app writes the same bytes where the user chooses instead.

use crate::error::{At, CoreError, Problem, Result};
use crate::files::write_whole;
use crate::session;
use std::path::{Path, PathBuf};

/// The folder's name.
pub const FOLDER: &str = "Документы Завуча";

/// How many numbered names («… (2).pdf» up to «… (20).pdf») are tried when a file of the
/// document's name cannot be replaced (open in a viewer that locks it, as on Windows).
const NUMBERED: usize = 20;

/// «Документы Завуча» in the user's Documents folder. When `ZAVUCH_DATA_DIR` names the data
/// folder (tests, a copy of the program on a USB stick) or the system has no Documents folder,
/// it is in the data folder instead, so that nothing is written elsewhere.
pub fn folder() -> PathBuf {
    let documents =
        directories::UserDirs::new().and_then(|u| u.document_dir().map(Path::to_path_buf));
    folder_in(
        std::env::var_os(session::ENV_DATA_DIR).is_some(),
        documents,
        session::data_dir(),
    )
}

/// [`folder`] from what it depends on: whether the data folder was named, the user's
/// Documents folder if the system has one, and the data folder.
fn folder_in(data_dir_named: bool, documents: Option<PathBuf>, data_dir: PathBuf) -> PathBuf {
    documents
        .filter(|_| !data_dir_named)
        .unwrap_or(data_dir)
        .join(FOLDER)
}

/// `stem.ext` without the characters Windows does not allow in a file name.
pub fn file_name(stem: &str, ext: &str) -> String {
    format!("{}.{ext}", safe_name(stem))
}

/// `name` without the characters Windows does not allow in a file or folder name.
pub fn safe_name(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// «name (n).ext» for the n-th try (n ≥ 2); the name itself for the first.
fn numbered(name: &str, n: usize) -> String {
    if n < 2 {
        return name.to_string();
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem} ({n}).{ext}"),
        None => format!("{name} ({n})"),
    }
}

/// Writes `bytes` as `name` into `dir` (created when missing) and returns the file's path. A
/// document of the same name (printed earlier the same day) is replaced; when it cannot be,
/// the next free numbered name is used, so printing never fails because an old copy is open.
/// Each file is written whole or not at all ([`write_whole`]).
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).at(dir)?;
    let first = dir.join(name);
    // The document's own name is always tried: its failure is the one to tell.
    let first_error = match write_whole(&first, bytes) {
        Ok(()) => return Ok(first),
        // The disk's refusal (full, read-only: a StorageProblem) holds for every name.
        Err(e @ CoreError::Refused(_)) => return Err(e),
        Err(e) => e,
    };
    for n in 2..=NUMBERED {
        let path = dir.join(numbered(name, n));
        if !path.exists() && write_whole(&path, bytes).is_ok() {
            return Ok(path);
        }
    }
    Err(first_error)
}

/// Writes `bytes` at `path` (a place the user chose), creating its folder when missing; whole
/// or not at all ([`write_whole`]).
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).at(parent)?;
    }
    write_whole(path, bytes)
}

/// What a report is saved as, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Xlsx,
}

impl Format {
    /// The format a path's extension names (.pdf, .xlsx in any case); refused otherwise.
    pub fn of(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        match ext.as_deref() {
            Some("pdf") => Ok(Format::Pdf),
            Some("xlsx") => Ok(Format::Xlsx),
            _ => Err(CoreError::refused(
                "output",
                Problem::NotAReportFormat {
                    path: path.display().to_string(),
                },
            )),
        }
    }
}

/// Writes a report at `path` in the format its extension names: `pdf` or `xlsx` makes the bytes.
pub fn write_report(
    path: &Path,
    pdf: impl FnOnce() -> Vec<u8>,
    xlsx: impl FnOnce() -> Result<Vec<u8>>,
) -> Result<()> {
    let bytes = match Format::of(path)? {
        Format::Pdf => pdf(),
        Format::Xlsx => xlsx()?,
    };
    write(path, &bytes)
}

/// Writes `bytes` at `path` when given (the user chose it), else saves them as `name` in
/// [`folder`]; returns where the document is.
pub fn save_at_or_in_folder(path: Option<&Path>, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    match path {
        Some(path) => {
            write(path, bytes)?;
            Ok(path.to_path_buf())
        }
        None => save(&folder(), name, bytes),
    }
}

/// A saved document that may be opened: it exists and is a PDF or a spreadsheet, so that
/// nothing else (a program, a script) is ever started through [`open`].
pub fn check_openable(path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    if !matches!(ext.as_deref(), Some("pdf" | "xlsx")) {
        return Err(CoreError::refused(
            "path",
            Problem::NotADocument { path: shown },
        ));
    }
    if !path.is_file() {
        return Err(CoreError::refused(
            "path",
            Problem::DocumentMissing { path: shown },
        ));
    }
    Ok(())
}

/// Opens the document with the program the system opens such files with. Waits up to a
/// second and a half to tell a system without such a program; call it off the UI thread.
pub fn open(path: &Path) -> Result<()> {
    check_openable(path)?;
    launch(path, opener(path), Launch::Document)
}

/// Shows the document's folder in the system's file manager, with the file selected where the
/// file manager can do that. Waits as [`open`] does.
pub fn reveal(path: &Path) -> Result<()> {
    check_openable(path)?;
    launch(path, revealer(path), Launch::Folder)
}

/// What [`launch`] asks the system to show: the document itself or its folder.
#[derive(Clone, Copy)]
enum Launch {
    Document,
    Folder,
}

/// The freedesktop opener and its package: the one program the app needs on Linux to open
/// anything (Windows and macOS always have theirs).
const XDG_OPEN: (&str, &str) = ("xdg-open", "xdg-utils");

/// How long an opener is watched: one without a program for the file gives up at once, one
/// that found it keeps running (the viewer) or ends well (handed over to the desktop).
const OPENER_FAILS_WITHIN: std::time::Duration = std::time::Duration::from_millis(1500);

/// The command that opens `path` with its default program.
fn opener(path: &Path) -> std::process::Command {
    let mut cmd;
    if cfg!(windows) {
        // explorer hands a document to the program registered for it (no console window).
        cmd = std::process::Command::new("explorer");
    } else if cfg!(target_os = "macos") {
        cmd = std::process::Command::new("open");
    } else {
        cmd = std::process::Command::new(XDG_OPEN.0);
    }
    cmd.arg(path);
    cmd
}

/// The command that shows `path` in its folder, selected.
#[cfg(windows)]
fn revealer(path: &Path) -> std::process::Command {
    use std::os::windows::process::CommandExt;
    // explorer reads «/select,"path"» itself: the quotes must be where it expects them.
    let mut cmd = std::process::Command::new("explorer");
    cmd.raw_arg(format!("/select,\"{}\"", path.display()));
    cmd
}

/// The command that shows `path` in its folder (selected on macOS).
#[cfg(not(windows))]
fn revealer(path: &Path) -> std::process::Command {
    if cfg!(target_os = "macos") {
        let mut cmd = std::process::Command::new("open");
        cmd.arg("-R").arg(path);
        cmd
    } else {
        // The freedesktop file managers have no common «select this file»: open the folder.
        let mut cmd = std::process::Command::new(XDG_OPEN.0);
        cmd.arg(path.parent().unwrap_or(Path::new(".")));
        cmd
    }
}

/// Starts `cmd` and watches it for [`OPENER_FAILS_WITHIN`]: a missing opener, or one that
/// gives up (no program for the file), is told in Russian with where the file is; otherwise
/// the program goes on and a reaper thread collects its exit.
fn launch(path: &Path, mut cmd: std::process::Command, what: Launch) -> Result<()> {
    cmd.stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let folder = path
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let refused = |problem| Err(CoreError::refused("path", problem));
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let program = cmd.get_program().to_string_lossy().into_owned();
            let package = if program == XDG_OPEN.0 {
                XDG_OPEN.1.to_string()
            } else {
                program.clone()
            };
            return refused(Problem::OpenerMissing {
                program,
                package,
                folder,
            });
        }
        Err(e) => {
            return refused(Problem::CannotOpenDocument {
                path: path.display().to_string(),
                detail: crate::error::what_happened(&e),
            })
        }
    };
    let started = std::time::Instant::now();
    while started.elapsed() < OPENER_FAILS_WITHIN {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(_)) => {
                return refused(match what {
                    Launch::Document => Problem::NoProgramForDocument {
                        name: path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        folder,
                        spreadsheet: is_spreadsheet(path),
                    },
                    Launch::Folder => Problem::NoFileManager { folder },
                })
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            // Not knowing how it went is no failure to show: the program may be running.
            Err(_) => break,
        }
    }
    std::thread::spawn(move || child.wait());
    Ok(())
}

fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_for_windows() {
        assert_eq!(
            file_name("Список класса 5 А на 25.11.2026", "pdf"),
            "Список класса 5 А на 25.11.2026.pdf"
        );
        assert_eq!(file_name(" 5/А: «лучший»? ", "pdf"), "5_А_ «лучший»_.pdf");
        assert_eq!(numbered("Список.pdf", 1), "Список.pdf");
        assert_eq!(numbered("Список 5 А.pdf", 3), "Список 5 А (3).pdf");
    }

    #[test]
    fn saving_replaces_the_same_document_and_creates_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(FOLDER);
        let first = save(&folder, "Список 5 А.pdf", b"one").unwrap();
        assert_eq!(first, folder.join("Список 5 А.pdf"));
        let again = save(&folder, "Список 5 А.pdf", b"two").unwrap();
        assert_eq!(again, first);
        assert_eq!(std::fs::read(&first).unwrap(), b"two");
        let chosen = dir.path().join("где-то.pdf");
        assert_eq!(
            save_at_or_in_folder(Some(&chosen), "Список 5 А.pdf", b"three").unwrap(),
            chosen
        );
        assert_eq!(std::fs::read(&chosen).unwrap(), b"three");
    }

    #[test]
    fn a_document_that_cannot_be_replaced_gets_a_numbered_name() {
        let dir = tempfile::tempdir().unwrap();
        // A folder in the way stands for a file locked by a viewer: writing over it fails.
        std::fs::create_dir(dir.path().join("Список 5 А.pdf")).unwrap();
        std::fs::write(dir.path().join("Список 5 А (2).pdf"), b"older").unwrap();
        let path = save(dir.path(), "Список 5 А.pdf", b"new").unwrap();
        assert_eq!(path, dir.path().join("Список 5 А (3).pdf"));
        assert_eq!(
            std::fs::read(dir.path().join("Список 5 А (2).pdf")).unwrap(),
            b"older"
        );
        // A folder that cannot be created: the error says so.
        let blocked = dir.path().join("файл");
        std::fs::write(&blocked, b"x").unwrap();
        assert_eq!(
            save(&blocked.join("папка"), "a.pdf", b"")
                .unwrap_err()
                .code(),
            "io"
        );
    }

    #[test]
    fn only_existing_documents_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("Список.PDF");
        let script = dir.path().join("run.sh");
        std::fs::write(&pdf, b"%PDF").unwrap();
        std::fs::write(&script, b"#!/bin/sh").unwrap();
        assert!(check_openable(&pdf).is_ok());
        let code = |p: &Path| match check_openable(p).unwrap_err() {
            CoreError::Refused(e) => e.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(&script), "not_a_document");
        assert_eq!(code(&dir.path().join("нет.xlsx")), "document_missing");
        assert_eq!(code(dir.path()), "not_a_document");
        let missing = open(&dir.path().join("нет.pdf")).unwrap_err();
        assert!(missing.payload().message.contains("нет.pdf"), "{missing}");
    }

    #[cfg(unix)]
    #[test]
    fn an_opener_that_is_missing_or_gives_up_is_explained_in_russian() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("Список.pdf");
        std::fs::write(&pdf, b"%PDF").unwrap();
        let folder = dir.path().display().to_string();
        let refusal = |cmd: &str, what| match launch(&pdf, std::process::Command::new(cmd), what) {
            Err(CoreError::Refused(e)) => e,
            other => panic!("{other:?}"),
        };
        // No xdg-open at all: what to install, and where the file is.
        let missing = refusal("zavuch-no-such-opener", Launch::Document);
        assert_eq!(missing.code, "opener_missing");
        assert!(missing.message.contains(&folder), "{}", missing.message);
        assert!(
            !missing.message.contains("No such file"),
            "{}",
            missing.message
        );
        // xdg-open ran but found no program for PDF (it exits with a failure at once).
        let none = refusal("false", Launch::Document);
        assert_eq!(none.code, "no_program_for_document");
        assert!(none.message.contains("«Список.pdf»") && none.message.contains(&folder));
        assert_eq!(refusal("false", Launch::Folder).code, "no_file_manager");
        // A program that opened the file and went on (or ended well) is no failure.
        assert!(launch(&pdf, std::process::Command::new("true"), Launch::Document).is_ok());
        let mut viewer = std::process::Command::new("sleep");
        viewer.arg("5");
        let started = std::time::Instant::now();
        assert!(launch(&pdf, viewer, Launch::Document).is_ok());
        assert!(started.elapsed() < std::time::Duration::from_secs(3));
    }

    #[test]
    fn the_folder_is_in_documents_unless_the_data_folder_is_named() {
        let (documents, data) = (PathBuf::from("/home/u/Документы"), PathBuf::from("/d"));
        assert_eq!(
            folder_in(false, Some(documents.clone()), data.clone()),
            documents.join(FOLDER)
        );
        assert_eq!(
            folder_in(true, Some(documents), data.clone()),
            data.join(FOLDER)
        );
        assert_eq!(folder_in(false, None, data.clone()), data.join(FOLDER));
        assert!(folder().ends_with(FOLDER));
    }
}
