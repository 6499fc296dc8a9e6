//! The blocks every form starts and ends with: the title block, and the certification block
//! (position, signature line, name, date line, «М.П.»).

use super::document::{Document, THIN};
use super::text::{Align, TextStyle};

/// A form's title, bold, and the lines under it («Учебный год 2026-2027», «Класс 5 А»),
/// centred by default. Kept together on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleBlock {
    title: String,
    lines: Vec<String>,
    title_style: TextStyle,
    line_style: TextStyle,
    align: Align,
    space_after: f32,
}

impl TitleBlock {
    /// A 14 pt bold title, 12 pt lines, centred, 4 mm of space after.
    pub fn new(title: impl Into<String>) -> TitleBlock {
        TitleBlock {
            title: title.into(),
            lines: Vec::new(),
            title_style: TextStyle::serif(14.0).bold(),
            line_style: TextStyle::serif(12.0),
            align: Align::Center,
            space_after: 4.0,
        }
    }

    pub fn line(mut self, text: impl Into<String>) -> TitleBlock {
        self.lines.push(text.into());
        self
    }

    /// Each of `texts` as a line (none for `None`: a line only some documents have).
    pub fn lines(mut self, texts: impl IntoIterator<Item = String>) -> TitleBlock {
        self.lines.extend(texts);
        self
    }

    /// Sizes of the title and of the lines, in points.
    pub fn sizes(self, title: f32, lines: f32) -> TitleBlock {
        TitleBlock {
            title_style: self.title_style.sized(title),
            line_style: self.line_style.sized(lines),
            ..self
        }
    }

    pub fn align(self, align: Align) -> TitleBlock {
        TitleBlock { align, ..self }
    }

    pub fn space_after(self, mm: f32) -> TitleBlock {
        TitleBlock {
            space_after: mm,
            ..self
        }
    }
}

/// Who signs: a position («Классный руководитель») and a name («И. И. Иванова»). An empty
/// name leaves a line to write it on.
#[derive(Debug, Clone, PartialEq)]
pub struct Signatory {
    pub position: String,
    pub name: String,
}

/// The date under the signatures.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum DateLine {
    /// «____» ________________ 20____ г., to fill in by hand.
    #[default]
    Blank,
    /// Printed as given, e.g. «20.09.2026».
    Given(String),
    None,
}

/// The certification block: a row per signatory (position, signature line with «(подпись)»
/// under it, name), then the date line and «М.П.» where the seal goes. Kept together on one
/// page.
#[derive(Debug, Clone, PartialEq)]
pub struct Certification {
    signatories: Vec<Signatory>,
    date: DateLine,
    stamp: bool,
    columns: usize,
    style: TextStyle,
    space_before: f32,
}

impl Default for Certification {
    fn default() -> Certification {
        Certification::new()
    }
}

/// Width of a signature line, mm.
const SIGNATURE: f32 = 40.0;
/// Gap between the position, the signature line and the name, mm.
const GAP: f32 = 5.0;

impl Certification {
    /// No signatories yet, a blank date line, no «М.П.», 11 pt, 6 mm of space before.
    pub fn new() -> Certification {
        Certification {
            signatories: Vec::new(),
            date: DateLine::Blank,
            stamp: false,
            columns: 1,
            style: TextStyle::serif(11.0),
            space_before: 6.0,
        }
    }

    pub fn signatory(
        mut self,
        position: impl Into<String>,
        name: impl Into<String>,
    ) -> Certification {
        self.signatories.push(Signatory {
            position: position.into(),
            name: name.into(),
        });
        self
    }

    pub fn date(self, date: DateLine) -> Certification {
        Certification { date, ..self }
    }

    /// Print «М.П.» (place of the seal) on the date line.
    pub fn stamp(self) -> Certification {
        Certification {
            stamp: true,
            ..self
        }
    }

    /// Put signatories side by side in `n` columns (landscape ledgers save height so).
    pub fn columns(self, n: usize) -> Certification {
        Certification {
            columns: n.max(1),
            ..self
        }
    }

    pub fn font_size(self, size: f32) -> Certification {
        Certification {
            style: self.style.sized(size),
            ..self
        }
    }

    pub fn space_before(self, mm: f32) -> Certification {
        Certification {
            space_before: mm,
            ..self
        }
    }

    fn caption_style(&self) -> TextStyle {
        self.style.sized((self.style.size * 0.65).max(6.0))
    }

    /// Lines of each signatory's position, wrapped in the position column.
    fn positions(&self, position_width: f32) -> Vec<Vec<String>> {
        self.signatories
            .iter()
            .map(|s| self.style.wrap(&s.position, position_width))
            .collect()
    }

    fn row_height(&self, lines: usize) -> f32 {
        // The last line of the position sits on the signature line; the caption goes under it.
        lines as f32 * self.style.line_height() + self.caption_style().line_height() + 2.0
    }

    /// Height of the block for the given width, space before included.
    pub fn height(&self, width: f32) -> f32 {
        let (_, position_width) = self.column_widths(width);
        let positions = self.positions(position_width);
        let rows: f32 = positions
            .chunks(self.columns)
            .map(|chunk| self.row_height(chunk.iter().map(Vec::len).max().unwrap_or(1)))
            .sum();
        let date = if self.date == DateLine::None && !self.stamp {
            0.0
        } else {
            self.style.line_height() + 2.0
        };
        self.space_before + rows + date
    }

    /// Width of one column of signatories, and of the position inside it.
    fn column_widths(&self, width: f32) -> (f32, f32) {
        let column = width / self.columns as f32;
        let longest = self
            .signatories
            .iter()
            .map(|s| self.style.width(&s.position))
            .fold(0.0, f32::max);
        (
            column,
            longest
                .min(column * 0.42)
                .min(column - SIGNATURE - 3.0 * GAP)
                .max(10.0),
        )
    }
}

impl Document {
    pub fn title_block(&mut self, block: &TitleBlock) {
        let width = self.content_width();
        let left = self.content_left();
        let title = block.title_style.wrap(&block.title, width);
        let lines: Vec<(String, TextStyle)> = block
            .lines
            .iter()
            .flat_map(|l| block.line_style.wrap(l, width))
            .map(|l| (l, block.line_style))
            .collect();
        let all: Vec<(String, TextStyle)> = title
            .into_iter()
            .map(|l| (l, block.title_style))
            .chain(lines)
            .filter(|(l, _)| !l.is_empty())
            .collect();
        let height: f32 = all.iter().map(|(_, s)| s.line_height()).sum::<f32>() + block.space_after;
        self.ensure_space(height);
        let mut y = self.cursor();
        for (line, style) in all {
            let x = style.aligned_x(&line, block.align, left, width);
            self.text_line(x, y, style.line_height(), &line, style);
            y += style.line_height();
        }
        self.advance_to(y);
        self.space(block.space_after);
    }

    pub fn certification(&mut self, block: &Certification) {
        let width = self.content_width();
        self.ensure_space(block.height(width));
        self.space(block.space_before);
        let left = self.content_left();
        let style = block.style;
        let caption = block.caption_style();
        let lh = style.line_height();
        let (column, position_width) = block.column_widths(width);
        let positions = block.positions(position_width);
        let signature_x = GAP + position_width;

        let mut top = self.cursor();
        for (row, chunk) in block.signatories.chunks(block.columns).enumerate() {
            let first = row * block.columns;
            let lines = positions[first..first + chunk.len()]
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1);
            let rule = top + lines as f32 * lh;
            // The signature line runs just under the baseline of the position's last line and
            // the name, as on a typed form («Директор ________ Н. В. Кириллова»).
            let signature_rule = rule - (lh - style.cap_height()) / 2.0 + 1.0;
            for (k, signatory) in chunk.iter().enumerate() {
                let x0 = left + k as f32 * column;
                // Position lines bottom-aligned on the rule.
                let own = &positions[first + k];
                for (i, line) in own.iter().enumerate() {
                    let line_top = rule - (own.len() - i) as f32 * lh;
                    self.text_line(x0, line_top, lh, line, style);
                }
                self.signature_line(
                    x0 + signature_x,
                    signature_rule,
                    SIGNATURE,
                    "(подпись)",
                    caption,
                );
                let name_x = x0 + signature_x + SIGNATURE + GAP;
                let name_width = (x0 + column - name_x - GAP).max(10.0);
                if signatory.name.trim().is_empty() {
                    self.signature_line(
                        name_x,
                        signature_rule,
                        name_width.min(50.0),
                        "(расшифровка подписи)",
                        caption,
                    );
                } else {
                    let fitted = style.fit_line(&signatory.name, name_width, style.size * 0.7);
                    self.text_line(name_x, rule - lh, lh, &signatory.name, fitted);
                }
            }
            top += block.row_height(lines);
        }

        if block.date != DateLine::None || block.stamp {
            let date_top = top + 1.0;
            let date = match &block.date {
                DateLine::Blank => "«____» ________________ 20____ г.".to_string(),
                DateLine::Given(d) => d.clone(),
                DateLine::None => String::new(),
            };
            if !date.is_empty() {
                self.text_line(left, date_top, lh, &date, style);
            }
            if block.stamp {
                let x = (left + signature_x).max(left + style.width(&date) + 2.0 * GAP);
                self.text_line(x, date_top, lh, "М.П.", style);
            }
            top = date_top + lh + 1.0;
        }
        self.advance_to(top);
    }

    /// A rule to write on at `rule`, with a small caption centred under it.
    fn signature_line(&mut self, x: f32, rule: f32, width: f32, caption: &str, style: TextStyle) {
        self.line((x, rule), (x + width, rule), THIN);
        let cx = style.aligned_x(caption, Align::Center, x, width);
        self.text(cx, rule + 0.6 + style.cap_height() + 0.4, caption, style);
    }
}
