-- The SQLite search indexes (FTS5) merge their segments less eagerly from here on
-- (migrations/sqlite/V018). PostgreSQL's search is an expression index on to_tsvector,
-- which has no such setting: nothing to change.
SELECT 1;
