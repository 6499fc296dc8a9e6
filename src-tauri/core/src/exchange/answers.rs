//! Cells that answer a question of a list: «да»/«нет», and a choice written as its label or one
//! of the short forms schools use («ЗПР», «СПО»). Each is read regardless of case, spaces and
//! «ё»; anything else is refused with the values allowed.

use super::fold_key;
use crate::error::Problem;

/// «да» or «нет», as exports write a yes/no column.
pub fn yes_no_text(yes: bool) -> &'static str {
    if yes {
        "да"
    } else {
        "нет"
    }
}

/// A yes/no cell: «да», «д», «+», «1», «есть» or «нет», «н», «-», «0» and empty.
pub fn yes_no(text: &str) -> Result<bool, Problem> {
    match fold_key(text).trim_end_matches('.') {
        "да" | "д" | "+" | "1" | "есть" | "yes" | "true" | "истина" => Ok(true),
        "" | "нет" | "н" | "-" | "—" | "0" | "no" | "false" | "ложь" => Ok(false),
        _ => Err(Problem::NotInList {
            value: text.trim().to_string(),
            choices: "«да», «нет»".into(),
        }),
    }
}

/// A choice among `all` written as its label (`label`) or one of the `short` forms (folded,
/// «зпр»); `empty` when the cell is empty. The refusal lists the labels.
pub fn choice<T: Copy>(
    text: &str,
    all: &[T],
    label: impl Fn(T) -> &'static str,
    short: &[(&str, T)],
    empty: T,
) -> Result<T, Problem> {
    let key = fold_key(text);
    let key = key.trim_end_matches('.');
    if key.is_empty() {
        return Ok(empty);
    }
    let by_label = all.iter().copied().find(|c| fold_key(label(*c)) == key);
    let by_short = || {
        short
            .iter()
            .find(|(s, _)| *s == key || key.starts_with(&format!("{s} ")))
            .map(|(_, c)| *c)
    };
    by_label
        .or_else(by_short)
        .ok_or_else(|| Problem::NotInList {
            value: text.trim().to_string(),
            choices: all
                .iter()
                .map(|c| format!("«{}»", label(*c)))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_are_read_as_schools_write_them() {
        for yes in ["да", "Да", " ДА ", "+", "1", "есть"] {
            assert_eq!(yes_no(yes), Ok(true), "{yes}");
        }
        for no in ["нет", "Нет", "", "-", "0"] {
            assert_eq!(yes_no(no), Ok(false), "{no}");
        }
        let refused = yes_no("иногда").unwrap_err();
        assert_eq!(
            refused.to_string(),
            "«иногда» — такого значения нет. Допустимо: «да», «нет»."
        );
    }

    #[test]
    fn a_choice_is_its_label_or_a_short_form() {
        let label = |n: u8| ["Нет", "Один", "Два"][n as usize];
        let short = [("1", 1), ("два варианта", 2)];
        let read = |t: &str| choice(t, &[0, 1, 2], label, &short, 0);
        assert_eq!(read("один"), Ok(1));
        assert_eq!(read("ДВА"), Ok(2));
        assert_eq!(read("1"), Ok(1));
        assert_eq!(read("два варианта обучения"), Ok(2));
        assert_eq!(read(""), Ok(0));
        assert_eq!(
            read("три").unwrap_err().to_string(),
            "«три» — такого значения нет. Допустимо: «Нет», «Один», «Два»."
        );
    }
}
