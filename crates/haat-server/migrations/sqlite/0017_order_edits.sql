-- A line added before packing in place of line `replaces_line`, which the shop could not send.
ALTER TABLE order_lines ADD COLUMN replaces_line INTEGER;
-- What an event changed besides the status, for the order's edits: a line's quantity sent, before and
-- after ('edited'), the line added in its place where it was replaced, and how the order was paid
-- ('paid'; 'unpaid' when the mark is taken back).
ALTER TABLE order_events ADD COLUMN line_no INTEGER;
ALTER TABLE order_events ADD COLUMN sent_before INTEGER;
ALTER TABLE order_events ADD COLUMN sent_after INTEGER;
ALTER TABLE order_events ADD COLUMN new_line_no INTEGER;
ALTER TABLE order_events ADD COLUMN paid_via TEXT CHECK (paid_via IN ('cash', 'upi'));
