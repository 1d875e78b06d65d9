-- A random token that changes with every change to a site's business calendar (its time
-- zone, desk hours, working weekdays or one of its calendar days). Each server process
-- keeps the calendars it has read by this token (org::SiteCalendar), on any number of
-- nodes: looking the token up is one primary-key read, where reading the calendar was the
-- site row and every holiday and workday ever entered. '' (a row written by hand) is
-- never kept.
ALTER TABLE sites ADD COLUMN calendar_version TEXT NOT NULL DEFAULT '';
UPDATE sites SET calendar_version = lower(hex(randomblob(8)));
