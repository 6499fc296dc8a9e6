-- Subgroups: a class (or several classes of one grade) split for a subject, and who is in which
-- part. «The subgroups of class C for subject S» is one join through subgroup_of_class; «is a
-- student in subgroup G» is one row of subgroup_member.

-- Деление на подгруппы: one subject of one year split for one or more classes of one grade.
-- The subject is RESTRICTed (a split is a use of the subject, counted by subjects.rs).
CREATE TABLE subgroup_split (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    subject_id       INTEGER NOT NULL REFERENCES subject (id) ON DELETE RESTRICT,
    note             TEXT NOT NULL DEFAULT '',
    UNIQUE (id, academic_year_id, subject_id)
) STRICT;

CREATE INDEX subgroup_split_year ON subgroup_split (academic_year_id);
CREATE INDEX subgroup_split_subject ON subgroup_split (subject_id);

-- The classes of a split. Year and subject are repeated from the split (the composite key keeps
-- them equal) so that the database itself refuses a class of another year and a class split twice
-- for one subject: UNIQUE (class_id, subject_id). Grades are checked by the core.
-- Deleting a class (only an empty one can be) drops it from its splits; the trigger below drops a
-- split left without classes.
CREATE TABLE subgroup_split_class (
    split_id         INTEGER NOT NULL,
    academic_year_id INTEGER NOT NULL,
    subject_id       INTEGER NOT NULL,
    class_id         INTEGER NOT NULL,
    FOREIGN KEY (split_id, academic_year_id, subject_id)
        REFERENCES subgroup_split (id, academic_year_id, subject_id) ON DELETE CASCADE,
    FOREIGN KEY (class_id, academic_year_id) REFERENCES class (id, academic_year_id) ON DELETE CASCADE,
    PRIMARY KEY (split_id, class_id),
    UNIQUE (class_id, subject_id)
) STRICT;

CREATE TRIGGER subgroup_split_without_classes AFTER DELETE ON subgroup_split_class
WHEN NOT EXISTS (SELECT 1 FROM subgroup_split_class WHERE split_id = OLD.split_id)
BEGIN
    DELETE FROM subgroup_split WHERE id = OLD.split_id;
END;

-- Подгруппа: «1 группа», «Мальчики»…; `position` orders the subgroups of a split (columns on screen).
CREATE TABLE subgroup (
    id       INTEGER PRIMARY KEY,
    split_id INTEGER NOT NULL REFERENCES subgroup_split (id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (id, split_id)
) STRICT;

CREATE INDEX subgroup_split_id ON subgroup (split_id, position);

-- Who is in which subgroup. split_id is repeated from the subgroup (the composite key keeps it
-- equal), so UNIQUE (split_id, student_id) makes «in two subgroups of one split» impossible.
-- Members who left the class or the school stay (history), and are shown apart.
CREATE TABLE subgroup_member (
    subgroup_id INTEGER NOT NULL,
    split_id    INTEGER NOT NULL,
    student_id  INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    FOREIGN KEY (subgroup_id, split_id) REFERENCES subgroup (id, split_id) ON DELETE CASCADE,
    PRIMARY KEY (split_id, student_id)
) STRICT;

CREATE INDEX subgroup_member_subgroup ON subgroup_member (subgroup_id);
CREATE INDEX subgroup_member_student ON subgroup_member (student_id);

-- The subgroups of each class for each subject: `WHERE class_id = ? AND subject_id = ?`.
CREATE VIEW subgroup_of_class AS
SELECT g.id AS subgroup_id, g.split_id, g.name, g.position,
       l.class_id, l.subject_id, l.academic_year_id
  FROM subgroup g JOIN subgroup_split_class l ON l.split_id = g.split_id;
