//! The disk refusing a write: full, read-only, not ours to write, a file too large for it, or
//! failing. Each says what happened and what to do, with the file or folder named, and keeps
//! the promise the program makes: nothing is half-written (a school file's change is one
//! transaction SQLite rolls back; a saved document is written beside and renamed into place,
//! `crate::files::write_whole`). Kept beside error.rs, as `Problem::Storage`.

use std::fmt;
use std::io::{self, ErrorKind};
use std::path::Path;

/// `file` and `folder` are ready to stand in a sentence: «/путь/файл» in quotes, or
/// «файл школы» unquoted where SQLite's failure comes without one.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageProblem {
    /// No room left on the disk (ENOSPC, a quota, SQLite's SQLITE_FULL).
    DiskFull { file: String },
    /// The folder, or the whole disk, can only be read (EROFS, SQLITE_READONLY).
    ReadOnly { folder: String, file: String },
    /// The system does not let this user read or write the file (EACCES, EPERM, SQLITE_PERM).
    NoAccess { file: String },
    /// The file would grow past the largest size the disk or the system allows (EFBIG).
    TooLarge { file: String },
    /// The disk failed to read or write (EIO, SQLite's SQLITE_IOERR with no other cause).
    Failed { file: String },
}

impl StorageProblem {
    pub fn code(&self) -> &'static str {
        match self {
            StorageProblem::DiskFull { .. } => "disk_full",
            StorageProblem::ReadOnly { .. } => "read_only",
            StorageProblem::NoAccess { .. } => "no_access",
            StorageProblem::TooLarge { .. } => "file_too_large",
            StorageProblem::Failed { .. } => "disk_failed",
        }
    }

    /// What an I/O error about `path` is, when it is the disk's refusal; None for the others
    /// (a file not found, a folder in the way), which `error/io.rs` puts into words.
    pub(crate) fn of_io(path: &Path, e: &io::Error) -> Option<StorageProblem> {
        let file = quoted(path);
        Some(match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => StorageProblem::DiskFull { file },
            ErrorKind::ReadOnlyFilesystem => StorageProblem::ReadOnly {
                folder: folder_of(path),
                file,
            },
            ErrorKind::PermissionDenied => StorageProblem::NoAccess { file },
            ErrorKind::FileTooLarge => StorageProblem::TooLarge { file },
            _ if is_eio(e) => StorageProblem::Failed { file },
            _ => return None,
        })
    }

    /// What SQLite's failure on the school file at `path` is, when it is the disk's refusal.
    /// `errno` is the system's own error behind it (`sqlite3_system_errno`), when known: SQLite
    /// reports a write past the file size limit as a bare I/O error, and a read-only disk as
    /// a file it cannot open. Without one, the folder is asked (see [`probe`]).
    pub(crate) fn of_sqlite(
        path: &Path,
        e: &rusqlite::Error,
        errno: Option<i32>,
    ) -> Option<StorageProblem> {
        use rusqlite::ErrorCode;
        let code = e.sqlite_error_code()?;
        let cause = || {
            errno
                .filter(|&n| n != 0)
                .and_then(|n| StorageProblem::of_io(path, &io::Error::from_raw_os_error(n)))
                .or_else(|| probe(path))
        };
        let file = quoted(path);
        match code {
            ErrorCode::DiskFull => Some(StorageProblem::DiskFull { file }),
            ErrorCode::ReadOnly => Some(StorageProblem::ReadOnly {
                folder: folder_of(path),
                file,
            }),
            ErrorCode::PermissionDenied => Some(StorageProblem::NoAccess { file }),
            ErrorCode::SystemIoFailure => cause().or(Some(StorageProblem::Failed { file })),
            // A file in a folder that is not there is told as such (error/io.rs).
            ErrorCode::CannotOpen => cause(),
            _ => None,
        }
    }

    /// SQLite's failure with no file named (a statement, its temporary files): told as the
    /// school file's.
    pub(crate) fn of_sqlite_alone(e: &rusqlite::Error) -> Option<StorageProblem> {
        let problem = StorageProblem::of_sqlite(Path::new(""), e, None)?;
        let (file, folder) = ("файл школы".to_string(), "с файлом школы".to_string());
        Some(match problem {
            StorageProblem::DiskFull { .. } => StorageProblem::DiskFull { file },
            StorageProblem::ReadOnly { .. } => StorageProblem::ReadOnly { folder, file },
            StorageProblem::NoAccess { .. } => StorageProblem::NoAccess { file },
            StorageProblem::TooLarge { .. } => StorageProblem::TooLarge { file },
            StorageProblem::Failed { .. } => StorageProblem::Failed { file },
        })
    }
}

/// The folder's own answer when SQLite gives no cause: a nameless file made in it (and gone
/// at once) fails on a full or read-only disk as the school file's write did.
fn probe(path: &Path) -> Option<StorageProblem> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty())?;
    tempfile::tempfile_in(folder)
        .err()
        .and_then(|e| StorageProblem::of_io(path, &e))
}

fn quoted(path: &Path) -> String {
    format!("«{}»", path.display())
}

fn folder_of(path: &Path) -> String {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => quoted(dir),
        None => "«.»".to_string(),
    }
}

/// EIO: the disk itself failed, which `ErrorKind` does not name.
fn is_eio(e: &io::Error) -> bool {
    cfg!(unix) && e.raw_os_error() == Some(5)
}

impl fmt::Display for StorageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageProblem::DiskFull { file } => write!(
                f,
                "На диске не хватает места: {file} не записан. Ничего не записано наполовину — \
                 что было в файле раньше, то и осталось. Освободите место на диске (удалите \
                 ненужные файлы, очистите корзину) или выберите другой диск и повторите."
            ),
            StorageProblem::ReadOnly { folder, file } => write!(
                f,
                "Папка {folder} открыта только для чтения: записать {file} нельзя, ничего не \
                 изменено. Выберите другую папку или снимите защиту от записи (переключатель на \
                 флешке, права на сетевую папку) и повторите."
            ),
            StorageProblem::NoAccess { file } => write!(
                f,
                "Нет прав на чтение или запись: {file}. Ничего не изменено. Выберите другую \
                 папку или попросите администратора компьютера дать права и повторите."
            ),
            StorageProblem::TooLarge { file } => write!(
                f,
                "{file} не записан: файл стал бы больше, чем разрешено на этом диске или этой \
                 программе. Ничего не записано наполовину. Выберите другой диск (флешка с \
                 FAT32 не принимает файлы больше 4 ГБ) и повторите."
            ),
            StorageProblem::Failed { file } => write!(
                f,
                "Диск не смог прочитать или записать {file} (ошибка ввода-вывода): ничего не \
                 изменено. Проверьте, подключён ли диск или флешка, и повторите; если ошибка \
                 повторяется, сохраните резервную копию на другой диск — этот, возможно, \
                 неисправен."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: std::ffi::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn the_systems_and_sqlites_refusals_are_told_with_what_to_do() {
        let path = Path::new("/флешка/школа.zavuch");
        let io = |kind| StorageProblem::of_io(path, &io::Error::from(kind)).unwrap();
        let full = io(ErrorKind::StorageFull);
        assert_eq!(full.code(), "disk_full");
        assert!(full.to_string().starts_with("На диске не хватает места"));
        let read_only = io(ErrorKind::ReadOnlyFilesystem);
        assert!(read_only
            .to_string()
            .starts_with("Папка «/флешка» открыта только для чтения"));
        assert_eq!(io(ErrorKind::PermissionDenied).code(), "no_access");
        assert_eq!(io(ErrorKind::FileTooLarge).code(), "file_too_large");
        let eio = StorageProblem::of_io(path, &io::Error::from_raw_os_error(5)).unwrap();
        assert_eq!(eio.code(), "disk_failed");
        assert_eq!(
            StorageProblem::of_io(path, &io::Error::from(ErrorKind::NotFound)),
            None
        );

        use rusqlite::ffi;
        let sqlite = |code, errno| StorageProblem::of_sqlite(path, &failure(code), errno);
        assert_eq!(sqlite(ffi::SQLITE_FULL, None).unwrap().code(), "disk_full");
        assert_eq!(
            sqlite(ffi::SQLITE_READONLY, None).unwrap().code(),
            "read_only"
        );
        // SQLite's bare I/O error is told by the system's error behind it when there is one:
        // EFBIG (27), EROFS (30); without one, as the disk's failure.
        assert_eq!(
            sqlite(ffi::SQLITE_IOERR, Some(27)).unwrap().code(),
            "file_too_large"
        );
        assert_eq!(
            sqlite(ffi::SQLITE_CANTOPEN, Some(30)).unwrap().code(),
            "read_only"
        );
        // Without the system's error, the folder is asked: this one is not there.
        assert_eq!(
            sqlite(ffi::SQLITE_IOERR, None).unwrap().code(),
            "disk_failed"
        );
        assert_eq!(sqlite(ffi::SQLITE_CANTOPEN, None), None);
        assert_eq!(sqlite(ffi::SQLITE_CONSTRAINT, None), None);
    }

    #[test]
    fn no_word_of_the_system_in_english() {
        let path = Path::new("/дом/список");
        for kind in [
            ErrorKind::StorageFull,
            ErrorKind::ReadOnlyFilesystem,
            ErrorKind::PermissionDenied,
            ErrorKind::FileTooLarge,
        ] {
            let text = StorageProblem::of_io(path, &io::Error::from(kind))
                .unwrap()
                .to_string();
            let latin = text.replace("FAT32", "");
            assert!(
                !latin.chars().any(|c| c.is_ascii_alphabetic()),
                "{kind:?}: {text}"
            );
        }
    }
}
