-- A shop's orders by when they were placed, for the summary of a day (GET …/orders/summary?day=).
CREATE INDEX orders_by_store_time ON orders (store_id, created_at_ms);
