-- Formal guest receptions (DOMAIN.md PLAN-1..5, PLAN-10, PLAN-11, GEN-2, GEN-4): the
-- request with its guests, the guest grades and the versioned cost standards, the plan
-- (itinerary, staff with their backups, contingencies, budget lines) and its approval.
-- Times are INTEGER epoch milliseconds (UTC); days INTEGER days since 1970-01-01 in the
-- site's local calendar; times of a day INTEGER minutes after local midnight; money
-- INTEGER fen; booleans INTEGER 0/1; lists as JSON TEXT.

-- PLAN-5: the guest grades (普通/高级/特级 by default); administrators add and rename them.
CREATE TABLE reception_grades (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name_zh_cn TEXT NOT NULL,
  name_zh_tw TEXT NOT NULL DEFAULT '',
  name_en TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',     -- who belongs to it
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- PLAN-5 / PLAN-11: one version of a cost standard: the company's own ('company'), or the
-- official-reception rules of a jurisdiction ('official', a place code or name), in force
-- from effective_from to effective_to (inclusive; NULL = open).
CREATE TABLE cost_standards (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_set TEXT NOT NULL CHECK (rule_set IN ('company', 'official')),
  jurisdiction TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  effective_from INTEGER NOT NULL,
  effective_to INTEGER,
  designated_hotels_json TEXT NOT NULL DEFAULT '[]',  -- PLAN-11: the hotels at agreed prices
  notes TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE INDEX cost_standards_lookup ON cost_standards (rule_set, jurisdiction, effective_from);

-- PLAN-5: the caps of one grade in a version (per visit, for the base number of guests;
-- each extra guest adds the increments). NULL lodging cap: the guest pays (the company
-- pays nothing); NULL entertainment cap: none allowed.
CREATE TABLE cost_standard_lines (
  standard_id INTEGER NOT NULL REFERENCES cost_standards(id) ON DELETE CASCADE,
  grade_code TEXT NOT NULL,
  lodging_cap_fen INTEGER CHECK (lodging_cap_fen >= 0),      -- per room-night
  lodging_min_fen INTEGER CHECK (lodging_min_fen >= 0),      -- the hotel class's lower price
  lunch_cap_fen INTEGER NOT NULL CHECK (lunch_cap_fen >= 0),
  dinner_cap_fen INTEGER NOT NULL CHECK (dinner_cap_fen >= 0),
  entertainment_cap_fen INTEGER CHECK (entertainment_cap_fen >= 0),
  meal_increment_fen INTEGER NOT NULL DEFAULT 0 CHECK (meal_increment_fen >= 0),
  entertainment_increment_fen INTEGER NOT NULL DEFAULT 0 CHECK (entertainment_increment_fen >= 0),
  vehicle_class TEXT NOT NULL DEFAULT '',
  accompany TEXT NOT NULL DEFAULT '',                         -- who accompanies (roles)
  PRIMARY KEY (standard_id, grade_code)
);

-- One reception (接待方案).
--   draft -> submitted -> approved | rejected;  rejected -> submitted (after changes);
--   approved -> submitted again when a change makes it grow (PLAN-4);
--   any open one -> cancelled. in_progress, completed, archived: the execution (later).
CREATE TABLE receptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE,               -- JD20261123-0001
  site_id INTEGER NOT NULL REFERENCES sites(id),
  title TEXT NOT NULL,
  visiting_unit TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  intent TEXT NOT NULL DEFAULT 'business',   -- GEN-3
  is_foreign INTEGER NOT NULL DEFAULT 0,     -- GEN-3: 外宾 / 内宾
  grade_code TEXT NOT NULL,
  rule_set TEXT NOT NULL DEFAULT 'company' CHECK (rule_set IN ('company', 'official')),
  jurisdiction TEXT NOT NULL DEFAULT '',
  letter_no TEXT NOT NULL DEFAULT '',        -- PLAN-11: 公函
  letter_date INTEGER,
  policy TEXT NOT NULL DEFAULT '',           -- PLAN-3: 接待方针
  host_staff_id INTEGER REFERENCES staff(id),  -- GEN-4: the main accompanying host
  department_id INTEGER REFERENCES departments(id),  -- the handling department
  level TEXT NOT NULL DEFAULT '' CHECK (level IN ('', 'high', 'equal', 'low')),  -- computed
  level_override TEXT NOT NULL DEFAULT '' CHECK (level_override IN ('', 'high', 'equal', 'low')),
  level_override_reason TEXT NOT NULL DEFAULT '',
  start_date INTEGER NOT NULL,
  end_date INTEGER NOT NULL,
  unit_contact TEXT NOT NULL DEFAULT '',     -- PLAN-6: the guests' unit's contact
  unit_contact_phone TEXT NOT NULL DEFAULT '',
  preparation TEXT NOT NULL DEFAULT '',      -- PLAN-2: materials, speech draft, gifts
  notes TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved',
    'rejected', 'in_progress', 'completed', 'archived', 'cancelled')),
  cost_standard_id INTEGER REFERENCES cost_standards(id),  -- the version in force at start
  total_fen INTEGER NOT NULL DEFAULT 0,
  approved_total_fen INTEGER,
  route_json TEXT NOT NULL DEFAULT '{}',     -- PLAN-4: who approves, and why
  submitted_by INTEGER REFERENCES users(id),
  submitted_at INTEGER,
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER,
  decision_reason TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  anonymised_at INTEGER,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (end_date >= start_date)
);
CREATE INDEX receptions_site_start ON receptions (site_id, start_date);
CREATE INDEX receptions_status ON receptions (status, start_date);
-- GEN-4: how often one host received at high level.
CREATE INDEX receptions_host ON receptions (host_staff_id, start_date);

-- GEN-2: the guests. Ethnicity, religion and health are encrypted (core/field_crypto).
CREATE TABLE reception_guests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
  age INTEGER CHECK (age BETWEEN 0 AND 150),
  title TEXT NOT NULL DEFAULT '',
  rank INTEGER CHECK (rank BETWEEN 1 AND 20),   -- as staff.rank: higher is more senior
  unit TEXT NOT NULL DEFAULT '',
  nationality TEXT NOT NULL DEFAULT '',          -- nationality or region
  ethnicity_enc TEXT NOT NULL DEFAULT '',
  religion_enc TEXT NOT NULL DEFAULT '',
  health_enc TEXT NOT NULL DEFAULT '',
  taboos_json TEXT NOT NULL DEFAULT '[]',        -- halal, vegetarian, no_pork, ...
  allergies TEXT NOT NULL DEFAULT '',
  habits TEXT NOT NULL DEFAULT '',
  accessibility TEXT NOT NULL DEFAULT '',        -- PLAN-10
  transport_preference TEXT NOT NULL DEFAULT '', -- PLAN-10
  is_chief INTEGER NOT NULL DEFAULT 0,
  arrival_at INTEGER,
  arrival_place TEXT NOT NULL DEFAULT '',
  arrival_no TEXT NOT NULL DEFAULT '',           -- flight or train number
  arrival_transport TEXT NOT NULL DEFAULT '',    -- flight | train | car | other
  departure_at INTEGER,
  departure_place TEXT NOT NULL DEFAULT '',
  departure_no TEXT NOT NULL DEFAULT '',
  departure_transport TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX reception_guests_reception ON reception_guests (reception_id, sort);

-- PLAN-3: the itinerary, day by day.
CREATE TABLE reception_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  start_min INTEGER NOT NULL CHECK (start_min >= 0 AND start_min < 1440),
  end_min INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('work', 'meal', 'visit', 'leisure', 'pickup', 'lodging',
    'meeting', 'ceremony', 'farewell', 'gift', 'see_off')),
  place TEXT NOT NULL DEFAULT '',
  venue_id INTEGER REFERENCES venues(id),
  activity TEXT NOT NULL,
  vehicle TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  meal_type TEXT NOT NULL DEFAULT '' CHECK (meal_type IN ('', 'lunch', 'dinner', 'other')),
  diners_guests INTEGER CHECK (diners_guests >= 0),  -- NULL: every guest
  diners_hosts INTEGER NOT NULL DEFAULT 0 CHECK (diners_hosts >= 0),  -- 陪餐
  menu TEXT NOT NULL DEFAULT '',
  planned_fen INTEGER CHECK (planned_fen >= 0),
  rooms INTEGER NOT NULL DEFAULT 0 CHECK (rooms >= 0),    -- lodging
  nights INTEGER NOT NULL DEFAULT 0 CHECK (nights >= 0),  -- lodging
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX reception_items_reception ON reception_items (reception_id, start_at);
-- Conflicts: items of every reception overlapping a time span.
CREATE INDEX reception_items_start ON reception_items (start_at);

-- The accompanying staff of an item.
CREATE TABLE reception_item_staff (
  item_id INTEGER NOT NULL REFERENCES reception_items(id) ON DELETE CASCADE,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  PRIMARY KEY (item_id, staff_id)
);
CREATE INDEX reception_item_staff_staff ON reception_item_staff (staff_id);

-- PLAN-3: the staff roles, each with its backup (AB角).
CREATE TABLE reception_staff (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL DEFAULT 0,
  role TEXT NOT NULL CHECK (role IN ('greeter', 'guide', 'recorder', 'logistics', 'driver',
    'interpreter', 'security', 'other')),
  staff_a_id INTEGER NOT NULL REFERENCES staff(id),
  staff_b_id INTEGER REFERENCES staff(id),
  duty TEXT NOT NULL DEFAULT '',
  CHECK (staff_b_id IS NULL OR staff_b_id <> staff_a_id)
);
CREATE INDEX reception_staff_reception ON reception_staff (reception_id, sort);

-- PLAN-10: contingency plans.
CREATE TABLE reception_contingencies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL CHECK (kind IN ('backup_room', 'emergency_vehicle', 'weather', 'medical',
    'other')),
  description TEXT NOT NULL,
  owner_staff_id INTEGER REFERENCES staff(id)
);
CREATE INDEX reception_contingencies_reception ON reception_contingencies (reception_id, sort);

-- PLAN-4: budget lines that are not itinerary items (items carry their own planned cost).
CREATE TABLE reception_budget_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL DEFAULT 0,
  category TEXT NOT NULL CHECK (category IN ('hospitality', 'lodging', 'meals', 'transport',
    'materials', 'venue', 'labour', 'entertainment', 'souvenirs', 'publicity', 'other')),
  description TEXT NOT NULL,
  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),  -- lodging: room-nights
  planned_fen INTEGER NOT NULL CHECK (planned_fen >= 0)
);
CREATE INDEX reception_budget_lines_reception ON reception_budget_lines (reception_id, sort);

-- PLAN-5: spending above a cap approved explicitly, up to approved_fen. cap_key names the
-- check: "meal:<item id>", "lodging", "entertainment".
CREATE TABLE reception_cap_approvals (
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  cap_key TEXT NOT NULL,
  cap_fen INTEGER NOT NULL,
  approved_fen INTEGER NOT NULL,
  approved_by INTEGER REFERENCES users(id),
  approved_at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (reception_id, cap_key)
);

-- PLAN-4: who approves which plans, first matching rule by sort (administrators edit).
CREATE TABLE reception_approval_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sort INTEGER NOT NULL DEFAULT 0,
  label TEXT NOT NULL,
  min_total_fen INTEGER NOT NULL DEFAULT 0 CHECK (min_total_fen >= 0),
  max_total_fen INTEGER CHECK (max_total_fen >= 0),   -- exclusive; NULL = no upper bound
  grade_code TEXT NOT NULL DEFAULT '',               -- '' = any grade
  foreign_only INTEGER,                              -- NULL any, 1 foreign, 0 domestic
  approver_role TEXT NOT NULL DEFAULT '',            -- a role code, or
  approver_user_id INTEGER REFERENCES users(id),     -- a named user
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- PLAN-4: the approval history: submit, approve, reject, reopen (grown), cap approvals,
-- cancel.
CREATE TABLE reception_decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reception_id INTEGER NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  total_fen INTEGER NOT NULL DEFAULT 0,
  detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX reception_decisions_reception ON reception_decisions (reception_id, id);

-- Defaults from PLAN-5 (money in fen).
INSERT INTO reception_grades (code, name_zh_cn, name_zh_tw, name_en, description, sort, created_at, updated_at) VALUES
  ('regular', '普通', '普通', 'Regular', '经销商业务/技术人员、设计师、厂家中层、意向经销商', 10, 0, 0),
  ('senior', '高级', '高級', 'Senior', '工程采购、客户企业领导、合作经销商、厂家高层', 20, 0, 0),
  ('special', '特级', '特級', 'Special', '主要经销商领导、政府人员、特邀领导', 30, 0, 0);

INSERT INTO cost_standards (rule_set, jurisdiction, name, effective_from, notes, created_at, updated_at)
  VALUES ('company', '', '公司接待标准', 10957, 'PLAN-5 默认标准（以二名客人为基准）', 0, 0);
INSERT INTO cost_standard_lines (standard_id, grade_code, lodging_cap_fen, lodging_min_fen,
  lunch_cap_fen, dinner_cap_fen, entertainment_cap_fen, meal_increment_fen,
  entertainment_increment_fen, vehicle_class, accompany) VALUES
  ((SELECT id FROM cost_standards WHERE rule_set = 'company'), 'regular', NULL, NULL, 30000, 40000,
   NULL, 5000, 0, '四驱车或出租车', '基层业务员、区域经理'),
  ((SELECT id FROM cost_standards WHERE rule_set = 'company'), 'senior', NULL, NULL, 50000, 50000,
   70000, 10000, 20000, '四驱车、商务车或出租车', '区域经理、市场督导'),
  ((SELECT id FROM cost_standards WHERE rule_set = 'company'), 'special', 70000, 40000, 100000,
   100000, 120000, 10000, 25000, '商务车或租用高级用车', '区域经理、市场督导、营销总经理、股东');

-- PLAN-4: the leader matching the plan's scale.
INSERT INTO reception_approval_rules (sort, label, min_total_fen, max_total_fen, grade_code,
  foreign_only, approver_role, created_at, updated_at) VALUES
  (10, '外宾接待由总经办审批', 0, NULL, '', 1, 'gm_office', 0, 0),
  (20, '特级接待由总经办审批', 0, NULL, 'special', NULL, 'gm_office', 0, 0),
  (30, '预算 5000 元及以上由总经办审批', 500000, NULL, '', NULL, 'gm_office', 0, 0),
  (40, '其余由部门负责人审批', 0, NULL, '', NULL, 'dept_head', 0, 0);
