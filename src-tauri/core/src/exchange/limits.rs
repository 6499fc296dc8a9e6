//! What an import agrees to read, checked before the memory is spent, and the guard that turns
//! a reader's panic into a message. A school PC has 4–8 GB: no file may make an import take more
//! than a few hundred megabytes, a zip bomb included. The limits, with why each is what it is,
//! are in docs/reliability.md («Bad files»).

use crate::error::{BadFileProblem, CoreError, Result};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};
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

/// Checks the compound-file container of an .xls (or any file starting as one) with the `cfb`
/// crate, which refuses sector chains that loop or point twice into one sector: calamine's own
/// container reader follows such a chain until memory runs out. Every stream is read through
/// once, none may be longer than the file, so this takes no more memory than the file. Returns
/// the workbook stream («Workbook», or «Book» of Excel 5/95), if any.
pub fn check_cfb(bytes: &[u8]) -> std::io::Result<Option<Vec<u8>>> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))?;
    let streams: Vec<(std::path::PathBuf, u64)> = cfb
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| (e.path().to_path_buf(), e.len()))
        .collect();
    let mut workbook = None;
    for (path, len) in streams {
        if len > bytes.len() as u64 {
            return Err(std::io::Error::other(format!(
                "stream {} of {len} bytes in a file of {}",
                path.display(),
                bytes.len()
            )));
        }
        let mut content = Vec::new();
        cfb.open_stream(&path)?
            .take(len)
            .read_to_end(&mut content)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if workbook.is_none() && matches!(name, "Workbook" | "Book") {
            workbook = Some(content);
        }
    }
    Ok(workbook)
}

/// Refuses an .xls whose sheets reach past the limits, by their records: calamine reserves room
/// for the rectangle a sheet's DIMENSIONS record declares (wrapping when it is upside down) and
/// makes one of every cell between the first and the last, so both are checked before it reads.
pub fn check_biff(file: &str, workbook: &[u8]) -> Result<()> {
    let mut area = Area::new(file);
    let (mut depth, mut sheets) = (0usize, 0usize);
    let mut sheet = BiffSheet::default();
    let mut at = 0usize;
    while at + 4 <= workbook.len() {
        let typ = u16::from_le_bytes([workbook[at], workbook[at + 1]]);
        let len = u16::from_le_bytes([workbook[at + 2], workbook[at + 3]]) as usize;
        let data = &workbook[at + 4..(at + 4 + len).min(workbook.len())];
        at += 4 + len;
        match typ {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    sheets += 1;
                    sheet = BiffSheet::default();
                }
            }
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let name = format!("№{}", sheets.saturating_sub(1));
                    let (rows, columns, cells) = sheet.area();
                    area.check(&name, rows, columns, cells)?;
                    area.add(cells);
                }
            }
            0x0200 if depth == 1 => sheet.dimensions(data),
            // Cells: number, label, rich label, bool/error, RK, label of the shared strings,
            // formula, and MulRk (columns first to last).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD
                if depth == 1 && data.len() >= 4 =>
            {
                let row = u32::from(u16::from_le_bytes([data[0], data[1]]));
                let col = u32::from(u16::from_le_bytes([data[2], data[3]]));
                sheet.cell(row, col);
                if typ == 0x00BD && data.len() >= 6 {
                    let n = data.len();
                    sheet.cell(
                        row,
                        u32::from(u16::from_le_bytes([data[n - 2], data[n - 1]])),
                    );
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// What calamine would make of one .xls sheet: the room its DIMENSIONS record reserves, and the
/// rectangle of its cells.
#[derive(Default)]
struct BiffSheet {
    /// (last row + 1, last column + 1, cells) as calamine reserves them.
    declared: (u64, u64, u64),
    /// First and last row and column of the cells.
    cells: Option<(u32, u32, u32, u32)>,
}

impl BiffSheet {
    /// calamine's parse_dimensions, and the reservation after it.
    fn dimensions(&mut self, r: &[u8]) {
        let u16_at = |i: usize| u32::from(u16::from_le_bytes([r[i], r[i + 1]]));
        let u32_at = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
        let (rf, rl, mut cf, cl) = match r.len() {
            10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
            14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
            _ => return,
        };
        if 0xFF < cf || cl < cf {
            cf = 0;
        }
        if rl >= 1 && cl >= 1 {
            let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
            let columns = (cl - 1).wrapping_sub(cf).wrapping_add(1);
            let cells = u64::from(rows).saturating_mul(u64::from(columns));
            self.declared = (u64::from(rl), u64::from(cl), cells);
        }
    }

    fn cell(&mut self, row: u32, col: u32) {
        let (r0, r1, c0, c1) = self.cells.unwrap_or((row, row, col, col));
        self.cells = Some((r0.min(row), r1.max(row), c0.min(col), c1.max(col)));
    }

    /// The larger of the declared room and the cells' rectangle.
    fn area(&self) -> (u64, u64, u64) {
        let (rows, columns, cells) = self.cells.map_or((0, 0, 0), |(r0, r1, c0, c1)| {
            let cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            (u64::from(r1) + 1, u64::from(c1) + 1, cells)
        });
        let (d_rows, d_columns, d_cells) = self.declared;
        (rows.max(d_rows), columns.max(d_columns), cells.max(d_cells))
    }
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
