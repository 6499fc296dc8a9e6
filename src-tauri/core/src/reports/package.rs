//! The district package: every report of the registry in every format for one day, in one
//! folder named so that a district clerk tells the school and the day — «5702007616 МБОУ СОШ
//! № 7 на 20.09.2026» — with files named `<ИНН>_<report>_<yyyy-mm-dd>.<ext>`
//! («5702007616_Наполняемость_2026-09-20.xlsx»: sorted by school, then report, then day), a
//! description of the package ([`INFO`]: school, INN, day, year, program version, each file's
//! report) and the manifest of SHA-256 sums in the format of `sha256sum`
//! (`marks::archive::MANIFEST`, checked with `sha256sum -c manifest-sha256.txt`).
//!
//! One action, all or nothing: the files are written into a hidden temporary folder beside the
//! package's place and the folder is renamed into place at the end; a failure on the way
//! removes the temporary folder, so no half package is ever seen. A package of the same school
//! and day there already is replaced (a package is re-made after the data is corrected).

use super::{ensure_in_year, DistrictReport, Made, ReportFormat};
use crate::db::Db;
use crate::error::{At, CoreError, Problem, Result};
use crate::forms::{documents, ru_date};
use crate::marks::archive;
/// The manifest of SHA-256 sums in the package's folder, as `sha256sum` writes it.
pub use crate::marks::archive::MANIFEST;
use chrono::NaiveDate;
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The description of the package in its folder.
pub const INFO: &str = "Сведения о пакете.txt";

/// A file of the package.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PackageFile {
    /// The file's name in the package's folder.
    pub name: String,
    pub report: DistrictReport,
    pub format: ReportFormat,
    /// What the file is, as its form names it: «Итоги успеваемости, 2026-2027, 1 четверть».
    pub title: String,
}

/// A package written.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Package {
    /// The package's folder, its full path.
    pub folder: String,
    /// The reports' files, in the order of the registry.
    pub files: Vec<PackageFile>,
    /// The reports with nothing for the day, each with why: «Итоги успеваемости: на 01.09.2026
    /// не начался ни один учебный период…».
    pub absent: Vec<String>,
}

/// The folder's name: `<ИНН> <short name> на <dd.mm.yyyy>` (the full name when the card has
/// no short one), without the characters Windows does not allow.
pub fn folder_name(inn: &str, school: &str, on: NaiveDate) -> String {
    documents::safe_name(&format!("{inn} {school} на {}", ru_date(on)))
}

/// A report's file name: `<ИНН>_<stem>_<yyyy-mm-dd>.<ext>`.
pub fn file_name(inn: &str, report: DistrictReport, on: NaiveDate, format: ReportFormat) -> String {
    let day = on.format("%Y-%m-%d");
    documents::file_name(
        &format!("{inn}_{}_{day}", report.spec().stem),
        format.code(),
    )
}

/// Writes the package of the year `year_id` for the day `on` into the folder `dir` (created
/// when missing); `progress(done, total)` after each file. Refused: a school card without a
/// valid INN, a day outside the year, the package's folder name taken by something else.
pub fn write_package(
    db: &Db,
    year_id: i64,
    on: NaiveDate,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Package> {
    let card = crate::school::get(db)?;
    let inn = crate::district::figures::school_inn(&card)?;
    ensure_in_year(db, year_id, on)?;
    let short = match card.short_name.trim() {
        "" => card.full_name.trim(),
        short => short,
    };
    let dir = std::path::absolute(dir).at(dir)?;
    fs::create_dir_all(&dir).at(&dir)?;
    let target = dir.join(folder_name(&inn, short, on));
    if target.exists() && !target.join(MANIFEST).is_file() {
        return Err(CoreError::refused(
            "folder",
            Problem::PackageFolderTaken {
                folder: target.display().to_string(),
            },
        ));
    }
    // Removed when dropped: on any failure below nothing is left behind.
    let work = tempfile::Builder::new()
        .prefix(".zavuch-package-")
        .tempdir_in(&dir)
        .at(&dir)?;
    let mut package = Package {
        folder: target.display().to_string(),
        files: Vec::new(),
        absent: Vec::new(),
    };
    let total = DistrictReport::ALL
        .iter()
        .map(|r| r.spec().formats.len())
        .sum::<usize>();
    let mut done = 0;
    for report in DistrictReport::ALL {
        let spec = report.spec();
        for &format in spec.formats {
            match (spec.render)(db, year_id, on, format)? {
                Made::Document(d) => {
                    let name = file_name(&inn, report, on, format);
                    let path = work.path().join(&name);
                    fs::write(&path, &d.bytes).at(&path)?;
                    let title = d.name.rsplit_once('.').map_or(&*d.name, |(stem, _)| stem);
                    package.files.push(PackageFile {
                        name,
                        report,
                        format,
                        title: title.to_string(),
                    });
                }
                // Said once per report, not per format.
                Made::Absent(why) if format == spec.formats[0] => {
                    package.absent.push(format!("{}: {why}", report.label()))
                }
                Made::Absent(_) => {}
            }
            done += 1;
            progress(done, total);
        }
    }
    let info = info_text(&card, &inn, db, year_id, on, &package)?;
    let info_path = work.path().join(INFO);
    fs::write(&info_path, info).at(&info_path)?;
    let mut names: Vec<String> = package.files.iter().map(|f| f.name.clone()).collect();
    names.push(INFO.to_string());
    archive::write_manifest(work.path(), &names)?;
    place(work, &target)?;
    Ok(package)
}

/// The description: who, for which day, by which program, and what each file is.
fn info_text(
    card: &crate::school::School,
    inn: &str,
    db: &Db,
    year_id: i64,
    on: NaiveDate,
    package: &Package,
) -> Result<String> {
    let year = crate::year::get(db, year_id)?;
    let mut out = format!(
        "Пакет отчётов для управления образования\n\n\
         Школа: {}\n\
         Краткое наименование: {}\n\
         ИНН: {inn}\n\
         На дату: {}\n\
         Учебный год: {}\n\
         Составлен: {} программой «Завуч» {}\n\n\
         Файлы:\n",
        card.full_name.trim(),
        card.short_name.trim(),
        ru_date(on),
        year.name,
        chrono::Local::now().format("%d.%m.%Y %H:%M"),
        env!("CARGO_PKG_VERSION"),
    );
    for f in &package.files {
        out.push_str(&format!(
            "{} — {} ({})\n",
            f.name,
            f.title,
            f.format.label()
        ));
    }
    if !package.absent.is_empty() {
        out.push_str("\nНе составлены:\n");
        for why in &package.absent {
            out.push_str(&format!("{why}\n"));
        }
    }
    out.push_str(&format!(
        "\nКонтрольные суммы SHA-256 всех файлов — в «{MANIFEST}». Проверка: в папке пакета \
         выполнить `sha256sum -c {MANIFEST}` (Linux) или сравнить с выводом \
         `Get-FileHash -Algorithm SHA256 <файл>` (Windows PowerShell).\n"
    ));
    Ok(out)
}

/// Renames the finished temporary folder into `target`; a package already there is moved
/// aside first and removed after, and put back when the rename fails.
fn place(work: tempfile::TempDir, target: &Path) -> Result<()> {
    let work = work.keep();
    let undo = |e: std::io::Error, path: &Path| {
        let _ = fs::remove_dir_all(&work);
        CoreError::file(path, e)
    };
    if !target.exists() {
        return fs::rename(&work, target).map_err(|e| undo(e, target));
    }
    let old = aside(target);
    fs::rename(target, &old).map_err(|e| undo(e, target))?;
    if let Err(e) = fs::rename(&work, target) {
        let _ = fs::rename(&old, target);
        return Err(undo(e, target));
    }
    // The old package is replaced; a leftover copy of it is no failure of the new one.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// A free hidden name beside `target` for the package being replaced.
fn aside(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (1..)
        .map(|n| target.with_file_name(format!(".{name}.old-{n}")))
        .find(|p| !p.exists())
        .expect("some number is free")
}
