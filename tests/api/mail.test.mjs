// The mail and package desk (DOMAIN.md MAIL-1, MAIL-2; VIS-10 couriers) against the real
// binary, on SQLite and PostgreSQL: intake with its bad inputs and duplicate scans, the
// photo (type by bytes, size limit, who may see it, kept across kill -9), signed pickup by
// code or signature (also by proxy), returns, the illegal moves, "my mail" and department
// scope, reminders and the overdue list on the server's test clock, subscriptions with
// their renewal notice, and the courier handed over at the visitor desk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.mjs';

let srv;
let site;
const c = {};      // clients by name, signed in again after the clock moves
const staff = {};
const dept = {};
const PASSWORD = 'Passw0rd-1';
const USERS = {
  admin: null,            // sysadmin
  desk: ['front_desk'],   // the clerk
  zhang: ['host'],        // 张伟, 市场部
  lina: ['host'],         // 李娜, 市场部
  wang: ['host'],         // 王芳, 财务部
  auditor: ['finance_mail'], // reads the mail of 财务部 only (department scope)
};

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

// Moves the server's clock forward and runs the tasks due by then; sessions idle longer
// than the server allows are over, so everyone signs in again.
async function advance(minutes) {
  const r = await c.admin.post('/test/clock', { advance_minutes: minutes });
  assert.equal(r.status, 200, r.text);
  await signInAll();
  return r.body;
}

// A 1x1 PNG, and bytes that start like a JPEG (the server sniffs the type, never decodes).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
const b64 = (buf) => buf.toString('base64');

let seq = 0;
const tracking = () => `SF${Date.now() % 1e9}${String(++seq).padStart(3, '0')}`;

async function intake(body = {}, client = c.desk) {
  return client.post('/mail/items', {
    site_id: site.id, kind: 'package', carrier: '顺丰', tracking_no: tracking(), sender: '深圳某科技公司',
    recipient_staff_id: staff.zhang.id, shelf: 'A-3', ...body,
  });
}

async function notes(client, topic, itemId) {
  const r = await client.get('/notifications?page_size=200');
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((n) => n.topic === topic && (itemId === undefined || n.payload.item_id === itemId));
}

before(async () => {
  srv = await startServer({ env: { YINGBIN_TEST_CLOCK: '1' } });
  c.admin = await srv.login();
  const admin = c.admin;
  site = (await admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  // Desk time = wall time here, so that the reminder arithmetic does not depend on when
  // the test runs (the desk-hours arithmetic itself is unit-tested in mail/service_test).
  assert.equal((await admin.patch(`/sites/${site.id}`, { desk_hours: [{ start: '00:00', end: '24:00' }] })).status, 200);
  assert.equal((await admin.patch(`/sites/${site.id}/calendar`, { working_weekdays: [1, 2, 3, 4, 5, 6, 7] })).status, 200);
  dept.market = (await admin.post('/departments', { name: '市场部', site_id: site.id })).body;
  dept.finance = (await admin.post('/departments', { name: '财务部', site_id: site.id })).body;
  const role = await admin.post('/roles', { code: 'finance_mail', name: '财务收发', scope: 'department', permissions: ['mail.read'] });
  assert.equal(role.status, 201, role.text);
  const users = {};
  for (const [name, roles] of Object.entries(USERS)) {
    if (!roles) continue;
    users[name] = await srv.createUser({ username: name, roles, password: PASSWORD,
      department_id: name === 'auditor' ? dept.finance.id : null });
  }
  staff.zhang = (await admin.post('/staff', { name: '张伟', name_initials: 'zw', department_id: dept.market.id, site_id: site.id, user_id: users.zhang.id })).body;
  staff.lina = (await admin.post('/staff', { name: '李娜', department_id: dept.market.id, site_id: site.id, user_id: users.lina.id })).body;
  staff.wang = (await admin.post('/staff', { name: '王芳', department_id: dept.finance.id, site_id: site.id, user_id: users.wang.id })).body;
  staff.noLogin = (await admin.post('/staff', { name: '赵强', department_id: dept.finance.id, site_id: site.id, email: 'zq@example.com' })).body;
  for (const s of Object.values(staff)) assert.ok(s.id, JSON.stringify(s));
  await signInAll();
});
after(async () => { await srv?.stop(); });

test('MAIL-1: intake logs the item and tells the recipient at once with a pickup code', async () => {
  const r = await intake({ tracking_no: 'SF 1234-5678-9012', description: '合同文件' });
  assert.equal(r.status, 201, r.text);
  const m = r.body;
  assert.match(m.number, /^M\d{8}-\d{4}$/);
  assert.equal(m.status, 'received');
  assert.equal(m.kind, 'package');
  assert.equal(m.carrier, '顺丰');
  assert.equal(m.tracking_no, 'SF 1234-5678-9012');
  assert.equal(m.recipient_name, '张伟');
  assert.equal(m.recipient_department, '市场部');
  assert.equal(m.shelf, 'A-3');
  assert.equal(m.received_by, c.desk.me.id);
  assert.equal(m.overdue, false);
  assert.equal(m.pickup_code, undefined, 'the desk is never shown the code: the collector brings it');

  const told = await notes(c.zhang, 'mail.received', m.id);
  assert.equal(told.length, 1, 'the recipient is notified in the same transaction');
  assert.equal(told[0].link, '/mail/mine');
  const mine = (await c.zhang.get('/mail/mine')).body.items.find((x) => x.id === m.id);
  assert.match(mine.pickup_code, /^\d{6}$/);
  assert.ok(told[0].body.includes(mine.pickup_code), 'the message carries the code');
  assert.ok(told[0].body.includes('A-3'), 'and where the item lies');

  const audit = await c.admin.get(`/audit?entity=mail_item&entity_id=${m.id}`);
  assert.equal(audit.body.items.length, 1);
  assert.equal(audit.body.items[0].action, 'create');
  assert.ok(!JSON.stringify(audit.body.items[0]).includes(mine.pickup_code), 'the code stays out of the audit trail');
});

test('MAIL-1: bad intake is named on its field and changes nothing', async () => {
  const before = (await c.desk.get(`/mail/items?site_id=${site.id}`)).body.total;
  const outbox = (await c.admin.get('/outbox?page_size=1')).body.total;
  assertError(await intake({ site_id: undefined }), 400, 'invalid_argument', 'site_id');
  assertError(await intake({ site_id: 999999 }), 400, 'invalid_argument', 'site_id');
  assertError(await intake({ kind: 'parcel' }), 400, 'invalid_argument', 'kind');
  assertError(await intake({ recipient_staff_id: undefined }), 400, 'invalid_argument', 'recipient_staff_id');
  assertError(await intake({ recipient_department_id: dept.market.id }), 400, 'invalid_argument', 'recipient_department_id');
  assertError(await intake({ recipient_staff_id: 999999 }), 400, 'invalid_argument', 'recipient_staff_id');
  assertError(await intake({ recipient_staff_id: undefined, recipient_department_id: 999999 }), 400, 'invalid_argument', 'recipient_department_id');
  assertError(await intake({ tracking_no: 'SF<script>' }), 400, 'invalid_argument', 'tracking_no');
  assertError(await intake({ tracking_no: 'AB1' }), 400, 'invalid_argument', 'tracking_no');
  assertError(await intake({ tracking_no: 'X'.repeat(41) }), 400, 'invalid_argument', 'tracking_no');
  assertError(await intake({ shelf: '架'.repeat(41) }), 400, 'invalid_argument', 'shelf');
  assertError(await intake({ sender: 42 }), 400, 'invalid_argument', 'sender');
  assertError(await intake({ photo: 'not base64 at all!' }), 400, 'invalid_argument', 'photo');
  assertError(await intake({ photo: b64(Buffer.from('GIF89a-looks-like-an-image')) }), 400, 'invalid_argument', 'photo');
  assertError(await intake({ photo: `data:image/png;base64,${b64(Buffer.from('%PDF-1.7 not a png'))}` }), 400, 'invalid_argument', 'photo');
  assertError(await c.desk.post('/mail/items', 'not json', { contentType: 'application/json' }), 400, 'invalid_json');
  assertError(await intake({}, c.zhang), 403, 'forbidden');
  c.desk.lang = 'en';
  const en = await intake({ tracking_no: 'SF<1>' });
  c.desk.lang = 'zh-CN';
  assert.match(en.body.error.message, /tracking number/);
  assert.equal((await c.desk.get(`/mail/items?site_id=${site.id}`)).body.total, before);
  assert.equal((await c.admin.get('/outbox?page_size=1')).body.total, outbox, 'nobody was told anything');
});

test('MAIL-1: the same tracking number while the first still waits is a 409 naming the field', async () => {
  const first = await intake({ tracking_no: 'YT7788990011' });
  assert.equal(first.status, 201, first.text);
  const again = await intake({ tracking_no: 'yt 7788-9900-11', recipient_staff_id: staff.lina.id });
  assertError(again, 409, 'conflict', 'tracking_no');
  assert.ok(again.body.error.message.includes(first.body.number), 'the waiting item is named');
  const picked = await c.desk.post(`/mail/items/${first.body.id}/pickup`, { collector_name: '张伟', signature_png: b64(PNG) });
  assert.equal(picked.status, 200, picked.text);
  const later = await intake({ tracking_no: 'YT7788990011' });
  assert.equal(later.status, 201, 'once collected, the number may come again (a return shipment)');
});

test('MAIL-1: a photo is checked by its bytes and its size (a setting) and shown only to those who may see the item', async () => {
  const r = await intake({ photo: `data:image/png;base64,${b64(PNG)}` });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.photo_url, `/api/v1/mail/items/${r.body.id}/photo`);
  for (const who of ['desk', 'zhang']) {
    const got = await fetch(srv.url + r.body.photo_url, { headers: { Cookie: c[who].cookie } });
    assert.equal(got.status, 200, who);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PNG);
  }
  assertError(await c.lina.get(r.body.photo_url), 403, 'forbidden');
  assertError(await c.wang.get(`/mail/items/${r.body.id}`), 403, 'forbidden');
  assertError(await c.desk.get(`/mail/items/${r.body.id}/signature`), 404, 'not_found');

  const jpeg = await intake({ photo: b64(JPEG) });
  assert.equal(jpeg.status, 201, jpeg.text);
  assert.equal((await fetch(srv.url + jpeg.body.photo_url, { headers: { Cookie: c.desk.cookie } })).headers.get('content-type'), 'image/jpeg');

  assert.equal((await c.admin.put('/settings/mail.photo_max_kb', { value: 16, reason: '测试上限' })).status, 200);
  const big = await intake({ photo: b64(Buffer.concat([JPEG, Buffer.alloc(17 * 1024)])) });
  assertError(big, 400, 'invalid_argument', 'photo');
  assert.match(big.body.error.message, /16 KB/);
  assert.equal((await c.admin.put('/settings/mail.photo_max_kb', { value: 600 })).status, 200);
});

test('MAIL-1: an item saved with its photo survives kill -9 (and without --test-clock there is no test clock)', async () => {
  const s = await startServer();
  try {
    const admin = await s.login();
    const hq = (await admin.get('/sites')).body.items[0];
    const st = (await admin.post('/staff', { name: '断电测试' })).body;
    assertError(await admin.post('/test/clock', { advance_minutes: 1 }), 404, 'not_found', undefined);
    const r = await admin.post('/mail/items', { site_id: hq.id, kind: 'letter', recipient_staff_id: st.id, photo: b64(PNG) });
    assert.equal(r.status, 201, r.text);
    s.proc.kill('SIGKILL');
    await s.exited;
    const again = await startServer({ dbUrl: s.dbUrl, dir: s.dir });
    try {
      const a2 = await again.login();
      const got = await a2.get(`/mail/items/${r.body.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.number, r.body.number);
      const photo = await fetch(again.url + got.body.photo_url, { headers: { Cookie: a2.cookie } });
      assert.deepEqual(Buffer.from(await photo.arrayBuffer()), PNG);
    } finally {
      await again.stop();
    }
  } finally {
    if (s.proc.exitCode === null && s.proc.signalCode === null) await s.stop();
  }
});

test('MAIL-1: pickup is signed with the code; wrong or missing proof and illegal moves change nothing', async () => {
  const m = (await intake()).body;
  const code = (await c.zhang.get(`/mail/items/${m.id}`)).body.pickup_code;
  assert.match(code, /^\d{6}$/, 'the recipient sees their own code');
  const url = `/mail/items/${m.id}/pickup`;
  assertError(await c.desk.post(url, { pickup_code: code }), 400, 'invalid_argument', 'collector_name');
  assertError(await c.desk.post(url, { collector_name: '张伟' }), 400, 'invalid_argument', 'signature_png');
  const wrong = code === '000000' ? '111111' : '000000';
  assertError(await c.desk.post(url, { collector_name: '张伟', pickup_code: wrong }), 400, 'invalid_argument', 'pickup_code');
  assertError(await c.desk.post(url, { collector_name: '张伟', signature_png: b64(JPEG) }), 400, 'invalid_argument', 'signature_png');
  assertError(await c.zhang.post(url, { collector_name: '张伟', pickup_code: code }), 403, 'forbidden');
  assert.equal((await c.desk.get(`/mail/items/${m.id}`)).body.status, 'received', 'nothing changed');

  const ok = await c.desk.post(url, { collector_name: ' 张伟 ', pickup_code: code });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'picked_up');
  assert.equal(ok.body.pickup_proof, 'code');
  assert.equal(ok.body.collector_name, '张伟');
  assert.equal(ok.body.proxy, false);
  assert.equal(ok.body.handed_out_by, c.desk.me.id);
  assert.ok(ok.body.picked_up_at);

  const audits = (await c.admin.get(`/audit?entity=mail_item&entity_id=${m.id}`)).body.total;
  assertError(await c.desk.post(url, { collector_name: '张伟', pickup_code: code }), 409, 'conflict', 'status');
  const ret = await c.desk.post(`/mail/items/${m.id}/return`, { return_kind: 'to_sender', reason: '地址错误' });
  assertError(ret, 409, 'conflict', 'status');
  assert.match(ret.body.error.message, /已被领取/);
  assertError(await c.desk.patch(`/mail/items/${m.id}`, { shelf: 'B-1' }), 409, 'conflict', 'status');
  assertError(await c.desk.post(`/mail/items/${m.id}/remind`, {}), 409, 'conflict', 'status');
  assert.equal((await c.admin.get(`/audit?entity=mail_item&entity_id=${m.id}`)).body.total, audits, 'refused moves write no audit row');
  const mine = (await c.zhang.get('/mail/mine')).body.items.find((x) => x.id === m.id);
  assert.equal(mine.status, 'picked_up');
  assert.equal(mine.pickup_code, undefined, 'a used code is not shown again');
});

test('MAIL-1: a colleague collects with an on-screen signature (proxy); the recipient learns who', async () => {
  const m = (await intake({ kind: 'letter', carrier: 'EMS' })).body;
  const r = await c.desk.post(`/mail/items/${m.id}/pickup`, { collector_name: '李娜', signature_png: `data:image/png;base64,${b64(PNG)}` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.proxy, true);
  assert.equal(r.body.pickup_proof, 'signature');
  assert.equal(r.body.signature_url, `/api/v1/mail/items/${m.id}/signature`);
  const sig = await fetch(srv.url + r.body.signature_url, { headers: { Cookie: c.zhang.cookie } });
  assert.equal(sig.status, 200);
  assert.deepEqual(Buffer.from(await sig.arrayBuffer()), PNG);
  const told = await notes(c.zhang, 'mail.picked_up', m.id);
  assert.equal(told.length, 1);
  assert.match(told[0].title, /李娜/);
});

test('MAIL-1: return to the sender or refused needs a reason; the recipient is told', async () => {
  const m = (await intake()).body;
  const url = `/mail/items/${m.id}/return`;
  assertError(await c.desk.post(url, { return_kind: 'refused' }), 400, 'invalid_argument', 'reason');
  assertError(await c.desk.post(url, { return_kind: 'lost', reason: 'x' }), 400, 'invalid_argument', 'return_kind');
  const r = await c.desk.post(url, { return_kind: 'refused', reason: '收件人拒收' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'returned');
  assert.equal(r.body.return_kind, 'refused');
  assert.equal(r.body.return_reason, '收件人拒收');
  assert.equal((await notes(c.zhang, 'mail.returned', m.id)).length, 1);
  const again = await c.desk.post(`/mail/items/${m.id}/pickup`, { collector_name: '张伟', signature_png: b64(PNG) });
  assertError(again, 409, 'conflict', 'status');
  assert.match(again.body.error.message, /已退回/);
});

test('MAIL-1: corrections while waiting; a new recipient gets a code of their own', async () => {
  const m = (await intake()).body;
  const oldCode = (await c.zhang.get(`/mail/items/${m.id}`)).body.pickup_code;
  const moved = await c.desk.patch(`/mail/items/${m.id}`, { shelf: 'B-2', reason: '挪到大件架' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.shelf, 'B-2');
  assertError(await c.desk.patch(`/mail/items/${m.id}`, { recipient_staff_id: staff.lina.id, recipient_department_id: dept.market.id }),
    400, 'invalid_argument', 'recipient_department_id');
  const re = await c.desk.patch(`/mail/items/${m.id}`, { recipient_staff_id: staff.lina.id });
  assert.equal(re.status, 200, re.text);
  assert.equal(re.body.recipient_name, '李娜');
  assert.equal((await notes(c.lina, 'mail.received', m.id)).length, 1);
  const newCode = (await c.lina.get(`/mail/items/${m.id}`)).body.pickup_code;
  assert.match(newCode, /^\d{6}$/);
  assert.notEqual(newCode, oldCode);
  assertError(await c.zhang.get(`/mail/items/${m.id}`), 403, 'forbidden');
  assertError(await c.desk.post(`/mail/items/${m.id}/pickup`, { collector_name: '李娜', pickup_code: oldCode }), 400, 'invalid_argument', 'pickup_code');
  const remind = await c.desk.post(`/mail/items/${m.id}/remind`, {});
  assert.equal(remind.status, 200, remind.text);
  assert.equal(remind.body.reminder_count, 1);
  assert.equal((await notes(c.lina, 'mail.reminder', m.id)).length, 1);
});

test('MAIL-1: mail for a department reaches every member; any member collects it without proxy', async () => {
  const m = (await intake({ recipient_staff_id: undefined, recipient_department_id: dept.finance.id, kind: 'letter' })).body;
  assert.equal(m.recipient_name, '财务部');
  assert.equal((await notes(c.wang, 'mail.received', m.id)).length, 1);
  const mine = (await c.wang.get('/mail/mine')).body.items.find((x) => x.id === m.id);
  assert.ok(mine.pickup_code);
  const r = await c.desk.post(`/mail/items/${m.id}/pickup`, { collector_name: '王芳', pickup_code: mine.pickup_code });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.proxy, false);
});

test('desk lists: search by pinyin initials, tracking or pickup code; department scope like ListVisits', async () => {
  const tn = tracking();
  const m = (await intake({ tracking_no: tn, sender: '上海某律师事务所' })).body;
  const fin = (await intake({ recipient_staff_id: staff.wang.id })).body;
  const ids = async (client, query) => (await client.get(`/mail/items?site_id=${site.id}&${query}`)).body.items.map((x) => x.id);
  assert.ok((await ids(c.desk, 'q=zw&status=received')).includes(m.id), 'pinyin initials of the recipient');
  assert.ok((await ids(c.desk, `q=${tn.toLowerCase()}`)).includes(m.id), 'the tracking number');
  assert.ok((await ids(c.desk, `q=${encodeURIComponent('律师')}`)).includes(m.id), 'part of the sender');
  const code = (await c.zhang.get(`/mail/items/${m.id}`)).body.pickup_code;
  assert.deepEqual(await ids(c.desk, `q=${code}&status=received`), [m.id], 'the collector shows the code, the desk finds the item');
  assertError(await c.desk.get('/mail/items?status=lost'), 400, 'invalid_argument', 'status');
  assertError(await c.desk.get('/mail/items?overdue=maybe'), 400, 'invalid_argument', 'overdue');
  assertError(await c.zhang.get('/mail/items'), 403, 'forbidden');

  // The finance auditor (department scope) sees 财务部's items only.
  const seen = (await c.auditor.get('/mail/items?page_size=500')).body;
  assert.ok(seen.items.some((x) => x.id === fin.id));
  assert.ok(seen.items.every((x) => x.recipient_department === '财务部' || x.recipient_name === '财务部'), JSON.stringify(seen.items.map((x) => x.recipient_name)));
  assert.equal(seen.total, seen.items.length);
  assertError(await c.auditor.get(`/mail/items/${m.id}`), 403, 'forbidden');
  assert.equal((await c.auditor.get(`/mail/items/${fin.id}`)).status, 200);
});

test('carrier suggestions: the site’s own first, then the common carriers', async () => {
  assert.equal((await intake({ carrier: '同城闪递' })).status, 201);
  assert.equal((await intake({ carrier: '同城闪递' })).status, 201);
  const r = await c.desk.get(`/mail/carriers?site_id=${site.id}`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.items.indexOf('同城闪递') < r.body.items.indexOf('极兔'));
  for (const k of ['顺丰', '京东', 'EMS', '中通', '圆通', '韵达', '申通', '极兔', '德邦']) assert.ok(r.body.items.includes(k), k);
});

test('VIS-10 / MAIL-1: a courier triaged at the visitor desk creates the mail item in the same transaction', async () => {
  const r = await c.desk.post('/visits/walk-ins', { site_id: site.id, visitor_kind: 'courier', visitor_name: '快递员小刘',
    company: '京东物流', host_staff_id: staff.zhang.id, purpose: '一箱办公用品' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.next_step.action, 'courier_handover');
  const m = r.body.mail_item;
  assert.ok(m, 'the desk sees "mail item #N created"');
  assert.match(m.number, /^M\d{8}-\d{4}$/);
  assert.equal(m.kind, 'package');
  assert.equal(m.carrier, '京东物流');
  assert.equal(m.recipient_staff_id, staff.zhang.id);
  assert.equal(m.visit_id, r.body.visit.id);
  assert.equal(m.received_by, c.desk.me.id);
  assert.equal(m.description, '一箱办公用品');
  assert.equal((await c.desk.get(`/mail/items/${m.id}`)).body.status, 'received');
  assert.equal((await notes(c.zhang, 'mail.received', m.id)).length, 1, 'the host is told once, by the mail desk');
  assert.equal((await notes(c.zhang, 'visit.courier')).length, 0);

  const none = await c.desk.post('/visits/walk-ins', { site_id: site.id, visitor_kind: 'courier', visitor_name: '快递员小王', company: '中通' });
  assert.equal(none.status, 201, none.text);
  assert.equal(none.body.mail_item, null, 'without a named recipient the clerk logs the items at the mail desk');

  // A refused walk-in writes neither the visit nor a mail item.
  const total = (await c.desk.get(`/mail/items?site_id=${site.id}`)).body.total;
  const bad = await c.desk.post('/visits/walk-ins', { site_id: site.id, visitor_kind: 'courier', company: '顺丰', host_staff_id: staff.zhang.id });
  assertError(bad, 400, 'invalid_argument', 'visitor_name');
  assert.equal((await c.desk.get(`/mail/items?site_id=${site.id}`)).body.total, total);
});

test('MAIL-1: reminders every N desk hours until picked up, then overdue after M days (test clock)', async () => {
  assert.equal((await c.admin.put('/settings/mail.remind_every_hours', { value: 4 })).status, 200);
  assert.equal((await c.admin.put('/settings/mail.overdue_days', { value: 1 })).status, 200);
  const m = (await intake({ recipient_staff_id: staff.lina.id })).body;
  const gone = (await intake({ recipient_staff_id: staff.lina.id })).body;
  const code = (await c.lina.get(`/mail/items/${gone.id}`)).body.pickup_code;
  assert.equal((await c.desk.post(`/mail/items/${gone.id}/pickup`, { collector_name: '李娜', pickup_code: code })).status, 200);

  await advance(3 * 60 + 58);
  assert.equal((await notes(c.lina, 'mail.reminder', m.id)).length, 0, 'not before 4 hours');
  await advance(3);
  assert.equal((await notes(c.lina, 'mail.reminder', m.id)).length, 1, 'reminded after 4 hours');
  assert.equal((await c.desk.get(`/mail/items/${m.id}`)).body.reminder_count, 1);
  await advance(4 * 60);
  assert.equal((await notes(c.lina, 'mail.reminder', m.id)).length, 2, 'and again 4 hours later');
  assert.equal((await notes(c.lina, 'mail.reminder', gone.id)).length, 0, 'a collected item is never reminded');
  const notYet = (await c.desk.get(`/mail/items?site_id=${site.id}&overdue=true`)).body.items.map((x) => x.id);
  assert.ok(!notYet.includes(m.id));

  await advance(16 * 60);
  const overdue = (await c.desk.get(`/mail/items?site_id=${site.id}&overdue=true`)).body.items;
  const row = overdue.find((x) => x.id === m.id);
  assert.ok(row, 'on the overdue list after 1 day');
  assert.equal(row.overdue, true);
  assert.ok(!overdue.some((x) => x.id === gone.id));
  assert.equal((await notes(c.desk, 'mail.overdue', m.id)).length, 1, 'the clerk who logged it is told');
  assert.equal((await notes(c.lina, 'mail.overdue', m.id)).length, 1, 'and the recipient');

  const mine = (await c.lina.get(`/mail/items/${m.id}`)).body;
  assert.equal((await c.desk.post(`/mail/items/${m.id}/pickup`, { collector_name: '李娜', pickup_code: mine.pickup_code })).status, 200);
  const count = (await notes(c.lina, 'mail.reminder', m.id)).length;
  await advance(8 * 60);
  assert.equal((await notes(c.lina, 'mail.reminder', m.id)).length, count, 'no reminders after pickup');
  assert.ok(!(await c.desk.get(`/mail/items?site_id=${site.id}&overdue=true`)).body.items.some((x) => x.id === m.id));
  assert.equal((await c.admin.put('/settings/mail.overdue_days', { value: 3 })).status, 200);
});

test('MAIL-2: subscriptions: bad input named, renewal due N days ahead (test clock), expired, one-click issue', async () => {
  // Local dates at the site (Asia/Shanghai, UTC+8) on the server's clock.
  const clockOffset = (await c.admin.post('/test/clock', { advance_minutes: 0 })).body.offset_ms;
  const day = (offset) => new Date(Date.now() + clockOffset + 8 * 3600000 + offset * 86400000).toISOString().slice(0, 10);
  const base = { site_id: site.id, publication: '人民日报', kind: 'newspaper', publisher: '人民日报社', copies: 2,
    recipient_department_id: dept.market.id, period_start: day(-300), period_end: day(65), renewal_date: day(40), price_fen: 48000 };
  const put = (body, client = c.desk) => client.post('/mail/subscriptions', { ...base, ...body });
  assertError(await put({ publication: '' }), 400, 'invalid_argument', 'publication');
  assertError(await put({ kind: 'letter' }), 400, 'invalid_argument', 'kind');
  assertError(await put({ copies: 0 }), 400, 'invalid_argument', 'copies');
  assertError(await put({ price_fen: -1 }), 400, 'invalid_argument', 'price_fen');
  assertError(await put({ price_fen: 12.5 }), 400, 'invalid_argument', 'price_fen');
  assertError(await put({ period_end: day(-400) }), 400, 'invalid_argument', 'period_end');
  assertError(await put({ renewal_date: day(70) }), 400, 'invalid_argument', 'renewal_date');
  assertError(await put({ period_start: '2026-02-30' }), 400, 'invalid_argument', 'period_start');
  assertError(await put({ recipient_staff_id: staff.zhang.id }), 400, 'invalid_argument', 'recipient_department_id');
  assertError(await put({ recipient_department_id: undefined }), 400, 'invalid_argument', 'recipient_staff_id');
  assertError(await put({}, c.zhang), 403, 'forbidden');

  const created = await put({});
  assert.equal(created.status, 201, created.text);
  const s = created.body;
  assert.equal(s.state, 'active');
  assert.equal(s.price_fen, 48000);
  assert.equal(s.renewal_notice_date, day(10), 'the notice comes mail.renewal_notice_days (30) before');
  const magazine = (await put({ publication: '读者', kind: 'magazine', recipient_department_id: undefined, recipient_staff_id: staff.zhang.id,
    period_start: day(-400), period_end: day(-35), renewal_date: day(-60) })).body;
  assert.equal(magazine.state, 'expired');

  await advance(9 * 24 * 60);
  assert.equal((await c.desk.get(`/mail/subscriptions/${s.id}`)).body.state, 'active');
  assert.equal((await notes(c.desk, 'mail.renewal_due')).filter((n) => n.payload.subscription_id === s.id).length, 0);
  await advance(24 * 60 + 1);
  assert.equal((await c.desk.get(`/mail/subscriptions/${s.id}`)).body.state, 'renewal_due');
  assert.equal((await notes(c.desk, 'mail.renewal_due')).filter((n) => n.payload.subscription_id === s.id).length, 1,
    'the desk is reminded to renew');
  const due = (await c.desk.get(`/mail/subscriptions?site_id=${site.id}&state=renewal_due`)).body.items.map((x) => x.id);
  assert.deepEqual(due, [s.id]);
  assertError(await c.desk.get('/mail/subscriptions?state=soon'), 400, 'invalid_argument', 'state');

  // Renewed: a new period; the state is active again.
  const renewed = await c.desk.put(`/mail/subscriptions/${s.id}`, { ...base, period_start: day(66), period_end: day(430), renewal_date: day(400), reason: '续订 2027 年' });
  assert.equal(renewed.status, 200, renewed.text);
  assert.equal(renewed.body.state, 'active');

  // One click logs a delivered issue as a mail item for the subscription's recipient.
  const issue = await c.desk.post(`/mail/subscriptions/${s.id}/deliveries`, { issue: '第 12 期', shelf: '报刊架' });
  assert.equal(issue.status, 201, issue.text);
  assert.equal(issue.body.kind, 'newspaper');
  assert.equal(issue.body.recipient_department_id, dept.market.id);
  assert.equal(issue.body.subscription_title, '人民日报');
  assert.equal(issue.body.sender, '人民日报社');
  assert.match(issue.body.description, /第 12 期/);
  assert.equal((await notes(c.zhang, 'mail.received', issue.body.id)).length, 1);
  assert.equal((await c.desk.get(`/mail/subscriptions/${s.id}`)).body.delivered_count, 1);
  assertError(await c.zhang.post(`/mail/subscriptions/${s.id}/deliveries`, {}), 403, 'forbidden');
  assertError(await c.desk.del(`/mail/subscriptions/${s.id}`), 409, 'conflict');

  const off = await c.desk.put(`/mail/subscriptions/${magazine.id}`, { ...base, publication: '读者', kind: 'magazine',
    recipient_department_id: undefined, recipient_staff_id: staff.zhang.id, period_start: day(-400), period_end: day(-35), renewal_date: day(-60), active: false });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.state, 'inactive');
  assertError(await c.desk.post(`/mail/subscriptions/${magazine.id}/deliveries`, {}), 409, 'conflict');
  assert.equal((await c.desk.del(`/mail/subscriptions/${magazine.id}`, { reason: '不再订阅' })).status, 204);
  assertError(await c.desk.get(`/mail/subscriptions/${magazine.id}`), 404, 'not_found');
});

test('the mail desk needs a session; only an administrator moves the test clock, forward only', async () => {
  assertError(await srv.anon().get('/mail/mine'), 401, 'unauthenticated');
  const adminMine = (await c.admin.get('/mail/mine')).body;
  assert.equal(adminMine.linked, false, 'an account without a staff record has no mail');
  assert.deepEqual(adminMine.items, []);
  assert.equal((await c.zhang.get('/mail/mine')).body.linked, true);
  assertError(await c.desk.post('/test/clock', { advance_minutes: 1 }), 403, 'forbidden');
  assertError(await c.admin.post('/test/clock', { advance_minutes: -5 }), 400, 'invalid_argument', 'advance_minutes');
});
