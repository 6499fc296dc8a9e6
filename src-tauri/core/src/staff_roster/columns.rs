//! The columns of the staff list and how the cells that are choices read: the category, the
//! level of education, «да»/«нет» of pedagogical education, the degree, the honorary titles.

use crate::error::Problem;
use crate::exchange::answers::{self, choice};
use crate::exchange::{fold_key, name_columns, CellKind, ColumnSpec, Format, Record, Value};
use crate::staff::{AcademicDegree, EducationLevel, QualificationCategory, StaffMember};

/// The columns about the person, the same in every row of one person.
pub(super) const PERSON_KEYS: [&str; 17] = [
    "last_name",
    "first_name",
    "patronymic",
    "sex",
    "birth_date",
    "snils",
    "phone",
    "email",
    "education",
    "category",
    "education_level",
    "pedagogical_education",
    "category_awarded_on",
    "experience_since",
    "pedagogical_experience_since",
    "academic_degree",
    "honorary_titles",
];

/// The columns about one appointment, besides the position.
pub(super) const APPOINTMENT_KEYS: [&str; 4] = ["rate", "hired_on", "order_number", "order_date"];

/// How the honorary titles, one a line in the card, are written in one cell.
const TITLES_SEPARATOR: &str = "; ";

/// The staff list format: one row per appointment. The facts for the reports (version 13)
/// come last, so that lists made before read as they did.
pub fn format() -> Format {
    let mut columns = name_columns();
    columns.extend([
        ColumnSpec::required("sex", &["Пол"], CellKind::Sex),
        ColumnSpec::optional("birth_date", &["Дата рождения"], CellKind::Date),
        ColumnSpec::optional("snils", &["СНИЛС"], CellKind::Text),
        ColumnSpec::optional(
            "phone",
            &["Телефон", "Контактный телефон", "Мобильный телефон"],
            CellKind::Text,
        ),
        ColumnSpec::optional(
            "email",
            &["Электронная почта", "E-mail", "Email", "Эл. почта"],
            CellKind::Text,
        ),
        ColumnSpec::optional("education", &["Образование"], CellKind::Text),
        // Read as text: files write «высшая категория», «СЗД», «б/к» (see `category`).
        ColumnSpec::optional(
            "category",
            &["Квалификационная категория", "Категория"],
            CellKind::Text,
        ),
        ColumnSpec::required("position", &["Должность"], CellKind::Text),
        ColumnSpec::optional("rate", &["Ставка", "Ставки"], CellKind::PositiveNumber),
        ColumnSpec::optional(
            "hired_on",
            &["Дата приёма", "Дата приёма на работу", "Принят"],
            CellKind::Date,
        ),
        ColumnSpec::optional(
            "order_number",
            &["Приказ о приёме: Номер", "Приказ о приёме: №"],
            CellKind::Text,
        ),
        ColumnSpec::optional("order_date", &["Приказ о приёме: Дата"], CellKind::Date),
        ColumnSpec::optional("education_level", &["Уровень образования"], CellKind::Text),
        ColumnSpec::optional(
            "pedagogical_education",
            &["Педагогическое образование"],
            CellKind::Text,
        ),
        ColumnSpec::optional(
            "category_awarded_on",
            &["Дата присвоения категории", "Дата присвоения"],
            CellKind::Date,
        ),
        ColumnSpec::optional(
            "experience_since",
            &["Общий стаж с", "Общий стаж с даты"],
            CellKind::Date,
        ),
        ColumnSpec::optional(
            "pedagogical_experience_since",
            &["Педагогический стаж с", "Педагогический стаж с даты"],
            CellKind::Date,
        ),
        ColumnSpec::optional("academic_degree", &["Учёная степень"], CellKind::Text),
        ColumnSpec::optional(
            "honorary_titles",
            &["Почётные звания", "Звания", "Награды, звания"],
            CellKind::Text,
        ),
    ]);
    Format::new("Сотрудники", columns)
}

/// A qualification category as files write it: the label («Высшая»), with or without the words
/// «квалификационная категория», or the usual short forms («СЗД», «б/к»). Empty is «без
/// категории».
pub(super) fn category(text: &str) -> std::result::Result<QualificationCategory, Problem> {
    let key = fold_key(text);
    let bare: Vec<&str> = key
        .split(' ')
        .filter(|w| !matches!(*w, "квалификационная" | "категория" | "кв." | "кв"))
        .collect();
    let bare = bare.join(" ");
    let alias = match bare.as_str() {
        "" | "-" | "—" | "нет" | "без" | "б/к" | "бк" => {
            Some(QualificationCategory::None)
        }
        "сзд" | "соответствие" => Some(QualificationCategory::Conformity),
        _ => None,
    };
    let by_label = QualificationCategory::ALL.into_iter().find(|c| {
        let label = fold_key(c.label());
        label == key || label == bare
    });
    by_label.or(alias).ok_or_else(|| Problem::NotInList {
        value: text.to_string(),
        choices: QualificationCategory::ALL
            .iter()
            .map(|c| format!("«{}»", c.label()))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// The level as files write it: the label, or «высшее профессиональное», «СПО», «среднее
/// специальное», «среднее (полное) общее». Empty is «не указан».
pub(super) fn education_level(text: &str) -> std::result::Result<EducationLevel, Problem> {
    use EducationLevel::*;
    let short = [
        ("высшее", Higher),
        ("во", Higher),
        ("спо", SecondaryVocational),
        ("среднее специальное", SecondaryVocational),
        ("средне-специальное", SecondaryVocational),
        ("среднее профессиональное", SecondaryVocational),
        ("среднее (полное) общее", SecondaryGeneral),
        ("среднее", SecondaryGeneral),
        ("нет", Unknown),
        ("-", Unknown),
    ];
    choice(text, &EducationLevel::ALL, |l| l.label(), &short, Unknown)
}

/// The degree: «кандидат …наук» or «доктор …наук», «к.п.н.», «д.п.н.»; empty or «нет» is none.
pub(super) fn academic_degree(text: &str) -> std::result::Result<AcademicDegree, Problem> {
    use AcademicDegree::{Candidate, Doctor};
    let key = fold_key(text).replace(' ', "");
    let short = |prefix: &str| key.starts_with(prefix) && key.ends_with("н.") && key.len() <= 16;
    match () {
        _ if key.starts_with("кандидат") || short("к.") => Ok(Candidate),
        _ if key.starts_with("доктор") || short("д.") => Ok(Doctor),
        _ => {
            let none = AcademicDegree::None;
            choice(
                text,
                &AcademicDegree::ALL,
                |d| d.label(),
                &[("-", none)],
                none,
            )
        }
    }
}

/// The person's cell of `key` as the import keeps it: the choices as their labels (so that
/// rows of one person agree however they are written), «да»/«нет», the titles one a line; a
/// cell that is not one of the choices fails the row at its column.
pub(super) fn person_value(rec: &mut Record, key: &str) -> Value {
    let text = rec.text(key).unwrap_or_default().to_string();
    if text.is_empty() {
        return rec.get(key).clone();
    }
    let read = match key {
        "category" => category(&text).map(|c| match c {
            QualificationCategory::None => "",
            c => c.label(),
        }),
        "education_level" => education_level(&text).map(|l| match l {
            EducationLevel::Unknown => "",
            l => l.label(),
        }),
        "pedagogical_education" => answers::yes_no(&text).map(answers::yes_no_text),
        "academic_degree" => academic_degree(&text).map(|d| d.label()),
        "honorary_titles" => {
            let lines: Vec<&str> = text
                .split([';', '\n'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            return Value::text(lines.join("\n"));
        }
        _ => return rec.get(key).clone(),
    };
    match read {
        Ok(label) => Value::text(label),
        Err(problem) => {
            rec.fail(key, &problem);
            Value::Empty
        }
    }
}

/// Writes the person's facts that are choices from the cells the import kept (see
/// [`person_value`]); a column the file does not have keeps what is stored.
pub(super) fn apply_choices(m: &mut StaffMember, text_of: impl Fn(&str) -> Option<String>) {
    if let Some(label) = text_of("category") {
        m.qualification_category = QualificationCategory::ALL
            .into_iter()
            .find(|c| c.label() == label)
            .unwrap_or(QualificationCategory::None);
    }
    if let Some(label) = text_of("education_level") {
        m.education_level = EducationLevel::ALL
            .into_iter()
            .find(|l| l.label() == label)
            .unwrap_or(EducationLevel::Unknown);
    }
    if let Some(yes) = text_of("pedagogical_education") {
        m.pedagogical_education = yes == answers::yes_no_text(true);
    }
    if let Some(label) = text_of("academic_degree") {
        m.academic_degree = AcademicDegree::ALL
            .into_iter()
            .find(|d| d.label() == label)
            .unwrap_or(AcademicDegree::None);
    }
    if let Some(titles) = text_of("honorary_titles") {
        m.honorary_titles = titles;
    }
}

/// The member's facts for the reports as an export writes them.
pub(super) fn facts_of(m: &StaffMember) -> [(&'static str, Value); 7] {
    [
        ("education_level", Value::text(level_cell(m))),
        (
            "pedagogical_education",
            Value::text(answers::yes_no_text(m.pedagogical_education)),
        ),
        ("category_awarded_on", m.category_awarded_on.into()),
        ("experience_since", m.experience_since.into()),
        (
            "pedagogical_experience_since",
            m.pedagogical_experience_since.into(),
        ),
        (
            "academic_degree",
            Value::text(match m.academic_degree {
                AcademicDegree::None => "",
                d => d.label(),
            }),
        ),
        (
            "honorary_titles",
            Value::text(
                m.honorary_titles
                    .lines()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(TITLES_SEPARATOR),
            ),
        ),
    ]
}

/// An unknown level is written empty, as a person without one is typed.
fn level_cell(m: &StaffMember) -> &'static str {
    match m.education_level {
        EducationLevel::Unknown => "",
        l => l.label(),
    }
}
