-- Delivery or pickup: where a shop delivers, its delivery windows, and what each order chose.
ALTER TABLE stores ADD COLUMN pickup BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE store_pincodes (
    store_id    BIGINT NOT NULL REFERENCES stores (id),
    pincode     TEXT   NOT NULL,
    PRIMARY KEY (store_id, pincode)
);

CREATE TABLE delivery_slots (
    store_id    BIGINT NOT NULL REFERENCES stores (id),
    id          TEXT   NOT NULL,
    position    BIGINT NOT NULL,
    label       TEXT   NOT NULL,
    PRIMARY KEY (store_id, id)
);

ALTER TABLE orders ADD COLUMN fulfilment TEXT NOT NULL DEFAULT 'delivery'
    CHECK (fulfilment IN ('delivery', 'pickup'));
ALTER TABLE orders ADD COLUMN customer_pincode TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN slot_id TEXT;
ALTER TABLE orders ADD COLUMN slot_label TEXT;
