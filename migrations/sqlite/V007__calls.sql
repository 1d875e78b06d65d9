-- The phone desk (DOMAIN.md TEL): the call log, messages taken for staff or departments,
-- returning callers for autocomplete, and the knowledge panel's entries.
-- Times are INTEGER epoch milliseconds (UTC); booleans INTEGER 0/1.
-- Phone numbers are stored encrypted (DATA-2): *_enc is the ciphertext, *_index a keyed
-- hash for equality lookups, *_hint the masked form shown in lists, *_tail its last four
-- digits (already visible in the hint) for lookups by the end of a number.

-- TEL-5: how to get to a site by public transport, and where to park.
ALTER TABLE sites ADD COLUMN transport TEXT NOT NULL DEFAULT '';

-- A person who has called (autocomplete of returning callers by phone or name).
CREATE TABLE callers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  phone_enc TEXT NOT NULL DEFAULT '',
  phone_index TEXT NOT NULL DEFAULT '',
  phone_hint TEXT NOT NULL DEFAULT '',
  phone_tail TEXT NOT NULL DEFAULT '',
  search_doc TEXT NOT NULL DEFAULT '',
  call_count INTEGER NOT NULL DEFAULT 0,
  last_call_at INTEGER,
  last_for_staff_id INTEGER REFERENCES staff(id),          -- whom they asked for last time
  last_for_department_id INTEGER REFERENCES departments(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX callers_phone ON callers (phone_index);
CREATE INDEX callers_tail ON callers (phone_tail);
CREATE INDEX callers_last_call ON callers (last_call_at);

-- TEL-5: answers to callers' usual questions, edited by an administrator.
CREATE TABLE knowledge_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '',             -- comma-separated
  site_id INTEGER REFERENCES sites(id),      -- NULL: every site
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  use_count INTEGER NOT NULL DEFAULT 0,      -- calls answered from it
  search_doc TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- TEL-2: every call that needs action. for_department_id is the department the call
-- concerns: the one asked for, or the department of the staff member asked for (data
-- scope and the "for whom" filter use it).
CREATE TABLE calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE,               -- "T20261123-0007"
  site_id INTEGER NOT NULL REFERENCES sites(id),
  day INTEGER NOT NULL,                      -- local date YYYYMMDD of called_at
  called_at INTEGER NOT NULL,
  caller_id INTEGER REFERENCES callers(id),
  caller_name TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  phone_enc TEXT NOT NULL DEFAULT '',
  phone_hint TEXT NOT NULL DEFAULT '',
  matter TEXT NOT NULL DEFAULT '',
  for_staff_id INTEGER REFERENCES staff(id),
  for_department_id INTEGER REFERENCES departments(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('transferred', 'message_taken', 'declined_sales', 'answered')),
  knowledge_id INTEGER REFERENCES knowledge_entries(id),  -- answered from this entry
  note TEXT NOT NULL DEFAULT '',
  late_answer INTEGER NOT NULL DEFAULT 0,    -- TEL-1: answered late (began with the apology)
  created_by INTEGER REFERENCES users(id),
  search_doc TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX calls_site_day ON calls (site_id, day);
CREATE INDEX calls_day ON calls (day);
CREATE INDEX calls_staff ON calls (for_staff_id, day);
CREATE INDEX calls_department ON calls (for_department_id, day);
CREATE INDEX calls_caller ON calls (caller_id);

-- TEL-2/TEL-3: a message taken for a staff member (for_staff_id) or for a department
-- (for_staff_id NULL): open until a recipient marks it handled.
CREATE TABLE call_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id INTEGER NOT NULL UNIQUE REFERENCES calls(id),
  site_id INTEGER NOT NULL REFERENCES sites(id),
  for_staff_id INTEGER REFERENCES staff(id),
  for_department_id INTEGER REFERENCES departments(id),
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'handled')),
  reminders INTEGER NOT NULL DEFAULT 0,
  last_reminded_at INTEGER,
  handled_by INTEGER REFERENCES users(id),
  handled_at INTEGER,
  handled_on_behalf INTEGER NOT NULL DEFAULT 0,  -- marked by the desk, not a recipient
  reply_note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (for_staff_id IS NOT NULL OR for_department_id IS NOT NULL)
);
CREATE INDEX call_messages_open ON call_messages (status, site_id, created_at);
CREATE INDEX call_messages_staff ON call_messages (for_staff_id, status);
CREATE INDEX call_messages_department ON call_messages (for_department_id, status);

-- Search (as visits): one token per CJK character, pinyin initials and bigrams
-- (core::SearchDocument), matched as a phrase; rowid = the row's id.
CREATE VIRTUAL TABLE callers_fts USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE calls_fts USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE knowledge_fts USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0');

-- TEL-5 starting entries (an administrator edits them; their search documents are built at
-- start, calls::PrepareSearch).
INSERT INTO knowledge_entries (question, answer, tags, sort, created_at, updated_at) VALUES
  ('贵单位的地址在哪里？怎么过来？', '请按“场所与交通”中的地址、到访指引和公交信息告知来电人。', '地址,交通', 10, 0, 0),
  ('应聘、面试找哪个部门？', '请转人力资源部；如需留言，记下姓名、电话和应聘岗位。', '应聘,面试,人力资源', 20, 0, 0),
  ('快递或送货到哪里？', '请送到前台，由前台签收并转交收件人（MAIL-1）。', '快递,送货', 30, 0, 0),
  ('我想推销产品或投放广告，找哪位？', '请先将相关资料发送给我们，如有需要我们会主动与您联系（TEL-4）。', '推销,广告', 40, 0, 0);
