-- Idempotency keys hold finished answers only. A request still running is known to the server process
-- running it (a second request with its key is refused at once); the database keeps the answer, written in
-- the same transaction as the order, and its primary key lets only one request per key store anything.
-- Claims in flight were never answered and carry no order, so they are dropped.
CREATE TABLE answered_keys (
    store_id        INTEGER NOT NULL REFERENCES stores (id),
    key             TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    status          INTEGER NOT NULL,
    response        TEXT    NOT NULL,
    answered_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (store_id, key)
) STRICT;

INSERT INTO answered_keys (store_id, key, request_hash, status, response, answered_at_ms)
SELECT store_id, key, request_hash, status, response, updated_at_ms
FROM idempotency_keys
WHERE state = 'done';

DROP TABLE idempotency_keys;
ALTER TABLE answered_keys RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (answered_at_ms);
