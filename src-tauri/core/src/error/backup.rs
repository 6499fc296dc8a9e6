//! The problems of backups, restores and the checks of the school file at open: what happened,
//! to which file, and which copy to restore. Kept beside error.rs, as `Problem::Backup`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum BackupProblem {
    /// The school file failed `quick_check` or `foreign_key_check` at open: it is not opened.
    /// `latest` names the latest good copy («07.12.2026 09:41, ежедневная (20261207-094100)»).
    Damaged {
        file: String,
        latest: Option<String>,
    },
    /// The copy asked to restore is damaged, not a school file or from a newer version.
    BadCopy { copy: String },
    /// No copy of this school has that number, and no file has that name.
    UnknownCopy { id: String },
    /// Warning: the second place for copies has not been reachable for a week or more.
    SecondPlaceUnreachable { folder: String, since: String },
    /// The second place named is not a folder that exists now.
    SecondPlaceMissing { folder: String },
}

impl BackupProblem {
    pub fn code(&self) -> &'static str {
        match self {
            BackupProblem::Damaged { .. } => "damaged_file",
            BackupProblem::BadCopy { .. } => "bad_copy",
            BackupProblem::UnknownCopy { .. } => "unknown_copy",
            BackupProblem::SecondPlaceUnreachable { .. } => "second_place_unreachable",
            BackupProblem::SecondPlaceMissing { .. } => "second_place_missing",
        }
    }
}

impl fmt::Display for BackupProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupProblem::Damaged { file, latest } => {
                write!(
                    f,
                    "Файл школы «{file}» повреждён: проверка нашла в нём ошибки. Файл не \
                     открыт и не изменён. "
                )?;
                match latest {
                    Some(copy) => write!(
                        f,
                        "Последняя исправная копия — {copy}: восстановите её (в программе — \
                         кнопкой «Восстановить последнюю исправную копию», в командной строке — \
                         backup restore с номером копии). Повреждённый файл сохранится среди \
                         копий."
                    ),
                    None => write!(
                        f,
                        "Исправных резервных копий этого файла нет: восстановите его из копии, \
                         сделанной другим способом (флешка, сетевая папка)."
                    ),
                }
            }
            BackupProblem::BadCopy { copy } => write!(
                f,
                "Копия «{copy}» повреждена, не является файлом школы или сделана более новой \
                 версией программы: восстановить из неё нельзя. Выберите другую копию."
            ),
            BackupProblem::UnknownCopy { id } => write!(
                f,
                "Копии «{id}» нет ни в списке копий этой школы, ни как файла. Посмотрите номера \
                 копий командой backup list или укажите путь к файлу копии."
            ),
            BackupProblem::SecondPlaceUnreachable { folder, since } => write!(
                f,
                "Вторая папка для копий «{folder}» недоступна {since}: копии туда не попадают. \
                 Подключите флешку или сетевую папку либо выберите другую папку."
            ),
            BackupProblem::SecondPlaceMissing { folder } => write!(
                f,
                "Папки «{folder}» нет. Подключите флешку или сетевой диск и выберите \
                 существующую папку."
            ),
        }
    }
}
