-- Where and when a shop can be found, for pickup orders: its street address and opening hours as it writes
-- them; '' when unknown.
ALTER TABLE stores ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN hours TEXT NOT NULL DEFAULT '';
