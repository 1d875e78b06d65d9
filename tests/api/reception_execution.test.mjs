// Formal receptions, the second half (DOMAIN.md PLAN-1, PLAN-3 conflicts, PLAN-6..8) against
// the real binary with a test clock, on SQLite and PostgreSQL: conflicts shown and warned of
// on submission without blocking it; starting the visit turns the items into tasks of their
// people (pickup: driver and greeter, the meeting with the leader: the main host, meals:
// logistics) with the B roles as backups, told to each; the run sheet of each person; ticking
// off by the owner, a backup or the planner, never an outsider; a missed task escalated to the
// planner; a change during the visit moving and cancelling tasks and telling those affected;
// actual costs against the budget rows with over-budget highlighted; the follow-up call after
// the guests' estimated arrival home; the summary and the archive, where every write is
// refused with 409 and notes are still allowed; the itinerary as iCalendar and in the
// staff's calendar feed; bad inputs refused naming the field with nothing changed.
//
// Every day is computed from the server's clock in the site's zone (Asia/Shanghai), so the
// test passes at any hour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from './lib/harness.mjs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PASSWORD = 'Passw0rd-1';

let srv;
let site;
let now = 0;
const c = {};
const users = {};
const staff = {};
// user name -> roles; the staff members below act through these logins.
const USERS = {
  clerk: ['admin_clerk'], gm: ['gm_office'], desk: ['front_desk'], head: ['dept_head'],
  wang: ['host'], driver: ['host'], greeter: ['host'], greeterb: ['host'], recorder: ['host'],
  logi: ['host'], logib: ['host'], guide: ['host'], guideb: ['host'],
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

async function advanceTo(instant) {
  const minutes = Math.ceil((instant - now) / MINUTE);
  assert.ok(minutes >= 0, 'the clock only moves forward');
  const r = await c.admin.post('/test/clock', { advance_minutes: minutes });
  assert.equal(r.status, 200, r.text);
  now = Date.parse(r.body.now);
  await signInAll();
}

// The site-local date `days` after the server's today, and an instant on it.
function localDate(days) {
  const local = now + 8 * HOUR;
  return new Date(local - (local % DAY) + days * DAY).toISOString().slice(0, 10);
}
function instant(date, hhmm) {
  return Date.parse(`${date}T${hhmm}:00+08:00`);
}

async function notes(client, topic) {
  const r = await client.get('/notifications?page_size=200');
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((n) => n.topic === topic);
}

function count(sql) {
  if (srv.dbUrl.startsWith('sqlite:')) {
    return Number(execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.dbUrl.slice('sqlite:'.length), sql], { encoding: 'utf8' }).trim());
  }
  return Number(execFileSync('psql', [srv.dbUrl, '-qtA', '-c', sql], { encoding: 'utf8' }).trim());
}

let D1;
let D2;

// A senior-grade plan for three guests over D1..D2: pickup at 09:00, the meeting with the
// leader at 10:30, lunch at 12:00 (within its cap), a tea break at 15:00, the see-off at
// D2 15:00; the guests fly home at D2 16:00.
async function approvedPlan(name = '华东建材考察') {
  const departure = new Date(instant(D2, '16:00')).toISOString();
  const p = await c.clerk.post('/receptions', {
    name, visiting_unit: '华东建材集团', grade_code: 'senior', start_date: D1, end_date: D2,
    host_staff_id: staff.wang.id, unit_contact: '马经理', unit_contact_phone: '13800138000',
    guests: [
      { name: '马明', title: '采购总监', rank: 10, is_chief: true, departure_at: departure, departure_transport: 'flight', departure_no: 'CA1234' },
      { name: '白雪', title: '采购经理', rank: 8, departure_at: departure },
      { name: '丁一', title: '工程师', rank: 6 },
    ],
  });
  assert.equal(p.status, 201, p.text);
  const id = p.body.id;
  const items = [
    { day: D1, start: '09:00', end: '10:00', kind: 'pickup', activity: '接站 CA1234', place: '首都机场 T3', vehicle: '京A 12345' },
    { day: D1, start: '10:30', end: '11:30', kind: 'meeting', activity: '会见王总', place: '二楼会客室' },
    { day: D1, start: '12:00', end: '13:00', kind: 'meal', meal_type: 'lunch', activity: '工作午餐', planned_fen: 50000, menu: '清真烤羊排' },
    { day: D1, start: '15:00', end: '15:30', kind: 'work', activity: '茶歇交流', staff_ids: [staff.guide.id] },
    { day: D2, start: '15:00', end: '15:30', kind: 'see_off', activity: '送站', place: '首都机场 T3', vehicle: '京A 12345' },
  ];
  for (const it of items) {
    const r = await c.clerk.post(`/receptions/${id}/items`, it);
    assert.equal(r.status, 201, r.text);
  }
  let r = await c.clerk.put(`/receptions/${id}/staff`, { staff: [
    { role: 'driver', staff_a_id: staff.driver.id },
    { role: 'greeter', staff_a_id: staff.greeter.id, staff_b_id: staff.greeterb.id },
    { role: 'recorder', staff_a_id: staff.recorder.id, staff_b_id: staff.nologin.id },
    { role: 'logistics', staff_a_id: staff.logi.id, staff_b_id: staff.logib.id },
    { role: 'guide', staff_a_id: staff.guide.id, staff_b_id: staff.guideb.id },
  ] });
  assert.equal(r.status, 200, r.text);
  r = await c.clerk.put(`/receptions/${id}/budget-lines`, { budget_lines: [{ category: 'transport', description: '包车两天', planned_fen: 100000 }] });
  assert.equal(r.status, 200, r.text);
  r = await c.clerk.post(`/receptions/${id}/submit`, {});
  assert.equal(r.status, 200, r.text);
  r = await c.gm.post(`/receptions/${id}/approve`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'approved');
  return r.body;
}

const itemOf = (plan, activity) => plan.items.find((i) => i.activity === activity);

async function execution(id, client = c.clerk) {
  const r = await client.get(`/receptions/${id}/execution`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

before(async () => {
  srv = await startServer({ env: { YINGBIN_TEST_CLOCK: '1' } });
  c.admin = await srv.login();
  site = (await c.admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  const dept = (await c.admin.post('/departments', { name: '市场部', site_id: site.id })).body;
  const names = { clerk: '王文员', gm: '总经办', desk: '前台', head: '刘经理', wang: '王总', driver: '司机老赵', greeter: '迎宾小李', greeterb: '迎宾小张', recorder: '记录小王', logi: '后勤小周', logib: '后勤小吴', guide: '讲解小孙', guideb: '讲解小钱' };
  for (const [name, roles] of Object.entries(USERS)) {
    users[name] = await srv.createUser({ username: name, roles, password: PASSWORD, department_id: name === 'head' ? dept.id : null, display_name: names[name] });
  }
  for (const name of ['wang', 'driver', 'greeter', 'greeterb', 'recorder', 'logi', 'logib', 'guide', 'guideb']) {
    const r = await c.admin.post('/staff', { name: names[name], site_id: site.id, department_id: dept.id, user_id: users[name].id, rank: name === 'wang' ? 12 : 4 });
    assert.equal(r.status, 201, r.text);
    staff[name] = r.body;
  }
  // A backup without a login: the planner acts for them.
  staff.nologin = (await c.admin.post('/staff', { name: '记录小郑', site_id: site.id, department_id: dept.id, rank: 4 })).body;
  await advanceTo(now);  // learn the server's clock
  D1 = localDate(2);
  D2 = localDate(3);
});

after(async () => {
  await srv?.stop();
});

let plan;  // the plan the life-cycle tests carry through

test('PLAN-3: conflicts are shown per item and warned of on submission, without blocking it', async () => {
  const a = await c.clerk.post('/receptions', { name: '冲突测试', visiting_unit: '某单位', grade_code: 'regular', start_date: D1, end_date: D1, host_staff_id: staff.wang.id, guests: [{ name: '客人甲', taboos: ['no_pork'] }] });
  assert.equal(a.status, 201, a.text);
  const id = a.body.id;
  for (const it of [
    { day: D1, start: '09:00', end: '11:00', kind: 'visit', activity: '参观', staff_ids: [staff.guide.id], vehicle: '京B 1' },
    { day: D1, start: '10:00', end: '11:00', kind: 'work', activity: '座谈', staff_ids: [staff.guide.id] },
    { day: D1, start: '12:00', end: '13:00', kind: 'meal', meal_type: 'other', activity: '便餐', menu: '红烧猪蹄' },
  ]) assert.equal((await c.clerk.post(`/receptions/${id}/items`, it)).status, 201);
  const r = await c.clerk.post(`/receptions/${id}/submit`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'submitted', 'conflicts do not block the submission');
  const kinds = r.body.conflicts.map((x) => x.kind).sort();
  assert.deepEqual(kinds, ['staff', 'taboo']);
  assert.equal(r.body.conflicts.find((x) => x.kind === 'taboo').what, '猪');
  await c.clerk.post(`/receptions/${id}/cancel`, { reason: '测试完毕' });
});

test('PLAN-6: starting the visit makes the tasks of each person, told to them and their backups', async () => {
  plan = await approvedPlan();
  // Only an approved plan starts; only a planner starts it.
  const draft = await c.clerk.post('/receptions', { name: '草稿', visiting_unit: '某单位', grade_code: 'regular', start_date: D1, end_date: D1 });
  assertError(await c.clerk.post(`/receptions/${draft.body.id}/start`, {}), 409, 'conflict', 'status');
  assertError(await c.head.post(`/receptions/${plan.id}/start`, {}), 403, 'forbidden');
  assertError(await c.clerk.post(`/receptions/${plan.id}/finish`, {}), 409, 'conflict', 'status');
  assertError(await c.clerk.post(`/receptions/${plan.id}/costs`, { source: 'extra', category: 'other', description: '早了', amount_fen: 100 }), 409, 'conflict', 'status');
  assert.equal(count(`SELECT COUNT(*) FROM tasks WHERE subject_type = 'reception' AND subject_id = ${plan.id}`), 0, 'a refused start leaves no tasks');

  const r = await c.clerk.post(`/receptions/${plan.id}/start`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'in_progress');
  assert.ok(r.body.decisions.some((d) => d.action === 'start'));
  const ex = await execution(plan.id);
  assert.ok(ex.started_at);
  const pickup = itemOf(plan, '接站 CA1234');
  const meeting = itemOf(plan, '会见王总');
  const lunch = itemOf(plan, '工作午餐');
  const tasksOf = (item) => ex.tasks.filter((t) => t.item_id === item.id);
  // Pickup at T: the driver (its lead, 60 minutes ahead) and the greeter with their backup.
  const p = tasksOf(pickup);
  assert.deepEqual(p.map((t) => t.staff_name).sort(), ['司机老赵', '迎宾小李']);
  const driverTask = p.find((t) => t.staff_name === '司机老赵');
  assert.deepEqual(driverTask.roles, ['driver']);
  assert.equal(Date.parse(driverTask.due_at), instant(D1, '08:00'));
  assert.deepEqual(p.find((t) => t.staff_name === '迎宾小李').backup_names, ['迎宾小张']);
  // The meeting with the leader: the main host leads, the recorder with a backup who has no
  // login (the planner hears for them).
  const m = tasksOf(meeting);
  assert.equal(m[0].staff_name, '王总');
  assert.deepEqual(m[0].roles, ['host']);
  assert.equal(Date.parse(m[0].due_at), instant(D1, '10:00'), 'the lead time: 30 minutes');
  assert.deepEqual(tasksOf(lunch).map((t) => t.staff_name), ['后勤小周']);
  // PLAN-7: the arrangement table's lead and accompanying people per item.
  const row = ex.arrangement.find((a) => a.item_id === pickup.id);
  assert.equal(row.lead, '司机老赵（司机）');
  assert.deepEqual(row.accompany, ['迎宾小李（迎宾）']);
  // PLAN-6: the follow-up call: the planner's, 8 hours after the last departure.
  assert.equal(Date.parse(ex.followup_due_at), instant(D2, '16:00') + 8 * HOUR);
  assert.equal(ex.followup_task.status, 'open');
  // Each person is told their duties; each backup what they stand in for.
  assert.equal((await notes(c.driver, 'reception.tasks')).length, 1);
  const backup = await notes(c.greeterb, 'reception.backup');
  assert.equal(backup.length, 1);
  assert.match(backup[0].body, /接站 CA1234/);
  assert.equal((await notes(c.desk, 'reception.tasks')).length, 0);
  // A second start is refused.
  assertError(await c.clerk.post(`/receptions/${plan.id}/start`, {}), 409, 'conflict', 'status');
});

test('PLAN-6: the run sheet shows each person their tasks and those they back up; outsiders tick nothing', async () => {
  let r = await c.driver.get(`/receptions/runsheet?date=${D1}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.date, D1);
  assert.equal(r.body.time_zone, 'Asia/Shanghai');
  assert.deepEqual(r.body.items.map((i) => i.item.activity), ['接站 CA1234']);
  assert.equal(r.body.items[0].reception.number, plan.number);
  assert.equal(r.body.items[0].item.vehicle, '京A 12345');
  r = await c.greeterb.get(`/receptions/runsheet?date=${D1}`);
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.items[0].backup, true);
  const greeterTask = r.body.items[0];
  // The next day has the see-off only.
  r = await c.greeter.get(`/receptions/runsheet?date=${D2}`);
  assert.deepEqual(r.body.items.map((i) => i.item.activity), ['送站']);
  // Nothing for the front desk; a planner sees every task of the day with all=1.
  r = await c.desk.get(`/receptions/runsheet?date=${D1}`);
  assert.equal(r.body.items.length, 0);
  r = await c.clerk.get(`/receptions/runsheet?date=${D1}&all=1`);
  assert.ok(r.body.items.length >= 6, r.text);
  assertError(await c.driver.get(`/receptions/runsheet?date=${D1}&all=maybe`), 400, 'invalid_argument', 'all');
  assertError(await c.driver.get('/receptions/runsheet?date=2027-13-40'), 400, 'invalid_argument', 'date');
  // Ticking: not an outsider's; the backup may; twice is refused.
  assertError(await c.desk.post(`/receptions/runsheet/${greeterTask.id}/done`, {}), 403, 'forbidden');
  assertError(await c.desk.post('/receptions/runsheet/999999/done', {}), 404, 'not_found');
  r = await c.greeterb.post(`/receptions/runsheet/${greeterTask.id}/done`, {});
  assert.equal(r.status, 204, r.text);
  assertError(await c.greeter.post(`/receptions/runsheet/${greeterTask.id}/done`, {}), 409, 'conflict');
  r = await c.greeter.get(`/receptions/runsheet?date=${D1}`);
  assert.equal(r.body.items[0].status, 'done');
  assert.equal(r.body.items[0].completed_by_name, '迎宾小张');
  const ex = await execution(plan.id);
  assert.equal(ex.tasks.find((t) => t.id === greeterTask.id).completed_by_name, '迎宾小张');
});

test('PLAN-6: a task falls due on its person\'s phone; one still open after the item began goes to the planner', async () => {
  await advanceTo(instant(D1, '08:01'));
  const due = await notes(c.driver, 'reception.task_due');
  assert.equal(due.length, 1);
  assert.match(due[0].title, /接站 CA1234/);
  assert.match(due[0].body, /京A 12345/);
  await advanceTo(instant(D1, '09:16'));
  const missed = await notes(c.clerk, 'reception.task_missed');
  assert.ok(missed.some((n) => /接站 CA1234/.test(n.title) && /司机老赵/.test(n.body)), JSON.stringify(missed));
  const ex = await execution(plan.id);
  const driverTask = ex.tasks.find((t) => t.staff_name === '司机老赵' && t.item_id === itemOf(plan, '接站 CA1234').id);
  assert.equal(driverTask.missed, true);
  // The planner may tick it for the driver.
  const r = await c.clerk.post(`/receptions/runsheet/${driverTask.id}/done`, {});
  assert.equal(r.status, 204, r.text);
});

test('PLAN-6: a change during the visit moves and cancels tasks and tells everyone affected', async () => {
  const lunch = itemOf(plan, '工作午餐');
  const tea = itemOf(plan, '茶歇交流');
  const before = await execution(plan.id);
  const lunchTask = before.tasks.find((t) => t.item_id === lunch.id);
  const teaTask = before.tasks.find((t) => t.item_id === tea.id);
  // The lunch moves an hour later: its task moves with it (same task, new due time).
  let r = await c.clerk.put(`/receptions/${plan.id}/items/${lunch.id}`, { ...lunch, start: '13:00', end: '14:00', staff_ids: [], reason: '会见延时' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'in_progress', 'no re-approval during the visit');
  let ex = await execution(plan.id);
  const moved = ex.tasks.find((t) => t.id === lunchTask.id);
  assert.equal(Date.parse(moved.due_at), instant(D1, '12:30'));
  assert.equal(moved.status, 'open');
  const told = await notes(c.logi, 'reception.changed');
  assert.equal(told.length, 1);
  assert.match(told[0].body, /时间改为 .* 13:00/);
  assert.match(told[0].body, /会见延时/);
  assert.equal((await notes(c.logib, 'reception.changed')).length, 1, 'the backup hears too');
  assert.equal((await notes(c.driver, 'reception.changed')).length, 0, 'the driver is not affected');
  // The tea break is dropped: its task is cancelled and the guide told.
  r = await c.clerk.del(`/receptions/${plan.id}/items/${tea.id}`, {});
  assert.equal(r.status, 200, r.text);
  ex = await execution(plan.id);
  assert.equal(ex.tasks.find((t) => t.id === teaTask.id), undefined);
  assert.equal(count(`SELECT COUNT(*) FROM tasks WHERE id = ${teaTask.id} AND status = 'cancelled'`), 1);
  const guide = await notes(c.guide, 'reception.changed');
  assert.ok(guide.some((n) => /茶歇交流：已取消/.test(n.body)), JSON.stringify(guide));
  // A new item brings new tasks.
  r = await c.clerk.post(`/receptions/${plan.id}/items`, { day: D1, start: '16:00', end: '17:00', kind: 'visit', activity: '参观展厅' });
  assert.equal(r.status, 201, r.text);
  ex = await execution(plan.id);
  const showroom = r.body.items.find((i) => i.activity === '参观展厅');
  assert.deepEqual(ex.tasks.filter((t) => t.item_id === showroom.id).map((t) => t.staff_name), ['讲解小孙']);
  // The guests leave later: the follow-up call follows.
  const guest = r.body.guests.find((g) => g.name === '马明');
  const later = new Date(instant(D2, '18:00')).toISOString();
  r = await c.clerk.put(`/receptions/${plan.id}/guests/${guest.id}`, { ...guest, departure_at: later });
  assert.equal(r.status, 200, r.text);
  ex = await execution(plan.id);
  assert.equal(Date.parse(ex.followup_due_at), instant(D2, '18:00') + 8 * HOUR);
  plan = r.body;
});

test('PLAN-6: actual costs against the budget rows; over budget is highlighted; bad input changes nothing', async () => {
  const lunch = itemOf(plan, '工作午餐');
  const line = plan.budget.rows.find((x) => x.source === 'line');
  let r = await c.clerk.post(`/receptions/${plan.id}/costs`, { source: 'item', source_id: lunch.id, amount_fen: 56000, receipt: '发票 No.0012' });
  assert.equal(r.status, 201, r.text);
  r = await c.clerk.post(`/receptions/${plan.id}/costs`, { source: 'line', source_id: line.source_id, amount_fen: 90000 });
  assert.equal(r.status, 201, r.text);
  r = await c.clerk.post(`/receptions/${plan.id}/costs`, { source: 'extra', category: 'materials', description: '资料印刷', amount_fen: 12000, spent_on: D1 });
  assert.equal(r.status, 201, r.text);
  const a = r.body.actuals;
  const lunchRow = a.rows.find((x) => x.source === 'item' && x.source_id === lunch.id);
  assert.equal(lunchRow.actual_fen, 56000);
  assert.equal(lunchRow.over, true, '560 against 500 planned');
  assert.equal(a.rows.find((x) => x.source === 'line').over, false);
  assert.equal(a.actual_fen, 158000);
  assert.equal(a.approved_fen, 150000);
  assert.equal(a.over, true);
  assert.equal(r.body.costs.length, 3);
  assert.equal(r.body.costs[0].category, 'meals', 'the category comes from the budget row');
  // Bad inputs, each naming its field; nothing is recorded.
  const bad = [
    [{ source: 'gift', amount_fen: 1 }, 'source'],
    [{ source: 'item', amount_fen: 1 }, 'source_id'],
    [{ source: 'item', source_id: 999999, amount_fen: 1 }, 'source_id'],
    [{ source: 'extra', category: 'meals', amount_fen: 1 }, 'description'],
    [{ source: 'extra', category: 'party', description: 'x', amount_fen: 1 }, 'category'],
    [{ source: 'extra', category: 'other', description: 'x', amount_fen: -5 }, 'amount_fen'],
    [{ source: 'extra', category: 'other', description: 'x', amount_fen: 'lots' }, 'amount_fen'],
    [{ source: 'extra', category: 'other', description: 'x' }, 'amount_fen'],
    [{ source: 'extra', category: 'other', description: 'x', amount_fen: 1, spent_on: '2027-02-30' }, 'spent_on'],
  ];
  for (const [body, field] of bad) assertError(await c.clerk.post(`/receptions/${plan.id}/costs`, body), 400, 'invalid_argument', field);
  assertError(await c.head.post(`/receptions/${plan.id}/costs`, { source: 'extra', category: 'other', description: 'x', amount_fen: 1 }), 403, 'forbidden');
  let ex = await execution(plan.id);
  assert.equal(ex.costs.length, 3);
  // A correction, and a cost removed.
  const printing = ex.costs.find((k) => k.description === '资料印刷');
  r = await c.clerk.put(`/receptions/${plan.id}/costs/${printing.id}`, { source: 'extra', category: 'materials', description: '资料印刷', amount_fen: 8000 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.actuals.actual_fen, 154000);
  assertError(await c.clerk.put(`/receptions/${plan.id}/costs/999999`, { source: 'extra', category: 'other', description: 'x', amount_fen: 1 }), 404, 'not_found');
  r = await c.clerk.del(`/receptions/${plan.id}/costs/${printing.id}`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.costs.length, 2);
  ex = await execution(plan.id);
  assert.equal(ex.actuals.actual_fen, 146000);
});

test('PLAN-7: the itinerary as an iCalendar file and in the staff member\'s calendar feed', async () => {
  let r = await c.clerk.get(`/receptions/${plan.id}/itinerary.ics`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /text\/calendar/);
  const parsed = JSON.parse(execFileSync('/usr/bin/python3', ['-c', String.raw`
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read().decode('utf-8'))
print(json.dumps({'tz': [str(t.get('TZID')) for t in cal.walk('VTIMEZONE')],
  'events': [{'summary': str(e.get('SUMMARY')), 'start': e.get('DTSTART').dt.isoformat(), 'tzid': e.get('DTSTART').params.get('TZID'), 'description': str(e.get('DESCRIPTION'))} for e in cal.walk('VEVENT')]}, ensure_ascii=False))
`], { input: Buffer.from(r.text, 'utf8'), encoding: 'utf8' }));
  assert.deepEqual(parsed.tz, ['Asia/Shanghai']);
  assert.equal(parsed.events.length, plan.items.length);
  const pickup = parsed.events.find((e) => e.summary.startsWith('接站 CA1234'));
  assert.equal(pickup.start, `${D1}T09:00:00+08:00`);
  assert.equal(pickup.tzid, 'Asia/Shanghai');
  assert.match(pickup.description, /司机老赵（司机）/);
  assertError(await c.desk.get(`/receptions/${plan.id}/itinerary.ics`), 403, 'forbidden');
  // The driver's own calendar feed carries their reception items.
  r = await c.driver.post('/calendar/feed-token', {});
  assert.equal(r.status, 201, r.text);
  r = await srv.anon().get(r.body.path);
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /接站 CA1234/);
  assert.match(r.text, /送站/);
  assert.doesNotMatch(r.text, /工作午餐/, 'only the items the driver is on duty for');
});

test('PLAN-6/PLAN-8: finish, follow-up call, summary, archive; the archive refuses every write', async () => {
  // The summary waits for the end of the visit.
  assertError(await c.clerk.put(`/receptions/${plan.id}/summary`, { overview: '顺利' }), 409, 'conflict', 'status');
  let r = await c.clerk.post(`/receptions/${plan.id}/finish`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'completed');
  let ex = await execution(plan.id);
  assert.ok(ex.tasks.every((t) => t.status === 'done'), 'open item tasks are cancelled at the end');
  assert.equal(ex.followup_task.status, 'open');
  // The follow-up call falls due after the guests' estimated arrival home.
  await advanceTo(Date.parse(ex.followup_due_at) + MINUTE);
  const due = await notes(c.clerk, 'reception.followup_due');
  assert.equal(due.length, 1);
  assert.match(due[0].body, /马经理/);
  assertError(await c.clerk.post(`/receptions/${plan.id}/followups`, { contact: '马经理' }), 400, 'invalid_argument', 'opinions');
  assertError(await c.clerk.post(`/receptions/${plan.id}/followups`, { opinions: '满意', satisfaction: 6 }), 400, 'invalid_argument', 'satisfaction');
  // Archive needs the summary and the follow-up call.
  assertError(await c.clerk.post(`/receptions/${plan.id}/archive`, {}), 409, 'conflict', 'summary');
  assertError(await c.clerk.put(`/receptions/${plan.id}/summary`, { results: '签订意向' }), 400, 'invalid_argument', 'overview');
  r = await c.clerk.put(`/receptions/${plan.id}/summary`, { overview: '接待顺利，客人满意。', results: '签订年度合作意向', problems: '会见延时一小时', improvements: '预留机动时间' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.summary.overview, '接待顺利，客人满意。');
  assertError(await c.clerk.post(`/receptions/${plan.id}/archive`, {}), 409, 'conflict', 'followups');
  r = await c.clerk.post(`/receptions/${plan.id}/followups`, { contact: '马经理', satisfaction: 5, opinions: '安排周到，午餐可再清淡些。' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.followups.length, 1);
  assert.equal(r.body.followup_task.status, 'done');
  r = await c.clerk.post(`/receptions/${plan.id}/archive`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'archived');
  const version = r.body.version;
  // Every write is refused with 409 "archived".
  const lunch = itemOf(plan, '工作午餐');
  const writes = [
    () => c.clerk.patch(`/receptions/${plan.id}`, { notes: 'x' }),
    () => c.clerk.post(`/receptions/${plan.id}/items`, { day: D1, start: '18:00', end: '19:00', kind: 'work', activity: 'x' }),
    () => c.clerk.put(`/receptions/${plan.id}/items/${lunch.id}`, { ...lunch }),
    () => c.clerk.del(`/receptions/${plan.id}/items/${lunch.id}`, {}),
    () => c.clerk.put(`/receptions/${plan.id}/staff`, { staff: [] }),
    () => c.clerk.put(`/receptions/${plan.id}/budget-lines`, { budget_lines: [] }),
    () => c.clerk.post(`/receptions/${plan.id}/guests`, { name: '新客' }),
    () => c.clerk.post(`/receptions/${plan.id}/submit`, {}),
    () => c.clerk.post(`/receptions/${plan.id}/cancel`, { reason: 'x' }),
    () => c.clerk.post(`/receptions/${plan.id}/start`, {}),
    () => c.clerk.post(`/receptions/${plan.id}/finish`, {}),
    () => c.clerk.post(`/receptions/${plan.id}/archive`, {}),
    () => c.clerk.post(`/receptions/${plan.id}/costs`, { source: 'extra', category: 'other', description: 'x', amount_fen: 1 }),
    () => c.clerk.put(`/receptions/${plan.id}/summary`, { overview: 'x' }),
    () => c.clerk.post(`/receptions/${plan.id}/followups`, { opinions: 'x' }),
    () => c.gm.post(`/receptions/${plan.id}/approve`, {}),
  ];
  for (const w of writes) {
    const res = await w();
    assertError(res, 409, 'conflict', 'status');
    assert.match(res.body.error.message, /归档/);
  }
  // Still readable and printable; notes may be added.
  r = await c.clerk.get(`/receptions/${plan.id}`);
  assert.equal(r.body.version, version, 'nothing changed');
  ex = await execution(plan.id);
  assert.ok(ex.archived_at);
  assert.equal((await c.clerk.get(`/receptions/${plan.id}/itinerary.ics`)).status, 200);
  assertError(await c.clerk.post(`/receptions/${plan.id}/annotations`, {}), 400, 'invalid_argument', 'text');
  assertError(await c.desk.post(`/receptions/${plan.id}/annotations`, { text: 'x' }), 403, 'forbidden');
  r = await c.gm.post(`/receptions/${plan.id}/annotations`, { text: '经验可推广。' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.annotations[0].text, '经验可推广。');
  assert.equal(r.body.annotations[0].created_by_name, '总经办');
  // The audit trail has every step.
  const audit = await c.admin.get(`/audit?entity=reception&entity_id=${plan.id}&page_size=100`);
  assert.equal(audit.status, 200, audit.text);
  const actions = audit.body.items.map((x) => x.action);
  for (const a of ['start', 'finish', 'archive']) assert.ok(actions.includes(a), actions.join(','));
});

test('PLAN-6: calling a visit off in progress cancels its tasks and tells everyone on duty', async () => {
  D1 = localDate(2);
  D2 = localDate(3);
  const p = await approvedPlan('取消测试');
  let r = await c.clerk.post(`/receptions/${p.id}/start`, {});
  assert.equal(r.status, 200, r.text);
  assert.ok(count(`SELECT COUNT(*) FROM tasks WHERE subject_type = 'reception' AND subject_id = ${p.id} AND status = 'open'`) > 5);
  assertError(await c.clerk.post(`/receptions/${p.id}/cancel`, {}), 400, 'invalid_argument', 'reason');
  r = await c.clerk.post(`/receptions/${p.id}/cancel`, { reason: '客人行程取消' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'cancelled');
  assert.equal(count(`SELECT COUNT(*) FROM tasks WHERE subject_type = 'reception' AND subject_id = ${p.id} AND status = 'open'`), 0);
  const told = await notes(c.driver, 'reception.cancelled');
  assert.ok(told.some((n) => /客人行程取消/.test(n.body)));
  r = await c.driver.get(`/receptions/runsheet?date=${D1}`);
  assert.ok(r.body.items.every((i) => i.reception.id !== p.id));
});

test('PLAN-3/PLAN-6: during the visit the meeting item books its room, moves it with the item and tells the people; cancelling frees it', async () => {
  D1 = localDate(2);
  D2 = localDate(3);
  const v = await c.admin.post('/venues', { site_id: site.id, name: '二楼会客室', kind: 'small_meeting_room', capacity: 12 });
  assert.equal(v.status, 201, v.text);
  const p = await approvedPlan('会场随行');
  let r = await c.clerk.post(`/receptions/${p.id}/start`, {});
  assert.equal(r.status, 200, r.text);
  const meeting = itemOf(p, '会见王总');
  const body = { day: D1, start: '10:30', end: '11:30', kind: 'meeting', activity: '会见王总', place: '二楼会客室', venue_id: v.body.id };
  r = await c.clerk.put(`/receptions/${p.id}/items/${meeting.id}`, body);
  assert.equal(r.status, 200, r.text);
  const blocks = async () => {
    const cal = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${new Date(instant(D1, '00:00')).toISOString()}&to=${new Date(instant(D2, '23:59')).toISOString()}`);
    assert.equal(cal.status, 200, cal.text);
    return cal.body.bookings.filter((b) => b.source?.id === p.id);
  };
  let held = await blocks();
  assert.equal(held.length, 1);
  assert.equal(held[0].start_at, new Date(instant(D1, '10:30')).toISOString());
  // The meetings calendar refuses the slot now.
  const taken = await c.desk.post('/meetings', { venue_id: v.body.id, subject: '抢占', start_at: new Date(instant(D1, '11:00')).toISOString(), end_at: new Date(instant(D1, '12:00')).toISOString() });
  assertError(taken, 409, 'conflict', 'start_at');
  // Moved during the visit: the room moves, the people on the item are told (PLAN-6).
  const before = (await notes(c.wang, 'reception.changed')).length;
  r = await c.clerk.put(`/receptions/${p.id}/items/${meeting.id}`, { ...body, start: '14:00', end: '15:00' });
  assert.equal(r.status, 200, r.text);
  held = await blocks();
  assert.equal(held.length, 1);
  assert.equal(held[0].start_at, new Date(instant(D1, '14:00')).toISOString());
  assert.ok((await notes(c.wang, 'reception.changed')).length > before, 'the host is told of the move');
  // Called off: the room is free again.
  r = await c.clerk.post(`/receptions/${p.id}/cancel`, { reason: '会见取消' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await blocks()).length, 0);
});
