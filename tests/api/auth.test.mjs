// Accounts and access: login, cookie + CSRF, lockout, rate limit, password change,
// sessions, users, roles, permissions, API tokens, department scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN_PASSWORD, Client } from './lib/harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
  assert.ok(r.body.error.request_id, 'a request id is always present');
}

test('login sets an HttpOnly SameSite=Strict cookie and returns a CSRF token', async () => {
  const c = srv.anon();
  const r = await c.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
  assert.equal(r.status, 200, r.text);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^yb_session=[^;]{20,};/);
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Strict/i);
  assert.match(cookie, /Path=\//);
  assert.ok(r.body.csrf_token.length >= 20);
  assert.equal(r.body.user.username, 'admin');
  assert.ok(r.body.user.permissions.includes('users.write'));
  assert.equal(r.body.user.scope, 'all');
  c.csrf = r.body.csrf_token;
  const me = await c.get('/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, 'admin');
  assert.equal(me.body.csrf_token, c.csrf);
});

test('wrong password and unknown user answer the same 401 in the caller language', async () => {
  const c = srv.anon();
  const wrong = await c.post('/auth/login', { username: 'admin', password: 'nope-nope-1' });
  assertError(wrong, 401, 'unauthenticated');
  assert.equal(wrong.body.error.message, '用户名或密码错误');
  const unknown = await c.post('/auth/login', { username: 'nobody', password: 'nope-nope-1' });
  assertError(unknown, 401, 'unauthenticated');
  assert.equal(unknown.body.error.message, wrong.body.error.message);
  c.lang = 'en';
  const en = await c.post('/auth/login', { username: 'admin', password: 'nope-nope-1' });
  assert.equal(en.body.error.message, 'wrong username or password');
  c.lang = 'zh-TW';
  const tw = await c.post('/auth/login', { username: 'admin', password: 'nope-nope-1' });
  assert.equal(tw.body.error.message, '使用者名稱或密碼錯誤');
});

test('login requires username and password fields', async () => {
  const c = srv.anon();
  assertError(await c.post('/auth/login', { password: 'x' }), 400, 'invalid_argument', 'username');
  assertError(await c.post('/auth/login', { username: 'admin' }), 400, 'invalid_argument', 'password');
  assertError(await c.post('/auth/login', { username: 7, password: 'x' }), 400, 'invalid_argument', 'username');
});

test('every route except login and health needs sign-in', async () => {
  const c = srv.anon();
  for (const p of ['/auth/me', '/users', '/roles', '/sites', '/staff', '/audit']) {
    assertError(await c.get(p), 401, 'unauthenticated');
  }
  assert.equal((await c.get('/health')).status, 200);
});

test('a write with the session cookie but without the CSRF token is refused and changes nothing', async () => {
  const admin = await srv.login();
  const before = await admin.get('/roles');
  const r = await admin.post('/roles', { code: 'csrf_probe', name: '探针', scope: 'all', permissions: [] }, { csrf: false });
  assertError(r, 403, 'csrf_invalid');
  const bad = await admin.request('POST', '/api/v1/roles', { code: 'csrf_probe', name: '探针', scope: 'all', permissions: [] },
    { csrf: false, headers: { 'X-CSRF-Token': 'forged-token-value-123456' } });
  assertError(bad, 403, 'csrf_invalid');
  const afterList = await admin.get('/roles');
  assert.equal(afterList.body.items.length, before.body.items.length);
});

test('logout ends the session', async () => {
  const c = await srv.login();
  const oldCookie = c.cookie;
  assert.equal((await c.post('/auth/logout')).status, 204);
  assert.equal(c.cookie, '', 'the server cleared the cookie');
  c.cookie = oldCookie; // a stolen copy of the cookie is worthless after logout
  assertError(await c.get('/auth/me'), 401, 'unauthenticated');
});

test('built-in roles exist for every kind of user in the domain', async () => {
  const admin = await srv.login();
  const r = await admin.get('/roles');
  const codes = r.body.items.map((x) => x.code).sort();
  for (const code of ['admin_clerk', 'customer_service', 'dept_head', 'front_desk', 'gm_office', 'host', 'security', 'sysadmin']) {
    assert.ok(codes.includes(code), `role ${code}`);
  }
  const host = r.body.items.find((x) => x.code === 'host');
  assert.equal(host.builtin, true);
  assert.equal(host.scope, 'department');
  const del = await admin.del(`/roles/${host.id}`);
  assertError(del, 409, 'conflict');
  const rename = await admin.patch(`/roles/${host.id}`, { name: '改名' });
  assertError(rename, 409, 'conflict');
});

test('a user without users.read is refused; a custom role grants exactly its permissions', async () => {
  const admin = await srv.login();
  await srv.createUser({ username: 'desk1', roles: ['front_desk'], display_name: '前台一' });
  const desk = await srv.login('desk1', 'Passw0rd-1');
  assertError(await desk.get('/users'), 403, 'forbidden');
  assertError(await desk.post('/sites', { name: 'X', code: 'X', time_zone: 'UTC' }), 403, 'forbidden');
  assert.equal((await desk.get('/sites')).status, 200);

  const role = await admin.post('/roles', { code: 'user_viewer', name: '用户查看', scope: 'all', permissions: ['users.read'] });
  assert.equal(role.status, 201, role.text);
  assert.deepEqual(role.body.permissions, ['users.read']);
  const unknownPerm = await admin.post('/roles', { code: 'bad_perm', name: '坏', scope: 'all', permissions: ['root.everything'] });
  assertError(unknownPerm, 400, 'invalid_argument', 'permissions');
  const user = await srv.createUser({ username: 'viewer1' });
  const upd = await admin.patch(`/users/${user.id}`, { role_ids: [role.body.id] });
  assert.equal(upd.status, 200, upd.text);
  const viewer = await srv.login('viewer1', 'Passw0rd-1');
  assert.equal((await viewer.get('/users')).status, 200);
  assertError(await viewer.post('/users', { username: 'x2', password: 'Passw0rd-1', role_ids: [] }), 403, 'forbidden');
  // The custom role can be deleted once unused... but it is in use: conflict, or cascade?
  const del = await admin.del(`/roles/${role.body.id}`);
  assert.ok([204, 409].includes(del.status), del.text);
});

test('users: duplicate usernames conflict; weak passwords are refused with the field named', async () => {
  const admin = await srv.login();
  await srv.createUser({ username: 'dup1' });
  const dup = await admin.post('/users', { username: 'dup1', password: 'Passw0rd-1', role_ids: [] });
  assertError(dup, 409, 'conflict');
  const dupCase = await admin.post('/users', { username: 'DUP1', password: 'Passw0rd-1', role_ids: [] });
  assertError(dupCase, 409, 'conflict');
  const weak = await admin.post('/users', { username: 'weak1', password: 'short', role_ids: [] });
  assertError(weak, 400, 'invalid_argument', 'password');
  const list = await admin.get('/users?q=weak1');
  assert.equal(list.body.items.length, 0, 'nothing was created');
});

test('the last system administrator cannot be disabled', async () => {
  const admin = await srv.login();
  const me = await admin.get('/auth/me');
  const r = await admin.patch(`/users/${me.body.user.id}`, { disabled: true });
  assertError(r, 409, 'conflict');
  assert.equal((await admin.get('/auth/me')).status, 200);
});

test('a disabled user cannot sign in and loses open sessions', async () => {
  const admin = await srv.login();
  const u = await srv.createUser({ username: 'leaver1', roles: ['host'] });
  const leaver = await srv.login('leaver1', 'Passw0rd-1');
  assert.equal((await leaver.get('/auth/me')).status, 200);
  assert.equal((await admin.patch(`/users/${u.id}`, { disabled: true })).status, 200);
  assertError(await leaver.get('/auth/me'), 401, 'unauthenticated');
  const again = await srv.anon().post('/auth/login', { username: 'leaver1', password: 'Passw0rd-1' });
  assertError(again, 401, 'unauthenticated');
});

test('password change: old password checked, strength checked, other sessions revoked', async () => {
  await srv.createUser({ username: 'pw1', roles: ['host'] });
  const a = await srv.login('pw1', 'Passw0rd-1');
  const b = await srv.login('pw1', 'Passw0rd-1');
  assertError(await a.post('/auth/password', { old_password: 'wrong-Passw0rd', new_password: 'New-Passw0rd-2' }), 400, 'invalid_argument', 'old_password');
  assertError(await a.post('/auth/password', { old_password: 'Passw0rd-1', new_password: 'abc' }), 400, 'invalid_argument', 'new_password');
  assert.equal((await a.post('/auth/password', { old_password: 'Passw0rd-1', new_password: 'New-Passw0rd-2' })).status, 204);
  assert.equal((await a.get('/auth/me')).status, 200, 'the session that changed it stays');
  assertError(await b.get('/auth/me'), 401, 'unauthenticated');
  assertError(await srv.anon().post('/auth/login', { username: 'pw1', password: 'Passw0rd-1' }), 401, 'unauthenticated');
  assert.equal((await srv.anon().post('/auth/login', { username: 'pw1', password: 'New-Passw0rd-2' })).status, 200);
});

test('sessions are listed and a user can revoke their own, not someone else\'s', async () => {
  await srv.createUser({ username: 'sess1', roles: ['host'] });
  await srv.createUser({ username: 'sess2', roles: ['host'] });
  const a = await srv.login('sess1', 'Passw0rd-1');
  const b = await srv.login('sess1', 'Passw0rd-1');
  const other = await srv.login('sess2', 'Passw0rd-1');
  const list = await a.get('/auth/sessions');
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 2);
  const current = list.body.items.find((s) => s.current);
  const notCurrent = list.body.items.find((s) => !s.current);
  assert.ok(current && notCurrent);
  assertError(await other.del(`/auth/sessions/${notCurrent.id}`), 404, 'not_found');
  assert.equal((await b.get('/auth/me')).status, 200);
  assert.equal((await a.del(`/auth/sessions/${notCurrent.id}`)).status, 204);
  assertError(await b.get('/auth/me'), 401, 'unauthenticated');
  assert.equal((await a.get('/auth/me')).status, 200);
});

test('repeated failures lock the account (423), even for the right password; an admin unlocks it', async () => {
  const admin = await srv.login();
  const u = await srv.createUser({ username: 'lock1', roles: ['host'] });
  const c = srv.anon();
  for (let i = 0; i < 5; i++) {
    assertError(await c.post('/auth/login', { username: 'lock1', password: 'wrong-pass-1' }), 401, 'unauthenticated');
  }
  const locked = await c.post('/auth/login', { username: 'lock1', password: 'Passw0rd-1' });
  assertError(locked, 423, 'account_locked');
  assert.match(locked.body.error.message, /15 分钟/);
  const shown = await admin.get(`/users/${u.id}`);
  assert.ok(shown.body.locked_until, 'the lock is visible to the admin');
  assert.equal((await admin.post(`/users/${u.id}/unlock`)).status, 204);
  assert.equal((await c.post('/auth/login', { username: 'lock1', password: 'Passw0rd-1' })).status, 200);
});

test('login attempts are rate-limited per address (429)', async () => {
  const limited = await startServer({ env: { YINGBIN_LOGIN_RATE: '3' } });
  try {
    const c = limited.anon();
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await c.post('/auth/login', { username: 'admin', password: 'wrong-pass-1' })).status);
    }
    assert.deepEqual(statuses.slice(0, 3), [401, 401, 401]);
    const r = await c.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    assertError(r, 429, 'rate_limited');
  } finally {
    await limited.stop();
  }
});

test('API tokens: the secret is shown once, works as Bearer within its scopes, and revocation ends it', async () => {
  const admin = await srv.login();
  const created = await admin.post('/tokens', { name: '门禁集成', kind: 'integration', scopes: ['org.read'] });
  assert.equal(created.status, 201, created.text);
  assert.match(created.body.secret, /^ybt_/);
  assert.deepEqual(created.body.token.scopes, ['org.read']);
  const list = await admin.get('/tokens');
  assert.ok(!JSON.stringify(list.body).includes(created.body.secret), 'the secret is never listed');

  const bot = new Client(srv.url);
  bot.bearer = created.body.secret;
  assert.equal((await bot.get('/sites')).status, 200);
  // No CSRF needed for bearer writes, but scope is enforced.
  assertError(await bot.post('/sites', { name: '机器人站点', code: 'BOT', time_zone: 'UTC' }), 403, 'forbidden');
  assertError(await bot.get('/users'), 403, 'forbidden');

  assert.equal((await admin.del(`/tokens/${created.body.token.id}`)).status, 204);
  assertError(await bot.get('/sites'), 401, 'unauthenticated');
  const forged = new Client(srv.url);
  forged.bearer = 'ybt_' + 'x'.repeat(40);
  assertError(await forged.get('/sites'), 401, 'unauthenticated');
});

test('a token cannot be given a scope that is not a permission', async () => {
  const admin = await srv.login();
  const r = await admin.post('/tokens', { name: 'bad', kind: 'integration', scopes: ['everything'] });
  assertError(r, 400, 'invalid_argument', 'scopes');
});

test('user add on the command line creates a working account', async () => {
  const r = srv.cli(['user', 'add', '--username', 'cliuser', '--role', 'front_desk', '--password-stdin'], 'Cli-Passw0rd-9\n');
  assert.equal(r.status, 0, r.stderr);
  const c = await srv.login('cliuser', 'Cli-Passw0rd-9');
  assert.ok(c.me.roles.some((x) => x.code === 'front_desk'));
  const bad = srv.cli(['user', 'add', '--username', 'cli2', '--role', 'no_such_role', '--password-stdin'], 'Cli-Passw0rd-9\n');
  assert.notEqual(bad.status, 0);
  const dup = srv.cli(['user', 'add', '--username', 'cliuser', '--role', 'front_desk', '--password-stdin'], 'Cli-Passw0rd-9\n');
  assert.notEqual(dup.status, 0);
});

test('DATA-2: a department head lists only users of their own department subtree, with right totals', async () => {
  const admin = await srv.login();
  const sales = await admin.post('/departments', { name: '销售部' });
  const east = await admin.post('/departments', { name: '华东组', parent_id: sales.body.id });
  const hr = await admin.post('/departments', { name: '人事部' });
  for (const [username, dept] of [['sales_a', sales], ['sales_b', sales], ['east_a', east], ['hr_a', hr], ['hr_b', hr]]) {
    await srv.createUser({ username, roles: ['host'], department_id: dept.body.id });
  }
  await srv.createUser({ username: 'sales_head', roles: ['dept_head'], department_id: sales.body.id });
  const head = await srv.login('sales_head', 'Passw0rd-1');
  const all = await head.get('/users?page_size=500');
  assert.equal(all.status, 200, all.text);
  const names = all.body.items.map((u) => u.username).sort();
  assert.deepEqual(names, ['east_a', 'sales_a', 'sales_b', 'sales_head']);
  assert.equal(all.body.total, 4);
  const page = await head.get('/users?page=2&page_size=3');
  assert.equal(page.body.total, 4, 'the total counts the scope, not the page');
  assert.equal(page.body.items.length, 1);
  const hrUser = (await admin.get('/users?q=hr_a')).body.items[0];
  assert.equal((await head.get(`/users/${hrUser.id}`)).status, 404, 'outside the scope is not there');
});

test('built-in roles: a default added by a new version is granted once; an admin removal sticks', async () => {
  const s = await startServer();
  try {
    const admin = await s.login();
    const roles = (await admin.get('/roles')).body.items;
    const host = roles.find((r) => r.code === 'host');
    assert.ok(host.permissions.includes('visits.host'), 'hosts receive their visitors by default');
    const trimmed = host.permissions.filter((p) => p !== 'visits.host');
    const r = await admin.patch(`/roles/${host.id}`, { permissions: trimmed, reason: '本单位不让员工自行预约' });
    assert.equal(r.status, 200, r.text);
    await s.stop({ keepDatabase: true });
    const again = await startServer({ dbUrl: s.dbUrl, dir: s.dir });
    try {
      const a2 = await again.login();
      const after = (await a2.get('/roles')).body.items.find((x) => x.code === 'host');
      assert.ok(!after.permissions.includes('visits.host'), 'a restart does not undo the removal');
    } finally {
      await again.stop();
    }
  } finally {
    if (s.proc.exitCode === null && s.proc.signalCode === null) await s.stop();
  }
});
