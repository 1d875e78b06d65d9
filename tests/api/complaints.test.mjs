// Customer complaints as work orders (DOMAIN.md CMP-1..6, CMP-11, CMP-13, GEN-6, TEL-6)
// against the real binary, on SQLite and PostgreSQL: intake from every channel (staff on
// site, the phone desk's call, the public web form with its honeypot and rate limit, e-mail
// in with an API token), human numbers, routing by cause class and least-loaded
// assignment on duty, the whole closed loop with the notice round trip and the review gate,
// illegal transitions (409 with the state, nothing changed), owner sign-off, department
// scope, the escalation ladder by hand and on breach, and the clocks on the server's test
// clock: over a holiday, warning and breach, pause excluded, the agreed deadline winning,
// the callback clock and an unsatisfied callback reopening the ticket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.mjs';

let srv;
const c = {};      // signed-in clients by name
const u = {};      // user records by name
const staff = {};  // staff records by name
const dept = {};
let site;          // every day a working day, no holidays
let holidaySite;   // every day a working day, tomorrow a public holiday
const PASSWORD = 'Passw0rd-1';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const USERS = {
  clerk: ['customer_service'],  // 客服: intake, first-contact owner
  clerk2: ['customer_service'],
  desk: ['front_desk'],         // the phone desk (TEL-6)
  gm: ['gm_office'],            // reviews; the top of the ladder
  headT: ['dept_head', 'host'], // head of 技术研发部
  supT: ['host'],               // supervisor of 技术研发部 (CMP-5 rung 1)
  t1: ['host'], t2: ['host'],   // 技术研发部 members
  i1: ['host'], i2: ['host'], i3: ['host'],  // 实施部 members
  headI: ['dept_head', 'host'], // head of 实施部 (department scope)
  outsider: ['host'],           // no complaint permissions at all
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

let now = 0;  // the server's clock
async function advance(minutes) {
  const r = await c.admin.post('/test/clock', { advance_minutes: minutes });
  assert.equal(r.status, 200, r.text);
  now = Date.parse(r.body.now);
  await signInAll();  // sessions expire as the clock moves on
  return r.body;
}

// The site-local (Asia/Shanghai, UTC+8) date of an instant: "2026-11-22".
const localDay = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

async function intake(body = {}, client = c.clerk) {
  return client.post('/complaints', {
    site_id: site.id, channel: 'onsite', customer_name: '陈女士', phone: '13812345678',
    description: '系统升级后报表无法导出', ...body,
  });
}

async function newTicket(body = {}, client = c.clerk) {
  const r = await intake(body, client);
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
// A ticket as the page shows it, without the minutes left (they move with the clock).
const stable = (v) => ({ ...v, clocks: v.clocks.map(({ time_left_minutes: _, ...k }) => k) });
const clock = (v, kind) => v.clocks.filter((k) => k.kind === kind).at(-1);
const events = (v, kind) => v.events.filter((e) => e.kind === kind);
// The open tasks of a ticket's clocks in `client`'s task list (CMP-5).
async function clockTasks(client, ticket) {
  const ids = new Set(ticket.clocks.map((k) => k.id));
  const r = await client.get('/tasks');
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((x) => x.subject_type === 'complaint_clock' && ids.has(x.subject_id));
}
const notes = async (client, topic) =>
  (await client.get('/notifications?page_size=200')).body.items.filter((n) => n.topic === topic);

// A dispatched ticket of 技术研发部 handled by `handler` (named, not picked).
async function dispatchedTo(handler, extra = {}) {
  const t = await newTicket({ cause_class: 'product_quality', ...extra });
  return ok(c.clerk, t.id, 'dispatch', { assignee_user_id: u[handler].id });
}

before(async () => {
  srv = await startServer({ env: { YINGBIN_TEST_CLOCK: '1' } });
  c.admin = await srv.login();
  const admin = c.admin;
  const mk = async (path, body) => {
    const r = await admin.post(path, body);
    assert.equal(r.status, 201, `${path}: ${r.text}`);
    return r.body;
  };
  site = await mk('/sites', { name: '客服中心', code: 'CMP', time_zone: 'Asia/Shanghai' });
  holidaySite = await mk('/sites', { name: '分公司', code: 'HOL', time_zone: 'Asia/Shanghai' });
  for (const s of [site, holidaySite]) {
    const r = await admin.patch(`/sites/${s.id}/calendar`, { working_weekdays: [1, 2, 3, 4, 5, 6, 7] });
    assert.equal(r.status, 200, r.text);
  }
  // CMP-3 defaults resolve by name: 技术研发部 and 实施部 exist; 售后服务部 does not.
  dept.tech = await mk('/departments', { name: '技术研发部', site_id: site.id });
  dept.impl = await mk('/departments', { name: '实施部', site_id: site.id });
  dept.admin = await mk('/departments', { name: '行政部', site_id: site.id });
  const deptOf = { headT: dept.tech.id, headI: dept.impl.id };
  for (const [name, roles] of Object.entries(USERS))
    u[name] = await srv.createUser({ username: name, roles, password: PASSWORD, department_id: deptOf[name] ?? null, display_name: name });
  const staffDept = { t1: dept.tech.id, t2: dept.tech.id, i1: dept.impl.id, i2: dept.impl.id, i3: dept.impl.id };
  for (const name of ['t1', 't2', 'i1', 'i2', 'i3', 'headT', 'supT', 'headI', 'clerk', 'gm'])
    staff[name] = await mk('/staff', { name, site_id: site.id, department_id: staffDept[name] ?? null, user_id: u[name].id });
  for (const [d, head] of [[dept.tech, 'headT'], [dept.impl, 'headI']]) {
    const r = await admin.patch(`/departments/${d.id}`, { head_staff_id: staff[head].id });
    assert.equal(r.status, 200, r.text);
  }
  await signInAll();
  await advance(0);
});
after(async () => { await srv?.stop(); });

// ------------------------------------------------------------------ intake (CMP-1)

test('CMP-1/GEN-6: a clerk registers an on-site complaint: numbered TS+local day, owned by the clerk, clocks started', async () => {
  const a = await newTicket({ subject: '报表导出失败', customer_request: '今天内恢复' });
  const b = await newTicket({ channel: 'phone', type: 'consultation' });
  const day = localDay(Date.parse(a.created_at)).replaceAll('-', '');
  assert.match(a.number, new RegExp(`^TS${day}-\\d{4}$`));
  assert.equal(Number(b.number.slice(-4)), Number(a.number.slice(-4)) + 1, 'the day\'s sequence');
  assert.equal(a.status, 'received');
  assert.equal(a.channel, 'onsite');
  assert.equal(a.owner_user_id, u.clerk.id, 'GEN-6: the first contact owns it');
  assert.equal(a.owner_name, 'clerk');
  assert.equal(a.customer.phone.includes('****'), true, 'DATA-2: masked');
  assert.deepEqual(a.clocks.map((k) => k.kind).sort(), ['answer', 'first_contact']);
  assert.equal(events(a, 'created').length, 1);
  // 投诉: first contact 1 working day, answer 7 (every day works at this site).
  const start = Date.parse(a.created_at);
  assert.equal(Date.parse(clock(a, 'first_contact').due_at), start + DAY);
  assert.equal(Date.parse(clock(a, 'answer').due_at), start + 7 * DAY);
  assert.equal(Date.parse(a.next_due_at), start + DAY, 'the ticket is due when its first clock is');
  // 咨询 has its own limits: answer in 3 working days.
  assert.equal(Date.parse(clock(b, 'answer').due_at), Date.parse(b.created_at) + 3 * DAY);
  assert.equal(Date.parse(b.next_due_at), Math.min(...b.clocks.map((k) => Date.parse(k.due_at))));
  // The customer is found again by phone.
  const again = await newTicket({ customer_name: '陈女士', phone: '138 1234 5678' });
  assert.equal(again.customer.id, a.customer.id);
  // The owner may reveal the number to call back (audited).
  const phone = await c.clerk.post(`/complaints/${a.id}/reveal-phone`, {});
  assert.equal(phone.status, 200, phone.text);
  assert.equal(phone.body.phone, '13812345678');
  // The prefix is a setting.
  assert.equal((await c.admin.put('/settings/complaints.number_prefix', { value: 'KF' })).status, 200);
  const kf = await newTicket();
  assert.match(kf.number, new RegExp(`^KF\\d{8}-\\d{4}$`));
  assert.equal((await c.admin.put('/settings/complaints.number_prefix', { value: 'TS' })).status, 200);
});

test('CMP-1: bad intake is refused on its field and stores nothing', async () => {
  const before = (await c.admin.get('/complaints?page_size=1')).body.total;
  assertError(await intake({ customer_name: '' }), 400, 'invalid_argument', 'customer_name');
  assertError(await intake({ description: '' }), 400, 'invalid_argument', 'description');
  assertError(await intake({ channel: 'fax' }), 400, 'invalid_argument', 'channel');
  assertError(await intake({ type: 'nonsense' }), 400, 'invalid_argument', 'type');
  assertError(await intake({ phone: '12' }), 400, 'invalid_argument', 'phone');
  assertError(await intake({ site_id: 99999 }), 400, 'invalid_argument', 'site_id');
  assertError(await intake({ cause_class: 'nonsense' }), 400, 'invalid_argument', 'cause_class');
  assertError(await intake({ agreed_deadline: new Date(now - HOUR).toISOString() }), 400, 'invalid_argument', 'agreed_deadline');
  assertError(await intake({}, c.outsider), 403, 'forbidden');
  const r = await intake({ description: '' });
  assert.match(r.body.error.message, /投诉内容/, 'the field is named as a complaint names it');
  assert.equal((await c.admin.get('/complaints?page_size=1')).body.total, before);
});

test('TEL-6: a phone call logged with the outcome "complaint" becomes a ticket in the same transaction', async () => {
  const r = await c.desk.post('/calls', {
    site_id: site.id, outcome: 'complaint', caller_name: '周先生', organisation: '华联超市',
    phone: '13900002222', matter: '收银系统每天下午卡顿',
  });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.complaint?.number, r.text);
  const t = await view(r.body.complaint.id, c.desk);  // the desk clerk owns it (GEN-6)
  assert.equal(t.channel, 'phone');
  assert.equal(t.call_id, r.body.call.id);
  assert.equal(t.call_number, r.body.call.number);
  assert.equal(t.owner_user_id, u.desk.id);
  assert.equal(t.customer.name, '周先生');
  assert.equal(t.description, '收银系统每天下午卡顿');
  // Without what it is about, neither the call nor a ticket is stored.
  const calls = (await c.desk.get(`/calls?site_id=${site.id}`)).body.total;
  const tickets = (await c.admin.get('/complaints?page_size=1')).body.total;
  assertError(await c.desk.post('/calls', { site_id: site.id, outcome: 'complaint', caller_name: '周先生' }), 400, 'invalid_argument', 'matter');
  assert.equal((await c.desk.get(`/calls?site_id=${site.id}`)).body.total, calls);
  assert.equal((await c.admin.get('/complaints?page_size=1')).body.total, tickets);
});

test('CMP-1: the public web form: no sign-in, a honeypot, phone or e-mail required; the ticket waits to be claimed (GEN-6)', async () => {
  const anon = srv.anon();
  const form = await anon.get('/public/complaint-form');
  assert.equal(form.status, 200, form.text);
  assert.ok(form.body.types.some((t) => t.code === 'complaint' && t.name_en === 'Complaint'));
  const r = await anon.post('/public/complaints', { site_id: site.id, type: 'suggestion', customer_name: 'Ms Lee', email: 'Lee@Example.com', description: '希望增加周末服务时间' });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.number, /^TS\d{8}-\d{4}$/);
  const found = (await c.clerk.get(`/complaints?number=${r.body.number}`)).body.items[0];
  assert.equal(found.channel, 'web');
  assert.equal(found.owner_user_id, null, 'nobody took it yet');
  assert.equal(found.customer.email, 'lee@example.com');
  assert.ok((await notes(c.clerk, 'complaint.received')).some((n) => n.title.includes(r.body.number)), 'the clerks are told');
  // A bot fills the hidden field: answered alike, nothing stored.
  const total = (await c.admin.get('/complaints?page_size=1')).body.total;
  const bot = await anon.post('/public/complaints', { customer_name: 'x', email: 'x@example.com', description: 'buy now', website: 'http://spam.example' });
  assert.equal(bot.status, 201);
  assert.equal(bot.body.number, null);
  assert.equal((await c.admin.get('/complaints?page_size=1')).body.total, total);
  assertError(await anon.post('/public/complaints', { customer_name: '匿名', description: '无法联系' }), 400, 'invalid_argument', 'phone');
  // GEN-6: a clerk claims it and owns it from then on; a second claim is refused.
  const claimed = await ok(c.clerk2, found.id, 'claim');
  assert.equal(claimed.owner_user_id, u.clerk2.id);
  assertError(await act(c.clerk, found.id, 'claim'), 409, 'conflict');
  // The public form's address as a QR code for the counter.
  const qr = await c.clerk.get(`/complaints/public-form?site_id=${site.id}`);
  assert.equal(qr.status, 200, qr.text);
  assert.match(qr.body.url, new RegExp(`/complain\\?site=${site.id}$`));
  assert.match(qr.body.qr_svg, /^<svg/);
});

test('CMP-1: the public form is rate-limited per address', async () => {
  assert.equal((await c.admin.put('/settings/complaints.public_per_minute', { value: 2 })).status, 200);
  const anon = srv.anon();
  const statuses = [];
  for (let i = 0; i < 6; i++)
    statuses.push((await anon.post('/public/complaints', { customer_name: '刷单', phone: '13000000000', description: `第${i}条` })).status);
  assert.ok(statuses.includes(429), statuses.join(','));
  assert.equal((await c.admin.put('/settings/complaints.public_per_minute', { value: 600 })).status, 200);
});

test('CMP-1: e-mail in through the mail gateway\'s API token: sender parsed, customer found by address', async () => {
  const tok = await c.admin.post('/tokens', { name: 'mail gateway', kind: 'integration', scopes: ['complaints.inbound'] });
  assert.equal(tok.status, 201, tok.text);
  const gw = srv.anon();
  gw.bearer = tok.body.secret;
  const r = await gw.post('/complaints/inbound', { from: '王经理 <Wang@Customer.example>', subject: '发票金额有误', text: '十月份发票金额比合同多了 200 元。' });
  assert.equal(r.status, 201, r.text);
  const t = await view(r.body.id);
  assert.equal(t.channel, 'email');
  assert.equal(t.customer.name, '王经理');
  assert.equal(t.customer.email, 'wang@customer.example');
  assert.equal(t.subject, '发票金额有误');
  assert.equal(t.owner_user_id, null);
  const again = await gw.post('/complaints/inbound', { from: 'wang@customer.example', text: '补充：合同编号 HT-2026-88。' });
  assert.equal(again.status, 201, again.text);
  assert.equal((await view(again.body.id)).customer.id, t.customer.id);
  assertError(await gw.post('/complaints/inbound', { from: 'not an address', text: 'x' }), 400, 'invalid_argument', 'from');
  // A token without the scope, or a clerk's session, may not post e-mails in.
  assertError(await c.clerk.post('/complaints/inbound', { from: 'a@b.example', text: 'x' }), 403, 'forbidden');
});

test('audit: an intake\'s audit row holds the ticket exactly as it is read back, however it came in', async () => {
  // The intake writes its audit row from the ticket as written (no read-back for an
  // unclassified one): it must match what is read afterwards, joined names included.
  const view_keys = ['events', 'clocks', 'notices', 'notice', 'actions', 'unrouted', 'visible'];
  async function auditedAsRead(id) {
    const read = await view(id);
    for (const k of view_keys) delete read[k];
    const rows = (await c.admin.get(`/audit?entity=complaint&entity_id=${id}`)).body.items;
    const created = rows.filter((r) => r.action === 'create');
    assert.equal(created.length, 1);
    assert.deepEqual(created[0].after, read);
    return read;
  }
  // A new customer by phone, with an organisation and an e-mail.
  const first = await newTicket({ customer_name: '周先生', phone: '139 0000 1111', organisation: '甲公司', email: 'Zhou@A.example', subject: '审计比对' });
  let t = await auditedAsRead(first.id);
  assert.equal(t.owner_name, 'clerk');
  assert.equal(t.site_name, site.name);
  assert.equal(t.type_name, '投诉');
  // The same phone again: a new name; the organisation and e-mail left empty are kept.
  t = await auditedAsRead((await newTicket({ customer_name: '周总', phone: '13900001111', channel: 'phone' })).id);
  assert.equal(t.customer.id, first.customer.id);
  assert.deepEqual([t.customer.name, t.customer.organisation, t.customer.email], ['周总', '甲公司', 'zhou@a.example']);
  // The public form, by e-mail: nobody owns it.
  const r = await srv.anon().post('/public/complaints', { site_id: site.id, type: 'suggestion', customer_name: '吴女士', email: 'Wu@B.example', description: '审计比对（网页）' });
  assert.equal(r.status, 201, r.text);
  t = await auditedAsRead((await c.clerk.get(`/complaints?number=${r.body.number}`)).body.items[0].id);
  assert.equal(t.owner_user_id, null);
  assert.equal(t.owner_name, '');
  // Found again by e-mail alone.
  const wu = t.customer.id;
  t = await auditedAsRead((await newTicket({ customer_name: '吴经理', phone: '', email: 'wu@b.example' })).id);
  assert.deepEqual([t.customer.id, t.customer.name, t.customer.phone], [wu, '吴经理', '']);
  // Classified and dispatched at intake (read back: department, handler and cause are joined).
  t = await auditedAsRead((await newTicket({ customer_name: '郑先生', phone: '13900003333', cause_class: 'product_quality', dispatch_now: true })).id);
  assert.equal(t.status, 'dispatched');
  assert.ok(t.department_name && t.assignee_name && t.cause_name);
});

// ------------------------------------------------------------------ routing (CMP-2, CMP-3)

test('CMP-2/CMP-3: the routing matrix resolves its department names; an unrouted class says so', async () => {
  const cfg = (await c.clerk.get('/complaints/config')).body;
  const cause = (code) => cfg.causes.find((k) => k.code === code);
  assert.equal(cause('product_quality').routed_department_id, dept.tech.id);
  assert.equal(cause('operation').routed_department_id, dept.impl.id);
  assert.equal(cause('staff_service').routed_department_id, dept.admin.id);
  assert.equal(cause('support_service').unrouted, true, '售后服务部 does not exist');
  assert.equal(cfg.types.find((t) => t.code === 'complaint').answer_limit, 7);
  // An unrouted ticket is classified without a department and cannot be dispatched.
  const t = await newTicket();
  const classified = await ok(c.clerk, t.id, 'classify', { cause_class: 'support_service' });
  assert.equal(classified.department_id, null);
  assert.equal(classified.unrouted, true);
  assertError(await act(c.clerk, t.id, 'dispatch'), 409, 'conflict', 'department_id');
  // The administrator routes the class; the matrix is data, audited.
  assertError(await c.clerk.put('/complaints/config/causes/support_service', { name_zh_cn: 'x', name_zh_tw: 'x', name_en: 'x' }), 403, 'forbidden');
  const put = await c.admin.put('/complaints/config/causes/support_service', { ...cause('support_service'), department_id: dept.impl.id, reason: '售后归实施部' });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.routed_department_id, dept.impl.id);
  const again = await ok(c.clerk, t.id, 'classify', { cause_class: 'support_service' });
  assert.equal(again.department_id, dept.impl.id);
  // ... and a type's limits.
  const type = cfg.types.find((x) => x.code === 'repair');
  const tp = await c.admin.put('/complaints/config/types/repair', { ...type, answer_limit: 2 });
  assert.equal(tp.status, 200, tp.text);
  assert.equal(tp.body.answer_limit, 2);
  assertError(await c.admin.put('/complaints/config/types/repair', { ...type, answer_limit: -1 }), 400, 'invalid_argument', 'answer_limit');
});

test('CMP-3: dispatch goes to the least-loaded member on duty, then lowest id; an absent member is passed over', async () => {
  const pick = async () => {
    const t = await newTicket({ cause_class: 'operation', dispatch_now: true });
    assert.equal(t.status, 'dispatched', JSON.stringify(t));
    assert.equal(t.department_id, dept.impl.id);
    return t.assignee_user_id;
  };
  // Ties go to the lowest id; everyone gets one before anyone gets two.
  assert.equal(await pick(), u.i1.id);
  assert.equal(await pick(), u.i2.id);
  assert.equal(await pick(), u.i3.id);
  assert.equal(await pick(), u.i1.id);
  // i2 is on leave today (roster): i3 (one ticket) gets it, not i2.
  const abs = await c.admin.post('/roster/absences', { staff_id: staff.i2.id, kind: 'leave', from_date: localDay(now), site_id: site.id });
  assert.equal(abs.status, 201, abs.text);
  assert.equal(await pick(), u.i3.id);
  const del = await c.admin.del(`/roster/absences/${abs.body.id}`);
  assert.ok(del.status === 204 || del.status === 200, del.text);
  assert.equal(await pick(), u.i2.id);
});

// ------------------------------------------------------------------ the loop (CMP-4, CMP-6)

test('CMP-4/CMP-6: the whole loop: received → classified → dispatched → in progress → resolved → reviewed → reported → called back → archived', async () => {
  // Its own customer: the shared test phone is a repeat complainant by now (a red alert,
  // CMP-7, would join the timeline).
  const t = await newTicket({ subject: '报表导出失败', phone: '13700001111' });
  let v = await ok(c.clerk, t.id, 'classify', { cause_class: 'product_quality', severity: 'serious' });
  assert.equal(v.status, 'classified');
  assert.equal(v.department_id, dept.tech.id);
  assert.equal(v.severity, 'serious');
  v = await ok(c.clerk, t.id, 'dispatch', { assignee_user_id: u.t1.id });
  assert.equal(v.status, 'dispatched');
  assert.equal(v.notice.department_id, dept.tech.id);
  assert.equal(v.notice.acknowledged_at, null);
  assert.ok((await notes(c.t1, 'complaint.dispatched')).some((n) => n.title.includes(t.number)), 'the handler is told');
  // The handler sees the ticket although they hold no complaint permission.
  assert.deepEqual((await view(t.id, c.t1)).actions.slice(0, 1), ['acknowledge']);
  v = await ok(c.t1, t.id, 'acknowledge');
  assert.equal(v.status, 'in_progress');
  assert.ok(v.notice.acknowledged_at);
  v = await ok(c.t1, t.id, 'contact', { note: '已致电客户，说明排查进度' });  // CMP-13
  assert.equal(clock(v, 'first_contact').state, 'met');
  // The review gate: the notice must come back first (CMP-4).
  v = await ok(c.t1, t.id, 'resolve', { resolution: '修复导出模板，已验证' });
  assert.equal(v.status, 'resolved');
  assert.equal(clock(v, 'answer').state, 'met');
  assert.equal(clock(v, 'callback').state, 'running');
  assert.equal(Date.parse(clock(v, 'callback').due_at), Date.parse(v.resolved_at) + 24 * HOUR, 'CMP-6: 24 h');
  assertError(await act(c.gm, t.id, 'review'), 409, 'conflict');
  const gate = await act(c.gm, t.id, 'review');
  assert.match(gate.body.error.message, /告知单/);
  assertError(await act(c.t1, t.id, 'notice', { cause: '模板字段变更', fix: '' , responsible_person: '王工' }), 400, 'invalid_argument', 'fix');
  v = await ok(c.t1, t.id, 'notice', { cause: '升级后模板字段变更', fix: '修复模板并增加回归测试', responsible_person: '王工' });
  assert.ok(v.notice.returned_at);
  assert.equal(v.notice.handled_on, localDay(now));
  assert.ok((await notes(c.clerk, 'complaint.notice_returned')).some((n) => n.title.includes(t.number)), 'the owner is told');
  assertError(await act(c.t1, t.id, 'review'), 403, 'forbidden');  // not a reviewer
  v = await ok(c.gm, t.id, 'review');
  assert.equal(v.status, 'reviewed');
  v = await ok(c.clerk, t.id, 'report', { note: '电话告知客户处理结果' });
  assert.equal(v.status, 'reported');
  v = await ok(c.clerk, t.id, 'callback', { satisfied: true, note: '客户表示满意' });
  assert.equal(v.status, 'called_back');
  assert.equal(v.satisfied, true);
  assert.equal(clock(v, 'callback').state, 'met');
  // GEN-6: only the owner signs off (or the GM office, with a reason).
  assertError(await act(c.admin, t.id, 'archive', { note: '' }), 400, 'invalid_argument', 'note');
  assertError(await act(c.t1, t.id, 'archive'), 403, 'forbidden');
  v = await ok(c.clerk, t.id, 'archive');
  assert.equal(v.status, 'archived');
  assert.equal(v.archived_by, u.clerk.id);
  assert.deepEqual(v.actions, ['note'], 'an archived ticket is only annotated');
  assert.deepEqual(v.events.map((e) => e.kind), ['created', 'classify', 'dispatch', 'acknowledge', 'contact', 'resolve', 'return_notice', 'review', 'report', 'callback_satisfied', 'archive']);
  const audit = await c.admin.get(`/audit?entity=complaint&entity_id=${t.id}`);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.body.items.length >= 11, 'every step is audited');
});

test('CMP-4: illegal transitions answer 409 with the current state and change nothing', async () => {
  const t = await newTicket();
  const before = await view(t.id);
  for (const [action, body] of [['resolve', { resolution: 'x' }], ['dispatch', {}], ['acknowledge', {}], ['review', {}], ['report', { note: 'x' }], ['archive', { note: 'x' }], ['escalate', { note: 'x' }]]) {
    const r = await act(c.admin, t.id, action, body);
    assertError(r, 409, 'conflict');
    assert.equal(r.body.error.state, 'received', action);
    assert.match(r.body.error.message, /已受理/);
  }
  const cb = await c.admin.post(`/complaints/${t.id}/callback`, { satisfied: true });
  assertError(cb, 409, 'conflict');
  const after = await view(t.id);
  assert.deepEqual(stable(after), stable(before), 'nothing changed');
  // In English, the state is named in English.
  c.admin.lang = 'en';
  const en = await act(c.admin, t.id, 'resolve', { resolution: 'x' });
  assert.match(en.body.error.message, /"received" cannot "resolve"/);
  c.admin.lang = 'zh-CN';
  // Someone who may not see it: 403, not a hint of its state.
  assertError(await act(c.outsider, t.id, 'classify', { cause_class: 'price' }), 403, 'forbidden');
  assertError(await c.outsider.get(`/complaints/${t.id}`), 403, 'forbidden');
  assertError(await c.admin.get('/complaints/99999999'), 404, 'not_found');
});

test('CMP-6: an unsatisfied callback reopens the ticket (count kept) unless the review accepts it', async () => {
  const loop = async () => {
    const t = await dispatchedTo('t2');
    await ok(c.t2, t.id, 'acknowledge');
    await ok(c.t2, t.id, 'notice', { cause: '网络配置', fix: '调整配置', responsible_person: '李工' });
    await ok(c.t2, t.id, 'resolve', { resolution: '已调整' });
    await ok(c.gm, t.id, 'review');
    await ok(c.clerk, t.id, 'report', { note: '已告知' });
    return t;
  };
  const t = await loop();
  assertError(await c.clerk.post(`/complaints/${t.id}/callback`, { satisfied: false }), 400, 'invalid_argument', 'note');
  let v = (await c.clerk.post(`/complaints/${t.id}/callback`, { satisfied: false, note: '问题仍然存在' })).body;
  assert.equal(v.status, 'in_progress');
  assert.equal(v.reopen_count, 1);
  assert.equal(v.satisfied, false);
  assert.equal(v.assignee_user_id, u.t2.id);
  assert.equal(clock(v, 'answer').state, 'running', 'a new answer clock');
  assert.ok((await notes(c.t2, 'complaint.reopened')).some((n) => n.title.includes(t.number)));
  // Round two, then the review accepts it although the customer is still unhappy.
  await ok(c.t2, t.id, 'resolve', { resolution: '更换设备' });
  await ok(c.gm, t.id, 'review');
  await ok(c.clerk, t.id, 'report', { note: '已告知' });
  assertError(await c.clerk.post(`/complaints/${t.id}/callback`, { satisfied: false, accept: true, note: 'x' }), 403, 'forbidden');
  v = (await c.gm.post(`/complaints/${t.id}/callback`, { satisfied: false, accept: true, note: '诉求超出合同范围，复核认可结案' })).body;
  assert.equal(v.status, 'called_back');
  assert.equal(v.reopen_count, 1);
  // The GM office signs off for the owner, with a reason.
  v = await ok(c.gm, t.id, 'archive', { note: '首问负责人休假，总经办代为结案' });
  assert.equal(v.status, 'archived');
  assert.equal(events(v, 'archive')[0].data.signed_off_by_owner, false);
  // The review sends a resolution back.
  const s = await dispatchedTo('t2');
  await ok(c.t2, s.id, 'acknowledge');
  await ok(c.t2, s.id, 'resolve', { resolution: '重启服务' });
  assertError(await act(c.gm, s.id, 'reject-review'), 400, 'invalid_argument', 'note');
  const back = await ok(c.gm, s.id, 'reject-review', { note: '未找到根本原因' });
  assert.equal(back.status, 'in_progress');
  assert.equal(clock(back, 'callback').state, 'cancelled');
});

test('GEN-6: a transfer changes the handler or the department, never the owner', async () => {
  const t = await dispatchedTo('t1');
  await ok(c.t1, t.id, 'acknowledge');
  assertError(await act(c.t1, t.id, 'transfer', { assignee_user_id: u.t2.id }), 400, 'invalid_argument', 'note');
  let v = await ok(c.t1, t.id, 'transfer', { assignee_user_id: u.t2.id, note: '李工更熟悉该模块' });
  assert.equal(v.assignee_user_id, u.t2.id);
  assert.equal(v.owner_user_id, u.clerk.id);
  assert.equal(v.status, 'in_progress');
  // To another department: a new notice goes there, to be acknowledged anew.
  v = await ok(c.clerk, t.id, 'transfer', { department_id: dept.impl.id, note: '实为操作问题' });
  assert.equal(v.department_id, dept.impl.id);
  assert.equal(v.status, 'dispatched');
  assert.equal(v.owner_user_id, u.clerk.id);
  assert.equal(v.notices.length, 2);
  assert.equal(v.notice.department_id, dept.impl.id);
  assertError(await act(c.clerk, t.id, 'transfer', { department_id: dept.impl.id, note: 'x' }), 400, 'invalid_argument', 'department_id');
});

test('department scope: a department head sees and works the tickets of their department only', async () => {
  const mine = await newTicket({ cause_class: 'operation', dispatch_now: true });
  const other = await dispatchedTo('t1');
  const list = (await c.headI.get('/complaints?status=open&page_size=500')).body.items;
  assert.ok(list.some((t) => t.id === mine.id));
  assert.ok(!list.some((t) => t.id === other.id));
  assert.ok(list.every((t) => t.department_id === dept.impl.id || t.department_id === null));
  assertError(await c.headI.get(`/complaints/${other.id}`), 403, 'forbidden');
  assertError(await act(c.headI, other.id, 'notes', { note: 'x' }), 403, 'forbidden');
  assert.ok((await view(mine.id, c.headI)).actions.includes('transfer'));
  // The department's open list, soonest due first (the index behind it: department, open, due).
  const open = (await c.headI.get(`/complaints?department_id=${dept.impl.id}`)).body.items;
  const dues = open.map((t) => t.next_due_at).filter(Boolean).map(Date.parse);
  assert.deepEqual(dues, [...dues].sort((a, b) => a - b));
  // Without complaints.read a user sees only what they own or handle.
  const own = (await c.t1.get('/complaints?page_size=500')).body.items;
  assert.ok(own.length > 0 && own.every((t) => t.assignee_user_id === u.t1.id || t.owner_user_id === u.t1.id));
  assertError(await c.t1.get('/complaints/overdue'), 403, 'forbidden');
});

// ------------------------------------------------------------------ ladder (CMP-5, CMP-11)

test('CMP-5/CMP-11: escalating by hand reassigns up the ladder: supervisor → head → GM office, each told and audited', async () => {
  // Without a supervisor the head is rung 1; with one, the supervisor.
  const cfg = (await c.admin.get('/complaints/config')).body;
  assert.equal(cfg.departments.find((d) => d.department_id === dept.tech.id).head_user_id, u.headT.id);
  const put = await c.admin.put(`/complaints/config/departments/${dept.tech.id}`, { supervisor_user_id: u.supT.id });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.supervisor_user_id, u.supT.id);
  const t = await dispatchedTo('t1');
  assertError(await act(c.t1, t.id, 'escalate', {}), 400, 'invalid_argument', 'note');
  let v = await ok(c.t1, t.id, 'escalate', { note: '客户情绪激动，请主管出面' });
  assert.equal(v.assignee_user_id, u.supT.id);
  assert.equal(v.ladder_step, 1);
  assert.equal(v.visible, false, 'handed up: the handler no longer follows it');
  assertError(await c.t1.get(`/complaints/${t.id}`), 403, 'forbidden');
  assert.equal(clock(await view(t.id), 'escalation').state, 'running', 'the rung has its own deadline');
  v = await ok(c.supT, t.id, 'escalate', { note: '需部门负责人协调' });
  assert.equal(v.assignee_user_id, u.headT.id);
  assert.equal(v.ladder_step, 2);
  v = await ok(c.headT, t.id, 'escalate', { note: '重大问题，报总经办' });
  assert.equal(v.assignee_user_id, u.gm.id);
  assert.equal(v.ladder_step, 3);
  assert.equal(v.owner_user_id, u.clerk.id, 'the owner stays');
  const r = await act(c.gm, t.id, 'escalate', { note: '再升级' });
  assertError(r, 409, 'conflict');
  assert.match(r.body.error.message, /CMP-5/);
  const steps = events(v, 'escalated').map((e) => [e.data.to_step, e.data.by]);
  assert.deepEqual(steps, [[1, 'hand'], [2, 'hand'], [3, 'hand']]);
  assert.ok((await notes(c.supT, 'complaint.escalated')).some((n) => n.title.includes(t.number)));
  assert.ok((await notes(c.gm, 'complaint.escalated')).some((n) => n.title.includes(t.number)));
  assert.ok((await notes(c.clerk, 'complaint.escalated')).some((n) => n.title.includes(t.number)), 'the owner follows it');
});

test('CMP-5: an agitated customer\'s case goes straight to the supervisor, with one rung\'s time', async () => {
  const t = await newTicket({ agitated: true, cause_class: 'product_quality', dispatch_now: true });
  assert.equal(t.assignee_user_id, u.supT.id);
  assert.equal(t.ladder_step, 1);
  assert.equal(clock(t, 'escalation').state, 'running');
  assert.equal(Date.parse(clock(t, 'escalation').due_at), Date.parse(t.created_at) + DAY, '1 working day');
  // Named by hand, it goes to whom it is given.
  const named = await newTicket({ agitated: true, cause_class: 'product_quality' });
  const v = await ok(c.clerk, named.id, 'dispatch', { assignee_user_id: u.t1.id });
  assert.equal(v.assignee_user_id, u.t1.id);
  assert.equal(v.ladder_step, 0);
});

// ------------------------------------------------------------------ clocks (CMP-5, CMP-6)

test('CMP-5: pause while waiting on the customer: the paused time is excluded; moves need a resume', async () => {
  const t = await dispatchedTo('t2');
  const due = Date.parse(clock(t, 'first_contact').due_at);
  const answer = Date.parse(clock(t, 'answer').due_at);
  assertError(await act(c.t2, t.id, 'pause', {}), 400, 'invalid_argument', 'note');
  let v = await ok(c.t2, t.id, 'pause', { note: '等待客户提供日志' });
  assert.equal(v.paused, true);
  assert.equal(clock(v, 'first_contact').state, 'paused');
  const r = await act(c.t2, t.id, 'acknowledge');
  assertError(r, 409, 'conflict');
  assert.match(r.body.error.message, /恢复/);
  await advance(30 * 60);  // 30 h: past the first-contact due time, but paused
  v = await view(t.id);
  assert.equal(clock(v, 'first_contact').state, 'paused');
  assert.equal(events(v, 'clock_breached').length, 0, 'no breach while paused');
  v = await ok(c.t2, t.id, 'resume');
  assert.equal(v.paused, false);
  // Every day works at this site: 30 h paused is 30 h later (plus the seconds the test took).
  const within = (x, lo) => assert.ok(x >= lo && x <= lo + 2 * MIN, `${x - lo} ms over`);
  const paused = Date.parse(events(v, 'resume')[0].at) - Date.parse(events(v, 'pause')[0].at);
  within(paused, 30 * HOUR);
  assert.equal(Date.parse(clock(v, 'first_contact').due_at), due + paused);
  assert.equal(Date.parse(clock(v, 'answer').due_at), answer + paused);
  assert.equal(clock(v, 'first_contact').paused_minutes, Math.floor(paused / MIN));
  assert.equal(events(v, 'resume')[0].data.paused_minutes, Math.floor(paused / MIN));
  assertError(await act(c.t2, t.id, 'resume'), 409, 'conflict');
});

test('CMP-5: a deadline agreed with the customer wins when stricter, and only then', async () => {
  const t = await dispatchedTo('t2');
  const limit = Date.parse(clock(t, 'answer').due_at);
  const agreed = now + 2 * DAY;
  let v = await ok(c.clerk, t.id, 'deadline', { agreed_deadline: new Date(agreed).toISOString() });
  assert.equal(Date.parse(clock(v, 'answer').due_at), agreed);
  assert.equal(clock(v, 'answer').agreed, true);
  assert.equal(Date.parse(v.agreed_deadline), agreed);
  v = await ok(c.clerk, t.id, 'deadline', { agreed_deadline: new Date(now + 30 * DAY).toISOString() });
  assert.equal(Date.parse(clock(v, 'answer').due_at), limit, 'a later promise does not loosen the limit');
  assert.equal(clock(v, 'answer').agreed, false);
  assertError(await act(c.clerk, t.id, 'deadline', { agreed_deadline: new Date(now - HOUR).toISOString() }), 400, 'invalid_argument', 'agreed_deadline');
  // At intake too.
  const s = await newTicket({ agreed_deadline: new Date(now + DAY / 2).toISOString() });
  assert.equal(Date.parse(clock(s, 'answer').due_at), now + DAY / 2);
});

test('CMP-5: clocks over a holiday; the warning before the breach; a breach escalates up the ladder to the GM office', async () => {
  // Tomorrow is a public holiday at the branch.
  const tomorrow = localDay(now + DAY);
  const hol = await c.admin.put(`/sites/${holidaySite.id}/calendar/days/${tomorrow}`, { kind: 'holiday', name: '国庆节' });
  assert.equal(hol.status, 200, hol.text);
  const t = await newTicket({ site_id: holidaySite.id, cause_class: 'product_quality' });
  const start = Date.parse(t.created_at);
  // 1 working day skips the holiday: the same time the day after tomorrow; 7 working days: 8 days.
  assert.equal(Date.parse(clock(t, 'first_contact').due_at), start + 2 * DAY);
  assert.equal(Date.parse(clock(t, 'answer').due_at), start + 8 * DAY);
  // 80 % of the time: the warning.
  assert.equal(Date.parse(clock(t, 'first_contact').warn_at), start + Math.floor(0.8 * 2 * DAY));
  // One open task per running clock: its warning now; its breach only once it has warned.
  assert.deepEqual((await clockTasks(c.clerk, t)).map((x) => [x.subject_id, x.kind]).sort(),
    [[clock(t, 'first_contact').id, 'complaint.clock_warn'], [clock(t, 'answer').id, 'complaint.clock_warn']].sort());
  let v = await ok(c.clerk, t.id, 'dispatch', { assignee_user_id: u.t1.id });
  assert.equal(v.ladder_step, 0);
  assert.deepEqual(await clockTasks(c.t1, t), []);

  await advance(39 * 60);  // past 80 % of 48 h
  v = await view(t.id);
  // The breach's task came with the warning, for the handler the ticket has now.
  assert.deepEqual((await clockTasks(c.t1, t)).map((x) => [x.subject_id, x.kind, Date.parse(x.due_at)]),
    [[clock(t, 'first_contact').id, 'complaint.clock_due', Date.parse(clock(t, 'first_contact').due_at)]]);
  assert.deepEqual((await clockTasks(c.clerk, t)).map((x) => [x.subject_id, x.kind]),
    [[clock(t, 'answer').id, 'complaint.clock_warn']]);
  assert.equal(clock(v, 'first_contact').state, 'warning');
  assert.equal(events(v, 'clock_warning').length, 1);
  assert.ok((await notes(c.t1, 'complaint.warning')).some((n) => n.title.includes(t.number)), 'the handler is warned');
  assert.equal(v.assignee_user_id, u.t1.id, 'a warning does not move it');

  await advance(10 * 60);  // past 48 h: breached
  v = await view(t.id);
  assert.equal(clock(v, 'first_contact').state, 'breached');
  assert.ok(clock(v, 'first_contact').breached_at);
  assert.equal(events(v, 'clock_breached').length, 1);
  assert.equal(v.overdue, true);
  // CMP-5: reassigned, not merely told: the supervisor has it now.
  assert.equal(v.assignee_user_id, u.supT.id);
  assert.equal(v.ladder_step, 1);
  assert.deepEqual(events(v, 'escalated').map((e) => e.data.by), ['breach']);
  assert.ok((await notes(c.supT, 'complaint.escalated')).some((n) => n.title.includes(t.number)));
  const dash = (await c.gm.get('/complaints/overdue')).body.items;
  const line = dash.find((x) => x.ticket.id === t.id && x.clock.kind === 'first_contact');
  assert.ok(line, 'on the overdue dashboard');
  assert.ok(line.clock.time_left_minutes < 0);
  const overdueList = (await c.gm.get('/complaints?overdue=1&page_size=500')).body.items;
  assert.ok(overdueList.some((x) => x.id === t.id));

  // Each rung has one working day: then the head, then the GM office; at the top it stays.
  await advance(24 * 60 + 1);
  v = await view(t.id);
  assert.equal(v.assignee_user_id, u.headT.id);
  assert.equal(v.ladder_step, 2);
  await advance(24 * 60 + 1);
  v = await view(t.id);
  assert.equal(v.assignee_user_id, u.gm.id);
  assert.equal(v.ladder_step, 3);
  await advance(24 * 60 + 1);
  v = await view(t.id);
  assert.equal(v.assignee_user_id, u.gm.id);
  assert.ok(events(v, 'ladder_top').length >= 1);
  // Contact made at last: the first-contact clock is met late and leaves the dashboard.
  v = await ok(c.gm, t.id, 'contact', { note: '总经办致电客户致歉并说明方案' });
  assert.equal(clock(v, 'first_contact').state, 'met_late');
  const after = (await c.gm.get('/complaints/overdue')).body.items;
  assert.ok(!after.some((x) => x.ticket.id === t.id && x.clock.kind === 'first_contact'));
});

test('CMP-6: the callback clock runs 24 hours (a setting) from the resolution and breaches on the test clock', async () => {
  assert.equal((await c.admin.put('/settings/complaints.callback_hours', { value: 12 })).status, 200);
  const t = await dispatchedTo('t2');
  await ok(c.t2, t.id, 'acknowledge');
  let v = await ok(c.t2, t.id, 'resolve', { resolution: '已处理' });
  assert.equal(Date.parse(clock(v, 'callback').due_at), Date.parse(v.resolved_at) + 12 * HOUR);
  await advance(13 * 60);
  v = await view(t.id);
  assert.equal(clock(v, 'callback').state, 'breached');
  assert.equal(v.assignee_user_id, u.t2.id, 'a late callback is told, not escalated');
  assert.ok((await notes(c.clerk, 'complaint.breached')).some((n) => n.title.includes(t.number)));
  assert.equal((await c.admin.put('/settings/complaints.callback_hours', { value: 24 })).status, 200);
});
