// Sign-in, languages and the permission-driven menu, as a user sees them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, ADMIN_USER, ADMIN_PASSWORD, launch, newPage, expectCleanConsole, shot, sel, fillIn, login,
} from './lib/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a wrong password shows the localised error; the right one lands on Home', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/`);
  await page.waitForSelector(sel('login-submit')); // signed out: the guard sends us to /login
  assert.match(page.url(), /\/login/);
  assert.equal(await page.locator(sel('login-title')).innerText(), '登录迎宾');

  await fillIn(page, 'login-username', ADMIN_USER);
  await fillIn(page, 'login-password', 'definitely-wrong');
  await page.click(sel('login-submit'));
  const err = page.locator(sel('login-error'));
  await err.waitFor();
  assert.match(await err.innerText(), /用户名或密码错误/);
  await shot(page, 'login-error-1920');

  await fillIn(page, 'login-password', ADMIN_PASSWORD);
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('home-welcome'));
  const welcome = await page.locator(sel('home-welcome')).innerText();
  assert.ok(welcome.startsWith('欢迎'), welcome);
  const shown = (await page.locator(sel('header-user')).innerText()).trim();
  assert.ok(shown.length > 0 && welcome.includes(shown), `${welcome} / ${shown}`);
  assert.match(await page.locator(sel('home-roles')).innerText(), /系统管理员/);
  await shot(page, 'home-1920');
  expectCleanConsole(page, { allowStatuses: [401] });
  await page.context().close();
});

test('the English sign-in page shows the English error', async () => {
  const page = await newPage(browser, { lang: 'en' });
  await page.goto(`${BASE}/login`);
  assert.equal(await page.locator(sel('login-title')).innerText(), 'Sign in to Yingbin');
  await fillIn(page, 'login-username', ADMIN_USER);
  await fillIn(page, 'login-password', 'still-wrong');
  await page.click(sel('login-submit'));
  await page.locator(sel('login-error')).waitFor();
  assert.match(await page.locator(sel('login-error')).innerText(), /wrong username or password/i);
  // A good sign-in afterwards resets the failure count for the other tests.
  await fillIn(page, 'login-password', ADMIN_PASSWORD);
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('home-welcome'));
  assert.match(await page.locator(sel('home-welcome')).innerText(), /^Welcome, /);
  expectCleanConsole(page, { allowStatuses: [401] });
  await page.context().close();
});

// Opens the language menu and picks `code`. The menu of the last switch fades out for a
// moment; a click on the switch then would find that closing menu instead of a new one.
// A click that lands while the menu is still opening is lost now and then on a loaded
// machine (seen once in the CI); the choice is tried again, and must then take.
async function switchLanguage(page, code) {
  for (let attempt = 1; ; attempt++) {
    await page.locator('.el-dropdown__popper:visible').waitFor({ state: 'detached' });
    await page.click(sel('lang-switch'));
    await page.locator(`${sel(`lang-${code}`)}:visible`).click();
    try {
      await page.waitForFunction((c) => document.documentElement.lang === c, code, { timeout: 3000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

test('switching language changes the menu and sticks after a reload', async () => {
  const page = await newPage(browser);
  await login(page);
  const menu = page.locator(sel('side-menu'));
  assert.match(await menu.innerText(), /部门/);
  assert.match(await menu.innerText(), /系统管理/);

  await switchLanguage(page, 'en');
  await page.waitForFunction(() => document.querySelector('[data-test="side-menu"]').innerText.includes('Departments'));
  assert.match(await menu.innerText(), /Administration/);
  assert.match(await page.locator(sel('home-welcome')).innerText(), /^Welcome/);
  await shot(page, 'home-en-1920');

  await switchLanguage(page, 'zh-TW');
  await page.waitForFunction(() => document.querySelector('[data-test="side-menu"]').innerText.includes('部門'));
  assert.match(await menu.innerText(), /系統管理/);
  assert.match(await menu.innerText(), /稽核紀錄/);

  await page.reload();
  await page.waitForSelector(sel('side-menu'));
  assert.match(await page.locator(sel('side-menu')).innerText(), /部門/);
  await shot(page, 'home-zh-TW-1920');

  // Element Plus follows too: the pagination on a list page speaks Traditional Chinese.
  await page.click(sel('menu-staff'));
  await page.waitForSelector(`${sel('staff-table')}`);
  assert.match(await page.locator('.el-pagination').innerText(), /共/);
  await switchLanguage(page, 'en');
  await page.waitForFunction(() => document.querySelector('.el-pagination').innerText.includes('Total'));
  expectCleanConsole(page);
  await page.context().close();
});
