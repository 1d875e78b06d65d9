// The meeting service (DOMAIN.md MTG-1..4, VIS-11) against the real binary, on SQLite and
// PostgreSQL: booking with its bad inputs, set-up and clean-up buffers as occupancy, no
// double booking under parallel requests (exactly one wins), capacity warnings, recurring
// series with exceptions, approvals for the large room and category-A receptions, the
// service order, the timed checklist on the server's test clock (moves with the meeting,
// ticked off, missed items escalate), iCalendar invitations by e-mail parsed with a real
// parser (python3-icalendar), cancellations, and the per-user calendar feed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from './lib/harness.mjs';
import { SmtpSink, freePort } from './lib/smtp_sink.mjs';

let srv;
let sink;
let site;
const c = {};
const staff = {};
const room = {};
const PASSWORD = 'Passw0rd-1';
const USERS = {
  admin: null,
  clerk: ['admin_clerk'],   // 行政文员: serves meetings, approves, sees missed items
  desk: ['front_desk'],     // 前台: books rooms
  zhang: ['host'],          // 张伟: books rooms, attends
  li: ['host'],             // 李娜
  gm: ['gm_office'],        // approves
};
const users = {};
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
}

async function signInAll() {
  for (const name of Object.keys(USERS)) c[name] = name === 'admin' ? await srv.login() : await srv.login(name, PASSWORD);
}

let now = 0;  // the server's clock
async function advance(minutes) {
  const r = await c.admin.post('/test/clock', { advance_minutes: minutes });
  assert.equal(r.status, 200, r.text);
  now = Date.parse(r.body.now);
  await signInAll();
  return r.body;
}

// Local midnight (Asia/Shanghai, UTC+8) `days` from the server's today, plus `hours`.
function at(days, hours) {
  const local = now + 8 * HOUR;
  const midnight = local - (local % DAY) - 8 * HOUR;
  return new Date(midnight + days * DAY + hours * HOUR).toISOString();
}

async function book(body, client = c.zhang) {
  return client.post('/meetings', { venue_id: room.small.id, subject: '周例会', start_at: at(2, 10), end_at: at(2, 11), ...body });
}

async function notes(client, topic) {
  const r = await client.get('/notifications?page_size=200');
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((n) => n.topic === topic);
}

// Parses an iCalendar text with Debian's python3-icalendar and reports what it found.
const PARSE = String.raw`
import json, sys
from icalendar import Calendar
raw = sys.stdin.buffer.read()
lines = raw.split(b'\r\n')
report = {'crlf': raw.endswith(b'\r\n') and b'\n' not in raw.replace(b'\r\n', b''),
          'longest_line': max(len(l) for l in lines)}
cal = Calendar.from_ical(raw.decode('utf-8'))
report['errors'] = [str(e) for comp in cal.walk() for e in getattr(comp, 'errors', [])]
report['method'] = str(cal.get('METHOD', ''))
report['timezones'] = [str(tz.get('TZID')) for tz in cal.walk('VTIMEZONE')]
events = []
for ev in cal.walk('VEVENT'):
    def text(k):
        v = ev.get(k)
        return None if v is None else str(v)
    start = ev.get('DTSTART')
    events.append({'uid': text('UID'), 'sequence': int(ev.get('SEQUENCE', 0)),
                   'summary': text('SUMMARY'), 'location': text('LOCATION'),
                   'description': text('DESCRIPTION'), 'status': text('STATUS'),
                   'start': start.dt.isoformat(), 'tzid': start.params.get('TZID'),
                   'end': ev.get('DTEND').dt.isoformat(),
                   'rrule': ev.get('RRULE').to_ical().decode() if ev.get('RRULE') else None,
                   'recurrence_id': ev.get('RECURRENCE-ID').dt.isoformat() if ev.get('RECURRENCE-ID') else None,
                   'exdates': len(ev.get('EXDATE').dts) if ev.get('EXDATE') and hasattr(ev.get('EXDATE'), 'dts') else (1 if ev.get('EXDATE') else 0),
                   'organizer': text('ORGANIZER'),
                   'attendees': [str(a) for a in (ev.get('ATTENDEE') if isinstance(ev.get('ATTENDEE'), list) else ([ev.get('ATTENDEE')] if ev.get('ATTENDEE') else []))]})
report['events'] = events
print(json.dumps(report, ensure_ascii=False))
`;
function parseIcs(text) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PARSE], { input: Buffer.from(text, 'utf8'), encoding: 'utf8' }));
}

// The mails whose subject contains `word`, once there are `count` of them (other tests'
// notices arrive in between).
async function mailsAbout(word, count, prefix = '') {
  const deadline = Date.now() + 10000;
  for (;;) {
    const found = sink.read().filter((m) => m.subject.includes(word) && m.subject.startsWith(prefix));
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} e-mails about ${word}, got ${found.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function calendarPart(mail) {
  return mail.parts.find((p) => p.content_type === 'text/calendar');
}

before(async () => {
  sink = new SmtpSink(await freePort());
  await sink.start();
  srv = await startServer({ env: { YINGBIN_TEST_CLOCK: '1', YINGBIN_SMTP_URL: sink.url, YINGBIN_SMTP_FROM: '迎宾系统 <noreply@yingbin.test>' } });
  c.admin = await srv.login();
  const admin = c.admin;
  site = (await admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  for (const [name, roles] of Object.entries(USERS)) {
    if (!roles) continue;
    users[name] = await srv.createUser({ username: name, roles, password: PASSWORD, display_name: { clerk: '王文员', desk: '前台小陈', zhang: '张伟', li: '李娜', gm: '总经办' }[name] });
  }
  const dept = (await admin.post('/departments', { name: '市场部', site_id: site.id })).body;
  staff.zhang = (await admin.post('/staff', { name: '张伟', department_id: dept.id, site_id: site.id, user_id: users.zhang.id, email: 'zhangwei@example.com' })).body;
  staff.li = (await admin.post('/staff', { name: '李娜', department_id: dept.id, site_id: site.id, user_id: users.li.id, email: 'lina@example.com' })).body;
  staff.clerk = (await admin.post('/staff', { name: '王文员', site_id: site.id, user_id: users.clerk.id, email: 'clerk@example.com' })).body;
  staff.guest = (await admin.post('/staff', { name: '赵强', site_id: site.id, email: 'zq@example.com' })).body;
  for (const s of Object.values(staff)) assert.ok(s.id, JSON.stringify(s));
  const venue = async (body) => {
    const r = await admin.post('/venues', { site_id: site.id, equipment: ['投影仪', '白板'], ...body });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  room.small = await venue({ name: '小会议室', kind: 'small_meeting_room', capacity: 8 });
  room.other = await venue({ name: '第二会议室', kind: 'small_meeting_room', capacity: 12 });
  room.large = await venue({ name: '大会议室', kind: 'large_meeting_room', capacity: 40 });
  room.race = await venue({ name: '洽谈室', kind: 'small_meeting_room', capacity: 6 });
  room.series = await venue({ name: '培训室', kind: 'small_meeting_room', capacity: 30 });
  room.tight = await venue({ name: '无缓冲室', kind: 'small_meeting_room', capacity: 6 });
  await signInAll();
  await advance(0);
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
});

test('MTG-4: a booking shows on the site calendar with its occupancy; the rooms list their rules', async () => {
  const rooms = await c.zhang.get(`/meetings/rooms?site_id=${site.id}`);
  assert.equal(rooms.status, 200, rooms.text);
  const large = rooms.body.items.find((x) => x.venue_id === room.large.id);
  assert.equal(large.needs_approval, true, 'VIS-11: the large meeting room needs approval by default');
  const small = rooms.body.items.find((x) => x.venue_id === room.small.id);
  assert.equal(small.needs_approval, false);
  assert.equal(small.setup_minutes, 30);
  assert.equal(small.cleanup_minutes, 15);
  assert.deepEqual(small.equipment, ['投影仪', '白板']);

  const r = await book({ subject: '市场部周例会', attendees: [{ staff_id: staff.li.id }], bring: '上周销售数据' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, 'confirmed');
  assert.equal(r.body.subject, '市场部周例会');
  assert.equal(r.body.venue_name, '小会议室');
  assert.equal(r.body.attendee_count, 1);
  assert.equal(Date.parse(r.body.busy_from), Date.parse(at(2, 10)) - 30 * MIN, 'set-up buffer');
  assert.equal(Date.parse(r.body.busy_to), Date.parse(at(2, 11)) + 15 * MIN, 'clean-up buffer');
  assert.deepEqual(r.body.warnings, []);

  const cal = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(2, 0)}&to=${at(3, 0)}`);
  assert.equal(cal.status, 200, cal.text);
  assert.equal(cal.body.time_zone, 'Asia/Shanghai');
  assert.ok(cal.body.rooms.length >= 6);
  assert.ok(cal.body.bookings.some((b) => b.id === r.body.id && b.venue_id === room.small.id));
  const week = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(0, 0)}&to=${at(7, 0)}`);
  assert.ok(week.body.bookings.some((b) => b.id === r.body.id));
  const other = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(3, 0)}&to=${at(4, 0)}`);
  assert.ok(!other.body.bookings.some((b) => b.id === r.body.id));

  const audit = await c.admin.get(`/audit?entity=meeting&entity_id=${r.body.id}`);
  assert.equal(audit.body.items.length, 1);
  assert.equal(audit.body.items[0].action, 'create');
});

test('MTG-4: bad bookings are named on their field and change nothing', async () => {
  const count = async () => (await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(-1, 0)}&to=${at(30, 0)}`)).body.bookings.length;
  const before = await count();
  assertError(await book({ venue_id: undefined }), 400, 'invalid_argument', 'venue_id');
  assertError(await book({ venue_id: 999999 }), 400, 'invalid_argument', 'venue_id');
  assertError(await book({ subject: '' }), 400, 'invalid_argument', 'subject');
  assertError(await book({ subject: '会'.repeat(101) }), 400, 'invalid_argument', 'subject');
  assertError(await book({ start_at: 'tomorrow' }), 400, 'invalid_argument', 'start_at');
  assertError(await book({ start_at: '2026-11-24T10:00:00' }), 400, 'invalid_argument', 'start_at');
  assertError(await book({ end_at: at(2, 9) }), 400, 'invalid_argument', 'end_at');
  assertError(await book({ end_at: at(2, 10) }), 400, 'invalid_argument', 'end_at');
  assertError(await book({ start_at: at(5, 8), end_at: at(5, 21) }), 400, 'invalid_argument', 'end_at');
  assertError(await book({ start_at: at(-1, 10), end_at: at(-1, 11) }), 400, 'invalid_argument', 'start_at');
  assertError(await book({ start_at: at(400, 10), end_at: at(400, 11) }), 400, 'invalid_argument', 'start_at');
  assertError(await book({ category: 'E' }), 400, 'invalid_argument', 'category');
  assertError(await book({ services: [{ item: 'champagne', quantity: 1 }] }), 400, 'invalid_argument', 'services');
  assertError(await book({ services: [{ item: 'tea', quantity: 0 }] }), 400, 'invalid_argument', 'services');
  assertError(await book({ services: [{ item: 'tea', quantity: 2 }, { item: 'tea', quantity: 3 }] }), 400, 'invalid_argument', 'services');
  assertError(await book({ services: [{ item: 'other', quantity: 1 }] }), 400, 'invalid_argument', 'services');
  assertError(await book({ services: 'tea' }), 400, 'invalid_argument', 'services');
  assertError(await book({ attendees: [{ staff_id: 999999 }] }), 400, 'invalid_argument', 'attendees');
  assertError(await book({ attendees: [{ name: '外部', email: 'not-an-address' }] }), 400, 'invalid_argument', 'attendees');
  assertError(await book({ attendees: [{}] }), 400, 'invalid_argument', 'attendees');
  assertError(await book({ organizer_staff_id: 999999 }), 400, 'invalid_argument', 'organizer_staff_id');
  assertError(await book({ clerk_user_id: 999999 }), 400, 'invalid_argument', 'clerk_user_id');
  assertError(await book({ recurrence: { freq: 'yearly', count: 3 } }), 400, 'invalid_argument', 'recurrence.freq');
  assertError(await book({ recurrence: { freq: 'weekly' } }), 400, 'invalid_argument', 'recurrence.until');
  assertError(await book({ recurrence: { freq: 'weekly', weekdays: [8], count: 3 } }), 400, 'invalid_argument', 'recurrence.weekdays');
  assertError(await book({ recurrence: { freq: 'daily', count: 1000 } }), 400, 'invalid_argument', 'recurrence.count');
  assertError(await book({ recurrence: { freq: 'daily', until: at(0, 0).slice(0, 10) } }), 400, 'invalid_argument', 'recurrence.until');
  assertError(await book({ recurrence: { freq: 'daily', interval: 0, count: 2 } }), 400, 'invalid_argument', 'recurrence.interval');
  assertError(await c.zhang.post('/meetings', 'not json'), 400, 'invalid_json');
  // Without the permission: refused.
  const anon = srv.anon();
  assert.equal((await anon.post('/meetings', {})).status, 401);
  assertError(await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(0, 0)}&to=${at(40, 0)}`), 400, 'invalid_argument', 'to');
  assertError(await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(0, 0)}`), 400, 'invalid_argument', 'to');
  assert.equal(await count(), before, 'nothing was booked');
});

test('MTG-4: set-up and clean-up buffers count as occupancy; the conflict names the booking', async () => {
  const first = await book({ venue_id: room.other.id, subject: '预算评审会', start_at: at(3, 9), end_at: at(3, 10) });
  assert.equal(first.status, 201, first.text);
  // 10:10 starts inside the 15-minute clean-up, and its 30-minute set-up reaches back to 09:40.
  const late = await book({ venue_id: room.other.id, subject: '客户洽谈', start_at: at(3, 10 + 10 / 60), end_at: at(3, 11) });
  assertError(late, 409, 'conflict', 'start_at');
  assert.match(late.body.error.message, /预算评审会/);
  assert.match(late.body.error.message, /第二会议室/);
  c.zhang.lang = 'en';
  const en = await book({ venue_id: room.other.id, subject: 'x', start_at: at(3, 10.5), end_at: at(3, 11) });
  c.zhang.lang = 'zh-CN';
  assertError(en, 409, 'conflict', 'start_at');
  assert.match(en.body.error.message, /taken .* by "预算评审会"/);
  // 10:45 is clear: 10:15 (its set-up) is where the clean-up ends.
  const ok = await book({ venue_id: room.other.id, subject: '客户洽谈', start_at: at(3, 10.75), end_at: at(3, 11.5) });
  assert.equal(ok.status, 201, ok.text);

  // A room without buffers can be booked back to back.
  const rules = await c.clerk.put(`/meetings/rooms/${room.tight.id}`, { needs_approval: false, setup_minutes: 0, cleanup_minutes: 0, reason: '小房间无需布置' });
  assert.equal(rules.status, 200, rules.text);
  assert.equal(rules.body.setup_minutes, 0);
  assertError(await c.zhang.put(`/meetings/rooms/${room.tight.id}`, { needs_approval: false }), 403, 'forbidden');
  assertError(await c.clerk.put(`/meetings/rooms/${room.tight.id}`, { needs_approval: false, setup_minutes: 241 }), 400, 'invalid_argument', 'setup_minutes');
  assert.equal((await book({ venue_id: room.tight.id, start_at: at(3, 9), end_at: at(3, 10) })).status, 201);
  assert.equal((await book({ venue_id: room.tight.id, start_at: at(3, 10), end_at: at(3, 11) })).status, 201);
  assertError(await book({ venue_id: room.tight.id, start_at: at(3, 10.5), end_at: at(3, 12) }), 409, 'conflict', 'start_at');
});

test('MTG-4: parallel bookings of one slot: exactly one wins, the others are told which booking holds it', async () => {
  const N = 12;
  const clients = [c.zhang, c.li, c.desk, c.clerk];
  const results = await Promise.all(Array.from({ length: N }, (_, i) =>
    book({ venue_id: room.race.id, subject: `抢订-${i}`, start_at: at(4, 14), end_at: at(4, 15) }, clients[i % clients.length])));
  const won = results.filter((r) => r.status === 201);
  const lost = results.filter((r) => r.status === 409);
  assert.equal(won.length, 1, results.map((r) => `${r.status} ${r.text}`).join('\n'));
  assert.equal(lost.length, N - 1, results.map((r) => r.status).join(','));
  for (const r of lost) {
    assert.equal(r.body.error.code, 'conflict');
    assert.ok(r.body.error.message.includes(won[0].body.subject), r.body.error.message);
  }
  const cal = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(4, 0)}&to=${at(5, 0)}`);
  assert.equal(cal.body.bookings.filter((b) => b.venue_id === room.race.id).length, 1);
  // Overlapping (not identical) slots race too.
  const overlap = await Promise.all(Array.from({ length: 6 }, (_, i) =>
    book({ venue_id: room.race.id, subject: `重叠-${i}`, start_at: at(5, 9 + i * 0.25), end_at: at(5, 10 + i * 0.25) }, clients[i % clients.length])));
  assert.equal(overlap.filter((r) => r.status === 201).length, 1, overlap.map((r) => r.status).join(','));
});

test('MTG-4: more attendees than the room holds is a warning, not a refusal', async () => {
  const r = await book({ venue_id: room.race.id, subject: '扩大会议', start_at: at(6, 9), end_at: at(6, 10), attendee_count: 9 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.warnings, [{ code: 'capacity', capacity: 6, attendees: 9 }]);
});

test('MTG-4: a weekly series is booked per occurrence; a conflict refuses all of it naming the dates; exceptions move or cancel one', async () => {
  // Something in the way on the third Wednesday from now.
  const blocker = await book({ venue_id: room.series.id, subject: '临时培训', start_at: at(15, 14), end_at: at(15, 15) });
  assert.equal(blocker.status, 201, blocker.text);
  const base = { venue_id: room.series.id, subject: '部门例会', start_at: at(1, 14), end_at: at(1, 15) };
  const clash = await book({ ...base, recurrence: { freq: 'daily', interval: 7, count: 4 } });
  assertError(clash, 409, 'conflict', 'recurrence');
  assert.ok(clash.body.error.message.includes(at(15, 14 + 8).slice(0, 10)) || clash.body.error.message.includes('临时培训'), clash.body.error.message);
  const cal = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(0, 0)}&to=${at(30, 0)}`);
  assert.ok(!cal.body.bookings.some((b) => b.subject === '部门例会'), 'none of the series was booked');

  const weekday = (new Date(Date.parse(at(1, 12)) + 8 * HOUR).getUTCDay() || 7);
  const r = await book({ ...base, venue_id: room.series.id, start_at: at(1, 9), end_at: at(1, 10),
    recurrence: { freq: 'weekly', weekdays: [weekday], count: 5 }, attendees: [{ staff_id: staff.li.id }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.occurrences.length, 5);
  const starts = r.body.occurrences.map((o) => Date.parse(o.start_at));
  for (let i = 1; i < 5; i++) assert.equal(starts[i] - starts[i - 1], 7 * DAY);
  assert.ok(r.body.series_id);

  // Move the second one (an exception) and cancel the third.
  const second = r.body.occurrences[1];
  const moved = await c.zhang.patch(`/meetings/${second.id}`, { start_at: new Date(starts[1] + 5 * HOUR).toISOString(), end_at: new Date(starts[1] + 6 * HOUR).toISOString() });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.is_exception, true);
  assert.equal(moved.body.sequence, 1);
  const third = r.body.occurrences[2];
  const cancelled = await c.zhang.post(`/meetings/${third.id}/cancel`, { reason: '放假' });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.body.status, 'cancelled');
  assertError(await c.zhang.post(`/meetings/${third.id}/cancel`, {}), 409, 'conflict', 'status');
  const after = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(0, 0)}&to=${at(31, 0)}`);
  const mine = after.body.bookings.filter((b) => b.series_id === r.body.series_id);
  assert.equal(mine.length, 4);
  assert.ok(mine.some((b) => b.id === second.id && Date.parse(b.start_at) === starts[1] + 5 * HOUR));
  // The series invitation: one VEVENT with the rule, the cancelled date excluded.
  const ics = await c.zhang.get(`/meetings/${r.body.id}/invitation.ics`);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  const parsed = parseIcs(ics.text);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.events.length, 1);
  assert.match(parsed.events[0].rrule, /FREQ=WEEKLY/);
  assert.match(parsed.events[0].rrule, /COUNT=5/);
  assert.equal(parsed.events[0].exdates, 1);
  // The moved one is its own VEVENT with RECURRENCE-ID.
  const ex = parseIcs((await c.zhang.get(`/meetings/${second.id}/invitation.ics`)).text);
  assert.equal(ex.events[0].uid, parsed.events[0].uid);
  assert.ok(ex.events[0].recurrence_id);
  // Only the booker (or an admin) changes it.
  assertError(await c.li.patch(`/meetings/${second.id}`, { subject: '改名' }), 403, 'forbidden');
  // The whole series: every coming occurrence.
  const all = await c.clerk.post(`/meetings/${r.body.id}/cancel`, { scope: 'series', reason: '取消例会' });
  assert.equal(all.status, 200, all.text);
  const gone = await c.desk.get(`/meetings/calendar?site_id=${site.id}&from=${at(0, 0)}&to=${at(31, 0)}`);
  assert.ok(!gone.body.bookings.some((b) => b.series_id === r.body.series_id));
  assertError(await c.clerk.post(`/meetings/${blocker.body.id}/cancel`, { scope: 'series' }), 400, 'invalid_argument', 'scope');
});

test('VIS-11: the large room and category-A receptions wait for approval; A is booked a day ahead', async () => {
  const large = await book({ venue_id: room.large.id, subject: '客户答谢会', start_at: at(8, 14), end_at: at(8, 16), attendees: [{ staff_id: staff.li.id }] });
  assert.equal(large.status, 201, large.text);
  assert.equal(large.body.status, 'pending');
  assert.equal(large.body.approval_rule, 'venue');
  assert.equal((await notes(c.gm, 'meeting.approval_requested')).length, 1, 'approvers are told');
  // A pending booking holds the room.
  assertError(await book({ venue_id: room.large.id, start_at: at(8, 15), end_at: at(8, 17) }), 409, 'conflict');
  const list = await c.gm.get(`/meetings/approvals?site_id=${site.id}`);
  assert.ok(list.body.items.some((m) => m.id === large.body.id));
  assertError(await c.zhang.get('/meetings/approvals'), 403, 'forbidden');
  assertError(await c.zhang.post(`/meetings/${large.body.id}/approve`, {}), 403, 'forbidden');
  assertError(await c.gm.post(`/meetings/${large.body.id}/reject`, {}), 400, 'invalid_argument', 'reason');
  const ok = await c.gm.post(`/meetings/${large.body.id}/approve`, { reason: '同意' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'confirmed');
  assert.equal(ok.body.decided_by, users.gm.id);
  assertError(await c.gm.post(`/meetings/${large.body.id}/approve`, {}), 409, 'conflict', 'status');
  assert.equal((await notes(c.zhang, 'meeting.approved')).length, 1);
  const audit = await c.admin.get(`/audit?entity=meeting&entity_id=${large.body.id}`);
  assert.ok(audit.body.items.some((a) => a.action === 'approve' && a.reason === '同意'));

  // Category A: the meeting form is filed N days ahead (a setting; 2 here, so tomorrow is late).
  assert.equal((await c.admin.put('/settings/meetings.category_a_notice_days', { value: 2 })).status, 200);
  const late = await book({ venue_id: room.other.id, subject: '重要客户来访', category: 'A', start_at: at(1, 10), end_at: at(1, 10.5) });
  assertError(late, 400, 'invalid_argument', 'start_at');
  assert.match(late.body.error.message, /2 天/);
  assert.equal((await c.admin.put('/settings/meetings.category_a_notice_days', { value: 1 })).status, 200);
  const a = await book({ venue_id: room.other.id, subject: '重要客户来访', category: 'A', start_at: at(9, 10), end_at: at(9, 11) });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.status, 'pending');
  assert.equal(a.body.approval_rule, 'category_a');
  const no = await c.clerk.post(`/meetings/${a.body.id}/reject`, { reason: '时间冲突，请改期' });
  assert.equal(no.status, 200, no.text);
  assert.equal(no.body.status, 'rejected');
  assert.equal((await notes(c.zhang, 'meeting.rejected')).length, 1);
  // A rejected booking frees the room.
  assert.equal((await book({ venue_id: room.other.id, start_at: at(9, 10), end_at: at(9, 11) })).status, 201);
});

test('MTG-1/MTG-3: the service order and the timed checklist on the clerk\'s run sheet; moving the meeting moves its tasks', async () => {
  // MTG-4: in summer the set-up includes the air conditioning at 26 °C; here every month is summer.
  assert.equal((await c.admin.put('/settings/meetings.summer_first_month', { value: 1 })).status, 200);
  assert.equal((await c.admin.put('/settings/meetings.summer_last_month', { value: 12 })).status, 200);
  const r = await book({ venue_id: room.small.id, subject: '季度经营分析会', start_at: at(1, 15), end_at: at(1, 16), clerk_user_id: users.clerk.id,
    services: [{ item: 'name_plates', quantity: 6 }, { item: 'projector', quantity: 1 }, { item: 'tea', quantity: 8 }, { item: 'other', quantity: 8, note: '笔记本和签字笔' }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.clerk_user_id, users.clerk.id);
  assert.equal(r.body.services.length, 4);
  assert.equal((await notes(c.clerk, 'meeting.assigned')).length >= 1, true);
  const day = at(1, 12).slice(0, 10);
  const sheet = await c.clerk.get(`/meetings/runsheet?site_id=${site.id}&date=${day}`);
  assert.equal(sheet.status, 200, sheet.text);
  const items = sheet.body.items.filter((t) => t.meeting.id === r.body.id);
  const start = Date.parse(at(1, 15));
  const due = (kind) => items.filter((t) => t.kind === kind).map((t) => Date.parse(t.due_at));
  assert.deepEqual(due('meeting.setup'), [start - 30 * MIN], 'T-30 set-up and equipment test');
  assert.deepEqual(due('meeting.greet'), [start - 15 * MIN], 'T-15 greeting');
  assert.deepEqual(due('meeting.tea'), [start]);
  assert.deepEqual(due('meeting.refill'), [start + 15 * MIN, start + 30 * MIN, start + 45 * MIN], 'every 15 minutes during the meeting');
  assert.deepEqual(due('meeting.cleanup'), [start + HOUR]);
  assert.ok(items[0].services.some((s) => s.item === 'name_plates' && s.quantity === 6));
  assert.equal(items.find((t) => t.kind === 'meeting.setup').ac_celsius, 26);
  assert.equal(items.find((t) => t.kind === 'meeting.greet').ac_celsius, null);
  assert.equal((await c.admin.put('/settings/meetings.summer_first_month', { value: 6 })).status, 200);
  assert.equal((await c.admin.put('/settings/meetings.summer_last_month', { value: 9 })).status, 200);
  // Another user's sheet does not show them.
  const other = await c.zhang.get(`/meetings/runsheet?site_id=${site.id}&date=${day}`);
  assert.ok(!other.body.items.some((t) => t.meeting.id === r.body.id));
  assertError(await c.clerk.get(`/meetings/runsheet?site_id=${site.id}&date=tomorrow`), 400, 'invalid_argument', 'date');

  // Longer and later: the tasks follow.
  const moved = await c.zhang.patch(`/meetings/${r.body.id}`, { start_at: at(1, 16), end_at: at(1, 17.5) });
  assert.equal(moved.status, 200, moved.text);
  const after = (await c.clerk.get(`/meetings/runsheet?site_id=${site.id}&date=${day}`)).body.items.filter((t) => t.meeting.id === r.body.id);
  const s2 = Date.parse(at(1, 16));
  assert.deepEqual(after.filter((t) => t.kind === 'meeting.setup').map((t) => Date.parse(t.due_at)), [s2 - 30 * MIN]);
  assert.equal(after.filter((t) => t.kind === 'meeting.refill').length, 5);
  assert.deepEqual(after.filter((t) => t.kind === 'meeting.cleanup').map((t) => Date.parse(t.due_at)), [s2 + 90 * MIN]);

  // Ticked off on the phone: done; the rest stay open.
  const setup = after.find((t) => t.kind === 'meeting.setup');
  assert.equal((await c.clerk.post(`/tasks/${setup.id}/done`, {})).status, 204);
  const ticked = (await c.clerk.get(`/meetings/runsheet?site_id=${site.id}&date=${day}`)).body.items.find((t) => t.id === setup.id);
  assert.equal(ticked.status, 'done');
  assertError(await c.zhang.post(`/tasks/${setup.id}/done`, {}), 403, 'forbidden');

  // Cancelling the meeting cancels its checklist.
  const gone = await c.zhang.post(`/meetings/${r.body.id}/cancel`, { reason: '改期' });
  assert.equal(gone.status, 200, gone.text);
  const none = (await c.clerk.get(`/meetings/runsheet?site_id=${site.id}&date=${day}`)).body.items.filter((t) => t.meeting.id === r.body.id && t.status === 'open');
  assert.equal(none.length, 0);
});

test('MTG-3: a missed checklist item escalates to the admin clerk (test clock)', async () => {
  const startAt = Math.ceil((now + 2 * HOUR) / (5 * MIN)) * 5 * MIN;
  const r = await book({ venue_id: room.other.id, subject: '紧急协调会', start_at: new Date(startAt).toISOString(), end_at: new Date(startAt + 30 * MIN).toISOString(), clerk_user_id: users.desk.id }, c.desk);
  assert.equal(r.status, 201, r.text);
  const before = (await notes(c.clerk, 'meeting.task_missed')).length;
  // Past the set-up time plus the escalation window (10 minutes), nothing ticked off.
  const minutes = Math.ceil((startAt - 30 * MIN + 11 * MIN - now) / MIN);
  await advance(minutes);
  const due = await notes(c.desk, 'meeting.task_due');
  assert.ok(due.some((n) => n.payload.meeting_id === r.body.id), 'the clerk was told when it fell due');
  const missed = await notes(c.clerk, 'meeting.task_missed');
  assert.ok(missed.length > before, 'the admin clerk hears of the missed item');
  assert.match(missed[0].body, /紧急协调会/);
  // The run sheet lists a task on the local day it falls due (Asia/Shanghai, UTC+8): a meeting
  // just after midnight has its set-up on the sheet of the day before.
  const itemDueAt = async (ms, kind) => {
    const day = new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
    const sheet = await c.desk.get(`/meetings/runsheet?site_id=${site.id}&date=${day}`);
    assert.equal(sheet.status, 200, sheet.text);
    return sheet.body.items.find((t) => t.meeting.id === r.body.id && t.kind === kind);
  };
  const setup = await itemDueAt(startAt - 30 * MIN, 'meeting.setup');
  assert.equal(setup.missed, true);
  const greet = await itemDueAt(startAt - 15 * MIN, 'meeting.greet');
  assert.equal(greet.missed, false, 'the greeting is not late yet');
});

test('MTG-2: attendees get an iCalendar invitation by e-mail (REQUEST, UID, SEQUENCE, VTIMEZONE, Chinese text); a change is SEQUENCE+1; a cancellation is METHOD:CANCEL', async () => {
  const longSubject = '关于二〇二七年度华东区域渠道合作伙伴大会筹备工作的第三次专题协调会议，含预算、场地、议程；请准时';
  const r = await book({ venue_id: room.other.id, subject: longSubject, start_at: at(10, 9.5), end_at: at(10, 11),
    organizer_staff_id: staff.zhang.id, bring: '各部门预算表、笔记本电脑',
    attendees: [{ staff_id: staff.li.id }, { staff_id: staff.guest.id }, { name: '王总（合作方）', email: 'wang@partner.example' }] });
  assert.equal(r.status, 201, r.text);
  const mails = await mailsAbout('二〇二七', 3, '会议邀请');
  assert.deepEqual(mails.map((m) => m.to).sort(), ['lina@example.com', 'wang@partner.example', 'zq@example.com']);
  let uid;
  for (const mail of mails) {
    assert.match(mail.subject, /^会议邀请：/);
    const part = calendarPart(mail);
    assert.ok(part, 'a text/calendar part');
    assert.ok(mail.parts.some((p) => p.content_type === 'application/ics' && p.disposition === 'attachment'));
    assert.ok(mail.parts.find((p) => p.content_type === 'text/plain').text.includes('各部门预算表'), 'MTG-2: what to bring');
    const ics = parseIcs(part.text);
    assert.deepEqual(ics.errors, []);
    assert.ok(ics.crlf, 'CRLF line ends');
    assert.ok(ics.longest_line <= 75, `folded at 75 octets, got ${ics.longest_line}`);
    assert.equal(ics.method, 'REQUEST');
    assert.deepEqual(ics.timezones, ['Asia/Shanghai']);
    assert.equal(ics.events.length, 1, 'one VEVENT per mail');
    const ev = ics.events[0];
    assert.equal(ev.summary, longSubject, 'long Chinese text survives folding');
    assert.equal(ev.location, '第二会议室');
    assert.equal(ev.tzid, 'Asia/Shanghai');
    assert.equal(Date.parse(ev.start), Date.parse(at(10, 9.5)));
    assert.equal(ev.sequence, 0);
    assert.equal(ev.status, 'CONFIRMED');
    assert.equal(ev.organizer, 'mailto:zhangwei@example.com');
    assert.equal(ev.attendees.length, 3);
    assert.ok(ev.description.includes('各部门预算表、笔记本电脑'));
    uid = uid || ev.uid;
    assert.equal(ev.uid, uid);
  }
  // The booker (李娜 is a user) also sees it in the bell.
  assert.ok((await notes(c.li, 'meeting.invitation')).length >= 1);

  // Moved: an update with SEQUENCE 1; 赵强 dropped: he gets a cancellation.
  const moved = await c.zhang.patch(`/meetings/${r.body.id}`, { start_at: at(10, 14), end_at: at(10, 15),
    attendees: [{ staff_id: staff.li.id }, { name: '王总（合作方）', email: 'wang@partner.example' }] });
  assert.equal(moved.status, 200, moved.text);
  // (The sink's order within a second is not the sending order: mails are told apart by subject.)
  const updates = [...await mailsAbout('二〇二七', 2, '会议变更'), ...await mailsAbout('二〇二七', 1, '会议取消')];
  const byTo = Object.fromEntries(updates.map((m) => [m.to, m]));
  for (const to of ['lina@example.com', 'wang@partner.example']) {
    const ics = parseIcs(calendarPart(byTo[to]).text);
    assert.equal(ics.method, 'REQUEST');
    assert.equal(ics.events[0].uid, uid);
    assert.equal(ics.events[0].sequence, 1);
    assert.equal(Date.parse(ics.events[0].start), Date.parse(at(10, 14)));
  }
  const dropped = parseIcs(calendarPart(byTo['zq@example.com']).text);
  assert.equal(dropped.method, 'CANCEL');
  assert.match(calendarPart(byTo['zq@example.com']).text, /METHOD:CANCEL/);

  // Cancelled: METHOD:CANCEL with SEQUENCE + 1.
  const cancel = await c.zhang.post(`/meetings/${r.body.id}/cancel`, { reason: '合作方行程变更' });
  assert.equal(cancel.status, 200, cancel.text);
  const cancels = (await mailsAbout('二〇二七', 3, '会议取消')).filter((m) => m.to !== 'zq@example.com');
  assert.equal(cancels.length, 2);
  for (const mail of cancels) {
    assert.match(mail.subject, /^会议取消：/);
    const ics = parseIcs(calendarPart(mail).text);
    assert.deepEqual(ics.errors, []);
    assert.equal(ics.method, 'CANCEL');
    assert.equal(ics.events[0].uid, uid);
    assert.equal(ics.events[0].sequence, 2);
    assert.equal(ics.events[0].status, 'CANCELLED');
  }
});

test('MTG-2: the per-user calendar feed is reached with a secret token that can be replaced', async () => {
  assert.equal((await c.li.get('/calendar/feed-token')).body.active, false);
  const made = await c.li.post('/calendar/feed-token', {});
  assert.equal(made.status, 201, made.text);
  assert.match(made.body.path, /^\/api\/v1\/calendar\/feed\/[A-Za-z0-9_-]{20,}\.ics$/);
  const anon = srv.anon();
  const feed = await anon.get(made.body.path);
  assert.equal(feed.status, 200, feed.text);
  assert.match(feed.headers.get('content-type'), /^text\/calendar/);
  const ics = parseIcs(feed.text);
  assert.deepEqual(ics.errors, []);
  assert.equal(ics.method, 'PUBLISH');
  assert.ok(ics.events.length >= 1);
  assert.ok(ics.events.some((e) => e.summary === '客户答谢会'), 'an approved meeting she attends');
  assert.ok(ics.longest_line <= 75);
  // Rotated: the old URL stops working.
  const again = await c.li.post('/calendar/feed-token', {});
  assert.notEqual(again.body.token, made.body.token);
  assertError(await anon.get(made.body.path), 404, 'not_found');
  assert.equal((await anon.get(again.body.path)).status, 200);
  assertError(await anon.get('/api/v1/calendar/feed/nonsense.ics'), 404, 'not_found');
  assert.equal((await c.li.del('/calendar/feed-token')).status, 204);
  assertError(await anon.get(again.body.path), 404, 'not_found');
});

test('MTG-2: guessing feed links is braked per address (calendar.feed_per_minute)', async () => {
  assert.equal((await c.admin.put('/settings/calendar.feed_per_minute', { value: 3 })).status, 200);
  const made = await c.li.post('/calendar/feed-token', {});
  const anon = srv.anon();
  // A fresh minute on the server's clock, so that earlier requests do not count.
  await advance(1);
  for (let i = 0; i < 3; ++i) assertError(await anon.get(`/api/v1/calendar/feed/guess${i}.ics`), 404, 'not_found');
  assertError(await anon.get(made.body.path), 429, 'rate_limited');
  await advance(1);
  assert.equal((await anon.get(made.body.path)).status, 200, 'the next minute it answers again');
  assert.equal((await c.admin.put('/settings/calendar.feed_per_minute', { value: 60 })).status, 200);
});
