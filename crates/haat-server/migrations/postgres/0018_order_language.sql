-- The language the shop's messages about an order speak ('en', 'hi', 'ta', 'fr'); '' when the shopper's is
-- none of them (the messages are then in English).
ALTER TABLE orders ADD COLUMN language TEXT NOT NULL DEFAULT '';
