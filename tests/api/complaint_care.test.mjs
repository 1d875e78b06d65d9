// Customer complaints, the second half (DOMAIN.md CMP-6..10, CMP-12, QA-1) against the real
// binary, on SQLite and PostgreSQL, with the server's test clock: the forbidden-phrase check on
// every message to a customer (refused with the phrase, its place and the suggestion, nothing
// saved), the phrase list, temperaments with guidance, canned replies with variables, the red
// alert (severity, keywords, repeat complainant, low score, by hand) with management told on
// every channel and the cross-department investigation whose deadline escalates, the survey by
// link (public, rate-limited) and during the call, the callback worklist, attribution with
// penalty lines, appeal and the monthly report (CSV, XLSX), customer history, duplicates and
// merge, the cause Pareto with improvement actions confirmed by numbers, the reports, and the
// retention part of customers' personal data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.mjs';

let srv;
const c = {};      // signed-in clients by name
const u = {};      // user records by name
const staff = {};  // staff records by name
const dept = {};
let site;
const PASSWORD = 'Passw0rd-1';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const USERS = {
  clerk: ['customer_service'],
  gm: ['gm_office'],
  headT: ['dept_head', 'host'],
  t1: ['host'], t2: ['host'],
  headI: ['dept_head', 'host'],
  i1: ['host'],
  outsider: ['host'],
  hr1: ['host'],
};

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
}

async function signInAll() {
  c.admin = await srv.login();
  for (const name of Object.keys(USERS)) c[name] = await srv.login(name, PASSWORD);
}

let now = 0;
async function advance(minutes) {
  const r = await c.admin.post('/test/clock', { advance_minutes: minutes });
  assert.equal(r.status, 200, r.text);
  now = Date.parse(r.body.now);
  await signInAll();
  return r.body;
}

let phoneSeq = 0;
const newPhone = () => `1390000${String(++phoneSeq).padStart(4, '0')}`;

async function newTicket(body = {}, client = c.clerk) {
  const r = await client.post('/complaints', {
    site_id: site.id, channel: 'onsite', customer_name: '陈女士', phone: newPhone(),
    description: '系统升级后报表无法导出', ...body,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
const act = (client, id, action, body = {}) => client.post(`/complaints/${id}/${action}`, body);
async function ok(client, id, action, body = {}) {
  const r = await act(client, id, action, body);
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.body;
}
const view = async (id, client = c.admin) => {
  const r = await client.get(`/complaints/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const care = async (id, client = c.admin) => {
  const r = await client.get(`/complaints/${id}/care`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
// A download's bytes (the client decodes text, which drops a BOM).
async function download(client, path) {
  const r = await fetch(`${srv.url}/api/v1${path}`, { headers: { Cookie: client.cookie } });
  return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}
const hasBom = (d) => d.bytes[0] === 0xef && d.bytes[1] === 0xbb && d.bytes[2] === 0xbf;
const isZip = (d) => d.bytes[0] === 0x50 && d.bytes[1] === 0x4b;
const notes = async (client, topic) =>
  (await client.get('/notifications?page_size=200')).body.items.filter((n) => n.topic === topic);

// A ticket of 技术研发部 taken to "reported" (awaiting its callback), handled by t1.
async function reported(extra = {}) {
  const t = await newTicket({ cause_class: 'product_quality', ...extra });
  await ok(c.clerk, t.id, 'dispatch', { assignee_user_id: u.t1.id });
  await ok(c.t1, t.id, 'acknowledge');
  await ok(c.t1, t.id, 'resolve', { resolution: '修复导出模板，已验证' });
  await ok(c.t1, t.id, 'notice', { cause: '模板字段变更', fix: '修复模板', responsible_person: 't1', responsible_staff_id: staff.t1.id });
  await ok(c.gm, t.id, 'review');
  const v = await ok(c.clerk, t.id, 'report', { note: '电话告知客户处理结果' });
  assert.equal(v.status, 'reported');
  return v;
}

let questions = [];
const answersAll = (score) => questions.map((q) => ({ question_id: q.id, score }));

before(async () => {
  srv = await startServer({ env: { YINGBIN_TEST_CLOCK: '1' } });
  c.admin = await srv.login();
  const admin = c.admin;
  const mk = async (path, body) => {
    const r = await admin.post(path, body);
    assert.equal(r.status, 201, `${path}: ${r.text}`);
    return r.body;
  };
  site = await mk('/sites', { name: '客服中心', code: 'CARE', time_zone: 'Asia/Shanghai' });
  assert.equal((await admin.patch(`/sites/${site.id}/calendar`, { working_weekdays: [1, 2, 3, 4, 5, 6, 7] })).status, 200);
  dept.tech = await mk('/departments', { name: '技术研发部', site_id: site.id });
  dept.impl = await mk('/departments', { name: '实施部', site_id: site.id });
  dept.gmo = await mk('/departments', { name: '总经办', site_id: site.id });
  dept.hr = await mk('/departments', { name: '人力资源部', site_id: site.id });
  const deptOf = { headT: dept.tech.id, headI: dept.impl.id };
  for (const [name, roles] of Object.entries(USERS))
    u[name] = await srv.createUser({ username: name, roles, password: PASSWORD, department_id: deptOf[name] ?? null, display_name: name });
  const staffDept = { t1: dept.tech.id, t2: dept.tech.id, headT: dept.tech.id, i1: dept.impl.id, headI: dept.impl.id, gm: dept.gmo.id, hr1: dept.hr.id };
  for (const name of ['t1', 't2', 'headT', 'i1', 'headI', 'clerk', 'gm', 'hr1'])
    staff[name] = await mk('/staff', { name, site_id: site.id, department_id: staffDept[name] ?? null, user_id: u[name].id, email: `${name}@example.com` });
  for (const [d, head] of [[dept.tech, 'headT'], [dept.impl, 'headI']])
    assert.equal((await admin.patch(`/departments/${d.id}`, { head_staff_id: staff[head].id })).status, 200);
  await signInAll();
  await advance(0);
  questions = (await c.clerk.get('/complaints/survey-questions')).body.items;
  assert.equal(questions.length, 3, 'three default questions');
});
after(async () => { await srv?.stop(); });

// ------------------------------------------------------------------ CMP-10 forbidden phrases

test('CMP-10: the check finds each phrase with its place and suggestion, folded (traditional, full width, spaces)', async () => {
  const r = await c.clerk.post('/complaints/phrases/check', { text: '您好，這不是 我們的事！你要知道，一分钱，一分货' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.hits.map((h) => [h.phrase, h.start, h.end]), [['这不是我们的事', 3, 11], ['一分钱,一分货', 17, 24]]);
  assert.ok(r.body.hits[0].suggestion.length > 5);
  assert.deepEqual((await c.clerk.post('/complaints/phrases/check', { text: '非常抱歉给您带来不便' })).body.hits, []);
  const list = (await c.clerk.get('/complaints/phrases')).body.items;
  assert.equal(list.length, 11, 'the defaults of CMP-10');
});

test('CMP-10: a report to the customer with a forbidden phrase is refused with the phrase highlighted; nothing saved', async () => {
  const t = await newTicket({ cause_class: 'product_quality' });
  await ok(c.clerk, t.id, 'dispatch', { assignee_user_id: u.t1.id });
  await ok(c.t1, t.id, 'acknowledge');
  const before = await view(t.id);
  const text = '您好，我不知道，不清楚。';
  const r = await act(c.t1, t.id, 'contact', { note: text });
  assertError(r, 400, 'forbidden_phrase', 'note');
  assert.deepEqual(r.body.error.details.map((d) => [d.phrase, d.start, d.end]), [['我不知道,不清楚', 3, 11]]);
  assert.equal([...text].slice(3, 11).join(''), '我不知道，不清楚');
  assert.match(r.body.error.message, /禁语/);
  assert.ok(r.body.error.details[0].suggestion);
  const after = await view(t.id);
  assert.equal(after.events.length, before.events.length, 'no event written');
  assert.equal(after.clocks.find((k) => k.kind === 'first_contact').state, before.clocks.find((k) => k.kind === 'first_contact').state);
  // Resolution text and messages are checked alike; the English message names the field.
  c.t1.lang = 'en';
  const res = await act(c.t1, t.id, 'resolve', { resolution: '公司的规定就是这样的' });
  assertError(res, 400, 'forbidden_phrase', 'resolution');
  assert.match(res.body.error.message, /forbidden phrase/);
  c.t1.lang = 'zh-CN';
  assertError(await c.t1.post(`/complaints/${t.id}/messages`, { channel: 'phone', text: '改天再和你联络' }), 400, 'forbidden_phrase', 'text');
  assert.equal((await care(t.id)).messages.length, 0);
  // Clean words go through and count.
  const m = await c.t1.post(`/complaints/${t.id}/messages`, { channel: 'phone', text: '非常抱歉，我们明天上午给您答复。' });
  assert.equal(m.status, 201, m.text);
  const k = await care(t.id);
  assert.equal(k.messages.length, 1);
  assert.equal(k.messages[0].sent_by_name, 't1');
  assert.ok((await view(t.id)).events.some((e) => e.kind === 'message'));
  // E-mail needs the customer's address.
  assertError(await c.t1.post(`/complaints/${t.id}/messages`, { channel: 'email', text: '您好' }), 400, 'invalid_argument', 'channel');
  assertError(await c.t1.post(`/complaints/${t.id}/messages`, { channel: 'fax', text: '您好' }), 400, 'invalid_argument', 'channel');
  assertError(await c.t1.post(`/complaints/${t.id}/messages`, { channel: 'phone', text: '' }), 400, 'invalid_argument', 'text');
  assertError(await c.outsider.post(`/complaints/${t.id}/messages`, { channel: 'phone', text: '您好' }), 403, 'forbidden');
});

test('CMP-10: the list is editable by complaints.admin; a new phrase is enforced at once', async () => {
  assertError(await c.clerk.post('/complaints/phrases', { phrase: '你自己看着办', suggestion: '我们一起商量解决办法' }), 403, 'forbidden');
  assertError(await c.admin.post('/complaints/phrases', { phrase: '，。！' }), 400, 'invalid_argument', 'phrase');
  assertError(await c.admin.post('/complaints/phrases', { phrase: '这不是我们的事' }), 409, 'conflict', 'phrase');
  assertError(await c.admin.post('/complaints/phrases', { suggestion: 'x' }), 400, 'invalid_argument', 'phrase');
  const p = await c.admin.post('/complaints/phrases', { phrase: '你自己看着办', suggestion: '我们一起商量解决办法' });
  assert.equal(p.status, 201, p.text);
  const t = await newTicket();
  const r = await c.clerk.post(`/complaints/${t.id}/messages`, { channel: 'onsite', text: '那你自己看着办吧' });
  assertError(r, 400, 'forbidden_phrase', 'text');
  assert.equal(r.body.error.details[0].suggestion, '我们一起商量解决办法');
  const off = await c.admin.put(`/complaints/phrases/${p.body.id}`, { phrase: '你自己看着办', suggestion: 'x', active: false });
  assert.equal(off.status, 200, off.text);
  assert.equal((await c.clerk.post(`/complaints/${t.id}/messages`, { channel: 'onsite', text: '那你自己看着办吧' })).status, 201);
  assert.equal((await c.admin.del(`/complaints/phrases/${p.body.id}`, {})).status, 200);
  assertError(await c.admin.del(`/complaints/phrases/${p.body.id}`, {}), 404, 'not_found');
  const audit = await c.admin.get('/audit?entity=complaint_phrase');
  assert.ok(audit.body.items.length >= 3, 'audited');
});

// ------------------------------------------------------------------ CMP-9 temperaments

test('CMP-9: the handler tags the temperament; its guidance shows on the ticket; guidance is editable', async () => {
  const t = await newTicket();
  assert.equal((await care(t.id)).temperament, null);
  assertError(await c.clerk.post(`/complaints/${t.id}/temperament`, { temperament: 'grumpy' }), 400, 'invalid_argument', 'temperament');
  assertError(await c.outsider.post(`/complaints/${t.id}/temperament`, { temperament: 'talkative' }), 403, 'forbidden');
  const r = await c.clerk.post(`/complaints/${t.id}/temperament`, { temperament: 'venting_anger' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.temperament, 'venting_anger');
  let k = await care(t.id);
  assert.equal(k.temperament.name_zh_cn, '发泄愤怒型');
  assert.match(k.temperament.guidance_zh_cn, /倾听/);
  const list = (await c.clerk.get('/complaints/temperaments')).body.items;
  assert.deepEqual(list.map((x) => x.code), ['controlled_anger', 'venting_anger', 'talkative', 'demanding', 'professional']);
  assertError(await c.clerk.put('/complaints/temperaments/venting_anger', { name_zh_cn: 'x', name_zh_tw: 'x', name_en: 'x', guidance_zh_cn: 'x' }), 403, 'forbidden');
  assertError(await c.admin.put('/complaints/temperaments/nope', { name_zh_cn: 'x', name_zh_tw: 'x', name_en: 'x', guidance_zh_cn: 'x' }), 404, 'not_found');
  const e = await c.admin.put('/complaints/temperaments/venting_anger', { name_zh_cn: '发泄愤怒型', name_zh_tw: '發洩憤怒型', name_en: 'Venting', guidance_zh_cn: '先让客户说完，再复述要点。' });
  assert.equal(e.status, 200, e.text);
  k = await care(t.id);
  assert.equal(k.temperament.guidance_zh_cn, '先让客户说完，再复述要点。');
  assert.equal((await c.clerk.post(`/complaints/${t.id}/temperament`, { temperament: null })).body.temperament, null);
  assert.deepEqual((await view(t.id)).events.filter((x) => x.kind === 'temperament').map((x) => x.data.temperament), ['venting_anger', null]);
});

// ------------------------------------------------------------------ canned replies

test('Canned replies: variables filled in on the server, then phrase-checked; unknown variables refused', async () => {
  const list = await c.clerk.get('/complaints/replies');
  assert.ok(list.body.items.length >= 4);
  assert.ok(list.body.variables.includes('工单号'));
  const t = await newTicket({ customer_name: '王先生', cause_class: 'product_quality', dispatch_now: true });
  const first = list.body.items[0];
  const r = await c.clerk.post(`/complaints/${t.id}/replies/${first.id}/render`, {});
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.text, /^王先生您好/);
  assert.ok(r.body.text.includes(t.number));
  assert.ok(r.body.text.includes('技术研发部'));
  assert.ok(!r.body.text.includes('{'), r.body.text);
  assertError(await c.admin.post('/complaints/replies', { title: '坏模板', body: '{客户称呼}您好，{不存在}' }), 400, 'invalid_argument', 'body');
  assertError(await c.admin.post('/complaints/replies', { title: '坏模板', body: '这种问题我们见得多了' }), 400, 'forbidden_phrase', 'body');
  assertError(await c.admin.post('/complaints/replies', { body: 'x' }), 400, 'invalid_argument', 'title');
  // After filling in: a name that is itself a forbidden phrase is caught (checked after render).
  const own = await c.admin.post('/complaints/replies', { title: '称呼', body: '{客户称呼}，您好。', sort: 99 });
  assert.equal(own.status, 201, own.text);
  const odd = await newTicket({ customer_name: '这不是我们的事' });
  assertError(await c.clerk.post(`/complaints/${odd.id}/replies/${own.body.id}/render`, {}), 400, 'forbidden_phrase', 'text');
  assertError(await c.clerk.post(`/complaints/${odd.id}/replies/999999/render`, {}), 404, 'not_found');
  assertError(await c.outsider.post(`/complaints/${t.id}/replies/${first.id}/render`, {}), 403, 'forbidden');
  // The message sent records the template it started from.
  const m = await c.clerk.post(`/complaints/${t.id}/messages`, { channel: 'phone', text: r.body.text, reply_id: first.id });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.body.reply_id, first.id);
});

// ------------------------------------------------------------------ CMP-7 red alert

test('CMP-7: a major complaint is red at intake: management told on every channel, investigation with its own deadline', async () => {
  const t = await newTicket({ severity: 'major', cause_class: 'product_quality', subject: '设备起火' });
  const v = await view(t.id);
  assert.equal(v.red_alert, true);
  assert.deepEqual(v.red_alert_reasons, [{ rule: 'severity', detail: 'major' }]);
  assert.ok(v.events.some((e) => e.kind === 'red_alert'));
  const k = await care(t.id);
  assert.equal(k.investigation.status, 'open');
  assert.equal(k.investigation.lead_user_id, u.gm.id);
  assert.deepEqual(k.investigation.members.map((m) => m.department_name).sort(), ['总经办', '技术研发部'].sort());
  const due = Date.parse(k.investigation.due_at);
  assert.ok(due >= now + 3 * DAY - MIN && due <= now + 3 * DAY + MIN, 'three working days (every day works here)');
  // The GM office and the department head hear of it: bell, and e-mail whatever the preference.
  assert.ok((await notes(c.gm, 'complaint.red_alert')).some((n) => n.title.includes(t.number)));
  assert.ok((await notes(c.headT, 'complaint.red_alert')).some((n) => n.title.includes(t.number)));
  const outbox = await c.admin.get('/outbox?page_size=200');
  assert.equal(outbox.status, 200, outbox.text);
  const mails = outbox.body.items.filter((o) => o.topic === 'complaint.red_alert' && o.channel === 'email').map((o) => o.recipient);
  assert.ok(mails.includes('gm@example.com') && mails.includes('headT@example.com'), JSON.stringify(mails));
  // A calm ticket is not red.
  assert.equal((await view((await newTicket()).id)).red_alert, false);
});

test('CMP-7: keywords, a repeat complainant (N in M days) and a reclassified severity raise it; by hand only for reviewers', async () => {
  const kw = await newTicket({ description: '再不处理我就找媒體曝光' });
  assert.deepEqual((await view(kw.id)).red_alert_reasons.map((r) => r.detail), ['媒体', '曝光']);
  const phone = newPhone();
  const first = await newTicket({ phone, subject: '发票开错' });
  await newTicket({ phone, subject: '物流太慢' });
  assert.equal((await view(first.id)).red_alert, false);
  const third = await newTicket({ phone, subject: '安装人员迟到' });
  assert.deepEqual((await view(third.id)).red_alert_reasons, [{ rule: 'repeat', detail: '3' }]);
  // An edit: classify with a new severity.
  const calm = await newTicket();
  const v = await ok(c.clerk, calm.id, 'classify', { cause_class: 'product_quality', severity: 'major' });
  assert.equal(v.red_alert, true);
  // By hand.
  const hand = await newTicket();
  assertError(await c.clerk.post(`/complaints/${hand.id}/red-alert`, { note: '客户威胁起诉' }), 403, 'forbidden');
  assertError(await c.gm.post(`/complaints/${hand.id}/red-alert`, { note: '' }), 400, 'invalid_argument', 'note');
  const r = await c.gm.post(`/complaints/${hand.id}/red-alert`, { note: '客户威胁起诉' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.red_alert_reasons, [{ rule: 'manual', detail: '客户威胁起诉' }]);
  assertError(await c.gm.post(`/complaints/${hand.id}/red-alert`, { note: '再来一次' }), 409, 'conflict');
  // The rules are data: switched off, keywords no longer fire.
  const rules = (await c.admin.get('/complaints/alert-rules')).body.items;
  assert.deepEqual(rules.map((x) => x.kind), ['severity', 'repeat', 'keyword', 'score']);
  assertError(await c.clerk.put('/complaints/alert-rules/keyword', { active: false }), 403, 'forbidden');
  assert.equal((await c.admin.put('/complaints/alert-rules/keyword', { active: false, keywords: '媒体\n曝光' })).status, 200);
  assert.equal((await view((await newTicket({ description: '找媒体曝光' })).id)).red_alert, false);
  assert.equal((await c.admin.put('/complaints/alert-rules/keyword', { active: true, keywords: '媒体\n曝光\n律师' })).status, 200);
  assert.equal((await view((await newTicket({ description: '我的律师会联系你们' })).id)).red_alert, true);
  assertError(await c.admin.put('/complaints/alert-rules/other', { active: true }), 404, 'not_found');
  assertError(await c.admin.put('/complaints/alert-rules/severity', { active: true, min_severity: 'huge' }), 400, 'invalid_argument', 'min_severity');
});

test('CMP-7: the investigation: members from several departments, findings; its deadline escalates on the test clock', async () => {
  const t = await newTicket({ severity: 'major', cause_class: 'product_quality', dispatch_now: true });
  assertError(await c.t1.post(`/complaints/${t.id}/investigation/members`, { department_id: dept.impl.id }), 403, 'forbidden');
  assertError(await c.gm.post(`/complaints/${t.id}/investigation/members`, { department_id: 999999 }), 400, 'invalid_argument', 'department_id');
  const r = await c.gm.post(`/complaints/${t.id}/investigation/members`, { department_id: dept.impl.id, user_id: u.i1.id });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.members.some((m) => m.department_name === '实施部' && m.user_id === u.i1.id));
  assertError(await c.gm.post(`/complaints/${t.id}/investigation/members`, { department_id: dept.impl.id }), 409, 'conflict', 'department_id');
  assert.ok((await notes(c.headI, 'complaint.red_alert')).some((n) => n.title.includes(t.number)), 'the new department head hears of it');
  // The deadline passes while it is open: escalated, told again.
  await advance(3 * 24 * 60 + 5);
  const k = await care(t.id);
  assert.equal(k.investigation.overdue, true);
  assert.ok(k.investigation.overdue_at);
  assert.ok((await view(t.id)).events.some((e) => e.kind === 'investigation_overdue'));
  assert.ok((await notes(c.gm, 'complaint.investigation_overdue')).some((n) => n.title.includes(t.number)));
  assertError(await c.gm.post(`/complaints/${t.id}/investigation/close`, { findings: '' }), 400, 'invalid_argument', 'findings');
  const closed = await c.gm.post(`/complaints/${t.id}/investigation/close`, { findings: '电源模块批次缺陷，已召回' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.body.status, 'closed');
  assertError(await c.gm.post(`/complaints/${t.id}/investigation/close`, { findings: 'x' }), 409, 'conflict');
  assertError(await c.gm.post(`/complaints/${(await newTicket()).id}/investigation/close`, { findings: 'x' }), 404, 'not_found');
});

// ------------------------------------------------------------------ CMP-6 / QA-1 survey

test('CMP-6/QA-1: the clerk records the survey during the call; satisfied closes the callback, unsatisfied reopens', async () => {
  const early = await newTicket();
  assertError(await c.clerk.post(`/complaints/${early.id}/survey`, { answers: answersAll(5) }), 409, 'conflict');
  const t = await reported();
  assertError(await c.clerk.post(`/complaints/${t.id}/survey`, { answers: answersAll(6) }), 400, 'invalid_argument', 'answers');
  assertError(await c.clerk.post(`/complaints/${t.id}/survey`, { answers: answersAll(5).slice(1) }), 400, 'invalid_argument', 'answers');
  assertError(await c.clerk.post(`/complaints/${t.id}/survey`, { answers: [...answersAll(5), { question_id: 999999, score: 5 }] }), 400, 'invalid_argument', 'answers');
  assertError(await c.clerk.post(`/complaints/${t.id}/survey`, { answers: 'good' }), 400, 'invalid_argument', 'answers');
  assertError(await c.clerk.post(`/complaints/${t.id}/survey`, { answers: answersAll(5), note: '这是常有的事' }), 400, 'forbidden_phrase', 'note');
  assertError(await c.outsider.post(`/complaints/${t.id}/survey`, { answers: answersAll(5) }), 403, 'forbidden');
  assert.equal((await care(t.id)).surveys.length, 0, 'nothing saved by the refusals');
  const r = await c.clerk.post(`/complaints/${t.id}/survey`, { answers: [{ question_id: questions[0].id, score: 5 }, { question_id: questions[1].id, score: 4 }, { question_id: questions[2].id, score: 5 }], comment: '处理很及时' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'called_back');
  assert.equal(r.body.satisfied, true);
  const k = await care(t.id);
  assert.equal(k.surveys[0].score, 4.67);
  assert.equal(k.surveys[0].via, 'call');
  assert.equal(k.surveys[0].answers.length, 3);
  // Unsatisfied (mean <= complaints.unsatisfied_score): reopened through the state machine.
  const bad = await reported();
  const b = await c.clerk.post(`/complaints/${bad.id}/survey`, { answers: answersAll(2), comment: '问题没解决' });
  assert.equal(b.status, 200, b.text);
  assert.equal(b.body.status, 'in_progress');
  assert.equal(b.body.reopen_count, 1);
  assert.equal(b.body.red_alert, false, '2 is unsatisfied, not red (red_score_max 1)');
  // The lowest score also raises the red alert (CMP-7).
  const worst = await reported();
  const w = await c.clerk.post(`/complaints/${worst.id}/survey`, { answers: answersAll(1) });
  assert.equal(w.body.status, 'in_progress');
  assert.deepEqual(w.body.red_alert_reasons, [{ rule: 'score', detail: '1.00' }]);
});

test('CMP-6: the survey link for the customer (QR), answered on the public page; one use; expiry; rate limit', async () => {
  const early = await newTicket();
  assertError(await c.clerk.post(`/complaints/${early.id}/survey-link`, {}), 409, 'conflict');
  const t = await reported({ email: 'chen@example.com' });
  const link = await c.clerk.post(`/complaints/${t.id}/survey-link`, { send_email: true });
  assert.equal(link.status, 201, link.text);
  assert.match(link.body.url, /\/survey\/[A-Za-z0-9_-]{20,}$/);
  assert.match(link.body.qr_svg, /^<svg|^<\?xml/);
  const outbox = (await c.admin.get('/outbox?page_size=200')).body.items;
  assert.ok(outbox.some((o) => o.topic === 'complaint.survey' && o.recipient === 'chen@example.com'), 'e-mailed to the customer');
  const token = link.body.url.split('/survey/')[1];
  const anon = srv.anon();
  const page = await anon.get(`/public/surveys/${token}`);
  assert.equal(page.status, 200, page.text);
  assert.equal(page.body.number, t.number);
  assert.equal(page.body.questions.length, 3);
  assert.equal(page.body.questions[0].text_en.length > 0, true);
  assert.equal(JSON.stringify(page.body).includes('陈女士'), false, 'no personal data on the public page');
  assertError(await anon.get('/public/surveys/not-a-real-token-at-all'), 404, 'not_found');
  assertError(await anon.post(`/public/surveys/${token}`, { answers: answersAll(0) }), 400, 'invalid_argument', 'answers');
  const sent = await anon.post(`/public/surveys/${token}`, { answers: answersAll(4), comment: '满意，这是常有的事也没关系' });
  assert.equal(sent.status, 201, sent.text);
  const v = await view(t.id);
  assert.equal(v.status, 'called_back', 'the callback is made with the result');
  assert.ok(v.events.some((e) => e.kind === 'survey' && e.data.via === 'link'));
  assertError(await anon.post(`/public/surveys/${token}`, { answers: answersAll(4) }), 409, 'conflict');
  // A link expires (complaints.survey_link_days) and a new one replaces the old.
  const t2 = await reported();
  const l1 = (await c.clerk.post(`/complaints/${t2.id}/survey-link`, {})).body.url.split('/survey/')[1];
  const l2 = (await c.clerk.post(`/complaints/${t2.id}/survey-link`, {})).body.url.split('/survey/')[1];
  assertError(await anon.get(`/public/surveys/${l1}`), 409, 'conflict');
  assert.equal((await anon.get(`/public/surveys/${l2}`)).status, 200);
  await advance(7 * 24 * 60 + 1);
  assertError(await srv.anon().get(`/public/surveys/${l2}`), 409, 'conflict');
  // Per-address limit (complaints.survey_per_minute).
  assert.equal((await c.admin.put('/settings/complaints.survey_per_minute', { value: 2 })).status, 200);
  await advance(1);
  const burst = srv.anon();
  const codes = [];
  for (let i = 0; i < 3; i++) codes.push((await burst.get(`/public/surveys/${l2}`)).status);
  assert.equal(codes[2], 429, codes.join());
  assert.equal((await c.admin.put('/settings/complaints.survey_per_minute', { value: 20 })).status, 200);
  await advance(1);
});

test('CMP-6: the callback worklist: resolved tickets awaiting their callback, soonest due first, in scope', async () => {
  const a = await reported();
  await advance(30);
  const b = await reported();
  const r = await c.clerk.get('/complaints/callbacks');
  assert.equal(r.status, 200, r.text);
  const ids = r.body.items.map((x) => x.ticket.id);
  assert.ok(ids.indexOf(a.id) >= 0 && ids.indexOf(a.id) < ids.indexOf(b.id), 'soonest callback first');
  const item = r.body.items.find((x) => x.ticket.id === a.id);
  assert.equal(item.ready, true);
  assert.equal(item.clock.kind, 'callback');
  const due = r.body.items.map((x) => Date.parse(x.clock.due_at));
  assert.ok(due.every((d) => d > 0) && r.body.items.every((x) => ['resolved', 'reviewed', 'reported'].includes(x.ticket.status)), 'only tickets awaiting their callback');
  assert.deepEqual(due, [...due].sort((x, y) => x - y));
  // Department scope: the head of 实施部 sees none of 技术研发部's.
  const impl = await c.headI.get('/complaints/callbacks');
  assert.equal(impl.body.items.some((x) => x.ticket.department_id === dept.tech.id), false);
  assertError(await c.clerk.get('/complaints/callbacks?department_id=abc'), 400, 'invalid_argument', 'department_id');
});

// ------------------------------------------------------------------ CMP-8 attribution

test('CMP-8: attribution to a person or department with penalty lines by the settings; appeal; monthly report', async () => {
  const t = await reported();
  assertError(await c.clerk.post(`/complaints/${t.id}/attributions`, { at_fault: true, target: 'staff', staff_id: staff.t1.id, severity_class: 'minor' }), 403, 'forbidden');
  assertError(await c.gm.post(`/complaints/${t.id}/attributions`, { at_fault: true, target: 'staff', severity_class: 'minor' }), 400, 'invalid_argument', 'staff_id');
  assertError(await c.gm.post(`/complaints/${t.id}/attributions`, { at_fault: true, target: 'staff', staff_id: staff.t1.id, severity_class: 'big' }), 400, 'invalid_argument', 'severity_class');
  assertError(await c.gm.post(`/complaints/${t.id}/attributions`, { at_fault: true, target: 'staff', staff_id: 999999, severity_class: 'minor' }), 400, 'invalid_argument', 'staff_id');
  assertError(await c.gm.post(`/complaints/${t.id}/attributions`, { at_fault: true, target: 'department', severity_class: 'minor' }), 400, 'invalid_argument', 'department_id');
  // Minor, no loss: an administrative penalty published inside the department.
  const minor = await c.gm.post(`/complaints/${t.id}/attributions`, { at_fault: true, target: 'staff', staff_id: staff.t1.id, severity_class: 'minor', note: '未按规范回访' });
  assert.equal(minor.status, 201, minor.text);
  assert.equal(minor.body.penalty, 'administrative');
  assert.equal(minor.body.publish_internal, true);
  assert.equal(minor.body.department_name, '技术研发部');
  assert.ok((await notes(c.t2, 'complaint.penalty_published')).some((n) => n.title.includes(t.number)));
  // Loss: a fine of up to 40 % of the monthly bonus, the rest carried to later months.
  const loss = await c.gm.post(`/complaints/${t.id}/attributions`, { at_fault: true, target: 'staff', staff_id: staff.t1.id, severity_class: 'loss', fine_fen: 100000, bonus_fen: 100000 });
  assert.equal(loss.status, 201, loss.text);
  assert.equal(loss.body.penalty, 'fine');
  assert.equal(loss.body.percent, 40);
  assert.deepEqual(loss.body.lines.map((l) => [l.percent, l.amount_fen]), [[40, 40000], [40, 40000], [20, 20000]]);
  const months = loss.body.lines.map((l) => l.month);
  assert.equal(new Set(months).size, 3, 'three consecutive months');
  // A department: 20 % of every member's bonus.
  const dep = await c.gm.post(`/complaints/${t.id}/attributions`, { at_fault: true, target: 'department', department_id: dept.tech.id, severity_class: 'minor' });
  assert.equal(dep.status, 201, dep.text);
  assert.equal(dep.body.penalty, 'department_share');
  assert.deepEqual(dep.body.lines.map((l) => l.staff_name).sort(), ['headT', 't1', 't2']);
  assert.ok(dep.body.lines.every((l) => l.percent === 20));
  // Not at fault: no penalty.
  const none = await c.gm.post(`/complaints/${t.id}/attributions`, { at_fault: false, target: 'department', department_id: dept.impl.id });
  assert.equal(none.body.penalty, 'none');
  assert.equal((await care(t.id)).attributions.length, 4);
  // Appeal: the person attributed (or the head), decided by the GM office.
  assertError(await c.t2.post(`/complaints/attributions/${loss.body.id}/appeal`, { appeal_reason: '不是我' }), 403, 'forbidden');
  assertError(await c.t1.post(`/complaints/attributions/${loss.body.id}/appeal`, { appeal_reason: '' }), 400, 'invalid_argument', 'appeal_reason');
  assertError(await c.admin.post(`/complaints/attributions/${none.body.id}/decide`, { uphold: true, decision: 'x' }), 409, 'conflict');
  const ap = await c.t1.post(`/complaints/attributions/${loss.body.id}/appeal`, { appeal_reason: '损失由物流造成' });
  assert.equal(ap.status, 200, ap.text);
  assert.equal(ap.body.status, 'appealed');
  assert.ok((await notes(c.gm, 'complaint.appeal')).length >= 1);
  assertError(await c.t1.post(`/complaints/attributions/${loss.body.id}/appeal`, { appeal_reason: 'again' }), 409, 'conflict');
  assertError(await c.t1.post(`/complaints/attributions/${loss.body.id}/decide`, { uphold: false, decision: 'x' }), 403, 'forbidden');
  const dec = await c.gm.post(`/complaints/attributions/${loss.body.id}/decide`, { uphold: false, decision: '物流签收记录证实损失在运输中产生' });
  assert.equal(dec.status, 200, dec.text);
  assert.equal(dec.body.status, 'overturned');
  const headAppeal = await c.headT.post(`/complaints/attributions/${dep.body.id}/appeal`, { appeal_reason: '部门已整改' });
  assert.equal(headAppeal.status, 200, headAppeal.text);
  // The monthly report: JSON, CSV with BOM, XLSX.
  const month = loss.body.month;
  const rep = await c.gm.get(`/complaints/attributions?month=${month}`);
  assert.equal(rep.status, 200, rep.text);
  assert.ok(rep.body.items.length >= 4);
  assert.equal(rep.body.fines_this_month_fen, 0, 'the overturned fine no longer counts');
  const csv = await download(c.gm, `/complaints/attributions?month=${month}&format=csv`);
  assert.equal(csv.status, 200);
  assert.ok(hasBom(csv), 'BOM');
  assert.ok(csv.bytes.toString('utf8').includes(t.number));
  const xlsx = await download(c.gm, `/complaints/attributions?month=${month}&format=xlsx`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.type, /spreadsheetml/);
  assert.ok(isZip(xlsx));
  assertError(await c.gm.get('/complaints/attributions?month=2026-13'), 400, 'invalid_argument', 'month');
  assertError(await c.gm.get(`/complaints/attributions?month=${month}&format=pdf`), 400, 'invalid_argument', 'format');
  assertError(await c.clerk.get(`/complaints/attributions?month=${month}`), 403, 'forbidden');
});

// ------------------------------------------------------------------ CMP-12 history

test('CMP-5: an attitude complaint: resolved, the opinion on the staff member is due the next working day; recorded (CMP-8), HR is told', async () => {
  const causes = (await c.admin.get('/complaints/config')).body.causes;
  const cause = (code) => causes.find((k) => k.code === code);
  assert.equal(cause('implementer_attitude').attitude, true, 'the defaults: implementers\' attitude ...');
  assert.equal(cause('staff_service').attitude, true, '... and internal staff service');
  assert.equal(cause('product_quality').attitude, false);
  const clockOf = (v) => v.clocks.filter((k) => k.kind === 'opinion');
  const attitudeTicket = async () => {
    const t = await newTicket({ cause_class: 'implementer_attitude', description: '实施人员现场态度恶劣' });
    await ok(c.clerk, t.id, 'dispatch', { assignee_user_id: u.i1.id });
    await ok(c.i1, t.id, 'acknowledge');
    assert.deepEqual(clockOf(await view(t.id)), [], 'not before it is handled');
    return ok(c.i1, t.id, 'resolve', { resolution: '当面道歉，并安排当事人向客户致歉' });
  };
  const v = await attitudeTicket();
  const [k] = clockOf(v);
  assert.equal(k.state, 'running');
  // The same or the next day: one working day (every day works at this site) from the resolution.
  assert.equal(Date.parse(k.due_at), Date.parse(v.resolved_at) + DAY);
  // Any other class has no such clock.
  assert.deepEqual(clockOf(await reported()), []);

  // The opinion is the attribution to the person; HR hears of it for the assessment.
  const a = await c.gm.post(`/complaints/${v.id}/attributions`, { at_fault: true, target: 'staff', staff_id: staff.i1.id, severity_class: 'minor', note: '服务态度不佳，内部通报' });
  assert.equal(a.status, 201, a.text);
  const after = await view(v.id);
  assert.equal(clockOf(after)[0].state, 'met');
  const told = after.events.filter((e) => e.kind === 'reported_to_hr');
  assert.equal(told.length, 1);
  assert.equal(told[0].data.department_name, '人力资源部');
  const hrNotes = (await notes(c.hr1, 'complaint.attitude_opinion')).filter((n) => n.title.includes(v.number));
  assert.equal(hrNotes.length, 1, 'the HR department is told');
  assert.match(hrNotes[0].body, /i1/);
  assert.match(hrNotes[0].body, /服务态度不佳，内部通报/);
  assert.equal((await notes(c.t2, 'complaint.attitude_opinion')).length, 0, 'nobody else');
  // A product complaint's attribution tells HR nothing.
  const p = await reported();
  assert.equal((await c.gm.post(`/complaints/${p.id}/attributions`, { at_fault: false, target: 'department', department_id: dept.tech.id })).status, 201);
  assert.equal((await view(p.id)).events.filter((e) => e.kind === 'reported_to_hr').length, 0);

  // No opinion a working day after the resolution: breached, the handler and owner told.
  const late = await attitudeTicket();
  await advance(24 * 60 + 1);
  assert.equal(clockOf(await view(late.id))[0].state, 'breached');
  assert.ok((await notes(c.i1, 'complaint.breached')).some((n) => n.title.includes(late.number)));
  // Given late, it is met late and still goes to HR.
  assert.equal((await c.gm.post(`/complaints/${late.id}/attributions`, { at_fault: false, target: 'staff', staff_id: staff.i1.id, note: '经核实为误会' })).status, 201);
  assert.equal(clockOf(await view(late.id))[0].state, 'met_late');
  assert.ok((await notes(c.hr1, 'complaint.attitude_opinion')).some((n) => n.title.includes(late.number)));
  // Without a department of those names the GM office hears of it.
  assert.equal((await c.admin.put('/settings/complaints.hr_department_names', { value: '人事部' })).status, 200);
  const noHr = await attitudeTicket();
  assert.equal((await c.gm.post(`/complaints/${noHr.id}/attributions`, { at_fault: false, target: 'staff', staff_id: staff.i1.id })).status, 201);
  assert.ok((await notes(c.gm, 'complaint.attitude_opinion')).some((n) => n.title.includes(noHr.number)));
  assert.ok(!(await notes(c.hr1, 'complaint.attitude_opinion')).some((n) => n.title.includes(noHr.number)));
  assert.equal((await view(noHr.id)).events.find((e) => e.kind === 'reported_to_hr').data.department_name, '');
  assert.equal((await c.admin.put('/settings/complaints.hr_department_names', { value: '人力资源部/人事部' })).status, 200);

  // The administrator decides which classes are about attitude; a client that leaves the
  // flag out keeps it.
  const base = cause('product_quality');
  const put = (body) => c.admin.put('/complaints/config/causes/product_quality', { name_zh_cn: base.name_zh_cn, name_zh_tw: base.name_zh_tw, name_en: base.name_en, department_names: base.department_names, sort: base.sort, ...body });
  assert.equal((await put({ attitude: true })).body.attitude, true);
  assert.equal((await put({})).body.attitude, true);
  assert.equal((await put({ attitude: false })).body.attitude, false);
});

test('CMP-12: customer history, duplicates suggested at intake, merge keeps the timeline; repeat marker', async () => {
  const phone = newPhone();
  const a = await newTicket({ phone, subject: '打印机卡纸无法使用', description: '打印机卡纸' });
  const dup = await c.clerk.post('/complaints/duplicates', { phone, subject: '打印机卡纸，无法使用！' });
  assert.equal(dup.status, 200, dup.text);
  assert.deepEqual(dup.body.items.map((x) => x.id), [a.id]);
  assert.deepEqual((await c.clerk.post('/complaints/duplicates', { phone, subject: '发票抬头错误' })).body.items, []);
  assert.deepEqual((await c.clerk.post('/complaints/duplicates', { phone: newPhone(), subject: '打印机卡纸无法使用' })).body.items, []);
  assertError(await c.clerk.post('/complaints/duplicates', { phone: 'abc' }), 400, 'invalid_argument', 'phone');
  const b = await newTicket({ phone, subject: '打印机卡纸 无法使用' });
  let h = (await care(b.id)).history;
  assert.equal(h.total, 2);
  assert.deepEqual(h.previous.map((x) => x.id), [a.id]);
  assert.deepEqual(h.duplicates.map((x) => x.id), [a.id]);
  assert.equal(h.repeat, false);
  // Merge b into a.
  assertError(await c.clerk.post(`/complaints/${b.id}/merge`, { into_id: b.id, note: 'x' }), 400, 'invalid_argument', 'into_id');
  assertError(await c.clerk.post(`/complaints/${b.id}/merge`, { into_id: a.id, note: '' }), 400, 'invalid_argument', 'note');
  assertError(await c.clerk.post(`/complaints/${b.id}/merge`, { into_id: 999999, note: 'x' }), 400, 'invalid_argument', 'into_id');
  assertError(await c.outsider.post(`/complaints/${b.id}/merge`, { into_id: a.id, note: 'x' }), 403, 'forbidden');
  const m = await c.clerk.post(`/complaints/${b.id}/merge`, { into_id: a.id, note: '同一问题重复来电' });
  assert.equal(m.status, 200, m.text);
  const vb = await view(b.id);
  assert.equal(vb.status, 'archived');
  assert.equal(vb.merged_into_id, a.id);
  assert.ok(vb.clocks.every((k) => k.state !== 'running' && k.state !== 'warning'), 'its clocks stop');
  assert.deepEqual(vb.events.map((e) => e.kind).slice(0, 1), ['created'], 'its timeline is kept');
  assert.ok(vb.events.some((e) => e.kind === 'merged_into'));
  assert.ok((await view(a.id)).events.some((e) => e.kind === 'merged_from' && e.data.from_number === b.number));
  h = (await care(a.id)).history;
  assert.deepEqual(h.merged.map((x) => x.id), [b.id]);
  assertError(await c.clerk.post(`/complaints/${b.id}/merge`, { into_id: a.id, note: 'x' }), 409, 'conflict');
  const audit = await c.admin.get(`/audit?entity=complaint&entity_id=${b.id}`);
  assert.ok(audit.body.items.some((x) => x.action === 'merge'));
  // Three tickets in 30 days: the repeat-complainant marker.
  await newTicket({ phone, subject: '送货延误' });
  await newTicket({ phone, subject: '客服电话打不通' });
  h = (await care(a.id)).history;
  assert.equal(h.repeat, true);
  assert.equal(h.recent, 3, 'the merged duplicate does not count');
});

// ------------------------------------------------------------------ Pareto, improvements, reports

test('CMP-12: the cause Pareto; an improvement action tracked as a task until its effect is confirmed', async () => {
  for (const cause of ['price', 'price', 'staff_service'])
    await newTicket({ cause_class: cause, department_id: dept.impl.id });
  const p = await c.gm.get('/complaints/pareto');
  assert.equal(p.status, 200, p.text);
  const rows = p.body.items;
  assert.equal(rows[0].cause_class, 'product_quality', 'the majority first');
  assert.equal(rows.at(-1).cumulative, 100);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].count >= rows[i].count);
  assertError(await c.gm.get('/complaints/pareto?from=2026-13-01'), 400, 'invalid_argument', 'from');
  assertError(await c.gm.get('/complaints/pareto?from=2030-01-02&to=2030-01-01'), 400, 'invalid_argument', 'to');
  assertError(await c.outsider.get('/complaints/pareto'), 403, 'forbidden');
  const due = new Date(now + 5 * DAY).toISOString();
  assertError(await c.clerk.post('/complaints/improvements', { cause_class: 'price', action: '价格公示', owner_user_id: u.i1.id, due_at: due }), 403, 'forbidden');
  assertError(await c.gm.post('/complaints/improvements', { cause_class: 'nope', action: '价格公示', owner_user_id: u.i1.id, due_at: due }), 400, 'invalid_argument', 'cause_class');
  assertError(await c.gm.post('/complaints/improvements', { cause_class: 'price', action: '价格公示', owner_user_id: u.i1.id, due_at: new Date(now - DAY).toISOString() }), 400, 'invalid_argument', 'due_at');
  const m = await c.gm.post('/complaints/improvements', { cause_class: 'price', action: '在营业厅公示收费标准', owner_user_id: u.i1.id, due_at: due });
  assert.equal(m.status, 201, m.text);
  assert.ok((await notes(c.i1, 'complaint.improvement')).length >= 1);
  const tasks = await c.i1.get('/tasks');
  assert.equal(tasks.status, 200, tasks.text);
  assert.ok(tasks.body.items.some((x) => x.subject_type === 'complaint_improvement'), 'tracked as a task');
  assertError(await c.gm.post(`/complaints/improvements/${m.body.id}/confirm`, { effect_note: 'x' }), 409, 'conflict');
  assertError(await c.t1.post(`/complaints/improvements/${m.body.id}/done`, { note: 'x' }), 403, 'forbidden');
  const done = await c.i1.post(`/complaints/improvements/${m.body.id}/done`, { note: '已在大厅和网站公示' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.status, 'done');
  assertError(await c.gm.post(`/complaints/improvements/${m.body.id}/confirm`, { effect_note: '价格投诉下降' }), 409, 'conflict');
  await advance(30 * 24 * 60 + 1);
  assert.ok((await notes(c.gm, 'complaint.improvement_effect')).length >= 1, 'reviewers are told to confirm');
  assertError(await c.gm.post(`/complaints/improvements/${m.body.id}/confirm`, { effect_note: '' }), 400, 'invalid_argument', 'effect_note');
  const ok2 = await c.gm.post(`/complaints/improvements/${m.body.id}/confirm`, { effect_note: '价格投诉下降' });
  assert.equal(ok2.status, 200, ok2.text);
  assert.equal(ok2.body.status, 'confirmed');
  assert.equal(ok2.body.before_count, 2);
  assert.equal(ok2.body.after_count, 0);
  const list = await c.gm.get('/complaints/improvements?status=confirmed');
  assert.ok(list.body.items.some((x) => x.id === m.body.id));
  assertError(await c.gm.get('/complaints/improvements?status=x'), 400, 'invalid_argument', 'status');
});

test('QA-1/QA-5: reports: open and overdue by department, SLA per clock, satisfaction, at-fault rate, causes; CSV and XLSX; scope', async () => {
  const from = new Date(now - 90 * DAY + 8 * HOUR).toISOString().slice(0, 10);
  const r = await c.gm.get(`/complaints/reports?from=${from}`);
  assert.equal(r.status, 200, r.text);
  const b = r.body;
  assert.ok(b.tickets > 10);
  assert.ok(b.departments.some((d) => d.department_name === '技术研发部' && d.open > 0));
  assert.ok(b.departments.some((d) => d.overdue > 0), 'time has passed: some are overdue');
  assert.deepEqual(b.sla.map((s) => s.kind), ['first_contact', 'answer', 'callback', 'escalation', 'opinion']);
  assert.ok(b.sla.find((s) => s.kind === 'answer').decided > 0);
  // CMP-5: the attitude opinions of the test above, one in time and one late.
  const opinion = b.sla.find((s) => s.kind === 'opinion');
  assert.ok(opinion.decided >= 2 && opinion.met_in_time >= 1 && opinion.met_in_time < opinion.decided, JSON.stringify(opinion));
  assert.ok(b.satisfaction.surveys >= 4);
  assert.equal(b.satisfaction.rate, Math.round(1000 * b.satisfaction.satisfied / b.satisfaction.surveys) / 10);
  assert.ok(b.attribution.attributed >= 4);
  assert.ok(b.causes.length >= 3);
  assert.ok(b.red_alerts >= 3);
  const csv = await download(c.gm, `/complaints/reports?from=${from}&format=csv`);
  assert.ok(hasBom(csv));
  assert.ok(csv.bytes.toString('utf8').includes('技术研发部'));
  const xlsx = await download(c.gm, `/complaints/reports?from=${from}&format=xlsx`);
  assert.ok(isZip(xlsx));
  // Department scope: the head of 实施部 sees their department only.
  const mine = await c.headI.get(`/complaints/reports?from=${from}`);
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.body.departments.every((d) => d.department_id === dept.impl.id || d.department_id === null), JSON.stringify(mine.body.departments));
  // Filters.
  const tech = await c.gm.get(`/complaints/reports?from=${from}&department_id=${dept.tech.id}`);
  assert.ok(tech.body.departments.every((d) => d.department_id === dept.tech.id));
  assertError(await c.gm.get('/complaints/reports?format=doc'), 400, 'invalid_argument', 'format');
  assertError(await c.outsider.get('/complaints/reports'), 403, 'forbidden');
});

test('DATA-5: complaining customers are a retention part with their own two-person setting', async () => {
  const s = (await c.admin.get('/settings')).body.items.find((x) => x.key === 'complaints.retention_days');
  assert.equal(s.value, 1095);
  assert.equal(s.two_person, true);
  const preview = await c.admin.get('/retention');
  assert.equal(preview.status, 200, preview.text);
  const part = preview.body.parts.find((p) => p.key === 'complaint_customers');
  assert.ok(part, JSON.stringify(preview.body));
  assert.equal(part.retention_days, 1095);
  assert.equal(part.count, 0, 'nobody is three years old yet');
});
