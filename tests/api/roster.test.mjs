// The front desk as a post (DOMAIN.md DESK-1, DESK-2) against the real binary, on SQLite and
// PostgreSQL: shifts and named lunch covers with their bad inputs, the week view with its
// gaps (holiday, make-up day, lunch without cover, absence without cover), copying a week,
// absences with covers, the hand-over (told, confirmed, ended; every refusal), who is on
// duty now, the gap warnings ahead and at the start and the unconfirmed hand-over on the
// server's test clock, and the conduct records with the monthly rule, appeals, the
// clerk's own view and the CSV/XLSX report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.mjs';

let srv;
let hq;
const c = {};      // clients by name, signed in again after the clock moves
const staff = {};
const users = {};
const PASSWORD = 'Passw0rd-1';
const USERS = {
  admin: null,                 // sysadmin
  planner: ['admin_clerk'],    // plans the roster, supervises conduct
  deskA: ['front_desk'],       // 前台 张敏
  deskB: ['front_desk'],       // 前台 李娜
  deskC: ['front_desk'],       // 前台 王芳
  gm: ['gm_office'],           // reads the roster and the reports
  host: ['host'],              // an ordinary employee
};
const DAY = 86_400_000;
const TZ_MS = 8 * 3_600_000;   // Asia/Shanghai, no DST

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
}

async function signInAll() {
  for (const name of Object.keys(USERS)) {
    c[name] = name === 'admin' ? await srv.login() : await srv.login(name, PASSWORD);
  }
}

// Dates as the site sees them (UTC+8), "YYYY-MM-DD".
const isoDay = (ms) => new Date(ms + TZ_MS).toISOString().slice(0, 10);
const addDays = (iso, n) => isoDay(Date.parse(`${iso}T00:00:00+08:00`) + n * DAY);
const mondayOf = (iso) => {
  const wd = new Date(`${iso}T00:00:00Z`).getUTCDay() || 7;
  return addDays(iso, 1 - wd);
};
const at = (iso, hm) => Date.parse(`${iso}T${hm}:00+08:00`);

async function serverNow() {
  const r = await c.admin.post('/test/clock', { advance_minutes: 0 });
  assert.equal(r.status, 200, r.text);
  return Date.parse(r.body.now);
}

// Moves the server's clock to just after `target` (ms) and runs what fell due.
async function advanceTo(target) {
  const now = await serverNow();
  const minutes = Math.max(0, Math.ceil((target - now) / 60000));
  const r = await c.admin.post('/test/clock', { advance_minutes: minutes });
  assert.equal(r.status, 200, r.text);
  await signInAll();
  return r.body;
}

async function notes(client, topic, pred = () => true) {
  const r = await client.get('/notifications?page_size=200');
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((n) => n.topic === topic && pred(n));
}

async function shift(body, client = c.planner) {
  return client.post('/roster/shifts', { site_id: hq.id, kind: 'desk', ...body });
}

async function week(site, from, client = c.planner) {
  const r = await client.get(`/roster?site_id=${site}&from=${from}&days=7`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
const dayOf = (view, iso) => view.days.find((d) => d.date === iso);

let today;   // the site's today at the start
let W;       // a Monday three weeks ahead: the planning week of these tests

before(async () => {
  srv = await startServer({ env: { YINGBIN_TEST_CLOCK: '1' } });
  c.admin = await srv.login();
  hq = (await c.admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  const other = await c.admin.post('/sites', { name: '分部', code: 'BR' });
  assert.equal(other.status, 201, other.text);
  for (const [name, roles] of Object.entries(USERS)) {
    if (!roles) continue;
    users[name] = await srv.createUser({ username: name, roles, password: PASSWORD });
  }
  const mk = async (name, user, site = hq.id) => {
    const r = await c.admin.post('/staff', { name, site_id: site, user_id: user?.id ?? null });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  staff.A = await mk('张敏', users.deskA);
  staff.B = await mk('李娜', users.deskB);
  staff.C = await mk('王芳', users.deskC);
  staff.planner = await mk('赵主管', users.planner);
  staff.noLogin = await mk('钱临时', null);
  staff.far = await mk('孙分部', users.host, other.body.id);
  await signInAll();
  today = isoDay(await serverNow());
  W = addDays(mondayOf(today), 21);
});
after(async () => { await srv?.stop(); });

test('permissions: the desk reads the roster, only the admin clerk plans it, an employee sees neither', async () => {
  assert.equal((await c.deskA.get(`/roster?site_id=${hq.id}`)).status, 200);
  assert.equal((await c.gm.get(`/roster?site_id=${hq.id}`)).status, 200);
  assertError(await c.host.get(`/roster?site_id=${hq.id}`), 403, 'forbidden');
  assertError(await shift({ staff_id: staff.A.id, date: W, start: '08:30', end: '17:30' }, c.deskA), 403, 'forbidden');
  assertError(await shift({ staff_id: staff.A.id, date: W, start: '08:30', end: '17:30' }, c.gm), 403, 'forbidden');
  assertError(await c.deskA.get(`/conduct/report?site_id=${hq.id}`), 403, 'forbidden');
  assert.equal((await c.gm.get(`/conduct/report?site_id=${hq.id}`)).status, 200);
  const mine = await c.host.get('/roster/mine');
  assert.equal(mine.status, 200, 'everyone has their own roster');
  assert.equal(mine.body.linked, true);
  assert.deepEqual(mine.body.shifts, []);
  assert.equal((await c.admin.get('/roster/mine')).body.linked, false, 'an account without a staff record');
});

test('DESK-1: a shift is planned with its bad inputs named on their fields, changing nothing', async () => {
  const count = async () => (await week(hq.id, W)).days.reduce((n, d) => n + d.shifts.length, 0);
  const before0 = await count();
  const base = { staff_id: staff.A.id, date: W, start: '08:30', end: '17:30' };
  assertError(await shift({ ...base, site_id: undefined }), 400, 'invalid_argument', 'site_id');
  assertError(await shift({ ...base, site_id: 999999 }), 400, 'invalid_argument', 'site_id');
  assertError(await shift({ ...base, staff_id: 999999 }), 400, 'invalid_argument', 'staff_id');
  const noLogin = await shift({ ...base, staff_id: staff.noLogin.id });
  assertError(noLogin, 400, 'invalid_argument', 'staff_id');
  assert.match(noLogin.body.error.message, /登录账号/);
  assertError(await shift({ ...base, date: '2026-02-30' }), 400, 'invalid_argument', 'date');
  assertError(await shift({ ...base, start: '8:30' }), 400, 'invalid_argument', 'start');
  assertError(await shift({ ...base, start: '24:00' }), 400, 'invalid_argument', 'start');
  assertError(await shift({ ...base, end: '08:00' }), 400, 'invalid_argument', 'end');
  assertError(await shift({ ...base, end: '25:00' }), 400, 'invalid_argument', 'end');
  assertError(await shift({ ...base, kind: 'night' }), 400, 'invalid_argument', 'kind');
  assertError(await shift({ ...base, note: 'x'.repeat(201) }), 400, 'invalid_argument', 'note');
  assertError(await c.planner.post('/roster/shifts', 'not json', { contentType: 'application/json' }), 400, 'invalid_json');
  assert.equal(await count(), before0);

  const r = await shift(base);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.staff_name, '张敏');
  assert.equal(r.body.start, '08:30');
  assert.equal(r.body.end, '17:30');
  assert.equal(r.body.kind, 'desk');
  const clash = await shift({ ...base, start: '09:00', end: '10:00' });
  assertError(clash, 409, 'conflict', 'start');
  assert.match(clash.body.error.message, /08:30–17:30/);
  c.planner.lang = 'en';
  assert.match((await shift({ ...base, start: '09:00', end: '10:00' })).body.error.message, /08:30 to 17:30/);
  c.planner.lang = 'zh-CN';
  // The same clerk as the lunch cover is another kind: allowed.
  const lunch = await shift({ ...base, start: '11:30', end: '13:30', kind: 'lunch' });
  assert.equal(lunch.status, 201, lunch.text);
  // Change and delete, audited.
  const moved = await c.planner.put(`/roster/shifts/${lunch.body.id}`, { ...base, start: '11:30', end: '13:30', kind: 'lunch', note: '午休顶岗' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.note, '午休顶岗');
  assert.equal((await c.planner.del(`/roster/shifts/${lunch.body.id}`, { reason: '改由李娜顶岗' })).status, 204);
  assertError(await c.planner.del(`/roster/shifts/${lunch.body.id}`), 404, 'not_found');
  const audit = (await c.admin.get(`/audit?entity=roster_shift&entity_id=${lunch.body.id}`)).body.items;
  assert.deepEqual(audit.map((a) => a.action).sort(), ['create', 'delete', 'update']);
  assert.ok(audit.some((a) => a.reason === '改由李娜顶岗'));
});

test('DESK-1: the week shows the gaps: lunch without a named cover, an unplanned day, a holiday, a make-up day', async () => {
  const mon = W, tue = addDays(W, 1), wed = addDays(W, 2), thu = addDays(W, 3), sat = addDays(W, 5);
  // Monday: 张敏 all day (from the test before) and 李娜 covers lunch: no gap.
  assert.equal((await shift({ staff_id: staff.B.id, date: mon, start: '11:30', end: '13:30', kind: 'lunch' })).status, 201);
  // Tuesday: 张敏 all day, nobody named for lunch.
  assert.equal((await shift({ staff_id: staff.A.id, date: tue, start: '08:30', end: '17:30' })).status, 201);
  // Thursday a holiday, Saturday a make-up working day.
  assert.equal((await c.admin.put(`/sites/${hq.id}/calendar/days/${thu}`, { kind: 'holiday', name: '测试假日' })).status, 200);
  assert.equal((await c.admin.put(`/sites/${hq.id}/calendar/days/${sat}`, { kind: 'workday', name: '调休上班' })).status, 200);

  const v = await week(hq.id, W, c.deskA);
  assert.equal(v.days.length, 7);
  assert.deepEqual(dayOf(v, mon).lunch, [{ start: '11:30', end: '13:30' }]);
  assert.deepEqual(dayOf(v, mon).gaps, []);
  assert.deepEqual(dayOf(v, tue).gaps, [{ start: '11:30', end: '13:30', minutes: 120, lunch: true, absent_staff_ids: [] }]);
  assert.deepEqual(dayOf(v, wed).gaps.map((g) => `${g.start}-${g.end}`), ['08:30-11:30', '11:30-13:30', '13:30-17:30']);
  assert.equal(dayOf(v, thu).working_day, false);
  assert.equal(dayOf(v, thu).calendar_name, '测试假日');
  assert.deepEqual(dayOf(v, thu).gaps, []);
  assert.equal(dayOf(v, sat).working_day, true);
  assert.equal(dayOf(v, sat).gaps.length, 3);
  assert.equal(dayOf(v, addDays(W, 6)).gaps.length, 0, 'Sunday is off');
  const monDuty = dayOf(v, mon).duty;
  assert.ok(monDuty.some((d) => d.staff_id === staff.B.id && d.via === 'lunch' && d.start === '11:30'));
  assert.ok(!monDuty.some((d) => d.staff_id === staff.A.id && d.start < '13:30' && d.end > '11:30'), 'the clerk is at lunch then');
  assert.ok(v.clerks.some((k) => k.staff_id === staff.A.id && k.name === '张敏'));
  assert.ok(!v.clerks.some((k) => k.staff_id === staff.noLogin.id), 'only staff with a login are clerks');

  // The lunch cover setting off: the desk closes for lunch, Tuesday has no gap.
  assert.equal((await c.admin.put('/settings/roster.lunch_cover', { value: 0 })).status, 200);
  assert.deepEqual(dayOf(await week(hq.id, W), tue).gaps, []);
  assert.equal((await c.admin.put('/settings/roster.lunch_cover', { value: 1 })).status, 200);
  assertError(await c.admin.put('/settings/roster.lunch_cover', { value: 2 }), 400, 'invalid_argument', 'value');

  assertError(await c.planner.get('/roster'), 400, 'invalid_argument', 'site_id');
  assertError(await c.planner.get(`/roster?site_id=${hq.id}&days=40`), 400, 'invalid_argument', 'days');
  assertError(await c.planner.get(`/roster?site_id=${hq.id}&from=next-week`), 400, 'invalid_argument', 'from');
  assertError(await c.planner.get('/roster?site_id=999999'), 400, 'invalid_argument', 'site_id');
});

test('DESK-1: an absence without cover leaves a gap naming the absent; a named cover takes the duty', async () => {
  const mon = W;
  const body = { staff_id: staff.A.id, kind: 'sick', from_date: mon, start: '13:30', end: '17:30', site_id: hq.id };
  assertError(await c.planner.post('/roster/absences', { ...body, kind: 'holiday' }), 400, 'invalid_argument', 'kind');
  assertError(await c.planner.post('/roster/absences', { ...body, staff_id: 999999 }), 400, 'invalid_argument', 'staff_id');
  assertError(await c.planner.post('/roster/absences', { ...body, cover_staff_id: staff.A.id }), 400, 'invalid_argument', 'cover_staff_id');
  assertError(await c.planner.post('/roster/absences', { ...body, cover_staff_id: staff.noLogin.id }), 400, 'invalid_argument', 'cover_staff_id');
  assertError(await c.planner.post('/roster/absences', { ...body, to_date: addDays(mon, -1) }), 400, 'invalid_argument', 'to_date');
  assertError(await c.planner.post('/roster/absences', { ...body, to_date: addDays(mon, 400) }), 400, 'invalid_argument', 'to_date');
  assertError(await c.planner.post('/roster/absences', { ...body, end: '12:00' }), 400, 'invalid_argument', 'end');
  assertError(await c.planner.post('/roster/absences', { ...body, start: '1330' }), 400, 'invalid_argument', 'start');
  assertError(await c.deskB.post('/roster/absences', body), 403, 'forbidden');

  const r = await c.planner.post('/roster/absences', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.start_at, new Date(at(mon, '13:30')).toISOString());
  let d = dayOf(await week(hq.id, W), mon);
  assert.deepEqual(d.gaps, [{ start: '13:30', end: '17:30', minutes: 240, lunch: false, absent_staff_ids: [staff.A.id] }]);
  assert.equal(d.absences.length, 1);

  // 王芳 covers: the afternoon is hers, and she is told.
  const upd = await c.planner.put(`/roster/absences/${r.body.id}`, { ...body, cover_staff_id: staff.C.id });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.body.cover_name, '王芳');
  d = dayOf(await week(hq.id, W), mon);
  assert.deepEqual(d.gaps, []);
  assert.ok(d.duty.some((x) => x.staff_id === staff.C.id && x.via === 'cover' && x.for_staff_id === staff.A.id && x.start === '13:30'));
  const told = await notes(c.deskC, 'roster.cover', (n) => n.payload.absence_id === r.body.id);
  assert.equal(told.length, 1);
  assert.match(told[0].body, /张敏/);

  const list = await c.deskA.get(`/roster/absences?site_id=${hq.id}&from=${mon}&to=${mon}`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.items.length, 1);
  assert.equal((await c.planner.del(`/roster/absences/${r.body.id}`, { reason: '已返岗' })).status, 204);
  assert.equal(dayOf(await week(hq.id, W), mon).absences.length, 0);
});

test('DESK-1: copying last week fills the week weekday by weekday, never onto a holiday, and asks before replacing', async () => {
  const next = addDays(W, 7);
  // The Tuesday of the next week is a holiday there.
  assert.equal((await c.admin.put(`/sites/${hq.id}/calendar/days/${addDays(next, 1)}`, { kind: 'holiday', name: '元旦' })).status, 200);
  assertError(await c.planner.post('/roster/copy-week', { site_id: hq.id, week: addDays(next, 1) }), 400, 'invalid_argument', 'week');
  assertError(await c.planner.post('/roster/copy-week', { site_id: hq.id, week: next, source_week: addDays(W, 14) }), 400, 'invalid_argument', 'source_week');
  assertError(await c.planner.post('/roster/copy-week', { site_id: hq.id, week: next, source_week: next }), 400, 'invalid_argument', 'source_week');
  assertError(await c.deskA.post('/roster/copy-week', { site_id: hq.id, week: next }), 403, 'forbidden');

  const src = await week(hq.id, W);
  const copy = await c.planner.post('/roster/copy-week', { site_id: hq.id, week: next });
  assert.equal(copy.status, 200, copy.text);
  assert.equal(copy.body.source_week, W);
  assert.deepEqual(copy.body.skipped_days, [addDays(next, 1)]);
  const tuesdayShifts = dayOf(src, addDays(W, 1)).shifts.length;
  const total = src.days.reduce((n, d) => n + d.shifts.length, 0);
  assert.equal(copy.body.copied, total - tuesdayShifts);
  const v = await week(hq.id, next);
  assert.deepEqual(dayOf(v, next).shifts.map((s) => `${s.staff_name} ${s.start}-${s.end} ${s.kind}`),
    dayOf(src, W).shifts.map((s) => `${s.staff_name} ${s.start}-${s.end} ${s.kind}`));
  assert.equal(dayOf(v, addDays(next, 1)).shifts.length, 0);

  const again = await c.planner.post('/roster/copy-week', { site_id: hq.id, week: next });
  assertError(again, 409, 'conflict', 'week');
  assert.match(again.body.error.message, new RegExp(String(copy.body.copied)));
  const replaced = await c.planner.post('/roster/copy-week', { site_id: hq.id, week: next, replace: true, reason: '重新排班' });
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal(replaced.body.replaced, copy.body.copied);
  assert.equal(replaced.body.copied, copy.body.copied);
  const audit = (await c.admin.get(`/audit?entity=roster_week&entity_id=${hq.id}`)).body.items;
  assert.ok(audit.some((a) => a.action === 'copy_week' && a.reason === '重新排班'));
});

test('DESK-1: a clerk hands over to a named colleague, who is told and confirms; coming back ends it', async () => {
  // Today 张敏 is at the desk all day (and covers lunch herself), 李娜 has a late shift.
  assert.equal((await shift({ staff_id: staff.A.id, date: today, start: '00:00', end: '24:00' })).status, 201);
  assert.equal((await shift({ staff_id: staff.A.id, date: today, start: '11:30', end: '13:30', kind: 'lunch' })).status, 201);
  let now = await c.deskA.get(`/roster/now?site_id=${hq.id}`);
  assert.equal(now.status, 200, now.text);
  assert.deepEqual(now.body.on_duty.map((d) => d.name), ['张敏']);
  assert.equal(now.body.i_am_on_duty, true);
  assert.equal(now.body.my_staff_id, staff.A.id);
  assertError(await c.host.get(`/roster/now?site_id=${hq.id}`), 403, 'forbidden');
  assertError(await c.deskA.get('/roster/now?site_id=999999'), 400, 'invalid_argument', 'site_id');

  const post = (client, body) => client.post('/roster/handovers', { site_id: hq.id, to_staff_id: staff.B.id, reason: '去财务部送文件', ...body });
  assertError(await post(c.deskA, { reason: undefined }), 400, 'invalid_argument', 'reason');
  assertError(await post(c.deskA, { reason: '   ' }), 400, 'invalid_argument', 'reason');
  assertError(await post(c.deskA, { to_staff_id: staff.A.id }), 400, 'invalid_argument', 'to_staff_id');
  assertError(await post(c.deskA, { to_staff_id: 999999 }), 400, 'invalid_argument', 'to_staff_id');
  assertError(await post(c.deskA, { to_staff_id: staff.noLogin.id }), 400, 'invalid_argument', 'to_staff_id');
  assertError(await post(c.deskA, { to_staff_id: staff.far.id }), 400, 'invalid_argument', 'to_staff_id');
  assertError(await post(c.deskA, { site_id: 999999 }), 400, 'invalid_argument', 'site_id');
  assertError(await post(c.deskC, { to_staff_id: staff.B.id }), 409, 'conflict', 'from_staff_id');  // 王芳 is not on duty
  assertError(await post(c.deskB, { from_staff_id: staff.A.id }), 403, 'forbidden');  // not for someone else
  assertError(await post(c.host, {}), 403, 'forbidden');
  assertError(await post(c.admin, {}), 400, 'invalid_argument', 'from_staff_id');  // no staff record
  assert.equal((await c.deskA.get(`/roster/handovers?site_id=${hq.id}`)).body.items.length, 0, 'nothing recorded');

  const h = await post(c.deskA, {});
  assert.equal(h.status, 201, h.text);
  assert.equal(h.body.from_name, '张敏');
  assert.equal(h.body.to_name, '李娜');
  assert.equal(h.body.open, true);
  assert.equal(h.body.confirmed_at, null);
  const told = await notes(c.deskB, 'roster.handover', (n) => n.payload.handover_id === h.body.id);
  assert.equal(told.length, 1, 'the colleague is told at once');
  assert.match(told[0].body, /去财务部送文件/);
  const todo = (await c.deskB.get('/tasks')).body.items.find((t) => t.kind === 'roster.handover_confirm' && t.subject_id === h.body.id);
  assert.ok(todo, 'and has a to-do to confirm');

  now = await c.deskA.get(`/roster/now?site_id=${hq.id}`);
  assert.deepEqual(now.body.on_duty.map((d) => [d.name, d.via, d.for_name]), [['李娜', 'handover', '张敏']]);
  assert.equal(now.body.i_am_on_duty, false);
  assert.equal(now.body.my_handover.id, h.body.id);
  assertError(await post(c.deskA, { to_staff_id: staff.C.id }), 409, 'conflict', 'from_staff_id');

  assertError(await c.deskC.post(`/roster/handovers/${h.body.id}/confirm`), 403, 'forbidden');
  const ok = await c.deskB.post(`/roster/handovers/${h.body.id}/confirm`);
  assert.equal(ok.status, 200, ok.text);
  assert.ok(ok.body.confirmed_at);
  assertError(await c.deskB.post(`/roster/handovers/${h.body.id}/confirm`), 409, 'conflict');
  assert.equal((await notes(c.deskA, 'roster.handover_confirmed', (n) => n.payload.handover_id === h.body.id)).length, 1);

  assertError(await c.deskC.post(`/roster/handovers/${h.body.id}/end`), 403, 'forbidden');
  const back = await c.deskA.post(`/roster/handovers/${h.body.id}/end`);
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.open, false);
  assert.ok(back.body.ended_at);
  assertError(await c.deskA.post(`/roster/handovers/${h.body.id}/end`), 409, 'conflict');
  assert.equal((await notes(c.deskB, 'roster.handover_ended', (n) => n.payload.handover_id === h.body.id)).length, 1);
  now = await c.deskA.get(`/roster/now?site_id=${hq.id}`);
  assert.deepEqual(now.body.on_duty.map((d) => d.name), ['张敏']);
  assert.equal(now.body.my_handover, null);

  const history = await c.gm.get(`/roster/handovers?site_id=${hq.id}`);
  assert.equal(history.body.items.length, 1);
  assert.equal(history.body.items[0].reason, '去财务部送文件');
  const audit = (await c.admin.get(`/audit?entity=roster_handover&entity_id=${h.body.id}`)).body.items;
  assert.deepEqual(audit.map((a) => a.action).sort(), ['confirm', 'create', 'end']);
  // A planner may hand over for a clerk.
  const forA = await post(c.planner, { from_staff_id: staff.A.id, to_staff_id: staff.C.id });
  assert.equal(forA.status, 201, forA.text);
  assert.equal((await c.planner.post(`/roster/handovers/${forA.body.id}/end`)).status, 200);

  const mine = await c.deskA.get('/roster/mine');
  assert.equal(mine.body.linked, true);
  assert.ok(mine.body.shifts.some((s) => s.date === today && s.start === '00:00'));
});

test('DESK-2: the supervisor logs violations; the month is evaluated by the rule with its thresholds as settings', async () => {
  const month = today.slice(0, 7);
  const log = (body, client = c.planner) => client.post('/conduct/violations', {
    staff_id: staff.A.id, date: today, kind: 'absent_from_post', details: '午休时间前台无人', severity: 'minor', ...body,
  });
  const reportOf = async (who) => (await c.planner.get(`/conduct/report?site_id=${hq.id}&month=${month}`)).body.items.find((m) => m.staff_id === who);
  assertError(await log({ date: addDays(today, 1) }), 400, 'invalid_argument', 'date');
  assertError(await log({ staff_id: 999999 }), 400, 'invalid_argument', 'staff_id');
  assertError(await log({ kind: 'sleeping' }), 400, 'invalid_argument', 'kind');
  assertError(await log({ details: '' }), 400, 'invalid_argument', 'details');
  assertError(await log({ severity: 'grave' }), 400, 'invalid_argument', 'severity');
  assertError(await log({ fine_fen: 5000 }), 400, 'invalid_argument', 'fine_fen');
  const low = await log({ severity: 'serious', fine_fen: 4000 });
  assertError(low, 400, 'invalid_argument', 'fine_fen');
  assert.match(low.body.error.message, /5000/);
  assertError(await log({ severity: 'serious', fine_fen: 10001 }), 400, 'invalid_argument', 'fine_fen');
  assertError(await log({}, c.deskB), 403, 'forbidden');
  assert.equal((await reportOf(staff.A.id)).count, 0, 'nothing was logged');

  const first = await log({});
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.site_id, hq.id, 'the clerk\'s site by default');
  assert.equal(first.body.fine_fen, 0);
  const told = await notes(c.deskA, 'conduct.violation', (n) => n.payload.violation_id === first.body.id);
  assert.equal(told.length, 1, 'the clerk is told');
  let a = await reportOf(staff.A.id);
  assert.equal(a.status, 'recorded');
  assert.equal(a.count, 1);

  // DESK-2: two in a month = dereliction, criticised in public.
  assert.equal((await log({ kind: 'late', details: '迟到 15 分钟' })).status, 201);
  a = await reportOf(staff.A.id);
  assert.equal(a.status, 'dereliction');
  assert.equal(a.public_criticism, true);
  assert.equal(a.violations.length, 2);
  // The threshold is a setting.
  assert.equal((await c.admin.put('/settings/conduct.dereliction_count', { value: 3 })).status, 200);
  assert.equal((await reportOf(staff.A.id)).status, 'recorded');
  assert.equal((await c.admin.put('/settings/conduct.dereliction_count', { value: 2 })).status, 200);

  // A serious one: the month fails with a fine (integer fen; default the lowest).
  const serious = await log({ staff_id: staff.B.id, severity: 'serious', kind: 'etiquette', details: '与访客争吵' });
  assert.equal(serious.status, 201, serious.text);
  assert.equal(serious.body.fine_fen, 5000);
  let b = await reportOf(staff.B.id);
  assert.equal(b.status, 'failed');
  assert.equal(b.fine_fen, 5000);
  assert.equal(b.training_needed, true);

  // Trained last month and again a serious one: reassignment suggested.
  const prev = addDays(`${month}-01`, -1);
  assertError(await c.planner.put('/conduct/months', { staff_id: staff.B.id, month: prev.slice(0, 7), training_on: today }), 400, 'invalid_argument', 'training_on');
  assertError(await c.planner.put('/conduct/months', { staff_id: staff.B.id, month: '2026-13' }), 400, 'invalid_argument', 'month');
  assertError(await c.deskA.put('/conduct/months', { staff_id: staff.B.id, month }), 403, 'forbidden');
  const trained = await c.planner.put('/conduct/months', { staff_id: staff.B.id, month: prev.slice(0, 7), note: '已参加礼仪培训', training_on: prev });
  assert.equal(trained.status, 200, trained.text);
  assert.equal(trained.body.training_on, prev);
  b = await reportOf(staff.B.id);
  assert.equal(b.status, 'reassign');
  assert.equal(b.reassignment_suggested, true);
  assert.equal(b.last_training, prev);
  const noted = await c.planner.put('/conduct/months', { staff_id: staff.B.id, month, note: '已约谈' });
  assert.equal(noted.status, 200, noted.text);
  assert.equal((await reportOf(staff.B.id)).note, '已约谈');

  // The clerk sees their own records and writes an appeal; the supervisor hears of it.
  assertError(await c.deskA.get('/conduct/violations'), 403, 'forbidden');
  const mine = await c.deskA.get('/conduct/mine');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.body.items[0].count, 2);
  assert.equal(mine.body.items[0].status, 'dereliction');
  assertError(await c.deskB.post(`/conduct/violations/${first.body.id}/appeal`, { appeal: '不是我' }), 403, 'forbidden');
  const appeal = await c.deskA.post(`/conduct/violations/${first.body.id}/appeal`, { appeal: '当时在送访客去会议室，已请李娜照看' });
  assert.equal(appeal.status, 200, appeal.text);
  assert.ok(appeal.body.appeal_at);
  assert.equal((await notes(c.planner, 'conduct.appeal', (n) => n.payload.violation_id === first.body.id)).length, 1);
  assertError(await c.deskA.post(`/conduct/violations/${first.body.id}/appeal`, { appeal: 'x'.repeat(1001) }), 400, 'invalid_argument', 'appeal');

  // Corrections and deletion, audited; the month follows.
  const fixed = await c.planner.put(`/conduct/violations/${serious.body.id}`, {
    staff_id: staff.B.id, date: today, kind: 'etiquette', details: '与访客争吵', severity: 'serious', fine_fen: 8000, reason: '核实后加重' });
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.body.fine_fen, 8000);
  assert.equal((await reportOf(staff.B.id)).fine_fen, 8000);
  const list = await c.gm.get(`/conduct/violations?site_id=${hq.id}&month=${month}`);
  assert.equal(list.body.items.length, 3);
  assert.equal((await c.planner.del(`/conduct/violations/${first.body.id}`, { reason: '申诉成立' })).status, 204);
  assert.equal((await reportOf(staff.A.id)).status, 'recorded');
  const audit = (await c.admin.get(`/audit?entity=conduct_violation&entity_id=${first.body.id}`)).body.items;
  assert.deepEqual(audit.map((x) => x.action).sort(), ['appeal', 'create', 'delete']);

  // The monthly report for a spreadsheet.
  const csv = await fetch(`${srv.url}/api/v1/conduct/report.csv?site_id=${hq.id}&month=${month}`, { headers: { Cookie: c.gm.cookie } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const bytes = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'with a BOM for Excel');
  const text = bytes.toString('utf8');
  assert.match(text, /李娜/);
  assert.match(text, /建议调岗/);
  assert.match(text, /80\.00/);
  const xlsx = await fetch(`${srv.url}/api/v1/conduct/report.xlsx?site_id=${hq.id}&month=${month}`, { headers: { Cookie: c.gm.cookie } });
  assert.equal(xlsx.status, 200);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  assertError(await c.gm.get(`/conduct/report.csv?month=${month}`), 400, 'invalid_argument', 'site_id');
  assertError(await c.deskA.get(`/conduct/report.csv?site_id=${hq.id}`), 403, 'forbidden');
});

test('DESK-1: who is warned is a setting of the site; a bad user is refused', async () => {
  assertError(await c.planner.put(`/roster/sites/${hq.id}/settings`, { warn_user_id: 999999 }), 400, 'invalid_argument', 'warn_user_id');
  assertError(await c.deskA.put(`/roster/sites/${hq.id}/settings`, { warn_user_id: users.planner.id }), 403, 'forbidden');
  assertError(await c.planner.get('/roster/sites/999999/settings'), 404, 'not_found');
  const r = await c.planner.put(`/roster/sites/${hq.id}/settings`, { warn_user_id: users.planner.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.warn_user_id, users.planner.id);
  assert.equal((await c.deskA.get(`/roster/sites/${hq.id}/settings`)).body.warn_user_id, users.planner.id);
  assert.equal((await c.planner.put(`/roster/sites/${hq.id}/settings`, { warn_user_id: null })).body.warn_user_id, null);
});

// Last: it moves the server's clock days ahead.
test('DESK-1: the admin clerk is warned ahead of a gap and when it begins; a gap closed in time is not warned; an unconfirmed hand-over is reported', async () => {
  const site = await c.admin.post('/sites', { name: '东区前台', code: 'EAST', desk_hours: [{ start: '09:00', end: '17:00' }] });
  assert.equal(site.status, 201, site.text);
  const east = site.body.id;
  assert.equal((await c.admin.patch(`/sites/${east}/calendar`, { working_weekdays: [1, 2, 3, 4, 5, 6, 7] })).status, 200);
  const D = addDays(isoDay(await serverNow()), 2);
  // 张敏 09:00-10:00 and 11:00-13:00: gaps 10:00-11:00 and 13:00-17:00 (lead 60 minutes).
  const plan = (who, start, end) => c.planner.post('/roster/shifts', { site_id: east, staff_id: who, date: D, start, end });
  assert.equal((await plan(staff.A.id, '09:00', '10:00')).status, 201);
  assert.equal((await plan(staff.A.id, '11:00', '13:00')).status, 201);
  assert.deepEqual(dayOf(await week(east, D), D).gaps.map((g) => `${g.start}-${g.end}`), ['10:00-11:00', '13:00-17:00']);
  const gapTasks = (await c.planner.get('/tasks')).body.items.filter((t) => t.kind === 'roster.gap' && t.site_id === east);
  assert.equal(gapTasks.length, 2, 'the admin clerk has a to-do per gap');
  assert.equal(gapTasks[0].due_at, new Date(at(D, '09:00')).toISOString());
  const warned = async (topic, start) => notes(c.planner, topic, (n) => n.payload.site_id === east && (!start || n.payload.start === start));

  await advanceTo(at(D, '08:57'));
  assert.equal((await warned('roster.gap_ahead')).length, 0, 'not yet');
  await advanceTo(at(D, '09:00'));
  const ahead = await warned('roster.gap_ahead', '10:00');
  assert.equal(ahead.length, 1, 'an hour ahead');
  assert.match(ahead[0].title, /10:00–11:00/);
  assert.equal(ahead[0].link, `/roster?site_id=${east}&date=${D}`);
  assert.equal((await notes(c.gm, 'roster.gap_ahead')).length, 0, 'only the admin clerk');
  // The clerks' consoles see that nobody is due then.
  await advanceTo(at(D, '10:00'));
  const started = await warned('roster.gap_started', '10:00');
  assert.equal(started.length, 1, 'told again when it begins');
  const now = await c.deskA.get(`/roster/now?site_id=${east}`);
  assert.equal(now.body.gap_now.start, '10:00');
  assert.deepEqual(now.body.on_duty, []);

  // The afternoon gap is closed before its warning: nobody is told.
  assert.equal((await plan(staff.B.id, '13:00', '17:00')).status, 201);
  // An unconfirmed hand-over is reported to the admin clerk and to the clerk who left.
  await advanceTo(at(D, '11:05'));
  const h = await c.deskA.post('/roster/handovers', { site_id: east, to_staff_id: staff.B.id, reason: '接待 A 类来宾' });
  assert.equal(h.status, 201, h.text);
  await advanceTo(at(D, '11:16'));
  const unconfirmed = await notes(c.planner, 'roster.handover_unconfirmed', (n) => n.payload.handover_id === h.body.id);
  assert.equal(unconfirmed.length, 1);
  assert.equal((await notes(c.deskA, 'roster.handover_unconfirmed', (n) => n.payload.handover_id === h.body.id)).length, 1);
  assert.equal((await c.deskA.post(`/roster/handovers/${h.body.id}/end`)).status, 200);

  await advanceTo(at(D, '13:30'));
  assert.equal((await warned('roster.gap_ahead', '13:00')).length, 0);
  assert.equal((await warned('roster.gap_started', '13:00')).length, 0);
  const tasks = (await c.planner.get('/tasks')).body.items.filter((t) => t.kind === 'roster.gap' && t.site_id === east);
  assert.deepEqual(tasks.filter((t) => t.title.includes(D)), [], 'a gap closed in time or passed is off the to-do list');
  // The next day nobody planned is one gap from opening to closing, warned in its turn.
  assert.ok(tasks.some((t) => t.title.includes(`${addDays(D, 1)} 09:00–17:00`)), 'the daily refresh found the unplanned day');
});
