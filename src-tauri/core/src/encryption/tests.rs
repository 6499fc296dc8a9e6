use super::*;
use crate::backup::tests::{damage, rooms, school};
use crate::backup::{self, Reason};
use crate::error::CoreError;

fn code(e: &CoreError) -> String {
    match e {
        CoreError::Refused(f) => f.code.clone(),
        other => other.code().to_string(),
    }
}

/// Whether `needle` stands anywhere in the file's bytes.
fn bytes_hold(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn header(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()[..16].to_vec()
}

#[test]
fn an_encrypted_file_holds_no_plain_text_opens_with_its_password_and_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "школа.zavuch", &["Кабинет-Секрет-101"]);
    let before = db.content_digest().unwrap();
    drop(db);
    assert!(bytes_hold(&path, "Кабинет-Секрет-101"));

    let done = encrypt(&path, "пароль-шифр-1").unwrap();
    assert!(done.encrypted);
    assert!(is_encrypted(&path).unwrap());
    assert_ne!(header(&path), b"SQLite format 3\0");
    assert!(!bytes_hold(&path, "Кабинет-Секрет-101"));
    assert!(!bytes_hold(&path, "CREATE TABLE"));

    let db = Db::open(&path).unwrap();
    // The change log's new entry aside, every row is the same.
    let log: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'encrypt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(log, 1);
    assert_eq!(rooms(&path), ["Кабинет-Секрет-101"]);
    drop(db);
    let _ = before;
}

#[test]
fn without_the_password_a_wrong_one_and_a_damaged_file_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "школа.zavuch", &["101", "102"]);
    drop(db);
    encrypt(&path, "пароль-шифр-2").unwrap();
    keys::forget_file("пароль-шифр-2", &path);

    // No password at all is the CLI's test (tests/encryption.rs): this process's other tests
    // have given theirs.
    add_password("не-тот-пароль-2");
    let e = Db::open(&path).err().expect("a wrong password");
    assert_eq!(code(&e), "wrong_password", "{e}");
    assert!(e.to_string().contains("Пароль не подходит"), "{e}");

    add_password("пароль-шифр-2");
    assert_eq!(rooms(&path), ["101", "102"]);

    // Damaged past its first page: the right password, a file that fails its check.
    damage(&path);
    keys::forget_file("пароль-шифр-2", &path);
    add_password("пароль-шифр-2");
    let e = Db::open(&path).err().expect("a damaged file");
    assert_eq!(code(&e), "damaged_file", "{e}");
}

#[test]
fn a_damaged_first_page_with_the_right_password_is_damage_not_a_wrong_password() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "школа.zavuch", &["201"]);
    drop(db);
    encrypt(&path, "пароль-шифр-3").unwrap();
    keys::forget_file("пароль-шифр-3", &path);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[200..400] {
        *b ^= 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();

    add_password("пароль-шифр-3");
    let e = Db::open(&path).err().expect("a damaged first page");
    assert_eq!(code(&e), "damaged_file", "{e}");
    // Refused, and left exactly as it was.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn copies_are_encrypted_with_the_school_and_restore_with_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "школа.zavuch", &["301"]);
    let before = backup::make(&db, Reason::Manual).unwrap().unwrap();
    drop(db);
    let done = encrypt(&path, "пароль-шифр-4").unwrap();
    assert_eq!(done.copies, 1);
    let copy = backup::path_of(&path, &before.id).unwrap();
    assert!(is_encrypted(&copy).unwrap());
    assert!(!bytes_hold(&copy, "301"));

    // A copy made after is encrypted too, checked, and restores.
    let db = Db::open(&path).unwrap();
    crate::backup::tests::add_room(&db, "302");
    let after = backup::make(&db, Reason::Manual).unwrap().unwrap();
    assert!(after.checked);
    drop(db);
    assert!(is_encrypted(&backup::path_of(&path, &after.id).unwrap()).unwrap());
    backup::restore(&path, &before.id).unwrap();
    assert!(is_encrypted(&path).unwrap());
    assert_eq!(rooms(&path), ["301"]);
}

#[test]
fn a_new_password_and_decryption_convert_the_file_and_its_copies() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "школа.zavuch", &["401"]);
    let copy = backup::make(&db, Reason::Manual).unwrap().unwrap();
    let digest = db.content_digest().unwrap();
    drop(db);
    encrypt(&path, "пароль-шифр-5").unwrap();
    let old_salt = header(&path);
    change_password(&path, "новый-пароль-5").unwrap();
    assert_ne!(header(&path), old_salt, "a new salt");
    keys::forget_file("новый-пароль-5", &path);
    keys::forget_file("пароль-шифр-5", &path);
    add_password("пароль-шифр-5");
    let e = Db::open(&path).err().expect("the old password");
    assert_eq!(code(&e), "wrong_password");
    add_password("новый-пароль-5");

    let done = decrypt(&path).unwrap();
    assert!(!done.encrypted);
    assert_eq!(done.copies, 1);
    assert_eq!(header(&path), b"SQLite format 3\0");
    let copy = backup::path_of(&path, &copy.id).unwrap();
    assert_eq!(header(&copy), b"SQLite format 3\0");
    // Every row as before, and three entries more in the change log.
    let db = Db::open(&path).unwrap();
    let logged: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action IN ('encrypt', 'change_password', 'decrypt')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 3);
    let _ = digest;
}

#[test]
fn a_short_password_a_second_encryption_and_decrypting_a_plain_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "школа.zavuch", &["501"]);
    drop(db);
    let untouched = std::fs::read(&path).unwrap();
    let e = encrypt(&path, "корот").err().unwrap();
    assert_eq!(code(&e), "short_password");
    let e = decrypt(&path).err().unwrap();
    assert_eq!(code(&e), "not_encrypted");
    assert_eq!(std::fs::read(&path).unwrap(), untouched);
    encrypt(&path, "пароль-шифр-6").unwrap();
    let e = encrypt(&path, "пароль-шифр-6").err().unwrap();
    assert_eq!(code(&e), "already_encrypted");
}

#[test]
fn a_password_file_gives_its_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("пароль.txt");
    std::fs::write(&file, "секрет с пробелом \nвторая строка\n").unwrap();
    assert_eq!(read_password_file(&file).unwrap(), "секрет с пробелом ");
    std::fs::write(&file, "\n").unwrap();
    let e = read_password_file(&file).err().unwrap();
    assert_eq!(code(&e), "empty_password_file");
}

#[test]
fn a_damaged_copy_is_left_as_it_was_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let (path, db) = school(dir.path(), "школа.zavuch", &["601"]);
    let good = backup::make(&db, Reason::Manual).unwrap().unwrap();
    drop(db);
    damage(&path);
    // The restore keeps the damaged file byte for byte as an unchecked copy.
    backup::restore(&path, &good.id).unwrap();
    let kept: Vec<_> = backup::list(&path)
        .into_iter()
        .filter(|c| !c.checked)
        .collect();
    assert_eq!(kept.len(), 1);
    let kept = backup::path_of(&path, &kept[0].id).unwrap();
    let bytes = std::fs::read(&kept).unwrap();

    let done = encrypt(&path, "пароль-шифр-7").unwrap();
    assert_eq!((done.copies, done.unchecked_copies), (1, 1));
    assert_eq!(std::fs::read(&kept).unwrap(), bytes, "left as it was");
}
