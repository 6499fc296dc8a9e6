//! A spreadsheet as the engine sees it: sheets of rows of plain cells, each row with the number
//! the spreadsheet program shows. Reads .xlsx, .xls, .ods (calamine) and CSV (see `csv.rs`).

use super::{csv, limits};
use crate::error::{At, BadFileProblem, CoreError, Problem, Result};
use calamine::{Data, Reader, SheetType, SheetVisible};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;

/// One cell's value, reduced to what an import needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    /// Empty, or text of spaces only.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user sees it: numbers without a needless «,0», dates as dd.mm.yyyy.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%d.%m.%Y").to_string(),
        }
    }
}

/// A number as a person would write it: «12», «0,5».
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string().replace('.', ",")
    }
}

/// A row that is not blank. `number` is 1-based as the spreadsheet program shows it: blank rows
/// are left out, but the numbers of the rows that follow them stay as they are in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: u32,
    /// Cells from column A (index 0) on; a short row simply ends early.
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }
}

/// A merged range: rows as the program shows them (1-based), columns from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub last_row: u32,
    pub first_col: usize,
    pub last_col: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
    /// Merged ranges where the file tells them at no cost (.xls). Not read from .xlsx (calamine
    /// would parse the sheet a second time) nor told by .ods and CSV: the header reader finds
    /// merged group headers by the layout and uses these only as a hint.
    pub merges: Vec<Merge>,
}

/// A whole file: its visible worksheets in order (a CSV file is one sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    pub file_name: String,
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// Reads the file at `path`; the kind is told by its content, the extension only helps.
    /// A file over the size limit is refused before it is read.
    pub fn open(path: &Path) -> Result<Workbook> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        limits::check_size(&name, std::fs::metadata(path).at(path)?.len())?;
        let bytes = std::fs::read(path).at(path)?;
        Workbook::from_bytes(&name, bytes)
    }

    /// Reads a file already in memory; `file_name` gives the extension and names the file in
    /// messages. A file past the limits is refused before it is unpacked (see `limits.rs`); a
    /// panic of the reader on a damaged file becomes an error.
    pub fn from_bytes(file_name: &str, bytes: Vec<u8>) -> Result<Workbook> {
        limits::check_size(file_name, bytes.len() as u64)?;
        if bytes.is_empty() {
            return Err(refused(
                BadFileProblem::Empty {
                    file: file_name.to_string(),
                }
                .into(),
            ));
        }
        let ext = Path::new(file_name)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let kind = Kind::of(&bytes, &ext);
        let sheets = limits::guarded(file_name, kind.reader(&ext), || {
            read(file_name, kind, &ext, bytes)
        })?;
        Ok(Workbook {
            file_name: file_name.to_string(),
            sheets,
        })
    }
}

/// The sheets of a file of `kind`.
fn read(file: &str, kind: Kind, ext: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>> {
    match kind {
        Kind::Xls => read_xls(file, bytes),
        Kind::Zip => {
            limits::check_zip(file, &bytes)?;
            if ext == "ods" {
                read_ods(file, bytes)
            } else {
                read_xlsx(file, &bytes).or_else(|e| read_ods(file, bytes).map_err(|_| e))
            }
        }
        Kind::Html => Err(refused(Problem::HtmlSpreadsheet)),
        Kind::Text => Ok(vec![csv::read(file, &bytes)?]),
        Kind::Unknown => Err(refused(Problem::UnknownFileType {
            name: file.to_string(),
        })),
    }
}

fn refused(problem: Problem) -> CoreError {
    CoreError::refused("file", problem)
}

/// The refusal of the file `file` by calamine reading it as `ext`.
fn unreadable(file: &str, ext: &str) -> impl Fn(&dyn std::fmt::Display) -> CoreError {
    let (file, reader) = (file.to_string(), format!("чтение как {ext}"));
    move |detail| {
        let problem = BadFileProblem::Unreadable {
            file: file.clone(),
            reader: reader.clone(),
            detail: detail.to_string(),
        };
        refused(problem.into())
    }
}

/// The first bytes of files a user may pick by mistake that are no table: PDF, PNG, JPEG, GIF,
/// RAR, 7-Zip (a text check would read some of them as CSV).
const NOT_TABLES: [&[u8]; 6] = [
    b"%PDF",
    b"\x89PNG",
    b"\xFF\xD8\xFF",
    b"GIF8",
    b"Rar!",
    b"7z\xBC\xAF",
];

#[derive(Clone, Copy)]
enum Kind {
    Xls,
    Zip,
    Html,
    Text,
    Unknown,
}

impl Kind {
    fn of(bytes: &[u8], ext: &str) -> Kind {
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Kind::Xls;
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Kind::Zip;
        }
        if NOT_TABLES.iter().any(|magic| bytes.starts_with(magic)) {
            return Kind::Unknown;
        }
        let head = &bytes[..bytes.len().min(512)];
        let text = String::from_utf8_lossy(head).to_lowercase();
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with("<!doctype html")
            || text.starts_with("<html")
            || text.starts_with("<table")
            || (text.starts_with('<') && matches!(ext, "xls" | "xlsx" | "ods"))
        {
            return Kind::Html;
        }
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        if utf16 || !head.contains(&0) {
            Kind::Text
        } else {
            Kind::Unknown
        }
    }

    /// The reading a panic message names («чтение .xls остановилось…»).
    fn reader(self, ext: &str) -> &'static str {
        match self {
            Kind::Xls => "чтение как .xls",
            Kind::Zip if ext == "ods" => "чтение как .ods",
            Kind::Zip => "чтение как .xlsx",
            Kind::Text => "чтение как .csv",
            Kind::Html | Kind::Unknown => "чтение",
        }
    }
}

/// Reads an .xlsx sheet by sheet, cell by cell (calamine's cell reader), refusing a sheet at
/// the first cell past the limits: calamine's whole-sheet read would first make a rectangle of
/// every cell between the first and the last filled one.
fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    let unreadable = unreadable(file, ".xlsx");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut area = limits::Area::new(file);
    let mut sheets = Vec::new();
    for name in visible_sheets(&book) {
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|e| unreadable(&e))?;
        let mut cells = Vec::new();
        let (mut first_row, mut rows, mut columns) = (u64::MAX, 0u64, 0u64);
        while let Some(c) = reader.next_cell().map_err(|e| unreadable(&e))? {
            let value = cell(&Data::from(c.get_value().clone()));
            if value.is_blank() {
                continue;
            }
            let (row, col) = c.get_position();
            first_row = first_row.min(u64::from(row));
            rows = rows.max(u64::from(row) + 1);
            columns = columns.max(u64::from(col) + 1);
            let used = (rows - first_row) * columns;
            area.check(&name, rows, columns, used)?;
            cells.push((row, col, value));
        }
        area.add(rows.saturating_sub(first_row) * columns);
        sheets.push(sparse_sheet(name, cells));
    }
    Ok(sheets)
}

/// A sheet of the filled cells (row, column, value), in any order.
fn sparse_sheet(name: String, mut cells: Vec<(u32, u32, Cell)>) -> Sheet {
    cells.sort_by_key(|&(row, col, _)| (row, col));
    let mut rows: Vec<Row> = Vec::new();
    for (row, col, value) in cells {
        if rows.last().is_none_or(|r| r.number != row + 1) {
            rows.push(Row {
                number: row + 1,
                cells: Vec::new(),
            });
        }
        let cells = &mut rows.last_mut().expect("a row was pushed").cells;
        let col = col as usize;
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = value;
    }
    Sheet {
        name,
        rows,
        merges: Vec::new(),
    }
}

fn read_xls(file: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>> {
    let unreadable = unreadable(file, ".xls");
    if let Some(workbook) = limits::check_cfb(&bytes).map_err(|e| unreadable(&e))? {
        limits::check_biff(file, &workbook)?;
    }
    let mut book: calamine::Xls<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut area = limits::Area::new(file);
    let mut sheets = Vec::new();
    for name in visible_sheets(&book) {
        let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
        checked(&mut area, &name, &range)?;
        let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        sheets.push(sheet(name, &range, &merges));
    }
    Ok(sheets)
}

/// The tables' unfolded size is checked before calamine reads them (it reads all at open).
fn read_ods(file: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>> {
    limits::check_ods(file, &bytes)?;
    let unreadable = unreadable(file, ".ods");
    let mut book: calamine::Ods<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut area = limits::Area::new(file);
    let mut sheets = Vec::new();
    for name in visible_sheets(&book) {
        let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
        checked(&mut area, &name, &range)?;
        sheets.push(sheet(name, &range, &[]));
    }
    Ok(sheets)
}

/// Refuses a sheet calamine has read past the limits, before it is copied.
fn checked(area: &mut limits::Area, name: &str, range: &calamine::Range<Data>) -> Result<()> {
    let (rows, columns, cells) = limits::range_area(range);
    area.check(name, rows, columns, cells)?;
    area.add(cells);
    Ok(())
}

fn visible_sheets<RS, R>(book: &R) -> Vec<String>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    book.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

fn sheet(name: String, range: &calamine::Range<Data>, merges: &[calamine::Dimensions]) -> Sheet {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .filter_map(|(i, cells)| {
            let mut row: Vec<Cell> = vec![Cell::Empty; col0 as usize];
            row.extend(cells.iter().map(cell));
            while row.last().is_some_and(Cell::is_blank) {
                row.pop();
            }
            (!row.is_empty()).then(|| Row {
                number: row0 + i as u32 + 1,
                cells: row,
            })
        })
        .collect();
    let merges = merges
        .iter()
        .map(|d| Merge {
            first_row: d.start.0 + 1,
            last_row: d.end.0 + 1,
            first_col: d.start.1 as usize,
            last_col: d.end.1 as usize,
        })
        .collect();
    Sheet { name, rows, merges }
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "ИСТИНА" } else { "ЛОЖЬ" }.to_string()),
        Data::DateTime(dt) if dt.is_duration() => Cell::Number(dt.as_f64()),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
                .map(Cell::Date)
                .unwrap_or(Cell::Number(dt.as_f64()))
        }
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}
