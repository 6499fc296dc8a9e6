-- Журнал изменений (152-ФЗ ст. 19: registration of actions on personal data). Rows are written by
-- the program's per-connection triggers (src/audit/triggers.rs: personal data, marks, movement,
-- orders, closing of periods) and by the program itself for whole operations (an import with its
-- counts, a restore, a rollover stage). `hash` chains each row to the one before it
-- (SHA-256 of the previous hash and this row's fields, src/audit/chain.rs), written when the
-- change commits: an edit or deletion of a row in the middle breaks the chain.
--   at          UTC, 'YYYY-MM-DDTHH:MM:SS.SSSZ'
--   actor       who: the account, or the system user when the file has no accounts
--   action      insert | update | delete | import | restore | rollover | demo | …
--   entity      the table (or the operation's subject), entity_id its row
--   student_id  the student the change concerns, for filtering (no key: the student may go)
--   old, new    JSON objects: a row's columns (insert, delete) or only the changed ones (update)
--   summary     a whole operation's words and counts
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    student_id  INTEGER,
    old         TEXT,
    new         TEXT,
    summary     TEXT,
    hash        TEXT
);
CREATE INDEX audit_log_student ON audit_log (student_id) WHERE student_id IS NOT NULL;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE hash IS NULL;

-- A sealed row is never changed or deleted by the program; whoever edits the file by hand can
-- drop these triggers, and the chain then shows it.
CREATE TRIGGER audit_log_sealed_update BEFORE UPDATE ON audit_log WHEN old.hash IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
