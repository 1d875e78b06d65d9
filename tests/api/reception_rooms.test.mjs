// A formal reception books its rooms through the meeting service (DOMAIN.md PLAN-3, MTG-4),
// against the real binary on SQLite and PostgreSQL: an itinerary item with a venue holds the
// room on the meetings calendar under the plan's number and title; a meeting in that slot
// (buffers included) is then refused; moving the item moves the booking, removing it or
// cancelling the plan frees the room; an item clashing with a meeting is refused (409 on
// venue_id, naming the meeting) and changes nothing; the meetings page cannot change a held
// room; consecutive items of one plan share a room; and a reception item and a meeting fired
// together at the same slot: exactly one wins, every time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.mjs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PASSWORD = 'Passw0rd-1';

let srv;
let site;
const c = {};
const staff = {};
const room = {};

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
}

// Site-local (Asia/Shanghai) dates from today: the tests pass at any time of day.
function localDate(days) {
  const local = Date.now() + 8 * HOUR;
  return new Date(local - (local % DAY) + days * DAY).toISOString().slice(0, 10);
}
function iso(date, hhmm) {
  return new Date(Date.parse(`${date}T${hhmm}:00+08:00`)).toISOString();
}

const D1 = localDate(10);
const D2 = localDate(11);

async function newPlan(name) {
  const r = await c.clerk.post('/receptions', {
    name, visiting_unit: '华东建材集团', grade_code: 'senior', start_date: D1, end_date: D2,
    host_staff_id: staff.wang.id, guests: [{ name: '马明', rank: 10, is_chief: true }, { name: '白雪', rank: 8 }],
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

function item(body) {
  return { day: D1, start: '14:00', end: '15:00', kind: 'meeting', activity: '会谈', ...body };
}

async function calendar(date = D1) {
  const r = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${iso(date, '00:00')}&to=${iso(localDate(12), '00:00')}`);
  assert.equal(r.status, 200, r.text);
  return r.body.bookings;
}

const held = (bookings, plan) => bookings.filter((b) => b.source?.id === plan.id);

function book(body) {
  return c.desk.post('/meetings', { venue_id: room.hall.id, subject: '部门例会', start_at: iso(D1, '14:30'), end_at: iso(D1, '15:30'), ...body });
}

before(async () => {
  srv = await startServer();
  c.admin = await srv.login();
  site = (await c.admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  for (const [name, roles] of Object.entries({ clerk: ['admin_clerk'], desk: ['front_desk'] })) {
    await srv.createUser({ username: name, roles, password: PASSWORD, display_name: name });
    c[name] = await srv.login(name, PASSWORD);
  }
  const s = await c.admin.post('/staff', { site_id: site.id, name: '王总', rank: 12 });
  assert.equal(s.status, 201, s.text);
  staff.wang = s.body;
  for (const [key, name] of [['hall', '一号会议室'], ['other', '二号会议室'], ['race', '洽谈室'], ['pair', '多功能厅']]) {
    const v = await c.admin.post('/venues', { site_id: site.id, name, kind: 'small_meeting_room', capacity: 20 });
    assert.equal(v.status, 201, v.text);
    room[key] = v.body;
  }
});

after(async () => {
  await srv?.stop();
});

test('PLAN-3/MTG-4: an item with a room holds it on the meetings calendar; a meeting there is refused; the meetings page cannot change it', async () => {
  const p = await newPlan('华东建材考察');
  const r = await c.clerk.post(`/receptions/${p.id}/items`, item({ venue_id: room.hall.id }));
  assert.equal(r.status, 201, r.text);
  const [b] = held(await calendar(), p);
  assert.ok(b, 'the room is on the calendar');
  assert.equal(b.venue_id, room.hall.id);
  assert.equal(b.status, 'confirmed');
  assert.equal(b.start_at, iso(D1, '14:00'));
  assert.equal(b.end_at, iso(D1, '15:00'));
  assert.deepEqual(b.source, { kind: 'reception', id: p.id, item_id: r.body.items[0].id, number: p.number, title: '华东建材考察', link: `/receptions/${p.id}` });
  // Its own plan shows no conflict with its own room.
  assert.deepEqual(r.body.conflicts.filter((x) => x.kind === 'venue'), []);

  // MTG-4: the slot, buffers included (set-up 30, clean-up 15), is taken for meetings.
  let m = await book({});
  assertError(m, 409, 'conflict', 'start_at');
  assert.match(m.body.error.message, new RegExp(p.number));
  m = await book({ start_at: iso(D1, '15:00'), end_at: iso(D1, '15:30') });
  assertError(m, 409, 'conflict', 'start_at');
  m = await book({ start_at: iso(D1, '16:00'), end_at: iso(D1, '17:00') });
  assert.equal(m.status, 201, m.text);
  assert.equal((await c.desk.post(`/meetings/${m.body.id}/cancel`, { reason: '测试' })).status, 200);

  // The meetings page shows it and may not change it (PLAN-3: change the plan instead).
  const one = await c.admin.get(`/meetings/${b.id}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.body.may_change, false);
  assert.equal(one.body.source.number, p.number);
  assert.equal(one.body.organizer_name, '王总');
  assert.equal(one.body.approval_rule, '');
  assertError(await c.admin.patch(`/meetings/${b.id}`, { subject: '改名' }), 409, 'conflict', 'source');
  assertError(await c.admin.post(`/meetings/${b.id}/cancel`, { reason: '想要这间' }), 409, 'conflict', 'source');
  const zh = await c.admin.post(`/meetings/${b.id}/cancel`, { reason: '想要这间' });
  assert.match(zh.body.error.message, /接待方案/);
  // MTG-3: a held room has no checklist tasks (the plan's own tasks cover the duties).
  const sheet = await c.admin.get(`/meetings/runsheet?site_id=${site.id}&date=${D1}`);
  assert.equal(sheet.status, 200, sheet.text);
  assert.ok(!sheet.body.items.some((t) => t.meeting.id === b.id), 'no checklist for a held room');
  // Audited as a meeting row in the plan's transaction.
  const audit = await c.admin.get(`/audit?entity=meeting&entity_id=${b.id}`);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.body.items.some((a) => a.action === 'create'), audit.text);
});

test('PLAN-3: moving the item moves its booking; another room too; removing it frees the room', async () => {
  const p = await newPlan('移动测试');
  let r = await c.clerk.post(`/receptions/${p.id}/items`, item({ venue_id: room.other.id, start: '09:00', end: '10:00' }));
  assert.equal(r.status, 201, r.text);
  const it = r.body.items[0];
  const [first] = held(await calendar(), p);
  r = await c.clerk.put(`/receptions/${p.id}/items/${it.id}`, item({ venue_id: room.other.id, start: '11:00', end: '12:00' }));
  assert.equal(r.status, 200, r.text);
  let now = held(await calendar(), p);
  assert.equal(now.length, 1);
  assert.equal(now[0].id, first.id, 'the same booking, moved');
  assert.equal(now[0].start_at, iso(D1, '11:00'));
  // The old slot is free for meetings again.
  let m = await book({ venue_id: room.other.id, start_at: iso(D1, '09:00'), end_at: iso(D1, '10:00') });
  assert.equal(m.status, 201, m.text);
  // Another day and another room.
  r = await c.clerk.put(`/receptions/${p.id}/items/${it.id}`, item({ day: D2, venue_id: room.pair.id, start: '11:00', end: '12:00' }));
  assert.equal(r.status, 200, r.text);
  now = held(await calendar(), p);
  assert.equal(now.length, 1);
  assert.equal(now[0].venue_id, room.pair.id);
  assert.equal(now[0].start_at, iso(D2, '11:00'));
  // The plan's new title is shown on the calendar.
  r = await c.clerk.patch(`/receptions/${p.id}`, { name: '移动测试（改）' });
  assert.equal(r.status, 200, r.text);
  assert.equal(held(await calendar(), p)[0].source.title, '移动测试（改）');
  // Without a venue the item holds nothing; removed, the room is free.
  r = await c.clerk.put(`/receptions/${p.id}/items/${it.id}`, item({ day: D2, start: '11:00', end: '12:00' }));
  assert.equal(r.status, 200, r.text);
  assert.equal(held(await calendar(), p).length, 0);
  r = await c.clerk.put(`/receptions/${p.id}/items/${it.id}`, item({ day: D2, venue_id: room.pair.id, start: '11:00', end: '12:00' }));
  assert.equal(held(await calendar(), p).length, 1);
  assert.equal((await c.clerk.del(`/receptions/${p.id}/items/${it.id}`)).status, 200);
  assert.equal(held(await calendar(), p).length, 0);
  m = await book({ venue_id: room.pair.id, start_at: iso(D2, '11:00'), end_at: iso(D2, '12:00') });
  assert.equal(m.status, 201, m.text);
});

test('PLAN-3: cancelling the reception frees every room; consecutive items of one plan share a room', async () => {
  const p = await newPlan('取消测试');
  // Back to back in one hall: their buffers overlap, but they are one holder's.
  for (const [start, end, activity] of [['09:00', '10:00', '会谈'], ['10:00', '10:30', '签约仪式']]) {
    const r = await c.clerk.post(`/receptions/${p.id}/items`, item({ day: D2, venue_id: room.hall.id, start, end, activity }));
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(held(await calendar(), p).length, 2);
  assertError(await book({ start_at: iso(D2, '10:30'), end_at: iso(D2, '11:00') }), 409, 'conflict', 'start_at');
  const r = await c.clerk.post(`/receptions/${p.id}/cancel`, { reason: '客户改期' });
  assert.equal(r.status, 200, r.text);
  assert.equal(held(await calendar(), p).length, 0);
  const m = await book({ start_at: iso(D2, '09:00'), end_at: iso(D2, '11:00') });
  assert.equal(m.status, 201, m.text);
});

test('PLAN-3/MTG-4: an item clashing with a meeting is refused (409 on venue_id, naming the meeting) and nothing changes', async () => {
  const meeting = await book({ subject: '季度预算评审', start_at: iso(D1, '10:00'), end_at: iso(D1, '11:00') });
  assert.equal(meeting.status, 201, meeting.text);
  const p = await newPlan('冲突测试');
  let r = await c.clerk.post(`/receptions/${p.id}/items`, item({ venue_id: room.hall.id, start: '10:30', end: '11:30' }));
  assertError(r, 409, 'conflict', 'venue_id');
  assert.match(r.body.error.message, /季度预算评审/);
  assert.match(r.body.error.message, /一号会议室/);
  let plan = (await c.clerk.get(`/receptions/${p.id}`)).body;
  assert.equal(plan.items.length, 0, 'the item was not saved');
  assert.equal(plan.version, p.version);
  // An existing item moved into the meeting's slot: refused, the item and its room unchanged.
  r = await c.clerk.post(`/receptions/${p.id}/items`, item({ venue_id: room.hall.id, start: '08:00', end: '09:00' }));
  assert.equal(r.status, 201, r.text);
  const it = r.body.items[0];
  const version = r.body.version;
  r = await c.clerk.put(`/receptions/${p.id}/items/${it.id}`, item({ venue_id: room.hall.id, start: '10:45', end: '11:15', activity: '改时间' }));
  assertError(r, 409, 'conflict', 'venue_id');
  plan = (await c.clerk.get(`/receptions/${p.id}`)).body;
  assert.equal(plan.version, version);
  assert.equal(plan.items[0].start, '08:00');
  assert.equal(plan.items[0].activity, '会谈');
  const [b] = held(await calendar(), p);
  assert.equal(b.start_at, iso(D1, '08:00'));
  // Staff conflicts stay warnings: the same person in two items saves.
  r = await c.clerk.post(`/receptions/${p.id}/items`, item({ start: '08:30', end: '09:30', kind: 'visit', activity: '参观', staff_ids: [staff.wang.id] }));
  assert.equal(r.status, 201, r.text);
});

test('MTG-4: a reception item and a meeting fired together at one slot: exactly one wins, every time', async () => {
  const p = await newPlan('并发测试');
  for (let i = 0; i < 6; i++) {
    const start = `${String(8 + 2 * i).padStart(2, '0')}:00`;
    const end = `${String(9 + 2 * i).padStart(2, '0')}:00`;
    const [a, b] = await Promise.all([
      c.clerk.post(`/receptions/${p.id}/items`, item({ venue_id: room.race.id, start, end, activity: `并发${i}` })),
      c.desk.post('/meetings', { venue_id: room.race.id, subject: `抢会议室${i}`, start_at: iso(D1, start), end_at: iso(D1, end) }),
    ]);
    const codes = [a.status, b.status].sort();
    assert.deepEqual(codes, [201, 409], `round ${i}: ${a.text} / ${b.text}`);
    if (a.status === 409) assert.equal(a.body.error.field, 'venue_id');
    if (b.status === 409) assert.equal(b.body.error.field, 'start_at');
  }
  const blocks = (await calendar()).filter((x) => x.venue_id === room.race.id);
  assert.equal(blocks.length, 6, 'one booking per slot');
  const plan = (await c.clerk.get(`/receptions/${p.id}`)).body;
  assert.equal(held(blocks, p).length, plan.items.length, 'every saved item holds its room');
});
