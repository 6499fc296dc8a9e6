//! The school card («Карта школы») and the school's licences and accreditations.

use crate::db::Db;
use crate::error::{Check, CoreError, Problem, Result, Saved, Warning};
use crate::file_numbers;
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The one card of the school in this file (the row always exists, empty at first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct School {
    pub full_name: String,
    pub short_name: String,
    pub inn: String,
    pub kpp: String,
    pub ogrn: String,
    pub legal_address: String,
    pub actual_address: String,
    pub director: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    /// 5 or 6 days a week.
    pub week_days: i32,
    /// 1 to 3 shifts.
    pub shifts: i32,
    /// The school's largest class (наибольшая наполняемость): a roster import warns when a class
    /// would have more students. None: only the limit of 25 for grades 1–4 applies.
    pub max_class_size: Option<i32>,
    /// How a new student's personal file number is made when a roster gives none
    /// (`file_numbers`): empty is the alphabet book's «{буква}/{n}».
    pub file_number_pattern: String,
    /// Where the district's PostgreSQL takes the school's figures
    /// (`postgresql://школа@сервер/район`); empty: the district gave none. Never a password.
    pub district_url: String,
}

impl Default for School {
    fn default() -> Self {
        School {
            full_name: String::new(),
            short_name: String::new(),
            inn: String::new(),
            kpp: String::new(),
            ogrn: String::new(),
            legal_address: String::new(),
            actual_address: String::new(),
            director: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            week_days: 5,
            shifts: 1,
            max_class_size: None,
            file_number_pattern: String::new(),
            district_url: String::new(),
        }
    }
}

/// The largest class size the card takes.
pub const MAX_CLASS_SIZE: i32 = 99;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CredentialKind {
    Licence,
    Accreditation,
}

impl CredentialKind {
    pub const ALL: [CredentialKind; 2] = [CredentialKind::Licence, CredentialKind::Accreditation];

    /// The value stored in the database and sent as JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            CredentialKind::Licence => "licence",
            CredentialKind::Accreditation => "accreditation",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            CredentialKind::Licence => "Лицензия",
            CredentialKind::Accreditation => "Аккредитация",
        }
    }

    fn parse(s: &str) -> Option<CredentialKind> {
        CredentialKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A licence or an accreditation certificate of the school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Credential {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub kind: CredentialKind,
    pub number: String,
    pub issued_on: Option<NaiveDate>,
    pub issuer: String,
    /// Empty for a licence without a term (the usual case for licences since 2011).
    pub valid_until: Option<NaiveDate>,
    pub note: String,
}

const SCHOOL_COLUMNS: &str =
    "full_name, short_name, inn, kpp, ogrn, legal_address, actual_address, \
     director, phone, email, website, week_days, shifts, max_class_size, file_number_pattern, \
     district_url";

fn school_from_row(r: &Row) -> rusqlite::Result<School> {
    Ok(School {
        full_name: r.get(0)?,
        short_name: r.get(1)?,
        inn: r.get(2)?,
        kpp: r.get(3)?,
        ogrn: r.get(4)?,
        legal_address: r.get(5)?,
        actual_address: r.get(6)?,
        director: r.get(7)?,
        phone: r.get(8)?,
        email: r.get(9)?,
        website: r.get(10)?,
        week_days: r.get(11)?,
        shifts: r.get(12)?,
        max_class_size: r.get(13)?,
        file_number_pattern: r.get(14)?,
        district_url: r.get(15)?,
    })
}

pub fn get(db: &Db) -> Result<School> {
    let sql = format!("SELECT {SCHOOL_COLUMNS} FROM school WHERE id = 1");
    Ok(db.conn().query_row(&sql, [], school_from_row)?)
}

fn check_school(card: &School) -> Result<()> {
    let mut check = Check::new();
    for (field, value) in [
        ("full_name", &card.full_name),
        ("short_name", &card.short_name),
        ("director", &card.director),
    ] {
        check.field(field, validate::required(value));
    }
    check.field(
        "inn",
        validate::required(&card.inn).and_then(|_| validate::inn(&card.inn)),
    );
    check.field(
        "ogrn",
        validate::required(&card.ogrn).and_then(|_| validate::ogrn(&card.ogrn)),
    );
    check.field("kpp", validate::optional(&card.kpp, validate::kpp));
    check.field("email", validate::optional(&card.email, validate::email));
    if card.week_days != 5 && card.week_days != 6 {
        check.add("week_days", Problem::NotInRange { min: 5, max: 6 });
    }
    check.field("shifts", validate::in_range(card.shifts.into(), 1, 3));
    if let Some(size) = card.max_class_size {
        check.field(
            "max_class_size",
            validate::in_range(size.into(), 1, MAX_CLASS_SIZE.into()),
        );
    }
    if let Err(problem) = file_numbers::Pattern::parse(&card.file_number_pattern) {
        check.add("file_number_pattern", problem);
    }
    if let Err(problem) = crate::district::check_url(&card.district_url) {
        check.add("district_url", problem);
    }
    check.finish()
}

/// Saves the card after checking every field; all problems are reported at once.
pub fn save(db: &Db, card: &School) -> Result<School> {
    check_school(card)?;
    let c = card;
    db.conn().execute(
        "UPDATE school SET full_name = ?1, short_name = ?2, inn = ?3, kpp = ?4, ogrn = ?5,
             legal_address = ?6, actual_address = ?7, director = ?8, phone = ?9, email = ?10,
             website = ?11, week_days = ?12, shifts = ?13, max_class_size = ?14,
             file_number_pattern = ?15, district_url = ?16
         WHERE id = 1",
        params![
            c.full_name.trim(),
            c.short_name.trim(),
            c.inn.trim(),
            c.kpp.trim(),
            c.ogrn.trim(),
            c.legal_address.trim(),
            c.actual_address.trim(),
            c.director.trim(),
            c.phone.trim(),
            c.email.trim(),
            c.website.trim(),
            c.week_days,
            c.shifts,
            c.max_class_size,
            c.file_number_pattern.trim(),
            c.district_url.trim(),
        ],
    )?;
    get(db)
}

const CREDENTIAL_COLUMNS: &str = "id, kind, number, issued_on, issuer, valid_until, note";

fn credential_from_row(r: &Row) -> rusqlite::Result<Credential> {
    let kind: String = r.get(1)?;
    let kind = CredentialKind::parse(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Text,
            format!("unknown credential kind {kind:?}").into(),
        )
    })?;
    Ok(Credential {
        id: r.get(0)?,
        kind,
        number: r.get(2)?,
        issued_on: r.get(3)?,
        issuer: r.get(4)?,
        valid_until: r.get(5)?,
        note: r.get(6)?,
    })
}

/// Licences first, then accreditations; each by date of issue.
pub fn credentials(db: &Db) -> Result<Vec<Credential>> {
    let sql = format!(
        "SELECT {CREDENTIAL_COLUMNS} FROM credential
         ORDER BY CASE kind WHEN 'licence' THEN 0 ELSE 1 END, issued_on, id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt.query_map([], credential_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn credential(db: &Db, id: i64) -> Result<Credential> {
    let sql = format!("SELECT {CREDENTIAL_COLUMNS} FROM credential WHERE id = ?1");
    db.conn()
        .query_row(&sql, [id], credential_from_row)
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "Документ"
        })
}

fn check_credential(c: &Credential) -> Result<()> {
    let mut check = Check::new();
    check.field("number", validate::required(&c.number));
    check.field("issuer", validate::required(&c.issuer));
    if c.issued_on.is_none() {
        check.add("issued_on", Problem::Required);
    }
    if let (Some(issued), Some(until)) = (c.issued_on, c.valid_until) {
        if until < issued {
            check.add("valid_until", Problem::EndBeforeStart);
        }
    }
    check.finish()
}

/// Saves a licence or accreditation; an expired one is saved and warned about
/// (the school must see it, yet may keep the old document on record).
pub fn save_credential(db: &Db, c: &Credential, today: NaiveDate) -> Result<Saved<Credential>> {
    check_credential(c)?;
    let id = match c.id {
        Some(id) => {
            let n = db.conn().execute(
                "UPDATE credential SET kind = ?1, number = ?2, issued_on = ?3, issuer = ?4,
                     valid_until = ?5, note = ?6 WHERE id = ?7",
                params![
                    c.kind.as_str(),
                    c.number.trim(),
                    c.issued_on,
                    c.issuer.trim(),
                    c.valid_until,
                    c.note.trim(),
                    id,
                ],
            )?;
            if n == 0 {
                return Err(CoreError::NotFound {
                    what: "Документ"
                });
            }
            id
        }
        None => {
            db.conn().execute(
                "INSERT INTO credential (kind, number, issued_on, issuer, valid_until, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    c.kind.as_str(),
                    c.number.trim(),
                    c.issued_on,
                    c.issuer.trim(),
                    c.valid_until,
                    c.note.trim(),
                ],
            )?;
            db.conn().last_insert_rowid()
        }
    };
    let value = credential(db, id)?;
    let warnings = credential_warnings(&value, today);
    Ok(Saved { value, warnings })
}

fn credential_warnings(c: &Credential, today: NaiveDate) -> Vec<Warning> {
    match c.valid_until {
        Some(until) if until < today => {
            vec![Warning::new("valid_until", Problem::LicenceExpired)]
        }
        _ => Vec::new(),
    }
}

pub fn delete_credential(db: &Db, id: i64) -> Result<()> {
    let n = db
        .conn()
        .execute("DELETE FROM credential WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(CoreError::NotFound {
            what: "Документ"
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn card() -> School {
        School {
            full_name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»"
                .into(),
            short_name: "МБОУ СШ № 7".into(),
            inn: "7707083893".into(),
            kpp: "773601001".into(),
            ogrn: "1027700132195".into(),
            director: "Ёлкина Ольга Петровна".into(),
            email: "school7@mail.ru".into(),
            week_days: 5,
            shifts: 2,
            ..School::default()
        }
    }

    fn licence() -> Credential {
        Credential {
            id: None,
            kind: CredentialKind::Licence,
            number: "Л035-01234-77/00123456".into(),
            issued_on: Some(date(2016, 3, 14)),
            issuer: "Департамент образования".into(),
            valid_until: None,
            note: String::new(),
        }
    }

    fn fields(err: CoreError) -> Vec<(String, String)> {
        assert_eq!(err.code(), "invalid", "{err}");
        err.fields()
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.to_string(), code.to_string())
    }

    #[test]
    fn new_file_has_an_empty_card() {
        let db = Db::in_memory().unwrap();
        assert_eq!(get(&db).unwrap(), School::default());
    }

    #[test]
    fn saves_and_reads_back_trimmed() {
        let db = Db::in_memory().unwrap();
        let mut c = card();
        c.inn = " 7707083893 ".into();
        c.short_name = "  МБОУ СШ № 7 ".into();
        let saved = save(&db, &c).unwrap();
        assert_eq!(saved, card());
        assert_eq!(get(&db).unwrap(), card());
        assert!(!db.is_empty().unwrap());
    }

    #[test]
    fn all_empty_required_fields_are_reported_at_once() {
        let db = Db::in_memory().unwrap();
        let err = save(&db, &School::default()).unwrap_err();
        assert_eq!(
            fields(err),
            vec![
                pair("full_name", "required"),
                pair("short_name", "required"),
                pair("director", "required"),
                pair("inn", "required"),
                pair("ogrn", "required"),
            ]
        );
        assert_eq!(get(&db).unwrap(), School::default(), "nothing saved");
    }

    #[test]
    fn wrong_check_digits_and_non_digits() {
        let db = Db::in_memory().unwrap();
        let mut c = card();
        c.inn = "7707083894".into();
        c.ogrn = "1027700132196".into();
        c.kpp = "77360100А".into();
        assert_eq!(
            fields(save(&db, &c).unwrap_err()),
            vec![
                pair("inn", "inn_check_digit"),
                pair("ogrn", "ogrn_check_digit"),
                pair("kpp", "not_digits"),
            ]
        );
        c.inn = "77О7083893".into(); // a Cyrillic «О» instead of zero
        c.ogrn = "10277001321".into();
        c.kpp = "77360100".into();
        assert_eq!(
            fields(save(&db, &c).unwrap_err()),
            vec![
                pair("inn", "not_digits"),
                pair("ogrn", "digit_count"),
                pair("kpp", "digit_count"),
            ]
        );
        assert_eq!(get(&db).unwrap(), School::default());
    }

    #[test]
    fn messages_are_russian() {
        let db = Db::in_memory().unwrap();
        let mut c = card();
        c.inn = "7707083894".into();
        let err = save(&db, &c).unwrap_err();
        assert!(err.fields()[0].message.contains("Контрольная цифра ИНН"));
        assert!(err.payload().message.contains("исправьте"));
    }

    #[test]
    fn twelve_digit_inn_and_fifteen_digit_ogrn_are_accepted() {
        let db = Db::in_memory().unwrap();
        let mut c = card();
        c.inn = "500100732259".into();
        c.ogrn = "304500116000157".into();
        c.kpp = String::new();
        c.email = String::new();
        assert_eq!(save(&db, &c).unwrap().inn, "500100732259");
    }

    #[test]
    fn email_week_days_and_shifts() {
        let db = Db::in_memory().unwrap();
        let mut c = card();
        c.email = "school7mail.ru".into();
        c.week_days = 7;
        c.shifts = 4;
        assert_eq!(
            fields(save(&db, &c).unwrap_err()),
            vec![
                pair("email", "bad_email"),
                pair("week_days", "not_in_range"),
                pair("shifts", "not_in_range"),
            ]
        );
        c.email = "school7@mail.ru".into();
        c.week_days = 6;
        c.shifts = 0;
        assert_eq!(
            fields(save(&db, &c).unwrap_err()),
            vec![pair("shifts", "not_in_range")]
        );
        c.shifts = 3;
        assert_eq!(save(&db, &c).unwrap().week_days, 6);
    }

    #[test]
    fn largest_class_and_numbering_pattern_are_checked_and_kept() {
        let db = Db::in_memory().unwrap();
        let mut c = card();
        c.max_class_size = Some(0);
        c.file_number_pattern = "{буква}".into();
        assert_eq!(
            fields(save(&db, &c).unwrap_err()),
            vec![
                pair("max_class_size", "not_in_range"),
                pair("file_number_pattern", "file_number_pattern"),
            ]
        );
        c.max_class_size = Some(MAX_CLASS_SIZE + 1);
        c.file_number_pattern = " {год}-{n} ".into();
        assert_eq!(
            fields(save(&db, &c).unwrap_err()),
            vec![pair("max_class_size", "not_in_range")]
        );
        c.max_class_size = Some(28);
        let saved = save(&db, &c).unwrap();
        assert_eq!(saved.max_class_size, Some(28));
        assert_eq!(saved.file_number_pattern, "{год}-{n}");
        c.max_class_size = None;
        c.file_number_pattern = String::new();
        assert_eq!(save(&db, &c).unwrap(), c, "both may be left empty");
    }

    #[test]
    fn the_district_address_is_a_connection_string_without_a_password() {
        let db = Db::in_memory().unwrap();
        let mut c = card();
        for bad in [
            "http://uo.local",
            "postgresql://uo:секрет@db.uo.local/district",
        ] {
            c.district_url = bad.into();
            let code = fields(save(&db, &c).unwrap_err())[0].1.clone();
            assert!(code.starts_with("district_url_"), "{bad}: {code}");
        }
        c.district_url = " postgresql://school7@db.uo.local:5432/district?sslmode=require ".into();
        assert_eq!(
            save(&db, &c).unwrap().district_url,
            "postgresql://school7@db.uo.local:5432/district?sslmode=require"
        );
    }

    #[test]
    fn a_file_of_the_previous_version_keeps_its_card_and_gets_the_new_fields_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.zavuch");
        let old = crate::db::file_of_version(&path, 8);
        old.execute(
            "UPDATE school SET full_name = 'Школа № 7', short_name = 'СШ № 7', shifts = 2
             WHERE id = 1",
            [],
        )
        .unwrap();
        drop(old);
        let db = Db::open(&path).unwrap();
        let card = get(&db).unwrap();
        assert_eq!(
            (
                card.full_name.as_str(),
                card.short_name.as_str(),
                card.shifts
            ),
            ("Школа № 7", "СШ № 7", 2)
        );
        assert_eq!(card.max_class_size, None);
        assert_eq!(card.file_number_pattern, "");
        let version: i64 = db
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, crate::db::schema_version());
    }

    #[test]
    fn credential_kinds_round_trip_as_snake_case() {
        for kind in CredentialKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(CredentialKind::parse(kind.as_str()), Some(kind));
            assert!(!kind.label().is_empty());
        }
    }

    #[test]
    fn credentials_are_saved_listed_updated_and_deleted() {
        let db = Db::in_memory().unwrap();
        let today = date(2026, 9, 1);
        let accreditation = Credential {
            kind: CredentialKind::Accreditation,
            number: "А007-01234-77/00123456".into(),
            issued_on: Some(date(2015, 1, 10)),
            valid_until: Some(date(2027, 1, 10)),
            ..licence()
        };
        let a = save_credential(&db, &accreditation, today).unwrap();
        assert!(a.warnings.is_empty());
        let l = save_credential(&db, &licence(), today).unwrap().value;
        let mut older = licence();
        older.issued_on = Some(date(2012, 5, 5));
        let older = save_credential(&db, &older, today).unwrap().value;

        let list = credentials(&db).unwrap();
        let ids: Vec<_> = list.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            vec![older.id, l.id, a.value.id],
            "licences first, by date"
        );

        let mut changed = l.clone();
        changed.note = "  переоформлена ".into();
        let changed = save_credential(&db, &changed, today).unwrap().value;
        assert_eq!(changed.note, "переоформлена");
        assert_eq!(changed.id, l.id);

        delete_credential(&db, l.id.unwrap()).unwrap();
        assert_eq!(credentials(&db).unwrap().len(), 2);
        assert_eq!(
            delete_credential(&db, l.id.unwrap()).unwrap_err().code(),
            "not_found"
        );
        let mut gone = l;
        gone.note = "x".into();
        assert_eq!(
            save_credential(&db, &gone, today).unwrap_err().code(),
            "not_found"
        );
    }

    #[test]
    fn expired_credential_is_saved_with_a_warning() {
        let db = Db::in_memory().unwrap();
        let mut c = licence();
        c.valid_until = Some(date(2026, 8, 31));
        let saved = save_credential(&db, &c, date(2026, 9, 1)).unwrap();
        assert_eq!(saved.warnings.len(), 1);
        assert_eq!(saved.warnings[0].field, "valid_until");
        assert_eq!(saved.warnings[0].code, "licence_expired");
        assert!(saved.value.id.is_some());
        // Valid through its last day.
        let on_the_day = save_credential(&db, &c, date(2026, 8, 31)).unwrap();
        assert!(on_the_day.warnings.is_empty());
    }

    #[test]
    fn credential_required_fields_and_dates() {
        let db = Db::in_memory().unwrap();
        let c = Credential {
            number: " ".into(),
            issuer: String::new(),
            issued_on: None,
            ..licence()
        };
        assert_eq!(
            fields(save_credential(&db, &c, date(2026, 9, 1)).unwrap_err()),
            vec![
                pair("number", "required"),
                pair("issuer", "required"),
                pair("issued_on", "required"),
            ]
        );
        let c = Credential {
            valid_until: Some(date(2016, 3, 13)),
            ..licence()
        };
        assert_eq!(
            fields(save_credential(&db, &c, date(2026, 9, 1)).unwrap_err()),
            vec![pair("valid_until", "end_before_start")]
        );
        assert!(credentials(&db).unwrap().is_empty());
    }

    #[test]
    fn credential_json_uses_iso_dates() {
        let json = serde_json::to_value(licence()).unwrap();
        assert_eq!(json["kind"], "licence");
        assert_eq!(json["issued_on"], "2016-03-14");
        assert!(json["valid_until"].is_null());
    }
}
