//! Roles and what each may change, enforced on the connection itself: for every role but the
//! administrator, TEMP triggers refuse a write to a table the role may not change, whatever
//! path of the core (or a future one) makes it. The refusal carries the table; [`refusal`] puts
//! it into words.

use crate::error::{AccountProblem, CoreError};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// Администратор: everything, accounts, encryption, restores.
    Administrator,
    /// Заместитель директора: every change of the school's data; not accounts or encryption.
    Deputy,
    /// Секретарь: students, guardians, movement and its orders, staff and their appointments.
    Secretary,
    /// Только просмотр: nothing.
    Viewer,
}

/// What a secretary may change: the records of people and their movement, with its orders.
const SECRETARY_TABLES: [&str; 9] = [
    "student",
    "guardian",
    "student_guardian",
    "consent",
    "movement",
    "placement",
    "school_order",
    "staff_member",
    "appointment",
];

/// The prefix of a guard's refusal, followed by the table.
const REFUSED: &str = "zavuch-role:";

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Administrator,
        Role::Deputy,
        Role::Secretary,
        Role::Viewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Deputy => "deputy",
            Role::Secretary => "secretary",
            Role::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "администратор",
            Role::Deputy => "заместитель директора",
            Role::Secretary => "секретарь",
            Role::Viewer => "только просмотр",
        }
    }

    /// A role by its code, its Russian name or its short one («заместитель», «просмотр»).
    pub fn parse(text: &str) -> Option<Role> {
        let text = crate::db::ru_key(text.trim());
        let short = |r: Role| match r {
            Role::Deputy => "заместитель",
            Role::Viewer => "просмотр",
            other => other.label(),
        };
        Role::ALL
            .into_iter()
            .find(|&r| text == r.code() || text == r.label() || text == short(r))
    }

    /// Whether the role may change rows of `table`.
    fn may_change(self, table: &str) -> bool {
        match self {
            Role::Administrator => true,
            Role::Deputy => table != "account",
            Role::Secretary => SECRETARY_TABLES.contains(&table),
            Role::Viewer => false,
        }
    }
}

/// Makes the guards of `role` on `conn` (none for the administrator). The change log's own
/// table is left alone: it is written only by changes the role may make.
pub(crate) fn guard(conn: &Connection, role: Role, login: &str) -> rusqlite::Result<()> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sql = String::new();
    for table in tables.iter().filter(|t| !role.may_change(t)) {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            let when = own_password_change(table, op, login);
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS zavuch_guard_{table}_{op} BEFORE {op} ON main.\"{table}\" {when}\
                 BEGIN SELECT RAISE(ABORT, '{REFUSED}{role}:{table}'); END;",
                role = role.code()
            ));
        }
    }
    conn.execute_batch(&sql)
}

/// Everyone may change their own password: the update of their own account's slot, nothing else.
fn own_password_change(table: &str, op: &str, login: &str) -> String {
    if table != "account" || op != "UPDATE" {
        return String::new();
    }
    let key = crate::people::code_key(login).replace('\'', "''");
    format!(
        "WHEN old.login_key <> '{key}' OR new.login_key <> old.login_key OR new.role <> old.role \
         OR new.active <> old.active OR new.full_name <> old.full_name "
    )
}

/// The refusal of a guard told in Russian, with the role and what it may not change; None for
/// any other failure.
pub(crate) fn refusal(e: &rusqlite::Error) -> Option<CoreError> {
    let rusqlite::Error::SqliteFailure(_, Some(message)) = e else {
        return None;
    };
    let (role, table) = message.strip_prefix(REFUSED)?.split_once(':')?;
    let role = Role::parse(role)?;
    let problem = AccountProblem::NotAllowed {
        role: role.label().to_string(),
        what: what_of(table).to_string(),
    };
    Some(CoreError::refused("role", problem.into()))
}

/// The data of `table` in words, as the refusal names it.
fn what_of(table: &str) -> &'static str {
    match table {
        "mark" | "absence" => "отметки и пропуски",
        "period_closure" | "period_closure_event" => "закрытие и открытие периодов",
        "council_decision" | "academic_debt" | "council_meeting" | "rollover_stage_run" => {
            "решения педсовета и переход на новый год"
        }
        "curriculum" | "curriculum_line" | "teaching_load" | "teaching_load_line" => {
            "учебный план и нагрузку"
        }
        "timetable_entry" | "substitution" | "bell" | "bell_schedule" => "расписание и звонки",
        "thematic_plan" | "thematic_section" | "thematic_topic" => "тематические планы",
        "school" | "credential" => "карту школы",
        "account" => "учётные записи",
        "student" | "guardian" | "student_guardian" | "consent" | "placement" => "данные учеников",
        "movement" | "school_order" => "движение и приказы",
        "staff_member" | "appointment" | "staff_position" => "данные сотрудников",
        _ => "эти данные",
    }
}
