-- The merchant's unpublished catalog (one per shop, the whole catalog as JSON: a CatalogDraft), and each
-- published catalog, kept to look back at and restore (JSON, without stock: restoring never rewinds
-- what was sold).
CREATE TABLE catalog_drafts (
    store_id        INTEGER PRIMARY KEY REFERENCES stores (id),
    body            TEXT    NOT NULL,
    updated_at_ms   INTEGER NOT NULL
) STRICT;

CREATE TABLE catalog_versions (
    store_id        INTEGER NOT NULL REFERENCES stores (id),
    version         INTEGER NOT NULL CHECK (version > 0),
    body            TEXT    NOT NULL,
    published_at_ms INTEGER NOT NULL,
    PRIMARY KEY (store_id, version)
) STRICT;
