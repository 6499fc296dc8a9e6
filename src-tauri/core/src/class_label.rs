//! A class's label: «5 А» written and read however it is typed. A leaf module (no imports of
//! classes, students or staff), so that each of them can name a class without importing another.

use crate::people;

pub const MIN_GRADE: i32 = 1;
/// Grade 12 exists in some (evening) schools.
pub const MAX_GRADE: i32 = 12;
/// A letter is short: «А», «Б»; some schools number their classes «5-1».
const MAX_LETTER_CHARS: usize = 3;

/// «5 А»; «5» without a letter; «5-1» when the «letter» is a number.
pub fn label(grade: i32, letter: &str) -> String {
    let letter = letter.trim();
    match letter.chars().next() {
        None => grade.to_string(),
        Some(c) if c.is_ascii_digit() => format!("{grade}-{letter}"),
        Some(_) => format!("{grade} {letter}"),
    }
}

/// A letter as stored: no spaces, hyphens or quotes, capitals, Latin look-alikes made Russian
/// («a» → «А»). Returns None when what is left is not a short run of letters or digits.
pub fn normalize_letter(text: &str) -> Option<String> {
    let letter: String = text
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '-' | '–' | '—' | '"' | '«' | '»' | '\'' | '/' | '.')
        })
        .flat_map(char::to_uppercase)
        .map(|c| people::look_alike(c).unwrap_or(c))
        .collect();
    let ok = letter.chars().count() <= MAX_LETTER_CHARS
        && letter
            .chars()
            .all(|c| c.is_ascii_digit() || ('\u{0400}'..='\u{04FF}').contains(&c));
    ok.then_some(letter)
}

/// Reads «5 А», «5А», «5-а», «5a», «5 "А" класс», «11Б кл.» as (grade, letter).
pub fn parse_label(text: &str) -> Option<(i32, String)> {
    let mut s = people::clean(text).to_lowercase();
    for tail in ["класс", "кл.", "кл"] {
        if let Some(rest) = s.strip_suffix(tail) {
            s = rest.trim_end().to_string();
            break;
        }
    }
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let grade: i32 = digits.parse().ok()?;
    if !(MIN_GRADE..=MAX_GRADE).contains(&grade) {
        return None;
    }
    let letter = normalize_letter(&s[digits.len()..])?;
    Some((grade, letter))
}
