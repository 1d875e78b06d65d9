// Several app nodes on one PostgreSQL database (DESIGN.md "Scale-out"): a screen connected
// to one node sees the live events caused on another (LISTEN/NOTIFY fan-out).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, BACKEND } from './lib/harness.mjs';

const pgOnly = { skip: BACKEND !== 'postgres' && 'several nodes need PostgreSQL' };
let nodeA;
let nodeB;
before(async () => {
  if (BACKEND !== 'postgres') return;
  nodeA = await startServer();
  nodeB = await startServer({ dbUrl: nodeA.dbUrl });
});
after(async () => {
  await nodeB?.stop({ keepDatabase: true });
  await nodeA?.stop();
});

// Reads the SSE stream of `client` on `node` and resolves with the first `name` event.
async function firstEvent(node, client, name, timeoutMs = 5000) {
  const ac = new AbortController();
  const res = await fetch(`${node.url}/api/v1/events`, { headers: { Cookie: client.cookie }, signal: ac.signal });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buf += decoder.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (ev.event === name) return ev;
      }
    }
  } catch {
    return null; // timed out
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

// Without fan-out only the node whose worker delivered the row would publish it, so a
// host with a screen on each node would see it on one of them: both must.
test('a host with screens on node A and node B sees a visitor registered at node A on both', pgOnly, async () => {
  const adminA = await nodeA.login();
  const hostUser = await nodeA.createUser({ username: 'cluster_host', roles: ['host'] });
  await nodeA.createUser({ username: 'cluster_desk', roles: ['front_desk'] });
  const site = (await adminA.get('/sites')).body.items[0];
  const staff = (await adminA.post('/staff', { name: '集群接待人', site_id: site.id, user_id: hostUser.id })).body;
  const hostOnB = await nodeB.login('cluster_host', 'Passw0rd-1');
  const hostOnA = await nodeA.login('cluster_host', 'Passw0rd-1');
  const deskOnA = await nodeA.login('cluster_desk', 'Passw0rd-1');

  const heardOnB = firstEvent(nodeB, hostOnB, 'visit.arrived');
  const heardOnA = firstEvent(nodeA, hostOnA, 'visit.arrived');
  await new Promise((r) => setTimeout(r, 300)); // the stream is open before the event
  const t0 = Date.now();
  const r = await deskOnA.post('/visits/walk-ins', { site_id: site.id, host_staff_id: staff.id, visitor_kind: 'other', visitor_name: '跨节点访客' });
  assert.equal(r.status, 201, r.text);
  const [onA, onB] = await Promise.all([heardOnA, heardOnB]);
  assert.ok(onA, 'node A\'s screen got the event within 5 s');
  assert.ok(onB, 'node B\'s screen got the event within 5 s');
  assert.match(onB.data, /跨节点访客/);
  assert.equal(onA.id, onB.id, 'the same event, once per screen');
  assert.ok(Date.now() - t0 < 5000);
});
