// Visitors at the front desk (DOMAIN.md VIS, GEN-5, GEN-6, DATA-2) against the real binary,
// on SQLite and PostgreSQL: booking, walk-ins with triage, every transition of the visit
// state machine including the illegal ones, host answers, the lists, search and privacy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from './lib/harness.mjs';
import { BACKEND, startServer } from './lib/harness.mjs';

let srv;
let admin;   // sysadmin
let desk;    // front-desk clerk
let hostC;   // 张伟, a host with an account
let otherC;  // 李娜, another host
let guard;   // security
let site;
const staff = {};
const venue = {};

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
}

async function user(username, roles) {
  const u = await srv.createUser({ username, roles, password: 'Passw0rd-1' });
  const c = await srv.login(username, 'Passw0rd-1');
  return { u, c };
}

const inOneHour = () => new Date(Date.now() + 3600_000).toISOString();

before(async () => {
  srv = await startServer();
  admin = await srv.login();
  site = (await admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  await admin.patch(`/sites/${site.id}`, { address: '北京市海淀区中关村大街 1 号', directions: '地铁 4 号线中关村站 A 口' });
  const dept = (await admin.post('/departments', { name: '市场部', site_id: site.id })).body;
  const hr = (await admin.post('/departments', { name: '人力资源部', site_id: site.id })).body;

  const h = await user('zhangwei', ['host']);
  hostC = h.c;
  const o = await user('lina', ['host']);
  otherC = o.c;
  desk = (await user('qiantai', ['front_desk'])).c;
  guard = (await user('baoan', ['security'])).c;
  const hrUser = await user('hr1', ['host']);

  staff.host = (await admin.post('/staff', { name: '张伟', department_id: dept.id, site_id: site.id, user_id: h.u.id, email: 'zw@example.com' })).body;
  staff.other = (await admin.post('/staff', { name: '李娜', department_id: dept.id, site_id: site.id, user_id: o.u.id })).body;
  staff.secretary = (await admin.post('/staff', { name: '王秘书', department_id: dept.id, site_id: site.id })).body;
  staff.hr = (await admin.post('/staff', { name: '赵人事', department_id: hr.id, site_id: site.id, user_id: hrUser.u.id })).body;
  for (const s of Object.values(staff)) assert.ok(s.id, JSON.stringify(s));

  venue.large = (await admin.post('/venues', { site_id: site.id, name: '一号会议室', kind: 'large_meeting_room', capacity: 20 })).body;
  venue.small = (await admin.post('/venues', { site_id: site.id, name: '小会议室', kind: 'small_meeting_room', capacity: 6 })).body;
  venue.lounge = (await admin.post('/venues', { site_id: site.id, name: '休息区', kind: 'lounge', capacity: 10 })).body;
  venue.office = (await admin.post('/venues', { site_id: site.id, name: '总经理办公室', kind: 'office', capacity: 4 })).body;

  // VIS-10: interviewees go to HR.
  const rules = (await admin.get('/triage-rules')).body.items;
  const iv = rules.find((r) => r.visitor_kind === 'interviewee');
  const put = await admin.put(`/triage-rules/${iv.id}`, { ...iv, department_id: hr.id, reason: '面试者通知人力资源部' });
  assert.equal(put.status, 200, put.text);
});
after(async () => { await srv?.stop(); });

async function walkIn(body, client = desk) {
  return client.post('/visits/walk-ins', { site_id: site.id, visitor_kind: 'other', host_staff_id: staff.host.id, ...body });
}

async function book(body, client = desk) {
  return client.post('/visits/appointments', {
    site_id: site.id, host_staff_id: staff.host.id, expected_at: inOneHour(), category: 'B', ...body,
  });
}

test('VIS-1/VIS-2: a walk-in is registered with the greeting answers and waits for the host', async () => {
  const r = await walkIn({
    visitor_name: '陈晓明', company: '华为技术有限公司', phone: '138 1234 5678', head_count: 2, purpose: '洽谈合作',
    greeting: { whom: '张伟', company: '华为技术有限公司', surname: '陈', has_appointment: false },
  });
  assert.equal(r.status, 201, r.text);
  const v = r.body.visit;
  assert.equal(v.status, 'waiting');
  assert.equal(v.mode, 'walk_in');
  assert.match(v.number, /^V\d{8}-\d{4}$/);
  assert.equal(v.head_count, 2);
  assert.equal(v.host_name, '张伟');
  assert.deepEqual(v.greeting, { whom: '张伟', company: '华为技术有限公司', surname: '陈', has_appointment: false });
  assert.ok(v.arrived_at);
  assert.equal(v.owner_user_id, desk.me.id, 'GEN-6: the registering clerk owns the visit');
  assert.equal(r.body.next_step.action, 'ask_host', 'VIS-10: everyone else → ask the host');
  assert.ok(v.badge_code, 'the desk gets the badge code');
});

test('VIS-1: required fields are named, and a refused registration changes nothing', async () => {
  const before = (await desk.get(`/visits?site_id=${site.id}`)).body.total;
  assertError(await walkIn({ company: '某公司' }), 400, 'invalid_argument', 'visitor_name');
  assertError(await walkIn({ visitor_name: '某人', host_staff_id: undefined }), 400, 'invalid_argument', 'host_staff_id');
  assertError(await walkIn({ visitor_name: '某人', phone: 'abc' }), 400, 'invalid_argument', 'phone');
  assertError(await walkIn({ visitor_name: '某人', head_count: 0 }), 400, 'invalid_argument', 'head_count');
  assertError(await walkIn({ visitor_name: '某人', visitor_kind: 'astronaut' }), 400, 'invalid_argument', 'visitor_kind');
  assertError(await walkIn({ visitor_name: '某人', host_staff_id: 999999 }), 400, 'invalid_argument', 'host_staff_id');
  assertError(await walkIn({ visitor_name: '某人', id_number: '110105194912310021' }), 400, 'invalid_argument', 'id_number');
  desk.lang = 'en';
  const en = await walkIn({ company: 'x' });
  desk.lang = 'zh-CN';
  assert.match(en.body.error.message, /visitor name/);
  assert.equal((await desk.get(`/visits?site_id=${site.id}`)).body.total, before);
});

test('VIS-10: the triage row decides the next step (courier, interviewee → HR)', async () => {
  const courier = await walkIn({ visitor_name: '顺丰快递员', visitor_kind: 'courier', host_staff_id: undefined });
  assert.equal(courier.status, 201, courier.text);
  assert.equal(courier.body.next_step.action, 'courier_handover');
  const iv = await walkIn({ visitor_name: '求职者甲', visitor_kind: 'interviewee', host_staff_id: undefined });
  assert.equal(iv.status, 201, iv.text);
  assert.equal(iv.body.next_step.action, 'notify_hr');
  assert.equal(iv.body.visit.category, 'C', 'VIS-11: interviewees are category C');
  const hr = await srv.login('hr1', 'Passw0rd-1');
  const bell = await hr.get('/notifications');
  assert.equal(bell.status, 200, bell.text);
  assert.ok(bell.body.items.some((n) => n.title.includes('求职者甲')), 'HR is told about the interviewee');
});

test('VIS-10: the triage table is data an administrator edits; the desk may not', async () => {
  const rules = (await desk.get('/triage-rules')).body.items;
  assert.deepEqual(
    rules.map((r) => r.visitor_kind),
    ['appointment', 'superior_or_client', 'relative_friend', 'urgent_internal', 'other_department',
      'interviewee', 'courier', 'salesperson', 'other'],
  );
  const sales = rules.find((r) => r.visitor_kind === 'salesperson');
  assertError(await desk.put(`/triage-rules/${sales.id}`, { ...sales, label: 'x' }), 403, 'forbidden');
  const added = await admin.post('/triage-rules', { visitor_kind: 'auditor', label: '审计人员', action: 'direct_to_department', category: 'C', instructions: '引至财务部', sort: 95 });
  assert.equal(added.status, 201, added.text);
  const w = await walkIn({ visitor_name: '审计员乙', visitor_kind: 'auditor', host_staff_id: undefined });
  assert.equal(w.status, 201, w.text);
  assert.equal(w.body.next_step.instructions, '引至财务部');
  assertError(await admin.post('/triage-rules', { visitor_kind: 'bad kind!', label: 'x', action: 'ask_host', category: 'D' }), 400, 'invalid_argument', 'visitor_kind');
  // A duplicate kind is named on its field, with the value in the message.
  const dup = await admin.post('/triage-rules', { visitor_kind: 'auditor', label: '重复', action: 'ask_host', category: 'D' });
  assertError(dup, 409, 'conflict', 'visitor_kind');
  assert.match(dup.body.error.message, /auditor/);
  assert.doesNotMatch(dup.body.error.message, /\{/);
  // The kinds the desk needs cannot go away.
  const other = rules.find((r) => r.visitor_kind === 'other');
  assertError(await admin.put(`/triage-rules/${other.id}`, { ...other, active: false }), 400, 'invalid_argument', 'active');
  assertError(await admin.del(`/triage-rules/${other.id}`), 409, 'conflict');
  assert.equal((await admin.get('/triage-rules')).body.items.find((r) => r.id === other.id).active, true);
});

test('state machine: book → check in → host answers → admit → check out, each step audited', async () => {
  const b = await book({ visitor_name: '刘洋', company: '字节跳动', email: 'liuyang@example.com', venue_id: venue.large.id });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.body.status, 'expected');
  const id = b.body.id;

  const inn = await desk.post(`/visits/${id}/check-in`);
  assert.equal(inn.status, 200, inn.text);
  assert.equal(inn.body.status, 'waiting');

  const ans = await hostC.post(`/visits/${id}/answer`, { answer: 'venue', venue_id: venue.large.id });
  assert.equal(ans.status, 200, ans.text);
  const seen = await desk.get(`/visits/${id}`);
  assert.equal(seen.body.host_answer.answer, 'venue');
  assert.equal(seen.body.host_answer.venue_name, '一号会议室');

  const adm = await desk.post(`/visits/${id}/admit`);
  assert.equal(adm.status, 200, adm.text);
  assert.equal(adm.body.status, 'with_host');
  assert.equal(adm.body.venue_id, venue.large.id, 'admitted to the venue the host named');

  const out = await desk.post(`/visits/${id}/check-out`);
  assert.equal(out.status, 200, out.text);
  assert.equal(out.body.status, 'checked_out');
  assert.equal(out.body.outcome, 'met');

  const log = await admin.get(`/audit?entity=visit&entity_id=${id}`);
  assert.deepEqual(log.body.items.map((e) => e.action).sort(), ['admit', 'answer', 'check_in', 'check_out', 'create']);
});

test('state machine: illegal moves are refused clearly and change nothing', async () => {
  const b = await book({ visitor_name: '周杰' });
  const id = b.body.id;
  const early = await desk.post(`/visits/${id}/check-out`);
  assertError(early, 409, 'conflict');
  assert.match(early.body.error.message, /expected/);
  assertError(await desk.post(`/visits/${id}/admit`), 409, 'conflict');
  assertError(await hostC.post(`/visits/${id}/answer`, { answer: 'coming' }), 409, 'conflict');
  assert.equal((await desk.get(`/visits/${id}`)).body.status, 'expected');

  assert.equal((await desk.post(`/visits/${id}/check-in`)).status, 200);
  const twice = await desk.post(`/visits/${id}/check-in`);
  assertError(twice, 409, 'conflict');
  const after = await desk.get(`/visits/${id}`);
  assert.equal(after.body.status, 'waiting');
  assertError(await hostC.post(`/visits/${id}/cancel`, { reason: '临时出差' }), 409, 'conflict');
  assertError(await desk.post(`/visits/${id}/no-show`), 409, 'conflict');
  assert.equal((await desk.post(`/visits/${id}/check-out`)).status, 200);
  assertError(await desk.post(`/visits/${id}/check-out`), 409, 'conflict');
  assertError(await desk.post(`/visits/${id}/check-in`), 409, 'conflict');
  const audit = await admin.get(`/audit?entity=visit&entity_id=${id}`);
  assert.equal(audit.body.items.length, 3, 'only the three legal moves were recorded');
});

test('VIS-6: the host cancels; the visitor is written to with the reason; later moves refused', async () => {
  const b = await book({ visitor_name: '孙丽', email: 'sunli@example.com' });
  const id = b.body.id;
  assertError(await hostC.post(`/visits/${id}/cancel`, {}), 400, 'invalid_argument', 'reason');
  const c = await hostC.post(`/visits/${id}/cancel`, { reason: '临时出差' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.status, 'cancelled');
  assert.equal(c.body.cancel_reason, '临时出差');
  assertError(await desk.post(`/visits/${id}/check-in`), 409, 'conflict');
  const out = await admin.get('/outbox?channel=email');
  assert.equal(out.status, 200, out.text);
  const mails = out.body.items.filter((m) => m.recipient === 'sunli@example.com');
  assert.ok(mails.some((m) => m.topic === 'visit.invitation'), 'the invitation was queued');
  assert.ok(mails.some((m) => m.topic === 'visit.cancelled'), 'the apology was queued');
});

test('VIS-5: a delayed host reschedules; another host may not touch the visit', async () => {
  const b = await book({ visitor_name: '吴敏' });
  const id = b.body.id;
  assertError(await otherC.post(`/visits/${id}/reschedule`, { expected_at: inOneHour() }), 403, 'forbidden');
  const later = new Date(Date.now() + 26 * 3600_000).toISOString();
  const r = await hostC.post(`/visits/${id}/reschedule`, { expected_at: later, reason: '会议延长' });
  assert.equal(r.status, 200, r.text);
  assert.equal(Date.parse(r.body.expected_at), Date.parse(later));
  assertError(await hostC.post(`/visits/${id}/reschedule`, { expected_at: '2020-01-01T00:00:00Z' }), 400, 'invalid_argument', 'expected_at');
  assertError(await hostC.post(`/visits/${id}/reschedule`, { expected_at: 'tomorrow' }), 400, 'invalid_argument', 'expected_at');
});

test('VIS-7: a deputy may receive the visitor instead of the host', async () => {
  const b = await book({ visitor_name: '郑凯' }, hostC);
  assert.equal(b.status, 201, b.text);
  const id = b.body.id;
  assertError(await hostC.post(`/visits/${id}/delegate`, { deputy_staff_id: staff.host.id }), 400, 'invalid_argument', 'deputy_staff_id');
  const d = await hostC.post(`/visits/${id}/delegate`, { deputy_staff_id: staff.other.id });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.body.deputy_name, '李娜');
  await desk.post(`/visits/${id}/check-in`);
  const a = await otherC.post(`/visits/${id}/answer`, { answer: 'coming' });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.host_answer.answer, 'coming');
  const mine = await otherC.get('/visits/mine');
  assert.ok(mine.body.items.some((v) => v.id === id), 'the deputy sees it among their visits');
});

test('data scope: a department head reads the visits of their own department only', async () => {
  const depts = (await admin.get('/departments')).body.items;
  const market = depts.find((d) => d.name === '市场部');
  await srv.createUser({ username: 'market_head', roles: ['dept_head'], department_id: market.id });
  const head = await srv.login('market_head', 'Passw0rd-1');
  const mine = await walkIn({ visitor_name: '市场部的客人' });
  const theirs = await walkIn({ visitor_name: '人事部的客人', host_staff_id: staff.hr.id });
  assert.equal(theirs.status, 201, theirs.text);
  const seen = (await head.get('/visits?page_size=500')).body.items.map((v) => v.id);
  assert.ok(seen.includes(mine.body.visit.id));
  assert.ok(!seen.includes(theirs.body.visit.id), 'another department\'s visit is out of scope');
  const csv = await head.get('/visits/export.csv');
  assert.ok(!csv.text.includes('人事部的客人'), 'the export honours the scope too');
  // The desk (scope: all) sees both.
  const all = (await desk.get('/visits?page_size=500')).body.items.map((v) => v.id);
  assert.ok(all.includes(theirs.body.visit.id));
});

test('hosts book only their own visitors', async () => {
  assertError(await book({ visitor_name: '冒名', host_staff_id: staff.other.id }, hostC), 403, 'forbidden');
  const own = await book({ visitor_name: '自己的客人' }, hostC);
  assert.equal(own.status, 201, own.text);
  assertError(await hostC.post('/visits/walk-ins', { site_id: site.id, visitor_name: 'x', host_staff_id: staff.host.id }), 403, 'forbidden');
  // Leaving the host out books for the caller's own staff record ...
  const mine = await hostC.post('/visits/appointments', { site_id: site.id, visitor_name: '默认接待人', expected_at: inOneHour() });
  assert.equal(mine.status, 201, mine.text);
  assert.equal(mine.body.host_staff_id, staff.host.id);
  // ... and a user without one is asked to name the host.
  assertError(await admin.post('/visits/appointments', { site_id: site.id, visitor_name: '无人接待', expected_at: inOneHour() }),
    400, 'invalid_argument', 'host_staff_id');
});

test('VIS-11: each category has its venue; other venues are refused, offices allowed', async () => {
  assertError(await book({ visitor_name: '甲', category: 'A', venue_id: venue.lounge.id }), 400, 'invalid_argument', 'venue_id');
  assertError(await book({ visitor_name: '乙', category: 'D', venue_id: venue.large.id }), 400, 'invalid_argument', 'venue_id');
  assert.equal((await book({ visitor_name: '丙', category: 'A', venue_id: venue.office.id })).status, 201);
  assert.equal((await book({ visitor_name: '丁', category: 'C', venue_id: venue.small.id })).status, 201);
  const w = (await walkIn({ visitor_name: '戊', category: 'D' })).body.visit;
  assertError(await hostC.post(`/visits/${w.id}/answer`, { answer: 'venue', venue_id: venue.large.id }), 400, 'invalid_argument', 'venue_id');
});

test('GEN-5: the queue is in arrival order; category never reorders it', async () => {
  const s2 = (await admin.post('/sites', { name: '分部', code: 'BR2' })).body;
  const first = (await desk.post('/visits/walk-ins', { site_id: s2.id, visitor_name: '先到者', visitor_kind: 'other', host_staff_id: staff.host.id, category: 'D' })).body.visit;
  const second = (await desk.post('/visits/walk-ins', { site_id: s2.id, visitor_name: '贵宾', visitor_kind: 'superior_or_client', host_staff_id: staff.host.id, category: 'A' })).body.visit;
  const q = await desk.get(`/sites/${s2.id}/queue`);
  assert.equal(q.status, 200, q.text);
  assert.deepEqual(q.body.items.map((v) => v.id), [first.id, second.id]);
  await desk.post(`/visits/${first.id}/admit`);
  const q2 = await desk.get(`/sites/${s2.id}/queue`);
  assert.deepEqual(q2.body.items.map((v) => v.id), [second.id]);
  const onsite = await guard.get(`/sites/${s2.id}/on-site`);
  assert.equal(onsite.status, 200, onsite.text);
  assert.deepEqual(onsite.body.items.map((v) => v.id).sort(), [first.id, second.id].sort());
  assert.equal(onsite.body.people, 2, 'the roll call counts heads');
});

test('watch list: a match is held for security, never admitted automatically', async () => {
  const w = await admin.post('/visitor-lists', { list: 'watch', name: '黑名單人', note: '曾强行闯入' });
  assert.equal(w.status, 201, w.text);
  // The desk never sees the watch list.
  const visible = await desk.get('/visitor-lists');
  assert.ok(!visible.body.items.some((e) => e.list === 'watch'), visible.text);
  assertError(await desk.get('/visitor-lists?list=watch'), 403, 'forbidden');

  const r = await walkIn({ visitor_name: '黑名单人' });  // simplified matches the traditional entry
  assert.equal(r.status, 201, r.text);
  const id = r.body.visit.id;
  assert.equal(r.body.visit.status, 'held');
  assert.equal(r.body.visit.watch_hit, true);
  assertError(await desk.post(`/visits/${id}/admit`), 409, 'conflict');
  assertError(await desk.post(`/visits/${id}/clear`, { admit: true, note: 'x' }), 403, 'forbidden');
  const bell = await guard.get('/notifications');
  assert.ok(bell.body.items.some((n) => n.title.includes('黑名单人')), 'security is alerted');
  const cleared = await guard.post(`/visits/${id}/clear`, { admit: true, note: '核实为同名，放行' });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.body.status, 'waiting');

  const r2 = await walkIn({ visitor_name: '黑名单人' });
  const refused = await guard.post(`/visits/${r2.body.visit.id}/clear`, { admit: false, note: '确认本人，拒绝入内' });
  assert.equal(refused.body.status, 'checked_out');
  assert.equal(refused.body.outcome, 'refused');
});

test('VIS-9: a special-access visitor goes straight to the host unless the host is busy', async () => {
  await admin.post('/visitor-lists', { list: 'special', name: '王董事长', host_staff_id: staff.other.id, note: '上级领导' });
  const direct = await walkIn({ visitor_name: '王董事长', host_staff_id: staff.other.id, visitor_kind: 'superior_or_client' });
  assert.equal(direct.body.visit.status, 'with_host', direct.text);
  assert.equal(direct.body.visit.special_access, true);
  // The host now receives someone: the next special visitor waits like everyone else.
  const again = await walkIn({ visitor_name: '王董事长', host_staff_id: staff.other.id, visitor_kind: 'superior_or_client' });
  assert.equal(again.body.visit.status, 'waiting');
  // Special access for another host's list does not apply.
  const elsewhere = await walkIn({ visitor_name: '王董事长', host_staff_id: staff.host.id });
  assert.equal(elsewhere.body.visit.special_access, false);
});

test('VIS-1: people on the exempt list are recognised before registration', async () => {
  await admin.post('/visitor-lists', { list: 'exempt', name: '施工队长', company: '城建三公司' });
  const check = await desk.get(`/visitor-lists/check?name=${encodeURIComponent('施工队长')}`);
  assert.equal(check.status, 200, check.text);
  assert.equal(check.body.exempt, true);
  assert.equal((await desk.get(`/visitor-lists/check?name=${encodeURIComponent('路人')}`)).body.exempt, false);
  assertError(await desk.get('/visitor-lists/check'), 400, 'invalid_argument', 'name');
});

test('search: any part of a name or company, simplified/traditional, pinyin initials', async () => {
  await walkIn({ visitor_name: '歐陽娜娜', company: '臺北科技股份有限公司' });
  await walkIn({ visitor_name: '张三丰', company: '武当派' });
  const names = async (q) => (await desk.get(`/visits?q=${encodeURIComponent(q)}`)).body.items.map((v) => v.visitor_name);
  assert.ok((await names('娜')).includes('歐陽娜娜'), 'one character');
  assert.ok((await names('欧阳')).includes('歐陽娜娜'), 'simplified finds traditional');
  assert.ok((await names('台北科技')).includes('歐陽娜娜'), 'company substring, folded');
  assert.ok((await names('oynn')).includes('歐陽娜娜'), 'pinyin initials');
  assert.ok((await names('三丰')).includes('张三丰'));
  assert.ok(!(await names('三丰')).includes('歐陽娜娜'));
  assert.deepEqual(await names('"*NEAR:-'), [], 'search syntax is text, never an error');
  const ac = await desk.get(`/visitors?q=${encodeURIComponent('张三')}`);
  assert.equal(ac.status, 200, ac.text);
  assert.ok(ac.body.items.some((v) => v.name === '张三丰'), 'returning visitors autocomplete');
});

test('DATA-2: phone and identity numbers are masked and encrypted at rest', async () => {
  const r = await walkIn({ visitor_name: '隐私测试', phone: '13912345678', id_number: '11010519491231002X' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.visit.phone, '139****5678');
  const again = await desk.get(`/visitors?phone=${encodeURIComponent('+86 139-1234-5678')}`);
  assert.equal(again.body.items.length, 1, 'found by the phone number without storing it in clear');
  assert.equal(again.body.items[0].id_number, '110***********002X');
  if (BACKEND === 'sqlite') {
    const file = srv.dbUrl.slice('sqlite:'.length);
    const dump = execFileSync('sqlite3', [file, '.dump'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.ok(!dump.includes('13912345678'), 'no clear phone number in the database');
    assert.ok(!dump.includes('11010519491231002X'), 'no clear identity number in the database');
  }
});

test('GEN-6: a visit is handed over explicitly to a named colleague', async () => {
  const v = (await walkIn({ visitor_name: '交接测试' })).body.visit;
  const other = await srv.createUser({ username: 'qiantai2', roles: ['front_desk'] });
  const h = await desk.post(`/visits/${v.id}/hand-over`, { to_user_id: other.id, reason: '午休交接' });
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.owner_user_id, other.id);
  assertError(await desk.post(`/visits/${v.id}/hand-over`, { to_user_id: 999999 }), 400, 'invalid_argument', 'to_user_id');
});

test('check-in and check-out by the QR code', async () => {
  const b = await book({ visitor_name: '扫码访客' });
  const code = b.body.badge_code;
  assert.ok(code);
  assertError(await desk.post('/visits/check-in', { badge_code: 'nope' }), 400, 'invalid_argument', 'badge_code');
  const inn = await desk.post('/visits/check-in', { badge_code: code });
  assert.equal(inn.body.status, 'waiting', inn.text);
  const out = await desk.post('/visits/check-out', { badge_code: code });
  assert.equal(out.body.status, 'checked_out', out.text);
  assert.equal(out.body.outcome, 'left');
});

test('hosts see their visitors; a host cannot read someone else\'s visit', async () => {
  const v = (await walkIn({ visitor_name: '私人访客', host_staff_id: staff.other.id })).body.visit;
  assertError(await hostC.get(`/visits/${v.id}`), 403, 'forbidden');
  assert.equal((await otherC.get(`/visits/${v.id}`)).status, 200);
  assertError(await hostC.get('/visits'), 403, 'forbidden');
  const mine = await hostC.get('/visits/mine');
  assert.ok(mine.body.items.length > 0);
  assert.ok(mine.body.items.every((x) => x.host_staff_id === staff.host.id || x.deputy_staff_id === staff.host.id));
});

test('settings: every number of a rule is a setting an administrator changes', async () => {
  const s = await desk.get('/settings');
  assert.equal(s.status, 200, s.text);
  const before = s.body.items.find((x) => x.key === 'visits.notify_before_minutes');
  assert.equal(before.value, 10);
  assert.equal(before.rule, 'VIS-4');
  assertError(await desk.put('/settings/visits.notify_before_minutes', { value: 5 }), 403, 'forbidden');
  assertError(await admin.put('/settings/visits.notify_before_minutes', { value: 999 }), 400, 'invalid_argument', 'value');
  assertError(await admin.put('/settings/no.such', { value: 1 }), 404, 'not_found');
  const put = await admin.put('/settings/visits.notify_before_minutes', { value: 5, reason: '提前 5 分钟即可' });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.value, 5);
  await admin.put('/settings/visits.notify_before_minutes', { value: 10 });
});

test('VIS-15: the badge QR code decodes (zbarimg) to what the check-out scan expects', async () => {
  const v = (await walkIn({ visitor_name: '徽章测试', company: '测试公司' })).body.visit;
  const badge = await desk.get(`/visits/${v.id}/badge`);
  assert.equal(badge.status, 200, badge.text);
  assert.equal(badge.body.visitor_name, '徽章测试');
  assert.equal(badge.body.host_name, '张伟');
  assert.match(badge.body.qr_svg, /^<svg/);
  const png = await fetch(`${srv.url}/api/v1/visits/${v.id}/badge.png`, { headers: { Cookie: desk.cookie } });
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const file = path.join(srv.dir, 'badge.png');
  writeFileSync(file, Buffer.from(await png.arrayBuffer()));
  const decoded = execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' }).trim();
  assert.equal(decoded, badge.body.badge_code);
  const out = await desk.post('/visits/check-out', { badge_code: decoded });
  assert.equal(out.status, 200, out.text);
  assert.equal(out.body.status, 'checked_out');
});

test('kiosk: a device token signs visitors in by invitation QR or by name and host, rate-limited', async () => {
  const tok = await admin.post('/tokens', { name: `大堂自助机-${Date.now()}`, kind: 'kiosk', scopes: ['kiosk.signin'] });
  assert.equal(tok.status, 201, tok.text);
  const kiosk = new Client(srv.url);
  kiosk.bearer = tok.body.secret;
  // The kiosk may do nothing else.
  assertError(await kiosk.get('/visits'), 403, 'forbidden');
  assertError(await kiosk.get(`/sites/${site.id}/queue`), 403, 'forbidden');

  const hosts = await kiosk.get(`/kiosk/hosts?q=${encodeURIComponent('张')}`);
  assert.equal(hosts.status, 200, hosts.text);
  assert.ok(hosts.body.items.some((h) => h.id === staff.host.id));
  assert.ok(!JSON.stringify(hosts.body).includes('zw@example.com'), 'no contact data on the kiosk');

  const booked = await book({ visitor_name: '自助签到' });
  const signed = await kiosk.post('/kiosk/sign-in', { badge_code: booked.body.badge_code });
  assert.equal(signed.status, 200, signed.text);
  assert.equal(signed.body.status, 'waiting');
  assert.match(signed.body.qr_svg, /^<svg/);
  assertError(await kiosk.post('/kiosk/sign-in', { badge_code: booked.body.badge_code }), 409, 'conflict');
  assertError(await kiosk.post('/kiosk/sign-in', { badge_code: 'forged' }), 400, 'invalid_argument', 'badge_code');

  const walk = await kiosk.post('/kiosk/walk-in', { site_id: site.id, visitor_name: '自助访客', host_staff_id: staff.host.id });
  assert.equal(walk.status, 201, walk.text);
  const hostBell = await hostC.get('/notifications');
  assert.ok(hostBell.body.items.some((n) => n.title.includes('自助访客')), 'the host is notified');
  assertError(await kiosk.post('/kiosk/walk-in', { site_id: site.id, host_staff_id: staff.host.id }), 400, 'invalid_argument', 'visitor_name');

  const out = await kiosk.post('/kiosk/check-out', { badge_code: walk.body.badge_code });
  assert.equal(out.status, 200, out.text);
  assert.equal(out.body.status, 'checked_out');

  await admin.put('/settings/kiosk.signins_per_minute', { value: 1 });
  try {
    let limited = null;
    for (let i = 0; i < 3 && !limited; i++) {
      const r = await kiosk.post('/kiosk/walk-in', { site_id: site.id, visitor_name: `限流${i}`, host_staff_id: staff.host.id });
      if (r.status === 429) limited = r;
    }
    assert.ok(limited, 'the kiosk is rate-limited');
    assert.equal(limited.body.error.code, 'rate_limited');
  } finally {
    await admin.put('/settings/kiosk.signins_per_minute', { value: 20 });
  }
});

test('kiosk bound to a site: welcome data of its site, walk-ins there, other sites\' invitations refused', async () => {
  const other = (await admin.post('/sites', { name: `二号楼-${Date.now()}`, code: `K${Date.now() % 100000}`, address: '科技路 2 号' })).body;
  const tok = await admin.post('/tokens', { name: `二号楼自助机-${Date.now()}`, kind: 'kiosk', scopes: ['kiosk.signin'], site_id: other.id });
  assert.equal(tok.status, 201, tok.text);
  const kiosk = new Client(srv.url);
  kiosk.bearer = tok.body.secret;
  const me = await kiosk.get('/kiosk/site');
  assert.equal(me.status, 200, me.text);
  assert.deepEqual([me.body.id, me.body.name, me.body.address], [other.id, other.name, '科技路 2 号']);

  // Walk-ins default to the kiosk's site; naming another site is refused, nothing made.
  const before = (await admin.get(`/sites/${site.id}/queue`)).body.items.length;
  assertError(await kiosk.post('/kiosk/walk-in', { site_id: site.id, visitor_name: '走错楼', host_staff_id: staff.host.id }),
    400, 'invalid_argument', 'site_id');
  assert.equal((await admin.get(`/sites/${site.id}/queue`)).body.items.length, before);
  const walk = await kiosk.post('/kiosk/walk-in', { visitor_name: '二号楼访客', host_staff_id: staff.host.id });
  assert.equal(walk.status, 201, walk.text);
  const queue = (await admin.get(`/sites/${other.id}/queue`)).body.items;
  assert.ok(queue.some((v) => v.visitor_name === '二号楼访客'), 'registered at the kiosk\'s site');

  // An invitation for the main site is refused here and stays expected.
  const booked = await book({ visitor_name: '跑错地点' });
  const refused = await kiosk.post('/kiosk/sign-in', { badge_code: booked.body.badge_code });
  assertError(refused, 400, 'invalid_argument', 'badge_code');
  assert.match(refused.body.error.message, /其他地点/);
  assert.equal((await admin.get(`/visits/${booked.body.id}`)).body.status, 'expected');

  // An unbound kiosk token has no site to welcome visitors to.
  const loose = await admin.post('/tokens', { name: `无地点-${Date.now()}`, kind: 'kiosk', scopes: ['kiosk.signin'] });
  const k2 = new Client(srv.url);
  k2.bearer = loose.body.secret;
  assertError(await k2.get('/kiosk/site'), 400, 'invalid_argument', 'site_id');
});

test('VIS-16: the daily log is reviewed, then archived; an archived day is read-only but can be annotated', async () => {
  const s3 = (await admin.post('/sites', { name: `日志测试-${Date.now()}`, code: `LG${Date.now() % 100000}` })).body;
  const v = (await desk.post('/visits/walk-ins', { site_id: s3.id, visitor_name: '日志访客', visitor_kind: 'other', host_staff_id: staff.host.id })).body.visit;
  const day = v.day;
  const supervisor = await srv.login();  // sysadmin holds visits.review
  assertError(await desk.post(`/visit-days/${s3.id}/${day}/review`), 403, 'forbidden');
  const early = await supervisor.post(`/visit-days/${s3.id}/${day}/review`);
  assertError(early, 409, 'conflict');  // a visitor is still on site
  await desk.post(`/visits/${v.id}/check-out`);
  assertError(await supervisor.post(`/visit-days/${s3.id}/${day}/archive`), 409, 'conflict');  // not reviewed yet
  const reviewed = await supervisor.post(`/visit-days/${s3.id}/${day}/review`);
  assert.equal(reviewed.status, 200, reviewed.text);
  assert.equal(reviewed.body.status, 'reviewed');
  assert.equal(reviewed.body.visits, 1);
  const archived = await supervisor.post(`/visit-days/${s3.id}/${day}/archive`);
  assert.equal(archived.body.status, 'archived', archived.text);
  // Read-only now: a correction is an annotation.
  assertError(await desk.post(`/visits/${v.id}/hand-over`, { to_user_id: desk.me.id }), 409, 'conflict');
  const note = await desk.post(`/visit-days/${s3.id}/${day}/annotations`, { text: '访客实际离开时间 16:05', visit_id: v.id });
  assert.equal(note.status, 201, note.text);
  assert.equal(note.body.annotations.length, 1);
  assert.equal(note.body.annotations[0].text, '访客实际离开时间 16:05');
  assertError(await desk.post(`/visit-days/${s3.id}/${day}/annotations`, {}), 400, 'invalid_argument', 'text');
  assertError(await desk.get(`/visit-days/${s3.id}/2026-13-01`), 400, 'invalid_argument', 'day');
});

test('export: CSV with a BOM that Excel opens, phone masked, formulas neutralised', async () => {
  await walkIn({ visitor_name: '=HYPERLINK("x")', company: '导出测试公司', phone: '13700001111' });
  const r = await fetch(`${srv.url}/api/v1/visits/export.csv?q=${encodeURIComponent('导出测试')}`, { headers: { Cookie: desk.cookie } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.trim().split('\r\n');
  assert.equal(lines.length, 2, text);
  assert.match(lines[0], /^编号,日期/);
  assert.ok(lines[1].includes('"137****1111"'), lines[1]);
  assert.ok(!text.includes('13700001111'));
  assert.ok(lines[1].includes(`"'=HYPERLINK(""x"")"`), 'a formula is stored as text');
});

test('export: XLSX workbook with the same rows, phone masked', async () => {
  await walkIn({ visitor_name: '表格导出', company: 'XLSX公司', phone: '13600002222' });
  const r = await fetch(`${srv.url}/api/v1/visits/export.xlsx?q=${encodeURIComponent('XLSX公司')}`, { headers: { Cookie: desk.cookie } });
  assert.equal(r.status, 200);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an OOXML zip');
  const file = path.join(srv.dir, 'visits.xlsx');
  writeFileSync(file, bytes);
  const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.ok(strings.includes('表格导出'));
  assert.ok(strings.includes('136****2222'));
  assert.ok(!strings.includes('13600002222'));
});

test('DATA-2: only sensitive.reveal shows the clear number, and every reveal is audited', async () => {
  const v = (await walkIn({ visitor_name: '揭示测试', phone: '13511112222', id_number: '11010519491231002X' })).body.visit;
  assertError(await desk.post(`/visitors/${v.visitor_id}/reveal`, { field: 'phone', reason: '回访' }), 403, 'forbidden');
  assertError(await admin.post(`/visitors/${v.visitor_id}/reveal`, { field: 'phone' }), 400, 'invalid_argument', 'reason');
  assertError(await admin.post(`/visitors/${v.visitor_id}/reveal`, { field: 'email', reason: 'x' }), 400, 'invalid_argument', 'field');
  const phone = await admin.post(`/visitors/${v.visitor_id}/reveal`, { field: 'phone', reason: '访客遗失物品，需联系' });
  assert.equal(phone.status, 200, phone.text);
  assert.equal(phone.body.value, '13511112222');
  const idn = await admin.post(`/visitors/${v.visitor_id}/reveal`, { field: 'id_number', reason: '公安协查' });
  assert.equal(idn.body.value, '11010519491231002X');
  const log = await admin.get(`/audit?entity=visitor&entity_id=${v.visitor_id}`);
  const reveals = log.body.items.filter((e) => e.action === 'reveal');
  assert.equal(reveals.length, 2);
  assert.deepEqual(reveals.map((e) => e.reason).sort(), ['公安协查', '访客遗失物品，需联系'].sort());
  assert.ok(!JSON.stringify(log.body).includes('13511112222'), 'the value never enters the audit log');
});
