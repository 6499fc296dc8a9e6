//! Staff, classes and students through the real app on the demo school: add a staff member, make
//! them the class teacher of a new class, enrol a student in it with a guardian and a consent,
//! restart on the same file and find them all; a transfer and a departure from a student's card;
//! a staff member's transfer to another rate from the staff card; and the people screens' pictures (to docs/screenshots when ZAVUCH_SCREENSHOTS is set).

use zavuch_core::{classes, staff, students, year, Db};
use zavuch_e2e::{demo_file, text_of, App, Harness, TestResult};

const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";

fn cell(grid: &str, row: usize, key: &str) -> String {
    format!(r#"[data-testid="{grid}"] [data-testid="cell-{row}-{key}"]"#)
}

/// Types into a grid cell (typing starts editing) and ends with `end` (Enter or Tab).
async fn type_cell(
    app: &App,
    grid: &str,
    row: usize,
    key: &str,
    text: &str,
    end: &str,
) -> TestResult {
    let cell = app.wait(&cell(grid, row, key)).await?;
    cell.click().await?;
    cell.send_keys(&format!("{text}{end}")).await?;
    Ok(())
}

async fn attr(app: &App, css: &str, name: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(app.wait(css).await?.attr(name).await?.unwrap_or_default())
}

/// Waits until an attribute of the element has the value (saves arrive asynchronously).
async fn wait_attr(app: &App, css: &str, name: &str, want: &str) -> TestResult {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got = attr(app, css, name).await.unwrap_or_default();
        if got == want {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{css} [{name}] is «{got}», not «{want}»").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

async fn saved(app: &App) -> TestResult {
    app.wait(r#"[data-testid="save-status"][data-state="saved"]"#)
        .await?;
    Ok(())
}

async fn add_staff_member(app: &App) -> TestResult {
    app.click("nav-staff").await?;
    app.wait(&cell("grid-staff", 0, "full_name")).await?;
    app.click("staff-new").await?;
    app.by_testid("screen-staff-card").await?;
    app.fill("field-last_name", "Тестова").await?;
    app.fill("field-first_name", "Ирина").await?;
    app.fill("field-patronymic", "Павловна").await?;
    // A new card starts with one position (the one most held: a teacher) at a full rate.
    type_cell(app, "grid-appointments", 0, "rate", "0,5", ENTER).await?;
    type_cell(app, "grid-appointments", 0, "hired_on", "01.09.2020", ENTER).await?;
    education_and_experience(app).await?;
    app.click("staff-save").await?;
    saved(app).await?;
    assert_eq!(
        attr(app, &cell("grid-appointments", 0, "rate"), "data-value").await?,
        "0.5"
    );
    app.click("staff-back").await?;
    app.fill("staff-filter", "Тестова").await?;
    wait_attr(
        app,
        &cell("grid-staff", 0, "full_name"),
        "data-value",
        "Тестова Ирина Павловна",
    )
    .await?;
    Ok(())
}

/// The card's «Образование и стаж»: every field filled; the experience is shown beside its
/// date as soon as the date is left.
async fn education_and_experience(app: &App) -> TestResult {
    app.by_testid("field-education_level")
        .await?
        .select_by_label("Высшее")
        .await?;
    app.click("field-pedagogical_education").await?;
    app.fill("field-education", "ОГУ, 2010, учитель физики")
        .await?;
    app.by_testid("field-qualification_category")
        .await?
        .select_by_label("Первая")
        .await?;
    app.fill("field-category_awarded_on", &format!("15.03.2024{TAB}"))
        .await?;
    app.fill("field-experience_since", &format!("01.09.2008{TAB}"))
        .await?;
    app.fill(
        "field-pedagogical_experience_since",
        &format!("01.09.2010{TAB}"),
    )
    .await?;
    // The card counts the experience on today as the core does.
    let since = zavuch_core::forms::parse_ru_date("01.09.2010").ok_or("a date")?;
    let on = zavuch_core::exchange::import::today();
    let want = staff::experience_text(staff::experience_on(since, on).ok_or("in the past")?);
    assert_eq!(app.text("beside-pedagogical_experience_since").await?, want);
    app.by_testid("field-academic_degree")
        .await?
        .select_by_label("Кандидат наук")
        .await?;
    app.fill(
        "field-honorary_titles",
        "Почётный работник воспитания и просвещения РФ",
    )
    .await?;
    picture(app, "staff-card-education").await?;
    Ok(())
}

/// A new class «5 Г» with the new teacher; the class list gets a 32nd row.
async fn add_class(app: &App) -> TestResult {
    app.click("nav-classes").await?;
    app.wait(&cell("grid-classes", 30, "grade")).await?;
    app.click("grid-classes-add").await?;
    type_cell(app, "grid-classes", 31, "grade", "5", TAB).await?;
    type_cell(app, "grid-classes", 31, "letter", "г", TAB).await?;
    // The class teacher is chosen by typing the beginning of the name; Enter on the last row
    // leaves it, which saves the new class.
    type_cell(
        app,
        "grid-classes",
        31,
        "class_teacher_id",
        "Тестова",
        ENTER,
    )
    .await?;
    app.wait_text("classes-total", "32 класса").await?;
    let teacher = text_of(
        &app.wait(&cell("grid-classes", 31, "class_teacher_id"))
            .await?,
    )
    .await?;
    assert_eq!(teacher, "Тестова И. П.");
    assert_eq!(
        attr(app, &cell("grid-classes", 31, "letter"), "data-value").await?,
        "Г",
        "letters are stored in capitals"
    );
    Ok(())
}

async fn add_student(app: &App) -> TestResult {
    // From the class list straight to the class's students.
    app.wait(&cell("grid-classes", 31, "total"))
        .await?
        .click()
        .await?;
    app.click("classes-students").await?;
    app.by_testid("screen-students").await?;
    app.wait(
        r#"[data-testid="grid-class-picker"] tr.chosen [data-testid$="-label"][data-value="5 Г"]"#,
    )
    .await?;
    app.click("students-new").await?;
    app.by_testid("screen-student-card").await?;
    app.fill("field-file_number", "тест-1").await?;
    app.fill("field-last_name", "Тестов").await?;
    app.fill("field-first_name", "Пётр").await?;
    app.fill("field-patronymic", "Иванович").await?;
    app.fill("field-birth_date", &format!("14.03.2015{ENTER}"))
        .await?;
    app.click("field-disability").await?;
    app.by_testid("field-special_needs")
        .await?
        .select_by_label("Задержка психического развития")
        .await?;
    app.click("student-save").await?;
    saved(app).await?;

    // A guardian typed in the table (saved when the row is left), and the student's own consent.
    app.click("grid-guardians-add").await?;
    type_cell(
        app,
        "grid-guardians",
        0,
        "guardian.last_name",
        "Тестова",
        TAB,
    )
    .await?;
    type_cell(app, "grid-guardians", 0, "guardian.first_name", "Анна", TAB).await?;
    type_cell(
        app,
        "grid-guardians",
        0,
        "guardian.phone",
        "+7 (910) 000-11-22",
        ENTER,
    )
    .await?;
    app.click("grid-consents-student-add").await?;
    type_cell(
        app,
        "grid-consents-student",
        0,
        "given_on",
        "01.09.2026",
        ENTER,
    )
    .await?;
    wait_attr(
        app,
        &cell("grid-consents-student", 0, "given_on"),
        "data-value",
        "2026-09-01",
    )
    .await?;
    app.click("student-back").await?;
    wait_attr(
        app,
        &cell("grid-students", 0, "full_name"),
        "data-value",
        "Тестов Пётр Иванович",
    )
    .await?;
    Ok(())
}

async fn find_after_restart(app: &App) -> TestResult {
    app.click("nav-students").await?;
    // Classes by grade and letter: 1–4 А–В are 12 rows, so «5 Г» is the 16th.
    let picker = cell("grid-class-picker", 15, "label");
    wait_attr(app, &picker, "data-value", "5 Г").await?;
    app.wait(&picker).await?.click().await?;
    let name = cell("grid-students", 0, "full_name");
    wait_attr(app, &name, "data-value", "Тестов Пётр Иванович").await?;
    assert_eq!(
        attr(app, &cell("grid-students", 0, "file_number"), "data-value").await?,
        "тест-1"
    );
    // Enter on a student opens the card.
    let student = app.wait(&name).await?;
    student.click().await?;
    student.send_keys(ENTER).await?;
    app.by_testid("screen-student-card").await?;
    assert_eq!(app.value("field-birth_date").await?, "14.03.2015");
    assert!(app.text("student-class").await?.contains("5 Г"));
    wait_attr(
        app,
        &cell("grid-guardians", 0, "guardian.last_name"),
        "data-value",
        "Тестова",
    )
    .await?;
    wait_attr(
        app,
        &cell("grid-consents-student", 0, "given_on"),
        "data-value",
        "2026-09-01",
    )
    .await?;

    app.click("nav-staff").await?;
    app.fill("staff-filter", "Тестова").await?;
    wait_attr(
        app,
        &cell("grid-staff", 0, "full_name"),
        "data-value",
        "Тестова Ирина Павловна",
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_class_and_student_survive_a_restart() -> TestResult {
    let (dir, path) = demo_file()?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.wait_text("current-year", "2026-2027").await?;
    app.step("people", "staff", add_staff_member(&app).await)
        .await?;
    app.step("people", "class", add_class(&app).await).await?;
    app.step("people", "student", add_student(&app).await)
        .await?;
    app.close().await?;

    let app = harness.launch().await?;
    app.step("people", "restart", find_after_restart(&app).await)
        .await?;
    app.close().await?;

    // The same file read by the core: the class, its teacher, the student in it, the guardian.
    let db = Db::open(&harness.db_path)?;
    let year_id = year::current_id(&db)?;
    let class = classes::find_by_label(&db, year_id, "5г")?.ok_or("no class 5 Г")?;
    let teacher = staff::get(&db, class.class_teacher_id.ok_or("no class teacher")?)?;
    assert_eq!(teacher.full_name(), "Тестова Ирина Павловна");
    assert_eq!(teacher.appointments[0].rate, 0.5);
    let d = zavuch_core::forms::parse_ru_date;
    assert_eq!(teacher.education_level, staff::EducationLevel::Higher);
    assert!(teacher.pedagogical_education);
    assert_eq!(teacher.education, "ОГУ, 2010, учитель физики");
    assert_eq!(
        teacher.qualification_category,
        staff::QualificationCategory::First
    );
    assert_eq!(teacher.category_awarded_on, d("15.03.2024"));
    assert_eq!(teacher.experience_since, d("01.09.2008"));
    assert_eq!(teacher.pedagogical_experience_since, d("01.09.2010"));
    assert_eq!(teacher.academic_degree, staff::AcademicDegree::Candidate);
    assert_eq!(
        teacher.honorary_titles,
        "Почётный работник воспитания и просвещения РФ"
    );
    let list = students::list(&db, year_id, class.id, None)?;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].full_name, "Тестов Пётр Иванович");
    let card = students::get(&db, list[0].id)?;
    assert!(card.disability);
    assert_eq!(
        card.special_needs,
        students::SpecialNeeds::DevelopmentalDelay
    );
    let guardians = students::guardians_of(&db, list[0].id)?;
    assert_eq!(guardians.len(), 1);
    assert_eq!(guardians[0].guardian.phone, "+7 (910) 000-11-22");
    assert_eq!(students::student_consents(&db, list[0].id)?.len(), 1);
    Ok(())
}

/// From the first student's card of 1 А: a transfer to 1 Б on 01.12.2026, then a departure on
/// 01.02.2027; the notices say what was written, and today's class lists in the app follow: 1 А
/// no longer lists the student, 1 Б does (the departure is still ahead).
async fn transfer_and_leave(app: &App) -> TestResult {
    app.click("nav-students").await?;
    let first = app.wait(&cell("grid-students", 0, "full_name")).await?;
    let name = text_of(&first).await?;
    first.click().await?;
    first.send_keys(ENTER).await?;
    app.by_testid("student-movement").await?;
    app.click("movement-transfer").await?;
    app.by_testid("movement-dialog").await?;
    // The first other class of the year is offered: 1 Б.
    app.fill("field-on", &format!("01.12.2026{TAB}")).await?;
    app.click("movement-ok").await?;
    app.wait_text("movement-done", "Перевод из 1 А в 1 Б с 01.12.2026")
        .await?;
    app.wait_text("student-class", "1 Б").await?;
    app.click("movement-departure").await?;
    app.by_testid("movement-dialog").await?;
    app.fill("field-on", &format!("01.02.2027{TAB}")).await?;
    app.fill("field-destination", "Неизвестно").await?;
    app.click("movement-ok").await?;
    app.wait_text("movement-done", "Выбытие из 1 Б").await?;
    app.wait_text("movement-history", "Перевод из 1 А в 1 Б")
        .await?;
    app.click("student-back").await?;
    app.wait_text("grid-students", "Ученики 1 А класса").await?;
    app.wait_text_gone("grid-students", &name).await?;
    app.wait(&cell("grid-class-picker", 1, "label"))
        .await?
        .click()
        .await?;
    app.wait_text("grid-students", "Ученики 1 Б класса").await?;
    app.wait_text("grid-students", &name).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transfer_and_a_departure_from_the_card_change_the_class_lists() -> TestResult {
    let (dir, path) = demo_file()?;
    let harness = Harness::start_with(dir, path).await?;
    let before = {
        let db = Db::open(&harness.db_path)?;
        let year_id = year::current_id(&db)?;
        let one_a = classes::find_by_label(&db, year_id, "1 А")?.ok_or("no 1 А")?;
        students::list(&db, year_id, one_a.id, None)?[0].id
    };
    let app = harness.launch().await?;
    app.step("people", "movement", transfer_and_leave(&app).await)
        .await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let year_id = year::current_id(&db)?;
    let in_class = |label: &str, day: &str| -> Result<bool, Box<dyn std::error::Error>> {
        let class = classes::find_by_label(&db, year_id, label)?.ok_or("no class")?;
        let on = zavuch_core::forms::parse_ru_date(day).ok_or("no day")?;
        Ok(students::list(&db, year_id, class.id, Some(on))?
            .iter()
            .any(|s| s.id == before))
    };
    assert!(in_class("1 А", "30.11.2026")? && !in_class("1 Б", "30.11.2026")?);
    assert!(!in_class("1 А", "01.12.2026")? && in_class("1 Б", "01.12.2026")?);
    assert!(in_class("1 Б", "31.01.2027")?);
    assert!(!in_class("1 Б", "01.02.2027")?);
    Ok(())
}

/// From Киселёва's card (a teacher at a full rate): a transfer to 0,75 of the rate by an order;
/// the history shows it with the order, and the appointments grid the new rate.
async fn transfer_of_rate(app: &App) -> TestResult {
    app.click("nav-staff").await?;
    app.fill("staff-filter", "Киселёва София").await?;
    wait_attr(
        app,
        &cell("grid-staff", 0, "full_name"),
        "data-value",
        "Киселёва София Ильинична",
    )
    .await?;
    let row = app.wait(&cell("grid-staff", 0, "full_name")).await?;
    row.click().await?;
    row.send_keys(ENTER).await?;
    app.wait_text("staff-history", "Приём на должность «Учитель» (1,00 ст.)")
        .await?;
    app.click("staff-transfer").await?;
    app.by_testid("staff-movement-dialog").await?;
    app.fill("field-on", &format!("01.02.2027{TAB}")).await?;
    app.fill("field-rate", "0,75").await?;
    app.fill("field-order.number", "130-к").await?;
    app.fill("field-order.date", &format!("29.01.2027{TAB}"))
        .await?;
    picture(app, "staff-transfer").await?;
    app.click("staff-movement-ok").await?;
    app.wait_text(
        "staff-movement-done",
        "на должность «Учитель» (0,75 ст.) с 01.02.2027",
    )
    .await?;
    let history = app
        .wait_text("staff-history", "приказ № 130-к от 29.01.2027")
        .await?;
    assert!(
        history.contains("Перевод с должности «Учитель» (1,00 ст.)"),
        "{history}"
    );
    assert_eq!(
        attr(app, &cell("grid-appointments", 0, "rate"), "data-value").await?,
        "0.75"
    );
    picture(app, "staff-card-history").await?;
    app.click("staff-back").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transfer_to_another_rate_from_the_staff_card_shows_in_the_history() -> TestResult {
    let (dir, path) = demo_file()?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step("people", "staff-transfer", transfer_of_rate(&app).await)
        .await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let id = staff::movement::find(&db, "Киселёва София Ильинична")?;
    let history = staff::movement::history(&db, id)?;
    let last = history.last().ok_or("no history")?;
    assert_eq!((last.kind.code(), last.rate), ("transfer", 0.75));
    assert_eq!(last.order_text, "№ 130-к от 29.01.2027");
    Ok(())
}

/// A picture once the screen has painted what the last wait found.
async fn picture(app: &App, name: &str) -> TestResult {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.screenshot(name).await
}

#[tokio::test(flavor = "multi_thread")]
async fn people_screens_of_the_demo_school() -> TestResult {
    let (dir, path) = demo_file()?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;

    app.click("nav-staff").await?;
    let count = app.wait_text("staff-count", "из 61").await?;
    assert!(count.starts_with("61"), "{count}");
    app.click("staff-show-left").await?;
    app.wait_text("staff-count", "из 64").await?;
    picture(&app, "staff").await?;
    let first = app.wait(&cell("grid-staff", 1, "full_name")).await?;
    first.click().await?;
    first.send_keys(ENTER).await?;
    app.wait(&cell("grid-appointments", 1, "rate")).await?;
    picture(&app, "staff-card").await?;

    app.click("nav-classes").await?;
    app.wait_text("classes-total", "31 класс").await?;
    assert_eq!(
        attr(&app, &cell("grid-classes", 0, "letter"), "data-value").await?,
        "А"
    );
    picture(&app, "classes").await?;

    app.click("nav-students").await?;
    app.wait(&cell("grid-students", 0, "full_name")).await?;
    picture(&app, "students").await?;
    let student = app.wait(&cell("grid-students", 10, "full_name")).await?;
    student.click().await?;
    student.send_keys(ENTER).await?;
    app.wait(&cell("grid-guardians", 0, "guardian.last_name"))
        .await?;
    picture(&app, "student-card").await?;
    app.click("student-back").await?;

    app.click("students-no-consent").await?;
    app.wait(&cell("grid-no-consent", 0, "student_name"))
        .await?;
    picture(&app, "no-consent").await?;
    app.close().await?;
    Ok(())
}
