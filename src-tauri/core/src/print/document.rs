//! A printed document: pages of one size, margins, a running header with the school's name,
//! page numbers, and a flow of blocks (titles, paragraphs, tables, certification blocks) that
//! break onto new pages by themselves.
//!
//! Positions are kept in millimetres from the top-left corner of the page while the document
//! is built, and turned into PDF points (from the bottom-left) only in [`Document::finish`],
//! once the number of pages is known and the fonts can be subset to the glyphs used.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    TextItem, TextMatrix,
};

use super::fonts::{self, Font};
use super::text::{Align, TextStyle, MM_PER_PT};

/// Paper sizes the school's printers take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// Page margins in millimetres. The running header and the page numbers sit inside them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

impl Margins {
    pub const fn new(top: f32, right: f32, bottom: f32, left: f32) -> Margins {
        Margins {
            top,
            right,
            bottom,
            left,
        }
    }

    pub const fn uniform(mm: f32) -> Margins {
        Margins::new(mm, mm, mm, mm)
    }
}

/// Paper, orientation and margins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub paper: Paper,
    pub orientation: Orientation,
    pub margins: Margins,
}

impl PageSetup {
    /// A4 portrait with a 20 mm left margin for binding into the archive folder.
    pub const fn a4_portrait() -> PageSetup {
        PageSetup {
            paper: Paper::A4,
            orientation: Orientation::Portrait,
            margins: Margins::new(12.0, 10.0, 12.0, 20.0),
        }
    }

    /// A4 landscape, narrow margins: ledgers need the room.
    pub const fn a4_landscape() -> PageSetup {
        PageSetup {
            paper: Paper::A4,
            orientation: Orientation::Landscape,
            margins: Margins::new(10.0, 10.0, 10.0, 12.0),
        }
    }

    pub const fn a3_landscape() -> PageSetup {
        PageSetup {
            paper: Paper::A3,
            orientation: Orientation::Landscape,
            margins: Margins::new(12.0, 12.0, 12.0, 15.0),
        }
    }

    pub const fn margins(self, margins: Margins) -> PageSetup {
        PageSetup { margins, ..self }
    }

    /// Page width and height in millimetres.
    pub fn size(&self) -> (f32, f32) {
        let (short, long) = match self.paper {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
        };
        match self.orientation {
            Orientation::Portrait => (short, long),
            Orientation::Landscape => (long, short),
        }
    }
}

/// How pages are numbered, at the foot of each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageNumbers {
    /// «Страница 2 из 5»
    #[default]
    OfTotal,
    /// «2»
    Plain,
    None,
}

/// Size of the running header and the page numbers.
const MARGINALIA: TextStyle = TextStyle::serif(9.0);
/// Height the running header or the page numbers take from the page, gap included.
const BAND: f32 = 6.0;
/// Thickness of ordinary rules, in points.
pub const THIN: f32 = 0.4;
/// Thickness of frames, in points.
pub const THICK: f32 = 0.8;

#[derive(Debug, Clone)]
enum Item {
    /// `y` is the baseline; a rotated text runs upwards from (x, y).
    Text {
        x: f32,
        y: f32,
        text: String,
        style: TextStyle,
        rotated: bool,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        thickness: f32,
    },
}

/// A document being laid out. Build it with [`Document::new`] and the setters, add blocks in
/// order, then call [`Document::finish`] for the PDF bytes.
#[derive(Debug, Clone)]
pub struct Document {
    setup: PageSetup,
    pdf_title: String,
    running_header: Option<String>,
    page_numbers: PageNumbers,
    pages: Vec<Vec<Item>>,
    /// Where the next block starts: mm from the top of the page.
    cursor: f32,
}

impl Document {
    pub fn new(setup: PageSetup) -> Document {
        let mut doc = Document {
            setup,
            pdf_title: String::new(),
            running_header: None,
            page_numbers: PageNumbers::default(),
            pages: vec![Vec::new()],
            cursor: 0.0,
        };
        doc.cursor = doc.content_top();
        doc
    }

    /// The title viewers show for the file (its metadata), not printed on the page.
    pub fn pdf_title(mut self, title: impl Into<String>) -> Document {
        self.pdf_title = title.into();
        self
    }

    /// A line printed at the top of every page, usually the school's name. Set it before
    /// adding content: it takes room from every page.
    pub fn running_header(mut self, text: impl Into<String>) -> Document {
        debug_assert!(
            self.is_empty(),
            "set the running header before adding content"
        );
        self.running_header = Some(printable(&text.into())).filter(|t| !t.trim().is_empty());
        self.cursor = self.content_top();
        self
    }

    /// Set before adding content: page numbers take room from every page.
    pub fn page_numbers(mut self, numbers: PageNumbers) -> Document {
        debug_assert!(self.is_empty(), "set page numbering before adding content");
        self.page_numbers = numbers;
        self
    }

    pub fn setup(&self) -> &PageSetup {
        &self.setup
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Left edge of the content, mm from the left of the page.
    pub fn content_left(&self) -> f32 {
        self.setup.margins.left
    }

    pub fn content_width(&self) -> f32 {
        self.setup.size().0 - self.setup.margins.left - self.setup.margins.right
    }

    fn content_top(&self) -> f32 {
        self.setup.margins.top
            + if self.running_header.is_some() {
                BAND
            } else {
                0.0
            }
    }

    fn content_bottom(&self) -> f32 {
        let band = if self.page_numbers == PageNumbers::None {
            0.0
        } else {
            BAND
        };
        self.setup.size().1 - self.setup.margins.bottom - band
    }

    /// Height of the content area of a whole page.
    pub fn page_content_height(&self) -> f32 {
        self.content_bottom() - self.content_top()
    }

    /// Room left on the current page below the cursor, in mm.
    pub fn remaining(&self) -> f32 {
        self.content_bottom() - self.cursor
    }

    /// Whether the current page has nothing on it yet.
    pub fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }

    fn is_empty(&self) -> bool {
        self.pages.len() == 1 && self.page_is_empty()
    }

    /// Start a new page; the cursor goes to its top.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.cursor = self.content_top();
    }

    /// Start a new page unless `height` mm still fit on this one (or it is empty anyway).
    pub fn ensure_space(&mut self, height: f32) {
        if height > self.remaining() + 0.01 && !self.page_is_empty() {
            self.new_page();
        }
    }

    /// Vertical gap; at the foot of a page it is dropped rather than carried over.
    pub fn space(&mut self, mm: f32) {
        self.cursor = (self.cursor + mm).min(self.content_bottom());
    }

    /// A wrapped paragraph across the content width; lines that do not fit go to the next page.
    pub fn paragraph(&mut self, text: &str, style: TextStyle, align: Align) {
        let (left, width) = (self.content_left(), self.content_width());
        for line in style.wrap(text, width) {
            self.ensure_space(style.line_height());
            let x = style.aligned_x(&line, align, left, width);
            let top = self.cursor;
            self.text_line(x, top, style.line_height(), &line, style);
            self.cursor += style.line_height();
        }
    }

    // ---- primitives for the blocks (title, table, certification) ----

    pub(crate) fn cursor(&self) -> f32 {
        self.cursor
    }

    pub(crate) fn advance_to(&mut self, y: f32) {
        self.cursor = y;
    }

    /// One line of text vertically centred (on its capitals) in the band `[top, top + height]`.
    pub(crate) fn text_line(
        &mut self,
        x: f32,
        top: f32,
        height: f32,
        text: &str,
        style: TextStyle,
    ) {
        let baseline = top + (height + style.cap_height()) / 2.0;
        self.text(x, baseline, text, style);
    }

    pub(crate) fn text(&mut self, x: f32, baseline: f32, text: &str, style: TextStyle) {
        self.push(Item::Text {
            x,
            y: baseline,
            text: printable(text),
            style,
            rotated: false,
        });
    }

    /// Text turned 90° anticlockwise, read from bottom to top, its baseline at `x`.
    pub(crate) fn rotated_text(&mut self, x: f32, bottom: f32, text: &str, style: TextStyle) {
        self.push(Item::Text {
            x,
            y: bottom,
            text: printable(text),
            style,
            rotated: true,
        });
    }

    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), thickness: f32) {
        self.push(Item::Line {
            from,
            to,
            thickness,
        });
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    /// Lay out the running header and page numbers, subset the fonts, and write the PDF.
    pub fn finish(mut self) -> Vec<u8> {
        let (page_w, page_h) = self.setup.size();
        let (left, width) = (self.content_left(), self.content_width());
        let total = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            if let Some(header) = &self.running_header {
                let style = MARGINALIA.fit_line(header, width, 6.0);
                let x = style.aligned_x(header, Align::Center, left, width);
                let baseline = self.setup.margins.top + style.cap_height();
                page.push(Item::Text {
                    x,
                    y: baseline,
                    text: header.clone(),
                    style,
                    rotated: false,
                });
            }
            let number = match self.page_numbers {
                PageNumbers::OfTotal => format!("Страница {} из {}", i + 1, total),
                PageNumbers::Plain => (i + 1).to_string(),
                PageNumbers::None => continue,
            };
            let x = MARGINALIA.aligned_x(&number, Align::Center, left, width);
            let baseline = page_h - self.setup.margins.bottom;
            page.push(Item::Text {
                x,
                y: baseline,
                text: number,
                style: MARGINALIA,
                rotated: false,
            });
        }

        let mut used: BTreeMap<Font, BTreeSet<char>> = BTreeMap::new();
        for item in self.pages.iter().flatten() {
            if let Item::Text { text, style, .. } = item {
                used.entry(style.font).or_default().extend(text.chars());
            }
        }

        let mut pdf = PdfDocument::new(&self.pdf_title);
        let now = printpdf::OffsetDateTime::now();
        pdf.metadata.info.creation_date = now;
        pdf.metadata.info.modification_date = now;
        pdf.metadata.info.metadata_date = now;
        pdf.metadata.info.creator = "Zavuch".to_string();
        let mut warnings = Vec::new();
        let font_ids: BTreeMap<Font, printpdf::FontId> = used
            .iter()
            .map(|(font, chars)| (*font, pdf.add_font(&fonts::subset(*font, chars))))
            .collect();

        let pages = std::mem::take(&mut self.pages)
            .into_iter()
            .map(|items| PdfPage::new(Mm(page_w), Mm(page_h), page_ops(items, page_h, &font_ids)))
            .collect();
        pdf.with_pages(pages);
        let opts = PdfSaveOptions {
            optimize: false,
            ..PdfSaveOptions::default()
        };
        let mut lopdf = pdf.to_lopdf_document(&opts, &mut warnings);
        for w in warnings {
            tracing::debug!("printpdf: {w:?}");
        }
        compress_streams(&mut lopdf);
        let mut bytes = Vec::new();
        if let Err(e) = lopdf.save_to(&mut bytes) {
            // Writing into memory fails only if lopdf itself is broken.
            tracing::error!("writing the PDF failed: {e}");
        }
        bytes
    }
}

/// Deflate every stream at the default level: printpdf's own `optimize` uses the best level,
/// which costs a ledger page about 2 ms more for files only about 1 % smaller.
fn compress_streams(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let Ok(compressed) = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish())
        else {
            continue;
        };
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// Control characters (a tab pasted from a spreadsheet) have no glyph: print them as spaces.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

/// The content stream of one page: rules first, then all text in one text object.
fn page_ops(items: Vec<Item>, page_h: f32, fonts: &BTreeMap<Font, printpdf::FontId>) -> Vec<Op> {
    let point = |(x, y): (f32, f32)| LinePoint {
        p: Point {
            x: pt(x),
            y: pt(page_h - y),
        },
        bezier: false,
    };
    let mut ops = Vec::with_capacity(items.len() * 2 + 2);
    let mut text_ops = Vec::with_capacity(items.len() * 2 + 2);
    text_ops.push(Op::StartTextSection);
    let mut thickness = None;
    let mut current: Option<TextStyle> = None;
    for item in items {
        match item {
            Item::Line {
                from,
                to,
                thickness: t,
            } => {
                if thickness != Some(t) {
                    ops.push(Op::SetOutlineThickness { pt: Pt(t) });
                    thickness = Some(t);
                }
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(from), point(to)],
                        is_closed: false,
                    },
                });
            }
            Item::Text {
                x,
                y,
                text,
                style,
                rotated,
            } => {
                let Some(id) = fonts.get(&style.font) else {
                    continue;
                };
                if current != Some(style) {
                    text_ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(style.size),
                    });
                    current = Some(style);
                }
                let (x, y) = (pt(x), pt(page_h - y));
                let matrix = if rotated {
                    TextMatrix::TranslateRotate(x, y, 90.0)
                } else {
                    TextMatrix::Translate(x, y)
                };
                text_ops.push(Op::SetTextMatrix { matrix });
                text_ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text)],
                });
            }
        }
    }
    text_ops.push(Op::EndTextSection);
    ops.append(&mut text_ops);
    ops
}
