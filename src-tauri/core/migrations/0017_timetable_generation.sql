-- Составление расписания (issue 13): what the generator (src/timetable_generate/) needs beyond
-- the load and the bells, and the previous timetable kept so that «Вернуть прежнее» restores it.

-- A lesson the user locked stays where it is when the timetable is generated again.
ALTER TABLE timetable_entry ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));

-- Спаренные уроки: `paired_lessons` of the line's lessons a week go as pairs, two in a row on one
-- day (технология, лабораторные работы). A count, not a flag: a line of 3 h may have one pair and
-- one single lesson; 0 = none. The core refuses more pairs than the line's hours hold in a
-- half-year it runs in (2 × pairs ≤ hours).
-- `preferred_room_id`: the room the line's lessons should take (a wish; another room when it is
-- taken). A room deleted leaves the wish empty.
ALTER TABLE teaching_load ADD COLUMN paired_lessons INTEGER NOT NULL DEFAULT 0
    CHECK (paired_lessons BETWEEN 0 AND 6);
ALTER TABLE teaching_load ADD COLUMN preferred_room_id INTEGER REFERENCES room (id) ON DELETE SET NULL;

-- A teacher's wishes for a year: at most `max_days` working days a week (NULL: any), and a
-- methodical day (методический день: 1–6, NULL: none) — a whole day without lessons, kept apart
-- from the single unavailable lessons below so that the grid shows both.
CREATE TABLE teacher_wish (
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    staff_member_id  INTEGER NOT NULL REFERENCES staff_member (id) ON DELETE CASCADE,
    max_days         INTEGER CHECK (max_days IS NULL OR max_days BETWEEN 1 AND 6),
    methodical_day   INTEGER CHECK (methodical_day IS NULL OR methodical_day BETWEEN 1 AND 6),
    PRIMARY KEY (academic_year_id, staff_member_id)
) STRICT;

-- A day and lesson number at which the teacher gives no lessons that year.
CREATE TABLE teacher_unavailable (
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    staff_member_id  INTEGER NOT NULL REFERENCES staff_member (id) ON DELETE CASCADE,
    day              INTEGER NOT NULL CHECK (day BETWEEN 1 AND 6),
    lesson_number    INTEGER NOT NULL CHECK (lesson_number BETWEEN 0 AND 12),
    PRIMARY KEY (academic_year_id, staff_member_id, day, lesson_number)
) STRICT;

-- A year's timetable as it was before a generation replaced it (or when the user saved it):
-- `made` local time ISO, `reason` in Russian («перед составлением расписания»). Kept until the
-- user discards it; «Вернуть прежнее» puts its rows back exactly.
CREATE TABLE timetable_version (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    made             TEXT NOT NULL,
    reason           TEXT NOT NULL
) STRICT;

-- The rows of a kept timetable, each as timetable_entry held it (its id too, so that the
-- substitutions of a lesson that comes back are not lost while the version is kept: the
-- lesson's id is the same). A load line or a room deleted since: the row goes, or loses its
-- room, as the timetable's own row would have.
CREATE TABLE timetable_version_entry (
    version_id       INTEGER NOT NULL REFERENCES timetable_version (id) ON DELETE CASCADE,
    entry_id         INTEGER NOT NULL,
    day              INTEGER NOT NULL CHECK (day BETWEEN 1 AND 6),
    lesson_number    INTEGER NOT NULL CHECK (lesson_number BETWEEN 0 AND 12),
    teaching_load_id INTEGER NOT NULL REFERENCES teaching_load (id) ON DELETE CASCADE,
    room_id          INTEGER REFERENCES room (id) ON DELETE SET NULL,
    in_first         INTEGER NOT NULL CHECK (in_first IN (0, 1)),
    in_second        INTEGER NOT NULL CHECK (in_second IN (0, 1)),
    locked           INTEGER NOT NULL CHECK (locked IN (0, 1)),
    PRIMARY KEY (version_id, entry_id)
) STRICT;

CREATE INDEX timetable_version_year ON timetable_version (academic_year_id);
CREATE INDEX timetable_version_entry_load ON timetable_version_entry (teaching_load_id);
CREATE INDEX timetable_version_entry_room ON timetable_version_entry (room_id);
CREATE INDEX teaching_load_preferred_room ON teaching_load (preferred_room_id);
