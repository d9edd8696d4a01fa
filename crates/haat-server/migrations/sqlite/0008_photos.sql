-- Product photos as the storefront shows them: the product page's picture and the list's square
-- thumbnail, both JPEGs the server made from the owner's upload (domain/photo.rs), named by content.
CREATE TABLE photos (
    store_id        INTEGER NOT NULL REFERENCES stores (id),
    id              TEXT    NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    large           BLOB    NOT NULL,
    small           BLOB    NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (store_id, id)
) STRICT;
