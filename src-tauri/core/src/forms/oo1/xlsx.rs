//! ОО-1 as .xlsx: a sheet per table (named by its number), the title, the school and the day on
//! rows 1–3, the columns' titles and a row per indicator, figures as numbers.

use super::{Oo1, Oo1Table};
use crate::error::{CoreError, Result};
use crate::forms::ru_date;
use crate::forms::workbook::Formats;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn sheet(
    sheet: &mut Worksheet,
    form: &Oo1,
    t: &Oo1Table,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(format!("Табл. {}", t.id))?;
    let bold = Format::new().set_bold().set_font_size(13);
    sheet.write_string_with_format(0, 0, format!("{}. {}", t.id, t.title), &bold)?;
    sheet.write_string(1, 0, &form.school)?;
    sheet.write_string(
        2,
        0,
        format!(
            "{} учебный год, по состоянию на {}",
            form.year,
            ru_date(form.date)
        ),
    )?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    let top = 4;
    sheet.write_string_with_format(top, 0, "Показатель", &formats.header)?;
    sheet.set_column_width(0, 48)?;
    for (j, c) in t.columns.iter().enumerate() {
        let col = j as u16 + 1;
        sheet.write_string_with_format(top, col, c, &formats.header)?;
        sheet.set_column_width(col, 11)?;
    }
    sheet.set_row_height(top, 45)?;
    sheet.set_freeze_panes(top + 1, 1)?;
    for (i, row) in t.rows.iter().enumerate() {
        let at = top + 1 + i as u32;
        sheet.write_string_with_format(at, 0, &row.label, &formats.cell)?;
        for (j, v) in row.values.iter().enumerate() {
            sheet.write_number_with_format(at, j as u16 + 1, *v, &formats.number)?;
        }
    }
    Ok(())
}

/// The form as .xlsx bytes.
pub fn xlsx(form: &Oo1) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    for t in &form.tables {
        sheet(book.add_worksheet(), form, t, &formats).map_err(CoreError::from)?;
    }
    book.save_to_buffer().map_err(CoreError::from)
}
