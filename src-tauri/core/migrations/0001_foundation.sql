-- Foundation: the school card, academic years with term schemes, terms and holidays,
-- bell schedules, rooms with equipment, subjects. Dates are ISO text (YYYY-MM-DD),
-- times 'HH:MM'. Booleans are 0/1 integers.

CREATE TABLE school (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    full_name      TEXT NOT NULL DEFAULT '',
    short_name     TEXT NOT NULL DEFAULT '',
    inn            TEXT NOT NULL DEFAULT '',
    kpp            TEXT NOT NULL DEFAULT '',
    ogrn           TEXT NOT NULL DEFAULT '',
    legal_address  TEXT NOT NULL DEFAULT '',
    actual_address TEXT NOT NULL DEFAULT '',
    director       TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    week_days      INTEGER NOT NULL DEFAULT 5 CHECK (week_days IN (5, 6)),
    shifts         INTEGER NOT NULL DEFAULT 1 CHECK (shifts BETWEEN 1 AND 3)
) STRICT;

INSERT INTO school (id) VALUES (1);

-- Licences and accreditations of the school (kind tells which).
CREATE TABLE credential (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('licence', 'accreditation')),
    number      TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    valid_until TEXT,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE academic_year (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    CHECK (ends_on > starts_on)
) STRICT;

CREATE UNIQUE INDEX academic_year_one_current ON academic_year (is_current) WHERE is_current = 1;

CREATE TABLE term_scheme (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    UNIQUE (academic_year_id, name)
) STRICT;

CREATE TABLE term (
    id             INTEGER PRIMARY KEY,
    term_scheme_id INTEGER NOT NULL REFERENCES term_scheme (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    CHECK (ends_on >= starts_on),
    UNIQUE (term_scheme_id, position)
) STRICT;

-- A holiday of the whole year (term_scheme_id NULL) or of one scheme only,
-- such as the extra February week of grade 1.
CREATE TABLE holiday (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    term_scheme_id   INTEGER REFERENCES term_scheme (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;

CREATE TABLE bell_schedule (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    shift            INTEGER NOT NULL DEFAULT 1 CHECK (shift BETWEEN 1 AND 3),
    UNIQUE (academic_year_id, name)
) STRICT;

CREATE TABLE bell (
    id               INTEGER PRIMARY KEY,
    bell_schedule_id INTEGER NOT NULL REFERENCES bell_schedule (id) ON DELETE CASCADE,
    lesson_number    INTEGER NOT NULL CHECK (lesson_number BETWEEN 0 AND 12),
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    CHECK (ends_at > starts_at),
    UNIQUE (bell_schedule_id, lesson_number)
) STRICT;

CREATE TABLE room (
    id       INTEGER PRIMARY KEY,
    number   TEXT NOT NULL,
    name     TEXT NOT NULL DEFAULT '',
    floor    INTEGER,
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    kind     TEXT NOT NULL DEFAULT 'classroom',
    note     TEXT NOT NULL DEFAULT ''
) STRICT;

-- Uniqueness up to case and «ё» is checked by the core (SQLite's lower() knows only ASCII).
CREATE UNIQUE INDEX room_number_unique ON room (number);

CREATE TABLE equipment (
    id               INTEGER PRIMARY KEY,
    room_id          INTEGER NOT NULL REFERENCES room (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    inventory_number TEXT NOT NULL DEFAULT '',
    quantity         INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 0),
    note             TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE subject (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL DEFAULT '',
    area        TEXT NOT NULL DEFAULT '',
    is_federal  INTEGER NOT NULL DEFAULT 0 CHECK (is_federal IN (0, 1)),
    is_hidden   INTEGER NOT NULL DEFAULT 0 CHECK (is_hidden IN (0, 1)),
    position    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX subject_name_unique ON subject (name);
