// Search documents written by an older version are rebuilt when the server starts, so a
// 2-character search (which now looks up bigrams) still finds old visits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, BACKEND } from './lib/harness.mjs';

function sql(srv, statement) {
  if (BACKEND === 'sqlite') execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.dbUrl.slice('sqlite:'.length), statement]);
  else execFileSync('psql', [srv.dbUrl, '-q', '-c', statement]);
}

test('old search documents are rebuilt at start; 2-character search finds old visits again', async () => {
  let srv = await startServer();
  const admin = await srv.login();
  const site = (await admin.get('/sites')).body.items[0];
  const host = (await admin.post('/staff', { name: '升级接待', site_id: site.id })).body;
  const r = await admin.post('/visits/walk-ins', { site_id: site.id, host_staff_id: host.id, visitor_kind: 'other', visitor_name: '诸葛亮', company: '蜀汉集团' });
  assert.equal(r.status, 201, r.text);
  // What version 1 wrote: single characters and initials, no bigrams.
  const old = '诸 葛 亮 蜀 汉 集 团 zgl shjt';
  sql(srv, `UPDATE visits SET search_doc = '${old}'`);
  sql(srv, `UPDATE visitors SET search_doc = '${old}'`);
  if (BACKEND === 'sqlite') {
    sql(srv, `DELETE FROM visits_fts; INSERT INTO visits_fts (rowid, doc) SELECT id, search_doc FROM visits`);
  }
  sql(srv, "DELETE FROM counters WHERE name = 'search_doc_version'");
  const before = await admin.get(`/visits?q=${encodeURIComponent('诸葛')}`);
  assert.equal(before.body.items.length, 0, 'an old document lacks the bigram the query looks up');

  await srv.stop({ keepDatabase: true });
  srv = await startServer({ dbUrl: srv.dbUrl, dir: srv.dir });
  try {
    const again = await srv.login();
    for (const q of ['诸葛', '诸葛亮', '葛', 'zgl', '汉集']) {
      const found = await again.get(`/visits?q=${encodeURIComponent(q)}`);
      assert.equal(found.body.items.length, 1, `“${q}” finds the old visit`);
    }
    assert.match(srv.log(), /rebuilt the search documents of 2/);
  } finally {
    await srv.stop();
  }
});
