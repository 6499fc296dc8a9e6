//! Reading one cell as its column's kind: the typed value, or the [`Problem`] to show.

use super::format::{CellKind, Sex, Value};
use super::sheet::Cell;
use crate::error::Problem;
use chrono::NaiveDate;

/// A value read, with a warning worth showing (a name written in Latin letters).
pub type Read = (Value, Option<Problem>);

/// Reads a non-blank cell as `kind`. A [`CellKind::Split`] cell is read as text here; the table
/// splits it into its parts.
pub fn read(cell: &Cell, kind: &CellKind) -> Result<Read, Problem> {
    // The cell as the user sees it, folded; dates and numbers are formatted only when needed.
    let shown = || match cell {
        Cell::Text(t) => fold_spaces(t),
        other => fold_spaces(&other.display()),
    };
    let value = match kind {
        CellKind::Text | CellKind::Split(_) => Value::text(shown()),
        CellKind::Name => return name(&shown()).map(|(n, w)| (Value::Text(n), w)),
        CellKind::Date => Value::Date(match cell {
            Cell::Date(d) => *d,
            Cell::Text(t) => parse_date(t)?,
            _ => return Err(Problem::NotADate { value: shown() }),
        }),
        CellKind::Sex => Value::Sex(sex(&shown())?),
        CellKind::Integer => {
            Value::Integer(integer(cell).ok_or_else(|| Problem::NotAnInteger { value: shown() })?)
        }
        CellKind::PositiveNumber => Value::Number(
            positive(cell).ok_or_else(|| Problem::NotAPositiveNumber { value: shown() })?,
        ),
        CellKind::Choice(choices) => {
            let shown = shown();
            let wanted = fold_key(&shown);
            match choices.iter().find(|c| fold_key(c) == wanted) {
                Some(c) => Value::Text(c.clone()),
                None => {
                    return Err(Problem::NotInList {
                        value: shown,
                        choices: choices
                            .iter()
                            .map(|c| format!("«{c}»"))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
            }
        }
    };
    Ok((value, None))
}

/// Trims and folds every run of spaces, tabs, non-breaking spaces and line breaks into one space.
pub fn fold_spaces(text: &str) -> String {
    let is_space = |c: char| c.is_whitespace() || c == '\u{a0}';
    let mut prev_space = true;
    let tidy = text.chars().all(|c| {
        let ok = if c == ' ' { !prev_space } else { !is_space(c) };
        prev_space = c == ' ';
        ok
    }) && !prev_space;
    if tidy || text.is_empty() {
        return text.to_string();
    }
    text.split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text compared regardless of case, spaces and «ё».
pub fn fold_key(text: &str) -> String {
    fold_spaces(text).to_lowercase().replace('ё', "е")
}

/// A date typed as text: «14.03.2015», «4.3.15», «14/03/2015», «2015-03-14», with or without
/// a time after it («14.03.2015 0:00:00») or «г.». Two-digit years 00–49 are 2000–2049,
/// 50–99 are 1950–1999.
pub fn parse_date(text: &str) -> Result<NaiveDate, Problem> {
    let shown = fold_spaces(text);
    let not_a_date = || Problem::NotADate {
        value: shown.clone(),
    };
    let mut words = shown.split(' ');
    let first = words.next().unwrap_or_default();
    let rest_ok = words.all(|w| {
        matches!(w, "г" | "г.")
            || (w.contains(':')
                && w.chars()
                    .all(|c| c.is_ascii_digit() || c == ':' || c == '.'))
    });
    if !rest_ok {
        return Err(not_a_date());
    }
    let date = first.split('T').next().unwrap_or_default();
    let date = date.trim_end_matches(['г', '.']);
    let parts: Vec<&str> = date.split(['.', '/', '-']).collect();
    let digits = |p: &&str| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(digits) {
        return Err(not_a_date());
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else {
        (parts[2], parts[1], parts[0])
    };
    if d.len() > 2 || m.len() > 2 || !(y.len() == 2 || y.len() == 4) {
        return Err(not_a_date());
    }
    let year = match (y.len(), n(y)) {
        (2, yy) if yy < 50 => 2000 + yy,
        (2, yy) => 1900 + yy,
        (_, yyyy) => yyyy,
    };
    let date = NaiveDate::from_ymd_opt(year as i32, n(m), n(d)).ok_or(Problem::NoSuchDate {
        value: shown.clone(),
    })?;
    if !(1900..=2100).contains(&year) {
        return Err(Problem::ImplausibleYear { value: shown });
    }
    Ok(date)
}

fn sex(shown: &str) -> Result<Sex, Problem> {
    let key = fold_key(shown).trim_end_matches('.').replace('m', "м");
    match key.as_str() {
        "м" | "муж" | "мужской" => Ok(Sex::Male),
        "ж" | "жен" | "женский" => Ok(Sex::Female),
        _ => Err(Problem::NotASex {
            value: shown.to_string(),
        }),
    }
}

fn digits_of(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect()
}

fn integer(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(*n as i64),
        Cell::Text(t) => digits_of(t).parse().ok(),
        _ => None,
    }
}

fn positive(cell: &Cell) -> Option<f64> {
    let n = match cell {
        Cell::Number(n) => *n,
        Cell::Text(t) => digits_of(t).parse::<f64>().ok()?,
        _ => return None,
    };
    (n.is_finite() && n > 0.0).then_some(n)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Latin letters that look like Russian ones, and the Russian letter each is taken for.
pub fn look_alike(c: char) -> Option<char> {
    const PAIRS: &[(char, char)] = &[
        ('a', 'а'),
        ('c', 'с'),
        ('e', 'е'),
        ('o', 'о'),
        ('p', 'р'),
        ('x', 'х'),
        ('y', 'у'),
        ('k', 'к'),
        ('m', 'м'),
        ('A', 'А'),
        ('B', 'В'),
        ('C', 'С'),
        ('E', 'Е'),
        ('H', 'Н'),
        ('K', 'К'),
        ('M', 'М'),
        ('O', 'О'),
        ('P', 'Р'),
        ('T', 'Т'),
        ('X', 'Х'),
        ('Y', 'У'),
    ];
    PAIRS.iter().find(|(l, _)| *l == c).map(|(_, r)| *r)
}

/// A person's name (or one part of it): trimmed and folded; letters, spaces, hyphens and
/// apostrophes only; no Latin letter among Cyrillic ones. A name wholly in Latin letters is kept
/// with a warning.
pub fn name(text: &str) -> Result<(String, Option<Problem>), Problem> {
    let value = fold_spaces(text);
    let mut cyrillic = false;
    let mut latin: Option<usize> = None;
    for (i, c) in value.chars().enumerate() {
        if is_cyrillic(c) {
            cyrillic = true;
        } else if c.is_alphabetic() {
            latin.get_or_insert(i + 1);
        } else if !matches!(c, ' ' | '-' | '‐' | '–' | '\'' | '’' | 'ʼ') {
            return Err(Problem::BadCharInName { value, ch: c });
        }
    }
    match latin {
        Some(at) if cyrillic => Err(Problem::LatinInName { value, at }),
        Some(_) => Ok((value.clone(), Some(Problem::NameInLatin { value }))),
        None => Ok((value, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::sheet::number_text;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_as_text() {
        assert_eq!(parse_date("14.03.2015"), Ok(d(2015, 3, 14)));
        assert_eq!(parse_date(" 4.3.15 "), Ok(d(2015, 3, 4)));
        assert_eq!(parse_date("04.03.85"), Ok(d(1985, 3, 4)));
        assert_eq!(parse_date("2015-03-14"), Ok(d(2015, 3, 14)));
        assert_eq!(parse_date("2015-03-14T00:00:00"), Ok(d(2015, 3, 14)));
        assert_eq!(parse_date("14/03/2015"), Ok(d(2015, 3, 14)));
        assert_eq!(parse_date("14.03.2015 0:00:00"), Ok(d(2015, 3, 14)));
        assert_eq!(parse_date("14.03.2015 г."), Ok(d(2015, 3, 14)));
        let e = parse_date("31.02.2012").unwrap_err();
        assert_eq!(e.code(), "no_such_date");
        assert_eq!(
            e.to_string(),
            "31.02.2012 — нет такой даты. Проверьте день и месяц."
        );
        assert_eq!(parse_date("32.01.2012").unwrap_err().code(), "no_such_date");
        assert_eq!(
            parse_date("14 марта 2015").unwrap_err().code(),
            "not_a_date"
        );
        assert_eq!(parse_date("14.03").unwrap_err().code(), "not_a_date");
        assert_eq!(
            parse_date("14.03.0215").unwrap_err().code(),
            "implausible_year"
        );
    }

    #[test]
    fn names_refuse_latin_look_alikes() {
        assert_eq!(name("  Ёлкина ").unwrap(), ("Ёлкина".to_string(), None));
        assert_eq!(name("Римский-Корсаков").unwrap().0, "Римский-Корсаков");
        assert_eq!(name("Рашид  оглы").unwrap().0, "Рашид оглы");
        let e = name("Иванoв").unwrap_err();
        assert_eq!(
            e,
            Problem::LatinInName {
                value: "Иванoв".into(),
                at: 5
            }
        );
        assert_eq!(
            e.to_string(),
            "«Иванoв»: на 5-м месте латинская буква «o», а не русская «о». Замените её русской."
        );
        assert_eq!(name("Иванов2").unwrap_err().code(), "bad_char_in_name");
        let (smith, warning) = name("Smith").unwrap();
        assert_eq!(smith, "Smith");
        assert_eq!(warning.unwrap().code(), "name_in_latin");
    }

    #[test]
    fn sexes_numbers_choices() {
        for s in ["м", "М", "муж", "Муж.", "МУЖСКОЙ", "M"] {
            assert_eq!(sex(s), Ok(Sex::Male), "{s}");
        }
        for s in ["ж", "Ж", "жен", "женский"] {
            assert_eq!(sex(s), Ok(Sex::Female), "{s}");
        }
        assert_eq!(sex("x").unwrap_err().code(), "not_a_sex");
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(integer(&t(" 12 ")), Some(12));
        assert_eq!(integer(&t("1 200")), Some(1200));
        assert_eq!(integer(&Cell::Number(3.0)), Some(3));
        assert_eq!(integer(&Cell::Number(3.5)), None);
        assert_eq!(integer(&t("3,5")), None);
        assert_eq!(positive(&t("0,5")), Some(0.5));
        assert_eq!(positive(&t("0")), None);
        assert_eq!(positive(&t("-1")), None);
        let e = read(&Cell::Number(3.5), &CellKind::Integer).unwrap_err();
        assert_eq!(
            e,
            Problem::NotAnInteger {
                value: "3,5".into()
            }
        );
        assert_eq!(fold_spaces(" a \n b\u{a0}c  "), "a b c");
        assert_eq!(fold_spaces("a b"), "a b");
        assert_eq!(fold_spaces(" "), "");
        let kind = CellKind::Choice(vec!["урок".into(), "контрольная работа".into()]);
        assert_eq!(
            read(&t("Контрольная  работа"), &kind).unwrap().0,
            Value::Text("контрольная работа".into())
        );
        assert_eq!(read(&t("зачёт"), &kind).unwrap_err().code(), "not_in_list");
    }

    #[test]
    fn text_keeps_leading_zeros_and_shows_numbers_plainly() {
        let (v, _) = read(&Cell::Text(" 0012 ".into()), &CellKind::Text).unwrap();
        assert_eq!(v, Value::Text("0012".into()));
        let (v, _) = read(&Cell::Number(12.0), &CellKind::Text).unwrap();
        assert_eq!(v, Value::Text("12".into()));
        let (v, _) = read(&Cell::Date(d(2015, 3, 4)), &CellKind::Text).unwrap();
        assert_eq!(v, Value::Text("04.03.2015".into()));
        assert_eq!(number_text(0.5), "0,5");
    }
}
