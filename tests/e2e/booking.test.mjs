// Appointments from the host's phone (VIS-3, VIS-5, VIS-6): book a visitor, move the
// time, cancel with a reason; a missing name is named on its field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, RUN, ADMIN_USER, ADMIN_PASSWORD, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD } from './lib/setup.mjs';

const HOST = `bk${RUN}`;
const HOST_NAME = `冯涛${RUN}`;
const GUEST = `预约客${RUN}`;

let browser;
let page;
let admin;
before(async () => {
  admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  const u = await userWithRole(admin, HOST, 'host');
  assert.equal((await admin('POST', '/staff', { name: HOST_NAME, user_id: u.id })).status, 201);
  browser = await launch();
  page = await newPage(browser, { viewport: PHONE });
});
after(async () => { await browser?.close(); });

test('a host books a visitor on the phone, reschedules, then cancels with a reason', async () => {
  await login(page, HOST, USER_PASSWORD);
  await gotoMenu(page, 'host');
  await page.click(sel('host-book'));
  const dlg = page.locator(sel('booking-dialog'));
  await dlg.waitFor();
  await dlg.locator(sel('booking-save')).click();
  await dlg.locator('.el-form-item.is-error', { hasText: '访客姓名' }).waitFor();

  await dlg.locator(sel('booking-name')).fill(GUEST);
  await dlg.locator(sel('booking-company')).fill('中建三局');
  await dlg.locator(sel('booking-email')).fill('not-an-email');
  await dlg.locator(sel('booking-save')).click();
  await dlg.locator('.el-form-item.is-error', { hasText: '电子邮箱' }).waitFor();
  await dlg.locator(sel('booking-email')).fill('guest@example.com');
  await shot(page, 'booking-390');
  await dlg.locator(sel('booking-save')).click();
  await dlg.waitFor({ state: 'hidden' });

  const card = page.locator('.visit', { hasText: GUEST });
  await card.waitFor();
  assert.match(await card.innerText(), /预约 .*\d\d:\d\d/);
  const mine = (await (await apiSession(HOST, USER_PASSWORD))('GET', '/visits/mine')).body.items;
  const booked = mine.find((v) => v.visitor_name === GUEST);
  assert.equal(booked.company, '中建三局');
  assert.equal(booked.status, 'expected');

  // VIS-5: a later time.
  await card.locator(sel('move-reschedule')).click();
  const picker = card.locator('.el-date-editor input');
  const later = new Date(Date.now() + 3 * 3600_000);
  const pad = (n) => String(n).padStart(2, '0');
  const text = `${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())} ${pad(later.getHours())}:${pad(later.getMinutes())}`;
  await picker.fill(text);
  await picker.press('Enter');
  await card.locator(sel('move-send')).click();
  await page.getByText('已更新').first().waitFor();
  const moved = (await admin('GET', `/visits/${booked.id}`)).body;
  assert.ok(Math.abs(new Date(moved.expected_at) - later) < 60_000, `moved to ${moved.expected_at}, wanted ${later.toISOString()}`);

  // VIS-6: cancelling needs a reason, which the visitor is told.
  await card.locator(sel('move-cancel')).click();
  await card.locator(sel('move-send')).click();
  await card.locator('.el-form-item.is-error').waitFor();
  await card.locator(sel('move-reason')).fill('临时出差，改日再约');
  await card.locator(sel('move-send')).click();
  await page.locator('.visit', { hasText: GUEST }).locator('.el-tag', { hasText: '已取消' }).waitFor();
  const cancelled = (await admin('GET', `/visits/${booked.id}`)).body;
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.cancel_reason, '临时出差，改日再约');
  expectCleanConsole(page, { allowStatuses: [400] });
});
