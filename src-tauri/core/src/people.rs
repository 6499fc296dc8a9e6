//! What staff members, students and guardians have in common: sex, names, the orders behind
//! hires, leaves, enrolments and departures, and the keys that compare what people type.

use crate::choice::choice_enum;
use crate::db::ru_key;
use crate::error::{Check, Problem, Warning};
use crate::validate;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice_enum! {
    /// A student's study form (форма обучения); the class's counts and the student's card name it.
    pub enum StudyForm (fallback FullTime) {
        FullTime = "full_time", "Очная";
        PartTime = "part_time", "Очно-заочная";
        Extramural = "extramural", "Заочная";
        Family = "family", "Семейное образование";
        Home = "home", "Надомное обучение";
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub const ALL: [Sex; 2] = [Sex::Male, Sex::Female];

    /// The value stored in the database, the same as the serde name.
    pub fn code(&self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Sex::Male => "Мужской",
            Sex::Female => "Женский",
        }
    }

    /// As written in a list or a spreadsheet cell: «м» or «ж».
    pub fn letter(&self) -> &'static str {
        match self {
            Sex::Male => "м",
            Sex::Female => "ж",
        }
    }

    /// An unknown stored value reads as male; the table's CHECK allows only the two codes.
    pub fn from_code(code: &str) -> Sex {
        if code == "female" {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// «м», «М», «муж.», «мужской», Latin «m»; «ж», «жен», «женский»; None for anything else.
    pub fn parse(text: &str) -> Option<Sex> {
        let key = ru_key(text.trim()).replace('m', "м");
        match key.trim_end_matches('.') {
            "м" | "муж" | "мужской" => Some(Sex::Male),
            "ж" | "жен" | "женский" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// An administrative order (приказ): series, number, date. All empty when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Order {
    pub series: String,
    pub number: String,
    pub date: Option<NaiveDate>,
}

impl Order {
    pub fn is_empty(&self) -> bool {
        self.series.trim().is_empty() && self.number.trim().is_empty() && self.date.is_none()
    }

    /// The order as stored: texts trimmed and their spaces folded.
    pub fn cleaned(&self) -> Order {
        Order {
            series: clean(&self.series),
            number: clean(&self.number),
            date: self.date,
        }
    }

    /// «приказ 123-К № 45 от 25.08.2026», as printed; empty when there is no order.
    pub fn describe(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut out = "приказ".to_string();
        let series = clean(&self.series);
        if !series.is_empty() {
            out.push(' ');
            out.push_str(&series);
        }
        let number = clean(&self.number);
        if !number.is_empty() {
            out.push_str(" № ");
            out.push_str(&number);
        }
        if let Some(d) = self.date {
            out.push_str(&format!(" от {}", d.format("%d.%m.%Y")));
        }
        out
    }
}

/// Text as stored: trimmed, runs of spaces (tabs, no-break spaces, line breaks) made one.
pub fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Russian letter a Latin letter is taken for when typed on the wrong keyboard layout
/// («a» → «а», «B» → «В»); the same table as the spreadsheet import's.
pub use crate::exchange::russian_look_alike as look_alike;

/// What makes two short codes (a class letter, a personal file number) the same: case, «ё»,
/// spaces, and Latin letters that look like Russian ones («5A» with a Latin A is «5 А»).
pub fn code_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| look_alike(c).unwrap_or(c))
        .collect::<String>()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// One part of a person's name: letters, spaces, hyphens and apostrophes only, and no Latin
/// letter among Cyrillic ones («Иванoв» with a Latin «o»). A name wholly in Latin letters is
/// accepted with a warning (`Ok(Some(..))`): it may be a foreigner's name as in the documents.
/// Empty is accepted here; whether the part is required is the caller's rule. The same rule
/// as the spreadsheet import's (one implementation, in `exchange`).
pub fn check_name(text: &str) -> Result<Option<Problem>, Problem> {
    crate::exchange::person_name(text).map(|(_, warning)| warning)
}

/// Checks the three parts of a name: last and first required, all three well-formed.
/// Warnings (a name in Latin letters) go to `warnings`.
pub(crate) fn check_names(
    check: &mut Check,
    warnings: &mut Vec<Warning>,
    last_name: &str,
    first_name: &str,
    patronymic: &str,
) {
    for (field, value, required) in [
        ("last_name", last_name, true),
        ("first_name", first_name, true),
        ("patronymic", patronymic, false),
    ] {
        if required && value.trim().is_empty() {
            check.add(field, Problem::Required);
            continue;
        }
        match check_name(value) {
            Err(p) => check.add(field, p),
            Ok(Some(w)) => warnings.push(Warning::new(field, w)),
            Ok(None) => {}
        }
    }
}

/// «Фамилия Имя Отчество» (without a patronymic when there is none).
pub fn full_name(last_name: &str, first_name: &str, patronymic: &str) -> String {
    [last_name, first_name, patronymic]
        .iter()
        .map(|p| clean(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// «Иванов И. И.», as under a signature.
pub fn short_name(last_name: &str, first_name: &str, patronymic: &str) -> String {
    let mut out = clean(last_name);
    for part in [first_name, patronymic] {
        if let Some(c) = clean(part).chars().next() {
            out.push_str(&format!(" {c}."));
        }
    }
    out
}

/// What makes two full names the same person's name: spaces, case and «ё».
pub fn name_key(last_name: &str, first_name: &str, patronymic: &str) -> String {
    ru_key(&full_name(last_name, first_name, patronymic))
}

/// The sex a patronymic tells: «…вич», «…ич», «оглы» are male; «…вна», «…чна», «кызы» female.
pub fn sex_by_patronymic(patronymic: &str) -> Option<Sex> {
    let p = ru_key(&clean(patronymic));
    if p.ends_with("ич") || p.ends_with("оглы") || p.ends_with("улы") || p.ends_with("уулу")
    {
        Some(Sex::Male)
    } else if p.ends_with("вна") || p.ends_with("чна") || p.ends_with("кызы") || p.ends_with("гызы")
    {
        Some(Sex::Female)
    } else {
        None
    }
}

/// Full years of age on `on`.
pub fn age_on(birth_date: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth_date.year();
    if (on.month(), on.day()) < (birth_date.month(), birth_date.day()) {
        age -= 1;
    }
    age
}

/// An order's number and date go together; the series is optional.
/// `prefix` names the order's field, e.g. `enrolment_order` or `appointments.0.hire_order`.
pub(crate) fn check_order(check: &mut Check, prefix: &str, order: &Order) {
    let number = !order.number.trim().is_empty();
    let date = order.date.is_some();
    if (number || !order.series.trim().is_empty()) && !date {
        check.add(format!("{prefix}.date"), Problem::Required);
    }
    if date && !number {
        check.add(format!("{prefix}.number"), Problem::Required);
    }
}

/// SNILS: valid when filled in; stored as «123-456-789 64».
pub(crate) fn check_snils(check: &mut Check, snils: &str) {
    check.field("snils", validate::optional(snils, validate::snils));
}

/// The sex disagrees with the patronymic: a warning, since the patronymic may be unusual.
pub(crate) fn sex_warning(warnings: &mut Vec<Warning>, sex: Sex, patronymic: &str) {
    if sex_by_patronymic(patronymic).is_some_and(|s| s != sex) {
        warnings.push(Warning::new(
            "sex",
            Problem::SexDisagreesWithPatronymic {
                sex: sex.label().to_lowercase(),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn sexes_parse_from_what_people_type() {
        for s in ["м", "М", "муж", "Муж.", "МУЖСКОЙ", "m", "M", " м "] {
            assert_eq!(Sex::parse(s), Some(Sex::Male), "{s}");
        }
        for s in ["ж", "Ж", "жен", "женский", "Жен."] {
            assert_eq!(Sex::parse(s), Some(Sex::Female), "{s}");
        }
        for s in ["", "x", "мж", "f"] {
            assert_eq!(Sex::parse(s), None, "{s}");
        }
        for s in Sex::ALL {
            assert_eq!(Sex::from_code(s.code()), s);
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
    }

    #[test]
    fn names_are_cleaned_and_refuse_latin_look_alikes() {
        assert_eq!(check_name("  Ёлкина "), Ok(None));
        assert_eq!(check_name("Римский-Корсаков"), Ok(None));
        assert_eq!(check_name("Д’Артаньян"), Ok(None));
        assert_eq!(check_name("Рашид  оглы"), Ok(None));
        assert_eq!(check_name("Иванoв").unwrap_err().code(), "latin_in_name");
        assert_eq!(
            check_name("Иванов2").unwrap_err().code(),
            "bad_char_in_name"
        );
        assert_eq!(
            check_name("Smith").unwrap().unwrap().code(),
            "name_in_latin"
        );
        assert_eq!(clean("  Анна \u{a0} Мария\t"), "Анна Мария");
        assert_eq!(full_name(" Ёлкин ", "Пётр", ""), "Ёлкин Пётр");
        assert_eq!(
            full_name("Ёлкин", "Пётр", "Семёнович"),
            "Ёлкин Пётр Семёнович"
        );
        assert_eq!(short_name("Ёлкин", "Пётр", "Семёнович"), "Ёлкин П. С.");
        assert_eq!(short_name("Ёлкин", "Пётр", ""), "Ёлкин П.");
        assert_eq!(
            name_key("ЁЛКИН", " пётр", "Семенович"),
            name_key("Елкин", "Петр", "семёнович")
        );
    }

    #[test]
    fn codes_compare_up_to_case_yo_spaces_and_layout() {
        assert_eq!(code_key("5 А"), code_key("5a"));
        assert_eq!(code_key("5 А"), code_key("5A"));
        assert_eq!(code_key("к-1"), code_key("K-1"));
        assert_eq!(code_key("Ё-12"), code_key("е-12"));
        assert_ne!(code_key("5 Б"), code_key("5 В"));
    }

    #[test]
    fn patronymics_tell_the_sex() {
        assert_eq!(sex_by_patronymic("Сергеевич"), Some(Sex::Male));
        assert_eq!(sex_by_patronymic("Ильич"), Some(Sex::Male));
        assert_eq!(sex_by_patronymic("Рашид оглы"), Some(Sex::Male));
        assert_eq!(sex_by_patronymic("Сергеевна"), Some(Sex::Female));
        assert_eq!(sex_by_patronymic("Ильинична"), Some(Sex::Female));
        assert_eq!(sex_by_patronymic("Никитична"), Some(Sex::Female));
        assert_eq!(sex_by_patronymic("Алиевна"), Some(Sex::Female));
        assert_eq!(sex_by_patronymic("Гасан кызы"), Some(Sex::Female));
        assert_eq!(sex_by_patronymic(""), None);
    }

    #[test]
    fn ages_and_orders() {
        assert_eq!(age_on(d(2019, 9, 2), d(2026, 9, 1)), 6);
        assert_eq!(age_on(d(2019, 9, 1), d(2026, 9, 1)), 7);
        assert_eq!(age_on(d(2020, 2, 29), d(2027, 2, 28)), 6);
        let o = Order {
            series: " 123-К ".into(),
            number: "45".into(),
            date: Some(d(2026, 8, 25)),
        };
        assert_eq!(o.describe(), "приказ 123-К № 45 от 25.08.2026");
        assert_eq!(Order::default().describe(), "");
        assert!(Order::default().is_empty());

        let mut check = Check::new();
        check_order(&mut check, "enrolment_order", &o);
        check_order(&mut check, "a", &Order::default());
        assert!(check.is_empty());
        let mut check = Check::new();
        check_order(
            &mut check,
            "enrolment_order",
            &Order {
                date: None,
                ..o.clone()
            },
        );
        check_order(
            &mut check,
            "departure_order",
            &Order {
                number: " ".into(),
                series: String::new(),
                ..o
            },
        );
        assert!(check.has("enrolment_order.date"));
        assert!(check.has("departure_order.number"));
    }
}
