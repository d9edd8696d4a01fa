-- Every status an order has had, oldest first.
CREATE TABLE order_events (
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    seq         INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    at_ms       INTEGER NOT NULL,
    PRIMARY KEY (order_id, seq)
) STRICT;

INSERT INTO order_events (order_id, seq, status, at_ms)
SELECT id, 1, status, created_at_ms FROM orders;

-- Idempotency keys per shop: the request they were first used with and, once finished, its answer.
-- `attempt` names the request that holds an unfinished claim; only it may finish the key.
CREATE TABLE idempotency_keys (
    store_id        INTEGER NOT NULL REFERENCES stores (id),
    key             TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    attempt         TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('in_flight', 'done')),
    status          INTEGER,
    response        TEXT,
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (store_id, key)
) STRICT;

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (updated_at_ms);
