-- The shared spine (DESIGN.md): tasks (timed duties) and notify (the transactional outbox,
-- in-app notifications, webhooks, per-user channel preferences).
-- Times are INTEGER epoch milliseconds (UTC); booleans INTEGER 0/1; JSON as TEXT.

-- A timed duty: "notify the host at T-10", "host has not answered in 5 min", "not checked
-- out at close". The scheduler fires it at due_at (calls the handler of its kind once) and
-- escalates it at escalate_at when it is still open then.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,                       -- "visit.notify_host", "visit.host_no_answer", ...
  subject_type TEXT NOT NULL,               -- "visit", ...
  subject_id INTEGER NOT NULL,
  site_id INTEGER REFERENCES sites(id),
  title TEXT NOT NULL DEFAULT '',
  owner_user_id INTEGER REFERENCES users(id),
  owner_staff_id INTEGER REFERENCES staff(id),
  due_at INTEGER NOT NULL,
  escalate_at INTEGER,
  escalate_to_user_id INTEGER REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  fired_at INTEGER,
  escalated_at INTEGER,
  completed_at INTEGER,
  completed_by INTEGER REFERENCES users(id),
  payload_json TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- The scheduler's two scans: open tasks not yet fired by due time, and not yet escalated.
CREATE INDEX tasks_due ON tasks (due_at) WHERE status = 'open' AND fired_at IS NULL;
CREATE INDEX tasks_escalate ON tasks (escalate_at)
  WHERE status = 'open' AND escalated_at IS NULL AND escalate_at IS NOT NULL;
CREATE INDEX tasks_subject ON tasks (subject_type, subject_id);
CREATE INDEX tasks_owner ON tasks (owner_user_id, status);

-- In-app notifications: a user's inbox (the bell), written in the same transaction as the
-- change that caused them.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  topic TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  payload_json TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Outgoing webhooks (group robots of WeCom, DingTalk, Feishu, or a generic JSON receiver).
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('generic', 'wecom', 'dingtalk', 'feishu')),
  secret TEXT NOT NULL DEFAULT '',          -- HMAC key (generic), signing secret (dingtalk, feishu)
  topics TEXT NOT NULL DEFAULT '*',         -- comma-separated topic prefixes, '*' = all
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- The transactional outbox: one row per delivery (channel + recipient). The worker claims
-- due rows, delivers them and records the outcome; failures are retried with back-off
-- until max attempts, then the row is 'dead' (visible, retryable by an admin).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL CHECK (channel IN ('live', 'inapp', 'email', 'webhook')),
  recipient TEXT NOT NULL,                  -- "user:7", "site:1", an e-mail address, "webhook:3"
  topic TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  payload_json TEXT NOT NULL DEFAULT '{}',
  link TEXT NOT NULL DEFAULT '',            -- path in the web app (e-mail, webhooks, events)
  html TEXT NOT NULL DEFAULT '',            -- e-mail HTML body; '' = from body
  qr_text TEXT NOT NULL DEFAULT '',         -- e-mail: inline QR code of this text
  notification_id INTEGER,                -- inapp: the notifications row (NULL when muted/off)
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_status ON outbox (status, id);

-- Per-user channel preferences: which channels a user receives which topics on. A missing
-- row means the default: in-app on, e-mail on.
CREATE TABLE notify_preferences (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  inapp INTEGER NOT NULL DEFAULT 1,
  email INTEGER NOT NULL DEFAULT 1,
  muted_topics TEXT NOT NULL DEFAULT '',     -- comma-separated topic prefixes
  updated_at INTEGER NOT NULL
);

-- Administrator-editable settings (every number in a DOMAIN rule is a default here).
-- A missing key means the default in code (settings registry).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);

-- Which default permissions of the built-in roles have been granted once. When a new
-- version adds a permission to a built-in role, existing installations get it at start;
-- one an administrator removed later is not granted again.
CREATE TABLE role_default_grants (
  role_code TEXT NOT NULL,
  permission TEXT NOT NULL,
  PRIMARY KEY (role_code, permission)
);
