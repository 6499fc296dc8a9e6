//! «Кадровый состав» on a day (by default 1 September of the year): every staff member working
//! then with the positions held, education, category, experience, age, sex, degree and titles,
//! and the summary counts the district asks for (by education level, category, experience and
//! age bands, women), for all staff and for the pedagogical ones. Computed once ([`compute`]),
//! rendered as PDF ([`pdf`]) and .xlsx ([`xlsx`]); [`save`] writes either by the file's
//! extension. The tariff list ([`super::tariff`]) reads the same staff through [`working_on`].

use super::documents;
use super::workbook::{self, Formats};
use super::{ru_date, school_name};
use crate::db::Db;
use crate::error::Result;
use crate::people::{self, Sex};
use crate::print::{Column, Document, PageSetup, Row, Table, TitleBlock};
use crate::staff::{
    self, AcademicDegree, EducationLevel, QualificationCategory, StaffMember, StaffPosition,
};
use crate::{school, year};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

/// A staff member working on the day, with what they hold then.
#[derive(Debug, Clone)]
pub(crate) struct Working {
    pub member: StaffMember,
    /// «Учитель, Педагог-организатор».
    pub positions: String,
    /// The sum of the rates held.
    pub rate: f64,
    /// Holds a pedagogical position (педагогический работник).
    pub pedagogical: bool,
}

/// Everyone working on `on` (some appointment begun by then and not ended before), in Russian
/// alphabetical order.
pub(crate) fn working_on(db: &Db, on: NaiveDate) -> Result<Vec<Working>> {
    let pedagogical: HashMap<i64, bool> = staff::positions(db)?
        .into_iter()
        .filter_map(|p: StaffPosition| Some((p.id?, p.is_pedagogical)))
        .collect();
    Ok(staff::all_members(db.conn())?
        .into_iter()
        .filter_map(|member| {
            let held: Vec<_> = member
                .appointments
                .iter()
                .filter(|a| a.lasts_on(on) && a.hired_on.is_none_or(|h| h <= on))
                .collect();
            if held.is_empty() {
                return None;
            }
            let positions = held
                .iter()
                .map(|a| a.position_name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let rate = held.iter().map(|a| a.rate).sum();
            let pedagogical = held
                .iter()
                .any(|a| pedagogical.get(&a.staff_position_id) == Some(&true));
            Some(Working {
                positions,
                rate,
                pedagogical,
                member,
            })
        })
        .collect())
}

/// «Высшее педагогическое», «Среднее профессиональное», «Не указан».
pub fn level_text(m: &StaffMember) -> String {
    match (m.education_level, m.pedagogical_education) {
        (EducationLevel::Unknown, _) | (_, false) => m.education_level.label().to_string(),
        (level, true) => format!("{} педагогическое", level.label()),
    }
}

/// The education's details as typed, without the level when they begin with it (files before
/// version 13 kept «высшее, РГПУ, 2003» in one line, and the level is printed apart).
pub fn education_details(m: &StaffMember) -> String {
    let details = m.education.trim();
    let level = m.education_level.label().to_lowercase();
    let lower = details.to_lowercase();
    match m.education_level != EducationLevel::Unknown && lower.starts_with(&level) {
        true => details
            .chars()
            .skip(level.chars().count())
            .skip_while(|c| *c == ',' || *c == ';' || c.is_whitespace())
            .collect(),
        false => details.to_string(),
    }
}

/// The degree and the titles, one a line; empty when neither.
pub fn degree_and_titles(m: &StaffMember) -> String {
    let degree = (m.academic_degree != AcademicDegree::None).then(|| m.academic_degree.label());
    degree
        .into_iter()
        .chain(m.honorary_titles.lines().map(str::trim))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// «Высшая, 15.03.2024»; «Без категории».
pub fn category_text(m: &StaffMember) -> String {
    match m.category_awarded_on {
        Some(d) if m.qualification_category != QualificationCategory::None => {
            format!("{}, {}", m.qualification_category.label(), ru_date(d))
        }
        _ => m.qualification_category.label().to_string(),
    }
}

/// The experience bands of form ОО-1 by full years: до 3, 3–5, 5–10, 10–15, 15–20, 20 и более.
pub const EXPERIENCE_BANDS: [(u32, &str); 6] = [
    (0, "до 3 лет"),
    (3, "от 3 до 5 лет"),
    (5, "от 5 до 10 лет"),
    (10, "от 10 до 15 лет"),
    (15, "от 15 до 20 лет"),
    (20, "20 лет и более"),
];

/// The age bands of form ОО-1 by full years: моложе 25, 25–29 … 60–64, 65 и старше.
pub const AGE_BANDS: [(i32, &str); 10] = [
    (0, "моложе 25 лет"),
    (25, "25–29 лет"),
    (30, "30–34 года"),
    (35, "35–39 лет"),
    (40, "40–44 года"),
    (45, "45–49 лет"),
    (50, "50–54 года"),
    (55, "55–59 лет"),
    (60, "60–64 года"),
    (65, "65 лет и старше"),
];

/// The index of the band whose lower edge is the greatest not above `value` (a band takes in
/// its lower edge: 3 full years is «от 3 до 5 лет»).
fn band<T: PartialOrd + Copy>(edges: &[(T, &str)], value: T) -> usize {
    edges
        .iter()
        .rposition(|(from, _)| *from <= value)
        .unwrap_or(0)
}

/// One staff member as the list prints them.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    pub full_name: String,
    pub positions: String,
    pub pedagogical: bool,
    pub sex: Sex,
    /// Full years on the day; None without a birth date.
    pub age: Option<i32>,
    pub education_level: EducationLevel,
    pub pedagogical_education: bool,
    /// «Высшее педагогическое».
    pub level: String,
    /// The details as typed (institution, year, speciality).
    pub education: String,
    /// «Высшая, 15.03.2024».
    pub category: String,
    pub qualification_category: QualificationCategory,
    /// Full years and months on the day; None when the start is not known.
    pub experience: Option<(u32, u32)>,
    pub pedagogical_experience: Option<(u32, u32)>,
    /// The degree and the titles, one a line.
    pub degree_and_titles: String,
}

impl StaffRow {
    fn of(w: &Working, on: NaiveDate) -> StaffRow {
        let m = &w.member;
        StaffRow {
            full_name: m.full_name(),
            positions: w.positions.clone(),
            pedagogical: w.pedagogical,
            sex: m.sex,
            age: m.birth_date.map(|b| people::age_on(b, on)),
            education_level: m.education_level,
            pedagogical_education: m.pedagogical_education,
            level: level_text(m),
            education: education_details(m),
            category: category_text(m),
            qualification_category: m.qualification_category,
            experience: m.experience_since.and_then(|s| staff::experience_on(s, on)),
            pedagogical_experience: m.pedagogical_experience_on(on),
            degree_and_titles: degree_and_titles(m),
        }
    }

    /// The row's cells as printed, under [`TITLES`].
    pub fn cells(&self, n: usize) -> [String; 10] {
        let years = |e: Option<(u32, u32)>| e.map_or(String::new(), |(y, _)| y.to_string());
        let education = match self.education.is_empty() {
            true => self.level.clone(),
            false => format!("{}\n{}", self.level, self.education),
        };
        [
            n.to_string(),
            self.full_name.clone(),
            self.positions.clone(),
            self.sex.letter().to_string(),
            self.age.map_or(String::new(), |a| a.to_string()),
            education,
            self.category.clone(),
            years(self.experience),
            years(self.pedagogical_experience),
            self.degree_and_titles.clone(),
        ]
    }
}

/// Column titles of the list, the same in the PDF and the .xlsx.
pub const TITLES: [&str; 10] = [
    "№",
    "Фамилия, имя, отчество",
    "Должность",
    "Пол",
    "Возраст, лет",
    "Образование",
    "Квалификационная категория, дата присвоения",
    "Общий стаж, лет",
    "Педагогический стаж, лет",
    "Учёная степень, почётные звания",
];

/// A line of the summary: what it counts, among all staff and among the pedagogical ones.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryLine {
    pub label: String,
    pub all: i32,
    pub pedagogical: i32,
}

/// A group of the summary («По уровню образования») and its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryGroup {
    pub title: &'static str,
    pub lines: Vec<SummaryLine>,
}

/// The summary's column titles after the label.
pub const SUMMARY_TITLES: [&str; 3] = ["Показатель", "Всего", "из них педагогических работников"];

/// The whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffComposition {
    pub school: String,
    /// «2026-2027».
    pub year: String,
    pub on: NaiveDate,
    pub director: String,
    pub rows: Vec<StaffRow>,
    pub summary: Vec<SummaryGroup>,
}

/// Counts `rows` into lines labelled `labels`, each row into the line `line_of` gives (None:
/// not counted).
fn count_lines(
    rows: &[StaffRow],
    labels: Vec<String>,
    line_of: impl Fn(&StaffRow) -> Option<usize>,
) -> Vec<SummaryLine> {
    let mut lines: Vec<SummaryLine> = labels
        .into_iter()
        .map(|label| SummaryLine {
            label,
            all: 0,
            pedagogical: 0,
        })
        .collect();
    for r in rows {
        if let Some(line) = line_of(r).and_then(|i| lines.get_mut(i)) {
            line.all += 1;
            line.pedagogical += i32::from(r.pedagogical);
        }
    }
    lines
}

/// Bands with «не указан» last for rows whose value is not known.
fn band_lines<T: PartialOrd + Copy>(
    rows: &[StaffRow],
    edges: &[(T, &str)],
    value: impl Fn(&StaffRow) -> Option<T>,
) -> Vec<SummaryLine> {
    let mut labels: Vec<String> = edges.iter().map(|(_, l)| l.to_string()).collect();
    labels.push("не указан".into());
    count_lines(rows, labels, |r| {
        Some(value(r).map_or(edges.len(), |v| band(edges, v)))
    })
}

fn summary(rows: &[StaffRow]) -> Vec<SummaryGroup> {
    let total = count_lines(rows, vec!["Всего работников".into()], |_| {
        Some(0)
    })
    .into_iter()
    .chain(count_lines(
        rows,
        vec!["из них женщин".into()],
        |r| (r.sex == Sex::Female).then_some(0),
    ));
    let mut levels: Vec<String> = EducationLevel::ALL
        .iter()
        .map(|l| l.label().to_string())
        .collect();
    levels.push("из них педагогическое (высшее и среднее профессиональное)".into());
    let pedagogical_line = EducationLevel::ALL.len();
    let mut education = count_lines(rows, levels.clone(), |r| {
        EducationLevel::ALL
            .iter()
            .position(|l| *l == r.education_level)
    });
    let pedagogical_education = count_lines(rows, levels, |r| {
        let vocational = matches!(
            r.education_level,
            EducationLevel::Higher | EducationLevel::SecondaryVocational
        );
        (vocational && r.pedagogical_education).then_some(pedagogical_line)
    });
    education[pedagogical_line] = pedagogical_education[pedagogical_line].clone();
    let categories = count_lines(
        rows,
        QualificationCategory::ALL
            .iter()
            .map(|c| c.label().to_string())
            .collect(),
        |r| {
            QualificationCategory::ALL
                .iter()
                .position(|c| *c == r.qualification_category)
        },
    );
    let years = |e: Option<(u32, u32)>| e.map(|(y, _)| y);
    vec![
        SummaryGroup {
            title: "Численность",
            lines: total.collect(),
        },
        SummaryGroup {
            title: "По уровню образования",
            lines: education,
        },
        SummaryGroup {
            title: "По квалификационной категории",
            lines: categories,
        },
        SummaryGroup {
            title: "По общему стажу работы",
            lines: band_lines(rows, &EXPERIENCE_BANDS, |r| years(r.experience)),
        },
        SummaryGroup {
            title: "По педагогическому стажу",
            lines: band_lines(rows, &EXPERIENCE_BANDS, |r| years(r.pedagogical_experience)),
        },
        SummaryGroup {
            title: "По возрасту",
            lines: band_lines(rows, &AGE_BANDS, |r| r.age),
        },
    ]
}

/// The staff composition on `on` (None: 1 September of the year `year_id`); a day outside the
/// year is refused.
pub fn compute(db: &Db, year_id: i64, on: Option<NaiveDate>) -> Result<StaffComposition> {
    let year = year::get(db, year_id)?;
    let on = super::day_in_year(&year, on, (1, 9))?;
    let rows: Vec<StaffRow> = working_on(db, on)?
        .iter()
        .map(|w| StaffRow::of(w, on))
        .collect();
    let card = school::get(db)?;
    Ok(StaffComposition {
        school: school_name(&card),
        year: year.name,
        on,
        director: card.director.trim().to_string(),
        summary: summary(&rows),
        rows,
    })
}

fn title(form: &StaffComposition) -> String {
    format!("Кадровый состав на {}", ru_date(form.on))
}

/// The file name in «Документы Завуча»: «Кадровый состав на 01.09.2026.pdf».
pub fn document_name(form: &StaffComposition, ext: &str) -> String {
    documents::file_name(&title(form), ext)
}

/// The form as PDF bytes: A4 landscape, the list, then the summary.
pub fn pdf(form: &StaffComposition) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(title(form))
        .running_header(&form.school);
    let pedagogical = form.rows.iter().filter(|r| r.pedagogical).count();
    doc.title_block(
        &TitleBlock::new("Кадровый состав")
            .line(format!(
                "{} учебный год, по состоянию на {}",
                form.year,
                ru_date(form.on)
            ))
            .line(format!(
                "Работников: {}, из них педагогических: {pedagogical}",
                form.rows.len()
            )),
    );
    let widths = [8.0, 42.0, 36.0, 8.0, 13.0, 0.0, 30.0, 14.0, 17.0, 38.0];
    let columns = super::table_columns(&TITLES, &widths, |i| [0, 3, 4, 7, 8].contains(&i));
    let mut table = Table::new(columns).font_size(8.5).header_font_size(8.0);
    for (i, row) in form.rows.iter().enumerate() {
        table.row(row.cells(i + 1));
    }
    doc.table(&table);
    doc.space(4.0);
    doc.table(&summary_table(form));
    doc.certification(&super::deputy_and_director(&form.director));
    doc.finish()
}

fn summary_table(form: &StaffComposition) -> Table {
    let columns = vec![
        Column::new(SUMMARY_TITLES[0]).mm(110.0),
        Column::new(SUMMARY_TITLES[1]).mm(22.0).center(),
        Column::new(SUMMARY_TITLES[2]).mm(40.0).center(),
    ];
    let mut table = Table::new(columns).font_size(8.5).header_font_size(8.0);
    for group in &form.summary {
        table.push(Row::new([crate::print::Cell::new(group.title).span(3)]).bold());
        for line in &group.lines {
            table.row([
                line.label.clone(),
                line.all.to_string(),
                line.pedagogical.to_string(),
            ]);
        }
    }
    table
}

/// The list and the summary as .xlsx: the list from row 5, the summary under it after a
/// blank row, figures as numbers.
pub fn xlsx(form: &StaffComposition) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let line = format!(
        "{} учебный год, по состоянию на {}",
        form.year,
        ru_date(form.on)
    );
    let heading = ["Кадровый состав", form.school.as_str(), &line];
    workbook::book("Кадровый состав", heading, |sheet| {
        let widths = [5.0, 32.0, 26.0, 6.0, 9.0, 34.0, 24.0, 10.0, 13.0, 30.0];
        for (j, (t, w)) in TITLES.iter().zip(widths).enumerate() {
            sheet.write_string_with_format(4, j as u16, *t, &formats.header)?;
            sheet.set_column_width(j as u16, w)?;
        }
        sheet.set_freeze_panes(5, 2)?;
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(4, 4)?;
        let numeric = [0, 4, 7, 8];
        let wrapped = formats.cell.clone().set_text_wrap();
        let mut r = 5;
        for (i, row) in form.rows.iter().enumerate() {
            for (j, text) in row.cells(i + 1).iter().enumerate() {
                match text.parse::<f64>() {
                    Ok(n) if numeric.contains(&j) => {
                        sheet.write_number_with_format(r, j as u16, n, &formats.number)?
                    }
                    _ => sheet.write_string_with_format(r, j as u16, text, &wrapped)?,
                };
            }
            r += 1;
        }
        r += 1;
        for (j, t) in SUMMARY_TITLES.iter().enumerate() {
            sheet.write_string_with_format(r, j as u16, *t, &formats.header)?;
        }
        r += 1;
        for group in &form.summary {
            let lines = std::iter::once((true, group.title, vec![]))
                .chain(
                    group
                        .lines
                        .iter()
                        .map(|l| (false, l.label.as_str(), vec![l.all, l.pedagogical])),
                )
                .collect::<Vec<_>>();
            let count = lines.len() as u32;
            workbook::figure_rows(sheet, r, lines, &formats)?;
            r += count;
        }
        Ok(())
    })
}

/// Writes the staff composition of the year `year_id` on `on` (None: 1 September) at `path`,
/// as PDF or .xlsx by its extension; returns the form written.
pub fn save(db: &Db, year_id: i64, on: Option<NaiveDate>, path: &Path) -> Result<StaffComposition> {
    let form = compute(db, year_id, on)?;
    documents::write_report(path, || pdf(&form), || xlsx(&form))?;
    Ok(form)
}
