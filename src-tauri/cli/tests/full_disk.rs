//! A full disk, a read-only folder and a file size limit during a write: `zavuch-cli` says in
//! Russian what happened and what to do, and nothing is half-written — the school file holds
//! exactly what it held before, an exported file is not left half there (nor its hidden part).
//!
//! The file size limit (`setrlimit(RLIMIT_FSIZE)` on the CLI, SIGXFSZ ignored, so writes past
//! it fail with EFBIG) works anywhere. The full disk and the read-only folder are a small tmpfs
//! mounted for the test (we run as root in CI); where mounting is not permitted those tests
//! say so on stderr and check nothing.

mod common;

use common::{checked_content, cli, ok, students_csv};
use std::io::Write as _;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Students in the import that meets the full disk: its WAL grows past several megabytes.
const STUDENTS: usize = 20_000;

/// The demo school and the big student list, made once for the file's tests.
struct Inputs {
    _dir: tempfile::TempDir,
    demo: PathBuf,
    students: PathBuf,
}

fn inputs() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("demo.zavuch");
        ok(&cli(&demo, &["demo"]));
        let students = dir.path().join("students.csv");
        students_csv(&students, STUDENTS);
        Inputs {
            _dir: dir,
            demo,
            students,
        }
    })
}

fn import_students() -> Vec<String> {
    let file = inputs().students.to_str().unwrap().to_string();
    ["import", "students", &file, "--create-classes"]
        .map(String::from)
        .to_vec()
}

/// A copy of the demo school in `dir`, for a test's own use (the daily copy an open makes
/// goes beside it).
fn own_demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.zavuch");
    std::fs::copy(&inputs().demo, &path).unwrap();
    path
}

/// The CLI on `school` with `args`, its files limited to `limit` bytes when given.
fn run(school: &Path, args: &[String], limit: Option<u64>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zavuch-cli"));
    command
        .arg("--db")
        .arg(school)
        .args(args)
        .env_remove("ZAVUCH_DB");
    if let Some(bytes) = limit {
        let rlimit = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: bytes,
        };
        // SAFETY: between fork and exec the child only calls these two async-signal-safe
        // functions on values it owns.
        unsafe {
            command.pre_exec(move || {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                if libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    command.output().expect("zavuch-cli runs")
}

/// Fails with `words` in its message, in Russian, without the system's English.
fn refused_with(out: &Output, words: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "refused: {stderr}");
    let all = format!("{stderr}{}", String::from_utf8_lossy(&out.stdout));
    assert!(all.contains(words), "«{words}» in: {all}");
    assert!(!all.contains("os error"), "{all}");
}

/// The names in `dir`, hidden ones too (a `.name.part` left by a write would be one).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_size_limit_stops_an_import_and_an_export_with_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let school = own_demo(dir.path());
    let before = checked_content(&school, &[]);
    // Room for the school file and its copies, not for the import's WAL.
    let limit = std::fs::metadata(&school).unwrap().len() + 1024 * 1024;

    let out = run(&school, &import_students(), Some(limit));
    refused_with(&out, "файл стал бы больше, чем разрешено");
    assert_eq!(checked_content(&school, &[]), before);

    // Without the limit the same import goes through: the file was left fit to write.
    ok(&run(&school, &import_students(), None));
    assert_ne!(checked_content(&school, &[]), before);

    // A spreadsheet past a limit of 4 KB (a template needs no school file, whose reads would
    // meet the limit first): the file it would replace stays as it was, and no hidden part of
    // it is left.
    let out_dir = dir.path().join("выгрузка");
    std::fs::create_dir(&out_dir).unwrap();
    let list = out_dir.join("ученики.xlsx");
    std::fs::write(&list, b"the previous list").unwrap();
    let template = ["template", "students", "-o", list.to_str().unwrap()].map(String::from);
    let out = run(&school, &template, Some(4096));
    refused_with(&out, "файл стал бы больше, чем разрешено");
    assert_eq!(std::fs::read(&list).unwrap(), b"the previous list");
    assert_eq!(names(&out_dir), ["ученики.xlsx"]);
}

/// A tmpfs of `kib` KiB mounted at a new folder, unmounted when dropped; None (with the reason
/// printed) where this machine does not let the test mount.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(kib: u64) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(out) if out.status.success() => Some(Mount { dir }),
            Ok(out) => skip(&String::from_utf8_lossy(&out.stderr)),
            Err(e) => skip(&e.to_string()),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn read_only(&self) {
        let out = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Says on the real stderr (not captured by the test harness) why a test checked nothing.
fn skip<T>(why: &str) -> Option<T> {
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: a small tmpfs cannot be mounted here ({}); the file size limit test still \
         covers a write the disk refuses.",
        why.trim()
    );
    None
}

/// The school file and its WAL copied off the mount (which is full or read-only) and
/// checked there.
fn content_off(mount: &Path, school: &Path) -> std::collections::BTreeMap<String, String> {
    let off = tempfile::tempdir().unwrap();
    let copy = off.path().join("school.zavuch");
    std::fs::copy(school, &copy).unwrap();
    let wal = mount.join("school.zavuch-wal");
    if wal.exists() {
        std::fs::copy(&wal, off.path().join("school.zavuch-wal")).unwrap();
    }
    checked_content(&copy, &[])
}

#[test]
fn a_full_disk_stops_an_import_and_an_export_with_nothing_half_written() {
    let own = tempfile::tempdir().unwrap();
    let demo = &own_demo(own.path());
    let size = std::fs::metadata(demo).unwrap().len();
    // The school file, the daily copy and the copy before the import fit; the import does not.
    let Some(mount) = Mount::tmpfs(3 * size / 1024 + 1536) else {
        return;
    };
    let school = mount.path().join("school.zavuch");
    std::fs::copy(demo, &school).unwrap();
    let before = checked_content(demo, &[]);

    let out = run(&school, &import_students(), None);
    refused_with(&out, "На диске не хватает места");
    assert_eq!(content_off(mount.path(), &school), before);

    // The disk filled to the last byte: an export into it is refused and leaves nothing.
    let mut filler = std::fs::File::create(mount.path().join("filler")).unwrap();
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    drop(filler);
    let list = mount.path().join("ученики.xlsx");
    let export = ["export", "students", "-o", list.to_str().unwrap()].map(String::from);
    let out = run(demo, &export, None);
    refused_with(&out, "На диске не хватает места");
    assert!(!names(mount.path()).iter().any(|n| n.contains("ученики")));
}

#[test]
fn a_read_only_folder_is_named_and_nothing_is_written() {
    let own = tempfile::tempdir().unwrap();
    let demo = &own_demo(own.path());
    let size = std::fs::metadata(demo).unwrap().len();
    let Some(mount) = Mount::tmpfs(2 * size / 1024 + 1024) else {
        return;
    };
    let school = mount.path().join("school.zavuch");
    std::fs::copy(demo, &school).unwrap();
    mount.read_only();

    let out = run(&school, &import_students(), None);
    refused_with(&out, "открыта только для чтения");
    assert_eq!(
        std::fs::read(&school).unwrap(),
        std::fs::read(demo).unwrap()
    );

    let list = mount.path().join("ученики.xlsx");
    let export = ["export", "students", "-o", list.to_str().unwrap()].map(String::from);
    let out = run(demo, &export, None);
    refused_with(&out, "открыта только для чтения");
    // A printed form too.
    let pdf = mount.path().join("5 А.pdf");
    let print = [
        "print",
        "class-list",
        "--class",
        "5 А",
        "-o",
        pdf.to_str().unwrap(),
    ];
    let out = run(demo, &print.map(String::from), None);
    refused_with(&out, "открыта только для чтения");
    assert_eq!(names(mount.path()), ["school.zavuch"]);
}
