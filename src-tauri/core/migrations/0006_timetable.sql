-- Timetable (расписание занятий): the weekly lessons placed from the teaching load, the dated
-- substitutions (замены), and the sanitary reference data the timetable is checked against.

-- A lesson of the weekly timetable: one hour of a load line (teacher + class or subgroup +
-- subject) on a day of the school's week at a lesson number of the class's bell schedule.
-- The class, subgroup, subject and teacher are read through the load line, so they cannot
-- disagree with it; a load line deleted takes its lessons (their hours are gone too).
-- A load line may have different hours in the two half-years (2 h, then 1 h): each lesson says
-- in which half-years it runs (`in_first`, `in_second`), so the second half-year's timetable
-- is the first one without the lessons marked first-only.
-- Conflicts (a teacher, a room or a class in two places at once) are refused by the core, which
-- knows about subgroups of one split; the indexes below serve its queries of one slot.
CREATE TABLE timetable_entry (
    id               INTEGER PRIMARY KEY,
    academic_year_id INTEGER NOT NULL REFERENCES academic_year (id) ON DELETE CASCADE,
    day              INTEGER NOT NULL CHECK (day BETWEEN 1 AND 6),
    lesson_number    INTEGER NOT NULL CHECK (lesson_number BETWEEN 0 AND 12),
    teaching_load_id INTEGER NOT NULL REFERENCES teaching_load (id) ON DELETE CASCADE,
    -- NULL: no room set (a lesson outdoors, or not decided yet). A room deleted leaves the lesson.
    room_id          INTEGER REFERENCES room (id) ON DELETE SET NULL,
    in_first         INTEGER NOT NULL DEFAULT 1 CHECK (in_first IN (0, 1)),
    in_second        INTEGER NOT NULL DEFAULT 1 CHECK (in_second IN (0, 1)),
    CHECK (in_first + in_second > 0)
) STRICT;

-- «What runs at this day and lesson»: every conflict check of one edit starts here.
CREATE INDEX timetable_entry_slot ON timetable_entry (academic_year_id, day, lesson_number);
CREATE INDEX timetable_entry_load ON timetable_entry (teaching_load_id);
CREATE INDEX timetable_entry_room ON timetable_entry (room_id);

-- Замена: on one date, one lesson of the timetable given by another teacher, and/or in another
-- room, and/or as another subject, with a reason. NULL in a new_* column: unchanged.
-- The lesson replaced goes with its timetable entry (a lesson removed has no substitutions).
CREATE TABLE substitution (
    id                  INTEGER PRIMARY KEY,
    date                TEXT NOT NULL,
    timetable_entry_id  INTEGER NOT NULL REFERENCES timetable_entry (id) ON DELETE CASCADE,
    new_staff_member_id INTEGER REFERENCES staff_member (id) ON DELETE RESTRICT,
    new_room_id         INTEGER REFERENCES room (id) ON DELETE SET NULL,
    new_subject_id      INTEGER REFERENCES subject (id) ON DELETE RESTRICT,
    reason              TEXT NOT NULL DEFAULT 'illness',
    note                TEXT NOT NULL DEFAULT '',
    -- One substitution per lesson and date: a second change of it edits this one.
    UNIQUE (timetable_entry_id, date)
) STRICT;

CREATE INDEX substitution_date ON substitution (date);
CREATE INDEX substitution_staff_member ON substitution (new_staff_member_id, date);
CREATE INDEX substitution_room ON substitution (new_room_id, date);

-- Lessons a day (СанПиН 1.2.3685-21, table 6.6): reference data the school may edit.
-- `max_lessons` is the rule; `max_with_pe` lessons are allowed on at most `pe_days` days a week
-- when one of that day's lessons is physical education (grade 1: 4, once a week 5; grades 2–4:
-- 5, once a week 6). NULL max_with_pe: no exception. Grade 12 (evening schools) takes grade 11's.
CREATE TABLE sanitary_daily_limit (
    grade       INTEGER PRIMARY KEY CHECK (grade BETWEEN 1 AND 12),
    max_lessons INTEGER NOT NULL CHECK (max_lessons BETWEEN 1 AND 12),
    max_with_pe INTEGER CHECK (max_with_pe IS NULL OR max_with_pe BETWEEN 1 AND 12),
    pe_days     INTEGER NOT NULL DEFAULT 0 CHECK (pe_days BETWEEN 0 AND 6),
    exception   TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT 'СанПиН 1.2.3685-21, табл. 6.6'
) STRICT;

INSERT INTO sanitary_daily_limit (grade, max_lessons, max_with_pe, pe_days, exception) VALUES
    (1, 4, 5, 1, 'один раз в неделю 5 уроков за счёт урока физической культуры'),
    (2, 5, 6, 1, 'один раз в неделю 6 уроков за счёт урока физической культуры'),
    (3, 5, 6, 1, 'один раз в неделю 6 уроков за счёт урока физической культуры'),
    (4, 5, 6, 1, 'один раз в неделю 6 уроков за счёт урока физической культуры'),
    (5, 6, NULL, 0, ''),
    (6, 6, NULL, 0, ''),
    (7, 7, NULL, 0, ''),
    (8, 7, NULL, 0, ''),
    (9, 7, NULL, 0, ''),
    (10, 7, NULL, 0, ''),
    (11, 7, NULL, 0, ''),
    (12, 7, NULL, 0, '');

-- Шкала трудности учебных предметов (СанПиН 1.2.3685-21, tables 6.9–6.11; the same scale as
-- appendix 3 of СанПиН 2.4.2.2821-10): a subject's score in a grade. `subject_pattern` is a
-- subject name compared up to case and «ё»; a pattern ending in «*» matches every subject whose
-- name starts with the rest («Иностранный язык*» = English, German, French…). The most
-- specific (longest) pattern wins. Editable reference data: a subject without a row scores 0
-- and is named by the check. `note` says which row of the table a today's subject was mapped to.
CREATE TABLE subject_difficulty (
    id              INTEGER PRIMARY KEY,
    subject_pattern TEXT NOT NULL CHECK (subject_pattern <> ''),
    grade           INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
    score           INTEGER NOT NULL CHECK (score BETWEEN 0 AND 20),
    source          TEXT NOT NULL DEFAULT 'СанПиН 1.2.3685-21, табл. 6.9',
    note            TEXT NOT NULL DEFAULT '',
    UNIQUE (subject_pattern, grade)
) STRICT;

CREATE INDEX subject_difficulty_grade ON subject_difficulty (grade);

-- Grades 1–4 (table 6.9): one score for the four grades.
WITH g (grade) AS (VALUES (1), (2), (3), (4)),
s (pattern, score, note) AS (VALUES
    ('Математика', 8, ''),
    ('Русский язык', 7, ''),
    ('Родной язык*', 7, 'строка «русский (национальный, иностранный) язык»'),
    ('Иностранный язык*', 7, 'строка «русский (национальный, иностранный) язык»'),
    ('Второй иностранный язык', 7, 'строка «русский (национальный, иностранный) язык»'),
    ('Окружающий мир', 6, 'строка «природоведение (окружающий мир)»'),
    ('Информатика', 6, ''),
    ('Литературное чтение*', 5, 'строка «литература»'),
    ('Основы религиозных культур и светской этики', 4, 'ОРКСЭ: ближайшая строка «история»'),
    ('Изобразительное искусство', 3, ''),
    ('Музыка', 3, ''),
    ('Труд (технология)', 2, 'строка «труд»'),
    ('Физическая культура', 1, ''))
INSERT INTO subject_difficulty (subject_pattern, grade, score, note)
SELECT s.pattern, g.grade, s.score, s.note FROM s CROSS JOIN g;

-- Grades 5–9 (table 6.10), scores by grade 5 / 6 / 7 / 8 / 9; NULL = not taught in the grade.
WITH s (pattern, g5, g6, g7, g8, g9, note) AS (VALUES
    ('Химия', NULL, NULL, 13, 10, 12, ''),
    ('Геометрия', NULL, NULL, 12, 10, 8, ''),
    ('Физика', NULL, NULL, 8, 9, 13, ''),
    ('Алгебра', NULL, NULL, 10, 9, 7, ''),
    ('Вероятность и статистика', NULL, NULL, 10, 9, 7, 'в таблице нет: ближайшая строка «алгебра»'),
    ('Биология', 10, 8, 7, 7, 7, ''),
    ('Математика', 10, 13, 10, 9, 7, '7–9 классы: как «алгебра» (курс «Математика» в 7–9 делится на алгебру и геометрию)'),
    ('Иностранный язык*', 9, 11, 10, 8, 9, ''),
    ('Второй иностранный язык', 9, 11, 10, 8, 9, 'строка «иностранный язык»'),
    ('Русский язык', 8, 12, 11, 7, 6, ''),
    ('Родной язык*', 8, 12, 11, 7, 6, 'строка «русский язык»'),
    ('География', 7, 7, 6, 6, 5, '5 класс в таблице не назван: взято как «природоведение»'),
    ('Обществознание', 6, 9, 9, 5, 5, 'строка «граждановедение (обществознание)»; 9 класс не назван: взято как в 8'),
    ('История', 5, 8, 6, 8, 10, ''),
    ('Труд (технология)', 4, 3, 2, 1, 4, 'строка «труд (технология)»'),
    ('Литература', 4, 6, 4, 4, 7, ''),
    ('Родная литература*', 4, 6, 4, 4, 7, 'строка «литература»'),
    ('Изобразительное искусство', 3, 3, 1, 3, 3, 'строка «ИЗО»; 9 класс не назван: взято как в 8'),
    ('Физическая культура', 3, 4, 2, 2, 2, ''),
    ('Музыка', 2, 1, 1, 1, 1, '9 класс не назван: взято как в 8'),
    ('Основы духовно-нравственной культуры народов России', 6, 9, 9, 5, 5, 'ОДНКНР: ближайшая строка «граждановедение (обществознание)»'),
    -- Not in the excerpt of table 6.10 checked (../shared/sanpin.md): values to be checked
    -- against the text of СанПиН 1.2.3685-21 before relying on them.
    ('Информатика', 4, 4, 6, 7, 7, 'ПРОВЕРИТЬ по тексту СанПиН 1.2.3685-21, табл. 6.10'),
    ('Основы безопасности и защиты Родины', 1, 2, 3, 3, 3, 'ОБЗР (прежде ОБЖ): ПРОВЕРИТЬ по тексту СанПиН 1.2.3685-21, табл. 6.10'),
    ('Индивидуальный проект', 4, 4, 4, 4, 4, 'в таблице нет: ПРОВЕРИТЬ, взято как «литература» 5 класса')),
g (grade) AS (VALUES (5), (6), (7), (8), (9))
INSERT INTO subject_difficulty (subject_pattern, grade, score, source, note)
SELECT s.pattern, g.grade,
       CASE g.grade WHEN 5 THEN s.g5 WHEN 6 THEN s.g6 WHEN 7 THEN s.g7 WHEN 8 THEN s.g8 ELSE s.g9 END,
       'СанПиН 1.2.3685-21, табл. 6.10', s.note
  FROM s CROSS JOIN g
 WHERE CASE g.grade WHEN 5 THEN s.g5 WHEN 6 THEN s.g6 WHEN 7 THEN s.g7 WHEN 8 THEN s.g8 ELSE s.g9 END
       IS NOT NULL;

-- Grades 10–11 (table 6.11). Not in the excerpt checked (../shared/sanpin.md), and no public
-- copy was found while writing this: the values are the ranks of appendix 3, table 2 of
-- СанПиН 2.4.2.2821-10 as remembered, to be checked against the text of СанПиН 1.2.3685-21.
-- Grade 12 (evening schools) takes the same.
WITH s (pattern, score, note) AS (VALUES
    ('Физика', 12, ''),
    ('Геометрия', 11, ''),
    ('Химия', 11, ''),
    ('Алгебра', 10, ''),
    ('Математика', 10, 'строка «алгебра»'),
    ('Вероятность и статистика', 10, 'в таблице нет: ближайшая строка «алгебра»'),
    ('Русский язык', 9, ''),
    ('Родной язык*', 9, 'строка «русский язык»'),
    ('Литература', 8, ''),
    ('Родная литература*', 8, 'строка «литература»'),
    ('Иностранный язык*', 8, ''),
    ('Второй иностранный язык', 8, 'строка «иностранный язык»'),
    ('Биология', 7, ''),
    ('Информатика', 6, ''),
    ('История', 5, ''),
    ('Обществознание', 5, ''),
    ('Индивидуальный проект', 5, 'в таблице нет: взято как «обществознание»'),
    ('География', 3, ''),
    ('Основы безопасности и защиты Родины', 3, 'ОБЗР (прежде ОБЖ)'),
    ('Труд (технология)', 1, 'строка «технология»'),
    ('Физическая культура', 2, '')),
g (grade) AS (VALUES (10), (11), (12))
INSERT INTO subject_difficulty (subject_pattern, grade, score, source, note)
SELECT s.pattern, g.grade, s.score, 'СанПиН 1.2.3685-21, табл. 6.11 (ПРОВЕРИТЬ)', s.note
  FROM s CROSS JOIN g;
