//! The problems of a spreadsheet file that is damaged or too large to import: each names the file
//! and, for a limit, the limit, and says what to do. Kept beside error.rs, as `Problem::BadFile`.
//! The limits themselves are in `exchange/limits.rs` (docs/reliability.md, «Bad files»).

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum BadFileProblem {
    /// The spreadsheet reader stopped on the file's content (a panic caught): `reader` says
    /// which kind of file it was read as.
    Damaged { file: String, reader: String },
    /// The spreadsheet reader refused the file's content (`detail`: its words, in English).
    Unreadable {
        file: String,
        reader: String,
        detail: String,
    },
    /// The file has no bytes at all.
    Empty { file: String },
    /// The file is larger than the import limit, in megabytes.
    TooLarge { file: String, size: u64, limit: u64 },
    /// The archive (.xlsx, .ods) declares more unpacked data than the limit, in megabytes.
    UnpackedTooLarge { file: String, size: u64, limit: u64 },
    /// The archive holds more files than any spreadsheet does.
    TooManyEntries {
        file: String,
        count: usize,
        limit: usize,
    },
    /// A sheet reaches past the row limit (`rows` is how far it was seen to go).
    TooManyRows {
        file: String,
        sheet: String,
        rows: u64,
        limit: u32,
    },
    /// A sheet reaches past the column limit.
    TooManyColumns {
        file: String,
        sheet: String,
        columns: u64,
        limit: u32,
    },
    /// The sheets' used area (rows × columns) exceeds the cell limit.
    TooManyCells {
        file: String,
        sheet: String,
        limit: u64,
    },
}

impl BadFileProblem {
    pub fn code(&self) -> &'static str {
        match self {
            BadFileProblem::Damaged { .. } => "damaged_spreadsheet",
            BadFileProblem::Unreadable { .. } => "unreadable_spreadsheet",
            BadFileProblem::Empty { .. } => "empty_file",
            BadFileProblem::TooLarge { .. } => "file_too_large",
            BadFileProblem::UnpackedTooLarge { .. } => "unpacked_too_large",
            BadFileProblem::TooManyEntries { .. } => "too_many_entries",
            BadFileProblem::TooManyRows { .. } => "too_many_rows",
            BadFileProblem::TooManyColumns { .. } => "too_many_columns",
            BadFileProblem::TooManyCells { .. } => "too_many_cells",
        }
    }
}

/// What to do with a file the program will not read as it is.
const RESAVE: &str = "откройте его в Excel или LibreOffice и сохраните заново";
/// What to do with a file too large to import.
const SPLIT: &str = "Уберите из файла лишние листы, строки и столбцы (или разделите его на \
                     несколько) и загрузите снова";

impl fmt::Display for BadFileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadFileProblem::Damaged { file, reader } => write!(
                f,
                "Файл «{file}» повреждён или не является таблицей Excel/OpenDocument: {reader} \
                 остановилось на ошибке в файле; {RESAVE}. Ничего не загружено."
            ),
            BadFileProblem::Unreadable {
                file,
                reader,
                detail,
            } => write!(
                f,
                "Файл «{file}» повреждён или не является таблицей Excel/OpenDocument: {reader} \
                 не удалось ({detail}); {RESAVE} как .xlsx. Ничего не загружено."
            ),
            BadFileProblem::Empty { file } => write!(
                f,
                "Файл «{file}» пуст: в нём нет ни одного байта. Возможно, он не был сохранён до \
                 конца; выберите другой файл или сохраните таблицу заново."
            ),
            BadFileProblem::TooLarge { file, size, limit } => write!(
                f,
                "Файл «{file}» слишком большой: {size} МБ, а загрузить можно не больше {limit} \
                 МБ. {SPLIT}."
            ),
            BadFileProblem::UnpackedTooLarge { file, size, limit } => write!(
                f,
                "Файл «{file}» в распакованном виде занимает {size} МБ, а загрузить можно не \
                 больше {limit} МБ. Файл может быть повреждён или собран нарочно; если это ваша \
                 таблица — {SPLIT}."
            ),
            BadFileProblem::TooManyEntries { file, count, limit } => write!(
                f,
                "Файл «{file}» содержит {count} частей, а в таблице их бывает не больше {limit}: \
                 файл повреждён или это не таблица; {RESAVE}."
            ),
            BadFileProblem::TooManyRows {
                file,
                sheet,
                rows,
                limit,
            } => write!(
                f,
                "На листе «{sheet}» файла «{file}» больше {limit} строк (заполнено до строки \
                 {rows}): загрузить можно не больше {limit}. {SPLIT}.",
                limit = grouped(u64::from(*limit)),
            ),
            BadFileProblem::TooManyColumns {
                file,
                sheet,
                columns,
                limit,
            } => write!(
                f,
                "На листе «{sheet}» файла «{file}» больше {limit} столбцов (заполнено до \
                 столбца {columns}): загрузить можно не больше {limit}. {SPLIT}.",
                limit = grouped(u64::from(*limit)),
            ),
            BadFileProblem::TooManyCells { file, sheet, limit } => write!(
                f,
                "В файле «{file}» (лист «{sheet}») занято больше {limit} ячеек: загрузить можно \
                 не больше. {SPLIT}.",
                limit = grouped(*limit),
            ),
        }
    }
}

/// A number with its thousands apart, as Russian texts write it: «100 000».
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let first = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        r => r,
    };
    let mut out = digits[..first].to_string();
    for group in digits.as_bytes()[first..].chunks(3) {
        out.push('\u{a0}');
        out.extend(group.iter().map(|&d| d as char));
    }
    out
}
