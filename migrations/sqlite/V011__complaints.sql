-- Customer complaints as work orders (DOMAIN.md CMP-1..6, CMP-11, CMP-13, GEN-6, TEL-6):
-- work-order types with their time limits, cause classes and the routing matrix, the
-- customers, the tickets with their timeline, clocks and notice forms (告知单).
-- Times are INTEGER epoch milliseconds (UTC); booleans INTEGER 0/1; JSON as TEXT.
-- Phone numbers are stored encrypted (DATA-2), as calls do: *_enc ciphertext, *_index a
-- keyed hash for look-ups, *_hint the masked form, *_tail the last four digits.

-- TEL-6: a phone call logged with the outcome "complaint" becomes a ticket at once. The
-- outcome's CHECK is widened; SQLite cannot alter a CHECK, so the table is rebuilt with its
-- rows and ids. call_messages refers to calls: with the foreign keys deferred, putting the
-- same ids back settles the references the drop left open before the commit checks them.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE calls_v011 AS SELECT * FROM calls;
DROP TABLE calls;
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
  outcome TEXT NOT NULL CHECK (outcome IN ('transferred', 'message_taken', 'declined_sales', 'answered', 'complaint')),
  knowledge_id INTEGER REFERENCES knowledge_entries(id),  -- answered from this entry
  note TEXT NOT NULL DEFAULT '',
  late_answer INTEGER NOT NULL DEFAULT 0,    -- TEL-1: answered late (began with the apology)
  created_by INTEGER REFERENCES users(id),
  search_doc TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO calls SELECT * FROM calls_v011;
DROP TABLE calls_v011;
CREATE INDEX calls_site_day ON calls (site_id, day);
CREATE INDEX calls_day ON calls (day);
CREATE INDEX calls_staff ON calls (for_staff_id, day);
CREATE INDEX calls_department ON calls (for_department_id, day);
CREATE INDEX calls_caller ON calls (caller_id);

-- Work-order types (CMP-1) and their time limits (CMP-5): an administrator edits them.
-- A limit of 0 means no such clock. Units: working days (same local time N working days
-- later) or working hours (desk hours of working days), on the site's business calendar.
CREATE TABLE complaint_types (
  code TEXT PRIMARY KEY,
  name_zh_cn TEXT NOT NULL,
  name_zh_tw TEXT NOT NULL,
  name_en TEXT NOT NULL,
  first_contact_limit INTEGER NOT NULL DEFAULT 1 CHECK (first_contact_limit >= 0),
  first_contact_unit TEXT NOT NULL DEFAULT 'working_days'
    CHECK (first_contact_unit IN ('working_days', 'working_hours')),
  answer_limit INTEGER NOT NULL DEFAULT 7 CHECK (answer_limit >= 0),
  answer_unit TEXT NOT NULL DEFAULT 'working_days'
    CHECK (answer_unit IN ('working_days', 'working_hours')),
  on_public_form INTEGER NOT NULL DEFAULT 1, -- offered on the public web form
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
);
INSERT INTO complaint_types (code, name_zh_cn, name_zh_tw, name_en, first_contact_limit,
  first_contact_unit, answer_limit, answer_unit, sort, updated_at) VALUES
  ('complaint',    '投诉', '投訴', 'Complaint',     1, 'working_days', 7, 'working_days', 10, 0),
  ('consultation', '咨询', '諮詢', 'Enquiry',       1, 'working_days', 3, 'working_days', 20, 0),
  ('report',       '举报', '舉報', 'Report',        1, 'working_days', 10, 'working_days', 30, 0),
  ('opinion',      '意见', '意見', 'Opinion',       1, 'working_days', 7, 'working_days', 40, 0),
  ('suggestion',   '建议', '建議', 'Suggestion',    1, 'working_days', 10, 'working_days', 50, 0),
  ('praise',       '表扬', '表揚', 'Praise',        1, 'working_days', 5, 'working_days', 60, 0),
  ('repair',       '报修', '報修', 'Repair request', 4, 'working_hours', 3, 'working_days', 70, 0);

-- CMP-2 cause classes and the CMP-3 routing matrix. department_names are the seeded names
-- of the department a class goes to ("/" separates alternatives); they resolve to an org
-- department of that name. department_id, once an administrator picks one, wins.
CREATE TABLE complaint_causes (
  code TEXT PRIMARY KEY,
  name_zh_cn TEXT NOT NULL,
  name_zh_tw TEXT NOT NULL,
  name_en TEXT NOT NULL,
  department_names TEXT NOT NULL DEFAULT '',
  department_id INTEGER REFERENCES departments(id),
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
);
INSERT INTO complaint_causes (code, name_zh_cn, name_zh_tw, name_en, department_names, sort, updated_at) VALUES
  ('product_quality', '产品质量或性能', '產品質量或性能', 'Product quality or performance', '技术研发部/技术部', 10, 0),
  ('operation', '操作问题（使用方法）', '操作問題（使用方法）', 'Operation (how to use it)', '实施部', 20, 0),
  ('implementer_attitude', '实施人员服务态度', '實施人員服務態度', 'Implementation staff attitude', '实施部', 30, 0),
  ('staff_service', '公司内部人员服务', '公司內部人員服務', 'Internal staff service', '行政部', 40, 0),
  ('price', '价格、收费、结算', '價格、收費、結算', 'Price, charges, settlement', '拓展部/营销部', 50, 0),
  ('product_info', '产品价格及其他信息', '產品價格及其他資訊', 'Product price and information', '拓展部/营销部', 60, 0),
  ('support_service', '配套服务、设施、售后', '配套服務、設施、售後', 'Supporting services, facilities, after-sales', '售后服务部', 70, 0),
  ('incident', '意外事件（损失、危险、停运）', '意外事件（損失、危險、停運）', 'Unexpected incident (loss, danger, outage)', '总经办', 80, 0),
  ('major', '重大问题（无法协调解决）', '重大問題（無法協調解決）', 'Major case that cannot be settled', '总经办', 90, 0);

-- CMP-5 ladder, per department: the supervisor a ticket goes to first (实施主管); without
-- one, the department head.
CREATE TABLE complaint_departments (
  department_id INTEGER PRIMARY KEY REFERENCES departments(id),
  supervisor_user_id INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);

-- The people who complain (found again by phone or e-mail).
CREATE TABLE complaint_customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  phone_enc TEXT NOT NULL DEFAULT '',
  phone_index TEXT NOT NULL DEFAULT '',
  phone_hint TEXT NOT NULL DEFAULT '',
  phone_tail TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',            -- lower case
  ticket_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX complaint_customers_phone ON complaint_customers (phone_index);
CREATE INDEX complaint_customers_email ON complaint_customers (email);

-- A ticket (CMP-4). owner_user_id is the first-contact owner (GEN-6): set by the staff
-- member who took it (or claimed it from the web/e-mail inbox), never changed by a
-- transfer. assignee_user_id is who works it now; ladder_step 0 handler, 1 supervisor,
-- 2 department head, 3 GM office (CMP-5, CMP-11). is_open = status <> 'archived';
-- next_due_at is the earliest running clock (the department list sorts by it).
CREATE TABLE complaints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE,               -- "TS20261122-0007"
  type TEXT NOT NULL REFERENCES complaint_types(code),
  channel TEXT NOT NULL CHECK (channel IN ('onsite', 'phone', 'email', 'web')),
  site_id INTEGER NOT NULL REFERENCES sites(id),
  customer_id INTEGER NOT NULL REFERENCES complaint_customers(id),
  subject TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  customer_request TEXT NOT NULL DEFAULT '', -- what the customer asks for
  severity TEXT NOT NULL DEFAULT 'normal' CHECK (severity IN ('minor', 'normal', 'serious', 'major')),
  agitated INTEGER NOT NULL DEFAULT 0,       -- CMP-5: an agitated on-site customer
  cause_class TEXT REFERENCES complaint_causes(code),
  department_id INTEGER REFERENCES departments(id),
  assignee_user_id INTEGER REFERENCES users(id),
  owner_user_id INTEGER REFERENCES users(id),
  ladder_step INTEGER NOT NULL DEFAULT 0 CHECK (ladder_step BETWEEN 0 AND 3),
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'classified', 'dispatched',
    'in_progress', 'resolved', 'reviewed', 'reported', 'called_back', 'archived')),
  is_open INTEGER NOT NULL DEFAULT 1,
  next_due_at INTEGER,
  agreed_deadline INTEGER,                   -- CMP-5: agreed with the customer
  paused_since INTEGER,                      -- waiting on the customer
  pause_reason TEXT NOT NULL DEFAULT '',
  reopen_count INTEGER NOT NULL DEFAULT 0,
  resolution TEXT NOT NULL DEFAULT '',
  satisfied INTEGER,                         -- CMP-6: the last callback's answer
  call_id INTEGER REFERENCES calls(id),      -- TEL-6: the call it came from
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  resolved_at INTEGER,
  archived_at INTEGER,
  archived_by INTEGER REFERENCES users(id)
);
-- The open-ticket list of a department, soonest due first.
CREATE INDEX complaints_department_open ON complaints (department_id, is_open, next_due_at);
-- A handler's tickets and the load count of least-loaded assignment.
CREATE INDEX complaints_assignee ON complaints (assignee_user_id, status);
CREATE INDEX complaints_owner ON complaints (owner_user_id, is_open);
CREATE INDEX complaints_customer ON complaints (customer_id, created_at);
CREATE INDEX complaints_status ON complaints (status, created_at);
CREATE INDEX complaints_created ON complaints (created_at);
CREATE INDEX complaints_call ON complaints (call_id);

-- The timeline: every transition, transfer, escalation, note, pause and resume.
CREATE TABLE complaint_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  at INTEGER NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  actor_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  data_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX complaint_events_ticket ON complaint_events (complaint_id, id);

-- Clocks (CMP-5, CMP-6): first contact, answer, callback and the ladder step's deadline.
-- limit_due_at is when the limit alone falls due, due_at the earlier of it and the
-- deadline agreed with the customer (CMP-5); both move by the paused time. paused_since
-- is set while the ticket waits on the customer.
CREATE TABLE complaint_clocks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  kind TEXT NOT NULL CHECK (kind IN ('first_contact', 'answer', 'callback', 'escalation')),
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
CREATE INDEX complaint_clocks_ticket ON complaint_clocks (complaint_id, kind);
-- The overdue dashboard: running clocks by due time.
CREATE INDEX complaint_clocks_running ON complaint_clocks (due_at)
  WHERE met_at IS NULL AND cancelled_at IS NULL;

-- The notice form 顾客投诉处理告知单 (CMP-4): dispatched to the department with the
-- complaint, acknowledged, and returned with cause, fix and the person responsible. One
-- per dispatch (a reopened ticket gets a new round).
CREATE TABLE complaint_notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  round INTEGER NOT NULL DEFAULT 1,
  department_id INTEGER REFERENCES departments(id),
  dispatched_at INTEGER NOT NULL,
  dispatched_by INTEGER REFERENCES users(id),
  acknowledged_at INTEGER,
  acknowledged_by INTEGER REFERENCES users(id),
  returned_at INTEGER,
  returned_by INTEGER REFERENCES users(id),
  cause TEXT NOT NULL DEFAULT '',
  fix TEXT NOT NULL DEFAULT '',
  responsible_person TEXT NOT NULL DEFAULT '',
  responsible_staff_id INTEGER REFERENCES staff(id),
  handled_on INTEGER,                        -- local date YYYYMMDD the department signed it
  UNIQUE (complaint_id, round)
);
