//! The school database: one SQLite file per school, opened with migrations applied,
//! WAL with `synchronous=FULL`, foreign keys and the Russian collation. Refuses files that are
//! not ours, are newer or are damaged (`quick_check`, `foreign_key_check`); copies an older
//! file before upgrading it.

use crate::error::{At, BackupProblem, CoreError, Result};
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};
use std::cell::Cell;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Marks a SQLite file as a Zavuch school (`PRAGMA application_id`, "ZAVU").
pub const APPLICATION_ID: i64 = 0x5A41_5655;

/// Name of the collation that orders Russian names as people expect.
pub const RU: &str = "RU";

/// Numbered migrations, applied in order at open; `PRAGMA user_version` counts those applied.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../migrations/0001_foundation.sql"),
    include_str!("../migrations/0002_people.sql"),
    include_str!("../migrations/0003_curriculum.sql"),
    include_str!("../migrations/0004_subgroups.sql"),
    include_str!("../migrations/0005_teaching_load.sql"),
    include_str!("../migrations/0006_timetable.sql"),
    include_str!("../migrations/0007_thematic_plans.sql"),
    include_str!("../migrations/0008_marks.sql"),
    include_str!("../migrations/0009_school_card.sql"),
    include_str!("../migrations/0010_movement.sql"),
    include_str!("../migrations/0011_rollover.sql"),
    include_str!("../migrations/0012_staff_movement.sql"),
    include_str!("../migrations/0013_statistics_fields.sql"),
    include_str!("../migrations/0014_graduates_with_distinction.sql"),
    include_str!("../migrations/0015_audit_log.sql"),
    include_str!("../migrations/0016_accounts.sql"),
    include_str!("../migrations/0017_timetable_generation.sql"),
];

/// The migrations that carry orders into the orders table: their hook folds the carried orders'
/// numbers.
const ORDER_MIGRATIONS: [&str; 2] = [
    include_str!("../migrations/0010_movement.sql"),
    include_str!("../migrations/0012_staff_movement.sql"),
];

/// Every migration may rebuild tables (SQLite's 12-step ALTER procedure): they run with
/// `foreign_keys` OFF, and each ends with `PRAGMA foreign_key_check`, which fails it (the
/// whole upgrade rolls back) when a row refers to nothing.
static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(
        MIGRATION_SQL
            .iter()
            .map(|&sql| match ORDER_MIGRATIONS.contains(&sql) {
                true => M::up_with_hook(sql, fold_order_numbers),
                false => M::up(sql),
            })
            .map(M::foreign_key_check)
            .collect(),
    )
});

/// Fills `school_order.number_key` of the orders carried from the old cards, folded as the core
/// folds what people type (`people::code_key`), which SQL alone cannot do.
fn fold_order_numbers(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let orders: Vec<(i64, String)> = tx
        .prepare("SELECT id, number FROM school_order")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare("UPDATE school_order SET number_key = ?1 WHERE id = ?2")?;
    for (id, number) in orders {
        update.execute(rusqlite::params![crate::people::code_key(&number), id])?;
    }
    Ok(())
}

/// The schema version this build knows (`PRAGMA user_version` after all migrations).
pub fn schema_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

/// A school file as an earlier version of the program made it: the migrations up to `version`
/// only, for tests of the migrations after it. Returns the connection to fill it through.
#[cfg(test)]
pub(crate) fn file_of_version(path: &Path, version: usize) -> Connection {
    let mut conn = Connection::open(path).expect("a new file");
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    MIGRATIONS.to_version(&mut conn, version).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn
}

pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
    depth: Cell<u32>,
    /// Who works on this connection: the role its guards enforce, the account signed in (None:
    /// the file's password or a plain file, the administrator).
    role: crate::accounts::Role,
    login: Option<String>,
}

/// An open savepoint of [`Db::write`]; dropped without `release` (an error or a panic) it rolls back.
struct Savepoint<'a> {
    db: &'a Db,
    name: String,
    done: bool,
}

impl<'a> Savepoint<'a> {
    fn begin(db: &'a Db) -> Result<Savepoint<'a>> {
        let depth = db.depth.get();
        let name = format!("zavuch_write_{depth}");
        db.conn.execute_batch(&format!("SAVEPOINT {name}"))?;
        db.depth.set(depth + 1);
        Ok(Savepoint {
            db,
            name,
            done: false,
        })
    }

    fn release(mut self) -> Result<()> {
        self.db
            .conn
            .execute_batch(&format!("RELEASE {}", self.name))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Rolling back can only fail if the connection is gone; nothing is left to undo then.
            let _ = self
                .db
                .conn
                .execute_batch(&format!("ROLLBACK TO {0}; RELEASE {0}", self.name));
        }
        self.db.depth.set(self.db.depth.get() - 1);
    }
}

impl Db {
    /// Opens the school file at `path`, creating it when it does not exist.
    pub fn open(path: &Path) -> Result<Db> {
        let db = Db::open_file(path, true).map_err(|e| e.of_file(path))?;
        // The accounts' slots beside an encrypted file follow the file (a restored copy's, a
        // lost file written again).
        crate::accounts::write_slots(&db)?;
        Ok(db)
    }

    /// A second connection to a school file this process has open (an import's writing
    /// thread): the file passed the checks when it was opened, and they read every page.
    pub(crate) fn open_again(path: &Path) -> Result<Db> {
        Db::open_file(path, false).map_err(|e| e.of_file(path))
    }

    fn open_file(path: &Path, check: bool) -> Result<Db> {
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() > 0 && check => check_existing(path)?,
            Ok(meta) if meta.len() > 0 => {}
            Ok(_) => check_header(path)?,
            // A new school file: readable by its owner only (SQLite gives its WAL the same mode).
            Err(_) => crate::backup::create_private(path).at(path)?,
        }
        let conn = crate::encryption::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        check_ours(&conn, path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // Each commit is synced to disk (the WAL) before it returns: a committed change
        // survives a power cut (docs/backups.md).
        conn.pragma_update(None, "synchronous", "FULL")?;
        Db::prepare(conn, Some(path.to_path_buf()))
    }

    /// A database in memory, for tests and benchmarks.
    pub fn in_memory() -> Result<Db> {
        Db::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Db> {
        conn.pragma_update(None, "busy_timeout", 5000)?;
        conn.create_collation(RU, compare_ru)?;
        // Room for every statement of an import's per-row path (prepare_cached).
        conn.set_prepared_statement_cache_capacity(64);
        // A migration that rebuilds a table must not cascade its DROP into the rows referring
        // to it; each checks every key before it commits (see MIGRATIONS). The pragma has no
        // effect inside a transaction, so it is set around the whole upgrade.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        copy_before_upgrade(&conn, path.as_deref())?;
        MIGRATIONS.to_latest(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        let (role, actor, login) = crate::accounts::who(&conn, path.as_deref())?;
        crate::audit::install(&conn, &actor)?;
        crate::accounts::guard(&conn, role, login.as_deref().unwrap_or(""))?;
        Ok(Db {
            conn,
            path,
            depth: Cell::new(0),
            role,
            login,
        })
    }

    /// The role of whoever works on this connection.
    pub fn role(&self) -> crate::accounts::Role {
        self.role
    }

    /// The account signed in (None: the file's password, or a plain file).
    pub fn login(&self) -> Option<&str> {
        self.login.as_deref()
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one transaction: everything it writes lands, or nothing does. Calls nest
    /// (savepoints), so a whole demo school or import made of smaller saves is still one change.
    pub fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let outermost = self.depth.get() == 0;
        let written = Savepoint::begin(self).and_then(|guard| {
            let value = f(&self.conn)?;
            // The change log's rows of this write are chained before it commits.
            if outermost {
                crate::audit::seal(&self.conn)?;
            }
            guard.release()?;
            Ok(value)
        });
        written.map_err(|e| self.on_disk(e))
    }

    /// A write the disk refused (full, read-only, a file past its size limit, failing) told as
    /// such, with the school file named; the savepoint has rolled everything back by then.
    fn on_disk(&self, e: CoreError) -> CoreError {
        let Some(path) = &self.path else {
            return e;
        };
        // SAFETY: the handle is this connection's own and open; sqlite3_system_errno only
        // reads the error number SQLite kept from its last failed system call.
        let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(self.conn.handle()) };
        e.on_disk(path, Some(errno))
    }

    /// Runs `f` in one read transaction: its queries see one state of the file and take the
    /// file's lock once rather than once each (an import's plan makes thousands of them).
    /// Anything `f` writes is rolled back.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // Dropped without `release`, the savepoint rolls back.
        let _guard = Savepoint::begin(self)?;
        f(&self.conn)
    }

    /// Copies the whole database to `dest` with SQLite's online backup (`backup -o F`; the
    /// copies of the backups' list are made by [`crate::backup`]).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if !dest.exists() {
            crate::backup::create_private(dest).at(dest)?;
        }
        crate::backup::copy_database(&self.conn, dest).map_err(|e| e.of_file(dest))
    }

    /// SHA-256 of every row of every table in a fixed order: equal digests, the same data
    /// (SQLite's header changes at every open, so the file's bytes cannot tell). What the tests
    /// of failed and refused writes compare.
    pub fn content_digest(&self) -> Result<Vec<u8>> {
        self.read(digest)
    }

    /// True when the file holds no school yet: no academic year and no school card filled in.
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM academic_year) + (SELECT count(*) FROM school WHERE full_name <> '')",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }
}

impl Db {
    /// The school's short name (or full name) for titles; None while the card is empty.
    pub fn school_short_name(&self) -> Result<Option<String>> {
        let name: Option<String> = self.conn.query_row(
            "SELECT coalesce(nullif(trim(short_name), ''), nullif(trim(full_name), '')) FROM school WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(name)
    }

    pub fn current_year_name(&self) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let name = self
            .conn
            .query_row(
                "SELECT name FROM academic_year WHERE is_current = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(name)
    }
}

/// SHA-256 of every row of every table of the database `conn` reads, in a fixed order.
pub(crate) fn digest(c: &Connection) -> Result<Vec<u8>> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let mut rows = c.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))?;
        let columns = rows.column_count();
        let mut rows = rows.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..columns {
                hash.update(format!("{:?}", row.get_ref(i)?).as_bytes());
            }
        }
    }
    Ok(hash.finalize().to_vec())
}

/// A school file of an earlier schema version is copied before the migrations upgrade it
/// (a new file, version 0, has nothing to keep).
fn copy_before_upgrade(conn: &Connection, path: Option<&Path>) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    match path {
        Some(file) if version > 0 && version < schema_version() => {
            let reason = crate::backup::Reason::SchemaUpgrade { from: version };
            crate::backup::make_of(conn, file, reason).map(drop)
        }
        _ => Ok(()),
    }
}

/// The checks of an existing school file before it is opened for writing, through a read-only
/// connection (which never checkpoints a WAL into the file): SQLite's, ours, not newer, and
/// intact by `quick_check` and `foreign_key_check`. A damaged file is refused with the latest
/// good copy named, and left exactly as it is.
pub(crate) fn check_existing(path: &Path) -> Result<()> {
    check_header(path)?;
    let checked = look_at(path, |conn| {
        check_ours(conn, path).and_then(|()| intact(conn))
    });
    match checked {
        Ok(true) => Ok(()),
        Ok(false) => Err(damaged(path)),
        Err(CoreError::Db(e)) if is_damage(&e) => Err(damaged(path)),
        Err(e) => Err(e),
    }
}

/// Runs `f` on a read-only connection to `path`, then takes away the empty WAL and shared
/// memory SQLite makes beside a WAL file even to read it, when they were not there before: a
/// look leaves the folder as it was.
pub(crate) fn look_at<T>(path: &Path, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let side = |end: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(end);
        PathBuf::from(name)
    };
    let (wal, shm) = (side("-wal"), side("-shm"));
    let new = (!wal.exists(), !shm.exists());
    let looked = crate::encryption::connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.of_file(path))
    .and_then(|conn| {
        conn.pragma_update(None, "busy_timeout", 5000)?;
        f(&conn)
    });
    // The connection is closed; a WAL it made holds nothing. SQLite itself removes the WAL and
    // shared memory when the last connection to the file closes, and only then: another
    // connection that opened the file meanwhile (the app and the CLI at once) keeps them —
    // deleting them by hand under it would part two connections' shared memory.
    // A file SQLite cannot read (damaged) has no other connection: its side files go by hand.
    let empty_wal = new.0 && std::fs::metadata(&wal).is_ok_and(|m| m.len() == 0);
    if (empty_wal || new.1) && last_close(path).is_err() {
        if empty_wal {
            let _ = std::fs::remove_file(&wal);
        }
        if new.1 {
            let _ = std::fs::remove_file(&shm);
        }
    }
    looked
}

/// Opens the file for writing, reads its schema (which opens the WAL) and closes it: as the
/// last connection, SQLite checkpoints nothing (the WAL is empty) and removes both side files.
fn last_close(path: &Path) -> Result<()> {
    let conn = crate::encryption::connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    conn.query_row("PRAGMA schema_version", [], |_| Ok(()))?;
    conn.close().map_err(|(_, e)| e.into())
}

/// `quick_check` (every page and index readable and consistent) and `foreign_key_check` (no
/// row refers to nothing).
fn intact(conn: &Connection) -> Result<bool> {
    let quick: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if quick != "ok" {
        tracing::warn!("quick_check: {quick}");
        return Ok(false);
    }
    let dangling = conn.prepare("PRAGMA foreign_key_check")?.exists([])?;
    Ok(!dangling)
}

/// SQLite's answer for a file whose pages are not what they should be.
pub(crate) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

pub(crate) fn damaged(path: &Path) -> CoreError {
    let problem = BackupProblem::Damaged {
        file: path.display().to_string(),
        latest: crate::backup::latest_good(path).map(|c| crate::backup::describe(&c)),
    };
    CoreError::refused("file", problem.into())
}

/// A non-empty file must be SQLite's, plain or encrypted; we never write to anything else.
fn check_header(path: &Path) -> Result<()> {
    match crate::encryption::kind(path)? {
        crate::encryption::FileKind::NotSqlite => Err(CoreError::NotSqlite(path.to_path_buf())),
        _ => Ok(()),
    }
}

/// Refuses another program's database and a school file written by a newer version.
fn check_ours(conn: &Connection, path: &Path) -> Result<()> {
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(CoreError::NotZavuch(path.to_path_buf()));
    }
    if version > schema_version() {
        return Err(CoreError::TooNew {
            found: version,
            supported: schema_version(),
        });
    }
    Ok(())
}

/// Sort key of the Russian collation: case-insensitive, «ё» beside «е».
pub fn ru_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    for c in s.chars() {
        // Russian and ASCII letters directly: the general lower-casing looks every other
        // letter up in Unicode's tables, and this runs for every comparison of a sort and
        // every name key of an import.
        match c {
            'а'..='я' => key.push(c),
            'А'..='Я' => key.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            'Ё' | 'ё' => key.push('е'),
            c if c.is_ascii() => key.push(c.to_ascii_lowercase()),
            c => key.extend(c.to_lowercase().map(|c| if c == 'ё' { 'е' } else { c })),
        }
    }
    key
}

/// Russian order: by the folded key first, then by the original text so that the order is total
/// («Елисеев» before «Ёлкин» only when they differ beyond the letter ё).
pub fn compare_ru(a: &str, b: &str) -> Ordering {
    ru_key(a).cmp(&ru_key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod migration_tests;

#[cfg(test)]
mod accounts_migration_tests;
#[cfg(test)]
mod audit_migration_tests;
#[cfg(test)]
mod distinction_migration_tests;
#[cfg(test)]
mod generation_migration_tests;
#[cfg(test)]
mod staff_migration_tests;
#[cfg(test)]
mod statistics_migration_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ru_key_is_unicode_lower_case_with_yo_as_ye() {
        let general = |c: char| -> String {
            c.to_lowercase()
                .map(|c| if c == 'ё' { 'е' } else { c })
                .collect()
        };
        let chars = (0..0x0530)
            .chain(0x1E00..0x1F00)
            .chain([0x2160, 0x24B6, 0x10400]);
        for c in chars.filter_map(char::from_u32) {
            assert_eq!(ru_key(&c.to_string()), general(c), "{c:?}");
        }
        assert_eq!(ru_key("Ёлкина Алёна İ"), "елкина алена i\u{307}");
    }

    #[test]
    fn collation_puts_yo_beside_ye_and_ignores_case() {
        let mut names = vec!["Ёлкин", "Яковлев", "елисеев", "Ежов", "Абрамов", "ЖУКОВ"];
        names.sort_by(|a, b| compare_ru(a, b));
        assert_eq!(
            names,
            vec!["Абрамов", "Ежов", "елисеев", "Ёлкин", "ЖУКОВ", "Яковлев"]
        );
    }

    #[test]
    fn collation_is_used_by_sql() {
        let db = Db::in_memory().unwrap();
        let got: Vec<String> = db
            .conn()
            .prepare("SELECT v FROM (SELECT 'Ёлкин' v UNION SELECT 'Жуков' UNION SELECT 'Ежов') ORDER BY v COLLATE RU")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(got, vec!["Ежов", "Ёлкин", "Жуков"]);
    }

    #[test]
    fn new_file_gets_schema_and_marks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("school.zavuch");
        let db = Db::open(&path).unwrap();
        assert!(db.is_empty().unwrap());
        let v: i64 = db
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
        let fk: i64 = db
            .conn()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let mode: String = db
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let synchronous: i64 = db
            .conn()
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(synchronous, 2, "FULL");
        drop(db);
        Db::open(&path).expect("reopens");
    }

    #[test]
    fn refuses_a_file_that_is_not_sqlite_and_leaves_it_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.xlsx");
        std::fs::write(&path, b"PK\x03\x04 this is a spreadsheet, not a database").unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Db::open(&path).err().expect("refused");
        assert_eq!(err.code(), "not_sqlite");
        assert!(err.to_string().contains("не является базой данных SQLite"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn refuses_another_programs_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        assert_eq!(Db::open(&path).err().unwrap().code(), "not_zavuch");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn refuses_a_newer_schema_and_leaves_the_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.zavuch");
        drop(Db::open(&path).unwrap());
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", schema_version() + 5)
                .unwrap();
            c.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Db::open(&path).err().expect("refused");
        assert_eq!(err.code(), "too_new");
        assert!(err.to_string().contains("более новой версией"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn nested_writes_are_one_change() {
        let db = Db::in_memory().unwrap();
        let insert = |n: &str| {
            db.write(|c| {
                c.execute("INSERT INTO room(number) VALUES (?1)", [n])?;
                Ok(())
            })
        };
        let res: Result<()> = db.write(|_| {
            insert("1")?;
            insert("2")?;
            insert("1") // duplicate number: the whole outer change goes
        });
        assert!(res.is_err());
        let count = |db: &Db| -> i64 {
            db.conn()
                .query_row("SELECT count(*) FROM room", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&db), 0);
        db.write(|_| insert("3")).unwrap();
        assert_eq!(count(&db), 1);
        assert!(db.conn().is_autocommit(), "no transaction left open");
    }

    #[test]
    fn write_rolls_back_on_error() {
        let db = Db::in_memory().unwrap();
        let res: Result<()> = db.write(|tx| {
            tx.execute(
                "INSERT INTO room(number, name, kind) VALUES ('1', 'a', 'classroom')",
                [],
            )?;
            Err(CoreError::NotFound {
                what: "Кабинет"
            })
        });
        assert!(res.is_err());
        let n: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM room", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
