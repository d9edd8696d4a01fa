-- The owner's "closed" switch: closed (1) or open, until when (absent: until the owner opens the shop),
-- and whether the shop takes orders meanwhile, for when it opens.
ALTER TABLE stores ADD COLUMN closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1));
ALTER TABLE stores ADD COLUMN closed_until_ms INTEGER;
ALTER TABLE stores ADD COLUMN closed_takes_orders INTEGER NOT NULL DEFAULT 0
    CHECK (closed_takes_orders IN (0, 1));
