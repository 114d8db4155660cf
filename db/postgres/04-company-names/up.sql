-- The other names a company goes by and its identifiers in registers and other schemes, as
-- SQLite's migration 10 adds them.
--
-- `name_key` is a name as search matches it (see `model::name_key`: folded, its words of letters
-- and digits joined by single spaces, "alibaba com"): a company's name or alias with the key of
-- another company's name or alias is refused on create unless the client says the two are
-- different companies. The application writes it with the name; the companies stored before
-- this migration get theirs when the server next opens the database (`name_key IS NULL`).
ALTER TABLE companies ADD COLUMN name_key TEXT COLLATE "C";
CREATE INDEX companies_name_key ON companies (name_key);

-- Abbreviations, short, former and trade names, and the name in other scripts, in the order
-- given. `kind` is an `AliasKind`; `language` an ISO 639-1 code, or NULL for a name used
-- across languages.
CREATE TABLE company_aliases (
    company_id BIGINT NOT NULL REFERENCES companies (id),
    position   BIGINT NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    language   TEXT COLLATE "C",
    name_key   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (company_id, position)
);
CREATE INDEX company_aliases_name_key ON company_aliases (name_key);

-- Identifiers, in the order given: `scheme` is an `ExternalIdScheme` (WIKIDATA, WEBSITE, LEI,
-- NATIONAL_REGISTER), `value` the identifier as the scheme writes it. An identifier belongs to
-- one company: `company(externalId:)` finds it by this key.
CREATE TABLE company_external_ids (
    company_id BIGINT NOT NULL REFERENCES companies (id),
    position   BIGINT NOT NULL,
    scheme     TEXT COLLATE "C" NOT NULL,
    value      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (company_id, position),
    UNIQUE (scheme, value)
);

-- A company's search document holds its aliases (search and suggestions find it by them).
CREATE FUNCTION search_company_aliases_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_dirty (entity_type, entity_id) VALUES ('company', NEW.company_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_company_aliases_insert AFTER INSERT ON company_aliases
FOR EACH ROW EXECUTE FUNCTION search_company_aliases_insert();

CREATE FUNCTION search_company_aliases_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_dirty (entity_type, entity_id)
    VALUES ('company', NEW.company_id), ('company', OLD.company_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_company_aliases_update AFTER UPDATE ON company_aliases
FOR EACH ROW EXECUTE FUNCTION search_company_aliases_update();

CREATE FUNCTION search_company_aliases_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_dirty (entity_type, entity_id) VALUES ('company', OLD.company_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_company_aliases_delete AFTER DELETE ON company_aliases
FOR EACH ROW EXECUTE FUNCTION search_company_aliases_delete();

-- Every table's writes count in `data_version` (see migration 01), these as well.
CREATE TRIGGER company_aliases_data_version
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON company_aliases
FOR EACH STATEMENT EXECUTE FUNCTION count_data_version();
CREATE TRIGGER company_external_ids_data_version
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON company_external_ids
FOR EACH STATEMENT EXECUTE FUNCTION count_data_version();
