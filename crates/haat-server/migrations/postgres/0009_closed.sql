-- The owner's "closed" switch: ../sqlite/0009_closed.sql in PostgreSQL's dialect.
ALTER TABLE stores ADD COLUMN closed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE stores ADD COLUMN closed_until_ms BIGINT;
ALTER TABLE stores ADD COLUMN closed_takes_orders BOOLEAN NOT NULL DEFAULT FALSE;
