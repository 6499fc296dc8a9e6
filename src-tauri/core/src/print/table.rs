//! Tables with thin grid lines: columns with widths in mm or shares of what is left, wrapping
//! cells, vertical (rotated) headers for narrow columns, group titles over several columns'
//! headers, bold and spanning total rows, and page breaks that repeat the header.

use super::document::{Document, THICK, THIN};
use super::fonts::Family;
use super::text::{Align, TextStyle};

/// How wide a column is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// Fixed, in millimetres.
    Mm(f32),
    /// A share of the width the fixed columns leave.
    Share(f32),
}

/// A column: its header text, width, alignment of its cells, and whether its header is
/// printed turned 90° (for narrow columns such as subjects in a ledger).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    title: String,
    width: Width,
    align: Align,
    vertical: bool,
}

impl Column {
    /// A left-aligned column taking one share of the free width.
    pub fn new(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            width: Width::Share(1.0),
            align: Align::Left,
            vertical: false,
        }
    }

    pub fn mm(self, width: f32) -> Column {
        Column {
            width: Width::Mm(width),
            ..self
        }
    }

    pub fn share(self, share: f32) -> Column {
        Column {
            width: Width::Share(share),
            ..self
        }
    }

    pub fn align(self, align: Align) -> Column {
        Column { align, ..self }
    }

    pub fn center(self) -> Column {
        self.align(Align::Center)
    }

    pub fn right(self) -> Column {
        self.align(Align::Right)
    }

    /// Print the header turned 90°, read from bottom to top.
    pub fn vertical(self) -> Column {
        Column {
            vertical: true,
            ..self
        }
    }
}

/// One cell: its text, how many columns it spans, and an alignment overriding the column's.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    text: String,
    span: usize,
    align: Option<Align>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            span: 1,
            align: None,
        }
    }

    /// Let the cell take `columns` columns (at least one).
    pub fn span(self, columns: usize) -> Cell {
        Cell {
            span: columns.max(1),
            ..self
        }
    }

    pub fn align(self, align: Align) -> Cell {
        Cell {
            align: Some(align),
            ..self
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::new(text)
    }
}

impl From<&String> for Cell {
    fn from(text: &String) -> Cell {
        Cell::new(text.as_str())
    }
}

/// A row of cells. Missing cells at the end print empty; cells beyond the last column are
/// ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    cells: Vec<Cell>,
    bold: bool,
}

impl Row {
    pub fn new<C: Into<Cell>>(cells: impl IntoIterator<Item = C>) -> Row {
        Row {
            cells: cells.into_iter().map(Into::into).collect(),
            bold: false,
        }
    }

    /// Print the row in bold, as totals are.
    pub fn bold(self) -> Row {
        Row { bold: true, ..self }
    }
}

/// A title printed over the headers of several adjacent columns (a two-level header).
#[derive(Debug, Clone, PartialEq)]
struct Group {
    title: String,
    first: usize,
    count: usize,
}

/// A table. Configure with the consuming setters, add rows with [`Table::row`], then place it
/// with [`Document::table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
    groups: Vec<Group>,
    rows: Vec<Row>,
    style: TextStyle,
    header_style: TextStyle,
    min_size: f32,
    max_header_height: f32,
    one_page_reserve: Option<f32>,
}

impl Table {
    /// A table in 10 pt serif with 9 pt headers.
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            groups: Vec::new(),
            rows: Vec::new(),
            style: TextStyle::serif(10.0),
            header_style: TextStyle::serif(9.0),
            min_size: 6.0,
            max_header_height: 40.0,
            one_page_reserve: None,
        }
    }

    /// Size of the cells' text, in points.
    pub fn font_size(self, size: f32) -> Table {
        Table {
            style: self.style.sized(size),
            ..self
        }
    }

    /// Size of the header text, in points.
    pub fn header_font_size(self, size: f32) -> Table {
        Table {
            header_style: self.header_style.sized(size),
            ..self
        }
    }

    pub fn family(self, family: Family) -> Table {
        Table {
            style: self.style.family(family),
            header_style: self.header_style.family(family),
            ..self
        }
    }

    /// Print the header row in bold.
    pub fn bold_header(self) -> Table {
        Table {
            header_style: self.header_style.bold(),
            ..self
        }
    }

    /// The smallest size text is shrunk to so that a long word fits its cell (default 6 pt).
    pub fn min_font_size(self, size: f32) -> Table {
        Table {
            min_size: size,
            ..self
        }
    }

    /// The tallest the header row may grow for vertical headers (default 40 mm).
    pub fn max_header_height(self, mm: f32) -> Table {
        Table {
            max_header_height: mm,
            ..self
        }
    }

    /// Shrink the text (not below the minimum size) as far as needed for the whole table to
    /// fit on the current page with `reserve_below` mm left under it, e.g. for a certification
    /// block. If it cannot fit even so, it keeps its sizes and breaks across pages.
    pub fn keep_on_one_page(self, reserve_below: f32) -> Table {
        Table {
            one_page_reserve: Some(reserve_below),
            ..self
        }
    }

    /// Print `title` over the headers of `count` columns from `first` (counted from 0): the
    /// header gets two levels, the group's title above and its columns' own titles (horizontal
    /// or vertical) below, while the other columns' titles take the header's whole height.
    /// Columns outside the table and columns already in a group are left out of the group.
    pub fn group(self, title: impl Into<String>, first: usize, count: usize) -> Table {
        let taken = |c: usize| {
            self.groups
                .iter()
                .any(|g| (g.first..g.first + g.count).contains(&c))
        };
        let end = (first + count).min(self.columns.len());
        let count = (first..end).take_while(|c| !taken(*c)).count();
        let mut groups = self.groups;
        if count > 0 {
            groups.push(Group {
                title: title.into(),
                first,
                count,
            });
        }
        Table { groups, ..self }
    }

    pub fn row<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) -> &mut Table {
        self.push(Row::new(cells))
    }

    pub fn bold_row<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) -> &mut Table {
        self.push(Row::new(cells).bold())
    }

    pub fn push(&mut self, row: Row) -> &mut Table {
        self.rows.push(row);
        self
    }

    /// Height in mm the table takes at its own sizes when it is `width` mm wide (the content
    /// width of the page), header included: for reserving room under another table with
    /// [`Table::keep_on_one_page`].
    pub fn height(&self, width: f32) -> f32 {
        self.layout(&self.widths(width), 1.0).height()
    }

    /// Column widths in mm for a table `available` mm wide.
    fn widths(&self, available: f32) -> Vec<f32> {
        let fixed: f32 = self
            .columns
            .iter()
            .map(|c| if let Width::Mm(w) = c.width { w } else { 0.0 })
            .sum();
        let shares: f32 = self
            .columns
            .iter()
            .map(|c| {
                if let Width::Share(s) = c.width {
                    s
                } else {
                    0.0
                }
            })
            .sum();
        let free = (available - fixed).max(0.0);
        // Fixed columns wider than the page are squeezed proportionally rather than cut off.
        let squeeze = if fixed > available && fixed > 0.0 {
            available / fixed
        } else {
            1.0
        };
        self.columns
            .iter()
            .map(|c| match c.width {
                Width::Mm(w) => w * squeeze,
                Width::Share(s) if shares > 0.0 => free * s / shares,
                Width::Share(_) => 0.0,
            })
            .collect()
    }

    fn layout(&self, widths: &[f32], scale: f32) -> Layout {
        let style = self.style.sized(self.style.size * scale);
        let header_style = self.header_style.sized(self.header_style.size * scale);
        let header = self.layout_header(widths, header_style);
        let rows = self
            .rows
            .iter()
            .map(|row| {
                layout_row(
                    &row.cells,
                    row.bold,
                    widths,
                    &self.columns,
                    style,
                    self.min_size,
                )
            })
            .collect();
        let boundaries = std::iter::once(0.0)
            .chain(widths.iter().scan(0.0, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();
        Layout {
            header,
            rows,
            boundaries,
        }
    }

    /// The group a column's header is under, if any.
    fn group_of(&self, column: usize) -> Option<&Group> {
        self.groups
            .iter()
            .find(|g| (g.first..g.first + g.count).contains(&column))
    }

    /// The header: horizontal titles wrap in their columns; vertical ones get the least height
    /// at which each wraps into as many lines as fit side by side across its column, their text
    /// shrunk where even the tallest header allowed is not enough. Group titles take a band at
    /// the top over their columns, whose titles fill the height below it; the other columns'
    /// titles take the whole height.
    fn layout_header(&self, widths: &[f32], style: TextStyle) -> RowLayout {
        let cells: Vec<Cell> = self
            .columns
            .iter()
            .map(|c| Cell::new(if c.vertical { "" } else { c.title.as_str() }).align(Align::Center))
            .collect();
        let mut row = layout_row(&cells, false, widths, &self.columns, style, self.min_size);
        let band = self
            .groups
            .iter()
            .map(|g| {
                let width: f32 = widths[g.first..g.first + g.count].iter().sum();
                let inner = width - 2.0 * pad_across(style);
                let fitted = style.fit_words(&g.title, inner, self.min_size);
                let lines = fitted.wrap(&g.title, inner);
                (g, fitted, lines)
            })
            .collect::<Vec<_>>();
        let band_height = band
            .iter()
            .map(|(_, s, lines)| text_height(*s, lines.len()))
            .fold(0.0, f32::max);
        // The least heights of the titles under a group and of those taking the whole height.
        let (mut under, mut whole) = (0.0f32, 0.0f32);
        let mut vertical = Vec::new();
        for (i, cell) in row.cells.iter().enumerate() {
            let grouped = self.group_of(i).is_some();
            let limit = self.max_header_height - if grouped { band_height } else { 0.0 };
            let height = if self.columns[i].vertical {
                let (fitted, height) =
                    self.fit_vertical(&self.columns[i].title, widths[i], style, limit);
                vertical.push((i, fitted));
                height
            } else {
                text_height(cell.style, cell.lines.len().max(1))
            };
            if grouped {
                under = under.max(height);
            } else {
                whole = whole.max(height);
            }
        }
        row.height = whole.max(band_height + under);
        for (i, cell) in row.cells.iter_mut().enumerate() {
            if self.group_of(i).is_some() {
                cell.y = band_height;
            }
            cell.height = row.height - cell.y;
        }
        for (i, fitted) in vertical {
            let cell = &mut row.cells[i];
            cell.lines = fitted.wrap(
                &self.columns[i].title,
                cell.height - 2.0 * pad_along(fitted),
            );
            cell.style = fitted;
            cell.vertical = true;
        }
        for (g, fitted, lines) in band {
            row.cells.push(CellLayout {
                x: widths[..g.first].iter().sum(),
                width: widths[g.first..g.first + g.count].iter().sum(),
                y: 0.0,
                height: band_height,
                right_boundary: g.first + g.count,
                lines,
                style: fitted,
                align: Align::Center,
                vertical: false,
            });
        }
        row
    }

    /// The style and the least header height (in half millimetres, at most `highest` mm) at
    /// which a vertical title fits a column `width` mm wide.
    fn fit_vertical(
        &self,
        title: &str,
        width: f32,
        style: TextStyle,
        highest: f32,
    ) -> (TextStyle, f32) {
        let mut s = style;
        loop {
            let across = width - 2.0 * pad_along(s);
            let longest_word = title
                .split_whitespace()
                .map(|w| s.width(w))
                .fold(0.0, f32::max);
            let lowest = ((longest_word + 2.0 * pad_along(s)) * 2.0).ceil() as usize;
            let fits = |h: f32| {
                s.wrap(title, h - 2.0 * pad_along(s)).len() as f32 * line_step(s) <= across
            };
            match first_fitting(lowest.max(1), (highest * 2.0) as usize, |k| {
                fits(k as f32 / 2.0)
            })
            .map(|k| k as f32 / 2.0)
            {
                Some(h) => return (s, h),
                None if s.size - 0.25 >= self.min_size => s = s.sized(s.size - 0.25),
                None => return (s, highest),
            }
        }
    }
}

impl Document {
    /// Place a table at the cursor, breaking it across pages with its header row repeated.
    pub fn table(&mut self, table: &Table) {
        let widths = table.widths(self.content_width());
        let mut layout = table.layout(&widths, 1.0);
        if let Some(reserve) = table.one_page_reserve {
            let room = self.remaining() - reserve;
            if layout.height() > room {
                // The largest size, in steps of 2.5 %, at which the table fits.
                let steps = ((1.0 - table.min_size / table.style.size) / 0.025)
                    .floor()
                    .max(0.0) as usize;
                let scale = |k: usize| 1.0 - 0.025 * k as f32;
                if let Some(k) = first_fitting(1, steps, |k| {
                    table.layout(&widths, scale(k)).height() <= room
                }) {
                    layout = table.layout(&widths, scale(k));
                }
            }
        }

        let left = self.content_left();
        let first_row = layout.rows.first().map_or(0.0, |r| r.height);
        self.ensure_space(layout.header.height + first_row);
        let mut segment = Segment::start(self, left, &layout);
        let mut on_page = 0;
        for row in &layout.rows {
            if row.height > self.remaining() + 0.01 && on_page > 0 {
                segment.close(self, left);
                self.new_page();
                segment = Segment::start(self, left, &layout);
                on_page = 0;
            }
            on_page += 1;
            segment.place(self, left, row);
        }
        segment.close(self, left);
    }
}

/// The least `k` in `lo..=hi` for which `fits(k)` holds, by bisection: `fits` must be false up
/// to some point and true from there on.
fn first_fitting(lo: usize, hi: usize, fits: impl Fn(usize) -> bool) -> Option<usize> {
    if lo > hi || !fits(hi) {
        return None;
    }
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// Padding above and below cell text, in mm.
fn pad_along(style: TextStyle) -> f32 {
    0.05 * style.em()
}

/// Distance between the baselines of a cell's lines, in mm: a little tighter than in running
/// text, so that a one-line row is 1.2 em high (capitals centred, room for «Ё» above and «у»
/// below) and 35 students fit a landscape page.
fn line_step(style: TextStyle) -> f32 {
    1.1 * style.em()
}

/// Padding left and right of cell text, in mm.
fn pad_across(style: TextStyle) -> f32 {
    0.3 * style.em()
}

/// Height of a cell with `lines` lines of text, padding included, in mm.
fn text_height(style: TextStyle, lines: usize) -> f32 {
    lines as f32 * line_step(style) + 2.0 * pad_along(style)
}

#[derive(Debug, Clone)]
struct Layout {
    header: RowLayout,
    rows: Vec<RowLayout>,
    /// x of each column boundary, from the table's left edge: 0, then each column's right edge.
    boundaries: Vec<f32>,
}

impl Layout {
    fn height(&self) -> f32 {
        self.header.height + self.rows.iter().map(|r| r.height).sum::<f32>()
    }
}

#[derive(Debug, Clone)]
struct RowLayout {
    height: f32,
    cells: Vec<CellLayout>,
}

#[derive(Debug, Clone)]
struct CellLayout {
    /// Offset from the table's left edge and width, in mm.
    x: f32,
    width: f32,
    /// Offset from the row's top and height, in mm: the whole row but in a grouped header.
    y: f32,
    height: f32,
    /// Index of the column boundary at the cell's right edge.
    right_boundary: usize,
    lines: Vec<String>,
    style: TextStyle,
    align: Align,
    vertical: bool,
}

fn layout_row(
    cells: &[Cell],
    bold: bool,
    widths: &[f32],
    columns: &[Column],
    style: TextStyle,
    min_size: f32,
) -> RowLayout {
    let style = if bold { style.bold() } else { style };
    let mut out = Vec::new();
    let mut col = 0;
    let mut x = 0.0;
    let empty = Cell::new("");
    let mut cells = cells.iter();
    while col < widths.len() {
        let cell = cells.next().unwrap_or(&empty);
        let span = cell.span.min(widths.len() - col);
        let width: f32 = widths[col..col + span].iter().sum();
        let inner = width - 2.0 * pad_across(style);
        let fitted = style.fit_words(&cell.text, inner, min_size);
        out.push(CellLayout {
            x,
            width,
            right_boundary: col + span,
            lines: fitted.wrap(&cell.text, inner),
            style: fitted,
            align: cell.align.unwrap_or(columns[col].align),
            vertical: false,
            y: 0.0,
            height: 0.0,
        });
        x += width;
        col += span;
    }
    let height = out
        .iter()
        .map(|c| text_height(c.style, c.lines.len()))
        .fold(text_height(style, 1), f32::max);
    for cell in &mut out {
        cell.height = height;
    }
    RowLayout { height, cells: out }
}

/// The part of a table on one page: rows are drawn as they come, the vertical rules when the
/// page's part is complete.
struct Segment {
    top: f32,
    /// x of each column boundary, from the table's left edge: 0, then each column's right edge.
    boundaries: Vec<f32>,
    /// (boundary, top, bottom) of each cell's right edge so far, header included.
    edges: Vec<(usize, f32, f32)>,
}

impl Segment {
    fn start(doc: &mut Document, left: f32, layout: &Layout) -> Segment {
        let mut segment = Segment {
            top: doc.cursor(),
            boundaries: layout.boundaries.clone(),
            edges: Vec::new(),
        };
        segment.place(doc, left, &layout.header);
        segment
    }

    fn width(&self) -> f32 {
        self.boundaries.last().copied().unwrap_or(0.0)
    }

    fn place(&mut self, doc: &mut Document, left: f32, row: &RowLayout) {
        let top = doc.cursor();
        if !self.edges.is_empty() {
            doc.line((left, top), (left + self.width(), top), THIN);
        }
        for cell in &row.cells {
            draw_cell(doc, left, top, cell);
            let (cell_top, cell_bottom) = (top + cell.y, top + cell.y + cell.height);
            // A group's title is underlined over its columns only.
            if cell.y + cell.height < row.height - 0.01 {
                let x = left + cell.x;
                doc.line((x, cell_bottom), (x + cell.width, cell_bottom), THIN);
            }
            self.edges
                .push((cell.right_boundary, cell_top, cell_bottom));
        }
        doc.advance_to(top + row.height);
    }

    /// The frame, and the inner vertical rules: one line for each run of cells, one under the
    /// other, whose right edge is at that column boundary (a spanning cell interrupts it).
    fn close(self, doc: &mut Document, left: f32) {
        let (top, bottom, right) = (self.top, doc.cursor(), left + self.width());
        doc.line((left, top), (right, top), THICK);
        doc.line((left, bottom), (right, bottom), THICK);
        doc.line((left, top), (left, bottom), THICK);
        doc.line((right, top), (right, bottom), THICK);
        for boundary in 1..self.boundaries.len() - 1 {
            let x = left + self.boundaries[boundary];
            let mut edges: Vec<(f32, f32)> = self
                .edges
                .iter()
                .filter(|(b, _, _)| *b == boundary)
                .map(|(_, t, b)| (*t, *b))
                .collect();
            edges.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut run: Option<(f32, f32)> = None;
            for (t, b) in edges {
                run = match run {
                    Some((start, end)) if t <= end + 0.01 => Some((start, end.max(b))),
                    Some((start, end)) => {
                        doc.line((x, start), (x, end), THIN);
                        Some((t, b))
                    }
                    None => Some((t, b)),
                };
            }
            if let Some((t, b)) = run {
                doc.line((x, t), (x, b), THIN);
            }
        }
    }
}

fn draw_cell(doc: &mut Document, left: f32, row_top: f32, cell: &CellLayout) {
    let (top, height) = (row_top + cell.y, cell.height);
    let s = cell.style;
    let lh = line_step(s);
    if cell.vertical {
        let across = cell.lines.len() as f32 * lh;
        let first = left + cell.x + (cell.width - across) / 2.0;
        for (k, line) in cell.lines.iter().enumerate() {
            let baseline = first + k as f32 * lh + (lh + s.cap_height()) / 2.0;
            doc.rotated_text(baseline, top + height - pad_along(s), line, s);
        }
        return;
    }
    let inner_left = left + cell.x + pad_across(s);
    let inner = cell.width - 2.0 * pad_across(s);
    let block_top = top + (height - cell.lines.len() as f32 * lh) / 2.0;
    for (k, line) in cell.lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let x = s.aligned_x(line, cell.align, inner_left, inner);
        doc.text_line(x, block_top + k as f32 * lh, lh, line, s);
    }
}
