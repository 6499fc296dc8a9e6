//! An import/export format described as data: its columns, the header words that name each,
//! which are required and how each cell is read. One engine reads and writes every format.

use chrono::NaiveDate;

/// How a cell of a column is read (and written).
#[derive(Debug, Clone, PartialEq)]
pub enum CellKind {
    /// Trimmed, inner spaces folded to one. Numbers and dates are taken as they are shown.
    Text,
    /// A person's name in Cyrillic: trimmed and folded; Latin letters mixed into Cyrillic
    /// («Иванoв» with a Latin «o»), digits and stray signs are refused; «ё» is kept as typed.
    Name,
    /// A date cell, or text «dd.mm.yyyy», «d.m.yy», «yyyy-mm-dd».
    Date,
    /// «м»/«ж», «муж»/«жен», «мужской»/«женский», any case.
    Sex,
    /// A whole number (a number cell or digits as text).
    Integer,
    /// A number above zero; «0,5» and «0.5» both work.
    PositiveNumber,
    /// One of the listed values, matched regardless of case, spaces and «ё»; the value read is
    /// the one as listed.
    Choice(Vec<String>),
    /// A combined name column («ФИО», «Имя Отчество») split at spaces into the columns whose keys
    /// are listed, each read as a [`CellKind::Name`]. Every part but the last must be there; the
    /// last (the patronymic) may be missing and takes all remaining words («Рашид оглы»).
    /// A required column listed here counts as present when this combined column is.
    Split(Vec<String>),
}

/// One column of a format.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// The name the import code asks for the value by.
    pub key: String,
    /// Header words that name the column, the first as written in templates and exports.
    /// A column under a merged group header is named «Группа: Подзаголовок»
    /// («Приказ о зачислении: Дата»); a template writes it as a two-row header.
    pub headers: Vec<String>,
    /// The column must be in the file and its cells must be filled.
    pub required: bool,
    pub kind: CellKind,
}

impl ColumnSpec {
    pub fn required(key: &str, headers: &[&str], kind: CellKind) -> ColumnSpec {
        ColumnSpec {
            key: key.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            required: true,
            kind,
        }
    }

    pub fn optional(key: &str, headers: &[&str], kind: CellKind) -> ColumnSpec {
        ColumnSpec {
            required: false,
            ..ColumnSpec::required(key, headers, kind)
        }
    }

    /// The header written in templates and exports.
    pub fn title(&self) -> &str {
        self.headers
            .first()
            .map(String::as_str)
            .unwrap_or(&self.key)
    }
}

/// The columns of a person's name, as lists of people name them: «Фамилия», «Имя» (both
/// required), «Отчество», and the combined «ФИО» and «Имя Отчество» other systems export, split
/// into the same keys (`last_name`, `first_name`, `patronymic`).
pub fn name_columns() -> Vec<ColumnSpec> {
    let split = |parts: &[&str]| CellKind::Split(parts.iter().map(|p| p.to_string()).collect());
    vec![
        ColumnSpec::required("last_name", &["Фамилия"], CellKind::Name),
        ColumnSpec::required("first_name", &["Имя"], CellKind::Name),
        ColumnSpec::optional("patronymic", &["Отчество"], CellKind::Name),
        ColumnSpec::optional(
            "full_name",
            &["ФИО", "Фамилия Имя Отчество", "Фамилия, имя, отчество"],
            split(&["last_name", "first_name", "patronymic"]),
        ),
        ColumnSpec::optional(
            "first_and_patronymic",
            &["Имя Отчество", "Имя, отчество"],
            split(&["first_name", "patronymic"]),
        ),
    ]
}

/// A format: a name (the sheet name of templates and exports) and its columns in the order a
/// template shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    pub name: String,
    pub columns: Vec<ColumnSpec>,
}

impl Format {
    pub fn new(name: &str, columns: Vec<ColumnSpec>) -> Format {
        Format {
            name: name.to_string(),
            columns,
        }
    }

    pub fn column(&self, key: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// Columns written to templates and exports: a combined name column is left out when the
    /// format also has a column for each of its parts (it is only a way of reading other files).
    pub fn written_columns(&self) -> Vec<&ColumnSpec> {
        self.columns
            .iter()
            .filter(|c| match &c.kind {
                CellKind::Split(parts) => !parts.iter().all(|p| self.column(p).is_some()),
                _ => true,
            })
            .collect()
    }
}

/// The sex a `Sex` cell holds: the people module's one type.
pub use crate::people::Sex;

/// A typed cell value, read from a file or to be written to one.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Integer(i64),
    Number(f64),
    Date(NaiveDate),
    Sex(Sex),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        let s = s.into();
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s)
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Integer(i) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn as_sex(&self) -> Option<Sex> {
        match self {
            Value::Sex(s) => Some(*s),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::text(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::text(s)
    }
}

impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Value {
        Value::Date(d)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Integer(i)
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}

impl From<Sex> for Value {
    fn from(s: Sex) -> Value {
        Value::Sex(s)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map(Into::into).unwrap_or(Value::Empty)
    }
}
