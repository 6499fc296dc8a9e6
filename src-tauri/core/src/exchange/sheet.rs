//! A spreadsheet as the engine sees it: sheets of rows of plain cells, each row with the number
//! the spreadsheet program shows. Reads .xlsx, .xls, .ods (calamine) and CSV (see `csv.rs`).

use super::csv;
use crate::error::{At, CoreError, Problem, Result};
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
    pub fn open(path: &Path) -> Result<Workbook> {
        let bytes = std::fs::read(path).at(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Workbook::from_bytes(&name, bytes)
    }

    /// Reads a file already in memory; `file_name` gives the extension and names the file in
    /// messages.
    pub fn from_bytes(file_name: &str, bytes: Vec<u8>) -> Result<Workbook> {
        let ext = Path::new(file_name)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let sheets = match Kind::of(&bytes, &ext) {
            Kind::Xls => read_xls(bytes)?,
            Kind::Zip => {
                if ext == "ods" {
                    read_ods(bytes)?
                } else {
                    read_xlsx(bytes.clone()).or_else(|e| read_ods(bytes).map_err(|_| e))?
                }
            }
            Kind::Html => return Err(refused(Problem::HtmlSpreadsheet)),
            Kind::Text => vec![csv::read(&bytes)],
            Kind::Unknown => {
                return Err(refused(Problem::UnknownFileType {
                    name: file_name.to_string(),
                }))
            }
        };
        Ok(Workbook {
            file_name: file_name.to_string(),
            sheets,
        })
    }
}

fn refused(problem: Problem) -> CoreError {
    CoreError::refused("file", problem)
}

fn unreadable(detail: impl std::fmt::Display) -> CoreError {
    refused(Problem::UnreadableSpreadsheet {
        detail: detail.to_string(),
    })
}

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
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Sheet>> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    for name in visible_sheets(&book) {
        let range = book.worksheet_range(&name).map_err(unreadable)?;
        sheets.push(sheet(name, &range, &[]));
    }
    Ok(sheets)
}

fn read_xls(bytes: Vec<u8>) -> Result<Vec<Sheet>> {
    let mut book: calamine::Xls<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    for name in visible_sheets(&book) {
        let range = book.worksheet_range(&name).map_err(unreadable)?;
        let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        sheets.push(sheet(name, &range, &merges));
    }
    Ok(sheets)
}

fn read_ods(bytes: Vec<u8>) -> Result<Vec<Sheet>> {
    let mut book: calamine::Ods<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    for name in visible_sheets(&book) {
        let range = book.worksheet_range(&name).map_err(unreadable)?;
        sheets.push(sheet(name, &range, &[]));
    }
    Ok(sheets)
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
