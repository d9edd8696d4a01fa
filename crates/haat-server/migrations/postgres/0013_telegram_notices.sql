-- Telegram notices: ../sqlite/0013_telegram_notices.sql in PostgreSQL's dialect.
CREATE TABLE telegram_bots (
    store_id        BIGINT  PRIMARY KEY REFERENCES stores (id),
    bot_token       TEXT    NOT NULL,
    chat_id         TEXT    NOT NULL,
    repeat_minutes  BIGINT  NOT NULL CHECK (repeat_minutes BETWEEN 0 AND 120),
    since_ms        BIGINT  NOT NULL,
    problem         TEXT
);

CREATE TABLE telegram_notices (
    order_id            BIGINT  PRIMARY KEY REFERENCES orders (id),
    attempts            BIGINT  NOT NULL,
    sending_since_ms    BIGINT,
    sent_count          BIGINT  NOT NULL DEFAULT 0,
    message_id          BIGINT,
    last_sent_at_ms     BIGINT,
    failures            BIGINT  NOT NULL DEFAULT 0,
    last_failed_at_ms   BIGINT
);

CREATE INDEX orders_placed ON orders (store_id, id) WHERE status = 'placed';
