-- Customer complaints, the second half (DOMAIN.md CMP-6..10, CMP-12, QA-1): forbidden
-- phrases and temperament guidance for the handler, canned replies and the messages sent to
-- customers, the red alert with its cross-department investigation, the satisfaction survey,
-- attribution with penalty records and appeals, merged tickets and improvement actions.
-- Times are INTEGER epoch milliseconds (UTC); booleans INTEGER 0/1; JSON as TEXT.

-- CMP-9: the customer's temperament, tagged by the handler. CMP-7: the red flag and why.
-- CMP-12: a duplicate absorbed into another ticket points at it.
ALTER TABLE complaints ADD COLUMN temperament TEXT;
ALTER TABLE complaints ADD COLUMN red_alert_at INTEGER;
ALTER TABLE complaints ADD COLUMN red_alert_reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE complaints ADD COLUMN merged_into_id INTEGER REFERENCES complaints(id);
CREATE INDEX complaints_red ON complaints (red_alert_at) WHERE red_alert_at IS NOT NULL;
CREATE INDEX complaints_merged ON complaints (merged_into_id) WHERE merged_into_id IS NOT NULL;
-- DATA-5: when a customer's personal data was destroyed (complaints.retention_days after
-- their last ticket, none of them open).
ALTER TABLE complaint_customers ADD COLUMN anonymised_at INTEGER;

-- Reports and the Pareto count tickets by cause over a period.
CREATE INDEX complaints_cause_created ON complaints (cause_class, created_at);

-- CMP-10: forbidden phrases 禁语 with the wording suggested instead (editable; the defaults
-- are CMP-10's list, the suggestions the apology templates of the source texts).
CREATE TABLE complaint_phrases (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  phrase TEXT NOT NULL UNIQUE,
  suggestion TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  sort INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO complaint_phrases (phrase, suggestion, sort, created_at, updated_at) VALUES
  ('这是常有的事', '对您使用本产品（服务）带来的不便，我代表公司向您表示歉意，我们马上为您处理。', 10, 0, 0),
  ('这种问题连小孩子都会', '是我们沟通工作不到位，非常抱歉！我来一步一步为您演示操作方法。', 20, 0, 0),
  ('一分钱,一分货', '我为您详细说明这款产品的配置和服务，看看哪一种最适合您。', 30, 0, 0),
  ('绝对不可能发生这种事', '对不起，我首先代表公司表示歉意，我们会立即调查一下事情的起因。', 40, 0, 0),
  ('这不是我们的事', '我帮您联系负责的部门，并跟进到底，处理结果会及时告诉您。', 50, 0, 0),
  ('我不知道,不清楚', '这个问题我马上为您确认，稍后给您准确的答复。', 60, 0, 0),
  ('公司的规定就是这样的', '很抱歉给您带来不便，我为您说明这样处理的原因，您的意见我们也会反映上去。', 70, 0, 0),
  ('你看不懂说明书吗', '是我们的说明不够清楚，非常抱歉！我为您讲解一下相关步骤。', 80, 0, 0),
  ('改天再和你联络', '我会在约定的时间之前与您联系，告诉您处理进展。', 90, 0, 0),
  ('这种问题我们见得多了', '这个问题我们有处理经验，请您放心，我们会尽快为您解决。', 100, 0, 0),
  ('我绝对没说过这句话', '可能是我没有表达清楚，给您带来误会，非常抱歉！', 110, 0, 0);

-- CMP-9: customer temperaments with the guidance shown to the handler (editable).
CREATE TABLE complaint_temperaments (
  code TEXT PRIMARY KEY,
  name_zh_cn TEXT NOT NULL,
  name_zh_tw TEXT NOT NULL,
  name_en TEXT NOT NULL,
  guidance_zh_cn TEXT NOT NULL DEFAULT '',
  guidance_zh_tw TEXT NOT NULL DEFAULT '',
  guidance_en TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
INSERT INTO complaint_temperaments (code, name_zh_cn, name_zh_tw, name_en, guidance_zh_cn, guidance_zh_tw, guidance_en, sort, updated_at) VALUES
  ('controlled_anger', '控制愤怒型', '控制憤怒型', 'Controlled anger',
   '言简意赅，尊重对方，多用敬语；直接说明处理方案和时间。',
   '言簡意賅，尊重對方，多用敬語；直接說明處理方案和時間。',
   'Be brief and respectful, use honorifics; state the plan and the time directly.', 10, 0),
  ('venting_anger', '发泄愤怒型', '發洩憤怒型', 'Venting anger',
   '让客户把话说完，耐心倾听，表示理解和同情，不要打断或争辩。',
   '讓客戶把話說完，耐心傾聽，表示理解和同情，不要打斷或爭辯。',
   'Let the customer vent; listen patiently, show understanding and empathy; never interrupt or argue.', 20, 0),
  ('talkative', '喋喋不休型', '喋喋不休型', 'Talkative',
   '多用封闭式问题（是/否、选择），把握谈话方向，及时归纳要点。',
   '多用封閉式問題（是/否、選擇），把握談話方向，及時歸納要點。',
   'Ask closed questions (yes/no, choices), keep control of the conversation, sum up often.', 30, 0),
  ('demanding', '要求诸多型', '要求諸多型', 'Many demands',
   '满足合理要求；对不能满足的，说明原因和公司的处理流程。',
   '滿足合理要求；對不能滿足的，說明原因和公司的處理流程。',
   'Meet the reasonable demands; explain the rest, and how the company handles the case.', 40, 0),
  ('professional', '专业人士', '專業人士', 'Professional',
   '找准对方关注的关键问题，在其专业领域内绝不争辩，必要时请专业同事参与。',
   '找準對方關注的關鍵問題，在其專業領域內絕不爭辯，必要時請專業同事參與。',
   'Find the key concern; never argue in their field; bring in a specialist colleague when needed.', 50, 0);

-- Canned replies with variables ({客户称呼}, {工单号}, {处理人}, {期限}, {部门}), rendered on
-- the server and phrase-checked (CMP-10) before anything is sent.
CREATE TABLE complaint_replies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  sort INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO complaint_replies (title, body, sort, created_at, updated_at) VALUES
  ('致歉并受理', '{客户称呼}您好：对您使用本产品（服务）带来的不便，我代表公司向您表示歉意。您的投诉已登记，工单号 {工单号}，由{部门}{处理人}负责处理，我们会在{期限}之前给您答复。', 10, 0, 0),
  ('告知进展', '{客户称呼}您好：工单 {工单号} 正在由{部门}处理，目前进展如下：（请填写）。如有疑问请随时与我们联系。', 20, 0, 0),
  ('沟通不到位致歉', '{客户称呼}您好：是我们沟通工作不到位，使您产生歧义的理解，非常抱歉！关于工单 {工单号}，具体情况说明如下：（请填写）。', 30, 0, 0),
  ('处理结果答复', '{客户称呼}您好：您反映的问题（工单 {工单号}）已处理完毕，处理结果如下：（请填写）。感谢您的监督，我们稍后会回访了解您是否满意。', 40, 0, 0);

-- What was said or sent to the customer (replies, e-mails), after the phrase check.
CREATE TABLE complaint_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  channel TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'sms', 'onsite', 'letter')),
  text TEXT NOT NULL,
  reply_id INTEGER REFERENCES complaint_replies(id),  -- the canned reply it started from
  recipient TEXT NOT NULL DEFAULT '',                  -- the e-mail address sent to
  sent_by INTEGER REFERENCES users(id),
  sent_at INTEGER NOT NULL
);
CREATE INDEX complaint_messages_ticket ON complaint_messages (complaint_id, id);

-- CMP-7 red-alert rules as data: which are on, the severity level, the keyword list. Their
-- numbers (N tickets in M days, the score threshold) are settings.
CREATE TABLE complaint_alert_rules (
  kind TEXT PRIMARY KEY CHECK (kind IN ('severity', 'repeat', 'keyword', 'score')),
  active INTEGER NOT NULL DEFAULT 1,
  min_severity TEXT NOT NULL DEFAULT 'major' CHECK (min_severity IN ('minor', 'normal', 'serious', 'major')),
  keywords TEXT NOT NULL DEFAULT '',          -- one per line
  updated_at INTEGER NOT NULL
);
INSERT INTO complaint_alert_rules (kind, active, min_severity, keywords, updated_at) VALUES
  ('severity', 1, 'major', '', 0),
  ('repeat', 1, 'major', '', 0),
  ('keyword', 1, 'major', '媒体
记者
曝光
律师
起诉
消协
12315
受伤
人身伤害
火灾', 0),
  ('score', 1, 'major', '', 0);

-- CMP-7: the cross-department investigation of a red ticket, with its own deadline (a task
-- that escalates when it passes).
CREATE TABLE complaint_investigations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id INTEGER NOT NULL UNIQUE REFERENCES complaints(id),
  lead_user_id INTEGER REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  opened_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  overdue_at INTEGER,                         -- the deadline passed while open (escalated)
  findings TEXT NOT NULL DEFAULT '',
  closed_at INTEGER,
  closed_by INTEGER REFERENCES users(id)
);
CREATE TABLE complaint_investigation_members (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  investigation_id INTEGER NOT NULL REFERENCES complaint_investigations(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  user_id INTEGER REFERENCES users(id),      -- the member named; none = the department head
  added_at INTEGER NOT NULL,
  added_by INTEGER REFERENCES users(id),
  UNIQUE (investigation_id, department_id)
);

-- CMP-6 / QA-1: the satisfaction survey's questions (each scored 1-5; editable).
CREATE TABLE complaint_survey_questions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  text_zh_cn TEXT NOT NULL,
  text_zh_tw TEXT NOT NULL,
  text_en TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
);
INSERT INTO complaint_survey_questions (text_zh_cn, text_zh_tw, text_en, sort, updated_at) VALUES
  ('您对处理结果是否满意？', '您對處理結果是否滿意？', 'How satisfied are you with the result?', 10, 0),
  ('您对处理速度是否满意？', '您對處理速度是否滿意？', 'How satisfied are you with the speed of handling?', 20, 0),
  ('您对工作人员的服务态度是否满意？', '您對工作人員的服務態度是否滿意？', 'How satisfied are you with our staff''s attitude?', 30, 0);

-- A survey of a ticket: sent as a link with a secret token (only its hash is kept), or
-- filled in by the callback clerk during the call. score_x100 is the answers' mean x 100.
CREATE TABLE complaint_surveys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  via TEXT NOT NULL CHECK (via IN ('link', 'call')),
  token_hash TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id),
  expires_at INTEGER,
  submitted_at INTEGER,
  submitted_by INTEGER REFERENCES users(id), -- the clerk on the call; none = the customer
  score_x100 INTEGER,
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_surveys_ticket ON complaint_surveys (complaint_id, id);
CREATE INDEX complaint_surveys_submitted ON complaint_surveys (submitted_at) WHERE submitted_at IS NOT NULL;
CREATE TABLE complaint_survey_answers (
  survey_id INTEGER NOT NULL REFERENCES complaint_surveys(id),
  question_id INTEGER NOT NULL REFERENCES complaint_survey_questions(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  PRIMARY KEY (survey_id, question_id)
);

-- CMP-8 attribution: at fault or not, to a person (staff) or a department, the penalty by
-- the severity class, with an appeal decided by the GM office. Records, not payroll.
CREATE TABLE complaint_attributions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  at_fault INTEGER NOT NULL,
  target TEXT NOT NULL CHECK (target IN ('staff', 'department')),
  staff_id INTEGER REFERENCES staff(id),
  department_id INTEGER REFERENCES departments(id),
  severity_class TEXT NOT NULL DEFAULT 'none' CHECK (severity_class IN ('none', 'minor', 'loss')),
  penalty TEXT NOT NULL DEFAULT 'none'
    CHECK (penalty IN ('none', 'administrative', 'fine', 'department_share')),
  percent INTEGER NOT NULL DEFAULT 0,       -- of the month's performance bonus (a setting's value then)
  fine_fen INTEGER,                         -- the fine decided, when one is
  bonus_fen INTEGER,                        -- the person's monthly bonus, to plan the months
  month INTEGER NOT NULL,                   -- YYYYMM (site-local) the record belongs to
  publish_internal INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'recorded'
    CHECK (status IN ('recorded', 'appealed', 'upheld', 'overturned')),
  appeal_reason TEXT NOT NULL DEFAULT '',
  appealed_by INTEGER REFERENCES users(id),
  appealed_at INTEGER,
  decision_note TEXT NOT NULL DEFAULT '',
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX complaint_attributions_ticket ON complaint_attributions (complaint_id);
CREATE INDEX complaint_attributions_month ON complaint_attributions (month);
-- The people a penalty falls on and the months it is carried over (the fine above the
-- monthly cap goes to later months; a department's share falls on every member).
CREATE TABLE complaint_penalty_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  attribution_id INTEGER NOT NULL REFERENCES complaint_attributions(id),
  staff_id INTEGER REFERENCES staff(id),
  staff_name TEXT NOT NULL DEFAULT '',
  month INTEGER NOT NULL,                   -- YYYYMM
  percent INTEGER NOT NULL DEFAULT 0,
  amount_fen INTEGER
);
CREATE INDEX complaint_penalty_lines_attribution ON complaint_penalty_lines (attribution_id);
CREATE INDEX complaint_penalty_lines_month ON complaint_penalty_lines (month);

-- CMP-12: improvement actions on a cause, tracked until their effect is confirmed with the
-- numbers before and after.
CREATE TABLE complaint_improvements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  cause_class TEXT NOT NULL REFERENCES complaint_causes(code),
  action TEXT NOT NULL,
  owner_user_id INTEGER NOT NULL REFERENCES users(id),
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'confirmed')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  done_at INTEGER,
  done_note TEXT NOT NULL DEFAULT '',
  confirmed_at INTEGER,
  confirmed_by INTEGER REFERENCES users(id),
  window_days INTEGER,
  before_count INTEGER,
  after_count INTEGER,
  effect_note TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
CREATE INDEX complaint_improvements_status ON complaint_improvements (status, due_at);
