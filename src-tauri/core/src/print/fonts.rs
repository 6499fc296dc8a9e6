//! The fonts printed forms use: TrueType files embedded in the binary, their metrics, and the
//! subset of each that goes into a PDF.
//!
//! Liberation Serif and Sans (SIL OFL 1.1, `assets/fonts/OFL.txt`) are metric-compatible with
//! Times New Roman and Arial, which official Russian forms assume. printpdf 0.12 subsets fonts
//! only with its heavy `text_layout` feature, so the subset is made here, with the same
//! allsorts fork printpdf already depends on, and handed to printpdf as if it were the whole
//! font: the PDF then carries only the glyphs the document uses.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::os2::Os2;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
use allsorts::tag;
use printpdf::ParsedFont;

const SERIF_REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSerif-Regular.ttf");
const SERIF_BOLD: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSerif-Bold.ttf");
const SANS_REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Regular.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Bold.ttf");

/// A typeface family. Forms use [`Family::Serif`] unless there is a reason not to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Family {
    /// Liberation Serif: Times New Roman metrics.
    #[default]
    Serif,
    /// Liberation Sans: Arial metrics.
    Sans,
}

/// One face: a family, regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Font {
    pub family: Family,
    pub bold: bool,
}

impl Font {
    pub const SERIF: Font = Font {
        family: Family::Serif,
        bold: false,
    };
    pub const SERIF_BOLD: Font = Font {
        family: Family::Serif,
        bold: true,
    };
    pub const SANS: Font = Font {
        family: Family::Sans,
        bold: false,
    };
    pub const SANS_BOLD: Font = Font {
        family: Family::Sans,
        bold: true,
    };

    /// The same family, bold.
    pub fn bold(self) -> Font {
        Font { bold: true, ..self }
    }

    /// The same family, regular.
    pub fn regular(self) -> Font {
        Font {
            bold: false,
            ..self
        }
    }

    fn index(self) -> usize {
        match (self.family, self.bold) {
            (Family::Serif, false) => 0,
            (Family::Serif, true) => 1,
            (Family::Sans, false) => 2,
            (Family::Sans, true) => 3,
        }
    }

    fn bytes(self) -> &'static [u8] {
        [SERIF_REGULAR, SERIF_BOLD, SANS_REGULAR, SANS_BOLD][self.index()]
    }

    /// The PostScript name, as the PDF names the embedded font.
    pub(crate) fn postscript_name(self) -> &'static str {
        [
            "LiberationSerif",
            "LiberationSerif-Bold",
            "LiberationSans",
            "LiberationSans-Bold",
        ][self.index()]
    }

    /// Metrics parsed once per process from the embedded file.
    pub(crate) fn metrics(self) -> &'static FontMetrics {
        static PARSED: [OnceLock<FontMetrics>; 4] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        PARSED[self.index()].get_or_init(|| {
            FontMetrics::parse(self.bytes())
                .unwrap_or_else(|| panic!("embedded font {} is unreadable", self.postscript_name()))
        })
    }
}

/// What text measurement needs from a font, in ems (font units / units per em).
#[derive(Debug)]
pub(crate) struct FontMetrics {
    /// Glyphs of U+0000..U+04FF (Latin and Cyrillic: nearly all a form prints), by code point.
    common: Vec<Option<Glyph>>,
    /// The rest («», №, dashes, …).
    other: HashMap<char, Glyph>,
    missing_advance: f32,
    /// Height of capital letters above the baseline.
    pub cap_height: f32,
}

/// Code points below this are looked up by index rather than hashed.
const COMMON: usize = 0x500;

#[derive(Debug, Clone, Copy)]
struct Glyph {
    id: u16,
    advance: f32,
}

impl FontMetrics {
    fn parse(bytes: &[u8]) -> Option<FontMetrics> {
        let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
        let provider = font.table_provider(0).ok()?;
        let table = |t: u32| provider.read_table_data(t).ok();

        let head_data = table(tag::HEAD)?;
        let head = ReadScope::new(&head_data).read::<HeadTable>().ok()?;
        let maxp_data = table(tag::MAXP)?;
        let maxp = ReadScope::new(&maxp_data).read::<MaxpTable>().ok()?;
        let hhea_data = table(tag::HHEA)?;
        let hhea = ReadScope::new(&hhea_data).read::<HheaTable>().ok()?;
        let hmtx_data = table(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .ok()?;
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().ok()?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).ok()??;

        let em = f32::from(head.units_per_em);
        let advance = |id: u16| {
            hmtx.horizontal_advance(id)
                .map(|a| f32::from(a) / em)
                .unwrap_or(0.0)
        };
        let mut common = vec![None; COMMON];
        let mut other = HashMap::new();
        subtable
            .mappings_fn(|code, id| {
                let glyph = Glyph {
                    id,
                    advance: advance(id),
                };
                match char::from_u32(code) {
                    Some(_) if (code as usize) < COMMON => common[code as usize] = Some(glyph),
                    Some(c) => {
                        other.insert(c, glyph);
                    }
                    None => {}
                }
            })
            .ok()?;

        let os2_data = table(tag::OS_2);
        let cap_height = os2_data
            .as_deref()
            .and_then(|d| ReadScope::new(d).read_dep::<Os2>(d.len()).ok())
            .and_then(|os2| os2.version2to4.map(|v| f32::from(v.s_cap_height) / em))
            .filter(|h| *h > 0.0)
            .unwrap_or(0.7);

        Some(FontMetrics {
            common,
            other,
            missing_advance: advance(0),
            cap_height,
        })
    }

    fn glyph(&self, c: char) -> Option<Glyph> {
        match self.common.get(c as usize) {
            Some(glyph) => *glyph,
            None => self.other.get(&c).copied(),
        }
    }

    /// Advance width of one character in ems; a character the font lacks prints as its
    /// "missing glyph" box and is measured as one.
    pub fn advance(&self, c: char) -> f32 {
        self.glyph(c).map_or(self.missing_advance, |g| g.advance)
    }

    fn glyph_id(&self, c: char) -> Option<u16> {
        self.glyph(c).map(|g| g.id)
    }
}

/// The font to embed for a document that prints `chars` in `font`: a program holding only
/// their glyphs, with a Unicode cmap for them, named `ABCDEF+LiberationSerif` (the tag marks a
/// subset). Falls back to the whole font, under its plain name, if subsetting fails.
pub(crate) fn subset(font: Font, chars: &BTreeSet<char>) -> ParsedFont {
    let metrics = font.metrics();
    // Glyph 0 (.notdef) first, then the used glyphs, each once.
    let used: BTreeSet<u16> = chars.iter().filter_map(|c| metrics.glyph_id(*c)).collect();
    let ids: Vec<u16> = std::iter::once(0)
        .chain(used.into_iter().filter(|id| *id != 0))
        .collect();
    let parse = |program: &[u8]| ParsedFont::from_bytes(program, 0, &mut Vec::new());
    let subset = subset_program(font.bytes(), &ids)
        .and_then(|program| parse(&program).ok_or_else(|| "unreadable subset".to_string()));
    let (mut parsed, name) = match subset {
        Ok(parsed) => (
            parsed,
            format!("{}+{}", subset_tag(&ids), font.postscript_name()),
        ),
        Err(e) => {
            tracing::warn!(
                "subsetting {} failed, embedding the whole font: {e}",
                font.postscript_name()
            );
            let whole = parse(font.bytes()).expect("the embedded fonts parse");
            (whole, font.postscript_name().to_string())
        }
    };
    parsed.font_name = Some(name);
    parsed
}

fn subset_program(bytes: &[u8], ids: &[u16]) -> Result<Vec<u8>, String> {
    let font = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = font.table_provider(0).map_err(|e| e.to_string())?;
    allsorts::subset::subset(&provider, ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())
}

/// Six capital letters derived from the glyph set, as PDF subset names require.
fn subset_tag(ids: &[u16]) -> String {
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}
