//! The timetable forms on paper: a week on A4 landscape and the school sheet on A3 landscape,
//! both under the director's «УТВЕРЖДАЮ», the day's substitution sheet and a month's
//! substitutions per teacher.

use super::cells::{bell_text, capitalized, lessons_text, sheet_cell, subgroup_short, week_cell};
use super::names::{month_title, school_title, substitutions_title};
use super::{Heading, MonthForm, SchoolForm, SubstitutionsForm, WeekForm, WeekOf};
use crate::curriculum::Level;
use crate::forms::signature_name;
use crate::print::{
    Align, Cell, Certification, Column, DateLine, Document, PageSetup, Row, Table, TitleBlock,
};
use crate::timetable::substitutions::Substitution;
use crate::timetable::{Lesson, SchoolSheet, WeekView};

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
pub(super) fn levels(sheet: &SchoolSheet) -> Vec<(Level, Vec<usize>)> {
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
pub(super) fn class_of(l: &Lesson) -> String {
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
