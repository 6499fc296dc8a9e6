-- Аттестат с отличием (and, in the 11th (12th) grade, the medal «За особые успехи в учении» that
-- goes with it): the pedagogical council decides it with the finishing decision. Meaningful only
-- for a decision that ends a level — «Окончил» or «Продолжает обучение в 10 классе» in the 9th
-- grade, «Окончил» in the 11th (12th); the core refuses it on any other and proposes it from the
-- year's (final) marks. Every decision made before this version is without distinction.
ALTER TABLE council_decision ADD COLUMN with_distinction INTEGER NOT NULL DEFAULT 0
    CHECK (with_distinction IN (0, 1));
