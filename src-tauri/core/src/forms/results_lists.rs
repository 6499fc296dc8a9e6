//! The district's lists of a period (`marks::lists`) under one title: excellent students, with
//! one «4», with one «3», failing with their subjects — a table per list, under each other, as
//! PDF (A4 portrait, the signatures of «Итоги успеваемости») and as .xlsx (one sheet, the lists
//! one under another, each with its title).

use super::results::{self, certification, year_line, ResultsForm};
use super::workbook;
use crate::db::Db;
use crate::error::Result;
use crate::marks::lists::{self, ListedStudent, ResultLists, LIST_TITLES};
use crate::print::{Align, Column, Document, PageSetup, Table, TextStyle, TitleBlock};
use chrono::NaiveDate;

/// The lists with the school, signatories, year and period of «Итоги успеваемости».
#[derive(Debug, Clone, PartialEq)]
pub struct ListsForm {
    pub form: ResultsForm,
    pub lists: ResultLists,
}

/// The lists of the period named in the year `year_id` (without a name, the latest begun term).
pub fn compute_in_year(
    db: &Db,
    year_id: i64,
    period: Option<&str>,
    today: NaiveDate,
) -> Result<ListsForm> {
    let form = results::compute_in_year(db, year_id, period, today)?;
    let lists = lists::of_results(db, &form.results)?;
    Ok(ListsForm { form, lists })
}

const TITLE: &str = "Списки обучающихся по итогам периода";

fn title(f: &ListsForm) -> String {
    let r = &f.form.results;
    format!("{TITLE}, {}, {}", r.year_name, r.period_name)
}

/// The file name: «Списки обучающихся по итогам периода, 2026-2027, 1 четверть.pdf».
pub fn document_name(f: &ListsForm, ext: &str) -> String {
    super::documents::file_name(&title(f), ext)
}

/// The header of a list's table; the failing list has the subjects too.
fn headers(failing: bool) -> Vec<&'static str> {
    let mut out = vec!["№", "Класс", "Фамилия, имя, отчество"];
    if failing {
        out.push("Предметы («2», «н/а»)");
    }
    out
}

/// A listed student's cells after «№».
fn cells(s: &ListedStudent, failing: bool) -> Vec<String> {
    let mut out = vec![s.class.clone(), s.student.clone()];
    if failing {
        out.push(s.subjects.join(", "));
    }
    out
}

/// «Отличники (только «5»): 12» — a list's heading with its size.
fn heading(title: &str, list: &[ListedStudent]) -> String {
    format!("{title}: {}", list.len())
}

/// The lists as PDF bytes: a table per list, «нет» for an empty one, the signatures at the end.
pub fn pdf(f: &ListsForm) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(title(f))
        .running_header(&f.form.school);
    doc.title_block(&TitleBlock::new(TITLE).line(year_line(&f.form)));
    let bold = TextStyle::serif(11.0).bold();
    for (k, (title, list)) in LIST_TITLES.iter().zip(f.lists.each()).enumerate() {
        let failing = k == LIST_TITLES.len() - 1;
        doc.space(3.0);
        // A list's heading never stays alone at a page's foot: room for it, the header and a row.
        doc.ensure_space(22.0);
        doc.paragraph(&heading(title, list), bold, Align::Left);
        if list.is_empty() {
            doc.paragraph("нет", TextStyle::serif(10.0), Align::Left);
            continue;
        }
        let mut columns = vec![
            Column::new("№").mm(10.0).center(),
            Column::new("Класс").mm(20.0).center(),
            Column::new("Фамилия, имя, отчество").share(if failing { 1.2 } else { 1.0 }),
        ];
        if failing {
            columns.push(Column::new(headers(true)[3]));
        }
        let mut table = Table::new(columns).font_size(10.0).bold_header();
        for (i, s) in list.iter().enumerate() {
            let mut row = vec![(i + 1).to_string()];
            row.extend(cells(s, failing));
            table.row(row);
        }
        doc.table(&table);
    }
    // Portrait: the two signatures under each other.
    doc.certification(&certification(&f.form).columns(1));
    doc.finish()
}

/// The same lists as .xlsx (sheet «Списки»): the heading on rows 1–3, then each list's title
/// with its size, its header and its rows, a blank row between lists.
pub fn xlsx(f: &ListsForm) -> Result<Vec<u8>> {
    let workbook::Formats {
        header,
        cell,
        number,
    } = workbook::Formats::new();
    let line = year_line(&f.form);
    let heading_row = [TITLE, f.form.school.as_str(), &line];
    let bold = rust_xlsxwriter::Format::new().set_bold();
    workbook::book("Списки", heading_row, |sheet| {
        for (col, width) in [6, 10, 40, 40].into_iter().enumerate() {
            sheet.set_column_width(col as u16, width)?;
        }
        let mut at = 4;
        for (k, (title, list)) in LIST_TITLES.iter().zip(f.lists.each()).enumerate() {
            let failing = k == LIST_TITLES.len() - 1;
            sheet.write_string_with_format(at, 0, heading(title, list), &bold)?;
            at += 1;
            for (j, t) in headers(failing).iter().enumerate() {
                sheet.write_string_with_format(at, j as u16, *t, &header)?;
            }
            for (i, s) in list.iter().enumerate() {
                at += 1;
                sheet.write_number_with_format(at, 0, (i + 1) as f64, &number)?;
                for (j, text) in cells(s, failing).iter().enumerate() {
                    sheet.write_string_with_format(at, j as u16 + 1, text, &cell)?;
                }
            }
            at += 2;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::lists::tests::marked;
    use crate::print::tests::{poppler, save};
    use crate::testkit::year_id;
    use calamine::{Data, Reader};
    use std::io::Cursor;

    fn form() -> (tempfile::TempDir, ListsForm) {
        let (dir, db, _, _) = marked();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let f = compute_in_year(&db, year_id(&db), Some("1 четверть"), today).unwrap();
        (dir, f)
    }

    #[test]
    fn the_pdf_lists_every_student_under_the_lists_heading() {
        let (_dir, f) = form();
        assert_eq!(
            document_name(&f, "pdf"),
            "Списки обучающихся по итогам периода, 2026-2027, 1 четверть.pdf"
        );
        let path = save("forms-results-lists.pdf", &pdf(&f));
        let text = poppler("pdftotext", &["-layout"], &path);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Списки обучающихся по итогам периода"),
            "{text}"
        );
        assert!(
            flat.contains("2026-2027 учебный год, за 1 четверть"),
            "{text}"
        );
        for (title, list) in LIST_TITLES.iter().zip(f.lists.each()) {
            assert!(flat.contains(&heading(title, list)), "{title}:\n{text}");
            for s in list {
                assert!(flat.contains(&s.student), "{}:\n{text}", s.student);
            }
        }
        let failing = &f.lists.failing[0];
        let line = text.lines().find(|l| l.contains(&failing.student)).unwrap();
        assert!(line.contains("Русский язык, Математика"), "{line}");
        for signed in ["Заместитель директора по УВР", "Директор", "М.П."]
        {
            assert!(text.contains(signed), "{signed}:\n{text}");
        }
    }

    #[test]
    fn the_xlsx_has_the_lists_under_each_other() {
        let (_dir, f) = form();
        let bytes = xlsx(&f).unwrap();
        save("forms-results-lists.xlsx", &bytes);
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Списки").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String(TITLE.into()));
        let mut at = 4;
        for (k, (title, list)) in LIST_TITLES.iter().zip(f.lists.each()).enumerate() {
            assert_eq!(cell(at, 0), Data::String(heading(title, list)));
            assert_eq!(
                cell(at + 1, 2),
                Data::String("Фамилия, имя, отчество".into())
            );
            for (i, s) in list.iter().enumerate() {
                let r = at + 2 + i as u32;
                assert_eq!(cell(r, 0), Data::Float((i + 1) as f64));
                assert_eq!(cell(r, 1), Data::String(s.class.clone()));
                assert_eq!(cell(r, 2), Data::String(s.student.clone()));
                if k == 3 {
                    assert_eq!(cell(r, 3), Data::String(s.subjects.join(", ")));
                }
            }
            at += 3 + list.len() as u32;
        }
    }
}
