-- Shops, their catalogs and their orders. Money columns are integer minor units (`*_minor`).

CREATE TABLE stores (
    id                      INTEGER PRIMARY KEY,
    slug                    TEXT    NOT NULL UNIQUE,
    name                    TEXT    NOT NULL,
    name_local              TEXT,
    tagline                 TEXT    NOT NULL,
    currency                TEXT    NOT NULL,
    locale                  TEXT    NOT NULL,
    phone                   TEXT    NOT NULL,
    min_order_minor         INTEGER NOT NULL CHECK (min_order_minor >= 0),
    delivery_fee_minor      INTEGER NOT NULL CHECK (delivery_fee_minor >= 0),
    free_delivery_from_minor INTEGER CHECK (free_delivery_from_minor >= 0),
    merchant_token_hash     TEXT    NOT NULL
) STRICT;

CREATE TABLE categories (
    store_id    INTEGER NOT NULL REFERENCES stores (id),
    id          TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    name_local  TEXT,
    icon        TEXT,
    PRIMARY KEY (store_id, id)
) STRICT;

CREATE TABLE products (
    store_id    INTEGER NOT NULL,
    id          TEXT    NOT NULL,
    category_id TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    name_local  TEXT,
    image       TEXT,
    PRIMARY KEY (store_id, id),
    FOREIGN KEY (store_id, category_id) REFERENCES categories (store_id, id)
) STRICT;

CREATE TABLE variants (
    store_id    INTEGER NOT NULL,
    product_id  TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    label       TEXT    NOT NULL,
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    mrp_minor   INTEGER CHECK (mrp_minor >= 0),
    stock       INTEGER NOT NULL CHECK (stock >= 0),
    PRIMARY KEY (store_id, product_id, id),
    FOREIGN KEY (store_id, product_id) REFERENCES products (store_id, id)
) STRICT;

CREATE TABLE orders (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id            INTEGER NOT NULL REFERENCES stores (id),
    token_hash          TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    customer_name       TEXT    NOT NULL,
    customer_phone      TEXT    NOT NULL,
    customer_address    TEXT    NOT NULL,
    currency            TEXT    NOT NULL,
    subtotal_minor      INTEGER NOT NULL,
    delivery_fee_minor  INTEGER NOT NULL,
    total_minor         INTEGER NOT NULL,
    created_at_ms       INTEGER NOT NULL
) STRICT;

CREATE INDEX orders_by_store ON orders (store_id, id DESC);

-- Lines keep the name, label and price the order was placed at: later catalog edits never rewrite history.
CREATE TABLE order_lines (
    order_id            INTEGER NOT NULL REFERENCES orders (id),
    line_no             INTEGER NOT NULL,
    product_id          TEXT    NOT NULL,
    variant_id          TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    variant_label       TEXT    NOT NULL,
    unit_price_minor    INTEGER NOT NULL,
    quantity            INTEGER NOT NULL CHECK (quantity > 0),
    line_total_minor    INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
) STRICT;
