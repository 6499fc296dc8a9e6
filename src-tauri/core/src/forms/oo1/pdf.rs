//! ОО-1 as PDF: A4 landscape, each table under its number and title, kept on one page where it
//! fits; the signatures at the end.

use super::{figure_text, title, Oo1, Oo1Table};
use crate::forms::ru_date;
use crate::print::TitleBlock;
use crate::print::{Align, Certification, Column, DateLine, Document, PageSetup, Table, TextStyle};

/// The width of the label column, mm: the longest labels wrap to two lines.
const LABEL_WIDTH: f32 = 62.0;

fn pdf_table(t: &Oo1Table) -> Table {
    let mut columns = vec![Column::new("Показатель").mm(LABEL_WIDTH)];
    columns.extend(t.columns.iter().map(|c| Column::new(c.clone()).center()));
    let mut table = Table::new(columns)
        .font_size(8.5)
        .header_font_size(7.5)
        .bold_header();
    for row in &t.rows {
        let mut cells = vec![row.label.clone()];
        cells.extend(row.values.iter().map(|v| figure_text(*v)));
        table.row(cells);
    }
    table
}

/// The form as PDF bytes.
pub fn pdf(form: &Oo1) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(title(form))
        .running_header(&form.school);
    doc.title_block(
        &TitleBlock::new("Сведения для формы ОО-1")
            .line(format!("{} учебный год", form.year))
            .line(format!("по состоянию на {}", ru_date(form.date))),
    );
    let heading = TextStyle::serif(10.5).bold();
    let width = doc.content_width();
    for t in &form.tables {
        let table = pdf_table(t);
        // A table is not split from its heading, nor across pages when a page holds it.
        doc.ensure_space(table.height(width) + heading.line_height() * 2.0 + 2.0);
        doc.space(2.0);
        doc.paragraph(&format!("{}. {}", t.id, t.title), heading, Align::Left);
        doc.space(1.0);
        doc.table(&table);
    }
    doc.certification(
        &Certification::new()
            .signatory("Заместитель директора по УВР", "")
            .signatory("Директор", "")
            .date(DateLine::Blank)
            .stamp(),
    );
    doc.finish()
}
