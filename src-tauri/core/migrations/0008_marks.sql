-- Term, year, exam and final marks (отметки промежуточной и итоговой аттестации), lessons
-- missed per term, the closing of periods and the register of archive copies.
--
-- A period of a class is one of:
--   'term'  — a term of the class's term scheme (четверть, триместр, полугодие): term_id says which;
--   'year'  — the year mark (годовая);
--   'exam'  — the exam mark (экзаменационная), grades 9 and 11;
--   'final' — the final mark (итоговая), grades 9 and 11.
-- term_id is set exactly for 'term'. Marks are a student's, not a class's: the class of a ledger
-- is the student's class_membership of that year.

-- Subjects a grade assesses pass/fail («зачтено» / «не зачтено») instead of 5…2, by the
-- school's regulation on assessment (положение о текущем контроле и промежуточной аттестации).
CREATE TABLE pass_fail_subject (
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    grade            INTEGER NOT NULL CHECK (grade BETWEEN 2 AND 12),
    subject_id       INTEGER NOT NULL REFERENCES subject (id) ON DELETE CASCADE,
    PRIMARY KEY (academic_year_id, grade, subject_id)
) STRICT;

CREATE TABLE mark (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    student_id       INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    subject_id       INTEGER NOT NULL REFERENCES subject (id) ON DELETE RESTRICT,
    period_kind      TEXT NOT NULL CHECK (period_kind IN ('term', 'year', 'exam', 'final')),
    term_id          INTEGER REFERENCES term (id) ON DELETE RESTRICT,
    value            TEXT NOT NULL CHECK (value IN
                         ('five', 'four', 'three', 'two', 'passed', 'failed', 'not_attested', 'exempt')),
    CHECK ((period_kind = 'term') = (term_id IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX mark_key
    ON mark (academic_year_id, student_id, period_kind, coalesce(term_id, 0), subject_id);
CREATE INDEX mark_subject ON mark (subject_id);
CREATE INDEX mark_term ON mark (term_id);

-- Уроков пропущено in a term, of them for illness.
CREATE TABLE absence (
    student_id INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    term_id    INTEGER NOT NULL REFERENCES term (id) ON DELETE RESTRICT,
    missed     INTEGER NOT NULL CHECK (missed >= 0),
    of_illness INTEGER NOT NULL CHECK (of_illness >= 0 AND of_illness <= missed),
    PRIMARY KEY (student_id, term_id)
) STRICT;

CREATE INDEX absence_term ON absence (term_id);

-- A period closed for a class: its marks and absences are refused any change until reopened.
CREATE TABLE period_closure (
    class_id    INTEGER NOT NULL REFERENCES class (id) ON DELETE CASCADE,
    period_kind TEXT NOT NULL CHECK (period_kind IN ('term', 'year', 'exam', 'final')),
    term_id     INTEGER REFERENCES term (id) ON DELETE CASCADE,
    closed_at   TEXT NOT NULL,
    CHECK ((period_kind = 'term') = (term_id IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX period_closure_key ON period_closure (class_id, period_kind, coalesce(term_id, 0));

-- Every closing and reopening, with its date and (for a reopening) the reason; kept for good.
CREATE TABLE period_closure_event (
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES class (id) ON DELETE CASCADE,
    period_kind TEXT NOT NULL CHECK (period_kind IN ('term', 'year', 'exam', 'final')),
    term_id     INTEGER REFERENCES term (id) ON DELETE CASCADE,
    action      TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
    at          TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    CHECK (action = 'close' OR reason <> '')
) STRICT;

CREATE INDEX period_closure_event_class ON period_closure_event (class_id);

-- Archive copies made at a term's end: where the files went, when, and the manifest's digest.
CREATE TABLE archive_copy (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    period_name      TEXT NOT NULL,
    made_at          TEXT NOT NULL,
    folder           TEXT NOT NULL,
    second_folder    TEXT NOT NULL DEFAULT '',
    files            INTEGER NOT NULL CHECK (files >= 0),
    manifest_sha256  TEXT NOT NULL
) STRICT;
