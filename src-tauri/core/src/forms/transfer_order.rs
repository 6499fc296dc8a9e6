//! The year-end decisions printed: «Проект приказа о переводе» — by class, on the grounds of the
//! council's decision (protocol and date): transferred, conditionally transferred with the
//! subjects in debt, left to repeat the year, finished (with the attestat with distinction named
//! beside the student who gets it), leaving — and «Список условно
//! переведённых обучающихся» with each debt's subject, deadline and result. A4 portrait.

use super::{ru_date, school_name, signature_name};
use crate::db::Db;
use crate::error::Result;
use crate::print::{
    Align, Certification, Column, DateLine, Document, PageSetup, Table, TextStyle, TitleBlock,
};
use crate::rollover::decisions::{self, ClassDecisions, Debt, DebtResult, Decision, DecisionKind};
use crate::school;

/// One item of a class's part of the order: what is ordered and about whom.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderItem {
    /// «Перевести в 6 А класс».
    pub title: String,
    /// «Иванов Иван Иванович», with the subjects or the destination where the item has them.
    pub students: Vec<String>,
}

/// A class's part of the order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderSection {
    /// «5 А».
    pub class: String,
    /// «на основании решения педагогического совета, протокол № 7 от 28.05.2027».
    pub grounds: String,
    pub items: Vec<OrderItem>,
}

/// The draft order of the year's decisions.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferOrder {
    pub school: String,
    pub year: String,
    pub director: String,
    pub sections: Vec<OrderSection>,
}

/// «протокол № 7 от 28.05.2027», blanks for what is not entered yet.
fn grounds(c: &ClassDecisions) -> String {
    let number = match c.council.protocol_number.trim() {
        "" => "____".to_string(),
        n => n.to_string(),
    };
    let on = c.council.held_on.map_or("__.__.____".to_string(), ru_date);
    format!("на основании решения педагогического совета, протокол № {number} от {on}")
}

/// «математика (до 31.10.2027)», the debts of a conditional promotion.
fn debts_text(debts: &[Debt]) -> String {
    debts
        .iter()
        .map(|d| format!("{} (до {})", d.subject_name, ru_date(d.deadline)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The item a decision goes under in a class of `grade`.
fn item_title(d: &Decision, grade: i32) -> String {
    match d.kind {
        DecisionKind::Promoted | DecisionKind::Continue => {
            format!("Перевести в {} класс", d.to_class)
        }
        DecisionKind::Conditional => format!(
            "Перевести условно в {} класс с академической задолженностью",
            d.to_class
        ),
        DecisionKind::Repeat => format!("Оставить на повторное обучение в {grade} классе"),
        DecisionKind::Finished if grade == 9 => {
            "Считать окончившими основное общее образование и отчислить".to_string()
        }
        DecisionKind::Finished => {
            "Считать окончившими среднее общее образование и отчислить".to_string()
        }
        DecisionKind::Left => "Отчислить в связи с выбытием".to_string(),
    }
}

/// What a graduate with distinction of a class of `grade` gets, beside their name: the
/// attestat with distinction, and after the 11th (12th) grade the medal that goes with it (ст. 34
/// ч. 10 273-ФЗ).
fn distinction_text(grade: i32) -> &'static str {
    if grade == 9 {
        "аттестат об основном общем образовании с отличием"
    } else {
        "аттестат о среднем общем образовании с отличием, медаль «За особые успехи в учении» I степени"
    }
}

/// The student as the item lists them, in a class of `grade`.
fn student_line(d: &Decision, grade: i32) -> String {
    match d.kind {
        DecisionKind::Conditional => format!("{} — {}", d.full_name, debts_text(&d.debts)),
        DecisionKind::Left => {
            let reason = d.departure_reason.map(|r| r.label().to_lowercase());
            let whereto = [reason.unwrap_or_default(), d.destination.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            if whereto.is_empty() {
                d.full_name.clone()
            } else {
                format!("{} ({whereto})", d.full_name)
            }
        }
        _ if d.with_distinction => format!("{} — {}", d.full_name, distinction_text(grade)),
        _ => d.full_name.clone(),
    }
}

/// «Проект приказа о переводе, 2026-2027.pdf»: the name of the order's file.
pub fn document_name(order: &TransferOrder) -> String {
    super::documents::file_name(&format!("Проект приказа о переводе, {}", order.year), "pdf")
}

/// «Условно переведённые, 2026-2027.pdf»: the name of the list's file.
pub fn conditional_document_name(list: &ConditionalList) -> String {
    super::documents::file_name(&format!("Условно переведённые, {}", list.year), "pdf")
}

/// The order of the decisions of the year's classes, each decision kind an item in the order
/// of [`DecisionKind::ALL`].
pub fn load(db: &Db, academic_year_id: i64) -> Result<TransferOrder> {
    let card = school::get(db)?;
    let classes = decisions::of_year(db, academic_year_id)?;
    let year = decisions::year_info(db.conn(), academic_year_id)?.name;
    let sections = classes
        .iter()
        .filter(|c| !c.decisions.is_empty())
        .map(|c| {
            let mut items: Vec<OrderItem> = Vec::new();
            for kind in DecisionKind::ALL {
                for d in c.decisions.iter().filter(|d| d.kind == kind) {
                    let title = item_title(d, c.grade);
                    match items.iter_mut().find(|i| i.title == title) {
                        Some(item) => item.students.push(student_line(d, c.grade)),
                        None => items.push(OrderItem {
                            title,
                            students: vec![student_line(d, c.grade)],
                        }),
                    }
                }
            }
            OrderSection {
                class: c.class_label.clone(),
                grounds: grounds(c),
                items,
            }
        })
        .collect();
    Ok(TransferOrder {
        school: school_name(&card),
        year,
        director: card.director.trim().to_string(),
        sections,
    })
}

/// The draft order as PDF bytes.
pub fn pdf(order: &TransferOrder) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(format!("Проект приказа о переводе, {}", order.year))
        .running_header(&order.school);
    doc.title_block(
        &TitleBlock::new("ПРИКАЗ (проект)")
            .line("о переводе обучающихся в следующий класс, оставлении на повторное обучение")
            .line(format!("и выпуске по итогам {} учебного года", order.year)),
    );
    let text = TextStyle::serif(12.0);
    doc.paragraph(
        "«___» ____________ 20___ г.                                                № ______",
        text,
        Align::Left,
    );
    doc.space(3.0);
    doc.paragraph(
        "В соответствии со статьёй 58 Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании \
         в Российской Федерации» и на основании решений педагогического совета ПРИКАЗЫВАЮ:",
        text,
        Align::Left,
    );
    for (i, section) in order.sections.iter().enumerate() {
        doc.space(3.0);
        doc.paragraph(
            &format!("{}. {} класс — {}:", i + 1, section.class, section.grounds),
            text.bold(),
            Align::Left,
        );
        for (j, item) in section.items.iter().enumerate() {
            doc.paragraph(
                &format!(
                    "{}.{}. {} ({}):",
                    i + 1,
                    j + 1,
                    item.title,
                    item.students.len()
                ),
                text,
                Align::Left,
            );
            for (k, student) in item.students.iter().enumerate() {
                doc.paragraph(&format!("      {}) {student}", k + 1), text, Align::Left);
            }
        }
    }
    doc.space(3.0);
    doc.paragraph(
        &format!(
            "{}. Контроль за исполнением приказа оставляю за собой.",
            order.sections.len() + 1
        ),
        text,
        Align::Left,
    );
    doc.certification(
        &Certification::new()
            .signatory("Директор", signature_name(&order.director))
            .date(DateLine::Blank),
    );
    doc.finish()
}

/// A debt of a conditionally transferred student, a row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct DebtRow {
    /// «Иванов Иван Иванович» on the student's first row, empty on the next ones.
    pub student: String,
    /// «5 А → 6 А».
    pub class: String,
    pub subject: String,
    pub deadline: String,
    /// «ликвидирована 20.09.2027», «не ликвидирована 30.09.2027» or empty.
    pub result: String,
}

/// «Список условно переведённых обучающихся» of a year.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionalList {
    pub school: String,
    pub year: String,
    pub director: String,
    /// Students with debts.
    pub students: usize,
    pub rows: Vec<DebtRow>,
}

fn result_text(d: &Debt) -> String {
    match (d.result, d.result_on) {
        (Some(DebtResult::Cleared), Some(on)) => format!("ликвидирована {}", ru_date(on)),
        (Some(DebtResult::NotCleared), Some(on)) => format!("не ликвидирована {}", ru_date(on)),
        _ => String::new(),
    }
}

/// Every conditionally transferred student of the year with their debts, by class.
pub fn conditional(db: &Db, academic_year_id: i64) -> Result<ConditionalList> {
    let card = school::get(db)?;
    let year = decisions::year_info(db.conn(), academic_year_id)?.name;
    let mut rows = Vec::new();
    let mut students = 0;
    for c in decisions::of_year(db, academic_year_id)? {
        for d in c
            .decisions
            .iter()
            .filter(|d| d.kind == DecisionKind::Conditional)
        {
            students += 1;
            for (i, debt) in d.debts.iter().enumerate() {
                rows.push(DebtRow {
                    student: if i == 0 {
                        d.full_name.clone()
                    } else {
                        String::new()
                    },
                    class: format!("{} → {}", c.class_label, d.to_class),
                    subject: debt.subject_name.clone(),
                    deadline: ru_date(debt.deadline),
                    result: result_text(debt),
                });
            }
        }
    }
    Ok(ConditionalList {
        school: school_name(&card),
        year,
        director: card.director.trim().to_string(),
        students,
        rows,
    })
}

/// The list as PDF bytes.
pub fn conditional_pdf(list: &ConditionalList) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(format!("Условно переведённые, {}", list.year))
        .running_header(&list.school);
    doc.title_block(
        &TitleBlock::new("Список обучающихся, переведённых условно")
            .line(format!("по итогам {} учебного года", list.year))
            .line("академическая задолженность (ст. 58 Федерального закона № 273-ФЗ)"),
    );
    let mut table = Table::new(vec![
        Column::new("№ п/п").mm(12.0).right(),
        Column::new("Фамилия, имя, отчество"),
        Column::new("Класс").mm(24.0).center(),
        Column::new("Предмет"),
        Column::new("Срок ликвидации").mm(26.0).center(),
        Column::new("Результат").mm(36.0),
    ])
    .font_size(10.0);
    let mut number = 0;
    for row in &list.rows {
        let n = if row.student.is_empty() {
            String::new()
        } else {
            number += 1;
            number.to_string()
        };
        table.row([
            n,
            row.student.clone(),
            row.class.clone(),
            row.subject.clone(),
            row.deadline.clone(),
            row.result.clone(),
        ]);
    }
    doc.table(&table);
    doc.space(2.0);
    doc.paragraph(
        &format!("Всего переведено условно: {}", list.students),
        TextStyle::serif(11.0),
        Align::Left,
    );
    doc.certification(
        &Certification::new()
            .signatory("Директор", signature_name(&list.director))
            .date(DateLine::Blank),
    );
    doc.finish()
}

#[cfg(test)]
mod tests;
