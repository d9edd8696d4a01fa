-- A shop's refusal says why (out_of_stock, closed, area_not_served, other) and may carry words for the
-- shopper: kept on the `rejected` event.
ALTER TABLE order_events ADD COLUMN reason TEXT
    CHECK (reason IN ('out_of_stock', 'closed', 'area_not_served', 'other'));
ALTER TABLE order_events ADD COLUMN note TEXT;
-- What an event is: 'status' (a status reached: the order's history) or 'paid' (the order marked paid,
-- or the mark taken back). The merchant's feed sends the order after every event.
ALTER TABLE order_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';
-- How and when the shop was paid, as its owner marked it; NULL until then.
ALTER TABLE orders ADD COLUMN paid_via TEXT CHECK (paid_via IN ('cash', 'upi'));
ALTER TABLE orders ADD COLUMN paid_at_ms INTEGER;
