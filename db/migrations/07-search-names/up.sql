-- The names that `suggest` completes as a user types: a company's or a person's name, an
-- agreement's title in every locale, each folded as search folds it (words of letters and
-- digits, lower case, umlauts spelled out, joined by single spaces: "mueller buehne 1345") and,
-- where it differs, with bare vowels ("muller buhne 1345"), kept to its first 40 characters
-- (what a user types before choosing). Written with the entity's search document, so it
-- follows every change the triggers of migration 02 mark.
--
-- `weight` is how connected the entity is, which orders suggestions: the agreements a company
-- is party to, the roles a person holds, the parties of an agreement.
CREATE TABLE search_names (
    entity_type TEXT NOT NULL CHECK (entity_type IN ('company', 'person', 'agreement')),
    entity_id   INTEGER NOT NULL,
    name        TEXT NOT NULL,
    weight      INTEGER NOT NULL,
    PRIMARY KEY (entity_type, entity_id, name)
) WITHOUT ROWID;

-- The most connected of one kind first: within each weight, the names beginning with what was
-- typed are a range of this index, so a suggestion reads a short range per weight there is.
CREATE INDEX search_names_by_weight ON search_names (entity_type, weight DESC, name);

-- A company's weight counts its agreements: a party added or removed marks the company too.
DROP TRIGGER search_parties_insert;
CREATE TRIGGER search_parties_insert AFTER INSERT ON parties BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', NEW.agreement_id
    UNION SELECT 'company', NEW.company_id
    UNION SELECT 'agreement', part_of_id FROM agreements
          WHERE id = NEW.agreement_id AND part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements WHERE part_of_id = NEW.agreement_id;
END;

DROP TRIGGER search_parties_update;
CREATE TRIGGER search_parties_update AFTER UPDATE ON parties BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', id FROM agreements WHERE id IN (NEW.agreement_id, OLD.agreement_id)
    UNION SELECT 'company', NEW.company_id
    UNION SELECT 'company', OLD.company_id
    UNION SELECT 'agreement', part_of_id FROM agreements
          WHERE id IN (NEW.agreement_id, OLD.agreement_id) AND part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements
          WHERE part_of_id IN (NEW.agreement_id, OLD.agreement_id);
END;

DROP TRIGGER search_parties_delete;
CREATE TRIGGER search_parties_delete AFTER DELETE ON parties BEGIN
    INSERT OR IGNORE INTO search_dirty (entity_type, entity_id)
    SELECT 'agreement', OLD.agreement_id
    UNION SELECT 'company', OLD.company_id
    UNION SELECT 'agreement', part_of_id FROM agreements
          WHERE id = OLD.agreement_id AND part_of_id IS NOT NULL
    UNION SELECT 'agreement', id FROM agreements WHERE part_of_id = OLD.agreement_id;
END;
