-- The other names a company goes by and its identifiers in registers and other schemes.
--
-- `name_key` is a name as search matches it (see `model::name_key`: folded, its words of letters
-- and digits joined by single spaces, "alibaba com"): a company's name or alias with the key of
-- another company's name or alias is refused on create unless the client says the two are
-- different companies. The application writes it with the name; the companies stored before
-- this migration get theirs when the server next opens the database (`name_key IS NULL`).
ALTER TABLE companies ADD COLUMN name_key TEXT;
CREATE INDEX companies_name_key ON companies (name_key);

-- Abbreviations, short, former and trade names, and the name in other scripts, in the order
-- given. `kind` is an `AliasKind`; `language` an ISO 639-1 code, or NULL for a name used
-- across languages.
CREATE TABLE company_aliases (
    company_id INTEGER NOT NULL REFERENCES companies (id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    language   TEXT,
    name_key   TEXT NOT NULL,
    PRIMARY KEY (company_id, position)
);
CREATE INDEX company_aliases_name_key ON company_aliases (name_key);

-- Identifiers, in the order given: `scheme` is an `ExternalIdScheme` (WIKIDATA, WEBSITE, LEI,
-- NATIONAL_REGISTER), `value` the identifier as the scheme writes it. An identifier belongs to
-- one company: `company(externalId:)` finds it by this key.
CREATE TABLE company_external_ids (
    company_id INTEGER NOT NULL REFERENCES companies (id),
    position   INTEGER NOT NULL,
    scheme     TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (company_id, position),
    UNIQUE (scheme, value)
);

-- A company's search document holds its aliases (search and suggestions find it by them).
CREATE TRIGGER search_company_aliases_insert AFTER INSERT ON company_aliases BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', NEW.company_id);
END;
CREATE TRIGGER search_company_aliases_update AFTER UPDATE ON company_aliases BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('company', NEW.company_id), ('company', OLD.company_id);
END;
CREATE TRIGGER search_company_aliases_delete AFTER DELETE ON company_aliases BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', OLD.company_id);
END;
