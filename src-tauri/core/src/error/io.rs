//! What a failed file operation tells the user: in Russian, what happened (not found, no
//! permission, disk full, a folder instead of a file…) and what to do, with the file named. The
//! one place `std::io::ErrorKind` and SQLite's file errors are put into words; no English text
//! of the operating system reaches the user.

use super::{CoreError, Result, StorageProblem};
use std::io::{self, ErrorKind};
use std::path::Path;

/// Names the file an I/O operation was about: `std::fs::read(&p).at(&p)?`.
pub trait At<T> {
    fn at(self, path: impl AsRef<Path>) -> Result<T>;
}

impl<T> At<T> for io::Result<T> {
    fn at(self, path: impl AsRef<Path>) -> Result<T> {
        self.map_err(|source| CoreError::file(path, source))
    }
}

/// What happened and what to do, as a sentence that follows «Файл «…»: ».
pub(crate) fn what_happened(e: &io::Error) -> String {
    if is_sharing_violation(e) {
        return BUSY.to_string();
    }
    let text = match e.kind() {
        ErrorKind::NotFound => {
            "не найден — нет такого файла или папки. Проверьте путь: файл могли переместить, \
             переименовать или удалить."
        }
        ErrorKind::PermissionDenied => {
            "нет прав на чтение или запись. Выберите другую папку или попросите \
             администратора компьютера дать права."
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "на диске нет места. Освободите место или выберите другой диск."
        }
        ErrorKind::FileTooLarge => "слишком большой для этого диска. Выберите другой диск.",
        ErrorKind::IsADirectory => "это папка, а не файл. Выберите файл.",
        ErrorKind::NotADirectory => "в пути стоит файл там, где должна быть папка. Проверьте путь.",
        ErrorKind::ReadOnlyFilesystem => "диск доступен только для чтения. Выберите другую папку.",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => BUSY,
        ErrorKind::AlreadyExists => "такой файл уже есть. Выберите другое имя.",
        ErrorKind::DirectoryNotEmpty => "папка не пуста.",
        ErrorKind::InvalidFilename => "недопустимое имя. Уберите из имени лишние знаки.",
        ErrorKind::UnexpectedEof | ErrorKind::InvalidData => {
            "файл повреждён или оборван: прочитать его до конца не удалось."
        }
        ErrorKind::TimedOut
        | ErrorKind::NotConnected
        | ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::NetworkDown
        | ErrorKind::NetworkUnreachable
        | ErrorKind::HostUnreachable
        | ErrorKind::StaleNetworkFileHandle => {
            "нет связи с диском, на котором он лежит. Проверьте сеть или флешку и повторите."
        }
        ErrorKind::Interrupted => "работа с файлом прервана. Повторите.",
        ErrorKind::OutOfMemory => "не хватило памяти. Закройте другие программы и повторите.",
        ErrorKind::Unsupported => "система не умеет делать с ним то, что нужно.",
        _ => {
            return match (e.raw_os_error(), e.get_ref()) {
                (Some(code), _) => format!("сбой системы при чтении или записи (код {code})."),
                // A failure the program described itself (a spreadsheet it could not make).
                (None, Some(inner)) => format!("сбой при чтении или записи ({inner})."),
                (None, None) => "сбой при чтении или записи.".to_string(),
            };
        }
    };
    text.to_string()
}

const BUSY: &str = "файл занят другой программой. Закройте его там и повторите.";

/// Windows reports a file open in another program (Excel keeps its files locked) as a sharing
/// or lock violation, which `ErrorKind` does not name.
fn is_sharing_violation(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// The text of [`CoreError::File`].
pub(crate) fn file_text(path: &Path, e: &io::Error) -> String {
    format!("Файл «{}»: {}", path.display(), what_happened(e))
}

/// The text of [`CoreError::Io`]: I/O that is not about a file the user named.
pub(crate) fn io_text(e: &io::Error) -> String {
    format!("Ошибка ввода-вывода: {}", what_happened(e))
}

/// SQLite's failures that come from the file or the disk, as the I/O error they are; None for
/// the others (a failure of the program, told as it is).
pub(crate) fn sqlite_as_io(e: &rusqlite::Error, path: Option<&Path>) -> Option<io::Error> {
    use rusqlite::ErrorCode;
    let kind = match e.sqlite_error_code()? {
        ErrorCode::DiskFull => ErrorKind::StorageFull,
        ErrorCode::ReadOnly | ErrorCode::PermissionDenied => ErrorKind::PermissionDenied,
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => ErrorKind::ResourceBusy,
        // SQLite cannot open a file in a folder that is not there, or one it may not open.
        ErrorCode::CannotOpen => match path.and_then(Path::parent) {
            Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => ErrorKind::NotFound,
            _ => ErrorKind::PermissionDenied,
        },
        ErrorCode::SystemIoFailure => ErrorKind::Other,
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => ErrorKind::InvalidData,
        _ => return None,
    };
    Some(io::Error::from(kind))
}

/// The text of [`CoreError::Db`]: the disk's refusal as a [`StorageProblem`].
pub(crate) fn db_text(e: &rusqlite::Error) -> String {
    if let Some(problem) = StorageProblem::of_sqlite_alone(e) {
        return problem.to_string();
    }
    match sqlite_as_io(e, None) {
        Some(io) => format!("Файл школы: {}", what_happened(&io)),
        None => format!("Ошибка базы данных: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_latin(text: &str) -> bool {
        text.chars().any(|c| c.is_ascii_alphabetic())
    }

    #[test]
    fn every_kind_the_system_gives_is_told_in_russian_with_the_file() {
        let path = Path::new("/дом/список.xlsx");
        for kind in [
            ErrorKind::NotFound,
            ErrorKind::PermissionDenied,
            ErrorKind::StorageFull,
            ErrorKind::IsADirectory,
            ErrorKind::NotADirectory,
            ErrorKind::ReadOnlyFilesystem,
            ErrorKind::ResourceBusy,
            ErrorKind::AlreadyExists,
            ErrorKind::UnexpectedEof,
            ErrorKind::TimedOut,
            ErrorKind::Other,
        ] {
            let text = file_text(path, &io::Error::from(kind));
            let what = text.strip_prefix("Файл «/дом/список.xlsx»: ");
            assert!(what.is_some_and(|w| !has_latin(w)), "{kind:?}: {text}");
        }
        let full = file_text(path, &io::Error::from(ErrorKind::StorageFull));
        assert!(full.contains("нет места"), "{full}");
        let folder = file_text(path, &io::Error::from(ErrorKind::IsADirectory));
        assert!(folder.contains("папка, а не файл"), "{folder}");
    }

    #[test]
    fn the_systems_own_words_are_not_passed_on() {
        // «No such file or directory (os error 2)» as the system gives it.
        let e = std::fs::read("/нет/такого/файла.xlsx").unwrap_err();
        let text = CoreError::file("/нет/такого/файла.xlsx", e).to_string();
        assert_eq!(
            text,
            "Файл «/нет/такого/файла.xlsx»: не найден — нет такого файла или папки. Проверьте \
             путь: файл могли переместить, переименовать или удалить."
        );
        // An error of the system with no kind of its own keeps only its number.
        let odd = io_text(&io::Error::from_raw_os_error(71));
        assert!(!odd.contains("Protocol"), "{odd}");
    }

    #[test]
    fn a_full_disk_or_a_busy_school_file_is_told_as_such() {
        let failure = |code| {
            rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some("x".into()))
        };
        assert!(db_text(&failure(rusqlite::ffi::SQLITE_FULL))
            .starts_with("На диске не хватает места: файл школы не записан."));
        assert!(db_text(&failure(rusqlite::ffi::SQLITE_BUSY)).contains("занят"));
        // A file in a folder that is not there cannot be opened: the folder is missing.
        let missing = sqlite_as_io(
            &failure(rusqlite::ffi::SQLITE_CANTOPEN),
            Some(Path::new("/нет/такой/папки/школа.zavuch")),
        )
        .unwrap();
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        // A mistake of the program itself is told as it is.
        assert!(db_text(&rusqlite::Error::InvalidQuery).starts_with("Ошибка базы данных"));
    }
}
