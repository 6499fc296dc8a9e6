//! «Расписание уроков» on paper and in a spreadsheet: a class's, a teacher's and a room's week
//! (A4 landscape, days as columns, lesson numbers with bell times as rows), the whole school's
//! sheet («шахматка», A3 landscape, a page per level 1–4 / 5–9 / 10–11 with classes as columns
//! and day × lesson as rows), the substitution sheet of a day and a month's substitutions per
//! teacher (A4). The timetable sheets carry the director's approval «УТВЕРЖДАЮ» at the top, as
//! a timetable is approved by order. [`xlsx`] writes the same cells as one workbook: «Школа»,
//! a sheet per class and «Учителя».
//!
//! The cell texts ([`week_cell`], [`sheet_cell`]) are shared by the PDF and the .xlsx, so both
//! always show the same thing.

use super::{current_year_id, school_name, signature_name};
use crate::curriculum::Level;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::print::{
    Align, Cell, Certification, Column, DateLine, Document, PageSetup, Row, Table, TitleBlock,
};
use crate::school;
use crate::subjects;
use crate::timetable::substitutions::{self, DaySubstitutions, Substitution, SubstitutionCount};
use crate::timetable::{self, Lesson, SchoolSheet, WeekView};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Whose week a view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekOf {
    Class(i64),
    Teacher(i64),
    Room(i64),
}

/// The school, the year and the director: what every timetable form prints around its table.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub school: String,
    /// «МБОУ СОШ № 7», in the approval block.
    pub short_school: String,
    /// «2026-2027».
    pub year: String,
    pub year_id: i64,
    pub director: String,
}

/// A class's, a teacher's or a room's week, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekForm {
    pub heading: Heading,
    pub of: WeekOf,
    pub view: WeekView,
}

/// The whole school's sheet with the subjects' short names.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolForm {
    pub heading: Heading,
    pub sheet: SchoolSheet,
    /// Short names by subject id («Матем.»), for the narrow cells of the sheet.
    pub short_names: HashMap<i64, String>,
}

/// The substitution sheet of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct SubstitutionsForm {
    pub heading: Heading,
    pub day: DaySubstitutions,
}

/// A month's substitutions per teacher.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthForm {
    pub heading: Heading,
    /// «октябрь 2026».
    pub month: String,
    pub counts: Vec<SubstitutionCount>,
}

fn heading(db: &Db, year_id: i64) -> Result<Heading> {
    let year = crate::year::get(db, year_id)?;
    let card = school::get(db)?;
    Ok(Heading {
        school: school_name(&card),
        short_school: card.short_name.trim().to_string(),
        year: year.name,
        year_id,
        director: card.director.trim().to_string(),
    })
}

/// The week of a class, a teacher or a room in the current year.
pub fn week(db: &Db, of: WeekOf) -> Result<WeekForm> {
    week_in_year(db, current_year_id(db)?, of)
}

/// [`week`] in the year `year_id` (a teacher's or a room's; a class has its own year).
pub fn week_in_year(db: &Db, year_id: i64, of: WeekOf) -> Result<WeekForm> {
    let heading = heading(db, year_id)?;
    let view = match of {
        WeekOf::Class(id) => timetable::class_week(db, id)?,
        WeekOf::Teacher(id) => timetable::teacher_week(db, heading.year_id, id)?,
        WeekOf::Room(id) => timetable::room_week(db, heading.year_id, id)?,
    };
    Ok(WeekForm { heading, of, view })
}

/// The current year's school sheet.
pub fn school_sheet(db: &Db) -> Result<SchoolForm> {
    school_sheet_in_year(db, current_year_id(db)?)
}

/// [`school_sheet`] of the year `year_id`.
pub fn school_sheet_in_year(db: &Db, year_id: i64) -> Result<SchoolForm> {
    let heading = heading(db, year_id)?;
    let sheet = timetable::school_sheet(db, heading.year_id)?;
    let short_names = subjects::list(db, true)?
        .into_iter()
        .filter_map(|s| Some((s.id?, s.short_name)))
        .filter(|(_, short)| !short.trim().is_empty())
        .collect();
    Ok(SchoolForm {
        heading,
        sheet,
        short_names,
    })
}

/// The substitutions of a date.
pub fn substitutions_on(db: &Db, date: NaiveDate) -> Result<SubstitutionsForm> {
    Ok(SubstitutionsForm {
        heading: heading(db, current_year_id(db)?)?,
        day: substitutions::on_date(db, date)?,
    })
}

const MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Each teacher's substitutions in a month (1–12).
pub fn substitutions_in(db: &Db, year: i32, month: u32) -> Result<MonthForm> {
    let counts = substitutions::month_counts(db, year, month)?;
    let name = MONTHS[(month as usize).clamp(1, 12) - 1];
    Ok(MonthForm {
        heading: heading(db, current_year_id(db)?)?,
        month: format!("{name} {year}"),
        counts,
    })
}

// ---------------------------------------------------------------------------------------------
// Names

impl WeekForm {
    /// «5 А», «учителя Иванова А. П.», «кабинета 12»: what the week is of, in the document name.
    fn of_whom(&self) -> String {
        match self.of {
            WeekOf::Class(_) => self.view.title.clone(),
            WeekOf::Teacher(_) => format!("учителя {}", short_of(&self.view.title)),
            WeekOf::Room(_) => format!(
                "кабинета {}",
                self.view.title.trim_start_matches("Кабинет ").trim()
            ),
        }
    }

    /// «Расписание 5 А на 2026-2027 учебный год».
    pub fn title(&self) -> String {
        format!(
            "Расписание {} на {} учебный год",
            self.of_whom(),
            self.heading.year
        )
    }
}

/// «Иванова А. П.» from «Иванова Анна Петровна».
fn short_of(full_name: &str) -> String {
    let parts: Vec<&str> = full_name.split_whitespace().collect();
    match parts.as_slice() {
        [] => String::new(),
        [last, rest @ ..] => crate::people::short_name(
            last,
            rest.first().copied().unwrap_or(""),
            rest.get(1).copied().unwrap_or(""),
        ),
    }
}

/// The file name in «Документы Завуча»: «Расписание 5 А на 2026-2027 учебный год.pdf».
pub fn week_document_name(form: &WeekForm, ext: &str) -> String {
    super::documents::file_name(&form.title(), ext)
}

fn school_title(heading: &Heading) -> String {
    format!("Расписание школы на {} учебный год", heading.year)
}

/// «Расписание школы на 2026-2027 учебный год.pdf».
pub fn school_document_name(form: &SchoolForm) -> String {
    super::documents::file_name(&school_title(&form.heading), "pdf")
}

/// The workbook's name: «Расписание на 2026-2027 учебный год.xlsx».
pub fn xlsx_document_name(form: &SchoolForm) -> String {
    super::documents::file_name(
        &format!("Расписание на {} учебный год", form.heading.year),
        "xlsx",
    )
}

fn substitutions_title(form: &SubstitutionsForm) -> String {
    format!("Замены на {}", form.day.date_text)
}

/// «Замены на 01.10.2026.pdf».
pub fn substitutions_document_name(form: &SubstitutionsForm) -> String {
    super::documents::file_name(&substitutions_title(form), "pdf")
}

fn month_title(form: &MonthForm) -> String {
    format!("Замены за {}", form.month)
}

/// «Замены за октябрь 2026.pdf».
pub fn month_document_name(form: &MonthForm) -> String {
    super::documents::file_name(&month_title(form), "pdf")
}

// ---------------------------------------------------------------------------------------------
// Cell texts

/// «1 гр.» for «1 группа»: a subgroup's name in a narrow cell.
fn subgroup_short(name: &str) -> String {
    name.replace("группа", "гр.")
}

/// « (1-е пол.)» for a lesson of one half-year only; empty for a lesson of the whole year.
fn half_mark(l: &Lesson) -> &'static str {
    match (l.in_first, l.in_second) {
        (true, false) => " (1-е пол.)",
        (false, true) => " (2-е пол.)",
        _ => "",
    }
}

/// «каб. 12»; a room named rather than numbered («Спортзал 1») as it is.
fn room_text(room: &str) -> String {
    match room.chars().next() {
        None => String::new(),
        Some(c) if c.is_ascii_digit() => format!("каб. {room}"),
        Some(_) => room.to_string(),
    }
}

/// Lines joined, the empty ones left out.
fn lines<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a week's cell shows of each of its lessons, one under the other: a class's subject,
/// teacher and room (a subgroup's lesson starts «1 гр.: »), a teacher's class, subject and room,
/// a room's class, subject and teacher.
pub fn week_cell(of: WeekOf, lessons: &[Lesson]) -> String {
    let one = |l: &Lesson| {
        let subject = format!("{}{}", l.label, half_mark(l));
        let group = subgroup_short(&l.subgroup_name);
        let class = if group.is_empty() {
            l.classes_label.clone()
        } else {
            format!("{} ({group})", l.classes_label)
        };
        match of {
            WeekOf::Class(_) => {
                let subject = if group.is_empty() {
                    subject
                } else {
                    format!("{group}: {subject}")
                };
                let who = [l.teacher.clone(), room_text(&l.room)]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                lines([subject.as_str(), who.as_str()])
            }
            WeekOf::Teacher(_) => lines([
                class.as_str(),
                subject.as_str(),
                room_text(&l.room).as_str(),
            ]),
            WeekOf::Room(_) => lines([class.as_str(), subject.as_str(), l.teacher.as_str()]),
        }
    };
    lessons.iter().map(one).collect::<Vec<_>>().join("\n")
}

impl SchoolForm {
    /// The subject's short name («Матем.»), or the lesson's label for a course without one.
    fn short(&self, l: &Lesson) -> String {
        l.subject_id
            .and_then(|id| self.short_names.get(&id).cloned())
            .unwrap_or_else(|| l.label.clone())
    }
}

/// A cell of the school sheet: the subject's short name and the room, a line per subject; the
/// subgroups of one subject share a line with their rooms «Ин. яз. (англ.) 21/22».
pub fn sheet_cell(form: &SchoolForm, lessons: &[Lesson]) -> String {
    let mut by_subject: Vec<(String, Vec<String>)> = Vec::new();
    for l in lessons {
        let short = format!("{}{}", form.short(l), half_mark(l));
        let room = if l.room.is_empty() {
            "—".to_string()
        } else {
            l.room.clone()
        };
        match by_subject.iter_mut().find(|(s, _)| *s == short) {
            Some((_, rooms)) => rooms.push(room),
            None => by_subject.push((short, vec![room])),
        }
    }
    by_subject
        .into_iter()
        .map(|(s, rooms)| format!("{s} {}", rooms.join("/")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// «1» over «08:30–09:15»: a lesson number with its bell times when the view has them.
fn bell_text(row: &timetable::BellRow) -> String {
    if row.starts_at.is_empty() {
        row.lesson_number.to_string()
    } else {
        format!("{}\n{}–{}", row.lesson_number, row.starts_at, row.ends_at)
    }
}

/// «Понедельник».
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// «29» or «29 (1-е полугодие), 28 (2-е полугодие)».
fn lessons_text(view: &WeekView) -> String {
    if view.lessons_first == view.lessons_second {
        view.lessons_first.to_string()
    } else {
        format!(
            "{} (1-е полугодие), {} (2-е полугодие)",
            view.lessons_first, view.lessons_second
        )
    }
}

// ---------------------------------------------------------------------------------------------
// PDF

/// «УТВЕРЖДАЮ / Директор МБОУ СОШ № 7 / ________ Н. В. Кириллова / «___» ________ 20___ г.» at
/// the top right, as a timetable is approved.
fn approval(doc: &mut Document, heading: &Heading) {
    let director = signature_name(&heading.director);
    let signature = if director.is_empty() {
        "____________________".to_string()
    } else {
        format!("____________ {director}")
    };
    doc.title_block(
        &TitleBlock::new("УТВЕРЖДАЮ")
            .line(
                format!("Директор {}", heading.short_school)
                    .trim()
                    .to_string(),
            )
            .line(signature)
            .line("«____» ________________ 20____ г.")
            .sizes(11.0, 11.0)
            .align(Align::Right)
            .space_after(2.0),
    );
}

/// A class's, a teacher's or a room's week on A4 landscape.
pub fn week_pdf(form: &WeekForm) -> Vec<u8> {
    let view = &form.view;
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(form.title())
        .running_header(&form.heading.school);
    approval(&mut doc, &form.heading);
    // A name is not declined: it goes on a line of its own under the title.
    let block = match form.of {
        WeekOf::Class(_) => TitleBlock::new(format!("Расписание уроков {} класса", view.title)),
        WeekOf::Teacher(_) => TitleBlock::new("Расписание уроков учителя").line(&view.title),
        WeekOf::Room(_) => TitleBlock::new("Расписание занятий").line(&view.title),
    };
    doc.title_block(
        &block
            .line(format!("на {} учебный год", form.heading.year))
            .line(format!("Уроков в неделю: {}", lessons_text(view))),
    );
    let mut columns = vec![Column::new("Урок").mm(22.0).center()];
    columns.extend(view.days.iter().map(|d| Column::new(capitalized(&d.name))));
    let mut table = Table::new(columns)
        .font_size(10.0)
        .header_font_size(11.0)
        .bold_header()
        .min_font_size(7.0);
    for (r, row) in view.rows.iter().enumerate().take(used_rows(view)) {
        let mut cells = vec![bell_text(row)];
        cells.extend(view.cells[r].iter().map(|c| week_cell(form.of, c)));
        table.row(cells);
    }
    doc.table(&table.keep_on_one_page(0.0));
    doc.finish()
}

/// The rows of a week up to its last lesson: a class's bells may have an eighth lesson it never
/// has, which would print as an empty row.
fn used_rows(view: &WeekView) -> usize {
    view.cells
        .iter()
        .rposition(|row| row.iter().any(|c| !c.is_empty()))
        .map_or(0, |last| last + 1)
}

/// The classes of the sheet by level (1–4, 5–9, 10–11), each level's class columns.
fn levels(sheet: &SchoolSheet) -> Vec<(Level, Vec<usize>)> {
    let mut out: Vec<(Level, Vec<usize>)> = Vec::new();
    for (i, c) in sheet.classes.iter().enumerate() {
        let level = Level::ALL
            .into_iter()
            .find(|l| (l.grades().0..=l.grades().1).contains(&c.grade))
            .unwrap_or(Level::Basic);
        match out.iter_mut().find(|(l, _)| *l == level) {
            Some((_, cols)) => cols.push(i),
            None => out.push((level, vec![i])),
        }
    }
    out
}

/// Whether some class of the level has a lesson in row `r` of the sheet: a lesson number
/// nobody of the level has that day (the seventh in the primary school) is not printed.
fn level_has(sheet: &SchoolSheet, cols: &[usize], r: usize) -> bool {
    cols.iter().any(|&c| !sheet.cells[r][c].is_empty())
}

/// Widest a class column of the sheet gets, mm: a level of few classes keeps them readable
/// rather than stretched across the page.
const SHEET_COLUMN_MAX: f32 = 60.0;
/// Class columns at least this wide (few classes in a level) get 12 pt text instead of 10.
const SHEET_WIDE_COLUMN: f32 = 40.0;

/// The whole school on A3 landscape, a page per level: «Урок» and a column per class, a bold
/// row per day, a row per lesson number under it. A level's table is shrunk (not below 7 pt)
/// to stay on its page; a level too big even so continues with its header repeated.
pub fn school_pdf(form: &SchoolForm) -> Vec<u8> {
    let sheet = &form.sheet;
    let mut doc = Document::new(PageSetup::a3_landscape())
        .pdf_title(school_title(&form.heading))
        .running_header(&form.heading.school);
    approval(&mut doc, &form.heading);
    let width = doc.content_width();
    for (k, (level, cols)) in levels(sheet).into_iter().enumerate() {
        if k > 0 {
            doc.new_page();
        }
        doc.title_block(
            &TitleBlock::new(format!(
                "Расписание уроков на {} учебный год",
                form.heading.year
            ))
            .line(format!("{} классы", level.range_label()))
            .sizes(14.0, 12.0)
            .space_after(3.0),
        );
        let lesson_column = 12.0;
        let class_width = ((width - lesson_column) / cols.len() as f32).min(SHEET_COLUMN_MAX);
        let mut columns = vec![Column::new("Урок").mm(lesson_column).center()];
        columns.extend(
            cols.iter()
                .map(|&c| Column::new(sheet.classes[c].label.clone()).mm(class_width)),
        );
        let span = columns.len();
        let size = if class_width >= SHEET_WIDE_COLUMN {
            12.0
        } else {
            10.0
        };
        let mut table = Table::new(columns)
            .font_size(size)
            .header_font_size(12.0)
            .bold_header()
            .min_font_size(7.0);
        let mut day = 0;
        for (r, row) in sheet.rows.iter().enumerate() {
            if !level_has(sheet, &cols, r) {
                continue;
            }
            if row.day != day {
                day = row.day;
                table.push(
                    Row::new([Cell::new(capitalized(&row.day_name))
                        .span(span)
                        .align(Align::Left)])
                    .bold(),
                );
            }
            let mut cells = vec![row.lesson_number.to_string()];
            cells.extend(cols.iter().map(|&c| sheet_cell(form, &sheet.cells[r][c])));
            table.row(cells);
        }
        doc.table(&table.keep_on_one_page(0.0));
    }
    doc.finish()
}

/// «5 А (1 гр.)»: the class of a substituted lesson.
fn class_of(l: &Lesson) -> String {
    if l.subgroup_name.is_empty() {
        l.classes_label.clone()
    } else {
        format!("{} ({})", l.classes_label, subgroup_short(&l.subgroup_name))
    }
}

/// Column titles of the substitution sheet, the same in every copy.
pub const SUBSTITUTION_TITLES: [&str; 8] = [
    "Урок",
    "Класс",
    "Предмет",
    "Отсутствует",
    "Заменяет",
    "Кабинет",
    "Причина",
    "Примечание",
];

/// A row of the substitution sheet: the subject given («Алгебра вместо Геометрии» reads
/// «Алгебра (вместо: Геометрия)»), the absent teacher and the substitute only when the teacher
/// changes, the room the lesson is in that day.
pub fn substitution_row(s: &Substitution) -> [String; 8] {
    let l = &s.lesson;
    let subject = if s.new_subject.is_empty() {
        l.label.clone()
    } else {
        format!("{} (вместо: {})", s.new_subject, l.label)
    };
    let (absent, substitute) = if s.new_teacher.is_empty() {
        (String::new(), l.teacher.clone())
    } else {
        (l.teacher.clone(), s.new_teacher.clone())
    };
    let room = if s.new_room.is_empty() {
        l.room.clone()
    } else {
        format!("{} (вместо {})", s.new_room, l.room)
    };
    [
        l.lesson_number.to_string(),
        class_of(l),
        subject,
        absent,
        substitute,
        room,
        s.reason.label().to_string(),
        s.note.clone(),
    ]
}

fn signatures() -> Certification {
    Certification::new()
        .signatory("Заместитель директора по УВР", "")
        .date(DateLine::None)
}

/// The day's substitution sheet on A4 landscape, to post in the staff room.
pub fn substitutions_pdf(form: &SubstitutionsForm) -> Vec<u8> {
    let day = &form.day;
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title(substitutions_title(form))
        .running_header(&form.heading.school);
    doc.title_block(
        &TitleBlock::new(format!(
            "Замены уроков на {} ({})",
            day.date_text, day.day_name
        ))
        .line(format!("Замен: {}", day.rows.len())),
    );
    let widths = [12.0, 22.0, 0.0, 34.0, 34.0, 24.0, 36.0, 0.0];
    let columns = SUBSTITUTION_TITLES
        .iter()
        .zip(widths)
        .map(|(t, w)| {
            let c = Column::new(*t);
            let c = if *t == "Урок" || *t == "Кабинет" {
                c.center()
            } else {
                c
            };
            if w > 0.0 {
                c.mm(w)
            } else {
                c
            }
        })
        .collect();
    let mut table = Table::new(columns).font_size(11.0).bold_header();
    for s in &day.rows {
        table.row(substitution_row(s));
    }
    if day.rows.is_empty() {
        table.push(Row::new([
            Cell::new("Замен нет").span(SUBSTITUTION_TITLES.len())
        ]));
    }
    doc.table(&table);
    doc.certification(&signatures());
    doc.finish()
}

/// Column titles of the month's counts.
pub const MONTH_TITLES: [&str; 4] = [
    "№",
    "Учитель",
    "Провёл уроков замены",
    "Его уроков провели другие",
];

/// A month's substitutions per teacher on A4 portrait, for the pay office.
pub fn month_pdf(form: &MonthForm) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(month_title(form))
        .running_header(&form.heading.school);
    doc.title_block(
        &TitleBlock::new("Учёт замещённых уроков")
            .line(format!("за {}", form.month))
            .line(format!("{} учебный год", form.heading.year)),
    );
    let mut table = Table::new(vec![
        Column::new(MONTH_TITLES[0]).mm(10.0).right(),
        Column::new(MONTH_TITLES[1]),
        Column::new(MONTH_TITLES[2]).mm(40.0).center(),
        Column::new(MONTH_TITLES[3]).mm(40.0).center(),
    ])
    .font_size(11.0);
    for (i, c) in form.counts.iter().enumerate() {
        table.row([
            (i + 1).to_string(),
            c.teacher.clone(),
            c.given.to_string(),
            c.missed.to_string(),
        ]);
    }
    let given: i32 = form.counts.iter().map(|c| c.given).sum();
    let missed: i32 = form.counts.iter().map(|c| c.missed).sum();
    table.push(
        Row::new([
            Cell::new("Всего").span(2),
            Cell::new(given.to_string()),
            Cell::new(missed.to_string()),
        ])
        .bold(),
    );
    doc.table(&table);
    doc.certification(
        &signatures()
            .signatory("Директор", signature_name(&form.heading.director))
            .date(DateLine::Blank)
            .stamp(),
    );
    doc.finish()
}

// ---------------------------------------------------------------------------------------------
// .xlsx

/// A teacher's lessons of the school sheet: (day, lesson number) → what the cell shows.
type TeacherRow = (String, HashMap<(i32, i32), Vec<String>>);

/// The teachers in Russian order with their classes at each day and lesson number.
fn teacher_rows(sheet: &SchoolSheet) -> Vec<TeacherRow> {
    let mut by_id: HashMap<i64, TeacherRow> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for row in &sheet.cells {
        for l in row.iter().flatten() {
            // A joint lesson of several classes is in each of their columns: count it once.
            if !seen.insert(l.id) {
                continue;
            }
            let entry = by_id
                .entry(l.staff_member_id)
                .or_insert_with(|| (l.teacher.clone(), HashMap::new()));
            entry
                .1
                .entry((l.day, l.lesson_number))
                .or_default()
                .push(class_of(l));
        }
    }
    let mut out: Vec<TeacherRow> = by_id.into_values().collect();
    out.sort_by(|a, b| crate::db::compare_ru(&a.0, &b.0));
    out
}

/// The timetable as one workbook: «Школа» (the school sheet, a column per class), a sheet per
/// class (its week, as printed) and «Учителя» (a row per teacher, a column per day and lesson
/// number, the class in each cell). The title, the school and the year on rows 1–3, the header
/// on row 5.
pub fn xlsx(db: &Db, form: &SchoolForm) -> Result<Vec<u8>> {
    let mut classes = Vec::new();
    for c in &form.sheet.classes {
        classes.push(timetable::class_week(db, c.id)?);
    }
    write_xlsx(form, &classes).map_err(CoreError::from)
}

fn write_xlsx(
    form: &SchoolForm,
    classes: &[WeekView],
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
    let sheet = &form.sheet;
    let heading = &form.heading;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_font_size(13);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let head =
        |ws: &mut Worksheet, name: &str, title: &str| -> std::result::Result<(), XlsxError> {
            ws.set_name(name)?;
            ws.write_string_with_format(0, 0, title, &bold)?;
            ws.write_string(1, 0, &heading.school)?;
            ws.write_string(2, 0, format!("{} учебный год", heading.year))?;
            ws.set_paper_size(8); // A3
            ws.set_landscape();
            ws.set_print_fit_to_pages(1, 0);
            ws.set_repeat_rows(4, 4)?;
            Ok(())
        };

    // «Школа»: День, Урок, then a column per class.
    let ws = book.add_worksheet();
    head(ws, "Школа", &school_title(heading))?;
    ws.write_string_with_format(4, 0, "День", &header)?;
    ws.write_string_with_format(4, 1, "Урок", &header)?;
    ws.set_column_width(0, 13)?;
    ws.set_column_width(1, 6)?;
    for (j, c) in sheet.classes.iter().enumerate() {
        let col = 2 + j as u16;
        ws.write_string_with_format(4, col, &c.label, &header)?;
        ws.set_column_width(col, 16)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let xr = 5 + r as u32;
        ws.write_string_with_format(xr, 0, capitalized(&row.day_name), &cell)?;
        ws.write_number_with_format(xr, 1, row.lesson_number, &cell)?;
        for (j, lessons) in sheet.cells[r].iter().enumerate() {
            ws.write_string_with_format(xr, 2 + j as u16, sheet_cell(form, lessons), &cell)?;
        }
    }
    ws.set_freeze_panes(5, 2)?;

    // A sheet per class: Урок, Время, then the days.
    for (c, view) in sheet.classes.iter().zip(classes) {
        let ws = book.add_worksheet();
        head(
            ws,
            &c.label,
            &format!("Расписание уроков {} класса", view.title),
        )?;
        ws.write_string_with_format(4, 0, "Урок", &header)?;
        ws.write_string_with_format(4, 1, "Время", &header)?;
        ws.set_column_width(0, 6)?;
        ws.set_column_width(1, 12)?;
        for (j, d) in view.days.iter().enumerate() {
            let col = 2 + j as u16;
            ws.write_string_with_format(4, col, capitalized(&d.name), &header)?;
            ws.set_column_width(col, 30)?;
        }
        for (r, row) in view.rows.iter().enumerate() {
            let xr = 5 + r as u32;
            ws.write_number_with_format(xr, 0, row.lesson_number, &cell)?;
            let time = if row.starts_at.is_empty() {
                String::new()
            } else {
                format!("{}–{}", row.starts_at, row.ends_at)
            };
            ws.write_string_with_format(xr, 1, time, &cell)?;
            for (j, lessons) in view.cells[r].iter().enumerate() {
                let text = week_cell(WeekOf::Class(c.id), lessons);
                ws.write_string_with_format(xr, 2 + j as u16, text, &cell)?;
            }
        }
        ws.set_freeze_panes(5, 2)?;
    }

    // «Учителя»: a row per teacher, a column per (day, lesson number) of the school sheet.
    let ws = book.add_worksheet();
    head(
        ws,
        "Учителя",
        &format!("Расписание учителей на {} учебный год", heading.year),
    )?;
    ws.write_string_with_format(4, 0, "Учитель", &header)?;
    ws.set_column_width(0, 24)?;
    for (j, row) in sheet.rows.iter().enumerate() {
        let col = 1 + j as u16;
        let short_day: String = row.day_name.chars().take(2).collect();
        ws.write_string_with_format(
            4,
            col,
            format!("{short_day} {}", row.lesson_number),
            &header,
        )?;
        ws.set_column_width(col, 7)?;
    }
    for (i, (teacher, slots)) in teacher_rows(sheet).iter().enumerate() {
        let xr = 5 + i as u32;
        ws.write_string_with_format(xr, 0, teacher, &cell)?;
        for (j, row) in sheet.rows.iter().enumerate() {
            let text = slots
                .get(&(row.day, row.lesson_number))
                .map(|c| c.join("\n"))
                .unwrap_or_default();
            ws.write_string_with_format(xr, 1 + j as u16, text, &cell)?;
        }
    }
    ws.set_freeze_panes(5, 1)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::tests::{poppler, save};
    use crate::print::MM_PER_PT;
    use crate::testkit::class_id;
    use crate::timetable::substitutions::{SubstitutionInput, SubstitutionReason};
    use crate::timetable::Week;
    use chrono::Datelike;
    use std::collections::HashSet;

    fn demo() -> Db {
        let db = Db::in_memory().unwrap();
        crate::demo::create(&db).unwrap();
        db
    }

    /// Letters only: the text as read back, whatever lines and spaces it was wrapped into.
    fn squeezed(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// The text of a rectangle of page 1, in mm from the top left.
    fn text_in(pdf: &std::path::Path, x: f32, y: f32, w: f32, h: f32) -> String {
        let pt = |mm: f32| ((mm / MM_PER_PT).round() as i32).to_string();
        poppler(
            "pdftotext",
            &[
                "-f",
                "1",
                "-l",
                "1",
                "-x",
                &pt(x),
                "-y",
                &pt(y),
                "-W",
                &pt(w),
                "-H",
                &pt(h),
            ],
            pdf,
        )
    }

    #[test]
    fn a_class_week_prints_each_lesson_in_its_day_column() {
        let db = demo();
        let form = week(&db, WeekOf::Class(class_id(&db, "5 А"))).unwrap();
        assert_eq!(
            week_document_name(&form, "pdf"),
            "Расписание 5 А на 2026-2027 учебный год.pdf"
        );
        let path = save("forms-timetable-class.pdf", &week_pdf(&form));
        let text = poppler("pdftotext", &["-layout"], &path);
        assert!(text.contains("УТВЕРЖДАЮ"));
        assert!(text.contains(&signature_name(&form.heading.director)));
        assert!(text.contains("Расписание уроков 5 А класса"));
        let first = &form.view.rows[0];
        assert!(text.contains(&format!("{}–{}", first.starts_at, first.ends_at)));

        // The Monday column (A4 landscape, 12 mm margin, «Урок» 22 mm, the days sharing the
        // rest) holds Monday's lessons and none that only another day has.
        let days = form.view.days.len() as f32;
        let column = (297.0 - 12.0 - 10.0 - 22.0) / days;
        let monday = squeezed(&text_in(&path, 12.0 + 22.0, 0.0, column, 210.0));
        let labels = |day: usize| -> HashSet<String> {
            form.view
                .cells
                .iter()
                .flat_map(|row| row[day].iter().map(|l| l.label.clone()))
                .collect()
        };
        let on_monday = labels(0);
        assert!(!on_monday.is_empty());
        for label in &on_monday {
            assert!(monday.contains(&squeezed(label)), "{label} in {monday}");
        }
        let elsewhere: Vec<String> = (1..form.view.days.len())
            .flat_map(labels)
            .filter(|l| !on_monday.contains(l) && !on_monday.iter().any(|m| m.contains(l)))
            .collect();
        assert!(!elsewhere.is_empty());
        for label in &elsewhere {
            assert!(
                !monday.contains(&squeezed(label)),
                "{label} is not on Monday"
            );
        }
    }

    #[test]
    fn a_class_cell_stacks_subgroups_with_teacher_and_room() {
        let db = demo();
        let form = week(&db, WeekOf::Class(class_id(&db, "5 А"))).unwrap();
        let split = form
            .view
            .cells
            .iter()
            .flatten()
            .find(|c| c.len() == 2 && c.iter().all(|l| !l.subgroup_name.is_empty()))
            .expect("5 А has a split lesson");
        let text = week_cell(form.of, split);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        for (l, pair) in split.iter().zip(lines.chunks(2)) {
            let group = subgroup_short(&l.subgroup_name);
            assert_eq!(pair[0], format!("{group}: {}{}", l.label, half_mark(l)));
            assert!(pair[1].starts_with(&l.teacher), "{text}");
            assert!(pair[1].ends_with(&l.room), "{text}");
        }
        assert_eq!(room_text("12"), "каб. 12");
        assert_eq!(room_text("Спортзал 1"), "Спортзал 1");
        assert_eq!(week_cell(form.of, &[]), "");
    }

    #[test]
    fn a_teachers_and_a_rooms_week_name_the_classes() {
        let db = demo();
        let sheet = school_sheet(&db).unwrap();
        let lesson = sheet.sheet.cells.iter().flatten().flatten().next().unwrap();
        let teacher = week(&db, WeekOf::Teacher(lesson.staff_member_id)).unwrap();
        assert!(teacher.title().starts_with("Расписание учителя "));
        let text = poppler(
            "pdftotext",
            &["-layout"],
            &save("forms-timetable-teacher.pdf", &week_pdf(&teacher)),
        );
        assert!(text.contains("Расписание уроков учителя"));
        assert!(text.contains(&teacher.view.title), "the full name");
        assert!(text.contains(&format!("Уроков в неделю: {}", lessons_text(&teacher.view))));
        // pdftotext may read «5 А» as «5А»: compared without spaces.
        let all = squeezed(&text);
        for l in teacher.view.cells.iter().flatten().flatten() {
            assert!(all.contains(&squeezed(&l.classes_label)));
        }
        let room = week(&db, WeekOf::Room(lesson.room_id.unwrap())).unwrap();
        assert!(room.title().contains(&format!("кабинета {}", lesson.room)));
        let text = poppler(
            "pdftotext",
            &["-layout"],
            &save("forms-timetable-room.pdf", &week_pdf(&room)),
        );
        assert!(text.contains("Расписание занятий"));
        let placed = room.view.cells.iter().flatten().flatten().count();
        assert!(placed > 0);
        let cells: String = room
            .view
            .cells
            .iter()
            .flatten()
            .map(|c| week_cell(room.of, c))
            .collect();
        assert!(squeezed(&text).contains(&squeezed(&cells[..cells.find('\n').unwrap()])));
    }

    #[test]
    fn the_school_sheet_has_a_page_per_level_with_short_names() {
        let db = demo();
        let form = school_sheet(&db).unwrap();
        let path = save("forms-timetable-school.pdf", &school_pdf(&form));
        let info = poppler("pdfinfo", &[], &path);
        assert!(info.contains("Pages:           3"), "{info}");
        assert!(info.contains("1190.55 x 841.89"), "A3 landscape: {info}");
        for (page, (level, cols)) in levels(&form.sheet).iter().enumerate() {
            let text = crate::print::tests::page_text(&path, page + 1);
            assert!(text.contains(&format!("{} классы", level.range_label())));
            // In drawing order a wrapped cell's lines come together (the layout mode would
            // interleave them with the neighbours').
            let n = (page + 1).to_string();
            let squeezed_text =
                squeezed(&poppler("pdftotext", &["-raw", "-f", &n, "-l", &n], &path));
            for &c in cols {
                assert!(squeezed_text.contains(&squeezed(&form.sheet.classes[c].label)));
                // Monday's first lesson of each class, as its cell prints it.
                let first = sheet_cell(&form, &form.sheet.cells[0][c]);
                assert!(squeezed_text.contains(&squeezed(&first)), "{first}");
            }
        }
        // Short names: «Матем.», never the full «Математика» in a class column of grade 5–9.
        let page = crate::print::tests::page_text(&path, 2);
        assert!(page.contains("Матем."));
        assert!(!page.contains("Математика"));
    }

    #[test]
    fn a_sheet_cell_has_a_line_per_subject_and_the_rooms_of_its_subgroups() {
        let db = demo();
        let form = school_sheet(&db).unwrap();
        let mut shared = 0;
        for lessons in form.sheet.cells.iter().flatten() {
            let text = sheet_cell(&form, lessons);
            let subjects: HashSet<String> = lessons
                .iter()
                .map(|l| format!("{}{}", form.short(l), half_mark(l)))
                .collect();
            assert_eq!(text.lines().count(), subjects.len(), "{text}");
            for l in lessons {
                assert!(text.contains(&form.short(l)));
            }
            if lessons.len() > subjects.len() {
                shared += 1;
                assert!(text.contains('/'), "{text}");
            }
        }
        assert!(
            shared > 0,
            "the demo has subgroups of one subject side by side"
        );
    }

    /// A Monday lesson of the demo given by a teacher free then, on the first Monday of
    /// October; returns the substitution's lesson teacher and the substitute.
    fn substitute_on_monday(db: &Db) -> (NaiveDate, String, String) {
        let year = crate::year::current(db).unwrap().unwrap().id.unwrap();
        let week = Week::read(db, year).unwrap();
        let date = (1..=7)
            .map(|d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap())
            .find(|d| d.weekday() == chrono::Weekday::Mon)
            .unwrap();
        let lesson = week
            .lessons
            .iter()
            .find(|l| l.day == 1 && l.lesson_number == 2 && l.in_first && l.subgroup_id.is_none())
            .unwrap();
        let busy: HashSet<i64> = week.at(1, 2).map(|l| l.staff_member_id).collect();
        let free = week
            .lessons
            .iter()
            .find(|l| !busy.contains(&l.staff_member_id))
            .unwrap();
        let saved = substitutions::save(
            db,
            &SubstitutionInput {
                id: None,
                date,
                timetable_entry_id: lesson.id,
                new_staff_member_id: Some(free.staff_member_id),
                new_room_id: None,
                new_subject_id: None,
                reason: SubstitutionReason::Illness,
                note: "больничный лист".into(),
            },
        )
        .unwrap();
        assert_eq!(saved.value.new_teacher, free.teacher);
        (date, lesson.teacher.clone(), free.teacher.clone())
    }

    #[test]
    fn the_substitution_sheet_names_the_absent_teacher_and_the_substitute() {
        let db = demo();
        let (date, absent, substitute) = substitute_on_monday(&db);
        let form = substitutions_on(&db, date).unwrap();
        assert_eq!(form.day.rows.len(), 1);
        let row = substitution_row(&form.day.rows[0]);
        assert_eq!(row[0], "2");
        assert_eq!(
            (row[3].as_str(), row[4].as_str()),
            (absent.as_str(), substitute.as_str())
        );
        assert_eq!(row[6], "Болезнь");
        assert_eq!(
            substitutions_document_name(&form),
            format!("Замены на {}.pdf", super::super::ru_date(date))
        );
        let text = poppler(
            "pdftotext",
            &["-layout"],
            &save(
                "forms-timetable-substitutions.pdf",
                &substitutions_pdf(&form),
            ),
        );
        assert!(text.contains(&format!(
            "Замены уроков на {} (понедельник)",
            form.day.date_text
        )));
        for cell in row.iter().filter(|c| !c.is_empty()) {
            assert!(squeezed(&text).contains(&squeezed(cell)), "{cell}");
        }

        // A day without substitutions says so.
        let next = substitutions_on(&db, date.succ_opt().unwrap()).unwrap();
        let text = poppler(
            "pdftotext",
            &["-layout"],
            &save(
                "forms-timetable-no-substitutions.pdf",
                &substitutions_pdf(&next),
            ),
        );
        assert!(text.contains("Замен нет"));

        // The month's counts: one lesson given, one missed.
        let month = substitutions_in(&db, 2026, 10).unwrap();
        assert_eq!(month.month, "октябрь 2026");
        assert_eq!(month_document_name(&month), "Замены за октябрь 2026.pdf");
        let text = poppler(
            "pdftotext",
            &["-layout"],
            &save("forms-timetable-month.pdf", &month_pdf(&month)),
        );
        assert!(text.contains("Учёт замещённых уроков"));
        let line = |name: &str| text.lines().find(|l| l.contains(name)).unwrap().to_string();
        let numbers = |l: String| -> Vec<String> {
            l.split_whitespace()
                .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
                .map(String::from)
                .collect()
        };
        assert_eq!(numbers(line(&substitute))[1..], ["1", "0"]);
        assert_eq!(numbers(line(&absent))[1..], ["0", "1"]);
        assert_eq!(numbers(line("Всего")), ["1", "1"]);
    }

    #[test]
    fn the_workbook_has_the_school_every_class_and_the_teachers() {
        use calamine::{Data, Reader, Xlsx};
        let db = demo();
        let form = school_sheet(&db).unwrap();
        assert_eq!(
            xlsx_document_name(&form),
            "Расписание на 2026-2027 учебный год.xlsx"
        );
        let bytes = xlsx(&db, &form).unwrap();
        save("forms-timetable.xlsx", &bytes);
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let mut names = vec!["Школа".to_string()];
        names.extend(form.sheet.classes.iter().map(|c| c.label.clone()));
        names.push("Учителя".into());
        assert_eq!(book.sheet_names(), names);
        let text = |d: &Data| d.to_string();

        let school = book.worksheet_range("Школа").unwrap();
        let rows: Vec<Vec<String>> = school
            .rows()
            .map(|r| r.iter().map(text).collect())
            .collect();
        assert_eq!(rows[4][..2], ["День", "Урок"]);
        assert_eq!(rows.len(), 5 + form.sheet.rows.len());
        for (r, row) in form.sheet.rows.iter().enumerate() {
            assert_eq!(rows[5 + r][1], row.lesson_number.to_string());
            for (c, lessons) in form.sheet.cells[r].iter().enumerate() {
                assert_eq!(
                    rows[5 + r].get(2 + c).cloned().unwrap_or_default(),
                    sheet_cell(&form, lessons)
                );
            }
        }

        let class = &form.sheet.classes[0];
        let view = timetable::class_week(&db, class.id).unwrap();
        let sheet = book.worksheet_range(&class.label).unwrap();
        let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(text).collect()).collect();
        assert_eq!(rows[4][2], "Понедельник");
        for (r, cells) in view.cells.iter().enumerate() {
            for (d, lessons) in cells.iter().enumerate() {
                let got = rows[5 + r].get(2 + d).cloned().unwrap_or_default();
                assert_eq!(got, week_cell(WeekOf::Class(class.id), lessons));
            }
        }

        // A cell per teacher and slot with a lesson, the teachers in Russian order.
        let teachers = book.worksheet_range("Учителя").unwrap();
        let rows: Vec<Vec<String>> = teachers
            .rows()
            .map(|r| r.iter().map(text).collect())
            .collect();
        let lessons: Vec<&Lesson> = form.sheet.cells.iter().flatten().flatten().collect();
        let slots: HashSet<(i64, i32, i32)> = lessons
            .iter()
            .map(|l| (l.staff_member_id, l.day, l.lesson_number))
            .collect();
        let filled = rows[5..]
            .iter()
            .flat_map(|r| r[1..].iter())
            .filter(|c| !c.is_empty())
            .count();
        assert_eq!(filled, slots.len());
        let names: Vec<&String> = rows[5..].iter().map(|r| &r[0]).collect();
        let mut sorted = names.clone();
        sorted.sort_by(|a, b| crate::db::compare_ru(a, b));
        assert_eq!(names, sorted);
        assert_eq!(rows[4][1], "по 1");
    }

    #[test]
    fn a_file_without_a_year_is_refused() {
        let db = Db::in_memory().unwrap();
        assert_eq!(school_sheet(&db).unwrap_err().code(), "not_found");
        assert_eq!(week(&db, WeekOf::Class(1)).unwrap_err().code(), "not_found");
    }
}
