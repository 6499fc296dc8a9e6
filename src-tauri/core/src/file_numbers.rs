//! The school's numbering of personal files (№ личного дела): the number a new student gets
//! when the roster gives none. By default the alphabet book's letter and number («В/13»: the
//! surname's first letter and the next number among that letter's numbers); a school may set
//! its own pattern once in the school card.
//!
//! A pattern is text with placeholders in braces, written as it is around them:
//! - `{буква}` — the surname's first letter, a capital («Ё» is filed under «Е», as the book does);
//! - `{год}` — the year the academic year begins («2026» for 2026-2027);
//! - `{n}` — the number, exactly once: one more than the largest number of the same pattern with
//!   the same letter and year among the school's numbers; `{n:3}` pads it with zeros («007»).
//!
//! Numbers are compared as the card compares them (`people::code_key`: case, spaces, «ё», Latin
//! look-alikes), so «в/13» typed by hand counts for «В». A number someone typed is never
//! changed: the numbering only picks numbers nobody has.

use crate::error::Problem;
use crate::people;
use std::collections::{HashMap, HashSet};

/// The alphabet book's numbering, used while the school card sets no pattern.
pub const DEFAULT_PATTERN: &str = "{буква}/{n}";

/// The longest pattern the card takes.
const MAX_PATTERN_CHARS: usize = 40;
/// The widest zero padding of `{n:W}`.
const MAX_WIDTH: usize = 9;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Text written as it is; kept also as its key, which is what existing numbers are read by.
    Text {
        text: String,
        key: String,
    },
    Letter,
    Year,
    Number {
        width: usize,
    },
}

/// A numbering pattern, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    parts: Vec<Part>,
}

/// What a number of the pattern tells besides its number: the letter (as a key) and the year,
/// where the pattern has them. New numbers continue the sequence of their context.
type Context = (Option<char>, Option<i32>);

impl Pattern {
    /// Reads a pattern as the school card holds it; empty is [`DEFAULT_PATTERN`].
    pub fn parse(text: &str) -> Result<Pattern, Problem> {
        let text = text.trim();
        let text = if text.is_empty() {
            DEFAULT_PATTERN
        } else {
            text
        };
        let bad = |detail: String| Problem::FileNumberPattern { detail };
        if text.chars().count() > MAX_PATTERN_CHARS {
            return Err(bad(format!("не длиннее {MAX_PATTERN_CHARS} знаков")));
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '{' => {
                    let mut name = String::new();
                    let closed = loop {
                        match chars.next() {
                            Some('}') => break true,
                            Some('{') | None => break false,
                            Some(c) => name.push(c),
                        }
                    };
                    if !closed {
                        return Err(bad("скобка «{» не закрыта".into()));
                    }
                    push_text(&mut parts, &mut literal);
                    parts.push(placeholder(&name).ok_or_else(|| {
                        bad(format!(
                            "непонятная часть «{{{name}}}»: можно {{буква}}, {{год}}, {{n}} или {{n:3}}"
                        ))
                    })?);
                }
                '}' => return Err(bad("лишняя скобка «}»".into())),
                c => literal.push(c),
            }
        }
        push_text(&mut parts, &mut literal);
        match parts
            .iter()
            .filter(|p| matches!(p, Part::Number { .. }))
            .count()
        {
            0 => Err(bad("нет места для номера — {n}".into())),
            1 => Ok(Pattern { parts }),
            _ => Err(bad("номер {n} — только один раз".into())),
        }
    }

    /// The number of the pattern for a student with this surname in the year beginning in
    /// `year`, with the sequence number `n`.
    fn write(&self, letter: char, year: i32, n: u64) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text { text, .. } => out.push_str(text),
                Part::Letter => out.push(letter),
                Part::Year => out.push_str(&year.to_string()),
                Part::Number { width } => out.push_str(&format!("{n:0width$}")),
            }
        }
        out
    }

    /// The context and number of an existing number's key, when it is a number of the pattern.
    fn read(&self, key: &str) -> Option<(Context, u64)> {
        let chars: Vec<char> = key.chars().collect();
        let mut found = Found::default();
        read_parts(&self.parts, &chars, &mut found)
            .then_some(((found.letter, found.year), found.n?))
    }

    /// The context of a new student's number: the surname's letter key and the year, where the
    /// pattern has them.
    fn context(&self, letter: char, year: i32) -> Context {
        let has = |p: &Part| self.parts.contains(p);
        (
            has(&Part::Letter).then(|| letter_key(letter)),
            has(&Part::Year).then_some(year),
        )
    }
}

fn push_text(parts: &mut Vec<Part>, literal: &mut String) {
    if !literal.is_empty() {
        let text = std::mem::take(literal);
        parts.push(Part::Text {
            key: people::code_key(&text),
            text,
        });
    }
}

fn placeholder(name: &str) -> Option<Part> {
    let name = name.trim().to_lowercase();
    match name.as_str() {
        "буква" => Some(Part::Letter),
        "год" => Some(Part::Year),
        "n" => Some(Part::Number { width: 1 }),
        _ => {
            let width: usize = name.strip_prefix("n:")?.trim().parse().ok()?;
            (1..=MAX_WIDTH)
                .contains(&width)
                .then_some(Part::Number { width })
        }
    }
}

/// The key of a letter as numbers are compared (`people::code_key`).
fn letter_key(c: char) -> char {
    people::code_key(&c.to_string()).chars().next().unwrap_or(c)
}

#[derive(Default, Clone)]
struct Found {
    letter: Option<char>,
    year: Option<i32>,
    n: Option<u64>,
}

/// Matches `parts` against the whole of `s` (a key), filling `found`. The number takes any run
/// of digits, so the parts after it are tried with each length (a number right before the year).
fn read_parts(parts: &[Part], s: &[char], found: &mut Found) -> bool {
    let Some((part, rest)) = parts.split_first() else {
        return s.is_empty();
    };
    match part {
        Part::Text { key, .. } => {
            let key: Vec<char> = key.chars().collect();
            s.starts_with(&key) && read_parts(rest, &s[key.len()..], found)
        }
        Part::Letter => match s.split_first() {
            Some((&c, tail)) if c.is_alphabetic() => {
                found.letter = Some(c);
                read_parts(rest, tail, found)
            }
            _ => false,
        },
        Part::Year => {
            let digits: String = s.iter().take(4).filter(|c| c.is_ascii_digit()).collect();
            if digits.len() < 4 {
                return false;
            }
            found.year = digits.parse().ok();
            read_parts(rest, &s[4..], found)
        }
        Part::Number { .. } => {
            let run = s.iter().take_while(|c| c.is_ascii_digit()).count();
            (1..=run).rev().any(|len| {
                let Ok(n) = s[..len].iter().collect::<String>().parse::<u64>() else {
                    return false;
                };
                let mut tried = found.clone();
                tried.n = Some(n);
                let ok = read_parts(rest, &s[len..], &mut tried);
                if ok {
                    *found = tried;
                }
                ok
            })
        }
    }
}

/// The numbers an import gives new students, one after another: it knows every number already
/// taken (the school's and those typed in the file) and continues each letter's sequence.
#[derive(Debug)]
pub struct Numbering {
    pattern: Pattern,
    year: i32,
    /// The largest number of each context.
    last: HashMap<Context, u64>,
    /// The keys of every number taken.
    taken: HashSet<String>,
    /// The last number given, to take back: (its context, the largest before it, its key).
    given: Option<(Context, Option<u64>, String)>,
}

impl Numbering {
    /// A numbering by `pattern` for students enrolled in the academic year beginning in `year`.
    pub fn new(pattern: Pattern, year: i32) -> Numbering {
        Numbering {
            pattern,
            year,
            last: HashMap::new(),
            taken: HashSet::new(),
            given: None,
        }
    }

    /// Counts a number someone has (its key, `people::code_key`): never given, and the
    /// sequence of its letter goes on after it.
    pub fn note(&mut self, key: &str) {
        if key.is_empty() {
            return;
        }
        if let Some((context, n)) = self.pattern.read(key) {
            let last = self.last.entry(context).or_default();
            *last = (*last).max(n);
        }
        self.taken.insert(key.to_string());
    }

    /// The next number for a new student with this surname.
    pub fn next(&mut self, last_name: &str) -> String {
        let letter = first_letter(last_name);
        let context = self.pattern.context(letter, self.year);
        let before = self.last.get(&context).copied();
        let mut n = before.unwrap_or(0) + 1;
        let mut number = self.pattern.write(letter, self.year, n);
        // A number written otherwise («В/013» beside «В/13») is not in the sequence: skipped.
        while self.taken.contains(&people::code_key(&number)) {
            n += 1;
            number = self.pattern.write(letter, self.year, n);
        }
        let key = people::code_key(&number);
        self.last.insert(context, n);
        self.taken.insert(key.clone());
        self.given = Some((context, before, key));
        number
    }

    /// Takes back the number [`next`](Self::next) gave last (its student is not imported after
    /// all), so that the next student gets it and the sequence has no gap.
    pub fn take_back(&mut self) {
        if let Some((context, before, key)) = self.given.take() {
            match before {
                Some(n) => self.last.insert(context, n),
                None => self.last.remove(&context),
            };
            self.taken.remove(&key);
        }
    }
}

/// The surname's first letter as the alphabet book files it: a capital, «Ё» as «Е».
fn first_letter(last_name: &str) -> char {
    let c = people::clean(last_name)
        .chars()
        .find(|c| c.is_alphabetic())
        .unwrap_or('?');
    match c.to_uppercase().next().unwrap_or(c) {
        'Ё' => 'Е',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbering(pattern: &str, existing: &[&str]) -> Numbering {
        let mut n = Numbering::new(Pattern::parse(pattern).unwrap(), 2026);
        for number in existing {
            n.note(&people::code_key(number));
        }
        n
    }

    fn problem(pattern: &str) -> String {
        match Pattern::parse(pattern) {
            Err(p) => {
                assert_eq!(p.code(), "file_number_pattern");
                p.to_string()
            }
            Ok(p) => panic!("{pattern:?} read as {p:?}"),
        }
    }

    #[test]
    fn the_default_is_the_alphabet_books_letter_and_number() {
        let mut n = numbering(
            "",
            &["В/12", "в/13", "В/2", "А/7", "12р", "0012", "Е/4", "ё/5"],
        );
        assert_eq!(
            n.next("Васильев"),
            "В/14",
            "after the largest of the letter"
        );
        assert_eq!(n.next("  васнецова "), "В/15");
        assert_eq!(n.next("Абрамов"), "А/8");
        assert_eq!(
            n.next("Борисов"),
            "Б/1",
            "a letter without numbers begins at 1"
        );
        assert_eq!(
            n.next("Ёлкина"),
            "Е/6",
            "«Ё» is filed under «Е», after «ё/5»"
        );
        assert_eq!(n.next("Ежов"), "Е/7");
    }

    #[test]
    fn a_number_taken_otherwise_is_skipped_and_one_taken_back_is_given_again() {
        // «Г/1» is not in the sequence when written «Г / 1»? It is: spaces do not count.
        let mut n = numbering("{буква}/{n}", &["Г / 1"]);
        assert_eq!(n.next("Гусев"), "Г/2");
        n.take_back();
        assert_eq!(n.next("Гуляев"), "Г/2", "no gap left by a row not imported");
        n.take_back();
        n.take_back();
        assert_eq!(
            n.next("Горин"),
            "Г/2",
            "taking back twice takes back one number"
        );
        let mut padded = numbering("{буква}{n:3}", &["Д002"]);
        assert_eq!(padded.next("Дьяков"), "Д003");
        // A typed number of another form never meets a given one.
        let mut n = numbering("{n}", &["7", "8а"]);
        assert_eq!(n.next("Жуков"), "8");
        let mut n = numbering("{n}", &["1", "2", "3"]);
        n.note("4");
        assert_eq!(
            n.next("Жуков"),
            "5",
            "a number typed in the file counts too"
        );
    }

    #[test]
    fn own_patterns_continue_their_own_sequences() {
        let mut by_year = numbering(
            "{год}-{n}",
            &["2026-3", "2025-40", "2026-10", "В/99", "2026-x"],
        );
        assert_eq!(
            by_year.next("Иванов"),
            "2026-11",
            "this year's sequence only"
        );
        let mut plain = numbering("{n}", &["0012", "15", "В/99"]);
        assert_eq!(plain.next("Иванов"), "16");
        let mut number_then_year = numbering("{n}{год}", &["122026", "9992025"]);
        assert_eq!(number_then_year.next("Ян"), "132026");
        let mut both = numbering("{ГОД}/{Буква}-{N:2}", &["2026/К-07", "2026/Л-09"]);
        assert_eq!(both.next("Ким"), "2026/К-08");
        assert_eq!(both.next("Лысенко"), "2026/Л-10");
        assert_eq!(both.next("Мухина"), "2026/М-01");
        let mut latin = numbering("", &["А/1"]);
        assert_eq!(
            latin.next("Anderson"),
            "A/2",
            "a Latin «A» is the Russian «А»'s sequence"
        );
    }

    #[test]
    fn bad_patterns_are_refused_saying_what_is_wrong() {
        assert_eq!(
            Pattern::parse("  ").unwrap(),
            Pattern::parse(DEFAULT_PATTERN).unwrap()
        );
        assert!(problem("{буква}").contains("нет места для номера"));
        assert!(problem("{n}-{n}").contains("только один раз"));
        assert!(problem("{класс}/{n}").contains("«{класс}»"));
        assert!(problem("{n:0}").contains("«{n:0}»"));
        assert!(problem("{n:12}").contains("«{n:12}»"));
        assert!(problem("{буква/{n}").contains("не закрыта"));
        assert!(problem("{n").contains("не закрыта"));
        assert!(problem("{n}{год").contains("не закрыта"));
        assert!(problem("n}").contains("лишняя скобка"));
        assert!(problem(&"x".repeat(41)).contains("не длиннее 40"));
        assert!(problem("{класс}").starts_with("Шаблон номера личного дела"));
    }
}
