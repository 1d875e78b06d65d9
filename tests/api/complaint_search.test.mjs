// Finding a ticket by what the customer says on the phone (the ticket list's q), on SQLite
// and PostgreSQL: any part of the customer's name or organisation, simplified or traditional,
// pinyin initials (DATA-4); the phone number, whole or its last four digits (stored only
// encrypted and hashed, DATA-2); the ticket number, whole, without its letters or as its day.
// The search keeps to what the caller may see, follows a customer's new name, forgets an
// anonymised customer (DATA-5), and customers stored before it existed are found after a
// restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, BACKEND } from './lib/harness.mjs';

let srv;
let site;
const c = {};
const u = {};
const dept = {};
const t = {};  // tickets by name
const PASSWORD = 'Passw0rd-1';

function sql(statement) {
  if (BACKEND === 'sqlite') execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.dbUrl.slice('sqlite:'.length), statement]);
  else execFileSync('psql', [srv.dbUrl, '-q', '-c', statement]);
}

async function newTicket(body) {
  const r = await c.clerk.post('/complaints', { site_id: site.id, channel: 'phone', description: '来电反映问题', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// The numbers of the tickets `client` finds with q, sorted.
async function found(q, client = c.clerk) {
  const r = await client.get(`/complaints?page_size=500&q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, r.body.items.length, 'the count is of the matches');
  return r.body.items.map((x) => x.number).sort();
}
const numbers = (...names) => names.map((n) => t[n].number).sort();

before(async () => {
  srv = await startServer();
  c.admin = await srv.login();
  site = (await c.admin.post('/sites', { name: '客服中心', code: 'SRCH', time_zone: 'Asia/Shanghai' })).body;
  dept.tech = (await c.admin.post('/departments', { name: '技术研发部', site_id: site.id })).body;
  dept.impl = (await c.admin.post('/departments', { name: '实施部', site_id: site.id })).body;
  u.clerk = await srv.createUser({ username: 'clerk', roles: ['customer_service'], password: PASSWORD });
  u.headI = await srv.createUser({ username: 'headI', roles: ['dept_head', 'host'], password: PASSWORD, department_id: dept.impl.id });
  u.outsider = await srv.createUser({ username: 'outsider', roles: ['host'], password: PASSWORD });
  for (const name of ['clerk', 'headI', 'outsider']) c[name] = await srv.login(name, PASSWORD);

  t.zhang = await newTicket({ customer_name: '张伟', organisation: '深圳市字节科技有限公司', phone: '13800138000' });
  t.zhangTw = await newTicket({ customer_name: '張偉明', organisation: '台北分公司', phone: '13912345678' });
  t.li = await newTicket({ customer_name: '李娜', organisation: '华润置地', phone: '020-8765-4321', email: 'lina@example.com' });
  // Routed to 技术研发部: not in 实施部's head's sight.
  t.zhangTech = await newTicket({ customer_name: '张伟', phone: '13800138000', cause_class: 'product_quality', department_id: dept.tech.id });
});
after(async () => { await srv?.stop(); });

test('DATA-4: any part of the customer\'s name or organisation, simplified or traditional, or its pinyin initials', async () => {
  assert.deepEqual(await found('张伟'), numbers('zhang', 'zhangTw', 'zhangTech'), '张伟 also finds 張偉明');
  assert.deepEqual(await found('張偉'), numbers('zhang', 'zhangTw', 'zhangTech'), 'and the other way round');
  assert.deepEqual(await found('偉明'), numbers('zhangTw'));
  assert.deepEqual(await found('zwm'), numbers('zhangTw'));
  assert.deepEqual(await found('字节'), numbers('zhang', 'zhangTech'), 'the organisation, kept when the second call left it out');
  assert.deepEqual(await found('华润'), numbers('li'));
  assert.deepEqual(await found('娜'), numbers('li'), 'one character');
  assert.deepEqual(await found('王芳'), []);
});

test('DATA-2: the phone number, whole in any spelling or its last four digits', async () => {
  assert.deepEqual(await found('13800138000'), numbers('zhang', 'zhangTech'));
  assert.deepEqual(await found('+86 138-0013-8000'), numbers('zhang', 'zhangTech'));
  assert.deepEqual(await found('020 8765 4321'), numbers('li'));
  assert.deepEqual(await found('8000'), numbers('zhang', 'zhangTech'));
  assert.deepEqual(await found('5678'), numbers('zhangTw'));
  assert.deepEqual(await found('13800138001'), []);
});

test('the ticket number: whole, in small letters, without its letters, or its day', async () => {
  const n = t.li.number;  // "TS20261124-0003"
  assert.deepEqual(await found(n), [n]);
  assert.deepEqual(await found(n.toLowerCase()), [n]);
  assert.deepEqual(await found(n.slice(2)), [n], 'the prefix setting supplies the letters');
  assert.deepEqual(await found(`${n.slice(0, 11)}${Number(n.slice(11))}`), [n], 'the sequence without its zeros');
  assert.deepEqual(await found(n.slice(0, 10)), numbers('zhang', 'zhangTw', 'li', 'zhangTech'), 'the day\'s tickets');
  assert.deepEqual(await found(`${n.slice(0, 10)}-9999`), []);
});

test('the search keeps to the tickets the caller may see; a refused search names q and changes nothing', async () => {
  assert.deepEqual(await found('张伟', c.headI), numbers('zhang', 'zhangTw'), 'not 技术研发部\'s ticket');
  assert.deepEqual(await found('张伟', c.outsider), [], 'without complaints.read only one\'s own tickets');
  const r = await c.clerk.get(`/complaints?q=${'长'.repeat(40)}`);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'q');
  assert.match(r.body.error.message, /100/);
  const other = await c.clerk.get('/complaints?q=');
  assert.equal(other.status, 200, 'an empty q lists everything');
  assert.equal(other.body.total, 4);
});

test('a returning customer\'s new name is found; the old one is not', async () => {
  t.zhang2 = await newTicket({ customer_name: '张卫东', phone: '13800138000' });
  assert.equal(t.zhang2.customer.id, t.zhang.customer.id, 'the same customer, by phone');
  assert.deepEqual(await found('卫东'), numbers('zhang', 'zhangTech', 'zhang2'));
  assert.deepEqual(await found('张伟'), numbers('zhangTw'));
  assert.deepEqual(await found('字节'), numbers('zhang', 'zhangTech', 'zhang2'), 'the organisation stays');
});

test('customers stored before the search existed are found after a restart', async () => {
  sql("UPDATE complaint_customers SET search_doc = ''");
  if (BACKEND === 'sqlite') sql('DELETE FROM complaint_customers_fts');
  sql("DELETE FROM counters WHERE name = 'complaint_customer_search_version'");
  assert.deepEqual(await found('李娜'), []);
  await srv.stop({ keepDatabase: true });
  srv = await startServer({ dbUrl: srv.dbUrl, dir: srv.dir });
  c.clerk = await srv.login('clerk', PASSWORD);
  assert.deepEqual(await found('李娜'), numbers('li'));
  assert.deepEqual(await found('hr'), numbers('li'), '华润: initials too');
  assert.match(srv.log(), /built the search documents of 3 complaint customers/);
});

test('DATA-5: an anonymised customer is no longer found by name or phone', async () => {
  // What the retention run writes (complaints/retention.cpp), without waiting three years:
  // the ticket must be closed and the customer old.
  sql(`UPDATE complaints SET status = 'archived', is_open = 0 WHERE id = ${t.li.id}`);
  sql(`UPDATE complaint_customers SET updated_at = 0 WHERE id = ${t.li.customer.id}`);
  const admin = await srv.login();
  await srv.createUser({ username: 'admin2', roles: ['sysadmin'], password: PASSWORD });
  const admin2 = await srv.login('admin2', PASSWORD);
  const req = await admin.post('/retention/purge', { reason: '到期清理' });
  assert.equal(req.status, 202, req.text);
  assert.deepEqual(await found('李娜'), numbers('li'), 'nothing before the second approval');
  const ok = await admin2.post(`/approvals/${req.body.id}/approve`, { reason: '已核对' });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(await found('李娜'), []);
  assert.deepEqual(await found('娜'), [], 'nor by the name\'s other characters');
  assert.deepEqual(await found('020 8765 4321'), []);
  assert.deepEqual(await found(t.li.number), [t.li.number], 'the ticket itself stays');
});
