-- Whether a photo has been part of a published catalog. A published photo stays while the versions that
-- show it are kept (a restore brings it back); one never published is deleted a day after its upload
-- once neither the shop's draft nor its logo uses it (housekeeping, domain/photo.rs). Photos kept before
-- this column count as published: they are never deleted.
ALTER TABLE photos ADD COLUMN published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1));
