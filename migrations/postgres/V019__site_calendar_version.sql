-- See migrations/sqlite/V019: a random token that changes with every change to a site's
-- business calendar, by which each server process keeps the calendars it has read.
ALTER TABLE sites ADD COLUMN calendar_version TEXT NOT NULL DEFAULT '';
UPDATE sites SET calendar_version = md5(random()::text || id::text);
