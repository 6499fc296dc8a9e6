-- Teaching load (распределение нагрузки, тарификация): who teaches which curriculum line of a
-- class, or of a subgroup, and for how many hours a week. A load line is the stable row the
-- timetable places lessons of: «one hour of load line N» is one lesson.

-- Строка нагрузки: one teacher, hours per week in each half-year, and optionally the subgroup
-- taught (then the line covers only that subgroup's students). Which class lines it covers is
-- in teaching_load_line: usually one; a subgroup of a split of several classes covers the
-- matching line of each of them, so the joint group is one load line and one lesson.
-- The teacher is RESTRICTed: a teacher with load is not deleted (staff.rs counts the uses) —
-- one who leaves gets a leave date, and the check shows their hours to be handed over.
-- A subgroup deleted (or its split) takes its load lines with it: their hours become
-- unassigned, and the check shows them.
-- Hours are multiples of 0.5 (checked by the core), at most a curriculum line's hours.
CREATE TABLE teaching_load (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    staff_member_id  INTEGER NOT NULL REFERENCES staff_member (id) ON DELETE RESTRICT,
    subgroup_id      INTEGER REFERENCES subgroup (id) ON DELETE CASCADE,
    hours_first      REAL NOT NULL CHECK (hours_first BETWEEN 0 AND 12),
    hours_second     REAL NOT NULL CHECK (hours_second BETWEEN 0 AND 12),
    CHECK (hours_first + hours_second > 0)
) STRICT;

CREATE INDEX teaching_load_year ON teaching_load (academic_year_id);
CREATE INDEX teaching_load_staff_member ON teaching_load (staff_member_id);
CREATE INDEX teaching_load_subgroup ON teaching_load (subgroup_id);

-- The class curriculum lines a load line covers. A curriculum line deleted (edited out of the
-- class's curriculum, or the class's curriculum replaced) drops its links: the load of hours
-- that no longer exist has no meaning. The trigger below drops a load line left without lines.
CREATE TABLE teaching_load_line (
    teaching_load_id   INTEGER NOT NULL REFERENCES teaching_load (id) ON DELETE CASCADE,
    curriculum_line_id INTEGER NOT NULL REFERENCES curriculum_line (id) ON DELETE CASCADE,
    PRIMARY KEY (teaching_load_id, curriculum_line_id)
) STRICT;

CREATE INDEX teaching_load_line_line ON teaching_load_line (curriculum_line_id);

CREATE TRIGGER teaching_load_without_lines AFTER DELETE ON teaching_load_line
WHEN NOT EXISTS (SELECT 1 FROM teaching_load_line WHERE teaching_load_id = OLD.teaching_load_id)
BEGIN
    DELETE FROM teaching_load WHERE id = OLD.teaching_load_id;
END;
