//! «Журнал изменений»: the change log as filtered on the screen, printed for an inspection or the
//! archive — A4 landscape, newest first, each entry with when, who, what, about whom and the
//! fields before and after, and whether the log's hash chain is whole.

use super::{ru_date, school_name, signature_name};
use crate::audit::{self, AuditEntry, AuditFilter, ChainCheck};
use crate::db::Db;
use crate::error::Result;
use crate::print::{Certification, Column, DateLine, Document, PageSetup, Table, TitleBlock};
use crate::school;

/// Everything the form prints.
pub struct AuditLogForm {
    pub school: String,
    pub director: String,
    /// The filter in words: «ученик Иванова Анна; с 01.12.2026».
    pub filter: String,
    pub entries: Vec<AuditEntry>,
    pub chain: ChainCheck,
}

pub fn load(db: &Db, filter: &AuditFilter) -> Result<AuditLogForm> {
    let card = school::get(db)?;
    let entries = audit::entries(db.conn(), filter)?;
    let mut words = Vec::new();
    if let Some(id) = filter.student_id {
        // A student no longer in the file is named by the number the log keeps.
        let name = crate::students::get(db, id).map_or(format!("№ {id}"), |s| s.full_name());
        words.push(format!("ученик {name}"));
    }
    if let Some(actor) = &filter.actor {
        words.push(format!("пользователь {actor}"));
    }
    if let Some(from) = filter.from {
        words.push(format!("с {}", ru_date(from)));
    }
    if let Some(to) = filter.to {
        words.push(format!("по {}", ru_date(to)));
    }
    Ok(AuditLogForm {
        school: school_name(&card),
        director: card.director.trim().to_string(),
        filter: if words.is_empty() {
            "все записи".into()
        } else {
            words.join("; ")
        },
        entries,
        chain: audit::verify(db.conn())?,
    })
}

/// The fields of an entry, «Фамилия: Иванова → Сидорова», or its summary.
fn details(e: &AuditEntry) -> String {
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let mut parts: Vec<String> = e.summary.iter().cloned().collect();
    parts.extend(
        e.changes
            .iter()
            .map(|c| match (&c.old, &c.new, e.action.as_str()) {
                (_, _, "insert") => format!("{}: {}", c.label, shown(&c.new)),
                (_, _, "delete") => format!("{}: {}", c.label, shown(&c.old)),
                _ => format!("{}: {} → {}", c.label, shown(&c.old), shown(&c.new)),
            }),
    );
    parts.join("; ")
}

fn chain_line(chain: &ChainCheck) -> String {
    match chain.broken_at {
        None => format!(
            "Цепочка записей журнала проверена: не нарушена (записей всего: {}).",
            chain.entries
        ),
        Some(id) => format!(
            "ВНИМАНИЕ: цепочка записей нарушена на записи № {id} — запись изменена или удалена запись перед ней."
        ),
    }
}

pub fn pdf(form: &AuditLogForm) -> Vec<u8> {
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title("Журнал изменений")
        .running_header(&form.school);
    doc.title_block(
        &TitleBlock::new("Журнал изменений персональных данных и отметок")
            .line(format!("Отбор: {}", form.filter))
            .line(chain_line(&form.chain)),
    );
    let mut table = Table::new(vec![
        Column::new("№").mm(14.0).right(),
        Column::new("Когда").mm(34.0),
        Column::new("Кто").mm(30.0),
        Column::new("Что").mm(52.0),
        Column::new("Ученик").mm(44.0),
        Column::new("Было и стало"),
    ])
    .font_size(8.5)
    .min_font_size(7.0);
    for e in &form.entries {
        table.row([
            e.id.to_string(),
            e.shown_at.clone(),
            e.actor.clone(),
            e.what.clone(),
            e.student.clone().unwrap_or_default(),
            details(e),
        ]);
    }
    doc.table(&table);
    doc.certification(
        &Certification::new()
            .signatory("Директор", signature_name(&form.director))
            .date(DateLine::Blank),
    );
    doc.finish()
}

/// The PDF's file name in «Документы Завуча»: «Журнал изменений на 07.12.2026.pdf».
pub fn document_name(on: chrono::NaiveDate) -> String {
    super::documents::file_name(&format!("Журнал изменений на {}", ru_date(on)), "pdf")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::tests::{poppler, save};

    #[test]
    fn the_printed_log_reads_back_with_its_filter_changes_and_chain() {
        let (_dir, db) = crate::testkit::demo();
        let (id, name): (i64, String) = db
            .conn()
            .query_row(
                "SELECT id, last_name FROM student ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        audit::set_actor(db.conn(), "Петрова").unwrap();
        db.write(|c| {
            c.execute(
                "UPDATE student SET last_name = 'Новосельцева' WHERE id = ?1",
                [id],
            )?;
            Ok(())
        })
        .unwrap();
        let filter = AuditFilter {
            student_id: Some(id),
            ..Default::default()
        };
        let form = load(&db, &filter).unwrap();
        assert_eq!(form.entries.len(), 1);
        let path = save("audit-log.pdf", &pdf(&form));
        let text = poppler("pdftotext", &["-layout"], &path);
        assert!(text.contains("Журнал изменений"), "{text}");
        assert!(text.contains("Отбор: ученик Новосельцева"), "{text}");
        assert!(text.contains("Петрова"), "{text}");
        assert!(text.contains(&format!("Фамилия: {name} →")), "{text}");
        assert!(text.contains("не нарушена"), "{text}");
    }
}
