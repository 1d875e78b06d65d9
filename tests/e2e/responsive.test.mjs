// Layout on a phone (390×844), a tablet (1024×768) and a desk monitor (1920×1080):
// the menu folds into a drawer on narrow screens and no page scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, newPage, expectCleanConsole, shot, sel, login, noHorizontalOverflow, PHONE, TABLET, DESK,
} from './lib/browser.mjs';

const PAGES = ['/', '/account', '/org/sites', '/org/departments', '/org/staff', '/org/venues',
  '/admin/users', '/admin/roles', '/admin/tokens', '/admin/audit'];
const slug = (p) => (p === '/' ? 'home' : p.slice(1).replace(/\//g, '-'));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('phone: menu button opens the drawer; no page overflows sideways', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(`${BASE}/login`);
  await page.waitForSelector(sel('login-submit'));
  assert.ok(await noHorizontalOverflow(page), 'login page overflows');
  await shot(page, 'login-390');
  await login(page);
  assert.ok(await page.locator(sel('menu-button')).isVisible());
  assert.equal(await page.locator(`${sel('side-menu')}:visible`).count(), 0);
  await page.click(sel('menu-button'));
  await page.locator(`${sel('menu-departments')}:visible`).waitFor();
  await shot(page, 'menu-drawer-390');
  await page.locator(`${sel('menu-departments')}:visible`).click();
  await page.waitForSelector(sel('page-title'));
  assert.equal(await page.locator(sel('page-title')).innerText(), '部门');

  for (const p of PAGES) {
    await page.goto(`${BASE}${p}`);
    await page.waitForSelector(p === '/' ? sel('home-welcome') : sel('page-title'));
    await page.waitForLoadState('networkidle');
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(sw <= iw, `${p}: scrollWidth ${sw} > innerWidth ${iw}`);
    await shot(page, `${slug(p)}-390`);
  }
  expectCleanConsole(page);
  await page.context().close();
});

for (const [label, viewport] of [['1024', TABLET], ['1920', DESK]]) {
  test(`${label}: side menu shown, no overflow, screenshots`, async () => {
    const page = await newPage(browser, { viewport });
    await login(page);
    assert.ok(await page.locator(sel('side-menu')).isVisible());
    assert.equal(await page.locator(`${sel('menu-button')}:visible`).count(), 0);
    for (const p of PAGES) {
      await page.goto(`${BASE}${p}`);
      await page.waitForSelector(p === '/' ? sel('home-welcome') : sel('page-title'));
      await page.waitForLoadState('networkidle');
      assert.ok(await noHorizontalOverflow(page), `${p} overflows at ${label}`);
      await shot(page, `${slug(p)}-${label}-all`);
    }
    expectCleanConsole(page);
    await page.context().close();
  });
}
