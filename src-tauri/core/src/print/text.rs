//! Text measurement: the one place that knows how wide a string prints. Centring,
//! right-aligning, wrapping and shrinking-to-fit all go through [`TextStyle::width`].
//!
//! Widths come from the glyph advances of the embedded font (no kerning: the PDF is written
//! without it either, so what is measured is exactly what prints).

use super::fonts::{Family, Font};

/// Millimetres in one typographic point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// Horizontal alignment of text within its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A font and a size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub font: Font,
    pub size: f32,
}

impl TextStyle {
    pub const fn new(font: Font, size: f32) -> TextStyle {
        TextStyle { font, size }
    }

    /// Liberation Serif, regular, of `size` points.
    pub const fn serif(size: f32) -> TextStyle {
        TextStyle::new(Font::SERIF, size)
    }

    pub fn bold(self) -> TextStyle {
        TextStyle {
            font: self.font.bold(),
            ..self
        }
    }

    pub fn regular(self) -> TextStyle {
        TextStyle {
            font: self.font.regular(),
            ..self
        }
    }

    pub fn family(self, family: Family) -> TextStyle {
        TextStyle {
            font: Font {
                family,
                ..self.font
            },
            ..self
        }
    }

    pub fn sized(self, size: f32) -> TextStyle {
        TextStyle { size, ..self }
    }

    /// The font size in millimetres (one em).
    pub fn em(&self) -> f32 {
        self.size * MM_PER_PT
    }

    /// Distance between baselines of consecutive lines, in mm.
    pub fn line_height(&self) -> f32 {
        self.em() * 1.15
    }

    /// Height of capital letters, in mm: what vertical centring centres.
    pub fn cap_height(&self) -> f32 {
        self.em() * self.font.metrics().cap_height
    }

    /// Printed width of `text` on one line, in mm.
    pub fn width(&self, text: &str) -> f32 {
        let metrics = self.font.metrics();
        text.chars().map(|c| metrics.advance(c)).sum::<f32>() * self.em()
    }

    /// The x where text of this style starts so that it sits at `align` within the box
    /// `[left, left + width]`.
    pub fn aligned_x(&self, text: &str, align: Align, left: f32, width: f32) -> f32 {
        match align {
            Align::Left => left,
            Align::Center => left + (width - self.width(text)) / 2.0,
            Align::Right => left + width - self.width(text),
        }
    }

    /// Lines of `text` no wider than `max_width` mm: breaks at spaces, after hyphens inside
    /// words, and at explicit newlines; a word longer than the whole width is cut between
    /// letters (shrink the style first with [`TextStyle::fit_words`] to avoid that).
    pub fn wrap(&self, text: &str, max_width: f32) -> Vec<String> {
        // Most table cells fit as they are.
        if !text.contains('\n')
            && !text.starts_with(char::is_whitespace)
            && !text.ends_with(char::is_whitespace)
            && self.width(text) <= max_width
        {
            return vec![text.to_string()];
        }
        let space = self.width(" ");
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split_whitespace() {
                for (i, piece) in self.word_pieces(word, max_width).into_iter().enumerate() {
                    // Pieces after the first continue the word: they rejoin without a space.
                    let gap = if line.is_empty() || i > 0 { 0.0 } else { space };
                    let width = self.width(&piece);
                    if line.is_empty() || line_width + gap + width <= max_width + 1e-3 {
                        if gap > 0.0 {
                            line.push(' ');
                        }
                        line.push_str(&piece);
                        line_width += gap + width;
                    } else {
                        lines.push(std::mem::replace(&mut line, piece));
                        line_width = width;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A word split where it may break: after each hyphen, and between letters where a part
    /// is still wider than `max_width`.
    fn word_pieces(&self, word: &str, max_width: f32) -> Vec<String> {
        let mut pieces = Vec::new();
        let mut rest = word;
        while let Some(i) = rest.find('-').filter(|i| *i + 1 < rest.len() && *i > 0) {
            pieces.push(rest[..=i].to_string());
            rest = &rest[i + 1..];
        }
        pieces.push(rest.to_string());
        let mut out = Vec::new();
        for piece in pieces {
            if self.width(&piece) <= max_width {
                out.push(piece);
                continue;
            }
            let mut chunk = String::new();
            for c in piece.chars() {
                if !chunk.is_empty() && self.width(&format!("{chunk}{c}")) > max_width {
                    out.push(std::mem::take(&mut chunk));
                }
                chunk.push(c);
            }
            out.push(chunk);
        }
        out
    }

    /// The largest size, not above this one nor below `min_size`, at which `text` fits on
    /// one line of `width` mm (in steps of a quarter point). At `min_size` it may still not fit.
    pub fn fit_line(&self, text: &str, width: f32, min_size: f32) -> TextStyle {
        let natural = self.width(text);
        if natural <= width || natural <= 0.0 {
            return *self;
        }
        // Width is proportional to size; round down to a quarter point.
        let size = (self.size * width / natural * 4.0).floor() / 4.0;
        self.sized(size.max(min_size).min(self.size))
    }

    /// The largest size, not above this one nor below `min_size`, at which every word of
    /// `text` fits within `width` mm, so that wrapping never has to cut a word.
    pub fn fit_words(&self, text: &str, width: f32, min_size: f32) -> TextStyle {
        if self.width(text) <= width {
            return *self;
        }
        text.split_whitespace()
            .flat_map(|w| w.split_inclusive('-'))
            .map(|piece| self.fit_line(piece, width, min_size))
            .fold(*self, |a, b| if b.size < a.size { b } else { a })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font_metrics() {
        let style = TextStyle::serif(10.0);
        // Times New Roman metrics: «Н» is 0.722 em, a space 0.25 em.
        assert!(
            (style.width("Н") - 0.722 * style.em()).abs() < 0.01,
            "{}",
            style.width("Н")
        );
        assert!((style.width(" ") - 0.25 * style.em()).abs() < 0.01);
        assert!(style.bold().width("Математика") > style.width("Математика"));
        assert!((style.sized(20.0).width("абв") - 2.0 * style.width("абв")).abs() < 1e-4);
    }

    #[test]
    fn alignment_uses_the_measured_width() {
        let style = TextStyle::serif(10.0);
        let w = style.width("Класс 5 А");
        assert_eq!(style.aligned_x("Класс 5 А", Align::Left, 10.0, 100.0), 10.0);
        assert!(
            (style.aligned_x("Класс 5 А", Align::Right, 10.0, 100.0) - (110.0 - w)).abs() < 1e-4
        );
        assert!(
            (style.aligned_x("Класс 5 А", Align::Center, 10.0, 100.0) - (60.0 - w / 2.0)).abs()
                < 1e-4
        );
    }

    #[test]
    fn wrapping_breaks_at_spaces_then_hyphens_then_letters() {
        let style = TextStyle::serif(10.0);
        let text = "Основы безопасности и защиты Родины";
        let width = style.width("Основы безопасности");
        let lines = style.wrap(text, width);
        assert_eq!(lines, ["Основы безопасности", "и защиты Родины"]);
        assert!(lines.iter().all(|l| style.width(l) <= width));

        let lines = style.wrap("естественно-научный профиль", style.width("естественно-на"));
        assert_eq!(lines, ["естественно-", "научный", "профиль"]);

        let narrow = style.width("Иван");
        let lines = style.wrap("Константинопольский", narrow);
        assert!(lines.len() > 1 && lines.iter().all(|l| style.width(l) <= narrow));
        assert_eq!(lines.concat(), "Константинопольский");

        assert_eq!(
            style.wrap("строка 1\nстрока 2", 100.0),
            ["строка 1", "строка 2"]
        );
        assert_eq!(style.wrap("", 100.0), [""]);
    }

    #[test]
    fn shrinking_to_fit() {
        let style = TextStyle::serif(12.0);
        let text = "Муниципальное бюджетное общеобразовательное учреждение";
        let width = style.width(text) * 0.8;
        let fitted = style.fit_line(text, width, 6.0);
        assert!(fitted.size < 12.0 && fitted.width(text) <= width);
        assert!(fitted.sized(fitted.size + 0.25).width(text) > width);
        assert_eq!(style.fit_line("5 А", 100.0, 6.0).size, 12.0);
        assert_eq!(style.fit_line(text, 1.0, 6.0).size, 6.0);

        let words = style.fit_words("Изобразительное искусство", style.width("Изобразит"), 4.0);
        assert!(words.width("Изобразительное") <= style.width("Изобразит") + 1e-4);
    }
}
