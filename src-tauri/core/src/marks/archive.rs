//! Archive copies of a period's marks (архивная копия): at a term's end every class's marks and
//! absences for the period go to a folder as spreadsheets (the marks export, one file a class,
//! «2026-2027, 1 четверть, 5 А.xlsx»), with a manifest of their SHA-256 sums in the format of
//! `sha256sum`, so that the folder can be checked later here or with `sha256sum -c`. The same
//! files are copied to a second folder (another disk or a flash drive) and checked there after
//! copying; each copy is entered in the register `archive_copy` with the manifest's own digest,
//! which tells a later check whether the manifest itself was rewritten.

use super::{class_info, classes_with_period, exchange};
use crate::db::Db;
use crate::error::{At, CoreError, Problem, Result};
use crate::forms::documents;
use chrono::NaiveDateTime;
use rusqlite::params;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;
use ts_rs::TS;

/// The manifest's file name in an archive folder.
pub const MANIFEST: &str = "manifest-sha256.txt";

/// A row of the register of archive copies.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveCopy {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub academic_year_id: i64,
    pub period_name: String,
    /// «2026-10-30 16:05».
    pub made_at: String,
    pub folder: String,
    /// Empty when no second copy was made.
    pub second_folder: String,
    pub files: i32,
    /// SHA-256 of the manifest file, in hex.
    pub manifest_sha256: String,
}

/// What an archive run did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveReport {
    pub copy: ArchiveCopy,
    /// The files written, a class each, in the order of the classes.
    pub files: Vec<String>,
    /// Classes whose period is not closed yet: their marks may still change after the copy.
    pub not_closed: Vec<String>,
}

/// An archive folder checked against its manifest; names are file names in the folder.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    pub folder: String,
    pub ok: Vec<String>,
    /// Files whose content is not what the manifest recorded.
    pub changed: Vec<String>,
    /// Files of the manifest not in the folder.
    pub missing: Vec<String>,
    /// Files in the folder the manifest does not list (not an error: shown for information).
    pub extra: Vec<String>,
    /// SHA-256 of the manifest itself, to compare with the register.
    pub manifest_sha256: String,
}

impl VerifyReport {
    /// Every file of the manifest is there and unchanged.
    pub fn intact(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty()
    }

    /// The damage as a problem naming every changed and missing file; `None` when intact.
    pub fn problem(&self) -> Option<Problem> {
        if self.intact() {
            return None;
        }
        let quote = |list: &[String]| {
            list.iter()
                .map(|n| format!("«{n}»"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.changed.is_empty() {
            parts.push(format!("изменены {}", quote(&self.changed)));
        }
        if !self.missing.is_empty() {
            parts.push(format!("нет файлов {}", quote(&self.missing)));
        }
        Some(Problem::ArchiveDamaged {
            folder: self.folder.clone(),
            files: parts.join("; "),
        })
    }
}

/// Writes the archive copy of the year's period named `period_name` («1 четверть») to `dir`
/// and, when given, to `second_dir`, checks both against the manifest and enters the copy in the
/// register. Refused: no class has the period, a folder already holding an archive copy (a new
/// copy never overwrites an old one), the same folder twice, a copy that does not match.
pub fn archive(
    db: &Db,
    academic_year_id: i64,
    period_name: &str,
    dir: &Path,
    second_dir: Option<&Path>,
    at: NaiveDateTime,
) -> Result<ArchiveReport> {
    let classes = classes_with_period(db, academic_year_id, period_name)?;
    let Some((_, first)) = classes.first() else {
        return Err(CoreError::refused(
            "period",
            Problem::UnknownPeriod {
                name: period_name.to_string(),
                known: "названия четвертей, триместров, полугодий; «год»".into(),
            },
        ));
    };
    let period = first.name.clone();
    let dir = std::path::absolute(dir).at(dir)?;
    let second = second_dir
        .map(|d| std::path::absolute(d).at(d))
        .transpose()?;
    check_folders(&dir, second.as_deref())?;
    fs::create_dir_all(&dir).at(&dir)?;
    let mut files = Vec::new();
    let mut not_closed = Vec::new();
    for (class_id, info) in &classes {
        let class = class_info(db.conn(), *class_id)?;
        let name = file_name(&class.year_name, &info.name, &class.label);
        exchange::export(db, *class_id, info.period, &dir.join(&name))?;
        if info.closed_at.is_none() {
            not_closed.push(class.label);
        }
        files.push(name);
    }
    let manifest_sha256 = write_manifest(&dir, &files)?;
    ensure_intact(&verify(&dir)?, &manifest_sha256)?;
    if let Some(second) = &second {
        copy_files(&dir, second, &files)?;
        ensure_intact(&verify(second)?, &manifest_sha256)?;
    }
    let copy = register(
        db,
        ArchiveCopy {
            id: 0,
            academic_year_id,
            period_name: period,
            made_at: at.format("%Y-%m-%d %H:%M").to_string(),
            folder: dir.display().to_string(),
            second_folder: second.map(|p| p.display().to_string()).unwrap_or_default(),
            files: files.len() as i32,
            manifest_sha256,
        },
    )?;
    Ok(ArchiveReport {
        copy,
        files,
        not_closed,
    })
}

/// «2026-2027, 1 четверть, 5 А.xlsx», as the whole school's ledgers name a class's file.
fn file_name(year: &str, period: &str, class: &str) -> String {
    documents::file_name(&format!("{year}, {period}, {class}"), "xlsx")
}

/// Refuses the same folder twice and a folder that already holds an archive copy.
fn check_folders(dir: &Path, second: Option<&Path>) -> Result<()> {
    if let Some(second) = second {
        let same = |a: &Path, b: &Path| match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if same(dir, second) {
            return Err(CoreError::refused(
                "second_folder",
                Problem::ArchiveSameFolder,
            ));
        }
    }
    for (field, folder) in [("folder", Some(dir)), ("second_folder", second)] {
        if let Some(folder) = folder.filter(|f| f.join(MANIFEST).exists()) {
            return Err(CoreError::refused(
                field,
                Problem::ArchiveFolderTaken {
                    folder: folder.display().to_string(),
                },
            ));
        }
    }
    Ok(())
}

/// SHA-256 of a file in lowercase hex, read in pieces.
fn file_sha256(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(&mut fs::File::open(path)?, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

/// Bytes in lowercase hex, as `sha256sum` prints a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the manifest of `files` in `dir` (lines «<sha256>  <name>», as `sha256sum` prints
/// them) and returns the manifest's own SHA-256.
pub(crate) fn write_manifest(dir: &Path, files: &[String]) -> Result<String> {
    let mut text = String::new();
    for name in files {
        let path = dir.join(name);
        text.push_str(&format!("{}  {name}\n", file_sha256(&path).at(&path)?));
    }
    let manifest = dir.join(MANIFEST);
    fs::write(&manifest, &text).at(&manifest)?;
    Ok(hex(&Sha256::digest(text.as_bytes())))
}

/// Copies the files and then the manifest, so that an interrupted copy has no manifest.
fn copy_files(from: &Path, to: &Path, files: &[String]) -> Result<()> {
    fs::create_dir_all(to).at(to)?;
    for name in files.iter().map(String::as_str).chain([MANIFEST]) {
        let target = to.join(name);
        fs::copy(from.join(name), &target).at(&target)?;
    }
    Ok(())
}

/// Refuses a just-written copy that does not match its manifest or whose manifest differs.
fn ensure_intact(report: &VerifyReport, manifest_sha256: &str) -> Result<()> {
    let problem = report.problem().or_else(|| {
        (report.manifest_sha256 != manifest_sha256).then(|| Problem::ArchiveDamaged {
            folder: report.folder.clone(),
            files: format!("изменён «{MANIFEST}»"),
        })
    });
    match problem {
        Some(p) => Err(CoreError::refused("folder", p)),
        None => Ok(()),
    }
}

/// One line of a manifest: the digest and the file name.
fn parse_line(line: &str) -> Option<(String, String)> {
    let (digest, rest) = line.split_at_checked(64)?;
    if !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    // `sha256sum` writes two spaces, or a space and «*» in binary mode.
    let name = rest
        .strip_prefix("  ")
        .or_else(|| rest.strip_prefix(" *"))?;
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && Path::new(name).file_name().is_some();
    plain.then(|| (digest.to_ascii_lowercase(), name.to_string()))
}

fn read_manifest(dir: &Path) -> Result<(Vec<(String, String)>, String)> {
    let manifest = dir.join(MANIFEST);
    let bytes = match fs::read(&manifest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(CoreError::refused(
                "folder",
                Problem::ArchiveNoManifest {
                    folder: dir.display().to_string(),
                },
            ))
        }
        other => other.at(&manifest)?,
    };
    let digest = hex(&Sha256::digest(&bytes));
    let text = String::from_utf8_lossy(&bytes);
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        // A manifest saved by a Windows editor has «\r\n» line ends.
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let entry = parse_line(line).ok_or_else(|| {
            CoreError::refused("folder", Problem::ArchiveManifestLine { line: i + 1 })
        })?;
        entries.push(entry);
    }
    Ok((entries, digest))
}

/// Checks an archive folder against its manifest: every listed file there with the recorded
/// SHA-256 (`ok`), another content (`changed`), absent (`missing`); files the manifest does not
/// list are `extra`. Needs no database. Refused: a folder without a manifest, a damaged line.
pub fn verify(dir: &Path) -> Result<VerifyReport> {
    let (entries, manifest_sha256) = read_manifest(dir)?;
    let mut report = VerifyReport {
        folder: dir.display().to_string(),
        ok: Vec::new(),
        changed: Vec::new(),
        missing: Vec::new(),
        extra: Vec::new(),
        manifest_sha256,
    };
    let mut listed = BTreeSet::from([MANIFEST.to_string()]);
    for (digest, name) in entries {
        let path = dir.join(&name);
        match file_sha256(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => report.missing.push(name.clone()),
            Err(e) => return Err(CoreError::file(&path, e)),
            Ok(actual) if actual == digest => report.ok.push(name.clone()),
            Ok(_) => report.changed.push(name.clone()),
        }
        listed.insert(name);
    }
    for entry in fs::read_dir(dir).at(dir)? {
        let entry = entry.at(dir)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().at(entry.path())?.is_file() && !listed.contains(&name) {
            report.extra.push(name);
        }
    }
    report.extra.sort();
    Ok(report)
}

fn register(db: &Db, copy: ArchiveCopy) -> Result<ArchiveCopy> {
    db.write(|conn| {
        conn.execute(
            "INSERT INTO archive_copy (academic_year_id, period_name, made_at, folder,
                                       second_folder, files, manifest_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                copy.academic_year_id,
                copy.period_name,
                copy.made_at,
                copy.folder,
                copy.second_folder,
                copy.files,
                copy.manifest_sha256
            ],
        )?;
        Ok(ArchiveCopy {
            id: conn.last_insert_rowid(),
            ..copy
        })
    })
}

/// The register of the year's archive copies, the newest first.
pub fn list(db: &Db, academic_year_id: i64) -> Result<Vec<ArchiveCopy>> {
    let mut stmt = db.conn().prepare(
        "SELECT id, academic_year_id, period_name, made_at, folder, second_folder, files,
                manifest_sha256
           FROM archive_copy WHERE academic_year_id = ?1 ORDER BY made_at DESC, id DESC",
    )?;
    let list = stmt
        .query_map([academic_year_id], |r| {
            Ok(ArchiveCopy {
                id: r.get(0)?,
                academic_year_id: r.get(1)?,
                period_name: r.get(2)?,
                made_at: r.get(3)?,
                folder: r.get(4)?,
                second_folder: r.get(5)?,
                files: r.get(6)?,
                manifest_sha256: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    fn at() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-10-30 16:05", "%Y-%m-%d %H:%M").unwrap()
    }

    fn year_id(db: &Db) -> i64 {
        crate::year::current(db).unwrap().unwrap().id.unwrap()
    }

    fn refusal(e: CoreError) -> String {
        match e {
            CoreError::Refused(f) => f.code,
            other => panic!("unexpected {other:?}"),
        }
    }

    /// The demo's first quarter archived to `<tmp>/one` and `<tmp>/two`.
    fn archived() -> (tempfile::TempDir, Db, ArchiveReport) {
        let (dir, db) = testkit::demo();
        let (one, two) = (dir.path().join("one"), dir.path().join("two"));
        let report = archive(&db, year_id(&db), " 1 Четверть", &one, Some(&two), at()).unwrap();
        (dir, db, report)
    }

    #[test]
    fn a_period_is_archived_to_two_folders_and_registered() {
        let (dir, db, report) = archived();
        let classes = classes_with_period(&db, year_id(&db), "1 четверть").unwrap();
        assert_eq!(report.files.len(), classes.len());
        assert!(report
            .files
            .contains(&"2026-2027, 1 четверть, 5 А.xlsx".to_string()));
        // The demo's quarter is open: the report says so for every class.
        assert_eq!(report.not_closed.len(), classes.len());

        let one = verify(&dir.path().join("one")).unwrap();
        let two = verify(&dir.path().join("two")).unwrap();
        for check in [&one, &two] {
            assert!(check.intact() && check.problem().is_none());
            assert_eq!(check.ok, report.files);
            assert!(check.changed.is_empty() && check.missing.is_empty());
            assert!(check.extra.is_empty());
            assert_eq!(check.manifest_sha256, report.copy.manifest_sha256);
        }
        for name in report.files.iter().map(String::as_str).chain([MANIFEST]) {
            let a = fs::read(dir.path().join("one").join(name)).unwrap();
            let b = fs::read(dir.path().join("two").join(name)).unwrap();
            assert_eq!(a, b, "{name}");
        }
        // A file is the class's marks export: its students are in it.
        let sheet = crate::marks::sheet(&db, classes[0].0, classes[0].1.period).unwrap();
        let path = dir.path().join("one").join(&report.files[0]);
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = calamine::Reader::worksheet_range_at(&mut book, 0)
            .unwrap()
            .unwrap();
        let text: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
        assert!(sheet.students.iter().all(|s| text.contains(&s.full_name)));

        let register = list(&db, year_id(&db)).unwrap();
        assert_eq!(register, vec![report.copy.clone()]);
        let copy = &register[0];
        assert_eq!(copy.period_name, "1 четверть");
        assert_eq!(copy.made_at, "2026-10-30 16:05");
        assert_eq!(copy.files as usize, classes.len());
        assert!(copy.folder.ends_with("one") && copy.second_folder.ends_with("two"));
        let manifest = fs::read(dir.path().join("one").join(MANIFEST)).unwrap();
        assert_eq!(copy.manifest_sha256, hex(&Sha256::digest(&manifest)));
    }

    #[test]
    fn a_changed_byte_a_deleted_file_and_an_extra_file_are_named() {
        let (dir, _db, report) = archived();
        let one = dir.path().join("one");
        let changed = one.join(&report.files[3]);
        let mut bytes = fs::read(&changed).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        fs::write(&changed, bytes).unwrap();
        fs::remove_file(one.join(&report.files[5])).unwrap();
        fs::write(one.join("заметки.txt"), "не из архива").unwrap();

        let check = verify(&one).unwrap();
        assert!(!check.intact());
        assert_eq!(check.changed, vec![report.files[3].clone()]);
        assert_eq!(check.missing, vec![report.files[5].clone()]);
        assert_eq!(check.extra, vec!["заметки.txt".to_string()]);
        assert_eq!(check.ok.len(), report.files.len() - 2);
        let text = check.problem().unwrap().to_string();
        assert!(text.contains(&report.files[3]) && text.contains(&report.files[5]));
        // The second copy is untouched.
        assert!(verify(&dir.path().join("two")).unwrap().intact());
    }

    #[test]
    fn archiving_refuses_a_taken_folder_the_same_folder_twice_and_an_unknown_period() {
        let (dir, db, _) = archived();
        let year = year_id(&db);
        let one = dir.path().join("one");
        let fresh = dir.path().join("fresh");
        let again = archive(&db, year, "1 четверть", &one, None, at()).unwrap_err();
        assert_eq!(refusal(again), "archive_folder_taken");
        let taken_second = archive(&db, year, "1 четверть", &fresh, Some(&one), at());
        assert_eq!(refusal(taken_second.unwrap_err()), "archive_folder_taken");
        let same = archive(&db, year, "1 четверть", &fresh, Some(&fresh), at()).unwrap_err();
        assert_eq!(refusal(same), "archive_same_folder");
        let unknown = archive(&db, year, "5 четверть", &fresh, None, at()).unwrap_err();
        assert_eq!(refusal(unknown), "unknown_period");
        assert!(!fresh.exists(), "nothing written when refused");
        assert_eq!(list(&db, year).unwrap().len(), 1);
    }

    #[test]
    fn verify_refuses_a_folder_without_a_manifest_and_a_damaged_line() {
        let dir = tempfile::tempdir().unwrap();
        let e = verify(dir.path()).unwrap_err();
        assert_eq!(refusal(e), "archive_no_manifest");
        fs::write(dir.path().join("a.xlsx"), "x").unwrap();
        let good = format!(
            "{}  a.xlsx\n",
            file_sha256(&dir.path().join("a.xlsx")).unwrap()
        );
        fs::write(
            dir.path().join(MANIFEST),
            format!("{good}не сумма  b.xlsx\n"),
        )
        .unwrap();
        let e = verify(dir.path()).unwrap_err();
        assert!(e.to_string().contains("Строка 2"), "{e}");
        assert_eq!(refusal(e), "archive_manifest_line");
        // Windows line ends and the binary-mode star of `sha256sum -b` are read.
        fs::write(
            dir.path().join(MANIFEST),
            good.replace("  ", " *").replace('\n', "\r\n"),
        )
        .unwrap();
        assert_eq!(verify(dir.path()).unwrap().ok, vec!["a.xlsx".to_string()]);
    }

    #[test]
    fn manifest_lines_name_plain_files_only() {
        let digest = hex(&Sha256::digest(b"abc"));
        // The FIPS 180-2 test vector.
        assert_eq!(
            digest,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let upper = digest.to_uppercase();
        assert_eq!(
            parse_line(&format!("{upper}  5 А.xlsx")),
            Some((digest.clone(), "5 А.xlsx".into()))
        );
        for bad in [
            format!("{digest}  ../school.zavuch"),
            format!("{digest}  sub/a.xlsx"),
            format!("{digest}  ..\\a.xlsx"),
            format!("{digest}  "),
            format!("{digest} a.xlsx"),
            format!("{}  a.xlsx", &digest[1..]),
            "ё".repeat(40),
        ] {
            assert_eq!(parse_line(&bad), None, "{bad}");
        }
        assert_eq!(
            file_name("2026-2027", "1 четверть", "5/А"),
            "2026-2027, 1 четверть, 5_А.xlsx"
        );
    }
}
