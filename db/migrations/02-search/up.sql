-- Full-text search over companies, people and agreements.
--
-- `search_index` holds one document per entity: its name (an agreement's titles in every
-- locale), the labels of its vocabulary values and countries in every locale, and its summaries
-- in every locale. The application writes every text folded (see `src/db/search.rs`), because
-- the tokenizer turns "ü" into "u" but not into "ue", nor "ß" into "ss". The rowid encodes the
-- entity: `entity_id * 4 + 1` for a company, `+ 2` for a person, `+ 3` for an agreement, so one
-- document is replaced by rowid without a scan.
CREATE VIRTUAL TABLE search_index USING fts5 (
    entity_type UNINDEXED,
    entity_id UNINDEXED,
    name,
    labels,
    summaries,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Entities whose document is out of date. A document is written from more than its own row (a
-- company's summary names its parent, subsidiaries, founders, CEO and rivals; an agreement's
-- names its parties and the agreements it belongs to or contains), so the triggers below mark
-- every entity whose document can mention the changed row, and the application rewrites those
-- documents before the next search. The whole index is rebuilt instead when the translations
-- change (`meta` key `search_fingerprint`), and on the first start after this migration.
CREATE TABLE search_dirty (
    entity_type TEXT NOT NULL CHECK (entity_type IN ('company', 'person', 'agreement')),
    entity_id   INTEGER NOT NULL,
    PRIMARY KEY (entity_type, entity_id)
) WITHOUT ROWID;

CREATE INDEX market_positions_reported_by ON market_positions (reported_by);

-- Companies. Every change marks the company and its parent (whose summary lists its
-- subsidiaries). A change of name, kind or country also marks every document that names the
-- company: its subsidiaries, rivals, the companies whose market position it reports, the people
-- with a role at it, the agreements it is party to, and the agreements those belong to or contain.
CREATE TRIGGER search_companies_insert AFTER INSERT ON companies BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'company', NEW.id
    UNION SELECT 'company', NEW.parent_id WHERE NEW.parent_id IS NOT NULL;
END;

CREATE TRIGGER search_companies_update AFTER UPDATE ON companies BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'company', NEW.id
    UNION SELECT 'company', OLD.id
    UNION SELECT 'company', NEW.parent_id WHERE NEW.parent_id IS NOT NULL
    UNION SELECT 'company', OLD.parent_id WHERE OLD.parent_id IS NOT NULL;
END;

CREATE TRIGGER search_companies_rename AFTER UPDATE OF name, kind, country ON companies
WHEN NEW.name IS NOT OLD.name OR NEW.kind IS NOT OLD.kind OR NEW.country IS NOT OLD.country
BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'company', id FROM companies WHERE parent_id = NEW.id
    UNION SELECT 'company', competitor_id FROM competitors WHERE company_id = NEW.id
    UNION SELECT 'company', company_id FROM competitors WHERE competitor_id = NEW.id
    UNION SELECT 'company', company_id FROM market_positions WHERE reported_by = NEW.id
    UNION SELECT 'person', person_id FROM roles WHERE company_id = NEW.id
    UNION SELECT 'agreement', agreement_id FROM parties WHERE company_id = NEW.id
    UNION SELECT 'agreement', a.part_of_id FROM parties p JOIN agreements a ON a.id = p.agreement_id
          WHERE p.company_id = NEW.id AND a.part_of_id IS NOT NULL
    UNION SELECT 'agreement', a.id FROM parties p JOIN agreements a ON a.part_of_id = p.agreement_id
          WHERE p.company_id = NEW.id;
END;

-- With foreign keys on, nothing refers to a company that is deleted; marking the documents that
-- could keeps the index right when a connection runs without them.
CREATE TRIGGER search_companies_delete AFTER DELETE ON companies BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'company', OLD.id
    UNION SELECT 'company', OLD.parent_id WHERE OLD.parent_id IS NOT NULL
    UNION SELECT 'company', id FROM companies WHERE parent_id = OLD.id
    UNION SELECT 'company', competitor_id FROM competitors WHERE company_id = OLD.id
    UNION SELECT 'company', company_id FROM competitors WHERE competitor_id = OLD.id
    UNION SELECT 'company', company_id FROM market_positions WHERE reported_by = OLD.id
    UNION SELECT 'person', person_id FROM roles WHERE company_id = OLD.id
    UNION SELECT 'agreement', agreement_id FROM parties WHERE company_id = OLD.id;
END;

-- People. A company's summary names its founders and CEOs.
CREATE TRIGGER search_people_insert AFTER INSERT ON people BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('person', NEW.id);
END;

CREATE TRIGGER search_people_update AFTER UPDATE ON people BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'person', NEW.id
    UNION SELECT 'person', OLD.id
    UNION SELECT 'company', company_id FROM roles WHERE person_id IN (NEW.id, OLD.id);
END;

CREATE TRIGGER search_people_delete AFTER DELETE ON people BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'person', OLD.id
    UNION SELECT 'company', company_id FROM roles WHERE person_id = OLD.id;
END;

-- Roles appear in the person's summary and (founders, CEOs) in the company's.
CREATE TRIGGER search_roles_insert AFTER INSERT ON roles BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('person', NEW.person_id), ('company', NEW.company_id);
END;

CREATE TRIGGER search_roles_update AFTER UPDATE ON roles BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('person', NEW.person_id), ('company', NEW.company_id),
           ('person', OLD.person_id), ('company', OLD.company_id);
END;

CREATE TRIGGER search_roles_delete AFTER DELETE ON roles BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('person', OLD.person_id), ('company', OLD.company_id);
END;

-- Agreements. An agreement's summary names the agreement it belongs to and those it contains,
-- by kind and parties.
CREATE TRIGGER search_agreements_insert AFTER INSERT ON agreements BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', NEW.id
    UNION SELECT 'agreement', NEW.part_of_id WHERE NEW.part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements WHERE part_of_id = NEW.id;
END;

CREATE TRIGGER search_agreements_update AFTER UPDATE ON agreements BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', NEW.id
    UNION SELECT 'agreement', OLD.id
    UNION SELECT 'agreement', NEW.part_of_id WHERE NEW.part_of_id IS NOT NULL
    UNION SELECT 'agreement', OLD.part_of_id WHERE OLD.part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements WHERE part_of_id IN (NEW.id, OLD.id);
END;

CREATE TRIGGER search_agreements_delete AFTER DELETE ON agreements BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', OLD.id
    UNION SELECT 'agreement', OLD.part_of_id WHERE OLD.part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements WHERE part_of_id = OLD.id;
END;

-- Parties: the agreement's own document, and the agreements that name it by its parties.
CREATE TRIGGER search_parties_insert AFTER INSERT ON parties BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', NEW.agreement_id
    UNION SELECT 'agreement', part_of_id FROM agreements
          WHERE id = NEW.agreement_id AND part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements WHERE part_of_id = NEW.agreement_id;
END;

CREATE TRIGGER search_parties_update AFTER UPDATE ON parties BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', id FROM agreements WHERE id IN (NEW.agreement_id, OLD.agreement_id)
    UNION SELECT 'agreement', part_of_id FROM agreements
          WHERE id IN (NEW.agreement_id, OLD.agreement_id) AND part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements
          WHERE part_of_id IN (NEW.agreement_id, OLD.agreement_id);
END;

CREATE TRIGGER search_parties_delete AFTER DELETE ON parties BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', OLD.agreement_id
    UNION SELECT 'agreement', part_of_id FROM agreements
          WHERE id = OLD.agreement_id AND part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements WHERE part_of_id = OLD.agreement_id;
END;

-- Rows that only one entity's own document mentions.
CREATE TRIGGER search_agreement_scopes_insert AFTER INSERT ON agreement_scopes BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('agreement', NEW.agreement_id);
END;
CREATE TRIGGER search_agreement_scopes_update AFTER UPDATE ON agreement_scopes BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('agreement', NEW.agreement_id), ('agreement', OLD.agreement_id);
END;
CREATE TRIGGER search_agreement_scopes_delete AFTER DELETE ON agreement_scopes BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('agreement', OLD.agreement_id);
END;

CREATE TRIGGER search_agreement_markets_insert AFTER INSERT ON agreement_markets BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('agreement', NEW.agreement_id);
END;
CREATE TRIGGER search_agreement_markets_update AFTER UPDATE ON agreement_markets BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('agreement', NEW.agreement_id), ('agreement', OLD.agreement_id);
END;
CREATE TRIGGER search_agreement_markets_delete AFTER DELETE ON agreement_markets BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('agreement', OLD.agreement_id);
END;

CREATE TRIGGER search_competitors_insert AFTER INSERT ON competitors BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('company', NEW.company_id), ('company', NEW.competitor_id);
END;
CREATE TRIGGER search_competitors_update AFTER UPDATE ON competitors BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('company', NEW.company_id), ('company', NEW.competitor_id),
           ('company', OLD.company_id), ('company', OLD.competitor_id);
END;
CREATE TRIGGER search_competitors_delete AFTER DELETE ON competitors BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('company', OLD.company_id), ('company', OLD.competitor_id);
END;

CREATE TRIGGER search_events_insert AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', NEW.company_id);
END;
CREATE TRIGGER search_events_update AFTER UPDATE ON events BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('company', NEW.company_id), ('company', OLD.company_id);
END;
CREATE TRIGGER search_events_delete AFTER DELETE ON events BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', OLD.company_id);
END;

CREATE TRIGGER search_market_positions_insert AFTER INSERT ON market_positions BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', NEW.company_id);
END;
CREATE TRIGGER search_market_positions_update AFTER UPDATE ON market_positions BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('company', NEW.company_id), ('company', OLD.company_id);
END;
CREATE TRIGGER search_market_positions_delete AFTER DELETE ON market_positions BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', OLD.company_id);
END;

CREATE TRIGGER search_company_markets_insert AFTER INSERT ON company_markets BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', NEW.company_id);
END;
CREATE TRIGGER search_company_markets_update AFTER UPDATE ON company_markets BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('company', NEW.company_id), ('company', OLD.company_id);
END;
CREATE TRIGGER search_company_markets_delete AFTER DELETE ON company_markets BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', OLD.company_id);
END;

CREATE TRIGGER search_company_business_areas_insert AFTER INSERT ON company_business_areas BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', NEW.company_id);
END;
CREATE TRIGGER search_company_business_areas_update AFTER UPDATE ON company_business_areas BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('company', NEW.company_id), ('company', OLD.company_id);
END;
CREATE TRIGGER search_company_business_areas_delete AFTER DELETE ON company_business_areas BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('company', OLD.company_id);
END;

-- A person's summary counts their quotes and, without roles or quotes, their sources.
CREATE TRIGGER search_quotes_insert AFTER INSERT ON quotes WHEN NEW.speaker_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('person', NEW.speaker_id);
END;
CREATE TRIGGER search_quotes_update AFTER UPDATE OF speaker_id ON quotes BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'person', NEW.speaker_id WHERE NEW.speaker_id IS NOT NULL
    UNION SELECT 'person', OLD.speaker_id WHERE OLD.speaker_id IS NOT NULL;
END;
CREATE TRIGGER search_quotes_delete AFTER DELETE ON quotes WHEN OLD.speaker_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('person', OLD.speaker_id);
END;

CREATE TRIGGER search_person_sources_insert AFTER INSERT ON person_sources BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('person', NEW.person_id);
END;
CREATE TRIGGER search_person_sources_update AFTER UPDATE ON person_sources BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    VALUES ('person', NEW.person_id), ('person', OLD.person_id);
END;
CREATE TRIGGER search_person_sources_delete AFTER DELETE ON person_sources BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id) VALUES ('person', OLD.person_id);
END;
