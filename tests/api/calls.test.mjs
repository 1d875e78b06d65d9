// The phone desk (DOMAIN.md TEL-1..TEL-5, DATA-2, DATA-3) against the real binary, on SQLite
// and PostgreSQL: logging calls with each outcome and every bad input, messages for a person
// and for a department (at once, handled once, reminded while open), returning callers,
// the knowledge panel, the extension directory, the log with its filters, scope and exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND, startServer } from './lib/harness.mjs';

let srv;
let admin;   // sysadmin
let desk;    // front-desk clerk
let bossC;   // 张总, a staff member with an account
let headC;   // 李经理, head of 市场部
let memberC; // 王芳, member of 市场部
let otherC;  // 赵六, in 财务部
let site;
const staff = {};
const dept = {};

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
}

function sql(statement) {
  if (BACKEND === 'sqlite') execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.dbUrl.slice('sqlite:'.length), statement]);
  else execFileSync('psql', [srv.dbUrl, '-q', '-c', statement]);
}

async function user(username, roles, department_id = null) {
  const u = await srv.createUser({ username, roles, password: 'Passw0rd-1', department_id });
  const c = await srv.login(username, 'Passw0rd-1');
  return { u, c };
}

async function waitFor(fn, what, ms = 8000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const notes = async (client, topic) => (await client.get('/notifications?page_size=100')).body.items.filter((n) => n.topic === topic);

before(async () => {
  srv = await startServer();
  admin = await srv.login();
  site = (await admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  dept.market = (await admin.post('/departments', { name: '市场部', site_id: site.id })).body;
  dept.finance = (await admin.post('/departments', { name: '财务部', site_id: site.id })).body;
  desk = (await user('phone_desk', ['front_desk'])).c;
  const boss = await user('zhangzong', ['host']);
  bossC = boss.c;
  const head = await user('lijingli', ['dept_head', 'host'], dept.market.id);
  headC = head.c;
  const member = await user('wangfang', ['host']);
  memberC = member.c;
  const other = await user('zhaoliu', ['host']);
  otherC = other.c;
  staff.boss = (await admin.post('/staff', { name: '张总', site_id: site.id, department_id: dept.market.id, user_id: boss.u.id, extension: '8001', phone: '13900001111', title: '总经理' })).body;
  staff.head = (await admin.post('/staff', { name: '李经理', site_id: site.id, department_id: dept.market.id, user_id: head.u.id, extension: '8101' })).body;
  staff.member = (await admin.post('/staff', { name: '王芳', site_id: site.id, department_id: dept.market.id, user_id: member.u.id, extension: '8102' })).body;
  staff.other = (await admin.post('/staff', { name: '赵六', site_id: site.id, department_id: dept.finance.id, user_id: other.u.id, extension: '8201' })).body;
  staff.noAccount = (await admin.post('/staff', { name: '钱会计', site_id: site.id, department_id: dept.finance.id, extension: '8202', email: 'qian@example.com' })).body;
  for (const s of Object.values(staff)) assert.ok(s.id, JSON.stringify(s));
  const put = await admin.patch(`/departments/${dept.market.id}`, { head_staff_id: staff.head.id });
  assert.equal(put.status, 200, put.text);
});
after(async () => { await srv?.stop(); });

const call = (body, client = desk) => client.post('/calls', { site_id: site.id, ...body });
const forBoss = (extra = {}) => ({ caller_name: '陈先生', organisation: '华为技术', phone: '138 1234 5678', matter: '合作洽谈', for_staff_id: staff.boss.id, ...extra });

test('TEL-1/TEL-4: the greeting, the late-answer apology, the ring limit and the sales reply are settings', async () => {
  const items = (await desk.get('/settings')).body.items;
  const greeting = items.find((s) => s.key === 'calls.greeting');
  assert.equal(greeting.type, 'text');
  assert.equal(greeting.rule, 'TEL-1');
  assert.match(greeting.value, /您好/);
  assert.equal(items.find((s) => s.key === 'calls.late_apology').type, 'text');
  assert.equal(items.find((s) => s.key === 'calls.sales_reply').rule, 'TEL-4');
  const rings = items.find((s) => s.key === 'calls.answer_by_ring');
  assert.equal(rings.type, 'integer');
  assert.equal(rings.value, 3);
  assert.equal(items.find((s) => s.key === 'calls.message_remind_minutes').value, 30);

  assertError(await desk.put('/settings/calls.greeting', { value: '您好' }), 403, 'forbidden');
  assertError(await admin.put('/settings/calls.greeting', { value: '' }), 400, 'invalid_argument', 'value');
  assertError(await admin.put('/settings/calls.greeting', { value: '长'.repeat(201) }), 400, 'invalid_argument', 'value');
  assertError(await admin.put('/settings/calls.greeting', { value: 12 }), 400, 'invalid_argument', 'value');
  assertError(await admin.put('/settings/calls.answer_by_ring', { value: 'three' }), 400, 'invalid_argument', 'value');
  assertError(await admin.put('/settings/calls.message_remind_minutes', { value: 1 }), 400, 'invalid_argument', 'value');
  const put = await admin.put('/settings/calls.greeting', { value: '您好，迎宾科技，请问有什么可以帮您？', reason: '公司名称' });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.value, '您好，迎宾科技，请问有什么可以帮您？');
  assert.equal(put.body.is_default, false);
  const audit = (await admin.get('/audit?entity=setting&page_size=5')).body.items[0];
  assert.equal(audit.after.value, '您好，迎宾科技，请问有什么可以帮您？', 'DATA-3: audited');
});

test('TEL-5: a site keeps its transport text, edited on the site page', async () => {
  const r = await admin.patch(`/sites/${site.id}`, { address: '北京市海淀区中关村大街 1 号', directions: '地铁 4 号线中关村站 A 口', transport: '公交 302、332 路中关村站下车；地下停车场入口在东侧' });
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.transport, /302/);
  assert.match((await desk.get(`/sites/${site.id}`)).body.transport, /停车场/);
  assertError(await admin.patch(`/sites/${site.id}`, { transport: 'x'.repeat(2001) }), 400, 'invalid_argument', 'transport');
});

test('TEL-2/TEL-3: a call for a person needs the caller\'s name and organisation before transfer or message', async () => {
  const before = (await desk.get('/calls')).body.total;
  assertError(await call({ outcome: 'transferred', for_staff_id: staff.boss.id }), 400, 'invalid_argument', 'caller_name');
  const noOrg = await call({ outcome: 'transferred', for_staff_id: staff.boss.id, caller_name: '陈先生' });
  assertError(noOrg, 400, 'invalid_argument', 'organisation');
  assert.match(noOrg.body.error.message, /单位/, 'the message names what to ask');
  desk.lang = 'en';
  const en = await call({ outcome: 'message_taken', for_staff_id: staff.boss.id, caller_name: '陈先生', message: 'x' });
  assert.match(en.body.error.message, /organisation/);
  desk.lang = 'zh-CN';
  assertError(await call({ outcome: 'message_taken', ...forBoss() }), 400, 'invalid_argument', 'message');
  assert.equal((await desk.get('/calls')).body.total, before, 'bad input changes nothing');

  const ok = await call({ outcome: 'transferred', ...forBoss() });
  assert.equal(ok.status, 201, ok.text);
  assert.match(ok.body.call.number, /^T\d{8}-\d{4}$/);
  assert.equal(ok.body.call.phone, '138****5678', 'DATA-2: masked');
  assert.equal(ok.body.call.for_staff_name, '张总');
  assert.equal(ok.body.call.for_department_name, '市场部', 'the department it concerns');
  assert.equal(ok.body.message, null);
  // A department may take the call without the caller's name (TEL-3 is about people).
  const dep = await call({ outcome: 'transferred', for_department_id: dept.finance.id });
  assert.equal(dep.status, 201, dep.text);
});

test('bad input is refused on its field and changes nothing', async () => {
  const before = (await desk.get('/calls')).body.total;
  const cases = [
    [{ outcome: 'spam' }, 'outcome'],
    [{ outcome: undefined }, 'outcome'],
    [{ outcome: 'transferred' }, 'for_staff_id'],
    [{ outcome: 'transferred', ...forBoss(), for_department_id: dept.market.id }, 'for_department_id'],
    [{ outcome: 'transferred', ...forBoss(), for_staff_id: 999999 }, 'for_staff_id'],
    [{ outcome: 'transferred', for_department_id: 999999 }, 'for_department_id'],
    [{ outcome: 'declined_sales', site_id: 999999 }, 'site_id'],
    [{ outcome: 'declined_sales', site_id: 'HQ' }, 'site_id'],
    [{ outcome: 'declined_sales', called_at: new Date(Date.now() + 3600_000).toISOString() }, 'called_at'],
    [{ outcome: 'declined_sales', called_at: 'yesterday' }, 'called_at'],
    [{ outcome: 'declined_sales', phone: 'call me' }, 'phone'],
    [{ outcome: 'declined_sales', caller_id: 999999 }, 'caller_id'],
    [{ outcome: 'answered', knowledge_id: 999999 }, 'knowledge_id'],
    [{ outcome: 'declined_sales', caller_name: 'x'.repeat(51) }, 'caller_name'],
    [{ outcome: 'declined_sales', matter: 12 }, 'matter'],
    [{ outcome: 'declined_sales', late_answer: 'yes' }, 'late_answer'],
    [{ outcome: 'message_taken', ...forBoss(), message: 'm'.repeat(1001) }, 'message'],
  ];
  for (const [body, field] of cases) assertError(await call(body), 400, 'invalid_argument', field);
  assertError(await desk.request('POST', '/api/v1/calls', '{"site_id":', { contentType: 'application/json' }), 400, 'invalid_json');
  assertError(await desk.post('/calls', { site_id: site.id, outcome: 'declined_sales' }, { csrf: false }), 403, 'csrf_invalid');
  assertError(await bossC.post('/calls', { site_id: site.id, outcome: 'declined_sales' }), 403, 'forbidden');
  assertError(await srv.anon().post('/calls', { site_id: site.id, outcome: 'declined_sales' }), 401, 'unauthenticated');
  // An inactive staff member cannot be asked for.
  const gone = (await admin.post('/staff', { name: '离职人员', site_id: site.id })).body;
  await admin.patch(`/staff/${gone.id}`, { active: false });
  assertError(await call({ outcome: 'transferred', ...forBoss(), for_staff_id: gone.id }), 400, 'invalid_argument', 'for_staff_id');
  assert.equal((await desk.get('/calls')).body.total, before);
});

test('TEL-2: a message reaches the person at once, shows on the desk, and is handled once (409 the second time)', async () => {
  const r = await call({ outcome: 'message_taken', ...forBoss({ message: '请回电，关于下周的合作会议' }) });
  assert.equal(r.status, 201, r.text);
  const m = r.body.message;
  assert.equal(m.status, 'open');
  assert.equal(m.for_type, 'staff');
  assert.equal(m.phone, '138****5678');
  assert.equal(m.has_phone, true);
  assert.equal(r.body.call.message.id, m.id);

  const bell = await waitFor(async () => (await notes(bossC, 'call.message'))[0], 'the bell');
  assert.match(bell.title, /陈先生（华为技术）/);
  assert.match(bell.body, /请回电/);
  assert.equal(bell.link, '/messages');
  assert.ok(!bell.body.includes('13812345678'), 'DATA-2: the notification carries the masked number only');
  const mine = await bossC.get('/call-messages/mine');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.body.linked, true);
  assert.ok(mine.body.items.some((x) => x.id === m.id));
  const open = await desk.get(`/call-messages?site_id=${site.id}`);
  assert.ok(open.body.items.some((x) => x.id === m.id), 'the desk sees it');
  // Oldest first.
  const times = open.body.items.map((x) => x.created_at);
  assert.deepEqual([...times].sort(), times);

  // Not for someone else; nobody without calls.read lists the desk's messages.
  assertError(await otherC.post(`/call-messages/${m.id}/handle`, {}), 403, 'forbidden');
  assert.equal((await otherC.post(`/call-messages/${m.id}/handle`, {})).body.error.message, '这不是给您的留言');
  assertError(await otherC.get(`/call-messages/${m.id}`), 403, 'forbidden');
  assertError(await otherC.get('/call-messages'), 403, 'forbidden');
  assert.equal((await otherC.get('/call-messages/mine')).body.items.length, 0);

  // Call back: the clear number for the recipient, audited.
  const num = await bossC.post(`/call-messages/${m.id}/callback-number`, {});
  assert.equal(num.status, 200, num.text);
  assert.equal(num.body.phone, '13812345678');
  const reveal = (await admin.get(`/audit?entity=call&entity_id=${m.call_id}`)).body.items.find((a) => a.action === 'reveal');
  assert.ok(reveal, 'DATA-2: the reveal is logged');
  assert.equal(reveal.reason, '回电');
  assertError(await otherC.post(`/call-messages/${m.id}/callback-number`, {}), 403, 'forbidden');
  assertError(await bossC.post('/call-messages/999999/callback-number', {}), 404, 'not_found');

  const done = await bossC.post(`/call-messages/${m.id}/handle`, { note: '已回电，约了周三' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.status, 'handled');
  assert.equal(done.body.reply_note, '已回电，约了周三');
  assert.equal(done.body.handled_on_behalf, false);
  const again = await bossC.post(`/call-messages/${m.id}/handle`, { note: '再来一次' });
  assertError(again, 409, 'conflict');
  assert.match(again.body.error.message, /已处理/);
  assert.equal((await bossC.get(`/call-messages/${m.id}`)).body.reply_note, '已回电，约了周三', 'nothing changed');
  const openAfter = await desk.get(`/call-messages?site_id=${site.id}`);
  assert.ok(!openAfter.body.items.some((x) => x.id === m.id), 'gone from the desk\'s open list');
  const handled = await bossC.get('/call-messages/mine?status=handled');
  assert.ok(handled.body.items.some((x) => x.id === m.id));
  assertError(await bossC.get('/call-messages/mine?status=bogus'), 400, 'invalid_argument', 'status');
  // The clerk who took it learns the reply.
  const told = await waitFor(async () => (await notes(desk, 'call.message_handled'))[0], 'the clerk\'s note');
  assert.match(told.body, /约了周三/);
  const trail = (await admin.get(`/audit?entity=call_message&entity_id=${m.id}`)).body.items.map((a) => a.action);
  assert.deepEqual(trail.sort(), ['create', 'handle'], 'DATA-3: every change audited');
});

test('TEL-2: a department\'s message goes to its head and members; the desk may handle it for them with a note', async () => {
  const r = await call({ outcome: 'message_taken', caller_name: '周女士', organisation: '', for_department_id: dept.market.id, message: '询问展会报名' });
  assert.equal(r.status, 201, r.text);
  const m = r.body.message;
  assert.equal(m.for_type, 'department');
  assert.equal(m.for_department_name, '市场部');
  for (const c of [headC, memberC, bossC]) {
    const mine = (await c.get('/call-messages/mine')).body.items;
    assert.ok(mine.some((x) => x.id === m.id), 'head and members see it');
  }
  assert.ok(!(await otherC.get('/call-messages/mine')).body.items.some((x) => x.id === m.id));
  assertError(await desk.post(`/call-messages/${m.id}/handle`, {}), 400, 'invalid_argument', 'note');
  const done = await desk.post(`/call-messages/${m.id}/handle`, { note: '已电话转告李经理' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.handled_on_behalf, true);
  assert.ok(!(await memberC.get('/call-messages/mine')).body.items.some((x) => x.id === m.id));
});

test('TEL-2: an open message reminds its recipients while open (the scheduler of the running server)', async () => {
  const r = await call({ outcome: 'message_taken', ...forBoss({ message: '提醒测试' }) });
  const m = r.body.message;
  // Bring the first reminder forward (the clock of the data, not of the server).
  sql(`UPDATE tasks SET due_at = 0 WHERE subject_type = 'call_message' AND subject_id = ${m.id} AND status = 'open'`);
  await desk.post('/calls', { site_id: site.id, outcome: 'declined_sales' }); // any write kicks the scheduler
  const reminded = await waitFor(async () => {
    const x = (await bossC.get(`/call-messages/${m.id}`)).body;
    return x.reminders >= 1 ? x : null;
  }, 'the reminder');
  assert.equal(reminded.reminders, 1);
  assert.ok(reminded.last_reminded_at);
  const bell = await waitFor(async () => (await notes(bossC, 'call.message_reminder')).find((n) => n.payload.message_id === m.id), 'the reminder in the bell');
  assert.match(bell.title, /仍未处理/);
  // The next reminder is scheduled; handling ends it.
  await bossC.post(`/call-messages/${m.id}/handle`, {});
  const tasks = (await bossC.get('/tasks')).body.items.filter((t) => t.subject_type === 'call_message' && t.subject_id === m.id);
  assert.equal(tasks.length, 0, 'no open reminder left');
});

test('returning callers: found by full phone, last four digits or any part of the name; phones masked', async () => {
  await call({ outcome: 'message_taken', caller_name: '欧阳明', organisation: '北京字节跳动', phone: '+86 139-8765-4321', for_staff_id: staff.boss.id, message: '回电' });
  const byPhone = await desk.get(`/callers?q=${encodeURIComponent('13987654321')}`);
  assert.equal(byPhone.status, 200, byPhone.text);
  assert.equal(byPhone.body.items.length, 1);
  const c = byPhone.body.items[0];
  assert.equal(c.name, '欧阳明');
  assert.equal(c.phone, '139****4321');
  assert.equal(c.last_for_staff_name, '张总');
  assert.ok(JSON.stringify(byPhone.body).indexOf('13987654321') < 0, 'never the clear number');
  assert.equal((await desk.get('/callers?q=4321')).body.items[0].id, c.id);
  for (const q of ['欧阳', '歐陽', 'oym', '字节']) {
    const r = await desk.get(`/callers?q=${encodeURIComponent(q)}`);
    assert.ok(r.body.items.some((x) => x.id === c.id), `found by ${q}`);
  }
  assert.equal((await desk.get('/callers?q=12')).body.items.length, 0);
  assertError(await desk.get(`/callers?q=${'x'.repeat(51)}`), 400, 'invalid_argument', 'q');
  assertError(await bossC.get('/callers?q=4321'), 403, 'forbidden');
  // Picking the caller brings name, organisation and number.
  const again = await call({ outcome: 'message_taken', caller_id: c.id, for_staff_id: staff.boss.id, message: '第二次来电' });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.body.call.caller_name, '欧阳明');
  assert.equal(again.body.call.organisation, '北京字节跳动');
  assert.equal(again.body.call.phone, '139****4321');
  assert.equal((await desk.get(`/callers?q=4321`)).body.items[0].call_count, 2);
});

test('TEL-4 and TEL-5: a sales call is declined; a question answered from the knowledge panel', async () => {
  const sales = await call({ outcome: 'declined_sales', caller_name: '推销员', organisation: '某广告公司', matter: '广告投放', late_answer: true });
  assert.equal(sales.status, 201, sales.text);
  assert.equal(sales.body.call.late_answer, true);
  const entries = (await desk.get('/knowledge?q=' + encodeURIComponent('快递'))).body.items;
  assert.ok(entries.length >= 1, 'seeded entries are searchable');
  const k = entries[0];
  const answered = await call({ outcome: 'answered', matter: k.question, knowledge_id: k.id });
  assert.equal(answered.status, 201, answered.text);
  assert.equal(answered.body.call.knowledge_question, k.question);
  const after = (await desk.get('/knowledge?q=' + encodeURIComponent('快递'))).body.items.find((x) => x.id === k.id);
  assert.equal(after.use_count, k.use_count + 1);
});

test('TEL-5: knowledge entries are edited by an administrator and searched by any part, script-insensitive', async () => {
  const created = await admin.post('/knowledge', { question: '停车场在哪里？', answer: '地下停车场入口在东侧，\n访客车位在 B1。', tags: ['停车', '交通'], site_id: site.id, reason: '常见问题' });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.body.tags, ['停车', '交通']);
  for (const q of ['停', '車', '访客车位', 'tcc']) {
    const r = await desk.get(`/knowledge?q=${encodeURIComponent(q)}&site_id=${site.id}`);
    assert.ok(r.body.items.some((x) => x.id === created.body.id), `found by ${q}`);
  }
  const bad = [
    [{ answer: 'x' }, 'question'],
    [{ question: 'x' }, 'answer'],
    [{ question: 'x', answer: 'y', tags: 'a' }, 'tags'],
    [{ question: 'x', answer: 'y', tags: ['a,b'] }, 'tags'],
    [{ question: 'x', answer: 'y', site_id: 999999 }, 'site_id'],
    [{ question: 'q'.repeat(201), answer: 'y' }, 'question'],
  ];
  for (const [body, field] of bad) assertError(await admin.post('/knowledge', body), 400, 'invalid_argument', field);
  assertError(await desk.post('/knowledge', { question: 'x', answer: 'y' }), 403, 'forbidden');
  const off = await admin.put(`/knowledge/${created.body.id}`, { ...created.body, active: false });
  assert.equal(off.status, 200, off.text);
  assert.ok(!(await desk.get('/knowledge')).body.items.some((x) => x.id === created.body.id), 'inactive entries leave the panel');
  assert.ok((await admin.get('/knowledge?all=1')).body.items.some((x) => x.id === created.body.id));
  assertError(await desk.get('/knowledge?all=1'), 403, 'forbidden');
  assertError(await admin.put('/knowledge/999999', { question: 'x', answer: 'y' }), 404, 'not_found');
  assert.equal((await admin.del(`/knowledge/${created.body.id}`, { reason: '不再需要' })).status, 204);
  // An entry a call was answered from stays (the log refers to it).
  const used = (await desk.get('/calls?outcome=answered')).body.items[0];
  assertError(await admin.del(`/knowledge/${used.knowledge_id}`), 409, 'conflict');
  const trail = (await admin.get(`/audit?entity=knowledge_entry&entity_id=${created.body.id}`)).body.items.map((a) => a.action);
  assert.deepEqual(trail.sort(), ['create', 'delete', 'update']);
});

test('TEL-5: the extension directory finds staff by name, pinyin initials, extension or department', async () => {
  for (const [q, name] of [['张', '张总'], ['zz', '张总'], ['8101', '李经理'], ['财务', '赵六'], ['張總', '张总']]) {
    const r = await desk.get(`/calls/directory?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.staff.some((s) => s.name === name), `${q} finds ${name}: ${JSON.stringify(r.body.staff.map((s) => s.name))}`);
  }
  const boss = (await desk.get(`/calls/directory?q=8001`)).body.staff[0];
  assert.equal(boss.extension, '8001');
  assert.equal(boss.department_name, '市场部');
  assert.equal(boss.phone, '13900001111', 'as the staff list: in clear for org.read');
  assert.equal(boss.has_account, true);
  const d = (await desk.get(`/calls/directory?q=${encodeURIComponent('市场')}`)).body.departments;
  assert.equal(d[0].name, '市场部');
  assert.equal(d[0].head_name, '李经理');
  // A reader without org.read sees staff phones masked.
  const role = await admin.post('/roles', { code: 'call_reader', name: '来电查阅', scope: 'all', permissions: ['calls.read'] });
  assert.equal(role.status, 201, role.text);
  const u = await admin.post('/users', { username: 'call_reader', password: 'Passw0rd-1', role_ids: [role.body.id] });
  assert.equal(u.status, 201, u.text);
  const reader = await srv.login('call_reader', 'Passw0rd-1');
  assert.equal((await reader.get('/calls/directory?q=8001')).body.staff[0].phone, '139****1111');
  assertError(await bossC.get('/calls/directory?q=8001'), 403, 'forbidden');
});

test('the log: filters, search, department scope, reveal, CSV and XLSX', async () => {
  const all = await desk.get(`/calls?site_id=${site.id}&page_size=500`);
  assert.equal(all.status, 200, all.text);
  assert.ok(all.body.total >= 8);
  const newest = all.body.items.map((c) => c.called_at);
  assert.deepEqual([...newest].sort().reverse(), newest, 'newest first');
  const msgs = (await desk.get('/calls?outcome=message_taken&page_size=500')).body.items;
  assert.ok(msgs.length >= 3 && msgs.every((c) => c.outcome === 'message_taken'));
  const forBossOnly = (await desk.get(`/calls?for_staff_id=${staff.boss.id}&page_size=500`)).body.items;
  assert.ok(forBossOnly.every((c) => c.for_staff_id === staff.boss.id));
  const finance = (await desk.get(`/calls?for_department_id=${dept.finance.id}`)).body.items;
  assert.ok(finance.length >= 1 && finance.every((c) => c.for_department_id === dept.finance.id));
  const found = (await desk.get(`/calls?q=${encodeURIComponent('字节')}`)).body.items;
  assert.ok(found.length >= 2 && found.every((c) => c.organisation === '北京字节跳动'));
  const today = all.body.items[0].day;
  assert.equal((await desk.get(`/calls?from=${today}&to=${today}`)).body.total, all.body.total);
  assert.equal((await desk.get('/calls?from=2000-01-01&to=2000-01-02')).body.total, 0);
  assertError(await desk.get('/calls?outcome=spam'), 400, 'invalid_argument', 'outcome');
  assertError(await desk.get('/calls?from=yesterday'), 400, 'invalid_argument', 'from');
  assertError(await desk.get('/calls?for_staff_id=abc'), 400, 'invalid_argument', 'for_staff_id');
  assertError(await bossC.get('/calls'), 403, 'forbidden');
  assertError(await desk.get('/calls/999999'), 404, 'not_found');

  // A department head sees their department's calls only.
  const seen = (await headC.get('/calls?page_size=500')).body.items;
  assert.ok(seen.length > 0 && seen.every((c) => c.for_department_id === dept.market.id));
  const financeCall = finance[0];
  assertError(await headC.get(`/calls/${financeCall.id}`), 403, 'forbidden');
  const headOpen = (await headC.get('/call-messages')).body.items;
  assert.ok(headOpen.every((m) => m.for_department_id === dept.market.id));
  const csvScoped = await headC.get('/calls/export.csv');
  assert.ok(!csvScoped.text.includes('财务部'), 'the export honours the scope too');

  // DATA-2: the clear number only with sensitive.reveal and a reason, audited.
  const withPhone = all.body.items.find((c) => c.phone);
  assertError(await admin.post(`/calls/${withPhone.id}/reveal`, {}), 400, 'invalid_argument', 'reason');
  assertError(await desk.post(`/calls/${withPhone.id}/reveal`, { reason: '核对' }), 403, 'forbidden');
  const revealed = await admin.post(`/calls/${withPhone.id}/reveal`, { reason: '核对来电' });
  assert.equal(revealed.status, 200, revealed.text);
  assert.match(revealed.body.value, /^\+?\d+$/);
  const noPhone = all.body.items.find((c) => !c.phone);
  assertError(await admin.post(`/calls/${noPhone.id}/reveal`, { reason: '核对' }), 404, 'not_found');

  const csv = await fetch(`${srv.url}/api/v1/calls/export.csv?site_id=${site.id}`, { headers: { Cookie: desk.cookie } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const raw = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = raw.subarray(3).toString('utf8');
  assert.match(text, /^编号,日期,来电时间/);
  assert.ok(text.includes('"138****5678"') && !text.includes('13812345678'), 'masked');
  assert.ok(text.includes('已留言'));
  const xlsx = await fetch(`${srv.url}/api/v1/calls/export.xlsx?q=${encodeURIComponent('欧阳')}`, { headers: { Cookie: desk.cookie } });
  assert.equal(xlsx.status, 200);
  const bytes = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an OOXML zip');
  const file = path.join(srv.dir, 'calls.xlsx');
  writeFileSync(file, bytes);
  const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.ok(strings.includes('欧阳明') && strings.includes('139****4321'));
  assert.ok(!strings.includes('陈先生'), 'the search filters the workbook too');
});

test('my messages need no permission; a user without a staff record is told so', async () => {
  const bare = await srv.createUser({ username: 'no_staff', roles: [], password: 'Passw0rd-1' });
  assert.ok(bare.id);
  const c = await srv.login('no_staff', 'Passw0rd-1');
  const mine = await c.get('/call-messages/mine');
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.body, { items: [], linked: false });
  // A staff member without an account gets the message by e-mail (by the outbox).
  const r = await call({ outcome: 'message_taken', caller_name: '孙先生', organisation: '税务所', for_staff_id: staff.noAccount.id, message: '发票事宜' });
  assert.equal(r.status, 201, r.text);
  const outbox = (await admin.get('/outbox?channel=email&page_size=100')).body.items;
  assert.ok(outbox.some((o) => o.recipient === 'qian@example.com' && o.topic === 'call.message'));
});

// Last in the file: it adds calls of 2020 to the log.
test('DATA-5: callers and their calls are anonymised with the visitors\u2019 data, after two approvals; an open message waits', async () => {
  const old = await call({ ...forBoss({ caller_name: '周旧客', organisation: '旧日贸易', phone: '137 0000 1111', matter: '询问旧合同' }), outcome: 'transferred', note: '说话很快', called_at: '2020-01-06T02:00:00Z' });
  assert.equal(old.status, 201, old.text);
  const waiting = await call({ ...forBoss({ caller_name: '吴待回', organisation: '待回公司', phone: '137 0000 2222' }), outcome: 'message_taken', message: '请回电 137 0000 2222', called_at: '2020-01-06T03:00:00Z' });
  assert.equal(waiting.status, 201, waiting.text);
  const recent = await call({ ...forBoss({ caller_name: '郑新客', phone: '137 0000 3333' }), outcome: 'transferred' });
  assert.equal(recent.status, 201, recent.text);
  const preview = await admin.get('/retention');
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.body.calls, 1, 'the call with an open message is not counted');
  assert.ok(preview.body.parts.some((p) => p.key === 'callers' && p.retention_days === 180), preview.text);
  await srv.createUser({ username: 'calls_admin2', roles: ['sysadmin'] });
  const adminB = await srv.login('calls_admin2', 'Passw0rd-1');
  const req = await admin.post('/retention/purge', { reason: '到期清理' });
  assert.equal(req.status, 202, req.text);
  assert.equal((await desk.get(`/calls/${old.body.call.id}`)).body.caller_name, '周旧客', 'nothing before the second approval');
  const ok = await adminB.post(`/approvals/${req.body.id}/approve`, { reason: '已核对' });
  assert.equal(ok.status, 200, ok.text);
  const gone = (await desk.get(`/calls/${old.body.call.id}`)).body;
  assert.equal(gone.caller_name, '周**');
  assert.equal(gone.organisation, '');
  assert.equal(gone.phone, '');
  assert.equal(gone.note, '');
  assert.equal(gone.matter, '询问旧合同', 'what the desk did stays');
  assert.equal((await desk.get(`/calls?q=${encodeURIComponent('周旧客')}`)).body.total, 0, 'no longer found by name');
  assert.equal((await desk.get(`/callers?q=${encodeURIComponent('周旧客')}`)).body.items.length, 0);
  assert.equal((await desk.get(`/calls/${waiting.body.call.id}`)).body.caller_name, '吴待回', 'an open message keeps its call');
  assert.equal((await desk.get(`/calls/${recent.body.call.id}`)).body.caller_name, '郑新客');
  assert.equal((await admin.get('/retention')).body.calls, 0);
});
