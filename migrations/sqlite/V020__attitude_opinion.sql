-- CMP-5 attitude complaints: once handled, the handling opinion on the staff member
-- complained of is given the same or the next day and reported to HR for the performance
-- assessment. A cause class says whether it is about a person's attitude; the opinion has
-- a clock of its own ('opinion'), started at the resolution and met when the opinion (the
-- CMP-8 attribution) is recorded.
ALTER TABLE complaint_causes ADD COLUMN attitude INTEGER NOT NULL DEFAULT 0;
UPDATE complaint_causes SET attitude = 1 WHERE code IN ('implementer_attitude', 'staff_service');

-- The clock kinds' CHECK gains 'opinion'. SQLite cannot alter a CHECK: the table is rebuilt
-- with its rows and ids (nothing refers to it by a foreign key; tasks name clocks by id).
CREATE TABLE complaint_clocks_v020 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  kind TEXT NOT NULL CHECK (kind IN ('first_contact', 'answer', 'callback', 'escalation', 'opinion')),
  started_at INTEGER NOT NULL,
  limit_value INTEGER NOT NULL,
  limit_unit TEXT NOT NULL CHECK (limit_unit IN ('working_days', 'working_hours', 'hours')),
  limit_due_at INTEGER NOT NULL,                -- the limit alone (pauses included)
  due_at INTEGER NOT NULL,
  warn_at INTEGER,
  warned_at INTEGER,
  breached_at INTEGER,
  met_at INTEGER,
  cancelled_at INTEGER,
  paused_since INTEGER,
  paused_ms INTEGER NOT NULL DEFAULT 0,
  agreed INTEGER NOT NULL DEFAULT 0,         -- due_at is the customer's agreed deadline
  created_at INTEGER NOT NULL
);
INSERT INTO complaint_clocks_v020 SELECT * FROM complaint_clocks;
-- New ids continue from the old table's highest ever, not from its highest left.
DELETE FROM sqlite_sequence WHERE name = 'complaint_clocks_v020';
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'complaint_clocks_v020', seq FROM sqlite_sequence WHERE name = 'complaint_clocks';
DROP TABLE complaint_clocks;
ALTER TABLE complaint_clocks_v020 RENAME TO complaint_clocks;
CREATE INDEX complaint_clocks_ticket ON complaint_clocks (complaint_id, kind);
-- The overdue dashboard: running clocks by due time.
CREATE INDEX complaint_clocks_running ON complaint_clocks (due_at)
  WHERE met_at IS NULL AND cancelled_at IS NULL;
