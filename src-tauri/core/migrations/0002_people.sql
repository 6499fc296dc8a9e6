-- People: the positions reference and the staff with their appointments, classes of each year,
-- students with their class in each year, guardians shared between siblings, consents.
-- People are never deleted by a movement: a leave or a departure is a dated record with its order.
-- Orders are stored as three columns: <what>_order_series, <what>_order_number, <what>_order_date.
-- Columns ending in _key are written by the core (folded for comparison) and indexed.

-- Должности: the positions the school has; pre-filled, the user may add more.
CREATE TABLE staff_position (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    is_pedagogical  INTEGER NOT NULL DEFAULT 1 CHECK (is_pedagogical IN (0, 1)),
    sort_order      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX staff_position_name_unique ON staff_position (name);

INSERT INTO staff_position (name, is_pedagogical, sort_order) VALUES
    ('Директор', 0, 10),
    ('Заместитель директора по учебно-воспитательной работе', 0, 20),
    ('Заместитель директора по воспитательной работе', 0, 30),
    ('Заместитель директора по административно-хозяйственной работе', 0, 40),
    ('Учитель', 1, 50),
    ('Учитель-логопед', 1, 60),
    ('Учитель-дефектолог', 1, 70),
    ('Педагог-психолог', 1, 80),
    ('Социальный педагог', 1, 90),
    ('Педагог-организатор', 1, 100),
    ('Педагог дополнительного образования', 1, 110),
    ('Педагог-библиотекарь', 1, 120),
    ('Преподаватель-организатор ОБЗР', 1, 130),
    ('Советник директора по воспитанию', 1, 140),
    ('Старший вожатый', 1, 150),
    ('Тьютор', 1, 160),
    ('Воспитатель ГПД', 1, 170),
    ('Секретарь учебной части', 0, 180),
    ('Библиотекарь', 0, 190),
    ('Лаборант', 0, 200);

-- Сотрудник.
CREATE TABLE staff_member (
    id                     INTEGER PRIMARY KEY,
    last_name              TEXT NOT NULL,
    first_name             TEXT NOT NULL,
    patronymic             TEXT NOT NULL DEFAULT '',
    sex                    TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date             TEXT,
    snils                  TEXT NOT NULL DEFAULT '',
    phone                  TEXT NOT NULL DEFAULT '',
    email                  TEXT NOT NULL DEFAULT '',
    education              TEXT NOT NULL DEFAULT '',
    qualification_category TEXT NOT NULL DEFAULT 'none',
    note                   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX staff_member_snils_unique ON staff_member (snils) WHERE snils <> '';

-- Назначение на должность: a staff member's position with its rate, hire and leave.
-- A staff member whose appointments have all ended has left: kept, out of current lists.
CREATE TABLE appointment (
    id                 INTEGER PRIMARY KEY,
    staff_member_id    INTEGER NOT NULL REFERENCES staff_member (id) ON DELETE CASCADE,
    staff_position_id  INTEGER NOT NULL REFERENCES staff_position (id) ON DELETE RESTRICT,
    rate               REAL NOT NULL CHECK (rate > 0 AND rate <= 3),
    hired_on           TEXT,
    hire_order_series  TEXT NOT NULL DEFAULT '',
    hire_order_number  TEXT NOT NULL DEFAULT '',
    hire_order_date    TEXT,
    left_on            TEXT,
    leave_order_series TEXT NOT NULL DEFAULT '',
    leave_order_number TEXT NOT NULL DEFAULT '',
    leave_order_date   TEXT,
    CHECK (left_on IS NULL OR hired_on IS NULL OR left_on >= hired_on)
) STRICT;

CREATE INDEX appointment_staff_member ON appointment (staff_member_id);
CREATE INDEX appointment_staff_position ON appointment (staff_position_id);

-- Класс: grade + letter in one year. letter_key (the letter folded for comparison: case, «ё»,
-- Latin look-alikes) makes «5 А» and «5A» the same class.
CREATE TABLE class (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    grade            INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
    letter           TEXT NOT NULL DEFAULT '',
    letter_key       TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL DEFAULT 'general',
    profile          TEXT CHECK (profile IS NULL OR grade >= 10),
    shift            INTEGER NOT NULL DEFAULT 1 CHECK (shift BETWEEN 1 AND 3),
    term_scheme_id   INTEGER REFERENCES term_scheme (id) ON DELETE SET NULL,
    bell_schedule_id INTEGER REFERENCES bell_schedule (id) ON DELETE SET NULL,
    room_id          INTEGER REFERENCES room (id) ON DELETE SET NULL,
    class_teacher_id INTEGER REFERENCES staff_member (id) ON DELETE RESTRICT,
    note             TEXT NOT NULL DEFAULT '',
    UNIQUE (academic_year_id, grade, letter_key),
    UNIQUE (id, academic_year_id)
) STRICT;

CREATE INDEX class_teacher ON class (class_teacher_id);

-- Обучающийся: a person of the school, not of a year. file_number_key and name_key are
-- folded copies for the uniqueness check and for matching rows of an import.
CREATE TABLE student (
    id                      INTEGER PRIMARY KEY,
    file_number             TEXT NOT NULL DEFAULT '',
    file_number_key         TEXT NOT NULL DEFAULT '',
    last_name               TEXT NOT NULL,
    first_name              TEXT NOT NULL,
    patronymic              TEXT NOT NULL DEFAULT '',
    name_key                TEXT NOT NULL,
    sex                     TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date              TEXT NOT NULL,
    citizenship             TEXT NOT NULL DEFAULT '',
    registered_address      TEXT NOT NULL DEFAULT '',
    actual_address          TEXT NOT NULL DEFAULT '',
    snils                   TEXT NOT NULL DEFAULT '',
    study_form              TEXT NOT NULL DEFAULT 'full_time',
    enrolled_on             TEXT,
    enrolment_order_series  TEXT NOT NULL DEFAULT '',
    enrolment_order_number  TEXT NOT NULL DEFAULT '',
    enrolment_order_date    TEXT,
    departed_on             TEXT,
    departure_reason        TEXT,
    departure_destination   TEXT NOT NULL DEFAULT '',
    departure_order_series  TEXT NOT NULL DEFAULT '',
    departure_order_number  TEXT NOT NULL DEFAULT '',
    departure_order_date    TEXT,
    note                    TEXT NOT NULL DEFAULT '',
    CHECK ((departed_on IS NULL) = (departure_reason IS NULL))
) STRICT;

CREATE UNIQUE INDEX student_file_number_unique ON student (file_number_key) WHERE file_number_key <> '';
CREATE UNIQUE INDEX student_snils_unique ON student (snils) WHERE snils <> '';
CREATE INDEX student_name_key ON student (name_key, birth_date);

-- A student's class in a year: one row per student and year, so last year's classes stay
-- readable after the rollover. The pair (class_id, academic_year_id) must be a class of that year.
CREATE TABLE class_membership (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL,
    class_id         INTEGER NOT NULL,
    student_id       INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    FOREIGN KEY (class_id, academic_year_id) REFERENCES class (id, academic_year_id) ON DELETE RESTRICT,
    UNIQUE (academic_year_id, student_id)
) STRICT;

CREATE INDEX class_membership_class ON class_membership (class_id);
CREATE INDEX class_membership_student ON class_membership (student_id);

-- Родитель, законный представитель: one record shared by siblings.
CREATE TABLE guardian (
    id          INTEGER PRIMARY KEY,
    last_name   TEXT NOT NULL,
    first_name  TEXT NOT NULL,
    patronymic  TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    phone_extra TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    snils       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX guardian_snils_unique ON guardian (snils) WHERE snils <> '';

-- Who is whose guardian, and how (мать, отец, опекун…).
CREATE TABLE student_guardian (
    student_id  INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES guardian (id) ON DELETE CASCADE,
    relation    TEXT NOT NULL,
    PRIMARY KEY (student_id, guardian_id)
) STRICT;

CREATE INDEX student_guardian_guardian ON student_guardian (guardian_id);

-- Согласие на обработку персональных данных: of a student or of a guardian.
CREATE TABLE consent (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER REFERENCES student (id) ON DELETE CASCADE,
    guardian_id  INTEGER REFERENCES guardian (id) ON DELETE CASCADE,
    given_on     TEXT NOT NULL,
    withdrawn_on TEXT,
    note         TEXT NOT NULL DEFAULT '',
    CHECK ((student_id IS NULL) <> (guardian_id IS NULL)),
    CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on)
) STRICT;

CREATE INDEX consent_student ON consent (student_id);
CREATE INDEX consent_guardian ON consent (guardian_id);
