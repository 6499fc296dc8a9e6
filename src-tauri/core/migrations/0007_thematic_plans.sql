-- Thematic plans (календарно-тематическое планирование, КТП): per class (or one subgroup of it)
-- and subject, numbered sections (главы) holding numbered lesson topics with hours, the kind of
-- work and a planned date. The core checks the numbering (sections 1, 2, …; topics numbered on
-- through the whole plan without gaps), the hours and the dates.

-- One plan per class, subgroup (NULL: the whole class) and subject in a year. A class or a
-- subgroup deleted takes its plans with it; a subject with plans is not deleted.
CREATE TABLE thematic_plan (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    class_id         INTEGER NOT NULL REFERENCES class (id) ON DELETE CASCADE,
    subgroup_id      INTEGER REFERENCES subgroup (id) ON DELETE CASCADE,
    subject_id       INTEGER NOT NULL REFERENCES subject (id) ON DELETE RESTRICT,
    note             TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX thematic_plan_key
    ON thematic_plan (class_id, subject_id, coalesce(subgroup_id, 0));
CREATE INDEX thematic_plan_year ON thematic_plan (academic_year_id);
CREATE INDEX thematic_plan_subgroup ON thematic_plan (subgroup_id);
CREATE INDEX thematic_plan_subject ON thematic_plan (subject_id);

CREATE TABLE thematic_section (
    id               INTEGER PRIMARY KEY,
    thematic_plan_id INTEGER NOT NULL REFERENCES thematic_plan (id) ON DELETE CASCADE,
    number           INTEGER NOT NULL CHECK (number >= 1),
    name             TEXT NOT NULL,
    UNIQUE (thematic_plan_id, number)
) STRICT;

-- A topic's date is the planned day of its first lesson (NULL: not planned yet).
CREATE TABLE thematic_topic (
    id                  INTEGER PRIMARY KEY,
    thematic_section_id INTEGER NOT NULL REFERENCES thematic_section (id) ON DELETE CASCADE,
    number              INTEGER NOT NULL CHECK (number >= 1),
    topic               TEXT NOT NULL CHECK (topic <> ''),
    hours               REAL NOT NULL CHECK (hours > 0),
    kind                TEXT NOT NULL DEFAULT 'lesson',
    planned_date        TEXT
) STRICT;

CREATE INDEX thematic_topic_section ON thematic_topic (thematic_section_id);

-- Учебники (УМК) a subject uses in a grade, in the order they are listed.
CREATE TABLE textbook (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    subject_id       INTEGER NOT NULL REFERENCES subject (id) ON DELETE CASCADE,
    grade            INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
    position         INTEGER NOT NULL,
    title            TEXT NOT NULL CHECK (title <> '')
) STRICT;

CREATE INDEX textbook_subject ON textbook (academic_year_id, subject_id, grade);
