-- Staff movement (кадровое движение): a hire, a transfer to another position or rate and a leave
-- are each dated and name their order in the book of orders on staff (school_order, kind
-- 'staff'). The appointments are that history: a hire opens one, a transfer closes the current
-- one the day before and opens the next (transferred_from_id), a leave closes it; the current
-- appointments are those open on a day.
--
-- The appointment's order columns become references to school_order rows of kind 'staff' (one
-- row per distinct series, number and date as stored); the table is rebuilt by SQLite's 12-step
-- procedure. The orders' number_key is filled by the migration's hook (db.rs).

INSERT INTO school_order (kind, series, number, issued_on, title)
SELECT 'staff', series, number, issued_on, min(title)
  FROM (SELECT hire_order_series AS series, hire_order_number AS number,
               hire_order_date AS issued_on, 'О приёме на работу' AS title
          FROM appointment
         WHERE hire_order_series <> '' OR hire_order_number <> '' OR hire_order_date IS NOT NULL
        UNION ALL
        SELECT leave_order_series, leave_order_number, leave_order_date,
               'О прекращении трудового договора'
          FROM appointment
         WHERE leave_order_series <> '' OR leave_order_number <> ''
               OR leave_order_date IS NOT NULL)
 GROUP BY series, number, issued_on;

-- Назначение на должность: a position held at a rate from hired_on up to left_on (the last
-- working day; NULL = open). A transfer's new appointment names the one it continues; the old
-- one is closed the day before by the same order. leave_reason: why a leave ended it
-- («по собственному желанию»); empty for a transfer or an old card.
CREATE TABLE appointment_new (
    id                  INTEGER PRIMARY KEY,
    staff_member_id     INTEGER NOT NULL REFERENCES staff_member (id) ON DELETE CASCADE,
    staff_position_id   INTEGER NOT NULL REFERENCES staff_position (id) ON DELETE RESTRICT,
    rate                REAL NOT NULL CHECK (rate > 0 AND rate <= 3),
    hired_on            TEXT,
    hire_order_id       INTEGER REFERENCES school_order (id) ON DELETE RESTRICT,
    transferred_from_id INTEGER REFERENCES appointment (id) ON DELETE SET NULL,
    left_on             TEXT,
    leave_order_id      INTEGER REFERENCES school_order (id) ON DELETE RESTRICT,
    leave_reason        TEXT NOT NULL DEFAULT '',
    CHECK (left_on IS NULL OR hired_on IS NULL OR left_on >= hired_on)
) STRICT;

INSERT INTO appointment_new (id, staff_member_id, staff_position_id, rate, hired_on,
                             hire_order_id, left_on, leave_order_id)
SELECT a.id, a.staff_member_id, a.staff_position_id, a.rate, a.hired_on,
       (SELECT o.id FROM school_order o
         WHERE o.kind = 'staff' AND o.series = a.hire_order_series
           AND o.number = a.hire_order_number AND o.issued_on IS a.hire_order_date),
       a.left_on,
       (SELECT o.id FROM school_order o
         WHERE o.kind = 'staff' AND o.series = a.leave_order_series
           AND o.number = a.leave_order_number AND o.issued_on IS a.leave_order_date)
  FROM appointment a;

DROP TABLE appointment;
ALTER TABLE appointment_new RENAME TO appointment;

CREATE INDEX appointment_staff_member ON appointment (staff_member_id);
CREATE INDEX appointment_staff_position ON appointment (staff_position_id);
CREATE INDEX appointment_hire_order ON appointment (hire_order_id);
CREATE INDEX appointment_leave_order ON appointment (leave_order_id);
CREATE INDEX appointment_transferred_from ON appointment (transferred_from_id);
