//! `encrypt`, `decrypt`, `change-password`: the school file encrypted with a password, back to a
//! plain file, a new password (docs/security.md). The password is read from a file (never from
//! the command line, where other users of the machine see it): `--password-file` (or
//! `ZAVUCH_PASSWORD_FILE`) on every command opens an encrypted school file.

use crate::{print_out, to_json};
use clap::Args;
use std::path::{Path, PathBuf};
use zavuch_core::encryption::{self, Converted};
use zavuch_core::CoreError;

#[derive(Args)]
pub struct ConvertArgs {
    /// Вывести итог в JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ChangePasswordArgs {
    /// Файл, первая строка которого — новый пароль
    #[arg(long, value_name = "ФАЙЛ")]
    new_password_file: PathBuf,
    /// Вывести итог в JSON
    #[arg(long)]
    pub json: bool,
}

/// Remembers the password of `--password-file` for the files this command opens: the file's
/// password, or with `--user` the password of that account, signed in to the school file.
pub fn give_password(
    school: &Path,
    user: Option<&str>,
    file: Option<&Path>,
) -> Result<(), CoreError> {
    match (user, file) {
        (Some(login), file) => {
            let password = encryption::read_password_file(required(file)?)?;
            zavuch_core::accounts::sign_in(school, login, &password)
        }
        (None, Some(file)) => {
            encryption::add_password(&encryption::read_password_file(file)?);
            Ok(())
        }
        (None, None) => Ok(()),
    }
}

/// `encrypt`: with the password of `--password-file`.
pub fn encrypt(
    school: &Path,
    password_file: Option<&Path>,
    args: &ConvertArgs,
) -> Result<(), CoreError> {
    let password = encryption::read_password_file(required(password_file)?)?;
    report(encryption::encrypt(school, &password)?, args.json)
}

/// `decrypt`: opened with the password of `--password-file`.
pub fn decrypt(school: &Path, args: &ConvertArgs) -> Result<(), CoreError> {
    report(encryption::decrypt(school)?, args.json)
}

/// `change-password --new-password-file F`: opened with the old one of `--password-file`.
pub fn change_password(school: &Path, args: &ChangePasswordArgs) -> Result<(), CoreError> {
    let password = encryption::read_password_file(&args.new_password_file)?;
    report(encryption::change_password(school, &password)?, args.json)
}

fn required(file: Option<&Path>) -> Result<&Path, CoreError> {
    file.ok_or_else(|| {
        let problem = zavuch_core::error::EncryptionProblem::PasswordFileNeeded;
        CoreError::refused("password", problem.into())
    })
}

fn report(done: Converted, json: bool) -> Result<(), CoreError> {
    if json {
        return print_out(&to_json(&done)?);
    }
    let what = match done.encrypted {
        true => "зашифрован",
        false => "больше не зашифрован",
    };
    println!(
        "Файл школы {} {what}; резервных копий переписано: {}.",
        done.file, done.copies
    );
    if done.unchecked_copies > 0 {
        println!("{}", left_as_they_were(done.unchecked_copies));
    }
    Ok(())
}

/// The copies a conversion could not rewrite, said with what the user may do.
fn left_as_they_were(n: usize) -> String {
    format!(
        "Копий, не прошедших проверку, оставлено как были: {n} (их нельзя прочитать, чтобы \
         переписать; сделанные с незашифрованного файла читаются без пароля). Если они не \
         нужны, удалите их из папки «Резервные копии»."
    )
}
