-- Other words shoppers find a product by (local names, a brand, what customers call it), as the shop gave
-- them, joined by ", " ('' when none): a word has no comma (domain/draft.rs checks).
ALTER TABLE products ADD COLUMN search_words TEXT NOT NULL DEFAULT '';
