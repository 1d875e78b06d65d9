// bench/receptions.sh set-up: through the API, as a planner's page would, builds one formal
// reception of DAYS days for GUESTS guests with ITEMS itinerary items (meals with menus
// against the guests' taboos, pickups and see-offs with vehicles, visits in venues, every
// item with accompanying staff), staff roles with backups and budget lines; submits it and
// approves it. Prints shell variables COOKIE, CSRF, ID, ITEM (one item's id), ITEM_BODY (its
// JSON), BUILD_MS (the whole build) and the counts.
//   node bench/seed_reception.mjs URL USER PASSWORD [DAYS GUESTS ITEMS]
const [url, username, password, days = '5', guests = '30', items = '200'] = process.argv.slice(2);

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
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  };
  const t0 = Date.now();
  const site = (await call('GET', '/sites')).items[0];
  const staff = [];
  for (let i = 0; i < 40; i++) staff.push(await call('POST', '/staff', { name: `接待员${i}`, site_id: site.id, rank: 4 + (i % 8) }));
  const host = await call('POST', '/staff', { name: '王总', site_id: site.id, rank: 14 });
  const venues = [];
  for (let i = 0; i < 4; i++) venues.push(await call('POST', '/venues', { name: `会客室${i}`, site_id: site.id, kind: 'small_meeting_room', capacity: 40 }));
  // The visit starts a week from today (site-local).
  const start = new Date(Date.now() + 8 * 3600_000 + 7 * 86400_000);
  const day = (n) => new Date(start.getTime() + n * 86400_000).toISOString().slice(0, 10);
  const taboos = [['halal'], ['vegetarian'], ['no_pork'], [], [], ['no_seafood'], [], ['no_alcohol']];
  const guestList = [];
  for (let i = 0; i < Number(guests); i++) {
    guestList.push({ name: `来宾${i}`, title: i === 0 ? '董事长' : '经理', rank: i === 0 ? 14 : 6, is_chief: i === 0,
      taboos: taboos[i % taboos.length], allergies: i % 10 === 3 ? '花生' : '',
      departure_at: new Date(Date.parse(`${day(Number(days) - 1)}T17:00:00+08:00`)).toISOString(), departure_transport: 'flight' });
  }
  const plan = await call('POST', '/receptions', {
    name: '大型经销商考察团', visiting_unit: '全国经销商联合会', grade_code: 'senior', start_date: day(0), end_date: day(Number(days) - 1),
    host_staff_id: host.id, policy: '热情周到', guests: guestList,
  });
  const kinds = ['pickup', 'visit', 'work', 'meeting', 'meal', 'visit', 'work', 'meal'];
  const perDay = Math.ceil(Number(items) / Number(days));
  let made = 0;
  let one = null;
  for (let d = 0; d < Number(days) && made < Number(items); d++) {
    for (let k = 0; k < perDay && made < Number(items); k++, made++) {
      // Up to 40 items a day in 20-minute slots from 07:00, in four parallel groups.
      const slot = Math.floor(k / 4);
      const group = k % 4;
      const startMin = 7 * 60 + slot * 30;
      const kind = kinds[(k + d) % kinds.length];
      const hh = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const body = {
        day: day(d), start: hh(startMin), end: hh(startMin + 25), kind, activity: `第${d + 1}天 ${kind} ${k}`,
        place: `地点${group}`, staff_ids: [staff[(group * 10 + slot) % 40].id, staff[(group * 10 + slot + 5) % 40].id],
        vehicle: kind === 'pickup' ? `粤A ${1000 + group}` : '', venue_id: kind === 'meeting' || kind === 'work' ? venues[group].id : null,
      };
      if (kind === 'meal') Object.assign(body, { meal_type: 'other', menu: '清蒸鱼、时蔬、米饭、红烧肉', planned_fen: 200000 });
      const p = await call('POST', `/receptions/${plan.id}/items`, body);
      if (!one) {
        const it = p.items[0];
        one = { id: it.id, body: { ...body } };
      }
    }
  }
  await call('PUT', `/receptions/${plan.id}/staff`, { staff: [
    { role: 'driver', staff_a_id: staff[0].id, staff_b_id: staff[1].id },
    { role: 'greeter', staff_a_id: staff[2].id, staff_b_id: staff[3].id },
    { role: 'guide', staff_a_id: staff[4].id, staff_b_id: staff[5].id },
    { role: 'recorder', staff_a_id: staff[6].id, staff_b_id: staff[7].id },
    { role: 'logistics', staff_a_id: staff[8].id, staff_b_id: staff[9].id },
  ] });
  await call('PUT', `/receptions/${plan.id}/budget-lines`, { budget_lines: [
    { category: 'transport', description: '大巴租赁', quantity: Number(days), planned_fen: 300000 },
    { category: 'materials', description: '资料印刷', planned_fen: 50000 },
  ] });
  await call('POST', `/receptions/${plan.id}/submit`, {});
  await call('POST', `/receptions/${plan.id}/approve`, {});
  const buildMs = Date.now() - t0;
  const full = await call('GET', `/receptions/${plan.id}`);
  const q = (s) => `'${String(s).replace(/'/g, "'\\''")}'`;
  console.log([
    `COOKIE=${q(cookie)}`, `CSRF=${q(csrf)}`, `ID=${plan.id}`, `ITEM=${one.id}`, `ITEM_BODY=${q(JSON.stringify(one.body))}`,
    `BUILD_MS=${buildMs}`, `N_ITEMS=${full.items.length}`, `N_GUESTS=${full.guests.length}`,
    `N_CONFLICTS=${full.conflicts.length}`, `TOTAL_FEN=${full.total_fen}`,
  ].join('\n'));
}
main().catch((e) => { console.error(e); process.exit(1); });
