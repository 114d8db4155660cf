-- Rivalries become records of their own, which mutations create, change and delete and the
-- history names: each gets an id and a version. The table keeps its key (the pair); its id is
-- the row's rowid when it is stored, kept in a column of its own so it never changes.
ALTER TABLE competitors ADD COLUMN id INTEGER;
ALTER TABLE competitors ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
UPDATE competitors SET id = rowid;
CREATE UNIQUE INDEX competitors_id ON competitors (id);
CREATE TRIGGER competitors_id_on_insert AFTER INSERT ON competitors WHEN NEW.id IS NULL BEGIN
    UPDATE competitors SET id = NEW.rowid WHERE rowid = NEW.rowid;
END;
