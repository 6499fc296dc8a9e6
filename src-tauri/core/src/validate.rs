//! Validators of single values shared by every form. Each returns the [`Problem`] to show.

use crate::error::Problem;
use chrono::NaiveTime;

/// Trims the value and refuses an empty one.
pub fn required(value: &str) -> Result<(), Problem> {
    if value.trim().is_empty() {
        Err(Problem::Required)
    } else {
        Ok(())
    }
}

fn digits(value: &str, counts: &'static [usize]) -> Result<Vec<u32>, Problem> {
    let value = value.trim();
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::NotDigits);
    }
    if !counts.contains(&value.len()) {
        return Err(match counts {
            [n] => Problem::DigitCount(*n),
            many => Problem::DigitCountOneOf(many),
        });
    }
    Ok(value.chars().filter_map(|c| c.to_digit(10)).collect())
}

fn weighted(d: &[u32], weights: &[u32]) -> u32 {
    d.iter().zip(weights).map(|(a, b)| a * b).sum::<u32>() % 11 % 10
}

/// INN of an organisation (10 digits) or a person (12 digits), with its check digits
/// (Federal Tax Service algorithm: weighted sums mod 11 mod 10).
pub fn inn(value: &str) -> Result<(), Problem> {
    let d = digits(value, &[10, 12])?;
    let ok = if d.len() == 10 {
        weighted(&d, &[2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[9]
    } else {
        weighted(&d, &[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[10]
            && weighted(&d, &[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[11]
    };
    if ok {
        Ok(())
    } else {
        Err(Problem::InnCheckDigit)
    }
}

/// OGRN (13 digits): the first 12 as a number mod 11, last digit of that, is the 13th.
/// OGRNIP (15 digits): the first 14 mod 13, last digit.
pub fn ogrn(value: &str) -> Result<(), Problem> {
    let d = digits(value, &[13, 15])?;
    let (body, modulus) = if d.len() == 13 { (12, 11) } else { (14, 13) };
    let rem = d[..body]
        .iter()
        .fold(0u64, |acc, &x| (acc * 10 + x as u64) % modulus);
    if rem % 10 == d[body] as u64 {
        Ok(())
    } else {
        Err(Problem::OgrnCheckDigit)
    }
}

/// The digits of a SNILS typed as «123-456-789 64», «123 456 789 64» or «12345678964».
fn snils_digits(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{a0}'))
        .collect()
}

/// SNILS (страховой номер индивидуального лицевого счёта): 11 digits, the last two the check
/// number of the first nine (Pension Fund rule): the digits weighted 9 down to 1 and summed;
/// a sum below 100 is the check number, 100 and 101 give 00, a larger sum is taken mod 101
/// (and 100 then gives 00). Numbers up to 001-001-998 were issued before the check number
/// existed and are not checked.
pub fn snils(value: &str) -> Result<(), Problem> {
    let d = digits(&snils_digits(value), &[11])?;
    let number = d[..9].iter().fold(0u64, |acc, &x| acc * 10 + u64::from(x));
    if number <= 1_001_998 {
        return Ok(());
    }
    let sum: u32 = d[..9].iter().zip((1..=9).rev()).map(|(a, w)| a * w).sum();
    let check = match sum {
        0..=99 => sum,
        100 | 101 => 0,
        _ => sum % 101 % 100,
    };
    if check == d[9] * 10 + d[10] {
        Ok(())
    } else {
        Err(Problem::SnilsCheckNumber)
    }
}

/// A SNILS as stored and shown, «123-456-789 64»; a value that is not 11 digits is kept trimmed.
pub fn format_snils(value: &str) -> String {
    let d = snils_digits(value);
    if d.len() == 11 && d.chars().all(|c| c.is_ascii_digit()) {
        format!("{}-{}-{} {}", &d[0..3], &d[3..6], &d[6..9], &d[9..11])
    } else {
        value.trim().to_string()
    }
}

/// KPP: 9 digits (the 5th and 6th may be letters in rare cases; schools have digits).
pub fn kpp(value: &str) -> Result<(), Problem> {
    digits(value, &[9]).map(|_| ())
}

pub fn email(value: &str) -> Result<(), Problem> {
    let v = value.trim();
    match v.split_once('@') {
        Some((user, host))
            if !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !v.contains(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err(Problem::BadEmail),
    }
}

/// A clock time typed as «8:30» or «08:30».
pub fn time(value: &str) -> Result<NaiveTime, Problem> {
    NaiveTime::parse_from_str(value.trim(), "%H:%M").map_err(|_| Problem::BadTime)
}

pub fn in_range(value: i64, min: i64, max: i64) -> Result<(), Problem> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Problem::NotInRange { min, max })
    }
}

/// Runs a validator only on a filled-in value: optional fields may stay empty.
pub fn optional(value: &str, check: fn(&str) -> Result<(), Problem>) -> Result<(), Problem> {
    if value.trim().is_empty() {
        Ok(())
    } else {
        check(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inn_of_organisations_and_people() {
        assert_eq!(inn("7707083893"), Ok(())); // Сбербанк
        assert_eq!(inn("7830002293"), Ok(()));
        assert_eq!(inn("500100732259"), Ok(()));
        assert_eq!(inn("7707083894"), Err(Problem::InnCheckDigit));
        assert_eq!(inn("500100732258"), Err(Problem::InnCheckDigit));
        assert_eq!(inn("77070838"), Err(Problem::DigitCountOneOf(&[10, 12])));
        assert_eq!(inn("770708389З"), Err(Problem::NotDigits));
        assert_eq!(inn(" 7707083893 "), Ok(()));
    }

    #[test]
    fn ogrn_and_ogrnip() {
        assert_eq!(ogrn("1027700132195"), Ok(())); // Сбербанк
        assert_eq!(ogrn("1027739642281"), Ok(()));
        assert_eq!(ogrn("304500116000157"), Ok(()));
        assert_eq!(ogrn("1027700132196"), Err(Problem::OgrnCheckDigit));
        assert_eq!(
            ogrn("102770013219"),
            Err(Problem::DigitCountOneOf(&[13, 15]))
        );
        assert_eq!(ogrn("10277001321a5"), Err(Problem::NotDigits));
    }

    #[test]
    fn snils_check_number() {
        assert_eq!(snils("123-456-789 64"), Ok(()));
        assert_eq!(snils("12345678964"), Ok(()));
        assert_eq!(snils(" 123 456 789 64 "), Ok(()));
        assert_eq!(snils("112-233-445 95"), Ok(()));
        assert_eq!(snils("123-456-789 65"), Err(Problem::SnilsCheckNumber));
        assert_eq!(snils("1234567896"), Err(Problem::DigitCount(11)));
        assert_eq!(snils("123-456-789 6Б"), Err(Problem::NotDigits));
        // Sums of 100 and 101 give 00; above 101 the remainder of 101 (100 again gives 00).
        assert_eq!(snils("001-001-999 65"), Ok(()));
        assert_eq!(snils("001-001-999 00"), Err(Problem::SnilsCheckNumber));
        assert_eq!(snils("001-508-815 00"), Ok(()), "sum 100 gives 00");
        assert_eq!(snils("001-437-544 00"), Ok(()), "sum 101 gives 00");
        assert_eq!(
            snils("006-996-682 00"),
            Ok(()),
            "201 mod 101 = 100 gives 00"
        );
        assert_eq!(snils("999-999-999 01"), Ok(()), "405 mod 101 = 1");
        assert_eq!(snils("999-999-999 05"), Err(Problem::SnilsCheckNumber));
        // Up to 001-001-998 no check number is computed.
        assert_eq!(snils("001-001-998 99"), Ok(()));
        assert_eq!(snils("000-000-001 00"), Ok(()));
        assert_eq!(format_snils("12345678964"), "123-456-789 64");
        assert_eq!(format_snils(" 123 456 789 64 "), "123-456-789 64");
        assert_eq!(format_snils(" 12345 "), "12345");
    }

    #[test]
    fn kpp_email_time_range() {
        assert_eq!(kpp("773601001"), Ok(()));
        assert_eq!(kpp("77360100"), Err(Problem::DigitCount(9)));
        assert_eq!(email("school7@mail.ru"), Ok(()));
        assert_eq!(email("school7mail.ru"), Err(Problem::BadEmail));
        assert_eq!(email("a@b"), Err(Problem::BadEmail));
        assert_eq!(time("8:30").unwrap().to_string(), "08:30:00");
        assert_eq!(time("25:00"), Err(Problem::BadTime));
        assert_eq!(
            in_range(7, 1, 3),
            Err(Problem::NotInRange { min: 1, max: 3 })
        );
        assert_eq!(optional("", email), Ok(()));
        assert_eq!(required("  "), Err(Problem::Required));
    }
}
