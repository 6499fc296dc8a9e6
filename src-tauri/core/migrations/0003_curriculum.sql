-- Curricula: templates per grade with their lines, the curriculum of each class, individual
-- curricula of students. (Filled in by the curriculum work of issue 4.)
SELECT 1;
