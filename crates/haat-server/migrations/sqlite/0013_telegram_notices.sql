-- A shop's Telegram notices (domain/notice.rs): its own bot, the chat that hears of each new order, how
-- often a notice is repeated while the order is still new (0: never), and from when orders are notified
-- (the moment notices were set up: older orders are not). `problem` is what went wrong with the latest
-- notice, cleared when one reaches the chat. The token is what the bot is, so it is kept as it is; the API
-- never sends it back.
CREATE TABLE telegram_bots (
    store_id        INTEGER PRIMARY KEY REFERENCES stores (id),
    bot_token       TEXT    NOT NULL,
    chat_id         TEXT    NOT NULL,
    repeat_minutes  INTEGER NOT NULL CHECK (repeat_minutes BETWEEN 0 AND 120),
    since_ms        INTEGER NOT NULL,
    problem         TEXT
) STRICT;

-- Each order's notice: how many times it reached the chat, its latest message, the failures since then,
-- and a send in progress (`sending_since_ms`, claimed by bumping `attempts` from the value seen, so one
-- server process sends it even when several share the database).
CREATE TABLE telegram_notices (
    order_id            INTEGER PRIMARY KEY REFERENCES orders (id),
    attempts            INTEGER NOT NULL,
    sending_since_ms    INTEGER,
    sent_count          INTEGER NOT NULL DEFAULT 0,
    message_id          INTEGER,
    last_sent_at_ms     INTEGER,
    failures            INTEGER NOT NULL DEFAULT 0,
    last_failed_at_ms   INTEGER
) STRICT;

-- The orders still waiting for the shop, which the notifier reads on every pass.
CREATE INDEX orders_placed ON orders (store_id, id) WHERE status = 'placed';
