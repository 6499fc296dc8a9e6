//! A FET teacher's one name field split into a staff member's parts: «Фамилия Имя Отчество»,
//! «Фамилия Имя», «Фамилия И.О.», «И.О. Фамилия», «Цв.Евтимова». Initials (and first names cut
//! short to two or three letters) are kept without their dots, to be completed on the card; the sex is told by the patronymic, else by the surname's ending.

use crate::people::{self, Sex};

#[derive(Debug, Clone, PartialEq)]
pub struct TeacherName {
    /// As the FET file writes it.
    pub fet: String,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    /// Only initials were given: the card is to be completed.
    pub initials: bool,
}

impl TeacherName {
    /// The sex by the patronymic, else by the surname's ending (none known: female, the
    /// majority of teachers; the card's note asks to check it).
    pub fn sex(&self) -> (Sex, bool) {
        if let Some(sex) = people::sex_by_patronymic(&self.patronymic) {
            return (sex, true);
        }
        let last = crate::db::ru_key(&self.last_name);
        let female = ["ова", "ева", "ина", "ына", "ая", "яя", "ская"];
        let male = ["ов", "ев", "ин", "ын", "ий", "ой", "ый", "ский"];
        if female.iter().any(|e| last.ends_with(e)) {
            (Sex::Female, true)
        } else if male.iter().any(|e| last.ends_with(e)) {
            (Sex::Male, true)
        } else {
            (Sex::Female, false)
        }
    }
}

/// One part of the name: a word, or an initial (one letter, with or without its dot).
enum Part {
    Word(String),
    Initial(String),
}

fn parts(name: &str) -> Vec<Part> {
    let mut out = Vec::new();
    for word in people::clean(name).split(' ') {
        let pieces: Vec<&str> = word.split_inclusive('.').collect();
        for piece in pieces {
            let letters = piece.trim_end_matches('.');
            if letters.is_empty() {
                continue;
            }
            let dotted = piece.ends_with('.');
            // «Цв.», «Ст.»: a first name shortened, as an initial is.
            match letters.chars().count() {
                1 => out.push(Part::Initial(letters.to_uppercase())),
                2..=3 if dotted => out.push(Part::Initial(letters.to_string())),
                _ if dotted => out.push(Part::Word(piece.to_string())),
                _ => out.push(Part::Word(letters.to_string())),
            }
        }
    }
    out
}

/// The parts of a teacher's name, or None when the name is not a person's name the card takes
/// (one word, digits, abbreviations such as «Ст.»).
pub fn teacher_name(fet: &str) -> Option<TeacherName> {
    use Part::{Initial as I, Word as W};
    let (last, first, patronymic, initials) = match parts(fet).as_slice() {
        [W(l), W(f)] => (l.clone(), f.clone(), String::new(), false),
        [W(l), W(f), rest @ ..] if rest.iter().all(|p| matches!(p, W(_))) => {
            let rest: Vec<&str> = rest
                .iter()
                .filter_map(|p| match p {
                    W(w) => Some(w.as_str()),
                    I(_) => None,
                })
                .collect();
            (l.clone(), f.clone(), rest.join(" "), false)
        }
        [W(l), I(f)] | [I(f), W(l)] => (l.clone(), f.clone(), String::new(), true),
        [W(l), I(f), I(p)] | [I(f), I(p), W(l)] => (l.clone(), f.clone(), p.clone(), true),
        _ => return None,
    };
    let ok = [&last, &first, &patronymic]
        .iter()
        .all(|p| people::check_name(p).is_ok());
    ok.then(|| TeacherName {
        fet: fet.to_string(),
        last_name: last,
        first_name: first,
        patronymic,
        initials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(name: &str) -> Option<(String, String, String, bool)> {
        teacher_name(name).map(|t| (t.last_name, t.first_name, t.patronymic, t.initials))
    }

    #[test]
    fn full_names_initials_and_refusals() {
        let s = |a: &str, b: &str, c: &str, i| Some((a.into(), b.into(), c.into(), i));
        assert_eq!(
            split("Иванова Анна Петровна"),
            s("Иванова", "Анна", "Петровна", false)
        );
        assert_eq!(split("Иванова  Анна"), s("Иванова", "Анна", "", false));
        assert_eq!(split("Иванова А.П."), s("Иванова", "А", "П", true));
        assert_eq!(split("Иванова А. П."), s("Иванова", "А", "П", true));
        assert_eq!(split("А.П. Иванова"), s("Иванова", "А", "П", true));
        assert_eq!(split("В.Йорданова"), s("Йорданова", "В", "", true));
        assert_eq!(
            split("Мамедов Рашид Али оглы"),
            s("Мамедов", "Рашид", "Али оглы", false)
        );
        assert_eq!(split("Йончев"), None, "one word");
        assert_eq!(
            split("Ст.Караиванова"),
            s("Караиванова", "Ст", "", true),
            "a first name shortened"
        );
        assert_eq!(split("Иванова Анна Петр."), None, "a word cut short");
        assert_eq!(split("Учитель 1"), None);
        let t = teacher_name("Петров И.С.").unwrap();
        assert_eq!(t.sex(), (Sex::Male, true));
        let t = teacher_name("Петрова Ирина Сергеевна").unwrap();
        assert_eq!(t.sex(), (Sex::Female, true));
    }
}
