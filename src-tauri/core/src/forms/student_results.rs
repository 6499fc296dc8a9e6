//! «Сведения об успеваемости обучающегося» for guardians who asked for results on paper (seed
//! 001, 7.2): one A4 page per student with the school, the year, the class and the student's
//! full name, a table of subjects × the class's periods (terms, the year, the exam and the final
//! mark in grades 9 and 11), lessons missed per term and of them for illness, the class
//! teacher's signature and the date. A whole class prints as one PDF, a page per student.
//! The figures are `marks::results::{student, class}`.

use super::{ru_date, school_name, signature_name};
use crate::db::Db;
use crate::error::Result;
use crate::marks::results::{self, StudentResults, StudentSubject};
use crate::print::{
    Align, Cell, Certification, Column, DateLine, Document, PageNumbers, PageSetup, Row, Table,
    TextStyle, TitleBlock,
};
use crate::school;
use chrono::NaiveDate;

/// What a cell of a period in which the student does not study the subject shows.
pub const CLOSED: &str = "—";

/// The pages: one per student, all of one school, dated `on`.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentResultsForm {
    pub school: String,
    /// The day printed on the date line.
    pub on: NaiveDate,
    pub students: Vec<StudentResults>,
}

/// One student's page in the current year.
pub fn for_student(db: &Db, student_id: i64, on: NaiveDate) -> Result<StudentResultsForm> {
    let students = vec![results::student(db, student_id, None)?];
    form(db, on, students)
}

/// [`for_student`] of the student's class in the year `year_id`.
pub fn for_student_in_year(
    db: &Db,
    student_id: i64,
    year_id: i64,
    on: NaiveDate,
) -> Result<StudentResultsForm> {
    let students = vec![results::student(db, student_id, Some(year_id))?];
    form(db, on, students)
}

/// A page for every student studying in the class, in alphabetical order.
pub fn for_class(db: &Db, class_id: i64, on: NaiveDate) -> Result<StudentResultsForm> {
    form(db, on, results::class(db, class_id)?)
}

fn form(db: &Db, on: NaiveDate, students: Vec<StudentResults>) -> Result<StudentResultsForm> {
    Ok(StudentResultsForm {
        school: school_name(&school::get(db)?),
        on,
        students,
    })
}

/// A subject's cell in period `k`: the mark («5», «зач», «н/а»), empty while there is none,
/// «—» when the student does not study the subject then.
pub fn mark_text(subject: &StudentSubject, k: usize) -> &'static str {
    match subject.marks[k] {
        Some(mark) => mark.short(),
        None if !subject.studies[k] => CLOSED,
        None => "",
    }
}

/// Lessons missed in period `k` as printed (empty where nothing was entered).
fn count_text(values: &[Option<i32>], k: usize) -> String {
    values[k].map_or_else(String::new, |n| n.to_string())
}

/// «Успеваемость Иванов Иван Иванович, 5 А, 2026-2027» for one student,
/// «Успеваемость обучающихся 5 А, 2026-2027» for a class.
fn title(form: &StudentResultsForm) -> String {
    match form.students.as_slice() {
        [one] => format!(
            "Успеваемость {}, {}, {}",
            one.full_name, one.class_label, one.year_name
        ),
        [first, ..] => format!(
            "Успеваемость обучающихся {}, {}",
            first.class_label, first.year_name
        ),
        [] => "Успеваемость".to_string(),
    }
}

/// The file name in «Документы Завуча».
pub fn document_name(form: &StudentResultsForm) -> String {
    super::documents::file_name(&title(form), "pdf")
}

/// The legend under the table, for readers who do not know the abbreviations.
pub const LEGEND: &str = "«зач» — зачтено, «незач» — не зачтено, «н/а» — не аттестован(а), \
     «осв» — освобождён(а), «—» — предмет в этом периоде не изучается.";

/// The form as PDF bytes: a page per student.
pub fn pdf(form: &StudentResultsForm) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(title(form))
        .running_header(&form.school)
        // Each page is a document of its own for its family: no «Страница 3 из 26».
        .page_numbers(PageNumbers::None);
    for (i, student) in form.students.iter().enumerate() {
        if i > 0 {
            doc.new_page();
        }
        page(&mut doc, student, form.on);
    }
    doc.finish()
}

fn page(doc: &mut Document, s: &StudentResults, on: NaiveDate) {
    let teacher = if s.class_teacher.is_empty() {
        "не назначен".to_string()
    } else {
        s.class_teacher.clone()
    };
    doc.title_block(
        &TitleBlock::new("Сведения об успеваемости обучающегося")
            .line(s.full_name.clone())
            .line(format!(
                "{} класс, {} учебный год",
                s.class_label, s.year_name
            ))
            .line(format!("Классный руководитель: {teacher}")),
    );
    let mut columns = vec![
        Column::new("№").mm(8.0).right(),
        Column::new("Предмет").mm(62.0),
    ];
    columns.extend(
        s.periods
            .iter()
            .map(|p| Column::new(p.name.clone()).center()),
    );
    let certification = Certification::new()
        .signatory("Классный руководитель", signature_name(&s.class_teacher))
        .date(DateLine::Given(ru_date(on)));
    let mut table = Table::new(columns)
        .font_size(11.0)
        .keep_on_one_page(certification.height(doc.content_width()) + 12.0);
    for (n, subject) in s.subjects.iter().enumerate() {
        let mut cells = vec![(n + 1).to_string(), subject.name.clone()];
        cells.extend((0..s.periods.len()).map(|k| mark_text(subject, k).to_string()));
        table.row(cells);
    }
    for (label, values) in [
        ("Пропущено уроков", &s.missed),
        ("из них по болезни", &s.of_illness),
    ] {
        let mut cells = vec![Cell::new(label).span(2).align(Align::Left)];
        cells.extend((0..s.periods.len()).map(|k| Cell::new(count_text(values, k))));
        table.push(Row::new(cells));
    }
    doc.table(&table);
    doc.space(2.0);
    doc.paragraph(LEGEND, TextStyle::serif(9.0), Align::Left);
    doc.certification(&certification);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::results::tests::{fill, school};
    use crate::marks::{self, AbsenceEntry, MarkValue};
    use crate::print::tests::{page_text, poppler, save};
    use crate::testkit::class_id;

    #[test]
    fn a_class_prints_a_page_per_student() {
        let (_dir, db) = school();
        let id = class_id(&db, "9 А");
        let q1 = fill(&db, "9 А", "1 четверть", |i, s| {
            match (i, s.name.as_str()) {
                (0, "Алгебра") => Some(MarkValue::Four),
                (0, "Геометрия") => Some(MarkValue::Three),
                (0, _) => Some(MarkValue::Five),
                _ => None,
            }
        });
        fill(&db, "9 А", "Год", |i, s| {
            (i == 0 && s.name == "Алгебра").then_some(MarkValue::Five)
        });
        let first = &q1.students[0];
        let term = marks::period_by_name(&db, id, "1 четверть").unwrap().period;
        let absent = AbsenceEntry {
            student_id: first.student_id,
            missed: Some(14),
            of_illness: Some(9),
        };
        marks::set_absences(&db, id, term, &[absent]).unwrap();

        let on = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let form = for_class(&db, id, on).unwrap();
        let studying = q1
            .students
            .iter()
            .filter(|s| s.departed_on.is_none())
            .count();
        assert_eq!(form.students.len(), studying);
        assert_eq!(
            document_name(&form),
            "Успеваемость обучающихся 9 А, 2026-2027.pdf"
        );
        let path = save("forms-student-results-9a.pdf", &pdf(&form));
        let info = poppler("pdfinfo", &[], &path);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.ends_with(&format!(" {studying}"))),
            "{info}"
        );
        let text = page_text(&path, 1);
        for expected in [
            "Сведения об успеваемости обучающегося",
            first.full_name.as_str(),
            "9 А класс, 2026-2027 учебный год",
            "Классный руководитель",
            "четверть",
            "Год",
            "Экзамен",
            "Итоговая",
            "из них по болезни",
            "02.11.2026",
        ] {
            assert!(text.contains(expected), "«{expected}» missing:\n{text}");
        }
        let line = |start: &str| {
            text.lines()
                .find(|l| l.contains(start))
                .unwrap_or_else(|| panic!("no {start}:\n{text}"))
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        // Algebra: «4» in the first term, «5» for the year; absences 14, of them 9 (the year
        // sums the terms).
        let algebra = line("Алгебра");
        assert_eq!(algebra[algebra.len() - 2..], ["4", "5"]);
        assert_eq!(line("Пропущено уроков")[2..], ["14", "14"]);
        assert_eq!(line("из них по болезни")[4..], ["9", "9"]);
        // The second page is the next student's.
        assert!(page_text(&path, 2).contains(&q1.students[1].full_name));

        let one = for_student(&db, first.student_id, on).unwrap();
        assert_eq!(one.students[0], form.students[0]);
        assert!(document_name(&one).starts_with("Успеваемость "));
    }
}
