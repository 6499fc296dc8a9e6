//! The triggers that write the change log. They are TEMP triggers, made on every connection the
//! program opens, so that the school file's schema holds nothing the stock `sqlite3` lacks and
//! so that they can read who is working (`temp.audit_session`), which a trigger stored in the
//! file could not.

use rusqlite::Connection;

/// The tables whose changes are logged, each with how a row names its student (for filtering
/// the log by student), when it concerns one.
const AUDITED: [(&str, Option<&str>); 14] = [
    ("student", Some("{r}.id")),
    ("guardian", None),
    ("student_guardian", Some("{r}.student_id")),
    ("consent", Some("{r}.student_id")),
    ("staff_member", None),
    ("appointment", None),
    ("mark", Some("{r}.student_id")),
    ("absence", Some("{r}.student_id")),
    ("movement", Some("{r}.student_id")),
    ("council_decision", Some("{r}.student_id")),
    (
        "academic_debt",
        Some("(SELECT student_id FROM main.council_decision WHERE id = {r}.decision_id)"),
    ),
    ("school_order", None),
    ("period_closure", None),
    ("school", None),
];

/// Makes the session row and the triggers on `conn`; `actor` is who the log names.
pub(crate) fn install(conn: &Connection, actor: &str) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS audit_session (
             actor TEXT NOT NULL,
             quiet INTEGER NOT NULL DEFAULT 0
         );
         DELETE FROM temp.audit_session;",
    )?;
    conn.execute(
        "INSERT INTO temp.audit_session (actor) VALUES (?1)",
        [actor],
    )?;
    for (table, student) in AUDITED {
        let columns = columns(conn, table)?;
        conn.execute_batch(&triggers(table, &columns, student))?;
    }
    Ok(())
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
        .query_map([table], |r| r.get(0))?
        .collect()
}

/// The three triggers of one table. Inserts are left out while a bulk operation is «quiet»
/// (level 1: it writes one entry with its counts instead), everything at level 2 (the demo);
/// updates log only the columns that changed, and only when one did.
fn triggers(table: &str, columns: &[String], student: Option<&str>) -> String {
    let student = |r: &str| student.map_or("NULL".to_string(), |s| s.replace("{r}", r));
    let whole = |r: &str| {
        let pairs: Vec<String> = columns
            .iter()
            .map(|c| format!("'{c}', {r}.\"{c}\""))
            .collect();
        format!("json_object({})", pairs.join(", "))
    };
    let changed = |r: &str| {
        let parts: Vec<String> = columns
            .iter()
            .map(|c| {
                format!("SELECT '{c}' AS k, {r}.\"{c}\" AS v WHERE old.\"{c}\" IS NOT new.\"{c}\"")
            })
            .collect();
        format!(
            "(SELECT json_group_object(k, v) FROM ({}))",
            parts.join(" UNION ALL ")
        )
    };
    let differs: Vec<String> = columns
        .iter()
        .map(|c| format!("old.\"{c}\" IS NOT new.\"{c}\""))
        .collect();
    let entry = |action: &str, r: &str, old: &str, new: &str| {
        format!(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, student_id, old, new)
             VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                     (SELECT actor FROM temp.audit_session), '{action}', '{table}', {r}.rowid,
                     {}, {old}, {new});",
            student(r)
        )
    };
    format!(
        "DROP TRIGGER IF EXISTS temp.audit_{table}_insert;
         CREATE TEMP TRIGGER audit_{table}_insert AFTER INSERT ON main.\"{table}\"
         WHEN (SELECT quiet FROM temp.audit_session) = 0
         BEGIN {insert} END;
         DROP TRIGGER IF EXISTS temp.audit_{table}_update;
         CREATE TEMP TRIGGER audit_{table}_update AFTER UPDATE ON main.\"{table}\"
         WHEN (SELECT quiet FROM temp.audit_session) < 2 AND ({differs})
         BEGIN {update} END;
         DROP TRIGGER IF EXISTS temp.audit_{table}_delete;
         CREATE TEMP TRIGGER audit_{table}_delete AFTER DELETE ON main.\"{table}\"
         WHEN (SELECT quiet FROM temp.audit_session) < 2
         BEGIN {delete} END;",
        insert = entry("insert", "new", "NULL", &whole("new")),
        differs = differs.join(" OR "),
        update = entry("update", "new", &changed("old"), &changed("new")),
        delete = entry("delete", "old", &whole("old"), "NULL"),
    )
}
