//! «Итоги успеваемости» of a period: per class, per level (1–4, 5–9, 10–11) and for the school,
//! students, attested, only «5», «4» and «5», one «3», with «2», not attested, pass rate and
//! quality rate. The figures come from `marks::results::summary` (levels and the school rated
//! from their summed counts) and are rendered as PDF ([`pdf`], A4 landscape) and as .xlsx for
//! the district ([`xlsx`]) with the same columns; the rates print as the core's `Rate::text`
//! and go into the spreadsheet as numbers with one decimal.

use super::class_report::deputy_head;
use super::workbook;
use super::{school_name, signature_name};
use crate::db::Db;
use crate::error::{CoreError, Problem, Result};
use crate::marks::results::{self, ResultsRow, ResultsRowKind, SchoolResults, COUNT_TITLES};
use crate::marks::Rate;
use crate::print::{Align, Certification, Column, DateLine, Document, PageSetup, Row, Table};
use crate::print::{TextStyle, TitleBlock};
use crate::school;
use chrono::NaiveDate;

/// The form: the school's figures with the names it prints.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsForm {
    pub school: String,
    /// «Фамилия И. О.» of the deputy head, empty when there is none (`signature_name` turns
    /// it «И. О. Фамилия» as well as a full name).
    pub deputy_head: String,
    /// «Фамилия Имя Отчество» of the director.
    pub director: String,
    pub results: SchoolResults,
}

/// The current year's results for the period named («1 четверть», «год»); without a name, for
/// the latest term begun by `today` (`marks::results::default_period`).
pub fn compute(db: &Db, period: Option<&str>, today: NaiveDate) -> Result<ResultsForm> {
    compute_in_year(db, super::current_year_id(db)?, period, today)
}

/// [`compute`] for the year `year_id`.
pub fn compute_in_year(
    db: &Db,
    year_id: i64,
    period: Option<&str>,
    today: NaiveDate,
) -> Result<ResultsForm> {
    let year = crate::year::get(db, year_id)?;
    let period = match period {
        Some(name) => name.to_string(),
        None => results::default_period(db, year_id, today)?.ok_or_else(|| {
            CoreError::refused(
                "period",
                Problem::NoTermBegun {
                    year: year.name.clone(),
                },
            )
        })?,
    };
    let results = results::summary(db, year_id, &period)?;
    let card = school::get(db)?;
    Ok(ResultsForm {
        school: school_name(&card),
        deputy_head: deputy_head(db, today)?,
        director: card.director.trim().to_string(),
        results,
    })
}

/// The titles of a row's rates, after its counts.
pub const RATE_TITLES: [&str; 3] = ["Успеваемость, %", "Качество, %", "СОУ, %"];

/// The column titles after «Класс», the same in the PDF and the .xlsx.
pub fn figure_titles() -> Vec<String> {
    let mut out: Vec<String> = COUNT_TITLES.iter().map(|t| t.to_string()).collect();
    out.extend(RATE_TITLES.map(String::from));
    out
}

/// A rate as printed: the core's text, «—» when there was nobody to count.
pub fn rate_text(rate: &Option<Rate>) -> String {
    rate.as_ref()
        .map_or_else(|| "—".to_string(), |r| r.text.clone())
}

/// A row's cells after the label, as printed.
pub fn row_texts(row: &ResultsRow) -> Vec<String> {
    let mut out: Vec<String> = row.counts.figures().iter().map(|n| n.to_string()).collect();
    out.extend(rates(row).map(rate_text));
    out
}

/// A row's rates in the order of [`RATE_TITLES`].
pub fn rates(row: &ResultsRow) -> [&Option<Rate>; 3] {
    [&row.pass_rate, &row.quality_rate, &row.sou]
}

fn title(form: &ResultsForm) -> String {
    format!(
        "Итоги успеваемости, {}, {}",
        form.results.year_name, form.results.period_name
    )
}

/// The file name in «Документы Завуча» for `ext`: «Итоги успеваемости, 2026-2027, 1 четверть.pdf».
pub fn document_name(form: &ResultsForm, ext: &str) -> String {
    super::documents::file_name(&title(form), ext)
}

/// The deputy head's and the director's signatures, the date line and «М.П.».
pub(super) fn certification(form: &ResultsForm) -> Certification {
    Certification::new()
        .signatory(
            "Заместитель директора по УВР",
            signature_name(&form.deputy_head),
        )
        .signatory("Директор", signature_name(&form.director))
        .columns(2)
        .font_size(10.0)
        .space_before(4.0)
        .date(DateLine::Blank)
        .stamp()
}

/// «2026-2027 учебный год, за 1 четверть».
pub(super) fn year_line(form: &ResultsForm) -> String {
    let r = &form.results;
    format!("{} учебный год, {}", r.year_name, r.period_phrase())
}

/// The form as PDF bytes: A4 landscape, one page for a usual school.
pub fn pdf(form: &ResultsForm) -> Vec<u8> {
    let r = &form.results;
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(title(form))
        .running_header(&form.school);
    doc.title_block(
        &TitleBlock::new("Итоги успеваемости")
            .line(year_line(form))
            .line(format!(
                "Классов: {}, обучающихся: {}",
                r.school_total().classes,
                r.school_total().counts.students
            ))
            .lines(r.school_total().counts.marks.notice()),
    );
    let mut columns = vec![Column::new("Класс").mm(40.0)];
    let titles = figure_titles();
    let rates_from = titles.len() - RATE_TITLES.len();
    columns.extend(titles.into_iter().enumerate().map(|(j, t)| {
        // The rates' titles are the longest words: their columns a little wider.
        Column::new(t)
            .center()
            .share(if j >= rates_from { 1.5 } else { 1.0 })
    }));
    let certification = certification(form);
    let note_style = TextStyle::serif(9.0);
    let width = doc.content_width();
    let notes_height: f32 = r
        .notes
        .iter()
        .map(|n| note_style.wrap(n, width).len() as f32 * note_style.line_height())
        .sum();
    // A usual school on one page: the table shrinks to leave room for the notes and signatures.
    let mut table = Table::new(columns)
        .font_size(10.0)
        .bold_header()
        .keep_on_one_page(certification.height(width) + notes_height + 2.0);
    for row in &r.rows {
        let mut cells = vec![row.label.clone()];
        cells.extend(row_texts(row));
        match row.kind {
            ResultsRowKind::Class => {
                table.row(cells);
            }
            ResultsRowKind::Level | ResultsRowKind::School => {
                table.push(Row::new(cells).bold());
            }
        }
    }
    doc.table(&table);
    if !r.notes.is_empty() {
        doc.space(2.0);
    }
    for note in &r.notes {
        doc.paragraph(note, note_style, Align::Left);
    }
    doc.certification(&certification);
    doc.finish()
}

/// The same table as .xlsx (sheet «Итоги успеваемости»): title, school, year and period on rows
/// 1–3, the header on row 5, a row per class and the subtotals and total in bold, then the
/// notes; counts and rates as numbers (rates with one decimal).
pub fn xlsx(form: &ResultsForm) -> Result<Vec<u8>> {
    let r = &form.results;
    let workbook::Formats {
        header,
        cell,
        number,
    } = workbook::Formats::new();
    let rate = number.clone().set_num_format("0.0");
    let (total_cell, total_number, total_rate) = (
        cell.clone().set_bold(),
        number.clone().set_bold(),
        rate.clone().set_bold(),
    );
    let line = year_line(form);
    let heading = ["Итоги успеваемости", form.school.as_str(), &line];
    let notice = r.school_total().counts.marks.notice();
    workbook::book("Итоги успеваемости", heading, |sheet| {
        workbook::notice(sheet, notice.as_deref())?;
        let top = 4;
        sheet.write_string_with_format(top, 0, "Класс", &header)?;
        sheet.set_column_width(0, 22)?;
        for (j, t) in figure_titles().iter().enumerate() {
            sheet.write_string_with_format(top, j as u16 + 1, t, &header)?;
            sheet.set_column_width(j as u16 + 1, 14)?;
        }
        sheet.set_row_height(top, 32)?;
        sheet.set_freeze_panes(top + 1, 1)?;
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(top, top)?;
        for (i, row) in r.rows.iter().enumerate() {
            let at = top + 1 + i as u32;
            let (label, figure, percent) = match row.kind {
                ResultsRowKind::Class => (&cell, &number, &rate),
                _ => (&total_cell, &total_number, &total_rate),
            };
            sheet.write_string_with_format(at, 0, &row.label, label)?;
            let figures = row.counts.figures();
            for (j, n) in figures.iter().enumerate() {
                sheet.write_number_with_format(at, j as u16 + 1, f64::from(*n), figure)?;
            }
            for (k, value) in rates(row).into_iter().enumerate() {
                let col = (figures.len() + 1 + k) as u16;
                match value {
                    Some(v) => sheet.write_number_with_format(at, col, v.value, percent)?,
                    None => sheet.write_string_with_format(at, col, "—", figure)?,
                };
            }
        }
        let below = top + 2 + r.rows.len() as u32;
        for (i, note) in r.notes.iter().enumerate() {
            sheet.write_string(below + i as u32, 0, note)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::results::tests::{fill, school};
    use crate::marks::MarkValue;
    use crate::print::tests::{poppler, save, words_after};
    use calamine::{Data, Reader};
    use results::COUNT_TITLES;
    use std::io::Cursor;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    /// The demo school with marks for «1 четверть» in three classes, one of each kind of student.
    fn marked() -> (tempfile::TempDir, Db) {
        let (dir, db) = school();
        fill(&db, "5 А", "1 четверть", |i, s| {
            Some(match (i, s.name.as_str()) {
                (0, "Математика") => MarkValue::Two,
                (1, "Математика") => MarkValue::Three,
                (2, _) => MarkValue::Four,
                _ => MarkValue::Five,
            })
        });
        fill(&db, "7 Б", "1 четверть", |i, _| {
            Some(if i == 0 {
                MarkValue::NotAttested
            } else {
                MarkValue::Four
            })
        });
        fill(&db, "2 А", "1 четверть", |_, _| {
            Some(MarkValue::Five)
        });
        (dir, db)
    }

    #[test]
    fn the_pdf_prints_the_cores_figures() {
        let (_dir, db) = marked();
        let form = compute(&db, Some("1 четверть"), today()).unwrap();
        assert_eq!(
            document_name(&form, "pdf"),
            "Итоги успеваемости, 2026-2027, 1 четверть.pdf"
        );
        let path = save("forms-results.pdf", &pdf(&form));
        let text = poppler("pdftotext", &["-layout"], &path);
        for expected in [
            "Итоги успеваемости",
            "2026-2027 учебный год, за 1 четверть",
            "Успеваемость, %",
            "Заместитель директора по УВР",
            "Директор",
            "М.П.",
            "Страница 1 из 1",
            "Не учтены классы",
            "10 А, 10 Б, 11 А, 11 Б",
        ] {
            assert!(text.contains(expected), "«{expected}» missing:\n{text}");
        }
        for row in &form.results.rows {
            assert_eq!(
                words_after(&text, &row.label),
                row_texts(row),
                "{}",
                row.label
            );
        }
        let a5 = form.results.rows.iter().find(|r| r.label == "5 А").unwrap();
        assert_eq!(a5.counts.with_two, 1);
        assert_eq!(a5.counts.one_three, 1);
        assert!(text.contains(&a5.pass_rate.as_ref().unwrap().text));
        // The classes without marks: «—» for their rates, and the title says marks are missing.
        let b5 = words_after(&text, "5 Б");
        assert_eq!(b5[b5.len() - 3..], ["—", "—", "—"], "{text}");
        let total = &form.results.school_total().counts.marks;
        let notice = format!(
            "Выставлены не все отметки: {} из {}",
            total.missing, total.expected
        );
        assert!(text.contains(&notice), "{text}");
    }

    #[test]
    fn a_period_without_marks_prints_dashes_and_the_notice() {
        let (_dir, db) = school();
        let form = compute(&db, Some("2 четверть"), today()).unwrap();
        let path = save("forms-results-empty.pdf", &pdf(&form));
        let text = poppler("pdftotext", &["-layout"], &path);
        assert!(text.contains("Выставлены не все отметки"), "{text}");
        assert!(!text.contains("100,0") && !text.contains("0,0"), "{text}");
        for row in &form.results.rows {
            let words = words_after(&text, &row.label);
            assert_eq!(words[words.len() - 3..], ["—", "—", "—"], "{}", row.label);
            // Обучающихся = «Не все отметки»; Аттестовано 0.
            assert_eq!(words[1], "0", "{}", row.label);
            assert_eq!(words[0], words[8], "{}", row.label);
        }
        let bytes = xlsx(&form).unwrap();
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Итоги успеваемости").unwrap();
        let notice = range.get_value((3, 0)).cloned();
        assert!(
            matches!(&notice, Some(Data::String(s)) if s.starts_with("Выставлены не все отметки")),
            "{notice:?}"
        );
    }

    #[test]
    fn the_xlsx_has_the_same_figures_with_rates_as_numbers() {
        let (_dir, db) = marked();
        let form = compute(&db, Some("1 четверть"), today()).unwrap();
        let bytes = xlsx(&form).unwrap();
        save("forms-results.xlsx", &bytes);
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Итоги успеваемости").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("Итоги успеваемости".into()));
        assert_eq!(cell(4, 0), Data::String("Класс".into()));
        for (j, t) in figure_titles().iter().enumerate() {
            assert_eq!(cell(4, j as u32 + 1), Data::String(t.clone()));
        }
        for (i, row) in form.results.rows.iter().enumerate() {
            let r = 5 + i as u32;
            assert_eq!(cell(r, 0), Data::String(row.label.clone()));
            for (j, n) in row.counts.figures().iter().enumerate() {
                assert_eq!(
                    cell(r, j as u32 + 1),
                    Data::Float(f64::from(*n)),
                    "{}",
                    row.label
                );
            }
            for (k, rate) in rates(row).into_iter().enumerate() {
                let got = cell(r, COUNT_TITLES.len() as u32 + 1 + k as u32);
                // A class without every mark has no rate: a dash, never 0 or 100.
                let expected = rate
                    .as_ref()
                    .map_or_else(|| Data::String("—".into()), |r| Data::Float(r.value));
                assert_eq!(got, expected, "{}", row.label);
            }
        }
        let a5 = form
            .results
            .rows
            .iter()
            .position(|r| r.label == "5 А")
            .unwrap();
        assert!(matches!(cell(5 + a5 as u32, 10), Data::Float(_)));
        let total = &form.results.school_total().counts.marks;
        assert_eq!(
            cell(3, 0),
            Data::String(format!(
                "Выставлены не все отметки: {} из {}",
                total.missing, total.expected
            ))
        );
        let after_table = 6 + form.results.rows.len() as u32;
        assert_eq!(
            cell(after_table, 0),
            Data::String(form.results.notes[0].clone())
        );
    }

    #[test]
    fn without_a_period_the_latest_begun_term_is_reported() {
        let (_dir, db) = school();
        let on = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let form = compute(&db, None, on(10, 20)).unwrap();
        assert_eq!(form.results.period_name, "1 четверть");
        let e = compute(&db, None, on(8, 20)).unwrap_err();
        match e {
            CoreError::Refused(f) => {
                assert_eq!(f.code, "no_term_begun");
                assert!(f.message.contains("2026-2027"), "{}", f.message);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
