// DATA-5 in the browser: an administrator asks to shorten the retention period; it does
// not change until a second administrator approves it on their own screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, expectCleanConsole, shot, sel, login, gotoMenu, RUN, ADMIN_USER, ADMIN_PASSWORD, DESK,
} from './lib/browser.mjs';
import { apiSession, userWithRole, USER_PASSWORD } from './lib/setup.mjs';

const SECOND = `admin2${RUN}`;
const KEY = 'visits.retention_days';

let browser;
let first;
let second;
let admin;
before(async () => {
  admin = await apiSession(ADMIN_USER, ADMIN_PASSWORD);
  await userWithRole(admin, SECOND, 'sysadmin');
  browser = await launch();
  first = await newPage(browser, { viewport: DESK });
  second = await newPage(browser, { viewport: DESK });
});
after(async () => { await browser?.close(); });

const current = async () => (await admin('GET', '/settings')).body.items.find((s) => s.key === KEY).value;

test('the retention period changes only when a second administrator approves', async () => {
  const before = await current();
  const wanted = before === 90 ? 120 : 90;
  await login(first);
  await gotoMenu(first, 'settings');
  const row = first.locator(sel(`setting-${KEY}`));
  assert.match(await row.innerText(), /需两位管理员/);
  const input = first.locator(`${sel(`setting-input-${KEY}`)} input`);
  await input.fill(String(wanted));
  await input.press('Tab');
  await first.locator(sel(`setting-reason-${KEY}`)).fill('档案制度修订');
  await first.click(sel(`setting-save-${KEY}`));
  await first.locator('.el-message', { hasText: '须由另一位管理员审批' }).waitFor();
  const pending = first.locator(sel('approvals')).locator('[data-test^="approval-"]', { hasText: '访客资料保留天数' }).first();
  await pending.waitFor();
  assert.match(await pending.innerText(), /您提交的申请/);
  assert.equal(await pending.locator(sel('approval-approve')).count(), 0, 'no approve button on one\'s own request');
  assert.equal(await current(), before, 'not applied yet');
  await shot(first, 'approvals-pending-1920');

  await login(second, SECOND, USER_PASSWORD);
  await gotoMenu(second, 'settings');
  const theirs = second.locator(sel('approvals')).locator('[data-test^="approval-"]', { hasText: '档案制度修订' }).first();
  await theirs.locator(sel('approval-approve')).click();
  await second.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '确定' }).click();
  await second.locator('.el-message', { hasText: '已批准并生效' }).waitFor();
  assert.equal(await current(), wanted);
  await second.locator(`${sel(`setting-input-${KEY}`)} input`).and(second.locator(`[aria-valuenow="${wanted}"]`)).waitFor();
  expectCleanConsole(first);
  expectCleanConsole(second);
});

test('DATA-5: the settings page lists each part of the personal data with its period and what has expired', async () => {
  await first.reload();  // the period approved in the test before is read afresh
  const parts = first.locator(sel('retention-parts'));
  await parts.waitFor();
  const text = await parts.innerText();
  for (const label of ['来访记录', '访客', '已投递消息', '站内通知']) assert.ok(text.includes(label), `${label} in ${text}`);
  const days = await current();
  assert.ok(text.includes(`${days} 天`), `each part shows its retention period (${days}): ${text}`);
  assert.match(await first.locator(sel('retention-counts')).innerText(), /没有到期资料|共 \d+ 条到期资料/);
  await first.locator(sel('retention')).scrollIntoViewIfNeeded();
  await shot(first, 'retention-parts-1920');
  expectCleanConsole(first);
});
