-- Order history and idempotency keys: ../sqlite/0002_lifecycle_idempotency.sql in PostgreSQL's dialect.

-- Every status every order has had. `id` orders events across the shop: the merchant's live feed
-- resumes from the last id it saw. (The store takes a per-shop lock before writing an event, so a shop's
-- events commit in id order, as they do on SQLite's single writer.)
CREATE TABLE order_events (
    id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id    BIGINT  NOT NULL REFERENCES stores (id),
    order_id    BIGINT  NOT NULL REFERENCES orders (id),
    status      TEXT    NOT NULL,
    at_ms       BIGINT  NOT NULL
);

CREATE INDEX order_events_by_order ON order_events (order_id, id);
CREATE INDEX order_events_by_store ON order_events (store_id, id);

INSERT INTO order_events (store_id, order_id, status, at_ms)
SELECT store_id, id, status, created_at_ms FROM orders ORDER BY id;

-- Idempotency keys per shop: the request they were first used with and, once finished, its answer.
-- `attempt` names the request that holds an unfinished claim; only it may finish the key.
CREATE TABLE idempotency_keys (
    store_id        BIGINT  NOT NULL REFERENCES stores (id),
    key             TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    attempt         TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('in_flight', 'done')),
    status          BIGINT,
    response        TEXT,
    created_at_ms   BIGINT  NOT NULL,
    updated_at_ms   BIGINT  NOT NULL,
    PRIMARY KEY (store_id, key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (updated_at_ms);
