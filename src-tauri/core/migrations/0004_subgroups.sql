-- Subgroups: a class (or several classes of one grade) split for a subject, and who is in which
-- part. (Filled in by the subgroups work of issue 4.)
SELECT 1;
