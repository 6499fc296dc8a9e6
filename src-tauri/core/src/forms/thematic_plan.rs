//! «Календарно-тематическое планирование»: a class's plan of one subject — school, year,
//! teacher, textbooks, the topics by section (№, topic, hours, date, kind of work) and the
//! total against the curriculum's annual hours. A4 portrait.

use super::{ru_date, school_name};
use crate::curriculum::hours_text;
use crate::db::Db;
use crate::error::Result;
use crate::print::{Align, Cell, Column, Document, PageSetup, Row, Table, TitleBlock};
use crate::school;
use crate::thematic_plans::{self, ThematicPlan};

/// Everything the form prints.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanForm {
    pub school: String,
    /// «2026-2027».
    pub year: String,
    pub plan: ThematicPlan,
}

pub fn load(db: &Db, plan_id: i64) -> Result<PlanForm> {
    let plan = thematic_plans::get(db, plan_id)?;
    let class = crate::classes::get(db, plan.key.class_id)?;
    let year = crate::year::detail(db, class.academic_year_id)?.year;
    Ok(PlanForm {
        school: school_name(&school::get(db)?),
        year: year.name,
        plan,
    })
}

/// «Итого: 170 ч; по учебному плану 170 ч» with the difference when there is one.
pub fn totals_line(plan: &ThematicPlan) -> String {
    let t = &plan.totals;
    let mut out = format!("Итого: {} ч", hours_text(t.planned));
    match (t.curriculum, t.difference) {
        (Some(c), Some(d)) if d != 0.0 => {
            let sign = if d > 0.0 { "+" } else { "−" };
            out.push_str(&format!(
                "; по учебному плану {} ч, разница {sign}{} ч",
                hours_text(c),
                hours_text(d.abs())
            ));
        }
        (Some(c), _) => out.push_str(&format!("; по учебному плану {} ч", hours_text(c))),
        (None, _) => out.push_str("; в учебном плане класса такого предмета нет"),
    }
    out
}

/// The form as PDF bytes.
pub fn pdf(form: &PlanForm) -> Vec<u8> {
    let plan = &form.plan;
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title(format!("КТП {}", plan.title()))
        .running_header(&form.school);
    let mut subject = format!(
        "по предмету «{}», {} класс",
        plan.subject_name, plan.class_label
    );
    if !plan.subgroup_name.is_empty() {
        subject.push_str(&format!(", {}", plan.subgroup_name));
    }
    let teacher = if plan.teacher.is_empty() {
        "не назначен"
    } else {
        &plan.teacher
    };
    let mut title = TitleBlock::new("Календарно-тематическое планирование")
        .line(subject)
        .line(format!("{} учебный год", form.year))
        .line(format!("Учитель: {teacher}"));
    if !plan.textbooks.is_empty() {
        title = title.line(format!("УМК: {}", plan.textbooks.join("; ")));
    }
    doc.title_block(&title);
    let mut table = Table::new(vec![
        Column::new("№").mm(12.0).right(),
        Column::new("Тема урока"),
        Column::new("Часы").mm(14.0).center(),
        Column::new("Дата").mm(24.0).center(),
        Column::new("Вид работы").mm(38.0),
    ])
    .font_size(10.0);
    for s in &plan.sections {
        let hours: f64 = s.topics.iter().map(|t| t.hours).sum();
        table.push(
            Row::new([Cell::new(format!(
                "Раздел {}. {} ({} ч)",
                s.number,
                s.name,
                hours_text(hours)
            ))
            .span(5)
            .align(Align::Left)])
            .bold(),
        );
        for t in &s.topics {
            table.row([
                t.number.to_string(),
                t.topic.clone(),
                hours_text(t.hours),
                t.planned_date.map(ru_date).unwrap_or_default(),
                t.kind.label().to_string(),
            ]);
        }
    }
    table.push(Row::new([Cell::new(totals_line(plan)).span(5).align(Align::Right)]).bold());
    doc.table(&table);
    doc.finish()
}

/// The PDF's file name in «Документы Завуча»: «КТП 5 А, Математика.pdf».
pub fn document_name(form: &PlanForm) -> String {
    super::documents::file_name(&format!("КТП {}", form.plan.title()), "pdf")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thematic_plans::{key_by_names, save, Section, Topic, TopicKind};

    #[test]
    fn the_form_prints_sections_topics_and_the_totals_against_the_curriculum() {
        let db = Db::in_memory().unwrap();
        crate::demo::create(&db).unwrap();
        let key = key_by_names(&db, "5 В", "Математика").unwrap();
        let mut plan = ThematicPlan::new(key);
        let topic = |name: &str, kind| Topic {
            id: None,
            number: 0,
            topic: name.into(),
            hours: 2.0,
            kind,
            planned_date: None,
        };
        plan.sections = vec![Section {
            id: None,
            number: 0,
            name: "Натуральные числа".into(),
            topics: vec![
                topic("Ряд натуральных чисел", TopicKind::Lesson),
                topic("Контрольная работа № 1", TopicKind::Test),
            ],
        }];
        let id = save(&db, &plan).unwrap().value.id.unwrap();
        crate::thematic_plans::distribute_dates(&db, id).unwrap();
        let form = load(&db, id).unwrap();
        let curriculum = form.plan.totals.curriculum.unwrap();
        assert_eq!(
            totals_line(&form.plan),
            format!(
                "Итого: 4 ч; по учебному плану {} ч, разница −{} ч",
                hours_text(curriculum),
                hours_text(curriculum - 4.0)
            )
        );
        let bytes = pdf(&form);
        assert!(bytes.starts_with(b"%PDF"));
        assert_eq!(document_name(&form), "КТП 5 В, Математика.pdf");
    }
}
