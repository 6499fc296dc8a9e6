//! What the forms' .xlsx files for the district share: one sheet, A4 landscape when printed from
//! Excel, the form's title, the school and a line about the figures on rows 1–3, and the framed
//! formats of the table under them.

use crate::error::{CoreError, Result};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// The formats of a form's table.
pub(crate) struct Formats {
    /// Column titles: bold, wrapped, centred both ways, framed.
    pub header: Format,
    /// A framed cell.
    pub cell: Format,
    /// A framed figure, centred.
    pub number: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin),
            number: cell.clone().set_align(FormatAlign::Center),
            cell,
        }
    }
}

/// What the reader must know before the figures («Выставлены не все отметки: 7 из 312»), in
/// bold on row 4 between the heading and the table; nothing when `None`.
pub(crate) fn notice(
    sheet: &mut Worksheet,
    text: Option<&str>,
) -> std::result::Result<(), XlsxError> {
    if let Some(text) = text {
        sheet.write_string_with_format(3, 0, text, &Format::new().set_bold())?;
    }
    Ok(())
}

/// The rows of a table of figures from sheet row `first`: the label in column 0, the figures
/// after it; a total's row (`total`) in bold.
pub(crate) fn figure_rows<'a>(
    sheet: &mut Worksheet,
    first: u32,
    rows: impl IntoIterator<Item = (bool, &'a str, Vec<i32>)>,
    Formats { cell, number, .. }: &Formats,
) -> std::result::Result<(), XlsxError> {
    let (total_cell, total_number) = (cell.clone().set_bold(), number.clone().set_bold());
    for (i, (total, label, figures)) in rows.into_iter().enumerate() {
        let at = first + i as u32;
        let (label_format, figure) = if total {
            (&total_cell, &total_number)
        } else {
            (cell, number)
        };
        sheet.write_string_with_format(at, 0, label, label_format)?;
        for (j, n) in figures.into_iter().enumerate() {
            sheet.write_number_with_format(at, j as u16 + 1, n as f64, figure)?;
        }
    }
    Ok(())
}

/// The bytes of a workbook of one sheet named `name`: `[title, school, line]` on rows 1–3 (the
/// title in bold), then what `body` writes.
pub(crate) fn book(
    name: &str,
    [title, school, line]: [&str; 3],
    body: impl FnOnce(&mut Worksheet) -> std::result::Result<(), XlsxError>,
) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(CoreError::from)?;
    let bold = Format::new().set_bold().set_font_size(13);
    (|| -> std::result::Result<(), XlsxError> {
        sheet.write_string_with_format(0, 0, title, &bold)?;
        sheet.write_string(1, 0, school)?;
        sheet.write_string(2, 0, line)?;
        sheet.set_paper_size(9);
        sheet.set_landscape();
        body(sheet)
    })()
    .map_err(CoreError::from)?;
    book.save_to_buffer().map_err(CoreError::from)
}
