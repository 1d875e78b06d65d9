// DATA-5 retention: the retention period is changed only by two administrators; expired
// visitor personal data is destroyed only after two approvals, irreversibly, and logged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, BACKEND } from './lib/harness.mjs';

let srv;
let adminA; // the built-in admin
let adminB; // a second system administrator
let desk;
let site;
let host;
before(async () => {
  srv = await startServer();
  adminA = await srv.login();
  await srv.createUser({ username: 'second_admin', roles: ['sysadmin'] });
  adminB = await srv.login('second_admin', 'Passw0rd-1');
  await srv.createUser({ username: 'ret_desk', roles: ['front_desk'] });
  desk = await srv.login('ret_desk', 'Passw0rd-1');
  site = (await adminA.get('/sites')).body.items[0];
  host = (await adminA.post('/staff', { name: '保留期接待人', site_id: site.id })).body;
});
after(async () => { await srv?.stop(); });

function sql(statement) {
  if (BACKEND === 'sqlite') execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.dbUrl.slice('sqlite:'.length), statement]);
  else execFileSync('psql', [srv.dbUrl, '-q', '-c', statement]);
}

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

const retention = async () => (await adminA.get('/settings')).body.items.find((s) => s.key === 'visits.retention_days');

test('DATA-5: changing the retention period takes a second administrator', async () => {
  assert.equal((await retention()).two_person, true);
  const req = await adminA.put('/settings/visits.retention_days', { value: 90, reason: '合规要求缩短' });
  assert.equal(req.status, 202, req.text);
  assert.equal(req.body.status, 'pending');
  assert.deepEqual([req.body.summary.before, req.body.summary.value], [180, 90]);
  assert.equal((await retention()).value, 180, 'not applied by one administrator');

  // The requester cannot be the second administrator; a second request waits its turn.
  assertError(await adminA.post(`/approvals/${req.body.id}/approve`, {}), 403, 'forbidden');
  assertError(await adminB.put('/settings/visits.retention_days', { value: 30 }), 409, 'conflict', 'subject');
  // Others may not see or decide requests at all.
  assertError(await desk.get('/approvals'), 403, 'forbidden');
  assertError(await desk.post(`/approvals/${req.body.id}/approve`, {}), 403, 'forbidden');

  const ok = await adminB.post(`/approvals/${req.body.id}/approve`, { reason: '已核对制度' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'applied');
  assert.equal(ok.body.decided_by_name.length > 0, true);
  assert.equal((await retention()).value, 90);
  assertError(await adminB.post(`/approvals/${req.body.id}/approve`, {}), 409, 'conflict');

  const audit = (await adminA.get('/audit?page_size=50')).body.items;
  const actions = audit.filter((a) => a.entity === 'approval' && a.entity_id === req.body.id).map((a) => a.action).sort();
  assert.deepEqual(actions, ['approve', 'request']);
  assert.ok(audit.some((a) => a.entity === 'setting' && a.action === 'update' && a.after?.includes?.('90') !== false));
});

test('DATA-5: a rejected or withdrawn change changes nothing; bad values are refused up front', async () => {
  const before = (await retention()).value;
  assertError(await adminA.put('/settings/visits.retention_days', { value: 3 }), 400, 'invalid_argument', 'value');
  assertError(await adminA.put('/settings/visits.retention_days', { value: before }), 400, 'invalid_argument', 'value');
  assert.equal((await adminA.get('/approvals?status=pending')).body.items.length, 0, 'no request was opened');

  const req = await adminA.put('/settings/visits.retention_days', { value: 60 });
  assert.equal(req.status, 202, req.text);
  assertError(await adminB.post(`/approvals/${req.body.id}/reject`, {}), 400, 'invalid_argument', 'reason');
  const no = await adminB.post(`/approvals/${req.body.id}/reject`, { reason: '期限过短，不符合档案制度' });
  assert.equal(no.status, 200, no.text);
  assert.equal(no.body.status, 'rejected');
  assert.equal((await retention()).value, before);

  // The requester may withdraw their own request.
  const again = await adminA.put('/settings/visits.retention_days', { value: 120 });
  const withdrawn = await adminA.post(`/approvals/${again.body.id}/reject`, { reason: '撤回' });
  assert.equal(withdrawn.body.status, 'rejected');
  assert.equal((await retention()).value, before);
  assertError(await adminA.get('/approvals?status=bogus'), 400, 'invalid_argument', 'status');
});

test('DATA-5: expired visitor data is destroyed only after two approvals, irreversibly, and logged', async () => {
  const oldOne = await desk.post('/visits/walk-ins', { site_id: site.id, visitor_name: '欧阳过期', company: '旧单位', phone: '13700001234', host_staff_id: host.id, visitor_kind: 'other', purpose: '旧事' });
  assert.equal(oldOne.status, 201, oldOne.text);
  const recent = await desk.post('/visits/walk-ins', { site_id: site.id, visitor_name: '司马新近', phone: '13700005678', host_staff_id: host.id, visitor_kind: 'other' });
  assert.equal(recent.status, 201, recent.text);
  for (const r of [oldOne, recent]) assert.equal((await desk.post(`/visits/${r.body.visit.id}/check-out`, {})).status, 200);
  // A year ago (the clock of the data, not of the server: the rows are back-dated).
  const yearMs = 365 * 24 * 3600 * 1000;
  sql(`UPDATE visits SET created_at = created_at - ${yearMs} WHERE id = ${oldOne.body.visit.id}`);
  sql(`UPDATE visitors SET created_at = created_at - ${yearMs}, last_visit_at = last_visit_at - ${yearMs} WHERE id = ${oldOne.body.visit.visitor_id}`);

  const preview = await adminA.get('/retention');
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.body.visits, 1);
  assert.equal(preview.body.visitors, 1);

  const req = await adminA.post('/retention/purge', { reason: '季度清理' });
  assert.equal(req.status, 202, req.text);
  assert.equal(req.body.kind, 'retention_purge');
  assert.equal(req.body.summary.visits, 1);
  // Nothing is destroyed on one administrator's word.
  assert.equal((await adminA.get(`/visits/${oldOne.body.visit.id}`)).body.visitor_name, '欧阳过期');
  assertError(await adminA.post(`/approvals/${req.body.id}/approve`, {}), 403, 'forbidden');

  const done = await adminB.post(`/approvals/${req.body.id}/approve`, { reason: '同意清理' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.result.visits, 1);
  assert.equal(done.body.result.visitors, 1);

  const gone = (await adminA.get(`/visits/${oldOne.body.visit.id}`)).body;
  assert.equal(gone.visitor_name, '欧**');
  assert.equal(gone.phone, '');
  assert.equal(gone.company, '旧单位', 'the organisation is not personal data and stays for statistics');
  // Irreversible: no reveal, no search hit, no autocomplete.
  assertError(await adminA.post(`/visitors/${oldOne.body.visit.visitor_id}/reveal`, { field: 'phone', reason: '核查' }), 404, 'not_found');
  const search = await adminA.get(`/visits?q=${encodeURIComponent('欧阳')}`);
  assert.equal(search.body.items.length, 0, JSON.stringify(search.body.items));
  const auto = await desk.get(`/visitors?q=${encodeURIComponent('欧阳')}`);
  assert.equal(auto.body.items.length, 0);
  // The recent visitor is untouched.
  assert.equal((await adminA.get(`/visits/${recent.body.visit.id}`)).body.visitor_name, '司马新近');
  const revealed = await adminA.post(`/visitors/${recent.body.visit.visitor_id}/reveal`, { field: 'phone', reason: '核查' });
  assert.equal(revealed.body.value, '13700005678');

  const audit = (await adminA.get('/audit?page_size=50')).body.items;
  const purge = audit.find((a) => a.action === 'purge' && a.entity === 'personal_data');
  assert.ok(purge, 'the destruction is logged');
  assert.ok(!JSON.stringify(purge).includes('欧阳过期'), 'the log names counts, not the destroyed data');
  assert.equal((await adminA.get('/audit/verify')).body.ok, true);

  // Nothing left to destroy: a new request is refused.
  assertError(await adminA.post('/retention/purge', {}), 409, 'conflict');
});
