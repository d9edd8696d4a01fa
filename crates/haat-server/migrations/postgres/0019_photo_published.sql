-- Whether a photo has been part of a published catalog: ../sqlite/0019_photo_published.sql in
-- PostgreSQL's dialect.
ALTER TABLE photos ADD COLUMN published BOOLEAN NOT NULL DEFAULT TRUE;
