-- Shops, their catalogs and their orders: the schema of ../sqlite/0001_init.sql in PostgreSQL's dialect.
-- Money columns are integer minor units (`*_minor`); every integer is a BIGINT, Rust's i64.

CREATE TABLE stores (
    id                      BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                    TEXT    NOT NULL UNIQUE,
    name                    TEXT    NOT NULL,
    name_local              TEXT,
    tagline                 TEXT    NOT NULL,
    currency                TEXT    NOT NULL,
    locale                  TEXT    NOT NULL,
    phone                   TEXT    NOT NULL,
    min_order_minor         BIGINT  NOT NULL CHECK (min_order_minor >= 0),
    delivery_fee_minor      BIGINT  NOT NULL CHECK (delivery_fee_minor >= 0),
    free_delivery_from_minor BIGINT CHECK (free_delivery_from_minor >= 0),
    merchant_token_hash     TEXT    NOT NULL
);

CREATE TABLE categories (
    store_id    BIGINT  NOT NULL REFERENCES stores (id),
    id          TEXT    NOT NULL,
    position    BIGINT  NOT NULL,
    name        TEXT    NOT NULL,
    name_local  TEXT,
    icon        TEXT,
    PRIMARY KEY (store_id, id)
);

CREATE TABLE products (
    store_id    BIGINT  NOT NULL,
    id          TEXT    NOT NULL,
    category_id TEXT    NOT NULL,
    position    BIGINT  NOT NULL,
    name        TEXT    NOT NULL,
    name_local  TEXT,
    image       TEXT,
    PRIMARY KEY (store_id, id),
    FOREIGN KEY (store_id, category_id) REFERENCES categories (store_id, id)
);

CREATE TABLE variants (
    store_id    BIGINT  NOT NULL,
    product_id  TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    position    BIGINT  NOT NULL,
    label       TEXT    NOT NULL,
    price_minor BIGINT  NOT NULL CHECK (price_minor >= 0),
    mrp_minor   BIGINT  CHECK (mrp_minor >= 0),
    stock       BIGINT  NOT NULL CHECK (stock >= 0),
    PRIMARY KEY (store_id, product_id, id),
    FOREIGN KEY (store_id, product_id) REFERENCES products (store_id, id)
);

CREATE TABLE orders (
    id                  BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id            BIGINT  NOT NULL REFERENCES stores (id),
    token_hash          TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    customer_name       TEXT    NOT NULL,
    customer_phone      TEXT    NOT NULL,
    customer_address    TEXT    NOT NULL,
    currency            TEXT    NOT NULL,
    subtotal_minor      BIGINT  NOT NULL,
    delivery_fee_minor  BIGINT  NOT NULL,
    total_minor         BIGINT  NOT NULL,
    created_at_ms       BIGINT  NOT NULL
);

CREATE INDEX orders_by_store ON orders (store_id, id DESC);

-- Lines keep the name, label and price the order was placed at: later catalog edits never rewrite history.
CREATE TABLE order_lines (
    order_id            BIGINT  NOT NULL REFERENCES orders (id),
    line_no             BIGINT  NOT NULL,
    product_id          TEXT    NOT NULL,
    variant_id          TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    variant_label       TEXT    NOT NULL,
    unit_price_minor    BIGINT  NOT NULL,
    quantity            BIGINT  NOT NULL CHECK (quantity > 0),
    line_total_minor    BIGINT  NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
