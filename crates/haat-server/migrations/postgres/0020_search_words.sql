-- Other words shoppers find a product by: ../sqlite/0020_search_words.sql in PostgreSQL's dialect.
ALTER TABLE products ADD COLUMN search_words TEXT NOT NULL DEFAULT '';
