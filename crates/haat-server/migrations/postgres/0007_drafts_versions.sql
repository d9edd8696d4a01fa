-- Catalog drafts and published versions: ../sqlite/0007_drafts_versions.sql in PostgreSQL's dialect.
CREATE TABLE catalog_drafts (
    store_id        BIGINT PRIMARY KEY REFERENCES stores (id),
    body            TEXT   NOT NULL,
    updated_at_ms   BIGINT NOT NULL
);

CREATE TABLE catalog_versions (
    store_id        BIGINT  NOT NULL REFERENCES stores (id),
    version         BIGINT  NOT NULL CHECK (version > 0),
    body            TEXT    NOT NULL,
    published_at_ms BIGINT  NOT NULL,
    PRIMARY KEY (store_id, version)
);
