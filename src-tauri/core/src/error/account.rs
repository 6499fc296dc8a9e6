//! The problems of accounts and roles. Kept beside error.rs, as `Problem::Account`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum AccountProblem {
    /// The role `role` may not change `what` (the data in words).
    NotAllowed {
        role: String,
        what: String,
    },
    /// The account is turned off.
    Disabled {
        login: String,
    },
    /// No account of that login in the file (or beside it).
    Unknown {
        login: String,
    },
    EmptyLogin,
    LoginTaken {
        login: String,
    },
    /// Accounts are for encrypted files only.
    NotEncrypted,
}

impl AccountProblem {
    pub fn code(&self) -> &'static str {
        match self {
            AccountProblem::NotAllowed { .. } => "role_not_allowed",
            AccountProblem::Disabled { .. } => "account_disabled",
            AccountProblem::Unknown { .. } => "unknown_account",
            AccountProblem::EmptyLogin => "empty_login",
            AccountProblem::LoginTaken { .. } => "login_taken",
            AccountProblem::NotEncrypted => "accounts_need_encryption",
        }
    }
}

impl fmt::Display for AccountProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountProblem::NotAllowed { role, what } => write!(
                f,
                "Роль «{role}» не позволяет изменять {what}: изменение не сохранено. \
                 Обратитесь к администратору программы."
            ),
            AccountProblem::Disabled { login } => write!(
                f,
                "Учётная запись «{login}» отключена: файл школы ей не открыть. Обратитесь к \
                 администратору программы."
            ),
            AccountProblem::Unknown { login } => write!(
                f,
                "Учётной записи «{login}» нет в этом файле школы (или администратор ещё не задал \
                 ей пароль). Проверьте имя входа или обратитесь к администратору."
            ),
            AccountProblem::EmptyLogin => write!(f, "Укажите имя входа учётной записи."),
            AccountProblem::LoginTaken { login } => {
                write!(
                    f,
                    "Учётная запись «{login}» уже есть: выберите другое имя входа."
                )
            }
            AccountProblem::NotEncrypted => write!(
                f,
                "Учётные записи есть только у зашифрованного файла школы: сначала зашифруйте \
                 файл («Шифрование файла» или zavuch-cli encrypt)."
            ),
        }
    }
}
