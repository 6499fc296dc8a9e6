//! The reports a school sends to the district (управление образования): a registry naming
//! each — its Russian title, the stem of its file names, its formats — and writing it in a
//! format for a year and a day, and the package ([`write_package`]): every report in every
//! format for one day in one folder with a manifest. The forms themselves live in `forms` (one code for the printed
//! form, the .xlsx and the package); this module only says which form a report is and for
//! which days it is computed.
//!
//! **Adding a report** (ОО-1, the tariff list, staff composition): one line in
//! [`DistrictReport`] (code and title; `ALL` follows) and one arm in [`DistrictReport::spec`]
//! (file stem, days, formats, and `render` calling the form's own compute, document name, PDF
//! and .xlsx through `document`). The package, `zavuch-cli report package`, the app's screen
//! «Отчёты для управления образования» and the tests walking the registry take it from there.

mod package;
#[cfg(test)]
mod tests;

pub use package::{file_name, folder_name, write_package, Package, PackageFile, INFO, MANIFEST};

use crate::choice::choice_enum;
use crate::db::Db;
use crate::error::{CoreError, Problem, Result};
use crate::forms::{
    self, class_sizes, documents, movement, oo1, results, results_lists, ru_date,
    staff_composition, tariff,
};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

choice_enum! {
    /// A report the school sends to the district; the label is its title.
    pub enum DistrictReport (fallback ClassSizes) {
        Oo1 = "oo1", "Форма ОО-1: обучающиеся и педагогические работники";
        ClassSizes = "class_sizes", "Наполняемость классов";
        Results = "results", "Итоги успеваемости с СОУ";
        ResultsLists = "results_lists", "Списки обучающихся по итогам периода";
        Movement = "movement", "Движение обучающихся";
        Tariff = "tariff", "Тарификационный список";
        Staff = "staff", "Кадровый состав";
    }
}

choice_enum! {
    /// A file format of the reports; the code is the file's extension.
    pub enum ReportFormat (fallback Pdf) {
        Pdf = "pdf", "PDF";
        Xlsx = "xlsx", "Excel";
    }
}

const PDF_AND_XLSX: &[ReportFormat] = &[ReportFormat::Pdf, ReportFormat::Xlsx];

/// A report as the app lists it: the registry's entry for the screen.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReportInfo {
    pub report: DistrictReport,
    pub title: String,
    /// Which days the report covers, for the screen.
    pub days: String,
    pub formats: Vec<ReportFormat>,
}

/// Every report of the registry, in its order.
pub fn registry() -> Vec<ReportInfo> {
    DistrictReport::ALL
        .iter()
        .map(|r| ReportInfo {
            report: *r,
            title: r.label().to_string(),
            days: r.spec().days.to_string(),
            formats: r.spec().formats.to_vec(),
        })
        .collect()
}

/// A report written for a day: its file name in «Документы Завуча» and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// «Итоги успеваемости, 2026-2027, 1 четверть.pdf».
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What writing a report for a day gave: the document, or why the report has nothing for the
/// day (term results before the first period begins).
#[derive(Debug, Clone, PartialEq)]
pub enum Made {
    Document(Document),
    Absent(Problem),
}

/// Writes a report of the year `year_id` for the day `on` in a format.
pub type Render = fn(&Db, i64, NaiveDate, ReportFormat) -> Result<Made>;

/// What the registry knows of a report.
pub struct Spec {
    /// The report's part of the package's file names («Наполняемость»): no spaces, safe in
    /// every file system.
    pub stem: &'static str,
    /// Which days the report covers: «на выбранный день», «с начала учебного года по выбранный день».
    pub days: &'static str,
    pub formats: &'static [ReportFormat],
    pub render: Render,
}

impl DistrictReport {
    /// The registry's entry of the report. Each arm calls the form's own code, the same the
    /// printed form, «Сохранить как Excel» and the CLI's `print`/`export` use.
    pub fn spec(self) -> Spec {
        match self {
            DistrictReport::Oo1 => Spec {
                stem: "ОО-1",
                days: "на выбранный день (по форме — 20 сентября)",
                formats: PDF_AND_XLSX,
                render: |db, _, on, format| {
                    let f = oo1::compute(db, on)?;
                    document(&f, format, oo1::document_name, oo1::pdf, oo1::xlsx)
                },
            },
            DistrictReport::ClassSizes => Spec {
                stem: "Наполняемость",
                days: "на выбранный день",
                formats: PDF_AND_XLSX,
                render: |db, year, on, format| {
                    let f = class_sizes::compute_in_year(db, year, Some(on))?;
                    let (name, pdf, xlsx) = (
                        class_sizes::document_name,
                        class_sizes::pdf,
                        class_sizes::xlsx,
                    );
                    document(&f, format, name, pdf, xlsx)
                },
            },
            DistrictReport::Results => Spec {
                stem: "Итоги_успеваемости",
                days: TERM_DAYS,
                formats: PDF_AND_XLSX,
                render: |db, year, on, format| {
                    in_term(db, year, on, |period| {
                        let f = results::compute_in_year(db, year, Some(period), on)?;
                        let (name, pdf, xlsx) =
                            (results::document_name, results::pdf, results::xlsx);
                        document(&f, format, name, pdf, xlsx)
                    })
                },
            },
            DistrictReport::ResultsLists => Spec {
                stem: "Списки_по_итогам",
                days: TERM_DAYS,
                formats: PDF_AND_XLSX,
                render: |db, year, on, format| {
                    in_term(db, year, on, |period| {
                        let f = results_lists::compute_in_year(db, year, Some(period), on)?;
                        let (name, pdf, xlsx) = (
                            results_lists::document_name,
                            results_lists::pdf,
                            results_lists::xlsx,
                        );
                        document(&f, format, name, pdf, xlsx)
                    })
                },
            },
            DistrictReport::Movement => Spec {
                stem: "Движение",
                days: "с начала учебного года по выбранный день",
                formats: PDF_AND_XLSX,
                render: |db, year, on, format| {
                    let (from, to) = movement::period_in_year(db, year, None, Some(on))?;
                    let r = movement::compute(db, from, to)?;
                    document(
                        &r,
                        format,
                        movement::document_name,
                        movement::pdf,
                        movement::xlsx,
                    )
                },
            },
            DistrictReport::Tariff => Spec {
                stem: "Тарификация",
                days: "педагогические работники на выбранный день",
                formats: PDF_AND_XLSX,
                render: |db, year, on, format| {
                    let f = tariff::compute(db, year, Some(on))?;
                    document(&f, format, tariff::document_name, tariff::pdf, tariff::xlsx)
                },
            },
            DistrictReport::Staff => Spec {
                stem: "Кадровый_состав",
                days: "на выбранный день",
                formats: PDF_AND_XLSX,
                render: |db, year, on, format| {
                    let f = staff_composition::compute(db, year, Some(on))?;
                    let (name, pdf, xlsx) = (
                        staff_composition::document_name,
                        staff_composition::pdf,
                        staff_composition::xlsx,
                    );
                    document(&f, format, name, pdf, xlsx)
                },
            },
        }
    }

    /// The report of the year `year_id` for `on` in `format`; a day outside the year, and a
    /// report with nothing for the day, refused with the reason.
    pub fn render(
        self,
        db: &Db,
        year_id: i64,
        on: NaiveDate,
        format: ReportFormat,
    ) -> Result<Document> {
        ensure_in_year(db, year_id, on)?;
        match (self.spec().render)(db, year_id, on, format)? {
            Made::Document(d) => Ok(d),
            Made::Absent(problem) => Err(CoreError::refused("date", problem)),
        }
    }

    /// [`render`](Self::render) written at `path` (a place the user chose).
    pub fn write(
        self,
        db: &Db,
        year_id: i64,
        on: NaiveDate,
        format: ReportFormat,
        path: &Path,
    ) -> Result<()> {
        documents::write(path, &self.render(db, year_id, on, format)?.bytes)
    }

    /// [`render`](Self::render) saved into «Документы Завуча» under its document name (to be
    /// opened); gives where it is.
    pub fn save(
        self,
        db: &Db,
        year_id: i64,
        on: NaiveDate,
        format: ReportFormat,
    ) -> Result<PathBuf> {
        let d = self.render(db, year_id, on, format)?;
        documents::save(&documents::folder(), &d.name, &d.bytes)
    }
}

/// A form as a document in `format`, by the form's own naming and rendering functions.
fn document<F>(
    form: &F,
    format: ReportFormat,
    name: fn(&F, &str) -> String,
    pdf: fn(&F) -> Vec<u8>,
    xlsx: fn(&F) -> Result<Vec<u8>>,
) -> Result<Made> {
    let bytes = match format {
        ReportFormat::Pdf => pdf(form),
        ReportFormat::Xlsx => xlsx(form)?,
    };
    Ok(Made::Document(Document {
        name: name(form, format.code()),
        bytes,
    }))
}

/// Which days the term results cover.
const TERM_DAYS: &str = "за последний учебный период, начавшийся к выбранному дню";

/// `write` for the period whose results are reported on `on`: the latest begun by then
/// (`marks::results::default_period`), as the district push sends them; before the first
/// period begins the report is absent.
fn in_term(
    db: &Db,
    year: i64,
    on: NaiveDate,
    write: impl FnOnce(&str) -> Result<Made>,
) -> Result<Made> {
    match crate::marks::results::default_period(db, year, on)? {
        Some(period) => write(&period),
        None => Ok(Made::Absent(Problem::NoTermBegunBy { date: ru_date(on) })),
    }
}

/// The day the app offers for the reports: 20 September (the day of form ОО-1) of `today`'s
/// calendar year when it lies in the current academic year, else `today`.
pub fn default_day(db: &Db, today: NaiveDate) -> Result<NaiveDate> {
    let year = forms::current_year(db)?;
    let september = NaiveDate::from_ymd_opt(today.year(), 9, 20).expect("20 September exists");
    Ok(if forms::within(&year, september) == september {
        september
    } else {
        today
    })
}

/// Refuses a day outside the academic year `year_id`: its reports are of its own days.
pub fn ensure_in_year(db: &Db, year_id: i64, on: NaiveDate) -> Result<()> {
    let year = crate::year::get(db, year_id)?;
    if forms::within(&year, on) == on {
        return Ok(());
    }
    Err(CoreError::refused(
        "date",
        Problem::ReportDayOutsideYear {
            date: ru_date(on),
            year: year.name,
        },
    ))
}
