//! Reading the log back, filtered by student, by who and by days, newest first, with each
//! entry in words a deputy head reads.

use crate::error::Result;
use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What to show; every part optional.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct AuditFilter {
    #[ts(type = "number | null")]
    pub student_id: Option<i64>,
    pub actor: Option<String>,
    /// Days in the computer's time zone, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// At most this many, newest first (all when absent).
    #[ts(type = "number | null")]
    pub limit: Option<i64>,
}

/// One field's value before and after.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditChange {
    /// The column, as stored.
    pub field: String,
    /// Its name in Russian, for the screen and the printout.
    pub label: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// UTC, as stored.
    pub at: String,
    /// The computer's local time, dd.mm.yyyy hh:mm:ss.
    pub shown_at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    #[ts(type = "number | null")]
    pub entity_id: Option<i64>,
    #[ts(type = "number | null")]
    pub student_id: Option<i64>,
    /// The student's name when the entry concerns one still in the file.
    pub student: Option<String>,
    /// «Ученик — изменено», «Импорт — отметки»…
    pub what: String,
    pub changes: Vec<AuditChange>,
    pub summary: Option<String>,
}

/// The day's bounds in UTC text, comparable with `at`.
fn utc_bound(day: NaiveDate, end: bool) -> String {
    let day = if end {
        day.succ_opt().unwrap_or(day)
    } else {
        day
    };
    let local = day
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(Local).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    local.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub fn entries(conn: &Connection, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.student_id,
                s.last_name || ' ' || s.first_name || CASE WHEN s.patronymic = '' THEN ''
                     ELSE ' ' || s.patronymic END,
                a.old, a.new, a.summary
           FROM audit_log a LEFT JOIN student s ON s.id = a.student_id
          WHERE (?1 IS NULL OR a.student_id = ?1)
            AND (?2 IS NULL OR a.actor = ?2)
            AND (?3 IS NULL OR a.at >= ?3)
            AND (?4 IS NULL OR a.at < ?4)
          ORDER BY a.id DESC
          LIMIT coalesce(?5, -1)",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            filter.student_id,
            filter.actor,
            filter.from.map(|d| utc_bound(d, false)),
            filter.to.map(|d| utc_bound(d, true)),
            filter.limit,
        ],
        |r| {
            let at: String = r.get(1)?;
            let action: String = r.get(3)?;
            let entity: String = r.get(4)?;
            let old: Option<String> = r.get(8)?;
            let new: Option<String> = r.get(9)?;
            Ok(AuditEntry {
                id: r.get(0)?,
                shown_at: shown(&at),
                at,
                actor: r.get(2)?,
                what: format!("{} — {}", entity_label(&entity), action_label(&action)),
                action,
                entity,
                entity_id: r.get(5)?,
                student_id: r.get(6)?,
                student: r.get(7)?,
                changes: changes(old.as_deref(), new.as_deref()),
                summary: r.get(10)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn shown(at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&Local)
                .format("%d.%m.%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}

/// The fields of the old and new JSON objects, in the order they first appear.
fn changes(old: Option<&str>, new: Option<&str>) -> Vec<AuditChange> {
    let parse = |s: Option<&str>| -> serde_json::Map<String, serde_json::Value> {
        s.and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    };
    let (old, new) = (parse(old), parse(new));
    let text = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(v) => Some(v.to_string()),
    };
    let mut fields: Vec<&String> = old.keys().collect();
    fields.extend(new.keys().filter(|k| !old.contains_key(*k)));
    fields
        .into_iter()
        .map(|f| AuditChange {
            label: field_label(f).to_string(),
            field: f.clone(),
            old: text(old.get(f)),
            new: text(new.get(f)),
        })
        .collect()
}

/// The columns as the cards name them; others keep their stored name.
fn field_label(field: &str) -> &str {
    match field {
        "last_name" => "Фамилия",
        "first_name" => "Имя",
        "patronymic" => "Отчество",
        "sex" => "Пол",
        "birth_date" => "Дата рождения",
        "snils" => "СНИЛС",
        "citizenship" => "Гражданство",
        "registered_address" => "Адрес регистрации",
        "actual_address" => "Адрес проживания",
        "address" => "Адрес",
        "phone" => "Телефон",
        "phone_extra" => "Доп. телефон",
        "email" => "Эл. почта",
        "note" => "Примечание",
        "file_number" => "№ личного дела",
        "study_form" => "Форма обучения",
        "disability" => "Инвалидность",
        "special_needs" => "ОВЗ",
        "relation" => "Кем приходится",
        "given_on" => "Дата согласия",
        "withdrawn_on" => "Дата отзыва",
        "value" => "Отметка",
        "missed" => "Пропущено уроков",
        "of_illness" => "Из них по болезни",
        "kind" => "Вид",
        "occurred_on" => "Дата",
        "decision" => "Решение",
        "education" => "Образование",
        "qualification_category" => "Категория",
        "full_name" => "Полное название",
        "short_name" => "Краткое название",
        "inn" => "ИНН",
        "kpp" => "КПП",
        "ogrn" => "ОГРН",
        "legal_address" => "Юридический адрес",
        "website" => "Сайт",
        "order_id" | "hire_order_id" | "leave_order_id" => "Приказ (номер в файле)",
        "leave_reason" => "Причина увольнения",
        "departure_reason" => "Причина выбытия",
        "destination" => "Куда выбыл",
        "director" => "Директор",
        "number" => "Номер",
        "issued_on" => "Дата",
        "title" => "Заголовок",
        "closed_at" => "Закрыт",
        "rate" => "Ставка",
        "hired_on" => "Принят",
        "left_on" => "Уволен",
        other => other,
    }
}

fn entity_label(entity: &str) -> &str {
    match entity {
        "student" => "Ученик",
        "guardian" => "Законный представитель",
        "student_guardian" => "Связь ученика с представителем",
        "consent" => "Согласие на обработку ПДн",
        "staff_member" => "Сотрудник",
        "appointment" => "Назначение сотрудника",
        "mark" => "Отметка",
        "absence" => "Пропуски",
        "movement" => "Движение ученика",
        "council_decision" => "Решение педсовета",
        "academic_debt" => "Академическая задолженность",
        "school_order" => "Приказ",
        "period_closure" => "Закрытие периода",
        "school" => "Карта школы",
        "students" => "Ученики",
        "staff" => "Сотрудники",
        "marks" => "Отметки",
        "thematic_plan" => "Тематический план",
        "school_file" => "Файл школы",
        other => other,
    }
}

fn action_label(action: &str) -> &str {
    match action {
        "insert" => "добавлено",
        "update" => "изменено",
        "delete" => "удалено",
        "import" => "импорт",
        "restore" => "восстановлено из копии",
        "rollover" => "переход на новый год",
        "demo" => "создана демонстрационная школа",
        other => other,
    }
}

/// A student the log speaks of, for the filter's list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditStudent {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// What the filters can choose from: the students still in the file that the log speaks of (by
/// name) and everyone who made an entry.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditChoices {
    pub students: Vec<AuditStudent>,
    pub actors: Vec<String>,
}

pub fn choices(conn: &Connection) -> Result<AuditChoices> {
    let students = conn
        .prepare(
            "SELECT s.id, s.last_name || ' ' || s.first_name || CASE WHEN s.patronymic = '' THEN ''
                    ELSE ' ' || s.patronymic END
               FROM student s
              WHERE s.id IN (SELECT student_id FROM audit_log WHERE student_id IS NOT NULL)
              ORDER BY s.name_key, s.birth_date, s.id",
        )?
        .query_map([], |r| {
            Ok(AuditStudent {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let actors = conn
        .prepare("SELECT DISTINCT actor FROM audit_log ORDER BY actor")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(AuditChoices { students, actors })
}
