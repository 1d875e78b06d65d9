-- DATA-5: changes that need two administrators (the four-eyes rule): a retention policy
-- change, the destruction of expired personal data. The requester is the first
-- administrator; a different one approves, and the change is applied in that same
-- transaction. Times are INTEGER epoch milliseconds (UTC); JSON as TEXT.
CREATE TABLE dual_approvals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('setting', 'retention_purge')),
  subject TEXT NOT NULL,                     -- the setting key, or 'visitors'
  payload_json TEXT NOT NULL DEFAULT '{}',   -- what will be applied
  summary_json TEXT NOT NULL DEFAULT '{}',   -- what the approver is shown (before, counts)
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected')),
  reason TEXT NOT NULL DEFAULT '',
  requested_by INTEGER NOT NULL REFERENCES users(id),
  requested_at INTEGER NOT NULL,
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER,
  decision_reason TEXT NOT NULL DEFAULT '',
  result_json TEXT NOT NULL DEFAULT '{}'     -- what applying did (e.g. counts anonymised)
);
CREATE INDEX dual_approvals_status ON dual_approvals (status, id);
-- One open request per subject: a second request waits for the first to be decided.
CREATE UNIQUE INDEX dual_approvals_one_pending ON dual_approvals (kind, subject) WHERE status = 'pending';

-- DATA-5: a visit whose visitor's personal data has been destroyed (name shortened to its
-- first character, phone hint, e-mail, greeting answers and search text emptied).
ALTER TABLE visits ADD COLUMN anonymised_at INTEGER;
CREATE INDEX visits_created ON visits (created_at);
