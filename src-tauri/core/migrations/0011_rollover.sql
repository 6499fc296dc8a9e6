-- Year-end decisions of the pedagogical council (решения педагогического совета) and the
-- rollover to the next academic year (переход на новый учебный год) in stages.

-- The council's sitting about one class at the end of its year: its date, the protocol number
-- and the order (приказ о переводе) the decisions go into. One per class; the year is the class's.
CREATE TABLE council_meeting (
    class_id        INTEGER PRIMARY KEY REFERENCES class (id) ON DELETE CASCADE,
    held_on         TEXT,
    protocol_number TEXT NOT NULL DEFAULT '',
    order_series    TEXT NOT NULL DEFAULT '',
    order_number    TEXT NOT NULL DEFAULT '',
    order_date      TEXT
) STRICT;

-- A decision about one student at the end of a year, stored only once the user sets one (until
-- then the core proposes it from the year's marks and the grade). The class is the student's at
-- the year's end; one decision per student and year.
--   to_letter: the letter of next year's class named by the user (NULL: the usual one, the same
--              letter); the grade follows from the decision (up one, the same, or 10).
--   destination, departure_reason: where a student who finishes or leaves goes, and the reason
--              the departure gets (NULL: the usual one for the decision).
CREATE TABLE council_decision (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL,
    class_id         INTEGER NOT NULL,
    student_id       INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    decision         TEXT NOT NULL CHECK (decision IN
                         ('promoted', 'conditional', 'repeat', 'finished', 'continue', 'left')),
    to_letter        TEXT,
    destination      TEXT NOT NULL DEFAULT '',
    departure_reason TEXT,
    FOREIGN KEY (class_id, academic_year_id) REFERENCES class (id, academic_year_id) ON DELETE CASCADE,
    UNIQUE (academic_year_id, student_id)
) STRICT;

CREATE INDEX council_decision_class ON council_decision (class_id);

-- Академическая задолженность of a conditional promotion (ст. 58 273-ФЗ): a subject, the deadline
-- to clear it, and the dated result once known. Goes with its decision; the subject is
-- RESTRICTed (a debt is a use of the subject).
CREATE TABLE academic_debt (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES council_decision (id) ON DELETE CASCADE,
    subject_id  INTEGER NOT NULL REFERENCES subject (id) ON DELETE RESTRICT,
    deadline    TEXT NOT NULL,
    result      TEXT CHECK (result IN ('cleared', 'not_cleared')),
    result_on   TEXT,
    CHECK ((result IS NULL) = (result_on IS NULL)),
    UNIQUE (decision_id, subject_id)
) STRICT;

CREATE INDEX academic_debt_subject ON academic_debt (subject_id);

-- A stage of the rollover that ran (этап перехода): written in the stage's own transaction, so a
-- stage either ran whole and says so, or left nothing behind. A stage runs once per year.
--   to_year: the name of the year rolled over to («2027-2028»); it may not exist before stage 2.
--   summary: what the stage created, as JSON (the counts of its report).
CREATE TABLE rollover_stage_run (
    from_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    stage        INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 4),
    to_year      TEXT NOT NULL,
    ran_at       TEXT NOT NULL,
    summary      TEXT NOT NULL CHECK (json_valid(summary)),
    PRIMARY KEY (from_year_id, stage)
) STRICT;

-- The year and final marks that make a student's default decision conditional («2», «не
-- зачтено», «н/а»): the decisions of a whole year read them through this index alone.
CREATE INDEX mark_year_end_failing ON mark (academic_year_id)
    WHERE period_kind IN ('year', 'final') AND value IN ('two', 'failed', 'not_attested');
