// Organisation: sites and their business calendar (DESK-1), departments, staff with rank
// (GEN-4), venues; department scope (DATA-2) and the audit trail (DATA-3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer();
  admin = await srv.login();
});
after(async () => { await srv?.stop(); });

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
}

async function hqId() {
  const r = await admin.get('/sites');
  return r.body.items.find((s) => s.code === 'HQ').id;
}

test('DESK-1: a default site 总部 exists with the desk hours and Monday to Friday', async () => {
  const r = await admin.get('/sites');
  assert.equal(r.status, 200, r.text);
  const hq = r.body.items.find((s) => s.code === 'HQ');
  assert.ok(hq, r.text);
  assert.equal(hq.name, '总部');
  assert.equal(hq.time_zone, 'Asia/Shanghai');
  assert.deepEqual(hq.desk_hours, [{ start: '08:30', end: '11:30' }, { start: '13:30', end: '17:30' }]);
  const cal = await admin.get(`/sites/${hq.id}/calendar?year=2026`);
  assert.equal(cal.status, 200, cal.text);
  assert.deepEqual(cal.body.working_weekdays, [1, 2, 3, 4, 5]);
  assert.equal(cal.body.year, 2026);
});

test('sites: create, read, patch, delete, each audited with its reason', async () => {
  const created = await admin.post('/sites', {
    name: '台北办事处', code: 'TPE', time_zone: 'Asia/Taipei', address: '台北市信义路',
    desk_hours: [{ start: '13:00', end: '18:00' }, { start: '09:00', end: '12:00' }], reason: '新设办事处',
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  assert.deepEqual(created.body.desk_hours, [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }], 'sorted');
  assert.equal((await admin.get(`/sites/${id}`)).body.name, '台北办事处');

  const patched = await admin.patch(`/sites/${id}`, { directions: '捷运市政府站 2 号出口', reason: '补充路线' });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.body.directions, '捷运市政府站 2 号出口');
  assert.equal(patched.body.time_zone, 'Asia/Taipei', 'PATCH is partial');

  assert.equal((await admin.del(`/sites/${id}`, { reason: '撤销' })).status, 204);
  assertError(await admin.get(`/sites/${id}`), 404, 'not_found');

  const log = await admin.get(`/audit?entity=site&entity_id=${id}`);
  assert.equal(log.status, 200, log.text);
  assert.deepEqual(log.body.items.map((e) => e.action), ['delete', 'update', 'create']);
  const [d, u, c] = log.body.items;
  assert.equal(c.after.code, 'TPE');
  assert.equal(c.reason, '新设办事处');
  assert.equal(u.before.directions, '');
  assert.equal(u.after.directions, '捷运市政府站 2 号出口');
  assert.equal(d.before.name, '台北办事处');
  assert.equal(d.reason, '撤销');
});

test('sites: validation names the field; duplicates conflict', async () => {
  assertError(await admin.post('/sites', { code: 'X1' }), 400, 'invalid_argument', 'name');
  assertError(await admin.post('/sites', { name: '甲', code: 'X1', time_zone: 'Asia/Beijing' }), 400, 'invalid_argument', 'time_zone');
  assertError(await admin.post('/sites', { name: '甲', code: 'X1', desk_hours: [{ start: '8:30', end: '11:30' }] }), 400, 'invalid_argument', 'desk_hours');
  assertError(await admin.post('/sites', { name: '甲', code: 'X1', desk_hours: [{ start: '11:30', end: '08:30' }] }), 400, 'invalid_argument', 'desk_hours');
  assertError(await admin.post('/sites', { name: '甲', code: 'X1', desk_hours: [{ start: '08:30', end: '12:00' }, { start: '11:00', end: '17:30' }] }), 400, 'invalid_argument', 'desk_hours');
  assertError(await admin.post('/sites', { name: 'x'.repeat(101), code: 'X1' }), 400, 'invalid_argument', 'name');
  assertError(await admin.post('/sites', { name: '总部', code: 'X1' }), 409, 'conflict', 'name');
  assertError(await admin.post('/sites', { name: '分部', code: 'HQ' }), 409, 'conflict', 'code');
  const r = await admin.post('/sites', { name: '甲', code: 'X1', time_zone: 'Mars/Base' });
  assertError(r, 400, 'invalid_argument', 'time_zone');
  assert.match(r.body.error.message, /时区/, 'the message is in the caller language');
});

test('the last site cannot be deleted; a site in use cannot be deleted', async () => {
  const hq = await hqId();
  assert.equal((await admin.get('/sites')).body.total, 1);
  assertError(await admin.del(`/sites/${hq}`), 409, 'conflict');
  const site = await admin.post('/sites', { name: '仓库', code: 'WH', time_zone: 'Asia/Shanghai' });
  const venue = await admin.post('/venues', { site_id: site.body.id, name: '仓库会客室', kind: 'lounge' });
  assert.equal(venue.status, 201, venue.text);
  assertError(await admin.del(`/sites/${site.body.id}`), 409, 'conflict');
  assert.equal((await admin.del(`/venues/${venue.body.id}`)).status, 204);
  assert.equal((await admin.del(`/sites/${site.body.id}`)).status, 204);
});

test('calendar: PUT and DELETE a day, weekdays, year view', async () => {
  const hq = await hqId();
  const put = await admin.put(`/sites/${hq}/calendar/days/2026-10-01`, { kind: 'holiday', name: '国庆节', reason: '国务院通知' });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.body, { date: '2026-10-01', kind: 'holiday', name: '国庆节' });
  const again = await admin.put(`/sites/${hq}/calendar/days/2026-10-01`, { kind: 'holiday', name: '国庆节（更正）' });
  assert.equal(again.status, 200, again.text);
  const cal = await admin.get(`/sites/${hq}/calendar?year=2026`);
  assert.deepEqual(cal.body.days.filter((d) => d.date === '2026-10-01'), [{ date: '2026-10-01', kind: 'holiday', name: '国庆节（更正）' }]);
  assert.equal((await admin.get(`/sites/${hq}/calendar?year=2027`)).body.days.length, 0);

  assert.equal((await admin.del(`/sites/${hq}/calendar/days/2026-10-01`, { reason: '撤回' })).status, 204);
  assertError(await admin.del(`/sites/${hq}/calendar/days/2026-10-01`), 404, 'not_found');
  assertError(await admin.put(`/sites/${hq}/calendar/days/2026-02-30`, { kind: 'holiday' }), 400, 'invalid_argument', 'date');
  assertError(await admin.put(`/sites/${hq}/calendar/days/2026-10-02`, { kind: 'party' }), 400, 'invalid_argument', 'kind');
  assertError(await admin.put('/sites/999999/calendar/days/2026-10-02', { kind: 'holiday' }), 404, 'not_found');

  const wk = await admin.patch(`/sites/${hq}/calendar`, { working_weekdays: [1, 2, 3, 4, 5, 6] });
  assert.equal(wk.status, 200, wk.text);
  assert.deepEqual(wk.body.working_weekdays, [1, 2, 3, 4, 5, 6]);
  assertError(await admin.patch(`/sites/${hq}/calendar`, { working_weekdays: [0, 8] }), 400, 'invalid_argument', 'working_weekdays');
  assert.equal((await admin.patch(`/sites/${hq}/calendar`, { working_weekdays: [1, 2, 3, 4, 5] })).status, 200);

  const log = await admin.get(`/audit?entity=calendar_day&entity_id=${hq}`);
  assert.deepEqual(log.body.items.slice(0, 3).map((e) => e.action), ['delete', 'update', 'create']);
});

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Yingbin test//CN//ZH',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261001',
  'DTEND;VALUE=DATE:20261008',
  'SUMMARY:国庆节\\,放',
  ' 假',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260920',
  'SUMMARY:国庆节调休上班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261010',
  'SUMMARY:补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260925',
  'SUMMARY:中秋节',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

test('calendar import (.ics) and working-day arithmetic over National Day 2026', async () => {
  const hq = await hqId();
  const imp = await admin.post(`/sites/${hq}/calendar/import`, ICS, { contentType: 'text/calendar' });
  assert.equal(imp.status, 200, imp.text);
  assert.deepEqual(imp.body, { imported: 10 });
  const cal = await admin.get(`/sites/${hq}/calendar?year=2026`);
  const byDate = Object.fromEntries(cal.body.days.map((d) => [d.date, d]));
  assert.deepEqual(byDate['2026-10-03'], { date: '2026-10-03', kind: 'holiday', name: '国庆节,放假' });
  assert.equal(byDate['2026-10-08'], undefined, 'DTEND is exclusive');
  assert.equal(byDate['2026-09-20'].kind, 'workday');
  assert.equal(byDate['2026-10-10'].kind, 'workday');

  // Wed 09-30 10:00 Beijing + 3 working days = Sat 10-10 (make-up day) 10:00.
  const from = encodeURIComponent('2026-09-30T10:00:00+08:00');
  const days = await admin.get(`/sites/${hq}/calendar/add?from=${from}&days=3`);
  assert.equal(days.status, 200, days.text);
  assert.deepEqual(days.body, { result: '2026-10-10T02:00:00.000Z' });
  // Wed 09-30 16:00 + 4 working hours: 1.5 h that day, 2.5 h on Thu 10-08 -> 11:00.
  const from2 = encodeURIComponent('2026-09-30T16:00:00+08:00');
  const hours = await admin.get(`/sites/${hq}/calendar/add?from=${from2}&hours=4`);
  assert.equal(hours.status, 200, hours.text);
  assert.equal(hours.body.result, '2026-10-08T03:00:00.000Z');

  assertError(await admin.get(`/sites/${hq}/calendar/add?from=${from}`), 400, 'invalid_argument', 'days');
  assertError(await admin.get(`/sites/${hq}/calendar/add?from=yesterday&days=1`), 400, 'invalid_argument', 'from');
  assertError(await admin.get(`/sites/${hq}/calendar/add?days=1`), 400, 'invalid_argument', 'from');
  assertError(await admin.get(`/sites/${hq}/calendar/add?from=${from}&days=-1`), 400, 'invalid_argument', 'days');
  assertError(await admin.post(`/sites/${hq}/calendar/import`, 'not a calendar', { contentType: 'text/calendar' }), 400, 'invalid_argument', 'file');

  const log = await admin.get(`/audit?entity=calendar_day&entity_id=${hq}`);
  assert.equal(log.body.items[0].action, 'import');
  assert.equal(log.body.items[0].after.imported, 10);
});

test('departments: tree rules, unknown references, cycles, in-use delete', async () => {
  const top = await admin.post('/departments', { name: '总经理办公室', code: 'GMO', reason: '建立组织' });
  assert.equal(top.status, 201, top.text);
  assert.equal(top.body.parent_id, null);
  const cs = await admin.post('/departments', { name: '客服部', parent_id: top.body.id });
  assert.equal(cs.status, 201, cs.text);
  const team = await admin.post('/departments', { name: '投诉组', parent_id: cs.body.id });
  assert.equal(team.status, 201, team.text);

  assertError(await admin.post('/departments', { name: '总经理办公室' }), 409, 'conflict', 'name');
  assertError(await admin.post('/departments', { name: '别的', code: 'GMO' }), 409, 'conflict', 'code');
  assertError(await admin.post('/departments', { name: '孤儿', parent_id: 999999 }), 400, 'invalid_argument', 'parent_id');
  assertError(await admin.post('/departments', { name: '' }), 400, 'invalid_argument', 'name');
  assertError(await admin.patch(`/departments/${top.body.id}`, { parent_id: team.body.id }), 400, 'invalid_argument', 'parent_id');
  const cycle = await admin.patch(`/departments/${top.body.id}`, { parent_id: top.body.id });
  assert.equal(cycle.body.error.field, 'parent_id');

  const renamed = await admin.patch(`/departments/${team.body.id}`, { name: '投诉处理组' });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.body.parent_id, cs.body.id);

  assertError(await admin.del(`/departments/${cs.body.id}`), 409, 'conflict');
  const list = await admin.get('/departments?page_size=500');
  assert.ok(list.body.items.some((d) => d.id === team.body.id));
  assert.equal((await admin.del(`/departments/${team.body.id}`, { reason: '合并' })).status, 204);
  assertError(await admin.get(`/departments/${team.body.id}`), 404, 'not_found');

  const log = await admin.get(`/audit?entity=department&entity_id=${team.body.id}`);
  assert.deepEqual(log.body.items.map((e) => e.action), ['delete', 'update', 'create']);
});

test('staff: CRUD, GEN-4 rank range, search by name, initials and extension', async () => {
  const dept = await admin.post('/departments', { name: '行政部' });
  const s = await admin.post('/staff', {
    name: '张三丰', name_initials: 'ZSF', department_id: dept.body.id, title: '主任', rank: 12,
    phone: '010-8888 1234', email: 'zhang@example.com', extension: '8021', reason: '入职',
  });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.body.name_initials, 'zsf');
  assert.equal(s.body.rank, 12);
  const dflt = await admin.post('/staff', { name: '李四' });
  assert.equal(dflt.body.rank, 5, 'default rank');
  assert.equal(dflt.body.name_initials, 'ls', 'initials derived from the name when not given');
  const trad = await admin.post('/staff', { name: '歐陽娜娜' });
  assert.equal(trad.body.name_initials, 'oynn', 'traditional characters too');
  assert.deepEqual((await admin.get('/staff?q=oynn')).body.items.map((x) => x.id), [trad.body.id]);
  const renamed = await admin.patch(`/staff/${trad.body.id}`, { name: '钱七' });
  assert.equal(renamed.body.name_initials, 'qq', 'a new name derives new initials');
  assert.equal((await admin.del(`/staff/${trad.body.id}`)).status, 204);

  for (const q of ['三丰', 'zs', '802']) {
    const r = await admin.get(`/staff?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((x) => x.id), [s.body.id], q);
  }
  assert.equal((await admin.get(`/staff?department_id=${dept.body.id}`)).body.total, 1);

  assertError(await admin.post('/staff', { name: '王五', rank: 21 }), 400, 'invalid_argument', 'rank');
  assertError(await admin.post('/staff', { name: '王五', rank: 0 }), 400, 'invalid_argument', 'rank');
  assertError(await admin.post('/staff', { name: '王五', email: 'not-an-email' }), 400, 'invalid_argument', 'email');
  assertError(await admin.post('/staff', { name: '王五', phone: 'call me' }), 400, 'invalid_argument', 'phone');
  assertError(await admin.post('/staff', { name: '王五', department_id: 999999 }), 400, 'invalid_argument', 'department_id');
  assertError(await admin.post('/staff', { name: '王五', user_id: 999999 }), 400, 'invalid_argument', 'user_id');
  assertError(await admin.post('/staff', { rank: 3 }), 400, 'invalid_argument', 'name');

  const up = await admin.patch(`/staff/${s.body.id}`, { rank: 15, reason: '晋升' });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.body.rank, 15);
  assert.equal(up.body.title, '主任', 'PATCH is partial');

  // A department head cannot be removed while named head.
  await admin.patch(`/departments/${dept.body.id}`, { head_staff_id: s.body.id });
  assertError(await admin.del(`/staff/${s.body.id}`), 409, 'conflict');
  await admin.patch(`/departments/${dept.body.id}`, { head_staff_id: null });
  assert.equal((await admin.del(`/staff/${s.body.id}`, { reason: '离职' })).status, 204);
  assert.equal((await admin.del(`/staff/${dflt.body.id}`)).status, 204);

  const log = await admin.get(`/audit?entity=staff&entity_id=${s.body.id}`);
  assert.deepEqual(log.body.items.map((e) => e.action), ['delete', 'update', 'create']);
  assert.equal(log.body.items[1].before.rank, 12);
  assert.equal(log.body.items[1].after.rank, 15);
  assert.equal(log.body.items[1].reason, '晋升');
});

test('venues: CRUD, kind and capacity checked, unique per site, filter by site', async () => {
  const hq = await hqId();
  const v = await admin.post('/venues', {
    site_id: hq, name: '第一会议室', kind: 'large_meeting_room', capacity: 40,
    equipment: ['projector', 'video_conference'], reason: '新会议室',
  });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.body.active, true);
  assert.deepEqual(v.body.equipment, ['projector', 'video_conference']);
  assertError(await admin.post('/venues', { site_id: hq, name: '第一会议室', kind: 'lounge' }), 409, 'conflict', 'name');
  assertError(await admin.post('/venues', { site_id: hq, name: '舞厅', kind: 'ballroom' }), 400, 'invalid_argument', 'kind');
  assertError(await admin.post('/venues', { site_id: hq, name: '舞厅', kind: 'lounge', capacity: -1 }), 400, 'invalid_argument', 'capacity');
  assertError(await admin.post('/venues', { name: '舞厅', kind: 'lounge' }), 400, 'invalid_argument', 'site_id');
  assertError(await admin.post('/venues', { site_id: 999999, name: '舞厅', kind: 'lounge' }), 400, 'invalid_argument', 'site_id');

  const off = await admin.patch(`/venues/${v.body.id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.active, false);
  assert.equal(off.body.capacity, 40);
  const list = await admin.get(`/venues?site_id=${hq}`);
  assert.ok(list.body.items.some((x) => x.id === v.body.id));
  assert.equal((await admin.get('/venues?site_id=999999')).body.total, 0);
  assert.equal((await admin.del(`/venues/${v.body.id}`)).status, 204);
  const log = await admin.get(`/audit?entity=venue&entity_id=${v.body.id}`);
  assert.deepEqual(log.body.items.map((e) => e.action), ['delete', 'update', 'create']);
});

test('a front-desk clerk reads the organisation but cannot change it', async () => {
  await srv.createUser({ username: 'desk_org', roles: ['front_desk'] });
  const desk = await srv.login('desk_org', 'Passw0rd-1');
  const hq = await hqId();
  assert.equal((await desk.get('/sites')).status, 200);
  assert.equal((await desk.get('/venues')).status, 200);
  assert.equal((await desk.get('/departments')).status, 200);
  assert.equal((await desk.get(`/sites/${hq}/calendar`)).status, 200);
  assertError(await desk.post('/departments', { name: '前台自建' }), 403, 'forbidden');
  assertError(await desk.post('/staff', { name: '前台自建' }), 403, 'forbidden');
  assertError(await desk.post('/venues', { site_id: hq, name: '前台自建', kind: 'lounge' }), 403, 'forbidden');
  assertError(await desk.patch(`/sites/${hq}`, { name: '改名' }), 403, 'forbidden');
  assertError(await desk.put(`/sites/${hq}/calendar/days/2026-12-25`, { kind: 'holiday' }), 403, 'forbidden');
  assertError(await desk.post(`/sites/${hq}/calendar/import`, ICS, { contentType: 'text/calendar' }), 403, 'forbidden');
});

test('DATA-2: a department-scoped host sees only staff of their own subtree', async () => {
  const sales = await admin.post('/departments', { name: '销售部' });
  const east = await admin.post('/departments', { name: '华东组', parent_id: sales.body.id });
  const hr = await admin.post('/departments', { name: '人力资源部' });
  const inSales = await admin.post('/staff', { name: '赵销售', department_id: sales.body.id });
  const inEast = await admin.post('/staff', { name: '钱华东', department_id: east.body.id });
  const inHr = await admin.post('/staff', { name: '孙人事', department_id: hr.body.id });
  for (const r of [inSales, inEast, inHr]) assert.equal(r.status, 201, r.text);

  await srv.createUser({ username: 'host_sales', roles: ['host'], department_id: sales.body.id });
  const host = await srv.login('host_sales', 'Passw0rd-1');
  const list = await host.get('/staff?page_size=500');
  assert.equal(list.status, 200, list.text);
  const ids = list.body.items.map((s) => s.id).sort((a, b) => a - b);
  assert.deepEqual(ids, [inSales.body.id, inEast.body.id].sort((a, b) => a - b));
  assert.equal(list.body.total, 2);
  assert.equal((await host.get(`/staff/${inEast.body.id}`)).status, 200);
  assertError(await host.get(`/staff/${inHr.body.id}`), 403, 'forbidden');
  // Sites, departments and venues are not scoped.
  assert.ok((await host.get('/departments?page_size=500')).body.items.some((d) => d.id === hr.body.id));

  const all = await admin.get('/staff?page_size=500');
  assert.ok(all.body.items.some((s) => s.id === inHr.body.id));
});

test('malformed ids and pages answer exact errors', async () => {
  assertError(await admin.get('/sites/abc'), 404, 'not_found');
  assertError(await admin.get('/staff/0'), 404, 'not_found');
  assertError(await admin.get('/staff?page_size=501'), 400, 'invalid_argument', 'page_size');
  assertError(await admin.get('/venues?site_id=x'), 400, 'invalid_argument', 'site_id');
  assertError(await admin.get(`/sites/${await hqId()}/calendar?year=99`), 400, 'invalid_argument', 'year');
});
