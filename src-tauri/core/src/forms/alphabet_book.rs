//! «Алфавитная книга записи обучающихся» for the archive: every student ever enrolled, grouped by
//! the first letter of the surname (each letter its own heading and numbering), with the
//! personal file number, full name, birth date and each stay at the school — the class and day
//! of entry with its order and where from, the day of departure with its order, reason and
//! where to. A student who left and came back has a line per stay.

use super::{ru_date, school_name, signature_name};
use crate::db::{self, Db};
use crate::error::Result;
use crate::movement::{self, Movement, MovementKind};
use crate::people;
use crate::print::{
    Align, Cell, Certification, Column, DateLine, Document, PageSetup, Row, Table, TitleBlock,
};
use crate::school;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One stay at the school: from an arrival (or the first place, when no arrival is recorded)
/// to a departure, if any.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stay {
    /// The class of entry, «5 А»; empty when the arrival named none.
    pub class: String,
    pub entered_on: Option<NaiveDate>,
    /// «№ 12-у от 14.01.2027».
    pub entry_order: String,
    /// Where from: the origin and the school.
    pub came_from: String,
    pub left_on: Option<NaiveDate>,
    pub departure_order: String,
    /// The reason and where to.
    pub reason: String,
}

/// A student's entry in the book.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub file_number: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub stays: Vec<Stay>,
}

/// The students of one letter, by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub letter: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlphabetBook {
    pub school: String,
    pub director: String,
    pub letters: Vec<Letter>,
}

impl AlphabetBook {
    pub fn students(&self) -> usize {
        self.letters.iter().map(|l| l.entries.len()).sum()
    }
}

struct Enrolled {
    id: i64,
    entry: Entry,
    /// The first place: class and day, for a student whose arrival is not recorded.
    first_place: Option<(String, NaiveDate)>,
}

/// Every student with an arrival or a place in a class, with the first place.
fn enrolled(db: &Db) -> Result<Vec<Enrolled>> {
    let mut stmt = db.conn().prepare(
        "SELECT s.id, s.file_number, s.last_name, s.first_name, s.patronymic, s.birth_date,
                c.grade, c.letter, p.starts_on
           FROM student s
           LEFT JOIN placement p ON p.id = (SELECT q.id FROM placement q WHERE q.student_id = s.id
                                             ORDER BY q.starts_on, q.id LIMIT 1)
           LEFT JOIN class c ON c.id = p.class_id
          WHERE p.id IS NOT NULL
             OR EXISTS (SELECT 1 FROM movement m WHERE m.student_id = s.id AND m.kind = 'arrival')",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let first_place = match r.get::<_, Option<i32>>(6)? {
                Some(grade) => Some((
                    crate::classes::label(grade, &r.get::<_, String>(7)?),
                    r.get(8)?,
                )),
                None => None,
            };
            Ok(Enrolled {
                id: r.get(0)?,
                entry: Entry {
                    file_number: r.get(1)?,
                    full_name: people::full_name(
                        &r.get::<_, String>(2)?,
                        &r.get::<_, String>(3)?,
                        &r.get::<_, String>(4)?,
                    ),
                    birth_date: r.get(5)?,
                    stays: Vec::new(),
                },
                first_place,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The stays of one student from the arrivals and departures, oldest first.
fn stays(movements: &[&Movement], first_place: Option<&(String, NaiveDate)>) -> Vec<Stay> {
    let mut out: Vec<Stay> = Vec::new();
    for m in movements {
        match m.kind {
            MovementKind::Arrival => {
                // An enrolment before the file's years names no class: the first place's
                // class only when it began that day.
                let class = match (&m.to_class, first_place) {
                    (c, Some((first, on))) if c.is_empty() && *on == m.occurred_on => first.clone(),
                    (c, _) => c.clone(),
                };
                out.push(Stay {
                    class,
                    entered_on: Some(m.occurred_on),
                    entry_order: movement::orders::text(&m.order),
                    came_from: joined([
                        m.origin.map(|o| o.label().to_string()).unwrap_or_default(),
                        m.came_from.clone(),
                    ]),
                    ..Stay::default()
                });
            }
            MovementKind::Departure => {
                if out.last().is_none_or(|s| s.left_on.is_some()) {
                    // A departure without a recorded arrival: a stay from the first place.
                    out.push(from_first_place(first_place));
                }
                let stay = out.last_mut().expect("pushed above");
                stay.left_on = Some(m.occurred_on);
                stay.departure_order = movement::orders::text(&m.order);
                stay.reason = joined([
                    m.departure_reason
                        .map(|r| r.short().to_string())
                        .unwrap_or_default(),
                    m.destination.clone(),
                ]);
            }
            MovementKind::Transfer | MovementKind::StudyForm => {}
        }
    }
    if out.is_empty() {
        out.push(from_first_place(first_place));
    }
    out
}

fn from_first_place(first_place: Option<&(String, NaiveDate)>) -> Stay {
    Stay {
        class: first_place.map(|p| p.0.clone()).unwrap_or_default(),
        entered_on: first_place.map(|p| p.1),
        ..Stay::default()
    }
}

/// The non-empty parts joined by «, ».
fn joined<const N: usize>(parts: [String; N]) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The book of the whole school file, all years.
pub fn compute(db: &Db) -> Result<AlphabetBook> {
    let movements = movement::rows_where(
        db.conn(),
        "m.kind IN ('arrival', 'departure') AND m.id > ?1",
        0,
    )?;
    let mut by_student: HashMap<i64, Vec<&Movement>> = HashMap::new();
    for m in &movements {
        by_student.entry(m.student_id).or_default().push(m);
    }
    let mut students = enrolled(db)?;
    students.sort_by(|a, b| {
        db::compare_ru(&a.entry.full_name, &b.entry.full_name)
            .then(a.entry.birth_date.cmp(&b.entry.birth_date))
    });
    let mut letters: Vec<Letter> = Vec::new();
    for s in students {
        let mut entry = s.entry;
        let moves = by_student.get(&s.id).map_or(&[][..], |v| v.as_slice());
        entry.stays = stays(moves, s.first_place.as_ref());
        let letter = entry
            .full_name
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        match letters.last_mut().filter(|l| l.letter == letter) {
            Some(l) => l.entries.push(entry),
            None => letters.push(Letter {
                letter,
                entries: vec![entry],
            }),
        }
    }
    let card = school::get(db)?;
    Ok(AlphabetBook {
        school: school_name(&card),
        director: card.director.trim().to_string(),
        letters,
    })
}

const TITLE: &str = "Алфавитная книга записи обучающихся";

/// The file name in «Документы Завуча».
pub fn document_name(ext: &str) -> String {
    super::documents::file_name(TITLE, ext)
}

fn columns() -> Vec<Column> {
    vec![
        Column::new("№ п/п").mm(10.0).right(),
        Column::new("№ личного дела").mm(17.0).center(),
        Column::new("Фамилия, имя, отчество").mm(50.0),
        Column::new("Дата рождения").mm(19.0).center(),
        Column::new("Класс поступления").mm(17.0).center(),
        Column::new("Дата зачисления").mm(19.0).center(),
        Column::new("Приказ о зачислении").mm(35.0),
        Column::new("Откуда прибыл"),
        Column::new("Дата выбытия").mm(19.0).center(),
        Column::new("Приказ о выбытии").mm(35.0),
        Column::new("Причина, куда выбыл"),
    ]
}

/// The book as PDF bytes: A4 landscape, one table with the header repeated on every page, each
/// letter under its own heading row and numbered from 1.
pub fn pdf(book: &AlphabetBook) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(TITLE)
        .running_header(&book.school);
    doc.title_block(
        &TitleBlock::new(TITLE).line(format!("Обучающихся записано: {}", book.students())),
    );
    let columns = columns();
    let width = columns.len();
    let mut table = Table::new(columns).font_size(9.0);
    for letter in &book.letters {
        table.push(
            Row::new([Cell::new(letter.letter.clone())
                .span(width)
                .align(Align::Left)])
            .bold(),
        );
        for (i, e) in letter.entries.iter().enumerate() {
            for (k, stay) in e.stays.iter().enumerate() {
                let date = |d: Option<NaiveDate>| d.map(ru_date).unwrap_or_default();
                let first = k == 0;
                let head = |text: String| if first { text } else { String::new() };
                table.row([
                    head((i + 1).to_string()),
                    head(e.file_number.clone()),
                    if first {
                        e.full_name.clone()
                    } else {
                        "(повторное зачисление)".into()
                    },
                    head(ru_date(e.birth_date)),
                    stay.class.clone(),
                    date(stay.entered_on),
                    stay.entry_order.clone(),
                    stay.came_from.clone(),
                    date(stay.left_on),
                    stay.departure_order.clone(),
                    stay.reason.clone(),
                ]);
            }
        }
    }
    doc.table(&table);
    doc.certification(
        &Certification::new()
            .signatory("Директор", signature_name(&book.director))
            .date(DateLine::Blank)
            .stamp(),
    );
    doc.finish()
}
