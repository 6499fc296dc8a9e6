//! The printing layer every printed form uses: A4/A3 pages with a running header and page
//! numbers, title blocks, tables that break across pages with their header repeated, and the
//! certification block, written as PDF with subset embedded fonts.
//!
//! ```no_run
//! use zavuch_core::print::{Certification, Column, DateLine, Document, PageSetup, Table, TitleBlock};
//!
//! let mut doc = Document::new(PageSetup::a4_portrait())
//!     .pdf_title("Список класса 5 А")
//!     .running_header("МБОУ «Средняя общеобразовательная школа № 1»");
//! doc.title_block(&TitleBlock::new("Список класса").line("Учебный год 2026-2027").line("Класс 5 А"));
//! let mut table = Table::new(vec![
//!     Column::new("№").mm(10.0).right(),
//!     Column::new("Фамилия, имя, отчество"),
//!     Column::new("Дата рождения").mm(28.0).center(),
//! ]);
//! table.row(["1", "Иванов Иван Иванович", "01.02.2015"]);
//! doc.table(&table);
//! doc.certification(&Certification::new().signatory("Директор", "А. Б. Петрова").date(DateLine::Blank).stamp());
//! let pdf: Vec<u8> = doc.finish();
//! ```
//!
//! See `docs/printed-forms.md` for how a form is written with it.

mod blocks;
mod document;
mod fonts;
mod table;
mod text;

#[cfg(test)]
pub(crate) mod samples;
#[cfg(test)]
pub(crate) mod tests;

pub use blocks::{Certification, DateLine, Signatory, TitleBlock};
pub use document::{Document, Margins, Orientation, PageNumbers, PageSetup, Paper};
pub use fonts::{Family, Font};
pub use table::{Cell, Column, Row, Table, Width};
pub use text::{Align, TextStyle, MM_PER_PT};
