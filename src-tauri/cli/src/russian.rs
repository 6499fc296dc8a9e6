//! The command line in Russian: the help of every command, its usage line and clap's own errors
//! (an unknown flag, a missing value, a command that does not exist). Flags and command names
//! stay exactly as they are. What a command and an argument do is their doc comment, written in
//! Russian; this module supplies everything clap would otherwise write in English, for every
//! command the tree has, so that a new command is localised by being added.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, FromArgMatches};
use std::error::Error as _;

/// The help page: what the command does, how it is called, its commands and arguments.
const TEMPLATE: &str = "{about-with-newline}\nИспользование: {usage}\n\n{all-args}{after-help}";

/// The tree of `cmd` in Russian, with its usage lines made (call once, on the root).
pub fn localise(cmd: Command) -> Command {
    let mut cmd = russify(
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Показать версию программы"),
        ),
    );
    cmd.build();
    with_usage(cmd)
}

/// Reads the command line into `T`. Help and the version are printed as clap does; a line
/// clap cannot read is told in Russian on stderr with the usage, and the program exits with
/// clap's code 2.
pub fn parse<T: FromArgMatches>(cmd: Command) -> T {
    match cmd.try_get_matches().and_then(|m| T::from_arg_matches(&m)) {
        Ok(value) => value,
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            eprintln!("{}", message(&e));
            std::process::exit(e.exit_code());
        }
    }
}

/// One command (and all under it): Russian headings, the help flag, the texts of arguments.
fn russify(cmd: Command) -> Command {
    cmd.help_template(TEMPLATE)
        .subcommand_help_heading("Команды")
        .subcommand_value_name("КОМАНДА")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Показать эту справку"),
        )
        .mut_args(argument)
        .mut_subcommands(russify)
}

/// An argument under a Russian heading, with its default, its values and its environment
/// variable told in Russian rather than by clap's «[default: …]».
fn argument(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        "Аргументы"
    } else {
        "Параметры"
    };
    let mut help = match arg.get_help() {
        Some(text) => text.to_string(),
        None => usual_help(arg.get_id().as_str()).to_string(),
    };
    // A flag has the values «true» and «false» of its own: only arguments that take a value
    // are told their values and default.
    let takes_value = arg.get_action().takes_values();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let mut arg = arg.help_heading(heading);
    if takes_value && !values.is_empty() {
        if !help.contains(&values[0]) {
            help.push_str(&format!(" (значения: {})", values.join(", ")));
        }
        arg = arg.hide_possible_values(true);
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() {
        help.push_str(&format!(" (по умолчанию {})", defaults.join(" ")));
        arg = arg.hide_default_value(true);
    }
    if let Some(env) = arg.get_env() {
        help.push_str(&format!(
            " (можно задать переменной {})",
            env.to_string_lossy()
        ));
        arg = arg.hide_env(true);
    }
    arg.help(help)
}

/// The help of the arguments every command names the same way, when a command gives none.
fn usual_help(id: &str) -> &'static str {
    match id {
        "output" => "Куда записать файл",
        "json" => "Напечатать итог в JSON",
        _ => "",
    }
}

/// Every command's usage line with «[ПАРАМЕТРЫ]» for clap's «[OPTIONS]»; `help` (clap's own
/// command) in Russian too. Needs the built tree: the usage names the whole command path.
fn with_usage(mut cmd: Command) -> Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .strip_prefix("Usage: ")
        .unwrap_or(&usage)
        .replace("[OPTIONS]", "[ПАРАМЕТРЫ]");
    let cmd = cmd.override_usage(usage);
    let has_help = cmd.get_subcommands().any(|c| c.get_name() == "help");
    let cmd = if has_help {
        // Built already: its texts change, nothing is added to it.
        cmd.mut_subcommand("help", |help| {
            help.about("Показать справку команды (или её подкоманды)")
                .help_template(TEMPLATE)
                .subcommand_help_heading("Команды")
                .subcommand_value_name("КОМАНДА")
                .mut_args(|a| {
                    a.value_name("КОМАНДА")
                        .help("Команда, о которой справка")
                        .help_heading("Аргументы")
                })
        })
    } else {
        cmd
    };
    cmd.mut_subcommands(with_usage)
}

/// The Russian text of a command line clap could not read: what is wrong, a likely meant
/// spelling, the usage and where the help is.
fn message(e: &clap::Error) -> String {
    let listed = |kind, between: &str| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(between),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let text = |kind| listed(kind, ", ");
    let (arg, value) = (
        text(ContextKind::InvalidArg),
        text(ContextKind::InvalidValue),
    );
    let what = match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            format!("неизвестный параметр «{arg}»")
        }
        ErrorKind::UnknownArgument => format!("лишний аргумент «{arg}»"),
        ErrorKind::InvalidSubcommand => {
            format!("нет команды «{}»", text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("у «{arg}» не указано значение"),
        ErrorKind::InvalidValue => format!(
            "«{value}» не подходит для «{arg}»; можно: {}",
            text(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => match e.source() {
            Some(why) => format!("«{value}» не подходит для «{arg}»: {why}"),
            None => format!("«{value}» не подходит для «{arg}»"),
        },
        ErrorKind::MissingRequiredArgument => format!("не указано обязательное: {arg}"),
        ErrorKind::MissingSubcommand => "не указана команда".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "«{arg}» нельзя указывать вместе с «{}»",
            text(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals => format!("значение «{arg}» пишется через «=»"),
        ErrorKind::TooManyValues => format!("лишнее значение «{value}» у «{arg}»"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("у «{arg}» не хватает значений")
        }
        ErrorKind::InvalidUtf8 => "в командной строке есть знаки не в кодировке UTF-8".into(),
        _ => "командная строка не разобрана".to_string(),
    };
    let mut out = format!("Ошибка: {what}.");
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(|kind| listed(kind, "» или «"))
    .find(|s| !s.is_empty());
    if let Some(meant) = suggested {
        out.push_str(&format!("\nМожет быть, имелось в виду «{meant}»?"));
    }
    let usage = text(ContextKind::Usage);
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    if !usage.is_empty() {
        out.push_str(&format!("\n\nИспользование: {usage}"));
    }
    out.push_str("\n\nСправка: добавьте --help.");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn cyrillic(text: &str) -> bool {
        text.chars()
            .any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё'))
    }

    /// Every command and argument of the tree, with where it is.
    fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, Command)>) {
        out.push((path.to_string(), cmd.clone()));
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_argument_is_described_in_russian() {
        let root = localise(crate::Cli::command());
        let mut all = Vec::new();
        walk(&root, "zavuch-cli", &mut all);
        assert!(all.len() > 40, "the whole tree: {}", all.len());
        let mut english = Vec::new();
        for (path, cmd) in &all {
            let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
            if !cyrillic(&about) {
                english.push(format!("{path}: «{about}»"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id();
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                if !cyrillic(&help) {
                    english.push(format!("{path} {id}: «{help}»"));
                }
                let shown = arg.get_action().takes_values();
                for name in arg.get_value_names().filter(|_| shown).unwrap_or_default() {
                    // A placeholder is a Russian word, with a file's extension at most.
                    let word = name.split('.').next().unwrap_or_default();
                    if word.is_empty() || word.chars().any(|c| c.is_ascii_alphabetic()) {
                        english.push(format!("{path} {id}: <{name}>"));
                    }
                }
            }
        }
        assert!(english.is_empty(), "{english:#?}");
    }

    #[test]
    fn usage_lines_name_the_whole_command_in_russian() {
        let mut root = localise(crate::Cli::command());
        let import = root.find_subcommand_mut("import").unwrap();
        let students = import.find_subcommand_mut("students").unwrap();
        let usage = students.render_usage().to_string();
        assert!(
            usage.contains("zavuch-cli import students [ПАРАМЕТРЫ] <ФАЙЛ>"),
            "{usage}"
        );
        assert!(!usage.contains("OPTIONS"), "{usage}");
    }
}
