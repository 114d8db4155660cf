-- The definite article a company's name takes in running text ("die Tourism Authority of
-- Thailand"), for the names that usually take one: FEMININE, MASCULINE or NEUTER (the German
-- gender; English says "the" for each); NULL for the names that take none.
ALTER TABLE companies ADD COLUMN name_article TEXT;
