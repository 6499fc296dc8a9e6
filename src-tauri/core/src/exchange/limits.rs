//! What an import agrees to read, checked before the memory is spent, and the guard that turns
//! a reader's panic into a message. A school PC has 4–8 GB: no file may make an import take more
//! than a few hundred megabytes, a zip bomb included. The limits, with why each is what it is,
//! are in docs/reliability.md («Bad files»).

use crate::error::{BadFileProblem, CoreError, Result};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The largest file read, in megabytes: a roster of a big school as .xlsx is under 2 MB, as
/// CSV under 5 MB.
pub const MAX_FILE_MB: u64 = 50;
/// The most an .xlsx or .ods may unpack to, in megabytes, by its archive's directory (the zip
/// reader stops at each part's declared size, so the declaration binds).
pub const MAX_UNPACKED_MB: u64 = 200;
/// The most parts an .xlsx or .ods archive may hold: a workbook of 100 sheets has about 250.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// The most rows a sheet may reach (the row number of its last filled cell).
pub const MAX_ROWS: u32 = 100_000;
/// The most columns a sheet may reach.
pub const MAX_COLUMNS: u32 = 1_000;
/// The most cells the used areas (rows × columns) of all sheets of a file may hold together:
/// about 32 bytes each as read, so about 64 MB plus their text.
pub const MAX_CELLS: u64 = 2_000_000;

const MB: u64 = 1024 * 1024;

fn refused(problem: BadFileProblem) -> CoreError {
    CoreError::refused("file", problem.into())
}

/// Runs a reader over the user's file `file`; a panic inside it (calamine, zip, our own cells)
/// becomes [`BadFileProblem::Damaged`]. The panic hook (crate::panic_log) has logged the details.
pub fn guarded<T>(file: &str, reader: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(refused(BadFileProblem::Damaged {
            file: file.to_string(),
            reader: reader.to_string(),
        }))
    })
}

/// Refuses a file of `len` bytes over [`MAX_FILE_MB`].
pub fn check_size(file: &str, len: u64) -> Result<()> {
    if len <= MAX_FILE_MB * MB {
        return Ok(());
    }
    Err(refused(BadFileProblem::TooLarge {
        file: file.to_string(),
        size: len.div_ceil(MB),
        limit: MAX_FILE_MB,
    }))
}

/// Reads the archive's central directory only and refuses one of too many parts or declaring
/// more than [`MAX_UNPACKED_MB`] unpacked. An archive whose directory cannot be read is left to
/// the spreadsheet reader, which says so.
pub fn check_zip(file: &str, bytes: &[u8]) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(refused(BadFileProblem::TooManyEntries {
            file: file.to_string(),
            count: zip.len(),
            limit: MAX_ZIP_ENTRIES,
        }));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        if let Ok(part) = zip.by_index_raw(i) {
            total = total.saturating_add(part.size());
        }
    }
    if total <= MAX_UNPACKED_MB * MB {
        return Ok(());
    }
    Err(refused(BadFileProblem::UnpackedTooLarge {
        file: file.to_string(),
        size: total.div_ceil(MB),
        limit: MAX_UNPACKED_MB,
    }))
}

/// The cells of a file read so far, against the limits: each sheet's used area is told as it
/// grows, the areas of the sheets read before it are added.
pub struct Area<'a> {
    file: &'a str,
    before: u64,
}

impl<'a> Area<'a> {
    pub fn new(file: &'a str) -> Area<'a> {
        Area { file, before: 0 }
    }

    /// Refuses a sheet that reaches row `rows` and column `columns` (both counted from 1) and
    /// holds `cells` cells of its used area, with the sheets before it.
    pub fn check(&self, sheet: &str, rows: u64, columns: u64, cells: u64) -> Result<()> {
        let problem = if rows > u64::from(MAX_ROWS) {
            BadFileProblem::TooManyRows {
                file: self.file.to_string(),
                sheet: sheet.to_string(),
                rows,
                limit: MAX_ROWS,
            }
        } else if columns > u64::from(MAX_COLUMNS) {
            BadFileProblem::TooManyColumns {
                file: self.file.to_string(),
                sheet: sheet.to_string(),
                columns,
                limit: MAX_COLUMNS,
            }
        } else if self.before.saturating_add(cells) > MAX_CELLS {
            BadFileProblem::TooManyCells {
                file: self.file.to_string(),
                sheet: sheet.to_string(),
                limit: MAX_CELLS,
            }
        } else {
            return Ok(());
        };
        Err(refused(problem))
    }

    /// A sheet read in full: its `cells` count toward the next.
    pub fn add(&mut self, cells: u64) {
        self.before = self.before.saturating_add(cells);
    }
}

/// Refuses an .ods whose tables would unfold past the limits: calamine reads every table of
/// `content.xml` at open and unfolds rows and cells «repeated» N times, so a small file can ask
/// for billions of cells. Streams `content.xml` once, counting what calamine would keep (the
/// repeats up to the last filled row and column of each table).
pub fn check_ods(file: &str, bytes: &[u8]) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut area = Area::new(file);
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut table = OdsTable::default();
    let mut buf = Vec::new();
    loop {
        let (event, start) = match xml.read_event_into(&mut buf) {
            // A damaged content.xml is left to calamine, which says so.
            Err(_) | Ok(Event::Eof) => return Ok(()),
            Ok(Event::Start(e)) => (true, Some(e)),
            Ok(Event::Empty(e)) => (false, Some(e)),
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    "table:table-row" => table.end_row(),
                    "table:table" => {
                        table.check(&area)?;
                        area.add(table.cells());
                        table = OdsTable::default();
                    }
                    _ => {}
                }
                (false, None)
            }
            Ok(_) => (false, None),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" => table.name = attribute(&e, "table:name").unwrap_or_default(),
                "table:table-row" => {
                    table.start_row(repeats(&e, "table:number-rows-repeated"));
                    if !event {
                        table.end_row();
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let filled = event || attribute(&e, "office:value-type").is_some();
                    table.cell(repeats(&e, "table:number-columns-repeated"), filled);
                    table.check(&area)?;
                }
                _ => {}
            }
        }
        buf.clear();
    }
}

/// One table of an .ods as calamine would unfold it.
#[derive(Default)]
struct OdsTable {
    name: String,
    /// Rows seen, repeats unfolded.
    rows: u64,
    /// The row after the last filled one.
    filled_rows: u64,
    /// The column after the last filled one in any row.
    columns: u64,
    row_repeats: u64,
    row_columns: u64,
    row_filled: u64,
}

impl OdsTable {
    fn start_row(&mut self, repeats: u64) {
        self.row_repeats = repeats;
        self.row_columns = 0;
        self.row_filled = 0;
    }

    fn cell(&mut self, repeats: u64, filled: bool) {
        self.row_columns = self.row_columns.saturating_add(repeats);
        if filled {
            self.row_filled = self.row_columns;
            self.columns = self.columns.max(self.row_filled);
            self.filled_rows = self.rows.saturating_add(self.row_repeats);
        }
    }

    fn end_row(&mut self) {
        self.rows = self.rows.saturating_add(self.row_repeats);
    }

    fn cells(&self) -> u64 {
        self.filled_rows.saturating_mul(self.columns)
    }

    fn check(&self, area: &Area) -> Result<()> {
        area.check(&self.name, self.filled_rows, self.columns, self.cells())
    }
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    let attr = e.try_get_attribute(name).ok()??;
    Some(attr.value.into_owned())
}

/// A «repeated» count; one when absent or not a number (calamine refuses the latter).
fn repeats(e: &BytesStart, name: &str) -> u64 {
    attribute(e, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

/// The used area of a sheet calamine has read: (last row + 1, last column + 1, cells).
pub fn range_area<T: calamine::CellType>(range: &calamine::Range<T>) -> (u64, u64, u64) {
    let Some((row, column)) = range.end() else {
        return (0, 0, 0);
    };
    let (rows, columns) = range.get_size();
    (
        u64::from(row) + 1,
        u64::from(column) + 1,
        rows as u64 * columns as u64,
    )
}
