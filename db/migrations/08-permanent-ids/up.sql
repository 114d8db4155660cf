-- Global ids that never change. A company's, person's, agreement's or source's global id is
-- made of its `key`: the slug it was created with, kept when the slug changes. Every record
-- stored before this migration has its slug as its key, so every id issued before stays valid.
ALTER TABLE companies ADD COLUMN key TEXT;
UPDATE companies SET key = slug;
CREATE UNIQUE INDEX companies_key ON companies (key);
CREATE TRIGGER companies_key_on_insert AFTER INSERT ON companies WHEN NEW.key IS NULL BEGIN
    UPDATE companies SET key = NEW.slug WHERE id = NEW.id;
END;

ALTER TABLE people ADD COLUMN key TEXT;
UPDATE people SET key = slug;
CREATE UNIQUE INDEX people_key ON people (key);
CREATE TRIGGER people_key_on_insert AFTER INSERT ON people WHEN NEW.key IS NULL BEGIN
    UPDATE people SET key = NEW.slug WHERE id = NEW.id;
END;

ALTER TABLE agreements ADD COLUMN key TEXT;
UPDATE agreements SET key = slug;
CREATE UNIQUE INDEX agreements_key ON agreements (key);
CREATE TRIGGER agreements_key_on_insert AFTER INSERT ON agreements WHEN NEW.key IS NULL BEGIN
    UPDATE agreements SET key = NEW.slug WHERE id = NEW.id;
END;

ALTER TABLE sources ADD COLUMN key TEXT;
UPDATE sources SET key = slug;
CREATE UNIQUE INDEX sources_key ON sources (key);
CREATE TRIGGER sources_key_on_insert AFTER INSERT ON sources WHEN NEW.key IS NULL BEGIN
    UPDATE sources SET key = NEW.slug WHERE id = NEW.id;
END;

-- Every slug a record had before its current one, so that links made with an old slug keep
-- leading to it; a slug stays its record's for good and no other record of the kind may take
-- it. `position` orders a record's slugs by when they were first given up.
CREATE TABLE former_slugs (
    entity_kind TEXT    NOT NULL,
    slug        TEXT    NOT NULL,
    entity_id   INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (entity_kind, slug)
) WITHOUT ROWID;
CREATE INDEX former_slugs_of ON former_slugs (entity_kind, entity_id, position);
