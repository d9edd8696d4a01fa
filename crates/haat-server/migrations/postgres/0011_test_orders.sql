-- Test orders: ../sqlite/0011_test_orders.sql in PostgreSQL's dialect.
ALTER TABLE orders ADD COLUMN test BOOLEAN NOT NULL DEFAULT FALSE;
