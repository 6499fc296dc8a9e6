-- The district's database: schools by INN, one snapshot of figures per school and date, the
-- figures as rows keyed by table, row and column (a new report kind is new table ids, not new
-- SQL tables). No personal data: labels are classes, levels and the school («5 А», «Итого
-- 5–9 классы», «Всего по школе»), values are counts.
CREATE TABLE school (
    id            bigserial PRIMARY KEY,
    inn           text NOT NULL UNIQUE CHECK (inn ~ '^[0-9]{10}([0-9]{2})?$'),
    name          text NOT NULL CHECK (name <> ''),
    registered_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE snapshot (
    id          bigserial PRIMARY KEY,
    school_id   bigint NOT NULL REFERENCES school (id) ON DELETE CASCADE,
    on_date     date NOT NULL,
    year_name   text NOT NULL,
    pushed_at   timestamptz NOT NULL DEFAULT now(),
    app_version text NOT NULL,
    UNIQUE (school_id, on_date)
);
CREATE INDEX snapshot_on_date ON snapshot (on_date);

-- A table of a snapshot: its title and column titles (by position).
CREATE TABLE figure_table (
    snapshot_id bigint NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    table_id    text NOT NULL,
    title       text NOT NULL,
    columns     text[] NOT NULL,
    PRIMARY KEY (snapshot_id, table_id)
);

CREATE TABLE figure (
    snapshot_id bigint NOT NULL,
    table_id    text NOT NULL,
    row_no      integer NOT NULL,
    row_kind    text NOT NULL CHECK (row_kind IN ('class', 'level', 'school')),
    row_label   text NOT NULL,
    col_no      integer NOT NULL,
    value       double precision NOT NULL,
    PRIMARY KEY (snapshot_id, table_id, row_no, col_no),
    FOREIGN KEY (snapshot_id, table_id) REFERENCES figure_table (snapshot_id, table_id)
        ON DELETE CASCADE
);
-- The consolidated reports read the schools' total rows of one table.
CREATE INDEX figure_school_rows ON figure (table_id, snapshot_id) WHERE row_kind = 'school';
