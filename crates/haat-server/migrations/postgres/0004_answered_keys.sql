-- Idempotency keys hold finished answers only: ../sqlite/0004_answered_keys.sql in PostgreSQL's dialect.
CREATE TABLE answered_keys (
    store_id        BIGINT  NOT NULL REFERENCES stores (id),
    key             TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    status          BIGINT  NOT NULL,
    response        TEXT    NOT NULL,
    answered_at_ms  BIGINT  NOT NULL,
    PRIMARY KEY (store_id, key)
);

INSERT INTO answered_keys (store_id, key, request_hash, status, response, answered_at_ms)
SELECT store_id, key, request_hash, status, response, updated_at_ms
FROM idempotency_keys
WHERE state = 'done';

DROP TABLE idempotency_keys;
ALTER TABLE answered_keys RENAME TO idempotency_keys;
ALTER INDEX answered_keys_pkey RENAME TO idempotency_keys_pkey;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (answered_at_ms);
