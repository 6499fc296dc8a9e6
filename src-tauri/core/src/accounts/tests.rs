use super::*;
use crate::backup::tests::{add_room, school};
use crate::encryption;

fn code(e: &CoreError) -> String {
    match e {
        CoreError::Refused(f) => f.code.clone(),
        other => other.code().to_string(),
    }
}

/// An encrypted school with a student and the accounts `(login, role, password)`.
fn encrypted_school(
    dir: &Path,
    password: &str,
    accounts: &[(&str, Role, &str)],
) -> std::path::PathBuf {
    let (path, db) = school(dir, "школа.zavuch", &["101"]);
    drop(db);
    encryption::encrypt(&path, password).unwrap();
    let db = Db::open(&path).unwrap();
    for (login, role, pw) in accounts {
        add(&db, login, "", *role, pw).unwrap();
    }
    path
}

#[test]
fn accounts_need_an_encrypted_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = school(dir.path(), "школа.zavuch", &[]);
    let e = add(&db, "секретарь", "", Role::Secretary, "пароль-секретаря").unwrap_err();
    assert_eq!(code(&e), "accounts_need_encryption");
}

#[test]
fn an_account_signs_in_with_its_own_password_and_works_in_its_role() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_school(
        dir.path(),
        "пароль-файла-а1",
        &[("Иванова", Role::Secretary, "пароль-ивановой-а1")],
    );
    let listed = list(&Db::open(&path).unwrap()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].role_label, "секретарь");
    assert!(slots::path_of(&path).exists(), "the slots beside the file");
    let beside = std::fs::read_to_string(slots::path_of(&path)).unwrap();
    assert!(
        !beside.contains("secretary"),
        "no role beside the file: {beside}"
    );

    let e = sign_in(&path, "иванова", "не-тот-пароль").unwrap_err();
    assert_eq!(code(&e), "wrong_password");
    let e = sign_in(&path, "Петров", "пароль-ивановой-а1").unwrap_err();
    assert_eq!(code(&e), "unknown_account");
    sign_in(&path, "иванова", "пароль-ивановой-а1").unwrap();

    let db = Db::open(&path).unwrap();
    assert_eq!(db.role(), Role::Secretary);
    assert_eq!(db.login(), Some("Иванова"));
    // A secretary records people and their movement…
    db.write(|c| {
        c.execute(
            "INSERT INTO guardian (last_name, first_name) VALUES ('Смирнова', 'Ольга')",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    // …and changes neither rooms, nor accounts, nor the school file's encryption.
    let e = db
        .write(|c| {
            c.execute("INSERT INTO room(number) VALUES ('202')", [])?;
            Ok(())
        })
        .unwrap_err();
    assert_eq!(code(&e), "role_not_allowed");
    assert!(e.to_string().contains("Роль «секретарь»"), "{e}");
    let e = add(&db, "новый", "", Role::Administrator, "пароль-нового-а1").unwrap_err();
    assert_eq!(code(&e), "role_not_allowed");
    drop(db);
    let e = encryption::decrypt(&path).unwrap_err();
    assert_eq!(code(&e), "role_not_allowed");

    // The change log names the account.
    let db = Db::open(&path).unwrap();
    let actor: String = db
        .conn()
        .query_row(
            "SELECT actor FROM audit_log WHERE entity = 'guardian' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, "Иванова");
}

#[test]
fn a_viewer_changes_nothing_and_anyone_changes_only_their_own_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_school(
        dir.path(),
        "пароль-файла-б1",
        &[
            ("зритель", Role::Viewer, "пароль-зрителя-б1"),
            ("завуч", Role::Deputy, "пароль-завуча-б1"),
        ],
    );
    sign_in(&path, "зритель", "пароль-зрителя-б1").unwrap();
    let db = Db::open(&path).unwrap();
    assert_eq!(db.role(), Role::Viewer);
    let e = db
        .write(|c| {
            c.execute("UPDATE school SET short_name = 'Школа'", [])?;
            Ok(())
        })
        .unwrap_err();
    assert_eq!(code(&e), "role_not_allowed");
    let e = set_password(&db, "завуч", "чужой-пароль-б1").unwrap_err();
    assert_eq!(code(&e), "role_not_allowed");
    let e = set_active(&db, "зритель", false).unwrap_err();
    assert_eq!(code(&e), "role_not_allowed");
    set_password(&db, "зритель", "новый-пароль-зрителя").unwrap();
    drop(db);
    sign_in(&path, "зритель", "новый-пароль-зрителя").unwrap();
}

#[test]
fn a_deputy_changes_the_school_but_not_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_school(
        dir.path(),
        "пароль-файла-в1",
        &[("завуч", Role::Deputy, "пароль-завуча-в1")],
    );
    sign_in(&path, "Завуч", "пароль-завуча-в1").unwrap();
    let db = Db::open(&path).unwrap();
    add_room(&db, "303");
    let e = add(&db, "другой", "", Role::Viewer, "пароль-другого-в1").unwrap_err();
    assert_eq!(code(&e), "role_not_allowed");
}

#[test]
fn a_disabled_account_opens_nothing_and_a_new_file_password_empties_every_slot() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_school(
        dir.path(),
        "пароль-файла-г1",
        &[
            ("первый", Role::Deputy, "пароль-первого-г1"),
            ("второй", Role::Secretary, "пароль-второго-г1"),
        ],
    );
    let db = Db::open(&path).unwrap();
    set_active(&db, "первый", false).unwrap();
    drop(db);
    let e = sign_in(&path, "первый", "пароль-первого-г1").unwrap_err();
    assert_eq!(code(&e), "unknown_account", "its slot left the file beside");

    encryption::change_password(&path, "новый-пароль-файла-г1").unwrap();
    let db = Db::open(&path).unwrap();
    assert!(list(&db).unwrap().iter().all(|a| !a.has_password));
    assert!(!slots::path_of(&path).exists());
    let e = sign_in(&path, "второй", "пароль-второго-г1").unwrap_err();
    assert_eq!(code(&e), "unknown_account");
    set_password(&db, "второй", "новый-пароль-второго").unwrap();
    drop(db);
    sign_in(&path, "второй", "новый-пароль-второго").unwrap();
}

#[test]
fn roles_parse_from_their_russian_names() {
    assert_eq!(Role::parse("Секретарь"), Some(Role::Secretary));
    assert_eq!(Role::parse("заместитель"), Some(Role::Deputy));
    assert_eq!(Role::parse("только просмотр"), Some(Role::Viewer));
    assert_eq!(Role::parse("administrator"), Some(Role::Administrator));
    assert_eq!(Role::parse("директор"), None);
}

#[test]
fn only_an_administrator_restores_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_school(
        dir.path(),
        "пароль-файла-д1",
        &[
            ("завуч", Role::Deputy, "пароль-завуча-д1"),
            ("админ", Role::Administrator, "пароль-админа-д1"),
        ],
    );
    let copy = crate::backup::make(&Db::open(&path).unwrap(), crate::backup::Reason::Manual)
        .unwrap()
        .unwrap();
    sign_in(&path, "завуч", "пароль-завуча-д1").unwrap();
    let e = crate::backup::restore(&path, &copy.id).unwrap_err();
    assert_eq!(code(&e), "role_not_allowed");
    sign_in(&path, "админ", "пароль-админа-д1").unwrap();
    crate::backup::restore(&path, &copy.id).unwrap();
}
