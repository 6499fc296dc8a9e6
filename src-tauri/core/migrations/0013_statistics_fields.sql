-- What the statistical form ОО-1 and the district's staff reports ask of a student and a staff
-- member that the file did not know. Dates are stored, never bands: each report computes its own.

-- Инвалидность (ребёнок-инвалид) and ОВЗ with the kind of the adapted programme ('none': no ОВЗ).
ALTER TABLE student ADD COLUMN disability INTEGER NOT NULL DEFAULT 0 CHECK (disability IN (0, 1));
ALTER TABLE student ADD COLUMN special_needs TEXT NOT NULL DEFAULT 'none';

-- Уровень образования as a choice and whether it is pedagogical; `education` keeps the details
-- (institution, year, speciality) as typed. Experience is stored as the day it began (breaks
-- already taken out by whoever types it); the category with the day it was awarded; the
-- academic degree; honorary titles as written in the work record.
ALTER TABLE staff_member ADD COLUMN education_level TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE staff_member ADD COLUMN pedagogical_education INTEGER NOT NULL DEFAULT 0
    CHECK (pedagogical_education IN (0, 1));
ALTER TABLE staff_member ADD COLUMN experience_since TEXT;
ALTER TABLE staff_member ADD COLUMN pedagogical_experience_since TEXT;
ALTER TABLE staff_member ADD COLUMN category_awarded_on TEXT;
ALTER TABLE staff_member ADD COLUMN academic_degree TEXT NOT NULL DEFAULT 'none';
ALTER TABLE staff_member ADD COLUMN honorary_titles TEXT NOT NULL DEFAULT '';

-- Today's free text read as it reads. SQLite's LIKE folds only ASCII, so the patterns leave
-- out the first letter («ысш» finds «Высшее» and «высшее»).
UPDATE staff_member
   SET education_level = CASE
           WHEN education LIKE '%ысш%' OR education LIKE '%ниверситет%'
                OR education LIKE '%нститут%' OR education LIKE '%кадеми%'
                OR education LIKE '%бакалавр%' OR education LIKE '%агистр%'
                OR education LIKE '%пециалитет%' THEN 'higher'
           WHEN education LIKE '%редн%проф%' OR education LIKE '%редне-спец%'
                OR education LIKE '%реднее спец%' OR education LIKE '%СПО%'
                OR education LIKE '%олледж%' OR education LIKE '%ехникум%'
                OR education LIKE '%чилищ%' THEN 'secondary_vocational'
           WHEN education LIKE '%редн%' THEN 'secondary_general'
           ELSE 'unknown'
       END,
       pedagogical_education = (education LIKE '%едагог%' OR education LIKE '%читель%'
                                OR education LIKE '%оспитател%' OR education LIKE '%ГПИ%'
                                OR education LIKE '%ГПУ%');

-- Где школа отправляет цифры: the district's PostgreSQL address (never a password).
ALTER TABLE school ADD COLUMN district_url TEXT NOT NULL DEFAULT '';
