// Users and roles: a front-desk clerk created through the UI sees no Admin menu, and
// changes their own password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, newPage, expectCleanConsole, shot, sel, fillIn, login, logout, gotoMenu, dialog, RUN,
} from './lib/browser.mjs';

let browser;
const USER = `desk${RUN}`;
const NAME = `李前台${RUN}`;
const FIRST_PW = 'Desk-first-1';
const NEW_PW = 'Desk-second-2';

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an administrator creates a front-desk user with the front_desk role', async () => {
  const page = await newPage(browser);
  await login(page);
  await gotoMenu(page, 'roles');
  await page.locator(`${sel('roles-table')} .el-table__body tr`, { hasText: '前台' }).first().waitFor();
  await shot(page, 'roles-1920');

  await gotoMenu(page, 'users');
  await page.click(sel('user-create'));
  const dlg = dialog(page, 'user-dialog');
  await dlg.waitFor();
  await fillIn(page, 'user-username', USER);
  await fillIn(page, 'user-display-name', NAME);
  await fillIn(page, 'user-password', FIRST_PW);
  await page.locator(sel('user-role-front_desk')).click();
  await shot(page, 'user-dialog-1920');
  await page.click(sel('user-save'));
  await dlg.waitFor({ state: 'hidden' });
  const row = page.locator(`${sel('users-table')} .el-table__body tr`, { hasText: USER }).first();
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(NAME));
  assert.match(await row.innerText(), /前台/);
  await shot(page, 'users-1920');

  await gotoMenu(page, 'tokens');
  await page.click(sel('token-create'));
  await dialog(page, 'token-dialog').waitFor();
  await fillIn(page, 'token-name', `门禁对接${RUN}`);
  await page.locator(sel('token-scope-org.read')).click();
  await page.click(sel('token-save'));
  const secret = page.locator(`input${sel('token-secret')}, ${sel('token-secret')} input`).first();
  await secret.waitFor();
  assert.match(await secret.inputValue(), /^ybt_/);
  await shot(page, 'token-secret-1920');
  await page.click(sel('token-secret-close'));
  await page.locator(`${sel('tokens-table')} .el-table__body tr`, { hasText: `门禁对接${RUN}` }).first().waitFor();
  expectCleanConsole(page);
  await page.context().close();
});

test('the front-desk user sees no Admin menu and cannot open admin pages', async () => {
  const page = await newPage(browser);
  await login(page, USER, FIRST_PW);
  assert.match(await page.locator(sel('home-welcome')).innerText(), new RegExp(NAME));
  const menu = await page.locator(sel('side-menu')).innerText();
  assert.match(menu, /组织机构/);
  assert.doesNotMatch(menu, /系统管理/);
  assert.equal(await page.locator(sel('menu-group-admin')).count(), 0);
  assert.equal(await page.locator(sel('home-card-users')).count(), 0);
  await shot(page, 'home-front-desk-1920');
  await page.goto(`${BASE}/admin/users`);
  await page.waitForSelector(sel('error-forbidden'));
  expectCleanConsole(page);
  await page.context().close();
});

test('the user changes their password; the old one stops working', async () => {
  const page = await newPage(browser);
  await login(page, USER, FIRST_PW);
  await gotoMenu(page, 'account');
  await page.locator(`${sel('sessions-table')} ${sel('session-current')}`).waitFor();

  // Confirmation mismatch is caught on the page.
  await fillIn(page, 'pw-old', FIRST_PW);
  await fillIn(page, 'pw-new', NEW_PW);
  await fillIn(page, 'pw-confirm', `${NEW_PW}x`);
  await page.click(sel('pw-submit'));
  await page.getByText('两次输入的新密码不一致').waitFor();

  // A wrong current password comes back from the server, shown on the form.
  await fillIn(page, 'pw-old', 'not-my-password');
  await fillIn(page, 'pw-confirm', NEW_PW);
  await page.click(sel('pw-submit'));
  await page.locator('.el-form-item.is-error, [data-test=password-error]').first().waitFor();
  await shot(page, 'account-error-1920');

  await fillIn(page, 'pw-old', FIRST_PW);
  await fillIn(page, 'pw-new', NEW_PW);
  await fillIn(page, 'pw-confirm', NEW_PW);
  await page.click(sel('pw-submit'));
  await page.locator('.yb-msg-pw').waitFor();
  await shot(page, 'account-1920');
  await logout(page);

  await fillIn(page, 'login-username', USER);
  await fillIn(page, 'login-password', FIRST_PW);
  await page.click(sel('login-submit'));
  await page.locator(sel('login-error')).waitFor();
  await fillIn(page, 'login-password', NEW_PW);
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('home-welcome'));
  expectCleanConsole(page, { allowStatuses: [400, 401, 403] });
  await page.context().close();
});

test('too many wrong passwords lock the account; an administrator unlocks it', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/login`);
  await fillIn(page, 'login-username', USER);
  let locked = false;
  for (let i = 0; i < 8 && !locked; i++) {
    await fillIn(page, 'login-password', `wrong-${i}`);
    await page.click(sel('login-submit'));
    await page.locator(sel('login-error')).waitFor();
    await page.waitForLoadState('networkidle');
    locked = await page.locator(sel('login-locked')).isVisible();
  }
  assert.ok(locked, 'no account-locked message after repeated failures');
  assert.match(await page.locator(sel('login-locked')).innerText(), /锁定/);
  await shot(page, 'login-locked-1920');

  const admin = await newPage(browser);
  await login(admin);
  await gotoMenu(admin, 'users');
  const row = admin.locator(`${sel('users-table')} .el-table__body tr`, { hasText: USER }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /已锁定/);
  await admin.locator(sel(`user-unlock-${USER}`)).filter({ visible: true }).first().click();
  await admin.locator('.el-message--success').first().waitFor();
  await admin.waitForFunction((u) => ![...document.querySelectorAll('[data-test="users-table"] .el-table__body tr')]
    .some((tr) => tr.innerText.includes(u) && tr.innerText.includes('已锁定')), USER);
  expectCleanConsole(admin);
  await admin.context().close();

  await fillIn(page, 'login-password', NEW_PW);
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('home-welcome'));
  expectCleanConsole(page, { allowStatuses: [401, 423] });
  await page.context().close();
});
