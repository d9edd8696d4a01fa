-- A pack's stock may be left uncounted (untracked = 1: always there to order), or sold out until a
-- moment (untracked, with sold_out_until_ms), besides counted (`stock`). A product may carry a short
-- description, and be hidden from shoppers while it stays in the catalog.
ALTER TABLE variants ADD COLUMN untracked INTEGER NOT NULL DEFAULT 0 CHECK (untracked IN (0, 1));
ALTER TABLE variants ADD COLUMN sold_out_until_ms INTEGER;
ALTER TABLE products ADD COLUMN description TEXT;
ALTER TABLE products ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
-- Whether placing the order took the line's packs from a counted stock: only those go back when the
-- order is rejected or cancelled, whatever the pack's stock has become since.
ALTER TABLE order_lines ADD COLUMN stock_taken INTEGER NOT NULL DEFAULT 1 CHECK (stock_taken IN (0, 1));
