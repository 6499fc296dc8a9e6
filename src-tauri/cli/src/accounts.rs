//! `accounts`: the accounts of an encrypted school file and their roles (docs/security.md).
//! `--user ЛОГИН` with `--password-file` on any command opens the file as that account.

use crate::{print_out, to_json};
use clap::Subcommand;
use std::path::PathBuf;
use zavuch_core::accounts::{self, Account, Role};
use zavuch_core::encryption::read_password_file;
use zavuch_core::{CoreError, Db};

#[derive(Subcommand)]
pub enum AccountsCommand {
    /// Учётные записи файла: имя входа, ФИО, роль, включена ли, задан ли пароль
    List {
        #[arg(long)]
        json: bool,
    },
    /// Новая учётная запись (только в зашифрованном файле, только администратором)
    Add {
        /// Имя входа
        #[arg(value_name = "ЛОГИН")]
        login: String,
        /// Роль: администратор, заместитель, секретарь, просмотр
        #[arg(long, value_name = "РОЛЬ", value_parser = parse_role)]
        role: Role,
        /// Фамилия, имя, отчество
        #[arg(long, value_name = "ФИО", default_value = "")]
        name: String,
        /// Файл, первая строка которого — пароль учётной записи
        #[arg(long, value_name = "ФАЙЛ")]
        new_password_file: PathBuf,
    },
    /// Новый пароль учётной записи (администратор — любой, остальные — только свой)
    Password {
        /// Имя входа учётной записи
        #[arg(value_name = "ЛОГИН")]
        login: String,
        /// Файл, первая строка которого — новый пароль
        #[arg(long, value_name = "ФАЙЛ")]
        new_password_file: PathBuf,
    },
    /// Отключить учётную запись: файл школы ей больше не открыть
    Disable {
        /// Имя входа учётной записи
        #[arg(value_name = "ЛОГИН")]
        login: String,
    },
    /// Включить отключённую учётную запись
    Enable {
        /// Имя входа учётной записи
        #[arg(value_name = "ЛОГИН")]
        login: String,
    },
}

impl AccountsCommand {
    pub fn json(&self) -> bool {
        matches!(self, AccountsCommand::List { json: true })
    }
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        "роль — одна из: администратор, заместитель, секретарь, просмотр".to_string()
    })
}

pub fn run(db: &Db, command: AccountsCommand) -> Result<(), CoreError> {
    match command {
        AccountsCommand::List { json } => {
            let list = accounts::list(db)?;
            match json {
                true => print_out(&to_json(&list)?),
                false => print_out(&text(&list)),
            }
        }
        AccountsCommand::Add {
            login,
            role,
            name,
            new_password_file,
        } => {
            let password = read_password_file(&new_password_file)?;
            let added = accounts::add(db, &login, &name, role, &password)?;
            println!(
                "Учётная запись «{}» создана: {}.",
                added.login, added.role_label
            );
            Ok(())
        }
        AccountsCommand::Password {
            login,
            new_password_file,
        } => {
            accounts::set_password(db, &login, &read_password_file(&new_password_file)?)?;
            println!("Пароль учётной записи «{login}» изменён.");
            Ok(())
        }
        AccountsCommand::Disable { login } => {
            accounts::set_active(db, &login, false)?;
            println!("Учётная запись «{login}» отключена.");
            Ok(())
        }
        AccountsCommand::Enable { login } => {
            accounts::set_active(db, &login, true)?;
            println!("Учётная запись «{login}» включена.");
            Ok(())
        }
    }
}

fn text(list: &[Account]) -> String {
    if list.is_empty() {
        return "Учётных записей нет: файл открывают паролем файла.\n".to_string();
    }
    list.iter()
        .map(|a| {
            let mut line = format!("{}\t{}\t{}", a.login, a.role_label, a.full_name);
            if !a.active {
                line.push_str("\tотключена");
            }
            if !a.has_password {
                line.push_str("\tпароль не задан");
            }
            line + "\n"
        })
        .collect()
}
