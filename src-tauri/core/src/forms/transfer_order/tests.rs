use super::*;
use crate::people::Order;
use crate::print::tests::{poppler, save};
use crate::rollover::decisions::{Council, DebtResult, DecisionInput};
use crate::testkit::{class_id, demo, year_id};
use chrono::NaiveDate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The PDF's text with every run of white space made one space (lines wrap anywhere).
fn flat_text(pdf: &[u8], name: &str) -> String {
    let path = save(name, pdf);
    let text = poppler("pdftotext", &[], &path);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The demo with decisions in 5 А (one repeating, one conditional in mathematics), 9 В (one
/// leaving for a college, one continuing with distinction) and 11 А (one finished with
/// distinction), and 5 А's council entered; gives the conditional student's name.
fn decided(db: &Db) -> String {
    let five = class_id(db, "5 А");
    let grid = decisions::of_class(db, five).unwrap();
    let math = crate::subjects::by_name(db, "Математика").unwrap();
    decisions::set(
        db,
        five,
        &[
            DecisionInput::new(grid.decisions[0].student_id, DecisionKind::Repeat),
            DecisionInput {
                subjects: vec![math],
                ..DecisionInput::new(grid.decisions[1].student_id, DecisionKind::Conditional)
            },
        ],
    )
    .unwrap();
    decisions::set_council(
        db,
        five,
        &Council {
            held_on: Some(date(2027, 5, 28)),
            protocol_number: "7".into(),
            order: Order {
                series: String::new(),
                number: "112-у".into(),
                date: Some(date(2027, 5, 31)),
            },
        },
    )
    .unwrap();
    let nine = class_id(db, "9 В");
    let nines = decisions::of_class(db, nine).unwrap().decisions;
    decisions::set(
        db,
        nine,
        &[
            DecisionInput {
                destination: "Ливенский аграрный техникум".into(),
                ..DecisionInput::new(nines[0].student_id, DecisionKind::Left)
            },
            DecisionInput {
                with_distinction: true,
                ..DecisionInput::new(nines[1].student_id, DecisionKind::Continue)
            },
        ],
    )
    .unwrap();
    let eleven = class_id(db, "11 А");
    let graduate = decisions::of_class(db, eleven).unwrap().decisions[0].student_id;
    decisions::set(
        db,
        eleven,
        &[DecisionInput {
            with_distinction: true,
            ..DecisionInput::new(graduate, DecisionKind::Finished)
        }],
    )
    .unwrap();
    grid.decisions[1].full_name.clone()
}

#[test]
fn the_order_draft_lists_each_class_by_decision_on_the_councils_grounds() {
    let (_dir, db) = demo();
    let conditional = decided(&db);
    let order = load(&db, year_id(&db)).unwrap();
    let five = order.sections.iter().find(|s| s.class == "5 А").unwrap();
    let titles: Vec<&str> = five.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Перевести в 6 А класс",
            "Перевести условно в 6 А класс с академической задолженностью",
            "Оставить на повторное обучение в 5 классе",
        ]
    );
    assert_eq!(
        order.sections.len(),
        31,
        "every class of the demo has students"
    );
    let text = flat_text(&pdf(&order), "forms-transfer-order.pdf");
    for expected in [
        "ПРИКАЗ (проект)",
        "по итогам 2026-2027 учебного года",
        "статьёй 58 Федерального закона от 29.12.2012 № 273-ФЗ",
        "5 А класс — на основании решения педагогического совета, протокол № 7 от 28.05.2027:",
        "9 Б класс — на основании решения педагогического совета, протокол № ____ от",
        "Перевести в 6 А класс",
        &format!("{conditional} — Математика (до 31.10.2027)"),
        "Оставить на повторное обучение в 5 классе (1):",
        "Перевести в 10 В класс",
        "Отчислить в связи с выбытием (1):",
        "перевод в организацию среднего профессионального образования, Ливенский аграрный техникум",
        "Считать окончившими среднее общее образование и отчислить",
        "— аттестат об основном общем образовании с отличием",
        "— аттестат о среднем общем образовании с отличием, медаль «За особые успехи в учении» I степени",
        "Контроль за исполнением приказа оставляю за собой.",
        "Директор",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    // A page as an image, to look at.
    let path = save("forms-transfer-order-p1.pdf", &pdf(&order));
    let png = path.with_extension("");
    let out = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1"])
        .arg(&path)
        .arg(&png)
        .status()
        .expect("pdftoppm (apt package poppler-utils) is needed");
    assert!(out.success());
}

#[test]
fn the_list_of_conditionally_transferred_gives_subjects_deadlines_and_results() {
    let (_dir, db) = demo();
    let name = decided(&db);
    let list = conditional(&db, year_id(&db)).unwrap();
    assert_eq!(list.students, 1);
    assert_eq!(list.rows.len(), 1);
    assert_eq!(list.rows[0].class, "5 А → 6 А");
    let debt = decisions::of_class(&db, class_id(&db, "5 А"))
        .unwrap()
        .decisions[1]
        .debts[0]
        .id
        .unwrap();
    decisions::set_debt(
        &db,
        debt,
        date(2027, 10, 31),
        Some(DebtResult::Cleared),
        Some(date(2027, 9, 20)),
    )
    .unwrap();
    let list = conditional(&db, year_id(&db)).unwrap();
    let text = flat_text(&conditional_pdf(&list), "forms-conditional.pdf");
    for expected in [
        "Список обучающихся, переведённых условно",
        "по итогам 2026-2027 учебного года",
        "Математика",
        "31.10.2027",
        "ликвидирована 20.09.2027",
        "Всего переведено условно: 1",
    ] {
        assert!(text.contains(expected), "«{expected}» missing:\n{text}");
    }
    // Poppler drops the narrow spaces of a table cell, and a name wrapped in its cell comes
    // out between the other cells' words.
    assert!(text.replace(' ', "").contains("5А→6А"), "{text}");
    for word in name.split_whitespace() {
        assert!(text.contains(word), "«{word}» missing:\n{text}");
    }
}
