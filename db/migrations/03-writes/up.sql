-- Writes: the API keys that may change data, a version per entity for optimistic concurrency,
-- and the history of every change.

-- API keys. Only a SHA-256 hash of each token is stored; the token itself is shown once, when
-- it is created. A revoked key stays listed (with when it was revoked) so that history that
-- names it stays explained.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Every entity a mutation can change carries a version, 1 when created and one more with each
-- change; an update or delete that names the version it last read is refused when it differs.
ALTER TABLE companies ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE roles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE agreements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE quotes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sources ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- One row per write, recorded in the write's own transaction: who (the token's name, or
-- `import`/`seed` for the command line), when (UTC, RFC 3339), what (the entity's kind, id and
-- slug or other key), how (CREATE, UPDATE, DELETE) and the entity's state before and after as
-- JSON. A deleted entity's last state stays readable here.
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    entity_kind TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    operation   TEXT NOT NULL CHECK (operation IN ('CREATE', 'UPDATE', 'DELETE')),
    before      TEXT,
    after       TEXT
);
CREATE INDEX changes_entity ON changes (entity_kind, entity_id, id);
CREATE INDEX changes_at ON changes (at, id);
