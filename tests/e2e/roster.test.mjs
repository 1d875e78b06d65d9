// The front desk as a post in the browser (DESK-1, DESK-2): the admin clerk plans a
// clerk's shift on the week grid and sees the lunch break flagged as a gap, names the lunch
// cover and sees the gap close; the clerk on duty hands over at the visitor desk to a named
// colleague, who confirms on a phone, and comes back; the supervisor logs two violations
// and sees the month become dereliction, which the clerk sees on a phone. Screens at 1920,
// 1024 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, pickOption, noHorizontalOverflow, RUN,
  ADMIN_USER, ADMIN_PASSWORD, DESK, TABLET, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const PLANNER = `rplan${RUN}`;
const CLERK_A = `rdeska${RUN}`;
const CLERK_B = `rdeskb${RUN}`;
const NAME_A = `张值${RUN}`;
const NAME_B = `李守${RUN}`;
const SITE = `值班测试${RUN}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);  // the site's zone

let browser;
let admin;
let site;
const staff = {};
before(async () => {
  admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  const s = await admin('POST', '/sites', { name: SITE, code: `R${RUN}`.slice(0, 20) });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  site = s.body;
  // Every day is a working day here, so the test does not depend on the weekday.
  assert.equal((await admin('PATCH', `/sites/${site.id}/calendar`, { working_weekdays: [1, 2, 3, 4, 5, 6, 7] })).status, 200);
  await userWithRole(admin, PLANNER, 'admin_clerk');
  for (const [key, username, name] of [['A', CLERK_A, NAME_A], ['B', CLERK_B, NAME_B]]) {
    const u = await userWithRole(admin, username, 'front_desk');
    const r = await admin('POST', '/staff', { name, site_id: site.id, user_id: u.id });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    staff[key] = r.body;
  }
  browser = await launch();
});
after(async () => { await browser?.close(); });

// Chooses an option of an el-select / el-time-select by its exact text.
async function choose(page, test, text) {
  await page.locator(sel(test)).first().click();
  await page.locator('.el-select-dropdown__item:visible').getByText(text, { exact: true }).first().click();
}

test('the admin clerk plans a shift, sees the lunch break flagged as a gap and names the cover', async () => {
  const page = await newPage(browser, { viewport: DESK });
  await login(page, PLANNER, PW);
  await gotoMenu(page, 'roster');
  await pickOption(page, 'roster-site', SITE);
  const cell = page.locator(sel(`roster-cell-${staff.A.id}-${today}`));
  await cell.waitFor();

  // Nobody planned yet: the whole day is open.
  await cell.click();
  const dlg = page.locator(`${sel('roster-shift-dialog')}`).filter({ visible: true }).first();
  await dlg.waitFor();
  await choose(page, 'roster-shift-start', '00:00');
  await choose(page, 'roster-shift-end', '24:00');
  await dlg.locator(sel('roster-shift-save')).click();
  await dlg.waitFor({ state: 'hidden' });
  await cell.locator(sel('roster-shift'), { hasText: '00:00–24:00' }).waitFor();

  // DESK-1: the lunch break needs a named cover: it is flagged.
  const gaps = page.locator(sel(`roster-gaps-${today}`));
  const lunchGap = gaps.locator(sel('roster-gap'), { hasText: '午休无人顶岗' });
  await lunchGap.waitFor();
  assert.match(await lunchGap.innerText(), /11:30–13:30/);
  await page.locator(sel('roster-gap-summary')).waitFor();
  await shot(page, 'roster-gap-1920');

  await lunchGap.locator(sel('roster-name-cover')).click();
  await dlg.waitFor();
  await choose(page, 'roster-shift-clerk', NAME_B);
  await dlg.locator(sel('roster-shift-save')).click();
  await dlg.waitFor({ state: 'hidden' });
  await gaps.locator(sel('roster-no-gap')).waitFor();
  await page.locator(sel(`roster-cell-${staff.B.id}-${today}`)).locator(sel('roster-shift'), { hasText: '11:30–13:30' }).waitFor();
  await page.locator(sel('duty-bar')).waitFor();
  await shot(page, 'roster-week-1920');

  await page.setViewportSize(TABLET);
  await shot(page, 'roster-week-1024');
  expectCleanConsole(page);
  await page.close();
});

test('the clerk on duty hands over at the visitor desk; the colleague confirms on a phone; coming back ends it', async () => {
  // Who is at the desk now depends on the hour: outside lunch the clerk with the day
  // shift, during it the named lunch cover.
  const clerk = await apiSession(CLERK_A, PW);
  const now = (await clerk('GET', `/roster/now?site_id=${site.id}`)).body;
  assert.equal(now.on_duty.length, 1, JSON.stringify(now));
  const onA = now.on_duty[0].staff_id === staff.A.id;
  const [leaver, leaverName, taker, takerName] = onA ? [CLERK_A, NAME_A, CLERK_B, NAME_B] : [CLERK_B, NAME_B, CLERK_A, NAME_A];

  const desk = await newPage(browser, { viewport: TABLET });
  await login(desk, leaver, PW);
  await gotoMenu(desk, 'desk');
  await pickOption(desk, 'desk-site', SITE);
  const bar = desk.locator(sel('duty-bar'));
  await bar.locator(sel('duty-person')).filter({ hasText: leaverName, hasNotText: '交接' }).waitFor();
  await bar.locator(sel('duty-handover')).click();
  const dlg = desk.locator(sel('duty-handover-dialog')).filter({ visible: true }).first();
  await dlg.waitFor();
  await choose(desk, 'duty-colleague', takerName);
  await dlg.getByText('送文件', { exact: true }).click();
  await dlg.locator(sel('duty-handover-confirm')).click();
  await dlg.waitFor({ state: 'hidden' });
  await bar.locator(sel('duty-away'), { hasText: takerName }).waitFor();
  const person = bar.locator(sel('duty-person'), { hasText: takerName });
  await person.waitFor();
  assert.match(await person.innerText(), /交接/);
  await shot(desk, 'roster-handover-desk-1024');

  // The colleague, on a phone, is asked to confirm.
  const phone = await newPage(browser, { viewport: PHONE });
  await login(phone, taker, PW);
  await gotoMenu(phone, 'roster');
  await pickOption(phone, 'roster-site', SITE);
  const confirm = phone.locator(sel('duty-confirm'));
  await confirm.waitFor();
  assert.match(await confirm.innerText(), new RegExp(leaverName));
  await phone.locator(sel(`roster-daycard-${today}`)).waitFor();
  assert.ok(await noHorizontalOverflow(phone), 'no sideways scrolling at 390 px');
  await phone.evaluate(() => window.scrollTo(0, 0));
  await shot(phone, 'roster-day-list-390');
  await confirm.click();
  await phone.locator('.el-message--success', { hasText: '已确认接手' }).waitFor();
  await confirm.waitFor({ state: 'detached' });

  // Back at the desk: the hand-over ends, the clerk is on duty again.
  await bar.locator(sel('duty-back')).click();
  await bar.locator(sel('duty-handover')).waitFor();
  await bar.locator(sel('duty-person')).filter({ hasText: leaverName, hasNotText: '交接' }).waitFor();
  expectCleanConsole(desk);
  expectCleanConsole(phone);
  await desk.close();
  await phone.close();
});

test('the supervisor logs two violations and the month becomes dereliction; the clerk sees it', async () => {
  const page = await newPage(browser, { viewport: DESK });
  await login(page, PLANNER, PW);
  await gotoMenu(page, 'conduct');
  await pickOption(page, 'conduct-site', SITE);
  const row = page.locator(`${sel('conduct-report')} .el-table__body tr`, { hasText: NAME_A }).first();
  await row.waitFor();
  await page.locator(sel('conduct-rules')).waitFor();
  for (const details of ['11:40 前台无人，访客等候', '在前台吃早餐']) {
    await row.locator(sel(`conduct-log-${staff.A.id}`)).click();
    const dlg = page.locator(sel('conduct-dialog')).filter({ visible: true }).first();
    await dlg.waitFor();
    await dlg.locator(`${sel('conduct-details')} textarea, textarea${sel('conduct-details')}`).first().fill(details);
    await dlg.locator(sel('conduct-save')).click();
    await dlg.waitFor({ state: 'hidden' });
  }
  await row.locator(sel('conduct-status'), { hasText: '失职' }).waitFor();
  assert.equal(await row.locator(sel('conduct-count')).innerText(), '2');
  await row.locator('.el-table__expand-icon').click();
  await page.locator(sel('conduct-violation'), { hasText: '在前台吃早餐' }).waitFor();
  await shot(page, 'conduct-report-1920');

  // A serious one for the other clerk: the fine is checked against the range.
  await page.locator(sel('conduct-log')).click();
  const dlg = page.locator(sel('conduct-dialog')).filter({ visible: true }).first();
  await choose(page, 'conduct-clerk', NAME_B);
  await dlg.locator(sel('conduct-severity')).getByText('严重').click();
  await dlg.locator(`${sel('conduct-fine')} input, input${sel('conduct-fine')}`).first().fill('30');
  await dlg.locator(`${sel('conduct-details')} textarea, textarea${sel('conduct-details')}`).first().fill('与访客争吵');
  await dlg.locator(sel('conduct-save')).click();
  await dlg.locator('.el-form-item.is-error', { hasText: '罚款' }).waitFor();
  await dlg.locator(`${sel('conduct-fine')} input, input${sel('conduct-fine')}`).first().fill('80');
  await dlg.locator(sel('conduct-save')).click();
  await dlg.waitFor({ state: 'hidden' });
  const rowB = page.locator(`${sel('conduct-report')} .el-table__body tr`, { hasText: NAME_B }).first();
  await rowB.locator(sel('conduct-status'), { hasText: '不合格' }).waitFor();
  assert.match(await rowB.innerText(), /80\.00/);
  await page.setViewportSize(TABLET);
  await shot(page, 'conduct-report-1024');

  // The clerk sees their own month on a phone and writes an appeal.
  const phone = await newPage(browser, { viewport: PHONE });
  await login(phone, CLERK_A, PW);
  await gotoMenu(phone, 'conduct');
  const mine = phone.locator(sel('conduct-mine'));
  await mine.locator(sel('conduct-status'), { hasText: '失职' }).waitFor();
  await mine.locator(sel('conduct-appeal')).first().click();
  const appeal = phone.locator(sel('conduct-appeal-dialog')).filter({ visible: true }).first();
  await appeal.locator('textarea').fill('当时在引领访客去会议室');
  await appeal.locator(sel('conduct-appeal-save')).click();
  await mine.getByText('当时在引领访客去会议室').waitFor();
  assert.ok(await noHorizontalOverflow(phone), 'no sideways scrolling at 390 px');
  await shot(phone, 'conduct-mine-390');
  expectCleanConsole(page, { allowStatuses: [400] });
  expectCleanConsole(phone);
  await page.close();
  await phone.close();
});
