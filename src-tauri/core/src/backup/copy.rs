//! Writing one copy: SQLite's online backup (never a file copy of a live WAL database) into a
//! new file only its owner can read, and the check of what was written.

use crate::error::{At, Result};
use rusqlite::Connection;
use std::path::Path;

/// Creates `path` empty, readable and writable by its owner only (0600 on Unix), before
/// anything is written into it; fails when it exists.
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Makes an existing file readable by its owner only (a copy made by `std::fs::copy`, which
/// keeps the mode of its source).
pub(crate) fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).at(path)?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Copies the whole database of `source` to `dest` with SQLite's online backup; the copy of
/// an encrypted file is encrypted with its key and salt.
pub(crate) fn database(source: &Connection, dest: &Path) -> Result<()> {
    let fresh = std::fs::metadata(dest).map_or(true, |m| m.len() == 0);
    let mut target = Connection::open(dest)?;
    if let Some(key) = source
        .path()
        .map(Path::new)
        .map(crate::encryption::key_of_copy)
    {
        if let Some(key) = key? {
            crate::encryption::apply_key(&target, &key)?;
        }
    }
    if fresh {
        // A new file has nothing a rollback journal could restore: copying without one
        // spares creating, syncing and deleting it (three of the copy's four fsyncs). The
        // copy is still synced to disk once, when it is complete.
        target.pragma_update(None, "journal_mode", "OFF")?;
    }
    let backup = rusqlite::backup::Backup::new(source, &mut target)?;
    // Every page in one step (-1): the whole file at once, not 256 pages a step, and so in
    // one read transaction of the source.
    loop {
        match backup.step(-1)? {
            rusqlite::backup::StepResult::Done => break,
            rusqlite::backup::StepResult::More => {}
            _ => std::thread::sleep(std::time::Duration::from_millis(1)),
        }
    }
    Ok(())
}

/// Whether the copy at `path` passes SQLite's full `integrity_check`. A copy SQLite cannot
/// read at all is not intact either; only a failure to open the file is an error.
pub(crate) fn intact(path: &Path) -> Result<bool> {
    crate::db::look_at(path, |conn| {
        let answer = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get::<_, String>(0));
        match answer {
            Ok(text) => Ok(text == "ok"),
            Err(e) if crate::db::is_damage(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    })
}
