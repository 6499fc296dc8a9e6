-- Movement of students (движение обучающихся): every change of a student's place is a dated
-- event with its order, and a student may be in several classes of one year one after another.
--
-- Replaces the one-class-a-year `class_membership` with dated `placement`s, and the student's
-- single enrolment and departure columns with `movement` events and `school_order`s. Tables are
-- rebuilt by SQLite's 12-step procedure: db.rs runs migrations with foreign_keys OFF and checks
-- every foreign key before the migration commits. The orders' number_key is filled by the
-- migration's hook (db.rs), which folds numbers as the core does.

-- Приказ: one order moves many students. kind 'students' = книга приказов по контингенту,
-- 'staff' = по личному составу. issued_on is NULL only for a legacy order typed without a date.
-- Orders are found by (kind, number_key, issued_on) and the series folded; not unique in SQL,
-- so that two legacy orders typed differently are both kept as they were.
CREATE TABLE school_order (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL DEFAULT 'students' CHECK (kind IN ('students', 'staff')),
    series     TEXT NOT NULL DEFAULT '',
    number     TEXT NOT NULL DEFAULT '',
    number_key TEXT NOT NULL DEFAULT '',
    issued_on  TEXT,
    title      TEXT NOT NULL DEFAULT '',
    grounds    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    CHECK (series <> '' OR number <> '' OR issued_on IS NOT NULL)
) STRICT;

CREATE INDEX school_order_number ON school_order (kind, number_key, issued_on);
CREATE INDEX school_order_issued ON school_order (issued_on);

-- A student's place in a class: from starts_on (the first day in the class) up to left_on (the
-- first day NOT in the class; NULL = still there, to the year's end). «Studying in C on D» =
-- starts_on <= D AND (left_on IS NULL OR left_on > D). A student's placements never overlap
-- (the core checks; the triggers below are the safety net). (class_id, academic_year_id) must
-- be a class of that year.
CREATE TABLE placement (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL,
    class_id         INTEGER NOT NULL,
    student_id       INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    starts_on        TEXT NOT NULL,
    left_on          TEXT,
    FOREIGN KEY (class_id, academic_year_id) REFERENCES class (id, academic_year_id) ON DELETE RESTRICT,
    CHECK (left_on IS NULL OR left_on >= starts_on)
) STRICT;

CREATE INDEX placement_class ON placement (class_id, starts_on);
CREATE INDEX placement_student ON placement (student_id, starts_on);
CREATE INDEX placement_year ON placement (academic_year_id, student_id);

-- Событие движения: an arrival (зачисление), a departure (выбытие), a transfer between classes
-- of the school, a change of study form. academic_year_id is NULL only for an enrolment dated
-- before the years the file holds (known from an old card or a roster's enrolment order).
CREATE TABLE movement (
    id               INTEGER PRIMARY KEY,
    student_id       INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    academic_year_id INTEGER REFERENCES academic_year (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('arrival', 'departure', 'transfer', 'study_form')),
    occurred_on      TEXT NOT NULL,
    from_class_id    INTEGER REFERENCES class (id) ON DELETE RESTRICT,
    to_class_id      INTEGER REFERENCES class (id) ON DELETE RESTRICT,
    -- Arrivals: where from ('first_enrolment', 'same_region', 'other_region', 'abroad'; NULL =
    -- not stated) and the school's name («МБОУ СОШ № 5 г. Тулы»).
    origin           TEXT,
    came_from        TEXT NOT NULL DEFAULT '',
    -- Departures: the reason's code and where to («Неизвестно» allowed).
    departure_reason TEXT,
    destination      TEXT NOT NULL DEFAULT '',
    study_form_from  TEXT,
    study_form_to    TEXT,
    order_id         INTEGER REFERENCES school_order (id) ON DELETE RESTRICT,
    note             TEXT NOT NULL DEFAULT '',
    CHECK (kind = 'arrival' OR (origin IS NULL AND came_from = '')),
    CHECK ((kind = 'departure') = (departure_reason IS NOT NULL)),
    CHECK (kind <> 'transfer' OR (from_class_id IS NOT NULL AND to_class_id IS NOT NULL)),
    CHECK ((kind = 'study_form') = (study_form_to IS NOT NULL))
) STRICT;

CREATE INDEX movement_student ON movement (student_id, occurred_on);
CREATE INDEX movement_year ON movement (academic_year_id, occurred_on);
CREATE INDEX movement_order ON movement (order_id);
CREATE INDEX movement_from_class ON movement (from_class_id);
CREATE INDEX movement_to_class ON movement (to_class_id);

-- The orders of the old cards: one row per distinct order (series, number, date as stored).
INSERT INTO school_order (series, number, issued_on, title, grounds)
SELECT series, number, issued_on, min(title), 'заявление родителей (законных представителей)'
  FROM (SELECT enrolment_order_series AS series, enrolment_order_number AS number,
               enrolment_order_date AS issued_on, 'О зачислении' AS title
          FROM student
         WHERE enrolment_order_series <> '' OR enrolment_order_number <> ''
               OR enrolment_order_date IS NOT NULL
        UNION ALL
        SELECT departure_order_series, departure_order_number, departure_order_date, 'О выбытии'
          FROM student
         WHERE departure_order_series <> '' OR departure_order_number <> ''
               OR departure_order_date IS NOT NULL)
 GROUP BY series, number, issued_on;

-- Every place carried over: from the year's start, or the enrolment when later (never past the
-- year's last day); up to the departure when that falls within the year (never before the start).
WITH carried AS (
    SELECT m.id, m.academic_year_id, m.class_id, m.student_id, s.departed_on, y.ends_on,
           min(max(y.starts_on, coalesce(s.enrolled_on, y.starts_on)), y.ends_on) AS starts_on
      FROM class_membership m
      JOIN student s ON s.id = m.student_id
      JOIN academic_year y ON y.id = m.academic_year_id)
INSERT INTO placement (id, academic_year_id, class_id, student_id, starts_on, left_on)
SELECT id, academic_year_id, class_id, student_id, starts_on,
       CASE WHEN departed_on IS NOT NULL AND departed_on <= ends_on
            THEN max(departed_on, starts_on) END
  FROM carried;

-- The enrolment of an old card: at its date, or else at the start of the student's first year
-- with a place. Its year is the first year with a place when the date falls in it (then the
-- class is known), else the year holding the date, else none (before the file's years).
WITH first_place AS (
    SELECT p.student_id, p.academic_year_id, p.class_id, y.starts_on, y.ends_on
      FROM placement p JOIN academic_year y ON y.id = p.academic_year_id
     WHERE NOT EXISTS (SELECT 1 FROM placement q JOIN academic_year z ON z.id = q.academic_year_id
                        WHERE q.student_id = p.student_id AND z.starts_on < y.starts_on)),
arrival AS (
    SELECT s.id AS student_id, coalesce(s.enrolled_on, f.starts_on) AS occurred_on,
           f.academic_year_id AS first_year, f.class_id, f.starts_on, f.ends_on,
           s.enrolment_order_series AS series, s.enrolment_order_number AS number,
           s.enrolment_order_date AS issued_on
      FROM student s LEFT JOIN first_place f ON f.student_id = s.id
     WHERE s.enrolled_on IS NOT NULL OR f.student_id IS NOT NULL)
INSERT INTO movement (student_id, academic_year_id, kind, occurred_on, to_class_id, order_id)
SELECT a.student_id,
       CASE WHEN a.occurred_on BETWEEN a.starts_on AND a.ends_on THEN a.first_year
            ELSE (SELECT y.id FROM academic_year y
                   WHERE a.occurred_on BETWEEN y.starts_on AND y.ends_on) END,
       'arrival', a.occurred_on,
       CASE WHEN a.occurred_on BETWEEN a.starts_on AND a.ends_on THEN a.class_id END,
       (SELECT o.id FROM school_order o
         WHERE o.series = a.series AND o.number = a.number AND o.issued_on IS a.issued_on)
  FROM arrival a;

-- The departure of an old card, in the year holding its date (else the student's last year
-- with a place), from the class of that year.
WITH departure AS (
    SELECT s.id AS student_id, s.departed_on, s.departure_reason, s.departure_destination,
           s.departure_order_series AS series, s.departure_order_number AS number,
           s.departure_order_date AS issued_on,
           coalesce((SELECT y.id FROM academic_year y
                      WHERE s.departed_on BETWEEN y.starts_on AND date(y.ends_on, '+1 day')
                      ORDER BY y.starts_on LIMIT 1),
                    (SELECT p.academic_year_id FROM placement p
                       JOIN academic_year y ON y.id = p.academic_year_id
                      WHERE p.student_id = s.id ORDER BY y.starts_on DESC LIMIT 1)) AS year_id
      FROM student s
     WHERE s.departed_on IS NOT NULL)
INSERT INTO movement (student_id, academic_year_id, kind, occurred_on, from_class_id,
                      departure_reason, destination, order_id)
SELECT d.student_id, d.year_id, 'departure', d.departed_on,
       (SELECT p.class_id FROM placement p
         WHERE p.student_id = d.student_id AND p.academic_year_id = d.year_id),
       d.departure_reason, d.departure_destination,
       (SELECT o.id FROM school_order o
         WHERE o.series = d.series AND o.number = d.number AND o.issued_on IS d.issued_on)
  FROM departure d;

-- Individual curricula: of a student (not of a class place any more); the core checks that the
-- student has a place that year. Rebuilt with every row and line kept.
CREATE TABLE curriculum_new (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('template', 'class', 'individual')),
    -- Templates only: the grade is the class's for the other kinds (read through class_id or
    -- the student's placement), so that it never disagrees with the class.
    grade            INTEGER CHECK (grade BETWEEN 1 AND 12),
    name             TEXT NOT NULL DEFAULT '',
    profile          TEXT,
    class_id         INTEGER,
    student_id       INTEGER REFERENCES student (id) ON DELETE CASCADE,
    -- The template the lines were copied from; the copy stays when the template is deleted.
    template_id      INTEGER REFERENCES curriculum (id) ON DELETE SET NULL,
    note             TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (class_id, academic_year_id) REFERENCES class (id, academic_year_id) ON DELETE CASCADE,
    CHECK (kind <> 'template' OR (grade IS NOT NULL AND name <> '' AND class_id IS NULL AND student_id IS NULL)),
    CHECK (kind <> 'class' OR (grade IS NULL AND class_id IS NOT NULL AND student_id IS NULL)),
    CHECK (kind <> 'individual' OR (grade IS NULL AND class_id IS NULL AND student_id IS NOT NULL))
) STRICT;

INSERT INTO curriculum_new (id, academic_year_id, kind, grade, name, profile, class_id,
                            student_id, template_id, note)
SELECT id, academic_year_id, kind, grade, name, profile, class_id, student_id, template_id, note
  FROM curriculum;

DROP TABLE curriculum;
ALTER TABLE curriculum_new RENAME TO curriculum;

CREATE INDEX curriculum_year ON curriculum (academic_year_id, kind);
CREATE INDEX curriculum_template ON curriculum (template_id);
CREATE INDEX curriculum_student ON curriculum (student_id);
CREATE UNIQUE INDEX curriculum_of_class ON curriculum (class_id) WHERE kind = 'class';
CREATE UNIQUE INDEX curriculum_of_student ON curriculum (academic_year_id, student_id)
    WHERE kind = 'individual';

DROP TABLE class_membership;

-- The student without the enrolment and departure columns (now movements and orders).
CREATE TABLE student_new (
    id                 INTEGER PRIMARY KEY,
    file_number        TEXT NOT NULL DEFAULT '',
    file_number_key    TEXT NOT NULL DEFAULT '',
    last_name          TEXT NOT NULL,
    first_name         TEXT NOT NULL,
    patronymic         TEXT NOT NULL DEFAULT '',
    name_key           TEXT NOT NULL,
    sex                TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date         TEXT NOT NULL,
    citizenship        TEXT NOT NULL DEFAULT '',
    registered_address TEXT NOT NULL DEFAULT '',
    actual_address     TEXT NOT NULL DEFAULT '',
    snils              TEXT NOT NULL DEFAULT '',
    study_form         TEXT NOT NULL DEFAULT 'full_time',
    note               TEXT NOT NULL DEFAULT ''
) STRICT;

INSERT INTO student_new (id, file_number, file_number_key, last_name, first_name, patronymic,
                         name_key, sex, birth_date, citizenship, registered_address,
                         actual_address, snils, study_form, note)
SELECT id, file_number, file_number_key, last_name, first_name, patronymic, name_key, sex,
       birth_date, citizenship, registered_address, actual_address, snils, study_form, note
  FROM student;

DROP TABLE student;
ALTER TABLE student_new RENAME TO student;

CREATE UNIQUE INDEX student_file_number_unique ON student (file_number_key) WHERE file_number_key <> '';
CREATE UNIQUE INDEX student_snils_unique ON student (snils) WHERE snils <> '';
CREATE INDEX student_name_key ON student (name_key, birth_date);

-- The safety net against two places of a student at once; an open place lasts to its year's end.
CREATE TRIGGER placement_no_overlap_insert BEFORE INSERT ON placement
WHEN EXISTS (
    SELECT 1 FROM placement p
     WHERE p.student_id = NEW.student_id
       AND p.starts_on < coalesce(NEW.left_on, (SELECT date(ends_on, '+1 day') FROM academic_year
                                                 WHERE id = NEW.academic_year_id))
       AND NEW.starts_on < coalesce(p.left_on, (SELECT date(ends_on, '+1 day') FROM academic_year
                                                 WHERE id = p.academic_year_id))
       AND p.starts_on < coalesce(p.left_on, '9999-12-31')
       AND NEW.starts_on < coalesce(NEW.left_on, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'placement overlaps another placement of the student');
END;

CREATE TRIGGER placement_no_overlap_update BEFORE UPDATE OF student_id, starts_on, left_on ON placement
WHEN EXISTS (
    SELECT 1 FROM placement p
     WHERE p.student_id = NEW.student_id AND p.id <> NEW.id
       AND p.starts_on < coalesce(NEW.left_on, (SELECT date(ends_on, '+1 day') FROM academic_year
                                                 WHERE id = NEW.academic_year_id))
       AND NEW.starts_on < coalesce(p.left_on, (SELECT date(ends_on, '+1 day') FROM academic_year
                                                 WHERE id = p.academic_year_id))
       AND p.starts_on < coalesce(p.left_on, '9999-12-31')
       AND NEW.starts_on < coalesce(NEW.left_on, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'placement overlaps another placement of the student');
END;
