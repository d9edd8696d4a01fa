-- Stock modes, descriptions and hidden products: ../sqlite/0010_stock_and_visibility.sql in
-- PostgreSQL's dialect.
ALTER TABLE variants ADD COLUMN untracked BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE variants ADD COLUMN sold_out_until_ms BIGINT;
ALTER TABLE products ADD COLUMN description TEXT;
ALTER TABLE products ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE order_lines ADD COLUMN stock_taken BOOLEAN NOT NULL DEFAULT TRUE;
