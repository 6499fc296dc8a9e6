//! A real PostgreSQL for the district's tests, from Debian's packages (`postgresql`: the
//! binaries under /usr/lib/postgresql/<version>/bin): a cluster made by `initdb` in a temporary
//! folder, listening on a free loopback port, with a password (scram-sha-256) for the user
//! `zavuch`; stopped when the value is dropped, a failed test's unwinding included. As root
//! (CI, these machines) the server runs as the `postgres` user the package makes.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const USER: &str = "zavuch";
pub const PASSWORD: &str = "пароль-района";

/// A valid organisation INN from a serial number (check digit by the tax service's weights): the
/// district's generated schools are told apart by it.
pub fn inn(n: u32) -> String {
    let body = format!("77{:07}", n);
    let weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let sum: u32 = body
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(10).expect("a digit") * w)
        .sum();
    format!("{body}{}", sum % 11 % 10)
}

pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    pub port: u16,
    _dir: tempfile::TempDir,
}

/// The newest /usr/lib/postgresql/<version>/bin that has initdb.
fn binaries() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL from Debian's package `postgresql` (see .ci/install)")
        .filter_map(|e| {
            let e = e.ok()?;
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .expect("no initdb under /usr/lib/postgresql/*/bin")
        .1
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Runs a server binary, as `postgres` when we are root (initdb refuses root).
fn run(bin: &Path, args: &[&str]) {
    let out = command(bin, args).output().expect("PostgreSQL binary runs");
    assert!(
        out.status.success(),
        "{} {args:?}:\n{}\n{}",
        bin.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn command(bin: &Path, args: &[&str]) -> Command {
    let mut cmd = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args);
    cmd
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Postgres {
    pub fn start() -> Postgres {
        Postgres::start_with(false, false)
    }

    /// A server that takes only TLS connections (`hostssl`), with a self-signed certificate.
    pub fn start_tls() -> Postgres {
        Postgres::start_with(true, false)
    }

    /// A server that syncs its commits to disk as a district's would (the tests' servers do
    /// not: their data is thrown away), for the benchmark (benches/district.rs).
    #[allow(dead_code)]
    pub fn start_durable() -> Postgres {
        Postgres::start_with(false, true)
    }

    fn start_with(tls: bool, durable: bool) -> Postgres {
        let bin = binaries();
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, PASSWORD).unwrap();
        if is_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let (data_s, pw_s) = (data.to_str().unwrap(), pwfile.to_str().unwrap());
        run(
            &bin.join("initdb"),
            &[
                "-D",
                data_s,
                "-U",
                USER,
                "--pwfile",
                pw_s,
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        );
        let port = free_port();
        let mut options = format!("-p {port} -k {data_s} -c listen_addresses=127.0.0.1");
        if !durable {
            options.push_str(" -c fsync=off");
        }
        if tls {
            only_tls(&data);
            options.push_str(" -c ssl=on");
        }
        let log = dir.path().join("server.log");
        run(
            &bin.join("pg_ctl"),
            &[
                "-D",
                data_s,
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
        Postgres {
            bin,
            data,
            port,
            _dir: dir,
        }
    }

    /// The server's certificate (of a server started by [`Postgres::start_tls`]).
    pub fn certificate(&self) -> PathBuf {
        self.data.join("server.crt")
    }

    /// The URL of database `db` without the password (the tests give it as PGPASSWORD).
    pub fn url(&self, db: &str) -> String {
        format!("postgresql://{USER}@127.0.0.1:{}/{db}", self.port)
    }

    /// A client of database `db`, for the tests' own queries.
    pub fn client(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(
            &format!("{} password={PASSWORD}", self.kv(db)),
            postgres::NoTls,
        )
        .unwrap()
    }

    fn kv(&self, db: &str) -> String {
        format!("host=127.0.0.1 port={} user={USER} dbname={db}", self.port)
    }

    /// The database `db` dumped as SQL (pg_dump of the same version).
    pub fn dump(&self, db: &str) -> String {
        let out = Command::new(self.bin.join("pg_dump"))
            .arg(self.kv(db))
            .env("PGPASSWORD", PASSWORD)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// Makes a self-signed certificate (CN=localhost) and its key.
pub fn self_signed(key: &Path, cert: &Path) {
    let ok = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=localhost", "-keyout"])
        .arg(key)
        .arg("-out")
        .arg(cert)
        .output()
        .expect("openssl (Debian package `openssl`, see .ci/install)");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

/// A self-signed certificate in the cluster's folder (PostgreSQL's default file names) and
/// pg_hba.conf letting in TLS connections only.
fn only_tls(data: &Path) {
    let ok = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=localhost", "-keyout"])
        .arg(data.join("server.key"))
        .arg("-out")
        .arg(data.join("server.crt"))
        .output()
        .expect("openssl (Debian package `openssl`, see .ci/install)");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    let key = data.join("server.key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    if is_root() {
        for file in ["server.key", "server.crt", "pg_hba.conf"] {
            let ok = Command::new("chown")
                .arg("postgres:postgres")
                .arg(data.join(file))
                .status()
                .unwrap();
            assert!(ok.success());
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data.to_str().unwrap().to_string();
        // No assertion here: a panic while a failed test unwinds would abort the run.
        let _ = command(
            &self.bin.join("pg_ctl"),
            &["-D", &data, "-m", "immediate", "-w", "stop"],
        )
        .output();
    }
}
