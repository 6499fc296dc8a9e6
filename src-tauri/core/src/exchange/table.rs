//! Finding a format's header in a workbook, matching columns by their header text, and reading
//! the rows below it into typed records.

use super::cells::{self, fold_spaces};
use super::format::{CellKind, Format, Sex, Value};
use super::preview::CellError;
use super::sheet::{Cell, Row, Sheet, Workbook};
use crate::error::Problem;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// How many rows from the top of a sheet may hold titles before the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// A header as compared: lower case, «ё» as «е», spaces and line breaks folded, «№» followed by
/// a space, trailing punctuation and asterisks dropped.
pub fn header_key(text: &str) -> String {
    let key = cells::fold_key(&text.replace('№', "№ "));
    let key = key.split(':').map(str::trim).collect::<Vec<_>>().join(": ");
    key.trim_end_matches(|c: char| ".,:;*".contains(c) || c.is_whitespace())
        .trim_start_matches(['*', ' '])
        .to_string()
}

/// The key without remarks in brackets: «пол (м, ж)» → «пол».
fn without_brackets(key: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in key.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    header_key(&out)
}

/// A column of the file that the format does not name (for imports whose columns are open-ended,
/// such as subjects in a marks sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraColumn {
    pub index: usize,
    pub header: String,
}

#[derive(Debug, Clone)]
struct Found {
    index: usize,
    header: String,
}

/// A format located in a workbook: which sheet, which header rows, which file column holds each
/// format column, and the data rows under the header.
#[derive(Debug)]
pub struct Table<'a> {
    format: &'a Format,
    pub sheet: &'a Sheet,
    /// The header's first and last row (they differ for a two-row header).
    pub header_rows: (u32, u32),
    columns: Vec<Option<Found>>,
    extra: Vec<ExtraColumn>,
    rows: Vec<&'a Row>,
}

struct Candidate {
    sheet: usize,
    row: usize,
    two_rows: bool,
    labels: Vec<String>,
    matches: Vec<Vec<usize>>,
}

impl Candidate {
    fn score(&self, format: &Format) -> (bool, usize, bool) {
        let found = |i: usize| !self.matches[i].is_empty();
        (
            missing(format, &found).is_empty(),
            (0..format.columns.len()).filter(|&i| found(i)).count(),
            !self.two_rows,
        )
    }
}

/// Required columns neither found themselves nor covered by a found combined column.
fn missing<'f>(format: &'f Format, found: &dyn Fn(usize) -> bool) -> Vec<&'f str> {
    format
        .columns
        .iter()
        .enumerate()
        .filter(|&(i, spec)| {
            spec.required && !found(i) && !format.columns.iter().enumerate().any(|(j, other)| {
                found(j)
                    && matches!(&other.kind, CellKind::Split(parts) if parts.contains(&spec.key))
            })
        })
        .map(|(_, spec)| spec.title())
        .collect()
}

fn labels_one_row(row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| fold_spaces(&c.display()))
        .collect()
}

/// Column spans of group headers in `upper` that have sub-headers in `lower`: a horizontally
/// merged cell (when the file says so) or a filled cell followed by empty ones with sub-headers
/// below them (an .ods or CSV file, where merges are not told).
fn group_spans(sheet: &Sheet, upper: &Row, lower: &Row) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = sheet
        .merges
        .iter()
        .filter(|m| m.first_row == upper.number && m.last_row == upper.number)
        .filter(|m| m.last_col > m.first_col)
        .map(|m| (m.first_col, m.last_col))
        .collect();
    for (c, cell) in upper.cells.iter().enumerate() {
        if cell.is_blank() || lower.cell(c).is_blank() || spans.iter().any(|s| s.0 <= c && c <= s.1)
        {
            continue;
        }
        let mut end = c;
        while upper.cell(end + 1).is_blank() && !lower.cell(end + 1).is_blank() {
            end += 1;
        }
        if end > c {
            spans.push((c, end));
        }
    }
    spans
}

/// Labels of `upper` and `lower` read as a two-row header, and whether `lower` looks like
/// sub-headers (text only, and only under group headers).
fn labels_two_rows(sheet: &Sheet, upper: &Row, lower: &Row) -> (Vec<String>, bool) {
    let spans = group_spans(sheet, upper, lower);
    let in_span = |c: usize| spans.iter().find(|s| s.0 <= c && c <= s.1);
    let looks_like_subheaders = !spans.is_empty()
        && lower.cells.iter().enumerate().all(|(c, cell)| {
            cell.is_blank() || (matches!(cell, Cell::Text(_)) && in_span(c).is_some())
        });
    let width = upper.cells.len().max(lower.cells.len());
    let labels = (0..width)
        .map(|c| {
            let sub = fold_spaces(&lower.cell(c).display());
            let top = match in_span(c) {
                Some(&(start, _)) => fold_spaces(&upper.cell(start).display()),
                None => fold_spaces(&upper.cell(c).display()),
            };
            match (top.is_empty(), sub.is_empty()) {
                (false, false) => format!("{top}: {sub}"),
                (false, true) => top,
                _ => sub,
            }
        })
        .collect();
    (labels, looks_like_subheaders)
}

/// Each format column's header words as compared: the key, and the key without remarks.
type Wanted = Vec<Vec<(String, String)>>;

fn wanted(format: &Format) -> Wanted {
    format
        .columns
        .iter()
        .map(|spec| {
            spec.headers
                .iter()
                .map(|h| {
                    let key = header_key(h);
                    let bare = without_brackets(&key);
                    (key, bare)
                })
                .collect()
        })
        .collect()
}

/// For each format column, the file columns whose label names it (a file column serves the
/// first format column it names).
fn match_labels(wanted: &Wanted, labels: &[String]) -> Vec<Vec<usize>> {
    let mut matches = vec![Vec::new(); wanted.len()];
    for (c, label) in labels.iter().enumerate() {
        if label.is_empty() {
            continue;
        }
        let key = header_key(label);
        let bare = without_brackets(&key);
        if let Some(i) = wanted.iter().position(|hs| {
            hs.iter()
                .any(|(h, h_bare)| *h == key || *h == bare || *h_bare == bare)
        }) {
            matches[i].push(c);
        }
    }
    matches
}

fn candidates<'s>(format: &'s Format, book: &'s Workbook) -> impl Iterator<Item = Candidate> + 's {
    let wanted = wanted(format);
    book.sheets.iter().enumerate().flat_map(move |(s, sheet)| {
        let wanted = wanted.clone();
        let rows = &sheet.rows;
        (0..rows.len().min(HEADER_SEARCH_ROWS)).flat_map(move |r| {
            let single = labels_one_row(&rows[r]);
            let mut out = vec![Candidate {
                sheet: s,
                row: r,
                two_rows: false,
                matches: match_labels(&wanted, &single),
                labels: single,
            }];
            if let Some(lower) = rows.get(r + 1).filter(|l| l.number == rows[r].number + 1) {
                let (labels, looks) = labels_two_rows(sheet, &rows[r], lower);
                let two = Candidate {
                    sheet: s,
                    row: r,
                    two_rows: true,
                    matches: match_labels(&wanted, &labels),
                    labels,
                };
                let (one_score, two_score) = (out[0].score(format).1, two.score(format).1);
                if (looks && two_score >= one_score) || two_score > one_score {
                    out = vec![two];
                }
            }
            out
        })
    })
}

/// A row of column numbers (1, 2, 3, …) printed under a header in many Russian forms.
fn is_numbering_row(row: &Row) -> bool {
    let numbers: Vec<Option<f64>> = row
        .cells
        .iter()
        .filter(|c| !c.is_blank())
        .map(|c| match c {
            Cell::Number(n) => Some(*n),
            Cell::Text(t) => t.trim().trim_end_matches('.').parse().ok(),
            _ => None,
        })
        .collect();
    numbers.len() >= 3
        && numbers
            .iter()
            .enumerate()
            .all(|(i, n)| *n == Some(i as f64 + 1.0))
}

impl Format {
    /// Finds this format's header in the workbook (the first sheet that has every required
    /// column; titles above the header and a merged two-row header are fine) and the data rows
    /// under it. Errors: no header row, a required column missing, a column given twice.
    pub fn locate<'a>(&'a self, book: &'a Workbook) -> Result<Table<'a>, Vec<CellError>> {
        let mut best: Option<(Candidate, (bool, usize, bool))> = None;
        for c in candidates(self, book) {
            let score = c.score(self);
            if best.as_ref().is_none_or(|(_, s)| score > *s) {
                best = Some((c, score));
            }
        }
        let Some((best, _)) = best.filter(|(_, s)| s.1 > 0) else {
            let expected = self
                .columns
                .iter()
                .filter(|c| c.required)
                .map(|c| format!("«{}»", c.title()))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(vec![CellError::new(
                0,
                "",
                &Problem::NoHeaderRow { expected },
            )]);
        };
        let sheet = &book.sheets[best.sheet];
        let first = &sheet.rows[best.row];
        let last_row = if best.two_rows {
            sheet.rows[best.row + 1].number
        } else {
            first.number
        };
        let mut errors = Vec::new();
        for cols in &best.matches {
            if cols.len() > 1 {
                errors.push(CellError::new(
                    first.number,
                    best.labels[cols[1]].clone(),
                    &Problem::DuplicateColumn {
                        name: best.labels[cols[1]].clone(),
                    },
                ));
            }
        }
        for name in missing(self, &|i| !best.matches[i].is_empty()) {
            errors.push(CellError::new(
                first.number,
                name,
                &Problem::MissingColumn {
                    name: name.to_string(),
                },
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let columns = best
            .matches
            .iter()
            .map(|cols| {
                cols.first().map(|&index| Found {
                    index,
                    header: best.labels[index].clone(),
                })
            })
            .collect::<Vec<_>>();
        let extra = best
            .labels
            .iter()
            .enumerate()
            .filter(|(c, label)| !label.is_empty() && !best.matches.iter().any(|m| m.contains(c)))
            .map(|(index, header)| ExtraColumn {
                index,
                header: header.clone(),
            })
            .collect();
        let data_from = best.row + if best.two_rows { 2 } else { 1 };
        let mut rows: Vec<&Row> = sheet.rows[data_from..].iter().collect();
        if rows.first().is_some_and(|r| is_numbering_row(r)) {
            rows.remove(0);
        }
        let used: Vec<usize> = columns.iter().flatten().map(|f| f.index).collect();
        rows.retain(|r| used.iter().any(|&c| !r.cell(c).is_blank()));
        Ok(Table {
            format: self,
            sheet,
            header_rows: (first.number, last_row),
            columns,
            extra,
            rows,
        })
    }
}

impl<'a> Table<'a> {
    pub fn format(&self) -> &'a Format {
        self.format
    }

    /// Data rows (blank rows and rows empty in every column of the format are left out).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn spec_index(&self, key: &str) -> Option<usize> {
        self.format.columns.iter().position(|c| c.key == key)
    }

    /// Whether the file has the column, itself or as part of a combined name column.
    pub fn has(&self, key: &str) -> bool {
        self.column_of(key).is_some()
    }

    /// The header text, as in the file, of the column that holds `key`.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.column_of(key).map(|f| f.header.as_str())
    }

    fn column_of(&self, key: &str) -> Option<&Found> {
        if let Some(found) = self.spec_index(key).and_then(|i| self.columns[i].as_ref()) {
            return Some(found);
        }
        self.format
            .columns
            .iter()
            .zip(&self.columns)
            .find(|(spec, found)| {
                found.is_some()
                    && matches!(&spec.kind, CellKind::Split(parts) if parts.iter().any(|p| p == key))
            })
            .and_then(|(_, found)| found.as_ref())
    }

    /// Columns of the file the format does not name.
    pub fn extra_columns(&self) -> &[ExtraColumn] {
        &self.extra
    }

    /// The data rows read as records, in file order.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> + '_ {
        self.rows.iter().map(move |row| self.record(row))
    }

    /// [`Table::records`] collected, the second half of a large table read on another thread
    /// (reading the cells into typed values is a good part of checking a file).
    pub fn read_records(&self) -> Vec<Record<'_>> {
        // Fewer rows are read faster than a thread starts.
        const ON_ONE_THREAD: usize = 256;
        if self.rows.len() < ON_ONE_THREAD {
            return self.records().collect();
        }
        let (first, second) = self.rows.split_at(self.rows.len() / 2);
        let read = |rows: &[&Row]| -> Vec<Record<'_>> {
            rows.iter().map(|row| self.record(row)).collect()
        };
        std::thread::scope(|scope| {
            let later = scope.spawn(|| read(second));
            let mut records = read(first);
            match later.join() {
                Ok(rest) => records.extend(rest),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            records
        })
    }

    fn record<'t>(&'t self, row: &Row) -> Record<'t> {
        let mut rec = Record {
            row: row.number,
            table: self,
            values: BTreeMap::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        for (spec, found) in self.format.columns.iter().zip(&self.columns) {
            let Some(found) = found else { continue };
            let cell = row.cell(found.index);
            let covers_required = |parts: &[String]| {
                parts.iter().any(|p| {
                    self.spec_index(p).is_some_and(|i| {
                        self.format.columns[i].required && self.columns[i].is_none()
                    })
                })
            };
            if cell.is_blank() {
                let required = match &spec.kind {
                    CellKind::Split(parts) => spec.required || covers_required(parts),
                    _ => spec.required,
                };
                if required {
                    rec.push_error(&found.header, &Problem::EmptyCell);
                }
                continue;
            }
            match (cells::read(cell, &spec.kind), &spec.kind) {
                (Ok((value, _)), CellKind::Split(parts)) => {
                    let text = value.as_text().unwrap_or_default().to_string();
                    self.split(&mut rec, &found.header, &text, parts);
                }
                (Ok((value, warning)), _) => {
                    if let Some(w) = warning {
                        rec.warnings
                            .push(CellError::new(rec.row, found.header.clone(), &w));
                    }
                    rec.values.insert(spec.key.as_str(), value);
                }
                (Err(problem), _) => rec.push_error(&found.header, &problem),
            }
        }
        rec
    }

    /// Splits a combined name at spaces into the parts the file has no column of their own for.
    fn split<'t>(&'t self, rec: &mut Record<'t>, header: &str, text: &str, parts: &'t [String]) {
        let words: Vec<&str> = text.split(' ').collect();
        let least = parts.len().saturating_sub(1).max(1);
        if words.len() < least {
            let names = parts
                .iter()
                .map(|p| self.format.column(p).map(|c| c.title()).unwrap_or(p))
                .collect::<Vec<_>>()
                .join(" ");
            rec.push_error(
                header,
                &Problem::NamePartsMissing {
                    value: text.to_string(),
                    parts: names,
                },
            );
            return;
        }
        for (k, key) in parts.iter().enumerate() {
            let word = if k + 1 == parts.len() {
                words.get(k..).map(|w| w.join(" ")).unwrap_or_default()
            } else {
                words[k].to_string()
            };
            let direct = self
                .spec_index(key)
                .is_some_and(|i| self.columns[i].is_some());
            if word.is_empty() || direct {
                continue;
            }
            match cells::name(&word) {
                Ok((name, warning)) => {
                    if let Some(w) = warning {
                        rec.warnings.push(CellError::new(rec.row, header, &w));
                    }
                    rec.values.insert(key.as_str(), Value::Text(name));
                }
                Err(problem) => rec.push_error(header, &problem),
            }
        }
    }
}

/// One data row read by a format: typed values by key, and the problems found in its cells.
/// The import adds its own checks with [`Record::fail`] and [`Record::warn`].
#[derive(Debug)]
pub struct Record<'t> {
    /// The row number the spreadsheet program shows.
    pub row: u32,
    table: &'t Table<'t>,
    values: BTreeMap<&'t str, Value>,
    pub errors: Vec<CellError>,
    pub warnings: Vec<CellError>,
}

impl Record<'_> {
    fn push_error(&mut self, header: &str, problem: &Problem) {
        self.errors.push(CellError::new(self.row, header, problem));
    }

    /// The value of a column; `Value::Empty` when the cell is empty, unreadable or the column is
    /// not in the file.
    pub fn get(&self, key: &str) -> &Value {
        const EMPTY: &Value = &Value::Empty;
        self.values.get(key).unwrap_or(EMPTY)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).as_text()
    }

    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.get(key).as_date()
    }

    pub fn integer(&self, key: &str) -> Option<i64> {
        self.get(key).as_integer()
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        self.get(key).as_number()
    }

    pub fn sex(&self, key: &str) -> Option<Sex> {
        self.get(key).as_sex()
    }

    /// No cell of this row has an error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// Whether a cell of this column was refused (so the import need not check it further).
    pub fn has_error(&self, key: &str) -> bool {
        let header = self.table.header(key).unwrap_or_default();
        self.errors.iter().any(|e| e.column == header)
    }

    /// Adds an error of the import's own (a birth date in the future, a repeated number) at the
    /// cell of `key`.
    pub fn fail(&mut self, key: &str, problem: &Problem) {
        let header = self.table.header(key).unwrap_or_default().to_string();
        self.errors.push(CellError::new(self.row, header, problem));
    }

    /// Adds a warning at the cell of `key`.
    pub fn warn(&mut self, key: &str, problem: &Problem) {
        let header = self.table.header(key).unwrap_or_default().to_string();
        self.warnings
            .push(CellError::new(self.row, header, problem));
    }

    /// All values by key (for a generic preview table).
    pub fn values(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }
}
