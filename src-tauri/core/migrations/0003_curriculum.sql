-- Curricula (учебные планы) of an academic year. One table holds the three kinds, so that their
-- lines are one table with one set of rules:
--   template   — шаблон учебного плана of a grade («Базовый», «Надомное обучение», a profile);
--   class      — the curriculum of one class: a copy of a template's lines made at assignment
--                (template_id says which), then edited for the class without touching the template;
--   individual — ИУП of one student of a class in that year; its lines replace the class's.
-- Hours required per class × subject (per half-year) are then plain rows:
--   SELECT c.class_id, l.subject_id, l.hours_first, l.hours_second
--     FROM curriculum c JOIN curriculum_line l ON l.curriculum_id = c.id WHERE c.kind = 'class'.
CREATE TABLE curriculum (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('template', 'class', 'individual')),
    -- Templates only: the grade is the class's for the other kinds (read through class_id or
    -- the student's class_membership), so that it never disagrees with the class.
    grade            INTEGER CHECK (grade BETWEEN 1 AND 12),
    name             TEXT NOT NULL DEFAULT '',
    profile          TEXT,
    class_id         INTEGER,
    student_id       INTEGER,
    -- The template the lines were copied from; the copy stays when the template is deleted.
    template_id      INTEGER REFERENCES curriculum (id) ON DELETE SET NULL,
    note             TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (class_id, academic_year_id) REFERENCES class (id, academic_year_id) ON DELETE CASCADE,
    -- An individual curriculum is of a student placed in a class of the same year.
    FOREIGN KEY (academic_year_id, student_id)
        REFERENCES class_membership (academic_year_id, student_id) ON DELETE CASCADE,
    CHECK (kind <> 'template' OR (grade IS NOT NULL AND name <> '' AND class_id IS NULL AND student_id IS NULL)),
    CHECK (kind <> 'class' OR (grade IS NULL AND class_id IS NOT NULL AND student_id IS NULL)),
    CHECK (kind <> 'individual' OR (grade IS NULL AND class_id IS NULL AND student_id IS NOT NULL))
) STRICT;

CREATE INDEX curriculum_year ON curriculum (academic_year_id, kind);
CREATE INDEX curriculum_template ON curriculum (template_id);
CREATE UNIQUE INDEX curriculum_of_class ON curriculum (class_id) WHERE kind = 'class';
CREATE UNIQUE INDEX curriculum_of_student ON curriculum (academic_year_id, student_id)
    WHERE kind = 'individual';

-- Строка учебного плана: a subject (or a named course) with hours per week in each half-year.
-- part: 'mandatory' (обязательная часть), 'elective' (часть, формируемая участниками
-- образовательных отношений), 'extracurricular' (внеурочная деятельность, kept apart from the
-- weekly load). Hours are multiples of 0.5. One line per subject (and course) per part is
-- checked by the core (course names compare folded); ids are kept across saves, so that the
-- teaching load can refer to a line.
CREATE TABLE curriculum_line (
    id            INTEGER PRIMARY KEY,
    curriculum_id INTEGER NOT NULL REFERENCES curriculum (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    part          TEXT NOT NULL CHECK (part IN ('mandatory', 'elective', 'extracurricular')),
    subject_id    INTEGER REFERENCES subject (id) ON DELETE RESTRICT,
    course        TEXT NOT NULL DEFAULT '',
    hours_first   REAL NOT NULL CHECK (hours_first BETWEEN 0 AND 12),
    hours_second  REAL NOT NULL CHECK (hours_second BETWEEN 0 AND 12),
    CHECK (subject_id IS NOT NULL OR (course <> '' AND part <> 'mandatory'))
) STRICT;

CREATE INDEX curriculum_line_curriculum ON curriculum_line (curriculum_id, position);
CREATE INDEX curriculum_line_subject ON curriculum_line (subject_id);

-- Maximum weekly teaching load, academic hours (СанПиН 1.2.3685-21, table 6.6): reference data
-- the school may edit when its inspector says otherwise. Grade 1 learns on a 5-day week only:
-- its 6-day row repeats the 5-day figure. Grade 12 (evening schools) takes grade 11's.
CREATE TABLE sanitary_weekly_limit (
    grade     INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
    week_days INTEGER NOT NULL CHECK (week_days IN (5, 6)),
    max_hours INTEGER NOT NULL CHECK (max_hours BETWEEN 1 AND 60),
    source    TEXT NOT NULL DEFAULT 'СанПиН 1.2.3685-21, табл. 6.6',
    PRIMARY KEY (grade, week_days)
) STRICT;

INSERT INTO sanitary_weekly_limit (grade, week_days, max_hours) VALUES
    (1, 5, 21), (1, 6, 21),
    (2, 5, 23), (2, 6, 26),
    (3, 5, 23), (3, 6, 26),
    (4, 5, 23), (4, 6, 26),
    (5, 5, 29), (5, 6, 32),
    (6, 5, 30), (6, 6, 33),
    (7, 5, 32), (7, 6, 35),
    (8, 5, 33), (8, 6, 36),
    (9, 5, 33), (9, 6, 36),
    (10, 5, 34), (10, 6, 37),
    (11, 5, 34), (11, 6, 37),
    (12, 5, 34), (12, 6, 37);
