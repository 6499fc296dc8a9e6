use super::manifest::{Entry, Manifest};
use super::*;
use crate::error::CoreError;
use chrono::{Datelike, Duration, NaiveDate};

/// A school file in `dir` with the rooms `rooms`.
pub(crate) fn school(dir: &Path, name: &str, rooms: &[&str]) -> (PathBuf, Db) {
    let path = dir.join(name);
    let db = Db::open(&path).unwrap();
    for number in rooms {
        add_room(&db, number);
    }
    (path, db)
}

pub(crate) fn add_room(db: &Db, number: &str) {
    db.write(|c| {
        c.execute("INSERT INTO room(number) VALUES (?1)", [number])?;
        Ok(())
    })
    .unwrap();
}

pub(crate) fn rooms(path: &Path) -> Vec<String> {
    let db = Db::open(path).unwrap();
    let mut stmt = db
        .conn()
        .prepare("SELECT number FROM room ORDER BY number")
        .unwrap();
    let found = stmt.query_map([], |r| r.get(0)).unwrap();
    found.collect::<rusqlite::Result<_>>().unwrap()
}

/// Overwrites bytes in the middle of the pages of the school file (its WAL checkpointed into it
/// first), as a failing disk would.
pub(crate) fn damage(path: &Path) {
    {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE;
        let conn = crate::encryption::connect(path, flags).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    for start in (page..bytes.len()).step_by(page) {
        for b in &mut bytes[start + 16..start + 200] {
            *b = 0xA5;
        }
    }
    std::fs::write(path, bytes).unwrap();
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_copy_is_made_with_the_backup_api_checked_listed_and_private() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "Школа 12.zavuch", &["1", "2"]);
    let copy = make(&db, Reason::Manual).unwrap().expect("a file to copy");
    assert_eq!(copy.reason, "вручную");
    assert!(copy.checked);
    let file = path_of(&path, &copy.id).unwrap();
    assert_eq!(file.parent().unwrap(), folder(&path));
    assert_eq!(
        folder(&path),
        dir.path().join(FOLDER).join("Школа 12.zavuch")
    );
    assert_eq!(copy.size, std::fs::metadata(&file).unwrap().len());
    assert_eq!(rooms(&file), ["1", "2"]);
    assert_eq!(list(&path), vec![copy.clone()]);
    let made = NaiveDateTime::parse_from_str(&copy.made, "%Y-%m-%dT%H:%M:%S").unwrap();
    assert!((now() - made).num_seconds().abs() < 60);
    #[cfg(unix)]
    {
        assert_eq!(mode(&path), 0o600, "the school file");
        assert_eq!(mode(&file), 0o600, "its copy");
    }
    // Nothing but the school file lies beside it.
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "zavuch"))
        .collect();
    assert_eq!(beside, std::slice::from_ref(&path));
    // Two copies of one second take two names.
    let again = make(&db, Reason::Manual).unwrap().unwrap();
    assert_ne!(again.id, copy.id);
    assert_eq!(list(&path).len(), 2);
    assert_eq!(
        make(&Db::in_memory().unwrap(), Reason::Manual).unwrap(),
        None
    );
}

#[test]
fn two_schools_in_one_folder_keep_their_copies_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (a, db_a) = school(dir.path(), "school.zavuch", &["1"]);
    let (b, db_b) = school(dir.path(), "school.db", &["2"]);
    make(&db_a, Reason::Manual).unwrap();
    make(&db_b, Reason::Daily).unwrap();
    make(&db_b, Reason::Manual).unwrap();
    assert_eq!(list(&a).len(), 1);
    assert_eq!(list(&b).len(), 2);
    assert_ne!(folder(&a), folder(&b));
}

#[test]
fn the_daily_copy_is_made_once_a_day_and_not_of_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "school.zavuch", &[]);
    assert_eq!(daily(&db).unwrap(), None, "no school in the file yet");
    let year = chrono::Local::now().date_naive();
    crate::year::init(&db, year).unwrap();
    let copy = daily(&db).unwrap().expect("the first open of the day");
    assert_eq!(copy.reason, "ежедневная");
    assert_eq!(daily(&db).unwrap(), None, "one a day");
    assert_eq!(list(&path).len(), 1);
}

fn entry(id: &str, made: NaiveDateTime, checked: bool) -> Entry {
    Entry {
        id: id.into(),
        file: format!("{id}.zavuch"),
        made,
        reason: Reason::Daily,
        size: 1,
        checked,
    }
}

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

#[test]
fn rotation_keeps_the_last_twenty_a_week_for_two_months_and_a_month_for_a_year() {
    let today = at(2026, 12, 7);
    // A copy every day for two years.
    let copies: Vec<Entry> = (0..730)
        .map(|n| entry(&format!("d{n:03}"), today - Duration::days(n), true))
        .collect();
    let gone = rotation::to_delete(&copies, today);
    let kept: Vec<&Entry> = copies.iter().filter(|e| !gone.contains(&e.id)).collect();
    // The last 20 days.
    assert!((0..20).all(|n| kept.iter().any(|e| e.id == format!("d{n:03}"))));
    // One a week for two months: no week of the last 61 days without a copy.
    for n in 20..61 {
        let day = today - Duration::days(n);
        let week = day.iso_week();
        assert!(kept.iter().any(|e| e.made.iso_week() == week), "{day}");
    }
    // One a month for a year, none older.
    for n in 61..365 {
        let day = today - Duration::days(n);
        assert!(
            kept.iter()
                .any(|e| (e.made.year(), e.made.month()) == (day.year(), day.month())),
            "{day}"
        );
    }
    assert!(kept.iter().all(|e| (today - e.made).num_days() < 365));
    assert!(kept.len() < 20 + 9 + 13, "{}", kept.len());
}

#[test]
fn rotation_never_deletes_the_only_good_copy() {
    let today = at(2026, 12, 7);
    let mut copies: Vec<Entry> = (0..30)
        .map(|n| entry(&format!("bad{n}"), today - Duration::minutes(n), false))
        .collect();
    copies.push(entry("good", at(2024, 1, 1), true));
    let gone = rotation::to_delete(&copies, today);
    assert!(!gone.contains(&"good".to_string()));
    assert_eq!(gone.len(), 10, "the unchecked ones beyond the last 20");
    // The newest checked copy of a week is the one kept for it.
    let week = [
        entry("new-bad", today - Duration::days(30), false),
        entry("old-good", today - Duration::days(31), true),
    ];
    assert_eq!(rotation::to_delete(&week, today), Vec::<String>::new());
}

#[test]
fn rotation_runs_as_copies_are_made() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "school.zavuch", &["1"]);
    let folder = folder(&path);
    std::fs::create_dir_all(&folder).unwrap();
    // 25 listed copies of one day a year and a half ago.
    let old = now() - Duration::days(540);
    let mut manifest = Manifest::default();
    for n in 0..25 {
        let e = entry(&format!("old{n}"), old + Duration::minutes(n), true);
        std::fs::write(folder.join(&e.file), b"x").unwrap();
        manifest.copies.push(e);
    }
    manifest.save(&folder).unwrap();
    make(&db, Reason::Manual).unwrap();
    let listed = list(&path);
    assert_eq!(listed.len(), 20);
    assert!(!folder.join("old0.zavuch").exists(), "the oldest deleted");
    assert!(folder.join("old24.zavuch").exists());
}

#[test]
fn a_copy_started_early_is_listed_once_waited_for_and_deleted_unless() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "school.zavuch", &["1"]);
    let copy = start(
        &db,
        Reason::Import {
            what: "ученики".into(),
        },
    )
    .expect("a file to copy")
    .wait()
    .unwrap();
    assert_eq!(copy.reason, "перед импортом — ученики");
    assert!(copy.checked);
    assert_eq!(before_imports(&path), [path_of(&path, &copy.id).unwrap()]);
    assert_eq!(rooms(&before_imports(&path)[0]), ["1"]);
    discard(&path, &copy.id).unwrap();
    assert!(list(&path).is_empty());
    drop(start(&db, Reason::Manual));
    assert!(list(&path).is_empty());

    assert!(!dir.path().join(FOLDER).exists(), "no empty folder left");
    assert!(start(&Db::in_memory().unwrap(), Reason::Manual).is_none());
}

fn code(e: &CoreError) -> String {
    e.fields()
        .first()
        .map_or(e.code().to_string(), |f| f.code.clone())
}

#[test]
fn a_restore_undoes_a_change_and_can_itself_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "school.zavuch", &["1"]);
    let before = make(&db, Reason::Manual).unwrap().unwrap();
    add_room(&db, "2");
    drop(db);
    let restored = restore(&path, &before.id).unwrap();
    assert_eq!(rooms(&path), ["1"]);
    let kept = restored.kept.expect("the file before the restore");
    assert_eq!(kept.reason, "перед восстановлением");
    assert!(kept.checked);
    // Undone: the copy kept before the restore, restored.
    restore(&path, &kept.id).unwrap();
    assert_eq!(rooms(&path), ["1", "2"]);
    // A copy named by its file.
    let file = path_of(&path, &before.id).unwrap();
    restore(&path, &file.display().to_string()).unwrap();
    assert_eq!(rooms(&path), ["1"]);
    assert_eq!(
        list(&path).len(),
        4,
        "the copy and the three files kept before restores"
    );
}

#[test]
fn a_damaged_file_is_refused_left_as_it_is_and_restored_over_kept_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let numbers: Vec<String> = (0..400).map(|n| format!("{n}")).collect();
    let numbers: Vec<&str> = numbers.iter().map(String::as_str).collect();
    let (path, db) = school(dir.path(), "school.zavuch", &numbers);
    let good = make(&db, Reason::Daily).unwrap().unwrap();
    drop(db);
    damage(&path);
    let damaged = std::fs::read(&path).unwrap();
    let err = Db::open(&path).err().expect("a damaged file is not opened");
    assert_eq!(code(&err), "damaged_file");
    let text = err.to_string();
    assert!(
        text.contains("повреждён") && text.contains(&good.id),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        damaged,
        "left exactly as it is"
    );
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());

    let restored = restore(&path, &good.id).unwrap();
    let kept = restored.kept.unwrap();
    assert_eq!(kept.reason, "повреждённый файл перед восстановлением");
    assert!(!kept.checked);
    let kept_file = path_of(&path, &kept.id).unwrap();
    assert_eq!(std::fs::read(kept_file).unwrap(), damaged, "byte for byte");
    assert_eq!(rooms(&path).len(), 400);
    // The latest good copy offered is never the damaged file kept.
    assert_eq!(latest_good(&path).unwrap().id, good.id);
}

#[test]
fn a_file_with_a_row_referring_to_nothing_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "school.zavuch", &[]);
    drop(db);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO equipment(room_id, name) VALUES (999, 'Проектор');",
        )
        .unwrap();
    }
    let err = Db::open(&path).err().expect("refused");
    assert_eq!(code(&err), "damaged_file");
    assert!(err
        .to_string()
        .contains("Исправных резервных копий этого файла нет"));
}

#[test]
fn a_bad_or_unknown_copy_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "school.zavuch", &["1"]);
    drop(db);
    let before = std::fs::read(&path).unwrap();
    assert_eq!(
        code(&restore(&path, "20990101-000000").unwrap_err()),
        "unknown_copy"
    );
    let junk = dir.path().join("junk.zavuch");
    std::fs::write(&junk, b"not a database").unwrap();
    assert_eq!(
        code(&restore(&path, &junk.display().to_string()).unwrap_err()),
        "bad_copy"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(
        list(&path).is_empty(),
        "nothing kept when nothing is restored"
    );
}

#[test]
fn copies_reach_the_second_place_and_a_week_without_it_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let flash = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "school.zavuch", &["1"]);
    make(&db, Reason::Manual).unwrap();
    let missing = flash.path().join("нет такой");
    let err = set_second_place(&path, Some(&missing)).unwrap_err();
    assert_eq!(code(&err), "second_place_missing");
    let shown = set_second_place(&path, Some(flash.path())).unwrap();
    assert_eq!(
        shown.second_place.as_deref(),
        Some(flash.path().to_str().unwrap())
    );
    assert!(shown.second_place_reached.is_some() && shown.warning.is_none());
    let mirrored = |n: usize| {
        let root = flash.path().join("Резервные копии Завуча");
        let there = std::fs::read_dir(&root)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let copies = std::fs::read_dir(&there)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "zavuch")
            })
            .count();
        assert_eq!(copies, n);
    };
    mirrored(1);
    make(&db, Reason::Manual).unwrap();
    mirrored(2);

    // The flash drive taken out: copies are made here only, then the week runs out.
    let place = flash.path().to_path_buf();
    let aside = dir.path().join("вынута");
    std::fs::rename(&place, &aside).unwrap();
    make(&db, Reason::Manual).unwrap();
    let folder = folder(&path);
    let manifest = Manifest::load(&folder);
    let reached = manifest.second_place_reached.unwrap();
    assert!(second_place::warning(&manifest, reached + Duration::days(6)).is_none());
    let warning = second_place::warning(&manifest, reached + Duration::days(8)).unwrap();
    assert_eq!(warning.code, "second_place_unreachable");
    assert!(warning
        .message
        .contains(&reached.format("%d.%m.%Y").to_string()));
    // Back in: the copy it missed reaches it.
    std::fs::rename(&aside, &place).unwrap();
    assert!(overview(&path).unwrap().warning.is_none());
    mirrored(3);
    let forgot = set_second_place(&path, None).unwrap();
    assert!(forgot.second_place.is_none() && forgot.warning.is_none());
}

/// The app and the CLI making copies at once: each change of the manifest reads what the other
/// wrote (under the lock beside it), so no copy drops out of the list.
#[test]
fn two_makers_at_once_lose_no_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "school.zavuch", &["101"]);
    drop(db);
    const EACH: usize = 10;
    let made: Vec<String> = std::thread::scope(|s| {
        let makers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let db = Db::open(&path).unwrap();
                    (0..EACH)
                        .map(|_| make(&db, Reason::Manual).unwrap().unwrap().id)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        makers.into_iter().flat_map(|m| m.join().unwrap()).collect()
    });
    assert_eq!(made.len(), 2 * EACH);
    let mut listed: Vec<String> = list(&path).into_iter().map(|c| c.id).collect();
    let mut made = made;
    listed.sort();
    made.sort();
    assert_eq!(listed, made, "every copy made is listed");
}

/// The lock itself: two threads each adding entries one change at a time (read, add, write),
/// many times over, end with every entry listed.
#[test]
fn changes_of_the_manifest_under_its_lock_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_path_buf();
    const EACH: usize = 100;
    std::thread::scope(|s| {
        for maker in 0..2 {
            let folder = &folder;
            s.spawn(move || {
                for n in 0..EACH {
                    let mut manifest = Manifest::lock(folder).unwrap();
                    manifest.copies.push(Entry {
                        id: format!("{maker}-{n}"),
                        file: format!("{maker}-{n}.zavuch"),
                        made: now(),
                        reason: Reason::Manual,
                        size: 0,
                        checked: true,
                    });
                    manifest.save(folder).unwrap();
                }
            });
        }
    });
    assert_eq!(Manifest::load(&folder).copies.len(), 2 * EACH);
}
