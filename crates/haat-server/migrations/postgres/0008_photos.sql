-- Product photos: ../sqlite/0008_photos.sql in PostgreSQL's dialect.
CREATE TABLE photos (
    store_id        BIGINT  NOT NULL REFERENCES stores (id),
    id              TEXT    NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    large           BYTEA   NOT NULL,
    small           BYTEA   NOT NULL,
    created_at_ms   BIGINT  NOT NULL,
    PRIMARY KEY (store_id, id)
);
