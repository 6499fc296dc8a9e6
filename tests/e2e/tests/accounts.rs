//! «Сервис → Пользователи» through the real app on the demo school: on a plain file the screen
//! says accounts need encryption and leads to «Шифрование файла»; the administrator encrypts
//! the file there, comes back and adds a secretary and a viewer (two passwords that differ are
//! caught first; Enter adds, Esc closes a dialog), turns one off and on again and gives the
//! other a new password, then «Сменить пользователя» locks the file.
//! The secretary signs in with her own login: she sees the marks, but closing the term is
//! refused with the core's Russian words on the screen, and the app works on (she opens
//! «Пользователи», where nothing but her own password is offered). The viewer's mark typed into
//! a cell is refused likewise. Nothing they tried is in the file. Pictures go to
//! `$ZAVUCH_SCREENSHOTS/accounts-*.png` when that is set.

use std::time::Duration;
use zavuch_core::{classes, encryption, marks, year, Db};
use zavuch_e2e::{demo_file, text_of, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const FILE_PASSWORD: &str = "дуб-зима-2026";
const SECRETARY: (&str, &str, &str) = ("Иванова", "Иванова Мария Петровна", "пароль-ивановой-1");
/// The secretary's password the administrator gives her after adding her.
const SECRETARY_NEW: &str = "новый-пароль-ивановой";
const VIEWER: (&str, &str, &str) = ("Петров", "Петров Олег Ильич", "пароль-петрова-2");
const CLASS: &str = "5 А";
const PERIOD: &str = "1 четверть";

/// A picture once the screen has painted (WebKit may give the frame before).
async fn picture(app: &App, name: &str) -> TestResult {
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot(&format!("accounts-{name}")).await
}

/// The first graded subject of 5 А's first student in «1 четверть», by the core.
fn graded_subject(db: &Db) -> Result<i64, Box<dyn std::error::Error>> {
    let class = classes::find_by_label(db, year::current_id(db)?, CLASS)?
        .and_then(|c| c.id)
        .ok_or("no 5 А")?;
    let period = marks::period_by_name(db, class, PERIOD)?;
    let sheet = marks::sheet(db, class, period.period)?;
    let k = (0..sheet.subjects.len())
        .find(|&k| !sheet.subjects[k].pass_fail && sheet.students[0].studies[k])
        .ok_or("no graded subject")?;
    Ok(sheet.subjects[k].subject_id)
}

/// How many periods of classes are closed.
fn closures(db: &Db) -> Result<i64, Box<dyn std::error::Error>> {
    let sql = "SELECT count(*) FROM period_closure";
    Ok(db.conn().query_row(sql, [], |r| r.get(0))?)
}

/// A plain file: the screen says accounts need encryption and leads there, where the file is
/// encrypted; back on «Пользователи» the list is empty.
async fn encrypt(app: &App) -> TestResult {
    app.click("nav-accounts").await?;
    app.wait_text("accounts-plain", "только у зашифрованного файла")
        .await?;
    picture(app, "plain").await?;
    app.click("accounts-to-encryption").await?;
    app.click("encryption-encrypt").await?;
    app.fill("field-password", FILE_PASSWORD).await?;
    app.fill("field-password-again", &format!("{FILE_PASSWORD}{ENTER}"))
        .await?;
    app.wait_text_long("encryption-done", "Файл школы зашифрован")
        .await?;
    app.click("nav-accounts").await?;
    app.wait_text("accounts-empty", "Пользователей нет").await?;
    app.wait_text("accounts-me", "паролем файла").await?;
    Ok(())
}

/// «Добавить пользователя»: the fields typed, the role chosen, Enter adds.
async fn add(app: &App, (login, name, password): (&str, &str, &str), role: &str) -> TestResult {
    app.click("account-add").await?;
    app.by_testid("account-dialog").await?;
    app.fill("field-login", login).await?;
    app.fill("field-full-name", name).await?;
    let option = r#"[data-testid="field-role"] option"#;
    let mut chosen = false;
    for o in app
        .client
        .find_all(fantoccini::Locator::Css(option))
        .await?
    {
        if text_of(&o).await? == role {
            o.click().await?;
            chosen = true;
        }
    }
    assert!(chosen, "no role «{role}» offered");
    app.fill("field-password", password).await?;
    app.fill("field-password-again", &format!("{password}{ENTER}"))
        .await?;
    app.wait_text_long("accounts-done", &format!("«{login}» добавлен"))
        .await?;
    app.wait_gone(r#"[data-testid="account-dialog"]"#).await?;
    let row = app.text(&format!("account-{login}")).await?;
    assert!(row.contains(role) && row.contains(name), "{row}");
    Ok(())
}

async fn add_two(app: &App) -> TestResult {
    // Two passwords that differ are caught before anything is asked of the core.
    app.click("account-add").await?;
    app.fill("field-login", SECRETARY.0).await?;
    app.fill("field-password", SECRETARY.2).await?;
    app.fill("field-password-again", "другой-пароль-1").await?;
    app.click("account-ok").await?;
    app.wait_text("error-password-again", "не совпадают")
        .await?;
    picture(app, "mismatch").await?;
    // Esc closes the dialog, nothing added.
    app.by_testid("field-password-again")
        .await?
        .send_keys(ESCAPE)
        .await?;
    app.wait_gone(r#"[data-testid="account-dialog"]"#).await?;
    app.by_testid("accounts-empty").await?;

    add(app, SECRETARY, "секретарь").await?;
    add(app, VIEWER, "только просмотр").await?;
    picture(app, "list").await?;
    toggle(app, VIEWER.0).await?;
    new_password(app, SECRETARY.0).await
}

/// «Отключить» (asked first), then «Включить» again.
async fn toggle(app: &App, login: &str) -> TestResult {
    let row = format!(r#"[data-testid="account-{login}"]"#);
    let button = format!(r#"{row} [data-testid="account-toggle"]"#);
    app.wait(&button).await?.click().await?;
    app.click("dialog-ok").await?;
    app.wait_text("accounts-done", &format!("«{login}» отключён"))
        .await?;
    let state = format!(r#"{row} [data-testid="account-state"]"#);
    assert_eq!(text_of(&app.wait(&state).await?).await?, "отключена");
    app.wait(&button).await?.click().await?;
    app.wait_text("accounts-done", &format!("«{login}» включён"))
        .await?;
    assert_eq!(text_of(&app.wait(&state).await?).await?, "включена");
    Ok(())
}

/// «Сменить пароль…» of `login`: from now on [`SECRETARY_NEW`] opens the file for it.
async fn new_password(app: &App, login: &str) -> TestResult {
    let button = format!(r#"[data-testid="account-{login}"] [data-testid="account-password"]"#);
    app.wait(&button).await?.click().await?;
    app.fill("field-password", SECRETARY_NEW).await?;
    app.fill("field-password-again", &format!("{SECRETARY_NEW}{ENTER}"))
        .await?;
    let done = format!("Пароль пользователя «{login}» изменён");
    app.wait_text_long("accounts-done", &done).await.map(drop)
}

/// «Сменить пользователя», then the login and password of `who` on the locked screen.
async fn sign_in_as(app: &App, (login, _, password): (&str, &str, &str), role: &str) -> TestResult {
    app.click("sign-out").await?;
    app.wait_text_long("locked-message", "Введите пароль")
        .await?;
    app.fill("unlock-login", login).await?;
    app.fill("unlock-password", &format!("{password}{ENTER}"))
        .await?;
    app.wait_text_long("signed-in", &format!("{login} ({role})"))
        .await
        .map(drop)
}

/// Chooses 5 А and «1 четверть» on «Отметки» and waits for the sheet.
async fn open_marks(app: &App) -> TestResult {
    app.click("nav-marks").await?;
    let class = format!(r#"[data-testid="grid-marks-classes"] td[data-value="{CLASS}"]"#);
    app.wait(&class).await?.click().await?;
    let tab = format!(r#"[data-testid^="marks-period-"][data-name="{PERIOD}"]"#);
    app.wait(&tab).await?.click().await?;
    app.wait_text("marks-state", &format!("{CLASS}, {PERIOD}"))
        .await?;
    Ok(())
}

/// The secretary sees the marks, may not close the term, and goes on working.
async fn secretary(app: &App, subject: i64) -> TestResult {
    let (login, name, _) = SECRETARY;
    sign_in_as(app, (login, name, SECRETARY_NEW), "секретарь").await?;
    open_marks(app).await?;
    app.by_testid(&format!("cell-0-m{subject}")).await?;
    app.click("marks-close").await?;
    app.by_testid("dialog").await?;
    app.click("dialog-ok").await?;
    app.wait_text(
        "marks-error",
        "Роль «секретарь» не позволяет изменять закрытие и открытие периодов",
    )
    .await?;
    picture(app, "refused").await?;
    let state = app.text("marks-state").await?;
    assert!(!state.contains("Период закрыт"), "{state}");

    // The app works on: «Пользователи» shows the list, only her own password to change.
    app.click("nav-accounts").await?;
    app.wait_text("accounts-me", "Иванова (секретарь)").await?;
    assert!(app.by_testid("account-add").await.is_err(), "no «Добавить»");
    let own = app.text(&format!("account-{}", SECRETARY.0)).await?;
    assert!(own.contains("Сменить пароль"), "{own}");
    let other = app.text(&format!("account-{}", VIEWER.0)).await?;
    assert!(
        !other.contains("Сменить пароль") && !other.contains("Отключить"),
        "{other}"
    );
    picture(app, "secretary").await
}

/// The viewer's mark typed into a cell is refused with the role's words.
async fn viewer(app: &App, subject: i64) -> TestResult {
    sign_in_as(app, VIEWER, "только просмотр").await?;
    open_marks(app).await?;
    let id = format!("cell-0-m{subject}");
    app.click_in_view(&format!(r#"[data-testid="{id}"]"#))
        .await?;
    app.by_testid(&id).await?.send_keys("3").await?;
    app.wait_text(
        "marks-error",
        "Роль «только просмотр» не позволяет изменять отметки и пропуски",
    )
    .await?;
    picture(app, "viewer-refused").await?;
    // Still at work: another screen opens.
    app.click("nav-accounts").await?;
    app.wait_text("accounts-me", "Петров (только просмотр)")
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_administrator_adds_users_whose_roles_the_core_holds_to_on_the_screen() -> TestResult {
    let (dir, path) = demo_file()?;
    let (subject, closed) = {
        let db = Db::open(&path)?;
        (graded_subject(&db)?, closures(&db)?)
    };
    let harness = Harness::start_with(dir, path.clone()).await?;

    let app = harness.launch().await?;
    app.step("accounts", "encrypt", encrypt(&app).await).await?;
    app.step("accounts", "add", add_two(&app).await).await?;
    app.step("accounts", "secretary", secretary(&app, subject).await)
        .await?;
    app.step("accounts", "viewer", viewer(&app, subject).await)
        .await?;
    app.close().await?;

    // Nothing the secretary or the viewer tried reached the file.
    encryption::add_password(FILE_PASSWORD);
    let db = Db::open(&path)?;
    let theirs: i64 = db.conn().query_row(
        "SELECT count(*) FROM audit_log WHERE actor IN (?1, ?2)",
        [SECRETARY.0, VIEWER.0],
        |r| r.get(0),
    )?;
    assert_eq!(theirs, 0, "the refused changes left no trace");
    assert_eq!(closures(&db)?, closed, "no term closed");
    Ok(())
}
