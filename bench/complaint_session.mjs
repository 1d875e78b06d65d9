// bench/complaints.sh set-up: signs in, opens the site's desk all day every day (the clocks
// count on the business calendar), and prints shell variables COOKIE, CSRF, SITE and DEPT
// (the first department: on a seeded database, one of the twenty with ~7,500 open tickets).
//   node bench/complaint_session.mjs URL USER PASSWORD
const [url, username, password] = process.argv.slice(2);

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
  let site = (await call('GET', '/sites')).items[0];
  if (!site) site = await call('POST', '/sites', { name: '压测总部', code: 'BENCH' });
  await call('PATCH', `/sites/${site.id}`, { desk_hours: [{ start: '00:00', end: '24:00' }] });
  await call('PATCH', `/sites/${site.id}/calendar`, { working_weekdays: [1, 2, 3, 4, 5, 6, 7] });
  const depts = (await call('GET', '/departments')).items ?? []
  console.log(`COOKIE='${cookie}'\nCSRF='${csrf}'\nSITE=${site.id}\nDEPT=${depts[0]?.id ?? 0}`);
}
main().catch((e) => { console.error(e); process.exit(1); });
