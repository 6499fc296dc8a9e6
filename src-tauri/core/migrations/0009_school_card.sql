-- The school card's settings for lists of students (issues 10 and 14):
--   max_class_size      — the school's largest class (наибольшая наполняемость класса): a roster
--                         import warns when a class would have more; NULL while not set (the
--                         limit of 25 for grades 1–4 applies anyway).
--   file_number_pattern — how a new student's personal file number is made when a roster gives
--                         none («{буква}/{n}», «{год}-{n}»…, see file_numbers.rs); '' is the
--                         alphabet book's letter and number («В/13»).
ALTER TABLE school ADD COLUMN max_class_size INTEGER
    CHECK (max_class_size IS NULL OR max_class_size BETWEEN 1 AND 99);
ALTER TABLE school ADD COLUMN file_number_pattern TEXT NOT NULL DEFAULT '';
