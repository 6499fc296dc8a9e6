//! The spreadsheet exchange engine every import and export runs on (students, staff, thematic
//! plans, marks). It knows nothing of what the rows mean: a [`Format`] describes the columns as
//! data, and the engine
//!
//! 1. reads a file into a [`Workbook`] — .xlsx, .xls, .ods (calamine) or CSV in UTF-8 or
//!    Windows-1251 with `;`, `,` or tab — keeping the row numbers the spreadsheet program shows;
//! 2. finds the format's header ([`Format::locate`]) below any title rows, one row or a merged
//!    two-row header, matching columns by header text regardless of case, spaces, «ё», line
//!    breaks, remarks in brackets and trailing punctuation;
//! 3. reads each data row into a typed [`Record`], every problem a [`CellError`] with its row
//!    and the column's header as in the file;
//! 4. writes templates and exports in the same layout ([`Format::to_xlsx`]).
//!
//! An import adds its own checks to the records, matches them to the database and reports a
//! [`Preview`]. See docs/import-formats.md.

pub mod answers;
mod cells;
mod csv;
mod format;
pub mod import;
pub mod limits;
mod preview;
mod sheet;
mod table;
mod write;

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod malformed;
#[cfg(test)]
mod tests;

pub use cells::{
    fold_key, fold_spaces, look_alike as russian_look_alike, name as person_name, parse_date,
};
pub use format::{name_columns, CellKind, ColumnSpec, Format, Sex, Value};
pub use preview::{Cancel, CellError, Preview, Progress, RowOutcome};
pub use sheet::{Cell, Merge, Row, Sheet, Workbook};
pub use table::{header_key, ExtraColumn, Record, Table};
pub use write::OutRow;
