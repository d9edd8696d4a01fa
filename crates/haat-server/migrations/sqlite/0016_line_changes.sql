-- What the shop sends of a line, when it changed the line before packing (0: unavailable); NULL while
-- the line is sent as ordered. `quantity` stays what the shopper ordered.
ALTER TABLE order_lines ADD COLUMN sent_quantity INTEGER CHECK (sent_quantity >= 0);
