-- Formal receptions, the second half (DOMAIN.md PLAN-1, PLAN-6..8): the visit carried out
-- (approved -> in_progress -> completed -> archived), actual costs against the budget
-- lines, the follow-up call's opinions, the summary 接待总结 and notes on an archived
-- reception. The tasks of the visit (one per item and responsible person, the follow-up
-- call) are rows of the shared tasks table (subject_type 'reception').
-- Times are INTEGER epoch milliseconds (UTC); days INTEGER days since 1970-01-01 in the
-- site's local calendar; money INTEGER fen.

-- PLAN-1/PLAN-8: when each phase began and who moved it on; the summary's free text.
CREATE TABLE reception_execution (
  reception_id INTEGER PRIMARY KEY REFERENCES receptions(id) ON DELETE CASCADE,
  started_at INTEGER,
  started_by INTEGER REFERENCES users(id),
  finished_at INTEGER,
  finished_by INTEGER REFERENCES users(id),
  archived_at INTEGER,
  archived_by INTEGER REFERENCES users(id),
  followup_due_at INTEGER,                    -- PLAN-6: the guests' estimated arrival home
  summary_overview TEXT NOT NULL DEFAULT '',  -- PLAN-8: 接待概况
  summary_results TEXT NOT NULL DEFAULT '',   -- 成果与合作事项
  summary_problems TEXT NOT NULL DEFAULT '',  -- 存在问题
  summary_improvements TEXT NOT NULL DEFAULT '',  -- 改进建议
  summary_by INTEGER REFERENCES users(id),
  summary_at INTEGER
);

-- PLAN-6: what was actually spent, against a budget row of the plan (an itinerary item
-- with a cost, or a budget line) or unplanned ('extra'); category copied at recording so
-- that a cost keeps its place when its item is removed later.
CREATE TABLE reception_costs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  source TEXT NOT NULL CHECK (source IN ('item', 'line', 'extra')),
  source_id INTEGER,
  category TEXT NOT NULL CHECK (category IN ('hospitality', 'lodging', 'meals', 'transport',
    'materials', 'venue', 'labour', 'entertainment', 'souvenirs', 'publicity', 'other')),
  description TEXT NOT NULL DEFAULT '',
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  receipt TEXT NOT NULL DEFAULT '',           -- receipt or invoice note (发票号等)
  spent_on INTEGER,
  recorded_by INTEGER REFERENCES users(id),
  recorded_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((source = 'extra') = (source_id IS NULL))
);
CREATE INDEX reception_costs_reception ON reception_costs (reception_id, id);

-- PLAN-6: the follow-up call after the guests' estimated arrival home, with their opinions.
CREATE TABLE reception_followups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  contact TEXT NOT NULL DEFAULT '',           -- who was called
  called_at INTEGER NOT NULL,
  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  opinions TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users(id),
  recorded_at INTEGER NOT NULL
);
CREATE INDEX reception_followups_reception ON reception_followups (reception_id, id);

-- PLAN-8: notes added to a completed or archived reception (the archive is read-only).
CREATE TABLE reception_annotations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX reception_annotations_reception ON reception_annotations (reception_id, id);
