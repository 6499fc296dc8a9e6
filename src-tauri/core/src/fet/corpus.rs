//! Files as they come: every example of Debian's fet-data is read, or refused only for kinds
//! the engine does not support (a stricter reader must not refuse real schools); every file
//! of the malformed corpus (tests/fixtures/malformed-fet/, its README says what each is) is
//! refused with its own message, or read and solved, without a panic.

use super::*;
use crate::timetable_engine::{solve, Options};
use std::path::{Path, PathBuf};

pub(super) const EXAMPLES: &str = "/usr/share/doc/fet-data/examples";
const MALFORMED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/malformed-fet"
);

pub(super) fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_below(&path, out);
        } else if path.extension().is_some_and(|e| e == "fet") {
            out.push(path);
        }
    }
}

fn read_path(path: &Path) -> Result<FetFile, CoreError> {
    let bytes = std::fs::read(path).unwrap();
    read("file.fet", &String::from_utf8_lossy(&bytes), true)
}

#[test]
fn every_example_of_fet_data_is_read() {
    let mut files = Vec::new();
    files_below(Path::new(EXAMPLES), &mut files);
    assert!(
        files.len() >= 236,
        "{EXAMPLES}: {} files; install the apt package fet-data (.ci/install)",
        files.len()
    );
    for file in files {
        if let Err(e) = read_path(&file) {
            panic!("{}: {e}", file.display());
        }
    }
}

#[test]
fn malformed_files_are_refused_with_their_message() {
    let expected = [
        ("empty.fet", "в файле нет элементов"),
        ("truncated.fet", "не читается как файл FET"),
        ("wrong-root.fet", "корневой элемент «html»"),
        ("deep-nesting.fet", "вложены глубже 64 уровней"),
        ("hours-65.fet", "часов 65"),
        ("unknown-teacher.fet", "называет учителя «Петров»"),
        ("unknown-day.fet", "называет день «Воскресенье»"),
        (
            "duration-zero.fet",
            "занятие 1: Duration «0» — а нужно число от 1 до 64",
        ),
        ("duration-huge.fet", "Duration «99999999999999999999»"),
        (
            "weight-text.fet",
            "Weight_Percentage «сто» — а нужно число от 0 до 100",
        ),
        ("weight-nan.fet", "Weight_Percentage «NaN»"),
        ("weight-negative.fet", "Weight_Percentage «-5»"),
    ];
    for (file, message) in expected {
        let error = read_path(&Path::new(MALFORMED).join(file)).unwrap_err();
        assert!(error.to_string().contains(message), "{file}: {error}");
        assert!(matches!(error, CoreError::Refused(_)), "{file}: {error:?}");
    }
}

#[test]
fn files_that_are_fet_after_all_are_solved() {
    // A custom entity is not expanded (no «billion laughs»): the name stays as written.
    for file in ["good.fet", "entity-bomb.fet"] {
        let fet = read_path(&Path::new(MALFORMED).join(file)).unwrap();
        let options = Options {
            time_limit: std::time::Duration::from_secs(5),
            seed: 1,
            cancel: Default::default(),
            improve: std::time::Duration::ZERO,
        };
        assert!(
            solve(&fet.problem, &options, &mut |_| {}).is_complete(),
            "{file}"
        );
    }
}
