//! The district's database: a school sends the figures of its reports on a day to the
//! district's PostgreSQL ([`push`]), which keeps one snapshot per school and day and sums them
//! into consolidated tables ([`report`]). What is sent is [`figures::snapshot`]: counts by
//! class, level and school — never names, birth dates or other personal data. See
//! docs/district.md.

mod connect;
pub mod figures;
mod server;

pub use connect::{card_url, check_url, connect, connect_as, pgpass_lookup};
pub use figures::{snapshot, Snapshot};
pub use server::{
    init, push, report, status, DistrictReport, Pushed, ReportKind, ReportRow, ReportTable,
    SchoolStatus, Status, DISTRICT_TOTAL,
};

use crate::error::Result;
use crate::forms::workbook;

/// A consolidated report as .xlsx: its tables one under another, a header row each, the
/// figures as numbers (an empty cell for a rate with nobody to count).
pub fn xlsx(report: &DistrictReport) -> Result<Vec<u8>> {
    let workbook::Formats {
        header,
        cell,
        number,
    } = workbook::Formats::new();
    let line = format!("по состоянию на {}", report.date);
    let title = report.tables.first().map_or("", |t| t.title.as_str());
    workbook::book(
        "Сводная",
        [title, "Управление образования", &line],
        |sheet| {
            let mut top = 4;
            for table in &report.tables {
                sheet.write_string_with_format(top, 0, "Школа", &header)?;
                sheet.set_column_width(0, 40)?;
                for (j, c) in table.columns.iter().enumerate() {
                    sheet.write_string_with_format(top, j as u16 + 1, c, &header)?;
                    sheet.set_column_width(j as u16 + 1, 12)?;
                }
                for (i, row) in table.rows.iter().enumerate() {
                    let r = top + 1 + i as u32;
                    sheet.write_string_with_format(r, 0, &row.label, &cell)?;
                    for (j, v) in row.values.iter().enumerate() {
                        match v {
                            Some(v) => {
                                sheet.write_number_with_format(r, j as u16 + 1, *v, &number)?
                            }
                            None => sheet.write_blank(r, j as u16 + 1, &number)?,
                        };
                    }
                }
                top += table.rows.len() as u32 + 3;
            }
            Ok(())
        },
    )
}
