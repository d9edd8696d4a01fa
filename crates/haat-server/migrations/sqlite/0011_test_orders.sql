-- An order placed from a preview link of the shop's draft is a test (test = 1): it took no stock, and it
-- is left out of the shop's orders and their feed.
ALTER TABLE orders ADD COLUMN test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1));
