-- A shop's street address and opening hours: ../sqlite/0006_store_address_hours.sql in PostgreSQL's dialect.
ALTER TABLE stores ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN hours TEXT NOT NULL DEFAULT '';
