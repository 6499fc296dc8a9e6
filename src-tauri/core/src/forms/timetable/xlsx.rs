//! The timetable as one workbook: the school sheet, a sheet per class and the teachers' sheet,
//! with the same cell texts as the PDF.

use super::cells::{capitalized, sheet_cell, week_cell};
use super::names::school_title;
use super::pdf::class_of;
use super::{SchoolForm, WeekOf};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::timetable;
use crate::timetable::{SchoolSheet, WeekView};
use std::collections::HashMap;

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
