//! Movement of students through the real app on the demo school: a new student arrives through
//! the form of «Движение и приказы» and appears in the orders register and in the class list; the
//! order's draft, the register, the movement report and the alphabet book print and read back
//! (`pdftotext`); two students marked in 1 А's list (Space)
//! are transferred to 1 Б with F7 — 1 А's list no longer has them, 1 Б's has, and the file says
//! so. An import of arrivals (the roster template with the enrolment order) shows who arrives
//! where before writing, then lands them in the class and the register. The switch to the book
//! of orders on staff shows the demo's orders (118-к, 121-к) with whom each concerns, and the
//! book shown prints. Pictures of the screen and the dialogs go to `$ZAVUCH_SCREENSHOTS` when
//! that is set.

use std::time::Duration;
use zavuch_core::exchange::{OutRow, Value};
use zavuch_core::forms::{self, parse_ru_date};
use zavuch_core::movement::orders;
use zavuch_core::{classes, roster, students, year, Db};
use zavuch_e2e::{demo_file, pdftotext, text_of, App, Harness, TestResult};

const TAB: &str = "\u{E004}";
const SPACE: &str = "\u{E00D}";
const DOWN: &str = "\u{E015}";
const RIGHT: &str = "\u{E014}";
const F7: &str = "\u{E037}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

fn cell(grid: &str, row: usize, key: &str) -> String {
    format!(r#"[data-testid="{grid}"] [data-testid="cell-{row}-{key}"]"#)
}

/// A picture once the screen has painted what the last wait found.
async fn picture(app: &App, name: &str) -> TestResult {
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot(name).await
}

const NEWCOMER: &str = "Новикова Дарья Олеговна";

/// The arrival form: a new student into 1 А on 01.12.2026 by order № 77-у.
async fn arrive(app: &App) -> TestResult {
    app.click("nav-movement").await?;
    app.by_testid("screen-movement").await?;
    app.wait(&cell("grid-orders", 0, "number")).await?;
    app.click("arrival-new").await?;
    app.wait_text("movement-dialog", "Прибытие нового ученика")
        .await?;
    app.fill("field-last_name", "Новикова").await?;
    app.fill("field-first_name", "Дарья").await?;
    app.fill("field-patronymic", "Олеговна").await?;
    app.by_testid("field-sex")
        .await?
        .select_by_label("Женский")
        .await?;
    app.fill("field-birth_date", &format!("12.05.2019{TAB}"))
        .await?;
    app.fill("field-on", &format!("01.12.2026{TAB}")).await?;
    app.by_testid("field-to_class_id")
        .await?
        .select_by_label("1 А")
        .await?;
    app.by_testid("field-origin")
        .await?
        .select_by_label("Из другого региона")
        .await?;
    app.fill("field-came_from", "МБОУ СОШ № 5 г. Тулы").await?;
    app.fill("field-order.number", "77-у").await?;
    app.fill("field-order.date", &format!("01.12.2026{TAB}"))
        .await?;
    picture(app, "movement-arrival").await?;
    app.click("movement-ok").await?;
    app.wait_text("movement-done", &format!("{NEWCOMER}: Прибытие в 1 А"))
        .await?;
    // The register lists the order, chosen, with its student.
    app.wait_text("grid-orders", "77-у").await?;
    app.wait_text("grid-order-students", NEWCOMER).await?;
    app.wait_text("grid-order-students", "1 А").await?;
    picture(app, "movement-screen").await?;
    Ok(())
}

/// The draft of the chosen order into «Документы Завуча», read back.
async fn print_draft(app: &App) -> Result<String, Box<dyn std::error::Error>> {
    app.click("print-order-draft").await?;
    let path = app.printed("Приказ № 77-у от 01.12.2026").await?;
    pdftotext(&path)
}

/// The register, the movement report of the year so far and the alphabet book, each read back
/// with the newcomer in it.
async fn print_forms(app: &App) -> TestResult {
    let forms = [
        ("print-orders-register", "Книга приказов 2026-2027", "77-у"),
        (
            "movement-report-print",
            "Движение обучающихся с 01.09.2026 по",
            "Прибывшие, выбывшие",
        ),
        (
            "print-alphabet-book",
            "Алфавитная книга записи обучающихся",
            "Новикова Дарья",
        ),
    ];
    for (button, name, needle) in forms {
        app.click(button).await?;
        let text = pdftotext(&app.printed(name).await?)?;
        if !text.contains(needle) || !text.contains("Новикова") {
            return Err(format!("«{needle}» or the newcomer not in «{name}»:\n{text}").into());
        }
    }
    Ok(())
}

/// In 1 А's list: the newcomer is there; the first two others are marked with Space in the «✓»
/// column and transferred to 1 Б with F7 by order № 78-у; gives their names.
async fn transfer_from_list(
    app: &App,
    one_b_row: usize,
) -> Result<[String; 2], Box<dyn std::error::Error>> {
    app.click("nav-students").await?;
    app.wait_text("grid-students", NEWCOMER).await?;
    let mut names = Vec::new();
    for row in 0..3 {
        let name = text_of(&app.wait(&cell("grid-students", row, "full_name")).await?).await?;
        if name != NEWCOMER && names.len() < 2 {
            names.push((row, name));
        }
    }
    let [(first_row, first), (second_row, second)] = <[(usize, String); 2]>::try_from(names)
        .map_err(|_| "1 А has fewer than two students besides the newcomer")?;
    // From the row's number, → to the «✓» column (a click there would tick it already).
    let mark = app.wait(&cell("grid-students", first_row, "n")).await?;
    mark.click().await?;
    let keys = format!(
        "{RIGHT}{SPACE}{}{SPACE}",
        DOWN.repeat(second_row - first_row)
    );
    mark.send_keys(&keys).await?;
    app.wait_text("students-transfer", "Перевести (2)").await?;
    mark.send_keys(F7).await?;
    app.wait_text("movement-dialog", "Перевод в другой класс")
        .await?;
    app.wait_text("movement-who", &first).await?;
    app.wait_text("movement-who", &second).await?;
    app.by_testid("field-to_class_id")
        .await?
        .select_by_label("1 Б")
        .await?;
    app.fill("field-on", &format!("02.12.2026{TAB}")).await?;
    app.fill("field-order.number", "78-у").await?;
    picture(app, "students-transfer").await?;
    app.click("movement-ok").await?;
    app.wait_text("movement-done", "Перевод из 1 А в 1 Б с 02.12.2026")
        .await?;
    // Today's lists: 1 А without them, 1 Б with them.
    app.wait_text_gone("grid-students", &first).await?;
    app.wait_text_gone("grid-students", &second).await?;
    picture(app, "students-after-transfer").await?;
    app.wait(&cell("grid-class-picker", one_b_row, "label"))
        .await?
        .click()
        .await?;
    app.wait_text("grid-students", &first).await?;
    app.wait_text("grid-students", &second).await?;
    Ok([first, second])
}

#[tokio::test(flavor = "multi_thread")]
async fn an_arrival_a_transfer_from_the_class_list_and_the_order_draft() -> TestResult {
    let (dir, path) = demo_file()?;
    let one_b_row = {
        let db = Db::open(&path)?;
        let year = year::current(&db)?.ok_or("no current year")?;
        let on = year.starts_on.ok_or("the year has no start")?;
        classes::list(&db, year.id.ok_or("no id")?, on)?
            .iter()
            .position(|c| c.class.label() == "1 Б")
            .ok_or("no 1 Б")?
    };
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step("movement", "arrive", arrive(&app).await).await?;
    let draft = print_draft(&app).await;
    let draft = match draft {
        Ok(text) => text,
        Err(e) => return app.step("movement", "draft", Err(e)).await,
    };
    for needle in ["ПРИКАЗ", "77-у", "01.12.2026", "1 А", NEWCOMER] {
        assert!(
            draft.contains(needle),
            "«{needle}» not in the draft:\n{draft}"
        );
    }
    let forms = print_forms(&app).await;
    if let Err(e) = forms {
        return app.step("movement", "forms", Err(e)).await;
    }
    let moved = transfer_from_list(&app, one_b_row).await;
    let moved = match moved {
        Ok(names) => names,
        Err(e) => return app.step("movement", "transfer", Err(e)).await,
    };
    app.close().await?;

    // The file: the newcomer in 1 А from 01.12, the two in 1 Б from 02.12, one order each.
    let db = Db::open(&harness.db_path)?;
    let year_id = year::current_id(&db)?;
    let names_in = |label: &str, day: &str| -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let class = classes::find_by_label(&db, year_id, label)?.ok_or("no class")?;
        let on = parse_ru_date(day).ok_or("no day")?;
        Ok(students::list(&db, year_id, class.id, Some(on))?
            .into_iter()
            .map(|s| s.full_name)
            .collect())
    };
    assert!(!names_in("1 А", "30.11.2026")?.contains(&NEWCOMER.to_string()));
    assert!(names_in("1 А", "01.12.2026")?.contains(&NEWCOMER.to_string()));
    for name in &moved {
        assert!(names_in("1 А", "01.12.2026")?.contains(name), "{name}");
        assert!(!names_in("1 А", "02.12.2026")?.contains(name), "{name}");
        assert!(names_in("1 Б", "02.12.2026")?.contains(name), "{name}");
    }
    let register = orders::register(&db, year_id)?;
    let students_of = |number: &str| {
        register
            .iter()
            .find(|e| e.order.number == number)
            .map(|e| e.classes.iter().map(|c| c.students.len()).sum::<usize>())
    };
    assert_eq!(students_of("77-у"), Some(1));
    assert_eq!(students_of("78-у"), Some(2));
    Ok(())
}

/// The book on staff: the demo's transfer (118-к) and hire (121-к) with whom each concerns; the
/// cursor on an order shows its lines (Enter there, Esc back); the book shown prints.
async fn staff_book(app: &App, transfer_row: usize) -> TestResult {
    app.click("nav-movement").await?;
    app.wait(&cell("grid-orders", 0, "number")).await?;
    app.click("field-book-staff").await?;
    app.wait_text("grid-staff-orders", "118-к").await?;
    app.wait_text("grid-staff-orders", "121-к").await?;
    app.wait_text("grid-staff-orders", "Прохорова А. А. (Учитель, 0,5 ст.)")
        .await?;
    // The latest order is chosen: the hire of Козлова.
    app.wait_text("grid-staff-order-lines", "Козлова Анастасия Вадимовна")
        .await?;
    app.wait_text("grid-staff-order-lines", "Приём на должность")
        .await?;
    picture(app, "movement-staff-book").await?;
    let order = app
        .wait(&cell("grid-staff-orders", transfer_row, "number"))
        .await?;
    order.click().await?;
    app.wait_text("grid-staff-order-lines", "Прохорова Алина Артёмовна")
        .await?;
    app.wait_text("grid-staff-order-lines", "Перевод с должности «Учитель»")
        .await?;
    // Enter: to the order's lines; Esc: back to the orders, where ↓ takes the next order.
    order.send_keys(ENTER).await?;
    let focused = app.client.active_element().await?;
    focused.send_keys(ESCAPE).await?;
    let focused = app.client.active_element().await?;
    focused.send_keys(DOWN).await?;
    app.wait_text("grid-staff-order-lines", "Козлова Анастасия Вадимовна")
        .await?;
    picture(app, "movement-staff-transfer").await?;

    app.click("print-staff-orders-register").await?;
    let text = pdftotext(
        &app.printed("Книга приказов по личному составу 2026-2027")
            .await?,
    )?;
    for needle in [
        "Книга приказов по личному составу",
        "118-к",
        "121-к",
        "Прохорова Алина Артёмовна",
        "Козлова Анастасия Вадимовна",
    ] {
        if !text.contains(needle) {
            return Err(format!("«{needle}» not in the staff book:\n{text}").into());
        }
    }
    // Back to the book on students: its orders again.
    app.click("field-book-students").await?;
    app.wait(&cell("grid-orders", 0, "number")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_book_on_staff_shows_the_demo_orders_and_prints() -> TestResult {
    let (dir, path) = demo_file()?;
    let numbers: Vec<String> = forms::orders::staff_register(&Db::open(&path)?, None)?
        .entries
        .into_iter()
        .map(|e| e.order.number)
        .collect();
    let transfer_row = numbers
        .iter()
        .position(|n| n == "118-к")
        .ok_or("no 118-к in the demo")?;
    assert_eq!(
        numbers.get(transfer_row + 1).map(String::as_str),
        Some("121-к"),
        "the hire follows the transfer: {numbers:?}"
    );
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step(
        "movement",
        "staff book",
        staff_book(&app, transfer_row).await,
    )
    .await?;
    app.close().await
}

/// A roster of two arrivals into 2 А by order № 90-у of 03.12.2026, without file numbers.
fn arrivals_file(dir: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    let rows: Vec<OutRow> = [
        ["Зайцева", "Ульяна", "Игоревна", "ж", "14.02.2018"],
        ["Зуев", "Тимофей", "Андреевич", "м", "02.07.2018"],
    ]
    .iter()
    .map(|[last, first, patronymic, sex, born]| {
        [
            ("class", "2 А"),
            ("last_name", last),
            ("first_name", first),
            ("patronymic", patronymic),
            ("sex", sex),
            ("birth_date", born),
            ("order_number", "90-у"),
            ("order_date", "03.12.2026"),
        ]
        .into_iter()
        .map(|(k, v)| (k, Value::text(v)))
        .collect()
    })
    .collect();
    let path = dir.join("Прибывшие.xlsx");
    std::fs::write(&path, roster::format().to_xlsx(Some("Прибывшие"), &rows)?)?;
    Ok(path.display().to_string())
}

async fn import_arrivals(app: &App, file: &str) -> TestResult {
    app.click("nav-movement").await?;
    app.click("arrivals-import").await?;
    app.fill("import-path", file).await?;
    app.click("import-check").await?;
    app.wait_text("import-added", "2").await?;
    let arriving = app
        .wait_text("grid-import-arrivals", "Зуев Тимофей Андреевич")
        .await?;
    for needle in [
        "Зайцева Ульяна Игоревна",
        "2 А",
        "03.12.2026",
        "№ 90-у от 03.12.2026",
    ] {
        assert!(arriving.contains(needle), "«{needle}» not in {arriving}");
    }
    picture(app, "movement-arrivals-import").await?;
    app.click("import-run").await?;
    app.wait_text("import-result", "добавлено 2").await?;
    app.wait(r#"button[aria-label="Закрыть"]"#)
        .await?
        .click()
        .await?;
    app.wait_gone(r#"[data-testid="import-run"]"#).await?;
    app.wait_text("grid-orders", "90-у").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_of_arrivals_shows_who_arrives_where_then_enrols_them() -> TestResult {
    let (dir, path) = demo_file()?;
    let file = arrivals_file(dir.path())?;
    let harness = Harness::start_with(dir, path).await?;
    let app = harness.launch().await?;
    app.step("movement", "import", import_arrivals(&app, &file).await)
        .await?;
    app.close().await?;

    let db = Db::open(&harness.db_path)?;
    let year_id = year::current_id(&db)?;
    let two_a = classes::find_by_label(&db, year_id, "2 А")?.ok_or("no 2 А")?;
    let names_on = |day: &str| -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let on = parse_ru_date(day).ok_or("no day")?;
        Ok(students::list(&db, year_id, two_a.id, Some(on))?
            .into_iter()
            .map(|s| s.full_name)
            .collect())
    };
    assert!(!names_on("02.12.2026")?.contains(&"Зуев Тимофей Андреевич".to_string()));
    assert!(names_on("03.12.2026")?.contains(&"Зуев Тимофей Андреевич".to_string()));
    let register = orders::register(&db, year_id)?;
    let order = register
        .iter()
        .find(|e| e.order.number == "90-у")
        .ok_or("no order 90-у")?;
    assert_eq!(order.classes[0].class_label, "2 А");
    assert_eq!(order.classes[0].students.len(), 2);
    Ok(())
}
