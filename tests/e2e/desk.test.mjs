// The front desk and the host (issue 3): a clerk registers a walk-in through the greeting
// questions (VIS-2) and sees the host's answer arrive without reloading; the host answers
// from a phone-sized screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, fillIn, login, gotoMenu, RUN,
  ADMIN_USER, ADMIN_PASSWORD, DESK, PHONE,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD as PW } from './lib/setup.mjs';

const HOST = `host${RUN}`;
const CLERK = `desk${RUN}`;
const HOST_NAME = `蒋文${RUN}`;
const VISITOR = `访客${RUN}`;

let browser;
let desk;
let phone;
before(async () => {
  const admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  const hostUser = await userWithRole(admin, HOST, 'host');
  await userWithRole(admin, CLERK, 'front_desk');
  const staff = await admin('POST', '/staff', { name: HOST_NAME, user_id: hostUser.id });
  assert.equal(staff.status, 201, JSON.stringify(staff.body));
  browser = await launch();
  desk = await newPage(browser, { viewport: DESK });
  phone = await newPage(browser, { viewport: PHONE });
});
after(async () => { await browser?.close(); });

test('a clerk registers a walk-in; the host answers from a phone; the desk sees it without reloading', async () => {
  await login(desk, CLERK, PW);
  await gotoMenu(desk, 'desk');

  // A missing name is named on its field.
  await desk.click(sel('desk-register'));
  await desk.locator('.el-form-item.is-error').first().waitFor();
  assert.match(await desk.locator('.el-form-item.is-error').first().innerText(), /姓名/);

  // The greeting: whom (by name), which company, the name, no appointment.
  await desk.locator(`${sel('desk-host')} input`).fill(HOST_NAME);
  await desk.locator('.el-select-dropdown__item:visible', { hasText: HOST_NAME }).first().click();
  await fillIn(desk, 'desk-company', '华为技术有限公司');
  await fillIn(desk, 'desk-name', VISITOR);
  await fillIn(desk, 'desk-purpose', '洽谈合作');
  await desk.click(sel('desk-register'));
  const next = desk.locator(sel('desk-next-step'));
  await next.waitFor();
  assert.match(await next.innerText(), /其他来访者/, 'VIS-10: the next step is shown');
  const row = desk.locator(`${sel('desk-queue')} .el-table__body tr`, { hasText: VISITOR });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(HOST_NAME));
  assert.match(await row.innerText(), /等待回复/);
  await shot(desk, 'desk-1920');

  await login(phone, HOST, PW);
  await gotoMenu(phone, 'host');
  const card = phone.locator('.visit', { hasText: VISITOR });
  await card.waitFor();
  await card.locator(sel('host-wait')).click();
  await card.locator(sel('host-minutes')).getByText('10 分钟').click();
  await shot(phone, 'host-390');
  await card.locator(sel('host-send')).click();
  await phone.getByText('已通知前台').waitFor();

  // The desk page was not reloaded: the answer arrives over the live stream.
  await row.locator(sel('desk-answer'), { hasText: '10' }).waitFor({ timeout: 5000 });
  assert.match(await row.innerText(), /请稍候 10 分钟/);

  await row.getByRole('button', { name: '引领' }).click();
  await row.waitFor({ state: 'detached' });
  await desk.getByRole('tab', { name: /在场/ }).click();
  const onsite = desk.locator(`${sel('desk-onsite')} .el-table__body tr`, { hasText: VISITOR });
  await onsite.waitFor();
  await shot(desk, 'desk-onsite-1920');
  expectCleanConsole(desk, { allowStatuses: [400] });
  expectCleanConsole(phone);
});
