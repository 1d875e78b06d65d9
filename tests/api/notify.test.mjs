// notify/: the transactional outbox (DATA-6: nothing acknowledged is lost), e-mail through a
// real SMTP server (aiosmtpd), webhooks to a real local receiver in the generic, WeCom,
// DingTalk and Feishu formats, retries with back-off, dead rows and their requeue, the
// user's inbox and preferences, and Server-Sent Events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer } from './lib/harness.mjs';
import { SmtpSink, freePort } from './lib/smtp_sink.mjs';
import { WebhookReceiver } from './lib/webhook_receiver.mjs';

const MAX_ATTEMPTS = 6;
const BACKOFF_MS = 150;  // waits 150, 300, 600, 1200, 2400 ms: a dead row in ~4.7 s

let srv;
let admin;
let sink;  // started by the first test: until then SMTP is down
before(async () => {
  sink = new SmtpSink(await freePort());
  srv = await startServer({
    env: {
      YINGBIN_SMTP_URL: sink.url,
      YINGBIN_SMTP_FROM: '迎宾系统 <noreply@yingbin.test>',
      YINGBIN_NOTIFY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      YINGBIN_NOTIFY_BACKOFF_MS: String(BACKOFF_MS),
      YINGBIN_NOTIFY_POLL_MS: '100',
    },
  });
  admin = await srv.login();
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
});

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls the outbox until `pred(row)` holds for the row `find` picks; returns that row.
async function waitOutbox(find, pred, timeoutMs = 10000, query = '') {
  const deadline = Date.now() + timeoutMs;
  let row;
  for (;;) {
    const r = await admin.get(`/outbox?page_size=500${query}`);
    assert.equal(r.status, 200, r.text);
    row = r.body.items.find(find);
    if (row && pred(row)) return row;
    if (Date.now() > deadline) throw new Error(`outbox row not as expected: ${JSON.stringify(row)}`);
    await sleep(50);
  }
}

// Opens GET /api/v1/events with the client's session cookie and parses events as they come.
async function openEvents(client, query = '') {
  const ac = new AbortController();
  const res = await fetch(`${srv.url}/api/v1/events${query}`, {
    headers: { Cookie: client.cookie }, signal: ac.signal,
  });
  const events = [];
  let waiters = [];
  if (res.status === 200) {
    (async () => {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = { at: Date.now() };
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const c = line.indexOf(':');
              const key = line.slice(0, c);
              const value = line.slice(c + 1).replace(/^ /, '');
              if (key === 'data') ev.data = ev.data === undefined ? value : `${ev.data}\n${value}`;
              else ev[key] = value;
            }
            if (ev.event || ev.data !== undefined) {
              events.push(ev);
              waiters = waiters.filter((w) => !w());
            }
          }
        }
      } catch { /* aborted */ }
    })();
  }
  return {
    res,
    events,
    // The first event named `name` not taken before (by arrival), within timeoutMs.
    next(name, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const ev = events.find((e) => e.event === name && !e.taken);
          if (!ev) return false;
          ev.taken = true;
          clearTimeout(timer);
          resolve({ ...ev, json: ev.data ? JSON.parse(ev.data) : null });
          return true;
        };
        const timer = setTimeout(() => reject(new Error(`no "${name}" event in ${timeoutMs} ms: ${JSON.stringify(events)}`)), timeoutMs);
        if (!check()) waiters.push(check);
      });
    },
    close() { ac.abort(); },
  };
}

let hostUser;   // a user whose staff record has an e-mail address
let hostClient;

test('DATA-6: an e-mail enqueued while SMTP is down stays in the outbox, is retried and delivered once SMTP is up', async () => {
  const r = await admin.post('/notify/test', { emails: ['down@yingbin.test'], subject: '故障恢复测试', body: '服务器恢复后送达' });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.deliveries, 1);
  const failing = await waitOutbox((o) => o.recipient === 'down@yingbin.test',
    (o) => o.attempts >= 1 && o.status === 'pending', 5000, '&channel=email');
  assert.match(failing.last_error, /smtp/i);
  assert.equal(failing.sent_at, null);

  await sink.start();
  const sent = await waitOutbox((o) => o.recipient === 'down@yingbin.test', (o) => o.status === 'sent', 10000);
  assert.ok(sent.attempts >= 2, JSON.stringify(sent));
  assert.equal(sent.last_error, '');
  assert.ok(sent.sent_at);
  const mails = await sink.waitFor(1);
  const mail = mails.find((m) => m.subject === '故障恢复测试');
  assert.ok(mail, JSON.stringify(mails));
  assert.match(mail.to, /down@yingbin\.test/);
});

test('e-mail: to a user\'s staff address, Chinese subject decoded, text + HTML, inline QR code image', async () => {
  hostUser = await srv.createUser({ username: 'notify_host', roles: ['host'], display_name: '李四' });
  const staff = await admin.post('/staff', { name: '李四', email: 'lisi@yingbin.test', user_id: hostUser.id });
  assert.equal(staff.status, 201, staff.text);
  hostClient = await srv.login('notify_host', 'Passw0rd-1');

  const r = await admin.post('/notify/test', {
    user_ids: [hostUser.id], subject: '访客已到达：张三（华为技术有限公司）',
    body: '张三 已在一楼前台等候。\n请尽快下楼迎接。', qr_text: 'VIS-20261123-0007',
  });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.deliveries, 2, 'inapp + email');
  const mails = await sink.waitFor(2);
  const mail = mails.find((m) => m.subject === '访客已到达：张三（华为技术有限公司）');
  assert.ok(mail, JSON.stringify(mails.map((m) => m.subject)));
  assert.match(mail.from, /迎宾系统/);
  assert.match(mail.from, /noreply@yingbin\.test/);
  assert.match(mail.to, /lisi@yingbin\.test/);
  assert.equal(mail.content_type, 'multipart/related');
  const types = mail.parts.map((p) => p.content_type);
  assert.ok(types.includes('multipart/alternative'), types.join());
  const text = mail.parts.find((p) => p.content_type === 'text/plain');
  assert.equal(text.text, '张三 已在一楼前台等候。\n请尽快下楼迎接。');
  const html = mail.parts.find((p) => p.content_type === 'text/html');
  assert.match(html.text, /张三 已在一楼前台等候。<br>/);
  assert.match(html.text, /src="cid:qr"/);
  const png = mail.parts.find((p) => p.content_type === 'image/png');
  assert.ok(png, types.join());
  assert.equal(png.content_id, '<qr>');
  assert.equal(png.disposition, 'inline');
  assert.equal(png.head, '89504e470d0a1a0a', 'PNG signature');
  assert.ok(png.size > 100);

  // The same message is in the user's bell.
  const inbox = await hostClient.get('/notifications');
  assert.equal(inbox.status, 200, inbox.text);
  assert.equal(inbox.body.total, 1);
  assert.equal(inbox.body.unread, 1);
  assert.equal(inbox.body.items[0].title, '访客已到达：张三（华为技术有限公司）');
  assert.equal(inbox.body.items[0].read_at, null);
});

test('e-mail without a QR code is multipart/alternative only', async () => {
  const r = await admin.post('/notify/test', { emails: ['plain@yingbin.test'], subject: 'Plain 纯文本' });
  assert.equal(r.status, 202, r.text);
  const mails = await sink.waitFor(3);
  const mail = mails.find((m) => m.subject === 'Plain 纯文本');
  assert.ok(mail);
  assert.equal(mail.content_type, 'multipart/alternative');
  assert.ok(!mail.parts.some((p) => p.content_type === 'image/png'));
});

test('inbox: mark read, read all, unread filter; only one\'s own notifications', async () => {
  await admin.post('/notify/test', { user_ids: [hostUser.id], subject: '第二条' });
  await admin.post('/notify/test', { user_ids: [hostUser.id], subject: '第三条' });
  const all = await hostClient.get('/notifications');
  assert.equal(all.body.total, 3);
  assert.deepEqual(all.body.items.map((n) => n.title).slice(0, 2), ['第三条', '第二条'], 'newest first');
  const id = all.body.items[0].id;
  // Someone else's notification is not found for me.
  assertError(await admin.post(`/notifications/${id}/read`), 404, 'not_found');
  assert.equal((await hostClient.post(`/notifications/${id}/read`)).status, 204);
  assert.equal((await hostClient.post(`/notifications/${id}/read`)).status, 204, 'idempotent');
  const unread = await hostClient.get('/notifications?unread=1');
  assert.equal(unread.body.total, 2);
  assert.equal(unread.body.unread, 2);
  assert.ok(!unread.body.items.some((n) => n.id === id));
  const ra = await hostClient.post('/notifications/read-all');
  assert.equal(ra.status, 200, ra.text);
  assert.equal(ra.body.updated, 2);
  assert.equal((await hostClient.get('/notifications?unread=1')).body.total, 0);
  assertError(await hostClient.post('/notifications/999999/read'), 404, 'not_found');
});

test('preferences: defaults on; e-mail off stops e-mails; a muted topic stops the bell', async () => {
  const d = await hostClient.get('/notify/preferences');
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(d.body, { inapp: true, email: true, muted_topics: [] });

  const put = await hostClient.put('/notify/preferences', { inapp: true, email: false, muted_topics: [] });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.email, false);
  let r = await admin.post('/notify/test', { user_ids: [hostUser.id], subject: '不发邮件' });
  assert.equal(r.body.deliveries, 1, 'inapp only');
  assert.equal((await hostClient.get('/notifications')).body.items[0].title, '不发邮件');

  await hostClient.put('/notify/preferences', { email: true, muted_topics: ['notify.'] });
  assert.deepEqual((await hostClient.get('/notify/preferences')).body.muted_topics, ['notify.']);
  const before = (await hostClient.get('/notifications')).body.total;
  r = await admin.post('/notify/test', { user_ids: [hostUser.id], subject: '已屏蔽' });
  assert.equal(r.body.deliveries, 1, 'the live event only: no e-mail for a muted topic');
  assert.equal((await hostClient.get('/notifications')).body.total, before, 'no bell entry');
  await hostClient.put('/notify/preferences', { inapp: true, email: true, muted_topics: [] });
  assertError(await hostClient.put('/notify/preferences', { inapp: 'yes' }), 400, 'invalid_argument', 'inapp');
});

test('SSE: /events says ready, then delivers a notification within 2 s without polling', async () => {
  const stream = await openEvents(admin, '?site=1');
  assert.equal(stream.res.status, 200);
  assert.match(stream.res.headers.get('content-type'), /^text\/event-stream/);
  assert.equal(stream.res.headers.get('cache-control'), 'no-store');
  assert.equal(stream.res.headers.get('x-accel-buffering'), 'no');
  assert.equal(stream.res.headers.get('content-length'), null);
  assert.ok(stream.res.headers.get('x-request-id'));
  assert.equal(stream.res.headers.get('x-content-type-options'), 'nosniff');
  const ready = await stream.next('ready');
  assert.deepEqual(ready.json.subscriptions, [`user:${admin.me.id}`, 'site:1']);

  const t0 = Date.now();
  const r = await admin.post('/notify/test', { user_ids: [admin.me.id], subject: '实时通知', live_site_ids: [1] });
  assert.equal(r.status, 202, r.text);
  const first = await stream.next('notify.test');
  const second = await stream.next('notify.test');
  assert.ok(first.at - t0 < 2000 && second.at - t0 < 2000);
  const [mine, desk] = first.json.notification_id ? [first, second] : [second, first];
  assert.equal(mine.json.subject, '实时通知');
  assert.ok(mine.json.notification_id > 0);
  assert.equal(desk.json.notification_id, null, 'the desk event has no bell entry');
  stream.close();
});

test('SSE: desk streams need visits.read or visits.write; a bad site id is refused', async () => {
  const denied = await openEvents(hostClient, '?site=1');
  assertError({ status: denied.res.status, body: await denied.res.json() }, 403, 'forbidden');
  const bad = await openEvents(admin, '?site=abc');
  assertError({ status: bad.res.status, body: await bad.res.json() }, 400, 'invalid_argument', 'site');
  const anon = await fetch(`${srv.url}/api/v1/events`);
  assert.equal(anon.status, 401);
  // Without ?site= any signed-in user gets their own stream.
  const own = await openEvents(hostClient);
  assert.equal(own.res.status, 200);
  assert.deepEqual((await own.next('ready')).json.subscriptions, [`user:${hostUser.id}`]);
  own.close();
});

test('webhooks: CRUD, the secret is write-only, every change audited; admin only', async () => {
  assertError(await hostClient.get('/webhooks'), 403, 'forbidden');
  assertError(await admin.post('/webhooks', { name: 'x', url: 'ftp://example.com/' }), 400, 'invalid_argument', 'url');
  assertError(await admin.post('/webhooks', { name: 'x', url: 'http://example.com/', format: 'slack' }), 400, 'invalid_argument', 'format');
  assertError(await admin.post('/webhooks', { url: 'http://example.com/' }), 400, 'invalid_argument', 'name');

  const c = await admin.post('/webhooks', { name: '值班群', url: 'http://127.0.0.1:9/hook', format: 'wecom', secret: 'top-secret', topics: ' visit. , complaint.', reason: '新建' });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.secret, '********');
  assert.equal(c.body.topics, 'visit.,complaint.');
  assert.equal(c.body.active, true);
  const id = c.body.id;
  assertError(await admin.post('/webhooks', { name: '值班群', url: 'http://127.0.0.1:9/x' }), 409, 'conflict', 'name');

  const p = await admin.patch(`/webhooks/${id}`, { active: false, secret: '********', reason: '暂停' });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.active, false);
  assert.equal(p.body.secret, '********', 'the mask sent back keeps the secret');
  const got = await admin.get(`/webhooks/${id}`);
  assert.equal(got.body.format, 'wecom');
  const list = await admin.get('/webhooks');
  assert.ok(list.body.items.some((w) => w.id === id));
  assert.ok(!list.text.includes('top-secret'));

  assert.equal((await admin.del(`/webhooks/${id}`, { reason: '删除' })).status, 204);
  assertError(await admin.get(`/webhooks/${id}`), 404, 'not_found');
  const log = await admin.get(`/audit?entity=webhook&entity_id=${id}`);
  assert.equal(log.status, 200, log.text);
  assert.deepEqual(log.body.items.map((e) => e.action), ['delete', 'update', 'create']);
  assert.ok(!log.text.includes('top-secret'), 'no secret in the audit trail');
  assert.equal(log.body.items[2].reason, '新建');
});

test('webhooks: generic JSON signed with HMAC-SHA256; only topic-matching hooks get a message', async () => {
  const rx = await new WebhookReceiver({ body: 'ok' }).start();
  try {
    const hook = await admin.post('/webhooks', { name: 'generic', url: `${rx.url}/generic`, format: 'generic', secret: 's3cret', topics: 'notify.' });
    assert.equal(hook.status, 201, hook.text);
    const other = await admin.post('/webhooks', { name: 'visits only', url: `${rx.url}/visits`, topics: 'visit.' });
    assert.equal(other.status, 201, other.text);

    const r = await admin.post('/notify/test', { subject: '签名测试', body: '正文', webhooks: true });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.body.deliveries, 1, 'only the notify. hook matches');
    const [req] = await rx.waitFor(1);
    await sleep(300);
    assert.equal(rx.requests.length, 1);
    assert.equal(req.url, '/generic');
    assert.equal(req.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(req.headers['x-yingbin-topic'], 'notify.test');
    const ts = req.headers['x-yingbin-timestamp'];
    assert.match(ts, /^\d{10}$/);
    const expected = createHmac('sha256', 's3cret').update(`${ts}.${req.raw}`).digest('hex');
    assert.equal(req.headers['x-yingbin-signature'], `sha256=${expected}`);
    const body = JSON.parse(req.raw);
    assert.deepEqual(Object.keys(body), ['topic', 'subject', 'body', 'link', 'payload', 'sent_at']);
    assert.equal(body.subject, '签名测试');
    assert.equal(body.body, '正文');
    assert.equal(body.payload.by, 'admin');
    assert.match(body.sent_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await admin.del(`/webhooks/${hook.body.id}`);
    await admin.del(`/webhooks/${other.body.id}`);
  } finally {
    await rx.stop();
  }
});

test('webhooks: WeCom, DingTalk (signed URL) and Feishu (signed body) robot formats', async () => {
  const rx = await new WebhookReceiver({ body: '{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}' }).start();
  try {
    const mk = async (name, format, url, secret = '') => {
      const r = await admin.post('/webhooks', { name, format, url: `${rx.url}${url}`, secret, topics: 'nothing.' });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const ids = [
      await mk('wecom', 'wecom', '/wecom?key=K1'),
      await mk('dingtalk', 'dingtalk', '/dingtalk?access_token=T1', 'SECding'),
      await mk('feishu', 'feishu', '/feishu', 'SECfeishu'),
    ];
    for (const id of ids) {
      const t = await admin.post(`/webhooks/${id}/test`);
      assert.equal(t.status, 202, t.text);
      assert.ok(t.body.outbox_id > 0);
    }
    const reqs = await rx.waitFor(3);
    const byPath = (p) => reqs.find((q) => q.url.startsWith(p));

    const wecom = JSON.parse(byPath('/wecom').raw);
    assert.equal(wecom.msgtype, 'markdown');
    assert.match(wecom.markdown.content, /^\*\*迎宾测试消息 \/ Yingbin test message\*\*\n\n这是一条来自迎宾的测试消息。/);

    const ding = byPath('/dingtalk');
    const u = new URL(ding.url, rx.url);
    assert.equal(u.searchParams.get('access_token'), 'T1');
    const ts = u.searchParams.get('timestamp');
    assert.match(ts, /^\d{13}$/);
    const dingSign = createHmac('sha256', 'SECding').update(`${ts}\nSECding`).digest('base64');
    assert.equal(u.searchParams.get('sign'), dingSign);
    const dingBody = JSON.parse(ding.raw);
    assert.equal(dingBody.msgtype, 'markdown');
    assert.equal(dingBody.markdown.title, '迎宾测试消息 / Yingbin test message');
    assert.match(dingBody.markdown.text, /^\*\*迎宾测试消息/);

    const feishu = JSON.parse(byPath('/feishu').raw);
    assert.equal(feishu.msg_type, 'text');
    assert.match(feishu.content.text, /^迎宾测试消息 \/ Yingbin test message\n这是一条/);
    assert.match(feishu.timestamp, /^\d{10}$/);
    const feishuSign = createHmac('sha256', `${feishu.timestamp}\nSECfeishu`).update('').digest('base64');
    assert.equal(feishu.sign, feishuSign);
    for (const id of ids) await admin.del(`/webhooks/${id}`);
  } finally {
    await rx.stop();
  }
});

test('webhooks: a robot answering errcode != 0 is a failure', async () => {
  const rx = await new WebhookReceiver({ body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }).start();
  try {
    const h = await admin.post('/webhooks', { name: 'bad robot', format: 'wecom', url: `${rx.url}/w`, topics: 'nothing.' });
    const t = await admin.post(`/webhooks/${h.body.id}/test`);
    const row = await waitOutbox((o) => o.id === t.body.outbox_id, (o) => o.attempts >= 1);
    assert.equal(row.last_error, 'errcode 93000: invalid webhook url');
    await admin.del(`/webhooks/${h.body.id}`);
  } finally {
    await rx.stop();
  }
});

test('retries: a receiver failing twice then answering 200 ends sent with 3 attempts', async () => {
  const rx = await new WebhookReceiver({ script: [500, 500, 200], body: 'ok' }).start();
  try {
    const h = await admin.post('/webhooks', { name: 'flaky', url: `${rx.url}/flaky`, topics: 'nothing.' });
    const t = await admin.post(`/webhooks/${h.body.id}/test`);
    const row = await waitOutbox((o) => o.id === t.body.outbox_id, (o) => o.status === 'sent');
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, '');
    assert.equal(rx.requests.length, 3);
    await admin.del(`/webhooks/${h.body.id}`);
  } finally {
    await rx.stop();
  }
});

test('retries: a receiver that always fails ends dead; POST retry requeues it and it is delivered', async () => {
  const rx = await new WebhookReceiver({ script: [503], body: 'down' }).start();
  try {
    const h = await admin.post('/webhooks', { name: 'always down', url: `${rx.url}/down`, topics: 'nothing.' });
    const t = await admin.post(`/webhooks/${h.body.id}/test`);
    const id = t.body.outbox_id;
    const dead = await waitOutbox((o) => o.id === id, (o) => o.status === 'dead', 15000);
    assert.equal(dead.attempts, MAX_ATTEMPTS);
    assert.equal(dead.last_error, 'http 503: down');
    assert.equal(rx.requests.length, MAX_ATTEMPTS);
    const listed = await admin.get('/outbox?status=dead&channel=webhook');
    assert.ok(listed.body.items.some((o) => o.id === id), listed.text);

    assertError(await hostClient.post(`/outbox/${id}/retry`), 403, 'forbidden');
    rx.script = [200];
    const retry = await admin.post(`/outbox/${id}/retry`, { reason: '接收端已修复' });
    assert.equal(retry.status, 200, retry.text);
    assert.equal(retry.body.status, 'pending');
    assert.equal(retry.body.attempts, 0);
    const sent = await waitOutbox((o) => o.id === id, (o) => o.status === 'sent');
    assert.equal(sent.attempts, 1);
    assertError(await admin.post(`/outbox/${id}/retry`), 409, 'conflict');
    assertError(await admin.post('/outbox/99999999/retry'), 404, 'not_found');
    assertError(await admin.get('/outbox?status=lost'), 400, 'invalid_argument', 'status');
    await admin.del(`/webhooks/${h.body.id}`);
  } finally {
    await rx.stop();
  }
});
