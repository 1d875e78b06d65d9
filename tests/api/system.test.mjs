// The server itself: health, error shape and language, security headers, request ids,
// body limit, static files with SPA fallback, graceful shutdown, the OpenAPI document,
// configuration precedence, version, migrate and backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { startServer, BIN, BACKEND, ADMIN_PASSWORD } from './lib/harness.mjs';

let srv;
let webRoot;
before(async () => {
  webRoot = mkdtempSync(path.join(tmpdir(), 'yingbin-web-'));
  mkdirSync(path.join(webRoot, 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(webRoot, 'dist', 'index.html'), '<!doctype html><title>迎宾</title><div id=app>SPA-INDEX</div>');
  writeFileSync(path.join(webRoot, 'dist', 'assets', 'app-1234.js'), 'console.log("asset")');
  writeFileSync(path.join(webRoot, 'secret.txt'), 'TOP-SECRET-OUTSIDE-ROOT');
  srv = await startServer({ args: ['--web-root', path.join(webRoot, 'dist')] });
});
after(async () => {
  await srv?.stop();
  rmSync(webRoot, { recursive: true, force: true });
});

test('GET /api/v1/health answers {"status":"ok"}', async () => {
  const r = await srv.anon().get('/health');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok' });
  assert.match(r.headers.get('content-type'), /application\/json/);
});

test('every response carries the security headers and a request id', async () => {
  for (const p of ['/api/v1/health', '/api/v1/nope', '/', '/assets/app-1234.js']) {
    const r = await srv.anon().get(srv.url + p);
    assert.match(r.headers.get('content-security-policy') || '', /default-src 'self'/, p);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', p);
    assert.ok(r.headers.get('x-request-id'), p);
  }
  const echoed = await srv.anon().get('/health', { headers: { 'X-Request-Id': 'trace-abc.123' } });
  assert.equal(echoed.headers.get('x-request-id'), 'trace-abc.123');
  const insane = await srv.anon().get('/health', { headers: { 'X-Request-Id': 'bad id <script>' } });
  assert.notEqual(insane.headers.get('x-request-id'), 'bad id <script>');
});

test('unknown API routes answer 404 and wrong methods 405, in the caller language', async () => {
  const c = srv.anon();
  const r = await c.get('/api/v1/no-such-thing');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  assert.equal(r.body.error.message, '接口不存在');
  assert.equal(r.body.error.request_id, r.headers.get('x-request-id'));
  c.lang = 'en';
  assert.equal((await c.get('/api/v1/no-such-thing')).body.error.message, 'no such API route');
  c.lang = 'zh-TW,zh;q=0.9';
  assert.equal((await c.get('/api/v1/no-such-thing')).body.error.message, '介面不存在');
  c.lang = 'fr-FR, en;q=0.5';
  assert.equal((await c.get('/api/v1/no-such-thing')).body.error.message, 'no such API route');
  const m = await srv.anon().request('DELETE', '/api/v1/health');
  assert.equal(m.status, 405);
  assert.equal(m.body.error.code, 'method_not_allowed');
});

test('a body over the limit answers 413 payload_too_large', async () => {
  const big = JSON.stringify({ username: 'x'.repeat(1_100_000), password: 'y' });
  const r = await srv.anon().post('/auth/login', big);
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'payload_too_large');
});

test('static files are served, unknown pages fall back to index.html, assets do not', async () => {
  const c = srv.anon();
  const index = await c.get(srv.url + '/');
  assert.equal(index.status, 200);
  assert.match(index.text, /SPA-INDEX/);
  assert.match(index.headers.get('content-type'), /text\/html/);
  const deep = await c.get(srv.url + '/desk/queue?site=1');
  assert.equal(deep.status, 200);
  assert.match(deep.text, /SPA-INDEX/);
  const asset = await c.get(srv.url + '/assets/app-1234.js');
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type'), /javascript/);
  assert.match(asset.headers.get('cache-control'), /immutable/);
  assert.equal((await c.get(srv.url + '/assets/missing.js')).status, 404);
});

// fetch() normalises "..", so traversal attempts are sent raw over a socket.
function rawGet(port, target) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    sock.on('data', (d) => { data += d.toString(); });
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
  });
}

test('no path traversal out of the web root', async () => {
  const port = new URL(srv.url).port;
  for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd']) {
    const answer = await rawGet(port, target);
    assert.ok(!answer.includes('TOP-SECRET-OUTSIDE-ROOT'), target);
    assert.ok(!answer.includes('root:x:0:0'), target);
  }
});

test('the OpenAPI document describes every route the server has, and nothing else', async () => {
  const r = await srv.anon().get('/api/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.body.openapi, /^3\./);
  const routes = execFileSync(BIN, ['routes'], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(routes.length > 20);
  const documented = new Set();
  for (const [p, ops] of Object.entries(r.body.paths)) {
    for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${p}`);
  }
  const served = new Set(routes.map((x) => `${x.method} ${x.path}`));
  const missing = [...served].filter((x) => !documented.has(x));
  const stale = [...documented].filter((x) => !served.has(x));
  assert.deepEqual(missing, [], 'routes missing from src/api/openapi.json');
  assert.deepEqual(stale, [], 'documented routes that do not exist');
  for (const x of routes) {
    const op = r.body.paths[x.path][x.method.toLowerCase()];
    assert.equal(op['x-permission'], x.permission, `${x.method} ${x.path} permission`);
  }
});

test('version prints the version', () => {
  const out = execFileSync(BIN, ['version'], { encoding: 'utf8' });
  assert.match(out, /^yingbin \d+\.\d+\.\d+/);
});

test('SIGTERM lets a request in flight finish, then the server exits 0', async () => {
  const s = await startServer();
  try {
    const c = s.anon();
    // A login hashes a password (~100 ms on a worker): long enough to be in flight.
    const pending = c.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    await new Promise((r) => setTimeout(r, 20));
    s.proc.kill('SIGTERM');
    const r = await pending;
    assert.equal(r.status, 200, r.text);
    const exit = await s.exited;
    assert.equal(exit.code, 0);
    await assert.rejects(fetch(`${s.url}/api/v1/health`));
  } finally {
    await s.stop();
  }
});

test('configuration: flags win over the config file, the file over YINGBIN_* variables', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yingbin-conf-'));
  const conf = path.join(dir, 'yingbin.conf');
  writeFileSync(conf, 'body-limit = 2000\n');
  const body = (n) => JSON.stringify({ username: 'u'.repeat(n), password: 'p' });
  try {
    // env 1000, file 2000 -> 2000
    let s = await startServer({ env: { YINGBIN_BODY_LIMIT: '1000' }, args: ['--config', conf] });
    assert.notEqual((await s.anon().post('/auth/login', body(1500))).status, 413);
    assert.equal((await s.anon().post('/auth/login', body(2500))).status, 413);
    await s.stop();
    // env alone -> 1000
    s = await startServer({ env: { YINGBIN_BODY_LIMIT: '1000' } });
    assert.equal((await s.anon().post('/auth/login', body(1500))).status, 413);
    await s.stop();
    // flag 3000 beats file and env
    s = await startServer({ env: { YINGBIN_BODY_LIMIT: '1000' }, args: ['--config', conf, '--body-limit', '3000'] });
    assert.notEqual((await s.anon().post('/auth/login', body(2500))).status, 413);
    assert.equal((await s.anon().post('/auth/login', body(3500))).status, 413);
    await s.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('access log lines are JSON with method, path, status and request id', async () => {
  const s = await startServer({ env: { YINGBIN_LOG_LEVEL: 'info' } });
  try {
    await s.anon().get('/health', { headers: { 'X-Request-Id': 'log-probe-1' } });
    await new Promise((r) => setTimeout(r, 1500)); // the logger flushes every second
  } finally {
    await s.stop({ keepDatabase: true });
  }
  const line = s.log().split('\n').find((l) => l.includes('log-probe-1'));
  assert.ok(line, 'an access log line for the request');
  const entry = JSON.parse(line);
  assert.equal(entry.method, 'GET');
  assert.equal(entry.path, '/api/v1/health');
  assert.equal(entry.status, 200);
  rmSync(s.dir, { recursive: true, force: true });
});

test('migrate is idempotent and backup writes a database a new server can run on', { skip: BACKEND !== 'sqlite' }, async () => {
  const s = await startServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'yingbin-backup-'));
  try {
    const admin = await s.login();
    const site = await admin.post('/sites', { name: '备份测试园区', code: 'BK', time_zone: 'Asia/Shanghai' });
    assert.equal(site.status, 201, site.text);
    const m = s.cli(['migrate']);
    assert.equal(m.status, 0, m.stderr);
    const file = path.join(dir, 'copy.db');
    const b = s.cli(['backup', '--to', file]);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(existsSync(file));
    const restored = await startServer({ dbUrl: `sqlite:${file}`, dir });
    const again = await restored.login();
    const sites = await again.get('/sites');
    assert.ok(sites.body.items.some((x) => x.name === '备份测试园区'));
    await restored.stop();
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a save acknowledged before kill -9 is still there after restart', async () => {
  const s = await startServer();
  const admin = await s.login();
  const site = await admin.post('/sites', { name: '断电测试', code: 'KILL9', time_zone: 'Asia/Shanghai' });
  assert.equal(site.status, 201, site.text);
  s.proc.kill('SIGKILL');
  await s.exited;
  const again = await startServer({ dbUrl: s.dbUrl, dir: s.dir });
  try {
    const c = await again.login();
    const got = await c.get(`/sites/${site.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.name, '断电测试');
  } finally {
    await again.stop();
  }
});

test('every walk-in acknowledged while many are being written survives kill -9', async () => {
  // On SQLite the writer commits batches without waiting for the disk and a second thread
  // syncs the log before the batch is answered (db/pool.cpp): whatever was answered 201
  // must be there after the process dies in the middle of it.
  const s = await startServer();
  const admin = await s.login();
  const site = await admin.post('/sites', { name: '并发断电', code: 'KILLW', time_zone: 'Asia/Shanghai' });
  assert.equal(site.status, 201, site.text);
  const host = await admin.post('/staff', { name: '断电接待人', site_id: site.body.id });
  assert.equal(host.status, 201, host.text);
  const acknowledged = [];
  let stop = false;
  const writer = async (w) => {
    for (let i = 0; !stop; i++) {
      try {
        const r = await admin.post('/visits/walk-ins', {
          site_id: site.body.id, host_staff_id: host.body.id, visitor_kind: 'other', visitor_name: `并发${w}-${i}`,
        });
        if (r.status === 201) acknowledged.push(r.body.visit);
      } catch {
        return; // the connection died with the server
      }
    }
  };
  const writers = Array.from({ length: 16 }, (_, w) => writer(w));
  while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 5));
  s.proc.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  await s.exited;
  const again = await startServer({ dbUrl: s.dbUrl, dir: s.dir });
  try {
    const c = await again.login();
    for (const v of acknowledged) {
      const got = await c.get(`/visits/${v.id}`);
      assert.equal(got.status, 200, `visit ${v.number} was acknowledged and is gone`);
      assert.equal(got.body.number, v.number);
      assert.equal(got.body.visitor_name, v.visitor_name);
    }
  } finally {
    await again.stop();
  }
});

test('without a configured password the first admin gets a generated one, printed once, to be changed', async () => {
  const s = await startServer({ env: { YINGBIN_INITIAL_ADMIN_PASSWORD: '' } });
  try {
    const printed = s.log().match(/password: (\S+)/);
    assert.ok(printed, 'the password is printed on the console');
    const c = await s.login('admin', printed[1]);
    assert.equal(c.me.must_change_password, true);
    assert.equal((await c.post('/auth/password', { old_password: printed[1], new_password: 'Chosen-Passw0rd-1' })).status, 204);
    assert.equal((await c.get('/auth/me')).body.user.must_change_password, false);
  } finally {
    await s.stop();
  }
  const again = await startServer({ env: { YINGBIN_INITIAL_ADMIN_PASSWORD: '' } });
  await again.stop({ keepDatabase: true });
  const restarted = await startServer({ env: { YINGBIN_INITIAL_ADMIN_PASSWORD: '' }, dbUrl: again.dbUrl, dir: again.dir });
  try {
    assert.equal((restarted.log().match(/First administrator account created/g) || []).length, 1,
      'a restart creates no second admin and prints no password');
  } finally {
    await restarted.stop();
  }
});

test('a client that expects 100-continue gets the go-ahead, then the answer', async () => {
  const port = new URL(srv.url).port;
  const body = JSON.stringify({ username: 'admin', password: 'wrong-pass-1' });
  const answer = await new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    let sent = false;
    sock.on('data', (d) => {
      data += d.toString();
      if (!sent && data.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) {
        sent = true;
        sock.write(body);
      }
    });
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
    setTimeout(() => reject(new Error(`no answer: ${data}`)), 5000);
  });
  assert.match(answer, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 401 /);
});
