//! A file written whole or not at all: the bytes go to a hidden file beside it, are synced to
//! the disk, then renamed over the name asked for. A full or read-only disk, a file past its
//! size limit or a crash leaves the file as it was (or no file), never half of one; the hidden
//! file is removed when the write fails.

use crate::error::{CoreError, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` as the file `path` whole or not at all; an error names `path`.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir,
        None => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".part");
    // The mode `std::fs::write` gives (0666 less the umask), not tempfile's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let failed = |e| CoreError::file(path, e);
    let mut part = builder.tempfile_in(dir).map_err(failed)?;
    part.write_all(bytes).map_err(failed)?;
    part.as_file().sync_all().map_err(failed)?;
    // Dropped on an error above, the hidden file is deleted.
    part.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

/// Renames the database file `fresh` (written and synced beside it) over the database `file`
/// once `file`'s WAL and shared memory are gone: they belong to the old file and would be read
/// into the new one. The folder is synced so that the rename survives a power cut.
pub(crate) fn replace_with(file: &Path, fresh: &Path) -> Result<()> {
    std::fs::File::open(fresh)
        .and_then(|f| f.sync_all())
        .map_err(|e| CoreError::file(fresh, e))?;
    for side in ["-wal", "-shm"] {
        let mut path = file.as_os_str().to_owned();
        path.push(side);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(CoreError::file(&path, e))
            }
            _ => {}
        }
    }
    std::fs::rename(fresh, file).map_err(|e| CoreError::file(file, e))?;
    if let Some(dir) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        // A folder that cannot be synced (some network shares) still holds the renamed file.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_nothing_hidden_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Список.xlsx");
        std::fs::write(&path, b"old").unwrap();
        write_whole(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        // A folder that is not there: the error names the file, the old one is untouched.
        let missing = dir.path().join("нет").join("a.pdf");
        assert!(write_whole(&missing, b"x")
            .unwrap_err()
            .to_string()
            .contains("a.pdf"));
    }
}
