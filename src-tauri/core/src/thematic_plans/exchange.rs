//! A thematic plan as a spreadsheet: import (with a preview), export and the empty template, on
//! the exchange engine (see docs/import-formats.md, «Тематическое планирование»).
//!
//! One row per topic: `Раздел | № урока | Тема урока | Количество часов | Дата | Вид работы`.
//! The section's name is on its first row; a blank cell below means the same section. The file
//! is the whole plan: importing it replaces the plan's sections and topics (topics the file
//! lacks are warned about), so an exported plan imports back unchanged. Nothing is written
//! while the file has errors; the database file is backed up first and the plan written in one
//! transaction.

use super::{find, get, write_plan, Calendar, PlanKey, Section, ThematicPlan, Topic, TopicKind};
use crate::classes;
use crate::db::Db;
use crate::error::{Problem, Result};
use crate::exchange::import as common;
use crate::exchange::{
    fold_key, CellError, CellKind, ColumnSpec, Format, OutRow, Preview, Record, RowOutcome, Value,
    Workbook,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The thematic plan layout.
pub fn format() -> Format {
    let kinds = TopicKind::ALL
        .iter()
        .map(|k| k.label().to_string())
        .collect();
    Format::new(
        "КТП",
        vec![
            ColumnSpec::optional(
                "section",
                &["Раздел", "Глава", "Раздел (глава)"],
                CellKind::Text,
            ),
            ColumnSpec::required(
                "number",
                &["№ урока", "Номер урока", "№ п/п"],
                CellKind::Integer,
            ),
            ColumnSpec::required("topic", &["Тема урока", "Тема"], CellKind::Text),
            ColumnSpec::required(
                "hours",
                &["Количество часов", "Кол-во часов", "Часы"],
                CellKind::PositiveNumber,
            ),
            ColumnSpec::optional(
                "date",
                &["Дата", "Дата проведения", "Плановая дата"],
                CellKind::Date,
            ),
            ColumnSpec::optional(
                "kind",
                &["Вид работы", "Вид урока", "Тип урока"],
                CellKind::Choice(kinds),
            ),
        ],
    )
}

fn kind_of(label: Option<&str>) -> TopicKind {
    label
        .and_then(|l| {
            TopicKind::ALL
                .into_iter()
                .find(|k| fold_key(k.label()) == fold_key(l))
        })
        .unwrap_or(TopicKind::Lesson)
}

/// What the file says, read row by row: the sections with their topics and the row of each
/// topic.
#[derive(Default)]
struct FilePlan {
    sections: Vec<Section>,
    rows: Vec<u32>,
}

/// Reads one row into the file's plan: a new section when the cell names one different from
/// the section above, the numbering going on from `expected`, the date checked against the
/// class's calendar. Returns the number the next row should have.
fn read_row(rec: &mut Record, file: &mut FilePlan, calendar: &Calendar, expected: i64) -> i64 {
    match rec.text("section").map(str::to_string) {
        Some(name)
            if file
                .sections
                .last()
                .is_none_or(|s| fold_key(&s.name) != fold_key(&name)) =>
        {
            file.sections.push(Section {
                id: None,
                number: file.sections.len() as i64 + 1,
                name,
                topics: Vec::new(),
            });
        }
        Some(_) => {}
        None if file.sections.is_empty() && !rec.has_error("section") => {
            rec.fail("section", &Problem::NoSectionName)
        }
        None => {}
    }
    let number = rec.integer("number");
    if number.is_some_and(|n| n != expected) {
        rec.fail("number", &Problem::ThematicNumberGap { expected });
    }
    if let Some(date) = rec.date("date") {
        if let Err(p) = calendar.check(date) {
            rec.fail("date", &p);
        }
    }
    if rec.is_valid() {
        let topic = Topic {
            id: None,
            number: expected,
            topic: rec.text("topic").unwrap_or_default().to_string(),
            hours: rec.number("hours").unwrap_or(1.0),
            kind: kind_of(rec.text("kind")),
            planned_date: rec.date("date"),
        };
        if let Some(s) = file.sections.last_mut() {
            s.topics.push(topic);
            file.rows.push(rec.row);
        }
    }
    number.map_or(expected + 1, |n| n + 1)
}

/// What a stored topic is compared by: its section's name and every field.
type Shown = (String, String, f64, TopicKind, Option<chrono::NaiveDate>);

fn shown(plan: &ThematicPlan) -> BTreeMap<i64, Shown> {
    plan.sections
        .iter()
        .flat_map(|s| {
            s.topics.iter().map(|t| {
                (
                    t.number,
                    (
                        fold_key(&s.name),
                        t.topic.clone(),
                        t.hours,
                        t.kind,
                        t.planned_date,
                    ),
                )
            })
        })
        .collect()
}

/// What importing the file into the plan of `key` would do, writing nothing.
pub fn preview(db: &Db, path: &Path, key: PlanKey) -> Result<Preview> {
    import(db, path, key, true)
}

/// Imports the file as the plan of `key`: the preview, then (unless it is a dry run or the
/// file has errors) a backup of the database file and the write in one transaction.
pub fn import(db: &Db, path: &Path, key: PlanKey, dry_run: bool) -> Result<Preview> {
    let book = Workbook::open(path)?;
    import_book(db, &book, key, dry_run)
}

fn import_book(db: &Db, book: &Workbook, key: PlanKey, dry_run: bool) -> Result<Preview> {
    let class = classes::get(db, key.class_id)?;
    let calendar = Calendar::of_class(db, &class)?;
    let stored = find(db, &key)?;
    let format = format();
    let table = match format.locate(book) {
        Ok(table) => table,
        Err(errors) => return Ok(Preview::failed(errors)),
    };
    let mut preview = Preview::default();
    let mut file = FilePlan::default();
    let mut expected = 1;
    for mut rec in table.records() {
        expected = read_row(&mut rec, &mut file, &calendar, expected);
        preview.errors.extend(rec.errors.iter().cloned());
        preview.warnings.extend(rec.warnings.iter().cloned());
    }
    let mut plan = stored.clone().unwrap_or_else(|| ThematicPlan::new(key));
    plan.sections = file.sections;
    let before = stored.as_ref().map(shown).unwrap_or_default();
    let after = shown(&plan);
    for (number, topic) in &after {
        preview.count(match before.get(number) {
            None => RowOutcome::Added,
            Some(old) if old == topic => RowOutcome::Unchanged,
            Some(_) => RowOutcome::Updated,
        });
    }
    let removed: Vec<String> = before
        .keys()
        .filter(|n| !after.contains_key(n))
        .map(i64::to_string)
        .collect();
    if !removed.is_empty() {
        preview.warnings.push(CellError::new(
            0,
            "",
            &Problem::ThematicTopicsRemoved {
                numbers: removed.join(", "),
            },
        ));
    }
    let changes = preview.added + preview.updated > 0 || !removed.is_empty();
    common::write_unless_blocked(
        db,
        "тематический план",
        preview,
        dry_run,
        false,
        changes,
        |conn| write_plan(conn, &plan, class.academic_year_id).map(|_| ()),
    )
}

/// Writes the plan in the layout the import reads (importing it back changes nothing); returns
/// how many topics were written.
pub fn export(db: &Db, plan_id: i64, path: &Path) -> Result<usize> {
    let plan = get(db, plan_id)?;
    let mut rows: Vec<OutRow> = Vec::new();
    for s in &plan.sections {
        for (i, t) in s.topics.iter().enumerate() {
            let mut row = OutRow::new();
            if i == 0 {
                row.insert("section", Value::text(s.name.clone()));
            }
            row.insert("number", Value::Integer(t.number));
            row.insert("topic", Value::text(t.topic.clone()));
            row.insert("hours", Value::Number(t.hours));
            row.insert("date", t.planned_date.into());
            row.insert("kind", Value::text(t.kind.label()));
            rows.push(row);
        }
    }
    let title = format!("Календарно-тематическое планирование: {}", plan.title());
    format().save_xlsx(path, Some(&title), &rows)?;
    Ok(rows.len())
}

/// The empty template.
pub fn template(path: &Path) -> Result<()> {
    format().save_template(path)
}
