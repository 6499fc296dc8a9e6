//! `zavuch-cli district` against a real PostgreSQL (Debian's package, started per test by
//! `Postgres::start`): schools made from the demo school with INNs and names of their own push
//! their figures; the consolidated tables are the sums of each school's own; a second push of a
//! day replaces the first, a push failing half-way leaves it whole; no personal data arrives.

mod common;
#[path = "common/postgres.rs"]
mod postgres_server;

use chrono::NaiveDate;
use common::{cli, json, ok};
use postgres_server::{inn, Postgres, PASSWORD};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;
use zavuch_core::forms::{class_sizes, ru_date};
use zavuch_core::Db;

/// The demo school, made once per test binary.
static DEMO: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.zavuch");
    ok(&cli(&path, &["demo"]));
    (dir, path)
});

/// School `n`: a copy of the demo school with its own INN and name, and its own figures (every
/// (n+2)-th student studies in the family form).
fn school(dir: &Path, n: u32) -> PathBuf {
    let path = dir.join(format!("school-{n}.zavuch"));
    std::fs::copy(&DEMO.1, &path).unwrap();
    let name = format!("МБОУ «Средняя школа № {n}»");
    ok(&cli(
        &path,
        &["school", "set", "--inn", &inn(n), "--full-name", &name],
    ));
    let db = Db::open(&path).unwrap();
    db.conn()
        .execute(
            "UPDATE student SET study_form = 'family' WHERE id % ?1 = 0",
            [n + 2],
        )
        .unwrap();
    path
}

/// The day of the figures: 20 September of the demo school's year.
fn day(db: &Path) -> NaiveDate {
    let db = Db::open(db).unwrap();
    class_sizes::default_date(&zavuch_core::year::current(&db).unwrap().unwrap())
}

/// The CLI with the server's password in PGPASSWORD, as a district's script would run it.
fn district(db: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"));
    if let Some(db) = db {
        cmd.arg("--db").arg(db);
    }
    cmd.args(args)
        .env_remove("ZAVUCH_DB")
        .env_remove("ZAVUCH_DISTRICT_URL")
        .env("PGPASSWORD", PASSWORD)
        .output()
        .unwrap()
}

fn push(server: &Postgres, db: &Path, on: &str) -> Output {
    district(
        Some(db),
        &[
            "district",
            "push",
            "--url",
            &server.url("postgres"),
            "--date",
            on,
            "--json",
        ],
    )
}

fn report(server: &Postgres, kind: &str, on: &str) -> Value {
    let out = district(
        None,
        &[
            "district",
            "report",
            kind,
            "--url",
            &server.url("postgres"),
            "--date",
            on,
            "--json",
        ],
    );
    ok(&out);
    json(&out)
}

fn status(server: &Postgres, on: &str) -> Value {
    let url = server.url("postgres");
    let out = district(
        None,
        &["district", "status", "--url", &url, "--date", on, "--json"],
    );
    ok(&out);
    json(&out)
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn init(server: &Postgres) {
    let out = district(
        None,
        &["district", "init", "--url", &server.url("postgres")],
    );
    ok(&out);
}

#[test]
fn schools_pushed_sum_up_in_the_consolidated_tables() {
    let count: u32 = std::env::var("ZAVUCH_DISTRICT_SCHOOLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let server = Postgres::start();
    init(&server);
    // Init again migrates nothing and fails nothing.
    init(&server);
    let dir = tempfile::tempdir().unwrap();
    let schools: Vec<PathBuf> = (1..=count).map(|n| school(dir.path(), n)).collect();
    let on = ru_date(day(&schools[0]));
    let started = std::time::Instant::now();
    for path in &schools {
        let out = push(&server, path, &on);
        ok(&out);
        let pushed = json(&out);
        assert_eq!(pushed["registered"], true, "{pushed}");
        assert_eq!(pushed["replaced"], false);
    }
    eprintln!("{count} schools pushed in {:?}", started.elapsed());

    // Class sizes: each school's row is its own form's total; the district's row their sum.
    let started = std::time::Instant::now();
    let r = report(&server, "class-sizes", &on);
    eprintln!("class-sizes of {count} schools in {:?}", started.elapsed());
    assert_eq!(r["date"], on);
    let table = &r["tables"][0];
    assert_eq!(table["id"], "class-sizes");
    let columns: Vec<&str> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(columns.contains(&"Всего"), "{columns:?}");
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), count as usize + 1);
    let mut sum = vec![0.0; columns.len()];
    for path in &schools {
        let db = Db::open(path).unwrap();
        let sizes = class_sizes::compute(&db, Some(day(path))).unwrap();
        let total = sizes.school_total();
        let own: Vec<f64> = std::iter::once(total.classes)
            .chain(total.figures())
            .map(f64::from)
            .collect();
        let card = zavuch_core::school::get(&db).unwrap();
        let row = rows
            .iter()
            .find(|r| r["inn"] == card.inn.as_str())
            .unwrap_or_else(|| panic!("no row of {}", card.inn));
        assert_eq!(row["label"], card.full_name.as_str());
        assert_eq!(numbers(&row["values"]), own, "{}", card.full_name);
        for (s, v) in sum.iter_mut().zip(&own) {
            *s += v;
        }
    }
    let total = rows.last().unwrap();
    assert_eq!(total["label"], "Всего по району");
    assert_eq!(numbers(&total["values"]), sum);
    // The schools differ (study forms), so the sum is not one school times the count.
    assert_ne!(numbers(&rows[0]["values"]), numbers(&rows[1]["values"]));

    // Students by grade (ОО-1's columns 1–12 and «Всего»): each school's «Всего» is its class
    // sizes' total, the grades add up to it, and the district's row is the sum.
    let grades = &r["tables"][1];
    assert_eq!(grades["id"], "class-sizes-grades");
    assert_eq!(
        grades["columns"].as_array().unwrap().last().unwrap(),
        "Всего"
    );
    let grade_rows = grades["rows"].as_array().unwrap();
    assert_eq!(grade_rows.len(), count as usize + 1);
    let mut grade_sum = vec![0.0; 13];
    for (row, sizes) in grade_rows[..count as usize].iter().zip(rows) {
        assert_eq!(row["inn"], sizes["inn"]);
        let v = numbers(&row["values"]);
        assert_eq!(v[12], numbers(&sizes["values"])[3], "{}", row["label"]);
        assert_eq!(v[..12].iter().sum::<f64>(), v[12]);
        for (s, x) in grade_sum.iter_mut().zip(&v) {
            *s += x;
        }
    }
    assert_eq!(numbers(&grade_rows.last().unwrap()["values"]), grade_sum);
    assert_eq!(grade_sum[12], sum[3]);

    // Results and movement: the district's row is the sum of the schools' rows; the rates
    // are those of the summed counts.
    for kind in ["results", "movement"] {
        let started = std::time::Instant::now();
        let r = report(&server, kind, &on);
        eprintln!("{kind} of {count} schools in {:?}", started.elapsed());
        let table = &r["tables"][0];
        let rows = table["rows"].as_array().unwrap();
        assert_eq!(rows.len(), count as usize + 1, "{kind}");
        let stored = if kind == "results" {
            11
        } else {
            table["columns"].as_array().unwrap().len()
        };
        let mut sum = vec![0.0; stored];
        for row in &rows[..rows.len() - 1] {
            for (s, v) in sum.iter_mut().zip(numbers(&row["values"])) {
                *s += v;
            }
        }
        let total = numbers(&rows.last().unwrap()["values"]);
        assert_eq!(total[..stored], sum[..], "{kind}");
        if kind == "results" {
            let rate = |part: f64| (part * 1000.0 / sum[9]).round() / 10.0;
            if sum[9] > 0.0 {
                assert_eq!(total[11], rate(sum[10]));
                assert_eq!(total[12], rate(sum[2] + sum[3]));
            }
        }
    }

    // ОО-1 (students and staff): a row per school and row of the form, each the school's own
    // form's row; the district's row per label the sum of the schools' rows of that label.
    let forms: Vec<(String, String, zavuch_core::forms::oo1::Oo1)> = schools
        .iter()
        .map(|path| {
            let db = Db::open(path).unwrap();
            let card = zavuch_core::school::get(&db).unwrap();
            let form = zavuch_core::forms::oo1::compute(&db, day(path)).unwrap();
            (card.inn, card.full_name, form)
        })
        .collect();
    for (kind, section) in [("oo1", "2."), ("staff", "3.")] {
        let started = std::time::Instant::now();
        let r = report(&server, kind, &on);
        eprintln!("{kind} of {count} schools in {:?}", started.elapsed());
        let own_ids: Vec<String> = forms[0]
            .2
            .tables
            .iter()
            .filter(|t| t.id.starts_with(section))
            .map(|t| format!("oo1-{}", t.id))
            .collect();
        let ids: Vec<&str> = r["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, own_ids, "{kind}");
        for table in r["tables"].as_array().unwrap() {
            let id = table["id"].as_str().unwrap().trim_start_matches("oo1-");
            let rows = table["rows"].as_array().unwrap();
            let find = |label: &str, inn: Option<&str>| {
                rows.iter()
                    .find(|r| r["label"] == label && r["inn"].as_str() == inn)
                    .unwrap_or_else(|| panic!("{id}: no row «{label}»"))
            };
            let mut sums: Vec<(String, Vec<f64>)> = Vec::new();
            for (inn, name, form) in &forms {
                for row in &form.table(id).unwrap().rows {
                    let district = find(&format!("{name} · {}", row.label), Some(inn));
                    assert_eq!(numbers(&district["values"]), row.values, "{id}");
                    match sums.iter_mut().find(|(l, _)| *l == row.label) {
                        Some((_, sum)) => {
                            sum.iter_mut().zip(&row.values).for_each(|(s, v)| *s += v)
                        }
                        None => sums.push((row.label.clone(), row.values.clone())),
                    }
                }
            }
            let own_rows: usize = forms
                .iter()
                .map(|f| f.2.table(id).unwrap().rows.len())
                .sum();
            assert_eq!(rows.len(), own_rows + sums.len(), "{id}");
            for (label, sum) in &sums {
                let total = find(&format!("Всего по району · {label}"), None);
                assert_eq!(&numbers(&total["values"]), sum, "{id} {label}");
            }
        }
    }
    // The students of ОО-1 are those of class sizes.
    let oo1 = report(&server, "oo1", &on);
    let students = oo1["tables"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "Всего по району · Обучающиеся")
        .unwrap();
    assert_eq!(numbers(&students["values"])[15], sum[3]);

    // The .xlsx holds the same figures.
    let xlsx = dir.path().join("Наполняемость по району.xlsx");
    let out = district(
        None,
        &[
            "district",
            "report",
            "class-sizes",
            "--url",
            &server.url("postgres"),
            "--date",
            &on,
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    ok(&out);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let last = sheet
        .rows()
        .find(|r| r[0] == "Всего по району")
        .expect("the district's row");
    // The first table's district row (the sheet is as wide as its widest table).
    let xlsx_values: Vec<f64> = last[1..=sum.len()]
        .iter()
        .map(|c| match c {
            calamine::Data::Float(f) => *f,
            other => panic!("not a number: {other:?}"),
        })
        .collect();
    assert_eq!(xlsx_values, sum);

    // Status: every school pushed for the day; for another day, none has.
    let pushed = status(&server, &on);
    assert_eq!(pushed["schools"].as_array().unwrap().len(), count as usize);
    assert_eq!(pushed["not_pushed"].as_array().unwrap().len(), 0);
    assert_eq!(pushed["schools"][0]["dates"][0], on.as_str());
    let other = status(&server, "01.10.2000");
    assert_eq!(
        other["not_pushed"].as_array().unwrap().len(),
        count as usize
    );
}

/// A figure as stored: table, row, column, value.
type Figure = (String, i32, i32, f64);

/// The snapshot of the school `inn` on `on`: its id, the school's name and its figures.
fn stored(server: &Postgres, inn: &str, on: &str) -> (i64, String, Vec<Figure>) {
    let mut client = server.client("postgres");
    let row = client
        .query_one(
            "SELECT sn.id, s.name FROM snapshot sn JOIN school s ON s.id = sn.school_id
             WHERE s.inn = $1 AND to_char(sn.on_date, 'DD.MM.YYYY') = $2",
            &[&inn, &on],
        )
        .unwrap();
    let id: i64 = row.get(0);
    let figures = client
        .query(
            "SELECT table_id, row_no, col_no, value FROM figure WHERE snapshot_id = $1
             ORDER BY 1, 2, 3",
            &[&id],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    (id, row.get(1), figures)
}

#[test]
fn a_second_push_replaces_and_a_push_failing_half_way_keeps_the_first() {
    let server = Postgres::start();
    init(&server);
    let dir = tempfile::tempdir().unwrap();
    let path = school(dir.path(), 7);
    let on = ru_date(day(&path));
    ok(&push(&server, &path, &on));
    let (first_id, _, first) = stored(&server, &inn(7), &on);

    // Other figures, pushed again: one snapshot, replaced.
    let db = Db::open(&path).unwrap();
    db.conn()
        .execute(
            "UPDATE student SET study_form = 'home' WHERE id % 3 = 0",
            [],
        )
        .unwrap();
    let out = push(&server, &path, &on);
    ok(&out);
    assert_eq!(json(&out)["replaced"], true);
    assert_eq!(json(&out)["registered"], false);
    let (second_id, _, second) = stored(&server, &inn(7), &on);
    assert_ne!(second_id, first_id);
    assert_ne!(second, first);
    let mut client = server.client("postgres");
    let snapshots: i64 = client
        .query_one("SELECT count(*) FROM snapshot", &[])
        .unwrap()
        .get(0);
    assert_eq!(snapshots, 1);

    // The server fails the push at the movement table, after the other tables' rows went in;
    // the renamed school with new figures leaves nothing: the second snapshot stays whole.
    client
        .batch_execute(
            "CREATE FUNCTION fail_half_way() RETURNS trigger LANGUAGE plpgsql AS
               $$ BEGIN RAISE EXCEPTION 'обрыв связи посреди отправки'; END $$;
             CREATE TRIGGER fail_half_way BEFORE INSERT ON figure FOR EACH ROW
               WHEN (NEW.table_id = 'movement') EXECUTE FUNCTION fail_half_way();",
        )
        .unwrap();
    ok(&cli(
        &path,
        &["school", "set", "--full-name", "Переименованная школа"],
    ));
    db.conn()
        .execute("UPDATE student SET study_form = 'full_time'", [])
        .unwrap();
    let out = push(&server, &path, &on);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("обрыв связи посреди отправки"), "{stderr}");
    assert_eq!(json(&out)["code"], "district");
    let (kept_id, name, kept) = stored(&server, &inn(7), &on);
    assert_eq!((kept_id, kept), (second_id, second));
    assert_eq!(name, "МБОУ «Средняя школа № 7»");
}

#[test]
fn a_push_killed_half_way_leaves_the_previous_snapshot() {
    let server = Postgres::start();
    init(&server);
    let dir = tempfile::tempdir().unwrap();
    let path = school(dir.path(), 11);
    let on = ru_date(day(&path));
    ok(&push(&server, &path, &on));
    let before = stored(&server, &inn(11), &on);

    // The server holds the push at the movement table (the other tables' rows already sent)
    // while the process is killed.
    let mut client = server.client("postgres");
    client
        .batch_execute(
            "CREATE FUNCTION hold_push() RETURNS trigger LANGUAGE plpgsql AS
               $$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$;
             CREATE TRIGGER hold_push BEFORE INSERT ON figure FOR EACH ROW
               WHEN (NEW.table_id = 'movement') EXECUTE FUNCTION hold_push();",
        )
        .unwrap();
    ok(&cli(
        &path,
        &["school", "set", "--full-name", "Другое название"],
    ));
    let mut child = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
        .arg("--db")
        .arg(&path)
        .args([
            "district",
            "push",
            "--url",
            &server.url("postgres"),
            "--date",
            &on,
        ])
        .env("PGPASSWORD", PASSWORD)
        .spawn()
        .unwrap();
    let mut held = || -> i64 {
        client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'",
                &[],
            )
            .unwrap()
            .get(0)
    };
    let waited = std::time::Instant::now();
    while held() == 0 {
        assert!(
            waited.elapsed().as_secs() < 30,
            "the push never reached the movement table"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // While the server still holds the dead push, and after it is ended, the district reads
    // the previous snapshot whole.
    assert_eq!(stored(&server, &inn(11), &on), before);
    client
        .batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep';
             DROP TRIGGER hold_push ON figure;",
        )
        .unwrap();
    assert_eq!(stored(&server, &inn(11), &on), before);
    // Nothing of the killed push is left behind to block the next one.
    ok(&push(&server, &path, &on));
    assert_eq!(stored(&server, &inn(11), &on).1, "Другое название");
}

#[test]
fn no_personal_data_reaches_the_district() {
    let server = Postgres::start();
    init(&server);
    let dir = tempfile::tempdir().unwrap();
    let path = school(dir.path(), 3);
    ok(&push(&server, &path, &ru_date(day(&path))));
    let dump = server.dump("postgres");
    assert!(dump.contains(&inn(3)), "the dump has the school");
    let db = Db::open(&path).unwrap();
    let mut stmt = db
        .conn()
        .prepare(
            "SELECT last_name || ' ' || first_name, birth_date, snils FROM student
             UNION ALL SELECT last_name || ' ' || first_name, birth_date, snils FROM staff_member",
        )
        .unwrap();
    let people: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(people.len() > 100);
    for (name, birth, snils) in &people {
        assert!(
            !dump.contains(name.as_str()),
            "{name} is in the district's database"
        );
        assert!(
            !dump.contains(birth.as_str()),
            "birth date {birth} is in the district's database"
        );
        if !snils.is_empty() {
            assert!(!dump.contains(snils.as_str()));
        }
        let ru = birth.split('-').rev().collect::<Vec<_>>().join(".");
        assert!(
            !dump.contains(&ru),
            "birth date {ru} is in the district's database"
        );
    }
    let director = zavuch_core::school::get(&db).unwrap().director;
    assert!(!dump.contains(&director));
}

#[test]
fn a_school_without_inn_is_told_to_fill_it_in_and_the_password_file_is_read() {
    let server = Postgres::start();
    // A database without the schema points to `district init`.
    let out = district(
        None,
        &["district", "status", "--url", &server.url("postgres")],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("выполните `zavuch-cli district init"),
        "{stderr}"
    );
    init(&server);
    let dir = tempfile::tempdir().unwrap();
    let path = school(dir.path(), 5);
    Db::open(&path)
        .unwrap()
        .conn()
        .execute("UPDATE school SET inn = ''", [])
        .unwrap();
    let out = push(&server, &path, &ru_date(day(&path)));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("не заполнен ИНН"), "{stderr}");
    assert_eq!(json(&out)["fields"][0]["code"], "district_no_inn");

    // The password from PGPASSFILE (as libpq reads it), none in the environment or the URL.
    let pgpass = dir.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:{}:*:zavuch:{PASSWORD}\n", server.port),
    )
    .unwrap();
    let status = |passfile: &Path| {
        Command::new(env!("CARGO_BIN_EXE_zavuch-cli"))
            .args([
                "district",
                "status",
                "--url",
                &server.url("postgres"),
                "--json",
            ])
            .env_remove("PGPASSWORD")
            .env("PGPASSFILE", passfile)
            .output()
            .unwrap()
    };
    ok(&status(&pgpass));
    // A wrong password is told in Russian, with what to check.
    std::fs::write(&pgpass, "*:*:*:zavuch:wrong\n").unwrap();
    let out = status(&pgpass);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Не удалось подключиться к серверу управления образования"),
        "{stderr}"
    );
}

#[test]
fn school_set_checks_the_inn_as_the_app_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.zavuch");
    std::fs::copy(&DEMO.1, &path).unwrap();
    let out = cli(&path, &["school", "set", "--inn", "7700000001"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Контрольная цифра ИНН"));
    let before = zavuch_core::school::get(&Db::open(&path).unwrap()).unwrap();
    ok(&cli(
        &path,
        &[
            "school",
            "set",
            "--inn",
            &inn(42),
            "--short-name",
            "Школа № 42",
        ],
    ));
    let after = zavuch_core::school::get(&Db::open(&path).unwrap()).unwrap();
    assert_eq!(after.inn, inn(42));
    assert_eq!(after.short_name, "Школа № 42");
    assert_eq!(after.full_name, before.full_name);
}

#[test]
fn tls_is_used_as_sslmode_asks() {
    let server = Postgres::start_tls();
    let status_with_root = |mode: &str, root: Option<&Path>| {
        let url = format!("{}?sslmode={mode}", server.url("postgres"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"));
        cmd.args(["district", "init", "--url", &url])
            .env("PGPASSWORD", PASSWORD)
            .env_remove("PGSSLROOTCERT");
        if let Some(root) = root {
            cmd.env("PGSSLROOTCERT", root);
        }
        cmd.output().unwrap()
    };
    let status = |mode: &str| status_with_root(mode, None);
    // The server takes TLS only: `require` and the default `prefer` get in, `disable` not.
    ok(&status("require"));
    ok(&status("prefer"));
    let out = status("disable");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Не удалось подключиться"), "{stderr}");
    // With a root certificate the server's is checked against it, as libpq's verify-ca.
    ok(&status_with_root("require", Some(&server.certificate())));
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.crt");
    postgres_server::self_signed(&dir.path().join("other.key"), &other);
    let out = status_with_root("require", Some(&other));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("certificate verify failed"), "{stderr}");
}

/// The app's «Отправить в управление образования»: the address from the school card (refused
/// while the card has none, refused with a password in it), the password typed for this push
/// only — a wrong one refused, the right one pushes the day's figures, as the CLI's push does.
#[test]
fn the_apps_push_takes_the_cards_address_and_the_password_typed_for_it() {
    let server = Postgres::start();
    init(&server);
    let dir = tempfile::tempdir().unwrap();
    let path = school(dir.path(), 7);
    let db = Db::open(&path).unwrap();
    let mut card = zavuch_core::school::get(&db).unwrap();
    let refused = zavuch_core::district::card_url(&card).unwrap_err();
    assert_eq!(refused.payload().fields[0].code, "district_no_url");
    let url = server.url("postgres");
    card.district_url = url.replace("@", ":пароль@");
    let e = zavuch_core::school::save(&db, &card).unwrap_err();
    assert_eq!(e.payload().fields[0].code, "district_url_with_password");
    card.district_url = url.clone();
    zavuch_core::school::save(&db, &card).unwrap();

    let url = zavuch_core::district::card_url(&zavuch_core::school::get(&db).unwrap()).unwrap();
    let Err(wrong) = zavuch_core::district::connect_as(&url, Some("не тот")) else {
        panic!("a wrong password connected");
    };
    assert!(
        wrong.to_string().contains("Не удалось подключиться"),
        "{wrong}"
    );
    let on = day(&path);
    let snapshot = zavuch_core::district::snapshot(&db, Some(on)).unwrap();
    let mut client = zavuch_core::district::connect_as(&url, Some(PASSWORD)).unwrap();
    let pushed = zavuch_core::district::push(&mut client, &snapshot).unwrap();
    assert_eq!(pushed.inn, inn(7));
    assert_eq!(pushed.date, ru_date(on));
    assert!(pushed.registered && !pushed.replaced);
    assert_eq!(pushed.tables, snapshot.tables.len());
    let status = status(&server, &ru_date(on));
    assert_eq!(status["schools"][0]["inn"], inn(7));
}
