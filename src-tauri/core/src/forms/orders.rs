//! «Книга приказов по контингенту» (the year's orders with the students each moves), «Книга
//! приказов по личному составу» (the staff orders, in the same layout) and the printed draft of
//! one order (проект приказа): the school, «ПРИКАЗ», number and date, the
//! title, the grounds, «ПРИКАЗЫВАЮ:» with the students by class and the director's signature.

use super::{current_year, ru_date, school_name, signature_name};
use crate::db::Db;
use crate::error::{CoreError, FieldError, Result};
use crate::movement::orders::{self, OrderEntry, SchoolOrder};
use crate::movement::{self, Movement, MovementKind};
use crate::people;
use crate::print::{
    Align, Certification, Column, DateLine, Document, PageSetup, Table, TextStyle, TitleBlock,
};
use crate::school;
use crate::staff::{self, movement::StaffOrderEntry};
use crate::year;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The register of a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Register {
    pub school: String,
    pub year: String,
    pub entries: Vec<OrderEntry>,
}

/// The register of the year named (`None`: the current year).
pub fn register(db: &Db, year_name: Option<&str>) -> Result<Register> {
    let (year, year_id) = year_named(db, year_name)?;
    Ok(Register {
        school: school_name(&school::get(db)?),
        year: year.name,
        entries: orders::register(db, year_id)?,
    })
}

/// The year named, or the current one.
fn year_named(db: &Db, year_name: Option<&str>) -> Result<(year::AcademicYear, i64)> {
    let year = match year_name {
        None => current_year(db)?,
        Some(name) => year::list(db)?
            .into_iter()
            .find(|y| y.name == name.trim())
            .ok_or_else(|| {
                refuse(
                    "unknown_year",
                    format!("Учебного года «{}» нет в файле школы.", name.trim()),
                )
            })?,
    };
    let year_id = year.id.ok_or(CoreError::NotFound {
        what: "Учебный год",
    })?;
    Ok((year, year_id))
}

/// The book of orders on staff (книга приказов по личному составу) of a year.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRegister {
    pub school: String,
    pub year: String,
    pub entries: Vec<StaffOrderEntry>,
}

/// The staff register of the year named (`None`: the current year): the orders of the hires,
/// transfers and leaves dated in it.
pub fn staff_register(db: &Db, year_name: Option<&str>) -> Result<StaffRegister> {
    let (year, _) = year_named(db, year_name)?;
    let (Some(from), Some(to)) = (year.starts_on, year.ends_on) else {
        return Err(CoreError::NotFound {
            what: "Учебный год",
        });
    };
    Ok(StaffRegister {
        school: school_name(&school::get(db)?),
        year: year.name,
        entries: staff::movement::register(db, from, to)?,
    })
}

fn refuse(code: &str, message: String) -> CoreError {
    CoreError::Refused(FieldError {
        field: "order".into(),
        code: code.into(),
        message,
    })
}

/// The register's file name in «Документы Завуча»: «Книга приказов 2026-2027.pdf».
pub fn register_document_name(r: &Register) -> String {
    super::documents::file_name(&format!("Книга приказов {}", r.year), "pdf")
}

/// The staff register's file name: «Книга приказов по личному составу 2026-2027.pdf».
pub fn staff_register_document_name(r: &StaffRegister) -> String {
    super::documents::file_name(
        &format!("Книга приказов по личному составу {}", r.year),
        "pdf",
    )
}

/// The register as PDF bytes: A4 landscape, a row per student moved, the order's number, date
/// and title on its first row.
pub fn register_pdf(r: &Register) -> Vec<u8> {
    let rows = r.entries.iter().map(|e| {
        let lines = e.classes.iter().flat_map(|class| {
            class.students.iter().map(|s| {
                vec![
                    class.class_label.clone(),
                    s.full_name.clone(),
                    ru_date(s.occurred_on),
                    s.summary.clone(),
                ]
            })
        });
        (&e.order, lines.collect())
    });
    register_document(
        "Книга приказов по контингенту обучающихся",
        &r.school,
        &r.year,
        vec![
            Column::new("Класс").mm(14.0).center(),
            Column::new("Фамилия, имя, отчество").mm(55.0),
            Column::new("Дата").mm(20.0).center(),
            Column::new("Движение"),
        ],
        rows.collect(),
    )
}

/// The staff register as PDF bytes, laid out as the students' one: a row per event.
pub fn staff_register_pdf(r: &StaffRegister) -> Vec<u8> {
    let rows = r.entries.iter().map(|e| {
        let lines = e.events.iter().map(|ev| {
            vec![
                ev.full_name.clone(),
                ru_date(ev.on),
                ev.kind.label().to_string(),
                ev.summary.clone(),
            ]
        });
        (&e.order, lines.collect())
    });
    register_document(
        "Книга приказов по личному составу",
        &r.school,
        &r.year,
        vec![
            Column::new("Фамилия, имя, отчество").mm(55.0),
            Column::new("Дата").mm(20.0).center(),
            Column::new("Вид").mm(30.0),
            Column::new("Содержание"),
        ],
        rows.collect(),
    )
}

/// A register of orders (A4 landscape): the title block, then a row per line of each order
/// with the order's number, date and title on its first row; `columns` are the lines' own.
fn register_document(
    title: &str,
    school: &str,
    year: &str,
    columns: Vec<Column>,
    orders: Vec<(&SchoolOrder, Vec<Vec<String>>)>,
) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(format!("{title} {year}"))
        .running_header(school);
    doc.title_block(
        &TitleBlock::new(title)
            .line(format!("{year} учебный год"))
            .line(format!("Приказов: {}", orders.len())),
    );
    let mut all = vec![
        Column::new("№ п/п").mm(11.0).right(),
        Column::new("Номер приказа").mm(22.0).center(),
        Column::new("Дата приказа").mm(22.0).center(),
        Column::new("Содержание приказа").mm(42.0),
    ];
    all.extend(columns);
    let mut table = Table::new(all).font_size(9.0);
    for (i, (order, lines)) in orders.iter().enumerate() {
        for (n, line) in lines.iter().enumerate() {
            let head = |text: String| if n == 0 { text } else { String::new() };
            let mut row = vec![
                head((i + 1).to_string()),
                head(number_text(order)),
                head(order.issued_on.map(ru_date).unwrap_or_default()),
                head(order.title.clone()),
            ];
            row.extend(line.iter().cloned());
            table.row(row);
        }
    }
    doc.table(&table);
    doc.finish()
}

/// «К 12-у»: the series in front of the number.
fn number_text(o: &SchoolOrder) -> String {
    [o.series.trim(), o.number.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An order with its movements, as its draft prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub school: String,
    pub director: String,
    pub order: SchoolOrder,
    pub movements: Vec<Movement>,
    pub birth_dates: HashMap<i64, NaiveDate>,
}

/// The order with this number (folded as numbers are: «12-у», «12-У», «№ 12-у») and, when
/// given, date; refused when none is, or when several are and no date tells them apart.
pub fn find(db: &Db, number: &str, on: Option<NaiveDate>) -> Result<Draft> {
    let key = people::code_key(number.trim().trim_start_matches('№').trim());
    let mut stmt = db
        .conn()
        .prepare("SELECT id FROM school_order WHERE kind = 'students' ORDER BY issued_on, id")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut found = Vec::new();
    for id in ids {
        if let Some(o) = orders::load(db.conn(), id)? {
            if people::code_key(&o.number) == key && on.is_none_or(|d| o.issued_on == Some(d)) {
                found.push(o);
            }
        }
    }
    let shown = match on {
        Some(d) => format!("№ {} от {}", number.trim(), ru_date(d)),
        None => format!("№ {}", number.trim()),
    };
    let order = match found.len() {
        0 => {
            return Err(refuse(
                "unknown_order",
                format!("Приказа {shown} нет в книге приказов: проверьте номер и дату."),
            ))
        }
        1 => found.remove(0),
        _ => {
            let dates: Vec<String> = found
                .iter()
                .map(|o| {
                    o.issued_on
                        .map(ru_date)
                        .unwrap_or_else(|| "без даты".into())
                })
                .collect();
            return Err(refuse(
                "ambiguous_order",
                format!(
                    "Приказов {shown} несколько (от {}): укажите дату приказа.",
                    dates.join(", ")
                ),
            ));
        }
    };
    draft_of(db, order)
}

/// The draft of the order with this id (the orders register screen opens one).
pub fn draft(db: &Db, order_id: i64) -> Result<Draft> {
    let order = orders::load(db.conn(), order_id)?.ok_or(CoreError::NotFound {
        what: "Приказ"
    })?;
    draft_of(db, order)
}

fn draft_of(db: &Db, order: SchoolOrder) -> Result<Draft> {
    let movements = movement::rows_where(db.conn(), "m.order_id = ?1", order.id)?;
    let mut birth_dates = HashMap::new();
    for m in &movements {
        let born: NaiveDate = db.conn().query_row(
            "SELECT birth_date FROM student WHERE id = ?1",
            [m.student_id],
            |r| r.get(0),
        )?;
        birth_dates.insert(m.student_id, born);
    }
    let card = school::get(db)?;
    Ok(Draft {
        school: school_name(&card),
        director: card.director.trim().to_string(),
        order,
        movements,
        birth_dates,
    })
}

/// The draft's title: «О зачислении обучающихся» and the like for the orders the program
/// titled itself, the stored title otherwise.
fn draft_title(order: &SchoolOrder) -> String {
    let kinds = [
        MovementKind::Arrival,
        MovementKind::Departure,
        MovementKind::Transfer,
    ];
    match kinds
        .iter()
        .find(|k| orders::title_of(**k) == order.title.trim())
    {
        Some(MovementKind::Arrival) => "О зачислении обучающихся".into(),
        Some(MovementKind::Departure) => "Об отчислении обучающихся".into(),
        Some(MovementKind::Transfer) => "О переводе обучающихся".into(),
        _ => order.title.trim().to_string(),
    }
}

/// «на основании заявления родителей …», «на основании решения педагогического совета …»:
/// the stored grounds put after «на основании».
fn grounds_text(grounds: &str) -> String {
    let g = grounds.trim();
    let genitive = [
        ("заявление", "заявления"),
        ("решение", "решения"),
        ("ходатайство", "ходатайства"),
    ]
    .iter()
    .find_map(|(nom, gen)| g.strip_prefix(nom).map(|rest| format!("{gen}{rest}")));
    genitive.unwrap_or_else(|| g.to_string())
}

/// What an item of the order does to the students of one class on one day.
fn item_heading(kind: MovementKind, class: &str, on: NaiveDate) -> String {
    let on = ru_date(on);
    match kind {
        MovementKind::Arrival => format!("Зачислить в {class} класс с {on}:"),
        MovementKind::Departure => format!("Отчислить из {class} класса с {on}:"),
        MovementKind::Transfer => format!("Перевести в {class} класс с {on}:"),
        MovementKind::StudyForm => {
            format!("Изменить форму обучения обучающимся {class} класса с {on}:")
        }
    }
}

/// The third column of an item: where from, the reason and where to, the class left, the form.
fn item_detail(m: &Movement) -> String {
    match m.kind {
        MovementKind::Arrival => [
            m.origin.map(|o| o.label().to_string()).unwrap_or_default(),
            m.came_from.clone(),
        ]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", "),
        MovementKind::Departure => [
            m.departure_reason
                .map(|r| r.short().to_string())
                .unwrap_or_default(),
            m.destination.clone(),
        ]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", "),
        MovementKind::Transfer => format!("из {} класса", m.from_class),
        MovementKind::StudyForm => m.summary.clone(),
    }
}

fn detail_title(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::Arrival => "Откуда прибыл",
        MovementKind::Departure => "Причина, куда выбыл",
        MovementKind::Transfer => "Из класса",
        MovementKind::StudyForm => "Изменение",
    }
}

/// The draft as PDF bytes: A4 portrait.
pub fn draft_pdf(d: &Draft) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(format!("Приказ {}", orders::text(&d.order.order())));
    let text = TextStyle::serif(12.0);
    doc.paragraph(&d.school, text.bold(), Align::Center);
    doc.space(6.0);
    doc.paragraph("ПРИКАЗ", TextStyle::serif(16.0).bold(), Align::Center);
    doc.space(4.0);
    let date = d
        .order
        .issued_on
        .map(ru_date)
        .unwrap_or_else(|| "«___» __________ 20__ г.".into());
    doc.paragraph(
        &format!("от {date}{}№ {}", " ".repeat(90), number_text(&d.order)),
        text,
        Align::Center,
    );
    doc.space(6.0);
    doc.paragraph(&draft_title(&d.order), text.bold(), Align::Left);
    doc.space(4.0);
    let grounds = match d.order.grounds.trim() {
        "" => String::new(),
        g => format!(", на основании {}", grounds_text(g)),
    };
    doc.paragraph(
        &format!(
            "В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»{grounds}."
        ),
        text,
        Align::Left,
    );
    doc.space(4.0);
    doc.paragraph("ПРИКАЗЫВАЮ:", text.bold(), Align::Left);
    doc.space(2.0);
    let mut item = 0;
    for group in groups(&d.movements) {
        item += 1;
        let first = group[0];
        doc.paragraph(
            &format!(
                "{item}. {}",
                item_heading(first.kind, first.concerned_class(), first.occurred_on)
            ),
            text,
            Align::Left,
        );
        let mut table = Table::new(vec![
            Column::new("№").mm(9.0).right(),
            Column::new("Фамилия, имя, отчество").mm(70.0),
            Column::new("Дата рождения").mm(26.0).center(),
            Column::new(detail_title(first.kind)),
        ])
        .font_size(11.0);
        for (i, m) in group.iter().enumerate() {
            table.row([
                (i + 1).to_string(),
                m.student_name.clone(),
                d.birth_dates
                    .get(&m.student_id)
                    .map(|b| ru_date(*b))
                    .unwrap_or_default(),
                item_detail(m),
            ]);
        }
        doc.table(&table);
        doc.space(3.0);
    }
    item += 1;
    doc.paragraph(
        &format!("{item}. Классным руководителям внести изменения в списки классов и журналы, секретарю — в алфавитную книгу и личные дела обучающихся."),
        text,
        Align::Left,
    );
    doc.paragraph(
        &format!(
            "{}. Контроль за исполнением приказа оставляю за собой.",
            item + 1
        ),
        text,
        Align::Left,
    );
    doc.certification(
        &Certification::new()
            .signatory("Директор", signature_name(&d.director))
            .date(DateLine::None)
            .font_size(12.0),
    );
    doc.finish()
}

/// The order's movements by kind, class and day, classes by grade and letter, names within.
fn groups(movements: &[Movement]) -> Vec<Vec<&Movement>> {
    let mut sorted: Vec<&Movement> = movements.iter().collect();
    let rank = |m: &Movement| {
        (
            m.kind as u8,
            crate::classes::parse_label(m.concerned_class())
                .map(|(g, l)| (g, crate::db::ru_key(&l)))
                .unwrap_or((i32::MAX, String::new())),
            m.occurred_on,
        )
    };
    sorted.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| crate::db::compare_ru(&a.student_name, &b.student_name))
    });
    let mut out: Vec<Vec<&Movement>> = Vec::new();
    for m in sorted {
        match out.last_mut().filter(|g| rank(g[0]) == rank(m)) {
            Some(g) => g.push(m),
            None => out.push(vec![m]),
        }
    }
    out
}

/// The file name of a draft: «Приказ № 12-у от 14.01.2027.pdf».
pub fn draft_document_name(d: &Draft) -> String {
    super::documents::file_name(&format!("Приказ {}", orders::text(&d.order.order())), "pdf")
}
