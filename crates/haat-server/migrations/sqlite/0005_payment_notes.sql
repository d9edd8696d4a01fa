-- How shoppers pay, a note to the shop, and what to do about an item the shop runs out of.
-- A shop's payment methods are a comma-separated list of `PaymentMethod` names in its own order.
ALTER TABLE stores ADD COLUMN payment_methods TEXT NOT NULL DEFAULT 'cash';
ALTER TABLE stores ADD COLUMN upi_id TEXT;

ALTER TABLE orders ADD COLUMN payment TEXT NOT NULL DEFAULT 'cash'
    CHECK (payment IN ('cash', 'upi_on_delivery', 'upi_now'));
ALTER TABLE orders ADD COLUMN note TEXT NOT NULL DEFAULT '';

ALTER TABLE order_lines ADD COLUMN substitution TEXT NOT NULL DEFAULT 'call'
    CHECK (substitution IN ('call', 'similar', 'skip'));
