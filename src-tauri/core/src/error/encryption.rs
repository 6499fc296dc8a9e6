//! The problems of an encrypted school file: no password, a wrong one, a conversion refused.
//! Kept beside error.rs, as `Problem::Encryption`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum EncryptionProblem {
    /// The file is encrypted (or is not a database at all) and no password was given.
    PasswordNeeded { file: String },
    /// No page of the file verifies with the key of the password given.
    WrongPassword { file: String },
    /// A new password shorter than `min` characters.
    ShortPassword { min: usize },
    /// «Зашифровать» asked of a file that is encrypted already.
    AlreadyEncrypted { file: String },
    /// «Снять шифрование» or a new password asked of a plain file.
    NotEncrypted { file: String },
    /// The password file holds no password on its first line.
    EmptyPasswordFile { file: String },
    /// `encrypt` without a password file.
    PasswordFileNeeded,
    /// The file written anew did not hold the same rows as the old one: nothing replaced.
    CheckFailed { file: String },
    /// The app's screen of an encrypted school file no password given opens yet.
    EnterPassword,
}

impl EncryptionProblem {
    pub fn code(&self) -> &'static str {
        match self {
            EncryptionProblem::PasswordNeeded { .. } => "password_needed",
            EncryptionProblem::WrongPassword { .. } => "wrong_password",
            EncryptionProblem::ShortPassword { .. } => "short_password",
            EncryptionProblem::AlreadyEncrypted { .. } => "already_encrypted",
            EncryptionProblem::NotEncrypted { .. } => "not_encrypted",
            EncryptionProblem::EmptyPasswordFile { .. } => "empty_password_file",
            EncryptionProblem::CheckFailed { .. } => "encryption_check_failed",
            EncryptionProblem::PasswordFileNeeded => "password_file_needed",
            EncryptionProblem::EnterPassword => "enter_password",
        }
    }
}

impl fmt::Display for EncryptionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncryptionProblem::PasswordNeeded { file } => write!(
                f,
                "Файл «{file}» зашифрован (или это не файл базы данных): откройте его с паролем \
                 (в командной строке — --password-file ФАЙЛ или переменная ZAVUCH_PASSWORD_FILE)."
            ),
            EncryptionProblem::WrongPassword { file } => write!(
                f,
                "Пароль не подходит к файлу «{file}». Проверьте раскладку клавиатуры и Caps Lock \
                 и введите пароль ещё раз. Забытый пароль восстановить нельзя: без него файл и его \
                 копии не прочитать никому."
            ),
            EncryptionProblem::ShortPassword { min } => write!(
                f,
                "Пароль слишком короткий: нужно не меньше {min} символов. Придумайте пароль \
                 длиннее и запишите его в надёжном месте."
            ),
            EncryptionProblem::AlreadyEncrypted { file } => {
                write!(f, "Файл «{file}» уже зашифрован: чтобы сменить пароль, выберите «Сменить пароль».")
            }
            EncryptionProblem::NotEncrypted { file } => {
                write!(f, "Файл «{file}» не зашифрован: пароля у него нет.")
            }
            EncryptionProblem::EmptyPasswordFile { file } => write!(
                f,
                "В файле пароля «{file}» нет пароля: запишите пароль первой строкой."
            ),
            EncryptionProblem::PasswordFileNeeded => write!(
                f,
                "Укажите файл с паролем: --password-file ФАЙЛ (первая строка файла — пароль). \
                 Пароль не пишется в командной строке: её видят другие пользователи компьютера."
            ),
            EncryptionProblem::CheckFailed { file } => write!(
                f,
                "Файл «{file}» не изменён: записанный заново файл не совпал с прежним при проверке. \
                 Проверьте свободное место на диске и повторите."
            ),
            EncryptionProblem::EnterPassword => write!(
                f,
                "Введите пароль, которым файл зашифровали. Без пароля ни файл, ни его копии \
                 в «Резервных копиях» не открыть."
            ),
        }
    }
}
