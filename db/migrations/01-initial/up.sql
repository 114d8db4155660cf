-- The whole data model: companies, people, their roles, agreements between companies, and the
-- sources every fact comes from. Vocabulary columns (kinds, scopes, titles) hold the
-- SCREAMING_SNAKE_CASE names of the GraphQL enums; the application validates them.
-- `sort_name` is the name folded for ordering (lower case, accents and ß/ü spelled out).
-- Dates are partial ISO 8601 text ('2015', '2015-09', '2023-11-22'), which sorts correctly as text.

CREATE TABLE sources (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    kicker       TEXT,
    published_on TEXT,
    language     TEXT NOT NULL,
    url          TEXT
);

CREATE TABLE companies (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    sort_name    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    legal_form   TEXT,
    country      TEXT,
    headquarters TEXT,
    founded      TEXT,
    parent_id    INTEGER REFERENCES companies (id)
);
CREATE INDEX companies_parent ON companies (parent_id);
CREATE INDEX companies_sort_name ON companies (sort_name, id);

CREATE TABLE company_business_areas (
    company_id INTEGER NOT NULL REFERENCES companies (id),
    position   INTEGER NOT NULL,
    area       TEXT NOT NULL,
    PRIMARY KEY (company_id, area)
);

CREATE TABLE company_markets (
    company_id INTEGER NOT NULL REFERENCES companies (id),
    position   INTEGER NOT NULL,
    country    TEXT NOT NULL,
    PRIMARY KEY (company_id, country)
);

CREATE TABLE company_productions (
    company_id INTEGER NOT NULL REFERENCES companies (id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    PRIMARY KEY (company_id, position)
);

-- Rivalry is symmetric: each pair is stored once, lower id first.
CREATE TABLE competitors (
    company_id    INTEGER NOT NULL REFERENCES companies (id),
    competitor_id INTEGER NOT NULL REFERENCES companies (id),
    source_id     INTEGER REFERENCES sources (id),
    PRIMARY KEY (company_id, competitor_id),
    CHECK (company_id < competitor_id)
);
CREATE INDEX competitors_reverse ON competitors (competitor_id);

CREATE TABLE company_sources (
    company_id INTEGER NOT NULL REFERENCES companies (id),
    source_id  INTEGER NOT NULL REFERENCES sources (id),
    PRIMARY KEY (company_id, source_id)
);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    kind       TEXT NOT NULL,
    occurred   TEXT,
    record     INTEGER NOT NULL DEFAULT 0,
    source_id  INTEGER REFERENCES sources (id)
);
CREATE INDEX events_company ON events (company_id);

CREATE TABLE market_positions (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies (id),
    kind        TEXT NOT NULL,
    market      TEXT,
    reported_by INTEGER REFERENCES companies (id),
    source_id   INTEGER REFERENCES sources (id)
);
CREATE INDEX market_positions_company ON market_positions (company_id);

CREATE TABLE people (
    id   INTEGER PRIMARY KEY,
    slug      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    sort_name TEXT NOT NULL
);
CREATE INDEX people_sort_name ON people (sort_name, id);

CREATE TABLE person_sources (
    person_id INTEGER NOT NULL REFERENCES people (id),
    source_id INTEGER NOT NULL REFERENCES sources (id),
    PRIMARY KEY (person_id, source_id)
);

CREATE TABLE roles (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    company_id INTEGER NOT NULL REFERENCES companies (id),
    title      TEXT NOT NULL,
    since      TEXT,
    until      TEXT,
    source_id  INTEGER REFERENCES sources (id),
    UNIQUE (person_id, company_id, title)
);
CREATE INDEX roles_company ON roles (company_id);

CREATE TABLE agreements (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    announced     TEXT,
    signed        TEXT,
    multi_stage   INTEGER NOT NULL DEFAULT 0,
    partner_count INTEGER,
    partner_country TEXT,
    part_of_id    INTEGER REFERENCES agreements (id)
);
CREATE INDEX agreements_part_of ON agreements (part_of_id);

CREATE TABLE parties (
    agreement_id       INTEGER NOT NULL REFERENCES agreements (id),
    company_id         INTEGER NOT NULL REFERENCES companies (id),
    position           INTEGER NOT NULL,
    role               TEXT NOT NULL,
    first_from_country INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agreement_id, company_id)
);
CREATE INDEX parties_company ON parties (company_id);

CREATE TABLE agreement_scopes (
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id),
    position      INTEGER NOT NULL,
    scope         TEXT NOT NULL,
    initial_focus INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agreement_id, scope)
);
CREATE INDEX agreement_scopes_scope ON agreement_scopes (scope);

CREATE TABLE agreement_markets (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    position     INTEGER NOT NULL,
    country      TEXT NOT NULL,
    PRIMARY KEY (agreement_id, country)
);
CREATE INDEX agreement_markets_country ON agreement_markets (country);

CREATE TABLE agreement_sources (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    source_id    INTEGER NOT NULL REFERENCES sources (id),
    PRIMARY KEY (agreement_id, source_id)
);

CREATE TABLE quotes (
    id           INTEGER PRIMARY KEY,
    text         TEXT NOT NULL,
    language     TEXT NOT NULL,
    speaker_id   INTEGER REFERENCES people (id),
    agreement_id INTEGER REFERENCES agreements (id),
    source_id    INTEGER REFERENCES sources (id)
);
CREATE INDEX quotes_agreement ON quotes (agreement_id);
CREATE INDEX quotes_speaker ON quotes (speaker_id);

CREATE TABLE quote_companies (
    quote_id   INTEGER NOT NULL REFERENCES quotes (id),
    company_id INTEGER NOT NULL REFERENCES companies (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (quote_id, company_id)
);

-- Facts about the database itself, such as when the seed dataset was loaded.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
