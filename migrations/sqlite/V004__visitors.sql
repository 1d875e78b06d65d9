-- Visitors at the front desk (DOMAIN.md VIS): returning visitors, visits (appointments and
-- walk-ins), the triage table, the exempt / special-access / watch lists, the daily log.
-- Times are INTEGER epoch milliseconds (UTC); booleans INTEGER 0/1; JSON as TEXT.
-- Phone and identity numbers are stored encrypted (DATA-2): *_enc is the ciphertext,
-- *_index a keyed hash for equality lookups, *_hint the masked form shown in lists.

-- Counters for human numbers ("V20261123-0007"): one row per name, e.g. "visit:20261123".
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);

-- A person who has visited (for autocomplete of returning visitors).
CREATE TABLE visitors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  company TEXT NOT NULL DEFAULT '',
  phone_enc TEXT NOT NULL DEFAULT '',
  phone_index TEXT NOT NULL DEFAULT '',
  phone_hint TEXT NOT NULL DEFAULT '',
  id_number_enc TEXT NOT NULL DEFAULT '',
  id_number_index TEXT NOT NULL DEFAULT '',
  id_number_hint TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  search_doc TEXT NOT NULL DEFAULT '',
  visit_count INTEGER NOT NULL DEFAULT 0,
  last_visit_at INTEGER,
  anonymised_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX visitors_phone ON visitors (phone_index);
CREATE INDEX visitors_id_number ON visitors (id_number_index);
CREATE INDEX visitors_last_visit ON visitors (last_visit_at);

-- VIS-10: the triage table. One row per visitor kind; the desk is shown its handling.
CREATE TABLE triage_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  visitor_kind TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('notify_host', 'reception_room_notify_host',
    'report_host_now', 'direct_to_department', 'notify_hr', 'courier_handover',
    'consult_purchasing', 'ask_host')),
  category TEXT NOT NULL DEFAULT 'D' CHECK (category IN ('A', 'B', 'C', 'D')),
  department_id INTEGER REFERENCES departments(id),  -- HR, purchasing, ... when the action needs one
  instructions TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- VIS-1 exempt list, VIS-9 special-access list, and the watch list (alert security).
CREATE TABLE visitor_lists (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  list TEXT NOT NULL CHECK (list IN ('exempt', 'special', 'watch')),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,                    -- folded (simplified, lower case) for matching
  company TEXT NOT NULL DEFAULT '',
  id_number_index TEXT NOT NULL DEFAULT '',  -- keyed hash of the identity number, if known
  id_number_hint TEXT NOT NULL DEFAULT '',
  host_staff_id INTEGER REFERENCES staff(id), -- special access: whose office they may enter
  note TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX visitor_lists_name ON visitor_lists (name_key);
CREATE INDEX visitor_lists_id_number ON visitor_lists (id_number_index);

CREATE TABLE visits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  day INTEGER NOT NULL,                      -- local date YYYYMMDD of the visit (the log's day)
  visitor_id INTEGER REFERENCES visitors(id),
  mode TEXT NOT NULL CHECK (mode IN ('appointment', 'walk_in')),
  visitor_kind TEXT NOT NULL DEFAULT 'other',
  category TEXT NOT NULL DEFAULT 'D' CHECK (category IN ('A', 'B', 'C', 'D')),
  status TEXT NOT NULL CHECK (status IN ('expected', 'waiting', 'held', 'with_host',
    'checked_out', 'cancelled', 'no_show')),
  visitor_name TEXT NOT NULL,
  company TEXT NOT NULL DEFAULT '',
  phone_hint TEXT NOT NULL DEFAULT '',
  head_count INTEGER NOT NULL DEFAULT 1 CHECK (head_count BETWEEN 1 AND 500),
  purpose TEXT NOT NULL DEFAULT '',
  host_staff_id INTEGER REFERENCES staff(id),
  deputy_staff_id INTEGER REFERENCES staff(id),  -- VIS-7
  venue_id INTEGER REFERENCES venues(id),
  expected_at INTEGER,
  expected_minutes INTEGER,
  arrived_at INTEGER,
  admitted_at INTEGER,
  departed_at INTEGER,
  cancelled_at INTEGER,
  cancel_reason TEXT NOT NULL DEFAULT '',
  host_notified_at INTEGER,
  host_answer TEXT NOT NULL DEFAULT '' CHECK (host_answer IN ('', 'coming', 'wait', 'venue', 'decline')),
  host_answer_minutes INTEGER,
  host_answer_venue_id INTEGER REFERENCES venues(id),
  host_answer_note TEXT NOT NULL DEFAULT '',
  host_answered_at INTEGER,
  badge_code TEXT NOT NULL UNIQUE,            -- random; the QR on invitation and badge
  invite_email TEXT NOT NULL DEFAULT '',
  greeting_json TEXT NOT NULL DEFAULT '{}',   -- VIS-2 answers
  special_access INTEGER NOT NULL DEFAULT 0,  -- VIS-9
  watch_hit INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL DEFAULT '',           -- met, declined, refused, handed_over, left
  notes TEXT NOT NULL DEFAULT '',
  owner_user_id INTEGER REFERENCES users(id), -- GEN-6: first contact owns it
  created_by INTEGER REFERENCES users(id),
  search_doc TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX visits_site_day ON visits (site_id, day);
CREATE INDEX visits_site_status ON visits (site_id, status, arrived_at);
CREATE INDEX visits_host ON visits (host_staff_id, day);
CREATE INDEX visits_deputy ON visits (deputy_staff_id, day);
CREATE INDEX visits_expected ON visits (expected_at);
CREATE INDEX visits_visitor ON visits (visitor_id);
CREATE INDEX visits_day ON visits (day);

-- VIS-16: the daily log of a site: compiled (open), reviewed by the supervisor, archived.
CREATE TABLE visit_days (
  site_id INTEGER NOT NULL REFERENCES sites(id),
  day INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reviewed', 'archived')),
  reviewed_by INTEGER REFERENCES users(id),
  reviewed_at INTEGER,
  archived_by INTEGER REFERENCES users(id),
  archived_at INTEGER,
  PRIMARY KEY (site_id, day)
);

-- Annotations on an archived (or any) day, and optionally one visit of it.
CREATE TABLE visit_annotations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  day INTEGER NOT NULL,
  visit_id INTEGER REFERENCES visits(id),
  text TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX visit_annotations_day ON visit_annotations (site_id, day);

-- VIS-10 defaults (editable by an administrator).
INSERT INTO triage_rules (visitor_kind, label, action, category, instructions, sort, created_at, updated_at) VALUES
  ('appointment', '有约访客', 'notify_host', 'B', '核对预约身份，通知接待人，引领至接待人办公室或指定地点，安排就座、倒水（VIS-3）', 10, 0, 0),
  ('superior_or_client', '接待人的上级或熟悉的客户', 'reception_room_notify_host', 'B', '热情招呼，引至会客室，立即通知接待人，按其指示办理', 20, 0, 0),
  ('relative_friend', '接待人的亲友', 'reception_room_notify_host', 'D', '引至会客室，立即告知接待人，按其指示办理', 30, 0, 0),
  ('urgent_internal', '本单位中层有急事', 'report_host_now', 'D', '立即报告接待人', 40, 0, 0),
  ('other_department', '无须接待人即可处理', 'direct_to_department', 'C', '介绍到相关部门，并引领前往', 50, 0, 0),
  ('interviewee', '面试者', 'notify_hr', 'C', '安排就座，填写应聘登记表，通知人力资源部', 60, 0, 0),
  ('courier', '快递', 'courier_handover', 'D', '签收物品，立即转交收件人（MAIL-1）', 70, 0, 0),
  ('salesperson', '推销员 / 广告', 'consult_purchasing', 'D', '询问来意，征询采购部门意见；不需要则婉言谢绝并留下资料（VIS-12）', 80, 0, 0),
  ('other', '其他来访者', 'ask_host', 'D', '请其自我介绍后询问接待人，由接待人决定是否会见', 90, 0, 0);

-- Search (DESIGN.md): one token per CJK character (core::SearchDocument), matched as a
-- phrase, so 1-character queries work; rowid = the visit's / visitor's id.
CREATE VIRTUAL TABLE visits_fts USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE visitors_fts USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0');
