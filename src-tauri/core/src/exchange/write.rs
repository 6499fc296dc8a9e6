//! Writing a format to .xlsx: templates for download and exports, laid out exactly as the reader
//! reads them. The header row is bold and frozen; a column named «Группа: Подзаголовок» gets a
//! merged two-row header; dates are date cells shown dd.mm.yyyy; text columns are formatted as
//! text, so «0012» stays «0012» even when typed into the template later.

use super::format::{CellKind, ColumnSpec, Format, Value};
use super::sheet::number_text;
use crate::error::{CoreError, Result};
use crate::files::write_whole;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, ExcelDateTime, Format as XlsxFormat, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;
use std::path::Path;

/// One row to write: values by column key. Keys the format does not know are ignored.
pub type OutRow<'k> = BTreeMap<&'k str, Value>;

/// Rows of a drop-down list offered in a template's choice columns.
const VALIDATED_ROWS: u32 = 2000;

/// The sheet name Excel allows: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .take(31)
        .collect();
    let clean = clean.trim().to_string();
    if clean.is_empty() {
        "Лист1".to_string()
    } else {
        clean
    }
}

/// A header split into its group and its own part: «Приказ о зачислении: Дата».
fn header_parts(spec: &ColumnSpec) -> (Option<&str>, &str) {
    match spec.title().split_once(':') {
        Some((group, sub)) if !sub.trim().is_empty() => (Some(group.trim()), sub.trim()),
        _ => (None, spec.title()),
    }
}

fn is_text(kind: &CellKind) -> bool {
    matches!(
        kind,
        CellKind::Text | CellKind::Name | CellKind::Sex | CellKind::Choice(_) | CellKind::Split(_)
    )
}

/// The value of a column in a row; a combined name column joins its parts when the row has
/// no value of its own for it.
fn value_of<'r>(spec: &ColumnSpec, row: &'r OutRow) -> std::borrow::Cow<'r, Value> {
    use std::borrow::Cow;
    if let Some(v) = row.get(spec.key.as_str()) {
        return Cow::Borrowed(v);
    }
    match &spec.kind {
        CellKind::Split(parts) => {
            let joined = parts
                .iter()
                .filter_map(|p| row.get(p.as_str()).and_then(Value::as_text))
                .collect::<Vec<_>>()
                .join(" ");
            Cow::Owned(Value::text(joined))
        }
        _ => Cow::Owned(Value::Empty),
    }
}

fn shown_len(value: &Value) -> usize {
    match value {
        Value::Empty => 0,
        Value::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Value::Integer(i) => i.to_string().len(),
        Value::Number(n) => number_text(*n).chars().count(),
        Value::Date(_) => 10,
        Value::Sex(_) => 1,
    }
}

impl Format {
    /// The empty template the user downloads: the header only.
    pub fn template_xlsx(&self) -> Result<Vec<u8>> {
        self.to_xlsx(None, &[])
    }

    /// The rows as an .xlsx file in this format's layout; `title` is written above the header.
    pub fn to_xlsx(&self, title: Option<&str>, rows: &[OutRow]) -> Result<Vec<u8>> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        self.fill(sheet, title, rows).map_err(CoreError::from)?;
        book.save_to_buffer().map_err(CoreError::from)
    }

    /// [`Format::template_xlsx`] saved to `path`, whole or not at all.
    pub fn save_template(&self, path: &Path) -> Result<()> {
        write_whole(path, &self.template_xlsx()?)
    }

    /// [`Format::to_xlsx`] saved to `path`, whole or not at all.
    pub fn save_xlsx(&self, path: &Path, title: Option<&str>, rows: &[OutRow]) -> Result<()> {
        write_whole(path, &self.to_xlsx(title, rows)?)
    }

    fn fill(
        &self,
        sheet: &mut Worksheet,
        title: Option<&str>,
        rows: &[OutRow],
    ) -> std::result::Result<(), XlsxError> {
        sheet.set_name(sheet_name(&self.name))?;
        let header = XlsxFormat::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        let text = XlsxFormat::new().set_num_format("@");
        let date = XlsxFormat::new().set_num_format("dd.mm.yyyy");
        let plain = XlsxFormat::new();

        let mut top: u32 = 0;
        if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
            sheet.write_string_with_format(
                0,
                0,
                title,
                &XlsxFormat::new().set_bold().set_font_size(13),
            )?;
            top = 2;
        }
        let columns = self.written_columns();
        let two_rows = columns.iter().any(|c| header_parts(c).0.is_some());
        let first_data = top + if two_rows { 2 } else { 1 };

        // The header.
        let mut j = 0;
        while j < columns.len() {
            let col = j as u16;
            match header_parts(columns[j]) {
                (Some(group), _) => {
                    let mut end = j;
                    while end + 1 < columns.len() && header_parts(columns[end + 1]).0 == Some(group)
                    {
                        end += 1;
                    }
                    if end > j {
                        sheet.merge_range(top, col, top, end as u16, group, &header)?;
                    } else {
                        sheet.write_string_with_format(top, col, group, &header)?;
                    }
                    for (k, spec) in columns.iter().enumerate().take(end + 1).skip(j) {
                        sheet.write_string_with_format(
                            top + 1,
                            k as u16,
                            header_parts(spec).1,
                            &header,
                        )?;
                    }
                    j = end + 1;
                }
                (None, name) => {
                    if two_rows {
                        sheet.merge_range(top, col, top + 1, col, name, &header)?;
                    } else {
                        sheet.write_string_with_format(top, col, name, &header)?;
                    }
                    j += 1;
                }
            }
        }
        sheet.set_freeze_panes(first_data, 0)?;

        // Column formats, widths and drop-down lists.
        for (j, spec) in columns.iter().enumerate() {
            let col = j as u16;
            let header_len = header_parts(spec).1.chars().count().min(30);
            let data_len = rows
                .iter()
                .map(|r| shown_len(&value_of(spec, r)))
                .max()
                .unwrap_or(0);
            let least = if spec.kind == CellKind::Date { 11 } else { 6 };
            let width = (header_len.max(data_len) + 2).clamp(least, 50);
            sheet.set_column_width(col, width as f64)?;
            match &spec.kind {
                CellKind::Date => {
                    sheet.set_column_format(col, &date)?;
                }
                kind if is_text(kind) => {
                    sheet.set_column_format(col, &text)?;
                }
                _ => {}
            }
            if let CellKind::Choice(choices) = &spec.kind {
                // A list longer than Excel allows (255 characters) is simply not offered.
                if let Ok(list) = DataValidation::new().allow_list_strings(choices) {
                    let list = list.set_error_style(DataValidationErrorStyle::Warning);
                    sheet.add_data_validation(
                        first_data,
                        col,
                        first_data + VALIDATED_ROWS,
                        col,
                        &list,
                    )?;
                }
            }
        }

        // The rows.
        for (i, row) in rows.iter().enumerate() {
            let r = first_data + i as u32;
            for (j, spec) in columns.iter().enumerate() {
                let col = j as u16;
                match value_of(spec, row).as_ref() {
                    Value::Empty => {}
                    Value::Text(s) => {
                        sheet.write_string_with_format(r, col, s, &text)?;
                    }
                    Value::Sex(s) => {
                        sheet.write_string_with_format(r, col, s.letter(), &text)?;
                    }
                    Value::Integer(n) => {
                        sheet.write_number_with_format(r, col, *n as f64, &plain)?;
                    }
                    Value::Number(n) => {
                        sheet.write_number_with_format(r, col, *n, &plain)?;
                    }
                    Value::Date(d) => {
                        use chrono::Datelike;
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(r, col, dt, &date)?;
                    }
                }
            }
        }
        Ok(())
    }
}
