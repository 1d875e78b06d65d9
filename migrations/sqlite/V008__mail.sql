-- The mail and package desk (DOMAIN.md MAIL-1, MAIL-2): items logged on receipt and signed
-- for on pickup, the photos and signatures kept with them, and the newspaper and magazine
-- subscriptions the front desk keeps.
-- Times are INTEGER epoch milliseconds (UTC); dates INTEGER YYYYMMDD (site-local);
-- booleans INTEGER 0/1; money INTEGER fen.

-- MAIL-2: a newspaper or magazine subscription, delivered to a staff member or a department.
CREATE TABLE mail_subscriptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('newspaper', 'magazine')),
  publisher TEXT NOT NULL DEFAULT '',
  copies INTEGER NOT NULL DEFAULT 1 CHECK (copies BETWEEN 1 AND 999),
  recipient_staff_id INTEGER REFERENCES staff(id),
  recipient_department_id INTEGER REFERENCES departments(id),
  period_start INTEGER NOT NULL,
  period_end INTEGER NOT NULL,
  renewal_date INTEGER NOT NULL,             -- when the next period must be ordered
  price_fen INTEGER NOT NULL DEFAULT 0 CHECK (price_fen >= 0),
  notes TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((recipient_staff_id IS NULL) <> (recipient_department_id IS NULL)),
  CHECK (period_end >= period_start)
);
CREATE INDEX mail_subscriptions_site ON mail_subscriptions (site_id, renewal_date);

-- MAIL-1: a letter, package, newspaper or magazine logged at the desk.
--   received  -> picked_up (signed: collector's name + pickup code or signature)
--   received  -> returned  (to the sender, or refused; with a reason)
CREATE TABLE mail_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE,               -- "M20261123-0007"
  site_id INTEGER NOT NULL REFERENCES sites(id),
  kind TEXT NOT NULL CHECK (kind IN ('letter', 'package', 'newspaper', 'magazine')),
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'picked_up', 'returned')),
  carrier TEXT NOT NULL DEFAULT '',
  tracking_no TEXT NOT NULL DEFAULT '',
  tracking_key TEXT NOT NULL DEFAULT '',     -- upper case without spaces and dashes
  sender TEXT NOT NULL DEFAULT '',
  recipient_staff_id INTEGER REFERENCES staff(id),
  recipient_department_id INTEGER REFERENCES departments(id),
  shelf TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  pickup_code TEXT NOT NULL,
  subscription_id INTEGER REFERENCES mail_subscriptions(id),
  visit_id INTEGER REFERENCES visits(id),    -- VIS-10: the courier's visit
  received_at INTEGER NOT NULL,
  received_by INTEGER REFERENCES users(id),
  overdue_at INTEGER NOT NULL,               -- still waiting then: on the overdue list
  reminder_count INTEGER NOT NULL DEFAULT 0,
  last_reminded_at INTEGER,
  picked_up_at INTEGER,
  handed_out_by INTEGER REFERENCES users(id),
  collector_name TEXT NOT NULL DEFAULT '',
  proxy INTEGER NOT NULL DEFAULT 0,          -- collected by someone other than the recipient
  pickup_proof TEXT NOT NULL DEFAULT '' CHECK (pickup_proof IN ('', 'code', 'signature')),
  returned_at INTEGER,
  returned_by INTEGER REFERENCES users(id),
  return_kind TEXT NOT NULL DEFAULT '' CHECK (return_kind IN ('', 'to_sender', 'refused')),
  return_reason TEXT NOT NULL DEFAULT '',
  search_doc TEXT NOT NULL DEFAULT '',       -- folded names, numbers and pinyin initials
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((recipient_staff_id IS NULL) <> (recipient_department_id IS NULL))
);
CREATE INDEX mail_items_site_status ON mail_items (site_id, status, received_at);
CREATE INDEX mail_items_staff ON mail_items (recipient_staff_id, status);
CREATE INDEX mail_items_department ON mail_items (recipient_department_id, status);
CREATE INDEX mail_items_overdue ON mail_items (site_id, overdue_at) WHERE status = 'received';
CREATE INDEX mail_items_received ON mail_items (site_id, received_at);
CREATE INDEX mail_items_subscription ON mail_items (subscription_id);
CREATE INDEX mail_items_visit ON mail_items (visit_id);
-- One waiting item per tracking number: a second scan of the same parcel is a conflict.
CREATE UNIQUE INDEX mail_items_waiting_tracking ON mail_items (tracking_key)
  WHERE status = 'received' AND tracking_key <> '';

-- The photo taken at intake and the signature drawn at pickup, committed with the item's
-- change (base64 text: the same on both backends).
CREATE TABLE mail_files (
  item_id INTEGER NOT NULL REFERENCES mail_items(id),
  kind TEXT NOT NULL CHECK (kind IN ('photo', 'signature')),
  content_type TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data_base64 TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, kind)
);
