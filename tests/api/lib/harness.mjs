// Starts the real `yingbin` binary on a random loopback port with a fresh database and
// gives tests HTTP clients that behave like the web app (cookie, CSRF header, language).
//
// Environment:
//   YINGBIN_BIN            the binary (default build/yingbin from the repository root)
//   YINGBIN_TEST_BACKEND   sqlite (default) | postgres
//   YINGBIN_TEST_PG_BASE   postgresql://postgres@127.0.0.1:PORT  (for postgres: each server
//                          gets its own new database there)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.YINGBIN_BIN || path.join(ROOT, 'build/yingbin');
export const BACKEND = process.env.YINGBIN_TEST_BACKEND || 'sqlite';
export const ADMIN_PASSWORD = 'Admin-12345';

function newDatabaseUrl(dir) {
  if (BACKEND === 'sqlite') return `sqlite:${path.join(dir, 'yingbin.db')}`;
  const base = process.env.YINGBIN_TEST_PG_BASE;
  if (!base) throw new Error('YINGBIN_TEST_PG_BASE is required for the postgres backend');
  const name = `yb_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [`${base}/postgres`, '-q', '-c', `CREATE DATABASE ${name}`]);
  return `${base}/${name}`;
}

function dropDatabase(url) {
  if (!url.startsWith('postgres')) return;
  const base = process.env.YINGBIN_TEST_PG_BASE;
  const name = url.slice(url.lastIndexOf('/') + 1);
  try {
    execFileSync('psql', [`${base}/postgres`, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  } catch { /* the cluster is thrown away at the end anyway */ }
}

// An HTTP client holding one session, like a browser tab of the web app.
export class Client {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookie = '';
    this.csrf = '';
    this.lang = 'zh-CN';
    this.bearer = '';
  }

  // Sends a request; `body` objects are sent as JSON, strings and Buffers as they are.
  // Returns {status, body (parsed JSON or null), text, headers}.
  async request(method, apiPath, body, { contentType, headers = {}, csrf = true } = {}) {
    const url = apiPath.startsWith('/api') || apiPath.startsWith('http')
      ? (apiPath.startsWith('http') ? apiPath : this.baseUrl + apiPath)
      : `${this.baseUrl}/api/v1${apiPath}`;
    const h = { 'Accept-Language': this.lang, ...headers };
    if (this.cookie) h.Cookie = this.cookie;
    if (this.bearer) h.Authorization = `Bearer ${this.bearer}`;
    if (csrf && this.csrf && method !== 'GET' && method !== 'HEAD') h['X-CSRF-Token'] = this.csrf;
    let payload;
    if (body !== undefined && body !== null) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        payload = body;
        h['Content-Type'] = contentType || 'application/json';
      } else {
        payload = JSON.stringify(body);
        h['Content-Type'] = contentType || 'application/json';
      }
    }
    const res = await fetch(url, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie && setCookie.startsWith('yb_session=')) {
      const value = setCookie.split(';')[0];
      this.cookie = value === 'yb_session=' ? '' : value;
    }
    const text = await res.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get(p, opts) { return this.request('GET', p, undefined, opts); }
  post(p, body, opts) { return this.request('POST', p, body ?? {}, opts); }
  put(p, body, opts) { return this.request('PUT', p, body ?? {}, opts); }
  patch(p, body, opts) { return this.request('PATCH', p, body ?? {}, opts); }
  del(p, body, opts) { return this.request('DELETE', p, body, opts); }
}

export class TestServer {
  constructor(proc, url, dir, dbUrl, logFile) {
    this.proc = proc;
    this.url = url;
    this.dir = dir;
    this.dbUrl = dbUrl;
    this.logFile = logFile;
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  }

  anon() { return new Client(this.url); }

  // Signs in (admin by default) and returns the client. Throws when sign-in fails.
  async login(username = 'admin', password = ADMIN_PASSWORD) {
    const c = new Client(this.url);
    const r = await c.post('/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    c.csrf = r.body.csrf_token;
    c.me = r.body.user;
    return c;
  }

  // Creates a user with built-in role codes through the admin API; returns the user JSON.
  async createUser({ username, password = 'Passw0rd-1', roles = [], department_id = null, display_name }) {
    const admin = this.adminClient || (this.adminClient = await this.login());
    const list = await admin.get('/roles');
    const ids = roles.map((code) => {
      const role = list.body.items.find((r) => r.code === code);
      if (!role) throw new Error(`no role ${code}`);
      return role.id;
    });
    const r = await admin.post('/users', { username, password, role_ids: ids, department_id, display_name });
    if (r.status !== 201) throw new Error(`create user failed: ${r.status} ${r.text}`);
    return r.body;
  }

  // Runs a CLI subcommand against this server's database; returns {status, stdout, stderr}.
  cli(args, input) {
    try {
      const stdout = execFileSync(BIN, [...args, '--db', this.dbUrl], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
      return { status: 0, stdout, stderr: '' };
    } catch (e) {
      return { status: e.status, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
    }
  }

  log() { return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : ''; }

  // Stops with SIGTERM (graceful) and returns {code, signal}.
  async stop({ keepDatabase = false } = {}) {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    const result = await this.exited;
    if (!keepDatabase) {
      dropDatabase(this.dbUrl);
      rmSync(this.dir, { recursive: true, force: true });
    }
    return result;
  }
}

// The port a test server listens on: any free one (0), or with YINGBIN_TEST_PORTS=FROM-TO
// (e.g. 28100-28199, on a machine where engineers share port ranges) a free one from that
// range.
let nextPort = Math.floor(Math.random() * 1000);  // parallel test files start apart
async function listenPort() {
  const range = /^(\d+)-(\d+)$/.exec(process.env.YINGBIN_TEST_PORTS || '');
  if (!range) return 0;
  const [from, to] = [Number(range[1]), Number(range[2])];
  const { createServer } = await import('node:net');
  const free = (port) => new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((nextPort + i) % (to - from + 1));
    if (await free(port)) {
      nextPort = port - from + 1;
      return port;
    }
  }
  throw new Error(`no free port in YINGBIN_TEST_PORTS=${process.env.YINGBIN_TEST_PORTS}`);
}

// Starts a server. Options: env (extra environment), args (extra flags), dbUrl (reuse a
// database, e.g. to restart after a crash), dir (reuse a directory).
export async function startServer({ env = {}, args = [], dbUrl, dir } = {}) {
  dir = dir || mkdtempSync(path.join(tmpdir(), 'yingbin-test-'));
  dbUrl = dbUrl || newDatabaseUrl(dir);
  const logFile = path.join(dir, 'server.log');
  const { openSync } = await import('node:fs');
  const out = openSync(logFile, 'a');
  const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${await listenPort()}`, '--db', dbUrl, ...args], {
    env: {
      ...process.env,
      YINGBIN_INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      YINGBIN_LOGIN_RATE: '100000',
      YINGBIN_KEY_FILE: path.join(dir, 'yingbin.key'),
      ...env,
    },
    stdio: ['ignore', 'pipe', out],
  });
  let buffered = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${buffered}`)), 30000);
    proc.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      const m = buffered.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${buffered}\n${readFileSync(logFile, 'utf8')}`));
    });
  });
  // Keep draining stdout (access log) into the log file so the pipe never fills.
  const { appendFileSync } = await import('node:fs');
  appendFileSync(logFile, buffered);
  proc.stdout.on('data', (chunk) => appendFileSync(logFile, chunk));
  return new TestServer(proc, url, dir, dbUrl, logFile);
}
