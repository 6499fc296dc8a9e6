//! «Список класса»: the students of a class on a day, numbered in Russian alphabetical order,
//! with birth date and personal file number, and the certification block. A4 portrait.

use super::{ru_date, school_name, signature_name, within};
use crate::classes;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::people::Sex;
use crate::print::{
    Align, Cell, Certification, Column, DateLine, Document, PageSetup, Row, Table, TitleBlock,
};
use crate::school;
use crate::students;
use crate::year;
use chrono::NaiveDate;

/// One student of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassListRow {
    /// «№ п/п», from 1.
    pub number: usize,
    /// «Фамилия Имя Отчество».
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub file_number: String,
    pub sex: Sex,
}

/// Everything the form prints.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassList {
    pub school: String,
    /// «2026-2027».
    pub year: String,
    /// «5 А».
    pub class: String,
    /// «Фамилия Имя Отчество», empty when the class has none.
    pub class_teacher: String,
    /// «Фамилия Имя Отчество» from the school card.
    pub director: String,
    /// The day the list is on (moved into the class's year).
    pub on: NaiveDate,
    /// In Russian alphabetical order.
    pub students: Vec<ClassListRow>,
}

impl ClassList {
    pub fn boys(&self) -> usize {
        self.students.iter().filter(|s| s.sex == Sex::Male).count()
    }

    pub fn girls(&self) -> usize {
        self.students
            .iter()
            .filter(|s| s.sex == Sex::Female)
            .count()
    }
}

/// The list of the class `class_id` of students studying on `on` (moved into the class's year).
pub fn load(db: &Db, class_id: i64, on: NaiveDate) -> Result<ClassList> {
    let class = classes::get(db, class_id)?;
    let year = year::list(db)?
        .into_iter()
        .find(|y| y.id == Some(class.academic_year_id))
        .ok_or(CoreError::NotFound {
            what: "Учебный год",
        })?;
    let on = within(&year, on);
    let info = classes::info(db, class_id, on)?;
    let card = school::get(db)?;
    let students = students::list(db, class.academic_year_id, Some(class_id), Some(on))?
        .into_iter()
        .enumerate()
        .map(|(i, s)| ClassListRow {
            number: i + 1,
            full_name: s.full_name,
            birth_date: s.birth_date,
            file_number: s.file_number,
            sex: s.sex,
        })
        .collect();
    Ok(ClassList {
        school: school_name(&card),
        year: year.name,
        class: info.label,
        class_teacher: info.class_teacher_name,
        director: card.director.trim().to_string(),
        on,
        students,
    })
}

/// The form as PDF bytes.
pub fn pdf(list: &ClassList) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(format!("Список класса {}", list.class))
        .running_header(&list.school);
    let teacher = if list.class_teacher.is_empty() {
        "не назначен".to_string()
    } else {
        list.class_teacher.clone()
    };
    doc.title_block(
        &TitleBlock::new(format!("Список {} класса", list.class))
            .line(format!("{} учебный год", list.year))
            .line(format!("Классный руководитель: {teacher}"))
            .line(format!("по состоянию на {}", ru_date(list.on))),
    );
    let mut table = Table::new(vec![
        Column::new("№ п/п").mm(12.0).right(),
        Column::new("Фамилия, имя, отчество"),
        Column::new("Дата рождения").mm(28.0).center(),
        Column::new("№ личного дела").mm(28.0).center(),
    ])
    .font_size(11.0);
    for s in &list.students {
        table.row([
            s.number.to_string(),
            s.full_name.clone(),
            ru_date(s.birth_date),
            s.file_number.clone(),
        ]);
    }
    table.push(
        Row::new([Cell::new(format!(
            "Всего: {} (мальчиков: {}, девочек: {})",
            list.students.len(),
            list.boys(),
            list.girls()
        ))
        .span(4)
        .align(Align::Right)])
        .bold(),
    );
    doc.table(&table);
    doc.certification(
        &Certification::new()
            .signatory("Классный руководитель", signature_name(&list.class_teacher))
            .signatory("Директор", signature_name(&list.director))
            .date(DateLine::Blank)
            .stamp(),
    );
    doc.finish()
}

/// The PDF's file name in «Документы Завуча»: «Список класса 5 А на 25.11.2026.pdf».
pub fn document_name(list: &ClassList) -> String {
    super::documents::file_name(
        &format!("Список класса {} на {}", list.class, ru_date(list.on)),
        "pdf",
    )
}

/// [`load`] and [`pdf`] in one.
pub fn print(db: &Db, class_id: i64, on: NaiveDate) -> Result<Vec<u8>> {
    Ok(pdf(&load(db, class_id, on)?))
}
