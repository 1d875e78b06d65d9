// Conference reception in the browser (PLAN-9, PLAN-10): a delegate opens the public
// registration link on a phone (390 px), without signing in, first forgets the phone
// number (the form says so at the field), then registers as head of a delegation with a
// halal diet, arriving by flight at the airport pickup point and asking for a room; the
// page shows the meal ticket code and its QR. The organiser (an admin clerk) sees the
// delegate in the list, the meal ticket list with the halal count, the pickup list with the
// flight in its time window, and exports the address book (CSV with BOM, phone masked). At
// the restaurant door, on her phone, she enters the delegate's code and the check-in shows
// the halal diet; the same ticket twice is refused. Screens at 1920, 1024 and 390 wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, noHorizontalOverflow, RUN, BASE,
  ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const CLERK = `conf${RUN}`;
const TITLE = `第二届餐博会${RUN}`;
const DELEGATION = `宁夏代表团${RUN}`;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let browser;
let conf;
// Days counted in Asia/Shanghai (the default site's zone) from today.
const day = (n) => new Date(Date.now() + 8 * HOUR + n * DAY).toISOString().slice(0, 10);

before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  // The public form allows a few registrations per address and minute; runs of this test
  // back to back (and the other browser tests) come from one address.
  assert.equal((await admin('PUT', '/settings/conferences.registrations_per_minute', { value: 600 })).status, 200);
  await userWithRole(admin, CLERK, 'admin_clerk');
  const sites = (await admin('GET', '/sites')).body.items;
  const c = await admin('POST', '/conferences', {
    site_id: sites[0].id, name: TITLE, place: '西安曲江国际会展中心', start_date: day(20), end_date: day(22),
    registration_opens_at: new Date(Date.now() - HOUR).toISOString(), registration_closes_at: new Date(Date.now() + 10 * DAY).toISOString(),
    fee_fen: 60000, contact: '会务组 029-12345678',
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const id = c.body.id;
  const ok = (r) => assert.ok(r.status === 201, JSON.stringify(r.body));
  ok(await admin('POST', `/conferences/${id}/hotels`, { name: 'A类', hotel: '西安宾馆', price_per_night_fen: 45000, rooms: 30 }));
  ok(await admin('POST', `/conferences/${id}/meals`, { day: day(20), kind: 'lunch', time: '12:00', place: '宾馆一楼', price_per_diner_fen: 8000 }));
  ok(await admin('POST', `/conferences/${id}/meals`, { day: day(20), kind: 'dinner', time: '18:00', place: '宾馆一楼', price_per_diner_fen: 12000 }));
  ok(await admin('POST', `/conferences/${id}/pickup-points`, { name: '咸阳国际机场 T3', kind: 'airport' }));
  // Another delegate, registered beforehand, so that the lists have more than one name.
  conf = (await admin('GET', `/conferences/${id}`)).body;
  const other = await fetch(`${BASE}/api/v1/register/${conf.public_token}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: '李联络', organisation: DELEGATION, role: 'liaison', phone: `1370000${String(Date.now()).slice(-4)}` }),
  });
  assert.equal(other.status, 201, await other.text());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  await admin('PUT', '/settings/conferences.registrations_per_minute', { value: 10 });
});

let ticketCode = '';

test('a delegate registers on the public form on a phone with a halal diet and gets a meal ticket', async () => {
  const phone = await newPage(browser, { viewport: PHONE });
  await phone.goto(`${BASE}/register/${conf.public_token}`);
  await phone.locator(sel('register-conference'), { hasText: TITLE }).waitFor();
  assert.ok(await noHorizontalOverflow(phone), 'the form fits a phone');
  const form = phone.locator(sel('register-form'));
  await form.locator(`input${sel('delegate-name')}`).fill('马明');
  await form.locator(`input${sel('delegate-organisation')}`).fill(DELEGATION);
  await form.locator(`input${sel('delegate-title')}`).fill('处长');
  await form.locator(sel('delegate-role-head')).click();
  await form.locator(sel('delegate-diet-halal')).click();
  await form.locator(`input${sel('delegate-diet-note')}`).fill('不饮酒');
  await form.locator(`input${sel('delegate-arrival-at')}`).fill(`${day(20)}T09:35`);
  await form.locator(`input${sel('delegate-arrival-number')}`).fill('CA1234');
  await form.locator(sel('delegate-arrival-point')).click();
  await phone.locator('.el-select-dropdown__item:visible', { hasText: '咸阳国际机场 T3' }).click();
  await form.locator(sel('delegate-hotel')).click();
  await phone.locator('.el-select-dropdown__item:visible', { hasText: 'A类' }).click();
  // The phone number is forgotten: the field says so, nobody is registered.
  await phone.click(sel('register-submit'));
  const phoneItem = form.locator('.el-form-item', { has: phone.locator(`input${sel('delegate-phone')}`) });
  await phoneItem.locator('.el-form-item__error', { hasText: '电话' }).waitFor();
  await shot(phone, 'conferences-register-error-390');
  await form.locator(`input${sel('delegate-phone')}`).fill('139 1234 5678');
  await shot(phone, 'conferences-register-390');
  await phone.click(sel('register-submit'));
  const ticket = phone.locator(sel('register-ticket'));
  await ticket.waitFor();
  ticketCode = (await ticket.locator(sel('register-code')).innerText()).trim();
  assert.match(ticketCode, /^\d{8}$/);
  assert.ok(await ticket.locator(sel('register-qr')).isVisible(), 'the QR code of the ticket is shown');
  await shot(phone, 'conferences-ticket-390');
  expectCleanConsole(phone, { allowStatuses: [400] });
  await phone.context().close();
});

test('the organiser sees the meal tickets with the halal count and the pickup list, and exports the address book', async () => {
  const page = await newPage(browser, { viewport: DESK });
  await login(page, CLERK, PW);
  await gotoMenu(page, 'conferenceList');
  await page.locator(sel('conferences-table')).getByText(TITLE).click();
  await page.locator(sel('page-title'), { hasText: TITLE }).waitFor();
  await page.locator(sel('hotels-table')).getByText('西安宾馆').waitFor();
  await shot(page, 'conferences-setup-1920');

  await page.click(sel('tab-delegates'));
  const delegates = page.locator(sel('delegates-table'));
  await delegates.getByText('马明').waitFor();
  assert.match(await delegates.innerText(), /139\*\*\*\*5678/, 'DATA-2: the phone is masked');
  assert.match(await delegates.innerText(), /清真/);
  await shot(page, 'conferences-delegates-1920');

  // Meal tickets: both eat lunch; one of them halal.
  await page.click(sel('tab-meals'));
  await page.locator(sel('ticket-table')).getByText('马明').waitFor();
  assert.equal((await page.locator(sel('meal-expected')).innerText()).trim(), '2');
  assert.match(await page.locator(sel('meal-diet-halal')).innerText(), /清真\s*1/);
  assert.match(await page.locator(sel('meal-diet-normal')).innerText(), /普通\s*1/);
  assert.match(await page.locator(sel('kitchen')).innerText(), /马明.*不饮酒/s);
  await shot(page, 'conferences-meals-1920');

  // The pickup list: 马明 on CA1234 in the 09:00–10:00 run at the airport.
  await page.click(sel('tab-pickup'));
  const run = page.locator(sel('pickup-run')).first();
  await run.waitFor();
  assert.match(await run.locator(sel('pickup-window')).innerText(), /09:00–10:00/);
  assert.match(await run.innerText(), /09:35\s*马明/);
  assert.match(await run.innerText(), /CA1234/);
  await shot(page, 'conferences-pickup-1920');

  // The address book, exported: UTF-8 with a BOM, the phone masked.
  await page.click(sel('tab-address'));
  await page.locator(sel('address-table')).getByText('马明').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel('address-export-csv'))]);
  const csv = readFileSync(await download.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'Excel reads it as UTF-8');
  const text = csv.toString('utf8');
  assert.match(text, new RegExp(`"${DELEGATION}","马明","","处长","团长","139\\*\\*\\*\\*5678"`));
  assert.ok(!text.includes('13912345678'), 'no full number without sensitive.reveal');
  await shot(page, 'conferences-address-1920');

  // Fees: the head is free.
  await page.click(sel('tab-fees'));
  await page.locator(sel('fees-table')).getByText(DELEGATION).waitFor();
  await shot(page, 'conferences-fees-1920');
  expectCleanConsole(page);

  // The same page at 1024 px.
  await page.setViewportSize(TABLET);
  await page.click(sel('tab-meals'));
  await page.locator(sel('ticket-table')).getByText('马明').waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'conferences-meals-1024');
  await page.context().close();
});

test('at the restaurant door, on a phone, the ticket code checks the delegate in and shows the halal diet; twice is refused', async () => {
  const phone = await newPage(browser, { viewport: PHONE });
  await login(phone, CLERK, PW);
  const lunch = conf.meals.find((m) => m.kind === 'lunch');
  await phone.goto(`${BASE}/conferences/${conf.id}/meals/${lunch.id}/checkin`);
  await phone.locator(sel('checkin-list')).getByText('马明').waitFor();
  assert.equal((await phone.locator(sel('checkin-checked')).innerText()).trim(), '0');
  await phone.locator(`input${sel('checkin-code')}`).fill(ticketCode);
  await phone.keyboard.press('Enter');
  const feedback = phone.locator(sel('checkin-feedback'));
  await feedback.locator('.title', { hasText: '马明' }).waitFor();
  assert.match(await feedback.locator(sel('checkin-feedback-diet')).innerText(), /清真/);
  await phone.locator(sel('checkin-checked'), { hasText: '1' }).waitFor();
  assert.ok(await noHorizontalOverflow(phone));
  await shot(phone, 'conferences-checkin-390');
  // The same ticket again.
  await phone.locator(`input${sel('checkin-code')}`).fill(ticketCode);
  await phone.click(sel('checkin-submit'));
  await feedback.locator('.title', { hasText: '已于' }).waitFor();
  assert.ok(await feedback.evaluate((el) => el.classList.contains('bad')));
  // Ticking the other delegate by name.
  const other = (await (await fetch(`${BASE}/api/v1/register/${conf.public_token}`)).json());
  assert.ok(other.name);
  await phone.locator(`input${sel('checkin-search')}`).fill('李联络');
  await phone.locator(sel('checkin-list')).locator('.el-checkbox', { hasText: '李联络' }).click();
  await phone.locator(sel('checkin-checked'), { hasText: '2' }).waitFor();
  expectCleanConsole(phone, { allowStatuses: [409] });
  await phone.context().close();
});
