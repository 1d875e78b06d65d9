// Audit (DATA-3): every change writes a hash-chained row with who, when, what,
// before/after and why; `yingbin audit verify` detects edited or deleted rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, BACKEND } from './lib/harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('DATA-3: a change writes an audit row with actor, before, after and reason', async () => {
  const admin = await srv.login();
  const role = await admin.post('/roles', { code: 'auditor_x', name: '审计员', scope: 'all', permissions: ['audit.read'], reason: '新设岗位' });
  assert.equal(role.status, 201, role.text);
  const upd = await admin.patch(`/roles/${role.body.id}`, { name: '内审员', reason: '岗位更名' });
  assert.equal(upd.status, 200, upd.text);
  const del = await admin.del(`/roles/${role.body.id}`, { reason: '撤销岗位' });
  assert.equal(del.status, 204, del.text);

  const log = await admin.get(`/audit?entity=role&entity_id=${role.body.id}`);
  assert.equal(log.status, 200);
  const actions = log.body.items.map((e) => e.action);
  assert.deepEqual(actions, ['delete', 'update', 'create'], 'newest first');
  const [d, u, c] = log.body.items;
  assert.equal(c.before, null);
  assert.equal(c.after.name, '审计员');
  assert.equal(c.reason, '新设岗位');
  assert.equal(u.before.name, '审计员');
  assert.equal(u.after.name, '内审员');
  assert.equal(u.reason, '岗位更名');
  assert.equal(d.after, null);
  assert.equal(d.reason, '撤销岗位');
  for (const e of log.body.items) {
    assert.equal(e.actor_name, 'admin');
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(e.hash, /^[0-9a-f]{64}$/);
  }
  assert.ok(u.seq > c.seq && d.seq > u.seq);
});

test('a refused change writes no audit row', async () => {
  const admin = await srv.login();
  const before = (await admin.get('/audit')).body.total;
  const r = await admin.post('/roles', { code: 'bad code!', name: 'x', scope: 'all', permissions: [] });
  assert.equal(r.status, 400);
  assert.equal((await admin.get('/audit')).body.total, before);
});

test('the audit log needs audit.read', async () => {
  await srv.createUser({ username: 'desk_audit', roles: ['front_desk'] });
  const desk = await srv.login('desk_audit', 'Passw0rd-1');
  const r = await desk.get('/audit');
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'forbidden');
});

function sql(statement) {
  if (BACKEND === 'sqlite') {
    execFileSync('sqlite3', [srv.dbUrl.slice('sqlite:'.length), statement]);
  } else {
    execFileSync('psql', [srv.dbUrl, '-q', '-c', statement]);
  }
}

test('DATA-3: audit verify passes on an intact chain and fails after a row is edited or deleted', async () => {
  const admin = await srv.login();
  for (let i = 0; i < 3; i++) {
    const r = await admin.post('/roles', { code: `chain_${i}`, name: `链${i}`, scope: 'all', permissions: [] });
    assert.equal(r.status, 201);
  }
  const ok = srv.cli(['audit', 'verify']);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /intact/);
  const api = await admin.get('/audit/verify');
  assert.equal(api.body.ok, true);
  assert.ok(api.body.checked >= 4);

  const entries = (await admin.get('/audit?entity=role')).body.items;
  const victim = entries[1];
  sql(`UPDATE audit_log SET reason = 'forged' WHERE seq = ${victim.seq}`);
  const edited = srv.cli(['audit', 'verify']);
  assert.equal(edited.status, 1);
  assert.match(edited.stdout, new RegExp(`BROKEN at entry ${victim.seq}`));
  const apiBad = await admin.get('/audit/verify');
  assert.equal(apiBad.body.ok, false);
  assert.equal(apiBad.body.first_bad_seq, victim.seq);
});

test('DATA-3: deleting the newest audit row is detected too', async () => {
  const s = await startServer();
  try {
    const admin = await s.login();
    await admin.post('/roles', { code: 'tail_1', name: '尾1', scope: 'all', permissions: [] });
    assert.equal(s.cli(['audit', 'verify']).status, 0);
    const stmt = 'DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)';
    if (BACKEND === 'sqlite') execFileSync('sqlite3', [s.dbUrl.slice('sqlite:'.length), stmt]);
    else execFileSync('psql', [s.dbUrl, '-q', '-c', stmt]);
    assert.equal(s.cli(['audit', 'verify']).status, 1);
  } finally {
    await s.stop();
  }
});
