-- DATA-5: callers, calls and conference delegates are retention parts like visitors; the
-- time a row was anonymised marks it done (and tells the purge's own rows apart).
ALTER TABLE calls ADD COLUMN anonymised_at INTEGER;
ALTER TABLE callers ADD COLUMN anonymised_at INTEGER;
ALTER TABLE conference_delegates ADD COLUMN anonymised_at INTEGER;
