//! Connecting to the district's PostgreSQL the way its users expect: a connection string as a
//! URL (`postgresql://user@host:5432/db?sslmode=require`) or as `key=value` pairs, parsed by the
//! client crate; what it leaves out from libpq's environment (`PGHOST`, `PGPORT`, `PGUSER`,
//! `PGDATABASE`, `PGPASSWORD`) and the password file (`PGPASSFILE`, else `~/.pgpass`), as libpq
//! reads them. TLS goes through the system's OpenSSL: `sslmode=disable` never, `prefer` (the
//! default) when the server offers it, `require` always; as libpq, the server's certificate is
//! checked only against a root certificate that is there (`PGSSLROOTCERT`, else
//! `~/.postgresql/root.crt`), its host name never (the client parses no `verify-full`).

use crate::error::{CoreError, Problem, Result};
use postgres::config::{Host, SslMode};
use postgres::{Client, Config};
use std::path::PathBuf;

/// Connects to `url`; the failure says where it tried and what to check.
pub fn connect(url: &str) -> Result<Client> {
    connect_as(url, None)
}

/// [`connect`] with a password typed for this connection only (the app's send dialog); without
/// one, the string's, `PGPASSWORD`'s or the password file's, as libpq.
pub fn connect_as(url: &str, password: Option<&str>) -> Result<Client> {
    let mut config: Config = url.parse().map_err(|e| {
        CoreError::District(format!(
            "Адрес сервера управления образования не читается ({e}): укажите его как \
             postgresql://пользователь@сервер:5432/база"
        ))
    })?;
    if let Some(p) = password.filter(|p| !p.is_empty()) {
        config.password(p);
    }
    fill_from_environment(&mut config);
    let tls = tls(config.get_ssl_mode())?;
    config.connect(tls).map_err(|e| {
        CoreError::District(format!(
            "Не удалось подключиться к серверу управления образования {}: {}. Проверьте адрес \
             (--url), имя пользователя и пароль (PGPASSWORD или ~/.pgpass) и что сервер запущен.",
            place(&config),
            detail(&e)
        ))
    })
}

/// A district address as the school card keeps it: empty, or a connection string the client
/// reads, without a password (the card is in the school file and its copies).
pub fn check_url(url: &str) -> std::result::Result<(), Problem> {
    if url.trim().is_empty() {
        return Ok(());
    }
    match url.trim().parse::<Config>() {
        Err(_) => Err(Problem::DistrictUrlUnreadable),
        Ok(config) if config.get_password().is_some() => Err(Problem::DistrictUrlWithPassword),
        Ok(_) => Ok(()),
    }
}

/// The address on the school card to send the figures to; refused when the card has none.
pub fn card_url(card: &crate::school::School) -> Result<String> {
    let url = card.district_url.trim();
    if url.is_empty() {
        return Err(CoreError::refused("district_url", Problem::DistrictNoUrl));
    }
    Ok(url.to_string())
}

/// The server's own words about a failure (PostgreSQL sends them in its locale), else the
/// client's.
pub fn detail(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    // The client's own text and its causes («error performing TLS handshake: …»).
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

/// «host:port/db» for messages.
fn place(config: &Config) -> String {
    format!(
        "{}:{}/{}",
        host_name(config),
        port(config),
        config.get_dbname().unwrap_or_default()
    )
}

fn host_name(config: &Config) -> String {
    match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(_)) => "localhost".into(),
        None => "localhost".into(),
    }
}

fn port(config: &Config) -> u16 {
    config.get_ports().first().copied().unwrap_or(5432)
}

/// What the string left out, from libpq's variables and the password file.
fn fill_from_environment(config: &mut Config) {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if config.get_hosts().is_empty() {
        config.host(&var("PGHOST").unwrap_or_else(|| "localhost".into()));
    }
    if config.get_ports().is_empty() {
        if let Some(p) = var("PGPORT").and_then(|p| p.parse().ok()) {
            config.port(p);
        }
    }
    if config.get_user().is_none() {
        if let Some(user) = var("PGUSER").or_else(|| var("USER")) {
            config.user(&user);
        }
    }
    if config.get_dbname().is_none() {
        let db = var("PGDATABASE").or_else(|| config.get_user().map(str::to_string));
        if let Some(db) = db {
            config.dbname(&db);
        }
    }
    if config.get_password().is_none() {
        let password = var("PGPASSWORD").or_else(|| password_from_file(config));
        if let Some(p) = password {
            config.password(&p);
        }
    }
}

fn password_file() -> Option<PathBuf> {
    match std::env::var_os("PGPASSFILE") {
        Some(p) => Some(PathBuf::from(p)),
        None => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")),
    }
}

fn password_from_file(config: &Config) -> Option<String> {
    let text = std::fs::read_to_string(password_file()?).ok()?;
    let wanted = [
        host_name(config),
        port(config).to_string(),
        config.get_dbname().unwrap_or_default().to_string(),
        config.get_user().unwrap_or_default().to_string(),
    ];
    pgpass_lookup(&text, &wanted)
}

/// The password of the first line of a `.pgpass` text matching host, port, database and user
/// (`*` matches anything; `\:` and `\\` escape).
pub fn pgpass_lookup(text: &str, wanted: &[String; 4]) -> Option<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(pgpass_fields)
        .filter(|f| f.len() == 5)
        .find(|f| f[..4].iter().zip(wanted).all(|(a, b)| a == "*" || a == b))
        .map(|f| f[4].clone())
}

fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().unwrap().extend(chars.next()),
            ':' => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// The root certificate libpq would check the server against: `PGSSLROOTCERT`, else
/// `~/.postgresql/root.crt`, when it exists.
fn root_certificate() -> Option<PathBuf> {
    let path = match std::env::var_os("PGSSLROOTCERT") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".postgresql/root.crt"),
    };
    path.is_file().then_some(path)
}

/// TLS as libpq's `prefer` and `require`: encrypted, the server's certificate not checked —
/// unless a root certificate is there, then checked against it (libpq's `verify-ca`).
fn tls(mode: SslMode) -> Result<postgres_native_tls::MakeTlsConnector> {
    let failed =
        |e: String| CoreError::District(format!("TLS (OpenSSL) не удалось подготовить: {e}"));
    let mut builder = native_tls::TlsConnector::builder();
    builder.danger_accept_invalid_hostnames(true);
    // As libpq: only the root certificate given is trusted, never the system's store.
    builder.disable_built_in_roots(true);
    match root_certificate() {
        Some(path) if mode != SslMode::Disable => {
            let pem =
                std::fs::read(&path).map_err(|e| failed(format!("{}: {e}", path.display())))?;
            let cert = native_tls::Certificate::from_pem(&pem)
                .map_err(|e| failed(format!("{}: {e}", path.display())))?;
            builder.add_root_certificate(cert);
        }
        _ => {
            builder.danger_accept_invalid_certs(true);
        }
    }
    let connector = builder.build().map_err(|e| failed(e.to_string()))?;
    Ok(postgres_native_tls::MakeTlsConnector::new(connector))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(host: &str, port: &str, db: &str, user: &str) -> [String; 4] {
        [host, port, db, user].map(String::from)
    }

    #[test]
    fn pgpass_takes_the_first_matching_line_with_wildcards_and_escapes() {
        let text = "# comment\n\
                    other:5432:*:uo:wrong\n\
                    db.uo.local:5432:district:uo:p\\:ss\\\\1\n\
                    *:*:*:uo:fallback\n";
        assert_eq!(
            pgpass_lookup(text, &wanted("db.uo.local", "5432", "district", "uo")).as_deref(),
            Some("p:ss\\1")
        );
        assert_eq!(
            pgpass_lookup(text, &wanted("localhost", "6543", "x", "uo")).as_deref(),
            Some("fallback")
        );
        assert_eq!(
            pgpass_lookup(text, &wanted("localhost", "5432", "x", "other")),
            None
        );
    }
}
