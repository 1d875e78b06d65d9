// Conference reception 会务接待 (DOMAIN.md PLAN-9, PLAN-10, GEN-2, DATA-2) against the real
// binary, on SQLite and PostgreSQL: the conference's life cycle and its bad inputs (negative
// money, end before start: a clear error, nothing changed), the public registration form
// (no sign-in, bad inputs, honeypot, closed and not-yet-open registration, rate limit), the
// hotel quota under parallel registrations (the last room: exactly one wins), the derived
// lists (pickup runs and sending one to the driver, meal tickets with diets and check-in by
// code, the kitchen's diets, fees after waivers with payments, bill reconciliation), and the
// address book export with phones masked unless revealed (audited).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.mjs';

let srv;
const c = {};
const users = {};
const PASSWORD = 'Passw0rd-1';
const USERS = {
  clerk: ['admin_clerk'],  // 行政文员: organises
  gm: ['gm_office'],       // 总经办: reads
  host: ['host'],          // an ordinary employee: nothing
  driver: ['host'],        // the driver the pickup list is sent to
};
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
let site;
let now = 0;  // the server's clock
let base = 0;  // the server's clock when the tests began: conference days count from it
let conf;     // the main conference (setup JSON)

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

async function advance(minutes) {
  const r = await c.admin.post('/test/clock', { advance_minutes: minutes });
  assert.equal(r.status, 200, r.text);
  now = Date.parse(r.body.now);
  await signInAll();
}

// The local date (Asia/Shanghai, UTC+8) `days` from the day the tests began (the clock
// moves on in between; the conference stays where it was put).
function day(days) {
  return new Date(base + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
}
// A local time on that day, with its offset.
function at(days, clock) {
  return `${day(days)}T${clock}:00+08:00`;
}

function conferenceBody(extra = {}) {
  return {
    site_id: site.id, name: '第二届中国餐饮业博览会', place: '西安曲江国际会展中心',
    start_date: day(30), end_date: day(33),
    registration_opens_at: new Date(now - HOUR).toISOString(),
    registration_closes_at: new Date(now + 20 * DAY).toISOString(),
    fee_fen: 60000, contact: '会务组 029-12345678', ...extra,
  };
}

const anon = () => srv.anon();
async function register(token, body, client = anon()) {
  return client.post(`/register/${token}`, { name: '马明', organisation: '宁夏代表团', phone: '13900000000', ...body });
}
let phoneSeq = 0;
const phone = () => `1380000${String(++phoneSeq).padStart(4, '0')}`;

before(async () => {
  srv = await startServer({ env: { YINGBIN_TEST_CLOCK: '1' } });
  c.admin = await srv.login();
  site = (await c.admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  for (const [name, roles] of Object.entries(USERS)) {
    users[name] = await srv.createUser({ username: name, roles, password: PASSWORD, display_name: name });
  }
  // Parallel registrations below come from one address: lift the limit until its own test.
  assert.equal((await c.admin.put('/settings/conferences.registrations_per_minute', { value: 600 })).status, 200);
  await advance(0);
  base = now;
});
after(async () => { await srv?.stop(); });

test('permissions: the admin clerk organises, the GM office reads, others see nothing', async () => {
  const body = conferenceBody({ name: '权限测试会' });
  assertError(await c.gm.post('/conferences', body), 403, 'forbidden');
  assertError(await c.host.get('/conferences'), 403, 'forbidden');
  assert.equal((await anon().get('/api/v1/conferences')).status, 401);
  const r = await c.clerk.post('/conferences', body);
  assert.equal(r.status, 201, r.text);
  assert.equal((await c.gm.get(`/conferences/${r.body.id}`)).status, 200);
  assert.ok((await c.gm.get('/conferences')).body.items.some((x) => x.id === r.body.id));
  assertError(await c.gm.del(`/conferences/${r.body.id}`, {}), 403, 'forbidden');
  assert.equal((await c.clerk.del(`/conferences/${r.body.id}`, {})).status, 204);
  assertError(await c.clerk.get(`/conferences/${r.body.id}`), 404, 'not_found');
});

test('PLAN-9: a conference is created with its hotel classes, meals and pickup points; the audit keeps each', async () => {
  const r = await c.clerk.post('/conferences', conferenceBody());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.liaison_free_above, 2, 'N comes from the setting conferences.liaison_free_above');
  assert.equal(r.body.waive_head, true);
  assert.ok(r.body.public_token.length >= 20);
  const id = r.body.id;
  const hotel = async (body) => {
    const h = await c.clerk.post(`/conferences/${id}/hotels`, body);
    assert.equal(h.status, 201, h.text);
    return h.body;
  };
  await hotel({ name: 'A类', hotel: '西安宾馆', price_per_night_fen: 45000, rooms: 20 });
  await hotel({ name: 'B类', hotel: '长安饭店', price_per_night_fen: 30000, rooms: 1 });
  for (const [d, kind, time, price] of [[30, 'lunch', '12:00', 8000], [30, 'dinner', '18:00', 12000], [31, 'lunch', '12:00', 8000]]) {
    const m = await c.clerk.post(`/conferences/${id}/meals`, { day: day(d), kind, time, place: '宾馆一楼餐厅', price_per_diner_fen: price });
    assert.equal(m.status, 201, m.text);
    assert.equal(m.body.time, time);
  }
  const staff = (await c.admin.post('/staff', { name: '司机老王', user_id: users.driver.id, site_id: site.id })).body;
  const p1 = await c.clerk.post(`/conferences/${id}/pickup-points`, { name: '咸阳国际机场 T3', kind: 'airport', staff_id: staff.id });
  assert.equal(p1.status, 201, p1.text);
  assert.equal(p1.body.staff_name, '司机老王');
  const p2 = await c.clerk.post(`/conferences/${id}/pickup-points`, { name: '西安北站', kind: 'station', window_minutes: 30 });
  assert.equal(p2.status, 201, p2.text);
  conf = (await c.clerk.get(`/conferences/${id}`)).body;
  assert.equal(conf.hotels.length, 2);
  assert.equal(conf.meals.length, 3);
  assert.equal(conf.pickup_points.length, 2);
  assert.equal(conf.default_window_minutes, 60);
  const audit = await c.admin.get(`/audit?entity=conference&entity_id=${id}`);
  assert.equal(audit.body.items[0].action, 'create');
  assert.equal((await c.admin.get('/audit?entity=conference_hotel')).body.items.length, 2);
});

test('bad conference inputs are named on their field and change nothing', async () => {
  const count = async () => (await c.clerk.get('/conferences')).body.items.length;
  const n = await count();
  assertError(await c.clerk.post('/conferences', conferenceBody({ fee_fen: -1 })), 400, 'invalid_argument', 'fee_fen');
  const end = await c.clerk.post('/conferences', conferenceBody({ end_date: day(29) }));
  assertError(end, 400, 'invalid_argument', 'end_date');
  assert.match(end.body.error.message, /结束日期不能早于开始日期/);
  c.clerk.lang = 'en';
  const endEn = await c.clerk.post('/conferences', conferenceBody({ end_date: day(29) }));
  assert.match(endEn.body.error.message, /cannot end before it starts/);
  c.clerk.lang = 'zh-CN';
  assertError(await c.clerk.post('/conferences', conferenceBody({ registration_closes_at: new Date(now - 2 * HOUR).toISOString() })),
    400, 'invalid_argument', 'registration_closes_at');
  assertError(await c.clerk.post('/conferences', conferenceBody({ start_date: '2030-02-30' })), 400, 'invalid_argument', 'start_date');
  assertError(await c.clerk.post('/conferences', conferenceBody({ registration_opens_at: 'tomorrow' })), 400, 'invalid_argument', 'registration_opens_at');
  assertError(await c.clerk.post('/conferences', conferenceBody({ site_id: 999999 })), 400, 'invalid_argument', 'site_id');
  assertError(await c.clerk.post('/conferences', conferenceBody({ name: '' })), 400, 'invalid_argument', 'name');
  assertError(await c.clerk.post('/conferences', conferenceBody({ liaison_free_above: -1 })), 400, 'invalid_argument', 'liaison_free_above');
  assertError(await c.clerk.post('/conferences', 'not json'), 400, 'invalid_json');
  assert.equal(await count(), n, 'nothing was created');
  // A change that is refused leaves the conference as it was.
  const before = (await c.clerk.get(`/conferences/${conf.id}`)).body;
  assertError(await c.clerk.put(`/conferences/${conf.id}`, conferenceBody({ end_date: day(29) })), 400, 'invalid_argument', 'end_date');
  assertError(await c.clerk.put(`/conferences/${conf.id}`, conferenceBody({ fee_fen: -100 })), 400, 'invalid_argument', 'fee_fen');
  // The meals of day 31 keep the conference from ending on day 30.
  assertError(await c.clerk.put(`/conferences/${conf.id}`, conferenceBody({ end_date: day(30) })), 400, 'invalid_argument', 'end_date');
  assert.deepEqual((await c.clerk.get(`/conferences/${conf.id}`)).body, before);
  // Hotels, meals, points.
  const hotels = `/conferences/${conf.id}/hotels`;
  assertError(await c.clerk.post(hotels, { name: 'C类', price_per_night_fen: -5, rooms: 3 }), 400, 'invalid_argument', 'price_per_night_fen');
  assertError(await c.clerk.post(hotels, { name: 'C类', price_per_night_fen: 100, rooms: -3 }), 400, 'invalid_argument', 'rooms');
  assertError(await c.clerk.post(hotels, { price_per_night_fen: 100, rooms: 3 }), 400, 'invalid_argument', 'name');
  const meals = `/conferences/${conf.id}/meals`;
  assertError(await c.clerk.post(meals, { day: day(40), kind: 'lunch', time: '12:00' }), 400, 'invalid_argument', 'day');
  assertError(await c.clerk.post(meals, { day: day(30), kind: 'supper', time: '12:00' }), 400, 'invalid_argument', 'kind');
  assertError(await c.clerk.post(meals, { day: day(30), kind: 'lunch', time: '25:00' }), 400, 'invalid_argument', 'time');
  assertError(await c.clerk.post(meals, { day: day(30), kind: 'lunch', time: '12:00', price_per_diner_fen: -1 }), 400, 'invalid_argument', 'price_per_diner_fen');
  const points = `/conferences/${conf.id}/pickup-points`;
  assertError(await c.clerk.post(points, { name: '码头', kind: 'harbour' }), 400, 'invalid_argument', 'kind');
  assertError(await c.clerk.post(points, { name: '码头', kind: 'other', window_minutes: 5 }), 400, 'invalid_argument', 'window_minutes');
  assertError(await c.clerk.post(points, { name: '码头', kind: 'other', staff_id: 999999 }), 400, 'invalid_argument', 'staff_id');
  assert.deepEqual((await c.clerk.get(`/conferences/${conf.id}`)).body, before, 'nothing changed');
  assertError(await c.clerk.put(`/conferences/${conf.id}/hotels/999999`, { name: 'X', price_per_night_fen: 1, rooms: 1 }), 404, 'not_found');
});

test('PLAN-9: the public form shows the conference without sign-in and registers a delegate with a halal diet', async () => {
  const info = await anon().get(`/register/${conf.public_token}`);
  assert.equal(info.status, 200, info.text);
  assert.equal(info.body.state, 'open');
  assert.equal(info.body.name, '第二届中国餐饮业博览会');
  assert.equal(info.body.hotels[0].rooms_left, 20);
  assert.equal(info.body.pickup_points.length, 2);
  assert.equal(info.body.public_token, undefined, 'no token, no counts in the public answer');
  assert.equal(info.body.delegate_count, undefined);
  assertError(await anon().get('/register/no-such-token'), 404, 'not_found');

  const r = await register(conf.public_token, {
    name: '马明', gender: 'male', organisation: '宁夏代表团', title: '处长', role: 'head', phone: '139 1234 5678',
    email: 'maming@example.com', diet: 'halal', needs: '需要无障碍通道',
    arrival_at: at(30, '09:35'), arrival_transport: 'flight', arrival_number: 'CA1234', arrival_point_id: conf.pickup_points[0].id,
    departure_at: at(33, '15:00'), departure_transport: 'train', departure_number: 'G88', departure_point_id: conf.pickup_points[1].id,
    return_ticket: true, return_note: '二等座', hotel_id: conf.hotels[0].id,
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.code, /^\d{8}$/);
  assert.match(r.body.qr_svg, /^<svg/);
  assert.equal(r.body.name, '马明');
  const list = (await c.gm.get(`/conferences/${conf.id}/delegates`)).body.items;
  const ma = list.find((d) => d.code === r.body.code);
  assert.equal(ma.phone, '139****5678', 'DATA-2: masked');
  assert.equal(ma.diet, 'halal');
  assert.equal(ma.source, 'public');
  assert.equal(ma.role, 'head');
  const audit = (await c.admin.get(`/audit?entity=conference_delegate&entity_id=${ma.id}`)).body.items;
  assert.equal(audit[0].action, 'create');
  assert.equal(audit[0].actor_name, '公开报名表');
});

test('PLAN-9: bad registrations are named on their field and register nobody', async () => {
  const count = async () => (await c.clerk.get(`/conferences/${conf.id}/delegates`)).body.items.length;
  const n = await count();
  const t = conf.public_token;
  assertError(await register(t, { phone: '' }), 400, 'invalid_argument', 'phone');
  assertError(await register(t, { phone: '12-34' }), 400, 'invalid_argument', 'phone');
  assertError(await register(t, { phone: 'call me' }), 400, 'invalid_argument', 'phone');
  assertError(await register(t, { phone: phone(), name: '' }), 400, 'invalid_argument', 'name');
  assertError(await register(t, { phone: phone(), organisation: '' }), 400, 'invalid_argument', 'organisation');
  assertError(await register(t, { phone: phone(), role: 'boss' }), 400, 'invalid_argument', 'role');
  assertError(await register(t, { phone: phone(), diet: 'kosher' }), 400, 'invalid_argument', 'diet');
  const other = await register(t, { phone: phone(), diet: 'other' });
  assertError(other, 400, 'invalid_argument', 'diet_note');
  assert.match(other.body.error.message, /其他/);
  assertError(await register(t, { phone: phone(), email: 'not-mail' }), 400, 'invalid_argument', 'email');
  assertError(await register(t, { phone: phone(), arrival_at: '明天上午' }), 400, 'invalid_argument', 'arrival_at');
  const order = await register(t, { phone: phone(), arrival_at: at(31, '10:00'), departure_at: at(30, '10:00') });
  assertError(order, 400, 'invalid_argument', 'departure_at');
  assert.match(order.body.error.message, /离会时间必须晚于抵达时间/);
  assertError(await register(t, { phone: phone(), hotel_id: 999999 }), 400, 'invalid_argument', 'hotel_id');
  assertError(await register(t, { phone: phone(), arrival_point_id: 999999 }), 400, 'invalid_argument', 'arrival_point_id');
  assertError(await register(t, { phone: phone(), room_sharing: 'triple' }), 400, 'invalid_argument', 'room_sharing');
  assertError(await register(t, { phone: phone(), return_ticket: 'yes' }), 400, 'invalid_argument', 'return_ticket');
  assertError(await anon().post(`/register/${t}`, 'not json'), 400, 'invalid_json');
  // The same phone number registers once.
  const dup = await register(t, { name: '马小明', phone: '+86 139-1234-5678' });
  assertError(dup, 409, 'conflict', 'phone');
  assert.match(dup.body.error.message, /马明/);
  // A robot fills in the hidden field: answered as received, nothing kept.
  const bot = await register(t, { name: '机器人', phone: phone(), website: 'http://spam.example' });
  assert.equal(bot.status, 201, bot.text);
  assert.equal(bot.body.received, true);
  assert.equal(bot.body.code, undefined);
  assert.equal(await count(), n, 'nobody was registered');
});

test('PLAN-9: registration before it opens and after it closes is refused with the time; nothing is registered', async () => {
  const later = await c.clerk.post('/conferences', conferenceBody({
    name: '尚未开放的会', registration_opens_at: new Date(now + DAY).toISOString(), registration_closes_at: new Date(now + 2 * DAY).toISOString(),
  }));
  assert.equal(later.status, 201, later.text);
  assert.equal((await anon().get(`/register/${later.body.public_token}`)).body.state, 'not_yet');
  const early = await register(later.body.public_token, { phone: phone() });
  assertError(early, 409, 'conflict');
  assert.match(early.body.error.message, /报名尚未开始/);
  await advance(25 * 60);  // now open
  assert.equal((await anon().get(`/register/${later.body.public_token}`)).body.state, 'open');
  assert.equal((await register(later.body.public_token, { phone: phone() })).status, 201);
  await advance(24 * 60);  // closed
  assert.equal((await anon().get(`/register/${later.body.public_token}`)).body.state, 'closed');
  const late = await register(later.body.public_token, { name: '迟到者', phone: phone() });
  assertError(late, 409, 'conflict');
  assert.match(late.body.error.message, /报名已于 .* 截止/);
  const list = (await c.clerk.get(`/conferences/${later.body.id}/delegates`)).body.items;
  assert.equal(list.length, 1);
  // The organisers may still add a late delegate themselves.
  const added = await c.clerk.post(`/conferences/${later.body.id}/delegates`, { name: '迟到者', organisation: '甘肃代表团' });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.body.source, 'staff');
  // A conference with delegates cannot be deleted.
  assertError(await c.clerk.del(`/conferences/${later.body.id}`, {}), 409, 'conflict');
  // A new link: the old one stops working.
  const rotated = await c.clerk.post(`/conferences/${later.body.id}/token`, {});
  assert.equal(rotated.status, 200, rotated.text);
  assert.notEqual(rotated.body.public_token, later.body.public_token);
  assertError(await anon().get(`/register/${later.body.public_token}`), 404, 'not_found');
});

test('PLAN-9: the last room under parallel registrations: exactly one wins, the others are told the class is full', async () => {
  const hotel = conf.hotels.find((h) => h.name === 'B类');  // one room
  const racers = Array.from({ length: 12 }, (_, i) => register(conf.public_token, {
    name: `抢房${i}`, organisation: '陕西代表团', phone: phone(), hotel_id: hotel.id,
  }));
  const answers = await Promise.all(racers);
  const won = answers.filter((r) => r.status === 201);
  const full = answers.filter((r) => r.status === 409);
  assert.equal(won.length, 1, answers.map((r) => r.text).join('\n'));
  assert.equal(full.length, 11);
  for (const r of full) {
    assertError(r, 409, 'conflict', 'hotel_id');
    assert.match(r.body.error.message, /“B类”的房间已订满/);
  }
  const info = await anon().get(`/register/${conf.public_token}`);
  assert.equal(info.body.hotels.find((h) => h.id === hotel.id).rooms_left, 0);
  const setup = (await c.clerk.get(`/conferences/${conf.id}`)).body;
  assert.equal(setup.hotels.find((h) => h.id === hotel.id).rooms_taken, 1);
  // Its quota cannot drop below the room taken; raising it lets the next one in.
  assertError(await c.clerk.put(`/conferences/${conf.id}/hotels/${hotel.id}`, { name: 'B类', hotel: '长安饭店', price_per_night_fen: 30000, rooms: 0 }),
    409, 'conflict', 'rooms');
  // The winner cancels: the room is free again.
  const winner = (await c.clerk.get(`/conferences/${conf.id}/delegates`)).body.items.find((d) => d.name === won[0].body.name);
  assert.equal((await c.clerk.post(`/conferences/${conf.id}/delegates/${winner.id}/cancel`, { reason: '临时有事' })).status, 200);
  assertError(await c.clerk.post(`/conferences/${conf.id}/delegates/${winner.id}/cancel`, {}), 409, 'conflict');
  assert.equal((await anon().get(`/register/${conf.public_token}`)).body.hotels.find((h) => h.id === hotel.id).rooms_left, 1);
});

// A CSV download as the bytes a spreadsheet gets: the BOM checked, the text after it.
async function download(client, path) {
  const res = await fetch(`${srv.url}/api/v1${path}`, { headers: { Cookie: client.cookie } });
  const raw = Buffer.from(await res.arrayBuffer());
  const bom = raw.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  return { status: res.status, headers: res.headers, bom, text: (bom ? raw.subarray(3) : raw).toString('utf8') };
}

// The delegation used by the lists below: 宁夏代表团 = 马明 (head, halal, A类, airport 09:35)
// + four more; 甘肃代表团 = two.
const delegates = {};
test('the organisers register a delegation; a delegate is changed and their phone revealed (audited)', async () => {
  const add = async (body) => {
    const r = await c.clerk.post(`/conferences/${conf.id}/delegates`, { organisation: '宁夏代表团', phone: phone(), ...body });
    assert.equal(r.status, 201, r.text);
    delegates[body.name] = r.body;
    return r.body;
  };
  await add({ name: '李联络', role: 'liaison', hotel_id: conf.hotels[0].id, room_sharing: 'shared', roommate: '王团员',
    arrival_at: at(30, '09:50'), arrival_point_id: conf.pickup_points[0].id, arrival_number: 'MU2101' });
  await add({ name: '王团员', hotel_id: conf.hotels[0].id, room_sharing: 'shared', diet: 'vegetarian',
    arrival_at: at(30, '11:20'), arrival_point_id: conf.pickup_points[0].id, arrival_number: 'CZ3201' });
  await add({ name: '赵团员', arrival_at: at(30, '14:00'), arrival_transport: 'train', arrival_number: 'G1901', arrival_point_id: conf.pickup_points[1].id });
  await add({ name: '孙团员', diet: 'other', diet_note: '花生过敏', arrival_at: at(30, '10:05') });
  await add({ name: '甘肃联络', organisation: '甘肃代表团', role: 'liaison' });
  await add({ name: '甘肃团员', organisation: '甘肃代表团' });
  // A change keeps the stored phone when none is sent.
  const zhao = delegates['赵团员'];
  const changed = await c.clerk.put(`/conferences/${conf.id}/delegates/${zhao.id}`, { name: '赵团员', organisation: '宁夏代表团', title: '科长',
    arrival_at: at(30, '14:10'), arrival_transport: 'train', arrival_number: 'G1901', arrival_point_id: conf.pickup_points[1].id });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.title, '科长');
  assert.equal(changed.body.phone, zhao.phone);
  assertError(await c.clerk.put(`/conferences/${conf.id}/delegates/${zhao.id}`, { name: '赵团员', organisation: '宁夏代表团', diet: 'other' }),
    400, 'invalid_argument', 'diet_note');
  assertError(await c.gm.put(`/conferences/${conf.id}/delegates/${zhao.id}`, { name: '赵团员', organisation: '宁夏代表团' }), 403, 'forbidden');
  // DATA-2: the clear number for sensitive.reveal only, with a reason, audited.
  assertError(await c.clerk.post(`/conferences/${conf.id}/delegates/${zhao.id}/reveal`, { reason: '接站联系' }), 403, 'forbidden');
  assertError(await c.admin.post(`/conferences/${conf.id}/delegates/${zhao.id}/reveal`, {}), 400, 'invalid_argument', 'reason');
  const shown = await c.admin.post(`/conferences/${conf.id}/delegates/${zhao.id}/reveal`, { reason: '接站联系' });
  assert.equal(shown.status, 200, shown.text);
  assert.match(shown.body.value, /^1380000\d{4}$/);
  const audit = (await c.admin.get(`/audit?entity=conference_delegate&entity_id=${zhao.id}`)).body.items;
  assert.ok(audit.some((a) => a.action === 'reveal' && a.reason === '接站联系'));
  // The ticket of a delegate: code and QR.
  const ticket = await c.gm.get(`/conferences/${conf.id}/delegates/${zhao.id}/ticket`);
  assert.equal(ticket.body.code, zhao.code);
  assert.match(ticket.body.qr_svg, /^<svg/);
});

test('PLAN-9: the pickup list per point and time window comes from the arrival data and goes to the driver', async () => {
  const r = await c.gm.get(`/conferences/${conf.id}/pickups?direction=arrival`);
  assert.equal(r.status, 200, r.text);
  const airport = r.body.points.find((p) => p.point.id === conf.pickup_points[0].id);
  assert.equal(airport.window_minutes, 60);
  assert.equal(airport.people, 3);
  assert.deepEqual(airport.runs.map((x) => x.count), [2, 1], '09:00–10:00 (马明, 李联络), 11:00–12:00 (王团员)');
  assert.equal(Date.parse(airport.runs[0].from), Date.parse(at(30, '09:00')));
  assert.equal(Date.parse(airport.runs[0].to), Date.parse(at(30, '10:00')));
  assert.deepEqual(airport.runs[0].delegates.map((d) => d.name), ['马明', '李联络']);
  assert.equal(airport.runs[0].delegates[0].number, 'CA1234');
  assert.equal(airport.runs[0].delegates[0].phone, '139****5678');
  const station = r.body.points.find((p) => p.point.id === conf.pickup_points[1].id);
  assert.equal(station.window_minutes, 30);
  assert.equal(Date.parse(station.runs[0].from), Date.parse(at(30, '14:00')));
  assert.deepEqual(r.body.unassigned.map((d) => d.name), ['孙团员'], 'an arrival time without a pickup point');
  assert.deepEqual(r.body.return_tickets.map((d) => d.name), ['马明']);
  const seeOff = await c.gm.get(`/conferences/${conf.id}/pickups?direction=departure`);
  assert.equal(seeOff.body.points.find((p) => p.point.id === conf.pickup_points[1].id).people, 1);
  assertError(await c.gm.get(`/conferences/${conf.id}/pickups?direction=sideways`), 400, 'invalid_argument', 'direction');
  // The CSV for the logistics team.
  const csv = await download(c.gm, `/conferences/${conf.id}/pickups.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.ok(csv.bom, 'UTF-8 BOM for Excel');
  assert.match(csv.text, /咸阳国际机场 T3.*09:00–10:00.*马明.*CA1234.*139\*\*\*\*5678/);
  // Sent to the driver: their bell shows the list.
  const sent = await c.clerk.post(`/conferences/${conf.id}/pickup-points/${conf.pickup_points[0].id}/send`, {});
  assert.equal(sent.status, 200, sent.text);
  assert.ok(sent.body.deliveries >= 1);
  const bell = (await c.driver.get('/notifications?page_size=50')).body.items.filter((n) => n.topic === 'conference.pickup_list');
  assert.equal(bell.length, 1);
  assert.match(bell[0].title, /接站名单/);
  assert.match(bell[0].body, /09:00–10:00.*2 人/);
  assert.match(bell[0].body, /马明（宁夏代表团）.*CA1234/);
  // A point without a driver: say so.
  assertError(await c.clerk.post(`/conferences/${conf.id}/pickup-points/${conf.pickup_points[1].id}/send`, {}), 400, 'invalid_argument', 'staff_id');
  assertError(await c.gm.post(`/conferences/${conf.id}/pickup-points/${conf.pickup_points[0].id}/send`, {}), 403, 'forbidden');
  // A chosen point cannot be deleted.
  assertError(await c.clerk.del(`/conferences/${conf.id}/pickup-points/${conf.pickup_points[0].id}`, {}), 409, 'conflict');
});

test('PLAN-9/PLAN-10: a meal ticket list counts the diets; delegates check in by code or by ticking, once', async () => {
  const lunch = conf.meals[0];  // day 30, 12:00
  const t = await c.gm.get(`/conferences/${conf.id}/meals/${lunch.id}/tickets`);
  assert.equal(t.status, 200, t.text);
  // 赵团员 arrives at 14:10, after lunch; the six others (马明, 李联络, 王团员, 孙团员, two of
  // 甘肃, plus the staff-added late one of the other conference not here) eat.
  const names = t.body.lines.map((l) => l.name);
  assert.ok(!names.includes('赵团员'), names.join());
  assert.equal(t.body.expected, 6);
  assert.equal(t.body.diets.halal, 1);
  assert.equal(t.body.diets.vegetarian, 1);
  assert.equal(t.body.diets.other, 1);
  assert.equal(t.body.diets.normal, 3);
  assert.equal(t.body.checked_in, 0);
  const ma = t.body.lines.find((l) => l.name === '马明');
  const scan = await c.clerk.post(`/conferences/${conf.id}/meals/${lunch.id}/checkins`, { code: ma.code });
  assert.equal(scan.status, 201, scan.text);
  assert.equal(scan.body.method, 'scan');
  assert.equal(scan.body.diet, 'halal');
  const twice = await c.clerk.post(`/conferences/${conf.id}/meals/${lunch.id}/checkins`, { code: ma.code });
  assertError(twice, 409, 'conflict', 'code');
  assert.match(twice.body.error.message, /马明 已于 \d\d:\d\d 签到用餐/);
  const li = t.body.lines.find((l) => l.name === '李联络');
  const tick = await c.clerk.post(`/conferences/${conf.id}/meals/${lunch.id}/checkins`, { delegate_id: li.delegate_id });
  assert.equal(tick.status, 201, tick.text);
  assert.equal(tick.body.method, 'tick');
  assertError(await c.clerk.post(`/conferences/${conf.id}/meals/${lunch.id}/checkins`, { code: '00000000' }), 400, 'invalid_argument', 'code');
  assertError(await c.clerk.post(`/conferences/${conf.id}/meals/${lunch.id}/checkins`, {}), 400, 'invalid_argument', 'code');
  assertError(await c.clerk.post(`/conferences/${conf.id}/meals/${lunch.id}/checkins`, { delegate_id: 999999 }), 400, 'invalid_argument', 'delegate_id');
  assertError(await c.gm.post(`/conferences/${conf.id}/meals/${lunch.id}/checkins`, { code: ma.code }), 403, 'forbidden');
  let after = (await c.gm.get(`/conferences/${conf.id}/meals/${lunch.id}/tickets`)).body;
  assert.equal(after.checked_in, 2);
  assert.equal(after.checked_diets.halal, 1);
  assert.ok(after.lines.find((l) => l.name === '马明').checked_at);
  // Un-tick.
  assert.equal((await c.clerk.del(`/conferences/${conf.id}/meals/${lunch.id}/checkins/${li.delegate_id}`, {})).status, 204);
  assertError(await c.clerk.del(`/conferences/${conf.id}/meals/${lunch.id}/checkins/${li.delegate_id}`, {}), 404, 'not_found');
  after = (await c.gm.get(`/conferences/${conf.id}/meals/${lunch.id}/tickets`)).body;
  assert.equal(after.checked_in, 1);
  // The kitchen's summary.
  const diets = (await c.gm.get(`/conferences/${conf.id}/diets`)).body;
  assert.equal(diets.diets.halal, 1);
  assert.equal(diets.meals.length, 3);
  assert.equal(diets.meals[0].diners, 6);
  assert.deepEqual(diets.special.map((d) => `${d.name}:${d.diet}`).sort(), ['孙团员:other', '王团员:vegetarian', '马明:halal'].sort());
  assert.equal(diets.special.find((d) => d.name === '孙团员').diet_note, '花生过敏');
});

test("PLAN-9: each delegation's amount due after waivers, with payments received", async () => {
  const r = await c.gm.get(`/conferences/${conf.id}/fees`);
  assert.equal(r.status, 200, r.text);
  const nx = r.body.delegations.find((d) => d.organisation === '宁夏代表团');
  assert.equal(nx.delegates, 5);
  const line = (name) => nx.lines.find((l) => l.name === name);
  // 马明: head, free of fee, lodging (3 nights A类) and meals.
  assert.equal(line('马明').waiver, 'head');
  assert.equal(line('马明').lodging_fen, 3 * 45000);
  assert.equal(line('马明').due_fen, 0);
  // 李联络: five delegates is above N = 2, so one liaison is free.
  assert.equal(line('李联络').waiver, 'liaison');
  assert.equal(line('李联络').due_fen, 0);
  // 王团员 shares a twin room (3 nights: day 30 to the last day, 33): half the room price;
  // arrives 11:20, eats every meal.
  assert.equal(line('王团员').lodging_fen, Math.ceil(3 * 45000 / 2));
  assert.equal(line('王团员').meals_fen, 8000 + 12000 + 8000);
  assert.equal(line('王团员').due_fen, 60000 + 67500 + 28000);
  // 赵团员 arrives after the first lunch.
  assert.equal(line('赵团员').meals_fen, 12000 + 8000);
  const gs = r.body.delegations.find((d) => d.organisation === '甘肃代表团');
  assert.equal(gs.delegates, 2);
  assert.ok(gs.lines.every((l) => l.waiver === ''), 'two delegates are not above N = 2: the liaison pays');
  assert.equal(r.body.rules.liaison_free_above, 2);
  // Payments.
  const bad = [
    [{ organisation: '宁夏代表团', amount_fen: -100, paid_on: day(0) }, 'amount_fen'],
    [{ organisation: '宁夏代表团', amount_fen: 0, paid_on: day(0) }, 'amount_fen'],
    [{ organisation: '宁夏代表团', amount_fen: 100, paid_on: 'today' }, 'paid_on'],
    [{ organisation: '宁夏代表团', amount_fen: 100, paid_on: day(0), method: 'bitcoin' }, 'method'],
    [{ organisation: '火星代表团', amount_fen: 100, paid_on: day(0) }, 'organisation'],
  ];
  for (const [body, field] of bad) assertError(await c.clerk.post(`/conferences/${conf.id}/payments`, body), 400, 'invalid_argument', field);
  const paid = await c.clerk.post(`/conferences/${conf.id}/payments`, { organisation: '宁夏代表团', amount_fen: 100000, paid_on: day(0), method: 'transfer', reference: 'HX2026001' });
  assert.equal(paid.status, 201, paid.text);
  const again = (await c.gm.get(`/conferences/${conf.id}/fees`)).body;
  const nx2 = again.delegations.find((d) => d.organisation === '宁夏代表团');
  assert.equal(nx2.paid_fen, 100000);
  assert.equal(nx2.balance_fen, nx2.due_fen - 100000);
  assert.equal(again.payments.length, 1);
  // Switching the head waiver off makes the head pay.
  const settings = (await c.clerk.get(`/conferences/${conf.id}`)).body;
  const put = await c.clerk.put(`/conferences/${conf.id}`, {
    site_id: settings.site_id, name: settings.name, place: settings.place, start_date: settings.start_date, end_date: settings.end_date,
    registration_opens_at: settings.registration_opens_at, registration_closes_at: settings.registration_closes_at,
    fee_fen: settings.fee_fen, waive_head: false, waive_liaison: true, liaison_free_above: 5, contact: settings.contact,
  });
  assert.equal(put.status, 200, put.text);
  const strict = (await c.gm.get(`/conferences/${conf.id}/fees`)).body.delegations.find((d) => d.organisation === '宁夏代表团');
  assert.ok(strict.lines.every((l) => l.waiver === ''), 'no head waiver; five is not above N = 5');
  assert.equal((await c.clerk.put(`/conferences/${conf.id}`, { ...put.body, waive_head: true, liaison_free_above: 2, name: settings.name })).status, 200);
  assert.equal((await c.clerk.del(`/conferences/${conf.id}/payments/${paid.body.id}`, { reason: '重复登记' })).status, 204);
});

test('PLAN-9: supplier bills against the registrations, differences highlighted', async () => {
  const bills = `/conferences/${conf.id}/bills`;
  const hotelA = conf.hotels[0];
  const lunch = conf.meals[0];
  // A类: 马明 3 nights single + two sharers of 3 nights each, two to a room = 3 + 3 = 6.
  let r = await c.gm.get(bills);
  const row = (kind, ref) => r.body.reconciliation.rows.find((x) => x.kind === kind && x.ref_id === ref);
  assert.equal(row('hotel', hotelA.id).expected_quantity, 6);
  assert.equal(row('hotel', hotelA.id).expected_fen, 6 * 45000);
  assert.equal(row('hotel', hotelA.id).status, 'unbilled');
  assert.equal(row('meal', lunch.id).expected_quantity, 6);
  assert.equal(row('meal', lunch.id).checked_in, 1);
  assert.equal(row('transport', conf.pickup_points[0].id).expected_quantity, 2, 'two airport runs');
  // Bad lines.
  const line = { kind: 'hotel', ref_id: hotelA.id, supplier: '西安宾馆', item: '标准间', quantity: 6, unit_price_fen: 45000 };
  assertError(await c.clerk.post(bills, { ...line, unit_price_fen: -1 }), 400, 'invalid_argument', 'unit_price_fen');
  assertError(await c.clerk.post(bills, { ...line, quantity: -2 }), 400, 'invalid_argument', 'quantity');
  assertError(await c.clerk.post(bills, { ...line, ref_id: undefined }), 400, 'invalid_argument', 'ref_id');
  assertError(await c.clerk.post(bills, { ...line, ref_id: lunch.id + 100000 }), 400, 'invalid_argument', 'ref_id');
  assertError(await c.clerk.post(bills, { ...line, kind: 'other' }), 400, 'invalid_argument', 'ref_id');
  assertError(await c.clerk.post(bills, { ...line, kind: 'flowers' }), 400, 'invalid_argument', 'kind');
  assertError(await c.clerk.post(bills, { ...line, supplier: '' }), 400, 'invalid_argument', 'supplier');
  assertError(await c.gm.post(bills, line), 403, 'forbidden');
  assert.equal((await c.gm.get(bills)).body.lines.length, 0, 'nothing was billed');
  // The hotel bills 7 room-nights; the restaurant 5 lunches; a banner is extra.
  assert.equal((await c.clerk.post(bills, { ...line, quantity: 7 })).status, 201);
  assert.equal((await c.clerk.post(bills, { kind: 'meal', ref_id: lunch.id, supplier: '宾馆餐厅', item: '午餐', quantity: 5, unit_price_fen: 8000 })).status, 201);
  const banner = await c.clerk.post(bills, { kind: 'other', supplier: '广告公司', item: '横幅', quantity: 1, unit_price_fen: 50000 });
  assert.equal(banner.status, 201, banner.text);
  assert.equal(banner.body.amount_fen, 50000);
  r = await c.gm.get(bills);
  assert.equal(row('hotel', hotelA.id).status, 'over');
  assert.equal(row('hotel', hotelA.id).quantity_diff, 1);
  assert.equal(row('hotel', hotelA.id).amount_diff, 45000);
  assert.equal(row('meal', lunch.id).status, 'under');
  assert.equal(row('meal', lunch.id).quantity_diff, -1);
  assert.equal(r.body.reconciliation.rows.find((x) => x.kind === 'other').status, 'unexpected');
  // Corrected: the hotel line now matches.
  const hotelLine = r.body.lines.find((l) => l.kind === 'hotel');
  assert.equal((await c.clerk.put(`${bills}/${hotelLine.id}`, line)).status, 200);
  r = await c.gm.get(bills);
  assert.equal(row('hotel', hotelA.id).status, 'match');
  // A billed meal cannot be deleted.
  assertError(await c.clerk.del(`/conferences/${conf.id}/meals/${lunch.id}`, {}), 409, 'conflict');
  assert.equal((await c.clerk.del(`${bills}/${banner.body.id}`, {})).status, 204);
});

test('DATA-2: the address book exports with phones masked; revealed only for sensitive.reveal, audited', async () => {
  const csv = await download(c.gm, `/conferences/${conf.id}/address-book.csv`);
  assert.equal(csv.status, 200, csv.text);
  assert.ok(csv.bom, 'UTF-8 BOM for Excel');
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="address-book.csv"/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines.length, 1 + 7, 'a header and seven delegates');
  assert.match(lines[1], /"宁夏代表团","马明",.*"团长"/, 'by delegation, the head first');
  assert.ok(lines.findIndex((l) => l.includes('甘肃联络')) < lines.findIndex((l) => l.includes('甘肃团员')), 'the liaison before the members');
  assert.match(csv.text, /"宁夏代表团","马明","男","处长","团长","139\*\*\*\*5678","maming@example.com"/);
  assert.ok(!/13912345678/.test(csv.text));
  // The admin clerk lacks sensitive.reveal.
  assertError(await c.clerk.get(`/conferences/${conf.id}/address-book.csv?reveal=true&reason=x`), 403, 'forbidden');
  assertError(await c.admin.get(`/conferences/${conf.id}/address-book.csv?reveal=true`), 400, 'invalid_argument', 'reason');
  const clear = await c.admin.get(`/conferences/${conf.id}/address-book.csv?reveal=true&reason=${encodeURIComponent('会后寄送资料')}`);
  assert.equal(clear.status, 200, clear.text);
  assert.match(clear.text, /"马明","男","处长","团长","13912345678"/);
  const audit = (await c.admin.get(`/audit?entity=conference&entity_id=${conf.id}`)).body.items;
  const reveal = audit.find((a) => a.action === 'reveal');
  assert.ok(reveal, 'the export with clear numbers is audited');
  assert.equal(reveal.reason, '会后寄送资料');
  assert.ok(!JSON.stringify(reveal).includes('13912345678'), 'the audit names what, never the value');
  const xlsx = await fetch(`${srv.url}/api/v1/conferences/${conf.id}/address-book.xlsx`, { headers: { Cookie: c.gm.cookie } });
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a zip (XLSX) file');
});

test('the registration QR code carries the public link', async () => {
  const r = await c.gm.get(`/conferences/${conf.id}/registration-qr?base=${encodeURIComponent('https://yingbin.example.com')}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.url, `https://yingbin.example.com/register/${conf.public_token}`);
  assert.match(r.body.qr_svg, /^<svg/);
  assertError(await c.gm.get(`/conferences/${conf.id}/registration-qr?base=javascript:alert(1)`), 400, 'invalid_argument', 'base');
});

test('PLAN-9: the public form is rate-limited per address (a setting)', async () => {
  assert.equal((await c.admin.put('/settings/conferences.registrations_per_minute', { value: 3 })).status, 200);
  await advance(1);  // a fresh minute
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push(await register(conf.public_token, { name: `限流${i}`, organisation: '限流代表团', phone: phone() }));
  assert.deepEqual(answers.map((r) => r.status), [201, 201, 201, 429, 429]);
  assertError(answers[3], 429, 'rate_limited');
  await advance(1);
  assert.equal((await register(conf.public_token, { name: '限流后', organisation: '限流代表团', phone: phone() })).status, 201);
});

test('DATA-5: delegates of a conference over for longer than the period are anonymised after two approvals', async () => {
  const past = await c.clerk.post('/conferences', conferenceBody({
    name: '往届年会', start_date: '2020-03-02', end_date: '2020-03-03',
    registration_opens_at: '2020-01-01T00:00:00Z', registration_closes_at: '2020-03-01T00:00:00Z',
  }));
  assert.equal(past.status, 201, past.text);
  const old = await c.clerk.post(`/conferences/${past.body.id}/delegates`, { name: '孙往届', organisation: '青海代表团', phone: phone(), email: 'sun@example.com', title: '处长', diet_note: '不吃辣' });
  assert.equal(old.status, 201, old.text);
  const recent = await c.clerk.post(`/conferences/${conf.id}/delegates`, { name: '钱今年', organisation: '陕西代表团', phone: phone() });
  assert.equal(recent.status, 201, recent.text);
  const preview = await c.admin.get('/retention');
  assert.equal(preview.body.delegates, 1, preview.text);
  srv.adminClient = null;  // its session ended while the clock moved on
  await srv.createUser({ username: 'conf_admin2', roles: ['sysadmin'], password: PASSWORD });
  const adminB = await srv.login('conf_admin2', PASSWORD);
  const req = await c.admin.post('/retention/purge', { reason: '到期清理' });
  assert.equal(req.status, 202, req.text);
  const ok = await adminB.post(`/approvals/${req.body.id}/approve`, { reason: '已核对' });
  assert.equal(ok.status, 200, ok.text);
  const gone = (await c.clerk.get(`/conferences/${past.body.id}/delegates/${old.body.id}`)).body;
  assert.equal(gone.name, '孙**');
  assert.equal(gone.organisation, '青海代表团', 'the delegation stays: the bill is explained by it');
  assert.equal(gone.phone, '');
  assert.equal(gone.email, '');
  assert.equal(gone.title, '');
  assert.equal(gone.diet_note, '');
  assert.equal((await c.clerk.get(`/conferences/${conf.id}/delegates/${recent.body.id}`)).body.name, '钱今年');
  assert.equal((await c.admin.get('/retention')).body.delegates, 0);
});
