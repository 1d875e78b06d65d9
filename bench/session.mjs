// bench/visitors.sh set-up: signs in, opens the desk all day, makes sure a host exists, optionally puts N
// visitors in today's queue, and prints shell variables COOKIE, CSRF, SITE, HOST.
//   node bench/session.mjs URL USER PASSWORD [QUEUE]
const [url, username, password, queue = '0'] = process.argv.slice(2);

async function main() {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await login.json();
  const call = async (method, path, body) => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const site = (await call('GET', '/sites')).items[0];
  // The desk is open all day, every day: a check-in is measured as it happens in desk
  // hours, whatever the clock says (after closing time each registration would also fire
  // its "not checked out" task at once).
  await call('PATCH', `/sites/${site.id}`, { desk_hours: [{ start: '00:00', end: '24:00' }] });
  await call('PATCH', `/sites/${site.id}/calendar`, { working_weekdays: [1, 2, 3, 4, 5, 6, 7] });
  // The host has an e-mail address, so every check-in also writes the host's e-mail to the
  // outbox (the server in the bench has no SMTP: the worker marks those rows failed).
  const host = await call('POST', '/staff', { name: `压测接待人${Date.now() % 100000}`, site_id: site.id, email: 'bench-host@example.com' });
  for (let i = 0; i < Number(queue); i++) {
    await call('POST', '/visits/walk-ins', { site_id: site.id, host_staff_id: host.id, visitor_kind: 'other', visitor_name: `候客${i}` });
  }
  console.log(`COOKIE='${cookie}'\nCSRF='${csrf}'\nSITE=${site.id}\nHOST=${host.id}`);
}
main().catch((e) => { console.error(e); process.exit(1); });
