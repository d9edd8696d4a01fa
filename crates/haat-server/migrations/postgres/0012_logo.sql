-- The shop's own square picture (its logo or shopfront), addressed as a product's image is; NULL when it
-- has none (link previews then show the drawn card).
ALTER TABLE stores ADD COLUMN logo TEXT;
